// UpdateExpression: binding and application to an item.
//
// Binding follows the service's UpdateExpressionWrapper: the target paths go
// into a tree, last action first (its parse stack), each checked for depth
// and #names and for overlapping ("SET a = :x, a.b = :y") or conflicting
// ("SET a.b = :x, a[1] = :y") paths; then each action's operand, last action
// first, is validated like a condition's, and ADD/DELETE operands must be a
// number or set / a set.
//
// Application follows its ExpressionExecutor.createNewDocument: a walk of
// the tree over the old item. Every value is read from the old item, so
// "SET a = b, b = a" swaps and "REMOVE a[1] SET a[3] = :v" means the old
// a[3]. At a list, indexes beyond the end append in index order and removed
// elements close up. A missing parent, or a path step of the wrong kind
// (a.b on a list, a[0] on a map or scalar), is "The document path provided
// in the update expression is invalid for update".
#include <algorithm>
#include <map>
#include <unordered_set>

#include "engine/expr/expression.h"
#include "engine/format/number.h"
#include "engine/schema/validate.h"

namespace dynarock {

struct BoundUpdate::Impl {
  std::shared_ptr<const ParsedUpdate> parsed;
  std::vector<expr::ResolvedPath> paths;      // by path index
  std::vector<const AttributeValue*> values;  // by value slot
  expr::PathTree tree;                        // leaf payload: entry index
  std::vector<DocumentPath> targets;          // in the order written
  bool only_removes = false;
  // How an operand of the wrong type for its action is worded.
  const char* type_mismatch = nullptr;
};

namespace {

using expr::Func;
using expr::Node;
using expr::NodeKind;

constexpr char kInvalidPath[] =
    "The document path provided in the update expression is invalid for update";
constexpr char kTypeMismatch[] =
    "An operand in the update expression has an incorrect data type";
constexpr char kNotFound[] =
    "The provided expression refers to an attribute that does not exist in the "
    "item";
constexpr char kTooDeep[] = "Nesting Levels have exceeded supported limits";

// The service's DocumentNodeType names, as ADD/DELETE operand errors print
// them.
const char* NodeTypeName(ValueType t) {
  switch (t) {
    case ValueType::kS:
      return "STRING";
    case ValueType::kN:
      return "NUMBER";
    case ValueType::kB:
      return "BINARY";
    case ValueType::kBool:
      return "BOOLEAN";
    case ValueType::kNull:
      return "NULL";
    case ValueType::kM:
      return "MAP";
    case ValueType::kL:
      return "LIST";
    case ValueType::kSS:
      return "STRING_SET";
    case ValueType::kNS:
      return "NUMBER_SET";
    case ValueType::kBS:
      return "BINARY_SET";
  }
  return "UNKNOWN";
}

bool IsSet(ValueType t) {
  return t == ValueType::kSS || t == ValueType::kNS || t == ValueType::kBS;
}

Result<AttributeValue> Arithmetic(const AttributeValue& a,
                                  const AttributeValue& b, bool add) {
  DYNAROCK_ASSIGN_OR_RETURN(Decimal da, Decimal::Parse(a.scalar()));
  DYNAROCK_ASSIGN_OR_RETURN(Decimal db, Decimal::Parse(b.scalar()));
  DYNAROCK_ASSIGN_OR_RETURN(
      Decimal r, add ? Decimal::Add(da, db) : Decimal::Subtract(da, db));
  return AttributeValue::N(r.ToString());
}

// Set members are compared as stored: numbers are normalized by the engine,
// so equal numbers have equal text.
AttributeValue SetUnion(const AttributeValue& a, const AttributeValue& b) {
  std::unordered_set<std::string_view> have(a.set().begin(), a.set().end());
  AttributeValue out = a;
  bool added = false;
  for (const std::string& m : b.set()) {
    if (have.insert(m).second) {
      out.mutable_set().push_back(m);
      added = true;
    }
  }
  if (added) SortSetMembers(&out);
  return out;
}

std::optional<AttributeValue> SetDifference(const AttributeValue& a,
                                            const AttributeValue& b) {
  std::unordered_set<std::string_view> drop(b.set().begin(), b.set().end());
  AttributeValue out = a;
  auto& members = out.mutable_set();
  members.erase(
      std::remove_if(members.begin(), members.end(),
                     [&](const std::string& m) { return drop.count(m) > 0; }),
      members.end());
  if (members.empty()) return std::nullopt;  // an emptied set is removed
  return out;
}

bool TooDeep(const AttributeValue& v, size_t level) {
  if (v.type() == ValueType::kM) {
    if (level >= 32) return true;
    for (const auto& [k, child] : v.map()) {
      if (TooDeep(child, level + 1)) return true;
    }
  } else if (v.type() == ValueType::kL) {
    if (level >= 32) return true;
    for (const AttributeValue& child : v.list()) {
      if (TooDeep(child, level + 1)) return true;
    }
  }
  return false;
}

using Maybe = std::optional<AttributeValue>;

class Updater {
 public:
  Updater(const BoundUpdate::Impl& impl, const Item& base)
      : impl_(impl), tree_(impl.parsed->tree), base_(base) {}

