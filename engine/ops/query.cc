// Query and Scan: request validation, key conditions, filters and
// projections, over ReadPage (engine/read_page.h).
#include <algorithm>
#include <set>

#include "engine/expr/expression.h"
#include "engine/expr/legacy.h"
#include "engine/format/base64.h"
#include "engine/format/key_codec.h"
#include "engine/ops/engine_impl.h"
#include "engine/ops/read_page.h"
#include "engine/schema/validate.h"

namespace dynarock {
namespace {

std::string Base64Of(const std::string& bytes) {
  std::string out;
  AppendBase64(bytes, &out);
  return out;
}

const char* SelectName(Select s) {
  switch (s) {
    case Select::kAllAttributes:
      return "ALL_ATTRIBUTES";
    case Select::kAllProjectedAttributes:
      return "ALL_PROJECTED_ATTRIBUTES";
    case Select::kSpecificAttributes:
      return "SPECIFIC_ATTRIBUTES";
    case Select::kCount:
      return "COUNT";
  }
  return "ALL_ATTRIBUTES";
}

// What Query and Scan share: the table, the index, Select and projection,
// the filter, ExclusiveStartKey.
struct ReadRequest {
  const std::string& table_name;
  const std::optional<std::string>& index_name;
  const std::optional<Select>& select;
  const std::optional<std::vector<std::string>>& attributes_to_get;
  const std::optional<std::string>& projection_expression;
  const std::optional<std::string>& filter_expression;
  const std::optional<Conditions>& legacy_filter;
  const char* legacy_filter_name;  // "QueryFilter" / "ScanFilter"
  const std::optional<AttributeNames>& names;
  const std::optional<AttributeValues>& values;
  const std::optional<Item>& exclusive_start_key;
  bool consistent_read;
  std::optional<ConditionalOperator> conditional_operator;
};

// The checks that come before the table is looked up. op is "Query" or
// "Scan".
Status CheckReadRequest(const ReadRequest& r, std::string_view op) {
  if (r.attributes_to_get) {
    std::set<std::string_view> seen;
    for (const auto& a : *r.attributes_to_get) {
      if (!seen.insert(a).second) {
        return Status::Validation(std::string(kInvalidParameter) +
                                  "Duplicate value in attribute name: " + a);
      }
    }
  }
  if (r.select) {
    bool projects = r.attributes_to_get || r.projection_expression;
    if (*r.select == Select::kSpecificAttributes && !projects) {
      // Query wraps this one in the validation envelope; Scan does not.
      return Status::Validation(
          std::string(op == "Query" ? "1 validation error detected: " : "") +
          "Must specify the AttributesToGet or ProjectionExpression when "
          "choosing to get SPECIFIC_ATTRIBUTES");
    }
    if (*r.select != Select::kSpecificAttributes && projects) {
      return Status::Validation(
          std::string("Cannot specify the ") +
          (r.projection_expression ? "ProjectionExpression"
                                   : "AttributesToGet") +
          " when choosing to get " +
          (*r.select == Select::kCount ? "only the Count"
                                       : SelectName(*r.select)));
    }
    if (*r.select == Select::kAllProjectedAttributes && !r.index_name) {
      return Status::Validation(
          std::string("ALL_PROJECTED_ATTRIBUTES can be used only when ") +
          (op == "Query" ? "Querying" : "Scanning") + " using an IndexName");
    }
  }
  return Status::OK();
}

// The expressions of a read, bound to the request's placeholders. A legacy
// filter (QueryFilter, ScanFilter) becomes an expression with its own
// placeholders, kept in legacy_filter.
struct BoundRead {
  explicit BoundRead(Bindings bindings) : binder(bindings) {}
  ExpressionBinder binder;
  std::optional<BoundCondition> filter;
  std::optional<BoundProjection> projection;
  std::optional<LegacyExpression> legacy_filter;
};

// Normalizes the values of legacy conditions (KeyConditions, QueryFilter,
// ScanFilter).
Status ValidateConditionValues(std::optional<Conditions>* conditions) {
  if (!*conditions) return Status::OK();
  for (auto& [name, c] : **conditions) {
    for (auto& v : c.attribute_value_list)
      DYNAROCK_RETURN_IF_ERROR(ValidateValue(&v));
  }
  return Status::OK();
}

// Binds the filter and projection, in the service's order (filter first).
Status BindReadExpressions(const ReadRequest& r, BoundRead* out) {
  DYNAROCK_RETURN_IF_ERROR(ValidatePlaceholderMaps(Bindings{
      r.names ? &*r.names : nullptr, r.values ? &*r.values : nullptr}));
  if (r.legacy_filter && !r.legacy_filter->empty()) {
    DYNAROCK_ASSIGN_OR_RETURN(
        auto converted,
        ConditionsToFilter(*r.legacy_filter, r.conditional_operator));
    out->legacy_filter = std::move(converted);
    ExpressionBinder legacy_binder(
        Bindings{&out->legacy_filter->names, &out->legacy_filter->values});
    DYNAROCK_ASSIGN_OR_RETURN(
        auto bound, legacy_binder.BindCondition(out->legacy_filter->text,
                                                ExpressionKind::kFilter));
    out->filter = std::move(bound);
  }
  if (r.filter_expression) {
    DYNAROCK_ASSIGN_OR_RETURN(
        auto bound, out->binder.BindCondition(*r.filter_expression,
                                              ExpressionKind::kFilter));
    out->filter = std::move(bound);
  }
  if (r.projection_expression) {
    DYNAROCK_ASSIGN_OR_RETURN(
        auto bound, out->binder.BindProjection(*r.projection_expression));
    out->projection = std::move(bound);
  }
  return Status::OK();
}

// Resolves the index and Select of a read against the table, filling the
// parts of spec they decide.
Status PrepareRead(const ReadRequest& r, const TableDef& t, PageSpec* spec,
                   const std::optional<BoundProjection>* projection) {
  spec->table = &t;
  if (r.index_name) {
    spec->index = t.FindIndex(*r.index_name);
    if (!spec->index) {
      return Status::Validation(
          "The table does not have the specified index: " + *r.index_name);
    }
    if (spec->index->global && r.consistent_read) {
      return Status::Validation(
          "Consistent reads are not supported on global secondary indexes");
    }
  }
  const IndexDef* ix = spec->index;
  bool projects_all = !ix || ix->projection.projection_type.value_or(
                                 ProjectionType::kAll) == ProjectionType::kAll;
  Select select = r.select.value_or(
      (r.attributes_to_get || r.projection_expression)
          ? Select::kSpecificAttributes
          : (ix ? Select::kAllProjectedAttributes : Select::kAllAttributes));
  spec->count_only = select == Select::kCount;
  if (select == Select::kAllAttributes && !projects_all) {
    if (ix->global) {
      return Status::Validation(
          std::string(kInvalidParameter) +
          "Select type ALL_ATTRIBUTES is not supported for global "
          "secondary index " +
          ix->name + " because its projection type is not ALL");
    }
    spec->fetch_from_table = true;
  }
  std::vector<std::string> wanted;
  if (*projection) {
    for (const auto& p : (*projection)->paths())
      wanted.push_back(std::get<std::string>(p[0]));
  } else if (r.attributes_to_get) {
    wanted = *r.attributes_to_get;
  }
  // A local index asked for attributes its projection lacks reads them
  // from the table; a global one cannot, and the request fails naming
  // them, in the request's order.
  if (ix && !projects_all && !wanted.empty()) {
    std::vector<std::string> missing;
    for (const auto& a : wanted) {
      bool is_key = a == t.hash.name || (t.range && a == t.range->name) ||
                    ix->IsKeyAttribute(a);
      const auto& nka = ix->projection.non_key_attributes;
      bool included =
          nka && std::find(nka->begin(), nka->end(), a) != nka->end();
      if (is_key || included) continue;
      if (!ix->global) {
        spec->fetch_from_table = true;
      } else if (std::find(missing.begin(), missing.end(), a) ==
                 missing.end()) {
        missing.push_back(a);
      }
    }
    if (!missing.empty()) {
      std::string list;
      for (const auto& a : missing) list += (list.empty() ? "" : ", ") + a;
      return Status::Validation(std::string(kInvalidParameter) +
                                "Global secondary index " + ix->name +
                                " does not project [" + list + "]");
    }
  }
  return Status::OK();
}

// Builds the filter and projection callbacks once the bound objects have
// their final addresses.
void FinishSpec(const ReadRequest& r,
                const std::optional<BoundCondition>& filter,
                const std::optional<BoundProjection>& projection,
                PageSpec* spec) {
  if (filter) {
    const BoundCondition* f = &*filter;
    spec->filter = [f](const Item& item) -> Result<bool> {
      return f->Evaluate(item);
    };
  }
  if (projection) {
    const BoundProjection* p = &*projection;
    spec->project = [p](const Item& item) { return p->Project(item); };
  } else if (r.attributes_to_get) {
    std::vector<std::string> names = *r.attributes_to_get;
    spec->project = [names](const Item& item) {
      Item out;
      for (const auto& n : names) {
        auto it = item.find(n);
        if (it != item.end()) out.insert(*it);
      }
      return out;
    };
  }
  spec->consistent_read = r.consistent_read;
}

// ExclusiveStartKey: exactly the key attributes of the table (and of the
// index when reading one), encoded as the entry to resume after.
Status StartKey(const TableDef& t, const IndexDef* ix, Item key,
                std::string* encoded) {
  for (auto& [name, v] : key) DYNAROCK_RETURN_IF_ERROR(ValidateValue(&v));
  // The attributes must be exactly the key attributes ("The provided
  // starting key is invalid"), of the schema's types ("The provided key
  // element does not match the schema").
  std::vector<const KeyAttribute*> attrs = {&t.hash};
  if (t.range) attrs.push_back(&*t.range);
  if (ix) {
    std::vector<const KeyAttribute*> index_keys;
    for (const auto& k : ix->hash_keys) index_keys.push_back(&k);
    for (const auto& k : ix->range_keys) index_keys.push_back(&k);
    for (const KeyAttribute* a : index_keys) {
      bool dup = false;
      for (const KeyAttribute* b : attrs) dup = dup || b->name == a->name;
      if (!dup) attrs.push_back(a);
    }
  }
  if (key.size() != attrs.size())
    return Status::Validation("The provided starting key is invalid");
  for (const KeyAttribute* a : attrs) {
    auto it = key.find(a->name);
    if (it == key.end())
      return Status::Validation("The provided starting key is invalid");
    if (it->second.type() != a->type) {
      return Status::Validation(
          "The provided key element does not match the schema");
    }
  }
  if (!ix) {
    EncodedKey k;
    DYNAROCK_RETURN_IF_ERROR(ExtractKeyParam(t, key, &k));
    *encoded = std::move(k.bytes);
    return Status::OK();
  }
  IndexEntryKey(t, *ix, key, encoded);
  return Status::OK();
}

// What a key condition selects: the partition (one value per partition
// key attribute), then equal values for the first sort key attributes, then
// at most one condition on the next.
struct KeyConditionSpec {
  std::vector<AttributeValue> partition;
  std::vector<AttributeValue> sort_prefix;
  std::optional<SortKeyCondition> sort;
};

SortKeyCondition::Op SortOpOf(KeyConditionOp op) {
  switch (op) {
    case KeyConditionOp::kEq:
      return SortKeyCondition::Op::kEq;
    case KeyConditionOp::kLt:
      return SortKeyCondition::Op::kLt;
    case KeyConditionOp::kLe:
      return SortKeyCondition::Op::kLe;
    case KeyConditionOp::kGt:
      return SortKeyCondition::Op::kGt;
    case KeyConditionOp::kGe:
      return SortKeyCondition::Op::kGe;
    case KeyConditionOp::kBetween:
      return SortKeyCondition::Op::kBetween;
    case KeyConditionOp::kBeginsWith:
      return SortKeyCondition::Op::kBeginsWith;
  }
  return SortKeyCondition::Op::kEq;
}

// Matches key condition terms to the key schema being queried: every
// partition key attribute with equality; sort key attributes from the first
// on, each with equality but the last written, which may take any key
// condition (multi-attribute keys, as GSIs allow, generalize the classic
// one-and-one schema, whose messages these are).
Status MatchKeySchema(const std::vector<KeyAttribute>& hash_keys,
                      const std::vector<KeyAttribute>& range_keys,
                      const std::vector<KeyConditionTerm>& terms,
                      KeyConditionSpec* out) {
  const bool multi_attribute = hash_keys.size() > 1 || range_keys.size() > 1;
  if (!multi_attribute && terms.size() > 2)
    return Status::Validation("Conditions can be of length 1 or 2 only");
  auto find = [&](const std::string& name) -> const KeyConditionTerm* {
    for (const auto& term : terms) {
      if (term.attribute == name) return &term;
    }
    return nullptr;
  };
  // A partition key of several attributes needs an equality on each
  // (UNVERIFIED wording: the service's text for it is not published; this
  // one follows its message for the sort key attributes).
  if (hash_keys.size() > 1) {
    std::string names;
    for (const KeyAttribute& a : hash_keys) {
      const KeyConditionTerm* term = find(a.name);
      if (!term || term->op != KeyConditionOp::kEq)
        names += (names.empty() ? "" : ", ") + a.name;
    }
    if (!names.empty()) {
      return Status::Validation(
          "HASH key attributes " + names +
          " must have equality conditions specified in the query");
    }
  }
  // The partition key is looked for first; then every other condition must
  // be on the sort key.
  for (const KeyAttribute& a : hash_keys) {
    if (!find(a.name))
      return Status::Validation("Query condition missed key schema element: " +
                                a.name);
  }
  size_t sort_terms = 0;
  for (const KeyAttribute& a : range_keys)
    sort_terms += find(a.name) != nullptr;
  if (hash_keys.size() + sort_terms != terms.size()) {
    // A condition on an attribute outside the key schema.
    for (const KeyAttribute& a : range_keys) {
      if (!find(a.name))
        return Status::Validation(
            "Query condition missed key schema element: " + a.name);
    }
    return Status::Validation("Query key condition not supported");
  }
  auto type_ok = [](const AttributeValue* v, const KeyAttribute& a) {
    return v && v->type() == a.type;
  };
  auto type_error = [] {
    return Status::Validation(
        std::string(kInvalidParameter) +
        "Condition parameter type does not match schema type");
  };
  for (const KeyAttribute& a : hash_keys) {
    const KeyConditionTerm* term = find(a.name);
    if (term->op != KeyConditionOp::kEq)
      return Status::Validation("Query key condition not supported");
    if (!type_ok(term->values[0], a)) return type_error();
    out->partition.push_back(*term->values[0]);
  }
  // Sort key attributes are used from the first, without gaps, each with
  // equality but the last (multi-attribute keys: the Developer Guide's
  // "Multi-attribute key schema"; the message as the service gives it).
  size_t last = 0;
  for (size_t i = 0; i < range_keys.size(); ++i) {
    if (find(range_keys[i].name)) last = i + 1;
  }
  std::vector<std::string> not_equal;
  for (size_t i = 0; i + 1 < last; ++i) {
    const KeyConditionTerm* sk = find(range_keys[i].name);
    if (!sk || sk->op != KeyConditionOp::kEq)
      not_equal.push_back(range_keys[i].name);
  }
  if (!not_equal.empty()) {
    std::string names;
    for (const auto& n : not_equal) names += (names.empty() ? "" : ", ") + n;
    return Status::Validation("RANGE key attributes " + names +
                              " must have equality conditions specified in the "
                              "query because a condition is present "
                              "on key attribute " +
                              range_keys[last - 1].name);
  }
  for (size_t i = 0; i < last; ++i) {
    const KeyAttribute& a = range_keys[i];
    const KeyConditionTerm* sk = find(a.name);
    for (const AttributeValue* v : sk->values) {
      if (!type_ok(v, a)) return type_error();
    }
    if (i + 1 < last) {
      out->sort_prefix.push_back(*sk->values[0]);
      continue;
    }
    if (sk->op == KeyConditionOp::kBeginsWith && a.type == ValueType::kN) {
      return Status::Validation(
          "Invalid KeyConditionExpression: Incorrect operand type for operator "
          "or function; operator or function: begins_with, operand type: N");
    }
    SortKeyCondition c;
    c.op = SortOpOf(sk->op);
    c.value = *sk->values[0];
    if (sk->op == KeyConditionOp::kBetween) {
      c.upper = *sk->values[1];
      // The service refuses a range whose bounds are reversed; the key
      // encoding orders values as the service does.
      std::string lo, hi;
      AppendKeyComponent(c.value, &lo);
      AppendKeyComponent(c.upper, &hi);
      if (lo > hi) {
        auto show = [](const AttributeValue& v) {
          std::string text =
              v.type() == ValueType::kB ? Base64Of(v.scalar()) : v.scalar();
          return std::string("AttributeValue: {") + ValueTypeName(v.type()) +
                 ":" + text + "}";
        };
        return Status::Validation(
            "Invalid KeyConditionExpression: The BETWEEN operator requires "
            "upper bound to be greater than or equal to lower bound; lower "
            "bound operand: " +
            show(c.value) + ", upper bound operand: " + show(c.upper));
      }
    }
    out->sort = std::move(c);
  }
  return Status::OK();
}

// The legacy KeyConditions parameter, as terms.
Status LegacyKeyConditions(const Conditions& conditions,
                           std::vector<KeyConditionTerm>* terms) {
  for (const auto& [name, c] : conditions) {
    DYNAROCK_RETURN_IF_ERROR(
        ValidateLegacyCondition(c.comparison_operator, c.attribute_value_list));
    KeyConditionTerm t;
    t.attribute = name;
    size_t want = 1;
    switch (c.comparison_operator) {
      case ComparisonOperator::kEq:
        t.op = KeyConditionOp::kEq;
        break;
      case ComparisonOperator::kLt:
        t.op = KeyConditionOp::kLt;
        break;
      case ComparisonOperator::kLe:
        t.op = KeyConditionOp::kLe;
        break;
      case ComparisonOperator::kGt:
        t.op = KeyConditionOp::kGt;
        break;
      case ComparisonOperator::kGe:
        t.op = KeyConditionOp::kGe;
        break;
      case ComparisonOperator::kBeginsWith:
        t.op = KeyConditionOp::kBeginsWith;
        break;
      case ComparisonOperator::kBetween:
        t.op = KeyConditionOp::kBetween;
        want = 2;
        break;
      default:
        return Status::Validation(
            "Attempted conditional constraint is not an indexable operation");
    }
    if (c.attribute_value_list.size() != want) {
      return Status::Validation(std::string(kInvalidParameter) +
                                "Invalid number of argument(s) for the " +
                                ComparisonOperatorName(c.comparison_operator) +
                                " ComparisonOperator");
    }
    for (const auto& v : c.attribute_value_list) t.values.push_back(&v);
    terms->push_back(std::move(t));
  }
  return Status::OK();
}

}  // namespace

namespace {

// Whether a sort key value satisfies the sort key condition (for an
// ExclusiveStartKey, which must lie within the query's range).
bool SatisfiesSortCondition(const AttributeValue& v,
                            const SortKeyCondition& c) {
  std::string ev, ec;
  AppendKeyComponent(v, &ev);
  AppendKeyComponent(c.value, &ec);
  using Op = SortKeyCondition::Op;
  switch (c.op) {
    case Op::kEq:
      return ev == ec;
    case Op::kLt:
      return ev < ec;
    case Op::kLe:
      return ev <= ec;
    case Op::kGt:
      return ev > ec;
    case Op::kGe:
      return ev >= ec;
    case Op::kBetween: {
      std::string eu;
      AppendKeyComponent(c.upper, &eu);
      return ev >= ec && ev <= eu;
    }
    case Op::kBeginsWith:
      return v.scalar().compare(0, c.value.scalar().size(), c.value.scalar()) ==
             0;
  }
  return false;
}

Bindings BindingsOf(const std::optional<AttributeNames>& names,
                    const std::optional<AttributeValues>& values) {
  return Bindings{names ? &*names : nullptr, values ? &*values : nullptr};
}

}  // namespace

Result<QueryResponse> EngineImpl::Query(const RequestContext& ctx,
                                        QueryRequest req) {
  ReadRequest r{req.table_name,
                req.index_name,
                req.select,
                req.attributes_to_get,
                req.projection_expression,
                req.filter_expression,
                req.query_filter,
                "QueryFilter",
                req.expression_attribute_names,
                req.expression_attribute_values,
                req.exclusive_start_key,
                req.consistent_read,
                req.conditional_operator};
  // KeyConditions conflicts with KeyConditionExpression only (it goes with
  // FilterExpression and ProjectionExpression); the other legacy parameters
  // conflict with every expression.
  {
    const bool other_legacy =
        req.attributes_to_get || req.query_filter || req.conditional_operator;
    const bool key_conflict =
        req.key_conditions && req.key_condition_expression;
    const bool any_expression = req.projection_expression ||
                                req.filter_expression ||
                                req.key_condition_expression;
    if (key_conflict || (other_legacy && any_expression)) {
      DYNAROCK_RETURN_IF_ERROR(CheckMixedParameters(
          {{"AttributesToGet", req.attributes_to_get.has_value()},
           {"QueryFilter", req.query_filter.has_value()},
           {"ConditionalOperator", req.conditional_operator.has_value()},
           {"KeyConditions", key_conflict}},
          {{"ProjectionExpression", req.projection_expression.has_value()},
           {"FilterExpression", req.filter_expression.has_value()},
           {"KeyConditionExpression",
            req.key_condition_expression.has_value()}}));
    }
  }
  DYNAROCK_RETURN_IF_ERROR(CheckConditionalOperator(
      req.conditional_operator.has_value(),
      req.query_filter ? req.query_filter->size() : 0));
  DYNAROCK_RETURN_IF_ERROR(CheckPlaceholderMapsUsed(
      req.expression_attribute_names.has_value(),
      req.expression_attribute_values.has_value(),
      {{"ProjectionExpression", req.projection_expression.has_value()},
       {"FilterExpression", req.filter_expression.has_value()},
       {"KeyConditionExpression", req.key_condition_expression.has_value()}},
      {{"FilterExpression", req.filter_expression.has_value()},
       {"KeyConditionExpression", req.key_condition_expression.has_value()}}));
  DYNAROCK_RETURN_IF_ERROR(CheckReadRequest(r, "Query"));
  DYNAROCK_RETURN_IF_ERROR(
      ValidateExpressionValues(&req.expression_attribute_values));
  DYNAROCK_RETURN_IF_ERROR(ValidateConditionValues(&req.key_conditions));
  DYNAROCK_RETURN_IF_ERROR(ValidateConditionValues(&req.query_filter));
  // Expressions are checked before the table is looked up, in the
  // service's order: filter, projection, key condition.
  BoundRead bound_read(BindingsOf(req.expression_attribute_names,
                                  req.expression_attribute_values));
  DYNAROCK_RETURN_IF_ERROR(BindReadExpressions(r, &bound_read));
  ExpressionBinder& binder = bound_read.binder;
  std::optional<BoundCondition>& filter = bound_read.filter;
  std::optional<BoundProjection>& projection = bound_read.projection;
  std::vector<KeyConditionTerm> terms;
  std::optional<BoundCondition> key_condition;
  if (req.key_condition_expression) {
    DYNAROCK_ASSIGN_OR_RETURN(
        auto bound, binder.BindCondition(*req.key_condition_expression,
                                         ExpressionKind::kKeyCondition));
    key_condition = std::move(bound);
  }
  DYNAROCK_RETURN_IF_ERROR(binder.CheckAllUsed());
  if (key_condition) {
    DYNAROCK_ASSIGN_OR_RETURN(auto extracted,
                              key_condition->KeyConditionTerms());
    terms = std::move(extracted);
  } else if (req.key_conditions) {
    DYNAROCK_RETURN_IF_ERROR(LegacyKeyConditions(*req.key_conditions, &terms));
  } else {
    return Status::Validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be "
        "specified in the request.");
  }

