#include "tools/dynarock_bench/report_html.h"

#include <stdexcept>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace dynarock::bench {
namespace {

using nlohmann::json;

constexpr std::string_view kEvilName = "<script>alert(\"x\")</script> & co";

json Curve(double scale) {
  return json::array({{0.0, 40000 * scale},
                      {50.0, 800000 * scale},
                      {90.0, 1500000 * scale},
                      {99.0, 2000000 * scale},
                      {99.9, 5000000 * scale},
                      {99.99, 9000000 * scale},
                      {100.0, 20000000 * scale}});
}

json Operation(std::string name, std::string action, double throughput,
               double p50) {
  return {
      {"name", name},
      {"operation", action},
      {"index", nullptr},
      {"weight", 1.0},
      {"share", 0.0625},
      {"requests", 6250},
      {"errors", json::object()},
      {"throughput_rps", throughput},
      {"latency_ns",
       {{"min", 40000},
        {"p50", p50},
        {"p90", 1500000},
        {"p99", 2000000},
        {"p999", 5000000},
        {"max", 20000000},
        {"mean", 900000.0}}},
      {"latency_curve", Curve(p50 / 800000)},
      {"rcu_per_request", 0.5},
      {"wcu_per_request", 0.0},
      {"monthly_cost_usd", 1.23},
      {"hot_partitions", json::array()},
  };
}

// A single run with three access patterns.
json SingleRun() {
  json get = Operation("Get customer by ID", "GetItem", 624.0, 812345);
  get["errors"] = {{"ThrottlingException", 2}};
  get["failing"] = true;
  get["hot_partitions"] = {{{"partition", "CUSTOMER#cust_123"},
                            {"requests", 400},
                            {"share", 0.064}}};
  json query = Operation("Orders by customer", "Query", 312.5, 1234567);
  query["index"] = "GSI1";
  query["share"] = 0.5;
  query["requests"] = 50000;
  query["rcu_per_request"] = 1.5;
  query["monthly_cost_usd"] = 12345.678;
  json put = Operation("Put order", "TransactWriteItems", 99.0, 850);
  put["rcu_per_request"] = 0;
  put["wcu_per_request"] = 1;
  put["monthly_cost_usd"] = 0.0012;
  return {
      {"tool", "dynarock-bench"},
      {"format", 1},
      {"endpoint", "http://127.0.0.1:8000"},
      {"label", "dynarock"},
      {"workload", "makeriess"},
      {"table", "makeriess-main-table"},
      {"mode", "closed"},
      {"connections", 16},
      {"target_rate", nullptr},
      {"started_at", "2026-11-26T02:00:00Z"},
      {"duration_s", 10.02},
      {"server_cpu_s", 8.1},
      {"totals",
       {{"requests", 100000},
        {"errors", 2},
        {"throughput_rps", 9980.0},
        {"requests_per_server_cpu_s", 12345.0},
        {"latency_ns",
         {{"min", 40000},
          {"p50", 999600},
          {"p90", 1500000},
          {"p99", 12345678},
          {"p999", 123456789},
          {"max", 1500000000},
          {"mean", 1100000.0}}},
        {"latency_curve", Curve(1)},
        {"rcu", 1234.5},
        {"wcu", 0.0},
        {"failing_patterns", {"Get customer by ID"}}}},
      {"operations", {get, query, put}},
      {"cost",
       {{"request_rate", 100.0},
        {"read_price_per_million", 0.125},
        {"write_price_per_million", 0.625},
        {"monthly_read_usd", 1.0},
        {"monthly_write_usd", 2.0},
        {"monthly_total_usd", 3.0},
        {"monthly_storage_usd", 0.5},
        {"provisioned_total_usd", 2.25},
        {"failing_patterns", {"Get customer by ID"}},
        {"prices",
         {{"region", "us-east-1"},
          {"table_class", "STANDARD"},
          {"date", "2024-11-01"},
          {"source", "built-in"},
          {"confirmed", true},
          {"note", nullptr},
          {"read_request_unit_per_million", 0.125},
          {"write_request_unit_per_million", 0.625},
          {"rcu_hour", 0.00013},
          {"wcu_hour", 0.00065},
          {"storage_gb_month", 0.25}}},
        {"patterns",
         {{{"name", "Get customer by ID"},
           {"operation", "GetItem"},
           {"request_type", "eventually consistent read"},
           {"failing", true},
           {"requests_per_s", 6.25},
           {"rcu_per_request", 0.5},
           {"wcu_per_request", 0.0},
           {"table_units_per_request", 0.5},
           {"index_units_per_request", json::object()},
           {"units_per_s", 3.5},
           {"on_demand_monthly_usd", 1.23}},
          {{"name", "Put order"},
           {"operation", "TransactWriteItems"},
           {"request_type", "transactional write"},
           {"failing", false},
           {"requests_per_s", 6.25},
           {"rcu_per_request", 0.0},
           {"wcu_per_request", 4.0},
           {"table_units_per_request", 2.0},
           {"index_units_per_request", {{"GSI1", 1.0}, {"GSI2", 1.0}}},
           {"units_per_s", 25.0},
           {"on_demand_monthly_usd", 0.0012}}}},
        {"on_demand",
         {{"read_units_per_s", 8.0},
          {"write_units_per_s", 25.0},
          {"monthly_read_usd", 1.0},
          {"monthly_write_usd", 2.0},
          {"monthly_usd", 3.0}}},
        {"provisioned",
         {{"capacity",
           {{{"name", "table"},
             {"read_units_per_s", 8.0},
             {"write_units_per_s", 12.5},
             {"rcu", 8.0},
             {"wcu", 13.0}}}},
          {"rcu", 8.0},
          {"wcu", 13.0},
          {"monthly_read_usd", 0.75},
          {"monthly_write_usd", 1.0},
          {"monthly_usd", 1.75}}},
        {"storage",
         {{"table_bytes", 1000000},
          {"table_items", 2000},
          {"indexes", {{{"name", "GSI1"}, {"bytes", 30000}, {"items", 100}}}},
          {"billable_bytes", 1240000.0},
          {"gb", 0.00115484},
          {"monthly_usd", 0.5}}}}},
      {"hot_partitions",
       {{{"partition", "GSI1 EMAIL#x@example.com"},
         {"requests", 400},
         {"share", 0.004},
         {"rcu_per_s", 3500.0},
         {"wcu_per_s", 12.5},
         {"throttles", true}}}},
      {"timeline",
       {{{"t", 1.0}, {"requests", 9800}, {"errors", 0}, {"p99_ns", 123000}},
        {{"t", 2.0}, {"requests", 10100}, {"errors", 1}, {"p99_ns", 150000}}}},
  };
}

// A comparison: `other` has twice the baseline's throughput and half its
// p50 and p99.
json Comparison() {
  json base = SingleRun();
  json other = SingleRun();
  other["label"] = "other";
  other["endpoint"] = "http://127.0.0.1:8001";
  other["totals"]["throughput_rps"] = 19960.0;
  other["totals"]["latency_ns"]["p50"] = 499800;
  other["totals"]["latency_ns"]["p99"] = 6172839;
  for (json& op : other["operations"]) {
    op["throughput_rps"] = op["throughput_rps"].get<double>() * 2;
    op["latency_ns"]["p50"] = op["latency_ns"]["p50"].get<double>() / 2;
    op["latency_ns"]["p99"] = op["latency_ns"]["p99"].get<double>() * 3;
  }
  return {{"tool", "dynarock-bench"},
          {"format", 1},
          {"compare", true},
          {"baseline", "dynarock"},
          {"runs", {base, other}}};
}

// The <svg ...>...</svg> element carrying id="<id>", or "" when none does.
std::string SvgWithId(const std::string& html, const std::string& id) {
  const size_t at = html.find("id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  const size_t start = html.rfind("<svg", at);
  const size_t end = html.find("</svg>", at);
  if (start == std::string::npos || end == std::string::npos) return "";
  return html.substr(start, end + 6 - start);
}

size_t CountOf(const std::string& haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// The message RenderHtmlReport(text) throws, or "<no exception>".
std::string ErrorOf(const std::string& text) {
  try {
    RenderHtmlReport(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "<no exception>";
}

TEST(ReportHtmlTest, SingleRunFormatsNumbers) {
  const std::string html = RenderHtmlReport(SingleRun().dump());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);

  // Header.
  EXPECT_NE(html.find("<h1>dynarock-bench: makeriess</h1>"), std::string::npos);
  EXPECT_NE(html.find("<td>http://127.0.0.1:8000</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>makeriess-main-table</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>closed loop</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>as fast as possible</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>16</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>10.02 s</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>2026-11-26T02:00:00Z</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>8.10 s</td>"), std::string::npos);

  // Summary.
  EXPECT_NE(html.find("<th>Requests</th><td class=\"n\">100,000</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<th>Error rate</th><td class=\"n\">0.00%</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<th>Throughput (req/s)</th><td class=\"n\">9,980</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<th>Requests per server CPU-second</th>"
                      "<td class=\"n\">12,345</td>"),
            std::string::npos);
  // 999.6 µs rounds up into the next unit.
  EXPECT_NE(html.find("<th>p50</th><td class=\"n\">1.00 ms</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<th>p99</th><td class=\"n\">12.3 ms</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<th>p99.9</th><td class=\"n\">123 ms</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<th>max</th><td class=\"n\">1.50 s</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<th>Read capacity units</th><td class=\"n\">1,234.5"),
            std::string::npos);
  EXPECT_NE(html.find("<th>Projected monthly cost</th>"
                      "<td class=\"n\">$3.00</td>"),
            std::string::npos);

  // Access patterns: share, requests, errors by type, throughput, latency,
  // capacity, cost.
  EXPECT_NE(html.find("Get customer by ID <span class=\"fail\">failing</span>"
                      "</td><td>GetItem</td><td>—</td>"
                      "<td class=\"n\">6.25%</td><td class=\"n\">6,250</td>"
                      "<td class=\"n errors\">2<div class=\"etype\">"
                      "Throttling<wbr>Exception 2</div></td>"
                      "<td class=\"n\">624</td><td class=\"n\">812 µs</td>"
                      "<td class=\"n\">1.50 ms</td><td class=\"n\">2.00 ms</td>"
                      "<td class=\"n\">5.00 ms</td><td class=\"n\">20.0 ms</td>"
                      "<td class=\"n\">0.5</td><td class=\"n\">0</td>"
                      "<td class=\"n\">$1.23</td>"),
            std::string::npos);
  EXPECT_NE(html.find("Orders by customer</td><td>Query</td><td>GSI1</td>"
                      "<td class=\"n\">50.0%</td><td class=\"n\">50,000</td>"
                      "<td class=\"n errors\">0</td><td class=\"n\">313</td>"
                      "<td class=\"n\">1.23 ms</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"n\">1.5</td><td class=\"n\">0</td>"
                      "<td class=\"n\">$12,345.68</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"n\">99.0</td><td class=\"n\">850 ns</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"n\">$0.0012</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>Transact<wbr>Write<wbr>Items</td>"),
            std::string::npos);

  // Failing patterns are marked in the table and counted in its total.
  EXPECT_NE(html.find("Get customer by ID <span class=\"fail\">failing"
                      "</span></td><td>GetItem</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<tfoot><tr><td>All requests <span class=\"fail\">1 "
                      "failing</span></td>"),
            std::string::npos);
  EXPECT_NE(html.find("<th>Failing patterns</th><td class=\"n\">1</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<th>Projected monthly cost, provisioned</th>"
                      "<td class=\"n\">$2.25</td>"),
            std::string::npos);

  // Cost projection: the prices and their date, each pattern's request type
  // and units, on demand and provisioned side by side, storage, failing.
  EXPECT_NE(html.find("<h2>Cost projection</h2>"), std::string::npos);
  EXPECT_NE(html.find("Prices: us-east-1 STANDARD, as of 2024-11-01 "
                      "(built-in): on demand $0.125 per million read request "
                      "units, $0.625 per million write request units; "
                      "provisioned $0.00013 per RCU-hour, $0.00065 per "
                      "WCU-hour; storage $0.25 per GB-month. The free tier is "
                      "not modelled."),
            std::string::npos);
  EXPECT_NE(html.find("A steady 100 requests/s"), std::string::npos);
  EXPECT_NE(html.find("<tr><td>Get customer by ID <span class=\"fail\">"
                      "failing</span></td><td>GetItem</td>"
                      "<td>eventually consistent read</td>"
                      "<td class=\"n\">6.25</td><td>0.5 RCU (table 0.5)</td>"
                      "<td class=\"n\">3.5</td><td class=\"n\">$1.23</td>"
                      "</tr>"),
            std::string::npos);
  EXPECT_NE(html.find("<td>transactional write</td><td class=\"n\">6.25</td>"
                      "<td>4 WCU (table 2, GSI1 1, GSI2 1)</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><th>Reads</th><td class=\"n\">$1.00</td>"
                      "<td class=\"n\">$0.75</td></tr>"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><th>Storage</th><td class=\"n\">$0.50</td>"
                      "<td class=\"n\">$0.50</td></tr>"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><th>Total a month</th><td class=\"n\">$3.00</td>"
                      "<td class=\"n\">$2.25</td></tr>"),
            std::string::npos);
  EXPECT_NE(html.find("Provisioned capacity: table 8 RCU (8/s), 13 WCU "
                      "(12.5/s).</p>"),
            std::string::npos);
  EXPECT_NE(html.find("Storage: table 1,000,000 bytes + 100 x 2,000 items, "
                      "GSI1 30,000 bytes + 100 x 100 entries = 1,240,000 "
                      "bytes billed (0.00115484 GB) x $0.25 = $0.50 a "
                      "month.</p>"),
            std::string::npos);
  EXPECT_NE(html.find("<p class=\"warn\">1 failing pattern (requests with "
                      "errors), excluded from every total: Get customer by "
                      "ID.</p>"),
            std::string::npos);

  // Hot partitions in units a second against the per-partition limits.
  EXPECT_NE(html.find("<h2>Hot partitions</h2>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"key\">GSI1 EMAIL#x@example.com <span "
                      "class=\"fail\">throttles</span></td>"
                      "<td class=\"n\">400</td><td class=\"n\">0.40%</td>"
                      "<td class=\"n\">3,500</td><td class=\"n\">12.5</td>"
                      "</tr>"),
            std::string::npos);
  EXPECT_NE(html.find(">RCU/s</th>"), std::string::npos);
  EXPECT_NE(html.find("<p class=\"warn\">Warning: partition GSI1 "
                      "EMAIL#x@example.com drew 3,500 RCU/s and 12.5 WCU/s; "
                      "the service throttles a partition past 3,000 RCU/s or "
                      "1,000 WCU/s.</p>"),
            std::string::npos);
  EXPECT_NE(html.find("<figcaption>Get customer by ID</figcaption>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"key\">CUSTOMER#cust_123</td>"
                      "<td class=\"n\">400</td><td class=\"n\">6.40%</td>"),
            std::string::npos);
}

TEST(ReportHtmlTest, EscapesEveryString) {
  json doc = SingleRun();
  doc["operations"][1]["name"] = kEvilName;
  doc["operations"][1]["index"] = "<i>";
  doc["operations"][1]["errors"] = {{"<b>Error</b>", 1}};
  doc["operations"][1]["hot_partitions"] = {
      {{"partition", "PK#<img src=x>"}, {"requests", 1}, {"share", 0.1}}};
  doc["label"] = "a'b";
  doc["workload"] = "w<&>";
  doc["started_at"] = "\"now\"";
  const std::string html = RenderHtmlReport(doc.dump());

  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find(kEvilName), std::string::npos);
  EXPECT_EQ(html.find("alert(\"x\")"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("w<&>"), std::string::npos);

  const std::string escaped =
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co";
  // The table, the legend, the plot's tooltip, the bar label.
  EXPECT_GE(CountOf(html, escaped), 4u);
  EXPECT_NE(html.find("<td>&lt;i&gt;</td>"), std::string::npos);
  EXPECT_NE(html.find("<div class=\"etype\">&lt;b&gt;Error&lt;/b&gt; 1</div>"),
            std::string::npos);
  EXPECT_NE(html.find("PK#&lt;img src=x&gt;"), std::string::npos);
  EXPECT_NE(html.find("a&#39;b"), std::string::npos);
  EXPECT_NE(html.find("<title>dynarock-bench: w&lt;&amp;&gt;</title>"),
            std::string::npos);
  EXPECT_NE(html.find("&quot;now&quot;"), std::string::npos);
}

TEST(ReportHtmlTest, ControlCharactersAreReplaced) {
  json doc = SingleRun();
  doc["operations"][0]["name"] = std::string("a\x01z", 3);
  const std::string html = RenderHtmlReport(doc.dump());
  EXPECT_EQ(html.find('\x01'), std::string::npos);
  EXPECT_NE(html.find("a\xEF\xBF\xBDz"), std::string::npos);
}

TEST(ReportHtmlTest, PlotsAreInlineSvg) {
  const std::string html = RenderHtmlReport(SingleRun().dump());

  const std::string latency = SvgWithId(html, "latency");
  ASSERT_FALSE(latency.empty());
  EXPECT_EQ(CountOf(latency, "<path class=\"series\""), 3u);
  for (const char* tick : {">0</text>", ">90</text>", ">99</text>",
                           ">99.9</text>", ">99.99</text>", ">max</text>",
                           ">1ms</text>", ">10ms</text>", ">10µs</text>"}) {
    EXPECT_NE(latency.find(tick), std::string::npos) << tick;
  }
  EXPECT_NE(latency.find("<title>Orders by customer</title>"),
            std::string::npos);
  // Legend: one entry per pattern.
  EXPECT_NE(html.find("</svg>Get customer by ID</span>"), std::string::npos);
  EXPECT_NE(html.find("</svg>Put order</span>"), std::string::npos);

  const std::string bars = SvgWithId(html, "p99-bars");
  ASSERT_FALSE(bars.empty());
  EXPECT_EQ(CountOf(bars, "<rect class=\"bar\""), 3u);
  EXPECT_NE(bars.find(">2.00 ms</text>"), std::string::npos);

  const std::string throughput = SvgWithId(html, "throughput");
  ASSERT_FALSE(throughput.empty());
  EXPECT_EQ(CountOf(throughput, "<path class=\"series\""), 1u);
  EXPECT_NE(throughput.find(">10k</text>"), std::string::npos);

  const std::string p99 = SvgWithId(html, "p99-timeline");
  ASSERT_FALSE(p99.empty());
  EXPECT_NE(p99.find(">100µs</text>"), std::string::npos);
}

TEST(ReportHtmlTest, NothingExternal) {
  const std::string html = RenderHtmlReport(Comparison().dump());
  for (const char* scheme : {"http://", "https://"}) {
    for (size_t at = html.find(scheme); at != std::string::npos;
         at = html.find(scheme, at + 1)) {
      const std::string_view rest = std::string_view(html).substr(at);
      const bool ok =
          (rest.starts_with("http://www.w3.org/2000/svg\"") &&
           std::string_view(html).substr(at - 7, 7) == "xmlns=\"") ||
          rest.starts_with("http://127.0.0.1:800");
      EXPECT_TRUE(ok) << html.substr(at > 40 ? at - 40 : 0, 100);
    }
  }
  for (const char* tag :
       {"<script", "<link", "<img", "<iframe", "@import", "url(", "src="}) {
    EXPECT_EQ(html.find(tag), std::string::npos) << tag;
  }
}

TEST(ReportHtmlTest, NullsAndEmptiesDoNotCrash) {
  json doc = SingleRun();
  doc["server_cpu_s"] = nullptr;
  doc["totals"]["requests_per_server_cpu_s"] = nullptr;
  doc["timeline"] = json::array();
  doc["hot_partitions"] = json::array();
  doc.erase("cost");
  for (json& op : doc["operations"]) {
    op["hot_partitions"] = json::array();
    op.erase("monthly_cost_usd");
  }
  doc["operations"][0]["latency_curve"] = json::array();
  doc["operations"][0]["latency_ns"] = nullptr;
  doc["operations"][1] = {{"name", "bare"}};
  doc["operations"][2]["latency_curve"] = {{50.0, 0}, {"x", 1}, {100.0, 0}};
  const std::string html = RenderHtmlReport(doc.dump());

  EXPECT_NE(html.find("<th>Server CPU</th><td>—</td>"), std::string::npos);
  EXPECT_NE(html.find("<th>Requests per server CPU-second</th>"
                      "<td class=\"n\">—</td>"),
            std::string::npos);
  EXPECT_NE(html.find("bare</td><td>—</td><td>—</td><td class=\"n\">—</td>"),
            std::string::npos);
  EXPECT_EQ(html.find("Over time"), std::string::npos);
  EXPECT_EQ(html.find("Hot partitions"), std::string::npos);
  EXPECT_EQ(html.find("Cost projection"), std::string::npos);
  EXPECT_EQ(CountOf(SvgWithId(html, "latency"), "<path class=\"series\""), 1u);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

TEST(ReportHtmlTest, MinimalDocument) {
  const std::string html = RenderHtmlReport(
      R"({"tool": "dynarock-bench", "format": 1, "operations": []})");
  EXPECT_NE(html.find("<h1>dynarock-bench: workload</h1>"), std::string::npos);
  EXPECT_NE(html.find("No data."), std::string::npos);
  EXPECT_EQ(html.find("p99-bars"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

TEST(ReportHtmlTest, WrongTypesCountAsMissing) {
  json doc = SingleRun();
  doc["connections"] = "many";
  doc["totals"] = 5;
  doc["timeline"] = {{{"t", "x"}}, 7, {{"t", 1.0}, {"requests", "lots"}}};
  doc["hot_partitions"] = "none";
  doc["operations"][0]["errors"] = {{"Throttling", "two"}};
  doc["operations"][0]["latency_curve"] = {1, 2, 3};
  doc["cost"] = {{"monthly_total_usd", "free"}};
  const std::string html = RenderHtmlReport(doc.dump());
  EXPECT_NE(html.find("<th>Connections</th><td>—</td>"), std::string::npos);
  EXPECT_NE(html.find("<th>Requests</th><td class=\"n\">—</td>"),
            std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

TEST(ReportHtmlTest, OpenLoopShowsTargetRate) {
  json doc = SingleRun();
  doc["mode"] = "open";
  doc["target_rate"] = 5000;
  const std::string html = RenderHtmlReport(doc.dump());
  EXPECT_NE(html.find("<td>open loop</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>5,000 req/s</td>"), std::string::npos);
}

TEST(ReportHtmlCompareTest, RatiosAgainstTheBaseline) {
  const std::string html = RenderHtmlReport(Comparison().dump());
  EXPECT_NE(html.find("Ratios are against the baseline, dynarock."),
            std::string::npos);
  EXPECT_NE(html.find("<th>dynarock</th><th>other</th>"), std::string::npos);
  EXPECT_NE(html.find("<td>http://127.0.0.1:8001</td>"), std::string::npos);

  // Summary: values per run, then other / dynarock.
  EXPECT_NE(html.find("<th class=\"n sep\">other / dynarock</th>"),
            std::string::npos);
  EXPECT_NE(html.find("<th>Throughput (req/s)</th><td class=\"n\">9,980</td>"
                      "<td class=\"n\">19,960</td>"
                      "<td class=\"n sep better\">2.00x</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<th>p50</th><td class=\"n\">1.00 ms</td>"
                      "<td class=\"n\">500 µs</td>"
                      "<td class=\"n sep better\">0.50x</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<th>p99</th><td class=\"n\">12.3 ms</td>"
                      "<td class=\"n\">6.17 ms</td>"
                      "<td class=\"n sep better\">0.50x</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<th>Projected monthly cost</th><td class=\"n\">$3.00"
                      "</td><td class=\"n\">$3.00</td>"
                      "<td class=\"n sep\">1.00x</td>"),
            std::string::npos);

  // Per pattern: throughput 2x, p50 half, p99 three times.
  EXPECT_NE(html.find("<tr><td>Get customer by ID</td><td>GetItem</td>"
                      "<td class=\"n sep\">624</td><td class=\"n\">1,248</td>"
                      "<td class=\"n better\">2.00x</td>"
                      "<td class=\"n sep\">812 µs</td>"
                      "<td class=\"n\">406 µs</td>"
                      "<td class=\"n better\">0.50x</td>"
                      "<td class=\"n sep\">2.00 ms</td>"
                      "<td class=\"n\">6.00 ms</td>"
                      "<td class=\"n worse\">3.00x</td></tr>"),
            std::string::npos);
  EXPECT_EQ(CountOf(html, "<td class=\"n better\">2.00x</td>"), 4u);
  EXPECT_EQ(CountOf(html, "<td class=\"n worse\">3.00x</td>"), 3u);

  // One detailed table per run.
  EXPECT_NE(html.find("<details open><summary>dynarock</summary>"),
            std::string::npos);
  EXPECT_NE(html.find("<details open><summary>other</summary>"),
            std::string::npos);
}

TEST(ReportHtmlCompareTest, OnePanelPerPatternOneSeriesPerRun) {
  const std::string html = RenderHtmlReport(Comparison().dump());
  for (const char* id :
       {"latency-all", "latency-1", "latency-2", "latency-3"}) {
    const std::string svg = SvgWithId(html, id);
    ASSERT_FALSE(svg.empty()) << id;
    EXPECT_EQ(CountOf(svg, "<path class=\"series\""), 2u) << id;
    EXPECT_NE(svg.find("<title>dynarock</title>"), std::string::npos);
    EXPECT_NE(svg.find("<title>other</title>"), std::string::npos);
  }
  EXPECT_TRUE(SvgWithId(html, "latency-4").empty());
  EXPECT_NE(html.find("<figcaption>Orders by customer</figcaption>"),
            std::string::npos);
  // Bars: a pair per pattern.
  EXPECT_EQ(CountOf(SvgWithId(html, "p99-bars"), "<rect class=\"bar\""), 6u);
  EXPECT_EQ(CountOf(SvgWithId(html, "throughput"), "<path class=\"series\""),
            2u);
}

TEST(ReportHtmlCompareTest, PatternsMissingFromARun) {
  json doc = Comparison();
  doc["runs"][1]["operations"].erase(0);
  doc["runs"][1]["operations"].push_back(
      Operation("Only in other", "Scan", 10, 1000));
  doc["runs"][1]["server_cpu_s"] = nullptr;
  const std::string html = RenderHtmlReport(doc.dump());
  EXPECT_NE(html.find("<tr><td>Get customer by ID</td><td>GetItem</td>"
                      "<td class=\"n sep\">624</td><td class=\"n\">—</td>"
                      "<td class=\"n\">—</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><td>Only in other</td><td>Scan</td>"
                      "<td class=\"n sep\">—</td><td class=\"n\">10.0</td>"),
            std::string::npos);
  EXPECT_FALSE(SvgWithId(html, "latency-4").empty());
}

TEST(ReportHtmlCompareTest, ThreeRunsNameTheirRatios) {
  json doc = Comparison();
  json third = doc["runs"][0];
  third["label"] = "third";
  doc["runs"].push_back(third);
  const std::string html = RenderHtmlReport(doc.dump());
  EXPECT_NE(html.find("<th class=\"n\">other ratio</th>"
                      "<th class=\"n\">third ratio</th>"),
            std::string::npos);
  EXPECT_NE(html.find("<th class=\"n sep\">third / dynarock</th>"),
            std::string::npos);
}

TEST(ReportHtmlErrorTest, NotJson) {
  for (const char* text : {"", "{", "not json", "{\"tool\": }"}) {
    EXPECT_EQ(ErrorOf(text).rfind("result document: not JSON (", 0), 0u)
        << text << ": " << ErrorOf(text);
  }
  EXPECT_THROW(RenderHtmlReport("[1, 2"), std::invalid_argument);
}

TEST(ReportHtmlErrorTest, MissingOrWrongRequiredFields) {
  EXPECT_EQ(ErrorOf("[1]"), "result document: not a JSON object");
  EXPECT_EQ(ErrorOf("{}"), "result document: missing field \"tool\"");
  EXPECT_EQ(ErrorOf(R"({"tool": null, "format": 1, "operations": []})"),
            "result document: missing field \"tool\"");
  EXPECT_EQ(ErrorOf(R"({"tool": "ab", "format": 1, "operations": []})"),
            "result document: \"tool\" is not \"dynarock-bench\"");
  EXPECT_EQ(ErrorOf(R"({"tool": "dynarock-bench", "operations": []})"),
            "result document: missing field \"format\"");
  EXPECT_EQ(ErrorOf(R"({"tool": "dynarock-bench", "format": 2})"),
            "result document: unsupported format 2 (expected 1)");
  EXPECT_EQ(ErrorOf(R"({"tool": "dynarock-bench", "format": "1"})"),
            "result document: unsupported format \"1\" (expected 1)");
  EXPECT_EQ(ErrorOf(R"({"tool": "dynarock-bench", "format": 1})"),
            "result document: missing field \"operations\" (or \"runs\" for "
            "a comparison)");
  EXPECT_EQ(
      ErrorOf(R"({"tool": "dynarock-bench", "format": 1, "operations": {}})"),
      "result document: \"operations\" is not an array");
  EXPECT_EQ(
      ErrorOf(R"({"tool": "dynarock-bench", "format": 1, "operations": [1]})"),
      "result document: operations[0] is not an object");

  json doc = SingleRun();
  doc.erase("operations");
  EXPECT_EQ(ErrorOf(doc.dump()),
            "result document: missing field \"operations\" (or \"runs\" for "
            "a comparison)");
}

TEST(ReportHtmlErrorTest, ComparisonFields) {
  EXPECT_EQ(ErrorOf(R"({"tool": "dynarock-bench", "format": 1,
                        "compare": true})"),
            "result document: missing field \"runs\"");
  EXPECT_EQ(ErrorOf(R"({"tool": "dynarock-bench", "format": 1,
                        "compare": true, "runs": []})"),
            "result document: \"runs\" is not a non-empty array");
  EXPECT_EQ(ErrorOf(R"({"tool": "dynarock-bench", "format": 1,
                        "runs": [{"operations": []}, 3]})"),
            "result document: runs[1] is not an object");

  json doc = Comparison();
  doc["runs"][1].erase("operations");
  EXPECT_EQ(ErrorOf(doc.dump()),
            "result document: runs[1]: missing field \"operations\"");
  doc["runs"][1]["operations"] = "x";
  EXPECT_EQ(ErrorOf(doc.dump()),
            "result document: runs[1]: \"operations\" is not an array");
  doc["runs"][1]["operations"] = {json::object(), 1};
  EXPECT_EQ(ErrorOf(doc.dump()),
            "result document: runs[1]: operations[1] is not an object");
}

}  // namespace
}  // namespace dynarock::bench
