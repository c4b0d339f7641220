// See pricing.h.

#include "tools/dynarock_bench/pricing.h"

#include <cctype>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tools/dynarock_bench/workload.h"

namespace dynarock::bench {
namespace {

using Json = nlohmann::ordered_json;

// The built-in price lists.
//
// us-east-1 STANDARD: on demand $0.125 per million read request units and
// $0.625 per million write request units since 2024-11-01 (the service's
// 50% cut of on-demand throughput prices, from the seed's $0.25 and $1.25);
// provisioned $0.00013 per RCU-hour and $0.00065 per WCU-hour; storage $0.25
// per GB-month. Checked against secondary sources that quote the published
// list; the stored copy of aws.amazon.com/dynamodb/pricing holds the terms
// but not the figures, which it renders with scripts.
//
// Marked "confirmed": false, not checked against a source: us-east-1
// STANDARD_INFREQUENT_ACCESS (throughput 25% above STANDARD as published, the
// ratio of the service's China price list; storage $0.10, 60% below), and
// every other region's figures, which are the pre-November-2024 on-demand
// prices halved, the provisioned and storage prices as last published
// before that date.
constexpr char kBuiltinPrices[] = R"json({
  "date": "2024-11-01",
  "prices": [
    {"region": "us-east-1", "table_class": "STANDARD",
     "read_request_unit_per_million": 0.125,
     "write_request_unit_per_million": 0.625,
     "rcu_hour": 0.00013, "wcu_hour": 0.00065, "storage_gb_month": 0.25},
    {"region": "us-east-1", "table_class": "STANDARD_INFREQUENT_ACCESS",
     "read_request_unit_per_million": 0.156,
     "write_request_unit_per_million": 0.78,
     "rcu_hour": 0.00016, "wcu_hour": 0.00081, "storage_gb_month": 0.10,
     "confirmed": false},
    {"region": "us-east-2", "table_class": "STANDARD",
     "read_request_unit_per_million": 0.125,
     "write_request_unit_per_million": 0.625,
     "rcu_hour": 0.00013, "wcu_hour": 0.00065, "storage_gb_month": 0.25,
     "confirmed": false},
    {"region": "us-west-2", "table_class": "STANDARD",
     "read_request_unit_per_million": 0.125,
     "write_request_unit_per_million": 0.625,
     "rcu_hour": 0.00013, "wcu_hour": 0.00065, "storage_gb_month": 0.25,
     "confirmed": false},
    {"region": "us-west-1", "table_class": "STANDARD",
     "read_request_unit_per_million": 0.1394,
     "write_request_unit_per_million": 0.6971,
     "rcu_hour": 0.000145, "wcu_hour": 0.000725, "storage_gb_month": 0.28,
     "confirmed": false},
    {"region": "eu-west-1", "table_class": "STANDARD",
     "read_request_unit_per_million": 0.1415,
     "write_request_unit_per_million": 0.7068,
     "rcu_hour": 0.000147, "wcu_hour": 0.000735, "storage_gb_month": 0.283,
     "confirmed": false},
    {"region": "eu-central-1", "table_class": "STANDARD",
     "read_request_unit_per_million": 0.1525,
     "write_request_unit_per_million": 0.7625,
     "rcu_hour": 0.0001586, "wcu_hour": 0.000793, "storage_gb_month": 0.306,
     "confirmed": false},
    {"region": "ap-northeast-1", "table_class": "STANDARD",
     "read_request_unit_per_million": 0.1427,
     "write_request_unit_per_million": 0.7135,
     "rcu_hour": 0.0001484, "wcu_hour": 0.000742, "storage_gb_month": 0.285,
     "confirmed": false},
    {"region": "ap-southeast-1", "table_class": "STANDARD",
     "read_request_unit_per_million": 0.1423,
     "write_request_unit_per_million": 0.7115,
     "rcu_hour": 0.000148, "wcu_hour": 0.00074, "storage_gb_month": 0.285,
     "confirmed": false},
    {"region": "ap-southeast-2", "table_class": "STANDARD",
     "read_request_unit_per_million": 0.1423,
     "write_request_unit_per_million": 0.7115,
     "rcu_hour": 0.000148, "wcu_hour": 0.00074, "storage_gb_month": 0.285,
     "confirmed": false}
  ]
})json";

