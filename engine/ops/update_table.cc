// UpdateTable: billing mode, provisioned and on-demand throughput of a table
// and its GSIs, deletion protection, table class, streams, encryption, and
// the creation and deletion of global secondary indexes (whose backfill
// runs in engine/jobs/backfill.cc).
//
// The messages are the service's. Each cites its source: the ack-api-quirks
// DynamoDB catalogue ("ack", probed against us-east-1/us-west-2 in 2026-10,
// with the finding id), dynalite's tests (recorded against the service),
// ScyllaDB Alternator's tests (run against the service) or Dynoxide
// (captured against the service in 2026). "UNVERIFIED" marks a text that no
// capture shows in full.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <random>
#include <set>

#include "engine/format/item_codec.h"
#include "engine/format/key_codec.h"
#include "engine/format/keys.h"
#include "engine/ops/engine_impl.h"
#include "engine/schema/table_rules.h"
#include "engine/schema/validate.h"

namespace dynarock {
namespace {

// Developer Guide, "Quotas": 20 GSIs per table; 100 projected non-key
// attributes over all of a table's indexes.
constexpr size_t kMaxGlobalIndexes = 20;
constexpr size_t kMaxProjectedAttributes = 100;
// ack DDB-TABLE-015: the list names members dynarock does not implement too.
constexpr char kNothingToUpdate[] =
    "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
    "GlobalSecondaryIndexUpdates, "
    "SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, "
    "ReplicaTransitRoleArn, MultiRegionConsistency, "
    "DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or "
    "TableClass is required";
// ack DDB-TABLE-159; Alternator test_gsi_updatetable.py.
constexpr char kOneOnlineIndex[] =
    "Subscriber limit exceeded: Only 1 online index can be created or deleted "
    "simultaneously per table";
constexpr char kCreating[] = "CREATING";

Status Invalid(const std::string& what) {
  return Status::Validation(kInvalidParameter + what);
}
Status Limit(std::string message) {
  return Status(ErrorType::kLimitExceededException, std::move(message));
}

// ------------------------------------------------------- throughput history
// Kept in kMeta under ThroughputHistoryKey(id) for a table or GSI: an item
// {"inc": N, "dec": N, "n": N, "day": N}, the seconds of the last increase
// and decrease, and the decreases on UTC day "day".

struct ThroughputHistory {
  std::optional<double> last_increase;
  std::optional<double> last_decrease;
  int64_t decreases = 0;  // on UTC day `day`
  int64_t day = 0;
};

// The service resets NumberOfDecreasesToday at 00:00 UTC (ack DDB-TABLE-184).
int64_t UtcDay(double t) {
  return static_cast<int64_t>(std::floor(t / 86400.0));
}

AttributeValue Num(double d) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.17g", d);
  return AttributeValue::N(buf);
}

Status LoadHistory(const Storage& storage, uint64_t id, ThroughputHistory* h) {
  *h = {};
  std::string v;
  bool found = false;
  DYNAROCK_RETURN_IF_ERROR(
      storage.Get(Cf::kMeta, ThroughputHistoryKey(id), &v, &found));
  if (!found) return Status::OK();
  Item m;
  if (!DecodeItem(v, &m)) return Status::Internal("Internal server error");
  auto num = [&](const char* name) -> std::optional<double> {
    auto it = m.find(name);
    if (it == m.end()) return std::nullopt;
    return std::strtod(it->second.scalar().c_str(), nullptr);
  };
  h->last_increase = num("inc");
  h->last_decrease = num("dec");
  h->decreases = static_cast<int64_t>(num("n").value_or(0));
  h->day = static_cast<int64_t>(num("day").value_or(0));
  return Status::OK();
}

void StageHistory(const ThroughputHistory& h, uint64_t id, WriteBatch* batch) {
  Item m;
  if (h.last_increase) m["inc"] = Num(*h.last_increase);
  if (h.last_decrease) m["dec"] = Num(*h.last_decrease);
  m["n"] = AttributeValue::N(std::to_string(h.decreases));
  m["day"] = AttributeValue::N(std::to_string(h.day));
  std::string v;
  EncodeItem(m, &v);
  batch->Put(Cf::kMeta, ThroughputHistoryKey(id), v);
}

int64_t DecreasesToday(const ThroughputHistory& h, double now) {
  return h.day == UtcDay(now) ? h.decreases : 0;
}

// Records a change of provisioned capacity: an increase of either
// dimension sets LastIncreaseDateTime, a decrease of either sets
// LastDecreaseDateTime and counts one decrease (both dimensions in one call
// count once; ack DDB-TABLE-157, DDB-TABLE-058).
void RecordChange(const ProvisionedThroughput& from,
                  const ProvisionedThroughput& to, double now,
                  ThroughputHistory* h) {
  bool up = to.read_capacity_units > from.read_capacity_units ||
            to.write_capacity_units > from.write_capacity_units;
  bool down = to.read_capacity_units < from.read_capacity_units ||
              to.write_capacity_units < from.write_capacity_units;
  if (up) h->last_increase = now;
  if (down) {
    if (h->day != UtcDay(now)) {
      h->day = UtcDay(now);
      h->decreases = 0;
    }
    h->last_decrease = now;
    ++h->decreases;
  }
}

void FillHistory(const ThroughputHistory& h, double now,
                 ProvisionedThroughputDescription* d) {
  d->last_increase_date_time = h.last_increase;
  d->last_decrease_date_time = h.last_decrease;
  d->number_of_decreases_today = DecreasesToday(h, now);
}

// ------------------------------------------------------------ small helpers

bool HasMembers(const std::optional<OnDemandThroughput>& od) {
  return od && (od->max_read_request_units || od->max_write_request_units);
}

// An on-demand maximum is at least 1, or -1 to remove it (ack
// DDB-TABLE-178; Dynoxide update_table.rs).
bool OutOfRange(const std::optional<int64_t>& v) {
  return v && *v != -1 && *v < 1;
}

// Merges requested on-demand maximums over the current ones member by
// member. *echo keeps -1 as given (the UpdateTable response shows it);
// the result drops it and is empty when nothing is left.
std::optional<OnDemandThroughput> MergeOnDemand(
    const std::optional<OnDemandThroughput>& current,
    const OnDemandThroughput& req, OnDemandThroughput* echo) {
  *echo = current.value_or(OnDemandThroughput{});
  if (req.max_read_request_units)
    echo->max_read_request_units = req.max_read_request_units;
  if (req.max_write_request_units)
    echo->max_write_request_units = req.max_write_request_units;
  OnDemandThroughput effective = *echo;
  if (effective.max_read_request_units == -1)
    effective.max_read_request_units.reset();
  if (effective.max_write_request_units == -1)
    effective.max_write_request_units.reset();
  if (!effective.max_read_request_units && !effective.max_write_request_units)
    return std::nullopt;
  return effective;
}

size_t ProjectedCount(const Projection& p) {
  return p.projection_type == ProjectionType::kInclude && p.non_key_attributes
             ? p.non_key_attributes->size()
             : 0;
}

// The key type under which an attribute is used by the table or an index.
KeyType UsageOf(const TableDef& t, const std::string& name) {
  for (const auto& k : t.key_schema) {
    if (k.attribute_name == name) return k.key_type;
  }
  for (const auto* list : {&t.local_indexes, &t.global_indexes}) {
    for (const auto& ix : *list) {
      for (const auto& k : ix.key_schema) {
        if (k.attribute_name == name) return k.key_type;
      }
    }
  }
  return KeyType::kHash;
}

const IndexDef* FindGlobal(const TableDef& t, const std::string& name) {
  for (const auto& ix : t.global_indexes) {
    if (ix.name == name) return &ix;
  }
  return nullptr;
}

bool IsLocalIndex(const TableDef& t, const std::string& name) {
  return std::any_of(t.local_indexes.begin(), t.local_indexes.end(),
                     [&](const IndexDef& ix) { return ix.name == name; });
}

std::string NotChanging(const std::string& what, const std::string& label,
                        const ProvisionedThroughput& cur,
                        const ProvisionedThroughput& req) {
  return "The provisioned throughput for " + what +
         " will not change. The requested value equals the current "
         "value. Current ReadCapacityUnits provisioned for " +
         label + ": " + std::to_string(cur.read_capacity_units) +
         ". Requested ReadCapacityUnits: " +
         std::to_string(req.read_capacity_units) +
         ". Current WriteCapacityUnits provisioned for " + label + ": " +
         std::to_string(cur.write_capacity_units) +
         ". Requested WriteCapacityUnits: " +
         std::to_string(req.write_capacity_units) +
         ". Refer to the Amazon DynamoDB Developer Guide for current limits "
         "and how to request higher limits.";
}

bool SameThroughput(const ProvisionedThroughput& a,
                    const ProvisionedThroughput& b) {
  return a.read_capacity_units == b.read_capacity_units &&
         a.write_capacity_units == b.write_capacity_units;
}

// ------------------------------------------------------ request-only rules

// What one request changes.
struct Changes {
  bool pt = false, billing = false, gsi = false, stream = false, sse = false,
       table_class = false, dp = false, odt = false;
  bool empty_gsi_list = false;
  int creates = 0, deletes = 0;
};

Changes Classify(const UpdateTableRequest& req,
                 const std::optional<OnDemandThroughput>& odt) {
  Changes c;
  c.pt = req.provisioned_throughput.has_value();
  c.billing = req.billing_mode.has_value();
  if (req.global_secondary_index_updates) {
    c.gsi = !req.global_secondary_index_updates->empty();
    c.empty_gsi_list = req.global_secondary_index_updates->empty();
    for (const auto& u : *req.global_secondary_index_updates) {
      c.creates += u.create.has_value();
      c.deletes += u.delete_index_name.has_value();
    }
  }
  c.stream = req.stream_specification.has_value();
  c.sse = req.sse_specification.has_value();
  c.table_class = req.table_class.has_value();
  c.dp = req.deletion_protection_enabled.has_value();
  c.odt = odt.has_value();
  return c;
}

const std::string& IndexNameOf(const GlobalSecondaryIndexUpdate& u) {
  if (u.update) return u.update->index_name;
  if (u.create) return u.create->index_name;
  return *u.delete_index_name;
}

// Each GlobalSecondaryIndexUpdates entry names one action, and each index
// is named once.
Status CheckIndexActions(const UpdateTableRequest& req) {
  if (!req.global_secondary_index_updates) return Status::OK();
  std::set<std::string> names;
  for (const auto& u : *req.global_secondary_index_updates) {
    int actions = u.update.has_value() + u.create.has_value() +
                  u.delete_index_name.has_value();
    // dynalite test/updateTable.js; ack DDB-TABLE-160.
    if (actions == 0) {
      return Invalid(
          "One of GlobalSecondaryIndexUpdate.Update, "
          "GlobalSecondaryIndexUpdate.Create, "
          "GlobalSecondaryIndexUpdate.Delete must not be null");
    }
    if (actions > 1) {
      return Invalid(
          "Only one global secondary index action is allowed per "
          "GlobalSecondaryIndexUpdate object");
    }
    if (!names.insert(IndexNameOf(u)).second) {
      return Invalid(
          "Only one global secondary index update per index is allowed "
          "simultaneously. Index: " +
          IndexNameOf(u));
    }
  }
  return Status::OK();
}

Status CheckOneLogicalChange(const UpdateTableRequest& req, const Changes& c) {
  // One logical change per call (ack DDB-TABLE-433, DDB-TABLE-174): the
  // exclusive members, named in the order SSE, TableClass,
  // DeletionProtection.
  bool others_than_sse =
      c.pt || c.billing || c.gsi || c.stream || c.table_class || c.dp || c.odt;
  if (c.sse && others_than_sse)
    return Invalid(
        "Server-Side Encryption modification must be the only operation in the "
        "request");
  if (c.table_class &&
      (c.pt || c.billing || c.gsi || c.stream || c.dp || c.odt)) {
    return Invalid(
        "TableClass modification must be the only operation in the request");
  }
  if (c.dp && (c.pt || c.billing || c.gsi || c.stream || c.odt)) {
    return Invalid(
        "DeletionProtection modification must be the only operation in the "
        "request");
  }
  if (c.odt && (c.pt || c.gsi || c.stream)) {
    return Invalid(
        "OnDemandThroughput can only be combined with BillingMode in an "
        "UpdateTable request");
  }
  bool online = c.creates + c.deletes > 0;
  if (online && c.pt)
    return Invalid(
        "You cannot create or delete index while updating table IOPS");
  if (online && c.stream)
    return Invalid(
        "You cannot create or delete index while changing stream status");
  if (c.stream && (c.pt || req.billing_mode == BillingMode::kProvisioned)) {
    return Invalid("You cannot modify stream status while updating table IOPS");
  }
  return Status::OK();
}

Status CheckStreamSpecification(const UpdateTableRequest& req) {
  if (!req.stream_specification) return Status::OK();
  // ack DDB-TABLE-050.
  const auto& s = *req.stream_specification;
  if (s.stream_enabled && !s.stream_view_type) {
    return Invalid(
        "If stream is being enabled then UpdateViewType is required");
  }
  if (!s.stream_enabled && s.stream_view_type) {
    return Invalid(
        "If stream is being disabled, then UpdateViewType must not be "
        "specified");
  }
  return Status::OK();
}

Status CheckSseSpecification(const UpdateTableRequest& req) {
  if (!req.sse_specification) return Status::OK();
  // ack DDB-TABLE-442 (UpdateTable and CreateTable share these texts).
  const auto& s = *req.sse_specification;
  if (s.enabled == false && s.sse_type)
    return Invalid("SSEType can not be specified if Enabled is false");
  if (s.enabled == false && s.kms_master_key_id) {
    return Invalid("KMSMasterKeyId can not be specified if Enabled is false");
  }
  if (s.sse_type && *s.sse_type == "AES256")
    return Invalid("SSEType AES256 is not supported");
  if (s.kms_master_key_id && s.sse_type != "KMS") {
    return Invalid("SSEType KMS is required if KMSMasterKeyId is specified");
  }
  return Status::OK();
}

// The rules that need no table, in the service's order: they answer even
// for a table that does not exist.
Status ValidateRequest(const UpdateTableRequest& req, const Changes& c) {
  if (!(c.pt || c.billing || c.gsi || c.stream || c.sse || c.table_class ||
        c.dp || c.odt)) {
    // An empty GlobalSecondaryIndexUpdates counts as absent here (ack
    // DDB-TABLE-359).
    return Status::Validation(kNothingToUpdate);
  }
  DYNAROCK_RETURN_IF_ERROR(CheckIndexActions(req));
  // With another change, the empty list itself is refused (ack DDB-TABLE-359).
  if (c.empty_gsi_list)
    return Invalid("List of GlobalSecondaryIndexUpdates is empty");
  DYNAROCK_RETURN_IF_ERROR(CheckOneLogicalChange(req, c));
  DYNAROCK_RETURN_IF_ERROR(CheckStreamSpecification(req));
  DYNAROCK_RETURN_IF_ERROR(CheckSseSpecification(req));
  // Dynoxide update_table.rs (captured); ack DDB-TABLE-442.
  if (req.billing_mode == BillingMode::kPayPerRequest && c.pt) {
    return Invalid(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified "
        "when BillingMode is PAY_PER_REQUEST");
  }
  return Status::OK();
}

// The table's on-demand maximums: allowed on PAY_PER_REQUEST only, each at
// least 1 or -1. `index` is empty for the table's own.
Status CheckOnDemand(const OnDemandThroughput& od, BillingMode target,
                     const std::string& index) {
  // Dynoxide (captured 2026-07): "the table" and no full stop on
  // UpdateTable; the GSI variant says "for index : NAME" (ack
  // DDB-TABLE-153, UNVERIFIED in full).
  std::string scope = index.empty() ? "" : "for index : " + index + " ";
  if (target == BillingMode::kProvisioned) {
    const char* which = od.max_read_request_units ? "MaxReadRequestUnits"
                                                  : "MaxWriteRequestUnits";
    return Invalid(
        std::string(which) + " for OnDemandThroughput " + scope +
        "cannot be specified when the table BillingMode is PROVISIONED");
  }
  for (const auto& [name, v] :
       {std::pair{"MaxReadRequestUnits", od.max_read_request_units},
        std::pair{"MaxWriteRequestUnits", od.max_write_request_units}}) {
    if (OutOfRange(v)) {
      return Invalid(
          std::string("Requested ") + name + " for OnDemandThroughput " +
          (index.empty() ? "for table " : scope) + "is outside of valid range");
    }
  }
  return Status::OK();
}

// Whether another GSI than `except` is being created: one online index
// change at a time per table (ack DDB-TABLE-159).
bool OtherIndexCreating(const TableDef& t, const std::string& except) {
  return std::any_of(t.global_indexes.begin(), t.global_indexes.end(),
                     [&](const IndexDef& ix) {
                       return ix.status == kCreating && ix.name != except;
                     });
}

Status IndexNotFound(const TableDef& t, const std::string& index,
                     const char* verb) {
  // Alternator test_gsi_updatetable.py: an LSI name is a ValidationException
  // (text from ack DDB-TABLE-442).
  if (IsLocalIndex(t, index)) {
    return Status::Validation(
        std::string("Cannot ") + verb +
        " an index that is not a GlobalSecondaryIndex: " + index);
  }
  // ack DDB-TABLE-375, DDB-TABLE-456.
  return Status::NotFound("Requested resource not found: Index " + index +
                          " for table " + t.name);
}

// The table's capacity settings: throughput against the billing mode, a
// throughput equal to the current one, the GSIs' capacity on a switch to
// PROVISIONED.
Status CheckTableCapacity(const UpdateTableRequest& req, const Changes& c,
                          const TableDef& t, BillingMode target) {
  if (c.pt && target == BillingMode::kPayPerRequest) {
    // ack DDB-TABLE-442 (val_pt_on_ppr, live).
    return Invalid(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified "
        "when BillingMode is PAY_PER_REQUEST");
  }
  if (req.billing_mode == BillingMode::kProvisioned && !c.pt) {
    // ack DDB-TABLE-152, DDB-TABLE-164.
    return Invalid(
        "ProvisionedThroughput must be specified when BillingMode is "
        "PROVISIONED");
  }
  if (c.pt && t.billing_mode == BillingMode::kProvisioned &&
      SameThroughput(*req.provisioned_throughput, t.provisioned_throughput)) {
    // dynalite test/updateTable.js; ack DDB-TABLE-442.
    return Status::Validation(NotChanging("the table", "the table",
                                          t.provisioned_throughput,
                                          *req.provisioned_throughput));
  }
  if (target == BillingMode::kProvisioned &&
      t.billing_mode == BillingMode::kPayPerRequest) {
    // A switch to PROVISIONED gives every GSI its capacity in the same call
    // (ack DDB-TABLE-152).
    for (const auto& ix : t.global_indexes) {
      bool given = false;
      if (req.global_secondary_index_updates) {
        for (const auto& u : *req.global_secondary_index_updates) {
          given |= u.update && u.update->index_name == ix.name &&
                   u.update->provisioned_throughput;
        }
      }
      if (!given)
        return Invalid("ProvisionedThroughput must be specified for index: " +
                       ix.name);
    }
  }
  return Status::OK();
}

// An Update of an existing GSI's capacity or on-demand maximums.
Status CheckIndexUpdate(const GlobalSecondaryIndexUpdate::Update& u,
                        const TableDef& t, BillingMode target) {
  const auto& name = u.index_name;
  const IndexDef* ix = FindGlobal(t, name);
  if (!ix) return IndexNotFound(t, name, "update");
  bool has_odt = HasMembers(u.on_demand_throughput);
  if (target == BillingMode::kPayPerRequest) {
    // ack DDB-TABLE-152, DDB-TABLE-456.
    if (u.provisioned_throughput || !has_odt) {
      return Invalid("The only Updates for index: " + name +
                     " when TableThroughputMode is PAY_PER_REQUEST can "
                     "be to OnDemandThroughput, WarmThroughput");
    }
    return CheckOnDemand(*u.on_demand_throughput, target, name);
  }
  if (has_odt)
    DYNAROCK_RETURN_IF_ERROR(
        CheckOnDemand(*u.on_demand_throughput, target, name));
  if (!u.provisioned_throughput) {
    // UNVERIFIED for an Update: the text the service gives a Create
    // without capacity (ack DDB-TABLE-152).
    return Invalid(
        "Both ReadCapacityUnits and WriteCapacityUnits must be "
        "specified for index: " +
        name);
  }
  if (t.billing_mode == BillingMode::kProvisioned &&
      ix->provisioned_throughput &&
      SameThroughput(*u.provisioned_throughput, *ix->provisioned_throughput)) {
    // ack DDB-TABLE-164 (the text after "Current WriteCapacityUnits"
    // is cut in the capture and follows the table's).
    return Status::Validation(NotChanging("the index " + name, "index " + name,
                                          *ix->provisioned_throughput,
                                          *u.provisioned_throughput));
  }
  return Status::OK();
}

// A new GSI's key attributes keep the types the table defines them with.
Status CheckKeyTypesUnchanged(const GlobalSecondaryIndex& g,
                              const std::vector<AttributeDefinition>& defs,
                              const TableDef& t) {
  for (const auto& k : g.key_schema) {
    auto given = std::find_if(defs.begin(), defs.end(),
                              [&](const AttributeDefinition& d) {
                                return d.attribute_name == k.attribute_name;
                              });
    auto existing = std::find_if(t.attribute_definitions.begin(),
                                 t.attribute_definitions.end(),
                                 [&](const AttributeDefinition& d) {
                                   return d.attribute_name == k.attribute_name;
                                 });
    if (existing != t.attribute_definitions.end() &&
        existing->attribute_type != given->attribute_type) {
      // Alternator test_gsi_key_type_conflict_on_update quotes the
      // service for a one-element schema; UNVERIFIED for two.
      auto element = [&](ValueType type, KeyType key) {
        return "Schema:[SchemaElement: key{" + k.attribute_name + ":" +
               ValueTypeName(type) + ":" + KeyTypeName(key) + "}]";
      };
      return Invalid(
          "Attributes cannot be redefined. Please check that your "
          "attribute has the same type as previously "
          "defined. Existing schema: " +
          element(existing->attribute_type, UsageOf(t, k.attribute_name)) +
          " New schema: " + element(given->attribute_type, k.key_type));
    }
  }
  return Status::OK();
}

// A Create of a new GSI. `projected` counts the INCLUDE attributes of the
// table's indexes; the new index's are added to it.
Status CheckIndexCreate(const UpdateTableRequest& req,
                        const GlobalSecondaryIndex& g, const TableDef& t,
                        BillingMode target, size_t* projected) {
  // The existing-index check comes before the schema checks (ack
  // DDB-TABLE-442; a capture noted in an emulator's design notes).
  if (t.FindIndex(g.index_name))
    return Status::Validation(
        "Attempting to create an index which already exists");
  if (OtherIndexCreating(t, "")) return Limit(kOneOnlineIndex);
  if (!req.attribute_definitions) {
    // ack DDB-TABLE-162; Alternator test_gsi_backfill_with_lsi.
    return Invalid("AttributeDefinitions is not specified for index: " +
                   g.index_name);
  }
  const auto& defs = *req.attribute_definitions;
  DYNAROCK_RETURN_IF_ERROR(
      CheckKeySchema(g.key_schema, defs, /*global_index=*/true));
  DYNAROCK_RETURN_IF_ERROR(CheckKeyTypesUnchanged(g, defs, t));
  // Adds the new index's INCLUDE attributes to those of the others.
  DYNAROCK_RETURN_IF_ERROR(CheckProjection(g.projection, projected));
  if (*projected > kMaxProjectedAttributes) {
    // CreateTable's text; UNVERIFIED on UpdateTable.
    return Invalid(
        "The number of attributes in key schema and non-key projected "
        "attributes across all secondary "
        "indexes must not exceed 100");
  }
  if (target == BillingMode::kProvisioned && !g.provisioned_throughput) {
    // ack DDB-TABLE-152.
    return Invalid(
        "Both ReadCapacityUnits and WriteCapacityUnits must be specified "
        "for index: " +
        g.index_name);
  }
  if (target == BillingMode::kPayPerRequest && g.provisioned_throughput) {
    // ack DDB-TABLE-442.
    return Invalid(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be "
        "specified for index: " +
        g.index_name + " when BillingMode is PAY_PER_REQUEST");
  }
  if (HasMembers(g.on_demand_throughput)) {
    DYNAROCK_RETURN_IF_ERROR(
        CheckOnDemand(*g.on_demand_throughput, target, g.index_name));
  }
  if (t.global_indexes.size() + 1 > kMaxGlobalIndexes) {
    // ack DDB-TABLE-169: a ValidationException at CreateTable, this
    // LimitExceededException on UpdateTable.
    return Limit(
        "Subscriber limit exceeded: Number of global secondary indexes "
        "exceeds per-table limit of 20");
  }
  return Status::OK();
}

// A Delete of an existing GSI.
Status CheckIndexDelete(const std::string& name, const TableDef& t) {
  if (!FindGlobal(t, name)) return IndexNotFound(t, name, "delete");
  // Deleting the index being created is allowed once it backfills,
  // which here is at once (ack DDB-TABLE-149).
  if (OtherIndexCreating(t, name)) return Limit(kOneOnlineIndex);
  return Status::OK();
}

// Every GlobalSecondaryIndexUpdates entry, in the request's order.
Status CheckIndexUpdates(const UpdateTableRequest& req, const TableDef& t,
                         BillingMode target) {
  size_t projected = 0;
  for (const auto* list : {&t.local_indexes, &t.global_indexes}) {
    for (const auto& ix : *list) projected += ProjectedCount(ix.projection);
  }
  if (!req.global_secondary_index_updates) return Status::OK();
  for (const auto& u : *req.global_secondary_index_updates) {
    if (u.update) {
      DYNAROCK_RETURN_IF_ERROR(CheckIndexUpdate(*u.update, t, target));
    } else if (u.create) {
      DYNAROCK_RETURN_IF_ERROR(
          CheckIndexCreate(req, *u.create, t, target, &projected));
    } else {
      DYNAROCK_RETURN_IF_ERROR(CheckIndexDelete(*u.delete_index_name, t));
    }
  }
  return Status::OK();
}

Status CheckStreamChange(const UpdateTableRequest& req, const TableDef& t) {
  if (!req.stream_specification) return Status::OK();
  // ack DDB-TABLE-050 (also an identical re-send, or a new view type).
  bool enabled =
      t.stream_specification && t.stream_specification->stream_enabled;
  if (req.stream_specification->stream_enabled && enabled) {
    return Status::Validation(
        "Table already has an enabled stream: TableName: " + t.name);
  }
  if (!req.stream_specification->stream_enabled && !enabled) {
    return Status::Validation("Table has no stream to disable: TableName: " +
                              t.name);
  }
  return Status::OK();
}

// The rules that look at the table, in the service's order.
Status ValidateAgainstTable(const UpdateTableRequest& req,
                            const std::optional<OnDemandThroughput>& odt,
                            const Changes& c, const TableDef& t) {
  BillingMode target = req.billing_mode.value_or(t.billing_mode);
  if (c.creates + c.deletes > 1) return Limit(kOneOnlineIndex);
  DYNAROCK_RETURN_IF_ERROR(CheckTableCapacity(req, c, t, target));
  if (odt) DYNAROCK_RETURN_IF_ERROR(CheckOnDemand(*odt, target, ""));
  DYNAROCK_RETURN_IF_ERROR(CheckIndexUpdates(req, t, target));
  return CheckStreamChange(req, t);
}

// ------------------------------------------------------ applying a change

// Encryption, against the table (ack DDB-TABLE-079, DDB-TABLE-140,
// DDB-TABLE-044: SSEType KMS alone enables). The key to encrypt with: set:
// encrypt with this key; empty: back to the default; nullopt: no change.
Result<std::optional<std::string>> EncryptionChange(
    const RequestContext& ctx, const UpdateTableRequest& req,
    const TableDef& t) {
  if (!req.sse_specification) return std::optional<std::string>();
  const auto& s = *req.sse_specification;
  bool enable = s.enabled.value_or(s.sse_type == "KMS");
  if (!enable) {
    if (!t.sse_enabled) return Invalid("Table is already encrypted by default");
    return std::optional<std::string>("");
  }
  if (t.sse_enabled && s.kms_master_key_id &&
      s.kms_master_key_id->rfind("arn:", 0) == 0 &&
      *s.kms_master_key_id == KmsKeyArn(ctx, t.sse_kms_key_id)) {
    return Invalid(
        "Table is already encrypted with given KMSMasterKeyId. Use "
        "KMSMasterKeyId parameter if you want to "
        "change Master Key");
  }
  // Without a key, the AWS managed key (a re-encryption even when the
  // table already uses one).
  return std::optional<std::string>(s.kms_master_key_id.value_or(NewUuid()));
}

// Records a change of the provisioned capacity of the table or GSI `id` in
// its history, staged in `batch`.
Status StageThroughputChange(const Storage& storage, uint64_t id,
                             const ProvisionedThroughput& from,
                             const ProvisionedThroughput& to, double now,
                             WriteBatch* batch) {
  ThroughputHistory h;
  DYNAROCK_RETURN_IF_ERROR(LoadHistory(storage, id, &h));
  RecordChange(from, to, now, &h);
  StageHistory(h, id, batch);
  return Status::OK();
}

void ChangeBillingMode(const UpdateTableRequest& req, const TableDef& t,
                       double now, TableDef* next) {
  if (!req.billing_mode || *req.billing_mode == t.billing_mode) return;
  next->billing_mode = *req.billing_mode;
  if (*req.billing_mode == BillingMode::kPayPerRequest) {
    next->billing_mode_reported = true;
    next->last_update_to_pay_per_request_time = now;
    next->provisioned_throughput = ProvisionedThroughput{};
    for (auto& ix : next->global_indexes) ix.provisioned_throughput.reset();
  } else {
    // A switch to PROVISIONED drops the on-demand maximums (ack
    // DDB-TABLE-153); the capacities come below.
    next->on_demand_throughput.reset();
    for (auto& ix : next->global_indexes) ix.on_demand_throughput.reset();
  }
}

// Only the new key attributes are taken from AttributeDefinitions;
// other entries are ignored (ack DDB-TABLE-162, Alternator).
void AddKeyDefinitions(const std::vector<KeySchemaElement>& key_schema,
                       const std::vector<AttributeDefinition>& given,
                       std::vector<AttributeDefinition>* defs) {
  for (const auto& k : key_schema) {
    bool defined = std::any_of(defs->begin(), defs->end(),
                               [&](const AttributeDefinition& d) {
                                 return d.attribute_name == k.attribute_name;
                               });
    if (defined) continue;
    for (const auto& d : given) {
      if (d.attribute_name == k.attribute_name) {
        defs->push_back(d);
        break;
      }
    }
  }
}

// Removes GSI `name` from `next`.
void DropIndex(const std::string& name, TableDef* next, WriteBatch* batch) {
  auto it =
      std::find_if(next->global_indexes.begin(), next->global_indexes.end(),
                   [&](const IndexDef& g) { return g.name == name; });
  uint64_t id = it->id;
  next->global_indexes.erase(it);
  // The index leaves at once: its entries, statistics and history go
  // in the batch that publishes the definition without it.
  StageDropKeySpace(Cf::kIndexes, id, batch);
  // An attribute no key uses any more leaves AttributeDefinitions
  // (ack DDB-TABLE-151).
  std::set<std::string> used;
  for (const auto& k : next->key_schema) used.insert(k.attribute_name);
  for (const auto* list : {&next->local_indexes, &next->global_indexes}) {
    for (const auto& ix : *list) {
      for (const auto& k : ix.key_schema) used.insert(k.attribute_name);
    }
  }
  std::erase_if(next->attribute_definitions, [&](const AttributeDefinition& d) {
    return !used.count(d.attribute_name);
  });
}

// Encryption, table class and deletion protection.
void ChangeSettings(const UpdateTableRequest& req, const TableDef& t,
                    const std::optional<std::string>& new_key, TableDef* next) {
  if (new_key) {
    next->sse_enabled = !new_key->empty();
    next->sse_kms_key_id = *new_key;
  }
  if (req.table_class) {
    // STANDARD on a table that never had a class changes nothing: the
    // summary stays absent (ack DDB-TABLE-283).
    if (t.table_class || *req.table_class != TableClass::kStandard)
      next->table_class = req.table_class;
  }
  if (req.deletion_protection_enabled)
    next->deletion_protection = *req.deletion_protection_enabled;
}

// ------------------------------------------------------------- the response

// Changes that take time answer UPDATING; deletion protection, encryption,
// on-demand maximums and GSI capacity alone answer ACTIVE (ack
// DDB-TABLE-017, DDB-TABLE-065, DDB-TABLE-135, DDB-TABLE-165).
bool TakesTime(const Changes& c) {
  return c.pt || c.billing || c.stream || c.table_class || c.creates ||
         c.deletes;
}

// The table's billing mode and capacity while the change runs.
void EchoTableCapacity(const UpdateTableRequest& req, const TableDef& t,
                       const TableDescription& before, TableDescription* d) {
  if (req.billing_mode == BillingMode::kPayPerRequest &&
      t.billing_mode != BillingMode::kPayPerRequest) {
    // Set when the switch completes (ack DDB-TABLE-064).
    d->last_update_to_pay_per_request_date_time.reset();
  }
  if (req.provisioned_throughput &&
      t.billing_mode == BillingMode::kProvisioned) {
    // The old capacity with the new timestamps and the old count (dynalite
    // test/updateTable.js; ack DDB-TABLE-184).
    d->provisioned_throughput.read_capacity_units =
        t.provisioned_throughput.read_capacity_units;
    d->provisioned_throughput.write_capacity_units =
        t.provisioned_throughput.write_capacity_units;
    d->provisioned_throughput.number_of_decreases_today =
        before.provisioned_throughput.number_of_decreases_today;
  }
}

// The GSIs created or updated while the change runs. `created` names the
// GSI created by this call, if any.
void EchoIndexChanges(
    const TableDef& t, const TableDescription& before,
    const std::string* created, const std::set<std::string>& updated_pt,
    const std::map<std::string, OnDemandThroughput>& index_odt_echo,
    TableDescription* d) {
  for (auto& x : d->global_secondary_indexes) {
    if (created && x.index_name == *created) {
      // A new index answers CREATING with Backfilling false (resource
      // allocation; ack DDB-TABLE-148, DDB-TABLE-165).
      x.backfilling = false;
      continue;
    }
    bool pt_changed = updated_pt.count(x.index_name) > 0;
    auto echo = index_odt_echo.find(x.index_name);
    if (!pt_changed && echo == index_odt_echo.end()) continue;
    // A capacity update answers UPDATING with the old capacity (ack
    // DDB-TABLE-165); an on-demand update with the new maximums (ack
    // DDB-TABLE-135).
    x.index_status = "UPDATING";
    if (echo != index_odt_echo.end()) x.on_demand_throughput = echo->second;
    if (pt_changed && t.billing_mode == BillingMode::kProvisioned) {
      for (const auto& old : before.global_secondary_indexes) {
        if (old.index_name != x.index_name || !old.provisioned_throughput ||
            !x.provisioned_throughput)
          continue;
        x.provisioned_throughput->read_capacity_units =
            old.provisioned_throughput->read_capacity_units;
        x.provisioned_throughput->write_capacity_units =
            old.provisioned_throughput->write_capacity_units;
        x.provisioned_throughput->number_of_decreases_today =
            old.provisioned_throughput->number_of_decreases_today;
      }
    }
  }
}

// A deleted index is still listed, DELETING, with the key attributes it
// used (ack DDB-TABLE-165, DDB-TABLE-149). Moves from `before`.
void ListDeletedIndexes(const std::vector<std::string>& dropped,
                        TableDescription* before, TableDescription* d) {
  d->attribute_definitions = before->attribute_definitions;
  std::vector<IndexDescription> listed;
  for (auto& old : before->global_secondary_indexes) {
    if (std::find(dropped.begin(), dropped.end(), old.index_name) !=
        dropped.end()) {
      old.index_status = "DELETING";
      old.backfilling.reset();
      listed.push_back(std::move(old));
      continue;
    }
    for (auto& x : d->global_secondary_indexes) {
      if (x.index_name == old.index_name) listed.push_back(std::move(x));
    }
  }
  d->global_secondary_indexes = std::move(listed);
}

// Stream, table class and encryption while the change runs.
void EchoSettings(const RequestContext& ctx, const UpdateTableRequest& req,
                  const TableDef& t, const std::optional<std::string>& new_key,
                  TableDescription* d) {
  if (req.stream_specification) {
    // The requested specification, also {StreamEnabled: false}, while the
    // change runs (ack DDB-TABLE-433 notes, DDB-TABLE-050).
    d->stream_specification = req.stream_specification;
  }
  if (req.table_class)
    d->table_class =
        t.table_class;  // the old class until ACTIVE (ack DDB-TABLE-177)
  if (new_key) {
    // The change runs for ~20 s with the old key shown (ack DDB-TABLE-079,
    // DDB-TABLE-140); from the default, the new key.
    std::string key = t.sse_enabled ? t.sse_kms_key_id : *new_key;
    d->sse_description = SSEDescription{"UPDATING", "KMS", KmsKeyArn(ctx, key)};
  }
}

}  // namespace

