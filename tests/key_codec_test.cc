#include "engine/format/key_codec.h"

#include <xxhash.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "engine/format/number.h"

namespace dynarock {
namespace {

// memcmp order, as RocksDB's default comparator sees keys: -1, 0 or 1.
int ByteCompare(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  const int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
  if (c != 0) return c < 0 ? -1 : 1;
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

int Sign(int v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

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

Decimal D(std::string_view text) {
  Result<Decimal> d = Decimal::Parse(text);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status().message();
  return d.ok() ? *d : Decimal();
}

std::string EncodeNumber(std::string_view text) {
  std::string out;
  D(text).AppendKeyEncoding(&out);
  return out;
}

std::string EncodeComponent(const AttributeValue& v) {
  std::string out;
  AppendKeyComponent(v, &out);
  return out;
}

// A number given as sign, digits (first and last non-zero) and the
// exponent of the leading digit; compared here without Decimal.
struct RefNumber {
  int sign = 0;  // -1, 0, 1
  std::string digits;
  int lead = 0;

  std::string Text() const {
    if (sign == 0) return "0";
    return std::string(sign < 0 ? "-" : "") + digits.substr(0, 1) + "." +
           digits.substr(1) + "E" + std::to_string(lead);
  }
};

int RefCompare(const RefNumber& a, const RefNumber& b) {
  if (a.sign != b.sign) return a.sign < b.sign ? -1 : 1;
  if (a.sign == 0) return 0;
  int magnitude;
  if (a.lead != b.lead) {
    magnitude = a.lead < b.lead ? -1 : 1;
  } else {
    const size_t n = std::max(a.digits.size(), b.digits.size());
    std::string x = a.digits;
    std::string y = b.digits;
    x.resize(n, '0');
    y.resize(n, '0');
    magnitude = Sign(x.compare(y));
  }
  return a.sign * magnitude;
}

std::string RandomDigits(std::mt19937_64& rng, int n) {
  std::uniform_int_distribution<int> digit(0, 9);
  std::uniform_int_distribution<int> nonzero(1, 9);
  std::string s;
  for (int i = 0; i < n; ++i) {
    s.push_back(static_cast<char>(
        '0' + (i == 0 || i == n - 1 ? nonzero(rng) : digit(rng))));
  }
  return s;
}

// Random numbers over the whole range, with many that share a leading
// exponent and digit prefixes, which is where an encoding goes wrong.
std::vector<RefNumber> RandomNumbers(std::mt19937_64& rng, int count) {
  std::uniform_int_distribution<int> length(1, 38);
  std::uniform_int_distribution<int> lead(-130, 125);
  std::uniform_int_distribution<int> pick(0, 9);
  const int kCommonLeads[] = {-130, -129, -1, 0, 1, 2, 37, 124, 125};
  std::vector<RefNumber> out;
  for (int i = 0; i < count; ++i) {
    RefNumber r;
    const int kind = pick(rng);
    if (kind == 0) {
      out.push_back(r);  // zero
      continue;
    }
    r.sign = (pick(rng) < 5) ? -1 : 1;
    if (kind <= 3 && !out.empty()) {
      // Derived from an earlier number: a prefix of its digits, or its
      // digits with more appended.
      const RefNumber& base =
          out[std::uniform_int_distribution<size_t>(0, out.size() - 1)(rng)];
      if (base.sign == 0) {
        --i;
        continue;
      }
      r.lead = base.lead;
      r.digits = base.digits;
      if (kind == 1 && r.digits.size() > 1) {
        r.digits.resize(
            std::uniform_int_distribution<size_t>(1, r.digits.size() - 1)(rng));
      } else if (r.digits.size() < 38) {
        r.digits += RandomDigits(
            rng, std::uniform_int_distribution<int>(
                     1, 38 - static_cast<int>(r.digits.size()))(rng));
        r.digits.back() = r.digits.back() == '0' ? '7' : r.digits.back();
      }
      while (r.digits.back() == '0') r.digits.pop_back();
      if (kind == 3) r.sign = -r.sign;
    } else {
      r.digits = RandomDigits(rng, kind == 4 ? 38 : length(rng));
      r.lead = kind <= 6 ? kCommonLeads[pick(rng) % 9] : lead(rng);
    }
    out.push_back(r);
  }
  return out;
}

TEST(KeyCodecTest, NumberEncodingIsPinned) {
  // On-disk format (grammar in engine/format/number.cc): class byte, leading
  // exponent + 130, then digit pairs as 2p+1 (more follow) or 2p (last);
  // negatives complement everything after the class byte.
  EXPECT_EQ(Hex(EncodeNumber("0")), "02");
  EXPECT_EQ(Hex(EncodeNumber("1")), "03 82 14");
  EXPECT_EQ(Hex(EncodeNumber("-1")), "01 7d eb");
  EXPECT_EQ(Hex(EncodeNumber("12")), "03 83 18");
  EXPECT_EQ(Hex(EncodeNumber("123")), "03 84 19 3c");
  EXPECT_EQ(Hex(EncodeNumber("1201")), "03 85 19 02");
  EXPECT_EQ(Hex(EncodeNumber("0.5")), "03 81 64");
  EXPECT_EQ(Hex(EncodeNumber("1e125")), "03 ff 14");
  EXPECT_EQ(Hex(EncodeNumber("1e-130")), "03 00 14");
  EXPECT_EQ(Hex(EncodeNumber("-1e-130")), "01 ff eb");
  EXPECT_EQ(Hex(EncodeNumber("99999999999999999999999999999999999999")),
            "03 a7 c7 c7 c7 c7 c7 c7 c7 c7 c7 c7 c7 c7 c7 c7 c7 c7 c7 c7 c6");
}

TEST(KeyCodecTest, NegativeNumbersSortFirst) {
  const std::string zero = EncodeNumber("0");
  for (const char* negative :
       {"-1e-130", "-1", "-9.9999999999999999999999999999999999999e125"}) {
    SCOPED_TRACE(negative);
    EXPECT_LT(ByteCompare(EncodeNumber(negative), zero), 0);
    EXPECT_LT(ByteCompare(EncodeNumber(negative), EncodeNumber("1e-130")), 0);
  }
  EXPECT_LT(ByteCompare(zero, EncodeNumber("1e-130")), 0);
}

TEST(KeyCodecTest, EqualNumbersEncodeIdentically) {
  EXPECT_EQ(EncodeNumber("1"), EncodeNumber("1.000"));
  EXPECT_EQ(EncodeNumber("1"), EncodeNumber("10e-1"));
  EXPECT_EQ(EncodeNumber("0"), EncodeNumber("-0.0"));
  EXPECT_EQ(EncodeNumber("-150"), EncodeNumber("-1.5E+2"));
}

TEST(KeyCodecTest, NumbersSortByValue) {
  std::mt19937_64 rng(42);
  std::vector<RefNumber> refs = RandomNumbers(rng, 3000);
  struct Entry {
    RefNumber ref;
    Decimal value;
    std::string key;
  };
  std::vector<Entry> entries;
  for (const RefNumber& r : refs) {
    Entry e{r, D(r.Text()), {}};
    e.value.AppendKeyEncoding(&e.key);
    entries.push_back(std::move(e));
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return ByteCompare(a.key, b.key) < 0;
  });
  // Sorted by bytes, neighbours are in reference order, and equal keys are
  // equal values; with a total order, neighbours are enough.
  for (size_t i = 1; i < entries.size(); ++i) {
    const Entry& a = entries[i - 1];
    const Entry& b = entries[i];
    SCOPED_TRACE(a.ref.Text() + " then " + b.ref.Text());
    const int bytes = ByteCompare(a.key, b.key);
    ASSERT_EQ(bytes, Sign(RefCompare(a.ref, b.ref)));
    ASSERT_EQ(bytes, Sign(a.value.Compare(b.value)));
  }
  // And any two, in both directions.
  std::uniform_int_distribution<size_t> index(0, entries.size() - 1);
  for (int iter = 0; iter < 50000; ++iter) {
    const Entry& a = entries[index(rng)];
    const Entry& b = entries[index(rng)];
    SCOPED_TRACE(a.ref.Text() + " vs " + b.ref.Text());
    ASSERT_EQ(ByteCompare(a.key, b.key), Sign(RefCompare(a.ref, b.ref)));
    ASSERT_EQ(Sign(a.value.Compare(b.value)), Sign(RefCompare(a.ref, b.ref)));
  }
}

TEST(KeyCodecTest, NumbersWithSharedDigitPrefixesSortByValue) {
  const std::vector<std::string> kAscending = {
      "-1.2345", "-1.234",  "-1.2301", "-1.23",  "-1.2",   "-1.01",
      "-1",      "-0.1201", "-0.12",   "0.12",   "0.1201", "1",
      "1.01",    "1.2",     "1.23",    "1.2301", "1.234",  "1.2345",
      "1.3",     "10",      "12",      "12.01",  "120.1",
  };
  for (size_t i = 1; i < kAscending.size(); ++i) {
    SCOPED_TRACE(kAscending[i - 1] + " < " + kAscending[i]);
    EXPECT_LT(ByteCompare(EncodeNumber(kAscending[i - 1]),
                          EncodeNumber(kAscending[i])),
              0);
  }
}

TEST(KeyCodecTest, NumberEncodingIsSelfDelimiting) {
  // Whatever follows an encoding, two different numbers keep their order.
  std::mt19937_64 rng(99);
  std::vector<RefNumber> refs = RandomNumbers(rng, 600);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 6);
  for (size_t i = 0; i + 1 < refs.size(); ++i) {
    const RefNumber& a = refs[i];
    const RefNumber& b = refs[i + 1];
    const int want = Sign(RefCompare(a, b));
    if (want == 0) continue;
    for (int k = 0; k < 8; ++k) {
      std::string x = EncodeNumber(a.Text());
      std::string y = EncodeNumber(b.Text());
      for (int n = length(rng); n > 0; --n) {
        x.push_back(static_cast<char>(byte(rng)));
      }
      for (int n = length(rng); n > 0; --n) {
        y.push_back(static_cast<char>(byte(rng)));
      }
      SCOPED_TRACE(a.Text() + " vs " + b.Text() + ": " + Hex(x) + " vs " +
                   Hex(y));
      ASSERT_EQ(ByteCompare(x, y), want);
    }
  }
}

TEST(KeyCodecTest, NumberRoundTrips) {
  std::mt19937_64 rng(5);
  for (const RefNumber& r : RandomNumbers(rng, 3000)) {
    const Decimal d = D(r.Text());
    std::string bytes;
    d.AppendKeyEncoding(&bytes);
    EXPECT_LE(bytes.size(), 21u);
    bytes += "tail";
    std::string_view in = bytes;
    Decimal back;
    SCOPED_TRACE(r.Text());
    ASSERT_TRUE(Decimal::ReadKeyEncoding(&in, &back));
    EXPECT_EQ(in, "tail");
    EXPECT_EQ(back.ToString(), d.ToString());
    EXPECT_EQ(back.Compare(d), 0);
    EXPECT_EQ(back.StorageSize(), d.StorageSize());
  }
}

TEST(KeyCodecTest, MalformedNumberEncodingIsRejected) {
  const std::vector<std::string> kCases = {
      "",
      std::string("\x00", 1),          // no such class
      "\x04",                          // no such class
      "\x03",                          // no exponent
      "\x03\x82",                      // no digits
      "\x03\x82\x15",                  // digits never end
      std::string("\x03\x82\x00", 3),  // last pair 00
      "\x03\x82\xc8",                  // byte above 199
      "\x03\x82\x12",                  // leading digit zero (pair 09)
      "\x03\x82\x13\x14",              // leading digit zero, continued
      "\x01\x7d",                      // negative with no digits
      "\x01\x7d\xeb\xff",              // fine, then the tail: accepted below
  };
  for (size_t i = 0; i + 1 < kCases.size(); ++i) {
    SCOPED_TRACE(Hex(kCases[i]));
    std::string_view in = kCases[i];
    Decimal out = D("7");
    EXPECT_FALSE(Decimal::ReadKeyEncoding(&in, &out));
    EXPECT_EQ(in, kCases[i]);  // untouched
    EXPECT_EQ(out.ToString(), "7");
  }
  std::string_view in = kCases.back();
  Decimal out;
  EXPECT_TRUE(Decimal::ReadKeyEncoding(&in, &out));
  EXPECT_EQ(out.ToString(), "-1");
  EXPECT_EQ(in, "\xff");

  // 20 digit bytes would be more than 38 digits.
  std::string too_long = "\x03\x82";
  too_long.append(19, '\x15');
  too_long.push_back('\x14');
  in = too_long;
  EXPECT_FALSE(Decimal::ReadKeyEncoding(&in, &out));

  // Every proper prefix of a valid encoding is incomplete.
  const std::string full =
      EncodeNumber("-1234567890.1234567890123456789012345678");
  for (size_t n = 0; n < full.size(); ++n) {
    SCOPED_TRACE(n);
    std::string_view prefix(full.data(), n);
    EXPECT_FALSE(Decimal::ReadKeyEncoding(&prefix, &out));
  }
}

TEST(KeyCodecTest, StringEncodingIsPinned) {
  EXPECT_EQ(Hex(EncodeComponent(AttributeValue::S("ab"))), "61 62 00 01");
  EXPECT_EQ(Hex(EncodeComponent(AttributeValue::S(std::string("a\0b", 3)))),
            "61 00 ff 62 00 01");
  EXPECT_EQ(Hex(EncodeComponent(AttributeValue::B(std::string("\0\xff", 2)))),
            "00 ff ff 00 01");
  EXPECT_EQ(Hex(EncodeComponent(AttributeValue::S(""))), "00 01");
  EXPECT_EQ(Hex(EncodeComponent(AttributeValue::N("-1"))), "01 7d eb");
}

// Random byte strings over a small alphabet that includes 0x00 and 0xFF,
// so that prefixes and escapes are common.
std::vector<std::string> RandomByteStrings(std::mt19937_64& rng, int count) {
  const char kAlphabet[] = {'\x00', '\x01', '\xfe', '\xff', 'a', 'b'};
  std::uniform_int_distribution<int> length(0, 6);
  std::uniform_int_distribution<int> pick(0, 5);
  std::uniform_int_distribution<int> any(0, 255);
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    std::string s;
    for (int n = length(rng); n > 0; --n) {
      s.push_back(i % 4 == 0 ? static_cast<char>(any(rng))
                             : kAlphabet[pick(rng)]);
    }
    out.push_back(std::move(s));
  }
  return out;
}

void ExpectSortsByUnsignedBytes(ValueType type, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> values = RandomByteStrings(rng, 2000);
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string& a = values[i];
    const std::string& b = values[(i * 7919 + 13) % values.size()];
    for (const auto& [x, y] :
         {std::pair(a, b), std::pair(a, values[(i + 1) % values.size()])}) {
      const AttributeValue vx =
          type == ValueType::kS ? AttributeValue::S(x) : AttributeValue::B(x);
      const AttributeValue vy =
          type == ValueType::kS ? AttributeValue::S(y) : AttributeValue::B(y);
      SCOPED_TRACE(Hex(x) + " vs " + Hex(y));
      ASSERT_EQ(ByteCompare(EncodeComponent(vx), EncodeComponent(vy)),
                ByteCompare(x, y));
    }
  }
}

