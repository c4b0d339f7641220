#include "engine/streams/stream_log.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/format/def_fields.h"
#include "engine/format/item_codec.h"
#include "engine/format/key_codec.h"
#include "engine/format/keys.h"
#include "engine/schema/catalog.h"
#include "engine/schema/table_rules.h"
#include "engine/storage/storage.h"

namespace dynarock {
namespace {

using namespace def_fields;  // NOLINT: the fields of stored definitions

// ---- records
//
// A record's stored form:
//   BE64 time (microseconds since the epoch, set at commit)
//   event (StreamEventName) . flags (kByService, kHasNew, kHasOld) . view
//   then, each as BE32 length . bytes: the region, the keys, the new image
//   (kHasNew), the old image (kHasOld); the maps in the item codec's form.
constexpr uint8_t kByService = 1, kHasNew = 2, kHasOld = 4;
constexpr size_t kTimeBytes = 8;
constexpr size_t kHeaderBytes = kTimeBytes + 3;
// GetRecords returns at most about this much.
constexpr size_t kMaxReadBytes = 1 << 20;
// A new stream's shards per generation.
constexpr uint32_t kSlotsPerGeneration = 4;

void AppendBlob(std::string_view b, std::string* out) {
  const auto n = static_cast<uint32_t>(b.size());
  for (int i = 3; i >= 0; --i) out->push_back(static_cast<char>(n >> (8 * i)));
  out->append(b);
}

bool ReadBlob(std::string_view* in, std::string_view* out) {
  if (in->size() < 4) return false;
  uint32_t n = 0;
  for (int i = 0; i < 4; ++i)
    n = (n << 8) | static_cast<unsigned char>((*in)[i]);
  if (in->size() - 4 < n) return false;
  *out = in->substr(4, n);
  in->remove_prefix(4 + n);
  return true;
}

void SetRecordTime(double t, std::string* body) {
  const auto micros =
      static_cast<uint64_t>(std::llround(std::max(t, 0.0) * 1e6));
  for (size_t i = 0; i < kTimeBytes; ++i)
    (*body)[i] = static_cast<char>(micros >> (56 - 8 * i));
}

double RecordTime(std::string_view body) {
  if (body.size() < kTimeBytes) return 0;
  return static_cast<double>(ReadBigEndian64(body.data())) / 1e6;
}

size_t EncodedSize(std::string_view item) {
  size_t n = 0;
  return MeasureItem(item, &n) ? n : 0;
}

// The record's event id: 32 hex digits, a function of where it sits.
std::string EventId(uint64_t stream_id, uint64_t seq) {
  const uint64_t in[2] = {stream_id, seq};
  XXH128_hash_t h = XXH3_128bits(in, sizeof in);
  char buf[33];
  snprintf(buf, sizeof buf, "%016llx%016llx",
           static_cast<unsigned long long>(h.high64),
           static_cast<unsigned long long>(h.low64));
  return buf;
}

bool DecodeRecord(std::string_view body, uint64_t stream_id, uint64_t seq,
                  StreamRecord* r) {
  if (body.size() < kHeaderBytes) return false;
  const double t = RecordTime(body);
  // The service rounds the time down to the second.
  r->approximate_creation_date_time = std::floor(t);
  const auto event = static_cast<uint8_t>(body[kTimeBytes]);
  const auto flags = static_cast<uint8_t>(body[kTimeBytes + 1]);
  const auto view = static_cast<uint8_t>(body[kTimeBytes + 2]);
  if (event < 1 || event > 3 || view < 1 || view > 4) return false;
  r->event_name = static_cast<StreamEventName>(event);
  r->stream_view_type = static_cast<StreamViewType>(view);
  r->by_service = flags & kByService;
  std::string_view in = body.substr(kHeaderBytes), region, keys, image;
  if (!ReadBlob(&in, &region) || !ReadBlob(&in, &keys)) return false;
  r->aws_region = region;
  r->keys = keys;
  size_t size = EncodedSize(keys);
  if (flags & kHasNew) {
    if (!ReadBlob(&in, &image)) return false;
    r->new_image = std::string(image);
    size += EncodedSize(image);
  }
  if (flags & kHasOld) {
    if (!ReadBlob(&in, &image)) return false;
    r->old_image = std::string(image);
    size += EncodedSize(image);
  }
  // SizeBytes: the item sizes of the maps the record holds.
  r->size_bytes = static_cast<int64_t>(size);
  r->sequence_number = SequenceNumberText(seq);
  r->event_id = EventId(stream_id, seq);
  return true;
}

// ---- shard ids: "shardId-" . 20 digits (the generation's start, in
// milliseconds) . "-" . 8 hex digits (of the stream, generation and slot).

std::string ShardId(uint64_t stream_id, uint64_t generation, double start,
                    uint32_t slot) {
  const uint64_t in[3] = {stream_id, generation, slot};
  const auto tag = static_cast<uint32_t>(XXH64(in, sizeof in, 0));
  char buf[48];
  snprintf(buf, sizeof buf, "shardId-%020llu-%08x",
           static_cast<unsigned long long>(std::llround(start * 1000)), tag);
  return buf;
}

// ---- definitions

void EncodeStreamDef(const StreamDef& d, std::string* out) {
  Item m;
  m["id"] = Int(static_cast<int64_t>(d.id));
  m["table_id"] = Int(static_cast<int64_t>(d.table_id));
  m["table"] = Str(d.table_name);
  m["label"] = Str(d.label);
  m["view"] = Int(static_cast<int>(d.view_type));
  m["ks"] = EncodeKeySchema(d.key_schema);
  m["region"] = Str(d.region);
  m["created"] = Num(d.created);
  if (d.disabled) m["disabled"] = Num(*d.disabled);
  m["end"] = Int(static_cast<int64_t>(d.end_seq));
  m["slots"] = Int(d.slots);
  AttributeValue::List gens;
  for (const auto& g : d.generations) {
    Item x{{"i", Int(static_cast<int64_t>(g.index))},
           {"s", Num(g.start)},
           {"q", Int(static_cast<int64_t>(g.start_seq))}};
    if (g.parent_start) x["p"] = Num(*g.parent_start);
    gens.push_back(AttributeValue::M(std::move(x)));
  }
  m["gens"] = AttributeValue::L(std::move(gens));
  AttributeValue::List trimmed;
  for (uint64_t t : d.trimmed_below)
    trimmed.push_back(Int(static_cast<int64_t>(t)));
  m["trimmed"] = AttributeValue::L(std::move(trimmed));
  EncodeItem(m, out);
}

bool DecodeStreamDef(std::string_view in, StreamDef* d) {
  Item m;
  if (!DecodeItem(in, &m)) return false;
  d->id = GetUint(m, "id");
  d->table_id = GetUint(m, "table_id");
  d->table_name = GetStr(m, "table");
  d->label = GetStr(m, "label");
  d->view_type = static_cast<StreamViewType>(GetInt(m, "view", 1));
  d->key_schema = DecodeKeySchema(Get(m, "ks"));
  d->region = GetStr(m, "region");
  d->created = GetNum(m, "created");
  if (Get(m, "disabled")) d->disabled = GetNum(m, "disabled");
  d->end_seq = GetUint(m, "end");
  d->slots = static_cast<uint32_t>(GetInt(m, "slots", kSlotsPerGeneration));
  if (const AttributeValue* l = Get(m, "gens")) {
    for (const auto& g : l->list()) {
      StreamGeneration x;
      x.index = GetUint(g.map(), "i");
      x.start = GetNum(g.map(), "s");
      x.start_seq = GetUint(g.map(), "q");
      if (Get(g.map(), "p")) x.parent_start = GetNum(g.map(), "p");
      d->generations.push_back(x);
    }
  }
  if (const AttributeValue* l = Get(m, "trimmed")) {
    for (const auto& t : l->list())
      d->trimmed_below.push_back(
          std::strtoull(t.scalar().c_str(), nullptr, 10));
  }
  if (d->id == 0 || d->slots == 0 || d->generations.empty()) return false;
  d->trimmed_below.resize(d->slots, d->generations.front().start_seq);
  return true;
}

std::string SeqValue(uint64_t next) {
  std::string v;
  AppendBigEndian64(next, &v);
  return v;
}

}  // namespace

void EncodeRecordBody(StreamEventName event, bool by_service,
                      StreamViewType view, std::string_view region,
                      std::string_view keys, const std::string_view* new_image,
                      const std::string_view* old_image, std::string* out) {
  out->assign(kTimeBytes, '\0');
  out->push_back(static_cast<char>(event));
  out->push_back(static_cast<char>((by_service ? kByService : 0) |
                                   (new_image ? kHasNew : 0) |
                                   (old_image ? kHasOld : 0)));
  out->push_back(static_cast<char>(view));
  AppendBlob(region, out);
  AppendBlob(keys, out);
  if (new_image) AppendBlob(*new_image, out);
  if (old_image) AppendBlob(*old_image, out);
}

std::string SequenceNumberText(uint64_t seq) {
  char buf[32];
  snprintf(buf, sizeof buf, "1%020llu", static_cast<unsigned long long>(seq));
  return buf;
}

StreamLog::StreamLog(Storage* storage, const Clock& clock)
    : storage_(storage), clock_(clock) {}

Status StreamLog::Load() {
  std::string upper = kStreamDefPrefix;
  upper.back() += 1;
  auto it = storage_->NewIterator(Cf::kMeta, kStreamDefPrefix, upper);
  std::map<uint64_t, std::shared_ptr<State>> loaded;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto st = std::make_shared<State>();
    if (!DecodeStreamDef(it->value(), &st->def))
      return Status::Internal("a stream definition cannot be read");
    std::string v;
    bool found = false;
    DYNAROCK_RETURN_IF_ERROR(
        storage_->Get(Cf::kMeta, StreamSeqKey(st->def.id), &v, &found));
    st->next_seq = st->def.generations.back().start_seq;
    if (found && v.size() == 8)
      st->next_seq = std::max(st->next_seq, ReadBigEndian64(v.data()));
    st->oldest.assign(st->def.slots, 0);
    loaded[st->def.id] = std::move(st);
  }
  DYNAROCK_RETURN_IF_ERROR(it->status());
  std::unique_lock lock(mu_);
  streams_ = std::move(loaded);
  return Status::OK();
}

