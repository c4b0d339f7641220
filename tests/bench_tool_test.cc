// dynarock-bench's parts: workload files, key distributions, credentials,
// response readers, result documents, and a run of the default workload
// against an in-process server.

#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tools/dynarock_bench/credentials.h"
#include "tools/dynarock_bench/http_driver.h"
#include "tools/dynarock_bench/makeriess.h"
#include "tools/dynarock_bench/pricing.h"
#include "tools/dynarock_bench/report.h"
#include "tools/dynarock_bench/workload.h"
#include "wire/local_server.h"

namespace dynarock::bench {
namespace {

using Json = nlohmann::json;

constexpr char kSmallWorkload[] = R"(
name: users
table: app-table
variables:
  user: {distribution: zipfian, theta: 0.9, format: "user_{}", min: 1, max: 50}
  color: {values: [red, "gr\"een", blue]}
operations:
  - name: Get user
    operation: GetItem
    weight: 3
    request:
      TableName: "${table}"
      Key: {PK: {S: "USER#${user}"}, SK: {S: PROFILE}}
  - name: Save color
    operation: UpdateItem
    partition: "USER#${user}"
    request:
      TableName: "${table}"
      Key: {PK: {S: "USER#${user}"}, SK: {S: PROFILE}}
      UpdateExpression: "SET color = :c, n = :n"
      ExpressionAttributeValues: {":c": {S: "${color}"}, ":n": {N: "${seq}"}}
  - name: Orders
    operation: Query
    request:
      TableName: "${table}"
      IndexName: GSI1
      KeyConditionExpression: "GSI1PK = :pk"
      ExpressionAttributeValues: {":pk": {S: "U#${user}"}}
      Limit: 20
      ScanIndexForward: false
)";

std::string WorkloadErrorOf(const std::string& text) {
  try {
    ParseWorkload(text);
  } catch (const WorkloadError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(BenchWorkload, ParsesYamlOperationsVariablesAndPartitions) {
  Workload w = ParseWorkload(kSmallWorkload);
  EXPECT_EQ(w.name, "users");
  EXPECT_EQ(w.table, "app-table");
  ASSERT_EQ(w.variables.size(), 2u);
  EXPECT_EQ(w.variables[0].distribution, Distribution::kZipfian);
  EXPECT_DOUBLE_EQ(w.variables[0].theta, 0.9);
  EXPECT_EQ(w.variables[0].size(), 50u);
  EXPECT_EQ(w.variables[0].ValueAt(0), "user_1");
  EXPECT_EQ(w.variables[1].values,
            (std::vector<std::string>{"red", "gr\"een", "blue"}));
  ASSERT_EQ(w.operations.size(), 3u);
  EXPECT_EQ(w.operations[0].action, "GetItem");
  EXPECT_DOUBLE_EQ(w.operations[0].weight, 3);
  EXPECT_TRUE(w.operations[0].reads);
  EXPECT_FALSE(w.operations[1].reads);
  EXPECT_EQ(w.operations[2].index, "GSI1");

  WorkloadSampler sampler(w, 7);
  DrawnRequest r;
  sampler.Fill(0, r);
  Json body = Json::parse(r.body);
  std::string pk = body["Key"]["PK"]["S"];
  EXPECT_EQ(body["TableName"], "app-table");
  EXPECT_EQ(body["ReturnConsumedCapacity"], "INDEXES");
  EXPECT_EQ(r.partition, pk);  // the first Key attribute

  sampler.Fill(1, r);
  body = Json::parse(r.body);
  // One draw per request: the partition names the same user as the key.
  EXPECT_EQ(r.partition, body["Key"]["PK"]["S"]);
  std::string color = body["ExpressionAttributeValues"][":c"]["S"];
  EXPECT_TRUE(color == "red" || color == "gr\"een" || color == "blue") << color;
  std::string seq1 = body["ExpressionAttributeValues"][":n"]["N"];
  sampler.Fill(1, r);
  std::string seq2 =
      Json::parse(r.body)["ExpressionAttributeValues"][":n"]["N"];
  EXPECT_EQ(std::stoull(seq2), std::stoull(seq1) + 1);

  sampler.Fill(2, r);
  body = Json::parse(r.body);
  EXPECT_EQ(body["Limit"], 20);
  EXPECT_EQ(body["ScanIndexForward"], false);
  EXPECT_EQ(
      r.partition,
      "GSI1 " +
          body["ExpressionAttributeValues"][":pk"]["S"].get<std::string>());
}

TEST(BenchWorkload, JsonAndYamlAreTheSameWorkload) {
  Workload yaml = ParseWorkload(kSmallWorkload);
  Workload json = ParseWorkload(yaml.source_json);
  EXPECT_EQ(json.source_json, yaml.source_json);
  WorkloadSampler a(yaml, 3), b(json, 3);
  DrawnRequest ra, rb;
  for (int i = 0; i < 50; ++i) {
    a.Next(ra);
    b.Next(rb);
    EXPECT_EQ(ra.operation, rb.operation);
    EXPECT_EQ(ra.partition, rb.partition);
    if (ra.operation != 1) {  // 1 takes ${seq}
      EXPECT_EQ(ra.body, rb.body);
    }
  }
}

TEST(BenchWorkload, TableOverrideAndBuiltins) {
  Workload w = ParseWorkload(
      R"({"operations":[{"name":"p","operation":"PutItem","request":
      {"TableName":"${table}","Item":{"id":{"S":"${uuid}"},"at":{"S":"${now}"},"r":{"N":"${rand}"}}}}]})",
      "other");
  EXPECT_EQ(w.table, "other");
  WorkloadSampler s(w, 1);
  DrawnRequest r;
  s.Next(r);
  Json body = Json::parse(r.body);
  EXPECT_EQ(body["TableName"], "other");
  std::string uuid = body["Item"]["id"]["S"];
  ASSERT_EQ(uuid.size(), 36u);
  EXPECT_EQ(uuid[14], '4');
  EXPECT_TRUE(std::string("89ab").find(uuid[19]) != std::string::npos) << uuid;
  std::string at = body["Item"]["at"]["S"];
  EXPECT_EQ(at.size(), 24u);
  EXPECT_EQ(at.back(), 'Z');
  EXPECT_EQ(r.partition, uuid);  // the first Item attribute
}

TEST(BenchWorkload, YamlScalarsTakeJsonTypes) {
  Workload w = ParseWorkload(R"(
operations:
  - name: a
    operation: Query
    request: {i: 20, neg: -3, f: 1.5, e: 1e3, dot: .5, q: "20", s: 12abc, dash: -, t: true, n: ~,
              big: 99999999999999999999, kc: "PK = :pk", ExpressionAttributeValues: {":pk": {S: v}},
              KeyConditionExpression: "#p = :pk AND SK > :x"}
)");
  Json body = Json::parse(w.operations[0].request.parts[0].literal);
  EXPECT_EQ(body["i"], 20);
  EXPECT_EQ(body["neg"], -3);
  EXPECT_EQ(body["f"], 1.5);
  EXPECT_EQ(body["e"], 1000.0);
  EXPECT_EQ(body["dot"], 0.5);
  EXPECT_EQ(body["q"], "20");
  EXPECT_EQ(body["s"], "12abc");
  EXPECT_EQ(body["dash"], "-");
  EXPECT_EQ(body["t"], true);
  EXPECT_TRUE(body["n"].is_null());
  EXPECT_EQ(body["big"], "99999999999999999999");
  // The partition: the value compared with '=' first in the key condition.
  WorkloadSampler s(w, 1);
  DrawnRequest r;
  s.Fill(0, r);
  EXPECT_EQ(r.partition, "v");
}

