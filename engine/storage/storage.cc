#include "engine/storage/storage.h"

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <iterator>
#include <mutex>
#include <new>
#include <optional>
#include <thread>
#include <vector>

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/listener.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <rocksdb/write_buffer_manager.h>

#include "engine/engine.h"
#include "engine/format/keys.h"
#include "engine/storage/memory_files.h"

// jemalloc's control entry point, present when the program links jemalloc.
extern "C" int mallctl(const char* name, void* oldp, size_t* oldlenp,
                       void* newp, size_t newlen) __attribute__((weak));

namespace dynarock {
namespace {

const char* const kCfNames[] = {"default", "catalog", "items", "indexes",
                                "streams"};

rocksdb::Slice ToSlice(std::string_view s) {
  return rocksdb::Slice(s.data(), s.size());
}

// Statistics value: two little-endian int64s, (item count, bytes), then,
// under a table's key, a triple (index id, item count, bytes) per index, by
// increasing id. Merge operands are deltas of the same shape; the merge adds
// them, pair by pair, and leaves out an index whose pair comes to zero. (A
// value without triples is what every statistics key held before indexes
// moved under their table's: it reads the same.)
struct IndexStats {
  uint64_t id;
  int64_t count, bytes;
};

void PutInt64(int64_t v, std::string* out) {
  char b[8];
  std::memcpy(b, &v, 8);
  out->append(b, 8);
}
int64_t GetInt64(const char* p) {
  int64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

void EncodeStats(int64_t count, int64_t bytes,
                 const std::vector<IndexStats>& indexes, std::string* out) {
  out->clear();
  out->reserve(16 + 24 * indexes.size());
  PutInt64(count, out);
  PutInt64(bytes, out);
  for (const IndexStats& x : indexes) {
    if (x.count == 0 && x.bytes == 0) continue;
    PutInt64(static_cast<int64_t>(x.id), out);
    PutInt64(x.count, out);
    PutInt64(x.bytes, out);
  }
}
// A value of another shape (none is ever written) reads as zeros.
void DecodeStats(const rocksdb::Slice& s, int64_t* count, int64_t* bytes,
                 std::vector<IndexStats>* indexes = nullptr) {
  *count = *bytes = 0;
  if (indexes) indexes->clear();
  if (s.size() < 16 || (s.size() - 16) % 24 != 0) return;
  *count = GetInt64(s.data());
  *bytes = GetInt64(s.data() + 8);
  if (!indexes) return;
  for (size_t at = 16; at < s.size(); at += 24) {
    indexes->push_back({static_cast<uint64_t>(GetInt64(s.data() + at)),
                        GetInt64(s.data() + at + 8),
                        GetInt64(s.data() + at + 16)});
  }
}
// The pair of one index in a table's value; zeros when it has none.
void DecodeIndexStats(const rocksdb::Slice& s, uint64_t id, int64_t* count,
                      int64_t* bytes) {
  *count = *bytes = 0;
  if (s.size() < 16 || (s.size() - 16) % 24 != 0) return;
  for (size_t at = 16; at < s.size(); at += 24) {
    if (static_cast<uint64_t>(GetInt64(s.data() + at)) != id) continue;
    *count = GetInt64(s.data() + at + 8);
    *bytes = GetInt64(s.data() + at + 16);
    return;
  }
}

// Adds b's pairs into a's, both by increasing id.
void AddIndexStatsInto(const std::vector<IndexStats>& b,
                       std::vector<IndexStats>* a) {
  std::vector<IndexStats> sum;
  sum.reserve(a->size() + b.size());
  size_t i = 0, j = 0;
  while (i < a->size() || j < b.size()) {
    if (j == b.size() || (i < a->size() && (*a)[i].id < b[j].id)) {
      sum.push_back((*a)[i++]);
    } else if (i == a->size() || b[j].id < (*a)[i].id) {
      sum.push_back(b[j++]);
    } else {
      sum.push_back(
          {(*a)[i].id, (*a)[i].count + b[j].count, (*a)[i].bytes + b[j].bytes});
      ++i;
      ++j;
    }
  }
  *a = std::move(sum);
}

class StatsAddOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& key, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* logger) const override {
    int64_t c0 = 0, b0 = 0, c1, b1;
    std::vector<IndexStats> x0, x1;
    if (existing) DecodeStats(*existing, &c0, &b0, &x0);
    DecodeStats(value, &c1, &b1, &x1);
    AddIndexStatsInto(x1, &x0);
    EncodeStats(c0 + c1, b0 + b1, x0, new_value);
    return true;
  }
  const char* Name() const override { return "dynarock.StatsAdd"; }
};

// RocksDB's own messages, warnings and errors only, go to stderr rather
// than to a LOG file in the directory: creating it, renaming the previous
// one and deleting the oldest cost three file-system operations at every
// start (several milliseconds on a slow disk), for a file that is almost
// always empty.
class StderrLogger : public rocksdb::Logger {
 public:
  StderrLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    char line[1024];
    vsnprintf(line, sizeof(line), format, ap);
    std::string_view text(line);
    // NoOptionsFileSystem's refusal is expected.
    if (text.find("keeps no OPTIONS file") != std::string_view::npos) return;
    // A failed open is reported by Open's status, in plain words (a
    // directory in use, say); RocksDB's own line would come first.
    if (text.find("DB::Open() failed") != std::string_view::npos) return;
    while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    fprintf(stderr, "dynarock: rocksdb: %.*s\n", static_cast<int>(text.size()),
            text.data());
  }
};

// The file system under the database, less RocksDB's OPTIONS files: each
// open (and each column family created) writes one, syncs it, reads it back
// to verify it and deletes the previous one. dynarock always opens the
// database with the options in this file, never from an OPTIONS file, and
// the writing was a quarter of an in-memory start and several milliseconds
// of file-system syncs on disk. Refusing to create the file makes RocksDB
// skip it (fail_if_options_file_error is false); the logger drops the
// warning that says so.
class NoOptionsFileSystem : public rocksdb::FileSystemWrapper {
 public:
  using rocksdb::FileSystemWrapper::FileSystemWrapper;
  static const char* kClassName() { return "dynarock.NoOptionsFileSystem"; }
  const char* Name() const override { return kClassName(); }
  rocksdb::IOStatus NewWritableFile(const std::string& f,
                                    const rocksdb::FileOptions& file_opts,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r,
                                    rocksdb::IODebugContext* dbg) override {
    if (IsOptionsFile(f)) {
      return rocksdb::IOStatus::NotSupported("dynarock keeps no OPTIONS file");
    }
    return target()->NewWritableFile(f, file_opts, r, dbg);
  }