std::shared_ptr<StreamDef> StreamLog::NewStream(uint64_t id,
                                                const TableDef& table,
                                                StreamViewType view,
                                                std::string_view region,
                                                double now) {
  auto def = std::make_shared<StreamDef>();
  def->id = id;
  def->table_id = table.id;
  def->table_name = table.name;
  def->view_type = view;
  def->key_schema = table.key_schema;
  def->region = region;
  def->slots = kSlotsPerGeneration;
  // The label names the stream in its ARN: unique among the table's
  // streams, also when a stopped clock gives two the same time.
  double at = now;
  for (;;) {
    def->label = StreamLabel(at);
    bool taken = false;
    std::shared_lock lock(mu_);
    for (const auto& [_, st] : streams_) {
      std::lock_guard g(st->mu);
      if (st->def.table_name == table.name && st->def.label == def->label)
        taken = true;
    }
    if (!taken) break;
    at += 0.001;
  }
  def->created = now;
  def->generations.push_back(StreamGeneration{0, now, 1, std::nullopt});
  def->trimmed_below.assign(def->slots, 1);
  return def;
}

void StreamLog::Stage(const StreamDef& def, WriteBatch* batch) const {
  std::string v;
  EncodeStreamDef(def, &v);
  batch->Put(Cf::kMeta, StreamDefKey(def.id), v);
}

