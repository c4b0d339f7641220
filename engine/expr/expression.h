// The expression language: ConditionExpression, FilterExpression,
// KeyConditionExpression, ProjectionExpression and UpdateExpression, with one
// lexer, one parser and one evaluator, matching the service to the message.
//
// Life of an expression in a request:
//   1. Parse*: text -> immutable AST, shared and cached by (kind, text). Syntax
//      errors, reserved words, unknown functions, functions used where they
//      are not allowed, repeated update sections and list indexes out of range
//      fail here. Errors carry the prefix "Invalid <Kind>Expression: ".
//   2. ExpressionBinder::Bind*: the AST against this request's
//      ExpressionAttributeNames/Values -> a Bound* object. Undefined
//      placeholders, operand types known from the request's values, overlapping
//      and conflicting paths, document path depth, the IN operand count and
//      the operator count fail here, in the service's order.
//   3. Evaluate / Apply / Project on items, as often as needed.
//   4. ExpressionBinder::CheckAllUsed once all the request's expressions are
//      bound: unused ExpressionAttributeNames, then unused ...Values.
//
// Threads and lifetimes:
//   - Parse* may be called from any thread; the cache is internally locked
//     and returns shared_ptr<const ...> that stay valid as long as held.
//   - An ExpressionBinder and the Bound* objects it returns belong to one
//     request: not synchronized, and they point into the request's
//     AttributeNames/AttributeValues, which must outlive them. A Bound* object
//     may be used from several threads read-only (Evaluate, Project and Apply
//     are const and keep no state).
//   - Items passed to Evaluate/Apply/Project are only read during the call.
#ifndef DYNAROCK_ENGINE_EXPR_EXPRESSION_H_
#define DYNAROCK_ENGINE_EXPR_EXPRESSION_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/attribute_value.h"
#include "engine/format/java_string.h"
#include "engine/requests.h"
#include "engine/status.h"

namespace dynarock {

enum class ExpressionKind : uint8_t {
  kCondition,
  kFilter,
  kKeyCondition,
  kProjection,
  kUpdate,
};

// The request parameter: "ConditionExpression", "FilterExpression", ...
const char* ExpressionParameterName(ExpressionKind kind);
// A ValidationException "Invalid <parameter>: <st's message>", as the
// service words every problem it finds in an expression.
Status InvalidExpression(ExpressionKind kind, const Status& st);

// One step of a resolved document path: a map member name or a list index.
using PathElement = std::variant<std::string, size_t>;
using DocumentPath = std::vector<PathElement>;

// "[a, b, [3]]", as the service prints paths in messages.
std::string DocumentPathToString(const DocumentPath& path);

// The service's limits (DynamoDB Local's DbConfig, the Developer Guide's
// "Expression parameters" quotas).
constexpr size_t kMaxExpressionLength = 4096;  // UTF-16 code units
constexpr size_t kMaxDocumentPathDepth = 32;
constexpr size_t kMaxOperators = 300;
constexpr size_t kMaxInOperands = 100;

struct ParsedCondition;
struct ParsedUpdate;
struct ParsedProjection;

// Parses with the cache. kind is kCondition, kFilter or kKeyCondition for
// ParseCondition; it only names the parameter in messages.
Result<std::shared_ptr<const ParsedCondition>> ParseCondition(
    std::string_view text, ExpressionKind kind);
Result<std::shared_ptr<const ParsedUpdate>> ParseUpdate(std::string_view text);
Result<std::shared_ptr<const ParsedProjection>> ParseProjection(
    std::string_view text);

// Cache statistics, for tests and benchmarks.
struct ExpressionCacheStats {
  uint64_t hits = 0;
  uint64_t misses = 0;
  size_t entries = 0;
};
ExpressionCacheStats GetExpressionCacheStats();
void ClearExpressionCache();

// The request's substitution maps; either may be null (absent).
struct Bindings {
  const AttributeNames* names = nullptr;
  const AttributeValues* values = nullptr;
};

class ExpressionBinder;

// A sort-key or partition-key condition of a KeyConditionExpression, as the
// service extracts it: "value < key" comes back as key > value.
enum class KeyConditionOp : uint8_t {
  kEq,
  kLt,
  kLe,
  kGt,
  kGe,
  kBetween,
  kBeginsWith
};
struct KeyConditionTerm {
  std::string attribute;  // top-level attribute name
  KeyConditionOp op = KeyConditionOp::kEq;
  std::vector<const AttributeValue*> values;  // 1, or 2 for kBetween
};

// A ConditionExpression, FilterExpression or KeyConditionExpression bound to
// one request.
class BoundCondition {
 public:
  BoundCondition() = default;

