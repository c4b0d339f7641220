#include "wire/request_reader.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine/attribute_value.h"
#include "engine/format/base64.h"
#include "wire/shape.h"

namespace dynarock {
namespace {

// Attribute values nested deeper than this are left to the general path
// (the engine refuses items nested deeper than 32 levels either way). In
// JSON this is under 100 brackets, well within the dispatcher's bound.
constexpr int kMaxDepth = 40;

// A reader of JSON text that only moves forward and refuses (returns
// false) at the first thing outside the shapes it reads.
class Reader {
 public:
  explicit Reader(std::string_view text)
      : p_(reinterpret_cast<const uint8_t*>(text.data())),
        end_(p_ + text.size()) {}

  // Whether `c` comes next, after white space; consumed when it does.
  bool Take(char c) {
    SkipSpace();
    if (p_ == end_ || *p_ != static_cast<uint8_t>(c)) return false;
    ++p_;
    return true;
  }

  // Nothing but white space is left.
  bool AtEnd() {
    SkipSpace();
    return p_ == end_;
  }

  // An object's members or an array's elements, between `open` and
  // `close` and separated by commas, each read by `each`.
  template <typename Each>
  bool Sequence(char open, char close, const Each& each) {
    if (!Take(open)) return false;
    if (Take(close)) return true;
    do {
      if (!each()) return false;
    } while (Take(','));
    return Take(close);
  }

  // A string, unescaped, into *out (its contents replaced).
  bool String(std::string* out);
  // A member's name and the colon after it.
  bool Name(std::string* out) { return String(out) && Take(':'); }
  // true or false.
  bool Literal(bool* value);

  // An AttributeValue: {"S": "text"}, {"M": {...}}, and so on.
  bool Value(AttributeValue* out, int depth);
  // An item (or an M's members, or ExpressionAttributeValues).
  bool Map(Item* out, int depth);
  // A map of strings (ExpressionAttributeNames).
  bool Names(AttributeNames* out);
  // One of `choices`, which are the enum's wire names in its own order.
  template <typename Enum, size_t N>
  bool Choice(const std::string_view (&choices)[N], const Enum (&values)[N],
              Enum* out) {
    if (!String(&scratch_)) return false;
    for (size_t i = 0; i < N; ++i) {
      if (scratch_ == choices[i]) {
        *out = values[i];
        return true;
      }
    }
    return false;
  }

 private:
  void SkipSpace() {
    while (p_ != end_ &&
           (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) {
      ++p_;
    }
  }
  bool Escape(std::string* out);
  bool MultiByte();
  bool List(AttributeValue::List* out, int depth);
  bool Strings(AttributeValue::Set* out, bool base64);

  const uint8_t* p_;
  const uint8_t* end_;
  std::string scratch_;
};

bool Reader::String(std::string* out) {
  if (!Take('"')) return false;
  out->clear();
  for (;;) {
    const uint8_t* run = p_;
#if defined(__SSE2__)
    // Sixteen bytes at a time to the next byte that is not plain
    // printable ASCII: a quote, a backslash, a control character or the
    // start of a multi-byte character (negative as a signed byte).
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (end_ - p_ >= 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_));
      const __m128i stop = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
          _mm_cmplt_epi8(v, space));
      if (const int mask = _mm_movemask_epi8(stop)) {
        p_ += __builtin_ctz(static_cast<unsigned>(mask));
        break;
      }
      p_ += 16;
    }
#endif
    while (p_ != end_ && *p_ >= 0x20 && *p_ < 0x80 && *p_ != '"' &&
           *p_ != '\\') {
      ++p_;
    }
    out->append(reinterpret_cast<const char*>(run),
                static_cast<size_t>(p_ - run));
    if (p_ == end_) return false;
    if (*p_ == '"') {
      ++p_;
      return true;
    }
    if (*p_ == '\\') {
      if (!Escape(out)) return false;
      continue;
    }
    if (*p_ < 0x20) return false;  // a control character: not JSON
    const uint8_t* start = p_;
    if (!MultiByte()) return false;
    out->append(reinterpret_cast<const char*>(start),
                static_cast<size_t>(p_ - start));
  }
}

