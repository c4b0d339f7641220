// Reads on disk across table files: a table written in rounds (some of it
// compacted into the last level, some in newer files, some still in the
// write-ahead log), closed and opened again, answers every GetItem, Query
// (both directions, paged, on the table and on a GSI) and Scan as a model
// of the same writes does. This is what the on-disk layout's read shortcuts
// must not change: partitioned filters that answer "absent" for a key or a
// partition, and index blocks found through a pinned top level
// (engine/storage/storage.cc). The memory budgets are set tiny so that the
// data spans many files and blocks and few reads hit a cache.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "engine/engine.h"
#include "engine/requests.h"
#include "engine/status.h"
#include "engine/storage/storage.h"

namespace dynarock {
namespace {

using AV = AttributeValue;

constexpr char kTable[] = "layout";
constexpr int kPartitions = 300;
constexpr int kItemsPerPartition = 12;

std::string Outcome(const Status& s) { return s.ok() ? "OK" : s.message(); }
template <typename T>
std::string Outcome(const Result<T>& r) {
  return Outcome(r.status());
}

std::string Pk(int p) { return "P#" + std::to_string(p * 7919 % 100003); }
std::string Sk(int i) {
  char buf[16];
  snprintf(buf, sizeof buf, "S#%04d", i);
  return buf;
}

// An item of partition p, sort key i, written in `round`: its GSI1 key
// moves with the round, so that an overwrite must remove its old entry.
Item MakeItem(int p, int i, int round) {
  std::string pk = Pk(p), sk = Sk(i);
  return {
      {"PK", AV::S(pk)},
      {"SK", AV::S(sk)},
      {"GSI1PK", AV::S("G#" + std::to_string((p + i) % 40))},
      {"GSI1SK", AV::S("R" + std::to_string(round) + "#" + pk + "#" + sk)},
      {"round", AV::N(std::to_string(round))},
      {"payload", AV::S(std::string(300, static_cast<char>('a' + p % 26)))}};
}

Item KeyOf(const Item& item) {
  return {{"PK", item.at("PK")}, {"SK", item.at("SK")}};
}

class DiskLayoutTest : public testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dynarock_layout_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    Open();
    CreateTable();
  }

  void CreateTable() {
    CreateTableRequest req;
    req.table_name = kTable;
    for (const char* a : {"PK", "SK", "GSI1PK", "GSI1SK"}) {
      req.attribute_definitions.push_back({a, ValueType::kS});
    }
    req.key_schema = {{"PK", KeyType::kHash}, {"SK", KeyType::kRange}};
    req.billing_mode = BillingMode::kPayPerRequest;
    GlobalSecondaryIndex gsi;
    gsi.index_name = "GSI1";
    gsi.key_schema = {{"GSI1PK", KeyType::kHash}, {"GSI1SK", KeyType::kRange}};
    gsi.projection.projection_type = ProjectionType::kAll;
    req.global_secondary_indexes = std::vector<GlobalSecondaryIndex>{gsi};
    ASSERT_EQ(Outcome(engine_->CreateTable(ctx_, req)), "OK");
  }

