// Streams, TTL and stream triggers through the Engine API, on a manual
// clock: records follow shard lineage across rollovers exactly once and in
// order per item while writers run; they survive a reopen and keep their
// numbering; retention trims them; the TTL sweep deletes through the write
// path; a trigger that fails delivers everything in order, and a restart
// resumes where it stood.
#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "engine/engine.h"
#include "engine/format/item_codec.h"

namespace dynarock {
namespace {

using AV = AttributeValue;

constexpr double kStart = 1.8e9;  // 2027-01-15
constexpr double kHour = 3600;

class StreamsTest : public testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dynarock_streams_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    engine_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Open(std::vector<StreamTrigger> triggers = {},
            double ttl_interval = 0.02) {
    engine_.reset();
    EngineOptions o;
    o.path = dir_;
    o.clock = &clock_;
    o.ttl_interval_seconds = ttl_interval;
    o.stream_triggers = std::move(triggers);
    o.trigger_batch_size = 7;
    auto e = Engine::Open(o);
    ASSERT_TRUE(e.ok()) << e.status().message();
    engine_ = std::move(e).value();
  }

  // Table "events" (PK) with a stream of the given view type; its ARN.
  std::string CreateTable(StreamViewType view,
                          const std::string& name = "events") {
    CreateTableRequest req;
    req.table_name = name;
    req.attribute_definitions = {{"PK", ValueType::kS}};
    req.key_schema = {{"PK", KeyType::kHash}};
    req.billing_mode = BillingMode::kPayPerRequest;
    req.stream_specification = StreamSpecification{true, view};
    auto r = engine_->CreateTable(ctx_, req);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r->table_description.latest_stream_arn : "";
  }

  // An item of "events" with an `expires` attribute.
  void PutExpiring(const std::string& pk, AV expires) {
    PutItemRequest req;
    req.table_name = "events";
    req.item = {{"PK", AV::S(pk)}, {"expires", std::move(expires)}};
    auto r = engine_->PutItem(ctx_, std::move(req));
    ASSERT_TRUE(r.ok()) << r.status().message();
  }

  bool Exists(const std::string& pk) {
    GetItemRequest req;
    req.table_name = "events";
    req.key = {{"PK", AV::S(pk)}};
    auto r = engine_->GetItem(ctx_, std::move(req));
    EXPECT_TRUE(r.ok());
    return r.ok() && r->item.has_value();
  }

