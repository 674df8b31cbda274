// SPDX-License-Identifier: MIT
// Distance aggregation: TOPSIS (to the ideal and anti-ideal), VIKOR (regret from the ideal) and
// EDAS (from the average). A node's score depends on the other units of the period (like
// Copeland and PROMETHEE), so it is computed per group of rows.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace tijian::detail {

/// TOPSIS closeness (Hwang & Yoon 1981, Multiple Attribute Decision Making, ch. 3; pymcdm's
/// TOPSIS on an already normalised matrix):
///   v_ik = w_k y_ik,  A+_k = max_i v_ik,  A-_k = min_i v_ik,
///   D+_i = sqrt(sum_k (v_ik - A+_k)^2),  D-_i = sqrt(sum_k (v_ik - A-_k)^2),
///   C_i = D-_i / (D+_i + D-_i)  in [0, 1], 1 = the ideal.
/// y are the normalised (oriented, higher is better) children, so A+ is the best value of each
/// child; the normalisation (vector, min-max, ...) is the recipe's. A missing child is left out
/// of that unit's two distances and of nobody else's; the ideal is taken over the units that
/// have the child. A unit equal to both the ideal and the anti-ideal (every child constant) gets
/// NaN: the closeness is 0 / 0. The weights need not sum to 1: C does not change when all are
/// scaled together.
inline void topsis_scores(const std::vector<const double*>& cols, const std::vector<double>& w,
                          const std::vector<Eigen::Index>& rows, double* out) {
  const std::size_t n = rows.size();
  std::vector<double> dp(n, 0.0), dm(n, 0.0);
  for (std::size_t k = 0; k < cols.size(); ++k) {
    const double* x = cols[k];
    double best = -std::numeric_limits<double>::infinity(), worst = std::numeric_limits<double>::infinity();
    for (std::size_t a = 0; a < n; ++a) {
      const double v = w[k] * x[rows[a]];
      if (std::isnan(v)) continue;
      best = std::max(best, v);
      worst = std::min(worst, v);
    }
    if (!(best >= worst)) continue;  // no unit has the child
    for (std::size_t a = 0; a < n; ++a) {
      const double v = w[k] * x[rows[a]];
      if (std::isnan(v)) continue;
      dp[a] += (v - best) * (v - best);
      dm[a] += (v - worst) * (v - worst);
    }
  }
  for (std::size_t a = 0; a < n; ++a) {
    const double p = std::sqrt(dp[a]), m = std::sqrt(dm[a]);
    out[rows[a]] = p + m > 0 ? m / (p + m) : std::numeric_limits<double>::quiet_NaN();
  }
}

/// VIKOR (Opricovic 1998; Opricovic & Tzeng 2004, EJOR 156 445-455; pymcdm's VIKOR):
///   f*_k = max_i y_ik, f-_k = min_i y_ik, d_ik = w_k (f*_k - y_ik) / (f*_k - f-_k),
///   S_i = sum_k d_ik (group utility), R_i = max_k d_ik (individual regret),
///   Q_i = v (S_i - S*) / (S- - S*) + (1 - v) (R_i - R*) / (R- - R*),  S* = min S, S- = max S.
/// Q = 0 is the best unit. y are oriented (higher is better), so the formulas are pymcdm's with
/// every criterion a benefit; (f* - y) / (f* - f-) does not change under a positive affine map
/// of a column, so min-max, z-score and "none" give the same S, R, Q. A child constant on the
/// period (f* = f-) adds 0 (pymcdm refuses it); a missing child adds 0 to that unit; a term
/// whose range S- - S* or R- - R* is 0 adds 0 to Q.
inline void vikor_parts(const std::vector<const double*>& cols, const std::vector<double>& w,
                        const std::vector<Eigen::Index>& rows, double v, double* S, double* R, double* Q) {
  const std::size_t n = rows.size();
  for (std::size_t a = 0; a < n; ++a) S[a] = R[a] = 0.0;
  for (std::size_t k = 0; k < cols.size(); ++k) {
    const double* x = cols[k];
    double best = -std::numeric_limits<double>::infinity(), worst = std::numeric_limits<double>::infinity();
    for (std::size_t a = 0; a < n; ++a) {
      const double y = x[rows[a]];
      if (std::isnan(y)) continue;
      best = std::max(best, y);
      worst = std::min(worst, y);
    }
    if (!(best > worst)) continue;
    for (std::size_t a = 0; a < n; ++a) {
      const double y = x[rows[a]];
      if (std::isnan(y)) continue;
      const double d = w[k] * ((best - y) / (best - worst));
      S[a] += d;
      R[a] = std::max(R[a], d);
    }
  }
  double s_lo = std::numeric_limits<double>::infinity(), s_hi = -s_lo, r_lo = s_lo, r_hi = -s_lo;
  for (std::size_t a = 0; a < n; ++a) {
    s_lo = std::min(s_lo, S[a]);
    s_hi = std::max(s_hi, S[a]);
    r_lo = std::min(r_lo, R[a]);
    r_hi = std::max(r_hi, R[a]);
  }
  for (std::size_t a = 0; a < n; ++a)
    Q[a] = (s_hi > s_lo ? v * (S[a] - s_lo) / (s_hi - s_lo) : 0.0) +
           (r_hi > r_lo ? (1 - v) * (R[a] - r_lo) / (r_hi - r_lo) : 0.0);
}