  void TearDown() override {
    engine_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Open() {
    engine_.reset();
    EngineOptions options;
    options.path = dir_;
    options.in_memory = in_memory_;
    options.block_cache_bytes = 256 << 10;
    options.write_buffer_bytes = 1 << 20;
    auto opened = Engine::Open(options);
    ASSERT_TRUE(opened.ok()) << Outcome(opened);
    engine_ = std::move(opened).value();
  }

  // Puts and deletes through BatchWriteItem, 25 at a time, and into the
  // model.
  void Write(std::vector<WriteRequest> writes) {
    for (size_t i = 0; i < writes.size(); i += 25) {
      BatchWriteItemRequest req;
      auto& list =
          req.request_items.emplace_back(kTable, std::vector<WriteRequest>())
              .second;
      for (size_t j = i; j < writes.size() && j < i + 25; ++j) {
        const WriteRequest& w = writes[j];
        if (w.put_item) {
          model_[w.put_item->at("PK").scalar()][w.put_item->at("SK").scalar()] =
              *w.put_item;
        } else {
          auto it = model_.find(w.delete_key->at("PK").scalar());
          if (it != model_.end()) {
            it->second.erase(w.delete_key->at("SK").scalar());
            if (it->second.empty()) model_.erase(it);
          }
        }
        list.push_back(w);
      }
      auto r = engine_->BatchWriteItem(ctx_, std::move(req));
      ASSERT_EQ(Outcome(r), "OK");
      ASSERT_TRUE(r->unprocessed_items.empty());
    }
  }

  static WriteRequest Put(Item item) {
    WriteRequest w;
    w.put_item = std::move(item);
    return w;
  }
  static WriteRequest Delete(Item key) {
    WriteRequest w;
    w.delete_key = std::move(key);
    return w;
  }

  // Every item of one partition through Query, `limit` a page.
  std::vector<Item> QueryAll(const std::string& pk, bool forward, int limit,
                             std::optional<std::string> index = std::nullopt) {
    std::vector<Item> out;
    std::optional<Item> start;
    for (int pages = 0; pages < 1000; ++pages) {
      QueryRequest req;
      req.table_name = kTable;
      req.index_name = index;
      const std::string attr = index ? "GSI1PK" : "PK";
      req.key_condition_expression = attr + " = :pk";
      req.expression_attribute_values = AttributeValues{{":pk", AV::S(pk)}};
      req.scan_index_forward = forward;
      req.limit = limit;
      req.exclusive_start_key = start;
      auto r = engine_->Query(ctx_, std::move(req));
      EXPECT_EQ(Outcome(r), "OK");
      if (!r.ok()) break;
      for (Item& item : r->items) out.push_back(std::move(item));
      if (!r->last_evaluated_key) break;
      start = r->last_evaluated_key;
    }
    return out;
  }

  std::vector<Item> ModelPartition(const std::string& pk) const {
    std::vector<Item> out;
    auto it = model_.find(pk);
    if (it == model_.end()) return out;
    for (const auto& [sk, item] : it->second) out.push_back(item);
    return out;
  }

  // The model's GSI1 partition, in GSI1SK order.
  std::vector<Item> ModelIndexPartition(const std::string& gpk) const {
    std::map<std::string, Item> by_sort;
    for (const auto& [pk, items] : model_) {
      for (const auto& [sk, item] : items) {
        if (item.at("GSI1PK").scalar() == gpk)
          by_sort[item.at("GSI1SK").scalar()] = item;
      }
    }
    std::vector<Item> out;
    for (auto& [s, item] : by_sort) out.push_back(item);
    return out;
  }

  size_t ModelSize() const {
    size_t n = 0;
    for (const auto& [pk, items] : model_) n += items.size();
    return n;
  }

  // Every check, against the model.
  void ExpectMatchesModel() {
    // GetItem: each item, a deleted key, a key of a partition never written.
    for (const auto& [pk, items] : model_) {
      for (const auto& [sk, item] : items) {
        GetItemRequest get{kTable, KeyOf(item)};
        auto r = engine_->GetItem(ctx_, std::move(get));
        ASSERT_EQ(Outcome(r), "OK");
        ASSERT_TRUE(r->item.has_value()) << pk << " " << sk;
        ASSERT_EQ(*r->item, item) << pk << " " << sk;
      }
    }
    for (const Item& key :
         {Item{{"PK", AV::S(Pk(3))}, {"SK", AV::S(Sk(0))}},
          Item{{"PK", AV::S("P#never")}, {"SK", AV::S(Sk(1))}}}) {
      auto r = engine_->GetItem(ctx_, GetItemRequest{kTable, key});
      ASSERT_EQ(Outcome(r), "OK");
      EXPECT_FALSE(r->item.has_value()) << key.at("PK").scalar();
    }

    // Query, forward and backward, in pages of 5, on every partition that
    // was ever written, and on one that never was.
    for (int p = 0; p < kPartitions + 20; ++p) {
      const std::string pk = Pk(p);
      std::vector<Item> want = ModelPartition(pk);
      EXPECT_EQ(QueryAll(pk, true, 5), want) << pk;
      std::vector<Item> backward(want.rbegin(), want.rend());
      EXPECT_EQ(QueryAll(pk, false, 5), backward) << pk;
    }
    EXPECT_TRUE(QueryAll("P#never", true, 5).empty());

    // The GSI, forward, in pages of 7.
    for (int g = 0; g < 40; ++g) {
      const std::string gpk = "G#" + std::to_string(g);
      EXPECT_EQ(QueryAll(gpk, true, 7, "GSI1"), ModelIndexPartition(gpk))
          << gpk;
    }

    // A parallel Scan of 4 segments sees each item once.
    std::set<std::pair<std::string, std::string>> seen;
    size_t scanned = 0;
    for (int segment = 0; segment < 4; ++segment) {
      std::optional<Item> start;
      for (int pages = 0; pages < 1000; ++pages) {
        ScanRequest req;
        req.table_name = kTable;
        req.total_segments = 4;
        req.segment = segment;
        req.limit = 500;
        req.exclusive_start_key = start;
        auto r = engine_->Scan(ctx_, std::move(req));
        ASSERT_EQ(Outcome(r), "OK");
        for (const Item& item : r->items) {
          seen.emplace(item.at("PK").scalar(), item.at("SK").scalar());
          ++scanned;
        }
        if (!r->last_evaluated_key) break;
        start = r->last_evaluated_key;
      }
    }
    EXPECT_EQ(scanned, ModelSize());
    EXPECT_EQ(seen.size(), ModelSize());

    auto described = engine_->DescribeTable(ctx_, DescribeTableRequest{kTable});
    ASSERT_EQ(Outcome(described), "OK");
    EXPECT_EQ(described->table.item_count, static_cast<int64_t>(ModelSize()));
  }

  // Rounds 1 and 2 of writes, each checked against the model.
  void WriteRounds();

  std::string dir_;
  bool in_memory_ = false;
  std::unique_ptr<Engine> engine_;
  RequestContext ctx_;
  std::map<std::string, std::map<std::string, Item>> model_;
};

TEST_F(DiskLayoutTest, ReadsAcrossFilesAndLevelsMatchTheModel) {
  WriteRounds();
  // Round 3, left in the write-ahead log: Pk(3)'s items gone, a few more
  // overwrites. Then the database is closed and opened again.
  std::vector<WriteRequest> writes;
  for (int i = 0; i < kItemsPerPartition + 1; ++i) {
    writes.push_back(Delete(KeyOf(MakeItem(3, i, 0))));
  }
  for (int p = 1; p < kPartitions; p += 7) {
    writes.push_back(Put(MakeItem(p, 1, 3)));
  }
  Write(std::move(writes));
  Open();
  ExpectMatchesModel();
}

// In memory, table files live in memory of their own
// (engine/storage/memory_files.h): the same rounds, flushed and compacted
// through them, read back alike.
TEST_F(DiskLayoutTest, InMemoryTableFilesMatchTheModel) {
  in_memory_ = true;
  Open();
  CreateTable();
  WriteRounds();
  ASSERT_EQ(Outcome(engine_->CompactAll()), "OK");
  ExpectMatchesModel();
}

void DiskLayoutTest::WriteRounds() {
  // Round 1: every partition, compacted into the last level.
  std::vector<WriteRequest> writes;
  for (int p = 0; p < kPartitions; ++p) {
    for (int i = 0; i < kItemsPerPartition; ++i) {
      writes.push_back(Put(MakeItem(p, i, 1)));
    }
  }
  Write(std::move(writes));
  ASSERT_EQ(Outcome(engine_->CompactAll()), "OK");

  // Round 2, in newer files: a third of the items overwritten (their GSI1
  // key moves), every partition divisible by 3 emptied of its even items,
  // new items in old partitions, and 20 new partitions.
  writes.clear();
  for (int p = 0; p < kPartitions; ++p) {
    for (int i = 0; i < kItemsPerPartition; ++i) {
      if (p % 3 == 0 && i % 2 == 0) {
        writes.push_back(Delete(KeyOf(MakeItem(p, i, 0))));
      } else if ((p + i) % 3 == 0) {
        writes.push_back(Put(MakeItem(p, i, 2)));
      }
    }
    if (p % 5 == 0) writes.push_back(Put(MakeItem(p, kItemsPerPartition, 2)));
  }
  for (int p = kPartitions; p < kPartitions + 20; ++p) {
    for (int i = 0; i < 4; ++i) writes.push_back(Put(MakeItem(p, i, 2)));
  }
  Write(std::move(writes));
  ExpectMatchesModel();
}

// A Storage of its own in a scratch directory, removed after the test.
class ScratchStorage : public testing::Test {
 protected:
  // Null (and a failure) if it does not open.
  Storage* OpenInScratchDirectory(size_t write_buffer_bytes) {
    char tmpl[] = "/tmp/dynarock_storage_test.XXXXXX";
    if (!mkdtemp(tmpl)) {
      ADD_FAILURE() << "mkdtemp failed";
      return nullptr;
    }
    dir_ = tmpl;
    EngineOptions options;
    options.path = dir_;
    options.block_cache_bytes = 1 << 20;
    options.write_buffer_bytes = write_buffer_bytes;
    auto opened = Storage::Open(options);
    if (!opened.ok()) {
      ADD_FAILURE() << Outcome(opened);
      return nullptr;
    }
    storage_ = std::move(opened).value();
    return storage_.get();
  }
  void TearDown() override {
    storage_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

 private:
  std::string dir_;
  std::unique_ptr<Storage> storage_;
};
using IdleMerge = ScratchStorage;
using StorageReportTest = ScratchStorage;

// The idle task's merge of sorted runs (engine/storage/storage.cc): a few
// writes above a large oldest run are merged among themselves and leave it
// as it is; a quarter of it or more are merged with it into one run.
// Every key reads its last value throughout.
TEST_F(IdleMerge, RewritesTheOldestRunOnlyWhenMuchWasWritten) {
  Storage* opened = OpenInScratchDirectory(8 << 20);
  ASSERT_NE(opened, nullptr);
  Storage& storage = *opened;
  // Keys of 24 bytes (the column family's prefix is 16); values that
  // compress about as items do.
  auto key = [](int i) {
    char buf[32];
    snprintf(buf, sizeof buf, "key-of-item-%012d", i * 7919 % 1000003);
    return std::string(buf);
  };
  auto value = [](int i, int round) {
    return "round " + std::to_string(round) + " item " + std::to_string(i) +
           std::string(200, static_cast<char>('a' + i % 26));
  };
  std::map<std::string, std::string> model;
  auto write = [&](int from, int to, int round) {
    WriteBatch batch(storage);
    for (int i = from; i < to; ++i) {
      batch.Put(Cf::kItems, key(i), value(i, round));
      model[key(i)] = value(i, round);
    }
    ASSERT_EQ(Outcome(storage.Write(&batch)), "OK");
  };
  auto check = [&] {
    for (const auto& [k, v] : model) {
      std::string got;
      bool found = false;
      ASSERT_EQ(Outcome(storage.Get(Cf::kItems, k, &got, &found, nullptr,
                                    Storage::Fill::kNoFill)),
                "OK");
      ASSERT_TRUE(found) << k;
      ASSERT_EQ(got, v) << k;
    }
  };

  write(0, 20000, 0);
  ASSERT_EQ(Outcome(storage.CompactAll()), "OK");
  const std::vector<uint64_t> one = storage.SortedRuns(Cf::kItems);
  ASSERT_EQ(one.size(), 1u);

  // Two small runs (a fortieth each, overwrites and new keys) above it.
  write(19500, 20000, 1);
  storage.FlushAndMergeSortedRuns();
  write(20000, 20500, 2);
  storage.FlushAndMergeSortedRuns();
  std::vector<uint64_t> runs = storage.SortedRuns(Cf::kItems);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs.back(), one.back());  // the oldest, as it was
  check();

