#include "tools/dynarock_bench/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace dynarock::bench {
namespace {

constexpr int kSubBucketBits = 10;  // 1024 slots per power of two
constexpr uint64_t kSubBucketHalf = uint64_t{1} << kSubBucketBits;

constexpr int ShiftFor(uint64_t value) {
  const int msb = 63 - std::countl_zero(value | 1);
  return std::max(0, msb - kSubBucketBits);
}

constexpr size_t SlotFor(uint64_t value) {
  const int shift = ShiftFor(value);
  return static_cast<size_t>(shift) * kSubBucketHalf + (value >> shift);
}

// The lowest value in `slot`; inverse of SlotFor().
constexpr uint64_t SlotLowest(size_t slot) {
  if (slot < 2 * kSubBucketHalf) return slot;
  const size_t shift = slot / kSubBucketHalf - 1;
  const uint64_t sub = slot - shift * kSubBucketHalf;
  return sub << shift;
}

constexpr size_t kSlotCount = SlotFor(LatencyHistogram::kMaxTrackableValue) + 1;

}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(kSlotCount, 0) {}

uint64_t LatencyHistogram::LowestEquivalentValue(uint64_t value) {
  return SlotLowest(SlotFor(value));
}

uint64_t LatencyHistogram::HighestEquivalentValue(uint64_t value) {
  return LowestEquivalentValue(value) + (uint64_t{1} << ShiftFor(value)) - 1;
}

void LatencyHistogram::RecordN(uint64_t value_ns, uint64_t count) {
  if (count == 0) return;
  const uint64_t v = std::min(value_ns, kMaxTrackableValue);
  counts_[SlotFor(v)] += count;
  count_ += count;
  sum_ += static_cast<unsigned __int128>(v) * count;
  min_ = std::min(min_, v);
  max_ = std::max(max_, v);
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void LatencyHistogram::Reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = 0;
  min_ = UINT64_MAX;
  max_ = 0;
  sum_ = 0;
}

double LatencyHistogram::mean() const {
  if (count_ == 0) return 0;
  return static_cast<double>(static_cast<long double>(sum_) /
                             static_cast<long double>(count_));
}

uint64_t LatencyHistogram::ValueAtPercentile(double percentile) const {
  if (count_ == 0) return 0;
  if (!(percentile > 0)) return min_;  // also NaN
  if (percentile >= 100) return max_;
  // The rank of the value asked for, 1-based: p50 of 1..10 is the 5th.
  // The epsilon keeps p99.9 of 1000 values at the 999th: 99.9 is not exact
  // in binary, and ceil() would otherwise round 999.0000000000001 up.
  const double exact = percentile * static_cast<double>(count_) / 100.0;
  uint64_t rank = static_cast<uint64_t>(std::ceil(exact * (1 - 1e-12)));
  rank = std::clamp<uint64_t>(rank, 1, count_);
  uint64_t seen = 0;
  for (size_t slot = 0; slot < counts_.size(); ++slot) {
    seen += counts_[slot];
    if (seen >= rank) {
      const uint64_t high = HighestEquivalentValue(SlotLowest(slot));
      return std::clamp(high, min_, max_);
    }
  }
  return max_;
}

}  // namespace dynarock::bench
