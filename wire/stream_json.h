// Stream records as JSON: as the Streams API's GetRecords returns them, and
// as AWS Lambda receives them from an event source mapping.
#ifndef DYNAROCK_WIRE_STREAM_JSON_H_
#define DYNAROCK_WIRE_STREAM_JSON_H_

#include <string_view>

#include "engine/requests.h"

namespace dynarock {

class JsonWriter;

enum class RecordStyle {
  // GetRecords: userIdentity {"Type", "PrincipalId"}.
  kStreamsApi,
  // A Lambda event's record: userIdentity {"type", "principalId"}, and the
  // stream's ARN as eventSourceARN.
  kLambda,
};

// Writes one record. `event_source_arn` is used by kLambda only.
// False when its stored images are malformed.
bool WriteStreamRecord(const StreamRecord& r, RecordStyle style,
                       std::string_view event_source_arn, JsonWriter* w);

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_STREAM_JSON_H_
