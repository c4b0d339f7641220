// HttpServer over Boost.Beast: with wire/stream_trigger.cc (its client),
// the only files in dynarock that include Beast or Asio (see STYLE.md
// "Fast builds").
//
// Threading: one io_context per thread, each run by exactly that thread. The
// acceptor lives on context 0 and hands accepted sockets to the contexts
// round-robin, so a connection is served by one thread for its whole life and
// needs no strand or lock. (Measured on the GetItem prototype: this, or a
// thread per connection, beat one io_context shared by two threads, on two
// cores.) Dispatcher::Handle() runs synchronously on the connection's thread.
//
// Per connection (a Session), following Beast's example/http/server/async:
// read a request header with a fresh request_parser, read its body, answer,
// and loop while the connection is keep-alive. Responses are written with one
// gather write of a hand-built header block and the body string, without
// Beast's serializer: a response has at most a dozen fixed headers, and this
// keeps header building to one reused string per connection.
//
// What the service answers, and where we learned it:
// - GET / answers 200 "healthy: dynamodb.us-east-1.amazonaws.com " (trailing
//   space included; here the host is the request's Host header, naming this
//   server) with x-amz-crc32 and x-amzn-RequestId (dynalite's
//   connection tests, written against the service; Dynoxide documents the same
//   line). Other paths and methods answer 404 "<UnknownOperationException/>\n".
// - A body over 16 MB answers 413 with an empty chunked body (dynalite's
//   "should return 413 if request too large", and Alternator's
//   test_too_large_request_content_length, which expects 413 from DynamoDB).
// - A POST with a body whose Content-Type is neither application/json nor
//   application/x-amz-json-1.0 answers the same 404 as an unknown path; the
//   response Content-Type echoes the request's (application/json, or
//   application/x-amz-json-1.0).
// - Content-Encoding: gzip bodies are inflated; a corrupt gzip body, or an
//   unknown Content-Encoding, answers HTTP 500 (Alternator's
//   test_compressed_request.py, checked against DynamoDB). DynamoDB does not
//   bound the inflated size; we do (16 MB, then 413), as Alternator does, so
//   that a small request cannot make us allocate gigabytes.
// - Response headers in the service's order: Server: Server, Date,
//   Content-Type, Content-Length, Connection: keep-alive, x-amzn-RequestId,
//   x-amz-crc32 (an `aws dynamodb --debug` capture).
// - CORS: the service (and dynalite, and Alternator) add
//   Access-Control-Allow-Origin to every response to a request with Origin,
//   and answer an OPTIONS preflight with 200, an empty body, the requested
//   headers and method echoed, and Access-Control-Max-Age: 172800. Without an
//   Origin, OPTIONS is a 404 like any unknown method.
#include "wire/http_server.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>

#include "wire/console_assets.h"
#include "wire/crc32.h"
#include "wire/dispatcher.h"
#include "wire/test_controls.h"

