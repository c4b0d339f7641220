// EngineImpl: the Engine over Storage and Catalog. Internal to engine/.
//
// Thread safety: as Engine. Table changes serialize on the catalog's DDL
// mutex; item writes serialize per key on a striped lock table.
#ifndef DYNAROCK_ENGINE_OPS_ENGINE_IMPL_H_
#define DYNAROCK_ENGINE_OPS_ENGINE_IMPL_H_

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/schema/catalog.h"
#include "engine/engine.h"
#include "engine/storage/storage.h"

namespace dynarock {

struct PreparedWrite;

// Striped per-key locks: a read-modify-write of one item holds its stripe.
// Beside them, the registry of the items in-flight transactions work on: a
// transaction registers all its keys at once (or none, when another holds
// one) before it takes their stripes in address order, and unregisters them
// after releasing the stripes. Nobody waits on the registry, so the stripes
// are the only locks ever waited for, always in one order: no deadlock.
//
// Thread safety: every method may be called from any thread.
class LockTable {
 public:
  std::mutex& For(std::string_view encoded_key);

  // Registers `keys` for a transaction unless one of them is registered
  // already; returns the positions in `keys` of those that are (empty: all
  // registered).
  std::vector<size_t> RegisterTransaction(const std::vector<std::string>& keys);
  void UnregisterTransaction(const std::vector<std::string>& keys);
  // Whether an in-flight transaction works on the item.
  bool InTransaction(std::string_view encoded_key);

 private:
  static constexpr size_t kStripes = 1024;
  std::array<std::mutex, kStripes> stripes_;
  std::mutex tx_mu_;
  std::set<std::string, std::less<>> tx_keys_;  // guarded by tx_mu_
  std::atomic<size_t> tx_key_count_{0};         // tx_keys_.size()
};

class EngineImpl final : public Engine {
 public:
  explicit EngineImpl(std::unique_ptr<Storage> storage);
  // engine/ops/update_table.cc: stops and joins the backfill worker, so that no
  // background thread touches storage_ once it is destroyed.
  ~EngineImpl() override;
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
  Status CompactAll() override { return storage_->CompactAll(); }
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
  // engine/ops/query.cc
  Result<QueryResponse> Query(const RequestContext& ctx,
                              QueryRequest req) override;
  Result<ScanResponse> Scan(const RequestContext& ctx,
                            ScanRequest req) override;

 private:
  // ---- engine/ops/item.cc: validate and bind a single-item write (in the
  // service's order) into `out`, ready for WriteUnderLock or a transaction.
  // `req` must outlive `out`, and `out` must stay where it is (its bound
  // expressions point into both).
  Status PreparePut(PutItemRequest& req, PreparedWrite* out);
  Status PrepareDelete(DeleteItemRequest& req, PreparedWrite* out);
  Status PrepareUpdate(UpdateItemRequest& req, PreparedWrite* out);

  // The table, or ResourceNotFoundException with `message`.
  Result<std::shared_ptr<const TableDef>> FindTable(
      std::string_view name, const std::string& message) const;
  // The table named by an ARN of this endpoint (tagging operations).
  Result<std::shared_ptr<const TableDef>> FindTableByArn(
      const RequestContext& ctx, std::string_view arn) const;
  TableDescription Describe(const RequestContext& ctx,
                            const TableDef& def) const;
  // Writes a changed definition and publishes it (caller holds the DDL mutex).
  Status SaveTable(std::shared_ptr<TableDef> def);

  // ---- engine/ops/update_table.cc
  // Adds to a description what UpdateTable keeps beside the definition: the
  // throughput change history (LastIncreaseDateTime, LastDecreaseDateTime,
  // NumberOfDecreasesToday) of the table and its GSIs, and Backfilling on a
  // GSI being created. Describe() calls it last.
  void DescribeUpdates(const TableDef& def, TableDescription* d) const;
  // Queues a backfill for every GSI left CREATING by an earlier run. Init()
  // calls it once the catalog is loaded.
  void ResumeBackfills();
  // Stages the removal of what UpdateTable keeps in kMeta for a table or
  // index id (throughput history, backfill progress). DeleteTable calls it
  // for the table's id and each index's.
  static void StageDropUpdateState(uint64_t id, WriteBatch* batch);

  // One GSI to backfill, or (drop) one dropped GSI whose key range is
  // removed again once no request can still write to it. `superseded` is the
  // definition the change replaced: the job starts once no request holds it.
  struct BackfillJob {
    std::string table_name;
    uint64_t table_id = 0;
    uint64_t index_id = 0;
    bool drop = false;
    std::weak_ptr<const TableDef> superseded;
  };
  // Queues a job; starts the worker thread on first use.
  void EnqueueBackfill(BackfillJob job);
  void BackfillLoop();
  // Runs one job to completion, to cancellation (the table or index was
  // dropped) or until shutdown (the job resumes at the next open).
  void RunBackfill(const BackfillJob& job);

  std::unique_ptr<Storage> storage_;
  Catalog catalog_;
  LockTable locks_;

  // TransactWriteItems results by ClientRequestToken (engine/ops/transact.cc).
  struct IdempotentResult {
    std::string fingerprint;
    double expires = 0;  // NowSeconds() after which the token is new again
    TransactWriteItemsResponse response;
  };
  std::mutex idempotency_mu_;
  std::unordered_map<std::string, IdempotentResult>
      idempotency_;  // guarded by idempotency_mu_
  // Tokens of transactions still running; guarded by idempotency_mu_.
  std::unordered_set<std::string> tokens_in_progress_;

  // The backfill worker (engine/ops/update_table.cc).
  std::mutex backfill_mu_;
  std::condition_variable backfill_cv_;
  std::deque<BackfillJob> backfill_jobs_;  // guarded by backfill_mu_
  std::thread
      backfill_thread_;  // guarded by backfill_mu_; started by the first job
  std::atomic<bool> backfill_stop_{false};  // set by ~EngineImpl
};

// Seconds since the epoch, with a fraction.
double NowSeconds();
std::string TableArn(const RequestContext& ctx, std::string_view table_name);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_OPS_ENGINE_IMPL_H_
