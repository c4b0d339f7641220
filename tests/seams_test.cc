// The engine's seams: the Clock (engine/clock.h), the LockTable
// (engine/ops/lock_table.h), the IdempotencyCache
// (engine/ops/idempotency_cache.h) and the JobRunner
// (engine/jobs/job_runner.h), each on its own; then an Engine given a
// ManualClock (EngineOptions::clock).
//
// Concurrency is arranged with latches and condition variables, never by
// sleeping; a wait that could hang on a bug is bounded by kHangGuard,
// which only turns a hang into a failure and is never what a test checks.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <future>
#include <latch>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "engine/clock.h"
#include "engine/engine.h"
#include "engine/format/key_codec.h"
#include "engine/jobs/job_runner.h"
#include "engine/ops/idempotency_cache.h"
#include "engine/ops/lock_table.h"
#include "engine/requests.h"
#include "engine/status.h"

namespace dynarock {
namespace {

using namespace std::chrono_literals;
using AV = AttributeValue;

constexpr auto kHangGuard = std::chrono::seconds(10);

// Something to wait for: Set() once, Wait() until it is.
class Event {
 public:
  void Set() {
    {
      std::lock_guard lock(mu_);
      set_ = true;
    }
    cv_.notify_all();
  }
  // True once set; false only when the guard ran out (a hang).
  [[nodiscard]] bool Wait() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kHangGuard, [&] { return set_; });
  }
  bool IsSet() {
    std::lock_guard lock(mu_);
    return set_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool set_ = false;
};

std::string Outcome(const Status& s) {
  return s.ok() ? "OK"
                : "ErrorType(" + std::to_string(static_cast<int>(s.type())) +
                      "): " + s.message();
}
std::string Outcome(ErrorType type, const std::string& message) {
  return Outcome(Status(type, message));
}

// ================================================================ Clock

double SystemNowMicros() {
  using namespace std::chrono;
  return static_cast<double>(
             duration_cast<microseconds>(system_clock::now().time_since_epoch())
                 .count()) /
         1e6;
}

TEST(ClockTest, SystemReadsTheRealTime) {
  const double before = SystemNowMicros();
  const double now = Clock::System().Now();
  const double after = SystemNowMicros();
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
}

TEST(ClockTest, SystemIsOneClock) {
  EXPECT_EQ(&Clock::System(), &Clock::System());
}

TEST(ClockTest, SystemHasMicrosecondResolutionInSeconds) {
  const double now = Clock::System().Now();
  // Seconds since the epoch (after 2020-01-01, before 2100-01-01), not
  // milliseconds or microseconds.
  EXPECT_GT(now, 1577836800.0);
  EXPECT_LT(now, 4102444800.0);
  // A whole number of microseconds.
  const double micros = now * 1e6;
  EXPECT_NEAR(micros, std::round(micros), 1.0);
}

TEST(ManualClockTest, StartsAtTheGivenTime) {
  ManualClock clock(1234.5);
  EXPECT_EQ(clock.Now(), 1234.5);
}

TEST(ManualClockTest, StandsStillUntilTold) {
  ManualClock clock(1234.5);
  EXPECT_EQ(clock.Now(), 1234.5);
  EXPECT_EQ(clock.Now(), 1234.5);
}

TEST(ManualClockTest, SetMovesToTheGivenTimeForwardOrBack) {
  ManualClock clock(1000);
  clock.Set(5000.25);
  EXPECT_EQ(clock.Now(), 5000.25);
  clock.Set(10);
  EXPECT_EQ(clock.Now(), 10.0);
}

TEST(ManualClockTest, AdvanceAddsTheDelta) {
  ManualClock clock(1000);
  clock.Advance(601);
  EXPECT_EQ(clock.Now(), 1601.0);
  clock.Advance(0.5);
  EXPECT_EQ(clock.Now(), 1601.5);
}

TEST(ManualClockTest, AdvanceByANegativeDeltaMovesBack) {
  ManualClock clock(1000);
  clock.Advance(-250.5);
  EXPECT_EQ(clock.Now(), 749.5);
}

TEST(ManualClockTest, ConcurrentAdvancesSumExactly) {
  // Halves and whole numbers well below 2^53: every partial sum is exact,
  // so a lost update would show.
  constexpr int kThreads = 4;
  constexpr int kAdvances = 20000;
  ManualClock clock(1000);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kAdvances; ++i) clock.Advance(t % 2 ? 0.5 : 1.0);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(clock.Now(), 1000.0 + 2 * kAdvances * 1.0 + 2 * kAdvances * 0.5);
}

TEST(ManualClockTest, ReadersSeeEveryAdvanceInOrder) {
  constexpr int kAdvances = 20000;
  ManualClock clock(0);
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < kAdvances; ++i) clock.Advance(1);
    done = true;
  });
  double last = 0;
  bool monotonic = true;
  while (!done) {
    const double now = clock.Now();
    if (now < last || now != std::floor(now)) monotonic = false;
    last = now;
  }
  writer.join();
  EXPECT_TRUE(monotonic);
  EXPECT_EQ(clock.Now(), static_cast<double>(kAdvances));
}

// ================================================================ LockTable

std::string Key(int i) { return "key" + std::to_string(i); }

TEST(LockTableTest, ForMapsAKeyToTheSameStripeEveryTime) {
  LockTable locks;
  const std::string a = "item-a";
  const std::string a_copy = std::string("item-") + "a";
  std::mutex* first = &locks.For(a);
  EXPECT_EQ(&locks.For(a), first);
  EXPECT_EQ(&locks.For(a_copy), first);
  EXPECT_EQ(&locks.For(std::string_view(a_copy)), first);
}

TEST(LockTableTest, ForSpreadsKeysOverEveryStripe) {
  // 16384 keys over the 1024 stripes of lock_table.h: every stripe is hit.
  LockTable locks;
  std::set<std::mutex*> stripes;
  for (int i = 0; i < 16384; ++i) stripes.insert(&locks.For(Key(i)));
  EXPECT_EQ(stripes.size(), 1024u);
}

