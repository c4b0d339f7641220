// The DynamoDB JSON of a stored item, rendered straight from the item
// codec's bytes (engine/format/item_codec.h) in one pass: what a Query or
// Scan spends most of its time on.
#ifndef DYNAROCK_WIRE_ITEM_JSON_H_
#define DYNAROCK_WIRE_ITEM_JSON_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace dynarock {

// Appends the item's JSON ({"name":{"S":"text"},...}, the text WriteItem
// writes for the decoded item) to *out and sets *size to its ItemSize.
// Returns false, leaving *out as it was, when the bytes are malformed:
// exactly when MeasureItem would.
bool RenderEncodedItem(std::string_view encoded, std::string* out,
                       size_t* size);

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_ITEM_JSON_H_
