#include "engine/format/item_codec.h"

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "engine/attribute_value.h"
#include "engine/format/number.h"

namespace dynarock {
namespace {

using AV = AttributeValue;

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
  return out;
}

// Spaces are ignored, so test vectors can be grouped by field.
std::string Unhex(std::string_view hex) {
  std::string out;
  int nibble = -1;
  for (char c : hex) {
    if (c == ' ') continue;
    const int v = c <= '9' ? c - '0' : c - 'a' + 10;
    if (nibble < 0) {
      nibble = v;
    } else {
      out.push_back(static_cast<char>(nibble << 4 | v));
      nibble = -1;
    }
  }
  return out;
}

std::string EncodeV(const AV& v) {
  std::string out;
  EncodeValue(v, &out);
  return out;
}

std::string EncodeI(const Item& item) {
  std::string out;
  EncodeItem(item, &out);
  return out;
}

// A value of every type, nested a little.
Item RichItem() {
  return Item{
      {"pk", AV::S("user#1")},
      {"n", AV::N("-12.5")},
      {"bin", AV::B(std::string("\x00\xff\x01", 3))},
      {"t", AV::Bool(true)},
      {"f", AV::Bool(false)},
      {"nul", AV::Null()},
      {"ss", AV::SS({"a", "b", ""})},
      {"ns", AV::NS({"1", "2.5", "-3"})},
      {"bs", AV::BS({std::string("\x00", 1), "\xff"})},
      {"l", AV::L({AV::S("x"), AV::N("1"), AV::L({}), AV::M({})})},
      {"m", AV::M({{"inner", AV::M({{"deep", AV::L({AV::Null()})}})},
                   {"s", AV::S("")}})},
  };
}

// The scalar bytes of one attribute of an encoded item ("" when absent).
std::string_view FindScalar(std::string_view encoded, std::string_view name) {
  ValueType type;
  std::string_view scalar;
  return FindAttribute(encoded, name, &type, &scalar) ? scalar : "";
}

// `levels` containers, alternately M and L, around a scalar leaf.
AV Nest(int levels) {
  AV v = AV::S("leaf");
  for (int i = 0; i < levels; ++i) {
    v = i % 2 == 0 ? AV::M({{"m", std::move(v)}}) : AV::L({std::move(v)});
  }
  return v;
}

// ---------------------------------------------------------------------------
// AttributeValue

TEST(AttributeValueTest, ValueTypeNameGivesServiceDescriptors) {
  struct Case {
    ValueType type;
    std::string_view want;
  };
  static const Case kCases[] = {
      {ValueType::kS, "S"},       {ValueType::kN, "N"},
      {ValueType::kB, "B"},       {ValueType::kBool, "BOOL"},
      {ValueType::kNull, "NULL"}, {ValueType::kM, "M"},
      {ValueType::kL, "L"},       {ValueType::kSS, "SS"},
      {ValueType::kNS, "NS"},     {ValueType::kBS, "BS"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.want);
    EXPECT_EQ(ValueTypeName(c.type), c.want);
  }
}

TEST(AttributeValueTest, EqualityRequiresSameType) {
  EXPECT_NE(AV::S("1"), AV::N("1"));
  EXPECT_NE(AV::S("a"), AV::B("a"));
  EXPECT_NE(AV::Null(), AV::Bool(false));
  EXPECT_NE(AV::SS({"1"}), AV::NS({"1"}));
  EXPECT_NE(AV::M({}), AV::L({}));
}

TEST(AttributeValueTest, ScalarsCompareByValue) {
  EXPECT_EQ(AV::S("a"), AV::S("a"));
  EXPECT_NE(AV::S("a"), AV::S("b"));
  EXPECT_EQ(AV::N("1.5"), AV::N("1.5"));
  EXPECT_EQ(AV::B(std::string("\0\1", 2)), AV::B(std::string("\0\1", 2)));
  EXPECT_NE(AV::B(std::string("\0", 1)), AV::B(""));
  EXPECT_EQ(AV::Bool(true), AV::Bool(true));
  EXPECT_NE(AV::Bool(true), AV::Bool(false));
  EXPECT_EQ(AV::Null(), AV::Null());
}

TEST(AttributeValueTest, SetsCompareIgnoringOrder) {
  EXPECT_EQ(AV::SS({"a", "b", "c"}), AV::SS({"c", "a", "b"}));
  EXPECT_EQ(AV::NS({"1", "2"}), AV::NS({"2", "1"}));
  EXPECT_EQ(AV::BS({"\x01", "\x02"}), AV::BS({"\x02", "\x01"}));
  EXPECT_NE(AV::SS({"a", "b"}), AV::SS({"a", "c"}));
  EXPECT_NE(AV::SS({"a", "b"}), AV::SS({"a"}));
  EXPECT_NE(AV::SS({"a", "a"}), AV::SS({"a", "b"}));
}

TEST(AttributeValueTest, ListsCompareInOrder) {
  EXPECT_EQ(AV::L({AV::N("1"), AV::S("x")}), AV::L({AV::N("1"), AV::S("x")}));
  EXPECT_NE(AV::L({AV::N("1"), AV::N("2")}), AV::L({AV::N("2"), AV::N("1")}));
  EXPECT_NE(AV::L({AV::N("1")}), AV::L({AV::N("1"), AV::N("1")}));
}

TEST(AttributeValueTest, MapsCompareMemberWiseAndDeep) {
  AV a = AV::M({{"x", AV::L({AV::SS({"p", "q"})})}, {"y", AV::Null()}});
  AV b = AV::M({{"y", AV::Null()}, {"x", AV::L({AV::SS({"q", "p"})})}});
  EXPECT_EQ(a, b);
  AV c = AV::M({{"x", AV::L({AV::SS({"p"})})}, {"y", AV::Null()}});
  EXPECT_NE(a, c);
  AV d = AV::M({{"x", AV::L({AV::SS({"p", "q"})})}, {"z", AV::Null()}});
  EXPECT_NE(a, d);
}

// ---------------------------------------------------------------------------
// Encoding: the bytes are an on-disk format, so they are pinned exactly.

TEST(ItemCodecTest, EncodesEachTypeAsDocumented) {
  struct Case {
    const char* name;
    AV value;
    std::string_view want;
  };
  const Case kCases[] = {
      {"S", AV::S("hi"), "01 02 6869"},
      {"empty S", AV::S(""), "01 00"},
      {"N", AV::N("-1.5"), "02 04 2d312e35"},
      {"B", AV::B(std::string("\x00\xff", 2)), "03 02 00ff"},
      {"BOOL true", AV::Bool(true), "04 01"},
      {"BOOL false", AV::Bool(false), "04 00"},
      {"NULL", AV::Null(), "05"},
      {"M", AV::M({{"b", AV::Bool(false)}, {"a", AV::Null()}}),
       "06 02 0161 05 0162 0400"},
      {"empty M", AV::M({}), "06 00"},
      {"L", AV::L({AV::S("x"), AV::Null()}), "07 02 010178 05"},
      {"empty L", AV::L({}), "07 00"},
      {"SS", AV::SS({"a", "bc"}), "08 02 0161 026263"},
      {"NS", AV::NS({"1"}), "09 01 0131"},
      {"BS", AV::BS({std::string("\x00", 1)}), "0a 01 0100"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Hex(EncodeV(c.value)), Hex(Unhex(c.want)));
  }
}

TEST(ItemCodecTest, EncodesItemAsCountThenSortedNamesAndValues) {
  Item item{{"b", AV::N("7")}, {"a", AV::S("hi")}};
  EXPECT_EQ(Hex(EncodeI(item)), Hex(Unhex("02 0161 01026869 0162 020137")));
  EXPECT_EQ(Hex(EncodeI(Item{})), "00");
}

TEST(ItemCodecTest, LengthsAreLeb128Varints) {
  struct Case {
    size_t len;
    std::string_view prefix;
  };
  static const Case kCases[] = {
      {127, "01 7f"},     {128, "01 8001"},     {300, "01 ac02"},
      {16383, "01 ff7f"}, {16384, "01 808001"}, {409600, "01 808019"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.len);
    const std::string enc = EncodeV(AV::S(std::string(c.len, 'a')));
    const std::string want = Unhex(c.prefix);
    ASSERT_GE(enc.size(), want.size());
    EXPECT_EQ(Hex(enc.substr(0, want.size())), Hex(want));
    EXPECT_EQ(enc.size(), want.size() + c.len);
  }
}

TEST(ItemCodecTest, EncodeAppendsToOutput) {
  std::string out = "prefix";
  EncodeItem(Item{{"a", AV::Null()}}, &out);
  EXPECT_EQ(Hex(out), Hex("prefix" + Unhex("01 0161 05")));
  EncodeValue(AV::Bool(true), &out);
  EXPECT_EQ(Hex(out), Hex("prefix" + Unhex("01 0161 05 0401")));
}

// ---------------------------------------------------------------------------
// Round trips

TEST(ItemCodecTest, RoundTripsEveryType) {
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<char>(i));
  struct Case {
    const char* name;
    AV value;
  };
  const Case kCases[] = {
      {"S", AV::S("hello")},
      {"empty S", AV::S("")},
      {"UTF-8 S",
       AV::S("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80")},
      {"S with NUL", AV::S(std::string("a\0b", 3))},
      {"N", AV::N("-0.000123")},
      {"big N", AV::N("99999999999999999999999999999999999999")},
      {"B every byte", AV::B(all_bytes)},
      {"B zeros", AV::B(std::string(5, '\0'))},
      {"B 0xFF", AV::B(std::string(5, '\xff'))},
      {"empty B", AV::B("")},
      {"BOOL true", AV::Bool(true)},
      {"BOOL false", AV::Bool(false)},
      {"NULL", AV::Null()},
      {"empty M", AV::M({})},
      {"M", AV::M({{"a", AV::N("1")}, {"", AV::S("empty name")}})},
      {"empty L", AV::L({})},
      {"L", AV::L({AV::Null(), AV::Null(), AV::S("dup"), AV::S("dup")})},
      {"SS", AV::SS({"z", "a", "m"})},
      {"NS", AV::NS({"10", "-1", "0.5"})},
      {"BS", AV::BS({std::string("\x00", 1), "\xff\xfe", all_bytes})},
      {"empty SS", AV::SS({})},
      {"long S", AV::S(std::string(400 * 1024, 'x'))},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    const std::string enc = EncodeV(c.value);
    std::string_view in = enc;
    AV got;
    ASSERT_TRUE(DecodeValue(&in, &got));
    EXPECT_TRUE(in.empty());
    EXPECT_EQ(got, c.value);
    // Set order is kept, though equality ignores it.
    EXPECT_EQ(got.set(), c.value.set());
    EXPECT_EQ(EncodeV(got), enc);
  }
}

