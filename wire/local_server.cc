#include "wire/local_server.h"

namespace dynarock {

Result<std::unique_ptr<LocalServer>> LocalServer::Start(
    const LocalServerOptions& options) {
  std::unique_ptr<LocalServer> s(new LocalServer());
  auto engine = Engine::Open(options.engine);
  if (!engine.ok()) return engine.status();
  s->engine_ = std::move(engine).value();
  s->dispatcher_ = std::make_unique<Dispatcher>(s->engine_.get());
  auto http = HttpServer::Start(s->dispatcher_.get(), options.http);
  if (!http.ok()) return http.status();
  s->http_ = std::move(http).value();
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
