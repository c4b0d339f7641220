// IdempotencyCache: the answers of requests that carry a ClientRequestToken
// (TransactWriteItems; ExecuteTransaction), so that a retry within the
// window gets the first answer without applying anything again. Internal
// to engine/.
//
// API reference, TransactWriteItems ClientRequestToken: "A client request
// token is valid for 10 minutes after the first request that uses it is
// completed." A retry with other parameters is
// IdempotentParameterMismatchException; one that arrives while the first
// still runs is TransactionInProgressException.
//
// Time is the engine's Clock, so a test can move past the window.
//
// Thread safety: every method may be called from any thread. A Claim
// belongs to the request that got it.
#ifndef DYNAROCK_ENGINE_OPS_IDEMPOTENCY_CACHE_H_
#define DYNAROCK_ENGINE_OPS_IDEMPOTENCY_CACHE_H_

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "engine/clock.h"
#include "engine/status.h"

namespace dynarock {

template <typename Response>
class IdempotencyCache {
 public:
  // API reference: 10 minutes.
  static constexpr double kWindowSeconds = 10 * 60;

  // The token of a request that runs; released when destroyed, so that a
  // request that fails leaves its token free for a retry.
  class Claim {
   public:
    Claim() = default;
    Claim(Claim&& o) noexcept
        : cache_(std::exchange(o.cache_, nullptr)),
          token_(std::move(o.token_)),
          fingerprint_(std::move(o.fingerprint_)) {}
    Claim(const Claim&) = delete;
    Claim& operator=(const Claim&) = delete;
    Claim& operator=(Claim&&) = delete;
    ~Claim() {
      if (cache_) cache_->Release(token_);
    }
    // Records the request's answer: a retry within the window gets it.
    void Complete(const Response& response) {
      if (cache_) cache_->Record(token_, fingerprint_, response);
    }

   private:
    friend class IdempotencyCache;
    IdempotencyCache* cache_ = nullptr;
    std::string token_;
    std::string fingerprint_;
  };

  // The clock must outlive the cache.
  explicit IdempotencyCache(const Clock& clock) : clock_(clock) {}

  // Starts a request carrying `token` whose parameters hash to
  // `fingerprint`. Sets *replay to the first answer when the token was
  // used with the same parameters within the window; fails for other
  // parameters or while the first request runs; otherwise claims the
  // token for the caller (*claim) and leaves *replay empty.
  Status Begin(const std::string& token, const std::string& fingerprint,
               std::optional<Response>* replay, Claim* claim) {
    std::lock_guard lock(mu_);
    const double now = clock_.Now();
    std::erase_if(done_, [&](const auto& e) { return e.second.expires < now; });
    auto it = done_.find(token);
    if (it != done_.end()) {
      if (it->second.fingerprint != fingerprint) {
        return Status(ErrorType::kIdempotentParameterMismatchException,
                      "Request parameters do not match the original request "
                      "for this client token");
      }
      *replay = it->second.response;
      return Status::OK();
    }
    if (!running_.insert(token).second) {
      return Status(ErrorType::kTransactionInProgressException,
                    "Transaction from previous request is still in progress");
    }
    claim->cache_ = this;
    claim->token_ = token;
    claim->fingerprint_ = fingerprint;
    return Status::OK();
  }

 private:
  struct Done {
    std::string fingerprint;
    double expires = 0;  // clock time after which the token is new again
    Response response;
  };

  void Record(const std::string& token, const std::string& fingerprint,
              const Response& response) {
    std::lock_guard lock(mu_);
    done_[token] = Done{fingerprint, clock_.Now() + kWindowSeconds, response};
  }
  void Release(const std::string& token) {
    std::lock_guard lock(mu_);
    running_.erase(token);
  }

  const Clock& clock_;
  std::mutex mu_;
  std::unordered_map<std::string, Done> done_;  // guarded by mu_
  std::unordered_set<std::string> running_;     // guarded by mu_
};

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_OPS_IDEMPOTENCY_CACHE_H_