TEST(ItemCodecTest, RoundTripsItemWithEveryType) {
  const Item item = RichItem();
  const std::string enc = EncodeI(item);
  Item got;
  ASSERT_TRUE(DecodeItem(enc, &got));
  EXPECT_EQ(got, item);
  EXPECT_EQ(EncodeI(got), enc);
}

TEST(ItemCodecTest, RoundTripsEmptyItem) {
  Item got{{"stale", AV::Null()}};
  ASSERT_TRUE(DecodeItem(EncodeI(Item{}), &got));
  EXPECT_TRUE(got.empty());
}

TEST(ItemCodecTest, RoundTripsBigSets) {
  AV::Set ss, ns, bs;
  for (int i = 0; i < 20000; ++i) {
    ss.push_back("member-" + std::to_string(i));
    ns.push_back(std::to_string(i * 7 - 50000));
    std::string b(4, '\0');
    for (int k = 0; k < 4; ++k) b[k] = static_cast<char>((i >> (8 * k)) & 0xff);
    bs.push_back(b);
  }
  const Item item{{"ss", AV::SS(ss)}, {"ns", AV::NS(ns)}, {"bs", AV::BS(bs)}};
  const std::string enc = EncodeI(item);
  Item got;
  ASSERT_TRUE(DecodeItem(enc, &got));
  EXPECT_EQ(got, item);
  EXPECT_EQ(got.at("ss").set(), ss);
  EXPECT_EQ(got.at("bs").set(), bs);
}

