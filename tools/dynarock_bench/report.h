// Results of dynarock-bench: the result document (JSON, described in
// tools/dynarock_bench/README.md), the terminal tables, and comparisons.
//
// Cost projection: on-demand pricing charges per request unit; a request's
// units are the ConsumedCapacity the endpoint reported (asked for with
// ReturnConsumedCapacity TOTAL). The monthly cost of an access pattern is
//   share of requests x request rate x 730 hours x units per request x price
// with the seed design's prices as defaults ($0.25 per million read request
// units, $1.25 per million write request units).

#ifndef DYNAROCK_TOOLS_DYNAROCK_BENCH_REPORT_H_
#define DYNAROCK_TOOLS_DYNAROCK_BENCH_REPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "tools/dynarock_bench/http_driver.h"
#include "tools/dynarock_bench/workload.h"

namespace dynarock::bench {

struct CostOptions {
  double request_rate = 100;  // requests/s the projection assumes
  double read_price_per_million = 0.25;
  double write_price_per_million = 1.25;
};

struct RunMeta {
  Endpoint endpoint;
  const Workload* workload = nullptr;
  const RunOptions* options = nullptr;
  CostOptions cost;
};

inline constexpr double kSecondsPerMonth = 730.0 * 3600.0;

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
