// Planning a table's deploy: the CreateTable request, and the diff of an
// existing table's descriptions against the template's spec.
//
// An absent property means the service's default (no stream, no TTL, no
// point-in-time recovery, no tags, the default encryption, STANDARD,
// deletion protection off): as in a stack update that removes the property,
// the table is brought back to it. The service takes one logical change per
// UpdateTable (engine/ops/update_table.cc CheckOneLogicalChange), so each
// is its own step, run once the table is ACTIVE again.
#include "tools/deploy/plan.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

namespace dynarock::deploy {
namespace {

using json = nlohmann::ordered_json;

// The text CloudFormation fails such an update with (reported by users of
// CloudFormation and CDK; the User Guide says only that adding and deleting
// an index in one update fails).
constexpr char kOneIndexChange[] =
    "Cannot perform more than one GSI creation or deletion in a single update";

json KeySchemaJson(const std::vector<KeyElement>& keys) {
  json out = json::array();
  for (const auto& k : keys) {
    out.push_back(
        {{"AttributeName", k.attribute_name}, {"KeyType", k.key_type}});
  }
  return out;
}

json ProjectionJson(const Projection& p) {
  json out = {{"ProjectionType", p.projection_type}};
  if (!p.non_key_attributes.empty()) {
    out["NonKeyAttributes"] = p.non_key_attributes;
  }
  return out;
}

json ThroughputJson(const Throughput& t) {
  return {{"ReadCapacityUnits", t.read_capacity_units},
          {"WriteCapacityUnits", t.write_capacity_units}};
}

json OnDemandJson(const OnDemandThroughput& t) {
  json out = json::object();
  if (t.max_read_request_units) {
    out["MaxReadRequestUnits"] = *t.max_read_request_units;
  }
  if (t.max_write_request_units) {
    out["MaxWriteRequestUnits"] = *t.max_write_request_units;
  }
  return out;
}

json IndexJson(const IndexSpec& ix, bool provisioned) {
  json out = {{"IndexName", ix.index_name},
              {"KeySchema", KeySchemaJson(ix.key_schema)},
              {"Projection", ProjectionJson(ix.projection)}};
  if (provisioned && ix.provisioned_throughput) {
    out["ProvisionedThroughput"] = ThroughputJson(*ix.provisioned_throughput);
  }
  if (!provisioned && ix.on_demand_throughput) {
    out["OnDemandThroughput"] = OnDemandJson(*ix.on_demand_throughput);
  }
  return out;
}

json SseJson(const SseSpec& s) {
  json out = {{"Enabled", s.enabled}};
  if (s.sse_type) out["SSEType"] = *s.sse_type;
  if (s.kms_master_key_id) out["KMSMasterKeyId"] = *s.kms_master_key_id;
  return out;
}

json TagsJson(const std::vector<Tag>& tags) {
  json out = json::array();
  for (const auto& t : tags)
    out.push_back({{"Key", t.key}, {"Value", t.value}});
  return out;
}

Step MakeStep(const std::string& operation, const json& body,
              const std::string& summary, bool wait) {
  return Step{operation, body.dump(), summary, wait};
}

Step TtlStep(const std::string& table, bool enabled,
             const std::string& attribute) {
  json body = {{"TableName", table},
               {"TimeToLiveSpecification",
                {{"Enabled", enabled}, {"AttributeName", attribute}}}};
  return MakeStep(
      "UpdateTimeToLive", body,
      enabled ? "enable TTL on " + attribute : "disable TTL on " + attribute,
      false);
}

Step PitrStep(const std::string& table, const PitrSpec& p) {
  json spec = {{"PointInTimeRecoveryEnabled", p.enabled}};
  if (p.enabled && p.recovery_period_in_days) {
    spec["RecoveryPeriodInDays"] = *p.recovery_period_in_days;
  }
  json body = {{"TableName", table},
               {"PointInTimeRecoverySpecification", spec}};
  return MakeStep("UpdateContinuousBackups", body,
                  p.enabled ? "enable point-in-time recovery"
                            : "disable point-in-time recovery",
                  false);
}

// ------------------------------------------------------ reading the state

std::string StringAt(const json& j, const char* key,
                     const std::string& fallback = "") {
  if (j.is_object() && j.contains(key) && j[key].is_string()) {
    return j[key].get<std::string>();
  }
  return fallback;
}

int64_t IntAt(const json& j, const char* key, int64_t fallback = 0) {
  if (j.is_object() && j.contains(key) && j[key].is_number()) {
    return j[key].get<int64_t>();
  }
  return fallback;
}

const json& MemberOr(const json& j, const char* key) {
  static const json kNull;
  if (j.is_object() && j.contains(key)) return j[key];
  return kNull;
}

std::vector<KeyElement> KeysOf(const json& keys) {
  std::vector<KeyElement> out;
  if (!keys.is_array()) return out;
  for (const auto& k : keys) {
    out.push_back({StringAt(k, "AttributeName"), StringAt(k, "KeyType")});
  }
  return out;
}

Projection ProjectionOf(const json& p) {
  Projection out;
  out.projection_type = StringAt(p, "ProjectionType", "ALL");
  const json& nka = MemberOr(p, "NonKeyAttributes");
  if (nka.is_array()) {
    for (const auto& a : nka) {
      if (a.is_string()) out.non_key_attributes.push_back(a.get<std::string>());
    }
  }
  return out;
}

bool SameProjection(Projection a, Projection b) {
  std::sort(a.non_key_attributes.begin(), a.non_key_attributes.end());
  std::sort(b.non_key_attributes.begin(), b.non_key_attributes.end());
  return a.projection_type == b.projection_type &&
         a.non_key_attributes == b.non_key_attributes;
}

std::map<std::string, std::string> TypesOf(const json& defs) {
  std::map<std::string, std::string> out;
  if (!defs.is_array()) return out;
  for (const auto& d : defs) {
    out[StringAt(d, "AttributeName")] = StringAt(d, "AttributeType");
  }
  return out;
}

std::string TypeIn(const std::vector<AttributeDefinition>& defs,
                   const std::string& name) {
  for (const auto& d : defs) {
    if (d.attribute_name == name) return d.attribute_type;
  }
  return "";
}

// Whether the key attributes keep their types.
bool SameKeyTypes(const std::vector<KeyElement>& keys,
                  const std::vector<AttributeDefinition>& want,
                  const std::map<std::string, std::string>& have) {
  for (const auto& k : keys) {
    auto it = have.find(k.attribute_name);
    if (it == have.end() || it->second != TypeIn(want, k.attribute_name)) {
      return false;
    }
  }
  return true;
}

struct CurrentIndex {
  std::vector<KeyElement> key_schema;
  Projection projection;
  Throughput throughput;
  json on_demand;
};

std::map<std::string, CurrentIndex> IndexesOf(const json& list) {
  std::map<std::string, CurrentIndex> out;
  if (!list.is_array()) return out;
  for (const auto& ix : list) {
    CurrentIndex c;
    c.key_schema = KeysOf(MemberOr(ix, "KeySchema"));
    c.projection = ProjectionOf(MemberOr(ix, "Projection"));
    const json& pt = MemberOr(ix, "ProvisionedThroughput");
    c.throughput = {IntAt(pt, "ReadCapacityUnits"),
                    IntAt(pt, "WriteCapacityUnits")};
    c.on_demand = MemberOr(ix, "OnDemandThroughput");
    out[StringAt(ix, "IndexName")] = std::move(c);
  }
  return out;
}

// Whether the on-demand maximums given differ from the described ones (a
// member left out of the template is left as it is).
bool OnDemandDiffers(const OnDemandThroughput& want, const json& have) {
  if (want.max_read_request_units &&
      *want.max_read_request_units != IntAt(have, "MaxReadRequestUnits", -1)) {
    return true;
  }
  return want.max_write_request_units &&
         *want.max_write_request_units !=
             IntAt(have, "MaxWriteRequestUnits", -1);
}

// Whether the described key ARN is the key the template names (an ID, an
// ARN or an alias; the server puts the name it was given after "key/").
bool SameKey(const std::string& arn, const std::string& key) {
  if (arn == key) return true;
  for (const std::string& tail : {":" + key, "/" + key}) {
    if (arn.size() > tail.size() &&
        arn.compare(arn.size() - tail.size(), tail.size(), tail) == 0) {
      return true;
    }
  }
  return false;
}

Expected<json> ParseJson(const std::string& text, const char* what) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Error{std::string("the server's ") + what + " is not a JSON object"};
  }
  return j;
}

}  // namespace

