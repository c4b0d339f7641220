#include "engine/schema/validate.h"

#include <algorithm>
#include <set>

#include "engine/format/base64.h"
#include "engine/format/item_codec.h"
#include "engine/format/key_codec.h"
#include "engine/format/number.h"

namespace dynarock {
namespace {

Status ValidateValueAt(AttributeValue* v, int depth) {
  switch (v->type()) {
    case ValueType::kN:
      return NormalizeNumber(&v->mutable_scalar());
    case ValueType::kM:
    case ValueType::kL:
      // The service counts the scalar at the bottom as a level: 31 maps or
      // lists around a scalar pass, 32 do not.
      if (depth >= kMaxNestingDepth - 1) {
        return Status::Validation(
            "Nesting Levels have exceeded supported limits: Attributes in the "
            "item have nested levels beyond supported "
            "limit");
      }
      if (v->type() == ValueType::kM) {
        for (auto& [name, member] : v->mutable_map()) {
          DYNAROCK_RETURN_IF_ERROR(ValidateValueAt(&member, depth + 1));
        }
      } else {
        for (auto& member : v->mutable_list()) {
          DYNAROCK_RETURN_IF_ERROR(ValidateValueAt(&member, depth + 1));
        }
      }
      return Status::OK();
    case ValueType::kSS:
    case ValueType::kNS:
    case ValueType::kBS: {
      auto& set = v->mutable_set();
      if (set.empty()) {
        // The service's wording, double space included.
        if (v->type() == ValueType::kSS)
          return Status::Validation(std::string(kInvalidParameter) +
                                    "An string set  may not be empty");
        if (v->type() == ValueType::kNS)
          return Status::Validation(std::string(kInvalidParameter) +
                                    "An number set  may not be empty");
        return Status::Validation(std::string(kInvalidParameter) +
                                  "Binary sets should not be empty");
      }
      std::vector<std::string> given;
      if (v->type() == ValueType::kNS) {
        given = set;
        for (auto& n : set) DYNAROCK_RETURN_IF_ERROR(NormalizeNumber(&n));
      }
      std::set<std::string_view> seen;
      for (const auto& m : set) {
        if (!seen.insert(m).second) {
          const auto& shown = v->type() == ValueType::kNS ? given : set;
          std::string list;
          for (size_t i = 0; i < shown.size(); ++i) {
            if (i) list += ", ";
            list += shown[i];
          }
          // Each set type words it differently.
          if (v->type() == ValueType::kNS)
            return Status::Validation("Input collection contains duplicates");
          if (v->type() == ValueType::kBS) {
            std::string shown_b64;
            for (size_t i = 0; i < set.size(); ++i) {
              if (i) shown_b64 += ", ";
              AppendBase64(set[i], &shown_b64);
            }
            return Status::Validation(std::string(kInvalidParameter) +
                                      "Input collection [" + shown_b64 +
                                      "]of type BS contains duplicates.");
          }
          return Status::Validation(std::string(kInvalidParameter) +
                                    "Input collection [" + list +
                                    "] contains duplicates.");
        }
      }
      SortSetMembers(v);
      return Status::OK();
    }
    default:
      return Status::OK();
  }
}

const AttributeValue* FindAttr(const Item& item, const std::string& name) {
  auto it = item.find(name);
  return it == item.end() ? nullptr : &it->second;
}

Status EmptyKeyError(const AttributeValue& v, const std::string& name) {
  return Status::Validation(
      std::string(
          "One or more parameter values are not valid. The AttributeValue for "
          "a key attribute cannot contain an empty ") +
      (v.type() == ValueType::kB ? "binary" : "string") +
      " value. Key: " + name);
}

size_t KeyValueBytes(const AttributeValue& v) { return v.scalar().size(); }

}  // namespace

namespace {
std::string JoinPresent(std::initializer_list<PresentParameter> params) {
  std::string out;
  for (const auto& p : params) {
    if (!p.present) continue;
    if (!out.empty()) out += ", ";
    out += p.name;
  }
  return out;
}
}  // namespace

Status CheckMixedParameters(
    std::initializer_list<PresentParameter> legacy,
    std::initializer_list<PresentParameter> expressions) {
  std::string l = JoinPresent(legacy), e = JoinPresent(expressions);
  if (l.empty() || e.empty()) return Status::OK();
  return Status::Validation(
      "Can not use both expression and non-expression parameters in the same "
      "request: Non-expression parameters: {" +
      l + "} Expression parameters: {" + e + "}");
}

bool IsRequestLevelKeyError(const Status& st) {
  return st.message().rfind("One or more parameter values are not valid.", 0) ==
         0;
}

void SortSetMembers(AttributeValue* v) {
  auto& set = v->mutable_set();
  if (set.size() < 2) return;
  if (v->type() != ValueType::kNS) {
    if (!std::is_sorted(set.begin(), set.end()))
      std::sort(set.begin(), set.end());
    return;
  }
  // Numbers by value; members are in the normalized form (validation and
  // the update actions see to it), which compares without parsing.
  auto less = [](const std::string& a, const std::string& b) {
    return Decimal::CompareNormalized(a, b) < 0;
  };
  if (!std::is_sorted(set.begin(), set.end(), less))
    std::sort(set.begin(), set.end(), less);
}

Status CheckConditionalOperator(bool has_operator, size_t conditions) {
  if (!has_operator) return Status::OK();
  if (conditions == 0) {
    return Status::Validation(
        "ConditionalOperator cannot be used without Filter or Expected");
  }
  if (conditions == 1) {
    return Status::Validation(
        "ConditionalOperator can only be used when Filter or Expected has two "
        "or more elements");
  }
  return Status::OK();
}

Status CheckPlaceholderMapsUsed(
    bool has_names, bool has_values,
    std::initializer_list<PresentParameter> expressions,
    std::initializer_list<PresentParameter> value_users) {
  bool any = false;
  for (const auto& p : expressions) any = any || p.present;
  if (has_names && !any) {
    return Status::Validation(
        "ExpressionAttributeNames can only be specified when using "
        "expressions");
  }
  bool used = false;
  for (const auto& p : value_users) used = used || p.present;
  if (has_values && !used) {
    std::string missing;
    size_t n = 0;
    for (const auto& p : value_users) {
      if (!missing.empty()) missing += " and ";
      missing += p.name;
      ++n;
    }
    return Status::Validation(
        "ExpressionAttributeValues can only be specified when using "
        "expressions: " +
        missing + (n == 1 ? " is null" : " are null"));
  }
  return Status::OK();
}

Status ValidateExpressionValues(std::optional<AttributeValues>* values) {
  if (!*values) return Status::OK();
  for (auto& [name, v] : **values) {
    Status st = ValidateValue(&v);
    if (!st.ok()) {
      return Status::Validation(
          "ExpressionAttributeValues contains invalid value: " + st.message() +
          " for key " + name);
    }
  }
  return Status::OK();
}

Status ValidateValue(AttributeValue* v) { return ValidateValueAt(v, 0); }

Status ValidateItemValues(Item* item) {
  for (auto& [name, v] : *item)
    DYNAROCK_RETURN_IF_ERROR(ValidateValueAt(&v, 0));
  return Status::OK();
}

Status ExtractItemKey(const TableDef& t, const Item& item, EncodedKey* key,
                      ItemKeyContext context) {
  // A batch words a put's key problems as the service words a Key
  // parameter's; only an empty key value keeps PutItem's message.
  auto invalid = [&](std::string put_item_message) {
    return Status::Validation(
        context == ItemKeyContext::kBatchWriteItem
            ? "The provided key element does not match the schema"
            : std::string(kInvalidParameter) + put_item_message);
  };
  const AttributeValue* values[2] = {nullptr, nullptr};
  const KeyAttribute* attrs[2] = {&t.hash, t.range ? &*t.range : nullptr};
  for (int i = 0; i < 2 && attrs[i]; ++i) {
    const KeyAttribute& a = *attrs[i];
    const AttributeValue* v = FindAttr(item, a.name);
    if (!v) return invalid("Missing the key " + a.name + " in the item");
    if (v->type() != a.type) {
      return invalid("Type mismatch for key " + a.name +
                     " expected: " + ValueTypeName(a.type) +
                     " actual: " + ValueTypeName(v->type()));
    }
    if (v->type() != ValueType::kN && v->scalar().empty())
      return EmptyKeyError(*v, a.name);
    values[i] = v;
  }
  if (KeyValueBytes(*values[0]) > kMaxHashKeyBytes) {
    return invalid(
        "Size of hashkey has exceeded the maximum size limit of2048 bytes");
  }
  if (values[1] && KeyValueBytes(*values[1]) > kMaxRangeKeyBytes) {
    return invalid(
        "Aggregated size of all range keys has exceeded the size limit of "
        "1024 bytes");
  }
  EncodeItemKey(t.id, *values[0], values[1], key);
  return Status::OK();
}

Status ExtractKeyParam(const TableDef& t, const Item& key, EncodedKey* out) {
  size_t want = t.range ? 2 : 1;
  const AttributeValue* pk = FindAttr(key, t.hash.name);
  const AttributeValue* sk = t.range ? FindAttr(key, t.range->name) : nullptr;
  if (key.size() != want || !pk || (t.range && !sk) ||
      pk->type() != t.hash.type || (sk && sk->type() != t.range->type)) {
    return Status::Validation(
        "The provided key element does not match the schema");
  }
  if (pk->type() != ValueType::kN && pk->scalar().empty())
    return EmptyKeyError(*pk, t.hash.name);
  if (sk && sk->type() != ValueType::kN && sk->scalar().empty())
    return EmptyKeyError(*sk, t.range->name);
  if (KeyValueBytes(*pk) > kMaxHashKeyBytes) {
    return Status::Validation(
        std::string(kInvalidParameter) +
        "Size of hashkey has exceeded the maximum size limit of2048 bytes");
  }
  if (sk && KeyValueBytes(*sk) > kMaxRangeKeyBytes) {
    return Status::Validation(std::string(kInvalidParameter) +
                              "Aggregated size of all range keys has exceeded "
                              "the size limit of 1024 bytes");
  }
  EncodeItemKey(t.id, *pk, sk, out);
  return Status::OK();
}

Status CheckIndexKeys(const TableDef& t, const Item& item, bool from_update) {
  for (const auto* list : {&t.local_indexes, &t.global_indexes}) {
    for (const auto& ix : *list) {
      for (const auto* keys : {&ix.hash_keys, &ix.range_keys}) {
        for (const KeyAttribute& key : *keys) {
          const KeyAttribute* a = &key;
          const AttributeValue* v = FindAttr(item, a->name);
          if (!v) continue;
          if (v->type() != a->type) {
            if (from_update) {
              return Status::Validation(
                  "The update expression attempted to update the secondary "
                  "index "
                  "key to unsupported type");
            }
            return Status::Validation(std::string(kInvalidParameter) +
                                      "Type mismatch for Index Key " + a->name +
                                      " Expected: " + ValueTypeName(a->type) +
                                      " Actual: " + ValueTypeName(v->type()) +
                                      " IndexName: " + ix.name);
          }
          if (v->type() != ValueType::kN && v->scalar().empty()) {
            return Status::Validation(
                std::string(
                    "One or more parameter values are not valid. A value "
                    "specified for a secondary index key is not "
                    "supported. The AttributeValue for a key attribute "
                    "cannot contain an empty ") +
                (v->type() == ValueType::kB ? "binary" : "string") +
                " value. IndexName: " + ix.name + ", IndexKey: " + a->name);
          }
        }
      }
    }
  }
  return Status::OK();
}

namespace {
class DecodedAttributes final : public AttributeSource {
 public:
  explicit DecodedAttributes(const Item& item) : item_(item) {}
  bool Find(const std::string& name, ValueType* type,
            std::string_view* scalar) const override {
    const AttributeValue* v = FindAttr(item_, name);
    if (!v) return false;
    *type = v->type();
    *scalar = v->scalar();
    return true;
  }

