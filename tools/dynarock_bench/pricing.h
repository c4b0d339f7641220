// Prices and the cost arithmetic of dynarock-bench.
//
// A price list gives, for one region and table class, the on-demand price of
// a million read and write request units, the provisioned price of a read
// and a write capacity unit for an hour, and the storage price of a GB for a
// month, with the date the figures are from. The built-in lists are
// BuiltinPriceListText(); a price file (--price-file) has the same fields,
// in YAML or JSON:
//
//   date: "2024-11-01"             # the default for entries without one
//   prices:
//     - region: us-east-1
//       table_class: STANDARD      # or STANDARD_INFREQUENT_ACCESS
//       read_request_unit_per_million: 0.125
//       write_request_unit_per_million: 0.625
//       rcu_hour: 0.00013          # optional: provisioned capacity
//       wcu_hour: 0.00065          # optional
//       storage_gb_month: 0.25     # optional
//       date: "2024-11-01"         # optional here, see above
//       confirmed: true            # optional (default true)
//       note: "..."                # optional, printed with the prices
//
// The arithmetic: a month is 730 hours. On demand, a steady U units a second
// cost U x 2,628,000 s x price / 1,000,000. Provisioned, the capacity for a
// steady rate is the rate rounded up to a whole unit, at least 1 (the
// service's minimum), for the table and for each index, paid by the hour.
// Storage is the table's bytes plus each index's, plus 100 bytes of
// overhead per item and per index entry, in GB of 2^30 bytes. The free tier
// is not modelled.

#ifndef DYNAROCK_TOOLS_DYNAROCK_BENCH_PRICING_H_
#define DYNAROCK_TOOLS_DYNAROCK_BENCH_PRICING_H_

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dynarock::bench {

inline constexpr double kHoursPerMonth = 730.0;
inline constexpr double kSecondsPerMonth = kHoursPerMonth * 3600.0;
// Developer Guide, "DynamoDB item sizes and formats" and "Global secondary
// indexes: storage considerations": billed storage adds 100 bytes per item
// and per index entry.
inline constexpr double kStorageOverheadBytes = 100.0;
inline constexpr double kBytesPerGb = 1073741824.0;

inline constexpr char kStandard[] = "STANDARD";
inline constexpr char kStandardIa[] = "STANDARD_INFREQUENT_ACCESS";

// A price file or list that cannot be used: the message names the list and
// the place ("prices.yaml: prices[1]: 'rcu_hour' must be a number, not
// negative").
class PriceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PriceList {
  std::string region;       // "us-east-1"
  std::string table_class;  // kStandard or kStandardIa
  std::string date;         // the figures' date, "2024-11-01"; "" for none
  std::string source;       // "built-in", "file PATH", "seed"
  std::string note;         // printed with the prices; "" for none
  bool confirmed = true;    // false: not checked against the published list
  double read_request_unit_per_million = 0;   // on demand
  double write_request_unit_per_million = 0;  // on demand
  std::optional<double> rcu_hour, wcu_hour;   // provisioned, $ per unit-hour
  std::optional<double> storage_gb_month;
};

// The built-in lists, in the price file format (JSON).
std::string_view BuiltinPriceListText();

// The entry of a price list text (YAML or JSON) for a region and table
// class. `list_name` starts every error message. Throws PriceError.
PriceList FindPrices(std::string_view text, std::string_view list_name,
                     std::string_view region, std::string_view table_class);

// The built-in entry (source "built-in"). Throws PriceError naming the
// regions built in when there is none for `region`.
PriceList BuiltinPrices(std::string_view region, std::string_view table_class);

// The entry of a price file (source "file PATH"). Throws PriceError, also
// when the file cannot be read.
PriceList LoadPriceFile(const std::string& path, std::string_view region,
                        std::string_view table_class);

// The seed design's figures (single-table-design.md, "Cost Estimation":
// on demand in us-east-1, $0.25 per million read request units, $1.25 per
// million write request units, $0.25 per GB-month); it states no date and
// no provisioned prices.
PriceList SeedPrices();

// "STANDARD" or "STANDARD_INFREQUENT_ACCESS" (any case) as the service
// spells it; throws PriceError for anything else.
std::string TableClassOf(std::string_view text);

// --- Arithmetic -------------------------------------------------------------

// A month of a steady `units_per_second`, on demand.
double OnDemandMonthlyUsd(double units_per_second, double price_per_million);

// The capacity units to provision for a steady `units_per_second`: rounded
// up to a whole unit, at least 1.
double ProvisionedUnits(double units_per_second);

// A month of `units` provisioned at `price_per_hour`.
double ProvisionedMonthlyUsd(double units, double price_per_hour);

// A table's size as DescribeTable gives it.
struct TableStorage {
  std::string table_class;   // "" when DescribeTable gives none
  std::string billing_mode;  // "" when DescribeTable gives none
  uint64_t table_bytes = 0;
  uint64_t table_items = 0;
  struct Index {
    std::string name;
    bool global = true;
    uint64_t bytes = 0;
    uint64_t items = 0;
  };
  std::vector<Index> indexes;
};

// The body of a DescribeTable request for `table`.
std::string DescribeTableBody(std::string_view table);

// Reads DescribeTable's answer; nullopt when it holds no table description.
std::optional<TableStorage> ParseDescribeTable(std::string_view body);

// Bytes billed: the table's and every index's, plus the overhead of each
// item and index entry.
double BillableBytes(const TableStorage& storage);

// A month of storing `storage` at `price_per_gb_month`.
double StorageMonthlyUsd(const TableStorage& storage,
                         double price_per_gb_month);

}  // namespace dynarock::bench

#endif  // DYNAROCK_TOOLS_DYNAROCK_BENCH_PRICING_H_