std::string CreateTableBody(const TableSpec& spec,
                            const std::string& table_name) {
  const bool provisioned = spec.EffectiveBillingMode() == "PROVISIONED";
  json body = json::object();
  json defs = json::array();
  for (const auto& d : spec.attribute_definitions) {
    defs.push_back({{"AttributeName", d.attribute_name},
                    {"AttributeType", d.attribute_type}});
  }
  body["AttributeDefinitions"] = std::move(defs);
  body["TableName"] = table_name;
  body["KeySchema"] = KeySchemaJson(spec.key_schema);
  if (!spec.local_indexes.empty()) {
    json lsis = json::array();
    for (const auto& ix : spec.local_indexes)
      lsis.push_back(IndexJson(ix, false));
    body["LocalSecondaryIndexes"] = std::move(lsis);
  }
  if (!spec.global_indexes.empty()) {
    json gsis = json::array();
    for (const auto& ix : spec.global_indexes) {
      gsis.push_back(IndexJson(ix, provisioned));
    }
    body["GlobalSecondaryIndexes"] = std::move(gsis);
  }
  if (spec.billing_mode) body["BillingMode"] = *spec.billing_mode;
  if (provisioned && spec.provisioned_throughput) {
    body["ProvisionedThroughput"] =
        ThroughputJson(*spec.provisioned_throughput);
  }
  if (spec.stream_view_type) {
    body["StreamSpecification"] = {{"StreamEnabled", true},
                                   {"StreamViewType", *spec.stream_view_type}};
  }
  if (spec.sse) body["SSESpecification"] = SseJson(*spec.sse);
  if (!spec.tags.empty()) body["Tags"] = TagsJson(spec.tags);
  if (spec.table_class) body["TableClass"] = *spec.table_class;
  if (spec.deletion_protection) {
    body["DeletionProtectionEnabled"] = *spec.deletion_protection;
  }
  if (!provisioned && spec.on_demand_throughput) {
    body["OnDemandThroughput"] = OnDemandJson(*spec.on_demand_throughput);
  }
  return body.dump();
}

