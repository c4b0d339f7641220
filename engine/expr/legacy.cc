#include "engine/expr/legacy.h"

#include <string_view>

#include "engine/format/key_codec.h"
#include "engine/schema/validate.h"

namespace dynarock {
namespace {

bool IsScalar(const AttributeValue& v) {
  return v.type() == ValueType::kS || v.type() == ValueType::kN ||
         v.type() == ValueType::kB;
}

// Builds the expression text; placeholders are numbered per builder.
class Builder {
 public:
  explicit Builder(LegacyExpression* out) : out_(out) {}
  std::string Name(const std::string& attribute) {
    std::string p = "#l" + std::to_string(names_++);
    out_->names.emplace(p, attribute);
    return p;
  }
  std::string Value(const AttributeValue& v) {
    std::string p = ":l" + std::to_string(values_++);
    out_->values.emplace(p, v);
    return p;
  }

 private:
  LegacyExpression* out_;
  int names_ = 0;
  int values_ = 0;
};

// The number of AttributeValueList entries each operator takes (-1: one
// or more).
int Arity(ComparisonOperator op) {
  switch (op) {
    case ComparisonOperator::kNotNull:
    case ComparisonOperator::kNull:
      return 0;
    case ComparisonOperator::kBetween:
      return 2;
    case ComparisonOperator::kIn:
      return -1;
    default:
      return 1;
  }
}

}  // namespace

Status ValidateLegacyCondition(ComparisonOperator op,
                               const std::vector<AttributeValue>& args) {
  int arity = Arity(op);
  if ((arity >= 0 && static_cast<int>(args.size()) != arity) ||
      (arity < 0 && args.empty())) {
    return Status::Validation(std::string(kInvalidParameter) +
                              "Invalid number of argument(s) for the " +
                              ComparisonOperatorName(op) +
                              " ComparisonOperator");
  }
  // Which value types each operator takes (API reference,
  // ComparisonOperator).
  for (const auto& v : args) {
    bool ok = true;
    switch (op) {
      case ComparisonOperator::kLt:
      case ComparisonOperator::kLe:
      case ComparisonOperator::kGt:
      case ComparisonOperator::kGe:
      case ComparisonOperator::kBetween:
      case ComparisonOperator::kIn:
        ok = IsScalar(v);
        break;
      case ComparisonOperator::kBeginsWith:
        ok = v.type() == ValueType::kS || v.type() == ValueType::kB;
        break;
      case ComparisonOperator::kContains:
      case ComparisonOperator::kNotContains:
        ok = IsScalar(v);
        break;
      default:  // EQ and NE take values of any type
        break;
    }
    if (!ok) {
      return Status::Validation(
          std::string(kInvalidParameter) + "ComparisonOperator " +
          ComparisonOperatorName(op) + " is not valid for " +
          ValueTypeName(v.type()) + " AttributeValue type");
    }
  }
  if (op == ComparisonOperator::kBetween || op == ComparisonOperator::kIn) {
    for (const auto& v : args) {
      if (v.type() != args[0].type()) {
        return Status::Validation(
            std::string(kInvalidParameter) +
            "AttributeValues inside AttributeValueList must be of same type");
      }
    }
  }
  if (op == ComparisonOperator::kBetween) {
    // The key encoding orders scalars as the service compares them.
    std::string lo, hi;
    AppendKeyComponent(args[0], &lo);
    AppendKeyComponent(args[1], &hi);
    if (lo > hi) {
      return Status::Validation(
          "The BETWEEN condition was provided a range where the lower bound is "
          "greater than the upper bound");
    }
  }
  return Status::OK();
}

namespace {

// One legacy condition on `attribute` as expression text.
Status ConditionText(const std::string& attribute, ComparisonOperator op,
                     const std::vector<AttributeValue>& args, Builder* b,
                     std::string* out) {
  DYNAROCK_RETURN_IF_ERROR(ValidateLegacyCondition(op, args));
  std::string n = b->Name(attribute);
  switch (op) {
    case ComparisonOperator::kEq:
      *out = n + " = " + b->Value(args[0]);
      break;
    case ComparisonOperator::kNe:
      *out = n + " <> " + b->Value(args[0]);
      break;
    case ComparisonOperator::kLt:
      *out = n + " < " + b->Value(args[0]);
      break;
    case ComparisonOperator::kLe:
      *out = n + " <= " + b->Value(args[0]);
      break;
    case ComparisonOperator::kGt:
      *out = n + " > " + b->Value(args[0]);
      break;
    case ComparisonOperator::kGe:
      *out = n + " >= " + b->Value(args[0]);
      break;
    case ComparisonOperator::kNotNull:
      *out = "attribute_exists(" + n + ")";
      break;
    case ComparisonOperator::kNull:
      *out = "attribute_not_exists(" + n + ")";
      break;
    case ComparisonOperator::kContains:
      *out = "contains(" + n + ", " + b->Value(args[0]) + ")";
      break;
    case ComparisonOperator::kNotContains:
      // NOT_CONTAINS is false for an absent attribute, where NOT
      // contains(...) alone would be true.
      *out = "attribute_exists(" + n + ") AND NOT contains(" + n + ", " +
             b->Value(args[0]) + ")";
      break;
    case ComparisonOperator::kBeginsWith:
      *out = "begins_with(" + n + ", " + b->Value(args[0]) + ")";
      break;
    case ComparisonOperator::kIn: {
      std::string list;
      for (const auto& v : args) {
        if (!list.empty()) list += ", ";
        list += b->Value(v);
      }
      *out = n + " IN (" + list + ")";
      break;
    }
    case ComparisonOperator::kBetween:
      *out = n + " BETWEEN " + b->Value(args[0]) + " AND " + b->Value(args[1]);
      break;
  }
  return Status::OK();
}

std::string Join(const std::vector<std::string>& parts,
                 std::optional<ConditionalOperator> op) {
  std::string glue = op == ConditionalOperator::kOr ? " OR " : " AND ";
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += glue;
    out += "(" + p + ")";
  }
  return out;
}

}  // namespace