void StreamLog::Publish(std::shared_ptr<StreamDef> def) {
  auto st = std::make_shared<State>();
  st->def = *def;
  st->next_seq = def->generations.back().start_seq;
  st->oldest.assign(def->slots, -1);
  std::unique_lock lock(mu_);
  streams_[def->id] = std::move(st);
}

std::string StreamLog::Region(uint64_t stream_id) const {
  auto st = Find(stream_id);
  if (!st) return "";
  std::lock_guard lock(st->mu);
  return st->def.region;
}

Status StreamLog::Disable(uint64_t stream_id, double now) {
  auto st = Find(stream_id);
  if (!st) return Status::OK();
  std::lock_guard lock(st->mu);
  if (st->def.disabled) return Status::OK();
  st->def.disabled = now;
  st->def.end_seq = st->next_seq;
  WriteBatch batch(*storage_);
  Stage(st->def, &batch);
  return storage_->Write(&batch);
}

std::shared_ptr<StreamLog::State> StreamLog::Find(uint64_t id) const {
  std::shared_lock lock(mu_);
  auto it = streams_.find(id);
  return it == streams_.end() ? nullptr : it->second;
}

std::shared_ptr<StreamLog::State> StreamLog::FindByLabel(
    std::string_view table_name, std::string_view label) const {
  std::shared_lock lock(mu_);
  for (const auto& [_, st] : streams_) {
    std::lock_guard g(st->mu);
    if (st->def.table_name == table_name && st->def.label == label) return st;
  }
  return nullptr;
}

