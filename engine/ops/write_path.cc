#include "engine/ops/write_path.h"

#include <algorithm>

#include "engine/format/item_codec.h"
#include "engine/format/key_codec.h"
#include "engine/format/keys.h"
#include "engine/jobs/ttl.h"
#include "engine/ops/capacity.h"
#include "engine/storage/storage.h"
#include "engine/streams/stream_log.h"

namespace dynarock {
namespace {

// One side of an index change: the item before or after the write, or
// none. Whatever the caller did not give is made on first use: the
// encoding (the entry of an index that projects ALL), or the decoded item
// (the entry of one that projects less). Index keys are read from the
// decoded item when there is one, else from the encoding.
class EntryItem final : public AttributeSource {
 public:
  EntryItem(const Item* item, std::string_view encoded, size_t size)
      : item_(item), encoded_(encoded), size_(size) {}

  bool present() const { return item_ != nullptr || !encoded_.empty(); }

  bool Find(const std::string& name, ValueType* type,
            std::string_view* scalar) const override {
    if (item_) {
      auto it = item_->find(name);
      if (it == item_->end()) return false;
      *type = it->second.type();
      *scalar = it->second.scalar();
      return true;
    }
    return FindAttribute(encoded_, name, type, scalar);
  }

  // The item's encoding, and its size.
  std::string_view encoded() {
    if (encoded_.empty()) {
      EncodeItem(*item_, &own_encoding_);
      encoded_ = own_encoding_;
      if (size_ == 0) size_ = ItemSize(*item_);
    }
    return encoded_;
  }
  size_t size() {
    if (size_ == 0) size_ = item_ ? ItemSize(*item_) : EncodedSize();
    return size_;
  }
  // The decoded item; null when its stored bytes are malformed.
  const Item* item() {
    if (!item_ && !encoded_.empty()) {
      own_item_.emplace();
      if (DecodeItem(encoded_, &*own_item_)) item_ = &*own_item_;
    }
    return item_;
  }

 private:
  size_t EncodedSize() const {
    size_t n = 0;
    return MeasureItem(encoded_, &n) ? n : 0;
  }

