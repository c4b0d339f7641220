// EngineImpl: the Engine over Storage and Catalog. Internal to engine/.
//
// Each operation family has its file in engine/ops/, named as the service
// names it (and as wire/ops/ names its handlers): table.cc, update_table.cc,
// item.cc, batch.cc, transact.cc, query.cc. Opening, closing and what all
// of them share (finding a table, describing one) are in engine_impl.cc.
//
// Thread safety: as Engine. Table changes serialize on the catalog's DDL
// mutex; item writes serialize per key on the lock table.
#ifndef DYNAROCK_ENGINE_OPS_ENGINE_IMPL_H_
#define DYNAROCK_ENGINE_OPS_ENGINE_IMPL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "engine/clock.h"
#include "engine/engine.h"
#include "engine/jobs/backfill.h"
#include "engine/jobs/job_runner.h"
#include "engine/jobs/triggers.h"
#include "engine/jobs/ttl.h"
#include "engine/ops/idempotency_cache.h"
#include "engine/ops/lock_table.h"
#include "engine/schema/catalog.h"
#include "engine/storage/storage.h"
#include "engine/streams/stream_log.h"

namespace dynarock {

struct PreparedWrite;
struct WriteOutcome;

class EngineImpl final : public Engine {
 public:
  // `clock` must outlive the engine.
  // Of `options`, the clock is given and the jobs' settings are read.
  EngineImpl(std::unique_ptr<Storage> storage, const Clock& clock,
             const EngineOptions& options);
  // Stops the background jobs before the storage closes.
  ~EngineImpl() override;
  // Loads the catalog, then starts the background jobs (resuming the
  // backfills an earlier run left).
  Status Init();

  Result<CreateTableResponse> CreateTable(
      const RequestContext& ctx, const CreateTableRequest& req) override;
  Result<DescribeTableResponse> DescribeTable(
      const RequestContext& ctx, const DescribeTableRequest& req) override;
  // engine/ops/update_table.cc
  Result<UpdateTableResponse> UpdateTable(
      const RequestContext& ctx, const UpdateTableRequest& req) override;
  Result<DeleteTableResponse> DeleteTable(
      const RequestContext& ctx, const DeleteTableRequest& req) override;
  Result<ListTablesResponse> ListTables(const RequestContext& ctx,
                                        const ListTablesRequest& req) override;
  Result<TagResourceResponse> TagResource(
      const RequestContext& ctx, const TagResourceRequest& req) override;
  Result<UntagResourceResponse> UntagResource(
      const RequestContext& ctx, const UntagResourceRequest& req) override;
  Result<ListTagsOfResourceResponse> ListTagsOfResource(
      const RequestContext& ctx, const ListTagsOfResourceRequest& req) override;
  Result<ContinuousBackupsResponse> UpdateContinuousBackups(
      const RequestContext& ctx,
      const UpdateContinuousBackupsRequest& req) override;
  Result<ContinuousBackupsResponse> DescribeContinuousBackups(
      const RequestContext& ctx,
      const DescribeContinuousBackupsRequest& req) override;
  Result<UpdateTimeToLiveResponse> UpdateTimeToLive(
      const RequestContext& ctx, const UpdateTimeToLiveRequest& req) override;
  Result<DescribeTimeToLiveResponse> DescribeTimeToLive(
      const RequestContext& ctx, const DescribeTimeToLiveRequest& req) override;

