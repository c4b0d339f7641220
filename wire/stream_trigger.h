// Stream triggers over HTTP (dynarock --stream-trigger TABLE=URL): each
// batch of a table's stream records is POSTed to URL as AWS Lambda
// receives it from a DynamoDB event source mapping,
//   {"Records": [{"eventID": ..., ..., "eventSourceARN": ...}, ...]}
// (wire/stream_json.h), with Content-Type application/json. Any 2xx
// answer delivers the batch; anything else, or no answer within the
// timeout, fails it, and the engine retries it (engine/jobs/triggers.h).
#ifndef DYNAROCK_WIRE_STREAM_TRIGGER_H_
#define DYNAROCK_WIRE_STREAM_TRIGGER_H_

#include <string>

#include "engine/engine.h"
#include "engine/status.h"

namespace dynarock {

// A trigger for `table` that POSTs to `url` ("http://HOST[:PORT][/PATH]").
// Fails with a readable message for any other URL.
Result<StreamTrigger> HttpStreamTrigger(const std::string& table,
                                        const std::string& url,
                                        double timeout_seconds = 10);

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_STREAM_TRIGGER_H_
