// SPDX-License-Identifier: MIT
// Fuzzy comprehensive evaluation (模糊综合评价; 汪培庄 1983《模糊集合论及其应用》; 谢季坚, 刘承平
// 《模糊数学方法及其应用》第 4 版 2013, 第 5 章 "模糊综合评判"; 司守奎, 孙兆亮《数学建模算法与
// 应用》第 2 版 2015, §14.3): each indicator's raw value is given a membership in each of G
// ordered grades from the grade standards of the recipe's [fuzzy] section, and the memberships
// are composed with the weights. Row by row (a unit's result does not depend on the others).
//
// Grade standards: for indicator i, one breakpoint per grade s_i1 .. s_iG, strictly monotone,
// in the grades' order (the first grade listed is the best by convention). Increasing breakpoints
// mean that small values belong to the first grade (e.g. PM2.5: 35, 75, 115, 150), decreasing
// ones that large values do (e.g. green coverage: 45, 40, 35, 30). Membership (the "half
// trapezoid" at the two ends and triangles between, on increasing breakpoints; decreasing ones
// are the same on -x and -s):
//   r_i1(x) = 1 for x <= s_1,  (s_2 - x) / (s_2 - s_1) for s_1 < x < s_2,  0 for x >= s_2;
//   r_ij(x) = (x - s_{j-1}) / (s_j - s_{j-1}) for s_{j-1} < x <= s_j,
//             (s_{j+1} - x) / (s_{j+1} - s_j) for s_j < x < s_{j+1},  0 elsewhere   (1 < j < G);
//   r_iG(x) = 1 for x >= s_G,  (x - s_{G-1}) / (s_G - s_{G-1}) for s_{G-1} < x < s_G,  0 below;
// so each row r_i. sums to 1 and a value lies in at most two adjacent grades.
//
// Composition B = W ∘ R with the weights w_i of the indicators present scaled to sum 1
// (谢季坚, 刘承平 §5.1 the four models):
//   M(·,+)  weighted_average  b_j = sum_i w_i r_ij              (weighted average, the main one)
//   M(∧,∨)  min_max           b_j = max_i min(w_i, r_ij)        (Zadeh's operator, main factor)
//   M(·,∨)  product_max       b_j = max_i w_i r_ij
//   M(∧,⊕)  min_bounded_sum   b_j = min(1, sum_i min(w_i, r_ij))
// then B normalised to sum 1 (b_j / sum_k b_k), the maximum-membership grade argmax_j b_j (the
// first on a tie), and the node score: with `fuzzy_score` = grade_values (default)
// sum_j b_j v_j over the normalised B, v the grade values of [fuzzy] `values` (default G .. 1, the
// first grade G); with max_membership the value of the maximum-membership grade.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "aggregation.hpp"

namespace tijian {

/// The grades and the per-indicator grade standards of a fuzzy comprehensive evaluation (the
/// recipe's [fuzzy] section; empty when the recipe has none).
struct fuzzy_standards {
  std::vector<std::string> grades;                         ///< grade labels, best first by convention
  std::vector<double> values;                              ///< grade values for the score; empty = G .. 1
  std::map<std::string, std::vector<double>> breakpoints;  ///< indicator -> one per grade

  [[nodiscard]] bool empty() const noexcept { return grades.empty() && breakpoints.empty(); }
  [[nodiscard]] std::vector<double> grade_values() const {
    if (!values.empty()) return values;
    std::vector<double> v(grades.size());
    for (std::size_t j = 0; j < v.size(); ++j) v[j] = static_cast<double>(grades.size() - j);
    return v;
  }
};

}  // namespace tijian

