// The parser of the expression language and the parse cache.
//
// The grammar is the service's (DynamoDbGrammar.g4, as DynamoDB Local ships
// it), here by recursive descent:
//
// clang-format off
//   projection := path (',' path)* EOF
//   condition  := condition OR condition            (lowest)
//               | condition AND condition
//               | NOT condition
//               | '(' condition ')'
//               | operand comparator operand
//               | operand IN '(' operand (',' operand)* ')'
//               | operand BETWEEN operand AND operand
//               | function
//   update     := (SET set_action (',' set_action)*
//               |  ADD path VALUE_SUB (',' ...)*
//               |  DELETE path VALUE_SUB (',' ...)*
//               |  REMOVE path (',' path)*)+ EOF
//   set_action := path '=' set_value
//   set_value  := operand | arithmetic
//   arithmetic := operand ('+' | '-') operand | '(' arithmetic ')'
//   operand    := path | VALUE_SUB | function | '(' operand ')'
//   function   := ID '(' operand (',' operand)* ')'
//   path       := (ID | NAME_SUB) ('.' (ID | NAME_SUB | VALUE_SUB) | '[' INDEX ']')*
// clang-format on
//
// Errors, in the service's order:
//   1. syntax: "Syntax error; token: "<t>", near: "<prev><t><next>"" at the
//      first token that cannot continue the expression (the service's ANTLR
//      error listener prints the previous token, the offending one and the
//      next one with the whitespace between them, "<EOF>" for the end);
//      redundant parentheses ("((a = b))", "((a))") where the parser commits
//      to them, which for the first operand of a comparison is only once the
//      comparator is seen (ANTLR predicts the alternative before it matches).
//   2. a walk of the tree in textual order (the service's ASTListener):
//      reserved words, list indexes beyond 2^31-1, unknown functions,
//      functions where they are not allowed, repeated update sections.
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "engine/expr/expression.h"
#include "engine/expr/reserved_words.h"

namespace dynarock {

const char* ExpressionParameterName(ExpressionKind kind) {
  switch (kind) {
    case ExpressionKind::kCondition:
      return "ConditionExpression";
    case ExpressionKind::kFilter:
      return "FilterExpression";
    case ExpressionKind::kKeyCondition:
      return "KeyConditionExpression";
    case ExpressionKind::kProjection:
      return "ProjectionExpression";
    case ExpressionKind::kUpdate:
      return "UpdateExpression";
  }
  return "Expression";
}

Status InvalidExpression(ExpressionKind kind, const Status& st) {
  return Status::Validation(std::string("Invalid ") +
                            ExpressionParameterName(kind) + ": " +
                            st.message());
}

namespace expr {
namespace {

constexpr char kRedundantParens[] = "The expression has redundant parentheses;";

Func LookupFunction(std::string_view name) {
  // Case-sensitive, as the service. The service's parser also knows
  // convert, contains_key, contains_value and list_delete; they are
  // undocumented, and here "Invalid function name" like any other name.
  if (name == "attribute_exists") return Func::kAttributeExists;
  if (name == "attribute_not_exists") return Func::kAttributeNotExists;
  if (name == "attribute_type") return Func::kAttributeType;
  if (name == "begins_with") return Func::kBeginsWith;
  if (name == "contains") return Func::kContains;
  if (name == "size") return Func::kSize;
  if (name == "if_not_exists") return Func::kIfNotExists;
  if (name == "list_append") return Func::kListAppend;
  return Func::kUnknown;
}

bool IsComparator(Tok t) {
  return t == Tok::kEq || t == Tok::kNe || t == Tok::kLt || t == Tok::kLe ||
         t == Tok::kGt || t == Tok::kGe;
}

CompareOp ToCompareOp(Tok t) {
  switch (t) {
    case Tok::kEq:
      return CompareOp::kEq;
    case Tok::kNe:
      return CompareOp::kNe;
    case Tok::kLt:
      return CompareOp::kLt;
    case Tok::kLe:
      return CompareOp::kLe;
    case Tok::kGt:
      return CompareOp::kGt;
    default:
      return CompareOp::kGe;
  }
}

bool IsSectionKeyword(Tok t) {
  return t == Tok::kSet || t == Tok::kAdd || t == Tok::kDelete ||
         t == Tok::kRemove;
}

// An operand being parsed. parens counts the parentheses directly around it;
// redundant records redundant parentheses inside it whose report waits until
// the parser commits to the operand.
struct Opnd {
  int node = -1;
  int parens = 0;
  bool redundant = false;
  bool is_function = false;
};

// A condition being parsed. bare: an operand inside parentheses whose role
// (operand of a comparison, or a function condition) is not known yet.
struct Cond {
  int node = -1;
  bool bare = false;
  bool grouped = false;  // has its own outer parentheses
  Opnd op;
};

// A set_value being parsed.
struct SetValue {
  int node = -1;
  bool arithmetic = false;
  int parens = 0;
  bool redundant = false;
  bool is_function = false;
};

class Parser {
 public:
  Parser(std::string_view src, Tree* tree) : src_(src), tree_(tree) {
    Lex(src, &toks_);
  }

