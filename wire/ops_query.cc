// Query and Scan on the wire.
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
    if (name->rfind("arn:", 0) == 0) {
      s.Length("TableName", *name, 1, 1024);
    } else {
      s.Length("TableName", *name, 1, 255);
      if (!name->empty()) s.Pattern("TableName", *name);
    }
  }
  return name.value_or("");
}

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
  s.Enum("Select", *v, {"ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT"});
  if (*v == "ALL_PROJECTED_ATTRIBUTES") return Select::kAllProjectedAttributes;
  if (*v == "SPECIFIC_ATTRIBUTES") return Select::kSpecificAttributes;
  if (*v == "COUNT") return Select::kCount;
  return Select::kAllAttributes;
}

ReturnConsumedCapacity ReturnConsumedCapacityOf(Shape& s) {
  auto v = s.String("ReturnConsumedCapacity");
  if (!v) return ReturnConsumedCapacity::kNone;
  s.Enum("ReturnConsumedCapacity", *v, {"INDEXES", "TOTAL", "NONE"});
  if (*v == "INDEXES") return ReturnConsumedCapacity::kIndexes;
  if (*v == "TOTAL") return ReturnConsumedCapacity::kTotal;
  return ReturnConsumedCapacity::kNone;
}

std::optional<std::vector<std::string>> StringListOf(Shape& s, const char* member) {
  nlohmann::json* list = s.List(member);
  if (!list) return std::nullopt;
  std::vector<std::string> out;
  for (auto& a : *list) {
    if (!a.is_string()) {
      s.errors()->Serialization(SerializationError(JsonKind::kString, a));
      return out;
    }
    out.push_back(a.get<std::string>());
  }
  s.ListLength(member, "[...]", out.size(), 1, SIZE_MAX);
  return out;
}