  const Item* item_;
  std::string_view encoded_;
  size_t size_;
  std::string own_encoding_;
  std::optional<Item> own_item_;
};

// The index entries an item has: for each index, its entry key and
// projected attributes (absent for an item the sparse index leaves out).
struct IndexEntry {
  const IndexDef* index = nullptr;
  bool present = false;
  std::string key;
  std::string_view whole;  // an index that projects ALL: the item's encoding
  std::string projected;   // any other: the projected attributes' encoding
  size_t size = 0;
  std::string_view value() const {
    return whole.data() ? whole : std::string_view(projected);
  }
};

void ComputeEntries(const TableDef& t, EntryItem& item,
                    std::string_view table_key, std::vector<IndexEntry>* out) {
  out->clear();
  out->reserve(t.global_indexes.size() + t.local_indexes.size());
  for (const auto* list : {&t.global_indexes, &t.local_indexes}) {
    for (const auto& ix : *list) {
      IndexEntry& e = out->emplace_back();
      e.index = &ix;
      if (!item.present() || !IndexEntryKey(ix, item, table_key, &e.key))
        continue;
      e.present = true;
      // An index that projects ALL stores the whole item: its encoding and
      // size are made once, whatever the number of such indexes, and not
      // at all when the caller has them already.
      if (ix.projection.projection_type.value_or(ProjectionType::kAll) ==
          ProjectionType::kAll) {
        e.whole = item.encoded();
        e.size = item.size();
        continue;
      }
      const Item* whole = item.item();
      if (!whole) {
        e.present = false;  // stored bytes we cannot read: no entry
        continue;
      }
      Item projected = ProjectForIndex(t, ix, *whole);
      e.size = ItemSize(projected);
      EncodeItem(projected, &e.projected);
    }
  }
}

// Stages the index changes from old_item to new_item (either may be
// absent) and tallies their write units, as the Developer Guide's
// "Provisioned throughput considerations for global secondary indexes"
// counts them: one write to put or delete an entry, two when the index key
// changes, one when only projected attributes change, none when the entry
// is untouched.
void StageIndexChanges(const TableDef& t, std::string_view table_key,
                       EntryItem& old_item, EntryItem& new_item,
                       WriteBatch* batch, CapacityTally* tally) {
  if (t.global_indexes.empty() && t.local_indexes.empty()) return;
  std::vector<IndexEntry> before, after;
  ComputeEntries(t, old_item, table_key, &before);
  ComputeEntries(t, new_item, table_key, &after);
  const std::string stats = StatsKey(t.id);
  for (size_t i = 0; i < before.size(); ++i) {
    const IndexEntry& b = before[i];
    const IndexEntry& a = after[i];
    const IndexDef& ix = *b.index;
    if (!b.present && !a.present) continue;
    if (b.present && a.present && b.key == a.key) {
      if (b.value() == a.value()) continue;
      batch->Put(Cf::kIndexes, a.key, a.value());
      batch->AddIndexStats(
          stats, ix.id, 0,
          static_cast<int64_t>(a.size) - static_cast<int64_t>(b.size));
      tally->AddIndex(ix, WriteUnits(std::max(a.size, b.size)));
      continue;
    }
    if (b.present) {
      batch->Delete(Cf::kIndexes, b.key);
      batch->AddIndexStats(stats, ix.id, -1, -static_cast<int64_t>(b.size));
      tally->AddIndex(ix, WriteUnits(b.size));
    }
    if (a.present) {
      batch->Put(Cf::kIndexes, a.key, a.value());
      batch->AddIndexStats(stats, ix.id, 1, static_cast<int64_t>(a.size));
      tally->AddIndex(ix, WriteUnits(a.size));
    }
  }
}

// Stages the stream record of a change from old_item to new_item (null: a
// delete) when the table has a stream. A write that leaves the item as it
// was has none, as in the service.
void StageStreamRecord(const TableDef& t, const EncodedKey& key,
                       EntryItem& old_item, EntryItem* new_item,
                       const ChangeOrigin& origin, WriteBatch* batch) {
  if (t.stream_id == 0 || !t.stream_specification ||
      !t.stream_specification->stream_enabled ||
      !t.stream_specification->stream_view_type)
    return;
  const StreamViewType view = *t.stream_specification->stream_view_type;
  StreamEventName event;
  if (new_item && old_item.present()) {
    if (old_item.encoded() == new_item->encoded()) return;
    event = StreamEventName::kModify;
  } else if (new_item) {
    event = StreamEventName::kInsert;
  } else if (old_item.present()) {
    event = StreamEventName::kRemove;
  } else {
    return;
  }
  EntryItem& whole = new_item ? *new_item : old_item;
  Item keys;
  for (const KeyAttribute* a : {&t.hash, t.range ? &*t.range : nullptr}) {
    if (!a) continue;
    ValueType type;
    std::string_view scalar;
    if (!whole.Find(a->name, &type, &scalar)) return;
    std::string v(scalar);
    keys.emplace(a->name, type == ValueType::kN   ? AttributeValue::N(v)
                          : type == ValueType::kB ? AttributeValue::B(v)
                                                  : AttributeValue::S(v));
  }
  std::string encoded_keys;
  EncodeItem(keys, &encoded_keys);
  const bool want_new = view == StreamViewType::kNewImage ||
                        view == StreamViewType::kNewAndOldImages;
  const bool want_old = view == StreamViewType::kOldImage ||
                        view == StreamViewType::kNewAndOldImages;
  std::string_view new_image, old_image;
  if (want_new && new_item) new_image = new_item->encoded();
  if (want_old && old_item.present()) old_image = old_item.encoded();
  PendingStreamRecord& r = batch->stream_records().emplace_back();
  r.stream_id = t.stream_id;
  r.partition_hash = ReadBigEndian64(key.bytes.data() + 8);
  EncodeRecordBody(event, origin.by_service, view, origin.region, encoded_keys,
                   new_image.data() ? &new_image : nullptr,
                   old_image.data() ? &old_image : nullptr, &r.body);
}

// Stages the change of the item's entry in its table's expiry index, when
// TTL is enabled (engine/jobs/ttl.h): none when its expiry stays the same.
void StageTtlEntry(const TableDef& t, const EncodedKey& key,
                   EntryItem& old_item, EntryItem* new_item,
                   WriteBatch* batch) {
  if (t.ttl_index_id == 0) return;
  auto expiry = [&](EntryItem* e) -> std::optional<int64_t> {
    ValueType type;
    std::string_view scalar;
    if (!e || !e->present() || !e->Find(t.ttl_attribute, &type, &scalar))
      return std::nullopt;
    return TtlIndexExpiry(type, scalar);
  };
  const std::optional<int64_t> before = expiry(&old_item);
  const std::optional<int64_t> after = expiry(new_item);
  if (before == after) return;
  if (before)
    batch->Delete(Cf::kIndexes,
                  TtlEntryKey(t.ttl_index_id, *before, key.bytes));
  if (after)
    batch->Put(Cf::kIndexes, TtlEntryKey(t.ttl_index_id, *after, key.bytes),
               "");
}

}  // namespace

// ReturnItemCollectionMetrics=SIZE applies to tables with local secondary
// indexes: the service estimates the item collection's size as a range in
// GB. This one measures it, and reports the 1 GB range that holds it.
std::optional<ItemCollectionMetrics> CollectionMetrics(
    const Storage& storage, const TableDef& t, const Item& item,
    const EncodedKey& key, ReturnItemCollectionMetrics mode) {
  if (mode == ReturnItemCollectionMetrics::kNone || t.local_indexes.empty())
    return std::nullopt;
  std::string prefix = PartitionPrefix(t.id, key.partition);
  std::string upper = prefix;
  upper.push_back('\xff');
  size_t bytes = 0;
  auto it = storage.NewIterator(Cf::kItems, prefix, upper);
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    Item other;
    if (DecodeItem(it->value(), &other)) bytes += ItemSize(other);
  }
  ItemCollectionMetrics m;
  m.item_collection_key[t.hash.name] = item.at(t.hash.name);
  double gb = static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0);
  m.size_estimate_range_gb_low = static_cast<double>(static_cast<int64_t>(gb));
  m.size_estimate_range_gb_high = m.size_estimate_range_gb_low + 1;
  return m;
}

