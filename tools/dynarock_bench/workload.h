// Workloads for dynarock-bench: which requests to send, in what mix.
//
// A workload is a list of named operations (an application's access
// patterns), each a DynamoDB request body with ${variable} placeholders, a
// weight, and optionally the partition it reads or writes (for the hot
// partition report). Variables draw keys from a distribution: uniform or
// zipfian over a list of values or a numbered range. Workloads are written in
// YAML or JSON (the same structure), for example:
//
//   name: my-design
//   table: my-table                # ${table} in requests; --table overrides
//   variables:
//     user:  {distribution: zipfian, theta: 0.99, format: "user_{}", min: 1,
//     max: 100000} color: {distribution: uniform, values: [red, green, blue]}
//   operations:
//     - name: Get user
//       weight: 8
//       operation: GetItem         # the DynamoDB action
//       partition: "USER#${user}"  # optional: else Key's first attribute or
//       request:                   # the key condition's partition value
//         TableName: ${table}
//         Key: {PK: {S: "USER#${user}"}, SK: {S: PROFILE}}
//     - name: Save color
//       weight: 2
//       operation: UpdateItem
//       request: {TableName: ${table}, Key: ..., UpdateExpression: "SET c =
//       :c",
//                 ExpressionAttributeValues: {":c": {S: "${color}"}}}
//
// Built-in variables: ${table}; ${seq} (a number that grows by one per
// request); ${uuid} (random, version 4); ${now} (the current time, ISO 8601
// UTC with milliseconds); ${rand} (a random integer in [0, 2^31)).
//
// Each request draws every variable it names once: two ${user} in one
// request are the same user. Placeholders may appear in any string of the
// request (not in object keys); values are JSON-escaped when substituted.
//
// The default workload is the seed design's sixteen access patterns
// (MakeriessWorkload), over the key space of the data set `load` writes.
//
// Thread safety: a Workload is immutable once built and may be shared;
// each thread draws with its own WorkloadSampler.

#ifndef DYNAROCK_TOOLS_DYNAROCK_BENCH_WORKLOAD_H_
#define DYNAROCK_TOOLS_DYNAROCK_BENCH_WORKLOAD_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dynarock::bench {

// A malformed workload file: the message names the place ("operations[2]:
// weight must be a positive number").
class WorkloadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Distribution { kUniform, kZipfian };

// Draws indexes in [0, n) with Zipf's law: rank r with probability
// proportional to 1 / (r + 1)^theta. Rank 0 is the most popular. Uses the
// rejection-free method of Gray et al. ("Quickly generating billion-record
// synthetic databases", 1994), as YCSB does; theta in (0, 1).
class ZipfianGenerator {
 public:
  ZipfianGenerator(uint64_t n, double theta);
  uint64_t Next(std::mt19937_64& rng) const;
  uint64_t n() const { return n_; }
  double theta() const { return theta_; }

 private:
  uint64_t n_;
  double theta_, alpha_, zetan_, eta_, half_pow_theta_;
};

struct Variable {
  std::string name;
  Distribution distribution = Distribution::kUniform;
  double theta = 0.99;  // zipfian only
  // Either a list of values...
  std::vector<std::string> values;
  // ...or a numbered range [min, max] rendered through `format` ("{}" is
  // replaced by the number; "user_{}" -> "user_42").
  std::string format;
  int64_t min = 0, max = -1;

  uint64_t size() const {
    return values.empty() ? static_cast<uint64_t>(max - min + 1)
                          : values.size();
  }
  std::string ValueAt(uint64_t index) const;
};

// A text split at its placeholders: literal text and variable references.
struct Template {
  struct Part {
    std::string literal;  // emitted as is
    int slot = -1;        // index into the operation's slots, or -1
  };
  std::vector<Part> parts;
  bool empty() const { return parts.empty(); }
};

struct Operation {
  std::string name;
  std::string action;  // DynamoDB action: "GetItem", "Query", ...
  std::string index;   // IndexName of a Query/Scan, "" for the table
  double weight = 1;
  // The variables the templates name, drawn once per request: indexes into
  // Workload::variables, or a built-in (kSeq, ...).
  std::vector<int> slots;
  Template request;  // JSON text; slot values are JSON-escaped
  // The partition the request reads or writes, prefixed with the index name
  // ("GSI1 VENDOR#v1"); empty when unknown.
  Template partition;
  bool reads = true;  // consumed capacity is read units (else write units)
  // How the service bills the request: "eventually consistent read",
  // "strongly consistent read", "transactional read", "transactional
  // write", "standard write", "batch read, eventually consistent", "batch
  // read, strongly consistent", "batch write", "PartiQL statement", "PartiQL
  // batch", "PartiQL transaction"; "" for actions that use no capacity.
  std::string request_type;
};

// Slot values below zero name built-in variables.
inline constexpr int kBuiltinTable = -1, kBuiltinSeq = -2, kBuiltinUuid = -3,
                     kBuiltinNow = -4, kBuiltinRand = -5;

struct Workload {
  std::string name;
  std::string table;
  std::vector<Variable> variables;
  std::vector<Operation> operations;
  // The JSON text of the workload as parsed (for printing and reports).
  std::string source_json;
};

// A YAML or JSON document (a workload, a price file) as JSON text. JSON is
// read as JSON (exact numbers); in YAML, plain scalars that read as
// booleans, null or numbers become them, quoted ones stay strings. Throws
// WorkloadError ("not valid YAML or JSON: " and yaml-cpp's message).
std::string DocumentToJson(std::string_view text);

// Parses a workload from YAML or JSON text (JSON is YAML). `table_override`
// replaces the file's table when not empty. Throws WorkloadError.
Workload ParseWorkload(std::string_view text,
                       std::string_view table_override = "");

// Reads and parses a file. Throws WorkloadError (also for I/O errors).
Workload LoadWorkloadFile(const std::string& path,
                          std::string_view table_override = "");

// Keeps only the operations named in `names` (comma-separated), in workload
// order. Throws WorkloadError naming an unknown operation.
void KeepOperations(Workload& workload, std::string_view names);

// The seed's sixteen access patterns over the Makeriess data set at `scale`
// (the one `dynarock-bench load --scale` writes), each weighted 1. Returned as
// YAML text so that `dynarock-bench workload` can print it for editing.
std::string MakeriessWorkloadYaml(int scale, std::string_view table);

// One request drawn from a workload.
struct DrawnRequest {
  int operation = -1;
  std::string body;
  std::string partition;  // "" when the operation names none
};

// Draws operations by weight and fills their templates. One per thread.
class WorkloadSampler {
 public:
  WorkloadSampler(const Workload& workload, uint64_t seed);
  ~WorkloadSampler();
  WorkloadSampler(const WorkloadSampler&) = delete;
  WorkloadSampler& operator=(const WorkloadSampler&) = delete;

  void Next(DrawnRequest& out);
  // Fills operation `op` (for tests and for one-off requests).
  void Fill(int op, DrawnRequest& out);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Helpers shared with the tests.
// Splits text at "${name}" placeholders, resolving each name with
// `resolve` (returns the slot value: a variable index or a built-in) and
// adding new slots to `slots`. Throws WorkloadError for an unterminated or
// empty placeholder, or a name `resolve` rejects (it throws).
Template CompileTemplate(std::string_view text,
                         const std::function<int(std::string_view)>& resolve,
                         std::vector<int>& slots);

}  // namespace dynarock::bench

#endif  // DYNAROCK_TOOLS_DYNAROCK_BENCH_WORKLOAD_H_
