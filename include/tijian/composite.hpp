// SPDX-License-Identifier: MIT
// The composite green-city score (green_city_score): tijian::score over the panel with
// target-ratio normalisation for indicators with a level target in the profile (at_least,
// at_most, band, yes_no as >= 1, progress as done / total), capped, times 100; the other
// indicators (finance, year-on-year and change targets, no target) normalised by the fallback
// (min-max 0-100 over all periods); the framework's weights; arithmetic aggregation; then the
// coupling coordination degree of the top-level dimensions (coupling.hpp), U = dimension score
// / (100 x max(cap, 1)). coupling_of: the same coupling coordination for the dimensions of
// any scoring run.
//
// Independent of the health check (check.hpp); both read a target profile (targets.hpp).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "coupling.hpp"
#include "error.hpp"
#include "framework.hpp"
#include "normalise.hpp"
#include "panel.hpp"
#include "recipe.hpp"
#include "result.hpp"
#include "score.hpp"
#include "targets.hpp"

namespace tijian {

struct composite_options {
  double cap = 1.0;  ///< target-ratio cap (1, or 1.2)
  /// Normalisation of indicators without a level target (finance, year-on-year and change
  /// targets): min-max 0-100 over all periods by default, so that years are comparable.
  normalisation fallback = [] {
    normalisation n;
    n.method = normalisation_method::min_max;
    n.lower = 0;
    n.upper = 100;
    n.fit = fit_scope::pooled;
    return n;
  }();
  /// Everything else of the scoring run (aggregation, missing data, ties, grades); its
  /// normalisation fields are replaced.
  recipe base;
  coupling_options coupling;
  /// Dimensions coupled; empty = the root's children with a positive weight.
  std::vector<std::string> subsystems;
};

struct composite_result {
  result scores;                             ///< the scoring run (its framework holds the indicators used)
  std::vector<std::string> target_based;     ///< indicators normalised by target ratio
  std::vector<std::string> relative;         ///< indicators normalised by the fallback
  std::vector<std::string> left_out;         ///< framework indicators without a data column
  std::vector<std::string> ignored_columns;  ///< data columns not in the framework
  std::vector<std::string> subsystems;       ///< dimensions in the coupling (columns of U)
  Eigen::MatrixXd u;                         ///< rows x subsystems, in [0, 1]
  coupling_result coupling;                  ///< one entry per row of `scores`
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

}  // namespace detail

/// Composite green-city score of every row of `data` (all periods) and the coupling
/// coordination of its dimensions; see the header comment. Throws what score() throws, and
/// framework_error "composite.no_indicators" when no framework indicator has a data column.
[[nodiscard]] inline composite_result green_city_score(const framework& fw, const panel& data,
                                                       const target_profile& profile,
                                                       const composite_options& o = {}) {
  validate_profile(profile, fw);
  if (!(o.cap > 0) || !std::isfinite(o.cap))
    throw recipe_error("composite.cap", "cap must be a positive number (1 or 1.2)");
  composite_result out;
  // framework restricted to indicators with data, targets from the profile
  std::set<std::string> keep_leaf;
  for (std::size_t i : fw.leaves()) {
    const std::string& code = fw.node(i).code;
    if (data.column(code) >= 0) keep_leaf.insert(code);
    else out.left_out.push_back(code);
  }
  if (keep_leaf.empty())
    throw framework_error("composite.no_indicators",
                          "no indicator of the framework has a column in the data" +
                              (data.source.empty() ? std::string() : " '" + data.source + "'"));
  std::vector<char> keep(fw.size(), 0);
  for (std::size_t i : fw.leaves())
    if (keep_leaf.count(fw.node(i).code))
      for (std::size_t a = i; a != framework::npos; a = fw.parent(a)) keep[a] = 1;
  std::vector<node_spec> specs;
  recipe r = o.base;
  r.normalise = o.fallback;
  r.normalise_by_indicator.clear();
  r.unknown = unknown_columns::error;
  normalisation ratio;
  ratio.method = normalisation_method::target_ratio;
  ratio.cap = o.cap;
  ratio.scale = 100.0;
  for (std::size_t i = 0; i < fw.size(); ++i) {
    if (!keep[i]) continue;
    node_spec n = fw.node(i);
    if (fw.is_leaf(i)) {
      n.targets.clear();
      if (n.dir != direction::target_band) {
        if (auto g = detail::ratio_target(profile, n.code)) {
          n.targets.push_back(*g);
          r.normalise_by_indicator[n.code] = ratio;
          out.target_based.push_back(n.code);
        } else {
          out.relative.push_back(n.code);
        }
      } else {
        r.normalise_by_indicator[n.code] = ratio;  // a band indicator carries its own band
        out.target_based.push_back(n.code);
      }
    }
    specs.push_back(std::move(n));
  }
  const framework sub(std::move(specs), fw.source());
  // the data columns of the kept indicators only
  panel p = data;
  std::vector<Eigen::Index> cols;
  std::vector<std::string> names;
  for (std::size_t j = 0; j < data.indicators.size(); ++j) {
    if (keep_leaf.count(data.indicators[j])) {
      cols.push_back(static_cast<Eigen::Index>(j));
      names.push_back(data.indicators[j]);
    } else {
      out.ignored_columns.push_back(data.indicators[j]);
    }
  }
  p.indicators = names;
  p.values.resize(data.rows(), static_cast<Eigen::Index>(cols.size()));
  for (std::size_t q = 0; q < cols.size(); ++q)
    p.values.col(static_cast<Eigen::Index>(q)) = data.values.col(cols[q]);
  out.scores = score(sub, p, r);

  // coupling of the top-level dimensions
  if (o.subsystems.empty()) {
    for (std::size_t d : sub.children(sub.root()))
      if (sub.weight_in_parent(d) > 0) out.subsystems.push_back(sub.node(d).code);
  } else {
    for (const auto& code : o.subsystems) {
      const std::size_t i = sub.find(code);
      if (i == framework::npos || sub.is_leaf(i))
        throw recipe_error("composite.unknown_subsystem",
                           "subsystem '" + code + "' is not a dimension with data in the framework");
      out.subsystems.push_back(code);
    }
  }
  out.u.resize(out.scores.rows(), static_cast<Eigen::Index>(out.subsystems.size()));
  const double top = 100.0 * std::max(o.cap, 1.0);
  for (std::size_t q = 0; q < out.subsystems.size(); ++q) {
    const Eigen::VectorXd s = out.scores.score_of(out.subsystems[q]);
    for (Eigen::Index i = 0; i < s.size(); ++i)
      out.u(i, static_cast<Eigen::Index>(q)) = std::isnan(s[i]) ? s[i] : std::clamp(s[i] / top, 0.0, 1.0);
  }
  if (out.subsystems.size() >= 2) out.coupling = coupling(out.u, o.coupling);
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
