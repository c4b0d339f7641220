// The key layout (engine/format/keys.h): every key's exact bytes, the
// bounds of a key space and of a parallel Scan's segments, index entry
// keys (single- and multi-attribute, and the sparse cases), and what
// StageDropKeySpace removes from a real (in-memory) Storage.
#include "engine/format/keys.h"

#include <xxhash.h>

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "engine/engine.h"
#include "engine/format/key_codec.h"
#include "engine/schema/catalog.h"
#include "engine/storage/storage.h"

namespace dynarock {
namespace {

using namespace std::string_literals;
using AV = AttributeValue;

// The eight big-endian bytes of v, built here without the code under test.
std::string Be64(uint64_t v) {
  std::string out;
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xFF));
  return out;
}

// XXH64, seed 0: the partition hash keys.h documents.
uint64_t Xxh64(std::string_view bytes) {
  return XXH64(bytes.data(), bytes.size(), 0);
}

std::string Component(const AV& v) {
  std::string out;
  AppendKeyComponent(v, &out);
  return out;
}

std::string Hex(std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    if (!out.empty()) out.push_back(' ');
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xF]);
  }
  return out;
}

EncodedKey ItemKey(uint64_t id, const AV& pk, const AV* sk = nullptr) {
  EncodedKey k;
  EncodeItemKey(id, pk, sk, &k);
  return k;
}

// An item's attributes for IndexEntryKey: name -> (type, scalar).
class MapSource final : public AttributeSource {
 public:
  MapSource& Add(std::string name, ValueType type, std::string scalar) {
    attrs_[std::move(name)] = {type, std::move(scalar)};
    return *this;
  }
  bool Find(const std::string& name, ValueType* type,
            std::string_view* scalar) const override {
    auto it = attrs_.find(name);
    if (it == attrs_.end()) return false;
    *type = it->second.first;
    *scalar = it->second.second;
    return true;
  }

 private:
  std::map<std::string, std::pair<ValueType, std::string>> attrs_;
};

IndexDef Gsi(uint64_t id, std::vector<KeyAttribute> hash_keys,
             std::vector<KeyAttribute> range_keys = {}) {
  IndexDef ix;
  ix.id = id;
  ix.name = "gsi";
  ix.global = true;
  ix.hash_keys = std::move(hash_keys);
  ix.range_keys = std::move(range_keys);
  ix.hash = ix.hash_keys.front();
  if (!ix.range_keys.empty()) ix.range = ix.range_keys.front();
  return ix;
}

// ------------------------------------------------------------ item keys

TEST(KeysTest, KeyPrefixIsSixteenBytes) { EXPECT_EQ(kKeyPrefixBytes, 16u); }

TEST(KeysTest, EncodeItemKeyIsIdHashPartitionAndSortKey) {
  const AV sk = AV::S("c");
  const EncodedKey k = ItemKey(0x0102030405060708ULL, AV::S("ab"), &sk);
  EXPECT_EQ(Hex(k.partition), Hex("ab\x00\x01"s));
  EXPECT_EQ(Hex(k.bytes),
            Hex("\x01\x02\x03\x04\x05\x06\x07\x08"s +
                Be64(Xxh64("ab\x00\x01"s)) + "ab\x00\x01"s + "c\x00\x01"s));
}

TEST(KeysTest, EncodeItemKeyWithoutSortKeyEndsWithThePartitionKey) {
  const EncodedKey k = ItemKey(7, AV::S("ab"));
  EXPECT_EQ(Hex(k.bytes),
            Hex(Be64(7) + Be64(Xxh64("ab\x00\x01"s)) + "ab\x00\x01"s));
}

TEST(KeysTest, EncodeItemKeyHashesTheEncodedPartitionComponent) {
  // A number partition key: its hash is of the component, not of the text.
  const AV pk = AV::N("42");
  const AV sk = AV::B("\x00\xff"s);
  const EncodedKey k = ItemKey(3, pk, &sk);
  EXPECT_EQ(Hex(k.partition), Hex(Component(pk)));
  EXPECT_EQ(Hex(k.bytes), Hex(Be64(3) + Be64(Xxh64(Component(pk))) +
                              Component(pk) + Component(sk)));
}

