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
// Thread safety: Handle may be called from any thread.
#ifndef DYNAROCK_WIRE_TEST_CONTROLS_H_
#define DYNAROCK_WIRE_TEST_CONTROLS_H_

#include <string>
#include <string_view>

namespace dynarock {

class OffsetClock;

class TestControls {
 public:
  // The clock must outlive the controls.
  explicit TestControls(OffsetClock* clock) : clock_(clock) {}

  // Answers a request to path (under /_dynarock/): the HTTP status and a
  // JSON body.
  int Handle(std::string_view method, std::string_view path,
             std::string_view body, std::string* response) const;

 private:
  OffsetClock* clock_;
};

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_TEST_CONTROLS_H_
