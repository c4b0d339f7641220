// Dispatcher: the DynamoDB JSON 1.0 protocol without sockets.
//
// Maps one request (target, headers that matter, body) to one response
// (status, body, checksum). The Beast server (wire/http_server.h) and
// in-process callers who want the JSON surface share it.
//
// Thread safety: Handle() may be called from any number of threads at once.
// The engine must outlive the dispatcher.
#ifndef DYNAROCK_WIRE_DISPATCHER_H_
#define DYNAROCK_WIRE_DISPATCHER_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace dynarock {

class Engine;
class RequestLog;
enum class ErrorType;

struct WireRequest {
  // The X-Amz-Target header, e.g. "DynamoDB_20120810.PutItem".
  std::string_view target;
  // The Authorization header; empty when absent.
  std::string_view authorization;
  // The request body, already inflated when it was sent gzip-encoded.
  std::string_view body;
  // The Host header: the host and port the client addressed (named back to
  // it by DescribeEndpoints); empty when absent.
  std::string_view host;
};

struct WireResponse {
  int status = 200;
  std::string body;
  // CRC32 (zlib) of body, sent as x-amz-crc32.
  uint32_t crc32 = 0;
  // Sent as x-amzn-RequestId.
  std::string request_id;
};

class Dispatcher {
 public:
  // With `log`, every request answered is logged there (one line each);
  // the log must outlive the dispatcher.
  explicit Dispatcher(Engine* engine, RequestLog* log = nullptr);
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // `buffer`, when given, is storage the response's body may take over
  // (its contents are dropped): a server passes the body it sent last, so
  // that answers of tens of KB reuse one allocation per connection.
  WireResponse Handle(const WireRequest& request,
                      std::string buffer = {}) const;

  // A response for a failure found before dispatch (by the HTTP layer),
  // rendered exactly as Handle() renders its own errors.
  static WireResponse ErrorResponse(ErrorType type, std::string_view message);

 private:
  // What the request log needs to know of a request besides its response.
  struct LogFields;
  WireResponse HandleRequest(const WireRequest& request, std::string buffer,
                             LogFields* fields) const;

  Engine* engine_;
  RequestLog* log_;
};

// Whether `name` is one of the service's operations (its API Reference),
// whether dynarock serves it or not ("GetItem", "CreateBackup").
bool IsServiceOperation(std::string_view name);
// All of them, in alphabetical order: `*count` entries.
const std::string_view* ServiceOperations(size_t* count);

// A fresh request id in the service's format (52 upper-case letters and
// digits). Thread-safe.
std::string NewRequestId();

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_DISPATCHER_H_
