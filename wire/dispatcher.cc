#include "wire/dispatcher.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <iostream>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/capacity_meter.h"
#include "engine/engine.h"
#include "wire/crc32.h"
#include "wire/errors.h"
#include "wire/ops/ops.h"
#include "wire/request_log.h"
#include "wire/request_reader.h"

namespace dynarock {
namespace {

constexpr std::string_view kTargetPrefix = "DynamoDB_20120810.";
constexpr std::string_view kStreamsTargetPrefix = "DynamoDBStreams_20120810.";

struct OpEntry {
  std::string_view name;
  OpHandler handler;
};

// One row per operation. A target not in this table answers
// UnknownOperationException.
constexpr OpEntry kOps[] = {
    {"CreateTable", &HandleCreateTable},
    {"DescribeTable", &HandleDescribeTable},
    {"UpdateTable", &HandleUpdateTable},
    {"DeleteTable", &HandleDeleteTable},
    {"ListTables", &HandleListTables},
    {"TagResource", &HandleTagResource},
    {"UntagResource", &HandleUntagResource},
    {"ListTagsOfResource", &HandleListTagsOfResource},
    {"UpdateContinuousBackups", &HandleUpdateContinuousBackups},
    {"DescribeContinuousBackups", &HandleDescribeContinuousBackups},
    {"UpdateTimeToLive", &HandleUpdateTimeToLive},
    {"DescribeTimeToLive", &HandleDescribeTimeToLive},
    {"DescribeEndpoints", &HandleDescribeEndpoints},
    {"DescribeLimits", &HandleDescribeLimits},
    {"PutItem", &HandlePutItem},
    {"GetItem", &HandleGetItem},
    {"DeleteItem", &HandleDeleteItem},
    {"UpdateItem", &HandleUpdateItem},
    {"BatchWriteItem", &HandleBatchWriteItem},
    {"BatchGetItem", &HandleBatchGetItem},
    {"TransactWriteItems", &HandleTransactWriteItems},
    {"TransactGetItems", &HandleTransactGetItems},
    {"Query", &HandleQuery},
    {"Scan", &HandleScan},
    {"ExecuteStatement", &HandleExecuteStatement},
    {"BatchExecuteStatement", &HandleBatchExecuteStatement},
    {"ExecuteTransaction", &HandleExecuteTransaction},
};

// The Streams API, on the same endpoint.
constexpr OpEntry kStreamOps[] = {
    {"ListStreams", &HandleListStreams},
    {"DescribeStream", &HandleDescribeStream},
    {"GetShardIterator", &HandleGetShardIterator},
    {"GetRecords", &HandleGetRecords},
};

// The service's operations (its API Reference), served here or not.
constexpr std::string_view kServiceOperations[] = {
    "BatchExecuteStatement",
    "BatchGetItem",
    "BatchWriteItem",
    "CreateBackup",
    "CreateGlobalTable",
    "CreateTable",
    "DeleteBackup",
    "DeleteItem",
    "DeleteResourcePolicy",
    "DeleteTable",
    "DescribeBackup",
    "DescribeContinuousBackups",
    "DescribeContributorInsights",
    "DescribeEndpoints",
    "DescribeExport",
    "DescribeGlobalTable",
    "DescribeGlobalTableSettings",
    "DescribeImport",
    "DescribeKinesisStreamingDestination",
    "DescribeLimits",
    "DescribeTable",
    "DescribeTableReplicaAutoScaling",
    "DescribeTimeToLive",
    "DisableKinesisStreamingDestination",
    "EnableKinesisStreamingDestination",
    "ExecuteStatement",
    "ExecuteTransaction",
    "ExportTableToPointInTime",
    "GetItem",
    "GetResourcePolicy",
    "ImportTable",
    "ListBackups",
    "ListContributorInsights",
    "ListExports",
    "ListGlobalTables",
    "ListImports",
    "ListTables",
    "ListTagsOfResource",
    "PutItem",
    "PutResourcePolicy",
    "Query",
    "RestoreTableFromBackup",
    "RestoreTableToPointInTime",
    "Scan",
    "TagResource",
    "TransactGetItems",
    "TransactWriteItems",
    "UntagResource",
    "UpdateContinuousBackups",
    "UpdateContributorInsights",
    "UpdateGlobalTable",
    "UpdateGlobalTableSettings",
    "UpdateItem",
    "UpdateKinesisStreamingDestination",
    "UpdateTable",
    "UpdateTableReplicaAutoScaling",
    "UpdateTimeToLive",
};

// The message for a target that is not served: for one of the service's
// operations, one saying dynarock does not implement it; empty for a name
// the service does not know either (it sends no message).
std::string NotServedMessage(std::string_view target) {
  if (target.substr(0, kTargetPrefix.size()) != kTargetPrefix) return "";
  std::string_view op = target.substr(kTargetPrefix.size());
  if (!IsServiceOperation(op)) return "";
  return "dynarock does not implement the DynamoDB operation " +
         std::string(op);
}

template <size_t N>
OpHandler FindIn(const OpEntry (&ops)[N], std::string_view prefix,
                 std::string_view target) {
  if (target.substr(0, prefix.size()) != prefix) return nullptr;
  std::string_view op = target.substr(prefix.size());
  for (const auto& e : ops) {
    if (e.name == op) return e.handler;
  }
  return nullptr;
}

OpHandler FindOp(std::string_view target) {
  if (OpHandler h = FindIn(kOps, kTargetPrefix, target)) return h;
  return FindIn(kStreamOps, kStreamsTargetPrefix, target);
}

// The region of a SigV4 credential scope:
// "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request,
// ...".
std::string RegionOf(std::string_view authorization) {
  size_t p = authorization.find("Credential=");
  if (p == std::string_view::npos) return "us-east-1";
  std::string_view scope = authorization.substr(p + 11);
  for (int i = 0; i < 2; ++i) {
    size_t slash = scope.find('/');
    if (slash == std::string_view::npos) return "us-east-1";
    scope.remove_prefix(slash + 1);
  }
  size_t end = scope.find('/');
  std::string_view region = scope.substr(0, end);
  if (region.empty() || end == std::string_view::npos) return "us-east-1";
  return std::string(region);
}

// The service accepts any credentials, but the request must carry a SigV4
// Authorization header with its three parameters.
Status CheckAuthorization(std::string_view auth) {
  constexpr std::string_view kScheme = "AWS4-HMAC-SHA256 ";
  if (auth.substr(0, kScheme.size()) != kScheme) {
    return Status(ErrorType::kMissingAuthenticationTokenException,
                  "Request is missing Authentication Token");
  }
  std::string missing;
  for (const char* param : {"Credential", "Signature", "SignedHeaders"}) {
    if (auth.find(std::string(param) + "=") == std::string_view::npos) {
      missing += "Authorization header requires '" + std::string(param) +
                 "' parameter. ";
    }
  }
  if (missing.empty()) return Status::OK();
  return Status(ErrorType::kIncompleteSignatureException,
                missing + "Authorization=" + std::string(auth));
}

// Nesting deeper than this is refused before parsing, so that a hostile
// body cannot exhaust the parser's stack. Items may nest 32 levels, which
// in JSON is about 70; anything valid stays far below the bound.
constexpr int kMaxJsonDepth = 200;

bool TooDeep(std::string_view body) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

void Finish(WireResponse* r) { r->crc32 = Crc32(r->body); }

WireResponse FromStatus(const Status& status, std::string request_id) {
  WireResponse r;
  r.status = HttpStatusOf(status.type());
  RenderError(status, &r.body);
  r.request_id = std::move(request_id);
  Finish(&r);
  return r;
}

}  // namespace

std::string NewRequestId() {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  thread_local std::mt19937_64 rng(std::random_device{}());
  std::string id(52, 'A');
  uint64_t bits = 0;
  for (size_t i = 0; i < id.size(); ++i) {
    if (i % 10 == 0) bits = rng();
    id[i] = kChars[bits % 36];
    bits /= 36;
  }
  return id;
}

bool IsServiceOperation(std::string_view name) {
  for (std::string_view op : kServiceOperations) {
    if (op == name) return true;
  }
  return false;
}

const std::string_view* ServiceOperations(size_t* count) {
  *count = std::size(kServiceOperations);
  return kServiceOperations;
}

Dispatcher::Dispatcher(Engine* engine, RequestLog* log)
    : engine_(engine), log_(log) {}

struct Dispatcher::LogFields {
  std::string table, index;
  ErrorType error = ErrorType::kOk;
};

namespace {

// The tables a request names: TableName, RequestItems' keys, or the
// TableNames of TransactItems' actions; joined with ",", in order, once.
void TablesOf(const nlohmann::json& body, std::string* tables,
              std::string* index) {
  std::vector<std::string> names;
  auto add = [&](const nlohmann::json& name) {
    if (!name.is_string()) return;
    const std::string& n = name.get_ref<const std::string&>();
    if (std::find(names.begin(), names.end(), n) == names.end())
      names.push_back(n);
  };
  if (auto it = body.find("TableName"); it != body.end()) add(*it);
  if (auto it = body.find("RequestItems");
      it != body.end() && it->is_object()) {
    for (auto t = it->begin(); t != it->end(); ++t) add(t.key());
  }
  if (auto it = body.find("TransactItems");
      it != body.end() && it->is_array()) {
    for (const auto& action : *it) {
      if (!action.is_object()) continue;
      for (const auto& [kind, a] : action.items()) {
        if (a.is_object())
          if (auto n = a.find("TableName"); n != a.end()) add(*n);
      }
    }
  }
  for (const auto& n : names) *tables += (tables->empty() ? "" : ",") + n;
  if (auto it = body.find("IndexName"); it != body.end() && it->is_string())
    *index = it->get<std::string>();
}

}  // namespace

WireResponse Dispatcher::ErrorResponse(ErrorType type,
                                       std::string_view message) {
  return FromStatus(Status(type, std::string(message)), NewRequestId());
}

WireResponse Dispatcher::Handle(const WireRequest& request,
                                std::string buffer) const {
  if (!log_) return HandleRequest(request, std::move(buffer), nullptr);
  const auto now = std::chrono::system_clock::now();
  const auto start = std::chrono::steady_clock::now();
  LogFields fields;
  CapacityMeter meter;
  WireResponse r = HandleRequest(request, std::move(buffer), &fields);
  RequestLogEntry e;
  e.time = now;
  std::string_view op = request.target;
  if (size_t dot = op.find('.'); dot != std::string_view::npos)
    op.remove_prefix(dot + 1);
  e.operation = op.empty() ? std::string_view("-") : op;
  e.table = std::move(fields.table);
  e.index = std::move(fields.index);
  e.status = r.status;
  if (fields.error != ErrorType::kOk) e.error = ErrorTypeName(fields.error);
  if (meter.charged()) e.capacity = meter.units();
  e.latency_ms = std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - start)
                     .count();
  log_->Write(e);
  return r;
}