TEST(ItemCodecTest, RoundTripsNesting32Deep) {
  const Item item{{"doc", Nest(32)}, {"other", Nest(31)}};
  const std::string enc = EncodeI(item);
  Item got;
  ASSERT_TRUE(DecodeItem(enc, &got));
  EXPECT_EQ(got, item);
}

TEST(ItemCodecTest, DecodesNesting64Deep) {
  Item got;
  EXPECT_TRUE(DecodeItem(EncodeI(Item{{"doc", Nest(64)}}), &got));
  EXPECT_EQ(got.at("doc"), Nest(64));
}

TEST(ItemCodecTest, RejectsNestingDeeperThan64) {
  Item got;
  EXPECT_FALSE(DecodeItem(EncodeI(Item{{"doc", Nest(65)}}), &got));
  const std::string enc = EncodeV(Nest(65));
  std::string_view in = enc;
  AV v;
  EXPECT_FALSE(DecodeValue(&in, &v));
}

TEST(ItemCodecTest, RejectsDeepNestingWithoutExhaustingStack) {
  // A million nested empty-list headers: 2 MB that would recurse a million
  // frames deep without the limit.
  std::string enc;
  for (int i = 0; i < 1000000; ++i) enc += Unhex("07 01");
  enc += Unhex("07 00");
  std::string_view in = enc;
  AV v;
  EXPECT_FALSE(DecodeValue(&in, &v));
}

