#include "engine/status.h"

namespace dynarock {

// What an OK Status answers for its message, item and reasons: one shared
// empty value each, never destroyed (a Status may be read during exit).
const std::string& Status::EmptyString() {
  static const std::string* const empty = new std::string();
  return *empty;
}

const std::optional<Item>& Status::NoItem() {
  static const std::optional<Item>* const none = new std::optional<Item>();
  return *none;
}

const std::vector<CancellationReason>& Status::NoReasons() {
  static const std::vector<CancellationReason>* const none =
      new std::vector<CancellationReason>();
  return *none;
}

}  // namespace dynarock