TEST(KeyCodecTest, StringsSortByUnsignedBytes) {
  ExpectSortsByUnsignedBytes(ValueType::kS, 1);
  // 0xFF sorts after ASCII: unsigned, as the service orders UTF-8 bytes.
  EXPECT_GT(ByteCompare(EncodeComponent(AttributeValue::S("\xc3\xa9")),
                        EncodeComponent(AttributeValue::S("z"))),
            0);
}

TEST(KeyCodecTest, BinariesSortByUnsignedBytes) {
  ExpectSortsByUnsignedBytes(ValueType::kB, 2);
}

TEST(KeyCodecTest, ShorterStringSortsBeforeItsExtensions) {
  const std::vector<std::string> kAscending = {"",
                                               std::string("\0", 1),
                                               std::string("\0\0", 2),
                                               std::string("\0\x01", 2),
                                               "\x01",
                                               "a",
                                               std::string("a\0", 2),
                                               std::string("a\0\xff", 3),
                                               "a\x01",
                                               "ab",
                                               "a\xff",
                                               "\xff",
                                               "\xff\xff"};
  for (size_t i = 1; i < kAscending.size(); ++i) {
    SCOPED_TRACE(Hex(kAscending[i - 1]) + " < " + Hex(kAscending[i]));
    EXPECT_LT(ByteCompare(EncodeComponent(AttributeValue::B(kAscending[i - 1])),
                          EncodeComponent(AttributeValue::B(kAscending[i]))),
              0);
  }
}