  Status ApplyMap(size_t node, const AttributeValue::Map& orig,
                  AttributeValue::Map* out) {
    const expr::PathTree::TreeNode& tn = impl_.tree.node(node);
    for (size_t i : impl_.tree.HashOrder(node)) {
      const expr::PathTree::Child& c = tn.children[i];
      const auto* name = std::get_if<std::string>(&c.key);
      if (name == nullptr || c.value_step)
        return Status::Validation(kInvalidPath);
      auto it = orig.find(*name);
      const AttributeValue* current = it == orig.end() ? nullptr : &it->second;
      if (c.node < 0) {
        DYNAROCK_ASSIGN_OR_RETURN(
            Maybe r, ActionResult(static_cast<size_t>(c.payload), current));
        if (r.has_value()) {
          (*out)[*name] = std::move(*r);
        } else {
          out->erase(*name);
        }
        continue;
      }
      if (current == nullptr) return Status::Validation(kInvalidPath);
      DYNAROCK_RETURN_IF_ERROR(
          ApplyNested(static_cast<size_t>(c.node), *current, &(*out)[*name]));
    }
    return Status::OK();
  }

  Result<Maybe> EvalValue(uint32_t index) const {
    const Node& n = tree_.nodes[index];
    switch (n.kind) {
      case NodeKind::kPath: {
        const AttributeValue* v = expr::FindPath(base_, impl_.paths[n.ref]);
        if (v == nullptr) return Maybe();
        return Maybe(*v);
      }
      case NodeKind::kValue:
        return Maybe(*impl_.values[n.ref]);
      case NodeKind::kPlus:
      case NodeKind::kMinus:
      case NodeKind::kFunction: {
        DYNAROCK_ASSIGN_OR_RETURN(Maybe a, EvalValue(tree_.children[n.first]));
        DYNAROCK_ASSIGN_OR_RETURN(Maybe b,
                                  EvalValue(tree_.children[n.first + 1]));
        if (n.kind == NodeKind::kFunction && n.func == Func::kIfNotExists) {
          if (!b.has_value()) return Status::Validation(kNotFound);
          return a.has_value() ? std::move(a) : std::move(b);
        }
        const ValueType want =
            n.kind == NodeKind::kFunction ? ValueType::kL : ValueType::kN;
        for (const Maybe* operand : {&a, &b}) {
          if (!operand->has_value()) return Status::Validation(kNotFound);
          if ((*operand)->type() != want)
            return Status::Validation(impl_.type_mismatch);
        }
        if (want == ValueType::kL) {
          AttributeValue out = std::move(*a);
          for (AttributeValue& e : b->mutable_list())
            out.mutable_list().push_back(std::move(e));
          return Maybe(std::move(out));
        }
        DYNAROCK_ASSIGN_OR_RETURN(
            AttributeValue r, Arithmetic(*a, *b, n.kind == NodeKind::kPlus));
        return Maybe(std::move(r));
      }
      default:
        return Status::Validation(impl_.type_mismatch);
    }
  }