TEST(BenchWorkload, ErrorsNameThePlace) {
  EXPECT_EQ(WorkloadErrorOf("[1, 2]"),
            "a workload is a mapping with 'operations'");
  EXPECT_EQ(WorkloadErrorOf("name: x\n"),
            "operations: a non-empty list of operations is required");
  EXPECT_EQ(WorkloadErrorOf("name: x\noperations: []\n"),
            "operations: a non-empty list of operations is required");
  EXPECT_EQ(WorkloadErrorOf("nmae: x\noperations: []\n"),
            "workload: unknown field 'nmae' (expected one of: name, table, "
            "variables, operations)");
  EXPECT_EQ(
      WorkloadErrorOf("operations:\n  - {operation: GetItem, request: {}}\n"),
      "operations[0]: 'name' is required");
  EXPECT_EQ(WorkloadErrorOf("operations:\n  - {name: a, request: {}}\n"),
            "operations[0] (a): 'operation' is required");
  EXPECT_EQ(WorkloadErrorOf("operations:\n  - {name: a, operation: GetItem}\n"),
            "operations[0] (a): 'request' is required");
  EXPECT_EQ(
      WorkloadErrorOf(
          "operations:\n  - {name: a, operation: GetItem, request: [1]}\n"),
      "operations[0] (a): 'request' must be a mapping (the request body)");
  EXPECT_EQ(WorkloadErrorOf("operations:\n  - {name: a, operation: GetItem, "
                            "weight: 0, request: {}}\n"),
            "operations[0] (a): 'weight' must be a positive number");
  EXPECT_EQ(WorkloadErrorOf(
                "operations:\n  - {name: a, operation: GetItem, request: {}}\n"
                "  - {name: a, operation: GetItem, request: {}}\n"),
            "operations[1] (a): another operation has the same name");
  EXPECT_EQ(WorkloadErrorOf("operations:\n  - {name: a, operation: GetItem, "
                            "request: {K: \"${who}\"}}\n"),
            "operations[0] (a): unknown variable ${who}");
  EXPECT_EQ(WorkloadErrorOf("operations:\n  - {name: a, operation: GetItem, "
                            "request: {K: \"${who\"}}\n"),
            "operations[0] (a): bad placeholder '${who': expected ${name}, a "
            "name of letters, digits and '_'");
  EXPECT_EQ(WorkloadErrorOf("operations:\n  - {name: a, operation: GetItem, "
                            "request: {K: \"${a b}\"}}\n"),
            "operations[0] (a): bad placeholder '${a b}': expected ${name}, a "
            "name of letters, digits and '_'");
  EXPECT_EQ(
      WorkloadErrorOf("operations:\n  - {name: a, operation: GetItem, request: "
                      "{T: \"${table}\"}}\n"),
      "workload: requests use ${table} but no 'table' is given (or --table)");
  EXPECT_EQ(
      WorkloadErrorOf(
          "variables: {u: {distribution: normal, values: [1]}}\n"
          "operations:\n  - {name: a, operation: GetItem, request: {}}\n"),
      "variables.u: distribution must be 'uniform' or 'zipfian', not 'normal'");
  EXPECT_EQ(
      WorkloadErrorOf(
          "variables: {u: {distribution: zipfian, theta: 1.5, values: [1]}}\n"
          "operations:\n  - {name: a, operation: GetItem, request: {}}\n"),
      "variables.u: 'theta' must be a number between 0 and 1 (exclusive)");
  EXPECT_EQ(
      WorkloadErrorOf(
          "variables: {u: {values: [1], min: 1, max: 2}}\n"
          "operations:\n  - {name: a, operation: GetItem, request: {}}\n"),
      "variables.u: give either 'values' (a list) or a numbered range ('min', "
      "'max', 'format')");
  EXPECT_EQ(
      WorkloadErrorOf(
          "variables: {u: {min: 5, max: 2}}\n"
          "operations:\n  - {name: a, operation: GetItem, request: {}}\n"),
      "variables.u: 'max' must not be less than 'min'");
  EXPECT_EQ(
      WorkloadErrorOf(
          "variables: {u: {min: 1, max: 2, format: \"x\"}}\n"
          "operations:\n  - {name: a, operation: GetItem, request: {}}\n"),
      "variables.u: 'format' must contain '{}'");
  EXPECT_EQ(
      WorkloadErrorOf(
          "variables: {seq: {values: [1]}}\n"
          "operations:\n  - {name: a, operation: GetItem, request: {}}\n"),
      "variables.seq: 'seq' is a built-in variable");
  EXPECT_EQ(WorkloadErrorOf("operations:\n  - {name: a, operation: GetItem, "
                            "request: {}, extra: 1}\n"),
            "operations[0] (a): unknown field 'extra' (expected one of: name, "
            "operation, weight, request, "
            "partition)");
  EXPECT_EQ(WorkloadErrorOf("operations: [\n"),
            "not valid YAML or JSON: yaml-cpp: error at line 2, "
            "column 1: end of sequence flow not found");
}

TEST(BenchWorkload, LoadWorkloadFileNamesTheFile) {
  try {
    LoadWorkloadFile("/nonexistent/w.yaml");
    FAIL();
  } catch (const WorkloadError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/w.yaml: cannot be read");
  }
}

TEST(BenchWorkload, ZipfianFavoursLowRanksAndStaysInRange) {
  ZipfianGenerator z(1000, 0.99);
  std::mt19937_64 rng(5);
  std::vector<uint64_t> counts(1000);
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    uint64_t r = z.Next(rng);
    ASSERT_LT(r, 1000u);
    ++counts[r];
  }
  // P(rank 0) = 1 / zeta(1000, 0.99) = 0.1334...; rank 1 is 2^-0.99 of it.
  double zeta = 0;
  for (int i = 1; i <= 1000; ++i) zeta += 1 / std::pow(i, 0.99);
  EXPECT_NEAR(counts[0] / double(n), 1 / zeta, 0.005);
  EXPECT_NEAR(counts[1] / double(counts[0]), std::pow(0.5, 0.99), 0.03);
  EXPECT_GT(counts[0], counts[10]);
  EXPECT_GT(counts[10], counts[500]);
  EXPECT_THROW(ZipfianGenerator(0, 0.5), std::invalid_argument);
  EXPECT_THROW(ZipfianGenerator(10, 1.0), std::invalid_argument);
  ZipfianGenerator one(1, 0.5);
  EXPECT_EQ(one.Next(rng), 0u);
}

TEST(BenchWorkload, UniformIsEvenAndWeightsAreFollowed) {
  Workload w = ParseWorkload(R"(
variables: {k: {format: "{}", min: 0, max: 9}}
operations:
  - {name: a, operation: GetItem, weight: 3, request: {K: "${k}"}}
  - {name: b, operation: GetItem, weight: 1, request: {K: "${k}"}}
)");
  WorkloadSampler s(w, 11);
  DrawnRequest r;
  std::map<int, int> ops;
  std::map<std::string, int> keys;
  const int n = 40000;
  for (int i = 0; i < n; ++i) {
    s.Next(r);
    ++ops[r.operation];
    ++keys[Json::parse(r.body)["K"].get<std::string>()];
  }
  EXPECT_NEAR(ops[0] / double(n), 0.75, 0.01);
  ASSERT_EQ(keys.size(), 10u);
  for (const auto& [k, c] : keys) EXPECT_NEAR(c / double(n), 0.1, 0.01) << k;
}

TEST(BenchWorkload, DefaultWorkloadIsTheSeedsSixteenPatterns) {
  Workload w = ParseWorkload(MakeriessWorkloadYaml(2, "makeriess-main-table"));
  ASSERT_EQ(w.operations.size(), 16u);
  EXPECT_EQ(w.operations[0].name, "Get customer by ID");
  EXPECT_EQ(w.operations[15].name, "Get recent orders");
  int gets = 0, queries = 0;
  for (const auto& op : w.operations) {
    gets += op.action == "GetItem";
    queries += op.action == "Query";
    EXPECT_FALSE(op.partition.empty()) << op.name;
  }
  EXPECT_EQ(gets, 4);
  EXPECT_EQ(queries, 12);
  MakeriessKeys keys = MakeriessKeySpace(2);
  std::set<std::string> emails(keys.customer_emails.begin(),
                               keys.customer_emails.end());
  WorkloadSampler s(w, 1);
  DrawnRequest r;
  s.Fill(1, r);  // by email, through GSI1
  Json body = Json::parse(r.body);
  EXPECT_EQ(body["IndexName"], "GSI1");
  EXPECT_EQ(body["KeyConditionExpression"], "GSI1PK = :pk AND GSI1SK = :sk");
  std::string pk = body["ExpressionAttributeValues"][":pk"]["S"];
  EXPECT_TRUE(emails.count(pk.substr(6))) << pk;
  s.Fill(15, r);
  body = Json::parse(r.body);
  EXPECT_EQ(body["ScanIndexForward"], false);
  EXPECT_EQ(r.partition, "GSI2 ORDER");
}

