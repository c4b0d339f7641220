// Table files of an in-memory database. Internal to engine/storage.
#ifndef DYNAROCK_ENGINE_STORAGE_MEMORY_FILES_H_
#define DYNAROCK_ENGINE_STORAGE_MEMORY_FILES_H_

#include <memory>

#include <rocksdb/file_system.h>

namespace dynarock {

// A file system that keeps table files (*.sst) in memory of its own and
// passes every other file to `base` (RocksDB's in-memory one: the
// manifest and CURRENT are small).
//
// RocksDB's in-memory files are strings that double as they grow: writing
// a file copied it over again at each doubling and left up to half of the
// last allocation unused, and a deleted file's memory went back to the
// allocator, which kept it. Here each table file has a region of address
// space reserved when it is created, as large as the machine's memory, of
// which only the written pages ever take memory: a file grows in place,
// and deleting it gives its pages straight back to the system.
std::shared_ptr<rocksdb::FileSystem> NewMemoryTableFileSystem(
    std::shared_ptr<rocksdb::FileSystem> base);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_STORAGE_MEMORY_FILES_H_
