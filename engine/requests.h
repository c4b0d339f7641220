// Typed requests and responses of the engine's operations.
//
// Names follow the service's API reference (PutItemRequest::return_values is
// PutItem's ReturnValues). An optional member is one the client may omit and
// whose absence the service distinguishes from any value.
//
// Plain value types: not synchronized.
#ifndef DYNAROCK_ENGINE_REQUESTS_H_
#define DYNAROCK_ENGINE_REQUESTS_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/attribute_value.h"

namespace dynarock {

// Who is asking: the region of the request's credential scope appears in
// ARNs. One database serves every account and region.
struct RequestContext {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // The host (and port) the client addressed, when the request came over
  // HTTP with a Host header; empty otherwise.
  std::string host = "";
};

// ---------------------------------------------------------------- tables

// Written to disk in the catalog: never renumber these enums.
enum class KeyType : uint8_t { kHash = 1, kRange = 2 };
enum class ProjectionType : uint8_t { kAll = 1, kKeysOnly = 2, kInclude = 3 };
enum class BillingMode : uint8_t { kProvisioned = 1, kPayPerRequest = 2 };
enum class TableClass : uint8_t {
  kStandard = 1,
  kStandardInfrequentAccess = 2
};
enum class StreamViewType : uint8_t {
  kKeysOnly = 1,
  kNewImage = 2,
  kOldImage = 3,
  kNewAndOldImages = 4,
};

const char* KeyTypeName(KeyType t);                // "HASH", "RANGE"
const char* ProjectionTypeName(ProjectionType t);  // "ALL", ...
const char* BillingModeName(BillingMode m);        // "PROVISIONED", ...
const char* TableClassName(TableClass c);          // "STANDARD", ...
const char* StreamViewTypeName(StreamViewType v);  // "NEW_IMAGE", ...

struct KeySchemaElement {
  std::string attribute_name;
  KeyType key_type = KeyType::kHash;
};

struct AttributeDefinition {
  std::string attribute_name;
  ValueType attribute_type = ValueType::kS;  // S, N or B
};

struct Projection {
  std::optional<ProjectionType> projection_type;
  std::optional<std::vector<std::string>> non_key_attributes;
};

struct ProvisionedThroughput {
  int64_t read_capacity_units = 0;
  int64_t write_capacity_units = 0;
};

struct OnDemandThroughput {
  std::optional<int64_t> max_read_request_units;
  std::optional<int64_t> max_write_request_units;
};

struct GlobalSecondaryIndex {
  std::string index_name;
  std::vector<KeySchemaElement> key_schema;
  Projection projection;
  std::optional<ProvisionedThroughput> provisioned_throughput;
  std::optional<OnDemandThroughput> on_demand_throughput;
};

struct LocalSecondaryIndex {
  std::string index_name;
  std::vector<KeySchemaElement> key_schema;
  Projection projection;
};

struct SSESpecification {
  std::optional<bool> enabled;
  std::optional<std::string> sse_type;  // "AES256" or "KMS"
  std::optional<std::string> kms_master_key_id;
};

struct StreamSpecification {
  bool stream_enabled = false;
  std::optional<StreamViewType> stream_view_type;
};

struct Tag {
  std::string key;
  std::string value;
};

struct CreateTableRequest {
  std::string table_name;
  std::vector<AttributeDefinition> attribute_definitions;
  std::vector<KeySchemaElement> key_schema;
  std::optional<std::vector<LocalSecondaryIndex>> local_secondary_indexes;
  std::optional<std::vector<GlobalSecondaryIndex>> global_secondary_indexes;
  std::optional<BillingMode> billing_mode;
  std::optional<ProvisionedThroughput> provisioned_throughput;
  std::optional<StreamSpecification> stream_specification;
  std::optional<SSESpecification> sse_specification;
  std::optional<std::vector<Tag>> tags;
  std::optional<TableClass> table_class;
  std::optional<bool> deletion_protection_enabled;
  std::optional<OnDemandThroughput> on_demand_throughput;
};

struct ProvisionedThroughputDescription {
  std::optional<double> last_increase_date_time;
  std::optional<double> last_decrease_date_time;
  int64_t number_of_decreases_today = 0;
  int64_t read_capacity_units = 0;
  int64_t write_capacity_units = 0;
};

// The throughput a table or index is ready for at once (newer service
// versions report it on every table and GSI).
struct WarmThroughputDescription {
  int64_t read_units_per_second = 0;
  int64_t write_units_per_second = 0;
  std::string status = "ACTIVE";
};

struct IndexDescription {
  std::string index_name;
  std::vector<KeySchemaElement> key_schema;
  Projection projection;
  std::string index_status;  // GSIs only: "ACTIVE", "CREATING", ...
  std::optional<bool> backfilling;
  std::optional<ProvisionedThroughputDescription> provisioned_throughput;
  std::optional<OnDemandThroughput> on_demand_throughput;
  int64_t index_size_bytes = 0;
  int64_t item_count = 0;
  std::string index_arn;
  std::optional<WarmThroughputDescription> warm_throughput;
};

struct SSEDescription {
  std::string status;    // "ENABLED"
  std::string sse_type;  // "KMS"
  std::string kms_master_key_arn;
};

struct TableDescription {
  std::string table_name;
  std::string table_arn;
  std::string table_id;  // a UUID
  std::vector<AttributeDefinition> attribute_definitions;
  std::vector<KeySchemaElement> key_schema;
  std::string table_status;       // "ACTIVE", "DELETING"
  double creation_date_time = 0;  // seconds since the epoch
  int64_t item_count = 0;
  int64_t table_size_bytes = 0;
  ProvisionedThroughputDescription provisioned_throughput;
  // BillingModeSummary appears when the table was ever PAY_PER_REQUEST.
  std::optional<BillingMode> billing_mode;
  std::optional<double> last_update_to_pay_per_request_date_time;
  std::vector<IndexDescription> global_secondary_indexes;
  std::vector<IndexDescription> local_secondary_indexes;
  std::optional<StreamSpecification> stream_specification;
  std::string latest_stream_label;
  std::string latest_stream_arn;
  std::optional<SSEDescription> sse_description;
  std::optional<TableClass> table_class;  // reported when set
  bool deletion_protection_enabled = false;
  std::optional<OnDemandThroughput> on_demand_throughput;
  std::optional<WarmThroughputDescription> warm_throughput;
};

struct CreateTableResponse {
  TableDescription table_description;
};

// One entry of UpdateTable's GlobalSecondaryIndexUpdates: exactly one of
// create, update, delete.
struct GlobalSecondaryIndexUpdate {
  std::optional<GlobalSecondaryIndex> create;
  struct Update {
    std::string index_name;
    std::optional<ProvisionedThroughput> provisioned_throughput;
    std::optional<OnDemandThroughput> on_demand_throughput;
  };
  std::optional<Update> update;
  std::optional<std::string> delete_index_name;
};

struct UpdateTableRequest {
  std::string table_name;
  std::optional<std::vector<AttributeDefinition>> attribute_definitions;
  std::optional<BillingMode> billing_mode;
  std::optional<ProvisionedThroughput> provisioned_throughput;
  std::optional<std::vector<GlobalSecondaryIndexUpdate>>
      global_secondary_index_updates;
  std::optional<StreamSpecification> stream_specification;
  std::optional<SSESpecification> sse_specification;
  std::optional<TableClass> table_class;
  std::optional<bool> deletion_protection_enabled;
  std::optional<OnDemandThroughput> on_demand_throughput;
};
struct UpdateTableResponse {
  TableDescription table_description;
};

struct DescribeTableRequest {
  std::string table_name;  // a name or a table ARN
};
struct DescribeTableResponse {
  TableDescription table;
};

struct DeleteTableRequest {
  std::string table_name;
};
struct DeleteTableResponse {
  TableDescription table_description;
};

struct ListTablesRequest {
  std::optional<std::string> exclusive_start_table_name;
  std::optional<int64_t> limit;
};
struct ListTablesResponse {
  std::vector<std::string> table_names;
  std::optional<std::string> last_evaluated_table_name;
};

struct TagResourceRequest {
  std::string resource_arn;
  std::vector<Tag> tags;
};
struct TagResourceResponse {};

struct UntagResourceRequest {
  std::string resource_arn;
  std::vector<std::string> tag_keys;
};
struct UntagResourceResponse {};

struct ListTagsOfResourceRequest {
  std::string resource_arn;
  std::optional<std::string> next_token;
};
struct ListTagsOfResourceResponse {
  std::vector<Tag> tags;
  std::optional<std::string> next_token;
};

struct UpdateContinuousBackupsRequest {
  std::string table_name;
  bool point_in_time_recovery_enabled = false;
  std::optional<int64_t> recovery_period_in_days;
};
struct DescribeContinuousBackupsRequest {
  std::string table_name;
};
struct ContinuousBackupsResponse {
  std::string continuous_backups_status;      // "ENABLED"
  std::string point_in_time_recovery_status;  // "ENABLED" / "DISABLED"
  std::optional<double> earliest_restorable_date_time;
  std::optional<double> latest_restorable_date_time;
  std::optional<int64_t> recovery_period_in_days;
};

struct UpdateTimeToLiveRequest {
  std::string table_name;
  bool enabled = false;
  std::string attribute_name;
};
struct UpdateTimeToLiveResponse {
  bool enabled = false;
  std::string attribute_name;
};
struct DescribeTimeToLiveRequest {
  std::string table_name;
};
struct DescribeTimeToLiveResponse {
  std::string time_to_live_status;  // "ENABLED" / "DISABLED"
  std::optional<std::string> attribute_name;
};

// ----------------------------------------------------------------- items

enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };
enum class ReturnConsumedCapacity { kNone, kTotal, kIndexes };
enum class ReturnItemCollectionMetrics { kNone, kSize };

