// Query cost against table size: a Query of one 20-item partition, with
// 10 thousand and with 1 million items in the table. The two figures should
// be close: a Query seeks to its partition and reads only it.
//
//   build/bench/dynarock_bench --benchmark_filter=Query
#include <memory>
#include <string>

#include <benchmark/benchmark.h>

#include "engine/engine.h"

namespace dynarock {
namespace {

constexpr char kTable[] = "query-bench";
constexpr int kItemsPerPartition = 20;

std::unique_ptr<Engine> LoadTable(int items) {
  EngineOptions options;
  options.in_memory = true;
  auto engine = Engine::Open(options);
  if (!engine.ok()) return nullptr;
  CreateTableRequest create;
  create.table_name = kTable;
  create.attribute_definitions = {{"PK", ValueType::kS}, {"SK", ValueType::kS}};
  create.key_schema = {{"PK", KeyType::kHash}, {"SK", KeyType::kRange}};
  create.billing_mode = BillingMode::kPayPerRequest;
  RequestContext ctx;
  if (!(*engine)->CreateTable(ctx, create).ok()) return nullptr;
  for (int i = 0; i < items; ++i) {
    PutItemRequest put;
    put.table_name = kTable;
    put.item = {
        {"PK", AttributeValue::S("CUSTOMER#" +
                                 std::to_string(i / kItemsPerPartition))},
        {"SK", AttributeValue::S(
                   "ORDER#" + std::to_string(100000 + i % kItemsPerPartition))},
        {"total", AttributeValue::N(std::to_string(i % 997))},
        {"status", AttributeValue::S("SHIPPED")}};
    if (!(*engine)->PutItem(ctx, std::move(put)).ok()) return nullptr;
  }
  // Both sizes are measured in the steady state, memtables written out and
  // compacted: otherwise the small table is read from the memtable alone
  // and the comparison is between two storage structures, not two sizes.
  if (!(*engine)->CompactAll().ok()) return nullptr;
  return std::move(engine).value();
}

void BM_Query20Items(benchmark::State& state) {
  const int items = static_cast<int>(state.range(0));
  auto engine = LoadTable(items);
  if (!engine) {
    state.SkipWithError("load failed");
    return;
  }
  const int partitions = items / kItemsPerPartition;
  RequestContext ctx;
  uint64_t n = 0;
  for (auto _ : state) {
    QueryRequest q;
    q.table_name = kTable;
    q.key_condition_expression = "PK = :pk AND begins_with(SK, :sk)";
    // A spread of partitions, so that the cache is not always warm.
    n = n * 6364136223846793005ULL + 1442695040888963407ULL;
    q.expression_attribute_values = AttributeValues{
        {":pk", AttributeValue::S("CUSTOMER#" +
                                  std::to_string((n >> 33) % partitions))},
        {":sk", AttributeValue::S("ORDER#")}};
    auto r = engine->Query(ctx, std::move(q));
    if (!r.ok() || r->count != kItemsPerPartition)
      state.SkipWithError("query failed");
  }
  state.SetItemsProcessed(state.iterations() * kItemsPerPartition);
}
BENCHMARK(BM_Query20Items)
    ->Arg(10000)
    ->Arg(1000000)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace dynarock
