// SPDX-License-Identifier: MIT
// The few vector operations of the batch kernels (detail/batch_kernels.ipp), for three
// instruction sets chosen at run time: AVX-512, AVX2 + FMA, and portable scalar code. The
// library is built for the baseline instruction set (a wheel or a distribution package runs on
// every x86-64), so wide vectors come from functions compiled for a target inside
// `#pragma GCC target` regions and picked once by CPU detection, not from -march flags.
//
// Every operation a kernel uses gives the same bits in all three: multiply-adds are explicit
// fused multiply-adds (std::fma in the scalar code, see TIJIAN_SCALAR_FMA), every sum runs in
// the same order, and no product feeds a sum outside an fma (so a compiler's own contraction
// changes nothing), so scores and draws do not depend on the machine's vector width.
//
// TIJIAN_SIMD=scalar|avx2|avx512 in the environment caps the level (testing, comparisons);
// defining TIJIAN_NO_SIMD_DISPATCH compiles the portable code alone (what other compilers and
// processors get).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(TIJIAN_NO_SIMD_DISPATCH)
#define TIJIAN_X86_DISPATCH 1
#include <immintrin.h>
#else
#define TIJIAN_X86_DISPATCH 0
#endif

// Whether the portable code's multiply-adds are fused (std::fma). Everywhere but on x86 builds
// without the run-time dispatch and without -mfma (clang, MSVC by default): there std::fma is a
// library call, a software emulation on MSVC, dozens of times slower than the product it
// replaces, so those builds multiply and add (the same results to the last bit or two; the
// same bits for any thread count, not the same bits as the fused builds).
#if (defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86)) && \
    !TIJIAN_X86_DISPATCH && !defined(__FMA__)
#define TIJIAN_SCALAR_FMA 0
#else
#define TIJIAN_SCALAR_FMA 1
#endif

namespace tijian::detail::simd {

enum class level { scalar = 0, avx2 = 1, avx512 = 2 };

[[nodiscard]] inline const char* to_string(level l) noexcept {
  switch (l) {
    case level::scalar: return "scalar";
    case level::avx2: return "avx2";
    case level::avx512: return "avx512";
  }
  return "?";
}

/// The widest level this CPU runs.
[[nodiscard]] inline level supported() noexcept {
#if TIJIAN_X86_DISPATCH
  static const level l = [] {
    __builtin_cpu_init();
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
                      __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt");
    const bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
    return avx512 ? level::avx512 : avx2 ? level::avx2 : level::scalar;
  }();
  return l;
#else
  return level::scalar;
#endif
}

/// The level the kernels use: supported(), capped by TIJIAN_SIMD (read once).
[[nodiscard]] inline level active() noexcept {
  static const level l = [] {
    const level best = supported();
    const char* env = std::getenv("TIJIAN_SIMD");
    if (!env) return best;
    const std::string_view v(env);
    const level want = v == "scalar" ? level::scalar : v == "avx2" ? level::avx2 : best;
    return static_cast<int>(want) < static_cast<int>(best) ? want : best;
  }();
  return l;
}

/// Whether scalar_ops's multiply-adds are fused and fast: not where TIJIAN_SCALAR_FMA is off,
/// nor on a processor without FMA (std::fma would be emulated in software), where the
/// kernels take unfused_scalar_ops instead.
[[nodiscard]] inline bool scalar_fused() noexcept {
#if TIJIAN_X86_DISPATCH
  static const bool fma = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("fma") != 0;
  }();
  return fma;
#else
  return TIJIAN_SCALAR_FMA != 0;
#endif
}

/// Scalar lanes: the reference every vector level reproduces bit for bit.
struct scalar_ops {
  static constexpr int lanes = 1;
  using vd = double;         // lanes of doubles
  using vu = std::uint64_t;  // lanes of 64-bit integers