namespace dynarock {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using error_code = boost::system::error_code;

// DynamoDB's request size limit: "The total request size exceeds 16 MB"
// (BatchWriteItem), and dynalite's MAX_REQUEST_BYTES = 16 * 1024 * 1024,
// which answers 413 at 16 MB + 1 byte.
constexpr uint64_t kMaxRequestBytes = 16 * 1024 * 1024;
// SDK request headers are well under 2 KB; Beast's default is 8 KB. Allow
// more for long Authorization headers and proxies that add headers.
constexpr uint32_t kMaxHeaderBytes = 64 * 1024;
// After answering 413 we read and discard what the client is still sending
// (a "lingering close"), so that it sees the 413 rather than a reset. Bounded
// in bytes and time.
constexpr uint64_t kMaxLingerBytes = 256 * 1024 * 1024;
constexpr auto kLingerTime = std::chrono::seconds(10);
// Beast asks the socket for no more than the read buffer's free capacity
// (at least 512 bytes): with a buffer left at its first 512 bytes, an
// UpdateItem of 800 bytes, header and body, took two reads, and a
// BatchWriteItem of 25 items about thirty. A connection's buffer keeps
// room for a whole request of the usual size; for a larger body it grows
// to what remains of the body, up to Beast's 64 KB a read, and shrinks
// back before the next request is read.
constexpr size_t kReadBufferBytes = 4096;
constexpr size_t kMaxReadBytes = 64 * 1024;

constexpr std::string_view kHealthBody =
    "healthy: dynamodb.us-east-1.amazonaws.com ";
constexpr std::string_view kNotFoundBody = "<UnknownOperationException/>\n";
constexpr std::string_view kAmzJson = "application/x-amz-json-1.0";
constexpr std::string_view kJson = "application/json";
constexpr std::string_view kExposeHeaders =
    "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date,x-amz-crc32";
constexpr std::string_view kDefaultAllowHeaders =
    "Content-Type,Content-Encoding,X-Amz-Target,X-Amz-Date,"
    "X-Amz-Security-Token,X-Amz-User-Agent,Authorization,"
    "amz-sdk-invocation-id,amz-sdk-request";
constexpr std::string_view kDefaultAllowMethods = "GET,POST,OPTIONS";

std::string_view ToStd(beast::string_view s) { return {s.data(), s.size()}; }

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    unsigned char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
    if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
    if (x != y) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// The current time as an RFC 7231 IMF-fixdate, formatted once a second per
// thread.
std::string_view HttpDate() {
  thread_local time_t cached_second = -1;
  thread_local char buf[40];
  thread_local size_t len = 0;
  time_t now = time(nullptr);
  if (now != cached_second) {
    struct tm tm;
    gmtime_r(&now, &tm);
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed",
                                            "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                              "May", "Jun", "Jul", "Aug",
                                              "Sep", "Oct", "Nov", "Dec"};
    int n = snprintf(buf, sizeof(buf), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                     kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon],
                     tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    len = n > 0 ? static_cast<size_t>(n) : 0;
    cached_second = now;
  }
  return {buf, len};
}

void AppendNumber(std::string& out, uint64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, end);
}

enum class InflateResult { kOk, kCorrupt, kTooLarge };

// Inflates a gzip body (one or more concatenated members, RFC 1952 2.2) into
// *out, failing once the output would exceed `limit` bytes.
InflateResult Gunzip(std::string_view in, size_t limit, std::string* out) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return InflateResult::kCorrupt;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  // One byte of room past the limit tells "exactly limit" from "more".
  const size_t cap = limit + 1;
  out->clear();
  out->resize(std::min(cap, std::max<size_t>(in.size() * 4, 4096)));
  size_t produced = 0;
  InflateResult result = InflateResult::kCorrupt;
  for (;;) {
    if (produced == out->size()) {
      if (out->size() >= cap) {
        result = InflateResult::kTooLarge;
        break;
      }
      out->resize(std::min(cap, out->size() * 2));
    }
    zs.next_out = reinterpret_cast<Bytef*>(out->data() + produced);
    zs.avail_out = static_cast<uInt>(out->size() - produced);
    int rc = inflate(&zs, Z_NO_FLUSH);
    produced = out->size() - zs.avail_out;
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) {
        result =
            produced > limit ? InflateResult::kTooLarge : InflateResult::kOk;
        break;
      }
      // Another gzip member follows.
      if (inflateReset(&zs) != Z_OK) break;
      continue;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && zs.avail_out == 0) continue;  // grow and retry
    break;  // Z_DATA_ERROR, or input ended inside a member
  }
  inflateEnd(&zs);
  if (result == InflateResult::kOk) out->resize(produced);
  return result;
}

// The --cors setting: "*" or a comma-separated list of origins.
struct CorsPolicy {
  bool enabled = false;
  bool any = false;
  std::vector<std::string> origins;

  static CorsPolicy Parse(std::string_view spec) {
    CorsPolicy p;
    while (!spec.empty()) {
      size_t comma = spec.find(',');
      std::string_view item = Trim(spec.substr(0, comma));
      spec = comma == std::string_view::npos ? std::string_view()
                                             : spec.substr(comma + 1);
      if (item.empty()) continue;
      p.enabled = true;
      if (item == "*") {
        p.any = true;
      } else {
        p.origins.emplace_back(item);
      }
    }
    return p;
  }

