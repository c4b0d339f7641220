// LocalServer: an engine served over HTTP inside the caller's process, for
// tests that point an AWS SDK at it and for programs that embed dynarock.
//
//   dynarock::LocalServerOptions options;
//   options.engine.in_memory = true;   // options.http.port is 0: a free port
//   auto server = dynarock::LocalServer::Start(options);
//   std::string url = (*server)->endpoint();  // "http://127.0.0.1:PORT"
//
// With DYNAROCK_LOG set in the environment (text, 1 or json), every request
// is logged on stderr, one line each (wire/request_log.h).
//
// Destroying the LocalServer stops the HTTP server, then closes the engine.
// Thread safety: engine() and dispatcher() may be used from any thread while
// the server runs.
#ifndef DYNAROCK_WIRE_LOCAL_SERVER_H_
#define DYNAROCK_WIRE_LOCAL_SERVER_H_

#include <memory>
#include <string>

#include "engine/engine.h"
#include "wire/dispatcher.h"
#include "wire/http_server.h"

namespace dynarock {

class RequestLog;

struct LocalServerOptions {
  EngineOptions engine;
  HttpServerOptions http = [] {
    HttpServerOptions o;
    o.port = 0;
    return o;
  }();
};

class LocalServer {
 public:
  static Result<std::unique_ptr<LocalServer>> Start(
      const LocalServerOptions& options);
  ~LocalServer();
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;

  Engine& engine() { return *engine_; }
  Dispatcher& dispatcher() { return *dispatcher_; }
  uint16_t port() const { return http_->port(); }
  std::string endpoint() const;

 private:
  LocalServer() = default;
  // Destroyed in reverse order: the server, the dispatcher, the log, the
  // engine.
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<RequestLog> log_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<HttpServer> http_;
  std::string host_;
};

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_LOCAL_SERVER_H_
