#include "wire/local_server.h"

#include <cstdlib>
#include <string_view>

#include "wire/request_log.h"

namespace dynarock {

Result<std::unique_ptr<LocalServer>> LocalServer::Start(
    const LocalServerOptions& options) {
  std::unique_ptr<LocalServer> s(new LocalServer());
  DYNAROCK_ASSIGN_OR_RETURN(auto engine, Engine::Open(options.engine));
  s->engine_ = std::move(engine);
  // DYNAROCK_LOG=text (or 1) or json: the request log, on stderr.
  if (const char* env = std::getenv("DYNAROCK_LOG"); env && *env) {
    const std::string_view v = env;
    if (auto format =
            RequestLog::ParseFormat(v == "1" ? std::string_view("text") : v)) {
      s->log_ = std::make_unique<RequestLog>(stderr, *format);
    }
  }
  s->dispatcher_ =
      std::make_unique<Dispatcher>(s->engine_.get(), s->log_.get());
  DYNAROCK_ASSIGN_OR_RETURN(
      auto http, HttpServer::Start(s->dispatcher_.get(), options.http));
  s->http_ = std::move(http);
  s->host_ = options.http.host;
  return s;
}

LocalServer::~LocalServer() {
  if (http_) http_->Stop();
}

std::string LocalServer::endpoint() const {
  return "http://" + host_ + ":" + std::to_string(port());
}

}  // namespace dynarock
