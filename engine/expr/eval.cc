// Binding and validation of expressions against a request, the evaluation of
// conditions, and projection.
//
// Validation follows the service's ExpressionValidator/OperatorValidator (as
// DynamoDB Local ships them): a post-order walk where each value placeholder
// must be defined, each path at most 32 elements deep with its #names
// defined, then for each operator: its operand count, the types of operands
// known from the request (values and function results), distinct first
// operand, the operator's own rules, and the running operator count (300).
//
// Evaluation follows its ExpressionExecutor/OperatorExecutor: an absent
// attribute makes comparisons false (and <> true), mismatched types compare
// false, size() of a number, boolean or null is absent.
#include <algorithm>
#include <cstring>

#include "engine/expr/expression.h"
#include "engine/format/number.h"

namespace dynarock {

std::string DocumentPathToString(const DocumentPath& path) {
  std::string out = "[";
  for (size_t i = 0; i < path.size(); ++i) {
    if (i > 0) out += ", ";
    if (const auto* name = std::get_if<std::string>(&path[i])) {
      out += *name;
    } else {
      out += "[" + std::to_string(std::get<size_t>(path[i])) + "]";
    }
  }
  out += "]";
  return out;
}

namespace expr {
namespace {

// ------------------------------------------------------------------ types

using TypeMask = uint16_t;
constexpr TypeMask Bit(ValueType t) {
  return static_cast<TypeMask>(1u << static_cast<int>(t));
}
constexpr TypeMask kAllTypes = Bit(ValueType::kS) | Bit(ValueType::kN) |
                               Bit(ValueType::kB) | Bit(ValueType::kBool) |
                               Bit(ValueType::kNull) | Bit(ValueType::kM) |
                               Bit(ValueType::kL) | Bit(ValueType::kSS) |
                               Bit(ValueType::kNS) | Bit(ValueType::kBS);
constexpr TypeMask kOrdered =
    Bit(ValueType::kS) | Bit(ValueType::kN) | Bit(ValueType::kB);
constexpr TypeMask kStringBinary = Bit(ValueType::kS) | Bit(ValueType::kB);
constexpr TypeMask kIterable = Bit(ValueType::kS) | Bit(ValueType::kB) |
                               Bit(ValueType::kSS) | Bit(ValueType::kNS) |
                               Bit(ValueType::kBS) | Bit(ValueType::kL) |
                               Bit(ValueType::kM);
constexpr TypeMask kBoolean = Bit(ValueType::kBool);
constexpr TypeMask kNumber = Bit(ValueType::kN);
constexpr TypeMask kList = Bit(ValueType::kL);

// What the service prints for the possible types of a document path: its
// TypeSet.ALL_TYPES. Doubt: DynamoDB Local prints a HashSet of internal
// types in no fixed order; this is the text dynalite's tests captured from
// the service.
constexpr char kPathTypesString[] = "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}";
// The valid names for attribute_type, in the order DynamoDB Local lists them
// (TypeSet.ALL_TYPES_NO_HELENUS_NO_ION). Doubt: dynalite's capture from the
// service (2015) shows {B,NULL,SS,BOOL,L,BS,N,NS,S,M}.
constexpr char kValidTypeNames[] = "{N,BS,L,B,NULL,M,S,SS,NS,BOOL}";

// An operator's rules (the service's Operator enum).
struct OpSpec {
  const char* name;
  TypeMask operands;
  TypeMask returns;
  uint32_t arity;  // required operand count
  bool more;       // more operands allowed (IN)
  bool distinct;   // first path operand must differ from the others
};

OpSpec SpecFor(const Node& n) {
  switch (n.kind) {
    case NodeKind::kCompare:
      switch (n.cmp) {
        case CompareOp::kEq:
          return {"=", kAllTypes, kBoolean, 2, false, true};
        case CompareOp::kNe:
          return {"<>", kAllTypes, kBoolean, 2, false, true};
        case CompareOp::kLt:
          return {"<", kOrdered, kBoolean, 2, false, true};
        case CompareOp::kLe:
          return {"<=", kOrdered, kBoolean, 2, false, true};
        case CompareOp::kGt:
          return {">", kOrdered, kBoolean, 2, false, true};
        case CompareOp::kGe:
          return {">=", kOrdered, kBoolean, 2, false, true};
      }
      break;
    case NodeKind::kBetween:
      return {"BETWEEN", kOrdered, kBoolean, 3, false, true};
    case NodeKind::kIn:
      return {"IN", kAllTypes, kBoolean, 1, true, true};
    case NodeKind::kAnd:
      return {"AND", kBoolean, kBoolean, 2, false, false};
    case NodeKind::kOr:
      return {"OR", kBoolean, kBoolean, 2, false, false};
    case NodeKind::kNot:
      return {"NOT", kBoolean, kBoolean, 1, false, false};
    case NodeKind::kPlus:
      return {"+", kNumber, kNumber, 2, false, false};
    case NodeKind::kMinus:
      return {"-", kNumber, kNumber, 2, false, false};
    case NodeKind::kFunction:
      switch (n.func) {
        case Func::kAttributeExists:
          return {"attribute_exists", kAllTypes, kBoolean, 1, false, true};
        case Func::kAttributeNotExists:
          return {"attribute_not_exists", kAllTypes, kBoolean, 1, false, true};
        case Func::kAttributeType:
          return {"attribute_type", kAllTypes, kBoolean, 2, false, true};
        case Func::kBeginsWith:
          return {"begins_with", kStringBinary, kBoolean, 2, false, true};
        case Func::kContains:
          return {"contains", kAllTypes, kBoolean, 2, false, true};
        case Func::kSize:
          return {"size", kIterable, kNumber, 1, false, true};
        case Func::kIfNotExists:
          return {"if_not_exists", kAllTypes, kAllTypes, 2, false, true};
        case Func::kListAppend:
          return {"list_append", kList, kList, 2, false, false};
        case Func::kUnknown:
          break;
      }
      break;
    default:
      break;
  }
  return {"", kAllTypes, kAllTypes, 0, true, false};
}

std::string TypeMaskString(TypeMask mask) {
  if (mask == kAllTypes) return kPathTypesString;
  std::string out;
  int count = 0;
  for (int t = 1; t <= 10; ++t) {
    if (mask & (1u << t)) {
      if (count++ > 0) out += ",";
      out += ValueTypeName(static_cast<ValueType>(t));
    }
  }
  return count > 1 ? "{" + out + "}" : out;
}

bool IsValidTypeName(const std::string& s) {
  static const char* const kNames[] = {"S",  "SS",   "N",    "NS", "B",
                                       "BS", "BOOL", "NULL", "L",  "M"};
  for (const char* n : kNames) {
    if (s == n) return true;
  }
  return false;
}

std::string Base64(std::string_view in) {
  static const char kTable[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(in[i]) << 16) |
                 (static_cast<uint8_t>(in[i + 1]) << 8) |
                 static_cast<uint8_t>(in[i + 2]);
    out += kTable[v >> 18];
    out += kTable[(v >> 12) & 63];
    out += kTable[(v >> 6) & 63];
    out += kTable[v & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    out += kTable[v >> 18];
    out += kTable[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t v = (static_cast<uint8_t>(in[i]) << 16) |
                 (static_cast<uint8_t>(in[i + 1]) << 8);
    out += kTable[v >> 18];
    out += kTable[(v >> 12) & 63];
    out += kTable[(v >> 6) & 63];
    out += "=";
  }
  return out;
}

// "AttributeValue: {N:2}", as the BETWEEN messages show a bound. Doubt: the
// service's text for binary bounds is unknown; base64 as the client sent it.
std::string DescribeValue(const AttributeValue& v) {
  std::string out = "AttributeValue: {";
  out += ValueTypeName(v.type());
  out += ":";
  out += v.type() == ValueType::kB ? Base64(v.scalar()) : v.scalar();
  out += "}";
  return out;
}

// ------------------------------------------------------------- comparison

int CompareNumbers(std::string_view a, std::string_view b) {
  Result<Decimal> da = Decimal::Parse(a);
  Result<Decimal> db = Decimal::Parse(b);
  if (!da.ok() || !db.ok()) return a.compare(b);
  return da->Compare(*db);
}

// Same-type S, N or B values: <0, 0, >0. Strings and binaries compare as
// unsigned bytes (char_traits<char>::compare is unsigned).
int CompareScalars(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() == ValueType::kN) return CompareNumbers(a.scalar(), b.scalar());
  return a.scalar().compare(b.scalar());
}

bool ValuesEqual(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() != b.type()) return false;
  if (a.type() == ValueType::kN)
    return CompareNumbers(a.scalar(), b.scalar()) == 0;
  return a == b;
}

}  // namespace

// ---------------------------------------------------------------- helpers

const AttributeValue* FindPath(const Item& item, const ResolvedPath& path) {
  if (path.elements.empty() || (path.value_steps & 1)) return nullptr;
  const auto* first = std::get_if<std::string>(&path.elements[0]);
  if (first == nullptr) return nullptr;
  auto it = item.find(*first);
  if (it == item.end()) return nullptr;
  const AttributeValue* v = &it->second;
  for (size_t i = 1; i < path.elements.size(); ++i) {
    if (path.value_steps & (uint64_t{1} << i)) return nullptr;
    if (const auto* name = std::get_if<std::string>(&path.elements[i])) {
      if (v->type() != ValueType::kM) return nullptr;
      auto mit = v->map().find(*name);
      if (mit == v->map().end()) return nullptr;
      v = &mit->second;
    } else {
      size_t index = std::get<size_t>(path.elements[i]);
      if (v->type() != ValueType::kL || index >= v->list().size())
        return nullptr;
      v = &v->list()[index];
    }
  }
  return v;
}

// -------------------------------------------------------------- validator

Validator::Validator(const Tree& tree, Bindings bindings,
                     std::set<std::string>* used_names,
                     std::set<std::string>* used_values)
    : paths(tree.paths.size()),
      values(tree.value_slots.size(), nullptr),
      tree_(tree),
      bindings_(bindings),
      used_names_(used_names),
      used_values_(used_values) {}

Status Validator::ResolvePath(uint32_t path_index) {
  const Path& path = tree_.paths[path_index];
  if (path.steps.size() > kMaxDocumentPathDepth) {
    return Status::Validation(
        "The document path has too many nesting levels; nesting levels: " +
        std::to_string(path.steps.size()));
  }
  ResolvedPath& out = paths[path_index];
  out.elements.clear();
  out.value_steps = 0;
  for (size_t i = 0; i < path.steps.size(); ++i) {
    const PathStep& step = path.steps[i];
    switch (step.kind) {
      case PathStep::kName:
        out.elements.emplace_back(step.text);
        break;
      case PathStep::kIndex:
        out.elements.emplace_back(static_cast<size_t>(step.index));
        break;
      case PathStep::kNameRef: {
        used_names_->insert(step.text);
        const AttributeNames* names = bindings_.names;
        auto it =
            names ? names->find(step.text) : AttributeNames::const_iterator();
        if (names == nullptr || it == names->end()) {
          return Status::Validation(
              "An expression attribute name used in the document path is not "
              "defined; attribute "
              "name: " +
              step.text);
        }
        out.elements.emplace_back(it->second);
        break;
      }
      case PathStep::kValueRef: {
        // The service looks a path's ":v" up among its parameters and
        // counts it as a name; the element then matches nothing in an item.
        used_names_->insert(step.text);
        const AttributeValues* vals = bindings_.values;
        if (vals == nullptr || vals->find(step.text) == vals->end()) {
          return Status::Validation(
              "An expression attribute name used in the document path is not "
              "defined; attribute "
              "name: " +
              step.text);
        }
        out.elements.emplace_back(step.text);
        out.value_steps |= uint64_t{1} << i;
        break;
      }
    }
  }
  return Status::OK();
}

Status Validator::ValidateNode(uint32_t index) {
  const Node& n = tree_.nodes[index];
  if (n.kind == NodeKind::kPath) return ResolvePath(n.ref);
  if (n.kind == NodeKind::kValue) {
    const std::string& name = tree_.value_slots[n.ref];
    used_values_->insert(name);
    const AttributeValues* vals = bindings_.values;
    auto it = vals ? vals->find(name) : AttributeValues::const_iterator();
    if (vals == nullptr || it == vals->end()) {
      return Status::Validation(
          "An expression attribute value used in expression is not defined; "
          "attribute value: " +
          name);
    }
    values[n.ref] = &it->second;
    return Status::OK();
  }
  for (uint32_t i = 0; i < n.count; ++i) {
    DYNAROCK_RETURN_IF_ERROR(ValidateNode(tree_.children[n.first + i]));
  }
  DYNAROCK_RETURN_IF_ERROR(ValidateOperator(index));
  if (++operators_ > kMaxOperators) {
    return Status::Validation(
        "The expression contains too many operators; operator count: " +
        std::to_string(operators_));
  }
  return Status::OK();
}

Status Validator::ValidateOperator(uint32_t index) {
  const Node& n = tree_.nodes[index];
  const OpSpec spec = SpecFor(n);
  auto child = [&](uint32_t i) -> const Node& {
    return tree_.nodes[tree_.children[n.first + i]];
  };
  // 1. Operand count.
  if (spec.more ? n.count < spec.arity : n.count != spec.arity) {
    return Status::Validation(
        std::string("Incorrect number of operands for operator or function; "
                    "operator or "
                    "function: ") +
        spec.name + ", number of operands: " + std::to_string(n.count));
  }
  // 2. Operand types known before evaluation.
  auto type_error = [&](const std::string& type) {
    return Status::Validation(
        std::string("Incorrect operand type for operator or function; operator "
                    "or function: ") +
        spec.name + ", operand type: " + type);
  };
  for (uint32_t i = 0; i < n.count; ++i) {
    const Node& c = child(i);
    if (c.kind == NodeKind::kPath) continue;
    if (c.kind == NodeKind::kValue) {
      ValueType t = values[c.ref]->type();
      if (!(spec.operands & Bit(t))) return type_error(ValueTypeName(t));
      continue;
    }
    TypeMask returns = SpecFor(c).returns;
    if (!(spec.operands & returns)) return type_error(TypeMaskString(returns));
  }
  // 3. A path may not be compared with itself.
  if (spec.distinct && n.count > 1 && child(0).kind == NodeKind::kPath) {
    const ResolvedPath& first = paths[child(0).ref];
    for (uint32_t i = 1; i < n.count; ++i) {
      const Node& c = child(i);
      if (c.kind != NodeKind::kPath) continue;
      const ResolvedPath& other = paths[c.ref];
      if (other.elements == first.elements &&
          other.value_steps == first.value_steps) {
        return Status::Validation(
            std::string("The first operand must be distinct from the remaining "
                        "operands for this "
                        "operator or function; operator: ") +
            spec.name +
            ", first operand: " + DocumentPathToString(first.elements));
      }
    }
  }
  // 4. The operator's own rules.
  if (n.kind == NodeKind::kFunction) {
    switch (n.func) {
      case Func::kAttributeExists:
      case Func::kAttributeNotExists:
      case Func::kIfNotExists:
        if (child(0).kind != NodeKind::kPath) {
          return Status::Validation(
              std::string("Operator or function requires a document path; "
                          "operator or function: ") +
              spec.name);
        }
        break;
      case Func::kAttributeType: {
        const Node& t = child(1);
        if (t.kind == NodeKind::kPath) return type_error(kPathTypesString);
        if (t.kind != NodeKind::kValue)
          return type_error(TypeMaskString(SpecFor(t).returns));
        const AttributeValue& v = *values[t.ref];
        if (v.type() != ValueType::kS)
          return type_error(ValueTypeName(v.type()));
        if (!IsValidTypeName(v.scalar())) {
          return Status::Validation(
              "Invalid attribute type name found; type: " + v.scalar() +
              ", valid types: " + kValidTypeNames);
        }
        break;
      }
      default:
        break;
    }
  } else if (n.kind == NodeKind::kBetween) {
    const Node& lo = child(1);
    const Node& hi = child(2);
    if (lo.kind == NodeKind::kValue && hi.kind == NodeKind::kValue) {
      const AttributeValue& a = *values[lo.ref];
      const AttributeValue& b = *values[hi.ref];
      if (a.type() != b.type()) {
        return Status::Validation(
            "The BETWEEN operator requires same data type for lower and upper "
            "bounds; lower bound "
            "operand: " +
            DescribeValue(a) + ", upper bound operand: " + DescribeValue(b));
      }
      if (CompareScalars(a, b) > 0) {
        return Status::Validation(
            "The BETWEEN operator requires upper bound to be greater than or "
            "equal to lower "
            "bound; lower bound operand: " +
            DescribeValue(a) + ", upper bound operand: " + DescribeValue(b));
      }
    }
  } else if (n.kind == NodeKind::kIn) {
    if (n.count > kMaxInOperands + 1) {
      return Status::Validation(
          "The IN operator is provided with too many operands; number of "
          "operands: " +
          std::to_string(n.count - 1));
    }
  }
  return Status::OK();
}

// --------------------------------------------------------------- path tree

namespace {

int32_t ElementHash(const PathTree::Child& c) {
  // HashCodeBuilder(8191, 127).append(x): 8191 * 127 + x.hashCode().
  uint32_t base = 8191u * 127u;
  if (const auto* name = std::get_if<std::string>(&c.key)) {
    return static_cast<int32_t>(base +
                                static_cast<uint32_t>(JavaStringHash(*name)));
  }
  return static_cast<int32_t>(base +
                              static_cast<uint32_t>(std::get<size_t>(c.key)));
}

// 0 map member, 1 list element, 2 value placeholder.
int CollectionKind(const PathElement& key, bool value_step) {
  if (value_step) return 2;
  return std::holds_alternative<std::string>(key) ? 0 : 1;
}

}  // namespace

std::vector<size_t> PathTree::HashOrder(size_t node) const {
  const std::vector<Child>& children = nodes_[node].children;
  std::vector<int32_t> hash_codes;
  hash_codes.reserve(children.size());
  for (const Child& c : children) hash_codes.push_back(ElementHash(c));
  return JavaHashOrder(hash_codes, JavaHashMapCapacity(children.size()));
}

std::string PathTree::PathToLeaf(const ResolvedPath& path, size_t depth,
                                 size_t node, size_t first_child) const {
  DocumentPath out(path.elements.begin(),
                   path.elements.begin() + static_cast<long>(depth));
  size_t cur = node;
  size_t pick = first_child;
  while (true) {
    if (pick == SIZE_MAX) pick = HashOrder(cur).front();
    const Child& c = nodes_[cur].children[pick];
    pick = SIZE_MAX;
    out.push_back(c.key);
    if (c.node < 0 || nodes_[c.node].children.empty()) break;
    cur = static_cast<size_t>(c.node);
  }
  return DocumentPathToString(out);
}

Status PathTree::Insert(const ResolvedPath& path, int32_t payload) {
  size_t node = 0;
  const size_t n = path.elements.size();
  for (size_t depth = 0; depth < n; ++depth) {
    const PathElement& key = path.elements[depth];
    const bool vstep = (path.value_steps >> depth) & 1;
    std::vector<Child>& children = nodes_[node].children;
    size_t found = children.size();
    for (size_t i = 0; i < children.size(); ++i) {
      if (children[i].value_step == vstep && children[i].key == key) {
        found = i;
        break;
      }
    }
    if (found == children.size()) {
      if (!children.empty() &&
          CollectionKind(children.front().key, children.front().value_step) !=
              CollectionKind(key, vstep)) {
        return Status::Validation(
            "Two document paths conflict with each other; must remove or "
            "rewrite one of these "
            "paths; path one: " +
            DocumentPathToString(path.elements) +
            ", path two: " + PathToLeaf(path, depth, node, SIZE_MAX));
      }
      // Add the rest of the path as a chain.
      size_t parent = node;
      for (size_t d = depth; d < n; ++d) {
        Child c;
        c.key = path.elements[d];
        c.value_step = (path.value_steps >> d) & 1;
        if (d + 1 == n) {
          c.payload = payload;
          nodes_[parent].children.push_back(std::move(c));
        } else {
          nodes_.emplace_back();
          c.node = static_cast<int32_t>(nodes_.size() - 1);
          nodes_[parent].children.push_back(std::move(c));
          parent = nodes_.size() - 1;
        }
      }
      return Status::OK();
    }
    const Child& c = children[found];
    if (c.node >= 0 && depth + 1 < n) {
      node = static_cast<size_t>(c.node);
      continue;
    }
    return Status::Validation(
        "Two document paths overlap with each other; must remove or rewrite "
        "one of these paths; "
        "path one: " +
        DocumentPathToString(path.elements) +
        ", path two: " + PathToLeaf(path, depth, node, found));
  }
  return Status::OK();
}

// --------------------------------------------------------------- projection

namespace {

std::optional<AttributeValue> ProjectValue(const PathTree& tree, size_t node,
                                           const AttributeValue& v) {
  const PathTree::TreeNode& tn = tree.node(node);
  if (v.type() == ValueType::kM) {
    AttributeValue::Map out;
    for (const PathTree::Child& c : tn.children) {
      const auto* name = std::get_if<std::string>(&c.key);
      if (name == nullptr || c.value_step) continue;
      auto it = v.map().find(*name);
      if (it == v.map().end()) continue;
      if (c.node < 0) {
        out.emplace(*name, it->second);
      } else if (auto sub = ProjectValue(tree, static_cast<size_t>(c.node),
                                         it->second)) {
        out.emplace(*name, std::move(*sub));
      }
    }
    if (out.empty()) return std::nullopt;
    return AttributeValue::M(std::move(out));
  }
  if (v.type() == ValueType::kL) {
    std::vector<std::pair<size_t, AttributeValue>> picked;
    for (const PathTree::Child& c : tn.children) {
      const auto* index = std::get_if<size_t>(&c.key);
      if (index == nullptr || c.value_step || *index >= v.list().size())
        continue;
      if (c.node < 0) {
        picked.emplace_back(*index, v.list()[*index]);
      } else if (auto sub = ProjectValue(tree, static_cast<size_t>(c.node),
                                         v.list()[*index])) {
        picked.emplace_back(*index, std::move(*sub));
      }
    }
    if (picked.empty()) return std::nullopt;
    std::sort(picked.begin(), picked.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    AttributeValue::List out;
    out.reserve(picked.size());
    for (auto& [i, value] : picked) out.push_back(std::move(value));
    return AttributeValue::L(std::move(out));
  }
  return std::nullopt;
}

}  // namespace

Item ProjectItem(const PathTree& tree, const Item& item) {
  Item out;
  for (const PathTree::Child& c : tree.node(0).children) {
    const auto* name = std::get_if<std::string>(&c.key);
    if (name == nullptr || c.value_step) continue;
    auto it = item.find(*name);
    if (it == item.end()) continue;
    if (c.node < 0) {
      out.emplace(*name, it->second);
    } else if (auto sub = ProjectValue(tree, static_cast<size_t>(c.node),
                                       it->second)) {
      out.emplace(*name, std::move(*sub));
    }
  }
  return out;
}

}  // namespace expr

// --------------------------------------------------------------- conditions

struct BoundCondition::Impl {
  std::shared_ptr<const ParsedCondition> parsed;
  std::vector<expr::ResolvedPath> paths;
  std::vector<const AttributeValue*> values;
};

namespace {

using expr::Func;
using expr::Node;
using expr::NodeKind;

// An operand's value during evaluation: an attribute or request value, or a
// size() result (a number), or absent.
struct Operand {
  const AttributeValue* v = nullptr;
  bool is_size = false;
  uint64_t size = 0;

