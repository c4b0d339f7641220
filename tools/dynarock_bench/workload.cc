// Workload files (YAML or JSON), their validation, the default Makeriess
// workload, and drawing requests from a workload. See workload.h.

#include "tools/dynarock_bench/workload.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "tools/dynarock_bench/makeriess.h"
#include "wire/dispatcher.h"
#include "wire/json_writer.h"

namespace dynarock::bench {
namespace {

using Json = nlohmann::ordered_json;

// --- YAML to JSON -----------------------------------------------------------

Json FromYaml(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Sequence: {
      Json out = Json::array();
      for (const auto& child : node) out.push_back(FromYaml(child));
      return out;
    }
    case YAML::NodeType::Map: {
      Json out = Json::object();
      for (const auto& kv : node) {
        out[kv.first.as<std::string>()] = FromYaml(kv.second);
      }
      return out;
    }
    case YAML::NodeType::Scalar:
      break;
  }
  const std::string& s = node.Scalar();
  // Quoted scalars (tag "!") are strings; plain ones may be YAML's other
  // types.
  if (node.Tag() == "!") return s;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (s == "null" || s == "Null" || s == "NULL" || s == "~") return nullptr;
  // [-+]? digits [. digits] [(e|E) [-+]? digits], with a digit before or
  // after the point.
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i - start;
  };
  size_t whole = digits();
  bool integer = whole > 0 && i == s.size();
  if (integer) {
    try {
      return std::stoll(s);
    } catch (const std::out_of_range&) {
      return s;
    }
  }
  size_t fraction = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    fraction = digits();
  }
  if (whole + fraction == 0) return s;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (digits() == 0) return s;
  }
  return i == s.size() ? Json(std::stod(s)) : Json(s);
}

Json ParseDocument(std::string_view text) {
  // JSON first: exact numbers and clear errors for JSON files.
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos &&
      (text[first] == '{' || text[first] == '[')) {
    try {
      return Json::parse(text);
    } catch (const Json::parse_error&) {
      // YAML flow style also starts with '{': fall through.
    }
  }
  try {
    return FromYaml(YAML::Load(std::string(text)));
  } catch (const YAML::Exception& e) {
    throw WorkloadError("not valid YAML or JSON: " + std::string(e.what()));
  }
}

}  // namespace

std::string DocumentToJson(std::string_view text) {
  return ParseDocument(text).dump();
}

namespace {

// --- Validation helpers -----------------------------------------------------

[[noreturn]] void Fail(const std::string& where, const std::string& what) {
  throw WorkloadError(where + ": " + what);
}

void CheckKeys(const Json& object, const std::string& where,
               std::initializer_list<const char*> allowed) {
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (!known) {
      std::string list;
      for (const char* a : allowed)
        list += (list.empty() ? "" : ", ") + std::string(a);
      Fail(where,
           "unknown field '" + key + "' (expected one of: " + list + ")");
    }
  }
}

std::string RequiredString(const Json& object, const char* key,
                           const std::string& where) {
  auto it = object.find(key);
  if (it == object.end()) Fail(where, std::string("'") + key + "' is required");
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    Fail(where, std::string("'") + key + "' must be a non-empty string");
  }
  return it->get<std::string>();
}

bool IsIdentifier(std::string_view s) {
  if (s.empty() ||
      !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_'))
    return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
      return false;
  }
  return true;
}

int BuiltinSlot(std::string_view name) {
  if (name == "table") return kBuiltinTable;
  if (name == "seq") return kBuiltinSeq;
  if (name == "uuid") return kBuiltinUuid;
  if (name == "now") return kBuiltinNow;
  if (name == "rand") return kBuiltinRand;
  return 0;
}

std::string ScalarText(const Json& v, const std::string& where) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) return Json(v).dump();
  Fail(where, "values must be strings or numbers");
}

