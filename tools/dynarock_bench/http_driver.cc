// See http_driver.h.

#include "tools/dynarock_bench/http_driver.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include "tools/dynarock_bench/makeriess.h"

namespace dynarock::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// --- Small JSON readers -----------------------------------------------------

namespace {

// Just past the '"' closing the string whose body starts at `pos`; npos
// when it never closes. Eight bytes at a time: an answer is mostly strings,
// and a Query page is kilobytes of them.
size_t EndOfString(std::string_view s, size_t pos) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  const char* p = s.data();
  const size_t n = s.size();
  size_t i = pos;
  while (true) {
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      uint64_t q = w ^ (kOnes * '"');
      uint64_t b = w ^ (kOnes * '\\');
      // A high bit for each zero byte of q or b; the lowest set bit is
      // exact (borrows only spill upward).
      uint64_t hit = ((q - kOnes) & ~q & kHighs) | ((b - kOnes) & ~b & kHighs);
      if (hit != 0) {
        i += static_cast<size_t>(__builtin_ctzll(hit)) / 8;
        break;
      }
      i += 8;
    }
    while (i < n && p[i] != '"' && p[i] != '\\') ++i;
    if (i >= n) return std::string_view::npos;
    if (p[i] == '"') return i + 1;
    i += 2;  // an escape: its next byte is never the closing quote
  }
}

// The end of the JSON value starting at `pos` (just past it); npos when
// malformed. Strings, objects and arrays are skipped as wholes.
size_t SkipValue(std::string_view s, size_t pos) {
  if (pos >= s.size()) return std::string_view::npos;
  char c = s[pos];
  if (c == '"') return EndOfString(s, pos + 1);
  if (c == '{' || c == '[') {
    int depth = 0;
    for (size_t i = pos; i < s.size();) {
      char d = s[i];
      if (d == '"') {
        i = EndOfString(s, i + 1);
        if (i == std::string_view::npos) return i;
        continue;
      }
      if (d == '{' || d == '[') {
        ++depth;
      } else if (d == '}' || d == ']') {
        if (--depth == 0) return i + 1;
      }
      ++i;
    }
    return std::string_view::npos;
  }
  size_t i = pos;
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' &&
         s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t') {
    ++i;
  }
  return i;
}

size_t SkipSpace(std::string_view s, size_t pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\n' || s[pos] == '\r' ||
                            s[pos] == '\t')) {
    ++pos;
  }
  return pos;
}

}  // namespace

namespace {

// Calls f(name, value) for each top-level member of a JSON object, the
// value as raw JSON text, until f returns false or the text ends or breaks.
template <typename F>
void ForEachTopLevelMember(std::string_view json, F&& f) {
  size_t pos = SkipSpace(json, 0);
  if (pos >= json.size() || json[pos] != '{') return;
  ++pos;
  while (true) {
    pos = SkipSpace(json, pos);
    if (pos >= json.size() || json[pos] != '"') return;
    size_t key_end = SkipValue(json, pos);
    if (key_end == std::string_view::npos) return;
    std::string_view key = json.substr(pos + 1, key_end - pos - 2);
    pos = SkipSpace(json, key_end);
    if (pos >= json.size() || json[pos] != ':') return;
    pos = SkipSpace(json, pos + 1);
    size_t value_end = SkipValue(json, pos);
    if (value_end == std::string_view::npos) return;
    if (!f(key, json.substr(pos, value_end - pos))) return;
    pos = SkipSpace(json, value_end);
    if (pos >= json.size() || json[pos] != ',') return;
    ++pos;
  }
}

}  // namespace

std::string_view TopLevelMember(std::string_view json, std::string_view name) {
  std::string_view found;
  ForEachTopLevelMember(json,
                        [&](std::string_view key, std::string_view value) {
                          if (key != name) return true;
                          found = value;
                          return false;
                        });
  return found;
}

double SumCapacityUnits(std::string_view json) {
  static constexpr std::string_view kKey = "\"CapacityUnits\"";
  double total = 0;
  size_t pos = 0;
  while ((pos = json.find(kKey, pos)) != std::string_view::npos) {
    pos = SkipSpace(json, pos + kKey.size());
    if (pos < json.size() && json[pos] == ':') {
      pos = SkipSpace(json, pos + 1);
      size_t end = SkipValue(json, pos);
      if (end == std::string_view::npos) break;
      total += std::strtod(std::string(json.substr(pos, end - pos)).c_str(),
                           nullptr);
      pos = end;
    }
  }
  return total;
}

