#include "engine/format/item_codec.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "engine/format/number.h"
#include "engine/status.h"

namespace dynarock {
namespace {

// DynamoDB "supports nested attributes up to 32 levels deep" (Developer
// Guide, "Constraints", Attributes). Dynoxide's tests/nesting_depth.rs,
// measured against the service, counts the top-level attribute as level 1
// and the scalar leaf as a level too: 31 map wraps around a scalar pass, 32
// fail. The validator enforces that; the decoder only refuses M and L
// nested more than 64 deep, twice the service's limit, so that stored data
// never fails on an off-by-one while a hostile value cannot exhaust the
// stack.
constexpr int kMaxDecodeDepth = 64;

// ---------------------------------------------------------------------------
// Encoding. EncodedLength() mirrors the writers exactly, so one reserve()
// makes the whole item a single allocation.

size_t VarintLength(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

void PutVarint(uint64_t v, std::string* out) {
  if (v < 0x80) {
    out->push_back(static_cast<char>(v));
    return;
  }
  char buf[10];
  size_t n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  out->append(buf, n);
}

size_t BytesLength(std::string_view s) {
  return VarintLength(s.size()) + s.size();
}

void PutBytes(std::string_view s, std::string* out) {
  PutVarint(s.size(), out);
  out->append(s.data(), s.size());
}

size_t EncodedLength(const AttributeValue& v) {
  size_t n = 1;  // type byte
  switch (v.type()) {
    case ValueType::kS:
    case ValueType::kN:
    case ValueType::kB:
      return n + BytesLength(v.scalar());
    case ValueType::kBool:
      return n + 1;
    case ValueType::kNull:
      return n;
    case ValueType::kM:
      n += VarintLength(v.map().size());
      for (const auto& [name, member] : v.map()) {
        n += BytesLength(name) + EncodedLength(member);
      }
      return n;
    case ValueType::kL:
      n += VarintLength(v.list().size());
      for (const AttributeValue& element : v.list())
        n += EncodedLength(element);
      return n;
    case ValueType::kSS:
    case ValueType::kNS:
    case ValueType::kBS:
      n += VarintLength(v.set().size());
      for (const std::string& member : v.set()) n += BytesLength(member);
      return n;
  }
  return n;
}

size_t EncodedLength(const Item& item) {
  size_t n = VarintLength(item.size());
  for (const auto& [name, value] : item) {
    n += BytesLength(name) + EncodedLength(value);
  }
  return n;
}

void AppendValue(const AttributeValue& v, std::string* out) {
  out->push_back(static_cast<char>(v.type()));
  switch (v.type()) {
    case ValueType::kS:
    case ValueType::kN:
    case ValueType::kB:
      PutBytes(v.scalar(), out);
      return;
    case ValueType::kBool:
      out->push_back(v.boolean() ? 1 : 0);
      return;
    case ValueType::kNull:
      return;
    case ValueType::kM:
      PutVarint(v.map().size(), out);
      for (const auto& [name, member] : v.map()) {
        PutBytes(name, out);
        AppendValue(member, out);
      }
      return;
    case ValueType::kL:
      PutVarint(v.list().size(), out);
      for (const AttributeValue& element : v.list()) AppendValue(element, out);
      return;
    case ValueType::kSS:
    case ValueType::kNS:
    case ValueType::kBS:
      PutVarint(v.set().size(), out);
      for (const std::string& member : v.set()) PutBytes(member, out);
      return;
  }
}

// ---------------------------------------------------------------------------
// Decoding. Every read checks the bytes left first. The decoder is strict so
// that each value has exactly one encoding (decode then encode gives back the
// input): varints are minimal, BOOL is 0 or 1, names in an item or M are in
// strictly increasing order (std::map order, which is what the encoder
// writes), and an item has no trailing bytes.

bool GetVarint(std::string_view* in, uint64_t* v) {
  const size_t n = in->size();
  if (n > 0 && static_cast<uint8_t>((*in)[0]) < 0x80) {
    *v = static_cast<uint8_t>((*in)[0]);
    in->remove_prefix(1);
    return true;
  }
  uint64_t result = 0;
  for (size_t i = 0; i < n && i < 10; ++i) {
    const uint8_t byte = static_cast<uint8_t>((*in)[i]);
    // The tenth byte holds bit 63 only.
    if (i == 9 && byte > 1) return false;
    result |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      if (byte == 0) return false;  // not minimal (i > 0 here)
      in->remove_prefix(i + 1);
      *v = result;
      return true;
    }
  }
  return false;
}

bool GetBytes(std::string_view* in, std::string_view* s) {
  uint64_t len;
  if (!GetVarint(in, &len) || len > in->size()) return false;
  *s = in->substr(0, static_cast<size_t>(len));
  in->remove_prefix(static_cast<size_t>(len));
  return true;
}

// Reads a BOOL payload: one byte, 0 or 1.
bool GetBool(std::string_view* in, bool* b) {
  if (in->empty()) return false;
  const uint8_t byte = static_cast<uint8_t>((*in)[0]);
  if (byte > 1) return false;
  in->remove_prefix(1);
  *b = byte == 1;
  return true;
}

// Reads a count of entries that each take at least min_bytes, so that a
// forged count cannot make us reserve more than the input could hold.
bool GetCount(std::string_view* in, size_t min_bytes, size_t* count) {
  uint64_t c;
  if (!GetVarint(in, &c) || c > in->size() / min_bytes) return false;
  *count = static_cast<size_t>(c);
  return true;
}

bool DecodeValueAt(std::string_view* in, AttributeValue* v, int depth);

// Decodes `name value` pairs into a map: item := count (name value)*, and
// the same for M one level down.
bool DecodeMembers(std::string_view* in, AttributeValue::Map* map, int depth) {
  size_t count;
  // A member is at least a name length and a type byte.
  if (!GetCount(in, 2, &count)) return false;
  map->clear();
  for (size_t i = 0; i < count; ++i) {
    std::string_view name;
    if (!GetBytes(in, &name)) return false;
    // Sorted input makes every insert O(1) at the end. The map compares the
    // name with the last one for the hint: a name that did not land last,
    // as a new member, was a duplicate or out of order.
    auto it =
        map->emplace_hint(map->end(), std::piecewise_construct,
                          std::forward_as_tuple(name), std::forward_as_tuple());
    if (map->size() != i + 1 || std::next(it) != map->end()) return false;
    if (!DecodeValueAt(in, &it->second, depth)) return false;
  }
  return true;
}

bool DecodeValueAt(std::string_view* in, AttributeValue* v, int depth) {
  if (in->empty()) return false;
  const uint8_t type = static_cast<uint8_t>((*in)[0]);
  in->remove_prefix(1);
  switch (static_cast<ValueType>(type)) {
    case ValueType::kS:
    case ValueType::kN:
    case ValueType::kB: {
      std::string_view s;
      if (!GetBytes(in, &s)) return false;
      v->AssignScalar(static_cast<ValueType>(type), s);
      return true;
    }
    case ValueType::kBool: {
      bool b;
      if (!GetBool(in, &b)) return false;
      *v = AttributeValue::Bool(b);
      return true;
    }
    case ValueType::kNull:
      *v = AttributeValue::Null();
      return true;
    case ValueType::kM:
      if (depth > kMaxDecodeDepth) return false;
      *v = AttributeValue::M({});
      return DecodeMembers(in, &v->mutable_map(), depth + 1);
    case ValueType::kL: {
      if (depth > kMaxDecodeDepth) return false;
      size_t count;
      if (!GetCount(in, 1, &count)) return false;  // a value is >= 1 byte
      *v = AttributeValue::L({});
      AttributeValue::List& list = v->mutable_list();
      list.resize(count);
      for (AttributeValue& element : list) {
        if (!DecodeValueAt(in, &element, depth + 1)) return false;
      }
      return true;
    }
    case ValueType::kSS:
    case ValueType::kNS:
    case ValueType::kBS: {
      size_t count;
      if (!GetCount(in, 1, &count)) return false;  // a member is >= 1 byte
      AttributeValue::Set set;
      set.reserve(count);
      for (size_t i = 0; i < count; ++i) {
        std::string_view member;
        if (!GetBytes(in, &member)) return false;
        set.emplace_back(member);
      }
      const ValueType t = static_cast<ValueType>(type);
      *v = t == ValueType::kSS   ? AttributeValue::SS(std::move(set))
           : t == ValueType::kNS ? AttributeValue::NS(std::move(set))
                                 : AttributeValue::BS(std::move(set));
      return true;
    }
  }
  return false;  // unknown type byte
}

// ---------------------------------------------------------------------------
// Size rules.
//
// Source: Amazon DynamoDB Developer Guide, "DynamoDB item sizes and formats"
// (CapacityUnitCalculations.html), cross-checked with dynalite
// (db/index.js valSize, whose tests ran against the service), Zac Charles's
// calculator (zaccharles/dynamodb-calculator, measured against the service)
// and Dynoxide (src/types.rs AttributeValue::size). Alternator is no help
// here: it charges capacity by the length of its own serialization
// (alternator/consumed_capacity.cc), and its test_returnconsumedcapacity.py
// allows a few bytes' slack on numbers.
//   item      sum over attributes of UTF-8 name length + value size.
//             The 100 bytes "per-item storage overhead" in the same page is
//             for storage billing only; it counts toward neither the 400 KB
//             limit nor capacity units, so it is not added here.
//   S         UTF-8 byte length ("number of UTF-8-encoded bytes"). Our
//             strings hold UTF-8, so this is size(). dynalite counts UTF-16
//             code units here, which is wrong for non-ASCII text.
//   B         raw byte length, not the base64 length.
//   N         Decimal::StorageSize() (engine/number.h). The guide gives
//             "approximately 1 byte per two significant digits + 1 byte";
//             the exact rule lives with Decimal.
//   BOOL,NULL 1 byte.
//   M, L      3 bytes "regardless of its contents", plus 1 byte per element
//             ("Each List or Map element also requires 1 byte of overhead"),
//             plus, for M, each member's UTF-8 name length, plus the
//             elements' sizes. An empty M or L is 3 bytes.
//   SS,NS,BS  the sum of the members' sizes as S, N and B, with no
//             overhead. The guide says nothing of sets; dynalite, the
//             calculator and Dynoxide agree, and dynalite's putItem tests, run
//             against the service, pin it: {a,b: 1009 bytes of S, c: N 12.3456,
//             d: B of 2 bytes, e: BS of 2+1+1 bytes} with 5 one-byte names is 1
//             WCU (<= 1024 bytes) while the same with e = BS of 2+1 bytes and 2
//             more bytes of S is 2 WCU, so a set adds nothing beyond its
//             members.

}  // namespace

size_t NumberSize(std::string_view text) {
  size_t size;
  if (Decimal::NormalizedSize(text, &size)) return size;
  Result<Decimal> d = Decimal::Parse(text);
  if (d.ok()) return d->StorageSize();
  // Only a value that never went through validation gets here; charge its
  // text so that it still counts toward the limits.
  return text.size();
}

void EncodeItem(const Item& item, std::string* out) {
  out->reserve(out->size() + EncodedLength(item));
  PutVarint(item.size(), out);
  for (const auto& [name, value] : item) {
    PutBytes(name, out);
    AppendValue(value, out);
  }
}

bool DecodeItem(std::string_view in, Item* item) {
  return DecodeMembers(&in, item, 1) && in.empty();
}

void EncodeValue(const AttributeValue& v, std::string* out) {
  out->reserve(out->size() + EncodedLength(v));
  AppendValue(v, out);
}

bool DecodeValue(std::string_view* in, AttributeValue* v) {
  return DecodeValueAt(in, v, 1);
}

size_t ValueSize(const AttributeValue& v) {
  switch (v.type()) {
    case ValueType::kS:
    case ValueType::kB:
      return v.scalar().size();
    case ValueType::kN:
      return NumberSize(v.scalar());
    case ValueType::kBool:
    case ValueType::kNull:
      return 1;
    case ValueType::kM: {
      size_t n = 3;
      for (const auto& [name, member] : v.map()) {
        n += 1 + name.size() + ValueSize(member);
      }
      return n;
    }
    case ValueType::kL: {
      size_t n = 3;
      for (const AttributeValue& element : v.list())
        n += 1 + ValueSize(element);
      return n;
    }
    case ValueType::kSS:
    case ValueType::kBS: {
      size_t n = 0;
      for (const std::string& member : v.set()) n += member.size();
      return n;
    }
    case ValueType::kNS: {
      size_t n = 0;
      for (const std::string& member : v.set()) n += NumberSize(member);
      return n;
    }
  }
  return 0;
}

size_t ItemSize(const Item& item) {
  size_t n = 0;
  for (const auto& [name, value] : item) n += name.size() + ValueSize(value);
  return n;
}

namespace {

// previous < name, byte-wise: attribute names are short, and an inline loop
// beats a call to memcmp for each member of every item rendered.
inline bool Precedes(std::string_view previous, std::string_view name) {
  const size_t n = std::min(previous.size(), name.size());
  for (size_t i = 0; i < n; ++i) {
    const auto a = static_cast<unsigned char>(previous[i]);
    const auto b = static_cast<unsigned char>(name[i]);
    if (a != b) return a < b;
  }
  return previous.size() < name.size();
}

bool VisitValueAt(std::string_view* in, int depth, size_t* size, bool numbers);

// `count (name value)*`: the item itself, and M one level down. Adds each
// member's name length and value size to *size (the caller adds M's own
// overhead).
bool VisitMembers(std::string_view* in, int depth, size_t per_member,
                  size_t* size, bool numbers) {
  size_t count;
  if (!GetCount(in, 2, &count)) return false;
  std::string_view previous;
  for (size_t i = 0; i < count; ++i) {
    std::string_view name;
    if (!GetBytes(in, &name)) return false;
    if (i > 0 && !Precedes(previous, name)) return false;
    previous = name;
    *size += per_member + name.size();
    if (!VisitValueAt(in, depth, size, numbers)) return false;
  }
  return true;
}

bool VisitValueAt(std::string_view* in, int depth, size_t* size, bool numbers) {
  if (in->empty()) return false;
  const auto type = static_cast<ValueType>(static_cast<uint8_t>((*in)[0]));
  in->remove_prefix(1);
  switch (type) {
    case ValueType::kS:
    case ValueType::kN:
    case ValueType::kB: {
      std::string_view s;
      if (!GetBytes(in, &s)) return false;
      *size += type != ValueType::kN ? s.size() : numbers ? NumberSize(s) : 0;
      return true;
    }
    case ValueType::kBool: {
      bool b;
      if (!GetBool(in, &b)) return false;
      *size += 1;
      return true;
    }
    case ValueType::kNull:
      *size += 1;
      return true;
    case ValueType::kM:
      if (depth > kMaxDecodeDepth) return false;
      *size += 3;
      return VisitMembers(in, depth + 1, 1, size, numbers);
    case ValueType::kL: {
      if (depth > kMaxDecodeDepth) return false;
      size_t count;
      if (!GetCount(in, 1, &count)) return false;
      *size += 3;
      for (size_t i = 0; i < count; ++i) {
        *size += 1;
        if (!VisitValueAt(in, depth + 1, size, numbers)) return false;
      }
      return true;
    }
    case ValueType::kSS:
    case ValueType::kNS:
    case ValueType::kBS: {
      size_t count;
      if (!GetCount(in, 1, &count)) return false;
      for (size_t i = 0; i < count; ++i) {
        std::string_view member;
        if (!GetBytes(in, &member)) return false;
        *size += type != ValueType::kNS ? member.size()
                 : numbers              ? NumberSize(member)
                                        : 0;
      }
      return true;
    }
  }
  return false;
}

}  // namespace

bool MeasureItem(std::string_view in, size_t* size) {
  size_t ignored = 0;
  size_t* total = size ? size : &ignored;
  *total = 0;
  return VisitMembers(&in, 1, 0, total, size != nullptr) && in.empty();
}

bool FindAttribute(std::string_view item, std::string_view name,
                   ValueType* type, std::string_view* scalar) {
  size_t count;
  if (!GetCount(&item, 2, &count)) return false;
  for (size_t i = 0; i < count; ++i) {
    std::string_view member;
    if (!GetBytes(&item, &member) || item.empty()) return false;
    if (member == name) {
      const auto t = static_cast<ValueType>(static_cast<uint8_t>(item[0]));
      item.remove_prefix(1);
      *type = t;
      *scalar = {};
      if (t == ValueType::kS || t == ValueType::kN || t == ValueType::kB)
        return GetBytes(&item, scalar);
      return true;
    }
    // Names are in increasing order: past `name`, it is not there.
    if (Precedes(name, member)) return false;
    size_t ignored = 0;
    if (!VisitValueAt(&item, 1, &ignored, false)) return false;
  }
  return false;
}

}  // namespace dynarock
