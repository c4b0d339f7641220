// Table-driven tests of the expression language: parsing, binding,
// condition evaluation, projection and update application, with the
// service's exact messages.
#include "engine/expr/expression.h"

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "engine/expr/reserved_words.h"

namespace dynarock {
namespace {

// ------------------------------------------------------------ value helpers

AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
AttributeValue N(std::string n) { return AttributeValue::N(std::move(n)); }
AttributeValue B(std::string b) { return AttributeValue::B(std::move(b)); }
AttributeValue Bool(bool b) { return AttributeValue::Bool(b); }
AttributeValue Null() { return AttributeValue::Null(); }
AttributeValue L(std::vector<AttributeValue> l) {
  return AttributeValue::L(std::move(l));
}
AttributeValue M(AttributeValue::Map m) {
  return AttributeValue::M(std::move(m));
}
AttributeValue SS(std::vector<std::string> s) {
  return AttributeValue::SS(std::move(s));
}
AttributeValue NS(std::vector<std::string> s) {
  return AttributeValue::NS(std::move(s));
}
AttributeValue BS(std::vector<std::string> s) {
  return AttributeValue::BS(std::move(s));
}

// A compact rendering: 1, 'x', b'..', true, null, [..], {k: ..}, SS<a,b>.
std::string Render(const AttributeValue& v);
std::string RenderMap(const AttributeValue::Map& m) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : m) {
    if (!first) out += ", ";
    first = false;
    out += k + ": " + Render(v);
  }
  return out + "}";
}
std::string Render(const AttributeValue& v) {
  switch (v.type()) {
    case ValueType::kS:
      return "'" + v.scalar() + "'";
    case ValueType::kN:
      return v.scalar();
    case ValueType::kB: {
      std::string out = "b'";
      for (unsigned char c : v.scalar()) out += std::to_string(c) + ".";
      return out + "'";
    }
    case ValueType::kBool:
      return v.boolean() ? "true" : "false";
    case ValueType::kNull:
      return "null";
    case ValueType::kM:
      return RenderMap(v.map());
    case ValueType::kL: {
      std::string out = "[";
      for (size_t i = 0; i < v.list().size(); ++i) {
        if (i > 0) out += ", ";
        out += Render(v.list()[i]);
      }
      return out + "]";
    }
    case ValueType::kSS:
    case ValueType::kNS:
    case ValueType::kBS: {
      std::string out = std::string(ValueTypeName(v.type())) + "<";
      for (size_t i = 0; i < v.set().size(); ++i) {
        if (i > 0) out += ",";
        out += v.set()[i];
      }
      return out + ">";
    }
  }
  return "?";
}

Item UpdateItemSample();

// The sample item most cases run against.
Item SampleItem() {
  return Item{
      {"p", S("pk")},
      {"a", N("1")},
      {"b", N("2")},
      {"c", N("3")},
      {"neg", N("-5.5")},
      {"s", S("hello")},
      {"s2", S("hello")},
      {"emp", S("")},
      {"utf", S("h\xc3\xa9llo\xf0\x9f\x98\x80")},  // hé llo + an emoji
      {"bin", B(std::string("\x01\x02\x7f\x80", 4))},
      {"t", Bool(true)},
      {"f", Bool(false)},
      {"nul", Null()},
      {"l", L({N("1"), S("two"), L({N("3")}), M({{"x", N("4")}})})},
      {"m", M({{"x", N("1")},
               {"y", M({{"z", S("deep")}})},
               {"lst", L({N("10"), N("20")})}})},
      {"ss", SS({"a", "b"})},
      {"ns", NS({"1", "2", "3"})},
      {"bs", BS({std::string("\x01", 1), std::string("\x02", 1)})},
      {"a.b", S("dotted")},
      {"name", S("reserved")},
  };
}

AttributeNames SampleNames() {
  return AttributeNames{
      {"#a", "a"},       {"#b", "b"}, {"#m", "m"},          {"#x", "x"},
      {"#y", "y"},       {"#z", "z"}, {"#l", "l"},          {"#dot", "a.b"},
      {"#name", "name"}, {"#s", "s"}, {"#missing", "nope"}, {"#1", "1"},
  };
}

AttributeValues SampleValues() {
  return AttributeValues{
      {":zero", N("0")},
      {":one", N("1")},
      {":two", N("2")},
      {":three", N("3")},
      {":big", N("99999999999999999999999999999999999999")},
      {":neg", N("-5.5")},
      {":hello", S("hello")},
      {":hell", S("hell")},
      {":ell", S("ell")},
      {":dog", S("dog")},
      {":empty", S("")},
      {":one_s", S("1")},
      {":bin01", B(std::string("\x01", 1))},
      {":bin0102", B(std::string("\x01\x02", 2))},
      {":bin80", B(std::string("\x80", 1))},
      {":true", Bool(true)},
      {":false", Bool(false)},
      {":null", Null()},
      {":list", L({N("1"), S("two")})},
      {":list3", L({N("3")})},
      {":map", M({{"x", N("4")}})},
      {":ss", SS({"a", "b"})},
      {":ss_ba", SS({"b", "a"})},
      {":ss_c", SS({"c"})},
      {":ns", NS({"1", "2", "3"})},
      {":ns4", NS({"4"})},
      {":bs", BS({std::string("\x01", 1), std::string("\x02", 1)})},
      {":S", S("S")},
      {":N", S("N")},
      {":B", S("B")},
      {":BOOL", S("BOOL")},
      {":NULL", S("NULL")},
      {":L", S("L")},
      {":M", S("M")},
      {":SS", S("SS")},
      {":NS", S("NS")},
      {":BS", S("BS")},
      {":DOG", S("DOG")},
      {":a", S("a")},
      {":x", S("x")},
  };
}

// "true"/"false", or the error message.
std::string EvalCondition(std::string_view text, const Item* item,
                          ExpressionKind kind = ExpressionKind::kCondition) {
  static const AttributeNames names = SampleNames();
  static const AttributeValues values = SampleValues();
  ExpressionBinder binder(Bindings{&names, &values});
  Result<BoundCondition> bound = binder.BindCondition(text, kind);
  if (!bound.ok()) return bound.status().message();
  return bound->Evaluate(item) ? "true" : "false";
}

std::string Eval(std::string_view text) {
  static const Item item = SampleItem();
  return EvalCondition(text, &item);
}

// The new item rendered, or the error message.
std::string ApplyUpdate(std::string_view text, const Item* item,
                        const Item& key = Item()) {
  static const AttributeNames names = SampleNames();
  static const AttributeValues values = SampleValues();
  ExpressionBinder binder(Bindings{&names, &values});
  Result<BoundUpdate> bound = binder.BindUpdate(text);
  if (!bound.ok()) return bound.status().message();
  Result<UpdateOutcome> out = bound->Apply(item, key);
  if (!out.ok()) return out.status().message();
  if (!out->new_item) return "<no item>";
  return RenderMap(*out->new_item);
}

std::string ProjectSample(std::string_view text) {
  static const AttributeNames names = SampleNames();
  static const Item item = SampleItem();
  ExpressionBinder binder(Bindings{&names, nullptr});
  Result<BoundProjection> bound = binder.BindProjection(text);
  if (!bound.ok()) return bound.status().message();
  return RenderMap(bound->Project(item));
}

struct Case {
  const char* text;
  std::string want;
};

void RunConditionCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(Eval(c.text), c.want);
  }
}

std::string Syntax(std::string_view token, std::string_view near,
                   std::string_view kind = "ConditionExpression") {
  return "Invalid " + std::string(kind) + ": Syntax error; token: \"" +
         std::string(token) + "\", near: \"" + std::string(near) + "\"";
}

std::string Cond(std::string_view message) {
  return "Invalid ConditionExpression: " + std::string(message);
}
std::string Upd(std::string_view message) {
  return "Invalid UpdateExpression: " + std::string(message);
}
std::string Proj(std::string_view message) {
  return "Invalid ProjectionExpression: " + std::string(message);
}

const char kRedundant[] = "The expression has redundant parentheses;";

// ------------------------------------------------------------------ lexing

TEST(ExpressionLexerTest, TokensAsTheServiceLexesThem) {
  std::vector<expr::Token> toks;
  expr::Lex(" a.b[01] <= :v AND #n <> index, in _x #", &toks);
  std::vector<expr::Tok> types;
  for (const auto& t : toks) types.push_back(t.type);
  using T = expr::Tok;
  std::vector<T> want = {T::kId,       T::kDot,     T::kId,       T::kLBracket,
                         T::kIndex,    T::kIndex,   T::kRBracket, T::kLe,
                         T::kValueSub, T::kAnd,     T::kNameSub,  T::kNe,
                         T::kId,       T::kComma,   T::kIn,       T::kUnknown,
                         T::kId,       T::kUnknown, T::kEof};
  EXPECT_EQ(types, want);
}

TEST(ExpressionLexerTest, JavaHashesMatchJava) {
  EXPECT_EQ(JavaStringHash("c"), 99);
  EXPECT_EQ(JavaStringHash("[3]"), 89125);
  EXPECT_EQ(JavaStringHash("hello"), 99162322);
  EXPECT_EQ(expr::Utf16Length("h\xc3\xa9llo\xf0\x9f\x98\x80"), 7u);
}

TEST(ReservedWordsTest, TheGuidesList) {
  EXPECT_EQ(ReservedWordCount(), 573u);
  for (const char* w :
       {"name", "NAME", "Status", "abort", "zone", "size", "ttl", "data"}) {
    EXPECT_TRUE(IsReservedWord(w)) << w;
  }
  for (const char* w : {"names2", "foo", "p", "", "abortx", "a_b"}) {
    EXPECT_FALSE(IsReservedWord(w)) << w;
  }
}

// ------------------------------------------------------------ syntax errors

