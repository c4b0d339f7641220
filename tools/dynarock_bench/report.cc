// See report.h.

#include "tools/dynarock_bench/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "dynarock_version.h"

namespace dynarock::bench {
namespace {

using Json = nlohmann::ordered_json;

constexpr double kCurvePercentiles[] = {
    0,  10, 20,   30, 40,   50,    60,   70,    75,    80,     85,
    90, 95, 97.5, 99, 99.5, 99.75, 99.9, 99.95, 99.99, 99.999, 100};

Json LatencyJson(const LatencyHistogram& h) {
  return Json{{"min", h.min()},
              {"p50", h.ValueAtPercentile(50)},
              {"p90", h.ValueAtPercentile(90)},
              {"p99", h.ValueAtPercentile(99)},
              {"p999", h.ValueAtPercentile(99.9)},
              {"max", h.max()},
              {"mean", h.mean()}};
}

Json CurveJson(const LatencyHistogram& h) {
  Json curve = Json::array();
  if (h.count() == 0) return curve;
  for (double p : kCurvePercentiles)
    curve.push_back(Json::array({p, h.ValueAtPercentile(p)}));
  return curve;
}

Json Top(const std::map<std::string, uint64_t>& counts, size_t n,
         uint64_t total) {
  std::vector<std::pair<std::string, uint64_t>> v(counts.begin(), counts.end());
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
    return a.second > b.second;
  });
  Json out = Json::array();
  for (size_t i = 0; i < v.size() && i < n; ++i) {
    out.push_back(
        {{"partition", v[i].first},
         {"requests", v[i].second},
         {"share", total ? static_cast<double>(v[i].second) / total : 0.0}});
  }
  return out;
}

// The service's throughput limits per partition (Developer Guide,
// "Partitions and data distribution").
constexpr double kPartitionReadUnits = 3000;
constexpr double kPartitionWriteUnits = 1000;

double Round(double v, int digits) {
  double scale = std::pow(10.0, digits);
  return std::round(v * scale) / scale;
}

Json PricesJson(const PriceList& p) {
  auto opt = [](const std::optional<double>& v) {
    return v ? Json(*v) : Json(nullptr);
  };
  return {{"region", p.region},
          {"table_class", p.table_class},
          {"date", p.date.empty() ? Json(nullptr) : Json(p.date)},
          {"source", p.source},
          {"confirmed", p.confirmed},
          {"note", p.note.empty() ? Json(nullptr) : Json(p.note)},
          {"read_request_unit_per_million", p.read_request_unit_per_million},
          {"write_request_unit_per_million", p.write_request_unit_per_million},
          {"rcu_hour", opt(p.rcu_hour)},
          {"wcu_hour", opt(p.wcu_hour)},
          {"storage_gb_month", opt(p.storage_gb_month)},
          {"free_tier_modelled", false}};
}

}  // namespace

std::string FormatNanos(double ns) {
  char buf[32];
  auto three = [&](double v, const char* unit) {
    if (v >= 100) {
      std::snprintf(buf, sizeof buf, "%.0f%s", v, unit);
    } else if (v >= 10) {
      std::snprintf(buf, sizeof buf, "%.1f%s", v, unit);
    } else {
      std::snprintf(buf, sizeof buf, "%.2f%s", v, unit);
    }
  };
  if (ns < 1e3) {
    three(ns, "ns");
  } else if (ns < 1e6) {
    three(ns / 1e3, "µs");
  } else if (ns < 1e9) {
    three(ns / 1e6, "ms");
  } else {
    three(ns / 1e9, "s");
  }
  return buf;
}

std::string VersionLine() {
  return "dynarock-bench " DYNAROCK_VERSION " (commit " DYNAROCK_GIT_COMMIT ")";
}

