#include "wire/shape.h"

#include <nlohmann/json.hpp>

namespace dynarock {
namespace {

const char* KindName(JsonKind k) {
  switch (k) {
    case JsonKind::kString:
      return "String";
    case JsonKind::kInteger:
      return "Integer";
    case JsonKind::kLong:
      return "Long";
    case JsonKind::kBoolean:
      return "Boolean";
    default:
      return "Structure";
  }
}

// The token name the service's JSON reader reports for a value.
const char* TokenName(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::string:
      return "STRING_VALUE";
    case nlohmann::json::value_t::boolean:
      return j.get<bool>() ? "TRUE_VALUE" : "FALSE_VALUE";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "NUMBER_VALUE";
    case nlohmann::json::value_t::number_float:
      return "DECIMAL_VALUE";
    default:
      return "VALUE";
  }
}

std::string Quote(const std::string& v) { return "'" + v + "'"; }

}  // namespace

Status SerializationError(JsonKind expected, const nlohmann::json& actual) {
  // The texts of the service's JSON reader (Coral), which names Java types.
  std::string msg;
  if (actual.is_object()) {
    msg = "Start of structure or map found where not expected";
  } else if (actual.is_array()) {
    msg = expected == JsonKind::kMap
              ? "Unrecognized collection type java.util.Map<java.lang.String, "
                "com.amazonaws.dynamodb.v20120810.AttributeValue>"
              : std::string("Unrecognized collection type class java.lang.") +
                    KindName(expected);
  } else if (expected == JsonKind::kStructure || expected == JsonKind::kMap ||
             expected == JsonKind::kList) {
    msg = "Unexpected field type";
  } else if (expected == JsonKind::kBoolean && actual.is_string()) {
    msg = "Unexpected token received from parser";
  } else {
    msg = std::string(TokenName(actual)) + " cannot be converted to " +
          KindName(expected);
  }
  return Status(ErrorType::kSerializationException, msg);
}

Status ShapeErrors::Finish() const {
  if (!serialization_.ok()) return serialization_;
  if (messages_.empty()) return Status::OK();
  std::string msg = std::to_string(messages_.size()) +
                    (messages_.size() == 1 ? " validation error detected: "
                                           : " validation errors detected: ");
  for (size_t i = 0; i < messages_.size(); ++i) {
    if (i) msg += "; ";
    msg += messages_[i];
  }
  return Status::Validation(msg);
}

Shape::Shape(nlohmann::json* object, ShapeErrors* errors, std::string path)
    : object_(object), errors_(errors), path_(std::move(path)) {}

nlohmann::json* Shape::Find(std::string_view member) {
  if (!object_ || !object_->is_object()) return nullptr;
  auto it = object_->find(member);
  if (it == object_->end() || it->is_null()) return nullptr;
  return &*it;
}

std::string Shape::PathOf(std::string_view member) const {
  std::string name(member);
  if (!name.empty())
    name[0] =
        static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
  return path_.empty() ? name : path_ + "." + name;
}

std::optional<std::string> Shape::String(std::string_view member) {
  nlohmann::json* j = Find(member);
  if (!j) return std::nullopt;
  if (!j->is_string()) {
    errors_->Serialization(SerializationError(JsonKind::kString, *j));
    return std::nullopt;
  }
  return std::move(j->get_ref<std::string&>());
}

std::optional<int64_t> Shape::Long(std::string_view member, JsonKind kind) {
  nlohmann::json* j = Find(member);
  if (!j) return std::nullopt;
  if (j->is_number_integer()) return j->get<int64_t>();
  if (j->is_number_unsigned()) {
    uint64_t u = j->get<uint64_t>();
    return u > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX
                                                : static_cast<int64_t>(u);
  }
  // The service truncates a fractional number given for an integer member.
  // Beyond a long's range it saturates, as a Java cast does.
  if (j->is_number_float()) {
    const double d = j->get<double>();
    if (d >= 9223372036854775807.0) return INT64_MAX;
    if (d <= -9223372036854775808.0) return INT64_MIN;
    return static_cast<int64_t>(d);
  }
  errors_->Serialization(SerializationError(kind, *j));
  return std::nullopt;
}