TEST(KeysTest, EncodeItemKeyReplacesWhatTheOutputHeld) {
  EncodedKey k;
  const AV long_sk = AV::S(std::string(100, 'z'));
  EncodeItemKey(99, AV::S("previous partition"), &long_sk, &k);
  EncodeItemKey(7, AV::S("ab"), nullptr, &k);
  EXPECT_EQ(Hex(k.partition), Hex("ab\x00\x01"s));
  EXPECT_EQ(Hex(k.bytes),
            Hex(Be64(7) + Be64(Xxh64("ab\x00\x01"s)) + "ab\x00\x01"s));
}

TEST(KeysTest, ComponentsAreTheKeyAfterIdAndHash) {
  const AV sk = AV::N("-1.5");
  const EncodedKey k = ItemKey(11, AV::S("p"), &sk);
  EXPECT_EQ(Hex(k.components()), Hex("p\x00\x01"s + Component(sk)));
  EXPECT_EQ(Hex(ItemKey(11, AV::S("p")).components()), Hex("p\x00\x01"s));
}

TEST(KeysTest, PartitionPrefixIsIdHashAndPartition) {
  EXPECT_EQ(Hex(PartitionPrefix(0x0A0B, "ab\x00\x01"s)),
            Hex(Be64(0x0A0B) + Be64(Xxh64("ab\x00\x01"s)) + "ab\x00\x01"s));
}

TEST(KeysTest, PartitionPrefixIsAPrefixOfEveryItemKeyOfThePartition) {
  const AV pk = AV::S("user#1");
  const std::string prefix = PartitionPrefix(5, Component(pk));
  const std::vector<AV> sort_keys = {
      AV::S(""),        AV::S("a"),       AV::S("\xff\xff"), AV::N("0"),
      AV::N("-1E-130"), AV::N("9.9E125"), AV::B("\x00"s),    AV::B("\xff")};
  EXPECT_EQ(ItemKey(5, pk).bytes, prefix);
  for (const AV& sk : sort_keys) {
    const std::string key = ItemKey(5, pk, &sk).bytes;
    EXPECT_EQ(Hex(key.substr(0, prefix.size())), Hex(prefix)) << Hex(key);
  }
}

TEST(KeysTest, PartitionPrefixIsNoPrefixOfAnotherPartitionsKeys) {
  // "a" is a byte prefix of "ab", but its component is not of "ab"'s.
  const std::string prefix = PartitionPrefix(5, Component(AV::S("a")));
  const AV sk = AV::S("x");
  for (const AV& pk : {AV::S("ab"), AV::S("b"), AV::N("1")}) {
    const std::string key = ItemKey(5, pk, &sk).bytes;
    EXPECT_NE(Hex(key.substr(0, prefix.size())), Hex(prefix)) << Hex(key);
  }
  EXPECT_NE(ItemKey(6, AV::S("a")).bytes.substr(0, prefix.size()), prefix);
}

// ------------------------------------------------------------ key spaces

TEST(KeysTest, KeySpaceBeginIsTheBigEndianId) {
  EXPECT_EQ(Hex(KeySpaceBegin(0x0102030405060708ULL)),
            Hex("\x01\x02\x03\x04\x05\x06\x07\x08"s));
  EXPECT_EQ(Hex(KeySpaceBegin(1)), Hex("\x00\x00\x00\x00\x00\x00\x00\x01"s));
}

TEST(KeysTest, AppendKeySpaceAppendsTheBigEndianId) {
  std::string out = "x";
  AppendKeySpace(0xFF01, &out);
  EXPECT_EQ(Hex(out), Hex("x\x00\x00\x00\x00\x00\x00\xff\x01"s));
}

TEST(KeysTest, KeySpaceEndIsTheNextIdsBegin) {
  EXPECT_EQ(Hex(KeySpaceEnd(5)), Hex(KeySpaceBegin(6)));
  EXPECT_EQ(Hex(KeySpaceEnd(0xFF)), Hex("\x00\x00\x00\x00\x00\x00\x01\x00"s));
}

TEST(KeysTest, KeySpaceBoundsEveryKeyOfTheIdAndNoKeyOfItsNeighbours) {
  const uint64_t id = 0x00000000000000FFULL;
  const std::string begin = KeySpaceBegin(id);
  const std::string end = KeySpaceEnd(id);
  const AV max_sk = AV::B(std::string(64, '\xff'));
  for (int i = 0; i < 500; ++i) {
    const AV pk = AV::S("k" + std::to_string(i));
    for (uint64_t other : {id - 1, id, id + 1}) {
      for (const AV* sk : {static_cast<const AV*>(nullptr), &max_sk}) {
        const std::string key = ItemKey(other, pk, sk).bytes;
        const bool inside = begin <= key && key < end;
        EXPECT_EQ(inside, other == id) << other << " " << Hex(key);
      }
    }
  }
  // An index entry of the id whose hash is all ones and whose components
  // are all 0xff bytes still lies below the end.
  const std::string highest = Be64(id) + std::string(200, '\xff');
  EXPECT_LT(highest, end);
  EXPECT_LE(begin, Be64(id) + std::string(16, '\0'));
}

