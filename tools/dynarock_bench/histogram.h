// A latency histogram in the spirit of HdrHistogram: values in nanoseconds
// from 0 to kMaxTrackableValue (about 73 minutes) with three significant
// digits, in fixed memory (about 270 KB), O(1) Record().
//
// Layout: values below 2048 get a bucket each. Above, a value whose highest
// set bit is b (b >= 11) is shifted right by s = b - 10, leaving a
// sub-bucket in [1024, 2048); the slot is s * 1024 + (value >> s). Each
// power-of-two range is thus split into 1024 equal slots, so two values in
// one slot differ by less than 1/1024 of either: better than 0.1%.
//
// Thread safety: thread-compatible. Give each thread its own histogram and
// Merge() them into one afterwards; concurrent calls on one object need
// external locking.

#ifndef DYNAROCK_TOOLS_DYNAROCK_BENCH_HISTOGRAM_H_
#define DYNAROCK_TOOLS_DYNAROCK_BENCH_HISTOGRAM_H_

#include <cstdint>
#include <vector>

namespace dynarock::bench {

class LatencyHistogram {
 public:
  // 2^42 - 1 ns = 4,398 s: more than the hour the tool must track.
  static constexpr uint64_t kMaxTrackableValue = (uint64_t{1} << 42) - 1;

  LatencyHistogram();

  // Records `value_ns` (`count` times). Values above kMaxTrackableValue are
  // recorded as kMaxTrackableValue.
  void Record(uint64_t value_ns) { RecordN(value_ns, 1); }
  void RecordN(uint64_t value_ns, uint64_t count);

  // Adds every value recorded in `other`, as if recorded here.
  void Merge(const LatencyHistogram& other);

  // Forgets every value.
  void Reset();

  uint64_t count() const { return count_; }
  // Exact (not bucketed); 0 when empty.
  uint64_t min() const { return count_ == 0 ? 0 : min_; }
  uint64_t max() const { return max_; }
  // Exact mean of the recorded values; 0 when empty.
  double mean() const;

  // The smallest recorded value v such that at least `percentile` percent of
  // the values are <= v, reported as the highest value of v's slot and
  // clamped to [min(), max()]: within 0.1% of the true value, exact at 0
  // (min) and 100 (max). `percentile` is clamped to [0, 100]; 0 when empty.
  uint64_t ValueAtPercentile(double percentile) const;

  // The range of values that share `value`'s slot.
  static uint64_t LowestEquivalentValue(uint64_t value);
  static uint64_t HighestEquivalentValue(uint64_t value);

  bool operator==(const LatencyHistogram& other) const = default;

 private:
  std::vector<uint64_t> counts_;  // one per slot
  uint64_t count_ = 0;
  uint64_t min_ = UINT64_MAX;
  uint64_t max_ = 0;
  // Up to 2^64 values of up to 2^42 each: 128 bits cannot overflow.
  unsigned __int128 sum_ = 0;
};

}  // namespace dynarock::bench

#endif  // DYNAROCK_TOOLS_DYNAROCK_BENCH_HISTOGRAM_H_
