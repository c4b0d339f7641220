// The PartiQL lexer and recursive-descent parser (engine/partiql/partiql.h).
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "engine/partiql/partiql.h"

namespace dynarock {
namespace partiql {
namespace {

constexpr char kMalformed[] =
    "Statement wasn't well formed, can't be processed: ";

Status Malformed(std::string_view detail) {
  return Status::Validation(kMalformed + std::string(detail));
}

enum class Tok {
  kEnd,
  kIdent,   // text: as written
  kQuoted,  // "identifier": text unescaped
  kString,  // 'string': text unescaped
  kNumber,  // text
  kPunct,   // text: ( ) [ ] { } , . : ; * ? = <> != < <= > >= + - << >>
};

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;
  size_t position = 0;
};

bool IsIdStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool IsIdChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

// Splits the text into tokens; false (a lexer failure) on an unterminated
// string, identifier or comment, or a character PartiQL does not have.
bool Lex(std::string_view s, std::vector<Token>* out) {
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t end = s.find("*/", i + 2);
      if (end == std::string_view::npos) return false;
      i = end + 2;
      continue;
    }
    Token t;
    t.position = i;
    if (c == '\'' || c == '"') {
      t.kind = c == '\'' ? Tok::kString : Tok::kQuoted;
      size_t j = i + 1;
      for (;;) {
        if (j >= s.size()) return false;
        if (s[j] == c) {
          if (j + 1 < s.size() && s[j + 1] == c) {
            t.text.push_back(c);
            j += 2;
            continue;
          }
          break;
        }
        t.text.push_back(s[j++]);
      }
      i = j + 1;
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < s.size() &&
                std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      t.kind = Tok::kNumber;
      size_t j = i;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j])))
        ++j;
      if (j < s.size() && s[j] == '.') {
        ++j;
        while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j])))
          ++j;
      }
      if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
        size_t k = j + 1;
        if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
        if (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) {
          const size_t digits = k;
          while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k])))
            ++k;
          // An exponent beyond a 32-bit integer is a lexer failure.
          const std::string_view exp = s.substr(digits, k - digits);
          const size_t nonzero = exp.find_first_not_of('0');
          if (nonzero != std::string_view::npos &&
              (exp.size() - nonzero > 10 ||
               std::stoll(std::string(exp.substr(nonzero))) > INT32_MAX))
            return false;
          j = k;
        }
      }
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else if (IsIdStart(c)) {
      t.kind = Tok::kIdent;
      size_t j = i;
      while (j < s.size() && IsIdChar(s[j])) ++j;
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else {
      t.kind = Tok::kPunct;
      static const char* const kTwo[] = {"<>", "!=", "<=", ">=", "<<", ">>"};
      std::string two(s.substr(i, 2));
      bool matched = false;
      for (const char* p : kTwo) {
        if (two == p) {
          t.text = two;
          i += 2;
          matched = true;
          break;
        }
      }
      if (!matched) {
        if (!std::strchr("()[]{},.:;*?=<>+-", c)) return false;
        t.text = std::string(1, c);
        ++i;
      }
    }
    out->push_back(std::move(t));
  }
  Token end;
  end.position = s.size();
  out->push_back(end);
  return true;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Words that cannot name an attribute, table or index unquoted: PartiQL's