TEST(KeysTest, ScanSegmentBoundariesAreExactSharesOfTheHashSpace) {
  const std::map<int64_t, std::vector<uint64_t>> lowers = {
      {1, {0}},
      {2, {0, 0x8000000000000000ULL}},
      {3, {0, 0x5555555555555555ULL, 0xAAAAAAAAAAAAAAAAULL}},
      {7,
       {0, 0x2492492492492492ULL, 0x4924924924924924ULL, 0x6DB6DB6DB6DB6DB6ULL,
        0x9249249249249249ULL, 0xB6DB6DB6DB6DB6DBULL, 0xDB6DB6DB6DB6DB6DULL}},
  };
  for (const auto& [total, bounds] : lowers) {
    for (int64_t s = 0; s < total; ++s) {
      std::string lower, upper;
      ScanSegmentRange(9, s, total, &lower, &upper);
      EXPECT_EQ(Hex(lower), Hex(Be64(9) + Be64(bounds[s])))
          << s << " of " << total;
      const std::string want_upper =
          s + 1 < total ? Be64(9) + Be64(bounds[s + 1]) : KeySpaceEnd(9);
      EXPECT_EQ(Hex(upper), Hex(want_upper)) << s << " of " << total;
    }
  }
}

TEST(KeysTest, ScanSegmentsAreContiguousFromTheSpacesStartToItsEnd) {
  for (int64_t total : {1, 2, 3, 7}) {
    std::string previous_upper;
    for (int64_t s = 0; s < total; ++s) {
      std::string lower, upper;
      ScanSegmentRange(9, s, total, &lower, &upper);
      if (s == 0) {
        // Below every key of the space: id . 00000000 00000000.
        EXPECT_EQ(Hex(lower), Hex(KeySpaceBegin(9) + std::string(8, '\0')));
      } else {
        EXPECT_EQ(Hex(lower), Hex(previous_upper)) << s << " of " << total;
      }
      EXPECT_LT(lower, upper) << s << " of " << total;
      previous_upper = upper;
    }
    EXPECT_EQ(Hex(previous_upper), Hex(KeySpaceEnd(9))) << total;
  }
}

TEST(KeysTest, EveryKeyOfTheSpaceFallsInExactlyTheSegmentOfItsHash) {
  for (int64_t total : {1, 2, 3, 7}) {
    std::vector<std::pair<std::string, std::string>> ranges(total);
    for (int64_t s = 0; s < total; ++s)
      ScanSegmentRange(9, s, total, &ranges[s].first, &ranges[s].second);
    for (int i = 0; i < 300; ++i) {
      const AV pk = AV::S("p" + std::to_string(i));
      const AV sk = AV::N(std::to_string(i));
      const EncodedKey k = ItemKey(9, pk, &sk);
      const uint64_t hash = Xxh64(k.partition);
      const int64_t want = static_cast<int64_t>(
          (static_cast<unsigned __int128>(hash) * total) >> 64);
      int64_t in = 0;
      for (int64_t s = 0; s < total; ++s) {
        if (ranges[s].first <= k.bytes && k.bytes < ranges[s].second) {
          ++in;
          EXPECT_EQ(s, want) << Hex(k.bytes) << " total " << total;
        }
      }
      EXPECT_EQ(in, 1) << Hex(k.bytes) << " total " << total;
    }
  }
}

TEST(KeysTest, ScanSegmentRangeReplacesWhatTheOutputsHeld) {
  std::string lower = "old lower", upper = "old upper";
  ScanSegmentRange(9, 0, 1, &lower, &upper);
  EXPECT_EQ(Hex(lower), Hex(Be64(9) + Be64(0)));
  EXPECT_EQ(Hex(upper), Hex(Be64(10)));
}

// ------------------------------------------------------------ kMeta

TEST(KeysTest, NextIdKeyIsNextId) {
  EXPECT_EQ(std::string(kNextIdKey), "next_id");
}