WireResponse Dispatcher::HandleRequest(const WireRequest& request,
                                       std::string buffer,
                                       LogFields* fields) const {
  std::string request_id = NewRequestId();
  // Every failure goes through here, for the log.
  auto fail = [&](const Status& st) {
    if (fields) fields->error = st.type();
    return FromStatus(st, std::move(request_id));
  };
  // The service resolves the operation before it looks at credentials.
  OpHandler handler = FindOp(request.target);
  if (!handler) {
    return fail(Status(ErrorType::kUnknownOperationException,
                       NotServedMessage(request.target)));
  }
  // Once the body is read: the request must be signed, then `call`
  // answers it into the response's body.
  auto answer = [&](const auto& call) {
    Status auth = CheckAuthorization(request.authorization);
    if (!auth.ok()) return fail(auth);
    RequestContext ctx;
    ctx.region = RegionOf(request.authorization);
    ctx.host = std::string(request.host);
    WireResponse r;
    r.body = std::move(buffer);
    r.body.clear();
    Status st;
    try {
      st = call(ctx, &r.body);
    } catch (const std::exception& e) {
      // Nothing should throw; if something does, the client gets the
      // service's 500 and the server goes on.
      std::cerr << "dynarock: error in " << request.target << ": " << e.what()
                << std::endl;
      st = Status::Internal("Internal server error");
    }
    if (!st.ok()) return fail(st);
    r.request_id = std::move(request_id);
    Finish(&r);
    return r;
  };
  // Writes of items in the common shape are read straight into the
  // engine's request (wire/request_reader.h). Every other body, valid or
  // not, goes through its JSON document below.
  const std::string_view op =
      request.target.substr(0, kTargetPrefix.size()) == kTargetPrefix
          ? request.target.substr(kTargetPrefix.size())
          : std::string_view();
  if (op == "PutItem") {
    PutItemRequest req;
    if (ReadPutItemRequest(request.body, &req)) {
      if (fields) fields->table = req.table_name;
      return answer([&](const RequestContext& ctx, std::string* out) {
        return RunPutItem(*engine_, ctx, std::move(req), out);
      });
    }
  } else if (op == "BatchWriteItem") {
    BatchWriteItemRequest req;
    if (ReadBatchWriteItemRequest(request.body, &req)) {
      if (fields) {
        // By name, once each: as TablesOf lists them.
        for (const auto& [table, writes] : req.request_items)
          fields->table += (fields->table.empty() ? "" : ",") + table;
      }
      return answer([&](const RequestContext& ctx, std::string* out) {
        return RunBatchWriteItem(*engine_, ctx, std::move(req), out);
      });
    }
  }
  // Then the body must be JSON, then the request must be signed.
  if (TooDeep(request.body)) {
    return fail(
        Status::Validation("Nesting Levels have exceeded supported limits"));
  }
  nlohmann::json body =
      nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return fail(Status(ErrorType::kSerializationException, ""));
  }
  if (fields) TablesOf(body, &fields->table, &fields->index);
  return answer([&](const RequestContext& ctx, std::string* out) {
    return handler(*engine_, ctx, body, out);
  });
}

}  // namespace dynarock