std::string ResultJson(const RunStats& stats, const RunMeta& meta) {
  const Workload& w = *meta.workload;
  const RunOptions& o = *meta.options;
  Json doc;
  doc["tool"] = "dynarock-bench";
  doc["format"] = 1;
  doc["version"] = VersionLine();
  doc["endpoint"] = meta.endpoint.url;
  doc["label"] =
      meta.endpoint.label.empty() ? meta.endpoint.url : meta.endpoint.label;
  doc["workload"] = w.name;
  doc["table"] = w.table;
  doc["mode"] = o.rate > 0 ? "open" : "closed";
  doc["connections"] = o.connections;
  doc["target_rate"] = o.rate > 0 ? Json(o.rate) : Json(nullptr);
  doc["started_at"] = stats.started_at;
  doc["duration_s"] = Round(stats.elapsed_s, 3);
  doc["server_cpu_s"] = stats.server_cpu_s < 0
                            ? Json(nullptr)
                            : Json(Round(stats.server_cpu_s, 3));
  doc["driver_cpu_s"] = stats.driver_cpu_s < 0
                            ? Json(nullptr)
                            : Json(Round(stats.driver_cpu_s, 3));

  OperationStats total;
  for (const auto& op : stats.ops) total.Merge(op);
  uint64_t requests = total.requests;
  double elapsed = stats.elapsed_s > 0 ? stats.elapsed_s : 1;

  double read_units = 0, write_units = 0;
  bool any_capacity = false;
  Json ops = Json::array();
  std::map<std::string, uint64_t> all_partitions;
  // Each partition's read and write units: its requests of each pattern at
  // that pattern's units per request.
  std::map<std::string, std::pair<double, double>> partition_units;
  const PriceList& prices = meta.cost.prices;
  const double rate = meta.cost.request_rate;
  // The cost section: per pattern, then the totals of the patterns without
  // errors. Read and write units a second on the table ("") and each index.
  Json cost_patterns = Json::array();
  Json failing = Json::array();
  double monthly_read = 0, monthly_write = 0, read_ups = 0, write_ups = 0;
  std::map<std::string, std::pair<double, double>> holder_ups;
  holder_ups[""];
  for (size_t i = 0; i < stats.ops.size() && i < w.operations.size(); ++i) {
    const Operation& def = w.operations[i];
    const OperationStats& s = stats.ops[i];
    double share = requests ? static_cast<double>(s.requests) / requests : 0;
    const bool is_failing = s.errors > 0;
    if (is_failing) failing.push_back(def.name);
    Json op;
    op["name"] = def.name;
    op["operation"] = def.action;
    op["index"] = def.index.empty() ? Json(nullptr) : Json(def.index);
    op["request_type"] = def.request_type;
    op["weight"] = def.weight;
    op["share"] = Round(share, 6);
    op["requests"] = s.requests;
    Json errors = Json::object();
    for (const auto& [type, n] : s.error_types) errors[type] = n;
    op["errors"] = errors;
    op["failing"] = is_failing;
    op["throughput_rps"] = Round(s.requests / elapsed, 2);
    op["latency_ns"] = LatencyJson(s.latency);
    op["latency_curve"] = CurveJson(s.latency);
    uint64_t ok = s.requests - s.errors;
    op["items_per_request"] =
        ok ? Json(Round(static_cast<double>(s.items) / ok, 3)) : Json(nullptr);
    // A read that never finds anything measures an empty answer, not the
    // pattern: its keys likely miss the data.
    const bool finds = def.action == "GetItem" || def.action == "Query" ||
                       def.action == "Scan" || def.action == "BatchGetItem";
    op["empty_reads"] = finds && ok > 0 && s.items == 0;
    Json cp;
    cp["name"] = def.name;
    cp["operation"] = def.action;
    cp["request_type"] = def.request_type;
    cp["failing"] = is_failing;
    cp["requests_per_s"] = Round(share * rate, 4);
    if (s.capacity_reports > 0) {
      any_capacity = true;
      const double per_request = s.capacity_units / s.capacity_reports;
      const double ups = share * rate * per_request;
      const double monthly = OnDemandMonthlyUsd(
          ups, def.reads ? prices.read_request_unit_per_million
                         : prices.write_request_unit_per_million);
      (def.reads ? read_units : write_units) += s.capacity_units;
      op["rcu_per_request"] = def.reads ? Round(per_request, 4) : 0.0;
      op["wcu_per_request"] = def.reads ? 0.0 : Round(per_request, 4);
      op["monthly_cost_usd"] = Round(monthly, 4);
      // Per request on the table and each index, when the answers split it.
      std::map<std::string, double> split;
      if (s.breakdown_reports > 0) {
        split[""] = s.breakdown_table_units / s.breakdown_reports;
        for (const auto& [name, u] : s.breakdown_index_units)
          split[name] = u / s.breakdown_reports;
        Json indexes = Json::object();
        for (const auto& [name, u] : split)
          if (!name.empty()) indexes[name] = Round(u, 4);
        op["table_units_per_request"] = Round(split[""], 4);
        op["index_units_per_request"] = indexes;
      } else {
        split[""] = per_request;
        op["table_units_per_request"] = nullptr;
        op["index_units_per_request"] = nullptr;
      }
      cp["rcu_per_request"] = op["rcu_per_request"];
      cp["wcu_per_request"] = op["wcu_per_request"];
      cp["table_units_per_request"] = op["table_units_per_request"];
      cp["index_units_per_request"] = op["index_units_per_request"];
      cp["units_per_s"] = Round(ups, 4);
      cp["on_demand_monthly_usd"] = Round(monthly, 4);
      if (!is_failing) {
        (def.reads ? monthly_read : monthly_write) += monthly;
        (def.reads ? read_ups : write_ups) += ups;
        for (const auto& [name, u] : split) {
          auto& [r, wu] = holder_ups[name];
          (def.reads ? r : wu) += share * rate * u;
        }
      }
    } else {
      op["rcu_per_request"] = nullptr;
      op["wcu_per_request"] = nullptr;
      op["table_units_per_request"] = nullptr;
      op["index_units_per_request"] = nullptr;
      op["monthly_cost_usd"] = nullptr;
      for (const char* key :
           {"rcu_per_request", "wcu_per_request", "table_units_per_request",
            "index_units_per_request", "units_per_s", "on_demand_monthly_usd"})
        cp[key] = nullptr;
    }
    cost_patterns.push_back(std::move(cp));
    std::map<std::string, uint64_t> partitions(s.partitions.begin(),
                                               s.partitions.end());
    op["hot_partitions"] = Top(partitions, 5, s.requests);
    const double units_per_request =
        s.capacity_reports > 0 ? s.capacity_units / s.capacity_reports : 0;
    for (const auto& [p, n] : partitions) {
      all_partitions[p] += n;
      auto& [r, wu] = partition_units[p];
      (def.reads ? r : wu) += n * units_per_request;
    }
    if (!s.first_error.empty()) op["first_error"] = s.first_error;
    ops.push_back(std::move(op));
  }

  Json totals;
  totals["requests"] = requests;
  totals["errors"] = total.errors;
  totals["failing_patterns"] = failing;
  totals["throughput_rps"] = Round(requests / elapsed, 2);
  totals["requests_per_server_cpu_s"] =
      stats.server_cpu_s > 0 ? Json(Round(requests / stats.server_cpu_s, 1))
                             : Json(nullptr);
  totals["latency_ns"] = LatencyJson(total.latency);
  totals["latency_curve"] = CurveJson(total.latency);
  totals["rcu"] = any_capacity ? Json(Round(read_units, 3)) : Json(nullptr);
  totals["wcu"] = any_capacity ? Json(Round(write_units, 3)) : Json(nullptr);
  doc["totals"] = totals;
  doc["operations"] = ops;
  if (any_capacity) {
    Json c;
    c["request_rate"] = rate;
    c["prices"] = PricesJson(prices);
    c["read_price_per_million"] = prices.read_request_unit_per_million;
    c["write_price_per_million"] = prices.write_request_unit_per_million;
    c["patterns"] = cost_patterns;
    c["failing_patterns"] = failing;
    c["on_demand"] = {{"read_units_per_s", Round(read_ups, 4)},
                      {"write_units_per_s", Round(write_ups, 4)},
                      {"monthly_read_usd", Round(monthly_read, 4)},
                      {"monthly_write_usd", Round(monthly_write, 4)},
                      {"monthly_usd", Round(monthly_read + monthly_write, 4)}};
    std::optional<double> provisioned;
    if (prices.rcu_hour && prices.wcu_hour) {
      Json capacity = Json::array();
      double rcu = 0, wcu = 0;
      for (const auto& [name, ups] : holder_ups) {
        const double r = ProvisionedUnits(ups.first);
        const double wu = ProvisionedUnits(ups.second);
        rcu += r;
        wcu += wu;
        capacity.push_back({{"name", name.empty() ? "table" : name},
                            {"read_units_per_s", Round(ups.first, 4)},
                            {"write_units_per_s", Round(ups.second, 4)},
                            {"rcu", r},
                            {"wcu", wu}});
      }
      const double pr = ProvisionedMonthlyUsd(rcu, *prices.rcu_hour);
      const double pw = ProvisionedMonthlyUsd(wcu, *prices.wcu_hour);
      provisioned = pr + pw;
      c["provisioned"] = {{"capacity", capacity},
                          {"rcu", rcu},
                          {"wcu", wcu},
                          {"monthly_read_usd", Round(pr, 4)},
                          {"monthly_write_usd", Round(pw, 4)},
                          {"monthly_usd", Round(pr + pw, 4)}};
    } else {
      c["provisioned"] = nullptr;
    }
    std::optional<double> storage_usd;
    if (meta.cost.storage && prices.storage_gb_month) {
      const TableStorage& st = *meta.cost.storage;
      Json indexes = Json::array();
      for (const auto& ix : st.indexes) {
        indexes.push_back(
            {{"name", ix.name}, {"bytes", ix.bytes}, {"items", ix.items}});
      }
      const double bytes = BillableBytes(st);
      storage_usd = StorageMonthlyUsd(st, *prices.storage_gb_month);
      c["storage"] = {{"table_bytes", st.table_bytes},
                      {"table_items", st.table_items},
                      {"indexes", indexes},
                      {"overhead_bytes_per_item", kStorageOverheadBytes},
                      {"billable_bytes", bytes},
                      {"gb", bytes / kBytesPerGb},
                      {"monthly_usd", Round(*storage_usd, 4)}};
    } else {
      c["storage"] = nullptr;
    }
    c["monthly_read_usd"] = Round(monthly_read, 4);
    c["monthly_write_usd"] = Round(monthly_write, 4);
    c["monthly_storage_usd"] =
        storage_usd ? Json(Round(*storage_usd, 4)) : Json(nullptr);
    c["monthly_total_usd"] =
        Round(monthly_read + monthly_write + storage_usd.value_or(0), 4);
    c["provisioned_total_usd"] =
        provisioned ? Json(Round(*provisioned + storage_usd.value_or(0), 4))
                    : Json(nullptr);
    doc["cost"] = c;
  } else {
    doc["cost"] = nullptr;
  }
  // The hottest partitions, with the units per second they drew against
  // the service's per-partition limits (Developer Guide, "Partitions and
  // data distribution": 3,000 read units and 1,000 write units a second).
  Json hot = Top(all_partitions, 10, requests);
  for (Json& h : hot) {
    const auto& [r, wu] = partition_units[h["partition"].get<std::string>()];
    const double rps = r / elapsed, wps = wu / elapsed;
    h["rcu_per_s"] = any_capacity ? Json(Round(rps, 1)) : Json(nullptr);
    h["wcu_per_s"] = any_capacity ? Json(Round(wps, 1)) : Json(nullptr);
    h["throttles"] = rps > kPartitionReadUnits || wps > kPartitionWriteUnits;
  }
  doc["hot_partitions"] = hot;
  Json timeline = Json::array();
  for (size_t t = 0; t < stats.timeline.size(); ++t) {
    const TimelinePoint& p = stats.timeline[t];
    timeline.push_back({{"t", static_cast<double>(t + 1)},
                        {"requests", p.requests},
                        {"errors", p.errors},
                        {"p99_ns", p.Percentile(99)}});
  }
  doc["timeline"] = timeline;
  return doc.dump(2);
}

