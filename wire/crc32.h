// CRC-32 (ISO-HDLC, zlib's crc32()) of a response body, for the service's
// x-amz-crc32 header: folded with carry-less multiplication where the
// processor has it (on 512-bit registers, 256 bytes a round, where it has
// VPCLMULQDQ; sixteen bytes to a lane otherwise), zlib's tables elsewhere.
#ifndef DYNAROCK_WIRE_CRC32_H_
#define DYNAROCK_WIRE_CRC32_H_

#include <cstdint>
#include <string_view>

namespace dynarock {

// crc32(0, data, size) as zlib computes it.
uint32_t Crc32(std::string_view data);

// zlib's table-driven computation alone, for tests and benchmarks to
// compare with.
uint32_t Crc32Portable(std::string_view data);

}  // namespace dynarock

#endif  // DYNAROCK_WIRE_CRC32_H_