  // Whether the item is gone within five seconds (the sweep runs every
  // 20 ms here).
  bool GoneSoon(const std::string& pk) {
    for (int i = 0; i < 500 && Exists(pk); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return !Exists(pk);
  }

  void EnableTtl() {
    UpdateTimeToLiveRequest ttl;
    ttl.table_name = "events";
    ttl.enabled = true;
    ttl.attribute_name = "expires";
    auto r = engine_->UpdateTimeToLive(ctx_, ttl);
    ASSERT_TRUE(r.ok()) << r.status().message();
  }

  void Put(const std::string& pk, int64_t n) {
    PutItemRequest req;
    req.table_name = "events";
    req.item = {{"PK", AV::S(pk)}, {"n", AV::N(std::to_string(n))}};
    auto r = engine_->PutItem(ctx_, std::move(req));
    ASSERT_TRUE(r.ok()) << r.status().message();
  }

  std::vector<ShardDescription> Shards(const std::string& arn) {
    std::vector<ShardDescription> out;
    DescribeStreamRequest req;
    req.stream_arn = arn;
    for (;;) {
      auto r = engine_->DescribeStream(ctx_, req);
      EXPECT_TRUE(r.ok()) << r.status().message();
      if (!r.ok()) return out;
      for (auto& s : r->stream_description.shards) out.push_back(s);
      if (!r->stream_description.last_evaluated_shard_id) return out;
      req.exclusive_start_shard_id =
          r->stream_description.last_evaluated_shard_id;
    }
  }

  // (PK, n) of every record, read along shard lineage: each shard from
  // TRIM_HORIZON to its end, then its children. Open shards are read to
  // what they hold now; `positions` keeps the last sequence number read in
  // each, so that a later call goes on after it (as a checkpointing
  // reader does: iterators expire).
  void ReadLineage(const std::string& arn,
                   std::map<std::string, std::string>* positions,
                   std::set<std::string>* finished,
                   std::vector<std::pair<std::string, int64_t>>* out) {
    std::vector<ShardDescription> shards = Shards(arn);
    std::set<std::string> listed;
    for (const auto& s : shards) listed.insert(s.shard_id);
    bool progress = true;
    while (progress) {
      progress = false;
      for (const auto& s : shards) {
        if (finished->count(s.shard_id)) continue;
        // A parent still listed is read to its end first.
        if (s.parent_shard_id && listed.count(*s.parent_shard_id) &&
            !finished->count(*s.parent_shard_id))
          continue;
        // From the checkpoint: the writers move the clock by hours, so an
        // iterator may expire between two calls.
        auto fresh = [&]() -> std::string {
          GetShardIteratorRequest req;
          req.stream_arn = arn;
          req.shard_id = s.shard_id;
          req.shard_iterator_type = ShardIteratorType::kTrimHorizon;
          if (auto p = positions->find(s.shard_id); p != positions->end()) {
            req.shard_iterator_type = ShardIteratorType::kAfterSequenceNumber;
            req.sequence_number = p->second;
          }
          auto r = engine_->GetShardIterator(ctx_, req);
          EXPECT_TRUE(r.ok()) << r.status().message();
          return r.ok() ? r->shard_iterator : "";
        };
        std::string iterator = fresh();
        ASSERT_FALSE(iterator.empty());
        for (;;) {
          GetRecordsRequest req;
          req.shard_iterator = iterator;
          req.limit = 5;
          auto r = engine_->GetRecords(ctx_, req);
          if (!r.ok() &&
              r.status().type() == ErrorType::kExpiredIteratorException) {
            iterator = fresh();
            ASSERT_FALSE(iterator.empty());
            continue;
          }
          ASSERT_TRUE(r.ok()) << r.status().message();
          for (const StreamRecord& rec : r->records) {
            Item image;
            ASSERT_TRUE(DecodeItem(*rec.new_image, &image));
            out->emplace_back(image.at("PK").scalar(),
                              std::stoll(image.at("n").scalar()));
            (*positions)[s.shard_id] = rec.sequence_number;
          }
          if (!r->next_shard_iterator) {
            finished->insert(s.shard_id);
            positions->erase(s.shard_id);
            progress = true;
            break;
          }
          iterator = *r->next_shard_iterator;
          if (r->records.empty()) break;
        }
      }
    }
  }

  std::string dir_;
  ManualClock clock_{kStart};
  RequestContext ctx_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(StreamsTest, LineageReaderGetsEveryChangeOnceInOrderAcrossRollovers) {
  Open();
  const std::string arn = CreateTable(StreamViewType::kNewImage);
  constexpr int kWriters = 3, kItemsPerWriter = 4, kRounds = 60;
  std::atomic<int> done_writers{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int n = 1; n <= kRounds; ++n) {
        for (int i = 0; i < kItemsPerWriter; ++i)
          Put("item" + std::to_string(w * kItemsPerWriter + i), n);
        // Every so often a rollover is due: the clock moves 4h and more.
        if (w == 0 && n % 12 == 0) clock_.Advance(4 * kHour + 1);
      }
      ++done_writers;
    });
  }
  std::map<std::string, std::string> positions;
  std::set<std::string> finished;
  std::vector<std::pair<std::string, int64_t>> got;
  while (done_writers < kWriters && !HasFatalFailure())
    ReadLineage(arn, &positions, &finished, &got);
  for (auto& t : writers) t.join();
  ASSERT_FALSE(HasFatalFailure());
  ReadLineage(arn, &positions, &finished, &got);
  // Every item's values, 1..kRounds, each once and in order.
  std::map<std::string, std::vector<int64_t>> per_item;
  for (const auto& [pk, n] : got) per_item[pk].push_back(n);
  ASSERT_EQ(per_item.size(), size_t{kWriters * kItemsPerWriter});
  for (const auto& [pk, ns] : per_item) {
    ASSERT_EQ(ns.size(), size_t{kRounds}) << pk;
    for (int n = 1; n <= kRounds; ++n) EXPECT_EQ(ns[n - 1], n) << pk;
  }
  // The rollovers happened: 4 shards per generation, children of the
  // generation before, which is closed.
  std::vector<ShardDescription> shards = Shards(arn);
  EXPECT_EQ(shards.size(), 4u * 6);
  size_t closed = 0, with_parent = 0;
  for (const auto& s : shards) {
    closed += s.sequence_number_range.ending_sequence_number.has_value();
    with_parent += s.parent_shard_id.has_value();
  }
  EXPECT_EQ(closed, 4u * 5);
  EXPECT_EQ(with_parent, 4u * 5);
}