TEST(KeysTest, StatsKeyIsStatsAndTheBigEndianId) {
  EXPECT_EQ(Hex(StatsKey(0x0102030405060708ULL)),
            Hex("stats\x01\x02\x03\x04\x05\x06\x07\x08"s));
  EXPECT_EQ(Hex(StatsKey(1)), Hex("stats\x00\x00\x00\x00\x00\x00\x00\x01"s));
}

TEST(KeysTest, ThroughputHistoryKeyIsTphistAndTheBigEndianId) {
  EXPECT_EQ(Hex(ThroughputHistoryKey(0x0102030405060708ULL)),
            Hex("tphist\x01\x02\x03\x04\x05\x06\x07\x08"s));
  EXPECT_EQ(Hex(ThroughputHistoryKey(1)),
            Hex("tphist\x00\x00\x00\x00\x00\x00\x00\x01"s));
}

TEST(KeysTest, BackfillCountedKeyIsBfcountAndTheBigEndianId) {
  EXPECT_EQ(Hex(BackfillCountedKey(0x0102030405060708ULL)),
            Hex("bfcount\x01\x02\x03\x04\x05\x06\x07\x08"s));
  EXPECT_EQ(Hex(BackfillCountedKey(1)),
            Hex("bfcount\x00\x00\x00\x00\x00\x00\x00\x01"s));
}

// ------------------------------------------------------------ index entries

TEST(KeysTest, IndexEntryKeyIsIdHashIndexKeyAndTableKey) {
  const IndexDef ix = Gsi(42, {{"g", ValueType::kS}}, {{"r", ValueType::kN}});
  MapSource item;
  item.Add("g", ValueType::kS, "gv")
      .Add("r", ValueType::kN, "7")
      .Add("other", ValueType::kS, "ignored");
  const AV table_sk = AV::N("3");
  const EncodedKey table_key = ItemKey(1, AV::S("pk"), &table_sk);
  std::string key = "stale";
  ASSERT_TRUE(IndexEntryKey(ix, item, table_key.components(), &key));
  EXPECT_EQ(Hex(key),
            Hex(Be64(42) + Be64(Xxh64("gv\x00\x01"s)) + "gv\x00\x01"s +
                Component(AV::N("7")) + "pk\x00\x01"s + Component(table_sk)));
}

TEST(KeysTest, IndexEntryKeyWithoutRangeKeyIsIdHashHashKeyAndTableKey) {
  const IndexDef ix = Gsi(42, {{"g", ValueType::kB}});
  MapSource item;
  item.Add("g", ValueType::kB, "\x00\x01"s);
  const EncodedKey table_key = ItemKey(1, AV::S("pk"));
  std::string key;
  ASSERT_TRUE(IndexEntryKey(ix, item, table_key.components(), &key));
  const std::string g = Component(AV::B("\x00\x01"s));
  EXPECT_EQ(Hex(key), Hex(Be64(42) + Be64(Xxh64(g)) + g + "pk\x00\x01"s));
}

TEST(KeysTest, IndexEntryKeyOfMultiAttributeKeysHashesAllHashAttributes) {
  const IndexDef ix = Gsi(
      77, {{"a", ValueType::kS}, {"b", ValueType::kN}, {"c", ValueType::kB}},
      {{"x", ValueType::kS}, {"y", ValueType::kN}});
  MapSource item;
  item.Add("a", ValueType::kS, "A")
      .Add("b", ValueType::kN, "-2.5")
      .Add("c", ValueType::kB, "\x00\xff"s)
      .Add("x", ValueType::kS, "X")
      .Add("y", ValueType::kN, "100");
  const EncodedKey table_key = ItemKey(1, AV::S("pk"));
  std::string key;
  ASSERT_TRUE(IndexEntryKey(ix, item, table_key.components(), &key));
  const std::string partition = Component(AV::S("A")) +
                                Component(AV::N("-2.5")) +
                                Component(AV::B("\x00\xff"s));
  EXPECT_EQ(Hex(key), Hex(Be64(77) + Be64(Xxh64(partition)) + partition +
                          Component(AV::S("X")) + Component(AV::N("100")) +
                          "pk\x00\x01"s));
}

