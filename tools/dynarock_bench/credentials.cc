// See credentials.h.

#include "tools/dynarock_bench/credentials.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace dynarock::bench {
namespace {

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

std::map<std::string, std::map<std::string, std::string>> ParseIni(
    std::string_view text) {
  std::map<std::string, std::map<std::string, std::string>> out;
  std::string section;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string line = Trim(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = Trim(std::string_view(line).substr(1, line.size() - 2));
      out[section];
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string::npos || section.empty()) continue;
    out[section][Lower(Trim(std::string_view(line).substr(0, eq)))] =
        Trim(std::string_view(line).substr(eq + 1));
  }
  return out;
}

AwsEnvironment FindAwsEnvironment(
    std::string_view profile_override,
    const std::map<std::string, std::string>* env) {
  auto get = [&](const char* name) -> std::string {
    if (env) {
      auto it = env->find(name);
      return it == env->end() ? "" : it->second;
    }
    const char* v = std::getenv(name);
    return v ? v : "";
  };
  AwsEnvironment out;
  std::string key = get("AWS_ACCESS_KEY_ID"),
              secret = get("AWS_SECRET_ACCESS_KEY");
  if (!key.empty() && !secret.empty()) {
    out.credentials = SigV4Credentials{key, secret, get("AWS_SESSION_TOKEN")};
    out.source = "environment";
  }
  out.region = get("AWS_REGION");
  if (out.region.empty()) out.region = get("AWS_DEFAULT_REGION");

  std::string profile(profile_override);
  if (profile.empty()) profile = get("AWS_PROFILE");
  if (profile.empty()) profile = "default";
  std::string home = get("HOME");
  std::string credentials_file = get("AWS_SHARED_CREDENTIALS_FILE");
  if (credentials_file.empty() && !home.empty())
    credentials_file = home + "/.aws/credentials";
  std::string config_file = get("AWS_CONFIG_FILE");
  if (config_file.empty() && !home.empty()) config_file = home + "/.aws/config";

  auto credentials =
      ParseIni(credentials_file.empty() ? "" : ReadFile(credentials_file));
  auto config = ParseIni(config_file.empty() ? "" : ReadFile(config_file));
  // In the config file, profiles other than default are "[profile NAME]".
  const std::map<std::string, std::string>* config_section = nullptr;
  for (const std::string& name : {"profile " + profile, profile}) {
    auto it = config.find(name);
    if (it != config.end() && (name != "default" || profile == "default")) {
      config_section = &it->second;
      break;
    }
  }
  if (!out.credentials) {
    using Section = const std::map<std::string, std::string>*;
    Section from_credentials =
        credentials.count(profile) ? &credentials[profile] : nullptr;
    for (Section section : {from_credentials, config_section}) {
      if (!section) continue;
      auto k = section->find("aws_access_key_id"),
           s = section->find("aws_secret_access_key");
      if (k != section->end() && s != section->end() && !k->second.empty()) {
        auto t = section->find("aws_session_token");
        out.credentials = SigV4Credentials{
            k->second, s->second, t == section->end() ? "" : t->second};
        out.source = "profile " + profile;
        break;
      }
    }
  }
  if (out.region.empty() && config_section) {
    auto r = config_section->find("region");
    if (r != config_section->end()) out.region = r->second;
  }
  return out;
}

}  // namespace dynarock::bench
