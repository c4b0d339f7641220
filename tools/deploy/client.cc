// The deploy client: dynarock-bench's one-request call (DynamoCall) and its
// SigV4 signer, shared by the programs that talk to a server.
#include "tools/deploy/client.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "tools/dynarock_bench/credentials.h"
#include "tools/dynarock_bench/http_driver.h"

namespace dynarock::deploy {

namespace {

// Long enough for any call against a local server; a server that does not
// answer in it is reported.
constexpr double kTimeoutSeconds = 60;

// For a server that checks no signature (dynarock, DynamoDB Local) when the
// environment and the shared files give no keys: the documentation's
// example keys.
constexpr const char* kDummyAccessKey = "AKIAIOSFODNN7EXAMPLE";
constexpr const char* kDummySecretKey =
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

}  // namespace

struct Client::Impl {
  std::string endpoint;
  bench::ClientConfig config;
};

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() = default;

const std::string& Client::endpoint() const { return impl_->endpoint; }

Expected<std::unique_ptr<Client>> Client::Create(const std::string& endpoint,
                                                 const std::string& region) {
  auto impl = std::make_unique<Impl>();
  impl->endpoint = endpoint;
  try {
    impl->config.endpoint = bench::ParseEndpoint(endpoint);
  } catch (const std::invalid_argument& e) {
    return Error{"--endpoint " + endpoint + ": " + e.what()};
  }
  impl->config.region = region;
  bench::AwsEnvironment env = bench::FindAwsEnvironment();
  impl->config.credentials = env.credentials.value_or(bench::SigV4Credentials{
      kDummyAccessKey, kDummySecretKey, /*session_token=*/""});
  return std::unique_ptr<Client>(new Client(std::move(impl)));
}

Expected<Response> Client::Call(const std::string& operation,
                                const std::string& body) {
  bench::HttpResult result =
      bench::DynamoCall(impl_->config, operation, body, kTimeoutSeconds);
  if (result.status == 0) {
    return Error{"cannot reach " + impl_->endpoint + ": " +
                 result.transport_error};
  }
  Response out;
  if (result.status == 200) {
    out.ok = true;
    out.body = std::move(result.body);
    return out;
  }
  auto error = nlohmann::json::parse(result.body, nullptr, false);
  if (error.is_discarded() || !error.is_object() || !error.contains("__type")) {
    return Error{"cannot reach " + impl_->endpoint + ": HTTP " +
                 std::to_string(result.status) +
                 " without a DynamoDB error (is it a DynamoDB endpoint?)"};
  }
  out.error_type = result.ErrorType();
  out.error_message = result.ErrorMessage();
  return out;
}

}  // namespace dynarock::deploy
