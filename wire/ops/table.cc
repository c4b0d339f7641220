// Table operations on the wire: CreateTable, DescribeTable, DeleteTable,
// ListTables, tagging, continuous backups, time to live.
#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "wire/json_writer.h"
#include "wire/ops/ops.h"
#include "wire/ops/table_shapes.h"
#include "wire/shape.h"

namespace dynarock {

// ------------------------------------------------------------ parsing

// Table names are 3-255 characters of [a-zA-Z0-9_.-]; operations on an
// existing table also take its ARN (up to 1024 characters).
void CheckTableName(Shape& s, const char* member,
                    const std::optional<std::string>& name, bool arn_allowed) {
  s.Required(member, name.has_value());
  if (!name) return;
  if (arn_allowed && name->rfind("arn:", 0) == 0) {
    s.Length(member, *name, 1, 1024);
    return;
  }
  s.NamePattern(member, *name, 3, 255);
}

static std::string ElementPath(const Shape& s, std::string_view member,
                               size_t i) {
  return s.PathOf(member) + "." + std::to_string(i + 1) + ".member";
}

std::optional<ValueType> ScalarTypeOf(const std::string& s) {
  if (s == "S") return ValueType::kS;
  if (s == "N") return ValueType::kN;
  if (s == "B") return ValueType::kB;
  return std::nullopt;
}

std::vector<KeySchemaElement> ParseKeySchema(Shape& s, const char* member,
                                             bool required, bool global_index) {
  std::vector<KeySchemaElement> out;
  nlohmann::json* list = s.List(member);
  if (required) s.Required(member, list != nullptr);
  if (!list) return out;
  std::string rendered = "[";
  for (size_t i = 0; i < list->size(); ++i) {
    nlohmann::json& e = (*list)[i];
    if (!e.is_object()) {
      s.errors()->Serialization(SerializationError(JsonKind::kStructure, e));
      return out;
    }
    Shape es(&e, s.errors(), ElementPath(s, member, i));
    auto name = es.String("AttributeName");
    auto type = es.String("KeyType");
    es.Required("AttributeName", name.has_value());
    if (name) es.Length("AttributeName", *name, 1, 255);
    es.Required("KeyType", type.has_value());
    if (type) es.Enum("KeyType", *type, {"HASH", "RANGE"});
    KeySchemaElement k;
    k.attribute_name = name.value_or("");
    k.key_type = type && *type == "RANGE" ? KeyType::kRange : KeyType::kHash;
    if (i) rendered += ", ";
    rendered += "KeySchemaElement(attributeName=" + k.attribute_name +
                ", keyType=" + type.value_or("null") + ")";
    out.push_back(std::move(k));
  }
  rendered += "]";
  // A GSI's key may have up to eight elements (multi-attribute keys); the
  // engine checks their counts with the service's messages.
  s.ListLength(member, rendered, list->size(), 1, global_index ? SIZE_MAX : 2);
  return out;
}

std::vector<AttributeDefinition> ParseAttributeDefinitions(Shape& s) {
  std::vector<AttributeDefinition> out;
  nlohmann::json* list = s.List("AttributeDefinitions");
  s.Required("AttributeDefinitions", list != nullptr);
  if (!list) return out;
  for (size_t i = 0; i < list->size(); ++i) {
    nlohmann::json& e = (*list)[i];
    if (!e.is_object()) {
      s.errors()->Serialization(SerializationError(JsonKind::kStructure, e));
      return out;
    }
    Shape es(&e, s.errors(), ElementPath(s, "AttributeDefinitions", i));
    auto name = es.String("AttributeName");
    auto type = es.String("AttributeType");
    es.Required("AttributeName", name.has_value());
    if (name) es.Length("AttributeName", *name, 1, 255);
    es.Required("AttributeType", type.has_value());
    if (type) es.Enum("AttributeType", *type, {"B", "N", "S"});
    out.push_back(
        {name.value_or(""),
         type ? ScalarTypeOf(*type).value_or(ValueType::kS) : ValueType::kS});
  }
  return out;
}

std::optional<ProvisionedThroughput> ParseThroughput(Shape& s,
                                                     const char* member) {
  nlohmann::json* j = s.Structure(member);
  if (!j) return std::nullopt;
  Shape ps(j, s.errors(), s.PathOf(member));
  auto r = ps.Long("ReadCapacityUnits");
  auto w = ps.Long("WriteCapacityUnits");
  // The service lists the write member's violations first.
  ps.Required("WriteCapacityUnits", w.has_value());
  ps.Required("ReadCapacityUnits", r.has_value());
  if (w) ps.Range("WriteCapacityUnits", *w, 1, INT64_MAX);
  if (r) ps.Range("ReadCapacityUnits", *r, 1, INT64_MAX);
  return ProvisionedThroughput{r.value_or(0), w.value_or(0)};
}

std::optional<OnDemandThroughput> ParseOnDemand(Shape& s) {
  nlohmann::json* j = s.Structure("OnDemandThroughput");
  if (!j) return std::nullopt;
  Shape os(j, s.errors(), s.PathOf("OnDemandThroughput"));
  OnDemandThroughput od;
  od.max_read_request_units = os.Long("MaxReadRequestUnits");
  od.max_write_request_units = os.Long("MaxWriteRequestUnits");
  return od;
}

Projection ParseProjection(Shape& s) {
  Projection p;
  nlohmann::json* j = s.Structure("Projection");
  s.Required("Projection", j != nullptr);
  if (!j) return p;
  Shape ps(j, s.errors(), s.PathOf("Projection"));
  auto type = ps.String("ProjectionType");
  if (type) {
    ps.Enum("ProjectionType", *type, {"ALL", "KEYS_ONLY", "INCLUDE"});
    if (*type == "ALL") p.projection_type = ProjectionType::kAll;
    if (*type == "KEYS_ONLY") p.projection_type = ProjectionType::kKeysOnly;
    if (*type == "INCLUDE") p.projection_type = ProjectionType::kInclude;
  }
  if (nlohmann::json* nka = ps.List("NonKeyAttributes")) {
    p.non_key_attributes.emplace();
    for (auto& a : *nka) {
      if (!a.is_string()) {
        s.errors()->Serialization(SerializationError(JsonKind::kString, a));
        return p;
      }
      p.non_key_attributes->push_back(a.get<std::string>());
    }
    ps.ListLength("NonKeyAttributes", "[...]", p.non_key_attributes->size(), 1,
                  20);
  }
  return p;
}

template <typename Index>
static std::optional<std::vector<Index>> ParseIndexes(Shape& s,
                                                      const char* member,
                                                      bool global) {
  nlohmann::json* list = s.List(member);
  if (!list) return std::nullopt;
  std::vector<Index> out;
  for (size_t i = 0; i < list->size(); ++i) {
    nlohmann::json& e = (*list)[i];
    if (!e.is_object()) {
      s.errors()->Serialization(SerializationError(JsonKind::kStructure, e));
      return out;
    }
    Shape is(&e, s.errors(), ElementPath(s, member, i));
    Index ix;
    auto name = is.String("IndexName");
    is.Required("IndexName", name.has_value());
    if (name) {
      is.NamePattern("IndexName", *name, 3, 255);
      ix.index_name = *name;
    }
    ix.key_schema = ParseKeySchema(is, "KeySchema", true, global);
    ix.projection = ParseProjection(is);
    if constexpr (std::is_same_v<Index, GlobalSecondaryIndex>) {
      ix.provisioned_throughput = ParseThroughput(is, "ProvisionedThroughput");
      ix.on_demand_throughput = ParseOnDemand(is);
    }
    out.push_back(std::move(ix));
  }
  return out;
}

std::optional<std::vector<Tag>> ParseTags(Shape& s) {
  nlohmann::json* list = s.List("Tags");
  if (!list) return std::nullopt;
  std::vector<Tag> out;
  for (size_t i = 0; i < list->size(); ++i) {
    nlohmann::json& e = (*list)[i];
    if (!e.is_object()) {
      s.errors()->Serialization(SerializationError(JsonKind::kStructure, e));
      return out;
    }
    Shape ts(&e, s.errors(), ElementPath(s, "Tags", i));
    auto key = ts.String("Key");
    auto value = ts.String("Value");
    ts.Required("Key", key.has_value());
    ts.Required("Value", value.has_value());
    if (key) ts.Length("Key", *key, 1, 128);
    if (value) ts.Length("Value", *value, 0, 256);
    out.push_back({key.value_or(""), value.value_or("")});
  }
  return out;
}

std::optional<StreamSpecification> ParseStreamSpecification(Shape& s) {
  nlohmann::json* j = s.Structure("StreamSpecification");
  if (!j) return std::nullopt;
  Shape ss(j, s.errors(), s.PathOf("StreamSpecification"));
  StreamSpecification spec;
  auto enabled = ss.Bool("StreamEnabled");
  ss.Required("StreamEnabled", enabled.has_value());
  spec.stream_enabled = enabled.value_or(false);
  if (auto view = ss.String("StreamViewType")) {
    ss.Enum("StreamViewType", *view,
            {"NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"});
    spec.stream_view_type = StreamViewTypeOf(*view);
  }
  return spec;
}

std::optional<SSESpecification> ParseSSESpecification(Shape& s) {
  nlohmann::json* j = s.Structure("SSESpecification");
  if (!j) return std::nullopt;
  // The service lower-cases only the first letter: "sSESpecification".
  Shape ss(j, s.errors(), s.PathOf("SSESpecification"));
  SSESpecification spec;
  spec.enabled = ss.Bool("Enabled");
  spec.sse_type = ss.String("SSEType");
  if (spec.sse_type) ss.Enum("SSEType", *spec.sse_type, {"AES256", "KMS"});
  spec.kms_master_key_id = ss.String("KMSMasterKeyId");
  return spec;
}

std::optional<TableClass> ParseTableClass(Shape& s, Status* invalid) {
  auto cls = s.String("TableClass");
  if (!cls) return std::nullopt;
  if (*cls == "STANDARD") return TableClass::kStandard;
  if (*cls == "STANDARD_INFREQUENT_ACCESS") {
    return TableClass::kStandardInfrequentAccess;
  }
  // The service checks the table class apart from the other enums, and
  // after them (ack-api-quirks DDB-TABLE-442, CreateTable and UpdateTable).
  *invalid = Status::Validation(
      "Invalid table-class parameter provided. Please try again with a valid "
      "table-class value: [STANDARD, STANDARD_INFREQUENT_ACCESS].");
  return std::nullopt;
}

std::optional<StreamViewType> StreamViewTypeOf(const std::string& s) {
  if (s == "KEYS_ONLY") return StreamViewType::kKeysOnly;
  if (s == "NEW_IMAGE") return StreamViewType::kNewImage;
  if (s == "OLD_IMAGE") return StreamViewType::kOldImage;
  if (s == "NEW_AND_OLD_IMAGES") return StreamViewType::kNewAndOldImages;
  return std::nullopt;
}

// ---------------------------------------------------------- rendering

void WriteKeySchema(const std::vector<KeySchemaElement>& ks, JsonWriter* w) {
  w->BeginArray();
  for (const auto& k : ks) {
    w->BeginObject();
    w->Key("AttributeName");
    w->String(k.attribute_name);
    w->Key("KeyType");
    w->String(KeyTypeName(k.key_type));
    w->EndObject();
  }
  w->EndArray();
}

static void WriteProjection(const Projection& p, JsonWriter* w) {
  w->BeginObject();
  if (p.projection_type) {
    w->Key("ProjectionType");
    w->String(ProjectionTypeName(*p.projection_type));
  }
  if (p.non_key_attributes) {
    w->Key("NonKeyAttributes");
    w->BeginArray();
    for (const auto& a : *p.non_key_attributes) w->String(a);
    w->EndArray();
  }
  w->EndObject();
}

static void WriteThroughput(const ProvisionedThroughputDescription& pt,
                            JsonWriter* w) {
  w->BeginObject();
  if (pt.last_increase_date_time) {
    w->Key("LastIncreaseDateTime");
    w->Double(*pt.last_increase_date_time);
  }
  if (pt.last_decrease_date_time) {
    w->Key("LastDecreaseDateTime");
    w->Double(*pt.last_decrease_date_time);
  }
  w->Key("NumberOfDecreasesToday");
  w->Int(pt.number_of_decreases_today);
  w->Key("ReadCapacityUnits");
  w->Int(pt.read_capacity_units);
  w->Key("WriteCapacityUnits");
  w->Int(pt.write_capacity_units);
  w->EndObject();
}

static void WriteOnDemand(const OnDemandThroughput& od, JsonWriter* w) {
  w->BeginObject();
  if (od.max_read_request_units) {
    w->Key("MaxReadRequestUnits");
    w->Int(*od.max_read_request_units);
  }
  if (od.max_write_request_units) {
    w->Key("MaxWriteRequestUnits");
    w->Int(*od.max_write_request_units);
  }
  w->EndObject();
}

static void WriteWarmThroughput(
    const std::optional<WarmThroughputDescription>& wt, JsonWriter* w) {
  if (!wt) return;
  w->Key("WarmThroughput");
  w->BeginObject();
  w->Key("ReadUnitsPerSecond");
  w->Int(wt->read_units_per_second);
  w->Key("WriteUnitsPerSecond");
  w->Int(wt->write_units_per_second);
  w->Key("Status");
  w->String(wt->status);
  w->EndObject();
}

static void WriteIndexes(const std::vector<IndexDescription>& list, bool global,
                         JsonWriter* w) {
  w->BeginArray();
  for (const auto& ix : list) {
    w->BeginObject();
    w->Key("IndexName");
    w->String(ix.index_name);
    w->Key("KeySchema");
    WriteKeySchema(ix.key_schema, w);
    w->Key("Projection");
    WriteProjection(ix.projection, w);
    if (global) {
      w->Key("IndexStatus");
      w->String(ix.index_status);
      if (ix.backfilling) {
        w->Key("Backfilling");
        w->Bool(*ix.backfilling);
      }
      if (ix.provisioned_throughput) {
        w->Key("ProvisionedThroughput");
        WriteThroughput(*ix.provisioned_throughput, w);
      }
      if (ix.on_demand_throughput) {
        w->Key("OnDemandThroughput");
        WriteOnDemand(*ix.on_demand_throughput, w);
      }
      WriteWarmThroughput(ix.warm_throughput, w);
    }
    w->Key("IndexSizeBytes");
    w->Int(ix.index_size_bytes);
    w->Key("ItemCount");
    w->Int(ix.item_count);
    w->Key("IndexArn");
    w->String(ix.index_arn);
    w->EndObject();
  }
  w->EndArray();
}

static void WriteBillingModeSummary(const TableDescription& d, JsonWriter* w) {
  if (!d.billing_mode) return;
  w->Key("BillingModeSummary");
  w->BeginObject();
  w->Key("BillingMode");
  w->String(BillingModeName(*d.billing_mode));
  if (d.last_update_to_pay_per_request_date_time) {
    w->Key("LastUpdateToPayPerRequestDateTime");
    w->Double(*d.last_update_to_pay_per_request_date_time);
  }
  w->EndObject();
}

// DeleteTable's description is short: the service leaves out the key
// schema, definitions, creation time and indexes.
static void WriteDeletingDescription(const TableDescription& d, JsonWriter* w) {
  w->BeginObject();
  w->Key("TableName");
  w->String(d.table_name);
  w->Key("TableStatus");
  w->String(d.table_status);
  w->Key("ProvisionedThroughput");
  WriteThroughput(d.provisioned_throughput, w);
  w->Key("TableSizeBytes");
  w->Int(d.table_size_bytes);
  w->Key("ItemCount");
  w->Int(d.item_count);
  w->Key("TableArn");
  w->String(d.table_arn);
  w->Key("TableId");
  w->String(d.table_id);
  WriteBillingModeSummary(d, w);
  w->Key("DeletionProtectionEnabled");
  w->Bool(d.deletion_protection_enabled);
  WriteWarmThroughput(d.warm_throughput, w);
  w->EndObject();
}

void WriteTableDescription(const TableDescription& d, JsonWriter* w) {
  if (d.table_status == "DELETING") {
    WriteDeletingDescription(d, w);
    return;
  }
  w->BeginObject();
  w->Key("AttributeDefinitions");
  w->BeginArray();
  for (const auto& a : d.attribute_definitions) {
    w->BeginObject();
    w->Key("AttributeName");
    w->String(a.attribute_name);
    w->Key("AttributeType");
    w->String(ValueTypeName(a.attribute_type));
    w->EndObject();
  }
  w->EndArray();
  w->Key("TableName");
  w->String(d.table_name);
  w->Key("KeySchema");
  WriteKeySchema(d.key_schema, w);
  w->Key("TableStatus");
  w->String(d.table_status);
  w->Key("CreationDateTime");
  w->Double(d.creation_date_time);
  w->Key("ProvisionedThroughput");
  WriteThroughput(d.provisioned_throughput, w);
  w->Key("TableSizeBytes");
  w->Int(d.table_size_bytes);
  w->Key("ItemCount");
  w->Int(d.item_count);
  w->Key("TableArn");
  w->String(d.table_arn);
  w->Key("TableId");
  w->String(d.table_id);
  WriteBillingModeSummary(d, w);
  if (!d.local_secondary_indexes.empty()) {
    w->Key("LocalSecondaryIndexes");
    WriteIndexes(d.local_secondary_indexes, false, w);
  }
  if (!d.global_secondary_indexes.empty()) {
    w->Key("GlobalSecondaryIndexes");
    WriteIndexes(d.global_secondary_indexes, true, w);
  }
  if (d.stream_specification) {
    w->Key("StreamSpecification");
    w->BeginObject();
    w->Key("StreamEnabled");
    w->Bool(d.stream_specification->stream_enabled);
    if (d.stream_specification->stream_view_type) {
      w->Key("StreamViewType");
      w->String(StreamViewTypeName(*d.stream_specification->stream_view_type));
    }
    w->EndObject();
  }
  if (!d.latest_stream_label.empty()) {
    w->Key("LatestStreamLabel");
    w->String(d.latest_stream_label);
    w->Key("LatestStreamArn");
    w->String(d.latest_stream_arn);
  }
  if (d.sse_description) {
    w->Key("SSEDescription");
    w->BeginObject();
    w->Key("Status");
    w->String(d.sse_description->status);
    w->Key("SSEType");
    w->String(d.sse_description->sse_type);
    w->Key("KMSMasterKeyArn");
    w->String(d.sse_description->kms_master_key_arn);
    w->EndObject();
  }
  if (d.table_class) {
    w->Key("TableClassSummary");
    w->BeginObject();
    w->Key("TableClass");
    w->String(TableClassName(*d.table_class));
    w->EndObject();
  }
  w->Key("DeletionProtectionEnabled");
  w->Bool(d.deletion_protection_enabled);
  if (d.on_demand_throughput) {
    w->Key("OnDemandThroughput");
    WriteOnDemand(*d.on_demand_throughput, w);
  }
  WriteWarmThroughput(d.warm_throughput, w);
  w->EndObject();
}

void WriteDescriptionResponse(const char* member, const TableDescription& d,
                              std::string* out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key(member);
  WriteTableDescription(d, &w);
  w.EndObject();
}

namespace {

// Reads the TableName member of requests that name one existing table.
std::string TableNameOf(Shape& s) {
  auto name = s.String("TableName");
  CheckTableName(s, "TableName", name, true);
  return name.value_or("");
}

}  // namespace

Status HandleCreateTable(Engine& engine, const RequestContext& ctx,
                         nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  CreateTableRequest req;
  req.attribute_definitions = ParseAttributeDefinitions(s);
  auto name = s.String("TableName");
  // A missing name is reported on its own, after the members' constraints
  // (the model lets CreateTable name a table by ARN elsewhere, so the
  // operation checks its presence itself).
  if (name) CheckTableName(s, "TableName", name, false);
  req.table_name = name.value_or("");
  req.key_schema = ParseKeySchema(s, "KeySchema", true);
  req.local_secondary_indexes =
      ParseIndexes<LocalSecondaryIndex>(s, "LocalSecondaryIndexes", false);
  req.global_secondary_indexes =
      ParseIndexes<GlobalSecondaryIndex>(s, "GlobalSecondaryIndexes", true);
  if (auto billing = s.String("BillingMode")) {
    s.Enum("BillingMode", *billing, {"PROVISIONED", "PAY_PER_REQUEST"});
    req.billing_mode = *billing == "PAY_PER_REQUEST"
                           ? BillingMode::kPayPerRequest
                           : BillingMode::kProvisioned;
  }
  req.provisioned_throughput = ParseThroughput(s, "ProvisionedThroughput");
  req.stream_specification = ParseStreamSpecification(s);
  req.sse_specification = ParseSSESpecification(s);
  req.tags = ParseTags(s);
  Status bad_table_class;
  req.table_class = ParseTableClass(s, &bad_table_class);
  req.deletion_protection_enabled = s.Bool("DeletionProtectionEnabled");
  req.on_demand_throughput = ParseOnDemand(s);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  if (!name) {
    return Status::Validation(
        "The parameter 'TableName' is required but was not present in the "
        "request");
  }
  DYNAROCK_RETURN_IF_ERROR(bad_table_class);
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.CreateTable(ctx, req));
  WriteDescriptionResponse("TableDescription", r.table_description, out);
  return Status::OK();
}