bool StreamLog::RollOverLocked(State* st, double now, WriteBatch* batch) const {
  StreamDef& d = st->def;
  if (d.disabled) return false;
  const StreamGeneration& last = d.generations.back();
  if (now - last.start < kShardRolloverSeconds) return false;
  // The number between the generations is never given: a generation that
  // received nothing still has a range that ends at or after its start.
  StreamGeneration next{last.index + 1, now, st->next_seq + 1, last.start};
  st->next_seq = next.start_seq;
  d.generations.push_back(next);
  Stage(d, batch);
  batch->Put(Cf::kMeta, StreamSeqKey(d.id), SeqValue(st->next_seq));
  return true;
}

Status StreamLog::Commit(WriteBatch* batch) {
  auto& records = batch->stream_records();
  if (records.empty()) return storage_->Write(batch);
  // Every stream the batch writes to, locked in id order.
  std::vector<std::shared_ptr<State>> states;
  for (const auto& r : records) {
    bool seen = false;
    for (const auto& st : states) seen |= st->def.id == r.stream_id;
    if (seen) continue;
    if (auto st = Find(r.stream_id)) states.push_back(std::move(st));
  }
  std::sort(states.begin(), states.end(),
            [](const auto& a, const auto& b) { return a->def.id < b->def.id; });
  std::vector<std::unique_lock<std::mutex>> locks;
  locks.reserve(states.size());
  for (const auto& st : states) locks.emplace_back(st->mu);
  const double now = clock_.Now();
  for (const auto& st : states) RollOverLocked(st.get(), now, batch);
  std::vector<State*> numbered;
  for (auto& r : records) {
    State* st = nullptr;
    for (const auto& s : states) {
      if (s->def.id == r.stream_id) st = s.get();
    }
    // A stream closed since the change was staged does not take it.
    if (!st || st->def.disabled) continue;
    const auto slot = static_cast<uint32_t>(r.partition_hash % st->def.slots);
    const uint64_t seq = st->next_seq++;
    SetRecordTime(now, &r.body);
    batch->Put(Cf::kStreams, StreamRecordKey(st->def.id, slot, seq), r.body);
    if (st->oldest[slot] < 0) st->oldest[slot] = now;
    ++st->commits;
    if (std::find(numbered.begin(), numbered.end(), st) == numbered.end())
      numbered.push_back(st);
  }
  for (State* st : numbered) {
    batch->Put(Cf::kMeta, StreamSeqKey(st->def.id), SeqValue(st->next_seq));
  }
  records.clear();
  return storage_->Write(batch);
}

