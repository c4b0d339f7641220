#include "engine/format/number.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

namespace dynarock {
namespace {

using Uint128 = unsigned __int128;

// The service's messages, byte for byte. Sources: dynalite
// validations/index.js checkNum and its tests (run against the service),
// Alternator test/alternator/test_number.py, Dynoxide
// tests/number_validation.rs (captured against the service).
constexpr std::string_view kNotNumeric =
    "The parameter cannot be converted to a numeric value";
constexpr std::string_view kTooManyDigits =
    "Attempting to store more than 38 significant digits in a Number";
constexpr std::string_view kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger "
    "than supported range";
constexpr std::string_view kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller "
    "than supported range";

constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();
constexpr int64_t kInt32Min = std::numeric_limits<int32_t>::min();

// 10^n for n in [0, 38]; 10^38 < 2^127.
Uint128 Pow10(int n) {
  assert(n >= 0 && n <= Decimal::kMaxDigits);
  static const auto kTable = [] {
    struct Table {
      Uint128 v[Decimal::kMaxDigits + 1];
    } t{};
    t.v[0] = 1;
    for (int i = 1; i <= Decimal::kMaxDigits; ++i) t.v[i] = t.v[i - 1] * 10;
    return t;
  }();
  return kTable.v[n];
}

int CountDigits(Uint128 v) {
  int n = 0;
  while (v != 0) {
    v /= 10;
    ++n;
  }
  return n;
}

// Writes the decimal digits of v (v > 0) to buf, most significant first, as
// values 0-9. Returns how many. buf holds at least 39 entries.
int Digits(Uint128 v, uint8_t* buf) {
  uint8_t rev[40];
  int n = 0;
  while (v != 0) {
    rev[n++] = static_cast<uint8_t>(v % 10);
    v /= 10;
  }
  for (int i = 0; i < n; ++i) buf[i] = rev[n - 1 - i];
  return n;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Status NotNumeric(std::string_view text) {
  // An empty N keeps the ": " (2026 captures of GetItem and PutItem; older
  // captures and dynalite show the bare sentence).
  std::string message(kNotNumeric);
  message += ": ";
  message += text;
  return Status::Validation(std::move(message));
}

// Floor of v / 2, for negative v too.
int64_t FloorHalf(int64_t v) { return v >= 0 ? v / 2 : -((1 - v) / 2); }

}  // namespace

int Decimal::digit_count() const { return CountDigits(coefficient_); }

Result<Decimal> Decimal::Parse(std::string_view text) {
  const size_t n = text.size();
  if (n == 0) return NotNumeric(text);
  size_t i = 0;
  bool negative = false;
  if (text[i] == '+' || text[i] == '-') {
    negative = text[i] == '-';
    ++i;
  }
  const size_t int_begin = i;
  while (i < n && IsDigit(text[i])) ++i;
  const size_t int_end = i;
  size_t frac_begin = i;
  size_t frac_end = i;
  if (i < n && text[i] == '.') {
    ++i;
    frac_begin = i;
    while (i < n && IsDigit(text[i])) ++i;
    frac_end = i;
  }
  if (int_begin == int_end && frac_begin == frac_end) return NotNumeric(text);

  int64_t exp = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) {
      exp_negative = text[i] == '-';
      ++i;
    }
    const size_t exp_begin = i;
    while (i < n && IsDigit(text[i])) ++i;
    if (i == exp_begin) return NotNumeric(text);
    // Like BigDecimal: leading zeros are skipped, at most 10 digits remain,
    // and the exponent must fit a Java int. Larger exponents are not
    // numbers at all, while "1e2147483647" is a number that overflows.
    size_t first = exp_begin;
    while (first < i && text[first] == '0') ++first;
    if (i - first > 10) return NotNumeric(text);
    for (size_t k = first; k < i; ++k) exp = exp * 10 + (text[k] - '0');
    if (exp_negative) exp = -exp;
    if (exp > kInt32Max || exp < kInt32Min) return NotNumeric(text);
  }
  if (i != n) return NotNumeric(text);