Variable ParseVariable(const std::string& name, const Json& spec) {
  std::string where = "variables." + name;
  if (!IsIdentifier(name))
    Fail(where, "a variable name is letters, digits and '_'");
  if (BuiltinSlot(name) != 0)
    Fail(where, "'" + name + "' is a built-in variable");
  if (!spec.is_object()) Fail(where, "must be a mapping");
  CheckKeys(spec, where,
            {"distribution", "theta", "values", "format", "min", "max"});
  Variable v;
  v.name = name;
  std::string dist = spec.value("distribution", "uniform");
  if (dist == "uniform") {
    v.distribution = Distribution::kUniform;
    if (spec.contains("theta"))
      Fail(where, "'theta' applies to the zipfian distribution only");
  } else if (dist == "zipfian") {
    v.distribution = Distribution::kZipfian;
    if (spec.contains("theta")) {
      const Json& t = spec["theta"];
      if (!t.is_number() || !(t.get<double>() > 0 && t.get<double>() < 1)) {
        Fail(where, "'theta' must be a number between 0 and 1 (exclusive)");
      }
      v.theta = t.get<double>();
    }
  } else {
    Fail(where,
         "distribution must be 'uniform' or 'zipfian', not '" + dist + "'");
  }
  bool has_values = spec.contains("values");
  bool has_range =
      spec.contains("min") || spec.contains("max") || spec.contains("format");
  if (has_values == has_range) {
    Fail(where,
         "give either 'values' (a list) or a numbered range ('min', 'max', "
         "'format')");
  }
  if (has_values) {
    const Json& values = spec["values"];
    if (!values.is_array() || values.empty())
      Fail(where, "'values' must be a non-empty list");
    for (const auto& x : values) v.values.push_back(ScalarText(x, where));
    return v;
  }
  if (!spec.contains("min") || !spec.contains("max"))
    Fail(where, "a range needs 'min' and 'max'");
  if (!spec["min"].is_number_integer() || !spec["max"].is_number_integer()) {
    Fail(where, "'min' and 'max' must be integers");
  }
  v.min = spec["min"].get<int64_t>();
  v.max = spec["max"].get<int64_t>();
  if (v.max < v.min) Fail(where, "'max' must not be less than 'min'");
  v.format = spec.value("format", "{}");
  if (v.format.find("{}") == std::string::npos)
    Fail(where, "'format' must contain '{}'");
  return v;
}

bool IsWriteAction(std::string_view action) {
  return action == "PutItem" || action == "UpdateItem" ||
         action == "DeleteItem" || action == "BatchWriteItem" ||
         action == "TransactWriteItems";
}

bool TakesReturnConsumedCapacity(std::string_view action) {
  return action == "GetItem" || action == "PutItem" || action == "UpdateItem" ||
         action == "DeleteItem" || action == "Query" || action == "Scan" ||
         action == "BatchGetItem" || action == "BatchWriteItem" ||
         action == "TransactGetItems" || action == "TransactWriteItems";
}

// How the service bills a request of `action` with this body (see
// Operation::request_type).
std::string RequestType(std::string_view action, const Json& request) {
  auto consistent = [](const Json& r) {
    auto it = r.find("ConsistentRead");
    return it != r.end() && it->is_boolean() && it->get<bool>();
  };
  if (action == "GetItem" || action == "Query" || action == "Scan") {
    return consistent(request) ? "strongly consistent read"
                               : "eventually consistent read";
  }
  if (action == "BatchGetItem") {
    bool strong = false;
    if (auto items = request.find("RequestItems");
        items != request.end() && items->is_object()) {
      for (const auto& [table, spec] : items->items())
        strong |= spec.is_object() && consistent(spec);
    }
    return strong ? "batch read, strongly consistent"
                  : "batch read, eventually consistent";
  }
  if (action == "TransactGetItems") return "transactional read";
  if (action == "TransactWriteItems") return "transactional write";
  if (action == "PutItem" || action == "UpdateItem" || action == "DeleteItem")
    return "standard write";
  if (action == "BatchWriteItem") return "batch write";
  if (action == "ExecuteStatement") return "PartiQL statement";
  if (action == "BatchExecuteStatement") return "PartiQL batch";
  if (action == "ExecuteTransaction") return "PartiQL transaction";
  return "";
}

// The first scalar of an AttributeValue object ({"S": "x"} -> "x").
std::string AttributeScalar(const Json& value) {
  if (!value.is_object() || value.empty()) return "";
  const Json& inner = value.begin().value();
  return inner.is_string() ? inner.get<std::string>() : "";
}