ConsumedUnits ReadConsumedCapacity(std::string_view consumed) {
  ConsumedUnits out;
  nlohmann::json doc =
      nlohmann::json::parse(consumed.begin(), consumed.end(), nullptr,
                            /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    out.total = SumCapacityUnits(consumed);
    return out;
  }
  auto units = [](const nlohmann::json& c) {
    auto it = c.find("CapacityUnits");
    return it != c.end() && it->is_number() ? it->get<double>() : 0.0;
  };
  auto one = [&](const nlohmann::json& c) {
    if (!c.is_object()) return;
    out.total += units(c);
    if (auto t = c.find("Table"); t != c.end() && t->is_object()) {
      out.has_breakdown = true;
      out.table += units(*t);
    }
    for (const char* key :
         {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
      auto m = c.find(key);
      if (m == c.end() || !m->is_object()) continue;
      out.has_breakdown = true;
      for (const auto& [name, ix] : m->items())
        out.indexes[name] += ix.is_object() ? units(ix) : 0.0;
    }
  };
  if (doc.is_array()) {
    for (const auto& c : doc) one(c);
  } else {
    one(doc);
  }
  return out;
}

std::string HttpResult::ErrorType() const {
  if (status == 0) return "ConnectionError";
  if (status == 200) return "";
  std::string_view type = TopLevelMember(body, "__type");
  if (type.size() >= 2 && type.front() == '"') {
    type = type.substr(1, type.size() - 2);
    size_t hash = type.rfind('#');
    if (hash != std::string_view::npos) type = type.substr(hash + 1);
    if (!type.empty()) return std::string(type);
  }
  return "HTTP " + std::to_string(status);
}

std::string HttpResult::ErrorMessage() const {
  if (status == 0) return transport_error;
  if (status == 200) return "";
  for (const char* name : {"message", "Message"}) {
    std::string_view m = TopLevelMember(body, name);
    if (m.size() >= 2 && m.front() == '"') {
      try {
        return nlohmann::json::parse(m).get<std::string>();
      } catch (const nlohmann::json::exception&) {
        return std::string(m);
      }
    }
  }
  return body.substr(0, 200);
}

// --- Endpoints and signing --------------------------------------------------

Endpoint ParseEndpoint(std::string_view url) {
  Endpoint e;
  e.url = url;
  std::string_view rest;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("https://", 0) == 0) {
    rest = url.substr(8);
    e.tls = true;
  } else {
    throw std::invalid_argument("endpoint '" + std::string(url) +
                                "' must start with http:// or https://");
  }
  if (size_t slash = rest.find('/'); slash != std::string_view::npos) {
    if (rest.substr(slash) != "/") {
      throw std::invalid_argument("endpoint '" + std::string(url) +
                                  "' must not have a path");
    }
    rest = rest.substr(0, slash);
  }
  std::string_view host = rest, port = e.tls ? "443" : "80";
  if (!rest.empty() && rest.front() == '[') {  // [::1]:8000
    size_t close = rest.find(']');
    if (close == std::string_view::npos)
      throw std::invalid_argument("endpoint: unclosed '['");
    host = rest.substr(1, close - 1);
    if (close + 1 < rest.size()) {
      if (rest[close + 1] != ':')
        throw std::invalid_argument("endpoint: bad port");
      port = rest.substr(close + 2);
    }
  } else if (size_t colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (host.empty())
    throw std::invalid_argument("endpoint '" + std::string(url) +
                                "' has no host");
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string_view::npos ||
      std::stoi(std::string(port)) > 65535 ||
      std::stoi(std::string(port)) == 0) {
    throw std::invalid_argument("endpoint '" + std::string(url) +
                                "' has a bad port");
  }
  e.host = host;
  e.port = port;
  return e;
}

namespace {

std::string HostHeader(const Endpoint& e) {
  bool default_port = (e.tls && e.port == "443") || (!e.tls && e.port == "80");
  std::string host =
      e.host.find(':') != std::string::npos ? "[" + e.host + "]" : e.host;
  return default_port ? host : host + ":" + e.port;
}

void BuildRequest(const ClientConfig& config, const std::string& host_header,
                  std::string_view action, std::string body,
                  http::request<http::string_body>& req) {
  req = {};
  req.method(http::verb::post);
  req.target("/");
  req.version(11);
  std::string target = "DynamoDB_20120810.";
  target += action;
  SigV4Request sreq;
  sreq.method = "POST";
  sreq.host = host_header;
  sreq.payload = body;
  sreq.headers = {{"Host", host_header},
                  {"Content-Type", "application/x-amz-json-1.0"},
                  {"X-Amz-Target", target}};
  SigV4Options options{config.region, "dynamodb"};
  SigV4Result signature = SignV4(sreq, config.credentials, options,
                                 std::chrono::system_clock::now());
  for (const auto& [name, value] : sreq.headers) req.set(name, value);
  for (const auto& [name, value] : signature.headers) req.set(name, value);
  req.set(http::field::user_agent, "dynarock-bench");
  req.keep_alive(true);
  req.body() = std::move(body);
  req.prepare_payload();
}

// One keep-alive connection, plain or TLS, driven by callbacks on one
// io_context.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Done = std::function<void(HttpResult&&)>;

  Connection(asio::io_context& ioc, asio::ssl::context* tls,
             const ClientConfig& config, tcp::resolver::results_type addresses)
      : ioc_(ioc),
        tls_context_(tls),
        config_(config),
        addresses_(std::move(addresses)),
        host_header_(HostHeader(config.endpoint)) {
    // Beast reads max(512, free capacity) at a time: without room reserved
    // up front, a 5 KB answer takes a dozen reads.
    buffer_.reserve(kReadChunk);
  }