TEST_F(StreamsTest, RecordsSurviveReopenAndNumbersKeepIncreasing) {
  Open();
  const std::string arn = CreateTable(StreamViewType::kNewImage);
  for (int i = 0; i < 10; ++i) Put("k" + std::to_string(i), 1);
  std::map<std::string, std::string> positions;
  std::set<std::string> finished;
  std::vector<std::pair<std::string, int64_t>> before;
  ReadLineage(arn, &positions, &finished, &before);
  ASSERT_EQ(before.size(), 10u);
  Open();  // closed and opened again
  for (int i = 0; i < 10; ++i) Put("k" + std::to_string(i), 2);
  // The iterators taken before the reopen go on where they stopped.
  std::vector<std::pair<std::string, int64_t>> after;
  ReadLineage(arn, &positions, &finished, &after);
  ASSERT_EQ(after.size(), 10u);
  for (const auto& [pk, n] : after) EXPECT_EQ(n, 2) << pk;
  // From the start, all twenty, in increasing sequence numbers per shard.
  std::map<std::string, std::string> fresh;
  std::set<std::string> fresh_finished;
  std::vector<std::pair<std::string, int64_t>> all;
  ReadLineage(arn, &fresh, &fresh_finished, &all);
  EXPECT_EQ(all.size(), 20u);
}

