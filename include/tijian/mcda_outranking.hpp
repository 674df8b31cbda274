// SPDX-License-Identifier: MIT
// Outranking aggregation: PROMETHEE II net flows with the six generalised criteria. A unit is
// scored by pairwise comparison with the other units of its period (one group at a time).
#pragma once

#include <Eigen/Core>
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
    case preference_function::linear: return d <= how.q ? 0.0 : (d <= how.p ? (d - how.q) / (how.p - how.q) : 1.0);
    case preference_function::gaussian: return 1.0 - std::exp(-d * d / (2.0 * how.s * how.s));
  }
  return 0.0;
}

/// PROMETHEE II net flow of rows `rows` (one period):
///   pi(a, b) = sum_k w_k P_k(y_ak - y_bk) / sum_k w_k,
///   phi(a) = phi+(a) - phi-(a) = 1 / (n - 1) sum_b [pi(a, b) - pi(b, a)]  in [-1, 1],
/// n the units of the period with at least one child. A child missing for a or b is left out of
/// that pair and the pair's weights renormalised (as for Copeland). With weights summing to 1
/// and no missing value this is pymcdm's PROMETHEE_II. O(n^2 k).
inline void promethee_scores(const aggregation& how, const std::vector<const double*>& cols,
                             const std::vector<double>& w, const std::vector<Eigen::Index>& rows, double* out) {
  const std::size_t n = rows.size(), k = cols.size();
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
