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
#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <functional>

#include "engine/format/base64.h"
#include "engine/format/item_codec.h"
#include "engine/ops/engine_impl.h"
#include "engine/partiql/partiql.h"

namespace dynarock {
namespace {

using partiql::Expr;
using partiql::Path;

// Names and values of the expressions being written, as placeholders.
class Placeholders {
 public:
  explicit Placeholders(const std::vector<AttributeValue>& params)
      : params_(params) {}

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

  // A value expression (literal, '?', map, list, set) as its value.
  Result<AttributeValue> Resolve(const Expr& e) {
    switch (e.kind) {
      case Expr::kLiteral:
        return e.literal;
      case Expr::kParam:
        return params_[static_cast<size_t>(e.param)];
      case Expr::kMap: {
        AttributeValue::Map m;
        for (size_t i = 0; i < e.args.size(); ++i) {
          if (m.count(e.keys[i])) {
            return Status::Validation("Duplicate keys in tuple. Key: " +
                                      e.keys[i] + " under root");
          }
          DYNAROCK_ASSIGN_OR_RETURN(m[e.keys[i]], Resolve(*e.args[i]));
        }
        return AttributeValue::M(std::move(m));
      }
      case Expr::kList: {
        AttributeValue::List l;
        for (const auto& a : e.args) {
          DYNAROCK_ASSIGN_OR_RETURN(AttributeValue v, Resolve(*a));
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
    if (e.kind == Expr::kCall) return Unrecognized(e.op);
    return Status::Validation(
        "WHERE clause must contain an expression that resolves to a boolean");
  }

  static Status Unrecognized(const std::string& fn) {
    return Status::Validation("Unrecognized function: " + fn);
  }

  // A condition in the expression language.
  Result<std::string> Condition(const Expr& e) {
    switch (e.kind) {
      case Expr::kAnd:
      case Expr::kOr: {
        DYNAROCK_ASSIGN_OR_RETURN(std::string a, Condition(*e.args[0]));
        DYNAROCK_ASSIGN_OR_RETURN(std::string b, Condition(*e.args[1]));
        return "(" + a + (e.kind == Expr::kAnd ? " AND " : " OR ") + b + ")";
      }
      case Expr::kNot: {
        DYNAROCK_ASSIGN_OR_RETURN(std::string a, Condition(*e.args[0]));
        return "(NOT " + a + ")";
      }
      case Expr::kCompare: {
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
      case Expr::kIs:
        return IsCondition(e);
      case Expr::kCall: {
        static const char* const kConditions[] = {
            "begins_with", "contains", "attribute_type", "attribute_exists",
            "attribute_not_exists"};
        if (std::none_of(std::begin(kConditions), std::end(kConditions),
                         [&](const char* f) { return e.op == f; }))
          return Unrecognized(e.op);
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
          {"NULL", "NULL"},   {"BOOLEAN", "BOOL"}, {"BOOL", "BOOL"},
          {"BLOB", "B"},      {"STRING", "S"},     {"NUMERIC", "N"},
          {"NUMBER", "N"},    {"STRUCT", "M"},     {"TUPLE", "M"},
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
      cond = "attribute_type(" + path + ", " +
             Value(AttributeValue::S(type)) + ")";
    }
    return e.negated ? "(NOT " + cond + ")" : cond;
  }

  const std::vector<AttributeValue>& params_;
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
    return (IsAttribute(*e.args[0], name) && Placeholders::IsValue(*e.args[1])) ||
           (IsAttribute(*e.args[1], name) && Placeholders::IsValue(*e.args[0]));
  }
  if (e.kind == Expr::kBetween)
    return IsAttribute(*e.args[0], name) &&
           Placeholders::IsValue(*e.args[1]) &&
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
        if (end == t->size() || !std::isalnum(static_cast<unsigned char>((*t)[end]))) {
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
  (*total)->total.capacity_units += c->total.capacity_units;
  (*total)->total.read_capacity_units += c->total.read_capacity_units;
  (*total)->total.write_capacity_units += c->total.write_capacity_units;
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

}  // namespace

Result<ExecuteStatementResponse> EngineImpl::ExecuteStatement(
    const RequestContext& ctx, const ExecuteStatementRequest& req) {
  DYNAROCK_ASSIGN_OR_RETURN(partiql::Statement st,
                            partiql::Parse(req.statement));
  const std::vector<AttributeValue> params =
      req.parameters.value_or(std::vector<AttributeValue>{});
  if (static_cast<size_t>(st.parameters) != params.size()) {
    return Status::Validation(
        "Number of parameters in request and statement don't match.");
  }
  if (st.kind == partiql::Statement::kExists) {
    return Status::Validation(
        "EXISTS can only be used in ExecuteTransaction write requests.");
  }
  Placeholders ph(params);
  ExecuteStatementResponse resp;
  const std::string not_found = "Requested resource not found";

  if (st.kind == partiql::Statement::kInsert) {
    const partiql::Insert& ins = *st.insert;
    DYNAROCK_ASSIGN_OR_RETURN(auto def, FindTable(ins.table, not_found));
    DYNAROCK_ASSIGN_OR_RETURN(AttributeValue item, ph.Resolve(*ins.value));
    if (item.type() != ValueType::kM) {
      return Status::Validation(
          "Unsupported format in item expression. Please use struct format "
          "{...} to express item values for insert statement.");
    }
    PutItemRequest put;
    put.table_name = def->name;
    put.item = item.map();
    put.condition_expression =
        "attribute_not_exists(" + ph.Name(def->hash.name) + ")";
    put.expression_attribute_names = ph.names();
    put.return_consumed_capacity = req.return_consumed_capacity;
    auto r = PutItem(ctx, std::move(put));
    if (!r.ok() &&
        r.status().type() == ErrorType::kConditionalCheckFailedException) {
      return Status(ErrorType::kDuplicateItemException,
                    "Duplicate primary key exists in table");
    }
    DYNAROCK_RETURN_IF_ERROR(r.status());
    resp.consumed_capacity = std::move(r->consumed_capacity);
    return resp;
  }

  if (st.kind == partiql::Statement::kUpdate ||
      st.kind == partiql::Statement::kDelete) {
    const bool is_update = st.kind == partiql::Statement::kUpdate;
    const std::string& table = is_update ? st.update->table : st.del->table;
    const Expr* where =
        is_update ? st.update->where.get() : st.del->where.get();
    DYNAROCK_ASSIGN_OR_RETURN(auto def, FindTable(table, not_found));
    // The key: an equality on each key attribute; the rest, a condition.
    std::vector<const Expr*> conj;
    Conjuncts(where, &conj);
    Item key;
    std::vector<const Expr*> rest;
    std::vector<const KeyAttribute*> key_attrs{&def->hash};
    if (def->range) key_attrs.push_back(&*def->range);
    for (const Expr* c : conj) {
      bool used = false;
      for (const KeyAttribute* k : key_attrs) {
        if (const Expr* v = EqualityOn(*c, k->name)) {
          if (key.count(k->name)) {
            return Status::Validation("Multiple conditions on same key " +
                                      k->name +
                                      ". Only single item Update/Insert/"
                                      "Delete are supported");
          }
          DYNAROCK_ASSIGN_OR_RETURN(key[k->name], ph.Resolve(*v));
          used = true;
        }
      }
      if (!used) rest.push_back(c);
    }
    if (key.size() != key_attrs.size()) return KeyNotFixed();
    std::string condition;
    for (const Expr* c : rest) {
      DYNAROCK_ASSIGN_OR_RETURN(std::string t, ph.Condition(*c));
      condition += (condition.empty() ? "" : " AND ") + t;
    }
    const std::string pk = ph.Name(def->hash.name);
    if (!is_update) {
      const partiql::Delete& del = *st.del;
      if (del.returning && *del.returning != partiql::Returning::kAllOld) {
        return Status::Validation("Invalid returning clause: " +
                                  del.returning_text +
                                  ". Only RETURNING ALL OLD * is allowed in "
                                  "DELETE statements.");
      }
      DeleteItemRequest d;
      d.table_name = def->name;
      d.key = std::move(key);
      // A missing item is no failure: only one that is there must meet
      // the rest of the WHERE.
      if (!condition.empty())
        d.condition_expression =
            "attribute_not_exists(" + pk + ") OR (" + condition + ")";
      d.return_values = del.returning ? ReturnValues::kAllOld
                                      : ReturnValues::kNone;
      d.return_values_on_condition_check_failure =
          req.return_values_on_condition_check_failure;
      d.return_consumed_capacity = req.return_consumed_capacity;
      d.expression_attribute_names =
          UsedIn(ph.names(), {d.condition_expression ? &*d.condition_expression
                                                     : nullptr});
      d.expression_attribute_values =
          UsedIn(ph.values(), {d.condition_expression
                                   ? &*d.condition_expression
                                   : nullptr});
      DYNAROCK_ASSIGN_OR_RETURN(auto r, DeleteItem(ctx, std::move(d)));
      if (r.attributes && !r.attributes->empty())
        resp.items.push_back(std::move(*r.attributes));
      resp.consumed_capacity = std::move(r.consumed_capacity);
      return resp;
    }
    const partiql::Update& up = *st.update;
    // SET a = v, ...  ADD s :v (set_add)  DELETE s :v (set_delete)  REMOVE p
    std::string set, add, remove, del;
    for (const partiql::UpdateAction& a : up.actions) {
      const std::string path = ph.PathText(a.path);
      if (a.remove) {
        remove += (remove.empty() ? "" : ", ") + path;
        continue;
      }
      const Expr& v = *a.value;
      if (v.kind == Expr::kCall && (v.op == "set_add" || v.op == "set_delete")) {
        const std::string fn = v.op == "set_add" ? "SET_ADD" : "SET_DELETE";
        if (v.args.size() != 2)
          return Status::Validation(fn + " must have exactly two arguments");
        if (v.args[0]->kind != Expr::kPath ||
            v.args[0]->path.Text() != a.path.Text()) {
          return Status::Validation("The first argument to " + fn +
                                    " must equal the assignment value");
        }
        if (v.args[1]->kind != Expr::kSet && v.args[1]->kind != Expr::kParam) {
          return Status::Validation("The second argument to " + fn +
                                    " must be a value with type SET");
        }
        DYNAROCK_ASSIGN_OR_RETURN(AttributeValue s, ph.Resolve(*v.args[1]));
        std::string& clause = v.op == "set_add" ? add : del;
        clause += (clause.empty() ? "" : ", ") + path + " " +
                  ph.Value(std::move(s));
        continue;
      }
      std::function<Result<std::string>(const Expr&)> operand =
          [&](const Expr& e) -> Result<std::string> {
        if (e.kind == Expr::kArith) {
          DYNAROCK_ASSIGN_OR_RETURN(std::string l, operand(*e.args[0]));
          DYNAROCK_ASSIGN_OR_RETURN(std::string r, operand(*e.args[1]));
          return l + " " + e.op + " " + r;
        }
        if (e.kind == Expr::kCall && e.op == "list_append" &&
            e.args.size() == 2) {
          DYNAROCK_ASSIGN_OR_RETURN(std::string l, operand(*e.args[0]));
          DYNAROCK_ASSIGN_OR_RETURN(std::string r, operand(*e.args[1]));
          return "list_append(" + l + ", " + r + ")";
        }
        if (e.kind == Expr::kCall) return Placeholders::Unrecognized(e.op);
        return ph.Operand(e);
      };
      DYNAROCK_ASSIGN_OR_RETURN(std::string value, operand(v));
      set += (set.empty() ? "" : ", ") + path + " = " + value;
    }
    std::string update;
    if (!set.empty()) update += "SET " + set;
    if (!remove.empty()) update += (update.empty() ? "" : " ") + std::string("REMOVE ") + remove;
    if (!add.empty()) update += (update.empty() ? "" : " ") + std::string("ADD ") + add;
    if (!del.empty()) update += (update.empty() ? "" : " ") + std::string("DELETE ") + del;
    UpdateItemRequest u;
    u.table_name = def->name;
    u.key = std::move(key);
    u.update_expression = update;
    // UPDATE never creates an item.
    u.condition_expression = "attribute_exists(" + pk + ")" +
                             (condition.empty() ? "" : " AND " + condition);
    u.expression_attribute_names =
        UsedIn(ph.names(), {&*u.update_expression, &*u.condition_expression});
    u.expression_attribute_values =
        UsedIn(ph.values(), {&*u.update_expression, &*u.condition_expression});
    if (up.returning) {
      switch (*up.returning) {
        case partiql::Returning::kAllOld:
          u.return_values = ReturnValues::kAllOld;
          break;
        case partiql::Returning::kAllNew:
          u.return_values = ReturnValues::kAllNew;
          break;
        case partiql::Returning::kModifiedOld:
          u.return_values = ReturnValues::kUpdatedOld;
          break;
        case partiql::Returning::kModifiedNew:
          u.return_values = ReturnValues::kUpdatedNew;
          break;
      }
    }
    u.return_values_on_condition_check_failure =
        req.return_values_on_condition_check_failure;
    u.return_consumed_capacity = req.return_consumed_capacity;
    DYNAROCK_ASSIGN_OR_RETURN(auto r, UpdateItem(ctx, std::move(u)));
    if (r.attributes && !r.attributes->empty())
      resp.items.push_back(std::move(*r.attributes));
    resp.consumed_capacity = std::move(r.consumed_capacity);
    return resp;
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
    hash = &ix->hash;
    range = ix->range ? &*ix->range : nullptr;
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
  bool forward = true;
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
      DYNAROCK_ASSIGN_OR_RETURN(std::string t, ph.Condition(*c));
      filter += (filter.empty() ? "" : " AND ") + t;
    }
    std::string sk_condition;
    if (sk_conjunct) {
      DYNAROCK_ASSIGN_OR_RETURN(sk_condition, ph.Condition(*sk_conjunct));
    }
    for (const Expr* v : pk_values) {
      DYNAROCK_ASSIGN_OR_RETURN(AttributeValue pk, ph.Resolve(*v));
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
      DYNAROCK_ASSIGN_OR_RETURN(page, Query(ctx, std::move(q)));
    } else {
      ScanRequest s = *plans[i].scan;
      fill(s);
      DYNAROCK_ASSIGN_OR_RETURN(page, Scan(ctx, std::move(s)));
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

}  // namespace dynarock
