// ReadPage: one page of a Query or Scan, read from one snapshot: the key
// range, the order, ExclusiveStartKey, Limit, the 1 MB page limit, the
// filter, the projection and the capacity consumed. Internal to engine/.
#ifndef DYNAROCK_ENGINE_OPS_READ_PAGE_H_
#define DYNAROCK_ENGINE_OPS_READ_PAGE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "engine/requests.h"
#include "engine/schema/catalog.h"
#include "engine/status.h"

namespace dynarock {

class Storage;

// The service stops a page once it has read 1 MB (Developer Guide, "Query
// and Scan": the limit applies to the data read, before any filter).
constexpr size_t kMaxPageBytes = 1024 * 1024;

// The sort key part of a key condition.
struct SortKeyCondition {
  enum class Op { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
  Op op = Op::kEq;
  AttributeValue value;
  AttributeValue upper;  // BETWEEN's second operand
};

struct PageSpec {
  const TableDef* table = nullptr;
  const IndexDef* index = nullptr;  // null for the table itself
  // The key range to read, [lower, upper), in the table's (kItems) or the
  // index's (kIndexes) key space.
  std::string lower;
  std::string upper;
  bool forward = true;
  // The encoded key of ExclusiveStartKey: reading resumes after it (before
  // it, backwards).
  std::optional<std::string> start_after;
  std::optional<int64_t> limit;
  bool consistent_read = false;
  bool count_only = false;
  // Whether an item passes the filter; null passes everything.
  std::function<Result<bool>(const Item&)> filter;
  // Shapes an item for the response; null returns it whole.
  std::function<Item(const Item&)> project;
  // A local secondary index query that needs attributes its projection
  // lacks reads the item from the table (and is charged for it).
  bool fetch_from_table = false;
  // Where items go, as stored, when no filter, projection or table fetch
  // needs them built (QueryRequest::item_sink).
  EncodedItemSink* item_sink = nullptr;
};

Result<ReadPageResponse> ReadPage(const Storage& storage, const PageSpec& spec,
                                  ReturnConsumedCapacity mode);

// The key range of one partition of the table (index null) or an index,
// narrowed by a sort key condition. A multi-attribute key (GSIs) gives one
// value per partition key attribute, and may fix the first sort key
// attributes (sort_prefix) before the condition on the next one.
Status PartitionRange(const TableDef& table, const IndexDef* index,
                      const std::vector<AttributeValue>& partition,
                      const std::vector<AttributeValue>& sort_prefix,
                      const std::optional<SortKeyCondition>& sort,
                      std::string* lower, std::string* upper);

// The attributes that make up a LastEvaluatedKey: the table's keys, and
// the index's when reading an index.
Item KeyOf(const TableDef& table, const IndexDef* index, const Item& item);

// The smallest string greater than every string that starts with s (empty
// when there is none).
std::string PrefixSuccessor(std::string s);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_OPS_READ_PAGE_H_