TEST(KeysTest, IndexEntryKeyStartsWithThePartitionPrefixOfItsHashKeys) {
  const IndexDef ix = Gsi(77, {{"a", ValueType::kS}, {"b", ValueType::kN}},
                          {{"x", ValueType::kS}});
  MapSource item;
  item.Add("a", ValueType::kS, "A")
      .Add("b", ValueType::kN, "1")
      .Add("x", ValueType::kS, "X");
  std::string key;
  ASSERT_TRUE(
      IndexEntryKey(ix, item, ItemKey(1, AV::S("pk")).components(), &key));
  const std::string prefix =
      PartitionPrefix(77, Component(AV::S("A")) + Component(AV::N("1")));
  EXPECT_EQ(Hex(key.substr(0, prefix.size())), Hex(prefix));
}

TEST(KeysTest, IndexEntryKeyTakesMultiAttributeKeysInKeySchemaOrder) {
  // "z" before "a", as the key schema lists them, not by name.
  const IndexDef ix = Gsi(5, {{"z", ValueType::kS}, {"a", ValueType::kS}},
                          {{"y", ValueType::kS}, {"b", ValueType::kS}});
  MapSource item;
  item.Add("a", ValueType::kS, "1")
      .Add("b", ValueType::kS, "2")
      .Add("y", ValueType::kS, "3")
      .Add("z", ValueType::kS, "4");
  std::string key;
  ASSERT_TRUE(IndexEntryKey(ix, item, "T", &key));
  EXPECT_EQ(Hex(key), Hex(Be64(5) +
                          Be64(Xxh64("4\x00\x01"
                                     "1\x00\x01"s)) +
                          "4\x00\x01"
                          "1\x00\x01"
                          "3\x00\x01"
                          "2\x00\x01"s +
                          "T"));
}

TEST(KeysTest, IndexEntryKeyIsFalseWhenAHashKeyAttributeIsMissing) {
  const IndexDef ix = Gsi(5, {{"g", ValueType::kS}}, {{"r", ValueType::kS}});
  MapSource item;
  item.Add("r", ValueType::kS, "x");
  std::string key;
  EXPECT_FALSE(IndexEntryKey(ix, item, "T", &key));
}

TEST(KeysTest, IndexEntryKeyIsFalseWhenARangeKeyAttributeIsMissing) {
  const IndexDef ix = Gsi(5, {{"g", ValueType::kS}}, {{"r", ValueType::kS}});
  MapSource item;
  item.Add("g", ValueType::kS, "x");
  std::string key;
  EXPECT_FALSE(IndexEntryKey(ix, item, "T", &key));
}

TEST(KeysTest, IndexEntryKeyIsFalseWhenAHashKeyAttributeHasAnotherType) {
  const IndexDef ix = Gsi(5, {{"g", ValueType::kS}});
  MapSource item;
  item.Add("g", ValueType::kN, "1");
  std::string key;
  EXPECT_FALSE(IndexEntryKey(ix, item, "T", &key));
}

TEST(KeysTest, IndexEntryKeyIsFalseWhenARangeKeyAttributeHasAnotherType) {
  const IndexDef ix = Gsi(5, {{"g", ValueType::kS}}, {{"r", ValueType::kN}});
  MapSource item;
  item.Add("g", ValueType::kS, "x").Add("r", ValueType::kBool, "");
  std::string key;
  EXPECT_FALSE(IndexEntryKey(ix, item, "T", &key));
}

TEST(KeysTest, IndexEntryKeyIsFalseWhenOneOfSeveralHashAttributesIsMissing) {
  const IndexDef ix = Gsi(
      5, {{"a", ValueType::kS}, {"b", ValueType::kS}, {"c", ValueType::kS}});
  MapSource item;
  item.Add("a", ValueType::kS, "1").Add("c", ValueType::kS, "3");
  std::string key;
  EXPECT_FALSE(IndexEntryKey(ix, item, "T", &key));
}

TEST(KeysTest, IndexEntryKeyIsFalseWhenTheLastRangeAttributeHasAnotherType) {
  const IndexDef ix = Gsi(5, {{"a", ValueType::kS}},
                          {{"x", ValueType::kS}, {"y", ValueType::kN}});
  MapSource item;
  item.Add("a", ValueType::kS, "1")
      .Add("x", ValueType::kS, "2")
      .Add("y", ValueType::kS, "3");
  std::string key;
  EXPECT_FALSE(IndexEntryKey(ix, item, "T", &key));
}

// ------------------------------------------------------------
// StageDropKeySpace