  // Sends one request, connecting first when needed; `done` runs on the
  // io_context with the answer or the transport error.
  void Send(std::string_view action, std::string body, Done done) {
    done_ = std::move(done);
    BuildRequest(config_, host_header_, action, std::move(body), req_);
    if (!connected_) {
      Connect();
    } else {
      Write();
    }
  }

  void Close() {
    beast::error_code ignored;
    if (tls_stream_)
      beast::get_lowest_layer(*tls_stream_).socket().close(ignored);
    if (stream_) stream_->socket().close(ignored);
    connected_ = false;
  }

 private:
  template <typename F>
  void WithStream(F&& f) {
    if (tls_stream_) {
      f(*tls_stream_);
    } else {
      f(*stream_);
    }
  }

  beast::tcp_stream& Lowest() {
    return tls_stream_ ? beast::get_lowest_layer(*tls_stream_) : *stream_;
  }

  void Connect() {
    if (tls_context_) {
      tls_stream_ = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(
          ioc_, *tls_context_);
      SSL_set_tlsext_host_name(tls_stream_->native_handle(),
                               config_.endpoint.host.c_str());
    } else {
      stream_ = std::make_unique<beast::tcp_stream>(ioc_);
    }
    Lowest().expires_after(std::chrono::seconds(10));
    Lowest().async_connect(
        addresses_, [self = shared_from_this()](beast::error_code ec,
                                                const tcp::endpoint&) {
          if (ec) return self->Fail("connect: " + ec.message());
          self->Lowest().socket().set_option(tcp::no_delay(true));
          if (!self->tls_stream_) return self->Connected();
          self->tls_stream_->async_handshake(
              asio::ssl::stream_base::client, [self](beast::error_code ec) {
                if (ec) return self->Fail("TLS: " + ec.message());
                self->Connected();
              });
        });
  }

  void Connected() {
    connected_ = true;
    Write();
  }

  void Write() {
    Lowest().expires_after(std::chrono::seconds(60));
    WithStream([&](auto& s) {
      http::async_write(
          s, req_, [self = shared_from_this()](beast::error_code ec, size_t) {
            if (ec) return self->Fail("write: " + ec.message());
            self->Read();
          });
    });
  }

  void Read() {
    parser_.emplace();
    parser_->body_limit(256u << 20);
    WithStream([&](auto& s) {
      http::async_read(
          s, buffer_, *parser_,
          [self = shared_from_this()](beast::error_code ec, size_t) {
            if (ec) return self->Fail("read: " + ec.message());
            auto res = self->parser_->release();
            if (!res.keep_alive()) self->Close();
            HttpResult result;
            result.status = res.result_int();
            result.body = std::move(res.body());
            self->Finish(std::move(result));
          });
    });
  }

  void Fail(const std::string& what) {
    Close();
    buffer_.clear();
    HttpResult result;
    result.transport_error = what;
    Finish(std::move(result));
  }

  void Finish(HttpResult&& result) {
    Done done = std::move(done_);
    done_ = nullptr;
    if (done) done(std::move(result));
  }

  asio::io_context& ioc_;
  asio::ssl::context* tls_context_;
  const ClientConfig& config_;
  tcp::resolver::results_type addresses_;
  std::string host_header_;
  std::unique_ptr<beast::tcp_stream> stream_;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls_stream_;
  bool connected_ = false;
  static constexpr size_t kReadChunk = 64 * 1024;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  std::optional<http::response_parser<http::string_body>> parser_;
  Done done_;
};

std::unique_ptr<asio::ssl::context> MakeTlsContext(const ClientConfig& config) {
  const Endpoint& e = config.endpoint;
  if (!e.tls) return nullptr;
  auto ctx =
      std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
  if (config.ca_file.empty()) {
    ctx->set_default_verify_paths();
  } else {
    beast::error_code ec;
    ctx->load_verify_file(config.ca_file, ec);
    if (ec)
      throw std::runtime_error("cannot read CA bundle " + config.ca_file +
                               ": " + ec.message());
  }
  ctx->set_verify_mode(asio::ssl::verify_peer);
  ctx->set_verify_callback(asio::ssl::host_name_verification(e.host));
  return ctx;
}

tcp::resolver::results_type Resolve(asio::io_context& ioc, const Endpoint& e) {
  tcp::resolver resolver(ioc);
  beast::error_code ec;
  auto results = resolver.resolve(e.host, e.port, ec);
  if (ec)
    throw std::runtime_error("cannot resolve " + e.host + ": " + ec.message());
  return results;
}

std::string IsoNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Thousands(uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
    s.insert(static_cast<size_t>(i), ",");
  return s;
}

}  // namespace