// The partition a request addresses, when the workload does not say: the
// first attribute of Key (or Item), or the value compared with '=' first in
// the key condition.
std::string GuessPartition(const Json& request) {
  for (const char* field : {"Key", "Item"}) {
    auto it = request.find(field);
    if (it != request.end() && it->is_object() && !it->empty()) {
      return AttributeScalar(it->begin().value());
    }
  }
  auto kc = request.find("KeyConditionExpression");
  auto values = request.find("ExpressionAttributeValues");
  if (kc != request.end() && kc->is_string() && values != request.end() &&
      values->is_object()) {
    // The first "name = :value".
    const std::string& text = kc->get_ref<const std::string&>();
    for (size_t eq = text.find('='); eq != std::string::npos;
         eq = text.find('=', eq + 1)) {
      size_t start = text.find_first_not_of(' ', eq + 1);
      if (start == std::string::npos || text[start] != ':') continue;
      size_t end = start + 1;
      while (end < text.size() &&
             (std::isalnum(static_cast<unsigned char>(text[end])) ||
              text[end] == '_')) {
        ++end;
      }
      auto v = values->find(text.substr(start, end - start));
      if (v != values->end()) return AttributeScalar(*v);
      break;
    }
  }
  return "";
}

// Edit distance, case-insensitive (a transposition counts one).
size_t EditDistance(std::string_view a, std::string_view b) {
  auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  std::vector<std::vector<size_t>> d(a.size() + 1,
                                     std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// The operation `name` most likely meant: the nearest within a third of
// its length; "" when none is that near.
std::string NearestAction(std::string_view name) {
  std::string_view best;
  size_t best_distance = name.size() / 3 + 1;
  size_t count = 0;
  const std::string_view* ops = ServiceOperations(&count);
  for (size_t i = 0; i < count; ++i) {
    const std::string_view a = ops[i];
    const size_t d = EditDistance(name, a);
    if (d < best_distance) {
      best_distance = d;
      best = a;
    }
  }
  return std::string(best);
}

Operation ParseOperation(size_t i, const Json& spec, const Workload& workload,
                         std::set<std::string>& names) {
  std::string where = "operations[" + std::to_string(i) + "]";
  if (!spec.is_object()) Fail(where, "must be a mapping");
  if (auto name = spec.find("name"); name != spec.end() && name->is_string()) {
    where += " (" + name->get<std::string>() + ")";
  }
  CheckKeys(spec, where,
            {"name", "operation", "weight", "request", "partition"});
  Operation op;
  op.name = RequiredString(spec, "name", where);
  if (!names.insert(op.name).second)
    Fail(where, "another operation has the same name");
  op.action = RequiredString(spec, "operation", where);
  if (!IsIdentifier(op.action))
    Fail(where, "'operation' must be a DynamoDB action such as GetItem");
  if (!IsServiceOperation(op.action)) {
    std::string near = NearestAction(op.action);
    Fail(where, "'operation': " + op.action + " is not a DynamoDB operation" +
                    (near.empty() ? "" : "; did you mean " + near + "?"));
  }
  if (spec.contains("weight")) {
    const Json& w = spec["weight"];
    if (!w.is_number() || !(w.get<double>() > 0) ||
        !std::isfinite(w.get<double>())) {
      Fail(where, "'weight' must be a positive number");
    }
    op.weight = w.get<double>();
  }
  auto request_it = spec.find("request");
  if (request_it == spec.end()) Fail(where, "'request' is required");
  if (!request_it->is_object())
    Fail(where, "'request' must be a mapping (the request body)");
  Json request = *request_it;
  if (TakesReturnConsumedCapacity(op.action) &&
      !request.contains("ReturnConsumedCapacity")) {
    request["ReturnConsumedCapacity"] = "INDEXES";
  }
  op.request_type = RequestType(op.action, request);
  if (auto ix = request.find("IndexName");
      ix != request.end() && ix->is_string()) {
    op.index = ix->get<std::string>();
  }
  op.reads = !IsWriteAction(op.action);

  auto resolve = [&](std::string_view name) -> int {
    if (int b = BuiltinSlot(name); b != 0) return b;
    for (size_t v = 0; v < workload.variables.size(); ++v) {
      if (workload.variables[v].name == name) return static_cast<int>(v);
    }
    Fail(where, "unknown variable ${" + std::string(name) + "}");
  };
  try {
    op.request = CompileTemplate(request.dump(), resolve, op.slots);
    std::string partition;
    if (spec.contains("partition")) {
      if (!spec["partition"].is_string())
        Fail(where, "'partition' must be a string");
      partition = spec["partition"].get<std::string>();
    } else {
      partition = GuessPartition(request);
    }
    if (!partition.empty()) {
      if (!op.index.empty()) partition = op.index + " " + partition;
      op.partition = CompileTemplate(partition, resolve, op.slots);
    }
  } catch (const WorkloadError& e) {
    std::string what = e.what();
    if (what.rfind(where, 0) == 0) throw;
    Fail(where, what);
  }
  return op;
}

// --- Drawing ----------------------------------------------------------------

uint64_t UniformBelow(std::mt19937_64& rng, uint64_t n) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(rng()) * n) >>
                               64);
}

