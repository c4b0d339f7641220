#include "wire/errors.h"

#include "wire/json_value.h"
#include "wire/json_writer.h"

namespace dynarock {
namespace {

struct ErrorInfo {
  ErrorType type;
  const char* name;
  // The namespace the service puts before the name in `__type`.
  const char* prefix;
  int status;
};

constexpr char kCoralService[] = "com.amazon.coral.service#";
constexpr char kCoralValidate[] = "com.amazon.coral.validate#";
constexpr char kDynamo[] = "com.amazonaws.dynamodb.v20120810#";

constexpr ErrorInfo kErrors[] = {
    {ErrorType::kValidationException, "ValidationException", kCoralValidate,
     400},
    {ErrorType::kSerializationException, "SerializationException",
     kCoralService, 400},
    {ErrorType::kResourceNotFoundException, "ResourceNotFoundException",
     kDynamo, 400},
    {ErrorType::kResourceInUseException, "ResourceInUseException", kDynamo,
     400},
    {ErrorType::kConditionalCheckFailedException,
     "ConditionalCheckFailedException", kDynamo, 400},
    {ErrorType::kUnknownOperationException, "UnknownOperationException",
     kCoralService, 400},
    {ErrorType::kMissingAuthenticationTokenException,
     "MissingAuthenticationTokenException", kCoralService, 400},
    {ErrorType::kInternalServerError, "InternalServerError", kDynamo, 500},
    {ErrorType::kLimitExceededException, "LimitExceededException", kDynamo,
     400},
    {ErrorType::kTransactionConflictException, "TransactionConflictException",
     kDynamo, 400},
    {ErrorType::kTransactionInProgressException,
     "TransactionInProgressException", kDynamo, 400},
    {ErrorType::kTransactionCanceledException, "TransactionCanceledException",
     kDynamo, 400},
    {ErrorType::kIdempotentParameterMismatchException,
     "IdempotentParameterMismatchException", kDynamo, 400},
    {ErrorType::kItemCollectionSizeLimitExceededException,
     "ItemCollectionSizeLimitExceededException", kDynamo, 400},
    {ErrorType::kProvisionedThroughputExceededException,
     "ProvisionedThroughputExceededException", kDynamo, 400},
    {ErrorType::kRequestLimitExceeded, "RequestLimitExceeded", kDynamo, 400},
    {ErrorType::kTableNotFoundException, "TableNotFoundException", kDynamo,
     400},
    {ErrorType::kContinuousBackupsUnavailableException,
     "ContinuousBackupsUnavailableException", kDynamo, 400},
    {ErrorType::kAccessDeniedException, "AccessDeniedException", kCoralService,
     400},
    {ErrorType::kUnrecognizedClientException, "UnrecognizedClientException",
     kCoralService, 400},
    {ErrorType::kIncompleteSignatureException, "IncompleteSignatureException",
     kCoralService, 400},
    {ErrorType::kRequestEntityTooLarge, "RequestEntityTooLarge", kCoralService,
     413},
    {ErrorType::kDuplicateItemException, "DuplicateItemException", kDynamo,
     400},
    {ErrorType::kExpiredIteratorException, "ExpiredIteratorException", kDynamo,
     400},
    {ErrorType::kTrimmedDataAccessException, "TrimmedDataAccessException",
     kDynamo, 400},
};

const ErrorInfo& Info(ErrorType type) {
  for (const auto& e : kErrors) {
    if (e.type == type) return e;
  }
  // Every ErrorType has a row; an unknown one renders as the service's 500.
  return Info(ErrorType::kInternalServerError);
}

}  // namespace

int HttpStatusOf(ErrorType type) { return Info(type).status; }

std::string_view ErrorTypeName(ErrorType type) { return Info(type).name; }

std::string_view ErrorTypeId(ErrorType type) {
  // Built once: prefix + name for each entry.
  static const auto* ids = [] {
    auto* v = new std::vector<std::pair<ErrorType, std::string>>();
    for (const auto& e : kErrors)
      v->emplace_back(e.type, std::string(e.prefix) + e.name);
    return v;
  }();
  for (const auto& [t, id] : *ids) {
    if (t == type) return id;
  }
  return ErrorTypeId(ErrorType::kInternalServerError);
}

void RenderError(const Status& status, std::string* out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("__type");
  w.String(ErrorTypeId(status.type()));
  // Some errors come without a message (UnknownOperationException, a body
  // that is not JSON); TransactionCanceledException and
  // SerializationException spell the member with a capital M.
  if (!status.message().empty()) {
    bool capital = status.type() == ErrorType::kTransactionCanceledException ||
                   status.type() == ErrorType::kSerializationException;
    w.Key(capital ? "Message" : "message");
    w.String(status.message());
  }
  if (status.item()) {
    w.Key("Item");
    WriteItem(*status.item(), &w);
  }
  if (!status.cancellation_reasons().empty()) {
    w.Key("CancellationReasons");
    w.BeginArray();
    for (const auto& r : status.cancellation_reasons()) {
      w.BeginObject();
      if (r.item) {
        w.Key("Item");
        WriteItem(*r.item, &w);
      }
      w.Key("Code");
      w.String(r.code);
      if (r.message) {
        w.Key("Message");
        w.String(*r.message);
      }
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace dynarock