const char* ComparisonOperatorName(ComparisonOperator op) {
  switch (op) {
    case ComparisonOperator::kEq:
      return "EQ";
    case ComparisonOperator::kNe:
      return "NE";
    case ComparisonOperator::kLe:
      return "LE";
    case ComparisonOperator::kLt:
      return "LT";
    case ComparisonOperator::kGe:
      return "GE";
    case ComparisonOperator::kGt:
      return "GT";
    case ComparisonOperator::kNotNull:
      return "NOT_NULL";
    case ComparisonOperator::kNull:
      return "NULL";
    case ComparisonOperator::kContains:
      return "CONTAINS";
    case ComparisonOperator::kNotContains:
      return "NOT_CONTAINS";
    case ComparisonOperator::kBeginsWith:
      return "BEGINS_WITH";
    case ComparisonOperator::kIn:
      return "IN";
    case ComparisonOperator::kBetween:
      return "BETWEEN";
  }
  return "EQ";
}

Result<LegacyExpression> ExpectedToCondition(
    const ExpectedMap& expected, std::optional<ConditionalOperator> op) {
  LegacyExpression out;
  Builder b(&out);
  std::vector<std::string> parts;
  for (const auto& [attribute, e] : expected) {
    std::string part;
    if (e.comparison_operator) {
      if (e.exists) {
        return Status::Validation(std::string(kInvalidParameter) +
                                  "Exists and ComparisonOperator cannot be "
                                  "used together for Attribute: " +
                                  attribute);
      }
      if (e.value && e.attribute_value_list) {
        return Status::Validation(std::string(kInvalidParameter) +
                                  "Value and AttributeValueList cannot be used "
                                  "together for Attribute: " +
                                  attribute);
      }
      // The operands: AttributeValueList, or else Value.
      std::vector<AttributeValue> args;
      if (e.attribute_value_list) {
        args = *e.attribute_value_list;
      } else if (e.value) {
        args.push_back(*e.value);
      } else if (Arity(*e.comparison_operator) != 0) {
        return Status::Validation(
            std::string(kInvalidParameter) +
            "Value or AttributeValueList must be used with "
            "ComparisonOperator: " +
            ComparisonOperatorName(*e.comparison_operator) +
            " for Attribute: " + attribute);
      }
      DYNAROCK_RETURN_IF_ERROR(
          ConditionText(attribute, *e.comparison_operator, args, &b, &part));
    } else if (e.attribute_value_list) {
      return Status::Validation(std::string(kInvalidParameter) +
                                "AttributeValueList can only be used with a "
                                "ComparisonOperator for Attribute: " +
                                attribute);
    } else if (e.exists.value_or(true)) {
      if (!e.value) {
        return Status::Validation(std::string(kInvalidParameter) +
                                  "Value must be provided when Exists is " +
                                  (e.exists ? "true" : "null") +
                                  " for Attribute: " + attribute);
      }
      DYNAROCK_RETURN_IF_ERROR(ConditionText(attribute, ComparisonOperator::kEq,
                                             {*e.value}, &b, &part));
    } else {
      if (e.value) {
        return Status::Validation(
            std::string(kInvalidParameter) +
            "Value cannot be used when Exists is false for Attribute: " +
            attribute);
      }
      part = "attribute_not_exists(" + b.Name(attribute) + ")";
    }
    parts.push_back(std::move(part));
  }
  out.text = Join(parts, op);
  return out;
}

