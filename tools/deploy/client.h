// A synchronous client of DynamoDB's JSON protocol, for `dynarock deploy`:
// one request per call on a connection of its own, signed with SigV4. It is
// dynarock-bench's (tools/dynarock_bench/http_driver.h, DynamoCall), so
// http and https endpoints both work, and the keys come from where the AWS
// CLI finds them (the environment, then ~/.aws), or are the documentation's
// example keys when there are none: dynarock checks a signature's form
// only. The region in the signature is the one the server puts in ARNs.
//
// A Client is used from one thread.
#ifndef DYNAROCK_TOOLS_DEPLOY_CLIENT_H_
#define DYNAROCK_TOOLS_DEPLOY_CLIENT_H_

#include <memory>
#include <string>

#include "tools/deploy/template.h"

namespace dynarock::deploy {

// The answer to one call: the body, or the service's error.
struct Response {
  bool ok = false;
  std::string body;           // the JSON answer, when ok
  std::string error_type;     // "ResourceNotFoundException", when not ok
  std::string error_message;  // the service's message, when not ok
};

class Client {
 public:
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // endpoint: http://HOST[:PORT] or https://HOST[:PORT].
  static Expected<std::unique_ptr<Client>> Create(const std::string& endpoint,
                                                  const std::string& region);

  // Calls `operation` (e.g. "DescribeTable") with the JSON request `body`.
  // Fails only when no answer came (connection refused, timeout, not the
  // DynamoDB protocol); a service error is a Response with ok false.
  Expected<Response> Call(const std::string& operation,
                          const std::string& body);

  const std::string& endpoint() const;

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dynarock::deploy

#endif  // DYNAROCK_TOOLS_DEPLOY_CLIENT_H_
