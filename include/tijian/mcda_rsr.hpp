// SPDX-License-Identifier: MIT
// Rank-sum ratio (RSR, 秩和比法; 田凤调 1988, 《秩和比法及其应用》, 中国统计出版社 1993;
// 孙振球 主编《医学统计学》/《医学综合评价方法及其应用》, the RSR chapter): the ranks of the
// units on each child, averaged into one statistic, then its distribution (probit) and a
// regression that grades the units. A unit's score depends on the other units of the period:
// computed per group of rows.
//
// With n units of the period and the oriented children y_ij (higher is better: the recipe's
// normalisation, or normalise = "none" which gives a lower-is-better indicator as -x, so that
// ranking y ascending is the literature's "benefit ascending, cost descending"):
//
//   integer ranks (编秩):  R_ij = the rank of y_ij among y_1j .. y_nj, ascending, the
//                          average rank for ties (1 = the worst unit, n = the best);
//   non-integer ranks:     R_ij = 1 + (n - 1) (y_ij - min_i y_ij) / (max_i y_ij - min_i y_ij)
//                          ((n + 1) / 2 for every unit when the child is constant);
//   WRSR_i = sum_j w_j R_ij / n,  w the children's weights scaled to sum 1  (RSR_i = sum_j
//            R_ij / (m n) with equal weights), in [1/n, 1]: the node score.
//
// A child missing for a unit is left out of that unit's sum, the weights of the children present
// scaled to sum 1; each child is ranked among the units where it is present (n_j of them) and its
// rank divided by n_j.
//
// The distribution and the grades (rsr_distribution below; the rsr table in mcda_tables.hpp):
//   sort the distinct WRSR values ascending (values within 1e-12, relative, of the smallest of
//   their run are one value: ties in exact arithmetic that rounding split); f = how many units
//   share each value, cf the cumulative f, the rank range cf_prev + 1 .. cf and its average
//   R̄ = (cf_prev + 1 + cf) / 2;
//   the percentile p = R̄ / n, the last (largest) value corrected to 1 - 1 / (4 n);
//   probit = 5 + Φ^-1(p) (the standard normal quantile);
//   the regression WRSR = a + b probit by ordinary least squares over the distinct values
//   (one point per row of the distribution table), and the fitted value a + b probit per unit;
//   grades from the probit thresholds of 田凤调's table (rsr_probit_thresholds), the fitted
//   values cut at a + b threshold; grade 1 is the best.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace tijian::detail {

/// The standard normal quantile Φ^-1(p) for p in (0, 1): Acklam's rational approximation
/// (relative error 1.15e-9) refined by one Halley step on erfc, which brings it to double
/// precision (checked against scipy.stats.norm.ppf in tests/python/test_methods_rsr_fuzzy.py).
[[nodiscard]] inline double normal_quantile(double p) noexcept {
  if (!(p > 0 && p < 1)) {
    if (p == 0) return -std::numeric_limits<double>::infinity();
    if (p == 1) return std::numeric_limits<double>::infinity();
    return std::numeric_limits<double>::quiet_NaN();
  }
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01, -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  const double lo = 0.02425;
  double x;
  if (p < lo) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - lo) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // one Halley step: e = Φ(x) - p
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * 2.5066282746310002 * std::exp(x * x / 2);  // sqrt(2 pi)
  return x - u / (1 + x * u / 2);
}

/// Ranks of `v` ascending, average ranks for ties (1-based), NaN where `v` is NaN; `n_present`
/// receives the number of present values.
inline void average_ranks(const std::vector<double>& v, std::vector<double>& rank, std::size_t& n_present) {
  const std::size_t n = v.size();
  std::vector<std::size_t> order;
  order.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isnan(v[i])) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  rank.assign(n, std::numeric_limits<double>::quiet_NaN());
  n_present = order.size();
  for (std::size_t s = 0; s < order.size();) {
    std::size_t e = s + 1;
    while (e < order.size() && v[order[e]] == v[order[s]]) ++e;
    const double r = 0.5 * static_cast<double>(s + 1 + e);  // mean of s+1 .. e
    for (std::size_t t = s; t < e; ++t) rank[order[t]] = r;
    s = e;
  }
}

/// WRSR of the units `rows` of one period (see the top of this file); `integer_ranks` chooses
/// 编秩 against the non-integer ranks.
inline void rsr_scores(const std::vector<const double*>& cols, const std::vector<double>& w,
                       const std::vector<Eigen::Index>& rows, bool integer_ranks, double* out) {
  const std::size_t n = rows.size(), m = cols.size();
  std::vector<double> num(n, 0.0), den(n, 0.0), v(n), rank;
  for (std::size_t k = 0; k < m; ++k) {
    const double* x = cols[k];
    for (std::size_t a = 0; a < n; ++a) v[a] = x[rows[a]];
    std::size_t nk = 0;
    if (integer_ranks) {
      average_ranks(v, rank, nk);
    } else {
      double lo = std::numeric_limits<double>::infinity(), hi = -lo;
      for (double y : v)
        if (!std::isnan(y)) {
          lo = std::min(lo, y);
          hi = std::max(hi, y);
          ++nk;
        }
      rank.resize(n);
      const double span = hi - lo, scale = static_cast<double>(nk) - 1;
      for (std::size_t a = 0; a < n; ++a)
        rank[a] = std::isnan(v[a]) ? v[a]
                  : span > 0       ? 1 + scale * (v[a] - lo) / span
                                   : 0.5 * (static_cast<double>(nk) + 1);
    }
    if (nk == 0) continue;
    const double inv = 1.0 / static_cast<double>(nk);
    for (std::size_t a = 0; a < n; ++a) {
      if (std::isnan(rank[a])) continue;
      num[a] += w[k] * rank[a] * inv;
      den[a] += w[k];
    }
  }
  for (std::size_t a = 0; a < n; ++a)
    out[rows[a]] = den[a] > 0 ? num[a] / den[a] : std::numeric_limits<double>::quiet_NaN();
}