HttpResult DynamoCall(const ClientConfig& config, std::string_view action,
                      std::string_view body, double timeout_s) {
  asio::io_context ioc;
  HttpResult out;
  try {
    auto tls = MakeTlsContext(config);
    auto conn = std::make_shared<Connection>(ioc, tls.get(), config,
                                             Resolve(ioc, config.endpoint));
    conn->Send(action, std::string(body),
               [&](HttpResult&& r) { out = std::move(r); });
    ioc.run_for(std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::duration<double>(timeout_s)));
    if (out.status == 0 && out.transport_error.empty())
      out.transport_error = "timed out";
    conn->Close();
  } catch (const std::exception& e) {
    out = {};
    out.transport_error = e.what();
  }
  return out;
}

double ProcessCpuSeconds(int pid) {
  if (pid <= 0) return -1;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!in || !std::getline(in, stat)) return -1;
  // Fields after the command (which may hold spaces) start past the last ')'.
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) /
         static_cast<double>(sysconf(_SC_CLK_TCK));
}

// --- Statistics -------------------------------------------------------------

void OperationStats::Merge(const OperationStats& other) {
  requests += other.requests;
  errors += other.errors;
  for (const auto& [type, n] : other.error_types) error_types[type] += n;
  latency.Merge(other.latency);
  capacity_units += other.capacity_units;
  capacity_reports += other.capacity_reports;
  breakdown_reports += other.breakdown_reports;
  breakdown_table_units += other.breakdown_table_units;
  for (const auto& [name, u] : other.breakdown_index_units)
    breakdown_index_units[name] += u;
  items += other.items;
  for (const auto& [p, n] : other.partitions) {
    auto it = partitions.find(p);
    if (it != partitions.end()) {
      it->second += n;
    } else if (partitions.size() < kMaxTrackedPartitions) {
      partitions.emplace(p, n);
    } else {
      partitions_other += n;
    }
  }
  partitions_other += other.partitions_other;
  if (first_error.empty()) first_error = other.first_error;
}

size_t TimelinePoint::Bucket(uint64_t ns) {
  if (ns < 16) return 0;
  int log2 = 63 - __builtin_clzll(ns);
  size_t sub = (ns >> (log2 - 3)) & 7;
  size_t b = static_cast<size_t>(log2 - 3) * 8 + sub;
  return std::min(b, std::tuple_size_v<decltype(buckets)> - 1);
}

uint64_t TimelinePoint::BucketUpper(size_t bucket) {
  if (bucket < 8) return 15;  // bucket 0 holds everything below 16 ns
  size_t log2 = bucket / 8 + 3, sub = bucket % 8;
  return ((uint64_t{8} + sub + 1) << (log2 - 3)) - 1;
}

void TimelinePoint::Merge(const TimelinePoint& other) {
  requests += other.requests;
  errors += other.errors;
  for (size_t i = 0; i < buckets.size(); ++i) buckets[i] += other.buckets[i];
}

uint64_t TimelinePoint::Percentile(double p) const {
  uint64_t total = 0;
  for (uint32_t c : buckets) total += c;
  if (total == 0) return 0;
  auto want =
      static_cast<uint64_t>(std::ceil(p / 100.0 * static_cast<double>(total)));
  if (want == 0) want = 1;
  uint64_t seen = 0;
  for (size_t i = 0; i < buckets.size(); ++i) {
    seen += buckets[i];
    if (seen >= want) return BucketUpper(i);
  }
  return BucketUpper(buckets.size() - 1);
}

void RunStats::Merge(const RunStats& other) {
  if (ops.size() < other.ops.size()) ops.resize(other.ops.size());
  for (size_t i = 0; i < other.ops.size(); ++i) ops[i].Merge(other.ops[i]);
  // Rounds follow one another: their timelines are laid end to end.
  timeline.insert(timeline.end(), other.timeline.begin(), other.timeline.end());
  elapsed_s += other.elapsed_s;
  if (other.server_cpu_s >= 0)
    server_cpu_s = std::max(0.0, server_cpu_s) + other.server_cpu_s;
  if (other.driver_cpu_s >= 0)
    driver_cpu_s = std::max(0.0, driver_cpu_s) + other.driver_cpu_s;
  if (started_at.empty()) started_at = other.started_at;
}

// --- Running a workload -----------------------------------------------------

namespace {

struct Shared {
  const ClientConfig* config;
  const Workload* workload;
  const RunOptions* options;
  Clock::time_point start;     // first request
  Clock::time_point measure;   // end of the warm-up
  Clock::time_point deadline;  // no request starts after it (duration mode)
  std::atomic<uint64_t> issued{0};           // open loop: the next slot
  std::atomic<uint64_t> measured_issued{0};  // the request budget's count
  std::atomic<uint64_t> completed{0};        // in the measured window
  std::atomic<uint64_t> failed{0};
};

class Worker;

// One connection's loop: draw, send, record, repeat.
class Slot : public std::enable_shared_from_this<Slot> {
 public:
  Slot(Worker& worker, std::shared_ptr<Connection> conn, asio::io_context& ioc)
      : worker_(worker), conn_(std::move(conn)), timer_(ioc) {}
  void Next();
  void Close() { conn_->Close(); }