  DYNAROCK_ASSIGN_OR_RETURN(
      auto table, FindTable(req.table_name, "Requested resource not found"));
  const TableDef& t = *table;
  PageSpec spec;
  DYNAROCK_RETURN_IF_ERROR(PrepareRead(r, t, &spec, &projection));
  const IndexDef* ix = spec.index;
  std::vector<KeyAttribute> hash_keys, range_keys;
  if (ix) {
    hash_keys = ix->hash_keys;
    range_keys = ix->range_keys;
  } else {
    hash_keys = {t.hash};
    if (t.range) range_keys = {*t.range};
  }
  auto is_key = [&](const std::string& a) {
    for (const auto* keys : {&hash_keys, &range_keys}) {
      for (const auto& k : *keys) {
        if (k.name == a) return true;
      }
    }
    return false;
  };
  KeyConditionSpec kc;
  DYNAROCK_RETURN_IF_ERROR(MatchKeySchema(hash_keys, range_keys, terms, &kc));
  if (filter) {
    // A query's filter may not test the keys it queries by.
    for (const auto& a : filter->TopLevelAttributes()) {
      if (is_key(a)) {
        return Status::Validation(std::string(req.query_filter
                                                  ? "QueryFilter"
                                                  : "Filter Expression") +
                                  " can only contain non-primary key "
                                  "attributes: Primary key attribute: " +
                                  a);
      }
    }
  }
  DYNAROCK_RETURN_IF_ERROR(PartitionRange(t, ix, kc.partition, kc.sort_prefix,
                                          kc.sort, &spec.lower, &spec.upper));
  spec.forward = req.scan_index_forward;
  spec.limit = req.limit;
  if (req.exclusive_start_key) {
    std::string start;
    DYNAROCK_RETURN_IF_ERROR(StartKey(t, ix, *req.exclusive_start_key, &start));
    const Item& esk = *req.exclusive_start_key;
    for (size_t i = 0; i < hash_keys.size(); ++i) {
      if (!(esk.at(hash_keys[i].name) == kc.partition[i])) {
        return Status::Validation(
            "The provided starting key is outside query boundaries based on "
            "provided conditions");
      }
    }
    for (size_t i = 0; i < kc.sort_prefix.size(); ++i) {
      if (!(esk.at(range_keys[i].name) == kc.sort_prefix[i])) {
        return Status::Validation(
            "The provided starting key does not match the range key "
            "predicate");
      }
    }
    if (kc.sort &&
        !SatisfiesSortCondition(esk.at(range_keys[kc.sort_prefix.size()].name),
                                *kc.sort)) {
      return Status::Validation(
          "The provided starting key does not match the range key predicate");
    }
    spec.start_after = std::move(start);
  }
  FinishSpec(r, filter, projection, &spec);
  spec.item_sink = req.item_sink;
  return ReadPage(*storage_, spec, req.return_consumed_capacity);
}

