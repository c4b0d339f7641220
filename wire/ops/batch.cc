// BatchWriteItem and BatchGetItem on the wire.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "engine/expr/expression.h"
#include "wire/json_value.h"
#include "wire/json_writer.h"
#include "wire/ops/ops.h"
#include "wire/ops/request_shapes.h"
#include "wire/shape.h"

namespace dynarock {
namespace {

// The per-call limits the API model puts on RequestItems and its lists.
constexpr size_t kMaxWriteRequests = 25;
constexpr size_t kMaxGetKeys = 100;

// The service echoes a RequestItems map that breaks a constraint as its
// request model's Java toString (captured from the service, 2026). Map
// members come in java.util.HashMap order.
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

std::string JavaDumpItem(const Item& item) {
  std::string out = "{";
  bool first = true;
  for (auto it : JavaHashMapOrder(item)) {
    if (!first) out += ", ";
    first = false;
    out += it->first + "=" + JavaDump(it->second);
  }
  return out + "}";
}

std::string JavaDumpSet(const AttributeValue::Set& set, bool binary) {
  std::string out = "[";
  for (size_t i = 0; i < set.size(); ++i) {
    if (i) out += ", ";
    out += binary ? "java.nio.HeapByteBuffer[pos=0 lim=" +
                        std::to_string(set[i].size()) +
                        " cap=" + std::to_string(set[i].size()) + "]"
                  : set[i];
  }
  return out + "]";
}

std::string JavaDump(const AttributeValue& v) {
  auto field = [&](ValueType t, const std::string& text) {
    return v.type() == t ? text : std::string("null");
  };
  std::string list = "[";
  if (v.type() == ValueType::kL) {
    for (size_t i = 0; i < v.list().size(); ++i)
      list += (i ? ", " : "") + JavaDump(v.list()[i]);
  }
  list += "]";
  return "AttributeValue(s=" + field(ValueType::kS, v.scalar()) +
         ", n=" + field(ValueType::kN, v.scalar()) + ", b=" +
         field(ValueType::kB, "java.nio.HeapByteBuffer[pos=0 lim=" +
                                  std::to_string(v.scalar().size()) + " cap=" +
                                  std::to_string(v.scalar().size()) + "]") +
         ", iNT=null, dECIMAL=null, dOUBLE=null, sS=" +
         field(ValueType::kSS, JavaDumpSet(v.set(), false)) +
         ", nS=" + field(ValueType::kNS, JavaDumpSet(v.set(), false)) +
         ", bS=" + field(ValueType::kBS, JavaDumpSet(v.set(), true)) +
         ", iNTSET=null, dECIMALSET=null, dOUBLESET=null, m=" +
         field(ValueType::kM,
               v.type() == ValueType::kM ? JavaDumpItem(v.map()) : "") +
         ", l=" + field(ValueType::kL, list) +
         ", nULL=" + field(ValueType::kNull, "true") +
         ", bOOL=" + field(ValueType::kBool, v.boolean() ? "true" : "false") +
         ")";
}

std::string JavaDump(const WriteRequest& w) {
  std::string put = w.put_item
                        ? "PutRequest(item=" + JavaDumpItem(*w.put_item) +
                              ", workloadProfileName=null)"
                        : "null";
  std::string del = w.delete_key
                        ? "DeleteRequest(key=" + JavaDumpItem(*w.delete_key) +
                              ", workloadProfileName=null)"
                        : "null";
  return "WriteRequest(putRequest=" + put + ", deleteRequest=" + del + ")";
}

// RequestItems: {"table": ...}, each value parsed by `each`. An absent or
// empty map is refused with the service's own sentence.
template <typename Each>
Status ForEachTable(Shape& s, const char* operation, Each each) {
  nlohmann::json* items = s.Map("RequestItems");
  if (!s.errors()->failed() && (!items || items->empty())) {
    return Status::Validation(
        std::string("The requestItems parameter is required for ") + operation);
  }
  if (!items) return Status::OK();
  for (auto it = items->begin(); it != items->end(); ++it) {
    DYNAROCK_RETURN_IF_ERROR(
        each(it.key(), it.value(), "requestItems." + it.key() + ".member"));
  }
  return Status::OK();
}

Status ParseWriteRequest(nlohmann::json& j, ShapeErrors* errors,
                         const std::string& path, WriteRequest* out) {
  if (!j.is_object()) return SerializationError(JsonKind::kStructure, j);
  Shape ws(&j, errors, path);
  if (nlohmann::json* put = ws.Structure("PutRequest")) {
    Shape ps(put, errors, path + ".putRequest");
    std::optional<Item> item;
    DYNAROCK_RETURN_IF_ERROR(ItemOf(ps, "Item", &item));
    ps.Required("Item", item.has_value());
    out->put_item = item ? std::move(*item) : Item{};
  }
  if (nlohmann::json* del = ws.Structure("DeleteRequest")) {
    Shape ds(del, errors, path + ".deleteRequest");
    std::optional<Item> key;
    DYNAROCK_RETURN_IF_ERROR(ItemOf(ds, "Key", &key));
    ds.Required("Key", key.has_value());
    out->delete_key = key ? std::move(*key) : Item{};
  }
  return Status::OK();
}

}  // namespace

Status HandleBatchWriteItem(Engine& engine, const RequestContext& ctx,
                            nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  BatchWriteItemRequest req;
  bool bad_length = false;
  DYNAROCK_RETURN_IF_ERROR(ForEachTable(
      s, "BatchWriteItem",
      [&](const std::string& table, nlohmann::json& list,
          const std::string& path) -> Status {
        if (!list.is_array()) return SerializationError(JsonKind::kList, list);
        bad_length =
            bad_length || list.empty() || list.size() > kMaxWriteRequests;
        std::vector<WriteRequest> writes(list.size());
        for (size_t i = 0; i < list.size(); ++i) {
          DYNAROCK_RETURN_IF_ERROR(ParseWriteRequest(
              list[i], &errors, path + "." + std::to_string(i + 1) + ".member",
              &writes[i]));
        }
        req.request_items.emplace_back(table, std::move(writes));
        return Status::OK();
      }));
  if (bad_length) {
    // Each table's list holds 1 to 25 requests; the service echoes the
    // whole map.
    std::map<std::string, const std::vector<WriteRequest>*> tables;
    for (const auto& [table, writes] : req.request_items)
      tables.emplace(table, &writes);
    std::string dump = "{";
    bool first = true;
    for (auto it : JavaHashMapOrder(tables)) {
      if (!first) dump += ", ";
      first = false;
      dump += it->first + "=[";
      for (size_t i = 0; i < it->second->size(); ++i)
        dump += (i ? ", " : "") + JavaDump((*it->second)[i]);
      dump += "]";
    }
    dump += "}";
    errors.Add("Value '" + dump +
               "' at 'requestItems' failed to satisfy constraint: Map value "
               "must satisfy constraint: [Member must "
               "have length less than or equal to 25, Member must have length "
               "greater than or equal to 1]");
  }
  req.return_consumed_capacity = ReturnConsumedCapacityOf(s);
  req.return_item_collection_metrics = ReturnItemCollectionMetricsOf(s);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  for (const auto& [table, writes] : req.request_items) {
    for (const auto& w : writes) {
      // A WriteRequest holds exactly one of its two members.
      if (w.put_item.has_value() == w.delete_key.has_value()) {
        return Status::Validation(
            "Supplied AttributeValue has more than one datatypes set, must "
            "contain exactly one of the supported "
            "datatypes");
      }
    }
  }
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.BatchWriteItem(ctx, std::move(req)));
  JsonWriter w(out);
  w.BeginObject();
  w.Key("UnprocessedItems");
  w.BeginObject();
  w.EndObject();
  WriteCapacityList(r.consumed_capacity, &w);
  WriteCollectionMetricsByTable(r.item_collection_metrics, &w);
  w.EndObject();
  return Status::OK();
}