 private:
  void Issue(Clock::time_point intended);
  Worker& worker_;
  std::shared_ptr<Connection> conn_;
  asio::steady_timer timer_;
  DrawnRequest drawn_;
};

class Worker {
 public:
  Worker(Shared& shared, int index, int connections)
      : shared_(shared),
        sampler_(*shared.workload, shared.options->seed * 7919 + index) {
    tls_ = MakeTlsContext(*shared.config);
    auto addresses = Resolve(ioc_, shared.config->endpoint);
    stats_.ops.resize(shared.workload->operations.size());
    for (int i = 0; i < connections; ++i) {
      auto conn = std::make_shared<Connection>(ioc_, tls_.get(), *shared.config,
                                               addresses);
      slots_.push_back(std::make_shared<Slot>(*this, std::move(conn), ioc_));
    }
  }

  void Run() {
    for (auto& slot : slots_) slot->Next();
    ioc_.run();
    for (auto& slot : slots_) slot->Close();
  }

  Shared& shared() { return shared_; }
  WorkloadSampler& sampler() { return sampler_; }

  void Record(const DrawnRequest& drawn, Clock::time_point intended,
              const HttpResult& result) {
    Clock::time_point now = Clock::now();
    if (intended < shared_.measure) return;
    auto ns = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(now - intended)
            .count());
    OperationStats& op = stats_.ops[drawn.operation];
    ++op.requests;
    op.latency.Record(ns);
    auto second =
        static_cast<size_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                intended - shared_.measure)
                                .count());
    if (stats_.timeline.size() <= second) stats_.timeline.resize(second + 1);
    TimelinePoint& point = stats_.timeline[second];
    ++point.requests;
    ++point.buckets[TimelinePoint::Bucket(ns)];
    if (!drawn.partition.empty()) {
      auto it = op.partitions.find(drawn.partition);
      if (it != op.partitions.end()) {
        ++it->second;
      } else if (op.partitions.size() < kMaxTrackedPartitions) {
        op.partitions.emplace(drawn.partition, 1);
      } else {
        ++op.partitions_other;
      }
    }
    shared_.completed.fetch_add(1, std::memory_order_relaxed);
    if (result.status != 200) {
      ++op.errors;
      ++point.errors;
      std::string type = result.ErrorType();
      if (op.first_error.empty())
        op.first_error = type + ": " + result.ErrorMessage();
      ++op.error_types[std::move(type)];
      shared_.failed.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    // One pass over the answer: its capacity, and how many items it holds.
    std::string_view consumed, count, item;
    ForEachTopLevelMember(result.body,
                          [&](std::string_view key, std::string_view value) {
                            if (key == "ConsumedCapacity") consumed = value;
                            if (key == "Count") count = value;
                            if (key == "Item") item = value;
                            return true;
                          });
    if (!consumed.empty()) {
      ConsumedUnits units = ReadConsumedCapacity(consumed);
      op.capacity_units += units.total;
      ++op.capacity_reports;
      if (units.has_breakdown) {
        ++op.breakdown_reports;
        op.breakdown_table_units += units.table;
        for (const auto& [name, u] : units.indexes)
          op.breakdown_index_units[name] += u;
      }
    }
    if (!count.empty()) {
      op.items += std::strtoull(std::string(count).c_str(), nullptr, 10);
    } else if (!item.empty()) {
      ++op.items;
    }
  }

  RunStats TakeStats() { return std::move(stats_); }
  asio::io_context& ioc() { return ioc_; }

 private:
  Shared& shared_;
  asio::io_context ioc_;
  std::unique_ptr<asio::ssl::context> tls_;
  WorkloadSampler sampler_;
  std::vector<std::shared_ptr<Slot>> slots_;
  RunStats stats_;
};

void Slot::Next() {
  Shared& sh = worker_.shared();
  const RunOptions& o = *sh.options;
  Clock::time_point now = Clock::now();
  Clock::time_point intended = now;
  if (o.rate > 0) {
    uint64_t k = sh.issued.fetch_add(1, std::memory_order_relaxed);
    intended =
        sh.start +
        std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(static_cast<double>(k) / o.rate));
  }
  if (o.duration_s > 0 && intended >= sh.deadline) return;
  // The request budget counts measured requests only, as Record does.
  if (o.requests > 0 && intended >= sh.measure &&
      sh.measured_issued.fetch_add(1, std::memory_order_relaxed) >=
          o.requests) {
    return;
  }
  if (intended > now) {
    timer_.expires_at(intended);
    timer_.async_wait(
        [self = shared_from_this(), intended](beast::error_code ec) {
          if (!ec) self->Issue(intended);
        });
    return;
  }
  Issue(intended);
}

void Slot::Issue(Clock::time_point intended) {
  worker_.sampler().Next(drawn_);
  const Operation& op = worker_.shared().workload->operations[drawn_.operation];
  // The body goes to the connection; the next draw writes a new one.
  conn_->Send(op.action, std::move(drawn_.body),
              [self = shared_from_this(), intended](HttpResult&& result) {
                self->worker_.Record(self->drawn_, intended, result);
                self->Next();
              });
}

}  // namespace

