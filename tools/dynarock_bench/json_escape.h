// JSON string escaping for the request bodies and data sets dynarock-bench
// writes by hand.

#ifndef DYNAROCK_TOOLS_DYNAROCK_BENCH_JSON_ESCAPE_H_
#define DYNAROCK_TOOLS_DYNAROCK_BENCH_JSON_ESCAPE_H_

#include <string>
#include <string_view>

namespace dynarock::bench {

// Appends `s` as the inside of a JSON string: '"', '\\' and control
// characters escaped, every other byte (UTF-8 included) as it is.
void AppendJsonEscaped(std::string& out, std::string_view s);

}  // namespace dynarock::bench

#endif  // DYNAROCK_TOOLS_DYNAROCK_BENCH_JSON_ESCAPE_H_