TEST(KeyCodecTest, ConcatenatedStringAndNumberSortComponentByComponent) {
  // A table with an S partition key and an N sort key: keys sort by
  // partition key bytes, then by sort key value.
  std::mt19937_64 rng(11);
  std::vector<std::string> pks = RandomByteStrings(rng, 40);
  std::vector<RefNumber> sks = RandomNumbers(rng, 60);
  struct Key {
    std::string pk;
    RefNumber sk;
    std::string bytes;
  };
  std::vector<Key> keys;
  for (const std::string& pk : pks) {
    for (int k = 0; k < 15; ++k) {
      const RefNumber& sk = sks[static_cast<size_t>(rng() % sks.size())];
      Key key{pk, sk, {}};
      AppendKeyComponent(AttributeValue::S(pk), &key.bytes);
      AppendKeyComponent(AttributeValue::N(sk.Text()), &key.bytes);
      keys.push_back(std::move(key));
    }
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return ByteCompare(a.bytes, b.bytes) < 0;
  });
  for (size_t i = 1; i < keys.size(); ++i) {
    const Key& a = keys[i - 1];
    const Key& b = keys[i];
    SCOPED_TRACE(Hex(a.pk) + "/" + a.sk.Text() + " then " + Hex(b.pk) + "/" +
                 b.sk.Text());
    int want = ByteCompare(a.pk, b.pk);
    if (want == 0) want = Sign(RefCompare(a.sk, b.sk));
    ASSERT_EQ(ByteCompare(a.bytes, b.bytes), want);
  }
}

