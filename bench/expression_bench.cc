// The expression language's hot paths: binding a cached expression to a
// request's placeholders (parsing happens once per distinct text), and
// evaluating a filter on an item.
//
//   build/bench/dynarock_bench --benchmark_filter=Expression
#include <string>

#include <benchmark/benchmark.h>

#include "engine/expr/expression.h"

namespace dynarock {
namespace {

const Item& SampleItem() {
  static const Item item = {
      {"PK", AttributeValue::S("ORDER#1234")},
      {"status", AttributeValue::S("SHIPPED")},
      {"total", AttributeValue::N("129.95")},
      {"tags", AttributeValue::SS({"gift", "express"})},
      {"address", AttributeValue::M({{"city", AttributeValue::S("Lyon")},
                                     {"zip", AttributeValue::S("69001")}})},
  };
  return item;
}

constexpr char kFilter[] =
    "#s = :shipped AND #t BETWEEN :lo AND :hi AND contains(tags, :tag) AND "
    "begins_with(address.city, :c)";

AttributeNames Names() { return {{"#s", "status"}, {"#t", "total"}}; }
AttributeValues Values() {
  return {{":shipped", AttributeValue::S("SHIPPED")},
          {":lo", AttributeValue::N("100")},
          {":hi", AttributeValue::N("200")},
          {":tag", AttributeValue::S("gift")},
          {":c", AttributeValue::S("Ly")}};
}

// What every request carrying the same expression pays: a cache hit and
// the binding, no parse.
void BM_ExpressionBindCached(benchmark::State& state) {
  AttributeNames names = Names();
  AttributeValues values = Values();
  for (auto _ : state) {
    ExpressionBinder binder(Bindings{&names, &values});
    auto bound = binder.BindCondition(kFilter, ExpressionKind::kFilter);
    if (!bound.ok()) state.SkipWithError("bind failed");
  }
}
BENCHMARK(BM_ExpressionBindCached);

// A text never seen before: parse and bind (the cache is emptied each time).
void BM_ExpressionParseAndBind(benchmark::State& state) {
  AttributeNames names = Names();
  AttributeValues values = Values();
  for (auto _ : state) {
    ClearExpressionCache();
    ExpressionBinder binder(Bindings{&names, &values});
    auto bound = binder.BindCondition(kFilter, ExpressionKind::kFilter);
    if (!bound.ok()) state.SkipWithError("bind failed");
  }
}
BENCHMARK(BM_ExpressionParseAndBind);

void BM_ExpressionEvaluate(benchmark::State& state) {
  AttributeNames names = Names();
  AttributeValues values = Values();
  ExpressionBinder binder(Bindings{&names, &values});
  auto bound = binder.BindCondition(kFilter, ExpressionKind::kFilter);
  if (!bound.ok()) {
    state.SkipWithError("bind failed");
    return;
  }
  const Item& item = SampleItem();
  for (auto _ : state) benchmark::DoNotOptimize(bound->Evaluate(item));
}
BENCHMARK(BM_ExpressionEvaluate);

}  // namespace
}  // namespace dynarock