// keywords, which are SQL-92's and its own (type names among them). A path
// through one is refused too: "m.inner" must be written m."inner".
bool IsReserved(std::string_view w) {
  static const char* const kWords[] = {
      "ABSOLUTE",
      "ACTION",
      "ADD",
      "ALL",
      "ALLOCATE",
      "ALTER",
      "AND",
      "ANY",
      "ARE",
      "AS",
      "ASC",
      "ASSERTION",
      "AT",
      "AUTHORIZATION",
      "AVG",
      "BAG",
      "BEGIN",
      "BETWEEN",
      "BIGINT",
      "BIT",
      "BIT_LENGTH",
      "BLOB",
      "BOOL",
      "BOOLEAN",
      "BY",
      "CAN_CAST",
      "CAN_LOSSLESS_CAST",
      "CASCADE",
      "CASCADED",
      "CASE",
      "CAST",
      "CATALOG",
      "CHAR",
      "CHARACTER",
      "CHARACTER_LENGTH",
      "CHAR_LENGTH",
      "CHECK",
      "CLOB",
      "CLOSE",
      "COALESCE",
      "COLLATE",
      "COLLATION",
      "COLUMN",
      "COMMIT",
      "CONFLICT",
      "CONNECT",
      "CONNECTION",
      "CONSTRAINT",
      "CONSTRAINTS",
      "CONTINUE",
      "CONVERT",
      "CORRESPONDING",
      "COUNT",
      "CREATE",
      "CROSS",
      "CURRENT",
      "CURRENT_DATE",
      "CURRENT_TIME",
      "CURRENT_TIMESTAMP",
      "CURRENT_USER",
      "CURSOR",
      "DATE",
      "DATE_ADD",
      "DATE_DIFF",
      "DEALLOCATE",
      "DEC",
      "DECIMAL",
      "DECLARE",
      "DEFAULT",
      "DEFERRABLE",
      "DEFERRED",
      "DELETE",
      "DESC",
      "DESCRIBE",
      "DESCRIPTOR",
      "DIAGNOSTICS",
      "DISCONNECT",
      "DISTINCT",
      "DO",
      "DOMAIN",
      "DOUBLE",
      "DROP",
      "ELSE",
      "END",
      "ESCAPE",
      "EXCEPT",
      "EXCEPTION",
      "EXEC",
      "EXECUTE",
      "EXISTS",
      "EXTERNAL",
      "EXTRACT",
      "FALSE",
      "FETCH",
      "FIRST",
      "FLOAT",
      "FOR",
      "FOREIGN",
      "FOUND",
      "FROM",
      "FULL",
      "GET",
      "GLOBAL",
      "GO",
      "GOTO",
      "GRANT",
      "GROUP",
      "HAVING",
      "IDENTITY",
      "IMMEDIATE",
      "IN",
      "INDEX",
      "INDICATOR",
      "INITIALLY",
      "INNER",
      "INPUT",
      "INSENSITIVE",
      "INSERT",
      "INT",
      "INT2",
      "INT4",
      "INT8",
      "INTEGER",
      "INTEGER2",
      "INTEGER4",
      "INTEGER8",
      "INTERSECT",
      "INTERVAL",
      "INTO",
      "IS",
      "ISOLATION",
      "JOIN",
      "KEY",
      "LANGUAGE",
      "LAST",
      "LEFT",
      "LET",
      "LEVEL",
      "LIKE",
      "LIMIT",
      "LIST",
      "LOCAL",
      "LOWER",
      "MATCH",
      "MAX",
      "MIN",
      "MISSING",
      "MODIFIED",
      "MODULE",
      "NAMES",
      "NATIONAL",
      "NATURAL",
      "NCHAR",
      "NEW",
      "NEXT",
      "NO",
      "NOT",
      "NOTHING",
      "NULL",
      "NULLIF",
      "NUMERIC",
      "OCTET_LENGTH",
      "OF",
      "OFFSET",
      "OLD",
      "ON",
      "ONLY",
      "OPEN",
      "OPTION",
      "OR",
      "ORDER",
      "OUTER",
      "OUTPUT",
      "OVERLAPS",
      "PAD",
      "PARTIAL",
      "PIVOT",
      "POSITION",
      "PRECISION",
      "PREPARE",
      "PRESERVE",
      "PRIMARY",
      "PRIOR",
      "PRIVILEGES",
      "PROCEDURE",
      "PUBLIC",
      "READ",
      "REAL",
      "REFERENCES",
      "RELATIVE",
      "REMOVE",
      "RESTRICT",
      "RETURNING",
      "REVOKE",
      "RIGHT",
      "ROLLBACK",
      "ROWS",
      "SCHEMA",
      "SCROLL",
      "SECTION",
      "SELECT",
      "SESSION",
      "SESSION_USER",
      "SET",
      "SEXP",
      "SIZE",
      "SMALLINT",
      "SOME",
      "SPACE",
      "SQL",
      "SQLCODE",
      "SQLERROR",
      "SQLSTATE",
      "STRING",
      "STRUCT",
      "SUBSTRING",
      "SUM",
      "SYMBOL",
      "SYSTEM_USER",
      "TABLE",
      "TEMPORARY",
      "THEN",
      "TIME",
      "TIMESTAMP",
      "TO",
      "TRANSACTION",
      "TRANSLATE",
      "TRANSLATION",
      "TRIM",
      "TRUE",
      "TUPLE",
      "UNION",
      "UNIQUE",
      "UNKNOWN",
      "UNPIVOT",
      "UPDATE",
      "UPPER",
      "USAGE",
      "USER",
      "USING",
      "VALUE",
      "VALUES",
      "VARCHAR",
      "VARYING",
      "VIEW",
      "WHEN",
      "WHENEVER",
      "WHERE",
      "WITH",
      "WORK",
      "WRITE",
      "ZONE",
  };
  if (w.empty() || w.size() > 20) return false;
  char upper[21];
  for (size_t i = 0; i < w.size(); ++i)
    upper[i] =
        static_cast<char>(std::toupper(static_cast<unsigned char>(w[i])));
  upper[w.size()] = '\0';
  return std::binary_search(
      std::begin(kWords), std::end(kWords), upper,
      [](const char* a, const char* b) { return std::strcmp(a, b) < 0; });
}

