// What `dynarock deploy` asks of the server for one table: the CreateTable
// request for a new table, or, for an existing one, the calls that bring it
// to the template's spec, one logical change per UpdateTable as the service
// requires. Pure functions of the spec and the table's descriptions: no I/O.
#ifndef DYNAROCK_TOOLS_DEPLOY_PLAN_H_
#define DYNAROCK_TOOLS_DEPLOY_PLAN_H_

#include <string>
#include <vector>

#include "tools/deploy/template.h"

namespace dynarock::deploy {

// One API call.
struct Step {
  std::string operation;         // "UpdateTable", "TagResource", ...
  std::string body;              // the request, JSON
  std::string summary;           // what it changes, for the progress lines
  bool wait_for_active = false;  // poll DescribeTable until ACTIVE after it
};

// An existing table as the server describes it.
struct TableState {
  std::string table;               // DescribeTable's "Table", JSON
  std::string continuous_backups;  // DescribeContinuousBackups' response
  std::string time_to_live;        // DescribeTimeToLive's response
  std::vector<Tag> tags;           // ListTagsOfResource, all pages
};

struct UpdatePlan {
  // The properties whose change needs a new table (KeySchema,
  // AttributeDefinitions of key attributes, LocalSecondaryIndexes); when
  // not empty, `steps` is empty.
  std::vector<std::string> replacement;
  std::vector<Step> steps;
};

// CreateTable's request for the spec, named `table_name`.
std::string CreateTableBody(const TableSpec& spec,
                            const std::string& table_name);

// What CreateTable cannot set: TTL and point-in-time recovery.
std::vector<Step> StepsAfterCreate(const TableSpec& spec,
                                   const std::string& table_name);

// The steps from `state` to `spec`. Fails when CloudFormation would refuse
// the update (more than one index created or deleted), or when the state
// cannot be read.
Expected<UpdatePlan> PlanUpdate(const TableSpec& spec,
                                const std::string& table_name,
                                const TableState& state);

}  // namespace dynarock::deploy

#endif  // DYNAROCK_TOOLS_DEPLOY_PLAN_H_