// ------------------------------------------------------------- UpdateTable

// What one UpdateTable call changes, carried from phase to phase: the new
// definition, the batch that publishes it, and what the response echoes.
struct EngineImpl::TableChange {
  TableChange(const TableDef& t, const Storage& storage)
      : next(std::make_shared<TableDef>(t)), batch(storage) {}

  std::shared_ptr<TableDef> next;
  WriteBatch batch;
  // Set: encrypt with this key; empty: back to the default.
  std::optional<std::string> new_key;
  std::vector<std::string> dropped;  // GSIs deleted by this call
  std::optional<uint64_t> created;   // the id of the GSI created by this call
  std::string created_name;
  // The table's on-demand maximums as requested, when they change.
  std::optional<OnDemandThroughput> table_odt_echo;
  std::map<std::string, OnDemandThroughput> index_odt_echo;
  std::set<std::string> updated_pt;  // GSIs whose capacity changed
  // The stream enabled by this call, and the one it disables (0: none).
  std::shared_ptr<StreamDef> new_stream;
  uint64_t disabled_stream = 0;
  double now = 0;
};

Result<UpdateTableResponse> EngineImpl::UpdateTable(
    const RequestContext& ctx, const UpdateTableRequest& req) {
  // OnDemandThroughput {} changes nothing. The service answers it alone
  // with HTTP 500 and ignores it beside another member (ack DDB-TABLE-456);
  // here it is absent in both cases.
  std::optional<OnDemandThroughput> odt = req.on_demand_throughput;
  if (!HasMembers(odt)) odt.reset();
  Changes c = Classify(req, odt);
  DYNAROCK_RETURN_IF_ERROR(ValidateRequest(req, c));

  std::lock_guard ddl(catalog_.ddl_mutex());
  DYNAROCK_ASSIGN_OR_RETURN(
      auto found,
      FindTable(req.table_name, "Requested resource not found: Table: " +
                                    req.table_name + " not found"));
  std::shared_ptr<const TableDef> current = found;
  const TableDef& t = *current;
  DYNAROCK_RETURN_IF_ERROR(ValidateAgainstTable(req, odt, c, t));
  DYNAROCK_ASSIGN_OR_RETURN(auto new_key, EncryptionChange(ctx, req, t));

  double now = clock_.Now();
  // The description before the change, for the parts of the response that
  // echo the old state.
  // (DescribeUpdates is idempotent: calling it here is harmless once
  // Describe calls it too.)
  TableDescription before = Describe(ctx, t);
  DescribeUpdates(t, &before);

  TableChange change(t, *storage_);
  change.new_key = std::move(new_key);
  DYNAROCK_RETURN_IF_ERROR(ChangeTableCapacity(req, odt, t, now, &change));
  DYNAROCK_RETURN_IF_ERROR(ChangeIndexes(req, t, now, &change));
  change.now = now;
  ChangeStream(ctx, req, t, now, &change);
  ChangeSettings(req, t, change.new_key, change.next.get());
  DYNAROCK_RETURN_IF_ERROR(CommitTableChange(current, &change));
  return UpdateTableResponse{DescribeTableChange(ctx, req, TakesTime(c), t,
                                                 std::move(before), change)};
}