struct Capacity {
  double read_capacity_units = 0;
  double write_capacity_units = 0;
  double capacity_units = 0;
};

struct ConsumedCapacity {
  std::string table_name;
  Capacity total;
  // Transactions report ReadCapacityUnits and WriteCapacityUnits beside
  // CapacityUnits.
  bool read_write_units = false;
  // With ReturnConsumedCapacity=INDEXES only.
  std::optional<Capacity> table;
  std::map<std::string, Capacity> global_secondary_indexes;
  std::map<std::string, Capacity> local_secondary_indexes;
};

struct ItemCollectionMetrics {
  Item item_collection_key;
  double size_estimate_range_gb_low = 0;
  double size_estimate_range_gb_high = 0;
};

// The legacy conditions (KeyConditions, QueryFilter, ScanFilter, Expected).
enum class ComparisonOperator {
  kEq,
  kNe,
  kLe,
  kLt,
  kGe,
  kGt,
  kNotNull,
  kNull,
  kContains,
  kNotContains,
  kBeginsWith,
  kIn,
  kBetween,
};
enum class ConditionalOperator { kAnd, kOr };

struct Condition {
  ComparisonOperator comparison_operator = ComparisonOperator::kEq;
  std::vector<AttributeValue> attribute_value_list;
};
using Conditions = std::map<std::string, Condition>;

