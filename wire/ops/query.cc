// Query and Scan on the wire.
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

std::optional<std::string> IndexNameOf(Shape& s) {
  auto name = s.String("IndexName");
  if (name) {
    s.Length("IndexName", *name, 3, 255);
    s.Pattern("IndexName", *name);
  }
  return name;
}

std::optional<Select> SelectOf(Shape& s) {
  auto v = s.String("Select");
  if (!v) return std::nullopt;
  s.Enum("Select", *v,
         {"SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES",
          "ALL_PROJECTED_ATTRIBUTES"});
  if (*v == "ALL_PROJECTED_ATTRIBUTES") return Select::kAllProjectedAttributes;
  if (*v == "SPECIFIC_ATTRIBUTES") return Select::kSpecificAttributes;
  if (*v == "COUNT") return Select::kCount;
  return Select::kAllAttributes;
}

// Writes a page's items as the engine reads them: the response opens with
// its Items member, and each stored item is rendered into it straight from
// its bytes. Finish() writes the rest once the page is read.
class PageWriter : public EncodedItemSink {
 public:
  explicit PageWriter(std::string* out) : out_(out), start_(out->size()) {
    out_->append("{\"Items\":[");
  }

  bool Add(std::string_view encoded, size_t* size) override {
    if (items_++ > 0) out_->push_back(',');
    return RenderEncodedItem(encoded, out_, size);
  }

  // Items the engine built (under a filter or projection) follow those it
  // gave the sink; a Select=COUNT page has no Items member at all.
  void Finish(const ReadPageResponse& r) {
    if (!r.return_items) out_->resize(start_ + 1);  // just the '{'
    JsonWriter w(out_);
    w.ContinueObject(r.return_items);
    if (r.return_items) {
      for (const auto& item : r.items) {
        if (items_++ > 0) out_->push_back(',');
        JsonWriter iw(out_);
        WriteItem(item, &iw);
      }
      out_->push_back(']');
    }
    w.Key("Count");
    w.Int(r.count);
    w.Key("ScannedCount");
    w.Int(r.scanned_count);
    if (r.last_evaluated_key) {
      w.Key("LastEvaluatedKey");
      WriteItem(*r.last_evaluated_key, &w);
    }
    if (r.consumed_capacity) {
      w.Key("ConsumedCapacity");
      WriteConsumedCapacity(*r.consumed_capacity, &w);
    }
    w.EndObject();
  }

 private:
  std::string* out_;
  size_t start_;
  size_t items_ = 0;
};

}  // namespace

Status HandleQuery(Engine& engine, const RequestContext& ctx,
                   nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  QueryRequest req;
  req.table_name = ItemTableNameOf(s);
  req.index_name = IndexNameOf(s);
  req.select = SelectOf(s);
  req.attributes_to_get = StringListOf(s, "AttributesToGet");
  req.limit = s.Long("Limit", JsonKind::kInteger);
  // Query reports its Limit in the service's newer wording (the member's
  // name as written, no value echoed); Scan keeps the older one.
  if (req.limit && *req.limit < 1) {
    errors.Add(
        "Value at 'Limit' failed to satisfy constraint: Member must have "
        "value greater than or equal to 1");
  }
  req.consistent_read = s.Bool("ConsistentRead").value_or(false);
  DYNAROCK_RETURN_IF_ERROR(
      ConditionsOf(s, "KeyConditions", &req.key_conditions));
  DYNAROCK_RETURN_IF_ERROR(ConditionsOf(s, "QueryFilter", &req.query_filter));
  req.conditional_operator = ConditionalOperatorOf(s);
  req.scan_index_forward = s.Bool("ScanIndexForward").value_or(true);
  DYNAROCK_RETURN_IF_ERROR(
      ItemOf(s, "ExclusiveStartKey", &req.exclusive_start_key));
  req.return_consumed_capacity = ReturnConsumedCapacityOf(s);
  req.projection_expression = s.String("ProjectionExpression");
  req.filter_expression = s.String("FilterExpression");
  req.key_condition_expression = s.String("KeyConditionExpression");
  req.expression_attribute_names = NamesOf(s);
  DYNAROCK_RETURN_IF_ERROR(ValuesOf(s, &req.expression_attribute_values));
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  PageWriter page(out);
  req.item_sink = &page;
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.Query(ctx, std::move(req)));
  page.Finish(r);
  return Status::OK();
}

Status HandleScan(Engine& engine, const RequestContext& ctx,
                  nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  ScanRequest req;
  req.table_name = ItemTableNameOf(s);
  req.index_name = IndexNameOf(s);
  req.attributes_to_get = StringListOf(s, "AttributesToGet");
  req.limit = s.Long("Limit", JsonKind::kInteger);
  if (req.limit) s.Range("Limit", *req.limit, 1, INT32_MAX);
  req.select = SelectOf(s);
  DYNAROCK_RETURN_IF_ERROR(ConditionsOf(s, "ScanFilter", &req.scan_filter));
  req.conditional_operator = ConditionalOperatorOf(s);
  DYNAROCK_RETURN_IF_ERROR(
      ItemOf(s, "ExclusiveStartKey", &req.exclusive_start_key));
  req.return_consumed_capacity = ReturnConsumedCapacityOf(s);
  req.total_segments = s.Long("TotalSegments", JsonKind::kInteger);
  if (req.total_segments)
    s.Range("TotalSegments", *req.total_segments, 1, 1000000);
  req.segment = s.Long("Segment", JsonKind::kInteger);
  if (req.segment) s.Range("Segment", *req.segment, 0, 999999);
  req.projection_expression = s.String("ProjectionExpression");
  req.filter_expression = s.String("FilterExpression");
  req.expression_attribute_names = NamesOf(s);
  DYNAROCK_RETURN_IF_ERROR(ValuesOf(s, &req.expression_attribute_values));
  req.consistent_read = s.Bool("ConsistentRead").value_or(false);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  PageWriter page(out);
  req.item_sink = &page;
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.Scan(ctx, std::move(req)));
  page.Finish(r);
  return Status::OK();
}

}  // namespace dynarock