constexpr char kUnconfirmedNote[] =
    "these figures are not confirmed against the published price list; "
    "check https://aws.amazon.com/dynamodb/pricing/ or give --price-file";

[[noreturn]] void Fail(std::string_view list, const std::string& what) {
  throw PriceError(std::string(list) + ": " + what);
}

Json ParseText(std::string_view text, std::string_view list) {
  try {
    return Json::parse(DocumentToJson(text));
  } catch (const WorkloadError& e) {
    Fail(list, e.what());
  }
}

std::string EntryPlace(size_t i) {
  return "prices[" + std::to_string(i) + "]: ";
}

std::optional<double> Price(const Json& entry, const char* key,
                            const std::string& where, std::string_view list,
                            bool required) {
  auto it = entry.find(key);
  if (it == entry.end() || it->is_null()) {
    if (required) Fail(list, where + "missing '" + key + "'");
    return std::nullopt;
  }
  if (!it->is_number() || !(it->get<double>() >= 0) ||
      !std::isfinite(it->get<double>())) {
    Fail(list, where + "'" + key + "' must be a number, not negative");
  }
  return it->get<double>();
}

std::string Text(const Json& entry, const char* key, const std::string& where,
                 std::string_view list) {
  auto it = entry.find(key);
  if (it == entry.end() || it->is_null()) return "";
  if (!it->is_string()) Fail(list, where + "'" + key + "' must be text");
  return it->get<std::string>();
}

PriceList ReadEntry(const Json& entry, size_t i, const std::string& file_date,
                    std::string_view list) {
  const std::string where = EntryPlace(i);
  if (!entry.is_object()) Fail(list, where + "must be a mapping");
  static const std::set<std::string> kFields = {
      "region",   "table_class",      "read_request_unit_per_million",
      "rcu_hour", "wcu_hour",         "write_request_unit_per_million",
      "date",     "storage_gb_month", "confirmed",
      "note"};
  for (const auto& [key, value] : entry.items()) {
    if (!kFields.count(key)) Fail(list, where + "unknown field '" + key + "'");
  }
  PriceList p;
  p.region = Text(entry, "region", where, list);
  if (p.region.empty()) Fail(list, where + "missing 'region'");
  const std::string table_class = Text(entry, "table_class", where, list);
  if (table_class.empty()) Fail(list, where + "missing 'table_class'");
  try {
    p.table_class = TableClassOf(table_class);
  } catch (const PriceError& e) {
    Fail(list, where + "'table_class': " + e.what());
  }
  p.read_request_unit_per_million =
      *Price(entry, "read_request_unit_per_million", where, list, true);
  p.write_request_unit_per_million =
      *Price(entry, "write_request_unit_per_million", where, list, true);
  p.rcu_hour = Price(entry, "rcu_hour", where, list, false);
  p.wcu_hour = Price(entry, "wcu_hour", where, list, false);
  p.storage_gb_month = Price(entry, "storage_gb_month", where, list, false);
  p.date = Text(entry, "date", where, list);
  if (p.date.empty()) p.date = file_date;
  if (p.date.empty())
    Fail(list, where + "no 'date' (give one here or for the whole list)");
  if (auto c = entry.find("confirmed"); c != entry.end()) {
    if (!c->is_boolean())
      Fail(list, where + "'confirmed' must be true or false");
    p.confirmed = c->get<bool>();
  }
  p.note = Text(entry, "note", where, list);
  if (!p.confirmed && p.note.empty()) p.note = kUnconfirmedNote;
  return p;
}

}  // namespace

std::string_view BuiltinPriceListText() { return kBuiltinPrices; }

std::string TableClassOf(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  if (upper == kStandard || upper == kStandardIa) return upper;
  throw PriceError("'" + std::string(text) + "' is not " + kStandard + " or " +
                   kStandardIa);
}

