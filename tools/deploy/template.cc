// Reading a CloudFormation template: YAML or JSON into one tree, the
// sections checked, parameters bound, conditions and intrinsic functions
// evaluated, and the DynamoDB resources' properties turned into TableSpecs.
//
// The tree is nlohmann::ordered_json (template order matters for messages
// and for deploy order). Every scalar is kept as the text the template
// wrote: YAML has no types CloudFormation keeps (it passes "5" and 5, "true"
// and true alike to a resource), so a property that wants a number or a
// boolean reads the text. A plain `null`, `~` or empty value is null.
//
// The texts of CloudFormation's own errors follow the CloudFormation User
// Guide where it quotes them ("Parameters: [X] must have values",
// "Parameters: [X] do not exist in the template", "Template format error:
// Unresolved resource dependencies [X] in the Resources block of the
// template", "Encountered unsupported property X", "Circular dependency
// between resources: [A, B]"). UNCONFIRMED in the documentation, written as
// the service is reported to answer: the parameter constraint texts
// ("Parameter 'X' must be one of AllowedValues", "... must match pattern
// P", "... must contain at least N characters", "... must be a number not
// less than N") and "Template format error: Encountered unsupported
// function: Fn::X".
#include "tools/deploy/template.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace dynarock::deploy {
namespace {

using json = nlohmann::ordered_json;

// Evaluates `expr` (an Expected); on failure returns its error.
#define DEPLOY_ASSIGN(lhs, expr)                       \
  auto lhs##_result = (expr);                          \
  if (!lhs##_result.ok()) return lhs##_result.error(); \
  auto lhs = std::move(lhs##_result.value())

// Evaluates `expr` (a std::optional<Error>); returns the error if any.
#define DEPLOY_CHECK(expr) \
  if (auto deploy_error_ = (expr)) return *deploy_error_

using Check = std::optional<Error>;

Error Err(const std::string& path, const std::string& message) {
  if (path.empty()) return Error{message};
  return Error{path + ": " + message};
}

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

// A short description of a value, for "expected X, got Y".
std::string Describe(const json& v) {
  if (v.is_null()) return "nothing";
  if (v.is_string()) return Quote(v.get<std::string>());
  if (v.is_array()) return "a list";
  return "a mapping";
}

// ------------------------------------------------------------- reading

bool IsPlainNull(const std::string& s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// The long form of a short-form tag: !Ref -> Ref, !Condition -> Condition,
// !Sub -> Fn::Sub.
std::string LongFormOf(const std::string& tag) {
  std::string name = tag.substr(1);
  if (name == "Ref" || name == "Condition") return name;
  return "Fn::" + name;
}

// "Res.Attr" (the string form of Fn::GetAtt) as [Res, Attr].
Expected<json> SplitGetAtt(const std::string& s, const std::string& path) {
  size_t dot = s.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == s.size()) {
    return Err(path,
               "Fn::GetAtt takes RESOURCE.ATTRIBUTE or [RESOURCE, "
               "ATTRIBUTE], not " +
                   Quote(s));
  }
  return json::array({s.substr(0, dot), s.substr(dot + 1)});
}

Expected<json> FromYaml(const YAML::Node& node, const std::string& path) {
  json value;
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      if (node.Tag() == "?" && IsPlainNull(node.Scalar())) {
        value = nullptr;
      } else {
        value = node.Scalar();
      }
      break;
    case YAML::NodeType::Sequence: {
      value = json::array();
      for (size_t i = 0; i < node.size(); ++i) {
        DEPLOY_ASSIGN(element,
                      FromYaml(node[i], path + "[" + std::to_string(i) + "]"));
        value.push_back(std::move(element));
      }
      break;
    }
    case YAML::NodeType::Map: {
      value = json::object();
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (!it->first.IsScalar()) {
          return Err(path, "a mapping key must be a string");
        }
        const std::string key = it->first.Scalar();
        const std::string child = path.empty() ? key : path + "." + key;
        if (value.contains(key)) {
          return Err(child, "duplicate key " + Quote(key));
        }
        DEPLOY_ASSIGN(member, FromYaml(it->second, child));
        value[key] = std::move(member);
      }
      break;
    }
    default:
      value = nullptr;
      break;
  }
  const std::string& tag = node.Tag();
  if (tag.size() > 1 && tag[0] == '!' && tag[1] != '!') {
    const std::string name = LongFormOf(tag);
    if (name == "Fn::GetAtt" && value.is_string()) {
      DEPLOY_ASSIGN(parts, SplitGetAtt(value.get<std::string>(), path));
      value = std::move(parts);
    }
    json wrapped = json::object();
    wrapped[name] = std::move(value);
    return wrapped;
  }
  return value;
}

// JSON scalars as the texts YAML would have kept.
json Textify(const json& v) {
  if (v.is_object()) {
    json out = json::object();
    for (const auto& [k, m] : v.items()) out[k] = Textify(m);
    return out;
  }
  if (v.is_array()) {
    json out = json::array();
    for (const auto& m : v) out.push_back(Textify(m));
    return out;
  }
  if (v.is_null() || v.is_string()) return v;
  return v.dump();
}

std::pair<int, int> LineColumn(const std::string& text, size_t offset) {
  int line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

Expected<json> ParseText(const std::string& text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return Error{"Template format error: the template is empty"};
  }
  if (text[first] == '{') {
    // JSON: read strictly, with its own positions (YAML would refuse tab
    // indentation, which JSON allows).
    try {
      return Textify(json::parse(text));
    } catch (const json::parse_error& e) {
      auto [line, column] = LineColumn(text, e.byte > 0 ? e.byte - 1 : 0);
      return Error{"Template format error: JSON not well-formed. (line " +
                   std::to_string(line) + ", column " + std::to_string(column) +
                   ")"};
    }
  }
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Error{"Template format error: YAML not well-formed. (line " +
                 std::to_string(e.mark.line + 1) + ", column " +
                 std::to_string(e.mark.column + 1) + "): " + e.msg};
  }
  try {
    return FromYaml(root, "");
  } catch (const YAML::Exception& e) {
    return Error{"Template format error: " + e.msg};
  }
}

// ------------------------------------------------------- scalar readers

Expected<std::string> AsString(const json& v, const std::string& path) {
  if (!v.is_string()) {
    return Err(path, "expected a string, got " + Describe(v));
  }
  return v.get<std::string>();
}

Expected<bool> AsBool(const json& v, const std::string& path) {
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    std::transform(s.begin(), s.end(), s.begin(), ::tolower);
    if (s == "true") return true;
    if (s == "false") return false;
  }
  return Err(path, "expected true or false, got " + Describe(v));
}

Expected<int64_t> AsInt(const json& v, const std::string& path) {
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    errno = 0;
    char* end = nullptr;
    long long n = std::strtoll(s.c_str(), &end, 10);
    if (!s.empty() && end == s.c_str() + s.size() && errno == 0) return n;
  }
  return Err(path, "expected a whole number, got " + Describe(v));
}

Expected<const json*> AsList(const json& v, const std::string& path) {
  if (!v.is_array()) return Err(path, "expected a list, got " + Describe(v));
  return &v;
}

Expected<const json*> AsObject(const json& v, const std::string& path) {
  if (!v.is_object()) {
    return Err(path, "expected a mapping, got " + Describe(v));
  }
  return &v;
}

std::string Child(const std::string& path, const std::string& key) {
  return path + "." + key;
}
std::string Element(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// The members of an object as one resource type defines them: the known
// ones, of which some dynarock ignores (with a notice); any other is an
// error.
struct Shape {
  Shape(std::vector<const char*> known_members = {},
        std::vector<const char*> ignored_members = {})
      : known(std::move(known_members)), ignored(std::move(ignored_members)) {}
  std::vector<const char*> known;
  std::vector<const char*> ignored;  // each with a notice
  const char* ignored_reason = "not supported by dynarock; ignored";
};

Check CheckMembers(const json& obj, const std::string& path, const Shape& s,
                   std::vector<std::string>* notices) {
  for (const auto& [key, value] : obj.items()) {
    // Captured by an init-capture: clang 14 cannot capture a binding.
    auto is = [&key = key](const char* name) { return key == name; };
    if (std::any_of(s.known.begin(), s.known.end(), is)) continue;
    if (std::any_of(s.ignored.begin(), s.ignored.end(), is)) {
      notices->push_back("warning: " + Child(path, key) + ": " +
                         s.ignored_reason);
      continue;
    }
    return Err(Child(path, key), "Encountered unsupported property " + key);
  }
  return std::nullopt;
}

Check Required(const json& obj, const std::string& path, const char* name) {
  if (!obj.contains(name)) {
    return Err(path, std::string("the property ") + name + " is required");
  }
  return std::nullopt;
}

Check OneOf(const std::string& value, const std::string& path,
            const std::vector<std::string>& allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) {
    return std::nullopt;
  }
  return Err(path, Quote(value) + " is not one of " + JoinNames(allowed));
}

// Table and index names: 3-255 of [a-zA-Z0-9_.-] (DynamoDB's rule).
Check CheckName(const std::string& name, const std::string& path) {
  static const std::regex kPattern("[a-zA-Z0-9_.-]{3,255}");
  if (std::regex_match(name, kPattern)) return std::nullopt;
  return Err(path, Quote(name) +
                       " is not a valid name: 3 to 255 letters, digits, "
                       "'_', '-' or '.'");
}

// --------------------------------------------------------- the template

constexpr const char* kSections[] = {"AWSTemplateFormatVersion",
                                     "Description",
                                     "Metadata",
                                     "Parameters",
                                     "Rules",
                                     "Mappings",
                                     "Conditions",
                                     "Transform",
                                     "Resources",
                                     "Outputs",
                                     "Hooks"};
constexpr const char* kResourceAttributes[] = {
    "Type",      "Properties",     "DependsOn",
    "Condition", "DeletionPolicy", "UpdateReplacePolicy",
    "Metadata",  "CreationPolicy", "UpdatePolicy"};
constexpr const char* kTableType = "AWS::DynamoDB::Table";
constexpr const char* kGlobalTableType = "AWS::DynamoDB::GlobalTable";
constexpr const char* kPlaceholderSuffix = "000000000000";

// Intrinsic functions that CloudFormation has and dynarock deploy does not
// evaluate, each with why.
const std::map<std::string, std::string>& UnsupportedFunctions() {
  static const auto* kMap = new std::map<std::string, std::string>{
      {"Fn::ImportValue", "there are no other stacks to import from"},
      {"Fn::GetAZs", "there are no Availability Zones"},
      {"Fn::Base64", "no DynamoDB property takes it"},
      {"Fn::Cidr", "no DynamoDB property takes it"},
      {"Fn::Transform", "macros need CloudFormation"},
      {"Fn::Length", "it needs the AWS::LanguageExtensions transform"},
      {"Fn::ToJsonString", "it needs the AWS::LanguageExtensions transform"},
      {"Fn::ForEach", "it needs the AWS::LanguageExtensions transform"},
  };
  return *kMap;
}

