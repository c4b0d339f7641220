// PartiQL, as DynamoDB accepts it: the statements and their syntax tree.
// Internal to engine/.
//
//   SELECT projection FROM table ["." index] [WHERE cond] [ORDER BY path
//   [ASC|DESC], ...]
//     projection := '*' | path {',' path}
//   INSERT INTO table VALUE map
//   UPDATE table (SET path '=' value {',' path '=' value} | REMOVE path {','
//   path})...
//          WHERE cond [RETURNING (ALL|MODIFIED) (OLD|NEW) '*']
//   DELETE FROM table WHERE cond [RETURNING ALL OLD '*']
//   EXISTS '(' SELECT ... ')'                      (ExecuteTransaction only)
//
//   path   := name {'.' name | '[' digits ']'}     name: identifier or "quoted"
//   cond   := or;  or := and {OR and};  and := not {AND not};  not := NOT not |
//   pred pred   := sum [op sum | BETWEEN sum AND sum | IN '[' sum,... ']' | IN
//   '(' ... ')'
//             | IS [NOT] (MISSING|NULL|type)]
//   sum    := primary {('+'|'-') primary}
//   primary:= '(' cond ')' | literal | '?' | function '(' args ')' | path
//   literal:= 'string' | number | TRUE | FALSE | NULL | '<<' ... '>>' | '{'
//   'k': v, ... '}'
//             | '[' v, ... ']'
//
// Keywords are matched in any case; identifiers keep theirs. Strings take ''
// for a quote, quoted identifiers "" for a double quote. Comments: -- to the
// end of the line, /* ... */. Parse errors carry the service's texts
// ("Statement wasn't well formed, can't be processed: ...").
#ifndef DYNAROCK_ENGINE_PARTIQL_PARTIQL_H_
#define DYNAROCK_ENGINE_PARTIQL_PARTIQL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/attribute_value.h"
#include "engine/status.h"

namespace dynarock {
namespace partiql {

struct PathStep {
  bool is_index = false;
  std::string name;   // !is_index
  int64_t index = 0;  // is_index
};
struct Path {
  std::vector<PathStep> steps;  // the first is a name
  std::string Text() const;     // a.b[1]
};

struct Expr;
struct Select;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  enum Kind {
    kLiteral,  // literal
    kParam,    // param: the '?' number, from 0
    kPath,     // path
    kMap,      // keys[i]: args[i]
    kList,     // args
    kSet,      // args (<< ... >>)
    kCompare,  // args[0] op args[1]; op: = <> < <= > >=
    kArith,    // args[0] op args[1]; op: + -
    kAnd,
    kOr,
    kNot,      // args[0]
    kBetween,  // args[0] BETWEEN args[1] AND args[2]
    kIn,       // args[0] IN (args[1...])
    kIs,       // args[0] IS [NOT] type; type: MISSING, NULL, STRING, ...
    kCall,     // name(args): lower-case name
    kExists,   // EXISTS(select): select
  } kind;
  AttributeValue literal;
  int param = 0;
  Path path;
  std::string op;        // kCompare, kArith; the name of kCall; the type of kIs
  bool negated = false;  // IS NOT
  std::vector<std::string> keys;
  std::vector<ExprPtr> args;
  std::shared_ptr<Select> select;  // kExists
  size_t position = 0;             // offset in the statement
};

struct OrderBy {
  Path path;
  bool descending = false;
};

struct Select {
  bool star = false;
  std::vector<Path> projection;
  std::string table;
  std::optional<std::string> index;
  ExprPtr where;
  std::vector<OrderBy> order_by;
};

struct Insert {
  std::string table;
  ExprPtr value;
};

struct UpdateAction {
  bool remove = false;
  Path path;
  ExprPtr value;  // SET
};

enum class Returning { kAllOld, kAllNew, kModifiedOld, kModifiedNew };

struct Update {
  std::string table;
  std::vector<UpdateAction> actions;
  ExprPtr where;
  std::optional<Returning> returning;
};

struct Delete {
  std::string table;
  ExprPtr where;
  std::optional<Returning> returning;
  std::string returning_text;  // as written, for the error
};

struct Statement {
  enum Kind { kSelect, kInsert, kUpdate, kDelete, kExists } kind = kSelect;
  std::shared_ptr<Select> select;  // kSelect, kExists
  std::unique_ptr<Insert> insert;
  std::unique_ptr<Update> update;
  std::unique_ptr<Delete> del;
  int parameters = 0;  // the number of '?'
};

// ValidationException with the service's message when the text is not a
// statement DynamoDB accepts.
Result<Statement> Parse(std::string_view text);

// " at LINE:COLUMN:LENGTH" of `text` at byte `position` (from 1), as the
// service ends the errors it can place in a statement.
std::string At(std::string_view text, size_t position, size_t length);

}  // namespace partiql
}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_PARTIQL_PARTIQL_H_