PriceList FindPrices(std::string_view text, std::string_view list_name,
                     std::string_view region, std::string_view table_class) {
  const Json doc = ParseText(text, list_name);
  if (!doc.is_object()) Fail(list_name, "not a mapping with 'prices'");
  for (const auto& [key, value] : doc.items()) {
    if (key != "date" && key != "prices")
      Fail(list_name, "unknown field '" + key + "'");
  }
  std::string file_date;
  if (auto d = doc.find("date"); d != doc.end() && !d->is_null()) {
    if (!d->is_string()) Fail(list_name, "'date' must be text");
    file_date = d->get<std::string>();
  }
  auto prices = doc.find("prices");
  if (prices == doc.end() || !prices->is_array() || prices->empty())
    Fail(list_name, "'prices' must be a list of entries");
  std::vector<PriceList> entries;
  for (size_t i = 0; i < prices->size(); ++i)
    entries.push_back(ReadEntry((*prices)[i], i, file_date, list_name));
  std::string has;
  for (const PriceList& p : entries) {
    if (p.region == region && p.table_class == table_class) return p;
    has += (has.empty() ? "" : ", ") + p.region + " " + p.table_class;
  }
  Fail(list_name, "no prices for " + std::string(region) + " " +
                      std::string(table_class) + " (it has " + has + ")");
}

PriceList BuiltinPrices(std::string_view region, std::string_view table_class) {
  PriceList p =
      FindPrices(kBuiltinPrices, "built-in price list", region, table_class);
  p.source = "built-in";
  return p;
}

PriceList LoadPriceFile(const std::string& path, std::string_view region,
                        std::string_view table_class) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw PriceError(path + ": cannot read the file");
  PriceList p = FindPrices(text.str(), path, region, table_class);
  p.source = "file " + path;
  return p;
}

PriceList SeedPrices() {
  PriceList p;
  p.region = "us-east-1";
  p.table_class = kStandard;
  p.source = "seed";
  p.note =
      "the seed design's figures (single-table-design.md, Cost Estimation), "
      "older than the service's current prices";
  p.read_request_unit_per_million = 0.25;
  p.write_request_unit_per_million = 1.25;
  p.storage_gb_month = 0.25;
  return p;
}

double OnDemandMonthlyUsd(double units_per_second, double price_per_million) {
  return units_per_second * kSecondsPerMonth * price_per_million / 1e6;
}

double ProvisionedUnits(double units_per_second) {
  // Within a millionth of a whole number counts as that number, so that
  // rounding in the sums does not buy a unit.
  return std::max(1.0, std::ceil(units_per_second - 1e-6));
}

double ProvisionedMonthlyUsd(double units, double price_per_hour) {
  return units * kHoursPerMonth * price_per_hour;
}

std::string DescribeTableBody(std::string_view table) {
  return Json{{"TableName", std::string(table)}}.dump();
}

std::optional<TableStorage> ParseDescribeTable(std::string_view body) {
  Json doc = Json::parse(body.begin(), body.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  auto table = doc.find("Table");
  if (table == doc.end() || !table->is_object()) return std::nullopt;
  auto count = [](const Json& obj, const char* key) -> uint64_t {
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_number() || it->get<double>() < 0) return 0;
    return it->get<uint64_t>();
  };
  auto name_in = [](const Json& obj, const char* outer, const char* inner) {
    auto o = obj.find(outer);
    if (o == obj.end() || !o->is_object()) return std::string();
    auto i = o->find(inner);
    return i != o->end() && i->is_string() ? i->get<std::string>() : "";
  };
  TableStorage s;
  s.table_class = name_in(*table, "TableClassSummary", "TableClass");
  s.billing_mode = name_in(*table, "BillingModeSummary", "BillingMode");
  s.table_bytes = count(*table, "TableSizeBytes");
  s.table_items = count(*table, "ItemCount");
  for (const char* key : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    auto list = table->find(key);
    if (list == table->end() || !list->is_array()) continue;
    for (const Json& ix : *list) {
      if (!ix.is_object()) continue;
      TableStorage::Index index;
      auto name = ix.find("IndexName");
      index.name =
          name != ix.end() && name->is_string() ? name->get<std::string>() : "";
      index.global = std::string(key) == "GlobalSecondaryIndexes";
      index.bytes = count(ix, "IndexSizeBytes");
      index.items = count(ix, "ItemCount");
      s.indexes.push_back(std::move(index));
    }
  }
  return s;
}

double BillableBytes(const TableStorage& storage) {
  double bytes = static_cast<double>(storage.table_bytes) +
                 kStorageOverheadBytes * storage.table_items;
  for (const auto& ix : storage.indexes)
    bytes += static_cast<double>(ix.bytes) + kStorageOverheadBytes * ix.items;
  return bytes;
}

double StorageMonthlyUsd(const TableStorage& storage,
                         double price_per_gb_month) {
  return BillableBytes(storage) / kBytesPerGb * price_per_gb_month;
}

}  // namespace dynarock::bench