  const Status& error() const { return error_; }

  bool ParseConditionTop(uint32_t* root) {
    Cond c;
    if (!ParseOr(false, &c)) return false;
    if (Cur() != Tok::kEof) return Fail(pos_);
    *root = static_cast<uint32_t>(c.node);
    return WalkCondition(*root, 0);
  }

  bool ParseProjectionTop() {
    while (true) {
      int node;
      if (!ParsePath(&node)) return false;
      if (Cur() != Tok::kComma) break;
      ++pos_;
    }
    if (Cur() != Tok::kEof) return Fail(pos_);
    for (const Path& p : tree_->paths) {
      if (!WalkPath(p)) return false;
    }
    return true;
  }

  bool ParseUpdateTop(std::vector<ParsedUpdate::Entry>* entries) {
    if (!IsSectionKeyword(Cur())) return Fail(pos_);
    struct Section {
      ParsedUpdate::Action action;
      size_t end;
    };
    std::vector<Section> sections;
    while (IsSectionKeyword(Cur())) {
      ParsedUpdate::Action action = SectionAction(Cur());
      ++pos_;
      while (true) {
        if (!ParseUpdateAction(action, entries)) return false;
        if (Cur() != Tok::kComma) break;
        ++pos_;
      }
      sections.push_back(Section{action, entries->size()});
    }
    if (Cur() != Tok::kEof) return Fail(pos_);
    // The walk: each section's actions in order, then its repetition.
    bool seen[4] = {false, false, false, false};
    size_t begin = 0;
    for (const Section& s : sections) {
      for (size_t i = begin; i < s.end; ++i) {
        const ParsedUpdate::Entry& e = (*entries)[i];
        if (!WalkPath(tree_->paths[e.path])) return false;
        if (e.action == ParsedUpdate::Action::kSet &&
            !WalkUpdateValue(e.value, 0))
          return false;
      }
      begin = s.end;
      int idx = static_cast<int>(s.action);
      if (seen[idx]) {
        const char* name = s.action == ParsedUpdate::Action::kSet   ? "SET"
                           : s.action == ParsedUpdate::Action::kAdd ? "ADD"
                           : s.action == ParsedUpdate::Action::kDelete
                               ? "DELETE"
                               : "REMOVE";
        return Error(
            std::string("The \"") + name +
            "\" section can only be used once in an update expression;");
      }
      seen[idx] = true;
    }
    return true;
  }

 private:
  Tok Cur() const { return toks_[pos_].type; }
  Tok Peek(size_t ahead) const {
    size_t i = pos_ + ahead;
    return i < toks_.size() ? toks_[i].type : Tok::kEof;
  }
  std::string_view Text(size_t i) const {
    return src_.substr(toks_[i].begin, toks_[i].end - toks_[i].begin);
  }

