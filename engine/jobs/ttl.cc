#include "engine/jobs/ttl.h"

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "engine/format/item_codec.h"
#include "engine/format/keys.h"
#include "engine/jobs/job_runner.h"
#include "engine/ops/capacity.h"
#include "engine/ops/write_path.h"
#include "engine/schema/catalog.h"
#include "engine/storage/storage.h"
#include "engine/streams/stream_log.h"

namespace dynarock {
namespace {

// The service leaves alone a TTL more than five years in the past
// (Developer Guide, "Time to Live (TTL)").
constexpr double kOldestExpiry = 5 * 365.25 * 86400;
// One step's work: about this long, then the job yields.
constexpr auto kStepBudget = std::chrono::milliseconds(5);
// A chunk: the items read before the expired ones found are deleted (the
// iterator is released first, so no read view is held across writes).
constexpr size_t kChunkItems = 512;
constexpr size_t kChunkExpired = 64;

bool Expired(ValueType type, std::string_view scalar, double now) {
  if (type != ValueType::kN) return false;
  const double at = std::strtod(std::string(scalar).c_str(), nullptr);
  return at <= now && at >= now - kOldestExpiry;
}

}  // namespace

std::optional<int64_t> TtlIndexExpiry(ValueType type, std::string_view scalar) {
  if (type != ValueType::kN) return std::nullopt;
  const double at = std::strtod(std::string(scalar).c_str(), nullptr);
  // Epoch seconds within ±30 million years: anything else never expires
  // in the sweep's window.
  if (!std::isfinite(at) || std::fabs(at) > 1e15) return std::nullopt;
  return static_cast<int64_t>(std::floor(at));
}

TtlSweep::TtlSweep(
    Storage& storage, const Catalog& catalog, LockTable& locks,
    StreamLog& streams, const Clock& clock, double interval_seconds,
    std::function<void(const std::string&, uint64_t)> mark_indexed)
    : storage_(storage),
      catalog_(catalog),
      locks_(locks),
      streams_(streams),
      clock_(clock),
      interval_(interval_seconds),
      mark_indexed_(std::move(mark_indexed)) {}

void TtlSweep::Step(const StopToken& stop) {
  const auto start = std::chrono::steady_clock::now();
  if (!in_pass_) {
    if (pass_start_ != std::chrono::steady_clock::time_point{} &&
        start - pass_start_ < interval_)
      return;
    in_pass_ = true;
    pass_start_ = start;
    tables_.clear();
    for (const auto& name : catalog_.Names(std::nullopt, SIZE_MAX)) {
      auto def = catalog_.Find(name);
      if (def && def->ttl_enabled) tables_.push_back(name);
    }
    table_index_ = 0;
    resume_key_.clear();
  }
  while (table_index_ < tables_.size()) {
    if (stop.stop_requested() ||
        std::chrono::steady_clock::now() - start > kStepBudget)
      return;
    if (!SweepChunk(tables_[table_index_])) {
      ++table_index_;
      resume_key_.clear();
    }
  }
  in_pass_ = false;
}

bool TtlSweep::SweepChunk(const std::string& table_name) {
  std::shared_ptr<const TableDef> def = catalog_.Find(table_name);
  if (!def || !def->ttl_enabled || def->ttl_index_id == 0) return false;
  if (def->ttl_indexed) return IndexChunk(*def);
  if (ScanChunk(*def)) return true;
  mark_indexed_(def->name, def->ttl_index_id);
  return false;
}

bool TtlSweep::ScanChunk(const TableDef& t) {
  const std::string& attr = t.ttl_attribute;
  const double now = clock_.Now();
  std::vector<std::string> expired;
  WriteBatch entries(storage_);
  bool more = false;
  {
    std::string lower = resume_key_.empty() ? KeySpaceBegin(t.id) : resume_key_;
    auto it = storage_.NewIterator(Cf::kItems, lower, KeySpaceEnd(t.id));
    size_t seen = 0;
    for (it->Seek(lower); it->Valid(); it->Next()) {
      ValueType type;
      std::string_view scalar;
      if (FindAttribute(it->value(), attr, &type, &scalar)) {
        // The entry the write path would have made. Put without the
        // item's lock: one a concurrent write makes stale is removed when
        // its time comes (Expire).
        if (auto at = TtlIndexExpiry(type, scalar))
          entries.Put(Cf::kIndexes, TtlEntryKey(t.ttl_index_id, *at, it->key()),
                      "");
        if (Expired(type, scalar, now)) expired.emplace_back(it->key());
      }
      if (++seen >= kChunkItems || expired.size() >= kChunkExpired) {
        // The next chunk starts just after this key.
        resume_key_.assign(it->key());
        resume_key_.push_back('\0');
        more = true;
        break;
      }
    }
    if (!it->status().ok()) {
      std::cerr << "dynarock: TTL sweep of " << t.name << ": "
                << it->status().message() << std::endl;
      return false;
    }
  }
  if (!entries.empty()) {
    if (Status s = storage_.Write(&entries); !s.ok()) {
      std::cerr << "dynarock: TTL index of " << t.name << ": " << s.message()
                << std::endl;
      return false;
    }
  }
  auto def = catalog_.Find(t.name);
  if (!def || def->id != t.id) return false;
  for (std::string& key : expired) Expire(def, std::move(key), {}, 0);
  return more;
}

bool TtlSweep::IndexChunk(const TableDef& t) {
  const double now = clock_.Now();
  const std::string lower =
      resume_key_.empty()
          ? TtlEntryBound(t.ttl_index_id,
                          static_cast<int64_t>(std::floor(now - kOldestExpiry)))
          : resume_key_;
  const std::string upper =
      TtlEntryBound(t.ttl_index_id, static_cast<int64_t>(std::floor(now)) + 1);
  if (lower >= upper) return false;
  std::vector<std::string> due;
  bool more = false;
  {
    auto it = storage_.NewIterator(Cf::kIndexes, lower, upper);
    for (it->Seek(lower); it->Valid(); it->Next()) {
      due.emplace_back(it->key());
      if (due.size() >= kChunkExpired) {
        resume_key_.assign(it->key());
        resume_key_.push_back('\0');
        more = true;
        break;
      }
    }
    if (!it->status().ok()) {
      std::cerr << "dynarock: TTL sweep of " << t.name << ": "
                << it->status().message() << std::endl;
      return false;
    }
  }
  auto def = catalog_.Find(t.name);
  if (!def || def->id != t.id) return false;
  for (const std::string& entry : due) {
    int64_t at = 0;
    std::string_view item_key;
    if (!ParseTtlEntry(entry, &at, &item_key)) continue;
    Expire(def, std::string(item_key), entry, at);
  }
  return more;
}

void TtlSweep::Expire(const std::shared_ptr<const TableDef>& def,
                      std::string item_key, std::string_view entry,
                      int64_t entry_expiry) {
  const std::string attr = def->ttl_attribute;
  // Deleted only if it is still expired under its lock.
  PreparedWrite w;
  w.table = def;
  w.key.bytes = item_key;
  w.change = [&](const Item* old) -> Result<WriteAction> {
    WriteAction a;
    if (!old) return a;
    auto it = old->find(attr);
    if (it != old->end() && it->second.type() == ValueType::kN &&
        Expired(it->second.type(), it->second.scalar(), clock_.Now()))
      a.kind = WriteAction::kDelete;
    return a;
  };
  CapacityTally tally(*def, /*write=*/true);  // the service charges none
  WriteOutcome out;
  Status s = WriteUnderLock(storage_, catalog_, locks_, streams_, w,
                            ChangeOrigin{streams_.Region(def->stream_id),
                                         /*by_service=*/true},
                            /*keep_old=*/false, &tally, &out);
  // An item a transaction holds is left for the next pass.
  if (!s.ok()) {
    if (s.type() != ErrorType::kTransactionConflictException) {
      std::cerr << "dynarock: TTL deletion in " << def->name << ": "
                << s.message() << std::endl;
    }
    return;
  }
  if (entry.empty()) return;
  // The item was deleted (its entry with it: nothing left to do), or it is
  // not expired: an entry it no longer matches goes, under its lock.
  std::lock_guard lock(locks_.For(item_key));
  PinnedValue bytes;
  bool found = false;
  if (!storage_
           .Get(Cf::kItems, item_key, &bytes, &found, nullptr,
                Storage::Fill::kNoFill)
           .ok())
    return;
  if (found) {
    ValueType type;
    std::string_view scalar;
    if (FindAttribute(bytes.view(), attr, &type, &scalar) &&
        TtlIndexExpiry(type, scalar) == entry_expiry)
      return;  // its current entry, not yet due to the second
  }
  WriteBatch batch(storage_);
  batch.Delete(Cf::kIndexes, entry);
  if (Status d = storage_.Write(&batch); !d.ok()) {
    std::cerr << "dynarock: TTL index of " << def->name << ": " << d.message()
              << std::endl;
  }
}

}  // namespace dynarock
