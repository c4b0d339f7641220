// `dynarock deploy`: the command line, and the deploy itself in two phases.
//
// Phase one reads: the template is loaded and checked, each table's spec is
// resolved, the server is asked what exists (DescribeTable and friends) and
// each table's plan is made. Any error there ends the run before the first
// request that changes anything. Phase two writes: each table in
// dependency order is created or updated (its spec resolved again, now with
// the names and stream ARNs of the tables deployed before it), and tables
// replaced under a generated name are deleted at the end, as CloudFormation
// cleans up after an update.
#include "tools/deploy/deploy.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "tools/deploy/client.h"
#include "tools/deploy/plan.h"
#include "tools/deploy/template.h"

namespace dynarock::deploy {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kDescription =
    R"(Applies a CloudFormation template's DynamoDB tables to a running dynarock
server: every AWS::DynamoDB::Table, and the replica in --region of every
AWS::DynamoDB::GlobalTable. Tables that do not exist are created; those that
do are brought to the template as a stack update would (capacity, indexes,
stream, encryption, TTL, point-in-time recovery, tags, table class, deletion
protection). Other resource types are skipped with a notice. TEMPLATE is
YAML (with the short forms !Ref, !Sub, !GetAtt, ...) or JSON.
)";

constexpr const char* kFooter =
    R"(There is no stack state: each deploy compares the template with the tables
the server has. A table taken out of the template is therefore not deleted by
a later deploy: run `dynarock deploy --delete` with the old template first,
or delete it with `aws dynamodb delete-table`.

A table without TableName gets CloudFormation's kind of generated name,
STACK-LOGICALID-XXXXXXXXXXXX; later deploys find it by that prefix. A change
that needs a new table (KeySchema, LocalSecondaryIndexes, a key attribute's
type) replaces a table of generated name (create the new, delete the old,
without copying items) and is refused for a table the template names.
At most one global secondary index is created or deleted per deploy, as in
CloudFormation.

Requests are signed with SigV4, with the keys the AWS CLI would use (the
environment, then ~/.aws), or example keys when there are none: dynarock
checks a signature's form only.

Exit status: 0 success (or nothing to do), 1 a template or server error
(nothing is changed when the template is at fault), 2 a bad command line.)";

constexpr const char* kStackType = "AWS::CloudFormation::Stack";
// How long a table may take to become ACTIVE.
constexpr auto kActiveTimeout = std::chrono::minutes(10);

struct Flags {
  std::string template_path;
  std::string endpoint = "http://localhost:8000";
  std::string region;
  std::string stack_name;
  std::vector<std::string> parameters;
  bool del = false;
};

void PrintError(const std::string& message) {
  fprintf(stderr, "dynarock deploy: %s\n", message.c_str());
}

void PrintNotices(std::vector<std::string>* notices) {
  for (const auto& n : *notices) PrintError(n);
  notices->clear();
}

// One line of CloudFormation's stack events: logical id, type, status,
// physical id, and a reason when there is one.
void Event(const std::string& logical_id, const std::string& type,
           const std::string& status, const std::string& physical_id,
           const std::string& reason = "") {
  std::string line = logical_id + "  " + type + "  " + status;
  if (!physical_id.empty()) line += "  " + physical_id;
  if (!reason.empty()) line += "  " + reason;
  printf("%s\n", line.c_str());
  fflush(stdout);
}

std::string ServiceError(const Response& r) {
  return r.error_type + ": " + r.error_message;
}

std::string RandomSuffix() {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::random_device rd;
  std::mt19937 gen(rd());
  std::uniform_int_distribution<size_t> pick(0, sizeof kChars - 2);
  std::string s;
  for (int i = 0; i < 12; ++i) s += kChars[pick(gen)];
  return s;
}

