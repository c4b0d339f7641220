// Validation of values and keys that come from a client, with the
// service's messages. Internal to engine/.
#ifndef DYNAROCK_ENGINE_SCHEMA_VALIDATE_H_
#define DYNAROCK_ENGINE_SCHEMA_VALIDATE_H_

#include <initializer_list>
#include <optional>
#include <string>

#include "engine/attribute_value.h"
#include "engine/format/keys.h"
#include "engine/requests.h"
#include "engine/schema/catalog.h"
#include "engine/status.h"

namespace dynarock {

// The prefix of the service's message for a parameter value that breaks a
// rule: "One or more parameter values were invalid: Missing the key ...".
inline constexpr char kInvalidParameter[] =
    "One or more parameter values were invalid: ";

// The service's limit on an item's size (400 KB).
constexpr size_t kMaxItemBytes = 400 * 1024;
// Key attribute limits (Developer Guide, "Quotas": partition key 2048 bytes,
// sort key 1024 bytes).
constexpr size_t kMaxHashKeyBytes = 2048;
constexpr size_t kMaxRangeKeyBytes = 1024;
// Nesting of maps and lists (Developer Guide: 32 levels).
constexpr int kMaxNestingDepth = 32;

// Checks and normalizes one client value in place: numbers to normalized
// form, sets non-empty and without duplicates.
Status ValidateValue(AttributeValue* v);
Status ValidateItemValues(Item* item);

// Who checks an item's key: the messages differ.
enum class ItemKeyContext { kPutItem, kBatchWriteItem };
// Checks an item's table key (PutItem, a put in a batch or a transaction)
// and encodes it.
Status ExtractItemKey(const TableDef& table, const Item& item, EncodedKey* key,
                      ItemKeyContext context = ItemKeyContext::kPutItem);
// Checks a Key parameter (GetItem, DeleteItem): exactly the key attributes.
Status ExtractKeyParam(const TableDef& table, const Item& key, EncodedKey* out);
// Checks that the item's values for the table's index keys have the defined
// types and are not empty. An UpdateItem that would give an index key the
// wrong type gets its own message (from_update).
Status CheckIndexKeys(const TableDef& table, const Item& item,
                      bool from_update = false);

// The encoded key of the item's entry in an index, or false when the item
// lacks the index's key attributes (sparse index).
bool IndexEntryKey(const TableDef& table, const IndexDef& index,
                   const Item& item, std::string* key);

// The attributes of item that the index projects.
Item ProjectForIndex(const TableDef& table, const IndexDef& index,
                     const Item& item);

// A request parameter and whether the request carries it.
struct PresentParameter {
  const char* name;
  bool present;
};

// "Can not use both expression and non-expression parameters in the same
// request: Non-expression parameters: {...} Expression parameters: {...}",
// listing every one present, in the order given, when both kinds are.
Status CheckMixedParameters(
    std::initializer_list<PresentParameter> legacy,
    std::initializer_list<PresentParameter> expressions);

// Whether a refused key stays a request's ValidationException inside a
// transaction: an empty string or binary key value (table or index key),
// which the service reports as "One or more parameter values are not
// valid. ..." before any action runs. Other key errors (attributes missing
// or extra, a wrong type) cancel the transaction with a ValidationError.
bool IsRequestLevelKeyError(const Status& st);

// Puts a set's members in the one order dynarock keeps them in: strings and
// binaries by their bytes, numbers by value. The service leaves set order
// unspecified; DynamoDB Local returns sets sorted, and test suites written
// against it expect that order. Validation sorts every set a request
// brings, and the update actions keep their results sorted.
void SortSetMembers(AttributeValue* v);

// ConditionalOperator joins the conditions of Expected, QueryFilter or
// ScanFilter: refused without two or more of them to join (`conditions`,
// the size of that map, 0 when absent).
Status CheckConditionalOperator(bool has_operator, size_t conditions);

// The placeholder maps need an expression to use them: names any
// expression (all listed in `expressions`), values one of `value_users`
// (the message names those that are absent: "ConditionExpression is null").
Status CheckPlaceholderMapsUsed(
    bool has_names, bool has_values,
    std::initializer_list<PresentParameter> expressions,
    std::initializer_list<PresentParameter> value_users);

// Validates the values of ExpressionAttributeValues, wrapping errors as
// "ExpressionAttributeValues contains invalid value: <message> for key :v".
Status ValidateExpressionValues(std::optional<AttributeValues>* values);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_SCHEMA_VALIDATE_H_
