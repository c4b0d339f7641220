// The Makeriess data set: a deterministic generator of the items of the
// seed's single-table design (makeriess-main-table, see
// shared/seed/single-table-design.md). It is the data set's only generator:
// `dynarock-bench load` writes it, `dynarock-bench items` prints it (one item
// a line), and the client tests load it with the one and read the other to
// compute what each access pattern must return
// (tests/client/makeriess_reference.py).
//
// Entities and key formats (every key is a string; <ts> is ISO 8601 UTC with
// milliseconds, strictly increasing, so string order is time order and every
// time-ordered sort key is unique):
//
//   entity               PK              SK
//   customer             CUSTOMER#<cid>  METADATA
//   customer's order     CUSTOMER#<cid>  ORDER#<ts>#<oid>
//   favorite             CUSTOMER#<cid>  FAVORITE#<pid>
//   vendor               VENDOR#<vid>    METADATA
//   vendor's product     VENDOR#<vid>    PRODUCT#<pid>
//   product              PRODUCT#<pid>   METADATA
//   review               PRODUCT#<pid>   REVIEW#<ts>#<rid>
//   order                ORDER#<oid>     METADATA
//   order's vendor part  ORDER#<oid>     VENDOR#<vid>
//
// and index keys (hash / range; the other entities have none):
//   customer             GSI1 EMAIL#<email> / CUSTOMER
//   vendor               GSI1 EMAIL#<email> / VENDOR
//   product              GSI1 VENDOR#<vid> / PRODUCT#<pid>
//                        GSI2 CATEGORY#<category> / PRODUCT#<pid>
//   order                GSI1 CUSTOMER#<cid> / ORDER#<ts>#<oid>
//                        GSI2 ORDER / <ts>
//   order's vendor part  GSI1 VENDOR#<vid> / ORDER#<ts>#<oid>
//                        GSI2 VENDOR#<vid> / ORDER#<ts>#<oid>
//
// Per unit of scale: 30 customers, 6 vendors, 40 products and 60 orders, plus
// up to four favorites per customer and up to three reviews per product
// (about 500 items in all). cust_123 exists at every scale and has orders;
// categories contain spaces and '&' ("Food & pastries", the seed's example).
// The table key and both index keys are unique across the data set.
//
// The seed lists "vendor orders" twice, through GSI1 and through GSI2: the
// order's vendor part (one item per order and vendor) carries both index
// keys. Under GSI1PK VENDOR#<vid> it shares the partition with the vendor's
// products, told apart by the sort key prefix (ORDER# / PRODUCT#).
//
// The random values (names picked, prices, timestamps...) come from
// std::mt19937_64 with a fixed seed and hand-written uniform draws, so the
// output is byte-identical for a given scale on every platform and standard
// library.
//
// Thread safety: every function here is a pure function of its arguments and
// may be called from any thread concurrently.

#ifndef DYNAROCK_TOOLS_DYNAROCK_BENCH_MAKERIESS_H_
#define DYNAROCK_TOOLS_DYNAROCK_BENCH_MAKERIESS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dynarock::bench {

inline constexpr char kMakeriessTable[] = "makeriess-main-table";

// Timestamps advance by up to six hours per item from 2024-01-01; above this
// scale they could pass the year 9999, where ISO 8601 strings stop sorting
// in time order.
inline constexpr int kMakeriessMaxScale = 30000;

// The key space, for workload variables. Every list is in generation order.
struct MakeriessKeys {
  std::vector<std::string> customers;        // "cust_100", ... (30*scale)
  std::vector<std::string> customer_emails;  // same order as customers
  std::vector<std::string> vendors;          // "vend_200", ... (6*scale)
  std::vector<std::string> vendor_emails;    // same order as vendors
  std::vector<std::string> products;         // "prod_1000", ... (40*scale)
  std::vector<std::string> orders;           // "ord_10000", ... (60*scale)
  std::vector<std::string> categories;       // the 7 categories
};

// The ids and emails of the data set of `scale`, without generating items.
// An email e here is the GSI1PK "EMAIL#" + e of its customer or vendor.
// Throws std::invalid_argument unless 1 <= scale <= kMakeriessMaxScale.
MakeriessKeys MakeriessKeySpace(int scale);

// Calls sink(item) for every item of the data set of `scale`, in a fixed
// order (customers, vendors, products each followed by its vendor's product
// entry, orders each followed by its customer's entry and its vendor parts,
// favorites, reviews); `item` is the DynamoDB JSON text of one item, e.g.
// {"PK":{"S":"CUSTOMER#cust_100"},"SK":{"S":"METADATA"},...}, valid only
// during the call. Returns the number of items. Memory stays O(scale) small
// integers: items are not kept. Throws std::invalid_argument unless
// 1 <= scale <= kMakeriessMaxScale (before calling the sink).
uint64_t GenerateMakeriess(
    int scale, const std::function<void(std::string_view item_json)>& sink);

// The CreateTable request body (JSON text) for the seed's table named
// `table_name`, exactly as the seed's AWS CLI command creates it: PK, SK,
// GSI1PK, GSI1SK, GSI2PK, GSI2SK all S; key PK HASH, SK RANGE;
// PAY_PER_REQUEST; GSI1 (GSI1PK, GSI1SK) and GSI2 (GSI2PK, GSI2SK) projecting
// ALL; SSE enabled; tags Environment=production, Application=makeriess.
std::string MakeriessCreateTableJson(std::string_view table_name);

}  // namespace dynarock::bench

#endif  // DYNAROCK_TOOLS_DYNAROCK_BENCH_MAKERIESS_H_