Status HandleDescribeTable(Engine& engine, const RequestContext& ctx,
                           nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  DescribeTableRequest req{TableNameOf(s)};
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.DescribeTable(ctx, req));
  WriteDescriptionResponse("Table", r.table, out);
  return Status::OK();
}

Status HandleDeleteTable(Engine& engine, const RequestContext& ctx,
                         nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  DeleteTableRequest req{TableNameOf(s)};
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.DeleteTable(ctx, req));
  WriteDescriptionResponse("TableDescription", r.table_description, out);
  return Status::OK();
}

Status HandleListTables(Engine& engine, const RequestContext& ctx,
                        nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  ListTablesRequest req;
  req.exclusive_start_table_name = s.String("ExclusiveStartTableName");
  if (req.exclusive_start_table_name) {
    s.NamePattern("ExclusiveStartTableName", *req.exclusive_start_table_name, 3,
                  255);
  }
  req.limit = s.Long("Limit", JsonKind::kInteger);
  if (req.limit) s.Range("Limit", *req.limit, 1, 100);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.ListTables(ctx, req));
  JsonWriter w(out);
  w.BeginObject();
  w.Key("TableNames");
  w.BeginArray();
  for (const auto& n : r.table_names) w.String(n);
  w.EndArray();
  if (r.last_evaluated_table_name) {
    w.Key("LastEvaluatedTableName");
    w.String(*r.last_evaluated_table_name);
  }
  w.EndObject();
  return Status::OK();
}

