// SPDX-License-Identifier: MIT
// Random numbers of the uncertainty and sensitivity analyses, written out rather than taken
// from <random>: the standard fixes the engines' output but not the distributions' (libstdc++,
// libc++ and MSVC turn the same Mersenne Twister stream into different uniforms, normals and
// gammas), and a seed must give the same analysis on every platform. Also cheap to start: a
// replication seeds its own stream (4 words, versus mt19937_64's 312), so a thousand streams
// cost nothing.
//
//   mix_seed(seed, k)     splitmix64 finaliser: the seed of stream k
//   random_stream         xoshiro256** (Blackman and Vigna 2018), seeded through splitmix64
//   uniform01(g)          53-bit uniform in [0, 1)
//   below(g, n)           integer in [0, n) by a 64 x 64 -> 128-bit multiply (bias < n / 2^64)
//   standard_normal(g)    Marsaglia's polar method
//   standard_exponential  -ln u, u in (0, 1] from the top 52 bits, with the library's own ln
//                         (detail/random_kernels.ipp), identical in scalar and vector code
//   standard_gamma(g, a)  Marsaglia and Tsang (2000) for a >= 1; a < 1 by G(a + 1) U^(1/a);
//                         a = 1 exactly as standard_exponential
//   standard_exponentials   standard_exponential of many streams, several per vector instruction
//   flat_dirichlet_columns  Dir(1, ..., 1) vectors, the same way
#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <vector>

#include "simd.hpp"

