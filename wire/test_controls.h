// The test controls: what only tests should reach, under the HTTP path
// /_dynarock/, served only by a server started with --test-controls (any
// such path answers 404 otherwise).
//
//   GET  /_dynarock/clock                        {"now": EPOCH_SECONDS}
//   POST /_dynarock/clock {"advance": SECONDS}   moves the engine's clock
//   POST /_dynarock/clock {"set": EPOCH_SECONDS} sets it
// Both POSTs answer {"now": ...} too. Fractions are allowed. The clock keeps
// flowing from where it was put; TTL expiry, stream retention and shard
// iterator lifetimes all read it.
//
//   GET  /_dynarock/storage   what the storage holds and has done since
//                             start (Engine::DescribeStorage), as
//   {"writes": N, "columnFamilies": {"items": {
//      "sortedRuns": [{"entries": N, "bytes": N}, ...],   newest first
//      "flushes": {"count": N, "entries": N, "bytes": N},
//      "merges": {"count": N, "entriesRead": N, "entriesWritten": N,
//                 "bytesRead": N, "bytesWritten": N, "cpuMicros": N}},
//    "indexes": {...}, "meta": ..., "catalog": ..., "streams": ...}}
// for benchmarks that count the work writes leave behind and the runs
// reads look through.
//
// Thread safety: Handle may be called from any thread.
#ifndef DYNAROCK_WIRE_TEST_CONTROLS_H_
#define DYNAROCK_WIRE_TEST_CONTROLS_H_

#include <string>
#include <string_view>

namespace dynarock {

class Engine;
class OffsetClock;

class TestControls {
 public:
  // The clock and the engine must outlive the controls.
  TestControls(OffsetClock* clock, const Engine* engine)
      : clock_(clock), engine_(engine) {}

  // Answers a request to path (under /_dynarock/): the HTTP status and a
  // JSON body.
  int Handle(std::string_view method, std::string_view path,
             std::string_view body, std::string* response) const;

 private:
  int Clock(std::string_view method, std::string_view body,
            std::string* response) const;
  int Storage(std::string_view method, std::string* response) const;

  OffsetClock* clock_;
  const Engine* engine_;
};

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_TEST_CONTROLS_H_
