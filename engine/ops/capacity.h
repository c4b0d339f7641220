// Capacity units as the service charges them (Developer Guide, "Read/write
// capacity mode"): a write unit per 1 KB written, a read unit per 4 KB read
// (half for an eventually consistent read), rounded up, at least one unit.
// Internal to engine/.
#ifndef DYNAROCK_ENGINE_OPS_CAPACITY_H_
#define DYNAROCK_ENGINE_OPS_CAPACITY_H_

#include <cstddef>
#include <optional>
#include <string>

#include "engine/requests.h"
#include "engine/schema/catalog.h"

namespace dynarock {

inline double WriteUnits(size_t bytes) {
  size_t units = (bytes + 1023) / 1024;
  return static_cast<double>(units ? units : 1);
}

inline double ReadUnits(size_t bytes, bool consistent) {
  size_t units = (bytes + 4095) / 4096;
  double u = static_cast<double>(units ? units : 1);
  return consistent ? u : u / 2;
}

// Accumulates one request's consumption, table and indexes apart.
class CapacityTally {
 public:
  CapacityTally(const TableDef& table, bool write)
      : table_(table), write_(write) {}
  void AddTable(double units) { table_units_ += units * scale_; }
  // A read charged to a write tally (a transaction's ConditionCheck).
  void AddTableRead(double units) {
    table_units_ += units * scale_;
    read_units_ += units * scale_;
  }
  void AddIndex(const IndexDef& index, double units);
  // Transactional rates (Developer Guide, "Capacity management for
  // transactions"): every unit counts twice, and the report gives
  // ReadCapacityUnits and WriteCapacityUnits beside CapacityUnits.
  void SetTransactional() {
    scale_ = 2;
    transactional_ = true;
  }
  // The ConsumedCapacity to return for `mode`, or nullopt for NONE.
  std::optional<ConsumedCapacity> Report(ReturnConsumedCapacity mode) const;

 private:
  const TableDef& table_;
  bool write_;
  double table_units_ = 0;
  double read_units_ = 0;  // of table_units_, reads in a write tally
  double scale_ = 1;
  bool transactional_ = false;
  std::map<std::string, double> global_, local_;
};

// Adds one report to another of the same table (a PartiQL statement's
// several queries or pages, a batch's statements): totals, the table's share
// and each index's.
void AddConsumedCapacity(const ConsumedCapacity& add, ConsumedCapacity* into);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_OPS_CAPACITY_H_
