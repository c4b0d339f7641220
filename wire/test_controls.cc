#include "wire/test_controls.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "engine/clock.h"
#include "engine/engine.h"
#include "wire/json_writer.h"

namespace dynarock {
namespace {

int Error(int status, std::string_view message, std::string* response) {
  response->clear();
  JsonWriter w(response);
  w.BeginObject();
  w.Key("message");
  w.String(message);
  w.EndObject();
  return status;
}

}  // namespace

int TestControls::Handle(std::string_view method, std::string_view path,
                         std::string_view body, std::string* response) const {
  if (path == "/_dynarock/clock") return Clock(method, body, response);
  if (path == "/_dynarock/storage") return Storage(method, response);
  return Error(404, "no such control", response);
}

int TestControls::Storage(std::string_view method,
                          std::string* response) const {
  if (method != "GET") return Error(405, "GET", response);
  const StorageReport report = engine_->DescribeStorage();
  auto count = [](JsonWriter& w, std::string_view key, uint64_t n) {
    w.Key(key);
    w.Int(static_cast<int64_t>(n));
  };
  response->clear();
  JsonWriter w(response);
  w.BeginObject();
  count(w, "writes", report.writes);
  w.Key("columnFamilies");
  w.BeginObject();
  for (const StorageReport::ColumnFamily& cf : report.column_families) {
    w.Key(cf.name);
    w.BeginObject();
    w.Key("sortedRuns");
    w.BeginArray();
    for (size_t i = 0; i < cf.run_entries.size(); ++i) {
      w.BeginObject();
      count(w, "entries", cf.run_entries[i]);
      count(w, "bytes", cf.run_bytes[i]);
      w.EndObject();
    }
    w.EndArray();
    w.Key("flushes");
    w.BeginObject();
    count(w, "count", cf.flushes);
    count(w, "entries", cf.flushed_entries);
    count(w, "bytes", cf.flushed_bytes);
    w.EndObject();
    w.Key("merges");
    w.BeginObject();
    count(w, "count", cf.merges);
    count(w, "entriesRead", cf.merged_entries_read);
    count(w, "entriesWritten", cf.merged_entries_written);
    count(w, "bytesRead", cf.merged_bytes_read);
    count(w, "bytesWritten", cf.merged_bytes_written);
    count(w, "cpuMicros", cf.merge_cpu_micros);
    w.EndObject();
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  return 200;
}

int TestControls::Clock(std::string_view method, std::string_view body,
                        std::string* response) const {
  if (method == "POST") {
    auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    const bool advance =
        j.is_object() && j.size() == 1 && j.contains("advance");
    const bool set = j.is_object() && j.size() == 1 && j.contains("set");
    const nlohmann::json* v = advance ? &j["advance"]
                              : set   ? &j["set"]
                                      : nullptr;
    if (!v || !v->is_number() || !std::isfinite(v->get<double>())) {
      return Error(400,
                   "expected {\"advance\": SECONDS} or {\"set\": "
                   "EPOCH_SECONDS}",
                   response);
    }
    if (advance)
      clock_->Advance(v->get<double>());
    else
      clock_->Set(v->get<double>());
  } else if (method != "GET") {
    return Error(405, "GET or POST", response);
  }
  response->clear();
  JsonWriter w(response);
  w.BeginObject();
  w.Key("now");
  w.Double(clock_->Now());
  w.EndObject();
  return 200;
}

}  // namespace dynarock
