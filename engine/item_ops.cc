// Single-item operations: PutItem, GetItem, DeleteItem.
#include <algorithm>

#include "engine/capacity.h"
#include "engine/engine_impl.h"
#include "engine/item_codec.h"
#include "engine/key_codec.h"
#include "engine/projection.h"
#include "engine/validate.h"

namespace dynarock {
namespace {

constexpr char kTableNotFound[] = "Requested resource not found";

// Expressions other than ProjectionExpression arrive with the expression
// language; until then a request that carries one is refused rather than
// executed without its condition.
Status RefuseCondition(const std::optional<std::string>& condition) {
  if (condition) {
    return Status::Validation("ConditionExpression is not supported by this server yet");
  }
  return Status::OK();
}

Status CheckExpressionMaps(const std::optional<AttributeNames>& names,
                           const std::optional<AttributeValues>& values, bool has_expression) {
  if (!has_expression) {
    if (names) return Status::Validation("ExpressionAttributeNames can only be specified when using expressions");
    if (values) return Status::Validation("ExpressionAttributeValues can only be specified when using expressions");
  }
  return Status::OK();
}

// The index entries an item has: for each index, its entry key and
// projected attributes (absent for an item the sparse index leaves out).
struct IndexEntry {
  const IndexDef* index = nullptr;
  bool present = false;
  std::string key;
  std::string value;
  size_t size = 0;
};

void ComputeEntries(const TableDef& t, const Item* item, std::vector<IndexEntry>* out) {
  out->clear();
  for (const auto* list : {&t.global_indexes, &t.local_indexes}) {
    for (const auto& ix : *list) {
      IndexEntry e;
      e.index = &ix;
      if (item && IndexEntryKey(t, ix, *item, &e.key)) {
        e.present = true;
        Item projected = ProjectForIndex(t, ix, *item);
        e.size = ItemSize(projected);
        EncodeItem(projected, &e.value);
      }
      out->push_back(std::move(e));
    }
  }
}

// Stages the index changes from old_item to new_item (either may be null)
// and tallies their write units, as the Developer Guide's "Provisioned
// throughput considerations for global secondary indexes" counts them: one
// write to put or delete an entry, two when the index key changes, one when
// only projected attributes change, none when the entry is untouched.
void StageIndexChanges(const TableDef& t, const Item* old_item, const Item* new_item, WriteBatch* batch,
                       CapacityTally* tally) {
  if (t.global_indexes.empty() && t.local_indexes.empty()) return;
  std::vector<IndexEntry> before, after;
  ComputeEntries(t, old_item, &before);
  ComputeEntries(t, new_item, &after);
  for (size_t i = 0; i < before.size(); ++i) {
    const IndexEntry& b = before[i];
    const IndexEntry& a = after[i];
    const IndexDef& ix = *b.index;
    std::string stats = StatsKey(ix.id);
    if (b.present && a.present && b.key == a.key) {
      if (b.value == a.value) continue;
      batch->Put(Cf::kIndexes, a.key, a.value);
      batch->AddStats(stats, 0, static_cast<int64_t>(a.size) - static_cast<int64_t>(b.size));
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
std::optional<ItemCollectionMetrics> CollectionMetrics(const Storage& storage, const TableDef& t,
                                                       const Item& item, const EncodedKey& key,
                                                       ReturnItemCollectionMetrics mode) {
  if (mode == ReturnItemCollectionMetrics::kNone || t.local_indexes.empty()) return std::nullopt;
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

}  // namespace

Result<PutItemResponse> EngineImpl::PutItem(const RequestContext& ctx, PutItemRequest req) {
  if (req.return_values != ReturnValues::kNone && req.return_values != ReturnValues::kAllOld) {
    return Status::Validation("ReturnValues can only be ALL_OLD or NONE");
  }
  DYNAROCK_RETURN_IF_ERROR(ValidateItemValues(&req.item));
  // The service checks the item's size before it looks up the table.
  size_t new_size = ItemSize(req.item);
  if (new_size > kMaxItemBytes) {
    return Status::Validation("Item size has exceeded the maximum allowed size");
  }
  DYNAROCK_RETURN_IF_ERROR(CheckExpressionMaps(req.expression_attribute_names, req.expression_attribute_values,
                                               req.condition_expression.has_value()));
  DYNAROCK_RETURN_IF_ERROR(RefuseCondition(req.condition_expression));
  auto table = FindTable(req.table_name, kTableNotFound);
  if (!table.ok()) return table.status();
  const TableDef& t = **table;
  EncodedKey key;
  DYNAROCK_RETURN_IF_ERROR(ExtractItemKey(t, req.item, &key));
  DYNAROCK_RETURN_IF_ERROR(CheckIndexKeys(t, req.item));

  std::string encoded;
  EncodeItem(req.item, &encoded);
  CapacityTally tally(t, /*write=*/true);
  PutItemResponse resp;
  {
    std::lock_guard lock(locks_.For(key.bytes));
    std::string old_bytes;
    bool found = false;
    DYNAROCK_RETURN_IF_ERROR(storage_->Get(Cf::kItems, key.bytes, &old_bytes, &found));
    std::optional<Item> old_item;
    size_t old_size = 0;
    if (found) {
      old_item.emplace();
      if (!DecodeItem(old_bytes, &*old_item)) return Status::Internal("Internal server error");
      old_size = ItemSize(*old_item);
    }
    WriteBatch batch(*storage_);
    batch.Put(Cf::kItems, key.bytes, encoded);
    batch.AddStats(StatsKey(t.id), found ? 0 : 1, static_cast<int64_t>(new_size) - static_cast<int64_t>(old_size));
    StageIndexChanges(t, old_item ? &*old_item : nullptr, &req.item, &batch, &tally);
    DYNAROCK_RETURN_IF_ERROR(storage_->Write(&batch));
    // A put is charged for the larger of the old and the new item.
    tally.AddTable(WriteUnits(std::max(old_size, new_size)));
    if (req.return_values == ReturnValues::kAllOld && old_item) resp.attributes = std::move(old_item);
  }
  resp.consumed_capacity = tally.Report(req.return_consumed_capacity);
  resp.item_collection_metrics =
      CollectionMetrics(*storage_, t, req.item, key, req.return_item_collection_metrics);
  return resp;
}

Result<GetItemResponse> EngineImpl::GetItem(const RequestContext& ctx, GetItemRequest req) {
  if (req.projection_expression && req.attributes_to_get) {
    return Status::Validation(
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
  }
  DYNAROCK_RETURN_IF_ERROR(
      CheckExpressionMaps(req.expression_attribute_names, std::nullopt, req.projection_expression.has_value()));
  std::vector<DocumentPath> paths;
  if (req.projection_expression) {
    std::set<std::string> used;
    const AttributeNames* names = req.expression_attribute_names ? &*req.expression_attribute_names : nullptr;
    DYNAROCK_RETURN_IF_ERROR(ParseProjection(*req.projection_expression, names, &paths, &used));
    DYNAROCK_RETURN_IF_ERROR(CheckUnusedNames(names, used));
  } else if (req.attributes_to_get) {
    for (const auto& a : *req.attributes_to_get) {
      if (std::count(req.attributes_to_get->begin(), req.attributes_to_get->end(), a) > 1) {
        return Status::Validation("One or more parameter values were invalid: Duplicate value in attribute name: " + a);
      }
      paths.push_back({a});
    }
  }
  for (auto& [name, v] : req.key) DYNAROCK_RETURN_IF_ERROR(ValidateValue(&v));
  auto table = FindTable(req.table_name, kTableNotFound);
  if (!table.ok()) return table.status();
  const TableDef& t = **table;
  EncodedKey key;
  DYNAROCK_RETURN_IF_ERROR(ExtractKeyParam(t, req.key, &key));

  std::string bytes;
  bool found = false;
  DYNAROCK_RETURN_IF_ERROR(storage_->Get(Cf::kItems, key.bytes, &bytes, &found));
  GetItemResponse resp;
  size_t size = 0;
  if (found) {
    Item item;
    if (!DecodeItem(bytes, &item)) return Status::Internal("Internal server error");
    size = ItemSize(item);
    resp.item = paths.empty() ? std::move(item) : Project(item, paths);
  }
  CapacityTally tally(t, /*write=*/false);
  // Charged for the whole item, whatever the projection returns.
  tally.AddTable(ReadUnits(size, req.consistent_read));
  resp.consumed_capacity = tally.Report(req.return_consumed_capacity);
  return resp;
}

Result<DeleteItemResponse> EngineImpl::DeleteItem(const RequestContext& ctx, DeleteItemRequest req) {
  if (req.return_values != ReturnValues::kNone && req.return_values != ReturnValues::kAllOld) {
    return Status::Validation("ReturnValues can only be ALL_OLD or NONE");
  }
  DYNAROCK_RETURN_IF_ERROR(CheckExpressionMaps(req.expression_attribute_names, req.expression_attribute_values,
                                               req.condition_expression.has_value()));
  DYNAROCK_RETURN_IF_ERROR(RefuseCondition(req.condition_expression));
  for (auto& [name, v] : req.key) DYNAROCK_RETURN_IF_ERROR(ValidateValue(&v));
  auto table = FindTable(req.table_name, kTableNotFound);
  if (!table.ok()) return table.status();
  const TableDef& t = **table;
  EncodedKey key;
  DYNAROCK_RETURN_IF_ERROR(ExtractKeyParam(t, req.key, &key));

  CapacityTally tally(t, /*write=*/true);
  DeleteItemResponse resp;
  std::optional<Item> old_item;
  {
    std::lock_guard lock(locks_.For(key.bytes));
    std::string old_bytes;
    bool found = false;
    DYNAROCK_RETURN_IF_ERROR(storage_->Get(Cf::kItems, key.bytes, &old_bytes, &found));
    size_t old_size = 0;
    if (found) {
      old_item.emplace();
      if (!DecodeItem(old_bytes, &*old_item)) return Status::Internal("Internal server error");
      old_size = ItemSize(*old_item);
      WriteBatch batch(*storage_);
      batch.Delete(Cf::kItems, key.bytes);
      batch.AddStats(StatsKey(t.id), -1, -static_cast<int64_t>(old_size));
      StageIndexChanges(t, &*old_item, nullptr, &batch, &tally);
      DYNAROCK_RETURN_IF_ERROR(storage_->Write(&batch));
    }
    tally.AddTable(WriteUnits(old_size));
  }
  resp.consumed_capacity = tally.Report(req.return_consumed_capacity);
  if (old_item) {
    resp.item_collection_metrics =
        CollectionMetrics(*storage_, t, *old_item, key, req.return_item_collection_metrics);
  }
  if (req.return_values == ReturnValues::kAllOld) resp.attributes = std::move(old_item);
  return resp;
}

}  // namespace dynarock
