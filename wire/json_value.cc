#include "wire/json_value.h"

#include <nlohmann/json.hpp>

#include "engine/format/item_codec.h"
#include "engine/requests.h"
#include "wire/item_json.h"
#include "wire/json_writer.h"
#include "wire/shape.h"

namespace dynarock {
namespace {

Status Base64Error(std::string_view text) {
  if (text.size() % 4 != 0) {
    return Status(
        ErrorType::kSerializationException,
        "Base64 encoded length is expected a multiple of 4 bytes but found: " +
            std::to_string(text.size()));
  }
  // The service's text, misspelling included.
  return Status(ErrorType::kSerializationException,
                "Invalid last non-pad Base64 character dectected");
}

Status ParseStringSet(nlohmann::json& j, JsonKind, AttributeValue::Set* out,
                      bool base64) {
  if (!j.is_array()) return SerializationError(JsonKind::kList, j);
  out->reserve(j.size());
  for (auto& m : j) {
    if (!m.is_string()) return SerializationError(JsonKind::kString, m);
    if (base64) {
      std::string bytes;
      if (!DecodeBase64(m.get_ref<const std::string&>(), &bytes))
        return Base64Error(m.get_ref<const std::string&>());
      out->push_back(std::move(bytes));
    } else {
      out->push_back(std::move(m.get_ref<std::string&>()));
    }
  }
  return Status::OK();
}

}  // namespace

Status ParseAttributeValue(nlohmann::json& j, AttributeValue* out) {
  if (!j.is_object()) return SerializationError(JsonKind::kStructure, j);
  nlohmann::json* found = nullptr;
  std::string_view type;
  int count = 0;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it->is_null()) continue;
    const std::string& k = it.key();
    if (k == "S" || k == "N" || k == "B" || k == "BOOL" || k == "NULL" ||
        k == "M" || k == "L" || k == "SS" || k == "NS" || k == "BS") {
      ++count;
      found = &*it;
      type = k;
    }
  }
  if (count == 0) {
    return Status::Validation(
        "Supplied AttributeValue is empty, must contain exactly one of the "
        "supported datatypes");
  }
  if (count > 1) {
    return Status::Validation(
        "Supplied AttributeValue has more than one datatypes set, must contain "
        "exactly one of the supported datatypes");
  }
  nlohmann::json& v = *found;
  if (type == "S" || type == "N") {
    if (!v.is_string()) return SerializationError(JsonKind::kString, v);
    std::string s = std::move(v.get_ref<std::string&>());
    *out = type == "S" ? AttributeValue::S(std::move(s))
                       : AttributeValue::N(std::move(s));
    return Status::OK();
  }
  if (type == "B") {
    if (!v.is_string()) {
      return Status(ErrorType::kSerializationException,
                    "only base-64-encoded strings are convertible to bytes");
    }
    std::string bytes;
    if (!DecodeBase64(v.get_ref<const std::string&>(), &bytes))
      return Base64Error(v.get_ref<const std::string&>());
    *out = AttributeValue::B(std::move(bytes));
    return Status::OK();
  }
  if (type == "BOOL") {
    if (!v.is_boolean()) return SerializationError(JsonKind::kBoolean, v);
    *out = AttributeValue::Bool(v.get<bool>());
    return Status::OK();
  }
  if (type == "NULL") {
    if (!v.is_boolean()) return SerializationError(JsonKind::kBoolean, v);
    if (!v.get<bool>()) {
      return Status::Validation(
          "One or more parameter values were invalid: Null attribute value "
          "types must have the value of true");
    }
    *out = AttributeValue::Null();
    return Status::OK();
  }
  if (type == "M") {
    if (!v.is_object()) return SerializationError(JsonKind::kMap, v);
    AttributeValue::Map m;
    DYNAROCK_RETURN_IF_ERROR(ParseItem(v, &m));
    *out = AttributeValue::M(std::move(m));
    return Status::OK();
  }
  if (type == "L") {
    if (!v.is_array()) return SerializationError(JsonKind::kList, v);
    AttributeValue::List l(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_object())
        return Status(ErrorType::kSerializationException,
                      "Unexpected value type in payload");
      DYNAROCK_RETURN_IF_ERROR(ParseAttributeValue(v[i], &l[i]));
    }
    *out = AttributeValue::L(std::move(l));
    return Status::OK();
  }
  AttributeValue::Set set;
  DYNAROCK_RETURN_IF_ERROR(
      ParseStringSet(v, JsonKind::kList, &set, type == "BS"));
  *out = type == "SS"   ? AttributeValue::SS(std::move(set))
         : type == "NS" ? AttributeValue::NS(std::move(set))
                        : AttributeValue::BS(std::move(set));
  return Status::OK();
}

Status ParseItem(nlohmann::json& j, Item* out) {
  if (!j.is_object()) return SerializationError(JsonKind::kMap, j);
  for (auto it = j.begin(); it != j.end(); ++it) {
    // A null member is absent, as the service reads it.
    if (it->is_null()) continue;
    if (!it->is_object())
      return Status(ErrorType::kSerializationException,
                    "Unexpected value type in payload");
    AttributeValue v;
    DYNAROCK_RETURN_IF_ERROR(ParseAttributeValue(*it, &v));
    out->emplace_hint(out->end(), it.key(), std::move(v));
  }
  return Status::OK();
}