  bool present() const { return v != nullptr || is_size; }
  ValueType type() const { return is_size ? ValueType::kN : v->type(); }
};

class ConditionEvaluator {
 public:
  ConditionEvaluator(const BoundCondition::Impl& impl, const Item& item)
      : impl_(impl), tree_(impl.parsed->tree), item_(item) {}

  bool Eval(uint32_t index) const {
    const Node& n = tree_.nodes[index];
    switch (n.kind) {
      case NodeKind::kAnd:
        return Eval(Child(n, 0)) && Eval(Child(n, 1));
      case NodeKind::kOr:
        return Eval(Child(n, 0)) || Eval(Child(n, 1));
      case NodeKind::kNot:
        return !Eval(Child(n, 0));
      case NodeKind::kCompare:
        return EvalCompare(n);
      case NodeKind::kBetween: {
        Operand x = Value(Child(n, 0)), lo = Value(Child(n, 1)),
                hi = Value(Child(n, 2));
        if (!Ordered(x) || !Ordered(lo) || !Ordered(hi)) return false;
        if (x.type() != lo.type() || x.type() != hi.type()) return false;
        return Compare(x, hi) <= 0 && Compare(x, lo) >= 0;
      }
      case NodeKind::kIn: {
        Operand x = Value(Child(n, 0));
        if (!x.present()) return false;
        for (uint32_t i = 1; i < n.count; ++i) {
          Operand c = Value(Child(n, i));
          if (c.present() && Equal(x, c)) return true;
        }
        return false;
      }
      case NodeKind::kFunction:
        return EvalFunction(n);
      default:
        return false;
    }
  }