TEST(ExpressionSyntaxTest, ConditionSyntaxErrors) {
  const std::vector<Case> cases = {
      {"a", Syntax("<EOF>", "a")},
      {"a = ", Syntax("<EOF>", "= ")},
      {"#a =", Syntax("<EOF>", "=")},
      {"a b", Syntax("b", "a b")},
      {"invalid filter", Syntax("filter", "invalid filter")},
      {"a = b c", Syntax("c", "b c")},
      {"a < b < c", Syntax("<", "b < c")},
      {"attribute_exists(a) AND NOT #a", Syntax("<EOF>", "#a")},
      {"a IN ()", Syntax(")", "()")},
      {"a IN :one", Syntax(":one", "IN :one")},
      {"a BETWEEN :one", Syntax("<EOF>", ":one")},
      {"a BETWEEN :one OR :two", Syntax("OR", ":one OR :two")},
      {"a = 1", Syntax("1", "= 1")},
      {"a = 'x'", Syntax("'", "= 'x")},
      {"a[x] = :one", Syntax("x", "[x]")},
      {"#a[-1].#b = :one", Syntax("-", "[-1")},
      {"a[1 = :one", Syntax("=", "1 = :one")},
      {"a.1 = :one", Syntax("1", ".1 =")},
      {"a. = :one", Syntax("=", ". = :one")},
      {"a.in = :one", Syntax("in", ".in =")},
      {"!!! INVALID !!!", Syntax("!", "!!")},
      {"()", Syntax(")", "()")},
      {"(a)", Syntax("<EOF>", ")")},
      {"(a = :one", Syntax("<EOF>", ":one")},
      {"a = :one)", Syntax(")", ":one)")},
      {"NOT", Syntax("<EOF>", "NOT")},
      {"a = :one AND", Syntax("<EOF>", "AND")},
      {"a = :one OR OR b = :one", Syntax("OR", "OR OR b")},
      {"(a AND b)", Syntax("AND", "a AND b")},
      {"(NOT a) = :one", Syntax(")", "a) =")},
      {"size()", Syntax(")", "()")},
      {"f(a b)", Syntax("b", "a b)")},
      {"begins_with(a, :hell) x", Syntax("x", ") x")},
      {"a.b(c) = :one", Syntax("(", "b(c")},
      {"#a(b) = :one", Syntax("(", "#a(b")},
      {"a = :one, b = :two", Syntax(",", ":one, b")},
      {"  ", Syntax("<EOF>", "  ")},
      {"a =  ", Syntax("<EOF>", "=  ")},
      {"_a = :one", Syntax("_", "_a")},
      {"a = # ", Syntax("#", "= # ")},
      {"a = : ", Syntax(":", "= : ")},
      {"a = b + c", Syntax("+", "b + c")},
      {"SET a = :one", Syntax("SET", "SET a")},
      {"a = \xc3\xa9", Syntax("\xc3\xa9", "= \xc3\xa9")},
      {"a.:one", Syntax("<EOF>", ":one")},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(Eval(c.text), c.want);
  }
}

TEST(ExpressionSyntaxTest, ErrorsNameTheirParameter) {
  static const Item item = SampleItem();
  EXPECT_EQ(EvalCondition("a b", &item, ExpressionKind::kFilter),
            Syntax("b", "a b", "FilterExpression"));
  EXPECT_EQ(EvalCondition("a b", &item, ExpressionKind::kKeyCondition),
            Syntax("b", "a b", "KeyConditionExpression"));
  EXPECT_EQ(EvalCondition("", &item, ExpressionKind::kFilter),
            "Invalid FilterExpression: The expression can not be empty;");
  EXPECT_EQ(Eval(""), Cond("The expression can not be empty;"));
  EXPECT_EQ(ApplyUpdate("", nullptr), Upd("The expression can not be empty;"));
  EXPECT_EQ(ProjectSample(""), Proj("The expression can not be empty;"));
}

TEST(ExpressionSyntaxTest, RedundantParentheses) {
  const std::vector<Case> cases = {
      {"((a = :one))", Cond(kRedundant)},
      {"((a = :one)) AND b = :two", Cond(kRedundant)},
      {"(((a = :one)))", Cond(kRedundant)},
      {"((a)) = :one", Cond(kRedundant)},
      {"a = ((:one))", Cond(kRedundant)},
      {"((attribute_exists(a)))", Cond(kRedundant)},
      {"size(((a))) = :one", Cond(kRedundant)},
      {"begins_with(((s)), :hell)", Cond(kRedundant)},
      {"NOT ((a = :one))", Cond(kRedundant)},
      {"a IN ((:one), ((:two)))", Cond(kRedundant)},
      // The service reports the syntax error when it comes first.
      {"((a))", Syntax("<EOF>", ")")},
      {"((a)) x", Syntax("x", ") x")},
      {"((a = :one) x)", Syntax("x", ") x)")},
      // Single parentheses are fine.
      {"(a = :one)", "true"},
      {"(a) = (:one)", "true"},
      {"((a) = :one)", "true"},
      {"(a = :one) AND (b = :two)", "true"},
      {"((a = :one) AND (b = :two))", "true"},
      {"(attribute_exists(a))", "true"},
      {"NOT (a = :two)", "true"},
      {"(size(s)) = (:three)", "false"},
  };
  RunConditionCases(cases);
  std::string deep(2046, '(');
  deep += "a<b";
  deep += std::string(2046, ')');
  EXPECT_EQ(Eval(deep), Cond(kRedundant));
  EXPECT_EQ(Eval(std::string(4096, '(')), Syntax("<EOF>", "("));
}

TEST(ExpressionSyntaxTest, ExpressionSize) {
  std::string name(4096, 'x');
  EXPECT_EQ(ProjectSample(name), "{}");
  EXPECT_EQ(ProjectSample(name + "x"),
            Proj("Expression size has exceeded the maximum allowed size;"));
  std::string cond = "a" + std::string(4088, ' ') + " = :one";
  EXPECT_EQ(cond.size(), 4096u);
  EXPECT_EQ(Eval(cond), "true");
  EXPECT_EQ(Eval(cond + " "), Cond("Expression size has exceeded the maximum "
                                   "allowed size; expression size: 4097"));
  std::string long_cond = "a<b " + std::string(4093, ' ');
  EXPECT_EQ(Eval(long_cond), Cond("Expression size has exceeded the maximum "
                                  "allowed size; expression size: 4097"));
  std::string upd = "SET" + std::string(4085, ' ') + "a = :one";
  EXPECT_EQ(upd.size(), 4096u);
  EXPECT_EQ(ApplyUpdate(upd, nullptr), "{a: 1}");
  EXPECT_EQ(ApplyUpdate("SET " + std::string(4085, ' ') + "a = :one", nullptr),
            Upd("Expression size has exceeded the maximum allowed size;"));
  // The service counts UTF-16 code units, not bytes.
  std::string wide = "a = :one AND #a <> :" + std::string(1, 'v');
  std::string accents;
  for (int i = 0; i < 2000; ++i)
    accents += "\xc3\xa9";  // 4000 bytes, 2000 units
  EXPECT_EQ(Eval("a = :one OR " + accents),
            Syntax("\xc3\xa9", "OR \xc3\xa9\xc3\xa9"));
}

// ------------------------------------------------------- parse-time checks

TEST(ExpressionParseTest, ReservedWordsFunctionsAndIndexes) {
  const std::vector<Case> cases = {
      {"name = :one",
       Cond("Attribute name is a reserved keyword; reserved keyword: name")},
      {"a = :one AND Status = :two",
       Cond("Attribute name is a reserved keyword; reserved keyword: Status")},
      {"m.data = :one",
       Cond("Attribute name is a reserved keyword; reserved keyword: data")},
      {"#name = :one", "false"},
      {"#a.#name = :one", "false"},
      {"dog(a) = :one", Cond("Invalid function name; function: dog")},
      {"a < f(f(f(b)))", Cond("Invalid function name; function: f")},
      {"ATTRIBUTE_EXISTS(a)",
       Cond("Invalid function name; function: ATTRIBUTE_EXISTS")},
      {"convert(a, :S) = :one",
       Cond("Invalid function name; function: convert")},
      {"if_not_exists(a, a) = :one",
       Cond("The function is not allowed in a condition expression; function: "
            "if_not_exists")},
      {"list_append(a, a) = :one",
       Cond("The function is not allowed in a condition expression; function: "
            "list_append")},
      {"size(a)",
       Cond("The function is not allowed to be used this way in an expression; "
            "function: size")},
      {"NOT size(a)",
       Cond("The function is not allowed to be used this way in an expression; "
            "function: size")},
      {"attribute_exists(a) < :one",
       Cond("The function is not allowed to be used this way in an expression; "
            "function: "
            "attribute_exists")},
      {"contains(begins_with(a, :one), :one)",
       Cond("The function is not allowed to be used this way in an expression; "
            "function: "
            "begins_with")},
      {"a IN (size(s), attribute_exists(a))",
       Cond("The function is not allowed to be used this way in an expression; "
            "function: "
            "attribute_exists")},
      {"a[2147483648] = :one", Cond("List index is not within the allowable "
                                    "range; index: [2147483648]")},
      {"a[2147483647] = :one", "false"},
      // Reserved word before a later unknown function: the walk is textual.
      {"name = f(a)",
       Cond("Attribute name is a reserved keyword; reserved keyword: name")},
      {"f(name) = :one", Cond("Invalid function name; function: f")},
      // Syntax errors come before everything else.
      {"name = f(a) b", Syntax("b", ") b")},
  };
  RunConditionCases(cases);
}

TEST(ExpressionParseTest, CachedParsesAreShared) {
  ClearExpressionCache();
  auto a = ParseCondition("a = :one AND b < :two", ExpressionKind::kCondition);
  auto b = ParseCondition("a = :one AND b < :two", ExpressionKind::kCondition);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->get(), b->get());
  auto f = ParseCondition("a = :one AND b < :two", ExpressionKind::kFilter);
  ASSERT_TRUE(f.ok());
  EXPECT_NE(a->get(), f->get());
  auto u1 = ParseUpdate("SET a = :one");
  auto u2 = ParseUpdate("SET a = :one");
  ASSERT_TRUE(u1.ok() && u2.ok());
  EXPECT_EQ(u1->get(), u2->get());
  auto p1 = ParseProjection("a, b.c");
  auto p2 = ParseProjection("a, b.c");
  ASSERT_TRUE(p1.ok() && p2.ok());
  EXPECT_EQ(p1->get(), p2->get());
  ExpressionCacheStats stats = GetExpressionCacheStats();
  EXPECT_EQ(stats.hits, 3u);
  EXPECT_EQ(stats.entries, 4u);
  // Errors are not cached, and the same text binds to different values.
  AttributeValues v1{{":v", N("1")}}, v2{{":v", N("2")}};
  Item item{{"a", N("2")}};
  ExpressionBinder b1(Bindings{nullptr, &v1}), b2(Bindings{nullptr, &v2});
  auto c1 = b1.BindCondition("a = :v", ExpressionKind::kCondition);
  auto c2 = b2.BindCondition("a = :v", ExpressionKind::kCondition);
  ASSERT_TRUE(c1.ok() && c2.ok());
  EXPECT_FALSE(c1->Evaluate(item));
  EXPECT_TRUE(c2->Evaluate(item));
}