// One entry of the legacy Expected parameter.
struct ExpectedAttributeValue {
  std::optional<AttributeValue> value;
  std::optional<bool> exists;
  std::optional<ComparisonOperator> comparison_operator;
  std::optional<std::vector<AttributeValue>> attribute_value_list;
};
using ExpectedMap = std::map<std::string, ExpectedAttributeValue>;

// One entry of the legacy AttributeUpdates parameter.
enum class AttributeAction { kPut, kAdd, kDelete };
struct AttributeValueUpdate {
  std::optional<AttributeValue> value;
  AttributeAction action = AttributeAction::kPut;
};
using AttributeUpdates = std::map<std::string, AttributeValueUpdate>;

using AttributeNames = std::map<std::string, std::string>;
using AttributeValues = std::map<std::string, AttributeValue>;

struct PutItemRequest {
  std::string table_name;
  Item item;
  ReturnValues return_values = ReturnValues::kNone;
  ReturnConsumedCapacity return_consumed_capacity =
      ReturnConsumedCapacity::kNone;
  ReturnItemCollectionMetrics return_item_collection_metrics =
      ReturnItemCollectionMetrics::kNone;
  std::optional<std::string> condition_expression;
  std::optional<AttributeNames> expression_attribute_names;
  std::optional<AttributeValues> expression_attribute_values;
  ReturnValues return_values_on_condition_check_failure = ReturnValues::kNone;
  std::optional<ExpectedMap> expected;
  std::optional<ConditionalOperator> conditional_operator;
};
struct PutItemResponse {
  std::optional<Item> attributes;
  std::optional<ConsumedCapacity> consumed_capacity;
  std::optional<ItemCollectionMetrics> item_collection_metrics;
};

