// Fuzzes the whole JSON protocol without sockets: an input is an operation
// name, a newline, and a request body. Every answer must be a response the
// protocol defines; an internal error or a crash stops the run.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tests/fuzz/fuzz_env.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dynarock;
  fuzz::Env& env = fuzz::Env::Get();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nl = input.find('\n');
  if (nl == std::string_view::npos || nl > 64) return 0;
  std::string_view op = input.substr(0, nl);
  // The table operations that would make the run slow or empty its tables.
  if (op == "DeleteTable" || op == "CreateTable" || op == "UpdateTable")
    return 0;
  std::string target = (op.rfind("DynamoDBStreams_", 0) == 0)
                           ? std::string(op)
                           : "DynamoDB_20120810." + std::string(op);
  std::string_view body = input.substr(nl + 1);
  WireResponse r = env.dispatcher->Handle({target, fuzz::kAuthorization, body});
  fuzz::CheckNotInternal(r.status, input, r.body);
  return 0;
}