  // Whether item satisfies the condition; null is an absent item. The service
  // turns every evaluation problem into false, so this cannot fail.
  bool Evaluate(const Item* item) const;
  bool Evaluate(const Item& item) const { return Evaluate(&item); }

  // For Query: the conditions joined by AND, one per attribute, in the order
  // written, with the messages the service gives for other shapes (messages
  // without the "Invalid KeyConditionExpression: " prefix, as the service).
  // Checking them against the key schema is the caller's.
  Result<std::vector<KeyConditionTerm>> KeyConditionTerms() const;

  // The top-level attribute names the condition reads, names resolved, in
  // the order of the expression's paths.
  std::vector<std::string> TopLevelAttributes() const;

 public:
  struct Impl;  // internal to engine/expression_*.cc

 private:
  friend class ExpressionBinder;
  std::shared_ptr<const Impl> impl_;
};

// A ProjectionExpression bound to one request.
class BoundProjection {
 public:
  BoundProjection() = default;
  // The parts of item the paths name; paths that are absent are left out.
  Item Project(const Item& item) const;
  // The paths with names resolved, in the order written.
  const std::vector<DocumentPath>& paths() const;

 public:
  struct Impl;  // internal to engine/expression_*.cc

 private:
  friend class ExpressionBinder;
  std::shared_ptr<const Impl> impl_;
};

struct UpdateOutcome {
  // The item after the update. Absent when there was no item and the update
  // only removes (REMOVE and DELETE): the service then writes nothing and
  // creates no item.
  std::optional<Item> new_item;
};

// An UpdateExpression bound to one request.
class BoundUpdate {
 public:
  BoundUpdate() = default;

  // Applies the update to old_item (null when the item does not exist, in
  // which case the update starts from key). Values are read from the item as
  // it was before the update. Fails with the service's execution errors:
  // "The document path provided in the update expression is invalid for
  // update", "An operand in the update expression has an incorrect data
  // type", "The provided expression refers to an attribute that does not
  // exist in the item", number overflow, "Nesting Levels have exceeded
  // supported limits".
  Result<UpdateOutcome> Apply(const Item* old_item, const Item& key) const;

  // item projected onto the updated paths: ReturnValues UPDATED_OLD (with
  // the old item) and UPDATED_NEW (with the new one).
  Item ProjectUpdated(const Item& item) const;

  // The paths the update writes, names resolved, in the order written; for
  // the caller's key-attribute checks.
  const std::vector<DocumentPath>& target_paths() const;

 public:
  struct Impl;  // internal to engine/expression_*.cc

 private:
  friend class ExpressionBinder;
  std::shared_ptr<const Impl> impl_;
};

// Where an update comes from: an UpdateExpression, or the legacy
// AttributeUpdates parameter turned into one (expr/legacy.h). They word an
// operand of the wrong type differently.
enum class UpdateSource { kExpression, kAttributeUpdates };

// Binds the expressions of one request to its substitution maps and tracks
// which placeholders they use. Not synchronized; one per request.
class ExpressionBinder {
 public:
  explicit ExpressionBinder(Bindings bindings) : bindings_(bindings) {}

  // Parse (cached) and validate against the request's maps. kind is
  // kCondition, kFilter or kKeyCondition.
  Result<BoundCondition> BindCondition(std::string_view text,
                                       ExpressionKind kind);
  Result<BoundUpdate> BindUpdate(
      std::string_view text, UpdateSource source = UpdateSource::kExpression);
  Result<BoundProjection> BindProjection(std::string_view text);