void EngineImpl::ChangeStream(const RequestContext& ctx,
                              const UpdateTableRequest& req, const TableDef& t,
                              double now, TableChange* change) {
  if (!req.stream_specification) return;
  TableDef& next = *change->next;
  // Each enable makes a new stream with a new label; after a disable the
  // old label is still reported (ack DDB-TABLE-050), and the old stream
  // stays readable, DISABLED, for a day.
  if (req.stream_specification->stream_enabled) {
    const StreamViewType view =
        req.stream_specification->stream_view_type.value_or(
            StreamViewType::kKeysOnly);
    change->new_stream = streams_.NewStream(catalog_.NextId(&change->batch), t,
                                            view, ctx.region, now);
    streams_.Stage(*change->new_stream, &change->batch);
    next.stream_specification = req.stream_specification;
    next.stream_label = change->new_stream->label;
    next.stream_id = change->new_stream->id;
  } else {
    change->disabled_stream = t.stream_id;
    next.stream_specification = StreamSpecification{false, std::nullopt};
    next.stream_id = 0;
  }
}

Status EngineImpl::ChangeTableCapacity(
    const UpdateTableRequest& req, const std::optional<OnDemandThroughput>& odt,
    const TableDef& t, double now, TableChange* change) {
  TableDef& next = *change->next;
  ChangeBillingMode(req, t, now, &next);
  // Table capacity.
  if (req.provisioned_throughput) {
    if (t.billing_mode == BillingMode::kProvisioned) {
      DYNAROCK_RETURN_IF_ERROR(StageThroughputChange(
          *storage_, t.id, t.provisioned_throughput,
          *req.provisioned_throughput, now, &change->batch));
    }
    next.provisioned_throughput = *req.provisioned_throughput;
  }
  // Table on-demand maximums.
  if (odt) {
    change->table_odt_echo.emplace();
    next.on_demand_throughput = MergeOnDemand(next.on_demand_throughput, *odt,
                                              &*change->table_odt_echo);
  }
  return Status::OK();
}