RunStats RunWorkload(const ClientConfig& config, const Workload& workload,
                     const RunOptions& options) {
  if (options.connections < 1)
    throw std::invalid_argument("connections must be at least 1");
  if (options.duration_s <= 0 && options.requests == 0) {
    throw std::invalid_argument("give a duration or a number of requests");
  }
  // Fail early and clearly when nothing answers.
  HttpResult probe = DynamoCall(config, "ListTables", "{\"Limit\":1}", 10);
  if (probe.status == 0) {
    throw std::runtime_error("cannot reach " + config.endpoint.url + ": " +
                             probe.transport_error);
  }

  Shared shared;
  shared.config = &config;
  shared.workload = &workload;
  shared.options = &options;
  int threads = std::max(1, std::min(options.threads, options.connections));
  std::vector<std::unique_ptr<Worker>> workers;
  for (int t = 0; t < threads; ++t) {
    int n = options.connections / threads +
            (t < options.connections % threads ? 1 : 0);
    workers.push_back(std::make_unique<Worker>(shared, t, n));
  }
  auto seconds = [](double s) {
    return std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(s));
  };
  // With a request budget and no duration, the warm-up is part of the
  // budget's time only; requests start at once.
  shared.start = Clock::now();
  shared.measure = shared.start + seconds(options.warmup_s);
  shared.deadline = shared.measure + seconds(options.duration_s);
  double cpu_before = -1;
  std::string started_at = IsoNow();

  // The progress line and the start of CPU accounting run on a thread of
  // their own so that the drivers' loops stay lean. Accounting starts with
  // the measured part: here when there is no warm-up, else when the monitor
  // wakes at its end. (Sampled on the monitor's next 50 ms tick instead, a
  // run shorter than that, such as a small request budget, counted no
  // server CPU at all.)
  bool measuring = shared.measure <= Clock::now();
  // The driver's own CPU over the same window: when it nears the machine's
  // cores, the driver rather than the server sets the pace. (It is no
  // yardstick for the server's: waiting for a slower server costs the
  // driver more a request, a third more against a server 3.6 times as
  // slow.)
  double driver_before = -1;
  if (measuring) {
    cpu_before = ProcessCpuSeconds(config.endpoint.server_pid);
    driver_before = ProcessCpuSeconds(getpid());
  }
  std::atomic<bool> done{false};
  std::thread monitor([&] {
    auto next = shared.start;
    while (!done.load()) {
      auto wake = Clock::now() + std::chrono::milliseconds(50);
      if (!measuring && shared.measure < wake) wake = shared.measure;
      std::this_thread::sleep_until(wake);
      auto now = Clock::now();
      if (!measuring && now >= shared.measure) {
        measuring = true;
        cpu_before = ProcessCpuSeconds(config.endpoint.server_pid);
        driver_before = ProcessCpuSeconds(getpid());
      }
      if (options.progress && now >= next + std::chrono::seconds(1)) {
        next = now;
        double elapsed =
            std::chrono::duration<double>(now - shared.start).count();
        double measured =
            std::chrono::duration<double>(now - shared.measure).count();
        uint64_t n = shared.completed.load();
        char line[200];
        std::snprintf(
            line, sizeof line, "%6.1fs  %s requests  %s/s  %s errors%s",
            elapsed, Thousands(n).c_str(),
            Thousands(measured > 0 ? static_cast<uint64_t>(n / measured) : 0)
                .c_str(),
            Thousands(shared.failed.load()).c_str(),
            measuring ? "" : "  (warm-up)");
        options.progress(line);
      }
    }
  });
  std::vector<std::thread> threads_run;
  for (size_t t = 1; t < workers.size(); ++t)
    threads_run.emplace_back([&, t] { workers[t]->Run(); });
  workers[0]->Run();
  for (auto& t : threads_run) t.join();
  Clock::time_point end = Clock::now();
  double cpu_after = ProcessCpuSeconds(config.endpoint.server_pid);
  double driver_after = ProcessCpuSeconds(getpid());
  done = true;
  monitor.join();

  RunStats stats;
  stats.started_at = started_at;
  for (auto& w : workers) {
    RunStats part = w->TakeStats();
    if (stats.ops.empty()) {
      stats.ops = std::move(part.ops);
      stats.timeline = std::move(part.timeline);
      continue;
    }
    for (size_t i = 0; i < part.ops.size(); ++i)
      stats.ops[i].Merge(part.ops[i]);
    if (stats.timeline.size() < part.timeline.size())
      stats.timeline.resize(part.timeline.size());
    for (size_t i = 0; i < part.timeline.size(); ++i)
      stats.timeline[i].Merge(part.timeline[i]);
  }
  stats.elapsed_s = std::max(
      0.0, std::chrono::duration<double>(end - shared.measure).count());
  if (cpu_before >= 0 && cpu_after >= 0)
    stats.server_cpu_s = cpu_after - cpu_before;
  if (driver_before >= 0 && driver_after >= 0)
    stats.driver_cpu_s = driver_after - driver_before;
  return stats;
}