  static bool IsOptionsFile(std::string_view path) {
    size_t slash = path.rfind('/');
    std::string_view name =
        slash == std::string_view::npos ? path : path.substr(slash + 1);
    return name.substr(0, 8) == "OPTIONS-";
  }
};

// Returns the allocator's free pages to the system: jemalloc's (every
// arena's, "arena.<MALLCTL_ARENAS_ALL>.purge") when the program is linked
// with it, else glibc's.
void ReleaseFreeMemory() {
  if (mallctl) {
    mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
  } else {
    malloc_trim(0);
  }
}

Status FromRocks(const rocksdb::Status& s, const char* what) {
  if (s.ok()) return Status::OK();
  std::cerr << "dynarock: storage error in " << what << ": " << s.ToString()
            << std::endl;
  return Status::Internal("Internal server error");
}

class SnapshotImpl : public Snapshot {
 public:
  SnapshotImpl(rocksdb::DB* db) : db_(db), snap_(db->GetSnapshot()) {}
  ~SnapshotImpl() override { db_->ReleaseSnapshot(snap_); }
  const rocksdb::Snapshot* get() const { return snap_; }

 private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snap_;
};

class IteratorImpl : public StorageIterator {
 public:
  IteratorImpl(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
               std::string lower, std::string upper,
               const rocksdb::Snapshot* snap)
      : lower_(std::move(lower)), upper_(std::move(upper)) {
    rocksdb::ReadOptions ro;
    lower_slice_ = rocksdb::Slice(lower_);
    upper_slice_ = rocksdb::Slice(upper_);
    ro.iterate_lower_bound = &lower_slice_;
    if (!upper_.empty()) ro.iterate_upper_bound = &upper_slice_;
    // A range within one partition (a Query's) consults the table files'
    // prefix filters and skips those without the partition; any other range
    // (a Scan's) reads in total order.
    ro.auto_prefix_mode = true;
    ro.snapshot = snap;
    it_.reset(db->NewIterator(ro, cf));
  }
  void Seek(std::string_view t) override { it_->Seek(ToSlice(t)); }
  void SeekForPrev(std::string_view t) override {
    it_->SeekForPrev(ToSlice(t));
  }
  void SeekToFirst() override { it_->SeekToFirst(); }
  void SeekToLast() override { it_->SeekToLast(); }
  bool Valid() const override { return it_->Valid(); }
  void Next() override { it_->Next(); }
  void Prev() override { it_->Prev(); }
  std::string_view key() const override {
    rocksdb::Slice k = it_->key();
    return {k.data(), k.size()};
  }
  std::string_view value() const override {
    rocksdb::Slice v = it_->value();
    return {v.data(), v.size()};
  }
  Status status() const override { return FromRocks(it_->status(), "iterate"); }

 private:
  // The bounds must outlive the iterator: declared first, destroyed last.
  std::string lower_, upper_;
  rocksdb::Slice lower_slice_, upper_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

// An item's encoding as the item cache keeps it: its length, then its
// bytes, in one allocation. (A std::string would cost a hit one more cache
// miss, on the string before its bytes.)
class CachedItem {
 public:
  static CachedItem* Make(std::string_view bytes) {
    void* block = ::operator new(sizeof(CachedItem) + bytes.size());
    auto* item = new (block) CachedItem(bytes.size());
    std::memcpy(item->data(), bytes.data(), bytes.size());
    return item;
  }
  static void Free(CachedItem* item) {
    item->~CachedItem();
    ::operator delete(item);
  }
  std::string_view view() const { return {data(), size_}; }
  size_t size() const { return size_; }

 private:
  explicit CachedItem(size_t size) : size_(size) {}
  char* data() { return reinterpret_cast<char*>(this + 1); }
  const char* data() const { return reinterpret_cast<const char*>(this + 1); }
  size_t size_;
};

void ReleaseCacheHandle(void* cache, void* handle) {
  static_cast<rocksdb::Cache*>(cache)->Release(
      static_cast<rocksdb::Cache::Handle*>(handle));
}

// The item cache: the encoded items last read by key or written, by item
// key, kept in the block cache (so under its budget, and evicted by its LRU
// policy). It replaces RocksDB's row cache, which every read fills, the
// read a write makes of the item it replaces included, only for the write
// to make that row stale at once. Here a write puts its new item in the
// cache itself once committed, so that the next read or write of the same
// item finds it without a RocksDB lookup (a BatchWriteItem only replaces
// items already cached: WriteBatch::CacheOnlyCachedItems).
//
// The cache never holds a version older than the last committed write of
// an item whose Write() has returned. Writers update it after the commit,
// under a stripe mutex, and count a generation per stripe; a reader that
// misses notes the generation before reading RocksDB and caches what it
// read (under the same mutex) only if no write came in between. A write
// that committed before the read is seen by the read; one that commits
// after it either bumps the generation before the reader's insertion
// (which is then skipped) or overwrites it.
class ItemCache {
 public:
  explicit ItemCache(std::shared_ptr<rocksdb::Cache> cache)
      : cache_(std::move(cache)), id_(cache_->NewId()) {}

  // Pins the cached item in `slice` (released when the slice is reset);
  // false when the item is not cached.
  bool Pin(std::string_view key, rocksdb::PinnableSlice* slice) const {
    rocksdb::Cache::Handle* h = cache_->Lookup(CacheKey(key));
    if (!h) return false;
    slice->PinSlice(
        rocksdb::Slice(
            static_cast<const CachedItem*>(cache_->Value(h))->view()),
        &ReleaseCacheHandle, cache_.get(), h);
    return true;
  }

  // The stripe generation a reader notes before reading RocksDB.
  uint64_t Generation(std::string_view key) const {
    return StripeOf(key).generation.load(std::memory_order_acquire);
  }
  // Caches what a reader read, unless a write came since `generation`.
  void Fill(std::string_view key, std::string_view value,
            uint64_t generation) const {
    Stripe& stripe = StripeOf(key);
    std::lock_guard lock(stripe.mu);
    if (stripe.generation.load(std::memory_order_relaxed) != generation) return;
    Insert(key, value);
  }
  // After a commit: the item's new encoding, or null when it was deleted
  // (or when the write failed, and the cached version may be wrong).
  // With `only_cached`, a new encoding replaces a cached one but is not
  // added.
  void Update(std::string_view key, const std::string* value,
              bool only_cached) const {
    Stripe& stripe = StripeOf(key);
    std::lock_guard lock(stripe.mu);
    stripe.generation.fetch_add(1, std::memory_order_acq_rel);
    if (value && only_cached) {
      rocksdb::Cache::Handle* h = cache_->Lookup(CacheKey(key));
      if (!h) return;
      cache_->Release(h);
    }
    if (value) {
      Insert(key, *value);
    } else {
      cache_->Erase(CacheKey(key));
    }
  }

