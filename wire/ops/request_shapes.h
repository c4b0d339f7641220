// Parsers for the members that item, query and scan requests share
// (TableName, ReturnConsumedCapacity, ExpressionAttributeNames/Values, the
// legacy conditions, ...). Each checks shapes and constraints through the
// Shape and returns the typed value. Internal to wire/.
#ifndef DYNAROCK_WIRE_OPS_REQUEST_SHAPES_H_
#define DYNAROCK_WIRE_OPS_REQUEST_SHAPES_H_

#include <optional>
#include <string>
#include <vector>

#include "engine/requests.h"
#include "engine/status.h"

namespace dynarock {

class Shape;

// TableName of an operation on items: a name (1-255 characters of the
// name pattern) or a table ARN (up to 1024 characters).
std::string ItemTableNameOf(Shape& s);
ReturnValues ReturnValuesOf(Shape& s, const char* member);
ReturnValues ReturnValuesOnFailureOf(Shape& s);
ReturnConsumedCapacity ReturnConsumedCapacityOf(Shape& s);
ReturnItemCollectionMetrics ReturnItemCollectionMetricsOf(Shape& s);
std::optional<AttributeNames> NamesOf(Shape& s);
Status ValuesOf(Shape& s, std::optional<AttributeValues>* out);
// An attribute map member (Item, Key, ExclusiveStartKey). A bad
// AttributeValue is reported at once, as the service stops at the first.
Status ItemOf(Shape& s, const char* member, std::optional<Item>* out);
// The same, for a member that must be present (Item, Key).
Status RequiredItemOf(Shape& s, const char* member, Item* out);
std::optional<std::vector<std::string>> StringListOf(Shape& s,
                                                     const char* member);
std::optional<ConditionalOperator> ConditionalOperatorOf(Shape& s);
// KeyConditions, QueryFilter, ScanFilter.
Status ConditionsOf(Shape& s, const char* member,
                    std::optional<Conditions>* out);
Status ExpectedOf(Shape& s, std::optional<ExpectedMap>* out);
Status AttributeUpdatesOf(Shape& s, std::optional<AttributeUpdates>* out);

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_OPS_REQUEST_SHAPES_H_
