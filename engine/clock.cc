#include "engine/clock.h"

#include <chrono>

namespace dynarock {
namespace {

class SystemClock final : public Clock {
 public:
  double Now() const override {
    using namespace std::chrono;
    return static_cast<double>(duration_cast<microseconds>(
                                   system_clock::now().time_since_epoch())
                                   .count()) /
           1e6;
  }
};

}  // namespace

const Clock& Clock::System() {
  static const SystemClock* const clock = new SystemClock();
  return *clock;
}

void ManualClock::Advance(double seconds) {
  double now = now_.load(std::memory_order_relaxed);
  while (!now_.compare_exchange_weak(now, now + seconds,
                                     std::memory_order_acq_rel)) {
  }
}

void OffsetClock::Advance(double seconds) {
  double offset = offset_.load(std::memory_order_relaxed);
  while (!offset_.compare_exchange_weak(offset, offset + seconds,
                                        std::memory_order_acq_rel)) {
  }
}

}  // namespace dynarock