TEST(KeyCodecTest, ConcatenatedBinaryAndStringSortComponentByComponent) {
  std::mt19937_64 rng(12);
  std::vector<std::string> parts = RandomByteStrings(rng, 300);
  for (int iter = 0; iter < 20000; ++iter) {
    const std::string& a1 = parts[rng() % parts.size()];
    const std::string& a2 = parts[rng() % parts.size()];
    const std::string& b1 = iter % 2 ? a1 : parts[rng() % parts.size()];
    const std::string& b2 = parts[rng() % parts.size()];
    std::string x = EncodeComponent(AttributeValue::B(a1)) +
                    EncodeComponent(AttributeValue::S(a2));
    std::string y = EncodeComponent(AttributeValue::B(b1)) +
                    EncodeComponent(AttributeValue::S(b2));
    int want = ByteCompare(a1, b1);
    if (want == 0) want = ByteCompare(a2, b2);
    SCOPED_TRACE(Hex(a1) + "/" + Hex(a2) + " vs " + Hex(b1) + "/" + Hex(b2));
    ASSERT_EQ(ByteCompare(x, y), want);
  }
}

TEST(KeyCodecTest, ComponentsRoundTrip) {
  std::mt19937_64 rng(13);
  std::vector<std::string> strings = RandomByteStrings(rng, 200);
  std::vector<RefNumber> numbers = RandomNumbers(rng, 200);
  for (size_t i = 0; i < 200; ++i) {
    const std::string number = D(numbers[i].Text()).ToString();
    std::string key;
    AppendKeyComponent(AttributeValue::B(strings[i]), &key);
    AppendKeyComponent(AttributeValue::N(number), &key);
    AppendKeyComponent(AttributeValue::S(strings[199 - i]), &key);
    SCOPED_TRACE(Hex(key));
    std::string_view in = key;
    AttributeValue b, n, s;
    ASSERT_TRUE(ReadKeyComponent(ValueType::kB, &in, &b));
    ASSERT_TRUE(ReadKeyComponent(ValueType::kN, &in, &n));
    ASSERT_TRUE(ReadKeyComponent(ValueType::kS, &in, &s));
    EXPECT_TRUE(in.empty());
    EXPECT_EQ(b.type(), ValueType::kB);
    EXPECT_EQ(b.scalar(), strings[i]);
    EXPECT_EQ(n.type(), ValueType::kN);
    EXPECT_EQ(n.scalar(), number);
    EXPECT_EQ(s.type(), ValueType::kS);
    EXPECT_EQ(s.scalar(), strings[199 - i]);
  }
}