// ---------------------------------------------------------- binding errors

TEST(ExpressionBindTest, PlaceholdersAndTypes) {
  const std::vector<Case> cases = {
      {"#nope = :one", Cond("An expression attribute name used in the document "
                            "path is not defined; attribute "
                            "name: #nope")},
      {"a = :nope", Cond("An expression attribute value used in expression is "
                         "not defined; attribute value: "
                         ":nope")},
      // Post-order: the left operand first.
      {"a = :nope AND #nope = :one",
       Cond("An expression attribute value used in expression is not defined; "
            "attribute value: "
            ":nope")},
      {"#nope = :nope", Cond("An expression attribute name used in the "
                             "document path is not defined; attribute "
                             "name: #nope")},
      {"a < :list",
       Cond("Incorrect operand type for operator or function; operator or "
            "function: <, operand type: L")},
      {":map >= a",
       Cond("Incorrect operand type for operator or function; operator or "
            "function: >=, operand type: M")},
      {"a <= :true",
       Cond("Incorrect operand type for operator or function; operator or "
            "function: <=, operand type: BOOL")},
      {"a > :ss", Cond("Incorrect operand type for operator or function; "
                       "operator or function: "
                       ">, operand type: SS")},
      {"a BETWEEN :list AND :list3",
       Cond("Incorrect operand type for operator or function; operator or "
            "function: BETWEEN, "
            "operand type: L")},
      {"begins_with(a, :one)",
       Cond("Incorrect operand type for operator or function; operator "
            "or function: begins_with, operand type: N")},
      {"begins_with(:ss, a)",
       Cond("Incorrect operand type for operator or function; operator "
            "or function: begins_with, operand type: SS")},
      {"begins_with(size(s), :hell)",
       Cond("Incorrect operand type for operator or function; operator or "
            "function: "
            "begins_with, operand type: N")},
      {"size(:one) = :one",
       Cond("Incorrect operand type for operator or function; operator or "
            "function: size, operand type: N")},
      {"size(:true) = :one",
       Cond("Incorrect operand type for operator or function; operator "
            "or function: size, operand type: BOOL")},
      {"size(size(s)) = :one",
       Cond("Incorrect operand type for operator or function; operator "
            "or function: size, operand type: N")},
      {"size(a, b) = :one",
       Cond("Incorrect number of operands for operator or function; "
            "operator or function: size, number of operands: 2")},
      {"attribute_exists(a, b)",
       Cond("Incorrect number of operands for operator or function; "
            "operator or function: attribute_exists, number of "
            "operands: 2")},
      {"attribute_type(a)",
       Cond("Incorrect number of operands for operator or function; "
            "operator or function: attribute_type, number of operands: 1")},
      {"contains(a)",
       Cond(
           "Incorrect number of operands for operator or function; operator or "
           "function: contains, number of operands: 1")},
      {"begins_with(a, b, c)",
       Cond("Incorrect number of operands for operator or function; "
            "operator or function: begins_with, number of operands: 3")},
      {"attribute_exists(:one)",
       Cond("Operator or function requires a document path; "
            "operator or function: attribute_exists")},
      {"attribute_not_exists(:one)",
       Cond("Operator or function requires a document path; "
            "operator or function: attribute_not_exists")},
      {"attribute_type(a, b)",
       Cond("Incorrect operand type for operator or function; operator "
            "or function: attribute_type, operand type: "
            "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}")},
      {"attribute_type(a, :one)",
       Cond("Incorrect operand type for operator or function; "
            "operator or function: attribute_type, operand type: N")},
      {"attribute_type(a, :DOG)",
       Cond("Invalid attribute type name found; type: DOG, valid "
            "types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}")},
      {"attribute_type(a, :a)",
       Cond("Invalid attribute type name found; type: a, valid types: "
            "{N,BS,L,B,NULL,M,S,SS,NS,BOOL}")},
      {"a = a", Cond("The first operand must be distinct from the remaining "
                     "operands for this "
                     "operator or function; operator: =, first operand: [a]")},
      {"m.x < #m.#x",
       Cond(
           "The first operand must be distinct from the remaining operands for "
           "this operator or function; operator: <, first operand: [m, x]")},
      {"contains(a, a)",
       Cond("The first operand must be distinct from the remaining operands "
            "for this operator or function; operator: contains, first "
            "operand: [a]")},
      {"a IN (b, #a)",
       Cond(
           "The first operand must be distinct from the remaining operands for "
           "this operator or function; operator: IN, first operand: [a]")},
      {"a BETWEEN b AND a",
       Cond("The first operand must be distinct from the remaining operands "
            "for this operator or function; operator: BETWEEN, first "
            "operand: [a]")},
      {"l[1] = l[1]",
       Cond(
           "The first operand must be distinct from the remaining operands for "
           "this operator or function; operator: =, first operand: [l, [1]]")},
      {"a = b", "false"},
      {":one = :one", "true"},
      {"a BETWEEN :one AND :hello",
       Cond("The BETWEEN operator requires same data type for lower and upper "
            "bounds; lower "
            "bound operand: AttributeValue: {N:1}, upper bound operand: "
            "AttributeValue: "
            "{S:hello}")},
      {"a BETWEEN :two AND :one",
       Cond("The BETWEEN operator requires upper bound to be greater than or "
            "equal to lower "
            "bound; lower bound operand: AttributeValue: {N:2}, upper bound "
            "operand: "
            "AttributeValue: {N:1}")},
      {"s BETWEEN :hello AND :hell",
       Cond("The BETWEEN operator requires upper bound to be greater than or "
            "equal to lower "
            "bound; lower bound operand: AttributeValue: {S:hello}, upper "
            "bound operand: "
            "AttributeValue: {S:hell}")},
      {"bin BETWEEN :bin80 AND :bin01",
       Cond("The BETWEEN operator requires upper bound to be greater than or "
            "equal to lower "
            "bound; lower bound operand: AttributeValue: {B:gA==}, upper bound "
            "operand: "
            "AttributeValue: {B:AQ==}")},
      {"a BETWEEN b AND :one", "false"},
      {"a BETWEEN :one AND :one", "true"},
  };
  RunConditionCases(cases);
}

TEST(ExpressionBindTest, Limits) {
  // 100 operands in the IN lst are allowed, 101 are not.
  AttributeValues values;
  std::string lst;
  for (int i = 0; i < 101; ++i) {
    values[":v" + std::to_string(i)] = N(std::to_string(i));
    if (i > 0) lst += ",";
    lst += ":v" + std::to_string(i);
  }
  Item item{{"a", N("74")}};
  {
    ExpressionBinder binder(Bindings{nullptr, &values});
    std::string hundred = lst.substr(0, lst.rfind(','));
    auto c = binder.BindCondition("a IN (" + hundred + ")",
                                  ExpressionKind::kCondition);
    ASSERT_TRUE(c.ok()) << c.status().message();
    EXPECT_TRUE(c->Evaluate(item));
  }
  {
    ExpressionBinder binder(Bindings{nullptr, &values});
    auto c =
        binder.BindCondition("a IN (" + lst + ")", ExpressionKind::kCondition);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().message(),
              Cond("The IN operator is provided with too many operands; number "
                   "of operands: 101"));
  }
  // Paths: 32 elements, not 33.
  std::string path32 = "a";
  for (int i = 1; i < 32; ++i) path32 += ".a";
  EXPECT_EQ(Eval(path32 + " = :one"), "false");
  EXPECT_EQ(
      Eval(path32 + ".a = :one"),
      Cond(
          "The document path has too many nesting levels; nesting levels: 33"));
  EXPECT_EQ(
      ProjectSample(path32 + "[0]"),
      Proj(
          "The document path has too many nesting levels; nesting levels: 33"));
  // 300 operators, not 301 ("<" and "or" count; parentheses do not).
  std::string ok = "a<b";
  for (int i = 0; i < 149; ++i) ok = "a<b or (" + ok + ")";
  EXPECT_EQ(Eval(ok), "true");
  std::string too_many = "a<b or (" + ok + ")";
  EXPECT_EQ(
      Eval(too_many),
      Cond("The expression contains too many operators; operator count: 301"));
  std::string nots;
  for (int i = 0; i < 300; ++i) nots += "not ";
  EXPECT_EQ(
      Eval(nots + "a<b"),
      Cond("The expression contains too many operators; operator count: 301"));
  std::string chain = "a<b";
  for (int i = 0; i < 149; ++i) chain += " or a<b";
  EXPECT_EQ(Eval(chain), "true");
  EXPECT_EQ(
      Eval(chain + " or a<b"),
      Cond("The expression contains too many operators; operator count: 301"));
}

// -------------------------------------------------------------- evaluation