Status HandleBatchGetItem(Engine& engine, const RequestContext& ctx,
                          nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  BatchGetItemRequest req;
  DYNAROCK_RETURN_IF_ERROR(ForEachTable(
      s, "BatchGetItem",
      [&](const std::string& table, nlohmann::json& j,
          const std::string& path) -> Status {
        if (!j.is_object()) return SerializationError(JsonKind::kStructure, j);
        Shape ks(&j, &errors, path);
        KeysAndAttributes ka;
        nlohmann::json* keys = ks.List("Keys");
        ks.Required("Keys", keys != nullptr);
        if (keys) {
          if (keys->empty() || keys->size() > kMaxGetKeys) {
            errors.Add("Value at 'RequestItems." + table +
                       ".member.Keys' failed to satisfy constraint: Member "
                       "must have length " +
                       (keys->empty() ? "greater than or equal to 1"
                                      : "less than or equal to 100"));
          }
          for (auto& key : *keys) {
            if (!key.is_object())
              return SerializationError(JsonKind::kMap, key);
            Item item;
            DYNAROCK_RETURN_IF_ERROR(ParseItem(key, &item));
            ka.keys.push_back(std::move(item));
          }
        }
        ka.projection_expression = ks.String("ProjectionExpression");
        ka.expression_attribute_names = NamesOf(ks);
        ka.attributes_to_get = StringListOf(ks, "AttributesToGet");
        ka.consistent_read = ks.Bool("ConsistentRead").value_or(false);
        req.request_items.emplace_back(table, std::move(ka));
        return Status::OK();
      }));
  req.return_consumed_capacity = ReturnConsumedCapacityOf(s);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.BatchGetItem(ctx, std::move(req)));
  JsonWriter w(out);
  w.BeginObject();
  w.Key("Responses");
  w.BeginObject();
  for (const auto& [table, items] : r.responses) {
    w.Key(table);
    w.BeginArray();
    for (const auto& item : items) WriteItem(item, &w);
    w.EndArray();
  }
  w.EndObject();
  w.Key("UnprocessedKeys");
  w.BeginObject();
  for (const auto& [table, ka] : r.unprocessed_keys) {
    w.Key(table);
    w.BeginObject();
    w.Key("Keys");
    w.BeginArray();
    for (const auto& key : ka.keys) WriteItem(key, &w);
    w.EndArray();
    if (ka.projection_expression) {
      w.Key("ProjectionExpression");
      w.String(*ka.projection_expression);
    }
    if (ka.expression_attribute_names) {
      w.Key("ExpressionAttributeNames");
      w.BeginObject();
      for (const auto& [k, v] : *ka.expression_attribute_names) {
        w.Key(k);
        w.String(v);
      }
      w.EndObject();
    }
    if (ka.attributes_to_get) {
      w.Key("AttributesToGet");
      w.BeginArray();
      for (const auto& a : *ka.attributes_to_get) w.String(a);
      w.EndArray();
    }
    if (ka.consistent_read) {
      w.Key("ConsistentRead");
      w.Bool(true);
    }
    w.EndObject();
  }
  w.EndObject();
  WriteCapacityList(r.consumed_capacity, &w);
  w.EndObject();
  return Status::OK();
}

}  // namespace dynarock