double UniformUnit(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
}

std::string NowIso() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                now.time_since_epoch())
                .count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

std::string Uuid4(std::mt19937_64& rng) {
  uint64_t hi = rng(), lo = rng();
  hi = (hi & ~uint64_t{0xF000}) | 0x4000;                      // version 4
  lo = (lo & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);  // variant 10
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx",
                static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF),
                static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return buf;
}

// One sequence for every sampler of the process: ${seq} never repeats.
std::atomic<uint64_t> g_sequence{1};

}  // namespace

// --- Zipfian ----------------------------------------------------------------

ZipfianGenerator::ZipfianGenerator(uint64_t n, double theta)
    : n_(n), theta_(theta) {
  if (n == 0) throw std::invalid_argument("zipfian: n must be positive");
  if (!(theta > 0 && theta < 1))
    throw std::invalid_argument("zipfian: theta must be in (0, 1)");
  zetan_ = 0;
  for (uint64_t i = 1; i <= n; ++i)
    zetan_ += 1.0 / std::pow(static_cast<double>(i), theta);
  double zeta2 = 1.0 + 1.0 / std::pow(2.0, theta);
  alpha_ = 1.0 / (1.0 - theta);
  eta_ = n < 2 ? 0
               : (1.0 - std::pow(2.0 / static_cast<double>(n), 1.0 - theta)) /
                     (1.0 - zeta2 / zetan_);
  half_pow_theta_ = 1.0 + std::pow(0.5, theta);
}

uint64_t ZipfianGenerator::Next(std::mt19937_64& rng) const {
  if (n_ == 1) return 0;
  double u = UniformUnit(rng);
  double uz = u * zetan_;
  if (uz < 1.0) return 0;
  if (uz < half_pow_theta_) return 1;
  auto r = static_cast<uint64_t>(static_cast<double>(n_) *
                                 std::pow(eta_ * u - eta_ + 1.0, alpha_));
  return r >= n_ ? n_ - 1 : r;
}

std::string Variable::ValueAt(uint64_t index) const {
  if (!values.empty()) return values[index];
  std::string out = format;
  out.replace(out.find("{}"), 2,
              std::to_string(min + static_cast<int64_t>(index)));
  return out;
}

// --- Templates --------------------------------------------------------------

Template CompileTemplate(std::string_view text,
                         const std::function<int(std::string_view)>& resolve,
                         std::vector<int>& slots) {
  Template t;
  std::string literal;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find("${", pos);
    if (open == std::string_view::npos) {
      literal.append(text.substr(pos));
      break;
    }
    literal.append(text.substr(pos, open - pos));
    size_t end = open + 2;
    while (end < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[end])) ||
            text[end] == '_')) {
      ++end;
    }
    std::string_view name = text.substr(open + 2, end - open - 2);
    if (end >= text.size() || text[end] != '}' || !IsIdentifier(name)) {
      // Show the placeholder up to its '}' when it has one within the string.
      size_t close = text.find('}', open);
      size_t quote = text.find('"', open);
      size_t shown =
          close != std::string_view::npos && close < quote ? close + 1 : end;
      throw WorkloadError(
          "bad placeholder '" + std::string(text.substr(open, shown - open)) +
          "': expected ${name}, a name of letters, digits and '_'");
    }
    size_t close = end;
    int value = resolve(name);
    int slot = -1;
    for (size_t s = 0; s < slots.size(); ++s) {
      if (slots[s] == value) slot = static_cast<int>(s);
    }
    if (slot < 0) {
      slot = static_cast<int>(slots.size());
      slots.push_back(value);
    }
    if (!literal.empty()) t.parts.push_back({std::move(literal), -1});
    literal.clear();
    t.parts.push_back({"", slot});
    pos = close + 1;
  }
  if (!literal.empty()) t.parts.push_back({std::move(literal), -1});
  return t;
}