TEST(ExpressionEvalTest, Comparisons) {
  const std::vector<Case> cases = {
      {"a = :one", "true"},
      {"a = :two", "false"},
      {"a <> :two", "true"},
      {"a <> :one", "false"},
      {"a < :two", "true"},
      {"a < :one", "false"},
      {"a <= :one", "true"},
      {"b > :one", "true"},
      {"b >= :three", "false"},
      {"neg < :zero", "true"},
      {"neg = :neg", "true"},
      {":big > a", "true"},
      {"a < b", "true"},
      {"c > b", "true"},
      {"s = :hello", "true"},
      {"s = s2", "true"},
      {"s > :hell", "true"},
      {"s < :dog", "false"},
      {"emp = :empty", "true"},
      {"emp < :dog", "true"},
      {"bin < :bin80", "true"},  // unsigned bytes: 0x01 < 0x80
      {"bin > :bin0102", "true"},
      {"t = :true", "true"},
      {"t = :false", "false"},
      {"f <> :true", "true"},
      {"nul = :null", "true"},
      {"l = l", Cond("The first operand must be distinct from the remaining "
                     "operands for this "
                     "operator or function; operator: =, first operand: [l]")},
      {"m.lst = #m.lst",
       Cond("The first operand must be distinct from the remaining operands "
            "for this operator or function; operator: =, first operand: [m, "
            "lst]")},
      {"ss = :ss", "true"},
      {"ss = :ss_ba", "true"},  // sets compare as sets
      {"ss <> :ss_c", "true"},
      {"ns = :ns", "true"},
      {"bs = :bs", "true"},
      {"l[2] = :list3", "true"},
      {"l[3] = :map", "true"},
      {"l = :list", "false"},
      // Different types: false, and <> true.
      {"a = :one_s", "false"},
      {"a <> :one_s", "true"},
      {"a < :one_s", "false"},
      {"s > :one", "false"},
      {"l < :one", "false"},
      {":one < l", "false"},
      {"m > :one", "false"},
      // Absent attributes.
      {"nope = :one", "false"},
      {"nope <> :one", "true"},
      {"nope < :one", "false"},
      {"nope = nothing", "false"},
      {"nope <> nothing", "true"},
      {"nope >= nothing", "false"},
      {"nope BETWEEN :one AND :two", "false"},
      {"nope IN (:one, :two)", "false"},
      // Nested paths.
      {"m.x = :one", "true"},
      {"m.y.z = :hello", "false"},
      {"m.lst[1] > m.lst[0]", "true"},
      {"m.lst[5] = :one", "false"},
      {"m.x.nope = :one", "false"},
      {"m[0] = :one", "false"},
      {"l.x = :one", "false"},
      {"l[0] = :one", "true"},
      {"l[2][0] = :three", "true"},
      {"l[3].x > :three", "true"},
      {"#m.#x = :one", "true"},
      {"#dot = :one", "false"},
      {"a.b = :one", "false"},
      {"attribute_exists(#dot)", "true"},
      {"attribute_exists(a.b)", "false"},
      {"#name = :one", "false"},
      {"p <> :hello", "true"},
      {"l[1] = :two", "false"},
      {"l[1] <> :hello", "true"},
      {"l[3].x = l[3].x",
       Cond("The first operand must be distinct from the remaining operands "
            "for this operator or function; operator: =, first operand: [l, "
            "[3], x]")},
      {"l[3].x >= l[0]", "true"},
      {"m.y = :map", "false"},
      {"#m.y.#z = :hello", "false"},
      {"(a) < (b)", "true"},
      {"(#a) >= :one", "true"},
      {"a = (:one)", "true"},
      {"neg BETWEEN :neg AND :zero", "true"},
      {"utf > :hello", "true"},
  };
  RunConditionCases(cases);
}

TEST(ExpressionEvalTest, BetweenAndIn) {
  const std::vector<Case> cases = {
      {"a BETWEEN :zero AND :two", "true"},
      {"a BETWEEN :one AND :one", "true"},
      {"a BETWEEN :two AND :three", "false"},
      {"b BETWEEN a AND c", "true"},
      {"b BETWEEN c AND a",
       "false"},  // not checked when bounds come from the item
      {"s BETWEEN :hell AND :hello", "true"},
      {"s BETWEEN :dog AND :hello", "true"},
      {"a BETWEEN b AND :three", "false"},
      {"s BETWEEN :one AND :two", "false"},
      {"bin BETWEEN :bin01 AND :bin80", "true"},
      {"a between :zero and :two", "true"},
      {"a BETWEEN :zero AND :two AND b = :two", "true"},
      {"a IN (:one)", "true"},
      {"a IN (:two, :three, :one)", "true"},
      {"a IN (:two, :three)", "false"},
      {"a IN (:one_s, :two)", "false"},
      {"s IN (:dog, :hello)", "true"},
      {"ss IN (:ss_ba)", "true"},
      {"l[2] IN (:list, :list3)", "true"},
      {"a IN (b, c, #b)", "false"},
      {"a in (nope, :one)", "true"},
      {"size(s) IN (:three, :two)", "false"},
  };
  RunConditionCases(cases);
}

TEST(ExpressionEvalTest, Functions) {
  const std::vector<Case> cases = {
      {"attribute_exists(a)", "true"},
      {"attribute_exists(nope)", "false"},
      {"attribute_not_exists(nope)", "true"},
      {"attribute_not_exists(a)", "false"},
      {"attribute_exists(nul)", "true"},
      {"attribute_exists(m.y.z)", "true"},
      {"attribute_exists(l[3].x)", "true"},
      {"attribute_exists(l[4])", "false"},
      {"attribute_exists (#a)", "true"},
      {"attribute_type(a, :N)", "true"},
      {"attribute_type(a, :S)", "false"},
      {"attribute_type(s, :S)", "true"},
      {"attribute_type(bin, :B)", "true"},
      {"attribute_type(t, :BOOL)", "true"},
      {"attribute_type(nul, :NULL)", "true"},
      {"attribute_type(l, :L)", "true"},
      {"attribute_type(m, :M)", "true"},
      {"attribute_type(ss, :SS)", "true"},
      {"attribute_type(ns, :NS)", "true"},
      {"attribute_type(bs, :BS)", "true"},
      {"attribute_type(nope, :N)", "false"},
      {"attribute_type(:one, :N)", "true"},
      {"begins_with(s, :hell)", "true"},
      {"begins_with(s, :hello)", "true"},
      {"begins_with(s, :dog)", "false"},
      {"begins_with(s, :empty)", "true"},
      {"begins_with(bin, :bin0102)", "true"},
      {"begins_with(bin, :bin80)", "false"},
      {"begins_with(s, :bin01)", "false"},
      {"begins_with(a, :hell)", "false"},
      {"begins_with(nope, :hell)", "false"},
      {"begins_with(:hello, s)", "true"},
      {"begins_with(s, s2)", "true"},
      {"contains(s, :ell)", "true"},
      {"contains(s, :dog)", "false"},
      {"contains(s, :empty)", "true"},
      {"contains(bin, :bin0102)", "true"},
      {"contains(bin, :hello)", "false"},
      {"contains(ss, :a)", "true"},
      {"contains(ss, :dog)", "false"},
      {"contains(ns, :two)", "true"},
      {"contains(ns, :one_s)", "false"},
      {"contains(bs, :bin01)", "true"},
      {"contains(l, :one)", "true"},
      {"contains(l, :list3)", "true"},
      {"contains(l, :map)", "true"},
      {"contains(l, :two)", "false"},
      {"contains(m, :x)", "false"},
      {"contains(a, :one)", "false"},
      {"contains(nope, :one)", "false"},
      {"contains(ss, :ss)", "false"},
      {"contains(l, size(s))", "false"},
      {"contains(ns, size(ss))", "true"},
      {"size(s) = :three", "false"},
      {"size(s) > :three", "true"},
      {"size(emp) = :zero", "true"},
      {"size(utf) = :one", "false"},
      {"size(bin) > :three", "true"},
      {"size(ss) = :two", "true"},
      {"size(ns) = :three", "true"},
      {"size(bs) = :two", "true"},
      {"size(l) > :three", "true"},
      {"size(m) = :three", "true"},
      {"size(m.lst) = :two", "true"},
      {"size(a) = :one", "false"},
      {"size(a) <> :one", "true"},
      {"size(t) = :one", "false"},
      {"size(nul) = :one", "false"},
      {"size(nope) = :zero", "false"},
      {"size(nope) <> :zero", "true"},
      {"size(s) = :hello", "false"},
      {"size(ss) = b", "true"},
      {"size(ns) BETWEEN :two AND :three", "true"},
      {"size(:hello) = size(s)", "true"},
      {"size(:list) < size(l)", "true"},
  };
  RunConditionCases(cases);
  Item item{{"u", S("h\xc3\xa9llo\xf0\x9f\x98\x80")}};
  AttributeValues values{{":seven", N("7")}};
  ExpressionBinder binder(Bindings{nullptr, &values});
  auto c = binder.BindCondition("size(u) = :seven", ExpressionKind::kCondition);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(
      c->Evaluate(item));  // UTF-16 code units, as Java's String.length()
}

TEST(ExpressionEvalTest, LogicAndPrecedence) {
  const std::vector<Case> cases = {
      {"a < b AND b < c", "true"},
      {"a < b and c < b", "false"},
      {"a < b aNd b < c", "true"},
      {"a < b OR c < b", "true"},
      {"b < a OR c < b", "false"},
      {"NOT b < a", "true"},
      {"NOT a < b", "false"},
      {"nOt b < a", "true"},
      {"NOT NOT NOT NOT a < b", "true"},
      {"NOT NOT NOT a < b", "false"},
      // AND binds tighter than OR.
      {"a < b OR c < b AND b < c", "true"},
      {"(a < b OR c < b) AND b < a", "false"},
      {"a < b OR (c < b AND b < c)", "true"},
      {"b < a AND c < b OR a < b", "true"},
      {"b < a AND (c < b OR a < b)", "false"},
      // NOT binds tighter than AND.
      {"NOT a < b AND c < b", "false"},
      {"NOT (a < b AND c < b)", "true"},
      {"NOT b < a AND a < b", "true"},
      {"NOT a = :two OR a = :two", "true"},
      {"NOT (a = :two OR a = :one)", "false"},
      // BETWEEN's AND belongs to BETWEEN.
      {"b BETWEEN a AND c AND a < b", "true"},
      {"b BETWEEN a AND c AND b < a", "false"},
      {"b BETWEEN a AND c OR b < a", "true"},
      {"(a < b OR b < a) AND (b < c AND (a < b OR b < c))", "true"},
      {"attribute_exists(a) AND NOT attribute_exists(nope)", "true"},
      {"attribute_not_exists(a) OR begins_with(s, :hell)", "true"},
      {"(attribute_exists(a)) AND (contains(ss, :a))", "true"},
      {"NOT contains(ss, :dog)", "true"},
      {"a = :one OR nope = :nope",
       Cond("An expression attribute value used in expression "
            "is not defined; attribute value: :nope")},
  };
  RunConditionCases(cases);
}