TEST(ItemCodecTest, DecodeValueReadsOneValueAndAdvances) {
  const std::string enc =
      EncodeV(AV::S("one")) + EncodeV(AV::NS({"2"})) + "rest";
  std::string_view in = enc;
  AV v;
  ASSERT_TRUE(DecodeValue(&in, &v));
  EXPECT_EQ(v, AV::S("one"));
  ASSERT_TRUE(DecodeValue(&in, &v));
  EXPECT_EQ(v, AV::NS({"2"}));
  EXPECT_EQ(in, "rest");
}

// ---------------------------------------------------------------------------
// Malformed input

TEST(ItemCodecTest, RejectsEveryTruncation) {
  const std::string enc = EncodeI(RichItem());
  for (size_t len = 0; len < enc.size(); ++len) {
    SCOPED_TRACE(len);
    Item got;
    EXPECT_FALSE(DecodeItem(std::string_view(enc).substr(0, len), &got));
  }
}

TEST(ItemCodecTest, RejectsEveryTruncatedValue) {
  const std::string enc = EncodeV(AV::M(RichItem()));
  for (size_t len = 0; len < enc.size(); ++len) {
    SCOPED_TRACE(len);
    std::string_view in = std::string_view(enc).substr(0, len);
    AV got;
    EXPECT_FALSE(DecodeValue(&in, &got));
  }
}

TEST(ItemCodecTest, RejectsTrailingBytes) {
  Item got;
  EXPECT_FALSE(DecodeItem(EncodeI(RichItem()) + '\0', &got));
  EXPECT_FALSE(DecodeItem(Unhex("00 00"), &got));
}