  bool Error(std::string message) {
    error_ = Status::Validation(std::move(message));
    return false;
  }

  // The service's syntax error at token i (ExpressionErrorListener): the
  // previous token, the whitespace, the offending token, the whitespace and
  // the next token, as they appear in the source.
  bool Fail(size_t i) {
    const Token& t = toks_[i];
    std::string token = t.type == Tok::kEof ? "<EOF>" : std::string(Text(i));
    size_t start = i > 0 ? toks_[i - 1].begin : 0;
    size_t end;
    if (t.type == Tok::kEof || toks_[i + 1].type == Tok::kEof) {
      end = src_.size();
    } else {
      end = toks_[i + 1].end;
    }
    return Error("Syntax error; token: \"" + token + "\", near: \"" +
                 std::string(src_.substr(start, end - start)) + "\"");
  }

  bool FailRedundant() { return Error(kRedundantParens); }

  static ParsedUpdate::Action SectionAction(Tok t) {
    switch (t) {
      case Tok::kSet:
        return ParsedUpdate::Action::kSet;
      case Tok::kAdd:
        return ParsedUpdate::Action::kAdd;
      case Tok::kDelete:
        return ParsedUpdate::Action::kDelete;
      default:
        return ParsedUpdate::Action::kRemove;
    }
  }

  int AddNode(Node node, const int* kids, size_t count) {
    node.first = static_cast<uint32_t>(tree_->children.size());
    node.count = static_cast<uint32_t>(count);
    for (size_t i = 0; i < count; ++i)
      tree_->children.push_back(static_cast<uint32_t>(kids[i]));
    tree_->nodes.push_back(node);
    return static_cast<int>(tree_->nodes.size() - 1);
  }

  uint32_t Slot(std::vector<std::string>* slots, std::string_view text) {
    for (size_t i = 0; i < slots->size(); ++i) {
      if ((*slots)[i] == text) return static_cast<uint32_t>(i);
    }
    slots->emplace_back(text);
    return static_cast<uint32_t>(slots->size() - 1);
  }

  // ---------------------------------------------------------------- paths

  bool ParsePath(int* node) {
    Path path;
    PathStep first;
    if (Cur() == Tok::kId) {
      first.kind = PathStep::kName;
      first.text = std::string(Text(pos_));
    } else if (Cur() == Tok::kNameSub) {
      first.kind = PathStep::kNameRef;
      first.text = std::string(Text(pos_));
      first.slot = Slot(&tree_->name_slots, first.text);
    } else {
      return Fail(pos_);
    }
    ++pos_;
    path.steps.push_back(std::move(first));
    while (true) {
      if (Cur() == Tok::kDot) {
        ++pos_;
        PathStep step;
        step.text = std::string(Text(pos_));
        if (Cur() == Tok::kId) {
          step.kind = PathStep::kName;
        } else if (Cur() == Tok::kNameSub) {
          step.kind = PathStep::kNameRef;
          step.slot = Slot(&tree_->name_slots, step.text);
        } else if (Cur() == Tok::kValueSub) {
          step.kind = PathStep::kValueRef;
          step.slot = Slot(&tree_->value_slots, step.text);
        } else {
          return Fail(pos_);
        }
        ++pos_;
        path.steps.push_back(std::move(step));
      } else if (Cur() == Tok::kLBracket) {
        ++pos_;
        if (Cur() != Tok::kIndex) return Fail(pos_);
        std::string_view digits = Text(pos_);
        PathStep step;
        step.kind = PathStep::kIndex;
        uint64_t v = 0;
        bool overflow = false;
        for (char c : digits) {
          v = v * 10 + static_cast<uint64_t>(c - '0');
          if (v > 0x7FFFFFFFull) overflow = true;
          if (v > 0xFFFFFFFFFull) v = 0xFFFFFFFFFull;  // keep it bounded
        }
        if (overflow) {
          // Reported by the walk, as the service (Integer.valueOf fails).
          step.index = UINT32_MAX;
          step.text = "[" + std::string(digits) + "]";
        } else {
          step.index = static_cast<uint32_t>(v);
        }
        ++pos_;
        if (Cur() != Tok::kRBracket) return Fail(pos_);
        ++pos_;
        path.steps.push_back(std::move(step));
      } else {
        break;
      }
    }
    tree_->paths.push_back(std::move(path));
    Node n;
    n.kind = NodeKind::kPath;
    n.ref = static_cast<uint32_t>(tree_->paths.size() - 1);
    *node = AddNode(n, nullptr, 0);
    return true;
  }

