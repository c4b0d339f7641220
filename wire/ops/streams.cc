// The DynamoDB Streams API's handlers (target prefix
// DynamoDBStreams_20120810), and stream records as JSON.
#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "wire/json_value.h"
#include "wire/json_writer.h"
#include "wire/ops/ops.h"
#include "wire/ops/table_shapes.h"
#include "wire/shape.h"
#include "wire/stream_json.h"

namespace dynarock {

bool WriteStreamRecord(const StreamRecord& r, RecordStyle style,
                       std::string_view event_source_arn, JsonWriter* w) {
  w->BeginObject();
  w->Key("eventID");
  w->String(r.event_id);
  w->Key("eventName");
  w->String(StreamEventNameText(r.event_name));
  w->Key("eventVersion");
  w->String("1.1");
  w->Key("eventSource");
  w->String("aws:dynamodb");
  w->Key("awsRegion");
  w->String(r.aws_region);
  w->Key("dynamodb");
  w->BeginObject();
  w->Key("ApproximateCreationDateTime");
  w->Double(r.approximate_creation_date_time);
  w->Key("Keys");
  if (!WriteEncodedItem(r.keys, w)) return false;
  if (r.new_image) {
    w->Key("NewImage");
    if (!WriteEncodedItem(*r.new_image, w)) return false;
  }
  if (r.old_image) {
    w->Key("OldImage");
    if (!WriteEncodedItem(*r.old_image, w)) return false;
  }
  w->Key("SequenceNumber");
  w->String(r.sequence_number);
  w->Key("SizeBytes");
  w->Int(r.size_bytes);
  w->Key("StreamViewType");
  w->String(StreamViewTypeName(r.stream_view_type));
  w->EndObject();
  const bool lambda = style == RecordStyle::kLambda;
  if (r.by_service) {
    w->Key("userIdentity");
    w->BeginObject();
    w->Key(lambda ? "type" : "Type");
    w->String("Service");
    w->Key(lambda ? "principalId" : "PrincipalId");
    w->String("dynamodb.amazonaws.com");
    w->EndObject();
  }
  if (lambda) {
    w->Key("eventSourceARN");
    w->String(event_source_arn);
  }
  w->EndObject();
  return true;
}

namespace {

// StreamArn: required, 37 to 1024 characters.
std::string StreamArnOf(Shape& s, const char* member, bool required) {
  auto arn = s.String(member);
  if (required) s.Required(member, arn.has_value());
  if (arn) s.Length(member, *arn, 37, 1024);
  return arn.value_or("");
}

std::optional<ShardIteratorType> IteratorTypeOf(const std::string& s) {
  if (s == "TRIM_HORIZON") return ShardIteratorType::kTrimHorizon;
  if (s == "LATEST") return ShardIteratorType::kLatest;
  if (s == "AT_SEQUENCE_NUMBER") return ShardIteratorType::kAtSequenceNumber;
  if (s == "AFTER_SEQUENCE_NUMBER")
    return ShardIteratorType::kAfterSequenceNumber;
  return std::nullopt;
}

}  // namespace

Status HandleListStreams(Engine& engine, const RequestContext& ctx,
                         nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  ListStreamsRequest req;
  req.table_name = s.String("TableName");
  if (req.table_name) s.NamePattern("TableName", *req.table_name, 3, 255);
  req.limit = s.Long("Limit", JsonKind::kInteger);
  if (req.limit) s.Range("Limit", *req.limit, 1, 100);
  if (auto start = s.String("ExclusiveStartStreamArn")) {
    s.Length("ExclusiveStartStreamArn", *start, 37, 1024);
    req.exclusive_start_stream_arn = std::move(start);
  }
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.ListStreams(ctx, req));
  JsonWriter w(out);
  w.BeginObject();
  w.Key("Streams");
  w.BeginArray();
  for (const auto& st : r.streams) {
    w.BeginObject();
    w.Key("StreamArn");
    w.String(st.stream_arn);
    w.Key("TableName");
    w.String(st.table_name);
    w.Key("StreamLabel");
    w.String(st.stream_label);
    w.EndObject();
  }
  w.EndArray();
  if (r.last_evaluated_stream_arn) {
    w.Key("LastEvaluatedStreamArn");
    w.String(*r.last_evaluated_stream_arn);
  }
  w.EndObject();
  return Status::OK();
}

