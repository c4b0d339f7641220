// The direct reader of PutItem and BatchWriteItem bodies
// (wire/request_reader.h): what it reads, what it leaves to the general
// path, and that whatever it reads it reads as the general path does
// (nlohmann's document and the handlers' parse), on bodies mutated at
// random.
#include "wire/request_reader.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/attribute_value.h"
#include "wire/ops/ops.h"

namespace dynarock {
namespace {

// Equal values, set members in the same order too (AttributeValue's ==
// compares sets as sets).
bool Same(const AttributeValue& a, const AttributeValue& b);

bool Same(const Item& a, const Item& b) {
  if (a.size() != b.size()) return false;
  for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
    if (i->first != j->first || !Same(i->second, j->second)) return false;
  }
  return true;
}

bool Same(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case ValueType::kS:
    case ValueType::kN:
    case ValueType::kB:
      return a.scalar() == b.scalar();
    case ValueType::kBool:
      return a.boolean() == b.boolean();
    case ValueType::kNull:
      return true;
    case ValueType::kM:
      return Same(a.map(), b.map());
    case ValueType::kL: {
      if (a.list().size() != b.list().size()) return false;
      for (size_t i = 0; i < a.list().size(); ++i) {
        if (!Same(a.list()[i], b.list()[i])) return false;
      }
      return true;
    }
    case ValueType::kSS:
    case ValueType::kNS:
    case ValueType::kBS:
      return a.set() == b.set();
  }
  return false;
}

bool Same(const std::optional<Item>& a, const std::optional<Item>& b) {
  return a.has_value() == b.has_value() && (!a || Same(*a, *b));
}

bool Same(const PutItemRequest& a, const PutItemRequest& b) {
  return a.table_name == b.table_name && Same(a.item, b.item) &&
         a.return_values == b.return_values &&
         a.return_consumed_capacity == b.return_consumed_capacity &&
         a.return_item_collection_metrics == b.return_item_collection_metrics &&
         a.condition_expression == b.condition_expression &&
         a.expression_attribute_names == b.expression_attribute_names &&
         Same(a.expression_attribute_values, b.expression_attribute_values) &&
         a.return_values_on_condition_check_failure ==
             b.return_values_on_condition_check_failure &&
         !b.expected && !b.conditional_operator;
}

bool Same(const BatchWriteItemRequest& a, const BatchWriteItemRequest& b) {
  if (a.return_consumed_capacity != b.return_consumed_capacity ||
      a.return_item_collection_metrics != b.return_item_collection_metrics ||
      a.request_items.size() != b.request_items.size()) {
    return false;
  }
  for (size_t i = 0; i < a.request_items.size(); ++i) {
    const auto& [table_a, writes_a] = a.request_items[i];
    const auto& [table_b, writes_b] = b.request_items[i];
    if (table_a != table_b || writes_a.size() != writes_b.size()) return false;
    for (size_t j = 0; j < writes_a.size(); ++j) {
      if (!Same(writes_a[j].put_item, writes_b[j].put_item) ||
          !Same(writes_a[j].delete_key, writes_b[j].delete_key)) {
        return false;
      }
    }
  }
  return true;
}

// The general path's reading of a body: its JSON document, then the
// handler's parse; false where it answers an error.
bool GeneralPut(const std::string& body, PutItemRequest* out) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  return !j.is_discarded() && j.is_object() && ParsePutItemRequest(j, out).ok();
}

bool GeneralBatch(const std::string& body, BatchWriteItemRequest* out) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  return !j.is_discarded() && j.is_object() &&
         ParseBatchWriteItemRequest(j, out).ok();
}

