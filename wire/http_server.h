// HttpServer: serves a Dispatcher over HTTP/1.1 (Boost.Beast).
//
// POST / with X-Amz-Target goes to the dispatcher; GET / answers the
// service's health line; GET /console/ the browser console (unless turned
// off); /_dynarock/ holds the test controls, when given.
// Request bodies may be gzip-encoded. Keep-alive.
//
// Start() binds and returns once the server accepts connections; Stop() (or
// the destructor) closes the listener and every connection and joins the
// threads. Start/Stop from one thread; port() from any.
#ifndef DYNAROCK_WIRE_HTTP_SERVER_H_
#define DYNAROCK_WIRE_HTTP_SERVER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "engine/status.h"

namespace dynarock {

class Dispatcher;
class TestControls;

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  // 0 picks a free ephemeral port; port() tells which.
  uint16_t port = 8000;
  // Threads serving connections; 0 means one per core.
  int threads = 0;
  // Answer CORS preflights and add Access-Control-Allow-Origin for these
  // origins ("*" for any); empty disables CORS. Any origin by default, as
  // the service answers browsers and DynamoDB Local defaults -cors to "*".
  std::string cors_origins = "*";
  // Served under /_dynarock/ when set (wire/test_controls.h); those paths
  // answer 404 otherwise. Must outlive the server.
  const TestControls* test_controls = nullptr;
  // Serve the browser console (wire/console/) under /console/.
  bool console = true;
};

class HttpServer {
 public:
  // The dispatcher must outlive the server.
  static Result<std::unique_ptr<HttpServer>> Start(
      Dispatcher* dispatcher, const HttpServerOptions& options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  uint16_t port() const;
  void Stop();

  class Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_HTTP_SERVER_H_