namespace {
std::string ResourceArnOf(Shape& s) {
  auto arn = s.String("ResourceArn");
  s.Required("ResourceArn", arn.has_value());
  if (arn) s.Length("ResourceArn", *arn, 1, 1283);
  return arn.value_or("");
}
}  // namespace

Status HandleTagResource(Engine& engine, const RequestContext& ctx,
                         nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  TagResourceRequest req;
  req.resource_arn = ResourceArnOf(s);
  auto tags = ParseTags(s);
  s.Required("Tags", tags.has_value());
  if (tags) req.tags = std::move(*tags);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_RETURN_IF_ERROR(engine.TagResource(ctx, req).status());
  // The service answers tagging with an empty body.
  return Status::OK();
}

Status HandleUntagResource(Engine& engine, const RequestContext& ctx,
                           nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  UntagResourceRequest req;
  req.resource_arn = ResourceArnOf(s);
  nlohmann::json* keys = s.List("TagKeys");
  s.Required("TagKeys", keys != nullptr);
  if (keys) {
    for (auto& k : *keys) {
      if (!k.is_string()) {
        errors.Serialization(SerializationError(JsonKind::kString, k));
        break;
      }
      req.tag_keys.push_back(k.get<std::string>());
    }
  }
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_RETURN_IF_ERROR(engine.UntagResource(ctx, req).status());
  return Status::OK();
}

