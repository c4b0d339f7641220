// Requests for the benchmarks, built before timing (bench/*.cc).
#ifndef DYNAROCK_BENCH_POOL_H_
#define DYNAROCK_BENCH_POOL_H_

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

namespace dynarock {

// Requests are built before timing, kPool at a time, and moved into the
// operation: the figures are the engine's alone. (Pausing the timer around
// each request's construction would cost more than a GetItem.) A pool is
// small, some tens of KB, so that a request is still in the CPU's caches
// when it is used, as one its caller has just built or parsed is. Pools of
// 16,384 requests left each one cold by its turn: a PutItem then also paid
// for cache misses on its own request, about 1.5 us of 6 on this machine.
constexpr size_t kPool = 64;

template <typename T>
class Pool {
 public:
  explicit Pool(std::function<T()> make, size_t size = kPool)
      : make_(std::move(make)), size_(size) {}
  // The next request; refills the pool, untimed, when it runs out.
  T Next(benchmark::State& state) {
    if (next_ == pool_.size()) {
      state.PauseTiming();
      pool_.clear();
      for (size_t i = 0; i < size_; ++i) pool_.push_back(make_());
      next_ = 0;
      state.ResumeTiming();
    }
    return std::move(pool_[next_++]);
  }
  // Runs `op` on each request for as many iterations as the benchmark
  // takes. An error (`op` answers its message; empty: none) skips the
  // benchmark and ends the loop, as no timing call may follow it.
  template <typename Op>
  void Run(benchmark::State& state, Op op) {
    for (auto _ : state) {
      const std::string error = op(Next(state));
      if (!error.empty()) {
        state.SkipWithError(error.c_str());
        break;
      }
    }
  }

 private:
  std::function<T()> make_;
  size_t size_;
  std::vector<T> pool_;
  size_t next_ = 0;
};

}  // namespace dynarock

#endif  // DYNAROCK_BENCH_POOL_H_