std::string CompareJson(const std::vector<std::string>& results) {
  Json doc;
  doc["tool"] = "dynarock-bench";
  doc["format"] = 1;
  doc["version"] = VersionLine();
  doc["compare"] = true;
  Json runs = Json::array();
  for (const auto& r : results) runs.push_back(Json::parse(r));
  doc["baseline"] = runs.empty() ? Json(nullptr) : runs[0]["label"];
  doc["runs"] = runs;
  return doc.dump(2);
}

namespace {

std::string Num(double v, int decimals = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  // Thousands separators in the integer part.
  size_t dot = s.find('.');
  size_t int_end = dot == std::string::npos ? s.size() : dot;
  size_t start = (s[0] == '-') ? 1 : 0;
  for (int i = static_cast<int>(int_end) - 3; i > static_cast<int>(start);
       i -= 3) {
    s.insert(static_cast<size_t>(i), ",");
  }
  return s;
}

// Width in characters: UTF-8 continuation bytes take no column.
size_t DisplayWidth(const std::string& s) {
  size_t len = 0;
  for (unsigned char c : s) len += (c & 0xC0) != 0x80;
  return len;
}

std::string Pad(const std::string& s, size_t width, bool right) {
  size_t len = DisplayWidth(s);
  if (len >= width) return s;
  std::string fill(width - len, ' ');
  return right ? fill + s : s + fill;
}

std::string Truncate(const std::string& s, size_t width) {
  return s.size() <= width ? s : s.substr(0, width - 1) + "~";
}

std::string Nanos(const Json& v) {
  return v.is_number() ? FormatNanos(v.get<double>()) : "-";
}

struct Table {
  std::vector<std::string> header;
  std::vector<bool> right;
  std::vector<std::vector<std::string>> rows;