  // -------------------------------------------------------------- operands

  // defer: report redundant parentheses through out->redundant instead of
  // at once (the operand is still inside the parser's prediction window).
  bool ParseOperand(bool defer, Opnd* out) {
    Tok t = Cur();
    if (t == Tok::kId && Peek(1) == Tok::kLParen) {
      size_t name_tok = pos_;
      pos_ += 2;
      std::vector<int> kids;
      bool redundant = false;
      while (true) {
        Opnd arg;
        if (!ParseOperand(defer, &arg)) return false;
        kids.push_back(arg.node);
        redundant = redundant || arg.redundant;
        if (Cur() != Tok::kComma) break;
        ++pos_;
      }
      if (Cur() != Tok::kRParen) return Fail(pos_);
      ++pos_;
      Node n;
      n.kind = NodeKind::kFunction;
      n.func = LookupFunction(Text(name_tok));
      int node = AddNode(n, kids.data(), kids.size());
      function_names_.resize(tree_->nodes.size());
      function_names_[node] = Text(name_tok);
      *out = Opnd{node, 0, redundant, true};
      return true;
    }
    if (t == Tok::kId || t == Tok::kNameSub) {
      int node;
      if (!ParsePath(&node)) return false;
      *out = Opnd{node, 0, false, false};
      return true;
    }
    if (t == Tok::kValueSub) {
      Node n;
      n.kind = NodeKind::kValue;
      n.ref = Slot(&tree_->value_slots, Text(pos_));
      ++pos_;
      *out = Opnd{AddNode(n, nullptr, 0), 0, false, false};
      return true;
    }
    if (t == Tok::kLParen) {
      ++pos_;
      Opnd inner;
      if (!ParseOperand(defer, &inner)) return false;
      if (Cur() != Tok::kRParen) return Fail(pos_);
      ++pos_;
      if (inner.parens >= 1) {
        if (!defer) return FailRedundant();
        inner.redundant = true;
      }
      ++inner.parens;
      *out = inner;
      return true;
    }
    return Fail(pos_);
  }

  // ------------------------------------------------------------ conditions

  bool ParseOr(bool allow_bare, Cond* out) {
    Cond r;
    if (!ParseUnary(allow_bare, &r)) return false;
    return ContinueOr(r, allow_bare, out);
  }

  bool ContinueOr(Cond r, bool allow_bare, Cond* out) {
    if (!ContinueAnd(r, allow_bare, &r)) return false;
    while (!r.bare && Cur() == Tok::kOr) {
      ++pos_;
      Cond rhs;
      if (!ParseUnary(false, &rhs)) return false;
      if (!ContinueAnd(rhs, false, &rhs)) return false;
      r = Binary(NodeKind::kOr, r, rhs);
    }
    *out = r;
    return true;
  }

  bool ContinueAnd(Cond r, bool allow_bare, Cond* out) {
    if (r.bare) {
      if (!ContinueOperand(r.op, allow_bare, &r)) return false;
      if (r.bare) {
        *out = r;
        return true;
      }
    }
    while (Cur() == Tok::kAnd) {
      ++pos_;
      Cond rhs;
      if (!ParseUnary(false, &rhs)) return false;
      r = Binary(NodeKind::kAnd, r, rhs);
    }
    *out = r;
    return true;
  }

