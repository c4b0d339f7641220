#include "tools/dynarock_bench/report_html.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace dynarock::bench {
namespace {

using Json = nlohmann::json;
using Opt = std::optional<double>;
using OptString = std::optional<std::string>;
using Points = std::vector<std::pair<double, double>>;

constexpr std::string_view kDash = "—";

[[noreturn]] void Fail(const std::string& what) {
  throw std::invalid_argument("result document: " + what);
}

// ---------------------------------------------------------------------------
// The document, read leniently: beyond the required fields, anything missing,
// null or of the wrong type becomes nullopt (shown as "—").

struct Latency {
  Opt min, p50, p90, p99, p999, max, mean;
};

struct HotPartition {
  std::string partition;
  Opt requests, share, rcu_per_s, wcu_per_s;
  bool throttles = false;
};

struct Operation {
  std::string name;
  OptString operation, index;
  Opt share, requests, throughput, rcu_per_request, wcu_per_request,
      monthly_cost;
  OptString request_type;
  bool failing = false;
  // By type, in document order; nullopt when absent. A bare number is kept
  // as one untyped count.
  std::optional<std::vector<std::pair<std::string, double>>> errors;
  Latency latency;
  Points curve;  // (percentile, ns)
  std::vector<HotPartition> hot;
};

struct Totals {
  Opt requests, errors, throughput, per_cpu_second, rcu, wcu;
  Latency latency;
  Points curve;
  std::vector<std::string> failing;
};

// One pattern of the cost section.
struct CostPattern {
  std::string name;
  OptString operation, request_type;
  bool failing = false;
  Opt requests_per_s, rcu, wcu, table_units, units_per_s, usd;
  std::vector<std::pair<std::string, double>> index_units;
};

// Provisioned capacity of the table or an index.
struct Capacity {
  std::string name;
  Opt read_ups, write_ups, rcu, wcu;
};

struct Cost {
  bool present = false;
  Opt request_rate, read_price, write_price, read_usd, write_usd, total_usd;
  // The price list.
  OptString region, table_class, date, source, note;
  bool confirmed = true;
  Opt rcu_hour, wcu_hour, storage_price;
  std::vector<CostPattern> patterns;
  Opt read_ups, write_ups;
  bool provisioned = false;
  std::vector<Capacity> capacity;
  Opt rcu, wcu, prov_read_usd, prov_write_usd, prov_usd, prov_total_usd;
  bool storage = false;
  Opt table_bytes, table_items, billable_bytes, gb, storage_usd;
  std::vector<std::tuple<std::string, Opt, Opt>> index_storage;
  std::vector<std::string> failing;
};

struct Tick {
  double t = 0;
  Opt requests, errors, p99;
};

struct Run {
  std::string label;
  OptString endpoint, workload, table, mode, started_at;
  Opt connections, target_rate, duration, server_cpu;
  Totals totals;
  std::vector<Operation> ops;
  Cost cost;
  std::vector<HotPartition> hot;
  std::vector<Tick> timeline;
};

const Json* Field(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

Opt Num(const Json& obj, const char* key) {
  const Json* f = Field(obj, key);
  if (f == nullptr || !f->is_number()) return std::nullopt;
  return f->get<double>();
}

OptString Str(const Json& obj, const char* key) {
  const Json* f = Field(obj, key);
  if (f == nullptr || !f->is_string()) return std::nullopt;
  return f->get<std::string>();
}

const Json& Array(const Json& obj, const char* key) {
  static const Json kEmpty = Json::array();
  const Json* f = Field(obj, key);
  return f != nullptr && f->is_array() ? *f : kEmpty;
}

Latency ReadLatency(const Json& obj) {
  const Json* l = Field(obj, "latency_ns");
  if (l == nullptr) return {};
  return {Num(*l, "min"),  Num(*l, "p50"), Num(*l, "p90"), Num(*l, "p99"),
          Num(*l, "p999"), Num(*l, "max"), Num(*l, "mean")};
}

// [[percentile, ns], ...], sorted by percentile; malformed points dropped.
Points ReadCurve(const Json& obj) {
  Points out;
  for (const Json& p : Array(obj, "latency_curve")) {
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() ||
        !p[1].is_number()) {
      continue;
    }
    const double percentile = p[0].get<double>();
    if (percentile < 0 || percentile > 100) continue;
    out.emplace_back(percentile, p[1].get<double>());
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.first < b.first;
  });
  return out;
}

std::vector<HotPartition> ReadHot(const Json& obj) {
  std::vector<HotPartition> out;
  for (const Json& h : Array(obj, "hot_partitions")) {
    if (!h.is_object()) continue;
    HotPartition hp;
    if (const Json* p = Field(h, "partition")) {
      hp.partition = p->is_string() ? p->get<std::string>() : p->dump();
    }
    hp.requests = Num(h, "requests");
    hp.share = Num(h, "share");
    hp.rcu_per_s = Num(h, "rcu_per_s");
    hp.wcu_per_s = Num(h, "wcu_per_s");
    const Json* t = Field(h, "throttles");
    hp.throttles = t != nullptr && *t == true;
    out.push_back(std::move(hp));
  }
  return out;
}

// A list of strings; other elements are left out.
std::vector<std::string> Names(const Json& obj, const char* key) {
  std::vector<std::string> out;
  for (const Json& n : Array(obj, key))
    if (n.is_string()) out.push_back(n.get<std::string>());
  return out;
}

Cost ReadCost(const Json& c) {
  Cost cost;
  cost.present = true;
  cost.request_rate = Num(c, "request_rate");
  cost.read_price = Num(c, "read_price_per_million");
  cost.write_price = Num(c, "write_price_per_million");
  cost.read_usd = Num(c, "monthly_read_usd");
  cost.write_usd = Num(c, "monthly_write_usd");
  cost.total_usd = Num(c, "monthly_total_usd");
  cost.prov_total_usd = Num(c, "provisioned_total_usd");
  cost.storage_usd = Num(c, "monthly_storage_usd");
  cost.failing = Names(c, "failing_patterns");
  if (const Json* p = Field(c, "prices"); p != nullptr && p->is_object()) {
    cost.region = Str(*p, "region");
    cost.table_class = Str(*p, "table_class");
    cost.date = Str(*p, "date");
    cost.source = Str(*p, "source");
    cost.note = Str(*p, "note");
    const Json* confirmed = Field(*p, "confirmed");
    cost.confirmed = confirmed == nullptr || *confirmed != false;
    cost.rcu_hour = Num(*p, "rcu_hour");
    cost.wcu_hour = Num(*p, "wcu_hour");
    cost.storage_price = Num(*p, "storage_gb_month");
    if (!cost.read_price)
      cost.read_price = Num(*p, "read_request_unit_per_million");
    if (!cost.write_price)
      cost.write_price = Num(*p, "write_request_unit_per_million");
  }
  for (const Json& j : Array(c, "patterns")) {
    if (!j.is_object()) continue;
    CostPattern cp;
    cp.name = Str(j, "name").value_or("");
    cp.operation = Str(j, "operation");
    cp.request_type = Str(j, "request_type");
    const Json* f = Field(j, "failing");
    cp.failing = f != nullptr && *f == true;
    cp.requests_per_s = Num(j, "requests_per_s");
    cp.rcu = Num(j, "rcu_per_request");
    cp.wcu = Num(j, "wcu_per_request");
    cp.table_units = Num(j, "table_units_per_request");
    cp.units_per_s = Num(j, "units_per_s");
    cp.usd = Num(j, "on_demand_monthly_usd");
    if (const Json* ix = Field(j, "index_units_per_request");
        ix != nullptr && ix->is_object()) {
      for (const auto& [name, u] : ix->items())
        if (u.is_number()) cp.index_units.emplace_back(name, u.get<double>());
    }
    cost.patterns.push_back(std::move(cp));
  }
  if (const Json* od = Field(c, "on_demand")) {
    cost.read_ups = Num(*od, "read_units_per_s");
    cost.write_ups = Num(*od, "write_units_per_s");
  }
  if (const Json* pv = Field(c, "provisioned");
      pv != nullptr && pv->is_object()) {
    cost.provisioned = true;
    cost.rcu = Num(*pv, "rcu");
    cost.wcu = Num(*pv, "wcu");
    cost.prov_read_usd = Num(*pv, "monthly_read_usd");
    cost.prov_write_usd = Num(*pv, "monthly_write_usd");
    cost.prov_usd = Num(*pv, "monthly_usd");
    for (const Json& h : Array(*pv, "capacity")) {
      cost.capacity.push_back(
          {Str(h, "name").value_or(""), Num(h, "read_units_per_s"),
           Num(h, "write_units_per_s"), Num(h, "rcu"), Num(h, "wcu")});
    }
  }
  if (const Json* st = Field(c, "storage"); st != nullptr && st->is_object()) {
    cost.storage = true;
    cost.table_bytes = Num(*st, "table_bytes");
    cost.table_items = Num(*st, "table_items");
    cost.billable_bytes = Num(*st, "billable_bytes");
    cost.gb = Num(*st, "gb");
    if (!cost.storage_usd) cost.storage_usd = Num(*st, "monthly_usd");
    for (const Json& ix : Array(*st, "indexes")) {
      cost.index_storage.emplace_back(Str(ix, "name").value_or(""),
                                      Num(ix, "bytes"), Num(ix, "items"));
    }
  }
  return cost;
}