// TEMPLATE's file name without its extension, made a valid stack name: any
// character a stack name cannot have becomes '-', and a name that does not
// start with a letter gets "stack-" in front.
std::string DefaultStackName(const std::string& path) {
  std::string base = path.substr(path.find_last_of('/') + 1);
  size_t dot = base.find_last_of('.');
  if (dot != std::string::npos && dot > 0) base = base.substr(0, dot);
  for (char& c : base) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '-';
  }
  if (base.empty() || !std::isalpha(static_cast<unsigned char>(base[0]))) {
    base = "stack-" + base;
  }
  return base.substr(0, 128);
}

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

// ------------------------------------------------------------ the run

// What phase one decided for a table.
struct Action {
  std::string logical_id;
  std::string resource_type;
  std::string existing_name;  // empty: the table does not exist
  bool generated_name = false;
  bool replace = false;
  UpdatePlan plan;
};

class Deployer {
 public:
  Deployer(Template* tmpl, Client* client, std::string stack_name)
      : template_(tmpl), client_(client), stack_name_(std::move(stack_name)) {}

  int Deploy();
  int Delete();

 private:
  // Resolves every table (and the Outputs) with no table deployed: the
  // template's own errors, before the first request.
  bool Validate(bool outputs);

  Lookup MakeLookup() {
    return [this](const std::string& id) -> std::optional<DeployedTable> {
      auto it = deployed_.find(id);
      if (it == deployed_.end()) return std::nullopt;
      return it->second;
    };
  }

  // Calls an operation; a transport failure or service error becomes the
  // Error "OPERATION NAME: TYPE: message".
  Expected<json> Call(const std::string& operation, const json& body,
                      Response* service_error = nullptr);
  // The table's description, or nullopt when it does not exist.
  Expected<std::optional<json>> Describe(const std::string& name);
  Expected<json> WaitActive(const std::string& name);
  std::optional<Error> WaitDeleted(const std::string& name);
  Expected<TableState> ReadState(const std::string& name, json* table);
  Expected<std::string> FindGenerated(const std::string& logical_id);
  Expected<Action> PlanTable(const std::string& logical_id);
  void Remember(const std::string& logical_id, const json& table);
  std::optional<Error> RunSteps(const std::string& logical_id,
                                const std::string& type,
                                const std::string& name,
                                const std::vector<Step>& steps,
                                const std::string& status);
  std::optional<Error> Create(const TableSpec& spec, const std::string& name,
                              const char* in_progress, const char* complete);

  Template* template_;
  Client* client_;
  std::string stack_name_;
  std::vector<std::string> notices_;
  std::map<std::string, DeployedTable> deployed_;
  std::optional<std::vector<std::string>> table_names_;  // ListTables, cached
};

Expected<json> Deployer::Call(const std::string& operation, const json& body,
                              Response* service_error) {
  auto r = client_->Call(operation, body.dump());
  if (!r.ok()) return r.error();
  if (!r.value().ok) {
    if (service_error) *service_error = r.value();
    std::string name;
    if (body.contains("TableName")) name = body["TableName"].get<std::string>();
    return Error{operation + (name.empty() ? "" : " " + name) + ": " +
                 ServiceError(r.value())};
  }
  // TagResource and UntagResource answer with an empty body.
  if (r.value().body.empty()) return json::object();
  json j = json::parse(r.value().body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Error{operation + ": the server's answer is not a JSON object"};
  }
  return j;
}

Expected<std::optional<json>> Deployer::Describe(const std::string& name) {
  Response err;
  auto r = Call("DescribeTable", {{"TableName", name}}, &err);
  if (!r.ok()) {
    if (err.error_type == "ResourceNotFoundException") {
      return std::optional<json>();
    }
    return r.error();
  }
  if (!r.value().contains("Table")) {
    return Error{"DescribeTable " + name + ": the answer has no Table"};
  }
  return std::optional<json>(r.value()["Table"]);
}

bool IsActive(const json& table) {
  if (table.value("TableStatus", "") != "ACTIVE") return false;
  if (table.contains("GlobalSecondaryIndexes")) {
    for (const auto& ix : table["GlobalSecondaryIndexes"]) {
      if (ix.value("IndexStatus", "") != "ACTIVE") return false;
    }
  }
  return true;
}

