#include "engine/ops/capacity.h"

#include "engine/capacity_meter.h"

namespace dynarock {

void CapacityTally::AddIndex(const IndexDef& index, double units) {
  (index.global ? global_ : local_)[index.name] += units * scale_;
}

namespace {
thread_local CapacityMeter* current_meter = nullptr;
}  // namespace

CapacityMeter::CapacityMeter() : outer_(current_meter) { current_meter = this; }
CapacityMeter::~CapacityMeter() { current_meter = outer_; }
CapacityMeter* CapacityMeter::Current() { return current_meter; }

std::optional<ConsumedCapacity> CapacityTally::Report(
    ReturnConsumedCapacity mode) const {
  double total = table_units_;
  for (const auto& [name, u] : global_) total += u;
  for (const auto& [name, u] : local_) total += u;
  if (CapacityMeter* meter = current_meter) meter->Add(total);
  if (mode == ReturnConsumedCapacity::kNone) return std::nullopt;
  auto make = [&](double units, double reads = 0) {
    Capacity c;
    c.capacity_units = units;
    if (write_) {
      c.write_capacity_units = units - reads;
      c.read_capacity_units = reads;
    } else {
      c.read_capacity_units = units;
    }
    return c;
  };
  ConsumedCapacity cc;
  cc.table_name = table_.name;
  cc.read_write_units = transactional_;
  cc.total = make(total, read_units_);
  if (mode == ReturnConsumedCapacity::kIndexes) {
    cc.table = make(table_units_, read_units_);
    for (const auto& [name, u] : global_)
      cc.global_secondary_indexes[name] = make(u);
    for (const auto& [name, u] : local_)
      cc.local_secondary_indexes[name] = make(u);
  }
  return cc;
}

namespace {
void Add(const Capacity& add, Capacity* into) {
  into->capacity_units += add.capacity_units;
  into->read_capacity_units += add.read_capacity_units;
  into->write_capacity_units += add.write_capacity_units;
}
}  // namespace

void AddConsumedCapacity(const ConsumedCapacity& add, ConsumedCapacity* into) {
  Add(add.total, &into->total);
  if (add.table) {
    if (!into->table) into->table.emplace();
    Add(*add.table, &*into->table);
  }
  for (const auto& [name, c] : add.global_secondary_indexes)
    Add(c, &into->global_secondary_indexes[name]);
  for (const auto& [name, c] : add.local_secondary_indexes)
    Add(c, &into->local_secondary_indexes[name]);
}

}  // namespace dynarock