Status HandleDescribeStream(Engine& engine, const RequestContext& ctx,
                            nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  DescribeStreamRequest req;
  req.stream_arn = StreamArnOf(s, "StreamArn", /*required=*/true);
  req.limit = s.Long("Limit", JsonKind::kInteger);
  if (req.limit) s.Range("Limit", *req.limit, 1, 100);
  if (auto start = s.String("ExclusiveStartShardId")) {
    s.Length("ExclusiveStartShardId", *start, 28, 65);
    req.exclusive_start_shard_id = std::move(start);
  }
  if (nlohmann::json* filter = s.Structure("ShardFilter")) {
    Shape f(filter, &errors, "shardFilter");
    auto type = f.String("Type");
    auto shard = f.String("ShardId");
    if (type) f.Enum("Type", *type, {"CHILD_SHARDS"});
    if (shard) f.Length("ShardId", *shard, 28, 65);
    f.Required("ShardId", shard.has_value());
    req.child_shards_of = shard.value_or("");
  }
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.DescribeStream(ctx, req));
  const StreamDescription& d = r.stream_description;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("StreamDescription");
  w.BeginObject();
  w.Key("StreamArn");
  w.String(d.stream_arn);
  w.Key("StreamLabel");
  w.String(d.stream_label);
  w.Key("StreamStatus");
  w.String(d.stream_status);
  w.Key("StreamViewType");
  w.String(StreamViewTypeName(d.stream_view_type));
  w.Key("CreationRequestDateTime");
  w.Double(d.creation_request_date_time);
  w.Key("TableName");
  w.String(d.table_name);
  w.Key("KeySchema");
  WriteKeySchema(d.key_schema, &w);
  w.Key("Shards");
  w.BeginArray();
  for (const auto& sh : d.shards) {
    w.BeginObject();
    w.Key("ShardId");
    w.String(sh.shard_id);
    w.Key("SequenceNumberRange");
    w.BeginObject();
    w.Key("StartingSequenceNumber");
    w.String(sh.sequence_number_range.starting_sequence_number);
    if (sh.sequence_number_range.ending_sequence_number) {
      w.Key("EndingSequenceNumber");
      w.String(*sh.sequence_number_range.ending_sequence_number);
    }
    w.EndObject();
    if (sh.parent_shard_id) {
      w.Key("ParentShardId");
      w.String(*sh.parent_shard_id);
    }
    w.EndObject();
  }
  w.EndArray();
  if (d.last_evaluated_shard_id) {
    w.Key("LastEvaluatedShardId");
    w.String(*d.last_evaluated_shard_id);
  }
  w.EndObject();
  w.EndObject();
  return Status::OK();
}

Status HandleGetShardIterator(Engine& engine, const RequestContext& ctx,
                              nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  GetShardIteratorRequest req;
  req.stream_arn = StreamArnOf(s, "StreamArn", /*required=*/true);
  auto shard = s.String("ShardId");
  s.Required("ShardId", shard.has_value());
  if (shard) s.Length("ShardId", *shard, 28, 65);
  req.shard_id = shard.value_or("");
  auto type = s.String("ShardIteratorType");
  s.Required("ShardIteratorType", type.has_value());
  if (type) {
    s.Enum("ShardIteratorType", *type,
           {"TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER",
            "AFTER_SEQUENCE_NUMBER"});
    if (auto t = IteratorTypeOf(*type)) req.shard_iterator_type = *t;
  }
  req.sequence_number = s.String("SequenceNumber");
  if (req.sequence_number)
    s.Length("SequenceNumber", *req.sequence_number, 21, 40);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.GetShardIterator(ctx, req));
  JsonWriter w(out);
  w.BeginObject();
  w.Key("ShardIterator");
  w.String(r.shard_iterator);
  w.EndObject();
  return Status::OK();
}

Status HandleGetRecords(Engine& engine, const RequestContext& ctx,
                        nlohmann::json& body, std::string* out) {
  ShapeErrors errors;
  Shape s(&body, &errors);
  GetRecordsRequest req;
  auto iterator = s.String("ShardIterator");
  s.Required("ShardIterator", iterator.has_value());
  if (iterator) s.Length("ShardIterator", *iterator, 1, 2048);
  req.shard_iterator = iterator.value_or("");
  req.limit = s.Long("Limit", JsonKind::kInteger);
  if (req.limit) s.Range("Limit", *req.limit, 1, 1000);
  DYNAROCK_RETURN_IF_ERROR(errors.Finish());
  DYNAROCK_ASSIGN_OR_RETURN(auto r, engine.GetRecords(ctx, req));
  JsonWriter w(out);
  w.BeginObject();
  w.Key("Records");
  w.BeginArray();
  for (const auto& rec : r.records) {
    if (!WriteStreamRecord(rec, RecordStyle::kStreamsApi, "", &w))
      return Status::Internal("Internal server error");
  }
  w.EndArray();
  if (r.next_shard_iterator) {
    w.Key("NextShardIterator");
    w.String(*r.next_shard_iterator);
  }
  w.EndObject();
  return Status::OK();
}

}  // namespace dynarock
