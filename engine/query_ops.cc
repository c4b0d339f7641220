// Query and Scan: request validation, key conditions, filters and
// projections, over ReadPage (engine/read_page.h).
#include <algorithm>

#include "engine/base64.h"
#include "engine/engine_impl.h"
#include "engine/key_codec.h"
#include "engine/expression.h"
#include "engine/read_page.h"
#include "engine/validate.h"

namespace dynarock {
namespace {

constexpr char kInvalid[] = "One or more parameter values were invalid: ";

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
};

// The checks that come before the table is looked up.
Status CheckReadRequest(const ReadRequest& r, bool has_key_condition_expression) {
  bool expressions = r.projection_expression || r.filter_expression || has_key_condition_expression;
  if (r.attributes_to_get && r.projection_expression) {
    return Status::Validation(
        "Can not use both expression and non-expression parameters in the same request: Non-expression "
        "parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
  }
  if (r.legacy_filter && r.filter_expression) {
    return Status::Validation(std::string("Can not use both expression and non-expression parameters in the same "
                                          "request: Non-expression parameters: {") +
                              r.legacy_filter_name + "} Expression parameters: {FilterExpression}");
  }
  if (r.legacy_filter) {
    // The legacy filters arrive with the expression language's legacy
    // parameters; refused rather than ignored until then.
    return Status::Validation(std::string(r.legacy_filter_name) + " is not supported by this server yet");
  }
  if (!expressions) {
    if (r.names) return Status::Validation("ExpressionAttributeNames can only be specified when using expressions");
    if (r.values) return Status::Validation("ExpressionAttributeValues can only be specified when using expressions");
  }
  if (r.select) {
    bool projects = r.attributes_to_get || r.projection_expression;
    if (*r.select == Select::kSpecificAttributes && !projects) {
      return Status::Validation(
          std::string(kInvalid) +
          "Select type SPECIFIC_ATTRIBUTES requires either ProjectionExpression or AttributesToGet");
    }
    if (*r.select != Select::kSpecificAttributes && projects) {
      return Status::Validation(std::string(kInvalid) + "Cannot specify the " +
                                (r.projection_expression ? "ProjectionExpression" : "AttributesToGet") +
                                " when choosing to get " + SelectName(*r.select));
    }
    if (*r.select == Select::kAllProjectedAttributes && !r.index_name) {
      return Status::Validation(std::string(kInvalid) +
                                "Select type ALL_PROJECTED_ATTRIBUTES is not supported unless an IndexName is "
                                "specified");
    }
  }
  return Status::OK();
}

// Resolves the index, Select, filter and projection of a read against the
// table, filling the parts of spec they decide.
Status PrepareRead(const ReadRequest& r, const TableDef& t, ExpressionBinder* binder, PageSpec* spec,
                   std::optional<BoundCondition>* filter, std::optional<BoundProjection>* projection) {
  spec->table = &t;
  if (r.index_name) {
    spec->index = t.FindIndex(*r.index_name);
    if (!spec->index) {
      return Status::Validation("The table does not have the specified index: " + *r.index_name);
    }
    if (spec->index->global && r.consistent_read) {
      return Status::Validation("Consistent reads are not supported on global secondary indexes");
    }
  }
  const IndexDef* ix = spec->index;
  bool projects_all = !ix || ix->projection.projection_type.value_or(ProjectionType::kAll) == ProjectionType::kAll;
  Select select = r.select.value_or((r.attributes_to_get || r.projection_expression)
                                        ? Select::kSpecificAttributes
                                        : (ix ? Select::kAllProjectedAttributes : Select::kAllAttributes));
  spec->count_only = select == Select::kCount;
  if (select == Select::kAllAttributes && !projects_all) {
    if (ix->global) {
      return Status::Validation(std::string(kInvalid) + "Select type ALL_ATTRIBUTES is not supported for global "
                                                        "secondary index " +
                                ix->name + " because its projection type is not ALL");
    }
    spec->fetch_from_table = true;
  }
  if (r.filter_expression) {
    auto bound = binder->BindCondition(*r.filter_expression, ExpressionKind::kFilter);
    if (!bound.ok()) return bound.status();
    *filter = std::move(bound).value();
  }
  std::vector<std::string> wanted;
  if (r.projection_expression) {
    auto bound = binder->BindProjection(*r.projection_expression);
    if (!bound.ok()) return bound.status();
    *projection = std::move(bound).value();
    for (const auto& p : (*projection)->paths()) wanted.push_back(std::get<std::string>(p[0]));
  } else if (r.attributes_to_get) {
    wanted = *r.attributes_to_get;
  }
  // A local index query asking for attributes its projection lacks reads
  // them from the table.
  if (ix && !ix->global && !projects_all && !wanted.empty()) {
    for (const auto& a : wanted) {
      bool is_key = a == t.hash.name || (t.range && a == t.range->name) || a == ix->hash.name ||
                    (ix->range && a == ix->range->name);
      const auto& nka = ix->projection.non_key_attributes;
      bool included = nka && std::find(nka->begin(), nka->end(), a) != nka->end();
      if (!is_key && !included) spec->fetch_from_table = true;
    }
  }
  return Status::OK();
}

// Builds the filter and projection callbacks once the bound objects have
// their final addresses.
void FinishSpec(const ReadRequest& r, const std::optional<BoundCondition>& filter,
                const std::optional<BoundProjection>& projection, PageSpec* spec) {
  if (filter) {
    const BoundCondition* f = &*filter;
    spec->filter = [f](const Item& item) -> Result<bool> { return f->Evaluate(item); };
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
Status StartKey(const TableDef& t, const IndexDef* ix, Item key, std::string* encoded) {
  for (auto& [name, v] : key) DYNAROCK_RETURN_IF_ERROR(ValidateValue(&v));
  if (!ix) {
    EncodedKey k;
    Status st = ExtractKeyParam(t, key, &k);
    if (!st.ok()) return Status::Validation("The provided starting key is invalid: " + st.message());
    *encoded = std::move(k.bytes);
    return Status::OK();
  }
  size_t want = 1 + (t.range ? 1 : 0);
  for (const auto& a : {ix->hash.name, ix->range ? ix->range->name : std::string()}) {
    if (!a.empty() && a != t.hash.name && !(t.range && a == t.range->name)) ++want;
  }
  Item table_key;
  for (const auto& [name, v] : key) {
    if (name == t.hash.name || (t.range && name == t.range->name)) table_key.emplace(name, v);
  }
  EncodedKey k;
  if (key.size() != want || !ExtractKeyParam(t, table_key, &k).ok() || !IndexEntryKey(t, *ix, key, encoded)) {
    return Status::Validation(
        "The provided starting key is invalid: The provided key element does not match the schema");
  }
  return Status::OK();
}

struct KeyConditionSpec {
  AttributeValue partition;
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

// Matches key condition terms to the key schema being queried.
Status MatchKeySchema(const KeyAttribute& hash, const std::optional<KeyAttribute>& range,
                      const std::vector<KeyConditionTerm>& terms, KeyConditionSpec* out) {
  const KeyConditionTerm* pk = nullptr;
  const KeyConditionTerm* sk = nullptr;
  for (const auto& term : terms) {
    if (term.attribute == hash.name) {
      pk = &term;
    } else if (range && term.attribute == range->name) {
      sk = &term;
    } else {
      return Status::Validation("Query condition missed key schema element: " +
                                (pk || !range ? hash.name : (sk ? hash.name : range->name)));
    }
  }
  if (!pk) return Status::Validation("Query condition missed key schema element: " + hash.name);
  if (pk->op != KeyConditionOp::kEq) return Status::Validation("Query key condition not supported");
  auto type_ok = [](const AttributeValue* v, const KeyAttribute& a) { return v && v->type() == a.type; };
  if (!type_ok(pk->values[0], hash)) {
    return Status::Validation(std::string(kInvalid) + "Condition parameter type does not match schema type");
  }
  out->partition = *pk->values[0];
  if (sk) {
    for (const AttributeValue* v : sk->values) {
      if (!type_ok(v, *range)) {
        return Status::Validation(std::string(kInvalid) + "Condition parameter type does not match schema type");
      }
    }
    if (sk->op == KeyConditionOp::kBeginsWith && range->type == ValueType::kN) {
      return Status::Validation(
          "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: "
          "begins_with, operand type: N");
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
          std::string text = v.type() == ValueType::kB ? Base64Of(v.scalar()) : v.scalar();
          return std::string("AttributeValue: {") + ValueTypeName(v.type()) + ":" + text + "}";
        };
        return Status::Validation(
            "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal "
            "to lower bound; lower bound operand: " +
            show(c.value) + ", upper bound operand: " + show(c.upper));
      }
    }
    out->sort = std::move(c);
  }
  return Status::OK();
}

// The legacy KeyConditions parameter, as terms.
Status LegacyKeyConditions(const Conditions& conditions, std::vector<KeyConditionTerm>* terms) {
  if (conditions.size() > 2) return Status::Validation("Conditions can be of length 1 or 2 only");
  for (const auto& [name, c] : conditions) {
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
        return Status::Validation("Attempted conditional constraint is not an indexable operation");
    }
    if (c.attribute_value_list.size() != want) {
      return Status::Validation(std::string(kInvalid) + "Invalid number of argument(s) for the " +
                                [&] {
                                  switch (c.comparison_operator) {
                                    case ComparisonOperator::kEq: return "EQ";
                                    case ComparisonOperator::kLt: return "LT";
                                    case ComparisonOperator::kLe: return "LE";
                                    case ComparisonOperator::kGt: return "GT";
                                    case ComparisonOperator::kGe: return "GE";
                                    case ComparisonOperator::kBeginsWith: return "BEGINS_WITH";
                                    default: return "BETWEEN";
                                  }
                                }() +
                                " ComparisonOperator");
    }
    for (const auto& v : c.attribute_value_list) t.values.push_back(&v);
    terms->push_back(std::move(t));
  }
  return Status::OK();
}

}  // namespace

Result<QueryResponse> EngineImpl::Query(const RequestContext& ctx, QueryRequest req) {
  ReadRequest r{req.table_name,        req.index_name,         req.select,
                req.attributes_to_get, req.projection_expression, req.filter_expression,
                req.query_filter,      "QueryFilter",          req.expression_attribute_names,
                req.expression_attribute_values, req.exclusive_start_key, req.consistent_read};
  if (req.key_conditions && req.key_condition_expression) {
    return Status::Validation(
        "Can not use both expression and non-expression parameters in the same request: Non-expression "
        "parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}");
  }
  DYNAROCK_RETURN_IF_ERROR(CheckReadRequest(r, req.key_condition_expression.has_value()));
  if (req.expression_attribute_values) {
    for (auto& [name, v] : *req.expression_attribute_values) DYNAROCK_RETURN_IF_ERROR(ValidateValue(&v));
  }
  if (req.key_conditions) {
    for (auto& [name, c] : *req.key_conditions) {
      for (auto& v : c.attribute_value_list) DYNAROCK_RETURN_IF_ERROR(ValidateValue(&v));
    }
  }
  auto table = FindTable(req.table_name, "Requested resource not found");
  if (!table.ok()) return table.status();
  const TableDef& t = **table;

  ExpressionBinder binder(
      Bindings{req.expression_attribute_names ? &*req.expression_attribute_names : nullptr,
               req.expression_attribute_values ? &*req.expression_attribute_values : nullptr});
  PageSpec spec;
  std::optional<BoundCondition> filter;
  std::optional<BoundProjection> projection;
  std::vector<KeyConditionTerm> terms;
  std::optional<BoundCondition> key_condition;
  if (req.key_condition_expression) {
    auto bound = binder.BindCondition(*req.key_condition_expression, ExpressionKind::kKeyCondition);
    if (!bound.ok()) return bound.status();
    key_condition = std::move(bound).value();
    auto extracted = key_condition->KeyConditionTerms();
    if (!extracted.ok()) return extracted.status();
    terms = std::move(extracted).value();
  } else if (req.key_conditions) {
    DYNAROCK_RETURN_IF_ERROR(LegacyKeyConditions(*req.key_conditions, &terms));
  } else {
    return Status::Validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
  }
  DYNAROCK_RETURN_IF_ERROR(PrepareRead(r, t, &binder, &spec, &filter, &projection));
  DYNAROCK_RETURN_IF_ERROR(binder.CheckAllUsed());
  const IndexDef* ix = spec.index;
  KeyConditionSpec kc;
  DYNAROCK_RETURN_IF_ERROR(MatchKeySchema(ix ? ix->hash : t.hash, ix ? ix->range : t.range, terms, &kc));
  DYNAROCK_RETURN_IF_ERROR(PartitionRange(t, ix, kc.partition, kc.sort, &spec.lower, &spec.upper));
  spec.forward = req.scan_index_forward;
  spec.limit = req.limit;
  if (req.exclusive_start_key) {
    std::string start;
    DYNAROCK_RETURN_IF_ERROR(StartKey(t, ix, *req.exclusive_start_key, &start));
    spec.start_after = std::move(start);
  }
  FinishSpec(r, filter, projection, &spec);
  return ReadPage(*storage_, spec, req.return_consumed_capacity);
}

Result<ScanResponse> EngineImpl::Scan(const RequestContext& ctx, ScanRequest req) {
  ReadRequest r{req.table_name,        req.index_name,         req.select,
                req.attributes_to_get, req.projection_expression, req.filter_expression,
                req.scan_filter,       "ScanFilter",           req.expression_attribute_names,
                req.expression_attribute_values, req.exclusive_start_key, req.consistent_read};
  DYNAROCK_RETURN_IF_ERROR(CheckReadRequest(r, false));
  if (req.segment.has_value() != req.total_segments.has_value()) {
    return Status::Validation(req.segment ? "The TotalSegments parameter is required but was not present in the request when Segment parameter is present"
                                          : "The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
  }
  if (req.segment && *req.segment >= *req.total_segments) {
    return Status::Validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: " +
                              std::to_string(*req.segment) + " is not less than TotalSegments: " +
                              std::to_string(*req.total_segments));
  }
  if (req.expression_attribute_values) {
    for (auto& [name, v] : *req.expression_attribute_values) DYNAROCK_RETURN_IF_ERROR(ValidateValue(&v));
  }
  auto table = FindTable(req.table_name, "Requested resource not found");
  if (!table.ok()) return table.status();
  const TableDef& t = **table;
  ExpressionBinder binder(
      Bindings{req.expression_attribute_names ? &*req.expression_attribute_names : nullptr,
               req.expression_attribute_values ? &*req.expression_attribute_values : nullptr});
  PageSpec spec;
  std::optional<BoundCondition> filter;
  std::optional<BoundProjection> projection;
  DYNAROCK_RETURN_IF_ERROR(PrepareRead(r, t, &binder, &spec, &filter, &projection));
  DYNAROCK_RETURN_IF_ERROR(binder.CheckAllUsed());
  const IndexDef* ix = spec.index;
  SegmentRange(ix ? ix->id : t.id, req.segment.value_or(0), req.total_segments.value_or(1), &spec.lower,
               &spec.upper);
  spec.limit = req.limit;
  if (req.exclusive_start_key) {
    std::string start;
    DYNAROCK_RETURN_IF_ERROR(StartKey(t, ix, *req.exclusive_start_key, &start));
    if (start < spec.lower || (!spec.upper.empty() && start >= spec.upper)) {
      return Status::Validation("The provided Exclusive start key does not map to the provided Segment and "
                                "TotalSegments values.");
    }
    spec.start_after = std::move(start);
  }
  FinishSpec(r, filter, projection, &spec);
  return ReadPage(*storage_, spec, req.return_consumed_capacity);
}

}  // namespace dynarock