constexpr const char* kSupportedFunctions =
    "Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, "
    "Fn::FindInMap, Fn::If (and Fn::Equals, Fn::Not, Fn::And, Fn::Or, "
    "Condition in Conditions)";

// Whether a value is an intrinsic function call: a mapping of one member,
// Ref or Fn::*.
bool IsIntrinsic(const json& v, std::string* name) {
  if (!v.is_object() || v.size() != 1) return false;
  const std::string& key = v.begin().key();
  if (key == "Ref" || key.rfind("Fn::", 0) == 0) {
    *name = key;
    return true;
  }
  return false;
}

struct Resource {
  std::string id;
  std::string type;
  const json* properties = nullptr;  // null: none given
  std::string condition;             // empty: none
  bool created = true;               // its Condition holds
  std::vector<std::string> depends_on;
  std::string deletion_policy = "Delete";
  std::string update_replace_policy = "Delete";
};

}  // namespace

struct Template::Impl {
  LoadOptions options;
  json root;
  std::map<std::string, json> parameters;      // name -> string or list
  std::map<std::string, int> condition_state;  // 1 evaluating, 2 false, 3 true
  std::vector<Resource> resources;             // template order
  std::vector<std::string> tables;             // deploy order
  std::map<std::string, TableSpec> specs;      // resolved so far
  std::set<std::string> resolving;             // resources being resolved
  std::set<std::string> notices_given;
  const Lookup* lookup = nullptr;
  std::vector<std::string>* notices = nullptr;

  std::string GeneratedNamePrefix(const std::string& logical_id) const {
    std::string prefix = options.stack_name + "-" + logical_id + "-";
    // A table name has at most 255 characters, 12 of them random.
    constexpr size_t kMaxPrefix = 255 - 12;
    if (prefix.size() > kMaxPrefix) prefix = prefix.substr(0, kMaxPrefix);
    return prefix;
  }

  const Resource* FindResource(const std::string& id) const {
    for (const auto& r : resources) {
      if (r.id == id) return &r;
    }
    return nullptr;
  }

  void Notice(const std::string& text) {
    if (notices_given.insert(text).second) notices->push_back(text);
  }

  std::string Partition() const {
    const std::string& r = options.region;
    if (r.rfind("cn-", 0) == 0) return "aws-cn";
    if (r.rfind("us-gov-", 0) == 0) return "aws-us-gov";
    return "aws";
  }

  Check LoadParameters();
  Check LoadResources();
  Check OrderTables();
  Expected<bool> Condition(const std::string& name, const std::string& path);
  Expected<bool> ConditionExpr(const json& e, const std::string& path);
  Expected<std::optional<json>> Eval(const json& v, const std::string& path);
  Expected<std::optional<json>> EvalFunction(const std::string& name,
                                             const json& arg,
                                             const std::string& path);
  Expected<std::optional<json>> Ref(const std::string& name,
                                    const std::string& path);
  Expected<json> GetAtt(const std::string& id, const std::string& attribute,
                        const std::string& path);
  Expected<json> Sub(const json& arg, const std::string& path);
  Expected<std::string> EvalString(const json& v, const std::string& path);
  Expected<const TableSpec*> SpecOf(const std::string& id,
                                    const std::string& path);
  Expected<TableSpec> BuildSpec(const Resource& r);
  void CollectReferences(const json& v, std::set<std::string>* out) const;
};

// ---------------------------------------------------------- parameters

namespace {

bool ParseNumber(const std::string& s, double* out) {
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && errno == 0 && std::isfinite(*out);
}

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t comma = s.find(',', start);
    std::string part = s.substr(start, comma - start);
    // CloudFormation trims the spaces around list elements.
    size_t b = part.find_first_not_of(' ');
    size_t e = part.find_last_not_of(' ');
    out.push_back(b == std::string::npos ? "" : part.substr(b, e - b + 1));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// A parameter's value against its constraints.
Check CheckParameterValue(const std::string& name, const json& def,
                          const std::string& value, bool number,
                          const std::string& path) {
  auto fail = [&](const std::string& what) -> Check {
    if (def.contains("ConstraintDescription") &&
        def["ConstraintDescription"].is_string()) {
      return Error{"Parameter '" + name + "' failed to satisfy constraint: " +
                   def["ConstraintDescription"].get<std::string>()};
    }
    return Error{"Parameter '" + name + "' " + what};
  };
  double n = 0;
  if (number && !ParseNumber(value, &n)) return fail("must be a number");
  if (def.contains("AllowedValues")) {
    DEPLOY_ASSIGN(allowed,
                  AsList(def["AllowedValues"], Child(path, "AllowedValues")));
    bool found = false;
    for (const auto& a : *allowed) found |= a.is_string() && a == value;
    if (!found) return fail("must be one of AllowedValues");
  }
  if (def.contains("AllowedPattern")) {
    DEPLOY_ASSIGN(pattern, AsString(def["AllowedPattern"],
                                    Child(path, "AllowedPattern")));
    std::regex re;
    try {
      re = std::regex(pattern);
    } catch (const std::regex_error&) {
      return Err(Child(path, "AllowedPattern"),
                 Quote(pattern) + " is not a valid regular expression");
    }
    if (!std::regex_match(value, re)) {
      return fail("must match pattern " + pattern);
    }
  }
  for (const char* key : {"MinLength", "MaxLength"}) {
    if (!def.contains(key)) continue;
    DEPLOY_ASSIGN(limit, AsInt(def[key], Child(path, key)));
    const auto size = static_cast<int64_t>(value.size());
    bool min = std::string(key) == "MinLength";
    if (min ? size < limit : size > limit) {
      return fail(std::string("must contain at ") + (min ? "least " : "most ") +
                  std::to_string(limit) + " characters");
    }
  }
  for (const char* key : {"MinValue", "MaxValue"}) {
    if (!def.contains(key)) continue;
    double limit = 0;
    if (!def[key].is_string() ||
        !ParseNumber(def[key].get<std::string>(), &limit)) {
      return Err(Child(path, key),
                 "expected a number, got " + Describe(def[key]));
    }
    if (!number) continue;  // CloudFormation applies them to numbers only
    bool min = std::string(key) == "MinValue";
    if (min ? n < limit : n > limit) {
      return fail(std::string("must be a number not ") +
                  (min ? "less than " : "greater than ") +
                  def[key].get<std::string>());
    }
  }
  return std::nullopt;
}

}  // namespace

