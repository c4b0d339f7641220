// dynarock-bench: benchmarks a DynamoDB design's access patterns against any
// DynamoDB endpoint. See `dynarock-bench --help` and
// tools/dynarock_bench/README.md.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "tools/dynarock_bench/credentials.h"
#include "tools/dynarock_bench/http_driver.h"
#include "tools/dynarock_bench/makeriess.h"
#include "tools/dynarock_bench/pricing.h"
#include "tools/dynarock_bench/report.h"
#include "tools/dynarock_bench/report_html.h"
#include "tools/dynarock_bench/trivial_server.h"
#include "tools/dynarock_bench/workload.h"

namespace dynarock::bench {
namespace {

constexpr char kDescription[] =
    R"(Benchmarks DynamoDB access patterns against any endpoint: dynarock, DynamoDB
Local, another emulator, or the real service (requests are signed with SigV4).)";

[[noreturn]] void Usage(const std::string& message) {
  std::fprintf(stderr,
               "dynarock-bench: %s\nRun 'dynarock-bench --help' for usage.\n",
               message.c_str());
  std::exit(2);
}

// --- option values -----------------------------------------------------------

// A whole number in decimal, the whole text.
std::optional<long long> ReadWhole(const std::string& text) {
  size_t used = 0;
  long long v = 0;
  try {
    v = std::stoll(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (used != text.size()) return std::nullopt;
  return v;
}

std::optional<double> ReadNumber(const std::string& text) {
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (used != text.size()) return std::nullopt;
  return v;
}

// Seconds from "10s", "500ms", "2m", "1h" or plain seconds.
std::optional<double> ReadDuration(const std::string& text) {
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  std::string unit = text.substr(used);
  if (unit.empty() || unit == "s") return v;
  if (unit == "ms") return v / 1000;
  if (unit == "m") return v * 60;
  if (unit == "h") return v * 3600;
  return std::nullopt;
}

// The text CLI11 converts to the option's type: plain decimal, so that it
// reads what these checks read (alone it would take "010" as octal).
std::string Canonical(double v) {
  char text[32];
  auto [end, ec] = std::to_chars(text, text + sizeof text, v);
  return std::string(text, end);
}

// The checks of option values. Each message follows the option's name
// ("--scale: 0 is less than 1").
CLI::Validator WholeNumber(long long min,
                           long long max = std::numeric_limits<int>::max()) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        std::optional<long long> v = ReadWhole(text);
        if (!v) return "'" + text + "' is not a whole number";
        if (*v < min) return text + " is less than " + std::to_string(min);
        if (*v > max) return text + " is more than " + std::to_string(max);
        text = std::to_string(*v);
        return "";
      },
      "");
}

CLI::Validator Number(bool positive) {
  return CLI::Validator(
      [positive](std::string& text) -> std::string {
        std::optional<double> v = ReadNumber(text);
        if (!v) return "'" + text + "' is not a number";
        if (*v < 0) return text + " is negative";
        if (positive && *v == 0) return text + " is not positive";
        text = Canonical(*v);
        return "";
      },
      "");
}

// To seconds.
CLI::Validator Duration() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::optional<double> v = ReadDuration(text);
        if (!v) return "'" + text + "' is not a duration (10s, 500ms, 2m)";
        if (*v < 0) return text + " is negative";
        text = Canonical(*v);
        return "";
      },
      "");
}

// --- the command line
// ----------------------------------------------------------

// Every command's options, set by the one that runs; defaults as in --help.
struct Options {
  // Endpoint and credentials.
  std::string endpoint = "http://127.0.0.1:8000";
  std::string region;
  std::string profile;
  std::string table;  // "": the workload's (load: the seed's)
  std::string ca_bundle;
  // load, run, compare.
  int scale = 1;
  int connections = 16;
  bool quiet = false;
  bool allow_errors = false;
  bool no_create = false;
  // run, compare.
  std::string workload;
  std::string only;
  int threads = 0;
  double rate = 0;
  double duration_s = 0;  // when given; else by --requests (RunOptionsOf)
  long long requests = 0;
  double warmup_s = 1;
  long long seed = 1;
  int server_pid = 0;
  std::string label;
  double cost_rate = 100;
  double read_price = 0;    // when given: overrides the price list's
  double write_price = 0;   // when given: overrides the price list's
  std::string table_class;  // "": the table's, from DescribeTable
  std::string price_file;
  bool seed_prices = false;
  std::string json;
  std::string html;
  // compare.
  std::vector<std::string> targets;
  int rounds = 3;
  int load_scale = 0;
  // trivial-server.
  int port = 8001;
  std::string host = "127.0.0.1";