Expected<json> Deployer::WaitActive(const std::string& name) {
  const auto deadline = std::chrono::steady_clock::now() + kActiveTimeout;
  auto pause = std::chrono::milliseconds(20);
  for (;;) {
    auto d = Describe(name);
    if (!d.ok()) return d.error();
    if (!d.value()) return Error{"the table " + name + " disappeared"};
    if (IsActive(*d.value())) return *d.value();
    if (std::chrono::steady_clock::now() > deadline) {
      return Error{"the table " + name + " did not become ACTIVE in time"};
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(1000));
  }
}

std::optional<Error> Deployer::WaitDeleted(const std::string& name) {
  const auto deadline = std::chrono::steady_clock::now() + kActiveTimeout;
  auto pause = std::chrono::milliseconds(20);
  for (;;) {
    auto d = Describe(name);
    if (!d.ok()) return d.error();
    if (!d.value()) return std::nullopt;
    if (std::chrono::steady_clock::now() > deadline) {
      return Error{"the table " + name + " was not deleted in time"};
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(1000));
  }
}

Expected<TableState> Deployer::ReadState(const std::string& name, json* table) {
  TableState state;
  state.table = table->dump();
  auto backups = Call("DescribeContinuousBackups", {{"TableName", name}});
  if (!backups.ok()) return backups.error();
  state.continuous_backups = backups.value().dump();
  auto ttl = Call("DescribeTimeToLive", {{"TableName", name}});
  if (!ttl.ok()) return ttl.error();
  state.time_to_live = ttl.value().dump();
  std::optional<std::string> next;
  do {
    json body = {{"ResourceArn", table->value("TableArn", "")}};
    if (next) body["NextToken"] = *next;
    auto tags = Call("ListTagsOfResource", body);
    if (!tags.ok()) return tags.error();
    if (tags.value().contains("Tags")) {
      for (const auto& t : tags.value()["Tags"]) {
        state.tags.push_back({t.value("Key", ""), t.value("Value", "")});
      }
    }
    next.reset();
    if (tags.value().contains("NextToken") &&
        tags.value()["NextToken"].is_string()) {
      next = tags.value()["NextToken"].get<std::string>();
    }
  } while (next);
  return state;
}

// The existing table of a resource without TableName: the one whose name is
// the generated prefix and 12 letters or digits.
Expected<std::string> Deployer::FindGenerated(const std::string& logical_id) {
  if (!table_names_) {
    std::vector<std::string> names;
    std::optional<std::string> start;
    do {
      json body = json::object();
      if (start) body["ExclusiveStartTableName"] = *start;
      auto r = Call("ListTables", body);
      if (!r.ok()) return r.error();
      for (const auto& n : r.value().value("TableNames", json::array())) {
        names.push_back(n.get<std::string>());
      }
      start.reset();
      if (r.value().contains("LastEvaluatedTableName")) {
        start = r.value()["LastEvaluatedTableName"].get<std::string>();
      }
    } while (start);
    table_names_ = std::move(names);
  }
  const std::string prefix = template_->GeneratedNamePrefix(logical_id);
  std::vector<std::string> found;
  for (const auto& n : *table_names_) {
    if (n.size() != prefix.size() + 12 || n.rfind(prefix, 0) != 0) continue;
    bool suffix_ok = true;
    for (size_t i = prefix.size(); i < n.size(); ++i) {
      suffix_ok &= (n[i] >= 'A' && n[i] <= 'Z') || (n[i] >= '0' && n[i] <= '9');
    }
    if (suffix_ok) found.push_back(n);
  }
  if (found.size() > 1) {
    std::string list;
    for (const auto& n : found) list += (list.empty() ? "" : ", ") + n;
    return Error{"Resources." + logical_id +
                 ": several tables have the "
                 "generated name of this resource (" +
                 list + "); delete all but one"};
  }
  return found.empty() ? std::string() : found.front();
}