namespace tijian::detail {

/// Memberships r_1 .. r_G of `x` in the grades of breakpoints `s` (strictly monotone, G >= 2),
/// written to `r`. NaN x gives NaN memberships.
inline void fuzzy_membership(double x, const std::vector<double>& s, double* r) noexcept {
  const std::size_t g = s.size();
  if (std::isnan(x)) {
    for (std::size_t j = 0; j < g; ++j) r[j] = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  for (std::size_t j = 0; j < g; ++j) r[j] = 0;
  const double sign = s[g - 1] > s[0] ? 1.0 : -1.0;  // decreasing: the same on -x, -s
  const double y = sign * x;
  if (y <= sign * s[0]) {
    r[0] = 1;
    return;
  }
  if (y >= sign * s[g - 1]) {
    r[g - 1] = 1;
    return;
  }
  for (std::size_t t = 0; t + 1 < g; ++t) {
    const double lo = sign * s[t], hi = sign * s[t + 1];
    if (y >= lo && y < hi) {
      r[t] = (hi - y) / (hi - lo);
      r[t + 1] = 1 - r[t];
      return;
    }
  }
}

/// B = W ∘ R of one unit: `r` holds k rows of G memberships (NaN rows = missing indicators),
/// `w` the k weights; `b` receives G values (NaN if no indicator is present). Returns false
/// when no indicator is present.
template <class Op>
inline bool fuzzy_compose(const std::vector<double>& r, const std::vector<double>& w, std::size_t g, Op op,
                          double* b) {
  const std::size_t k = w.size();
  double wsum = 0;
  for (std::size_t i = 0; i < k; ++i)
    if (!std::isnan(r[i * g])) wsum += w[i];
  if (!(wsum > 0)) {
    for (std::size_t j = 0; j < g; ++j) b[j] = std::numeric_limits<double>::quiet_NaN();
    return false;
  }
  for (std::size_t j = 0; j < g; ++j) {
    double acc = 0;
    for (std::size_t i = 0; i < k; ++i) {
      const double x = r[i * g + j];
      if (std::isnan(x)) continue;
      acc = op(acc, w[i] / wsum, x);
    }
    b[j] = acc;
  }
  return true;
}

/// The fuzzy evaluation of `n_rows` units: `cols` the raw values of the k indicators, `s` their
/// breakpoints (G each), `w` their weights. `memberships` (n_rows x G) receives B normalised to
/// sum 1 per row, `out` the node score. Rows with no indicator present are NaN.
inline void fuzzy_scores(const std::vector<const double*>& cols,
                         const std::vector<const std::vector<double>*>& s, const std::vector<double>& w,
                         Eigen::Index n_rows, fuzzy_operator op, fuzzy_score score,
                         const std::vector<double>& values, Eigen::MatrixXd& memberships, double* out) {
  const std::size_t k = cols.size(), g = values.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  memberships.resize(n_rows, static_cast<Eigen::Index>(g));
  std::vector<double> r(k * g), b(g);
  for (Eigen::Index row = 0; row < n_rows; ++row) {
    for (std::size_t i = 0; i < k; ++i) fuzzy_membership(cols[i][row], *s[i], r.data() + i * g);
    bool any = false;
    switch (op) {
      case fuzzy_operator::weighted_average:
        any = fuzzy_compose(
            r, w, g, [](double a, double wi, double x) { return a + wi * x; }, b.data());
        break;
      case fuzzy_operator::min_max:
        any = fuzzy_compose(
            r, w, g, [](double a, double wi, double x) { return std::max(a, std::min(wi, x)); }, b.data());
        break;
      case fuzzy_operator::product_max:
        any = fuzzy_compose(
            r, w, g, [](double a, double wi, double x) { return std::max(a, wi * x); }, b.data());
        break;
      case fuzzy_operator::min_bounded_sum:
        any = fuzzy_compose(
            r, w, g, [](double a, double wi, double x) { return a + std::min(wi, x); }, b.data());
        for (double& x : b) x = std::min(1.0, x);
        break;
    }
    double total = 0;
    for (double x : b) total += x;
    if (!any || !(total > 0)) {
      memberships.row(row).setConstant(nan);
      out[row] = nan;
      continue;
    }
    std::size_t best = 0;
    for (std::size_t j = 1; j < g; ++j)
      if (b[j] > b[best]) best = j;
    for (std::size_t j = 0; j < g; ++j) memberships(row, static_cast<Eigen::Index>(j)) = b[j] /= total;
    if (score == fuzzy_score::max_membership) {
      out[row] = values[best];
    } else {
      double v = 0;
      for (std::size_t j = 0; j < g; ++j) v += b[j] * values[j];
      out[row] = v;
    }
  }
}

}  // namespace tijian::detail
