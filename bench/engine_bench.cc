// Engine hot paths, in process: key and item encoding, and the item
// operations on the seed's table (PK/SK with GSI1 and GSI2 projecting ALL)
// at three sizes:
//
//   build/bench/dynarock_bench --benchmark_filter=Engine
//
//   .../customers:50000/disk:0    one million items in memory (the README's
//                                 figures)
//   .../customers:500/disk:0      ten thousand items in memory
//   .../customers:62000/disk:1    1.24 million items on disk, closed and
//                                 opened again, with the server's default
//                                 memory budget (256 MB of block cache,
//                                 32 MB of write buffers): a request must
//                                 not cost more because the table is big
//   .../customers:500000/disk:1   ten million items on disk, only with
//                                 DYNAROCK_BENCH_LARGE=1 (the load takes
//                                 minutes)
//
// The first argument is the number of customers, each a partition of 20
// items (its METADATA item, in GSI1, and 19 orders, in GSI1 and GSI2); the
// second, whether the table is on disk. Each table is loaded once per
// binary (the first benchmark that needs it pays for it, outside its
// timing) with BatchWriteItem, then compacted. Each benchmark reports the
// median of five repetitions.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/pool.h"
#include "engine/engine.h"
#include "engine/format/item_codec.h"
#include "engine/format/key_codec.h"
#include "engine/schema/validate.h"

namespace dynarock {
namespace {

constexpr char kTable[] = "makeriess-main-table";
constexpr int kItemsPerCustomer = 20;  // METADATA and 19 orders
constexpr int kRepetitions = 5;

std::string CustomerId(int c) { return "cust_" + std::to_string(c); }

Item CustomerItem(int c) {
  std::string id = CustomerId(c);
  return {{"PK", AttributeValue::S("CUSTOMER#" + id)},
          {"SK", AttributeValue::S("METADATA")},
          {"GSI1PK", AttributeValue::S("EMAIL#" + id + "@example.com")},
          {"GSI1SK", AttributeValue::S("CUSTOMER")},
          {"email", AttributeValue::S(id + "@example.com")},
          {"name", AttributeValue::S("Customer " + std::to_string(c))},
          {"loyaltyPoints", AttributeValue::N(std::to_string(c % 1000))},
          {"createdAt", AttributeValue::S("2026-11-25T12:00:00.000Z")}};
}

// Order o (1..19) of customer c.
Item OrderItem(int c, int o) {
  std::string order = "ord_" + std::to_string(c) + "_" + std::to_string(o);
  std::string vendor = "VENDOR#vend_" + std::to_string((c * 31 + o) % 1000);
  return {{"PK", AttributeValue::S("CUSTOMER#" + CustomerId(c))},
          {"SK", AttributeValue::S("ORDER#" + order)},
          {"GSI1PK", AttributeValue::S("ORDER#" + order)},
          {"GSI1SK", AttributeValue::S("ORDER")},
          {"GSI2PK", AttributeValue::S(vendor)},
          {"GSI2SK", AttributeValue::S("2026-11-25T12:00:00.000Z#" + order)},
          {"status", AttributeValue::S("SHIPPED")},
          {"total", AttributeValue::N(std::to_string(c % 997) + ".95")},
          {"itemCount", AttributeValue::N(std::to_string(o % 7 + 1))}};
}

Item ItemAt(int i) {
  int c = i / kItemsPerCustomer, o = i % kItemsPerCustomer;
  return o == 0 ? CustomerItem(c) : OrderItem(c, o);
}

Item KeyOf(const Item& item) {
  return {{"PK", item.at("PK")}, {"SK", item.at("SK")}};
}

CreateTableRequest SeedTableRequest() {
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
  return req;
}

// A loaded table: `customers` partitions of kItemsPerCustomer items.
struct Dataset {
  Engine* engine = nullptr;
  int customers = 0;
  int items() const { return customers * kItemsPerCustomer; }
};

Status Load(Engine* e, int customers) {
  RequestContext ctx;
  DYNAROCK_RETURN_IF_ERROR(e->CreateTable(ctx, SeedTableRequest()).status());
  const int items = customers * kItemsPerCustomer;
  for (int i = 0; i < items; i += 25) {
    BatchWriteItemRequest batch;
    auto& writes =
        batch.request_items.emplace_back(kTable, std::vector<WriteRequest>())
            .second;
    for (int j = i; j < i + 25 && j < items; ++j) {
      writes.emplace_back().put_item = ItemAt(j);
    }
    DYNAROCK_ASSIGN_OR_RETURN(auto r, e->BatchWriteItem(ctx, std::move(batch)));
    if (!r.unprocessed_items.empty())
      return Status::Internal("items left unprocessed");
  }
  return e->CompactAll();
}

// The table of `customers` partitions, in memory or on disk, loaded on
// first use and then compacted: the state of a table that has been idle a
// while. On disk it is closed and opened again, so that nothing of it is
// in memory but what reads bring there. Never destroyed (benchmarks run to
// the end of the process); a disk table's directory is removed at exit.
const Dataset* DatasetFor(int customers, bool disk) {
  static std::map<std::pair<int, bool>, Dataset> loaded;
  static std::vector<std::string> dirs;
  auto [it, fresh] = loaded.try_emplace({customers, disk});
  Dataset& d = it->second;
  if (!fresh) return d.engine ? &d : nullptr;
  EngineOptions options;
  if (disk) {
    char tmpl[] = "/tmp/dynarock_bench.XXXXXX";
    if (!mkdtemp(tmpl)) return nullptr;
    options.path = tmpl;
    if (dirs.empty()) {
      std::atexit([] {
        for (const std::string& dir : dirs) std::filesystem::remove_all(dir);
      });
    }
    dirs.push_back(tmpl);
    // The server's default budget (tools/dynarock_main.cc).
    options.block_cache_bytes = size_t{256} << 20;
    options.write_buffer_bytes = size_t{32} << 20;
  } else {
    options.in_memory = true;
    // Room for the whole table in the cache: the benchmarks measure the
    // engine, not the cache's size.
    options.block_cache_bytes = size_t{2} << 30;
  }
  auto opened = Engine::Open(options);
  if (!opened.ok()) return nullptr;
  std::unique_ptr<Engine> e = std::move(opened).value();
  if (Status st = Load(e.get(), customers); !st.ok()) {
    fprintf(stderr, "load failed: %s\n", st.message().c_str());
    return nullptr;
  }
  if (disk) {
    e.reset();
    opened = Engine::Open(options);
    if (!opened.ok()) return nullptr;
    e = std::move(opened).value();
  }
  d.engine = e.release();
  d.customers = customers;
  return &d;
}

// A cheap spread over [0, n): successive calls touch unrelated items, so
// that the caches are not always warm.
struct Spread {
  uint64_t state = 88172645463325252ULL;
  int Next(int n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state >> 33) % static_cast<uint64_t>(n));
  }
};

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
  Item item = OrderItem(42, 3);
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
  EncodeItem(OrderItem(42, 3), &bytes);
  for (auto _ : state) {
    Item item;
    benchmark::DoNotOptimize(DecodeItem(bytes, &item));
  }
}
BENCHMARK(BM_ItemDecode);