void Deployer::Remember(const std::string& logical_id, const json& table) {
  DeployedTable d;
  d.table_name = table.value("TableName", "");
  d.table_id = table.value("TableId", "");
  if (table.contains("StreamSpecification") &&
      table["StreamSpecification"].value("StreamEnabled", false)) {
    d.stream_arn = table.value("LatestStreamArn", "");
  }
  deployed_[logical_id] = d;
}

Expected<Action> Deployer::PlanTable(const std::string& logical_id) {
  auto spec_r = template_->Resolve(logical_id, MakeLookup(), &notices_);
  if (!spec_r.ok()) return spec_r.error();
  const TableSpec& spec = spec_r.value();
  Action a;
  a.logical_id = logical_id;
  a.resource_type = spec.resource_type;
  a.generated_name = spec.table_name.empty();
  std::string name = spec.table_name;
  if (a.generated_name) {
    auto found = FindGenerated(logical_id);
    if (!found.ok()) return found.error();
    name = found.value();
  }
  if (name.empty()) return a;
  auto d = Describe(name);
  if (!d.ok()) return d.error();
  if (!d.value()) return a;
  auto table_r = WaitActive(name);
  if (!table_r.ok()) return table_r.error();
  json table = table_r.value();
  a.existing_name = name;
  Remember(logical_id, table);
  auto state = ReadState(name, &table);
  if (!state.ok()) return state.error();
  auto plan = PlanUpdate(spec, name, state.value());
  if (!plan.ok()) return plan.error();
  a.plan = std::move(plan.value());
  if (!a.plan.replacement.empty()) {
    if (!a.generated_name) {
      // CloudFormation's refusal, word for word.
      return Error{spec.path + ": " + a.plan.replacement.front() +
                   " changed, which requires replacement: CloudFormation "
                   "cannot update a stack when a custom-named resource "
                   "requires replacing. Rename " +
                   name + " and update the stack again."};
    }
    a.replace = true;
  }
  return a;
}

std::optional<Error> Deployer::RunSteps(const std::string& logical_id,
                                        const std::string& type,
                                        const std::string& name,
                                        const std::vector<Step>& steps,
                                        const std::string& status) {
  for (const Step& step : steps) {
    Event(logical_id, type, status + "_IN_PROGRESS", name, step.summary);
    Response err;
    auto r = Call(step.operation, json::parse(step.body), &err);
    if (!r.ok()) {
      Event(logical_id, type, status + "_FAILED", name,
            err.error_type.empty() ? r.error().message : ServiceError(err));
      return Error{"Resources." + logical_id + ": " + r.error().message};
    }
    if (step.wait_for_active) {
      auto active = WaitActive(name);
      if (!active.ok()) return active.error();
    }
  }
  return std::nullopt;
}

std::optional<Error> Deployer::Create(const TableSpec& spec,
                                      const std::string& name,
                                      const char* in_progress,
                                      const char* complete) {
  const std::string& id = spec.logical_id;
  Event(id, spec.resource_type, in_progress, name);
  Response err;
  auto r = Call("CreateTable", json::parse(CreateTableBody(spec, name)), &err);
  if (!r.ok()) {
    Event(id, spec.resource_type, "CREATE_FAILED", name,
          err.error_type.empty() ? r.error().message : ServiceError(err));
    return Error{spec.path + ": " + r.error().message};
  }
  auto active = WaitActive(name);
  if (!active.ok()) return active.error();
  if (auto e = RunSteps(id, spec.resource_type, name,
                        StepsAfterCreate(spec, name), "CREATE")) {
    return e;
  }
  auto table = WaitActive(name);
  if (!table.ok()) return table.error();
  Remember(id, table.value());
  Event(id, spec.resource_type, complete, name);
  return std::nullopt;
}

int PrintOutputs(Template* tmpl, const Lookup& lookup,
                 std::vector<std::string>* notices) {
  auto outputs = tmpl->Outputs(lookup, notices);
  PrintNotices(notices);
  if (!outputs.ok()) {
    PrintError(outputs.error().message);
    return 1;
  }
  if (outputs.value().empty()) return 0;
  printf("Outputs:\n");
  for (const auto& [key, value] : outputs.value()) {
    printf("  %s = %s\n", key.c_str(), value.c_str());
  }
  return 0;
}