  std::string Render() const {
    std::vector<size_t> width(header.size(), 0);
    auto measure = [&](const std::vector<std::string>& row) {
      for (size_t i = 0; i < row.size(); ++i)
        width[i] = std::max(width[i], DisplayWidth(row[i]));
    };
    measure(header);
    for (const auto& r : rows) measure(r);
    std::string out;
    auto line = [&](const std::vector<std::string>& row) {
      std::string l;
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) l += "  ";
        l += Pad(row[i], width[i], right[i]);
      }
      while (!l.empty() && l.back() == ' ') l.pop_back();
      out += l + "\n";
    };
    line(header);
    std::vector<std::string> rule;
    for (size_t w : width) rule.push_back(std::string(w, '-'));
    line(rule);
    for (const auto& r : rows) line(r);
    return out;
  }
};

std::string ErrorsText(const Json& errors) {
  std::string s;
  for (const auto& [type, n] : errors.items()) {
    if (!s.empty()) s += ", ";
    s += type + " " + Num(n.get<double>());
  }
  return s;
}

// Dollars: cents, or two significant digits under a cent ("$0.0012").
std::string Usd(double v) {
  char buf[64];
  if (v > 0 && v < 0.005) {
    std::snprintf(buf, sizeof buf, "$%.2g", v);
    return buf;
  }
  return "$" + Num(v, 2);
}

