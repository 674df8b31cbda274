// SPDX-License-Identifier: MIT
// The composite green-city score (green_city_score) and the coupling coordination of its
// dimensions. One normalisation with one meaning: every indicator in the composite is scored
// 0-100 as the share of its goal reached, 100 = the goal reached (up to 100 x cap with cap > 1).
//
//   basis of an indicator    when                                    score (points)
//   target_attainment        a level target in the profile: at_least,  100 x min(r, cap), r = x / v
//                            at_most, band, yes_no (as >= 1),          (at_least, progress), v / x
//                            progress (done / total); the latest       (at_most), 1 inside a band,
//                            year's; or the framework's target band    else x / lower or upper / x
//   goalposts                no level target, goalposts declared in    100 x clip((x - lo) / (hi - lo),
//                            the framework                             0, 1) (lower is better: hi - x)
//   not_scored               neither: no target (green finance in      left out of the composite
//                            every seed), or a target that states a
//                            change, not a level (decrease, increase,
//                            change_vs_base)
//
// Sources. Target attainment is the 达标/目标完成度 scoring of evaluation-methods.md §1:
// s = min(x / target, 1) x 100, lower-is-better min(target / x, 1) x 100, capped at 100 or at a
// cap such as 120 % for 超额完成 (that cap variant is unverified there); 宜居城市科学评价标准 (2007)
// scores min(x / 标准值, 1) x points (evaluation-methods.md "02" §5). Goalposts: COINr's
// n_goalposts (coinr.md §5). Leaving out an indicator with nothing to be measured against, and
// sharing its weight among the rest, follows the 绿色发展指数 rule for indicators a region
// does not have ("权数分摊至其他指标", evaluation-methods.md "02" §3 rule 2); no target is
// invented for it (national-city-health-check-2025.md §5-6: thresholds come from plans and
// standards). So a score never depends on the other rows of the data: adding a city moves
// nobody's score. The min-max of the previous version did (green finance was scored against
// the range of whichever cities were in the data, which reordered the others).
//
// A dimension takes the basis of its indicators (composite_basis, one row per inner node):
// target_attainment, goalposts, mixed (both), no_data (it has scored indicators, none with a
// data column) or not_scored (none can be scored). A not_scored dimension has no score; it is
// left out of the index (its weight shared among the other dimensions) and of the coupling,
// with a warning diagnostic. `coverage` gives, per row and scored node, the share of the
// node's framework weight that entered its score (indicators not scored, without a column or
// missing in that row do not).
//
// Coupling: the top-level dimensions with a positive weight and a basis other than
// not_scored (or those named). What U, the development level of a dimension, is
// (composite_options::coupling_on):
//   schedule (default)  the dimension's share of its judged targets that are met or on track
//                       in the row's period, from the health check on the plan's schedule
//                       (check.hpp: (met + on_track) / (met + on_track + behind_schedule +
//                       missed)); missing when none is judged. A city that meets few of its
//                       targets and is behind on the rest has low U, whatever share of each
//                       target's level it has reached.
//   attainment          U = dimension score / (100 x max(cap, 1)): the share of each target's
//                       level reached. A city evenly at 65 % of every target, behind schedule on
//                       all of them, is "coordinated" on this basis (D = 0.8).
// A dimension without data in a row makes that row's C, T, D missing. With equal alpha,
// C x T = (prod U)^(1/n) for the normative C, so D = (prod U)^(1/(2n)): D is at least 0.5
// (勉强协调 and above) exactly when the geometric mean of U is at least 0.25; the class
// follows D, not C alone (coupling.hpp).
//
// coupling_of: the same coupling coordination for the dimensions of any scoring run.
//
// Independent of the health check (check.hpp); both read a target profile (targets.hpp).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "check.hpp"
#include "coupling.hpp"
#include "error.hpp"
#include "framework.hpp"
#include "names.hpp"
#include "normalise.hpp"
#include "panel.hpp"
#include "recipe.hpp"
#include "result.hpp"
#include "score.hpp"
#include "targets.hpp"

