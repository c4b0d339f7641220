// Table operations: CreateTable, DescribeTable, DeleteTable, ListTables,
// tagging, continuous backups and time to live settings.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <set>

#include "engine/format/keys.h"
#include "engine/ops/engine_impl.h"
#include "engine/schema/table_rules.h"
#include "engine/schema/validate.h"

namespace dynarock {
namespace {

// Limits of the service (DynamoDB Developer Guide, "Quotas").
constexpr size_t kMaxGlobalIndexes = 20;
constexpr size_t kMaxLocalIndexes = 5;
// Projected non-key attributes summed over all of a table's indexes.
constexpr size_t kMaxProjectedAttributes = 100;
constexpr size_t kMaxTagsPerResource = 50;

Status CheckThroughput(const ProvisionedThroughput& pt) {
  if (pt.read_capacity_units < 1 || pt.write_capacity_units < 1) {
    // Shape validation catches values below 1 before this; kept as a guard
    // for in-process callers.
    return Status::Validation(
        std::string(kInvalidParameter) +
        "ReadCapacityUnits and WriteCapacityUnits must be positive");
  }
  return Status::OK();
}

Status CheckNoDuplicateDefinitions(
    const std::vector<AttributeDefinition>& defs) {
  std::set<std::string> names;
  for (const auto& d : defs) {
    if (!names.insert(d.attribute_name).second) {
      return Status::Validation("Attribute Name is duplicated: " +
                                d.attribute_name);
    }
  }
  return Status::OK();
}

// ProvisionedThroughput and OnDemandThroughput against the billing mode.
Status CheckBilling(const CreateTableRequest& req, BillingMode billing) {
  if (billing == BillingMode::kPayPerRequest) {
    if (req.provisioned_throughput) {
      return Status::Validation(
          std::string(kInvalidParameter) +
          "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified "
          "when BillingMode is PAY_PER_REQUEST");
    }
    return Status::OK();
  }
  if (!req.provisioned_throughput) {
    return Status::Validation(
        std::string(kInvalidParameter) +
        "ReadCapacityUnits and WriteCapacityUnits must both be specified "
        "when BillingMode is PROVISIONED");
  }
  DYNAROCK_RETURN_IF_ERROR(CheckThroughput(*req.provisioned_throughput));
  if (req.on_demand_throughput) {
    const char* which = req.on_demand_throughput->max_read_request_units
                            ? "MaxReadRequestUnits"
                            : "MaxWriteRequestUnits";
    return Status::Validation(std::string(kInvalidParameter) + which +
                              " for OnDemandThroughput cannot be specified "
                              "when table BillingMode is PROVISIONED.");
  }
  return Status::OK();
}

// What the index checks gather over the table and all its indexes.
struct KeyUsage {
  // Every key attribute of the table and its indexes, to find unused
  // definitions.
  std::set<std::string> used;
  std::set<std::string> index_names;
  size_t projected = 0;  // INCLUDE attributes over all indexes
};

// An index name is used once over LSIs and GSIs; its key attributes count
// as used.
Status AddIndexKeys(const std::string& index_name,
                    const std::vector<KeySchemaElement>& key_schema,
                    KeyUsage* usage) {
  if (!usage->index_names.insert(index_name).second) {
    return Status::Validation(std::string(kInvalidParameter) +
                              "Duplicate index name: " + index_name);
  }
  for (const auto& k : key_schema) usage->used.insert(k.attribute_name);
  return Status::OK();
}

Status CheckLocalIndexes(const CreateTableRequest& req, KeyUsage* usage) {
  if (!req.local_secondary_indexes) return Status::OK();
  const auto& lsis = *req.local_secondary_indexes;
  if (lsis.empty()) {
    return Status::Validation(std::string(kInvalidParameter) +
                              "List of LocalSecondaryIndexes is empty");
  }
  if (req.key_schema.size() < 2) {
    return Status::Validation(
        std::string(kInvalidParameter) +
        "Table KeySchema does not have a range key, which is required when "
        "specifying a LocalSecondaryIndex");
  }
  if (lsis.size() > kMaxLocalIndexes) {
    return Status::Validation(
        std::string(kInvalidParameter) +
        "Number of LocalSecondaryIndexes exceeds per-table limit of 5");
  }
  for (const auto& ix : lsis) {
    DYNAROCK_RETURN_IF_ERROR(
        CheckKeySchema(ix.key_schema, req.attribute_definitions));
    if (ix.key_schema.size() != 2) {
      return Status::Validation(
          std::string(kInvalidParameter) +
          "Index KeySchema does not have a range key for index: " +
          ix.index_name);
    }
    if (ix.key_schema[0].attribute_name != req.key_schema[0].attribute_name) {
      return Status::Validation(
          std::string(kInvalidParameter) +
          "Index KeySchema does not have the same leading hash key as table "
          "KeySchema for index: " +
          ix.index_name +
          ". index hash key: " + ix.key_schema[0].attribute_name +
          ", table hash key: " + req.key_schema[0].attribute_name);
    }
    DYNAROCK_RETURN_IF_ERROR(CheckProjection(ix.projection, &usage->projected));
    DYNAROCK_RETURN_IF_ERROR(AddIndexKeys(ix.index_name, ix.key_schema, usage));
  }
  return Status::OK();
}

Status CheckGlobalIndexes(const CreateTableRequest& req, BillingMode billing,
                          KeyUsage* usage) {
  if (!req.global_secondary_indexes) return Status::OK();
  const auto& gsis = *req.global_secondary_indexes;
  if (gsis.empty()) {
    return Status::Validation(std::string(kInvalidParameter) +
                              "List of GlobalSecondaryIndexes is empty");
  }
  if (gsis.size() > kMaxGlobalIndexes) {
    return Status::Validation(
        std::string(kInvalidParameter) +
        "GlobalSecondaryIndex count exceeds the per-table limit of " +
        std::to_string(kMaxGlobalIndexes));
  }
  for (const auto& ix : gsis) {
    DYNAROCK_RETURN_IF_ERROR(CheckKeySchema(
        ix.key_schema, req.attribute_definitions, /*global_index=*/true));
    DYNAROCK_RETURN_IF_ERROR(CheckProjection(ix.projection, &usage->projected));
    if (billing == BillingMode::kPayPerRequest) {
      if (ix.provisioned_throughput) {
        return Status::Validation(
            std::string(kInvalidParameter) +
            "ProvisionedThroughput should not be specified for index: " +
            ix.index_name + " when BillingMode is PAY_PER_REQUEST");
      }
    } else {
      if (!ix.provisioned_throughput) {
        return Status::Validation(
            std::string(kInvalidParameter) +
            "ProvisionedThroughput is not specified for index: " +
            ix.index_name);
      }
      DYNAROCK_RETURN_IF_ERROR(CheckThroughput(*ix.provisioned_throughput));
    }
    DYNAROCK_RETURN_IF_ERROR(AddIndexKeys(ix.index_name, ix.key_schema, usage));
  }
  return Status::OK();
}

// The projected attributes over all indexes, and every definition used by
// a key.
Status CheckKeyUsage(const CreateTableRequest& req, const KeyUsage& usage) {
  const auto& defs = req.attribute_definitions;
  if (usage.projected > kMaxProjectedAttributes) {
    return Status::Validation(
        std::string(kInvalidParameter) +
        "The number of attributes in key schema and non-key projected "
        "attributes across all secondary indexes must not exceed 100");
  }
  if (usage.used.size() == defs.size()) return Status::OK();
  if (!req.local_secondary_indexes && !req.global_secondary_indexes) {
    return Status::Validation(
        std::string(kInvalidParameter) +
        "Number of attributes in KeySchema does not exactly match number of "
        "attributes defined in AttributeDefinitions");
  }
  std::vector<std::string> def_names,
      used_names(usage.used.begin(), usage.used.end());
  for (const auto& d : defs) def_names.push_back(d.attribute_name);
  return Status::Validation(
      std::string(kInvalidParameter) +
      "Some AttributeDefinitions are not used. AttributeDefinitions: [" +
      JoinNames(def_names) + "], keys used: [" + JoinNames(used_names) + "]");
}

Status CheckOnDemandRange(const CreateTableRequest& req) {
  if (!req.on_demand_throughput) return Status::OK();
  const auto& od = *req.on_demand_throughput;
  // -1 means no limit; otherwise at least 1.
  auto bad = [](const std::optional<int64_t>& v) {
    return v && *v != -1 && *v < 1;
  };
  if (bad(od.max_read_request_units) || bad(od.max_write_request_units)) {
    return Status::Validation(
        std::string(kInvalidParameter) + "Requested " +
        (bad(od.max_read_request_units) ? "MaxReadRequestUnits"
                                        : "MaxWriteRequestUnits") +
        " for OnDemandThroughput for table is outside of valid range");
  }
  return Status::OK();
}

Status CheckStream(const CreateTableRequest& req) {
  if (!req.stream_specification) return Status::OK();
  const auto& s = *req.stream_specification;
  if (s.stream_enabled && !s.stream_view_type) {
    return Status::Validation(std::string(kInvalidParameter) +
                              "Table is being created with a stream enabled, "
                              "UpdateViewType is required");
  }
  if (!s.stream_enabled && s.stream_view_type) {
    return Status::Validation(
        std::string(kInvalidParameter) +
        "Table is being created with a stream disabled, UpdateViewType "
        "should not be specified");
  }
  return Status::OK();
}

Status CheckEncryption(const CreateTableRequest& req) {
  if (!req.sse_specification) return Status::OK();
  const auto& s = *req.sse_specification;
  bool enabled = s.enabled.value_or(false);
  if (!enabled && s.sse_type) {
    return Status::Validation(
        std::string(kInvalidParameter) +
        "SSEType can not be specified if Enabled is false");
  }
  if (!enabled && s.kms_master_key_id) {
    return Status::Validation(
        std::string(kInvalidParameter) +
        "KMSMasterKeyId can not be specified if Enabled is false");
  }
  if (s.sse_type && *s.sse_type == "AES256") {
    return Status::Validation("SSEType AES256 is not supported");
  }
  return Status::OK();
}

Status ValidateCreateTable(const CreateTableRequest& req) {
  DYNAROCK_RETURN_IF_ERROR(
      CheckNoDuplicateDefinitions(req.attribute_definitions));
  DYNAROCK_RETURN_IF_ERROR(
      CheckKeySchema(req.key_schema, req.attribute_definitions));
  BillingMode billing = req.billing_mode.value_or(BillingMode::kProvisioned);
  DYNAROCK_RETURN_IF_ERROR(CheckBilling(req, billing));

  KeyUsage usage;
  for (const auto& k : req.key_schema) usage.used.insert(k.attribute_name);
  DYNAROCK_RETURN_IF_ERROR(CheckLocalIndexes(req, &usage));
  DYNAROCK_RETURN_IF_ERROR(CheckGlobalIndexes(req, billing, &usage));
  DYNAROCK_RETURN_IF_ERROR(CheckKeyUsage(req, usage));

  DYNAROCK_RETURN_IF_ERROR(CheckOnDemandRange(req));
  DYNAROCK_RETURN_IF_ERROR(CheckStream(req));
  DYNAROCK_RETURN_IF_ERROR(CheckEncryption(req));
  if (req.tags && req.tags->size() > kMaxTagsPerResource) {
    return Status::Validation(
        "One or more parameter values were invalid: Too many tags");
  }
  return Status::OK();
}

}  // namespace

Result<CreateTableResponse> EngineImpl::CreateTable(
    const RequestContext& ctx, const CreateTableRequest& req) {
  DYNAROCK_RETURN_IF_ERROR(ValidateCreateTable(req));
  std::lock_guard ddl(catalog_.ddl_mutex());
  if (catalog_.Find(req.table_name)) {
    return Status::InUse("Table already exists: " + req.table_name);
  }
  auto def = std::make_shared<TableDef>();
  WriteBatch batch(*storage_);
  def->id = catalog_.NextId(&batch);
  def->name = req.table_name;
  def->uuid = NewUuid();
  def->creation_time = clock_.Now();
  def->attribute_definitions = req.attribute_definitions;
  def->key_schema = req.key_schema;
  def->billing_mode = req.billing_mode.value_or(BillingMode::kProvisioned);
  // BillingModeSummary appears once a table has been on demand.
  def->billing_mode_reported = def->billing_mode == BillingMode::kPayPerRequest;
  if (def->billing_mode == BillingMode::kPayPerRequest) {
    def->last_update_to_pay_per_request_time = def->creation_time;
  } else {
    def->provisioned_throughput = *req.provisioned_throughput;
  }
  if (req.local_secondary_indexes) {
    for (const auto& ix : *req.local_secondary_indexes)
      def->local_indexes.push_back(NewIndexDef(catalog_.NextId(&batch), ix));
  }
  if (req.global_secondary_indexes) {
    for (const auto& ix : *req.global_secondary_indexes) {
      IndexDef x = NewIndexDef(catalog_.NextId(&batch), ix);
      x.provisioned_throughput = ix.provisioned_throughput;
      x.on_demand_throughput = ix.on_demand_throughput;
      def->global_indexes.push_back(std::move(x));
    }
  }
  std::shared_ptr<StreamDef> stream;
  if (req.stream_specification) {
    def->stream_specification = req.stream_specification;
    if (req.stream_specification->stream_enabled) {
      stream = streams_.NewStream(
          catalog_.NextId(&batch), *def,
          req.stream_specification->stream_view_type.value_or(
              StreamViewType::kKeysOnly),
          ctx.region, def->creation_time);
      streams_.Stage(*stream, &batch);
      def->stream_id = stream->id;
      def->stream_label = stream->label;
    }
  }
  if (req.sse_specification && req.sse_specification->enabled.value_or(false)) {
    def->sse_enabled = true;
    def->sse_kms_key_id =
        req.sse_specification->kms_master_key_id.value_or(NewUuid());
  }
  def->table_class = req.table_class;
  def->deletion_protection = req.deletion_protection_enabled.value_or(false);
  def->on_demand_throughput = req.on_demand_throughput;
  if (req.tags) def->tags = *req.tags;
  def->Derive();
  catalog_.Stage(*def, &batch);
  DYNAROCK_RETURN_IF_ERROR(storage_->Write(&batch));
  if (stream) streams_.Publish(std::move(stream));
  catalog_.Publish(def);
  // The service answers CreateTable with the table (and its GSIs) CREATING,
  // without the warm throughput and billing timestamps it reports later.
  // Here the table is usable at once: DescribeTable says ACTIVE.
  TableDescription d = Describe(ctx, *def);
  d.table_status = "CREATING";
  d.last_update_to_pay_per_request_date_time.reset();
  d.warm_throughput.reset();
  for (auto& ix : d.global_secondary_indexes) {
    ix.index_status = "CREATING";
    ix.warm_throughput.reset();
  }
  return CreateTableResponse{std::move(d)};
}

Result<DescribeTableResponse> EngineImpl::DescribeTable(
    const RequestContext& ctx, const DescribeTableRequest& req) {
  DYNAROCK_ASSIGN_OR_RETURN(
      auto def,
      FindTable(req.table_name, "Requested resource not found: Table: " +
                                    req.table_name + " not found"));
  return DescribeTableResponse{Describe(ctx, *def)};
}

Result<DeleteTableResponse> EngineImpl::DeleteTable(
    const RequestContext& ctx, const DeleteTableRequest& req) {
  std::lock_guard ddl(catalog_.ddl_mutex());
  DYNAROCK_ASSIGN_OR_RETURN(
      auto def,
      FindTable(req.table_name, "Requested resource not found: Table: " +
                                    req.table_name + " not found"));
  const TableDef& t = *def;
  if (t.deletion_protection) {
    return Status::Validation(
        "Resource cannot be deleted as it is currently protected against "
        "deletion. Disable deletion protection first.");
  }
  // The service refuses to drop a table while an index change is under way
  // (ResourceInUseException; live probes of the service, 2026).
  for (const auto& ix : t.global_indexes) {
    if (ix.status != "ACTIVE") {
      return Status::InUse(
          "Attempt to change a resource which is still in use: Cannot delete "
          "table while indexes are being created, updated, or deleted.");
    }
  }
  TableDescription d = Describe(ctx, t);
  d.table_status = "DELETING";
  // O(1) whatever the table holds: range deletes over the table's and its
  // indexes' key spaces, and their statistics.
  WriteBatch batch(*storage_);
  StageDropKeySpace(Cf::kItems, t.id, &batch);
  for (const auto& ix : t.global_indexes)
    StageDropKeySpace(Cf::kIndexes, ix.id, &batch);
  for (const auto& ix : t.local_indexes)
    StageDropKeySpace(Cf::kIndexes, ix.id, &batch);
  if (t.ttl_index_id != 0)
    StageDropKeySpace(Cf::kIndexes, t.ttl_index_id, &batch);
  catalog_.StageDelete(t.name, &batch);
  DYNAROCK_RETURN_IF_ERROR(storage_->Write(&batch));
  // The table's stream goes DISABLED and stays readable for a day.
  if (t.stream_id != 0)
    DYNAROCK_RETURN_IF_ERROR(streams_.Disable(t.stream_id, clock_.Now()));
  catalog_.Unpublish(t.name);
  return DeleteTableResponse{std::move(d)};
}

Result<ListTablesResponse> EngineImpl::ListTables(
    const RequestContext& ctx, const ListTablesRequest& req) {
  size_t limit = static_cast<size_t>(req.limit.value_or(100));
  ListTablesResponse r;
  // One more than asked tells whether there is a next page.
  r.table_names = catalog_.Names(req.exclusive_start_table_name, limit + 1);
  if (r.table_names.size() > limit) {
    r.table_names.resize(limit);
    r.last_evaluated_table_name = r.table_names.back();
  }
  return r;
}

Result<TagResourceResponse> EngineImpl::TagResource(
    const RequestContext& ctx, const TagResourceRequest& req) {
  if (req.tags.empty())
    return Status::Validation("Atleast one Tag needs to be provided as Input.");
  for (const auto& tag : req.tags) {
    if (tag.key.rfind("aws:", 0) == 0) {
      return Status::Validation("Tag Key cannot be prefixed with aws:, Key: " +
                                tag.key);
    }
  }
  std::lock_guard ddl(catalog_.ddl_mutex());
  DYNAROCK_ASSIGN_OR_RETURN(
      auto def, FindTableByArn(ctx, req.resource_arn, "TagResource"));
  auto next = std::make_shared<TableDef>(*def);
  for (const auto& tag : req.tags) {
    auto it = std::find_if(next->tags.begin(), next->tags.end(),
                           [&](const Tag& t) { return t.key == tag.key; });
    if (it != next->tags.end()) {
      it->value = tag.value;
    } else {
      next->tags.push_back(tag);
    }
  }
  if (next->tags.size() > kMaxTagsPerResource) {
    return Status::Validation(
        "Number of Tags exceed the current limit for the provided ResourceArn");
  }
  DYNAROCK_RETURN_IF_ERROR(SaveTable(std::move(next)));
  return TagResourceResponse{};
}

Result<UntagResourceResponse> EngineImpl::UntagResource(
    const RequestContext& ctx, const UntagResourceRequest& req) {
  std::lock_guard ddl(catalog_.ddl_mutex());
  DYNAROCK_ASSIGN_OR_RETURN(
      auto def, FindTableByArn(ctx, req.resource_arn, "UntagResource"));
  auto next = std::make_shared<TableDef>(*def);
  std::erase_if(next->tags, [&](const Tag& t) {
    return std::find(req.tag_keys.begin(), req.tag_keys.end(), t.key) !=
           req.tag_keys.end();
  });
  DYNAROCK_RETURN_IF_ERROR(SaveTable(std::move(next)));
  return UntagResourceResponse{};
}

Result<ListTagsOfResourceResponse> EngineImpl::ListTagsOfResource(
    const RequestContext& ctx, const ListTagsOfResourceRequest& req) {
  DYNAROCK_ASSIGN_OR_RETURN(
      auto def, FindTableByArn(ctx, req.resource_arn, "ListTagsOfResource"));
  ListTagsOfResourceResponse r;
  r.tags = def->tags;
  return r;
}

namespace {
ContinuousBackupsResponse DescribeBackups(const TableDef& t, double now) {
  ContinuousBackupsResponse r;
  r.continuous_backups_status = "ENABLED";
  r.point_in_time_recovery_status = t.pitr_enabled ? "ENABLED" : "DISABLED";
  if (t.pitr_enabled) {
    double window_start =
        now - static_cast<double>(t.pitr_recovery_period_days) * 86400.0;
    r.earliest_restorable_date_time =
        std::max(t.pitr_enabled_time, window_start);
    // The service trails the present by a few minutes; this one is exact.
    r.latest_restorable_date_time = now;
    r.recovery_period_in_days = t.pitr_recovery_period_days;
  }
  return r;
}
}  // namespace

Result<ContinuousBackupsResponse> EngineImpl::UpdateContinuousBackups(
    const RequestContext& ctx, const UpdateContinuousBackupsRequest& req) {
  std::lock_guard ddl(catalog_.ddl_mutex());
  auto def = FindTable(req.table_name, "Table not found: " + req.table_name);
  if (!def.ok()) {
    return Status(ErrorType::kTableNotFoundException,
                  "Table not found: " + req.table_name);
  }
  if (req.recovery_period_in_days && !req.point_in_time_recovery_enabled) {
    return Status::Validation(
        "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling "
        "point-in-time recovery.");
  }
  auto next = std::make_shared<TableDef>(**def);
  if (req.point_in_time_recovery_enabled && !next->pitr_enabled)
    next->pitr_enabled_time = clock_.Now();
  next->pitr_enabled = req.point_in_time_recovery_enabled;
  if (req.recovery_period_in_days)
    next->pitr_recovery_period_days = *req.recovery_period_in_days;
  ContinuousBackupsResponse r = DescribeBackups(*next, clock_.Now());
  DYNAROCK_RETURN_IF_ERROR(SaveTable(std::move(next)));
  return r;
}

Result<ContinuousBackupsResponse> EngineImpl::DescribeContinuousBackups(
    const RequestContext& ctx, const DescribeContinuousBackupsRequest& req) {
  auto def = FindTable(req.table_name, "");
  if (!def.ok())
    return Status(ErrorType::kTableNotFoundException,
                  "Table not found: " + req.table_name);
  return DescribeBackups(**def, clock_.Now());
}

Result<UpdateTimeToLiveResponse> EngineImpl::UpdateTimeToLive(
    const RequestContext& ctx, const UpdateTimeToLiveRequest& req) {
  std::lock_guard ddl(catalog_.ddl_mutex());
  DYNAROCK_ASSIGN_OR_RETURN(
      auto def,
      FindTable(req.table_name, "Requested resource not found: Table: " +
                                    req.table_name + " not found"));
  const TableDef& t = *def;
  if (req.enabled && t.ttl_enabled) {
    if (req.attribute_name != t.ttl_attribute) {
      return Status::Validation(
          "TimeToLive is active on a different AttributeName: current "
          "AttributeName is " +
          t.ttl_attribute);
    }
    return Status::Validation("TimeToLive is already enabled");
  }
  if (!req.enabled && !t.ttl_enabled) {
    return Status::Validation("TimeToLive is already disabled");
  }
  if (!req.enabled && req.attribute_name != t.ttl_attribute) {
    return Status::Validation(
        "TimeToLive is active on a different AttributeName: current "
        "AttributeName is " +
        t.ttl_attribute);
  }
  // The service takes up to an hour to apply a change and refuses another
  // meanwhile (API Reference, UpdateTimeToLive).
  const double now = clock_.Now();
  if (t.ttl_changed_time != 0 && now - t.ttl_changed_time < 3600) {
    return Status::Validation(
        "Time to live has been modified multiple times within a fixed "
        "interval");
  }
  auto next = std::make_shared<TableDef>(t);
  next->ttl_changed_time = now;
  next->ttl_enabled = req.enabled;
  next->ttl_attribute = req.enabled ? req.attribute_name : std::string();
  // The expiry index the sweep reads: a new one, to be filled, or dropped.
  WriteBatch batch(*storage_);
  if (req.enabled) {
    next->ttl_index_id = catalog_.NextId(&batch);
  } else if (t.ttl_index_id != 0) {
    StageDropKeySpace(Cf::kIndexes, t.ttl_index_id, &batch);
    next->ttl_index_id = 0;
  }
  next->ttl_indexed = false;
  catalog_.Stage(*next, &batch);
  DYNAROCK_RETURN_IF_ERROR(storage_->Write(&batch));
  catalog_.Publish(std::move(next));
  return UpdateTimeToLiveResponse{req.enabled, req.attribute_name};
}

Result<DescribeTimeToLiveResponse> EngineImpl::DescribeTimeToLive(
    const RequestContext& ctx, const DescribeTimeToLiveRequest& req) {
  DYNAROCK_ASSIGN_OR_RETURN(
      auto def,
      FindTable(req.table_name, "Requested resource not found: Table: " +
                                    req.table_name + " not found"));
  DescribeTimeToLiveResponse r;
  r.time_to_live_status = def->ttl_enabled ? "ENABLED" : "DISABLED";
  if (def->ttl_enabled) r.attribute_name = def->ttl_attribute;
  return r;
}

const char* KeyTypeName(KeyType t) {
  return t == KeyType::kHash ? "HASH" : "RANGE";
}
const char* ProjectionTypeName(ProjectionType t) {
  switch (t) {
    case ProjectionType::kAll:
      return "ALL";
    case ProjectionType::kKeysOnly:
      return "KEYS_ONLY";
    case ProjectionType::kInclude:
      return "INCLUDE";
  }
  return "ALL";
}
const char* BillingModeName(BillingMode m) {
  return m == BillingMode::kPayPerRequest ? "PAY_PER_REQUEST" : "PROVISIONED";
}
const char* TableClassName(TableClass c) {
  return c == TableClass::kStandard ? "STANDARD" : "STANDARD_INFREQUENT_ACCESS";
}
const char* StreamViewTypeName(StreamViewType v) {
  switch (v) {
    case StreamViewType::kKeysOnly:
      return "KEYS_ONLY";
    case StreamViewType::kNewImage:
      return "NEW_IMAGE";
    case StreamViewType::kOldImage:
      return "OLD_IMAGE";
    case StreamViewType::kNewAndOldImages:
      return "NEW_AND_OLD_IMAGES";
  }
  return "KEYS_ONLY";
}

}  // namespace dynarock
