// BatchWriteItem and BatchGetItem: many single-item writes or reads in one
// request. The whole request is validated before anything is written; each
// write then stands alone (the service makes no batch atomic).
#include <algorithm>
#include <mutex>
#include <set>

#include "engine/format/item_codec.h"
#include "engine/ops/capacity.h"
#include "engine/ops/engine_impl.h"
#include "engine/ops/write_path.h"
#include "engine/storage/storage.h"

namespace dynarock {
namespace {

// The service's limits (API reference, BatchGetItem); kMaxBatchWrites is
// in requests.h.
constexpr size_t kMaxBatchGets = 100;
// BatchGetItem returns at most 16 MB; the rest comes back as
// UnprocessedKeys.
constexpr size_t kMaxBatchGetBytes = 16 * 1024 * 1024;

constexpr char kTableNotFound[] = "Requested resource not found";
constexpr char kDuplicateKeys[] =
    "Provided list of item keys contains duplicates";

// One validated write of a BatchWriteItem.
struct PlannedWrite {
  const TableDef* table;
  EncodedKey key;
  std::optional<Item> item;  // a put; absent for a delete
  Item key_item;             // for ItemCollectionMetrics of a delete
};

}  // namespace

Result<BatchWriteItemResponse> EngineImpl::BatchWriteItem(
    const RequestContext& ctx, BatchWriteItemRequest req) {
  size_t total = 0;
  for (const auto& [name, writes] : req.request_items) total += writes.size();
  if (total > kMaxBatchWrites) {
    return Status::Validation(
        "Too many items requested for the BatchWriteItem call");
  }
  // Validate everything first: a bad request writes nothing. Values and
  // sizes are checked before any table is looked up, as the service does.
  for (auto& [name, writes] : req.request_items) {
    for (auto& w : writes) {
      if (w.put_item) {
        DYNAROCK_RETURN_IF_ERROR(ValidateItemValues(&*w.put_item));
        if (ItemSize(*w.put_item) > kMaxItemBytes) {
          return Status::Validation(
              "Item size has exceeded the maximum allowed size");
        }
      } else {
        for (auto& [attr, v] : *w.delete_key)
          DYNAROCK_RETURN_IF_ERROR(ValidateValue(&v));
      }
    }
  }
  std::vector<std::shared_ptr<const TableDef>> tables;
  std::vector<PlannedWrite> plan;
  for (auto& [name, writes] : req.request_items) {
    DYNAROCK_ASSIGN_OR_RETURN(auto table, FindTable(name, kTableNotFound));
    tables.push_back(table);
    const TableDef& t = *table;
    std::set<std::string> keys;
    for (auto& w : writes) {
      PlannedWrite p;
      p.table = &t;
      if (w.put_item) {
        DYNAROCK_RETURN_IF_ERROR(ExtractItemKey(
            t, *w.put_item, &p.key, ItemKeyContext::kBatchWriteItem));
        DYNAROCK_RETURN_IF_ERROR(CheckIndexKeys(t, *w.put_item));
        p.item = std::move(*w.put_item);
      } else {
        DYNAROCK_RETURN_IF_ERROR(ExtractKeyParam(t, *w.delete_key, &p.key));
        p.key_item = std::move(*w.delete_key);
      }
      if (!keys.insert(p.key.bytes).second)
        return Status::Validation(kDuplicateKeys);
      plan.push_back(std::move(p));
    }
  }

  // Every item's lock, taken in one order; then every write in one batch.
  // A write that meets an in-flight transaction refuses the request before
  // anything is written.
  std::vector<std::string_view> keys;
  keys.reserve(plan.size());
  for (const auto& p : plan) keys.push_back(p.key.bytes);
  auto held = locks_.Acquire(keys);
  for (const auto& p : plan) {
    if (locks_.InTransaction(p.key.bytes)) return TransactionConflict();
  }

  BatchWriteItemResponse resp;
  std::map<const TableDef*, CapacityTally> tallies;
  std::vector<WriteOutcome> outcomes(plan.size());
  WriteBatch batch(*storage_);
  batch.CacheOnlyCachedItems();
  // The items replaced, read together.
  std::vector<PinnedValue> old_bytes(plan.size());
  auto found = std::make_unique<bool[]>(plan.size());
  DYNAROCK_RETURN_IF_ERROR(
      storage_->MultiGet(Cf::kItems, keys.size(), keys.data(), old_bytes.data(),
                         found.get(), nullptr, Storage::Fill::kNoFill));
  for (size_t i = 0; i < plan.size(); ++i) {
    PlannedWrite& p = plan[i];
    const TableDef& t = *p.table;
    CapacityTally& tally =
        tallies.try_emplace(&t, t, /*write=*/true).first->second;
    WriteOutcome& outcome = outcomes[i];
    outcome.found = found[i];
    // Nothing here reads the item replaced as a whole: its size and index
    // keys come from its encoding.
    FoundItem old;
    if (outcome.found) {
      old.encoded = old_bytes[i].view();
      if (old.encoded.empty() || !MeasureItem(old.encoded, &old.size))
        return Status::Internal("Internal server error");
    }
    WriteAction action{p.item ? WriteAction::kPut : WriteAction::kDelete, {}};
    if (p.item) action.item = std::move(*p.item);
    StageWrite(catalog_, t, p.key, old, std::move(action),
               ChangeOrigin{ctx.region}, &batch, &tally, &outcome);
  }
  old_bytes.clear();
  if (!batch.empty()) DYNAROCK_RETURN_IF_ERROR(streams_.Commit(&batch));
  held.clear();
  for (size_t i = 0; i < plan.size(); ++i) {
    const PlannedWrite& p = plan[i];
    const WriteOutcome& outcome = outcomes[i];
    // The collection is named by its partition key, which the request's key
    // holds.
    const Item& collection_item =
        outcome.new_item ? *outcome.new_item : p.key_item;
    if (auto m = CollectionMetrics(*storage_, *p.table, collection_item, p.key,
                                   req.return_item_collection_metrics)) {
      resp.item_collection_metrics[p.table->name].push_back(std::move(*m));
    }
  }
  // Reported even when not asked for: a CapacityMeter may be counting.
  for (const auto& t : tables) {
    auto it = tallies.find(t.get());
    if (it == tallies.end()) continue;
    auto c = it->second.Report(req.return_consumed_capacity);
    if (!c) continue;
    if (!resp.consumed_capacity) resp.consumed_capacity.emplace();
    resp.consumed_capacity->push_back(std::move(*c));
  }
  if (req.return_consumed_capacity != ReturnConsumedCapacity::kNone &&
      !resp.consumed_capacity)
    resp.consumed_capacity.emplace();
  return resp;
}

Result<BatchGetItemResponse> EngineImpl::BatchGetItem(const RequestContext& ctx,
                                                      BatchGetItemRequest req) {
  size_t total = 0;
  for (const auto& [name, ka] : req.request_items) total += ka.keys.size();
  if (total > kMaxBatchGets) {
    return Status::Validation(
        "Too many items requested for the BatchGetItem call");
  }
  // Per table: its definition, its projection, its encoded keys.
  struct TableRead {
    std::shared_ptr<const TableDef> table;
    std::optional<BoundProjection> projection;
    std::vector<EncodedKey> keys;
  };
  std::vector<TableRead> reads;
  for (auto& [name, ka] : req.request_items) {
    TableRead read;
    DYNAROCK_RETURN_IF_ERROR(CheckMixedParameters(
        {{"AttributesToGet", ka.attributes_to_get.has_value()}},
        {{"ProjectionExpression", ka.projection_expression.has_value()}}));
    DYNAROCK_RETURN_IF_ERROR(CheckPlaceholderMapsUsed(
        ka.expression_attribute_names.has_value(), false,
        {{"ProjectionExpression", ka.projection_expression.has_value()}}, {}));
    DYNAROCK_ASSIGN_OR_RETURN(
        read.projection, BindProjectionOnly(ka.projection_expression,
                                            ka.expression_attribute_names));
    DYNAROCK_ASSIGN_OR_RETURN(auto table, FindTable(name, kTableNotFound));
    read.table = table;
    std::set<std::string> seen;
    for (auto& key : ka.keys) {
      for (auto& [attr, v] : key) DYNAROCK_RETURN_IF_ERROR(ValidateValue(&v));
      EncodedKey k;
      DYNAROCK_RETURN_IF_ERROR(ExtractKeyParam(*read.table, key, &k));
      if (!seen.insert(k.bytes).second)
        return Status::Validation(kDuplicateKeys);
      read.keys.push_back(std::move(k));
    }
    reads.push_back(std::move(read));
  }

  BatchGetItemResponse resp;
  size_t bytes = 0;
  bool full = false;
  auto snapshot = storage_->NewSnapshot();
  for (size_t i = 0; i < reads.size(); ++i) {
    TableRead& read = reads[i];
    const auto& [name, ka] = req.request_items[i];
    const TableDef& t = *read.table;
    CapacityTally tally(t, /*write=*/false);
    auto& out = resp.responses[t.name];
    for (size_t k = 0; k < read.keys.size(); ++k) {
      std::string value;
      bool found = false;
      Item item;
      size_t size = 0;
      if (!full) {
        DYNAROCK_RETURN_IF_ERROR(storage_->Get(Cf::kItems, read.keys[k].bytes,
                                               &value, &found, snapshot.get()));
        if (found) {
          if (!DecodeItem(value, &item))
            return Status::Internal("Internal server error");
          size = ItemSize(item);
          // An item that would take the response past 16 MB, and every
          // key after it, is left for the caller to ask again.
          if (bytes + size > kMaxBatchGetBytes) full = true;
        }
      }
      if (full) {
        KeysAndAttributes& rest = resp.unprocessed_keys[name];
        if (rest.keys.empty()) {
          rest.projection_expression = ka.projection_expression;
          rest.expression_attribute_names = ka.expression_attribute_names;
          rest.attributes_to_get = ka.attributes_to_get;
          rest.consistent_read = ka.consistent_read;
        }
        rest.keys.push_back(ka.keys[k]);
        continue;
      }
      if (found) {
        bytes += size;
        if (read.projection) {
          out.push_back(read.projection->Project(item));
        } else if (ka.attributes_to_get) {
          Item projected;
          for (const auto& a : *ka.attributes_to_get) {
            auto it = item.find(a);
            if (it != item.end()) projected.insert(*it);
          }
          out.push_back(std::move(projected));
        } else {
          out.push_back(std::move(item));
        }
      }
      // Each item is charged on its own, as GetItem charges it.
      tally.AddTable(ReadUnits(size, ka.consistent_read));
    }
    // Reported even when not asked for: a CapacityMeter may be counting.
    if (auto c = tally.Report(req.return_consumed_capacity)) {
      if (!resp.consumed_capacity) resp.consumed_capacity.emplace();
      resp.consumed_capacity->push_back(std::move(*c));
    }
  }
  return resp;
}

}  // namespace dynarock