  bool Allows(std::string_view origin) const {
    if (!enabled || origin.empty()) return false;
    if (any) return true;
    for (const auto& o : origins) {
      if (o == origin) return true;
    }
    return false;
  }
};

}  // namespace

class HttpServer::Impl {
 public:
  Impl(Dispatcher* dispatcher, const HttpServerOptions& options)
      : dispatcher_(dispatcher),
        options_(options),
        cors_(CorsPolicy::Parse(options.cors_origins)) {}
  ~Impl() { Stop(); }

  Status Start();
  void Stop();
  uint16_t port() const { return port_; }

  Dispatcher* dispatcher() const { return dispatcher_; }
  const CorsPolicy& cors() const { return cors_; }
  const HttpServerOptions& options() const { return options_; }

 private:
  void DoAccept();
  void OnAccept(const error_code& ec, tcp::socket socket);

  Dispatcher* const dispatcher_;
  const HttpServerOptions options_;
  const CorsPolicy cors_;
  uint16_t port_ = 0;
  bool running_ = false;

  // contexts_[0] also runs the acceptor. Destroyed in index order (Stop()).
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>>
      guards_;
  std::unique_ptr<tcp::acceptor> acceptor_;
  std::unique_ptr<asio::steady_timer> accept_retry_;
  std::vector<std::thread> threads_;
  // Round-robin cursor; touched only by contexts_[0]'s thread.
  size_t next_context_ = 0;
};

namespace {

// One connection. Lives as long as an operation of its own holds it (the
// shared_ptr in each completion handler); everything runs on the thread of
// the socket's io_context.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl* server)
      : socket_(std::move(socket)), server_(server) {}

  tcp::socket::executor_type executor() { return socket_.get_executor(); }

  void Start() {
    error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    buffer_.reserve(kReadBufferBytes);
    DoRead();
  }

