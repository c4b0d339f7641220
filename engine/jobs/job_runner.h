// JobRunner: the engine's background work (index backfills now; TTL
// expiry, stream trimming and trigger delivery as they come), on threads
// the runner owns.
//
// The engine starts the runner once recovery is done and stops it before
// the database closes: Stop() tells every job to stop, wakes the threads
// and joins them, so no job touches storage after it. A job polls its
// StopToken and returns soon after it is set; a job that stops early is
// resumed from its persisted progress at the next open, never from memory.
//
// Jobs run one at a time per thread, in the order submitted. Periodic jobs
// (Every) run first after `period`, then again `period` after each run
// ends, measured on the steady clock: a job that wants the engine's time
// (which a test may set) reads the engine's Clock itself.
//
// Thread safety: every method may be called from any thread, jobs
// included (a job may submit another, or stop the runner: Stop() and
// WaitIdle() then do not wait for the calling job). Stop() is idempotent,
// and every call returns only once no other job runs.
#ifndef DYNAROCK_ENGINE_JOBS_JOB_RUNNER_H_
#define DYNAROCK_ENGINE_JOBS_JOB_RUNNER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dynarock {

// Set when the runner stops; jobs read it between steps.
class StopToken {
 public:
  explicit StopToken(const std::atomic<bool>& flag) : flag_(flag) {}
  bool stop_requested() const { return flag_.load(std::memory_order_relaxed); }

 private:
  const std::atomic<bool>& flag_;
};

class JobRunner {
 public:
  using Job = std::function<void(const StopToken&)>;

  explicit JobRunner(size_t threads = 1);
  // Stops the runner if it still runs.
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Lets jobs run. Jobs submitted before wait for it. The threads start
  // with the first job, so that an engine with no background work (most of
  // them) starts none.
  void Start();
  // Queues a job to run once. `name` is for logs. Ignored once stopping.
  void Submit(std::string name, Job job);
  // Queues a job to run every `period` until the runner stops.
  void Every(std::string name, std::chrono::milliseconds period, Job job);
  // Stops: sets the StopToken, drops what is queued, waits for running
  // jobs to return and joins the threads.
  void Stop();
  // Waits until nothing is queued or running, except periodic jobs
  // waiting for their next time. For tests and for CompactAll-like
  // "settle" calls; returns at once when stopped.
  void WaitIdle();

 private:
  struct Entry {
    std::string name;
    Job job;
    std::chrono::steady_clock::time_point due;
    std::chrono::milliseconds period{0};  // 0: once
  };
  // Starts the threads once started_ and not yet running (mu_ held).
  void SpawnLocked();
  void Loop();
  void RunOne(Entry& entry);

  const size_t thread_count_;
  std::atomic<bool> stop_{false};

  std::mutex mu_;
  std::condition_variable cv_;        // new work, or stop
  std::condition_variable idle_cv_;   // a job ended
  std::deque<Entry> queue_;           // guarded by mu_; once-jobs, FIFO
  std::vector<Entry> periodic_;       // guarded by mu_; not running now
  size_t running_ = 0;                // guarded by mu_
  bool started_ = false;              // guarded by mu_
  std::vector<std::thread> threads_;  // guarded by mu_
};

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_JOBS_JOB_RUNNER_H_
