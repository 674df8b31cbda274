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
//
//   table rsr_table(const result&, const std::string& node);
//     one row per unit and period of a node scored with the rank-sum ratio (mcda_rsr.hpp): WRSR
//     (values within 1e-12, relative, of each other are one value of the distribution: ties in
//     exact arithmetic that rounding told apart),
//     the distribution step (frequency f, cumulative frequency, mean rank, percentile with the
//     last-row correction 1 - 1/(4n), probit = 5 + Φ^-1(p)), the fitted WRSR a + b probit and
//     the grade (1 = best) of the node's probit table (3, 4 or 5 grades, `rsr_grades`).
//   table rsr_regression_table(const result&, const std::string& node);
//     one row per period: the regression WRSR = a + b probit (OLS over the distinct WRSR values),
//     its R², the number of points, and the fitted WRSR at each probit threshold of the grades.
//
//   table fuzzy_table(const result&, const std::string& node);
//     one row per unit and period of a node scored with fuzzy comprehensive evaluation
//     (mcda_fuzzy.hpp): the membership in each grade (B normalised to sum 1; columns b_1 .. b_G
//     labelled with the grades), the maximum-membership grade and the node score.
//
//   document method_tables(const result&);
//     every table above of every aggregate scored with its method, in framework order, each
//     named <kind>_<node> (vikor_IDX, rsr_IDX, rsr_regression_IDX, fuzzy_D1: unique in a
//     document, its JSON key and the suffix of its CSV file) and labelled with the node's code
//     first ("GF · VIKOR compromise ranking").
//     Empty when no aggregate uses such a method. What `tijian score --out` writes beside the
//     result.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "common_columns.hpp"
#include "error.hpp"
#include "mcda_distance.hpp"
#include "mcda_rsr.hpp"
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

namespace detail {

/// The rows of a result grouped by period, in order of first appearance.
inline std::vector<std::vector<Eigen::Index>> period_groups(const result& r) {
  std::vector<std::string> labels;
  std::vector<std::vector<Eigen::Index>> groups;
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    const std::string& p = i < r.periods.size() ? r.periods[i] : std::string();
    auto it = std::find(labels.begin(), labels.end(), p);
    if (it == labels.end()) {
      labels.push_back(p);
      groups.emplace_back();
      it = labels.end() - 1;
    }
    groups[static_cast<std::size_t>(it - labels.begin())].push_back(static_cast<Eigen::Index>(i));
  }
  return groups;
}

/// The framework index of `node` when it is an aggregate scored with `m`, else npos.
inline std::size_t node_scored_with(const result& r, const std::string& node, aggregation_method m) {
  const framework& f = r.framework;
  const std::size_t k = f.find(node);
  if (k == framework::npos || f.is_leaf(k) || r.aggregations.size() != f.size() ||
      r.aggregations[k].method != m)
    return framework::npos;
  return k;
}

inline void unit_columns(table& t, const result& r, const std::vector<std::size_t>& rows) {
  t.text("unit", {"城市", "Unit"}, rows, [&](std::size_t i) { return r.units[i]; });
  t.text("name", {"名称", "Name"}, rows,
         [&](std::size_t i) { return i < r.unit_names.size() ? r.unit_names[i] : std::string(); });
  t.text("period", {"时期", "Period"}, rows,
         [&](std::size_t i) { return i < r.periods.size() ? r.periods[i] : std::string(); });
}

inline std::optional<double> present(double x) {
  if (std::isnan(x)) return std::nullopt;
  return x;
}

/// The RSR distribution of every period of `node` (one fit per period; per-unit vectors in the
/// result's row order).
struct rsr_periods {
  std::vector<std::vector<Eigen::Index>> groups;
  std::vector<rsr_fit> fits;
  std::vector<double> wrsr, frequency, cumulative, mean_rank, percentile, probit, fitted;
  std::vector<int> grade;
  int grades = 3;
};