bool Deployer::Validate(bool outputs) {
  const Lookup none = [](const std::string&) -> std::optional<DeployedTable> {
    return std::nullopt;
  };
  for (const auto& id : template_->tables()) {
    auto spec = template_->Resolve(id, none, &notices_);
    PrintNotices(&notices_);
    if (!spec.ok()) {
      PrintError(spec.error().message);
      return false;
    }
  }
  if (!outputs) return true;
  auto values = template_->Outputs(none, &notices_);
  PrintNotices(&notices_);
  if (!values.ok()) {
    PrintError(values.error().message);
    return false;
  }
  return true;
}

int Deployer::Deploy() {
  if (!Validate(/*outputs=*/true)) return 1;
  // Phase one: read and plan; nothing changes.
  std::vector<Action> actions;
  for (const auto& id : template_->tables()) {
    auto a = PlanTable(id);
    PrintNotices(&notices_);
    if (!a.ok()) {
      PrintError(a.error().message);
      return 1;
    }
    actions.push_back(std::move(a.value()));
  }
  {
    auto outputs = template_->Outputs(MakeLookup(), &notices_);
    PrintNotices(&notices_);
    if (!outputs.ok()) {
      PrintError(outputs.error().message);
      return 1;
    }
  }
  bool any_change = false;
  bool all_created = !actions.empty();
  for (const auto& a : actions) {
    any_change |= a.existing_name.empty() || a.replace || !a.plan.steps.empty();
    all_created &= a.existing_name.empty();
  }
  if (!any_change) {
    printf("No updates are to be performed.\n");
    return 0;
  }
  const std::string stack_status = all_created ? "CREATE" : "UPDATE";
  Event(stack_name_, kStackType, stack_status + "_IN_PROGRESS", "");

  // Phase two: apply, in dependency order.
  std::vector<std::pair<Action, std::string>> replaced;  // old tables
  auto fail = [&](const Error& e) {
    PrintError(e.message);
    Event(stack_name_, kStackType, stack_status + "_FAILED", "");
    return 1;
  };
  for (auto& a : actions) {
    auto spec_r = template_->Resolve(a.logical_id, MakeLookup(), &notices_);
    PrintNotices(&notices_);
    if (!spec_r.ok()) return fail(spec_r.error());
    const TableSpec& spec = spec_r.value();
    if (a.existing_name.empty()) {
      const std::string name =
          a.generated_name
              ? template_->GeneratedNamePrefix(a.logical_id) + RandomSuffix()
              : spec.table_name;
      if (auto e =
              Create(spec, name, "CREATE_IN_PROGRESS", "CREATE_COMPLETE")) {
        return fail(*e);
      }
      continue;
    }
    if (a.replace) {
      Event(a.logical_id, a.resource_type, "UPDATE_IN_PROGRESS",
            a.existing_name,
            "Requested update requires the creation of a new physical "
            "resource; hence creating one.");
      const std::string name =
          template_->GeneratedNamePrefix(a.logical_id) + RandomSuffix();
      if (auto e =
              Create(spec, name, "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE")) {
        return fail(*e);
      }
      replaced.emplace_back(a, spec.update_replace_policy);
      continue;
    }
    // The plan again, against the table as it is now and the spec with the
    // values of the tables deployed before it.
    auto d = Describe(a.existing_name);
    if (!d.ok()) return fail(d.error());
    if (!d.value()) {
      return fail(Error{"the table " + a.existing_name +
                        " was deleted during the deploy"});
    }
    auto table_r = WaitActive(a.existing_name);
    if (!table_r.ok()) return fail(table_r.error());
    json table = table_r.value();
    auto state = ReadState(a.existing_name, &table);
    if (!state.ok()) return fail(state.error());
    auto plan = PlanUpdate(spec, a.existing_name, state.value());
    if (!plan.ok()) return fail(plan.error());
    if (!plan.value().replacement.empty()) {
      return fail(Error{spec.path + ": " + plan.value().replacement.front() +
                        " changed during the deploy"});
    }
    if (!plan.value().steps.empty()) {
      if (auto e = RunSteps(a.logical_id, a.resource_type, a.existing_name,
                            plan.value().steps, "UPDATE")) {
        return fail(*e);
      }
      Event(a.logical_id, a.resource_type, "UPDATE_COMPLETE", a.existing_name);
    }
    auto final_table = WaitActive(a.existing_name);
    if (!final_table.ok()) return fail(final_table.error());
    Remember(a.logical_id, final_table.value());
  }
  // Clean-up: the tables replaced.
  for (const auto& [a, policy] : replaced) {
    if (policy == "Retain") {
      Event(a.logical_id, a.resource_type, "DELETE_SKIPPED", a.existing_name,
            "UpdateReplacePolicy Retain: the old table is kept");
      continue;
    }
    Event(a.logical_id, a.resource_type, "DELETE_IN_PROGRESS", a.existing_name);
    auto r = Call("DeleteTable", {{"TableName", a.existing_name}});
    if (!r.ok()) return fail(r.error());
    if (auto e = WaitDeleted(a.existing_name)) return fail(*e);
    Event(a.logical_id, a.resource_type, "DELETE_COMPLETE", a.existing_name);
  }
  Event(stack_name_, kStackType, stack_status + "_COMPLETE", "");
  return PrintOutputs(template_, MakeLookup(), &notices_);
}