 private:
  struct alignas(64) Stripe {
    std::mutex mu;
    std::atomic<uint64_t> generation{0};
  };
  static constexpr size_t kStripes = 1024;
  // The cache's handle and the item's length and allocation, roughly.
  static constexpr size_t kEntryOverhead = 96;

  Stripe& StripeOf(std::string_view key) const {
    return stripes_[std::hash<std::string_view>()(key) % kStripes];
  }

  // This cache's id, then the item key. (RocksDB's block keys in the
  // shared cache are 16 bytes; an item key alone is longer than 8.)
  static rocksdb::Slice CacheKey(uint64_t id, std::string_view key) {
    thread_local std::string buf;
    buf.resize(8);
    std::memcpy(buf.data(), &id, 8);
    buf.append(key.data(), key.size());
    return rocksdb::Slice(buf);
  }
  rocksdb::Slice CacheKey(std::string_view key) const {
    return CacheKey(id_, key);
  }

  // Replaces the key's entry. Inserting without taking a handle would not
  // do: when the entry does not fit, the LRU cache drops the new entry and
  // keeps the old one. Taken with a handle, the new entry always replaces
  // the old, and leaves the cache at once on release when it does not fit.
  void Insert(std::string_view key, std::string_view value) const {
    CachedItem* item = CachedItem::Make(value);
    const size_t charge = kEntryOverhead + key.size() + item->size();
    rocksdb::Cache::Handle* handle = nullptr;
    rocksdb::Status s = cache_->Insert(
        CacheKey(key), item, charge,
        [](const rocksdb::Slice&, void* v) {
          CachedItem::Free(static_cast<CachedItem*>(v));
        },
        &handle);
    if (!s.ok()) {
      // Only a strict capacity limit refuses, and then the value is still
      // ours (freed here); the old entry must not stay.
      CachedItem::Free(item);
      cache_->Erase(CacheKey(key));
      return;
    }
    cache_->Release(handle);
  }

  std::shared_ptr<rocksdb::Cache> cache_;
  const uint64_t id_;
  mutable Stripe stripes_[kStripes];
};

}  // namespace

// Counts each column family's flushes and merges, as RocksDB reports them
// when they finish (Storage::Describe).
class WorkCounter final : public rocksdb::EventListener {
 public:
  struct Counts {
    std::atomic<uint64_t> flushes{0}, flushed_entries{0}, flushed_bytes{0};
    std::atomic<uint64_t> merges{0}, merged_entries_read{0},
        merged_entries_written{0}, merged_bytes_read{0},
        merged_bytes_written{0}, merge_cpu_micros{0};
    // Entries written out since the last merge of every run into one (or
    // since open).
    std::atomic<uint64_t> flushed_since_whole_merge{0};
  };
  const Counts& counts(Cf c) const { return counts_[static_cast<int>(c)]; }
  // The database's Env, which must outlive the listener's calls: the sizes
  // of flushed files are read through it.
  void set_env(rocksdb::Env* env) { env_ = env; }

  void OnFlushCompleted(rocksdb::DB*,
                        const rocksdb::FlushJobInfo& info) override {
    Counts* c = Find(info.cf_name);
    if (!c) return;
    // The file's size, as a merge's bytes are (its properties hold only
    // the sizes of its blocks).
    uint64_t bytes = 0;
    if (!env_ || !env_->GetFileSize(info.file_path, &bytes).ok()) bytes = 0;
    Add(c->flushes, 1);
    Add(c->flushed_entries, info.table_properties.num_entries);
    Add(c->flushed_bytes, bytes);
    Add(c->flushed_since_whole_merge, info.table_properties.num_entries);
  }
  void OnCompactionCompleted(rocksdb::DB*,
                             const rocksdb::CompactionJobInfo& info) override {
    CountMerge(info);
  }
  // Also called for the idle merge's DB::CompactFiles, which runs on the
  // caller's thread and so is never reported to a listener.
  void CountMerge(const rocksdb::CompactionJobInfo& info) {
    Counts* c = Find(info.cf_name);
    if (!c || !info.status.ok()) return;
    const rocksdb::CompactionJobStats& s = info.stats;
    Add(c->merges, 1);
    Add(c->merged_entries_read, s.num_input_records);
    Add(c->merged_entries_written, s.num_output_records);
    Add(c->merged_bytes_read, s.total_input_bytes);
    Add(c->merged_bytes_written, s.total_output_bytes);
    Add(c->merge_cpu_micros, s.cpu_micros);
    if (s.is_full_compaction) {
      c->flushed_since_whole_merge.store(0, std::memory_order_relaxed);
    }
  }

 private:
  static void Add(std::atomic<uint64_t>& a, uint64_t n) {
    a.fetch_add(n, std::memory_order_relaxed);
  }
  Counts* Find(const std::string& cf_name) {
    for (int i = 0; i < static_cast<int>(Cf::kCount); ++i) {
      if (cf_name == kCfNames[i]) return &counts_[i];
    }
    return nullptr;
  }
  Counts counts_[static_cast<int>(Cf::kCount)];
  rocksdb::Env* env_ = nullptr;
};

class Storage::Impl {
 public:
  ~Impl() {
    StopIdleFlusher();
    for (auto* h : handles) {
      if (h) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    }
    handles.clear();
    if (db) db->Close().PermitUncheckedError();
    db.reset();
    env.reset();
    mem_env.reset();
  }
  std::unique_ptr<rocksdb::Env> mem_env;  // in memory; outlives env
  std::unique_ptr<rocksdb::Env> env;      // outlives db
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::WriteOptions write_options;
  std::unique_ptr<ItemCache> items;
  std::shared_ptr<WorkCounter> work = std::make_shared<WorkCounter>();
  rocksdb::ColumnFamilyHandle* cf(Cf c) const {
    return handles[static_cast<int>(c)];
  }

  // Writes since open; the idle flusher watches it.
  std::atomic<uint64_t> writes{0};