std::vector<StreamSummary> StreamLog::List() const {
  std::vector<StreamSummary> out;
  const double cutoff = clock_.Now() - kStreamRetentionSeconds;
  {
    std::shared_lock lock(mu_);
    for (const auto& [_, st] : streams_) {
      std::lock_guard g(st->mu);
      // A stream past its life is not listed, whether or not the upkeep
      // has removed it yet.
      if (st->def.disabled && *st->def.disabled < cutoff) continue;
      out.push_back({"", st->def.table_name, st->def.label});
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.table_name, a.stream_label) <
           std::tie(b.table_name, b.stream_label);
  });
  return out;
}

std::vector<StreamLog::ShardView> StreamLog::ShardsLocked(
    const State& st) const {
  const StreamDef& d = st.def;
  std::vector<ShardView> out;
  for (size_t i = 0; i < d.generations.size(); ++i) {
    const StreamGeneration& g = d.generations[i];
    for (uint32_t slot = 0; slot < d.slots; ++slot) {
      ShardView v;
      v.shard_id = ShardId(d.id, g.index, g.start, slot);
      if (g.parent_start)
        v.parent_shard_id = ShardId(d.id, g.index - 1, *g.parent_start, slot);
      v.generation = g.index;
      v.slot = slot;
      v.start_seq = g.start_seq;
      if (i + 1 < d.generations.size()) {
        v.end_seq = d.generations[i + 1].start_seq - 1;
      } else if (d.disabled) {
        v.end_seq = std::max(g.start_seq, d.end_seq > 0 ? d.end_seq - 1 : 0);
      }
      out.push_back(std::move(v));
    }
  }
  return out;
}

std::vector<StreamLog::StreamView> StreamLog::StreamsOf(
    std::string_view table_name) const {
  std::vector<StreamView> out;
  std::shared_lock lock(mu_);
  for (const auto& [_, st] : streams_) {
    std::lock_guard g(st->mu);
    if (st->def.table_name != table_name) continue;
    StreamView v;
    v.id = st->def.id;
    v.table_name = st->def.table_name;
    v.label = st->def.label;
    v.region = st->def.region;
    v.shards = ShardsLocked(*st);
    v.trimmed_below = st->def.trimmed_below;
    out.push_back(std::move(v));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.label < b.label; });
  return out;
}

Result<std::shared_ptr<StreamLog::State>> StreamLog::FindLive(
    std::string_view table_name, std::string_view label,
    const std::string& arn) {
  auto st = FindByLabel(table_name, label);
  bool gone = false;
  if (st) DYNAROCK_RETURN_IF_ERROR(MaintainOne(st, &gone));
  if (!st || gone) {
    return Status::NotFound("Requested resource not found: Stream: " + arn +
                            " not found");
  }
  return st;
}

Result<StreamDescription> StreamLog::Describe(std::string_view table_name,
                                              std::string_view label,
                                              const std::string& arn) {
  DYNAROCK_ASSIGN_OR_RETURN(auto st, FindLive(table_name, label, arn));
  std::lock_guard lock(st->mu);
  const StreamDef& d = st->def;
  StreamDescription out;
  out.stream_arn = arn;
  out.stream_label = d.label;
  out.stream_status = d.disabled ? "DISABLED" : "ENABLED";
  out.stream_view_type = d.view_type;
  out.creation_request_date_time = d.created;
  out.table_name = d.table_name;
  out.key_schema = d.key_schema;
  for (ShardView& v : ShardsLocked(*st)) {
    ShardDescription s;
    s.shard_id = std::move(v.shard_id);
    s.parent_shard_id = std::move(v.parent_shard_id);
    s.sequence_number_range.starting_sequence_number =
        SequenceNumberText(v.start_seq);
    if (v.end_seq) {
      // A closed shard ends at its last record, as the service reports it
      // (at its start when it has none), within its generation's range.
      uint64_t last = v.start_seq;
      auto it = storage_->NewIterator(
          Cf::kStreams, StreamRecordKey(d.id, v.slot, v.start_seq),
          StreamRecordKey(d.id, v.slot, *v.end_seq + 1));
      it->SeekToLast();
      if (it->Valid()) last = StreamRecordSeq(it->key());
      DYNAROCK_RETURN_IF_ERROR(it->status());
      s.sequence_number_range.ending_sequence_number = SequenceNumberText(last);
    }
    out.shards.push_back(std::move(s));
  }
  // The service lists shards in the order of their ids.
  std::sort(
      out.shards.begin(), out.shards.end(),
      [](const auto& a, const auto& b) { return a.shard_id < b.shard_id; });
  return out;
}