namespace tijian {

/// What the composite score of an indicator or a dimension is measured against.
enum class score_basis { target_attainment, goalposts, mixed, no_data, not_scored };

template <>
struct enum_names<score_basis> {
  static constexpr const char* what = "score basis";
  static constexpr enum_name<score_basis> entries[] = {
      {score_basis::target_attainment, "target_attainment", "目标达成度", "target attainment"},
      {score_basis::goalposts, "goalposts", "固定阈值", "fixed goalposts"},
      {score_basis::mixed, "mixed", "目标达成度与固定阈值", "target attainment and goalposts"},
      {score_basis::no_data, "no_data", "无数据", "no data"},
      {score_basis::not_scored, "not_scored", "未计分", "not scored"},
  };
};

/// What the coupling's development level U of a dimension is (top of this file).
enum class coupling_basis { schedule, attainment };

template <>
struct enum_names<coupling_basis> {
  static constexpr const char* what = "coupling basis";
  static constexpr enum_name<coupling_basis> entries[] = {
      {coupling_basis::schedule, "schedule", "按规划进度的达标与进度正常目标占比",
       "share of targets met or on schedule"},
      {coupling_basis::attainment, "attainment", "目标完成度得分", "target attainment score"},
  };
};

struct composite_options {
  double cap = 1.0;                                       ///< target-ratio cap (1, or 1.2)
  coupling_basis coupling_on = coupling_basis::schedule;  ///< what U is
  /// Everything else of the scoring run (aggregation, missing data, ties, grades); its
  /// normalisation fields are replaced by the basis of each indicator.
  recipe base;
  coupling_options coupling;
  /// Dimensions coupled; empty = the root's children with a positive weight that can be scored.
  std::vector<std::string> subsystems;
};

/// One inner node of the framework (the index and every dimension) and what its score rests on.
struct composite_node_basis {
  std::string code;
  std::string name_zh, name_en;
  std::string parent;   ///< empty for the root
  double weight = 1.0;  ///< framework weight relative to its siblings (the root: 1)
  score_basis basis = score_basis::not_scored;
  std::size_t indicators = 0;           ///< indicators below it in the framework
  std::size_t target_based = 0;         ///< ... scored by target attainment, with a data column
  std::size_t goalpost_based = 0;       ///< ... scored against goalposts, with a data column
  std::size_t scored_without_data = 0;  ///< ... with a target or goalposts, no data column
  std::size_t not_scored = 0;           ///< ... with neither
  bool coupled = false;                 ///< one of the coupled subsystems
};

struct composite_result {
  result scores;                             ///< the scoring run (its framework holds the indicators scored)
  std::vector<std::string> target_based;     ///< indicators scored by target attainment
  std::vector<std::string> goalpost_based;   ///< indicators scored against the framework's goalposts
  std::vector<std::string> not_scored;       ///< indicators with a data column, no level target, no goalposts
  std::vector<std::string> left_out;         ///< framework indicators without a data column
  std::vector<std::string> ignored_columns;  ///< data columns not in the framework
  std::vector<composite_node_basis> basis;   ///< per inner node of the framework, in its order
  /// rows x scores.nodes: share (0-1) of each node's framework weight that entered its score
  Eigen::MatrixXd coverage;
  std::vector<std::string> subsystems;                    ///< dimensions in the coupling (columns of U)
  coupling_basis coupling_on = coupling_basis::schedule;  ///< what U is (top of this file)
  Eigen::MatrixXd u;                    ///< rows x subsystems, in [0, 1]; NaN where a dimension has no score
  coupling_result coupling;             ///< one entry per row of `scores`
  std::vector<diagnostic> diagnostics;  ///< the composite's own, then the scoring run's

