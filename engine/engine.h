// Engine: a DynamoDB-compatible database over RocksDB, in process.
//
// Open one Engine per directory (or in memory) and call the operations with
// typed requests (engine/requests.h). Every semantic rule of the service
// lives here: key schemas, validation, limits, indexes, capacity.
//
// Thread safety: all operations may be called concurrently from any number
// of threads. The Engine must outlive everything that uses it (a Dispatcher,
// an HttpServer).
#ifndef DYNAROCK_ENGINE_ENGINE_H_
#define DYNAROCK_ENGINE_ENGINE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/clock.h"
#include "engine/requests.h"
#include "engine/status.h"

namespace dynarock {

// A local stream trigger: a table's stream records handed to `deliver` as
// an AWS Lambda event source mapping hands them to a function: in batches
// per shard, in order, a shard's children after it, at least once (a
// failed batch is retried, with backoff, until delivered; the shard waits).
// Delivery starts at the oldest record kept, and where it stands is stored
// per shard and target, so a restart resumes it.
struct StreamTrigger {
  std::string table_name;
  // Names the destination (its URL): progress is kept per table and target.
  std::string target;
  // Delivers one batch from the stream `stream_arn`; true once the
  // receiver has it. Called from one background thread at a time.
  std::function<bool(const std::string& stream_arn,
                     const std::vector<StreamRecord>& records)>
      deliver;
};

struct EngineOptions {
  // Directory of the RocksDB database; created when missing.
  std::string path = "./dynarock-data";
  // Keep everything in memory (a RocksDB in-memory Env): nothing touches
  // disk and everything is gone when the Engine is destroyed.
  bool in_memory = false;
  // fsync the write-ahead log on every write. Without it a killed process
  // loses nothing (the OS holds the log); only a power cut could.
  bool sync = false;
  // The block cache: uncompressed blocks of the table files, with their
  // index and filter blocks, shared by every column family.
  size_t block_cache_bytes = 64 << 20;
  // What the memtables (writes not yet in table files) may hold together;
  // past it, the largest is flushed.
  size_t write_buffer_bytes = 64 << 20;
  // The time everything time-dependent reads (creation times, throughput
  // history, idempotency windows, TTL expiry, streams' rollover, retention
  // and iterator lifetimes). Null: the system clock. Set it (to a
  // ManualClock) to make time pass in tests; it must outlive the Engine.
  const Clock* clock = nullptr;
  // How often the TTL sweep starts a pass over the tables with TTL enabled,
  // deleting the items that have expired (a pass over a large table takes
  // longer: it works in short steps, so as not to slow requests).
  double ttl_interval_seconds = 1.0;
  // Stream triggers, and their batches' largest size.
  std::vector<StreamTrigger> stream_triggers;
  size_t trigger_batch_size = 100;
};

// What the storage holds and has done since the engine opened, counted
// rather than timed: for benchmarks and tests that compare the work writes
// leave behind (memtables written out, sorted runs merged) and what reads
// look through (sorted runs), where CPU time moves too much from run to
// run. GET /_dynarock/storage reports it (wire/test_controls.h).
struct StorageReport {
  struct ColumnFamily {
    std::string name;  // meta, catalog, items, indexes, streams
    // Sorted runs, newest first: each table file of level 0, then each
    // deeper level that has files; a read looks in each.
    std::vector<uint64_t> run_entries;
    std::vector<uint64_t> run_bytes;
    // Memtables written out into table files.
    uint64_t flushes = 0, flushed_entries = 0, flushed_bytes = 0;
    // Merges of sorted runs (RocksDB's as writes go on, and the idle
    // task's): entries and bytes read and written, and their CPU time.
    uint64_t merges = 0, merged_entries_read = 0, merged_entries_written = 0;
    uint64_t merged_bytes_read = 0, merged_bytes_written = 0;
    uint64_t merge_cpu_micros = 0;
  };
  uint64_t writes = 0;  // batches committed
  std::vector<ColumnFamily> column_families;
};

class Engine {
 public:
  // Fails with kInternalServerError and a readable message, "cannot open
  // <directory>: <why>" (for instance "it is in use by another process").
  static Result<std::unique_ptr<Engine>> Open(const EngineOptions& options);
  virtual ~Engine() = default;

