// The DynamoDB Streams API: ListStreams, DescribeStream, GetShardIterator,
// GetRecords, over the stream log (engine/streams/stream_log.h).
#include <xxhash.h>

#include <algorithm>
#include <cstring>

#include "engine/format/base64.h"
#include "engine/format/key_codec.h"
#include "engine/ops/engine_impl.h"

namespace dynarock {
namespace {

// A stream's ARN: arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL.
struct StreamName {
  std::string table;
  std::string label;
};

Status InvalidArn() { return Status::Validation("Invalid StreamArn"); }

Result<StreamName> ParseStreamArn(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:dynamodb:";
  if (arn.substr(0, kPrefix.size()) != kPrefix) return InvalidArn();
  size_t table = arn.find(":table/");
  if (table == std::string_view::npos) return InvalidArn();
  std::string_view rest = arn.substr(table + 7);
  size_t stream = rest.find("/stream/");
  if (stream == std::string_view::npos || stream == 0) return InvalidArn();
  StreamName n{std::string(rest.substr(0, stream)),
               std::string(rest.substr(stream + 8))};
  if (n.label.empty() || n.table.find('/') != std::string::npos)
    return InvalidArn();
  return n;
}

std::string StreamArn(const RequestContext& ctx, std::string_view table,
                      std::string_view label) {
  return TableArn(ctx, table) + "/stream/" + std::string(label);
}

// Whether the ARN names this endpoint's region and account: a stream of
// another is not found here.
bool OfThisEndpoint(const RequestContext& ctx, std::string_view arn) {
  return arn.rfind(TableArn(ctx, ""), 0) == 0;
}

Status StreamNotFound(std::string_view arn) {
  return Status::NotFound("Requested resource not found: Stream: " +
                          std::string(arn) + " not found");
}

// ---- shard iterators: "<stream ARN>|1|<base64>", the base64 holding
// where to read (stream id, generation, slot, next sequence number), when
// the iterator was issued, and a checksum of those.

struct IteratorState {
  uint64_t stream_id = 0;
  uint64_t generation = 0;
  uint64_t slot = 0;
  uint64_t position = 0;
  double issued = 0;
};

constexpr uint64_t kIteratorSeed = 0x646e726b73747265;  // any constant

std::string EncodeIterator(std::string_view arn, const IteratorState& s) {
  std::string payload;
  AppendBigEndian64(s.stream_id, &payload);
  AppendBigEndian64(s.generation, &payload);
  AppendBigEndian64(s.slot, &payload);
  AppendBigEndian64(s.position, &payload);
  uint64_t issued_bits;
  std::memcpy(&issued_bits, &s.issued, sizeof issued_bits);
  AppendBigEndian64(issued_bits, &payload);
  AppendBigEndian64(XXH64(payload.data(), payload.size(), kIteratorSeed),
                    &payload);
  std::string out(arn);
  out += "|1|";
  AppendBase64(payload, &out);
  return out;
}

bool DecodeIterator(std::string_view text, IteratorState* s) {
  size_t bar = text.find("|1|");
  if (bar == std::string_view::npos) return false;
  std::string payload;
  if (!DecodeBase64(text.substr(bar + 3), &payload) || payload.size() != 48)
    return false;
  const char* p = payload.data();
  if (ReadBigEndian64(p + 40) != XXH64(p, 40, kIteratorSeed)) return false;
  s->stream_id = ReadBigEndian64(p);
  s->generation = ReadBigEndian64(p + 8);
  s->slot = ReadBigEndian64(p + 16);
  s->position = ReadBigEndian64(p + 24);
  const uint64_t issued_bits = ReadBigEndian64(p + 32);
  std::memcpy(&s->issued, &issued_bits, sizeof s->issued);
  return ParseStreamArn(text.substr(0, bar)).ok();
}

// A sequence number as the service writes them (SequenceNumberText): 21
// digits, a 1 and then the number. False for any other text; a number of
// that form too large to have been given reads as UINT64_MAX, which no
// shard covers.
bool ParseSequenceNumber(std::string_view text, uint64_t* seq) {
  if (text.size() != 21 || text[0] != '1') return false;
  uint64_t v = 0;
  bool overflow = false;
  for (char c : text.substr(1)) {
    if (c < '0' || c > '9') return false;
    const auto digit = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - digit) / 10) overflow = true;
    if (!overflow) v = v * 10 + digit;
  }
  *seq = overflow ? UINT64_MAX : v;
  return true;
}

}  // namespace

const char* StreamEventNameText(StreamEventName e) {
  switch (e) {
    case StreamEventName::kInsert:
      return "INSERT";
    case StreamEventName::kModify:
      return "MODIFY";
    case StreamEventName::kRemove:
      return "REMOVE";
  }
  return "INSERT";
}

Result<ListStreamsResponse> EngineImpl::ListStreams(
    const RequestContext& ctx, const ListStreamsRequest& req) {
  std::optional<StreamName> start;
  if (req.exclusive_start_stream_arn) {
    DYNAROCK_ASSIGN_OR_RETURN(start,
                              ParseStreamArn(*req.exclusive_start_stream_arn));
  }
  const size_t limit = static_cast<size_t>(req.limit.value_or(100));
  ListStreamsResponse r;
  for (StreamSummary& s : streams_.List()) {
    if (req.table_name && s.table_name != *req.table_name) continue;
    if (start && std::tie(s.table_name, s.stream_label) <=
                     std::tie(start->table, start->label))
      continue;
    if (r.streams.size() == limit) {
      r.last_evaluated_stream_arn = r.streams.back().stream_arn;
      break;
    }
    s.stream_arn = StreamArn(ctx, s.table_name, s.stream_label);
    r.streams.push_back(std::move(s));
  }
  return r;
}