// --- Loading the Makeriess data set -----------------------------------------

namespace {

// Batches of up to 25 puts from the generator thread to the senders.
class BatchQueue {
 public:
  explicit BatchQueue(size_t capacity) : capacity_(capacity) {}
  void Push(std::string batch) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return queue_.size() < capacity_ || closed_; });
    queue_.push_back(std::move(batch));
    not_empty_.notify_one();
  }
  // Blocks until a batch is there; false when the queue is finished.
  bool Pop(std::string& batch) {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !queue_.empty() || finished_; });
    if (queue_.empty()) return false;
    batch = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void Finish() {
    std::lock_guard lock(mu_);
    finished_ = true;
    not_empty_.notify_all();
  }
  void Close() {  // producers stop waiting (the load failed)
    std::lock_guard lock(mu_);
    closed_ = finished_ = true;
    not_full_.notify_all();
    not_empty_.notify_all();
  }
  bool closed() {
    std::lock_guard lock(mu_);
    return closed_;
  }

 private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<std::string> queue_;
  size_t capacity_;
  bool finished_ = false, closed_ = false;
};

constexpr int kMaxAttempts = 10;
constexpr double kBaseDelayS = 0.05, kMaxDelayS = 5.0;

size_t CountPuts(std::string_view json) {
  size_t n = 0, pos = 0;
  while ((pos = json.find("\"PutRequest\"", pos)) != std::string_view::npos) {
    ++n;
    pos += 12;
  }
  return n;
}

bool Retryable(const HttpResult& r) {
  if (r.status == 0 || r.status >= 500) return true;
  std::string type = r.ErrorType();
  return type == "ProvisionedThroughputExceededException" ||
         type == "ThrottlingException" || type == "RequestLimitExceeded" ||
         type == "InternalServerError";
}

struct Loader {
  Loader(BatchQueue& q, std::string table)
      : queue(q), table_json(std::move(table)) {}
  BatchQueue& queue;
  std::string table_json;  // the table name as a JSON string
  std::atomic<uint64_t> items{0}, batches{0}, retries{0};
  std::mutex error_mu;
  std::string error;
  std::mt19937_64 jitter{42};

  void Fail(const std::string& what) {
    {
      std::lock_guard lock(error_mu);
      if (error.empty()) error = what;
    }
    queue.Close();
  }
};

class LoadSlot : public std::enable_shared_from_this<LoadSlot> {
 public:
  LoadSlot(Loader& loader, std::shared_ptr<Connection> conn,
           asio::io_context& ioc)
      : loader_(loader), conn_(std::move(conn)), timer_(ioc) {}

  void Next() {
    std::string items;
    if (!loader_.queue.Pop(items)) return;
    body_ = "{\"RequestItems\":{" + loader_.table_json + ":[" + items + "]}}";
    pending_ = CountPuts(items);
    attempt_ = 0;
    loader_.batches.fetch_add(1);
    Send();
  }
  void Close() { conn_->Close(); }

 private:
  void Send() {
    conn_->Send("BatchWriteItem", body_,
                [self = shared_from_this()](HttpResult&& r) {
                  self->Answer(std::move(r));
                });
  }

  void Answer(HttpResult&& r) {
    if (loader_.queue.closed()) return;
    if (r.status == 200) {
      std::string_view unprocessed = TopLevelMember(r.body, "UnprocessedItems");
      size_t left = unprocessed.empty() ? 0 : CountPuts(unprocessed);
      loader_.items.fetch_add(pending_ - std::min(left, pending_));
      if (left == 0) return Next();
      // Some were written: the backoff starts again, and only attempts
      // that write nothing count toward the limit.
      if (left < pending_) attempt_ = 0;
      body_ = "{\"RequestItems\":" + std::string(unprocessed) + "}";
      pending_ = left;
      return Retry("UnprocessedItems");
    }
    if (Retryable(r)) return Retry(r.ErrorType() + ": " + r.ErrorMessage());
    loader_.Fail("BatchWriteItem failed: " + r.ErrorType() + ": " +
                 r.ErrorMessage());
  }

  // Exponential backoff with jitter: half to all of 50 ms, 100 ms, ...
  // up to 5 s.
  void Retry(const std::string& why) {
    if (++attempt_ >= kMaxAttempts) {
      return loader_.Fail("a batch was not written in " +
                          std::to_string(kMaxAttempts) +
                          " attempts in a row (" + why + ")");
    }
    loader_.retries.fetch_add(1);
    double cap =
        std::min(kMaxDelayS, kBaseDelayS * std::pow(2.0, attempt_ - 1));
    double delay = cap * (0.5 + 0.5 * std::uniform_real_distribution<double>(
                                          0, 1)(loader_.jitter));
    timer_.expires_after(std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(delay)));
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->Send();
    });
  }

  Loader& loader_;
  std::shared_ptr<Connection> conn_;
  asio::steady_timer timer_;
  std::string body_;
  size_t pending_ = 0;
  int attempt_ = 0;
};

