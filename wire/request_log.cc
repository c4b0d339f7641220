#include "wire/request_log.h"

#include <cinttypes>
#include <ctime>

#include "wire/json_writer.h"

namespace dynarock {
namespace {

std::string Iso8601(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      t.time_since_epoch())
                      .count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

std::string Number(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  // Trailing zeros off ("0.5", "1", "0.084").
  if (s.find('.') != std::string::npos) {
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

}  // namespace

std::optional<RequestLogFormat> RequestLog::ParseFormat(std::string_view name) {
  if (name == "text") return RequestLogFormat::kText;
  if (name == "json") return RequestLogFormat::kJson;
  return std::nullopt;
}

std::string RequestLog::Format(const RequestLogEntry& e) const {
  const std::string time = Iso8601(e.time);
  const std::string latency = Number(e.latency_ms, 3);
  if (format_ == RequestLogFormat::kText) {
    auto or_dash = [](std::string_view s) {
      return s.empty() ? std::string("-") : std::string(s);
    };
    return time + " " + std::string(e.operation) + " " + or_dash(e.table) +
           " " + or_dash(e.index) + " " + std::to_string(e.status) + " " +
           or_dash(e.error) + " " +
           (e.capacity ? Number(*e.capacity, 4) : std::string("-")) + " " +
           latency + "ms";
  }
  std::string out;
  JsonWriter w(&out);
  auto string_or_null = [&](std::string_view s) {
    if (s.empty()) {
      w.Null();
    } else {
      w.String(s);
    }
  };
  w.BeginObject();
  w.Key("time");
  w.String(time);
  w.Key("operation");
  w.String(e.operation);
  w.Key("table");
  string_or_null(e.table);
  w.Key("index");
  string_or_null(e.index);
  w.Key("status");
  w.Int(e.status);
  w.Key("error");
  string_or_null(e.error);
  w.Key("capacity");
  if (e.capacity) {
    w.Raw(Number(*e.capacity, 4));
  } else {
    w.Null();
  }
  w.Key("latency_ms");
  w.Raw(latency);
  w.EndObject();
  return out;
}

void RequestLog::Write(const RequestLogEntry& e) {
  std::string line = Format(e);
  line += '\n';
  std::lock_guard lock(mu_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

}  // namespace dynarock
