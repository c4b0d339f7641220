#include "wire/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace dynarock {

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_value_.back()) out_->push_back(',');
  has_value_.back() = true;
}

void JsonWriter::Open(char c) {
  Separate();
  out_->push_back(c);
  has_value_.push_back(false);
}

void JsonWriter::Close(char c) {
  out_->push_back(c);
  has_value_.pop_back();
}

void JsonWriter::Key(std::string_view key) {
  Separate();
  AppendQuoted(key, out_);
  out_->push_back(':');
  after_key_ = true;
}

void JsonWriter::String(std::string_view s) {
  Separate();
  AppendQuoted(s, out_);
}

void JsonWriter::Bool(bool b) {
  Separate();
  out_->append(b ? "true" : "false");
}

void JsonWriter::Int(int64_t i) {
  Separate();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, i);
  out_->append(buf, r.ptr);
}

void JsonWriter::Double(double d) {
  Separate();
  char buf[32];
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) {
    // A whole number (capacity units, most often) as "%.1f" writes it:
    // its digits and ".0", the sign of a negative zero kept.
    char* p = buf;
    if (std::signbit(d)) *p++ = '-';
    p = std::to_chars(p, buf + sizeof buf, static_cast<int64_t>(std::fabs(d)))
            .ptr;
    out_->append(buf, p);
    out_->append(".0");
    return;
  }
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  out_->append(buf, r.ptr);
}

void JsonWriter::Null() {
  Separate();
  out_->append("null");
}

void JsonWriter::Raw(std::string_view json) {
  Separate();
  out_->append(json);
}

std::string* JsonWriter::RawValue() {
  Separate();
  return out_;
}

void JsonWriter::ContinueObject(bool has_members) {
  has_value_ = {true, has_members};
  after_key_ = false;
}

void JsonWriter::TaggedStringMember(std::string_view key, std::string_view tag,
                                    std::string_view text) {
  Separate();
  // Room for the quotes and punctuation (10 bytes); escapes grow it further.
  out_->reserve(out_->size() + key.size() + tag.size() + text.size() + 10);
  AppendQuoted(key, out_);
  out_->append(":{\"", 3);
  out_->append(tag.data(), tag.size());
  out_->append("\":", 2);
  AppendQuoted(text, out_);
  out_->push_back('}');
}

namespace {

uint64_t Load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// Whether any byte of w is below 0x20, '"' or '\\' (bit tricks from "Bit
// Twiddling Hacks": a zero byte, a byte less than n).
bool NeedsEscape(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ull,
                     kHigh = 0x8080808080808080ull;
  auto has_zero = [](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  const uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  return (below_space | has_zero(w ^ (kOnes * '"')) |
          has_zero(w ^ (kOnes * '\\'))) != 0;
}

}  // namespace

void JsonWriter::AppendQuoted(std::string_view s, std::string* out) {
  out->push_back('"');
  AppendEscaped(s, out);
  out->push_back('"');
}

void JsonWriter::AppendEscaped(std::string_view s, std::string* out) {
  // Most strings need no escaping: find that eight bytes at a time, the
  // last few bytes in a word padded with plain ones, and append the string
  // whole. Only a string with something to escape takes the loop below.
  size_t plain = 0;
  while (plain + 8 <= s.size() && !NeedsEscape(Load8(s.data() + plain)))
    plain += 8;
  if (plain + 8 > s.size()) {
    uint64_t tail = 0x6161616161616161ull;  // "aaaaaaaa"
    std::memcpy(&tail, s.data() + plain, s.size() - plain);
    if (!NeedsEscape(tail)) {
      out->append(s.data(), s.size());
      return;
    }
  }
  static const char kHex[] = "0123456789abcdef";
  size_t run = 0;  // start of the pending run of plain bytes
  for (size_t i = plain; i < s.size(); ++i) {
    // Eight plain bytes at a time: none below 0x20, none '"' or '\\'.
    while (i + 8 <= s.size() && !NeedsEscape(Load8(s.data() + i))) i += 8;
    if (i >= s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
    }
  }
  out->append(s.data() + run, s.size() - run);
}

}  // namespace dynarock
