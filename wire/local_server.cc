#include "wire/local_server.h"

namespace dynarock {

Result<std::unique_ptr<LocalServer>> LocalServer::Start(
    const LocalServerOptions& options) {
  std::unique_ptr<LocalServer> s(new LocalServer());
  DYNAROCK_ASSIGN_OR_RETURN(auto engine, Engine::Open(options.engine));
  s->engine_ = std::move(engine);
  s->dispatcher_ = std::make_unique<Dispatcher>(s->engine_.get());
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
