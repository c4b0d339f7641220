#include "engine/format/keys.h"

#include "engine/format/key_codec.h"
#include "engine/schema/catalog.h"
#include "engine/storage/storage.h"

namespace dynarock {
namespace {

std::string MetaKey(std::string_view tag, uint64_t id) {
  std::string k(tag);
  AppendBigEndian64(id, &k);
  return k;
}

}  // namespace

void AppendKeySpace(uint64_t id, std::string* out) {
  AppendBigEndian64(id, out);
}

std::string KeySpaceBegin(uint64_t id) {
  std::string k;
  AppendKeySpace(id, &k);
  return k;
}

std::string KeySpaceEnd(uint64_t id) { return KeySpaceBegin(id + 1); }

void ScanSegmentRange(uint64_t id, int64_t segment, int64_t total,
                      std::string* lower, std::string* upper) {
  auto bound = [&](int64_t i) {
    return (static_cast<unsigned __int128>(1) << 64) *
           static_cast<uint64_t>(i) / static_cast<uint64_t>(total);
  };
  lower->clear();
  AppendKeySpace(id, lower);
  AppendBigEndian64(static_cast<uint64_t>(bound(segment)), lower);
  const unsigned __int128 hi = bound(segment + 1);
  upper->clear();
  if (hi >> 64) {
    // The last segment ends where the space does.
    AppendKeySpace(id + 1, upper);
  } else {
    AppendKeySpace(id, upper);
    AppendBigEndian64(static_cast<uint64_t>(hi), upper);
  }
}

void EncodeItemKey(uint64_t id, const AttributeValue& pk,
                   const AttributeValue* sk, EncodedKey* out) {
  out->partition.clear();
  AppendKeyComponent(pk, &out->partition);
  out->bytes.clear();
  out->bytes.reserve(kKeyPrefixBytes + out->partition.size() +
                     (sk ? sk->scalar().size() + 4 : 0));
  AppendKeySpace(id, &out->bytes);
  AppendBigEndian64(PartitionHash(out->partition), &out->bytes);
  out->bytes += out->partition;
  if (sk) AppendKeyComponent(*sk, &out->bytes);
}

std::string PartitionPrefix(uint64_t id, std::string_view encoded_partition) {
  std::string prefix;
  prefix.reserve(kKeyPrefixBytes + encoded_partition.size());
  AppendKeySpace(id, &prefix);
  AppendBigEndian64(PartitionHash(encoded_partition), &prefix);
  prefix += encoded_partition;
  return prefix;
}

bool IndexEntryKey(const IndexDef& ix, const AttributeSource& item,
                   std::string_view table_key_components, std::string* key) {
  // A multi-attribute key is the concatenation of its attributes'
  // encodings, in key schema order; the partition's hash goes before them,
  // once they are all written.
  key->clear();
  AppendKeySpace(ix.id, key);
  const size_t hash_at = key->size();
  key->append(8, '\0');
  ValueType type;
  std::string_view scalar;
  for (const KeyAttribute& a : ix.hash_keys) {
    if (!item.Find(a.name, &type, &scalar) || type != a.type) return false;
    AppendKeyComponent(type, scalar, key);
  }
  const uint64_t hash =
      PartitionHash(std::string_view(*key).substr(hash_at + 8));
  for (int i = 0; i < 8; ++i)
    (*key)[hash_at + i] = static_cast<char>(hash >> (56 - 8 * i));
  for (const KeyAttribute& a : ix.range_keys) {
    if (!item.Find(a.name, &type, &scalar) || type != a.type) return false;
    AppendKeyComponent(type, scalar, key);
  }
  key->append(table_key_components);
  return true;
}

std::string TtlEntryBound(uint64_t ttl_index_id, int64_t expiry) {
  std::string k;
  AppendKeySpace(ttl_index_id, &k);
  AppendBigEndian64(static_cast<uint64_t>(expiry) ^ (uint64_t{1} << 63), &k);
  return k;
}

std::string TtlEntryKey(uint64_t ttl_index_id, int64_t expiry,
                        std::string_view item_key) {
  std::string k = TtlEntryBound(ttl_index_id, expiry);
  k.append(item_key);
  return k;
}

bool ParseTtlEntry(std::string_view key, int64_t* expiry,
                   std::string_view* item_key) {
  if (key.size() <= 16) return false;
  *expiry = static_cast<int64_t>(ReadBigEndian64(key.data() + 8) ^
                                 (uint64_t{1} << 63));
  *item_key = key.substr(16);
  return true;
}

std::string StatsKey(uint64_t id) { return MetaKey("stats", id); }
std::string ThroughputHistoryKey(uint64_t id) { return MetaKey("tphist", id); }
std::string BackfillCountedKey(uint64_t id) { return MetaKey("bfcount", id); }

std::string StreamDefKey(uint64_t id) { return MetaKey(kStreamDefPrefix, id); }
std::string StreamSeqKey(uint64_t id) { return MetaKey("streamseq", id); }

std::string TriggerPositionKey(uint64_t stream_id, uint64_t generation,
                               uint32_t slot, std::string_view target) {
  std::string k = MetaKey("trigpos", stream_id);
  AppendBigEndian64(generation, &k);
  for (int i = 3; i >= 0; --i) k.push_back(static_cast<char>(slot >> (8 * i)));
  k.append(target);
  return k;
}
std::string TriggerPositionsBegin(uint64_t stream_id) {
  return MetaKey("trigpos", stream_id);
}
std::string TriggerPositionsEnd(uint64_t stream_id) {
  return MetaKey("trigpos", stream_id + 1);
}

std::string StreamRecordKey(uint64_t stream_id, uint32_t slot, uint64_t seq) {
  std::string k;
  k.reserve(20);
  AppendKeySpace(stream_id, &k);
  for (int i = 3; i >= 0; --i) k.push_back(static_cast<char>(slot >> (8 * i)));
  AppendBigEndian64(seq, &k);
  return k;
}

uint64_t StreamRecordSeq(std::string_view key) {
  if (key.size() != 20) return 0;
  uint64_t seq = 0;
  for (size_t i = 12; i < 20; ++i)
    seq = (seq << 8) | static_cast<unsigned char>(key[i]);
  return seq;
}

void StageDropKeySpace(Cf cf, uint64_t id, WriteBatch* batch) {
  batch->DeleteRange(cf, KeySpaceBegin(id), KeySpaceEnd(id));
  batch->Delete(Cf::kMeta, StatsKey(id));
  batch->Delete(Cf::kMeta, ThroughputHistoryKey(id));
  batch->Delete(Cf::kMeta, BackfillCountedKey(id));
}

}  // namespace dynarock
