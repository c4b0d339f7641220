#include "wire/test_controls.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "engine/clock.h"
#include "wire/json_writer.h"

namespace dynarock {
namespace {

int Error(int status, std::string_view message, std::string* response) {
  response->clear();
  JsonWriter w(response);
  w.BeginObject();
  w.Key("message");
  w.String(message);
  w.EndObject();
  return status;
}

}  // namespace

int TestControls::Handle(std::string_view method, std::string_view path,
                         std::string_view body, std::string* response) const {
  if (path != "/_dynarock/clock")
    return Error(404, "no such control", response);
  if (method == "POST") {
    auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    const bool advance =
        j.is_object() && j.size() == 1 && j.contains("advance");
    const bool set = j.is_object() && j.size() == 1 && j.contains("set");
    const nlohmann::json* v = advance ? &j["advance"]
                              : set   ? &j["set"]
                                      : nullptr;
    if (!v || !v->is_number() || !std::isfinite(v->get<double>())) {
      return Error(400,
                   "expected {\"advance\": SECONDS} or {\"set\": "
                   "EPOCH_SECONDS}",
                   response);
    }
    if (advance)
      clock_->Advance(v->get<double>());
    else
      clock_->Set(v->get<double>());
  } else if (method != "GET") {
    return Error(405, "GET or POST", response);
  }
  response->clear();
  JsonWriter w(response);
  w.BeginObject();
  w.Key("now");
  w.Double(clock_->Now());
  w.EndObject();
  return 200;
}

}  // namespace dynarock
