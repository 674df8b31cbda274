// SPDX-License-Identifier: MIT
// The extra outputs of a ranking method, as tables (table.hpp) read from a scoring result.
//
//   table vikor_table(const result&, const std::string& node);
//     one row per unit and period: S (group utility), R (individual regret), Q, the rank by Q
//     (1 = the smallest Q), and the acceptance conditions of the period (Opricovic & Tzeng
//     2004, EJOR 156 445-455, section 3):
//       C1 acceptable advantage: Q(a2) - Q(a1) >= DQ = 1 / (n - 1), a1, a2 the first two by Q;
//       C2 acceptable stability: a1 is also first by S or by R;
//     and whether the unit is in the compromise set: a1 alone if C1 and C2 hold; a1 and a2 if
//     only C2 fails; a1 ... aM, every unit with Q(aM) - Q(a1) < DQ, if C1 fails.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "common_columns.hpp"
#include "error.hpp"
#include "mcda_distance.hpp"
#include "panel.hpp"
#include "result.hpp"
#include "table.hpp"

namespace tijian {

/// VIKOR's S, R, Q and acceptance conditions of aggregate `node` of a scoring result, computed
/// from the node's children as the scoring run aggregated them (its weights and v). Throws
/// recipe_error "vikor.not_vikor" when the node is not aggregated with VIKOR.
[[nodiscard]] inline table vikor_table(const result& r, const std::string& node) {
  const framework& f = r.framework;
  const std::size_t k = f.find(node);
  if (k == framework::npos || f.is_leaf(k) || r.aggregations.size() != f.size() ||
      r.aggregations[k].method != aggregation_method::vikor)
    throw recipe_error("vikor.not_vikor",
                       "'" + node + "' is not an aggregate scored with VIKOR (aggregate = \"vikor\")");
  const double v = r.aggregations[k].v;
  std::vector<Eigen::VectorXd> children;
  std::vector<const double*> cols;
  std::vector<double> w;
  for (std::size_t c : f.children(k)) {
    children.push_back(r.score_of(c));
    w.push_back(r.weights[static_cast<Eigen::Index>(c)]);
  }
  for (const auto& c : children) cols.push_back(c.data());
  const std::size_t n = r.units.size();
  std::vector<double> S(n), R(n), Q(n), rank(n);
  std::vector<char> c1(n), c2(n), in_set(n);
  // the groups the run aggregated: the periods, in order of first appearance
  std::vector<std::string> labels;
  std::vector<std::vector<Eigen::Index>> groups;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& p = i < r.periods.size() ? r.periods[i] : std::string();
    auto it = std::find(labels.begin(), labels.end(), p);
    if (it == labels.end()) {
      labels.push_back(p);
      groups.emplace_back();
      it = labels.end() - 1;
    }
    groups[static_cast<std::size_t>(it - labels.begin())].push_back(static_cast<Eigen::Index>(i));
  }
  for (const auto& g : groups) {
    const std::size_t m = g.size();
    std::vector<double> s(m), rr(m), q(m);
    detail::vikor_parts(cols, w, g, v, s.data(), rr.data(), q.data());
    std::vector<std::size_t> order(m);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return q[a] < q[b]; });
    const double dq = m > 1 ? 1.0 / static_cast<double>(m - 1) : 1.0;
    const std::size_t a1 = order[0];
    const bool advantage = m > 1 && q[order[1]] - q[a1] >= dq;
    const double s_min = *std::min_element(s.begin(), s.end()),
                 r_min = *std::min_element(rr.begin(), rr.end());
    const bool stability = s[a1] == s_min || rr[a1] == r_min;
    std::vector<char> chosen(m, 0);
    chosen[a1] = 1;
    if (!advantage)  // a1 ... aM with Q(aM) - Q(a1) < DQ
      for (std::size_t t = 1; t < m && q[order[t]] - q[a1] < dq; ++t) chosen[order[t]] = 1;
    else if (!stability && m > 1) chosen[order[1]] = 1;
    for (std::size_t t = 0; t < m; ++t) {
      const auto i = static_cast<std::size_t>(g[order[t]]);
      S[i] = s[order[t]];
      R[i] = rr[order[t]];
      Q[i] = q[order[t]];
      rank[i] = static_cast<double>(t + 1);
      c1[i] = advantage;
      c2[i] = stability;
      in_set[i] = chosen[order[t]];
    }
  }
  std::vector<std::size_t> rows(n);
  std::iota(rows.begin(), rows.end(), 0);
  table t("vikor", "VIKOR 折衷排序", "VIKOR compromise ranking");
  t.text("unit", {"城市", "Unit"}, rows, [&](std::size_t i) { return r.units[i]; });
  t.text("name", {"名称", "Name"}, rows,
         [&](std::size_t i) { return i < r.unit_names.size() ? r.unit_names[i] : std::string(); });
  t.text("period", {"时期", "Period"}, rows,
         [&](std::size_t i) { return i < r.periods.size() ? r.periods[i] : std::string(); });
  t.real("S", in("群体效用值 S", "Group utility S", units::ratio), rows, [&](std::size_t i) { return S[i]; });
  t.real("R", in("个别遗憾值 R", "Individual regret R", units::ratio), rows,
         [&](std::size_t i) { return R[i]; });
  t.real("Q", in("折衷值 Q (越小越好)", "Compromise value Q (smaller is better)", units::ratio), rows,
         [&](std::size_t i) { return Q[i]; });
  t.real("rank_Q", in("按 Q 的名次", "Rank by Q", units::rank), rows, [&](std::size_t i) { return rank[i]; });
  t.boolean("acceptable_advantage", {"条件1 可接受优势", "C1 acceptable advantage"}, rows,
            [&](std::size_t i) { return c1[i] != 0; });
  t.boolean("acceptable_stability", {"条件2 决策可接受稳定性", "C2 acceptable stability"}, rows,
            [&](std::size_t i) { return c2[i] != 0; });
  t.boolean("compromise", {"属于折衷解集", "In the compromise set"}, rows,
            [&](std::size_t i) { return in_set[i] != 0; });
  return t;
}

}  // namespace tijian
