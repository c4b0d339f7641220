#include "engine/projection.h"

namespace dynarock {

Status ParseProjection(std::string_view expression, const AttributeNames* names,
                       std::vector<DocumentPath>* paths,
                       std::set<std::string>* used_names) {
  ExpressionBinder binder(Bindings{names, nullptr});
  Result<BoundProjection> bound = binder.BindProjection(expression);
  if (!bound.ok()) return bound.status();
  *paths = bound->paths();
  used_names->insert(binder.used_names().begin(), binder.used_names().end());
  return Status::OK();
}

Item Project(const Item& item, const std::vector<DocumentPath>& paths) {
  expr::PathTree tree;
  for (size_t i = 0; i < paths.size(); ++i) {
    expr::ResolvedPath p;
    p.elements = paths[i];
    tree.Insert(p, static_cast<int32_t>(i)).IgnoreError();
  }
  return expr::ProjectItem(tree, item);
}

Status CheckUnusedNames(const AttributeNames* names,
                        const std::set<std::string>& used) {
  return CheckUnusedPlaceholders(Bindings{names, nullptr}, used, {});
}

}  // namespace dynarock