// Receives the items a GetItem, Query or Scan returns as the item codec
// stores them (engine/format/item_codec.h), while they are read, so that a
// server writes them out without building them. The bytes last only for the
// call.
class EncodedItemSink {
 public:
  virtual ~EncodedItemSink() = default;
  // Takes one item; sets *size to its ItemSize. Returns false when the
  // bytes are malformed (the read then fails).
  virtual bool Add(std::string_view encoded, size_t* size) = 0;
};

struct GetItemRequest {
  std::string table_name;
  Item key;
  bool consistent_read = false;
  std::optional<std::string> projection_expression;
  std::optional<std::vector<std::string>> attributes_to_get;
  std::optional<AttributeNames> expression_attribute_names;
  ReturnConsumedCapacity return_consumed_capacity =
      ReturnConsumedCapacity::kNone;
  // When set and nothing is projected, the item found goes to the sink as
  // stored, and the response's `item` stays empty.
  EncodedItemSink* item_sink = nullptr;
};
struct GetItemResponse {
  std::optional<Item> item;
  std::optional<ConsumedCapacity> consumed_capacity;
};

struct DeleteItemRequest {
  std::string table_name;
  Item key;
  ReturnValues return_values = ReturnValues::kNone;
  ReturnConsumedCapacity return_consumed_capacity =
      ReturnConsumedCapacity::kNone;
  ReturnItemCollectionMetrics return_item_collection_metrics =
      ReturnItemCollectionMetrics::kNone;
  std::optional<std::string> condition_expression;
  std::optional<AttributeNames> expression_attribute_names;
  std::optional<AttributeValues> expression_attribute_values;
  ReturnValues return_values_on_condition_check_failure = ReturnValues::kNone;
  std::optional<ExpectedMap> expected;
  std::optional<ConditionalOperator> conditional_operator;
};
struct DeleteItemResponse {
  std::optional<Item> attributes;
  std::optional<ConsumedCapacity> consumed_capacity;
  std::optional<ItemCollectionMetrics> item_collection_metrics;
};

struct UpdateItemRequest {
  std::string table_name;
  Item key;
  std::optional<std::string> update_expression;
  std::optional<std::string> condition_expression;
  std::optional<AttributeNames> expression_attribute_names;
  std::optional<AttributeValues> expression_attribute_values;
  ReturnValues return_values = ReturnValues::kNone;
  ReturnConsumedCapacity return_consumed_capacity =
      ReturnConsumedCapacity::kNone;
  ReturnItemCollectionMetrics return_item_collection_metrics =
      ReturnItemCollectionMetrics::kNone;
  ReturnValues return_values_on_condition_check_failure = ReturnValues::kNone;
  std::optional<ExpectedMap> expected;
  std::optional<ConditionalOperator> conditional_operator;
  std::optional<AttributeUpdates> attribute_updates;
};
struct UpdateItemResponse {
  std::optional<Item> attributes;
  std::optional<ConsumedCapacity> consumed_capacity;
  std::optional<ItemCollectionMetrics> item_collection_metrics;
};

// ---------------------------------------------------------------- batches

// One entry of BatchWriteItem: exactly one of put_item, delete_key.
struct WriteRequest {
  std::optional<Item> put_item;
  std::optional<Item> delete_key;
};