 private:
  uint32_t Child(const Node& n, uint32_t i) const {
    return tree_.children[n.first + i];
  }

  Operand Value(uint32_t index) const {
    const Node& n = tree_.nodes[index];
    Operand out;
    switch (n.kind) {
      case NodeKind::kPath:
        out.v = expr::FindPath(item_, impl_.paths[n.ref]);
        break;
      case NodeKind::kValue:
        out.v = impl_.values[n.ref];
        break;
      case NodeKind::kFunction:
        if (n.func == Func::kSize) {
          Operand x = Value(Child(n, 0));
          if (x.is_size || x.v == nullptr) break;  // size of a number is absent
          const AttributeValue& v = *x.v;
          switch (v.type()) {
            case ValueType::kS:
              // The service counts String.length(): UTF-16 code units.
              out.size = expr::Utf16Length(v.scalar());
              break;
            case ValueType::kB:
              out.size = v.scalar().size();
              break;
            case ValueType::kSS:
            case ValueType::kNS:
            case ValueType::kBS:
              out.size = v.set().size();
              break;
            case ValueType::kL:
              out.size = v.list().size();
              break;
            case ValueType::kM:
              out.size = v.map().size();
              break;
            default:
              return out;
          }
          out.is_size = true;
        }
        break;
      default:
        break;
    }
    return out;
  }

