#include "engine/storage/memory_files.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <ctime>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dynarock {
namespace {

using rocksdb::FileOptions;
using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

bool IsTableFile(std::string_view path) {
  return path.size() > 4 && path.substr(path.size() - 4) == ".sst";
}

// "dir/" for "dir" or "dir/": what the paths of the files in it start with.
std::string DirectoryPrefix(const std::string& dir) {
  return dir.empty() || dir.back() != '/' ? dir + '/' : dir;
}

// Pages are made writable this many bytes at a time as a file grows.
constexpr size_t kCommitStep = 1 << 20;

// One table file: its bytes at the start of a reserved region.
class MemoryFile {
 public:
  MemoryFile() : modified_(time(nullptr)) {
    static const size_t reserve = [] {
      const long pages = sysconf(_SC_PHYS_PAGES);
      const long page = sysconf(_SC_PAGESIZE);
      const size_t bytes = pages > 0 && page > 0 ? static_cast<size_t>(pages) *
                                                       static_cast<size_t>(page)
                                                 : size_t{64} << 30;
      return (bytes + kCommitStep - 1) / kCommitStep * kCommitStep;
    }();
    // Under a limit on address space (ulimit -v), as much as it allows:
    // halved until the reservation succeeds, down to 16 MB.
    for (size_t size = reserve; size >= (size_t{16} << 20); size /= 2) {
      void* p = mmap(nullptr, size, PROT_NONE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (p != MAP_FAILED) {
        base_ = static_cast<char*>(p);
        reserved_ = size;
        break;
      }
    }
  }
  ~MemoryFile() {
    if (base_) munmap(base_, reserved_);
  }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  uint64_t size() const { return size_.load(std::memory_order_acquire); }
  time_t modified() const { return modified_.load(std::memory_order_relaxed); }

  // One writer appends; readers read what it has finished.
  IOStatus Append(const Slice& data) {
    const size_t at = size_.load(std::memory_order_relaxed);
    if (!base_ || data.size() > reserved_ - at) {
      return IOStatus::NoSpace("in-memory table file too large");
    }
    if (at + data.size() > committed_) {
      const size_t want =
          std::min(reserved_, (at + data.size() + kCommitStep - 1) /
                                  kCommitStep * kCommitStep);
      if (mprotect(base_ + committed_, want - committed_,
                   PROT_READ | PROT_WRITE) != 0) {
        return IOStatus::NoSpace("out of memory for an in-memory table file");
      }
      committed_ = want;
    }
    std::memcpy(base_ + at, data.data(), data.size());
    size_.store(at + data.size(), std::memory_order_release);
    modified_.store(time(nullptr), std::memory_order_relaxed);
    return IOStatus::OK();
  }

  void Truncate(uint64_t size) {
    if (size < this->size()) size_.store(size, std::memory_order_release);
  }

  // Copies up to n bytes at offset into scratch.
  IOStatus Read(uint64_t offset, size_t n, Slice* result, char* scratch) const {
    const uint64_t end = size();
    if (offset > end) {
      *result = Slice();
      return IOStatus::IOError("read past the end of an in-memory table file");
    }
    n = static_cast<size_t>(std::min<uint64_t>(n, end - offset));
    if (n > 0) std::memcpy(scratch, base_ + offset, n);
    *result = Slice(scratch, n);
    return IOStatus::OK();
  }

 private:
  char* base_ = nullptr;
  size_t reserved_ = 0;
  size_t committed_ = 0;  // the writer's
  std::atomic<uint64_t> size_{0};
  std::atomic<time_t> modified_;
};

class Writer : public rocksdb::FSWritableFile {
 public:
  explicit Writer(std::shared_ptr<MemoryFile> f) : f_(std::move(f)) {}
  IOStatus Append(const Slice& data, const IOOptions&,
                  IODebugContext*) override {
    return f_->Append(data);
  }
  IOStatus Truncate(uint64_t size, const IOOptions&, IODebugContext*) override {
    f_->Truncate(size);
    return IOStatus::OK();
  }
  IOStatus Close(const IOOptions&, IODebugContext*) override {
    return IOStatus::OK();
  }
  IOStatus Flush(const IOOptions&, IODebugContext*) override {
    return IOStatus::OK();
  }
  IOStatus Sync(const IOOptions&, IODebugContext*) override {
    return IOStatus::OK();
  }
  uint64_t GetFileSize(const IOOptions&, IODebugContext*) override {
    return f_->size();
  }