TEST_F(StreamsTest, RetentionTrimsRecordsOlderThanADay) {
  Open();
  const std::string arn = CreateTable(StreamViewType::kNewImage);
  Put("old", 1);
  clock_.Advance(10 * 60);
  Put("new", 1);
  std::vector<ShardDescription> shards = Shards(arn);
  ASSERT_EQ(shards.size(), 4u);
  // "old" is 23h59 old: still there. Its number, and an iterator at the
  // start of every shard, taken now.
  clock_.Advance(24 * kHour - 11 * 60);
  std::string old_seq, old_shard;
  std::vector<std::string> iterators;
  for (const auto& s : shards) {
    GetShardIteratorRequest req;
    req.stream_arn = arn;
    req.shard_id = s.shard_id;
    req.shard_iterator_type = ShardIteratorType::kTrimHorizon;
    auto it = engine_->GetShardIterator(ctx_, req);
    ASSERT_TRUE(it.ok()) << it.status().message();
    iterators.push_back(it->shard_iterator);
    GetRecordsRequest gr;
    gr.shard_iterator = it->shard_iterator;
    auto r = engine_->GetRecords(ctx_, gr);
    ASSERT_TRUE(r.ok()) << r.status().message();
    for (const auto& rec : r->records) {
      Item image;
      ASSERT_TRUE(DecodeItem(*rec.new_image, &image));
      if (image.at("PK").scalar() == "old") {
        old_seq = rec.sequence_number;
        old_shard = s.shard_id;
      }
    }
  }
  ASSERT_FALSE(old_seq.empty());
  // Six minutes on, "old" is 24h05 old and trimmed, "new" 23h55.
  clock_.Advance(6 * 60);
  const Status trimmed(ErrorType::kTrimmedDataAccessException,
                       "The data you are trying to access has been trimmed.");
  GetShardIteratorRequest at;
  at.stream_arn = arn;
  at.shard_id = old_shard;
  at.shard_iterator_type = ShardIteratorType::kAtSequenceNumber;
  at.sequence_number = old_seq;
  auto r = engine_->GetShardIterator(ctx_, at);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().type(), trimmed.type());
  EXPECT_EQ(r.status().message(), trimmed.message());
  // The iterator that pointed at it (six minutes old: not expired) finds
  // its data trimmed; the other shards' read on.
  int trimmed_reads = 0;
  for (const std::string& it : iterators) {
    GetRecordsRequest req;
    req.shard_iterator = it;
    auto g = engine_->GetRecords(ctx_, req);
    if (!g.ok()) {
      EXPECT_EQ(g.status().type(), trimmed.type());
      EXPECT_EQ(g.status().message(), trimmed.message());
      ++trimmed_reads;
    }
  }
  EXPECT_EQ(trimmed_reads, 1);
  std::map<std::string, std::string> positions;
  std::set<std::string> finished;
  std::vector<std::pair<std::string, int64_t>> got;
  ReadLineage(arn, &positions, &finished, &got);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].first, "new");
}

TEST_F(StreamsTest, TtlSweepDeletesExpiredItemsWithServiceRecords) {
  Open();
  const std::string arn = CreateTable(StreamViewType::kOldImage);
  EnableTtl();
  const auto at = [](double t) {
    return AV::N(std::to_string(static_cast<int64_t>(t)));
  };
  PutExpiring("soon", at(kStart + 60));
  PutExpiring("later", at(kStart + 7200));
  PutExpiring("text", AV::S(std::to_string(static_cast<int64_t>(kStart) + 60)));
  PutExpiring("ancient", at(kStart - 6 * 366 * 86400.0));
  clock_.Advance(120);
  EXPECT_TRUE(GoneSoon("soon"));
  EXPECT_TRUE(Exists("later"));
  EXPECT_TRUE(Exists("text"));
  EXPECT_TRUE(Exists("ancient"));
  // The REMOVE record is the service's, after the four INSERTs.
  int removes = 0;
  for (const auto& s : Shards(arn)) {
    GetShardIteratorRequest req;
    req.stream_arn = arn;
    req.shard_id = s.shard_id;
    req.shard_iterator_type = ShardIteratorType::kTrimHorizon;
    auto it = engine_->GetShardIterator(ctx_, req);
    ASSERT_TRUE(it.ok());
    GetRecordsRequest gr;
    gr.shard_iterator = it->shard_iterator;
    auto r = engine_->GetRecords(ctx_, gr);
    ASSERT_TRUE(r.ok());
    for (const auto& rec : r->records) {
      if (rec.event_name != StreamEventName::kRemove) {
        EXPECT_FALSE(rec.by_service);
        continue;
      }
      ++removes;
      EXPECT_TRUE(rec.by_service);
      EXPECT_EQ(rec.aws_region, "us-east-1");
      ASSERT_TRUE(rec.old_image.has_value());
      EXPECT_FALSE(rec.new_image.has_value());
      Item old;
      ASSERT_TRUE(DecodeItem(*rec.old_image, &old));
      EXPECT_EQ(old.at("PK").scalar(), "soon");
    }
  }
  EXPECT_EQ(removes, 1);
}

