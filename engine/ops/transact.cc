// TransactWriteItems and TransactGetItems.
//
// A write transaction validates every action as its single-item counterpart
// does, then registers its items with the lock table (cancelled with
// TransactionConflict where another transaction holds one), takes their
// stripes in address order, reads every item from one snapshot, checks every
// condition, and writes all the changes in one RocksDB batch, or nothing.
// A read transaction reads every item from one snapshot: a write
// transaction's batch is atomic, so no reader sees half of one.
#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "engine/format/item_codec.h"
#include "engine/format/key_codec.h"
#include "engine/ops/capacity.h"
#include "engine/ops/engine_impl.h"
#include "engine/ops/idempotency_cache.h"
#include "engine/ops/write_path.h"
#include "engine/storage/storage.h"

namespace dynarock {
namespace {

// API reference, TransactWriteItems and TransactGetItems: up to 100
// actions, 4 MB in all.
constexpr size_t kMaxTransactItems = 100;
constexpr size_t kMaxTransactBytes = 4 * 1024 * 1024;
constexpr char kDuplicateItem[] =
    "Transaction request cannot include multiple operations on one item";
constexpr char kTableNotFound[] = "Requested resource not found";

// TransactionCanceledException: the message lists every reason's code in
// order (as the service words it; dynoxide, alternator tests).
Status Cancelled(std::vector<CancellationReason> reasons) {
  std::string codes;
  for (const auto& r : reasons) {
    if (!codes.empty()) codes += ", ";
    codes += r.code;
  }
  Status st(ErrorType::kTransactionCanceledException,
            "Transaction cancelled, please refer cancellation reasons for "
            "specific reasons [" +
                codes + "]");
  st.set_cancellation_reasons(std::move(reasons));
  return st;
}

// Both transaction operations take 1 to 100 actions.
Status CheckTransactItemCount(size_t n) {
  if (n >= 1 && n <= kMaxTransactItems) return Status::OK();
  return Status::Validation(
      "1 validation error detected: Value at 'transactItems' failed to "
      "satisfy constraint: Member must have length " +
      std::string(n == 0 ? "greater than or equal to 1"
                         : "less than or equal to 100"));
}

// A transaction cancelled where another one holds an item: `taken` are the
// positions of those items among the `n` actions.
Status Conflicting(const std::vector<size_t>& taken, size_t n) {
  std::vector<CancellationReason> reasons(n);
  for (size_t i : taken) {
    reasons[i].code = "TransactionConflict";
    reasons[i].message = "Transaction is ongoing for the item";
  }
  return Cancelled(std::move(reasons));
}

}  // namespace

// What TransactWriteItems carries from phase to phase, one entry per action
// in the request's order.
struct EngineImpl::TransactionPlan {
  explicit TransactionPlan(size_t n)
      : is_check(n, false),
        item_errors(n),
        outcomes(n),
        old_sizes(n, 0),
        old_encoded(n),
        actions(n) {}