std::string TableStatus(const HttpResult& describe, bool& all_active) {
  auto doc = nlohmann::json::parse(describe.body, nullptr, false);
  all_active = false;
  if (describe.status == 200 && (!doc.is_object() || !doc.contains("Table"))) {
    throw NotDynamoDbError(
        "DescribeTable's answer has no table description: not a DynamoDB "
        "endpoint");
  }
  if (!doc.is_object() || !doc.contains("Table")) return "";
  const auto& t = doc["Table"];
  std::string status = t.value("TableStatus", "");
  all_active = status == "ACTIVE";
  if (t.contains("GlobalSecondaryIndexes")) {
    for (const auto& ix : t["GlobalSecondaryIndexes"]) {
      all_active = all_active && ix.value("IndexStatus", "") == "ACTIVE";
    }
  }
  return status;
}

}  // namespace

LoadResult LoadMakeriess(const ClientConfig& config,
                         const LoadOptions& options) {
  if (options.scale < 1)
    throw std::invalid_argument("scale must be at least 1");
  if (options.connections < 1)
    throw std::invalid_argument("connections must be at least 1");
  LoadResult result;
  std::string table_json = nlohmann::json(options.table).dump();
  HttpResult describe =
      DynamoCall(config, "DescribeTable", "{\"TableName\":" + table_json + "}");
  if (describe.status == 0) {
    throw std::runtime_error("cannot reach " + config.endpoint.url + ": " +
                             describe.transport_error);
  }
  if (describe.ErrorType() == "ResourceNotFoundException") {
    if (!options.create_table) {
      throw std::runtime_error("table " + options.table +
                               " does not exist (leave out --no-create)");
    }
    HttpResult created = DynamoCall(config, "CreateTable",
                                    MakeriessCreateTableJson(options.table));
    if (created.status != 200) {
      throw std::runtime_error("CreateTable failed: " + created.ErrorType() +
                               ": " + created.ErrorMessage());
    }
    result.created_table = true;
  } else if (describe.status != 200) {
    throw std::runtime_error("DescribeTable failed: " + describe.ErrorType() +
                             ": " + describe.ErrorMessage());
  }
  // The service creates tables and indexes in the background.
  for (int i = 0;; ++i) {
    bool active = false;
    describe = DynamoCall(config, "DescribeTable",
                          "{\"TableName\":" + table_json + "}");
    TableStatus(describe, active);
    if (active) break;
    if (i > 600)
      throw std::runtime_error("table " + options.table +
                               " did not become ACTIVE");
    std::this_thread::sleep_for(std::chrono::milliseconds(i < 10 ? 20 : 1000));
  }

  BatchQueue queue(static_cast<size_t>(options.connections) * 8);
  Loader loader(queue, table_json);
  std::thread generator([&] {
    std::string batch;
    int in_batch = 0;
    GenerateMakeriess(options.scale, [&](std::string_view item) {
      if (in_batch > 0) batch += ',';
      batch += "{\"PutRequest\":{\"Item\":";
      batch += item;
      batch += "}}";
      if (++in_batch == 25) {
        queue.Push(std::move(batch));
        batch.clear();
        in_batch = 0;
      }
    });
    if (in_batch > 0) queue.Push(std::move(batch));
    queue.Finish();
  });

  auto start = Clock::now();
  asio::io_context ioc;
  auto tls = MakeTlsContext(config);
  auto addresses = Resolve(ioc, config.endpoint);
  std::vector<std::shared_ptr<LoadSlot>> slots;
  for (int i = 0; i < options.connections; ++i) {
    slots.push_back(std::make_shared<LoadSlot>(
        loader, std::make_shared<Connection>(ioc, tls.get(), config, addresses),
        ioc));
  }
  std::atomic<bool> done{false};
  std::thread monitor([&] {
    auto next = Clock::now() + std::chrono::seconds(1);
    while (!done.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (options.progress && Clock::now() >= next) {
        next += std::chrono::seconds(1);
        double s = std::chrono::duration<double>(Clock::now() - start).count();
        uint64_t n = loader.items.load();
        char line[160];
        std::snprintf(line, sizeof line,
                      "%6.1fs  %s items  %s items/s  %s retries", s,
                      Thousands(n).c_str(),
                      Thousands(static_cast<uint64_t>(n / s)).c_str(),
                      Thousands(loader.retries.load()).c_str());
        options.progress(line);
      }
    }
  });
  for (auto& s : slots) s->Next();
  ioc.run();
  for (auto& s : slots) s->Close();
  done = true;
  monitor.join();
  queue.Close();  // lets the generator finish when the load failed
  generator.join();
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!loader.error.empty()) throw std::runtime_error(loader.error);
  result.items = loader.items.load();
  result.batches = loader.batches.load();
  result.retries = loader.retries.load();
  return result;
}

}  // namespace dynarock::bench
