// The TTL sweep: deletes the items whose time to live has passed, in the
// tables with TTL enabled. Internal to engine/.
//
// An item expires when its TTL attribute is a Number of epoch seconds at
// or before the engine's clock, and not more than five years before it
// (the service ignores older values, and any other type). Until the sweep
// reaches it, an expired item is read as any other, as in the service.
//
// A deletion is a DeleteItem made by the service: through the write path
// (under the item's lock, its index entries and statistics in the same
// batch), with a REMOVE stream record marked as the service's, and no
// capacity charged. Indexes, sparse ones included, lose the item with it.
//
// Each table with TTL enabled has an expiry index (TableDef::ttl_index_id,
// kept by the write path): a pass reads only its entries from five years
// ago to now, so it costs what expires, not what the table holds. Entries
// are checked under the item's lock; one the item no longer matches
// (written before an update or delete that raced the index's filling) is
// removed. The index of a table that held items when TTL was enabled is
// filled by the sweep's first pass over it, which reads the whole table in
// key order (deleting what has expired as it goes) and then marks the index
// complete (`mark_indexed`).
//
// The sweep works in short steps (a few milliseconds, then the job returns
// until its next step), so it never holds a lock or a core for long. A pass
// starts every `interval` seconds, or as soon as the one before ends.
//
// Thread safety: Step runs on one JobRunner thread at a time.
#ifndef DYNAROCK_ENGINE_JOBS_TTL_H_
#define DYNAROCK_ENGINE_JOBS_TTL_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/attribute_value.h"
#include "engine/clock.h"

namespace dynarock {

class Catalog;
class LockTable;
struct TableDef;
class StopToken;
class Storage;
class StreamLog;

// The expiry an item's TTL attribute gives it in the table's expiry index
// (whole seconds, rounded down); none for anything but a Number, or one so
// far from now that it can never fall in the sweep's window.
std::optional<int64_t> TtlIndexExpiry(ValueType type, std::string_view scalar);

class TtlSweep {
 public:
  // How often Step should be called.
  static constexpr std::chrono::milliseconds kStepPeriod{50};

  // Everything given must outlive the sweep.
  // mark_indexed(table name, TTL index id): the table's expiry index now
  // holds every item (persist it, if the table still has that index).
  TtlSweep(Storage& storage, const Catalog& catalog, LockTable& locks,
           StreamLog& streams, const Clock& clock, double interval_seconds,
           std::function<void(const std::string&, uint64_t)> mark_indexed);

  // Does a few milliseconds of the current pass, starting one when due.
  void Step(const StopToken& stop);

 private:
  // Sweeps a chunk of the current table from resume_key_; false when the
  // table is done.
  bool SweepChunk(const std::string& table_name);
  // A chunk of a table whose expiry index is not complete: its items in
  // key order, their entries put, the expired ones deleted.
  bool ScanChunk(const TableDef& t);
  // A chunk of the expiry index's entries due now.
  bool IndexChunk(const TableDef& t);
  // Under the item's lock: deletes it if it has expired (a service
  // deletion); else removes the entry `entry` if the item does not match
  // it (pass an empty entry to skip that).
  void Expire(const std::shared_ptr<const TableDef>& t, std::string item_key,
              std::string_view entry, int64_t entry_expiry);

  Storage& storage_;
  const Catalog& catalog_;
  LockTable& locks_;
  StreamLog& streams_;
  const Clock& clock_;
  const std::chrono::duration<double> interval_;
  const std::function<void(const std::string&, uint64_t)> mark_indexed_;

  bool in_pass_ = false;
  std::chrono::steady_clock::time_point pass_start_{};
  std::vector<std::string> tables_;  // the pass's tables with TTL enabled
  size_t table_index_ = 0;
  std::string resume_key_;  // where the current table's next chunk starts
};

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_JOBS_TTL_H_
