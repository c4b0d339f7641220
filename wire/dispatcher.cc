#include "wire/dispatcher.h"

#include <zlib.h>

#include <exception>
#include <iostream>
#include <random>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "wire/errors.h"
#include "wire/ops/ops.h"

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

// The service's other operations (its API Reference), which dynarock does
// not serve: answered UnknownOperationException, as the service answers a
// name it does not know, but with a message saying what is missing.
constexpr std::string_view kNotServed[] = {
    "CreateBackup",
    "CreateGlobalTable",
    "DeleteBackup",
    "DeleteResourcePolicy",
    "DescribeBackup",
    "DescribeContributorInsights",
    "DescribeExport",
    "DescribeGlobalTable",
    "DescribeGlobalTableSettings",
    "DescribeImport",
    "DescribeKinesisStreamingDestination",
    "DescribeTableReplicaAutoScaling",
    "DisableKinesisStreamingDestination",
    "EnableKinesisStreamingDestination",
    "ExportTableToPointInTime",
    "GetResourcePolicy",
    "ImportTable",
    "ListBackups",
    "ListContributorInsights",
    "ListExports",
    "ListGlobalTables",
    "ListImports",
    "PutResourcePolicy",
    "RestoreTableFromBackup",
    "RestoreTableToPointInTime",
    "UpdateContributorInsights",
    "UpdateGlobalTable",
    "UpdateGlobalTableSettings",
    "UpdateKinesisStreamingDestination",
    "UpdateTableReplicaAutoScaling",
};

// The message for a target that is not served: empty for a name the
// service does not know either (it sends none).
std::string NotServedMessage(std::string_view target) {
  if (target.substr(0, kTargetPrefix.size()) != kTargetPrefix) return "";
  std::string_view op = target.substr(kTargetPrefix.size());
  for (std::string_view name : kNotServed) {
    if (name == op) {
      return "dynarock does not implement the DynamoDB operation " +
             std::string(op);
    }
  }
  return "";
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

void Finish(WireResponse* r) {
  r->crc32 = static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(r->body.data()),
            static_cast<uInt>(r->body.size())));
}

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

Dispatcher::Dispatcher(Engine* engine) : engine_(engine) {}

WireResponse Dispatcher::ErrorResponse(ErrorType type,
                                       std::string_view message) {
  return FromStatus(Status(type, std::string(message)), NewRequestId());
}

WireResponse Dispatcher::Handle(const WireRequest& request) const {
  std::string request_id = NewRequestId();
  // The service resolves the operation before it looks at credentials.
  OpHandler handler = FindOp(request.target);
  if (!handler) {
    return FromStatus(Status(ErrorType::kUnknownOperationException,
                             NotServedMessage(request.target)),
                      std::move(request_id));
  }
  // Then the body must be JSON, then the request must be signed.
  if (TooDeep(request.body)) {
    return FromStatus(
        Status::Validation("Nesting Levels have exceeded supported limits"),
        std::move(request_id));
  }
  nlohmann::json body =
      nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return FromStatus(Status(ErrorType::kSerializationException, ""),
                      std::move(request_id));
  }
  Status auth = CheckAuthorization(request.authorization);
  if (!auth.ok()) return FromStatus(auth, std::move(request_id));
  RequestContext ctx;
  ctx.region = RegionOf(request.authorization);
  ctx.host = std::string(request.host);
  WireResponse r;
  Status st;
  try {
    st = handler(*engine_, ctx, body, &r.body);
  } catch (const std::exception& e) {
    // Nothing should throw; if something does, the client gets the
    // service's 500 and the server goes on.
    std::cerr << "dynarock: error in " << request.target << ": " << e.what()
              << std::endl;
    st = Status::Internal("Internal server error");
  }
  if (!st.ok()) return FromStatus(st, std::move(request_id));
  r.request_id = std::move(request_id);
  Finish(&r);
  return r;
}

}  // namespace dynarock
