// dynarock: the server binary. Opens the engine, serves it over HTTP, and
// shuts down cleanly on SIGINT or SIGTERM.
//
// Accepts DynamoDB Local's flag spellings (-port, -dbPath, -inMemory,
// -sharedDb, -cors, -help, ...) so that its start scripts run unchanged.
//
// Once listening, prints exactly one line to stdout,
//   dynarock listening on http://HOST:PORT
// with the actual port (--port 0 picks a free one); harnesses wait for it.
// Errors go to stderr: exit 2 for a bad command line, 1 for a failure to
// start (directory in use, port in use).
#include <pthread.h>
#include <signal.h>

#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "engine/engine.h"
#include "wire/dispatcher.h"
#include "wire/http_server.h"

namespace dynarock {
namespace {

constexpr const char* kUsage = R"(Usage: dynarock [flags]

A DynamoDB-compatible server: DynamoDB's JSON protocol over HTTP, items in
RocksDB. Point an AWS SDK or the AWS CLI at --endpoint-url http://HOST:PORT
(any credentials and region will do; one database serves them all).

Flags:
  --port N          TCP port to listen on (default 8000; 0 picks a free port,
                    printed in the ready line)
  --host HOST       address to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --db-path DIR     directory of the database, created when missing
                    (default ./dynarock-data)
  --in-memory       keep everything in memory; nothing is written to disk and
                    everything is gone at exit
  --sync            fsync the write-ahead log on every write (survives a power
                    cut; without it a killed process still loses nothing)
  --threads N       threads serving connections (default 0: one per core)
  --block-cache-mb N
                    memory for cached table blocks and rows read from disk
                    (default 32); with --write-buffer-mb, bounds the
                    server's memory whatever the size of the data
  --write-buffer-mb N
                    memory for recent writes not yet written to table files,
                    all tables together (default 32); past it, the largest
                    buffer is written out
  --cors ORIGINS    answer CORS preflights and allow these origins: "*" for
                    any, or a comma-separated list; '' turns CORS off
                    (default "*", as DynamoDB Local)
  --help, -h        print this help and exit

DynamoDB Local spellings, accepted so that its scripts run unchanged:
  -port N                   same as --port
  -dbPath DIR               same as --db-path
  -inMemory                 same as --in-memory
  -cors ORIGINS             same as --cors
  -sharedDb                 accepted; one database always serves every access
                            key and region
  -delayTransientStatuses   accepted, no effect: tables are ACTIVE at once
  -optimizeDbBeforeStartup  accepted, no effect
  -disableTelemetry         accepted, no effect (dynarock sends none)
  -help                     same as --help

Once listening, dynarock prints one line to stdout:
  dynarock listening on http://HOST:PORT
SIGINT or SIGTERM shuts it down cleanly (exit status 0).
)";

// The server's memory budget by default: enough for a test suite's or a
// development database's working set, small enough to leave idle.
constexpr size_t kDefaultBlockCacheBytes = 32 << 20;
constexpr size_t kDefaultWriteBufferBytes = 32 << 20;

struct Flags {
  Flags() {
    engine.block_cache_bytes = kDefaultBlockCacheBytes;
    engine.write_buffer_bytes = kDefaultWriteBufferBytes;
  }
  HttpServerOptions server;
  EngineOptions engine;
  bool db_path_set = false;
  bool help = false;
};

[[noreturn]] void UsageError(const std::string& message) {
  fprintf(stderr, "dynarock: %s\nRun 'dynarock --help' for usage.\n",
          message.c_str());
  exit(2);
}

bool ParseInt(std::string_view text, long min, long max, long* out) {
  long v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min ||
      v > max) {
    return false;
  }
  *out = v;
  return true;
}

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view name = arg;
    std::string_view inline_value;
    bool has_inline_value = false;
    if (arg.size() > 2 && arg.substr(0, 2) == "--") {
      size_t eq = arg.find('=');
      if (eq != std::string_view::npos) {
        name = arg.substr(0, eq);
        inline_value = arg.substr(eq + 1);
        has_inline_value = true;
      }
    }
    // The value of a flag that takes one: "--flag=value" or "--flag value".
    auto value = [&]() -> std::string {
      if (has_inline_value) return std::string(inline_value);
      if (i + 1 >= argc)
        UsageError("flag " + std::string(name) + " needs a value");
      return argv[++i];
    };
    auto no_value = [&] {
      if (has_inline_value) {
        UsageError("flag " + std::string(name) + " takes no value");
      }
    };

    if (name == "--port" || name == "-port") {
      std::string v = value();
      long port;
      if (!ParseInt(v, 0, 65535, &port)) {
        UsageError("invalid port '" + v + "' (want 0 to 65535)");
      }
      flags.server.port = static_cast<uint16_t>(port);
    } else if (name == "--host") {
      flags.server.host = value();
      if (flags.server.host.empty()) UsageError("--host needs a value");
    } else if (name == "--db-path" || name == "-dbPath") {
      flags.engine.path = value();
      flags.db_path_set = true;
      if (flags.engine.path.empty())
        UsageError(std::string(name) + " needs a value");
    } else if (name == "--in-memory" || name == "-inMemory") {
      no_value();
      flags.engine.in_memory = true;
    } else if (name == "--sync") {
      no_value();
      flags.engine.sync = true;
    } else if (name == "--threads") {
      std::string v = value();
      long threads;
      if (!ParseInt(v, 0, 1024, &threads)) {
        UsageError("invalid thread count '" + v + "' (want 0 to 1024)");
      }
      flags.server.threads = static_cast<int>(threads);
    } else if (name == "--block-cache-mb" || name == "--write-buffer-mb") {
      std::string v = value();
      long mb;
      if (!ParseInt(v, 1, 1 << 20, &mb)) {
        UsageError("invalid size '" + v + "' for " + std::string(name) +
                   " (want 1 to 1048576 MB)");
      }
      size_t bytes = static_cast<size_t>(mb) << 20;
      if (name == "--block-cache-mb") {
        flags.engine.block_cache_bytes = bytes;
      } else {
        flags.engine.write_buffer_bytes = bytes;
      }
    } else if (name == "--cors" || name == "-cors") {
      flags.server.cors_origins = value();
    } else if (name == "--help" || name == "-help" || name == "-h") {
      no_value();
      flags.help = true;
    } else if (name == "-sharedDb" || name == "-delayTransientStatuses" ||
               name == "-optimizeDbBeforeStartup" ||
               name == "-disableTelemetry") {
      // DynamoDB Local's flags that change nothing here.
    } else {
      UsageError("unknown flag '" + std::string(arg) + "'");
    }
  }
  if (flags.engine.in_memory && flags.db_path_set) {
    // DynamoDB Local refuses the pair too.
    UsageError("--db-path and --in-memory cannot be used together");
  }
  return flags;
}

