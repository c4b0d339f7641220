// The operation handlers: each parses its request JSON into a typed request
// (checking shape and constraints), calls the engine and renders the
// response into *out. Internal to wire/.
#ifndef DYNAROCK_WIRE_OPS_OPS_H_
#define DYNAROCK_WIRE_OPS_OPS_H_

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "engine/status.h"

namespace dynarock {

class Engine;
struct RequestContext;
struct PutItemRequest;
struct BatchWriteItemRequest;

using OpHandler = Status (*)(Engine& engine, const RequestContext& ctx,
                             nlohmann::json& body, std::string* out);

// wire/ops/table.cc
Status HandleCreateTable(Engine&, const RequestContext&, nlohmann::json&,
                         std::string*);
Status HandleDescribeTable(Engine&, const RequestContext&, nlohmann::json&,
                           std::string*);
// wire/ops/update_table.cc
Status HandleUpdateTable(Engine&, const RequestContext&, nlohmann::json&,
                         std::string*);
Status HandleDeleteTable(Engine&, const RequestContext&, nlohmann::json&,
                         std::string*);
Status HandleListTables(Engine&, const RequestContext&, nlohmann::json&,
                        std::string*);
Status HandleTagResource(Engine&, const RequestContext&, nlohmann::json&,
                         std::string*);
Status HandleUntagResource(Engine&, const RequestContext&, nlohmann::json&,
                           std::string*);
Status HandleListTagsOfResource(Engine&, const RequestContext&, nlohmann::json&,
                                std::string*);
Status HandleUpdateContinuousBackups(Engine&, const RequestContext&,
                                     nlohmann::json&, std::string*);
Status HandleDescribeContinuousBackups(Engine&, const RequestContext&,
                                       nlohmann::json&, std::string*);
Status HandleUpdateTimeToLive(Engine&, const RequestContext&, nlohmann::json&,
                              std::string*);
Status HandleDescribeTimeToLive(Engine&, const RequestContext&, nlohmann::json&,
                                std::string*);
Status HandleDescribeEndpoints(Engine&, const RequestContext&, nlohmann::json&,
                               std::string*);
Status HandleDescribeLimits(Engine&, const RequestContext&, nlohmann::json&,
                            std::string*);

// wire/ops/batch.cc
Status HandleBatchWriteItem(Engine&, const RequestContext&, nlohmann::json&,
                            std::string*);
// HandleBatchWriteItem in its two steps: the request read from its
// document (constraints checked), then run and its response rendered. The
// dispatcher runs requests read by wire/request_reader.h with the second.
Status ParseBatchWriteItemRequest(nlohmann::json& body,
                                  BatchWriteItemRequest* out);
Status RunBatchWriteItem(Engine&, const RequestContext&,
                         BatchWriteItemRequest req, std::string* out);
Status HandleBatchGetItem(Engine&, const RequestContext&, nlohmann::json&,
                          std::string*);

// wire/ops/transact.cc
Status HandleTransactWriteItems(Engine&, const RequestContext&, nlohmann::json&,
                                std::string*);
Status HandleTransactGetItems(Engine&, const RequestContext&, nlohmann::json&,
                              std::string*);

// wire/ops/query.cc
Status HandleQuery(Engine&, const RequestContext&, nlohmann::json&,
                   std::string*);
Status HandleScan(Engine&, const RequestContext&, nlohmann::json&,
                  std::string*);

// wire/ops/item.cc
Status HandlePutItem(Engine&, const RequestContext&, nlohmann::json&,
                     std::string*);
// HandlePutItem in two steps, as BatchWriteItem's above.
Status ParsePutItemRequest(nlohmann::json& body, PutItemRequest* out);
Status RunPutItem(Engine&, const RequestContext&, PutItemRequest req,
                  std::string* out);
Status HandleGetItem(Engine&, const RequestContext&, nlohmann::json&,
                     std::string*);
Status HandleDeleteItem(Engine&, const RequestContext&, nlohmann::json&,
                        std::string*);
Status HandleUpdateItem(Engine&, const RequestContext&, nlohmann::json&,
                        std::string*);

// wire/ops/partiql.cc
Status HandleExecuteStatement(Engine&, const RequestContext&, nlohmann::json&,
                              std::string*);
Status HandleBatchExecuteStatement(Engine&, const RequestContext&,
                                   nlohmann::json&, std::string*);
Status HandleExecuteTransaction(Engine&, const RequestContext&, nlohmann::json&,
                                std::string*);

// wire/ops/streams.cc (target prefix DynamoDBStreams_20120810)
Status HandleListStreams(Engine&, const RequestContext&, nlohmann::json&,
                         std::string*);
Status HandleDescribeStream(Engine&, const RequestContext&, nlohmann::json&,
                            std::string*);
Status HandleGetShardIterator(Engine&, const RequestContext&, nlohmann::json&,
                              std::string*);
Status HandleGetRecords(Engine&, const RequestContext&, nlohmann::json&,
                        std::string*);

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_OPS_OPS_H_
