// The service's error envelope: ErrorType -> HTTP status, `__type` (with
// the namespace prefix the service uses for each type) and message.
#ifndef DYNAROCK_WIRE_ERRORS_H_
#define DYNAROCK_WIRE_ERRORS_H_

#include <string>
#include <string_view>

#include "engine/status.h"

namespace dynarock {

int HttpStatusOf(ErrorType type);
// "com.amazon.coral.validate#ValidationException", ...
std::string_view ErrorTypeId(ErrorType type);
// The short name ("ValidationException") for a type.
std::string_view ErrorTypeName(ErrorType type);

// Appends the JSON body of an error response for status (not OK).
void RenderError(const Status& status, std::string* out);

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_ERRORS_H_