TEST(LockTableTest, ForPicksTheStripeOfThePartitionHash) {
  // lock_table.cc: stripe PartitionHash(key) % 1024.
  LockTable locks;
  for (int i = 0; i < 200; ++i) {
    for (int j = i + 1; j < 200; ++j) {
      const bool same_stripe =
          PartitionHash(Key(i)) % 1024 == PartitionHash(Key(j)) % 1024;
      EXPECT_EQ(&locks.For(Key(i)) == &locks.For(Key(j)), same_stripe)
          << Key(i) << " " << Key(j);
    }
  }
}

// Two distinct keys that share a stripe.
std::pair<std::string, std::string> CollidingKeys(LockTable& locks) {
  const std::string first = Key(0);
  for (int i = 1; i < 1000000; ++i) {
    if (&locks.For(Key(i)) == &locks.For(first)) return {first, Key(i)};
  }
  ADD_FAILURE() << "no two keys share a stripe";
  return {first, first};
}

// `n` keys on distinct stripes.
std::vector<std::string> DistinctStripeKeys(LockTable& locks, size_t n) {
  std::vector<std::string> keys;
  std::set<std::mutex*> seen;
  for (int i = 0; keys.size() < n; ++i) {
    if (seen.insert(&locks.For(Key(i))).second) keys.push_back(Key(i));
  }
  return keys;
}

std::vector<std::string_view> Views(const std::vector<std::string>& keys) {
  return std::vector<std::string_view>(keys.begin(), keys.end());
}

TEST(LockTableTest, AcquireLocksTheStripeOfEveryKey) {
  LockTable locks;
  const std::vector<std::string> keys = DistinctStripeKeys(locks, 3);
  auto held = locks.Acquire(Views(keys));
  ASSERT_EQ(held.size(), 3u);
  std::set<std::mutex*> want, got;
  for (const auto& k : keys) want.insert(&locks.For(k));
  for (const auto& l : held) {
    EXPECT_TRUE(l.owns_lock());
    got.insert(l.mutex());
  }
  EXPECT_EQ(got, want);
}

TEST(LockTableTest, AcquireTakesARepeatedKeysStripeOnce) {
  LockTable locks;
  const std::vector<std::string> keys = {"x", "x", "x"};
  auto held = locks.Acquire(Views(keys));
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].mutex(), &locks.For("x"));
  EXPECT_TRUE(held[0].owns_lock());
}

TEST(LockTableTest, AcquireTakesASharedStripeOfDistinctKeysOnce) {
  LockTable locks;
  const auto [a, b] = CollidingKeys(locks);
  ASSERT_NE(a, b);
  const std::vector<std::string> keys = {a, Key(-1), b};
  auto held = locks.Acquire(Views(keys));
  const size_t distinct = &locks.For(Key(-1)) == &locks.For(a) ? 1 : 2;
  EXPECT_EQ(held.size(), distinct);
}

TEST(LockTableTest, AcquireOfNoKeysHoldsNothing) {
  LockTable locks;
  EXPECT_TRUE(locks.Acquire({}).empty());
}

TEST(LockTableTest, AcquireTakesStripesInOneOrderWhateverTheKeysOrder) {
  LockTable locks;
  std::vector<std::string> keys = DistinctStripeKeys(locks, 8);
  std::vector<std::mutex*> first_order;
  {
    auto held = locks.Acquire(Views(keys));
    for (const auto& l : held) first_order.push_back(l.mutex());
  }
  ASSERT_EQ(first_order.size(), 8u);
  for (size_t i = 1; i < first_order.size(); ++i)
    EXPECT_LT(first_order[i - 1], first_order[i]) << i;
  std::reverse(keys.begin(), keys.end());
  std::vector<std::mutex*> reversed_order;
  {
    auto held = locks.Acquire(Views(keys));
    for (const auto& l : held) reversed_order.push_back(l.mutex());
  }
  EXPECT_EQ(reversed_order, first_order);
}

TEST(LockTableTest, AcquireHoldsTheStripesUntilReleased) {
  LockTable locks;
  const std::vector<std::string> keys = {"a", "b"};
  auto held = locks.Acquire(Views(keys));
  auto try_lock_elsewhere = [&](const std::string& k) {
    return std::async(std::launch::async,
                      [&] {
                        std::mutex& m = locks.For(k);
                        if (!m.try_lock()) return false;
                        m.unlock();
                        return true;
                      })
        .get();
  };
  EXPECT_FALSE(try_lock_elsewhere("a"));
  EXPECT_FALSE(try_lock_elsewhere("b"));
  held.clear();
  EXPECT_TRUE(try_lock_elsewhere("a"));
  EXPECT_TRUE(try_lock_elsewhere("b"));
}

TEST(LockTableTest, OppositeOrderAcquiresOfOverlappingKeysNeverDeadlock) {
  // Thread A takes keys 0..6 in order, thread B keys 9..3 in reverse:
  // locked in the given order, they would deadlock on 3..6 soon enough.
  constexpr int kIterations = 20000;
  LockTable locks;
  const std::vector<std::string> all = DistinctStripeKeys(locks, 10);
  const std::vector<std::string> a_keys(all.begin(), all.begin() + 7);
  const std::vector<std::string> b_keys(all.rbegin(), all.rbegin() + 7);
  int64_t shared = 0;  // guarded by the stripes of keys 3..6
  std::latch start(2);
  auto run = [&](const std::vector<std::string>& keys) {
    const auto views = Views(keys);
    start.arrive_and_wait();
    for (int i = 0; i < kIterations; ++i) {
      auto held = locks.Acquire(views);
      ++shared;
    }
  };
  std::thread a(run, std::cref(a_keys));
  std::thread b(run, std::cref(b_keys));
  a.join();
  b.join();
  EXPECT_EQ(shared, 2 * kIterations);
}

