#include "engine/ops/lock_table.h"

#include <algorithm>

#include "engine/format/key_codec.h"

namespace dynarock {

std::mutex& LockTable::For(std::string_view key) {
  return stripes_[PartitionHash(key) % kStripes];
}

std::vector<std::unique_lock<std::mutex>> LockTable::Acquire(
    const std::vector<std::string_view>& encoded_keys) {
  // Address order: the same for every caller, whatever the keys' order.
  std::vector<std::mutex*> stripes;
  stripes.reserve(encoded_keys.size());
  for (std::string_view k : encoded_keys) stripes.push_back(&For(k));
  std::sort(stripes.begin(), stripes.end());
  stripes.erase(std::unique(stripes.begin(), stripes.end()), stripes.end());
  std::vector<std::unique_lock<std::mutex>> held;
  held.reserve(stripes.size());
  for (std::mutex* m : stripes) held.emplace_back(*m);
  return held;
}

std::vector<size_t> LockTable::RegisterTransaction(
    const std::vector<std::string>& keys) {
  std::lock_guard lock(tx_mu_);
  std::vector<size_t> taken;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (tx_keys_.count(keys[i])) taken.push_back(i);
  }
  if (taken.empty()) {
    tx_keys_.insert(keys.begin(), keys.end());
    tx_key_count_.store(tx_keys_.size());
  }
  return taken;
}

void LockTable::UnregisterTransaction(const std::vector<std::string>& keys) {
  std::lock_guard lock(tx_mu_);
  for (const auto& k : keys) tx_keys_.erase(k);
  tx_key_count_.store(tx_keys_.size());
}

bool LockTable::InTransaction(std::string_view key) {
  // Most of the time no transaction is in flight: no need for the mutex
  // every single-item write would otherwise take. A count read before a
  // transaction registers is as if the write had come first, which the
  // stripe the caller holds makes safe either way.
  if (tx_key_count_.load() == 0) return false;
  std::lock_guard lock(tx_mu_);
  return tx_keys_.find(key) != tx_keys_.end();
}

}  // namespace dynarock
