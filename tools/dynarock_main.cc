// dynarock: the server binary. Opens the engine, serves it over HTTP, and
// shuts down cleanly on SIGINT or SIGTERM.
//
// Accepts DynamoDB Local's flag spellings (-port, -dbPath, -inMemory,
// -sharedDb, -cors, -help, ...) so that its start scripts run unchanged.
//
// Once listening, prints exactly one line to stdout,
//   dynarock listening on http://HOST:PORT
// (the browser console is at http://HOST:PORT/console)
// with the actual port (--port 0 picks a free one); harnesses wait for it.
// Errors go to stderr: exit 2 for a bad command line, 1 for a failure to
// start (directory in use, port in use).
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "dynarock_version.h"
#include "engine/engine.h"
#include "tools/deploy/deploy.h"
#include "wire/dispatcher.h"
#include "wire/http_server.h"
#include "wire/request_log.h"
#include "wire/stream_trigger.h"
#include "wire/test_controls.h"

namespace dynarock {
namespace {

constexpr const char* kDescription =
    R"(A DynamoDB-compatible server: DynamoDB's JSON protocol over HTTP, items in
RocksDB. Point an AWS SDK or the AWS CLI at --endpoint-url http://HOST:PORT
(any credentials and region will do; one database serves them all), or a
browser at http://HOST:PORT/console.

  dynarock deploy TEMPLATE   applies a CloudFormation template's DynamoDB
                             tables (dynarock deploy --help)
)";

constexpr const char* kReadyLine = R"(
Once listening, dynarock prints one line to stdout:
  dynarock listening on http://HOST:PORT
SIGINT or SIGTERM shuts it down cleanly (exit status 0).)";

// DynamoDB Local's flags, accepted so that its start scripts run unchanged.
// CLI11 reads a single dash as the start of short flags ("-port" would be
// -p -o -r -t), so these never reach it under their own names; see
// CommandLine().
struct LocalSpelling {
  const char* name;
  const char* same_as;  // the "--" flag it stands for; nullptr: no effect
  const char* help;     // for a flag with no effect
};
constexpr LocalSpelling kLocalSpellings[] = {
    {"-port", "--port", nullptr},
    {"-dbPath", "--db-path", nullptr},
    {"-inMemory", "--in-memory", nullptr},
    {"-cors", "--cors", nullptr},
    {"-sharedDb", nullptr,
     "accepted; one database always serves every access\nkey and region"},
    {"-delayTransientStatuses", nullptr,
     "accepted, no effect: tables are ACTIVE at once"},
    {"-optimizeDbBeforeStartup", "--compact", nullptr},
    {"-disableTelemetry", nullptr, "accepted, no effect (dynarock sends none)"},
    {"-help", "--help", nullptr},
};

// The server's memory budget by default. On disk, the block cache holds
// what every read needs (the table files' index and filter blocks, about
// 14 bytes an item: 140 MB for 10 million items) with room for data blocks
// and items; it fills only as the data is read. In memory, the data is in
// memory anyway and the cache only spares copying blocks out of it.
constexpr long kDefaultBlockCacheMb = 256;
constexpr long kDefaultInMemoryBlockCacheMb = 32;
constexpr long kDefaultWriteBufferMb = 32;

struct Flags {
  HttpServerOptions server;
  EngineOptions engine;
  bool compact = false;
  bool test_controls = false;
  std::vector<std::string> stream_triggers;  // TABLE=URL
  bool log_requests = false;
  std::string log_format = "text";
};

[[noreturn]] void UsageError(const std::string& message) {
  fprintf(stderr, "dynarock: %s\nRun 'dynarock --help' for usage.\n",
          message.c_str());
  exit(2);
}

