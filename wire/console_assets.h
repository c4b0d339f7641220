// The browser console's files (wire/console/), compiled into the server by
// tools/embed_assets.cmake and served under /console/ (wire/http_server.cc).
#ifndef DYNAROCK_WIRE_CONSOLE_ASSETS_H_
#define DYNAROCK_WIRE_CONSOLE_ASSETS_H_

#include <string_view>

namespace dynarock {

struct ConsoleAsset {
  std::string_view path;          // "/console/app.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view body;
};

// The asset served at `path` ("/console" and "/console/" are its
// index.html), or nullptr.
const ConsoleAsset* FindConsoleAsset(std::string_view path);

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_CONSOLE_ASSETS_H_