  // Then 2,000 more: the newer run holds 3,000 entries, under a quarter
  // of the oldest's 20,000 (a tenth was once the line): still two runs.
  write(0, 2000, 3);
  storage.FlushAndMergeSortedRuns();
  runs = storage.SortedRuns(Cf::kItems);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs.back(), one.back());
  check();

  // 2,000 new keys: 5,000 entries above the oldest, a quarter: one run.
  write(20500, 22500, 4);
  storage.FlushAndMergeSortedRuns();
  runs = storage.SortedRuns(Cf::kItems);
  EXPECT_EQ(runs.size(), 1u);
  check();
}

// Rewrites of the same keys leave the newer run small, but once as many
// entries as the oldest run holds have been written out since it was last
// merged whole, everything is merged into one run again: what a write
// costs in rewrites stays bounded.
TEST_F(IdleMerge, RewritesTheOldestRunOnceItsSizeWasWritten) {
  Storage* opened = OpenInScratchDirectory(8 << 20);
  ASSERT_NE(opened, nullptr);
  Storage& storage = *opened;
  auto write = [&](int from, int to, int round) {
    WriteBatch batch(storage);
    for (int i = from; i < to; ++i) {
      batch.Put(Cf::kItems, "half-key-" + std::to_string(100000 + i),
                "round " + std::to_string(round) + std::string(100, 'h'));
    }
    ASSERT_EQ(Outcome(storage.Write(&batch)), "OK");
  };
  write(0, 20000, 0);
  ASSERT_EQ(Outcome(storage.CompactAll()), "OK");
  ASSERT_EQ(storage.SortedRuns(Cf::kItems).size(), 1u);
  // The same 1,000 keys each round: 19,000 entries written out in 19
  // rounds, under 20,000, and a newer run of 1,000.
  for (int round = 1; round <= 19; ++round) {
    write(0, 1000, round);
    storage.FlushAndMergeSortedRuns();
    ASSERT_EQ(storage.SortedRuns(Cf::kItems).size(), 2u) << round;
  }
  // The twentieth brings it to 20,000: one run.
  write(0, 1000, 20);
  storage.FlushAndMergeSortedRuns();
  EXPECT_EQ(storage.SortedRuns(Cf::kItems).size(), 1u);
  std::string got;
  bool found = false;
  ASSERT_EQ(Outcome(storage.Get(Cf::kItems, "half-key-100999", &got, &found,
                                nullptr, Storage::Fill::kNoFill)),
            "OK");
  EXPECT_EQ(got, "round 20" + std::string(100, 'h'));
}

