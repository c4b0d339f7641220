// The JSON protocol without sockets: a request body in, through the
// Dispatcher (parse, validate, the engine, render, CRC32), a response body
// out, on the realistic items of bench/peer_figures.py (the seed's
// customers and their orders, ~0.8 KB with nested maps, lists and sets).
// Over HTTP the same requests cost this plus the kernel's and the HTTP
// layer's share; the difference says where a request's time goes.
//
//   build/bench/dynarock_bench --benchmark_filter=Wire
#include <cstdio>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>

#include "bench/pool.h"
#include "engine/engine.h"
#include "wire/dispatcher.h"

namespace dynarock {
namespace {

constexpr int kCustomers = 200;
constexpr int kOrders = 20;
constexpr int kVendors = 50;
constexpr char kAuthorization[] =
    "AWS4-HMAC-SHA256 "
    "Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/dynamodb/"
    "aws4_request, SignedHeaders=host;x-amz-target, Signature=0";

std::string Format(const char* format, auto... args) {
  const int n = std::snprintf(nullptr, 0, format, args...);
  std::string s(static_cast<size_t>(n), '\0');
  std::snprintf(s.data(), s.size() + 1, format, args...);
  return s;
}

std::string OrderSk(int n) {
  return Format("ORDER#2025-01-%02dT12:00:00Z#%04d", 1 + n % 28, n);
}

// A customer as bench/peer_figures.py's make_customer writes one (740
// bytes by the service's measure).
std::string CustomerJson(int c) {
  return Format(
      R"j({"PK":{"S":"CUSTOMER#c%d"},"SK":{"S":"METADATA"},)j"
      R"j("GSI1PK":{"S":"EMAIL#emma.novak.c%d@example.com"},"GSI1SK":{"S":"CUSTOMER"},)j"
      R"j("entityType":{"S":"CUSTOMER"},"customerId":{"S":"c%d"},)j"
      R"j("email":{"S":"emma.novak.c%d@example.com"},"name":{"S":"Emma Novak"},)j"
      R"j("phone":{"S":"+1-555-4821"},"loyaltyPoints":{"N":"%d"},"tier":{"S":"SILVER"},)j"
      R"j("shippingAddress":{"M":{"line1":{"S":"118 Okafor Street"},"line2":{"S":"Apartment 12"},)j"
      R"j("city":{"S":"Lyon"},"postcode":{"S":"69002"},"country":{"S":"FR"}}},)j"
      R"j("billingAddress":{"M":{"line1":{"S":"7 Tanaka Street"},"line2":{"S":"Apartment 3"},)j"
      R"j("city":{"S":"Osaka"},"postcode":{"S":"530-0001"},"country":{"S":"JP"}}},)j"
      R"j("preferences":{"M":{"newsletter":{"BOOL":true},"language":{"S":"fr"},)j"
      R"j("currency":{"S":"EUR"},"dietary":{"L":[{"S":"vegan"},{"S":"nut-free"}]}}},)j"
      R"j("tags":{"SS":["wholesale","gift-buyer","local"]},)j"
      R"j("createdAt":{"S":"2024-05-14T07:15:42.000Z"},)j"
      R"j("consents":{"M":{"marketing":{"M":{"granted":{"BOOL":false},)j"
      R"j("at":{"S":"2024-03-02T09:12:44.000Z"},"source":{"S":"checkout"}}},)j"
      R"j("terms":{"M":{"version":{"S":"2024-01"},"at":{"S":"2024-01-05T16:40:03.000Z"}}}}},)j"
      R"j("recentlyViewed":{"L":[{"S":"p12"},{"S":"p380"},{"S":"p7"},{"S":"p221"},)j"
      R"j({"S":"p95"},{"S":"p3"},{"S":"p140"},{"S":"p311"}]},)j"
      R"j("updatedAt":{"S":"2025-02-11T10:21:07.000Z"}})j",
      c, c, c, c, 37 * c % 5000);
}

// An order as make_order writes one (780 bytes).
std::string OrderJson(int c, int n, const std::string& id_prefix = "o") {
  const std::string sk = OrderSk(n);
  const std::string created = sk.substr(6, 20);
  const int vendor = 1 + (c * kOrders + n) % kVendors;
  return Format(
      R"j({"PK":{"S":"CUSTOMER#c%d"},"SK":{"S":"%s"},)j"
      R"j("GSI1PK":{"S":"ORDER#%s%d-%d"},"GSI1SK":{"S":"METADATA"},)j"
      R"j("GSI2PK":{"S":"VENDOR#v%d"},"GSI2SK":{"S":"ORDER#%s#c%d-%d"},)j"
      R"j("entityType":{"S":"ORDER"},"orderId":{"S":"%s%d-%d"},"customerId":{"S":"c%d"},)j"
      R"j("vendorId":{"S":"v%d"},"status":{"S":"PAID"},"lineItems":{"L":[)j"
      R"j({"M":{"productId":{"S":"p17"},"name":{"S":"Wild honey"},"quantity":{"N":"2"},)j"
      R"j("unitPrice":{"N":"8.99"},"options":{"M":{"giftWrap":{"BOOL":true}}}}},)j"
      R"j({"M":{"productId":{"S":"p204"},"name":{"S":"Dark roast coffee"},"quantity":{"N":"1"},)j"
      R"j("unitPrice":{"N":"12.50"},"options":{"M":{"giftWrap":{"BOOL":false}}}}},)j"
      R"j({"M":{"productId":{"S":"p311"},"name":{"S":"Oat granola"},"quantity":{"N":"3"},)j"
      R"j("unitPrice":{"N":"5.25"},"options":{"M":{"giftWrap":{"BOOL":false}}}}}]},)j"
      R"j("total":{"N":"46.23"},"currency":{"S":"USD"},)j"
      R"j("shippingAddress":{"M":{"line1":{"S":"12 Rossi Street"},"line2":{"S":"Apartment 4"},)j"
      R"j("city":{"S":"Lyon"},"postcode":{"S":"69002"},"country":{"S":"FR"}}},)j"
      R"j("payment":{"M":{"method":{"S":"card"},"last4":{"S":"4242"},"authorizedAt":{"S":"%s"}}},)j"
      R"j("deliveryNotes":{"S":"Ring twice; the bell is broken at flat 12"},)j"
      R"j("giftMessage":{"S":"Happy birthday! With love from all of us, see you at the weekend."},)j"
      R"j("createdAt":{"S":"%s"},"updatedAt":{"S":"%s"}})j",
      c, sk.c_str(), id_prefix.c_str(), c, n, vendor, created.c_str(), c, n,
      id_prefix.c_str(), c, n, c, vendor, created.c_str(), created.c_str(),
      created.c_str());
}

struct Fixture {
  std::unique_ptr<Engine> engine;
  std::unique_ptr<Dispatcher> dispatcher;
  std::string error;  // the first failure while loading