Result<StreamLog::ShardPosition> StreamLog::FindShard(
    std::string_view table_name, std::string_view label,
    std::string_view shard_id, const std::string& arn) {
  DYNAROCK_ASSIGN_OR_RETURN(auto st, FindLive(table_name, label, arn));
  std::lock_guard lock(st->mu);
  for (ShardView& v : ShardsLocked(*st)) {
    if (v.shard_id != shard_id) continue;
    ShardPosition p;
    p.stream_id = st->def.id;
    p.next_seq = st->next_seq;
    p.trimmed_below = st->def.trimmed_below[v.slot];
    p.shard = std::move(v);
    return p;
  }
  return Status::NotFound("Requested resource not found: Shard does not exist");
}

Status StreamLog::Read(uint64_t stream_id, uint64_t generation, uint32_t slot,
                       uint64_t from, size_t limit,
                       std::vector<StreamRecord>* out, uint64_t* next_from,
                       bool* closed_and_done) {
  const Status trimmed(ErrorType::kTrimmedDataAccessException,
                       "The data you are trying to access has been trimmed.");
  auto st = Find(stream_id);
  bool gone = false;
  if (st) DYNAROCK_RETURN_IF_ERROR(MaintainOne(st, &gone));
  if (!st || gone) return trimmed;
  std::optional<uint64_t> end;
  uint64_t upper = 0;
  {
    std::lock_guard lock(st->mu);
    if (slot >= st->def.slots || from < st->def.trimmed_below[slot])
      return trimmed;
    bool known = false;
    for (const ShardView& v : ShardsLocked(*st)) {
      if (v.generation != generation || v.slot != slot) continue;
      known = true;
      end = v.end_seq;
    }
    // A generation no longer listed has been trimmed away.
    if (!known) return trimmed;
    // Everything numbered below next_seq is committed: a reader never
    // passes a number that a later commit could still fill.
    upper = end ? std::min(*end + 1, st->next_seq) : st->next_seq;
  }
  *next_from = std::max(from, upper);
  *closed_and_done = end.has_value() && *next_from > *end;
  if (from >= upper) return Status::OK();
  auto it = storage_->NewIterator(Cf::kStreams,
                                  StreamRecordKey(stream_id, slot, from),
                                  StreamRecordKey(stream_id, slot, upper));
  size_t bytes = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (out->size() >= limit || bytes >= kMaxReadBytes) {
      *next_from = StreamRecordSeq(it->key());
      break;
    }
    StreamRecord r;
    const uint64_t seq = StreamRecordSeq(it->key());
    if (!DecodeRecord(it->value(), stream_id, seq, &r))
      return Status::Internal("Internal server error");
    bytes += static_cast<size_t>(r.size_bytes);
    out->push_back(std::move(r));
  }
  DYNAROCK_RETURN_IF_ERROR(it->status());
  *closed_and_done = end.has_value() && *next_from > *end;
  return Status::OK();
}

