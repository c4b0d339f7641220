// Catalog: the definitions of tables and their indexes, kept in the
// kCatalog column family and cached in memory.
//
// A TableDef is immutable once published: a change builds a new one and
// swaps the shared_ptr, so readers hold a consistent definition for the
// length of a request without a lock.
//
// Thread safety: Catalog methods may be called concurrently.
#ifndef DYNAROCK_ENGINE_SCHEMA_CATALOG_H_
#define DYNAROCK_ENGINE_SCHEMA_CATALOG_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "engine/requests.h"
#include "engine/status.h"

namespace dynarock {

class Storage;
class WriteBatch;

// One key attribute: its name and scalar type (S, N or B).
struct KeyAttribute {
  std::string name;
  ValueType type = ValueType::kS;
};

struct IndexDef {
  uint64_t id = 0;  // never reused
  std::string name;
  bool global = true;
  std::vector<KeySchemaElement> key_schema;
  Projection projection;
  std::optional<ProvisionedThroughput> provisioned_throughput;
  std::optional<OnDemandThroughput> on_demand_throughput;
  std::string status = "ACTIVE";

  // Derived from key_schema and the table's attribute definitions. A GSI's
  // partition and sort keys may each have up to four attributes
  // (multi-attribute keys), in key schema order; hash and range are the
  // first of each.
  std::vector<KeyAttribute> hash_keys;
  std::vector<KeyAttribute> range_keys;
  KeyAttribute hash;
  std::optional<KeyAttribute> range;

  // Whether name is one of the index's key attributes.
  bool IsKeyAttribute(std::string_view name) const;
};

// A new index's definition from its request (CreateTable, UpdateTable's
// Create): name, key schema and projection; the caller sets throughput
// and status.
IndexDef NewIndexDef(uint64_t id, const GlobalSecondaryIndex& request);
IndexDef NewIndexDef(uint64_t id, const LocalSecondaryIndex& request);

struct TableDef {
  uint64_t id = 0;  // never reused; leads every key of the table's items
  std::string name;
  std::string uuid;
  double creation_time = 0;
  std::vector<AttributeDefinition> attribute_definitions;
  std::vector<KeySchemaElement> key_schema;
  BillingMode billing_mode = BillingMode::kProvisioned;
  bool billing_mode_reported = false;  // BillingModeSummary is shown
  std::optional<double> last_update_to_pay_per_request_time;
  ProvisionedThroughput provisioned_throughput;
  std::vector<IndexDef> global_indexes;
  std::vector<IndexDef> local_indexes;
  std::optional<StreamSpecification> stream_specification;
  std::string stream_label;  // of the latest stream, when there was one
  uint64_t stream_id = 0;    // of the enabled stream; 0: none
  bool sse_enabled = false;
  std::string sse_kms_key_id;  // as given, or empty for the AWS managed key
  std::optional<TableClass> table_class;
  bool deletion_protection = false;
  std::optional<OnDemandThroughput> on_demand_throughput;
  std::vector<Tag> tags;
  bool pitr_enabled = false;
  double pitr_enabled_time = 0;
  int64_t pitr_recovery_period_days = 35;
  bool ttl_enabled = false;
  std::string ttl_attribute;
  double ttl_changed_time = 0;  // of the last UpdateTimeToLive; 0: never
  // While TTL is enabled: the id of the table's expiry index (its items by
  // expiry time, kIndexes; engine/format/keys.h), which the write path keeps
  // and the TTL sweep reads; ttl_indexed once it holds every item (the
  // sweep's first pass fills it for the items written before).
  uint64_t ttl_index_id = 0;
  bool ttl_indexed = false;

  // Derived from key_schema and attribute_definitions.
  KeyAttribute hash;
  std::optional<KeyAttribute> range;

  // Fills the derived members (hash, range, and each index's).
  void Derive();
  const IndexDef* FindIndex(std::string_view name) const;
};

class Catalog {
 public:
  explicit Catalog(Storage* storage);

  // Reads every definition from storage. Called once, at open.
  Status Load();

  std::shared_ptr<const TableDef> Find(std::string_view name) const;
  // Names in sorted order, starting after `after` when given.
  std::vector<std::string> Names(const std::optional<std::string>& after,
                                 size_t limit) const;
  size_t size() const;

  // A fresh id for a table or index.
  uint64_t NextId(WriteBatch* batch);

  // Stages the definition in batch; Publish makes it visible once the batch
  // is written.
  void Stage(const TableDef& def, WriteBatch* batch) const;
  void StageDelete(const std::string& name, WriteBatch* batch) const;
  void Publish(std::shared_ptr<const TableDef> def);
  void Unpublish(const std::string& name);

  // Serializes table changes (create, delete, update) so that two of them
  // never race on one name or on the id counter.
  std::mutex& ddl_mutex() { return ddl_mu_; }

 private:
  Storage* storage_;
  std::mutex ddl_mu_;
  mutable std::shared_mutex mu_;
  std::map<std::string, std::shared_ptr<const TableDef>, std::less<>>
      tables_;            // guarded by mu_
  uint64_t next_id_ = 1;  // guarded by ddl_mu_
};

void EncodeTableDef(const TableDef& def, std::string* out);
bool DecodeTableDef(std::string_view in, TableDef* def);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_SCHEMA_CATALOG_H_