  static vd zero() noexcept { return 0.0; }
  static vd set1(double x) noexcept { return x; }
  static vd load(const double* p) noexcept { return *p; }
  static void store(double* p, vd v) noexcept { *p = v; }
  static void store_partial(double* p, vd v, std::size_t count) noexcept {  // the first count lanes
    if (count) *p = v;
  }
  static vd add(vd a, vd b) noexcept { return a + b; }
  static vd sub(vd a, vd b) noexcept { return a - b; }
  static vd mul(vd a, vd b) noexcept { return a * b; }
  static vd div(vd a, vd b) noexcept { return a / b; }
  static vd fma(vd a, vd b, vd c) noexcept {
#if TIJIAN_SCALAR_FMA
    return std::fma(a, b, c);
#else
    return a * b + c;
#endif
  }
  static vd min(vd a, vd b) noexcept { return b < a ? b : a; }
  static vd select_gt(vd a, vd b, vd yes, vd no) noexcept { return a > b ? yes : no; }
  // min / max for a range of finite values only (which zero of -0, +0 comes out may differ
  // between levels; callers use the range, in which both are the same)
  static vd range_min(vd a, vd b) noexcept { return std::min(a, b); }
  static vd range_max(vd a, vd b) noexcept { return std::max(a, b); }
  static void store_lanes(double* p, vd v) noexcept { *p = v; }

  static vu u_set1(std::uint64_t x) noexcept { return x; }
  static vu u_load(const std::uint64_t* p) noexcept { return *p; }
  static vu u_xor(vu a, vu b) noexcept { return a ^ b; }
  static vu u_or(vu a, vu b) noexcept { return a | b; }
  static vu u_and(vu a, vu b) noexcept { return a & b; }
  static vu u_add(vu a, vu b) noexcept { return a + b; }
  template <int k>
  static vu u_shl(vu a) noexcept {
    return a << k;
  }
  template <int k>
  static vu u_shr(vu a) noexcept {
    return a >> k;
  }
  template <int k>
  static vu u_rotl(vu a) noexcept {
    return (a << k) | (a >> (64 - k));
  }
  static vd as_double(vu a) noexcept {
    double d;
    std::memcpy(&d, &a, sizeof d);
    return d;
  }
  static vu as_u64(vd a) noexcept {
    std::uint64_t u;
    std::memcpy(&u, &a, sizeof u);
    return u;
  }

  /// floor(v) of a finite v in [0, 2^31) into 32-bit lanes.
  static void store_index(std::uint32_t* p, vd v) noexcept { *p = static_cast<std::uint32_t>(v); }

  /// Among the entries of an aligned 8-entry slot p selected by the bits of mask: how many are
  /// > x and how many == x.
  static void count_in_slot(const double* p, std::uint32_t mask, double x, std::uint32_t& greater,
                            std::uint32_t& equal) noexcept {
    greater = equal = 0;
    for (std::uint32_t j = 0; j < 8; ++j) {
      greater += (mask >> j & 1U) && p[j] > x;
      equal += (mask >> j & 1U) && p[j] == x;
    }
  }

  /// As count_in_slot, the greater count only.
  static std::uint32_t count_greater(const double* p, std::uint32_t mask, double x) noexcept {
    std::uint32_t greater = 0;
    for (std::uint32_t j = 0; j < 8; ++j) greater += (mask >> j & 1U) && p[j] > x;
    return greater;
  }

  /// From the write positions next[i] = 8 i + c[i] of fill_buckets (len a multiple of 16):
  /// first[i] = 1 + c[0] + ... + c[i - 1], a bucket's best rank, and used[i] = 2^c[i] - 1, the
  /// mask of its slot's entries. False if some c[i] > 8 (the outputs are then unspecified).
  static bool first_and_used(const std::uint32_t* next, std::uint32_t* first, std::uint8_t* used,
                             std::size_t len) noexcept {
    std::uint32_t run = 1, over = 0;
    for (std::size_t i = 0; i < len; ++i) {
      const std::uint32_t c = next[i] - static_cast<std::uint32_t>(8 * i);
      over |= c > 8;
      first[i] = run;
      used[i] = static_cast<std::uint8_t>((1U << (c & 15U)) - 1);
      run += c;
    }
    return over == 0;
  }

  /// out[i] = in[i] for i < n.
  static void to_double(const std::uint32_t* in, std::size_t n, double* out) noexcept {
    for (std::size_t i = 0; i < n; ++i) out[i] = in[i];
  }
};

/// Scalar lanes that multiply and add (for processors without FMA: not the fused bits).
struct unfused_scalar_ops : scalar_ops {
  static vd fma(vd a, vd b, vd c) noexcept { return a * b + c; }
};

}  // namespace tijian::detail::simd