 private:
  void DoRead() {
    ShrinkReadBuffer();
    parser_.emplace();
    parser_->body_limit(kMaxRequestBytes);
    parser_->header_limit(kMaxHeaderBytes);
    http::async_read_header(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](const error_code& ec, size_t) {
          self->OnHeader(ec);
        });
  }

  void OnHeader(error_code ec) {
    if (ec) return OnReadError(ec);
    const auto& req = parser_->get();
    if (!parser_->is_done() &&
        IEquals(ToStd(req[http::field::expect]), "100-continue")) {
      static constexpr std::string_view kContinue =
          "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(
          socket_, asio::buffer(kContinue.data(), kContinue.size()),
          [self = shared_from_this()](const error_code& ec, size_t) {
            if (ec) return self->Close();
            self->ReadBody();
          });
      return;
    }
    // The body of a small request usually arrived with its header: parse it
    // from the buffer without another asynchronous round.
    while (!parser_->is_done() && buffer_.size() > 0) {
      size_t n = parser_->put(buffer_.data(), ec);
      buffer_.consume(n);
      if (ec == http::error::need_more) {
        ec = {};
        break;
      }
      if (ec) return OnReadError(ec);
      if (n == 0) break;
    }
    if (parser_->is_done()) return OnRequest();
    ReadBody();
  }

  void ReadBody() {
    if (boost::optional<uint64_t> rest = parser_->content_length_remaining()) {
      buffer_.reserve(static_cast<size_t>(
          std::min<uint64_t>(buffer_.size() + *rest, kMaxReadBytes)));
    }
    http::async_read(socket_, buffer_, *parser_,
                     [self = shared_from_this()](const error_code& ec, size_t) {
                       if (ec) return self->OnReadError(ec);
                       self->OnRequest();
                     });
  }

  // Back to the usual size after a large request (what a pipelined client
  // sent after it stays).
  void ShrinkReadBuffer() {
    if (buffer_.capacity() <= kReadBufferBytes) return;
    buffer_.shrink_to_fit();
    buffer_.reserve(kReadBufferBytes);
  }

  void OnReadError(const error_code& ec) {
    if (ec == http::error::body_limit) {
      // Answer 413 as the service does, then discard the rest of the body.
      const auto& req = parser_->get();
      origin_ = std::string(ToStd(req[http::field::origin]));
      if (!server_->cors().Allows(origin_)) origin_.clear();
      StartHead(413, std::string_view());
      head_.append("Transfer-Encoding: chunked\r\nConnection: close\r\n");
      AppendRequestId(NewRequestId());
      AppendCors();
      head_.append("\r\n");
      body_.assign("0\r\n\r\n");
      close_after_write_ = true;
      linger_after_write_ = true;
      return Write();
    }
    if (ec == http::error::end_of_stream ||
        ec == http::error::partial_message || ec == asio::error::eof ||
        ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::broken_pipe) {
      return Close();
    }
    // Malformed HTTP: answer 400 and close. (A partial request that never
    // parsed far enough has no version; answer 1.1 anyway.)
    origin_.clear();
    head_.assign("HTTP/1.1 400 Bad Request\r\nServer: Server\r\nDate: ");
    head_.append(HttpDate());
    head_.append("\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    body_.clear();
    close_after_write_ = true;
    linger_after_write_ = false;
    Write();
  }

  void OnRequest() {
    auto& req = parser_->get();
    close_after_write_ = !req.keep_alive();
    linger_after_write_ = false;
    origin_ = std::string(ToStd(req[http::field::origin]));
    const bool cors = server_->cors().Allows(origin_);
    if (!cors) origin_.clear();
    head_only_ = req.method() == http::verb::head;

    std::string_view target = ToStd(req.target());
    std::string_view path = target.substr(0, target.find('?'));
    if (path.rfind("/_dynarock/", 0) == 0) {
      const TestControls* controls = server_->options().test_controls;
      if (!controls) {
        RespondFixed(404, std::string_view(), kNotFoundBody);
      } else {
        std::string response;
        int status = controls->Handle(ToStd(req.method_string()), path,
                                      req.body(), &response);
        RespondFixed(status, "application/json", response);
      }
      Write();
      return;
    }

    switch (req.method()) {
      case http::verb::post:
        HandlePost();
        break;
      case http::verb::get: {
        if (path == "/") {
          // The service names its own host; a local server names the one
          // the client addressed (its Host header), so that what a client
          // reads back leads to this server.
          const std::string_view host = ToStd(req[http::field::host]);
          if (host.empty()) {
            RespondFixed(200, "text/plain", kHealthBody);
          } else {
            RespondFixed(200, "text/plain",
                         "healthy: " + std::string(host) + " ");
          }
        } else if (const ConsoleAsset* asset = server_->options().console
                                                   ? FindConsoleAsset(path)
                                                   : nullptr) {
          RespondFixed(200, asset->content_type, asset->body);
        } else {
          RespondFixed(404, std::string_view(), kNotFoundBody);
        }
        break;
      }
      case http::verb::options:
        if (cors) {
          RespondPreflight();
        } else {
          RespondFixed(404, std::string_view(), kNotFoundBody);
        }
        break;
      default:
        RespondFixed(404, std::string_view(), kNotFoundBody);
        break;
    }
    Write();
  }

  void HandlePost() {
    auto& req = parser_->get();
    std::string_view body = req.body();

    // The service serves JSON only: a body with another media type is a 404.
    std::string_view content_type = ToStd(req[http::field::content_type]);
    std::string_view media =
        Trim(content_type.substr(0, content_type.find(';')));
    const bool amz_json = IEquals(media, kAmzJson);
    if (!amz_json && !IEquals(media, kJson) &&
        (!body.empty() || !content_type.empty())) {
      return RespondFixed(404, std::string_view(), kNotFoundBody);
    }
    std::string_view response_type = amz_json ? kAmzJson : kJson;

    std::string inflated;
    std::string_view encoding = Trim(ToStd(req[http::field::content_encoding]));
    if (!encoding.empty() && !IEquals(encoding, "identity")) {
      if (!IEquals(encoding, "gzip") && !IEquals(encoding, "x-gzip")) {
        return RespondWire(
            Dispatcher::ErrorResponse(ErrorType::kInternalServerError,
                                      "Unsupported Content-Encoding"),
            response_type);
      }
      switch (Gunzip(body, kMaxRequestBytes, &inflated)) {
        case InflateResult::kOk:
          body = inflated;
          break;
        case InflateResult::kCorrupt:
          return RespondWire(Dispatcher::ErrorResponse(
                                 ErrorType::kInternalServerError,
                                 "The request body could not be decompressed"),
                             response_type);
        case InflateResult::kTooLarge:
          StartHead(413, std::string_view());
          head_.append("Transfer-Encoding: chunked\r\n");
          AppendConnection();
          AppendRequestId(NewRequestId());
          AppendCors();
          head_.append("\r\n");
          body_.assign("0\r\n\r\n");
          return;
      }
    }

    WireRequest wire;
    wire.target = ToStd(req["X-Amz-Target"]);
    wire.authorization = ToStd(req[http::field::authorization]);
    wire.host = ToStd(req[http::field::host]);
    wire.body = body;
    WireResponse response;
    try {
      // The last answer has been sent: its buffer takes this one.
      response = server_->dispatcher()->Handle(wire, std::move(body_));
    } catch (const std::exception&) {
      response = Dispatcher::ErrorResponse(ErrorType::kInternalServerError,
                                           "Internal server error");
    }
    RespondWire(std::move(response), response_type);
  }

  // The status line and the headers every response carries.
  void StartHead(int status, std::string_view content_type) {
    head_.assign("HTTP/1.1 ");
    AppendNumber(head_, static_cast<uint64_t>(status));
    head_.push_back(' ');
    head_.append(
        ToStd(http::obsolete_reason(static_cast<http::status>(status))));
    head_.append("\r\nServer: Server\r\nDate: ");
    head_.append(HttpDate());
    head_.append("\r\n");
    if (!content_type.empty()) {
      head_.append("Content-Type: ");
      head_.append(content_type);
      head_.append("\r\n");
    }
  }

  void AppendContentLength(size_t n) {
    head_.append("Content-Length: ");
    AppendNumber(head_, n);
    head_.append("\r\n");
  }

  void AppendConnection() {
    head_.append(close_after_write_ ? "Connection: close\r\n"
                                    : "Connection: keep-alive\r\n");
  }

  void AppendRequestId(std::string_view id) {
    head_.append("x-amzn-RequestId: ");
    head_.append(id);
    head_.append("\r\n");
  }

  void AppendCrc(uint32_t crc) {
    head_.append("x-amz-crc32: ");
    AppendNumber(head_, crc);
    head_.append("\r\n");
  }

  // Access-Control-Allow-Origin and -Expose-Headers for an allowed Origin.
  void AppendCors() {
    if (origin_.empty()) return;
    head_.append("Access-Control-Allow-Origin: ");
    if (server_->cors().any) {
      head_.push_back('*');
    } else {
      head_.append(origin_);
      head_.append("\r\nVary: Origin");
    }
    head_.append("\r\nAccess-Control-Expose-Headers: ");
    head_.append(kExposeHeaders);
    head_.append("\r\n");
  }

  void RespondWire(WireResponse response, std::string_view content_type) {
    body_ = std::move(response.body);
    StartHead(response.status, content_type);
    AppendContentLength(body_.size());
    AppendConnection();
    AppendRequestId(response.request_id);
    AppendCrc(response.crc32);
    AppendCors();
    head_.append("\r\n");
  }

  void RespondFixed(int status, std::string_view content_type,
                    std::string_view body) {
    body_.assign(body);
    StartHead(status, content_type);
    AppendContentLength(body_.size());
    AppendConnection();
    AppendRequestId(NewRequestId());
    AppendCrc(Crc32(body_));
    AppendCors();
    head_.append("\r\n");
  }

  void RespondPreflight() {
    const auto& req = parser_->get();
    body_.clear();
    StartHead(200, std::string_view());
    AppendContentLength(0);
    AppendConnection();
    AppendRequestId(NewRequestId());
    AppendCors();
    std::string_view headers =
        Trim(ToStd(req[http::field::access_control_request_headers]));
    head_.append("Access-Control-Allow-Headers: ");
    head_.append(headers.empty() ? kDefaultAllowHeaders : headers);
    std::string_view method =
        Trim(ToStd(req[http::field::access_control_request_method]));
    head_.append("\r\nAccess-Control-Allow-Methods: ");
    head_.append(method.empty() ? kDefaultAllowMethods : method);
    head_.append("\r\nAccess-Control-Max-Age: 172800\r\n\r\n");
  }

  void Write() {
    if (head_only_) body_.clear();
    head_only_ = false;
    std::array<asio::const_buffer, 2> buffers = {
        asio::buffer(head_.data(), head_.size()),
        asio::buffer(body_.data(), body_.size())};
    asio::async_write(socket_, buffers,
                      [self = shared_from_this()](
                          const error_code& ec, size_t) { self->OnWrite(ec); });
  }

  void OnWrite(const error_code& ec) {
    if (ec) return Close();
    if (linger_after_write_) return Linger();
    if (close_after_write_) return Close();
    // Drop a large response body rather than keep it for the connection's
    // life; a small one keeps its capacity for the next response.
    if (body_.capacity() > 1 << 20) std::string().swap(body_);
    DoRead();
  }

  // Half-close, then read and drop what the client still sends, so that it
  // reads our 413 instead of a connection reset.
  void Linger() {
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    linger_timer_.emplace(socket_.get_executor());
    linger_timer_->expires_after(kLingerTime);
    linger_timer_->async_wait(
        [self = shared_from_this()](const error_code& ec) {
          if (!ec) self->Close();
        });
    linger_buffer_.resize(64 * 1024);
    DoLingerRead();
  }

  void DoLingerRead() {
    socket_.async_read_some(
        asio::buffer(linger_buffer_.data(), linger_buffer_.size()),
        [self = shared_from_this()](const error_code& ec, size_t n) {
          self->lingered_ += n;
          if (ec || self->lingered_ > kMaxLingerBytes) return self->Close();
          self->DoLingerRead();
        });
  }

  void Close() {
    error_code ignored;
    if (linger_timer_) linger_timer_->cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  tcp::socket socket_;
  HttpServer::Impl* const server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  // The response being written: header block and body.
  std::string head_;
  std::string body_;
  // The request's Origin when CORS allows it, else empty.
  std::string origin_;
  bool close_after_write_ = false;
  bool linger_after_write_ = false;
  bool head_only_ = false;
  std::optional<asio::steady_timer> linger_timer_;
  std::string linger_buffer_;
  uint64_t lingered_ = 0;
};

// Resolves a host name or address literal for binding.
bool ResolveHost(const std::string& host, uint16_t port, tcp::endpoint* out,
                 std::string* error) {
  error_code ec;
  std::string literal = host;
  if (literal.size() >= 2 && literal.front() == '[' && literal.back() == ']') {
    literal = literal.substr(1, literal.size() - 2);
  }
  asio::ip::address address = asio::ip::make_address(literal, ec);
  if (!ec) {
    *out = tcp::endpoint(address, port);
    return true;
  }
  asio::io_context ioc;
  tcp::resolver resolver(ioc);
  auto results =
      resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
  if (ec || results.empty()) {
    *error = "cannot resolve host '" + host + "'" +
             (ec ? ": " + ec.message() : std::string());
    return false;
  }
  *out = results.begin()->endpoint();
  return true;
}

std::string FormatEndpoint(const std::string& host, uint16_t port) {
  if (host.find(':') != std::string::npos && host.front() != '[') {
    return "[" + host + "]:" + std::to_string(port);
  }
  return host + ":" + std::to_string(port);
}

}  // namespace