// TTL enabled on a table that already holds items: the first pass reads
// the table (deleting what has expired) and fills the expiry index; later
// passes read the index only, which follows each write.
TEST_F(StreamsTest, TtlIndexIsFilledThenFollowsWrites) {
  Open();
  CreateTable(StreamViewType::kKeysOnly);
  const auto at = [](double t) {
    return AV::N(std::to_string(static_cast<int64_t>(t)));
  };
  for (int i = 0; i < 2000; ++i)
    PutExpiring("before" + std::to_string(i),
                at(kStart + (i % 2 ? -100 : 100000)));
  EnableTtl();
  // Written before TTL was enabled, found by the first pass.
  EXPECT_TRUE(GoneSoon("before1"));
  EXPECT_TRUE(GoneSoon("before1999"));
  EXPECT_TRUE(Exists("before0"));
  // Written after: moved in the index by an update, deleted at its new time.
  PutExpiring("moved", at(kStart + 100));
  PutExpiring("moved", at(kStart + 5000));
  clock_.Advance(200);
  PutExpiring("fence", at(kStart + 150));
  EXPECT_TRUE(GoneSoon("fence"));
  EXPECT_TRUE(Exists("moved"));
  clock_.Advance(5000);
  EXPECT_TRUE(GoneSoon("moved"));
  EXPECT_TRUE(Exists("before0"));
  // The items the first pass put in the index expire from it too.
  clock_.Advance(100000);
  EXPECT_TRUE(GoneSoon("before0"));
  EXPECT_TRUE(GoneSoon("before1998"));
}

TEST_F(StreamsTest,
       TriggerDeliversInOrderThroughFailuresAndResumesAfterRestart) {
  struct Receiver {
    std::mutex mu;
    std::vector<std::pair<std::string, int64_t>> got;
    std::set<std::string> arns;
    int failures_left = 2;
  };
  auto receiver = std::make_shared<Receiver>();
  auto trigger = [receiver] {
    StreamTrigger t;
    t.table_name = "events";
    t.target = "test-receiver";
    t.deliver = [receiver](const std::string& arn,
                           const std::vector<StreamRecord>& records) {
      std::lock_guard lock(receiver->mu);
      if (receiver->failures_left > 0) {
        --receiver->failures_left;
        return false;
      }
      receiver->arns.insert(arn);
      for (const auto& r : records) {
        Item image;
        if (!DecodeItem(*r.new_image, &image)) return false;
        receiver->got.emplace_back(image.at("PK").scalar(),
                                   std::stoll(image.at("n").scalar()));
      }
      return true;
    };
    return t;
  };
  auto wait_for = [&](size_t n) {
    for (int i = 0; i < 1000; ++i) {
      {
        std::lock_guard lock(receiver->mu);
        if (receiver->got.size() >= n) return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  };
  Open({trigger()});
  const std::string arn = CreateTable(StreamViewType::kNewImage);
  for (int n = 1; n <= 10; ++n) {
    for (int i = 0; i < 3; ++i) Put("k" + std::to_string(i), n);
    if (n == 5) clock_.Advance(4 * kHour + 1);  // a rollover midway
  }
  wait_for(30);
  Open({trigger()});  // restarted: nothing delivered again
  for (int i = 0; i < 3; ++i) Put("k" + std::to_string(i), 11);
  wait_for(33);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::lock_guard lock(receiver->mu);
  EXPECT_EQ(receiver->arns, std::set<std::string>{arn});
  std::map<std::string, std::vector<int64_t>> per_item;
  for (const auto& [pk, n] : receiver->got) per_item[pk].push_back(n);
  ASSERT_EQ(per_item.size(), 3u);
  for (const auto& [pk, ns] : per_item) {
    ASSERT_EQ(ns.size(), 11u) << pk;
    for (int n = 1; n <= 11; ++n) EXPECT_EQ(ns[n - 1], n) << pk;
  }
}

}  // namespace
}  // namespace dynarock