  Result<PutItemResponse> PutItem(const RequestContext& ctx,
                                  PutItemRequest req) override;
  Result<GetItemResponse> GetItem(const RequestContext& ctx,
                                  GetItemRequest req) override;
  Result<DeleteItemResponse> DeleteItem(const RequestContext& ctx,
                                        DeleteItemRequest req) override;
  Result<UpdateItemResponse> UpdateItem(const RequestContext& ctx,
                                        UpdateItemRequest req) override;
  Status CompactAll() override;
  StorageReport DescribeStorage() const override;
  // engine/ops/batch.cc
  Result<BatchWriteItemResponse> BatchWriteItem(
      const RequestContext& ctx, BatchWriteItemRequest req) override;
  Result<BatchGetItemResponse> BatchGetItem(const RequestContext& ctx,
                                            BatchGetItemRequest req) override;
  // engine/ops/transact.cc
  Result<TransactWriteItemsResponse> TransactWriteItems(
      const RequestContext& ctx, TransactWriteItemsRequest req) override;
  Result<TransactGetItemsResponse> TransactGetItems(
      const RequestContext& ctx, TransactGetItemsRequest req) override;
  // engine/ops/partiql.cc
  Result<ExecuteStatementResponse> ExecuteStatement(
      const RequestContext& ctx, const ExecuteStatementRequest& req) override;
  Result<BatchExecuteStatementResponse> BatchExecuteStatement(
      const RequestContext& ctx,
      const BatchExecuteStatementRequest& req) override;
  Result<ExecuteTransactionResponse> ExecuteTransaction(
      const RequestContext& ctx, const ExecuteTransactionRequest& req) override;
  // engine/ops/streams.cc
  Result<ListStreamsResponse> ListStreams(
      const RequestContext& ctx, const ListStreamsRequest& req) override;
  Result<DescribeStreamResponse> DescribeStream(
      const RequestContext& ctx, const DescribeStreamRequest& req) override;
  Result<GetShardIteratorResponse> GetShardIterator(
      const RequestContext& ctx, const GetShardIteratorRequest& req) override;
  Result<GetRecordsResponse> GetRecords(const RequestContext& ctx,
                                        const GetRecordsRequest& req) override;
  // engine/ops/query.cc
  Result<QueryResponse> Query(const RequestContext& ctx,
                              QueryRequest req) override;
  Result<ScanResponse> Scan(const RequestContext& ctx,
                            ScanRequest req) override;

 private:
 private:
  // ---- engine/ops/item.cc: validate and bind a single-item write (in the
  // service's order) into `out`, ready for WriteUnderLock or a transaction.
  // `req` must outlive `out`, and `out` must stay where it is (its bound
  // expressions point into both).
  Status PreparePut(PutItemRequest& req, PreparedWrite* out);
  Status PrepareDelete(DeleteItemRequest& req, PreparedWrite* out);
  Status PrepareUpdate(UpdateItemRequest& req, PreparedWrite* out);
  // What PreparePut and PrepareDelete share, in the service's order around
  // `validate_values` (the item's values or the key's): ReturnValues, the
  // parameters, the expression values and Expected, the condition, then the
  // table (into out->table).
  template <typename Request, typename ValidateValues>
  Status PrepareConditionalWrite(Request& req,
                                 const ValidateValues& validate_values,
                                 PreparedWrite* out);
  // Runs a prepared PutItem or DeleteItem under the item's lock and fills
  // what their responses share: Attributes (ALL_OLD) and ConsumedCapacity.
  // *outcome tells what the write found and wrote.
  template <typename Request, typename Response>
  Status RunConditionalWrite(const RequestContext& ctx, const Request& req,
                             const PreparedWrite& prepared, Response* resp,
                             WriteOutcome* outcome);

  // ---- engine/ops/engine_impl.cc
  // The table, or ResourceNotFoundException with `message`.
  Result<std::shared_ptr<const TableDef>> FindTable(
      std::string_view name, const std::string& message) const;
  // The table named by an ARN of this endpoint (tagging operations);
  // AccessDeniedException for another account's, naming `action`.
  Result<std::shared_ptr<const TableDef>> FindTableByArn(
      const RequestContext& ctx, std::string_view arn,
      std::string_view action) const;
  TableDescription Describe(const RequestContext& ctx,
                            const TableDef& def) const;
  // Writes a changed definition and publishes it (caller holds the DDL mutex).
  Status SaveTable(std::shared_ptr<TableDef> def);
  // Queues a backfill task on the job runner (engine/jobs/backfill.h).
  void EnqueueBackfill(BackfillTask task);
  // Queues a backfill for every GSI left CREATING by an earlier run.
  void ResumeBackfills();
  // Brings definitions written by an earlier version up to date: a stream
  // for a table whose stream was enabled before streams were logged, an
  // expiry index for a table with TTL enabled before there was one.
  Status UpgradeDefinitions();