int Deployer::Delete() {
  struct Target {
    std::string logical_id, type, name, policy;
  };
  if (!Validate(/*outputs=*/false)) return 1;
  // Phase one: find the tables, and refuse before deleting any when one is
  // protected.
  std::vector<Target> targets;
  for (const auto& id : template_->tables()) {
    auto spec_r = template_->Resolve(id, MakeLookup(), &notices_);
    PrintNotices(&notices_);
    if (!spec_r.ok()) {
      PrintError(spec_r.error().message);
      return 1;
    }
    const TableSpec& spec = spec_r.value();
    std::string name = spec.table_name;
    if (name.empty()) {
      auto found = FindGenerated(id);
      if (!found.ok()) {
        PrintError(found.error().message);
        return 1;
      }
      name = found.value();
    }
    if (!name.empty()) {
      auto d = Describe(name);
      if (!d.ok()) {
        PrintError(d.error().message);
        return 1;
      }
      if (!d.value()) {
        name.clear();
      } else {
        Remember(id, *d.value());
        if (spec.deletion_policy == "Delete" &&
            d.value()->value("DeletionProtectionEnabled", false)) {
          // The service's answer to DeleteTable on such a table.
          const std::string message =
              "ValidationException: Resource cannot be deleted as it is "
              "currently protected against deletion. Disable deletion "
              "protection first.";
          Event(id, spec.resource_type, "DELETE_FAILED", name, message);
          PrintError(spec.path + ": DeleteTable " + name + ": " + message);
          return 1;
        }
      }
    }
    targets.push_back({id, spec.resource_type, name, spec.deletion_policy});
  }
  Event(stack_name_, kStackType, "DELETE_IN_PROGRESS", "");
  // Phase two: delete, dependents first.
  for (auto it = targets.rbegin(); it != targets.rend(); ++it) {
    if (it->name.empty()) {
      Event(it->logical_id, it->type, "DELETE_SKIPPED", "",
            "no such table on the server");
      continue;
    }
    if (it->policy != "Delete") {
      Event(it->logical_id, it->type, "DELETE_SKIPPED", it->name,
            "DeletionPolicy " + it->policy + ": the table is kept");
      continue;
    }
    Event(it->logical_id, it->type, "DELETE_IN_PROGRESS", it->name);
    Response err;
    auto r = Call("DeleteTable", {{"TableName", it->name}}, &err);
    std::optional<Error> e;
    if (!r.ok()) {
      e = r.error();
    } else {
      e = WaitDeleted(it->name);
    }
    if (e) {
      Event(it->logical_id, it->type, "DELETE_FAILED", it->name,
            err.error_type.empty() ? e->message : ServiceError(err));
      PrintError("Resources." + it->logical_id + ": " + e->message);
      Event(stack_name_, kStackType, "DELETE_FAILED", "");
      return 1;
    }
    Event(it->logical_id, it->type, "DELETE_COMPLETE", it->name);
  }
  Event(stack_name_, kStackType, "DELETE_COMPLETE", "");
  return 0;
}

}  // namespace

