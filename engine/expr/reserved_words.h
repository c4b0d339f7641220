// The expression language's reserved words. Internal to engine/.
// Thread-safe: a constant table.
#ifndef DYNAROCK_ENGINE_EXPR_RESERVED_WORDS_H_
#define DYNAROCK_ENGINE_EXPR_RESERVED_WORDS_H_

#include <cstddef>
#include <string_view>

namespace dynarock {

// Whether word, compared without regard to case, is one of the Developer
// Guide's reserved words.
bool IsReservedWord(std::string_view word);
// How many reserved words there are (573).
size_t ReservedWordCount();

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_EXPR_RESERVED_WORDS_H_
