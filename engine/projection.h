// ProjectionExpression: a comma-separated list of document paths, and the
// projection of an item onto them. Internal to engine/.
#ifndef DYNAROCK_ENGINE_PROJECTION_H_
#define DYNAROCK_ENGINE_PROJECTION_H_

#include <set>
#include <string>
#include <variant>
#include <vector>

#include "engine/attribute_value.h"
#include "engine/requests.h"
#include "engine/status.h"

namespace dynarock {

// One step of a document path: a map member name or a list index.
using PathElement = std::variant<std::string, size_t>;
using DocumentPath = std::vector<PathElement>;

// Parses `expression`, resolving #name placeholders from names; records the
// placeholders used in *used_names.
Status ParseProjection(std::string_view expression, const AttributeNames* names,
                       std::vector<DocumentPath>* paths, std::set<std::string>* used_names);

// The parts of item the paths name; attributes that are absent are left out.
Item Project(const Item& item, const std::vector<DocumentPath>& paths);

// "Value provided in ExpressionAttributeNames unused in expressions" when
// names holds a placeholder not in used.
Status CheckUnusedNames(const AttributeNames* names, const std::set<std::string>& used);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_PROJECTION_H_