TEST(KeyCodecTest, NumberComponentReadsBackNormalized) {
  std::string key = EncodeComponent(AttributeValue::N("+001.500E+2"));
  std::string_view in = key;
  AttributeValue v;
  ASSERT_TRUE(ReadKeyComponent(ValueType::kN, &in, &v));
  EXPECT_EQ(v.scalar(), "150");
}

TEST(KeyCodecTest, MalformedStringComponentIsRejected) {
  const std::vector<std::string> kCases = {
      "",
      "abc",                       // no terminator
      std::string("abc\0", 4),     // cut after the 0x00
      std::string("ab\0\x02", 4),  // 0x00 then neither 0x01 nor 0xFF
      std::string("a\0\xff", 3),   // escaped zero, then nothing
      std::string("\0\xff\0", 3),
  };
  for (const auto& bytes : kCases) {
    SCOPED_TRACE(Hex(bytes));
    for (ValueType type : {ValueType::kS, ValueType::kB}) {
      std::string_view in = bytes;
      AttributeValue out = AttributeValue::S("unchanged");
      EXPECT_FALSE(ReadKeyComponent(type, &in, &out));
      EXPECT_EQ(in, bytes);
      EXPECT_EQ(out.scalar(), "unchanged");
    }
  }
}

TEST(KeyCodecTest, NonKeyTypesAreRejectedOnRead) {
  const std::string bytes = EncodeComponent(AttributeValue::S("a"));
  for (ValueType type :
       {ValueType::kBool, ValueType::kNull, ValueType::kM, ValueType::kL,
        ValueType::kSS, ValueType::kNS, ValueType::kBS}) {
    std::string_view in = bytes;
    AttributeValue out;
    EXPECT_FALSE(ReadKeyComponent(type, &in, &out));
    EXPECT_EQ(in.size(), bytes.size());
  }
}

