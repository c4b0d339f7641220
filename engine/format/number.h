// Decimal: a DynamoDB number.
//
// The service keeps numbers as exact decimals: at most 38 significant
// digits, and a magnitude of zero or between 1E-130 and
// 9.9999999999999999999999999999999999999E+125 inclusive. A Decimal holds a
// sign, an integer coefficient of at most 38 digits (10^38 < 2^127, so an
// unsigned __int128) and a base-10 exponent, normalized so the coefficient
// has no trailing zeros (zero has coefficient 0, exponent 0, positive sign).
//
// Plain value type: not synchronized.
#ifndef DYNAROCK_ENGINE_FORMAT_NUMBER_H_
#define DYNAROCK_ENGINE_FORMAT_NUMBER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/status.h"

namespace dynarock {

class Decimal {
 public:
  // The service's limits (Developer Guide, "Supported data types and naming
  // rules": up to 38 digits of precision, positive range 1E-130 to
  // 9.9999999999999999999999999999999999999E+125), here as the exponent of
  // the leading digit.
  static constexpr int kMaxDigits = 38;
  static constexpr int kMaxLeadingExponent = 125;
  static constexpr int kMinLeadingExponent = -130;

  Decimal() = default;  // zero

  // Parses a number as a client sends it. The grammar is that of Java's
  // BigDecimal(String), which the service accepts exactly:
  //   [+-]? (digits ['.' digits?] | '.' digits) ([eE] [+-]? digits)?
  // so "+5", ".5", "5.", "0001.23", "1e+5" and "0e1000" are numbers, while
  // " 1", "1 ", "NaN", "Infinity", "1e" and "." are not. Leading and
  // trailing zeros are not significant. Fails with a ValidationException
  // carrying the service's message for text that is not a number, more than
  // 38 significant digits, overflow and underflow.
  static Result<Decimal> Parse(std::string_view text);

  // The service's normalized text: no exponent, no leading or trailing
  // zeros ("1E+3" -> "1000", "0.50" -> "0.5", "-0" -> "0"). 1E+125 comes
  // back as 126 digits.
  std::string ToString() const;

  // <0, 0, >0 as *this is less than, equal to or greater than other.
  int Compare(const Decimal& other) const;
  // The same for two numbers in the normalized form ToString() writes,
  // compared as text without parsing (sign, then the integer part's
  // length, then the digits).
  static int CompareNormalized(std::string_view a, std::string_view b);
  bool operator==(const Decimal& o) const { return Compare(o) == 0; }
  bool operator<(const Decimal& o) const { return Compare(o) < 0; }

  // Exact arithmetic with the service's errors for overflow, underflow and
  // results that need more than 38 significant digits.
  static Result<Decimal> Add(const Decimal& a, const Decimal& b);
  static Result<Decimal> Subtract(const Decimal& a, const Decimal& b);

  // Appends an order-preserving, self-delimiting encoding: for any a, b,
  // memcmp order of Encode(a)+X and Encode(b)+Y equals numeric order of a
  // and b whatever bytes X and Y follow. The grammar is in number.cc; it is
  // an on-disk format.
  void AppendKeyEncoding(std::string* out) const;
  // Reads one encoding from the front of *in and advances *in past it.
  // Returns false on malformed input, leaving *in and *out unchanged.
  static bool ReadKeyEncoding(std::string_view* in, Decimal* out);

  // The bytes the service counts for this number in an item's size.
  size_t StorageSize() const;
  // For text that is already the normalized form ToString() writes: true,
  // with Parse(text)->StorageSize() in *size, found without parsing (item
  // sizes are measured on stored and validated numbers, which are all in
  // that form). False for any other text, numbers included.
  static bool NormalizedSize(std::string_view text, size_t* size);

  bool negative() const { return negative_; }
  bool is_zero() const { return coefficient_ == 0; }

 private:
  Decimal(bool negative, unsigned __int128 coefficient, int32_t exponent)
      : negative_(negative), coefficient_(coefficient), exponent_(exponent) {}

  // Digits in coefficient_; 0 for zero.
  int digit_count() const;
  // The exponent of the leading digit: 1 for 12.3, -2 for 0.05. Only
  // meaningful when not zero.
  int32_t leading_exponent() const { return exponent_ + digit_count() - 1; }

  // a + b, or a - b when negate_b.
  static Result<Decimal> AddSigned(const Decimal& a, const Decimal& b,
                                   bool negate_b);

  bool negative_ = false;
  unsigned __int128 coefficient_ = 0;
  int32_t exponent_ = 0;
};

// Parses and normalizes in one step: on success *text is replaced by the
// normalized form.
Status NormalizeNumber(std::string* text);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_FORMAT_NUMBER_H_
