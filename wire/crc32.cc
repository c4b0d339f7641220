#include "wire/crc32.h"

#include <zlib.h>

#include <cstddef>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace dynarock {

uint32_t Crc32Portable(std::string_view data) {
  return static_cast<uint32_t>(
      crc32_z(0L, reinterpret_cast<const Bytef*>(data.data()), data.size()));
}

#if defined(__x86_64__)
namespace {

// Folding (Intel, "Fast CRC Computation for Generic Polynomials Using
// PCLMULQDQ Instruction", 2009): a 128-bit remainder x is carried forward
// over the next 16 bytes d as x.lo * (x^(n+32) mod P) ^ x.hi * (x^(n-32)
// mod P) ^ d, the constants bit-reflected like the CRC itself, for a
// distance n of 512 bits (four lanes in step) or 128 (one).
constexpr uint64_t kFold4Low = 0x154442bd4;   // x^(4*128+32) mod P
constexpr uint64_t kFold4High = 0x1c6e41596;  // x^(4*128-32) mod P
constexpr uint64_t kFold1Low = 0x1751997d0;   // x^(128+32) mod P
constexpr uint64_t kFold1High = 0x0ccaa009e;  // x^(128-32) mod P

__attribute__((target("pclmul,sse2"))) inline __m128i Fold(__m128i x, __m128i d,
                                                           __m128i k) {
  const __m128i lo = _mm_clmulepi64_si128(x, k, 0x00);
  const __m128i hi = _mm_clmulepi64_si128(x, k, 0x11);
  return _mm_xor_si128(_mm_xor_si128(lo, hi), d);
}

__attribute__((target("pclmul,sse2"))) inline __m128i Load(const char* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// n >= 64. The remainder left after folding is congruent to everything
// folded, so the table-driven CRC of its sixteen bytes and then the tail,
// started from a zero register (zlib's argument is the complement of its
// register), finishes the job without a Barrett reduction.
__attribute__((target("pclmul,sse2"))) uint32_t FoldedCrc32(const char* p,
                                                            size_t n) {
  const __m128i k4 = _mm_set_epi64x(static_cast<long long>(kFold4High),
                                    static_cast<long long>(kFold4Low));
  const __m128i k1 = _mm_set_epi64x(static_cast<long long>(kFold1High),
                                    static_cast<long long>(kFold1Low));
  // CRC-32 starts from an all-ones register: the first four bytes
  // complemented.
  __m128i x0 = _mm_xor_si128(Load(p), _mm_cvtsi32_si128(-1));
  __m128i x1 = Load(p + 16);
  __m128i x2 = Load(p + 32);
  __m128i x3 = Load(p + 48);
  p += 64;
  n -= 64;
  while (n >= 64) {
    x0 = Fold(x0, Load(p), k4);
    x1 = Fold(x1, Load(p + 16), k4);
    x2 = Fold(x2, Load(p + 32), k4);
    x3 = Fold(x3, Load(p + 48), k4);
    p += 64;
    n -= 64;
  }
  __m128i x = Fold(x0, x1, k1);
  x = Fold(x, x2, k1);
  x = Fold(x, x3, k1);
  while (n >= 16) {
    x = Fold(x, Load(p), k1);
    p += 16;
    n -= 16;
  }
  alignas(16) unsigned char rest[16];
  _mm_store_si128(reinterpret_cast<__m128i*>(rest), x);
  const uLong crc = crc32_z(0xffffffffUL, rest, sizeof rest);
  return static_cast<uint32_t>(
      crc32_z(crc, reinterpret_cast<const Bytef*>(p), n));
}

bool HasCarrylessMultiply() {
  static const bool has = __builtin_cpu_supports("pclmul");
  return has;
}

}  // namespace

uint32_t Crc32(std::string_view data) {
  if (data.size() >= 64 && HasCarrylessMultiply())
    return FoldedCrc32(data.data(), data.size());
  return Crc32Portable(data);
}

#else

uint32_t Crc32(std::string_view data) { return Crc32Portable(data); }

#endif

}  // namespace dynarock