std::vector<Step> StepsAfterCreate(const TableSpec& spec,
                                   const std::string& table_name) {
  std::vector<Step> steps;
  if (spec.ttl && spec.ttl->enabled) {
    steps.push_back(TtlStep(table_name, true, spec.ttl->attribute_name));
  }
  if (spec.pitr && spec.pitr->enabled) {
    steps.push_back(PitrStep(table_name, *spec.pitr));
  }
  return steps;
}

Expected<UpdatePlan> PlanUpdate(const TableSpec& spec,
                                const std::string& table_name,
                                const TableState& state) {
  auto table_r = ParseJson(state.table, "table description");
  if (!table_r.ok()) return table_r.error();
  const json& table = table_r.value();
  auto backups_r =
      ParseJson(state.continuous_backups, "DescribeContinuousBackups answer");
  if (!backups_r.ok()) return backups_r.error();
  auto ttl_r = ParseJson(state.time_to_live, "DescribeTimeToLive answer");
  if (!ttl_r.ok()) return ttl_r.error();
  const std::string props = spec.path + ".Properties";
  UpdatePlan plan;

  // ---- replacement: the key schema, its attributes' types, the LSIs.
  const auto have_types = TypesOf(MemberOr(table, "AttributeDefinitions"));
  if (KeysOf(MemberOr(table, "KeySchema")) != spec.key_schema) {
    plan.replacement.push_back("KeySchema");
  } else if (!SameKeyTypes(spec.key_schema, spec.attribute_definitions,
                           have_types)) {
    plan.replacement.push_back("AttributeDefinitions");
  }
  const auto have_lsis = IndexesOf(MemberOr(table, "LocalSecondaryIndexes"));
  bool lsis_same = have_lsis.size() == spec.local_indexes.size();
  for (const auto& ix : spec.local_indexes) {
    auto it = have_lsis.find(ix.index_name);
    lsis_same =
        lsis_same && it != have_lsis.end() &&
        it->second.key_schema == ix.key_schema &&
        SameProjection(it->second.projection, ix.projection) &&
        SameKeyTypes(ix.key_schema, spec.attribute_definitions, have_types);
  }
  if (!lsis_same) plan.replacement.push_back("LocalSecondaryIndexes");
  if (!plan.replacement.empty()) return plan;

  const json& ttl_desc = MemberOr(ttl_r.value(), "TimeToLiveDescription");
  const json& pitr_desc =
      MemberOr(MemberOr(backups_r.value(), "ContinuousBackupsDescription"),
               "PointInTimeRecoveryDescription");
  const std::string arn = StringAt(table, "TableArn");
  auto update = [&](json body, const std::string& summary) {
    body["TableName"] = table_name;
    plan.steps.push_back(MakeStep("UpdateTable", body, summary, true));
  };

  // ---- global secondary indexes: at most one created or deleted.
  const auto have_gsis = IndexesOf(MemberOr(table, "GlobalSecondaryIndexes"));
  std::vector<std::string> deletes;
  std::vector<const IndexSpec*> creates;
  for (const auto& have : have_gsis) {
    // A reference, not a structured binding: clang 14 cannot capture one.
    const std::string& name = have.first;
    bool kept =
        std::any_of(spec.global_indexes.begin(), spec.global_indexes.end(),
                    [&](const IndexSpec& s) { return s.index_name == name; });
    if (!kept) deletes.push_back(name);
  }
  for (size_t i = 0; i < spec.global_indexes.size(); ++i) {
    const IndexSpec& ix = spec.global_indexes[i];
    auto it = have_gsis.find(ix.index_name);
    if (it == have_gsis.end()) {
      creates.push_back(&ix);
      continue;
    }
    if (it->second.key_schema != ix.key_schema ||
        !SameProjection(it->second.projection, ix.projection) ||
        !SameKeyTypes(ix.key_schema, spec.attribute_definitions, have_types)) {
      // The index would have to be deleted and created again: two changes.
      return Error{props + ".GlobalSecondaryIndexes[" + std::to_string(i) +
                   "]: the KeySchema, Projection or key attribute types of " +
                   ix.index_name +
                   " changed, which needs the index deleted and created "
                   "again: " +
                   kOneIndexChange +
                   " (remove the index in one deploy, add it back in the "
                   "next)"};
    }
  }
  if (deletes.size() + creates.size() > 1) {
    return Error{props + ".GlobalSecondaryIndexes: " + kOneIndexChange};
  }
  for (const auto& name : deletes) {
    update({{"GlobalSecondaryIndexUpdates",
             json::array({{{"Delete", {{"IndexName", name}}}}})}},
           "delete index " + name);
  }

  // ---- billing mode and capacity.
  const std::string want_mode = spec.EffectiveBillingMode();
  const bool want_provisioned = want_mode == "PROVISIONED";
  const std::string have_mode = StringAt(MemberOr(table, "BillingModeSummary"),
                                         "BillingMode", "PROVISIONED");
  const json& have_pt = MemberOr(table, "ProvisionedThroughput");
  const Throughput have_throughput{IntAt(have_pt, "ReadCapacityUnits"),
                                   IntAt(have_pt, "WriteCapacityUnits")};
  const json& have_odt = MemberOr(table, "OnDemandThroughput");
  // The indexes that stay: every one the template keeps that exists now.
  std::vector<const IndexSpec*> kept;
  for (const auto& ix : spec.global_indexes) {
    if (have_gsis.count(ix.index_name)) kept.push_back(&ix);
  }
  if (want_provisioned) {
    json body = json::object();
    json index_updates = json::array();
    const bool switching = have_mode != "PROVISIONED";
    if (switching) body["BillingMode"] = "PROVISIONED";
    if (switching || !(have_throughput == *spec.provisioned_throughput)) {
      body["ProvisionedThroughput"] =
          ThroughputJson(*spec.provisioned_throughput);
    }
    for (const IndexSpec* ix : kept) {
      if (switching || !(have_gsis.at(ix->index_name).throughput ==
                         *ix->provisioned_throughput)) {
        index_updates.push_back(
            {{"Update",
              {{"IndexName", ix->index_name},
               {"ProvisionedThroughput",
                ThroughputJson(*ix->provisioned_throughput)}}}});
      }
    }
    if (!index_updates.empty()) {
      body["GlobalSecondaryIndexUpdates"] = std::move(index_updates);
    }
    if (!body.empty()) {
      update(body, switching ? "switch to BillingMode PROVISIONED"
                             : "change provisioned throughput");
    }
  } else {
    json body = json::object();
    if (have_mode != "PAY_PER_REQUEST") body["BillingMode"] = "PAY_PER_REQUEST";
    if (spec.on_demand_throughput &&
        OnDemandDiffers(*spec.on_demand_throughput, have_odt)) {
      body["OnDemandThroughput"] = OnDemandJson(*spec.on_demand_throughput);
    }
    if (!body.empty()) {
      update(body, body.contains("BillingMode")
                       ? "switch to BillingMode PAY_PER_REQUEST"
                       : "change on-demand throughput");
    }
    json index_updates = json::array();
    for (const IndexSpec* ix : kept) {
      if (ix->on_demand_throughput &&
          OnDemandDiffers(*ix->on_demand_throughput,
                          have_gsis.at(ix->index_name).on_demand)) {
        index_updates.push_back(
            {{"Update",
              {{"IndexName", ix->index_name},
               {"OnDemandThroughput",
                OnDemandJson(*ix->on_demand_throughput)}}}});
      }
    }
    if (!index_updates.empty()) {
      update({{"GlobalSecondaryIndexUpdates", index_updates}},
             "change the indexes' on-demand throughput");
    }
  }
  for (const IndexSpec* ix : creates) {
    json defs = json::array();
    for (const auto& k : ix->key_schema) {
      defs.push_back({{"AttributeName", k.attribute_name},
                      {"AttributeType",
                       TypeIn(spec.attribute_definitions, k.attribute_name)}});
    }
    update({{"AttributeDefinitions", defs},
            {"GlobalSecondaryIndexUpdates",
             json::array({{{"Create", IndexJson(*ix, want_provisioned)}}})}},
           "create index " + ix->index_name);
  }

  // ---- stream.
  const json& have_stream = MemberOr(table, "StreamSpecification");
  const bool stream_on = MemberOr(have_stream, "StreamEnabled") == true;
  const std::string have_view = StringAt(have_stream, "StreamViewType");
  if (stream_on &&
      (!spec.stream_view_type || *spec.stream_view_type != have_view)) {
    update({{"StreamSpecification", {{"StreamEnabled", false}}}},
           "disable the stream (" + have_view + ")");
  }
  if (spec.stream_view_type &&
      (!stream_on || *spec.stream_view_type != have_view)) {
    update({{"StreamSpecification",
             {{"StreamEnabled", true},
              {"StreamViewType", *spec.stream_view_type}}}},
           "enable the stream (" + *spec.stream_view_type + ")");
  }

  // ---- encryption.
  const json& have_sse = MemberOr(table, "SSEDescription");
  const std::string sse_status = StringAt(have_sse, "Status", "DISABLED");
  const bool sse_on = sse_status == "ENABLED" || sse_status == "ENABLING" ||
                      sse_status == "UPDATING";
  const bool want_sse = spec.sse && spec.sse->enabled;
  if (want_sse && !sse_on) {
    update({{"SSESpecification", SseJson(*spec.sse)}},
           "encrypt with a KMS key");
  } else if (!want_sse && sse_on) {
    update({{"SSESpecification", {{"Enabled", false}}}},
           "encrypt with the AWS owned key (the default)");
  } else if (want_sse && spec.sse->kms_master_key_id &&
             !SameKey(StringAt(have_sse, "KMSMasterKeyArn"),
                      *spec.sse->kms_master_key_id)) {
    update({{"SSESpecification", SseJson(*spec.sse)}},
           "encrypt with the KMS key " + *spec.sse->kms_master_key_id);
  }

  // ---- table class and deletion protection.
  const std::string want_class = spec.table_class.value_or("STANDARD");
  const std::string have_class =
      StringAt(MemberOr(table, "TableClassSummary"), "TableClass", "STANDARD");
  if (want_class != have_class) {
    update({{"TableClass", want_class}}, "set TableClass " + want_class);
  }
  const bool want_dp = spec.deletion_protection.value_or(false);
  const bool have_dp = MemberOr(table, "DeletionProtectionEnabled") == true;
  if (want_dp != have_dp) {
    update(
        {{"DeletionProtectionEnabled", want_dp}},
        want_dp ? "enable deletion protection" : "disable deletion protection");
  }

  // ---- time to live.
  const std::string ttl_status = StringAt(ttl_desc, "TimeToLiveStatus");
  const bool ttl_on = ttl_status == "ENABLED" || ttl_status == "ENABLING";
  const std::string ttl_attr = StringAt(ttl_desc, "AttributeName");
  const bool want_ttl = spec.ttl && spec.ttl->enabled;
  if (ttl_on && (!want_ttl || spec.ttl->attribute_name != ttl_attr)) {
    plan.steps.push_back(TtlStep(table_name, false, ttl_attr));
  }
  if (want_ttl && (!ttl_on || spec.ttl->attribute_name != ttl_attr)) {
    plan.steps.push_back(TtlStep(table_name, true, spec.ttl->attribute_name));
  }

  // ---- point-in-time recovery.
  const bool pitr_on =
      StringAt(pitr_desc, "PointInTimeRecoveryStatus") == "ENABLED";
  const PitrSpec want_pitr = spec.pitr.value_or(PitrSpec{});
  if (want_pitr.enabled != pitr_on) {
    plan.steps.push_back(PitrStep(table_name, want_pitr));
  } else if (pitr_on && want_pitr.recovery_period_in_days &&
             *want_pitr.recovery_period_in_days !=
                 IntAt(pitr_desc, "RecoveryPeriodInDays", 35)) {
    Step s = PitrStep(table_name, want_pitr);
    s.summary = "set the recovery period to " +
                std::to_string(*want_pitr.recovery_period_in_days) + " days";
    plan.steps.push_back(s);
  }

  // ---- tags.
  std::vector<std::string> untag;
  for (const auto& t : state.tags) {
    bool wanted = std::any_of(spec.tags.begin(), spec.tags.end(),
                              [&](const Tag& w) { return w.key == t.key; });
    if (!wanted) untag.push_back(t.key);
  }
  std::vector<Tag> tag;
  for (const auto& w : spec.tags) {
    bool same = std::any_of(state.tags.begin(), state.tags.end(),
                            [&](const Tag& t) { return t == w; });
    if (!same) tag.push_back(w);
  }
  auto keys_text = [](const std::vector<std::string>& keys) {
    std::string out;
    for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
    return out;
  };
  if (!untag.empty()) {
    plan.steps.push_back(MakeStep("UntagResource",
                                  {{"ResourceArn", arn}, {"TagKeys", untag}},
                                  "untag " + keys_text(untag), false));
  }
  if (!tag.empty()) {
    std::vector<std::string> keys;
    for (const auto& t : tag) keys.push_back(t.key);
    plan.steps.push_back(
        MakeStep("TagResource", {{"ResourceArn", arn}, {"Tags", TagsJson(tag)}},
                 "tag " + keys_text(keys), false));
  }
  return plan;
}

}  // namespace dynarock::deploy