// One UTF-8 character of two to four bytes, well formed (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), as nlohmann's
// parser requires.
bool Reader::MultiByte() {
  const uint8_t c = *p_;
  int n = 0;
  uint8_t lo = 0x80, hi = 0xBF;  // the bounds of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 1;
  } else if (c == 0xE0) {
    n = 2;
    lo = 0xA0;
  } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
    n = 2;
  } else if (c == 0xED) {
    n = 2;
    hi = 0x9F;
  } else if (c == 0xF0) {
    n = 3;
    lo = 0x90;
  } else if (c >= 0xF1 && c <= 0xF3) {
    n = 3;
  } else if (c == 0xF4) {
    n = 3;
    hi = 0x8F;
  } else {
    return false;
  }
  if (end_ - p_ < n + 1) return false;
  if (p_[1] < lo || p_[1] > hi) return false;
  for (int i = 2; i <= n; ++i) {
    if (p_[i] < 0x80 || p_[i] > 0xBF) return false;
  }
  p_ += n + 1;
  return true;
}

bool Reader::Escape(std::string* out) {
  if (end_ - p_ < 2) return false;
  const uint8_t c = p_[1];
  p_ += 2;
  if (c != 'u') {
    // \" \\ \/ \b \f \n \r \t, or not JSON.
    static constexpr std::string_view kEscaped = "\"\\/bfnrt";
    static constexpr std::string_view kMeant = "\"\\/\b\f\n\r\t";
    const size_t k = kEscaped.find(static_cast<char>(c));
    if (k == std::string_view::npos) return false;
    out->push_back(kMeant[k]);
    return true;
  }
  if (end_ - p_ < 4) return false;
  uint32_t cp = 0;
  for (int i = 0; i < 4; ++i) {
    const uint8_t h = p_[i];
    uint32_t d;
    if (h >= '0' && h <= '9') {
      d = h - '0';
    } else if (h >= 'a' && h <= 'f') {
      d = h - 'a' + 10;
    } else if (h >= 'A' && h <= 'F') {
      d = h - 'A' + 10;
    } else {
      return false;
    }
    cp = cp << 4 | d;
  }
  p_ += 4;
  // Surrogates (pairs, and the lone ones the general parser refuses) are
  // left to it.
  if (cp >= 0xD800 && cp <= 0xDFFF) return false;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | cp >> 6));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xE0 | cp >> 12));
    out->push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return true;
}

bool Reader::Literal(bool* value) {
  SkipSpace();
  const size_t left = static_cast<size_t>(end_ - p_);
  const char* s = reinterpret_cast<const char*>(p_);
  if (left >= 4 && std::string_view(s, 4) == "true") {
    p_ += 4;
    *value = true;
    return true;
  }
  if (left >= 5 && std::string_view(s, 5) == "false") {
    p_ += 5;
    *value = false;
    return true;
  }
  return false;
}

bool Reader::Value(AttributeValue* out, int depth) {
  // Exactly one member, named for its type. The general parser reads more
  // shapes (other members beside the type, null types), and answers the
  // invalid ones with their errors.
  std::string type;
  if (!Take('{') || !Name(&type)) return false;
  if (type == "S" || type == "N") {
    std::string s;
    if (!String(&s)) return false;
    *out = type == "S" ? AttributeValue::S(std::move(s))
                       : AttributeValue::N(std::move(s));
  } else if (type == "B") {
    std::string bytes;
    if (!String(&scratch_) || !DecodeBase64(scratch_, &bytes)) return false;
    *out = AttributeValue::B(std::move(bytes));
  } else if (type == "BOOL") {
    bool b;
    if (!Literal(&b)) return false;
    *out = AttributeValue::Bool(b);
  } else if (type == "NULL") {
    bool b;
    if (!Literal(&b) || !b) return false;
    *out = AttributeValue::Null();
  } else if (type == "M") {
    AttributeValue::Map m;
    if (depth >= kMaxDepth || !Map(&m, depth + 1)) return false;
    *out = AttributeValue::M(std::move(m));
  } else if (type == "L") {
    AttributeValue::List l;
    if (depth >= kMaxDepth || !List(&l, depth + 1)) return false;
    *out = AttributeValue::L(std::move(l));
  } else if (type == "SS" || type == "NS" || type == "BS") {
    AttributeValue::Set s;
    if (!Strings(&s, type == "BS")) return false;
    *out = type == "SS"   ? AttributeValue::SS(std::move(s))
           : type == "NS" ? AttributeValue::NS(std::move(s))
                          : AttributeValue::BS(std::move(s));
  } else {
    return false;
  }
  return Take('}');
}