#if TIJIAN_X86_DISPATCH
// Regions of code compiled for AVX2 + FMA or AVX-512 (inline functions and templates alike).
#define TIJIAN_AVX2_BEGIN _Pragma("GCC push_options") _Pragma("GCC target(\"avx2,fma,bmi,bmi2,popcnt\")")
#define TIJIAN_AVX512_BEGIN \
  _Pragma("GCC push_options") \
      _Pragma("GCC target(\"avx512f,avx512dq,avx512vl,avx512bw,avx2,fma,bmi,bmi2,popcnt\")")
#define TIJIAN_TARGET_END _Pragma("GCC pop_options")

TIJIAN_AVX2_BEGIN
namespace tijian::detail::simd {

struct avx2_ops {
  static constexpr int lanes = 4;
  using vd = __m256d;
  using vu = __m256i;

  static vd zero() noexcept { return _mm256_setzero_pd(); }
  static vd set1(double x) noexcept { return _mm256_set1_pd(x); }
  static vd load(const double* p) noexcept { return _mm256_loadu_pd(p); }
  static void store(double* p, vd v) noexcept { _mm256_storeu_pd(p, v); }
  static void store_partial(double* p, vd v, std::size_t count) noexcept {
    const __m256i lane = _mm256_set_epi64x(3, 2, 1, 0);
    _mm256_maskstore_pd(p, _mm256_cmpgt_epi64(_mm256_set1_epi64x(static_cast<long long>(count)), lane), v);
  }
  static vd add(vd a, vd b) noexcept { return _mm256_add_pd(a, b); }
  static vd sub(vd a, vd b) noexcept { return _mm256_sub_pd(a, b); }
  static vd mul(vd a, vd b) noexcept { return _mm256_mul_pd(a, b); }
  static vd div(vd a, vd b) noexcept { return _mm256_div_pd(a, b); }
  static vd fma(vd a, vd b, vd c) noexcept { return _mm256_fmadd_pd(a, b, c); }
  // (b < a ? b : a) per lane, as the scalar code, whatever the operand order of vminpd
  static vd min(vd a, vd b) noexcept { return _mm256_blendv_pd(a, b, _mm256_cmp_pd(b, a, _CMP_LT_OQ)); }
  static vd select_gt(vd a, vd b, vd yes, vd no) noexcept {
    return _mm256_blendv_pd(no, yes, _mm256_cmp_pd(a, b, _CMP_GT_OQ));
  }
  static vd range_min(vd a, vd b) noexcept { return _mm256_min_pd(a, b); }
  static vd range_max(vd a, vd b) noexcept { return _mm256_max_pd(a, b); }
  static void store_lanes(double* p, vd v) noexcept { _mm256_storeu_pd(p, v); }

  static vu u_set1(std::uint64_t x) noexcept { return _mm256_set1_epi64x(static_cast<long long>(x)); }
  static vu u_load(const std::uint64_t* p) noexcept {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  }
  static vu u_xor(vu a, vu b) noexcept { return _mm256_xor_si256(a, b); }
  static vu u_or(vu a, vu b) noexcept { return _mm256_or_si256(a, b); }
  static vu u_and(vu a, vu b) noexcept { return _mm256_and_si256(a, b); }
  static vu u_add(vu a, vu b) noexcept { return _mm256_add_epi64(a, b); }
  template <int k>
  static vu u_shl(vu a) noexcept {
    return _mm256_slli_epi64(a, k);
  }
  template <int k>
  static vu u_shr(vu a) noexcept {
    return _mm256_srli_epi64(a, k);
  }
  template <int k>
  static vu u_rotl(vu a) noexcept {
    return u_or(u_shl<k>(a), u_shr<64 - k>(a));
  }
  static vd as_double(vu a) noexcept { return _mm256_castsi256_pd(a); }
  static vu as_u64(vd a) noexcept { return _mm256_castpd_si256(a); }

  static void store_index(std::uint32_t* p, vd v) noexcept {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm256_cvttpd_epi32(v));
  }

