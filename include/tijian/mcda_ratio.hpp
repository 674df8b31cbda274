// SPDX-License-Identifier: MIT
// Ratio aggregation: COPRAS (proportional sums), WASPAS (weighted sum and product) and MOORA
// (ratio system, reference point). Each normalises inside, as its paper does, so a unit's score
// depends on the other units of the period: computed per group of rows.
//
// The children are oriented (higher is better). With normalise = "none" a lower-is-better
// indicator arrives as -x, a column of negative values: COPRAS and WASPAS read such a column as
// the paper's cost criterion of the raw values x, so that "none" on positive raw data is the
// published method. A column with values of both signs (z-scores) has no such reading: those
// two methods stop with an error asking for a positive normalisation. MOORA's ratios are
// sign-free: y / ||y|| of -x is minus x's ratio, so benefit minus cost is a plain sum.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "aggregation.hpp"

namespace tijian::detail {

/// Sign of the present values of one child over `rows`: benefit (all >= 0, some > 0), cost
/// (all <= 0, some < 0), empty (all 0 or missing), or mixed, with the first row whose sign
/// differs from the first non-zero value's.
struct column_sign {
  enum kind { empty, benefit, cost, mixed } what = empty;
  Eigen::Index odd_row = -1;
};

inline column_sign sign_of(const double* x, const std::vector<Eigen::Index>& rows) {
  column_sign s;
  for (Eigen::Index r : rows) {
    const double y = x[r];
    if (std::isnan(y) || y == 0) continue;
    const auto k = y > 0 ? column_sign::benefit : column_sign::cost;
    if (s.what == column_sign::empty) {
      s.what = k;
    } else if (s.what != k) {
      s.what = column_sign::mixed;
      s.odd_row = r;
      return s;
    }
  }
  return s;
}

inline std::string mixed_sign_error(const char* method) {
  return std::string(method) +
         " needs children of one sign (a lower-is-better indicator as -x with normalise = \"none\", "
         "or a positive normalisation such as min-max 1-100); this child has values of both signs";
}

/// Weights over their sum (the methods' formulas take weights summing to 1).
inline std::vector<double> unit_sum(const std::vector<double>& w) {
  double s = 0;
  for (double x : w) s += x;
  std::vector<double> out(w.size(), 0.0);
  if (s > 0)
    for (std::size_t k = 0; k < w.size(); ++k) out[k] = w[k] / s;
  return out;
}

/// COPRAS, complex proportional assessment (Zavadskas, Kaklauskas & Šarka 1994, Technological
/// and Economic Development of Economy 1(3) 131-139; Zavadskas & Kaklauskas 1996):
///   d_ik = w_k x_ik / sum_i x_ik   (sum normalisation, weights summing to 1),
///   S+_i = sum of d_ik over benefit children,  S-_i = sum over cost children,
///   Q_i = S+_i + sum_j S-_j / (S-_i sum_j 1 / S-_j)
///       (= S+_i + min S- sum S- / (S-_i sum_j min S- / S-_j), the paper's form),
///   U_i = Q_i / max Q  in (0, 1], the node score (papers print U x 100 %).
/// On oriented values a cost child is y = -x and y / sum y = x / sum x, so d is the same. With
/// no cost child Q = S+. A unit without present cost children adds no second term; one whose
/// S- is 0 while it has cost children (x = 0 on all of them) has an infinite Q: an error. pymcdm
/// 1.4's COPRAS computes S+ and S- the same way but then Q = S+ + S- (tests/python).
/// Returns an error message (empty if none) and sets `bad_row`.
inline std::string copras_scores(const std::vector<const double*>& cols, const std::vector<double>& w,
                                 const std::vector<Eigen::Index>& rows, double* out, Eigen::Index& bad_row) {
  const std::size_t n = rows.size();
  const std::vector<double> wn = unit_sum(w);
  std::vector<double> sp(n, 0.0), sm(n, 0.0);
  std::vector<char> has_cost(n, 0);
  bool any_cost = false;
  for (std::size_t k = 0; k < cols.size(); ++k) {
    const double* x = cols[k];
    const column_sign s = sign_of(x, rows);
    if (s.what == column_sign::mixed) {
      bad_row = s.odd_row;
      return mixed_sign_error("COPRAS");
    }
    if (s.what == column_sign::empty) continue;  // all zero: sum normalisation 0 / 0
    double sum = 0;
    for (Eigen::Index r : rows)
      if (!std::isnan(x[r])) sum += x[r];
    const bool cost = s.what == column_sign::cost;
    any_cost = any_cost || cost;
    for (std::size_t a = 0; a < n; ++a) {
      const double y = x[rows[a]];
      if (std::isnan(y)) continue;
      const double d = wn[k] * (y / sum);
      if (cost) {
        sm[a] += d;
        has_cost[a] = 1;
      } else {
        sp[a] += d;
      }
    }
  }
  double sum_sm = 0, sum_inv = 0;
  if (any_cost) {
    for (std::size_t a = 0; a < n; ++a) {
      if (!has_cost[a]) continue;
      if (!(sm[a] > 0)) {
        bad_row = rows[a];
        return "COPRAS: this unit is 0 on every lower-is-better child, so S- = 0 and its utility is "
               "infinite; use a normalisation without zeros";
      }
      sum_sm += sm[a];
      sum_inv += 1.0 / sm[a];
    }
  }
  std::vector<double> q(n);
  double q_max = -std::numeric_limits<double>::infinity();
  for (std::size_t a = 0; a < n; ++a) {
    q[a] = sp[a] + (has_cost[a] ? sum_sm / (sm[a] * sum_inv) : 0.0);
    q_max = std::max(q_max, q[a]);
  }
  for (std::size_t a = 0; a < n; ++a)
    out[rows[a]] = q_max > 0 ? q[a] / q_max : std::numeric_limits<double>::quiet_NaN();
  return {};
}

/// WASPAS, weighted aggregated sum product assessment (Zavadskas, Turskis, Antucheviciene &
/// Zakarevicius 2012, Elektronika ir Elektrotechnika 122(6) 3-6; pymcdm's WASPAS with its
/// default linear_normalization):
///   x̄_ik = x_ik / max_i x_ik (benefit),  min_i x_ik / x_ik (cost),
///   Q1_i = sum_k w_k x̄_ik,  Q2_i = prod_k x̄_ik^w_k,  Q_i = lambda Q1_i + (1 - lambda) Q2_i,
/// with the weights summing to 1 over the unit's present children; lambda = 0.5 in the paper,
/// lambda = 1 is WSM and 0 WPM. On oriented values a cost child y = -x gives
/// max y / y = min x / x. A zero in a cost child makes min / x undefined: an error; a zero in a
/// benefit child makes the product 0. Q does not change when a child is multiplied by a
/// positive number.
inline std::string waspas_scores(const std::vector<const double*>& cols, const std::vector<double>& w,
                                 const std::vector<Eigen::Index>& rows, double lambda, double* out,
                                 Eigen::Index& bad_row) {
  const std::size_t n = rows.size();
  std::vector<double> sum(n, 0.0), prod(n, 1.0), sw(n, 0.0);
  // first the weights present per unit, so that the product takes w_k / sum w as exponents
  std::vector<char> used(cols.size(), 0);
  std::vector<double> best(cols.size(), 0.0);
  for (std::size_t k = 0; k < cols.size(); ++k) {
    const double* x = cols[k];
    const column_sign s = sign_of(x, rows);
    if (s.what == column_sign::mixed) {
      bad_row = s.odd_row;
      return mixed_sign_error("WASPAS");
    }
    if (s.what == column_sign::empty) continue;  // all zero: x / max is 0 / 0
    double b = -std::numeric_limits<double>::infinity();
    for (Eigen::Index r : rows) {
      const double y = x[r];
      if (std::isnan(y)) continue;
      if (s.what == column_sign::cost && y == 0) {
        bad_row = r;
        return "WASPAS: a lower-is-better child is 0 here, and its linear normalisation min / x is "
               "undefined; use a positive normalisation";
      }
      b = std::max(b, y);
    }
    used[k] = 1;
    best[k] = b;
    for (std::size_t a = 0; a < n; ++a)
      if (!std::isnan(x[rows[a]])) sw[a] += w[k];
  }
  for (std::size_t k = 0; k < cols.size(); ++k) {
    if (!used[k]) continue;
    const double* x = cols[k];
    const bool cost = best[k] < 0;
    for (std::size_t a = 0; a < n; ++a) {
      const double y = x[rows[a]];
      if (std::isnan(y) || !(sw[a] > 0)) continue;
      const double xbar = cost ? best[k] / y : y / best[k];
      const double wk = w[k] / sw[a];
      sum[a] += wk * xbar;
      prod[a] *= std::pow(xbar, wk);
    }
  }
  for (std::size_t a = 0; a < n; ++a)
    out[rows[a]] = sw[a] > 0 ? lambda * sum[a] + (1.0 - lambda) * prod[a]
                             : std::numeric_limits<double>::quiet_NaN();
  return {};
}

/// MOORA, multi-objective optimisation by ratio analysis (Brauers & Zavadskas 2006, Control and
/// Cybernetics 35(2) 445-469; pymcdm's MOORA for the ratio system):
///   r_ik = w_k x_ik / sqrt(sum_i x_ik^2)   (weights summing to 1),
///   ratio system:     y*_i = sum over benefit r_ik - sum over cost r_ik,
///   reference point:  -max_k |max_i r_ik - r_ik| on the oriented ratios (the best ratio of each
///                     child, the minimum ratio for a cost child; Tchebycheff min-max metric),
///                     so that higher is better: 0 = the reference point on every child.
/// On oriented values the cost ratio is y / ||y|| with y = -x, so both systems are sums and
/// maxima over all children. Neither changes when a child is multiplied by a positive number.
/// A missing child is left out of that unit's sum or maximum; a child that is 0 everywhere adds
/// nothing.
inline void moora_scores(const std::vector<const double*>& cols, const std::vector<double>& w,
                         const std::vector<Eigen::Index>& rows, moora_system system, double* out) {
  const std::size_t n = rows.size();
  const std::vector<double> wn = unit_sum(w);
  std::vector<double> total(n, 0.0), worst(n, 0.0), r(n);
  for (std::size_t k = 0; k < cols.size(); ++k) {
    const double* x = cols[k];
    double ss = 0;
    for (Eigen::Index i : rows)
      if (!std::isnan(x[i])) ss += x[i] * x[i];
    if (!(ss > 0)) continue;
    const double norm = std::sqrt(ss);
    double ref = -std::numeric_limits<double>::infinity();
    for (std::size_t a = 0; a < n; ++a) {
      const double y = x[rows[a]];
      r[a] = wn[k] * (y / norm);
      if (!std::isnan(y)) ref = std::max(ref, r[a]);
    }
    for (std::size_t a = 0; a < n; ++a) {
      if (std::isnan(r[a])) continue;
      total[a] += r[a];
      worst[a] = std::max(worst[a], ref - r[a]);
    }
  }
  for (std::size_t a = 0; a < n; ++a)
    out[rows[a]] = system == moora_system::ratio_system ? total[a] : -worst[a];
}

}  // namespace tijian::detail
