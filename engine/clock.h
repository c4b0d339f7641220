// Clock: the one source of the current time for everything in the engine
// that depends on it (table creation times, throughput change history,
// transaction idempotency windows, TTL expiry, stream rollover, retention
// and iterator lifetimes; backup windows as they come).
//
// An Engine reads the clock given in EngineOptions, or the system clock.
// A test that needs time to pass gives it a ManualClock and sets or
// advances it; nothing in the engine reads the system time any other way.
//
// Thread safety: Now() may be called from any thread, concurrently with
// ManualClock's setters.
#ifndef DYNAROCK_ENGINE_CLOCK_H_
#define DYNAROCK_ENGINE_CLOCK_H_

#include <atomic>

namespace dynarock {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch, with a fraction (microseconds).
  virtual double Now() const = 0;

  // The system's real-time clock. Never destroyed.
  static const Clock& System();
};

// A clock that moves only when told to.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(double start_seconds) : now_(start_seconds) {}
  double Now() const override { return now_.load(std::memory_order_acquire); }
  void Set(double seconds) { now_.store(seconds, std::memory_order_release); }
  // Moves the clock forward (or back, for a negative delta).
  void Advance(double seconds);

 private:
  std::atomic<double> now_;
};

// The system clock moved by an offset that a test sets: time goes on
// flowing from wherever it was set. What a server started with
// --test-controls runs on (/_dynarock/clock).
class OffsetClock final : public Clock {
 public:
  double Now() const override {
    return System().Now() + offset_.load(std::memory_order_acquire);
  }
  // Now() returns `seconds` at once, and moves on from there.
  void Set(double seconds) {
    offset_.store(seconds - System().Now(), std::memory_order_release);
  }
  // Moves the clock forward (or back, for a negative delta).
  void Advance(double seconds);

 private:
  std::atomic<double> offset_{0};
};

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_CLOCK_H_
