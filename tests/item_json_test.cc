// The response-path shortcuts: stored items rendered straight from their
// bytes, and the folded CRC-32. Each is checked against the plain
// computation it replaces, on every shape of input.
#include "wire/item_json.h"

#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "engine/format/item_codec.h"
#include "wire/crc32.h"
#include "wire/json_value.h"
#include "wire/json_writer.h"

namespace dynarock {
namespace {

std::string Written(const Item& item) {
  std::string out;
  JsonWriter w(&out);
  WriteItem(item, &w);
  return out;
}

std::string RandomText(std::mt19937& rng, size_t max_length) {
  static const char kBytes[] = {'a',  'Z',  '7',  ' ',  '"',    '\\',   '\n',
                                '\t', 0x01, 0x1f, 0x7f, '\xc3', '\xa9', '/'};
  std::string s(rng() % (max_length + 1), 'x');
  for (char& c : s) {
    if (rng() % 3 == 0) c = kBytes[rng() % sizeof(kBytes)];
  }
  return s;
}

AttributeValue RandomValue(std::mt19937& rng, int depth) {
  static const char* kNumbers[] = {
      "0",     "-1",        "12.5",
      "1E+30", "-0.000123", "99999999999999999999999999999999999999"};
  switch (rng() % (depth > 3 ? 6 : 11)) {
    case 0:
    case 1:
      return AttributeValue::S(RandomText(rng, 40));
    case 2:
      return AttributeValue::N(kNumbers[rng() % 6]);
    case 3:
      return AttributeValue::B(RandomText(rng, 10));
    case 4:
      return AttributeValue::Bool(rng() % 2 == 0);
    case 5:
      return AttributeValue::Null();
    case 6: {
      AttributeValue::Map m;
      for (size_t i = rng() % 4; i > 0; --i)
        m[RandomText(rng, 12)] = RandomValue(rng, depth + 1);
      return AttributeValue::M(std::move(m));
    }
    case 7: {
      AttributeValue::List l;
      for (size_t i = rng() % 4; i > 0; --i)
        l.push_back(RandomValue(rng, depth + 1));
      return AttributeValue::L(std::move(l));
    }
    case 8:
      return AttributeValue::SS({"a", RandomText(rng, 20) + "b"});
    case 9:
      return AttributeValue::NS({"1", "2.5"});
    default:
      return AttributeValue::BS({"", RandomText(rng, 5) + "z"});
  }
}

Item RandomItem(std::mt19937& rng) {
  Item item;
  for (size_t i = 1 + rng() % 8; i > 0; --i)
    item[RandomText(rng, 12)] = RandomValue(rng, 1);
  return item;
}

TEST(ItemJsonTest, RendersWhatWritingTheDecodedItemWrites) {
  std::mt19937 rng(1207);
  for (int iter = 0; iter < 5000; ++iter) {
    const Item item = RandomItem(rng);
    std::string stored;
    EncodeItem(item, &stored);
    std::string out = "prefix";
    size_t size = 0;
    ASSERT_TRUE(RenderEncodedItem(stored, &out, &size));
    ASSERT_EQ(out, "prefix" + Written(item)) << iter;
    ASSERT_EQ(size, ItemSize(item)) << iter;
  }
}

// Strings of every length up to three blocks, with a byte to escape at
// every offset, both deep inside the stored item (read sixteen bytes at a
// time) and as its last bytes (read one at a time).
TEST(ItemJsonTest, EscapesAtEveryOffsetAndPosition) {
  for (size_t length = 0; length <= 48; ++length) {
    for (size_t pos = 0; pos <= length; ++pos) {
      for (char c : {'"', '\\', '\n', '\x01', '\x1f', '\x7f', '\xe2'}) {
        std::string text(length, 'q');
        if (pos < length) text[pos] = c;
        for (const char* name : {"a", "zzzz"}) {  // before or after "pad"
          Item item = {{name, AttributeValue::S(text)},
                       {"pad", AttributeValue::S(std::string(40, 'p'))}};
          std::string stored, out;
          EncodeItem(item, &stored);
          size_t size = 0;
          ASSERT_TRUE(RenderEncodedItem(stored, &out, &size));
          ASSERT_EQ(out, Written(item)) << length << " " << pos << " " << +c;
        }
      }
    }
  }
}

// Damaged bytes are refused exactly when MeasureItem refuses them, and what
// is accepted renders as its decoding.
TEST(ItemJsonTest, RefusesWhatTheCodecRefuses) {
  std::mt19937 rng(2026);
  size_t accepted = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string input;
    EncodeItem(RandomItem(rng), &input);
    for (int e = 1 + rng() % 3; e > 0 && !input.empty(); --e) {
      const size_t at = rng() % input.size();
      switch (rng() % 4) {
        case 0:
          input[at] = static_cast<char>(rng() % 256);
          break;
        case 1:
          input.erase(at, 1);
          break;
        case 2:
          input.insert(at, 1, static_cast<char>(rng() % 16));
          break;
        default:
          input.resize(at);
      }
    }
    size_t expected_size = 0, size = 0;
    const bool valid = MeasureItem(input, &expected_size);
    std::string out;
    ASSERT_EQ(RenderEncodedItem(input, &out, &size), valid) << iter;
    if (!valid) continue;
    ++accepted;
    Item item;
    ASSERT_TRUE(DecodeItem(input, &item));
    ASSERT_EQ(out, Written(item)) << iter;
    ASSERT_EQ(size, expected_size) << iter;
  }
  EXPECT_GT(accepted, 1000u);  // the damage must leave some inputs valid
}

TEST(ItemJsonTest, NestingBeyondTheDecoderBoundIsRefused) {
  // 64 levels of M below the item decode; 65 do not.
  for (int levels : {64, 65}) {
    AttributeValue v = AttributeValue::S("leaf");
    for (int i = 0; i < levels; ++i) v = AttributeValue::M({{"m", v}});
    std::string stored, out;
    EncodeItem(Item{{"top", v}}, &stored);
    size_t size;
    Item decoded;
    EXPECT_EQ(RenderEncodedItem(stored, &out, &size),
              DecodeItem(stored, &decoded))
        << levels;
  }
}

TEST(JsonWriterTest, WholeNumbersAsPrintfWritesThem) {
  // Capacity units and other whole doubles: what "%.1f" writes.
  std::vector<double> values = {0.0,
                                -0.0,
                                1.0,
                                -1.0,
                                0.5e1,
                                10.0,
                                25.0,
                                999999999999999.0,
                                -999999999999999.0};
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i)
    values.push_back(static_cast<double>(static_cast<int64_t>(rng() >> 14)) *
                     (i % 2 ? -1 : 1));
  for (double d : values) {
    if (std::fabs(d) >= 1e15) continue;
    std::string out;
    JsonWriter w(&out);
    w.Double(d);
    char expected[64];
    snprintf(expected, sizeof expected, "%.1f", d);
    EXPECT_EQ(out, expected) << d;
  }
  // Not whole, or too large: the shortest form that reads back the same.
  for (auto [d, expected] : std::vector<std::pair<double, std::string>>{
           {0.5, "0.5"}, {1e15, "1e+15"}, {2.25, "2.25"}}) {
    std::string out;
    JsonWriter w(&out);
    w.Double(d);
    EXPECT_EQ(out, expected) << d;
  }
}