  Cond Binary(NodeKind kind, const Cond& l, const Cond& r) {
    Node n;
    n.kind = kind;
    int kids[2] = {l.node, r.node};
    Cond c;
    c.node = AddNode(n, kids, 2);
    return c;
  }

  bool ParseUnary(bool allow_bare, Cond* out) {
    size_t nots = 0;
    while (Cur() == Tok::kNot) {
      ++nots;
      ++pos_;
    }
    if (nots == 0) return ParsePrimary(allow_bare, out);
    Cond c;
    if (!ParsePrimary(false, &c)) return false;
    for (size_t i = 0; i < nots; ++i) {
      Node n;
      n.kind = NodeKind::kNot;
      int kid = c.node;
      c.node = AddNode(n, &kid, 1);
    }
    c.grouped = false;
    *out = c;
    return true;
  }

  bool ParsePrimary(bool allow_bare, Cond* out) {
    if (Cur() != Tok::kLParen) {
      Opnd op;
      if (!ParseOperand(true, &op)) return false;
      return ContinueOperand(op, allow_bare, out);
    }
    // Consecutive '(' are handled in a loop, not by recursion, so that deep
    // nesting within the 4 KB limit does not exhaust the stack.
    size_t depth = 0;
    while (Cur() == Tok::kLParen) {
      ++depth;
      ++pos_;
    }
    Cond r;
    if (!ParseOr(true, &r)) return false;
    for (size_t level = depth; level >= 1; --level) {
      if (Cur() != Tok::kRParen) return Fail(pos_);
      ++pos_;
      if (r.bare) {
        if (r.op.parens >= 1) r.op.redundant = true;
        ++r.op.parens;
      } else {
        if (r.grouped) return FailRedundant();
        r.grouped = true;
      }
      if (level > 1 && !ContinueOr(r, true, &r)) return false;
    }
    if (r.bare) return ContinueOperand(r.op, allow_bare, out);
    *out = r;
    return true;
  }

  // After an operand at the start of a condition: a comparison, IN, BETWEEN,
  // a function condition, or (allow_bare, before ')') still undecided.
  bool ContinueOperand(const Opnd& op, bool allow_bare, Cond* out) {
    Tok t = Cur();
    Cond c;
    if (IsComparator(t)) {
      if (op.redundant) return FailRedundant();
      ++pos_;
      Opnd rhs;
      if (!ParseOperand(false, &rhs)) return false;
      Node n;
      n.kind = NodeKind::kCompare;
      n.cmp = ToCompareOp(t);
      int kids[2] = {op.node, rhs.node};
      c.node = AddNode(n, kids, 2);
      *out = c;
      return true;
    }
    if (t == Tok::kIn) {
      if (op.redundant) return FailRedundant();
      ++pos_;
      if (Cur() != Tok::kLParen) return Fail(pos_);
      ++pos_;
      std::vector<int> kids{op.node};
      while (true) {
        Opnd v;
        if (!ParseOperand(false, &v)) return false;
        kids.push_back(v.node);
        if (Cur() != Tok::kComma) break;
        ++pos_;
      }
      if (Cur() != Tok::kRParen) return Fail(pos_);
      ++pos_;
      Node n;
      n.kind = NodeKind::kIn;
      c.node = AddNode(n, kids.data(), kids.size());
      *out = c;
      return true;
    }
    if (t == Tok::kBetween) {
      if (op.redundant) return FailRedundant();
      ++pos_;
      Opnd lo, hi;
      if (!ParseOperand(false, &lo)) return false;
      if (Cur() != Tok::kAnd) return Fail(pos_);
      ++pos_;
      if (!ParseOperand(false, &hi)) return false;
      Node n;
      n.kind = NodeKind::kBetween;
      int kids[3] = {op.node, lo.node, hi.node};
      c.node = AddNode(n, kids, 3);
      *out = c;
      return true;
    }
    if (allow_bare && t == Tok::kRParen) {
      c.bare = true;
      c.op = op;
      *out = c;
      return true;
    }
    if (op.is_function && (t == Tok::kAnd || t == Tok::kOr || t == Tok::kEof ||
                           t == Tok::kRParen)) {
      if (op.redundant) return FailRedundant();
      c.node = op.node;
      c.grouped = op.parens >= 1;
      *out = c;
      return true;
    }
    return Fail(pos_);
  }

