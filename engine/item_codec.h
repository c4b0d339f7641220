// Item codec: the compact binary form of an item as stored in RocksDB, and
// the item size by the service's rules.
//
// Grammar (all lengths are LEB128 varints):
//   item      := count:varint (name:bytes value)*
//   bytes     := len:varint byte*
//   value     := type:u8 payload        (type is ValueType,
//   engine/attribute_value.h) S, N, B   := bytes                  (N as
//   normalized text) BOOL      := u8 (0 or 1) NULL      := (nothing) M :=
//   count:varint (name:bytes value)* L         := count:varint value* SS,NS,BS
//   := count:varint bytes*
//
// This is an on-disk format: never change it.
#ifndef DYNAROCK_ENGINE_ITEM_CODEC_H_
#define DYNAROCK_ENGINE_ITEM_CODEC_H_

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

// Walks an encoded item without building it (for callers that only render
// it): the calls follow the encoding's order, which is the item's.
class ItemVisitor {
 public:
  virtual ~ItemVisitor() = default;
  // The item itself (top) or an M value; each member is Name() then its
  // value.
  virtual void BeginMap(bool top) = 0;
  virtual void Name(std::string_view name) = 0;
  virtual void EndMap(bool top) = 0;
  virtual void BeginList() = 0;
  virtual void EndList() = 0;
  // S, N (normalized text) or B (raw bytes).
  virtual void Scalar(ValueType type, std::string_view bytes) = 0;
  virtual void Boolean(bool b) = 0;
  virtual void Null() = 0;
  // SS, NS or BS, then each member.
  virtual void BeginSet(ValueType type) = 0;
  virtual void SetMember(std::string_view bytes) = 0;
  virtual void EndSet() = 0;
};
// Returns false on malformed input, as DecodeItem (the visitor may have
// seen part of it).
bool VisitItem(std::string_view in, ItemVisitor* visitor);
// ItemSize of an encoded item, without decoding it; false on malformed
// input.
bool EncodedItemSize(std::string_view in, size_t* size);

// The size the service counts: each attribute's name length plus its value's
// size (engine/item_codec.cc documents the per-type rules).
size_t ItemSize(const Item& item);
size_t ValueSize(const AttributeValue& v);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_ITEM_CODEC_H_