// --- Parsing ----------------------------------------------------------------

Workload ParseWorkload(std::string_view text, std::string_view table_override) {
  Json doc = ParseDocument(text);
  if (!doc.is_object())
    throw WorkloadError("a workload is a mapping with 'operations'");
  CheckKeys(doc, "workload", {"name", "table", "variables", "operations"});
  Workload w;
  w.name = doc.contains("name") ? RequiredString(doc, "name", "workload")
                                : "workload";
  if (!table_override.empty()) {
    w.table = table_override;
  } else {
    w.table =
        doc.contains("table") ? RequiredString(doc, "table", "workload") : "";
  }
  if (doc.contains("variables")) {
    const Json& vars = doc["variables"];
    if (!vars.is_object())
      throw WorkloadError("variables: must be a mapping of name to spec");
    for (const auto& [name, spec] : vars.items())
      w.variables.push_back(ParseVariable(name, spec));
  }
  auto ops = doc.find("operations");
  if (ops == doc.end() || !ops->is_array() || ops->empty()) {
    throw WorkloadError(
        "operations: a non-empty list of operations is required");
  }
  std::set<std::string> names;
  for (size_t i = 0; i < ops->size(); ++i) {
    w.operations.push_back(ParseOperation(i, (*ops)[i], w, names));
  }
  bool uses_table = false;
  for (const auto& op : w.operations) {
    for (int s : op.slots) uses_table = uses_table || s == kBuiltinTable;
  }
  if (uses_table && w.table.empty()) {
    throw WorkloadError(
        "workload: requests use ${table} but no 'table' is given (or --table)");
  }
  w.source_json = doc.dump(2);
  return w;
}

Workload LoadWorkloadFile(const std::string& path,
                          std::string_view table_override) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw WorkloadError(path + ": cannot be read");
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    return ParseWorkload(buffer.str(), table_override);
  } catch (const WorkloadError& e) {
    throw WorkloadError(path + ": " + e.what());
  }
}

void KeepOperations(Workload& workload, std::string_view names) {
  std::set<std::string, std::less<>> wanted;
  size_t pos = 0;
  while (pos <= names.size()) {
    size_t comma = names.find(',', pos);
    if (comma == std::string_view::npos) comma = names.size();
    std::string_view name = names.substr(pos, comma - pos);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (!name.empty()) wanted.emplace(name);
    pos = comma + 1;
  }
  if (wanted.empty()) throw WorkloadError("--only: no operation named");
  for (const auto& name : wanted) {
    bool found = false;
    for (const auto& op : workload.operations) found = found || op.name == name;
    if (!found)
      throw WorkloadError("--only: the workload has no operation named '" +
                          name + "'");
  }
  std::vector<Operation> kept;
  for (auto& op : workload.operations) {
    if (wanted.count(op.name)) kept.push_back(std::move(op));
  }
  workload.operations = std::move(kept);
}

// --- The default workload ---------------------------------------------------

namespace {

void YamlList(std::string& out, const std::vector<std::string>& values) {
  out += "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ", ";
    out += '"';
    JsonWriter::AppendEscaped(values[i],
                              &out);  // a JSON string is a YAML string
    out += '"';
  }
  out += "]";
}

struct Pattern {
  const char* name;
  const char* action;  // "GetItem" or "Query"
  const char* index;   // "" for the table
  const char* pk;      // partition key value template
  const char*
      sk;  // GetItem: sort key; Query: begins_with prefix, "=" + value, or ""
  bool forward;
};