  // PrepareTransaction: the bound actions, and the DeleteItemRequests the
  // ConditionChecks are bound as (which `prepared` points into).
  std::vector<std::unique_ptr<PreparedWrite>> prepared;
  std::vector<std::unique_ptr<DeleteItemRequest>> checks;
  std::vector<bool> is_check;
  // What the table's schema refused of each action's item (a
  // ValidationError reason), OK for the others.
  std::vector<Status> item_errors;
  size_t bytes = 0;
  // CheckDistinctItems: the items' encoded keys.
  std::vector<std::string> keys;
  // CheckConditions: what each item holds and what is to become of it.
  std::vector<WriteOutcome> outcomes;
  std::vector<size_t> old_sizes;
  std::vector<std::string> old_encoded;
  std::vector<std::optional<WriteAction>> actions;
  // WriteTransaction: the capacity charged per table, in the order the
  // tables first appear.
  std::vector<const TableDef*> table_order;
  std::map<const TableDef*, CapacityTally> tallies;
  // The request's region, which the changes' stream records carry.
  std::string region;
};

Result<TransactWriteItemsResponse> EngineImpl::TransactWriteItems(
    const RequestContext& ctx, TransactWriteItemsRequest req) {
  DYNAROCK_RETURN_IF_ERROR(CheckTransactItemCount(req.transact_items.size()));
  TransactionPlan plan(req.transact_items.size());
  plan.region = ctx.region;
  DYNAROCK_RETURN_IF_ERROR(PrepareTransaction(req, &plan));
  DYNAROCK_RETURN_IF_ERROR(CheckDistinctItems(&plan));
  DYNAROCK_RETURN_IF_ERROR(CheckItemErrors(plan));

  // The same token and parameters within the window answer the first
  // result without applying anything again.
  IdempotencyCache<TransactWriteItemsResponse>::Claim claim;
  if (req.client_request_token) {
    std::optional<TransactWriteItemsResponse> replay;
    DYNAROCK_RETURN_IF_ERROR(idempotency_.Begin(
        *req.client_request_token, req.fingerprint, &replay, &claim));
    if (replay) return std::move(*replay);
  }

  // Register every item, or be cancelled where another transaction holds
  // one; then take the stripes in one order.
  std::vector<size_t> taken = locks_.RegisterTransaction(plan.keys);
  if (!taken.empty()) return Conflicting(taken, req.transact_items.size());
  TransactionRegistration registration(locks_, plan.keys);
  auto held = locks_.Acquire(
      std::vector<std::string_view>(plan.keys.begin(), plan.keys.end()));

  // Read every item from one snapshot; check every condition.
  auto snapshot = storage_->NewSnapshot();
  DYNAROCK_RETURN_IF_ERROR(CheckConditions(*snapshot, &plan));
  DYNAROCK_RETURN_IF_ERROR(WriteTransaction(&plan));
  held.clear();

  TransactWriteItemsResponse resp = TransactionResponse(req, plan);
  claim.Complete(resp);
  return resp;
}

Status EngineImpl::PrepareTransaction(TransactWriteItemsRequest& req,
                                      TransactionPlan* plan) {
  // Validate every action first, as its single-item counterpart would.
  // A ConditionCheck is bound as a DeleteItem that writes nothing.
  //
  // The service's order across the actions: an error in any action's own
  // parameters (expressions, values) first, then a table that does not
  // exist, then two actions on one item (CheckDistinctItems), and last
  // what only the table's schema shows of an item (its key's attributes
  // and types, an index key's type): that cancels the transaction with a
  // ValidationError reason on the action, None on the others.
  const size_t n = req.transact_items.size();
  std::vector<Status> request_errors(n), missing_tables(n);
  for (size_t i = 0; i < n; ++i) {
    TransactWriteItem& a = req.transact_items[i];
    auto p = std::make_unique<PreparedWrite>();
    Status st;
    if (a.put) {
      st = PreparePut(*a.put, p.get());
      plan->bytes += ItemSize(a.put->item);
    } else if (a.update) {
      st = PrepareUpdate(*a.update, p.get());
      plan->bytes += ItemSize(a.update->key);
    } else if (a.del) {
      st = PrepareDelete(*a.del, p.get());
      plan->bytes += ItemSize(a.del->key);
    } else if (a.condition_check) {
      ConditionCheck& c = *a.condition_check;
      auto d = std::make_unique<DeleteItemRequest>();
      d->table_name = std::move(c.table_name);
      d->key = std::move(c.key);
      d->condition_expression = std::move(c.condition_expression);
      d->expression_attribute_names = std::move(c.expression_attribute_names);
      d->expression_attribute_values = std::move(c.expression_attribute_values);
      d->return_values_on_condition_check_failure =
          c.return_values_on_condition_check_failure;
      st = PrepareDelete(*d, p.get());
      plan->bytes += ItemSize(d->key);
      p->change = [](const Item*) -> Result<WriteAction> {
        return WriteAction{};
      };
      plan->checks.push_back(std::move(d));
      plan->is_check[i] = true;
    } else {
      st = Status::Validation(
          "TransactItems can only contain one of Check, Put, Update or "
          "Delete");
    }
    if (!st.ok()) {
      if (st.type() == ErrorType::kResourceNotFoundException) {
        missing_tables[i] = std::move(st);
      } else if (p->table && st.type() == ErrorType::kValidationException &&
                 !IsRequestLevelKeyError(st)) {
        plan->item_errors[i] = std::move(st);
      } else {
        request_errors[i] = std::move(st);
      }
    }
    plan->prepared.push_back(std::move(p));
  }
  for (Status& st : request_errors) {
    if (!st.ok()) return std::move(st);
  }
  for (Status& st : missing_tables) {
    if (!st.ok()) return std::move(st);
  }
  return Status::OK();
}

Status EngineImpl::CheckItemErrors(const TransactionPlan& plan) {
  std::vector<CancellationReason> reasons(plan.item_errors.size());
  bool any = false;
  for (size_t i = 0; i < plan.item_errors.size(); ++i) {
    const Status& st = plan.item_errors[i];
    if (st.ok()) continue;
    reasons[i].code = "ValidationError";
    reasons[i].message = st.message();
    any = true;
  }
  return any ? Cancelled(std::move(reasons)) : Status::OK();
}

Status EngineImpl::CheckDistinctItems(TransactionPlan* plan) {
  std::set<std::string> seen;
  for (size_t i = 0; i < plan->prepared.size(); ++i) {
    if (!plan->item_errors[i].ok()) continue;  // no key to compare
    const auto& p = plan->prepared[i];
    if (!seen.insert(p->key.bytes).second)
      return Status::Validation(kDuplicateItem);
    plan->keys.push_back(p->key.bytes);
  }
  if (plan->bytes > kMaxTransactBytes) {
    return Status::Validation("Transaction request cannot be larger than 4 MB");
  }
  return Status::OK();
}

Status EngineImpl::CheckConditions(const Snapshot& snapshot,
                                   TransactionPlan* plan) {
  size_t n = plan->prepared.size();
  std::vector<CancellationReason> reasons(n);
  bool cancelled = false;
  for (size_t i = 0; i < n; ++i) {
    PreparedWrite& p = *plan->prepared[i];
    WriteOutcome& outcome = plan->outcomes[i];
    std::string& value = plan->old_encoded[i];
    bool found = false;
    DYNAROCK_RETURN_IF_ERROR(
        storage_->Get(Cf::kItems, p.key.bytes, &value, &found, &snapshot));
    outcome.found = found;
    if (found) {
      outcome.old_item.emplace();
      if (!DecodeItem(value, &*outcome.old_item))
        return Status::Internal("Internal server error");
      plan->old_sizes[i] = ItemSize(*outcome.old_item);
    }
    const Item* old_ptr = found ? &*outcome.old_item : nullptr;
    if (p.condition.bound && !p.condition.bound->Evaluate(old_ptr)) {
      reasons[i].code = "ConditionalCheckFailed";
      reasons[i].message = "The conditional request failed";
      if (p.on_failure == ReturnValues::kAllOld && found)
        reasons[i].item = *outcome.old_item;
      cancelled = true;
      continue;
    }
    auto action = p.change(old_ptr);
    if (!action.ok()) {
      // What only the stored item reveals (an update's type clash, an item
      // grown too large) cancels the transaction with a ValidationError.
      if (action.status().type() != ErrorType::kValidationException)
        return action.status();
      reasons[i].code = "ValidationError";
      reasons[i].message = action.status().message();
      cancelled = true;
      continue;
    }
    plan->actions[i] = std::move(action).value();
  }
  if (cancelled) return Cancelled(std::move(reasons));
  return Status::OK();
}

Status EngineImpl::WriteTransaction(TransactionPlan* plan) {
  // Every change in one batch, charged at the transactional rates.
  WriteBatch batch(*storage_);
  for (size_t i = 0; i < plan->prepared.size(); ++i) {
    const TableDef& t = *plan->prepared[i]->table;
    auto [it, inserted] = plan->tallies.try_emplace(&t, t, /*write=*/true);
    if (inserted) {
      it->second.SetTransactional();
      plan->table_order.push_back(&t);
    }
    if (plan->is_check[i]) {
      it->second.AddTableRead(
          ReadUnits(plan->old_sizes[i], /*consistent=*/true));
      continue;
    }
    FoundItem old;
    if (plan->outcomes[i].old_item) {
      old = {&*plan->outcomes[i].old_item, plan->old_encoded[i],
             plan->old_sizes[i]};
    }
    StageWrite(catalog_, t, plan->prepared[i]->key, old,
               std::move(*plan->actions[i]), ChangeOrigin{plan->region}, &batch,
               &it->second, &plan->outcomes[i]);
  }
  if (!batch.empty()) DYNAROCK_RETURN_IF_ERROR(streams_.Commit(&batch));
  return Status::OK();
}

TransactWriteItemsResponse EngineImpl::TransactionResponse(
    const TransactWriteItemsRequest& req, const TransactionPlan& plan) const {
  TransactWriteItemsResponse resp;
  // Reported even when not asked for: a CapacityMeter may be counting.
  for (const TableDef* t : plan.table_order) {
    auto c = plan.tallies.at(t).Report(req.return_consumed_capacity);
    if (!c) continue;
    if (!resp.consumed_capacity) resp.consumed_capacity.emplace();
    resp.consumed_capacity->push_back(std::move(*c));
  }
  for (size_t i = 0; i < plan.prepared.size(); ++i) {
    if (plan.is_check[i]) continue;
    const TableDef& t = *plan.prepared[i]->table;
    const WriteOutcome& outcome = plan.outcomes[i];
    const Item* item = outcome.new_item   ? &*outcome.new_item
                       : outcome.old_item ? &*outcome.old_item
                                          : nullptr;
    if (!item) continue;
    if (auto m = CollectionMetrics(*storage_, t, *item, plan.prepared[i]->key,
                                   req.return_item_collection_metrics)) {
      resp.item_collection_metrics[t.name].push_back(std::move(*m));
    }
  }
  return resp;
}

Result<TransactGetItemsResponse> EngineImpl::TransactGetItems(
    const RequestContext& ctx, TransactGetItemsRequest req) {
  DYNAROCK_RETURN_IF_ERROR(CheckTransactItemCount(req.transact_items.size()));
  struct Read {
    std::shared_ptr<const TableDef> table;
    EncodedKey key;
    std::optional<BoundProjection> projection;
  };
  std::vector<Read> reads;
  std::set<std::string> seen;
  std::vector<Status> key_errors;  // per action, when any
  for (auto& g : req.transact_items) {
    Read r;
    DYNAROCK_RETURN_IF_ERROR(CheckPlaceholderMapsUsed(
        g.expression_attribute_names.has_value(), false,
        {{"ProjectionExpression", g.projection_expression.has_value()}}, {}));
    DYNAROCK_ASSIGN_OR_RETURN(r.projection,
                              BindProjectionOnly(g.projection_expression,
                                                 g.expression_attribute_names));
    for (auto& [name, v] : g.key) DYNAROCK_RETURN_IF_ERROR(ValidateValue(&v));
    DYNAROCK_ASSIGN_OR_RETURN(auto table,
                              FindTable(g.table_name, kTableNotFound));
    r.table = table;
    // A key the table's schema refuses cancels the transaction (below).
    Status key = ExtractKeyParam(*r.table, g.key, &r.key);
    if (!key.ok() && !IsRequestLevelKeyError(key)) {
      key_errors.resize(req.transact_items.size());
      key_errors[reads.size()] = std::move(key);
    } else if (!key.ok()) {
      return key;
    } else if (!seen.insert(r.key.bytes).second) {
      return Status::Validation(kDuplicateItem);
    }
    reads.push_back(std::move(r));
  }
  if (!key_errors.empty()) {
    std::vector<CancellationReason> reasons(key_errors.size());
    for (size_t i = 0; i < key_errors.size(); ++i) {
      if (key_errors[i].ok()) continue;
      reasons[i].code = "ValidationError";
      reasons[i].message = key_errors[i].message();
    }
    return Cancelled(std::move(reasons));
  }

  TransactGetItemsResponse resp;
  std::vector<const TableDef*> table_order;
  std::map<const TableDef*, CapacityTally> tallies;
  auto snapshot = storage_->NewSnapshot();
  for (auto& r : reads) {
    std::string value;
    bool found = false;
    DYNAROCK_RETURN_IF_ERROR(
        storage_->Get(Cf::kItems, r.key.bytes, &value, &found, snapshot.get()));
    size_t size = 0;
    std::optional<Item> out;
    if (found) {
      Item item;
      if (!DecodeItem(value, &item))
        return Status::Internal("Internal server error");
      size = ItemSize(item);
      out = r.projection ? r.projection->Project(item) : std::move(item);
    }
    resp.responses.push_back(std::move(out));
    const TableDef& t = *r.table;
    auto [it, inserted] = tallies.try_emplace(&t, t, /*write=*/false);
    if (inserted) {
      it->second.SetTransactional();
      table_order.push_back(&t);
    }
    // Two strongly consistent read units per 4 KB, whatever is projected.
    it->second.AddTable(ReadUnits(size, /*consistent=*/true));
  }
  // Reported even when not asked for: a CapacityMeter may be counting.
  for (const TableDef* t : table_order) {
    auto c = tallies.at(t).Report(req.return_consumed_capacity);
    if (!c) continue;
    if (!resp.consumed_capacity) resp.consumed_capacity.emplace();
    resp.consumed_capacity->push_back(std::move(*c));
  }
  return resp;
}

}  // namespace dynarock