// A whole number from min to max, in decimal: CLI11 alone would read "08000"
// as octal. Passes it on to CLI11 in canonical form.
CLI::Validator WholeNumber(long min, long max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        long v = 0;
        const char* last = text.data() + text.size();
        auto [end, ec] = std::from_chars(text.data(), last, v);
        bool too_large = ec == std::errc::result_out_of_range;
        if (end != last || (ec != std::errc() && !too_large))
          return "'" + text + "' is not a whole number";
        if (too_large || v < min || v > max) {
          return text + " is not between " + std::to_string(min) + " and " +
                 std::to_string(max);
        }
        text = std::to_string(v);
        return "";
      },
      "");
}

// A number of seconds from min to max, fractions allowed.
CLI::Validator Seconds(double min, double max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() ||
            !std::isfinite(v))
          return "'" + text + "' is not a number of seconds";
        if (v < min || v > max) {
          char buf[96];
          snprintf(buf, sizeof buf, "%s is not between %g and %g", text.c_str(),
                   min, max);
          return buf;
        }
        return "";
      },
      "");
}

CLI::Validator NotEmpty() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        return text.empty() ? "must not be empty" : "";
      },
      "");
}

// The help's section on kLocalSpellings, in the layout of CLI11's own.
std::string LocalSpellingsHelp(const CLI::App& app) {
  std::string help =
      "DynamoDB Local spellings, accepted so that its scripts run "
      "unchanged:\n";
  for (const LocalSpelling& s : kLocalSpellings) {
    std::string name = s.name;
    std::string text;
    if (s.same_as != nullptr) {
      const CLI::Option* option = app.get_option(s.same_as);
      if (!option->get_option_text().empty())
        name += " " + option->get_option_text();
      text = std::string("same as ") + s.same_as;
    } else {
      text = s.help;
    }
    char line[128];
    snprintf(line, sizeof line, "  %-26s", name.c_str());
    help += line;
    for (char c : text) {
      help += c;
      if (c == '\n') help += std::string(28, ' ');
    }
    help += '\n';
  }
  return help;
}

