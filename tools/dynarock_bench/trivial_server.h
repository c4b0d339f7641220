// A trivial HTTP server for calibration: every request, whatever it is, gets
// "200 OK" with the body "{}". What the load driver reaches against it is
// the ceiling of the machine, the driver and HTTP itself: dynarock's figures
// are read against it.

#ifndef DYNAROCK_TOOLS_DYNAROCK_BENCH_TRIVIAL_SERVER_H_
#define DYNAROCK_TOOLS_DYNAROCK_BENCH_TRIVIAL_SERVER_H_

#include <functional>
#include <string>

namespace dynarock::bench {

// Serves until SIGINT or SIGTERM, with `threads` event loops (0: one per
// core). Calls `ready(port)` once listening (port 0 picks a free one).
// Throws std::runtime_error when it cannot listen.
void RunTrivialServer(const std::string& host, int port, int threads,
                      const std::function<void(int port)>& ready);

}  // namespace dynarock::bench

#endif  // DYNAROCK_TOOLS_DYNAROCK_BENCH_TRIVIAL_SERVER_H_