// Keywords that are also function names: "size(x)" calls a function where
// "size" alone is refused.
bool IsFunctionKeyword(std::string_view w) {
  static const char* const kWords[] = {
      "AVG",          "BAG",  "BIT_LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH",
      "COUNT",        "LIST", "LOWER",      "MAX",         "MIN",
      "OCTET_LENGTH", "SEXP", "SIZE",       "SUBSTRING",   "SUM",
      "UPPER"};
  for (const char* k : kWords) {
    if (IEquals(w, k)) return true;
  }
  return false;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::string_view text)
      : t_(std::move(tokens)), text_(text) {}

  Result<Statement> ParseStatement() {
    Statement st;
    if (Keyword("SELECT")) {
      st.kind = Statement::kSelect;
      DYNAROCK_ASSIGN_OR_RETURN(st.select, ParseSelect());
    } else if (Keyword("INSERT")) {
      st.kind = Statement::kInsert;
      DYNAROCK_ASSIGN_OR_RETURN(st.insert, ParseInsert());
    } else if (Keyword("UPDATE")) {
      st.kind = Statement::kUpdate;
      DYNAROCK_ASSIGN_OR_RETURN(st.update, ParseUpdate());
    } else if (Keyword("DELETE")) {
      st.kind = Statement::kDelete;
      DYNAROCK_ASSIGN_OR_RETURN(st.del, ParseDelete());
    } else if (Keyword("FROM")) {
      // The update's other form: FROM table WHERE cond SET ... REMOVE ...
      st.kind = Statement::kUpdate;
      DYNAROCK_ASSIGN_OR_RETURN(st.update, ParseFromFirstUpdate());
    } else if (Keyword("EXISTS")) {
      st.kind = Statement::kExists;
      DYNAROCK_RETURN_IF_ERROR(Expect("("));
      if (!Keyword("SELECT")) return Malformed("Expected data manipulation");
      DYNAROCK_ASSIGN_OR_RETURN(st.select, ParseSelect());
      DYNAROCK_RETURN_IF_ERROR(Expect(")"));
    } else {
      return Malformed("Expected data manipulation");
    }
    Punct(";");
    if (Peek().kind != Tok::kEnd) return Unexpected();
    st.parameters = params_;
    return st;
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    return t_[std::min(pos_ + ahead, t_.size() - 1)];
  }
  const Token& Next() {
    const Token& t = Peek();
    if (pos_ < t_.size() - 1) ++pos_;
    return t;
  }
  bool IsKeyword(std::string_view word, size_t ahead = 0) const {
    return Peek(ahead).kind == Tok::kIdent && IEquals(Peek(ahead).text, word);
  }
  bool Keyword(std::string_view word) {
    if (!IsKeyword(word)) return false;
    Next();
    return true;
  }
  bool IsPunct(std::string_view p) const {
    return Peek().kind == Tok::kPunct && Peek().text == p;
  }
  bool Punct(std::string_view p) {
    if (!IsPunct(p)) return false;
    Next();
    return true;
  }
  Status Unexpected() const {
    return Malformed("Unexpected token after expression");
  }
  Status Expect(std::string_view p) {
    if (!Punct(p)) return Unexpected();
    return Status::OK();
  }
  Status ExpectKeyword(std::string_view w) {
    if (!Keyword(w)) return Unexpected();
    return Status::OK();
  }

  // A name: an identifier that is not reserved, or a quoted one.
  Result<std::string> Name() {
    const Token& t = Peek();
    if (t.kind == Tok::kQuoted) return Next().text;
    if (t.kind == Tok::kIdent && !IsReserved(t.text)) return Next().text;
    return Unexpected();
  }

  Result<Path> ParsePath() {
    Path p;
    DYNAROCK_ASSIGN_OR_RETURN(std::string first, Name());
    p.steps.push_back({false, std::move(first), 0});
    for (;;) {
      if (IsPunct(".") &&
          (Peek(1).kind == Tok::kIdent || Peek(1).kind == Tok::kQuoted)) {
        Next();
        if (Peek().kind == Tok::kIdent && IsReserved(Peek().text))
          return Malformed("Invalid path dot component");
        DYNAROCK_ASSIGN_OR_RETURN(std::string n, Name());
        p.steps.push_back({false, std::move(n), 0});
      } else if (IsPunct("[")) {
        Next();
        const Token& n = Next();
        if (n.kind != Tok::kNumber ||
            n.text.find_first_not_of("0123456789") != std::string::npos ||
            n.text.size() > 9)
          return Unexpected();
        p.steps.push_back({true, "", std::stoll(n.text)});
        DYNAROCK_RETURN_IF_ERROR(Expect("]"));
      } else {
        return p;
      }
    }
  }

  // A write's table: "t"."index" names an index, which takes no writes.
  Result<std::string> WriteTable() {
    DYNAROCK_ASSIGN_OR_RETURN(std::string table, Name());
    if (IsPunct(".") &&
        (Peek(1).kind == Tok::kIdent || Peek(1).kind == Tok::kQuoted)) {
      return Status::Validation("This operation is not supported on an index");
    }
    return table;
  }

  // FROM table ["." index]
  Status ParseFrom(std::string* table, std::optional<std::string>* index) {
    if (!index) {
      DYNAROCK_ASSIGN_OR_RETURN(*table, WriteTable());
    } else {
      DYNAROCK_ASSIGN_OR_RETURN(*table, Name());
    }
    if (index && IsPunct(".")) {
      Next();
      DYNAROCK_ASSIGN_OR_RETURN(std::string ix, Name());
      *index = std::move(ix);
    }
    // An alias, "t AS x" or "t x".
    if (IsKeyword("AS") ||
        (Peek().kind == Tok::kIdent && !IsReserved(Peek().text)) ||
        Peek().kind == Tok::kQuoted)
      return Status::Validation("Aliasing is not supported");
    return Status::OK();
  }

  Result<std::shared_ptr<Select>> ParseSelect() {
    auto s = std::make_shared<Select>();
    if (Punct("*")) {
      s->star = true;
    } else {
      do {
        if (Peek().kind == Tok::kIdent && Peek(1).kind == Tok::kPunct &&
            Peek(1).text == "(") {
          return Status::Validation("Unexpected path component" +
                                    At(Peek().position, Peek().text.size()));
        }
        DYNAROCK_ASSIGN_OR_RETURN(Path p, ParsePath());
        s->projection.push_back(std::move(p));
      } while (Punct(","));
    }
    DYNAROCK_RETURN_IF_ERROR(ExpectKeyword("FROM"));
    DYNAROCK_RETURN_IF_ERROR(ParseFrom(&s->table, &s->index));
    if (Keyword("WHERE")) {
      DYNAROCK_ASSIGN_OR_RETURN(s->where, ParseOr());
    }
    if (Keyword("ORDER")) {
      DYNAROCK_RETURN_IF_ERROR(ExpectKeyword("BY"));
      do {
        OrderBy o;
        DYNAROCK_ASSIGN_OR_RETURN(o.path, ParsePath());
        if (Keyword("DESC"))
          o.descending = true;
        else
          Keyword("ASC");
        s->order_by.push_back(std::move(o));
      } while (Punct(","));
    }
    for (const char* clause : {"GROUP", "HAVING", "LIMIT"}) {
      if (IsKeyword(clause))
        return Status::Validation(std::string("Unsupported clause: ") + clause);
    }
    return s;
  }

  Result<std::unique_ptr<Insert>> ParseInsert() {
    auto ins = std::make_unique<Insert>();
    DYNAROCK_RETURN_IF_ERROR(ExpectKeyword("INTO"));
    DYNAROCK_ASSIGN_OR_RETURN(ins->table, WriteTable());
    if (IsKeyword("VALUES") || IsPunct("(")) {
      return Status::Validation(
          "Unsupported operation: Inserting multiple items in a single "
          "statement is not supported, use \"INSERT INTO tableName VALUE "
          "item\" instead");
    }
    DYNAROCK_RETURN_IF_ERROR(ExpectKeyword("VALUE"));
    if (!IsPunct("{") && !IsPunct("?")) {
      return Status::Validation(
          "Unsupported format in item expression. Please use struct format "
          "{...} to express item values for insert statement.");
    }
    DYNAROCK_ASSIGN_OR_RETURN(ins->value, ParsePrimary());
    if (IsKeyword("RETURNING"))
      return Status::Validation("RETURNING is not supported in INSERT");
    return ins;
  }

  // SET path = value, ... and REMOVE path, ..., in any number and order.
  Status ParseActions(Update* up) {
    bool any = false;
    for (;;) {
      if (Keyword("SET")) {
        do {
          UpdateAction a;
          DYNAROCK_ASSIGN_OR_RETURN(a.path, ParsePath());
          DYNAROCK_RETURN_IF_ERROR(Expect("="));
          DYNAROCK_ASSIGN_OR_RETURN(a.value, ParseSum());
          up->actions.push_back(std::move(a));
        } while (Punct(","));
      } else if (Keyword("REMOVE")) {
        do {
          UpdateAction a;
          a.remove = true;
          DYNAROCK_ASSIGN_OR_RETURN(a.path, ParsePath());
          up->actions.push_back(std::move(a));
        } while (Punct(","));
      } else {
        break;
      }
      any = true;
    }
    if (!any) return Unexpected();
    return Status::OK();
  }

  Status ParseAlias() {
    if (IsKeyword("AS") ||
        (Peek().kind == Tok::kIdent && !IsReserved(Peek().text)) ||
        Peek().kind == Tok::kQuoted)
      return Status::Validation("Aliasing is not supported");
    return Status::OK();
  }

  Result<std::unique_ptr<Update>> ParseUpdate() {
    auto up = std::make_unique<Update>();
    DYNAROCK_ASSIGN_OR_RETURN(up->table, WriteTable());
    DYNAROCK_RETURN_IF_ERROR(ParseAlias());
    DYNAROCK_RETURN_IF_ERROR(ParseActions(up.get()));
    DYNAROCK_RETURN_IF_ERROR(ExpectKeyword("WHERE"));
    DYNAROCK_ASSIGN_OR_RETURN(up->where, ParseOr());
    if (Keyword("RETURNING")) {
      std::string text;
      DYNAROCK_ASSIGN_OR_RETURN(up->returning, ParseReturning(&text));
    }
    return up;
  }

  Result<std::unique_ptr<Update>> ParseFromFirstUpdate() {
    auto up = std::make_unique<Update>();
    DYNAROCK_ASSIGN_OR_RETURN(up->table, WriteTable());
    DYNAROCK_RETURN_IF_ERROR(ParseAlias());
    DYNAROCK_RETURN_IF_ERROR(ExpectKeyword("WHERE"));
    DYNAROCK_ASSIGN_OR_RETURN(up->where, ParseOr());
    DYNAROCK_RETURN_IF_ERROR(ParseActions(up.get()));
    if (Keyword("RETURNING")) {
      std::string text;
      DYNAROCK_ASSIGN_OR_RETURN(up->returning, ParseReturning(&text));
    }
    return up;
  }

  Result<std::unique_ptr<Delete>> ParseDelete() {
    auto del = std::make_unique<Delete>();
    DYNAROCK_RETURN_IF_ERROR(ExpectKeyword("FROM"));
    DYNAROCK_RETURN_IF_ERROR(ParseFrom(&del->table, nullptr));
    DYNAROCK_RETURN_IF_ERROR(ExpectKeyword("WHERE"));
    DYNAROCK_ASSIGN_OR_RETURN(del->where, ParseOr());
    if (Keyword("RETURNING")) {
      DYNAROCK_ASSIGN_OR_RETURN(del->returning,
                                ParseReturning(&del->returning_text));
    }
    return del;
  }

  Result<Returning> ParseReturning(std::string* text) {
    bool all = false;
    if (Keyword("ALL"))
      all = true;
    else if (!Keyword("MODIFIED"))
      return Unexpected();
    bool old = false;
    if (Keyword("OLD"))
      old = true;
    else if (!Keyword("NEW"))
      return Unexpected();
    if (!Punct("*")) {
      return Status::Validation(
          "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING "
          "clause");
    }
    *text = std::string("RETURNING ") + (all ? "ALL " : "MODIFIED ") +
            (old ? "OLD *" : "NEW *");
    if (all) return old ? Returning::kAllOld : Returning::kAllNew;
    return old ? Returning::kModifiedOld : Returning::kModifiedNew;
  }

  ExprPtr Make(Expr::Kind kind, size_t position) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->position = position;
    return e;
  }

  Result<ExprPtr> ParseOr() {
    DYNAROCK_ASSIGN_OR_RETURN(ExprPtr left, ParseAnd());
    while (IsKeyword("OR")) {
      const size_t at = Next().position;
      DYNAROCK_ASSIGN_OR_RETURN(ExprPtr right, ParseAnd());
      ExprPtr e = Make(Expr::kOr, at);
      e->args.push_back(std::move(left));
      e->args.push_back(std::move(right));
      left = std::move(e);
    }
    return left;
  }

  Result<ExprPtr> ParseAnd() {
    DYNAROCK_ASSIGN_OR_RETURN(ExprPtr left, ParseNot());
    while (IsKeyword("AND")) {
      const size_t at = Next().position;
      DYNAROCK_ASSIGN_OR_RETURN(ExprPtr right, ParseNot());
      ExprPtr e = Make(Expr::kAnd, at);
      e->args.push_back(std::move(left));
      e->args.push_back(std::move(right));
      left = std::move(e);
    }
    return left;
  }

  // Nesting (parentheses, NOT, maps, lists, sets) is bounded, so that no
  // statement can exhaust the stack of the parser or of what walks its tree.
  static constexpr int kMaxNesting = 256;
  class Nest {
   public:
    explicit Nest(int* depth) : depth_(depth) { ++*depth_; }
    ~Nest() { --*depth_; }
    bool too_deep() const { return *depth_ > kMaxNesting; }

   private:
    int* depth_;
  };
  Status TooDeep() const {
    return Malformed("Expression nesting exceeds " +
                     std::to_string(kMaxNesting) + " levels");
  }

  Result<ExprPtr> ParseNot() {
    Nest nest(&depth_);
    if (nest.too_deep()) return TooDeep();
    if (IsKeyword("NOT")) {
      const size_t at = Next().position;
      DYNAROCK_ASSIGN_OR_RETURN(ExprPtr inner, ParseNot());
      ExprPtr e = Make(Expr::kNot, at);
      e->args.push_back(std::move(inner));
      return e;
    }
    return ParsePredicate();
  }

  Result<ExprPtr> ParsePredicate() {
    DYNAROCK_ASSIGN_OR_RETURN(ExprPtr left, ParseSum());
    const Token& t = Peek();
    static const char* const kOps[] = {"=", "<>", "!=", "<", "<=", ">", ">="};
    if (t.kind == Tok::kPunct) {
      for (const char* op : kOps) {
        if (t.text != op) continue;
        const size_t at = Next().position;
        DYNAROCK_ASSIGN_OR_RETURN(ExprPtr right, ParseSum());
        ExprPtr e = Make(Expr::kCompare, at);
        e->op = std::string(op) == "!=" ? "<>" : op;
        e->args.push_back(std::move(left));
        e->args.push_back(std::move(right));
        return e;
      }
    }
    if (IsKeyword("BETWEEN")) {
      const size_t at = Next().position;
      DYNAROCK_ASSIGN_OR_RETURN(ExprPtr low, ParseSum());
      DYNAROCK_RETURN_IF_ERROR(ExpectKeyword("AND"));
      DYNAROCK_ASSIGN_OR_RETURN(ExprPtr high, ParseSum());
      ExprPtr e = Make(Expr::kBetween, at);
      e->args.push_back(std::move(left));
      e->args.push_back(std::move(low));
      e->args.push_back(std::move(high));
      return e;
    }
    if (IsKeyword("IN")) {
      const size_t at = Next().position;
      std::string close;
      if (Punct("["))
        close = "]";
      else if (Punct("("))
        close = ")";
      else
        return Unexpected();
      ExprPtr e = Make(Expr::kIn, at);
      e->args.push_back(std::move(left));
      do {
        DYNAROCK_ASSIGN_OR_RETURN(ExprPtr v, ParseSum());
        e->args.push_back(std::move(v));
      } while (Punct(","));
      DYNAROCK_RETURN_IF_ERROR(Expect(close));
      return e;
    }
    if (IsKeyword("IS")) {
      const size_t at = Next().position;
      ExprPtr e = Make(Expr::kIs, at);
      e->negated = Keyword("NOT");
      const Token& type = Next();
      if (type.kind != Tok::kIdent) return Unexpected();
      e->op = type.text;
      for (char& c : e->op)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      e->args.push_back(std::move(left));
      return e;
    }
    return left;
  }

  Result<ExprPtr> ParseSum() {
    DYNAROCK_ASSIGN_OR_RETURN(ExprPtr left, ParsePrimary());
    while (IsPunct("+") || IsPunct("-")) {
      const Token& t = Next();
      ExprPtr e = Make(Expr::kArith, t.position);
      e->op = t.text;
      DYNAROCK_ASSIGN_OR_RETURN(ExprPtr right, ParsePrimary());
      e->args.push_back(std::move(left));
      e->args.push_back(std::move(right));
      left = std::move(e);
    }
    return left;
  }

  Result<ExprPtr> ParsePrimary() {
    Nest nest(&depth_);
    if (nest.too_deep()) return TooDeep();
    const Token& t = Peek();
    const size_t at = t.position;
    if (t.kind == Tok::kString) {
      ExprPtr e = Make(Expr::kLiteral, at);
      e->literal = AttributeValue::S(Next().text);
      return e;
    }
    if (t.kind == Tok::kNumber || (t.kind == Tok::kPunct && t.text == "-" &&
                                   Peek(1).kind == Tok::kNumber)) {
      std::string text;
      if (t.kind == Tok::kPunct) {
        Next();
        text = "-";
      }
      text += Next().text;
      ExprPtr e = Make(Expr::kLiteral, at);
      e->literal = AttributeValue::N(text);
      return e;
    }
    if (t.kind == Tok::kPunct) {
      if (t.text == "?") {
        Next();
        ExprPtr e = Make(Expr::kParam, at);
        e->param = params_++;
        return e;
      }
      if (t.text == "(") {
        Next();
        DYNAROCK_ASSIGN_OR_RETURN(ExprPtr inner, ParseOr());
        DYNAROCK_RETURN_IF_ERROR(Expect(")"));
        return inner;
      }
      if (t.text == "{") {
        Next();
        ExprPtr e = Make(Expr::kMap, at);
        if (!Punct("}")) {
          do {
            const Token& k = Next();
            if (k.kind != Tok::kString) return Unexpected();
            e->keys.push_back(k.text);
            DYNAROCK_RETURN_IF_ERROR(Expect(":"));
            DYNAROCK_ASSIGN_OR_RETURN(ExprPtr v, ParseSum());
            e->args.push_back(std::move(v));
          } while (Punct(","));
          DYNAROCK_RETURN_IF_ERROR(Expect("}"));
        }
        return e;
      }
      if (t.text == "[" || t.text == "<<") {
        const bool set = t.text == "<<";
        const std::string close = set ? ">>" : "]";
        Next();
        ExprPtr e = Make(set ? Expr::kSet : Expr::kList, at);
        if (!Punct(close)) {
          do {
            DYNAROCK_ASSIGN_OR_RETURN(ExprPtr v, ParseSum());
            e->args.push_back(std::move(v));
          } while (Punct(","));
          DYNAROCK_RETURN_IF_ERROR(Expect(close));
        }
        if (set && e->args.empty())
          return Status::Validation("Empty bags are not supported");
        return e;
      }
      return Unexpected();
    }
    if (t.kind == Tok::kIdent) {
      if (IsKeyword("TRUE") || IsKeyword("FALSE")) {
        ExprPtr e = Make(Expr::kLiteral, at);
        e->literal = AttributeValue::Bool(IEquals(Next().text, "TRUE"));
        return e;
      }
      if (IsKeyword("NULL")) {
        Next();
        ExprPtr e = Make(Expr::kLiteral, at);
        e->literal = AttributeValue::Null();
        return e;
      }
      if (IsKeyword("MISSING"))
        return Status::Validation("MISSING must be compared using IS operator");
      if (IsKeyword("EXISTS") && Peek(1).kind == Tok::kPunct &&
          Peek(1).text == "(") {
        return Status::Validation("Unrecognized function: exists" +
                                  At(t.position, t.text.size()));
      }
      // A function call.
      if (Peek(1).kind == Tok::kPunct && Peek(1).text == "(" &&
          (!IsReserved(t.text) || IsFunctionKeyword(t.text))) {
        ExprPtr e = Make(Expr::kCall, at);
        e->op = Lower(Next().text);
        Next();  // (
        if (!Punct(")")) {
          do {
            DYNAROCK_ASSIGN_OR_RETURN(ExprPtr v, ParseSum());
            e->args.push_back(std::move(v));
          } while (Punct(","));
          DYNAROCK_RETURN_IF_ERROR(Expect(")"));
        }
        return e;
      }
    }
    if (t.kind == Tok::kIdent || t.kind == Tok::kQuoted) {
      ExprPtr e = Make(Expr::kPath, at);
      DYNAROCK_ASSIGN_OR_RETURN(e->path, ParsePath());
      return e;
    }
    return Unexpected();
  }

  std::string At(size_t position, size_t length) const {
    return partiql::At(text_, position, length);
  }

  std::vector<Token> t_;
  std::string_view text_;
  size_t pos_ = 0;
  int params_ = 0;
  int depth_ = 0;
};

}  // namespace

std::string At(std::string_view text, size_t position, size_t length) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < position && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return " at " + std::to_string(line) + ":" + std::to_string(column) + ":" +
         std::to_string(length);
}

std::string Path::Text() const {
  std::string out;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].is_index) {
      out += "[" + std::to_string(steps[i].index) + "]";
    } else {
      if (i) out += ".";
      out += steps[i].name;
    }
  }
  return out;
}

Result<Statement> Parse(std::string_view text) {
  std::vector<Token> tokens;
  if (!Lex(text, &tokens)) return Malformed("");
  return Parser(std::move(tokens), text).ParseStatement();
}

}  // namespace partiql
}  // namespace dynarock