Result<DescribeStreamResponse> EngineImpl::DescribeStream(
    const RequestContext& ctx, const DescribeStreamRequest& req) {
  DYNAROCK_ASSIGN_OR_RETURN(auto name, ParseStreamArn(req.stream_arn));
  if (!OfThisEndpoint(ctx, req.stream_arn))
    return StreamNotFound(req.stream_arn);
  DYNAROCK_ASSIGN_OR_RETURN(
      auto d, streams_.Describe(name.table, name.label, req.stream_arn));
  std::vector<ShardDescription> shards = std::move(d.shards);
  d.shards.clear();
  const size_t limit = static_cast<size_t>(req.limit.value_or(100));
  for (ShardDescription& s : shards) {
    if (req.child_shards_of && s.parent_shard_id != *req.child_shards_of)
      continue;
    // An ExclusiveStartShardId that names no shard still pages: the
    // service lists the shards after it in id order.
    if (req.exclusive_start_shard_id &&
        s.shard_id <= *req.exclusive_start_shard_id)
      continue;
    if (d.shards.size() == limit) {
      d.last_evaluated_shard_id = d.shards.back().shard_id;
      break;
    }
    d.shards.push_back(std::move(s));
  }
  return DescribeStreamResponse{std::move(d)};
}

Result<GetShardIteratorResponse> EngineImpl::GetShardIterator(
    const RequestContext& ctx, const GetShardIteratorRequest& req) {
  DYNAROCK_ASSIGN_OR_RETURN(auto name, ParseStreamArn(req.stream_arn));
  const bool by_number =
      req.shard_iterator_type == ShardIteratorType::kAtSequenceNumber ||
      req.shard_iterator_type == ShardIteratorType::kAfterSequenceNumber;
  if (by_number && !req.sequence_number) {
    return Status::Validation(
        "Must specify a sequence number for the AT_SEQUENCE_NUMBER and "
        "AFTER_SEQUENCE_NUMBER shard iterator types");
  }
  if (!by_number && req.sequence_number) {
    return Status::Validation(
        "Sequence number must not be specified for the TRIM_HORIZON and "
        "LATEST shard iterator types");
  }
  uint64_t seq = 0;
  if (by_number && !ParseSequenceNumber(*req.sequence_number, &seq)) {
    return Status::Validation("Invalid SequenceNumber: " +
                              *req.sequence_number);
  }
  if (!OfThisEndpoint(ctx, req.stream_arn))
    return StreamNotFound(req.stream_arn);
  DYNAROCK_ASSIGN_OR_RETURN(
      auto pos,
      streams_.FindShard(name.table, name.label, req.shard_id, req.stream_arn));
  const StreamLog::ShardView& shard = pos.shard;
  IteratorState it;
  it.stream_id = pos.stream_id;
  it.generation = shard.generation;
  it.slot = shard.slot;
  it.issued = clock_.Now();
  switch (req.shard_iterator_type) {
    case ShardIteratorType::kTrimHorizon:
      it.position = std::max(shard.start_seq, pos.trimmed_below);
      break;
    case ShardIteratorType::kLatest:
      it.position = shard.end_seq ? *shard.end_seq + 1
                                  : std::max(shard.start_seq, pos.next_seq);
      break;
    case ShardIteratorType::kAtSequenceNumber:
    case ShardIteratorType::kAfterSequenceNumber: {
      // A number the shard does not cover.
      // An open shard covers its start and every number given since.
      const uint64_t last = shard.end_seq
                                ? *shard.end_seq
                                : std::max(shard.start_seq, pos.next_seq - 1);
      if (seq < shard.start_seq || seq > last) {
        return Status::Validation(
            "Invalid SequenceNumber: " + *req.sequence_number +
            " is not in shard " + shard.shard_id);
      }
      if (seq < pos.trimmed_below) {
        return Status(ErrorType::kTrimmedDataAccessException,
                      "The data you are trying to access has been trimmed.");
      }
      it.position =
          req.shard_iterator_type == ShardIteratorType::kAtSequenceNumber
              ? seq
              : seq + 1;
      break;
    }
  }
  return GetShardIteratorResponse{EncodeIterator(req.stream_arn, it)};
}

Result<GetRecordsResponse> EngineImpl::GetRecords(
    const RequestContext& ctx, const GetRecordsRequest& req) {
  IteratorState it;
  if (!DecodeIterator(req.shard_iterator, &it) || it.slot > UINT32_MAX)
    return Status::Validation("Invalid ShardIterator");
  const double now = clock_.Now();
  if (now - it.issued > kShardIteratorLifetimeSeconds) {
    return Status(ErrorType::kExpiredIteratorException,
                  "Shard iterator has expired");
  }
  GetRecordsResponse r;
  uint64_t next = 0;
  bool done = false;
  DYNAROCK_RETURN_IF_ERROR(streams_.Read(
      it.stream_id, it.generation, static_cast<uint32_t>(it.slot), it.position,
      static_cast<size_t>(req.limit.value_or(1000)), &r.records, &next, &done));
  if (!done) {
    IteratorState n = it;
    n.position = next;
    n.issued = now;
    const std::string_view arn = std::string_view(req.shard_iterator)
                                     .substr(0, req.shard_iterator.find('|'));
    r.next_shard_iterator = EncodeIterator(arn, n);
  }
  return r;
}

}  // namespace dynarock