Operation ReadOperation(const Json& j, size_t i) {
  Operation op;
  op.name = Str(j, "name").value_or("operation " + std::to_string(i + 1));
  op.operation = Str(j, "operation");
  op.index = Str(j, "index");
  op.share = Num(j, "share");
  op.requests = Num(j, "requests");
  op.throughput = Num(j, "throughput_rps");
  op.rcu_per_request = Num(j, "rcu_per_request");
  op.wcu_per_request = Num(j, "wcu_per_request");
  op.monthly_cost = Num(j, "monthly_cost_usd");
  op.request_type = Str(j, "request_type");
  if (const Json* f = Field(j, "failing")) op.failing = *f == true;
  if (const Json* e = Field(j, "errors")) {
    if (e->is_object()) {
      op.errors.emplace();
      for (const auto& [type, count] : e->items()) {
        if (count.is_number())
          op.errors->emplace_back(type, count.get<double>());
      }
    } else if (e->is_number()) {
      op.errors.emplace();
      op.errors->emplace_back("", e->get<double>());
    }
  }
  op.latency = ReadLatency(j);
  op.curve = ReadCurve(j);
  op.hot = ReadHot(j);
  return op;
}

// `where` prefixes messages about a run inside a comparison ("runs[1]: ").
Run ReadRun(const Json& j, const std::string& where, size_t run_index) {
  const Json* ops = Field(j, "operations");
  if (ops == nullptr) {
    Fail(where + (where.empty() ? "missing field \"operations\" (or \"runs\" "
                                  "for a comparison)"
                                : "missing field \"operations\""));
  }
  if (!ops->is_array()) Fail(where + "\"operations\" is not an array");

  Run run;
  run.endpoint = Str(j, "endpoint");
  run.label = Str(j, "label")
                  .value_or(run.endpoint.value_or(
                      "run " + std::to_string(run_index + 1)));
  run.workload = Str(j, "workload");
  run.table = Str(j, "table");
  run.mode = Str(j, "mode");
  run.started_at = Str(j, "started_at");
  run.connections = Num(j, "connections");
  run.target_rate = Num(j, "target_rate");
  run.duration = Num(j, "duration_s");
  run.server_cpu = Num(j, "server_cpu_s");

  if (const Json* t = Field(j, "totals")) {
    run.totals = {Num(*t, "requests"),
                  Num(*t, "errors"),
                  Num(*t, "throughput_rps"),
                  Num(*t, "requests_per_server_cpu_s"),
                  Num(*t, "rcu"),
                  Num(*t, "wcu"),
                  ReadLatency(*t),
                  ReadCurve(*t),
                  Names(*t, "failing_patterns")};
  }
  for (size_t i = 0; i < ops->size(); ++i) {
    if (!(*ops)[i].is_object()) {
      Fail(where + "operations[" + std::to_string(i) + "] is not an object");
    }
    run.ops.push_back(ReadOperation((*ops)[i], i));
  }
  if (const Json* c = Field(j, "cost"); c != nullptr && c->is_object()) {
    run.cost = ReadCost(*c);
  }
  run.hot = ReadHot(j);
  for (const Json& t : Array(j, "timeline")) {
    const Opt at = Num(t, "t");
    if (!at) continue;
    run.timeline.push_back(
        {*at, Num(t, "requests"), Num(t, "errors"), Num(t, "p99_ns")});
  }
  std::stable_sort(run.timeline.begin(), run.timeline.end(),
                   [](const Tick& a, const Tick& b) { return a.t < b.t; });
  return run;
}

// ---------------------------------------------------------------------------
// Text: escaping and number formats. Formatters return text that needs no
// escaping.

std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // Control characters are not allowed in HTML text.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' &&
            c != '\r') {
          out += "\xEF\xBF\xBD";  // U+FFFD
        } else {
          out += c;
        }
    }
  }
  return out;
}

// At most `max_chars` code points of `s` (UTF-8), "…" marking a cut.
std::string Truncate(std::string_view s, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (chars == max_chars - 1) {
      // Keep the rest if it is this last character only.
      size_t rest = 0;
      for (size_t k = i; k < s.size(); ++k) {
        if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) ++rest;
      }
      if (rest <= 1) return std::string(s);
      return std::string(s.substr(0, i)) + "…";
    }
    ++chars;
  }
  return std::string(s);
}

std::string Format(const char* format, ...)
    __attribute__((format(printf, 1, 2)));
std::string Format(const char* format, ...) {
  va_list args;
  va_start(args, format);
  va_list again;
  va_copy(again, args);
  const int n = std::vsnprintf(nullptr, 0, format, args);
  va_end(args);
  std::string out(n > 0 ? n : 0, '\0');
  if (n > 0) std::vsnprintf(out.data(), out.size() + 1, format, again);
  va_end(again);
  return out;
}

// 1234567.4 -> "1,234,567".
std::string Grouped(double v) {
  const double r = std::round(v);
  std::string digits = Format("%.0f", std::fabs(r));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return r < 0 ? "-" + out : out;
}

std::string Count(Opt v) { return v ? Grouped(*v) : std::string(kDash); }

// Requests per second: "9,980", "62.4", "0.50".
std::string Rate(Opt v) {
  if (!v) return std::string(kDash);
  if (std::fabs(*v) >= 99.95) return Grouped(*v);
  if (std::fabs(*v) >= 9.995) return Format("%.1f", *v);
  return Format("%.2f", *v);
}

// Three significant digits in ns, µs, ms or s: "850 ns", "81.2 µs",
// "1.23 ms", "2.50 s".
std::string Duration(Opt ns) {
  if (!ns) return std::string(kDash);
  const double v = *ns;
  if (std::fabs(v) < 999.5) return Format("%.0f ns", v);
  static constexpr std::pair<double, const char*> kUnits[] = {
      {1e9, "s"}, {1e6, "ms"}, {1e3, "µs"}};
  for (const auto& [scale, unit] : kUnits) {
    // 999.6 µs rounds to "1.00 ms", not "1000 µs".
    if (std::fabs(v) >= scale * 0.9995 || scale == 1e3) {
      const double x = v / scale;
      const double a = std::fabs(x);
      const int decimals = a >= 99.95 ? 0 : a >= 9.995 ? 1 : 2;
      return Format("%.*f %s", decimals, x, unit);
    }
  }
  return std::string(kDash);  // not reached
}

std::string Seconds(Opt s) {
  return s ? Format("%.2f s", *s) : std::string(kDash);
}

// A fraction as a percentage: 0.0625 -> "6.25%", 0.5 -> "50.0%".
std::string Percent(Opt fraction) {
  if (!fraction) return std::string(kDash);
  const double p = *fraction * 100;
  return Format(std::fabs(p) >= 9.995 ? "%.1f%%" : "%.2f%%", p);
}

// Capacity units: up to two decimals, trailing zeros dropped ("0.5", "2",
// "1,234.5").
std::string Units(Opt v) {
  if (!v) return std::string(kDash);
  std::string s = Format("%.2f", std::fabs(*v));
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  const size_t dot = std::min(s.find('.'), s.size());
  std::string out = Grouped(std::stod(s.substr(0, dot))) + s.substr(dot);
  return *v < 0 && out != "0" ? "-" + out : out;
}

