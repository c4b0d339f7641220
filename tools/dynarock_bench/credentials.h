// AWS credentials and region for dynarock-bench, found where the AWS CLI and
// SDKs look: the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN, AWS_REGION / AWS_DEFAULT_REGION), then the shared files
// (AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials, AWS_CONFIG_FILE or
// ~/.aws/config) for the profile AWS_PROFILE (or "default").
//
// Only static keys are read: no SSO, process or instance-metadata providers.

#ifndef DYNAROCK_TOOLS_DYNAROCK_BENCH_CREDENTIALS_H_
#define DYNAROCK_TOOLS_DYNAROCK_BENCH_CREDENTIALS_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "tools/dynarock_bench/sigv4.h"

namespace dynarock::bench {

struct AwsEnvironment {
  std::optional<SigV4Credentials> credentials;  // none found
  std::string region;                           // "" when none found
  std::string source;                           // where the keys came from
};

// `profile` overrides AWS_PROFILE when not empty. `getenv` is injectable for
// tests (nullptr: the process environment).
AwsEnvironment FindAwsEnvironment(
    std::string_view profile = "",
    const std::map<std::string, std::string>* env = nullptr);

// The sections of an INI file as the AWS CLI reads them: section name ->
// key -> value (keys lower-cased, values trimmed).
std::map<std::string, std::map<std::string, std::string>> ParseIni(
    std::string_view text);

}  // namespace dynarock::bench

#endif  // DYNAROCK_TOOLS_DYNAROCK_BENCH_CREDENTIALS_H_