// The command line for CLI11, from argv. DynamoDB Local's single-dash
// spellings (kLocalSpellings) are replaced by their "--" flags, or left out
// when they have no effect here: CLI11 would read "-port" as the short flags
// -p -o -r -t. A flag's value is never rewritten: it is passed on as the
// next argument, which CLI11 takes whatever it looks like ("--db-path
// -inMemory" is a directory named -inMemory), and "--flag=value" is split
// the same way, so that "--cors=" stays an empty value (CLI11 would take the
// argument after it instead).
std::vector<std::string> CommandLine(const CLI::App& app, int argc,
                                     char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    const std::string given = argv[i];
    std::string arg = given;
    auto spelling =
        std::find_if(std::begin(kLocalSpellings), std::end(kLocalSpellings),
                     [&](const LocalSpelling& s) { return given == s.name; });
    if (spelling != std::end(kLocalSpellings)) {
      if (spelling->same_as == nullptr) continue;
      arg = spelling->same_as;
    }
    size_t eq = arg.find('=');
    std::string name = arg.substr(0, eq);
    const CLI::Option* option =
        name.rfind("--", 0) == 0 ? app.get_option_no_throw(name) : nullptr;
    if (option == nullptr || option->get_items_expected_min() == 0) {
      args.push_back(arg);  // a flag, or CLI11's to report
    } else if (eq != std::string::npos) {
      args.push_back(name);
      args.push_back(arg.substr(eq + 1));
    } else if (i + 1 < argc) {
      args.push_back(name);
      args.push_back(argv[++i]);
    } else {
      UsageError(given + " needs a value");
    }
  }
  std::reverse(args.begin(), args.end());  // CLI11 takes them from the back
  return args;
}

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  long block_cache_mb = 0;  // 0: the default for the mode
  long write_buffer_mb = kDefaultWriteBufferMb;

  CLI::App app(kDescription, "dynarock");
  // A flag given twice: the last one counts.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.get_formatter()->column_width(24);
  app.get_formatter()->label("OPTIONS", "flags");
  app.option_defaults()->group("Flags");
  app.add_option("--port", flags.server.port,
                 "TCP port to listen on (default 8000; 0 picks a free\n"
                 "port, printed in the ready line)")
      ->option_text("N")
      ->transform(WholeNumber(0, 65535));
  app.add_option("--host", flags.server.host,
                 "address to listen on (default 127.0.0.1;\n"
                 "0.0.0.0 for all)")
      ->option_text("HOST")
      ->check(NotEmpty());
  CLI::Option* db_path =
      app.add_option("--db-path", flags.engine.path,
                     "directory of the database, created when missing\n"
                     "(default ./dynarock-data)")
          ->option_text("DIR")
          ->check(NotEmpty());
  app.add_flag("--in-memory", flags.engine.in_memory,
               "keep everything in memory; nothing is written to disk\n"
               "and everything is gone at exit");
  app.add_flag("--compact", flags.compact,
               "rewrite the database's table files before serving: reads\n"
               "then start from one file per key range, and files written\n"
               "by an earlier release take the current layout");
  app.add_flag("--sync", flags.engine.sync,
               "fsync the write-ahead log on every write (survives a\n"
               "power cut; without it a killed process still loses\n"
               "nothing)");
  app.add_option("--threads", flags.server.threads,
                 "threads serving connections (default 0: one per core)")
      ->option_text("N")
      ->transform(WholeNumber(0, 1024));
  app.add_option("--block-cache-mb", block_cache_mb,
                 "memory for cached table blocks and items read from\n"
                 "disk (default 256; 32 with --in-memory); with\n"
                 "--write-buffer-mb, bounds the server's memory whatever\n"
                 "the size of the data")
      ->option_text("N")
      ->transform(WholeNumber(1, 1 << 20));
  app.add_option("--write-buffer-mb", write_buffer_mb,
                 "memory for recent writes not yet written to table\n"
                 "files, all tables together (default 32); past it, the\n"
                 "largest buffer is written out")
      ->option_text("N")
      ->transform(WholeNumber(1, 1 << 20));
  app.add_option("--ttl-interval", flags.engine.ttl_interval_seconds,
                 "seconds between the starts of two passes of the TTL\n"
                 "sweep, which deletes expired items (default 1)")
      ->option_text("SECONDS")
      ->check(Seconds(0.01, 86400));
  app.add_option("--stream-trigger", flags.stream_triggers,
                 "deliver TABLE's stream records to URL as AWS Lambda\n"
                 "receives them (a POST of {\"Records\": [...]}, in order\n"
                 "per shard, retried until answered 2xx); repeatable")
      ->option_text("TABLE=URL")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--trigger-batch-size", flags.engine.trigger_batch_size,
                 "records per stream trigger delivery, at most (default\n"
                 "100)")
      ->option_text("N")
      ->transform(WholeNumber(1, 10000));
  app.add_flag("--test-controls", flags.test_controls,
               "serve the test controls under /_dynarock/ (the clock\n"
               "that TTL and streams read: GET or POST\n"
               "/_dynarock/clock; the storage's runs, flushes and\n"
               "merges: GET /_dynarock/storage); for test suites\n"
               "and benchmarks only");
  app.add_flag("--log-requests", flags.log_requests,
               "print one line per request on stderr: time, operation,\n"
               "table and index, status, error, consumed capacity,\n"
               "latency");
  app.add_option("--log-format", flags.log_format,
                 "the request log's lines: text (default) or json")
      ->option_text("FORMAT")
      ->check(CLI::IsMember({"text", "json"}));
  bool no_console = false;
  app.add_flag("--no-console", no_console,
               "do not serve the browser console at /console");
  app.add_option("--cors", flags.server.cors_origins,
                 "answer CORS preflights and allow these origins: \"*\"\n"
                 "for any, or a comma-separated list; '' turns CORS off\n"
                 "(default \"*\", as DynamoDB Local)")
      ->option_text("ORIGINS");
  app.set_help_flag("-h,--help", "print this help and exit");
  app.set_version_flag("--version",
                       "dynarock " DYNAROCK_VERSION
                       " (commit " DYNAROCK_GIT_COMMIT ")",
                       "print the version and the commit built, and exit");
  app.footer(LocalSpellingsHelp(app) + kReadyLine);

  std::vector<std::string> args = CommandLine(app, argc, argv);
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    fputs(app.help().c_str(), stdout);
    exit(0);
  } catch (const CLI::CallForVersion&) {
    puts(app.version().c_str());
    exit(0);
  } catch (const CLI::ExtrasError&) {
    UsageError("unknown flag '" + app.remaining().front() + "'");
  } catch (const CLI::ParseError& e) {
    UsageError(e.what());
  }
  flags.server.console = !no_console;
  if (flags.engine.in_memory && db_path->count() > 0) {
    // DynamoDB Local refuses the pair too.
    UsageError("--db-path and --in-memory cannot be used together");
  }
  if (block_cache_mb == 0) {
    block_cache_mb = flags.engine.in_memory ? kDefaultInMemoryBlockCacheMb
                                            : kDefaultBlockCacheMb;
  }
  for (const std::string& t : flags.stream_triggers) {
    const size_t eq = t.find('=');
    if (eq == std::string::npos || eq == 0) {
      UsageError("--stream-trigger takes TABLE=URL, not '" + t + "'");
    }
    auto trigger = HttpStreamTrigger(t.substr(0, eq), t.substr(eq + 1));
    if (!trigger.ok()) {
      UsageError("--stream-trigger " + t + ": " + trigger.status().message());
    }
    flags.engine.stream_triggers.push_back(std::move(trigger).value());
  }
  flags.engine.block_cache_bytes = static_cast<size_t>(block_cache_mb) << 20;
  flags.engine.write_buffer_bytes = static_cast<size_t>(write_buffer_mb) << 20;
  return flags;
}

