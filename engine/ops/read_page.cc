#include "engine/ops/read_page.h"

#include "engine/format/item_codec.h"
#include "engine/format/key_codec.h"
#include "engine/ops/capacity.h"
#include "engine/schema/validate.h"
#include "engine/storage/storage.h"

namespace dynarock {

std::string PrefixSuccessor(std::string s) {
  while (!s.empty()) {
    unsigned char last = static_cast<unsigned char>(s.back());
    if (last != 0xff) {
      s.back() = static_cast<char>(last + 1);
      return s;
    }
    s.pop_back();
  }
  return s;
}

namespace {

// Appends the encoding of a string or binary value without its
// terminator: every value that begins with it has an encoding that begins
// with these bytes (the escaping works byte by byte).
void AppendPrefixEncoding(const AttributeValue& v, std::string* out) {
  std::string full;
  AppendKeyComponent(v, &full);
  full.resize(full.size() - 2);  // drop the 0x00 0x01 terminator
  *out += full;
}

}  // namespace

Status PartitionRange(const TableDef& table, const IndexDef* index,
                      const std::vector<AttributeValue>& partition,
                      const std::vector<AttributeValue>& sort_prefix,
                      const std::optional<SortKeyCondition>& sort,
                      std::string* lower, std::string* upper) {
  std::string encoded;
  for (const auto& v : partition) AppendKeyComponent(v, &encoded);
  std::string prefix = PartitionPrefix(index ? index->id : table.id, encoded);
  for (const auto& v : sort_prefix) AppendKeyComponent(v, &prefix);
  *lower = prefix;
  *upper = PrefixSuccessor(prefix);
  if (!sort) return Status::OK();
  // Sort key components are self-delimiting, so no other value's encoding
  // starts with a value's encoding: "every key starting with P.enc(v)" is
  // exactly "sort key equal to v" (an index entry carries the table's key
  // after it).
  std::string at = prefix;
  AppendKeyComponent(sort->value, &at);
  using Op = SortKeyCondition::Op;
  switch (sort->op) {
    case Op::kEq:
      *lower = at;
      *upper = PrefixSuccessor(at);
      break;
    case Op::kLt:
      *upper = at;
      break;
    case Op::kLe:
      *upper = PrefixSuccessor(at);
      break;
    case Op::kGt:
      *lower = PrefixSuccessor(at);
      break;
    case Op::kGe:
      *lower = at;
      break;
    case Op::kBetween: {
      std::string hi = prefix;
      AppendKeyComponent(sort->upper, &hi);
      *lower = at;
      *upper = PrefixSuccessor(hi);
      break;
    }
    case Op::kBeginsWith: {
      std::string p = prefix;
      AppendPrefixEncoding(sort->value, &p);
      *lower = p;
      *upper = PrefixSuccessor(p);
      break;
    }
  }
  return Status::OK();
}

namespace {

// Calls f with the name of each attribute of a page's key: the table's
// keys, then the index's.
template <typename F>
void ForEachKeyName(const TableDef& table, const IndexDef* index, F f) {
  f(table.hash.name);
  if (table.range) f(table.range->name);
  if (index) {
    for (const auto* keys : {&index->hash_keys, &index->range_keys}) {
      for (const KeyAttribute& a : *keys) f(a.name);
    }
  }
}

// KeyOf for a stored item, read from its encoding without decoding the rest
// (a whole decode of the page's last item was a twentieth of a Query of 20
// items). False when a key attribute is not a scalar, which a stored item's
// never is; the caller then decodes the item.
bool EncodedKeyOf(const TableDef& table, const IndexDef* index,
                  std::string_view encoded, Item* key) {
  bool scalars = true;
  ForEachKeyName(table, index, [&](const std::string& name) {
    ValueType type;
    std::string_view scalar;
    if (!FindAttribute(encoded, name, &type, &scalar)) return;
    switch (type) {
      case ValueType::kS:
        key->emplace(name, AttributeValue::S(std::string(scalar)));
        break;
      case ValueType::kN:
        key->emplace(name, AttributeValue::N(std::string(scalar)));
        break;
      case ValueType::kB:
        key->emplace(name, AttributeValue::B(std::string(scalar)));
        break;
      default:
        scalars = false;
    }
  });
  return scalars;
}

}  // namespace

Item KeyOf(const TableDef& table, const IndexDef* index, const Item& item) {
  Item key;
  ForEachKeyName(table, index, [&](const std::string& name) {
    auto it = item.find(name);
    if (it != item.end()) key.insert(*it);
  });
  return key;
}

Result<ReadPageResponse> ReadPage(const Storage& storage, const PageSpec& spec,
                                  ReturnConsumedCapacity mode) {
  ReadPageResponse resp;
  resp.return_items = !spec.count_only;
  auto snapshot = storage.NewSnapshot();
  Cf cf = spec.index ? Cf::kIndexes : Cf::kItems;
  auto it = storage.NewIterator(cf, spec.lower, spec.upper, snapshot.get());
  if (spec.forward) {
    if (spec.start_after) {
      it->Seek(*spec.start_after);
      if (it->Valid() && it->key() == *spec.start_after) it->Next();
    } else {
      it->SeekToFirst();
    }
  } else {
    if (spec.start_after) {
      it->SeekForPrev(*spec.start_after);
      if (it->Valid() && it->key() == *spec.start_after) it->Prev();
    } else {
      it->SeekToLast();
    }
  }
  size_t bytes = 0;
  double fetched_units = 0;
  bool stopped = false;
  if (spec.item_sink && !spec.count_only && !spec.filter && !spec.project &&
      !spec.fetch_from_table) {
    // Every item read is returned as stored: the sink measures it, and the
    // last one's key is needed when the page stops early.
    for (; it->Valid(); spec.forward ? it->Next() : it->Prev()) {
      size_t size = 0;
      if (!spec.item_sink->Add(it->value(), &size))
        return Status::Internal("Internal server error");
      bytes += size;
      ++resp.scanned_count;
      ++resp.count;
      if ((spec.limit && resp.scanned_count >= *spec.limit) ||
          bytes >= kMaxPageBytes) {
        Item key;
        if (!EncodedKeyOf(*spec.table, spec.index, it->value(), &key)) {
          Item item;
          if (!DecodeItem(it->value(), &item))
            return Status::Internal("Internal server error");
          key = KeyOf(*spec.table, spec.index, item);
        }
        resp.last_evaluated_key = std::move(key);
        stopped = true;
        break;
      }
    }
  }
  for (; !stopped && it->Valid(); spec.forward ? it->Next() : it->Prev()) {
    Item item;
    if (!DecodeItem(it->value(), &item))
      return Status::Internal("Internal server error");
    bytes += ItemSize(item);
    ++resp.scanned_count;
    // Limit counts items read, before the filter; 1 MB likewise. The
    // service returns a LastEvaluatedKey whenever it stops early, whether
    // or not more items follow.
    bool stop = (spec.limit && resp.scanned_count >= *spec.limit) ||
                bytes >= kMaxPageBytes;
    if (stop) resp.last_evaluated_key = KeyOf(*spec.table, spec.index, item);
    bool pass = true;
    if (spec.filter) {
      DYNAROCK_ASSIGN_OR_RETURN(auto r, spec.filter(item));
      pass = r;
    }
    if (pass) {
      ++resp.count;
      if (!spec.count_only) {
        if (spec.fetch_from_table) {
          // The entry holds the table item's key attributes.
          EncodedKey key;
          Item table_key = KeyOf(*spec.table, nullptr, item);
          if (ExtractKeyParam(*spec.table, table_key, &key).ok()) {
            std::string value;
            bool found = false;
            DYNAROCK_RETURN_IF_ERROR(storage.Get(Cf::kItems, key.bytes, &value,
                                                 &found, snapshot.get()));
            Item full;
            if (found && DecodeItem(value, &full)) {
              fetched_units += ReadUnits(ItemSize(full), spec.consistent_read);
              item = std::move(full);
            }
          }
        }
        resp.items.push_back(spec.project ? spec.project(item)
                                          : std::move(item));
      }
    }
    if (stop) {
      stopped = true;
      break;
    }
  }
  if (!stopped) DYNAROCK_RETURN_IF_ERROR(it->status());
  CapacityTally tally(*spec.table, /*write=*/false);
  // A page is charged for the data it read, rounded up once.
  double units = ReadUnits(bytes, spec.consistent_read);
  if (spec.index) {
    tally.AddIndex(*spec.index, units);
    if (fetched_units > 0) tally.AddTable(fetched_units);
  } else {
    tally.AddTable(units);
  }
  resp.consumed_capacity = tally.Report(mode);
  return resp;
}

}  // namespace dynarock
