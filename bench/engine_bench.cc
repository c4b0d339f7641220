// Engine hot paths, in process: key and item encoding, GetItem and PutItem
// on a table of the seed's shape (PK/SK with GSI1 and GSI2).
//
//   build/bench/dynarock_bench --benchmark_filter=Engine
#include <memory>
#include <string>

#include <benchmark/benchmark.h>

#include "engine/engine.h"
#include "engine/item_codec.h"
#include "engine/key_codec.h"

namespace dynarock {
namespace {

constexpr char kTable[] = "makeriess-main-table";

Item CustomerItem(int i) {
  std::string id = "cust_" + std::to_string(i);
  return {{"PK", AttributeValue::S("CUSTOMER#" + id)},
          {"SK", AttributeValue::S("METADATA")},
          {"GSI1PK", AttributeValue::S("EMAIL#" + id + "@example.com")},
          {"GSI1SK", AttributeValue::S("CUSTOMER")},
          {"email", AttributeValue::S(id + "@example.com")},
          {"name", AttributeValue::S("Customer " + std::to_string(i))},
          {"loyaltyPoints", AttributeValue::N(std::to_string(i % 1000))},
          {"createdAt", AttributeValue::S("2026-11-25T12:00:00.000Z")}};
}

std::unique_ptr<Engine> OpenSeedTable() {
  EngineOptions options;
  options.in_memory = true;
  auto engine = Engine::Open(options);
  if (!engine.ok()) return nullptr;
  CreateTableRequest req;
  req.table_name = kTable;
  for (const char* a : {"PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK"}) {
    req.attribute_definitions.push_back({a, ValueType::kS});
  }
  req.key_schema = {{"PK", KeyType::kHash}, {"SK", KeyType::kRange}};
  req.billing_mode = BillingMode::kPayPerRequest;
  req.global_secondary_indexes.emplace();
  for (const char* n : {"GSI1", "GSI2"}) {
    GlobalSecondaryIndex ix;
    ix.index_name = n;
    ix.key_schema = {{std::string(n) + "PK", KeyType::kHash},
                     {std::string(n) + "SK", KeyType::kRange}};
    ix.projection.projection_type = ProjectionType::kAll;
    req.global_secondary_indexes->push_back(ix);
  }
  if (!(*engine)->CreateTable(RequestContext(), req).ok()) return nullptr;
  return std::move(engine).value();
}

void BM_KeyEncodeString(benchmark::State& state) {
  AttributeValue v = AttributeValue::S("CUSTOMER#cust_123456");
  std::string out;
  for (auto _ : state) {
    out.clear();
    AppendKeyComponent(v, &out);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_KeyEncodeString);

void BM_KeyEncodeNumber(benchmark::State& state) {
  AttributeValue v = AttributeValue::N("-12345.678901234567890123");
  std::string out;
  for (auto _ : state) {
    out.clear();
    AppendKeyComponent(v, &out);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_KeyEncodeNumber);

void BM_ItemEncode(benchmark::State& state) {
  Item item = CustomerItem(42);
  std::string out;
  for (auto _ : state) {
    out.clear();
    EncodeItem(item, &out);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_ItemEncode);

void BM_ItemDecode(benchmark::State& state) {
  std::string bytes;
  EncodeItem(CustomerItem(42), &bytes);
  for (auto _ : state) {
    Item item;
    benchmark::DoNotOptimize(DecodeItem(bytes, &item));
  }
}
BENCHMARK(BM_ItemDecode);

// Items preloaded before timing; state.range(0) sets the table size.
void BM_EngineGetItem(benchmark::State& state) {
  auto engine = OpenSeedTable();
  const int n = static_cast<int>(state.range(0));
  RequestContext ctx;
  for (int i = 0; i < n; ++i) {
    PutItemRequest put;
    put.table_name = kTable;
    put.item = CustomerItem(i);
    if (!engine->PutItem(ctx, std::move(put)).ok())
      state.SkipWithError("put failed");
  }
  int i = 0;
  for (auto _ : state) {
    GetItemRequest get;
    get.table_name = kTable;
    get.key = {
        {"PK", AttributeValue::S("CUSTOMER#cust_" + std::to_string(i++ % n))},
        {"SK", AttributeValue::S("METADATA")}};
    auto r = engine->GetItem(ctx, std::move(get));
    if (!r.ok() || !r->item) state.SkipWithError("get failed");
  }
}
BENCHMARK(BM_EngineGetItem)->Arg(10000);

void BM_EnginePutItem(benchmark::State& state) {
  auto engine = OpenSeedTable();
  RequestContext ctx;
  int i = 0;
  for (auto _ : state) {
    PutItemRequest put;
    put.table_name = kTable;
    put.item = CustomerItem(i++);
    if (!engine->PutItem(ctx, std::move(put)).ok())
      state.SkipWithError("put failed");
  }
}
BENCHMARK(BM_EnginePutItem);

}  // namespace
}  // namespace dynarock
