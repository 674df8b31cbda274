// SPDX-License-Identifier: MIT
// Many weight vectors at once: the kernels of the uncertainty analysis, usable alone.
//
//   dirichlet_weights(alpha, count, seed)   m x count Dirichlet weight vectors
//   batch_arithmetic(z, w, scores, ranks)   scores z W and their ranks, column by column
//
// With arithmetic means at every level a composite is z w_eff (effective leaf weights), so a
// thousand weight vectors are one product z W; geometric means are the same on ln z. Here the
// product is blocked in registers, eight runs at a time, and each block of scores is ranked
// while it is still in cache by an exact bucket rank (detail/batch_kernels.ipp). Vector code
// comes from AVX-512 or AVX2 + FMA kernels picked at run time (detail/simd.hpp) with the same
// bits as the portable code: a seed gives the same weights, scores and ranks for any number of
// threads, and on any machine whose build fuses multiply-adds (TIJIAN_SCALAR_FMA).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "detail/random.hpp"
#include "detail/simd.hpp"
#include "error.hpp"
#include "rank.hpp"

namespace tijian::detail::batch {

/// z (rows x cols) copied column-major with its row count rounded up to 8 and zero rows
/// below, so that every vector load of a column is whole.
struct packed_matrix {
  std::size_t rows = 0, cols = 0, stride = 0;
  std::vector<double> data;

  packed_matrix() = default;
  explicit packed_matrix(const Eigen::Ref<const Eigen::MatrixXd>& z)
      : rows(static_cast<std::size_t>(z.rows())),
        cols(static_cast<std::size_t>(z.cols())),
        stride((rows + 7) / 8 * 8),
        data(stride * cols, 0.0) {
    for (std::size_t k = 0; k < cols; ++k)
      for (std::size_t i = 0; i < rows; ++i)
        data[k * stride + i] = z(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k));
  }
};

/// Smallest and largest value of a column, and its sum (not finite if any value is not).
struct column_range {
  double low, high, total;
};

/// Buffers of rank_column (one per thread; grown, never shrunk).
struct rank_scratch {
  static constexpr std::size_t max_rows = 1 << 16;  // slots of 2n buckets: 9 MB at most
  std::vector<std::uint32_t> bucket, count, next, first, rank;
  std::vector<std::uint8_t> used;  // per bucket: the mask of its slot's entries
  // 8 doubles per bucket (up to 2n buckets), 64-byte aligned through slots(), and room for a
  // bucket of all n values at the end (fill_buckets writes before it checks)
  std::vector<double> slot_store;
  std::vector<std::uint8_t> mark;  // order_statistics: the wanted buckets (all 0 between calls)
  std::vector<std::size_t> wanted;
  std::vector<std::vector<double>> members;

  void reserve(std::size_t n) {
    if (bucket.size() >= n + 8) return;
    bucket.assign(n + 8, 0);
    count.assign((2 * n + 15) / 16 * 16, 0);
    next.assign((2 * n + 15) / 16 * 16, 0);
    first.assign((2 * n + 15) / 16 * 16, 0);
    used.assign((2 * n + 15) / 16 * 16, 0);
    rank.assign(n + 8, 0);
    slot_store.assign(17 * n + 8, 0.0);  // zeroed: lanes past a bucket's count are read, then masked
    mark.assign(2 * n, 0);
  }
  double* slots() noexcept {
    const auto p = reinterpret_cast<std::uintptr_t>(slot_store.data());
    return slot_store.data() + ((64 - p % 64) % 64) / sizeof(double);
  }
};

/// p, as a value the compiler cannot see through: the rank loops then address a slot as one
/// register plus a scaled index, where GCC otherwise re-adds the alignment offset of slots()
/// on every entry (one more instruction in loops of 7 to 12).
template <class T>
inline T* opaque(T* p) noexcept {
#if defined(__GNUC__)
  asm("" : "+r"(p));
#endif
  return p;
}