  // Tables.
  virtual Result<CreateTableResponse> CreateTable(
      const RequestContext& ctx, const CreateTableRequest& req) = 0;
  virtual Result<DescribeTableResponse> DescribeTable(
      const RequestContext& ctx, const DescribeTableRequest& req) = 0;
  virtual Result<UpdateTableResponse> UpdateTable(
      const RequestContext& ctx, const UpdateTableRequest& req) = 0;
  virtual Result<DeleteTableResponse> DeleteTable(
      const RequestContext& ctx, const DeleteTableRequest& req) = 0;
  virtual Result<ListTablesResponse> ListTables(
      const RequestContext& ctx, const ListTablesRequest& req) = 0;
  virtual Result<TagResourceResponse> TagResource(
      const RequestContext& ctx, const TagResourceRequest& req) = 0;
  virtual Result<UntagResourceResponse> UntagResource(
      const RequestContext& ctx, const UntagResourceRequest& req) = 0;
  virtual Result<ListTagsOfResourceResponse> ListTagsOfResource(
      const RequestContext& ctx, const ListTagsOfResourceRequest& req) = 0;
  virtual Result<ContinuousBackupsResponse> UpdateContinuousBackups(
      const RequestContext& ctx, const UpdateContinuousBackupsRequest& req) = 0;
  virtual Result<ContinuousBackupsResponse> DescribeContinuousBackups(
      const RequestContext& ctx,
      const DescribeContinuousBackupsRequest& req) = 0;
  virtual Result<UpdateTimeToLiveResponse> UpdateTimeToLive(
      const RequestContext& ctx, const UpdateTimeToLiveRequest& req) = 0;
  virtual Result<DescribeTimeToLiveResponse> DescribeTimeToLive(
      const RequestContext& ctx, const DescribeTimeToLiveRequest& req) = 0;

  // Items. Requests are taken by value: the engine normalizes their values
  // in place (move them in).
  virtual Result<PutItemResponse> PutItem(const RequestContext& ctx,
                                          PutItemRequest req) = 0;
  virtual Result<GetItemResponse> GetItem(const RequestContext& ctx,
                                          GetItemRequest req) = 0;
  virtual Result<DeleteItemResponse> DeleteItem(const RequestContext& ctx,
                                                DeleteItemRequest req) = 0;
  virtual Result<UpdateItemResponse> UpdateItem(const RequestContext& ctx,
                                                UpdateItemRequest req) = 0;

  // Writes memtables out and compacts everything, then returns: the state
  // of a database that has been idle a while. For benchmarks that compare
  // table sizes on equal terms, and before copying a data directory.
  virtual Status CompactAll() = 0;
  virtual StorageReport DescribeStorage() const = 0;

  // Batches: each write or read stands alone, as in the service.
  virtual Result<BatchWriteItemResponse> BatchWriteItem(
      const RequestContext& ctx, BatchWriteItemRequest req) = 0;
  virtual Result<BatchGetItemResponse> BatchGetItem(
      const RequestContext& ctx, BatchGetItemRequest req) = 0;

  // Transactions: all the writes or none; all the reads from one snapshot.
  virtual Result<TransactWriteItemsResponse> TransactWriteItems(
      const RequestContext& ctx, TransactWriteItemsRequest req) = 0;
  virtual Result<TransactGetItemsResponse> TransactGetItems(
      const RequestContext& ctx, TransactGetItemsRequest req) = 0;

  // PartiQL: one statement, planned as the operation it amounts to.
  virtual Result<ExecuteStatementResponse> ExecuteStatement(
      const RequestContext& ctx, const ExecuteStatementRequest& req) = 0;
  // Up to 25 statements, all reads (each of one item by its key) or all
  // writes, each standing alone.
  virtual Result<BatchExecuteStatementResponse> BatchExecuteStatement(
      const RequestContext& ctx, const BatchExecuteStatementRequest& req) = 0;
  // Up to 100 statements as one transaction: TransactGetItems or
  // TransactWriteItems.
  virtual Result<ExecuteTransactionResponse> ExecuteTransaction(
      const RequestContext& ctx, const ExecuteTransactionRequest& req) = 0;

  // DynamoDB Streams (the service's other endpoint, served here too).
  virtual Result<ListStreamsResponse> ListStreams(
      const RequestContext& ctx, const ListStreamsRequest& req) = 0;
  virtual Result<DescribeStreamResponse> DescribeStream(
      const RequestContext& ctx, const DescribeStreamRequest& req) = 0;
  virtual Result<GetShardIteratorResponse> GetShardIterator(
      const RequestContext& ctx, const GetShardIteratorRequest& req) = 0;
  virtual Result<GetRecordsResponse> GetRecords(
      const RequestContext& ctx, const GetRecordsRequest& req) = 0;

  // Reads of many items, each from one snapshot.
  virtual Result<QueryResponse> Query(const RequestContext& ctx,
                                      QueryRequest req) = 0;
  virtual Result<ScanResponse> Scan(const RequestContext& ctx,
                                    ScanRequest req) = 0;
};

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_ENGINE_H_