 private:
  const Item& item_;
};
}  // namespace

bool IndexEntryKey(const TableDef& t, const IndexDef& ix, const Item& item,
                   std::string* key) {
  std::string table_key;
  const AttributeValue* pk = FindAttr(item, t.hash.name);
  const AttributeValue* sk = t.range ? FindAttr(item, t.range->name) : nullptr;
  if (!pk || (t.range && !sk)) return false;
  AppendKeyComponent(*pk, &table_key);
  if (sk) AppendKeyComponent(*sk, &table_key);
  std::string entry;
  if (!IndexEntryKey(ix, DecodedAttributes(item), table_key, &entry))
    return false;
  *key = std::move(entry);
  return true;
}

Item ProjectForIndex(const TableDef& t, const IndexDef& ix, const Item& item) {
  ProjectionType type =
      ix.projection.projection_type.value_or(ProjectionType::kAll);
  if (type == ProjectionType::kAll) return item;
  Item out;
  auto copy = [&](const std::string& name) {
    auto it = item.find(name);
    if (it != item.end()) out.insert(*it);
  };
  copy(t.hash.name);
  if (t.range) copy(t.range->name);
  for (const auto* keys : {&ix.hash_keys, &ix.range_keys}) {
    for (const KeyAttribute& a : *keys) copy(a.name);
  }
  if (type == ProjectionType::kInclude && ix.projection.non_key_attributes) {
    for (const auto& a : *ix.projection.non_key_attributes) copy(a);
  }
  return out;
}

}  // namespace dynarock
