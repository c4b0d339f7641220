// A CloudFormation template's DynamoDB tables, for `dynarock deploy`.
//
// Template::Load() reads a template (YAML with the short intrinsic forms
// such as !Ref, or JSON), checks its sections, binds its Parameters to their
// values and orders its DynamoDB resources so that each comes after those it
// refers to. Template::Resolve() then evaluates one resource's Properties
// (Ref, Fn::Sub, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap,
// Fn::If and the pseudo parameters) and turns them into a TableSpec: what an
// AWS::DynamoDB::Table, or an AWS::DynamoDB::GlobalTable's replica in the
// chosen region, asks of one table. Every error names its place in the
// template ("Resources.T.Properties.KeySchema[1].KeyType: ...").
//
// A Template is used from one thread.
#ifndef DYNAROCK_TOOLS_DEPLOY_TEMPLATE_H_
#define DYNAROCK_TOOLS_DEPLOY_TEMPLATE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace dynarock::deploy {

// What went wrong, as printed after "dynarock deploy: ".
struct Error {
  std::string message;
};

// A value or the Error that prevented it.
template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Expected(Error error) : v_(std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// The account in every ARN the server reports.
inline constexpr char kAccountId[] = "000000000000";

struct KeyElement {
  std::string attribute_name;
  std::string key_type;  // HASH or RANGE
  bool operator==(const KeyElement&) const = default;
};

struct AttributeDefinition {
  std::string attribute_name;
  std::string attribute_type;  // S, N or B
  bool operator==(const AttributeDefinition&) const = default;
};

struct Throughput {
  int64_t read_capacity_units = 0;
  int64_t write_capacity_units = 0;
  bool operator==(const Throughput&) const = default;
};

struct OnDemandThroughput {
  std::optional<int64_t> max_read_request_units;
  std::optional<int64_t> max_write_request_units;
};

struct Projection {
  std::string projection_type = "ALL";  // ALL, KEYS_ONLY or INCLUDE
  std::vector<std::string> non_key_attributes;
};

struct IndexSpec {
  std::string index_name;
  std::vector<KeyElement> key_schema;
  Projection projection;
  std::optional<Throughput> provisioned_throughput;
  std::optional<OnDemandThroughput> on_demand_throughput;
};

struct SseSpec {
  bool enabled = false;
  std::optional<std::string> sse_type;  // KMS
  std::optional<std::string> kms_master_key_id;
};

struct TtlSpec {
  bool enabled = false;
  std::string attribute_name;
};

struct PitrSpec {
  bool enabled = false;
  std::optional<int64_t> recovery_period_in_days;
};

struct Tag {
  std::string key;
  std::string value;
  bool operator==(const Tag&) const = default;
};

// One table as the template describes it. Absent optional members mean the
// property is absent: the table is to have the service's default.
struct TableSpec {
  std::string logical_id;
  std::string resource_type;  // AWS::DynamoDB::Table or ...::GlobalTable
  std::string path;           // "Resources.LOGICAL_ID"
  std::string table_name;     // empty: CloudFormation generates one
  std::vector<AttributeDefinition> attribute_definitions;
  std::vector<KeyElement> key_schema;
  std::optional<std::string> billing_mode;  // as given
  std::optional<Throughput> provisioned_throughput;
  std::optional<OnDemandThroughput> on_demand_throughput;
  std::vector<IndexSpec> global_indexes;
  std::vector<IndexSpec> local_indexes;
  std::optional<SseSpec> sse;
  std::optional<std::string> stream_view_type;
  std::optional<TtlSpec> ttl;
  std::optional<PitrSpec> pitr;
  std::vector<Tag> tags;
  std::optional<std::string> table_class;
  std::optional<bool> deletion_protection;
  std::string deletion_policy = "Delete";
  std::string update_replace_policy = "Delete";

  // PROVISIONED unless the template says otherwise (CloudFormation's
  // default for both resource types).
  std::string EffectiveBillingMode() const {
    return billing_mode.value_or("PROVISIONED");
  }
};

// What is known of a deployed table, for Ref and Fn::GetAtt.
struct DeployedTable {
  std::string table_name;
  std::string stream_arn;  // empty: no stream
  std::string table_id;
};

// Returns what is known of the table of a logical id, or nullopt when it is
// not deployed (yet).
using Lookup =
    std::function<std::optional<DeployedTable>(const std::string& logical_id)>;

struct LoadOptions {
  std::string region = "us-east-1";
  std::string stack_name;
  // --parameter K=V, in command-line order.
  std::vector<std::pair<std::string, std::string>> parameters;
};

class Template {
 public:
  ~Template();
  Template(const Template&) = delete;
  Template& operator=(const Template&) = delete;

  // Parses `text` (the contents of a template file) and checks everything
  // that does not depend on deployed tables. Notices (skipped resources,
  // properties dynarock ignores) are appended to *notices.
  static Expected<std::unique_ptr<Template>> Load(
      const std::string& text, const LoadOptions& options,
      std::vector<std::string>* notices);

  // The logical ids of the DynamoDB resources that the template creates
  // (their Condition holds), each after those it depends on.
  const std::vector<std::string>& tables() const;

  // Evaluates the resource's properties into a spec. Tables that `lookup`
  // does not know stand in with their template values (their TableName, or
  // a placeholder) so that the whole template can be checked before any
  // table exists. Notices are added once per text.
  Expected<TableSpec> Resolve(const std::string& logical_id,
                              const Lookup& lookup,
                              std::vector<std::string>* notices);

  // The Outputs (those whose Condition holds), in template order, each
  // evaluated to a string.
  Expected<std::vector<std::pair<std::string, std::string>>> Outputs(
      const Lookup& lookup, std::vector<std::string>* notices);

  // "STACK-LOGICALID-": the start of the names CloudFormation generates for
  // a resource without TableName; 12 random characters follow.
  std::string GeneratedNamePrefix(const std::string& logical_id) const;

  const std::string& region() const;

 private:
  struct Impl;
  explicit Template(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The table's ARN as the server reports it.
std::string TableArn(const std::string& region, const std::string& table_name);

// Whether `name` is a valid CloudFormation stack name.
bool IsValidStackName(const std::string& name);

}  // namespace dynarock::deploy

#endif  // DYNAROCK_TOOLS_DEPLOY_TEMPLATE_H_
