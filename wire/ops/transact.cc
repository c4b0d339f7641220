// TransactWriteItems and TransactGetItems on the wire.
#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "wire/json_value.h"
#include "wire/json_writer.h"
#include "wire/ops/ops.h"
#include "wire/ops/request_shapes.h"
#include "wire/shape.h"

namespace dynarock {
namespace {

// The members every write action has: TableName, the placeholder maps,
// ReturnValuesOnConditionCheckFailure.
template <typename Request>
Status ParseCommon(Shape& s, Request* r) {
  r->table_name = ItemTableNameOf(s);
  r->expression_attribute_names = NamesOf(s);
  DYNAROCK_RETURN_IF_ERROR(ValuesOf(s, &r->expression_attribute_values));
  r->return_values_on_condition_check_failure = ReturnValuesOnFailureOf(s);
  return Status::OK();
}

Status ParseWriteItem(nlohmann::json& j, ShapeErrors* errors,
                      const std::string& path, TransactWriteItem* out) {
  if (!j.is_object()) return SerializationError(JsonKind::kStructure, j);
  Shape ws(&j, errors, path);
  if (nlohmann::json* o = ws.Structure("Put")) {
    Shape s(o, errors, path + ".put");
    PutItemRequest r;
    DYNAROCK_RETURN_IF_ERROR(RequiredItemOf(s, "Item", &r.item));
    DYNAROCK_RETURN_IF_ERROR(ParseCommon(s, &r));
    r.condition_expression = s.String("ConditionExpression");
    out->put = std::move(r);
  }
  if (nlohmann::json* o = ws.Structure("Update")) {
    Shape s(o, errors, path + ".update");
    UpdateItemRequest r;
    DYNAROCK_RETURN_IF_ERROR(RequiredItemOf(s, "Key", &r.key));
    DYNAROCK_RETURN_IF_ERROR(ParseCommon(s, &r));
    r.update_expression = s.String("UpdateExpression");
    s.Required("UpdateExpression", r.update_expression.has_value());
    r.condition_expression = s.String("ConditionExpression");
    out->update = std::move(r);
  }
  if (nlohmann::json* o = ws.Structure("Delete")) {
    Shape s(o, errors, path + ".delete");
    DeleteItemRequest r;
    DYNAROCK_RETURN_IF_ERROR(RequiredItemOf(s, "Key", &r.key));
    DYNAROCK_RETURN_IF_ERROR(ParseCommon(s, &r));
    r.condition_expression = s.String("ConditionExpression");
    out->del = std::move(r);
  }
  if (nlohmann::json* o = ws.Structure("ConditionCheck")) {
    Shape s(o, errors, path + ".conditionCheck");
    ConditionCheck r;
    DYNAROCK_RETURN_IF_ERROR(RequiredItemOf(s, "Key", &r.key));
    DYNAROCK_RETURN_IF_ERROR(ParseCommon(s, &r));
    auto condition = s.String("ConditionExpression");
    s.Required("ConditionExpression", condition.has_value());
    r.condition_expression = condition.value_or("");
    out->condition_check = std::move(r);
  }
  return Status::OK();
}

}  // namespace

Status HandleTransactWriteItems(Engine& engine, const RequestContext& ctx,
                                nlohmann::json& body, std::string* out) {
  TransactWriteItemsRequest req;
  // Fingerprint the parameters before parsing moves strings out of them.
  if (body.is_object()) {
    nlohmann::json copy = body;
    copy.erase("ClientRequestToken");
    req.fingerprint = copy.dump();
  }
  ShapeErrors errors;
  Shape s(&body, &errors);
  DYNAROCK_RETURN_IF_ERROR(ForEachListMember(
      s, &errors, "TransactItems", 100, req.transact_items,
      [&](nlohmann::json& j, const std::string& path) -> Status {
        TransactWriteItem item;
        DYNAROCK_RETURN_IF_ERROR(ParseWriteItem(j, &errors, path, &item));
        req.transact_items.push_back(std::move(item));
        return Status::OK();
      }));
  req.client_request_token = s.String("ClientRequestToken");
  if (req.client_request_token)
    s.Length("ClientRequestToken", *req.client_request_token, 1, 36);
  req.return_consumed_capacity = ReturnConsumedCapacityOf(s);
  req.return_item_collection_metrics = ReturnItemCollectionMetricsOf(s);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  for (const auto& a : req.transact_items) {
    int set = a.put.has_value() + a.update.has_value() + a.del.has_value() +
              a.condition_check.has_value();
    if (set != 1) {
      return Status::Validation(
          "TransactItems can only contain one of Check, Put, Update or "
          "Delete");
    }
  }
  DYNAROCK_ASSIGN_OR_RETURN(auto r,
                            engine.TransactWriteItems(ctx, std::move(req)));
  JsonWriter w(out);
  w.BeginObject();
  WriteCapacityList(r.consumed_capacity, &w);
  WriteCollectionMetricsByTable(r.item_collection_metrics, &w);
  w.EndObject();
  return Status::OK();
}

Status HandleTransactGetItems(Engine& engine, const RequestContext& ctx,
                              nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  TransactGetItemsRequest req;
  DYNAROCK_RETURN_IF_ERROR(ForEachListMember(
      s, &errors, "TransactItems", 100, req.transact_items,
      [&](nlohmann::json& j, const std::string& path) -> Status {
        if (!j.is_object()) return SerializationError(JsonKind::kStructure, j);
        Shape ws(&j, &errors, path);
        nlohmann::json* o = ws.Structure("Get");
        ws.Required("Get", o != nullptr);
        GetItemRequest g;
        if (o) {
          Shape gs(o, &errors, path + ".get");
          g.table_name = ItemTableNameOf(gs);
          DYNAROCK_RETURN_IF_ERROR(RequiredItemOf(gs, "Key", &g.key));
          g.projection_expression = gs.String("ProjectionExpression");
          g.expression_attribute_names = NamesOf(gs);
        }
        req.transact_items.push_back(std::move(g));
        return Status::OK();
      }));
  req.return_consumed_capacity = ReturnConsumedCapacityOf(s);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r,
                            engine.TransactGetItems(ctx, std::move(req)));
  JsonWriter w(out);
  w.BeginObject();
  WriteCapacityList(r.consumed_capacity, &w);
  w.Key("Responses");
  w.BeginArray();
  for (const auto& item : r.responses) {
    // A missing item is an empty ItemResponse.
    w.BeginObject();
    if (item) {
      w.Key("Item");
      WriteItem(*item, &w);
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Status::OK();
}

}  // namespace dynarock