// Writes that outrun the memtables leave RocksDB merging runs of its own
// as the idle merge starts: it waits for those merges rather than give up
// on the runs they hold (which left up to nine runs until the next
// writes).
TEST_F(IdleMerge, WaitsForRocksDbsOwnMerges) {
  Storage* opened = OpenInScratchDirectory(1 << 20);  // memtables of 256 KB
  ASSERT_NE(opened, nullptr);
  Storage& storage = *opened;
  auto write = [&](int from, int to) {
    for (int i = from; i < to; i += 100) {
      WriteBatch batch(storage);
      for (int k = i; k < i + 100; ++k) {
        char key[32];
        snprintf(key, sizeof key, "wait-key-%012d", k * 7919 % 1000003);
        // Values that do not compress: the oldest run is compressed,
        // and RocksDB merges everything itself once the newer runs are
        // twice its size in bytes.
        std::string value(600, ' ');
        uint64_t x = k * 0x9E3779B97F4A7C15ull + 1;
        for (char& c : value) {
          x ^= x << 13, x ^= x >> 7, x ^= x << 17;
          c = static_cast<char>('!' + x % 90);
        }
        batch.Put(Cf::kItems, key, value);
      }
      ASSERT_EQ(Outcome(storage.Write(&batch)), "OK");
    }
  };
  write(0, 40000);
  ASSERT_EQ(Outcome(storage.CompactAll()), "OK");
  for (int round = 0; round < 5; ++round) {
    // The same 2,000 keys, 1.2 MB: five memtables written out, which
    // RocksDB starts merging while the next ones fill; together under a
    // quarter of the oldest run's 40,000 entries.
    write(0, 2000);
    storage.FlushAndMergeSortedRuns();
    EXPECT_EQ(storage.SortedRuns(Cf::kItems).size(), 2u) << round;
  }
}

