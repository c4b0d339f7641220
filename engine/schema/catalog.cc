#include "engine/schema/catalog.h"

#include <algorithm>

#include "engine/format/def_fields.h"
#include "engine/format/item_codec.h"
#include "engine/format/key_codec.h"
#include "engine/format/keys.h"
#include "engine/storage/storage.h"

namespace dynarock {
namespace {

using namespace def_fields;  // NOLINT: the fields of stored definitions

// The catalog stores a TableDef as an item (engine/format/item_codec.h):
// named members make the format easy to extend, since a missing member
// takes its default. Its keys are in engine/format/keys.h.

void EncodeThroughput(const ProvisionedThroughput& pt, const char* name,
                      Item* m) {
  (*m)[name] = AttributeValue::M({{"r", Int(pt.read_capacity_units)},
                                  {"w", Int(pt.write_capacity_units)}});
}
std::optional<ProvisionedThroughput> DecodeThroughput(const Item& m,
                                                      const char* name) {
  const AttributeValue* v = Get(m, name);
  if (!v) return std::nullopt;
  return ProvisionedThroughput{GetInt(v->map(), "r"), GetInt(v->map(), "w")};
}
void EncodeOnDemand(const std::optional<OnDemandThroughput>& od, Item* m) {
  if (!od) return;
  Item o;
  if (od->max_read_request_units) o["r"] = Int(*od->max_read_request_units);
  if (od->max_write_request_units) o["w"] = Int(*od->max_write_request_units);
  (*m)["od"] = AttributeValue::M(std::move(o));
}
std::optional<OnDemandThroughput> DecodeOnDemand(const Item& m) {
  const AttributeValue* v = Get(m, "od");
  if (!v) return std::nullopt;
  OnDemandThroughput od;
  if (Get(v->map(), "r")) od.max_read_request_units = GetInt(v->map(), "r");
  if (Get(v->map(), "w")) od.max_write_request_units = GetInt(v->map(), "w");
  return od;
}

AttributeValue EncodeIndex(const IndexDef& ix) {
  Item m;
  m["id"] = Int(static_cast<int64_t>(ix.id));
  m["name"] = Str(ix.name);
  m["global"] = Flag(ix.global);
  m["ks"] = EncodeKeySchema(ix.key_schema);
  if (ix.projection.projection_type)
    m["pt"] = Int(static_cast<int>(*ix.projection.projection_type));
  if (ix.projection.non_key_attributes) {
    AttributeValue::List l;
    for (const auto& a : *ix.projection.non_key_attributes) l.push_back(Str(a));
    m["nka"] = AttributeValue::L(std::move(l));
  }
  if (ix.provisioned_throughput)
    EncodeThroughput(*ix.provisioned_throughput, "tp", &m);
  EncodeOnDemand(ix.on_demand_throughput, &m);
  m["status"] = Str(ix.status);
  return AttributeValue::M(std::move(m));
}
IndexDef DecodeIndex(const Item& m) {
  IndexDef ix;
  ix.id = static_cast<uint64_t>(GetInt(m, "id"));
  ix.name = GetStr(m, "name");
  ix.global = GetFlag(m, "global");
  ix.key_schema = DecodeKeySchema(Get(m, "ks"));
  if (Get(m, "pt"))
    ix.projection.projection_type =
        static_cast<ProjectionType>(GetInt(m, "pt"));
  if (const AttributeValue* l = Get(m, "nka")) {
    ix.projection.non_key_attributes.emplace();
    for (const auto& a : l->list())
      ix.projection.non_key_attributes->push_back(a.scalar());
  }
  ix.provisioned_throughput = DecodeThroughput(m, "tp");
  ix.on_demand_throughput = DecodeOnDemand(m);
  ix.status = GetStr(m, "status");
  return ix;
}

}  // namespace

IndexDef NewIndexDef(uint64_t id, const GlobalSecondaryIndex& request) {
  IndexDef x;
  x.id = id;
  x.name = request.index_name;
  x.global = true;
  x.key_schema = request.key_schema;
  x.projection = request.projection;
  return x;
}

IndexDef NewIndexDef(uint64_t id, const LocalSecondaryIndex& request) {
  IndexDef x;
  x.id = id;
  x.name = request.index_name;
  x.global = false;
  x.key_schema = request.key_schema;
  x.projection = request.projection;
  return x;
}

void EncodeTableDef(const TableDef& d, std::string* out) {
  Item m;
  m["id"] = Int(static_cast<int64_t>(d.id));
  m["name"] = Str(d.name);
  m["uuid"] = Str(d.uuid);
  m["ctime"] = Num(d.creation_time);
  AttributeValue::List defs;
  for (const auto& a : d.attribute_definitions) {
    defs.push_back(
        AttributeValue::M({{"n", Str(a.attribute_name)},
                           {"t", Int(static_cast<int>(a.attribute_type))}}));
  }
  m["ad"] = AttributeValue::L(std::move(defs));
  m["ks"] = EncodeKeySchema(d.key_schema);
  m["billing"] = Int(static_cast<int>(d.billing_mode));
  m["billing_shown"] = Flag(d.billing_mode_reported);
  if (d.last_update_to_pay_per_request_time)
    m["ppr_time"] = Num(*d.last_update_to_pay_per_request_time);
  EncodeThroughput(d.provisioned_throughput, "tp", &m);
  AttributeValue::List gsis, lsis;
  for (const auto& ix : d.global_indexes) gsis.push_back(EncodeIndex(ix));
  for (const auto& ix : d.local_indexes) lsis.push_back(EncodeIndex(ix));
  m["gsi"] = AttributeValue::L(std::move(gsis));
  m["lsi"] = AttributeValue::L(std::move(lsis));
  if (d.stream_specification) {
    Item s;
    s["on"] = Flag(d.stream_specification->stream_enabled);
    if (d.stream_specification->stream_view_type)
      s["view"] =
          Int(static_cast<int>(*d.stream_specification->stream_view_type));
    m["stream"] = AttributeValue::M(std::move(s));
  }
  m["stream_label"] = Str(d.stream_label);
  m["stream_id"] = Int(static_cast<int64_t>(d.stream_id));
  m["sse"] = Flag(d.sse_enabled);
  m["sse_key"] = Str(d.sse_kms_key_id);
  if (d.table_class) m["class"] = Int(static_cast<int>(*d.table_class));
  m["dp"] = Flag(d.deletion_protection);
  EncodeOnDemand(d.on_demand_throughput, &m);
  AttributeValue::List tags;
  for (const auto& t : d.tags) {
    tags.push_back(AttributeValue::M({{"k", Str(t.key)}, {"v", Str(t.value)}}));
  }
  m["tags"] = AttributeValue::L(std::move(tags));
  m["pitr"] = Flag(d.pitr_enabled);
  m["pitr_time"] = Num(d.pitr_enabled_time);
  m["pitr_days"] = Int(d.pitr_recovery_period_days);
  m["ttl"] = Flag(d.ttl_enabled);
  m["ttl_attr"] = Str(d.ttl_attribute);
  if (d.ttl_changed_time != 0) m["ttl_time"] = Num(d.ttl_changed_time);
  if (d.ttl_index_id != 0) {
    m["ttl_ix"] = Int(static_cast<int64_t>(d.ttl_index_id));
    m["ttl_ixd"] = Flag(d.ttl_indexed);
  }
  EncodeItem(m, out);
}

bool DecodeTableDef(std::string_view in, TableDef* d) {
  Item m;
  if (!DecodeItem(in, &m)) return false;
  d->id = static_cast<uint64_t>(GetInt(m, "id"));
  d->name = GetStr(m, "name");
  d->uuid = GetStr(m, "uuid");
  d->creation_time = GetNum(m, "ctime");
  if (const AttributeValue* defs = Get(m, "ad")) {
    for (const auto& a : defs->list()) {
      d->attribute_definitions.push_back(
          {GetStr(a.map(), "n"),
           static_cast<ValueType>(GetInt(a.map(), "t", 1))});
    }
  }
  d->key_schema = DecodeKeySchema(Get(m, "ks"));
  d->billing_mode = static_cast<BillingMode>(GetInt(m, "billing", 1));
  d->billing_mode_reported = GetFlag(m, "billing_shown");
  if (Get(m, "ppr_time"))
    d->last_update_to_pay_per_request_time = GetNum(m, "ppr_time");
  d->provisioned_throughput =
      DecodeThroughput(m, "tp").value_or(ProvisionedThroughput{});
  if (const AttributeValue* l = Get(m, "gsi"))
    for (const auto& ix : l->list())
      d->global_indexes.push_back(DecodeIndex(ix.map()));
  if (const AttributeValue* l = Get(m, "lsi"))
    for (const auto& ix : l->list())
      d->local_indexes.push_back(DecodeIndex(ix.map()));
  if (const AttributeValue* s = Get(m, "stream")) {
    StreamSpecification spec;
    spec.stream_enabled = GetFlag(s->map(), "on");
    if (Get(s->map(), "view"))
      spec.stream_view_type =
          static_cast<StreamViewType>(GetInt(s->map(), "view"));
    d->stream_specification = spec;
  }
  d->stream_label = GetStr(m, "stream_label");
  d->stream_id = GetUint(m, "stream_id");
  d->sse_enabled = GetFlag(m, "sse");
  d->sse_kms_key_id = GetStr(m, "sse_key");
  if (Get(m, "class"))
    d->table_class = static_cast<TableClass>(GetInt(m, "class"));
  d->deletion_protection = GetFlag(m, "dp");
  d->on_demand_throughput = DecodeOnDemand(m);
  if (const AttributeValue* l = Get(m, "tags"))
    for (const auto& t : l->list())
      d->tags.push_back({GetStr(t.map(), "k"), GetStr(t.map(), "v")});
  d->pitr_enabled = GetFlag(m, "pitr");
  d->pitr_enabled_time = GetNum(m, "pitr_time");
  d->pitr_recovery_period_days = GetInt(m, "pitr_days", 35);
  d->ttl_enabled = GetFlag(m, "ttl");
  d->ttl_attribute = GetStr(m, "ttl_attr");
  d->ttl_changed_time = GetNum(m, "ttl_time");
  d->ttl_index_id = GetUint(m, "ttl_ix");
  d->ttl_indexed = GetFlag(m, "ttl_ixd");
  d->Derive();
  return true;
}

namespace {
KeyAttribute Attr(const std::vector<AttributeDefinition>& defs,
                  const std::string& name) {
  for (const auto& d : defs) {
    if (d.attribute_name == name) return {name, d.attribute_type};
  }
  return {name, ValueType::kS};
}
void DeriveKeys(const std::vector<KeySchemaElement>& ks,
                const std::vector<AttributeDefinition>& defs,
                KeyAttribute* hash, std::optional<KeyAttribute>* range) {
  for (const auto& k : ks) {
    if (k.key_type == KeyType::kHash)
      *hash = Attr(defs, k.attribute_name);
    else
      *range = Attr(defs, k.attribute_name);
  }
}
}  // namespace

void TableDef::Derive() {
  DeriveKeys(key_schema, attribute_definitions, &hash, &range);
  for (auto* v : {&global_indexes, &local_indexes}) {
    for (auto& ix : *v) {
      ix.hash_keys.clear();
      ix.range_keys.clear();
      for (const auto& k : ix.key_schema) {
        (k.key_type == KeyType::kHash ? ix.hash_keys : ix.range_keys)
            .push_back(Attr(attribute_definitions, k.attribute_name));
      }
      if (!ix.hash_keys.empty()) ix.hash = ix.hash_keys.front();
      ix.range.reset();
      if (!ix.range_keys.empty()) ix.range = ix.range_keys.front();
    }
  }
}

bool IndexDef::IsKeyAttribute(std::string_view name) const {
  for (const auto* list : {&hash_keys, &range_keys}) {
    for (const auto& k : *list) {
      if (k.name == name) return true;
    }
  }
  return false;
}

const IndexDef* TableDef::FindIndex(std::string_view n) const {
  for (const auto* v : {&global_indexes, &local_indexes}) {
    for (const auto& ix : *v) {
      if (ix.name == n) return &ix;
    }
  }
  return nullptr;
}

Catalog::Catalog(Storage* storage) : storage_(storage) {}

Status Catalog::Load() {
  std::string v;
  bool found = false;
  DYNAROCK_RETURN_IF_ERROR(storage_->Get(Cf::kMeta, kNextIdKey, &v, &found));
  if (found) next_id_ = std::strtoull(v.c_str(), nullptr, 10);
  auto it = storage_->NewIterator(Cf::kCatalog, "", "");
  std::unique_lock lock(mu_);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto def = std::make_shared<TableDef>();
    if (!DecodeTableDef(it->value(), def.get())) {
      return Status::Internal("corrupt catalog entry for table " +
                              std::string(it->key()));
    }
    tables_[def->name] = std::move(def);
  }
  return it->status();
}