Check Template::Impl::LoadParameters() {
  std::map<std::string, std::string> given;
  std::vector<std::string> unknown;
  const json* defs =
      root.contains("Parameters") ? &root["Parameters"] : nullptr;
  if (defs && defs->is_null()) defs = nullptr;
  if (defs && !defs->is_object()) {
    return Err("Parameters", "expected a mapping, got " + Describe(*defs));
  }
  for (const auto& [k, v] : options.parameters) {
    if (!defs || !defs->contains(k)) {
      if (std::find(unknown.begin(), unknown.end(), k) == unknown.end())
        unknown.push_back(k);
    }
    given[k] = v;  // the last one counts
  }
  if (!unknown.empty()) {
    return Error{"Parameters: [" + JoinNames(unknown) +
                 "] do not exist in the template"};
  }
  if (!defs) return std::nullopt;
  // The definitions first: their errors are the template's.
  std::vector<std::string> missing;
  for (const auto& [name, def] : defs->items()) {
    const std::string path = Child("Parameters", name);
    if (!def.is_object()) {
      return Err(path, "expected a mapping, got " + Describe(def));
    }
    if (!def.contains("Type")) {
      return Err(path,
                 "Template format error: Every Parameters object must "
                 "contain a Type member.");
    }
    DEPLOY_ASSIGN(type, AsString(def["Type"], Child(path, "Type")));
    if (type.rfind("AWS::SSM::Parameter::", 0) == 0) {
      return Err(Child(path, "Type"),
                 type +
                     " is not supported by dynarock deploy (there is no "
                     "Systems Manager parameter store)");
    }
    const bool known = type == "String" || type == "Number" ||
                       type == "List<Number>" || type == "CommaDelimitedList" ||
                       type.rfind("AWS::", 0) == 0 ||
                       type.rfind("List<AWS::", 0) == 0;
    if (!known) {
      return Err(Child(path, "Type"),
                 "Template format error: Unrecognized parameter type: " + type);
    }
    if (def.contains("Default") && !def["Default"].is_string()) {
      return Err(Child(path, "Default"),
                 "expected a string, got " + Describe(def["Default"]));
    }
    if (!given.count(name) && !def.contains("Default")) missing.push_back(name);
  }
  if (!missing.empty()) {
    return Error{"Parameters: [" + JoinNames(missing) + "] must have values"};
  }
  for (const auto& [name, def] : defs->items()) {
    const std::string path = Child("Parameters", name);
    const std::string type = def["Type"].get<std::string>();
    const std::string value =
        given.count(name) ? given[name] : def["Default"].get<std::string>();
    const bool list =
        type == "CommaDelimitedList" || type.rfind("List<", 0) == 0;
    const bool number = type == "Number" || type == "List<Number>";
    if (list) {
      json elements = json::array();
      for (const auto& e : SplitCommas(value)) {
        DEPLOY_CHECK(CheckParameterValue(name, def, e, number, path));
        elements.push_back(e);
      }
      parameters[name] = std::move(elements);
    } else {
      DEPLOY_CHECK(CheckParameterValue(name, def, value, number, path));
      parameters[name] = value;
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------- conditions

Expected<bool> Template::Impl::Condition(const std::string& name,
                                         const std::string& path) {
  const json* conditions =
      root.contains("Conditions") ? &root["Conditions"] : nullptr;
  if (!conditions || !conditions->is_object() || !conditions->contains(name)) {
    return Err(path, "Template format error: Unresolved condition dependency " +
                         name + " (not defined in Conditions)");
  }
  int& state = condition_state[name];
  if (state == 1) {
    return Err(path,
               "Template format error: Circular dependency between "
               "conditions: " +
                   name);
  }
  if (state >= 2) return state == 3;
  state = 1;
  auto result = ConditionExpr((*conditions)[name], Child("Conditions", name));
  if (!result.ok()) {
    condition_state[name] = 0;
    return result.error();
  }
  condition_state[name] = result.value() ? 3 : 2;
  return result.value();
}

Expected<bool> Template::Impl::ConditionExpr(const json& e,
                                             const std::string& path) {
  if (e.is_object() && e.size() == 1) {
    const std::string& fn = e.begin().key();
    const json& arg = e.begin().value();
    const std::string at = Child(path, fn);
    if (fn == "Condition") {
      DEPLOY_ASSIGN(name, AsString(arg, at));
      return Condition(name, at);
    }
    if (fn == "Fn::Equals") {
      if (!arg.is_array() || arg.size() != 2) {
        return Err(at, "Fn::Equals takes a list of two values");
      }
      DEPLOY_ASSIGN(a, Eval(arg[0], Element(at, 0)));
      DEPLOY_ASSIGN(b, Eval(arg[1], Element(at, 1)));
      return a == b;
    }
    if (fn == "Fn::Not") {
      if (!arg.is_array() || arg.size() != 1) {
        return Err(at, "Fn::Not takes a list of one condition");
      }
      DEPLOY_ASSIGN(v, ConditionExpr(arg[0], Element(at, 0)));
      return !v;
    }
    if (fn == "Fn::And" || fn == "Fn::Or") {
      // CloudFormation: 2 to 10 conditions.
      if (!arg.is_array() || arg.size() < 2 || arg.size() > 10) {
        return Err(at, fn + " takes a list of 2 to 10 conditions");
      }
      const bool is_and = fn == "Fn::And";
      bool result = is_and;
      for (size_t i = 0; i < arg.size(); ++i) {
        DEPLOY_ASSIGN(v, ConditionExpr(arg[i], Element(at, i)));
        result = is_and ? result && v : result || v;
      }
      return result;
    }
  }
  // A literal true or false is accepted where a condition is expected.
  if (e.is_string()) {
    auto b = AsBool(e, path);
    if (b.ok()) return b.value();
  }
  return Err(path,
             "expected a condition: Fn::Equals, Fn::Not, Fn::And, Fn::Or or "
             "Condition");
}

// ------------------------------------------------------------ resources

Check Template::Impl::LoadResources() {
  if (!root.contains("Resources") || !root["Resources"].is_object() ||
      root["Resources"].empty()) {
    return Error{
        "Template format error: At least one Resources member must be "
        "defined."};
  }
  const json& all = root["Resources"];
  static const std::regex kLogicalId("[A-Za-z0-9]+");
  for (const auto& [id, res] : all.items()) {
    const std::string path = Child("Resources", id);
    if (!std::regex_match(id, kLogicalId)) {
      return Err(path, "Template format error: Resource name " + id +
                           " is non alphanumeric.");
    }
    if (!res.is_object()) {
      return Err(path, "expected a mapping, got " + Describe(res));
    }
    for (const auto& [key, value] : res.items()) {
      auto is = [&key = key](const char* a) { return key == a; };
      if (!std::any_of(std::begin(kResourceAttributes),
                       std::end(kResourceAttributes), is)) {
        return Err(path,
                   "Template format error: Invalid template resource "
                   "property '" +
                       key + "'");
      }
    }
    if (!res.contains("Type")) {
      return Err(path,
                 "Template format error: Every Resources object must contain "
                 "a Type member.");
    }
    Resource r;
    r.id = id;
    DEPLOY_ASSIGN(type, AsString(res["Type"], Child(path, "Type")));
    r.type = type;
    if (res.contains("Properties") && !res["Properties"].is_null()) {
      DEPLOY_ASSIGN(props,
                    AsObject(res["Properties"], Child(path, "Properties")));
      r.properties = props;
    }
    if (res.contains("DependsOn")) {
      const json& d = res["DependsOn"];
      const std::string at = Child(path, "DependsOn");
      std::vector<json> names;
      if (d.is_array()) {
        for (const auto& n : d) names.push_back(n);
      } else {
        names.push_back(d);
      }
      for (size_t i = 0; i < names.size(); ++i) {
        DEPLOY_ASSIGN(name,
                      AsString(names[i], d.is_array() ? Element(at, i) : at));
        if (!all.contains(name)) {
          return Err(at,
                     "Template format error: Unresolved resource dependencies "
                     "[" +
                         name + "] in the Resources block of the template");
        }
        r.depends_on.push_back(name);
      }
    }
    for (const char* policy : {"DeletionPolicy", "UpdateReplacePolicy"}) {
      if (!res.contains(policy)) continue;
      const std::string at = Child(path, policy);
      DEPLOY_ASSIGN(value, EvalString(res[policy], at));
      DEPLOY_CHECK(OneOf(
          value, at, {"Delete", "Retain", "RetainExceptOnCreate", "Snapshot"}));
      (std::string(policy) == "DeletionPolicy" ? r.deletion_policy
                                               : r.update_replace_policy) =
          value;
    }
    resources.push_back(std::move(r));
  }
  // Conditions after every resource is known.
  bool any_dynamodb = false;
  for (auto& r : resources) {
    const std::string path = Child("Resources", r.id);
    const json& res = all[r.id];
    if (res.contains("Condition")) {
      DEPLOY_ASSIGN(name, AsString(res["Condition"], Child(path, "Condition")));
      r.condition = name;
      DEPLOY_ASSIGN(holds, Condition(name, Child(path, "Condition")));
      r.created = holds;
    }
    if (r.type == kTableType || r.type == kGlobalTableType) {
      any_dynamodb = true;
    } else {
      Notice("notice: " + path + ": " + r.type +
             " is not a DynamoDB resource; skipped");
    }
  }
  if (!any_dynamodb) {
    return Error{
        "the template has no AWS::DynamoDB::Table or "
        "AWS::DynamoDB::GlobalTable resource: nothing to deploy"};
  }
  return std::nullopt;
}

// The resource names a value refers to (Ref, Fn::GetAtt, Fn::Sub).
void Template::Impl::CollectReferences(const json& v,
                                       std::set<std::string>* out) const {
  if (v.is_array()) {
    for (const auto& e : v) CollectReferences(e, out);
    return;
  }
  if (!v.is_object()) return;
  std::string fn;
  if (IsIntrinsic(v, &fn)) {
    const json& arg = v.begin().value();
    if (fn == "Ref" && arg.is_string()) {
      out->insert(arg.get<std::string>());
      return;
    }
    if (fn == "Fn::GetAtt") {
      if (arg.is_array() && !arg.empty() && arg[0].is_string()) {
        out->insert(arg[0].get<std::string>());
      } else if (arg.is_string()) {
        const std::string s = arg.get<std::string>();
        out->insert(s.substr(0, s.find('.')));
      }
      return;
    }
    if (fn == "Fn::Sub") {
      const json* text = &arg;
      std::set<std::string> locals;
      if (arg.is_array() && !arg.empty()) {
        text = &arg[0];
        if (arg.size() > 1) {
          if (arg[1].is_object()) {
            for (const auto& [k, m] : arg[1].items()) locals.insert(k);
          }
          CollectReferences(arg[1], out);
        }
      }
      if (!text->is_string()) return;
      const std::string s = text->get<std::string>();
      for (size_t p = s.find("${"); p != std::string::npos;
           p = s.find("${", p + 2)) {
        size_t end = s.find('}', p);
        if (end == std::string::npos) break;
        std::string name = s.substr(p + 2, end - p - 2);
        if (name.empty() || name[0] == '!' || locals.count(name)) continue;
        out->insert(name.substr(0, name.find('.')));
      }
      return;
    }
  }
  for (const auto& [k, m] : v.items()) CollectReferences(m, out);
}

Check Template::Impl::OrderTables() {
  std::vector<std::string> pending;
  std::map<std::string, std::set<std::string>> deps;
  for (const auto& r : resources) {
    if (!r.created || (r.type != kTableType && r.type != kGlobalTableType)) {
      continue;
    }
    pending.push_back(r.id);
    std::set<std::string> refs(r.depends_on.begin(), r.depends_on.end());
    if (r.properties) CollectReferences(*r.properties, &refs);
    for (const auto& name : refs) {
      const Resource* other = FindResource(name);
      if (other && other->id != r.id && other->created &&
          (other->type == kTableType || other->type == kGlobalTableType)) {
        deps[r.id].insert(name);
      }
    }
  }
  while (!pending.empty()) {
    auto ready = std::find_if(
        pending.begin(), pending.end(), [&](const std::string& id) {
          for (const auto& d : deps[id]) {
            if (std::find(pending.begin(), pending.end(), d) != pending.end())
              return false;
          }
          return true;
        });
    if (ready == pending.end()) {
      return Error{
          "Template format error: Circular dependency between resources: [" +
          JoinNames(pending) + "]"};
    }
    tables.push_back(*ready);
    pending.erase(ready);
  }
  return std::nullopt;
}

// ------------------------------------------------------------ intrinsics

Expected<std::string> Template::Impl::EvalString(const json& v,
                                                 const std::string& path) {
  DEPLOY_ASSIGN(value, Eval(v, path));
  if (!value) return Err(path, "AWS::NoValue cannot stand here");
  return AsString(*value, path);
}

Expected<std::optional<json>> Template::Impl::Eval(const json& v,
                                                   const std::string& path) {
  std::string fn;
  if (IsIntrinsic(v, &fn)) {
    return EvalFunction(fn, v.begin().value(), Child(path, fn));
  }
  if (v.is_object()) {
    if (v.size() == 1 && v.begin().key() == "Condition") {
      return Err(path, "Condition can be used only in Conditions");
    }
    json out = json::object();
    for (const auto& [k, m] : v.items()) {
      DEPLOY_ASSIGN(value, Eval(m, Child(path, k)));
      if (value) out[k] = std::move(*value);
    }
    return std::optional<json>(std::move(out));
  }
  if (v.is_array()) {
    json out = json::array();
    for (size_t i = 0; i < v.size(); ++i) {
      DEPLOY_ASSIGN(value, Eval(v[i], Element(path, i)));
      if (value) out.push_back(std::move(*value));
    }
    return std::optional<json>(std::move(out));
  }
  return std::optional<json>(v);
}

Expected<std::optional<json>> Template::Impl::Ref(const std::string& name,
                                                  const std::string& path) {
  using R = std::optional<json>;
  if (name == "AWS::Region") return R(options.region);
  if (name == "AWS::AccountId") return R(kAccountId);
  if (name == "AWS::StackName") return R(options.stack_name);
  if (name == "AWS::Partition") return R(Partition());
  if (name == "AWS::URLSuffix") {
    return R(Partition() == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com");
  }
  if (name == "AWS::NoValue") return R();
  if (name.rfind("AWS::", 0) == 0) {
    return Err(path, name +
                         " is not supported by dynarock deploy (supported: "
                         "AWS::Region, AWS::AccountId, AWS::StackName, "
                         "AWS::Partition, AWS::URLSuffix, AWS::NoValue)");
  }
  if (auto p = parameters.find(name); p != parameters.end()) {
    return R(p->second);
  }
  DEPLOY_ASSIGN(spec, SpecOf(name, path));
  if (lookup && *lookup) {
    if (auto deployed = (*lookup)(name)) return R(deployed->table_name);
  }
  if (!spec->table_name.empty()) return R(spec->table_name);
  return R(GeneratedNamePrefix(name) + kPlaceholderSuffix);
}

Expected<json> Template::Impl::GetAtt(const std::string& id,
                                      const std::string& attribute,
                                      const std::string& path) {
  DEPLOY_ASSIGN(spec, SpecOf(id, path));
  std::optional<DeployedTable> deployed;
  if (lookup && *lookup) deployed = (*lookup)(id);
  DEPLOY_ASSIGN(ref, Ref(id, path));
  const std::string name = ref->get<std::string>();
  if (attribute == "Arn") return json(TableArn(options.region, name));
  if (attribute == "StreamArn") {
    if (!spec->stream_view_type) {
      return Err(path, "Fn::GetAtt " + id + ".StreamArn: " + id +
                           " has no StreamSpecification, so no stream");
    }
    if (deployed && !deployed->stream_arn.empty()) {
      return json(deployed->stream_arn);
    }
    return json(TableArn(options.region, name) + "/stream/pending");
  }
  if (attribute == "TableId" && spec->resource_type == kGlobalTableType) {
    if (deployed && !deployed->table_id.empty()) {
      return json(deployed->table_id);
    }
    return json("00000000-0000-0000-0000-000000000000");
  }
  return Err(path, "Template error: resource " + id +
                       " does not support attribute type " + attribute +
                       " in Fn::GetAtt");
}

Expected<json> Template::Impl::Sub(const json& arg, const std::string& path) {
  const json* text = &arg;
  std::map<std::string, std::string> vars;
  if (arg.is_array()) {
    if (arg.size() != 2 || !arg[1].is_object()) {
      return Err(path,
                 "Fn::Sub takes a string, or a list of a string and a "
                 "mapping of variables");
    }
    text = &arg[0];
    for (const auto& [k, m] : arg[1].items()) {
      DEPLOY_ASSIGN(value, EvalString(m, Element(path, 1) + "." + k));
      vars[k] = value;
    }
  }
  if (!text->is_string()) {
    return Err(path, "Fn::Sub takes a string, got " + Describe(*text));
  }
  const std::string s = text->get<std::string>();
  std::string out;
  size_t pos = 0;
  for (;;) {
    size_t start = s.find("${", pos);
    if (start == std::string::npos) {
      out += s.substr(pos);
      break;
    }
    out += s.substr(pos, start - pos);
    size_t end = s.find('}', start);
    if (end == std::string::npos) {
      return Err(path, "Fn::Sub: ${ without a closing } in " + Quote(s));
    }
    std::string name = s.substr(start + 2, end - start - 2);
    pos = end + 1;
    if (!name.empty() && name[0] == '!') {  // ${!Literal} is "${Literal}"
      out += "${" + name.substr(1) + "}";
      continue;
    }
    if (auto v = vars.find(name); v != vars.end()) {
      out += v->second;
      continue;
    }
    if (name.empty()) return Err(path, "Fn::Sub: empty ${} in " + Quote(s));
    json value;
    size_t dot = name.find('.');
    if (dot != std::string::npos && name.rfind("AWS::", 0) != 0) {
      DEPLOY_ASSIGN(att,
                    GetAtt(name.substr(0, dot), name.substr(dot + 1), path));
      value = std::move(att);
    } else {
      DEPLOY_ASSIGN(ref, Ref(name, path));
      if (!ref) return Err(path, "Fn::Sub: ${AWS::NoValue} is not a string");
      value = std::move(*ref);
    }
    if (!value.is_string()) {
      return Err(path, "Fn::Sub: ${" + name + "} is a list, not a string");
    }
    out += value.get<std::string>();
  }
  return json(out);
}

Expected<std::optional<json>> Template::Impl::EvalFunction(
    const std::string& fn, const json& arg, const std::string& path) {
  using R = std::optional<json>;
  if (fn == "Ref") {
    if (!arg.is_string()) {
      return Err(path, "Ref takes the name of a parameter or resource, got " +
                           Describe(arg));
    }
    return Ref(arg.get<std::string>(), path);
  }
  if (fn == "Fn::GetAtt") {
    json parts = arg;
    if (arg.is_string()) {
      DEPLOY_ASSIGN(split, SplitGetAtt(arg.get<std::string>(), path));
      parts = std::move(split);
    }
    if (!parts.is_array() || parts.size() != 2 || !parts[0].is_string()) {
      return Err(path,
                 "Fn::GetAtt takes RESOURCE.ATTRIBUTE or [RESOURCE, "
                 "ATTRIBUTE]");
    }
    DEPLOY_ASSIGN(attribute, EvalString(parts[1], Element(path, 1)));
    DEPLOY_ASSIGN(value, GetAtt(parts[0].get<std::string>(), attribute, path));
    return R(std::move(value));
  }
  if (fn == "Fn::Sub") {
    DEPLOY_ASSIGN(value, Sub(arg, path));
    return R(std::move(value));
  }
  if (fn == "Fn::Join") {
    if (!arg.is_array() || arg.size() != 2) {
      return Err(path, "Fn::Join takes a list of a delimiter and a list");
    }
    DEPLOY_ASSIGN(delimiter, EvalString(arg[0], Element(path, 0)));
    DEPLOY_ASSIGN(list, Eval(arg[1], Element(path, 1)));
    if (!list || !list->is_array()) {
      return Err(Element(path, 1), "Fn::Join needs a list to join");
    }
    std::string out;
    for (size_t i = 0; i < list->size(); ++i) {
      DEPLOY_ASSIGN(s, AsString((*list)[i], Element(Element(path, 1), i)));
      if (i > 0) out += delimiter;
      out += s;
    }
    return R(out);
  }
  if (fn == "Fn::Select") {
    if (!arg.is_array() || arg.size() != 2) {
      return Err(path, "Fn::Select takes a list of an index and a list");
    }
    DEPLOY_ASSIGN(index_text, EvalString(arg[0], Element(path, 0)));
    DEPLOY_ASSIGN(index, AsInt(json(index_text), Element(path, 0)));
    DEPLOY_ASSIGN(list, Eval(arg[1], Element(path, 1)));
    if (!list || !list->is_array()) {
      return Err(Element(path, 1), "Fn::Select needs a list to select from");
    }
    if (index < 0 || index >= static_cast<int64_t>(list->size())) {
      return Err(path, "Fn::Select: index " + std::to_string(index) +
                           " is out of range (the list has " +
                           std::to_string(list->size()) + " elements)");
    }
    return R((*list)[index]);
  }
  if (fn == "Fn::Split") {
    if (!arg.is_array() || arg.size() != 2) {
      return Err(path, "Fn::Split takes a list of a delimiter and a string");
    }
    DEPLOY_ASSIGN(delimiter, EvalString(arg[0], Element(path, 0)));
    DEPLOY_ASSIGN(s, EvalString(arg[1], Element(path, 1)));
    if (delimiter.empty()) return Err(path, "Fn::Split: empty delimiter");
    json out = json::array();
    size_t start = 0;
    for (;;) {
      size_t p = s.find(delimiter, start);
      out.push_back(s.substr(start, p - start));
      if (p == std::string::npos) break;
      start = p + delimiter.size();
    }
    return R(std::move(out));
  }
  if (fn == "Fn::FindInMap") {
    if (!arg.is_array() || arg.size() != 3) {
      return Err(path, "Fn::FindInMap takes a list of a map name and two keys");
    }
    std::vector<std::string> keys;
    for (size_t i = 0; i < 3; ++i) {
      DEPLOY_ASSIGN(k, EvalString(arg[i], Element(path, i)));
      keys.push_back(k);
    }
    const json* node = root.contains("Mappings") ? &root["Mappings"] : nullptr;
    std::string where = "Mappings";
    for (const auto& k : keys) {
      if (!node || !node->is_object() || !node->contains(k)) {
        return Err(path, "Fn::FindInMap: " + where + " has no key " + Quote(k));
      }
      node = &(*node)[k];
      where += "." + k;
    }
    return Eval(*node, where);
  }
  if (fn == "Fn::If") {
    if (!arg.is_array() || arg.size() != 3 || !arg[0].is_string()) {
      return Err(path,
                 "Fn::If takes a list of a condition name and two values");
    }
    DEPLOY_ASSIGN(holds, Condition(arg[0].get<std::string>(), path));
    return Eval(arg[holds ? 1 : 2], Element(path, holds ? 1 : 2));
  }
  if (fn == "Fn::Equals" || fn == "Fn::Not" || fn == "Fn::And" ||
      fn == "Fn::Or") {
    return Err(path, fn + " can be used only in Conditions");
  }
  if (auto u = UnsupportedFunctions().find(fn);
      u != UnsupportedFunctions().end()) {
    return Err(path, fn + " is not supported by dynarock deploy: " + u->second);
  }
  return Err(path,
             "Template format error: Encountered unsupported function: " + fn +
                 " (dynarock deploy supports " + kSupportedFunctions + ")");
}

Expected<const TableSpec*> Template::Impl::SpecOf(const std::string& id,
                                                  const std::string& path) {
  const Resource* r = FindResource(id);
  if (!r) {
    return Err(
        path, "Template format error: Unresolved resource dependencies [" + id +
                  "] in the Resources block of the template");
  }
  if (r->type != kTableType && r->type != kGlobalTableType) {
    return Err(path, "refers to " + id + ", a " + r->type +
                         " resource, which dynarock deploy skips");
  }
  if (!r->created) {
    return Err(path, "refers to " + id +
                         ", which is not created (its "
                         "Condition " +
                         r->condition + " is false)");
  }
  if (auto s = specs.find(id); s != specs.end()) return &s->second;
  if (resolving.count(id)) {
    return Err(path,
               "Template format error: Circular dependency between "
               "resources: [" +
                   id + "]");
  }
  resolving.insert(id);
  auto built = BuildSpec(*r);
  resolving.erase(id);
  if (!built.ok()) return built.error();
  return &(specs[id] = std::move(built.value()));
}

// ------------------------------------------------------ table properties

namespace {

Expected<std::vector<AttributeDefinition>> ReadAttributeDefinitions(
    const json& v, const std::string& path, std::vector<std::string>* notices) {
  DEPLOY_ASSIGN(list, AsList(v, path));
  std::vector<AttributeDefinition> out;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = Element(path, i);
    DEPLOY_ASSIGN(obj, AsObject((*list)[i], at));
    DEPLOY_CHECK(
        CheckMembers(*obj, at, {{"AttributeName", "AttributeType"}}, notices));
    DEPLOY_CHECK(Required(*obj, at, "AttributeName"));
    DEPLOY_CHECK(Required(*obj, at, "AttributeType"));
    AttributeDefinition d;
    DEPLOY_ASSIGN(
        name, AsString((*obj)["AttributeName"], Child(at, "AttributeName")));
    DEPLOY_ASSIGN(
        type, AsString((*obj)["AttributeType"], Child(at, "AttributeType")));
    if (name.empty() || name.size() > 255) {
      return Err(Child(at, "AttributeName"),
                 "must be 1 to 255 characters long");
    }
    DEPLOY_CHECK(OneOf(type, Child(at, "AttributeType"), {"S", "N", "B"}));
    for (const auto& other : out) {
      if (other.attribute_name == name) {
        return Err(Child(at, "AttributeName"),
                   Quote(name) + " is defined twice");
      }
    }
    out.push_back({name, type});
  }
  if (out.empty()) return Err(path, "the list is empty");
  return out;
}

// A key schema: HASH elements, then RANGE elements. A table or local index
// has one of each at most (the local index both); a global index up to four
// of each (DynamoDB's multi-attribute keys).
Expected<std::vector<KeyElement>> ReadKeySchema(
    const json& v, const std::string& path,
    const std::vector<AttributeDefinition>& defs, size_t max_per_type,
    std::vector<std::string>* notices) {
  DEPLOY_ASSIGN(list, AsList(v, path));
  std::vector<KeyElement> out;
  size_t hashes = 0, ranges = 0;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = Element(path, i);
    DEPLOY_ASSIGN(obj, AsObject((*list)[i], at));
    DEPLOY_CHECK(
        CheckMembers(*obj, at, {{"AttributeName", "KeyType"}}, notices));
    DEPLOY_CHECK(Required(*obj, at, "AttributeName"));
    DEPLOY_CHECK(Required(*obj, at, "KeyType"));
    DEPLOY_ASSIGN(
        name, AsString((*obj)["AttributeName"], Child(at, "AttributeName")));
    DEPLOY_ASSIGN(type, AsString((*obj)["KeyType"], Child(at, "KeyType")));
    DEPLOY_CHECK(OneOf(type, Child(at, "KeyType"), {"HASH", "RANGE"}));
    if (type == "HASH" && ranges > 0) {
      return Err(Child(at, "KeyType"),
                 "HASH must come before RANGE in a key schema");
    }
    if (type == "HASH" && i > 0 && max_per_type == 1) {
      return Err(Child(at, "KeyType"),
                 "a key schema has one HASH element, the first");
    }
    if (i == 0 && type != "HASH") {
      return Err(Child(at, "KeyType"), "the first element must be HASH");
    }
    (type == "HASH" ? hashes : ranges)++;
    if (hashes > max_per_type || ranges > max_per_type) {
      return Err(at, "too many " + type + " elements (at most " +
                         std::to_string(max_per_type) + ")");
    }
    const bool defined = std::any_of(
        defs.begin(), defs.end(),
        [&](const AttributeDefinition& d) { return d.attribute_name == name; });
    if (!defined) {
      return Err(Child(at, "AttributeName"),
                 Quote(name) + " is not defined in AttributeDefinitions");
    }
    for (const auto& other : out) {
      if (other.attribute_name == name) {
        return Err(Child(at, "AttributeName"),
                   Quote(name) + " is in the key schema twice");
      }
    }
    out.push_back({name, type});
  }
  if (out.empty()) return Err(path, "the list is empty");
  return out;
}

Expected<Throughput> ReadThroughput(const json& v, const std::string& path,
                                    std::vector<std::string>* notices) {
  DEPLOY_ASSIGN(obj, AsObject(v, path));
  DEPLOY_CHECK(CheckMembers(
      *obj, path, {{"ReadCapacityUnits", "WriteCapacityUnits"}}, notices));
  DEPLOY_CHECK(Required(*obj, path, "ReadCapacityUnits"));
  DEPLOY_CHECK(Required(*obj, path, "WriteCapacityUnits"));
  Throughput t;
  DEPLOY_ASSIGN(
      r, AsInt((*obj)["ReadCapacityUnits"], Child(path, "ReadCapacityUnits")));
  DEPLOY_ASSIGN(w, AsInt((*obj)["WriteCapacityUnits"],
                         Child(path, "WriteCapacityUnits")));
  if (r < 1) return Err(Child(path, "ReadCapacityUnits"), "must be at least 1");
  if (w < 1) {
    return Err(Child(path, "WriteCapacityUnits"), "must be at least 1");
  }
  t.read_capacity_units = r;
  t.write_capacity_units = w;
  return t;
}

Expected<OnDemandThroughput> ReadOnDemand(const json& v,
                                          const std::string& path,
                                          std::vector<std::string>* notices) {
  DEPLOY_ASSIGN(obj, AsObject(v, path));
  DEPLOY_CHECK(CheckMembers(
      *obj, path, {{"MaxReadRequestUnits", "MaxWriteRequestUnits"}}, notices));
  OnDemandThroughput t;
  for (const char* key : {"MaxReadRequestUnits", "MaxWriteRequestUnits"}) {
    if (!obj->contains(key)) continue;
    DEPLOY_ASSIGN(n, AsInt((*obj)[key], Child(path, key)));
    (std::string(key) == "MaxReadRequestUnits" ? t.max_read_request_units
                                               : t.max_write_request_units) = n;
  }
  return t;
}

Expected<Projection> ReadProjection(const json& v, const std::string& path,
                                    std::vector<std::string>* notices) {
  DEPLOY_ASSIGN(obj, AsObject(v, path));
  DEPLOY_CHECK(CheckMembers(*obj, path,
                            {{"ProjectionType", "NonKeyAttributes"}}, notices));
  Projection p;
  if (obj->contains("ProjectionType")) {
    DEPLOY_ASSIGN(type, AsString((*obj)["ProjectionType"],
                                 Child(path, "ProjectionType")));
    DEPLOY_CHECK(OneOf(type, Child(path, "ProjectionType"),
                       {"ALL", "KEYS_ONLY", "INCLUDE"}));
    p.projection_type = type;
  } else {
    // DynamoDB's default when ProjectionType is left out.
    p.projection_type = "INCLUDE";
  }
  if (obj->contains("NonKeyAttributes")) {
    const std::string at = Child(path, "NonKeyAttributes");
    if (p.projection_type != "INCLUDE") {
      return Err(at,
                 "only a projection of type INCLUDE takes NonKeyAttributes");
    }
    DEPLOY_ASSIGN(list, AsList((*obj)["NonKeyAttributes"], at));
    for (size_t i = 0; i < list->size(); ++i) {
      DEPLOY_ASSIGN(name, AsString((*list)[i], Element(at, i)));
      p.non_key_attributes.push_back(name);
    }
  }
  if (p.projection_type == "INCLUDE" && p.non_key_attributes.empty()) {
    return Err(path, "a projection of type INCLUDE needs NonKeyAttributes");
  }
  return p;
}

Expected<SseSpec> ReadSse(const json& v, const std::string& path,
                          bool global_table,
                          std::vector<std::string>* notices) {
  DEPLOY_ASSIGN(obj, AsObject(v, path));
  Shape shape{{"SSEEnabled", "SSEType"}};
  if (!global_table) shape.known.push_back("KMSMasterKeyId");
  DEPLOY_CHECK(CheckMembers(*obj, path, shape, notices));
  DEPLOY_CHECK(Required(*obj, path, "SSEEnabled"));
  SseSpec s;
  DEPLOY_ASSIGN(enabled,
                AsBool((*obj)["SSEEnabled"], Child(path, "SSEEnabled")));
  s.enabled = enabled;
  if (obj->contains("SSEType")) {
    DEPLOY_ASSIGN(type, AsString((*obj)["SSEType"], Child(path, "SSEType")));
    // DynamoDB takes KMS only (AES256 is the API's, and refused).
    DEPLOY_CHECK(OneOf(type, Child(path, "SSEType"), {"KMS"}));
    s.sse_type = type;
  }
  if (obj->contains("KMSMasterKeyId")) {
    DEPLOY_ASSIGN(
        key, AsString((*obj)["KMSMasterKeyId"], Child(path, "KMSMasterKeyId")));
    s.kms_master_key_id = key;
  }
  if (!s.enabled && (s.sse_type || s.kms_master_key_id)) {
    return Err(path, "SSEType and KMSMasterKeyId need SSEEnabled: true");
  }
  if (s.kms_master_key_id && !s.sse_type) {
    return Err(path, "KMSMasterKeyId needs SSEType: KMS");
  }
  return s;
}

Expected<std::string> ReadStreamViewType(const json& v, const std::string& path,
                                         std::vector<std::string>* notices) {
  DEPLOY_ASSIGN(obj, AsObject(v, path));
  DEPLOY_CHECK(CheckMembers(*obj, path,
                            {{"StreamViewType"}, {"ResourcePolicy"}}, notices));
  DEPLOY_CHECK(Required(*obj, path, "StreamViewType"));
  DEPLOY_ASSIGN(
      type, AsString((*obj)["StreamViewType"], Child(path, "StreamViewType")));
  DEPLOY_CHECK(
      OneOf(type, Child(path, "StreamViewType"),
            {"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"}));
  return type;
}

Expected<TtlSpec> ReadTtl(const json& v, const std::string& path,
                          std::vector<std::string>* notices) {
  DEPLOY_ASSIGN(obj, AsObject(v, path));
  DEPLOY_CHECK(
      CheckMembers(*obj, path, {{"AttributeName", "Enabled"}}, notices));
  DEPLOY_CHECK(Required(*obj, path, "Enabled"));
  TtlSpec t;
  DEPLOY_ASSIGN(enabled, AsBool((*obj)["Enabled"], Child(path, "Enabled")));
  t.enabled = enabled;
  if (obj->contains("AttributeName")) {
    DEPLOY_ASSIGN(
        name, AsString((*obj)["AttributeName"], Child(path, "AttributeName")));
    if (name.empty() || name.size() > 255) {
      return Err(Child(path, "AttributeName"),
                 "must be 1 to 255 characters long");
    }
    t.attribute_name = name;
  } else if (t.enabled) {
    return Err(path,
               "the property AttributeName is required when Enabled is "
               "true");
  }
  return t;
}

Expected<PitrSpec> ReadPitr(const json& v, const std::string& path,
                            std::vector<std::string>* notices) {
  DEPLOY_ASSIGN(obj, AsObject(v, path));
  DEPLOY_CHECK(CheckMembers(
      *obj, path, {{"PointInTimeRecoveryEnabled", "RecoveryPeriodInDays"}},
      notices));
  PitrSpec p;
  if (obj->contains("PointInTimeRecoveryEnabled")) {
    DEPLOY_ASSIGN(enabled, AsBool((*obj)["PointInTimeRecoveryEnabled"],
                                  Child(path, "PointInTimeRecoveryEnabled")));
    p.enabled = enabled;
  }
  if (obj->contains("RecoveryPeriodInDays")) {
    const std::string at = Child(path, "RecoveryPeriodInDays");
    DEPLOY_ASSIGN(days, AsInt((*obj)["RecoveryPeriodInDays"], at));
    if (days < 1 || days > 35) return Err(at, "must be from 1 to 35");
    if (!p.enabled) {
      return Err(at, "needs PointInTimeRecoveryEnabled: true");
    }
    p.recovery_period_in_days = days;
  }
  return p;
}

Expected<std::vector<Tag>> ReadTags(const json& v, const std::string& path,
                                    std::vector<std::string>* notices) {
  DEPLOY_ASSIGN(list, AsList(v, path));
  std::vector<Tag> out;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = Element(path, i);
    DEPLOY_ASSIGN(obj, AsObject((*list)[i], at));
    DEPLOY_CHECK(CheckMembers(*obj, at, {{"Key", "Value"}}, notices));
    DEPLOY_CHECK(Required(*obj, at, "Key"));
    DEPLOY_CHECK(Required(*obj, at, "Value"));
    DEPLOY_ASSIGN(key, AsString((*obj)["Key"], Child(at, "Key")));
    DEPLOY_ASSIGN(value, AsString((*obj)["Value"], Child(at, "Value")));
    // DynamoDB's tag limits: keys 1-128 characters, values up to 256; the
    // aws: prefix is reserved.
    if (key.empty() || key.size() > 128) {
      return Err(Child(at, "Key"), "must be 1 to 128 characters long");
    }
    if (key.rfind("aws:", 0) == 0) {
      return Err(Child(at, "Key"), "the prefix aws: is reserved for AWS");
    }
    if (value.size() > 256) {
      return Err(Child(at, "Value"), "must be at most 256 characters long");
    }
    for (const auto& t : out) {
      if (t.key == key) return Err(Child(at, "Key"), Quote(key) + " is twice");
    }
    out.push_back({key, value});
  }
  return out;
}

Check CheckTableClass(const std::string& c, const std::string& path) {
  return OneOf(c, path, {"STANDARD", "STANDARD_INFREQUENT_ACCESS"});
}

// A GlobalTable's capacity from auto scaling settings: dynarock has no auto
// scaling, so the table gets the minimum.
Expected<int64_t> AutoScalingMinimum(const json& v, const std::string& path,
                                     std::vector<std::string>* notices) {
  DEPLOY_ASSIGN(obj, AsObject(v, path));
  DEPLOY_CHECK(CheckMembers(*obj, path,
                            {{"MinCapacity", "MaxCapacity", "SeedCapacity",
                              "TargetTrackingScalingPolicyConfiguration"}},
                            notices));
  DEPLOY_CHECK(Required(*obj, path, "MinCapacity"));
  DEPLOY_ASSIGN(min, AsInt((*obj)["MinCapacity"], Child(path, "MinCapacity")));
  if (min < 1) return Err(Child(path, "MinCapacity"), "must be at least 1");
  notices->push_back("warning: " + path +
                     ": dynarock has no auto scaling; the capacity is "
                     "MinCapacity (" +
                     std::to_string(min) + ")");
  return min;
}

}  // namespace

// The indexes of a resource, with the checks common to both types.
namespace {

struct IndexRules {
  bool global = true;
  bool global_table = false;  // GlobalTable GSIs: Write*Settings
};

Expected<std::vector<IndexSpec>> ReadIndexes(
    const json& v, const std::string& path,
    const std::vector<AttributeDefinition>& defs,
    const std::vector<KeyElement>& table_key, const IndexRules& rules,
    std::vector<std::string>* notices) {
  DEPLOY_ASSIGN(list, AsList(v, path));
  std::vector<IndexSpec> out;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = Element(path, i);
    DEPLOY_ASSIGN(obj, AsObject((*list)[i], at));
    Shape shape{{"IndexName", "KeySchema", "Projection"}};
    if (rules.global && !rules.global_table) {
      shape.known.push_back("ProvisionedThroughput");
      shape.known.push_back("OnDemandThroughput");
      shape.ignored = {"ContributorInsightsSpecification", "WarmThroughput"};
    } else if (rules.global_table) {
      shape.known.push_back("WriteProvisionedThroughputSettings");
      shape.known.push_back("WriteOnDemandThroughputSettings");
      shape.ignored = {"WarmThroughput"};
    }
    DEPLOY_CHECK(CheckMembers(*obj, at, shape, notices));
    for (const char* key : {"IndexName", "KeySchema", "Projection"}) {
      DEPLOY_CHECK(Required(*obj, at, key));
    }
    IndexSpec ix;
    DEPLOY_ASSIGN(name, AsString((*obj)["IndexName"], Child(at, "IndexName")));
    DEPLOY_CHECK(CheckName(name, Child(at, "IndexName")));
    ix.index_name = name;
    DEPLOY_ASSIGN(
        keys, ReadKeySchema((*obj)["KeySchema"], Child(at, "KeySchema"), defs,
                            rules.global ? 4 : 1, notices));
    if (!rules.global) {
      if (keys.size() != 2) {
        return Err(Child(at, "KeySchema"),
                   "a local secondary index has a HASH and a RANGE key");
      }
      if (keys[0].attribute_name != table_key[0].attribute_name) {
        return Err(Child(at, "KeySchema") + "[0].AttributeName",
                   "a local secondary index has the table's partition key (" +
                       table_key[0].attribute_name + ")");
      }
    }
    ix.key_schema = std::move(keys);
    DEPLOY_ASSIGN(projection, ReadProjection((*obj)["Projection"],
                                             Child(at, "Projection"), notices));
    ix.projection = std::move(projection);
    if (obj->contains("ProvisionedThroughput")) {
      DEPLOY_ASSIGN(
          t, ReadThroughput((*obj)["ProvisionedThroughput"],
                            Child(at, "ProvisionedThroughput"), notices));
      ix.provisioned_throughput = t;
    }
    if (obj->contains("OnDemandThroughput")) {
      DEPLOY_ASSIGN(t, ReadOnDemand((*obj)["OnDemandThroughput"],
                                    Child(at, "OnDemandThroughput"), notices));
      ix.on_demand_throughput = t;
    }
    if (obj->contains("WriteProvisionedThroughputSettings")) {
      const std::string wat = Child(at, "WriteProvisionedThroughputSettings");
      DEPLOY_ASSIGN(
          w, AsObject((*obj)["WriteProvisionedThroughputSettings"], wat));
      DEPLOY_CHECK(CheckMembers(*w, wat, {{"WriteCapacityAutoScalingSettings"}},
                                notices));
      DEPLOY_CHECK(Required(*w, wat, "WriteCapacityAutoScalingSettings"));
      DEPLOY_ASSIGN(
          units, AutoScalingMinimum(
                     (*w)["WriteCapacityAutoScalingSettings"],
                     Child(wat, "WriteCapacityAutoScalingSettings"), notices));
      ix.provisioned_throughput = Throughput{0, units};
    }
    if (obj->contains("WriteOnDemandThroughputSettings")) {
      const std::string wat = Child(at, "WriteOnDemandThroughputSettings");
      DEPLOY_ASSIGN(w,
                    AsObject((*obj)["WriteOnDemandThroughputSettings"], wat));
      DEPLOY_CHECK(CheckMembers(*w, wat, {{"MaxWriteRequestUnits"}}, notices));
      if (w->contains("MaxWriteRequestUnits")) {
        DEPLOY_ASSIGN(n, AsInt((*w)["MaxWriteRequestUnits"],
                               Child(wat, "MaxWriteRequestUnits")));
        ix.on_demand_throughput = OnDemandThroughput{};
        ix.on_demand_throughput->max_write_request_units = n;
      }
    }
    out.push_back(std::move(ix));
  }
  return out;
}

// The checks that span properties: billing against capacity, names unique,
// every definition used.
Check CheckTable(const TableSpec& t, const std::string& props) {
  const bool provisioned = t.EffectiveBillingMode() == "PROVISIONED";
  if (provisioned && !t.provisioned_throughput) {
    return Err(props,
               "ProvisionedThroughput is required when BillingMode is "
               "PROVISIONED (CloudFormation's default)");
  }
  if (!provisioned && t.provisioned_throughput) {
    return Err(Child(props, "ProvisionedThroughput"),
               "cannot be given when BillingMode is PAY_PER_REQUEST");
  }
  if (provisioned && t.on_demand_throughput) {
    return Err(Child(props, "OnDemandThroughput"),
               "needs BillingMode PAY_PER_REQUEST");
  }
  std::set<std::string> names;
  std::set<std::string> used;
  for (const auto& k : t.key_schema) used.insert(k.attribute_name);
  for (size_t i = 0; i < t.global_indexes.size(); ++i) {
    const auto& ix = t.global_indexes[i];
    const std::string at = Element(Child(props, "GlobalSecondaryIndexes"), i);
    if (provisioned && (!ix.provisioned_throughput ||
                        ix.provisioned_throughput->read_capacity_units == 0)) {
      return Err(at,
                 "ProvisionedThroughput is required when BillingMode is "
                 "PROVISIONED");
    }
    if (!provisioned && ix.provisioned_throughput) {
      return Err(at,
                 "ProvisionedThroughput cannot be given when BillingMode "
                 "is PAY_PER_REQUEST");
    }
    if (!names.insert(ix.index_name).second) {
      return Err(Child(at, "IndexName"),
                 Quote(ix.index_name) + " names two indexes");
    }
    for (const auto& k : ix.key_schema) used.insert(k.attribute_name);
  }
  for (size_t i = 0; i < t.local_indexes.size(); ++i) {
    const auto& ix = t.local_indexes[i];
    const std::string at = Element(Child(props, "LocalSecondaryIndexes"), i);
    if (t.key_schema.size() != 2) {
      return Err(at,
                 "a table needs a sort key (RANGE) to have local "
                 "secondary indexes");
    }
    if (!names.insert(ix.index_name).second) {
      return Err(Child(at, "IndexName"),
                 Quote(ix.index_name) + " names two indexes");
    }
    for (const auto& k : ix.key_schema) used.insert(k.attribute_name);
  }
  for (size_t i = 0; i < t.attribute_definitions.size(); ++i) {
    const auto& d = t.attribute_definitions[i];
    if (!used.count(d.attribute_name)) {
      return Err(Element(Child(props, "AttributeDefinitions"), i),
                 Quote(d.attribute_name) +
                     " is in no key schema of the table or its indexes "
                     "(DynamoDB refuses unused AttributeDefinitions)");
    }
  }
  return std::nullopt;
}

}  // namespace