  // Once writes stop for kIdleFlushDelay, the memtables are written out,
  // sorted runs are merged, and the memory freed goes back to the system:
  // an idle server keeps only its data and caches, whatever it was sent
  // before. In memory, a load of 42,000 items left 231 MB resident, of
  // which 62 MB were pages the allocator had freed and kept. In memory too
  // the memtables are written out (into in-memory table files): a skip list
  // has no backward links, so each step of a read backwards (a GSI query
  // of the newest orders first) is a search from its top, and a table
  // file's blocks step back cheaply. Over HTTP, in memory, that query
  // served 5 to 10% more requests per CPU-second (two sets of alternating
  // runs), and resident memory after a load stayed the same.
  void StartIdleFlusher() {
    idle_thread = std::thread([this] { IdleFlushLoop(); });
  }
  void StopIdleFlusher() {
    {
      std::lock_guard lock(idle_mu);
      idle_stop = true;
    }
    // A merge of sorted runs in progress stops at its next key (CompactRange
    // watches idle_cancel, CompactFiles the pause).
    idle_cancel.store(true, std::memory_order_relaxed);
    if (db) db->DisableManualCompaction();
    idle_cv.notify_all();
    if (idle_thread.joinable()) idle_thread.join();
  }

  static constexpr auto kIdleTick = std::chrono::milliseconds(500);
  static constexpr int kIdleTicksBeforeFlush = 4;  // two seconds

  void FlushAll() {
    rocksdb::FlushOptions fo;
    fo.allow_write_stall = true;
    for (auto* h : handles) {
      rocksdb::Status st = db->Flush(fo, h);
      if (!st.ok() && !st.IsShutdownInProgress()) {
        (void)FromRocks(st, "idle flush");
      }
    }
  }

  void IdleFlushLoop() {
    // From zero, not from the count when the thread starts: a write made
    // between Open's return and this thread's first step is a write too.
    uint64_t seen = 0;
    int idle_ticks = 0;
    int release_ticks = 0;
    bool dirty = false;
    std::unique_lock lock(idle_mu);
    while (!idle_cv.wait_for(lock, kIdleTick, [this] { return idle_stop; })) {
      uint64_t now = writes.load(std::memory_order_relaxed);
      if (now != seen) {
        seen = now;
        dirty = true;
        idle_ticks = 0;
        continue;
      }
      if (release_ticks > 0 && --release_ticks % 4 == 0) {
        // Compactions that the flush started free memory too.
        ReleaseFreeMemory();
      }
      if (!dirty || ++idle_ticks < kIdleTicksBeforeFlush) continue;
      dirty = false;
      release_ticks = 4 * 8;  // release again every 2 s for 16 s
      lock.unlock();
      FlushAll();
      MergeSortedRunsIfIdle();
      ReleaseFreeMemory();
      lock.lock();
    }
  }

  // Items and index entries are kept in sorted runs (universal
  // compaction), which RocksDB merges as runs of similar sizes accumulate.
  // After a burst of writes (a bulk load) several runs remain, and every
  // read looks in each: 12 million items loaded left five, and a GetItem
  // or a Query cost half as much again as on one run. Once writes stop,
  // the runs are merged: into one when those above the oldest hold at
  // least a quarter as many entries as it, or when as many entries as it
  // holds have been written out since it was last merged whole, by
  // RocksDB or here; otherwise only they are merged, into one run above
  // the oldest, which stays as it is, so that a large table is not
  // rewritten for a few writes. A load thus ends in one run when RocksDB's
  // last whole merge came early in it, and in two when it came late (1.24
  // million items loaded once ended as 1.17 million items and 75
  // thousand, 1.12 million index entries and 177 thousand); reads on two
  // runs cost no more than on one beyond the noise. The lines bound what
  // a write costs in rewrites: a whole merge of N entries comes at most
  // once per N entries written, rewrites of the same keys included.
  // Whatever the lines, writes leave a read two runs until the next whole
  // merge; the lines set how often the whole table is rewritten. Counted
  // (GET /_dynarock/storage) over six rounds of 5 s of UpdateItem on the
  // seed's 1.24 million items, idle between: with half the oldest run
  // written as the line, and RocksDB merging at four runs, the merges
  // rewrote 12.5 entries a request; with the whole of it and eight runs,
  // 5.2. Writes and reads go on meanwhile; a write stops nothing but the
  // merge's own pace.
  void MergeSortedRunsIfIdle() {
    std::lock_guard lock(merge_mu);  // the idle task's, or a test's
    const uint64_t writes_before = writes.load(std::memory_order_relaxed);
    for (Cf c : {Cf::kItems, Cf::kIndexes}) {
      // RocksDB's own merges, which a flush may have started, can hold some
      // of the runs, and a merge of runs they hold is refused: once they
      // finish, the runs are looked at again (left as they were, reads
      // looked in up to nine runs until the next writes). Unless writes
      // have begun again: the idle task comes back after them.
      for (;;) {
        if (idle_cancel.load(std::memory_order_relaxed)) return;
        rocksdb::Status st = MergeSortedRuns(c);
        if (st.IsAborted() && !idle_cancel.load(std::memory_order_relaxed) &&
            writes.load(std::memory_order_relaxed) == writes_before) {
          WaitForBackgroundMerges();
          continue;
        }
        if (!st.ok() && !st.IsIncomplete() && !st.IsShutdownInProgress() &&
            !st.IsAborted()) {
          (void)FromRocks(st, "idle compaction");
        }
        break;
      }
    }
  }

  rocksdb::Status MergeSortedRuns(Cf c) {
    rocksdb::ColumnFamilyMetaData meta;
    db->GetColumnFamilyMetaData(cf(c), &meta);
    // The oldest run is the deepest level with files (with every file
    // in level 0, the merge below is a whole one).
    const rocksdb::LevelMetaData* oldest = nullptr;
    uint64_t runs = 0;
    for (const rocksdb::LevelMetaData& level : meta.levels) {
      if (level.files.empty()) continue;
      runs += level.level == 0 ? level.files.size() : 1;
      oldest = &level;
    }
    if (runs < 2) return rocksdb::Status::OK();
    // Sizes in entries: the oldest run is compressed, the others not.
    uint64_t newer = 0, old = 0;
    std::vector<std::string> newer_files;
    for (const rocksdb::LevelMetaData& level : meta.levels) {
      for (const rocksdb::SstFileMetaData& f : level.files) {
        if (&level == oldest) {
          old += f.num_entries;
        } else {
          newer += f.num_entries;
          newer_files.push_back(f.name);
        }
      }
    }
    const uint64_t written = work->counts(c).flushed_since_whole_merge.load(
        std::memory_order_relaxed);
    if (oldest->level == 0 || newer * 4 >= old || written >= old) {
      rocksdb::CompactRangeOptions o;
      o.canceled = &idle_cancel;
      return db->CompactRange(o, cf(c), nullptr, nullptr);
    }
    if (runs == 2) return rocksdb::Status::OK();
    rocksdb::CompactionOptions o;
    // The column family's choice for the level: not compressed (only the
    // oldest run is).
    o.compression = rocksdb::kDisableCompressionOption;
    rocksdb::CompactionJobInfo info;
    rocksdb::Status s = db->CompactFiles(o, cf(c), newer_files,
                                         oldest->level - 1, -1, nullptr, &info);
    if (s.ok()) work->CountMerge(info);
    return s;
  }