Status StreamLog::Trim(State* st, double cutoff) {
  uint64_t id = 0;
  std::vector<uint64_t> from;
  std::vector<double> oldest;
  uint64_t next_seq = 0, commits = 0;
  {
    std::lock_guard lock(st->mu);
    commits = st->commits;
    id = st->def.id;
    from = st->def.trimmed_below;
    oldest = st->oldest;
    next_seq = st->next_seq;
  }
  std::vector<uint64_t> below = from;
  std::vector<double> new_oldest = oldest;
  bool changed = false;
  for (uint32_t slot = 0; slot < from.size(); ++slot) {
    if (oldest[slot] < 0 || (oldest[slot] > 0 && oldest[slot] >= cutoff))
      continue;
    // The slot's records are in time order: trim up to the first that is
    // recent enough.
    auto it = storage_->NewIterator(Cf::kStreams,
                                    StreamRecordKey(id, slot, from[slot]),
                                    StreamRecordKey(id, slot, next_seq));
    // The horizon moves just past the last record trimmed: a reader at a
    // number above it has lost nothing, whether or not the slot holds
    // records there.
    uint64_t keep = from[slot];
    new_oldest[slot] = -1;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const double t = RecordTime(it->value());
      if (t >= cutoff) {
        new_oldest[slot] = t;
        break;
      }
      keep = StreamRecordSeq(it->key()) + 1;
    }
    DYNAROCK_RETURN_IF_ERROR(it->status());
    if (keep > from[slot]) {
      below[slot] = keep;
      changed = true;
    }
  }
  std::lock_guard lock(st->mu);
  for (uint32_t slot = 0; slot < from.size(); ++slot) {
    // A slot found empty may have received a record since it was looked
    // at: then its oldest is unknown again.
    st->oldest[slot] =
        new_oldest[slot] < 0 && st->commits != commits ? 0 : new_oldest[slot];
  }
  if (!changed) return Status::OK();
  WriteBatch batch(*storage_);
  for (uint32_t slot = 0; slot < from.size(); ++slot) {
    if (below[slot] == from[slot]) continue;
    batch.DeleteRange(Cf::kStreams, StreamRecordKey(id, slot, from[slot]),
                      StreamRecordKey(id, slot, below[slot]));
    st->def.trimmed_below[slot] = below[slot];
  }
  Stage(st->def, &batch);
  return storage_->Write(&batch);
}

Status StreamLog::MaintainOne(const std::shared_ptr<State>& st, bool* gone) {
  std::lock_guard trim(st->trim_mu);
  const double now = clock_.Now();
  const double cutoff = now - kStreamRetentionSeconds;
  *gone = false;
  uint64_t id = 0;
  {
    std::lock_guard lock(st->mu);
    StreamDef& d = st->def;
    id = d.id;
    // A closed stream lives until its last records are past retention.
    *gone = d.disabled && *d.disabled < cutoff;
    if (!*gone) {
      WriteBatch batch(*storage_);
      bool changed = RollOverLocked(st.get(), now, &batch);
      // A generation whose successor started before the cutoff holds only
      // records past retention: its shards are no longer listed.
      size_t drop = 0;
      while (drop + 1 < d.generations.size() &&
             d.generations[drop + 1].start < cutoff)
        ++drop;
      if (drop > 0) {
        d.generations.erase(d.generations.begin(),
                            d.generations.begin() + static_cast<long>(drop));
        for (uint64_t& t : d.trimmed_below)
          t = std::max(t, d.generations.front().start_seq);
        Stage(d, &batch);
        changed = true;
      }
      if (changed) DYNAROCK_RETURN_IF_ERROR(storage_->Write(&batch));
    }
  }
  if (!*gone) return Trim(st.get(), cutoff);
  WriteBatch batch(*storage_);
  batch.DeleteRange(Cf::kStreams, KeySpaceBegin(id), KeySpaceEnd(id));
  batch.Delete(Cf::kMeta, StreamDefKey(id));
  batch.Delete(Cf::kMeta, StreamSeqKey(id));
  batch.DeleteRange(Cf::kMeta, TriggerPositionsBegin(id),
                    TriggerPositionsEnd(id));
  DYNAROCK_RETURN_IF_ERROR(storage_->Write(&batch));
  std::unique_lock registry(mu_);
  streams_.erase(id);
  return Status::OK();
}

Status StreamLog::Maintain() {
  std::vector<std::shared_ptr<State>> all;
  {
    std::shared_lock lock(mu_);
    for (const auto& [_, st] : streams_) all.push_back(st);
  }
  for (const auto& st : all) {
    bool gone = false;
    DYNAROCK_RETURN_IF_ERROR(MaintainOne(st, &gone));
  }
  return Status::OK();
}

}  // namespace dynarock
