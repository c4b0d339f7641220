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
// The size of an N value (or NS member) given as its text.
size_t NumberSize(std::string_view text);

// Checks an encoded item as DecodeItem does, without building it, and sets
// *size (when not null: sizing numbers costs a parse each) to its
// ItemSize. Returns false on malformed input. (wire/item_json.h renders an
// encoded item the same way, in one pass that also measures it.)
bool MeasureItem(std::string_view in, size_t* size);

// Finds the top-level attribute `name` of an encoded item without decoding
// the rest: sets *type and, for S, N (normalized text) and B, *scalar to its
// bytes (empty for other types). Returns false when the item has no such
// attribute, or when its bytes up to the attribute are malformed.
bool FindAttribute(std::string_view item, std::string_view name,
                   ValueType* type, std::string_view* scalar);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_FORMAT_ITEM_CODEC_H_