Expected<TableSpec> Template::Impl::BuildSpec(const Resource& r) {
  TableSpec t;
  t.logical_id = r.id;
  t.resource_type = r.type;
  t.path = Child("Resources", r.id);
  t.deletion_policy = r.deletion_policy;
  t.update_replace_policy = r.update_replace_policy;
  const std::string props = Child(t.path, "Properties");
  if (!r.properties) return Err(t.path, "the resource has no Properties");
  DEPLOY_ASSIGN(evaluated, Eval(*r.properties, props));
  const json p = evaluated ? std::move(*evaluated) : json::object();
  if (!p.is_object()) {
    return Err(props, "expected a mapping, got " + Describe(p));
  }
  std::vector<std::string> local;
  auto flush = [&] {
    for (const auto& n : local) Notice(n);
    local.clear();
  };
  const bool global = r.type == kGlobalTableType;
  Shape shape;
  if (!global) {
    shape.known = {"AttributeDefinitions",
                   "BillingMode",
                   "DeletionProtectionEnabled",
                   "GlobalSecondaryIndexes",
                   "KeySchema",
                   "LocalSecondaryIndexes",
                   "OnDemandThroughput",
                   "PointInTimeRecoverySpecification",
                   "ProvisionedThroughput",
                   "SSESpecification",
                   "StreamSpecification",
                   "TableClass",
                   "TableName",
                   "Tags",
                   "TimeToLiveSpecification"};
    shape.ignored = {"ContributorInsightsSpecification",
                     "ImportSourceSpecification", "KinesisStreamSpecification",
                     "ResourcePolicy", "WarmThroughput"};
  } else {
    shape.known = {"AttributeDefinitions",
                   "BillingMode",
                   "GlobalSecondaryIndexes",
                   "KeySchema",
                   "LocalSecondaryIndexes",
                   "Replicas",
                   "SSESpecification",
                   "StreamSpecification",
                   "TableName",
                   "TimeToLiveSpecification",
                   "WriteOnDemandThroughputSettings",
                   "WriteProvisionedThroughputSettings"};
    shape.ignored = {"GlobalTableWitnesses", "MultiRegionConsistency",
                     "WarmThroughput"};
  }
  DEPLOY_CHECK(CheckMembers(p, props, shape, &local));
  DEPLOY_CHECK(Required(p, props, "KeySchema"));
  DEPLOY_CHECK(Required(p, props, "AttributeDefinitions"));
  if (global) DEPLOY_CHECK(Required(p, props, "Replicas"));
  auto at = [&](const char* key) { return Child(props, key); };

  if (p.contains("TableName")) {
    DEPLOY_ASSIGN(name, AsString(p["TableName"], at("TableName")));
    DEPLOY_CHECK(CheckName(name, at("TableName")));
    t.table_name = name;
  }
  DEPLOY_ASSIGN(defs,
                ReadAttributeDefinitions(p["AttributeDefinitions"],
                                         at("AttributeDefinitions"), &local));
  t.attribute_definitions = std::move(defs);
  DEPLOY_ASSIGN(keys, ReadKeySchema(p["KeySchema"], at("KeySchema"),
                                    t.attribute_definitions, 1, &local));
  t.key_schema = std::move(keys);
  if (p.contains("BillingMode")) {
    DEPLOY_ASSIGN(mode, AsString(p["BillingMode"], at("BillingMode")));
    DEPLOY_CHECK(
        OneOf(mode, at("BillingMode"), {"PROVISIONED", "PAY_PER_REQUEST"}));
    t.billing_mode = mode;
  }
  if (p.contains("ProvisionedThroughput")) {
    DEPLOY_ASSIGN(pt, ReadThroughput(p["ProvisionedThroughput"],
                                     at("ProvisionedThroughput"), &local));
    t.provisioned_throughput = pt;
  }
  if (p.contains("OnDemandThroughput")) {
    DEPLOY_ASSIGN(odt, ReadOnDemand(p["OnDemandThroughput"],
                                    at("OnDemandThroughput"), &local));
    t.on_demand_throughput = odt;
  }
  if (p.contains("GlobalSecondaryIndexes")) {
    DEPLOY_ASSIGN(
        gsis, ReadIndexes(p["GlobalSecondaryIndexes"],
                          at("GlobalSecondaryIndexes"), t.attribute_definitions,
                          t.key_schema, {true, global}, &local));
    t.global_indexes = std::move(gsis);
  }
  if (p.contains("LocalSecondaryIndexes")) {
    DEPLOY_ASSIGN(
        lsis, ReadIndexes(p["LocalSecondaryIndexes"],
                          at("LocalSecondaryIndexes"), t.attribute_definitions,
                          t.key_schema, {false, false}, &local));
    t.local_indexes = std::move(lsis);
  }
  if (p.contains("SSESpecification")) {
    DEPLOY_ASSIGN(sse, ReadSse(p["SSESpecification"], at("SSESpecification"),
                               global, &local));
    t.sse = sse;
  }
  if (p.contains("StreamSpecification")) {
    DEPLOY_ASSIGN(view, ReadStreamViewType(p["StreamSpecification"],
                                           at("StreamSpecification"), &local));
    t.stream_view_type = view;
  }
  if (p.contains("TimeToLiveSpecification")) {
    DEPLOY_ASSIGN(ttl, ReadTtl(p["TimeToLiveSpecification"],
                               at("TimeToLiveSpecification"), &local));
    t.ttl = ttl;
  }
  if (!global) {
    if (p.contains("PointInTimeRecoverySpecification")) {
      DEPLOY_ASSIGN(pitr,
                    ReadPitr(p["PointInTimeRecoverySpecification"],
                             at("PointInTimeRecoverySpecification"), &local));
      t.pitr = pitr;
    }
    if (p.contains("Tags")) {
      DEPLOY_ASSIGN(tags, ReadTags(p["Tags"], at("Tags"), &local));
      t.tags = std::move(tags);
    }
    if (p.contains("TableClass")) {
      DEPLOY_ASSIGN(c, AsString(p["TableClass"], at("TableClass")));
      DEPLOY_CHECK(CheckTableClass(c, at("TableClass")));
      t.table_class = c;
    }
    if (p.contains("DeletionProtectionEnabled")) {
      DEPLOY_ASSIGN(dp, AsBool(p["DeletionProtectionEnabled"],
                               at("DeletionProtectionEnabled")));
      t.deletion_protection = dp;
    }
  } else {
    // The table-wide write capacity; the replica gives the read capacity.
    const bool provisioned = t.EffectiveBillingMode() == "PROVISIONED";
    if (p.contains("WriteProvisionedThroughputSettings")) {
      const std::string wat = at("WriteProvisionedThroughputSettings");
      DEPLOY_ASSIGN(w, AsObject(p["WriteProvisionedThroughputSettings"], wat));
      DEPLOY_CHECK(CheckMembers(*w, wat, {{"WriteCapacityAutoScalingSettings"}},
                                &local));
      DEPLOY_CHECK(Required(*w, wat, "WriteCapacityAutoScalingSettings"));
      DEPLOY_ASSIGN(
          units, AutoScalingMinimum(
                     (*w)["WriteCapacityAutoScalingSettings"],
                     Child(wat, "WriteCapacityAutoScalingSettings"), &local));
      t.provisioned_throughput = Throughput{0, units};
    } else if (provisioned) {
      return Err(props,
                 "WriteProvisionedThroughputSettings is required when "
                 "BillingMode is PROVISIONED (CloudFormation's default)");
    }
    if (p.contains("WriteOnDemandThroughputSettings")) {
      const std::string wat = at("WriteOnDemandThroughputSettings");
      DEPLOY_ASSIGN(w, AsObject(p["WriteOnDemandThroughputSettings"], wat));
      DEPLOY_CHECK(CheckMembers(*w, wat, {{"MaxWriteRequestUnits"}}, &local));
      if (w->contains("MaxWriteRequestUnits")) {
        DEPLOY_ASSIGN(n, AsInt((*w)["MaxWriteRequestUnits"],
                               Child(wat, "MaxWriteRequestUnits")));
        t.on_demand_throughput = OnDemandThroughput{};
        t.on_demand_throughput->max_write_request_units = n;
      }
    }
    // The replica in the deploy's region.
    const std::string rat = at("Replicas");
    DEPLOY_ASSIGN(replicas, AsList(p["Replicas"], rat));
    const json* replica = nullptr;
    std::string replica_path;
    std::vector<std::string> regions;
    for (size_t i = 0; i < replicas->size(); ++i) {
      const std::string at_i = Element(rat, i);
      DEPLOY_ASSIGN(obj, AsObject((*replicas)[i], at_i));
      DEPLOY_CHECK(Required(*obj, at_i, "Region"));
      DEPLOY_ASSIGN(region, AsString((*obj)["Region"], Child(at_i, "Region")));
      if (std::find(regions.begin(), regions.end(), region) != regions.end()) {
        return Err(Child(at_i, "Region"),
                   "the region " + region + " has two replicas");
      }
      regions.push_back(region);
      if (region == options.region) {
        replica = obj;
        replica_path = at_i;
      }
    }
    if (!replica) {
      return Err(rat, "no replica for the region " + options.region +
                          " (replicas: " + JoinNames(regions) +
                          "); choose one with --region");
    }
    if (regions.size() > 1) {
      local.push_back("notice: " + rat + ": only the replica in " +
                      options.region +
                      " is deployed (one server holds one copy)");
    }
    const json& rep = *replica;
    Shape rshape{
        {"Region", "DeletionProtectionEnabled", "GlobalSecondaryIndexes",
         "PointInTimeRecoverySpecification", "ReadOnDemandThroughputSettings",
         "ReadProvisionedThroughputSettings", "SSESpecification", "TableClass",
         "Tags"},
        {"ContributorInsightsSpecification", "KinesisStreamSpecification",
         "ReplicaStreamSpecification", "ResourcePolicy"}};
    DEPLOY_CHECK(CheckMembers(rep, replica_path, rshape, &local));
    auto rat_key = [&](const char* key) { return Child(replica_path, key); };
    if (rep.contains("DeletionProtectionEnabled")) {
      DEPLOY_ASSIGN(dp, AsBool(rep["DeletionProtectionEnabled"],
                               rat_key("DeletionProtectionEnabled")));
      t.deletion_protection = dp;
    }
    if (rep.contains("PointInTimeRecoverySpecification")) {
      DEPLOY_ASSIGN(
          pitr, ReadPitr(rep["PointInTimeRecoverySpecification"],
                         rat_key("PointInTimeRecoverySpecification"), &local));
      t.pitr = pitr;
    }
    if (rep.contains("Tags")) {
      DEPLOY_ASSIGN(tags, ReadTags(rep["Tags"], rat_key("Tags"), &local));
      t.tags = std::move(tags);
    }
    if (rep.contains("TableClass")) {
      DEPLOY_ASSIGN(c, AsString(rep["TableClass"], rat_key("TableClass")));
      DEPLOY_CHECK(CheckTableClass(c, rat_key("TableClass")));
      t.table_class = c;
    }
    if (rep.contains("SSESpecification")) {
      const std::string sat = rat_key("SSESpecification");
      DEPLOY_ASSIGN(s, AsObject(rep["SSESpecification"], sat));
      DEPLOY_CHECK(CheckMembers(*s, sat, {{"KMSMasterKeyId"}}, &local));
      DEPLOY_CHECK(Required(*s, sat, "KMSMasterKeyId"));
      DEPLOY_ASSIGN(
          key, AsString((*s)["KMSMasterKeyId"], Child(sat, "KMSMasterKeyId")));
      if (!t.sse || !t.sse->enabled) {
        return Err(sat,
                   "a replica's KMSMasterKeyId needs the table's "
                   "SSESpecification with SSEEnabled: true and "
                   "SSEType: KMS");
      }
      t.sse->kms_master_key_id = key;
      t.sse->sse_type = "KMS";
    }
    // Read capacity: a number, or auto scaling (its minimum).
    auto read_units = [&](const json& settings,
                          const std::string& sat) -> Expected<int64_t> {
      DEPLOY_ASSIGN(s, AsObject(settings, sat));
      DEPLOY_CHECK(CheckMembers(
          *s, sat, {{"ReadCapacityUnits", "ReadCapacityAutoScalingSettings"}},
          &local));
      if (s->contains("ReadCapacityUnits")) {
        return AsInt((*s)["ReadCapacityUnits"],
                     Child(sat, "ReadCapacityUnits"));
      }
      if (s->contains("ReadCapacityAutoScalingSettings")) {
        return AutoScalingMinimum((*s)["ReadCapacityAutoScalingSettings"],
                                  Child(sat, "ReadCapacityAutoScalingSettings"),
                                  &local);
      }
      return Err(sat,
                 "the property ReadCapacityUnits or "
                 "ReadCapacityAutoScalingSettings is required");
    };
    auto max_read = [&](const json& settings,
                        const std::string& sat) -> Expected<int64_t> {
      DEPLOY_ASSIGN(s, AsObject(settings, sat));
      DEPLOY_CHECK(CheckMembers(*s, sat, {{"MaxReadRequestUnits"}}, &local));
      DEPLOY_CHECK(Required(*s, sat, "MaxReadRequestUnits"));
      return AsInt((*s)["MaxReadRequestUnits"],
                   Child(sat, "MaxReadRequestUnits"));
    };
    if (rep.contains("ReadProvisionedThroughputSettings")) {
      DEPLOY_ASSIGN(units,
                    read_units(rep["ReadProvisionedThroughputSettings"],
                               rat_key("ReadProvisionedThroughputSettings")));
      if (!provisioned) {
        return Err(rat_key("ReadProvisionedThroughputSettings"),
                   "cannot be given when BillingMode is PAY_PER_REQUEST");
      }
      t.provisioned_throughput->read_capacity_units = units;
    }
    if (rep.contains("ReadOnDemandThroughputSettings")) {
      DEPLOY_ASSIGN(n, max_read(rep["ReadOnDemandThroughputSettings"],
                                rat_key("ReadOnDemandThroughputSettings")));
      if (!t.on_demand_throughput)
        t.on_demand_throughput = OnDemandThroughput{};
      t.on_demand_throughput->max_read_request_units = n;
    }
    if (provisioned && t.provisioned_throughput &&
        t.provisioned_throughput->read_capacity_units == 0) {
      return Err(replica_path,
                 "ReadProvisionedThroughputSettings is required when "
                 "BillingMode is PROVISIONED");
    }
    if (rep.contains("GlobalSecondaryIndexes")) {
      const std::string gat = rat_key("GlobalSecondaryIndexes");
      DEPLOY_ASSIGN(list, AsList(rep["GlobalSecondaryIndexes"], gat));
      for (size_t i = 0; i < list->size(); ++i) {
        const std::string at_i = Element(gat, i);
        DEPLOY_ASSIGN(g, AsObject((*list)[i], at_i));
        DEPLOY_CHECK(
            CheckMembers(*g, at_i,
                         {{"IndexName", "ReadProvisionedThroughputSettings",
                           "ReadOnDemandThroughputSettings"},
                          {"ContributorInsightsSpecification"}},
                         &local));
        DEPLOY_CHECK(Required(*g, at_i, "IndexName"));
        DEPLOY_ASSIGN(name,
                      AsString((*g)["IndexName"], Child(at_i, "IndexName")));
        auto ix = std::find_if(
            t.global_indexes.begin(), t.global_indexes.end(),
            [&](const IndexSpec& s) { return s.index_name == name; });
        if (ix == t.global_indexes.end()) {
          return Err(Child(at_i, "IndexName"), Quote(name) +
                                                   " is not in the table's "
                                                   "GlobalSecondaryIndexes");
        }
        if (g->contains("ReadProvisionedThroughputSettings")) {
          DEPLOY_ASSIGN(
              units,
              read_units((*g)["ReadProvisionedThroughputSettings"],
                         Child(at_i, "ReadProvisionedThroughputSettings")));
          if (!ix->provisioned_throughput) {
            return Err(Child(at_i, "ReadProvisionedThroughputSettings"),
                       "the index has no WriteProvisionedThroughputSettings");
          }
          ix->provisioned_throughput->read_capacity_units = units;
        }
        if (g->contains("ReadOnDemandThroughputSettings")) {
          DEPLOY_ASSIGN(
              n, max_read((*g)["ReadOnDemandThroughputSettings"],
                          Child(at_i, "ReadOnDemandThroughputSettings")));
          if (!ix->on_demand_throughput) {
            ix->on_demand_throughput = OnDemandThroughput{};
          }
          ix->on_demand_throughput->max_read_request_units = n;
        }
      }
    }
  }
  DEPLOY_CHECK(CheckTable(t, props));
  flush();
  return t;
}