// A real in-memory Storage holding, for ids 4, 5 and 6, items, index
// entries and the three kMeta keys, with the id counter.
class StageDropKeySpaceTest : public testing::Test {
 protected:
  void SetUp() override {
    EngineOptions options;
    options.in_memory = true;
    options.path = "keys_test_memdb";
    auto storage = Storage::Open(options);
    ASSERT_TRUE(storage.ok()) << storage.status().message();
    storage_ = std::move(storage).value();

    WriteBatch batch(*storage_);
    batch.Put(Cf::kMeta, kNextIdKey, "7");
    for (uint64_t id : {4, 5, 6}) {
      for (Cf cf : {Cf::kItems, Cf::kIndexes}) {
        for (const std::string& key : KeysOf(id)) batch.Put(cf, key, "v");
      }
      batch.AddStats(StatsKey(id), 1, 10);
      batch.Put(Cf::kMeta, ThroughputHistoryKey(id), "history");
      batch.Put(Cf::kMeta, BackfillCountedKey(id), "");
    }
    ASSERT_EQ(storage_->Write(&batch).message(), "");
  }

  // Keys at the edges of an id's space and a few items in between.
  static std::vector<std::string> KeysOf(uint64_t id) {
    std::vector<std::string> keys = {
        Be64(id) + std::string(8, '\0') + "\x00\x01"s,
        Be64(id) + std::string(40, '\xff'),
    };
    for (int i = 0; i < 20; ++i) {
      const AV sk = AV::N(std::to_string(i));
      keys.push_back(
          ItemKey(id, AV::S("p" + std::to_string(i % 4)), &sk).bytes);
    }
    return keys;
  }

  std::set<std::string> All(Cf cf) {
    std::set<std::string> keys;
    auto it = storage_->NewIterator(cf, "", "");
    for (it->SeekToFirst(); it->Valid(); it->Next())
      keys.insert(std::string(it->key()));
    EXPECT_EQ(it->status().message(), "");
    return keys;
  }

  static std::set<std::string> Spaces(std::vector<uint64_t> ids) {
    std::set<std::string> keys;
    for (uint64_t id : ids) {
      for (const std::string& k : KeysOf(id)) keys.insert(k);
    }
    return keys;
  }

  static std::set<std::string> Meta(std::vector<uint64_t> ids) {
    std::set<std::string> keys = {kNextIdKey};
    for (uint64_t id : ids) {
      keys.insert(StatsKey(id));
      keys.insert(ThroughputHistoryKey(id));
      keys.insert(BackfillCountedKey(id));
    }
    return keys;
  }

  std::unique_ptr<Storage> storage_;
};

TEST_F(StageDropKeySpaceTest, StoredKeysAreAsWritten) {
  EXPECT_EQ(All(Cf::kItems), Spaces({4, 5, 6}));
  EXPECT_EQ(All(Cf::kIndexes), Spaces({4, 5, 6}));
  EXPECT_EQ(All(Cf::kMeta), Meta({4, 5, 6}));
}

TEST_F(StageDropKeySpaceTest, RemovesATablesItemsAndMetaKeysOnly) {
  WriteBatch batch(*storage_);
  StageDropKeySpace(Cf::kItems, 5, &batch);
  ASSERT_EQ(storage_->Write(&batch).message(), "");
  EXPECT_EQ(All(Cf::kItems), Spaces({4, 6}));
  EXPECT_EQ(All(Cf::kIndexes), Spaces({4, 5, 6}));
  EXPECT_EQ(All(Cf::kMeta), Meta({4, 6}));
  int64_t count = -1, bytes = -1;
  storage_->GetStats(StatsKey(4), &count, &bytes);
  EXPECT_EQ(count, 1);
  EXPECT_EQ(bytes, 10);
  storage_->GetStats(StatsKey(5), &count, &bytes);
  EXPECT_EQ(count, 0);
  EXPECT_EQ(bytes, 0);
}

TEST_F(StageDropKeySpaceTest, RemovesAnIndexsEntriesAndMetaKeysOnly) {
  WriteBatch batch(*storage_);
  StageDropKeySpace(Cf::kIndexes, 5, &batch);
  ASSERT_EQ(storage_->Write(&batch).message(), "");
  EXPECT_EQ(All(Cf::kIndexes), Spaces({4, 6}));
  EXPECT_EQ(All(Cf::kItems), Spaces({4, 5, 6}));
  EXPECT_EQ(All(Cf::kMeta), Meta({4, 6}));
}

}  // namespace
}  // namespace dynarock