TEST(LockTableTest, ShuffledAcquiresOfOverlappingKeysNeverDeadlock) {
  constexpr int kThreads = 4;
  constexpr int kIterations = 5000;
  LockTable locks;
  const std::vector<std::string> all = DistinctStripeKeys(locks, 12);
  int64_t shared = 0;  // guarded by the stripe of all[5], in every set
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::string> keys(all.begin() + t, all.begin() + t + 6);
      std::mt19937 rng(t);
      start.arrive_and_wait();
      for (int i = 0; i < kIterations; ++i) {
        std::shuffle(keys.begin(), keys.end(), rng);
        auto held = locks.Acquire(Views(keys));
        ++shared;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(shared, int64_t{kThreads} * kIterations);
}

TEST(LockTableTest, InTransactionIsFalseWhenNothingIsRegistered) {
  LockTable locks;
  EXPECT_FALSE(locks.InTransaction("a"));
}

TEST(LockTableTest, RegisterTransactionRegistersEveryKeyWhenNoneIsTaken) {
  LockTable locks;
  const std::vector<std::string> keys = {"a", "b", "c"};
  EXPECT_EQ(locks.RegisterTransaction(keys), std::vector<size_t>{});
  EXPECT_TRUE(locks.InTransaction("a"));
  EXPECT_TRUE(locks.InTransaction("b"));
  EXPECT_TRUE(locks.InTransaction("c"));
  EXPECT_FALSE(locks.InTransaction("d"));
}

TEST(LockTableTest, RegisterTransactionReturnsThePositionsOfTakenKeys) {
  LockTable locks;
  ASSERT_EQ(locks.RegisterTransaction({"a", "b"}), std::vector<size_t>{});
  EXPECT_EQ(locks.RegisterTransaction({"c", "a", "d", "b", "e"}),
            (std::vector<size_t>{1, 3}));
}

TEST(LockTableTest, RegisterTransactionRegistersNothingWhenAKeyIsTaken) {
  LockTable locks;
  ASSERT_EQ(locks.RegisterTransaction({"a"}), std::vector<size_t>{});
  ASSERT_EQ(locks.RegisterTransaction({"c", "a", "d"}), std::vector<size_t>{1});
  EXPECT_FALSE(locks.InTransaction("c"));
  EXPECT_FALSE(locks.InTransaction("d"));
  // And so a transaction on them alone goes through.
  EXPECT_EQ(locks.RegisterTransaction({"c", "d"}), std::vector<size_t>{});
}

TEST(LockTableTest, UnregisterTransactionFreesItsKeys) {
  LockTable locks;
  const std::vector<std::string> keys = {"a", "b"};
  ASSERT_EQ(locks.RegisterTransaction(keys), std::vector<size_t>{});
  locks.UnregisterTransaction(keys);
  EXPECT_FALSE(locks.InTransaction("a"));
  EXPECT_FALSE(locks.InTransaction("b"));
  EXPECT_EQ(locks.RegisterTransaction(keys), std::vector<size_t>{});
}

TEST(LockTableTest, UnregisterTransactionLeavesOtherTransactionsKeys) {
  LockTable locks;
  const std::vector<std::string> first = {"a", "b"};
  const std::vector<std::string> second = {"c"};
  ASSERT_EQ(locks.RegisterTransaction(first), std::vector<size_t>{});
  ASSERT_EQ(locks.RegisterTransaction(second), std::vector<size_t>{});
  locks.UnregisterTransaction(first);
  EXPECT_FALSE(locks.InTransaction("a"));
  EXPECT_TRUE(locks.InTransaction("c"));
  EXPECT_EQ(locks.RegisterTransaction({"c"}), std::vector<size_t>{0});
}

TEST(LockTableTest, RegistrationDoesNotLockTheStripes) {
  // Nobody waits on the registry: a registered key's stripe is free.
  LockTable locks;
  ASSERT_EQ(locks.RegisterTransaction({"a"}), std::vector<size_t>{});
  std::mutex& m = locks.For("a");
  ASSERT_TRUE(m.try_lock());
  m.unlock();
}

TEST(TransactionRegistrationTest, UnregistersOnScopeExit) {
  LockTable locks;
  const std::vector<std::string> keys = {"a", "b"};
  ASSERT_EQ(locks.RegisterTransaction(keys), std::vector<size_t>{});
  {
    TransactionRegistration registration(locks, keys);
    EXPECT_TRUE(locks.InTransaction("a"));
    EXPECT_TRUE(locks.InTransaction("b"));
  }
  EXPECT_FALSE(locks.InTransaction("a"));
  EXPECT_FALSE(locks.InTransaction("b"));
  EXPECT_EQ(locks.RegisterTransaction(keys), std::vector<size_t>{});
}

TEST(TransactionRegistrationTest, UnregistersWhenAnExceptionLeavesTheScope) {
  LockTable locks;
  const std::vector<std::string> keys = {"a"};
  ASSERT_EQ(locks.RegisterTransaction(keys), std::vector<size_t>{});
  try {
    TransactionRegistration registration(locks, keys);
    throw std::runtime_error("failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_FALSE(locks.InTransaction("a"));
}

TEST(TransactionRegistrationTest, UnregistersOnlyItsOwnKeys) {
  LockTable locks;
  const std::vector<std::string> mine = {"a"};
  ASSERT_EQ(locks.RegisterTransaction(mine), std::vector<size_t>{});
  ASSERT_EQ(locks.RegisterTransaction({"b"}), std::vector<size_t>{});
  { TransactionRegistration registration(locks, mine); }
  EXPECT_FALSE(locks.InTransaction("a"));
  EXPECT_TRUE(locks.InTransaction("b"));
}

// ================================================================
// IdempotencyCache

using Cache = IdempotencyCache<std::string>;

constexpr char kInProgress[] =
    "Transaction from previous request is still in progress";
constexpr char kMismatch[] =
    "Request parameters do not match the original request for this client "
    "token";

class IdempotencyCacheTest : public testing::Test {
 protected:
  // Completes a request carrying `token` at the clock's time with
  // `response`, and ends its claim.
  void Record(const std::string& token, const std::string& fingerprint,
              const std::string& response) {
    std::optional<std::string> replay;
    Cache::Claim claim;
    ASSERT_EQ(Outcome(cache_.Begin(token, fingerprint, &replay, &claim)), "OK");
    ASSERT_EQ(replay, std::nullopt);
    claim.Complete(response);
  }

  ManualClock clock_{1000};
  Cache cache_{clock_};
};

TEST_F(IdempotencyCacheTest, WindowIsTenMinutes) {
  EXPECT_EQ(Cache::kWindowSeconds, 600.0);
}

TEST_F(IdempotencyCacheTest, BeginWithANewTokenClaimsIt) {
  std::optional<std::string> replay;
  Cache::Claim claim;
  EXPECT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &claim)), "OK");
  EXPECT_EQ(replay, std::nullopt);
  // Claimed: another request with the token is refused.
  std::optional<std::string> replay2;
  Cache::Claim claim2;
  EXPECT_EQ(Outcome(cache_.Begin("t", "fp", &replay2, &claim2)),
            Outcome(ErrorType::kTransactionInProgressException, kInProgress));
}