TEST(Crc32Test, MatchesZlibAtEveryLengthAndAlignment) {
  std::mt19937 rng(32);
  std::string data(5000, '\0');
  for (char& c : data) c = static_cast<char>(rng());
  for (size_t offset = 0; offset < 16; ++offset) {
    for (size_t length = 0; length <= 600; ++length) {
      const std::string_view s(data.data() + offset, length);
      ASSERT_EQ(Crc32(s), Crc32Portable(s)) << offset << " " << length;
    }
  }
  // Past 256 bytes the folding runs on 512-bit registers where the
  // processor has them: every length through several of its rounds and
  // their tails.
  for (size_t offset : {0, 1, 13}) {
    for (size_t length = 600; length <= 1400; ++length) {
      const std::string_view s(data.data() + offset, length);
      ASSERT_EQ(Crc32(s), Crc32Portable(s)) << offset << " " << length;
    }
  }
  for (size_t length : {4095, 4096, 4097, 4999}) {
    const std::string_view s(data.data(), length);
    EXPECT_EQ(Crc32(s), Crc32Portable(s)) << length;
  }
  // Known answers: the standard check value, and all-zero and all-one runs
  // long enough to fold.
  EXPECT_EQ(Crc32("123456789"), 0xcbf43926u);
  EXPECT_EQ(Crc32(std::string(64, '\0')), 0x758d6336u);
  EXPECT_EQ(Crc32(std::string(1024, '\xff')),
            Crc32Portable(std::string(1024, '\xff')));
}

}  // namespace
}  // namespace dynarock