/// Buffers of one worker of scores_and_ranks.
struct block_scratch {
  std::vector<double> block, weights;
  rank_scratch rank;
  rank_buffers fallback;

  void reserve(std::size_t padded_rows, std::size_t m, std::size_t runs_per_block) {
    block.resize(padded_rows * runs_per_block);
    weights.resize(m * runs_per_block);
  }
};

}  // namespace tijian::detail::batch

// One copy of the kernels per instruction set (see detail/simd.hpp).
namespace tijian::detail::kernels_scalar {
#include "detail/batch_kernels.ipp"
}  // namespace tijian::detail::kernels_scalar

#if TIJIAN_X86_DISPATCH
TIJIAN_AVX2_BEGIN
namespace tijian::detail::kernels_avx2 {
#include "detail/batch_kernels.ipp"
}  // namespace tijian::detail::kernels_avx2
TIJIAN_TARGET_END
TIJIAN_AVX512_BEGIN
namespace tijian::detail::kernels_avx512 {
#include "detail/batch_kernels.ipp"
}  // namespace tijian::detail::kernels_avx512
TIJIAN_TARGET_END
#endif

namespace tijian::detail::batch {

/// Scores z w_r (exp of them when z holds logarithms) and ranks of `runs` weight columns, on
/// one thread, with the kernels of level `l`. Register tiles: scalar 4 rows x 4 runs, AVX2
/// 3 x 4 vectors of 4 rows, AVX-512 3 x 8 vectors of 8 rows (the accumulators fill the
/// vector registers).
inline void scores_and_ranks(const packed_matrix& z, const double* w, std::size_t runs, double* scores,
                             double* ranks, tie_rule ties, bool exp_scores, block_scratch& s,
                             simd::level l = simd::active()) {
#if TIJIAN_X86_DISPATCH
  if (l == simd::level::avx512)
    return kernels_avx512::scores_and_ranks<simd::avx512_ops, 3, 8>(z, w, runs, scores, ranks, ties,
                                                                    exp_scores, s);
  if (l == simd::level::avx2)
    return kernels_avx2::scores_and_ranks<simd::avx2_ops, 3, 4>(z, w, runs, scores, ranks, ties, exp_scores,
                                                                s);
#endif
  (void)l;
  if (simd::scalar_fused())
    kernels_scalar::scores_and_ranks<simd::scalar_ops, 4, 4>(z, w, runs, scores, ranks, ties, exp_scores, s);
  else
    kernels_scalar::scores_and_ranks<simd::unfused_scalar_ops, 4, 4>(z, w, runs, scores, ranks, ties,
                                                                     exp_scores, s);
}

/// Order statistics of x[0, n) (out[i] = position at[i] from the largest) from buckets, with
/// the kernels of level `l`; false for NaN or infinite values or more than 255 positions (the
/// caller selects instead).
inline bool order_statistics(const double* x, std::size_t n, const std::size_t* at, std::size_t k,
                             double* out, rank_scratch& s, simd::level l = simd::active()) {
#if TIJIAN_X86_DISPATCH
  if (l == simd::level::avx512)
    return kernels_avx512::order_statistics<simd::avx512_ops>(x, n, at, k, out, s);
  if (l == simd::level::avx2) return kernels_avx2::order_statistics<simd::avx2_ops>(x, n, at, k, out, s);
#endif
  (void)l;
  return kernels_scalar::order_statistics<simd::scalar_ops>(x, n, at, k, out, s);
}

}  // namespace tijian::detail::batch

