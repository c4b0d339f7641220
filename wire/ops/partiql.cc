// PartiQL's handlers: ExecuteStatement (BatchExecuteStatement and
// ExecuteTransaction are not served yet: UnknownOperationException).
#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "wire/json_value.h"
#include "wire/json_writer.h"
#include "wire/ops/ops.h"
#include "wire/ops/request_shapes.h"
#include "wire/shape.h"

namespace dynarock {

Status HandleExecuteStatement(Engine& engine, const RequestContext& ctx,
                              nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  ExecuteStatementRequest req;
  auto statement = s.String("Statement");
  s.Required("Statement", statement.has_value());
  if (statement) s.Length("Statement", *statement, 1, 8192);
  req.statement = statement.value_or("");
  if (nlohmann::json* params = s.List("Parameters")) {
    s.ListLength("Parameters", params->dump(), params->size(), 1, SIZE_MAX);
    req.parameters.emplace();
    for (auto& p : *params) {
      if (!p.is_object()) return SerializationError(JsonKind::kStructure, p);
      AttributeValue v;
      DYNAROCK_RETURN_IF_ERROR(ParseAttributeValue(p, &v));
      req.parameters->push_back(std::move(v));
    }
  }
  req.consistent_read = s.Bool("ConsistentRead").value_or(false);
  if (auto token = s.String("NextToken")) {
    s.Length("NextToken", *token, 1, 32768);
    req.next_token = std::move(token);
  }
  req.limit = s.Long("Limit", JsonKind::kInteger);
  if (req.limit) s.Range("Limit", *req.limit, 1, INT32_MAX);
  req.return_consumed_capacity = ReturnConsumedCapacityOf(s);
  req.return_values_on_condition_check_failure = ReturnValuesOnFailureOf(s);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.ExecuteStatement(ctx, req));
  JsonWriter w(out);
  w.BeginObject();
  w.Key("Items");
  w.BeginArray();
  for (const Item& item : r.items) WriteItem(item, &w);
  w.EndArray();
  if (r.next_token) {
    w.Key("NextToken");
    w.String(*r.next_token);
  }
  if (r.consumed_capacity) {
    w.Key("ConsumedCapacity");
    WriteConsumedCapacity(*r.consumed_capacity, &w);
  }
  w.EndObject();
  return Status::OK();
}

}  // namespace dynarock
