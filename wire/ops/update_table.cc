// UpdateTable on the wire: the request's shape and constraints (members in
// the order of the service's model, so that violations are listed as the
// service lists them), then the engine, then the table description.
#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "wire/ops/ops.h"
#include "wire/ops/table_shapes.h"
#include "wire/shape.h"

namespace dynarock {
namespace {

std::string ElementPath(const Shape& s, std::string_view member, size_t i) {
  return s.PathOf(member) + "." + std::to_string(i + 1) + ".member";
}

// IndexName of an index action: required, 3-255 characters of the pattern.
std::string IndexNameOf(Shape& s) {
  auto name = s.String("IndexName");
  s.Required("IndexName", name.has_value());
  if (name) s.NamePattern("IndexName", *name, 3, 255);
  return name.value_or("");
}

// One element of GlobalSecondaryIndexUpdates: any of Update, Create and
// Delete (the engine refuses none or several with the service's messages).
GlobalSecondaryIndexUpdate ParseIndexUpdate(Shape& es) {
  GlobalSecondaryIndexUpdate u;
  if (nlohmann::json* j = es.Structure("Update")) {
    Shape us(j, es.errors(), es.PathOf("Update"));
    GlobalSecondaryIndexUpdate::Update update;
    update.index_name = IndexNameOf(us);
    update.provisioned_throughput =
        ParseThroughput(us, "ProvisionedThroughput");
    update.on_demand_throughput = ParseOnDemand(us);
    u.update = std::move(update);
  }
  if (nlohmann::json* j = es.Structure("Create")) {
    Shape cs(j, es.errors(), es.PathOf("Create"));
    GlobalSecondaryIndex create;
    create.index_name = IndexNameOf(cs);
    create.key_schema =
        ParseKeySchema(cs, "KeySchema", true, /*global_index=*/true);
    create.projection = ParseProjection(cs);
    create.provisioned_throughput =
        ParseThroughput(cs, "ProvisionedThroughput");
    create.on_demand_throughput = ParseOnDemand(cs);
    u.create = std::move(create);
  }
  if (nlohmann::json* j = es.Structure("Delete")) {
    Shape ds(j, es.errors(), es.PathOf("Delete"));
    u.delete_index_name = IndexNameOf(ds);
  }
  return u;
}

}  // namespace

Status HandleUpdateTable(Engine& engine, const RequestContext& ctx,
                         nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  UpdateTableRequest req;
  // Only a GSI Create reads AttributeDefinitions; elsewhere the engine
  // ignores them, as the service does.
  if (s.List("AttributeDefinitions"))
    req.attribute_definitions = ParseAttributeDefinitions(s);
  auto name = s.String("TableName");
  CheckTableName(s, "TableName", name, true);
  req.table_name = name.value_or("");
  if (auto billing = s.String("BillingMode")) {
    s.Enum("BillingMode", *billing, {"PROVISIONED", "PAY_PER_REQUEST"});
    req.billing_mode = *billing == "PAY_PER_REQUEST"
                           ? BillingMode::kPayPerRequest
                           : BillingMode::kProvisioned;
  }
  req.provisioned_throughput = ParseThroughput(s, "ProvisionedThroughput");
  if (nlohmann::json* list = s.List("GlobalSecondaryIndexUpdates")) {
    req.global_secondary_index_updates.emplace();
    for (size_t i = 0; i < list->size(); ++i) {
      nlohmann::json& e = (*list)[i];
      if (!e.is_object()) {
        errors.Serialization(SerializationError(JsonKind::kStructure, e));
        break;
      }
      Shape es(&e, &errors, ElementPath(s, "GlobalSecondaryIndexUpdates", i));
      req.global_secondary_index_updates->push_back(ParseIndexUpdate(es));
    }
  }
  req.stream_specification = ParseStreamSpecification(s);
  req.sse_specification = ParseSSESpecification(s);
  Status bad_table_class;
  req.table_class = ParseTableClass(s, &bad_table_class);
  req.deletion_protection_enabled = s.Bool("DeletionProtectionEnabled");
  req.on_demand_throughput = ParseOnDemand(s);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_RETURN_IF_ERROR(bad_table_class);
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.UpdateTable(ctx, req));
  WriteDescriptionResponse("TableDescription", r.table_description, out);
  return Status::OK();
}

}  // namespace dynarock
