// Parsers for the members that item, query and scan requests share
// (TableName, ReturnConsumedCapacity, ExpressionAttributeNames/Values, the
// legacy conditions, ...). Each checks shapes and constraints through the
// Shape and returns the typed value. Internal to wire/.
#ifndef DYNAROCK_WIRE_OPS_REQUEST_SHAPES_H_
#define DYNAROCK_WIRE_OPS_REQUEST_SHAPES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/requests.h"
#include "engine/status.h"
#include "wire/ops/java_dump.h"
#include "wire/shape.h"

namespace dynarock {

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

// A list member of 1 to `max` entries (TransactItems, Statements, ...),
// each given to `each` with its JSON and its path ("transactItems.1.member"),
// `each` parsing it into `parsed`. A list of the wrong length is echoed:
// "[]", or its members as the service's model prints them (known once they
// are parsed; the message keeps its place among the others).
template <typename Parsed, typename Each>
Status ForEachListMember(Shape& s, ShapeErrors* errors, std::string_view member,
                         size_t max, const std::vector<Parsed>& parsed,
                         Each each) {
  nlohmann::json* list = s.List(member);
  s.Required(member, list != nullptr);
  if (!list) return Status::OK();
  const std::string path = s.PathOf(member);
  const bool too_long = list->size() > max;
  const size_t at = errors->count();
  if (list->empty()) {
    errors->Add("Value '[]' at '" + path +
                "' failed to satisfy constraint: Member must have length "
                "greater than or equal to 1");
  } else if (too_long) {
    errors->Add("");
  }
  for (size_t i = 0; i < list->size(); ++i) {
    DYNAROCK_RETURN_IF_ERROR(
        each((*list)[i], path + "." + std::to_string(i + 1) + ".member"));
  }
  if (too_long) {
    errors->Set(at, "Value '" + JavaDumpList(parsed) + "' at '" + path +
                        "' failed to satisfy constraint: Member must have "
                        "length less than or equal to " +
                        std::to_string(max));
  }
  return Status::OK();
}

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_OPS_REQUEST_SHAPES_H_