Result<LegacyExpression> ConditionsToFilter(
    const Conditions& conditions, std::optional<ConditionalOperator> op) {
  LegacyExpression out;
  Builder b(&out);
  std::vector<std::string> parts;
  for (const auto& [attribute, c] : conditions) {
    std::string part;
    DYNAROCK_RETURN_IF_ERROR(ConditionText(attribute, c.comparison_operator,
                                           c.attribute_value_list, &b, &part));
    parts.push_back(std::move(part));
  }
  out.text = Join(parts, op);
  return out;
}

Result<LegacyExpression> AttributeUpdatesToUpdate(
    const AttributeUpdates& updates) {
  LegacyExpression out;
  Builder b(&out);
  std::vector<std::string> set, remove, add, del;
  for (const auto& [attribute, u] : updates) {
    switch (u.action) {
      case AttributeAction::kPut:
        if (!u.value) {
          return Status::Validation(
              std::string(kInvalidParameter) +
              "Only DELETE action is allowed when no attribute value is "
              "specified");
        }
        set.push_back(b.Name(attribute) + " = " + b.Value(*u.value));
        break;
      case AttributeAction::kDelete:
        if (!u.value) {
          remove.push_back(b.Name(attribute));
        } else {
          if (!u.value->is_set()) {
            return Status::Validation(
                std::string(kInvalidParameter) +
                "DELETE action with value is not supported for the type " +
                ValueTypeName(u.value->type()));
          }
          del.push_back(b.Name(attribute) + " " + b.Value(*u.value));
        }
        break;
      case AttributeAction::kAdd:
        if (!u.value) {
          return Status::Validation(
              std::string(kInvalidParameter) +
              "Only DELETE action is allowed when no attribute value is "
              "specified");
        }
        if (u.value->type() == ValueType::kL) {
          // The legacy ADD appends a list to a list (or creates it); the
          // expression language spells that with list_append.
          std::string n = b.Name(attribute);
          set.push_back(n + " = list_append(if_not_exists(" + n + ", " +
                        b.Value(AttributeValue::L({})) + "), " +
                        b.Value(*u.value) + ")");
        } else if (u.value->type() == ValueType::kN || u.value->is_set()) {
          add.push_back(b.Name(attribute) + " " + b.Value(*u.value));
        } else {
          return Status::Validation(
              std::string(kInvalidParameter) +
              "ADD action is not supported for the type " +
              ValueTypeName(u.value->type()));
        }
        break;
    }
  }
  auto clause = [&](const char* keyword,
                    const std::vector<std::string>& actions) {
    if (actions.empty()) return;
    if (!out.text.empty()) out.text += " ";
    out.text += keyword;
    out.text += " ";
    for (size_t i = 0; i < actions.size(); ++i) {
      if (i) out.text += ", ";
      out.text += actions[i];
    }
  };
  clause("SET", set);
  clause("REMOVE", remove);
  clause("ADD", add);
  clause("DELETE", del);
  return out;
}

}  // namespace dynarock