std::optional<bool> Shape::Bool(std::string_view member) {
  nlohmann::json* j = Find(member);
  if (!j) return std::nullopt;
  if (!j->is_boolean()) {
    errors_->Serialization(SerializationError(JsonKind::kBoolean, *j));
    return std::nullopt;
  }
  return j->get<bool>();
}

nlohmann::json* Shape::Structure(std::string_view member) {
  nlohmann::json* j = Find(member);
  if (!j) return nullptr;
  if (!j->is_object()) {
    errors_->Serialization(SerializationError(JsonKind::kStructure, *j));
    return nullptr;
  }
  return j;
}

nlohmann::json* Shape::Map(std::string_view member) {
  nlohmann::json* j = Find(member);
  if (!j) return nullptr;
  if (!j->is_object()) {
    errors_->Serialization(SerializationError(JsonKind::kMap, *j));
    return nullptr;
  }
  return j;
}

nlohmann::json* Shape::List(std::string_view member) {
  nlohmann::json* j = Find(member);
  if (!j) return nullptr;
  if (!j->is_array()) {
    errors_->Serialization(SerializationError(JsonKind::kList, *j));
    return nullptr;
  }
  return j;
}

void Shape::Required(std::string_view member, bool present) {
  if (!present) {
    errors_->Add("Value null at '" + PathOf(member) +
                 "' failed to satisfy constraint: Member must not be null");
  }
}

void Shape::NamePattern(std::string_view member, const std::string& value,
                        size_t min, size_t max) {
  // The pattern violation is listed before the length's; an empty name
  // violates both.
  Pattern(member, value);
  Length(member, value, min, max);
}

void Shape::Length(std::string_view member, const std::string& value,
                   size_t min, size_t max) {
  if (value.size() < min) {
    errors_->Add("Value " + Quote(value) + " at '" + PathOf(member) +
                 "' failed to satisfy constraint: Member must have length "
                 "greater than or equal to " +
                 std::to_string(min));
  } else if (value.size() > max) {
    errors_->Add("Value " + Quote(value) + " at '" + PathOf(member) +
                 "' failed to satisfy constraint: Member must have length less "
                 "than or equal to " +
                 std::to_string(max));
  }
}

bool MatchesNamePattern(std::string_view value) {
  if (value.empty()) return false;
  for (char c : value) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
      return false;
    }
  }
  return true;
}

void Shape::Pattern(std::string_view member, const std::string& value) {
  if (MatchesNamePattern(value)) return;
  errors_->Add("Value " + Quote(value) + " at '" + PathOf(member) +
               "' failed to satisfy constraint: Member must satisfy regular "
               "expression pattern: [a-zA-Z0-9_.-]+");
}

void Shape::Enum(std::string_view member, const std::string& value,
                 std::initializer_list<const char*> allowed) {
  std::string set;
  for (const char* a : allowed) {
    if (value == a) return;
    if (!set.empty()) set += ", ";
    set += a;
  }
  errors_->Add(
      "Value " + Quote(value) + " at '" + PathOf(member) +
      "' failed to satisfy constraint: Member must satisfy enum value set: [" +
      set + "]");
}

void Shape::Range(std::string_view member, int64_t value, int64_t min,
                  int64_t max) {
  if (value < min) {
    errors_->Add("Value '" + std::to_string(value) + "' at '" + PathOf(member) +
                 "' failed to satisfy constraint: Member must have value "
                 "greater than or equal to " +
                 std::to_string(min));
  } else if (value > max) {
    errors_->Add("Value '" + std::to_string(value) + "' at '" + PathOf(member) +
                 "' failed to satisfy constraint: Member must have value less "
                 "than or equal to " +
                 std::to_string(max));
  }
}

void Shape::ListLength(std::string_view member, const std::string& rendered,
                       size_t size, size_t min, size_t max) {
  if (size < min) {
    errors_->Add("Value " + Quote(rendered) + " at '" + PathOf(member) +
                 "' failed to satisfy constraint: Member must have length "
                 "greater than or equal to " +
                 std::to_string(min));
  } else if (size > max) {
    errors_->Add("Value " + Quote(rendered) + " at '" + PathOf(member) +
                 "' failed to satisfy constraint: Member must have length less "
                 "than or equal to " +
                 std::to_string(max));
  }
}

}  // namespace dynarock