Result<ScanResponse> EngineImpl::Scan(const RequestContext& ctx,
                                      ScanRequest req) {
  ReadRequest r{req.table_name,
                req.index_name,
                req.select,
                req.attributes_to_get,
                req.projection_expression,
                req.filter_expression,
                req.scan_filter,
                "ScanFilter",
                req.expression_attribute_names,
                req.expression_attribute_values,
                req.exclusive_start_key,
                req.consistent_read,
                req.conditional_operator};
  DYNAROCK_RETURN_IF_ERROR(CheckMixedParameters(
      {{"AttributesToGet", req.attributes_to_get.has_value()},
       {"ScanFilter", req.scan_filter.has_value()},
       {"ConditionalOperator", req.conditional_operator.has_value()}},
      {{"ProjectionExpression", req.projection_expression.has_value()},
       {"FilterExpression", req.filter_expression.has_value()}}));
  DYNAROCK_RETURN_IF_ERROR(
      CheckConditionalOperator(req.conditional_operator.has_value(),
                               req.scan_filter ? req.scan_filter->size() : 0));
  DYNAROCK_RETURN_IF_ERROR(CheckPlaceholderMapsUsed(
      req.expression_attribute_names.has_value(),
      req.expression_attribute_values.has_value(),
      {{"ProjectionExpression", req.projection_expression.has_value()},
       {"FilterExpression", req.filter_expression.has_value()}},
      {{"FilterExpression", req.filter_expression.has_value()}}));
  DYNAROCK_RETURN_IF_ERROR(CheckReadRequest(r, "Scan"));
  if (req.segment.has_value() != req.total_segments.has_value()) {
    return Status::Validation(req.segment
                                  ? "The TotalSegments parameter is required "
                                    "but was not present in the "
                                    "request when Segment parameter is present"
                                  : "The Segment parameter is required but was "
                                    "not present in the request "
                                    "when parameter TotalSegments is present");
  }
  if (req.segment && *req.segment >= *req.total_segments) {
    return Status::Validation(
        "The Segment parameter is zero-based and must be less than parameter "
        "TotalSegments: Segment: " +
        std::to_string(*req.segment) + " is not less than TotalSegments: " +
        std::to_string(*req.total_segments));
  }
  DYNAROCK_RETURN_IF_ERROR(
      ValidateExpressionValues(&req.expression_attribute_values));
  DYNAROCK_RETURN_IF_ERROR(ValidateConditionValues(&req.scan_filter));
  BoundRead bound_read(BindingsOf(req.expression_attribute_names,
                                  req.expression_attribute_values));
  DYNAROCK_RETURN_IF_ERROR(BindReadExpressions(r, &bound_read));
  ExpressionBinder& binder = bound_read.binder;
  std::optional<BoundCondition>& filter = bound_read.filter;
  std::optional<BoundProjection>& projection = bound_read.projection;
  DYNAROCK_RETURN_IF_ERROR(binder.CheckAllUsed());
  DYNAROCK_ASSIGN_OR_RETURN(
      auto table, FindTable(req.table_name, "Requested resource not found"));
  const TableDef& t = *table;
  PageSpec spec;
  DYNAROCK_RETURN_IF_ERROR(PrepareRead(r, t, &spec, &projection));
  const IndexDef* ix = spec.index;
  ScanSegmentRange(ix ? ix->id : t.id, req.segment.value_or(0),
                   req.total_segments.value_or(1), &spec.lower, &spec.upper);
  spec.limit = req.limit;
  if (req.exclusive_start_key) {
    std::string start;
    DYNAROCK_RETURN_IF_ERROR(StartKey(t, ix, *req.exclusive_start_key, &start));
    if (start < spec.lower || (!spec.upper.empty() && start >= spec.upper)) {
      return Status::Validation(
          "The provided Exclusive start key does not map to the provided "
          "Segment and TotalSegments values.");
    }
    spec.start_after = std::move(start);
  }
  FinishSpec(r, filter, projection, &spec);
  spec.item_sink = req.item_sink;
  return ReadPage(*storage_, spec, req.return_consumed_capacity);
}

}  // namespace dynarock
