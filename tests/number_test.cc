#include "engine/format/number.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace dynarock {
namespace {

const char kNotNumeric[] =
    "The parameter cannot be converted to a numeric value";
const char kTooManyDigits[] =
    "Attempting to store more than 38 significant digits in a Number";
const char kOverflow[] =
    "Number overflow. Attempting to store a number with magnitude larger than "
    "supported range";
const char kUnderflow[] =
    "Number underflow. Attempting to store a number with magnitude smaller "
    "than supported range";

std::string Zeros(int n) { return std::string(static_cast<size_t>(n), '0'); }
std::string Nines(int n) { return std::string(static_cast<size_t>(n), '9'); }

// The normalized text, or the error as "<type>: <message>".
std::string Normalize(std::string_view text) {
  Result<Decimal> d = Decimal::Parse(text);
  if (d.ok()) return d->ToString();
  return std::string(d.status().type() == ErrorType::kValidationException
                         ? "ValidationException: "
                         : "OtherError: ") +
         d.status().message();
}

std::string Validation(std::string_view message) {
  return "ValidationException: " + std::string(message);
}

Decimal D(std::string_view text) {
  Result<Decimal> d = Decimal::Parse(text);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status().message();
  return d.ok() ? *d : Decimal();
}

std::string Render(const Result<Decimal>& r) {
  if (r.ok()) return r->ToString();
  return Validation(r.status().message());
}

struct TextCase {
  std::string text;
  std::string want;
};

TEST(DecimalTest, ParsesAndNormalizesValidText) {
  // Inputs from Alternator test_number.py test_invalid_numbers (accepted by
  // the service) and Dynoxide's captures (input -> read back).
  const std::vector<TextCase> kCases = {
      {"0", "0"},
      {"-0", "0"},
      {"+0", "0"},
      {"0.0", "0"},
      {"+0.0", "0"},
      {"00", "0"},
      {".0", "0"},
      {"0.", "0"},
      {"0e1000", "0"},
      {"-0.000e-5", "0"},
      {"1", "1"},
      {"3", "3"},
      {"+3", "3"},
      {"+5", "5"},
      {"-7", "-7"},
      {"-7.1234", "-7.1234"},
      {"+1.5", "1.5"},
      {"1.50", "1.5"},
      {"1.200", "1.2"},
      {"0001.23", "1.23"},
      {"0042", "42"},
      {".123", "0.123"},
      {".5", "0.5"},
      {"+.5", "0.5"},
      {"-.5", "-0.5"},
      {"5.", "5"},
      {"-5.", "-5"},
      {"100", "100"},
      {"1000.000", "1000"},
      {"1e+5", "100000"},
      {"1e+2", "100"},
      {"+1e2", "100"},
      {"1E+3", "1000"},
      {"1.5E+3", "1500"},
      {"1.5e3", "1500"},
      {"-17e5", "-1700000"},
      {"-17.4E37", "-174" + Zeros(36)},
      {"1e0", "1"},
      {"1e-0", "1"},
      {"1e+0", "1"},
      {"1e-3", "0.001"},
      {"12.3400e-1", "1.234"},
      {"0.0000001", "0.0000001"},
      {"123.456e2", "12345.6"},
      {"123.456e-2", "1.23456"},
      {"123.456e-3", "0.123456"},
      {"123.456e-4", "0.0123456"},
      {"1E00000000000000000005", "100000"},
      {"1e125", "1" + Zeros(125)},
      {"-1e125", "-1" + Zeros(125)},
      {"1E-130", "0." + Zeros(129) + "1"},
      {"-1E-130", "-0." + Zeros(129) + "1"},
      {"9.9999999999999999999999999999999999999E+125", Nines(38) + Zeros(88)},
      {"3.1415926535897932384626433832795028841",
       "3.1415926535897932384626433832795028841"},
      {"314159265358979323846.26433832795028841",
       "314159265358979323846.26433832795028841"},
      {"31415926535897932384626433832795028841e30",
       "31415926535897932384626433832795028841" + Zeros(30)},
      {"12345678901234567890123456789012345678",
       "12345678901234567890123456789012345678"},
      {"12345678901234567890123456789012345678e-167",
       "0." + Zeros(129) + "12345678901234567890123456789012345678"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(Normalize(c.text), c.want);
  }
}

TEST(DecimalTest, RejectsNonNumericTextWithTheTextInTheMessage) {
  // The service echoes the text: "...numeric value: b" (dynalite tests),
  // "...: 1.2.3" (Dynoxide, captured). Spaces, NaN and Infinity are not
  // numbers (Alternator test_invalid_numbers), nor are a lone sign, a
  // missing mantissa or exponent, or a second sign (Dynoxide captures).
  const std::vector<std::string> kCases = {
      "b",
      "dog",
      "-dog",
      "NaN",
      "-NaN",
      "Infinity",
      "-Infinity",
      " 1",
      "1 ",
      " 5",
      "5 ",
      "\t1",
      "1\n",
      "+",
      "-",
      ".",
      "+.",
      "-.",
      "e5",
      ".e5",
      "+e2",
      "1e",
      "1e+",
      "1e-",
      "1E",
      "1.2.3",
      "++5",
      "+-5",
      "--5",
      "1+2",
      "+1+2",
      "1-2",
      "1e2.5",
      "1e2e3",
      "1ee2",
      "0x10",
      "1_000",
      "1,5",
      "1.5f",
      "1d",
      "\xef\xbc\x91",  // fullwidth digit one
  };
  for (const auto& text : kCases) {
    SCOPED_TRACE(text);
    EXPECT_EQ(Normalize(text),
              Validation(std::string(kNotNumeric) + ": " + text));
  }
}

TEST(DecimalTest, EmptyTextKeepsTheSuffixSeparator) {
  // 2026 captures of the service: {N: ''} gives the message with ": " and
  // nothing after it (older captures show the bare sentence).
  EXPECT_EQ(Normalize(""), Validation(std::string(kNotNumeric) + ": "));
}

TEST(DecimalTest, ExponentsBeyondAJavaIntAreNotNumbers) {
  // The service parses like java.math.BigDecimal, which rejects an exponent
  // or a scale outside a 32-bit int ("Exponent overflow", "Scale out of
  // range") but takes any exponent that fits, so "1e2147483647" is a number
  // that overflows (Alternator test_number_magnitude_not_allowed_dos gets an
  // overflow for 1.0e100000000).
  for (const std::string text :
       {"1e2147483648", "1e-2147483649", "1e99999999999", "0e99999999999",
        "1e123456789012345678901234567890", "1e-99999999999999999999",
        "1e-2147483648", "1.5e-2147483647", "0.0e-2147483647"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(Normalize(text),
              Validation(std::string(kNotNumeric) + ": " + text));
  }
  EXPECT_EQ(Normalize("1e2147483647"), Validation(kOverflow));
  EXPECT_EQ(Normalize("1e-2147483647"), Validation(kUnderflow));
  EXPECT_EQ(Normalize("1.0e100000000"), Validation(kOverflow));
  EXPECT_EQ(Normalize("0e2147483647"), "0");
  EXPECT_EQ(Normalize("1e000000000000000000000002"), "100");
}

TEST(DecimalTest, RejectsMoreThan38SignificantDigits) {
  // dynalite tests and Alternator test_number_precision_not_allowed.
  const std::vector<std::string> kCases = {
      "123456789012345678901234567890123456789",
      "-1.23456789012345678901234567890123456789",
      "3.14159265358979323846264338327950288419",
      "314159265358979323846.264338327950288419",
      "314159265358979323846264338327950288419e30",
      "1000000000000000000000.00000000000001011",
      "1.00000000000000000000000000000000001011",
      ".100000000000000000000000000000000001011",
      "9.99999999999999999999999999999999999999e125",
  };
  for (const auto& text : kCases) {
    SCOPED_TRACE(text);
    EXPECT_EQ(Normalize(text), Validation(kTooManyDigits));
  }
}

TEST(DecimalTest, LeadingAndTrailingZerosAreNotSignificant) {
  // The Developer Guide: "Leading and trailing zeroes are trimmed". SDKs
  // send 1e100 as 101 digits (boto3 issue 2500), which must be accepted.
  EXPECT_EQ(Normalize("1" + Zeros(100)), "1" + Zeros(100));
  EXPECT_EQ(Normalize(Zeros(50) + "1." + Zeros(50)), "1");
  EXPECT_EQ(Normalize("0." + Zeros(100) + "1"), "0." + Zeros(100) + "1");
  EXPECT_EQ(Normalize(Zeros(10) + "12345678901234567890123456789012345678" +
                      Zeros(60)),
            "12345678901234567890123456789012345678" + Zeros(60));
  // Interior zeros are significant.
  EXPECT_EQ(Normalize("1" + Zeros(37) + "1"), Validation(kTooManyDigits));
  EXPECT_EQ(Normalize("1" + Zeros(36) + "1"), "1" + Zeros(36) + "1");
}

TEST(DecimalTest, RejectsOverflow) {
  // dynalite tests, Alternator test_number_magnitude_not_allowed.
  for (const std::string& text :
       std::vector<std::string>{"1e126", "-1e126", "11e125", "10e125",
                                "1" + Zeros(126), "-0.1e127", "1e1000"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(Normalize(text), Validation(kOverflow));
  }
}

TEST(DecimalTest, RejectsUnderflow) {
  for (const std::string& text : std::vector<std::string>{
           "1e-131", "-1e-131", "0.9e-130", "-0.9e-130", "0.99999e-130",
           "0." + Zeros(130) + "1", "1e-1000"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(Normalize(text), Validation(kUnderflow));
  }
}

TEST(DecimalTest, AcceptsTheRangeBoundaries) {
  // The documented ranges: 1E-130 to 9.99...9E+125 (38 digits), both signs.
  for (const std::string text :
       {"1e-130", "-1e-130", "9.9999999999999999999999999999999999999e125",
        "-9.9999999999999999999999999999999999999e125", "1e125", "9e125",
        "10e-131", "9.99999999e125", "1e10", "1e100", "1e-100"}) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(Decimal::Parse(text).ok());
  }
}

TEST(DecimalTest, MagnitudeIsCheckedBeforePrecision) {
  // dynalite's checkNum order. No capture from the service settles a text
  // that breaks both limits.
  EXPECT_EQ(Normalize("1234567890123456789012345678901234567890e100"),
            Validation(kOverflow));
  EXPECT_EQ(Normalize("1234567890123456789012345678901234567890e-200"),
            Validation(kUnderflow));
}

TEST(DecimalTest, ZeroIsNeverNegative) {
  for (const std::string text : {"-0", "-0.0", "-0e5", "-.0", "-0."}) {
    SCOPED_TRACE(text);
    Decimal d = D(text);
    EXPECT_TRUE(d.is_zero());
    EXPECT_FALSE(d.negative());
    EXPECT_EQ(d.ToString(), "0");
  }
  EXPECT_TRUE(D("-1").negative());
  EXPECT_FALSE(Decimal().negative());
  EXPECT_TRUE(Decimal().is_zero());
}

TEST(DecimalTest, CompareOrdersValues) {
  const std::vector<std::string> kAscending = {
      "-9.9999999999999999999999999999999999999e125",
      "-1e125",
      "-12345678901234567890123456789012345678",
      "-10",
      "-2",
      "-1.0000000000000000000000000000000000001",
      "-1",
      "-0.99999999999999999999999999999999999999",
      "-0.5",
      "-0.05",
      "-1e-129",
      "-1e-130",
      "0",
      "1e-130",
      "1.1e-130",
      "1e-129",
      "0.05",
      "0.5",
      "0.50000000000000000000000000000000000001",
      "0.51",
      "1",
      "1.0000000000000000000000000000000000001",
      "1.01",
      "1.1",
      "2",
      "10",
      "10.5",
      "11",
      "99999999999999999999999999999999999999",
      "1e38",
      "1e125",
      "9.9999999999999999999999999999999999999e125",
  };
  for (size_t i = 0; i < kAscending.size(); ++i) {
    for (size_t j = 0; j < kAscending.size(); ++j) {
      SCOPED_TRACE(kAscending[i] + " vs " + kAscending[j]);
      const int want = i < j ? -1 : (i > j ? 1 : 0);
      const int got = D(kAscending[i]).Compare(D(kAscending[j]));
      EXPECT_EQ(got < 0 ? -1 : (got > 0 ? 1 : 0), want);
    }
  }
}

TEST(DecimalTest, EqualValuesCompareEqualWhateverTheirText) {
  EXPECT_EQ(D("1"), D("1.0"));
  EXPECT_EQ(D("1"), D("10e-1"));
  EXPECT_EQ(D("100"), D("1e2"));
  EXPECT_EQ(D("0"), D("-0"));
  EXPECT_EQ(D("0"), D("0e99"));
  EXPECT_EQ(D("-0.5"), D("-.50"));
  EXPECT_FALSE(D("1") == D("-1"));
  EXPECT_TRUE(D("-1") < D("1"));
  EXPECT_FALSE(D("1") < D("1.0"));
}

struct ArithmeticCase {
  std::string a;
  std::string b;
  std::string want;  // normalized result or "ValidationException: ..."
};

TEST(DecimalTest, AddIsExact) {
  const std::vector<ArithmeticCase> kCases = {
      // Alternator test_update_expression_plus_precision.
      {"1", "10000000000000000000000", "10000000000000000000001"},
      {"0.1", "0.2", "0.3"},
      {"5", "5", "10"},
      {"-5", "5", "0"},
      {"-3", "4", "1"},
      {"3", "-4", "-1"},
      {"-3", "-4", "-7"},
      {"0", "0", "0"},
      {"0", "-2.5", "-2.5"},
      {"2.5", "0", "2.5"},
      {"1.5", "1.5", "3"},
      {"1e37", "1", "1" + Zeros(36) + "1"},
      {Nines(38), "1", "1" + Zeros(38)},
      {"-" + Nines(38), "-1", "-1" + Zeros(38)},
      // Alternator test_update_expression_plus_overflow: 9e125 + 9e124.
      {"9e125", "9e124", "99" + Zeros(124)},
      {"1e-130", "1e-130", "0." + Zeros(129) + "2"},
      {"12345678901234567890123456789012345678",
       "-12345678901234567890123456789012345677", "1"},
      {"2.5e-130", "-1.5e-130", "0." + Zeros(129) + "1"},
      {"1e125", "-1e125", "0"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.a + " + " + c.b);
    EXPECT_EQ(Render(Decimal::Add(D(c.a), D(c.b))), c.want);
    SCOPED_TRACE("commuted");
    EXPECT_EQ(Render(Decimal::Add(D(c.b), D(c.a))), c.want);
  }
}

TEST(DecimalTest, SubtractIsExact) {
  const std::vector<ArithmeticCase> kCases = {
      // Alternator test_update_expression_plus_precision.
      {"10000000000000000000000", "1", "9999999999999999999999"},
      {"1", "1", "0"},
      {"0", "0", "0"},
      {"0", "7", "-7"},
      {"0", "-7", "7"},
      {"7", "0", "7"},
      {"3", "4", "-1"},
      {"-3", "4", "-7"},
      {"-3", "-4", "1"},
      {"1.0000000000000000000000000000000000001", "1", "0." + Zeros(36) + "1"},
      {"1", "0." + Zeros(36) + "1", "0." + Nines(37)},
      {"1", "1e-38", "0." + Nines(38)},
      {"1" + Zeros(38), "1", Nines(38)},
      {"2e-130", "1e-130", "0." + Zeros(129) + "1"},
      {"0.3", "0.1", "0.2"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.a + " - " + c.b);
    EXPECT_EQ(Render(Decimal::Subtract(D(c.a), D(c.b))), c.want);
  }
}

TEST(DecimalTest, AddOverflowFails) {
  // Alternator test_update_expression_plus_overflow; ExtendDB issue 94
  // (captured): 9.99...9E+125 + 1E+125.
  EXPECT_EQ(Render(Decimal::Add(D("9e125"), D("9e125"))),
            Validation(kOverflow));
  EXPECT_EQ(Render(Decimal::Subtract(D("9e125"), D("-9e125"))),
            Validation(kOverflow));
  EXPECT_EQ(Render(Decimal::Add(D("-9e125"), D("-9e125"))),
            Validation(kOverflow));
  EXPECT_EQ(
      Render(Decimal::Add(D("9.9999999999999999999999999999999999999E+125"),
                          D("1E+125"))),
      Validation(kOverflow));
  EXPECT_EQ(
      Render(Decimal::Add(D("9.9999999999999999999999999999999999999E+125"),
                          D("0.0000000000000000000000000000000000001E+125"))),
      Validation(kOverflow));
}

TEST(DecimalTest, ResultNeedingMoreThan38DigitsFailsAsOverflow) {
  // Alternator test_update_expression_plus_imprecise: the service answers
  // 1e50 + 1 and 1e50 - 1 with "Number overflow", not with the 38 digits
  // message.
  const std::vector<ArithmeticCase> kAdd = {
      {"1e50", "1", Validation(kOverflow)},
      {"1e38", "1", Validation(kOverflow)},
      {"1e-130", "1", Validation(kOverflow)},
      {"1e125", "1e-130", Validation(kOverflow)},
      {"5e38", "-1", Validation(kOverflow)},
      {"2e38", "-1", Validation(kOverflow)},
      {Nines(38), "0.1", Validation(kOverflow)},
      {"12345678901234567890123456789012345678", "0.5", Validation(kOverflow)},
  };
  for (const auto& c : kAdd) {
    SCOPED_TRACE(c.a + " + " + c.b);
    EXPECT_EQ(Render(Decimal::Add(D(c.a), D(c.b))), c.want);
    EXPECT_EQ(Render(Decimal::Add(D(c.b), D(c.a))), c.want);
  }
  EXPECT_EQ(Render(Decimal::Subtract(D("1e50"), D("1"))),
            Validation(kOverflow));
  EXPECT_EQ(Render(Decimal::Subtract(D("1"), D("1e-39"))),
            Validation(kOverflow));
}

TEST(DecimalTest, SubtractUnderflowFails) {
  EXPECT_EQ(Render(Decimal::Subtract(D("1.1e-130"), D("1e-130"))),
            Validation(kUnderflow));
  EXPECT_EQ(Render(Decimal::Add(D("-1.1e-130"), D("1e-130"))),
            Validation(kUnderflow));
  EXPECT_EQ(Render(Decimal::Subtract(
                D("1.0000000000000000000000000000000000001e-94"), D("1e-94"))),
            Validation(kUnderflow));
}

// A reference decimal for property tests: a sign, digits without leading or
// trailing zeros (empty for zero) and the exponent of the last digit.
struct RefNumber {
  bool negative = false;
  std::string digits;
  int64_t exponent = 0;

  std::string Text() const {
    if (digits.empty()) return "0";
    return (negative ? "-" : "") + digits + "E" + std::to_string(exponent);
  }
};

// Digits of |r| at exponents [lo, lo + width), least significant first.
std::vector<int> Place(const RefNumber& r, int64_t lo, int64_t width) {
  std::vector<int> out(static_cast<size_t>(width), 0);
  for (size_t i = 0; i < r.digits.size(); ++i) {
    const int64_t position =
        r.exponent + static_cast<int64_t>(r.digits.size() - 1 - i);
    out[static_cast<size_t>(position - lo)] = r.digits[i] - '0';
  }
  return out;
}

// The exact sum, by schoolbook arithmetic on digit vectors.
RefNumber ExactSum(const RefNumber& a, const RefNumber& b) {
  if (a.digits.empty()) return b;
  if (b.digits.empty()) return a;
  const int64_t lo = std::min(a.exponent, b.exponent);
  const int64_t hi =
      std::max(a.exponent + static_cast<int64_t>(a.digits.size()),
               b.exponent + static_cast<int64_t>(b.digits.size()));
  const int64_t width = hi - lo + 1;
  std::vector<int> x = Place(a, lo, width);
  std::vector<int> y = Place(b, lo, width);
  bool negative = a.negative;
  std::vector<int> sum(static_cast<size_t>(width), 0);
  if (a.negative == b.negative) {
    int carry = 0;
    for (size_t i = 0; i < sum.size(); ++i) {
      const int s = x[i] + y[i] + carry;
      sum[i] = s % 10;
      carry = s / 10;
    }
  } else {
    // Subtract the smaller magnitude from the larger.
    bool x_smaller = false;
    for (size_t i = sum.size(); i-- > 0;) {
      if (x[i] != y[i]) {
        x_smaller = x[i] < y[i];
        break;
      }
    }
    if (x_smaller) {
      std::swap(x, y);
      negative = b.negative;
    }
    int borrow = 0;
    for (size_t i = 0; i < sum.size(); ++i) {
      int s = x[i] - y[i] - borrow;
      borrow = s < 0 ? 1 : 0;
      sum[i] = s + 10 * borrow;
    }
  }
  RefNumber r;
  size_t first = 0;
  while (first < sum.size() && sum[first] == 0) ++first;
  if (first == sum.size()) return r;
  size_t last = sum.size() - 1;
  while (sum[last] == 0) --last;
  r.negative = negative;
  r.exponent = lo + static_cast<int64_t>(first);
  for (size_t i = last + 1; i-- > first;) {
    r.digits.push_back(static_cast<char>('0' + sum[i]));
  }
  return r;
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

TEST(DecimalTest, AddMatchesExactArithmeticOnRandomValues) {
  std::mt19937_64 rng(20240611);
  std::uniform_int_distribution<int> length(1, 38);
  std::uniform_int_distribution<int> lead(-130, 125);
  std::uniform_int_distribution<int> near(-42, 3);
  std::bernoulli_distribution coin(0.5);
  int successes = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    RefNumber a;
    a.negative = coin(rng);
    a.digits = RandomDigits(rng, length(rng));
    a.exponent = lead(rng) - static_cast<int64_t>(a.digits.size()) + 1;
    RefNumber b;
    b.negative = coin(rng);
    b.digits = RandomDigits(rng, iter % 3 == 0 ? length(rng) : 1 + iter % 5);
    // Mostly near a, so that many sums are representable.
    int64_t b_lead = iter % 4 == 0
                         ? lead(rng)
                         : a.exponent + static_cast<int64_t>(a.digits.size()) -
                               1 + near(rng);
    b_lead = std::clamp<int64_t>(b_lead, -130, 125);
    b.exponent = b_lead - static_cast<int64_t>(b.digits.size()) + 1;
    if (iter % 7 == 0) {  // an exact cancellation
      b = a;
      b.negative = !a.negative;
    }
    if (iter % 11 == 0) {  // a near-cancellation
      b = a;
      b.negative = !a.negative;
      b.digits.back() =
          b.digits.back() == '9' ? '1' : static_cast<char>(b.digits.back() + 1);
    }

    const RefNumber sum = ExactSum(a, b);
    std::string want;
    const int64_t digits = static_cast<int64_t>(sum.digits.size());
    const int64_t sum_lead = sum.exponent + digits - 1;
    if (digits == 0) {
      want = "0";
    } else if (digits > 38 || sum_lead > 125) {
      want = Validation(kOverflow);
    } else if (sum_lead < -130) {
      want = Validation(kUnderflow);
    } else {
      want = D(sum.Text()).ToString();
      ++successes;
    }
    SCOPED_TRACE(a.Text() + " + " + b.Text());
    ASSERT_EQ(Render(Decimal::Add(D(a.Text()), D(b.Text()))), want);
    RefNumber neg_b = b;
    neg_b.negative = !b.negative;
    ASSERT_EQ(Render(Decimal::Subtract(D(a.Text()), D(neg_b.Text()))), want);
  }
  // The generator is meant to exercise both outcomes.
  EXPECT_GT(successes, 5000);
  EXPECT_LT(successes, 19000);
}

struct SizeCase {
  std::string text;
  size_t bytes;
};

TEST(DecimalTest, StorageSizeMatchesSizesMeasuredOnTheService) {
  // Dynoxide's captures against the service (eu-west-2, by the 400 KB
  // limit): literal -> bytes.
  const std::vector<SizeCase> kCases = {
      {"0", 1},      {"1", 2},
      {"12", 2},     {"123", 3},
      {"1234", 3},   {"12345678901234567890123456789012345678", 20},
      {"0042", 2},   {"100", 2},
      {"1010", 3},   {"0.0000001", 2},
      {"1E125", 2},  {"1E-100", 2},
      {"1.5", 3},    {"15", 2},
      {"1.2", 3},    {"1.200", 3},
      {"1.234", 4},  {"3.14159", 5},
      {"123456", 4}, {"100.5", 4},
      {"0.15", 2},   {"-42", 3},
      {"-0", 1},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(D(c.text).StorageSize(), c.bytes);
  }
}

TEST(DecimalTest, StorageSizeCountsBase100DigitsAlignedOnThePoint) {
  // dynalite's valSize, not measured by Dynoxide: the digits pair up around
  // the decimal point, so 11000 is 1|10|00 (two pairs) and 0.015 is .01|50.
  const std::vector<SizeCase> kCases = {
      {"11000", 3},
      {"1100", 2},
      {"0.015", 3},
      {"0.15", 2},
      {"-0.015", 4},
      {"1e-130", 2},
      {"1e-129", 2},
      {"12e-130", 2},
      {"12e-131", 3},
      {"1.2345678901234567890123456789012345678", 21},
      {"-1.2345678901234567890123456789012345678", 22},
      {"9.9999999999999999999999999999999999999E+125", 20},
      {"-12345678901234567890123456789012345678", 21},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(D(c.text).StorageSize(), c.bytes);
  }
}

// A random number in the service's range: 1 to 38 significant digits, its
// leading digit's exponent (returned in *lead) from -130 to 125.
RefNumber RandomInRange(std::mt19937_64& rng, int* lead) {
  std::uniform_int_distribution<int> length(1, 38);
  std::uniform_int_distribution<int> leads(-130, 125);
  RefNumber r;
  r.negative = std::bernoulli_distribution(0.5)(rng);
  r.digits = RandomDigits(rng, length(rng));
  *lead = leads(rng);
  r.exponent = *lead - static_cast<int64_t>(r.digits.size()) + 1;
  return r;
}

TEST(DecimalTest, StorageSizeMatchesDynaliteFormulaOnRandomValues) {
  // dynalite db/index.js valSize, with big.js's e the leading exponent:
  //   1 + ceil(n / 2) + (n % 2 || e % 2 ? 0 : 1) + (negative ? 1 : 0)
  std::mt19937_64 rng(7);
  for (int iter = 0; iter < 5000; ++iter) {
    int e;
    const RefNumber r = RandomInRange(rng, &e);
    const size_t n = r.digits.size();
    const size_t want = 1 + (n + 1) / 2 + ((n % 2 != 0 || e % 2 != 0) ? 0 : 1) +
                        (r.negative ? 1 : 0);
    SCOPED_TRACE(r.Text());
    ASSERT_EQ(D(r.Text()).StorageSize(), want);
  }
}

// NormalizedSize knows ToString()'s output, and nothing else, without
// parsing: on every normalized text it gives StorageSize(); any text it
// accepts is normalized (ToString(Parse(text)) == text).
TEST(DecimalTest, NormalizedSizeAcceptsExactlyTheNormalizedForm) {
  auto check_normalized = [](const std::string& text) {
    SCOPED_TRACE(text);
    size_t size = 0;
    ASSERT_TRUE(Decimal::NormalizedSize(text, &size));
    EXPECT_EQ(size, D(text).StorageSize());
  };
  for (const char* text :
       {"0", "1", "-1", "10", "1000", "-120", "0.5", "-0.05", "1.5", "12.25",
        "0.000001", "99999999999999999999999999999999999999",
        "0.00000000000000000000000000000000000000000000000000000000000000000"
        "00000000000000000000000000000000000000000000000000000000000000001"}) {
    check_normalized(text);
  }
  for (const char* text :
       {"", "-", "-0", "+1", "01", "00", "1.", ".5", "1.50", "0.", "0.0", "1e3",
        "1E3", "0.10", "00.1", "1..2", "1.2.3", " 1", "1 ", "-.5", "0x1", "1-",
        "--1",
        // 39 significant digits, and out of the service's range.
        "123456789012345678901234567890123456789",
        "100000000000000000000000000000000000000000000000000000000000000000000"
        "0000000000000000000000000000000000000000000000000000000000"}) {
    SCOPED_TRACE(text);
    size_t size = 0;
    EXPECT_FALSE(Decimal::NormalizedSize(text, &size));
  }
  // Random values as ToString writes them, and random texts.
  std::mt19937_64 rng(11);
  for (int iter = 0; iter < 5000; ++iter) {
    int lead;
    check_normalized(D(RandomInRange(rng, &lead).Text()).ToString());
  }
  const std::string alphabet = "0123456789.-+eE";
  int accepted = 0;
  for (int iter = 0; iter < 200000; ++iter) {
    std::string text;
    const size_t len = rng() % 12;
    for (size_t i = 0; i < len; ++i) {
      text.push_back(rng() % 3 == 0 ? '0' : alphabet[rng() % alphabet.size()]);
    }
    size_t size = 0;
    if (!Decimal::NormalizedSize(text, &size)) continue;
    ++accepted;
    Result<Decimal> d = Decimal::Parse(text);
    ASSERT_TRUE(d.ok()) << text;
    ASSERT_EQ(d->ToString(), text);
    ASSERT_EQ(size, d->StorageSize()) << text;
  }
  EXPECT_GT(accepted, 1000);  // the texts reach the accepting paths
}

TEST(NormalizeNumberTest, ReplacesTextWithTheNormalizedForm) {
  std::string text = "+001.500E+2";
  ASSERT_TRUE(NormalizeNumber(&text).ok());
  EXPECT_EQ(text, "150");
  text = "-0.0";
  ASSERT_TRUE(NormalizeNumber(&text).ok());
  EXPECT_EQ(text, "0");
}

TEST(NormalizeNumberTest, LeavesTheTextAloneOnError) {
  std::string text = "1e126";
  Status s = NormalizeNumber(&text);
  EXPECT_EQ(s.type(), ErrorType::kValidationException);
  EXPECT_EQ(s.message(), kOverflow);
  EXPECT_EQ(text, "1e126");

  text = "abc";
  s = NormalizeNumber(&text);
  EXPECT_EQ(s.message(), std::string(kNotNumeric) + ": abc");
  EXPECT_EQ(text, "abc");
}

// Normalized numbers compare as text exactly as parsed ones compare.
TEST(DecimalTest, CompareNormalizedAgreesWithCompare) {
  const std::vector<std::string> numbers = {
      "-1000",  "-999.99", "-10",
      "-9.5",   "-1",      "-0.5",
      "-0.05",  "-0.0015", "0",
      "0.0015", "0.05",    "0.5",
      "1",      "9.5",     "10",
      "999.99", "1000",    "12345678901234567890123456789012345678"};
  for (const auto& a : numbers) {
    for (const auto& b : numbers) {
      auto da = Decimal::Parse(a), db = Decimal::Parse(b);
      ASSERT_TRUE(da.ok() && db.ok());
      const int want = da->Compare(*db);
      const int got = Decimal::CompareNormalized(a, b);
      EXPECT_EQ((got > 0) - (got < 0), (want > 0) - (want < 0))
          << a << " " << b;
    }
  }
}

}  // namespace
}  // namespace dynarock