  // BigDecimal's scale (fraction digits minus exponent) must fit an int too.
  const int64_t frac_digits = static_cast<int64_t>(frac_end - frac_begin);
  const int64_t scale = frac_digits - exp;
  if (scale > kInt32Max || scale < kInt32Min) return NotNumeric(text);

  // The mantissa's digits, as one sequence with the '.' left out.
  const int64_t int_digits = static_cast<int64_t>(int_end - int_begin);
  const int64_t total = int_digits + frac_digits;
  auto digit_at = [&](int64_t k) -> char {
    return k < int_digits ? text[int_begin + k]
                          : text[frac_begin + (k - int_digits)];
  };
  int64_t first_nonzero = 0;
  while (first_nonzero < total && digit_at(first_nonzero) == '0') {
    ++first_nonzero;
  }
  if (first_nonzero == total) return Decimal();  // "-0", "0e1000", ".000"
  int64_t last_nonzero = total - 1;
  while (digit_at(last_nonzero) == '0') --last_nonzero;

  const int64_t significant = last_nonzero - first_nonzero + 1;
  const int64_t exponent = exp - frac_digits + (total - 1 - last_nonzero);
  const int64_t leading = exponent + significant - 1;
  // Magnitude first, then precision, as dynalite's checkNum does. A text
  // that breaks both ("1234567890123456789012345678901234567890e100") has
  // no captured answer from the service; Dynoxide checks digits first.
  if (leading > kMaxLeadingExponent) {
    return Status::Validation(std::string(kOverflow));
  }
  if (leading < kMinLeadingExponent) {
    return Status::Validation(std::string(kUnderflow));
  }
  if (significant > kMaxDigits) {
    return Status::Validation(std::string(kTooManyDigits));
  }

  Uint128 coefficient = 0;
  for (int64_t k = first_nonzero; k <= last_nonzero; ++k) {
    coefficient = coefficient * 10 + static_cast<unsigned>(digit_at(k) - '0');
  }
  return Decimal(negative, coefficient, static_cast<int32_t>(exponent));
}

std::string Decimal::ToString() const {
  if (is_zero()) return "0";
  uint8_t digits[kMaxDigits + 1];
  const int n = Digits(coefficient_, digits);
  std::string out;
  out.reserve(static_cast<size_t>(n) + 4 +
              static_cast<size_t>(exponent_ < 0 ? -exponent_ : exponent_));
  if (negative_) out.push_back('-');
  if (exponent_ >= 0) {
    for (int i = 0; i < n; ++i) {
      out.push_back(static_cast<char>('0' + digits[i]));
    }
    out.append(static_cast<size_t>(exponent_), '0');
    return out;
  }
  // Digits before the decimal point.
  const int point = n + exponent_;
  if (point <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-point), '0');
    for (int i = 0; i < n; ++i) {
      out.push_back(static_cast<char>('0' + digits[i]));
    }
    return out;
  }
  for (int i = 0; i < n; ++i) {
    if (i == point) out.push_back('.');
    out.push_back(static_cast<char>('0' + digits[i]));
  }
  return out;
}

int Decimal::Compare(const Decimal& other) const {
  const int sa = is_zero() ? 0 : (negative_ ? -1 : 1);
  const int sb = other.is_zero() ? 0 : (other.negative_ ? -1 : 1);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  int magnitude;
  const int32_t la = leading_exponent();
  const int32_t lb = other.leading_exponent();
  if (la != lb) {
    magnitude = la < lb ? -1 : 1;
  } else {
    // Same leading exponent: pad the shorter coefficient to the same digit
    // count (at most 38, so it still fits) and compare.
    Uint128 ca = coefficient_;
    Uint128 cb = other.coefficient_;
    const int da = digit_count();
    const int db = other.digit_count();
    if (da < db) ca *= Pow10(db - da);
    if (db < da) cb *= Pow10(da - db);
    magnitude = ca < cb ? -1 : (ca > cb ? 1 : 0);
  }
  return sa < 0 ? -magnitude : magnitude;
}

