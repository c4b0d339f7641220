#include "wire/item_json.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine/attribute_value.h"
#include "engine/format/base64.h"
#include "engine/format/item_codec.h"

namespace dynarock {
namespace {

// As the codec's decoder: M and L nested deeper than this are refused
// (engine/format/item_codec.cc explains the bound).
constexpr int kMaxDepth = 64;

// The rendering of one item. Output goes through a raw pointer into *out,
// grown ahead of each write by the most that write can add, so that the
// per-byte work has no bounds checks of its own. The write pointer is
// passed along and returned (null on malformed input) rather than kept in
// a member: a member would be reloaded after every byte stored, since a
// char store may alias anything.
class Renderer {
 public:
  Renderer(std::string_view in, std::string* out)
      : p_(reinterpret_cast<const uint8_t*>(in.data())),
        end_(p_ + in.size()),
        out_(out),
        start_(out->size()) {}

  bool Item(size_t* size) {
    *size = 0;
    out_->resize(start_ + 2 * static_cast<size_t>(end_ - p_) + 64);
    limit_ = out_->data() + out_->size();
    char* w = Members(out_->data() + start_, 1, 0, size);
    if (w && p_ != end_) w = nullptr;  // bytes after the item
    out_->resize(w ? static_cast<size_t>(w - out_->data()) : start_);
    return w != nullptr;
  }

 private:
  // Room for n more bytes of output at w; returns where w is now.
  char* Reserve(char* w, size_t n) {
    if (static_cast<size_t>(limit_ - w) >= n) return w;
    const size_t at = static_cast<size_t>(w - out_->data());
    out_->resize(std::max(out_->size() * 2, at + n));
    limit_ = out_->data() + out_->size();
    return out_->data() + at;
  }

  static std::string_view Text(const uint8_t* s, size_t n) {
    return {reinterpret_cast<const char*>(s), n};
  }

  template <size_t N>
  static char* Put(char* w, const char (&s)[N]) {
    std::memcpy(w, s, N - 1);
    return w + N - 1;
  }

  // A minimal LEB128 varint, as the codec writes it.
  bool Varint(uint64_t* v) {
    const uint8_t* p = p_;
    if (p < end_ && *p < 0x80) {
      *v = *p;
      p_ = p + 1;
      return true;
    }
    uint64_t result = 0;
    for (int i = 0; i < 10 && p + i < end_; ++i) {
      const uint8_t byte = p[i];
      if (i == 9 && byte > 1) return false;
      result |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
      if ((byte & 0x80) == 0) {
        if (byte == 0) return false;
        p_ = p + i + 1;
        *v = result;
        return true;
      }
    }
    return false;
  }

  bool Bytes(const uint8_t** s, size_t* n) {
    uint64_t len;
    if (!Varint(&len) || len > static_cast<uint64_t>(end_ - p_)) return false;
    *s = p_;
    *n = static_cast<size_t>(len);
    p_ += len;
    return true;
  }

  // A count of entries of at least min_bytes each (a forged count cannot
  // claim more entries than the bytes left could hold).
  bool Count(size_t min_bytes, size_t* count) {
    uint64_t c;
    if (!Varint(&c) || c > static_cast<uint64_t>(end_ - p_) / min_bytes)
      return false;
    *count = static_cast<size_t>(c);
    return true;
  }

