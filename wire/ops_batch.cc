// BatchWriteItem and BatchGetItem on the wire.
#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "wire/json_value.h"
#include "wire/json_writer.h"
#include "wire/ops.h"
#include "wire/request_shapes.h"
#include "wire/shape.h"

namespace dynarock {
namespace {

// The per-call limits the API model puts on RequestItems and its lists.
constexpr size_t kMaxWriteRequests = 25;
constexpr size_t kMaxGetKeys = 100;

// RequestItems: {"table": ...}, 1-100 tables, each checked by `each`.
template <typename Each>
Status ForEachTable(Shape& s, size_t max_tables, Each each) {
  nlohmann::json* items = s.Map("RequestItems");
  s.Required("RequestItems", items != nullptr);
  if (!items) return Status::OK();
  s.ListLength("RequestItems", "{...}", items->size(), 1, max_tables);
  for (auto it = items->begin(); it != items->end(); ++it) {
    const std::string& table = it.key();
    std::string path = "requestItems." + table + ".member";
    if (table.size() < 3 || table.size() > 255) {
      if (table.rfind("arn:", 0) != 0)
        s.errors()->Add(
            "Value '" + table +
            "' at 'requestItems' failed to satisfy constraint: Map keys must "
            "satisfy constraint: [Member must have length less than or equal "
            "to 255, Member must have length greater than or equal to 3, "
            "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]");
    }
    DYNAROCK_RETURN_IF_ERROR(each(table, it.value(), path));
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

void WriteCapacityList(const std::optional<std::vector<ConsumedCapacity>>& list,
                       JsonWriter* w) {
  if (!list) return;
  w->Key("ConsumedCapacity");
  w->BeginArray();
  for (const auto& cc : *list) WriteConsumedCapacity(cc, w);
  w->EndArray();
}

}  // namespace

Status HandleBatchWriteItem(Engine& engine, const RequestContext& ctx,
                            nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  BatchWriteItemRequest req;
  DYNAROCK_RETURN_IF_ERROR(ForEachTable(
      s, kMaxWriteRequests,
      [&](const std::string& table, nlohmann::json& list,
          const std::string& path) -> Status {
        if (!list.is_array()) return SerializationError(JsonKind::kList, list);
        if (list.empty() || list.size() > kMaxWriteRequests) {
          errors.Add(
              "Value '[...]' at 'requestItems." + table +
              "' failed to satisfy constraint: Member must have length " +
              (list.empty() ? "greater than or equal to 1"
                            : "less than or equal to 25"));
        }
        std::vector<WriteRequest> writes(list.size());
        for (size_t i = 0; i < list.size(); ++i) {
          DYNAROCK_RETURN_IF_ERROR(ParseWriteRequest(
              list[i], &errors, path + "." + std::to_string(i + 1) + ".member",
              &writes[i]));
        }
        req.request_items.emplace_back(table, std::move(writes));
        return Status::OK();
      }));
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
  auto r = engine.BatchWriteItem(ctx, std::move(req));
  if (!r.ok()) return r.status();
  JsonWriter w(out);
  w.BeginObject();
  w.Key("UnprocessedItems");
  w.BeginObject();
  w.EndObject();
  WriteCapacityList(r->consumed_capacity, &w);
  if (!r->item_collection_metrics.empty()) {
    w.Key("ItemCollectionMetrics");
    w.BeginObject();
    for (const auto& [table, list] : r->item_collection_metrics) {
      w.Key(table);
      w.BeginArray();
      for (const auto& m : list) WriteCollectionMetrics(m, &w);
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndObject();
  return Status::OK();
}

Status HandleBatchGetItem(Engine& engine, const RequestContext& ctx,
                          nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  BatchGetItemRequest req;
  DYNAROCK_RETURN_IF_ERROR(ForEachTable(
      s, kMaxGetKeys,
      [&](const std::string& table, nlohmann::json& j,
          const std::string& path) -> Status {
        if (!j.is_object()) return SerializationError(JsonKind::kStructure, j);
        Shape ks(&j, &errors, path);
        KeysAndAttributes ka;
        nlohmann::json* keys = ks.List("Keys");
        ks.Required("Keys", keys != nullptr);
        if (keys) {
          if (keys->empty() || keys->size() > kMaxGetKeys) {
            errors.Add("Value '[...]' at '" + path +
                       ".keys' failed to satisfy constraint: Member must have "
                       "length " +
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
  auto r = engine.BatchGetItem(ctx, std::move(req));
  if (!r.ok()) return r.status();
  JsonWriter w(out);
  w.BeginObject();
  w.Key("Responses");
  w.BeginObject();
  for (const auto& [table, items] : r->responses) {
    w.Key(table);
    w.BeginArray();
    for (const auto& item : items) WriteItem(item, &w);
    w.EndArray();
  }
  w.EndObject();
  w.Key("UnprocessedKeys");
  w.BeginObject();
  for (const auto& [table, ka] : r->unprocessed_keys) {
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
  WriteCapacityList(r->consumed_capacity, &w);
  w.EndObject();
  return Status::OK();
}

}  // namespace dynarock