  const CLI::App* command = nullptr;  // the one given
  bool Given(const std::string& name) const {
    const CLI::Option* option = command->get_option_no_throw(name);
    return option != nullptr && option->count() > 0;
  }
};

// CLI11's help, with a blank line between a command's description and its
// usage line, one (not two) between groups of options, and none at the end.
class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_description(const CLI::App* app) const override {
    std::string description = CLI::Formatter::make_description(app);
    return description.empty() ? description : description + "\n";
  }
  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override {
    std::string help = CLI::Formatter::make_help(app, name, mode);
    for (size_t at; (at = help.find("\n\n\n")) != std::string::npos;)
      help.erase(at, 1);
    if (help.size() >= 2 && help.compare(help.size() - 2, 2, "\n\n") == 0)
      help.pop_back();
    return help;
  }
};

CLI::App* AddCommand(CLI::App& app, const std::string& name,
                     const std::string& description) {
  CLI::App* command = app.add_subcommand(name, description);
  command->group("Commands");
  command->footer("");
  return command;
}

const char kEndpointGroup[] = "Endpoint and credentials";

void AddEndpoint(CLI::App* command, Options& o, const std::string& group) {
  command
      ->add_option("--endpoint", o.endpoint,
                   "http://host:port or https://host (default\n"
                   "http://127.0.0.1:8000)")
      ->option_text("URL")
      ->group(group);
}

// What run knows of the endpoint besides its URL.
void AddServerOptions(CLI::App* command, Options& o, const std::string& group) {
  command
      ->add_option("--server-pid", o.server_pid,
                   "count the server's CPU time (requests per\n"
                   "CPU-second)")
      ->option_text("PID")
      ->transform(WholeNumber(1))
      ->group(group);
  command->add_option("--label", o.label, "the endpoint's name in reports")
      ->option_text("NAME")
      ->group(group);
}

void AddCredentialOptions(CLI::App* command, Options& o) {
  const std::string group = kEndpointGroup;
  command
      ->add_option("--region", o.region,
                   "signing region, and the cost section's prices\n"
                   "(default: AWS_REGION, ~/.aws/config, us-east-1)")
      ->option_text("R")
      ->group(group);
  command
      ->add_option("--profile", o.profile,
                   "credentials profile (default: AWS_PROFILE or\n"
                   "default); the environment's AWS_ACCESS_KEY_ID etc.\n"
                   "come first")
      ->option_text("P")
      ->group(group);
  command
      ->add_option("--table", o.table,
                   "table name (default makeriess-main-table)")
      ->option_text("NAME")
      ->group(group);
  command
      ->add_option("--ca-bundle", o.ca_bundle,
                   "certificates to trust for https (PEM; default:\n"
                   "AWS_CA_BUNDLE, else the system's)")
      ->option_text("FILE")
      ->group(group);
}

void AddQuiet(CLI::App* command, Options& o, const std::string& group) {
  command->add_flag("--quiet", o.quiet, "no progress line")->group(group);
}