TEST(ExpressionEvalTest, ValuePlaceholderPathSteps) {
  // The grammar allows "a.:v"; such a step matches nothing.
  const std::vector<Case> cases = {
      {"m.:x = :one", "false"},
      {"attribute_exists(m.:x)", "false"},
      {"m.:x <> :one", "true"},
      {"m.:nope = :one",
       Cond("An expression attribute name used in the document path is not "
            "defined; attribute name: :nope")},
  };
  RunConditionCases(cases);
  static const Item item = UpdateItemSample();
  EXPECT_EQ(ApplyUpdate("SET m.:x = :one", &item),
            "The document path provided in the update expression is invalid "
            "for update");
}

TEST(ExpressionParseTest, ConcurrentParsesShareTheCache) {
  ClearExpressionCache();
  std::vector<std::thread> threads;
  std::vector<const ParsedCondition*> seen(8, nullptr);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([t, &seen] {
      for (int i = 0; i < 200; ++i) {
        std::string text = "a = :v" + std::to_string(i % 20);
        auto parsed = ParseCondition(text, ExpressionKind::kFilter);
        ASSERT_TRUE(parsed.ok());
        if (i % 20 == 0) seen[t] = parsed->get();
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 1; t < 8; ++t) EXPECT_EQ(seen[t], seen[0]);
  EXPECT_EQ(GetExpressionCacheStats().entries, 20u);
}

TEST(ExpressionEvalTest, AbsentItem) {
  EXPECT_EQ(EvalCondition("attribute_not_exists(p)", nullptr), "true");
  EXPECT_EQ(EvalCondition("attribute_exists(p)", nullptr), "false");
  EXPECT_EQ(EvalCondition("p <> :hello", nullptr), "true");
  EXPECT_EQ(EvalCondition("p = :hello", nullptr), "false");
  EXPECT_EQ(EvalCondition("NOT p = :hello", nullptr), "true");
  EXPECT_EQ(EvalCondition("size(p) < :one", nullptr), "false");
}

// --------------------------------------------------------- key conditions

std::string KeyTerms(std::string_view text) {
  static const AttributeNames names = SampleNames();
  static const AttributeValues values = SampleValues();
  ExpressionBinder binder(Bindings{&names, &values});
  auto c = binder.BindCondition(text, ExpressionKind::kKeyCondition);
  if (!c.ok()) return c.status().message();
  auto terms = c->KeyConditionTerms();
  if (!terms.ok()) return terms.status().message();
  static const char* kOps[] = {"=",  "<",       "<=",         ">",
                               ">=", "BETWEEN", "begins_with"};
  std::string out;
  for (const KeyConditionTerm& t : *terms) {
    if (!out.empty()) out += "; ";
    out += t.attribute + " " + kOps[static_cast<int>(t.op)];
    for (const AttributeValue* v : t.values) out += " " + Render(*v);
  }
  return out;
}

TEST(ExpressionKeyConditionTest, Terms) {
  const std::vector<Case> cases = {
      {"p = :hello", "p = 'hello'"},
      {"#a = :one", "a = 1"},
      {"p = :hello AND a < :two", "p = 'hello'; a < 2"},
      {":two > a AND p = :hello", "a < 2; p = 'hello'"},
      {":two <= a AND p = :hello", "a >= 2; p = 'hello'"},
      {"p = :hello AND a BETWEEN :one AND :two", "p = 'hello'; a BETWEEN 1 2"},
      {"p = :hello AND begins_with(s, :hell)",
       "p = 'hello'; s begins_with 'hell'"},
      {"(p = :hello) AND (a >= :one)", "p = 'hello'; a >= 1"},
      {"p = :hello OR a = :one",
       "Invalid operator used in KeyConditionExpression: OR"},
      {"p <> :hello", "Invalid operator used in KeyConditionExpression: <>"},
      {"p IN (:hello)", "Invalid operator used in KeyConditionExpression: IN"},
      {"NOT p = :hello",
       "Invalid operator used in KeyConditionExpression: NOT"},
      {"attribute_exists(p)",
       "Invalid operator used in KeyConditionExpression: attribute_exists"},
      {"contains(s, :hell)",
       "Invalid operator used in KeyConditionExpression: contains"},
      {"p = :hello AND p = :hello",
       "KeyConditionExpressions must only contain one condition "
       "per key"},
      {"p = :hello AND #a = :one AND a > :zero",
       "KeyConditionExpressions must only contain one condition per key"},
      {"m.x = :one",
       "KeyConditionExpressions cannot have conditions on nested attributes"},
      {"a = b",
       "Invalid condition in KeyConditionExpression: Multiple attribute names "
       "used in "
       "one condition"},
      {":one = :two",
       "Invalid condition in KeyConditionExpression: No key attribute "
       "specified"},
      {"size(s) = :one",
       "KeyConditionExpressions cannot contain nested operations"},
      {"begins_with(:hell, s)",
       "Invalid condition in KeyConditionExpression: begins_with "
       "operator must have the key attribute as its first operand"},
      {"p BETWEEN :one AND b",
       "Invalid condition in KeyConditionExpression: Multiple attribute "
       "names used in one condition"},
      {"a b", Syntax("b", "a b", "KeyConditionExpression")},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(KeyTerms(c.text), c.want);
  }
}

// -------------------------------------------------------------- projection

TEST(ExpressionProjectionTest, Projects) {
  const std::vector<Case> cases = {
      {"a", "{a: 1}"},
      {"a, b", "{a: 1, b: 2}"},
      {" a  ,   b  ", "{a: 1, b: 2}"},
      {"nonexistent", "{}"},
      {"#a", "{a: 1}"},
      {"#dot", "{a.b: 'dotted'}"},
      {"a.b", "{}"},
      {"#name", "{name: 'reserved'}"},
      {"m", "{m: {lst: [10, 20], x: 1, y: {z: 'deep'}}}"},
      {"m.x", "{m: {x: 1}}"},
      {"m.y.z", "{m: {y: {z: 'deep'}}}"},
      {"m.lst[1]", "{m: {lst: [20]}}"},
      {"m.lst[1], m.lst[0]", "{m: {lst: [10, 20]}}"},
      {"m.lst[5]", "{}"},
      {"m.x, m.y", "{m: {x: 1, y: {z: 'deep'}}}"},
      {"m.x.nope", "{}"},
      {"m[0]", "{}"},
      {"l[3].x, l[0]", "{l: [1, {x: 4}]}"},
      {"l[2][0]", "{l: [[3]]}"},
      {"l[2][1]", "{}"},
      {"l.x", "{}"},
      {"m.x, s, #l[1]", "{l: ['two'], m: {x: 1}, s: 'hello'}"},
      {"a.x, m.x", "{m: {x: 1}}"},
      {"emp", "{emp: ''}"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(ProjectSample(c.text), c.want);
  }
}

TEST(ExpressionProjectionTest, Errors) {
  auto overlap = [](std::string_view one, std::string_view two) {
    return Proj(
        "Two document paths overlap with each other; must remove or rewrite "
        "one of "
        "these paths; path one: " +
        std::string(one) + ", path two: " + std::string(two));
  };
  auto conflict = [](std::string_view one, std::string_view two) {
    return Proj(
        "Two document paths conflict with each other; must remove or rewrite "
        "one of "
        "these paths; path one: " +
        std::string(one) + ", path two: " + std::string(two));
  };
  const std::vector<Case> cases = {
      {"a, a", overlap("[a]", "[a]")},
      {"a,a", overlap("[a]", "[a]")},
      {"a.b, a.b", overlap("[a, b]", "[a, b]")},
      {"a[1], a[1]", overlap("[a, [1]]", "[a, [1]]")},
      // The service inserts the paths last first.
      {"a, a.b", overlap("[a]", "[a, b]")},
      {"a.b, a", overlap("[a, b]", "[a]")},
      {"a.b, a.b[2]", overlap("[a, b]", "[a, b, [2]]")},
      {"a, a.b[2].c", overlap("[a]", "[a, b, [2], c]")},
      {"a.b.d.e, a.b", overlap("[a, b, d, e]", "[a, b]")},
      {"#a, a", overlap("[a]", "[a]")},
      {"a.b, a[1]", conflict("[a, b]", "[a, [1]]")},
      {"a[1], a.b", conflict("[a, [1]]", "[a, b]")},
      {"a.b, a.c", "{}"},
      {"a[1], a[2]", "{}"},
      {"a.b, a.c[2]", "{}"},
      {"a,", Syntax("<EOF>", ",", "ProjectionExpression")},
      {",a", Syntax(",", ",a", "ProjectionExpression")},
      {"a,,b", Syntax(",", ",,b", "ProjectionExpression")},
      {"a b", Syntax("b", "a b", "ProjectionExpression")},
      {"#list[].#comment", Syntax("]", "[].", "ProjectionExpression")},
      {"(a)", Syntax("(", "(a", "ProjectionExpression")},
      {"a = b", Syntax("=", "a = b", "ProjectionExpression")},
      {"list[0].COMMENT",
       Proj("Attribute name is a reserved keyword; reserved keyword: list")},
      {"#l[0].COMMENT",
       Proj("Attribute name is a reserved keyword; reserved keyword: COMMENT")},
      {"#nope", Proj("An expression attribute name used in the document path "
                     "is not defined; "
                     "attribute name: #nope")},
      {"a.:one", Proj("An expression attribute name used in the document path "
                      "is not defined; "
                      "attribute name: :one")},
      // Last path first: the overlap is found before the undefined name.
      {"#nope, b, b", overlap("[b]", "[b]")},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(ProjectSample(c.text), c.want);
  }
}

// ------------------------------------------------------------ unused maps

TEST(ExpressionUnusedTest, AcrossTheRequestsExpressions) {
  AttributeNames names{{"#a", "a"}, {"#b", "b"}, {"#c", "c"}};
  AttributeValues values{{":v", N("1")}, {":w", N("2")}, {":unused", N("3")}};
  ExpressionBinder binder(Bindings{&names, &values});
  ASSERT_TRUE(binder.BindUpdate("SET #a = :v").ok());
  ASSERT_TRUE(
      binder.BindCondition("#b = :w OR #a = :v", ExpressionKind::kCondition)
          .ok());
  EXPECT_EQ(binder.CheckAllUsed().message(),
            "Value provided in ExpressionAttributeNames unused in expressions: "
            "keys: {#c}");
  ASSERT_TRUE(binder.BindProjection("#c").ok());
  EXPECT_EQ(binder.CheckAllUsed().message(),
            "Value provided in ExpressionAttributeValues unused in "
            "expressions: keys: {:unused}");
  // Keys in java.util.HashSet order.
  AttributeNames many{
      {"#a", "a"}, {"#b", "b"}, {"#name1", "x"}, {"#name2", "y"}};
  ExpressionBinder b2(Bindings{&many, nullptr});
  EXPECT_EQ(b2.CheckAllUsed().message(),
            "Value provided in ExpressionAttributeNames unused in expressions: "
            "keys: {#name2, "
            "#name1, #a, #b}");
  ExpressionBinder b3(Bindings{nullptr, nullptr});
  EXPECT_TRUE(b3.CheckAllUsed().ok());
}

TEST(ExpressionUnusedTest, PlaceholderMapKeys) {
  AttributeNames empty_names;
  AttributeValues empty_values;
  AttributeNames bad_name{{"#a", "a"}, {"a", "a"}};
  AttributeValues bad_value{{":b", N("1")}, {"b", N("1")}};
  AttributeNames good_names{{"#a_1", "a"}, {"#1", "x"}};
  AttributeValues good_values{{":v", N("1")}, {":_", N("1")}};
  EXPECT_EQ(ValidatePlaceholderMaps(Bindings{&empty_names, nullptr}).message(),
            "ExpressionAttributeNames must not be empty");
  EXPECT_EQ(ValidatePlaceholderMaps(Bindings{nullptr, &empty_values}).message(),
            "ExpressionAttributeValues must not be empty");
  EXPECT_EQ(
      ValidatePlaceholderMaps(Bindings{&bad_name, &empty_values}).message(),
      "ExpressionAttributeNames contains invalid key: Syntax error; key: "
      "\"a\"");
  EXPECT_EQ(
      ValidatePlaceholderMaps(Bindings{&good_names, &bad_value}).message(),
      "ExpressionAttributeValues contains invalid key: Syntax error; key: "
      "\"b\"");
  EXPECT_TRUE(
      ValidatePlaceholderMaps(Bindings{&good_names, &good_values}).ok());
  EXPECT_TRUE(ValidatePlaceholderMaps(Bindings{nullptr, nullptr}).ok());
}

// ----------------------------------------------------------------- updates

Item UpdateItemSample() {
  return Item{
      {"p", S("pk")},
      {"a", N("1")},
      {"b", N("2")},
      {"s", S("hi")},
      {"l", L({N("1"), N("2"), N("3")})},
      {"m", M({{"x", N("1")}, {"y", M({{"z", S("deep")}})}})},
      {"ss", SS({"a", "b"})},
      {"ns", NS({"1", "2"})},
      {"bs", BS({std::string("\x01", 1)})},
  };
}

const char kItemRest[] =
    "bs: BS<\x01>, l: [1, 2, 3], m: {x: 1, y: {z: 'deep'}}, ns: NS<1,2>, p: "
    "'pk', s: 'hi', ss: "
    "SS<a,b>}";

TEST(ExpressionUpdateTest, SetActions) {
  static const Item item = UpdateItemSample();
  const std::vector<Case> cases = {
      {"SET a = :two", "{a: 2, b: 2, " + std::string(kItemRest)},
      {"set a = :two", "{a: 2, b: 2, " + std::string(kItemRest)},
      {"  SeT   a=:two  ", "{a: 2, b: 2, " + std::string(kItemRest)},
      {"SET a = a + :two", "{a: 3, b: 2, " + std::string(kItemRest)},
      {"SET a = :two - a", "{a: 1, b: 2, " + std::string(kItemRest)},
      {"SET a = b - :three", "{a: -1, b: 2, " + std::string(kItemRest)},
      {"SET a = (b + :three)", "{a: 5, b: 2, " + std::string(kItemRest)},
      {"SET a = (b) + (:three)", "{a: 5, b: 2, " + std::string(kItemRest)},
      {"SET a = :neg + :one", "{a: -4.5, b: 2, " + std::string(kItemRest)},
      {"SET a = b, b = a", "{a: 2, b: 1, " + std::string(kItemRest)},
      {"SET #a = #b", "{a: 2, b: 2, " + std::string(kItemRest)},
      {"SET a = if_not_exists(a, :two)",
       "{a: 1, b: 2, " + std::string(kItemRest)},
      {"SET a = if_not_exists(nope, :two)",
       "{a: 2, b: 2, " + std::string(kItemRest)},
      {"SET a = if_not_exists(nope, b) + :one",
       "{a: 3, b: 2, " + std::string(kItemRest)},
      {"SET a = if_not_exists(b, if_not_exists(c, :three))",
       "{a: 2, b: 2, " + std::string(kItemRest)},
      {"SET z = :hello",
       "{a: 1, b: 2, " +
           std::string(kItemRest).substr(0, std::string(kItemRest).size() - 1) +
           ", z: 'hello'}"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(ApplyUpdate(c.text, &item), c.want);
  }
}

// Only the attributes named in the case's projection, to keep cases short.
std::string UpdateAndShow(std::string_view update, std::string_view show,
                          const Item& item, const Item& key = Item()) {
  static const AttributeNames names = SampleNames();
  static const AttributeValues values = SampleValues();
  ExpressionBinder binder(Bindings{&names, &values});
  Result<BoundUpdate> bound = binder.BindUpdate(update);
  if (!bound.ok()) return bound.status().message();
  Result<UpdateOutcome> out = bound->Apply(&item, key);
  if (!out.ok()) return out.status().message();
  ExpressionBinder b2(Bindings{nullptr, nullptr});
  Result<BoundProjection> proj = b2.BindProjection(show);
  if (!proj.ok()) return proj.status().message();
  return RenderMap(proj->Project(*out->new_item));
}

struct UpdateCase {
  const char* update;
  const char* show;
  std::string want;
};

TEST(ExpressionUpdateTest, NestedListsAndMaps) {
  static const Item item = UpdateItemSample();
  const std::vector<UpdateCase> cases = {
      {"SET m.x = :two", "m", "{m: {x: 2, y: {z: 'deep'}}}"},
      {"SET m.w = :two", "m", "{m: {w: 2, x: 1, y: {z: 'deep'}}}"},
      {"SET m.y.z = :one, m.x = m.y.z", "m", "{m: {x: 'deep', y: {z: 1}}}"},
      {"SET #m.#y.#z = :one", "m", "{m: {x: 1, y: {z: 1}}}"},
      {"SET l[1] = :hello", "l", "{l: [1, 'hello', 3]}"},
      {"SET l[7] = :hello", "l", "{l: [1, 2, 3, 'hello']}"},
      {"SET l[84] = :one, l[37] = :two, l[17] = :three, l[50] = :zero", "l",
       "{l: [1, 2, 3, 3, 2, 0, 1]}"},
      {"REMOVE l[1]", "l", "{l: [1, 3]}"},
      {"REMOVE l[0], l[2]", "l", "{l: [2]}"},
      {"REMOVE l[17]", "l", "{l: [1, 2, 3]}"},
      {"REMOVE l[1] SET l[2] = :hello", "l", "{l: [1, 'hello']}"},
      {"SET l[2] = :hello REMOVE l[1]", "l", "{l: [1, 'hello']}"},
      {"REMOVE l[0], l[1], l[2]", "l", "{l: []}"},
      {"REMOVE m.x, m.y", "m", "{m: {}}"},
      {"REMOVE m.nope", "m", "{m: {x: 1, y: {z: 'deep'}}}"},
      {"REMOVE a, b", "a, b, p", "{p: 'pk'}"},
      {"REMOVE nope", "a", "{a: 1}"},
      {"SET l = list_append(l, :list)", "l", "{l: [1, 2, 3, 1, 'two']}"},
      {"SET l = list_append(:list, l)", "l", "{l: [1, 'two', 1, 2, 3]}"},
      {"SET n = list_append(l, l)", "n", "{n: [1, 2, 3, 1, 2, 3]}"},
      {"SET l = list_append(if_not_exists(l, :list), :list3)", "l",
       "{l: [1, 2, 3, 3]}"},
      {"SET n = list_append(if_not_exists(n, :list), :list3)", "n",
       "{n: [1, 'two', 3]}"},
      {"SET m.lst = :list, m.x = :two REMOVE m.y", "m",
       "{m: {lst: [1, 'two'], x: 2}}"},
      {"ADD l[5] :ss, l[4] :one", "l", "{l: [1, 2, 3, 1, SS<a,b>]}"},
      {"ADD l[0] :two", "l", "{l: [3, 2, 3]}"},
      {"DELETE l[9] :ss", "l", "{l: [1, 2, 3]}"},
  };
  for (const UpdateCase& c : cases) {
    SCOPED_TRACE(c.update);
    EXPECT_EQ(UpdateAndShow(c.update, c.show, item), c.want);
  }
}

TEST(ExpressionUpdateTest, AddAndDelete) {
  static const Item item = UpdateItemSample();
  const std::vector<UpdateCase> cases = {
      {"ADD a :two", "a", "{a: 3}"},
      {"ADD a :neg", "a", "{a: -4.5}"},
      {"ADD n :two", "n", "{n: 2}"},
      {"ADD ss :ss_c", "ss", "{ss: SS<a,b,c>}"},
      {"ADD ss :ss_ba", "ss", "{ss: SS<a,b>}"},
      {"ADD ns :ns", "ns", "{ns: NS<1,2,3>}"},
      {"ADD bs :bs", "bs", "{bs: BS<\x01,\x02>}"},
      {"ADD nss :ss", "nss", "{nss: SS<a,b>}"},
      {"ADD m.x :one", "m.x", "{m: {x: 2}}"},
      {"ADD m.w :ns4", "m.w", "{m: {w: NS<4>}}"},
      {"ADD a :one, b :one", "a, b", "{a: 2, b: 3}"},
      {"DELETE ss :ss_c", "ss", "{ss: SS<a,b>}"},
      {"DELETE ss :ss", "ss, p", "{p: 'pk'}"},
      {"DELETE ns :ns4", "ns", "{ns: NS<1,2>}"},
      {"DELETE ns :ns", "ns, p", "{p: 'pk'}"},
      {"DELETE nope :ss", "nope, p", "{p: 'pk'}"},
      {"DELETE bs :bs", "bs, p", "{p: 'pk'}"},
      {"REMOVE b DELETE ss :ss_c ADD a :one, n :ss SET z = :list",
       "a, b, n, ss, z", "{a: 2, n: SS<a,b>, ss: SS<a,b>, z: [1, 'two']}"},
      {"ADD #a :one DELETE #s :ss", "a",
       "An operand in the update expression has an incorrect "
       "data type"},
  };
  for (const UpdateCase& c : cases) {
    SCOPED_TRACE(c.update);
    EXPECT_EQ(UpdateAndShow(c.update, c.show, item), c.want);
  }
}

TEST(ExpressionUpdateTest, ExecutionErrors) {
  static const Item item = UpdateItemSample();
  const std::string invalid_path =
      "The document path provided in the update expression is invalid for "
      "update";
  const std::string type =
      "An operand in the update expression has an incorrect data type";
  const std::string nope =
      "The provided expression refers to an attribute that does not exist in "
      "the item";
  const std::vector<Case> cases = {
      {"SET s.c = :one", invalid_path},
      {"SET l.c = :one", invalid_path},
      {"SET nope.c = :one", invalid_path},
      {"SET m.nope.c = :one", invalid_path},
      {"SET s[0] = :one", invalid_path},
      {"SET m[0] = :one", invalid_path},
      {"SET nope[0] = :one", invalid_path},
      {"SET l[5].x = :one", invalid_path},
      {"REMOVE s.c", invalid_path},
      {"REMOVE nope.c", invalid_path},
      {"REMOVE s[0]", invalid_path},
      {"REMOVE m[0]", invalid_path},
      {"ADD nope.c :one", invalid_path},
      {"DELETE m[1] :ss", invalid_path},
      {"SET z = nope", nope},
      {"SET z = m.nope", nope},
      {"SET x = :one, y = x", nope},
      {"SET z = nope + :one", nope},
      {"SET z = :one + nope", nope},
      {"SET z = list_append(nope, :list)", nope},
      {"SET z = list_append(:list, nope)", nope},
      {"SET z = if_not_exists(a, nope)", nope},
      {"SET z = s + :one", type},
      {"SET z = :one - s", type},
      {"SET z = list_append(a, :list)", type},
      {"SET z = list_append(:list, m)", type},
      {"SET z = list_append(ss, if_not_exists(nope, :list))", type},
      {"ADD s :one", type},
      {"ADD a :ss", type},
      {"ADD ss :ns", type},
      {"ADD l :ss", type},
      {"DELETE ss :ns", type},
      {"DELETE a :ss", type},
      {"SET z = :big + :big",
       "Number overflow. Attempting to store a number with magnitude "
       "larger than supported range"},
      {"ADD a :big", "{a: 100000000000000000000000000000000000000, b: 2, " +
                         std::string(kItemRest)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(ApplyUpdate(c.text, &item), c.want);
  }
}

TEST(ExpressionUpdateTest, AbsentItem) {
  Item key{{"p", S("pk")}};
  EXPECT_EQ(ApplyUpdate("SET a = :one", nullptr, key), "{a: 1, p: 'pk'}");
  EXPECT_EQ(ApplyUpdate("SET #a = p", nullptr, key), "{a: 'pk', p: 'pk'}");
  EXPECT_EQ(ApplyUpdate("ADD n :two, s :ss", nullptr, key),
            "{n: 2, p: 'pk', s: SS<a,b>}");
  EXPECT_EQ(ApplyUpdate("SET a = if_not_exists(a, :one)", nullptr, key),
            "{a: 1, p: 'pk'}");
  // Only removals: nothing is created, and even a bad path is ignored.
  EXPECT_EQ(ApplyUpdate("REMOVE a", nullptr, key), "<no item>");
  EXPECT_EQ(ApplyUpdate("REMOVE x.y, z[0]", nullptr, key), "<no item>");
  EXPECT_EQ(ApplyUpdate("DELETE ss :ss", nullptr, key), "<no item>");
  EXPECT_EQ(ApplyUpdate("SET c.c = :one", nullptr, key),
            "The document path provided in the update expression is invalid "
            "for update");
  EXPECT_EQ(ApplyUpdate("SET b[0] = :one", nullptr, key),
            "The document path provided in the update expression is invalid "
            "for update");
  EXPECT_EQ(ApplyUpdate("SET c = z", nullptr, key),
            "The provided expression refers to an attribute that does not "
            "exist in the item");
}

TEST(ExpressionUpdateTest, ParseAndBindErrors) {
  auto overlap = [](std::string_view one, std::string_view two) {
    return Upd(
        "Two document paths overlap with each other; must remove or rewrite "
        "one of these "
        "paths; path one: " +
        std::string(one) + ", path two: " + std::string(two));
  };
  auto conflict = [](std::string_view one, std::string_view two) {
    return Upd(
        "Two document paths conflict with each other; must remove or rewrite "
        "one of "
        "these paths; path one: " +
        std::string(one) + ", path two: " + std::string(two));
  };
  auto syntax = [](std::string_view token, std::string_view near) {
    return Syntax(token, near, "UpdateExpression");
  };
  const std::vector<Case> cases = {
      {"whatever", syntax("whatever", "whatever")},
      {"HELLO b = :one", syntax("HELLO", "HELLO b")},
      {"set a", syntax("<EOF>", "a")},
      {"ADD numx", syntax("<EOF>", "numx")},
      {"DELETE setx", syntax("<EOF>", "setx")},
      {"ADD numx 1", syntax("1", "numx 1")},
      {"DELETE setx a", syntax("a", "setx a")},
      {"SET note = :one +", syntax("<EOF>", "+")},
      {"SET numx = numx * :one", syntax("*", "numx * :one")},
      {"SET numx = numx / :one", syntax("/", "numx / :one")},
      {"set a = b + c + d", syntax("+", "c + d")},
      {"set a=set", syntax("set", "=set")},
      {"remove a = b", syntax("=", "a = b")},
      {"remove a b", syntax("b", "a b")},
      {"set a b", syntax("b", "a b")},
      {"set :a = b", syntax(":a", "set :a =")},
      {"SET _123 = :one", syntax("_", "SET _123")},
      {"SET 123a = :one", syntax("123", "SET 123a")},
      {"SET hi-there = :one", syntax("-", "hi-there")},
      {"SET #hi-there = :one", syntax("-", "#hi-there")},
      {"SET # = :one", syntax("#", "SET # =")},
      {"SET a = :", syntax(":", "= :")},
      {"SET a[:one] = :two", syntax(":one", "[:one]")},
      {"SET a[#a] = :two", syntax("#a", "[#a]")},
      {"SET #list[0.#m = :one", syntax(".", "0.#m")},
      {"SET c = if_not_exists(c, :one+:two)", syntax("+", ":one+:two")},
      {"set a = (b.c).d + e", syntax(".", ").d")},
      {"set (a = (b + c))", syntax("(", "set (a")},
      {"SET a = (b + c) + d", syntax("+", ") + d")},
      {"SET a = _f(b)", syntax("_", "= _f")},
      {"SET a = :one,", syntax("<EOF>", ",")},
      {"SET a = :one SET b = :two", Upd("The \"SET\" section can only be used "
                                        "once in an update expression;")},
      {"SET a = :one REMOVE a SET b = :two",
       Upd("The \"SET\" section can only be used once in an update "
           "expression;")},
      {"remove #a set b = :one remove c",
       Upd("The \"REMOVE\" section can only be used once in an update "
           "expression;")},
      {"add #a :one set b = :one add c :two",
       Upd("The \"ADD\" section can only be used once in an update "
           "expression;")},
      {"delete #a :ss set b = :one delete c :ss",
       Upd("The \"DELETE\" section can only be used once in an update "
           "expression;")},
      {" set #a = :one set abOrt = :two ",
       Upd("Attribute name is a reserved keyword; reserved keyword: abOrt")},
      {" remove Absolute ",
       Upd("Attribute name is a reserved keyword; reserved keyword: Absolute")},
      {"SET a = f(b)", Upd("Invalid function name; function: f")},
      {"SET a = f123_hi(b,c,d)",
       Upd("Invalid function name; function: f123_hi")},
      {"SET a = LIST_APPEND(:list, :list)",
       Upd("Invalid function name; function: LIST_APPEND")},
      {"set #a = if_not_exist(:one) set c = d",
       Upd("Invalid function name; function: if_not_exist")},
      {"SET r = contains(s, :hell)",
       Upd("The function is not allowed in an update expression; function: "
           "contains")},
      {"SET r = size(s)", Upd("The function is not allowed in an update "
                              "expression; function: size")},
      {"SET a = list_append(list_append(:list, :list), :list)",
       Upd("The function is not allowed to be used this way in an expression; "
           "function: "
           "list_append")},
      {"SET a = list_append(:list, :list) + :one",
       Upd("The function is not allowed to be used this way in an expression; "
           "function: "
           "list_append")},
      {"SET a = ((b + c))", Upd(kRedundant)},
      {"SET a = ((b)) + c", Upd(kRedundant)},
      {"SET a = ((b))", Upd(kRedundant)},
      {"SET a = ((b)), c = :one", Upd(kRedundant)},
      {"SET a = b + ((c))", Upd(kRedundant)},
      {"SET a = if_not_exists(((b)), c)", Upd(kRedundant)},
      {"SET a = ((b)) x", syntax("x", ") x")},
      {"SET #nope = :one", Upd("An expression attribute name used in the "
                               "document path is not defined; attribute "
                               "name: #nope")},
      {"SET a = :nope",
       Upd("An expression attribute value used in expression is not defined; "
           "attribute value: :nope")},
      {"SET #c = if_not_exists(:nope)",
       Upd("An expression attribute name used in the document path is not "
           "defined; attribute "
           "name: #c")},
      // Last action first.
      {"SET a = :nope1, b = :nope2",
       Upd("An expression attribute value used in expression is not defined; "
           "attribute value: "
           ":nope2")},
      // Target paths are checked before any operand.
      {"SET a = :nope, #nope = :one",
       Upd("An expression attribute name used in the document path is not "
           "defined; attribute "
           "name: #nope")},
      {"SET a = :one REMOVE a", overlap("[a]", "[a]")},
      {"REMOVE a SET a = :one", overlap("[a]", "[a]")},
      {"SET a = :one, a = :two", overlap("[a]", "[a]")},
      {"SET #a = :one, a = :two", overlap("[a]", "[a]")},
      {"SET a = :one, a.b = :two", overlap("[a]", "[a, b]")},
      {"SET a.b = :one, a = :two", overlap("[a, b]", "[a]")},
      {"SET a[1][1] = :one, a[1] = :two", overlap("[a, [1], [1]]", "[a, [1]]")},
      {"SET lst[0] = :one, lst[0].ok = :one",
       overlap("[lst, [0]]", "[lst, [0], ok]")},
      {"SET mapx = :map, mapx.num = :one", overlap("[mapx]", "[mapx, num]")},
      {"set c.b.#a = :one, c = :one, #m = :one", overlap("[c, b, a]", "[c]")},
      {"set a = :one remove a, #b, #m", overlap("[a]", "[a]")},
      {"remove c, c.a, #b", overlap("[c]", "[c, a]")},
      {"set #c[3].#d = :one, #c[3] = :two",
       Upd("An expression attribute name used in the "
           "document path is not defined; attribute name: "
           "#c")},
      {"set d[1] = :one, d.b = :one, c[1].a = :one, c = :one",
       overlap("[c, [1], a]", "[c]")},
      {"SET a.b = :one, a[1] = :two", conflict("[a, b]", "[a, [1]]")},
      {"SET a.b.c = :one, a.b[2] = :two", conflict("[a, b, c]", "[a, b, [2]]")},
      {"remove a.#x set a[1] = :one", conflict("[a, x]", "[a, [1]]")},
      {"SET a = :one, b = :two", "{a: 1, b: 2}"},
      {"SET a.b = :one, a.c = :two",
       "The document path provided in the update expression is "
       "invalid for update"},
      {"SET a = b + :hello",
       Upd("Incorrect operand type for operator or function; operator or "
           "function: +, operand type: S")},
      {"SET a = :hello - b",
       Upd("Incorrect operand type for operator or function; operator or "
           "function: -, operand type: S")},
      {"SET a = :list + :one",
       Upd("Incorrect operand type for operator or function; operator "
           "or function: +, operand type: L")},
      {"SET a = list_append(:hello, a)",
       Upd("Incorrect operand type for operator or function; "
           "operator or function: list_append, operand type: "
           "S")},
      {"SET a = list_append(a, :one)",
       Upd("Incorrect operand type for operator or function; "
           "operator or function: list_append, operand type: N")},
      {"SET a = list_append(:ss, a)",
       Upd("Incorrect operand type for operator or function; "
           "operator or function: list_append, operand type: SS")},
      {"SET a = list_append(:map, a)",
       Upd("Incorrect operand type for operator or function; "
           "operator or function: list_append, operand type: M")},
      {"SET a = list_append(:list)",
       Upd("Incorrect number of operands for operator or "
           "function; operator or function: list_append, number of "
           "operands: 1")},
      {"SET a = list_append(:list, :list, :list)",
       Upd("Incorrect number of operands for operator or function; operator or "
           "function: "
           "list_append, number of operands: 3")},
      {"SET a = if_not_exists(c)",
       Upd("Incorrect number of operands for operator or function; "
           "operator or function: if_not_exists, number of operands: "
           "1")},
      {"SET a = if_not_exists(:one, c)",
       Upd("Operator or function requires a document path; "
           "operator or function: if_not_exists")},
      {"SET a = if_not_exists(if_not_exists(a, b), c)",
       Upd("Operator or function requires a document path; operator or "
           "function: "
           "if_not_exists")},
      {"SET a = if_not_exists(a, a)",
       Upd("The first operand must be distinct from the "
           "remaining operands for this operator or function; "
           "operator: if_not_exists, first operand: [a]")},
      {"SET a = b + b",
       "The provided expression refers to an attribute that does not exist in "
       "the "
       "item"},
      {"ADD a :hello",
       Upd("Incorrect operand type for operator or function; operator: ADD, "
           "operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND")},
      {"ADD a :list",
       Upd("Incorrect operand type for operator or function; operator: ADD, "
           "operand type: LIST, typeSet: ALLOWED_FOR_ADD_OPERAND")},
      {"ADD a :map",
       Upd("Incorrect operand type for operator or function; operator: ADD, "
           "operand type: MAP, typeSet: ALLOWED_FOR_ADD_OPERAND")},
      {"ADD a :null",
       Upd("Incorrect operand type for operator or function; operator: ADD, "
           "operand type: NULL, typeSet: ALLOWED_FOR_ADD_OPERAND")},
      {"ADD a :true",
       Upd("Incorrect operand type for operator or function; operator: ADD, "
           "operand type: BOOLEAN, typeSet: ALLOWED_FOR_ADD_OPERAND")},
      {"ADD a :bin01",
       Upd("Incorrect operand type for operator or function; operator: ADD, "
           "operand type: BINARY, typeSet: ALLOWED_FOR_ADD_OPERAND")},
      {"DELETE a :one",
       Upd("Incorrect operand type for operator or function; operator: DELETE, "
           "operand type: NUMBER, typeSet: ALLOWED_FOR_DELETE_OPERAND")},
      {"DELETE a :hello",
       Upd("Incorrect operand type for operator or function; operator: "
           "DELETE, operand type: STRING, typeSet: "
           "ALLOWED_FOR_DELETE_OPERAND")},
      {"ADD a :nope",
       Upd("An expression attribute value used in expression is not defined; "
           "attribute value: :nope")},
      {"SET a[2147483648] = :one", Upd("List index is not within the allowable "
                                       "range; index: [2147483648]")},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(ApplyUpdate(c.text, nullptr, Item()), c.want);
  }
}

// dynalite's cases, captured from the service, with #c = c and #d = "[3]".
TEST(ExpressionUpdateTest, OverlapMessagesNameTheOverlappingPath) {
  AttributeNames names{{"#b", "b"}, {"#c", "c"}, {"#d", "[3]"}};
  const std::vector<Case> cases = {
      {"set d[1] = a, d.b = a, c[1].a = a, #c = if_not_exists(a)",
       "[c, [1], a], path two: [c]"},
      {"set c.b.#c = a, c = a, #d = a", "[c, b, c], path two: [c]"},
      {"set a = b remove a, #c, #d", "[a], path two: [a]"},
      {"set #c[3].#d = a, #c[3] = a", "[c, [3], [3]], path two: [c, [3]]"},
      {"remove c, #c.a, #d", "[c], path two: [c, a]"},
      {"remove a, #c, a, #d", "[a], path two: [a]"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    ExpressionBinder binder(Bindings{&names, nullptr});
    auto u = binder.BindUpdate(c.text);
    ASSERT_FALSE(u.ok());
    EXPECT_EQ(u.status().message(),
              "Invalid UpdateExpression: Two document paths overlap with each "
              "other; must remove "
              "or rewrite one of these paths; path one: " +
                  c.want);
  }
  ExpressionBinder binder(Bindings{&names, nullptr});
  auto u = binder.BindUpdate("set #c[3].#d = a, #c.#d[3] = if_not_exists(a)");
  EXPECT_EQ(u.status().message(),
            "Invalid UpdateExpression: Two document paths conflict with each "
            "other; must remove "
            "or rewrite one of these paths; path one: [c, [3], [3]], path two: "
            "[c, [3], [3]]");
  auto v = binder.BindUpdate("remove a.#c set a[1] = #d");
  EXPECT_EQ(
      v.status().message(),
      "Invalid UpdateExpression: Two document paths conflict with each other; "
      "must remove "
      "or rewrite one of these paths; path one: [a, c], path two: [a, [1]]");
}

TEST(ExpressionUpdateTest, UpdatedOldAndNew) {
  Item item{{"p", S("pk")},
            {"b", M({{"a", N("1")}, {"b", N("2")}, {"c", N("3")}})},
            {"c", L({N("1"), N("3")})},
            {"d", N("9")}};
  AttributeValues values{{":a", N("2")}, {":b", SS({"a"})}, {":k", S("key")}};
  ExpressionBinder binder(Bindings{nullptr, &values});
  auto u = binder.BindUpdate(
      "set b.c=((c[1])+(b.a)),b.a = :k,c[1] = :k, c[4] = b.a - b.b, c[2] = b.c "
      "add c[8] :b, "
      "c[6] :a");
  ASSERT_TRUE(u.ok()) << u.status().message();
  auto out = u->Apply(&item, Item());
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(RenderMap(*out->new_item),
            "{b: {a: 'key', b: 2, c: 4}, c: [1, 'key', 3, -1, 2, SS<a>], d: 9, "
            "p: 'pk'}");
  EXPECT_EQ(RenderMap(u->ProjectUpdated(item)), "{b: {a: 1, c: 3}, c: [3]}");
  EXPECT_EQ(RenderMap(u->ProjectUpdated(*out->new_item)),
            "{b: {a: 'key', c: 4}, c: ['key', 3, 2]}");
  ASSERT_EQ(u->target_paths().size(), 7u);
  EXPECT_EQ(DocumentPathToString(u->target_paths()[0]), "[b, c]");
  EXPECT_EQ(DocumentPathToString(u->target_paths()[6]), "[c, [6]]");
  EXPECT_TRUE(binder.CheckAllUsed().ok());
}

TEST(ExpressionUpdateTest, NestingLimit) {
  AttributeValue deep = N("1");
  for (int i = 0; i < 31; ++i) deep = L({deep});
  AttributeValues values{{":deep", deep}, {":deeper", L({deep})}};
  ExpressionBinder binder(Bindings{nullptr, &values});
  auto ok = binder.BindUpdate("SET a = :deep");
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->Apply(nullptr, Item()).ok());
  auto bad = binder.BindUpdate("SET a = :deeper");
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->Apply(nullptr, Item()).status().message(),
            "Nesting Levels have exceeded supported limits");
}

}  // namespace
}  // namespace dynarock