Result<Decimal> Decimal::Add(const Decimal& a, const Decimal& b) {
  return AddSigned(a, b, /*negate_b=*/false);
}

Result<Decimal> Decimal::Subtract(const Decimal& a, const Decimal& b) {
  return AddSigned(a, b, /*negate_b=*/true);
}

Result<Decimal> Decimal::AddSigned(const Decimal& a, const Decimal& b,
                                   bool negate_b) {
  if (b.is_zero()) return a;
  const bool b_negative = b.negative_ != negate_b;
  if (a.is_zero()) return Decimal(b_negative, b.coefficient_, b.exponent_);

  // x is the term with the larger exponent (position of its last digit).
  struct Term {
    bool negative;
    Uint128 coefficient;
    int32_t exponent;
  };
  Term x{a.negative_, a.coefficient_, a.exponent_};
  Term y{b_negative, b.coefficient_, b.exponent_};
  if (x.exponent < y.exponent) std::swap(x, y);
  const int64_t shift = static_cast<int64_t>(x.exponent) - y.exponent;

  // DynamoDB reports a result that needs more than 38 digits as "Number
  // overflow", not as too many significant digits (Alternator
  // test_number.py test_update_expression_plus_imprecise: 1e50 + 1).
  const Status overflow = Status::Validation(std::string(kOverflow));

  // When shift > 0 the exact result ends in y's last digit, which is not
  // zero, so it has as many significant digits as |x * 10^shift +- y|. Once
  // x * 10^shift reaches 2 * 10^38 that is at least 10^38: 39 digits or
  // more. Below that bound everything fits in 128 bits (2^128 > 3.4e38).
  const Uint128 kBound = Pow10(kMaxDigits) * 2;
  if (shift > kMaxDigits) return overflow;
  const Uint128 scale = Pow10(static_cast<int>(shift));
  if (x.coefficient > (kBound - 1) / scale) return overflow;
  const Uint128 scaled = x.coefficient * scale;

  bool negative;
  Uint128 coefficient;
  if (x.negative == y.negative) {
    negative = x.negative;
    coefficient = scaled + y.coefficient;
  } else if (scaled >= y.coefficient) {
    negative = x.negative;
    coefficient = scaled - y.coefficient;
  } else {
    negative = y.negative;
    coefficient = y.coefficient - scaled;
  }
  if (coefficient == 0) return Decimal();

  int64_t exponent = y.exponent;
  while (coefficient % 10 == 0) {
    coefficient /= 10;
    ++exponent;
  }
  const int digits = CountDigits(coefficient);
  if (digits > kMaxDigits) return overflow;
  const int64_t leading = exponent + digits - 1;
  if (leading > kMaxLeadingExponent) return overflow;
  if (leading < kMinLeadingExponent) {
    return Status::Validation(std::string(kUnderflow));
  }
  return Decimal(negative, coefficient, static_cast<int32_t>(exponent));
}

// Key encoding.
//
// clang-format off
//   number   := 0x02                      zero
//             | 0x03 exponent digits      positive
//             | 0x01 ~(exponent digits)   negative: each byte b is 0xFF - b
//   exponent := byte E + 130, where E in [-130, 125] is the exponent of the
//               leading digit (value = d1.d2d3... * 10^E)
//   digits   := more* last                the significant digits, two per
//                                         byte from the leading one, whose
//                                         pair p is at least 10
//   more     := byte 2 * p + 1            p in [0, 99], more bytes follow
//   last     := byte 2 * p                p in [1, 99]; an odd final digit d
//                                         is the pair p = 10 * d
// clang-format on
//
// At most 19 digit bytes, so an encoding is 1 to 21 bytes. Why it sorts:
// negative < zero < positive by the first byte. Among positives a larger
// E is larger. With equal E the digits align, and comparing them as
// strings padded with zeros is comparing values; a pair that continues
// (odd byte) sorts after the same pair ending there (even byte), as it
// should, since the continuation holds a non-zero digit. So no encoding is
// a prefix of another, and the first differing byte decides. Complementing
// the bytes of negatives reverses that order and keeps it prefix-free.
//
// On-disk format: never change it.
namespace {

constexpr uint8_t kNegativeClass = 0x01;
constexpr uint8_t kZeroClass = 0x02;
constexpr uint8_t kPositiveClass = 0x03;
constexpr int kExponentBias = 130;  // -kMinLeadingExponent
static_assert(Decimal::kMaxLeadingExponent + kExponentBias == 255);

}  // namespace

