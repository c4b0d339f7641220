#include "engine/write_path.h"

#include <algorithm>

#include "engine/capacity.h"
#include "engine/item_codec.h"
#include "engine/key_codec.h"
#include "engine/storage.h"

namespace dynarock {
namespace {

// The index entries an item has: for each index, its entry key and
// projected attributes (absent for an item the sparse index leaves out).
struct IndexEntry {
  const IndexDef* index = nullptr;
  bool present = false;
  std::string key;
  std::string value;
  size_t size = 0;
};

void ComputeEntries(const TableDef& t, const Item* item,
                    const ItemEncoding& known, std::vector<IndexEntry>* out) {
  out->clear();
  // An index that projects ALL stores the whole item: encode and size it
  // once, whatever the number of such indexes, or not at all when the
  // caller has the encoding already.
  std::optional<std::string> whole;
  std::string_view whole_bytes = known.bytes;
  size_t whole_size = known.size;
  for (const auto* list : {&t.global_indexes, &t.local_indexes}) {
    for (const auto& ix : *list) {
      IndexEntry e;
      e.index = &ix;
      if (item && IndexEntryKey(t, ix, *item, &e.key)) {
        e.present = true;
        if (ix.projection.projection_type.value_or(ProjectionType::kAll) ==
            ProjectionType::kAll) {
          if (whole_bytes.empty()) {
            whole.emplace();
            EncodeItem(*item, &*whole);
            whole_bytes = *whole;
            whole_size = ItemSize(*item);
          }
          e.value = whole_bytes;
          e.size = whole_size;
        } else {
          Item projected = ProjectForIndex(t, ix, *item);
          e.size = ItemSize(projected);
          EncodeItem(projected, &e.value);
        }
      }
      out->push_back(std::move(e));
    }
  }
}

}  // namespace

// Stages the index changes from old_item to new_item (either may be null)
// and tallies their write units, as the Developer Guide's "Provisioned
// throughput considerations for global secondary indexes" counts them: one
// write to put or delete an entry, two when the index key changes, one when
// only projected attributes change, none when the entry is untouched.
void StageIndexChanges(const TableDef& t, const Item* old_item,
                       const Item* new_item, WriteBatch* batch,
                       CapacityTally* tally, const ItemEncoding& old_encoding,
                       const ItemEncoding& new_encoding) {
  if (t.global_indexes.empty() && t.local_indexes.empty()) return;
  std::vector<IndexEntry> before, after;
  ComputeEntries(t, old_item, old_encoding, &before);
  ComputeEntries(t, new_item, new_encoding, &after);
  for (size_t i = 0; i < before.size(); ++i) {
    const IndexEntry& b = before[i];
    const IndexEntry& a = after[i];
    const IndexDef& ix = *b.index;
    if (!b.present && !a.present) continue;
    std::string stats = StatsKey(ix.id);
    if (b.present && a.present && b.key == a.key) {
      if (b.value == a.value) continue;
      batch->Put(Cf::kIndexes, a.key, a.value);
      batch->AddStats(
          stats, 0,
          static_cast<int64_t>(a.size) - static_cast<int64_t>(b.size));
      tally->AddIndex(ix, WriteUnits(std::max(a.size, b.size)));
      continue;
    }
    if (b.present) {
      batch->Delete(Cf::kIndexes, b.key);
      batch->AddStats(stats, -1, -static_cast<int64_t>(b.size));
      tally->AddIndex(ix, WriteUnits(b.size));
    }
    if (a.present) {
      batch->Put(Cf::kIndexes, a.key, a.value);
      batch->AddStats(stats, 1, static_cast<int64_t>(a.size));
      tally->AddIndex(ix, WriteUnits(a.size));
    }
  }
}

// ReturnItemCollectionMetrics=SIZE applies to tables with local secondary
// indexes: the service estimates the item collection's size as a range in
// GB. This one measures it, and reports the 1 GB range that holds it.
std::optional<ItemCollectionMetrics> CollectionMetrics(
    const Storage& storage, const TableDef& t, const Item& item,
    const EncodedKey& key, ReturnItemCollectionMetrics mode) {
  if (mode == ReturnItemCollectionMetrics::kNone || t.local_indexes.empty())
    return std::nullopt;
  std::string prefix;
  AppendKeySpace(t.id, &prefix);
  AppendBigEndian64(PartitionHash(key.partition), &prefix);
  prefix += key.partition;
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
                const EncodedKey& key, const Item* old_item, size_t old_size,
                WriteAction action, WriteBatch* batch, CapacityTally* tally,
                WriteOutcome* out, std::string_view old_encoded) {
  const ItemEncoding old_encoding{old_encoded, old_size};
  // The indexes to maintain are those of the table's current definition,
  // read under the item's lock: a GSI created since the request looked the
  // table up is maintained too, so its backfill (which takes the same lock
  // for each item) can never miss this write.
  std::shared_ptr<const TableDef> current = catalog.Find(t.name);
  const TableDef& indexes = current && current->id == t.id ? *current : t;
  size_t new_size = 0;
  if (action.kind == WriteAction::kPut) {
    new_size = action.size != 0 ? action.size : ItemSize(action.item);
    std::string encoded;
    EncodeItem(action.item, &encoded);
    batch->AddStats(
        StatsKey(t.id), old_item ? 0 : 1,
        static_cast<int64_t>(new_size) - static_cast<int64_t>(old_size));
    StageIndexChanges(indexes, old_item, &action.item, batch, tally,
                      old_encoding, ItemEncoding{encoded, new_size});
    // Last, as the batch keeps the encoding for the item cache.
    batch->PutItem(key.bytes, std::move(encoded));
    out->new_item = std::move(action.item);
  } else if (action.kind == WriteAction::kDelete && old_item) {
    batch->Delete(Cf::kItems, key.bytes);
    batch->AddStats(StatsKey(t.id), -1, -static_cast<int64_t>(old_size));
    StageIndexChanges(indexes, old_item, nullptr, batch, tally, old_encoding);
  }
  tally->AddTable(WriteUnits(std::max(old_size, new_size)));
}

Status TransactionConflict() {
  return Status(ErrorType::kTransactionConflictException,
                "Transaction is ongoing for the item");
}

// Under the item's lock: reads the item, checks the condition, asks
// `change` what to write, and writes it with its index entries and
// statistics in one batch. Capacity: the larger of the old and new sizes,
// at least one unit, whatever happened.
Status WriteUnderLock(
    Storage& storage, const Catalog& catalog, LockTable& locks,
    const TableDef& t, const EncodedKey& key,
    const PreparedCondition& condition, ReturnValues on_failure,
    const std::function<Result<WriteAction>(const Item* old_item)>& change,
    CapacityTally* tally, WriteOutcome* out) {
  std::lock_guard lock(locks.For(key.bytes));
  // The service refuses a single-item write while a transaction works on
  // the item (Developer Guide, "Transaction conflict handling").
  if (locks.InTransaction(key.bytes)) return TransactionConflict();
  PinnedValue old_bytes;
  bool found = false;
  DYNAROCK_RETURN_IF_ERROR(storage.Get(Cf::kItems, key.bytes, &old_bytes,
                                       &found, nullptr,
                                       Storage::Fill::kNoFill));
  size_t old_size = 0;
  if (found) {
    out->old_item.emplace();
    if (!DecodeItem(old_bytes.view(), &*out->old_item))
      return Status::Internal("Internal server error");
    old_size = ItemSize(*out->old_item);
  }
  const Item* old_ptr = out->old_item ? &*out->old_item : nullptr;
  if (condition.bound && !condition.bound->Evaluate(old_ptr)) {
    // A failed condition still consumes a write unit.
    tally->AddTable(WriteUnits(old_size));
    return ConditionFailed(out->old_item, on_failure);
  }
  auto action = change(old_ptr);
  if (!action.ok()) return action.status();
  WriteBatch batch(storage);
  // The stored bytes stay pinned until here: the index entries of an
  // index that projects ALL are those bytes, and need no new encoding.
  StageWrite(catalog, t, key, old_ptr, old_size, std::move(action).value(),
             &batch, tally, out, old_bytes.view());
  if (!batch.empty()) DYNAROCK_RETURN_IF_ERROR(storage.Write(&batch));
  return Status::OK();
}

}  // namespace dynarock
