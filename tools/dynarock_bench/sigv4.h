// AWS Signature Version 4 request signing for dynarock-bench.
//
// SignV4() computes the headers a client adds to an HTTP request so that
// DynamoDB (or any SigV4 service) accepts it, following "Create a signed AWS
// API request" in the AWS IAM User Guide: canonical request, string to sign,
// signing key derived from the secret, and the Authorization header.
//
// Thread safety: every function here is a pure function of its arguments and
// may be called from any thread concurrently. Results own their strings; the
// string_views in a SigV4Request are borrowed for the call only.
//
// OpenSSL stays in sigv4.cc so this header includes only the standard library.

#ifndef DYNAROCK_TOOLS_DYNAROCK_BENCH_SIGV4_H_
#define DYNAROCK_TOOLS_DYNAROCK_BENCH_SIGV4_H_

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dynarock::bench {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct SigV4Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  // Empty unless the credentials are temporary (STS); when set, it is sent
  // as X-Amz-Security-Token and signed.
  std::string session_token;
};

struct SigV4Request {
  std::string_view method;  // "POST"
  // Signed as the host header unless `headers` carries a Host already.
  std::string_view host;
  // The path, not yet percent-encoded ("/example space/"). It is normalized
  // (".", "..", repeated "/") and each segment URI-encoded once, as AWS does
  // for every service but S3.
  std::string_view path = "/";
  // The query string without "?", in any order, encoded or not
  // ("Param2=value2&Param1=value1").
  std::string_view query;
  // Headers to sign, as they will be sent. Every one given is signed. Any
  // Authorization, X-Amz-Date or X-Amz-Security-Token here is ignored: the
  // signer supplies those.
  HttpHeaders headers;
  std::string_view payload;
};

struct SigV4Options {
  std::string region;   // "us-east-1"
  std::string service;  // "dynamodb"
  // Also send and sign x-amz-content-sha256 (S3 requires it; DynamoDB does
  // not).
  bool add_content_sha256 = false;
};

struct SigV4Result {
  // The headers to add to the request, in this order: Authorization,
  // X-Amz-Date, X-Amz-Security-Token (with a session token), and
  // x-amz-content-sha256 (when asked for).
  HttpHeaders headers;
  // The intermediate values, for tests and for debugging a
  // SignatureDoesNotMatch.
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;  // lower-case hex
};

// Signs `request` at time `now` (UTC; sub-second precision is dropped).
SigV4Result SignV4(const SigV4Request& request,
                   const SigV4Credentials& credentials,
                   const SigV4Options& options,
                   std::chrono::system_clock::time_point now);

// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service),
// "aws4_request"), as raw bytes. `date` is YYYYMMDD.
std::string SigV4SigningKey(std::string_view secret_access_key,
                            std::string_view date, std::string_view region,
                            std::string_view service);

// Lower-case hex of SHA-256(data).
std::string Sha256Hex(std::string_view data);

// Lower-case hex of arbitrary bytes.
std::string HexEncode(std::string_view bytes);

// RFC 3986 percent-encoding as SigV4 defines it: A-Z a-z 0-9 - . _ ~ stay,
// every other byte becomes %XX with upper-case hex; "/" stays only when
// `keep_slash`.
std::string SigV4UriEncode(std::string_view s, bool keep_slash);

}  // namespace dynarock::bench

#endif  // DYNAROCK_TOOLS_DYNAROCK_BENCH_SIGV4_H_
