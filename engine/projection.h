// ProjectionExpression and AttributesToGet for the single-item operations: a
// thin wrapper over the expression language (engine/expression.h), kept for
// its callers. Internal to engine/. Stateless; thread-safe.
#ifndef DYNAROCK_ENGINE_PROJECTION_H_
#define DYNAROCK_ENGINE_PROJECTION_H_

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/attribute_value.h"
#include "engine/expression.h"
#include "engine/requests.h"
#include "engine/status.h"

namespace dynarock {

// Parses and validates `expression` (cached), resolving #name placeholders
// from names; records the placeholders used in *used_names. Errors are the
// service's, prefixed "Invalid ProjectionExpression: ".
Status ParseProjection(std::string_view expression, const AttributeNames* names,
                       std::vector<DocumentPath>* paths,
                       std::set<std::string>* used_names);

// The parts of item the paths name; attributes that are absent are left out.
// Paths that overlap another are ignored (ParseProjection rejects them).
Item Project(const Item& item, const std::vector<DocumentPath>& paths);

// "Value provided in ExpressionAttributeNames unused in expressions: keys:
// {...}" when names holds a placeholder not in used.
Status CheckUnusedNames(const AttributeNames* names,
                        const std::set<std::string>& used);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_PROJECTION_H_
