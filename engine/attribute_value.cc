#include "engine/attribute_value.h"

#include <algorithm>
#include <string_view>

namespace dynarock {

const char* ValueTypeName(ValueType type) {
  switch (type) {
    case ValueType::kS:
      return "S";
    case ValueType::kN:
      return "N";
    case ValueType::kB:
      return "B";
    case ValueType::kBool:
      return "BOOL";
    case ValueType::kNull:
      return "NULL";
    case ValueType::kM:
      return "M";
    case ValueType::kL:
      return "L";
    case ValueType::kSS:
      return "SS";
    case ValueType::kNS:
      return "NS";
    case ValueType::kBS:
      return "BS";
  }
  // Only reachable through a cast from an unchecked byte.
  return "UNKNOWN";
}

namespace {

// Sets compare as sets: the service keeps no member order. Stored numbers are
// normalized (engine/number.h), so equal NS members have equal text.
bool SetsEqual(const AttributeValue::Set& a, const AttributeValue::Set& b) {
  if (a.size() != b.size()) return false;
  // Sets usually come back in the order they were written: try that first,
  // without allocating.
  if (std::equal(a.begin(), a.end(), b.begin())) return true;
  std::vector<std::string_view> sa(a.begin(), a.end());
  std::vector<std::string_view> sb(b.begin(), b.end());
  std::sort(sa.begin(), sa.end());
  std::sort(sb.begin(), sb.end());
  return sa == sb;
}

}  // namespace

const AttributeValue::Compound& AttributeValue::Empty() {
  static const Compound* const empty = new Compound();
  return *empty;
}

bool operator==(const AttributeValue& a, const AttributeValue& b) {
  if (a.type_ != b.type_) return false;
  switch (a.type_) {
    case ValueType::kS:
    case ValueType::kN:
    case ValueType::kB:
      return a.scalar_ == b.scalar_;
    case ValueType::kBool:
      return a.bool_ == b.bool_;
    case ValueType::kNull:
      return true;
    case ValueType::kM:
      return a.map() == b.map();
    case ValueType::kL:
      return a.list() == b.list();
    case ValueType::kSS:
    case ValueType::kNS:
    case ValueType::kBS:
      return SetsEqual(a.set(), b.set());
  }
  return false;
}

}  // namespace dynarock