 private:
  std::shared_ptr<MemoryFile> f_;
};

class RandomReader : public rocksdb::FSRandomAccessFile {
 public:
  explicit RandomReader(std::shared_ptr<MemoryFile> f) : f_(std::move(f)) {}
  IOStatus Read(uint64_t offset, size_t n, const IOOptions&, Slice* result,
                char* scratch, IODebugContext*) const override {
    return f_->Read(offset, n, result, scratch);
  }

 private:
  std::shared_ptr<MemoryFile> f_;
};

class SequentialReader : public rocksdb::FSSequentialFile {
 public:
  explicit SequentialReader(std::shared_ptr<MemoryFile> f) : f_(std::move(f)) {}
  IOStatus Read(size_t n, const IOOptions&, Slice* result, char* scratch,
                IODebugContext*) override {
    IOStatus s = f_->Read(at_, n, result, scratch);
    at_ += result->size();
    return s;
  }
  IOStatus Skip(uint64_t n) override {
    at_ = std::min(at_ + n, f_->size());
    return IOStatus::OK();
  }

 private:
  std::shared_ptr<MemoryFile> f_;
  uint64_t at_ = 0;
};

class MemoryTableFileSystem : public rocksdb::FileSystemWrapper {
 public:
  using rocksdb::FileSystemWrapper::FileSystemWrapper;
  static const char* kClassName() { return "dynarock.MemoryTableFileSystem"; }
  const char* Name() const override { return kClassName(); }

  IOStatus NewWritableFile(const std::string& path, const FileOptions& o,
                           std::unique_ptr<rocksdb::FSWritableFile>* r,
                           IODebugContext* dbg) override {
    if (!IsTableFile(path)) return target()->NewWritableFile(path, o, r, dbg);
    auto f = std::make_shared<MemoryFile>();
    std::lock_guard lock(mu_);
    files_[path] = f;
    *r = std::make_unique<Writer>(std::move(f));
    return IOStatus::OK();
  }

  IOStatus NewRandomAccessFile(const std::string& path, const FileOptions& o,
                               std::unique_ptr<rocksdb::FSRandomAccessFile>* r,
                               IODebugContext* dbg) override {
    if (!IsTableFile(path))
      return target()->NewRandomAccessFile(path, o, r, dbg);
    auto f = Find(path);
    if (!f) return NotFound(path);
    *r = std::make_unique<RandomReader>(std::move(f));
    return IOStatus::OK();
  }

  IOStatus NewSequentialFile(const std::string& path, const FileOptions& o,
                             std::unique_ptr<rocksdb::FSSequentialFile>* r,
                             IODebugContext* dbg) override {
    if (!IsTableFile(path)) return target()->NewSequentialFile(path, o, r, dbg);
    auto f = Find(path);
    if (!f) return NotFound(path);
    *r = std::make_unique<SequentialReader>(std::move(f));
    return IOStatus::OK();
  }

  IOStatus ReopenWritableFile(const std::string& path, const FileOptions& o,
                              std::unique_ptr<rocksdb::FSWritableFile>* r,
                              IODebugContext* dbg) override {
    if (!IsTableFile(path))
      return target()->ReopenWritableFile(path, o, r, dbg);
    auto f = Find(path);
    if (!f) return NewWritableFile(path, o, r, dbg);
    *r = std::make_unique<Writer>(std::move(f));
    return IOStatus::OK();
  }

  IOStatus FileExists(const std::string& path, const IOOptions& o,
                      IODebugContext* dbg) override {
    if (!IsTableFile(path)) return target()->FileExists(path, o, dbg);
    return Find(path) ? IOStatus::OK() : IOStatus::NotFound();
  }

  IOStatus GetFileSize(const std::string& path, const IOOptions& o,
                       uint64_t* size, IODebugContext* dbg) override {
    if (!IsTableFile(path)) return target()->GetFileSize(path, o, size, dbg);
    auto f = Find(path);
    if (!f) return NotFound(path);
    *size = f->size();
    return IOStatus::OK();
  }