// Seed bodies: what the SDKs send, and every value type, escapes and
// multi-byte characters.
const char* const kPutBodies[] = {
    R"({"TableName":"makeriess-main-table","Item":{"PK":{"S":"ORDER#1"},"SK":{"S":"METADATA"},"total":{"N":"42.50"}}})",
    R"({"TableName": "t_1.x-y", "Item": {"PK": {"S": "a"}, "n": {"NULL": true}, "b": {"BOOL": false}}, "ReturnValues": "ALL_OLD", "ReturnConsumedCapacity": "TOTAL"})",
    R"({"TableName":"Music","Item":{"k":{"B":"AAEC"},"ss":{"SS":["a","b"]},"ns":{"NS":["1","2.5"]},"bs":{"BS":["AA==","AQ=="]},"m":{"M":{"x":{"L":[{"S":"y"},{"N":"3"},{"M":{}}]}}},"l":{"L":[]}},"ReturnItemCollectionMetrics":"SIZE"})",
    R"({"TableName":"Music","Item":{"k":{"S":"tab\there \"quoted\" \\ \/ \u00e9\u4e2d\u0001 caf\u00e9 )"
    "\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80"
    R"("}},"ConditionExpression":"attribute_not_exists(#k) AND #v < :v","ExpressionAttributeNames":{"#k":"k","#v":"v"},"ExpressionAttributeValues":{":v":{"N":"10"}},"ReturnValuesOnConditionCheckFailure":"ALL_OLD"})",
    "{\n  \"Item\" : { \"PK\" : { \"S\" : \"x\" } } ,\r\n\t\"TableName\" : "
    "\"abc\"\n}\n",
};

const char* const kBatchBodies[] = {
    R"({"RequestItems":{"makeriess-main-table":[{"PutRequest":{"Item":{"PK":{"S":"A"},"SK":{"S":"B"},"v":{"N":"1"}}}},{"DeleteRequest":{"Key":{"PK":{"S":"C"},"SK":{"S":"D"}}}}]}})",
    R"({"RequestItems": {"zeta": [{"PutRequest": {"Item": {"k": {"S": "1"}}}}], "alpha": [{"PutRequest": {"Item": {"k": {"M": {"a": {"BOOL": true}}}}}}]}, "ReturnConsumedCapacity": "INDEXES", "ReturnItemCollectionMetrics": "NONE"})",
};

TEST(RequestReaderTest, ReadsAPutItemAsWritten) {
  PutItemRequest r;
  ASSERT_TRUE(ReadPutItemRequest(kPutBodies[1], &r));
  EXPECT_EQ(r.table_name, "t_1.x-y");
  Item expected;
  expected["PK"] = AttributeValue::S("a");
  expected["n"] = AttributeValue::Null();
  expected["b"] = AttributeValue::Bool(false);
  EXPECT_TRUE(Same(r.item, expected));
  EXPECT_EQ(r.return_values, ReturnValues::kAllOld);
  EXPECT_EQ(r.return_consumed_capacity, ReturnConsumedCapacity::kTotal);
  EXPECT_EQ(r.return_item_collection_metrics,
            ReturnItemCollectionMetrics::kNone);
  EXPECT_FALSE(r.condition_expression.has_value());
}

TEST(RequestReaderTest, UnescapesStringsAndKeepsUtf8) {
  PutItemRequest r;
  ASSERT_TRUE(ReadPutItemRequest(kPutBodies[3], &r));
  EXPECT_EQ(r.item.at("k").scalar(),
            std::string("tab\there \"quoted\" \\ / \xC3\xA9\xE4\xB8\xAD\x01"
                        " caf\xC3\xA9 \xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80"));
  EXPECT_EQ(*r.condition_expression, "attribute_not_exists(#k) AND #v < :v");
  EXPECT_EQ(r.expression_attribute_names->at("#v"), "v");
  EXPECT_TRUE(Same(*r.expression_attribute_values,
                   Item{{":v", AttributeValue::N("10")}}));
  EXPECT_EQ(r.return_values_on_condition_check_failure, ReturnValues::kAllOld);
}

TEST(RequestReaderTest, ReadsBinaryAndSetsDecoded) {
  PutItemRequest r;
  ASSERT_TRUE(ReadPutItemRequest(kPutBodies[2], &r));
  EXPECT_EQ(r.item.at("k").scalar(), std::string("\x00\x01\x02", 3));
  EXPECT_EQ(r.item.at("bs").set(),
            (AttributeValue::Set{std::string(1, '\0'), "\x01"}));
  EXPECT_EQ(r.item.at("ns").type(), ValueType::kNS);
  EXPECT_EQ(r.item.at("m").map().at("x").list().size(), 3u);
}