// "$1,234.50"; amounts under a cent keep two significant digits ("$0.0012").
std::string Usd(Opt v) {
  if (!v) return std::string(kDash);
  const double a = std::fabs(*v);
  std::string body;
  if (a > 0 && a < 0.005) {
    body = Format("%.2g", a);
    if (body.find('e') != std::string::npos) {
      body = Format("%.10f", a);
      while (body.back() == '0') body.pop_back();
    }
  } else {
    const double cents = std::round(a * 100);
    body = Grouped(std::floor(cents / 100)) +
           Format(".%02d", static_cast<int>(std::fmod(cents, 100)));
  }
  return (*v < 0 ? "-$" : "$") + body;
}

// `value` relative to `base`: "2.00x"; "—" when either is unknown or base is
// not positive.
Opt Ratio(Opt value, Opt base) {
  if (!value || !base || !(*base > 0)) return std::nullopt;
  return *value / *base;
}

std::string RatioText(Opt r) {
  return r ? Format("%.2fx", *r) : std::string(kDash);
}

// ---------------------------------------------------------------------------
// SVG plots.

constexpr const char* kPalette[] = {"#4e79a7", "#f28e2b", "#e15759", "#59a14f",
                                    "#b07aa1", "#76b7b2", "#9c755f", "#ff9da7",
                                    "#c9a227", "#6b6b6b"};
constexpr size_t kPaletteSize = std::size(kPalette);

const char* Color(size_t i) { return kPalette[i % kPaletteSize]; }

// Beyond ten series the colors repeat, dashed, then dotted.
const char* Dash(size_t i) {
  switch ((i / kPaletteSize) % 3) {
    case 1:
      return "7 3";
    case 2:
      return "2 3";
    default:
      return nullptr;
  }
}

std::string StrokeAttributes(size_t i) {
  std::string out = Format(" stroke=\"%s\"", Color(i));
  if (const char* dash = Dash(i)) {
    out += Format(" stroke-dasharray=\"%s\"", dash);
  }
  return out;
}

// A legend entry's marker, drawn like the series' line.
std::string Swatch(size_t i) {
  return Format(
      "<svg class=\"swatch\" width=\"18\" height=\"10\" aria-hidden=\"true\">"
      "<line x1=\"1\" y1=\"5\" x2=\"17\" y2=\"5\" stroke-width=\"3\"%s/></svg>",
      StrokeAttributes(i).c_str());
}

std::string Legend(const std::vector<std::string>& labels) {
  std::string out = "<div class=\"legend\">";
  for (size_t i = 0; i < labels.size(); ++i) {
    out += "<span>" + Swatch(i) + Escape(labels[i]) + "</span>";
  }
  return out + "</div>\n";
}

// A step of 1, 2 or 5 times a power of ten giving about `target` steps.
double NiceStep(double range, int target) {
  if (!(range > 0)) return 1;
  const double raw = range / target;
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  const double norm = raw / magnitude;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
}

// "%g" with the unit glued on: 1e5 ns -> "100µs", 2.5e6 -> "2.5ms".
std::string LatencyTick(double ns) {
  if (ns == 0) return "0";
  if (ns >= 1e9) return Format("%gs", ns / 1e9);
  if (ns >= 1e6) return Format("%gms", ns / 1e6);
  if (ns >= 1e3) return Format("%gµs", ns / 1e3);
  return Format("%gns", ns);
}

// 1500 -> "1.5k", 2e6 -> "2M".
std::string CompactTick(double v) {
  if (std::fabs(v) >= 1e6) return Format("%gM", v / 1e6);
  if (std::fabs(v) >= 1e3) return Format("%gk", v / 1e3);
  return Format("%g", v);
}

enum class Scale { kLinear, kLog, kNines };
enum class TickFormat { kNumber, kLatency };

struct Series {
  std::string label;
  size_t style = 0;  // palette index
  Points points;     // data coordinates, ascending x
};

struct Chart {
  std::string id;
  std::string description;  // aria-label
  int width = 960;
  int height = 320;
  Scale x = Scale::kLinear;
  Scale y = Scale::kLinear;
  TickFormat y_format = TickFormat::kNumber;
  std::string x_title, y_title;
};

struct Axis {
  double lo = 0, hi = 1;
  bool log = false;
  struct Tick {
    double value;
    std::string label;
    bool major;
  };
  std::vector<Tick> ticks;

  // Position in [0, 1].
  double Unit(double v) const {
    if (log) {
      v = std::max(v, lo);
      return (std::log10(v) - std::log10(lo)) /
             (std::log10(hi) - std::log10(lo));
    }
    return (v - lo) / (hi - lo);
  }
};

// Percentile p < 100 on the "nines" scale: 0 -> 0, 90 -> 1, 99 -> 2, ...
double Nines(double p) { return -std::log10(1 - p / 100); }

Axis LinearAxis(double min, double max, TickFormat format) {
  Axis a;
  a.lo = std::min(0.0, min);
  const double top = max > a.lo ? max : a.lo + 1;
  const double step = NiceStep(top - a.lo, 5);
  a.hi = std::ceil(top / step - 1e-9) * step;
  if (a.lo < 0) a.lo = std::floor(a.lo / step + 1e-9) * step;
  for (double v = a.lo; v <= a.hi + step * 1e-6; v += step) {
    const double t = std::fabs(v) < step * 1e-6 ? 0 : v;
    a.ticks.push_back(
        {t, format == TickFormat::kLatency ? LatencyTick(t) : CompactTick(t),
         true});
  }
  return a;
}

Axis LogAxis(double min, double max, TickFormat format) {
  Axis a;
  a.log = true;
  if (!(std::isfinite(min) && min > 0)) {
    min = std::isfinite(max) && max > 0 ? max : 1;
  }
  if (!(std::isfinite(max) && max >= min)) max = min;
  int lo = static_cast<int>(std::floor(std::log10(min) + 1e-9));
  int hi = static_cast<int>(std::ceil(std::log10(max) - 1e-9));
  if (hi <= lo) hi = lo + 1;
  a.lo = std::pow(10, lo);
  a.hi = std::pow(10, hi);
  const bool minor_labels = hi - lo <= 2;
  auto label = [&](double v) {
    return format == TickFormat::kLatency ? LatencyTick(v) : CompactTick(v);
  };
  for (int e = lo; e <= hi; ++e) {
    const double decade = std::pow(10, e);
    a.ticks.push_back({decade, label(decade), true});
    if (e == hi) break;
    for (int m : {2, 5}) {
      a.ticks.push_back(
          {m * decade, minor_labels ? label(m * decade) : "", false});
    }
  }
  return a;
}

// Percentiles: 0, 90, 99, ... up to 99.99 at least, and "max" one step right
// of the last tick when a series reaches 100.
Axis NinesAxis(const std::vector<Series>& series) {
  double last = 0;
  bool has_max = false;
  for (const Series& s : series) {
    for (const auto& [p, v] : s.points) {
      if (p >= 100) {
        has_max = true;
      } else {
        last = std::max(last, Nines(p));
      }
    }
  }
  const int nines = std::max(4, static_cast<int>(std::ceil(last - 1e-9)));
  Axis a;
  a.lo = 0;
  a.hi = nines + (has_max ? 1 : 0);
  a.ticks.push_back({0, "0", true});
  a.ticks.push_back({Nines(50), "50", false});
  for (int k = 1; k <= nines; ++k) {
    std::string label = k == 1 ? "90" : "99";
    if (k > 2) label += "." + std::string(k - 2, '9');
    a.ticks.push_back({static_cast<double>(k), label, true});
  }
  if (has_max) a.ticks.push_back({a.hi, "max", true});
  return a;
}