TEST_F(IdempotencyCacheTest, ConcurrentBeginWithAClaimedTokenIsInProgress) {
  std::optional<std::string> replay;
  Cache::Claim claim;
  ASSERT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &claim)), "OK");
  const std::string other = std::async(std::launch::async, [&] {
                              std::optional<std::string> r;
                              Cache::Claim c;
                              return Outcome(cache_.Begin("t", "fp", &r, &c));
                            }).get();
  EXPECT_EQ(other,
            Outcome(ErrorType::kTransactionInProgressException, kInProgress));
}

TEST_F(IdempotencyCacheTest, BeginWithOtherParametersWhileClaimedIsInProgress) {
  std::optional<std::string> replay;
  Cache::Claim claim;
  ASSERT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &claim)), "OK");
  std::optional<std::string> replay2;
  Cache::Claim claim2;
  EXPECT_EQ(Outcome(cache_.Begin("t", "other", &replay2, &claim2)),
            Outcome(ErrorType::kTransactionInProgressException, kInProgress));
}

TEST_F(IdempotencyCacheTest, RacingBeginsClaimATokenOnce) {
  constexpr int kThreads = 8;
  std::latch start(kThreads);
  std::latch done(kThreads);
  std::atomic<int> claimed{0}, in_progress{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      std::optional<std::string> replay;
      Cache::Claim claim;  // held until every thread has begun
      start.arrive_and_wait();
      const Status s = cache_.Begin("t", "fp", &replay, &claim);
      if (s.ok()) {
        ++claimed;
      } else if (Outcome(s) ==
                 Outcome(ErrorType::kTransactionInProgressException,
                         kInProgress)) {
        ++in_progress;
      }
      done.arrive_and_wait();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(claimed, 1);
  EXPECT_EQ(in_progress, kThreads - 1);
}

TEST_F(IdempotencyCacheTest, TokensAreIndependent) {
  std::optional<std::string> replay;
  Cache::Claim claim;
  ASSERT_EQ(Outcome(cache_.Begin("t1", "fp", &replay, &claim)), "OK");
  std::optional<std::string> replay2;
  Cache::Claim claim2;
  EXPECT_EQ(Outcome(cache_.Begin("t2", "fp", &replay2, &claim2)), "OK");
  EXPECT_EQ(replay2, std::nullopt);
}

TEST_F(IdempotencyCacheTest, CompletedTokenReplaysTheRecordedResponse) {
  Record("t", "fp", "first answer");
  for (int i = 0; i < 2; ++i) {
    std::optional<std::string> replay;
    Cache::Claim claim;
    EXPECT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &claim)), "OK");
    EXPECT_EQ(replay, std::optional<std::string>("first answer")) << i;
  }
}

TEST_F(IdempotencyCacheTest, CompletedTokenReplaysBeforeItsClaimEnds) {
  std::optional<std::string> replay;
  Cache::Claim claim;
  ASSERT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &claim)), "OK");
  claim.Complete("answer");
  std::optional<std::string> replay2;
  Cache::Claim claim2;
  EXPECT_EQ(Outcome(cache_.Begin("t", "fp", &replay2, &claim2)), "OK");
  EXPECT_EQ(replay2, std::optional<std::string>("answer"));
}

TEST_F(IdempotencyCacheTest, CompletedTokenWithOtherParametersIsAMismatch) {
  Record("t", "fp", "answer");
  std::optional<std::string> replay;
  Cache::Claim claim;
  EXPECT_EQ(
      Outcome(cache_.Begin("t", "other fp", &replay, &claim)),
      Outcome(ErrorType::kIdempotentParameterMismatchException, kMismatch));
  EXPECT_EQ(replay, std::nullopt);
}

TEST_F(IdempotencyCacheTest, ReplayLeavesTheTokenUnclaimed) {
  Record("t", "fp", "answer");
  {
    std::optional<std::string> replay;
    Cache::Claim claim;
    ASSERT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &claim)), "OK");
    ASSERT_EQ(replay, std::optional<std::string>("answer"));
    // A Claim that was not given the token records nothing.
    claim.Complete("overwritten?");
  }
  std::optional<std::string> replay;
  Cache::Claim claim;
  ASSERT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &claim)), "OK");
  EXPECT_EQ(replay, std::optional<std::string>("answer"));
}

TEST_F(IdempotencyCacheTest, TokenReplaysExactlyAtTheEndOfTheWindow) {
  Record("t", "fp", "answer");
  clock_.Set(1000 + Cache::kWindowSeconds);
  std::optional<std::string> replay;
  Cache::Claim claim;
  EXPECT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &claim)), "OK");
  EXPECT_EQ(replay, std::optional<std::string>("answer"));
}

TEST_F(IdempotencyCacheTest,
       OtherParametersAreAMismatchExactlyAtTheEndOfTheWindow) {
  Record("t", "fp", "answer");
  clock_.Set(1600);
  std::optional<std::string> replay;
  Cache::Claim claim;
  EXPECT_EQ(
      Outcome(cache_.Begin("t", "other", &replay, &claim)),
      Outcome(ErrorType::kIdempotentParameterMismatchException, kMismatch));
}

TEST_F(IdempotencyCacheTest, TokenIsNewJustPastTheWindow) {
  Record("t", "fp", "answer");
  clock_.Set(std::nextafter(1600.0, 2000.0));
  std::optional<std::string> replay;
  Cache::Claim claim;
  EXPECT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &claim)), "OK");
  EXPECT_EQ(replay, std::nullopt);
  // Claimed anew.
  std::optional<std::string> replay2;
  Cache::Claim claim2;
  EXPECT_EQ(Outcome(cache_.Begin("t", "fp", &replay2, &claim2)),
            Outcome(ErrorType::kTransactionInProgressException, kInProgress));
}

