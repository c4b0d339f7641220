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
// The sweep reads each table in key order, in short steps (a few
// milliseconds of work, then the job returns until its next step), so a
// pass over a large table never holds a lock or a core for long. A pass
// starts every `interval` seconds, or as soon as the one before ends.
//
// Thread safety: Step runs on one JobRunner thread at a time.
#ifndef DYNAROCK_ENGINE_JOBS_TTL_H_
#define DYNAROCK_ENGINE_JOBS_TTL_H_

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "engine/clock.h"

namespace dynarock {

class Catalog;
class LockTable;
class StopToken;
class Storage;
class StreamLog;

class TtlSweep {
 public:
  // How often Step should be called.
  static constexpr std::chrono::milliseconds kStepPeriod{50};

  // Everything given must outlive the sweep.
  TtlSweep(Storage& storage, const Catalog& catalog, LockTable& locks,
           StreamLog& streams, const Clock& clock, double interval_seconds);

  // Does a few milliseconds of the current pass, starting one when due.
  void Step(const StopToken& stop);

 private:
  // Sweeps a chunk of the current table from resume_key_; false when the
  // table is done.
  bool SweepChunk(const std::string& table_name);

  Storage& storage_;
  const Catalog& catalog_;
  LockTable& locks_;
  StreamLog& streams_;
  const Clock& clock_;
  const std::chrono::duration<double> interval_;

  bool in_pass_ = false;
  std::chrono::steady_clock::time_point pass_start_{};
  std::vector<std::string> tables_;  // the pass's tables with TTL enabled
  size_t table_index_ = 0;
  std::string resume_key_;  // where the current table's next chunk starts
};

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_JOBS_TTL_H_