// What keeping sets sorted costs a write: validating a string set and a
// number set of N members (the number set given out of order), with the
// sort (BM_SetValidate), against the sort alone (BM_SetSort). Validation
// normalizes and checks every member anyway; the sort's share is the
// ratio.
AttributeValue::Set SetMembers(int n, bool numbers) {
  AttributeValue::Set members;
  for (int i = n; i > 0; --i) {
    members.push_back(numbers ? std::to_string(i * 37 % 1009) + "." +
                                    std::to_string(i)
                              : "tag-" + std::to_string(i * 37 % 1009));
  }
  return members;
}

void BM_SetValidate(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const AttributeValue ss = AttributeValue::SS(SetMembers(n, false));
  const AttributeValue ns = AttributeValue::NS(SetMembers(n, true));
  for (auto _ : state) {
    AttributeValue a = ss, b = ns;
    benchmark::DoNotOptimize(ValidateValue(&a).ok());
    benchmark::DoNotOptimize(ValidateValue(&b).ok());
  }
}
BENCHMARK(BM_SetValidate)->Arg(5)->Arg(20)->Arg(100);

void BM_SetCopy(benchmark::State& state) {  // the copies BM_SetValidate makes
  const int n = static_cast<int>(state.range(0));
  const AttributeValue ss = AttributeValue::SS(SetMembers(n, false));
  const AttributeValue ns = AttributeValue::NS(SetMembers(n, true));
  for (auto _ : state) {
    AttributeValue a = ss, b = ns;
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
  }
}
BENCHMARK(BM_SetCopy)->Arg(5)->Arg(20)->Arg(100);

