// PartiQL's ExecuteStatement: a statement parsed (engine/partiql/) and
// planned as the operation it amounts to, whose typed request this builds
// and runs, with its expressions written in the expression language: the
// engine's own validation, evaluation, capacity and errors apply, and there
// is no second evaluator.
//
//   SELECT  a Query per partition key value when the WHERE fixes the (table's
//           or index's) partition key by equality, IN or an OR of
//           equalities, with a sort key condition taken into the key
//           condition and the rest as a filter; else a Scan filtered by the
//           WHERE. NextToken carries the query and its LastEvaluatedKey.
//   INSERT  PutItem on condition that the item is absent
//           (DuplicateItemException otherwise).
//   UPDATE  UpdateItem of the item the WHERE's key equalities name, on
//           condition that it exists and the rest of the WHERE holds.
//   DELETE  DeleteItem of that item, on condition that it is absent or the
//           rest of the WHERE holds.
#include "engine/partiql/partiql.h"

#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <functional>

#include "engine/format/base64.h"
#include "engine/format/item_codec.h"
#include "engine/format/number.h"
#include "engine/ops/capacity.h"
#include "engine/ops/engine_impl.h"
#include "engine/schema/validate.h"

namespace dynarock {
namespace {

using partiql::Expr;
using partiql::Path;

// Names and values of the expressions being written, as placeholders.
class Placeholders {
 public:
  Placeholders(const std::vector<AttributeValue>& params, std::string_view text)
      : params_(params), text_(text) {}

  // " at LINE:COLUMN:LENGTH" of the statement at `position`.
  std::string At(size_t position, size_t length) const {
    return partiql::At(text_, position, length);
  }
  Status Unrecognized(const Expr& call) const {
    return Status::Validation("Unrecognized function: " + call.op +
                              At(call.position, call.op.size()));
  }

  std::string Name(const std::string& name) {
    for (const auto& [k, v] : names_) {
      if (v == name) return k;
    }
    std::string k = "#p" + std::to_string(names_.size());
    names_[k] = name;
    return k;
  }
  std::string Value(AttributeValue v) {
    std::string k = ":p" + std::to_string(values_.size());
    values_[k] = std::move(v);
    return k;
  }
  std::string PathText(const Path& p) {
    std::string out;
    for (size_t i = 0; i < p.steps.size(); ++i) {
      if (p.steps[i].is_index) {
        out += "[" + std::to_string(p.steps[i].index) + "]";
      } else {
        if (i) out += ".";
        out += Name(p.steps[i].name);
      }
    }
    return out;
  }

  // A value expression (literal, '?', map, list, set) as its value; `where`
  // names it in errors ("root", "root.k", "root[1]").
  Result<AttributeValue> Resolve(const Expr& e,
                                 const std::string& where = "root") {
    switch (e.kind) {
      case Expr::kLiteral: {
        if (e.literal.type() != ValueType::kN) return e.literal;
        std::string n = e.literal.scalar();
        if (Status st = NormalizeNumber(&n); !st.ok())
          return Status::Validation(st.message() + " under " +
                                    (where.empty() ? "root" : where));
        return e.literal;
      }
      case Expr::kParam:
        return params_[static_cast<size_t>(e.param)];
      case Expr::kMap: {
        AttributeValue::Map m;
        for (size_t i = 0; i < e.args.size(); ++i) {
          if (m.count(e.keys[i])) {
            return Status::Validation(
                "Duplicate keys in tuple. Key: " + e.keys[i] + " under root");
          }
          DYNAROCK_ASSIGN_OR_RETURN(
              m[e.keys[i]],
              // An item's attributes are the root; a map's below it.
              Resolve(*e.args[i],
                      where.empty() ? "root" : where + "." + e.keys[i]));
        }
        return AttributeValue::M(std::move(m));
      }
      case Expr::kList: {
        AttributeValue::List l;
        for (size_t i = 0; i < e.args.size(); ++i) {
          DYNAROCK_ASSIGN_OR_RETURN(
              AttributeValue v,
              Resolve(*e.args[i], (where.empty() ? "root" : where) + "[" +
                                      std::to_string(i) + "]"));
          l.push_back(std::move(v));
        }
        return AttributeValue::L(std::move(l));
      }
      case Expr::kSet: {
        AttributeValue::Set members;
        std::optional<ValueType> type;
        for (const auto& a : e.args) {
          DYNAROCK_ASSIGN_OR_RETURN(AttributeValue v, Resolve(*a));
          if ((v.type() != ValueType::kS && v.type() != ValueType::kN) ||
              (type && *type != v.type())) {
            return Status::Validation(
                "Unsupported data type in Bag. DynamoDB only supports either "
                "numbers or strings in bags");
          }
          type = v.type();
          members.push_back(v.scalar());
        }
        return *type == ValueType::kS ? AttributeValue::SS(std::move(members))
                                      : AttributeValue::NS(std::move(members));
      }
      case Expr::kCall:
        return Status::Validation(
            "Unsupported data type: " + e.op + " under key " +
            (where.empty() ? "root" : where) + At(e.position, e.op.size()));
      default:
        return Status::Validation(
            "Statement wasn't well formed, can't be processed: Expected a "
            "value");
    }
  }

  static bool IsValue(const Expr& e) {
    return e.kind == Expr::kLiteral || e.kind == Expr::kParam ||
           e.kind == Expr::kMap || e.kind == Expr::kList ||
           e.kind == Expr::kSet;
  }

  // An operand of a condition: a path, a value or size(path).
  Result<std::string> Operand(const Expr& e) {
    if (e.kind == Expr::kPath) return PathText(e.path);
    if (IsValue(e)) {
      DYNAROCK_ASSIGN_OR_RETURN(AttributeValue v, Resolve(e));
      return Value(std::move(v));
    }
    if (e.kind == Expr::kCall && e.op == "size" && e.args.size() == 1 &&
        e.args[0]->kind == Expr::kPath)
      return "size(" + PathText(e.args[0]->path) + ")";
    if (e.kind == Expr::kCall) return Unrecognized(e);
    return Status::Validation(
        "WHERE clause must contain an expression that resolves to a boolean");
  }

