// The write path every item write shares: reading the item under its
// lock, checking the condition, writing the item, its index entries and its
// statistics in one batch, and the capacity it consumes. Internal to
// engine/.
#ifndef DYNAROCK_ENGINE_WRITE_PATH_H_
#define DYNAROCK_ENGINE_WRITE_PATH_H_

#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "engine/catalog.h"
#include "engine/engine_impl.h"
#include "engine/expression.h"
#include "engine/key_codec.h"
#include "engine/legacy.h"
#include "engine/requests.h"
#include "engine/status.h"
#include "engine/validate.h"

namespace dynarock {

class CapacityTally;
class Storage;
class WriteBatch;

// A request's condition: from ConditionExpression or from the legacy
// Expected parameter, bound to the maps that define its placeholders.
struct PreparedCondition {
  std::optional<LegacyExpression> legacy;  // owns the legacy maps
  std::optional<BoundCondition> bound;
};

// What a write does to the item it found.
struct WriteAction {
  enum Kind { kPut, kDelete, kNone } kind = kNone;
  Item item;  // kPut
  // ItemSize(item) when the caller has measured it already; 0: not yet.
  size_t size = 0;
};

// A single-item write, validated and bound: its table, key, condition and
// what it does to the item it finds. Bound expressions point into the
// request it came from and into this object: it never moves.
struct PreparedWrite {
  PreparedWrite() = default;
  PreparedWrite(const PreparedWrite&) = delete;
  PreparedWrite& operator=(const PreparedWrite&) = delete;

  std::shared_ptr<const TableDef> table;
  EncodedKey key;
  PreparedCondition condition;
  ReturnValues on_failure = ReturnValues::kNone;
  // UpdateItem's bound update (from UpdateExpression or AttributeUpdates).
  std::optional<BoundUpdate> update;
  std::optional<LegacyExpression> legacy_update;  // owns the legacy maps
  std::function<Result<WriteAction>(const Item* old_item)> change;
};

// The outcome of one write: the item before and after.
struct WriteOutcome {
  std::optional<Item> old_item;
  std::optional<Item> new_item;
};

// An item's encoding (engine/item_codec.h) and size, when the caller has
// them already; empty bytes when it does not.
struct ItemEncoding {
  std::string_view bytes;
  size_t size = 0;
};

// Stages the index changes from old_item to new_item (either may be null)
// and tallies their write units. The encodings, when given, must be those
// of the items.
void StageIndexChanges(const TableDef& t, const Item* old_item,
                       const Item* new_item, WriteBatch* batch,
                       CapacityTally* tally,
                       const ItemEncoding& old_encoding = {},
                       const ItemEncoding& new_encoding = {});

// ReturnItemCollectionMetrics=SIZE for a table with local secondary
// indexes; nullopt otherwise.
std::optional<ItemCollectionMetrics> CollectionMetrics(
    const Storage& storage, const TableDef& t, const Item& item,
    const EncodedKey& key, ReturnItemCollectionMetrics mode);

// ConditionalCheckFailedException, with the old item when asked for.
Status ConditionFailed(const std::optional<Item>& old_item,
                       ReturnValues on_failure);

// Stages `action` on the item at `key` (whose current value is old_item,
// of old_size bytes) into `batch` with its index entries and statistics,
// and tallies the item's write units: the larger of the old and new sizes,
// at least one. Moves a put's item into out->new_item.
// The caller holds the item's lock; the indexes maintained are those of the
// catalog's current definition of the table.
// old_encoded, when not empty, is old_item's encoding.
void StageWrite(const Catalog& catalog, const TableDef& t,
                const EncodedKey& key, const Item* old_item, size_t old_size,
                WriteAction action, WriteBatch* batch, CapacityTally* tally,
                WriteOutcome* out, std::string_view old_encoded = {});

// TransactionConflictException for a write that meets an in-flight
// transaction on its item.
Status TransactionConflict();

// Under the item's lock: reads the item, checks the condition, asks
// `change` what to write, and writes it with its index entries and
// statistics in one batch. Capacity: the larger of the old and new sizes,
// at least one unit, whatever happened.
Status WriteUnderLock(
    Storage& storage, const Catalog& catalog, LockTable& locks,
    const TableDef& t, const EncodedKey& key,
    const PreparedCondition& condition, ReturnValues on_failure,
    const std::function<Result<WriteAction>(const Item* old_item)>& change,
    CapacityTally* tally, WriteOutcome* out);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_WRITE_PATH_H_