TEST(RequestReaderTest, TakesBatchTablesByName) {
  BatchWriteItemRequest r;
  ASSERT_TRUE(ReadBatchWriteItemRequest(kBatchBodies[1], &r));
  ASSERT_EQ(r.request_items.size(), 2u);
  EXPECT_EQ(r.request_items[0].first, "alpha");
  EXPECT_EQ(r.request_items[1].first, "zeta");
  EXPECT_EQ(r.return_consumed_capacity, ReturnConsumedCapacity::kIndexes);
  ASSERT_TRUE(ReadBatchWriteItemRequest(kBatchBodies[0], &r));
  ASSERT_EQ(r.request_items[0].second.size(), 2u);
  EXPECT_TRUE(r.request_items[0].second[0].put_item.has_value());
  EXPECT_FALSE(r.request_items[0].second[0].delete_key.has_value());
  EXPECT_TRUE(Same(
      *r.request_items[0].second[1].delete_key,
      Item{{"PK", AttributeValue::S("C")}, {"SK", AttributeValue::S("D")}}));
}

TEST(RequestReaderTest, LeavesEveryOtherShapeToTheGeneralPath) {
  const char* const puts[] = {
      R"({"TableName":"tbl","Item":{"k":{"S":"a"}},"Expected":{}})",
      R"({"TableName":"tbl","Item":{"k":{"S":"a"}},"ConditionalOperator":"AND"})",
      R"({"TableName":"tbl","Item":{"k":{"S":"a"}},"Unknown":1})",
      R"({"TableName":"tbl","Item":{"k":{"S":"a"}},"ReturnValues":null})",
      R"({"TableName":"tbl","Item":{"k":{"S":"a"}},"ReturnValues":"ALL"})",
      R"({"TableName":"tbl","Item":{"k":null}})",
      R"({"TableName":"tbl","Item":{"k":{"S":"a","N":"1"}}})",
      R"({"TableName":"tbl","Item":{"k":{"S":"a","x":1}}})",
      R"({"TableName":"tbl","Item":{"k":{"S":1}}})",
      R"({"TableName":"tbl","Item":{"k":{"NULL":false}}})",
      R"({"TableName":"tbl","Item":{"k":{"B":"AA="}}})",
      R"({"TableName":"tbl","Item":{"k":{"S":"a"},"k":{"S":"b"}}})",
      R"({"TableName":"tbl","TableName":"tbl","Item":{"k":{"S":"a"}}})",
      R"({"TableName":"tbl","Item":{"k":{"S":"\ud83d\ude00"}}})",
      R"({"TableName":"tbl","Item":{"k":{"S":"\udc00"}}})",
      "{\"TableName\":\"tbl\",\"Item\":{\"k\":{\"S\":\"\xC3\"}}}",
      "{\"TableName\":\"tbl\",\"Item\":{\"k\":{\"S\":\"\xED\xA0\x80\"}}}",
      "{\"TableName\":\"tbl\",\"Item\":{\"k\":{\"S\":\"a\x01\"}}}",
      R"({"TableName":"tb","Item":{"k":{"S":"a"}}})",
      R"({"TableName":"t b","Item":{"k":{"S":"a"}}})",
      R"({"TableName":"arn:aws:dynamodb:us-east-1:1:table/t","Item":{"k":{"S":"a"}}})",
      R"({"TableName":"tbl"})",
      R"({"Item":{"k":{"S":"a"}}})",
      R"({"TableName":"tbl","Item":{"k":{"S":"a"}}} x)",
      R"({"TableName":"tbl","Item":{"k":{"S":"a"}},})",
      R"([{"TableName":"tbl","Item":{"k":{"S":"a"}}}])",
      "",
  };
  for (const char* body : puts) {
    PutItemRequest r;
    EXPECT_FALSE(ReadPutItemRequest(body, &r)) << body;
  }
  std::string deep = R"({"TableName":"tbl","Item":{"k":)";
  for (int i = 0; i < 41; ++i) deep += R"({"L":[)";
  deep += R"({"S":"x"})";
  for (int i = 0; i < 41; ++i) deep += "]}";
  deep += "}}";
  PutItemRequest r;
  EXPECT_FALSE(ReadPutItemRequest(deep, &r));
  const char* const batches[] = {
      R"({"RequestItems":{}})",
      R"({"RequestItems":{"tbl":[]}})",
      R"({"RequestItems":{"tbl":[{}]}})",
      R"({"RequestItems":{"tbl":[{"PutRequest":{"Item":{"k":{"S":"a"}}},"DeleteRequest":{"Key":{"k":{"S":"a"}}}}]}})",
      R"({"RequestItems":{"tbl":[{"PutRequest":{"Key":{"k":{"S":"a"}}}}]}})",
      R"({"RequestItems":{"tbl":[{"PutRequest":{"Item":{"k":{"S":"a"}}}}],"tbl":[{"PutRequest":{"Item":{"k":{"S":"b"}}}}]}})",
      R"({"RequestItems":{"t":[{"PutRequest":{"Item":{"k":{"S":"a"}}}}]}})",
      R"({"RequestItems":null})",
      R"({"ReturnConsumedCapacity":"TOTAL"})",
  };
  for (const char* body : batches) {
    BatchWriteItemRequest b;
    EXPECT_FALSE(ReadBatchWriteItemRequest(body, &b)) << body;
  }
  std::string many = R"({"RequestItems":{"tbl":[)";
  for (int i = 0; i < 26; ++i) {
    many += std::string(i ? "," : "") + R"({"PutRequest":{"Item":{"k":{"S":")" +
            std::to_string(i) + R"("}}}})";
  }
  many += "]}}";
  BatchWriteItemRequest b;
  EXPECT_FALSE(ReadBatchWriteItemRequest(many, &b));
}

