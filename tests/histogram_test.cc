#include "tools/dynarock_bench/histogram.h"

#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace dynarock::bench {
namespace {

constexpr double kPercentiles[] = {0,  1,  10,   25,    50, 75,
                                   90, 99, 99.9, 99.99, 100};

// Within 0.1% of `want`.
void ExpectClose(uint64_t got, double want) {
  EXPECT_NEAR(static_cast<double>(got), want, want * 0.001);
}

TEST(HistogramTest, EmptyReportsZeros) {
  LatencyHistogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.min(), 0u);
  EXPECT_EQ(h.max(), 0u);
  EXPECT_EQ(h.mean(), 0.0);
  EXPECT_EQ(h.ValueAtPercentile(50), 0u);
}

TEST(HistogramTest, UniformOneToAMillion) {
  LatencyHistogram h;
  for (uint64_t v = 1; v <= 1'000'000; ++v) h.Record(v);
  EXPECT_EQ(h.count(), 1'000'000u);
  EXPECT_EQ(h.min(), 1u);
  EXPECT_EQ(h.max(), 1'000'000u);
  EXPECT_DOUBLE_EQ(h.mean(), 500'000.5);
  ExpectClose(h.ValueAtPercentile(50), 500'000);
  ExpectClose(h.ValueAtPercentile(90), 900'000);
  ExpectClose(h.ValueAtPercentile(99), 990'000);
  ExpectClose(h.ValueAtPercentile(99.9), 999'000);
  EXPECT_EQ(h.ValueAtPercentile(100), 1'000'000u);
  EXPECT_EQ(h.ValueAtPercentile(0), 1u);
}

TEST(HistogramTest, SmallValuesAreExact) {
  LatencyHistogram h;
  for (uint64_t v = 1; v <= 1000; ++v) h.Record(v);
  EXPECT_EQ(h.ValueAtPercentile(50), 500u);
  EXPECT_EQ(h.ValueAtPercentile(90), 900u);
  EXPECT_EQ(h.ValueAtPercentile(99), 990u);
  EXPECT_EQ(h.ValueAtPercentile(99.9), 999u);
  EXPECT_EQ(h.ValueAtPercentile(100), 1000u);
}

TEST(HistogramTest, ConstantValueIsEveryPercentile) {
  LatencyHistogram h;
  for (int i = 0; i < 10'000; ++i) h.Record(123'456'789);
  for (double p : kPercentiles) {
    SCOPED_TRACE(p);
    EXPECT_EQ(h.ValueAtPercentile(p), 123'456'789u);
  }
  EXPECT_EQ(h.min(), 123'456'789u);
  EXPECT_EQ(h.max(), 123'456'789u);
  EXPECT_DOUBLE_EQ(h.mean(), 123'456'789.0);
}

TEST(HistogramTest, SingleValue) {
  LatencyHistogram h;
  h.Record(42'000);
  EXPECT_EQ(h.count(), 1u);
  for (double p : kPercentiles) {
    SCOPED_TRACE(p);
    EXPECT_EQ(h.ValueAtPercentile(p), 42'000u);
  }
  EXPECT_DOUBLE_EQ(h.mean(), 42'000.0);
}

TEST(HistogramTest, MinAndMaxAreExactNotBucketed) {
  LatencyHistogram h;
  h.Record(1'000'001);          // in a slot 512 ns wide
  h.Record(3'600'000'000'001);  // one hour and a nanosecond
  h.Record(5'000);
  EXPECT_EQ(h.min(), 5'000u);
  EXPECT_EQ(h.max(), 3'600'000'000'001u);
  EXPECT_EQ(h.ValueAtPercentile(100), 3'600'000'000'001u);
  EXPECT_EQ(h.ValueAtPercentile(0), 5'000u);
}

TEST(HistogramTest, OneHourHasThreeSignificantDigits) {
  const uint64_t hour = 3'600'000'000'000;
  ASSERT_GE(LatencyHistogram::kMaxTrackableValue, hour);
  for (uint64_t v :
       {uint64_t{1}, uint64_t{2047}, uint64_t{2048}, uint64_t{123'457},
        uint64_t{999'999'999}, hour, LatencyHistogram::kMaxTrackableValue}) {
    SCOPED_TRACE(v);
    const uint64_t low = LatencyHistogram::LowestEquivalentValue(v);
    const uint64_t high = LatencyHistogram::HighestEquivalentValue(v);
    EXPECT_LE(low, v);
    EXPECT_GE(high, v);
    EXPECT_LE(static_cast<double>(high - low), static_cast<double>(v) / 1000);
  }
}

TEST(HistogramTest, ValuesAboveTheRangeAreClamped) {
  LatencyHistogram h;
  h.Record(UINT64_MAX);
  EXPECT_EQ(h.max(), LatencyHistogram::kMaxTrackableValue);
  EXPECT_EQ(h.ValueAtPercentile(50), LatencyHistogram::kMaxTrackableValue);
}

TEST(HistogramTest, MergeEqualsRecordingBoth) {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> latency(12.0, 1.5);  // ~160 us median
  LatencyHistogram a, b, both;
  for (int i = 0; i < 100'000; ++i) {
    const auto v = static_cast<uint64_t>(latency(rng));
    (i % 3 == 0 ? a : b).Record(v);
    both.Record(v);
  }
  a.Merge(b);
  EXPECT_EQ(a, both);
  EXPECT_EQ(a.count(), both.count());
  EXPECT_EQ(a.min(), both.min());
  EXPECT_EQ(a.max(), both.max());
  EXPECT_DOUBLE_EQ(a.mean(), both.mean());
  for (double p : kPercentiles) {
    SCOPED_TRACE(p);
    EXPECT_EQ(a.ValueAtPercentile(p), both.ValueAtPercentile(p));
  }
}

TEST(HistogramTest, MergeIntoEmptyCopiesMinAndMax) {
  LatencyHistogram a, b;
  b.Record(10);
  b.Record(20);
  a.Merge(b);
  EXPECT_EQ(a.min(), 10u);
  EXPECT_EQ(a.max(), 20u);
  EXPECT_EQ(a.count(), 2u);
}

TEST(HistogramTest, PercentilesAreMonotonic) {
  std::mt19937_64 rng(11);
  std::exponential_distribution<double> latency(1.0 / 250'000);
  LatencyHistogram h;
  for (int i = 0; i < 200'000; ++i)
    h.Record(static_cast<uint64_t>(latency(rng)));
  uint64_t previous = 0;
  for (double p = 0; p <= 100.0; p += 0.05) {
    const uint64_t v = h.ValueAtPercentile(p);
    EXPECT_GE(v, previous) << "p" << p;
    previous = v;
  }
  EXPECT_EQ(h.ValueAtPercentile(100), h.max());
}

TEST(HistogramTest, ResetForgetsEverything) {
  LatencyHistogram h;
  h.Record(5);
  h.Record(5'000'000);
  h.Reset();
  EXPECT_EQ(h, LatencyHistogram());
  h.Record(7);
  EXPECT_EQ(h.min(), 7u);
  EXPECT_EQ(h.max(), 7u);
  EXPECT_EQ(h.ValueAtPercentile(50), 7u);
}

TEST(HistogramTest, RecordNCountsEachValue) {
  LatencyHistogram a, b;
  a.RecordN(1'500, 3);
  for (int i = 0; i < 3; ++i) b.Record(1'500);
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace dynarock::bench
