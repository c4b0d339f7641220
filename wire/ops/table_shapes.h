// Parsing and rendering of the table structures that CreateTable,
// UpdateTable and DescribeTable share. Internal to wire/.
#ifndef DYNAROCK_WIRE_OPS_TABLE_SHAPES_H_
#define DYNAROCK_WIRE_OPS_TABLE_SHAPES_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/requests.h"
#include "engine/status.h"

namespace dynarock {

class JsonWriter;
class Shape;

// Checks TableName: 3-255 characters of the pattern, or an ARN when
// arn_allowed.
void CheckTableName(Shape& s, const char* member,
                    const std::optional<std::string>& name, bool arn_allowed);
std::optional<ValueType> ScalarTypeOf(const std::string& s);
// global_index: a GSI's key schema, which may have multi-attribute keys.
std::vector<KeySchemaElement> ParseKeySchema(Shape& s, const char* member,
                                             bool required,
                                             bool global_index = false);
std::vector<AttributeDefinition> ParseAttributeDefinitions(Shape& s);
std::optional<ProvisionedThroughput> ParseThroughput(Shape& s,
                                                     const char* member);
std::optional<OnDemandThroughput> ParseOnDemand(Shape& s);
Projection ParseProjection(Shape& s);
std::optional<std::vector<Tag>> ParseTags(Shape& s);
std::optional<StreamViewType> StreamViewTypeOf(const std::string& s);
// [{"AttributeName": ..., "KeyType": ...}, ...]
void WriteKeySchema(const std::vector<KeySchemaElement>& ks, JsonWriter* w);
std::optional<StreamSpecification> ParseStreamSpecification(Shape& s);
// TableClass; an unknown class leaves its error in *invalid, to be returned
// once the other shape checks pass (the service checks it after them).
std::optional<TableClass> ParseTableClass(Shape& s, Status* invalid);
std::optional<SSESpecification> ParseSSESpecification(Shape& s);

void WriteTableDescription(const TableDescription& d, JsonWriter* w);
// {"<member>": <description>}
void WriteDescriptionResponse(const char* member, const TableDescription& d,
                              std::string* out);

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_OPS_TABLE_SHAPES_H_