  // --------------------------------------------------------------- updates

  bool ParseUpdateAction(ParsedUpdate::Action action,
                         std::vector<ParsedUpdate::Entry>* entries) {
    int path_node;
    if (!ParsePath(&path_node)) return false;
    ParsedUpdate::Entry e;
    e.action = action;
    e.path = tree_->nodes[path_node].ref;
    switch (action) {
      case ParsedUpdate::Action::kSet: {
        if (Cur() != Tok::kEq) return Fail(pos_);
        ++pos_;
        SetValue v;
        if (!ParseSetValue(&v)) return false;
        if (!v.arithmetic && v.redundant) {
          Tok t = Cur();
          if (t == Tok::kComma || t == Tok::kEof || IsSectionKeyword(t))
            return FailRedundant();
          return Fail(pos_);
        }
        e.value = v.node;
        break;
      }
      case ParsedUpdate::Action::kAdd:
      case ParsedUpdate::Action::kDelete: {
        if (Cur() != Tok::kValueSub) return Fail(pos_);
        Node n;
        n.kind = NodeKind::kValue;
        n.ref = Slot(&tree_->value_slots, Text(pos_));
        ++pos_;
        e.value = AddNode(n, nullptr, 0);
        break;
      }
      case ParsedUpdate::Action::kRemove:
        break;
    }
    entries->push_back(e);
    return true;
  }

  bool ParseSetValue(SetValue* out) {
    if (Cur() == Tok::kLParen) {
      ++pos_;
      SetValue inner;
      if (!ParseSetValue(&inner)) return false;
      if (Cur() != Tok::kRParen) return Fail(pos_);
      ++pos_;
      if (inner.arithmetic) {
        if (inner.parens >= 1) return FailRedundant();
        ++inner.parens;
        *out = inner;
        return true;
      }
      Opnd op{inner.node, inner.parens, inner.redundant, inner.is_function};
      if (op.parens >= 1) op.redundant = true;
      ++op.parens;
      return ContinueSetValue(op, out);
    }
    Opnd op;
    if (!ParseOperand(true, &op)) return false;
    return ContinueSetValue(op, out);
  }

  bool ContinueSetValue(const Opnd& op, SetValue* out) {
    Tok t = Cur();
    if (t == Tok::kPlus || t == Tok::kMinus) {
      if (op.redundant) return FailRedundant();
      ++pos_;
      Opnd rhs;
      if (!ParseOperand(false, &rhs)) return false;
      Node n;
      n.kind = t == Tok::kPlus ? NodeKind::kPlus : NodeKind::kMinus;
      int kids[2] = {op.node, rhs.node};
      out->node = AddNode(n, kids, 2);
      out->arithmetic = true;
      out->parens = 0;
      out->redundant = false;
      out->is_function = false;
      return true;
    }
    out->node = op.node;
    out->arithmetic = false;
    out->parens = op.parens;
    out->redundant = op.redundant;
    out->is_function = op.is_function;
    return true;
  }

  // ------------------------------------------------------------------ walk

  bool WalkPath(const Path& path) {
    for (const PathStep& step : path.steps) {
      if (step.kind == PathStep::kName && IsReservedWord(step.text)) {
        return Error(
            "Attribute name is a reserved keyword; reserved keyword: " +
            step.text);
      }
      if (step.kind == PathStep::kIndex && step.index == UINT32_MAX) {
        return Error("List index is not within the allowable range; index: " +
                     step.text);
      }
    }
    return true;
  }