TEST(ItemCodecTest, AcceptsNamesInIncreasingOrder) {
  Item got;
  ASSERT_TRUE(DecodeItem(Unhex("02 0161 05 0162 05"), &got));
  EXPECT_EQ(got, (Item{{"a", AV::Null()}, {"b", AV::Null()}}));
}

TEST(ItemCodecTest, RejectsMalformedItems) {
  struct Case {
    const char* why;
    std::string_view hex;
  };
  static const Case kCases[] = {
      {"empty input", ""},
      {"count without members", "01"},
      {"name length past end", "01 0561"},
      {"name without value", "01 0161"},
      {"type 0", "01 0161 00"},
      {"type 11", "01 0161 0b"},
      {"type 255", "01 0161 ff"},
      {"BOOL 2", "01 0161 0402"},
      {"BOOL without byte", "01 0161 04"},
      {"S length past end", "01 0161 01 05 6869"},
      {"S length 2^64-1", "01 0161 01 ffffffffffffffffff01 6869"},
      {"count 2^64-1", "ffffffffffffffffff01 0161 05"},
      {"count 2^40", "8080808080 20 0161 05"},
      {"varint overflows 64 bits", "ffffffffffffffffff02 0161 05"},
      {"varint of 11 bytes", "8080808080808080808001 0161 05"},
      {"non-minimal count 0", "8000"},
      {"non-minimal count 1", "8100 0161 05"},
      {"non-minimal S length", "01 0161 01 8200 6869"},
      {"duplicate names", "02 0161 05 0161 05"},
      {"names out of order", "02 0162 05 0161 05"},
      {"M duplicate member names", "01 0161 06 02 0178 05 0178 05"},
      {"M member without value", "01 0161 06 01 0162"},
      {"M count past end", "01 0161 06 05 0162 05"},
      {"L count past end", "01 0161 07 05 05"},
      {"L with type 12", "01 0161 07 01 0c"},
      {"L element truncated", "01 0161 07 02 05 01"},
      {"SS count 2^32", "01 0161 08 8080808010"},
      {"SS member truncated", "01 0161 08 02 0161 01"},
      {"BS member length past end", "01 0161 0a 01 7f 00"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.why);
    Item got;
    EXPECT_FALSE(DecodeItem(Unhex(c.hex), &got));
  }
}

// Decoding is strict, so any input it accepts is the encoding of what it
// decoded to. The fuzz tests check that, and (under ASan/UBSan) that no input
// reads out of bounds or crashes.
void ExpectRejectedOrCanonical(std::string_view input) {
  Item item;
  size_t size = 0;
  // MeasureItem accepts exactly what DecodeItem accepts, and sizes it alike.
  const bool visited = MeasureItem(input, &size);
  ASSERT_EQ(MeasureItem(input, nullptr), visited);
  if (DecodeItem(input, &item)) {
    ASSERT_EQ(Hex(EncodeI(item)), Hex(input));
    ASSERT_TRUE(visited) << Hex(input);
    ASSERT_EQ(size, ItemSize(item));
  } else {
    ASSERT_FALSE(visited) << Hex(input);
  }
  std::string_view in = input;
  AV v;
  if (DecodeValue(&in, &v)) {
    const size_t used = input.size() - in.size();
    ASSERT_EQ(Hex(EncodeV(v)), Hex(input.substr(0, used)));
  }
  // FindAttribute stays inside any input, and on an item that decodes
  // finds exactly its attributes.
  for (const char* name : {"a", "b", "x", ""}) {
    ValueType type;
    std::string_view scalar;
    const bool found = FindAttribute(input, name, &type, &scalar);
    if (!visited) continue;
    auto it = item.find(name);
    ASSERT_EQ(found, it != item.end()) << Hex(input) << " " << name;
    if (found) {
      ASSERT_EQ(type, it->second.type());
      ASSERT_EQ(scalar, it->second.scalar());
    }
  }
}

