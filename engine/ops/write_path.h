// The write path every item write shares: reading the item under its
// lock, checking the condition, writing the item, its index entries and its
// statistics in one batch, and the capacity it consumes. Internal to
// engine/.
#ifndef DYNAROCK_ENGINE_OPS_WRITE_PATH_H_
#define DYNAROCK_ENGINE_OPS_WRITE_PATH_H_

#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "engine/expr/expression.h"
#include "engine/expr/legacy.h"
#include "engine/format/key_codec.h"
#include "engine/ops/engine_impl.h"
#include "engine/requests.h"
#include "engine/schema/catalog.h"
#include "engine/schema/validate.h"
#include "engine/status.h"

namespace dynarock {

class CapacityTally;
class Storage;
class StreamLog;
class WriteBatch;

// Who made a change, as its stream record tells: the region of the request
// that made it, and whether the service made it itself (a TTL deletion).
struct ChangeOrigin {
  std::string_view region;
  bool by_service = false;
};

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
  // Whether `change` reads the item it replaces (UpdateItem) or ignores it
  // (PutItem, DeleteItem: given null).
  bool change_reads_old = true;
};

// The outcome of one write: the item before and after. old_item holds the
// item found only when the write decoded it (see WriteUnderLock).
struct WriteOutcome {
  bool found = false;  // an item was there
  std::optional<Item> old_item;
  std::optional<Item> new_item;
};

// The item a write finds in place. Its encoding (as stored), its decoded
// form, or both: whichever the caller has; an item found needs one of
// them. Index changes read the index keys straight from the encoding, and
// decode it only for an index that projects some attributes.
struct FoundItem {
  const Item* item = nullptr;
  std::string_view encoded;
  size_t size = 0;  // ItemSize
  bool found() const { return item != nullptr || !encoded.empty(); }
};

// ReturnItemCollectionMetrics=SIZE for a table with local secondary
// indexes; nullopt otherwise.
std::optional<ItemCollectionMetrics> CollectionMetrics(
    const Storage& storage, const TableDef& t, const Item& item,
    const EncodedKey& key, ReturnItemCollectionMetrics mode);

// ConditionalCheckFailedException, with the old item when asked for.
Status ConditionFailed(const std::optional<Item>& old_item,
                       ReturnValues on_failure);

// Stages `action` on the item at `key` (which holds `old`) into `batch`
// with its index entries, statistics and stream record (commit the batch
// with StreamLog::Commit), and tallies the item's write
// units: the larger of the old and new sizes, at least one. Moves a put's
// item into out->new_item.
// The caller holds the item's lock; the indexes maintained are those of the
// catalog's current definition of the table.
void StageWrite(const Catalog& catalog, const TableDef& t,
                const EncodedKey& key, const FoundItem& old, WriteAction action,
                const ChangeOrigin& origin, WriteBatch* batch,
                CapacityTally* tally, WriteOutcome* out);

// TransactionConflictException for a write that meets an in-flight
// transaction on its item.
Status TransactionConflict();

// Under the item's lock: reads the item, checks the condition, asks
// `change` what to write, and writes it with its index entries,
// statistics and stream record in one batch. Capacity: the larger of the old
// and new sizes, at least one unit, whatever happened. The item found is
// decoded into out->old_item when the write has a condition, when its change
// reads it (write.change_reads_old) or when keep_old asks for it
// (ReturnValues).
Status WriteUnderLock(Storage& storage, const Catalog& catalog,
                      LockTable& locks, StreamLog& streams,
                      const PreparedWrite& write, const ChangeOrigin& origin,
                      bool keep_old, CapacityTally* tally, WriteOutcome* out);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_OPS_WRITE_PATH_H_
