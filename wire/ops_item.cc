// Single-item operations on the wire: PutItem, GetItem, DeleteItem.
#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "wire/json_value.h"
#include "wire/json_writer.h"
#include "wire/ops.h"
#include "wire/shape.h"

namespace dynarock {
namespace {

std::string TableNameOf(Shape& s) {
  auto name = s.String("TableName");
  s.Required("TableName", name.has_value());
  if (name) {
    // Item operations take a name (1-255 characters of the name pattern)
    // or an ARN (up to 1024 characters).
    if (name->rfind("arn:", 0) == 0) {
      s.Length("TableName", *name, 1, 1024);
    } else {
      s.Length("TableName", *name, 1, 255);
      if (!name->empty()) s.Pattern("TableName", *name);
    }
  }
  return name.value_or("");
}

ReturnValues ParseReturnValues(Shape& s, const char* member) {
  auto v = s.String(member);
  if (!v) return ReturnValues::kNone;
  s.Enum(member, *v, {"ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"});
  if (*v == "ALL_OLD") return ReturnValues::kAllOld;
  if (*v == "UPDATED_OLD") return ReturnValues::kUpdatedOld;
  if (*v == "ALL_NEW") return ReturnValues::kAllNew;
  if (*v == "UPDATED_NEW") return ReturnValues::kUpdatedNew;
  return ReturnValues::kNone;
}

ReturnValues ParseReturnValuesOnFailure(Shape& s) {
  auto v = s.String("ReturnValuesOnConditionCheckFailure");
  if (!v) return ReturnValues::kNone;
  s.Enum("ReturnValuesOnConditionCheckFailure", *v, {"ALL_OLD", "NONE"});
  return *v == "ALL_OLD" ? ReturnValues::kAllOld : ReturnValues::kNone;
}

ReturnConsumedCapacity ParseReturnConsumedCapacity(Shape& s) {
  auto v = s.String("ReturnConsumedCapacity");
  if (!v) return ReturnConsumedCapacity::kNone;
  s.Enum("ReturnConsumedCapacity", *v, {"INDEXES", "TOTAL", "NONE"});
  if (*v == "INDEXES") return ReturnConsumedCapacity::kIndexes;
  if (*v == "TOTAL") return ReturnConsumedCapacity::kTotal;
  return ReturnConsumedCapacity::kNone;
}

ReturnItemCollectionMetrics ParseReturnItemCollectionMetrics(Shape& s) {
  auto v = s.String("ReturnItemCollectionMetrics");
  if (!v) return ReturnItemCollectionMetrics::kNone;
  s.Enum("ReturnItemCollectionMetrics", *v, {"SIZE", "NONE"});
  return *v == "SIZE" ? ReturnItemCollectionMetrics::kSize : ReturnItemCollectionMetrics::kNone;
}

// An attribute map member (Item, Key): shape errors are reported at once,
// since the service stops at the first bad AttributeValue.
Status ParseItemMember(Shape& s, const char* member, bool required, Item* out, bool* present) {
  nlohmann::json* j = s.Map(member);
  *present = j != nullptr;
  if (required) s.Required(member, *present);
  if (!j) return Status::OK();
  return ParseItem(*j, out);
}

std::optional<AttributeNames> ParseNames(Shape& s) {
  nlohmann::json* j = s.Map("ExpressionAttributeNames");
  if (!j) return std::nullopt;
  AttributeNames names;
  for (auto it = j->begin(); it != j->end(); ++it) {
    if (it->is_null()) continue;
    if (!it->is_string()) {
      s.errors()->Serialization(SerializationError(JsonKind::kString, *it));
      return names;
    }
    names.emplace(it.key(), it->get<std::string>());
  }
  return names;
}

Status ParseValues(Shape& s, std::optional<AttributeValues>* out) {
  nlohmann::json* j = s.Map("ExpressionAttributeValues");
  if (!j) return Status::OK();
  out->emplace();
  return ParseItem(*j, &**out);
}

// The legacy conditional parameters arrive with the expression language.
Status RefuseLegacy(Shape& s, std::initializer_list<const char*> members) {
  for (const char* m : members) {
    nlohmann::json* j = s.Structure(m);
    if (!j) j = s.List(m);
    if (j || s.String(m)) {
      return Status::Validation(std::string(m) + " is not supported by this server yet");
    }
  }
  return Status::OK();
}

void WriteCollectionMetrics(const ItemCollectionMetrics& m, JsonWriter* w) {
  w->BeginObject();
  w->Key("ItemCollectionKey");
  WriteItem(m.item_collection_key, w);
  w->Key("SizeEstimateRangeGB");
  w->BeginArray();
  w->Double(m.size_estimate_range_gb_low);
  w->Double(m.size_estimate_range_gb_high);
  w->EndArray();
  w->EndObject();
}

// Renders the members shared by PutItem and DeleteItem responses.
template <typename Response>
void WriteWriteResponse(const Response& r, std::string* out) {
  JsonWriter w(out);
  w.BeginObject();
  if (r.attributes) {
    w.Key("Attributes");
    WriteItem(*r.attributes, &w);
  }
  if (r.consumed_capacity) {
    w.Key("ConsumedCapacity");
    WriteConsumedCapacity(*r.consumed_capacity, &w);
  }
  if (r.item_collection_metrics) {
    w.Key("ItemCollectionMetrics");
    WriteCollectionMetrics(*r.item_collection_metrics, &w);
  }
  w.EndObject();
}

}  // namespace

Status HandlePutItem(Engine& engine, const RequestContext& ctx, nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  PutItemRequest req;
  req.table_name = TableNameOf(s);
  bool present = false;
  DYNAROCK_RETURN_IF_ERROR(ParseItemMember(s, "Item", true, &req.item, &present));
  req.return_values = ParseReturnValues(s, "ReturnValues");
  req.return_consumed_capacity = ParseReturnConsumedCapacity(s);
  req.return_item_collection_metrics = ParseReturnItemCollectionMetrics(s);
  req.condition_expression = s.String("ConditionExpression");
  req.expression_attribute_names = ParseNames(s);
  DYNAROCK_RETURN_IF_ERROR(ParseValues(s, &req.expression_attribute_values));
  req.return_values_on_condition_check_failure = ParseReturnValuesOnFailure(s);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_RETURN_IF_ERROR(RefuseLegacy(s, {"Expected", "ConditionalOperator"}));
  auto r = engine.PutItem(ctx, std::move(req));
  if (!r.ok()) return r.status();
  WriteWriteResponse(*r, out);
  return Status::OK();
}

Status HandleGetItem(Engine& engine, const RequestContext& ctx, nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  GetItemRequest req;
  req.table_name = TableNameOf(s);
  bool present = false;
  DYNAROCK_RETURN_IF_ERROR(ParseItemMember(s, "Key", true, &req.key, &present));
  req.consistent_read = s.Bool("ConsistentRead").value_or(false);
  req.projection_expression = s.String("ProjectionExpression");
  if (nlohmann::json* atg = s.List("AttributesToGet")) {
    req.attributes_to_get.emplace();
    for (auto& a : *atg) {
      if (!a.is_string()) {
        errors.Serialization(SerializationError(JsonKind::kString, a));
        break;
      }
      req.attributes_to_get->push_back(a.get<std::string>());
    }
    s.ListLength("AttributesToGet", "[...]", req.attributes_to_get->size(), 1, SIZE_MAX);
  }
  req.expression_attribute_names = ParseNames(s);
  req.return_consumed_capacity = ParseReturnConsumedCapacity(s);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  auto r = engine.GetItem(ctx, std::move(req));
  if (!r.ok()) return r.status();
  JsonWriter w(out);
  w.BeginObject();
  if (r->item) {
    w.Key("Item");
    WriteItem(*r->item, &w);
  }
  if (r->consumed_capacity) {
    w.Key("ConsumedCapacity");
    WriteConsumedCapacity(*r->consumed_capacity, &w);
  }
  w.EndObject();
  return Status::OK();
}

Status HandleDeleteItem(Engine& engine, const RequestContext& ctx, nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  DeleteItemRequest req;
  req.table_name = TableNameOf(s);
  bool present = false;
  DYNAROCK_RETURN_IF_ERROR(ParseItemMember(s, "Key", true, &req.key, &present));
  req.return_values = ParseReturnValues(s, "ReturnValues");
  req.return_consumed_capacity = ParseReturnConsumedCapacity(s);
  req.return_item_collection_metrics = ParseReturnItemCollectionMetrics(s);
  req.condition_expression = s.String("ConditionExpression");
  req.expression_attribute_names = ParseNames(s);
  DYNAROCK_RETURN_IF_ERROR(ParseValues(s, &req.expression_attribute_values));
  req.return_values_on_condition_check_failure = ParseReturnValuesOnFailure(s);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_RETURN_IF_ERROR(RefuseLegacy(s, {"Expected", "ConditionalOperator"}));
  auto r = engine.DeleteItem(ctx, std::move(req));
  if (!r.ok()) return r.status();
  WriteWriteResponse(*r, out);
  return Status::OK();
}

}  // namespace dynarock