  static bool Ordered(const Operand& o) {
    if (!o.present()) return false;
    ValueType t = o.type();
    return t == ValueType::kS || t == ValueType::kN || t == ValueType::kB;
  }

  static std::string_view NumberText(const Operand& o, std::string* scratch) {
    if (!o.is_size) return o.v->scalar();
    *scratch = std::to_string(o.size);
    return *scratch;
  }

  // Same-type ordered operands.
  static int Compare(const Operand& a, const Operand& b) {
    if (a.type() == ValueType::kN) {
      std::string sa, sb;
      return expr::CompareNumbers(NumberText(a, &sa), NumberText(b, &sb));
    }
    return a.v->scalar().compare(b.v->scalar());
  }

  static bool Equal(const Operand& a, const Operand& b) {
    if (a.type() != b.type()) return false;
    if (a.is_size || b.is_size) return Compare(a, b) == 0;
    return expr::ValuesEqual(*a.v, *b.v);
  }

  bool EvalCompare(const Node& n) const {
    Operand a = Value(Child(n, 0));
    Operand b = Value(Child(n, 1));
    switch (n.cmp) {
      case expr::CompareOp::kEq:
        return a.present() && b.present() && Equal(a, b);
      case expr::CompareOp::kNe:
        return !(a.present() && b.present() && Equal(a, b));
      default:
        break;
    }
    if (!Ordered(a) || !Ordered(b) || a.type() != b.type()) return false;
    int c = Compare(a, b);
    switch (n.cmp) {
      case expr::CompareOp::kLt:
        return c < 0;
      case expr::CompareOp::kLe:
        return c <= 0;
      case expr::CompareOp::kGt:
        return c > 0;
      default:
        return c >= 0;
    }
  }

