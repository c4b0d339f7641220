// The key layout: how every key of every column family is built. A reader
// who wants to know what a key holds reads this file and no other; code
// that builds a key calls these functions rather than appending ids and
// hashes itself. Key components (S, N, B values) are encoded by
// key_codec.h; values by item_codec.h.
//
// This is an on-disk format: never change a key that is written.
//
// clang-format off
//
//   id          := BE64(table or index id)         ids are never reused
//   hash(c)     := BE64(PartitionHash(c))         XXH64, seed 0 (key_codec.h)
//   component   := AppendKeyComponent(value)      self-delimiting, memcmp order
//                                                  is the service's key order
//
//   kItems      item key   := id . hash(pk) . pk . [sk]         -> item (item_codec.h)
//                             pk, sk: the table's key components
//   kIndexes    entry key  := id . hash(ipk) . ipk . [isk] . pk . [sk]
//                                                               -> projected item
//                             ipk := component ...   (1 to 4: multi-attribute
//                             isk := component ...    GSI keys, in key schema
//                                                      order)
//                             pk . [sk]: the item's table key, which makes
//                             entries with equal index keys distinct
//               expiry entry := id . BE64(expiry + 2^63) . item key      -> ""
//                             id: the table's TTL index id; expiry: the
//                             item's TTL attribute, whole seconds (floor)
//   kCatalog    table name                                     -> table definition
//                                                                 (schema/catalog.cc)
//   kMeta       "next_id"                                      -> decimal text of
//                                                                 the next free id
//               "stats"   . BE64(table or index id)            -> statistics
//                                                                 (storage/storage.cc)
//               "tphist"  . BE64(table or GSI id)              -> throughput history
//                                                                 (ops/update_table.cc)
//               "bfcount" . BE64(GSI id)                       -> "" once a backfill
//                                                                 counted (jobs/backfill.cc)
//               "streamdef" . BE64(stream id)                  -> stream definition
//                                                                 (streams/stream_log.cc)
//               "streamseq" . BE64(stream id)                  -> BE64(next sequence
//                                                                 number)
//               "trigpos" . BE64(stream id) . BE64(generation) . BE32(slot) . target
//                                                              -> BE64(next sequence number
//                                                                 to deliver; all ones: the
//                                                                 shard is delivered)
//                                                                 (jobs/triggers.cc)
//   kStreams    record key := BE64(stream id) . BE32(slot) . BE64(sequence number)
//                                                               -> record (streams/
//                                                                  stream_log.cc)
//                             slot: the item's partition hash modulo the
//                             stream's slot count
//
// clang-format on
//
// Consequences the engine relies on:
//   - All of a table's items (or an index's entries) lie in
//     [KeySpaceBegin(id), KeySpaceEnd(id)): DeleteTable is one range delete.
//   - Within the space, keys sort by partition hash, as the service's Scan
//     order does; a parallel Scan's segment is a range of hashes.
//   - A partition's items are contiguous and sorted by sort key: a Query
//     seeks to PartitionPrefix and reads forward or backward.
//
// Stateless functions: safe to call from any thread. Nothing returned
// borrows from the input.
#ifndef DYNAROCK_ENGINE_FORMAT_KEYS_H_
#define DYNAROCK_ENGINE_FORMAT_KEYS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/attribute_value.h"

namespace dynarock {

struct IndexDef;
class WriteBatch;

// Bytes of a key before its first component: the id and the partition hash.
constexpr size_t kKeyPrefixBytes = 16;

// ---- key spaces

// Appends the id that leads every key of a table or index.
void AppendKeySpace(uint64_t id, std::string* out);
// The range [begin, end) of every key of a table's items or an index's
// entries.
std::string KeySpaceBegin(uint64_t id);
std::string KeySpaceEnd(uint64_t id);

// Segment `segment` of `total` of a parallel Scan of the space: the
// partitions whose hash lies in [segment * 2^64 / total,
// (segment + 1) * 2^64 / total).
void ScanSegmentRange(uint64_t id, int64_t segment, int64_t total,
                      std::string* lower, std::string* upper);

// ---- items

// An item's key in kItems: the encoded partition key component (which the
// partition hash is taken of) and the whole key.
struct EncodedKey {
  std::string partition;  // pk component
  std::string bytes;      // id . hash(pk) . pk . [sk]

  // pk . [sk]: the part an index entry ends with.
  std::string_view components() const {
    return std::string_view(bytes).substr(kKeyPrefixBytes);
  }
};

// Builds the key of the item with partition key `pk` and sort key `sk`
// (null for a table without one) in table `id`. The values must be
// validated S, N or B values (numbers normalized).
void EncodeItemKey(uint64_t id, const AttributeValue& pk,
                   const AttributeValue* sk, EncodedKey* out);

// id . hash(p) . p, for the encoded partition components `p`: every key of
// the partition starts with it.
std::string PartitionPrefix(uint64_t id, std::string_view encoded_partition);

// ---- index entries

// An item's top-level attributes as IndexEntryKey reads them: from the
// decoded item, or from its stored encoding.
class AttributeSource {
 public:
  // Sets *type and, for S, N and B, *scalar (for N, its normalized text);
  // false when the item has no such attribute.
  virtual bool Find(const std::string& name, ValueType* type,
                    std::string_view* scalar) const = 0;

 protected:
  ~AttributeSource() = default;
};

// The key of an item's entry in `index`, given the item's table key
// components (EncodedKey::components()); false when the item lacks one of
// the index's key attributes or has it with another type (a sparse index
// leaves it out). Leaves *key unspecified when it returns false.
bool IndexEntryKey(const IndexDef& index, const AttributeSource& item,
                   std::string_view table_key_components, std::string* key);

// An item's entry in its table's expiry index (TableDef::ttl_index_id):
// entries sort by expiry. TtlEntryBound is the first key of an expiry.
std::string TtlEntryKey(uint64_t ttl_index_id, int64_t expiry,
                        std::string_view item_key);
std::string TtlEntryBound(uint64_t ttl_index_id, int64_t expiry);
// The expiry and item key of an entry; false when it is not one.
bool ParseTtlEntry(std::string_view key, int64_t* expiry,
                   std::string_view* item_key);

// ---- kMeta

inline constexpr char kNextIdKey[] = "next_id";
std::string StatsKey(uint64_t id);
std::string ThroughputHistoryKey(uint64_t id);
std::string BackfillCountedKey(uint64_t id);

inline constexpr char kStreamDefPrefix[] = "streamdef";
std::string StreamDefKey(uint64_t stream_id);
std::string StreamSeqKey(uint64_t stream_id);

// Where a stream trigger's delivery of a shard stands, and the range of
// every such key of a stream.
std::string TriggerPositionKey(uint64_t stream_id, uint64_t generation,
                               uint32_t slot, std::string_view target);
std::string TriggerPositionsBegin(uint64_t stream_id);
std::string TriggerPositionsEnd(uint64_t stream_id);

// ---- kStreams

std::string StreamRecordKey(uint64_t stream_id, uint32_t slot, uint64_t seq);
// The sequence number of a record key; 0 when it is not one.
uint64_t StreamRecordSeq(std::string_view key);

// Stages the removal of everything kept under a table's or index's id:
// its key space in `cf` (kItems or kIndexes) and its kMeta keys.
enum class Cf;
void StageDropKeySpace(Cf cf, uint64_t id, WriteBatch* batch);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_FORMAT_KEYS_H_
