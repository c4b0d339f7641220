#include "tools/dynarock_bench/makeriess.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <random>
#include <stdexcept>

#include "wire/json_writer.h"

namespace dynarock::bench {
namespace {

// The engine is seeded with kSeed * 1000 + scale: each scale is its own data
// set, not a prefix of a larger one.
constexpr uint64_t kSeed = 20240117;

// Per unit of scale.
constexpr int kCustomersPerScale = 30;
constexpr int kVendorsPerScale = 6;
constexpr int kProductsPerScale = 40;
constexpr int kOrdersPerScale = 60;

// Spaces and '&' on purpose: the seed's own example is 'Food & pastries'.
constexpr std::array<std::string_view, 7> kCategories = {
    "Food & pastries",    "Home & garden", "Arts & crafts",      "Candles",
    "Ceramics & pottery", "Jewelry",       "Textiles & weaving",
};
constexpr std::string_view kSeedCategory = "Food & pastries";
// The seed's QueryCommand example reads CUSTOMER#cust_123's orders.
constexpr int kSeedCustomerIndex = 23;  // cust_123

constexpr std::array<std::string_view, 20> kFirstNames = {
    "Ana",  "Ben",   "Chloe", "Dario", "Elif", "Femi",  "Gita",
    "Hugo", "Ines",  "Jonas", "Kai",   "Lena", "Mateo", "Noor",
    "Omar", "Priya", "Quinn", "Rosa",  "Sven", "Tara"};
constexpr std::array<std::string_view, 16> kLastNames = {
    "Almeida", "Brown",    "Chen",    "Dubois", "Eriksen",  "Fischer",
    "Garcia",  "Haddad",   "Ivanova", "Jensen", "Kowalski", "Lopez",
    "Moreau",  "Nakamura", "Okafor",  "Petrov"};
constexpr std::array<std::string_view, 16> kProductWords = {
    "Sourdough", "Croissant", "Vase",  "Mug",    "Scarf", "Candle",
    "Ring",      "Bowl",      "Quilt", "Basket", "Tart",  "Planter",
    "Necklace",  "Blanket",   "Jam",   "Print"};
constexpr std::array<std::string_view, 10> kAdjectives = {
    "Rustic", "Handmade", "Little",   "Golden", "Hand-thrown",
    "Woven",  "Spiced",   "Lavender", "Indigo", "Wild"};
constexpr std::array<std::string_view, 5> kOrderStatuses = {
    "PENDING", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"};
// Price fractions, in the normalized form the service stores numbers in (no
// trailing zeros: "12", not "12.00").
constexpr std::array<std::string_view, 4> kPriceFractions = {"", ".5", ".99",
                                                             ".25"};
constexpr std::array<std::string_view, 6> kComments = {
    "Lovely",          "As described", "Fast shipping",
    "Would buy again", "A bit small",  "Gorgeous colours"};

constexpr int64_t kMaxTickMs = int64_t{6} * 3600 * 1000;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil).
constexpr int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

constexpr int64_t kBaseDays = DaysFromCivil(2024, 1, 1);

// The most ticks the clock can take at `scale`: one per customer, vendor,
// product and order, four per favorite-holding customer, twelve reviews for
// the first product and three for each other.
constexpr int64_t MaxTicks(int64_t scale) {
  return (kCustomersPerScale + kVendorsPerScale + kProductsPerScale +
          kOrdersPerScale) *
             scale +
         4 * (kCustomersPerScale * scale - 2) + 12 +
         3 * (kProductsPerScale * scale - 1);
}
static_assert(MaxTicks(kMakeriessMaxScale) * kMaxTickMs <
                  (DaysFromCivil(10000, 1, 1) - kBaseDays) * 86'400'000,
              "timestamps of the largest scale must stay within year 9999");

void CheckScale(int scale) {
  if (scale < 1 || scale > kMakeriessMaxScale) {
    throw std::invalid_argument("makeriess: scale must be between 1 and " +
                                std::to_string(kMakeriessMaxScale) + ", got " +
                                std::to_string(scale));
  }
}

std::string Id(std::string_view prefix, int64_t number) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  std::string out(prefix);
  out.append(digits, end);
  return out;
}

std::string CustomerId(int64_t i) { return Id("cust_", 100 + i); }
std::string VendorId(int64_t i) { return Id("vend_", 200 + i); }
std::string ProductId(int64_t i) { return Id("prod_", 1000 + i); }
std::string OrderId(int64_t i) { return Id("ord_", 10000 + i); }
std::string ReviewId(int64_t i) { return Id("rev_", 50000 + i); }

std::string_view FirstName(int64_t i) {
  return kFirstNames[static_cast<size_t>(i) % kFirstNames.size()];
}
std::string_view LastName(int64_t i) {
  return kLastNames[static_cast<size_t>(i * 7) % kLastNames.size()];
}

void AppendLower(std::string& out, std::string_view s) {
  for (char c : s) {
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
}

std::string CustomerEmail(int64_t i) {
  std::string email;
  AppendLower(email, FirstName(i));
  email += '.';
  AppendLower(email, LastName(i));
  email += '.';
  email += CustomerId(i);
  email += "@example.com";
  return email;
}

std::string VendorEmail(int64_t i) {
  return "shop." + VendorId(i) + "@makers.example.com";
}

std::string_view VendorCategory(int64_t i) {
  return kCategories[static_cast<size_t>(i) % kCategories.size()];
}

// Uniform draws from std::mt19937_64, whose output sequence the standard
// fixes; std::uniform_int_distribution is left out as its algorithm is not.
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  // Uniform in [lo, hi] (lo <= hi): Lemire's multiply-shift with rejection,
  // unbiased.
  int64_t Uniform(int64_t lo, int64_t hi) {
    const uint64_t range = static_cast<uint64_t>(hi - lo) + 1;
    unsigned __int128 m = static_cast<unsigned __int128>(engine_()) * range;
    uint64_t low = static_cast<uint64_t>(m);
    if (low < range) {
      const uint64_t threshold = (0 - range) % range;
      while (low < threshold) {
        m = static_cast<unsigned __int128>(engine_()) * range;
        low = static_cast<uint64_t>(m);
      }
    }
    return lo + static_cast<int64_t>(m >> 64);
  }

  // Uniform in [0, n), n > 0.
  size_t Index(size_t n) {
    return static_cast<size_t>(Uniform(0, static_cast<int64_t>(n) - 1));
  }

  template <typename Array>
  auto Choice(const Array& values) {
    return values[Index(values.size())];
  }

  // `k` distinct indexes in [0, n) (k <= n, k small), in draw order.
  void Sample(size_t n, size_t k, std::vector<size_t>& out) {
    out.clear();
    while (out.size() < k) {
      const size_t i = Index(n);
      if (std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
    }
  }

 private:
  std::mt19937_64 engine_;
};

// An ISO 8601 UTC timestamp with milliseconds: "2024-01-01T00:00:00.000Z".
class Timestamp {
 public:
  static constexpr size_t kSize = 24;

  explicit Timestamp(int64_t ms_since_base) {
    const int64_t days = kBaseDays + ms_since_base / 86'400'000;
    int64_t ms = ms_since_base % 86'400'000;
    // civil_from_days (H. Hinnant).
    const int64_t z = days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned day = doy - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    const int64_t year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2);
    Put(0, 4, year);
    text_[4] = '-';
    Put(5, 2, month);
    text_[7] = '-';
    Put(8, 2, day);
    text_[10] = 'T';
    Put(11, 2, ms / 3'600'000);
    ms %= 3'600'000;
    text_[13] = ':';
    Put(14, 2, ms / 60'000);
    ms %= 60'000;
    text_[16] = ':';
    Put(17, 2, ms / 1000);
    text_[19] = '.';
    Put(20, 3, ms % 1000);
    text_[23] = 'Z';
  }

  std::string_view view() const { return {text_.data(), kSize}; }

 private:
  // Writes `value` as `width` zero-padded digits at `pos`.
  void Put(size_t pos, size_t width, int64_t value) {
    for (size_t i = width; i-- > 0;) {
      text_[pos + i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  }

  std::array<char, kSize> text_;
};

// Strictly increasing timestamps: no two share a millisecond, so every
// time-ordered sort key is unique.
class Clock {
 public:
  explicit Clock(Rng& rng) : rng_(rng) {}

  Timestamp Tick() {
    ms_ += rng_.Uniform(1, kMaxTickMs);
    return Timestamp(ms_);
  }

 private:
  Rng& rng_;
  int64_t ms_ = 0;
};

// Builds the DynamoDB JSON text of one item in a reused buffer.
class ItemJson {
 public:
  ItemJson() { out_.reserve(1024); }

  void Begin() {
    out_.clear();
    out_ += '{';
  }

  // A string attribute whose value is the concatenation of `parts`.
  template <typename... Parts>
  void S(std::string_view name, const Parts&... parts) {
    Open(name, "S");
    out_ += '"';
    (JsonWriter::AppendEscaped(std::string_view(parts), &out_), ...);
    out_ += "\"}";
  }

  // A number attribute; `value` is its decimal text.
  void N(std::string_view name, std::string_view value) {
    Open(name, "N");
    out_ += '"';
    out_ += value;
    out_ += "\"}";
  }

  void N(std::string_view name, int64_t value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    N(name, std::string_view(digits, static_cast<size_t>(end - digits)));
  }

  // A string set attribute; `values` is non-empty, sorted and distinct.
  void SS(std::string_view name, const std::vector<std::string>& values) {
    Open(name, "SS");
    out_ += '[';
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out_ += ',';
      out_ += '"';
      JsonWriter::AppendEscaped(values[i], &out_);
      out_ += '"';
    }
    out_ += "]}";
  }

  std::string_view End() {
    out_ += '}';
    return out_;
  }

 private:
  // `"name":{"type":` with the separating comma.
  void Open(std::string_view name, std::string_view type) {
    if (out_.size() > 1) out_ += ',';
    out_ += '"';
    JsonWriter::AppendEscaped(name, &out_);
    out_ += "\":{\"";
    out_ += type;
    out_ += "\":";
  }

  std::string out_;
};

// Sorted and without duplicates.
void SortUnique(std::vector<std::string>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

}  // namespace

MakeriessKeys MakeriessKeySpace(int scale) {
  CheckScale(scale);
  MakeriessKeys keys;
  const int customers = kCustomersPerScale * scale;
  const int vendors = kVendorsPerScale * scale;
  const int products = kProductsPerScale * scale;
  const int orders = kOrdersPerScale * scale;
  keys.customers.reserve(customers);
  keys.customer_emails.reserve(customers);
  for (int i = 0; i < customers; ++i) {
    keys.customers.push_back(CustomerId(i));
    keys.customer_emails.push_back(CustomerEmail(i));
  }
  keys.vendors.reserve(vendors);
  keys.vendor_emails.reserve(vendors);
  for (int i = 0; i < vendors; ++i) {
    keys.vendors.push_back(VendorId(i));
    keys.vendor_emails.push_back(VendorEmail(i));
  }
  keys.products.reserve(products);
  for (int i = 0; i < products; ++i) keys.products.push_back(ProductId(i));
  keys.orders.reserve(orders);
  for (int i = 0; i < orders; ++i) keys.orders.push_back(OrderId(i));
  keys.categories.assign(kCategories.begin(), kCategories.end());
  return keys;
}

uint64_t GenerateMakeriess(
    int scale, const std::function<void(std::string_view item_json)>& sink) {
  CheckScale(scale);
  Rng rng(kSeed * 1000 + static_cast<uint64_t>(scale));
  Clock clock(rng);
  ItemJson item;
  uint64_t count = 0;
  const auto emit = [&] {
    sink(item.End());
    ++count;
  };

  const int customers = kCustomersPerScale * scale;
  const int vendors = kVendorsPerScale * scale;
  const int products = kProductsPerScale * scale;
  const int orders = kOrdersPerScale * scale;

  // Customers cust_100 ... : cust_123 is among them from scale 1 on.
  for (int i = 0; i < customers; ++i) {
    const std::string cid = CustomerId(i);
    const std::string email = CustomerEmail(i);
    item.Begin();
    item.S("PK", "CUSTOMER#", cid);
    item.S("SK", "METADATA");
    item.S("GSI1PK", "EMAIL#", email);
    item.S("GSI1SK", "CUSTOMER");
    item.S("entityType", "CUSTOMER");
    item.S("customerId", cid);
    item.S("email", email);
    item.S("name", FirstName(i), " ", LastName(i));
    item.N("loyaltyPoints", rng.Uniform(0, 5000));
    item.S("createdAt", clock.Tick().view());
    emit();
  }

  // Every category has a vendor once there are enough vendors; the seed's
  // category always does.
  for (int i = 0; i < vendors; ++i) {
    const std::string vid = VendorId(i);
    const std::string email = VendorEmail(i);
    item.Begin();
    item.S("PK", "VENDOR#", vid);
    item.S("SK", "METADATA");
    item.S("GSI1PK", "EMAIL#", email);
    item.S("GSI1SK", "VENDOR");
    item.S("entityType", "VENDOR");
    item.S("vendorId", vid);
    item.S("email", email);
    item.S("businessName",
           kAdjectives[static_cast<size_t>(i) % kAdjectives.size()], " ",
           kLastNames[static_cast<size_t>(i) % kLastNames.size()], " Studio");
    item.S("category", VendorCategory(i));
    item.S("createdAt", clock.Tick().view());
    emit();
  }

  // Each product is followed by its entry in its vendor's list (base table,
  // SK PRODUCT#).
  std::vector<uint32_t> product_vendor(static_cast<size_t>(products));
  for (int i = 0; i < products; ++i) {
    // The first vendor gets a quarter of the products: a partition large
    // enough to page through with small Limits.
    const size_t v = i % 4 == 0 ? 0 : rng.Index(static_cast<size_t>(vendors));
    product_vendor[static_cast<size_t>(i)] = static_cast<uint32_t>(v);
    std::string_view category = rng.Uniform(0, 9) < 7
                                    ? VendorCategory(static_cast<int64_t>(v))
                                    : rng.Choice(kCategories);
    if (i % 5 == 0) category = kSeedCategory;
    const std::string_view adjective = rng.Choice(kAdjectives);
    const std::string_view word = rng.Choice(kProductWords);
    char price[32];
    char* end =
        std::to_chars(price, price + sizeof price, rng.Uniform(3, 250)).ptr;
    const std::string_view fraction = rng.Choice(kPriceFractions);
    end = std::copy(fraction.begin(), fraction.end(), end);
    const std::string_view price_text(price, static_cast<size_t>(end - price));
    const Timestamp created = clock.Tick();
    const std::string pid = ProductId(i);
    const std::string vid = VendorId(static_cast<int64_t>(v));
    item.Begin();
    item.S("PK", "PRODUCT#", pid);
    item.S("SK", "METADATA");
    item.S("GSI1PK", "VENDOR#", vid);
    item.S("GSI1SK", "PRODUCT#", pid);
    item.S("GSI2PK", "CATEGORY#", category);
    item.S("GSI2SK", "PRODUCT#", pid);
    item.S("entityType", "PRODUCT");
    item.S("productId", pid);
    item.S("vendorId", vid);
    item.S("name", adjective, " ", word);
    item.S("category", category);
    item.N("price", price_text);
    item.N("stock", rng.Uniform(0, 80));
    item.S("createdAt", created.view());
    emit();
    item.Begin();
    item.S("PK", "VENDOR#", vid);
    item.S("SK", "PRODUCT#", pid);
    item.S("entityType", "VENDOR_PRODUCT");
    item.S("productId", pid);
    item.S("vendorId", vid);
    item.S("name", adjective, " ", word);
    item.N("price", price_text);
    item.S("createdAt", created.view());
    emit();
  }

  // Orders, each followed by its customer's entry and one part per vendor.
  // The seed customer has every tenth order; the last five customers never
  // order (empty results are cases too).
  std::vector<size_t> lines;
  std::vector<std::string> line_ids;
  std::vector<std::string> sorted_lines;
  std::vector<std::string> order_vendors;
  std::vector<std::string> vendor_lines;
  for (int i = 0; i < orders; ++i) {
    const int64_t customer =
        i % 10 == 3 ? kSeedCustomerIndex
                    : static_cast<int64_t>(
                          rng.Index(static_cast<size_t>(customers - 5)));
    const std::string cid = CustomerId(customer);
    const std::string oid = OrderId(i);
    const Timestamp ts = clock.Tick();
    const auto line_count = static_cast<size_t>(rng.Uniform(1, 4));
    rng.Sample(static_cast<size_t>(products), line_count, lines);
    line_ids.clear();
    order_vendors.clear();
    for (size_t p : lines) {
      line_ids.push_back(ProductId(static_cast<int64_t>(p)));
      order_vendors.push_back(VendorId(product_vendor[p]));
    }
    SortUnique(order_vendors);
    int64_t total = 0;
    for (size_t n = 0; n < lines.size(); ++n) total += rng.Uniform(5, 120);
    const std::string_view status = rng.Choice(kOrderStatuses);

    item.Begin();
    item.S("PK", "ORDER#", oid);
    item.S("SK", "METADATA");
    item.S("GSI1PK", "CUSTOMER#", cid);
    item.S("GSI1SK", "ORDER#", ts.view(), "#", oid);
    item.S("GSI2PK", "ORDER");
    item.S("GSI2SK", ts.view());
    item.S("entityType", "ORDER");
    item.S("orderId", oid);
    item.S("customerId", cid);
    item.S("status", status);
    item.N("total", total);
    sorted_lines = line_ids;
    SortUnique(sorted_lines);
    item.SS("productIds", sorted_lines);
    item.SS("vendorIds", order_vendors);
    item.S("createdAt", ts.view());
    emit();

    item.Begin();
    item.S("PK", "CUSTOMER#", cid);
    item.S("SK", "ORDER#", ts.view(), "#", oid);
    item.S("entityType", "CUSTOMER_ORDER");
    item.S("orderId", oid);
    item.S("customerId", cid);
    item.S("status", status);
    item.N("total", total);
    item.S("createdAt", ts.view());
    emit();

    for (const std::string& vid : order_vendors) {
      vendor_lines.clear();
      for (size_t n = 0; n < lines.size(); ++n) {
        if (VendorId(product_vendor[lines[n]]) == vid) {
          vendor_lines.push_back(line_ids[n]);
        }
      }
      SortUnique(vendor_lines);
      item.Begin();
      item.S("PK", "ORDER#", oid);
      item.S("SK", "VENDOR#", vid);
      item.S("GSI1PK", "VENDOR#", vid);
      item.S("GSI1SK", "ORDER#", ts.view(), "#", oid);
      item.S("GSI2PK", "VENDOR#", vid);
      item.S("GSI2SK", "ORDER#", ts.view(), "#", oid);
      item.S("entityType", "VENDOR_ORDER");
      item.S("orderId", oid);
      item.S("vendorId", vid);
      item.S("customerId", cid);
      item.S("status", status);
      item.SS("productIds", vendor_lines);
      item.S("createdAt", ts.view());
      emit();
    }
  }

  // Favorites: up to four per customer; the last two customers have none.
  std::vector<std::string> favorites;
  for (int i = 0; i < customers - 2; ++i) {
    const std::string cid = CustomerId(i);
    const auto favorite_count = static_cast<size_t>(rng.Uniform(0, 4));
    rng.Sample(static_cast<size_t>(products), favorite_count, lines);
    favorites.clear();
    for (size_t p : lines)
      favorites.push_back(ProductId(static_cast<int64_t>(p)));
    SortUnique(favorites);
    for (const std::string& pid : favorites) {
      item.Begin();
      item.S("PK", "CUSTOMER#", cid);
      item.S("SK", "FAVORITE#", pid);
      item.S("entityType", "FAVORITE");
      item.S("customerId", cid);
      item.S("productId", pid);
      item.S("createdAt", clock.Tick().view());
      emit();
    }
  }

  // Reviews: the first product gets many (a partition to page through).
  int64_t review_no = 0;
  for (int i = 0; i < products; ++i) {
    const std::string pid = ProductId(i);
    const int64_t review_count = i == 0 ? 12 : rng.Uniform(0, 3);
    for (int64_t r = 0; r < review_count; ++r) {
      const Timestamp ts = clock.Tick();
      const std::string rid = ReviewId(review_no++);
      item.Begin();
      item.S("PK", "PRODUCT#", pid);
      item.S("SK", "REVIEW#", ts.view(), "#", rid);
      item.S("entityType", "REVIEW");
      item.S("reviewId", rid);
      item.S("productId", pid);
      item.S("customerId", CustomerId(static_cast<int64_t>(
                               rng.Index(static_cast<size_t>(customers)))));
      item.N("rating", rng.Uniform(1, 5));
      item.S("comment", rng.Choice(kComments));
      item.S("createdAt", ts.view());
      emit();
    }
  }
  return count;
}

std::string MakeriessCreateTableJson(std::string_view table_name) {
  std::string out = "{\"TableName\":\"";
  JsonWriter::AppendEscaped(table_name, &out);
  out += R"(","AttributeDefinitions":[)"
         R"({"AttributeName":"PK","AttributeType":"S"},)"
         R"({"AttributeName":"SK","AttributeType":"S"},)"
         R"({"AttributeName":"GSI1PK","AttributeType":"S"},)"
         R"({"AttributeName":"GSI1SK","AttributeType":"S"},)"
         R"({"AttributeName":"GSI2PK","AttributeType":"S"},)"
         R"({"AttributeName":"GSI2SK","AttributeType":"S"}],)"
         R"("KeySchema":[{"AttributeName":"PK","KeyType":"HASH"},)"
         R"({"AttributeName":"SK","KeyType":"RANGE"}],)"
         R"("BillingMode":"PAY_PER_REQUEST",)"
         R"("GlobalSecondaryIndexes":[)"
         R"({"IndexName":"GSI1","KeySchema":[)"
         R"({"AttributeName":"GSI1PK","KeyType":"HASH"},)"
         R"({"AttributeName":"GSI1SK","KeyType":"RANGE"}],)"
         R"("Projection":{"ProjectionType":"ALL"}},)"
         R"({"IndexName":"GSI2","KeySchema":[)"
         R"({"AttributeName":"GSI2PK","KeyType":"HASH"},)"
         R"({"AttributeName":"GSI2SK","KeyType":"RANGE"}],)"
         R"("Projection":{"ProjectionType":"ALL"}}],)"
         R"("SSESpecification":{"Enabled":true},)"
         R"("Tags":[{"Key":"Environment","Value":"production"},)"
         R"({"Key":"Application","Value":"makeriess"}]})";
  return out;
}

}  // namespace dynarock::bench
