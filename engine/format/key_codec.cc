#include "engine/format/key_codec.h"

#include <xxhash.h>

#include <cassert>
#include <string>
#include <string_view>
#include <utility>

#include "engine/format/number.h"

namespace dynarock {
namespace {

// S and B components (grammar in key_codec.h):
//   component := escaped(bytes) 0x00 0x01
//   escaped   maps 0x00 to 0x00 0xFF and every other byte to itself
// Ends sort first: the terminator's 0x01 is below the escape's 0xFF, and
// 0x00 itself is below every other byte, so "a" < "a\0" < "a\1" < "ab".
constexpr char kZero = '\x00';
constexpr char kEscapedZero = '\xFF';
constexpr char kTerminator = '\x01';

void AppendEscaped(std::string_view bytes, std::string* out) {
  size_t start = 0;
  while (true) {
    const size_t zero = bytes.find(kZero, start);
    if (zero == std::string_view::npos) {
      out->append(bytes.substr(start));
      break;
    }
    out->append(bytes.substr(start, zero - start + 1));
    out->push_back(kEscapedZero);
    start = zero + 1;
  }
  out->push_back(kZero);
  out->push_back(kTerminator);
}

// Reads one escaped, terminated component. Leaves *in unchanged on failure.
bool ReadEscaped(std::string_view* in, std::string* out) {
  std::string bytes;
  size_t pos = 0;
  while (true) {
    const size_t zero = in->find(kZero, pos);
    if (zero == std::string_view::npos || zero + 1 >= in->size()) return false;
    bytes.append(in->substr(pos, zero - pos));
    const char next = (*in)[zero + 1];
    if (next == kTerminator) {
      in->remove_prefix(zero + 2);
      *out = std::move(bytes);
      return true;
    }
    if (next != kEscapedZero) return false;
    bytes.push_back(kZero);
    pos = zero + 2;
  }
}

}  // namespace

void AppendKeyComponent(const AttributeValue& v, std::string* out) {
  AppendKeyComponent(v.type(), v.scalar(), out);
}

void AppendKeyComponent(ValueType type, std::string_view scalar,
                        std::string* out) {
  switch (type) {
    case ValueType::kS:
    case ValueType::kB:
      AppendEscaped(scalar, out);
      return;
    case ValueType::kN: {
      Result<Decimal> d = Decimal::Parse(scalar);
      // Callers validate key numbers first. Should one slip through, encode
      // zero rather than nothing, so that the key stays well-formed.
      assert(d.ok());
      if (d.ok()) {
        d->AppendKeyEncoding(out);
      } else {
        Decimal().AppendKeyEncoding(out);
      }
      return;
    }
    default:
      assert(false && "key components are S, N or B");
      return;
  }
}

bool ReadKeyComponent(ValueType type, std::string_view* in,
                      AttributeValue* out) {
  switch (type) {
    case ValueType::kS:
    case ValueType::kB: {
      std::string bytes;
      if (!ReadEscaped(in, &bytes)) return false;
      *out = type == ValueType::kS ? AttributeValue::S(std::move(bytes))
                                   : AttributeValue::B(std::move(bytes));
      return true;
    }
    case ValueType::kN: {
      Decimal d;
      if (!Decimal::ReadKeyEncoding(in, &d)) return false;
      *out = AttributeValue::N(d.ToString());
      return true;
    }
    default:
      return false;
  }
}

uint64_t PartitionHash(std::string_view encoded_partition_key) {
  return XXH64(encoded_partition_key.data(), encoded_partition_key.size(),
               /*seed=*/0);
}

void AppendBigEndian64(uint64_t v, std::string* out) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xFF);
    v >>= 8;
  }
  out->append(buf, sizeof(buf));
}

uint64_t ReadBigEndian64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) {
    v = (v << 8) | static_cast<uint8_t>(p[i]);
  }
  return v;
}

}  // namespace dynarock
