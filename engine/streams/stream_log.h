// StreamLog: the tables' streams. Every stream's definition and live
// state (its shards, its next sequence number), the commit that gives a
// write's stream records their sequence numbers, and the reads the
// Streams API makes. Internal to engine/.
//
// A stream is born when a table enables one and lives on, DISABLED, after
// the table disables it or is deleted, until its last records are 24
// hours old. Its records sit in kStreams under (stream id, slot, sequence
// number) (engine/format/keys.h):
//   - a record's slot is its item's partition hash modulo the stream's
//     slot count, so one item's records stay in one slot, in order;
//   - time is cut into generations (a new one about every four hours, as
//     the service rolls its shards over); a shard is one slot of one
//     generation, and its parent is the same slot of the generation before;
//   - sequence numbers increase across the whole stream; a generation owns
//     the range from its start to the next generation's start.
// A reader following a shard and then its child reads each slot's records
// once, in order.
//
// Commit holds the stream's mutex while it numbers the records and writes
// the batch: records commit in sequence order, so a reader that has seen
// number n will never see a smaller one appear, and a generation closed
// under the same mutex receives nothing more.
//
// Thread safety: every method may be called from any thread.
#ifndef DYNAROCK_ENGINE_STREAMS_STREAM_LOG_H_
#define DYNAROCK_ENGINE_STREAMS_STREAM_LOG_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "engine/clock.h"
#include "engine/requests.h"
#include "engine/status.h"

namespace dynarock {

class Storage;
class WriteBatch;
struct TableDef;

// How long the service keeps a stream's records, and how often it rolls
// its shards over.
inline constexpr double kStreamRetentionSeconds = 24 * 3600;
inline constexpr double kShardRolloverSeconds = 4 * 3600;
// How long a shard iterator stays valid.
inline constexpr double kShardIteratorLifetimeSeconds = 15 * 60;

struct StreamGeneration {
  uint64_t index = 0;  // counts from 0 over the stream's life
  double start = 0;    // engine time of its first possible record
  uint64_t start_seq = 0;
  // The generation before's start (its shards are this one's parents,
  // named after it even once trimmed away); unset for the first.
  std::optional<double> parent_start;
};

struct StreamDef {
  uint64_t id = 0;  // from the catalog's id counter, never reused
  uint64_t table_id = 0;
  std::string table_name;
  std::string label;  // ISO 8601 with milliseconds, unique per table
  StreamViewType view_type = StreamViewType::kKeysOnly;
  std::vector<KeySchemaElement> key_schema;
  // The region of the request that enabled it: the records of changes no
  // request made (TTL deletions) carry it.
  std::string region;
  double created = 0;
  std::optional<double> disabled;  // when it was disabled
  uint64_t end_seq = 0;            // once disabled: one past its last number
  uint32_t slots = 4;
  std::vector<StreamGeneration> generations;  // oldest first, never empty
  // Per slot: records below this number have been trimmed.
  std::vector<uint64_t> trimmed_below;
};

// The stored form of a record (the value under its kStreams key). The
// time is set when the record is committed.
void EncodeRecordBody(StreamEventName event, bool by_service,
                      StreamViewType view, std::string_view region,
                      std::string_view keys, const std::string_view* new_image,
                      const std::string_view* old_image, std::string* out);

// The sequence number as the service writes it: 21 decimal digits.
std::string SequenceNumberText(uint64_t seq);

class StreamLog {
 public:
  StreamLog(Storage* storage, const Clock& clock);

  // Reads every stream's definition and next number. Called once, at open.
  Status Load();

  // A new stream for `table` (enabled at CreateTable or UpdateTable), its
  // definition staged in `batch`. Publish it once the batch is written.
  // The label is the time `now`, made unique among the table's streams.
  std::shared_ptr<StreamDef> NewStream(uint64_t id, const TableDef& table,
                                       StreamViewType view,
                                       std::string_view region, double now);
  void Stage(const StreamDef& def, WriteBatch* batch) const;
  void Publish(std::shared_ptr<StreamDef> def);
  // The region a stream was enabled in; empty for no such stream.
  std::string Region(uint64_t stream_id) const;
  // Closes a stream (disabled, or its table deleted): no record is added
  // to it from now on.
  Status Disable(uint64_t stream_id, double now);

