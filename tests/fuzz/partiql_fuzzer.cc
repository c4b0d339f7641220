// Fuzzes PartiQL from the statement's text to the engine's answer: the
// parser, the planner and the operations it runs. The first byte chooses how
// many of a fixed set of parameters go with the statement; the rest is the
// statement. Any answer is fine but an internal error or a crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tests/fuzz/fuzz_env.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dynarock;
  using AV = AttributeValue;
  if (size == 0) return 0;
  fuzz::Env& env = fuzz::Env::Get();
  static const std::vector<AV> kParams = [] {
    AV::Map m;
    m.emplace("PK", AV::S("p"));
    m.emplace("SK", AV::S("s"));
    return std::vector<AV>{AV::S("p"), AV::S("s"), AV::N("7"), AV::M(m),
                           AV::B("\x01\x02")};
  }();
  const std::string_view statement(reinterpret_cast<const char*>(data) + 1,
                                   size - 1);
  RequestContext ctx;
  ExecuteStatementRequest req;
  req.statement = std::string(statement);
  const size_t n = data[0] % (kParams.size() + 1);
  if (n) req.parameters = std::vector<AV>(kParams.begin(), kParams.begin() + n);
  req.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
  auto r = env.engine->ExecuteStatement(ctx, req);
  if (!r.ok()) {
    fuzz::CheckNotInternal(
        r.status().type() == ErrorType::kInternalServerError ? 500 : 400,
        statement, r.status().message());
  }
  return 0;
}
