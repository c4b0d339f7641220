// LockTable: the per-item locks of read-modify-write operations, and the
// registry of the items in-flight transactions work on. Internal to engine/.
//
// Striped locks: a read-modify-write of one item (a conditional write,
// UpdateItem, an index backfill's entry) holds the stripe its encoded key
// hashes to while it reads and writes.
//
// Beside them, the registry: a transaction registers all its keys at once
// (or none, when another transaction holds one, and is then cancelled as
// the service cancels it), takes their stripes in address order (Acquire),
// and unregisters them after releasing the stripes. Nobody waits on the
// registry, so the stripes are the only locks ever waited for, always in
// one order: no deadlock.
//
// Thread safety: every method may be called from any thread.
#ifndef DYNAROCK_ENGINE_OPS_LOCK_TABLE_H_
#define DYNAROCK_ENGINE_OPS_LOCK_TABLE_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace dynarock {

class LockTable {
 public:
  // The stripe of an item's encoded key.
  std::mutex& For(std::string_view encoded_key);

  // The stripes of `encoded_keys`, each once, locked in one global order.
  // Any number of threads may hold sets that overlap without deadlock.
  std::vector<std::unique_lock<std::mutex>> Acquire(
      const std::vector<std::string_view>& encoded_keys);

  // Registers `keys` for a transaction unless one of them is registered
  // already; returns the positions in `keys` of those that are (empty: all
  // registered).
  std::vector<size_t> RegisterTransaction(const std::vector<std::string>& keys);
  void UnregisterTransaction(const std::vector<std::string>& keys);
  // Whether an in-flight transaction works on the item.
  bool InTransaction(std::string_view encoded_key);

 private:
  static constexpr size_t kStripes = 1024;
  std::array<std::mutex, kStripes> stripes_;

  std::mutex tx_mu_;
  std::set<std::string, std::less<>> tx_keys_;  // guarded by tx_mu_
  std::atomic<size_t> tx_key_count_{0};         // tx_keys_.size()
};

// Unregisters a transaction's keys when it goes out of scope. `keys` must
// outlive it.
class TransactionRegistration {
 public:
  TransactionRegistration(LockTable& locks,
                          const std::vector<std::string>& keys)
      : locks_(locks), keys_(keys) {}
  ~TransactionRegistration() { locks_.UnregisterTransaction(keys_); }
  TransactionRegistration(const TransactionRegistration&) = delete;
  TransactionRegistration& operator=(const TransactionRegistration&) = delete;

 private:
  LockTable& locks_;
  const std::vector<std::string>& keys_;
};

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_OPS_LOCK_TABLE_H_