TEST_F(IdempotencyCacheTest, OtherParametersAreAcceptedPastTheWindow) {
  Record("t", "fp", "answer");
  clock_.Advance(601);
  std::optional<std::string> replay;
  Cache::Claim claim;
  EXPECT_EQ(Outcome(cache_.Begin("t", "other", &replay, &claim)), "OK");
  EXPECT_EQ(replay, std::nullopt);
  claim.Complete("second answer");
  std::optional<std::string> replay2;
  Cache::Claim claim2;
  EXPECT_EQ(Outcome(cache_.Begin("t", "other", &replay2, &claim2)), "OK");
  EXPECT_EQ(replay2, std::optional<std::string>("second answer"));
}

TEST_F(IdempotencyCacheTest, WindowStartsWhenTheRequestCompletes) {
  std::optional<std::string> replay;
  {
    Cache::Claim claim;
    ASSERT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &claim)), "OK");
    clock_.Advance(300);  // the request runs for five minutes
    claim.Complete("answer");
  }
  clock_.Set(1300 + 600);
  Cache::Claim claim;
  ASSERT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &claim)), "OK");
  EXPECT_EQ(replay, std::optional<std::string>("answer"));
  clock_.Set(std::nextafter(1900.0, 2000.0));
  replay.reset();
  Cache::Claim claim2;
  ASSERT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &claim2)), "OK");
  EXPECT_EQ(replay, std::nullopt);
}

TEST_F(IdempotencyCacheTest, ClaimEndedWithoutCompleteFreesTheToken) {
  {
    std::optional<std::string> replay;
    Cache::Claim claim;
    ASSERT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &claim)), "OK");
  }
  std::optional<std::string> replay;
  Cache::Claim claim;
  EXPECT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &claim)), "OK");
  EXPECT_EQ(replay, std::nullopt);
}

TEST_F(IdempotencyCacheTest,
       ClaimEndedWithoutCompleteLeavesNoParametersBehind) {
  {
    std::optional<std::string> replay;
    Cache::Claim claim;
    ASSERT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &claim)), "OK");
  }
  std::optional<std::string> replay;
  Cache::Claim claim;
  EXPECT_EQ(Outcome(cache_.Begin("t", "other", &replay, &claim)), "OK");
  EXPECT_EQ(replay, std::nullopt);
}

TEST_F(IdempotencyCacheTest, MovedClaimReleasesTheTokenOnceWhenTheLastEnds) {
  std::optional<std::string> replay;
  auto moved = std::make_unique<Cache::Claim>();
  {
    Cache::Claim claim;
    ASSERT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &claim)), "OK");
    moved = std::make_unique<Cache::Claim>(std::move(claim));
  }
  // The moved-from claim ended: the token is still claimed.
  Cache::Claim other;
  EXPECT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &other)),
            Outcome(ErrorType::kTransactionInProgressException, kInProgress));
  moved->Complete("answer");
  moved.reset();
  Cache::Claim after;
  EXPECT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &after)), "OK");
  EXPECT_EQ(replay, std::optional<std::string>("answer"));
}

TEST_F(IdempotencyCacheTest, ExpiredTokenStillRunningIsInProgress) {
  // A request completed long ago whose claim has not ended yet.
  std::optional<std::string> replay;
  Cache::Claim claim;
  ASSERT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &claim)), "OK");
  claim.Complete("answer");
  clock_.Advance(601);
  Cache::Claim other;
  EXPECT_EQ(Outcome(cache_.Begin("t", "fp", &replay, &other)),
            Outcome(ErrorType::kTransactionInProgressException, kInProgress));
}

// ================================================================ JobRunner

// Work that takes a little CPU time and never gives up its thread, so
// that a loaded machine cannot stretch it the way it stretches yields.
void BusyWork(int iterations) {
  volatile uint64_t sink = 0;
  for (int i = 0; i < iterations; ++i) sink = sink + i;
}

