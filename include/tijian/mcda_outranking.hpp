// SPDX-License-Identifier: MIT
// Outranking aggregation: PROMETHEE II net flows with the six generalised criteria. A unit is
// scored by pairwise comparison with the other units of its period (one group at a time).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "aggregation.hpp"

namespace tijian::detail {

/// Preference P(d) of a positive difference d of oriented values (Brans & Vincke 1985,
/// Management Science 31(6) 647-656, table 1; Brans, Vincke & Mareschal 1986, EJOR 24 228-238):
///   usual 1;  u_shape [d > q];  v_shape min(d / p, 1);  level 0 (d <= q), 1/2 (q < d <= p),
///   1 (d > p);  linear 0 (d <= q), (d - q) / (p - q) (q < d <= p), 1 (d > p);
///   gaussian 1 - exp(-d^2 / (2 s^2)).
/// The same thresholds hold for every child of the node (they are in normalised units).
inline double preference_of(const aggregation& how, double d) noexcept {
  if (!(d > 0)) return 0.0;
  switch (how.preference) {
    case preference_function::usual: return 1.0;
    case preference_function::u_shape: return d > how.q ? 1.0 : 0.0;
    case preference_function::v_shape: return d <= how.p ? d / how.p : 1.0;
    case preference_function::level: return d <= how.q ? 0.0 : (d <= how.p ? 0.5 : 1.0);
    case preference_function::linear:
      return d <= how.q ? 0.0 : (d <= how.p ? (d - how.q) / (how.p - how.q) : 1.0);
    case preference_function::gaussian: return 1.0 - std::exp(-d * d / (2.0 * how.s * how.s));
  }
  return 0.0;
}

/// sum_b P(d_b) over the sorted values `v` (ascending) with d_b = y - v_b ("below") or v_b - y
/// (above), for the piecewise-linear preference functions. Every threshold is found with the
/// same comparison the pairwise definition makes (d > q, d > p, computed as a difference), by
/// binary search: a difference is monotone in v_b in floating point too, so the counts are
/// exact. The linear pieces sum as (count * (y - q) - sum v_b) / (p - q) from prefix sums.
inline double preference_sum(const aggregation& how, const std::vector<double>& v,
                             const std::vector<double>& prefix, double y, bool below) {
  const auto first = v.begin();
  // position where "d > t" stops holding (below: d = y - v falls as v grows) or starts (above)
  auto cut = [&](double t) -> std::size_t {
    if (below)
      return static_cast<std::size_t>(
          std::partition_point(first, v.end(), [&](double b) { return y - b > t; }) - first);
    return static_cast<std::size_t>(
        std::partition_point(first, v.end(), [&](double b) { return !(b - y > t); }) - first);
  };
  const std::size_t n = v.size();
  // number of b with d > t
  auto count_over = [&](double t) -> double {
    const std::size_t c = cut(t);
    return static_cast<double>(below ? c : n - c);
  };
  auto sum_range = [&](std::size_t lo, std::size_t hi) { return prefix[hi] - prefix[lo]; };
  switch (how.preference) {
    case preference_function::usual: return count_over(0.0);
    case preference_function::u_shape: return count_over(how.q);
    case preference_function::level: return count_over(how.p) + 0.5 * (count_over(how.q) - count_over(how.p));
    case preference_function::v_shape:
    case preference_function::linear: {
      const double q = how.preference == preference_function::v_shape ? 0.0 : how.q;
      const std::size_t cq = cut(q), cp = cut(how.p);
      // below: b in [cp, cq) have q < y - v_b <= p; above: b in [cq, cp) have q < v_b - y <= p
      const std::size_t lo = below ? cp : cq, hi = below ? cq : cp;
      const double count = static_cast<double>(hi - lo);
      const double linear = below ? count * (y - q) - sum_range(lo, hi) : sum_range(lo, hi) - count * (y + q);
      return static_cast<double>(below ? cp : n - cp) + linear / (how.p - q);
    }
    case preference_function::gaussian: break;  // no closed form: the pairwise path
  }
  return 0.0;
}

/// PROMETHEE II net flow of rows `rows` (one period):
///   pi(a, b) = sum_k w_k P_k(y_ak - y_bk) / sum_k w_k,
///   phi(a) = phi+(a) - phi-(a) = 1 / (n - 1) sum_b [pi(a, b) - pi(b, a)]  in [-1, 1],
/// n the units of the period with at least one child. A child missing for a or b is left out of
/// that pair and the pair's weights renormalised (as for Copeland). With weights summing to 1
/// and no missing value this is pymcdm's PROMETHEE_II. Without missing values in the period
/// the flows separate by child, phi(a) = sum_k w_k [sum_b P(y_ak - y_bk) - P(y_bk - y_ak)] /
/// ((n - 1) sum w), and the piecewise-linear functions take O(k n log n) on sorted values
/// (preference_sum); the Gaussian criterion and periods with missing values take the pairwise
/// O(n^2 k) path.
inline void promethee_scores(const aggregation& how, const std::vector<const double*>& cols,
                             const std::vector<double>& w, const std::vector<Eigen::Index>& rows,
                             double* out) {
  const std::size_t n = rows.size(), k = cols.size();
  bool complete = how.preference != preference_function::gaussian && n > 1;
  for (std::size_t c = 0; c < k && complete; ++c)
    for (std::size_t a = 0; a < n && complete; ++a) complete = !std::isnan(cols[c][rows[a]]);
  if (complete) {
    double total = 0;
    for (double wc : w) total += wc;
    std::vector<double> phi(n, 0.0), v(n), prefix(n + 1);
    for (std::size_t c = 0; c < k; ++c) {
      for (std::size_t a = 0; a < n; ++a) v[a] = cols[c][rows[a]];
      std::sort(v.begin(), v.end());
      prefix[0] = 0;
      for (std::size_t a = 0; a < n; ++a) prefix[a + 1] = prefix[a] + v[a];
      for (std::size_t a = 0; a < n; ++a) {
        const double y = cols[c][rows[a]];
        phi[a] += w[c] * (preference_sum(how, v, prefix, y, true) - preference_sum(how, v, prefix, y, false));
      }
    }
    const double scale = total > 0 ? 1.0 / (total * static_cast<double>(n - 1)) : 0.0;
    for (std::size_t a = 0; a < n; ++a) out[rows[a]] = phi[a] * scale;
    return;
  }
  // the period's values row by row, so that a pair reads two contiguous rows
  std::vector<double> x(n * k);
  std::size_t units = 0;
  for (std::size_t a = 0; a < n; ++a) {
    bool any = false;
    for (std::size_t c = 0; c < k; ++c) {
      x[a * k + c] = cols[c][rows[a]];
      any = any || !std::isnan(x[a * k + c]);
    }
    units += any;
  }
  std::vector<double> phi(n, 0.0);
  for (std::size_t a = 0; a < n; ++a) {
    const double* xa = &x[a * k];
    for (std::size_t b = a + 1; b < n; ++b) {
      const double* xb = &x[b * k];
      double ab = 0, ba = 0, total = 0;
      for (std::size_t c = 0; c < k; ++c) {
        const double d = xa[c] - xb[c];
        if (std::isnan(d)) continue;
        total += w[c];
        if (d > 0) ab += w[c] * preference_of(how, d);
        else if (d < 0) ba += w[c] * preference_of(how, -d);
      }
      if (!(total > 0)) continue;
      const double net = (ab - ba) / total;
      phi[a] += net;
      phi[b] -= net;
    }
  }
  const double scale = units > 1 ? 1.0 / static_cast<double>(units - 1) : 0.0;
  for (std::size_t a = 0; a < n; ++a) out[rows[a]] = phi[a] * scale;
}

}  // namespace tijian::detail