  static void count_in_slot(const double* p, std::uint32_t mask, double x, std::uint32_t& greater,
                            std::uint32_t& equal) noexcept {
    const __m256d v = _mm256_set1_pd(x);
    const __m256d lo = _mm256_load_pd(p), hi = _mm256_load_pd(p + 4);
    const unsigned g = static_cast<unsigned>(_mm256_movemask_pd(_mm256_cmp_pd(lo, v, _CMP_GT_OQ))) |
                       static_cast<unsigned>(_mm256_movemask_pd(_mm256_cmp_pd(hi, v, _CMP_GT_OQ))) << 4;
    const unsigned e = static_cast<unsigned>(_mm256_movemask_pd(_mm256_cmp_pd(lo, v, _CMP_EQ_OQ))) |
                       static_cast<unsigned>(_mm256_movemask_pd(_mm256_cmp_pd(hi, v, _CMP_EQ_OQ))) << 4;
    greater = static_cast<std::uint32_t>(_mm_popcnt_u32(g & mask));  // entries outside the mask are stale
    equal = static_cast<std::uint32_t>(_mm_popcnt_u32(e & mask));
  }

  static std::uint32_t count_greater(const double* p, std::uint32_t mask, double x) noexcept {
    const __m256d v = _mm256_set1_pd(x);
    const unsigned g =
        static_cast<unsigned>(_mm256_movemask_pd(_mm256_cmp_pd(_mm256_load_pd(p), v, _CMP_GT_OQ))) |
        static_cast<unsigned>(_mm256_movemask_pd(_mm256_cmp_pd(_mm256_load_pd(p + 4), v, _CMP_GT_OQ))) << 4;
    return static_cast<std::uint32_t>(_mm_popcnt_u32(g & mask));
  }

  static bool first_and_used(const std::uint32_t* next, std::uint32_t* first, std::uint8_t* used,
                             std::size_t len) noexcept {
    return scalar_ops::first_and_used(next, first, used, len);
  }
  static void to_double(const std::uint32_t* in, std::size_t n, double* out) noexcept {
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4)  // signed conversion: exact for ranks < 2^31
      _mm256_storeu_pd(out + i,
                       _mm256_cvtepi32_pd(_mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i))));
    for (; i < n; ++i) out[i] = in[i];
  }
  /// Lane-interleaved rows to columns: in holds 4 rows of 4 lanes (in[4 j + c]); column c
  /// gets out[c * stride + j] = in[4 j + c] * factor[c], j < 4 (one rounding, as the scalar
  /// product).
  static void transpose_scaled(const double* in, const double* factor, double* out,
                               std::size_t stride) noexcept {
    const __m256d r0 = _mm256_loadu_pd(in), r1 = _mm256_loadu_pd(in + 4), r2 = _mm256_loadu_pd(in + 8),
                  r3 = _mm256_loadu_pd(in + 12);
    const __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);  // lanes 0 2, 1 3
    const __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
    const __m256d c[4] = {_mm256_permute2f128_pd(t0, t2, 0x20), _mm256_permute2f128_pd(t1, t3, 0x20),
                          _mm256_permute2f128_pd(t0, t2, 0x31), _mm256_permute2f128_pd(t1, t3, 0x31)};
    for (int l = 0; l < 4; ++l)
      _mm256_storeu_pd(out + static_cast<std::size_t>(l) * stride,
                       _mm256_mul_pd(c[l], _mm256_set1_pd(factor[l])));
  }
};

/// Scalar lanes with the FMA instruction inline (std::fma is a library call in a baseline build).
struct scalar_fma_ops : scalar_ops {
  static double fma(double a, double b, double c) noexcept { return __builtin_fma(a, b, c); }
};

}  // namespace tijian::detail::simd
TIJIAN_TARGET_END

TIJIAN_AVX512_BEGIN
namespace tijian::detail::simd {

struct avx512_ops {
  static constexpr int lanes = 8;
  using vd = __m512d;
  using vu = __m512i;