  // Returns once RocksDB runs no merge of its own (or the database
  // closes).
  void WaitForBackgroundMerges() {
    uint64_t running = 0;
    while (!idle_cancel.load(std::memory_order_relaxed) &&
           db->GetIntProperty(rocksdb::DB::Properties::kNumRunningCompactions,
                              &running) &&
           running > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

 private:
  std::mutex merge_mu;
  std::mutex idle_mu;
  std::condition_variable idle_cv;
  bool idle_stop = false;  // guarded by idle_mu
  std::atomic<bool> idle_cancel{false};
  std::thread idle_thread;
};

class WriteBatch::Rep {
 public:
  explicit Rep(const Storage::Impl* s) : storage(s) {}
  const Storage::Impl* storage;
  rocksdb::WriteBatch batch;
  bool only_cached_items = false;
  // The statistics deltas, by key, until the batch is written.
  struct PendingStats {
    std::string key;
    int64_t count = 0, bytes = 0;
    std::vector<IndexStats> indexes;  // by increasing id
  };
  std::vector<PendingStats> stats;
  PendingStats& StatsFor(std::string_view key) {
    for (PendingStats& p : stats) {
      if (p.key == key) return p;
    }
    PendingStats& p = stats.emplace_back();
    p.key = key;
    return p;
  }
  // Moves the statistics deltas into the batch, one merge per key.
  void StageStats() {
    std::string value;
    for (const PendingStats& p : stats) {
      EncodeStats(p.count, p.bytes, p.indexes, &value);
      if (value.size() == 16 && p.count == 0 && p.bytes == 0) continue;
      batch.Merge(storage->cf(Cf::kMeta), ToSlice(p.key), rocksdb::Slice(value))
          .PermitUncheckedError();
    }
    stats.clear();
  }
  // The items written (no value: deleted), for the item cache.
  std::vector<std::pair<std::string, std::optional<std::string>>> items;
  std::vector<PendingStreamRecord> stream_records;
};

WriteBatch::WriteBatch(const Storage& storage)
    : rep_(std::make_unique<Rep>(storage.impl_.get())) {}
WriteBatch::~WriteBatch() = default;
// rocksdb::WriteBatch operations fail only on oversized keys or values,
// which the engine's limits exclude.
void WriteBatch::Put(Cf cf, std::string_view k, std::string_view v) {
  rep_->batch.Put(rep_->storage->cf(cf), ToSlice(k), ToSlice(v))
      .PermitUncheckedError();
  if (cf == Cf::kItems) rep_->items.emplace_back(k, std::string(v));
}
void WriteBatch::PutItem(std::string_view k, std::string&& v) {
  rep_->batch.Put(rep_->storage->cf(Cf::kItems), ToSlice(k), ToSlice(v))
      .PermitUncheckedError();
  rep_->items.emplace_back(k, std::move(v));
}
void WriteBatch::CacheOnlyCachedItems() { rep_->only_cached_items = true; }
void WriteBatch::Delete(Cf cf, std::string_view k) {
  rep_->batch.Delete(rep_->storage->cf(cf), ToSlice(k)).PermitUncheckedError();
  if (cf == Cf::kItems) rep_->items.emplace_back(k, std::nullopt);
}
// A dropped table's items may stay in the item cache until evicted: table
// ids are never reused, so no key of a later table can reach them.
void WriteBatch::DeleteRange(Cf cf, std::string_view b, std::string_view e) {
  rep_->batch.DeleteRange(rep_->storage->cf(cf), ToSlice(b), ToSlice(e))
      .PermitUncheckedError();
}
void WriteBatch::AddStats(std::string_view key, int64_t count, int64_t bytes) {
  if (count == 0 && bytes == 0) return;
  Rep::PendingStats& p = rep_->StatsFor(key);
  p.count += count;
  p.bytes += bytes;
}
void WriteBatch::AddIndexStats(std::string_view table_key, uint64_t index_id,
                               int64_t count, int64_t bytes) {
  if (count == 0 && bytes == 0) return;
  std::vector<IndexStats>& indexes = rep_->StatsFor(table_key).indexes;
  auto it = std::lower_bound(
      indexes.begin(), indexes.end(), index_id,
      [](const IndexStats& x, uint64_t id) { return x.id < id; });
  if (it == indexes.end() || it->id != index_id)
    it = indexes.insert(it, IndexStats{index_id, 0, 0});
  it->count += count;
  it->bytes += bytes;
}
std::vector<PendingStreamRecord>& WriteBatch::stream_records() {
  return rep_->stream_records;
}
bool WriteBatch::empty() const {
  if (rep_->batch.Count() != 0 || !rep_->stream_records.empty()) return false;
  for (const Rep::PendingStats& p : rep_->stats) {
    if (p.count != 0 || p.bytes != 0) return false;
    for (const IndexStats& x : p.indexes) {
      if (x.count != 0 || x.bytes != 0) return false;
    }
  }
  return true;
}

Storage::Storage(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Storage::~Storage() = default;

std::string DatabaseName(const EngineOptions& options) {
  return options.in_memory ? "the in-memory database" : options.path;
}

Result<std::unique_ptr<Storage>> Storage::Open(const EngineOptions& options) {
  auto impl = std::make_unique<Impl>();
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  db_options.keep_log_file_num = 2;
  db_options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  db_options.info_log = std::make_shared<StderrLogger>();
  // No periodic statistics dump: it goes to the info log at INFO level,
  // which the logger drops, after formatting every column family's figures
  // and walking the whole block cache. The first dump ran as the database
  // opened, on RocksDB's timer thread, contending for the database mutex:
  // about 0.3 ms of CPU and 30 page faults of every start.
  db_options.stats_dump_period_sec = 0;
  db_options.stats_persist_period_sec = 0;
  db_options.listeners.push_back(impl->work);
  // Obsolete files (the previous manifest and options file) are deleted in
  // the background rather than before Open returns.
  db_options.avoid_unnecessary_blocking_io = true;
  // Opening an existing directory loads its table files' handles with this
  // many threads, created and joined per column family: 16 (the default)
  // made start-up spawn 80 threads. One loads them on the opening thread.
  db_options.max_file_opening_threads = 1;
  // Table files are opened when first read, not all at start-up (RocksDB's
  // default, -1, opened each one before Open returned: 110 ms for the 75
  // files of ten million items), and at most this many stay open.
  db_options.max_open_files = 512;
  // Every memtable together stays under the write buffer budget: past it,
  // the largest is flushed, whatever the column family.
  const size_t write_buffer =
      std::max<size_t>(options.write_buffer_bytes, 1 << 20);
  db_options.write_buffer_manager =
      std::make_shared<rocksdb::WriteBufferManager>(write_buffer);
  std::string path = options.path;
  if (options.in_memory) {
    impl->mem_env.reset(rocksdb::NewMemEnv(rocksdb::Env::Default()));
    path = "/dynarock-in-memory";
  }
  rocksdb::Env* base =
      options.in_memory ? impl->mem_env.get() : rocksdb::Env::Default();
  std::shared_ptr<rocksdb::FileSystem> fs = base->GetFileSystem();
  if (options.in_memory) fs = NewMemoryTableFileSystem(std::move(fs));
  impl->env =
      rocksdb::NewCompositeEnv(std::make_shared<NoOptionsFileSystem>(fs));
  db_options.env = impl->env.get();
  impl->work->set_env(impl->env.get());
  // RocksDB lists the directory before creating it (it used to be created
  // with the LOG file) and complains when it is missing.
  impl->env->CreateDirIfMissing(path).PermitUncheckedError();

  // Index and filter blocks live in the block cache, so memory stays
  // bounded whatever the data size, but in its high-priority pool so that a
  // stream of data blocks never evicts them. They are partitioned: a table
  // file's index and filter are split into blocks of about 4 KB, found
  // through a small top level that stays pinned while the file is open. A
  // whole index or filter block (hundreds of KB for a file of 30 MB) could
  // not stay in a cache shard of 512 KB: every read re-read and
  // decompressed it, and a read on a table of a million items cost 25
  // times one on a table of ten thousand.
  rocksdb::LRUCacheOptions cache_options;
  cache_options.capacity = options.block_cache_bytes;
  // Index and filter partitions may take up to three quarters of the
  // cache (data blocks and items use what they leave): a read that misses
  // its data block reads one block from the file, but one that misses its
  // index or filter partition reads two or three.
  cache_options.high_pri_pool_ratio = 0.75;
  // Fewer, larger shards than RocksDB's default (64 of 512 KB for 32 MB):
  // a shard is one LRU list, and a small one evicts a block that the
  // cache as a whole would keep.
  cache_options.num_shard_bits = 4;
  auto cache = rocksdb::NewLRUCache(cache_options);
  // Items read by key are cached too, in the same cache (so the same
  // budget): a hit costs one lookup instead of a filter, an index and a
  // data block search. ItemCache says why not RocksDB's row cache.
  impl->items = std::make_unique<ItemCache>(cache);
  // What a column family's table files are read for.
  enum class Reads { kRanges, kPartitions, kItemsAndPartitions };
  auto table_options = [&](Reads reads) {
    rocksdb::BlockBasedTableOptions t;
    t.block_cache = cache;
    if (reads != Reads::kRanges) {
      // A bloom filter per table file answers "absent" without touching a
      // data block: for a whole key (GetItem, and every write reads the
      // item it replaces) and for a partition (a Query), through the
      // column family's prefix extractor.
      t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
      t.partition_filters = true;
      t.optimize_filters_for_memory = true;
      t.whole_key_filtering = reads == Reads::kItemsAndPartitions;
    }
    if (reads == Reads::kPartitions) {
      // Index entries are read a partition at a time, and each holds its
      // item's projection (all of it, often): blocks of 16 KB hold a
      // typical GSI partition in one block where 4 KB split it over two or
      // three, and take a quarter of the index.
      t.block_size = 16 << 10;
    }
    if (reads == Reads::kItemsAndPartitions) {
      // A hash index in each data block finds a key without a binary
      // search.
      t.data_block_index_type =
          rocksdb::BlockBasedTableOptions::kDataBlockBinaryAndHash;
    }
    t.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
    t.metadata_block_size = 4096;
    t.cache_index_and_filter_blocks = true;
    t.cache_index_and_filter_blocks_with_high_priority = true;
    t.metadata_cache_options.top_level_index_pinning =
        rocksdb::PinningTier::kAll;
    t.metadata_cache_options.partition_pinning =
        rocksdb::PinningTier::kFlushedAndSimilar;
    t.metadata_cache_options.unpartitioned_pinning =
        rocksdb::PinningTier::kFlushedAndSimilar;
    return rocksdb::NewBlockBasedTableFactory(t);
  };
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (int i = 0; i < static_cast<int>(Cf::kCount); ++i) {
    const bool items = i == static_cast<int>(Cf::kItems);
    const bool bulk = items || i == static_cast<int>(Cf::kIndexes);
    rocksdb::ColumnFamilyOptions o;
    // The budget is shared; items and index entries take most of it.
    // Larger memtables only make each insert walk a deeper skip list.
    o.write_buffer_size = bulk ? std::min<size_t>(write_buffer / 4, 16 << 20)
                               : std::min<size_t>(write_buffer / 8, 4 << 20);
    // Room for memtables waiting to be written out while the next fills:
    // with RocksDB's two, a burst of writes stopped each time one flush
    // was slower than filling a memtable. The write buffer budget still
    // decides when memtables are written out.
    if (bulk) {
      o.max_write_buffer_number = 4;
      // Items and index entries are compacted as sorted runs of similar
      // sizes merged together (universal compaction) rather than level by
      // level: writes land at random keys all over a table, and leveled
      // compaction merged every few memtables into the whole last level,
      // rewriting the table for each 32 MB written. Measured on the seed's
      // data set at 1.24 million items: an UpdateItem cost 190 us of CPU,
      // compaction included, against 120 us; the bulk load took a fifth
      // less CPU; reads cost the same (each sorted run's filters skip it).
      // The price is space: up to twice the data's size while the oldest
      // run is merged.
      o.compaction_style = rocksdb::kCompactionStyleUniversal;
      // Eight runs before RocksDB merges rather than four: each entry is
      // merged fewer times on its way to the oldest run, for a filter
      // probe more per run that a read looks in until the writes stop (the
      // idle merge then leaves it one or two). Counted on the seed's 1.24
      // million items (GET /_dynarock/storage): loading them merged 6.5
      // million entries while it ran against 8.3 million; six rounds of
      // new orders (5 s each, idle between) 16.5 entries a request against
      // 21.3, with the idle merge's line below.
      o.level0_file_num_compaction_trigger = 8;
    }
    // Only the oldest run, which holds most of the data, is compressed
    // (LZ4, the cheapest to decompress): newer runs are merged again soon,
    // and compressing them would cost each write CPU that buys little
    // space. In memory, compression only costs CPU: every block read from
    // the in-memory Env is decompressed again.
    o.compression = rocksdb::kNoCompression;
    o.bottommost_compression =
        options.in_memory ? rocksdb::kNoCompression : rocksdb::kLZ4Compression;
    o.table_factory.reset(table_options(items  ? Reads::kItemsAndPartitions
                                        : bulk ? Reads::kPartitions
                                               : Reads::kRanges));
    if (bulk) {
      // The prefix of a key that names its partition (keys.h): the table
      // files' filters then also answer "no item of this partition here",
      // so a Query reads only the files that hold its partition.
      o.prefix_extractor.reset(
          rocksdb::NewFixedPrefixTransform(kKeyPrefixBytes));
    }
    if (items) {
      // A write reads the item first; most often it is not in the
      // memtable, which a bloom filter over the memtable's keys tells
      // without a walk down the skip list.
      o.memtable_prefix_bloom_size_ratio = 0.02;
      o.memtable_whole_key_filtering = true;
    }
    if (i == static_cast<int>(Cf::kMeta)) {
      o.merge_operator = std::make_shared<StatsAddOperator>();
    }
    cfs.emplace_back(kCfNames[i], o);
  }
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::Open(db_options, path, cfs, &impl->handles, &raw);
  if (!s.ok()) {
    // RocksDB has no code of its own for a directory another process holds:
    // its message names the LOCK file. Said here once, in plain words, so
    // that nobody above reads RocksDB's text.
    std::string msg = s.ToString();
    if (s.IsIOError() && msg.find("lock") != std::string::npos)
      msg = "it is in use by another process";
    return Status::Internal("cannot open " + DatabaseName(options) + ": " +
                            msg);
  }
  impl->db.reset(raw);
  impl->write_options.sync = options.sync && !options.in_memory;
  // In memory nothing survives the process, so a write-ahead log would
  // only be a copy of every write that nobody reads (and --sync has no
  // log to sync).
  impl->write_options.disableWAL = options.in_memory;
  impl->StartIdleFlusher();
  return std::unique_ptr<Storage>(new Storage(std::move(impl)));
}

namespace {
// Reads of the latest state, or of a snapshot's.
rocksdb::ReadOptions ReadAt(const Snapshot* snapshot) {
  rocksdb::ReadOptions ro;
  if (snapshot) ro.snapshot = static_cast<const SnapshotImpl*>(snapshot)->get();
  return ro;
}
}  // namespace

static_assert(sizeof(rocksdb::PinnableSlice) <= sizeof(PinnedValue) &&
              alignof(rocksdb::PinnableSlice) <= 16);

namespace {
rocksdb::PinnableSlice* Pinnable(unsigned char* rep) {
  return std::launder(reinterpret_cast<rocksdb::PinnableSlice*>(rep));
}
}  // namespace

PinnedValue::PinnedValue() { new (rep_) rocksdb::PinnableSlice(); }
PinnedValue::~PinnedValue() { Pinnable(rep_)->~PinnableSlice(); }
std::string_view PinnedValue::view() const {
  const rocksdb::PinnableSlice* p =
      std::launder(reinterpret_cast<const rocksdb::PinnableSlice*>(rep_));
  return {p->data(), p->size()};
}
void PinnedValue::Reset() { Pinnable(rep_)->Reset(); }

Status Storage::Get(Cf cf, std::string_view key, PinnedValue* value,
                    bool* found, const Snapshot* snapshot, Fill fill) const {
  rocksdb::PinnableSlice* slice = Pinnable(value->rep_);
  slice->Reset();
  // A snapshot read sees a past state, which the cache does not keep.
  const bool cached = cf == Cf::kItems && snapshot == nullptr;
  uint64_t generation = 0;
  if (cached) {
    if (impl_->items->Pin(key, slice)) {
      *found = true;
      return Status::OK();
    }
    generation = impl_->items->Generation(key);
  }
  const rocksdb::ReadOptions ro = ReadAt(snapshot);
  rocksdb::Status s = impl_->db->Get(ro, impl_->cf(cf), ToSlice(key), slice);
  if (s.IsNotFound()) {
    *found = false;
    return Status::OK();
  }
  *found = s.ok();
  if (s.ok() && cached && fill == Fill::kFill) {
    impl_->items->Fill(key, std::string_view(slice->data(), slice->size()),
                       generation);
  }
  return FromRocks(s, "get");
}

Status Storage::MultiGet(Cf cf, size_t n, const std::string_view* keys,
                         PinnedValue* values, bool* found,
                         const Snapshot* snapshot, Fill fill) const {
  const bool cached = cf == Cf::kItems && snapshot == nullptr;
  // The keys the item cache does not answer, read from RocksDB together.
  std::vector<size_t> misses;
  std::vector<rocksdb::Slice> miss_keys;
  std::vector<uint64_t> generations;
  misses.reserve(n);
  miss_keys.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    rocksdb::PinnableSlice* slice = Pinnable(values[i].rep_);
    slice->Reset();
    found[i] = false;
    if (cached) {
      if (impl_->items->Pin(keys[i], slice)) {
        found[i] = true;
        continue;
      }
      generations.push_back(impl_->items->Generation(keys[i]));
    }
    misses.push_back(i);
    miss_keys.push_back(ToSlice(keys[i]));
  }
  if (misses.empty()) return Status::OK();
  const rocksdb::ReadOptions ro = ReadAt(snapshot);
  std::vector<rocksdb::PinnableSlice> read(misses.size());
  std::vector<rocksdb::Status> statuses(misses.size());
  impl_->db->MultiGet(ro, impl_->cf(cf), misses.size(), miss_keys.data(),
                      read.data(), statuses.data());
  for (size_t m = 0; m < misses.size(); ++m) {
    const size_t i = misses[m];
    if (statuses[m].IsNotFound()) continue;
    DYNAROCK_RETURN_IF_ERROR(FromRocks(statuses[m], "get"));
    found[i] = true;
    if (cached && fill == Fill::kFill) {
      impl_->items->Fill(keys[i],
                         std::string_view(read[m].data(), read[m].size()),
                         generations[m]);
    }
    *Pinnable(values[i].rep_) = std::move(read[m]);
  }
  return Status::OK();
}

Status Storage::Get(Cf cf, std::string_view key, std::string* value,
                    bool* found, const Snapshot* snapshot, Fill fill) const {
  PinnedValue pinned;
  DYNAROCK_RETURN_IF_ERROR(Get(cf, key, &pinned, found, snapshot, fill));
  if (*found) {
    std::string_view v = pinned.view();
    value->assign(v.data(), v.size());
  }
  return Status::OK();
}

Status Storage::Write(WriteBatch* batch) {
  impl_->writes.fetch_add(1, std::memory_order_relaxed);
  WriteBatch::Rep& rep = *batch->rep();
  if (!rep.stream_records.empty()) {
    return Status::Internal("a write with stream records left unnumbered");
  }
  rep.StageStats();
  Status s =
      FromRocks(impl_->db->Write(impl_->write_options, &rep.batch), "write");
  // A failed write may or may not have reached the memtables: its items
  // leave the cache.
  for (auto& [key, item] : rep.items) {
    impl_->items->Update(key, s.ok() && item ? &*item : nullptr,
                         rep.only_cached_items);
  }
  rep.items.clear();
  return s;
}

std::unique_ptr<Snapshot> Storage::NewSnapshot() const {
  return std::make_unique<SnapshotImpl>(impl_->db.get());
}

std::unique_ptr<StorageIterator> Storage::NewIterator(
    Cf cf, std::string lower, std::string upper,
    const Snapshot* snapshot) const {
  const rocksdb::Snapshot* snap =
      snapshot ? static_cast<const SnapshotImpl*>(snapshot)->get() : nullptr;
  return std::make_unique<IteratorImpl>(
      impl_->db.get(), impl_->cf(cf), std::move(lower), std::move(upper), snap);
}

Status Storage::CompactAll() {
  for (auto* h : impl_->handles) {
    DYNAROCK_RETURN_IF_ERROR(
        FromRocks(impl_->db->Flush(rocksdb::FlushOptions(), h), "flush"));
    rocksdb::CompactRangeOptions o;
    DYNAROCK_RETURN_IF_ERROR(
        FromRocks(impl_->db->CompactRange(o, h, nullptr, nullptr), "compact"));
  }
  return Status::OK();
}

void Storage::FlushAndMergeSortedRuns() {
  impl_->FlushAll();
  impl_->MergeSortedRunsIfIdle();
}

namespace {
struct RunSize {
  uint64_t entries = 0, bytes = 0;
};
// A column family's sorted runs, newest first: each table file of level 0,
// then each deeper level that has files.
std::vector<RunSize> RunSizes(const rocksdb::ColumnFamilyMetaData& meta) {
  std::vector<RunSize> runs;
  for (const rocksdb::LevelMetaData& level : meta.levels) {
    if (level.files.empty()) continue;
    if (level.level == 0) {
      for (const rocksdb::SstFileMetaData& f : level.files) {
        runs.push_back({f.num_entries, f.size});
      }
      continue;
    }
    RunSize& run = runs.emplace_back();
    for (const rocksdb::SstFileMetaData& f : level.files) {
      run.entries += f.num_entries;
    }
    run.bytes = level.size;
  }
  return runs;
}
}  // namespace

std::vector<uint64_t> Storage::SortedRuns(Cf cf) const {
  rocksdb::ColumnFamilyMetaData meta;
  impl_->db->GetColumnFamilyMetaData(impl_->cf(cf), &meta);
  std::vector<uint64_t> bytes;
  for (const RunSize& run : RunSizes(meta)) bytes.push_back(run.bytes);
  return bytes;
}

StorageReport Storage::Describe() const {
  // The meta column family is RocksDB's default one.
  static const char* const kNames[] = {"meta", "catalog", "items", "indexes",
                                       "streams"};
  static_assert(std::size(kNames) == static_cast<size_t>(Cf::kCount));
  StorageReport report;
  report.writes = impl_->writes.load(std::memory_order_relaxed);
  for (int i = 0; i < static_cast<int>(Cf::kCount); ++i) {
    StorageReport::ColumnFamily& out = report.column_families.emplace_back();
    out.name = kNames[i];
    rocksdb::ColumnFamilyMetaData meta;
    impl_->db->GetColumnFamilyMetaData(impl_->cf(static_cast<Cf>(i)), &meta);
    for (const RunSize& run : RunSizes(meta)) {
      out.run_entries.push_back(run.entries);
      out.run_bytes.push_back(run.bytes);
    }
    const WorkCounter::Counts& c = impl_->work->counts(static_cast<Cf>(i));
    auto get = [](const std::atomic<uint64_t>& a) {
      return a.load(std::memory_order_relaxed);
    };
    out.flushes = get(c.flushes);
    out.flushed_entries = get(c.flushed_entries);
    out.flushed_bytes = get(c.flushed_bytes);
    out.merges = get(c.merges);
    out.merged_entries_read = get(c.merged_entries_read);
    out.merged_entries_written = get(c.merged_entries_written);
    out.merged_bytes_read = get(c.merged_bytes_read);
    out.merged_bytes_written = get(c.merged_bytes_written);
    out.merge_cpu_micros = get(c.merge_cpu_micros);
  }
  return report;
}

Status Storage::GetIndexStats(std::string_view table_key, uint64_t index_id,
                              std::string_view index_key, int64_t* count,
                              int64_t* bytes, const Snapshot* snapshot) const {
  const rocksdb::ReadOptions ro = ReadAt(snapshot);
  *count = *bytes = 0;
  std::string v;
  rocksdb::Status s =
      impl_->db->Get(ro, impl_->cf(Cf::kMeta), ToSlice(table_key), &v);
  if (s.ok()) {
    DecodeIndexStats(rocksdb::Slice(v), index_id, count, bytes);
  } else if (!s.IsNotFound()) {
    return FromRocks(s, "get");
  }
  s = impl_->db->Get(ro, impl_->cf(Cf::kMeta), ToSlice(index_key), &v);
  if (s.ok()) {
    int64_t c, b;
    DecodeStats(rocksdb::Slice(v), &c, &b);
    *count += c;
    *bytes += b;
  } else if (!s.IsNotFound()) {
    return FromRocks(s, "get");
  }
  return Status::OK();
}

void Storage::GetStats(std::string_view key, int64_t* count,
                       int64_t* bytes) const {
  std::string v;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(),
                                     impl_->cf(Cf::kMeta), ToSlice(key), &v);
  if (!s.ok()) {
    *count = *bytes = 0;
    return;
  }
  DecodeStats(rocksdb::Slice(v), count, bytes);
}

}  // namespace dynarock