  bool EvalFunction(const Node& n) const {
    switch (n.func) {
      case Func::kAttributeExists:
        return Value(Child(n, 0)).present();
      case Func::kAttributeNotExists:
        return !Value(Child(n, 0)).present();
      case Func::kAttributeType: {
        Operand x = Value(Child(n, 0));
        Operand t = Value(Child(n, 1));
        if (!x.present() || !t.present() || t.is_size) return false;
        return t.v->type() == ValueType::kS &&
               t.v->scalar() == ValueTypeName(x.type());
      }
      case Func::kBeginsWith: {
        Operand a = Value(Child(n, 0));
        Operand b = Value(Child(n, 1));
        if (!a.present() || !b.present() || a.is_size || b.is_size)
          return false;
        ValueType t = a.v->type();
        if ((t != ValueType::kS && t != ValueType::kB) || b.v->type() != t)
          return false;
        const std::string& s = a.v->scalar();
        const std::string& p = b.v->scalar();
        return s.size() >= p.size() &&
               std::memcmp(s.data(), p.data(), p.size()) == 0;
      }
      case Func::kContains:
        return EvalContains(Value(Child(n, 0)), Value(Child(n, 1)));
      default:
        return false;
    }
  }

  static bool EvalContains(const Operand& a, const Operand& b) {
    if (!a.present() || !b.present() || a.is_size) return false;
    const AttributeValue& container = *a.v;
    switch (container.type()) {
      case ValueType::kS:
      case ValueType::kB:
        if (b.is_size || b.v->type() != container.type()) return false;
        return container.scalar().find(b.v->scalar()) != std::string::npos;
      case ValueType::kL:
        for (const AttributeValue& e : container.list()) {
          Operand eo;
          eo.v = &e;
          if (Equal(eo, b)) return true;
        }
        return false;
      case ValueType::kSS:
      case ValueType::kBS: {
        ValueType member =
            container.type() == ValueType::kSS ? ValueType::kS : ValueType::kB;
        if (b.is_size || b.v->type() != member) return false;
        for (const std::string& m : container.set()) {
          if (m == b.v->scalar()) return true;
        }
        return false;
      }
      case ValueType::kNS: {
        if (b.type() != ValueType::kN) return false;
        std::string scratch;
        std::string_view text = NumberText(b, &scratch);
        for (const std::string& m : container.set()) {
          if (expr::CompareNumbers(m, text) == 0) return true;
        }
        return false;
      }
      default:
        return false;
    }
  }