 private:
  Status ApplyNested(size_t node, const AttributeValue& current,
                     AttributeValue* out) {
    if (current.type() == ValueType::kM) {
      return ApplyMap(node, current.map(), &out->mutable_map());
    }
    if (current.type() == ValueType::kL) {
      return ApplyList(node, current.list(), &out->mutable_list());
    }
    return Status::Validation(kInvalidPath);
  }

  Status ApplyList(size_t node, const AttributeValue::List& orig,
                   AttributeValue::List* out) {
    const expr::PathTree::TreeNode& tn = impl_.tree.node(node);
    const size_t size = orig.size();
    std::vector<bool> removed;
    std::map<size_t, AttributeValue> appended;
    for (size_t i : impl_.tree.HashOrder(node)) {
      const expr::PathTree::Child& c = tn.children[i];
      const auto* index = std::get_if<size_t>(&c.key);
      if (index == nullptr || c.value_step)
        return Status::Validation(kInvalidPath);
      const AttributeValue* current = *index < size ? &orig[*index] : nullptr;
      if (c.node < 0) {
        DYNAROCK_ASSIGN_OR_RETURN(
            Maybe r, ActionResult(static_cast<size_t>(c.payload), current));
        if (*index < size) {
          if (r.has_value()) {
            (*out)[*index] = std::move(*r);
          } else {
            if (removed.empty()) removed.resize(size, false);
            removed[*index] = true;
          }
        } else if (r.has_value()) {
          appended.emplace(*index, std::move(*r));
        }
        continue;
      }
      if (current == nullptr) return Status::Validation(kInvalidPath);
      DYNAROCK_RETURN_IF_ERROR(
          ApplyNested(static_cast<size_t>(c.node), *current, &(*out)[*index]));
    }
    if (!removed.empty()) {
      size_t w = 0;
      for (size_t r = 0; r < size; ++r) {
        if (removed[r]) continue;
        if (w != r) (*out)[w] = std::move((*out)[r]);
        ++w;
      }
      out->resize(w);
    }
    for (auto& [index, v] : appended) out->push_back(std::move(v));
    return Status::OK();
  }

  Result<Maybe> ActionResult(size_t entry_index,
                             const AttributeValue* current) const {
    const ParsedUpdate::Entry& e = impl_.parsed->entries[entry_index];
    switch (e.action) {
      case ParsedUpdate::Action::kSet: {
        DYNAROCK_ASSIGN_OR_RETURN(Maybe v,
                                  EvalValue(static_cast<uint32_t>(e.value)));
        if (!v.has_value()) return Status::Validation(kNotFound);
        return v;
      }
      case ParsedUpdate::Action::kRemove:
        return Maybe();
      case ParsedUpdate::Action::kAdd: {
        const AttributeValue& operand = *impl_.values[tree_.nodes[e.value].ref];
        if (current == nullptr) return Maybe(operand);
        if (current->type() != operand.type())
          return Status::Validation(impl_.type_mismatch);
        if (operand.type() == ValueType::kN) {
          DYNAROCK_ASSIGN_OR_RETURN(AttributeValue r,
                                    Arithmetic(*current, operand, true));
          return Maybe(std::move(r));
        }
        return Maybe(SetUnion(*current, operand));
      }
      case ParsedUpdate::Action::kDelete: {
        const AttributeValue& operand = *impl_.values[tree_.nodes[e.value].ref];
        if (current == nullptr) return Maybe();
        if (current->type() != operand.type())
          return Status::Validation(impl_.type_mismatch);
        return SetDifference(*current, operand);
      }
    }
    return Maybe();
  }