Status EngineImpl::ChangeIndexes(const UpdateTableRequest& req,
                                 const TableDef& t, double now,
                                 TableChange* change) {
  if (!req.global_secondary_index_updates) return Status::OK();
  for (const auto& u : *req.global_secondary_index_updates) {
    if (u.update) {
      DYNAROCK_RETURN_IF_ERROR(UpdateIndex(*u.update, t, now, change));
    } else if (u.create) {
      AddIndex(req, *u.create, t, change);
    } else {
      DropIndex(*u.delete_index_name, change->next.get(), &change->batch);
      change->dropped.push_back(*u.delete_index_name);
    }
  }
  // DescribeTable lists AttributeDefinitions by name (ack DDB-TABLE-125).
  std::sort(change->next->attribute_definitions.begin(),
            change->next->attribute_definitions.end(),
            [](const AttributeDefinition& a, const AttributeDefinition& b) {
              return a.attribute_name < b.attribute_name;
            });
  return Status::OK();
}

Status EngineImpl::UpdateIndex(const GlobalSecondaryIndexUpdate::Update& u,
                               const TableDef& t, double now,
                               TableChange* change) {
  IndexDef* ix = nullptr;
  for (auto& g : change->next->global_indexes) {
    if (g.name == u.index_name) ix = &g;
  }
  if (u.provisioned_throughput) {
    if (t.billing_mode == BillingMode::kProvisioned &&
        ix->provisioned_throughput) {
      DYNAROCK_RETURN_IF_ERROR(StageThroughputChange(
          *storage_, ix->id, *ix->provisioned_throughput,
          *u.provisioned_throughput, now, &change->batch));
    }
    ix->provisioned_throughput = u.provisioned_throughput;
    change->updated_pt.insert(ix->name);
  }
  if (HasMembers(u.on_demand_throughput)) {
    OnDemandThroughput echo;
    ix->on_demand_throughput =
        MergeOnDemand(ix->on_demand_throughput, *u.on_demand_throughput, &echo);
    change->index_odt_echo[ix->name] = echo;
  }
  return Status::OK();
}