  std::string FunctionName(uint32_t node) const {
    return node < function_names_.size() ? std::string(function_names_[node])
                                         : std::string();
  }

  bool FunctionContextError(uint32_t node) {
    return Error(
        "The function is not allowed to be used this way in an expression; "
        "function: " +
        FunctionName(node));
  }

  // The service's ASTListener for conditions: nesting counts the enclosing
  // comparisons, IN, BETWEEN and function calls.
  bool WalkCondition(uint32_t index, int nesting) {
    const Node& n = tree_->nodes[index];
    int child_nesting = nesting;
    switch (n.kind) {
      case NodeKind::kPath:
        return WalkPath(tree_->paths[n.ref]);
      case NodeKind::kValue:
        return true;
      case NodeKind::kCompare:
      case NodeKind::kBetween:
      case NodeKind::kIn:
        child_nesting = nesting + 1;
        break;
      case NodeKind::kFunction:
        if (n.func == Func::kUnknown) {
          return Error("Invalid function name; function: " +
                       FunctionName(index));
        }
        if (n.func == Func::kIfNotExists || n.func == Func::kListAppend) {
          return Error(
              "The function is not allowed in a condition expression; "
              "function: " +
              FunctionName(index));
        }
        // size returns a number: never a condition by itself; every other
        // condition function returns a boolean: never an operand.
        if ((nesting == 0) == (n.func == Func::kSize))
          return FunctionContextError(index);
        child_nesting = nesting + 1;
        break;
      default:
        break;
    }
    for (uint32_t i = 0; i < n.count; ++i) {
      if (!WalkCondition(tree_->children[n.first + i], child_nesting))
        return false;
    }
    return true;
  }

  // The ASTListener for update values: nesting counts enclosing + and -
  // and function calls.
  bool WalkUpdateValue(int index, int nesting) {
    const Node& n = tree_->nodes[index];
    switch (n.kind) {
      case NodeKind::kPath:
        return WalkPath(tree_->paths[n.ref]);
      case NodeKind::kValue:
        return true;
      case NodeKind::kFunction:
        if (n.func == Func::kUnknown) {
          return Error("Invalid function name; function: " +
                       FunctionName(index));
        }
        if (n.func != Func::kIfNotExists && n.func != Func::kListAppend) {
          return Error(
              "The function is not allowed in an update expression; "
              "function: " +
              FunctionName(index));
        }
        if (nesting > 0 && n.func != Func::kIfNotExists)
          return FunctionContextError(index);
        break;
      default:
        break;
    }
    for (uint32_t i = 0; i < n.count; ++i) {
      if (!WalkUpdateValue(static_cast<int>(tree_->children[n.first + i]),
                           nesting + 1)) {
        return false;
      }
    }
    return true;
  }

  std::string_view src_;
  Tree* tree_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
  Status error_;
  std::vector<std::string_view> function_names_;  // by node index
};

// ------------------------------------------------------------------ cache

// Parsed expressions by kind and text. Bounded: when full it is emptied, which
// keeps it simple; a workload repeats a few distinct expressions.
constexpr size_t kMaxCacheEntries = 8192;

class ParseCache {
 public:
  std::shared_ptr<const void> Find(ExpressionKind kind, std::string_view text) {
    std::lock_guard lock(mu_);
    key_.assign(1, static_cast<char>(kind));
    key_.append(text);
    auto it = map_.find(key_);
    if (it == map_.end()) {
      ++misses_;
      return nullptr;
    }
    ++hits_;
    return it->second;
  }

  void Insert(ExpressionKind kind, std::string_view text,
              std::shared_ptr<const void> parsed) {
    std::string key(1, static_cast<char>(kind));
    key.append(text);
    std::lock_guard lock(mu_);
    if (map_.size() >= kMaxCacheEntries) map_.clear();
    map_.emplace(std::move(key), std::move(parsed));
  }

  ExpressionCacheStats Stats() {
    std::lock_guard lock(mu_);
    return ExpressionCacheStats{hits_, misses_, map_.size()};
  }

