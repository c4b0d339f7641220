// Standard base64 (RFC 4648, with padding): binary values travel as base64
// on the wire, and some of the service's messages quote them that way.
#ifndef DYNAROCK_ENGINE_FORMAT_BASE64_H_
#define DYNAROCK_ENGINE_FORMAT_BASE64_H_

#include <string>
#include <string_view>

namespace dynarock {

void AppendBase64(std::string_view bytes, std::string* out);
// Decodes standard base64; false on invalid input (length not a multiple
// of 4, a character outside the alphabet, misplaced padding).
bool DecodeBase64(std::string_view text, std::string* out);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_FORMAT_BASE64_H_