// Names of jobs in the order they ran.
class Trace {
 public:
  void Add(std::string s) {
    std::lock_guard lock(mu_);
    entries_.push_back(std::move(s));
  }
  std::vector<std::string> Get() {
    std::lock_guard lock(mu_);
    return entries_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> entries_;
};

TEST(JobRunnerTest, JobsSubmittedBeforeStartRunAfterItInOrder) {
  JobRunner runner;
  Trace trace;
  for (const char* name : {"a", "b", "c"})
    runner.Submit(name, [&, name](const StopToken&) { trace.Add(name); });
  // No thread before Start: nothing can have run.
  EXPECT_EQ(trace.Get(), std::vector<std::string>{});
  runner.Start();
  runner.WaitIdle();
  EXPECT_EQ(trace.Get(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(JobRunnerTest, JobsRunInTheOrderSubmitted) {
  JobRunner runner;
  runner.Start();
  std::vector<int> order;  // one thread: written by one job at a time
  for (int i = 0; i < 100; ++i)
    runner.Submit("n", [&, i](const StopToken&) { order.push_back(i); });
  runner.WaitIdle();
  std::vector<int> want(100);
  for (int i = 0; i < 100; ++i) want[i] = i;
  EXPECT_EQ(order, want);
}

// WaitIdle from a job waits for the other threads' jobs, not for itself.
TEST(JobRunnerTest, WaitIdleFromAJobWaitsForTheOthersOnly) {
  JobRunner runner(2);
  Event other_started, release_other, waited;
  runner.Start();
  runner.Submit("other", [&](const StopToken&) {
    other_started.Set();
    EXPECT_TRUE(release_other.Wait());
  });
  ASSERT_TRUE(other_started.Wait());
  runner.Submit("waiter", [&](const StopToken&) {
    runner.WaitIdle();
    waited.Set();
  });
  // The waiter is blocked on the other job, not on itself.
  EXPECT_FALSE(waited.IsSet());
  release_other.Set();
  EXPECT_TRUE(waited.Wait());
  runner.WaitIdle();
}

TEST(JobRunnerTest, StartTwiceStartsOnce) {
  JobRunner runner;
  runner.Start();
  runner.Start();
  Trace trace;
  runner.Submit("a", [&](const StopToken&) { trace.Add("a"); });
  runner.WaitIdle();
  EXPECT_EQ(trace.Get(), std::vector<std::string>{"a"});
}

TEST(JobRunnerTest, SubmitAfterStopIsIgnored) {
  JobRunner runner;
  runner.Start();
  runner.Stop();
  std::atomic<int> ran{0};
  runner.Submit("late", [&](const StopToken&) { ++ran; });
  runner.WaitIdle();
  runner.Start();  // a stopped runner does not start again
  runner.WaitIdle();
  EXPECT_EQ(ran, 0);
}

TEST(JobRunnerTest, StopSetsTheStopTokenARunningJobSees) {
  JobRunner runner;
  Event started;
  std::atomic<bool> saw_stop{false};
  runner.Submit("poller", [&](const StopToken& stop) {
    EXPECT_FALSE(stop.stop_requested());
    started.Set();
    while (!stop.stop_requested()) std::this_thread::yield();
    saw_stop = true;
  });
  runner.Start();
  ASSERT_TRUE(started.Wait());
  runner.Stop();
  EXPECT_TRUE(saw_stop);
}

TEST(JobRunnerTest, StopJoinsARunningJob) {
  JobRunner runner;
  Event started;
  std::atomic<bool> returned{false};
  runner.Submit("slow to stop", [&](const StopToken& stop) {
    started.Set();
    while (!stop.stop_requested()) std::this_thread::yield();
    // Work after the stop is seen, which Stop must still wait for.
    BusyWork(2000000);
    returned = true;
  });
  runner.Start();
  ASSERT_TRUE(started.Wait());
  runner.Stop();
  EXPECT_TRUE(returned);
}

TEST(JobRunnerTest, StopDropsQueuedJobs) {
  JobRunner runner;
  Event started;
  std::atomic<int> queued_ran{0};
  runner.Submit("blocker", [&](const StopToken& stop) {
    started.Set();
    while (!stop.stop_requested()) std::this_thread::yield();
  });
  runner.Submit("queued 1", [&](const StopToken&) { ++queued_ran; });
  runner.Submit("queued 2", [&](const StopToken&) { ++queued_ran; });
  runner.Start();
  ASSERT_TRUE(started.Wait());
  runner.Stop();
  EXPECT_EQ(queued_ran, 0);
}

TEST(JobRunnerTest, StopBeforeStartDropsQueuedJobs) {
  std::atomic<int> ran{0};
  {
    JobRunner runner;
    runner.Submit("never", [&](const StopToken&) { ++ran; });
    runner.Stop();
    runner.Start();
    runner.WaitIdle();
  }
  EXPECT_EQ(ran, 0);
}

TEST(JobRunnerTest, StopIsIdempotent) {
  JobRunner runner;
  std::atomic<int> ran{0};
  runner.Start();
  runner.Submit("a", [&](const StopToken&) { ++ran; });
  runner.WaitIdle();
  runner.Stop();
  runner.Stop();
  EXPECT_EQ(ran, 1);
}

// Stop "waits for running jobs to return", whoever else is stopping the
// runner at the same time. The job, once stopping, keeps running until the
// second Stop returns or for 100 ms: a Stop that waits for it is never seen
// returning early, whatever the timing (the bound only ends the wait).
TEST(JobRunnerTest, ConcurrentStopsBothWaitForTheRunningJob) {
  JobRunner runner;
  Event started, stopping;
  std::atomic<bool> second_returned{false};
  std::atomic<bool> second_returned_while_running{false};
  runner.Submit("slow to stop", [&](const StopToken& stop) {
    started.Set();
    while (!stop.stop_requested()) std::this_thread::yield();
    stopping.Set();
    const auto until = std::chrono::steady_clock::now() + 100ms;
    while (!second_returned && std::chrono::steady_clock::now() < until) {
    }
    second_returned_while_running = second_returned.load();
  });
  runner.Start();
  ASSERT_TRUE(started.Wait());
  std::thread first([&] { runner.Stop(); });
  const bool job_saw_stop = stopping.Wait();
  runner.Stop();
  second_returned = true;
  first.join();
  EXPECT_TRUE(job_saw_stop);
  EXPECT_FALSE(second_returned_while_running);
}

TEST(JobRunnerTest, DestructorStopsARunningJob) {
  Event started;
  std::atomic<bool> returned{false};
  {
    JobRunner runner;
    runner.Submit("poller", [&](const StopToken& stop) {
      started.Set();
      while (!stop.stop_requested()) std::this_thread::yield();
      returned = true;
    });
    runner.Start();
    ASSERT_TRUE(started.Wait());
  }
  EXPECT_TRUE(returned);
}

TEST(JobRunnerTest, EveryRunsAPeriodicJobRepeatedlyUntilStop) {
  JobRunner runner;
  std::mutex mu;
  std::condition_variable cv;
  int runs = 0;
  runner.Every("tick", 1ms, [&](const StopToken&) {
    std::lock_guard lock(mu);
    ++runs;
    cv.notify_all();
  });
  runner.Start();
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, kHangGuard, [&] { return runs >= 5; }));
  }
  runner.Stop();
  int after_stop;
  {
    std::lock_guard lock(mu);
    after_stop = runs;
  }
  EXPECT_GE(after_stop, 5);
  // The threads are joined: nothing runs any more.
  runner.WaitIdle();
  std::lock_guard lock(mu);
  EXPECT_EQ(runs, after_stop);
}

TEST(JobRunnerTest, EveryAfterStopIsIgnored) {
  JobRunner runner;
  runner.Start();
  runner.Stop();
  std::atomic<int> ran{0};
  runner.Every("late", 1ms, [&](const StopToken&) { ++ran; });
  runner.Start();
  runner.WaitIdle();
  EXPECT_EQ(ran, 0);
}

TEST(JobRunnerTest, PeriodicJobNeverRunsTwiceAtOnce) {
  JobRunner runner(3);
  std::atomic<int> inside{0}, overlaps{0}, runs{0};
  Event enough;
  runner.Every("tick", 1ms, [&](const StopToken&) {
    if (++inside > 1) ++overlaps;
    BusyWork(20000);
    --inside;
    if (++runs == 20) enough.Set();
  });
  runner.Start();
  ASSERT_TRUE(enough.Wait());
  runner.Stop();
  EXPECT_EQ(overlaps, 0);
}

TEST(JobRunnerTest, PeriodicJobSeesTheStopToken) {
  JobRunner runner;
  Event started;
  std::atomic<bool> saw_stop{false};
  runner.Every("tick", 1ms, [&](const StopToken& stop) {
    if (started.IsSet()) return;
    started.Set();
    while (!stop.stop_requested()) std::this_thread::yield();
    saw_stop = true;
  });
  runner.Start();
  ASSERT_TRUE(started.Wait());
  runner.Stop();
  EXPECT_TRUE(saw_stop);
}

TEST(JobRunnerTest, WaitIdleWaitsForEveryQueuedJob) {
  JobRunner runner;
  std::atomic<int> done{0};
  for (int i = 0; i < 50; ++i) {
    runner.Submit("work", [&](const StopToken&) {
      BusyWork(20000);
      ++done;
    });
  }
  runner.Start();
  runner.WaitIdle();
  EXPECT_EQ(done, 50);
}

TEST(JobRunnerTest, WaitIdleWaitsForARunningJob) {
  JobRunner runner;
  Event release;
  std::atomic<bool> finished{false};
  runner.Submit("gated", [&](const StopToken&) {
    EXPECT_TRUE(release.Wait());
    finished = true;
  });
  runner.Start();
  // Opens the gate from elsewhere, whether or not WaitIdle waits already.
  std::thread opener([&] { release.Set(); });
  runner.WaitIdle();
  EXPECT_TRUE(finished);
  opener.join();
}

TEST(JobRunnerTest, WaitIdleIgnoresPeriodicJobsBetweenRuns) {
  JobRunner runner;
  std::atomic<int> ran{0};
  runner.Every("hourly", std::chrono::hours(1),
               [&](const StopToken&) { ++ran; });
  runner.Start();
  runner.WaitIdle();
  EXPECT_EQ(ran, 0);
}

TEST(JobRunnerTest, WaitIdleReturnsAtOnceWhenStopped) {
  JobRunner runner;
  runner.Submit("never", [](const StopToken&) {});
  runner.Stop();
  runner.WaitIdle();  // the queued job never runs: must not wait for it
  SUCCEED();
}

TEST(JobRunnerTest, AJobThatThrowsDoesNotStopTheRunner) {
  JobRunner runner;
  Trace trace;
  runner.Submit("thrower", [&](const StopToken&) {
    trace.Add("thrower");
    throw std::runtime_error("bad input");
  });
  runner.Submit("after", [&](const StopToken&) { trace.Add("after"); });
  testing::internal::CaptureStderr();
  runner.Start();
  runner.WaitIdle();
  const std::string log = testing::internal::GetCapturedStderr();
  EXPECT_EQ(trace.Get(), (std::vector<std::string>{"thrower", "after"}));
  EXPECT_EQ(log, "dynarock: background job thrower stopped: bad input\n");
}

TEST(JobRunnerTest, APeriodicJobThatThrowsRunsAgain) {
  JobRunner runner;
  std::atomic<int> runs{0};
  Event twice;
  testing::internal::CaptureStderr();
  runner.Every("flaky", 1ms, [&](const StopToken&) {
    if (++runs == 2) twice.Set();
    throw std::runtime_error("flake");
  });
  runner.Start();
  const bool ran_twice = twice.Wait();
  runner.Stop();
  testing::internal::GetCapturedStderr();
  EXPECT_TRUE(ran_twice);
}

TEST(JobRunnerTest, AJobMaySubmitAnotherJob) {
  JobRunner runner;
  Trace trace;
  runner.Submit("parent", [&](const StopToken&) {
    trace.Add("parent");
    runner.Submit("child", [&](const StopToken&) { trace.Add("child"); });
    trace.Add("parent done");
  });
  runner.Start();
  // The child was queued before the parent ended: WaitIdle waits for it.
  runner.WaitIdle();
  EXPECT_EQ(trace.Get(),
            (std::vector<std::string>{"parent", "parent done", "child"}));
}

TEST(JobRunnerTest, JobsRunOnSeveralThreadsAtOnce) {
  // Each job waits for the other: only two threads at once finish them.
  JobRunner runner(2);
  std::latch both(2);
  std::atomic<int> done{0};
  for (int i = 0; i < 2; ++i) {
    runner.Submit("pair", [&](const StopToken&) {
      both.arrive_and_wait();
      ++done;
    });
  }
  runner.Start();
  runner.WaitIdle();
  EXPECT_EQ(done, 2);
}

TEST(JobRunnerTest, ZeroThreadsMeansOne) {
  JobRunner runner(0);
  std::atomic<int> ran{0};
  runner.Submit("a", [&](const StopToken&) { ++ran; });
  runner.Start();
  runner.WaitIdle();
  EXPECT_EQ(ran, 1);
}

// "Every method may be called from any thread, jobs included" (job_runner.h),
// Stop() among them: a job that stops the runner returns, and the runner
// is stopped. Run in a child process: a failure aborts.
TEST(JobRunnerDeathTest, AJobMayStopTheRunner) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        std::promise<void> stopped;
        {
          JobRunner runner;
          runner.Submit("stopper", [&](const StopToken& stop) {
            runner.Stop();
            if (stop.stop_requested()) stopped.set_value();
          });
          runner.Start();
          stopped.get_future().wait();
        }
        std::exit(0);
      },
      testing::ExitedWithCode(0), "");
}

