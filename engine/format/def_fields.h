// Fields of stored definitions (a table's, a stream's): the catalog and
// the stream log keep each definition as an item (engine/format/item_codec.h)
// with short named members, so that the format extends easily: a member
// a reader does not find takes its default. These build and read them.
#ifndef DYNAROCK_ENGINE_FORMAT_DEF_FIELDS_H_
#define DYNAROCK_ENGINE_FORMAT_DEF_FIELDS_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/attribute_value.h"
#include "engine/requests.h"

namespace dynarock::def_fields {

inline AttributeValue Str(std::string s) {
  return AttributeValue::S(std::move(s));
}
inline AttributeValue Num(double d) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.17g", d);
  return AttributeValue::N(buf);
}
inline AttributeValue Int(int64_t i) {
  return AttributeValue::N(std::to_string(i));
}
inline AttributeValue Flag(bool b) { return AttributeValue::Bool(b); }

inline const AttributeValue* Get(const Item& m, const char* name) {
  auto it = m.find(name);
  return it == m.end() ? nullptr : &it->second;
}
inline std::string GetStr(const Item& m, const char* name) {
  const AttributeValue* v = Get(m, name);
  return v ? v->scalar() : std::string();
}
inline double GetNum(const Item& m, const char* name, double dflt = 0) {
  const AttributeValue* v = Get(m, name);
  return v ? std::strtod(v->scalar().c_str(), nullptr) : dflt;
}
inline int64_t GetInt(const Item& m, const char* name, int64_t dflt = 0) {
  const AttributeValue* v = Get(m, name);
  return v ? std::strtoll(v->scalar().c_str(), nullptr, 10) : dflt;
}
inline uint64_t GetUint(const Item& m, const char* name, uint64_t dflt = 0) {
  const AttributeValue* v = Get(m, name);
  return v ? std::strtoull(v->scalar().c_str(), nullptr, 10) : dflt;
}
inline bool GetFlag(const Item& m, const char* name) {
  const AttributeValue* v = Get(m, name);
  return v && v->boolean();
}

inline AttributeValue EncodeKeySchema(const std::vector<KeySchemaElement>& ks) {
  AttributeValue::List l;
  for (const auto& k : ks) {
    l.push_back(AttributeValue::M({{"n", Str(k.attribute_name)},
                                   {"t", Int(static_cast<int>(k.key_type))}}));
  }
  return AttributeValue::L(std::move(l));
}
inline std::vector<KeySchemaElement> DecodeKeySchema(const AttributeValue* v) {
  std::vector<KeySchemaElement> out;
  if (!v) return out;
  for (const auto& e : v->list()) {
    out.push_back(
        {GetStr(e.map(), "n"), static_cast<KeyType>(GetInt(e.map(), "t", 1))});
  }
  return out;
}

}  // namespace dynarock::def_fields

#endif  // DYNAROCK_ENGINE_FORMAT_DEF_FIELDS_H_