std::string HostForUrl(const std::string& host) {
  if (host.find(':') != std::string::npos && host.front() != '[') {
    return "[" + host + "]";
  }
  return host;
}

bool ContainsLockFailure(const std::string& message) {
  std::string lower = message;
  for (char& c : lower)
    c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
  return lower.find("in use by another process") != std::string::npos ||
         lower.find("lock") != std::string::npos;
}

int Run(int argc, char** argv) {
  Flags flags = ParseFlags(argc, argv);
  if (flags.help) {
    fputs(kUsage, stdout);
    return 0;
  }

  // Block the shutdown signals before any thread starts (RocksDB's and the
  // server's inherit the mask), then wait for them in main with sigwait():
  // no handler runs in signal context.
  sigset_t shutdown_signals;
  sigemptyset(&shutdown_signals);
  sigaddset(&shutdown_signals, SIGINT);
  sigaddset(&shutdown_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &shutdown_signals, nullptr);
  // A client that goes away mid-write must not kill the server.
  signal(SIGPIPE, SIG_IGN);

  const std::string where =
      flags.engine.in_memory ? "the in-memory database" : flags.engine.path;
  auto opened = Engine::Open(flags.engine);
  if (!opened.ok()) {
    const std::string& message = opened.status().message();
    if (!flags.engine.in_memory && ContainsLockFailure(message)) {
      fprintf(stderr,
              "dynarock: cannot open %s: it is in use by another process\n",
              where.c_str());
    } else if (message.rfind("cannot open", 0) == 0) {
      fprintf(stderr, "dynarock: %s\n", message.c_str());
    } else {
      fprintf(stderr, "dynarock: cannot open %s: %s\n", where.c_str(),
              message.c_str());
    }
    return 1;
  }

  std::unique_ptr<Engine> engine = std::move(opened).value();
  auto dispatcher = std::make_unique<Dispatcher>(engine.get());
  auto started = HttpServer::Start(dispatcher.get(), flags.server);
  if (!started.ok()) {
    fprintf(stderr, "dynarock: %s\n", started.status().message().c_str());
    return 1;
  }
  std::unique_ptr<HttpServer> server = std::move(started).value();

  printf("dynarock listening on http://%s:%u\n",
         HostForUrl(flags.server.host).c_str(),
         static_cast<unsigned>(server->port()));
  fflush(stdout);

  for (;;) {
    int signal_number = 0;
    if (sigwait(&shutdown_signals, &signal_number) == 0) break;
  }

  // Tear down in dependency order: the server (no more requests), the
  // dispatcher, then the engine (flushes and closes RocksDB).
  server->Stop();
  server.reset();
  dispatcher.reset();
  engine.reset();
  return 0;
}

}  // namespace
}  // namespace dynarock

int main(int argc, char** argv) { return dynarock::Run(argc, argv); }