std::string LineChart(const Chart& chart, const std::vector<Series>& series) {
  double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
  double ymin_positive = INFINITY;
  size_t points = 0;
  for (const Series& s : series) {
    for (const auto& [x, y] : s.points) {
      ++points;
      xmin = std::min(xmin, x);
      xmax = std::max(xmax, x);
      ymin = std::min(ymin, y);
      ymax = std::max(ymax, y);
      if (y > 0) ymin_positive = std::min(ymin_positive, y);
    }
  }
  if (points == 0) return "<p class=\"muted\">No data.</p>\n";

  Axis xa = chart.x == Scale::kNines
                ? NinesAxis(series)
                : LinearAxis(std::min(xmin, 0.0), xmax, TickFormat::kNumber);
  Axis ya = chart.y == Scale::kLog
                ? LogAxis(ymin_positive, ymax, chart.y_format)
                : LinearAxis(std::min(ymin, 0.0), ymax, chart.y_format);
  auto x_of = [&](double x) {
    if (chart.x == Scale::kNines) x = x >= 100 ? xa.hi : Nines(x);
    return x;
  };

  const double left = 64, right = 24, top = 12, bottom = 44;
  const double pw = chart.width - left - right;
  const double ph = chart.height - top - bottom;
  auto px = [&](double x) { return left + xa.Unit(x_of(x)) * pw; };
  auto py = [&](double y) { return top + ph - ya.Unit(y) * ph; };

  std::string out = Format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
      "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\"",
      chart.width, chart.height, chart.width, chart.height);
  if (!chart.id.empty()) out += " id=\"" + Escape(chart.id) + "\"";
  out += " aria-label=\"" + Escape(chart.description) + "\">\n";

  for (const Axis::Tick& t : ya.ticks) {
    const double y = py(t.value);
    out += Format(
        "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
        "y2=\"%.1f\"/>",
        t.major ? "grid" : "grid minor", left, y, left + pw, y);
    if (!t.label.empty()) {
      out += Format("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                    left - 6, y + 4) +
             Escape(t.label) + "</text>";
    }
    out += "\n";
  }
  for (const Axis::Tick& t : xa.ticks) {
    const double x = left + xa.Unit(t.value) * pw;
    out += Format(
        "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
        "y2=\"%.1f\"/>",
        t.major ? "grid" : "grid minor", x, top, x, top + ph);
    out += Format("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x,
                  top + ph + 16) +
           Escape(t.label) + "</text>\n";
  }
  out += Format(
      "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
      "y2=\"%.1f\"/>",
      left, top + ph, left + pw, top + ph);
  out += Format(
      "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
      "y2=\"%.1f\"/>\n",
      left, top, left, top + ph);
  out += Format(
             "<text class=\"title\" x=\"%.1f\" y=\"%.1f\" "
             "text-anchor=\"middle\">",
             left + pw / 2, top + ph + 36) +
         Escape(chart.x_title) + "</text>\n";
  out += Format(
             "<text class=\"title\" transform=\"translate(14 %.1f) "
             "rotate(-90)\" text-anchor=\"middle\">",
             top + ph / 2) +
         Escape(chart.y_title) + "</text>\n";

  for (const Series& s : series) {
    if (s.points.empty()) continue;
    if (s.points.size() == 1) {
      out +=
          Format(
              "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
              "fill=\"%s\">",
              px(s.points[0].first), py(s.points[0].second), Color(s.style)) +
          "<title>" + Escape(s.label) + "</title></circle>\n";
      continue;
    }
    std::string d;
    for (const auto& [x, y] : s.points) {
      d += Format("%s%.1f,%.1f", d.empty() ? "M" : " L", px(x), py(y));
    }
    out += "<path class=\"series\" d=\"" + d + "\"" +
           StrokeAttributes(s.style) + "><title>" + Escape(s.label) +
           "</title></path>\n";
  }
  return out + "</svg>\n";
}

struct BarRow {
  std::string label;
  std::vector<Opt> values;  // one per series
};

// Horizontal bars from zero, one group per row and one bar per series;
// values in ns.
std::string BarChart(const std::string& id, const std::string& description,
                     const std::vector<BarRow>& rows,
                     const std::vector<std::string>& series_labels,
                     bool color_by_row) {
  double max = 0;
  for (const BarRow& r : rows) {
    for (const Opt& v : r.values) {
      if (v) max = std::max(max, *v);
    }
  }
  const size_t per_row = series_labels.size();
  const double bar = per_row > 1 ? 13 : 16, gap = 2, group_gap = 10;
  const double left = 260, right = 84, top = 8, bottom = 40;
  const double width = 960, pw = width - left - right;
  const double group = per_row * bar + (per_row - 1) * gap;
  const double ph = rows.size() * group + (rows.size() - 1) * group_gap;
  const double height = top + ph + bottom;
  const Axis xa = LinearAxis(0, max, TickFormat::kLatency);

  std::string out = Format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
      "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
      "id=\"%s\" aria-label=\"",
      width, height, width, height, Escape(id).c_str());
  out += Escape(description) + "\">\n";
  for (const Axis::Tick& t : xa.ticks) {
    const double x = left + xa.Unit(t.value) * pw;
    out += Format(
        "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
        "y2=\"%.1f\"/>",
        x, top - 4, x, top + ph + 4);
    out += Format("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x,
                  top + ph + 18) +
           Escape(t.label) + "</text>\n";
  }
  out += Format(
      "<text class=\"title\" x=\"%.1f\" y=\"%.1f\" "
      "text-anchor=\"middle\">p99 latency</text>\n",
      left + pw / 2, top + ph + 36);
  for (size_t r = 0; r < rows.size(); ++r) {
    const double y0 = top + r * (group + group_gap);
    out += Format(
               "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" "
               "text-anchor=\"end\"><title>",
               left - 8, y0 + group / 2 + 4) +
           Escape(rows[r].label) + "</title>" +
           Escape(Truncate(rows[r].label, 38)) + "</text>\n";
    for (size_t s = 0; s < per_row && s < rows[r].values.size(); ++s) {
      const double y = y0 + s * (bar + gap);
      const Opt& v = rows[r].values[s];
      if (!v) {
        out += Format("<text x=\"%.1f\" y=\"%.1f\">", left + 4, y + bar - 3) +
               std::string(kDash) + "</text>\n";
        continue;
      }
      const double w = std::max(1.0, xa.Unit(*v) * pw);
      const size_t style = color_by_row ? r : s;
      out += Format(
                 "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                 "height=\"%.1f\" fill=\"%s\"><title>",
                 left, y, w, bar, Color(style)) +
             Escape(series_labels[s].empty()
                        ? rows[r].label
                        : rows[r].label + " (" + series_labels[s] + ")") +
             ": " + Duration(v) + "</title></rect>";
      out +=
          Format("<text x=\"%.1f\" y=\"%.1f\">", left + w + 5, y + bar - 3.5) +
          Duration(v) + "</text>\n";
    }
  }
  out += Format(
      "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
      "y2=\"%.1f\"/>\n",
      left, top - 4, left, top + ph + 4);
  return out + "</svg>\n";
}

// ---------------------------------------------------------------------------
// The page.