  const BoundUpdate::Impl& impl_;
  const expr::Tree& tree_;
  const Item& base_;
};

}  // namespace

Result<UpdateOutcome> BoundUpdate::Apply(const Item* old_item,
                                         const Item& key) const {
  UpdateOutcome outcome;
  if (!impl_) {
    outcome.new_item = old_item ? *old_item : key;
    return outcome;
  }
  // With no item, an update that only removes changes nothing and creates
  // nothing (the service ignores even "REMOVE a.b" then).
  if (old_item == nullptr && impl_->only_removes) return outcome;
  const Item& base = old_item ? *old_item : key;
  Item out = base;
  Updater updater(*impl_, base);
  Status st = updater.ApplyMap(0, base, &out);
  if (!st.ok()) return st;
  for (const expr::PathTree::Child& c : impl_->tree.node(0).children) {
    const auto* name = std::get_if<std::string>(&c.key);
    if (name == nullptr) continue;
    auto it = out.find(*name);
    if (it != out.end() && TooDeep(it->second, 1))
      return Status::Validation(kTooDeep);
  }
  outcome.new_item = std::move(out);
  return outcome;
}

Item BoundUpdate::ProjectUpdated(const Item& item) const {
  if (!impl_) return Item();
  return expr::ProjectItem(impl_->tree, item);
}

const std::vector<DocumentPath>& BoundUpdate::target_paths() const {
  static const std::vector<DocumentPath>* empty =
      new std::vector<DocumentPath>();
  return impl_ ? impl_->targets : *empty;
}

Result<BoundUpdate> ExpressionBinder::BindUpdate(std::string_view text,
                                                 UpdateSource source) {
  auto prefixed = [](const Status& st) {
    return InvalidExpression(ExpressionKind::kUpdate, st);
  };
  DYNAROCK_ASSIGN_OR_RETURN(auto parsed, ParseUpdate(text));
  const ParsedUpdate& p = *parsed;
  expr::Validator v(p.tree, bindings_, &used_names_, &used_values_);
  auto impl = std::make_shared<BoundUpdate::Impl>();
  const size_t n = p.entries.size();
  // 1. The target paths, last action first.
  for (size_t i = n; i-- > 0;) {
    Status st = v.ResolvePath(p.entries[i].path);
    if (st.ok())
      st = impl->tree.Insert(v.paths[p.entries[i].path],
                             static_cast<int32_t>(i));
    if (!st.ok()) return prefixed(st);
  }
  // 2. The operands, last action first.
  for (size_t i = n; i-- > 0;) {
    const ParsedUpdate::Entry& e = p.entries[i];
    if (e.value < 0) continue;
    Status st = v.ValidateNode(static_cast<uint32_t>(e.value));
    if (!st.ok()) return prefixed(st);
    if (e.action == ParsedUpdate::Action::kAdd ||
        e.action == ParsedUpdate::Action::kDelete) {
      ValueType t = v.values[p.tree.nodes[e.value].ref]->type();
      bool add = e.action == ParsedUpdate::Action::kAdd;
      bool allowed = IsSet(t) || (add && t == ValueType::kN);
      if (!allowed) {
        return prefixed(Status::Validation(
            std::string(
                "Incorrect operand type for operator or function; operator: ") +
            (add ? "ADD" : "DELETE") + ", operand type: " + NodeTypeName(t) +
            ", typeSet: " +
            (add ? "ALLOWED_FOR_ADD_OPERAND" : "ALLOWED_FOR_DELETE_OPERAND")));
      }
    }
  }
  impl->only_removes = true;
  // The legacy AttributeUpdates words a type clash its own way.
  impl->type_mismatch = source == UpdateSource::kAttributeUpdates
                            ? "Type mismatch for attribute to update"
                            : kTypeMismatch;
  impl->targets.reserve(n);
  for (const ParsedUpdate::Entry& e : p.entries) {
    impl->targets.push_back(v.paths[e.path].elements);
    if (e.action == ParsedUpdate::Action::kSet ||
        e.action == ParsedUpdate::Action::kAdd) {
      impl->only_removes = false;
    }
  }
  impl->paths = std::move(v.paths);
  impl->values = std::move(v.values);
  impl->parsed = std::move(parsed);
  BoundUpdate bound;
  bound.impl_ = std::move(impl);
  return bound;
}

}  // namespace dynarock