  const BoundCondition::Impl& impl_;
  const expr::Tree& tree_;
  const Item& item_;
};

const Item& EmptyItem() {
  static const Item* empty = new Item();
  return *empty;
}

}  // namespace

bool BoundCondition::Evaluate(const Item* item) const {
  if (!impl_) return false;
  ConditionEvaluator eval(*impl_, item ? *item : EmptyItem());
  return eval.Eval(impl_->parsed->root);
}

std::vector<std::string> BoundCondition::TopLevelAttributes() const {
  std::vector<std::string> out;
  if (!impl_) return out;
  for (const auto& p : impl_->paths) {
    if (p.elements.empty() || (p.value_steps & 1)) continue;
    if (const auto* name = std::get_if<std::string>(&p.elements[0]))
      out.push_back(*name);
  }
  return out;
}

Result<std::vector<KeyConditionTerm>> BoundCondition::KeyConditionTerms()
    const {
  std::vector<KeyConditionTerm> terms;
  if (!impl_) return terms;
  const expr::Tree& tree = impl_->parsed->tree;
  auto invalid_condition = [](const std::string& detail) {
    return Status::Validation("Invalid condition in KeyConditionExpression: " +
                              detail);
  };
  // The service's KeyConditionExpressionExtractor: AND nodes split, every
  // other node is one condition on one key attribute.
  std::vector<uint32_t> stack{impl_->parsed->root};
  std::vector<uint32_t> order;
  while (!stack.empty()) {
    uint32_t index = stack.back();
    stack.pop_back();
    const Node& n = tree.nodes[index];
    if (n.kind == NodeKind::kAnd) {
      stack.push_back(tree.children[n.first + 1]);
      stack.push_back(tree.children[n.first]);
      continue;
    }
    if (n.kind == NodeKind::kPath || n.kind == NodeKind::kValue) {
      return invalid_condition("No operator specified for condition");
    }
    KeyConditionTerm term;
    bool supported = true;
    if (n.kind == NodeKind::kCompare) {
      switch (n.cmp) {
        case expr::CompareOp::kEq:
          term.op = KeyConditionOp::kEq;
          break;
        case expr::CompareOp::kLt:
          term.op = KeyConditionOp::kLt;
          break;
        case expr::CompareOp::kLe:
          term.op = KeyConditionOp::kLe;
          break;
        case expr::CompareOp::kGt:
          term.op = KeyConditionOp::kGt;
          break;
        case expr::CompareOp::kGe:
          term.op = KeyConditionOp::kGe;
          break;
        case expr::CompareOp::kNe:
          supported = false;
          break;
      }
    } else if (n.kind == NodeKind::kBetween) {
      term.op = KeyConditionOp::kBetween;
    } else if (n.kind == NodeKind::kFunction && n.func == Func::kBeginsWith) {
      term.op = KeyConditionOp::kBeginsWith;
    } else {
      supported = false;
    }
    const char* op_name = expr::SpecFor(n).name;
    if (!supported) {
      return Status::Validation(
          std::string("Invalid operator used in KeyConditionExpression: ") +
          op_name);
    }
    bool have_key = false;
    for (uint32_t i = 0; i < n.count; ++i) {
      const Node& c = tree.nodes[tree.children[n.first + i]];
      if (c.kind == NodeKind::kPath) {
        if (have_key)
          return invalid_condition(
              "Multiple attribute names used in one condition");
        const expr::ResolvedPath& p = impl_->paths[c.ref];
        if (p.elements.size() > 1) {
          return Status::Validation(
              "KeyConditionExpressions cannot have conditions on nested "
              "attributes");
        }
        term.attribute = std::get<std::string>(p.elements[0]);
        have_key = true;
      } else if (c.kind == NodeKind::kValue) {
        if (!have_key) {
          if (term.op == KeyConditionOp::kBetween ||
              term.op == KeyConditionOp::kBeginsWith) {
            return invalid_condition(
                std::string(op_name) +
                " operator must have the key attribute as its first operand");
          }
          switch (term.op) {  // ":v < key" is "key > :v"
            case KeyConditionOp::kLt:
              term.op = KeyConditionOp::kGt;
              break;
            case KeyConditionOp::kGt:
              term.op = KeyConditionOp::kLt;
              break;
            case KeyConditionOp::kLe:
              term.op = KeyConditionOp::kGe;
              break;
            case KeyConditionOp::kGe:
              term.op = KeyConditionOp::kLe;
              break;
            default:
              break;
          }
        }
        term.values.push_back(impl_->values[c.ref]);
      } else {
        return Status::Validation(
            "KeyConditionExpressions cannot contain nested operations");
      }
    }
    if (!have_key) return invalid_condition("No key attribute specified");
    for (const KeyConditionTerm& t : terms) {
      if (t.attribute == term.attribute) {
        return Status::Validation(
            "KeyConditionExpressions must only contain one condition per key");
      }
    }
    terms.push_back(std::move(term));
  }
  return terms;
}

// --------------------------------------------------------------- projection

struct BoundProjection::Impl {
  std::shared_ptr<const ParsedProjection> parsed;
  std::vector<DocumentPath> paths;
  expr::PathTree tree;
};

Item BoundProjection::Project(const Item& item) const {
  if (!impl_) return item;
  return expr::ProjectItem(impl_->tree, item);
}

const std::vector<DocumentPath>& BoundProjection::paths() const {
  static const std::vector<DocumentPath>* empty =
      new std::vector<DocumentPath>();
  return impl_ ? impl_->paths : *empty;
}

// ------------------------------------------------------------------ binder

Result<BoundCondition> ExpressionBinder::BindCondition(std::string_view text,
                                                       ExpressionKind kind) {
  DYNAROCK_ASSIGN_OR_RETURN(auto parsed, ParseCondition(text, kind));
  expr::Validator v(parsed->tree, bindings_, &used_names_, &used_values_);
  Status st = v.ValidateNode(parsed->root);
  if (!st.ok()) return InvalidExpression(kind, st);
  auto impl = std::make_shared<BoundCondition::Impl>();
  impl->parsed = std::move(parsed);
  impl->paths = std::move(v.paths);
  impl->values = std::move(v.values);
  BoundCondition bound;
  bound.impl_ = std::move(impl);
  return bound;
}

Result<BoundProjection> ExpressionBinder::BindProjection(
    std::string_view text) {
  constexpr ExpressionKind kind = ExpressionKind::kProjection;
  DYNAROCK_ASSIGN_OR_RETURN(auto parsed, ParseProjection(text));
  // A projection has no values: a ":v" path element is an undefined name.
  Bindings names_only{bindings_.names, nullptr};
  expr::Validator v(parsed->tree, names_only, &used_names_, &used_values_);
  auto impl = std::make_shared<BoundProjection::Impl>();
  const size_t n = parsed->tree.paths.size();
  // The service builds its projection tree from the paths in reverse order
  // (its parse stack), which decides which path a message names first.
  for (size_t i = n; i-- > 0;) {
    Status st = v.ResolvePath(static_cast<uint32_t>(i));
    if (st.ok()) st = impl->tree.Insert(v.paths[i], static_cast<int32_t>(i));
    if (!st.ok()) return InvalidExpression(kind, st);
  }
  impl->paths.reserve(n);
  for (size_t i = 0; i < n; ++i)
    impl->paths.push_back(std::move(v.paths[i].elements));
  impl->parsed = std::move(parsed);
  BoundProjection bound;
  bound.impl_ = std::move(impl);
  return bound;
}

namespace {

// The keys of m not in used, in the order java.util.HashSet iterates them
// (the service builds new HashSet<>(map.keySet()) and prints it).
template <typename Map>
std::string UnusedKeys(const Map& m, const std::set<std::string>& used) {
  std::vector<std::string_view> unused;
  for (const auto& [key, value] : m) {
    if (!used.count(key)) unused.push_back(key);
  }
  if (unused.empty()) return "";
  std::string out = "{";
  const std::vector<size_t> order =
      JavaHashOrder(unused, JavaHashSetCapacity(m.size()));
  for (size_t i = 0; i < order.size(); ++i) {
    if (i > 0) out += ", ";
    out += unused[order[i]];
  }
  return out + "}";
}

}  // namespace

Status ExpressionBinder::CheckAllUsed() const {
  return CheckUnusedPlaceholders(bindings_, used_names_, used_values_);
}

Status CheckUnusedPlaceholders(const Bindings& bindings_,
                               const std::set<std::string>& used_names_,
                               const std::set<std::string>& used_values_) {
  if (bindings_.names != nullptr) {
    std::string keys = UnusedKeys(*bindings_.names, used_names_);
    if (!keys.empty()) {
      return Status::Validation(
          "Value provided in ExpressionAttributeNames unused in expressions: "
          "keys: " +
          keys);
    }
  }
  if (bindings_.values != nullptr) {
    std::string keys = UnusedKeys(*bindings_.values, used_values_);
    if (!keys.empty()) {
      return Status::Validation(
          "Value provided in ExpressionAttributeValues unused in expressions: "
          "keys: " +
          keys);
    }
  }
  return Status::OK();
}

namespace {

bool IsPlaceholderKey(const std::string& key, char sigil) {
  if (key.size() < 2 || key[0] != sigil) return false;
  for (size_t i = 1; i < key.size(); ++i) {
    char c = key[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Status ValidatePlaceholderMaps(const Bindings& bindings) {
  if (bindings.names != nullptr) {
    if (bindings.names->empty()) {
      return Status::Validation("ExpressionAttributeNames must not be empty");
    }
    for (const auto& [key, value] : *bindings.names) {
      if (!IsPlaceholderKey(key, '#')) {
        return Status::Validation(
            "ExpressionAttributeNames contains invalid key: Syntax error; key: "
            "\"" +
            key + "\"");
      }
    }
  }
  if (bindings.values != nullptr) {
    if (bindings.values->empty()) {
      return Status::Validation("ExpressionAttributeValues must not be empty");
    }
    for (const auto& [key, value] : *bindings.values) {
      if (!IsPlaceholderKey(key, ':')) {
        return Status::Validation(
            "ExpressionAttributeValues contains invalid key: Syntax error; "
            "key: \"" +
            key + "\"");
      }
    }
  }
  return Status::OK();
}

Result<std::optional<BoundProjection>> BindProjectionOnly(
    const std::optional<std::string>& expression,
    const std::optional<AttributeNames>& names) {
  if (!expression) return std::optional<BoundProjection>();
  Bindings bindings{names ? &*names : nullptr, nullptr};
  DYNAROCK_RETURN_IF_ERROR(ValidatePlaceholderMaps(bindings));
  ExpressionBinder binder(bindings);
  DYNAROCK_ASSIGN_OR_RETURN(auto bound, binder.BindProjection(*expression));
  DYNAROCK_RETURN_IF_ERROR(binder.CheckAllUsed());
  return std::optional<BoundProjection>(std::move(bound));
}

}  // namespace dynarock