// A body changed at random in a few places: bytes replaced by ones that
// matter to JSON, dropped, or inserted; runs repeated.
std::string Mutate(std::string body, std::mt19937& rng) {
  static const std::string kBytes =
      "\"\\{}[]:, \t\nnulltrefasSNMLB0123456789xu/\x01\x7f\xC3\xA9\xED\xA0"
      "\xF0\x9F\x80\xF4\x90";
  const int edits = 1 + static_cast<int>(rng() % 3);
  for (int e = 0; e < edits && !body.empty(); ++e) {
    const size_t at = rng() % body.size();
    switch (rng() % 4) {
      case 0:
        body[at] = kBytes[rng() % kBytes.size()];
        break;
      case 1:
        body.erase(at, 1 + rng() % 3);
        break;
      case 2:
        body.insert(at, 1, kBytes[rng() % kBytes.size()]);
        break;
      default: {
        const size_t len = 1 + rng() % 24;
        body.insert(at, body.substr(rng() % body.size(), len));
        break;
      }
    }
  }
  return body;
}

// Each seed, then mutants of it: whatever `direct` reads, `general` reads
// the same, without an error. Counts the mutants read and those valid.
template <typename Request, size_t N, typename Direct, typename General>
void Compare(const char* const (&seeds)[N], const Direct& direct,
             const General& general, std::mt19937& rng, int* read, int* valid) {
  for (const char* seed : seeds) {
    Request a, b;
    ASSERT_TRUE(direct(seed, &a)) << seed;
    ASSERT_TRUE(general(seed, &b)) << seed;
    ASSERT_TRUE(Same(a, b)) << seed;
    for (int i = 0; i < 20000; ++i) {
      const std::string body = Mutate(seed, rng);
      Request x, y;
      const bool general_ok = general(body, &y);
      *valid += general_ok;
      if (!direct(body, &x)) continue;
      ++*read;
      ASSERT_TRUE(general_ok) << body;
      ASSERT_TRUE(Same(x, y)) << body;
    }
  }
}

// Whatever the reader reads, the general path reads the same, without an
// error; and most valid bodies are read (or the reader would be idle).
TEST(RequestReaderTest, ReadsWhatTheGeneralPathReadsTheSame) {
  std::mt19937 rng(20261207);
  int read = 0, valid = 0;
  Compare<PutItemRequest>(
      kPutBodies,
      [](const std::string& b, PutItemRequest* r) {
        return ReadPutItemRequest(b, r);
      },
      GeneralPut, rng, &read, &valid);
  Compare<BatchWriteItemRequest>(
      kBatchBodies,
      [](const std::string& b, BatchWriteItemRequest* r) {
        return ReadBatchWriteItemRequest(b, r);
      },
      GeneralBatch, rng, &read, &valid);
  // Mutants that stay valid are mostly changed strings and white space,
  // which the reader reads.
  EXPECT_GT(read, valid / 2) << read << " read of " << valid << " valid";
}

}  // namespace
}  // namespace dynarock