  // A condition in the expression language, parenthesized only where
  // precedence needs it (the expression parser refuses redundant
  // parentheses): `parent` is the binding of the operator around it, 0 at
  // the top, 1 under OR, 2 under AND, 3 under NOT.
  Result<std::string> Condition(const Expr& e, int parent = 0) {
    switch (e.kind) {
      case Expr::kAnd:
      case Expr::kOr: {
        const int own = e.kind == Expr::kAnd ? 2 : 1;
        DYNAROCK_ASSIGN_OR_RETURN(std::string a, Condition(*e.args[0], own));
        DYNAROCK_ASSIGN_OR_RETURN(std::string b, Condition(*e.args[1], own));
        std::string out = a + (e.kind == Expr::kAnd ? " AND " : " OR ") + b;
        return parent > own ? "(" + out + ")" : out;
      }
      case Expr::kNot: {
        DYNAROCK_ASSIGN_OR_RETURN(std::string a, Condition(*e.args[0], 3));
        return "NOT " + a;
      }
      case Expr::kCompare: {
        // A condition compared with TRUE or FALSE is that condition or its
        // negation: `attribute_exists(a) = true`.
        for (int side = 0; side < 2; ++side) {
          const Expr& f = *e.args[side];
          const Expr& v = *e.args[1 - side];
          if (f.kind == Expr::kCall && f.op != "size" &&
              v.kind == Expr::kLiteral &&
              v.literal.type() == ValueType::kBool &&
              (e.op == "=" || e.op == "<>")) {
            const bool holds = v.literal.boolean() == (e.op == "=");
            DYNAROCK_ASSIGN_OR_RETURN(std::string c,
                                      Condition(f, holds ? parent : 3));
            return holds ? c : "NOT " + c;
          }
        }
        DYNAROCK_ASSIGN_OR_RETURN(std::string a, Operand(*e.args[0]));
        DYNAROCK_ASSIGN_OR_RETURN(std::string b, Operand(*e.args[1]));
        return a + " " + e.op + " " + b;
      }
      case Expr::kBetween: {
        DYNAROCK_ASSIGN_OR_RETURN(std::string a, Operand(*e.args[0]));
        DYNAROCK_ASSIGN_OR_RETURN(std::string b, Operand(*e.args[1]));
        DYNAROCK_ASSIGN_OR_RETURN(std::string c, Operand(*e.args[2]));
        return a + " BETWEEN " + b + " AND " + c;
      }
      case Expr::kIn: {
        DYNAROCK_ASSIGN_OR_RETURN(std::string a, Operand(*e.args[0]));
        std::string list;
        for (size_t i = 1; i < e.args.size(); ++i) {
          DYNAROCK_ASSIGN_OR_RETURN(std::string v, Operand(*e.args[i]));
          list += (i > 1 ? ", " : "") + v;
        }
        return a + " IN (" + list + ")";
      }
      case Expr::kIs: {
        DYNAROCK_ASSIGN_OR_RETURN(std::string c, IsCondition(e));
        return e.negated && parent == 3 ? "(" + c + ")" : c;
      }
      case Expr::kCall: {
        static const char* const kConditions[] = {
            "begins_with", "contains", "attribute_type", "attribute_exists",
            "attribute_not_exists"};
        if (std::none_of(std::begin(kConditions), std::end(kConditions),
                         [&](const char* f) { return e.op == f; }))
          return Unrecognized(e);
        // The service's checks of a function's operands.
        const size_t want =
            e.op == "attribute_exists" || e.op == "attribute_not_exists" ? 1
                                                                         : 2;
        if (e.args.size() != want) {
          return Status::Validation(
              "Incorrect number of operands for operator or function; "
              "operator or function: " +
              e.op + ", number of operands: " + std::to_string(e.args.size()));
        }
        if (e.args[0]->kind != Expr::kPath) {
          return Status::Validation(
              "Operator or function requires a document path; operator or "
              "function: " +
              e.op);
        }
        std::string args;
        for (size_t i = 0; i < e.args.size(); ++i) {
          DYNAROCK_ASSIGN_OR_RETURN(std::string a, Operand(*e.args[i]));
          args += (i ? ", " : "") + a;
        }
        return e.op + "(" + args + ")";
      }
      default:
        return Status::Validation(
            "WHERE clause must contain an expression that resolves to a "
            "boolean");
    }
  }

  AttributeNames names() const { return names_; }
  AttributeValues values() const { return values_; }

 private:
  Result<std::string> IsCondition(const Expr& e) {
    if (e.args[0]->kind != Expr::kPath) {
      return Status::Validation(
          "Operator or function requires a document path; operator or "
          "function: IS");
    }
    const std::string path = PathText(e.args[0]->path);
    std::string cond;
    if (e.op == "MISSING") {
      cond = "attribute_not_exists(" + path + ")";
    } else {
      static const std::pair<const char*, const char*> kTypes[] = {
          {"NULL", "NULL"}, {"BOOLEAN", "BOOL"}, {"BOOL", "BOOL"},
          {"BLOB", "B"},    {"STRING", "S"},     {"NUMERIC", "N"},
          {"NUMBER", "N"},  {"STRUCT", "M"},     {"TUPLE", "M"},
          {"LIST", "L"}};
      const char* type = nullptr;
      for (const auto& [word, t] : kTypes) {
        if (e.op == word) type = t;
      }
      if (!type) {
        return Status::Validation(
            "Unsupported data type for IS operator: " + e.op +
            ". Supported data types are [MISSING, NULL, BOOLEAN, BLOB, "
            "STRING, NUMERIC, STRUCT, TUPLE, LIST]");
      }
      cond = "attribute_type(" + path + ", " + Value(AttributeValue::S(type)) +
             ")";
    }
    return e.negated ? "NOT " + cond : cond;
  }