// A price as given ("$0.125", "$0.00013").
std::string Price(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "$%.10g", v);
  return buf;
}

// Up to four decimals, trailing zeros dropped ("0.5", "3", "12.25").
std::string Trim(double v) {
  std::string s = Num(v, 4);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string Plural(size_t n, const char* one, const char* many) {
  return Num(static_cast<double>(n)) + " " + (n == 1 ? one : many);
}

// "eu-west-1 STANDARD prices as of 2024-11-01 (built-in)".
std::string PricesTitle(const Json& p) {
  return p.value("region", "") + " " + p.value("table_class", "") + " prices " +
         (p["date"].is_string() ? "as of " + p["date"].get<std::string>()
                                : std::string("(undated)")) +
         " (" + p.value("source", "") + ")";
}

std::string JoinNames(const Json& names) {
  std::string s;
  for (const auto& n : names)
    s += (s.empty() ? "" : ", ") + n.get<std::string>();
  return s;
}

// The units of one request: "3 WCU (table 1, GSI1 1, GSI2 1)".
std::string UnitsText(const Json& p) {
  const bool reads = p["rcu_per_request"].is_number() &&
                     p["rcu_per_request"].get<double>() > 0;
  const Json& total = reads ? p["rcu_per_request"] : p["wcu_per_request"];
  if (!total.is_number()) return "-";
  std::string s = Trim(total.get<double>()) + (reads ? " RCU" : " WCU");
  if (p["table_units_per_request"].is_number()) {
    s += " (table " + Trim(p["table_units_per_request"].get<double>());
    for (const auto& [name, u] : p["index_units_per_request"].items())
      s += ", " + name + " " + Trim(u.get<double>());
    s += ")";
  }
  return s;
}

// The cost section: prices, each pattern's units and dollars, then on
// demand and provisioned side by side, storage, and what was left out.
std::string CostText(const Json& c) {
  const Json& p = c["prices"];
  std::string out =
      "\ncost: " + PricesTitle(p) + ": on demand " +
      Price(p["read_request_unit_per_million"].get<double>()) + "/M RRU, " +
      Price(p["write_request_unit_per_million"].get<double>()) + "/M WRU";
  if (p["rcu_hour"].is_number() && p["wcu_hour"].is_number()) {
    out += "; provisioned " + Price(p["rcu_hour"].get<double>()) +
           "/RCU-hour, " + Price(p["wcu_hour"].get<double>()) + "/WCU-hour";
  }
  if (p["storage_gb_month"].is_number())
    out +=
        "; storage " + Price(p["storage_gb_month"].get<double>()) + "/GB-month";
  out += "; free tier not modelled\n";
  if (p["note"].is_string())
    out += "note: " + p["note"].get<std::string>() + "\n";
  Table table;
  table.header = {"access pattern", "request type", "req/s",
                  "units/request",  "units/s",      "on demand $/month"};
  table.right = {false, false, true, false, true, true};
  for (const auto& cp : c["patterns"]) {
    const bool failing = cp.value("failing", false);
    table.rows.push_back(
        {Truncate(cp.value("name", ""), 30) + (failing ? " (failing)" : ""),
         cp.value("request_type", ""), Trim(cp.value("requests_per_s", 0.0)),
         UnitsText(cp),
         cp["units_per_s"].is_number() ? Trim(cp["units_per_s"].get<double>())
                                       : "-",
         cp["on_demand_monthly_usd"].is_number()
             ? Usd(cp["on_demand_monthly_usd"].get<double>())
             : "-"});
  }
  out += table.Render();
  const Json& od = c["on_demand"];
  const std::string month = Num(kSecondsPerMonth) + " s";
  out += "on demand at " + Num(c["request_rate"].get<double>()) +
         " req/s in this mix: " + Trim(od["read_units_per_s"].get<double>()) +
         " RRU/s x " + month + " x " +
         Price(p["read_request_unit_per_million"].get<double>()) +
         "/M = " + Usd(od["monthly_read_usd"].get<double>()) + " reads + " +
         Trim(od["write_units_per_s"].get<double>()) + " WRU/s x " + month +
         " x " + Price(p["write_request_unit_per_million"].get<double>()) +
         "/M = " + Usd(od["monthly_write_usd"].get<double>()) +
         " writes = " + Usd(od["monthly_usd"].get<double>()) + " a month\n";
  if (c["provisioned"].is_object()) {
    const Json& pv = c["provisioned"];
    std::string holders;
    for (const auto& h : pv["capacity"]) {
      holders += (holders.empty() ? "" : ", ") + h.value("name", "") + " " +
                 Num(h["rcu"].get<double>()) + " RCU " +
                 Num(h["wcu"].get<double>()) + " WCU";
    }
    out +=
        "provisioned for that rate (peak = average, no headroom; at least "
        "1 unit each): " +
        holders + ": " + Num(pv["rcu"].get<double>()) + " RCU x 730 h x " +
        Price(p["rcu_hour"].get<double>()) + " = " +
        Usd(pv["monthly_read_usd"].get<double>()) + " + " +
        Num(pv["wcu"].get<double>()) + " WCU x 730 h x " +
        Price(p["wcu_hour"].get<double>()) + " = " +
        Usd(pv["monthly_write_usd"].get<double>()) + " = " +
        Usd(pv["monthly_usd"].get<double>()) + " a month\n";
  } else {
    out += "provisioned: no hourly prices in this list\n";
  }
  if (c["storage"].is_object()) {
    const Json& st = c["storage"];
    std::string parts = "table " + Num(st["table_bytes"].get<double>()) +
                        " B + 100 B x " + Num(st["table_items"].get<double>()) +
                        " items";
    for (const auto& ix : st["indexes"]) {
      parts += ", " + ix.value("name", "") + " " +
               Num(ix["bytes"].get<double>()) + " B + 100 B x " +
               Num(ix["items"].get<double>()) + " entries";
    }
    char gb[64];
    std::snprintf(gb, sizeof gb, "%.6g", st["gb"].get<double>());
    out += "storage: " + parts + " = " + gb + " GB x " +
           Price(p["storage_gb_month"].get<double>()) + " = " +
           Usd(st["monthly_usd"].get<double>()) + " a month\n";
  } else {
    out +=
        "storage: not known (no table size from DescribeTable, or no "
        "storage price)\n";
  }
  out += "total: " + Usd(c["monthly_total_usd"].get<double>()) +
         " a month on demand";
  if (c["provisioned_total_usd"].is_number())
    out +=
        ", " + Usd(c["provisioned_total_usd"].get<double>()) + " provisioned";
  out += c["storage"].is_object() ? " (storage included)\n" : "\n";
  const Json& failing = c["failing_patterns"];
  if (!failing.empty()) {
    out +=
        "failing: " + Plural(failing.size(), "pattern", "patterns") +
        " had errors, excluded from every cost total: " + JoinNames(failing) +
        "\n";
  }
  return out;
}

}  // namespace