// The seed's access patterns, in its order. Lists read one page of 20, as an
// application shows them.
constexpr Pattern kPatterns[] = {
    {"Get customer by ID", "GetItem", "", "CUSTOMER#${customer}", "METADATA",
     true},
    {"Get customer by email", "Query", "GSI1", "EMAIL#${customer_email}",
     "=CUSTOMER", true},
    {"Get customer orders", "Query", "", "CUSTOMER#${customer}", "ORDER#",
     true},
    {"Get customer favorites", "Query", "", "CUSTOMER#${customer}", "FAVORITE#",
     true},
    {"Get vendor by ID", "GetItem", "", "VENDOR#${vendor}", "METADATA", true},
    {"Get vendor by email", "Query", "GSI1", "EMAIL#${vendor_email}", "=VENDOR",
     true},
    {"Get vendor products", "Query", "", "VENDOR#${vendor}", "PRODUCT#", true},
    {"Get vendor orders (GSI1)", "Query", "GSI1", "VENDOR#${vendor}", "ORDER#",
     true},
    {"Get product by ID", "GetItem", "", "PRODUCT#${product}", "METADATA",
     true},
    {"Get products by vendor", "Query", "GSI1", "VENDOR#${vendor}", "PRODUCT#",
     true},
    {"Get products by category", "Query", "GSI2", "CATEGORY#${category}",
     "PRODUCT#", true},
    {"Get product reviews", "Query", "", "PRODUCT#${product}", "REVIEW#", true},
    {"Get order by ID", "GetItem", "", "ORDER#${order}", "METADATA", true},
    {"Get customer orders (GSI1)", "Query", "GSI1", "CUSTOMER#${customer}",
     "ORDER#", true},
    {"Get vendor orders (GSI2)", "Query", "GSI2", "VENDOR#${vendor}", "ORDER#",
     true},
    {"Get recent orders", "Query", "GSI2", "ORDER", "", false},
};

}  // namespace

std::string MakeriessWorkloadYaml(int scale, std::string_view table) {
  MakeriessKeys keys = MakeriessKeySpace(scale);
  std::string y;
  y += "# The seed's sixteen access patterns over the Makeriess data set at "
       "scale " +
       std::to_string(scale) + "\n";
  y += "# (dynarock-bench load --scale " + std::to_string(scale) +
       "). Customers and products are\n# zipfian (a few are popular); the rest "
       "uniform.\n";
  y += "name: makeriess\n";
  y += "table: \"";
  JsonWriter::AppendEscaped(table, &y);
  y += "\"\nvariables:\n";
  auto var = [&](const char* name, const char* dist,
                 const std::vector<std::string>& values) {
    y += "  " + std::string(name) + ": {distribution: " + dist + ", values: ";
    YamlList(y, values);
    y += "}\n";
  };
  auto range = [&](const char* name, const char* dist, const char* format,
                   int64_t first, size_t count) {
    y += "  " + std::string(name) + ": {distribution: " + dist +
         ", format: \"" + format + "\", min: " + std::to_string(first) +
         ", max: " + std::to_string(first + count - 1) + "}\n";
  };
  // The key space's ids are numbered: "cust_100", ... "cust_<99+n>".
  auto first_number = [](const std::string& id) {
    return std::stoll(id.substr(id.find('_') + 1));
  };
  range("customer", "zipfian", "cust_{}", first_number(keys.customers.front()),
        keys.customers.size());
  var("customer_email", "uniform", keys.customer_emails);
  range("vendor", "uniform", "vend_{}", first_number(keys.vendors.front()),
        keys.vendors.size());
  var("vendor_email", "uniform", keys.vendor_emails);
  range("product", "zipfian", "prod_{}", first_number(keys.products.front()),
        keys.products.size());
  range("order", "uniform", "ord_{}", first_number(keys.orders.front()),
        keys.orders.size());
  var("category", "uniform", keys.categories);
  y += "operations:\n";
  for (const Pattern& p : kPatterns) {
    y += "  - name: \"" + std::string(p.name) + "\"\n";
    y += "    operation: " + std::string(p.action) + "\n";
    y += "    weight: 1\n";
    y += "    request:\n";
    y += "      TableName: \"${table}\"\n";
    std::string hk = *p.index ? std::string(p.index) + "PK" : "PK";
    std::string rk = *p.index ? std::string(p.index) + "SK" : "SK";
    if (std::string_view(p.action) == "GetItem") {
      y += "      Key: {PK: {S: \"" + std::string(p.pk) + "\"}, SK: {S: \"" +
           p.sk + "\"}}\n";
      continue;
    }
    if (*p.index) y += "      IndexName: " + std::string(p.index) + "\n";
    std::string sk = p.sk;
    std::string condition = hk + " = :pk";
    if (!sk.empty() && sk[0] == '=') {
      condition += " AND " + rk + " = :sk";
      sk = sk.substr(1);
    } else if (!sk.empty()) {
      condition += " AND begins_with(" + rk + ", :sk)";
    }
    y += "      KeyConditionExpression: \"" + condition + "\"\n";
    y += "      ExpressionAttributeValues: {\":pk\": {S: \"" +
         std::string(p.pk) + "\"}";
    if (!sk.empty()) {
      y += ", \":sk\": {S: \"";
      JsonWriter::AppendEscaped(sk, &y);
      y += "\"}";
    }
    y += "}\n";
    if (!p.forward) y += "      ScanIndexForward: false\n";
    y += "      Limit: 20\n";
  }
  return y;
}