/// The node score of VIKOR: 1 - Q, so that, like every score, higher is better (rank 1 = the
/// smallest Q). S, R, Q and the acceptance conditions are in vikor_table (mcda_tables.hpp).
inline void vikor_scores(const std::vector<const double*>& cols, const std::vector<double>& w,
                         const std::vector<Eigen::Index>& rows, double v, double* out) {
  const std::size_t n = rows.size();
  std::vector<double> S(n), R(n), Q(n);
  vikor_parts(cols, w, rows, v, S.data(), R.data(), Q.data());
  for (std::size_t a = 0; a < n; ++a) out[rows[a]] = 1.0 - Q[a];
}

/// EDAS, evaluation based on distance from the average solution (Keshavarz Ghorabaee, Zavadskas,
/// Olfat & Turskis 2015, Informatica 26(3) 435-451; pymcdm's EDAS):
///   AV_k = mean_i y_ik,  PDA_ik = max(0, y_ik - AV_k) / |AV_k|,  NDA_ik = max(0, AV_k - y_ik) / |AV_k|,
///   SP_i = sum_k w_k PDA_ik,  SN_i = sum_k w_k NDA_ik,
///   AS_i = (SP_i / max SP + 1 - SN_i / max SN) / 2  in [0, 1].
/// On oriented values a lower-is-better column is y = -x with AV = -mean x, and dividing by |AV|
/// gives the paper's cost formulas (AV - x) / AV: with normalise = "none", EDAS of the raw
/// matrix. The method divides by the average, so it needs columns of one sign (a positive
/// normalisation, or raw positive data); an average of 0 makes the column's terms 0.
/// A missing child is left out of the average and of that unit's sums.
inline void edas_scores(const std::vector<const double*>& cols, const std::vector<double>& w,
                        const std::vector<Eigen::Index>& rows, double* out) {
  const std::size_t n = rows.size();
  std::vector<double> sp(n, 0.0), sn(n, 0.0);
  for (std::size_t k = 0; k < cols.size(); ++k) {
    const double* x = cols[k];
    double sum = 0;
    std::size_t count = 0;
    for (std::size_t a = 0; a < n; ++a)
      if (!std::isnan(x[rows[a]])) {
        sum += x[rows[a]];
        ++count;
      }
    if (count == 0) continue;
    const double av = sum / static_cast<double>(count);
    if (av == 0) continue;
    const double scale = std::abs(av);
    for (std::size_t a = 0; a < n; ++a) {
      const double y = x[rows[a]];
      if (std::isnan(y)) continue;
      sp[a] += w[k] * (std::max(0.0, y - av) / scale);
      sn[a] += w[k] * (std::max(0.0, av - y) / scale);
    }
  }
  const double sp_max = n ? *std::max_element(sp.begin(), sp.end()) : 0.0;
  const double sn_max = n ? *std::max_element(sn.begin(), sn.end()) : 0.0;
  for (std::size_t a = 0; a < n; ++a)
    out[rows[a]] = 0.5 * ((sp_max > 0 ? sp[a] / sp_max : 0.0) + (sn_max > 0 ? 1.0 - sn[a] / sn_max : 1.0));
}

}  // namespace tijian::detail