Status HttpServer::Impl::Start() {
  int threads = options_.threads;
  if (threads <= 0)
    threads = static_cast<int>(std::thread::hardware_concurrency());
  if (threads <= 0) threads = 1;

  tcp::endpoint endpoint;
  std::string error;
  if (!ResolveHost(options_.host, options_.port, &endpoint, &error)) {
    return Status::Internal(error);
  }

  for (int i = 0; i < threads; ++i) {
    // Concurrency hint 1: exactly one thread runs each context.
    contexts_.push_back(std::make_unique<asio::io_context>(1));
    guards_.push_back(asio::make_work_guard(*contexts_.back()));
  }

  const std::string where = FormatEndpoint(options_.host, options_.port);
  error_code ec;
  acceptor_ = std::make_unique<tcp::acceptor>(*contexts_[0]);
  acceptor_->open(endpoint.protocol(), ec);
  if (!ec) acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_->bind(endpoint, ec);
  if (!ec) acceptor_->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    acceptor_.reset();
    guards_.clear();
    contexts_.clear();
    if (ec == asio::error::address_in_use) {
      return Status::Internal("address " + where + " is already in use");
    }
    if (ec == asio::error::access_denied) {
      return Status::Internal("permission denied to listen on " + where);
    }
    if (ec == boost::system::errc::address_not_available) {
      return Status::Internal("address " + where +
                              " is not available on this machine");
    }
    return Status::Internal("cannot listen on " + where + ": " + ec.message());
  }
  port_ = acceptor_->local_endpoint(ec).port();
  accept_retry_ = std::make_unique<asio::steady_timer>(*contexts_[0]);

  DoAccept();
  running_ = true;
  for (auto& context : contexts_) {
    asio::io_context* ioc = context.get();
    threads_.emplace_back([ioc] {
      for (;;) {
        try {
          ioc->run();
          return;
        } catch (const std::exception& e) {
          // A handler threw (it should not): log, and keep serving.
          fprintf(stderr, "dynarock: unexpected exception in server: %s\n",
                  e.what());
        }
      }
    });
  }
  return Status::OK();
}