// The service's limit on the writes of one BatchWriteItem (API reference).
inline constexpr size_t kMaxBatchWrites = 25;

struct BatchWriteItemRequest {
  // Table name -> its writes, in the order given.
  std::vector<std::pair<std::string, std::vector<WriteRequest>>> request_items;
  ReturnConsumedCapacity return_consumed_capacity =
      ReturnConsumedCapacity::kNone;
  ReturnItemCollectionMetrics return_item_collection_metrics =
      ReturnItemCollectionMetrics::kNone;
};
struct BatchWriteItemResponse {
  std::map<std::string, std::vector<WriteRequest>> unprocessed_items;
  std::optional<std::vector<ConsumedCapacity>> consumed_capacity;
  std::map<std::string, std::vector<ItemCollectionMetrics>>
      item_collection_metrics;
};

struct KeysAndAttributes {
  std::vector<Item> keys;
  std::optional<std::string> projection_expression;
  std::optional<AttributeNames> expression_attribute_names;
  std::optional<std::vector<std::string>> attributes_to_get;
  bool consistent_read = false;
};

struct BatchGetItemRequest {
  std::vector<std::pair<std::string, KeysAndAttributes>> request_items;
  ReturnConsumedCapacity return_consumed_capacity =
      ReturnConsumedCapacity::kNone;
};
struct BatchGetItemResponse {
  std::map<std::string, std::vector<Item>> responses;
  std::map<std::string, KeysAndAttributes> unprocessed_keys;
  std::optional<std::vector<ConsumedCapacity>> consumed_capacity;
};

// ----------------------------------------------------------- transactions

// A TransactWriteItems ConditionCheck: a condition on one item, no write.
struct ConditionCheck {
  std::string table_name;
  Item key;
  std::string condition_expression;
  std::optional<AttributeNames> expression_attribute_names;
  std::optional<AttributeValues> expression_attribute_values;
  ReturnValues return_values_on_condition_check_failure = ReturnValues::kNone;
};

// One action of TransactWriteItems: exactly one member is set. Each is
// validated as its single-item counterpart is (the members a transaction
// does not accept are never set by the wire layer).
struct TransactWriteItem {
  std::optional<PutItemRequest> put;
  std::optional<UpdateItemRequest> update;
  std::optional<DeleteItemRequest> del;
  std::optional<ConditionCheck> condition_check;
};

struct TransactWriteItemsRequest {
  std::vector<TransactWriteItem> transact_items;
  std::optional<std::string> client_request_token;
  ReturnConsumedCapacity return_consumed_capacity =
      ReturnConsumedCapacity::kNone;
  ReturnItemCollectionMetrics return_item_collection_metrics =
      ReturnItemCollectionMetrics::kNone;
  // The request's parameters in a canonical text (everything but the
  // token): a token reused with other parameters is refused.
  std::string fingerprint;
};
struct TransactWriteItemsResponse {
  std::optional<std::vector<ConsumedCapacity>> consumed_capacity;
  std::map<std::string, std::vector<ItemCollectionMetrics>>
      item_collection_metrics;
};

struct TransactGetItemsRequest {
  // Each Get: table_name, key, projection_expression and
  // expression_attribute_names; the other members stay unset.
  std::vector<GetItemRequest> transact_items;
  ReturnConsumedCapacity return_consumed_capacity =
      ReturnConsumedCapacity::kNone;
};
struct TransactGetItemsResponse {
  // One per Get, in order; nullopt for an item that does not exist.
  std::vector<std::optional<Item>> responses;
  std::optional<std::vector<ConsumedCapacity>> consumed_capacity;
};

// ------------------------------------------------------- query and scan

enum class Select {
  kAllAttributes,
  kAllProjectedAttributes,
  kSpecificAttributes,
  kCount
};