  /// The basis entry of an inner node, or nullptr.
  [[nodiscard]] const composite_node_basis* basis_of(const std::string& code) const {
    for (const auto& b : basis)
      if (b.code == code) return &b;
    return nullptr;
  }
};

namespace detail {

/// The level target a composite uses for an indicator: the profile's latest-year target that
/// target-ratio normalisation can express; nullopt otherwise.
inline std::optional<target> ratio_target(const target_profile& p, const std::string& code) {
  std::optional<target> best;
  int best_year = -1;
  for (const auto& t : p.targets) {
    if (t.indicator != code) continue;
    target g;
    g.year = t.year;
    g.source = t.source;
    switch (t.kind) {
      case target_kind::at_least:
        if (!(t.value > 0)) continue;
        g.cmp = comparator::at_least;
        g.value = t.value;
        break;
      case target_kind::at_most:
        if (!(t.value > 0)) continue;
        g.cmp = comparator::at_most;
        g.value = t.value;
        break;
      case target_kind::band:
        if (!(t.value > 0)) continue;
        g.cmp = comparator::within_band;
        g.value = t.value;
        g.upper = t.upper;
        break;
      case target_kind::approximately:  // 左右: the band the tolerance allows
        if (!(t.value - t.tolerance > 0)) continue;
        g.cmp = comparator::within_band;
        g.value = t.value - t.tolerance;
        g.upper = t.value + t.tolerance;
        break;
      case target_kind::yes_no:
        if (t.value == 0.0) continue;
        g.cmp = comparator::at_least;
        g.value = 1.0;
        break;
      case target_kind::progress:
        g.cmp = comparator::at_least;
        g.value = t.value;
        break;
      default: continue;
    }
    if (t.year > best_year) {
      best = g;
      best_year = t.year;
    }
  }
  return best;
}

/// Weight of leaf `leaf` within inner node `node`: the product of relative weights on the path.
inline double weight_within(const framework& fw, std::size_t node, std::size_t leaf) {
  double w = 1.0;
  for (std::size_t a = leaf; a != node && a != framework::npos; a = fw.parent(a)) w *= fw.weight_in_parent(a);
  return w;
}

inline std::string join_codes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ", ") + c;
  return out;
}

}  // namespace detail

