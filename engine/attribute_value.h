// AttributeValue: one DynamoDB value (S, N, B, BOOL, NULL, M, L, SS, NS, BS),
// and Item, a map of attribute names to values.
//
// Numbers are held as their text. Values that come from a client are
// validated and normalized by the engine (engine/number.h) before they are
// stored, so a stored N is always in the service's normalized form. Binary
// values hold raw bytes (not base64).
//
// Plain value type: not synchronized.
#ifndef DYNAROCK_ENGINE_ATTRIBUTE_VALUE_H_
#define DYNAROCK_ENGINE_ATTRIBUTE_VALUE_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace dynarock {

// Written to disk by the item codec: never renumber.
enum class ValueType : uint8_t {
  kS = 1,
  kN = 2,
  kB = 3,
  kBool = 4,
  kNull = 5,
  kM = 6,
  kL = 7,
  kSS = 8,
  kNS = 9,
  kBS = 10,
};

// The service's type descriptor: "S", "N", "B", "BOOL", "NULL", "M", "L",
// "SS", "NS", "BS".
const char* ValueTypeName(ValueType type);

class AttributeValue;
using Item = std::map<std::string, AttributeValue>;

class AttributeValue {
 public:
  using Map = std::map<std::string, AttributeValue>;
  using List = std::vector<AttributeValue>;
  using Set = std::vector<std::string>;

  AttributeValue() : type_(ValueType::kNull) {}

  static AttributeValue S(std::string s) {
    return AttributeValue(ValueType::kS, std::move(s));
  }
  static AttributeValue N(std::string n) {
    return AttributeValue(ValueType::kN, std::move(n));
  }
  static AttributeValue B(std::string bytes) {
    return AttributeValue(ValueType::kB, std::move(bytes));
  }
  static AttributeValue Bool(bool b) {
    AttributeValue v(ValueType::kBool, {});
    v.bool_ = b;
    return v;
  }
  static AttributeValue Null() { return AttributeValue(); }
  static AttributeValue M(Map m) {
    AttributeValue v(ValueType::kM, {});
    v.map_ = std::move(m);
    return v;
  }
  static AttributeValue L(List l) {
    AttributeValue v(ValueType::kL, {});
    v.list_ = std::move(l);
    return v;
  }
  static AttributeValue SS(Set s) {
    return MakeSet(ValueType::kSS, std::move(s));
  }
  static AttributeValue NS(Set s) {
    return MakeSet(ValueType::kNS, std::move(s));
  }
  static AttributeValue BS(Set s) {
    return MakeSet(ValueType::kBS, std::move(s));
  }

  ValueType type() const { return type_; }
  bool is_set() const {
    return type_ == ValueType::kSS || type_ == ValueType::kNS ||
           type_ == ValueType::kBS;
  }

  // S text, N text or B bytes.
  const std::string& scalar() const { return scalar_; }
  std::string& mutable_scalar() { return scalar_; }
  bool boolean() const { return bool_; }
  const Map& map() const { return map_; }
  Map& mutable_map() { return map_; }
  const List& list() const { return list_; }
  List& mutable_list() { return list_; }
  // Members of SS (text), NS (number text) or BS (bytes).
  const Set& set() const { return set_; }
  Set& mutable_set() { return set_; }

  friend bool operator==(const AttributeValue& a, const AttributeValue& b);

 private:
  AttributeValue(ValueType type, std::string scalar)
      : type_(type), scalar_(std::move(scalar)) {}
  static AttributeValue MakeSet(ValueType type, Set s) {
    AttributeValue v(type, {});
    v.set_ = std::move(s);
    return v;
  }

  ValueType type_;
  bool bool_ = false;
  std::string scalar_;
  Set set_;
  Map map_;
  List list_;
};

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_ATTRIBUTE_VALUE_H_