  // Commits `batch`: numbers its stream records, adds them and the streams'
  // counters to it, and writes it, holding the streams' mutexes so that
  // numbers commit in order. A record for a stream that is closed by then
  // is dropped, as the change came after the stream's end. A batch without
  // records is simply written.
  Status Commit(WriteBatch* batch);

  // ---- the Streams API's reads, addressed by table name and label
  // (the ARN's parts).
  std::vector<StreamSummary> List() const;  // sorted by table, then label
  Result<StreamDescription> Describe(std::string_view table_name,
                                     std::string_view label,
                                     const std::string& arn);
  // A stream's shards, in generation then slot order. `found` false when
  // there is no such stream.
  struct ShardView {
    std::string shard_id;
    std::optional<std::string> parent_shard_id;
    uint64_t generation = 0;
    uint32_t slot = 0;
    uint64_t start_seq = 0;
    std::optional<uint64_t> end_seq;  // inclusive; a closed shard's
  };
  // A table's streams (oldest first) as they are now: what trigger
  // delivery follows.
  struct StreamView {
    uint64_t id = 0;
    std::string table_name;
    std::string label;
    std::string region;
    std::vector<ShardView> shards;  // generation then slot order
    std::vector<uint64_t> trimmed_below;
  };
  std::vector<StreamView> StreamsOf(std::string_view table_name) const;
  // The shard `shard_id` of a stream, for an iterator: its range, the
  // next number the stream will give, and its slot's trim horizon.
  struct ShardPosition {
    uint64_t stream_id = 0;
    ShardView shard;
    uint64_t next_seq = 0;
    uint64_t trimmed_below = 0;
  };
  Result<ShardPosition> FindShard(std::string_view table_name,
                                  std::string_view label,
                                  std::string_view shard_id,
                                  const std::string& arn);
  // The shard's records from `from` (a sequence number) on, at most
  // `limit` and about 1 MB; *next_from is where the next read starts;
  // *closed_and_done tells that the shard is closed and nothing is left.
  // TrimmedDataAccessException when `from` lies below the trim horizon.
  Status Read(uint64_t stream_id, uint64_t generation, uint32_t slot,
              uint64_t from, size_t limit, std::vector<StreamRecord>* out,
              uint64_t* next_from, bool* closed_and_done);

  // Trims what is older than the retention, drops streams whose records
  // are all gone, and rolls generations over when due. The periodic job's
  // step; reads call it for their stream first.
  Status Maintain();

 private:
  struct State {
    std::mutex trim_mu;     // one trim at a time; taken before mu
    std::mutex mu;          // held to number and commit, to roll over, to close
    StreamDef def;          // guarded by mu
    uint64_t next_seq = 1;  // guarded by mu
    // Per slot: the earliest record's time; 0: not known, look; -1: none.
    std::vector<double> oldest;  // guarded by mu
    uint64_t commits = 0;        // guarded by mu; records committed
  };
  std::shared_ptr<State> Find(uint64_t id) const;
  std::shared_ptr<State> FindByLabel(std::string_view table_name,
                                     std::string_view label) const;
  // The stream, brought up to date (MaintainOne); ResourceNotFoundException
  // naming `arn` when there is none, or its life is over.
  Result<std::shared_ptr<State>> FindLive(std::string_view table_name,
                                          std::string_view label,
                                          const std::string& arn);
  // With st->mu held: starts a new generation when the current one is
  // older than the rollover period, staging the definition in `batch`.
  bool RollOverLocked(State* st, double now, WriteBatch* batch) const;
  // With st->mu held: the shards as DescribeStream lists them.
  std::vector<ShardView> ShardsLocked(const State& st) const;
  // With st->trim_mu held: trims each slot's records older than `cutoff`.
  Status Trim(State* st, double cutoff);
  // Rolls over and trims one stream; *gone when its life is over.
  Status MaintainOne(const std::shared_ptr<State>& st, bool* gone);

  Storage* storage_;
  const Clock& clock_;
  mutable std::shared_mutex mu_;
  std::map<uint64_t, std::shared_ptr<State>> streams_;  // guarded by mu_
};

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_STREAMS_STREAM_LOG_H_
