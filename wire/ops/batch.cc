// BatchWriteItem and BatchGetItem on the wire.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "engine/expr/expression.h"
#include "wire/json_value.h"
#include "wire/json_writer.h"
#include "wire/ops/java_dump.h"
#include "wire/ops/ops.h"
#include "wire/ops/request_shapes.h"
#include "wire/shape.h"

namespace dynarock {
namespace {

// The per-call limits the API model puts on RequestItems and its lists.
constexpr size_t kMaxGetKeys = 100;

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

// A RequestItems key breaking the table name rules (an ARN aside): the
// service lists every rule, broken or not, in one error for the map.
bool BadTableName(const std::string& name) {
  if (name.rfind("arn:", 0) == 0) return name.size() > 1024;
  return name.size() < 3 || name.size() > 255 || !MatchesNamePattern(name);
}

template <typename Items>
bool AnyBadTableName(const Items& items) {
  for (const auto& [table, v] : items) {
    if (BadTableName(table)) return true;
  }
  return false;
}

template <typename Items>
void CheckTableNames(const Items& items, const std::string& dump,
                     ShapeErrors* errors) {
  if (!AnyBadTableName(items)) return;
  errors->Add("Value '" + dump +
              "' at 'requestItems' failed to satisfy constraint: Map keys must "
              "satisfy constraint: [Member must have length less than or equal "
              "to 255, Member must have length greater than or equal to 3, "
              "Member must satisfy regular expression pattern: "
              "[a-zA-Z0-9_.-]+]");
}

// RequestItems as the service echoes it: {table=..., ...} in HashMap order.
template <typename Value>
std::string DumpRequestItems(
    const std::vector<std::pair<std::string, Value>>& items) {
  std::map<std::string, const Value*> tables;
  for (const auto& [table, v] : items) tables.emplace(table, &v);
  std::string dump = "{";
  bool first = true;
  for (auto it : JavaHashMapOrder(tables)) {
    if (!first) dump += ", ";
    first = false;
    dump += it->first + "=" + JavaDumpOf(*it->second);
  }
  return dump + "}";
}

}  // namespace

Status ParseBatchWriteItemRequest(nlohmann::json& body,
                                  BatchWriteItemRequest* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  BatchWriteItemRequest& req = *out;
  bool bad_length = false;
  DYNAROCK_RETURN_IF_ERROR(ForEachTable(
      s, "BatchWriteItem",
      [&](const std::string& table, nlohmann::json& list,
          const std::string& path) -> Status {
        if (!list.is_array()) return SerializationError(JsonKind::kList, list);
        bad_length =
            bad_length || list.empty() || list.size() > kMaxBatchWrites;
        std::vector<WriteRequest> writes(list.size());
        for (size_t i = 0; i < list.size(); ++i) {
          DYNAROCK_RETURN_IF_ERROR(ParseWriteRequest(
              list[i], &errors, path + "." + std::to_string(i + 1) + ".member",
              &writes[i]));
        }
        req.request_items.emplace_back(table, std::move(writes));
        return Status::OK();
      }));
  // A constraint on the map echoes it whole.
  const std::string dump = bad_length || AnyBadTableName(req.request_items)
                               ? DumpRequestItems(req.request_items)
                               : std::string();
  CheckTableNames(req.request_items, dump, &errors);
  if (bad_length) {
    // Each table's list holds 1 to 25 requests.
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
  return Status::OK();
}

Status RunBatchWriteItem(Engine& engine, const RequestContext& ctx,
                         BatchWriteItemRequest req, std::string* out) {
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

Status HandleBatchWriteItem(Engine& engine, const RequestContext& ctx,
                            nlohmann::json& body, std::string* out) {
  BatchWriteItemRequest req;
  DYNAROCK_RETURN_IF_ERROR(ParseBatchWriteItemRequest(body, &req));
  return RunBatchWriteItem(engine, ctx, std::move(req), out);
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
  if (AnyBadTableName(req.request_items)) {
    CheckTableNames(req.request_items, DumpRequestItems(req.request_items),
                    &errors);
  }
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
