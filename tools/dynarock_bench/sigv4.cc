#include "tools/dynarock_bench/sigv4.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace dynarock::bench {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(),
           out, &len) == nullptr) {
    // Only an OpenSSL that cannot do SHA-256 at all gets here; a wrong
    // signature would only surface later as SignatureDoesNotMatch.
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Trims leading and trailing whitespace and collapses each run of spaces
// into one, as the suite's get-header-value-trim expects ("a   b   c" ->
// "a b c", even inside quotes).
std::string TrimAll(std::string_view v) {
  auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  std::string out;
  out.reserve(v.size());
  bool pending_space = false;
  for (char c : v) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Undoes %XX escapes so that an already-encoded query is not encoded twice.
std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexDigit(s[i + 1]) >= 0 &&
        HexDigit(s[i + 2]) >= 0) {
      out.push_back(
          static_cast<char>(HexDigit(s[i + 1]) * 16 + HexDigit(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// RFC 3986 section 5.2.4 dot-segment removal plus the collapsing of empty
// segments that the suite's get-slash and get-slashes expect ("//example//"
// -> "/example/"). A trailing "/" survives.
std::string CanonicalUri(std::string_view path) {
  if (path.empty()) return "/";
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(start, end - start);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    start = end + 1;
  }
  const bool trailing_slash =
      path.back() == '/' || path.ends_with("/.") || path.ends_with("/..");
  std::string out = "/";
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out.push_back('/');
    out += SigV4UriEncode(segments[i], /*keep_slash=*/false);
  }
  // "/example/.." resolves to "/", which already ends in a slash.
  if (trailing_slash && !segments.empty()) out.push_back('/');
  return out;
}

// Each parameter's name and value URI-encoded, then sorted by name and, for a
// repeated name, by value (get-vanilla-query-order-key,
// get-vanilla-query-order-value). A name without "=" gets an empty value.
std::string CanonicalQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  size_t start = 0;
  while (start < query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view param = query.substr(start, end - start);
    start = end + 1;
    if (param.empty()) continue;
    size_t eq = param.find('=');
    std::string_view name = param.substr(0, eq);
    std::string_view value = eq == std::string_view::npos
                                 ? std::string_view()
                                 : param.substr(eq + 1);
    params.emplace_back(SigV4UriEncode(PercentDecode(name), false),
                        SigV4UriEncode(PercentDecode(value), false));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out.push_back('&');
    out += name;
    out.push_back('=');
    out += value;
  }
  return out;
}

// "20150830T123600Z" and "20150830".
std::pair<std::string, std::string> AmzDate(
    std::chrono::system_clock::time_point now) {
  using namespace std::chrono;
  const auto secs = floor<seconds>(now);
  const auto day = floor<days>(secs);
  const year_month_day ymd(day);
  const hh_mm_ss hms(secs - day);
  char buf[32];
  std::snprintf(
      buf, sizeof(buf), "%04d%02u%02uT%02d%02d%02dZ",
      static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
      static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
      static_cast<int>(hms.minutes().count()),
      static_cast<int>(hms.seconds().count()));
  std::string stamp(buf);
  return {stamp, stamp.substr(0, 8)};
}

}  // namespace

std::string HexEncode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xf]);
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) !=
      1) {
    std::abort();  // As in HmacSha256.
  }
  return HexEncode(std::string_view(reinterpret_cast<const char*>(md), len));
}

std::string SigV4UriEncode(std::string_view s, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                            c == '_' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

std::string SigV4SigningKey(std::string_view secret_access_key,
                            std::string_view date, std::string_view region,
                            std::string_view service) {
  std::string k_secret = "AWS4";
  k_secret += secret_access_key;
  const std::string k_date = HmacSha256(k_secret, date);
  const std::string k_region = HmacSha256(k_date, region);
  const std::string k_service = HmacSha256(k_region, service);
  return HmacSha256(k_service, "aws4_request");
}

SigV4Result SignV4(const SigV4Request& request,
                   const SigV4Credentials& credentials,
                   const SigV4Options& options,
                   std::chrono::system_clock::time_point now) {
  const auto [amz_date, date] = AmzDate(now);
  const std::string payload_hash = Sha256Hex(request.payload);

  // Lower-cased name -> trimmed values joined by "," in the order given
  // (get-header-key-duplicate, get-header-value-order).
  std::map<std::string, std::string> canonical;
  bool has_host = false;
  for (const auto& [name, value] : request.headers) {
    std::string lower = Lower(name);
    if (lower == "authorization" || lower == "x-amz-date" ||
        lower == "x-amz-security-token" ||
        (options.add_content_sha256 && lower == "x-amz-content-sha256")) {
      continue;
    }
    if (lower == "host") has_host = true;
    auto [it, inserted] = canonical.try_emplace(std::move(lower));
    if (!inserted) it->second.push_back(',');
    it->second += TrimAll(value);
  }
  if (!has_host) canonical["host"] = TrimAll(request.host);
  canonical["x-amz-date"] = amz_date;
  if (!credentials.session_token.empty()) {
    canonical["x-amz-security-token"] = credentials.session_token;
  }
  if (options.add_content_sha256) {
    canonical["x-amz-content-sha256"] = payload_hash;
  }

  std::string canonical_headers;
  std::string signed_headers;
  for (const auto& [name, value] : canonical) {
    canonical_headers += name;
    canonical_headers.push_back(':');
    canonical_headers += value;
    canonical_headers.push_back('\n');
    if (!signed_headers.empty()) signed_headers.push_back(';');
    signed_headers += name;
  }

  SigV4Result result;
  result.canonical_request.append(request.method)
      .append("\n")
      .append(CanonicalUri(request.path))
      .append("\n")
      .append(CanonicalQuery(request.query))
      .append("\n")
      .append(canonical_headers)
      .append("\n")
      .append(signed_headers)
      .append("\n")
      .append(payload_hash);

  const std::string scope =
      date + "/" + options.region + "/" + options.service + "/aws4_request";
  result.string_to_sign.append(kAlgorithm)
      .append("\n")
      .append(amz_date)
      .append("\n")
      .append(scope)
      .append("\n")
      .append(Sha256Hex(result.canonical_request));

  const std::string key = SigV4SigningKey(credentials.secret_access_key, date,
                                          options.region, options.service);
  result.signature = HexEncode(HmacSha256(key, result.string_to_sign));

  std::string authorization(kAlgorithm);
  authorization.append(" Credential=")
      .append(credentials.access_key_id)
      .append("/")
      .append(scope)
      .append(", SignedHeaders=")
      .append(signed_headers)
      .append(", Signature=")
      .append(result.signature);

  result.headers.emplace_back("Authorization", std::move(authorization));
  result.headers.emplace_back("X-Amz-Date", amz_date);
  if (!credentials.session_token.empty()) {
    result.headers.emplace_back("X-Amz-Security-Token",
                                credentials.session_token);
  }
  if (options.add_content_sha256) {
    result.headers.emplace_back("x-amz-content-sha256", payload_hash);
  }
  return result;
}

}  // namespace dynarock::bench