// ------------------------------------------------------------ Template

Template::Template(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Template::~Template() = default;

Expected<std::unique_ptr<Template>> Template::Load(
    const std::string& text, const LoadOptions& options,
    std::vector<std::string>* notices) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->notices = notices;
  DEPLOY_ASSIGN(root, ParseText(text));
  if (!root.is_object()) {
    return Error{
        "Template format error: a template is a mapping of sections "
        "(Parameters, Resources, Outputs, ...)"};
  }
  impl->root = std::move(root);
  for (const auto& [key, value] : impl->root.items()) {
    auto is = [&key = key](const char* s) { return key == s; };
    if (!std::any_of(std::begin(kSections), std::end(kSections), is)) {
      return Error{
          "Template format error: Invalid template property or properties "
          "[" +
          key + "]"};
    }
  }
  if (impl->root.contains("Transform")) {
    return Err("Transform",
               "not supported by dynarock deploy (transforms and macros need "
               "CloudFormation)");
  }
  if (impl->root.contains("AWSTemplateFormatVersion")) {
    const json& v = impl->root["AWSTemplateFormatVersion"];
    if (!v.is_string() || v.get<std::string>() != "2010-09-09") {
      return Err("AWSTemplateFormatVersion",
                 "Template format error: Unsupported template format "
                 "version; the only one is 2010-09-09");
    }
  }
  if (impl->root.contains("Rules")) {
    impl->Notice("warning: Rules: not evaluated by dynarock deploy");
  }
  DEPLOY_CHECK(impl->LoadParameters());
  DEPLOY_CHECK(impl->LoadResources());
  DEPLOY_CHECK(impl->OrderTables());
  if (impl->root.contains("Outputs") && !impl->root["Outputs"].is_object()) {
    return Err("Outputs",
               "expected a mapping, got " + Describe(impl->root["Outputs"]));
  }
  return std::unique_ptr<Template>(new Template(std::move(impl)));
}