// --- Sampler ----------------------------------------------------------------

struct WorkloadSampler::State {
  const Workload* workload;
  std::mt19937_64 rng;
  std::vector<double> cumulative;                       // of weights
  std::vector<std::unique_ptr<ZipfianGenerator>> zipf;  // per variable
  std::vector<std::string> values;  // per slot, for the current request
};

WorkloadSampler::WorkloadSampler(const Workload& workload, uint64_t seed)
    : state_(std::make_unique<State>()) {
  state_->workload = &workload;
  state_->rng.seed(seed);
  double total = 0;
  for (const auto& op : workload.operations) {
    total += op.weight;
    state_->cumulative.push_back(total);
  }
  for (const auto& v : workload.variables) {
    state_->zipf.push_back(
        v.distribution == Distribution::kZipfian
            ? std::make_unique<ZipfianGenerator>(v.size(), v.theta)
            : nullptr);
  }
}

WorkloadSampler::~WorkloadSampler() = default;

void WorkloadSampler::Next(DrawnRequest& out) {
  State& s = *state_;
  double x = UniformUnit(s.rng) * s.cumulative.back();
  size_t op = std::upper_bound(s.cumulative.begin(), s.cumulative.end(), x) -
              s.cumulative.begin();
  if (op >= s.cumulative.size()) op = s.cumulative.size() - 1;
  Fill(static_cast<int>(op), out);
}

void WorkloadSampler::Fill(int op_index, DrawnRequest& out) {
  State& s = *state_;
  const Workload& w = *s.workload;
  const Operation& op = w.operations[op_index];
  s.values.resize(op.slots.size());
  for (size_t i = 0; i < op.slots.size(); ++i) {
    int slot = op.slots[i];
    std::string& value = s.values[i];
    switch (slot) {
      case kBuiltinTable:
        value = w.table;
        break;
      case kBuiltinSeq:
        value = std::to_string(g_sequence.fetch_add(1));
        break;
      case kBuiltinUuid:
        value = Uuid4(s.rng);
        break;
      case kBuiltinNow:
        value = NowIso();
        break;
      case kBuiltinRand:
        value = std::to_string(s.rng() >> 33);
        break;
      default: {
        const Variable& v = w.variables[slot];
        uint64_t index = s.zipf[slot] ? s.zipf[slot]->Next(s.rng)
                                      : UniformBelow(s.rng, v.size());
        value = v.ValueAt(index);
      }
    }
  }
  out.operation = op_index;
  out.body.clear();
  for (const auto& part : op.request.parts) {
    if (part.slot < 0) {
      out.body += part.literal;
    } else {
      JsonWriter::AppendEscaped(s.values[part.slot], &out.body);
    }
  }
  out.partition.clear();
  for (const auto& part : op.partition.parts) {
    out.partition += part.slot < 0 ? part.literal : s.values[part.slot];
  }
}

}  // namespace dynarock::bench