/// Composite green-city score of every row of `data` (all periods) and the coupling
/// coordination of its dimensions; see the header comment. Throws what score() throws,
/// framework_error "composite.no_indicators" when no indicator can be scored (a level target or
/// goalposts, and a data column), recipe_error "composite.unknown_subsystem" /
/// "composite.subsystem_not_scored" for a named subsystem that is not a dimension or cannot be
/// scored.
[[nodiscard]] inline composite_result green_city_score(const framework& fw, const panel& data,
                                                       const target_profile& profile,
                                                       const composite_options& o = {}) {
  validate_profile(profile, fw);
  if (!(o.cap > 0) || !std::isfinite(o.cap))
    throw recipe_error("composite.cap", "cap must be a positive number (1 or 1.2)");
  composite_result out;
  // the basis of every indicator
  enum class leaf_basis { target, posts, none };
  std::vector<leaf_basis> lb(fw.size(), leaf_basis::none);
  std::vector<std::optional<target>> goal(fw.size());
  std::vector<char> has_column(fw.size(), 0);
  std::set<std::string> keep_leaf;
  for (std::size_t i : fw.leaves()) {
    const node_spec& n = fw.node(i);
    if (n.dir == direction::target_band) lb[i] = leaf_basis::target;  // the framework's own band
    else if ((goal[i] = detail::ratio_target(profile, n.code))) lb[i] = leaf_basis::target;
    else if (n.posts) lb[i] = leaf_basis::posts;
    has_column[i] = data.column(n.code) >= 0;
    if (!has_column[i]) out.left_out.push_back(n.code);
    else if (lb[i] == leaf_basis::none) out.not_scored.push_back(n.code);
    else {
      keep_leaf.insert(n.code);
      (lb[i] == leaf_basis::target ? out.target_based : out.goalpost_based).push_back(n.code);
    }
  }
  for (const auto& name : data.indicators) {
    const std::size_t i = fw.find(name);
    if (i == framework::npos || !fw.is_leaf(i)) out.ignored_columns.push_back(name);
  }
  // and those the panel's reader left out (data_columns.hpp)
  out.ignored_columns.insert(out.ignored_columns.end(), data.left_out.begin(), data.left_out.end());
  if (keep_leaf.empty())
    throw framework_error("composite.no_indicators",
                          "no indicator of the framework has both a data column" +
                              (data.source.empty() ? std::string() : " in '" + data.source + "'") +
                              " and a level target in profile '" + profile.name +
                              "' or goalposts in the framework; nothing can be scored");

  // the basis of every inner node
  for (std::size_t i : fw.inner_nodes()) {
    composite_node_basis b;
    const node_spec& n = fw.node(i);
    b.code = n.code;
    b.name_zh = n.name_zh;
    b.name_en = n.name_en;
    if (fw.parent(i) != framework::npos) b.parent = fw.node(fw.parent(i)).code;
    b.weight = fw.weight_in_parent(i);
    for (std::size_t leaf : fw.leaves_below(i)) {
      ++b.indicators;
      if (lb[leaf] == leaf_basis::none) ++b.not_scored;
      else if (!has_column[leaf]) ++b.scored_without_data;
      else if (lb[leaf] == leaf_basis::target) ++b.target_based;
      else ++b.goalpost_based;
    }
    if (b.target_based > 0 && b.goalpost_based > 0) b.basis = score_basis::mixed;
    else if (b.target_based > 0) b.basis = score_basis::target_attainment;
    else if (b.goalpost_based > 0) b.basis = score_basis::goalposts;
    else if (b.scored_without_data > 0) b.basis = score_basis::no_data;
    else b.basis = score_basis::not_scored;
    out.basis.push_back(std::move(b));
  }
  for (const auto& b : out.basis) {
    // a weight-0 dimension never enters the composite: nothing is lost by not scoring it
    if (b.basis != score_basis::not_scored || b.parent.empty() || !(b.weight > 0)) continue;
    std::vector<std::string> codes;
    for (std::size_t leaf : fw.leaves_below(fw.at(b.code))) codes.push_back(fw.node(leaf).code);
    detail::add_diag(out.diagnostics, "composite", "composite.dimension_not_scored", severity::warning,
                     b.code, {},
                     {"dimension '" + b.code + "' (" + b.name_en +
                          ") has no indicator with a level target in " + "profile '" + profile.name +
                          "' or goalposts in the framework: not scored, left out of the composite and the "
                          "coupling, its weight shared among the other dimensions (" +
                          std::to_string(codes.size()) +
                          " indicators not scored: " + detail::join_codes(codes) + ")",
                      "维度 '" + b.code + "' (" + b.name_zh + ") 在目标 '" + profile.name +
                          "' 中没有水平目标, 指标体系中也没有固定阈值: 不计分, 不计入综合得分和耦合协调度, "
                          "其权重由其他维度分摊 (未计分指标 " +
                          std::to_string(codes.size()) + " 项: " + detail::join_codes(codes) + ")"});
  }
  if (!out.not_scored.empty())
    detail::add_diag(out.diagnostics, "composite", "composite.indicators_not_scored", severity::info, {}, {},
                     {std::to_string(out.not_scored.size()) +
                          " indicators with data have no level target in the profile and no goalposts in the "
                          "framework and are not scored: " +
                          detail::join_codes(out.not_scored),
                      "有数据的指标中有 " + std::to_string(out.not_scored.size()) +
                          " 项在目标中没有水平目标, 指标体系中也没有固定阈值, 不计分: " +
                          detail::join_codes(out.not_scored)},
                     out.not_scored.size());

  // the framework restricted to the indicators scored, each with its normalisation
  std::vector<char> keep(fw.size(), 0);
  for (std::size_t i : fw.leaves())
    if (keep_leaf.count(fw.node(i).code))
      for (std::size_t a = i; a != framework::npos; a = fw.parent(a)) keep[a] = 1;
  std::vector<node_spec> specs;
  recipe r = o.base;
  r.normalise_by_indicator.clear();
  r.unknown = unknown_columns::error;
  normalisation ratio;
  ratio.method = normalisation_method::target_ratio;
  ratio.cap = o.cap;
  ratio.scale = 100.0;
  normalisation posts;
  posts.method = normalisation_method::goalposts;
  posts.scale = 100.0;
  r.normalise = ratio;
  for (std::size_t i = 0; i < fw.size(); ++i) {
    if (!keep[i]) continue;
    node_spec n = fw.node(i);
    if (fw.is_leaf(i)) {
      n.targets.clear();  // the profile's target only; a band indicator carries its own band
      if (goal[i]) n.targets.push_back(*goal[i]);
      r.normalise_by_indicator[n.code] = lb[i] == leaf_basis::target ? ratio : posts;
    }
    specs.push_back(std::move(n));
  }
  const framework sub(std::move(specs), fw.source());
  panel p = data;
  std::vector<Eigen::Index> cols;
  std::vector<std::string> names;
  for (std::size_t j = 0; j < data.indicators.size(); ++j)
    if (keep_leaf.count(data.indicators[j])) {
      cols.push_back(static_cast<Eigen::Index>(j));
      names.push_back(data.indicators[j]);
    }
  p.indicators = names;
  p.left_out.clear();  // (in ignored_columns above)
  p.values.resize(data.rows(), static_cast<Eigen::Index>(cols.size()));
  for (std::size_t q = 0; q < cols.size(); ++q)
    p.values.col(static_cast<Eigen::Index>(q)) = data.values.col(cols[q]);
  out.scores = score(sub, p, r);
  const result& s = out.scores;

  // coverage: the share of each scored node's framework weight that entered its score
  out.coverage.resize(s.rows(), static_cast<Eigen::Index>(s.nodes.size()));
  for (std::size_t k = 0; k < s.nodes.size(); ++k) {
    const std::size_t node = fw.at(s.nodes[k]);
    const std::vector<std::size_t> leaves = fw.leaves_below(node);
    double total = 0;
    for (std::size_t leaf : leaves) total += detail::weight_within(fw, node, leaf);
    for (Eigen::Index i = 0; i < s.rows(); ++i) {
      double in = 0;
      for (std::size_t leaf : leaves)
        if (keep_leaf.count(fw.node(leaf).code) &&
            !std::isnan(s.normalised(i, s.column_of(fw.node(leaf).code))))
          in += detail::weight_within(fw, node, leaf);
      out.coverage(i, static_cast<Eigen::Index>(k)) = total > 0 ? in / total
                                                                : std::numeric_limits<double>::quiet_NaN();
    }
  }

  // the coupled dimensions
  if (o.subsystems.empty()) {
    for (std::size_t d : fw.children(fw.root()))
      if (fw.weight_in_parent(d) > 0 && out.basis_of(fw.node(d).code)->basis != score_basis::not_scored)
        out.subsystems.push_back(fw.node(d).code);
  } else {
    for (const auto& code : o.subsystems) {
      const std::size_t i = fw.find(code);
      if (i == framework::npos || fw.is_leaf(i))
        throw recipe_error("composite.unknown_subsystem",
                           "subsystem '" + code + "' is not a dimension of the framework");
      if (out.basis_of(code)->basis == score_basis::not_scored)
        throw recipe_error("composite.subsystem_not_scored",
                           "subsystem '" + code +
                               "' has no indicator with a level target or goalposts: it "
                               "cannot be scored on the target basis, so it cannot be coupled");
      out.subsystems.push_back(code);
    }
  }
  for (auto& b : out.basis)
    b.coupled = std::find(out.subsystems.begin(), out.subsystems.end(), b.code) != out.subsystems.end();
  out.u.resize(s.rows(), static_cast<Eigen::Index>(out.subsystems.size()));
  const double top = 100.0 * std::max(o.cap, 1.0);
  for (std::size_t q = 0; q < out.subsystems.size(); ++q) {
    const auto col = static_cast<Eigen::Index>(q);
    if (sub.find(out.subsystems[q]) == framework::npos) {  // scored indicators, none with data
      out.u.col(col).setConstant(std::numeric_limits<double>::quiet_NaN());
      detail::add_diag(out.diagnostics, "composite", "composite.subsystem_no_data", severity::warning,
                       out.subsystems[q], {},
                       {"dimension '" + out.subsystems[q] +
                            "' has targets but none of its indicators has a data "
                            "column: no score, so no coupling coordination for any row",
                        "维度 '" + out.subsystems[q] +
                            "' 有目标, 但其指标都没有数据列: 没有得分, 因而所有行都没有耦合协调度"});
      continue;
    }
    const Eigen::VectorXd v = s.score_of(out.subsystems[q]);
    for (Eigen::Index i = 0; i < v.size(); ++i)
      out.u(i, col) = std::isnan(v[i]) ? v[i] : std::clamp(v[i] / top, 0.0, 1.0);
  }
  out.coupling_on = o.coupling_on;
  if (o.coupling_on == coupling_basis::schedule && !out.subsystems.empty()) {
    // U = the share of the dimension's judged targets met or on track, per unit and period
    std::map<std::pair<std::string, std::string>, double> share;
    std::vector<std::string> periods;
    for (Eigen::Index i = 0; i < s.rows(); ++i)
      if (std::find(periods.begin(), periods.end(), s.periods[static_cast<std::size_t>(i)]) == periods.end())
        periods.push_back(s.periods[static_cast<std::size_t>(i)]);
    for (const auto& period : periods) {
      check_options co;
      co.period = period;
      co.cap = o.cap;
      co.include_not_applicable = false;
      const check_result cr = check(fw, data, profile, co);
      for (const auto& a : cr.achievement) {
        const std::size_t judged = a.met + a.on_track + a.behind_schedule + a.missed;
        share[{a.unit + "\x1f" + a.dimension, period}] =
            judged == 0 ? std::numeric_limits<double>::quiet_NaN()
                        : static_cast<double>(a.met + a.on_track) / static_cast<double>(judged);
      }
    }
    for (std::size_t q = 0; q < out.subsystems.size(); ++q)
      for (Eigen::Index i = 0; i < s.rows(); ++i) {
        const auto k = static_cast<std::size_t>(i);
        auto it = share.find({s.units[k] + "\x1f" + out.subsystems[q], s.periods[k]});
        out.u(i, static_cast<Eigen::Index>(q)) = it == share.end() ? std::numeric_limits<double>::quiet_NaN()
                                                                   : it->second;
      }
  }
  if (out.subsystems.size() >= 2) out.coupling = coupling(out.u, o.coupling);
  out.diagnostics.insert(out.diagnostics.end(), s.diagnostics.begin(), s.diagnostics.end());
  return out;
}

/// Coupling coordination of the dimensions of any scoring run: U = score / best (best = 100 for
/// 0-100 scores), dimensions = the root's children with a positive weight unless named.
[[nodiscard]] inline coupling_result coupling_of(const result& r, std::vector<std::string> dimensions = {},
                                                 double best = 100.0, const coupling_options& o = {}) {
  const framework& fw = r.framework;
  if (dimensions.empty())
    for (std::size_t d : fw.children(fw.root()))
      if (fw.weight_in_parent(d) > 0) dimensions.push_back(fw.node(d).code);
  if (!(best > 0)) throw recipe_error("coupling.best", "best must be positive (100 or 1)");
  Eigen::MatrixXd u(r.rows(), static_cast<Eigen::Index>(dimensions.size()));
  for (std::size_t q = 0; q < dimensions.size(); ++q) {
    const std::size_t i = fw.find(dimensions[q]);
    if (i == framework::npos || fw.is_leaf(i))
      throw recipe_error("coupling.unknown_subsystem",
                         "'" + dimensions[q] + "' is not a dimension of the framework");
    u.col(static_cast<Eigen::Index>(q)) = r.score_of(dimensions[q]) / best;
  }
  return coupling(u, o);
}

}  // namespace tijian
