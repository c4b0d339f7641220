// EngineImpl: the Engine over Storage and Catalog. Internal to engine/.
//
// Thread safety: as Engine. Table changes serialize on the catalog's DDL
// mutex; item writes serialize per key on a striped lock table.
#ifndef DYNAROCK_ENGINE_ENGINE_IMPL_H_
#define DYNAROCK_ENGINE_ENGINE_IMPL_H_

#include <array>
#include <memory>
#include <mutex>

#include "engine/catalog.h"
#include "engine/engine.h"
#include "engine/storage.h"

namespace dynarock {

// Striped per-key locks: a read-modify-write of one item holds its stripe.
class LockTable {
 public:
  std::mutex& For(std::string_view encoded_key);

 private:
  static constexpr size_t kStripes = 1024;
  std::array<std::mutex, kStripes> stripes_;
};

class EngineImpl final : public Engine {
 public:
  explicit EngineImpl(std::unique_ptr<Storage> storage);
  Status Init();

  Result<CreateTableResponse> CreateTable(const RequestContext& ctx, const CreateTableRequest& req) override;
  Result<DescribeTableResponse> DescribeTable(const RequestContext& ctx, const DescribeTableRequest& req) override;
  Result<DeleteTableResponse> DeleteTable(const RequestContext& ctx, const DeleteTableRequest& req) override;
  Result<ListTablesResponse> ListTables(const RequestContext& ctx, const ListTablesRequest& req) override;
  Result<TagResourceResponse> TagResource(const RequestContext& ctx, const TagResourceRequest& req) override;
  Result<UntagResourceResponse> UntagResource(const RequestContext& ctx, const UntagResourceRequest& req) override;
  Result<ListTagsOfResourceResponse> ListTagsOfResource(const RequestContext& ctx, const ListTagsOfResourceRequest& req) override;
  Result<ContinuousBackupsResponse> UpdateContinuousBackups(const RequestContext& ctx, const UpdateContinuousBackupsRequest& req) override;
  Result<ContinuousBackupsResponse> DescribeContinuousBackups(const RequestContext& ctx, const DescribeContinuousBackupsRequest& req) override;
  Result<UpdateTimeToLiveResponse> UpdateTimeToLive(const RequestContext& ctx, const UpdateTimeToLiveRequest& req) override;
  Result<DescribeTimeToLiveResponse> DescribeTimeToLive(const RequestContext& ctx, const DescribeTimeToLiveRequest& req) override;

  Result<PutItemResponse> PutItem(const RequestContext& ctx, PutItemRequest req) override;
  Result<GetItemResponse> GetItem(const RequestContext& ctx, GetItemRequest req) override;
  Result<DeleteItemResponse> DeleteItem(const RequestContext& ctx, DeleteItemRequest req) override;

 private:
  // The table, or ResourceNotFoundException with `message`.
  Result<std::shared_ptr<const TableDef>> FindTable(std::string_view name, const std::string& message) const;
  // The table named by an ARN of this endpoint (tagging operations).
  Result<std::shared_ptr<const TableDef>> FindTableByArn(const RequestContext& ctx, std::string_view arn) const;
  TableDescription Describe(const RequestContext& ctx, const TableDef& def) const;
  // Writes a changed definition and publishes it (caller holds the DDL mutex).
  Status SaveTable(std::shared_ptr<TableDef> def);

  std::unique_ptr<Storage> storage_;
  Catalog catalog_;
  LockTable locks_;
};

// Seconds since the epoch, with a fraction.
double NowSeconds();
std::string TableArn(const RequestContext& ctx, std::string_view table_name);

}  // namespace dynarock

#endif  // DYNAROCK_ENGINE_ENGINE_IMPL_H_