// A job that throws something other than a std::exception is dropped like
// one that throws a std::exception, and the runner goes on.
TEST(JobRunnerDeathTest,
     AJobThatThrowsANonStandardExceptionDoesNotStopTheRunner) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        std::atomic<bool> after{false};
        {
          JobRunner runner;
          runner.Submit("thrower", [](const StopToken&) { throw 42; });
          runner.Submit("after", [&](const StopToken&) { after = true; });
          runner.Start();
          runner.WaitIdle();
        }
        std::exit(after ? 0 : 1);
      },
      testing::ExitedWithCode(0), "");
}

// ================================================================ Engine with
// a ManualClock

constexpr double kEngineStart = 1000000000.25;  // 2001-09-09, far from now

class SeamEngineTest : public testing::Test {
 protected:
  void SetUp() override {
    EngineOptions options;
    options.in_memory = true;
    options.path = "seams_test_memdb";
    options.clock = &clock_;
    auto engine = Engine::Open(options);
    ASSERT_TRUE(engine.ok()) << Outcome(engine.status());
    engine_ = std::move(engine).value();

    CreateTableRequest req;
    req.table_name = "t";
    req.attribute_definitions = {{"pk", ValueType::kS}};
    req.key_schema = {{"pk", KeyType::kHash}};
    req.billing_mode = BillingMode::kPayPerRequest;
    auto created = engine_->CreateTable(ctx_, req);
    ASSERT_EQ(Outcome(created.status()), "OK");
  }