const std::vector<std::string>& Template::tables() const {
  return impl_->tables;
}

const std::string& Template::region() const { return impl_->options.region; }

Expected<TableSpec> Template::Resolve(const std::string& logical_id,
                                      const Lookup& lookup,
                                      std::vector<std::string>* notices) {
  impl_->lookup = &lookup;
  impl_->notices = notices;
  impl_->specs.clear();  // values of other tables may have changed
  auto spec = impl_->SpecOf(logical_id, Child("Resources", logical_id));
  impl_->lookup = nullptr;
  if (!spec.ok()) return spec.error();
  return *spec.value();
}

Expected<std::vector<std::pair<std::string, std::string>>> Template::Outputs(
    const Lookup& lookup, std::vector<std::string>* notices) {
  impl_->lookup = &lookup;
  impl_->notices = notices;
  impl_->specs.clear();
  std::vector<std::pair<std::string, std::string>> out;
  auto finish = [&](Expected<decltype(out)> r) {
    impl_->lookup = nullptr;
    return r;
  };
  if (!impl_->root.contains("Outputs")) return finish(out);
  for (const auto& [name, def] : impl_->root["Outputs"].items()) {
    const std::string path = Child("Outputs", name);
    if (!def.is_object()) {
      return finish(Err(path, "expected a mapping, got " + Describe(def)));
    }
    for (const auto& [key, v] : def.items()) {
      if (key != "Value" && key != "Description" && key != "Export" &&
          key != "Condition") {
        return finish(Err(Child(path, key),
                          "Template format error: Invalid "
                          "output property '" +
                              key + "'"));
      }
    }
    if (!def.contains("Value")) {
      return finish(Err(path,
                        "Template format error: Every Outputs member must "
                        "contain a Value object"));
    }
    if (def.contains("Condition")) {
      auto cond = AsString(def["Condition"], Child(path, "Condition"));
      if (!cond.ok()) return finish(cond.error());
      auto holds = impl_->Condition(cond.value(), Child(path, "Condition"));
      if (!holds.ok()) return finish(holds.error());
      if (!holds.value()) continue;
    }
    // An output that names a resource dynarock skips is left out.
    std::set<std::string> refs;
    impl_->CollectReferences(def["Value"], &refs);
    std::string skipped;
    for (const auto& ref : refs) {
      const Resource* r = impl_->FindResource(ref);
      if (r && r->type != kTableType && r->type != kGlobalTableType) {
        skipped = ref;
      }
    }
    if (!skipped.empty()) {
      impl_->Notice("notice: " + path + ": refers to " + skipped +
                    ", which is skipped; not shown");
      continue;
    }
    auto value = impl_->Eval(def["Value"], Child(path, "Value"));
    if (!value.ok()) return finish(value.error());
    if (!value.value() || !value.value()->is_string()) {
      return finish(Err(Child(path, "Value"),
                        "Template format error: Every Value member must be a "
                        "string"));
    }
    out.emplace_back(name, value.value()->get<std::string>());
  }
  return finish(out);
}

std::string Template::GeneratedNamePrefix(const std::string& logical_id) const {
  return impl_->GeneratedNamePrefix(logical_id);
}

std::string TableArn(const std::string& region, const std::string& table_name) {
  return "arn:aws:dynamodb:" + region + ":" + kAccountId + ":table/" +
         table_name;
}

bool IsValidStackName(const std::string& name) {
  static const std::regex kPattern("[A-Za-z][-A-Za-z0-9]{0,127}");
  return std::regex_match(name, kPattern);
}

}  // namespace dynarock::deploy