void WriteAttributeValue(const AttributeValue& v, JsonWriter* w) {
  w->BeginObject();
  switch (v.type()) {
    case ValueType::kS:
      w->Key("S");
      w->String(v.scalar());
      break;
    case ValueType::kN:
      w->Key("N");
      w->String(v.scalar());
      break;
    case ValueType::kB: {
      w->Key("B");
      std::string b64;
      AppendBase64(v.scalar(), &b64);
      w->String(b64);
      break;
    }
    case ValueType::kBool:
      w->Key("BOOL");
      w->Bool(v.boolean());
      break;
    case ValueType::kNull:
      w->Key("NULL");
      w->Bool(true);
      break;
    case ValueType::kM:
      w->Key("M");
      WriteItem(v.map(), w);
      break;
    case ValueType::kL:
      w->Key("L");
      w->BeginArray();
      for (const auto& e : v.list()) WriteAttributeValue(e, w);
      w->EndArray();
      break;
    case ValueType::kSS:
    case ValueType::kNS:
    case ValueType::kBS: {
      w->Key(ValueTypeName(v.type()));
      w->BeginArray();
      std::string b64;
      for (const auto& m : v.set()) {
        if (v.type() == ValueType::kBS) {
          b64.clear();
          AppendBase64(m, &b64);
          w->String(b64);
        } else {
          w->String(m);
        }
      }
      w->EndArray();
      break;
    }
  }
  w->EndObject();
}

void WriteItem(const Item& item, JsonWriter* w) {
  w->BeginObject();
  for (const auto& [name, v] : item) {
    if (v.type() == ValueType::kS) {
      w->TaggedStringMember(name, "S", v.scalar());
    } else if (v.type() == ValueType::kN) {
      w->TaggedStringMember(name, "N", v.scalar());
    } else {
      w->Key(name);
      WriteAttributeValue(v, w);
    }
  }
  w->EndObject();
}

bool WriteEncodedItem(std::string_view encoded, JsonWriter* w) {
  size_t size;
  return RenderEncodedItem(encoded, w->RawValue(), &size);
}

// Single-item operations report CapacityUnits alone, at every level, as the
// service does (Read/WriteCapacityUnits appear only for transactions).
static void WriteCapacity(const Capacity& c, bool read_write, JsonWriter* w) {
  w->BeginObject();
  if (read_write && c.read_capacity_units) {
    w->Key("ReadCapacityUnits");
    w->Double(c.read_capacity_units);
  }
  if (read_write && c.write_capacity_units) {
    w->Key("WriteCapacityUnits");
    w->Double(c.write_capacity_units);
  }
  w->Key("CapacityUnits");
  w->Double(c.capacity_units);
  w->EndObject();
}

void WriteConsumedCapacity(const ConsumedCapacity& cc, JsonWriter* w) {
  w->BeginObject();
  w->Key("TableName");
  w->String(cc.table_name);
  if (cc.read_write_units && cc.total.read_capacity_units) {
    w->Key("ReadCapacityUnits");
    w->Double(cc.total.read_capacity_units);
  }
  if (cc.read_write_units && cc.total.write_capacity_units) {
    w->Key("WriteCapacityUnits");
    w->Double(cc.total.write_capacity_units);
  }
  w->Key("CapacityUnits");
  w->Double(cc.total.capacity_units);
  if (cc.table) {
    w->Key("Table");
    WriteCapacity(*cc.table, cc.read_write_units, w);
  }
  auto write_map = [&](const char* key,
                       const std::map<std::string, Capacity>& m) {
    if (m.empty()) return;
    w->Key(key);
    w->BeginObject();
    for (const auto& [name, c] : m) {
      w->Key(name);
      WriteCapacity(c, cc.read_write_units, w);
    }
    w->EndObject();
  };
  write_map("GlobalSecondaryIndexes", cc.global_secondary_indexes);
  write_map("LocalSecondaryIndexes", cc.local_secondary_indexes);
  w->EndObject();
}

void WriteCollectionMetrics(const ItemCollectionMetrics& m, JsonWriter* w) {
  w->BeginObject();
  w->Key("ItemCollectionKey");
  WriteItem(m.item_collection_key, w);
  w->Key("SizeEstimateRangeGB");
  w->BeginArray();
  w->Double(m.size_estimate_range_gb_low);
  w->Double(m.size_estimate_range_gb_high);
  w->EndArray();
  w->EndObject();
}

void WriteCapacityList(const std::optional<std::vector<ConsumedCapacity>>& list,
                       JsonWriter* w) {
  if (!list) return;
  w->Key("ConsumedCapacity");
  w->BeginArray();
  for (const auto& cc : *list) WriteConsumedCapacity(cc, w);
  w->EndArray();
}

void WriteCollectionMetricsByTable(
    const std::map<std::string, std::vector<ItemCollectionMetrics>>& metrics,
    JsonWriter* w) {
  if (metrics.empty()) return;
  w->Key("ItemCollectionMetrics");
  w->BeginObject();
  for (const auto& [table, list] : metrics) {
    w->Key(table);
    w->BeginArray();
    for (const auto& m : list) WriteCollectionMetrics(m, w);
    w->EndArray();
  }
  w->EndObject();
}

}  // namespace dynarock