struct QueryRequest {
  std::string table_name;
  std::optional<std::string> index_name;
  std::optional<Select> select;
  std::optional<std::vector<std::string>> attributes_to_get;
  std::optional<int64_t> limit;
  bool consistent_read = false;
  std::optional<Conditions> key_conditions;
  std::optional<Conditions> query_filter;
  std::optional<ConditionalOperator> conditional_operator;
  bool scan_index_forward = true;
  std::optional<Item> exclusive_start_key;
  ReturnConsumedCapacity return_consumed_capacity =
      ReturnConsumedCapacity::kNone;
  std::optional<std::string> projection_expression;
  std::optional<std::string> filter_expression;
  std::optional<std::string> key_condition_expression;
  std::optional<AttributeNames> expression_attribute_names;
  std::optional<AttributeValues> expression_attribute_values;
  // When set, items that need no building (no filter, no projection) go
  // to the sink as they are read, instead of into the response's `items`.
  EncodedItemSink* item_sink = nullptr;
};

struct ScanRequest {
  std::string table_name;
  std::optional<std::string> index_name;
  std::optional<std::vector<std::string>> attributes_to_get;
  std::optional<int64_t> limit;
  std::optional<Select> select;
  std::optional<Conditions> scan_filter;
  std::optional<ConditionalOperator> conditional_operator;
  std::optional<Item> exclusive_start_key;
  ReturnConsumedCapacity return_consumed_capacity =
      ReturnConsumedCapacity::kNone;
  std::optional<int64_t> total_segments;
  std::optional<int64_t> segment;
  std::optional<std::string> projection_expression;
  std::optional<std::string> filter_expression;
  std::optional<AttributeNames> expression_attribute_names;
  std::optional<AttributeValues> expression_attribute_values;
  bool consistent_read = false;
  // As QueryRequest::item_sink.
  EncodedItemSink* item_sink = nullptr;
};

// Query and Scan answer alike.
struct ReadPageResponse {
  // The items returned, but for those given to the request's item_sink.
  std::vector<Item> items;
  // False for Select=COUNT: the response has no Items member.
  bool return_items = true;
  int64_t count = 0;
  int64_t scanned_count = 0;
  std::optional<Item> last_evaluated_key;
  std::optional<ConsumedCapacity> consumed_capacity;
};
using QueryResponse = ReadPageResponse;
using ScanResponse = ReadPageResponse;

// ---------------------------------------------------------------- streams
// The DynamoDB Streams API (target prefix DynamoDBStreams_20120810).

struct StreamSummary {
  std::string stream_arn;
  std::string table_name;
  std::string stream_label;
};
struct ListStreamsRequest {
  std::optional<std::string> table_name;
  std::optional<int64_t> limit;  // 1 to 100
  std::optional<std::string> exclusive_start_stream_arn;
};
struct ListStreamsResponse {
  std::vector<StreamSummary> streams;
  std::optional<std::string> last_evaluated_stream_arn;
};

struct SequenceNumberRange {
  std::string starting_sequence_number;
  std::optional<std::string> ending_sequence_number;  // a closed shard's
};
struct ShardDescription {
  std::string shard_id;
  std::optional<std::string> parent_shard_id;
  SequenceNumberRange sequence_number_range;
};
struct DescribeStreamRequest {
  std::string stream_arn;
  std::optional<int64_t> limit;  // 1 to 100
  std::optional<std::string> exclusive_start_shard_id;
  // ShardFilter {Type: CHILD_SHARDS, ShardId}: only that shard's children.
  std::optional<std::string> child_shards_of;
};
struct StreamDescription {
  std::string stream_arn;
  std::string stream_label;
  std::string stream_status;  // ENABLING, ENABLED, DISABLING, DISABLED
  StreamViewType stream_view_type = StreamViewType::kKeysOnly;
  double creation_request_date_time = 0;
  std::string table_name;
  std::vector<KeySchemaElement> key_schema;
  std::vector<ShardDescription> shards;
  std::optional<std::string> last_evaluated_shard_id;
};
struct DescribeStreamResponse {
  StreamDescription stream_description;
};