  static vd zero() noexcept { return _mm512_setzero_pd(); }
  static vd set1(double x) noexcept { return _mm512_set1_pd(x); }
  static vd load(const double* p) noexcept { return _mm512_loadu_pd(p); }
  static void store(double* p, vd v) noexcept { _mm512_storeu_pd(p, v); }
  static void store_partial(double* p, vd v, std::size_t count) noexcept {
    _mm512_mask_storeu_pd(p, static_cast<__mmask8>(_bzhi_u32(0xffU, static_cast<unsigned>(count))), v);
  }
  static vd add(vd a, vd b) noexcept { return _mm512_add_pd(a, b); }
  static vd sub(vd a, vd b) noexcept { return _mm512_sub_pd(a, b); }
  static vd mul(vd a, vd b) noexcept { return _mm512_mul_pd(a, b); }
  static vd div(vd a, vd b) noexcept { return _mm512_div_pd(a, b); }
  static vd fma(vd a, vd b, vd c) noexcept { return _mm512_fmadd_pd(a, b, c); }
  static vd min(vd a, vd b) noexcept {
    return _mm512_mask_blend_pd(_mm512_cmp_pd_mask(b, a, _CMP_LT_OQ), a, b);
  }
  static vd select_gt(vd a, vd b, vd yes, vd no) noexcept {
    return _mm512_mask_blend_pd(_mm512_cmp_pd_mask(a, b, _CMP_GT_OQ), no, yes);
  }
  static vd range_min(vd a, vd b) noexcept { return _mm512_maskz_min_pd(0xff, a, b); }
  static vd range_max(vd a, vd b) noexcept { return _mm512_maskz_max_pd(0xff, a, b); }
  static void store_lanes(double* p, vd v) noexcept { _mm512_storeu_pd(p, v); }

  static vu u_set1(std::uint64_t x) noexcept { return _mm512_set1_epi64(static_cast<long long>(x)); }
  static vu u_load(const std::uint64_t* p) noexcept { return _mm512_loadu_si512(p); }
  static vu u_xor(vu a, vu b) noexcept { return _mm512_xor_si512(a, b); }
  static vu u_or(vu a, vu b) noexcept { return _mm512_or_si512(a, b); }
  static vu u_and(vu a, vu b) noexcept { return _mm512_and_si512(a, b); }
  static vu u_add(vu a, vu b) noexcept { return _mm512_add_epi64(a, b); }
  // the zero-masked forms: GCC 12 warns on the unmasked ones' undefined pass-through
  template <int k>
  static vu u_shl(vu a) noexcept {
    return _mm512_maskz_slli_epi64(0xff, a, k);
  }
  template <int k>
  static vu u_shr(vu a) noexcept {
    return _mm512_maskz_srli_epi64(0xff, a, k);
  }
  template <int k>
  static vu u_rotl(vu a) noexcept {
    return _mm512_maskz_rol_epi64(0xff, a, k);
  }  // one vprolq
  static vd as_double(vu a) noexcept { return _mm512_castsi512_pd(a); }
  static vu as_u64(vd a) noexcept { return _mm512_castpd_si512(a); }

  static void store_index(std::uint32_t* p, vd v) noexcept {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm512_maskz_cvttpd_epi32(0xff, v));
  }

  static void count_in_slot(const double* p, std::uint32_t mask, double x, std::uint32_t& greater,
                            std::uint32_t& equal) noexcept {
    const __mmask8 valid = static_cast<__mmask8>(mask);  // entries outside the mask are stale
    const __m512d s = _mm512_load_pd(p), v = _mm512_set1_pd(x);
    greater = static_cast<std::uint32_t>(_mm_popcnt_u32(_mm512_mask_cmp_pd_mask(valid, s, v, _CMP_GT_OQ)));
    equal = static_cast<std::uint32_t>(_mm_popcnt_u32(_mm512_mask_cmp_pd_mask(valid, s, v, _CMP_EQ_OQ)));
  }

  static std::uint32_t count_greater(const double* p, std::uint32_t mask, double x) noexcept {
    return static_cast<std::uint32_t>(
        _mm_popcnt_u32(_mm512_mask_cmp_pd_mask(static_cast<__mmask8>(mask), _mm512_load_pd(p),
                                               _mm512_set1_pd(x), _CMP_GT_OQ)));
  }

