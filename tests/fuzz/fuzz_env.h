// What the fuzz targets share: one in-memory engine with two tables, and
// their request dispatcher, made on the first input and kept for the run (so
// items written by one input are there for the next).
#ifndef DYNAROCK_TESTS_FUZZ_FUZZ_ENV_H_
#define DYNAROCK_TESTS_FUZZ_FUZZ_ENV_H_

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "engine/engine.h"
#include "wire/dispatcher.h"

namespace dynarock {
namespace fuzz {

// "things": PK and SK, a GSI and an LSI, with a stream. "solo": PK only.
inline constexpr const char* kTables[] = {
    R"({"TableName": "things", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [
          {"AttributeName": "PK", "AttributeType": "S"},
          {"AttributeName": "SK", "AttributeType": "S"},
          {"AttributeName": "G", "AttributeType": "S"},
          {"AttributeName": "N", "AttributeType": "N"}],
        "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"},
                      {"AttributeName": "SK", "KeyType": "RANGE"}],
        "GlobalSecondaryIndexes": [{"IndexName": "gsi",
          "KeySchema": [{"AttributeName": "G", "KeyType": "HASH"},
                        {"AttributeName": "SK", "KeyType": "RANGE"}],
          "Projection": {"ProjectionType": "INCLUDE",
                         "NonKeyAttributes": ["v"]}}],
        "LocalSecondaryIndexes": [{"IndexName": "lsi",
          "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"},
                        {"AttributeName": "N", "KeyType": "RANGE"}],
          "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        "StreamSpecification": {"StreamEnabled": true,
                                "StreamViewType": "NEW_AND_OLD_IMAGES"}})",
    R"({"TableName": "solo", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "PK", "AttributeType": "B"}],
        "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}]})",
};

// An Authorization header as the SDKs send it (signatures are not checked).
inline constexpr const char* kAuthorization =
    "AWS4-HMAC-SHA256 "
    "Credential=fuzz/20260101/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host;x-amz-date;x-amz-target, Signature=00";

struct Env {
  std::unique_ptr<Engine> engine;
  std::unique_ptr<Dispatcher> dispatcher;

  static Env& Get() {
    static Env* env = [] {
      auto* e = new Env;
      EngineOptions o;
      o.in_memory = true;
      auto opened = Engine::Open(o);
      if (!opened.ok()) {
        std::fprintf(stderr, "open: %s\n", opened.status().message().c_str());
        std::abort();
      }
      e->engine = std::move(opened).value();
      e->dispatcher = std::make_unique<Dispatcher>(e->engine.get());
      for (const char* body : kTables) {
        WireResponse r = e->dispatcher->Handle(
            {"DynamoDB_20120810.CreateTable", kAuthorization, body});
        if (r.status != 200) {
          std::fprintf(stderr, "CreateTable: %s\n", r.body.c_str());
          std::abort();
        }
      }
      return e;
    }();
    return *env;
  }
};

// An answer the engine gives only when it has failed itself, never for bad
// input: the fuzzer stops on it as on a crash.
inline void CheckNotInternal(int status, std::string_view input,
                             std::string_view answer) {
  if (status < 500) return;
  std::fprintf(stderr, "status %d for input:\n%.*s\nanswer: %.*s\n", status,
               static_cast<int>(input.size()), input.data(),
               static_cast<int>(answer.size()), answer.data());
  std::abort();
}

}  // namespace fuzz
}  // namespace dynarock

#endif  // DYNAROCK_TESTS_FUZZ_FUZZ_ENV_H_
