// AttributeValue <-> DynamoDB JSON ({"S": "x"}, {"N": "1"}, {"B": base64},
// ...). Parsing checks the shape and reports the service's errors;
// rendering appends straight to the response text.
#ifndef DYNAROCK_WIRE_JSON_VALUE_H_
#define DYNAROCK_WIRE_JSON_VALUE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/attribute_value.h"
#include "engine/status.h"

namespace dynarock {

class JsonWriter;
struct ConsumedCapacity;
struct ItemCollectionMetrics;

// Parses one attribute value; moves strings out of j.
Status ParseAttributeValue(nlohmann::json& j, AttributeValue* out);
// Parses an attribute map ({"name": {"S": "x"}, ...}).
Status ParseItem(nlohmann::json& j, Item* out);

void WriteAttributeValue(const AttributeValue& v, JsonWriter* w);
void WriteItem(const Item& item, JsonWriter* w);
// Writes an item from its stored encoding (engine/item_codec.h), as
// WriteItem writes the decoded item. False on malformed input.
bool WriteEncodedItem(std::string_view encoded, JsonWriter* w);

// {"TableName": ..., "CapacityUnits": ..., "Table": ...,
// "GlobalSecondaryIndexes": ...}
void WriteConsumedCapacity(const ConsumedCapacity& cc, JsonWriter* w);
// {"ItemCollectionKey": ..., "SizeEstimateRangeGB": [low, high]}
void WriteCollectionMetrics(const ItemCollectionMetrics& m, JsonWriter* w);
// "ConsumedCapacity": [...] of multi-table operations (nothing when absent).
void WriteCapacityList(const std::optional<std::vector<ConsumedCapacity>>& list,
                       JsonWriter* w);
// "ItemCollectionMetrics": {"table": [...]} (nothing when empty).
void WriteCollectionMetricsByTable(
    const std::map<std::string, std::vector<ItemCollectionMetrics>>& metrics,
    JsonWriter* w);

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_JSON_VALUE_H_
