// The lexer of the expression language, token for token the service's
// (DynamoDbGrammarLexer in DynamoDB Local):
//
//   WS          := [ \t\r\n]+                      (skipped: a hidden channel)
//   , ( ) . [ ] = <> < <= > >= + -
//   keywords    := IN BETWEEN NOT AND OR SET ADD DELETE REMOVE  (any case)
//   INDEX       := '0' | [1-9] [0-9]*
//   ID          := [A-Za-z] [A-Za-z0-9_]*
//   NAME_SUB    := '#' [A-Za-z0-9_]+
//   VALUE_SUB   := ':' [A-Za-z0-9_]+
//   UNKNOWN     := any other character
//
// As in ANTLR, the longest match wins and a keyword beats ID on a tie, so
// "in" is IN and "index" is ID; "_a" is UNKNOWN "_" then ID "a"; "01" is
// INDEX "0" then INDEX "1".
#include "engine/expr/expression.h"

namespace dynarock {
namespace expr {
namespace {

bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdChar(char c) { return IsAlpha(c) || IsDigit(c) || c == '_'; }

bool EqualsUpper(std::string_view word, const char* upper) {
  size_t i = 0;
  for (; upper[i] != '\0'; ++i) {
    if (i >= word.size()) return false;
    char c = word[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != upper[i]) return false;
  }
  return i == word.size();
}

Tok KeywordOrId(std::string_view word) {
  switch (word.size()) {
    case 2:
      if (EqualsUpper(word, "IN")) return Tok::kIn;
      if (EqualsUpper(word, "OR")) return Tok::kOr;
      break;
    case 3:
      if (EqualsUpper(word, "NOT")) return Tok::kNot;
      if (EqualsUpper(word, "AND")) return Tok::kAnd;
      if (EqualsUpper(word, "SET")) return Tok::kSet;
      if (EqualsUpper(word, "ADD")) return Tok::kAdd;
      break;
    case 6:
      if (EqualsUpper(word, "DELETE")) return Tok::kDelete;
      if (EqualsUpper(word, "REMOVE")) return Tok::kRemove;
      break;
    case 7:
      if (EqualsUpper(word, "BETWEEN")) return Tok::kBetween;
      break;
    default:
      break;
  }
  return Tok::kId;
}

}  // namespace

void Lex(std::string_view src, std::vector<Token>* out) {
  out->clear();
  const size_t n = src.size();
  size_t i = 0;
  auto push = [&](Tok type, size_t begin, size_t end) {
    out->push_back(
        Token{type, static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
  };
  while (i < n) {
    const char c = src[i];
    const size_t start = i;
    switch (c) {
      case ' ':
      case '\t':
      case '\r':
      case '\n':
        ++i;
        continue;
      case ',':
        push(Tok::kComma, i, i + 1);
        ++i;
        continue;
      case '(':
        push(Tok::kLParen, i, i + 1);
        ++i;
        continue;
      case ')':
        push(Tok::kRParen, i, i + 1);
        ++i;
        continue;
      case '.':
        push(Tok::kDot, i, i + 1);
        ++i;
        continue;
      case '[':
        push(Tok::kLBracket, i, i + 1);
        ++i;
        continue;
      case ']':
        push(Tok::kRBracket, i, i + 1);
        ++i;
        continue;
      case '=':
        push(Tok::kEq, i, i + 1);
        ++i;
        continue;
      case '+':
        push(Tok::kPlus, i, i + 1);
        ++i;
        continue;
      case '-':
        push(Tok::kMinus, i, i + 1);
        ++i;
        continue;
      case '<':
        if (i + 1 < n && src[i + 1] == '>') {
          push(Tok::kNe, i, i + 2);
          i += 2;
        } else if (i + 1 < n && src[i + 1] == '=') {
          push(Tok::kLe, i, i + 2);
          i += 2;
        } else {
          push(Tok::kLt, i, i + 1);
          ++i;
        }
        continue;
      case '>':
        if (i + 1 < n && src[i + 1] == '=') {
          push(Tok::kGe, i, i + 2);
          i += 2;
        } else {
          push(Tok::kGt, i, i + 1);
          ++i;
        }
        continue;
      case '#':
      case ':': {
        size_t j = i + 1;
        while (j < n && IsIdChar(src[j])) ++j;
        if (j == i + 1) {
          push(Tok::kUnknown, i, i + 1);
          ++i;
        } else {
          push(c == '#' ? Tok::kNameSub : Tok::kValueSub, i, j);
          i = j;
        }
        continue;
      }
      default:
        break;
    }
    if (IsDigit(c)) {
      size_t j = i + 1;
      if (c != '0') {
        while (j < n && IsDigit(src[j])) ++j;
      }
      push(Tok::kIndex, start, j);
      i = j;
      continue;
    }
    if (IsAlpha(c)) {
      size_t j = i + 1;
      while (j < n && IsIdChar(src[j])) ++j;
      push(KeywordOrId(src.substr(i, j - i)), start, j);
      i = j;
      continue;
    }
    size_t len = Utf8SequenceLength(static_cast<unsigned char>(c));
    if (i + len > n) len = n - i;
    push(Tok::kUnknown, i, i + len);
    i += len;
  }
  push(Tok::kEof, n, n);
}

size_t Utf16Length(std::string_view s) {
  size_t units = 0;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = Utf8SequenceLength(c);
    if (i + len > s.size()) len = s.size() - i;
    units += len == 4 ? 2 : 1;  // a supplementary character is a surrogate pair
    i += len;
  }
  return units;
}

}  // namespace expr
}  // namespace dynarock
