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
constexpr uint64_t kFold4Low = 0x154442bd4;    // x^(4*128+32) mod P
constexpr uint64_t kFold4High = 0x1c6e41596;   // x^(4*128-32) mod P
constexpr uint64_t kFold1Low = 0x1751997d0;    // x^(128+32) mod P
constexpr uint64_t kFold1High = 0x0ccaa009e;   // x^(128-32) mod P
constexpr uint64_t kFold16Low = 0x11542778a;   // x^(16*128+32) mod P
constexpr uint64_t kFold16High = 0x1322d1430;  // x^(16*128-32) mod P

__attribute__((target("pclmul,sse2"))) inline __m128i Fold(__m128i x, __m128i d,
                                                           __m128i k) {
  const __m128i lo = _mm_clmulepi64_si128(x, k, 0x00);
  const __m128i hi = _mm_clmulepi64_si128(x, k, 0x11);
  return _mm_xor_si128(_mm_xor_si128(lo, hi), d);
}

// A fold's two constants, the low one multiplying a lane's low half.
__attribute__((target("sse2"))) inline __m128i Constants(uint64_t low,
                                                         uint64_t high) {
  return _mm_set_epi64x(static_cast<long long>(high),
                        static_cast<long long>(low));
}

__attribute__((target("pclmul,sse2"))) inline __m128i Load(const char* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// The last of the folding: the remainder x carried over the whole 16-byte
// blocks left at p, then, as it is congruent to everything folded, the
// table-driven CRC of its sixteen bytes and of the last n % 16, started from
// a zero register (zlib's argument is the complement of its register),
// finishes the job without a Barrett reduction.
__attribute__((target("pclmul,sse2"))) uint32_t FoldTail(__m128i x,
                                                         const char* p,
                                                         size_t n) {
  const __m128i k1 = Constants(kFold1Low, kFold1High);
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

// n >= 64: four 128-bit lanes in step, 64 bytes a round.
__attribute__((target("pclmul,sse2"))) uint32_t FoldedCrc32(const char* p,
                                                            size_t n) {
  const __m128i k4 = Constants(kFold4Low, kFold4High);
  const __m128i k1 = Constants(kFold1Low, kFold1High);
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
  return FoldTail(x, p, n);
}

// Fold on 512-bit registers: four 128-bit lanes to an instruction.
__attribute__((target("avx512f,vpclmulqdq,pclmul,sse2"))) inline __m512i
Fold512(__m512i x, __m512i d, __m512i k) {
  const __m512i lo = _mm512_clmulepi64_epi128(x, k, 0x00);
  const __m512i hi = _mm512_clmulepi64_epi128(x, k, 0x11);
  // lo ^ hi ^ d in one instruction (truth table 0x96: three-way xor).
  return _mm512_ternarylogic_epi64(lo, hi, d, 0x96);
}

__attribute__((target("avx512f"))) inline __m512i Load512(const char* p) {
  return _mm512_loadu_si512(p);
}

// The constants of a fold in each 128-bit lane.
__attribute__((target("avx512f"))) inline __m512i Lanes(uint64_t low,
                                                        uint64_t high) {
  const auto h = static_cast<long long>(high);
  const auto l = static_cast<long long>(low);
  return _mm512_set_epi64(h, l, h, l, h, l, h, l);
}

// The same folding with VPCLMULQDQ: sixteen lanes in step, 256 bytes a
// round, where one lane's multiply waits for the last. n >= 256. The four
// registers are folded into one, its four lanes into one, and FoldTail
// finishes.
__attribute__((target("avx512f,vpclmulqdq,pclmul,sse2"))) uint32_t
WideFoldedCrc32(const char* p, size_t n) {
  const __m512i k16 = Lanes(kFold16Low, kFold16High);
  const __m512i k4 = Lanes(kFold4Low, kFold4High);
  __m512i z0 = _mm512_xor_si512(Load512(p),
                                _mm512_zextsi128_si512(_mm_cvtsi32_si128(-1)));
  __m512i z1 = Load512(p + 64);
  __m512i z2 = Load512(p + 128);
  __m512i z3 = Load512(p + 192);
  p += 256;
  n -= 256;
  while (n >= 256) {
    z0 = Fold512(z0, Load512(p), k16);
    z1 = Fold512(z1, Load512(p + 64), k16);
    z2 = Fold512(z2, Load512(p + 128), k16);
    z3 = Fold512(z3, Load512(p + 192), k16);
    p += 256;
    n -= 256;
  }
  __m512i z = Fold512(z0, z1, k4);
  z = Fold512(z, z2, k4);
  z = Fold512(z, z3, k4);
  while (n >= 64) {
    z = Fold512(z, Load512(p), k4);
    p += 64;
    n -= 64;
  }
  const __m128i k1 = Constants(kFold1Low, kFold1High);
  alignas(64) char wide[64];
  _mm512_store_si512(wide, z);
  __m128i x = Fold(Load(wide), Load(wide + 16), k1);
  x = Fold(x, Load(wide + 32), k1);
  x = Fold(x, Load(wide + 48), k1);
  return FoldTail(x, p, n);
}

bool HasCarrylessMultiply() {
  static const bool has = __builtin_cpu_supports("pclmul");
  return has;
}

bool HasWideCarrylessMultiply() {
  static const bool has =
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("vpclmulqdq");
  return has;
}

}  // namespace

uint32_t Crc32(std::string_view data) {
  if (data.size() >= 256 && HasWideCarrylessMultiply())
    return WideFoldedCrc32(data.data(), data.size());
  if (data.size() >= 64 && HasCarrylessMultiply())
    return FoldedCrc32(data.data(), data.size());
  return Crc32Portable(data);
}

#else

uint32_t Crc32(std::string_view data) { return Crc32Portable(data); }

#endif

}  // namespace dynarock