// --- Credentials
// --------------------------------------------------------------

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/dynarock_bench_test.XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  const std::string& path() const { return path_; }
  void Write(const std::string& name, const std::string& text) const {
    mkdir((path_ + "/.aws").c_str(), 0700);
    std::ofstream(path_ + "/" + name) << text;
  }

 private:
  std::string path_;
};

TEST(BenchCredentials, ParseIniReadsSectionsAndTrims) {
  auto ini = ParseIni(
      "# c\n[default]\naws_access_key_id = AK \n\n[profile "
      "dev]\nRegion=eu-west-1\n; x\n");
  EXPECT_EQ(ini["default"]["aws_access_key_id"], "AK");
  EXPECT_EQ(ini["profile dev"]["region"], "eu-west-1");
}

TEST(BenchCredentials, EnvironmentFirstThenProfiles) {
  TempDir home;
  home.Write(
      ".aws/credentials",
      "[default]\naws_access_key_id=DEFKEY\naws_secret_access_key=DEFSECRET\n"
      "[dev]\naws_access_key_id=DEVKEY\naws_secret_access_key=DEVSECRET\naws_"
      "session_token=TOK\n");
  home.Write(
      ".aws/config",
      "[default]\nregion=us-west-2\n[profile dev]\nregion=eu-central-1\n");
  std::map<std::string, std::string> env = {{"HOME", home.path()}};
  AwsEnvironment e = FindAwsEnvironment("", &env);
  ASSERT_TRUE(e.credentials);
  EXPECT_EQ(e.credentials->access_key_id, "DEFKEY");
  EXPECT_EQ(e.region, "us-west-2");
  EXPECT_EQ(e.source, "profile default");

  env["AWS_PROFILE"] = "dev";
  e = FindAwsEnvironment("", &env);
  EXPECT_EQ(e.credentials->access_key_id, "DEVKEY");
  EXPECT_EQ(e.credentials->session_token, "TOK");
  EXPECT_EQ(e.region, "eu-central-1");
  e = FindAwsEnvironment("default", &env);  // --profile wins over AWS_PROFILE
  EXPECT_EQ(e.credentials->access_key_id, "DEFKEY");

  env["AWS_ACCESS_KEY_ID"] = "ENVKEY";
  env["AWS_SECRET_ACCESS_KEY"] = "ENVSECRET";
  env["AWS_DEFAULT_REGION"] = "ap-south-1";
  e = FindAwsEnvironment("", &env);
  EXPECT_EQ(e.credentials->access_key_id, "ENVKEY");
  EXPECT_EQ(e.credentials->session_token, "");
  EXPECT_EQ(e.region, "ap-south-1");
  EXPECT_EQ(e.source, "environment");
  env["AWS_REGION"] = "sa-east-1";
  EXPECT_EQ(FindAwsEnvironment("", &env).region, "sa-east-1");

  std::map<std::string, std::string> empty = {{"HOME", "/nonexistent"}};
  e = FindAwsEnvironment("", &empty);
  EXPECT_FALSE(e.credentials);
  EXPECT_EQ(e.region, "");
}

// --- Responses and endpoints
// -------------------------------------------------------

TEST(BenchDriver, TopLevelMemberSkipsNestedValues) {
  std::string body =
      R"({"Items":[{"ConsumedCapacity":{"S":"x}"},"Count":{"N":"9"}}],"Count":2, "ScannedCount":2,)"
      R"("ConsumedCapacity":{"TableName":"t","CapacityUnits":0.5}})";
  EXPECT_EQ(TopLevelMember(body, "Count"), "2");
  EXPECT_EQ(TopLevelMember(body, "ConsumedCapacity"),
            R"({"TableName":"t","CapacityUnits":0.5})");
  EXPECT_EQ(TopLevelMember(body, "Missing"), "");
  EXPECT_EQ(TopLevelMember("not json", "Count"), "");
  // Escaped quotes inside strings, and strings ending in an escaped '\\'.
  EXPECT_EQ(TopLevelMember(R"({"a":"x\"}y","b":1})", "b"), "1");
  EXPECT_EQ(TopLevelMember(R"({"a":"x\\","b":2})", "b"), "2");
  EXPECT_EQ(TopLevelMember(R"({"a":["\\\"]",{"k":"]}"}],"b":3})", "b"), "3");
  EXPECT_EQ(TopLevelMember(R"({"a":"x\\\"})", "a"), "");
  EXPECT_EQ(TopLevelMember(R"({"a":"unterminated)", "a"), "");
  // Strings are skipped eight bytes at a time: escapes and closing quotes
  // at every offset from a word boundary, long strings, and a text cut
  // short inside a string.
  for (size_t pad = 0; pad < 20; ++pad) {
    for (std::string_view escape : {R"(\")", R"(\\)", R"(\\\")", "x"}) {
      std::string value = std::string(pad, 'p') + std::string(escape) +
                          std::string(pad * 3, 'q') + "]}{[";
      std::string json =
          R"({"a":[")" + value + R"("],"b":)" + std::to_string(pad) + "}";
      EXPECT_EQ(TopLevelMember(json, "b"), std::to_string(pad)) << json;
      EXPECT_EQ(TopLevelMember(json.substr(0, 7 + pad), "b"), "") << json;
    }
  }
  EXPECT_DOUBLE_EQ(SumCapacityUnits(TopLevelMember(body, "ConsumedCapacity")),
                   0.5);
  EXPECT_DOUBLE_EQ(
      SumCapacityUnits(
          R"([{"TableName":"a","CapacityUnits":1.5,"ReadCapacityUnits":1.5},)"
          R"({"TableName":"b","CapacityUnits":2}])"),
      3.5);
}

TEST(BenchDriver, ErrorTypeAndMessage) {
  HttpResult r{
      400,
      R"({"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"Bad \"x\""})",
      ""};
  EXPECT_EQ(r.ErrorType(), "ValidationException");
  EXPECT_EQ(r.ErrorMessage(), "Bad \"x\"");
  HttpResult s{500, "oops", ""};
  EXPECT_EQ(s.ErrorType(), "HTTP 500");
  HttpResult t{0, "", "connect: Connection refused"};
  EXPECT_EQ(t.ErrorType(), "ConnectionError");
  EXPECT_EQ(t.ErrorMessage(), "connect: Connection refused");
  HttpResult ok{200, "{}", ""};
  EXPECT_EQ(ok.ErrorType(), "");
}

