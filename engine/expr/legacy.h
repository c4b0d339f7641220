// The legacy conditional parameters (Expected with ConditionalOperator,
// QueryFilter, ScanFilter, AttributeUpdates), turned into the equivalent
// expression with its own placeholders, so that one evaluator serves both.
// Internal to engine/.
#ifndef DYNAROCK_ENGINE_EXPR_LEGACY_H_
#define DYNAROCK_ENGINE_EXPR_LEGACY_H_

#include <optional>
#include <string>
#include <vector>

#include "engine/requests.h"
#include "engine/status.h"

namespace dynarock {

// An expression and the placeholder maps it uses.
struct LegacyExpression {
  std::string text;
  AttributeNames names;
  AttributeValues values;
};

// Expected -> ConditionExpression. Validates each entry with the service's
// messages. Values must already be validated (ValidateValue).
Result<LegacyExpression> ExpectedToCondition(
    const ExpectedMap& expected, std::optional<ConditionalOperator> op);

// QueryFilter / ScanFilter -> FilterExpression.
Result<LegacyExpression> ConditionsToFilter(
    const Conditions& conditions, std::optional<ConditionalOperator> op);

// AttributeUpdates -> UpdateExpression (empty text when there is nothing to
// update).
Result<LegacyExpression> AttributeUpdatesToUpdate(
    const AttributeUpdates& updates);

// One legacy Condition's operator and values, with the legacy API's
// messages: the number of values, their types, one type for BETWEEN and IN,
// BETWEEN's bounds in order. Used for KeyConditions too.
Status ValidateLegacyCondition(ComparisonOperator op,
                               const std::vector<AttributeValue>& args);

const char* ComparisonOperatorName(ComparisonOperator op);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_EXPR_LEGACY_H_