  // A TransactWriteItems that puts {pk: k, n: N(n)}, with a token and the
  // fingerprint the wire layer would compute from the parameters.
  static TransactWriteItemsRequest TxPut(const std::string& n,
                                         const std::string& token) {
    PutItemRequest put;
    put.table_name = "t";
    put.item = Item{{"pk", AV::S("k")}, {"n", AV::N(n)}};
    TransactWriteItem w;
    w.put = std::move(put);
    TransactWriteItemsRequest req;
    req.transact_items.push_back(std::move(w));
    req.client_request_token = token;
    req.fingerprint = "put t k n=" + n;
    return req;
  }

  std::string Transact(const std::string& n, const std::string& token) {
    return Outcome(engine_->TransactWriteItems(ctx_, TxPut(n, token)).status());
  }

  std::string Put(const std::string& n) {
    PutItemRequest req;
    req.table_name = "t";
    req.item = Item{{"pk", AV::S("k")}, {"n", AV::N(n)}};
    return Outcome(engine_->PutItem(ctx_, std::move(req)).status());
  }

  // The item's "n", or "missing".
  std::string N() {
    GetItemRequest req;
    req.table_name = "t";
    req.key = Item{{"pk", AV::S("k")}};
    req.consistent_read = true;
    auto r = engine_->GetItem(ctx_, std::move(req));
    EXPECT_EQ(Outcome(r.status()), "OK");
    if (!r.ok() || !r->item) return "missing";
    auto it = r->item->find("n");
    return it == r->item->end() ? "no n" : it->second.scalar();
  }

  ManualClock clock_{kEngineStart};
  RequestContext ctx_{"eu-west-3", "123456789012"};
  std::unique_ptr<Engine> engine_;
};

TEST_F(SeamEngineTest, CreationDateTimeIsTheClocksTime) {
  auto d = engine_->DescribeTable(ctx_, DescribeTableRequest{"t"});
  ASSERT_EQ(Outcome(d.status()), "OK");
  EXPECT_EQ(d->table.creation_date_time, kEngineStart);
}

TEST_F(SeamEngineTest, CreationDateTimeStaysWhenTheClockMoves) {
  clock_.Advance(3600);
  auto d = engine_->DescribeTable(ctx_, DescribeTableRequest{"t"});
  ASSERT_EQ(Outcome(d.status()), "OK");
  EXPECT_EQ(d->table.creation_date_time, kEngineStart);
}

TEST_F(SeamEngineTest, CreateTableAnswersTheClocksTime) {
  clock_.Set(1234567890.5);
  CreateTableRequest req;
  req.table_name = "later";
  req.attribute_definitions = {{"pk", ValueType::kS}};
  req.key_schema = {{"pk", KeyType::kHash}};
  req.billing_mode = BillingMode::kPayPerRequest;
  auto created = engine_->CreateTable(ctx_, req);
  ASSERT_EQ(Outcome(created.status()), "OK");
  EXPECT_EQ(created->table_description.creation_date_time, 1234567890.5);
  auto d = engine_->DescribeTable(ctx_, DescribeTableRequest{"later"});
  ASSERT_EQ(Outcome(d.status()), "OK");
  EXPECT_EQ(d->table.creation_date_time, 1234567890.5);
}

TEST_F(SeamEngineTest, TransactWriteItemsWithATokenReplaysWithoutWriting) {
  ASSERT_EQ(Transact("1", "token-1"), "OK");
  ASSERT_EQ(N(), "1");
  ASSERT_EQ(Put("2"), "OK");
  clock_.Advance(599);
  EXPECT_EQ(Transact("1", "token-1"), "OK");
  EXPECT_EQ(N(), "2");  // the replay wrote nothing
}

TEST_F(SeamEngineTest, TransactWriteItemsReplaysExactlyAtTheEndOfTheWindow) {
  ASSERT_EQ(Transact("1", "token-1"), "OK");
  ASSERT_EQ(Put("2"), "OK");
  clock_.Advance(600);
  EXPECT_EQ(Transact("1", "token-1"), "OK");
  EXPECT_EQ(N(), "2");
}

TEST_F(SeamEngineTest,
       TransactWriteItemsWithATokenAndOtherParametersIsAMismatch) {
  ASSERT_EQ(Transact("1", "token-1"), "OK");
  clock_.Advance(599);
  EXPECT_EQ(
      Transact("3", "token-1"),
      Outcome(ErrorType::kIdempotentParameterMismatchException, kMismatch));
  EXPECT_EQ(N(), "1");
}

TEST_F(SeamEngineTest, TransactWriteItemsTokenIsNewAfterTheWindow) {
  ASSERT_EQ(Transact("1", "token-1"), "OK");
  clock_.Advance(601);
  EXPECT_EQ(Transact("3", "token-1"), "OK");
  EXPECT_EQ(N(), "3");
}

TEST_F(SeamEngineTest,
       TransactWriteItemsSameRequestAppliesAgainAfterTheWindow) {
  ASSERT_EQ(Transact("1", "token-1"), "OK");
  ASSERT_EQ(Put("2"), "OK");
  clock_.Advance(601);
  EXPECT_EQ(Transact("1", "token-1"), "OK");
  EXPECT_EQ(N(), "1");  // applied, not replayed
}

TEST_F(SeamEngineTest, TransactWriteItemsWithoutATokenAppliesEveryTime) {
  auto req = TxPut("1", "");
  req.client_request_token.reset();
  ASSERT_EQ(Outcome(engine_->TransactWriteItems(ctx_, req).status()), "OK");
  ASSERT_EQ(Put("2"), "OK");
  EXPECT_EQ(Outcome(engine_->TransactWriteItems(ctx_, req).status()), "OK");
  EXPECT_EQ(N(), "1");
}

}  // namespace
}  // namespace dynarock