  const std::vector<AttributeValue>& params_;
  const std::string_view text_;
  AttributeNames names_;
  AttributeValues values_;
};

// The conjuncts of a WHERE (its top-level ANDs).
void Conjuncts(const Expr* e, std::vector<const Expr*>* out) {
  if (!e) return;
  if (e->kind == Expr::kAnd) {
    Conjuncts(e->args[0].get(), out);
    Conjuncts(e->args[1].get(), out);
  } else {
    out->push_back(e);
  }
}

bool IsAttribute(const Expr& e, const std::string& name) {
  return e.kind == Expr::kPath && e.path.steps.size() == 1 &&
         !e.path.steps[0].is_index && e.path.steps[0].name == name;
}

// `name = value` (either way round): the value.
const Expr* EqualityOn(const Expr& e, const std::string& name) {
  if (e.kind != Expr::kCompare || e.op != "=") return nullptr;
  if (IsAttribute(*e.args[0], name) && Placeholders::IsValue(*e.args[1]))
    return e.args[1].get();
  if (IsAttribute(*e.args[1], name) && Placeholders::IsValue(*e.args[0]))
    return e.args[0].get();
  return nullptr;
}

// The values a condition fixes `name` to: `name = v`, `name IN [...]`, or
// an OR of such equalities; empty when it does not.
std::vector<const Expr*> KeyValues(const Expr& e, const std::string& name) {
  if (const Expr* v = EqualityOn(e, name)) return {v};
  if (e.kind == Expr::kIn && IsAttribute(*e.args[0], name)) {
    std::vector<const Expr*> out;
    for (size_t i = 1; i < e.args.size(); ++i) {
      if (!Placeholders::IsValue(*e.args[i])) return {};
      out.push_back(e.args[i].get());
    }
    return out;
  }
  if (e.kind == Expr::kOr) {
    auto a = KeyValues(*e.args[0], name);
    auto b = KeyValues(*e.args[1], name);
    if (a.empty() || b.empty()) return {};
    a.insert(a.end(), b.begin(), b.end());
    return a;
  }
  return {};
}

// A sort key condition the key condition can take.
bool IsSortKeyCondition(const Expr& e, const std::string& name) {
  if (e.kind == Expr::kCompare && e.op != "<>") {
    return (IsAttribute(*e.args[0], name) &&
            Placeholders::IsValue(*e.args[1])) ||
           (IsAttribute(*e.args[1], name) && Placeholders::IsValue(*e.args[0]));
  }
  if (e.kind == Expr::kBetween)
    return IsAttribute(*e.args[0], name) && Placeholders::IsValue(*e.args[1]) &&
           Placeholders::IsValue(*e.args[2]);
  if (e.kind == Expr::kCall && e.op == "begins_with" && e.args.size() == 2)
    return IsAttribute(*e.args[0], name) && Placeholders::IsValue(*e.args[1]);
  return false;
}

// ---- NextToken: which query, where it stopped, and the statement's hash.

std::string EncodeToken(uint64_t hash, size_t query, const Item& key) {
  Item t{{"h", AttributeValue::N(std::to_string(hash))},
         {"q", AttributeValue::N(std::to_string(query))},
         {"k", AttributeValue::M(key)}};
  std::string bytes, out;
  EncodeItem(t, &bytes);
  AppendBase64(bytes, &out);
  return out;
}

Status DecodeToken(const std::string& text, uint64_t hash, size_t* query,
                   Item* key) {
  std::string bytes;
  Item t;
  if (!DecodeBase64(text, &bytes) || !DecodeItem(bytes, &t) || !t.count("h") ||
      !t.count("q") || !t.count("k") || t.at("k").type() != ValueType::kM)
    return Status::Validation("Invalid NextToken");
  if (t.at("h").scalar() != std::to_string(hash))
    return Status::Validation("NextToken does not match request");
  *query = std::stoull(t.at("q").scalar());
  *key = t.at("k").map();
  return Status::OK();
}

// Of the placeholders, those the expressions use (the service refuses a
// request with names or values it does not use).
template <typename Map>
std::optional<Map> UsedIn(const Map& all,
                          const std::vector<const std::string*>& texts) {
  Map used;
  for (const auto& [k, v] : all) {
    for (const std::string* t : texts) {
      if (!t) continue;
      for (size_t at = t->find(k); at != std::string::npos;
           at = t->find(k, at + 1)) {
        const size_t end = at + k.size();
        if (end == t->size() ||
            !std::isalnum(static_cast<unsigned char>((*t)[end]))) {
          used.emplace(k, v);
          break;
        }
      }
    }
  }
  if (used.empty()) return std::nullopt;
  return used;
}

void AddCapacity(const std::optional<ConsumedCapacity>& c,
                 std::optional<ConsumedCapacity>* total) {
  if (!c) return;
  if (!*total) {
    *total = c;
    return;
  }
  AddConsumedCapacity(*c, &**total);
}

// An item as a projection returns it: each path under its last name (a
// nested path `a.b` answers {"b": ...}, as the service does).
Item Project(const Item& item, const std::vector<Path>& paths) {
  Item out;
  for (const Path& p : paths) {
    const AttributeValue* v = nullptr;
    auto top = item.find(p.steps[0].name);
    if (top != item.end()) v = &top->second;
    std::string name = p.steps[0].name;
    for (size_t i = 1; v && i < p.steps.size(); ++i) {
      const auto& s = p.steps[i];
      if (s.is_index) {
        if (v->type() != ValueType::kL ||
            s.index >= static_cast<int64_t>(v->list().size())) {
          v = nullptr;
          break;
        }
        v = &v->list()[static_cast<size_t>(s.index)];
        name += "[" + std::to_string(s.index) + "]";
      } else {
        if (v->type() != ValueType::kM) {
          v = nullptr;
          break;
        }
        auto it = v->map().find(s.name);
        v = it == v->map().end() ? nullptr : &it->second;
        name = s.name;
      }
    }
    if (v) out[name] = *v;
  }
  return out;
}

const std::string* KeyCondition(const QueryRequest& q) {
  return q.key_condition_expression ? &*q.key_condition_expression : nullptr;
}
const std::string* KeyCondition(const ScanRequest&) { return nullptr; }

Status KeyNotFixed() {
  return Status::Validation(
      "Where clause does not contain a mandatory equality on all key "
      "attributes");
}

// The key a WHERE fixes by equalities on every key attribute, and the rest
// of it as a condition.
Status KeyAndCondition(const TableDef& def, const Expr* where, Placeholders& ph,
                       Item* key, std::string* condition) {
  std::vector<const Expr*> conj;
  Conjuncts(where, &conj);
  std::vector<const KeyAttribute*> key_attrs{&def.hash};
  if (def.range) key_attrs.push_back(&*def.range);
  for (const Expr* c : conj) {
    bool used = false;
    for (const KeyAttribute* k : key_attrs) {
      const Expr* v = EqualityOn(*c, k->name);
      if (!v) continue;
      if (key->count(k->name)) {
        return Status::Validation("Multiple conditions on same key " + k->name +
                                  ". Only single item Update/Insert/Delete "
                                  "are supported");
      }
      DYNAROCK_ASSIGN_OR_RETURN((*key)[k->name], ph.Resolve(*v));
      used = true;
    }
    if (used) continue;
    DYNAROCK_ASSIGN_OR_RETURN(std::string t, ph.Condition(*c, 2));
    *condition += (condition->empty() ? "" : " AND ") + t;
  }
  if (key->size() != key_attrs.size()) return KeyNotFixed();
  return Status::OK();
}

ReturnValues ReturnValuesOf(const std::optional<partiql::Returning>& r) {
  if (!r) return ReturnValues::kNone;
  switch (*r) {
    case partiql::Returning::kAllOld:
      return ReturnValues::kAllOld;
    case partiql::Returning::kAllNew:
      return ReturnValues::kAllNew;
    case partiql::Returning::kModifiedOld:
      return ReturnValues::kUpdatedOld;
    case partiql::Returning::kModifiedNew:
      return ReturnValues::kUpdatedNew;
  }
  return ReturnValues::kNone;
}

// UPDATE's actions as an UpdateExpression: SET a = v, ...; set_add and
// set_delete as ADD and DELETE; REMOVE p.
Result<std::string> UpdateExpressionOf(const partiql::Update& up,
                                       Placeholders& ph) {
  std::string set, add, remove, del;
  std::function<Result<std::string>(const Expr&)> operand =
      [&](const Expr& e) -> Result<std::string> {
    if (e.kind == Expr::kArith) {
      DYNAROCK_ASSIGN_OR_RETURN(std::string l, operand(*e.args[0]));
      DYNAROCK_ASSIGN_OR_RETURN(std::string r, operand(*e.args[1]));
      return l + " " + e.op + " " + r;
    }
    if (e.kind == Expr::kCall && e.op == "list_append" && e.args.size() == 2) {
      DYNAROCK_ASSIGN_OR_RETURN(std::string l, operand(*e.args[0]));
      DYNAROCK_ASSIGN_OR_RETURN(std::string r, operand(*e.args[1]));
      return "list_append(" + l + ", " + r + ")";
    }
    if (e.kind == Expr::kCall) return ph.Unrecognized(e);
    return ph.Operand(e);
  };
  for (const partiql::UpdateAction& a : up.actions) {
    const std::string path = ph.PathText(a.path);
    if (a.remove) {
      remove += (remove.empty() ? "" : ", ") + path;
      continue;
    }
    const Expr& v = *a.value;
    if (v.kind == Expr::kCall && (v.op == "set_add" || v.op == "set_delete")) {
      const std::string fn = v.op == "set_add" ? "SET_ADD" : "SET_DELETE";
      const std::string at_fn = ph.At(v.position, v.op.size());
      if (v.args.size() != 2)
        return Status::Validation(fn + " must have exactly two arguments" +
                                  at_fn);
      if (v.args[0]->kind != Expr::kPath ||
          v.args[0]->path.Text() != a.path.Text()) {
        return Status::Validation("The first argument to " + fn +
                                  " must equal the assignment value" + at_fn);
      }
      if (v.args[1]->kind != Expr::kSet && v.args[1]->kind != Expr::kParam) {
        // The service places this one at the first argument.
        return Status::Validation(
            "The second argument to " + fn + " must be a value with type SET" +
            ph.At(v.args[0]->position, v.args[0]->path.Text().size()));
      }
      DYNAROCK_ASSIGN_OR_RETURN(AttributeValue set_value,
                                ph.Resolve(*v.args[1]));
      std::string& clause = v.op == "set_add" ? add : del;
      clause += (clause.empty() ? "" : ", ") + path + " " +
                ph.Value(std::move(set_value));
      continue;
    }
    DYNAROCK_ASSIGN_OR_RETURN(std::string value, operand(v));
    set += (set.empty() ? "" : ", ") + path + " = " + value;
  }
  std::string out;
  for (const auto& [word, clause] :
       {std::pair<const char*, std::string*>{"SET ", &set},
        {"REMOVE ", &remove},
        {"ADD ", &add},
        {"DELETE ", &del}}) {
    if (clause->empty()) continue;
    out += (out.empty() ? "" : " ") + std::string(word) + *clause;
  }
  return out;
}

const std::string& TableOf(const partiql::Statement& st) {
  switch (st.kind) {
    case partiql::Statement::kInsert:
      return st.insert->table;
    case partiql::Statement::kUpdate:
      return st.update->table;
    case partiql::Statement::kDelete:
      return st.del->table;
    default:
      return st.select->table;
  }
}

bool IsRead(const partiql::Statement& st) {
  return st.kind == partiql::Statement::kSelect;
}

// A write statement (INSERT, UPDATE, DELETE, EXISTS) as the transaction
// item it amounts to: a Put, Update, Delete or ConditionCheck.
Result<TransactWriteItem> PlanWrite(const partiql::Statement& st,
                                    const TableDef& def, Placeholders& ph,
                                    ReturnValues on_failure) {
  TransactWriteItem w;
  const std::string pk = ph.Name(def.hash.name);
  if (st.kind == partiql::Statement::kInsert) {
    DYNAROCK_ASSIGN_OR_RETURN(AttributeValue item,
                              ph.Resolve(*st.insert->value, ""));
    if (item.type() != ValueType::kM) {
      return Status::Validation(
          "Unsupported format in item expression. Please use struct format "
          "{...} to express item values for insert statement.");
    }
    PutItemRequest& put = w.put.emplace();
    put.table_name = def.name;
    put.item = item.map();
    put.condition_expression = "attribute_not_exists(" + pk + ")";
    put.expression_attribute_names =
        UsedIn(ph.names(), {&*put.condition_expression});
    return w;
  }
  if (st.kind == partiql::Statement::kExists) {
    const partiql::Select& sel = *st.select;
    if (sel.index)
      return Status::Validation(
          "Operations on indices are not supported in transactions");
    ConditionCheck& check = w.condition_check.emplace();
    check.table_name = def.name;
    DYNAROCK_RETURN_IF_ERROR(KeyAndCondition(
        def, sel.where.get(), ph, &check.key, &check.condition_expression));
    if (check.condition_expression.empty()) {
      return Status::Validation(
          "EXISTS() must contain a single item read with additional "
          "condition");
    }
    check.expression_attribute_names =
        UsedIn(ph.names(), {&check.condition_expression});
    check.expression_attribute_values =
        UsedIn(ph.values(), {&check.condition_expression});
    check.return_values_on_condition_check_failure = on_failure;
    return w;
  }
  if (st.kind == partiql::Statement::kDelete) {
    const partiql::Delete& del = *st.del;
    if (del.returning && *del.returning != partiql::Returning::kAllOld) {
      return Status::Validation(
          "Invalid returning clause: " + del.returning_text +
          ". Only RETURNING ALL OLD * is allowed in "
          "DELETE statements.");
    }
    DeleteItemRequest& d = w.del.emplace();
    d.table_name = def.name;
    std::string condition;
    DYNAROCK_RETURN_IF_ERROR(
        KeyAndCondition(def, del.where.get(), ph, &d.key, &condition));
    // A missing item is no failure: only one that is there must meet the
    // rest of the WHERE.
    if (!condition.empty())
      d.condition_expression =
          "attribute_not_exists(" + pk + ") OR " + condition;
    d.return_values = ReturnValuesOf(del.returning);
    d.return_values_on_condition_check_failure = on_failure;
    const std::string* c =
        d.condition_expression ? &*d.condition_expression : nullptr;
    d.expression_attribute_names = UsedIn(ph.names(), {c});
    d.expression_attribute_values = UsedIn(ph.values(), {c});
    return w;
  }
  const partiql::Update& up = *st.update;
  UpdateItemRequest& u = w.update.emplace();
  u.table_name = def.name;
  std::string condition;
  DYNAROCK_RETURN_IF_ERROR(
      KeyAndCondition(def, up.where.get(), ph, &u.key, &condition));
  DYNAROCK_ASSIGN_OR_RETURN(u.update_expression, UpdateExpressionOf(up, ph));
  // UPDATE never creates an item.
  u.condition_expression = "attribute_exists(" + pk + ")" +
                           (condition.empty() ? "" : " AND " + condition);
  u.expression_attribute_names =
      UsedIn(ph.names(), {&*u.update_expression, &*u.condition_expression});
  u.expression_attribute_values =
      UsedIn(ph.values(), {&*u.update_expression, &*u.condition_expression});
  u.return_values = ReturnValuesOf(up.returning);
  u.return_values_on_condition_check_failure = on_failure;
  return w;
}

// A SELECT of one item by its whole key (what batches and transactions
// read), as a GetItem; false when it is not one.
bool PlanKeyRead(const partiql::Statement& st, const TableDef& def,
                 Placeholders& ph, GetItemRequest* get) {
  const partiql::Select& sel = *st.select;
  if (sel.index || !sel.order_by.empty()) return false;
  std::string rest;
  if (!KeyAndCondition(def, sel.where.get(), ph, &get->key, &rest).ok() ||
      !rest.empty())
    return false;
  get->table_name = def.name;
  std::string projection;
  std::vector<std::string> seen;
  for (const Path& path : sel.projection) {
    const std::string& top = path.steps[0].name;
    if (std::find(seen.begin(), seen.end(), top) != seen.end()) continue;
    seen.push_back(top);
    projection += (projection.empty() ? "" : ", ") + ph.Name(top);
  }
  if (!projection.empty()) {
    get->projection_expression = projection;
    get->expression_attribute_names = UsedIn(ph.names(), {&projection});
  }
  return true;
}

// A batch member's error code for a failure.
std::string BatchErrorCode(ErrorType t) {
  switch (t) {
    case ErrorType::kConditionalCheckFailedException:
      return "ConditionalCheckFailed";
    case ErrorType::kDuplicateItemException:
      return "DuplicateItem";
    case ErrorType::kValidationException:
      return "ValidationError";
    case ErrorType::kResourceNotFoundException:
      return "ResourceNotFound";
    case ErrorType::kTransactionConflictException:
      return "TransactionConflict";
    case ErrorType::kItemCollectionSizeLimitExceededException:
      return "ItemCollectionSizeLimitExceeded";
    case ErrorType::kProvisionedThroughputExceededException:
      return "ProvisionedThroughputExceeded";
    case ErrorType::kRequestLimitExceeded:
      return "RequestLimitExceeded";
    default:
      return "InternalServerError";
  }
}

// An error of the operation a statement ran as, in the statement's terms:
// without the expression it names ("Invalid FilterExpression: ...") or
// the placeholder a value went in.
Status AsStatementError(Status s) {
  if (s.ok() || s.type() != ErrorType::kValidationException) return s;
  std::string m = s.message();
  for (const char* prefix :
       {"Invalid FilterExpression: ", "Invalid ConditionExpression: ",
        "Invalid KeyConditionExpression: ", "Invalid UpdateExpression: ",
        "Invalid ProjectionExpression: "}) {
    if (m.rfind(prefix, 0) == 0) m = m.substr(std::strlen(prefix));
  }
  constexpr std::string_view kValues =
      "ExpressionAttributeValues contains invalid value: ";
  if (m.rfind(kValues, 0) == 0) {
    m = m.substr(kValues.size());
    if (size_t at = m.rfind(" for key :"); at != std::string::npos)
      m.resize(at);
  }
  // A value with no text: the message ends where the text would be.
  if (m.size() >= 2 && m.compare(m.size() - 2, 2, ": ") == 0)
    m.resize(m.size() - 2);
  return Status::Validation(m);
}

// A parameter's numbers, each one a number the service can store.
Status CheckParameterNumbers(const AttributeValue& v) {
  auto check = [](std::string text) {
    if (NormalizeNumber(&text).ok()) return Status::OK();
    const std::string m =
        "The parameter cannot be converted to a numeric value";
    return Status::Validation(text.empty() ? m : m + ": " + text);
  };
  switch (v.type()) {
    case ValueType::kN:
      return check(v.scalar());
    case ValueType::kNS:
      for (const std::string& n : v.set()) DYNAROCK_RETURN_IF_ERROR(check(n));
      return Status::OK();
    case ValueType::kL:
      for (const AttributeValue& e : v.list())
        DYNAROCK_RETURN_IF_ERROR(CheckParameterNumbers(e));
      return Status::OK();
    case ValueType::kM:
      for (const auto& [_, e] : v.map())
        DYNAROCK_RETURN_IF_ERROR(CheckParameterNumbers(e));
      return Status::OK();
    default:
      return Status::OK();
  }
}

// How deep a value nests (a scalar: 0; a map or list: one more than its
// deepest member).
int Depth(const AttributeValue& v) {
  int d = 0;
  if (v.type() == ValueType::kL) {
    for (const AttributeValue& e : v.list()) d = std::max(d, Depth(e));
    return d + 1;
  }
  if (v.type() == ValueType::kM) {
    for (const auto& [_, e] : v.map()) d = std::max(d, Depth(e));
    return d + 1;
  }
  return 0;
}

// What the service checks of parameters before the statement, one after
// the other: how deep each nests (32 levels), then its numbers.
Status CheckParameters(
    const std::optional<std::vector<AttributeValue>>& params) {
  if (!params) return Status::OK();
  for (const AttributeValue& v : *params) {
    if (Depth(v) > 32) {
      return Status::Validation(
          "Nesting Levels have exceeded supported limits: Attributes in the "
          "item have nested levels beyond supported limit");
    }
    DYNAROCK_RETURN_IF_ERROR(CheckParameterNumbers(v));
  }
  return Status::OK();
}

// Parses a statement and checks its parameters.
Result<partiql::Statement> ParseWithParameters(
    const std::string& text,
    const std::optional<std::vector<AttributeValue>>& params) {
  DYNAROCK_RETURN_IF_ERROR(CheckParameters(params));
  DYNAROCK_ASSIGN_OR_RETURN(partiql::Statement st, partiql::Parse(text));
  if (static_cast<size_t>(st.parameters) != (params ? params->size() : 0)) {
    return Status::Validation(
        "Number of parameters in request and statement don't match.");
  }
  return st;
}

// Runs a write statement (INSERT, UPDATE, DELETE) as the single-item
// operation PlanWrite makes of it: Items holds what RETURNING returns.
Result<ExecuteStatementResponse> RunWrite(
    Engine& engine, const RequestContext& ctx, const TableDef& def,
    const partiql::Statement& st, Placeholders& ph, ReturnValues on_failure,
    ReturnConsumedCapacity capacity) {
  DYNAROCK_ASSIGN_OR_RETURN(TransactWriteItem w,
                            PlanWrite(st, def, ph, on_failure));
  ExecuteStatementResponse resp;
  std::optional<Item> returned;
  if (w.put) {
    w.put->return_consumed_capacity = capacity;
    auto r = engine.PutItem(ctx, std::move(*w.put));
    if (!r.ok() &&
        r.status().type() == ErrorType::kConditionalCheckFailedException) {
      return Status(ErrorType::kDuplicateItemException,
                    "Duplicate primary key exists in table");
    }
    if (!r.ok()) return AsStatementError(r.status());
    resp.consumed_capacity = std::move(r->consumed_capacity);
  } else if (w.del) {
    w.del->return_consumed_capacity = capacity;
    auto r = engine.DeleteItem(ctx, std::move(*w.del));
    if (!r.ok()) return AsStatementError(r.status());
    returned = std::move(r->attributes);
    resp.consumed_capacity = std::move(r->consumed_capacity);
  } else {
    w.update->return_consumed_capacity = capacity;
    auto r = engine.UpdateItem(ctx, std::move(*w.update));
    if (!r.ok()) return AsStatementError(r.status());
    returned = std::move(r->attributes);
    resp.consumed_capacity = std::move(r->consumed_capacity);
  }
  if (returned && !returned->empty())
    resp.items.push_back(std::move(*returned));
  return resp;
}

}  // namespace

Result<ExecuteStatementResponse> EngineImpl::ExecuteStatement(
    const RequestContext& ctx, const ExecuteStatementRequest& req) {
  DYNAROCK_ASSIGN_OR_RETURN(partiql::Statement st,
                            ParseWithParameters(req.statement, req.parameters));
  const std::vector<AttributeValue> params =
      req.parameters.value_or(std::vector<AttributeValue>{});
  if (st.kind == partiql::Statement::kExists) {
    return Status::Validation(
        "EXISTS can only be used in ExecuteTransaction write requests.");
  }
  Placeholders ph(params, req.statement);
  ExecuteStatementResponse resp;
  const std::string not_found = "Requested resource not found";
  if (!IsRead(st)) {
    DYNAROCK_ASSIGN_OR_RETURN(auto def, FindTable(TableOf(st), not_found));
    return RunWrite(*this, ctx, *def, st, ph,
                    req.return_values_on_condition_check_failure,
                    req.return_consumed_capacity);
  }

  // ---- SELECT
  const partiql::Select& sel = *st.select;
  DYNAROCK_ASSIGN_OR_RETURN(auto def, FindTable(sel.table, not_found));
  const KeyAttribute* hash = &def->hash;
  const KeyAttribute* range = def->range ? &*def->range : nullptr;
  if (sel.index) {
    const IndexDef* ix = def->FindIndex(*sel.index);
    if (!ix) {
      return Status::Validation(
          "The table does not have the specified index: " + *sel.index);
    }
    // PartiQL's own wording (Query says "Consistent reads are not
    // supported on global secondary indexes").
    if (ix->global && req.consistent_read) {
      return Status::Validation(
          "Strongly consistent read is not supported on Global Secondary "
          "Indexes");
    }
    hash = &ix->hash;
    range = ix->range ? &*ix->range : nullptr;
    // A GSI answers only what it projects: naming anything else is an
    // error, listing what is missing in the statement's order.
    const ProjectionType type =
        ix->projection.projection_type.value_or(ProjectionType::kAll);
    if (ix->global && type != ProjectionType::kAll) {
      auto projected = [&](const std::string& name) {
        if (ix->IsKeyAttribute(name) || name == def->hash.name ||
            (def->range && name == def->range->name))
          return true;
        const auto& include = ix->projection.non_key_attributes;
        return type == ProjectionType::kInclude && include &&
               std::find(include->begin(), include->end(), name) !=
                   include->end();
      };
      std::string missing;
      std::vector<std::string> listed;
      for (const Path& p : sel.projection) {
        const std::string& top = p.steps[0].name;
        if (projected(top) ||
            std::find(listed.begin(), listed.end(), top) != listed.end())
          continue;
        listed.push_back(top);
        missing += (missing.empty() ? "" : ", ") + top;
      }
      if (!missing.empty()) {
        return Status::Validation(std::string(kInvalidParameter) +
                                  "Global secondary index " + ix->name +
                                  " does not project [" + missing + "]");
      }
    }
  }
  std::vector<const Expr*> conj;
  Conjuncts(sel.where.get(), &conj);
  // The partition key's values, and the conjunct that gave them.
  std::vector<const Expr*> pk_values;
  const Expr* pk_conjunct = nullptr;
  for (const Expr* c : conj) {
    auto v = KeyValues(*c, hash->name);
    if (!v.empty()) {
      pk_values = std::move(v);
      pk_conjunct = c;
      break;
    }
  }
  // A query per partition key value, and at most 50 of them (Developer
  // Guide, "PartiQL operators"; the message is DynamoDB Local's).
  if (pk_values.size() > 50) {
    return Status::Validation(
        "Too many decomposed read operations for a given query.");
  }
  bool forward = true;
  // ORDER BY the partition key orders the partitions an IN or OR names.
  std::optional<bool> partitions_descending;
  if (!sel.order_by.empty()) {
    if (!sel.where) {
      return Status::Validation(
          "Must have WHERE clause in the statement when using ORDER BY "
          "clause.");
    }
    if (pk_values.empty()) {
      return Status::Validation(
          "Must have at least one non-optional hash key condition in WHERE "
          "clause when using ORDER BY clause.");
    }
    for (const partiql::OrderBy& o : sel.order_by) {
      const std::string name = o.path.Text();
      if (name != hash->name && (!range || name != range->name)) {
        return Status::Validation("Variable reference " + name +
                                  " in ORDER BY clause must be part of the "
                                  "primary key");
      }
      if (range && name == range->name) forward = !o.descending;
      if (name == hash->name) partitions_descending = o.descending;
    }
    if (pk_values.size() > 1 && !partitions_descending) {
      return Status::Validation(
          "Must have hash key in ORDER BY clause when more than one hash key "
          "condition specified in WHERE clause.");
    }
  }
  // The projection reads the top-level attributes of its paths; the paths
  // are then taken from them (Project): a nested path answers under its
  // last name, which a ProjectionExpression would not do.
  const std::string projection = [&] {
    std::string p;
    std::vector<std::string> seen;
    for (const Path& path : sel.projection) {
      const std::string& top = path.steps[0].name;
      if (std::find(seen.begin(), seen.end(), top) != seen.end()) continue;
      seen.push_back(top);
      p += (p.empty() ? "" : ", ") + ph.Name(top);
    }
    return p;
  }();
  // One request per partition key value (a Query), or one Scan.
  struct Plan {
    std::optional<QueryRequest> query;
    std::optional<ScanRequest> scan;
  };
  std::vector<Plan> plans;
  if (!pk_values.empty()) {
    const Expr* sk_conjunct = nullptr;
    std::string filter;
    for (const Expr* c : conj) {
      if (c == pk_conjunct) continue;
      if (!sk_conjunct && range && IsSortKeyCondition(*c, range->name)) {
        sk_conjunct = c;
        continue;
      }
      DYNAROCK_ASSIGN_OR_RETURN(std::string t, ph.Condition(*c, 2));
      filter += (filter.empty() ? "" : " AND ") + t;
    }
    std::string sk_condition;
    if (sk_conjunct) {
      DYNAROCK_ASSIGN_OR_RETURN(sk_condition, ph.Condition(*sk_conjunct, 2));
    }
    std::vector<AttributeValue> partitions;
    for (const Expr* v : pk_values) {
      DYNAROCK_ASSIGN_OR_RETURN(AttributeValue pk, ph.Resolve(*v));
      partitions.push_back(std::move(pk));
    }
    if (partitions_descending) {
      // In key order: strings and binaries by bytes, numbers by value.
      auto less = [](const AttributeValue& a, const AttributeValue& b) {
        if (a.type() == ValueType::kN && b.type() == ValueType::kN)
          return std::strtod(a.scalar().c_str(), nullptr) <
                 std::strtod(b.scalar().c_str(), nullptr);
        return a.scalar() < b.scalar();
      };
      std::stable_sort(partitions.begin(), partitions.end(), less);
      if (*partitions_descending)
        std::reverse(partitions.begin(), partitions.end());
    }
    for (AttributeValue& pk : partitions) {
      Plan p;
      QueryRequest& q = p.query.emplace();
      q.key_condition_expression =
          ph.Name(hash->name) + " = " + ph.Value(std::move(pk)) +
          (sk_condition.empty() ? "" : " AND " + sk_condition);
      if (!filter.empty()) q.filter_expression = filter;
      q.scan_index_forward = forward;
      plans.push_back(std::move(p));
    }
  } else {
    Plan p;
    ScanRequest& s = p.scan.emplace();
    if (sel.where) {
      DYNAROCK_ASSIGN_OR_RETURN(std::string f, ph.Condition(*sel.where));
      s.filter_expression = f;
    }
    plans.push_back(std::move(p));
  }
  const uint64_t hash_of_request = [&] {
    std::string h = req.statement;
    for (const auto& v : params) {
      std::string b;
      EncodeItem(Item{{"v", v}}, &b);
      h += b;
    }
    return XXH64(h.data(), h.size(), 0);
  }();
  size_t first = 0;
  std::optional<Item> start;
  if (req.next_token) {
    Item key;
    DYNAROCK_RETURN_IF_ERROR(
        DecodeToken(*req.next_token, hash_of_request, &first, &key));
    if (first >= plans.size()) return Status::Validation("Invalid NextToken");
    if (!key.empty()) start = std::move(key);
  }
  int64_t budget = req.limit.value_or(INT64_MAX);
  for (size_t i = first; i < plans.size() && budget > 0; ++i) {
    ReadPageResponse page;
    auto fill = [&](auto& r) {
      r.table_name = def->name;
      r.index_name = sel.index;
      r.consistent_read = req.consistent_read;
      r.return_consumed_capacity = req.return_consumed_capacity;
      if (!projection.empty()) r.projection_expression = projection;
      if (budget != INT64_MAX) r.limit = budget;
      if (i == first && start) r.exclusive_start_key = start;
      const std::vector<const std::string*> texts = {
          r.projection_expression ? &*r.projection_expression : nullptr,
          r.filter_expression ? &*r.filter_expression : nullptr,
          KeyCondition(r)};
      r.expression_attribute_names = UsedIn(ph.names(), texts);
      r.expression_attribute_values = UsedIn(ph.values(), texts);
    };
    if (plans[i].query) {
      QueryRequest q = *plans[i].query;
      fill(q);
      auto r = Query(ctx, std::move(q));
      if (!r.ok()) return AsStatementError(r.status());
      page = std::move(r).value();
    } else {
      ScanRequest s = *plans[i].scan;
      fill(s);
      auto r = Scan(ctx, std::move(s));
      if (!r.ok()) return AsStatementError(r.status());
      page = std::move(r).value();
    }
    AddCapacity(page.consumed_capacity, &resp.consumed_capacity);
    for (Item& item : page.items) {
      resp.items.push_back(sel.projection.empty()
                               ? std::move(item)
                               : Project(item, sel.projection));
    }
    budget -= page.scanned_count;
    if (page.last_evaluated_key) {
      resp.next_token =
          EncodeToken(hash_of_request, i, *page.last_evaluated_key);
      break;
    }
    // The next query starts from its beginning; stopping at the limit
    // between two, the token names the next one.
    if (budget <= 0 && i + 1 < plans.size()) {
      resp.next_token = EncodeToken(hash_of_request, i + 1, Item{});
      break;
    }
  }
  return resp;
}

Result<BatchExecuteStatementResponse> EngineImpl::BatchExecuteStatement(
    const RequestContext& ctx, const BatchExecuteStatementRequest& req) {
  // Parsed first: all reads or all writes.
  std::vector<Result<partiql::Statement>> parsed;
  int reads = 0, writes = 0;
  for (const BatchStatementRequest& b : req.statements) {
    parsed.push_back(ParseWithParameters(b.statement, b.parameters));
    if (!parsed.back().ok()) continue;
    (IsRead(*parsed.back()) ? reads : writes) += 1;
  }
  if (reads > 0 && writes > 0) {
    return Status::Validation(
        "Read and write requests together in the same batch is not "
        "supported.");
  }
  BatchExecuteStatementResponse resp;
  std::map<std::string, ConsumedCapacity> capacity;
  std::vector<std::string> capacity_order;
  auto charge = [&](const std::optional<ConsumedCapacity>& c) {
    if (!c) return;
    auto [it, added] = capacity.try_emplace(c->table_name, *c);
    if (added) {
      capacity_order.push_back(c->table_name);
    } else {
      AddConsumedCapacity(*c, &it->second);
    }
  };
  for (size_t i = 0; i < req.statements.size(); ++i) {
    const BatchStatementRequest& b = req.statements[i];
    BatchStatementResponse& out = resp.responses.emplace_back();
    Status failed;
    [&] {
      if (!parsed[i].ok()) {
        failed = parsed[i].status();
        return;
      }
      const partiql::Statement& st = *parsed[i];
      if (st.kind == partiql::Statement::kExists) {
        failed = Status::Validation(
            "EXISTS can only be used in ExecuteTransaction write requests.");
        return;
      }
      auto def = FindTable(TableOf(st), "Requested resource not found");
      if (!def.ok()) {
        failed = def.status();
        return;
      }
      out.table_name = (*def)->name;
      const std::vector<AttributeValue> params =
          b.parameters.value_or(std::vector<AttributeValue>{});
      Placeholders ph(params, b.statement);
      if (IsRead(st)) {
        GetItemRequest get;
        if (!PlanKeyRead(st, **def, ph, &get)) {
          failed = Status::Validation(
              "Select statements within BatchExecuteStatement must specify "
              "the primary key in the where clause.");
          return;
        }
        get.consistent_read = b.consistent_read;
        get.return_consumed_capacity = req.return_consumed_capacity;
        auto r = GetItem(ctx, std::move(get));
        if (!r.ok()) {
          failed = AsStatementError(r.status());
          return;
        }
        charge(r->consumed_capacity);
        if (r->item) {
          out.item = st.select->projection.empty()
                         ? std::move(*r->item)
                         : Project(*r->item, st.select->projection);
        }
        return;
      }
      // Planned from the statement parsed above, not parsed again.
      auto r = RunWrite(*this, ctx, **def, st, ph,
                        b.return_values_on_condition_check_failure,
                        req.return_consumed_capacity);
      if (!r.ok()) {
        failed = r.status();
        return;
      }
      charge(r->consumed_capacity);
      if (!r->items.empty()) out.item = std::move(r->items.front());
    }();
    if (!failed.ok()) {
      BatchStatementError& e = out.error.emplace();
      e.code = BatchErrorCode(failed.type());
      e.message = failed.message();
      if (failed.item()) e.item = *failed.item();
    }
  }
  if (req.return_consumed_capacity != ReturnConsumedCapacity::kNone) {
    resp.consumed_capacity.emplace();
    for (const std::string& t : capacity_order)
      resp.consumed_capacity->push_back(capacity.at(t));
  }
  return resp;
}

Result<ExecuteTransactionResponse> EngineImpl::ExecuteTransaction(
    const RequestContext& ctx, const ExecuteTransactionRequest& req) {
  auto invalid = [](size_t i, const Status& s) {
    if (s.type() != ErrorType::kValidationException) return s;
    return Status::Validation("Validation failed in TransactStatements[" +
                              std::to_string(i) + "]: " + s.message());
  };
  std::vector<partiql::Statement> statements;
  int reads = 0, writes = 0;
  for (size_t i = 0; i < req.transact_statements.size(); ++i) {
    const ParameterizedStatement& p = req.transact_statements[i];
    // Parameters are checked before the statement, without its index.
    DYNAROCK_RETURN_IF_ERROR(CheckParameters(p.parameters));
    auto st = ParseWithParameters(p.statement, p.parameters);
    if (!st.ok()) return invalid(i, st.status());
    (IsRead(*st) ? reads : writes) += 1;
    statements.push_back(std::move(st).value());
  }
  if (reads > 0 && writes > 0) {
    return Status::Validation(
        "ExecuteTransaction API does not support both read and write "
        "operations in the same request.");
  }
  ExecuteTransactionResponse resp;
  if (reads > 0) {
    TransactGetItemsRequest get;
    get.return_consumed_capacity = req.return_consumed_capacity;
    for (size_t i = 0; i < statements.size(); ++i) {
      const ParameterizedStatement& p = req.transact_statements[i];
      auto def =
          FindTable(TableOf(statements[i]), "Requested resource not found");
      if (!def.ok()) return def.status();
      const std::vector<AttributeValue> params =
          p.parameters.value_or(std::vector<AttributeValue>{});
      Placeholders ph(params, p.statement);
      GetItemRequest g;
      if (statements[i].select->index) {
        return invalid(
            i, Status::Validation("Reads on indices are not supported within "
                                  "transactions."));
      }
      if (!PlanKeyRead(statements[i], **def, ph, &g)) {
        return invalid(
            i, Status::Validation("Select statements within ExecuteTransaction "
                                  "must specify the primary key in the where "
                                  "clause."));
      }
      get.transact_items.push_back(std::move(g));
    }
    auto got = TransactGetItems(ctx, std::move(get));
    if (!got.ok()) return AsStatementError(got.status());
    auto& r = *got;
    for (size_t i = 0; i < r.responses.size(); ++i) {
      std::optional<Item>& item = r.responses[i];
      if (item && !statements[i].select->projection.empty())
        item = Project(*item, statements[i].select->projection);
      resp.responses.push_back(std::move(item));
    }
    resp.consumed_capacity = std::move(r.consumed_capacity);
    return resp;
  }
  TransactWriteItemsRequest write;
  write.client_request_token = req.client_request_token;
  write.return_consumed_capacity = req.return_consumed_capacity;
  std::vector<bool> inserts;
  for (size_t i = 0; i < statements.size(); ++i) {
    const ParameterizedStatement& p = req.transact_statements[i];
    const partiql::Statement& st = statements[i];
    if ((st.kind == partiql::Statement::kUpdate && st.update->returning) ||
        (st.kind == partiql::Statement::kDelete && st.del->returning)) {
      return invalid(i,
                     Status::Validation("RETURNING clause is not supported in "
                                        "ExecuteTransaction."));
    }
    auto def = FindTable(TableOf(st), "Requested resource not found");
    if (!def.ok()) return def.status();
    const std::vector<AttributeValue> params =
        p.parameters.value_or(std::vector<AttributeValue>{});
    Placeholders ph(params, p.statement);
    auto w =
        PlanWrite(st, **def, ph, p.return_values_on_condition_check_failure);
    if (!w.ok()) return invalid(i, w.status());
    write.transact_items.push_back(std::move(w).value());
    inserts.push_back(st.kind == partiql::Statement::kInsert);
    // The idempotency token's parameters: the statements and their values.
    write.fingerprint += p.statement + '\0';
    for (const AttributeValue& v : params) {
      std::string b;
      EncodeItem(Item{{"v", v}}, &b);
      write.fingerprint += b;
    }
    write.fingerprint += '\1';
  }
  auto r = TransactWriteItems(ctx, std::move(write));
  if (!r.ok()) {
    Status s = AsStatementError(r.status());
    if (s.type() != ErrorType::kTransactionCanceledException) return s;
    // An INSERT that met its item is the service's DuplicateItem.
    std::vector<CancellationReason> reasons = s.cancellation_reasons();
    std::string codes;
    for (size_t i = 0; i < reasons.size(); ++i) {
      if (i < inserts.size() && inserts[i] &&
          reasons[i].code == "ConditionalCheckFailed") {
        reasons[i].code = "DuplicateItem";
        reasons[i].message = "Duplicate primary key exists in table";
        reasons[i].item.reset();
      }
      codes += (i ? ", " : "") + reasons[i].code;
    }
    Status out(ErrorType::kTransactionCanceledException,
               "Transaction cancelled, please refer cancellation reasons for "
               "specific reasons [" +
                   codes + "]");
    out.set_cancellation_reasons(std::move(reasons));
    return out;
  }
  resp.consumed_capacity = std::move(r->consumed_capacity);
  return resp;
}

}  // namespace dynarock
