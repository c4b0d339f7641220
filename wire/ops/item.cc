// Single-item operations on the wire: PutItem, GetItem, DeleteItem, UpdateItem.
#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "wire/item_json.h"
#include "wire/json_value.h"
#include "wire/json_writer.h"
#include "wire/ops/ops.h"
#include "wire/ops/request_shapes.h"
#include "wire/shape.h"

namespace dynarock {
namespace {

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

// PutItem and DeleteItem: the same members but the item ("Item") or its
// key ("Key"), parsed in the same order; the same response.
template <typename Request>
Status ParseSingleWrite(nlohmann::json& body, const char* item_member,
                        Item Request::*item, Request* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  Request& req = *out;
  req.table_name = ItemTableNameOf(s);
  DYNAROCK_RETURN_IF_ERROR(RequiredItemOf(s, item_member, &(req.*item)));
  req.return_values = ReturnValuesOf(s, "ReturnValues");
  req.return_consumed_capacity = ReturnConsumedCapacityOf(s);
  req.return_item_collection_metrics = ReturnItemCollectionMetricsOf(s);
  req.condition_expression = s.String("ConditionExpression");
  req.expression_attribute_names = NamesOf(s);
  DYNAROCK_RETURN_IF_ERROR(ValuesOf(s, &req.expression_attribute_values));
  req.return_values_on_condition_check_failure = ReturnValuesOnFailureOf(s);
  DYNAROCK_RETURN_IF_ERROR(ExpectedOf(s, &req.expected));
  req.conditional_operator = ConditionalOperatorOf(s);
  return errors.Finish();
}

}  // namespace

Status ParsePutItemRequest(nlohmann::json& body, PutItemRequest* out) {
  return ParseSingleWrite(body, "Item", &PutItemRequest::item, out);
}

Status RunPutItem(Engine& engine, const RequestContext& ctx, PutItemRequest req,
                  std::string* out) {
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.PutItem(ctx, std::move(req)));
  WriteWriteResponse(r, out);
  return Status::OK();
}

Status HandlePutItem(Engine& engine, const RequestContext& ctx,
                     nlohmann::json& body, std::string* out) {
  PutItemRequest req;
  DYNAROCK_RETURN_IF_ERROR(ParsePutItemRequest(body, &req));
  return RunPutItem(engine, ctx, std::move(req), out);
}

Status HandleGetItem(Engine& engine, const RequestContext& ctx,
                     nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  GetItemRequest req;
  req.table_name = ItemTableNameOf(s);
  DYNAROCK_RETURN_IF_ERROR(RequiredItemOf(s, "Key", &req.key));
  req.consistent_read = s.Bool("ConsistentRead").value_or(false);
  req.projection_expression = s.String("ProjectionExpression");
  req.attributes_to_get = StringListOf(s, "AttributesToGet");
  req.expression_attribute_names = NamesOf(s);
  req.return_consumed_capacity = ReturnConsumedCapacityOf(s);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  // The item, unless projected, is written as the engine reads it.
  struct ItemWriter : EncodedItemSink {
    explicit ItemWriter(std::string* out) : out(out) {}
    bool Add(std::string_view encoded, size_t* size) override {
      out->append("\"Item\":");
      written = true;
      return RenderEncodedItem(encoded, out, size);
    }
    std::string* out;
    bool written = false;
  } item_writer(out);
  out->push_back('{');
  req.item_sink = &item_writer;
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.GetItem(ctx, std::move(req)));
  JsonWriter w(out);
  w.ContinueObject(item_writer.written);
  if (r.item) {
    w.Key("Item");
    WriteItem(*r.item, &w);
  }
  if (r.consumed_capacity) {
    w.Key("ConsumedCapacity");
    WriteConsumedCapacity(*r.consumed_capacity, &w);
  }
  w.EndObject();
  return Status::OK();
}

Status HandleDeleteItem(Engine& engine, const RequestContext& ctx,
                        nlohmann::json& body, std::string* out) {
  DeleteItemRequest req;
  DYNAROCK_RETURN_IF_ERROR(
      ParseSingleWrite(body, "Key", &DeleteItemRequest::key, &req));
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.DeleteItem(ctx, std::move(req)));
  WriteWriteResponse(r, out);
  return Status::OK();
}

Status HandleUpdateItem(Engine& engine, const RequestContext& ctx,
                        nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  UpdateItemRequest req;
  req.table_name = ItemTableNameOf(s);
  DYNAROCK_RETURN_IF_ERROR(RequiredItemOf(s, "Key", &req.key));
  DYNAROCK_RETURN_IF_ERROR(AttributeUpdatesOf(s, &req.attribute_updates));
  DYNAROCK_RETURN_IF_ERROR(ExpectedOf(s, &req.expected));
  req.conditional_operator = ConditionalOperatorOf(s);
  req.return_values = ReturnValuesOf(s, "ReturnValues");
  req.return_consumed_capacity = ReturnConsumedCapacityOf(s);
  req.return_item_collection_metrics = ReturnItemCollectionMetricsOf(s);
  req.update_expression = s.String("UpdateExpression");
  req.condition_expression = s.String("ConditionExpression");
  req.expression_attribute_names = NamesOf(s);
  DYNAROCK_RETURN_IF_ERROR(ValuesOf(s, &req.expression_attribute_values));
  req.return_values_on_condition_check_failure = ReturnValuesOnFailureOf(s);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.UpdateItem(ctx, std::move(req)));
  WriteWriteResponse(r, out);
  return Status::OK();
}

}  // namespace dynarock
