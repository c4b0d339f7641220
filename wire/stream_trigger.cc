#include "wire/stream_trigger.h"

#include <chrono>
#include <iostream>
#include <memory>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "wire/json_writer.h"
#include "wire/stream_json.h"

namespace dynarock {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct Url {
  std::string host;
  std::string port = "80";
  std::string path = "/";
};

bool ParseUrl(const std::string& url, Url* out) {
  constexpr std::string_view kScheme = "http://";
  if (url.rfind(kScheme, 0) != 0) return false;
  std::string rest = url.substr(kScheme.size());
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) out->path = rest.substr(slash);
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    size_t close = authority.find(']');
    if (close == std::string::npos) return false;
    out->host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return false;
      out->port = authority.substr(close + 2);
    }
  } else {
    size_t colon = authority.rfind(':');
    out->host = authority.substr(0, colon);
    if (colon != std::string::npos) out->port = authority.substr(colon + 1);
  }
  if (out->host.empty() || out->port.empty()) return false;
  for (char c : out->port) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// One POST; true on a 2xx answer.
bool Post(const Url& url, const std::string& body, double timeout_seconds) {
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::duration<double>(timeout_seconds));
    stream.expires_after(timeout);
    stream.connect(resolver.resolve(url.host, url.port));
    http::request<http::string_body> req(http::verb::post, url.path, 11);
    req.set(http::field::host, url.host + ":" + url.port);
    req.set(http::field::content_type, "application/json");
    req.set(http::field::user_agent, "dynarock-stream-trigger");
    req.body() = body;
    req.prepare_payload();
    stream.expires_after(timeout);
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    stream.expires_after(timeout);
    http::read(stream, buffer, res);
    beast::error_code ec;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    const unsigned status = res.result_int();
    return status >= 200 && status < 300;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

Result<StreamTrigger> HttpStreamTrigger(const std::string& table,
                                        const std::string& url,
                                        double timeout_seconds) {
  Url parsed;
  if (!ParseUrl(url, &parsed)) {
    return Status::Validation("'" + url +
                              "' is not an http://HOST[:PORT][/PATH] URL");
  }
  StreamTrigger t;
  t.table_name = table;
  t.target = url;
  t.deliver = [parsed, url, table, timeout_seconds](
                  const std::string& arn,
                  const std::vector<StreamRecord>& records) {
    std::string body;
    JsonWriter w(&body);
    w.BeginObject();
    w.Key("Records");
    w.BeginArray();
    for (const StreamRecord& r : records) {
      if (!WriteStreamRecord(r, RecordStyle::kLambda, arn, &w)) return false;
    }
    w.EndArray();
    w.EndObject();
    if (Post(parsed, body, timeout_seconds)) return true;
    std::cerr << "dynarock: stream trigger for " << table << ": " << url
              << " did not take a batch of " << records.size()
              << " records; retrying" << std::endl;
    return false;
  };
  return t;
}

}  // namespace dynarock