  // "Value provided in ExpressionAttributeNames unused in expressions: keys:
  // {#a, #b}", then the same for values. Call after binding every expression
  // of the request.
  Status CheckAllUsed() const;

  const std::set<std::string>& used_names() const { return used_names_; }
  const std::set<std::string>& used_values() const { return used_values_; }

 private:
  Bindings bindings_;
  std::set<std::string> used_names_;
  std::set<std::string> used_values_;
};

// The request-level checks of the substitution maps the service makes before
// parsing any expression (InputConverter in DynamoDB Local): names, then
// values; each must not be empty ("ExpressionAttributeNames must not be
// empty") and each key must be one placeholder token
// ("ExpressionAttributeNames contains invalid key: Syntax error; key:
// \"name\""). Whether a map may be present at all is the caller's.
Status ValidatePlaceholderMaps(const Bindings& bindings);

// The ProjectionExpression of a read that has no other expression
// (GetItem, BatchGetItem, TransactGetItems), bound to its
// ExpressionAttributeNames: the maps validated, every name used. nullopt
// without an expression.
Result<std::optional<BoundProjection>> BindProjectionOnly(
    const std::optional<std::string>& expression,
    const std::optional<AttributeNames>& names);

// The unused-placeholder check on its own: names first, then values, keys in
// the order the service prints them.
Status CheckUnusedPlaceholders(const Bindings& bindings,
                               const std::set<std::string>& used_names,
                               const std::set<std::string>& used_values);

// =========================================================================
// Internals shared by engine/expression_*.cc. Not for use outside them.
// =========================================================================
namespace expr {

// Token types of the service's lexer (DynamoDbGrammarLexer).
enum class Tok : uint8_t {
  kComma,
  kLParen,
  kRParen,
  kDot,
  kLBracket,
  kRBracket,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,
  kMinus,
  kIn,
  kBetween,
  kNot,
  kAnd,
  kOr,
  kSet,
  kAdd,
  kDelete,
  kRemove,
  kIndex,     // '0' | [1-9][0-9]*
  kId,        // [A-Za-z][A-Za-z0-9_]*
  kNameSub,   // '#' [A-Za-z0-9_]+
  kValueSub,  // ':' [A-Za-z0-9_]+
  kUnknown,   // any other single character (one UTF-8 sequence)
  kEof,
};

struct Token {
  Tok type;
  uint32_t begin;  // byte offsets into the source
  uint32_t end;
};

// Tokenizes all of src; whitespace (space, tab, CR, LF) is skipped. Always
// ends with a kEof token at src.size(). Never fails.
void Lex(std::string_view src, std::vector<Token>* out);

struct PathStep {
  enum Kind : uint8_t { kName, kNameRef, kIndex, kValueRef };
  Kind kind = kName;
  uint32_t index = 0;  // kIndex
  uint32_t slot = 0;   // kNameRef: name slot; kValueRef: value slot
  std::string text;    // kName: the name; refs: the placeholder
};

struct Path {
  std::vector<PathStep> steps;
};

enum class NodeKind : uint8_t {
  kPath,
  kValue,
  kCompare,
  kBetween,
  kIn,
  kAnd,
  kOr,
  kNot,
  kFunction,
  kPlus,
  kMinus,
};

enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

enum class Func : uint8_t {
  kAttributeExists,
  kAttributeNotExists,
  kAttributeType,
  kBeginsWith,
  kContains,
  kSize,
  kIfNotExists,
  kListAppend,
  kUnknown,
};

struct Node {
  NodeKind kind = NodeKind::kValue;
  CompareOp cmp = CompareOp::kEq;
  Func func = Func::kUnknown;
  uint32_t first = 0;  // children are tree.children[first, first + count)
  uint32_t count = 0;
  uint32_t ref = 0;  // kPath: index in tree.paths; kValue: value slot
};

// Nodes, paths and placeholders of one expression. Placeholders are numbered
// in order of first appearance; binding resolves each slot once.
struct Tree {
  std::vector<Node> nodes;
  std::vector<uint32_t> children;
  std::vector<Path> paths;
  std::vector<std::string> name_slots;   // "#a"
  std::vector<std::string> value_slots;  // ":v"
};

}  // namespace expr

struct ParsedCondition {
  expr::Tree tree;
  uint32_t root = 0;
};

struct ParsedUpdate {
  enum class Action : uint8_t { kSet, kRemove, kAdd, kDelete };
  struct Entry {
    Action action = Action::kSet;
    uint32_t path = 0;   // index in tree.paths
    int32_t value = -1;  // node: SET value, ADD/DELETE literal; -1 for REMOVE
  };
  expr::Tree tree;
  std::vector<Entry> entries;  // in the order written
};

struct ParsedProjection {
  expr::Tree tree;  // paths only, in the order written
};

namespace expr {

// A document path with its placeholders substituted. A step written as a
// value placeholder (a.:v, which the grammar allows) is kept as its text and
// flagged in value_steps: it matches nothing in an item.
struct ResolvedPath {
  DocumentPath elements;
  uint64_t value_steps = 0;  // bit i: elements[i] is a value placeholder
};

// Validation of a parsed tree against one request, in the service's order
// (ExpressionValidator/OperatorValidator in DynamoDB Local). Messages are
// returned without the "Invalid ...Expression: " prefix.
class Validator {
 public:
  Validator(const Tree& tree, Bindings bindings,
            std::set<std::string>* used_names,
            std::set<std::string>* used_values);