TEST(ItemCodecTest, FuzzRandomBytesNeverCrash) {
  std::mt19937 rng(20240611);
  // Bytes drawn mostly from the format's own vocabulary (type bytes, small
  // counts, continuation bits) so that many inputs get past the first byte.
  static const uint8_t kInteresting[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05,
                                         0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
                                         0x61, 0x62, 0x7f, 0x80, 0x81, 0xff};
  size_t items = 0, values = 0;
  for (int iter = 0; iter < 200000; ++iter) {
    const size_t len = rng() % 40;
    std::string input;
    for (size_t i = 0; i < len; ++i) {
      input.push_back(static_cast<char>(
          rng() % 4 == 0 ? rng() % 256
                         : kInteresting[rng() % sizeof(kInteresting)]));
    }
    ExpectRejectedOrCanonical(input);
    Item item;
    items += DecodeItem(input, &item);
    std::string_view in = input;
    AV v;
    values += DecodeValue(&in, &v);
  }
  // The generator must get past the first byte often to be worth running.
  EXPECT_GT(items, 100u);
  EXPECT_GT(values, 10000u);
}

TEST(ItemCodecTest, FuzzMutatedEncodingsNeverCrash) {
  std::mt19937 rng(7);
  const std::string base = EncodeI(RichItem());
  for (int iter = 0; iter < 50000; ++iter) {
    std::string input = base;
    const int edits = 1 + rng() % 4;
    for (int e = 0; e < edits && !input.empty(); ++e) {
      const size_t pos = rng() % input.size();
      switch (rng() % 5) {
        case 0:
          input[pos] = static_cast<char>(rng() % 256);
          break;
        case 1:
          input[pos] = static_cast<char>(input[pos] ^ (1 << (rng() % 8)));
          break;
        case 2:
          input.erase(pos, 1 + rng() % 3);
          break;
        case 3:
          input.insert(pos, 1, static_cast<char>(rng() % 256));
          break;
        case 4:
          input.resize(pos);
          break;
      }
    }
    ExpectRejectedOrCanonical(input);
  }
}

TEST(ItemCodecTest, FindAttributeReadsOneAttributeOfTheEncoding) {
  const Item item = RichItem();
  const std::string enc = EncodeI(item);
  for (const auto& [name, value] : item) {
    SCOPED_TRACE(name);
    ValueType type;
    std::string_view scalar = "unset";
    ASSERT_TRUE(FindAttribute(enc, name, &type, &scalar));
    EXPECT_EQ(type, value.type());
    // Only S, N and B have scalar bytes; the others leave it empty.
    EXPECT_EQ(scalar, value.scalar());
  }
  EXPECT_EQ(std::string(FindScalar(enc, "n")), "-12.5");
  EXPECT_EQ(std::string(FindScalar(enc, "bin")),
            std::string("\x00\xff\x01", 3));
  // Before the first name, between two, after the last, a prefix of one
  // and one extended.
  for (const char* absent : {"", "a", "c", "mm", "zz", "p", "pk2"}) {
    SCOPED_TRACE(absent);
    ValueType type;
    std::string_view scalar;
    EXPECT_FALSE(FindAttribute(enc, absent, &type, &scalar));
  }
  // Cut inside the last member ("t"): it is not found; one before it is.
  std::string cut = enc.substr(0, enc.size() - 3);
  ValueType type;
  std::string_view scalar;
  EXPECT_TRUE(FindAttribute(cut, "pk", &type, &scalar));
  EXPECT_FALSE(FindAttribute(cut, "t", &type, &scalar));
  EXPECT_FALSE(FindAttribute("", "pk", &type, &scalar));
}