// Storage::Describe counts each column family's runs, flushes and merges
// since open, and the batches written.
TEST_F(StorageReportTest, CountsRunsFlushesAndMerges) {
  Storage* opened = OpenInScratchDirectory(8 << 20);
  ASSERT_NE(opened, nullptr);
  Storage& storage = *opened;
  auto write = [&](int from, int to) {
    WriteBatch batch(storage);
    for (int i = from; i < to; ++i) {
      batch.Put(Cf::kItems, "report-key-" + std::to_string(10000 + i),
                std::string(100, 'v'));
    }
    ASSERT_EQ(Outcome(storage.Write(&batch)), "OK");
  };
  auto items = [&] {
    StorageReport report = storage.Describe();
    EXPECT_EQ(report.column_families.size(), 5u);
    for (StorageReport::ColumnFamily& cf : report.column_families) {
      if (cf.name == "items") return std::make_pair(report.writes, cf);
    }
    ADD_FAILURE() << "no items column family";
    return std::make_pair(report.writes, StorageReport::ColumnFamily{});
  };
  std::vector<std::string> names;
  for (const auto& cf : storage.Describe().column_families)
    names.push_back(cf.name);
  EXPECT_EQ(names, (std::vector<std::string>{"meta", "catalog", "items",
                                             "indexes", "streams"}));

  write(0, 1000);
  auto [writes, cf] = items();
  EXPECT_EQ(writes, 1u);
  EXPECT_TRUE(cf.run_entries.empty());  // in the memtable
  EXPECT_EQ(cf.flushes, 0u);

  storage.FlushAndMergeSortedRuns();  // one run: nothing to merge
  std::tie(writes, cf) = items();
  EXPECT_EQ(cf.run_entries, std::vector<uint64_t>{1000});
  ASSERT_EQ(cf.run_bytes.size(), 1u);
  EXPECT_EQ(cf.flushes, 1u);
  EXPECT_EQ(cf.flushed_entries, 1000u);
  EXPECT_EQ(cf.flushed_bytes, cf.run_bytes[0]);
  EXPECT_EQ(cf.merges, 0u);
  const uint64_t first_file = cf.run_bytes[0];

  // 500 overwrites and 500 new keys, then everything merged: 2,000
  // entries read, 1,500 written.
  write(500, 1500);
  ASSERT_EQ(Outcome(storage.CompactAll()), "OK");
  std::tie(writes, cf) = items();
  EXPECT_EQ(writes, 2u);
  EXPECT_EQ(cf.run_entries, std::vector<uint64_t>{1500});
  EXPECT_EQ(cf.flushes, 2u);
  EXPECT_EQ(cf.flushed_entries, 2000u);
  EXPECT_EQ(cf.merges, 1u);
  EXPECT_EQ(cf.merged_entries_read, 2000u);
  EXPECT_EQ(cf.merged_entries_written, 1500u);
  EXPECT_EQ(cf.merged_bytes_read, cf.flushed_bytes);
  EXPECT_GT(cf.flushed_bytes, first_file);
  EXPECT_EQ(cf.merged_bytes_written, cf.run_bytes[0]);

  // Two runs of 100 new keys each above it: the idle merge merges them
  // into one (on its own thread, which RocksDB reports to no listener),
  // and that merge is counted too.
  const StorageReport::ColumnFamily whole = cf;
  write(2000, 2100);
  storage.FlushAndMergeSortedRuns();
  write(2100, 2200);
  storage.FlushAndMergeSortedRuns();
  std::tie(writes, cf) = items();
  EXPECT_EQ(cf.run_entries, (std::vector<uint64_t>{200, 1500}));
  EXPECT_EQ(cf.flushes, 4u);
  EXPECT_EQ(cf.merges, 2u);
  EXPECT_EQ(cf.merged_entries_read - whole.merged_entries_read, 200u);
  EXPECT_EQ(cf.merged_entries_written - whole.merged_entries_written, 200u);
  EXPECT_EQ(cf.merged_bytes_written - whole.merged_bytes_written,
            cf.run_bytes[0]);
}