Status HandleListTagsOfResource(Engine& engine, const RequestContext& ctx,
                                nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  ListTagsOfResourceRequest req;
  req.resource_arn = ResourceArnOf(s);
  req.next_token = s.String("NextToken");
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.ListTagsOfResource(ctx, req));
  JsonWriter w(out);
  w.BeginObject();
  w.Key("Tags");
  w.BeginArray();
  for (const auto& t : r.tags) {
    w.BeginObject();
    w.Key("Key");
    w.String(t.key);
    w.Key("Value");
    w.String(t.value);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Status::OK();
}

namespace {
void WriteBackups(const ContinuousBackupsResponse& r, std::string* out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("ContinuousBackupsDescription");
  w.BeginObject();
  w.Key("ContinuousBackupsStatus");
  w.String(r.continuous_backups_status);
  w.Key("PointInTimeRecoveryDescription");
  w.BeginObject();
  w.Key("PointInTimeRecoveryStatus");
  w.String(r.point_in_time_recovery_status);
  if (r.recovery_period_in_days) {
    w.Key("RecoveryPeriodInDays");
    w.Int(*r.recovery_period_in_days);
  }
  if (r.earliest_restorable_date_time) {
    w.Key("EarliestRestorableDateTime");
    w.Double(*r.earliest_restorable_date_time);
  }
  if (r.latest_restorable_date_time) {
    w.Key("LatestRestorableDateTime");
    w.Double(*r.latest_restorable_date_time);
  }
  w.EndObject();
  w.EndObject();
  w.EndObject();
}
}  // namespace