inline rsr_periods rsr_of(const result& r, const std::string& node) {
  const std::size_t k = node_scored_with(r, node, aggregation_method::rsr);
  if (k == framework::npos)
    throw recipe_error("rsr.not_rsr",
                       "'" + node +
                           "' is not an aggregate scored with the rank-sum ratio (aggregate = \"rsr\")");
  rsr_periods out;
  out.grades = r.aggregations[k].rsr_grades;
  const Eigen::VectorXd score = r.score_of(k);
  const std::size_t n = r.units.size();
  out.wrsr.assign(score.data(), score.data() + score.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (auto* v : {&out.frequency, &out.cumulative, &out.mean_rank, &out.percentile, &out.probit, &out.fitted})
    v->assign(n, nan);
  out.grade.assign(n, 0);
  out.groups = period_groups(r);
  for (const auto& g : out.groups) {
    std::vector<double> v;
    for (Eigen::Index i : g) v.push_back(score[i]);
    rsr_fit f = rsr_distribution(v, out.grades);
    for (std::size_t a = 0; a < g.size(); ++a) {
      const auto i = static_cast<std::size_t>(g[a]);
      out.frequency[i] = f.frequency[a];
      out.cumulative[i] = f.cumulative[a];
      out.mean_rank[i] = f.mean_rank[a];
      out.percentile[i] = f.percentile[a];
      out.probit[i] = f.probit[a];
      out.fitted[i] = f.fitted[a];
      out.grade[i] = f.grade[a];
    }
    out.fits.push_back(std::move(f));
  }
  return out;
}

}  // namespace detail

/// The rank-sum ratio's distribution, fitted values and grades of aggregate `node` (see the top
/// of the file). Throws recipe_error "rsr.not_rsr" when the node is not scored with RSR.
[[nodiscard]] inline table rsr_table(const result& r, const std::string& node) {
  const detail::rsr_periods d = detail::rsr_of(r, node);
  std::vector<std::size_t> rows(r.units.size());
  std::iota(rows.begin(), rows.end(), 0);
  using detail::present;
  table t("rsr", "秩和比法分布与分档", "Rank-sum ratio: distribution and grades");
  detail::unit_columns(t, r, rows);
  t.real("wrsr", in("(加权)秩和比 WRSR", "Weighted rank-sum ratio WRSR", units::ratio), rows,
         [&](std::size_t i) { return present(d.wrsr[i]); });
  t.real("frequency", in("频数 f", "Frequency f", units::count), rows,
         [&](std::size_t i) { return present(d.frequency[i]); });
  t.real("cumulative_frequency", in("累计频数", "Cumulative frequency", units::count), rows,
         [&](std::size_t i) { return present(d.cumulative[i]); });
  t.real("mean_rank", in("平均秩次", "Mean rank", units::rank), rows,
         [&](std::size_t i) { return present(d.mean_rank[i]); });
  t.real("percentile", in("向下累计频率 p (末项 1 - 1/4n)", "Percentile p (last 1 - 1/4n)", units::ratio),
         rows, [&](std::size_t i) { return present(d.percentile[i]); });
  t.real("probit", in("概率单位 Probit", "Probit", units::dimensionless), rows,
         [&](std::size_t i) { return present(d.probit[i]); });
  t.real("fitted", in("WRSR 估计值", "Fitted WRSR", units::ratio), rows,
         [&](std::size_t i) { return present(d.fitted[i]); });
  t.integer("grade", in("分档 (1 = 最优)", "Grade (1 = best)", units::rank), rows,
            [&](std::size_t i) -> std::optional<std::int64_t> {
              if (d.grade[i] == 0) return std::nullopt;
              return d.grade[i];
            });
  return t;
}

/// The regression WRSR = a + b probit of each period of aggregate `node` and the fitted WRSR at
/// each probit threshold of the grades. Throws recipe_error "rsr.not_rsr" like rsr_table.
[[nodiscard]] inline table rsr_regression_table(const result& r, const std::string& node) {
  const detail::rsr_periods d = detail::rsr_of(r, node);
  std::vector<std::size_t> rows(d.groups.size());
  std::iota(rows.begin(), rows.end(), 0);
  using detail::present;
  table t("rsr_regression", "秩和比法回归方程与分档界值", "Rank-sum ratio: regression and grade limits");
  t.text("period", {"时期", "Period"}, rows, [&](std::size_t g) {
    const auto i = static_cast<std::size_t>(d.groups[g].front());
    return i < r.periods.size() ? r.periods[i] : std::string();
  });
  t.real("intercept", in("截距 a", "Intercept a", units::ratio), rows,
         [&](std::size_t g) { return present(d.fits[g].a); });
  t.real("slope", in("斜率 b", "Slope b", units::ratio), rows,
         [&](std::size_t g) { return present(d.fits[g].b); });
  t.real("r_squared", in("决定系数 R²", "R squared", units::ratio), rows,
         [&](std::size_t g) { return present(d.fits[g].r2); });
  t.integer("points", in("回归点数 (不同 WRSR 值)", "Points (distinct WRSR values)", units::count), rows,
            [&](std::size_t g) { return static_cast<std::int64_t>(d.fits[g].points); });
  t.integer("grades", in("分档数", "Grades", units::count), rows,
            [&](std::size_t) { return static_cast<std::int64_t>(d.grades); });
  const std::vector<double> probits = detail::rsr_probit_thresholds(d.grades);
  for (std::size_t c = 0; c < probits.size(); ++c) {
    const std::string p = detail::format_double(probits[c]);
    t.real("limit_" + std::to_string(c + 1),
           in("Probit " + p + " 处的 WRSR 界值", "WRSR limit at probit " + p, units::ratio), rows,
           [&](std::size_t g) -> std::optional<double> {
             if (c >= d.fits[g].fitted_thresholds.size()) return std::nullopt;
             return present(d.fits[g].fitted_thresholds[c]);
           });
  }
  return t;
}