constexpr std::string_view kStyle = R"(
:root{--fg:#1f2430;--muted:#5d6676;--line:#dde1e8;--head:#f2f4f8}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1280px;margin:0 auto;padding:24px 28px 40px}
h1{font-size:22px;margin:0 0 2px}
h2{font-size:17px;margin:30px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:14px;margin:16px 0 6px}
p{margin:6px 0}
.muted,.sub{color:var(--muted)}
.sub{margin:0 0 14px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:4px 0 10px;font-variant-numeric:tabular-nums}
th,td{padding:4px 9px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--head);font-weight:600;white-space:nowrap;border-bottom:1px solid #c9ced8}
th.group{text-align:center;border-left:1px solid var(--line)}
tbody th{font-weight:600;white-space:nowrap}
.n{text-align:right;white-space:nowrap}
.sep{border-left:1px solid var(--line)}
.top{display:flex;flex-wrap:wrap;gap:0 56px}
table.patterns,table.compare{font-size:13px}
table.patterns td,table.patterns th,table.compare td,table.compare th{padding:4px 6px}
td.name{position:relative;padding-left:30px!important}
td.name .swatch{position:absolute;left:6px;top:8px}
table.patterns td:first-child,table.compare td:first-child{min-width:11em}
td.errors{white-space:normal}
.etype{font-size:11px;color:var(--muted);line-height:1.3}
tfoot td,tfoot th{font-weight:600;border-top:1px solid #c9ced8}
td.key{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;word-break:break-all}
.better{color:#1a7f37}.worse{color:#c0392b}
.swatch{vertical-align:middle;margin-right:6px}
.legend{display:flex;flex-wrap:wrap;gap:4px 18px;margin:4px 0 6px;font-size:13px}
.chart{display:block;max-width:100%;height:auto}
.chart text{font-size:11px;fill:var(--muted)}
.chart text.title{font-size:12px;fill:var(--fg)}
.chart text.label{font-size:12px;fill:var(--fg)}
.chart .grid{stroke:#e8ebf0}.chart .grid.minor{stroke:#f3f4f7}
.chart .axis{stroke:#9aa2b1}
.chart .series{fill:none;stroke-width:1.8;stroke-linejoin:round;stroke-linecap:round}
.panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:8px 20px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(370px,1fr));gap:4px 20px}
figure{margin:0}
figcaption{font-weight:600;font-size:13px;margin:8px 0 0}
details>summary{cursor:pointer;font-weight:600;margin:10px 0 4px}
footer{margin-top:32px;color:var(--muted);font-size:12px}
.fail{color:#c0392b;font-weight:600;font-size:11px;margin-left:6px}
p.warn{color:#c0392b}
)";

struct Page {
  std::vector<Run> runs;
  bool comparison = false;
  std::string out;

  const Run& base() const { return runs[0]; }

  void Cell(std::string_view text, std::string_view cls = "n") {
    out += "<td";
    if (!cls.empty()) out += " class=\"" + std::string(cls) + "\"";
    out += ">";
    out += text;
    out += "</td>";
  }
  // A ratio cell, colored when it is clearly better (or worse) by 5%.
  void RatioCell(Opt r, bool higher_is_better, std::string cls = "n") {
    if (r && std::fabs(*r - 1) >= 0.05) {
      cls += (*r > 1) == higher_is_better ? " better" : " worse";
    }
    Cell(RatioText(r), cls);
  }

  void Header();
  void RunInfo();
  void Summary();
  void PatternTable(const Run& run, bool swatches);
  void PatternComparison();
  void LatencyPlots();
  void P99Bars();
  void Timeline();
  void CostSection();
  void HotSection();
  void Render();
};

// Patterns matched across runs by name (and occurrence, should a workload
// repeat a name), in the order of first appearance.
struct PatternKey {
  std::string name;
  int occurrence;
  bool operator<(const PatternKey& o) const {
    return std::tie(name, occurrence) < std::tie(o.name, o.occurrence);
  }
};

std::vector<PatternKey> KeysOf(const Run& run) {
  std::map<std::string, int> seen;
  std::vector<PatternKey> keys;
  for (const Operation& op : run.ops) {
    keys.push_back({op.name, seen[op.name]++});
  }
  return keys;
}

// Union of the patterns of all runs; for each, the operation in each run
// (nullptr when that run lacks it).
std::vector<std::pair<std::string, std::vector<const Operation*>>>
AlignPatterns(const std::vector<Run>& runs) {
  std::vector<PatternKey> order;
  std::map<PatternKey, std::vector<const Operation*>> by_key;
  for (size_t r = 0; r < runs.size(); ++r) {
    const std::vector<PatternKey> keys = KeysOf(runs[r]);
    for (size_t i = 0; i < keys.size(); ++i) {
      auto [it, inserted] = by_key.try_emplace(
          keys[i], std::vector<const Operation*>(runs.size(), nullptr));
      if (inserted) order.push_back(keys[i]);
      it->second[r] = &runs[r].ops[i];
    }
  }
  std::vector<std::pair<std::string, std::vector<const Operation*>>> out;
  for (const PatternKey& k : order) out.emplace_back(k.name, by_key[k]);
  return out;
}

void Page::Header() {
  const std::string workload = base().workload.value_or("workload");
  out += "<header><h1>dynarock-bench: " + Escape(workload) + "</h1>\n";
  out += "<p class=\"sub\">";
  if (comparison) {
    out += Format("Comparison of %zu runs. Ratios are against the baseline, ",
                  runs.size()) +
           Escape(base().label) + ".";
  } else {
    out += Escape(base().label);
    if (base().endpoint && *base().endpoint != base().label) {
      out += " (" + Escape(*base().endpoint) + ")";
    }
    if (base().started_at) out += ", started " + Escape(*base().started_at);
    out += ".";
  }
  out += "</p></header>\n";
}

void Page::RunInfo() {
  out +=
      "<section><h2>Setup</h2><div class=\"scroll\"><table class=\"info\">\n";
  if (comparison) {
    out += "<thead><tr><th></th>";
    for (const Run& r : runs) out += "<th>" + Escape(r.label) + "</th>";
    out += "</tr></thead>\n";
  }
  out += "<tbody>\n";
  auto row = [&](const char* name, auto text_of) {
    out += std::string("<tr><th>") + name + "</th>";
    for (const Run& r : runs) Cell(text_of(r), "");
    out += "</tr>\n";
  };
  auto text = [](const OptString& s) {
    return s ? Escape(*s) : std::string(kDash);
  };
  row("Endpoint", [&](const Run& r) { return text(r.endpoint); });
  row("Workload", [&](const Run& r) { return text(r.workload); });
  row("Table", [&](const Run& r) { return text(r.table); });
  row("Mode", [&](const Run& r) {
    if (!r.mode) return std::string(kDash);
    if (*r.mode == "closed") return std::string("closed loop");
    if (*r.mode == "open") return std::string("open loop");
    return Escape(*r.mode);
  });
  row("Connections", [&](const Run& r) { return Count(r.connections); });
  row("Target rate", [&](const Run& r) {
    if (r.target_rate) return Rate(r.target_rate) + " req/s";
    if (r.mode && *r.mode == "closed")
      return std::string("as fast as possible");
    return std::string(kDash);
  });
  row("Duration", [&](const Run& r) { return Seconds(r.duration); });
  row("Started", [&](const Run& r) { return text(r.started_at); });
  row("Server CPU", [&](const Run& r) { return Seconds(r.server_cpu); });
  out += "</tbody></table></div></section>\n";
}

void Page::Summary() {
  out += "<section><h2>Summary</h2><div class=\"scroll\"><table>\n";
  out += "<thead><tr><th></th>";
  for (const Run& r : runs) {
    out += "<th class=\"n\">" +
           (comparison ? Escape(r.label) : "All requests") + "</th>";
  }
  for (size_t i = 1; i < runs.size(); ++i) {
    out += "<th class=\"n sep\">" + Escape(runs[i].label) + " / " +
           Escape(base().label) + "</th>";
  }
  out += "</tr></thead><tbody>\n";
  // `higher`: the ratio's direction for coloring; nullopt for no ratio.
  auto row = [&](const char* name, auto value_of, auto text_of,
                 std::optional<bool> higher) {
    out += std::string("<tr><th>") + name + "</th>";
    for (const Run& r : runs) Cell(text_of(value_of(r)));
    for (size_t i = 1; i < runs.size(); ++i) {
      if (higher) {
        RatioCell(Ratio(value_of(runs[i]), value_of(base())), *higher, "n sep");
      } else {
        Cell("", "n sep");
      }
    }
    out += "</tr>\n";
  };
  row(
      "Requests", [](const Run& r) { return r.totals.requests; }, Count,
      std::nullopt);
  row(
      "Errors", [](const Run& r) { return r.totals.errors; }, Count,
      std::nullopt);
  row(
      "Error rate",
      [](const Run& r) {
        return r.totals.errors && r.totals.requests && *r.totals.requests > 0
                   ? Opt(*r.totals.errors / *r.totals.requests)
                   : std::nullopt;
      },
      Percent, std::nullopt);
  row(
      "Throughput (req/s)", [](const Run& r) { return r.totals.throughput; },
      Rate, true);
  row(
      "Requests per server CPU-second",
      [](const Run& r) { return r.totals.per_cpu_second; }, Rate, true);
  row(
      "p50", [](const Run& r) { return r.totals.latency.p50; }, Duration,
      false);
  row(
      "p90", [](const Run& r) { return r.totals.latency.p90; }, Duration,
      false);
  row(
      "p99", [](const Run& r) { return r.totals.latency.p99; }, Duration,
      false);
  row(
      "p99.9", [](const Run& r) { return r.totals.latency.p999; }, Duration,
      false);
  row(
      "max", [](const Run& r) { return r.totals.latency.max; }, Duration,
      false);
  row(
      "mean", [](const Run& r) { return r.totals.latency.mean; }, Duration,
      false);
  row(
      "Read capacity units", [](const Run& r) { return r.totals.rcu; }, Units,
      std::nullopt);
  row(
      "Write capacity units", [](const Run& r) { return r.totals.wcu; }, Units,
      std::nullopt);
  row(
      "Projected monthly cost", [](const Run& r) { return r.cost.total_usd; },
      Usd, false);
  row(
      "Projected monthly cost, provisioned",
      [](const Run& r) { return r.cost.prov_total_usd; }, Usd, false);
  row(
      "Failing patterns",
      [](const Run& r) { return Opt(r.totals.failing.size()); }, Count,
      std::nullopt);
  out += "</tbody></table></div></section>\n";
}

// Escaped, with a line break opportunity inside CamelCase words
// ("Throttling<wbr>Exception").
std::string EscapeCamel(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && s[i] >= 'A' && s[i] <= 'Z' && s[i - 1] >= 'a' &&
        s[i - 1] <= 'z') {
      out += "<wbr>";
    }
    out += Escape(s.substr(i, 1));
  }
  return out;
}

// The total, then the count of each type on a line of its own.
std::string ErrorsText(const Operation& op) {
  if (!op.errors) return std::string(kDash);
  double total = 0;
  std::string types;
  for (const auto& [type, count] : *op.errors) {
    total += count;
    if (!type.empty()) {
      types += "<div class=\"etype\">" + EscapeCamel(type) + " " +
               Grouped(count) + "</div>";
    }
  }
  return Grouped(total) + types;
}

std::string FailingMark(bool failing) {
  return failing ? " <span class=\"fail\">failing</span>" : "";
}

void Page::PatternTable(const Run& run, bool swatches) {
  out +=
      "<div class=\"scroll\"><table class=\"patterns\">\n<thead><tr>"
      "<th>Access pattern</th><th>Operation</th><th>Index</th>"
      "<th class=\"n\">Share</th><th class=\"n\">Requests</th>"
      "<th class=\"n\">Errors</th><th class=\"n\">req/s</th>"
      "<th class=\"n\">p50</th><th class=\"n\">p90</th>"
      "<th class=\"n\">p99</th><th class=\"n\">p99.9</th>"
      "<th class=\"n\">max</th>"
      "<th class=\"n\" title=\"read capacity units per request\">RCU</th>"
      "<th class=\"n\" title=\"write capacity units per request\">WCU</th>"
      "<th class=\"n\" title=\"projected monthly cost\">$/month</th>"
      "</tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < run.ops.size(); ++i) {
    const Operation& op = run.ops[i];
    out += swatches ? "<tr><td class=\"name\">" + Swatch(i) : "<tr><td>";
    out += Escape(op.name) + FailingMark(op.failing) + "</td>";
    // Break only names that would widen the column ("TransactWriteItems").
    Cell(!op.operation               ? std::string(kDash)
         : op.operation->size() > 14 ? EscapeCamel(*op.operation)
                                     : Escape(*op.operation),
         "");
    Cell(op.index ? Escape(*op.index) : std::string(kDash), "");
    Cell(Percent(op.share));
    Cell(Count(op.requests));
    Cell(ErrorsText(op), "n errors");
    Cell(Rate(op.throughput));
    Cell(Duration(op.latency.p50));
    Cell(Duration(op.latency.p90));
    Cell(Duration(op.latency.p99));
    Cell(Duration(op.latency.p999));
    Cell(Duration(op.latency.max));
    Cell(Units(op.rcu_per_request));
    Cell(Units(op.wcu_per_request));
    Cell(Usd(op.monthly_cost));
    out += "</tr>\n";
  }
  const Totals& t = run.totals;
  out += "</tbody>\n<tfoot><tr><td>All requests" +
         (t.failing.empty()
              ? std::string()
              : " <span class=\"fail\">" +
                    Format("%zu failing", t.failing.size()) + "</span>") +
         "</td><td></td><td></td>";
  Cell(run.ops.empty() ? std::string(kDash) : "100%");
  Cell(Count(t.requests));
  Cell(Count(t.errors));
  Cell(Rate(t.throughput));
  Cell(Duration(t.latency.p50));
  Cell(Duration(t.latency.p90));
  Cell(Duration(t.latency.p99));
  Cell(Duration(t.latency.p999));
  Cell(Duration(t.latency.max));
  Cell("");
  Cell("");
  Cell(Usd(run.cost.total_usd));
  out += "</tr></tfoot></table></div>\n";
}

void Page::PatternComparison() {
  const auto patterns = AlignPatterns(runs);
  const size_t n = runs.size();
  out +=
      "<div class=\"scroll\"><table class=\"compare\">\n<thead><tr>"
      "<th rowspan=\"2\">Access pattern</th>"
      "<th rowspan=\"2\">Operation</th>";
  for (const char* metric : {"Throughput (req/s)", "p50", "p99"}) {
    out += Format("<th class=\"group\" colspan=\"%zu\">%s</th>", 2 * n - 1,
                  metric);
  }
  out += "</tr>\n<tr>";
  for (int m = 0; m < 3; ++m) {
    for (size_t r = 0; r < n; ++r) {
      out += std::string("<th class=\"n") + (r == 0 ? " sep" : "") + "\">" +
             Escape(runs[r].label) + "</th>";
    }
    for (size_t r = 1; r < n; ++r) {
      out +=
          "<th class=\"n\">" +
          (n == 2 ? std::string("ratio") : Escape(runs[r].label) + " ratio") +
          "</th>";
    }
  }
  out += "</tr></thead>\n<tbody>\n";
  auto metric_cells = [&](auto text_of, bool higher,
                          const std::vector<Opt>& values) {
    for (size_t r = 0; r < n; ++r)
      Cell(text_of(values[r]), r == 0 ? "n sep" : "n");
    for (size_t r = 1; r < n; ++r)
      RatioCell(Ratio(values[r], values[0]), higher);
  };
  auto values = [&](const std::vector<const Operation*>& ops, auto get) {
    std::vector<Opt> v;
    for (const Operation* op : ops) v.push_back(op ? get(*op) : std::nullopt);
    return v;
  };
  for (const auto& [name, ops] : patterns) {
    out += "<tr><td>" + Escape(name) + "</td>";
    const Operation* any = nullptr;
    for (const Operation* op : ops) any = any ? any : op;
    Cell(any && any->operation ? Escape(*any->operation) : std::string(kDash),
         "");
    metric_cells(Rate, true,
                 values(ops, [](const Operation& o) { return o.throughput; }));
    metric_cells(Duration, false,
                 values(ops, [](const Operation& o) { return o.latency.p50; }));
    metric_cells(Duration, false,
                 values(ops, [](const Operation& o) { return o.latency.p99; }));
    out += "</tr>\n";
  }
  std::vector<Opt> tput, p50, p99;
  for (const Run& r : runs) {
    tput.push_back(r.totals.throughput);
    p50.push_back(r.totals.latency.p50);
    p99.push_back(r.totals.latency.p99);
  }
  out += "</tbody>\n<tfoot><tr><td>All requests</td><td></td>";
  metric_cells(Rate, true, tput);
  metric_cells(Duration, false, p50);
  metric_cells(Duration, false, p99);
  out += "</tr></tfoot></table></div>\n";
}

void Page::LatencyPlots() {
  Chart chart;
  chart.x = Scale::kNines;
  chart.y = Scale::kLog;
  chart.y_format = TickFormat::kLatency;
  chart.x_title = "percentile (%)";
  chart.y_title = "latency";
  out += "<section><h2>Latency by percentile</h2>\n";
  if (!comparison) {
    std::vector<Series> series;
    std::vector<std::string> labels;
    for (size_t i = 0; i < base().ops.size(); ++i) {
      series.push_back({base().ops[i].name, i, base().ops[i].curve});
      labels.push_back(base().ops[i].name);
    }
    chart.id = "latency";
    chart.description = "Latency by percentile, one line per access pattern";
    chart.height = 380;
    out += Legend(labels) + LineChart(chart, series);
    out += "</section>\n";
    return;
  }
  std::vector<std::string> labels;
  for (const Run& r : runs) labels.push_back(r.label);
  out += Legend(labels) + "<div class=\"panels\">\n";
  chart.width = 560;
  chart.height = 280;
  auto panel = [&](const std::string& title, const std::string& id,
                   const std::vector<const Points*>& curves) {
    std::vector<Series> series;
    for (size_t r = 0; r < runs.size(); ++r) {
      if (curves[r] != nullptr)
        series.push_back({runs[r].label, r, *curves[r]});
    }
    chart.id = id;
    chart.description = "Latency by percentile: " + title;
    out += "<figure><figcaption>" + Escape(title) + "</figcaption>" +
           LineChart(chart, series) + "</figure>\n";
  };
  std::vector<const Points*> totals;
  for (const Run& r : runs) totals.push_back(&r.totals.curve);
  panel("All requests", "latency-all", totals);
  const auto patterns = AlignPatterns(runs);
  for (size_t i = 0; i < patterns.size(); ++i) {
    std::vector<const Points*> curves;
    for (const Operation* op : patterns[i].second) {
      curves.push_back(op ? &op->curve : nullptr);
    }
    panel(patterns[i].first, "latency-" + std::to_string(i + 1), curves);
  }
  out += "</div></section>\n";
}

void Page::P99Bars() {
  std::vector<BarRow> rows;
  std::vector<std::string> labels;
  if (!comparison) {
    for (const Operation& op : base().ops)
      rows.push_back({op.name, {op.latency.p99}});
    labels.push_back("");
  } else {
    for (const auto& [name, ops] : AlignPatterns(runs)) {
      BarRow row{name, {}};
      for (const Operation* op : ops) {
        row.values.push_back(op ? op->latency.p99 : std::nullopt);
      }
      rows.push_back(std::move(row));
    }
    for (const Run& r : runs) labels.push_back(r.label);
  }
  if (rows.empty()) return;
  out += "<section><h2>p99 latency by access pattern</h2>\n";
  if (comparison) out += Legend(labels);
  out += BarChart("p99-bars", "p99 latency by access pattern", rows, labels,
                  !comparison);
  out += "</section>\n";
}

void Page::Timeline() {
  bool any = false, any_p99 = false;
  for (const Run& r : runs) {
    for (const Tick& t : r.timeline) {
      any = true;
      any_p99 |= t.p99.has_value();
    }
  }
  if (!any) return;
  out += "<section><h2>Over time</h2>\n";
  std::vector<Series> rate, p99;
  for (size_t r = 0; r < runs.size(); ++r) {
    Series ok{comparison ? runs[r].label : "requests/s", r, {}};
    Series tail{comparison ? runs[r].label : "p99", r, {}};
    double previous = 0;
    for (const Tick& t : runs[r].timeline) {
      // Each entry covers (previous t, t]; the first starts at 0.
      const double dt = t.t - previous > 0 ? t.t - previous : 1;
      previous = t.t;
      if (t.requests) ok.points.emplace_back(t.t, *t.requests / dt);
      if (t.p99) tail.points.emplace_back(t.t, *t.p99);
    }
    rate.push_back(std::move(ok));
    p99.push_back(std::move(tail));
  }

  Chart chart;
  chart.height = 260;
  chart.x_title = "time (s)";
  chart.id = "throughput";
  chart.y_title = "requests/s";
  chart.description = "Throughput over time";
  if (comparison) {
    std::vector<std::string> labels;
    for (const Run& r : runs) labels.push_back(r.label);
    out += Legend(labels);
  }
  out += "<h3>Throughput</h3>\n" + LineChart(chart, rate);
  if (any_p99) {
    chart.id = "p99-timeline";
    chart.y = Scale::kLog;
    chart.y_format = TickFormat::kLatency;
    chart.y_title = "p99 latency";
    chart.description = "p99 latency per second";
    out += "<h3>p99 latency per second</h3>\n" + LineChart(chart, p99);
  }
  out += "</section>\n";
}

// "3 WCU (table 1, GSI1 1, GSI2 1)".
std::string UnitsOf(const CostPattern& p) {
  const bool reads = p.rcu && *p.rcu > 0;
  const Opt total = reads ? p.rcu : p.wcu;
  if (!total) return std::string(kDash);
  std::string s = Units(total) + (reads ? " RCU" : " WCU");
  if (p.table_units) {
    s += " (table " + Units(p.table_units);
    for (const auto& [name, u] : p.index_units)
      s += ", " + Escape(name) + " " + Units(u);
    s += ")";
  }
  return s;
}

// "$0.00013"; prices keep their digits.
std::string PriceText(Opt v) {
  if (!v) return std::string(kDash);
  return Format("$%.10g", *v);
}

// The price list's line: region, class, date, source, the prices.
std::string PricesNote(const Cost& c) {
  std::string s = "Prices";
  if (c.region) {
    s += ": " + Escape(*c.region);
    if (c.table_class) s += " " + Escape(*c.table_class);
    s += c.date ? ", as of " + Escape(*c.date) : std::string(", undated");
    if (c.source) s += " (" + Escape(*c.source) + ")";
  }
  s += ": on demand " + PriceText(c.read_price) +
       " per million read request units, " + PriceText(c.write_price) +
       " per million write request units";
  if (c.rcu_hour && c.wcu_hour) {
    s += "; provisioned " + PriceText(c.rcu_hour) + " per RCU-hour, " +
         PriceText(c.wcu_hour) + " per WCU-hour";
  }
  if (c.storage_price)
    s += "; storage " + PriceText(c.storage_price) + " per GB-month";
  s += ". The free tier is not modelled.";
  if (c.note) s += " Note: " + Escape(*c.note) + ".";
  return s;
}

void Page::CostSection() {
  bool any = false;
  for (const Run& r : runs) {
    any |= r.cost.present;
    for (const Operation& op : r.ops) any |= op.monthly_cost.has_value();
  }
  if (!any) return;
  out += "<section><h2>Cost projection</h2>\n";
  for (const Run& r : runs) {
    if (!r.cost.present) continue;
    const Cost& c = r.cost;
    if (comparison) out += "<h3>" + Escape(r.label) + "</h3>\n";
    out += "<p class=\"muted\">" + PricesNote(c) + "</p>\n";
    out += "<p class=\"muted\">A steady " + Rate(c.request_rate) +
           " requests/s with the observed mix of access patterns; each "
           "pattern's units per request are what the endpoint reported "
           "(ConsumedCapacity, by table and index): eventually consistent "
           "reads at half a unit, transactional requests at double, writes "
           "once more for each index they change. On demand: units/s x "
           "2,628,000 s a month x the price per million. Provisioned: the "
           "same units/s rounded up to whole units, at least 1, for the table "
           "and each index, x 730 hours x the hourly price, assuming the peak "
           "is the average (no headroom).</p>\n";
    if (!c.patterns.empty()) {
      out +=
          "<div class=\"scroll\"><table class=\"cost\">\n<thead><tr>"
          "<th>Access pattern</th><th>Operation</th><th>Request type</th>"
          "<th class=\"n\">req/s</th><th>Units per request</th>"
          "<th class=\"n\">Units/s</th><th class=\"n\">On demand "
          "USD/month</th></tr></thead>\n<tbody>\n";
      for (const CostPattern& p : c.patterns) {
        out += "<tr><td>" + Escape(p.name) + FailingMark(p.failing) + "</td>";
        Cell(p.operation ? Escape(*p.operation) : std::string(kDash), "");
        Cell(p.request_type && !p.request_type->empty()
                 ? Escape(*p.request_type)
                 : std::string(kDash),
             "");
        Cell(Units(p.requests_per_s));
        Cell(UnitsOf(p), "");
        Cell(Units(p.units_per_s));
        Cell(Usd(p.usd));
        out += "</tr>\n";
      }
      out += "</tbody></table></div>\n";
    }
    out +=
        "<div class=\"scroll\"><table class=\"modes\">\n<thead><tr><th></th>"
        "<th class=\"n\">On demand</th><th class=\"n\">Provisioned</th>"
        "</tr></thead>\n<tbody>\n";
    auto line = [&](const std::string& name, const std::string& a,
                    const std::string& b) {
      out += "<tr><th>" + name + "</th>";
      Cell(a);
      Cell(b);
      out += "</tr>\n";
    };
    line("Read units", Units(c.read_ups) + " RRU/s",
         c.provisioned ? Units(c.rcu) + " RCU" : std::string(kDash));
    line("Write units", Units(c.write_ups) + " WRU/s",
         c.provisioned ? Units(c.wcu) + " WCU" : std::string(kDash));
    line("Reads", Usd(c.read_usd), Usd(c.prov_read_usd));
    line("Writes", Usd(c.write_usd), Usd(c.prov_write_usd));
    line("Storage", Usd(c.storage_usd), Usd(c.storage_usd));
    line("Total a month", Usd(c.total_usd), Usd(c.prov_total_usd));
    out += "</tbody></table></div>\n";
    if (c.provisioned && !c.capacity.empty()) {
      out += "<p class=\"muted\">Provisioned capacity:";
      for (size_t i = 0; i < c.capacity.size(); ++i) {
        const Capacity& h = c.capacity[i];
        out += (i ? "; " : " ") + Escape(h.name) + " " + Units(h.rcu) +
               " RCU (" + Units(h.read_ups) + "/s), " + Units(h.wcu) +
               " WCU (" + Units(h.write_ups) + "/s)";
      }
      out += ".</p>\n";
    }
    if (c.storage) {
      std::string parts = "table " + Count(c.table_bytes) + " bytes + 100 x " +
                          Count(c.table_items) + " items";
      for (const auto& [name, bytes, items] : c.index_storage) {
        parts += ", " + Escape(name) + " " + Count(bytes) + " bytes + 100 x " +
                 Count(items) + " entries";
      }
      out += "<p class=\"muted\">Storage: " + parts + " = " +
             Count(c.billable_bytes) + " bytes billed (" +
             (c.gb ? Format("%.6g", *c.gb) : std::string(kDash)) + " GB) x " +
             PriceText(c.storage_price) + " = " + Usd(c.storage_usd) +
             " a month.</p>\n";
    } else {
      out +=
          "<p class=\"muted\">Storage: not known (no table size from "
          "DescribeTable, or no storage price).</p>\n";
    }
    if (!c.failing.empty()) {
      std::string names;
      for (const std::string& n : c.failing)
        names += (names.empty() ? "" : ", ") + Escape(n);
      out += "<p class=\"warn\">" +
             Format("%zu failing pattern%s", c.failing.size(),
                    c.failing.size() == 1 ? "" : "s") +
             " (requests with errors), excluded from every total: " + names +
             ".</p>\n";
    }
  }
  out += "</section>\n";
}

void HotTable(std::string& out, const std::vector<HotPartition>& hot,
              const char* share_of) {
  bool units = false;
  for (const HotPartition& h : hot) units |= h.rcu_per_s || h.wcu_per_s;
  out +=
      "<table class=\"hot\"><thead><tr><th class=\"n\">#</th>"
      "<th>Partition</th><th class=\"n\">Requests</th>"
      "<th class=\"n\">";
  out += share_of;
  out += "</th>";
  if (units) {
    out +=
        "<th class=\"n\" title=\"read units a second; the service throttles "
        "a partition past 3,000\">RCU/s</th>"
        "<th class=\"n\" title=\"write units a second; the service throttles "
        "a partition past 1,000\">WCU/s</th>";
  }
  out += "</tr></thead><tbody>\n";
  for (size_t i = 0; i < hot.size(); ++i) {
    out += Format("<tr><td class=\"n\">%zu</td><td class=\"key\">", i + 1) +
           Escape(hot[i].partition) +
           (hot[i].throttles ? " <span class=\"fail\">throttles</span>" : "") +
           "</td><td class=\"n\">" + Count(hot[i].requests) +
           "</td><td class=\"n\">" + Percent(hot[i].share) + "</td>";
    if (units) {
      out += "<td class=\"n\">" + Units(hot[i].rcu_per_s) +
             "</td><td class=\"n\">" + Units(hot[i].wcu_per_s) + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
}

void Page::HotSection() {
  bool any = false;
  for (const Run& r : runs) {
    any |= !r.hot.empty();
    for (const Operation& op : r.ops) any |= !op.hot.empty();
  }
  if (!any) return;
  out += "<section><h2>Hot partitions</h2>\n";
  for (const Run& r : runs) {
    if (comparison)
      out += "<details open><summary>" + Escape(r.label) + "</summary>\n";
    if (!r.hot.empty()) {
      out += "<h3>All requests</h3>\n";
      bool units = false;
      for (const HotPartition& h : r.hot) units |= h.rcu_per_s || h.wcu_per_s;
      if (units) {
        out +=
            "<p class=\"muted\">Units a second each partition drew, against "
            "the service's per-partition limits: 3,000 read units and 1,000 "
            "write units a second.</p>\n";
      }
      HotTable(out, r.hot, "Share of all");
      for (const HotPartition& h : r.hot) {
        if (!h.throttles) continue;
        out += "<p class=\"warn\">Warning: partition " + Escape(h.partition) +
               " drew " + Units(h.rcu_per_s) + " RCU/s and " +
               Units(h.wcu_per_s) +
               " WCU/s; the service throttles a partition past 3,000 RCU/s "
               "or 1,000 WCU/s.</p>\n";
      }
    }
    bool any_op = false;
    for (const Operation& op : r.ops) any_op |= !op.hot.empty();
    if (any_op) {
      out += "<h3>By access pattern</h3>\n<div class=\"cards\">\n";
      for (const Operation& op : r.ops) {
        if (op.hot.empty()) continue;
        out += "<figure><figcaption>" + Escape(op.name) + "</figcaption>\n";
        HotTable(out, op.hot, "Share of pattern");
        out += "</figure>\n";
      }
      out += "</div>\n";
    }
    if (comparison) out += "</details>\n";
  }
  out += "</section>\n";
}

void Page::Render() {
  const std::string workload = base().workload.value_or("");
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n<title>dynarock-bench";
  if (!workload.empty()) out += ": " + Escape(workload);
  out += "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<main>\n";
  Header();
  out += "<div class=\"top\">\n";
  RunInfo();
  Summary();
  out += "</div>\n";
  out += "<section><h2>Access patterns</h2>\n";
  if (comparison) {
    PatternComparison();
    for (const Run& r : runs) {
      out += "<details open><summary>" + Escape(r.label) + "</summary>\n";
      PatternTable(r, false);
      out += "</details>\n";
    }
  } else {
    PatternTable(base(), true);
  }
  out += "</section>\n";
  LatencyPlots();
  P99Bars();
  Timeline();
  CostSection();
  HotSection();
  out +=
      "<footer>Generated by dynarock-bench from a format 1 result "
      "document.</footer>\n"
      "</main>\n</body>\n</html>\n";
}

}  // namespace

std::string RenderHtmlReport(std::string_view result_json) {
  Json doc;
  try {
    doc = Json::parse(result_json.begin(), result_json.end());
  } catch (const Json::parse_error& e) {
    Fail(std::string("not JSON (") + e.what() + ")");
  }
  if (!doc.is_object()) Fail("not a JSON object");
  const Json* tool = Field(doc, "tool");
  if (tool == nullptr) Fail("missing field \"tool\"");
  if (*tool != "dynarock-bench") Fail("\"tool\" is not \"dynarock-bench\"");
  const Json* format = Field(doc, "format");
  if (format == nullptr) Fail("missing field \"format\"");
  if (*format != 1) {
    Fail("unsupported format " + format->dump() + " (expected 1)");
  }

  Page page;
  const Json* compare = Field(doc, "compare");
  page.comparison =
      (compare != nullptr && *compare == true) ||
      (Field(doc, "runs") != nullptr && Field(doc, "operations") == nullptr);
  try {
    if (page.comparison) {
      const Json* runs = Field(doc, "runs");
      if (runs == nullptr) Fail("missing field \"runs\"");
      if (!runs->is_array() || runs->empty()) {
        Fail("\"runs\" is not a non-empty array");
      }
      for (size_t i = 0; i < runs->size(); ++i) {
        const std::string where = "runs[" + std::to_string(i) + "]";
        if (!(*runs)[i].is_object()) Fail(where + " is not an object");
        page.runs.push_back(ReadRun((*runs)[i], where + ": ", i));
      }
    } else {
      page.runs.push_back(ReadRun(doc, "", 0));
    }
    page.Render();
  } catch (const Json::exception& e) {
    // Not expected: every access above checks types first.
    Fail(std::string("unreadable (") + e.what() + ")");
  }
  return std::move(page.out);
}

}  // namespace dynarock::bench