Status HandleUpdateContinuousBackups(Engine& engine, const RequestContext& ctx,
                                     nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  UpdateContinuousBackupsRequest req;
  req.table_name = TableNameOf(s);
  nlohmann::json* spec = s.Structure("PointInTimeRecoverySpecification");
  s.Required("PointInTimeRecoverySpecification", spec != nullptr);
  if (spec) {
    Shape ps(spec, &errors, "pointInTimeRecoverySpecification");
    auto enabled = ps.Bool("PointInTimeRecoveryEnabled");
    ps.Required("PointInTimeRecoveryEnabled", enabled.has_value());
    req.point_in_time_recovery_enabled = enabled.value_or(false);
    req.recovery_period_in_days =
        ps.Long("RecoveryPeriodInDays", JsonKind::kInteger);
    if (req.recovery_period_in_days)
      ps.Range("RecoveryPeriodInDays", *req.recovery_period_in_days, 1, 35);
  }
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.UpdateContinuousBackups(ctx, req));
  WriteBackups(r, out);
  return Status::OK();
}

Status HandleDescribeContinuousBackups(Engine& engine,
                                       const RequestContext& ctx,
                                       nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  DescribeContinuousBackupsRequest req{TableNameOf(s)};
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.DescribeContinuousBackups(ctx, req));
  WriteBackups(r, out);
  return Status::OK();
}