void AddRunOptions(CLI::App* command, Options& o) {
  const std::string group = "Workload and measurement";
  command
      ->add_option("--workload", o.workload,
                   "YAML or JSON workload (default: the seed's patterns)")
      ->option_text("FILE")
      ->group(group);
  command
      ->add_option("--scale", o.scale,
                   "key space of the default workload (default 1)")
      ->option_text("N")
      ->transform(WholeNumber(1))
      ->group(group);
  command
      ->add_option("--only", o.only,
                   "run only these operations (comma-separated names)")
      ->option_text("NAMES")
      ->group(group);
  command
      ->add_option("--connections", o.connections,
                   "concurrent connections (default 16)")
      ->option_text("N")
      ->transform(WholeNumber(1))
      ->group(group);
  command
      ->add_option("--threads", o.threads,
                   "driver threads (default 0: one per core)")
      ->option_text("N")
      ->transform(WholeNumber(0))
      ->group(group);
  command
      ->add_option("--rate", o.rate,
                   "open loop at R requests/s in all (default: closed\n"
                   "loop)")
      ->option_text("R")
      ->transform(Number(/*positive=*/true))
      ->group(group);
  command
      ->add_option("--duration", o.duration_s,
                   "measured time, e.g. 10s, 500ms, 2m (default 10s)")
      ->option_text("D")
      ->transform(Duration())
      ->group(group);
  command
      ->add_option("--requests", o.requests,
                   "stop after N measured requests (with no --duration:\n"
                   "only that)")
      ->option_text("N")
      ->transform(WholeNumber(1, std::numeric_limits<long long>::max()))
      ->group(group);
  command
      ->add_flag("--allow-errors", o.allow_errors,
                 "exit 0 even when requests failed (by default a run\n"
                 "with failed requests exits 1)")
      ->group(group);
  command
      ->add_option("--warmup", o.warmup_s, "time before measuring (default 1s)")
      ->option_text("D")
      ->transform(Duration())
      ->group(group);
  command
      ->add_option("--seed", o.seed, "random seed of the key draws (default 1)")
      ->option_text("N")
      ->transform(WholeNumber(0, std::numeric_limits<long long>::max()))
      ->group(group);
  AddQuiet(command, o, group);

  const std::string report = "Report";
  command
      ->add_option("--cost-rate", o.cost_rate,
                   "request rate of the monthly cost projection (default\n"
                   "100/s)")
      ->option_text("R")
      ->transform(Number(/*positive=*/false))
      ->group(report);
  command
      ->add_option("--table-class", o.table_class,
                   "STANDARD or STANDARD_INFREQUENT_ACCESS: the prices'\n"
                   "table class (default: the table's, else STANDARD)")
      ->option_text("C")
      ->group(report);
  command
      ->add_option("--price-file", o.price_file,
                   "prices from a YAML or JSON file instead of the\n"
                   "built-in list (see tools/dynarock_bench/README.md)")
      ->option_text("FILE")
      ->group(report);
  command
      ->add_flag("--seed-prices", o.seed_prices,
                 "the seed design's prices ($0.25/$1.25 per million\n"
                 "read/write request units, $0.25 per GB-month)")
      ->group(report);
  command
      ->add_option("--read-price", o.read_price,
                   "$ per million read request units, overriding the\n"
                   "price list's")
      ->option_text("P")
      ->transform(Number(/*positive=*/false))
      ->group(report);
  command
      ->add_option("--write-price", o.write_price,
                   "$ per million write request units, overriding the\n"
                   "price list's")
      ->option_text("P")
      ->transform(Number(/*positive=*/false))
      ->group(report);
  command->add_option("--json", o.json, "write the result document (JSON)")
      ->option_text("FILE")
      ->group(report);
  command
      ->add_option("--html", o.html, "write the HTML report with latency plots")
      ->option_text("FILE")
      ->group(report);
}

CLI::App* AddLoad(CLI::App& app, Options& o) {
  CLI::App* load = AddCommand(
      app, "load", "create the seed's table and load the Makeriess data set");
  AddEndpoint(load, o, kEndpointGroup);
  AddCredentialOptions(load, o);
  const std::string group = "Data set";
  load->add_option("--scale", o.scale,
                   "data set size: 30N customers, 6N vendors, 40N\n"
                   "products, 60N orders, about 400N items (default 1)")
      ->option_text("N")
      ->transform(WholeNumber(1))
      ->group(group);
  load->add_option("--connections", o.connections,
                   "concurrent BatchWriteItem requests (default 16)")
      ->option_text("N")
      ->transform(WholeNumber(1))
      ->group(group);
  load->add_flag("--no-create", o.no_create,
                 "fail when the table is missing instead of creating it")
      ->group(group);
  AddQuiet(load, o, group);
  return load;
}

CLI::App* AddRun(CLI::App& app, Options& o) {
  CLI::App* run =
      AddCommand(app, "run", "drive a workload and report each access pattern");
  AddEndpoint(run, o, kEndpointGroup);
  AddServerOptions(run, o, kEndpointGroup);
  AddCredentialOptions(run, o);
  AddRunOptions(run, o);
  return run;
}

