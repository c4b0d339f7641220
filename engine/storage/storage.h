// Storage: the RocksDB database under the engine, behind a pimpl so that
// only engine/storage/storage.cc includes RocksDB.
//
// Column families by role (DESIGN.md "Storage layout"): kMeta (the id
// counter and statistics, kept as merge operands: under a table's
// StatsKey, the table's and each of its indexes'; under an index's own, a
// backfill's count and, in directories written before, each index's
// statistics), kCatalog, kItems, kIndexes, kStreams. What their keys hold
// is engine/format/keys.h's, in one place.
//
// Thread safety: every method may be called concurrently. Iterators and
// snapshots belong to one thread at a time and must be destroyed before the
// Storage.
#ifndef DYNAROCK_ENGINE_STORAGE_STORAGE_H_
#define DYNAROCK_ENGINE_STORAGE_STORAGE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"

namespace dynarock {

struct EngineOptions;
struct StorageReport;

enum class Cf { kMeta = 0, kCatalog, kItems, kIndexes, kStreams, kCount };

class Storage;

// A change's stream record, waiting in its batch for a sequence number
// (engine/streams/stream_log.h).
struct PendingStreamRecord {
  uint64_t stream_id = 0;
  uint64_t partition_hash = 0;  // of the changed item: its shard
  std::string body;
};

// One atomic write: the item, its index entries, its statistics, its
// stream records.

class WriteBatch {
 public:
  // The storage must outlive the batch.
  explicit WriteBatch(const Storage& storage);
  ~WriteBatch();
  WriteBatch(const WriteBatch&) = delete;
  WriteBatch& operator=(const WriteBatch&) = delete;

  void Put(Cf cf, std::string_view key, std::string_view value);
  // Put(Cf::kItems, ...), keeping the encoding for the item cache without
  // a copy.
  void PutItem(std::string_view key, std::string&& encoded);
  void Delete(Cf cf, std::string_view key);
  // Removes [begin, end).
  void DeleteRange(Cf cf, std::string_view begin, std::string_view end);
  // Adds (count, bytes) to the statistics under key (in kMeta): a table's
  // StatsKey holds the table's own, and one pair per index of the table
  // (AddIndexStats). The deltas add up in the batch and go in as one merge
  // per key when it is written: one for a write to an item and its index
  // entries, one for a BatchWriteItem's writes to one table.
  void AddStats(std::string_view key, int64_t count_delta, int64_t bytes_delta);
  void AddIndexStats(std::string_view table_key, uint64_t index_id,
                     int64_t count_delta, int64_t bytes_delta);
  bool empty() const;
  // The items this batch writes replace their cached versions (the item
  // cache, see Storage::Get) but, unless they are cached already, do not
  // enter the cache: for BatchWriteItem, whose items (a bulk load's) are
  // rarely read back soon, and would push out what reads use. By default
  // every item written enters the cache.
  void CacheOnlyCachedItems();
  // The stream records of the batch's changes. StreamLog::Commit numbers
  // them into the batch; Storage::Write refuses a batch that still has any.
  std::vector<PendingStreamRecord>& stream_records();

  class Rep;
  Rep* rep() { return rep_.get(); }

 private:
  std::unique_ptr<Rep> rep_;
};

// A consistent view for multi-item reads.
class Snapshot {
 public:
  virtual ~Snapshot() = default;
};

// Iterates one column family within [lower, upper).
// key() and value() stay valid until the next move.
class StorageIterator {
 public:
  virtual ~StorageIterator() = default;
  virtual void Seek(std::string_view target) = 0;
  // Positions at the last key <= target.
  virtual void SeekForPrev(std::string_view target) = 0;
  virtual void SeekToFirst() = 0;
  virtual void SeekToLast() = 0;
  virtual bool Valid() const = 0;
  virtual void Next() = 0;
  virtual void Prev() = 0;
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  virtual Status status() const = 0;
};

// A value read in place: for a block or an item in the cache, no copy is
// made, and it stays pinned until the PinnedValue is reset or destroyed.
// Belongs to one thread; must not outlive the Storage.
class PinnedValue {
 public:
  PinnedValue();
  ~PinnedValue();
  PinnedValue(const PinnedValue&) = delete;
  PinnedValue& operator=(const PinnedValue&) = delete;
  std::string_view view() const;
  // Releases the pinned block.
  void Reset();

 private:
  friend class Storage;
  // A rocksdb::PinnableSlice, constructed in place (storage.cc checks the
  // size), so that a read allocates nothing.
  alignas(16) unsigned char rep_[160];
};

// How messages name the database: its directory, or "the in-memory
// database".
std::string DatabaseName(const EngineOptions& options);

class Storage {
 public:
  // Fails with kInternalServerError, "cannot open <DatabaseName>: <why>".
  static Result<std::unique_ptr<Storage>> Open(const EngineOptions& options);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  // Whether a read of an item that misses the item cache puts it there.
  // A write reads the item it replaces with kNoFill: the write puts the new
  // item in the cache itself once committed.
  enum class Fill { kFill, kNoFill };

  // *found tells whether the key exists; RocksDB failures become
  // InternalServerError (logged). Items (kItems) read without a snapshot
  // come from the item cache when they are in it: it always holds the
  // latest committed version of what it holds.
  Status Get(Cf cf, std::string_view key, std::string* value, bool* found,
             const Snapshot* snapshot = nullptr, Fill fill = Fill::kFill) const;
  // As Get, without copying the value out of the cache.
  Status Get(Cf cf, std::string_view key, PinnedValue* value, bool* found,
             const Snapshot* snapshot = nullptr, Fill fill = Fill::kFill) const;
  // As Get for each of n keys, in one pass over the table files: their
  // filters and index blocks are each looked up once for all the keys they
  // cover. found[i] and values[i] answer keys[i].
  Status MultiGet(Cf cf, size_t n, const std::string_view* keys,
                  PinnedValue* values, bool* found,
                  const Snapshot* snapshot = nullptr,
                  Fill fill = Fill::kFill) const;
  // Commits the batch; then the items it wrote replace their cached
  // versions and the items it deleted leave the cache.
  Status Write(WriteBatch* batch);
  std::unique_ptr<Snapshot> NewSnapshot() const;
  std::unique_ptr<StorageIterator> NewIterator(
      Cf cf, std::string lower, std::string upper,
      const Snapshot* snapshot = nullptr) const;
  // Writes every memtable to SST files and compacts the whole key space,
  // waiting for both: the steady state of a database that has been idle.
  Status CompactAll();
  // What the idle task does two seconds after the last write: memtables
  // written out, then sorted runs merged (storage.cc says how).
  void FlushAndMergeSortedRuns();
  // The sizes in bytes of a column family's sorted runs, newest first:
  // each table file of level 0, then each deeper level that has files.
  std::vector<uint64_t> SortedRuns(Cf cf) const;
  // Every column family's sorted runs, and the flushes and merges since
  // open (engine.h).
  StorageReport Describe() const;
  // Reads statistics written with WriteBatch::AddStats.
  void GetStats(std::string_view key, int64_t* count, int64_t* bytes) const;
  // An index's statistics: its pair under the table's key, plus what its
  // own key holds (an index backfill's count, and every index's statistics
  // as stored before they moved under the table's key).
  Status GetIndexStats(std::string_view table_key, uint64_t index_id,
                       std::string_view index_key, int64_t* count,
                       int64_t* bytes,
                       const Snapshot* snapshot = nullptr) const;

 private:
  friend class WriteBatch;
  class Impl;
  explicit Storage(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_STORAGE_STORAGE_H_
