// The load driver of dynarock-bench: DynamoDB requests over HTTP(S)
// keep-alive connections (Boost.Beast, asynchronous, one event loop per
// driver thread), signed with SigV4.
//
// RunWorkload() drives a workload closed loop (each connection sends its
// next request when the previous answer arrives) or open loop (requests
// scheduled at a fixed rate; latency counts from the scheduled time, so a
// slow server is not hidden by the driver waiting for it). LoadMakeriess()
// creates the seed's table and writes the Makeriess data set with
// BatchWriteItem, retrying UnprocessedItems and throttling with exponential
// backoff. DynamoCall() is one synchronous request, for set-up steps.
//
// Beast stays in http_driver.cc: this header includes only the standard
// library and the kit's own headers.

#ifndef DYNAROCK_TOOLS_DYNAROCK_BENCH_HTTP_DRIVER_H_
#define DYNAROCK_TOOLS_DYNAROCK_BENCH_HTTP_DRIVER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tools/dynarock_bench/histogram.h"
#include "tools/dynarock_bench/sigv4.h"
#include "tools/dynarock_bench/workload.h"

namespace dynarock::bench {

struct Endpoint {
  std::string label;  // a name for reports ("dynarock")
  std::string url;    // as given: "http://127.0.0.1:8000"
  bool tls = false;
  std::string host;    // "127.0.0.1"
  std::string port;    // "8000"
  int server_pid = 0;  // for server CPU time; 0 when unknown
};

// Parses "http://host[:port][/]" or "https://...". Throws
// std::invalid_argument with the reason.
Endpoint ParseEndpoint(std::string_view url);

struct ClientConfig {
  Endpoint endpoint;
  SigV4Credentials credentials;
  std::string region = "us-east-1";
  // Certificates to trust for https endpoints, PEM; "" for the system's.
  std::string ca_file;
};

struct HttpResult {
  int status = 0;  // 0 when the request did not complete
  std::string body;
  std::string transport_error;  // set when status is 0
  // The service's error type ("ValidationException"), "" on success.
  std::string ErrorType() const;
  // The error's message, "" on success.
  std::string ErrorMessage() const;
};

// One request on a new connection. Never throws for HTTP or service errors.
HttpResult DynamoCall(const ClientConfig& config, std::string_view action,
                      std::string_view body, double timeout_s = 30);

struct RunOptions {
  int connections = 16;
  int threads = 1;  // driver event loops; connections are spread over them
  double rate = 0;  // requests/s in all; > 0 selects open loop
  double duration_s = 10;  // 0: until `requests` are done
  uint64_t requests = 0;   // 0: until the duration is over
  double warmup_s = 0;     // sent but not counted
  uint64_t seed = 1;
  // Called about once a second from a driver thread with a one-line status;
  // null for none.
  std::function<void(const std::string&)> progress;
};

// Partitions counted exactly per operation and driver thread up to this
// many distinct keys; later newcomers are counted in `partitions_other`.
inline constexpr size_t kMaxTrackedPartitions = 100000;

struct OperationStats {
  uint64_t requests = 0;  // answered or failed, in the measured window
  uint64_t errors = 0;
  std::map<std::string, uint64_t> error_types;
  LatencyHistogram latency;       // every request, errors included
  double capacity_units = 0;      // consumed, as reported
  uint64_t capacity_reports = 0;  // answers that carried ConsumedCapacity
  // Of the answers that split their capacity by table and index
  // (ReturnConsumedCapacity INDEXES): how many, their units on the table,
  // and their units on each secondary index by name.
  uint64_t breakdown_reports = 0;
  double breakdown_table_units = 0;
  std::map<std::string, double> breakdown_index_units;
  uint64_t items = 0;  // Count of Query/Scan answers, 1 per GetItem hit
  std::unordered_map<std::string, uint64_t> partitions;
  uint64_t partitions_other = 0;
  std::string first_error;  // "Type: message" of the first error, for the log

  void Merge(const OperationStats& other);
};

// Per second of the measured window: requests, errors, and a coarse latency
// histogram (8 buckets per power of two) for the timeline's p99.
struct TimelinePoint {
  uint64_t requests = 0;
  uint64_t errors = 0;
  std::array<uint32_t, 352> buckets{};
  void Merge(const TimelinePoint& other);
  uint64_t Percentile(double p) const;  // nanoseconds, bucket upper bound
  static size_t Bucket(uint64_t ns);
  static uint64_t BucketUpper(size_t bucket);
};

struct RunStats {
  std::vector<OperationStats> ops;  // in workload order
  std::vector<TimelinePoint> timeline;
  double elapsed_s = 0;      // measured window
  double server_cpu_s = -1;  // < 0 when unknown
  double driver_cpu_s = -1;  // this process's, over the measured window
  std::string started_at;    // ISO 8601 UTC

  // Adds another run of the same workload (compare's rounds).
  void Merge(const RunStats& other);
};

// Drives `workload` against config.endpoint. Throws std::runtime_error when
// the endpoint cannot be reached at all.
RunStats RunWorkload(const ClientConfig& config, const Workload& workload,
                     const RunOptions& options);

struct LoadOptions {
  int scale = 1;
  std::string table = "makeriess-main-table";
  int connections = 16;
  bool create_table = true;  // create it when missing (and wait until ACTIVE)
  std::function<void(const std::string&)> progress;
};

struct LoadResult {
  uint64_t items = 0;
  uint64_t batches = 0;
  uint64_t retries = 0;  // resent batches (UnprocessedItems or throttling)
  double seconds = 0;
  bool created_table = false;
};

// Raised when an endpoint answers DescribeTable without a table description:
// it is not DynamoDB (the trivial server, say).
class NotDynamoDbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws std::runtime_error with the service's error when the load fails
// (a rejected request, or 10 attempts in a row that wrote nothing of a batch),
// and NotDynamoDbError.
LoadResult LoadMakeriess(const ClientConfig& config,
                         const LoadOptions& options);

// CPU time (user + system) the process has used, in seconds; < 0 when it
// cannot be read.
double ProcessCpuSeconds(int pid);

// Helpers shared with the tests: the value of a top-level member of a JSON
// object, as raw JSON text ("" when absent); and the sum of every
// "CapacityUnits" member within a JSON text.
std::string_view TopLevelMember(std::string_view json, std::string_view name);
double SumCapacityUnits(std::string_view json);

// A ConsumedCapacity member (one object, or an array of them for batches and
// transactions): the units in all, and, when the answer splits them
// (ReturnConsumedCapacity INDEXES), the table's and each index's.
struct ConsumedUnits {
  double total = 0;
  bool has_breakdown = false;
  double table = 0;
  std::map<std::string, double> indexes;  // global and local, by name
};
ConsumedUnits ReadConsumedCapacity(std::string_view consumed);

}  // namespace dynarock::bench

#endif  // DYNAROCK_TOOLS_DYNAROCK_BENCH_HTTP_DRIVER_H_