  void Clear() {
    std::lock_guard lock(mu_);
    map_.clear();
    hits_ = misses_ = 0;
  }

 private:
  std::mutex mu_;
  std::string key_;  // scratch, guarded by mu_
  std::unordered_map<std::string, std::shared_ptr<const void>>
      map_;  // guarded by mu_
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

ParseCache& Cache() {
  static ParseCache* cache = new ParseCache();  // never destroyed: used at exit
  return *cache;
}

// Empty and oversize expressions, before parsing.
Status CheckSize(ExpressionKind kind, std::string_view text) {
  if (text.empty()) {
    return InvalidExpression(
        kind, Status::Validation("The expression can not be empty;"));
  }
  // The service measures String.length(): UTF-16 code units. Condition-like
  // expressions report the size, update and projection expressions do not
  // (DynamoDbParser in DynamoDB Local).
  size_t length =
      text.size() <= kMaxExpressionLength ? text.size() : Utf16Length(text);
  if (text.size() > kMaxExpressionLength && length > kMaxExpressionLength) {
    std::string message =
        "Expression size has exceeded the maximum allowed size;";
    if (kind != ExpressionKind::kUpdate &&
        kind != ExpressionKind::kProjection) {
      message += " expression size: " + std::to_string(length);
    }
    return InvalidExpression(kind, Status::Validation(message));
  }
  return Status::OK();
}

}  // namespace
}  // namespace expr

Result<std::shared_ptr<const ParsedCondition>> ParseCondition(
    std::string_view text, ExpressionKind kind) {
  if (auto hit = expr::Cache().Find(kind, text)) {
    return std::static_pointer_cast<const ParsedCondition>(hit);
  }
  Status st = expr::CheckSize(kind, text);
  if (!st.ok()) return st;
  auto parsed = std::make_shared<ParsedCondition>();
  expr::Parser parser(text, &parsed->tree);
  if (!parser.ParseConditionTop(&parsed->root))
    return InvalidExpression(kind, parser.error());
  std::shared_ptr<const ParsedCondition> result = std::move(parsed);
  expr::Cache().Insert(kind, text, result);
  return result;
}

Result<std::shared_ptr<const ParsedUpdate>> ParseUpdate(std::string_view text) {
  constexpr ExpressionKind kind = ExpressionKind::kUpdate;
  if (auto hit = expr::Cache().Find(kind, text)) {
    return std::static_pointer_cast<const ParsedUpdate>(hit);
  }
  Status st = expr::CheckSize(kind, text);
  if (!st.ok()) return st;
  auto parsed = std::make_shared<ParsedUpdate>();
  expr::Parser parser(text, &parsed->tree);
  if (!parser.ParseUpdateTop(&parsed->entries))
    return InvalidExpression(kind, parser.error());
  std::shared_ptr<const ParsedUpdate> result = std::move(parsed);
  expr::Cache().Insert(kind, text, result);
  return result;
}

Result<std::shared_ptr<const ParsedProjection>> ParseProjection(
    std::string_view text) {
  constexpr ExpressionKind kind = ExpressionKind::kProjection;
  if (auto hit = expr::Cache().Find(kind, text)) {
    return std::static_pointer_cast<const ParsedProjection>(hit);
  }
  Status st = expr::CheckSize(kind, text);
  if (!st.ok()) return st;
  auto parsed = std::make_shared<ParsedProjection>();
  expr::Parser parser(text, &parsed->tree);
  if (!parser.ParseProjectionTop())
    return InvalidExpression(kind, parser.error());
  std::shared_ptr<const ParsedProjection> result = std::move(parsed);
  expr::Cache().Insert(kind, text, result);
  return result;
}

ExpressionCacheStats GetExpressionCacheStats() { return expr::Cache().Stats(); }
void ClearExpressionCache() { expr::Cache().Clear(); }

}  // namespace dynarock