void Decimal::AppendKeyEncoding(std::string* out) const {
  if (is_zero()) {
    out->push_back(static_cast<char>(kZeroClass));
    return;
  }
  const uint8_t flip = negative_ ? 0xFF : 0x00;
  out->push_back(
      static_cast<char>(negative_ ? kNegativeClass : kPositiveClass));
  out->push_back(static_cast<char>(
      static_cast<uint8_t>(leading_exponent() + kExponentBias) ^ flip));
  uint8_t digits[kMaxDigits + 1];
  const int n = Digits(coefficient_, digits);
  for (int i = 0; i < n; i += 2) {
    const int pair = digits[i] * 10 + (i + 1 < n ? digits[i + 1] : 0);
    const bool last = i + 2 >= n;
    const uint8_t byte = static_cast<uint8_t>(pair * 2 + (last ? 0 : 1));
    out->push_back(static_cast<char>(byte ^ flip));
  }
}

bool Decimal::ReadKeyEncoding(std::string_view* in, Decimal* out) {
  if (in->empty()) return false;
  const uint8_t cls = static_cast<uint8_t>((*in)[0]);
  if (cls == kZeroClass) {
    *out = Decimal();
    in->remove_prefix(1);
    return true;
  }
  if (cls != kNegativeClass && cls != kPositiveClass) return false;
  const bool negative = cls == kNegativeClass;
  const uint8_t flip = negative ? 0xFF : 0x00;
  if (in->size() < 3) return false;
  const int leading =
      static_cast<int>(static_cast<uint8_t>((*in)[1]) ^ flip) - kExponentBias;
  Uint128 coefficient = 0;
  int digits = 0;
  size_t pos = 2;
  while (true) {
    if (pos >= in->size()) return false;
    const uint8_t byte = static_cast<uint8_t>((*in)[pos++]) ^ flip;
    if (byte > 199) return false;
    const int pair = byte >> 1;
    if (digits == 0 && pair < 10) return false;  // leading digit is zero
    if (byte & 1) {
      coefficient = coefficient * 100 + static_cast<unsigned>(pair);
      digits += 2;
      if (digits > kMaxDigits - 2) return false;  // no room for the last pair
      continue;
    }
    if (pair == 0) return false;
    if (pair % 10 == 0) {
      coefficient = coefficient * 10 + static_cast<unsigned>(pair / 10);
      digits += 1;
    } else {
      coefficient = coefficient * 100 + static_cast<unsigned>(pair);
      digits += 2;
    }
    break;
  }
  *out = Decimal(negative, coefficient, leading - digits + 1);
  in->remove_prefix(pos);
  return true;
}

// The size of a number, from dynalite's db/index.js valSize (whose tests ran
// against the service):
//   zero: 1
//   else: 1 + ceil(n / 2) + (n even and E even ? 1 : 0) + (negative ? 1 : 0)
// for n significant digits and leading exponent E. That is the layout of
// Oracle's NUMBER, whose range (1E-130 to below 1E126, 38 digits) DynamoDB
// shares: a byte for the exponent, a byte per base-100 digit with the pairs
// aligned on the decimal point, and a byte more for a negative number. It is
// written below as the count of base-100 positions from the leading digit's
// to the last digit's. It fits all 23 literals Dynoxide measured against the
// service at the 400 KB limit (nubo-db/dynoxide PR 195, CAPTURED_NUMBER_BYTES:
// "15" 2, "1.5" 3, "3.14159" 5, "123456" 4, "100.5" 4, "-42" 3, 38 digits
// 20, ...). Those captures do not separate it from Dynoxide's own reading
// (integer and fraction digits halved apart, 2 bytes for 11000 where this
// gives 3); the Developer Guide's "1 byte per two significant digits + 1
// byte" is only approximate.
size_t Decimal::StorageSize() const {
  if (is_zero()) return 1;
  const int64_t pairs =
      FloorHalf(leading_exponent()) - FloorHalf(exponent_) + 1;
  return static_cast<size_t>(1 + pairs + (negative_ ? 1 : 0));
}

