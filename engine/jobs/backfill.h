// The backfill of a global secondary index added to a table that already
// holds items, and the clean-up of a dropped one. Internal to engine/.
//
// How a GSI is added to a table that holds items without losing a write:
//   1. UpdateTable, under the DDL mutex, gives the definition the index,
//      CREATING, and publishes it. Every write that loads the table from
//      then on maintains the index as if it were complete (StageWrite in
//      engine/ops/write_path.cc).
//   2. The backfill waits until no request still holds the definition the
//      change replaced, then takes a snapshot S.
//   3. Statistics. The writers of step 1 added deltas relative to item
//      versions that S already reflects. The backfill reads the index's
//      statistics at S (those deltas), counts the projected items of S and
//      adds the difference, with a marker, in one batch. From then on the
//      statistics are exact: S's items plus every later writer's delta.
//   4. Entries. For each item key of S the backfill takes the item's stripe
//      lock, re-reads the item and puts its entry. The Put is idempotent (a
//      writer that came first wrote the same entry) and changes no
//      statistics, so a concurrent write is neither lost nor counted twice.
//   5. Under the DDL mutex the index becomes ACTIVE.
// A restart during 2-4 resumes at 2; the marker skips 3 when it was done.
// Step 2 waits for the writes that loaded the replaced definition. A write
// that loaded an even older one and is still running is not waited for; the
// gap closes because every write re-reads the definition after taking its
// stripe lock (StageWrite), and step 4 takes each stripe lock too.
//
// Thread safety: RunBackfill runs on a JobRunner thread, concurrently with
// requests; it takes the locks described above.
#ifndef DYNAROCK_ENGINE_JOBS_BACKFILL_H_
#define DYNAROCK_ENGINE_JOBS_BACKFILL_H_

#include <cstdint>
#include <memory>
#include <string>

namespace dynarock {

class Catalog;
class LockTable;
class StopToken;
class Storage;
struct TableDef;

// One GSI to backfill, or (drop) one dropped GSI whose key range is
// removed again once no request can still write to it. `superseded` is the
// definition the change replaced: the task starts once no request holds it.
struct BackfillTask {
  std::string table_name;
  uint64_t table_id = 0;
  uint64_t index_id = 0;
  bool drop = false;
  std::weak_ptr<const TableDef> superseded;
};

// Runs one task to completion, to cancellation (the table or index was
// dropped meanwhile: its keys are removed) or until `stop` (the task
// resumes at the next open). Failures are logged; the task resumes at the
// next open.
void RunBackfill(const BackfillTask& task, Storage& storage, Catalog& catalog,
                 LockTable& locks, const StopToken& stop);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_JOBS_BACKFILL_H_