CLI::App* AddCompare(CLI::App& app, Options& o) {
  CLI::App* compare = AddCommand(
      app, "compare", "run one workload against several endpoints in turn");
  const std::string group = "Targets";
  compare
      ->add_option("--target", o.targets,
                   "an endpoint, given a name: NAME=URL[,pid=PID], or\n"
                   "NAME=spawn:COMMAND to start COMMAND with {port}\n"
                   "replaced by a free port, wait for it, and stop it\n"
                   "after (SIGTERM); once for each endpoint")
      ->option_text("NAME=URL")
      ->required()
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->group(group);
  compare
      ->add_option("--rounds", o.rounds,
                   "each target runs N times, alternating (default 3)")
      ->option_text("N")
      ->transform(WholeNumber(1))
      ->group(group);
  compare
      ->add_option("--load-scale", o.load_scale,
                   "load the data set at scale N into each target first")
      ->option_text("N")
      ->transform(WholeNumber(1))
      ->group(group);
  // Not listed (group ""), accepted only to say what to give instead.
  AddEndpoint(compare, o, "");
  AddServerOptions(compare, o, "");
  AddCredentialOptions(compare, o);
  AddRunOptions(compare, o);
  return compare;
}

CLI::App* AddWorkload(CLI::App& app, Options& o) {
  CLI::App* workload =
      AddCommand(app, "workload",
                 "print the default workload: the seed's access patterns");
  workload
      ->add_option("--scale", o.scale, "key space of the workload (default 1)")
      ->option_text("N")
      ->transform(WholeNumber(1));
  workload
      ->add_option("--table", o.table,
                   "table name (default makeriess-main-table)")
      ->option_text("NAME");
  return workload;
}

CLI::App* AddItems(CLI::App& app, Options& o) {
  CLI::App* items = AddCommand(
      app, "items", "print the data set that load writes, one item a line");
  items
      ->add_option("--scale", o.scale,
                   "data set size, as for load (default 1); each line is\n"
                   "one item in DynamoDB JSON, in the order load writes\n"
                   "them")
      ->option_text("N")
      ->transform(WholeNumber(1))
      ->group("Data set");
  return items;
}

CLI::App* AddTrivialServer(CLI::App& app, Options& o) {
  CLI::App* server =
      AddCommand(app, "trivial-server",
                 "a server answering 200 \"{}\" to anything: the ceiling");
  server->add_option("--port", o.port, "port (default 8001; 0 picks one)")
      ->option_text("N")
      ->transform(WholeNumber(0, 65535));
  server->add_option("--host", o.host, "address (default 127.0.0.1)")
      ->option_text("H");
  server
      ->add_option("--threads", o.threads,
                   "threads serving connections (default 0: one per\n"
                   "core)")
      ->option_text("N")
      ->transform(WholeNumber(0));
  return server;
}

const CLI::App* FindCommand(const CLI::App& app, const std::string& name) {
  auto found = app.get_subcommands(
      [&](const CLI::App* command) { return command->get_name() == name; });
  return found.empty() ? nullptr : found.front();
}

// The command line for CLI11, from argv. "help [COMMAND]" is read as
// "[COMMAND] --help". An option's value is passed on as the next argument,
// which CLI11 takes whatever it looks like, and "--option=value" is split
// the same way, so that "--option=" stays an empty value (CLI11 would take
// the argument after it instead).
std::vector<std::string> CommandLine(const CLI::App& app, int argc,
                                     char** argv) {
  std::vector<std::string> given(argv + 1, argv + argc);
  if (!given.empty() && given.front() == "help") {
    given.erase(given.begin());
    given.push_back("--help");
  }
  const CLI::App* command =
      given.empty() ? nullptr : FindCommand(app, given.front());
  std::vector<std::string> args;
  for (size_t i = 0; i < given.size(); ++i) {
    const std::string& arg = given[i];
    size_t eq = arg.find('=');
    std::string name = arg.substr(0, eq);
    const CLI::Option* option =
        command != nullptr && i > 0 && name.rfind("--", 0) == 0
            ? command->get_option_no_throw(name)
            : nullptr;
    if (option == nullptr || option->get_items_expected_min() == 0) {
      args.push_back(arg);  // a flag, or CLI11's to report
    } else if (eq != std::string::npos) {
      args.push_back(name);
      args.push_back(arg.substr(eq + 1));
    } else if (i + 1 < given.size()) {
      args.push_back(name);
      args.push_back(given[++i]);
    } else {
      Usage(arg + " needs a value");
    }
  }
  std::reverse(args.begin(), args.end());  // CLI11 takes them from the back
  return args;
}

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

