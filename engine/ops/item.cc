// Single-item operations: PutItem, GetItem, DeleteItem, UpdateItem.
#include <algorithm>
#include <functional>
#include <set>

#include "engine/expr/expression.h"
#include "engine/expr/legacy.h"
#include "engine/format/item_codec.h"
#include "engine/format/key_codec.h"
#include "engine/format/keys.h"
#include "engine/ops/capacity.h"
#include "engine/ops/engine_impl.h"
#include "engine/ops/write_path.h"
#include "engine/schema/validate.h"

namespace dynarock {
namespace {

constexpr char kTableNotFound[] = "Requested resource not found";

// The parameter rules PutItem and DeleteItem share.
template <typename Request>
Status CheckWriteParameters(const Request& req) {
  DYNAROCK_RETURN_IF_ERROR(CheckMixedParameters(
      {{"Expected", req.expected.has_value()},
       {"ConditionalOperator", req.conditional_operator.has_value()}},
      {{"ConditionExpression", req.condition_expression.has_value()}}));
  DYNAROCK_RETURN_IF_ERROR(
      CheckConditionalOperator(req.conditional_operator.has_value(),
                               req.expected ? req.expected->size() : 0));
  std::initializer_list<PresentParameter> users = {
      {"ConditionExpression", req.condition_expression.has_value()}};
  return CheckPlaceholderMapsUsed(req.expression_attribute_names.has_value(),
                                  req.expression_attribute_values.has_value(),
                                  users, users);
}

Status ValidateExpected(std::optional<ExpectedMap>* expected) {
  if (!*expected) return Status::OK();
  for (auto& [name, e] : **expected) {
    if (e.value) DYNAROCK_RETURN_IF_ERROR(ValidateValue(&*e.value));
    if (e.attribute_value_list) {
      for (auto& v : *e.attribute_value_list)
        DYNAROCK_RETURN_IF_ERROR(ValidateValue(&v));
    }
  }
  return Status::OK();
}

Status BindLegacyCondition(const std::optional<ExpectedMap>& expected,
                           std::optional<ConditionalOperator> op,
                           PreparedCondition* out) {
  if (!expected || expected->empty()) return Status::OK();
  DYNAROCK_ASSIGN_OR_RETURN(auto legacy, ExpectedToCondition(*expected, op));
  out->legacy = std::move(legacy);
  ExpressionBinder binder(Bindings{&out->legacy->names, &out->legacy->values});
  DYNAROCK_ASSIGN_OR_RETURN(
      auto bound,
      binder.BindCondition(out->legacy->text, ExpressionKind::kCondition));
  out->bound = std::move(bound);
  return Status::OK();
}

Bindings BindingsOf(const std::optional<AttributeNames>& names,
                    const std::optional<AttributeValues>& values) {
  return Bindings{names ? &*names : nullptr, values ? &*values : nullptr};
}

// The condition of a PutItem or DeleteItem: its ConditionExpression or its
// legacy Expected.
template <typename Request>
Status PrepareWriteCondition(const Request& req, PreparedCondition* condition) {
  if (req.condition_expression) {
    Bindings bindings = BindingsOf(req.expression_attribute_names,
                                   req.expression_attribute_values);
    DYNAROCK_RETURN_IF_ERROR(ValidatePlaceholderMaps(bindings));
    ExpressionBinder binder(bindings);
    DYNAROCK_ASSIGN_OR_RETURN(auto bound,
                              binder.BindCondition(*req.condition_expression,
                                                   ExpressionKind::kCondition));
    condition->bound = std::move(bound);
    DYNAROCK_RETURN_IF_ERROR(binder.CheckAllUsed());
  }
  return BindLegacyCondition(req.expected, req.conditional_operator, condition);
}

}  // namespace

template <typename Request, typename ValidateValues>
Status EngineImpl::PrepareConditionalWrite(
    Request& req, const ValidateValues& validate_values, PreparedWrite* out) {
  // The service checks ReturnValues first (PutItem and DeleteItem return
  // only the old item).
  if (req.return_values != ReturnValues::kNone &&
      req.return_values != ReturnValues::kAllOld) {
    return Status::Validation("ReturnValues can only be ALL_OLD or NONE");
  }
  DYNAROCK_RETURN_IF_ERROR(CheckWriteParameters(req));
  DYNAROCK_RETURN_IF_ERROR(validate_values());
  DYNAROCK_RETURN_IF_ERROR(
      ValidateExpressionValues(&req.expression_attribute_values));
  DYNAROCK_RETURN_IF_ERROR(ValidateExpected(&req.expected));
  DYNAROCK_RETURN_IF_ERROR(PrepareWriteCondition(req, &out->condition));
  DYNAROCK_ASSIGN_OR_RETURN(out->table,
                            FindTable(req.table_name, kTableNotFound));
  out->on_failure = req.return_values_on_condition_check_failure;
  return Status::OK();
}

Status EngineImpl::PreparePut(PutItemRequest& req, PreparedWrite* out) {
  size_t size = 0;
  DYNAROCK_RETURN_IF_ERROR(PrepareConditionalWrite(
      req,
      [&] {
        DYNAROCK_RETURN_IF_ERROR(ValidateItemValues(&req.item));
        // The service checks the item's size before it looks up the table.
        size = ItemSize(req.item);
        if (size > kMaxItemBytes) {
          return Status::Validation(
              "Item size has exceeded the maximum allowed size");
        }
        return Status::OK();
      },
      out));
  const TableDef& t = *out->table;
  DYNAROCK_RETURN_IF_ERROR(ExtractItemKey(t, req.item, &out->key));
  DYNAROCK_RETURN_IF_ERROR(CheckIndexKeys(t, req.item));
  out->change = [&req, size](const Item*) -> Result<WriteAction> {
    return WriteAction{WriteAction::kPut, std::move(req.item), size};
  };
  out->change_reads_old = false;
  return Status::OK();
}

template <typename Request, typename Response>
Status EngineImpl::RunConditionalWrite(const RequestContext& ctx,
                                       const Request& req,
                                       const PreparedWrite& prepared,
                                       Response* resp, WriteOutcome* outcome) {
  const bool all_old = req.return_values == ReturnValues::kAllOld;
  CapacityTally tally(*prepared.table, /*write=*/true);
  DYNAROCK_RETURN_IF_ERROR(WriteUnderLock(*storage_, catalog_, locks_, streams_,
                                          prepared, ChangeOrigin{ctx.region},
                                          all_old, &tally, outcome));
  if (all_old) resp->attributes = std::move(outcome->old_item);
  resp->consumed_capacity = tally.Report(req.return_consumed_capacity);
  return Status::OK();
}

Result<PutItemResponse> EngineImpl::PutItem(const RequestContext& ctx,
                                            PutItemRequest req) {
  PreparedWrite prepared;
  DYNAROCK_RETURN_IF_ERROR(PreparePut(req, &prepared));
  PutItemResponse resp;
  WriteOutcome outcome;
  DYNAROCK_RETURN_IF_ERROR(
      RunConditionalWrite(ctx, req, prepared, &resp, &outcome));
  resp.item_collection_metrics =
      CollectionMetrics(*storage_, *prepared.table, *outcome.new_item,
                        prepared.key, req.return_item_collection_metrics);
  return resp;
}

Result<GetItemResponse> EngineImpl::GetItem(const RequestContext& ctx,
                                            GetItemRequest req) {
  DYNAROCK_RETURN_IF_ERROR(CheckMixedParameters(
      {{"AttributesToGet", req.attributes_to_get.has_value()}},
      {{"ProjectionExpression", req.projection_expression.has_value()}}));
  DYNAROCK_RETURN_IF_ERROR(CheckPlaceholderMapsUsed(
      req.expression_attribute_names.has_value(), false,
      {{"ProjectionExpression", req.projection_expression.has_value()}}, {}));
  DYNAROCK_ASSIGN_OR_RETURN(std::optional<BoundProjection> projection,
                            BindProjectionOnly(req.projection_expression,
                                               req.expression_attribute_names));
  if (!req.projection_expression && req.attributes_to_get) {
    std::set<std::string> seen;
    for (const auto& a : *req.attributes_to_get) {
      if (!seen.insert(a).second) {
        return Status::Validation(
            "One or more parameter values were invalid: Duplicate value in "
            "attribute name: " +
            a);
      }
    }
  }
  for (auto& [name, v] : req.key) DYNAROCK_RETURN_IF_ERROR(ValidateValue(&v));
  DYNAROCK_ASSIGN_OR_RETURN(auto table,
                            FindTable(req.table_name, kTableNotFound));
  const TableDef& t = *table;
  EncodedKey key;
  DYNAROCK_RETURN_IF_ERROR(ExtractKeyParam(t, req.key, &key));

  PinnedValue bytes;
  bool found = false;
  DYNAROCK_RETURN_IF_ERROR(
      storage_->Get(Cf::kItems, key.bytes, &bytes, &found));
  GetItemResponse resp;
  size_t size = 0;
  if (found && req.item_sink && !projection && !req.attributes_to_get) {
    if (!req.item_sink->Add(bytes.view(), &size))
      return Status::Internal("Internal server error");
  } else if (found) {
    Item item;
    if (!DecodeItem(bytes.view(), &item))
      return Status::Internal("Internal server error");
    bytes.Reset();
    size = ItemSize(item);
    if (projection) {
      resp.item = projection->Project(item);
    } else if (req.attributes_to_get) {
      Item out;
      for (const auto& a : *req.attributes_to_get) {
        auto it = item.find(a);
        if (it != item.end()) out.insert(*it);
      }
      resp.item = std::move(out);
    } else {
      resp.item = std::move(item);
    }
  }
  CapacityTally tally(t, /*write=*/false);
  // Charged for the whole item, whatever the projection returns.
  tally.AddTable(ReadUnits(size, req.consistent_read));
  resp.consumed_capacity = tally.Report(req.return_consumed_capacity);
  return resp;
}

Status EngineImpl::PrepareDelete(DeleteItemRequest& req, PreparedWrite* out) {
  DYNAROCK_RETURN_IF_ERROR(PrepareConditionalWrite(
      req,
      [&] {
        for (auto& [name, v] : req.key)
          DYNAROCK_RETURN_IF_ERROR(ValidateValue(&v));
        return Status::OK();
      },
      out));
  DYNAROCK_RETURN_IF_ERROR(ExtractKeyParam(*out->table, req.key, &out->key));
  out->change = [](const Item*) -> Result<WriteAction> {
    return WriteAction{WriteAction::kDelete, {}};
  };
  out->change_reads_old = false;
  return Status::OK();
}

Result<DeleteItemResponse> EngineImpl::DeleteItem(const RequestContext& ctx,
                                                  DeleteItemRequest req) {
  PreparedWrite prepared;
  DYNAROCK_RETURN_IF_ERROR(PrepareDelete(req, &prepared));
  DeleteItemResponse resp;
  WriteOutcome outcome;
  DYNAROCK_RETURN_IF_ERROR(
      RunConditionalWrite(ctx, req, prepared, &resp, &outcome));
  if (outcome.found) {
    // The collection is named by its partition key, which the request's key
    // holds.
    resp.item_collection_metrics =
        CollectionMetrics(*storage_, *prepared.table, req.key, prepared.key,
                          req.return_item_collection_metrics);
  }
  return resp;
}

Status EngineImpl::PrepareUpdate(UpdateItemRequest& req, PreparedWrite* out) {
  DYNAROCK_RETURN_IF_ERROR(CheckMixedParameters(
      {{"AttributeUpdates", req.attribute_updates.has_value()},
       {"Expected", req.expected.has_value()},
       {"ConditionalOperator", req.conditional_operator.has_value()}},
      {{"UpdateExpression", req.update_expression.has_value()},
       {"ConditionExpression", req.condition_expression.has_value()}}));
  DYNAROCK_RETURN_IF_ERROR(
      CheckConditionalOperator(req.conditional_operator.has_value(),
                               req.expected ? req.expected->size() : 0));
  bool expressions = req.update_expression || req.condition_expression;
  std::initializer_list<PresentParameter> users = {
      {"UpdateExpression", req.update_expression.has_value()},
      {"ConditionExpression", req.condition_expression.has_value()}};
  DYNAROCK_RETURN_IF_ERROR(CheckPlaceholderMapsUsed(
      req.expression_attribute_names.has_value(),
      req.expression_attribute_values.has_value(), users, users));
  for (auto& [name, v] : req.key) DYNAROCK_RETURN_IF_ERROR(ValidateValue(&v));
  DYNAROCK_RETURN_IF_ERROR(
      ValidateExpressionValues(&req.expression_attribute_values));
  DYNAROCK_RETURN_IF_ERROR(ValidateExpected(&req.expected));
  if (req.attribute_updates) {
    for (auto& [name, u] : *req.attribute_updates) {
      if (u.value) DYNAROCK_RETURN_IF_ERROR(ValidateValue(&*u.value));
    }
  }

  // Binding order as the service's: the update, then the condition.
  PreparedCondition& condition = out->condition;
  std::optional<BoundUpdate>& update = out->update;
  std::optional<LegacyExpression>& legacy_update = out->legacy_update;
  Bindings bindings = BindingsOf(req.expression_attribute_names,
                                 req.expression_attribute_values);
  if (expressions) {
    DYNAROCK_RETURN_IF_ERROR(ValidatePlaceholderMaps(bindings));
    ExpressionBinder binder(bindings);
    if (req.update_expression) {
      DYNAROCK_ASSIGN_OR_RETURN(auto bound,
                                binder.BindUpdate(*req.update_expression));
      update = std::move(bound);
    }
    if (req.condition_expression) {
      DYNAROCK_ASSIGN_OR_RETURN(
          auto bound, binder.BindCondition(*req.condition_expression,
                                           ExpressionKind::kCondition));
      condition.bound = std::move(bound);
    }
    DYNAROCK_RETURN_IF_ERROR(binder.CheckAllUsed());
  }
  if (req.attribute_updates && !req.attribute_updates->empty()) {
    DYNAROCK_ASSIGN_OR_RETURN(auto legacy,
                              AttributeUpdatesToUpdate(*req.attribute_updates));
    legacy_update = std::move(legacy);
    if (!legacy_update->text.empty()) {
      ExpressionBinder binder(
          Bindings{&legacy_update->names, &legacy_update->values});
      DYNAROCK_ASSIGN_OR_RETURN(
          auto bound, binder.BindUpdate(legacy_update->text,
                                        UpdateSource::kAttributeUpdates));
      update = std::move(bound);
    }
  }
  DYNAROCK_RETURN_IF_ERROR(
      BindLegacyCondition(req.expected, req.conditional_operator, &condition));

  DYNAROCK_ASSIGN_OR_RETURN(auto table,
                            FindTable(req.table_name, kTableNotFound));
  out->table = table;
  const TableDef& t = *table;
  DYNAROCK_RETURN_IF_ERROR(ExtractKeyParam(t, req.key, &out->key));
  if (update) {
    for (const auto& path : update->target_paths()) {
      const auto* top = std::get_if<std::string>(&path[0]);
      if (!top) continue;
      if (*top == t.hash.name || (t.range && *top == t.range->name)) {
        return Status::Validation(
            "One or more parameter values were invalid: Cannot update "
            "attribute " +
            *top + ". This attribute is part of the key");
      }
      if (path.size() > 1) {
        for (const auto* list : {&t.global_indexes, &t.local_indexes}) {
          for (const auto& ix : *list) {
            if (ix.IsKeyAttribute(*top)) {
              return Status::Validation(
                  "Key attributes must be scalars; list random access '[]' and "
                  "map lookup '.' are not allowed: "
                  "IndexKey: " +
                  *top);
            }
          }
        }
      }
    }
  }

  out->on_failure = req.return_values_on_condition_check_failure;
  out->change = [&req, &update,
                 &t](const Item* old_item) -> Result<WriteAction> {
    // Without an update, UpdateItem still creates the item from its key.
    Item next;
    if (update) {
      DYNAROCK_ASSIGN_OR_RETURN(auto applied, update->Apply(old_item, req.key));
      if (!applied.new_item) return WriteAction{};  // nothing to write
      next = std::move(*applied.new_item);
    } else {
      next = old_item ? *old_item : req.key;
    }
    const size_t size = ItemSize(next);
    if (size > kMaxItemBytes) {
      return Status::Validation(
          "Item size to update has exceeded the maximum allowed size");
    }
    if (Status st = CheckIndexKeys(t, next, /*from_update=*/true); !st.ok()) {
      // When the request's values alone give the index key its wrong
      // type, the service answers as PutItem does; when the type comes
      // from the stored item, with the update's own message.
      if (update) {
        auto probe = update->Apply(nullptr, req.key);
        if (probe.ok() && probe->new_item) {
          Status from_request = CheckIndexKeys(t, *probe->new_item);
          if (!from_request.ok()) return from_request;
        }
      }
      return st;
    }
    return WriteAction{WriteAction::kPut, std::move(next), size};
  };
  return Status::OK();
}

Result<UpdateItemResponse> EngineImpl::UpdateItem(const RequestContext& ctx,
                                                  UpdateItemRequest req) {
  PreparedWrite prepared;
  DYNAROCK_RETURN_IF_ERROR(PrepareUpdate(req, &prepared));
  const TableDef& t = *prepared.table;
  const EncodedKey& key = prepared.key;
  const std::optional<BoundUpdate>& update = prepared.update;
  CapacityTally tally(t, /*write=*/true);
  WriteOutcome outcome;
  Status st = WriteUnderLock(*storage_, catalog_, locks_, streams_, prepared,
                             ChangeOrigin{ctx.region}, /*keep_old=*/true,
                             &tally, &outcome);
  if (!st.ok()) return st;
  UpdateItemResponse resp;
  std::optional<Item> attributes;
  switch (req.return_values) {
    case ReturnValues::kNone:
      break;
    case ReturnValues::kAllOld:
      attributes = std::move(outcome.old_item);
      break;
    case ReturnValues::kAllNew:
      attributes = outcome.new_item;
      break;
    case ReturnValues::kUpdatedOld:
      if (outcome.old_item && update)
        attributes = update->ProjectUpdated(*outcome.old_item);
      break;
    case ReturnValues::kUpdatedNew:
      if (outcome.new_item && update)
        attributes = update->ProjectUpdated(*outcome.new_item);
      break;
  }
  // An empty set of attributes is left out of the response.
  if (attributes && !attributes->empty())
    resp.attributes = std::move(attributes);
  resp.consumed_capacity = tally.Report(req.return_consumed_capacity);
  if (outcome.new_item) {
    resp.item_collection_metrics =
        CollectionMetrics(*storage_, t, *outcome.new_item, key,
                          req.return_item_collection_metrics);
  }
  return resp;
}

}  // namespace dynarock
