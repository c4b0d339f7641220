// The HTML report of dynarock-bench: one self-contained page for a result
// document, the JSON that a run writes ("tool": "dynarock-bench", "format": 1,
// "operations": [...]) or that `dynarock-bench compare` writes ("compare":
// true, "runs": [<run>, ...]).
//
// The page has no scripts and references nothing outside itself: the styles
// are embedded and the plots are inline SVG drawn here, so it opens offline
// from file:// and can be mailed or attached as is. It shows
//   - a header: endpoint(s), workload, table, mode, connections, rate,
//     duration, start time, server CPU;
//   - a summary: requests, errors, throughput, requests per server CPU-second,
//     latency percentiles, capacity units, projected monthly cost;
//   - one row per access pattern: operation, index, share, requests, errors by
//     type, throughput, p50/p90/p99/p99.9/max, RCU/WCU per request, cost;
//   - plots: latency by percentile on a "nines" axis (log latency), p99 per
//     pattern as bars, throughput and p99 over time;
//   - the cost projection: the price list (region, class, date, source),
//     each pattern's request type and units per request by table and index,
//     on demand and provisioned side by side, storage, and the failing
//     patterns left out of the totals (also marked in the pattern table);
//   - the hot partitions, overall and per pattern, with the read and write
//     units a second each drew and a warning for any past the service's
//     per-partition limits (3,000 RCU/s, 1,000 WCU/s).
// A comparison shows one column (or plot series) per run and, for each run
// after the first, its ratio to runs[0], the baseline: throughput, p50, p99.
//
// Every string taken from the document is HTML-escaped. Optional fields that
// are missing or null show as "—"; sections with nothing to show (no
// timeline, no hot partitions, no cost) are left out.
//
// Thread safety: a pure function of its argument.
//
// nlohmann/json stays in report_html.cc so this header includes only the
// standard library.

#ifndef DYNAROCK_TOOLS_DYNAROCK_BENCH_REPORT_HTML_H_
#define DYNAROCK_TOOLS_DYNAROCK_BENCH_REPORT_HTML_H_

#include <string>
#include <string_view>

namespace dynarock::bench {

// Renders `result_json`, a single run or a comparison ({"compare": true,
// "runs": [...]}), as one HTML5 page (UTF-8).
//
// Throws std::invalid_argument when the document cannot be rendered; the
// message always starts with "result document: ", then one of
//   "not JSON (<parser message>)"
//   "not a JSON object"
//   "missing field \"tool\""        "\"tool\" is not \"dynarock-bench\""
//   "missing field \"format\""      "unsupported format <n> (expected 1)"
//   "missing field \"operations\" (or \"runs\" for a comparison)"
//   "\"operations\" is not an array"   "operations[<i>] is not an object"
//   "missing field \"runs\""        "\"runs\" is not a non-empty array"
//   "runs[<i>] is not an object"    "runs[<i>]: missing field \"operations\""
//   "runs[<i>]: \"operations\" is not an array" (and so on, prefixed)
// Other fields are optional: a wrong type counts as missing.
std::string RenderHtmlReport(std::string_view result_json);

}  // namespace dynarock::bench

#endif  // DYNAROCK_TOOLS_DYNAROCK_BENCH_REPORT_HTML_H_