int RunDeploy(int argc, char** argv) {
  Flags flags;
  CLI::App app(kDescription, "dynarock deploy");
  app.get_formatter()->column_width(26);
  app.add_option("TEMPLATE", flags.template_path,
                 "the CloudFormation template (YAML or JSON)")
      ->required();
  app.add_option("--endpoint", flags.endpoint,
                 "the server (default http://localhost:8000)")
      ->option_text("URL");
  app.add_option("--region", flags.region,
                 "the region (default $AWS_REGION, $AWS_DEFAULT_REGION,\n"
                 "else us-east-1): AWS::Region, the ARNs, and the\n"
                 "GlobalTable replica deployed")
      ->option_text("REGION");
  app.add_option("--stack-name", flags.stack_name,
                 "AWS::StackName and the prefix of generated table\n"
                 "names (default: TEMPLATE's file name without its\n"
                 "extension, other characters than letters, digits\n"
                 "and '-' made '-')")
      ->option_text("NAME");
  app.add_option("--parameter", flags.parameters,
                 "a template parameter's value; repeatable")
      ->option_text("KEY=VALUE");
  app.add_flag("--delete", flags.del,
               "delete the template's tables instead (keeping those\n"
               "with DeletionPolicy Retain)");
  app.set_help_flag("-h,--help", "print this help and exit");
  app.footer(kFooter);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    fputs(app.help().c_str(), stdout);
    return 0;
  } catch (const CLI::ParseError& e) {
    fprintf(stderr,
            "dynarock deploy: %s\nRun 'dynarock deploy --help' for usage.\n",
            e.what());
    return 2;
  }

  LoadOptions options;
  for (const auto& p : flags.parameters) {
    size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      fprintf(stderr,
              "dynarock deploy: --parameter takes KEY=VALUE, not '%s'\n"
              "Run 'dynarock deploy --help' for usage.\n",
              p.c_str());
      return 2;
    }
    options.parameters.emplace_back(p.substr(0, eq), p.substr(eq + 1));
  }
  options.region =
      flags.region.empty()
          ? EnvOr("AWS_REGION", EnvOr("AWS_DEFAULT_REGION", "us-east-1"))
          : flags.region;
  options.stack_name = flags.stack_name.empty()
                           ? DefaultStackName(flags.template_path)
                           : flags.stack_name;
  if (!IsValidStackName(options.stack_name)) {
    fprintf(stderr,
            "dynarock deploy: --stack-name %s: not a valid stack name (a "
            "letter, then letters, digits and '-', at most 128)\n"
            "Run 'dynarock deploy --help' for usage.\n",
            options.stack_name.c_str());
    return 2;
  }

  std::ifstream in(flags.template_path, std::ios::binary);
  if (!in) {
    PrintError("cannot read " + flags.template_path + ": " +
               std::strerror(errno));
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();

  std::vector<std::string> notices;
  auto loaded = Template::Load(text.str(), options, &notices);
  PrintNotices(&notices);
  if (!loaded.ok()) {
    PrintError(loaded.error().message);
    return 1;
  }
  auto client = Client::Create(flags.endpoint, options.region);
  if (!client.ok()) {
    PrintError(client.error().message);
    return 2;
  }
  Deployer deployer(loaded.value().get(), client.value().get(),
                    options.stack_name);
  return flags.del ? deployer.Delete() : deployer.Deploy();
}

}  // namespace dynarock::deploy