TEST(ItemCodecTest, MeasureItemGivesTheItemSize) {
  Item item = {{"a", AV::S("x")},
               {"b", AV::N("12.50")},
               {"c", AV::Bool(true)},
               {"d", AV::Null()},
               {"e", AV::L({AV::S("y"), AV::M({{"k", AV::B("\x01")}})})},
               {"f", AV::SS({"p", "q"})},
               {"g", AV::NS({"1"})}};
  size_t size = 0;
  ASSERT_TRUE(MeasureItem(EncodeI(item), &size));
  EXPECT_EQ(size, ItemSize(item));
  size_t rich = 0;
  ASSERT_TRUE(MeasureItem(EncodeI(RichItem()), &rich));
  EXPECT_EQ(rich, ItemSize(RichItem()));
}

// ---------------------------------------------------------------------------
// Item size by the service's rules (sources in engine/format/item_codec.cc).

size_t NumberStorageSize(std::string_view text) {
  Result<Decimal> d = Decimal::Parse(text);
  EXPECT_TRUE(d.ok()) << text;
  return d.ok() ? d->StorageSize() : 0;
}

TEST(ItemSizeTest, ValueSizeOfEachType) {
  struct Case {
    const char* name;
    AV value;
    size_t want;
  };
  const Case kCases[] = {
      {"S is its UTF-8 bytes", AV::S("abc"), 3},
      {"empty S", AV::S(""), 0},
      {"S with 2-byte char", AV::S("caf\xc3\xa9"), 5},
      {"S with 3-byte chars", AV::S("\xe6\x97\xa5\xe6\x9c\xac"), 6},
      {"S with 4-byte char", AV::S("\xf0\x9f\x98\x80"), 4},
      {"B is its raw bytes", AV::B(std::string("\x00\xff\x00", 3)), 3},
      {"empty B", AV::B(""), 0},
      {"BOOL true", AV::Bool(true), 1},
      {"BOOL false", AV::Bool(false), 1},
      {"NULL", AV::Null(), 1},
      {"empty M", AV::M({}), 3},
      {"empty L", AV::L({}), 3},
      // 3 + (name 1 + element 1 + BOOL 1)
      {"M of one", AV::M({{"a", AV::Bool(true)}}), 6},
      // 3 + (1 + 2) + (1 + 1)
      {"L of two", AV::L({AV::S("ab"), AV::Null()}), 8},
      // 3 + (name 2 + 1 + L(3 + (1 + 3)))
      {"M holding L", AV::M({{"xy", AV::L({AV::S("abc")})}}), 13},
      // 3 + (1 + 1 + (3 + (1 + 1 + 3)))
      {"M of M of empty M", AV::M({{"n", AV::M({{"o", AV::M({})}})}}), 13},
      // 3 + (1 + SS 3) + (1 + BS 2)
      {"L of sets", AV::L({AV::SS({"a", "bc"}), AV::BS({"\x01", "\x02"})}), 10},
      {"SS sums members", AV::SS({"a", "bc", "def"}), 6},
      {"SS with UTF-8", AV::SS({"\xc3\xa9", "e"}), 3},
      {"BS sums raw bytes", AV::BS({std::string("\x00", 1), "\xff\xfe"}), 3},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ValueSize(c.value), c.want);
  }
}

TEST(ItemSizeTest, NumbersCountDecimalStorageSize) {
  static const char* const kNumbers[] = {
      "0",       "1",
      "-1",      "12",
      "123",     "12.3456",
      "0.001",   "-99.9",
      "1000000", "12345678901234567890123456789012345678",
      "1E-130",
  };
  for (const char* n : kNumbers) {
    SCOPED_TRACE(n);
    EXPECT_EQ(ValueSize(AV::N(n)), NumberStorageSize(n));
  }
  EXPECT_EQ(ValueSize(AV::NS({"1", "-99.9", "12.3456"})),
            NumberStorageSize("1") + NumberStorageSize("-99.9") +
                NumberStorageSize("12.3456"));
  // In an L, a number costs its size plus the element byte.
  EXPECT_EQ(ValueSize(AV::L({AV::N("12.3456")})),
            3 + 1 + NumberStorageSize("12.3456"));
}

