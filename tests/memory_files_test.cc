// The in-memory database's table files (engine/storage/memory_files.h),
// through RocksDB's file-system interface.
#include "engine/storage/memory_files.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

namespace dynarock {
namespace {

using rocksdb::FileOptions;
using rocksdb::IOOptions;
using rocksdb::Slice;

class MemoryFilesTest : public testing::Test {
 protected:
  MemoryFilesTest()
      : env_(rocksdb::NewMemEnv(rocksdb::Env::Default())),
        fs_(NewMemoryTableFileSystem(env_->GetFileSystem())) {
    EXPECT_TRUE(fs_->CreateDirIfMissing("/db", io_, nullptr).ok());
  }

  void WriteFile(const std::string& path, const std::string& bytes,
                 size_t piece) {
    std::unique_ptr<rocksdb::FSWritableFile> w;
    ASSERT_TRUE(fs_->NewWritableFile(path, FileOptions(), &w, nullptr).ok());
    for (size_t at = 0; at < bytes.size(); at += piece) {
      ASSERT_TRUE(w->Append(Slice(bytes.data() + at,
                                  std::min(piece, bytes.size() - at)),
                            io_, nullptr)
                      .ok());
    }
    ASSERT_TRUE(w->Close(io_, nullptr).ok());
  }

  std::vector<std::string> Children() {
    std::vector<std::string> names;
    EXPECT_TRUE(fs_->GetChildren("/db", io_, &names, nullptr).ok());
    std::sort(names.begin(), names.end());
    return names;
  }

  IOOptions io_;
  std::unique_ptr<rocksdb::Env> env_;
  std::shared_ptr<rocksdb::FileSystem> fs_;
};

TEST_F(MemoryFilesTest, TableFilesGrowInPlaceAndReadBack) {
  // Three and a half megabytes in uneven pieces: the file's writable pages
  // are extended several times.
  std::string bytes(3'500'000, '\0');
  for (size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<char>(i * 2654435761u >> 13);
  WriteFile("/db/000007.sst", bytes, 7777);

  uint64_t size = 0;
  ASSERT_TRUE(fs_->GetFileSize("/db/000007.sst", io_, &size, nullptr).ok());
  EXPECT_EQ(size, bytes.size());

  std::unique_ptr<rocksdb::FSRandomAccessFile> r;
  ASSERT_TRUE(
      fs_->NewRandomAccessFile("/db/000007.sst", FileOptions(), &r, nullptr)
          .ok());
  std::string scratch(70000, '\0');
  for (uint64_t offset : {0ul, 1ul, 1048575ul, 1048576ul, 3'499'999ul}) {
    Slice got;
    ASSERT_TRUE(
        r->Read(offset, 70000, io_, &got, scratch.data(), nullptr).ok());
    EXPECT_EQ(got.ToString(),
              bytes.substr(offset, std::min<uint64_t>(70000, size - offset)))
        << offset;
  }
  Slice got;
  EXPECT_TRUE(r->Read(size, 10, io_, &got, scratch.data(), nullptr).ok());
  EXPECT_EQ(got.size(), 0u);
  EXPECT_TRUE(
      r->Read(size + 1, 10, io_, &got, scratch.data(), nullptr).IsIOError());

  std::unique_ptr<rocksdb::FSSequentialFile> s;
  ASSERT_TRUE(
      fs_->NewSequentialFile("/db/000007.sst", FileOptions(), &s, nullptr)
          .ok());
  ASSERT_TRUE(s->Skip(1'000'000).ok());
  ASSERT_TRUE(s->Read(10, io_, &got, scratch.data(), nullptr).ok());
  EXPECT_EQ(got.ToString(), bytes.substr(1'000'000, 10));
}

// Table files and the others (kept by the base file system) are listed,
// renamed and deleted as one directory.
TEST_F(MemoryFilesTest, OneDirectoryWithTheBaseFileSystemsFiles) {
  WriteFile("/db/CURRENT", "MANIFEST-000001\n", 100);
  WriteFile("/db/000009.sst", "table", 100);
  EXPECT_EQ(Children(), (std::vector<std::string>{"000009.sst", "CURRENT"}));

  std::vector<rocksdb::FileAttributes> attributes;
  ASSERT_TRUE(
      fs_->GetChildrenFileAttributes("/db", io_, &attributes, nullptr).ok());
  std::sort(attributes.begin(), attributes.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  ASSERT_EQ(attributes.size(), 2u);
  EXPECT_EQ(attributes[0].name, "000009.sst");
  EXPECT_EQ(attributes[0].size_bytes, 5u);
  EXPECT_EQ(attributes[1].size_bytes, 16u);

  ASSERT_TRUE(
      fs_->RenameFile("/db/000009.sst", "/db/000010.sst", io_, nullptr).ok());
  EXPECT_TRUE(fs_->FileExists("/db/000009.sst", io_, nullptr).IsNotFound());
  EXPECT_TRUE(fs_->FileExists("/db/000010.sst", io_, nullptr).ok());
  EXPECT_EQ(Children(), (std::vector<std::string>{"000010.sst", "CURRENT"}));

  // A reader keeps a deleted file's bytes until it is done.
  std::unique_ptr<rocksdb::FSRandomAccessFile> r;
  ASSERT_TRUE(
      fs_->NewRandomAccessFile("/db/000010.sst", FileOptions(), &r, nullptr)
          .ok());
  ASSERT_TRUE(fs_->DeleteFile("/db/000010.sst", io_, nullptr).ok());
  EXPECT_TRUE(fs_->FileExists("/db/000010.sst", io_, nullptr).IsNotFound());
  EXPECT_FALSE(fs_->DeleteFile("/db/000010.sst", io_, nullptr).ok());
  EXPECT_EQ(Children(), (std::vector<std::string>{"CURRENT"}));
  char scratch[8];
  Slice got;
  ASSERT_TRUE(r->Read(0, 8, io_, &got, scratch, nullptr).ok());
  EXPECT_EQ(got.ToString(), "table");

  std::unique_ptr<rocksdb::FSRandomAccessFile> missing;
  EXPECT_TRUE(fs_->NewRandomAccessFile("/db/000011.sst", FileOptions(),
                                       &missing, nullptr)
                  .IsPathNotFound());
}

}  // namespace
}  // namespace dynarock
