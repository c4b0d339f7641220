#include "wire/ops/request_shapes.h"

#include <nlohmann/json.hpp>

#include "wire/json_value.h"
#include "wire/shape.h"

namespace dynarock {

std::string ItemTableNameOf(Shape& s) {
  auto name = s.String("TableName");
  s.Required("TableName", name.has_value());
  if (name) {
    if (name->rfind("arn:", 0) == 0) {
      s.Length("TableName", *name, 1, 1024);
    } else if (name->empty()) {
      s.Length("TableName", *name, 1, 1024);
    } else {
      // A name, not an ARN: the name rules apply (before the table is
      // looked up), as in CreateTable.
      s.NamePattern("TableName", *name, 3, 255);
    }
  }
  return name.value_or("");
}

ReturnValues ReturnValuesOf(Shape& s, const char* member) {
  auto v = s.String(member);
  if (!v) return ReturnValues::kNone;
  s.Enum(member, *v,
         {"ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"});
  if (*v == "ALL_OLD") return ReturnValues::kAllOld;
  if (*v == "UPDATED_OLD") return ReturnValues::kUpdatedOld;
  if (*v == "ALL_NEW") return ReturnValues::kAllNew;
  if (*v == "UPDATED_NEW") return ReturnValues::kUpdatedNew;
  return ReturnValues::kNone;
}

ReturnValues ReturnValuesOnFailureOf(Shape& s) {
  auto v = s.String("ReturnValuesOnConditionCheckFailure");
  if (!v) return ReturnValues::kNone;
  s.Enum("ReturnValuesOnConditionCheckFailure", *v, {"ALL_OLD", "NONE"});
  return *v == "ALL_OLD" ? ReturnValues::kAllOld : ReturnValues::kNone;
}

ReturnConsumedCapacity ReturnConsumedCapacityOf(Shape& s) {
  auto v = s.String("ReturnConsumedCapacity");
  if (!v) return ReturnConsumedCapacity::kNone;
  s.Enum("ReturnConsumedCapacity", *v, {"INDEXES", "TOTAL", "NONE"});
  if (*v == "INDEXES") return ReturnConsumedCapacity::kIndexes;
  if (*v == "TOTAL") return ReturnConsumedCapacity::kTotal;
  return ReturnConsumedCapacity::kNone;
}

ReturnItemCollectionMetrics ReturnItemCollectionMetricsOf(Shape& s) {
  auto v = s.String("ReturnItemCollectionMetrics");
  if (!v) return ReturnItemCollectionMetrics::kNone;
  s.Enum("ReturnItemCollectionMetrics", *v, {"SIZE", "NONE"});
  return *v == "SIZE" ? ReturnItemCollectionMetrics::kSize
                      : ReturnItemCollectionMetrics::kNone;
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
  return ItemOf(s, "ExpressionAttributeValues", out);
}

Status ItemOf(Shape& s, const char* member, std::optional<Item>* out) {
  nlohmann::json* j = s.Map(member);
  if (!j) return Status::OK();
  out->emplace();
  return ParseItem(*j, &**out);
}

Status RequiredItemOf(Shape& s, const char* member, Item* out) {
  std::optional<Item> item;
  DYNAROCK_RETURN_IF_ERROR(ItemOf(s, member, &item));
  s.Required(member, item.has_value());
  if (item) *out = std::move(*item);
  return Status::OK();
}

std::optional<std::vector<std::string>> StringListOf(Shape& s,
                                                     const char* member) {
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
  std::string rendered = "[";
  for (size_t i = 0; i < out.size(); ++i) rendered += (i ? ", " : "") + out[i];
  rendered += "]";
  s.ListLength(member, rendered, out.size(), 1, SIZE_MAX);
  return out;
}

std::optional<ConditionalOperator> ConditionalOperatorOf(Shape& s) {
  auto v = s.String("ConditionalOperator");
  if (!v) return std::nullopt;
  s.Enum("ConditionalOperator", *v, {"AND", "OR"});
  return *v == "OR" ? ConditionalOperator::kOr : ConditionalOperator::kAnd;
}

namespace {

std::optional<ComparisonOperator> ComparisonOperatorNamed(
    const std::string& v) {
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

// ComparisonOperator and AttributeValueList of one legacy condition.
Status ComparisonOf(Shape& cs, std::optional<ComparisonOperator>* op,
                    std::optional<std::vector<AttributeValue>>* list,
                    bool* named = nullptr) {
  auto name = cs.String("ComparisonOperator");
  if (named) *named = name.has_value();
  if (name) {
    cs.Enum("ComparisonOperator", *name,
            {"IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT",
             "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE", "CONTAINS"});
    *op = ComparisonOperatorNamed(*name);
  }
  if (nlohmann::json* values = cs.List("AttributeValueList")) {
    list->emplace();
    for (auto& v : *values) {
      AttributeValue av;
      DYNAROCK_RETURN_IF_ERROR(ParseAttributeValue(v, &av));
      (*list)->push_back(std::move(av));
    }
  }
  return Status::OK();
}

}  // namespace

Status ConditionsOf(Shape& s, const char* member,
                    std::optional<Conditions>* out) {
  nlohmann::json* j = s.Map(member);
  if (!j) return Status::OK();
  out->emplace();
  for (auto it = j->begin(); it != j->end(); ++it) {
    if (it->is_null()) continue;
    if (!it->is_object()) return SerializationError(JsonKind::kStructure, *it);
    Shape cs(&*it, s.errors(), s.PathOf(member) + "." + it.key() + ".member");
    std::optional<ComparisonOperator> op;
    std::optional<std::vector<AttributeValue>> list;
    bool named = false;
    DYNAROCK_RETURN_IF_ERROR(ComparisonOf(cs, &op, &list, &named));
    cs.Required("ComparisonOperator", named);
    Condition c;
    c.comparison_operator = op.value_or(ComparisonOperator::kEq);
    if (list) c.attribute_value_list = std::move(*list);
    (*out)->emplace(it.key(), std::move(c));
  }
  return Status::OK();
}

Status ExpectedOf(Shape& s, std::optional<ExpectedMap>* out) {
  nlohmann::json* j = s.Map("Expected");
  if (!j) return Status::OK();
  out->emplace();
  for (auto it = j->begin(); it != j->end(); ++it) {
    if (it->is_null()) continue;
    if (!it->is_object()) return SerializationError(JsonKind::kStructure, *it);
    Shape es(&*it, s.errors(), "expected." + it.key() + ".member");
    ExpectedAttributeValue e;
    if (nlohmann::json* v = es.Structure("Value")) {
      AttributeValue av;
      DYNAROCK_RETURN_IF_ERROR(ParseAttributeValue(*v, &av));
      e.value = std::move(av);
    }
    e.exists = es.Bool("Exists");
    DYNAROCK_RETURN_IF_ERROR(
        ComparisonOf(es, &e.comparison_operator, &e.attribute_value_list));
    (*out)->emplace(it.key(), std::move(e));
  }
  return Status::OK();
}

Status AttributeUpdatesOf(Shape& s, std::optional<AttributeUpdates>* out) {
  nlohmann::json* j = s.Map("AttributeUpdates");
  if (!j) return Status::OK();
  out->emplace();
  for (auto it = j->begin(); it != j->end(); ++it) {
    if (it->is_null()) continue;
    if (!it->is_object()) return SerializationError(JsonKind::kStructure, *it);
    Shape us(&*it, s.errors(), "attributeUpdates." + it.key() + ".member");
    AttributeValueUpdate u;
    if (nlohmann::json* v = us.Structure("Value")) {
      AttributeValue av;
      DYNAROCK_RETURN_IF_ERROR(ParseAttributeValue(*v, &av));
      u.value = std::move(av);
    }
    if (auto action = us.String("Action")) {
      us.Enum("Action", *action, {"ADD", "PUT", "DELETE"});
      u.action = *action == "ADD"      ? AttributeAction::kAdd
                 : *action == "DELETE" ? AttributeAction::kDelete
                                       : AttributeAction::kPut;
    }
    (*out)->emplace(it.key(), std::move(u));
  }
  return Status::OK();
}

}  // namespace dynarock
