// Java's strings: UTF-16 code units, String.hashCode, and java.util.HashMap
// iteration order. The service
// runs on the JVM and some of its messages list map keys as a HashMap or
// HashSet iterates them (unused ExpressionAttributeNames, a RequestItems
// map echoed in a constraint message, the order it applies some update
// paths in); matching those messages means iterating as Java does.
//
// Stateless functions: safe to call from any thread.
#ifndef DYNAROCK_ENGINE_FORMAT_JAVA_STRING_H_
#define DYNAROCK_ENGINE_FORMAT_JAVA_STRING_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace dynarock {

// Bytes in the UTF-8 sequence that starts with `lead` (1 for a byte that
// cannot start one).
size_t Utf8SequenceLength(unsigned char lead);

// String.hashCode of the UTF-16 form of a UTF-8 string.
int32_t JavaStringHash(std::string_view utf8);

// The table size of a HashMap after `n` puts into a new HashMap(): 16,
// doubled whenever the size passes three quarters of it.
size_t JavaHashMapCapacity(size_t n);
// The table size of new HashSet<>(collection) for a collection of `n`.
size_t JavaHashSetCapacity(size_t n);

// The positions of keys with these hashCode()s in the order a HashMap (or
// HashSet) of table size `capacity` iterates them, when they were inserted
// in the order given: by bucket, and in insertion order within one.
std::vector<size_t> JavaHashOrder(const std::vector<int32_t>& hash_codes,
                                  size_t capacity);
// The same for String keys.
std::vector<size_t> JavaHashOrder(const std::vector<std::string_view>& keys,
                                  size_t capacity);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_FORMAT_JAVA_STRING_H_
