// SPDX-License-Identifier: MIT
// Attribution of a composite score's change between two years to its indicators.
//
// For one unit with score S_a in year a and S_b in year b, every indicator i gets a contribution
// c_i (score points) with sum_i c_i = S_b - S_a, and for positive scores a log contribution l_i
// with sum_i l_i = ln S_b - ln S_a. Node by node, down from the attributed node:
//   arithmetic node  S = sum_c w_c S_c, so dS = sum_c w_c dS_c exactly;
//   geometric node   ln S = sum_c w_c ln S_c, so d ln S = sum_c w_c d ln S_c exactly, and in
//                    score points dS = L(S_a, S_b) sum_c w_c d ln S_c with the logarithmic mean
//                    L(p, q) = (q - p) / (ln q - ln p) (L(p, p) = p; Sato-Vartia).
// Multiplying the factors along each path gives, for an indicator with normalised values x_a,
// x_b: c_i = m_i (x_b - x_a) and l_i = ell_i (ln x_b - ln x_a), where m and ell start at 1 and,
// per edge parent p -> child c with relative weight w_c,
//   arithmetic p:  m_c = m_p w_c,               ell_c = ell_p w_c L_c / L_p
//   geometric p:   m_c = m_p w_c L_p / L_c,     ell_c = ell_p w_c
// (L_k = L(S_k,a, S_k,b)). For an arithmetic tree m_i is the effective weight and c_i = w_i dx_i;
// for a geometric tree ell_i is the effective weight and l_i = w_i d ln x_i. The identities hold
// when each node has the same children present in both years (the weights are those renormalised
// over the children present in both); otherwise, and for harmonic, power-mean and Copeland nodes,
// the contributions cannot be exact and the residual says by how much (the summary's `exact` is
// false). A comparable change needs a normalisation comparable across years (recipe
// normalise.fit = "pooled", or "one_period" with a base year): with per-year fits the change
// also reflects the other units.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "error.hpp"
#include "panel.hpp"
#include "result.hpp"

