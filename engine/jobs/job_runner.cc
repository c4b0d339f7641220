#include "engine/jobs/job_runner.h"

#include <algorithm>
#include <exception>
#include <iostream>

namespace dynarock {
namespace {

// The runner whose job the current thread is running, if any: a job that
// calls Stop() or WaitIdle() must not wait for itself.
thread_local const JobRunner* current_runner = nullptr;

}  // namespace

JobRunner::JobRunner(size_t threads)
    : thread_count_(std::max<size_t>(1, threads)) {}

JobRunner::~JobRunner() { Stop(); }

void JobRunner::Start() {
  std::lock_guard lock(mu_);
  if (started_ || stop_) return;
  started_ = true;
  if (!queue_.empty() || !periodic_.empty()) SpawnLocked();
}

void JobRunner::SpawnLocked() {
  if (!started_ || stop_ || !threads_.empty()) return;
  for (size_t i = 0; i < thread_count_; ++i)
    threads_.emplace_back([this] { Loop(); });
}

void JobRunner::Submit(std::string name, Job job) {
  {
    std::lock_guard lock(mu_);
    if (stop_) return;
    queue_.push_back(Entry{std::move(name), std::move(job),
                           std::chrono::steady_clock::now(),
                           std::chrono::milliseconds(0)});
    SpawnLocked();
  }
  cv_.notify_one();
}

void JobRunner::Every(std::string name, std::chrono::milliseconds period,
                      Job job) {
  {
    std::lock_guard lock(mu_);
    if (stop_) return;
    periodic_.push_back(Entry{std::move(name), std::move(job),
                              std::chrono::steady_clock::now() + period,
                              std::max(period, std::chrono::milliseconds(1))});
    SpawnLocked();
  }
  cv_.notify_one();
}

void JobRunner::Stop() {
  const bool from_job = current_runner == this;
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    queue_.clear();
    periodic_.clear();
    threads = std::move(threads_);
  }
  cv_.notify_all();
  idle_cv_.notify_all();
  for (auto& t : threads) {
    if (t.get_id() == std::this_thread::get_id()) {
      // A job stopping its own runner: its thread ends when the job
      // returns, and a later Stop (the destructor's) joins it.
      std::lock_guard lock(mu_);
      threads_.push_back(std::move(t));
    } else if (t.joinable()) {
      t.join();
    }
  }
  // A concurrent Stop may have taken the threads to join: wait for the
  // jobs themselves, all but the caller's own.
  std::unique_lock lock(mu_);
  idle_cv_.wait(lock, [&] { return running_ == (from_job ? 1u : 0u); });
}

void JobRunner::WaitIdle() {
  const size_t self = current_runner == this ? 1 : 0;
  std::unique_lock lock(mu_);
  idle_cv_.wait(lock,
                [&] { return stop_ || (queue_.empty() && running_ == self); });
}

void JobRunner::Loop() {
  current_runner = this;
  std::unique_lock lock(mu_);
  while (!stop_) {
    if (!queue_.empty()) {
      Entry e = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
      lock.unlock();
      RunOne(e);
      lock.lock();
      --running_;
      idle_cv_.notify_all();
      continue;
    }
    // The periodic job due first, if any is due; else sleep until one is.
    auto first = std::min_element(
        periodic_.begin(), periodic_.end(),
        [](const Entry& a, const Entry& b) { return a.due < b.due; });
    if (first == periodic_.end()) {
      cv_.wait(lock);
      continue;
    }
    if (first->due > std::chrono::steady_clock::now()) {
      cv_.wait_until(lock, first->due);
      continue;
    }
    // Taken out while it runs, so that no other thread runs it too.
    Entry e = std::move(*first);
    periodic_.erase(first);
    ++running_;
    lock.unlock();
    RunOne(e);
    lock.lock();
    --running_;
    if (!stop_) {
      e.due = std::chrono::steady_clock::now() + e.period;
      periodic_.push_back(std::move(e));
    }
    idle_cv_.notify_all();
  }
}

void JobRunner::RunOne(Entry& e) {
  try {
    e.job(StopToken(stop_));
  } catch (const std::exception& ex) {
    // A job's failures are its own to log and retry; one that throws
    // (allocation) is reported and dropped, and the runner goes on.
    std::cerr << "dynarock: background job " << e.name
              << " stopped: " << ex.what() << std::endl;
  } catch (...) {
    std::cerr << "dynarock: background job " << e.name
              << " stopped: unknown exception" << std::endl;
  }
}

}  // namespace dynarock