std::optional<AttributeNames> NamesOf(Shape& s) {
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

Status ValuesOf(Shape& s, std::optional<AttributeValues>* out) {
  nlohmann::json* j = s.Map("ExpressionAttributeValues");
  if (!j) return Status::OK();
  out->emplace();
  return ParseItem(*j, &**out);
}

Status ItemOf(Shape& s, const char* member, std::optional<Item>* out) {
  nlohmann::json* j = s.Map(member);
  if (!j) return Status::OK();
  out->emplace();
  return ParseItem(*j, &**out);
}

std::optional<ComparisonOperator> ComparisonOperatorOf(const std::string& v) {
  static const std::pair<const char*, ComparisonOperator> kOps[] = {
      {"EQ", ComparisonOperator::kEq},
      {"NE", ComparisonOperator::kNe},
      {"IN", ComparisonOperator::kIn},
      {"LE", ComparisonOperator::kLe},
      {"LT", ComparisonOperator::kLt},
      {"GE", ComparisonOperator::kGe},
      {"GT", ComparisonOperator::kGt},
      {"BETWEEN", ComparisonOperator::kBetween},
      {"NOT_NULL", ComparisonOperator::kNotNull},
      {"NULL", ComparisonOperator::kNull},
      {"CONTAINS", ComparisonOperator::kContains},
      {"NOT_CONTAINS", ComparisonOperator::kNotContains},
      {"BEGINS_WITH", ComparisonOperator::kBeginsWith},
  };
  for (const auto& [name, op] : kOps) {
    if (v == name) return op;
  }
  return std::nullopt;
}

// KeyConditions, QueryFilter, ScanFilter: {"attr": {"ComparisonOperator":
// "EQ", "AttributeValueList": [...]}}.
Status ConditionsOf(Shape& s, const char* member, std::optional<Conditions>* out) {
  nlohmann::json* j = s.Map(member);
  if (!j) return Status::OK();
  out->emplace();
  for (auto it = j->begin(); it != j->end(); ++it) {
    if (it->is_null()) continue;
    if (!it->is_object()) return SerializationError(JsonKind::kStructure, *it);
    Shape cs(&*it, s.errors(), s.PathOf(member) + "." + it.key() + ".member");
    Condition c;
    auto op = cs.String("ComparisonOperator");
    cs.Required("ComparisonOperator", op.has_value());
    if (op) {
      cs.Enum("ComparisonOperator", *op,
              {"IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE",
               "CONTAINS"});
      c.comparison_operator = ComparisonOperatorOf(*op).value_or(ComparisonOperator::kEq);
    }
    if (nlohmann::json* list = cs.List("AttributeValueList")) {
      for (auto& v : *list) {
        AttributeValue av;
        DYNAROCK_RETURN_IF_ERROR(ParseAttributeValue(v, &av));
        c.attribute_value_list.push_back(std::move(av));
      }
    }
    (*out)->emplace(it.key(), std::move(c));
  }
  return Status::OK();
}

std::optional<ConditionalOperator> ConditionalOperatorOf(Shape& s) {
  auto v = s.String("ConditionalOperator");
  if (!v) return std::nullopt;
  s.Enum("ConditionalOperator", *v, {"AND", "OR"});
  return *v == "OR" ? ConditionalOperator::kOr : ConditionalOperator::kAnd;
}

void WritePage(const ReadPageResponse& r, std::string* out) {
  JsonWriter w(out);
  w.BeginObject();
  if (r.return_items) {
    w.Key("Items");
    w.BeginArray();
    for (const auto& item : r.items) WriteItem(item, &w);
    w.EndArray();
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

}  // namespace

Status HandleQuery(Engine& engine, const RequestContext& ctx, nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  QueryRequest req;
  req.table_name = TableNameOf(s);
  req.index_name = IndexNameOf(s);
  req.select = SelectOf(s);
  req.attributes_to_get = StringListOf(s, "AttributesToGet");
  req.limit = s.Long("Limit", JsonKind::kInteger);
  if (req.limit) s.Range("Limit", *req.limit, 1, INT32_MAX);
  req.consistent_read = s.Bool("ConsistentRead").value_or(false);
  DYNAROCK_RETURN_IF_ERROR(ConditionsOf(s, "KeyConditions", &req.key_conditions));
  DYNAROCK_RETURN_IF_ERROR(ConditionsOf(s, "QueryFilter", &req.query_filter));
  req.conditional_operator = ConditionalOperatorOf(s);
  req.scan_index_forward = s.Bool("ScanIndexForward").value_or(true);
  DYNAROCK_RETURN_IF_ERROR(ItemOf(s, "ExclusiveStartKey", &req.exclusive_start_key));
  req.return_consumed_capacity = ReturnConsumedCapacityOf(s);
  req.projection_expression = s.String("ProjectionExpression");
  req.filter_expression = s.String("FilterExpression");
  req.key_condition_expression = s.String("KeyConditionExpression");
  req.expression_attribute_names = NamesOf(s);
  DYNAROCK_RETURN_IF_ERROR(ValuesOf(s, &req.expression_attribute_values));
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  auto r = engine.Query(ctx, std::move(req));
  if (!r.ok()) return r.status();
  WritePage(*r, out);
  return Status::OK();
}

Status HandleScan(Engine& engine, const RequestContext& ctx, nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  ScanRequest req;
  req.table_name = TableNameOf(s);
  req.index_name = IndexNameOf(s);
  req.attributes_to_get = StringListOf(s, "AttributesToGet");
  req.limit = s.Long("Limit", JsonKind::kInteger);
  if (req.limit) s.Range("Limit", *req.limit, 1, INT32_MAX);
  req.select = SelectOf(s);
  DYNAROCK_RETURN_IF_ERROR(ConditionsOf(s, "ScanFilter", &req.scan_filter));
  req.conditional_operator = ConditionalOperatorOf(s);
  DYNAROCK_RETURN_IF_ERROR(ItemOf(s, "ExclusiveStartKey", &req.exclusive_start_key));
  req.return_consumed_capacity = ReturnConsumedCapacityOf(s);
  req.total_segments = s.Long("TotalSegments", JsonKind::kInteger);
  if (req.total_segments) s.Range("TotalSegments", *req.total_segments, 1, 1000000);
  req.segment = s.Long("Segment", JsonKind::kInteger);
  if (req.segment) s.Range("Segment", *req.segment, 0, 999999);
  req.projection_expression = s.String("ProjectionExpression");
  req.filter_expression = s.String("FilterExpression");
  req.expression_attribute_names = NamesOf(s);
  DYNAROCK_RETURN_IF_ERROR(ValuesOf(s, &req.expression_attribute_values));
  req.consistent_read = s.Bool("ConsistentRead").value_or(false);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  auto r = engine.Scan(ctx, std::move(req));
  if (!r.ok()) return r.status();
  WritePage(*r, out);
  return Status::OK();
}

}  // namespace dynarock
