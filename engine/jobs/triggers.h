// Stream trigger delivery (EngineOptions::stream_triggers): follows each
// trigger's table's streams shard by shard and hands their records to the
// trigger's deliver function. Internal to engine/.
//
// Per trigger and shard: start at the oldest record kept (TRIM_HORIZON),
// read up to batch_size records, deliver them, and only once delivered
// store the next position (kMeta, engine/format/keys.h) and go on. A
// failed delivery is retried after a backoff that doubles from half a
// second to 30 seconds; the shard waits, the others go on. A shard's
// children wait until it is closed and delivered, as Lambda processes a
// parent shard before its children; a parent no longer listed (past
// retention) does not hold them.
//
// Thread safety: Step runs on one JobRunner thread at a time.
#ifndef DYNAROCK_ENGINE_JOBS_TRIGGERS_H_
#define DYNAROCK_ENGINE_JOBS_TRIGGERS_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "engine/engine.h"

namespace dynarock {

class StopToken;
class Storage;
class StreamLog;

class TriggerDelivery {
 public:
  static constexpr std::chrono::milliseconds kStepPeriod{100};

  // Everything given must outlive the delivery.
  TriggerDelivery(Storage& storage, StreamLog& streams,
                  std::vector<StreamTrigger> triggers, size_t batch_size);

  // Delivers what is pending and due, shard by shard.
  void Step(const StopToken& stop);

 private:
  // (trigger index, stream id, generation, slot)
  using ShardKey = std::tuple<size_t, uint64_t, uint64_t, uint32_t>;
  struct Retry {
    int failures = 0;
    std::chrono::steady_clock::time_point not_before{};
  };
  // Where delivery of a shard stands: the next number, or kDelivered.
  Status Position(const ShardKey& k, uint64_t start, uint64_t* pos);
  Status SavePosition(const ShardKey& k, uint64_t pos);

  Storage& storage_;
  StreamLog& streams_;
  const std::vector<StreamTrigger> triggers_;
  const size_t batch_size_;
  std::map<ShardKey, uint64_t> positions_;  // read through to storage
  std::map<ShardKey, Retry> retries_;
};

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_JOBS_TRIGGERS_H_