// In memory too, the idle task writes the memtables out (into in-memory
// table files, where a read backwards steps back without searching a skip
// list from its top) some two seconds after the last write. The test waits
// for it, up to 30 seconds; it asserts no time.
TEST_F(IdleMerge, InMemoryTheIdleTaskWritesMemtablesOut) {
  EngineOptions options;
  options.in_memory = true;
  auto opened = Storage::Open(options);
  ASSERT_TRUE(opened.ok()) << Outcome(opened);
  Storage& storage = **opened;
  WriteBatch batch(storage);
  for (int i = 0; i < 100; ++i)
    batch.Put(Cf::kItems, "in-memory-key-" + std::to_string(1000 + i),
              "value " + std::to_string(i));
  ASSERT_EQ(Outcome(storage.Write(&batch)), "OK");
  ASSERT_TRUE(storage.SortedRuns(Cf::kItems).empty());  // in the memtable
  for (int waited = 0; storage.SortedRuns(Cf::kItems).empty() && waited < 300;
       ++waited)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(storage.SortedRuns(Cf::kItems).size(), 1u);
  std::string got;
  bool found = false;
  ASSERT_EQ(Outcome(storage.Get(Cf::kItems, "in-memory-key-1042", &got, &found,
                                nullptr, Storage::Fill::kNoFill)),
            "OK");
  EXPECT_TRUE(found);
  EXPECT_EQ(got, "value 42");
}

}  // namespace
}  // namespace dynarock