  // ---- engine/ops/update_table.cc
  // Adds to a description what UpdateTable keeps beside the definition: the
  // throughput change history (LastIncreaseDateTime, LastDecreaseDateTime,
  // NumberOfDecreasesToday) of the table and its GSIs, and Backfilling on a
  // GSI being created. Describe() calls it last.
  void DescribeUpdates(const TableDef& def, TableDescription* d) const;
  // UpdateTable's phases after validation, in order. Each stages its part
  // of the change (the new definition, the history and index writes in its
  // batch, what the response echoes) in a TableChange, defined there.
  struct TableChange;
  // The billing mode, the table's capacity and its on-demand maximums.
  Status ChangeTableCapacity(const UpdateTableRequest& req,
                             const std::optional<OnDemandThroughput>& odt,
                             const TableDef& t, double now,
                             TableChange* change);
  // GlobalSecondaryIndexUpdates in the request's order, through UpdateIndex,
  // AddIndex and the index's removal.
  Status ChangeIndexes(const UpdateTableRequest& req, const TableDef& t,
                       double now, TableChange* change);
  // An Update: a GSI's new capacity (recorded in its history) or on-demand
  // maximums.
  Status UpdateIndex(const GlobalSecondaryIndexUpdate::Update& u,
                     const TableDef& t, double now, TableChange* change);
  // A stream enabled (a new stream, with a new label) or disabled.
  void ChangeStream(const RequestContext& ctx, const UpdateTableRequest& req,
                    const TableDef& t, double now, TableChange* change);
  // A Create: the new GSI, CREATING until its backfill, and the key
  // attributes it adds.
  void AddIndex(const UpdateTableRequest& req, const GlobalSecondaryIndex& g,
                const TableDef& t, TableChange* change);
  // Writes the batch, publishes the new definition and queues the backfills
  // of the GSIs created and deleted (`current`: the definition before).
  Status CommitTableChange(const std::shared_ptr<const TableDef>& current,
                           TableChange* change);
  // The response: the new description, with what the service shows while
  // the change runs (`before`: the description before it).
  TableDescription DescribeTableChange(const RequestContext& ctx,
                                       const UpdateTableRequest& req,
                                       bool updating, const TableDef& t,
                                       TableDescription before,
                                       const TableChange& change) const;

  // ---- engine/ops/transact.cc: TransactWriteItems' phases, in order,
  // carrying their state in a TransactionPlan (defined there).
  struct TransactionPlan;
  // Validates and binds every action as its single-item counterpart would.
  Status PrepareTransaction(TransactWriteItemsRequest& req,
                            TransactionPlan* plan);
  // One action per item, and 4 MB in all; collects the items' keys.
  static Status CheckDistinctItems(TransactionPlan* plan);
  static Status CheckItemErrors(const TransactionPlan& plan);
  // Under the items' locks: reads every item from `snapshot` and checks
  // every condition and change, or answers TransactionCanceledException.
  Status CheckConditions(const Snapshot& snapshot, TransactionPlan* plan);
  // Writes every change in one batch, charging the capacity.
  Status WriteTransaction(TransactionPlan* plan);
  TransactWriteItemsResponse TransactionResponse(
      const TransactWriteItemsRequest& req, const TransactionPlan& plan) const;

  // Constant after construction.
  const Clock& clock_;
  const double ttl_interval_seconds_;
  std::vector<StreamTrigger> stream_triggers_;  // moved to triggers_ at Init
  const size_t trigger_batch_size_;
  std::unique_ptr<Storage> storage_;

  // Each synchronizes itself.
  Catalog catalog_;
  StreamLog streams_;
  LockTable locks_;
  // TransactWriteItems answers by ClientRequestToken.
  IdempotencyCache<TransactWriteItemsResponse> idempotency_;
  // The TTL sweep's progress; used by its job only.
  std::unique_ptr<TtlSweep> ttl_;
  std::unique_ptr<TriggerDelivery> triggers_;
  // Declared last: destroyed (stopped) first, while what their jobs use is
  // still there. ~EngineImpl stops them explicitly too. Trigger delivery
  // waits on receivers: it has its own thread, so that it never holds up
  // the other jobs.
  JobRunner jobs_;
  JobRunner trigger_jobs_;
};

std::string TableArn(const RequestContext& ctx, std::string_view table_name);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_OPS_ENGINE_IMPL_H_