std::string HostForUrl(const std::string& host) {
  if (host.find(':') != std::string::npos && host.front() != '[') {
    return "[" + host + "]";
  }
  return host;
}

int Run(int argc, char** argv) {
  Flags flags = ParseFlags(argc, argv);

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

  // Under --test-controls the engine runs on a clock that tests can move.
  OffsetClock test_clock;
  if (flags.test_controls) flags.engine.clock = &test_clock;

  // A database directory this start creates is removed again if the start
  // fails after all (a busy port): a failed start leaves nothing behind.
  std::error_code exists_error;
  const bool created_directory =
      !flags.engine.in_memory &&
      !std::filesystem::exists(flags.engine.path, exists_error) &&
      !exists_error;
  auto opened = Engine::Open(flags.engine);
  if (!opened.ok()) {
    // "cannot open DIR: it is in use by another process", and the like.
    fprintf(stderr, "dynarock: %s\n", opened.status().message().c_str());
    return 1;
  }

  std::unique_ptr<Engine> engine = std::move(opened).value();
  if (flags.compact) {
    if (Status st = engine->CompactAll(); !st.ok()) {
      fprintf(stderr, "dynarock: %s\n", st.message().c_str());
      return 1;
    }
  }
  std::unique_ptr<TestControls> controls;
  if (flags.test_controls) {
    controls = std::make_unique<TestControls>(&test_clock, engine.get());
    flags.server.test_controls = controls.get();
  }
  std::unique_ptr<RequestLog> request_log;
  if (flags.log_requests) {
    request_log = std::make_unique<RequestLog>(
        stderr, *RequestLog::ParseFormat(flags.log_format));
  }
  auto dispatcher =
      std::make_unique<Dispatcher>(engine.get(), request_log.get());
  auto started = HttpServer::Start(dispatcher.get(), flags.server);
  if (!started.ok()) {
    fprintf(stderr, "dynarock: %s\n", started.status().message().c_str());
    dispatcher.reset();
    engine.reset();
    if (created_directory) {
      std::error_code ignored;
      std::filesystem::remove_all(flags.engine.path, ignored);
    }
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

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "deploy") {
    return dynarock::deploy::RunDeploy(argc - 1, argv + 1);
  }
  return dynarock::Run(argc, argv);
}