enum class ShardIteratorType {
  kTrimHorizon,
  kLatest,
  kAtSequenceNumber,
  kAfterSequenceNumber
};
struct GetShardIteratorRequest {
  std::string stream_arn;
  std::string shard_id;
  ShardIteratorType shard_iterator_type = ShardIteratorType::kTrimHorizon;
  std::optional<std::string> sequence_number;
};
struct GetShardIteratorResponse {
  std::string shard_iterator;
};

enum class StreamEventName : uint8_t { kInsert = 1, kModify = 2, kRemove = 3 };
const char* StreamEventNameText(StreamEventName e);  // "INSERT", ...

// One stream record. The images are items as the item codec stores them
// (engine/format/item_codec.h): a server writes them out without building
// them; DecodeItem gives the Item.
struct StreamRecord {
  std::string event_id;
  StreamEventName event_name = StreamEventName::kInsert;
  std::string aws_region;
  double approximate_creation_date_time = 0;  // epoch seconds
  std::string keys;
  std::optional<std::string> new_image;
  std::optional<std::string> old_image;
  std::string sequence_number;
  int64_t size_bytes = 0;
  StreamViewType stream_view_type = StreamViewType::kKeysOnly;
  // A change the service made itself (a TTL deletion): userIdentity
  // {"type": "Service", "principalId": "dynamodb.amazonaws.com"}.
  bool by_service = false;
};
struct GetRecordsRequest {
  std::string shard_iterator;
  std::optional<int64_t> limit;  // 1 to 1000
};
struct GetRecordsResponse {
  std::vector<StreamRecord> records;
  // Absent once a closed shard has been read to its end.
  std::optional<std::string> next_shard_iterator;
};

// ---------------------------------------------------------------- PartiQL

struct ExecuteStatementRequest {
  std::string statement;
  std::optional<std::vector<AttributeValue>> parameters;
  bool consistent_read = false;
  std::optional<std::string> next_token;
  std::optional<int64_t> limit;
  ReturnConsumedCapacity return_consumed_capacity =
      ReturnConsumedCapacity::kNone;
  ReturnValues return_values_on_condition_check_failure = ReturnValues::kNone;
};
struct ExecuteStatementResponse {
  std::vector<Item> items;
  std::optional<std::string> next_token;
  std::optional<ConsumedCapacity> consumed_capacity;
};

struct BatchStatementRequest {
  std::string statement;
  std::optional<std::vector<AttributeValue>> parameters;
  bool consistent_read = false;
  ReturnValues return_values_on_condition_check_failure = ReturnValues::kNone;
};
// A statement's failure in a batch: Code ConditionalCheckFailed,
// DuplicateItem, ValidationError, ResourceNotFound, TransactionConflict, ...
struct BatchStatementError {
  std::string code;
  std::string message;
  std::optional<Item> item;  // ConditionalCheckFailed with ALL_OLD
};
struct BatchStatementResponse {
  std::optional<std::string> table_name;
  std::optional<Item> item;
  std::optional<BatchStatementError> error;
};
struct BatchExecuteStatementRequest {
  std::vector<BatchStatementRequest> statements;  // 1 to 25
  ReturnConsumedCapacity return_consumed_capacity =
      ReturnConsumedCapacity::kNone;
};
struct BatchExecuteStatementResponse {
  std::vector<BatchStatementResponse> responses;  // one per statement
  std::optional<std::vector<ConsumedCapacity>> consumed_capacity;
};

struct ParameterizedStatement {
  std::string statement;
  std::optional<std::vector<AttributeValue>> parameters;
  ReturnValues return_values_on_condition_check_failure = ReturnValues::kNone;
};
struct ExecuteTransactionRequest {
  std::vector<ParameterizedStatement> transact_statements;  // 1 to 100
  std::optional<std::string> client_request_token;
  ReturnConsumedCapacity return_consumed_capacity =
      ReturnConsumedCapacity::kNone;
};
struct ExecuteTransactionResponse {
  // A read transaction's items, one per statement (nullopt: no item); a
  // write transaction has none.
  std::vector<std::optional<Item>> responses;
  std::optional<std::vector<ConsumedCapacity>> consumed_capacity;
};

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_REQUESTS_H_