  IOStatus GetFileModificationTime(const std::string& path, const IOOptions& o,
                                   uint64_t* time,
                                   IODebugContext* dbg) override {
    if (!IsTableFile(path))
      return target()->GetFileModificationTime(path, o, time, dbg);
    auto f = Find(path);
    if (!f) return NotFound(path);
    *time = static_cast<uint64_t>(f->modified());
    return IOStatus::OK();
  }

  IOStatus NumFileLinks(const std::string& path, const IOOptions& o,
                        uint64_t* count, IODebugContext* dbg) override {
    if (!IsTableFile(path)) return target()->NumFileLinks(path, o, count, dbg);
    if (!Find(path)) return NotFound(path);
    *count = 1;
    return IOStatus::OK();
  }

  IOStatus DeleteFile(const std::string& path, const IOOptions& o,
                      IODebugContext* dbg) override {
    if (!IsTableFile(path)) return target()->DeleteFile(path, o, dbg);
    std::lock_guard lock(mu_);
    return files_.erase(path) ? IOStatus::OK() : NotFound(path);
  }

  IOStatus RenameFile(const std::string& from, const std::string& to,
                      const IOOptions& o, IODebugContext* dbg) override {
    if (!IsTableFile(from) && !IsTableFile(to))
      return target()->RenameFile(from, to, o, dbg);
    if (!IsTableFile(from) || !IsTableFile(to)) {
      return IOStatus::NotSupported(
          "renaming between table files and other files in memory");
    }
    std::lock_guard lock(mu_);
    auto it = files_.find(from);
    if (it == files_.end()) return NotFound(from);
    auto f = std::move(it->second);
    files_.erase(it);
    files_[to] = std::move(f);
    return IOStatus::OK();
  }

  IOStatus LinkFile(const std::string& from, const std::string& to,
                    const IOOptions& o, IODebugContext* dbg) override {
    if (!IsTableFile(from) && !IsTableFile(to))
      return target()->LinkFile(from, to, o, dbg);
    return IOStatus::NotSupported("links to in-memory table files");
  }

  IOStatus GetChildren(const std::string& dir, const IOOptions& o,
                       std::vector<std::string>* names,
                       IODebugContext* dbg) override {
    IOStatus s = target()->GetChildren(dir, o, names, dbg);
    if (!s.ok() && !s.IsNotFound()) return s;
    const size_t before = names->size();
    const std::string prefix = DirectoryPrefix(dir);
    std::lock_guard lock(mu_);
    for (const auto& [path, f] : files_) {
      if (path.size() > prefix.size() &&
          path.compare(0, prefix.size(), prefix) == 0 &&
          path.find('/', prefix.size()) == std::string::npos) {
        names->push_back(path.substr(prefix.size()));
      }
    }
    return s.ok() || names->size() > before ? IOStatus::OK() : s;
  }

  IOStatus GetChildrenFileAttributes(
      const std::string& dir, const IOOptions& o,
      std::vector<rocksdb::FileAttributes>* result,
      IODebugContext* dbg) override {
    std::vector<std::string> names;
    IOStatus s = GetChildren(dir, o, &names, dbg);
    if (!s.ok()) return s;
    result->clear();
    const std::string prefix = DirectoryPrefix(dir);
    for (const std::string& name : names) {
      uint64_t size = 0;
      // A file deleted since the listing is left out, as RocksDB's own
      // implementation does.
      if (GetFileSize(prefix + name, o, &size, dbg).ok())
        result->push_back({name, size});
    }
    return IOStatus::OK();
  }

 private:
  std::shared_ptr<MemoryFile> Find(const std::string& path) {
    std::lock_guard lock(mu_);
    auto it = files_.find(path);
    return it == files_.end() ? nullptr : it->second;
  }

  static IOStatus NotFound(const std::string& path) {
    return IOStatus::PathNotFound(path + ": no such in-memory table file");
  }

  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<MemoryFile>> files_;
};

}  // namespace

std::shared_ptr<rocksdb::FileSystem> NewMemoryTableFileSystem(
    std::shared_ptr<rocksdb::FileSystem> base) {
  return std::make_shared<MemoryTableFileSystem>(std::move(base));
}

}  // namespace dynarock
