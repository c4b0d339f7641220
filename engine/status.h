// Status and Result<T>: how every engine operation reports failure.
//
// A Status is either OK or carries a DynamoDB error type and the exact message
// the service would send. Where the service returns data with an error (the
// old item of a failed conditional write), the Status carries it too.
//
// Status and Result are values: copy and move them freely. They are not
// synchronized; share one between threads only read-only.
#ifndef DYNAROCK_ENGINE_STATUS_H_
#define DYNAROCK_ENGINE_STATUS_H_

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/attribute_value.h"

namespace dynarock {

// The service's error types. The wire layer maps each to its `__type` prefix
// and HTTP status (wire/errors.cc).
enum class ErrorType {
  kOk = 0,
  kValidationException,
  kSerializationException,
  kResourceNotFoundException,
  kResourceInUseException,
  kConditionalCheckFailedException,
  kUnknownOperationException,
  kMissingAuthenticationTokenException,
  kInternalServerError,
  kLimitExceededException,
  kTransactionConflictException,
  kTransactionCanceledException,
  kTransactionInProgressException,
  kIdempotentParameterMismatchException,
  kItemCollectionSizeLimitExceededException,
  kProvisionedThroughputExceededException,
  kRequestLimitExceeded,
  kTableNotFoundException,
  kContinuousBackupsUnavailableException,
  kAccessDeniedException,
  kUnrecognizedClientException,
  kIncompleteSignatureException,
  kRequestEntityTooLarge,
};

// One action's outcome in a cancelled transaction (TransactionCanceledException
// CancellationReasons): Code "None", "ConditionalCheckFailed",
// "TransactionConflict", "ValidationError", with a message and, when asked
// for, the item.
struct CancellationReason {
  std::string code = "None";
  std::optional<std::string> message;
  std::optional<Item> item;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorType type, std::string message)
      : type_(type), message_(std::move(message)) {}

  static Status OK() { return Status(); }
  static Status Validation(std::string message) {
    return Status(ErrorType::kValidationException, std::move(message));
  }
  static Status NotFound(std::string message) {
    return Status(ErrorType::kResourceNotFoundException, std::move(message));
  }
  static Status InUse(std::string message) {
    return Status(ErrorType::kResourceInUseException, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(ErrorType::kInternalServerError, std::move(message));
  }

  bool ok() const { return type_ == ErrorType::kOk; }
  ErrorType type() const { return type_; }
  const std::string& message() const { return message_; }

  // The item returned with ConditionalCheckFailedException when the request
  // asked for ReturnValuesOnConditionCheckFailure=ALL_OLD.
  const std::optional<Item>& item() const { return item_; }
  Status& set_item(Item item) {
    item_ = std::move(item);
    return *this;
  }

  // The reasons of a TransactionCanceledException, one per action in order.
  const std::vector<CancellationReason>& cancellation_reasons() const {
    return cancellation_reasons_;
  }
  Status& set_cancellation_reasons(std::vector<CancellationReason> reasons) {
    cancellation_reasons_ = std::move(reasons);
    return *this;
  }

  // Marks a Status as deliberately ignored; grep for it.
  void IgnoreError() const {}

 private:
  ErrorType type_ = ErrorType::kOk;
  std::string message_;
  std::optional<Item> item_;
  std::vector<CancellationReason> cancellation_reasons_;
};

// A value or a failure Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok());
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

#define DYNAROCK_RETURN_IF_ERROR(expr) \
  do {                                 \
    ::dynarock::Status _st = (expr);   \
    if (!_st.ok()) return _st;         \
  } while (0)

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_STATUS_H_