void BM_SetSort(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  AttributeValue ss = AttributeValue::SS(SetMembers(n, false));
  AttributeValue ns = AttributeValue::NS(SetMembers(n, true));
  if (!ValidateValue(&ns).ok()) state.SkipWithError("invalid number set");
  const AttributeValue ss0 = ss, ns0 = ns;
  for (auto _ : state) {
    AttributeValue a = ss0, b = ns0;
    // Unsorted again: the members reversed.
    std::reverse(a.mutable_set().begin(), a.mutable_set().end());
    std::reverse(b.mutable_set().begin(), b.mutable_set().end());
    SortSetMembers(&a);
    SortSetMembers(&b);
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
  }
}
BENCHMARK(BM_SetSort)->Arg(5)->Arg(20)->Arg(100);

// The benchmark's table (its arguments: customers, on disk); skips the
// benchmark when it failed to load.
const Dataset* TableOrSkip(benchmark::State& state) {
  const Dataset* d =
      DatasetFor(static_cast<int>(state.range(0)), state.range(1) != 0);
  if (!d) state.SkipWithError("the table failed to load");
  return d;
}

// GetItem of a random item.
void BM_EngineGetItem(benchmark::State& state) {
  const Dataset* d = TableOrSkip(state);
  if (!d) return;
  Engine* engine = d->engine;
  RequestContext ctx;
  Spread spread;
  Pool<GetItemRequest> pool([&] {
    GetItemRequest get;
    get.table_name = kTable;
    get.key = KeyOf(ItemAt(spread.Next(d->items())));
    return get;
  });
  pool.Run(state, [&](GetItemRequest get) -> std::string {
    auto r = engine->GetItem(ctx, std::move(get));
    return r.ok() && r->item ? "" : "get failed";
  });
}

// GetItem of a random item among 1000 (all in the caches).
void BM_EngineGetItemHot(benchmark::State& state) {
  const Dataset* d = TableOrSkip(state);
  if (!d) return;
  Engine* engine = d->engine;
  RequestContext ctx;
  Spread spread;
  Pool<GetItemRequest> pool([&] {
    GetItemRequest get;
    get.table_name = kTable;
    get.key = KeyOf(ItemAt(spread.Next(1000) * (d->items() / 1000)));
    return get;
  });
  pool.Run(state, [&](GetItemRequest get) -> std::string {
    auto r = engine->GetItem(ctx, std::move(get));
    return r.ok() && r->item ? "" : "get failed";
  });
}

// PutItem replacing a random existing item (same keys, a changed
// attribute): the item and its index entries are rewritten.
void BM_EnginePutItem(benchmark::State& state) {
  const Dataset* d = TableOrSkip(state);
  if (!d) return;
  Engine* engine = d->engine;
  RequestContext ctx;
  Spread spread;
  int n = 0;
  Pool<PutItemRequest> pool([&] {
    PutItemRequest put;
    put.table_name = kTable;
    put.item = ItemAt(spread.Next(d->items()));
    put.item["updates"] = AttributeValue::N(std::to_string(++n));
    return put;
  });
  pool.Run(state, [&](PutItemRequest put) -> std::string {
    return engine->PutItem(ctx, std::move(put)).ok() ? "" : "put failed";
  });
}

// PutItem of a new order (a new key): the table grows by the number of
// iterations. The orders go to customers past the loaded ones, whose
// partitions no other benchmark reads: in the loaded partitions they would
// grow the "20-item" partitions BM_EngineQuery20 reads after this one.
void BM_EnginePutItemNew(benchmark::State& state) {
  const Dataset* d = TableOrSkip(state);
  if (!d) return;
  Engine* engine = d->engine;
  RequestContext ctx;
  static int next = kItemsPerCustomer;  // order numbers past the loaded ones
  Spread spread;
  Pool<PutItemRequest> pool([&] {
    PutItemRequest put;
    put.table_name = kTable;
    put.item = OrderItem(d->customers + spread.Next(d->customers), next++);
    return put;
  });
  pool.Run(state, [&](PutItemRequest put) -> std::string {
    return engine->PutItem(ctx, std::move(put)).ok() ? "" : "put failed";
  });
}