namespace tijian::detail {

/// splitmix64: derives independent, reproducible seeds for streams (replications, bootstrap).
[[nodiscard]] inline std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream) noexcept {
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (stream + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// xoshiro256**: 256 bits of state, period 2^256 - 1. A UniformRandomBitGenerator.
class random_stream {
 public:
  using result_type = std::uint64_t;

  explicit random_stream(std::uint64_t seed) noexcept {
    for (int i = 0; i < 4; ++i) s_[i] = mix_seed(seed, static_cast<std::uint64_t>(i));
  }

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  result_type operator()() noexcept {
    const std::uint64_t out = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return out;
  }

  /// Word i of the state: vector kernels run several streams side by side from here.
  [[nodiscard]] std::uint64_t state(int i) const noexcept { return s_[i]; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

}  // namespace tijian::detail

// One copy of the draw kernels per instruction set (see simd.hpp).
namespace tijian::detail::kernels_scalar {
#include "random_kernels.ipp"
}  // namespace tijian::detail::kernels_scalar
#if TIJIAN_X86_DISPATCH
TIJIAN_AVX2_BEGIN
namespace tijian::detail::kernels_avx2 {
#include "random_kernels.ipp"
}  // namespace tijian::detail::kernels_avx2
TIJIAN_TARGET_END
TIJIAN_AVX512_BEGIN
namespace tijian::detail::kernels_avx512 {
#include "random_kernels.ipp"
}  // namespace tijian::detail::kernels_avx512
TIJIAN_TARGET_END
#endif

namespace tijian::detail {

[[nodiscard]] inline double uniform01(random_stream& g) noexcept {
  return static_cast<double>(g() >> 11) * 0x1.0p-53;
}

[[nodiscard]] inline std::uint64_t below(random_stream& g, std::uint64_t n) noexcept {
#if defined(__SIZEOF_INT128__)
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(g()) * n) >> 64);
#else  // 64 x 64 -> high 64 bits by 32-bit halves
  const std::uint64_t x = g(), xl = x & 0xffffffffULL, xh = x >> 32, nl = n & 0xffffffffULL, nh = n >> 32;
  const std::uint64_t mid = xh * nl + ((xl * nl) >> 32), mid2 = xl * nh + (mid & 0xffffffffULL);
  return xh * nh + (mid >> 32) + (mid2 >> 32);
#endif
}

[[nodiscard]] inline double standard_normal(random_stream& g) noexcept {
  // One of the polar pair is used, so that a draw depends only on the stream's position.
  while (true) {
    const double x = 2 * uniform01(g) - 1, y = 2 * uniform01(g) - 1;
    const double s = x * x + y * y;
    if (s > 0 && s < 1) return x * std::sqrt(-2 * std::log(s) / s);
  }
}

/// Exp(1): the same bits as the vector kernels' draws from the same stream.
[[nodiscard]] inline double standard_exponential(random_stream& g) noexcept {
#if TIJIAN_X86_DISPATCH
  if (simd::active() != simd::level::scalar)  // the FMA instruction inline, not a libm call
    return kernels_avx2::exponential_from_bits<simd::scalar_fma_ops>(g());
#endif
  if (!simd::scalar_fused()) return kernels_scalar::exponential_from_bits<simd::unfused_scalar_ops>(g());
  return kernels_scalar::exponential_from_bits<simd::scalar_ops>(g());
}

/// Columns [k0, k1) of an m x count column-major matrix at w divided by their sums (summed in
/// order, then multiplied by 1 / sum): Dirichlet weights from gamma draws.
inline void normalise_columns(double* w, std::size_t m, std::size_t k0, std::size_t k1) noexcept {
  for (std::size_t k = k0; k < k1; ++k) {
    double* col = w + k * m;
    double sum = 0;
    for (std::size_t j = 0; j < m; ++j) sum += col[j];
    const double inverse = 1 / sum;
    for (std::size_t j = 0; j < m; ++j) col[j] *= inverse;
  }
}

/// m standard exponentials from each stream random_stream(seeds[i]), i < streams, into column
/// i of out (m x streams, column-major): standard_exponential's draws, several streams per
/// vector instruction. `normalised`: each column divided by its sum, as normalise_columns
/// (the same bits), with the sums taken in the vector lanes, where the column loop would wait
/// on each addition.
inline void standard_exponentials(const std::uint64_t* seeds, std::size_t streams, std::size_t m, double* out,
                                  std::vector<double>& scratch, simd::level l = simd::active(),
                                  bool normalised = false) {
  scratch.resize(8 * m);
  std::size_t i = 0;
  [[maybe_unused]] double sums[8], factor[8];
  // each lane's factor for the columns: 1 / its sum if normalised (x 1 leaves a draw as it is)
  [[maybe_unused]] const auto factors = [&](std::size_t lanes) {
    for (std::size_t c = 0; c < lanes; ++c) factor[c] = normalised ? 1 / sums[c] : 1.0;
    return factor;
  };
#if TIJIAN_X86_DISPATCH
  if (l == simd::level::avx512)
    for (; i + 8 <= streams; i += 8) {
      kernels_avx512::exponential_lanes<simd::avx512_ops>(seeds + i, m, scratch.data(), sums);
      kernels_avx512::lanes_to_columns<simd::avx512_ops>(scratch.data(), m, factors(8), out + i * m);
    }
  if (l != simd::level::scalar)
    for (; i + 4 <= streams; i += 4) {
      kernels_avx2::exponential_lanes<simd::avx2_ops>(seeds + i, m, scratch.data(), sums);
      kernels_avx2::lanes_to_columns<simd::avx2_ops>(scratch.data(), m, factors(4), out + i * m);
    }
#endif
  (void)l;
  const std::size_t vectorised = i;
  for (; i < streams; ++i) {
    random_stream g(seeds[i]);
    for (std::size_t j = 0; j < m; ++j) out[i * m + j] = standard_exponential(g);
  }
  if (normalised) normalise_columns(out, m, vectorised, streams);
}

/// Dir(1, ..., 1) columns [k0, k1) of an m x count column-major matrix at w: column k
/// normalises m standard exponentials from the stream mix_seed(seed, k).
inline void flat_dirichlet_columns(std::uint64_t seed, std::size_t k0, std::size_t k1, std::size_t m,
                                   double* w, std::vector<double>& scratch, simd::level l = simd::active()) {
  std::vector<std::uint64_t> seeds(k1 > k0 ? k1 - k0 : 0);
  for (std::size_t k = k0; k < k1; ++k) seeds[k - k0] = mix_seed(seed, k);
  standard_exponentials(seeds.data(), seeds.size(), m, w + k0 * m, scratch, l, true);
}

/// Gamma(a, 1). a must be > 0 (callers check).
[[nodiscard]] inline double standard_gamma(random_stream& g, double a) noexcept {
  if (a == 1) return standard_exponential(g);
  if (a < 1) {
    const double x = standard_gamma(g, a + 1);
    return x * std::pow(1 - uniform01(g), 1 / a);  // 1 - U in (0, 1]: never 0^(1/a) of U = 0
  }
  const double d = a - 1.0 / 3, c = 1 / std::sqrt(9 * d);
  while (true) {
    double x, v;
    do {
      x = standard_normal(g);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = uniform01(g);
    const double x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;  // squeeze
    if (u > 0 && std::log(u) < 0.5 * x2 + d * (1 - v + std::log(v))) return d * v;
  }
}

}  // namespace tijian::detail