Status ConditionFailed(const std::optional<Item>& old_item,
                       ReturnValues on_failure) {
  Status st(ErrorType::kConditionalCheckFailedException,
            "The conditional request failed");
  if (on_failure == ReturnValues::kAllOld && old_item) st.set_item(*old_item);
  return st;
}

void StageWrite(const Catalog& catalog, const TableDef& t,
                const EncodedKey& key, const FoundItem& old, WriteAction action,
                const ChangeOrigin& origin, WriteBatch* batch,
                CapacityTally* tally, WriteOutcome* out) {
  // The indexes to maintain are those of the table's current definition,
  // read under the item's lock: a GSI created since the request looked the
  // table up is maintained too, so its backfill (which takes the same lock
  // for each item) can never miss this write.
  std::shared_ptr<const TableDef> current = catalog.Find(t.name);
  const TableDef& indexes = current && current->id == t.id ? *current : t;
  const std::string_view table_key = key.components();
  EntryItem old_item(old.item, old.encoded, old.size);
  size_t new_size = 0;
  if (action.kind == WriteAction::kPut) {
    new_size = action.size != 0 ? action.size : ItemSize(action.item);
    std::string encoded;
    EncodeItem(action.item, &encoded);
    batch->AddStats(
        StatsKey(t.id), old.found() ? 0 : 1,
        static_cast<int64_t>(new_size) - static_cast<int64_t>(old.size));
    EntryItem new_item(&action.item, encoded, new_size);
    StageIndexChanges(indexes, table_key, old_item, new_item, batch, tally);
    StageStreamRecord(indexes, key, old_item, &new_item, origin, batch);
    StageTtlEntry(indexes, key, old_item, &new_item, batch);
    // Last, as the batch keeps the encoding for the item cache.
    batch->PutItem(key.bytes, std::move(encoded));
    out->new_item = std::move(action.item);
  } else if (action.kind == WriteAction::kDelete && old.found()) {
    batch->Delete(Cf::kItems, key.bytes);
    batch->AddStats(StatsKey(t.id), -1, -static_cast<int64_t>(old.size));
    EntryItem none(nullptr, {}, 0);
    StageIndexChanges(indexes, table_key, old_item, none, batch, tally);
    StageStreamRecord(indexes, key, old_item, nullptr, origin, batch);
    StageTtlEntry(indexes, key, old_item, nullptr, batch);
  }
  tally->AddTable(WriteUnits(std::max(old.size, new_size)));
}

Status TransactionConflict() {
  return Status(ErrorType::kTransactionConflictException,
                "Transaction is ongoing for the item");
}

Status WriteUnderLock(Storage& storage, const Catalog& catalog,
                      LockTable& locks, StreamLog& streams,
                      const PreparedWrite& write, const ChangeOrigin& origin,
                      bool keep_old, CapacityTally* tally, WriteOutcome* out) {
  const TableDef& t = *write.table;
  const EncodedKey& key = write.key;
  std::lock_guard lock(locks.For(key.bytes));
  // The service refuses a single-item write while a transaction works on
  // the item (Developer Guide, "Transaction conflict handling").
  if (locks.InTransaction(key.bytes)) return TransactionConflict();
  // The stored bytes stay pinned until the write: the index entries of an
  // index that projects ALL are those bytes, and need no new encoding.
  PinnedValue old_bytes;
  DYNAROCK_RETURN_IF_ERROR(storage.Get(Cf::kItems, key.bytes, &old_bytes,
                                       &out->found, nullptr,
                                       Storage::Fill::kNoFill));
  FoundItem old;
  if (out->found) {
    old.encoded = old_bytes.view();
    // Only what reads the whole item decodes it; the size and the index
    // keys come from the encoding.
    if (write.condition.bound || write.change_reads_old || keep_old) {
      out->old_item.emplace();
      if (!DecodeItem(old.encoded, &*out->old_item))
        return Status::Internal("Internal server error");
      old.item = &*out->old_item;
      old.size = ItemSize(*out->old_item);
    } else if (old.encoded.empty() || !MeasureItem(old.encoded, &old.size)) {
      return Status::Internal("Internal server error");
    }
  }
  if (write.condition.bound && !write.condition.bound->Evaluate(old.item)) {
    // A failed condition still consumes a write unit.
    tally->AddTable(WriteUnits(old.size));
    return ConditionFailed(out->old_item, write.on_failure);
  }
  DYNAROCK_ASSIGN_OR_RETURN(auto action, write.change(old.item));
  WriteBatch batch(storage);
  StageWrite(catalog, t, key, old, std::move(action), origin, &batch, tally,
             out);
  if (!batch.empty()) DYNAROCK_RETURN_IF_ERROR(streams.Commit(&batch));
  return Status::OK();
}

}  // namespace dynarock