// UpdateItem of a random order: SET one attribute, ADD to another.
void BM_EngineUpdateItem(benchmark::State& state) {
  const Dataset* d = TableOrSkip(state);
  if (!d) return;
  Engine* engine = d->engine;
  RequestContext ctx;
  Spread spread;
  Pool<UpdateItemRequest> pool([&] {
    int c = spread.Next(d->customers);
    UpdateItemRequest u;
    u.table_name = kTable;
    u.key = KeyOf(OrderItem(c, 1 + c % (kItemsPerCustomer - 1)));
    u.update_expression = "SET #s = :s ADD itemCount :one";
    u.expression_attribute_names = AttributeNames{{"#s", "status"}};
    u.expression_attribute_values =
        AttributeValues{{":s", AttributeValue::S("DELIVERED")},
                        {":one", AttributeValue::N("1")}};
    return u;
  });
  pool.Run(state, [&](UpdateItemRequest u) -> std::string {
    return engine->UpdateItem(ctx, std::move(u)).ok() ? "" : "update failed";
  });
}

// Query of one customer's partition: 20 items.
void BM_EngineQuery20(benchmark::State& state) {
  const Dataset* d = TableOrSkip(state);
  if (!d) return;
  Engine* engine = d->engine;
  RequestContext ctx;
  Spread spread;
  Pool<QueryRequest> pool([&] {
    QueryRequest q;
    q.table_name = kTable;
    q.key_condition_expression = "PK = :pk";
    q.expression_attribute_values = AttributeValues{
        {":pk", AttributeValue::S("CUSTOMER#" +
                                  CustomerId(spread.Next(d->customers)))}};
    return q;
  });
  pool.Run(state, [&](QueryRequest q) -> std::string {
    auto r = engine->Query(ctx, std::move(q));
    return r.ok() && r->count >= kItemsPerCustomer ? "" : "query failed";
  });
  state.SetItemsProcessed(state.iterations() * kItemsPerCustomer);
}

// BatchWriteItem of 25 puts replacing random existing items.
void BM_EngineBatchWrite25(benchmark::State& state) {
  const Dataset* d = TableOrSkip(state);
  if (!d) return;
  Engine* engine = d->engine;
  RequestContext ctx;
  Spread spread;
  int n = 0;
  Pool<BatchWriteItemRequest> pool(
      [&] {
        BatchWriteItemRequest batch;
        auto& writes = batch.request_items
                           .emplace_back(kTable, std::vector<WriteRequest>())
                           .second;
        // 25 distinct items: a batch may not name one twice.
        std::set<int> drawn;
        while (drawn.size() < 25) drawn.insert(spread.Next(d->items()));
        for (int i : drawn) {
          Item item = ItemAt(i);
          item["updates"] = AttributeValue::N(std::to_string(++n));
          writes.emplace_back().put_item = std::move(item);
        }
        return batch;
      },
      kPool / 16);  // 4 batches, 100 items
  pool.Run(state, [&](BatchWriteItemRequest batch) -> std::string {
    auto r = engine->BatchWriteItem(ctx, std::move(batch));
    if (!r.ok()) return r.status().message();
    return r->unprocessed_items.empty() ? "" : "batch left items unprocessed";
  });
  state.SetItemsProcessed(state.iterations() * 25);
}

// The data sets of the header comment.
void Datasets(benchmark::internal::Benchmark* b) {
  b->ArgNames({"customers", "disk"});
  b->Args({50000, 0});
  b->Args({500, 0});
  b->Args({62000, 1});
  if (const char* large = std::getenv("DYNAROCK_BENCH_LARGE");
      large && std::string(large) == "1") {
    b->Args({500000, 1});
  }
}

#define DYNAROCK_ENGINE_BENCH(fn)  \
  BENCHMARK(fn)                    \
      ->Apply(Datasets)            \
      ->Repetitions(kRepetitions)  \
      ->ReportAggregatesOnly(true) \
      ->Unit(benchmark::kMicrosecond)

DYNAROCK_ENGINE_BENCH(BM_EngineGetItem);
DYNAROCK_ENGINE_BENCH(BM_EngineGetItemHot);
DYNAROCK_ENGINE_BENCH(BM_EnginePutItem);
DYNAROCK_ENGINE_BENCH(BM_EnginePutItemNew);
DYNAROCK_ENGINE_BENCH(BM_EngineUpdateItem);
DYNAROCK_ENGINE_BENCH(BM_EngineQuery20);
DYNAROCK_ENGINE_BENCH(BM_EngineBatchWrite25);

}  // namespace
}  // namespace dynarock