void EngineImpl::AddIndex(const UpdateTableRequest& req,
                          const GlobalSecondaryIndex& g, const TableDef& t,
                          TableChange* change) {
  IndexDef x = NewIndexDef(catalog_.NextId(&change->batch), g);
  if (req.billing_mode.value_or(t.billing_mode) == BillingMode::kProvisioned) {
    x.provisioned_throughput = g.provisioned_throughput;
  } else if (HasMembers(g.on_demand_throughput)) {
    OnDemandThroughput echo;
    x.on_demand_throughput =
        MergeOnDemand(std::nullopt, *g.on_demand_throughput, &echo);
  }
  x.status = kCreating;
  change->created = x.id;
  change->created_name = x.name;
  AddKeyDefinitions(g.key_schema, *req.attribute_definitions,
                    &change->next->attribute_definitions);
  change->next->global_indexes.push_back(std::move(x));
}

Status EngineImpl::CommitTableChange(
    const std::shared_ptr<const TableDef>& current, TableChange* change) {
  const std::shared_ptr<TableDef>& next = change->next;
  next->Derive();
  catalog_.Stage(*next, &change->batch);
  DYNAROCK_RETURN_IF_ERROR(storage_->Write(&change->batch));
  if (change->disabled_stream != 0)
    DYNAROCK_RETURN_IF_ERROR(
        streams_.Disable(change->disabled_stream, change->now));
  if (change->new_stream) streams_.Publish(change->new_stream);
  catalog_.Publish(next);
  if (change->created)
    EnqueueBackfill(
        BackfillTask{next->name, next->id, *change->created, false, current});
  for (const auto& name : change->dropped) {
    const IndexDef* ix = FindGlobal(*current, name);
    EnqueueBackfill(BackfillTask{next->name, next->id, ix->id, true, current});
  }
  return Status::OK();
}

