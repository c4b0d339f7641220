// Rules and values that CreateTable and UpdateTable share: key schema and
// projection checks with the service's messages, table ids, stream labels,
// ARNs of KMS keys, warm throughput. Internal to engine/.
#ifndef DYNAROCK_ENGINE_SCHEMA_TABLE_RULES_H_
#define DYNAROCK_ENGINE_SCHEMA_TABLE_RULES_H_

#include <optional>
#include <string>
#include <vector>

#include "engine/requests.h"
#include "engine/status.h"

namespace dynarock {

// A random (version 4) UUID: table ids, default KMS key ids.
std::string NewUuid();
// The stream label the service uses: the time, ISO 8601 with milliseconds
// and no zone.
std::string StreamLabel(double seconds_since_epoch);
std::string JoinNames(const std::vector<std::string>& names);
// The ARN of a KMS key given by id (or already an ARN).
std::string KmsKeyArn(const RequestContext& ctx, const std::string& id);

// Checks a key schema (of the table or an index) against the attribute
// definitions. A global index may have multi-attribute keys: up to four
// partition key attributes, then up to four sort key attributes.
Status CheckKeySchema(const std::vector<KeySchemaElement>& ks,
                      const std::vector<AttributeDefinition>& defs,
                      bool global_index = false);
// Checks a projection; adds its INCLUDE attributes to *projected.
Status CheckProjection(const Projection& p, size_t* projected);

// The warm throughput the service reports for a table or GSI.
WarmThroughputDescription WarmThroughputOf(
    BillingMode billing, const std::optional<ProvisionedThroughput>& pt);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_SCHEMA_TABLE_RULES_H_