void HttpServer::Impl::DoAccept() {
  asio::io_context& target = *contexts_[next_context_];
  next_context_ = (next_context_ + 1) % contexts_.size();
  acceptor_->async_accept(target,
                          [this](const error_code& ec, tcp::socket socket) {
                            OnAccept(ec, std::move(socket));
                          });
}

void HttpServer::Impl::OnAccept(const error_code& ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_->is_open()) return;
  if (ec) {
    // Typically EMFILE: wait a little rather than spin, then accept again.
    accept_retry_->expires_after(std::chrono::milliseconds(50));
    accept_retry_->async_wait([this](const error_code& ec) {
      if (!ec) DoAccept();
    });
    return;
  }
  auto session = std::make_shared<Session>(std::move(socket), this);
  // Start on the session's own thread.
  asio::post(session->executor(), [session] { session->Start(); });
  DoAccept();
}

void HttpServer::Impl::Stop() {
  if (!running_) return;
  running_ = false;
  for (auto& context : contexts_) context->stop();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  // Everything below runs with no server thread left. Destroying a context
  // destroys its pending handlers, and with them the sessions they own and
  // their sockets. The acceptor's pending accept (on context 0) holds a
  // socket of another context, so context 0 goes first.
  accept_retry_.reset();
  acceptor_.reset();
  guards_.clear();
  for (auto& context : contexts_) context.reset();
  contexts_.clear();
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { Stop(); }

Result<std::unique_ptr<HttpServer>> HttpServer::Start(
    Dispatcher* dispatcher, const HttpServerOptions& options) {
  auto impl = std::make_unique<Impl>(dispatcher, options);
  Status status = impl->Start();
  if (!status.ok()) return status;
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

uint16_t HttpServer::port() const { return impl_->port(); }

void HttpServer::Stop() {
  if (impl_) impl_->Stop();
}

}  // namespace dynarock