  // Depth, then each #name placeholder (recorded as used).
  Status ResolvePath(uint32_t path_index);
  // Post-order: operands first, then the operator's own checks, then the
  // operator count.
  Status ValidateNode(uint32_t node);

  std::vector<ResolvedPath> paths;            // by path index, once resolved
  std::vector<const AttributeValue*> values;  // by value slot, once resolved

 private:
  Status ValidateOperator(uint32_t node);
  const Tree& tree_;
  Bindings bindings_;
  std::set<std::string>* used_names_;
  std::set<std::string>* used_values_;
  size_t operators_ = 0;
};

// Resolved paths as a tree, built with the service's overlap and conflict
// checks ("Two document paths overlap with each other; ...").
class PathTree {
 public:
  struct Child {
    PathElement key;
    bool value_step = false;
    int32_t node = -1;     // -1: a leaf (the end of an inserted path)
    int32_t payload = -1;  // for leaves: the caller's index
  };
  struct TreeNode {
    std::vector<Child> children;  // in insertion order
  };

  PathTree() : nodes_(1) {}
  Status Insert(const ResolvedPath& path, int32_t payload);
  const TreeNode& node(size_t i) const { return nodes_[i]; }
  // Children of a node in java.util.HashMap iteration order (the service
  // keeps them in a HashMap, and some messages and evaluation orders follow
  // it).
  std::vector<size_t> HashOrder(size_t node) const;

 private:
  // The path a message names as "path two": path's first depth elements,
  // then from node down to a leaf. DynamoDB Local takes each node's first
  // child in HashMap order; at the overlap itself this takes the child that
  // overlaps (first_child), as dynalite's captures from the service show
  // ("set c.b.#c = a, c = a, #d = a" names [c] where Local's order gives
  // [[3]]). SIZE_MAX: the first child in HashMap order.
  std::string PathToLeaf(const ResolvedPath& path, size_t depth, size_t node,
                         size_t first_child) const;
  std::vector<TreeNode> nodes_;
};

// item projected onto the tree's paths (the service's ExpressionExecutor
// project()): list elements keep their order, absent paths are left out.
Item ProjectItem(const PathTree& tree, const Item& item);

// The value at path in item, or null.
const AttributeValue* FindPath(const Item& item, const ResolvedPath& path);

// Length in UTF-16 code units of a UTF-8 string.
size_t Utf16Length(std::string_view utf8);

}  // namespace expr

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_EXPR_EXPRESSION_H_