TableDescription EngineImpl::DescribeTableChange(
    const RequestContext& ctx, const UpdateTableRequest& req, bool updating,
    const TableDef& t, TableDescription before,
    const TableChange& change) const {
  // ---- The response: the new description, with what the service shows
  // while the change runs.
  TableDescription d = Describe(ctx, *change.next);
  DescribeUpdates(*change.next, &d);
  // UPDATING for the changes that take time (TakesTime).
  d.table_status = updating ? "UPDATING" : "ACTIVE";
  EchoTableCapacity(req, t, before, &d);
  if (change.table_odt_echo) d.on_demand_throughput = change.table_odt_echo;
  EchoIndexChanges(t, before, change.created ? &change.created_name : nullptr,
                   change.updated_pt, change.index_odt_echo, &d);
  if (!change.dropped.empty()) ListDeletedIndexes(change.dropped, &before, &d);
  EchoSettings(ctx, req, t, change.new_key, &d);
  return d;
}

void EngineImpl::DescribeUpdates(const TableDef& def,
                                 TableDescription* d) const {
  double now = clock_.Now();
  ThroughputHistory h;
  if (LoadHistory(*storage_, def.id, &h).ok())
    FillHistory(h, now, &d->provisioned_throughput);
  for (auto& x : d->global_secondary_indexes) {
    const IndexDef* ix = FindGlobal(def, x.index_name);
    if (!ix) continue;
    // Backfilling appears only on a GSI added by UpdateTable, while it is
    // CREATING (ack DDB-TABLE-138).
    if (ix->status == kCreating) x.backfilling = true;
    if (x.provisioned_throughput && LoadHistory(*storage_, ix->id, &h).ok()) {
      FillHistory(h, now, &*x.provisioned_throughput);
    }
  }
}

}  // namespace dynarock
