#include "wire/ops/java_dump.h"

namespace dynarock {

namespace {

std::string JavaDumpItem(const Item& item) {
  std::string out = "{";
  bool first = true;
  for (auto it : JavaHashMapOrder(item)) {
    if (!first) out += ", ";
    first = false;
    out += it->first + "=" + JavaDump(it->second);
  }
  return out + "}";
}

std::string JavaDumpSet(const AttributeValue::Set& set, bool binary) {
  std::string out = "[";
  for (size_t i = 0; i < set.size(); ++i) {
    if (i) out += ", ";
    out += binary ? "java.nio.HeapByteBuffer[pos=0 lim=" +
                        std::to_string(set[i].size()) +
                        " cap=" + std::to_string(set[i].size()) + "]"
                  : set[i];
  }
  return out + "]";
}

}  // namespace

std::string JavaDump(const AttributeValue& v) {
  auto field = [&](ValueType t, const std::string& text) {
    return v.type() == t ? text : std::string("null");
  };
  std::string list = "[";
  if (v.type() == ValueType::kL) {
    for (size_t i = 0; i < v.list().size(); ++i)
      list += (i ? ", " : "") + JavaDump(v.list()[i]);
  }
  list += "]";
  return "AttributeValue(s=" + field(ValueType::kS, v.scalar()) +
         ", n=" + field(ValueType::kN, v.scalar()) + ", b=" +
         field(ValueType::kB, "java.nio.HeapByteBuffer[pos=0 lim=" +
                                  std::to_string(v.scalar().size()) + " cap=" +
                                  std::to_string(v.scalar().size()) + "]") +
         ", iNT=null, dECIMAL=null, dOUBLE=null, sS=" +
         field(ValueType::kSS, JavaDumpSet(v.set(), false)) +
         ", nS=" + field(ValueType::kNS, JavaDumpSet(v.set(), false)) +
         ", bS=" + field(ValueType::kBS, JavaDumpSet(v.set(), true)) +
         ", iNTSET=null, dECIMALSET=null, dOUBLESET=null, m=" +
         field(ValueType::kM,
               v.type() == ValueType::kM ? JavaDumpItem(v.map()) : "") +
         ", l=" + field(ValueType::kL, list) +
         ", nULL=" + field(ValueType::kNull, "true") +
         ", bOOL=" + field(ValueType::kBool, v.boolean() ? "true" : "false") +
         ")";
}

std::string JavaDump(const WriteRequest& w) {
  std::string put = w.put_item
                        ? "PutRequest(item=" + JavaDumpItem(*w.put_item) +
                              ", workloadProfileName=null)"
                        : "null";
  std::string del = w.delete_key
                        ? "DeleteRequest(key=" + JavaDumpItem(*w.delete_key) +
                              ", workloadProfileName=null)"
                        : "null";
  return "WriteRequest(putRequest=" + put + ", deleteRequest=" + del + ")";
}

namespace {

std::string OrNull(const std::optional<std::string>& s) {
  return s ? *s : std::string("null");
}

std::string JavaDumpNames(const std::optional<AttributeNames>& names) {
  if (!names) return "null";
  std::string out = "{";
  bool first = true;
  for (auto it : JavaHashMapOrder(*names)) {
    if (!first) out += ", ";
    first = false;
    out += it->first + "=" + it->second;
  }
  return out + "}";
}

std::string JavaDumpValues(const std::optional<AttributeValues>& values) {
  return values ? JavaDumpItem(*values) : std::string("null");
}

std::string ReturnValuesName(ReturnValues r) {
  switch (r) {
    case ReturnValues::kNone:
      return "null";
    case ReturnValues::kAllOld:
      return "ALL_OLD";
    case ReturnValues::kAllNew:
      return "ALL_NEW";
    case ReturnValues::kUpdatedOld:
      return "UPDATED_OLD";
    case ReturnValues::kUpdatedNew:
      return "UPDATED_NEW";
  }
  return "null";
}

std::string JavaDumpParameters(
    const std::optional<std::vector<AttributeValue>>& params) {
  return params ? JavaDumpList(*params) : std::string("null");
}

}  // namespace

std::string JavaDump(const TransactWriteItem& a) {
  std::string check = "null", put = "null", del = "null", update = "null";
  if (a.condition_check) {
    const ConditionCheck& c = *a.condition_check;
    check = "ConditionCheck(key=" + JavaDumpItem(c.key) +
            ", tableName=" + c.table_name +
            ", conditionExpression=" + c.condition_expression +
            ", expressionAttributeNames=" +
            JavaDumpNames(c.expression_attribute_names) +
            ", expressionAttributeValues=" +
            JavaDumpValues(c.expression_attribute_values) +
            ", returnValuesOnConditionCheckFailure=" +
            ReturnValuesName(c.return_values_on_condition_check_failure) + ")";
  }
  // A Put's and a Delete's members after the first, alike.
  auto conditional = [](const auto& r) {
    return ", tableName=" + r.table_name +
           ", conditionExpression=" + OrNull(r.condition_expression) +
           ", expressionAttributeNames=" +
           JavaDumpNames(r.expression_attribute_names) +
           ", expressionAttributeValues=" +
           JavaDumpValues(r.expression_attribute_values) +
           ", returnValuesOnConditionCheckFailure=" +
           ReturnValuesName(r.return_values_on_condition_check_failure) + ")";
  };
  if (a.put)
    put = "Put(item=" + JavaDumpItem(a.put->item) + conditional(*a.put);
  if (a.del)
    del = "Delete(key=" + JavaDumpItem(a.del->key) + conditional(*a.del);
  if (a.update) {
    const UpdateItemRequest& u = *a.update;
    update = "Update(key=" + JavaDumpItem(u.key) +
             ", updateExpression=" + OrNull(u.update_expression) +
             ", tableName=" + u.table_name +
             ", conditionExpression=" + OrNull(u.condition_expression) +
             ", expressionAttributeNames=" +
             JavaDumpNames(u.expression_attribute_names) +
             ", expressionAttributeValues=" +
             JavaDumpValues(u.expression_attribute_values) +
             ", returnValuesOnConditionCheckFailure=" +
             ReturnValuesName(u.return_values_on_condition_check_failure) + ")";
  }
  return "TransactWriteItem(conditionCheck=" + check + ", put=" + put +
         ", delete=" + del + ", update=" + update + ")";
}

std::string JavaDump(const KeysAndAttributes& k) {
  std::string keys = "[";
  for (size_t i = 0; i < k.keys.size(); ++i)
    keys += (i ? ", " : "") + JavaDumpItem(k.keys[i]);
  keys += "]";
  std::string attributes = "null";
  if (k.attributes_to_get) {
    attributes = "[";
    for (size_t i = 0; i < k.attributes_to_get->size(); ++i)
      attributes += (i ? ", " : "") + (*k.attributes_to_get)[i];
    attributes += "]";
  }
  return "KeysAndAttributes(keys=" + keys + ", attributesToGet=" + attributes +
         ", consistentRead=" + (k.consistent_read ? "true" : "null") +
         ", projectionExpression=" + OrNull(k.projection_expression) +
         ", expressionAttributeNames=" +
         JavaDumpNames(k.expression_attribute_names) +
         ", workloadProfileName=null)";
}

std::string JavaDump(const GetItemRequest& g) {
  return "TransactGetItem(get=Get(key=" + JavaDumpItem(g.key) +
         ", tableName=" + g.table_name +
         ", projectionExpression=" + OrNull(g.projection_expression) +
         ", expressionAttributeNames=" +
         JavaDumpNames(g.expression_attribute_names) + "))";
}

std::string JavaDump(const BatchStatementRequest& b) {
  return "BatchStatementRequest(statement=" + b.statement +
         ", parameters=" + JavaDumpParameters(b.parameters) +
         ", consistentRead=" + (b.consistent_read ? "true" : "null") +
         ", returnValuesOnConditionCheckFailure=" +
         ReturnValuesName(b.return_values_on_condition_check_failure) + ")";
}

std::string JavaDump(const ParameterizedStatement& p) {
  return "ParameterizedStatement(statement=" + p.statement +
         ", parameters=" + JavaDumpParameters(p.parameters) +
         ", returnValuesOnConditionCheckFailure=" +
         ReturnValuesName(p.return_values_on_condition_check_failure) + ")";
}

}  // namespace dynarock