std::string RenderTextReport(std::string_view result_json) {
  Json doc = Json::parse(result_json);
  std::string out;
  const Json& t = doc["totals"];
  char head[512];
  std::string label = doc.value("label", ""),
              endpoint = doc.value("endpoint", "");
  std::string where = label == endpoint ? endpoint : label + "  " + endpoint;
  std::snprintf(
      head, sizeof head, "%s  workload %s  %s loop, %d connections%s  %.1fs\n",
      where.c_str(), doc.value("workload", "").c_str(),
      doc.value("mode", "").c_str(), doc.value("connections", 0),
      doc["target_rate"].is_number()
          ? (", " + Num(doc["target_rate"].get<double>()) + " req/s target")
                .c_str()
          : "",
      doc.value("duration_s", 0.0));
  out += head;
  Table table;
  table.header = {"access pattern",
                  "op",
                  "share",
                  "requests",
                  "errors",
                  "req/s",
                  "p50",
                  "p90",
                  "p99",
                  "p99.9",
                  "max",
                  "items",
                  "RCU",
                  "WCU",
                  "$/month"};
  table.right = {false, false, true, true, true, true, true, true,
                 true,  true,  true, true, true, true, true};
  auto unit = [](const Json& v) {
    return v.is_number() ? Num(v.get<double>(), 2) : "-";
  };
  for (const auto& op : doc["operations"]) {
    const Json& l = op["latency_ns"];
    uint64_t errors = 0;
    for (const auto& [type, n] : op["errors"].items())
      errors += n.get<uint64_t>();
    table.rows.push_back(
        {Truncate(op.value("name", ""), 30),
         op.value("operation", "") + (op["index"].is_string()
                                          ? " " + op["index"].get<std::string>()
                                          : ""),
         Num(op.value("share", 0.0) * 100, 1) + "%",
         Num(op.value("requests", 0.0)), Num(static_cast<double>(errors)),
         Num(op.value("throughput_rps", 0.0)), Nanos(l["p50"]), Nanos(l["p90"]),
         Nanos(l["p99"]), Nanos(l["p999"]), Nanos(l["max"]),
         op["items_per_request"].is_number()
             ? Num(op["items_per_request"].get<double>(), 1)
             : "-",
         unit(op["rcu_per_request"]), unit(op["wcu_per_request"]),
         op["monthly_cost_usd"].is_number()
             ? Num(op["monthly_cost_usd"].get<double>(), 2)
             : "-"});
  }
  const Json& l = t["latency_ns"];
  const size_t failing =
      t["failing_patterns"].is_array() ? t["failing_patterns"].size() : 0;
  table.rows.push_back(
      {failing ? "all (" + Num(static_cast<double>(failing)) + " failing)"
               : "all",
       "", "100%", Num(t.value("requests", 0.0)), Num(t.value("errors", 0.0)),
       Num(t.value("throughput_rps", 0.0)), Nanos(l["p50"]), Nanos(l["p90"]),
       Nanos(l["p99"]), Nanos(l["p999"]), Nanos(l["max"]), "", "", "",
       doc["cost"].is_object()
           ? Num(doc["cost"]["monthly_total_usd"].get<double>(), 2)
           : "-"});
  out += table.Render();
  if (t["requests_per_server_cpu_s"].is_number()) {
    out += "server CPU: " + Num(doc["server_cpu_s"].get<double>(), 2) + " s, " +
           Num(t["requests_per_server_cpu_s"].get<double>()) +
           " requests per CPU-second\n";
  }
  if (doc["cost"].is_object()) out += CostText(doc["cost"]);
  if (!doc["hot_partitions"].empty()) {
    // Units a second: whole from 100 (and for none), else one decimal.
    auto units = [](const Json& v) {
      const double u = v.get<double>();
      return Num(u, u >= 100 || u == 0 ? 0 : 1);
    };
    out += "hot partitions:";
    for (const auto& p : doc["hot_partitions"]) {
      out += "  " + p.value("partition", "") + " " +
             Num(p.value("share", 0.0) * 100, 1) + "%";
      if (p["rcu_per_s"].is_number()) {
        out += " (" + units(p["rcu_per_s"]) + " RCU/s, " +
               units(p["wcu_per_s"]) + " WCU/s)";
      }
    }
    out += "\n";
    for (const auto& p : doc["hot_partitions"]) {
      if (!p.value("throttles", false)) continue;
      out += "warning: partition " + p.value("partition", "") + " drew " +
             units(p["rcu_per_s"]) + " RCU/s and " + units(p["wcu_per_s"]) +
             " WCU/s; the service throttles a partition past " +
             Num(kPartitionReadUnits, 0) + " RCU/s or " +
             Num(kPartitionWriteUnits, 0) + " WCU/s\n";
    }
  }
  for (const auto& op : doc["operations"]) {
    if (op.value("empty_reads", false)) {
      out += "warning: '" + op.value("name", "") +
             "' found no item in any of its " + Num(op.value("requests", 0.0)) +
             " reads: its keys may not match the data\n";
    }
  }
  for (const auto& op : doc["operations"]) {
    if (op.contains("first_error")) {
      out += "errors in '" + op.value("name", "") +
             "': " + ErrorsText(op["errors"]) +
             " (first: " + op["first_error"].get<std::string>() + ")\n";
    }
  }
  return out;
}