/// The memberships, maximum-membership grade and score of aggregate `node` scored with fuzzy
/// comprehensive evaluation. Throws recipe_error "fuzzy.not_fuzzy" when it is not, or when the
/// result does not hold the memberships (a result read back from a file of an older version;
/// result files keep them in fuzzy_memberships_table, result_tables.hpp).
[[nodiscard]] inline table fuzzy_table(const result& r, const std::string& node) {
  const std::size_t k = detail::node_scored_with(r, node, aggregation_method::fuzzy);
  if (k == framework::npos)
    throw recipe_error("fuzzy.not_fuzzy",
                       "'" + node +
                           "' is not an aggregate scored with fuzzy comprehensive evaluation "
                           "(aggregate = \"fuzzy\")");
  const auto it = r.fuzzy_memberships.find(node);
  if (it == r.fuzzy_memberships.end())
    throw recipe_error("fuzzy.not_fuzzy",
                       "the memberships of '" + node +
                           "' are not in this result (it was read from a file written before "
                           "result files kept them); score again to read them");
  const Eigen::MatrixXd& b = it->second;
  const Eigen::VectorXd score = r.score_of(k);
  std::vector<std::size_t> rows(r.units.size());
  std::iota(rows.begin(), rows.end(), 0);
  table t("fuzzy", "模糊综合评价隶属度", "Fuzzy comprehensive evaluation memberships");
  detail::unit_columns(t, r, rows);
  const auto grade_name = [&](std::size_t j) {
    return j < r.fuzzy_grades.size() ? r.fuzzy_grades[j] : std::to_string(j + 1);
  };
  for (Eigen::Index j = 0; j < b.cols(); ++j) {
    const std::string g = grade_name(static_cast<std::size_t>(j));
    t.real("b_" + std::to_string(j + 1), in("隶属度: " + g, "Membership: " + g, units::ratio), rows,
           [&](std::size_t i) { return detail::present(b(static_cast<Eigen::Index>(i), j)); });
  }
  t.text("grade", {"最大隶属度等级", "Maximum-membership grade"}, rows,
         [&](std::size_t i) -> std::optional<std::string> {
           const auto row = static_cast<Eigen::Index>(i);
           if (b.cols() == 0 || std::isnan(b(row, 0))) return std::nullopt;
           Eigen::Index m = 0;
           for (Eigen::Index j = 1; j < b.cols(); ++j)
             if (b(row, j) > b(row, m)) m = j;
           return grade_name(static_cast<std::size_t>(m));
         });
  t.real("score", in("综合得分", "Score", units::score), rows,
         [&](std::size_t i) { return detail::present(score[static_cast<Eigen::Index>(i)]); });
  return t;
}

/// The tables of every aggregate scored with VIKOR, the rank-sum ratio or fuzzy comprehensive
/// evaluation (see the top of the file). Throws as the tables do ("fuzzy.not_fuzzy" for a fuzzy
/// node whose memberships the result does not hold).
[[nodiscard]] inline document method_tables(const result& r) {
  const framework& f = r.framework;
  document out;
  if (r.aggregations.size() != f.size()) return out;
  for (std::size_t k : f.inner_nodes()) {
    const node_spec& n = f.node(k);
    const auto add = [&](table t) {
      // the node first: a workbook's sheet names are cut at 31 characters
      t.name += "_" + n.code;
      t.label_zh = n.code + " · " + t.label_zh;
      t.label_en = n.code + " · " + t.label_en;
      out.add(std::move(t));
    };
    switch (r.aggregations[k].method) {
      case aggregation_method::vikor: add(vikor_table(r, n.code)); break;
      case aggregation_method::rsr:
        add(rsr_table(r, n.code));
        add(rsr_regression_table(r, n.code));
        break;
      case aggregation_method::fuzzy: add(fuzzy_table(r, n.code)); break;
      default: break;
    }
  }
  return out;
}

}  // namespace tijian