std::shared_ptr<const TableDef> Catalog::Find(std::string_view name) const {
  std::shared_lock lock(mu_);
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second;
}

std::vector<std::string> Catalog::Names(const std::optional<std::string>& after,
                                        size_t limit) const {
  std::vector<std::string> out;
  std::shared_lock lock(mu_);
  auto it = after ? tables_.upper_bound(*after) : tables_.begin();
  for (; it != tables_.end() && out.size() < limit; ++it)
    out.push_back(it->first);
  return out;
}

size_t Catalog::size() const {
  std::shared_lock lock(mu_);
  return tables_.size();
}

uint64_t Catalog::NextId(WriteBatch* batch) {
  uint64_t id = next_id_++;
  batch->Put(Cf::kMeta, kNextIdKey, std::to_string(next_id_));
  return id;
}

void Catalog::Stage(const TableDef& def, WriteBatch* batch) const {
  std::string v;
  EncodeTableDef(def, &v);
  batch->Put(Cf::kCatalog, def.name, v);
}

void Catalog::StageDelete(const std::string& name, WriteBatch* batch) const {
  batch->Delete(Cf::kCatalog, name);
}

void Catalog::Publish(std::shared_ptr<const TableDef> def) {
  std::unique_lock lock(mu_);
  tables_[def->name] = std::move(def);
}

void Catalog::Unpublish(const std::string& name) {
  std::unique_lock lock(mu_);
  tables_.erase(name);
}

}  // namespace dynarock