  // `"text"`, escaped as JSON requires. Room reserved by the caller: six
  // bytes per input byte plus 18 (the quotes, and the 16 a block store may
  // write past the text).
  char* Quoted(char* w, const uint8_t* s, size_t n) const {
    *w++ = '"';
    size_t i = 0;
#if defined(__SSE2__)
    // Sixteen bytes at a time while the load stays inside the encoded item
    // (bytes past the text but inside the item are read and ignored):
    // copy them, then find the first byte that needs escaping, if any.
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i control = _mm_set1_epi8(0x1f);
    const uint8_t* const end = end_;
    while (i < n && s + i + 16 <= end) {
      const __m128i v =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(w), v);
      const __m128i special = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
          _mm_cmpeq_epi8(_mm_min_epu8(v, control), v));  // v <= 0x1f
      unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(special));
      const size_t take = n - i < 16 ? n - i : 16;
      if (take < 16) mask &= (1u << take) - 1;
      if (mask == 0) {
        w += take;
        i += take;
        continue;
      }
      const unsigned plain = static_cast<unsigned>(__builtin_ctz(mask));
      w = Escape(w + plain, s[i + plain]);
      i += plain + 1;
    }
#endif
    for (; i < n; ++i) {
      const uint8_t c = s[i];
      if (c < 0x20 || c == '"' || c == '\\')
        w = Escape(w, c);
      else
        *w++ = static_cast<char>(c);
    }
    *w++ = '"';
    return w;
  }

  static char* Escape(char* w, uint8_t c) {
    static const char kHex[] = "0123456789abcdef";
    *w++ = '\\';
    switch (c) {
      case '"':
        *w++ = '"';
        break;
      case '\\':
        *w++ = '\\';
        break;
      case '\n':
        *w++ = 'n';
        break;
      case '\r':
        *w++ = 'r';
        break;
      case '\t':
        *w++ = 't';
        break;
      case '\b':
        *w++ = 'b';
        break;
      case '\f':
        *w++ = 'f';
        break;
      default:
        w = Put(w, "u00");
        *w++ = kHex[c >> 4];
        *w++ = kHex[c & 15];
    }
    return w;
  }

  // `"base64"`; base64 needs no escaping.
  char* Base64(char* w, const uint8_t* s, size_t n) {
    out_->resize(static_cast<size_t>(w - out_->data()));
    out_->push_back('"');
    AppendBase64(Text(s, n), out_);
    out_->push_back('"');
    limit_ = out_->data() + out_->size();
    return limit_;
  }

  // `count (name value)*`: the item (depth 1) and M values one level down.
  // Adds each member's name length, plus per_member, and its value's size
  // to *size.
  char* Members(char* w, int depth, size_t per_member, size_t* size) {
    size_t count;
    if (!Count(2, &count)) return nullptr;  // a name length and a type byte
    w = Reserve(w, 2);
    *w++ = '{';
    const uint8_t* previous = nullptr;
    size_t previous_n = 0;
    for (size_t i = 0; i < count; ++i) {
      const uint8_t* name;
      size_t n;
      if (!Bytes(&name, &n)) return nullptr;
      if (i > 0 && !Precedes(previous, previous_n, name, n)) return nullptr;
      previous = name;
      previous_n = n;
      *size += per_member + n;
      w = Reserve(w, 6 * n + 20);
      if (i > 0) *w++ = ',';
      w = Quoted(w, name, n);
      *w++ = ':';
      w = Value(w, depth, size);
      if (!w) return nullptr;
    }
    w = Reserve(w, 1);
    *w++ = '}';
    return w;
  }

  // a < b, byte-wise (names are short: an inline loop beats memcmp).
  static bool Precedes(const uint8_t* a, size_t an, const uint8_t* b,
                       size_t bn) {
    const size_t n = an < bn ? an : bn;
    for (size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return a[i] < b[i];
    }
    return an < bn;
  }

  char* Value(char* w, int depth, size_t* size) {
    if (p_ == end_) return nullptr;
    const auto type = static_cast<ValueType>(*p_++);
    const uint8_t* s;
    size_t n;
    switch (type) {
      case ValueType::kS:
      case ValueType::kN:
        if (!Bytes(&s, &n)) return nullptr;
        *size += type == ValueType::kS ? n : NumberSize(Text(s, n));
        w = Reserve(w, 6 * n + 26);
        w = Put(w, type == ValueType::kS ? "{\"S\":" : "{\"N\":");
        w = Quoted(w, s, n);
        *w++ = '}';
        return w;
      case ValueType::kB:
        if (!Bytes(&s, &n)) return nullptr;
        *size += n;
        w = Reserve(w, 6);
        w = Base64(Put(w, "{\"B\":"), s, n);
        w = Reserve(w, 1);
        *w++ = '}';
        return w;
      case ValueType::kBool:
        if (p_ == end_ || *p_ > 1) return nullptr;
        *size += 1;
        w = Reserve(w, 16);
        return *p_++ ? Put(w, "{\"BOOL\":true}") : Put(w, "{\"BOOL\":false}");
      case ValueType::kNull:
        *size += 1;
        w = Reserve(w, 16);
        return Put(w, "{\"NULL\":true}");
      case ValueType::kM:
        if (depth > kMaxDepth) return nullptr;
        *size += 3;
        w = Reserve(w, 5);
        w = Members(Put(w, "{\"M\":"), depth + 1, 1, size);
        if (!w) return nullptr;
        w = Reserve(w, 1);
        *w++ = '}';
        return w;
      case ValueType::kL: {
        if (depth > kMaxDepth) return nullptr;
        size_t count;
        if (!Count(1, &count)) return nullptr;  // a value is at least 1 byte
        *size += 3 + count;
        w = Reserve(w, 6);
        w = Put(w, "{\"L\":[");
        for (size_t i = 0; i < count; ++i) {
          if (i > 0) {
            w = Reserve(w, 1);
            *w++ = ',';
          }
          w = Value(w, depth + 1, size);
          if (!w) return nullptr;
        }
        w = Reserve(w, 2);
        return Put(w, "]}");
      }
      case ValueType::kSS:
      case ValueType::kNS:
      case ValueType::kBS: {
        size_t count;
        if (!Count(1, &count)) return nullptr;  // a member is at least 1 byte
        w = Reserve(w, 7);
        w = Put(w, type == ValueType::kSS   ? "{\"SS\":["
                   : type == ValueType::kNS ? "{\"NS\":["
                                            : "{\"BS\":[");
        for (size_t i = 0; i < count; ++i) {
          if (!Bytes(&s, &n)) return nullptr;
          *size += type == ValueType::kNS ? NumberSize(Text(s, n)) : n;
          w = Reserve(w, 6 * n + 20);
          if (i > 0) *w++ = ',';
          w = type == ValueType::kBS ? Base64(w, s, n) : Quoted(w, s, n);
        }
        w = Reserve(w, 2);
        return Put(w, "]}");
      }
    }
    return nullptr;  // unknown type byte
  }

  const uint8_t* p_;
  const uint8_t* const end_;
  std::string* const out_;
  const size_t start_;
  char* limit_ = nullptr;
};

}  // namespace

bool RenderEncodedItem(std::string_view encoded, std::string* out,
                       size_t* size) {
  return Renderer(encoded, out).Item(size);
}

}  // namespace dynarock
