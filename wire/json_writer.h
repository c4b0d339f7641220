// JsonWriter: appends JSON text to a string, for responses. Responses are
// written straight from typed values: no DOM is built on the hot path.
//
// The caller keeps the structure well formed (Key() before each member of
// an object); the writer inserts commas.
#ifndef DYNAROCK_WIRE_JSON_WRITER_H_
#define DYNAROCK_WIRE_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/format/base64.h"

namespace dynarock {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key);
  void String(std::string_view s);
  void Bool(bool b);
  void Int(int64_t i);
  // Doubles the way the service writes them: integral values as "1.0",
  // others with the shortest round-trip form.
  void Double(double d);
  void Null();
  // Appends already-serialized JSON as one value.
  void Raw(std::string_view json);
  // For a value written by hand: separates it from the one before and
  // returns the text to append it to.
  std::string* RawValue();
  // Goes on with an object whose opening (and, when has_members, first
  // members) were written by hand, as if this writer had written them.
  void ContinueObject(bool has_members);
  // The member `"key":{"tag":"text"}` of an object: an attribute holding a
  // string (tag "S") or a number ("N"), the commonest thing in a response.
  // Same text as Key(key), BeginObject(), Key(tag), String(text),
  // EndObject(), in one step.
  void TaggedStringMember(std::string_view key, std::string_view tag,
                          std::string_view text);

  // Appends s as a JSON string literal (quotes included).
  static void AppendQuoted(std::string_view s, std::string* out);
  // Appends s escaped as the inside of a JSON string literal: '"', '\\'
  // and control characters escaped, every other byte (UTF-8 included) as
  // it is. For callers that write JSON by hand (dynarock-bench's bodies).
  static void AppendEscaped(std::string_view s, std::string* out);

 private:
  void Open(char c);
  void Close(char c);
  void Separate();

  std::string* out_;
  // Whether the current container already holds a value; the bottom entry
  // is the top level.
  std::vector<char> has_value_ = {false};
  bool after_key_ = false;
};

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_JSON_WRITER_H_
