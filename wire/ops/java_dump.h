// Requests as the service echoes them in a constraint message: its request
// model's Java toString ("WriteRequest(putRequest=PutRequest(item={...},
// ...), deleteRequest=null)"), members named with a lower-case first
// letter, absent ones as null, maps in java.util.HashMap order. The form of
// BatchWriteItem's RequestItems was captured from the service (2026); the
// transaction and statement lists follow the same model conventions, their
// members in the API model's order (UNVERIFIED: no capture of those).
#ifndef DYNAROCK_WIRE_OPS_JAVA_DUMP_H_
#define DYNAROCK_WIRE_OPS_JAVA_DUMP_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/format/java_string.h"
#include "engine/requests.h"

namespace dynarock {

// The entries of a map with string keys in java.util.HashMap order.
template <typename Map>
std::vector<typename Map::const_iterator> JavaHashMapOrder(const Map& m) {
  std::vector<std::string_view> keys;
  std::vector<typename Map::const_iterator> its;
  for (auto it = m.begin(); it != m.end(); ++it) {
    keys.push_back(it->first);
    its.push_back(it);
  }
  std::vector<typename Map::const_iterator> out;
  for (size_t i : JavaHashOrder(keys, JavaHashMapCapacity(m.size())))
    out.push_back(its[i]);
  return out;
}

std::string JavaDump(const AttributeValue& v);
std::string JavaDump(const WriteRequest& w);
std::string JavaDump(const TransactWriteItem& a);
std::string JavaDump(const KeysAndAttributes& k);
std::string JavaDump(const GetItemRequest& g);  // a TransactGetItem's Get
std::string JavaDump(const BatchStatementRequest& b);
std::string JavaDump(const ParameterizedStatement& p);

// "[a, b]" of the dumps of a list's members.
template <typename T>
std::string JavaDumpList(const std::vector<T>& list) {
  std::string out = "[";
  for (size_t i = 0; i < list.size(); ++i)
    out += (i ? ", " : "") + JavaDump(list[i]);
  return out + "]";
}

// A value or a list of them.
template <typename T>
std::string JavaDumpOf(const T& v) {
  return JavaDump(v);
}
template <typename T>
std::string JavaDumpOf(const std::vector<T>& list) {
  return JavaDumpList(list);
}

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_OPS_JAVA_DUMP_H_
