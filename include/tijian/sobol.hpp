// SPDX-License-Identifier: MIT
// Variance-based sensitivity analysis, independent of scoring: the sampling design (Saltelli
// 2010: matrices A, B and A_B^(i)) and the estimators of first-order (Saltelli et al. 2010,
// "Variance based sensitivity analysis of model output", Table 2 (b)) and total indices
// (Jansen 1999), with bootstrap confidence intervals. sensitivity.hpp applies them to a
// scoring recipe; tests apply them to the Ishigami function.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "names.hpp"
#include "detail/random.hpp"
#include "detail/text.hpp"
#include "error.hpp"

namespace tijian {

/// How points in [0, 1)^d are drawn.
enum class sampling {
  pseudo_random,  ///< independent uniforms from a seeded xoshiro256** stream (detail/random.hpp)
  sobol,          ///< Sobol' low-discrepancy sequence (Boost.Random), lower variance per run
};

template <>
struct enum_names<sampling> {
  static constexpr const char* what = "sampling";
  static constexpr enum_name<sampling> entries[] = {
      {sampling::pseudo_random, "pseudo_random", "伪随机抽样", "pseudo-random"},
      {sampling::sobol, "sobol", "Sobol 序列", "Sobol sequence"},
  };
  static constexpr enum_alias<sampling> aliases[] = {
      {"random", sampling::pseudo_random},
      {"monte_carlo", sampling::pseudo_random},
      {"quasi_random", sampling::sobol},
      {"qmc", sampling::sobol},
  };
};

/// n points in [0, 1)^d, one per row. Pseudo-random points are drawn row by row from one
/// stream seeded by `seed`; Sobol' points skip the first point (the origin).
/// `first` skips that many rows: rows first .. first + n - 1 of the sample of the seed, so that
/// runs split across processes draw what one process would (tijian.dask).
[[nodiscard]] inline Eigen::MatrixXd sample_unit_cube(std::size_t n, std::size_t d, sampling how,
                                                      std::uint64_t seed, std::size_t first = 0) {
  Eigen::MatrixXd u(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
  if (d == 0) return u;
  if (how == sampling::sobol) {
    if (d > 3667)
      throw recipe_error("sensitivity.dimension", "Sobol' sampling supports at most 3667 dimensions");
    boost::random::sobol gen(static_cast<unsigned>(d));
    gen.discard(d * (1 + first));  // skip the origin and the rows before `first`
    const double scale = 1.0 / (static_cast<double>(gen.max()) - static_cast<double>(gen.min()) + 1.0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < d; ++j)
        u(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
            (static_cast<double>(gen()) - static_cast<double>(gen.min())) * scale;
    return u;
  }
  detail::random_stream rng(detail::mix_seed(seed, 0));
  for (std::size_t i = 0; i < first * d; ++i) (void)detail::uniform01(rng);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j)
      u(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = detail::uniform01(rng);
  return u;
}

/// The Saltelli design: A and B (N x d each, from one 2d-dimensional sample so that they are
/// independent), and the run list [A; B; A_B^(1); ...; A_B^(d)] of N (d + 2) rows, where
/// A_B^(i) is A with column i taken from B.
struct saltelli_design {
  Eigen::MatrixXd a, b;
  [[nodiscard]] std::size_t n() const noexcept { return static_cast<std::size_t>(a.rows()); }
  [[nodiscard]] std::size_t d() const noexcept { return static_cast<std::size_t>(a.cols()); }
  /// Row `run` of the design (0 <= run < N (d + 2)).
  [[nodiscard]] Eigen::RowVectorXd point(std::size_t run) const {
    const std::size_t block = run / n(), j = run % n();
    const auto jj = static_cast<Eigen::Index>(j);
    if (block == 0) return a.row(jj);
    if (block == 1) return b.row(jj);
    Eigen::RowVectorXd p = a.row(jj);
    const auto i = static_cast<Eigen::Index>(block - 2);
    p[i] = b(jj, i);
    return p;
  }
  [[nodiscard]] std::size_t runs() const noexcept { return n() * (d() + 2); }
};

[[nodiscard]] inline saltelli_design make_saltelli_design(std::size_t n, std::size_t d, sampling how,
                                                          std::uint64_t seed) {
  if (n < 2 || d < 1)
    throw recipe_error("sensitivity.design", "a Sobol' analysis needs N >= 2 and at least one factor");
  const Eigen::MatrixXd ab = sample_unit_cube(n, 2 * d, how, seed);
  saltelli_design s;
  s.a = ab.leftCols(static_cast<Eigen::Index>(d));
  s.b = ab.rightCols(static_cast<Eigen::Index>(d));
  return s;
}

/// Sobol' indices of d factors with bootstrap intervals.
struct sobol_indices {
  Eigen::VectorXd first, total;        ///< S_i (Saltelli 2010) and S_Ti (Jansen 1999)
  Eigen::VectorXd first_lo, first_hi;  ///< bootstrap percentile interval of S_i
  Eigen::VectorXd total_lo, total_hi;
  double variance = 0;           ///< V = var(y_A, y_B) (n - 1 denominator, as COINr)
  std::size_t rows_used = 0;     ///< design rows without a failed run
  std::size_t rows_dropped = 0;  ///< design rows where some run failed (NaN output)
};

namespace detail {

inline void sobol_point_estimate(const Eigen::VectorXd& ya, const Eigen::VectorXd& yb,
                                 const Eigen::MatrixXd& yab, const std::vector<Eigen::Index>& rows,
                                 Eigen::VectorXd& first, Eigen::VectorXd& total, double& v) {
  const auto n = static_cast<double>(rows.size());
  double mean = 0;
  for (Eigen::Index j : rows) mean += ya[j] + yb[j];
  mean /= 2 * n;
  double ss = 0;
  for (Eigen::Index j : rows) ss += (ya[j] - mean) * (ya[j] - mean) + (yb[j] - mean) * (yb[j] - mean);
  v = ss / (2 * n - 1);
  const Eigen::Index d = yab.cols();
  first.resize(d);
  total.resize(d);
  for (Eigen::Index i = 0; i < d; ++i) {
    double s = 0, t = 0;
    for (Eigen::Index j : rows) {
      s += yb[j] * (yab(j, i) - ya[j]);
      const double diff = ya[j] - yab(j, i);
      t += diff * diff;
    }
    first[i] = v > 0 ? s / n / v : std::numeric_limits<double>::quiet_NaN();
    total[i] = v > 0 ? t / (2 * n) / v : std::numeric_limits<double>::quiet_NaN();
  }
}

/// Type-7 quantile (R's default, numpy's linear) of a sorted sample.
inline double quantile_sorted(const std::vector<double>& s, double p) {
  if (s.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = (static_cast<double>(s.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, s.size() - 1);
  return s[lo] + (h - static_cast<double>(lo)) * (s[hi] - s[lo]);
}

}  // namespace detail

/// Estimates S_i and S_Ti from the outputs of a Saltelli design: y_A, y_B (N) and y_AB (N x d,
/// column i from A_B^(i)). Rows where any output is NaN (a failed run) are left out of every
/// index, counted in rows_dropped, instead of making all indices NaN (COINr's behaviour).
/// Bootstrap: `resamples` resamples of the rows (with replacement, V re-estimated each time),
/// percentile interval at `level` (e.g. 0.9 -> 5th and 95th percentiles).
[[nodiscard]] inline sobol_indices estimate_sobol(const Eigen::VectorXd& ya, const Eigen::VectorXd& yb,
                                                  const Eigen::MatrixXd& yab, std::size_t resamples = 1000,
                                                  double level = 0.9, std::uint64_t seed = 1) {
  if (yb.size() != ya.size() || yab.rows() != ya.size())
    throw recipe_error("sensitivity.shape", "y_A, y_B and y_AB must have N rows");
  if (!(level > 0 && level < 1))
    throw recipe_error("sensitivity.level", "level must lie strictly between 0 and 1");
  std::vector<Eigen::Index> rows;
  for (Eigen::Index j = 0; j < ya.size(); ++j) {
    bool ok = !std::isnan(ya[j]) && !std::isnan(yb[j]);
    for (Eigen::Index i = 0; ok && i < yab.cols(); ++i) ok = !std::isnan(yab(j, i));
    if (ok) rows.push_back(j);
  }
  sobol_indices out;
  out.rows_used = rows.size();
  out.rows_dropped = static_cast<std::size_t>(ya.size()) - rows.size();
  if (rows.size() < 2)
    throw recipe_error("sensitivity.failed_runs",
                       "fewer than 2 design rows without a failed run; see the failure reasons");
  detail::sobol_point_estimate(ya, yb, yab, rows, out.first, out.total, out.variance);
  const Eigen::Index d = yab.cols();
  out.first_lo = out.first_hi = out.total_lo = out.total_hi =
      Eigen::VectorXd::Constant(d, std::numeric_limits<double>::quiet_NaN());
  if (resamples == 0) return out;
  std::vector<std::vector<double>> bs(static_cast<std::size_t>(d)), bt(static_cast<std::size_t>(d));
  std::vector<Eigen::Index> pick(rows.size());
  for (std::size_t b = 0; b < resamples; ++b) {
    detail::random_stream rng(detail::mix_seed(seed, b));
    for (auto& p : pick) p = rows[detail::below(rng, rows.size())];
    Eigen::VectorXd f, t;
    double v = 0;
    detail::sobol_point_estimate(ya, yb, yab, pick, f, t, v);
    for (Eigen::Index i = 0; i < d; ++i) {
      if (!std::isnan(f[i])) bs[static_cast<std::size_t>(i)].push_back(f[i]);
      if (!std::isnan(t[i])) bt[static_cast<std::size_t>(i)].push_back(t[i]);
    }
  }
  const double tail = (1 - level) / 2;
  for (Eigen::Index i = 0; i < d; ++i) {
    auto& s = bs[static_cast<std::size_t>(i)];
    auto& t = bt[static_cast<std::size_t>(i)];
    std::sort(s.begin(), s.end());
    std::sort(t.begin(), t.end());
    out.first_lo[i] = detail::quantile_sorted(s, tail);
    out.first_hi[i] = detail::quantile_sorted(s, 1 - tail);
    out.total_lo[i] = detail::quantile_sorted(t, tail);
    out.total_hi[i] = detail::quantile_sorted(t, 1 - tail);
  }
  return out;
}

}  // namespace tijian