bool Decimal::NormalizedSize(std::string_view text, size_t* size) {
  // ToString() writes "0", or an optional '-' and then one of
  //   [1-9][0-9]*                 (exponent >= 0: trailing zeros)
  //   [1-9][0-9]* '.' [0-9]*[1-9]
  //   '0.' 0* [1-9] ([0-9]*[1-9])?
  // with at most 38 significant digits, in the service's range.
  const size_t n = text.size();
  if (n == 1 && text[0] == '0') {
    *size = 1;
    return true;
  }
  size_t i = 0;
  const bool negative = n > 0 && text[0] == '-';
  if (negative) ++i;
  if (i == n || !IsDigit(text[i])) return false;
  auto digits_to_end = [&](size_t from) {
    for (size_t k = from; k < n; ++k) {
      if (!IsDigit(text[k])) return false;
    }
    return text[n - 1] != '0';  // a fraction never ends in zero
  };
  int64_t lead, last;  // the exponents of the first and last digits
  if (text[i] == '0') {
    if (n - i < 3 || text[i + 1] != '.') return false;
    const size_t frac = i + 2;
    size_t first = frac;
    while (first < n && text[first] == '0') ++first;
    if (first == n || !digits_to_end(first)) return false;
    lead = -static_cast<int64_t>(first - frac + 1);
    last = -static_cast<int64_t>(n - frac);
  } else {
    size_t j = i;
    while (j < n && IsDigit(text[j])) ++j;
    lead = static_cast<int64_t>(j - i) - 1;
    if (j == n) {
      size_t end = n;
      while (text[end - 1] == '0') --end;
      last = static_cast<int64_t>(n - end);
    } else {
      if (text[j] != '.' || j + 1 == n || !digits_to_end(j + 1)) return false;
      last = -static_cast<int64_t>(n - j - 1);
    }
  }
  if (lead - last + 1 > kMaxDigits || lead > kMaxLeadingExponent ||
      lead < kMinLeadingExponent) {
    return false;
  }
  const int64_t pairs = FloorHalf(lead) - FloorHalf(last) + 1;
  *size = static_cast<size_t>(1 + pairs + (negative ? 1 : 0));
  return true;
}

Status NormalizeNumber(std::string* text) {
  // Numbers that clients send are most often normalized already.
  size_t size;
  if (Decimal::NormalizedSize(*text, &size)) return Status::OK();
  DYNAROCK_ASSIGN_OR_RETURN(Decimal d, Decimal::Parse(*text));
  *text = d.ToString();
  return Status::OK();
}

int Decimal::CompareNormalized(std::string_view a, std::string_view b) {
  const bool na = !a.empty() && a[0] == '-', nb = !b.empty() && b[0] == '-';
  if (na != nb) return na ? -1 : 1;
  if (na) {
    a.remove_prefix(1);
    b.remove_prefix(1);
  }
  // Magnitudes: no leading zeros but a lone "0" before the point, no
  // trailing zeros after it; a longer integer part is the larger.
  const size_t ia = std::min(a.find('.'), a.size());
  const size_t ib = std::min(b.find('.'), b.size());
  int c = 0;
  if (ia != ib) {
    c = ia < ib ? -1 : 1;
  } else {
    const int r = a.compare(b);  // same integer length: digit by digit
    c = r < 0 ? -1 : (r > 0 ? 1 : 0);
  }
  return na ? -c : c;
}

}  // namespace dynarock