TEST(BenchDriver, ParseEndpoint) {
  Endpoint e = ParseEndpoint("http://127.0.0.1:8000");
  EXPECT_FALSE(e.tls);
  EXPECT_EQ(e.host, "127.0.0.1");
  EXPECT_EQ(e.port, "8000");
  e = ParseEndpoint("https://dynamodb.us-east-1.amazonaws.com/");
  EXPECT_TRUE(e.tls);
  EXPECT_EQ(e.port, "443");
  e = ParseEndpoint("http://[::1]:9000");
  EXPECT_EQ(e.host, "::1");
  EXPECT_EQ(e.port, "9000");
  auto error = [](const char* url) {
    try {
      ParseEndpoint(url);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_EQ(error("localhost:8000"),
            "endpoint 'localhost:8000' must start with http:// or https://");
  EXPECT_EQ(error("http://h:0"), "endpoint 'http://h:0' has a bad port");
  EXPECT_EQ(error("http://h:99999"),
            "endpoint 'http://h:99999' has a bad port");
  EXPECT_EQ(error("http://:80"), "endpoint 'http://:80' has no host");
  EXPECT_EQ(error("http://h/path"),
            "endpoint 'http://h/path' must not have a path");
}

TEST(BenchDriver, TimelineBucketsBoundTheirValues) {
  for (uint64_t v :
       {0ull, 15ull, 16ull, 17ull, 1000ull, 123456ull, 999999999ull}) {
    size_t b = TimelinePoint::Bucket(v);
    EXPECT_LE(v, TimelinePoint::BucketUpper(b)) << v;
    if (v >= 16) {
      // 8 buckets per power of two: an upper bound within 12.5%.
      EXPECT_LE(TimelinePoint::BucketUpper(b), v + v / 8 + 1) << v;
    }
  }
  TimelinePoint p;
  for (int i = 1; i <= 100; ++i) ++p.buckets[TimelinePoint::Bucket(i * 1000)];
  EXPECT_EQ(p.Percentile(99),
            TimelinePoint::BucketUpper(TimelinePoint::Bucket(99000)));
}

// --- Result documents
// -------------------------------------------------------------

TEST(BenchReport, ResultJsonComputesSharesCapacityAndCost) {
  Workload w = ParseWorkload(kSmallWorkload);
  RunOptions o;
  o.connections = 4;
  RunStats stats;
  stats.elapsed_s = 2;
  stats.server_cpu_s = 0.5;
  stats.driver_cpu_s = 0.25;
  stats.started_at = "2026-11-26T00:00:00Z";
  stats.ops.resize(3);
  // 600 gets at 0.5 RCU, 300 updates at 1 WCU (2 throttled), 100 queries.
  for (int i = 0; i < 600; ++i) stats.ops[0].latency.Record(1000 + i);
  stats.ops[0].requests = 600;
  stats.ops[0].capacity_units = 300;
  stats.ops[0].capacity_reports = 600;
  stats.ops[0].items = 600;
  stats.ops[0].partitions = {{"USER#user_1", 400}, {"USER#user_2", 200}};
  stats.ops[1].requests = 300;
  stats.ops[1].errors = 2;
  stats.ops[1].error_types["ThrottlingException"] = 2;
  stats.ops[1].first_error = "ThrottlingException: slow down";
  stats.ops[1].capacity_units = 298;
  stats.ops[1].capacity_reports = 298;
  stats.ops[1].latency.RecordN(5000, 300);
  stats.ops[2].requests = 100;
  stats.ops[2].latency.RecordN(20000, 100);
  stats.timeline.resize(2);
  stats.timeline[0].requests = 500;
  RunMeta meta{ParseEndpoint("http://127.0.0.1:1"), &w, &o, CostOptions{}};
  meta.endpoint.label = "local";
  Json doc = Json::parse(ResultJson(stats, meta));
  EXPECT_EQ(doc["label"], "local");
  EXPECT_EQ(doc["mode"], "closed");
  EXPECT_EQ(doc["totals"]["requests"], 1000);
  EXPECT_EQ(doc["totals"]["errors"], 2);
  EXPECT_DOUBLE_EQ(doc["totals"]["throughput_rps"].get<double>(), 500);
  EXPECT_DOUBLE_EQ(doc["totals"]["requests_per_server_cpu_s"].get<double>(),
                   2000);
  EXPECT_DOUBLE_EQ(doc["server_cpu_s"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(doc["driver_cpu_s"].get<double>(), 0.25);
  const Json& get = doc["operations"][0];
  EXPECT_DOUBLE_EQ(get["share"].get<double>(), 0.6);
  EXPECT_DOUBLE_EQ(get["rcu_per_request"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(get["wcu_per_request"].get<double>(), 0);
  // 0.6 x 100 req/s x 2,628,000 s x 0.5 RRU x $0.125 per million = $9.855.
  EXPECT_DOUBLE_EQ(get["monthly_cost_usd"].get<double>(), 9.855);
  EXPECT_EQ(get["request_type"], "eventually consistent read");
  EXPECT_EQ(get["failing"], false);
  EXPECT_EQ(get["latency_ns"]["min"], 1000);
  EXPECT_EQ(get["latency_ns"]["max"], 1599);
  EXPECT_EQ(get["hot_partitions"][0]["partition"], "USER#user_1");
  EXPECT_DOUBLE_EQ(get["hot_partitions"][0]["share"].get<double>(),
                   400.0 / 600);
  const Json& update = doc["operations"][1];
  EXPECT_EQ(update["errors"]["ThrottlingException"], 2);
  EXPECT_DOUBLE_EQ(update["wcu_per_request"].get<double>(), 1);
  // 0.3 x 100 x 2,628,000 x 1 WRU x $0.625 per million = $49.275, but the
  // pattern had errors: failing, and left out of every total.
  EXPECT_DOUBLE_EQ(update["monthly_cost_usd"].get<double>(), 49.275);
  EXPECT_EQ(update["failing"], true);
  EXPECT_EQ(update["request_type"], "standard write");
  EXPECT_TRUE(doc["operations"][2]["rcu_per_request"].is_null());
  EXPECT_EQ(doc["totals"]["failing_patterns"], Json::array({"Save color"}));
  const Json& cost = doc["cost"];
  EXPECT_EQ(cost["failing_patterns"], Json::array({"Save color"}));
  EXPECT_EQ(cost["patterns"][1]["failing"], true);
  EXPECT_DOUBLE_EQ(cost["monthly_read_usd"].get<double>(), 9.855);
  EXPECT_DOUBLE_EQ(cost["monthly_write_usd"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(cost["monthly_total_usd"].get<double>(), 9.855);
  EXPECT_TRUE(cost["storage"].is_null());
  EXPECT_TRUE(cost["monthly_storage_usd"].is_null());
  EXPECT_EQ(cost["prices"]["region"], "us-east-1");
  EXPECT_EQ(cost["prices"]["date"], "2024-11-01");
  EXPECT_EQ(cost["prices"]["source"], "built-in");
  // Provisioned: 30 RRU/s on the table -> 30 RCU; no writes counted -> the
  // minimum 1 WCU. 30 x 730 x $0.00013 + 1 x 730 x $0.00065 = $3.3215.
  const Json& prov = cost["provisioned"];
  ASSERT_EQ(prov["capacity"].size(), 1u);
  EXPECT_EQ(prov["capacity"][0]["name"], "table");
  EXPECT_DOUBLE_EQ(prov["capacity"][0]["rcu"].get<double>(), 30);
  EXPECT_DOUBLE_EQ(prov["capacity"][0]["wcu"].get<double>(), 1);
  EXPECT_DOUBLE_EQ(prov["monthly_read_usd"].get<double>(), 2.847);
  EXPECT_DOUBLE_EQ(prov["monthly_write_usd"].get<double>(), 0.4745);
  EXPECT_DOUBLE_EQ(cost["provisioned_total_usd"].get<double>(), 3.3215);
  EXPECT_EQ(doc["hot_partitions"][0]["partition"], "USER#user_1");
  EXPECT_DOUBLE_EQ(doc["hot_partitions"][0]["share"].get<double>(), 0.4);
  EXPECT_EQ(doc["timeline"].size(), 2u);

  std::string text = RenderTextReport(doc.dump());
  EXPECT_NE(text.find("Get user"), std::string::npos) << text;
  EXPECT_NE(
      text.find("on demand at 100 req/s in this mix: 30 RRU/s x "
                "2,628,000 s x $0.125/M = $9.86 reads + 0 WRU/s x "
                "2,628,000 s x $0.625/M = $0.00 writes = $9.86 a month\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("failing: 1 pattern had errors, excluded from every "
                      "cost total: Save color\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\nall (1 failing) "), std::string::npos) << text;
  EXPECT_NE(text.find("Save color (failing)  standard write"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("total: $9.86 a month on demand, $3.32 provisioned\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("errors in 'Save color': ThrottlingException 2 (first: "
                      "ThrottlingException: slow down)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("2,000 requests per CPU-second"), std::string::npos)
      << text;

  std::string other = doc.dump();
  Json doc2 = doc;
  doc2["label"] = "slow";
  doc2["totals"]["throughput_rps"] = 250.0;
  std::string cmp = CompareJson({doc.dump(), doc2.dump()});
  Json c = Json::parse(cmp);
  EXPECT_EQ(c["baseline"], "local");
  EXPECT_EQ(c["runs"].size(), 2u);
  std::string ctext = RenderTextComparison(cmp);
  // Both ratios are the other run's over the first's (the HTML's way).
  EXPECT_NE(ctext.find("slow/local req/s"), std::string::npos) << ctext;
  EXPECT_NE(ctext.find("slow/local p50"), std::string::npos) << ctext;
  EXPECT_EQ(ctext.find("local/slow"), std::string::npos) << ctext;
  EXPECT_NE(ctext.find("0.50x"), std::string::npos) << ctext;
}

// Hot partitions carry the units a second they drew, against the service's
// per-partition limits (3,000 RCU/s, 1,000 WCU/s), with a warning past one.
TEST(BenchReport, HotPartitionsInUnitsPerSecondAgainstTheLimits) {
  Workload w = ParseWorkload(kSmallWorkload);
  RunOptions o;
  RunStats stats;
  stats.elapsed_s = 2;
  stats.ops.resize(3);
  // Gets at 1 RCU: 8,000 on one partition (4,000 RCU/s), 2,000 on another.
  stats.ops[0].requests = 10000;
  stats.ops[0].capacity_units = 10000;
  stats.ops[0].capacity_reports = 10000;
  stats.ops[0].latency.RecordN(1000, 10000);
  stats.ops[0].partitions = {{"USER#hot", 8000}, {"USER#cool", 2000}};
  // Updates at 2 WCU: 500 on the cool one (500 WCU/s).
  stats.ops[1].requests = 500;
  stats.ops[1].capacity_units = 1000;
  stats.ops[1].capacity_reports = 500;
  stats.ops[1].latency.RecordN(1000, 500);
  stats.ops[1].partitions = {{"USER#cool", 500}};
  RunMeta meta{ParseEndpoint("http://127.0.0.1:1"), &w, &o, CostOptions{}};
  const std::string json = ResultJson(stats, meta);
  Json doc = Json::parse(json);
  const Json& hot = doc["hot_partitions"];
  ASSERT_EQ(hot.size(), 2u);
  EXPECT_EQ(hot[0]["partition"], "USER#hot");
  EXPECT_DOUBLE_EQ(hot[0]["rcu_per_s"].get<double>(), 4000);
  EXPECT_DOUBLE_EQ(hot[0]["wcu_per_s"].get<double>(), 0);
  EXPECT_EQ(hot[0]["throttles"], true);
  EXPECT_EQ(hot[1]["partition"], "USER#cool");
  EXPECT_DOUBLE_EQ(hot[1]["rcu_per_s"].get<double>(), 1000);
  EXPECT_DOUBLE_EQ(hot[1]["wcu_per_s"].get<double>(), 500);
  EXPECT_EQ(hot[1]["throttles"], false);
  const std::string text = RenderTextReport(json);
  EXPECT_NE(text.find("USER#hot 76.2% (4,000 RCU/s, 0 WCU/s)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("warning: partition USER#hot drew 4,000 RCU/s and 0 "
                      "WCU/s; the service throttles a partition past 3,000 "
                      "RCU/s or 1,000 WCU/s\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("warning: partition USER#cool"), std::string::npos)
      << text;
  // Gets that found nothing are flagged; the update is not a read.
  EXPECT_EQ(doc["operations"][0]["empty_reads"], true);
  EXPECT_EQ(doc["operations"][1]["empty_reads"], false);
  EXPECT_NE(text.find("warning: 'Get user' found no item in any of its "
                      "10,000 reads: its keys may not match the data\n"),
            std::string::npos)
      << text;
  stats.ops[0].items = 9000;
  doc = Json::parse(ResultJson(stats, meta));
  EXPECT_EQ(doc["operations"][0]["empty_reads"], false);
}

// --- Cost -------------------------------------------------------------------

TEST(BenchCost, ArithmeticInDollars) {
  // 10 units/s x 2,628,000 s x $0.125 per million = $3.285.
  EXPECT_DOUBLE_EQ(OnDemandMonthlyUsd(10, 0.125), 3.285);
  // 4 WRU/s at $0.625: 4 x 2,628,000 x 0.625 / 1e6 = $6.57.
  EXPECT_DOUBLE_EQ(OnDemandMonthlyUsd(4, 0.625), 6.57);
  // Provisioned: whole units, at least one.
  EXPECT_EQ(ProvisionedUnits(0), 1);
  EXPECT_EQ(ProvisionedUnits(0.2), 1);
  EXPECT_EQ(ProvisionedUnits(2), 2);
  EXPECT_EQ(ProvisionedUnits(2.0000000001), 2);
  EXPECT_EQ(ProvisionedUnits(2.5), 3);
  // 10 RCU x 730 h x $0.00013 = $0.949; 3 WCU x 730 x $0.00065 = $1.4235.
  EXPECT_DOUBLE_EQ(ProvisionedMonthlyUsd(10, 0.00013), 0.949);
  EXPECT_DOUBLE_EQ(ProvisionedMonthlyUsd(3, 0.00065), 1.4235);
}

TEST(BenchCost, StorageAddsTheOverheadOfEachItemAndIndexEntry) {
  TableStorage st;
  st.table_bytes = 1073741824 - 100 * 1000;  // 1 GiB with the overhead
  st.table_items = 1000;
  st.indexes.push_back({"GSI1", true, 536870912 - 100 * 500, 500});
  EXPECT_DOUBLE_EQ(BillableBytes(st), 1.5 * 1073741824);
  // 1.5 GB x $0.25 = $0.375; x $0.10 (Standard-IA) = $0.15.
  EXPECT_DOUBLE_EQ(StorageMonthlyUsd(st, 0.25), 0.375);
  EXPECT_DOUBLE_EQ(StorageMonthlyUsd(st, 0.10), 0.15);
}

TEST(BenchCost, ParseDescribeTable) {
  auto st = ParseDescribeTable(R"({"Table": {"TableName": "t",
      "TableSizeBytes": 5000, "ItemCount": 20,
      "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"},
      "TableClassSummary": {"TableClass": "STANDARD_INFREQUENT_ACCESS"},
      "GlobalSecondaryIndexes": [
        {"IndexName": "GSI1", "IndexSizeBytes": 700, "ItemCount": 7},
        {"IndexName": "GSI2", "IndexSizeBytes": 300, "ItemCount": 3}],
      "LocalSecondaryIndexes": [
        {"IndexName": "LSI1", "IndexSizeBytes": 100, "ItemCount": 1}]}})");
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->table_class, "STANDARD_INFREQUENT_ACCESS");
  EXPECT_EQ(st->billing_mode, "PAY_PER_REQUEST");
  EXPECT_EQ(st->table_bytes, 5000u);
  EXPECT_EQ(st->table_items, 20u);
  ASSERT_EQ(st->indexes.size(), 3u);
  EXPECT_EQ(st->indexes[1].name, "GSI2");
  EXPECT_FALSE(st->indexes[2].global);
  // 5000 + 2000 + 700 + 700 + 300 + 300 + 100 + 100.
  EXPECT_DOUBLE_EQ(BillableBytes(*st), 9200);
  EXPECT_FALSE(ParseDescribeTable("{}").has_value());
  EXPECT_FALSE(ParseDescribeTable("not json").has_value());
  EXPECT_EQ(DescribeTableBody("a\"b"), R"({"TableName":"a\"b"})");
}

TEST(BenchCost, ConsumedCapacityByTableAndIndex) {
  // A PutItem on a table with two GSIs: 1 WCU on the table, 1 on each.
  ConsumedUnits put = ReadConsumedCapacity(
      R"({"TableName":"t","CapacityUnits":3.0,"Table":{"CapacityUnits":1.0},
          "GlobalSecondaryIndexes":{"GSI1":{"CapacityUnits":1.0},
                                    "GSI2":{"CapacityUnits":1.0}}})");
  EXPECT_DOUBLE_EQ(put.total, 3);
  EXPECT_TRUE(put.has_breakdown);
  EXPECT_DOUBLE_EQ(put.table, 1);
  EXPECT_EQ(put.indexes,
            (std::map<std::string, double>{{"GSI1", 1}, {"GSI2", 1}}));
  // Batches answer one entry per table.
  ConsumedUnits batch = ReadConsumedCapacity(
      R"([{"TableName":"a","CapacityUnits":2,"Table":{"CapacityUnits":1},
           "LocalSecondaryIndexes":{"L":{"CapacityUnits":1}}},
          {"TableName":"b","CapacityUnits":4,"Table":{"CapacityUnits":4}}])");
  EXPECT_DOUBLE_EQ(batch.total, 6);
  EXPECT_DOUBLE_EQ(batch.table, 5);
  EXPECT_DOUBLE_EQ(batch.indexes["L"], 1);
  // TOTAL only: no breakdown.
  ConsumedUnits total =
      ReadConsumedCapacity(R"({"TableName":"t","CapacityUnits":0.5})");
  EXPECT_DOUBLE_EQ(total.total, 0.5);
  EXPECT_FALSE(total.has_breakdown);
}

TEST(BenchCost, GsiWriteAmplificationProvisionedAndStorage) {
  Workload w = ParseWorkload(R"(
name: orders
table: t
operations:
  - name: Put order
    operation: PutItem
    request: {TableName: t, Item: {PK: {S: "O#${seq}"}}}
  - name: Strong get
    operation: GetItem
    request: {TableName: t, ConsistentRead: true, Key: {PK: {S: x}}}
  - name: By vendor
    operation: Query
    request: {TableName: t, IndexName: GSI1, KeyConditionExpression: "a = :a",
              ExpressionAttributeValues: {":a": {S: v}}}
  - name: Both
    operation: TransactGetItems
    request: {TransactItems: []}
)");
  EXPECT_EQ(w.operations[1].request_type, "strongly consistent read");
  EXPECT_EQ(w.operations[3].request_type, "transactional read");
  RunOptions o;
  RunStats stats;
  stats.elapsed_s = 1;
  stats.ops.resize(4);
  // 100 puts at 3 WCU: 1 on the table, 1 on each GSI.
  stats.ops[0].requests = 100;
  stats.ops[0].capacity_units = 300;
  stats.ops[0].capacity_reports = 100;
  stats.ops[0].breakdown_reports = 100;
  stats.ops[0].breakdown_table_units = 100;
  stats.ops[0].breakdown_index_units = {{"GSI1", 100}, {"GSI2", 100}};
  // 200 strong gets at 1 RCU; 100 queries at 0.5 RCU on GSI1.
  stats.ops[1].requests = 200;
  stats.ops[1].capacity_units = 200;
  stats.ops[1].capacity_reports = 200;
  stats.ops[1].breakdown_reports = 200;
  stats.ops[1].breakdown_table_units = 200;
  stats.ops[2].requests = 100;
  stats.ops[2].capacity_units = 50;
  stats.ops[2].capacity_reports = 100;
  stats.ops[2].breakdown_reports = 100;
  stats.ops[2].breakdown_index_units = {{"GSI1", 50}};
  // 100 transactional reads, every one refused.
  stats.ops[3].requests = 100;
  stats.ops[3].errors = 100;
  stats.ops[3].error_types["ValidationException"] = 100;
  CostOptions cost;
  cost.request_rate = 50;
  TableStorage st;
  st.table_bytes = 1073741824 - 100 * 1000;
  st.table_items = 1000;
  cost.storage = st;
  RunMeta meta{ParseEndpoint("http://127.0.0.1:1"), &w, &o, cost};
  const std::string json = ResultJson(stats, meta);
  Json doc = Json::parse(json);
  const Json& put = doc["operations"][0];
  EXPECT_DOUBLE_EQ(put["wcu_per_request"].get<double>(), 3);
  EXPECT_DOUBLE_EQ(put["table_units_per_request"].get<double>(), 1);
  EXPECT_EQ(put["index_units_per_request"], Json::parse(R"({"GSI1": 1.0,
                                                            "GSI2": 1.0})"));
  const Json& c = doc["cost"];
  // Shares of 50 req/s: puts 0.2 -> 10/s x 3 = 30 WRU/s; gets 0.4 -> 20
  // RRU/s; queries 0.2 -> 10/s x 0.5 = 5 RRU/s; the failing pattern is out.
  EXPECT_DOUBLE_EQ(c["on_demand"]["read_units_per_s"].get<double>(), 25);
  EXPECT_DOUBLE_EQ(c["on_demand"]["write_units_per_s"].get<double>(), 30);
  // 25 x 2,628,000 x 0.125 / 1e6 = $8.2125; 30 x 2,628,000 x 0.625 / 1e6 =
  // $49.275.
  EXPECT_DOUBLE_EQ(c["monthly_read_usd"].get<double>(), 8.2125);
  EXPECT_DOUBLE_EQ(c["monthly_write_usd"].get<double>(), 49.275);
  EXPECT_DOUBLE_EQ(c["monthly_storage_usd"].get<double>(), 0.25);
  EXPECT_DOUBLE_EQ(c["monthly_total_usd"].get<double>(), 57.7375);
  // Provisioned, table: 20 RCU 10 WCU; GSI1: 5 RCU 10 WCU; GSI2: 1 RCU (the
  // minimum) 10 WCU. 26 RCU x 730 x $0.00013 = $2.4674; 30 WCU x 730 x
  // $0.00065 = $14.235.
  const Json& prov = c["provisioned"];
  ASSERT_EQ(prov["capacity"].size(), 3u);
  EXPECT_EQ(prov["capacity"][0]["name"], "table");
  EXPECT_EQ(prov["capacity"][1]["name"], "GSI1");
  EXPECT_DOUBLE_EQ(prov["capacity"][1]["rcu"].get<double>(), 5);
  EXPECT_DOUBLE_EQ(prov["capacity"][2]["rcu"].get<double>(), 1);
  EXPECT_DOUBLE_EQ(prov["capacity"][2]["wcu"].get<double>(), 10);
  EXPECT_DOUBLE_EQ(prov["rcu"].get<double>(), 26);
  EXPECT_DOUBLE_EQ(prov["wcu"].get<double>(), 30);
  EXPECT_DOUBLE_EQ(prov["monthly_read_usd"].get<double>(), 2.4674);
  EXPECT_DOUBLE_EQ(prov["monthly_write_usd"].get<double>(), 14.235);
  EXPECT_DOUBLE_EQ(c["provisioned_total_usd"].get<double>(), 16.9524);
  EXPECT_EQ(c["failing_patterns"], Json::array({"Both"}));
  EXPECT_TRUE(c["patterns"][3]["on_demand_monthly_usd"].is_null());
  EXPECT_EQ(c["storage"]["billable_bytes"], 1073741824.0);
  const std::string text = RenderTextReport(json);
  EXPECT_NE(text.find("\nPut order       standard write                 10  "
                      "3 WCU (table 1, GSI1 1, GSI2 1)       30             "
                      "$49.27\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("provisioned for that rate (peak = average, no "
                      "headroom; at least 1 unit each): table 20 RCU 10 WCU, "
                      "GSI1 5 RCU 10 WCU, GSI2 1 RCU 10 WCU: 26 RCU x 730 h x "
                      "$0.00013 = $2.47 + 30 WCU x 730 h x $0.00065 = $14.23 "
                      "= $16.70 a month\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("storage: table 1,073,641,824 B + 100 B x 1,000 items "
                      "= 1 GB x $0.25 = $0.25 a month\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("total: $57.74 a month on demand, $16.95 provisioned "
                      "(storage included)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("failing: 1 pattern had errors, excluded from every "
                      "cost total: Both\n"),
            std::string::npos)
      << text;
  // A comparison says each run's totals and its failing patterns.
  const std::string cmp = RenderTextComparison(CompareJson({json, json}));
  EXPECT_NE(cmp.find("  cost: $57.74 a month on demand, $16.95 provisioned "
                     "(storage included), us-east-1 STANDARD prices as of "
                     "2024-11-01 (built-in)\n"),
            std::string::npos)
      << cmp;
  EXPECT_NE(cmp.find("  failing: 1 pattern had errors, excluded from the cost "
                     "totals: Both\n"),
            std::string::npos)
      << cmp;
}

TEST(BenchCost, BuiltinListsByRegionAndClass) {
  PriceList p = BuiltinPrices("us-east-1", kStandard);
  EXPECT_EQ(p.source, "built-in");
  EXPECT_EQ(p.date, "2024-11-01");
  EXPECT_TRUE(p.confirmed);
  EXPECT_EQ(p.note, "");
  EXPECT_DOUBLE_EQ(p.read_request_unit_per_million, 0.125);
  EXPECT_DOUBLE_EQ(p.write_request_unit_per_million, 0.625);
  EXPECT_DOUBLE_EQ(*p.rcu_hour, 0.00013);
  EXPECT_DOUBLE_EQ(*p.wcu_hour, 0.00065);
  EXPECT_DOUBLE_EQ(*p.storage_gb_month, 0.25);
  PriceList ia = BuiltinPrices("us-east-1", kStandardIa);
  EXPECT_DOUBLE_EQ(*ia.storage_gb_month, 0.10);
  EXPECT_FALSE(ia.confirmed);
  EXPECT_EQ(ia.note,
            "these figures are not confirmed against the published price "
            "list; check https://aws.amazon.com/dynamodb/pricing/ or give "
            "--price-file");
  PriceList eu = BuiltinPrices("eu-west-1", kStandard);
  EXPECT_EQ(eu.region, "eu-west-1");
  EXPECT_GT(eu.read_request_unit_per_million, 0.125);
  for (const char* region :
       {"us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1",
        "eu-central-1", "ap-northeast-1", "ap-southeast-1", "ap-southeast-2"}) {
    EXPECT_EQ(BuiltinPrices(region, kStandard).region, region);
  }
  try {
    BuiltinPrices("mars-north-1", kStandard);
    ADD_FAILURE() << "no error";
  } catch (const PriceError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(
                  "built-in price list: no prices for mars-north-1 STANDARD "
                  "(it has us-east-1 STANDARD, us-east-1 "
                  "STANDARD_INFREQUENT_ACCESS, us-east-2 STANDARD, ",
                  0),
              0u)
        << e.what();
  }
  EXPECT_EQ(TableClassOf("standard_infrequent_access"), kStandardIa);
  try {
    TableClassOf("GLACIER");
    ADD_FAILURE() << "no error";
  } catch (const PriceError& e) {
    EXPECT_STREQ(e.what(),
                 "'GLACIER' is not STANDARD or STANDARD_INFREQUENT_ACCESS");
  }
}

TEST(BenchCost, SeedPricesAreTheSeedsFigures) {
  PriceList p = SeedPrices();
  EXPECT_EQ(p.source, "seed");
  EXPECT_EQ(p.region, "us-east-1");
  EXPECT_EQ(p.date, "");
  EXPECT_DOUBLE_EQ(p.read_request_unit_per_million, 0.25);
  EXPECT_DOUBLE_EQ(p.write_request_unit_per_million, 1.25);
  EXPECT_DOUBLE_EQ(*p.storage_gb_month, 0.25);
  EXPECT_FALSE(p.rcu_hour.has_value());
  // The old figures: 0.6 x 100 x 2,628,000 x 0.5 x $0.25 / 1e6 = $19.71.
  Workload w = ParseWorkload(kSmallWorkload);
  RunOptions o;
  RunStats stats;
  stats.elapsed_s = 1;
  stats.ops.resize(3);
  stats.ops[0].requests = 600;
  stats.ops[0].capacity_units = 300;
  stats.ops[0].capacity_reports = 600;
  stats.ops[1].requests = 400;
  stats.ops[1].capacity_units = 400;
  stats.ops[1].capacity_reports = 400;
  CostOptions cost;
  cost.prices = p;
  RunMeta meta{ParseEndpoint("http://127.0.0.1:1"), &w, &o, cost};
  Json doc = Json::parse(ResultJson(stats, meta));
  EXPECT_DOUBLE_EQ(doc["operations"][0]["monthly_cost_usd"].get<double>(),
                   19.71);
  // 0.4 x 100 x 2,628,000 x 1 x $1.25 / 1e6 = $131.40.
  EXPECT_DOUBLE_EQ(doc["cost"]["monthly_write_usd"].get<double>(), 131.4);
  EXPECT_TRUE(doc["cost"]["provisioned"].is_null());
  EXPECT_TRUE(doc["cost"]["prices"]["date"].is_null());
  const std::string text = RenderTextReport(doc.dump());
  EXPECT_NE(text.find("cost: us-east-1 STANDARD prices (undated) (seed): on "
                      "demand $0.25/M RRU, $1.25/M WRU; storage $0.25/GB-month;"
                      " free tier not modelled\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("provisioned: no hourly prices in this list\n"),
            std::string::npos)
      << text;
}

std::string PriceFileError(const std::string& text,
                           const std::string& region = "us-east-1",
                           const std::string& table_class = kStandard) {
  try {
    FindPrices(text, "p.yaml", region, table_class);
  } catch (const PriceError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(BenchCost, PriceFiles) {
  constexpr char kFile[] = R"(
date: "2025-06-01"
prices:
  - region: eu-west-1
    table_class: STANDARD
    read_request_unit_per_million: 0.2
    write_request_unit_per_million: 1
    storage_gb_month: 0.3
  - region: eu-west-1
    table_class: standard_infrequent_access
    read_request_unit_per_million: 0.25
    write_request_unit_per_million: 1.25
    rcu_hour: 0.0002
    wcu_hour: 0.001
    date: 2025-07-01
    note: negotiated
)";
  PriceList p = FindPrices(kFile, "p.yaml", "eu-west-1", kStandard);
  EXPECT_EQ(p.date, "2025-06-01");
  EXPECT_DOUBLE_EQ(p.read_request_unit_per_million, 0.2);
  EXPECT_DOUBLE_EQ(p.write_request_unit_per_million, 1);
  EXPECT_FALSE(p.rcu_hour.has_value());
  EXPECT_DOUBLE_EQ(*p.storage_gb_month, 0.3);
  PriceList ia = FindPrices(kFile, "p.yaml", "eu-west-1", kStandardIa);
  EXPECT_EQ(ia.date, "2025-07-01");
  EXPECT_EQ(ia.note, "negotiated");
  EXPECT_DOUBLE_EQ(*ia.wcu_hour, 0.001);
  // JSON is YAML; the built-in list is a price file too.
  PriceList builtin =
      FindPrices(BuiltinPriceListText(), "b", "us-west-2", kStandard);
  EXPECT_DOUBLE_EQ(builtin.write_request_unit_per_million, 0.625);

  EXPECT_EQ(PriceFileError(kFile),
            "p.yaml: no prices for us-east-1 STANDARD (it has eu-west-1 "
            "STANDARD, eu-west-1 STANDARD_INFREQUENT_ACCESS)");
  EXPECT_EQ(PriceFileError("[1, 2]"), "p.yaml: not a mapping with 'prices'");
  EXPECT_EQ(PriceFileError("prices: {}"),
            "p.yaml: 'prices' must be a list of entries");
  EXPECT_EQ(PriceFileError("currency: EUR\nprices: []"),
            "p.yaml: unknown field 'currency'");
  EXPECT_EQ(PriceFileError("prices: [{table_class: STANDARD}]"),
            "p.yaml: prices[0]: missing 'region'");
  EXPECT_EQ(PriceFileError("prices: [{region: r, table_class: GOLD}]"),
            "p.yaml: prices[0]: 'table_class': 'GOLD' is not STANDARD or "
            "STANDARD_INFREQUENT_ACCESS");
  EXPECT_EQ(PriceFileError("prices: [{region: r, table_class: STANDARD, "
                           "write_request_unit_per_million: 1}]"),
            "p.yaml: prices[0]: missing 'read_request_unit_per_million'");
  EXPECT_EQ(PriceFileError("prices: [{region: r, table_class: STANDARD, "
                           "read_request_unit_per_million: -1, "
                           "write_request_unit_per_million: 1}]"),
            "p.yaml: prices[0]: 'read_request_unit_per_million' must be a "
            "number, not negative");
  EXPECT_EQ(PriceFileError("prices: [{region: r, table_class: STANDARD, "
                           "read_request_unit_per_million: 1, "
                           "write_request_unit_per_million: 1, rcu_hour: "
                           "cheap}]"),
            "p.yaml: prices[0]: 'rcu_hour' must be a number, not negative");
  EXPECT_EQ(PriceFileError("prices: [{region: r, table_class: STANDARD, "
                           "read_request_unit_per_million: 1, "
                           "write_request_unit_per_million: 1}]"),
            "p.yaml: prices[0]: no 'date' (give one here or for the whole "
            "list)");
  EXPECT_EQ(PriceFileError("date: d\nprices: [{region: r, table_class: "
                           "STANDARD, rcu: 1}]"),
            "p.yaml: prices[0]: unknown field 'rcu'");
  EXPECT_EQ(PriceFileError("prices: [{region: r, table_class: STANDARD"),
            "p.yaml: not valid YAML or JSON: yaml-cpp: error at line 1, "
            "column 1: end of map flow not found");
  try {
    LoadPriceFile("/nonexistent/prices.yaml", "us-east-1", kStandard);
    ADD_FAILURE() << "no error";
  } catch (const PriceError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/prices.yaml: cannot read the file");
  }
}

TEST(BenchReport, FormatNanos) {
  EXPECT_EQ(FormatNanos(950), "950ns");
  EXPECT_EQ(FormatNanos(1234), "1.23µs");
  EXPECT_EQ(FormatNanos(81200), "81.2µs");
  EXPECT_EQ(FormatNanos(1240000), "1.24ms");
  EXPECT_EQ(FormatNanos(3100000000.0), "3.10s");
}

// --- End to end
// -------------------------------------------------------------------

class BenchEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    LocalServerOptions options;
    options.engine.in_memory = true;
    auto server = LocalServer::Start(options);
    ASSERT_TRUE(server.ok());
    server_ = std::move(server).value();
    config_.endpoint = ParseEndpoint(server_->endpoint());
    config_.credentials = {"AKIDEXAMPLE", "secret", ""};
  }
  std::unique_ptr<LocalServer> server_;
  ClientConfig config_;
};

TEST_F(BenchEndToEnd, LoadThenRunTheDefaultWorkloadWithoutErrors) {
  LoadOptions lo;
  lo.scale = 2;
  lo.connections = 4;
  LoadResult loaded = LoadMakeriess(config_, lo);
  EXPECT_TRUE(loaded.created_table);
  uint64_t expected = GenerateMakeriess(2, [](std::string_view) {});
  EXPECT_EQ(loaded.items, expected);
  EXPECT_EQ(loaded.batches, (expected + 24) / 25);
  HttpResult d = DynamoCall(config_, "DescribeTable",
                            R"({"TableName":"makeriess-main-table"})");
  ASSERT_EQ(d.status, 200);
  EXPECT_EQ(Json::parse(d.body)["Table"]["ItemCount"], expected);

  // Loading again into the existing table rewrites the same items.
  lo.create_table = false;
  EXPECT_EQ(LoadMakeriess(config_, lo).items, expected);

  Workload w = ParseWorkload(MakeriessWorkloadYaml(2, "makeriess-main-table"));
  RunOptions o;
  o.connections = 8;
  o.duration_s = 0;
  o.requests = 3200;
  o.warmup_s = 0;
  RunStats stats = RunWorkload(config_, w, o);
  ASSERT_EQ(stats.ops.size(), 16u);
  uint64_t total = 0;
  for (size_t i = 0; i < 16; ++i) {
    const OperationStats& s = stats.ops[i];
    SCOPED_TRACE(w.operations[i].name);
    total += s.requests;
    EXPECT_GT(s.requests, 0u);
    EXPECT_EQ(s.errors, 0u) << s.first_error;
    EXPECT_EQ(s.capacity_reports, s.requests);
    EXPECT_GT(s.items, 0u);
    EXPECT_EQ(s.latency.count(), s.requests);
    if (w.operations[i].action == "GetItem") {
      // Every key exists; an eventually consistent read of < 4 KB is 0.5.
      EXPECT_EQ(s.items, s.requests);
      EXPECT_DOUBLE_EQ(s.capacity_units, 0.5 * s.requests);
    }
  }
  EXPECT_EQ(total, 3200u);
  EXPECT_EQ(stats.ops[15].partitions.at("GSI2 ORDER"), stats.ops[15].requests);
  EXPECT_LT(stats.server_cpu_s, 0);  // no pid given
  EXPECT_GE(stats.driver_cpu_s, 0);  // this process's, always known
}

TEST_F(BenchEndToEnd, OpenLoopKeepsTheRateAndCountsErrors) {
  Workload w = ParseWorkload(R"(
table: missing-table
operations:
  - {name: get, operation: GetItem, request: {TableName: "${table}", Key: {PK: {S: a}}}}
)");
  RunOptions o;
  o.connections = 4;
  o.rate = 400;
  o.duration_s = 1;
  o.warmup_s = 0.25;
  config_.endpoint.server_pid = getpid();  // the server runs in this process
  RunStats stats = RunWorkload(config_, w, o);
  // 400/s for one measured second.
  EXPECT_NEAR(static_cast<double>(stats.ops[0].requests), 400, 20);
  EXPECT_EQ(stats.ops[0].errors, stats.ops[0].requests);
  EXPECT_EQ(stats.ops[0].error_types.at("ResourceNotFoundException"),
            stats.ops[0].requests);
  EXPECT_EQ(stats.ops[0].first_error,
            "ResourceNotFoundException: Requested resource not found");
  EXPECT_GE(stats.server_cpu_s, 0);
  EXPECT_NEAR(stats.elapsed_s, 1.0, 0.2);
}

TEST_F(BenchEndToEnd, RequestBudgetCountsMeasuredRequestsOnly) {
  Workload w = ParseWorkload(
      "operations: [{name: a, operation: ListTables, request: {}}]");
  RunOptions o;
  o.connections = 3;
  o.duration_s = 0;
  o.requests = 500;
  o.warmup_s = 0.2;  // requests during the warm-up are extra
  RunStats stats = RunWorkload(config_, w, o);
  EXPECT_EQ(stats.ops[0].requests, 500u);
  EXPECT_EQ(stats.ops[0].errors, 0u);
  uint64_t in_timeline = 0;
  for (const auto& p : stats.timeline) in_timeline += p.requests;
  EXPECT_EQ(in_timeline, 500u);
}

TEST(BenchDriverNoServer, UnreachableEndpointIsAClearError) {
  ClientConfig c;
  c.endpoint = ParseEndpoint("http://127.0.0.1:1");
  c.credentials = {"a", "b", ""};
  Workload w = ParseWorkload(
      "operations: [{name: a, operation: ListTables, request: {}}]");
  RunOptions o;
  try {
    RunWorkload(c, w, o);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot reach http://127.0.0.1:1: connect: Connection refused");
  }
}

}  // namespace
}  // namespace dynarock::bench
