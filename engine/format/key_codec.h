// Key component encoding: turns one key attribute value (S, N or B) into
// bytes whose memcmp order is the order in which DynamoDB sorts keys:
// strings and binaries by unsigned bytes, numbers by value.
//
// Every component is self-delimiting, so components can be concatenated
// (table id, hash, partition key, sort key, ...) and the concatenation still
// sorts component by component. engine/format/keys.h lays out whole keys.
//
// clang-format off
// Grammar:
//   S, B component := escaped(bytes) 0x00 0x01
//                     where escaped maps 0x00 to 0x00 0xFF
//   N component    := Decimal::AppendKeyEncoding (grammar in engine/format/number.cc)
// clang-format on
//
// This is an on-disk format: never change it.
//
// Stateless functions: safe to call from any thread. Nothing returned
// borrows from the input.
#ifndef DYNAROCK_ENGINE_FORMAT_KEY_CODEC_H_
#define DYNAROCK_ENGINE_FORMAT_KEY_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/attribute_value.h"

namespace dynarock {

// Appends the encoding of v, which must be a validated S, N or B value
// (numbers in normalized form).
void AppendKeyComponent(const AttributeValue& v, std::string* out);
// The same for a value given as its type and scalar bytes (for N, its
// normalized text).
void AppendKeyComponent(ValueType type, std::string_view scalar,
                        std::string* out);

// Reads one component of the given type from the front of *in, advancing
// *in past it; a number comes back in normalized form. Returns false on
// malformed input or a type other than S, N and B, leaving *in and *out
// unchanged.
bool ReadKeyComponent(ValueType type, std::string_view* in,
                      AttributeValue* out);

// Stable 64-bit hash of an encoded partition key (xxHash XXH64, seed 0).
// Part of the on-disk format: never change it.
uint64_t PartitionHash(std::string_view encoded_partition_key);

// Appends v as 8 big-endian bytes.
void AppendBigEndian64(uint64_t v, std::string* out);
uint64_t ReadBigEndian64(const char* p);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_FORMAT_KEY_CODEC_H_
