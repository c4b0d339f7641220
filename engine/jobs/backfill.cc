#include "engine/jobs/backfill.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

#include "engine/format/item_codec.h"
#include "engine/format/keys.h"
#include "engine/jobs/job_runner.h"
#include "engine/ops/lock_table.h"
#include "engine/schema/catalog.h"
#include "engine/schema/validate.h"
#include "engine/storage/storage.h"

namespace dynarock {
namespace {

constexpr char kCreating[] = "CREATING";
constexpr char kActive[] = "ACTIVE";

// Pacing: microseconds of pause after each item, 0 unless the environment
// sets DYNAROCK_BACKFILL_PAUSE_US. Tests use it to keep an index CREATING
// while they write to the table.
int64_t BackfillPauseMicros() {
  static const int64_t pause = [] {
    const char* v = std::getenv("DYNAROCK_BACKFILL_PAUSE_US");
    return v ? std::max<int64_t>(0, std::strtoll(v, nullptr, 10)) : 0;
  }();
  return pause;
}

// One task's run: the phases of engine/jobs/backfill.h, in order.
class Backfill {
 public:
  Backfill(const BackfillTask& task, Storage& storage, Catalog& catalog,
           LockTable& locks, const StopToken& stop)
      : task_(task),
        storage_(storage),
        catalog_(catalog),
        locks_(locks),
        stop_(stop) {}

  void Run() {
    if (!WaitForSuperseded()) return;
    if (task_.drop || !LoadDefinition()) return DropKeys();
    auto snapshot = storage_.NewSnapshot();
    std::string marker;
    bool counted = false;
    Status s = storage_.Get(Cf::kMeta, BackfillCountedKey(task_.index_id),
                            &marker, &counted);
    if (!s.ok()) return Log("reading its progress", s);
    if (!counted) {
      Outcome o = CountStatistics(*snapshot);
      if (o != Outcome::kDone) return Finish(o);
    }
    Outcome o = WriteEntries(*snapshot);
    if (o != Outcome::kDone) return Finish(o);
    Activate();
  }

 private:
  enum class Outcome { kDone, kStopped, kCancelled, kFailed };

  void Finish(Outcome o) {
    if (o == Outcome::kCancelled) DropKeys();
  }

  // Step 2: requests that loaded the replaced definition finish first. One
  // that runs for more than a minute is stuck; do not wait for it forever.
  // False when stopping.
  bool WaitForSuperseded() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
    while (!task_.superseded.expired() &&
           std::chrono::steady_clock::now() < deadline) {
      if (stop_.stop_requested()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
  }

  // The definition, while the table (same id) still has the index CREATING.
  std::shared_ptr<const TableDef> Wanted() const {
    auto def = catalog_.Find(task_.table_name);
    if (!def || def->id != task_.table_id) return nullptr;
    for (const auto& ix : def->global_indexes) {
      if (ix.id == task_.index_id && ix.status == kCreating) return def;
    }
    return nullptr;
  }

  // Copies the definition: the task holds no published one (another task
  // may be waiting for it to be released). Key schemas and projection
  // never change. False when the index is no longer wanted.
  bool LoadDefinition() {
    auto def = Wanted();
    if (!def) return false;
    table_ = *def;
    for (const auto& ix : table_.global_indexes) {
      if (ix.id == task_.index_id) index_ = ix;
    }
    return true;
  }

  // Removes what a dropped or abandoned index left: entries a racing write
  // put after the drop, its statistics and markers.
  void DropKeys() {
    WriteBatch b(storage_);
    StageDropKeySpace(Cf::kIndexes, task_.index_id, &b);
    Status s = storage_.Write(&b);
    if (!s.ok()) Log("removing the entries of a dropped index", s);
  }

  // Step 3: the statistics of S, less the writers' deltas S reflects.
  Outcome CountStatistics(const Snapshot& snapshot) {
    int64_t pre_count = 0, pre_bytes = 0;
    Status s = storage_.GetIndexStats(StatsKey(table_.id), task_.index_id,
                                      StatsKey(task_.index_id), &pre_count,
                                      &pre_bytes, &snapshot);
    if (!s.ok()) return Fail("reading its statistics", s);
    int64_t count = 0, bytes = 0;
    auto it = storage_.NewIterator(Cf::kItems, KeySpaceBegin(table_.id),
                                   KeySpaceEnd(table_.id), &snapshot);
    size_t n = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (++n % 1024 == 0 && stop_.stop_requested()) return Outcome::kStopped;
      Item item;
      std::string key;
      if (!DecodeItem(it->value(), &item) ||
          !IndexEntryKey(table_, index_, item, &key))
        continue;
      ++count;
      bytes +=
          static_cast<int64_t>(ItemSize(ProjectForIndex(table_, index_, item)));
    }
    s = it->status();
    if (!s.ok()) return Fail("counting its items", s);
    if (!Wanted()) return Outcome::kCancelled;
    WriteBatch b(storage_);
    b.AddStats(StatsKey(task_.index_id), count - pre_count, bytes - pre_bytes);
    b.Put(Cf::kMeta, BackfillCountedKey(task_.index_id), "");
    s = storage_.Write(&b);
    if (!s.ok()) return Fail("writing its statistics", s);
    return Outcome::kDone;
  }

