// RequestLog: one line per request the dispatcher answers (--log-requests,
// or DYNAROCK_LOG for an embedded LocalServer): time, operation, table and
// index, HTTP status, error type, consumed capacity and latency, as text
// for people or as JSON lines for tools.
//
//   2026-12-07T05:10:00.123Z GetItem orders - 200 - 0.5 0.084ms
//   {"time":"2026-12-07T05:10:00.123Z","operation":"GetItem","table":"orders",
//    "index":null,"status":200,"error":null,"capacity":0.5,"latency_ms":0.084}
//
// Capacity is what the request consumed (CapacityUnits over every table and
// index), whether or not it asked for ReturnConsumedCapacity; "-" (null)
// when it read and wrote nothing. Thread-safe: lines are written whole.
#ifndef DYNAROCK_WIRE_REQUEST_LOG_H_
#define DYNAROCK_WIRE_REQUEST_LOG_H_

#include <chrono>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace dynarock {

enum class RequestLogFormat { kText, kJson };

struct RequestLogEntry {
  std::chrono::system_clock::time_point time;
  std::string_view operation;  // the target's operation, or the target
  std::string table;           // several joined with ","; empty: none
  std::string index;
  int status = 200;
  std::string_view error;  // the error type's name; empty: none
  std::optional<double> capacity;
  double latency_ms = 0;
};

class RequestLog {
 public:
  // Writes to `out` (not owned; it must outlive the log).
  RequestLog(std::FILE* out, RequestLogFormat format)
      : out_(out), format_(format) {}

  // "text" or "json"; nullopt for anything else.
  static std::optional<RequestLogFormat> ParseFormat(std::string_view name);

  void Write(const RequestLogEntry& e);
  // The line Write writes, without its newline.
  std::string Format(const RequestLogEntry& e) const;

 private:
  std::FILE* out_;
  RequestLogFormat format_;
  std::mutex mu_;
};

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_REQUEST_LOG_H_
