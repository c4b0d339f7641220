// dynarock-bench: benchmarks a DynamoDB design's access patterns against any
// DynamoDB endpoint. See `dynarock-bench --help` and tools/dynarock_bench/README.md.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tools/dynarock_bench/credentials.h"
#include "tools/dynarock_bench/http_driver.h"
#include "tools/dynarock_bench/makeriess.h"
#include "tools/dynarock_bench/report.h"
#include "tools/dynarock_bench/report_html.h"
#include "tools/dynarock_bench/trivial_server.h"
#include "tools/dynarock_bench/workload.h"

namespace dynarock::bench {
namespace {

constexpr char kUsage[] = R"(Usage: dynarock-bench COMMAND [options]

Benchmarks DynamoDB access patterns against any endpoint: dynarock, DynamoDB
Local, another emulator, or the real service (requests are signed with SigV4).

Commands:
  load       create the seed design's table and load the Makeriess data set
  run        drive a workload and report each access pattern
  compare    run the same workload against several endpoints in turn
  workload   print the default workload (the seed's sixteen access patterns)
  items      print the Makeriess data set that load writes, one item a line
  trivial-server   a server answering 200 "{}" to anything: the ceiling

Endpoint and credentials (load, run):
  --endpoint URL        http://host:port or https://host (default http://127.0.0.1:8000)
  --region R            signing region (default: AWS_REGION, ~/.aws/config, us-east-1)
  --profile P           credentials profile (default: AWS_PROFILE or default);
                        the environment's AWS_ACCESS_KEY_ID etc. come first
  --table NAME          table name (default makeriess-main-table)
  --ca-bundle FILE      certificates to trust for https (PEM; default: AWS_CA_BUNDLE,
                        else the system's)

load:
  --scale N             data set size: 30N customers, 6N vendors, 40N products,
                        60N orders, about 400N items (default 1)
  --connections N       concurrent BatchWriteItem requests (default 16)
  --no-create           fail when the table is missing instead of creating it

run:
  --workload FILE       YAML or JSON workload (default: the seed's patterns)
  --scale N             key space of the default workload (default 1)
  --only NAMES          run only these operations (comma-separated names)
  --connections N       concurrent connections (default 16)
  --threads N           driver threads (default 0: one per core)
  --rate R              open loop at R requests/s in all (default: closed loop)
  --duration D          measured time, e.g. 10s, 500ms, 2m (default 10s)
  --requests N          stop after N measured requests (with no --duration: only that)
  --warmup D            time before measuring (default 1s)
  --seed N              random seed of the key draws (default 1)
  --server-pid PID      count the server's CPU time (requests per CPU-second)
  --label NAME          the endpoint's name in reports
  --cost-rate R         request rate of the monthly cost projection (default 100/s)
  --read-price P        $ per million read request units (default 0.25)
  --write-price P       $ per million write request units (default 1.25)
  --json FILE           write the result document (JSON)
  --html FILE           write the HTML report with latency plots
  --quiet               no progress line

compare (with the run options):
  --target NAME=URL[,pid=PID]     an endpoint, given a name
  --target NAME=spawn:COMMAND     start COMMAND with {port} replaced by a free
                                  port, wait for it, stop it after (SIGTERM)
  --rounds N            each target runs N times, alternating (default 3)
  --load-scale N        load the data set at scale N into each target first

items:
  --scale N             data set size, as for load (default 1); each line is one
                        item in DynamoDB JSON, in the order load writes them

trivial-server:
  --port N              port (default 8001; 0 picks one)  --host H  --threads N
)";

[[noreturn]] void Usage(const std::string& message) {
  std::fprintf(stderr,
               "dynarock-bench: %s\nRun 'dynarock-bench --help' for usage.\n",
               message.c_str());
  std::exit(2);
}

double ParseDuration(const std::string& flag, const std::string& text) {
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    Usage(flag + ": '" + text + "' is not a duration (10s, 500ms, 2m)");
  }
  std::string unit = text.substr(used);
  if (unit.empty() || unit == "s") {
  } else if (unit == "ms") {
    v /= 1000;
  } else if (unit == "m") {
    v *= 60;
  } else if (unit == "h") {
    v *= 3600;
  } else {
    Usage(flag + ": '" + text + "' is not a duration (10s, 500ms, 2m)");
  }
  if (v < 0) Usage(flag + " must not be negative");
  return v;
}

long long ParseInt(const std::string& flag, const std::string& text,
                   long long min) {
  size_t used = 0;
  long long v = 0;
  try {
    v = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || used == 0)
    Usage(flag + ": '" + text + "' is not a whole number");
  if (v < min) Usage(flag + " must be at least " + std::to_string(min));
  return v;
}

double ParseNumber(const std::string& flag, const std::string& text) {
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || used == 0 || v < 0)
    Usage(flag + ": '" + text + "' is not a number");
  return v;
}

struct Flags {
  std::map<std::string, std::vector<std::string>> values;
  bool Has(const std::string& name) const { return values.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback) const {
    auto it = values.find(name);
    return it == values.end() ? fallback : it->second.back();
  }
};

Flags ParseFlags(int argc, char** argv, int first,
                 const std::vector<std::string>& with_value,
                 const std::vector<std::string>& switches) {
  Flags f;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    bool has_inline = false;
    if (size_t eq = arg.find('=');
        arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_inline = true;
    }
    bool takes = std::find(with_value.begin(), with_value.end(), arg) !=
                 with_value.end();
    bool is_switch =
        std::find(switches.begin(), switches.end(), arg) != switches.end();
    if (!takes && !is_switch) Usage("unknown option '" + arg + "'");
    if (is_switch) {
      if (has_inline) Usage(arg + " takes no value");
      f.values[arg].push_back("");
      continue;
    }
    if (!has_inline) {
      if (i + 1 >= argc) Usage(arg + " needs a value");
      value = argv[++i];
    }
    f.values[arg].push_back(value);
  }
  return f;
}

const std::vector<std::string> kEndpointFlags = {
    "--endpoint", "--region", "--profile", "--table", "--ca-bundle"};
const std::vector<std::string> kRunFlags = {
    "--workload",   "--scale",       "--connections", "--threads",
    "--rate",       "--duration",    "--requests",    "--warmup",
    "--seed",       "--server-pid",  "--label",       "--cost-rate",
    "--read-price", "--write-price", "--json",        "--html",
    "--only"};

std::vector<std::string> Concat(std::vector<std::string> a,
                                const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

ClientConfig MakeConfig(const Flags& f, const Endpoint& endpoint) {
  ClientConfig c;
  c.endpoint = endpoint;
  AwsEnvironment env = FindAwsEnvironment(f.Get("--profile", ""));
  c.region = f.Get("--region", env.region.empty() ? "us-east-1" : env.region);
  const char* bundle = std::getenv("AWS_CA_BUNDLE");
  c.ca_file = f.Get("--ca-bundle", bundle ? bundle : "");
  if (env.credentials) {
    c.credentials = *env.credentials;
  } else {
    // Local emulators accept any key; the real service will answer
    // UnrecognizedClientException, which the report shows.
    if (!IsLoopback(endpoint.host)) {
      std::fprintf(stderr,
                   "dynarock-bench: no AWS credentials found; signing with "
                   "dummy keys\n");
    }
    c.credentials = {"dynarockbench", "dynarockbench", ""};
  }
  return c;
}

Endpoint EndpointOf(const Flags& f) {
  try {
    Endpoint e = ParseEndpoint(f.Get("--endpoint", "http://127.0.0.1:8000"));
    e.label = f.Get("--label", "");
    if (f.Has("--server-pid"))
      e.server_pid = static_cast<int>(
          ParseInt("--server-pid", f.Get("--server-pid", ""), 1));
    return e;
  } catch (const std::invalid_argument& e) {
    Usage(e.what());
  }
}

std::function<void(const std::string&)> ProgressPrinter(bool quiet) {
  if (quiet) return nullptr;
  bool tty = isatty(STDERR_FILENO);
  return [tty](const std::string& line) {
    if (tty) {
      std::fprintf(stderr, "\r%s\033[K", line.c_str());
    } else {
      std::fprintf(stderr, "%s\n", line.c_str());
    }
    std::fflush(stderr);
  };
}

void EndProgress(bool quiet) {
  if (!quiet && isatty(STDERR_FILENO)) std::fprintf(stderr, "\r\033[K");
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

int CommandLoad(int argc, char** argv) {
  Flags f = ParseFlags(argc, argv, 2,
                       Concat(kEndpointFlags, {"--scale", "--connections"}),
                       {"--no-create", "--quiet"});
  Endpoint e = EndpointOf(f);
  ClientConfig config = MakeConfig(f, e);
  LoadOptions o;
  o.scale = static_cast<int>(ParseInt("--scale", f.Get("--scale", "1"), 1));
  o.connections = static_cast<int>(
      ParseInt("--connections", f.Get("--connections", "16"), 1));
  o.table = f.Get("--table", kMakeriessTable);
  o.create_table = !f.Has("--no-create");
  o.progress = ProgressPrinter(f.Has("--quiet"));
  LoadResult r = LoadMakeriess(config, o);
  EndProgress(f.Has("--quiet"));
  std::printf(
      "loaded %llu items in %.2f s (%.0f items/s) into %s%s at %s: %llu "
      "batches, %llu retries\n",
      static_cast<unsigned long long>(r.items), r.seconds,
      r.items / std::max(r.seconds, 1e-9), o.table.c_str(),
      r.created_table ? " (created)" : "", e.url.c_str(),
      static_cast<unsigned long long>(r.batches),
      static_cast<unsigned long long>(r.retries));
  return 0;
}

Workload WorkloadOf(const Flags& f) {
  std::string table = f.Get("--table", "");
  try {
    Workload w;
    if (f.Has("--workload")) {
      w = LoadWorkloadFile(f.Get("--workload", ""), table);
    } else {
      int scale =
          static_cast<int>(ParseInt("--scale", f.Get("--scale", "1"), 1));
      w = ParseWorkload(MakeriessWorkloadYaml(
          scale, table.empty() ? kMakeriessTable : table));
    }
    if (f.Has("--only")) KeepOperations(w, f.Get("--only", ""));
    return w;
  } catch (const WorkloadError& e) {
    std::fprintf(stderr, "dynarock-bench: workload: %s\n", e.what());
    std::exit(2);
  }
}

RunOptions RunOptionsOf(const Flags& f) {
  RunOptions o;
  o.connections = static_cast<int>(
      ParseInt("--connections", f.Get("--connections", "16"), 1));
  // One driver thread cannot keep up with a server that uses every core:
  // by default the driver uses them all too.
  o.threads =
      static_cast<int>(ParseInt("--threads", f.Get("--threads", "0"), 0));
  if (o.threads == 0)
    o.threads =
        static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  o.rate = f.Has("--rate") ? ParseNumber("--rate", f.Get("--rate", "")) : 0;
  if (f.Has("--rate") && o.rate <= 0) Usage("--rate must be positive");
  o.requests = f.Has("--requests")
                   ? ParseInt("--requests", f.Get("--requests", ""), 1)
                   : 0;
  o.duration_s = ParseDuration(
      "--duration", f.Get("--duration", o.requests > 0 ? "0" : "10s"));
  if (o.duration_s <= 0 && o.requests == 0)
    Usage("--duration must be positive");
  o.warmup_s = ParseDuration("--warmup", f.Get("--warmup", "1s"));
  o.seed = static_cast<uint64_t>(ParseInt("--seed", f.Get("--seed", "1"), 0));
  o.progress = ProgressPrinter(f.Has("--quiet"));
  return o;
}

CostOptions CostOf(const Flags& f) {
  CostOptions c;
  c.request_rate = ParseNumber("--cost-rate", f.Get("--cost-rate", "100"));
  c.read_price_per_million =
      ParseNumber("--read-price", f.Get("--read-price", "0.25"));
  c.write_price_per_million =
      ParseNumber("--write-price", f.Get("--write-price", "1.25"));
  return c;
}

void WriteOutputs(const Flags& f, const std::string& json, bool compare) {
  if (f.Has("--json")) WriteFile(f.Get("--json", ""), json + "\n");
  if (f.Has("--html")) WriteFile(f.Get("--html", ""), RenderHtmlReport(json));
  std::printf("%s", compare ? RenderTextComparison(json).c_str()
                            : RenderTextReport(json).c_str());
}

int CommandRun(int argc, char** argv) {
  Flags f =
      ParseFlags(argc, argv, 2, Concat(kEndpointFlags, kRunFlags), {"--quiet"});
  Endpoint e = EndpointOf(f);
  ClientConfig config = MakeConfig(f, e);
  Workload w = WorkloadOf(f);
  RunOptions o = RunOptionsOf(f);
  RunStats stats = RunWorkload(config, w, o);
  EndProgress(f.Has("--quiet"));
  RunMeta meta{e, &w, &o, CostOf(f)};
  WriteOutputs(f, ResultJson(stats, meta), false);
  return 0;
}

// --- compare ----------------------------------------------------------------

struct Target {
  std::string label;
  std::string url;
  std::string spawn;  // command, when the tool starts the server
  int pid = 0;
};

Target ParseTarget(const std::string& spec) {
  size_t eq = spec.find('=');
  if (eq == std::string::npos || eq == 0)
    Usage("--target '" + spec + "': expected NAME=URL or NAME=spawn:COMMAND");
  Target t;
  t.label = spec.substr(0, eq);
  std::string rest = spec.substr(eq + 1);
  if (rest.rfind("spawn:", 0) == 0) {
    t.spawn = rest.substr(6);
    if (t.spawn.find("{port}") == std::string::npos)
      Usage("--target '" + spec + "': the command needs {port}");
    return t;
  }
  if (size_t comma = rest.find(",pid="); comma != std::string::npos) {
    t.pid =
        static_cast<int>(ParseInt("--target pid", rest.substr(comma + 5), 1));
    rest = rest.substr(0, comma);
  }
  t.url = rest;
  return t;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (fd < 0 ||
      bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("cannot find a free port");
  }
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

bool PortAnswers(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

// Starts `command` ({port} replaced) through /bin/sh with exec, so the pid is
// the server's. Waits up to 60 s for the port to accept connections.
int Spawn(Target& t) {
  int port = FreePort();
  std::string command = t.spawn;
  for (size_t p; (p = command.find("{port}")) != std::string::npos;)
    command.replace(p, 6, std::to_string(port));
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) dup2(devnull, STDOUT_FILENO);
    std::string exec = "exec " + command;
    execl("/bin/sh", "sh", "-c", exec.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 6000; ++i) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid)
      throw std::runtime_error(t.label + ": '" + command + "' exited at start");
    if (PortAnswers(port)) {
      t.pid = pid;
      t.url = "http://127.0.0.1:" + std::to_string(port);
      return pid;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  throw std::runtime_error(t.label + ": '" + command +
                           "' did not listen on port " + std::to_string(port));
}

void Stop(Target& t) {
  if (t.spawn.empty() || t.pid <= 0) return;
  kill(t.pid, SIGTERM);
  for (int i = 0; i < 500; ++i) {
    if (waitpid(t.pid, nullptr, WNOHANG) == t.pid) {
      t.pid = 0;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(t.pid, SIGKILL);
  waitpid(t.pid, nullptr, 0);
  t.pid = 0;
}

int CommandCompare(int argc, char** argv) {
  Flags f = ParseFlags(
      argc, argv, 2,
      Concat(Concat({"--target", "--rounds", "--load-scale"}, kEndpointFlags),
             kRunFlags),
      {"--quiet"});
  if (f.Has("--endpoint") || f.Has("--label") || f.Has("--server-pid")) {
    Usage(
        "compare takes --target NAME=URL instead of --endpoint, --label and "
        "--server-pid");
  }
  if (!f.Has("--target")) Usage("compare needs at least one --target");
  std::vector<Target> targets;
  for (const auto& spec : f.values["--target"])
    targets.push_back(ParseTarget(spec));
  int rounds =
      static_cast<int>(ParseInt("--rounds", f.Get("--rounds", "3"), 1));
  Workload w = WorkloadOf(f);
  RunOptions o = RunOptionsOf(f);
  bool quiet = f.Has("--quiet");
  std::vector<RunStats> totals(targets.size());
  std::vector<Endpoint> endpoints(targets.size());
  // Spawned servers run for the whole comparison: started and loaded once.
  struct Stopper {
    std::vector<Target>& t;
    ~Stopper() {
      for (auto& x : t) Stop(x);
    }
  } stopper{targets};
  for (size_t i = 0; i < targets.size(); ++i) {
    Target& t = targets[i];
    if (!t.spawn.empty()) Spawn(t);
    try {
      endpoints[i] = ParseEndpoint(t.url);
    } catch (const std::invalid_argument& e) {
      Usage(e.what());
    }
    endpoints[i].label = t.label;
    endpoints[i].server_pid = t.pid;
    if (f.Has("--load-scale")) {
      LoadOptions lo;
      lo.scale = static_cast<int>(
          ParseInt("--load-scale", f.Get("--load-scale", ""), 1));
      lo.table = w.table;
      lo.connections = o.connections;
      lo.progress = ProgressPrinter(quiet);
      try {
        LoadResult r = LoadMakeriess(MakeConfig(f, endpoints[i]), lo);
        EndProgress(quiet);
        std::fprintf(stderr, "%s: loaded %llu items in %.2f s\n",
                     t.label.c_str(), static_cast<unsigned long long>(r.items),
                     r.seconds);
      } catch (const NotDynamoDbError& e) {
        // A calibration server (trivial-server) has nothing to load.
        EndProgress(quiet);
        std::fprintf(stderr, "%s: not loaded (%s)\n", t.label.c_str(),
                     e.what());
      }
    }
  }
  for (int round = 0; round < rounds; ++round) {
    for (size_t i = 0; i < targets.size(); ++i) {
      if (!quiet)
        std::fprintf(stderr, "round %d/%d: %s\n", round + 1, rounds,
                     targets[i].label.c_str());
      RunStats s = RunWorkload(MakeConfig(f, endpoints[i]), w, o);
      EndProgress(quiet);
      if (round == 0) {
        totals[i] = std::move(s);
      } else {
        totals[i].Merge(s);
      }
    }
  }
  std::vector<std::string> results;
  for (size_t i = 0; i < targets.size(); ++i) {
    RunMeta meta{endpoints[i], &w, &o, CostOf(f)};
    results.push_back(ResultJson(totals[i], meta));
  }
  WriteOutputs(f, CompareJson(results), true);
  return 0;
}

int CommandWorkload(int argc, char** argv) {
  Flags f = ParseFlags(argc, argv, 2, {"--scale", "--table"}, {});
  int scale = static_cast<int>(ParseInt("--scale", f.Get("--scale", "1"), 1));
  std::printf(
      "%s",
      MakeriessWorkloadYaml(scale, f.Get("--table", kMakeriessTable)).c_str());
  return 0;
}

// The data set `load` writes, for tests and other loaders: one item a line,
// DynamoDB JSON ({"PK":{"S":"CUSTOMER#cust_100"},...}), in generation order.
int CommandItems(int argc, char** argv) {
  Flags f = ParseFlags(argc, argv, 2, {"--scale"}, {});
  int scale = static_cast<int>(ParseInt("--scale", f.Get("--scale", "1"), 1));
  GenerateMakeriess(scale, [](std::string_view item) {
    std::fwrite(item.data(), 1, item.size(), stdout);
    std::fputc('\n', stdout);
  });
  if (std::fflush(stdout) != 0 || std::ferror(stdout))
    throw std::runtime_error("items: cannot write to standard output");
  return 0;
}

int CommandTrivialServer(int argc, char** argv) {
  Flags f = ParseFlags(argc, argv, 2, {"--port", "--host", "--threads"}, {});
  int port = static_cast<int>(ParseInt("--port", f.Get("--port", "8001"), 0));
  if (port > 65535) Usage("--port must be at most 65535");
  int threads =
      static_cast<int>(ParseInt("--threads", f.Get("--threads", "0"), 0));
  std::string host = f.Get("--host", "127.0.0.1");
  RunTrivialServer(host, port, threads, [&](int bound) {
    std::printf("trivial server listening on %s:%d\n", host.c_str(), bound);
    std::fflush(stdout);
  });
  return 0;
}

}  // namespace
}  // namespace dynarock::bench

int main(int argc, char** argv) {
  using namespace dynarock::bench;
  if (argc < 2) Usage("a command is required");
  std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::printf("%s", kUsage);
    return 0;
  }
  signal(SIGPIPE, SIG_IGN);
  try {
    if (command == "load") return CommandLoad(argc, argv);
    if (command == "run") return CommandRun(argc, argv);
    if (command == "compare") return CommandCompare(argc, argv);
    if (command == "workload") return CommandWorkload(argc, argv);
    if (command == "items") return CommandItems(argc, argv);
    if (command == "trivial-server") return CommandTrivialServer(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dynarock-bench: %s\n", e.what());
    return 1;
  }
  Usage("unknown command '" + command + "'");
}
