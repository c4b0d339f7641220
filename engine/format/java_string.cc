#include "engine/format/java_string.h"

#include <algorithm>
#include <utility>

namespace dynarock {
size_t Utf8SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

int32_t JavaStringHash(std::string_view s) {
  uint32_t h = 0;
  auto add = [&h](uint32_t unit) { h = h * 31 + unit; };
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = Utf8SequenceLength(c);
    if (i + len > s.size()) len = s.size() - i;
    uint32_t cp = c;
    if (len == 2) {
      cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
    } else if (len == 3) {
      cp = ((c & 0x0F) << 12) |
           ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3F);
    } else if (len == 4) {
      cp = ((c & 0x07) << 18) |
           ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 12) |
           ((static_cast<unsigned char>(s[i + 2]) & 0x3F) << 6) |
           (static_cast<unsigned char>(s[i + 3]) & 0x3F);
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      add(0xD800 + (cp >> 10));
      add(0xDC00 + (cp & 0x3FF));
    } else {
      add(cp);
    }
    i += len;
  }
  return static_cast<int32_t>(h);
}

size_t JavaHashMapCapacity(size_t n) {
  size_t capacity = 16;
  while (n > capacity * 3 / 4) capacity *= 2;
  return capacity;
}

size_t JavaHashSetCapacity(size_t n) {
  // new HashMap<>(Math.max((int) (c.size() / .75f) + 1, 16)), rounded up to
  // a power of two.
  const size_t wanted = static_cast<size_t>(static_cast<float>(n) / 0.75f) + 1;
  size_t capacity = 1;
  while (capacity < std::max<size_t>(wanted, 16)) capacity *= 2;
  return capacity;
}

std::vector<size_t> JavaHashOrder(const std::vector<std::string_view>& keys,
                                  size_t capacity) {
  std::vector<int32_t> hash_codes;
  hash_codes.reserve(keys.size());
  for (std::string_view k : keys) hash_codes.push_back(JavaStringHash(k));
  return JavaHashOrder(hash_codes, capacity);
}

std::vector<size_t> JavaHashOrder(const std::vector<int32_t>& hash_codes,
                                  size_t capacity) {
  std::vector<std::pair<uint32_t, size_t>> order;
  order.reserve(hash_codes.size());
  for (size_t i = 0; i < hash_codes.size(); ++i) {
    uint32_t h = static_cast<uint32_t>(hash_codes[i]);
    h ^= h >> 16;  // HashMap.hash()
    order.emplace_back(h & static_cast<uint32_t>(capacity - 1), i);
  }
  std::stable_sort(
      order.begin(), order.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<size_t> out;
  out.reserve(order.size());
  for (const auto& [bucket, i] : order) out.push_back(i);
  return out;
}

}  // namespace dynarock
