// CapacityMeter: the capacity units the engine's operations consume on the
// calling thread while a meter lives, whether or not the requests ask for
// ReturnConsumedCapacity. The request log reads it; a request's units are
// those its response would report as CapacityUnits (all tables and indexes
// together).
//
// Meters nest (an inner one counts what runs in its scope; the outer one
// does not see those units). Not shared between threads: create one on the
// thread that calls the engine.
#ifndef DYNAROCK_ENGINE_CAPACITY_METER_H_
#define DYNAROCK_ENGINE_CAPACITY_METER_H_

namespace dynarock {

class CapacityMeter {
 public:
  CapacityMeter();
  ~CapacityMeter();
  CapacityMeter(const CapacityMeter&) = delete;
  CapacityMeter& operator=(const CapacityMeter&) = delete;

  double units() const { return units_; }
  // Whether any operation reported capacity (false for a request refused
  // before it read or wrote anything).
  bool charged() const { return charged_; }

  // For the engine: the innermost meter of this thread, or null.
  static CapacityMeter* Current();
  void Add(double units) {
    units_ += units;
    charged_ = true;
  }

 private:
  double units_ = 0;
  bool charged_ = false;
  CapacityMeter* outer_;
};

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_CAPACITY_METER_H_