namespace tijian {

/// Dirichlet weight vectors: column k ~ Dir(alpha), Gamma(alpha_j) draws from its own stream
/// (seed, k) times 1 / their sum, so the result does not depend on the thread count, the instruction
/// set or the platform (detail/random.hpp). With every alpha = 1 (uniform on the simplex) the
/// draws are exponentials, several columns per vector instruction. m x count. Throws
/// recipe_error unless every alpha is finite and > 0.
[[nodiscard]] inline Eigen::MatrixXd dirichlet_weights(const Eigen::Ref<const Eigen::VectorXd>& alpha,
                                                       std::size_t count, std::uint64_t seed) {
  if (alpha.size() == 0 || !(alpha.array() > 0).all() || !alpha.allFinite())
    throw recipe_error("uncertainty.dirichlet", "Dirichlet parameters must be finite and > 0");
  Eigen::MatrixXd w(alpha.size(), static_cast<Eigen::Index>(count));
  const auto m = static_cast<std::size_t>(alpha.size());
  const bool flat = (alpha.array() == 1.0).all();
  constexpr std::size_t chunk = 64;  // columns per task; any split gives the same columns
  const std::size_t chunks = (count + chunk - 1) / chunk;
#ifdef _OPENMP
#pragma omp parallel if (count * m > 20000)
#endif
  {
    std::vector<double> scratch;
    // dynamic: a worker woken from passive waiting starts some 20 us late, and the thread
    // that is already running takes the chunks it has not reached
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 1)
#endif
    for (std::size_t q = 0; q < chunks; ++q) {
      const std::size_t k0 = q * chunk, k1 = std::min(count, k0 + chunk);
      if (flat) {
        detail::flat_dirichlet_columns(seed, k0, k1, m, w.data(), scratch);
        continue;
      }
      for (std::size_t k = k0; k < k1; ++k) {
        detail::random_stream rng(detail::mix_seed(seed, k));
        double* col = w.col(static_cast<Eigen::Index>(k)).data();
        for (std::size_t j = 0; j < m; ++j)
          col[j] = detail::standard_gamma(rng, alpha[static_cast<Eigen::Index>(j)]);
      }
      detail::normalise_columns(w.data(), m, k0, k1);
    }
  }
  return w;
}

/// Scores and ranks of many weight vectors at once, for a weighted arithmetic mean over the
/// columns of z (units x indicators): scores = z W, each coefficient summed over the
/// indicators in order by fused multiply-adds (the same bits for any thread count and
/// instruction set), and the ranks of each column (1 = best, ties by `ties`; NaN scores get
/// NaN). Parallel over fixed blocks of runs. Throws recipe_error if w has not one row per
/// column of z.
inline void batch_arithmetic(const Eigen::Ref<const Eigen::MatrixXd>& z,
                             const Eigen::Ref<const Eigen::MatrixXd>& w, Eigen::MatrixXd& scores,
                             Eigen::MatrixXd& ranks, tie_rule ties = tie_rule::min) {
  if (w.rows() != z.cols()) throw recipe_error("uncertainty.shape", "weights need one row per column of z");
  scores.resize(z.rows(), w.cols());
  ranks.resize(z.rows(), w.cols());
  if (z.rows() == 0 || w.cols() == 0) return;
  const detail::batch::packed_matrix zp(z);
  Eigen::MatrixXd copy;  // only for weights that are not contiguous columns
  const double* wc = w.data();
  if (w.outerStride() != w.rows() || w.innerStride() != 1) wc = (copy = w).data();
  const auto runs = static_cast<std::size_t>(w.cols()), n = zp.rows;
  constexpr std::size_t chunk = 32;  // runs per task (a multiple of every block width)
  const std::size_t chunks = (runs + chunk - 1) / chunk;
  const detail::simd::level level = detail::simd::active();
#ifdef _OPENMP
#pragma omp parallel if (n * zp.cols * runs > 200000)
#endif
  {
    detail::batch::block_scratch s;
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 1)
#endif
    for (std::size_t q = 0; q < chunks; ++q) {
      const std::size_t r0 = q * chunk, len = std::min(chunk, runs - r0);
      detail::batch::scores_and_ranks(zp, wc + r0 * zp.cols, len, scores.data() + r0 * n,
                                      ranks.data() + r0 * n, ties, false, s, level);
    }
  }
}

}  // namespace tijian