TEST(ItemSizeTest, NumberSizeMatchesServiceMeasurement) {
  // 12.3456 is 4 bytes: pinned by the capacity boundary in
  // ItemSizeMatchesServiceWriteCapacityBoundary below.
  EXPECT_EQ(ValueSize(AV::N("12.3456")), 4u);
}

TEST(ItemSizeTest, ItemSizeAddsNameLengths) {
  struct Case {
    const char* name;
    Item item;
    size_t want;
  };
  const Case kCases[] = {
      {"empty item", Item{}, 0},
      // blowstack.com's calculator notes: "id" (2) + "uniqueIdString" (14).
      {"id + S", Item{{"id", AV::S("uniqueIdString")}}, 16},
      // Names count UTF-8 bytes: "caféName" is 9 bytes, not 8 characters.
      {"UTF-8 name", Item{{"caf\xc3\xa9Name", AV::S("Mocca")}}, 14},
      {"empty L", Item{{"list", AV::L({})}}, 4 + 3},
      {"BOOL and NULL", Item{{"t", AV::Bool(true)}, {"nul", AV::Null()}},
       (1 + 1) + (3 + 1)},
      // The name of a nested member counts once, inside the M.
      {"nested name", Item{{"m", AV::M({{"name", AV::S("v")}})}},
       1 + 3 + (4 + 1 + 1)},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ItemSize(c.item), c.want);
  }
}

TEST(ItemSizeTest, ItemSizeMatchesServiceWriteCapacityBoundary) {
  // dynalite's test/putItem.js "should return ConsumedCapacity for small
  // item" / "... for larger item", written against the service: the first
  // item costs 1 WCU (at most 1024 bytes) and the second 2 WCU. With the
  // rules above they are exactly 1024 and 1025 bytes, which pins N 12.3456
  // at 4 bytes and sets at no overhead beyond their members.
  const std::string a = "abcdefghi";
  Item small{
      {"a", AV::S(a)},
      {"b", AV::S(std::string(1009 - a.size(), 'b'))},
      {"c", AV::N("12.3456")},
      {"d", AV::B("\x01\x02")},
      {"e", AV::BS({"\x01\x02", "\x02", "\x01"})},
  };
  EXPECT_EQ(ItemSize(small), 1024u);
  Item larger{
      {"a", AV::S(a)},
      {"b", AV::S(std::string(1011 - a.size(), 'b'))},
      {"c", AV::N("12.3456")},
      {"d", AV::B("\x01\x02")},
      {"e", AV::BS({"\x01\x02", "\x02"})},
  };
  EXPECT_EQ(ItemSize(larger), 1025u);
}

TEST(ItemSizeTest, ItemSizeOfRichItem) {
  // Each term is name length + value size.
  const size_t pk = 2 + 6;
  const size_t n = 1 + NumberStorageSize("-12.5");
  const size_t bin = 3 + 3;
  const size_t t_and_f = (1 + 1) + (1 + 1);
  const size_t nul = 3 + 1;
  const size_t ss = 2 + (1 + 1 + 0);
  const size_t ns = 2 + NumberStorageSize("1") + NumberStorageSize("2.5") +
                    NumberStorageSize("-3");
  const size_t bs = 2 + (1 + 1);
  // L: 3, then per element 1 + size: S "x", N 1, empty L, empty M.
  const size_t l =
      1 + 3 + (1 + 1) + (1 + NumberStorageSize("1")) + (1 + 3) + (1 + 3);
  // M {inner: M {deep: L [NULL]}, s: S ""}.
  const size_t deep = 4 + 1 + (3 + (1 + 1));
  const size_t inner = 5 + 1 + (3 + deep);
  const size_t m = 1 + 3 + inner + (1 + 1 + 0);
  EXPECT_EQ(ItemSize(RichItem()),
            pk + n + bin + t_and_f + nul + ss + ns + bs + l + m);
}

}  // namespace
}  // namespace dynarock