/// Probit thresholds of 3, 4 and 5 grades (田凤调《秩和比法及其应用》1993, the table of
/// grades "常用分档数及其对应的百分位数和概率单位"; reprinted in 孙振球《医学综合评价方法及其
/// 应用》2005, table 10-? and in the mathmodels notes, 秩和比法 §9.1):
///   3 grades: probit < 4, 4 .. 6, >= 6            (percentiles 15.866, 84.134)
///   4 grades: < 3.5, 3.5 .. 5, 5 .. 6.5, >= 6.5     (6.681, 50, 93.319)
///   5 grades: < 3.2, 3.2 .. 4.4, 4.4 .. 5.6, 5.6 .. 6.8, >= 6.8  (3.593, 27.425, 72.575, 96.407)
/// Ascending; a unit at a threshold is in the upper grade.
[[nodiscard]] inline std::vector<double> rsr_probit_thresholds(int grades) {
  switch (grades) {
    case 3: return {4.0, 6.0};
    case 4: return {3.5, 5.0, 6.5};
    case 5: return {3.2, 4.4, 5.6, 6.8};
    default: return {};
  }
}

/// The distribution step and regression of one period's WRSR values (see the top of the file).
struct rsr_fit {
  // per unit (the order of the input)
  std::vector<double> frequency, cumulative, mean_rank, percentile, probit, fitted;
  std::vector<int> grade;  ///< 1 = best .. grades; 0 for a missing WRSR
  // the regression WRSR = a + b probit over the distinct values, and its R²
  double a = std::numeric_limits<double>::quiet_NaN(), b = a, r2 = a;
  std::size_t points = 0;                 ///< distinct WRSR values (rows of the distribution)
  std::vector<double> fitted_thresholds;  ///< a + b t for the probit thresholds t, ascending
};

[[nodiscard]] inline rsr_fit rsr_distribution(const std::vector<double>& wrsr, int grades) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t N = wrsr.size();
  rsr_fit f;
  f.frequency.assign(N, nan);
  f.cumulative.assign(N, nan);
  f.mean_rank.assign(N, nan);
  f.percentile.assign(N, nan);
  f.probit.assign(N, nan);
  f.fitted.assign(N, nan);
  f.grade.assign(N, 0);
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < N; ++i)
    if (!std::isnan(wrsr[i])) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return wrsr[a] < wrsr[b]; });
  const std::size_t n = order.size();
  if (n == 0) return f;
  const double dn = static_cast<double>(n);
  std::vector<double> xs, ys;  // probit, WRSR of the distinct values
  for (std::size_t s = 0; s < n;) {
    // WRSR values equal in exact arithmetic (ties of the distribution table) can differ in the
    // last bits, as sums of w R / n in another order: a value within 1e-12 (relative) of the
    // smallest value of its run is that value
    const double anchor = wrsr[order[s]];
    std::size_t e = s + 1;
    while (e < n && wrsr[order[e]] - anchor <= 1e-12 * std::max(1.0, std::abs(anchor))) ++e;
    const double mean_rank = 0.5 * static_cast<double>(s + 1 + e);
    const double p = e == n ? 1 - 1 / (4 * dn) : mean_rank / dn;
    const double pr = 5 + normal_quantile(p);
    for (std::size_t t = s; t < e; ++t) {
      f.frequency[order[t]] = static_cast<double>(e - s);
      f.cumulative[order[t]] = static_cast<double>(e);
      f.mean_rank[order[t]] = mean_rank;
      f.percentile[order[t]] = p;
      f.probit[order[t]] = pr;
    }
    xs.push_back(pr);
    ys.push_back(anchor);
    s = e;
  }
  f.points = xs.size();
  if (xs.size() >= 2) {
    const double k = static_cast<double>(xs.size());
    const double mx = std::accumulate(xs.begin(), xs.end(), 0.0) / k;
    const double my = std::accumulate(ys.begin(), ys.end(), 0.0) / k;
    double sxx = 0, sxy = 0, syy = 0;
    for (std::size_t t = 0; t < xs.size(); ++t) {
      sxx += (xs[t] - mx) * (xs[t] - mx);
      sxy += (xs[t] - mx) * (ys[t] - my);
      syy += (ys[t] - my) * (ys[t] - my);
    }
    f.b = sxy / sxx;
    f.a = my - f.b * mx;
    f.r2 = syy > 0 ? sxy * sxy / (sxx * syy) : 1.0;
  }
  const std::vector<double> t = rsr_probit_thresholds(grades);
  for (double x : t) f.fitted_thresholds.push_back(f.a + f.b * x);
  for (std::size_t i : order) {
    f.fitted[i] = f.a + f.b * f.probit[i];
    if (std::isnan(f.fitted[i])) continue;
    int above = 0;  // thresholds at or below the fitted value
    for (double c : f.fitted_thresholds) above += f.fitted[i] >= c;
    f.grade[i] = static_cast<int>(t.size()) + 1 - above;
  }
  return f;
}

}  // namespace tijian::detail
