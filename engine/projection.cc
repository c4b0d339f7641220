#include "engine/projection.h"

#include <cctype>

namespace dynarock {
namespace {

bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

Status SyntaxError(std::string_view token, std::string_view near) {
  return Status::Validation("Invalid ProjectionExpression: Syntax error; token: \"" + std::string(token) +
                            "\", near: \"" + std::string(near) + "\"");
}

// Merges the part of `v` under path[i..] into *out.
void ProjectInto(const AttributeValue& v, const DocumentPath& path, size_t i, AttributeValue* out, bool fresh) {
  if (i == path.size()) {
    *out = v;
    return;
  }
  if (const auto* name = std::get_if<std::string>(&path[i])) {
    if (v.type() != ValueType::kM) return;
    auto it = v.map().find(*name);
    if (it == v.map().end()) return;
    if (fresh || out->type() != ValueType::kM) *out = AttributeValue::M({});
    auto [slot, inserted] = out->mutable_map().try_emplace(*name);
    ProjectInto(it->second, path, i + 1, &slot->second, inserted);
    return;
  }
  size_t index = std::get<size_t>(path[i]);
  if (v.type() != ValueType::kL || index >= v.list().size()) return;
  // Projected list elements keep their relative order; track the source
  // index of each projected element in a parallel map member-free way by
  // rebuilding: simple approach, projected lists hold elements in path order.
  if (fresh || out->type() != ValueType::kL) *out = AttributeValue::L({});
  AttributeValue element;
  ProjectInto(v.list()[index], path, i + 1, &element, true);
  out->mutable_list().push_back(std::move(element));
}

}  // namespace

Status ParseProjection(std::string_view expr, const AttributeNames* names, std::vector<DocumentPath>* paths,
                       std::set<std::string>* used) {
  size_t i = 0;
  auto skip_space = [&] {
    while (i < expr.size() && std::isspace(static_cast<unsigned char>(expr[i]))) ++i;
  };
  if (expr.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Status::Validation("Invalid ProjectionExpression: The expression can not be empty;");
  }
  while (true) {
    skip_space();
    DocumentPath path;
    bool expect_name = true;
    while (true) {
      if (expect_name) {
        size_t start = i;
        if (i < expr.size() && expr[i] == '#') {
          ++i;
          while (i < expr.size() && IsNameChar(expr[i])) ++i;
          std::string placeholder(expr.substr(start, i - start));
          if (placeholder.size() == 1) return SyntaxError("#", expr.substr(start));
          if (!names || !names->count(placeholder)) {
            return Status::Validation(
                "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: " +
                placeholder);
          }
          used->insert(placeholder);
          path.emplace_back(names->at(placeholder));
        } else {
          while (i < expr.size() && IsNameChar(expr[i])) ++i;
          if (i == start) {
            std::string_view tok = i < expr.size() ? expr.substr(i, 1) : std::string_view("<EOF>");
            return SyntaxError(tok, expr.substr(start > 0 ? start - 1 : 0));
          }
          path.emplace_back(std::string(expr.substr(start, i - start)));
        }
        expect_name = false;
        continue;
      }
      if (i < expr.size() && expr[i] == '.') {
        ++i;
        expect_name = true;
        continue;
      }
      if (i < expr.size() && expr[i] == '[') {
        size_t start = ++i;
        while (i < expr.size() && std::isdigit(static_cast<unsigned char>(expr[i]))) ++i;
        if (i == start || i >= expr.size() || expr[i] != ']') {
          return SyntaxError(i < expr.size() ? expr.substr(i, 1) : "<EOF>", expr.substr(start - 1));
        }
        path.emplace_back(static_cast<size_t>(std::stoull(std::string(expr.substr(start, i - start)))));
        ++i;
        continue;
      }
      break;
    }
    paths->push_back(std::move(path));
    skip_space();
    if (i == expr.size()) break;
    if (expr[i] != ',') return SyntaxError(expr.substr(i, 1), expr.substr(i));
    ++i;
  }
  return Status::OK();
}

Item Project(const Item& item, const std::vector<DocumentPath>& paths) {
  Item out;
  for (const auto& path : paths) {
    const auto& top = std::get<std::string>(path[0]);
    auto it = item.find(top);
    if (it == item.end()) continue;
    auto [slot, inserted] = out.try_emplace(top);
    ProjectInto(it->second, path, 1, &slot->second, inserted);
    if (path.size() > 1 && inserted && slot->second.type() == ValueType::kNull &&
        it->second.type() != ValueType::kNull) {
      out.erase(slot);  // nothing under the path
    }
  }
  return out;
}

Status CheckUnusedNames(const AttributeNames* names, const std::set<std::string>& used) {
  if (!names) return Status::OK();
  std::string unused;
  for (const auto& [k, v] : *names) {
    if (used.count(k)) continue;
    if (!unused.empty()) unused += ", ";
    unused += k;
  }
  if (unused.empty()) return Status::OK();
  return Status::Validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {" + unused + "}");
}

}  // namespace dynarock
