// Request shape checks: the JSON types of members (SerializationException)
// and the API's constraints on values (the "N validation errors detected"
// ValidationException), in the service's words.
//
// A Shape wraps one JSON object of a request. Accessors check the member's
// JSON type (a wrong type is a SerializationException, reported at once)
// and return nullopt for a member that is absent or null, which the service
// treats alike. Constraint violations are collected and reported together,
// as the service does, by Finish().
#ifndef DYNAROCK_WIRE_SHAPE_H_
#define DYNAROCK_WIRE_SHAPE_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/status.h"

namespace dynarock {

// What the API's model says a member holds.
enum class JsonKind {
  kString,
  kInteger,
  kLong,
  kBoolean,
  kStructure,
  kList,
  kMap
};

// The SerializationException for a JSON value of the wrong type.
Status SerializationError(JsonKind expected, const nlohmann::json& actual);

// Whether `value` is one or more of [a-zA-Z0-9_.-], the pattern of table
// and index names.
bool MatchesNamePattern(std::string_view value);

class ShapeErrors {
 public:
  // "Value 'x' at 'path' failed to satisfy constraint: Member must ...".
  void Add(std::string message) { messages_.push_back(std::move(message)); }
  // A message whose text is known only later (it echoes what is parsed
  // after it), kept in its place: Add then Set.
  size_t count() const { return messages_.size(); }
  void Set(size_t index, std::string message) {
    messages_[index] = std::move(message);
  }
  void Serialization(Status status) {
    if (serialization_.ok()) serialization_ = std::move(status);
  }
  bool failed() const { return !serialization_.ok() || !messages_.empty(); }
  // The first serialization error, else the collected validation errors.
  Status Finish() const;

 private:
  Status serialization_;
  std::vector<std::string> messages_;
};

class Shape {
 public:
  // path is the member path of this object in messages ("" at top level,
  // "keySchema.1.member" inside a list).
  Shape(nlohmann::json* object, ShapeErrors* errors, std::string path = "");

  std::optional<std::string> String(std::string_view member);
  std::optional<int64_t> Long(std::string_view member,
                              JsonKind kind = JsonKind::kLong);
  std::optional<bool> Bool(std::string_view member);
  // The member's JSON, checked to be an object / array.
  nlohmann::json* Structure(std::string_view member);
  nlohmann::json* List(std::string_view member);
  nlohmann::json* Map(std::string_view member);

  // Constraint helpers; each records the service's message when violated.
  void Required(std::string_view member, bool present);
  void Length(std::string_view member, const std::string& value, size_t min,
              size_t max);
  void Pattern(std::string_view member,
               const std::string& value);  // MatchesNamePattern
  // A table or index name: the pattern, then the length.
  void NamePattern(std::string_view member, const std::string& value,
                   size_t min, size_t max);
  void Enum(std::string_view member, const std::string& value,
            std::initializer_list<const char*> allowed);
  void Range(std::string_view member, int64_t value, int64_t min, int64_t max);
  void ListLength(std::string_view member, const std::string& rendered,
                  size_t size, size_t min, size_t max);

  // "path.member" with the member's first letter lower-cased, as the
  // service names members in messages.
  std::string PathOf(std::string_view member) const;
  ShapeErrors* errors() { return errors_; }

 private:
  nlohmann::json* Find(std::string_view member);

  nlohmann::json* object_;
  ShapeErrors* errors_;
  std::string path_;
};

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_SHAPE_H_