  // Step 4: an entry for each item, under the item's lock.
  Outcome WriteEntries(const Snapshot& snapshot) {
    auto it = storage_.NewIterator(Cf::kItems, KeySpaceBegin(table_.id),
                                   KeySpaceEnd(table_.id), &snapshot);
    size_t n = 0;
    const int64_t pause = BackfillPauseMicros();
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (stop_.stop_requested()) return Outcome::kStopped;
      if (++n % 256 == 0 && !Wanted()) return Outcome::kCancelled;
      if (Status s = WriteEntry(std::string(it->key())); !s.ok())
        return Fail("writing an entry", s);
      if (pause > 0)
        std::this_thread::sleep_for(std::chrono::microseconds(pause));
    }
    Status s = it->status();
    if (!s.ok()) return Fail("reading its items", s);
    return Outcome::kDone;
  }

  // The entry of the item at `item_key` as it is now, under its lock.
  Status WriteEntry(const std::string& item_key) {
    std::lock_guard lock(locks_.For(item_key));
    std::string value;
    bool found = false;
    DYNAROCK_RETURN_IF_ERROR(storage_.Get(Cf::kItems, item_key, &value, &found,
                                          nullptr, Storage::Fill::kNoFill));
    Item item;
    std::string entry_key;
    if (!found || !DecodeItem(value, &item) ||
        !IndexEntryKey(table_, index_, item, &entry_key))
      return Status::OK();
    std::string entry;
    EncodeItem(ProjectForIndex(table_, index_, item), &entry);
    WriteBatch b(storage_);
    b.Put(Cf::kIndexes, entry_key, entry);
    return storage_.Write(&b);
  }

  // Step 5: ACTIVE.
  void Activate() {
    std::lock_guard ddl(catalog_.ddl_mutex());
    auto def = Wanted();
    if (!def) return DropKeys();
    auto next = std::make_shared<TableDef>(*def);
    for (auto& ix : next->global_indexes) {
      if (ix.id == task_.index_id) ix.status = kActive;
    }
    WriteBatch b(storage_);
    catalog_.Stage(*next, &b);
    b.Delete(Cf::kMeta, BackfillCountedKey(task_.index_id));
    Status s = storage_.Write(&b);
    if (!s.ok()) return Log("publishing it ACTIVE", s);
    catalog_.Publish(std::move(next));
  }

  Outcome Fail(const char* what, const Status& s) {
    Log(what, s);
    return Outcome::kFailed;
  }
  void Log(const char* what, const Status& s) const {
    std::cerr << "dynarock: backfill of an index of table " << task_.table_name
              << ": " << what << ": " << s.message() << std::endl;
  }

  const BackfillTask& task_;
  Storage& storage_;
  Catalog& catalog_;
  LockTable& locks_;
  const StopToken& stop_;
  TableDef table_;
  IndexDef index_;
};

}  // namespace

void RunBackfill(const BackfillTask& task, Storage& storage, Catalog& catalog,
                 LockTable& locks, const StopToken& stop) {
  Backfill(task, storage, catalog, locks, stop).Run();
}

}  // namespace dynarock
