// Item codec: the compact binary form of an item as stored in RocksDB, and
// the item size by the service's rules.
//
// clang-format off
// Grammar (all lengths are LEB128 varints):
//   item        := count:varint (name:bytes value)*     names in sorted order
//   bytes       := len:varint byte*
//   value       := type:u8 payload                      type: ValueType
//                                                       (engine/attribute_value.h)
//   S, N, B     := bytes                                N as normalized text
//   BOOL        := u8                                   0 or 1
//   NULL        := (nothing)
//   M           := count:varint (name:bytes value)*
//   L           := count:varint value*
//   SS, NS, BS  := count:varint bytes*
// clang-format on
//
// This is an on-disk format: never change it.
#ifndef DYNAROCK_ENGINE_FORMAT_ITEM_CODEC_H_
#define DYNAROCK_ENGINE_FORMAT_ITEM_CODEC_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/attribute_value.h"

namespace dynarock {

// Appends the encoding of item to *out.
void EncodeItem(const Item& item, std::string* out);
// Decodes all of in, which must hold exactly one item. Returns false on
// malformed input (then *item is unspecified): truncation, trailing bytes,
// unknown types, names out of order or repeated, non-minimal varints, or M
// and L nested more than 64 deep. Never reads outside in.
bool DecodeItem(std::string_view in, Item* item);

// Appends the encoding of one value to *out.
void EncodeValue(const AttributeValue& v, std::string* out);
// Reads one value from the front of *in and advances *in past it. Returns
// false on malformed input, as DecodeItem.
bool DecodeValue(std::string_view* in, AttributeValue* v);

// The size the service counts: each attribute's name length plus its value's
// size (engine/format/item_codec.cc documents the per-type rules).
size_t ItemSize(const Item& item);
size_t ValueSize(const AttributeValue& v);

// Receives the parts of an encoded item from VisitItem, in order, without
// the item being built: a server writes stored items straight out.
class ItemVisitor {
 public:
  virtual ~ItemVisitor() = default;
  // The item itself and each M value: count members follow, each a
  // Member() and then its value.
  virtual void BeginMap(size_t count) = 0;
  virtual void Member(std::string_view name) = 0;
  virtual void EndMap() = 0;
  // L (values follow), or SS, NS, BS (Scalar() per member, with the set's
  // type).
  virtual void BeginList(ValueType type, size_t count) = 0;
  virtual void EndList() = 0;
  // S, N (text), B (raw bytes); BOOL ("0" or "1"); NULL ("").
  virtual void Scalar(ValueType type, std::string_view bytes) = 0;
};

// Walks an encoded item, checking it as DecodeItem does, calling `visitor`
// (when not null) for each part, and sets *size (when not null: sizing
// numbers costs a parse each) to its ItemSize. Returns false on malformed
// input; the visitor may then have seen a prefix.
bool VisitItem(std::string_view in, ItemVisitor* visitor, size_t* size);

// Finds the top-level attribute `name` of an encoded item without decoding
// the rest: sets *type and, for S, N (normalized text) and B, *scalar to its
// bytes (empty for other types). Returns false when the item has no such
// attribute, or when its bytes up to the attribute are malformed.
bool FindAttribute(std::string_view item, std::string_view name,
                   ValueType* type, std::string_view* scalar);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_FORMAT_ITEM_CODEC_H_
