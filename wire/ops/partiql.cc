// PartiQL's handlers: ExecuteStatement, BatchExecuteStatement,
// ExecuteTransaction.
#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "wire/json_value.h"
#include "wire/json_writer.h"
#include "wire/ops/ops.h"
#include "wire/ops/request_shapes.h"
#include "wire/shape.h"

namespace dynarock {

namespace {

// Statement (1 to 8192 characters) and Parameters (at least one value) of
// a statement, at `s`.
Status StatementOf(Shape& s, std::string* statement,
                   std::optional<std::vector<AttributeValue>>* parameters) {
  auto text = s.String("Statement");
  s.Required("Statement", text.has_value());
  if (text) s.Length("Statement", *text, 1, 8192);
  *statement = text.value_or("");
  if (nlohmann::json* params = s.List("Parameters")) {
    s.ListLength("Parameters", params->dump(), params->size(), 1, SIZE_MAX);
    parameters->emplace();
    for (auto& p : *params) {
      if (!p.is_object()) return SerializationError(JsonKind::kStructure, p);
      AttributeValue v;
      DYNAROCK_RETURN_IF_ERROR(ParseAttributeValue(p, &v));
      (*parameters)->push_back(std::move(v));
    }
  }
  return Status::OK();
}

// A list member of 1 to `max` structures (ForEachListMember), each given
// to `each` as a Shape.
template <typename Parsed, typename Each>
Status ForEachMember(Shape& s, ShapeErrors* errors, const char* member,
                     size_t max, const std::vector<Parsed>& parsed, Each each) {
  return ForEachListMember(
      s, errors, member, max, parsed,
      [&](nlohmann::json& m, const std::string& path) -> Status {
        if (!m.is_object()) return SerializationError(JsonKind::kStructure, m);
        Shape ms(&m, errors, path);
        return each(ms);
      });
}

}  // namespace

Status HandleExecuteStatement(Engine& engine, const RequestContext& ctx,
                              nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  ExecuteStatementRequest req;
  DYNAROCK_RETURN_IF_ERROR(StatementOf(s, &req.statement, &req.parameters));
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

Status HandleBatchExecuteStatement(Engine& engine, const RequestContext& ctx,
                                   nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  BatchExecuteStatementRequest req;
  DYNAROCK_RETURN_IF_ERROR(ForEachMember(
      s, &errors, "Statements", 25, req.statements, [&](Shape& m) {
        BatchStatementRequest& b = req.statements.emplace_back();
        DYNAROCK_RETURN_IF_ERROR(StatementOf(m, &b.statement, &b.parameters));
        b.consistent_read = m.Bool("ConsistentRead").value_or(false);
        b.return_values_on_condition_check_failure = ReturnValuesOnFailureOf(m);
        return Status::OK();
      }));
  req.return_consumed_capacity = ReturnConsumedCapacityOf(s);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.BatchExecuteStatement(ctx, req));
  JsonWriter w(out);
  w.BeginObject();
  w.Key("Responses");
  w.BeginArray();
  for (const BatchStatementResponse& b : r.responses) {
    w.BeginObject();
    if (b.error) {
      w.Key("Error");
      w.BeginObject();
      w.Key("Code");
      w.String(b.error->code);
      w.Key("Message");
      w.String(b.error->message);
      if (b.error->item) {
        w.Key("Item");
        WriteItem(*b.error->item, &w);
      }
      w.EndObject();
    }
    if (b.table_name) {
      w.Key("TableName");
      w.String(*b.table_name);
    }
    if (b.item && !b.error) {
      w.Key("Item");
      WriteItem(*b.item, &w);
    }
    w.EndObject();
  }
  w.EndArray();
  WriteCapacityList(r.consumed_capacity, &w);
  w.EndObject();
  return Status::OK();
}

Status HandleExecuteTransaction(Engine& engine, const RequestContext& ctx,
                                nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  ExecuteTransactionRequest req;
  DYNAROCK_RETURN_IF_ERROR(ForEachMember(
      s, &errors, "TransactStatements", 100, req.transact_statements,
      [&](Shape& m) {
        ParameterizedStatement& p = req.transact_statements.emplace_back();
        DYNAROCK_RETURN_IF_ERROR(StatementOf(m, &p.statement, &p.parameters));
        p.return_values_on_condition_check_failure = ReturnValuesOnFailureOf(m);
        return Status::OK();
      }));
  if (auto token = s.String("ClientRequestToken")) {
    s.Length("ClientRequestToken", *token, 1, 36);
    req.client_request_token = std::move(token);
  }
  req.return_consumed_capacity = ReturnConsumedCapacityOf(s);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.ExecuteTransaction(ctx, req));
  JsonWriter w(out);
  w.BeginObject();
  w.Key("Responses");
  w.BeginArray();
  for (const std::optional<Item>& item : r.responses) {
    w.BeginObject();
    if (item) {
      w.Key("Item");
      WriteItem(*item, &w);
    }
    w.EndObject();
  }
  w.EndArray();
  WriteCapacityList(r.consumed_capacity, &w);
  w.EndObject();
  return Status::OK();
}

}  // namespace dynarock
