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
#include <memory>
#include <string>
#include <string_view>
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
  AttributeValue(const AttributeValue& other);
  AttributeValue(AttributeValue&& other) noexcept = default;
  AttributeValue& operator=(const AttributeValue& other);
  AttributeValue& operator=(AttributeValue&& other) noexcept = default;
  ~AttributeValue();

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
  static AttributeValue M(Map m);
  static AttributeValue L(List l);
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
  const Map& map() const;
  Map& mutable_map();
  const List& list() const;
  List& mutable_list();
  // Members of SS (text), NS (number text) or BS (bytes).
  const Set& set() const;
  Set& mutable_set();

  // Makes this an S, N or B holding `bytes`, reusing its storage (the item
  // decoder's fast path).
  void AssignScalar(ValueType type, std::string_view bytes) {
    type_ = type;
    bool_ = false;
    scalar_.assign(bytes.data(), bytes.size());
    compound_.reset();
  }

  friend bool operator==(const AttributeValue& a, const AttributeValue& b);

 private:
  // The members of M, L and the sets, apart: most values are scalars, and
  // keeping these out of line makes a value (and an item's map node) a
  // third of the size.
  struct Compound;

  AttributeValue(ValueType type, std::string scalar)
      : type_(type), scalar_(std::move(scalar)) {}
  static AttributeValue MakeSet(ValueType type, Set s);
  Compound& compound();
  static const Compound& Empty();

  ValueType type_;
  bool bool_ = false;
  std::string scalar_;
  std::unique_ptr<Compound> compound_;  // null when every member is empty
};

struct AttributeValue::Compound {
  Set set;
  Map map;
  List list;
};

inline AttributeValue::~AttributeValue() = default;

inline AttributeValue::AttributeValue(const AttributeValue& other)
    : type_(other.type_),
      bool_(other.bool_),
      scalar_(other.scalar_),
      compound_(other.compound_ ? std::make_unique<Compound>(*other.compound_)
                                : nullptr) {}

inline AttributeValue& AttributeValue::operator=(const AttributeValue& other) {
  if (this != &other) {
    AttributeValue copy(other);
    *this = std::move(copy);
  }
  return *this;
}

inline AttributeValue::Compound& AttributeValue::compound() {
  if (!compound_) compound_ = std::make_unique<Compound>();
  return *compound_;
}

inline const AttributeValue::Map& AttributeValue::map() const {
  return compound_ ? compound_->map : Empty().map;
}
inline AttributeValue::Map& AttributeValue::mutable_map() {
  return compound().map;
}
inline const AttributeValue::List& AttributeValue::list() const {
  return compound_ ? compound_->list : Empty().list;
}
inline AttributeValue::List& AttributeValue::mutable_list() {
  return compound().list;
}
inline const AttributeValue::Set& AttributeValue::set() const {
  return compound_ ? compound_->set : Empty().set;
}
inline AttributeValue::Set& AttributeValue::mutable_set() {
  return compound().set;
}

inline AttributeValue AttributeValue::M(Map m) {
  AttributeValue v(ValueType::kM, {});
  v.compound().map = std::move(m);
  return v;
}
inline AttributeValue AttributeValue::L(List l) {
  AttributeValue v(ValueType::kL, {});
  v.compound().list = std::move(l);
  return v;
}
inline AttributeValue AttributeValue::MakeSet(ValueType type, Set s) {
  AttributeValue v(type, {});
  v.compound().set = std::move(s);
  return v;
}

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_ATTRIBUTE_VALUE_H_