ClientConfig MakeConfig(const Options& o, const Endpoint& endpoint) {
  ClientConfig c;
  c.endpoint = endpoint;
  AwsEnvironment env = FindAwsEnvironment(o.profile);
  if (o.Given("--region")) {
    c.region = o.region;
  } else {
    c.region = env.region.empty() ? "us-east-1" : env.region;
  }
  const char* bundle = std::getenv("AWS_CA_BUNDLE");
  c.ca_file = o.Given("--ca-bundle") ? o.ca_bundle : bundle ? bundle : "";
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

Endpoint EndpointOf(const Options& o) {
  try {
    Endpoint e = ParseEndpoint(o.endpoint);
    e.label = o.label;
    e.server_pid = o.server_pid;
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

int CommandLoad(const Options& opts) {
  Endpoint e = EndpointOf(opts);
  ClientConfig config = MakeConfig(opts, e);
  LoadOptions o;
  o.scale = opts.scale;
  o.connections = opts.connections;
  o.table = opts.Given("--table") ? opts.table : kMakeriessTable;
  o.create_table = !opts.no_create;
  o.progress = ProgressPrinter(opts.quiet);
  LoadResult r = LoadMakeriess(config, o);
  EndProgress(opts.quiet);
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

Workload WorkloadOf(const Options& o) {
  try {
    Workload w;
    if (o.Given("--workload")) {
      w = LoadWorkloadFile(o.workload, o.table);
    } else {
      w = ParseWorkload(MakeriessWorkloadYaml(
          o.scale, o.table.empty() ? kMakeriessTable : o.table));
    }
    if (o.Given("--only")) KeepOperations(w, o.only);
    return w;
  } catch (const WorkloadError& e) {
    std::fprintf(stderr, "dynarock-bench: workload: %s\n", e.what());
    std::exit(2);
  }
}

RunOptions RunOptionsOf(const Options& opts) {
  RunOptions o;
  o.connections = opts.connections;
  // One driver thread cannot keep up with a server that uses every core:
  // by default the driver uses them all too.
  o.threads = opts.threads;
  if (o.threads == 0)
    o.threads =
        static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  o.rate = opts.rate;
  o.requests = static_cast<uint64_t>(opts.requests);
  if (opts.Given("--duration")) {
    o.duration_s = opts.duration_s;
    if (o.duration_s <= 0 && o.requests == 0)
      Usage("--duration must be positive");
  } else {
    o.duration_s = o.requests > 0 ? 0 : 10;
  }
  o.warmup_s = opts.warmup_s;
  o.seed = static_cast<uint64_t>(opts.seed);
  o.progress = ProgressPrinter(opts.quiet);
  return o;
}

void WriteOutputs(const Options& o, const std::string& json, bool compare) {
  if (o.Given("--json")) WriteFile(o.json, json + "\n");
  if (o.Given("--html")) WriteFile(o.html, RenderHtmlReport(json));
  std::printf("%s", compare ? RenderTextComparison(json).c_str()
                            : RenderTextReport(json).c_str());
}

// Exit status of a run: 1 when requests failed (unless --allow-errors),
// with a line saying which patterns failed, how often and with what.
int ExitStatus(const Options& opts, const Workload& w, const RunStats& stats,
               const std::string& label) {
  uint64_t requests = 0, errors = 0;
  std::vector<std::string> patterns, kinds;
  for (size_t i = 0; i < stats.ops.size(); ++i) {
    const OperationStats& op = stats.ops[i];
    requests += op.requests;
    errors += op.errors;
    if (op.errors == 0) continue;
    patterns.push_back(w.operations[i].name + " " + std::to_string(op.errors) +
                       "/" + std::to_string(op.requests));
    if (!op.first_error.empty() &&
        std::find(kinds.begin(), kinds.end(), op.first_error) == kinds.end())
      kinds.push_back(op.first_error);
  }
  if (errors == 0) return 0;
  std::string which;
  for (size_t i = 0; i < patterns.size() && i < 3; ++i)
    which += (i ? ", " : "") + patterns[i];
  if (patterns.size() > 3)
    which += " and " + std::to_string(patterns.size() - 3) + " more";
  std::string what;
  for (size_t i = 0; i < kinds.size() && i < 3; ++i)
    what += (i ? "; " : "") + kinds[i];
  std::fprintf(stderr,
               "dynarock-bench: %s%llu of %llu requests failed (%s)%s%s\n",
               label.empty() ? "" : (label + ": ").c_str(),
               static_cast<unsigned long long>(errors),
               static_cast<unsigned long long>(requests), which.c_str(),
               what.empty() ? "" : (": " + what).c_str(),
               opts.allow_errors ? "" : "; exit status 1 (--allow-errors: 0)");
  return opts.allow_errors ? 0 : 1;
}

// The workload's table as the endpoint describes it; nullopt when it does
// not (no such table, or not DynamoDB).
std::optional<TableStorage> DescribeWorkloadTable(const ClientConfig& config,
                                                  const Workload& w) {
  if (w.table.empty()) return std::nullopt;
  HttpResult r =
      DynamoCall(config, "DescribeTable", DescribeTableBody(w.table), 30);
  if (r.status != 200) return std::nullopt;
  return ParseDescribeTable(r.body);
}

// The cost options of a run against `config`: the price list chosen by
// --seed-prices, --price-file or the built-in list for the region and table
// class, the price overrides, and the table's storage (`storage`, read after
// the run). Exits 2 when no prices can be had.
CostOptions CostOptionsOf(const Options& opts, const ClientConfig& config,
                          const std::optional<TableStorage>& described) {
  CostOptions c;
  c.request_rate = opts.cost_rate;
  try {
    std::string table_class = kStandard;
    if (opts.Given("--table-class")) {
      table_class = TableClassOf(opts.table_class);
    } else if (described && !described->table_class.empty()) {
      table_class = TableClassOf(described->table_class);
    }
    if (opts.seed_prices) {
      c.prices = SeedPrices();
    } else if (opts.Given("--price-file")) {
      c.prices = LoadPriceFile(opts.price_file, config.region, table_class);
    } else {
      c.prices = BuiltinPrices(config.region, table_class);
    }
  } catch (const PriceError& e) {
    const char* option = opts.Given("--price-file")    ? "--price-file"
                         : opts.Given("--table-class") ? "--table-class"
                                                       : "prices";
    Usage(std::string(option) + ": " + e.what());
  }
  if (opts.Given("--read-price")) {
    c.prices.read_request_unit_per_million = opts.read_price;
    c.prices.source += ", read price from --read-price";
  }
  if (opts.Given("--write-price")) {
    c.prices.write_request_unit_per_million = opts.write_price;
    c.prices.source += ", write price from --write-price";
  }
  return c;
}

void CheckPriceOptions(const Options& opts) {
  if (opts.seed_prices && opts.Given("--price-file"))
    Usage("--seed-prices and --price-file: give one of them");
  if (opts.seed_prices && opts.Given("--table-class"))
    Usage("--seed-prices and --table-class: the seed's prices are STANDARD");
}

int CommandRun(const Options& opts) {
  CheckPriceOptions(opts);
  Endpoint e = EndpointOf(opts);
  ClientConfig config = MakeConfig(opts, e);
  Workload w = WorkloadOf(opts);
  RunOptions o = RunOptionsOf(opts);
  // The prices are settled before the run, so that a wrong price option
  // costs no run.
  CostOptions cost =
      CostOptionsOf(opts, config, DescribeWorkloadTable(config, w));
  RunStats stats = RunWorkload(config, w, o);
  EndProgress(opts.quiet);
  cost.storage = DescribeWorkloadTable(config, w);
  RunMeta meta{e, &w, &o, cost};
  WriteOutputs(opts, ResultJson(stats, meta), false);
  return ExitStatus(opts, w, stats, "");
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
    std::string pid = rest.substr(comma + 5);
    std::optional<long long> v = ReadWhole(pid);
    if (!v || *v < 1 || *v > std::numeric_limits<int>::max())
      Usage("--target '" + spec + "': '" + pid + "' is not a process id");
    t.pid = static_cast<int>(*v);
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

int CommandCompare(const Options& opts) {
  CheckPriceOptions(opts);
  if (opts.Given("--endpoint") || opts.Given("--label") ||
      opts.Given("--server-pid")) {
    Usage(
        "compare takes --target NAME=URL instead of --endpoint, --label and "
        "--server-pid");
  }
  std::vector<Target> targets;
  for (const auto& spec : opts.targets) targets.push_back(ParseTarget(spec));
  int rounds = opts.rounds;
  Workload w = WorkloadOf(opts);
  RunOptions o = RunOptionsOf(opts);
  bool quiet = opts.quiet;
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
    if (opts.Given("--load-scale")) {
      LoadOptions lo;
      lo.scale = opts.load_scale;
      lo.table = w.table;
      lo.connections = o.connections;
      lo.progress = ProgressPrinter(quiet);
      try {
        LoadResult r = LoadMakeriess(MakeConfig(opts, endpoints[i]), lo);
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
      RunStats s = RunWorkload(MakeConfig(opts, endpoints[i]), w, o);
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
    const ClientConfig config = MakeConfig(opts, endpoints[i]);
    const std::optional<TableStorage> storage =
        DescribeWorkloadTable(config, w);
    CostOptions cost = CostOptionsOf(opts, config, storage);
    cost.storage = storage;
    RunMeta meta{endpoints[i], &w, &o, cost};
    results.push_back(ResultJson(totals[i], meta));
  }
  WriteOutputs(opts, CompareJson(results), true);
  int status = 0;
  for (size_t i = 0; i < targets.size(); ++i)
    status = std::max(status, ExitStatus(opts, w, totals[i], targets[i].label));
  return status;
}

int CommandWorkload(const Options& o) {
  std::printf("%s", MakeriessWorkloadYaml(
                        o.scale, o.Given("--table") ? o.table : kMakeriessTable)
                        .c_str());
  return 0;
}

// The data set `load` writes, for tests and other loaders: one item a line,
// DynamoDB JSON ({"PK":{"S":"CUSTOMER#cust_100"},...}), in generation order.
int CommandItems(const Options& o) {
  GenerateMakeriess(o.scale, [](std::string_view item) {
    std::fwrite(item.data(), 1, item.size(), stdout);
    std::fputc('\n', stdout);
  });
  if (std::fflush(stdout) != 0 || std::ferror(stdout))
    throw std::runtime_error("items: cannot write to standard output");
  return 0;
}

int CommandTrivialServer(const Options& o) {
  RunTrivialServer(o.host, o.port, o.threads, [&](int bound) {
    std::printf("trivial server listening on %s:%d\n", o.host.c_str(), bound);
    std::fflush(stdout);
  });
  return 0;
}

}  // namespace
}  // namespace dynarock::bench

int main(int argc, char** argv) {
  using namespace dynarock::bench;
  Options options;
  CLI::App app(kDescription, "dynarock-bench");
  app.formatter(std::make_shared<HelpFormatter>());
  app.get_formatter()->column_width(24);
  app.get_formatter()->label("SUBCOMMAND", "COMMAND");
  // An option given twice: the last one counts (--target: every one).
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.set_help_flag("-h,--help", "print this help and exit");
  app.set_version_flag("--version", VersionLine(),
                       "print the version and the commit built, and exit");
  app.require_subcommand(1);
  app.footer("Run 'dynarock-bench COMMAND --help' for a command's options.");
  const std::map<const CLI::App*, int (*)(const Options&)> commands = {
      {AddLoad(app, options), CommandLoad},
      {AddRun(app, options), CommandRun},
      {AddCompare(app, options), CommandCompare},
      {AddWorkload(app, options), CommandWorkload},
      {AddItems(app, options), CommandItems},
      {AddTrivialServer(app, options), CommandTrivialServer},
  };

  std::vector<std::string> args = CommandLine(app, argc, argv);
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    std::printf("%s", app.help().c_str());
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::printf("%s\n", VersionLine().c_str());
    return 0;
  } catch (const CLI::ParseError& e) {
    if (app.get_subcommands().empty()) {
      if (argc < 2) Usage("a command is required");
      Usage("unknown command '" + std::string(argv[1]) + "'");
    }
    if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr)
      Usage("unknown option '" + app.remaining(true).front() + "'");
    Usage(e.what());
  }
  if (app.get_subcommands().empty()) Usage("a command is required");
  options.command = app.get_subcommands().front();

  signal(SIGPIPE, SIG_IGN);
  try {
    return commands.at(options.command)(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dynarock-bench: %s\n", e.what());
    return 1;
  }
}