TEST(KeyCodecTest, PartitionHashIsXxh64WithSeedZero) {
  // The XXH64 test vector for empty input, seed 0.
  EXPECT_EQ(PartitionHash(""), 0xEF46DB3751D8E999ull);
  EXPECT_EQ(PartitionHash(std::string_view()), 0xEF46DB3751D8E999ull);
  const std::string key = EncodeComponent(AttributeValue::S("user#1"));
  EXPECT_EQ(PartitionHash(key), XXH64(key.data(), key.size(), 0));
}

TEST(KeyCodecTest, PartitionHashIsPinned) {
  // On-disk: a change here moves every item.
  EXPECT_EQ(PartitionHash(EncodeComponent(AttributeValue::S("user#1"))),
            0x4D954369B5A3BC22ull);
  EXPECT_EQ(PartitionHash(EncodeComponent(AttributeValue::N("42"))),
            0xCE46C451F851FBB6ull);
}

TEST(KeyCodecTest, BigEndian64IsPinned) {
  std::string out;
  AppendBigEndian64(0x0102030405060708ull, &out);
  EXPECT_EQ(Hex(out), "01 02 03 04 05 06 07 08");
  EXPECT_EQ(ReadBigEndian64(out.data()), 0x0102030405060708ull);
  out.clear();
  AppendBigEndian64(0xFFFFFFFFFFFFFFFFull, &out);
  EXPECT_EQ(ReadBigEndian64(out.data()), 0xFFFFFFFFFFFFFFFFull);
}

TEST(KeyCodecTest, BigEndian64SortsNumericallyAndRoundTrips) {
  std::mt19937_64 rng(17);
  for (int iter = 0; iter < 10000; ++iter) {
    const uint64_t a = iter % 3 == 0 ? rng() >> (rng() % 64) : rng();
    const uint64_t b = iter % 5 == 0 ? a + 1 : rng();
    std::string x, y;
    AppendBigEndian64(a, &x);
    AppendBigEndian64(b, &y);
    ASSERT_EQ(x.size(), 8u);
    ASSERT_EQ(ReadBigEndian64(x.data()), a);
    ASSERT_EQ(ByteCompare(x, y), a < b ? -1 : (a > b ? 1 : 0));
  }
}

}  // namespace
}  // namespace dynarock