bool Reader::Map(Item* out, int depth) {
  return Sequence('{', '}', [&] {
    std::string name;
    AttributeValue v;
    // A name given twice: the general parser keeps the last.
    return Name(&name) && Value(&v, depth) &&
           out->try_emplace(std::move(name), std::move(v)).second;
  });
}

bool Reader::Names(AttributeNames* out) {
  return Sequence('{', '}', [&] {
    std::string name, value;
    return Name(&name) && String(&value) &&
           out->try_emplace(std::move(name), std::move(value)).second;
  });
}

bool Reader::List(AttributeValue::List* out, int depth) {
  return Sequence('[', ']', [&] { return Value(&out->emplace_back(), depth); });
}

bool Reader::Strings(AttributeValue::Set* out, bool base64) {
  return Sequence('[', ']', [&] {
    if (!String(&scratch_)) return false;
    if (!base64) {
      out->push_back(scratch_);
      return true;
    }
    std::string bytes;
    if (!DecodeBase64(scratch_, &bytes)) return false;
    out->push_back(std::move(bytes));
    return true;
  });
}

// A table's name, not an ARN, that breaks none of the name rules (3 to
// 255 of letters, digits, '_', '-' and '.'): the general path checks it
// and reports the rules broken.
bool IsPlainTableName(const std::string& name) {
  return name.size() >= 3 && name.size() <= 255 && MatchesNamePattern(name);
}

constexpr std::string_view kCapacityNames[] = {"INDEXES", "TOTAL", "NONE"};
constexpr ReturnConsumedCapacity kCapacityValues[] = {
    ReturnConsumedCapacity::kIndexes, ReturnConsumedCapacity::kTotal,
    ReturnConsumedCapacity::kNone};
constexpr std::string_view kMetricsNames[] = {"SIZE", "NONE"};
constexpr ReturnItemCollectionMetrics kMetricsValues[] = {
    ReturnItemCollectionMetrics::kSize, ReturnItemCollectionMetrics::kNone};
constexpr std::string_view kReturnValuesNames[] = {
    "ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"};
constexpr ReturnValues kReturnValuesValues[] = {
    ReturnValues::kAllNew, ReturnValues::kUpdatedOld, ReturnValues::kAllOld,
    ReturnValues::kNone, ReturnValues::kUpdatedNew};
constexpr std::string_view kOnFailureNames[] = {"ALL_OLD", "NONE"};
constexpr ReturnValues kOnFailureValues[] = {ReturnValues::kAllOld,
                                             ReturnValues::kNone};

// The members of a request's object, each once: `member` reads the value
// of the member named, returning its bit in *bit, or false to refuse the
// body. The bits of the members seen are returned in *seen.
template <typename Member>
bool Members(Reader& r, unsigned* seen, const Member& member) {
  *seen = 0;
  std::string name;
  return r.Sequence('{', '}', [&] {
    unsigned bit = 0;
    if (!r.Name(&name) || !member(name, &bit) || (*seen & bit)) {
      return false;
    }
    *seen |= bit;
    return true;
  }) && r.AtEnd();
}

// The members both requests take: the capacity and the item collection
// metrics to return (bits 1 << 30 and 1 << 31). Empty when `name` is
// neither, else whether its value was read.
template <typename Request>
std::optional<bool> ReadReturnMember(Reader& r, const std::string& name,
                                     Request* req, unsigned* bit) {
  if (name == "ReturnConsumedCapacity") {
    *bit = 1u << 30;
    return r.Choice(kCapacityNames, kCapacityValues,
                    &req->return_consumed_capacity);
  }
  if (name == "ReturnItemCollectionMetrics") {
    *bit = 1u << 31;
    return r.Choice(kMetricsNames, kMetricsValues,
                    &req->return_item_collection_metrics);
  }
  return std::nullopt;
}