namespace tijian {

struct attribution_row {
  std::string unit, unit_name, indicator;
  double value_a = 0, value_b = 0;                                     ///< normalised values
  double multiplier = std::numeric_limits<double>::quiet_NaN();        ///< m_i (score points per point)
  double contribution = std::numeric_limits<double>::quiet_NaN();      ///< score points
  double log_contribution = std::numeric_limits<double>::quiet_NaN();  ///< share of d ln S
};

struct attribution_summary {
  std::string unit, unit_name;
  double score_a = 0, score_b = 0, change = 0;
  double contributions = 0;  ///< sum of the contributions
  double residual = 0;       ///< change - contributions
  double log_change = std::numeric_limits<double>::quiet_NaN();
  double log_contributions = std::numeric_limits<double>::quiet_NaN();
  std::optional<int> rank_a, rank_b, rank_change;  ///< rank_change = rank_a - rank_b (> 0: moved up)
  bool exact = true;
};

struct attribution {
  std::string node, period_a, period_b;
  std::vector<attribution_row> rows;
  std::vector<attribution_summary> units;
};

namespace detail {

inline double log_mean(double p, double q) {
  if (!(p > 0) || !(q > 0)) return std::numeric_limits<double>::quiet_NaN();
  if (p == q) return p;
  return (q - p) / (std::log(q) - std::log(p));
}

}  // namespace detail

/// Attributes the change of `node` (default: the composite index) between periods `period_a`
/// and `period_b` of a scoring result to its indicators, for every unit scored in both. Throws
/// recipe_error "attribution.period" for a period not in the result, framework_error for an
/// unknown node.
[[nodiscard]] inline attribution attribute_change(const result& res, const std::string& period_a,
                                                  const std::string& period_b, std::string node = {}) {
  const framework& fw = res.framework;
  if (node.empty()) node = fw.node(fw.root()).code;
  const std::size_t top = fw.at(node);
  const detail::panel_index ix(res.units, res.periods);
  for (const auto* p : {&period_a, &period_b})
    if (std::find(ix.periods.begin(), ix.periods.end(), *p) == ix.periods.end())
      throw recipe_error("attribution.period", "period '" + *p + "' is not in the result",
                         location{{}, 0, 0, node, {}, {}, *p});
  attribution out;
  out.node = node;
  out.period_a = period_a;
  out.period_b = period_b;
  const bool ranked = !fw.is_leaf(top);
  const Eigen::Index rank_col = ranked ? res.column_of(node) : -1;
  std::vector<std::string> seen;
  for (std::size_t r0 = 0; r0 < res.units.size(); ++r0) {
    const std::string& unit = res.units[r0];
    if (std::find(seen.begin(), seen.end(), unit) != seen.end()) continue;
    seen.push_back(unit);
    const Eigen::Index ra = ix.find(unit, period_a), rb = ix.find(unit, period_b);
    if (ra < 0 || rb < 0) continue;
    auto score = [&](std::size_t k, Eigen::Index r) {
      return fw.is_leaf(k) ? res.normalised(r, static_cast<Eigen::Index>(fw.leaf_position(k)))
                           : res.scores(r, res.column_of(fw.node(k).code));
    };
    attribution_summary s;
    s.unit = unit;
    s.unit_name = r0 < res.unit_names.size() ? res.unit_names[r0] : std::string();
    s.score_a = score(top, ra);
    s.score_b = score(top, rb);
    if (std::isnan(s.score_a) || std::isnan(s.score_b)) continue;
    s.change = s.score_b - s.score_a;
    if (s.score_a > 0 && s.score_b > 0) s.log_change = std::log(s.score_b) - std::log(s.score_a);
    if (ranked) {
      const double a = res.ranks(ra, rank_col), b = res.ranks(rb, rank_col);
      if (!std::isnan(a)) s.rank_a = static_cast<int>(a);
      if (!std::isnan(b)) s.rank_b = static_cast<int>(b);
      if (s.rank_a && s.rank_b) s.rank_change = *s.rank_a - *s.rank_b;
    }
    // walk down with the multipliers m (levels) and ell (logs)
    struct item {
      std::size_t k;
      double m, ell;
    };
    std::vector<item> stack{{top, 1.0, 1.0}};
    double sum = 0, log_sum = 0;
    bool logs = !std::isnan(s.log_change);
    while (!stack.empty()) {
      const item it = stack.back();
      stack.pop_back();
      const auto& kids = fw.children(it.k);
      if (kids.empty()) {
        attribution_row row;
        row.unit = unit;
        row.unit_name = s.unit_name;
        row.indicator = fw.node(it.k).code;
        row.value_a = score(it.k, ra);
        row.value_b = score(it.k, rb);
        row.multiplier = it.m;
        row.contribution = it.m * (row.value_b - row.value_a);
        if (it.m == 0) row.contribution = 0;
        if (logs && row.value_a > 0 && row.value_b > 0)
          row.log_contribution = it.ell * (std::log(row.value_b) - std::log(row.value_a));
        else if (logs && it.ell == 0) row.log_contribution = 0;
        if (!std::isnan(row.contribution)) sum += row.contribution;
        else s.exact = false;
        if (!std::isnan(row.log_contribution)) log_sum += row.log_contribution;
        else if (logs && !std::isnan(row.value_a)) logs = false;
        out.rows.push_back(std::move(row));
        continue;
      }
      const aggregation_method how = res.aggregations[it.k].method;
      if (how != aggregation_method::arithmetic && how != aggregation_method::geometric) s.exact = false;
      // relative weights over the children present in both years
      double total = 0;
      std::vector<char> present(kids.size(), 0);
      for (std::size_t c = 0; c < kids.size(); ++c) {
        present[c] = !std::isnan(score(kids[c], ra)) && !std::isnan(score(kids[c], rb));
        const bool a = !std::isnan(score(kids[c], ra)), b = !std::isnan(score(kids[c], rb));
        if (a != b) s.exact = false;
        if (present[c]) total += res.weights[static_cast<Eigen::Index>(kids[c])];
      }
      const double lp = detail::log_mean(score(it.k, ra), score(it.k, rb));
      for (std::size_t c = kids.size(); c-- > 0;) {
        const double w = present[c] && total > 0 ? res.weights[static_cast<Eigen::Index>(kids[c])] / total
                                                 : 0.0;
        const double lc = detail::log_mean(score(kids[c], ra), score(kids[c], rb));
        item child{kids[c], 0.0, 0.0};
        if (how == aggregation_method::geometric) {
          child.m = w == 0 ? 0.0 : it.m * w * lp / lc;
          child.ell = it.ell * w;
        } else {
          child.m = it.m * w;
          child.ell = w == 0 ? 0.0 : it.ell * w * lc / lp;
        }
        if (how != aggregation_method::arithmetic && how != aggregation_method::geometric)
          child.m = child.ell = std::numeric_limits<double>::quiet_NaN();
        stack.push_back(child);
      }
    }
    s.contributions = sum;
    s.residual = s.change - sum;
    if (logs) s.log_contributions = log_sum;
    out.units.push_back(std::move(s));
  }
  return out;
}

}  // namespace tijian
