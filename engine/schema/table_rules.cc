#include "engine/schema/table_rules.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>
#include <set>

#include "engine/schema/validate.h"

namespace dynarock {

std::string NewUuid() {
  static thread_local std::mt19937_64 rng(std::random_device{}());
  uint64_t a = rng(), b = rng();
  char buf[40];
  snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx",
           static_cast<unsigned>(a >> 32),
           static_cast<unsigned>((a >> 16) & 0xffff),
           static_cast<unsigned>(a & 0xfff),
           static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
           static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

// The stream label the service uses: the creation time, ISO 8601 with
// milliseconds, no zone.
std::string StreamLabel(double t) {
  time_t secs = static_cast<time_t>(t);
  struct tm tm;
  gmtime_r(&secs, &tm);
  char buf[64];
  int ms = static_cast<int>((t - static_cast<double>(secs)) * 1000);
  snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d",
           tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
           tm.tm_sec, ms);
  return buf;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += ", ";
    out += names[i];
  }
  return out;
}

namespace {
// Multi-attribute GSI keys: up to four partition and four sort key
// attributes (Developer Guide, "Multi-attribute key schema").
constexpr size_t kMaxKeyAttributesPerKind = 4;
}  // namespace

Status CheckKeySchema(const std::vector<KeySchemaElement>& ks,
                      const std::vector<AttributeDefinition>& defs,
                      bool global_index) {
  // More key elements than definitions is reported before anything else
  // (even before two elements naming one attribute).
  if (ks.empty() || ks.size() > defs.size()) {
    return Status::Validation(
        "Invalid KeySchema: Some index key attribute have no definition");
  }
  if (ks[0].key_type != KeyType::kHash) {
    return Status::Validation(
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (global_index) {
    // A GSI's partition and sort keys may each have up to four attributes
    // (multi-attribute keys), partition attributes first.
    size_t hashes = 0, ranges = 0;
    std::set<std::string> names;
    for (const auto& k : ks) {
      if (k.key_type == KeyType::kHash) {
        if (ranges) {
          return Status::Validation(std::string(kInvalidParameter) +
                                    "All HASH key attributes must precede "
                                    "RANGE key attributes in the KeySchema");
        }
        ++hashes;
      } else {
        ++ranges;
      }
      if (!names.insert(k.attribute_name).second) {
        return Status::Validation(
            "The KeySchema contains multiple key attributes with the same "
            "name");
      }
    }
    for (auto [count, kind] : {std::pair{hashes, "HASH"}, {ranges, "RANGE"}}) {
      if (count > kMaxKeyAttributesPerKind) {
        return Status::Validation(std::string(kInvalidParameter) +
                                  "The KeySchema exceeds the maximum allowed "
                                  "number of " +
                                  kind + " key attributes");
      }
    }
  } else if (ks.size() == 2) {
    if (ks[1].key_type != KeyType::kRange) {
      return Status::Validation(
          "Invalid KeySchema: The second KeySchemaElement is not a RANGE key "
          "type");
    }
    if (ks[0].attribute_name == ks[1].attribute_name) {
      return Status::Validation(
          "Both the Hash Key and the Range Key element in the KeySchema have "
          "the same name");
    }
  }
  std::vector<std::string> missing;
  for (const auto& k : ks) {
    bool defined = std::any_of(defs.begin(), defs.end(),
                               [&](const AttributeDefinition& d) {
                                 return d.attribute_name == k.attribute_name;
                               });
    if (!defined) missing.push_back(k.attribute_name);
  }
  if (!missing.empty()) {
    std::vector<std::string> keys, def_names;
    for (const auto& k : ks) keys.push_back(k.attribute_name);
    for (const auto& d : defs) def_names.push_back(d.attribute_name);
    return Status::Validation(std::string(kInvalidParameter) +
                              "Some index key attributes are not defined in "
                              "AttributeDefinitions. Keys: [" +
                              JoinNames(keys) + "], AttributeDefinitions: [" +
                              JoinNames(def_names) + "]");
  }
  return Status::OK();
}

Status CheckProjection(const Projection& p, size_t* projected) {
  if (!p.projection_type) {
    return Status::Validation(std::string(kInvalidParameter) +
                              "Unknown ProjectionType: null");
  }
  if (*p.projection_type == ProjectionType::kInclude) {
    if (!p.non_key_attributes || p.non_key_attributes->empty()) {
      return Status::Validation(
          std::string(kInvalidParameter) +
          "ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
    }
    std::set<std::string> seen;
    for (const auto& a : *p.non_key_attributes) {
      if (!seen.insert(a).second) {
        return Status::Validation(
            std::string(kInvalidParameter) +
            "Duplicate attributes in NonKeyAttributes list: " + a);
      }
    }
    *projected += p.non_key_attributes->size();
  } else if (p.non_key_attributes) {
    return Status::Validation(std::string(kInvalidParameter) +
                              "ProjectionType is " +
                              ProjectionTypeName(*p.projection_type) +
                              ", but NonKeyAttributes is specified");
  }
  return Status::OK();
}

// On-demand tables and indexes are warm for 12,000 reads and 4,000 writes
// per second (the service's default); provisioned ones for their capacity.
WarmThroughputDescription WarmThroughputOf(
    BillingMode billing, const std::optional<ProvisionedThroughput>& pt) {
  WarmThroughputDescription w;
  if (billing == BillingMode::kPayPerRequest || !pt) {
    w.read_units_per_second = 12000;
    w.write_units_per_second = 4000;
  } else {
    w.read_units_per_second = pt->read_capacity_units;
    w.write_units_per_second = pt->write_capacity_units;
  }
  return w;
}

std::string KmsKeyArn(const RequestContext& ctx, const std::string& id) {
  if (id.rfind("arn:", 0) == 0) return id;
  return "arn:aws:kms:" + ctx.region + ":" + ctx.account_id + ":key/" + id;
}

}  // namespace dynarock
