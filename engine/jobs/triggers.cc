#include "engine/jobs/triggers.h"

#include <algorithm>
#include <iostream>

#include "engine/format/key_codec.h"
#include "engine/format/keys.h"
#include "engine/jobs/job_runner.h"
#include "engine/ops/engine_impl.h"
#include "engine/storage/storage.h"
#include "engine/streams/stream_log.h"

namespace dynarock {
namespace {

constexpr uint64_t kDelivered = UINT64_MAX;

std::chrono::milliseconds Backoff(int failures) {
  const int64_t ms = 500LL << std::min(failures - 1, 6);
  return std::chrono::milliseconds(std::min<int64_t>(ms, 30000));
}

}  // namespace

TriggerDelivery::TriggerDelivery(Storage& storage, StreamLog& streams,
                                 std::vector<StreamTrigger> triggers,
                                 size_t batch_size)
    : storage_(storage),
      streams_(streams),
      triggers_(std::move(triggers)),
      batch_size_(std::max<size_t>(batch_size, 1)) {}

Status TriggerDelivery::Position(const ShardKey& k, uint64_t start,
                                 uint64_t* pos) {
  auto it = positions_.find(k);
  if (it != positions_.end()) {
    *pos = it->second;
    return Status::OK();
  }
  const auto& [t, stream, generation, slot] = k;
  std::string v;
  bool found = false;
  DYNAROCK_RETURN_IF_ERROR(storage_.Get(
      Cf::kMeta,
      TriggerPositionKey(stream, generation, slot, triggers_[t].target), &v,
      &found));
  *pos = found && v.size() == 8 ? ReadBigEndian64(v.data()) : start;
  positions_[k] = *pos;
  return Status::OK();
}

Status TriggerDelivery::SavePosition(const ShardKey& k, uint64_t pos) {
  const auto& [t, stream, generation, slot] = k;
  std::string v;
  AppendBigEndian64(pos, &v);
  WriteBatch batch(storage_);
  batch.Put(Cf::kMeta,
            TriggerPositionKey(stream, generation, slot, triggers_[t].target),
            v);
  DYNAROCK_RETURN_IF_ERROR(storage_.Write(&batch));
  positions_[k] = pos;
  return Status::OK();
}

void TriggerDelivery::Step(const StopToken& stop) {
  const auto now = std::chrono::steady_clock::now();
  for (size_t t = 0; t < triggers_.size(); ++t) {
    const StreamTrigger& trigger = triggers_[t];
    for (const StreamLog::StreamView& stream :
         streams_.StreamsOf(trigger.table_name)) {
      RequestContext ctx;
      ctx.region = stream.region;
      const std::string arn =
          TableArn(ctx, stream.table_name) + "/stream/" + stream.label;
      for (const StreamLog::ShardView& shard : stream.shards) {
        if (stop.stop_requested()) return;
        const ShardKey k{t, stream.id, shard.generation, shard.slot};
        if (auto r = retries_.find(k);
            r != retries_.end() && now < r->second.not_before)
          continue;
        // A parent still listed is delivered first.
        if (shard.parent_shard_id && shard.generation > 0) {
          auto parent = std::find_if(
              stream.shards.begin(), stream.shards.end(), [&](const auto& s) {
                return s.generation == shard.generation - 1 &&
                       s.slot == shard.slot;
              });
          uint64_t parent_pos = 0;
          if (parent != stream.shards.end() &&
              (!Position({t, stream.id, parent->generation, parent->slot},
                         parent->start_seq, &parent_pos)
                    .ok() ||
               parent_pos != kDelivered))
            continue;
        }
        uint64_t pos = 0;
        const uint64_t start =
            std::max(shard.start_seq, stream.trimmed_below[shard.slot]);
        if (!Position(k, start, &pos).ok()) continue;
        // Batch after batch while the shard has more.
        while (pos != kDelivered && !stop.stop_requested()) {
          // Records trimmed before they were delivered are gone: go on
          // from the oldest kept, as Lambda does.
          pos = std::max(pos, stream.trimmed_below[shard.slot]);
          std::vector<StreamRecord> records;
          uint64_t next = pos;
          bool done = false;
          if (!streams_
                   .Read(stream.id, shard.generation, shard.slot, pos,
                         batch_size_, &records, &next, &done)
                   .ok())
            break;  // trimmed or gone: nothing to deliver
          if (!records.empty() && !trigger.deliver(arn, records)) {
            Retry& r = retries_[k];
            ++r.failures;
            r.not_before =
                std::chrono::steady_clock::now() + Backoff(r.failures);
            break;
          }
          retries_.erase(k);
          if (records.empty() && !done) {
            // Nothing yet: the next read starts past what was looked at,
            // which need not be stored.
            positions_[k] = next;
            break;
          }
          const uint64_t to = done ? kDelivered : next;
          if (Status w = SavePosition(k, to); !w.ok()) {
            std::cerr << "dynarock: stream trigger for " << trigger.table_name
                      << ": " << w.message() << std::endl;
            break;
          }
          pos = to;
          if (records.size() < batch_size_) break;
        }
      }
    }
  }
}

}  // namespace dynarock