  WireResponse Call(const char* operation, const std::string& body) const {
    const std::string target = std::string("DynamoDB_20120810.") + operation;
    return dispatcher->Handle({target, kAuthorization, body, "localhost"});
  }
};

// The seed's table (two GSIs) in memory, loaded through the Dispatcher.
Fixture& Loaded() {
  static Fixture* fixture = [] {
    auto* f = new Fixture;
    EngineOptions options;
    options.in_memory = true;
    auto engine = Engine::Open(options);
    if (!engine.ok()) return f;
    f->engine = std::move(engine).value();
    f->dispatcher = std::make_unique<Dispatcher>(f->engine.get());
    std::string gsis;
    for (int i = 1; i <= 2; ++i) {
      gsis += Format(
          R"j(%s{"IndexName":"GSI%d","Projection":{"ProjectionType":"ALL"},)j"
          R"j("KeySchema":[{"AttributeName":"GSI%dPK","KeyType":"HASH"},)j"
          R"j({"AttributeName":"GSI%dSK","KeyType":"RANGE"}]})j",
          i == 1 ? "" : ",", i, i, i);
    }
    std::string attributes;
    for (const char* a : {"PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK"}) {
      attributes += Format(R"j(%s{"AttributeName":"%s","AttributeType":"S"})j",
                           attributes.empty() ? "" : ",", a);
    }
    auto load = [f](const char* operation, const std::string& body) {
      WireResponse r = f->Call(operation, body);
      if (r.status != 200 && f->error.empty()) f->error = r.body;
    };
    load(
        "CreateTable",
        Format(
            R"j({"TableName":"makeriess-main-table","BillingMode":"PAY_PER_REQUEST",)j"
            R"j("AttributeDefinitions":[%s],"KeySchema":[)j"
            R"j({"AttributeName":"PK","KeyType":"HASH"},)j"
            R"j({"AttributeName":"SK","KeyType":"RANGE"}],)j"
            R"j("GlobalSecondaryIndexes":[%s]})j",
            attributes.c_str(), gsis.c_str()));
    for (int c = 0; c < kCustomers; ++c) {
      load("PutItem", R"j({"TableName":"makeriess-main-table","Item":)j" +
                          CustomerJson(c) + "}");
      for (int n = 0; n < kOrders; ++n) {
        load("PutItem", R"j({"TableName":"makeriess-main-table","Item":)j" +
                            OrderJson(c, n) + "}");
      }
    }
    return f;
  }();
  return *fixture;
}

uint64_t Next(uint64_t* n) {
  *n = *n * 6364136223846793005ULL + 1442695040888963407ULL;
  return *n >> 33;
}

// Runs `operation` on request bodies from body_of, built before timing a
// pool at a time (bench/pool.h): the figures are the server's alone.
void Run(benchmark::State& state, const char* operation, auto body_of) {
  Fixture& f = Loaded();
  if (!f.dispatcher || !f.error.empty()) {
    state.SkipWithError(("load failed: " + f.error).c_str());
    return;
  }
  uint64_t n = 0;
  size_t bytes = 0;
  Pool<std::string> bodies([&] { return body_of(&n); });
  bodies.Run(state, [&](std::string body) -> std::string {
    WireResponse r = f.Call(operation, std::move(body));
    if (r.status != 200) return "failed: " + r.body;
    bytes += r.body.size();
    benchmark::DoNotOptimize(r);
    return "";
  });
  state.counters["response_bytes"] =
      benchmark::Counter(static_cast<double>(bytes) / state.iterations());
}

void BM_WireGetItem(benchmark::State& state) {
  Run(state, "GetItem", [](uint64_t* n) {
    return Format(
        R"j({"TableName":"makeriess-main-table","Key":{"PK":{"S":"CUSTOMER#c%d"},"SK":{"S":"METADATA"}}})j",
        static_cast<int>(Next(n) % kCustomers));
  });
}
BENCHMARK(BM_WireGetItem);

void BM_WireQuery20(benchmark::State& state) {
  Run(state, "Query", [](uint64_t* n) {
    return Format(
        R"j({"TableName":"makeriess-main-table","KeyConditionExpression":"PK = :pk AND begins_with(SK, :sk)",)j"
        R"j("ExpressionAttributeValues":{":pk":{"S":"CUSTOMER#c%d"},":sk":{"S":"ORDER#"}},)j"
        R"j("Limit":20})j",
        static_cast<int>(Next(n) % kCustomers));
  });
}
BENCHMARK(BM_WireQuery20);

// A vendor's orders on GSI2, a page of 20: the newest first, as the seed
// lists them, or the oldest first (what reading backwards costs).
void GsiQuery20(benchmark::State& state, bool forward) {
  Run(state, "Query", [forward](uint64_t* n) {
    return Format(
        R"j({"TableName":"makeriess-main-table","IndexName":"GSI2",)j"
        R"j("KeyConditionExpression":"GSI2PK = :pk AND begins_with(GSI2SK, :sk)",)j"
        R"j("ExpressionAttributeValues":{":pk":{"S":"VENDOR#v%d"},":sk":{"S":"ORDER#"}},)j"
        R"j("ScanIndexForward":%s,"Limit":20})j",
        1 + static_cast<int>(Next(n) % kVendors), forward ? "true" : "false");
  });
}
void BM_WireGsiQuery20(benchmark::State& state) { GsiQuery20(state, false); }
BENCHMARK(BM_WireGsiQuery20);
void BM_WireGsiQuery20Forward(benchmark::State& state) {
  GsiQuery20(state, true);
}
BENCHMARK(BM_WireGsiQuery20Forward);

void BM_WirePutItemNew(benchmark::State& state) {
  uint64_t seq = 0;
  Run(state, "PutItem", [&seq](uint64_t* n) {
    // A new order each time: its sort key and ids are new.
    return R"j({"TableName":"makeriess-main-table","Item":)j" +
           OrderJson(static_cast<int>(Next(n) % kCustomers),
                     kOrders + static_cast<int>(++seq), "n") +
           "}";
  });
}
BENCHMARK(BM_WirePutItemNew);

void BM_WireUpdateItem(benchmark::State& state) {
  Run(state, "UpdateItem", [](uint64_t* n) {
    return Format(
        R"j({"TableName":"makeriess-main-table","Key":{"PK":{"S":"CUSTOMER#c%d"},"SK":{"S":"%s"}},)j"
        R"j("UpdateExpression":"SET #s = :s, updatedAt = :t",)j"
        R"j("ConditionExpression":"attribute_exists(PK)",)j"
        R"j("ExpressionAttributeNames":{"#s":"status"},)j"
        R"j("ExpressionAttributeValues":{":s":{"S":"SHIPPED"},":t":{"S":"2026-01-01T00:00:00Z"}}})j",
        static_cast<int>(Next(n) % kCustomers),
        OrderSk(static_cast<int>(Next(n) % kOrders)).c_str());
  });
}
BENCHMARK(BM_WireUpdateItem);

}  // namespace
}  // namespace dynarock
