// Results of dynarock-bench: the result document (JSON, described in
// tools/dynarock_bench/README.md), the terminal tables, and comparisons.
//
// Cost: every request asks for ReturnConsumedCapacity INDEXES, so each
// answer gives the units it consumed (eventually consistent reads at half a
// unit, transactional requests at double) on the table and on each index. A
// pattern's share of --cost-rate at its units per request gives units a
// second; the cost section prices them on demand and provisioned
// (pricing.h), adds the table's storage, and leaves failing patterns (any
// request with an error) out of the totals, naming them.

#ifndef DYNAROCK_TOOLS_DYNAROCK_BENCH_REPORT_H_
#define DYNAROCK_TOOLS_DYNAROCK_BENCH_REPORT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/dynarock_bench/http_driver.h"
#include "tools/dynarock_bench/pricing.h"
#include "tools/dynarock_bench/workload.h"

namespace dynarock::bench {

struct CostOptions {
  double request_rate = 100;  // requests/s the projection assumes
  PriceList prices = BuiltinPrices("us-east-1", kStandard);
  // The workload's table at the end of the run; nullopt when unknown.
  std::optional<TableStorage> storage;
};

struct RunMeta {
  Endpoint endpoint;
  const Workload* workload = nullptr;
  const RunOptions* options = nullptr;
  CostOptions cost;
};

// The result document of one run (JSON text, pretty-printed).
// "dynarock-bench 0.1.0 (commit abcdef012345)": --version's line, and what
// the reports carry in "version".
std::string VersionLine();

std::string ResultJson(const RunStats& stats, const RunMeta& meta);

// A comparison document from result documents of the same workload; the
// first is the baseline.
std::string CompareJson(const std::vector<std::string>& results);

// Terminal tables for a result or comparison document.
std::string RenderTextReport(std::string_view result_json);
std::string RenderTextComparison(std::string_view compare_json);

// "812µs", "1.24ms", "3.10s": a duration in nanoseconds, three digits.
std::string FormatNanos(double ns);

}  // namespace dynarock::bench

#endif  // DYNAROCK_TOOLS_DYNAROCK_BENCH_REPORT_H_