Status HandleUpdateTimeToLive(Engine& engine, const RequestContext& ctx,
                              nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  UpdateTimeToLiveRequest req;
  req.table_name = TableNameOf(s);
  nlohmann::json* spec = s.Structure("TimeToLiveSpecification");
  s.Required("TimeToLiveSpecification", spec != nullptr);
  if (spec) {
    Shape ts(spec, &errors, "timeToLiveSpecification");
    auto enabled = ts.Bool("Enabled");
    auto attr = ts.String("AttributeName");
    ts.Required("AttributeName", attr.has_value());
    ts.Required("Enabled", enabled.has_value());
    if (attr) ts.Length("AttributeName", *attr, 1, 255);
    req.enabled = enabled.value_or(false);
    req.attribute_name = attr.value_or("");
  }
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.UpdateTimeToLive(ctx, req));
  JsonWriter w(out);
  w.BeginObject();
  w.Key("TimeToLiveSpecification");
  w.BeginObject();
  w.Key("Enabled");
  w.Bool(r.enabled);
  w.Key("AttributeName");
  w.String(r.attribute_name);
  w.EndObject();
  w.EndObject();
  return Status::OK();
}

Status HandleDescribeTimeToLive(Engine& engine, const RequestContext& ctx,
                                nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  DescribeTimeToLiveRequest req{TableNameOf(s)};
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.DescribeTimeToLive(ctx, req));
  JsonWriter w(out);
  w.BeginObject();
  w.Key("TimeToLiveDescription");
  w.BeginObject();
  w.Key("TimeToLiveStatus");
  w.String(r.time_to_live_status);
  if (r.attribute_name) {
    w.Key("AttributeName");
    w.String(*r.attribute_name);
  }
  w.EndObject();
  w.EndObject();
  return Status::OK();
}

// The SDKs ask for endpoints when endpoint discovery is on; this server is
// its own endpoint.
Status HandleDescribeEndpoints(Engine&, const RequestContext& ctx,
                               nlohmann::json&, std::string* out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("Endpoints");
  w.BeginArray();
  w.BeginObject();
  w.Key("Address");
  // The service names itself; this server names the host the client used.
  w.String(ctx.host.empty() ? "dynamodb." + ctx.region + ".amazonaws.com"
                            : ctx.host);
  w.Key("CachePeriodInMinutes");
  w.Int(1440);
  w.EndObject();
  w.EndArray();
  w.EndObject();
  return Status::OK();
}

// The service's default account quotas.
Status HandleDescribeLimits(Engine&, const RequestContext&, nlohmann::json&,
                            std::string* out) {
  out->append(
      "{\"AccountMaxReadCapacityUnits\":80000,\"AccountMaxWriteCapacityUnits\":"
      "80000,"
      "\"TableMaxReadCapacityUnits\":40000,\"TableMaxWriteCapacityUnits\":"
      "40000}");
  return Status::OK();
}

}  // namespace dynarock
