// Status and Result<T>: how every engine operation reports failure.
//
// A Status is either OK or carries a DynamoDB error type and the exact message
// the service would send. Where the service returns data with an error (the
// old item of a failed conditional write, a cancelled transaction's
// reasons), the Status carries it too. The type is an enum that travels
// with the Status from the engine to the wire; nothing ever reads it back
// out of the message, which is text for people.
//
// An OK Status is one null pointer: returning it costs what returning a
// pointer costs. A failure keeps its type, message and data out of line.
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
  kDuplicateItemException,  // PartiQL INSERT of an existing item
  // The Streams API's.
  kExpiredIteratorException,
  kTrimmedDataAccessException,
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
      : rep_(type == ErrorType::kOk ? nullptr
                                    : std::make_unique<Rep>(Rep{
                                          type, std::move(message), {}, {}})) {}
  Status(const Status& other)
      : rep_(other.rep_ ? std::make_unique<Rep>(*other.rep_) : nullptr) {}
  Status& operator=(const Status& other) {
    if (this != &other)
      rep_ = other.rep_ ? std::make_unique<Rep>(*other.rep_) : nullptr;
    return *this;
  }
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

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

  bool ok() const { return rep_ == nullptr; }
  ErrorType type() const { return rep_ ? rep_->type : ErrorType::kOk; }
  // Empty for OK. Valid as long as the Status is.
  const std::string& message() const {
    return rep_ ? rep_->message : EmptyString();
  }

  // The item returned with ConditionalCheckFailedException when the request
  // asked for ReturnValuesOnConditionCheckFailure=ALL_OLD. Only a failure
  // carries one.
  const std::optional<Item>& item() const {
    return rep_ ? rep_->item : NoItem();
  }
  Status& set_item(Item item) {
    assert(rep_ != nullptr);
    rep_->item = std::move(item);
    return *this;
  }

  // The reasons of a TransactionCanceledException, one per action in order.
  const std::vector<CancellationReason>& cancellation_reasons() const {
    return rep_ ? rep_->cancellation_reasons : NoReasons();
  }
  Status& set_cancellation_reasons(std::vector<CancellationReason> reasons) {
    assert(rep_ != nullptr);
    rep_->cancellation_reasons = std::move(reasons);
    return *this;
  }

  // Marks a Status as deliberately ignored; grep for it.
  void IgnoreError() const {}

 private:
  struct Rep {
    ErrorType type;
    std::string message;
    std::optional<Item> item;
    std::vector<CancellationReason> cancellation_reasons;
  };
  static const std::string& EmptyString();
  static const std::optional<Item>& NoItem();
  static const std::vector<CancellationReason>& NoReasons();

  std::unique_ptr<Rep> rep_;  // null when OK
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
  const Status& status() const& { return status_; }
  Status status() && { return std::move(status_); }
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

#define DYNAROCK_CONCAT_INNER_(a, b) a##b
#define DYNAROCK_CONCAT_(a, b) DYNAROCK_CONCAT_INNER_(a, b)

// Returns the Status of `expr` from the calling function when it fails.
#define DYNAROCK_RETURN_IF_ERROR(expr)                   \
  do {                                                   \
    ::dynarock::Status dynarock_status_ = (expr);        \
    if (!dynarock_status_.ok()) return dynarock_status_; \
  } while (0)

// Evaluates `rexpr`, a Result<T>: on failure returns its Status from the
// calling function, otherwise moves its value into `lhs`, which may declare
// a variable ("auto table"). One statement: do not put it where a single
// statement is expected without braces.
#define DYNAROCK_ASSIGN_OR_RETURN(lhs, rexpr) \
  DYNAROCK_ASSIGN_OR_RETURN_IMPL_(            \
      DYNAROCK_CONCAT_(dynarock_result_, __LINE__), lhs, rexpr)
#define DYNAROCK_ASSIGN_OR_RETURN_IMPL_(result, lhs, rexpr) \
  auto result = (rexpr);                                    \
  if (!result.ok()) return std::move(result).status();      \
  lhs = std::move(result).value()

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_STATUS_H_
