// The write path every item write shares: reading the item under its
// lock, checking the condition, writing the item, its index entries and its
// statistics in one batch, and the capacity it consumes. Internal to
// engine/.
#ifndef DYNAROCK_ENGINE_WRITE_PATH_H_
#define DYNAROCK_ENGINE_WRITE_PATH_H_

#include <functional>
#include <optional>

#include "engine/catalog.h"
#include "engine/engine_impl.h"
#include "engine/expression.h"
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
};

// The outcome of one write: the item before and after.
struct WriteOutcome {
  std::optional<Item> old_item;
  std::optional<Item> new_item;
};

// Stages the index changes from old_item to new_item (either may be null)
// and tallies their write units.
void StageIndexChanges(const TableDef& t, const Item* old_item,
                       const Item* new_item, WriteBatch* batch,
                       CapacityTally* tally);

// ReturnItemCollectionMetrics=SIZE for a table with local secondary
// indexes; nullopt otherwise.
std::optional<ItemCollectionMetrics> CollectionMetrics(
    const Storage& storage, const TableDef& t, const Item& item,
    const EncodedKey& key, ReturnItemCollectionMetrics mode);

// ConditionalCheckFailedException, with the old item when asked for.
Status ConditionFailed(const std::optional<Item>& old_item,
                       ReturnValues on_failure);

// Under the item's lock: reads the item, checks the condition, asks
// `change` what to write, and writes it with its index entries and
// statistics in one batch. Capacity: the larger of the old and new sizes,
// at least one unit, whatever happened.
Status WriteUnderLock(
    Storage& storage, LockTable& locks, const TableDef& t,
    const EncodedKey& key, const PreparedCondition& condition,
    ReturnValues on_failure,
    const std::function<Result<WriteAction>(const Item* old_item)>& change,
    CapacityTally* tally, WriteOutcome* out);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_WRITE_PATH_H_
