// SPDX-License-Identifier: MIT
// Grey relational aggregation: the grey relational grade of each unit to the period's ideal
// (灰色关联分析) and grey-TOPSIS, which combines that grade with TOPSIS's Euclidean distances.
// A unit's score depends on the other units of the period: computed per group of rows.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "mcda_ratio.hpp"

namespace tijian::detail {

/// Grey relational coefficients xi_ik = (D_min + rho D_max) / (D_ik + rho D_max) of the
/// differences `d` (n x k, column-major by child, NaN = missing), with the two-level minimum
/// and maximum D_min = min_i min_k D_ik, D_max = max_i max_k D_ik over the present differences.
/// If every difference is 0 (each unit equals the reference) every coefficient is 1.
inline void grey_coefficients(std::vector<double>& d, double rho) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double x : d)
    if (!std::isnan(x)) {
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
  for (double& x : d)
    if (!std::isnan(x)) x = hi > 0 ? (lo + rho * hi) / (x + rho * hi) : 1.0;
}

/// Grey relational grade (Deng Julong 1982, Systems & Control Letters 1(5) 288-294; 邓聚龙《灰色
/// 系统基本方法》1987; ../shared/reference/evaluation-methods.md §8):
///   reference x0_k = max_i y_ik (the period's ideal of the oriented children),
///   D_ik = |x0_k - y_ik|,  xi_ik = (min_i min_k D + rho max_i max_k D) / (D_ik + rho max_i max_k D),
///   r_i = sum_k w_k xi_ik / sum_k w_k  over the unit's present children,  in (0, 1].
/// rho in (0, 1] is the distinguishing coefficient (0.5 by convention). The differences of all
/// children share one D_max, so the children must be on one scale: the recipe's normalisation
/// (min-max, ...) does that, and then a positive factor on a raw indicator changes nothing.
inline void grey_relational_scores(const std::vector<const double*>& cols, const std::vector<double>& w,
                                   const std::vector<Eigen::Index>& rows, double rho, double* out) {
  const std::size_t n = rows.size(), m = cols.size();
  std::vector<double> d(n * m, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t k = 0; k < m; ++k) {
    const double* x = cols[k];
    double best = -std::numeric_limits<double>::infinity();
    for (Eigen::Index r : rows)
      if (!std::isnan(x[r])) best = std::max(best, x[r]);
    for (std::size_t a = 0; a < n; ++a)
      if (!std::isnan(x[rows[a]])) d[k * n + a] = best - x[rows[a]];
  }
  grey_coefficients(d, rho);
  for (std::size_t a = 0; a < n; ++a) {
    double num = 0, den = 0;
    for (std::size_t k = 0; k < m; ++k) {
      const double xi = d[k * n + a];
      if (std::isnan(xi)) continue;
      num += w[k] * xi;
      den += w[k];
    }
    out[rows[a]] = den > 0 ? num / den : std::numeric_limits<double>::quiet_NaN();
  }
}

/// Grey-TOPSIS (孙晓东, 焦玥, 胡劲松 2005, 基于灰色关联度和理想解法的决策方法研究, 中国管理科学
/// 13(4) 63-68), on v_ik = w_k y_ik with the weights summing to 1:
///   V+_k = max_i v_ik, V-_k = min_i v_ik;  D+_i, D-_i the Euclidean distances to V+ and V-;
///   r+_i = (1/m) sum_k xi+_ik, xi+ the grey coefficients of |V+_k - v_ik| (two-level min/max,
///   rho), r-_i likewise to V-;
///   each of D+, D-, r+, r- divided by its maximum over the period (made dimensionless);
///   S+_i = alpha D-_i + (1 - alpha) r+_i  (nearness to the ideal: far from the anti-ideal in
///   position, alike the ideal in shape), S-_i = alpha D+_i + (1 - alpha) r-_i,
///   C_i = S+_i / (S+_i + S-_i)  in [0, 1], the node score.
/// alpha (the paper's alpha, with beta = 1 - alpha) weighs position (distance) against shape
/// (grey degree); alpha = 1 is TOPSIS's closeness. A missing child is left out of that unit's
/// distances and mean; a measure that is 0 for every unit stays 0.
inline void grey_topsis_scores(const std::vector<const double*>& cols, const std::vector<double>& w,
                               const std::vector<Eigen::Index>& rows, double rho, double alpha, double* out) {
  const std::size_t n = rows.size(), m = cols.size();
  const std::vector<double> wn = unit_sum(w);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> dp(n, 0.0), dm(n, 0.0), gp(n * m, nan), gm(n * m, nan);
  std::vector<std::size_t> present(n, 0);
  for (std::size_t k = 0; k < m; ++k) {
    const double* x = cols[k];
    double hi = -std::numeric_limits<double>::infinity(), lo = std::numeric_limits<double>::infinity();
    for (Eigen::Index r : rows) {
      const double v = wn[k] * x[r];
      if (std::isnan(v)) continue;
      hi = std::max(hi, v);
      lo = std::min(lo, v);
    }
    for (std::size_t a = 0; a < n; ++a) {
      const double v = wn[k] * x[rows[a]];
      if (std::isnan(v)) continue;
      dp[a] += (hi - v) * (hi - v);
      dm[a] += (v - lo) * (v - lo);
      gp[k * n + a] = hi - v;
      gm[k * n + a] = v - lo;
      ++present[a];
    }
  }
  grey_coefficients(gp, rho);
  grey_coefficients(gm, rho);
  std::vector<double> rp(n, 0.0), rm(n, 0.0);
  for (std::size_t a = 0; a < n; ++a) {
    dp[a] = std::sqrt(dp[a]);
    dm[a] = std::sqrt(dm[a]);
    for (std::size_t k = 0; k < m; ++k) {
      if (std::isnan(gp[k * n + a])) continue;
      rp[a] += gp[k * n + a];
      rm[a] += gm[k * n + a];
    }
    if (present[a]) {
      rp[a] /= static_cast<double>(present[a]);
      rm[a] /= static_cast<double>(present[a]);
    }
  }
  const auto over_max = [&](std::vector<double>& v) {
    double hi = 0;
    for (std::size_t a = 0; a < n; ++a)
      if (present[a]) hi = std::max(hi, v[a]);
    if (hi > 0)
      for (double& x : v) x /= hi;
  };
  over_max(dp);
  over_max(dm);
  over_max(rp);
  over_max(rm);
  for (std::size_t a = 0; a < n; ++a) {
    if (!present[a]) {
      out[rows[a]] = nan;
      continue;
    }
    const double s_plus = alpha * dm[a] + (1 - alpha) * rp[a];
    const double s_minus = alpha * dp[a] + (1 - alpha) * rm[a];
    out[rows[a]] = s_plus + s_minus > 0 ? s_plus / (s_plus + s_minus) : nan;
  }
}

}  // namespace tijian::detail