bool ReadWriteRequest(Reader& r, WriteRequest* out) {
  std::string name;
  if (!r.Take('{') || !r.Name(&name)) return false;
  const bool put = name == "PutRequest";
  if (!put && name != "DeleteRequest") return false;
  if (!r.Take('{') || !r.Name(&name) || name != (put ? "Item" : "Key")) {
    return false;
  }
  Item item;
  if (!r.Map(&item, 0) || !r.Take('}') || !r.Take('}')) return false;
  (put ? out->put_item : out->delete_key) = std::move(item);
  return true;
}

// RequestItems: each table's writes, 1 to 25 of them.
bool ReadRequestItems(Reader& r, BatchWriteItemRequest* out) {
  std::string table;
  const bool ok = r.Sequence('{', '}', [&] {
    if (!r.Name(&table) || !IsPlainTableName(table)) return false;
    std::vector<WriteRequest> writes;
    const bool listed = r.Sequence('[', ']', [&] {
      return writes.size() < kMaxBatchWrites &&
             ReadWriteRequest(r, &writes.emplace_back());
    });
    if (!listed || writes.empty()) return false;
    out->request_items.emplace_back(std::move(table), std::move(writes));
    return true;
  });
  if (!ok || out->request_items.empty()) return false;
  // The general path takes the tables in the order of its document's map,
  // by name.
  auto& items = out->request_items;
  std::sort(items.begin(), items.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return std::adjacent_find(items.begin(), items.end(),
                            [](const auto& a, const auto& b) {
                              return a.first == b.first;
                            }) == items.end();
}

}  // namespace

bool ReadPutItemRequest(std::string_view body, PutItemRequest* out) {
  enum : unsigned { kTable = 1, kItem = 2, kRequired = 3 };
  Reader r(body);
  PutItemRequest req;
  unsigned seen = 0;
  const bool ok =
      Members(r, &seen, [&](const std::string& name, unsigned* bit) {
        if (name == "TableName") {
          *bit = kTable;
          return r.String(&req.table_name) && IsPlainTableName(req.table_name);
        }
        if (name == "Item") {
          *bit = kItem;
          return r.Map(&req.item, 0);
        }
        if (auto read = ReadReturnMember(r, name, &req, bit)) return *read;
        if (name == "ReturnValues") {
          *bit = 16;
          return r.Choice(kReturnValuesNames, kReturnValuesValues,
                          &req.return_values);
        }
        if (name == "ReturnValuesOnConditionCheckFailure") {
          *bit = 32;
          return r.Choice(kOnFailureNames, kOnFailureValues,
                          &req.return_values_on_condition_check_failure);
        }
        if (name == "ConditionExpression") {
          *bit = 64;
          return r.String(&req.condition_expression.emplace());
        }
        if (name == "ExpressionAttributeNames") {
          *bit = 128;
          return r.Names(&req.expression_attribute_names.emplace());
        }
        if (name == "ExpressionAttributeValues") {
          *bit = 256;
          return r.Map(&req.expression_attribute_values.emplace(), 0);
        }
        return false;  // Expected, ConditionalOperator, or not a member
      });
  if (!ok || (seen & kRequired) != kRequired) return false;
  *out = std::move(req);
  return true;
}

bool ReadBatchWriteItemRequest(std::string_view body,
                               BatchWriteItemRequest* out) {
  enum : unsigned { kItems = 1 };
  Reader r(body);
  BatchWriteItemRequest req;
  unsigned seen = 0;
  const bool ok =
      Members(r, &seen, [&](const std::string& name, unsigned* bit) {
        if (name == "RequestItems") {
          *bit = kItems;
          return ReadRequestItems(r, &req);
        }
        if (auto read = ReadReturnMember(r, name, &req, bit)) return *read;
        return false;
      });
  if (!ok || !(seen & kItems)) return false;
  *out = std::move(req);
  return true;
}

}  // namespace dynarock
