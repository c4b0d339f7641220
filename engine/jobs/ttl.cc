#include "engine/jobs/ttl.h"

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

TtlSweep::TtlSweep(Storage& storage, const Catalog& catalog, LockTable& locks,
                   StreamLog& streams, const Clock& clock,
                   double interval_seconds)
    : storage_(storage),
      catalog_(catalog),
      locks_(locks),
      streams_(streams),
      clock_(clock),
      interval_(interval_seconds) {}

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
  if (!def || !def->ttl_enabled) return false;
  const std::string attr = def->ttl_attribute;
  const double now = clock_.Now();
  std::vector<std::string> expired;
  bool more = false;
  {
    std::string lower =
        resume_key_.empty() ? KeySpaceBegin(def->id) : resume_key_;
    auto it = storage_.NewIterator(Cf::kItems, lower, KeySpaceEnd(def->id));
    size_t seen = 0;
    for (it->Seek(lower); it->Valid(); it->Next()) {
      ValueType type;
      std::string_view scalar;
      if (FindAttribute(it->value(), attr, &type, &scalar) &&
          Expired(type, scalar, now))
        expired.emplace_back(it->key());
      if (++seen >= kChunkItems || expired.size() >= kChunkExpired) {
        // The next chunk starts just after this key.
        resume_key_.assign(it->key());
        resume_key_.push_back('\0');
        more = true;
        break;
      }
    }
    if (!it->status().ok()) {
      std::cerr << "dynarock: TTL sweep of " << table_name << ": "
                << it->status().message() << std::endl;
      return false;
    }
  }
  const std::string region = streams_.Region(def->stream_id);
  for (std::string& key : expired) {
    // Deleted only if it is still expired under its lock.
    PreparedWrite w;
    w.table = def;
    w.key.bytes = std::move(key);
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
                              ChangeOrigin{region, /*by_service=*/true},
                              /*keep_old=*/false, &tally, &out);
    // An item a transaction holds is left for the next pass.
    if (!s.ok() && s.type() != ErrorType::kTransactionConflictException) {
      std::cerr << "dynarock: TTL deletion in " << table_name << ": "
                << s.message() << std::endl;
    }
  }
  return more;
}

}  // namespace dynarock