  /// 16 lanes at a time: log-step shifts within the vector; the running total is carried by
  /// adding each vector's own total (off the loop's critical path). Zero-masked intrinsics
  /// throughout: GCC 12 warns on the unmasked ones' undefined pass-through.
  static bool first_and_used(const std::uint32_t* next, std::uint32_t* first, std::uint8_t* used,
                             std::size_t len) noexcept {
    const __m512i zero = _mm512_setzero_si512(), last = _mm512_set1_epi32(15), one = _mm512_set1_epi32(1);
    const __m512i eight = _mm512_set1_epi32(8), step = _mm512_set1_epi32(128);
    __m512i carry = one,
            start = _mm512_setr_epi32(0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120);
    __mmask16 over = 0;
    for (std::size_t i = 0; i < len; i += 16) {
      const __m512i v = _mm512_sub_epi32(_mm512_loadu_si512(next + i), start);  // the counts
      start = _mm512_add_epi32(start, step);
      over |= _mm512_cmpgt_epu32_mask(v, eight);
      __m512i x = _mm512_add_epi32(v, _mm512_maskz_alignr_epi32(0xffff, v, zero, 15));  // + v one lane up
      x = _mm512_add_epi32(x, _mm512_maskz_alignr_epi32(0xffff, x, zero, 14));
      x = _mm512_add_epi32(x, _mm512_maskz_alignr_epi32(0xffff, x, zero, 12));
      x = _mm512_add_epi32(x, _mm512_maskz_alignr_epi32(0xffff, x, zero, 8));  // inclusive, within
      const __m512i total = _mm512_maskz_permutexvar_epi32(0xffff, last, x);
      _mm512_storeu_si512(first + i, _mm512_add_epi32(_mm512_sub_epi32(x, v), carry));  // exclusive, + 1
      const __m512i mask = _mm512_sub_epi32(_mm512_maskz_sllv_epi32(0xffff, one, v), one);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(used + i), _mm512_maskz_cvtepi32_epi8(0xffff, mask));
      carry = _mm512_add_epi32(carry, total);
    }
    return over == 0;
  }

  static void to_double(const std::uint32_t* in, std::size_t n, double* out) noexcept {
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
      _mm512_storeu_pd(out + i,
                       _mm512_maskz_cvtepu32_pd(0xff, _mm256_loadu_si256(
                                                          reinterpret_cast<const __m256i*>(in + i))));
    for (; i < n; ++i) out[i] = in[i];
  }
  /// Lane-interleaved rows to columns, as avx2_ops::transpose_scaled with 8 rows of 8 lanes:
  /// pairs of rows interleaved, then pairs of pairs, then halves (three rounds of shuffles).
  static void transpose_scaled(const double* in, const double* factor, double* out,
                               std::size_t stride) noexcept {
    __m512d r[8], t[8];
    for (int j = 0; j < 8; ++j) r[j] = _mm512_loadu_pd(in + 8 * j);
    for (int j = 0; j < 8; j += 2) {  // t[j] = lanes 0 2 4 6 of rows j, j + 1; t[j + 1] = lanes 1 3 5 7
      t[j] = _mm512_maskz_unpacklo_pd(0xff, r[j], r[j + 1]);  // zero-masked: see u_shl
      t[j + 1] = _mm512_maskz_unpackhi_pd(0xff, r[j], r[j + 1]);
    }
    const __m512i low_pairs = _mm512_setr_epi64(0, 1, 8, 9, 4, 5, 12, 13);
    const __m512i high_pairs = _mm512_setr_epi64(2, 3, 10, 11, 6, 7, 14, 15);
    for (int q = 0; q < 8; q += 4)  // r[q + l]: lanes l and l + 4 (l < 4) of rows q .. q + 3
      for (int l = 0; l < 2; ++l) {
        r[q + l] = _mm512_permutex2var_pd(t[q + l], low_pairs, t[q + 2 + l]);
        r[q + 2 + l] = _mm512_permutex2var_pd(t[q + l], high_pairs, t[q + 2 + l]);
      }
    const __m512i low_half = _mm512_setr_epi64(0, 1, 2, 3, 8, 9, 10, 11);
    const __m512i high_half = _mm512_setr_epi64(4, 5, 6, 7, 12, 13, 14, 15);
    for (int l = 0; l < 4; ++l) {
      const __m512d lo = _mm512_permutex2var_pd(r[l], low_half, r[4 + l]);
      const __m512d hi = _mm512_permutex2var_pd(r[l], high_half, r[4 + l]);
      _mm512_storeu_pd(out + static_cast<std::size_t>(l) * stride,
                       _mm512_mul_pd(lo, _mm512_set1_pd(factor[l])));
      _mm512_storeu_pd(out + static_cast<std::size_t>(l + 4) * stride,
                       _mm512_mul_pd(hi, _mm512_set1_pd(factor[l + 4])));
    }
  }
};

}  // namespace tijian::detail::simd
TIJIAN_TARGET_END
#endif