std::string RenderTextComparison(std::string_view compare_json) {
  Json doc = Json::parse(compare_json);
  const Json& runs = doc["runs"];
  std::string out;
  if (runs.empty()) return out;
  Table table;
  table.header = {"access pattern"};
  table.right = {false};
  for (const auto& r : runs) {
    std::string label = r.value("label", "");
    for (const char* col : {" req/s", " p50", " p99"}) {
      table.header.push_back(label + col);
      table.right.push_back(true);
    }
  }
  // Every ratio is another run's figure over the first run's, as in the
  // HTML report.
  std::string base = runs[0].value("label", "");
  for (size_t i = 1; i < runs.size(); ++i) {
    std::string label = runs[i].value("label", "");
    table.header.push_back(label + "/" + base + " req/s");
    table.header.push_back(label + "/" + base + " p50");
    table.right.push_back(true);
    table.right.push_back(true);
  }
  auto ratio = [](double a, double b) {
    return b > 0 ? Num(a / b, 2) + "x" : "-";
  };
  auto row = [&](const std::string& name, auto get) {
    std::vector<std::string> r = {Truncate(name, 30)};
    for (const auto& run : runs) {
      const Json& x = get(run);
      r.push_back(Num(x.value("throughput_rps", 0.0)));
      r.push_back(Nanos(x["latency_ns"]["p50"]));
      r.push_back(Nanos(x["latency_ns"]["p99"]));
    }
    const Json& b = get(runs[0]);
    for (size_t i = 1; i < runs.size(); ++i) {
      const Json& x = get(runs[i]);
      r.push_back(ratio(x.value("throughput_rps", 0.0),
                        b.value("throughput_rps", 0.0)));
      double bp = b["latency_ns"]["p50"].is_number()
                      ? b["latency_ns"]["p50"].get<double>()
                      : 0;
      double xp = x["latency_ns"]["p50"].is_number()
                      ? x["latency_ns"]["p50"].get<double>()
                      : 0;
      r.push_back(ratio(xp, bp));
    }
    table.rows.push_back(std::move(r));
  };
  const Json& ops = runs[0]["operations"];
  for (size_t i = 0; i < ops.size(); ++i) {
    row(ops[i].value("name", ""),
        [&](const Json& run) -> const Json& { return run["operations"][i]; });
  }
  row("all", [&](const Json& run) -> const Json& { return run["totals"]; });
  out += table.Render();
  for (const auto& r : runs) {
    const Json& t = r["totals"];
    out += r.value("label", "") + ": " + Num(t.value("requests", 0.0)) +
           " requests, " + Num(t.value("errors", 0.0)) + " errors";
    if (t["requests_per_server_cpu_s"].is_number()) {
      out += ", " + Num(t["requests_per_server_cpu_s"].get<double>()) +
             " requests per server CPU-second";
    }
    out += "\n";
    const Json& c = r["cost"];
    if (c.is_object()) {
      out += "  cost: " + Usd(c["monthly_total_usd"].get<double>()) +
             " a month on demand";
      if (c["provisioned_total_usd"].is_number())
        out += ", " + Usd(c["provisioned_total_usd"].get<double>()) +
               " provisioned";
      out += c["storage"].is_object() ? " (storage included)" : "";
      out += ", " + PricesTitle(c["prices"]) + "\n";
    }
    if (t["failing_patterns"].is_array() && !t["failing_patterns"].empty()) {
      out += "  failing: " +
             Plural(t["failing_patterns"].size(), "pattern", "patterns") +
             " had errors, excluded from the cost totals: " +
             JoinNames(t["failing_patterns"]) + "\n";
    }
  }
  return out;
}

}  // namespace dynarock::bench
