// SPDX-License-Identifier: MIT
// The one scoring entry: framework + panel + recipe -> result. The run is a sequence of pure
// steps (match columns, normalise, weigh, aggregate, rank, grade); each records what it did in
// the diagnostics, and none reaches back into an earlier one.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <exception>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "aggregate.hpp"
#include "data_columns.hpp"
#include "detail/hash.hpp"
#include "detail/memory.hpp"
#include "error.hpp"
#include "framework.hpp"
#include "normalise.hpp"
#include "panel.hpp"
#include "prepare.hpp"
#include "rank.hpp"
#include "recipe.hpp"
#include "result.hpp"
#include "version.hpp"
#include "weights.hpp"

namespace tijian {

namespace detail {

/// What the data reader did (panel::notes), as "data.reader" info diagnostics in both languages.
inline void add_reader_notes(std::vector<diagnostic>& out, const panel& data) {
  for (std::size_t k = 0; k < data.notes.size(); ++k)
    add_diag(out, "data", "data.reader", severity::info, {}, {},
             {data.notes[k], k < data.notes_zh.size() ? data.notes_zh[k] : std::string()});
}

/// Units of measure the table of units.hpp does not know, once each ("data.unit_unknown", info):
/// they are shown as written in both languages.
inline void add_unit_notes(std::vector<diagnostic>& out, const framework& fw) {
  for (const unknown_unit& u : unknown_units(fw)) {
    std::string codes;
    for (const auto& c : u.indicators) codes += (codes.empty() ? "" : ", ") + c;
    add_diag(out, "data", "data.unit_unknown", severity::info, u.indicators.front(), {},
             {"unit '" + u.unit +
                  "' is not in the table of units (units.hpp); shown as written in both "
                  "languages (indicators: " +
                  codes + ")",
              "计量单位 '" + u.unit + "' 不在单位表 (units.hpp) 中, 中英文输出均按原文显示 (指标: " + codes +
                  ")"},
             u.indicators.size());
  }
}

// --- numeric guards: every value the run finalises is checked once where it is made, so that an
// overflow (a power mean with a large p, values near 1e308, weights of 1e308) is an error naming
// the step, unit and indicator rather than an inf or NaN score with exit 0. NaN stays "missing":
// only a NaN made from finite inputs is an overflow.

/// A normalised value that is infinite. (NaN stays "missing": a constant indicator is NaN by
/// its policy, and min-max of values that overflow cannot arise below panel::max_value.)
/// Columns marked in `proven_finite` (normalise_all) cannot hold one and are skipped.
inline void check_normalised(const framework& fw, const panel& data, const std::vector<Eigen::Index>& col,
                             const Eigen::MatrixXd& z, bool raw_overwritten = false,
                             const std::vector<unsigned char>* proven_finite = nullptr) {
  for (Eigen::Index k = 0; k < z.cols(); ++k) {
    if (proven_finite && (*proven_finite)[static_cast<std::size_t>(k)]) continue;
    const double* v = z.col(k).data();
    const Eigen::Index c = col[static_cast<std::size_t>(k)];
    for (Eigen::Index i = 0; i < z.rows(); ++i) {
      if (!std::isinf(v[i])) continue;
      location l = data.where_row(static_cast<std::size_t>(i));
      l.indicator = fw.node(fw.leaves()[static_cast<std::size_t>(k)]).code;
      throw data_error("normalise.non_finite",
                       "normalising gave " + detail::format_double(v[i]) + " for the value " +
                           (c < 0 || raw_overwritten ? std::string("-")
                                                     : detail::format_double(data.values(i, c))) +
                           " (an overflow: values, bounds or the scale too large for double precision); "
                           "rescale the indicator or the normalisation",
                       l);
    }
  }
}

/// Weights: every node's relative weight finite and >= 0.
inline void check_weights(const framework& fw, const Eigen::VectorXd& w, const std::string& source) {
  for (Eigen::Index i = 0; i < w.size(); ++i)
    if (!(std::isfinite(w[i]) && w[i] >= 0)) {
      location l;
      l.file = source;
      l.node = fw.node(static_cast<std::size_t>(i)).code;
      throw framework_error("weights.non_finite",
                            "the weighting step gave the weight " + detail::format_double(w[i]) +
                                " (an overflow: weights too large for double precision, or a degenerate "
                                "data-driven weighting); give weights of moderate size",
                            l);
    }
}

/// The fuzzy evaluation of inner node `k` (mcda_fuzzy.hpp): its indicators' raw (prepared) values
/// in `values` (column `col[leaf position]`) against their grade standards, composed with the
/// children's weights `w`, then the node's missing-data policy. validate_recipe made sure every
/// child is an indicator with standards. `memberships` receives B per row; `not_applicable`, if
/// given, counts the children not applicable per row (as aggregate_into).
inline void fuzzy_node(const framework& fw, std::size_t k, const recipe& r, const aggregation& how,
                       const Eigen::MatrixXd& values, const std::vector<Eigen::Index>& col,
                       const std::vector<double>& w, Eigen::MatrixXd& memberships, double* out,
                       aggregate_report& report, const unsigned* not_applicable = nullptr) {
  std::vector<const double*> raw;
  std::vector<const std::vector<double>*> standards;
  for (std::size_t c : fw.children(k)) {
    raw.push_back(values.col(col[fw.leaf_position(c)]).data());
    standards.push_back(&r.fuzzy.breakpoints.at(fw.node(c).code));
  }
  const Eigen::Index n = values.rows();
  fuzzy_scores(raw, standards, w, n, how.fuzzy_op, how.fuzzy_result, r.fuzzy.grade_values(), memberships,
               out);
  apply_missing_policy(r.missing_for(fw.node(k).code), raw, n, out, report, not_applicable);
}

/// Scores of one aggregate: infinite, or NaN although every child is present.
inline void check_aggregated(const panel& data, const std::string& node, const aggregation& how,
                             const std::vector<const double*>& children, const double* score) {
  const Eigen::Index n = data.rows();
  for (Eigen::Index i = 0; i < n; ++i) {
    if (std::isfinite(score[i])) continue;
    if (std::isnan(score[i])) {
      bool all_present = true;
      for (const double* c : children) all_present = all_present && std::isfinite(c[i]);
      if (!all_present) continue;  // missing by the missing-data policy
    }
    location l = data.where_row(static_cast<std::size_t>(i));
    l.node = node;
    throw recipe_error("aggregate.non_finite",
                       std::string("the ") + to_string(how.method) +
                           (how.method == aggregation_method::power_mean
                                ? " (p = " + detail::format_double(how.p) + ")"
                                : std::string()) +
                           " aggregation gave " + detail::format_double(score[i]) +
                           " from finite children (an overflow); use a smaller p or rescale the data",
                       l);
  }
}

/// Checks everything in the recipe that can be checked before touching data.
inline void validate_recipe(const framework& fw, const panel& data, const recipe& r) {
  r.grades.validate();
  if (!(std::isfinite(r.tie_tolerance) && r.tie_tolerance >= 0))
    throw recipe_error("recipe.tie_tolerance", "ranks.tolerance must be a number >= 0 (in score units)");
  if (!(r.missing.min_share > 0 && r.missing.min_share <= 1))
    throw recipe_error("recipe.min_share", "missing.min_share must be in (0, 1]");
  auto check_fill = [&](const missing_data& m, const std::string& where) {
    if (m.fill == score_fill::group_mean || m.fill == score_fill::group_median) {
      if (m.fill_group.empty())
        throw recipe_error("recipe.bad_value",
                           where + ": fill = \"" + to_string(m.fill) + "\" needs fill_group");
      (void)group_labels(data, m.fill_group, where + ".fill_group");
    }
  };
  check_fill(r.missing, "missing");
  for (const auto& [code, m] : r.missing_by_node) {
    const std::size_t i = fw.find(code);
    if (i == framework::npos || fw.is_leaf(i))
      throw recipe_error("recipe.unknown_node", "missing.by_node names '" + code +
                                                    "', which is not an aggregate node of the framework");
    if (!(m.min_share > 0 && m.min_share <= 1))
      throw recipe_error("recipe.min_share", "missing.by_node." + code + ".min_share must be in (0, 1]");
    check_fill(m, "missing.by_node." + code);
  }
  validate_applicability(fw, r.not_applicable);
  // output ranges: finite, and an increasing range / a positive sd (else the method is silently
  // another one: a flipped or constant scale)
  auto check_norm = [](const normalisation& n, const std::string& where) {
    auto bad = [&](const std::string& what) {
      throw recipe_error("recipe.bad_normalisation", where + ": " + what);
    };
    if (!(std::isfinite(n.lower) && std::isfinite(n.upper) && n.lower < n.upper))
      bad("min_max needs finite lower < upper (got " + detail::format_double(n.lower) + ", " +
          detail::format_double(n.upper) + ")");
    if (!(std::isfinite(n.mean) && std::isfinite(n.sd) && n.sd > 0))
      bad("z_score needs a finite mean and a finite sd > 0 (got mean " + detail::format_double(n.mean) +
          ", sd " + detail::format_double(n.sd) + ")");
    if (!(std::isfinite(n.scale) && n.scale > 0))
      bad("scale must be a finite number > 0 (got " + detail::format_double(n.scale) + ")");
    if (!(std::isfinite(n.efficacy_floor) && std::isfinite(n.efficacy_span)))
      bad("efficacy floor and span must be finite");
    if (std::isinf(n.cap)) bad("cap must be finite (or left out)");
  };
  check_norm(r.normalise, "normalise");
  for (const auto& [code, n] : r.normalise_by_indicator) {
    const std::size_t i = fw.find(code);
    if (i == framework::npos || !fw.is_leaf(i))
      throw recipe_error("recipe.unknown_indicator", "normalise.by_indicator names '" + code +
                                                         "', which is not an indicator of the framework");
    check_norm(n, "normalise.by_indicator." + code);
  }
  auto check_agg = [](const aggregation& a, const std::string& where) {
    if (a.method == aggregation_method::power_mean && (!std::isfinite(a.p) || a.p == 0))
      throw recipe_error("recipe.bad_power",
                         where + ": power mean needs a finite p != 0 (use geometric for p = 0)");
    if (a.zeros == geometric_zeros::floor && !(a.zero_floor > 0))
      throw recipe_error("recipe.bad_floor", where + ": zero_floor must be positive");
    if (a.method == aggregation_method::vikor && !(a.v >= 0 && a.v <= 1))
      throw recipe_error("recipe.bad_vikor_v",
                         where + ": VIKOR's v (weight of the group utility) must be in [0, 1]");
    if (a.method == aggregation_method::waspas && !(a.lambda >= 0 && a.lambda <= 1))
      throw recipe_error("recipe.bad_waspas_lambda",
                         where + ": WASPAS's lambda (weight of the weighted sum) must be in [0, 1] (got " +
                             detail::format_double(a.lambda) + ")");
    if ((a.method == aggregation_method::grey_relational || a.method == aggregation_method::grey_topsis) &&
        !(a.rho > 0 && a.rho <= 1))
      throw recipe_error("recipe.bad_grey_rho",
                         where + ": the grey distinguishing coefficient rho must be in (0, 1] (got " +
                             detail::format_double(a.rho) + ")");
    if (a.method == aggregation_method::grey_topsis && !(a.alpha >= 0 && a.alpha <= 1))
      throw recipe_error("recipe.bad_grey_alpha",
                         where + ": grey-TOPSIS's alpha (weight of the distances) must be in [0, 1] (got " +
                             detail::format_double(a.alpha) + ")");
    if (a.method != aggregation_method::promethee_ii) return;
    const preference_function f = a.preference;
    const bool needs_q = f == preference_function::u_shape || f == preference_function::level ||
                         f == preference_function::linear;
    const bool needs_p = f == preference_function::v_shape || f == preference_function::level ||
                         f == preference_function::linear;
    if (needs_q && !(std::isfinite(a.q) && a.q >= 0))
      throw recipe_error("recipe.bad_threshold",
                         where + ": the " + to_string(f) +
                             " preference function needs an indifference threshold q >= 0");
    if (needs_p && !(std::isfinite(a.p) && a.p > 0 && (f == preference_function::v_shape || a.p > a.q)))
      throw recipe_error("recipe.bad_threshold",
                         where + ": the " + to_string(f) +
                             " preference function needs a preference threshold p > 0" +
                             (f == preference_function::v_shape ? "" : " and p > q"));
    if (f == preference_function::gaussian && !(std::isfinite(a.s) && a.s > 0))
      throw recipe_error("recipe.bad_threshold", where + ": the gaussian preference function needs s > 0");
  };
  check_agg(r.aggregate, "aggregate");
  for (const auto& [lvl, a] : r.aggregate_by_level) {
    if (lvl < 2 || lvl > fw.max_level())
      throw recipe_error("recipe.unknown_level", "aggregate.by_level names level " + std::to_string(lvl) +
                                                     "; the framework's aggregates are levels 2 to " +
                                                     std::to_string(fw.max_level()));
    check_agg(a, "aggregate.by_level." + std::to_string(lvl));
  }
  for (const auto& [code, a] : r.aggregate_by_node) {
    const std::size_t i = fw.find(code);
    if (i == framework::npos || fw.is_leaf(i))
      throw recipe_error("recipe.unknown_node", "aggregate.by_node names '" + code +
                                                    "', which is not an aggregate node of the framework");
    check_agg(a, "aggregate.by_node." + code);
  }
  // fuzzy comprehensive evaluation: the standards name indicators, and every node scored with it
  // has only indicators with standards as children
  for (const auto& [code, b] : r.fuzzy.breakpoints) {
    const std::size_t i = fw.find(code);
    if (i == framework::npos || !fw.is_leaf(i))
      throw recipe_error("recipe.unknown_indicator",
                         "fuzzy.standards names '" + code + "', which is not an indicator of the framework");
  }
  for (std::size_t k : fw.inner_nodes()) {
    const node_spec& node = fw.node(k);
    if (r.aggregation_for(node.code, fw.level(k), node.aggregate_with).method != aggregation_method::fuzzy)
      continue;
    for (std::size_t c : fw.children(k)) {
      const std::string& child = fw.node(c).code;
      if (!fw.is_leaf(c))
        throw recipe_error("recipe.fuzzy_missing_standard",
                           "node '" + node.code +
                               "' is scored with fuzzy comprehensive evaluation, but its child '" + child +
                               "' is an aggregate; the evaluation reads indicator values against their grade "
                               "standards (score the level above the indicators with it)",
                           location{{}, 0, 0, node.code, {}, child, {}},
                           "节点 '" + node.code + "' 采用模糊综合评价, 但其子项 '" + child +
                               "' 不是指标; 模糊综合评价按分级标准读取指标值");
      if (!r.fuzzy.breakpoints.count(child))
        throw recipe_error("recipe.fuzzy_missing_standard",
                           "node '" + node.code +
                               "' is scored with fuzzy comprehensive evaluation, but indicator '" + child +
                               "' has no grade standards: add " + child +
                               " = [one breakpoint per grade] to [fuzzy.standards]",
                           location{{}, 0, 0, node.code, {}, child, {}},
                           "节点 '" + node.code + "' 采用模糊综合评价, 但指标 '" + child +
                               "' 没有分级标准: 请在 [fuzzy.standards] 中加入 " + child +
                               " = [每个等级一个标准值]");
    }
  }
  for (const auto& [code, v] : r.weights.overrides) {
    if (fw.find(code) == framework::npos)
      throw recipe_error("recipe.unknown_node",
                         "weights.overrides names '" + code + "', which is not in the framework");
    if (!std::isfinite(v) || v < 0)
      throw recipe_error("recipe.bad_weight", "weights.overrides." + code + " must be >= 0");
  }
  for (const auto& [code, m] : r.weights.ahp) {
    const std::size_t i = fw.find(code);
    if (i == framework::npos || fw.is_leaf(i))
      throw recipe_error("recipe.unknown_node",
                         "weights.ahp names '" + code + "', which is not an aggregate node");
    const auto k = static_cast<Eigen::Index>(fw.children(i).size());
    if (m.rows() != k || m.cols() != k)
      throw recipe_error("recipe.ahp_shape", "weights.ahp." + code + " must be " + std::to_string(k) + " x " +
                                                 std::to_string(k) +
                                                 " (one row and column per child, in framework order)");
  }
  if (!r.weights.fit_period.empty() &&
      std::find(data.periods.begin(), data.periods.end(), r.weights.fit_period) == data.periods.end())
    throw recipe_error("recipe.unknown_period",
                       "weights.fit_period '" + r.weights.fit_period + "' is not in the data");
  if (r.weights.combine == weight_combination::linear && !(r.weights.alpha >= 0 && r.weights.alpha <= 1))
    throw recipe_error("recipe.bad_alpha", "weights.alpha must be in [0, 1]");
}

/// Panel column of every framework leaf; unknown data columns, those in the panel and those
/// its reader left out, per the recipe's policy (data_columns.hpp).
inline std::vector<Eigen::Index> match_columns(const framework& fw, const panel& data, const recipe& r,
                                               std::vector<diagnostic>& diags,
                                               const std::vector<std::string>& left_out) {
  std::vector<Eigen::Index> col(fw.leaves().size(), -1);
  std::map<std::string, Eigen::Index> by_name;
  for (std::size_t j = 0; j < data.indicators.size(); ++j)
    by_name.emplace(data.indicators[j], static_cast<Eigen::Index>(j));
  for (std::size_t k = 0; k < fw.leaves().size(); ++k) {
    const node_spec& n = fw.node(fw.leaves()[k]);
    auto it = by_name.find(n.code);
    if (it == by_name.end()) {
      location l = n.where;
      if (l.file.empty()) l.file = fw.source();
      l.node = n.code;
      throw framework_error("framework.indicator_without_data",
                            "indicator has no column in the data" +
                                (data.source.empty() ? std::string() : " '" + data.source + "'") +
                                ": add a column named '" + n.code + "' (empty cells for missing)",
                            l);
    }
    col[k] = it->second;
  }
  const std::set<std::string> inputs = data_input_names(fw);
  for (const auto* names : {&data.indicators, &left_out})
    for (const auto& name : *names) {
      if (names == &data.indicators && inputs.count(name)) continue;
      if (r.unknown == unknown_columns::error) throw_unknown_column(fw, data.source, name);
      note_unknown_column(diags, name, severity::warning);
    }
  return col;
}

/// Which rows a normalisation is fitted on and applied to: (fit rows, apply rows) pairs, as
/// pointers into period_rows (no copies: this runs for every column); null = all rows.
using row_set = const std::vector<Eigen::Index>*;
inline std::vector<std::pair<row_set, row_set>> fit_plan(const normalisation& how, const period_rows& periods,
                                                         Eigen::Index n_rows) {
  std::vector<std::pair<row_set, row_set>> plan;
  auto all_or = [n_rows](const std::vector<Eigen::Index>& rows) -> row_set {
    return static_cast<Eigen::Index>(rows.size()) == n_rows ? nullptr : &rows;
  };
  switch (how.fit) {
    case fit_scope::per_period:
      for (const auto& rows : periods.rows) plan.emplace_back(all_or(rows), all_or(rows));
      break;
    case fit_scope::pooled: plan.emplace_back(nullptr, nullptr); break;
    case fit_scope::one_period: {
      const auto* rows = periods.find(how.fit_period);
      if (!rows)
        throw recipe_error("recipe.unknown_period",
                           "normalise.fit_period '" + how.fit_period + "' is not in the data");
      plan.emplace_back(all_or(*rows), nullptr);
      break;
    }
  }
  return plan;
}

/// Also fills `column_hashes` (per panel column) for the provenance, in the pass that fits.
/// `out` may be the panel's own matrix (`&out == &data.values`, leaf k in column k): then each
/// column is normalised where it is, after its hash and its count of missing values are taken.
/// `proven_finite` (per leaf) says which columns are known to hold finite values only (a linear
/// method fitted on the rows it wrote, nothing missing, its image bounded): check_normalised
/// and the count of incomplete rows skip them.
inline void normalise_all(const framework& fw, const panel& data, const recipe& r,
                          const std::vector<Eigen::Index>& col, const period_rows& periods,
                          Eigen::MatrixXd& out, std::vector<diagnostic>& diags,
                          std::vector<std::uint64_t>& column_hashes,
                          std::vector<unsigned char>& proven_finite, const cell_mask* na = nullptr) {
  column_hashes.assign(static_cast<std::size_t>(data.cols()), 0);
  const Eigen::Index n = data.rows();
  const auto n_leaves = static_cast<Eigen::Index>(fw.leaves().size());
  if (&out != &data.values) {
    out.resize(n, n_leaves);
    advise_huge_pages(out.data(), static_cast<std::size_t>(out.size()) * sizeof(double));
  }
  std::vector<indicator_context> ctx(static_cast<std::size_t>(n_leaves));
  // Checks that can fail (no target, no goalposts, unknown reference) run before the parallel
  // part, so that no exception has to cross an OpenMP region.
  for (Eigen::Index j = 0; j < n_leaves; ++j) {
    const node_spec& node = fw.node(fw.leaves()[static_cast<std::size_t>(j)]);
    const normalisation& how = r.normalisation_for(node.code);
    ctx[static_cast<std::size_t>(j)] = indicator_context::of(node, how.target_year);
    (void)fit_column(how, ctx[static_cast<std::size_t>(j)], nullptr, nullptr, 0);
    if (how.method == normalisation_method::distance_to_reference &&
        std::find(data.units.begin(), data.units.end(), how.reference_unit) == data.units.end())
      throw recipe_error("recipe.unknown_reference",
                         "reference unit '" + how.reference_unit + "' is not in the data",
                         location{data.source, 0, 0, {}, how.reference_unit, node.code, {}});
  }
  std::vector<std::vector<std::string>> constant_in(static_cast<std::size_t>(n_leaves));
  std::vector<std::string> failure(static_cast<std::size_t>(n_leaves));
  std::vector<std::exception_ptr> failed(static_cast<std::size_t>(n_leaves));
  std::vector<std::size_t> missing_count(static_cast<std::size_t>(n_leaves), 0);
  std::vector<unsigned char>& finite = proven_finite;
  finite.assign(static_cast<std::size_t>(n_leaves), 1);

  // small problems run serially: a parallel region costs more than normalising a few columns
  [[maybe_unused]] const bool parallel_columns = static_cast<double>(n) * static_cast<double>(n_leaves) > 2e5;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) if (parallel_columns)
#endif
  for (Eigen::Index j = 0; j < n_leaves; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    const indicator_context& c = ctx[ju];
    const normalisation& how = r.normalisation_for(c.code);
    const double* x = data.values.col(col[ju]).data();
    double* o = out.col(j).data();
    try {
      std::size_t fitted = 0;
      // rank-type and goalpost methods do not count while fitting; they count the input's NaN
      // (before the column is overwritten when normalising in place)
      const bool counted = how.fit != fit_scope::one_period &&
                           how.method != normalisation_method::goalposts &&
                           how.method != normalisation_method::target_ratio;
      const std::size_t nan_count =
          counted ? 0 : static_cast<std::size_t>(Eigen::Map<const Eigen::ArrayXd>(x, n).isNaN().count());
      for (const auto& [fit_rows, apply_rows] : fit_plan(how, periods, n)) {
        const Eigen::Index* fit_idx = fit_rows ? fit_rows->data() : nullptr;
        const std::size_t fit_n = fit_rows ? fit_rows->size() : static_cast<std::size_t>(n);
        const double* ref = nullptr;
        double ref_value = 0;
        if (how.method == normalisation_method::distance_to_reference) {
          for (std::size_t k = 0; k < fit_n; ++k) {
            const Eigen::Index i = fit_idx ? fit_idx[k] : static_cast<Eigen::Index>(k);
            if (data.units[static_cast<std::size_t>(i)] == how.reference_unit && !std::isnan(x[i])) {
              ref_value = x[i];
              ref = &ref_value;
              break;
            }
          }
        }
        std::uint64_t& hash = column_hashes[static_cast<std::size_t>(col[ju])];
        const bool want_hash = hash == 0;
        bool hashed = false;
        const column_fit f = fit_column(how, c, x, fit_idx, fit_n, ref, want_hash ? &hash : nullptr, &hashed);
        if (want_hash && !hashed) hash = panel::column_hash(x, n);
        fitted += f.n;
        // every row it writes fitted, none missing, and its image bounded
        finite[ju] = finite[ju] && fit_rows == apply_rows && f.n == fit_n && linear_image_bounded(how, f, c);
        if (f.constant && f.n > 0)
          constant_in[ju].push_back(periods.labels.size() == 1 || how.fit != fit_scope::per_period
                                        ? std::string()
                                        : data.periods[static_cast<std::size_t>(fit_idx ? fit_idx[0] : 0)]);
        apply_column(how, f, c, x, o, n, apply_rows);
      }
      missing_count[ju] = counted ? static_cast<std::size_t>(n) - fitted : nan_count;
    } catch (const std::exception& e) {
      failure[ju] = e.what();
      failed[ju] = std::current_exception();
    }
  }
  // normalise = "none" keeps the values' scale but not their sign: the scores must stay "higher is
  // better", so a lower-is-better indicator enters as -x and a band indicator as minus its
  // distance to the band. Said once, naming them, so that nobody reads -x as a bug.
  std::string oriented;
  std::size_t n_oriented = 0;
  for (Eigen::Index j = 0; j < n_leaves; ++j) {
    const indicator_context& c = ctx[static_cast<std::size_t>(j)];
    if (r.normalisation_for(c.code).method != normalisation_method::none ||
        c.dir == direction::higher_is_better)
      continue;
    oriented +=
        (oriented.empty() ? "" : ", ") + c.code + (c.dir == direction::lower_is_better ? " (-x)" : " (-d)");
    ++n_oriented;
  }
  if (n_oriented > 0)
    add_diag(
        diags, "normalise", "normalise.none_oriented", severity::warning, {}, {},
        {"normalise = \"none\" leaves the scale of the values but orients them so that higher is better: "
         "lower-is-better indicators enter as -x, target-band indicators as -d (d = distance to the "
         "band): " +
             oriented,
         "normalise = \"none\" 不改变数值尺度, 但统一为越大越好: 逆向指标以 -x 计入, 区间型指标以 -d "
         "(d 为到区间的距离) 计入: " +
             oriented},
        n_oriented);
  for (Eigen::Index j = 0; j < n_leaves; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    if (!failure[ju].empty()) {
      // a tijian error keeps its id and wording, with the indicator added to its place (not
      // "[tijian.normalise.failed] [tijian.recipe.unknown_period] ..."); anything else is
      // normalise.failed naming the indicator
      try {
        std::rethrow_exception(failed[ju]);
      } catch (const error& e) {
        location w = e.where();
        if (w.file.empty()) w.file = data.source;
        if (w.indicator.empty()) w.indicator = ctx[ju].code;
        if (dynamic_cast<const recipe_error*>(&e)) throw recipe_error(e.id(), e.message(), w, e.message_zh());
        if (dynamic_cast<const data_error*>(&e)) throw data_error(e.id(), e.message(), w, e.message_zh());
        if (dynamic_cast<const framework_error*>(&e))
          throw framework_error(e.id(), e.message(), w, e.message_zh());
        throw error(e.id(), e.message(), w, e.message_zh());
      } catch (const std::exception&) {
        throw recipe_error("normalise.failed", failure[ju],
                           location{data.source, 0, 0, {}, {}, ctx[ju].code, {}});
      }
    }
    const normalisation& how = r.normalisation_for(ctx[ju].code);
    for (const auto& p : constant_in[ju])
      add_diag(diags, "normalise", "normalise.constant", severity::warning, ctx[ju].code, p,
               {std::string("indicator does not vary on the fitted rows; ") + to_string(how.method) +
                    " is undefined, so its values follow constant = \"" + to_string(how.constant) + "\"",
                std::string("指标在拟合行上没有变化, 标准化方法") + label_zh(how.method) + "无定义, 其值" +
                    label_zh(how.constant) + " (constant = \"" + to_string(how.constant) + "\")"});
    std::size_t missing = missing_count[ju];
    if (na && na->size() > 0) {  // not-applicable cells are not missing
      const auto c = static_cast<std::size_t>(na->col(j).count());
      missing = missing > c ? missing - c : 0;
    }
    if (missing > 0)
      add_diag(diags, "data", "data.missing_values", severity::info, ctx[ju].code, {},
               {"missing values (left missing; the aggregation's missing policy applies)",
                "缺失值 (保留为缺失, 按汇总的缺失值规则处理)"},
               missing);
  }
}

/// Matrix a data-driven weighting reads (rows x leaves of `leaf_cols`), on `rows`.
inline Eigen::MatrixXd weight_input_matrix(const framework& fw, const panel& data,
                                           const std::vector<Eigen::Index>& col,
                                           const Eigen::MatrixXd& normalised,
                                           const std::vector<std::size_t>& leaf_pos,
                                           const std::vector<Eigen::Index>& rows, const weighting& w,
                                           bool orient) {
  Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(leaf_pos.size()));
  for (std::size_t k = 0; k < leaf_pos.size(); ++k) {
    const std::size_t lp = leaf_pos[k];
    const node_spec& node = fw.node(fw.leaves()[lp]);
    const auto kk = static_cast<Eigen::Index>(k);
    if (w.input == weight_input::normalised) {
      for (std::size_t i = 0; i < rows.size(); ++i)
        m(static_cast<Eigen::Index>(i), kk) = normalised(rows[i], static_cast<Eigen::Index>(lp));
      continue;
    }
    const double* x = data.values.col(col[lp]).data();
    if (w.input == weight_input::raw) {
      for (std::size_t i = 0; i < rows.size(); ++i) m(static_cast<Eigen::Index>(i), kk) = x[rows[i]];
      continue;
    }
    // Direction-aware min-max to [0, 1] (or plain min-max when `orient` is false).
    indicator_context c = indicator_context::of(node);
    if (!orient) c.dir = direction::higher_is_better;
    double lo = INFINITY, hi = -INFINITY;
    for (Eigen::Index i : rows)
      if (!std::isnan(x[i])) {
        lo = std::min(lo, c.orient(x[i]));
        hi = std::max(hi, c.orient(x[i]));
      }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const double v = x[rows[i]];
      m(static_cast<Eigen::Index>(i), kk) = std::isnan(v) ? v
                                                          : (hi > lo ? (c.orient(v) - lo) / (hi - lo) : 0.0);
    }
  }
  return m;
}

/// Data-driven weights of some leaves (positions in fw.leaves()).
inline Eigen::VectorXd data_weights(const framework& fw, const panel& data,
                                    const std::vector<Eigen::Index>& col, const Eigen::MatrixXd& normalised,
                                    const std::vector<std::size_t>& leaf_pos,
                                    const std::vector<Eigen::Index>& rows, const weighting& w,
                                    std::vector<diagnostic>& diags, const std::string& group) {
  std::vector<std::string> names;
  for (std::size_t lp : leaf_pos) names.push_back(fw.node(fw.leaves()[lp]).code);
  const bool orient =
      !(w.method == weighting_method::critic && w.critic_dirs == critic_directions::ignore_direction);
  weighting eff = w;
  if (w.method == weighting_method::entropy && w.zeros == entropy_zeros::raw_proportions)
    eff.input = weight_input::raw;
  if (w.method == weighting_method::coefficient_of_variation) eff.input = weight_input::raw;
  // The run's own normalised matrix is read in place when it is exactly what is needed (the
  // common case at scale: all rows, all indicators); otherwise the input is built.
  bool in_place = eff.input == weight_input::normalised &&
                  static_cast<Eigen::Index>(rows.size()) == normalised.rows() &&
                  leaf_pos.size() == static_cast<std::size_t>(normalised.cols());
  for (std::size_t k = 0; in_place && k < leaf_pos.size(); ++k) in_place = leaf_pos[k] == k;
  Eigen::MatrixXd built;
  if (!in_place) built = weight_input_matrix(fw, data, col, normalised, leaf_pos, rows, eff, orient);
  const Eigen::Ref<const Eigen::MatrixXd> m(in_place ? normalised : built);
  pca_result pca;
  if (auto v = weights_of(w, m, &names, &pca)) {
    if (w.method == weighting_method::pca)
      add_diag(diags, "weights", "weights.pca", severity::info, group, w.fit_period,
               {"first principal component explains " + format_double(100 * pca.variance_explained) +
                    "% of the variance",
                "第一主成分解释了 " + format_double(100 * pca.variance_explained) + "% 的方差"});
    return *std::move(v);
  }
  return Eigen::VectorXd::Constant(static_cast<Eigen::Index>(leaf_pos.size()),
                                   1.0 / static_cast<double>(leaf_pos.size()));
}

inline Eigen::VectorXd combine_at(const Eigen::VectorXd& subjective, const Eigen::VectorXd& objective,
                                  const weighting& w, std::vector<diagnostic>& diags,
                                  const std::string& group);

/// The combination of one sibling group's subjective and objective weights; an error of the
/// combination (weights.combine_*, weights.game_theory_*) names the group's node.
inline Eigen::VectorXd combine(const Eigen::VectorXd& subjective, const Eigen::VectorXd& objective,
                               const weighting& w, std::vector<diagnostic>& diags, const std::string& group) {
  try {
    return combine_at(subjective, objective, w, diags, group);
  } catch (const recipe_error& e) {
    location where = e.where();
    if (where.node.empty()) where.node = group;
    throw recipe_error(e.id(), e.message(), where, e.message_zh());
  }
}

inline Eigen::VectorXd combine_at(const Eigen::VectorXd& subjective, const Eigen::VectorXd& objective,
                                  const weighting& w, std::vector<diagnostic>& diags,
                                  const std::string& group) {
  switch (w.combine) {
    case weight_combination::none: return objective;
    case weight_combination::linear: return combine_linear(subjective, objective, w.alpha);
    case weight_combination::multiplicative: return combine_multiplicative(subjective, objective);
    case weight_combination::game_theory: {
      const game_theory_result g = combine_game_theory({subjective, objective}, w.game_norm);
      add_diag(diags, "weights", "weights.game_theory", severity::info, group, {},
               {"game-theory coefficients: subjective " + format_double(g.coefficients[0]) + ", objective " +
                    format_double(g.coefficients[1]),
                "博弈论组合系数: 主观 " + format_double(g.coefficients[0]) + ", 客观 " +
                    format_double(g.coefficients[1])});
      return g.weights;
    }
  }
  return objective;
}

inline Eigen::VectorXd normalise_sum(Eigen::VectorXd v) {
  const double s = v.sum();
  if (s > 0) v /= s;
  return v;
}

/// Data-driven weights of some leaves (positions in fw.leaves()) computed elsewhere: from
/// statistics merged across partitions (partial_fit.hpp) instead of the matrix.
using objective_weights = std::function<Eigen::VectorXd(const std::vector<std::size_t>& leaf_pos)>;

/// Relative weight of every node within its sibling group after overrides, AHP, data-driven
/// weights and combination. `objective`, when given, replaces data_weights().
inline Eigen::VectorXd compute_weights(const framework& fw, const panel& data, const recipe& r,
                                       const std::vector<Eigen::Index>& col,
                                       const Eigen::MatrixXd& normalised, const period_rows& periods,
                                       std::vector<diagnostic>& diags,
                                       const objective_weights* objective = nullptr) {
  const weighting& w = r.weights;
  const auto n_nodes = static_cast<Eigen::Index>(fw.size());
  Eigen::VectorXd raw(n_nodes);
  for (std::size_t i = 0; i < fw.size(); ++i) {
    auto it = w.overrides.find(fw.node(i).code);
    raw[static_cast<Eigen::Index>(i)] = it != w.overrides.end() ? it->second : fw.node(i).weight;
  }
  if (w.method == weighting_method::equal) raw.setOnes();
  // AHP replaces the weights of a node's children.
  for (const auto& [code, matrix] : w.ahp) {
    const std::size_t k = fw.at(code);
    const ahp_result a = ahp(matrix, w.ahp_weights, w.ri);
    const std::string lmax = format_double(a.lambda_max), ci = format_double(a.ci), ri = format_double(a.ri),
                      cr = format_double(a.cr);
    const std::string msg = "AHP: lambda_max " + lmax + ", CI " + ci + ", RI " + ri + ", CR " + cr;
    const std::string msg_zh = "层次分析法 (AHP): 最大特征值 λmax " + lmax + ", 一致性指标 CI " + ci +
                               ", 随机一致性指标 RI " + ri + ", 一致性比率 CR " + cr;
    if (!a.consistent) {
      if (w.inconsistent == inconsistency_policy::error)
        throw recipe_error("weights.ahp_inconsistent",
                           msg + " >= 0.1: revise the pairwise comparisons of '" + code +
                               "' or set inconsistent = \"warn\"",
                           location{{}, 0, 0, code, {}, {}, {}});
      add_diag(diags, "weights", "weights.ahp_inconsistent", severity::warning, code, {},
               {msg + " >= 0.1: the comparisons are not acceptably consistent",
                msg_zh + " ≥ 0.1: 判断矩阵未通过一致性检验"});
    } else {
      add_diag(diags, "weights", "weights.ahp", severity::info, code, {},
               {msg, msg_zh + " < 0.1, 通过一致性检验"});
    }
    const auto& kids = fw.children(k);
    for (std::size_t c = 0; c < kids.size(); ++c)
      raw[static_cast<Eigen::Index>(kids[c])] = a.weights[static_cast<Eigen::Index>(c)];
  }
  // Renormalise every sibling group: the subjective relative weights.
  Eigen::VectorXd rel = Eigen::VectorXd::Ones(n_nodes);
  for (std::size_t k : fw.inner_nodes()) {
    double s = 0;
    for (std::size_t c : fw.children(k)) s += raw[static_cast<Eigen::Index>(c)];
    if (!(s > 0))
      throw recipe_error("weights.zero_group", "all children of the node have weight 0 after overrides",
                         location{{}, 0, 0, fw.node(k).code, {}, {}, {}});
    for (std::size_t c : fw.children(k))
      rel[static_cast<Eigen::Index>(c)] = raw[static_cast<Eigen::Index>(c)] / s;
  }
  if (w.method == weighting_method::given || w.method == weighting_method::equal) return rel;

  const std::vector<Eigen::Index> rows = w.fit_period.empty() ? periods.all(data.rows())
                                                              : *periods.find(w.fit_period);
  if (w.scope == weight_scope::all_indicators) {
    std::vector<std::size_t> all(fw.leaves().size());
    for (std::size_t k = 0; k < all.size(); ++k) all[k] = k;
    Eigen::VectorXd subjective(static_cast<Eigen::Index>(all.size()));
    for (std::size_t k = 0; k < all.size(); ++k) {
      double prod = 1;  // subjective effective weight of the leaf
      for (std::size_t i = fw.leaves()[k]; i != framework::npos; i = fw.parent(i))
        prod *= rel[static_cast<Eigen::Index>(i)];
      subjective[static_cast<Eigen::Index>(k)] = prod;
    }
    const Eigen::VectorXd data_w =
        objective ? (*objective)(all)
                  : data_weights(fw, data, col, normalised, all, rows, w, diags, fw.node(fw.root()).code);
    const Eigen::VectorXd leaf_w =
        normalise_sum(combine(subjective, data_w, w, diags, fw.node(fw.root()).code));
    // An inner node weighs the sum of its leaves; relative weights follow.
    Eigen::VectorXd total = Eigen::VectorXd::Zero(n_nodes);
    for (std::size_t k = 0; k < all.size(); ++k)
      for (std::size_t i = fw.leaves()[k]; i != framework::npos; i = fw.parent(i))
        total[static_cast<Eigen::Index>(i)] += leaf_w[static_cast<Eigen::Index>(k)];
    for (std::size_t k : fw.inner_nodes()) {
      double s = 0;
      for (std::size_t c : fw.children(k)) s += total[static_cast<Eigen::Index>(c)];
      for (std::size_t c : fw.children(k))
        rel[static_cast<Eigen::Index>(c)] = s > 0 ? total[static_cast<Eigen::Index>(c)] / s : 0.0;
    }
    return rel;
  }
  // within_parent: each node's leaf children share their subjective total by the data weights.
  for (std::size_t k : fw.inner_nodes()) {
    std::vector<std::size_t> leaf_pos;
    std::vector<std::size_t> leaf_nodes;
    for (std::size_t c : fw.children(k))
      if (fw.is_leaf(c)) {
        leaf_pos.push_back(fw.leaf_position(c));
        leaf_nodes.push_back(c);
      }
    if (leaf_pos.empty()) continue;
    double share = 0;
    Eigen::VectorXd subjective(static_cast<Eigen::Index>(leaf_pos.size()));
    for (std::size_t q = 0; q < leaf_nodes.size(); ++q) {
      subjective[static_cast<Eigen::Index>(q)] = rel[static_cast<Eigen::Index>(leaf_nodes[q])];
      share += rel[static_cast<Eigen::Index>(leaf_nodes[q])];
    }
    Eigen::VectorXd data_w;
    if (leaf_pos.size() == 1) {
      data_w = Eigen::VectorXd::Ones(1);
    } else {
      data_w = objective ? (*objective)(leaf_pos)
                         : data_weights(fw, data, col, normalised, leaf_pos, rows, w, diags, fw.node(k).code);
    }
    const Eigen::VectorXd combined =
        normalise_sum(combine(normalise_sum(subjective), data_w, w, diags, fw.node(k).code));
    for (std::size_t q = 0; q < leaf_nodes.size(); ++q)
      rel[static_cast<Eigen::Index>(leaf_nodes[q])] = share * combined[static_cast<Eigen::Index>(q)];
  }
  return rel;
}

/// An aggregation as a diagnostic names it: the method, or every key (quoted) when only they
/// differ.
inline std::string aggregation_words(const aggregation& a, const aggregation& other, bool zh) {
  if (a.method == other.method) return "'" + inline_aggregation(a) + "'";
  return zh ? std::string(label_zh(a.method)) : to_string(a.method);
}

/// A warning when the framework's node setting and the recipe's differ and one beats the other
/// (the precedence of recipe::aggregation_source), naming the node and both settings.
inline void note_precedence(std::vector<diagnostic>& out, const recipe& r, const node_spec& node, int level) {
  if (!node.aggregate_with) return;
  using origin = recipe::aggregation_origin;
  const aggregation& own = *node.aggregate_with;
  const origin o = r.aggregation_source(node.code, level, node.aggregate_with);
  const aggregation& other = o == origin::framework     ? r.aggregate
                             : o == origin::recipe_node ? r.aggregate_by_node.at(node.code)
                                                        : r.aggregate_by_level.at(level);
  if (inline_aggregation(own) == inline_aggregation(other)) return;
  const std::string f = aggregation_words(own, other, false), f_zh = aggregation_words(own, other, true);
  const std::string g = aggregation_words(other, own, false), g_zh = aggregation_words(other, own, true);
  if (o == origin::framework) {
    add_diag(out, "aggregate", "aggregate.framework_over_recipe", severity::warning, node.code, {},
             {"the framework's aggregation of this node (" + f +
                  ") is used, not the recipe's '[aggregate]' (" + g +
                  "): a node's own setting comes before the recipe's global one",
              "该节点使用指标体系中设定的集成方法 (" + f_zh + "), 而非计算方法 '[aggregate]' 的 (" + g_zh +
                  "): 节点自身的设定优先于全局设定"});
    return;
  }
  const std::string where = o == origin::recipe_node ? "'[aggregate.by_node]'"
                                                     : "'[aggregate.by_level] " + std::to_string(level) + "'";
  add_diag(out, "aggregate", "aggregate.recipe_over_framework", severity::warning, node.code, {},
           {"the recipe's " + where + " aggregation of this node (" + g + ") is used, not the framework's (" +
                f + ")",
            "该节点使用计算方法 " + where + " 的集成方法 (" + g_zh + "), 而非指标体系中设定的 (" + f_zh +
                ")"});
}

/// One "not_applicable.excluded" info diagnostic per unit, period and rule node: the node (and
/// every indicator under it) is left out of the unit's aggregates, its siblings' weights
/// renormalised, and it is not counted as missing.
inline void note_not_applicable(std::vector<diagnostic>& out, const framework& fw, const panel& data,
                                const not_applicable_rules& rules) {
  for (const auto& [code, rule] : rules) {
    const std::vector<std::string>& labels = group_labels(data, rule.group, "not_applicable." + code);
    std::size_t leaves = 0;
    const std::size_t node = fw.find(code);
    for (std::size_t q = 0; q < fw.leaves().size(); ++q)
      for (std::size_t i = fw.leaves()[q]; i != framework::npos; i = fw.parent(i))
        if (i == node) {
          ++leaves;
          break;
        }
    for (Eigen::Index r = 0; r < data.rows(); ++r) {
      const std::string& g = labels[static_cast<std::size_t>(r)];
      if (std::find(rule.values.begin(), rule.values.end(), g) == rule.values.end()) continue;
      add_diag(out, "aggregate", "not_applicable.excluded", severity::info, code,
               data.periods[static_cast<std::size_t>(r)],
               {"not applicable (" + rule.group + " = " + g +
                    "): left out, the weights of its siblings renormalised; not counted as missing",
                "不适用 (" + rule.group + " = " + g + "): 不参与汇总, 其同级权重重新归一; 不计为缺失"},
               leaves, data.units[static_cast<std::size_t>(r)]);
    }
  }
}

/// Imputation at an aggregate level ([missing] fill): a missing score of the node (not a
/// not-applicable one) gets the mean / median of the node's scores of the other units in the
/// period, or of the units of its group; listed in result.imputations with the node's code as the
/// indicator and the method "score_" + fill. A unit without a group label, or whose group has
/// no score, stays missing ("aggregate.fill_left_missing").
inline void fill_scores(result& out, const panel& data, const period_rows& periods, const std::string& code,
                        const missing_data& m, double* score, const unsigned char* na) {
  const bool grouped = m.fill == score_fill::group_mean || m.fill == score_fill::group_median;
  const bool mean = m.fill == score_fill::mean || m.fill == score_fill::group_mean;
  const std::vector<std::string>* labels = grouped ? &group_labels(data, m.fill_group, "missing.fill_group")
                                                   : nullptr;
  const std::string method = std::string("score_") + to_string(m.fill);
  std::size_t filled = 0, left = 0;
  for (const auto& rows : periods.rows) {
    std::map<std::string, std::vector<double>> by;
    for (Eigen::Index i : rows)
      if (!std::isnan(score[i]))
        by[grouped ? (*labels)[static_cast<std::size_t>(i)] : std::string()].push_back(score[i]);
    std::map<std::string, double> stat;
    for (const auto& [g, v] : by)
      if (!(grouped && detail::prep::is_missing_label(g)))
        stat[g] = mean ? detail::prep::mean_of(v) : detail::prep::median_of(v);
    for (Eigen::Index i : rows) {
      if (!std::isnan(score[i]) || (na && na[i])) continue;
      const std::string g = grouped ? (*labels)[static_cast<std::size_t>(i)] : std::string();
      auto it = stat.find(g);
      if (it == stat.end()) {
        ++left;
        continue;
      }
      score[i] = it->second;
      ++filled;
      out.imputations.push_back(imputed_cell{data.units[static_cast<std::size_t>(i)],
                                             data.periods[static_cast<std::size_t>(i)], code, method,
                                             it->second, g});
    }
  }
  if (filled)
    add_diag(out.diagnostics, "aggregate", "aggregate.filled", severity::info, code, {},
             {"missing scores filled by the " + std::string(label(m.fill, false)) +
                  (grouped ? " (" + m.fill_group + ")" : std::string()) + " of the node's scores",
              std::string("缺失得分已按该节点得分的") + label_zh(m.fill) +
                  (grouped ? " (" + m.fill_group + ")" : std::string()) + "填补"},
             filled);
  if (left)
    add_diag(out.diagnostics, "aggregate", "aggregate.fill_left_missing", severity::warning, code, {},
             {"missing scores left missing: no score to fill from (no group label, or none in the group)",
              "缺失得分未能填补: 无可用得分 (单元无分组, 或组内无得分)"},
             left);
}

}  // namespace detail

/// Scores a panel with a framework and a recipe.
///
/// When the recipe prepares the data (recipe.prepare: denominate, screen units, impute, treat
/// outliers; off by default), that runs first (prepare.hpp): the result's rows are the rows
/// screening kept, `prepared` holds what normalisation read, and the screening summary, the
/// imputed cells and the treatment details are in the result and, summarised, in its
/// diagnostics. The provenance hashes the input data.
///
/// Throws framework_error when a framework indicator has no data column, data_error for a data
/// column the framework does not know (unless recipe.unknown = ignore) or a panel whose label
/// vectors do not match its matrix, and recipe_error when a choice cannot apply (a normalisation
/// needing a target the indicator lacks, a geometric mean of a negative value, an inconsistent
/// AHP matrix under inconsistency_policy::error, ...), each naming the node, indicator, unit and
/// period concerned. Everything else that changes or drops a value is recorded in
/// result.diagnostics. Call panel::validate() on panels built by hand (the CSV reader does).
[[nodiscard]] inline result score(const framework& fw, const panel& input, const recipe& r = {});

/// The same for a panel the caller gives away (the Python layer's panel, built for this one
/// run): its labels move into the result instead of being copied, and when nothing after the
/// normalisation reads the raw values (no data preparation, one panel column per indicator in
/// framework order, weights that read the normalised matrix or none), each column is normalised
/// where it is and the matrix becomes the result's `normalised`: no second matrix of rows x
/// indicators is allocated and written. The same result, bit for bit, as score(fw, panel, r).
/// The panel is left empty, or (after an error) partly normalised.
[[nodiscard]] inline result score(const framework& fw, panel&& input, const recipe& r = {});

namespace detail {

/// Whether the weighting step reads the raw panel values (score(panel&&) keeps them then).
inline bool weights_read_raw(const weighting& w) {
  if (w.method == weighting_method::given || w.method == weighting_method::equal) return false;
  if (w.method == weighting_method::entropy && w.zeros == entropy_zeros::raw_proportions) return true;
  if (w.method == weighting_method::coefficient_of_variation) return true;
  return w.input != weight_input::normalised;
}

/// score() of a panel; `donor` (the same panel, given away) lends its labels and matrix.
[[nodiscard]] inline result score_run(const framework& fw, const panel& input, const recipe& r,
                                      panel* donor) {
  if (fw.size() == 0) throw framework_error("framework.empty", "the framework has no nodes");
  if (input.units.size() != static_cast<std::size_t>(input.rows()) ||
      input.periods.size() != static_cast<std::size_t>(input.rows()) ||
      input.indicators.size() != static_cast<std::size_t>(input.cols()))
    throw data_error("data.shape",
                     "panel labels do not match its matrix (" + std::to_string(input.rows()) + " rows, " +
                         std::to_string(input.units.size()) + " units, " +
                         std::to_string(input.periods.size()) + " periods, " + std::to_string(input.cols()) +
                         " columns, " + std::to_string(input.indicators.size()) + " indicator codes)",
                     location{input.source, 0, 0, {}, {}, {}, {}});
  if (input.rows() == 0)
    throw data_error("data.empty", "the data has no rows", location{input.source, 0, 0, {}, {}, {}, {}});

  // 0. prepare (denominate, screen, impute, treat) when the recipe asks for it (prepare.hpp)
  // (not-applicable cells are set missing first: applicability.hpp)
  prepared_data prep;
  const bool preparing = r.prepare.any() || !r.prepare.screen.force_include.empty() ||
                         r.prepare.order != preparation::default_order();
  const bool has_na = !r.not_applicable.empty();
  std::vector<diagnostic> na_notes;
  panel cleared;
  if (preparing) prep = tijian::prepare(fw, input, r.prepare, nullptr, &r.not_applicable);
  else if (has_na) {
    cleared = input;
    (void)detail::prepare::ignore_not_applicable(fw, cleared, r.not_applicable, na_notes);
  }
  const panel& data = preparing ? prep.prepared() : has_na ? cleared : input;
  const Eigen::Index n = data.rows();
  detail::validate_recipe(fw, data, r);
  const cell_mask na = not_applicable_cells(fw, data, r.not_applicable);

  const bool labels_move = donor != nullptr && !preparing && !has_na;
  result out;
  out.framework = fw;
  if (!labels_move) {
    out.units = data.units;
    out.unit_names = data.unit_names.empty() ? std::vector<std::string>(data.units.size()) : data.unit_names;
    out.periods = data.periods;
  }
  out.indicators = fw.indicator_codes();
  for (std::size_t k : fw.inner_nodes()) out.nodes.push_back(fw.node(k).code);
  detail::add_reader_notes(out.diagnostics, data);
  detail::add_unit_notes(out.diagnostics, fw);
  out.diagnostics.insert(out.diagnostics.end(), na_notes.begin(), na_notes.end());
  if (preparing) {
    out.diagnostics.insert(out.diagnostics.end(), prep.diagnostics.begin(), prep.diagnostics.end());
    out.denominations = std::move(prep.denominations);
    out.screening = std::move(prep.screening);
    out.imputations = std::move(prep.imputations);
    out.treatment = std::move(prep.treatment);
    out.treated_cells = std::move(prep.treated_cells);
  }

  const detail::period_rows periods(data);
  const std::vector<Eigen::Index> col =
      detail::match_columns(fw, data, r, out.diagnostics,
                            preparing ? std::vector<std::string>() : input.left_out);  // (prepare noted them)
  if (preparing) {
    out.prepared.resize(n, static_cast<Eigen::Index>(col.size()));
    for (std::size_t k = 0; k < col.size(); ++k)
      out.prepared.col(static_cast<Eigen::Index>(k)) = data.values.col(col[k]);
  }

  // 1. normalise (in the donor's matrix when nothing later reads the raw values)
  bool in_place = labels_move && data.cols() == static_cast<Eigen::Index>(col.size()) &&
                  !detail::weights_read_raw(r.weights) && r.fuzzy.breakpoints.empty();
  for (std::size_t k = 0; in_place && k < col.size(); ++k) in_place = col[k] == static_cast<Eigen::Index>(k);
  Eigen::MatrixXd& normalised = in_place ? donor->values : out.normalised;
  std::vector<std::uint64_t> column_hashes;
  std::vector<unsigned char> finite;
  detail::normalise_all(fw, data, r, col, periods, normalised, out.diagnostics, column_hashes, finite, &na);
  detail::check_normalised(fw, data, col, normalised, in_place, &finite);

  // 2. weigh
  out.weights = detail::compute_weights(fw, data, r, col, normalised, periods, out.diagnostics);
  detail::check_weights(fw, out.weights, data.source);
  out.effective_weights.resize(static_cast<Eigen::Index>(fw.leaves().size()));
  for (std::size_t k = 0; k < fw.leaves().size(); ++k) {
    double prod = 1;
    for (std::size_t i = fw.leaves()[k]; i != framework::npos; i = fw.parent(i))
      prod *= out.weights[static_cast<Eigen::Index>(i)];
    out.effective_weights[static_cast<Eigen::Index>(k)] = prod;
  }

  // 3. aggregate, children first
  out.aggregations.assign(fw.size(), aggregation{});
  const auto& inner = fw.inner_nodes();
  out.scores.resize(n, static_cast<Eigen::Index>(inner.size()));
  detail::advise_huge_pages(out.scores.data(), static_cast<std::size_t>(out.scores.size()) * sizeof(double));
  std::vector<Eigen::Index> inner_col(fw.size(), -1);
  for (std::size_t q = 0; q < inner.size(); ++q) inner_col[inner[q]] = static_cast<Eigen::Index>(q);
  // not applicable, per node and row (only with [not_applicable] rules): a leaf by the mask, an
  // inner node when every child is
  std::vector<std::vector<unsigned char>> node_na(has_na ? fw.size() : 0);
  if (has_na) {
    for (std::size_t q = 0; q < fw.leaves().size(); ++q) {
      auto& v = node_na[fw.leaves()[q]];
      v.resize(static_cast<std::size_t>(n));
      for (Eigen::Index i = 0; i < n; ++i)
        v[static_cast<std::size_t>(i)] = na(i, static_cast<Eigen::Index>(q));
    }
    detail::note_not_applicable(out.diagnostics, fw, data, r.not_applicable);
  }
  std::vector<unsigned> na_children;
  for (std::size_t k : fw.inner_nodes_bottom_up()) {
    const node_spec& node = fw.node(k);
    const aggregation how = r.aggregation_for(node.code, fw.level(k), node.aggregate_with);
    const missing_data& missing = r.missing_for(node.code);
    out.aggregations[k] = how;
    detail::note_precedence(out.diagnostics, r, node, fw.level(k));
    std::vector<const double*> cols;
    std::vector<double> w;
    for (std::size_t c : fw.children(k)) {
      cols.push_back(fw.is_leaf(c) ? normalised.col(static_cast<Eigen::Index>(fw.leaf_position(c))).data()
                                   : out.scores.col(inner_col[c]).data());
      w.push_back(out.weights[static_cast<Eigen::Index>(c)]);
    }
    if (has_na) {
      na_children.assign(static_cast<std::size_t>(n), 0);
      for (std::size_t c : fw.children(k))
        for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) na_children[i] += node_na[c][i];
      node_na[k].resize(static_cast<std::size_t>(n));
      for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i)
        node_na[k][i] = na_children[i] == fw.children(k).size();
    }
    aggregate_report rep;
    if (how.method == aggregation_method::fuzzy) {
      detail::fuzzy_node(fw, k, r, how, data.values, col, w, out.fuzzy_memberships[node.code],
                         out.scores.col(inner_col[k]).data(), rep, has_na ? na_children.data() : nullptr);
      out.fuzzy_grades = r.fuzzy.grades;
      out.fuzzy_values = r.fuzzy.grade_values();
    } else {
      aggregate_into(how, missing, cols, w, n, periods.rows, out.scores.col(inner_col[k]).data(), rep,
                     has_na ? na_children.data() : nullptr);
    }
    if (!rep.error.empty()) {
      location l = data.where_row(static_cast<std::size_t>(rep.error_row));
      l.node = node.code;
      throw recipe_error("aggregate.domain", rep.error, l);
    }
    detail::check_aggregated(data, node.code, how, cols, out.scores.col(inner_col[k]).data());
    const std::string method = to_string(how.method);
    if (rep.reweighted)
      detail::add_diag(
          out.diagnostics, "aggregate", "aggregate.reweighted", severity::info, node.code, {},
          {"rows with missing children: " + method + " mean over the children present, weights renormalised",
           std::string("有子项缺失的行: 按现有子项取") + label_zh(how.method) + ", 权重重新归一"},
          rep.reweighted);
    if (rep.below_share)
      detail::add_diag(out.diagnostics, "aggregate", "aggregate.below_share", severity::warning, node.code,
                       {},
                       {"rows left missing: fewer than " + detail::format_double(100 * missing.min_share) +
                            "% of the children present",
                        "现有子项不足 " + detail::format_double(100 * missing.min_share) +
                            "%, 该行保留为缺失"},
                       rep.below_share);
    if (rep.propagated)
      detail::add_diag(out.diagnostics, "aggregate", "aggregate.propagated", severity::warning, node.code, {},
                       {"rows left missing because a child is missing", "因有子项缺失, 该行保留为缺失"},
                       rep.propagated);
    if (rep.all_missing)
      detail::add_diag(out.diagnostics, "aggregate", "aggregate.all_missing", severity::warning, node.code,
                       {}, {"rows with no child value: score missing", "没有任何子项值, 得分缺失"},
                       rep.all_missing);
    if (rep.zeros)
      detail::add_diag(out.diagnostics, "aggregate", "aggregate.geometric_zero", severity::warning, node.code,
                       {},
                       {"rows scored 0 because a child is 0 (geometric mean)",
                        "因有子项为 0, 几何平均得 0 分"},
                       rep.zeros);
    if (rep.floored)
      detail::add_diag(out.diagnostics, "aggregate", "aggregate.geometric_floor", severity::warning,
                       node.code, {},
                       {"zero children replaced by " + detail::format_double(how.zero_floor) +
                            " in the geometric mean",
                        "几何平均中为 0 的子项以 " + detail::format_double(how.zero_floor) + " 代替"},
                       rep.floored);
    if (missing.fill != score_fill::none)
      detail::fill_scores(out, data, periods, node.code, missing, out.scores.col(inner_col[k]).data(),
                          has_na ? node_na[k].data() : nullptr);
  }
  if (has_na) out.not_applicable = not_applicable_records(fw, data, r.not_applicable, node_na);

  // a composite index from incomplete inputs is worth a warning with its count (the per-node
  // "aggregate.reweighted" notes say where), whichever policy produced it
  if (r.missing.policy != missing_policy::propagate && !inner.empty()) {
    const double* index = out.scores.col(inner_col[fw.root()]).data();
    // rows with a missing input (a not-applicable cell is not missing), column by column over the
    // columns that may hold one (`normalised` is the panel's matrix when normalised in place)
    std::vector<unsigned char> missing_input;
    for (Eigen::Index j = 0; j < normalised.cols(); ++j) {
      if (finite[static_cast<std::size_t>(j)]) continue;
      if (missing_input.empty()) missing_input.assign(static_cast<std::size_t>(n), 0);
      const double* z = normalised.col(j).data();
      for (Eigen::Index i = 0; i < n; ++i)
        missing_input[static_cast<std::size_t>(i)] |= std::isnan(z[i]) && !(has_na && na(i, j));
    }
    std::size_t incomplete = 0;
    for (std::size_t i = 0; i < missing_input.size(); ++i)
      incomplete += missing_input[i] && !std::isnan(index[i]);
    if (incomplete > 0) {
      const std::string policy = to_string(r.missing.policy), count = std::to_string(incomplete);
      detail::add_diag(
          out.diagnostics, "aggregate", "aggregate.incomplete_index", severity::warning,
          fw.node(fw.root()).code, {},
          {count + " of " + std::to_string(n) +
               " rows have an index score although an indicator is missing ('[missing] policy = \"" + policy +
               "\"': missing children are left out and the weights of the others renormalised); '[missing] policy = \"propagate\"' leaves them missing",
           std::to_string(n) + " 行中有 " + count + " 行虽有指标缺失仍得到指数得分 ('[missing] policy = \"" +
               policy +
               "\"': 缺失的子项不计, 其余子项权重重新归一); '[missing] policy = \"propagate\"' 则保留为缺失"},
          incomplete);
    }
  }

  // 4. rank within periods (or pooled)
  out.ranks.resize(n, out.scores.cols());
  detail::advise_huge_pages(out.ranks.data(), static_cast<std::size_t>(out.ranks.size()) * sizeof(double));
  std::vector<std::vector<Eigen::Index>> rank_groups =
      r.ranks == rank_scope::pooled ? std::vector<std::vector<Eigen::Index>>{periods.all(n)} : periods.rows;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) if (n >= 20000)
#endif
  for (Eigen::Index q = 0; q < out.scores.cols(); ++q) {
    rank_buffers buf;
    for (const auto& g : rank_groups)
      rank_into(out.scores.col(q).data(), static_cast<Eigen::Index>(g.size()) == n ? nullptr : g.data(),
                g.size(), out.ranks.col(q).data(), r.ties, rank_order::highest_first, buf, r.tie_tolerance);
  }

  // 5. grades
  if (!r.grades.empty()) {
    out.grades.assign(static_cast<std::size_t>(n), std::vector<std::string>(inner.size()));
    for (Eigen::Index i = 0; i < n; ++i)
      for (std::size_t q = 0; q < inner.size(); ++q)
        out.grades[static_cast<std::size_t>(i)][q] =
            r.grades.grade(out.scores(i, static_cast<Eigen::Index>(q)));
  }

  // 6. provenance
  out.origin.library_version = TIJIAN_VERSION;
  out.origin.framework_hash = fw.hash();
  // the input's hash; the column hashes gathered while normalising are of the prepared data
  out.origin.data_hash = preparing || has_na ? input.hash() : data.hash(std::move(column_hashes));
  out.origin.recipe_text = describe(r);
  out.origin.recipe_hash = detail::hex(detail::fnv1a(out.origin.recipe_text));
  out.origin.framework_source = fw.source();
  out.origin.data_source = input.source;
  if (labels_move) {
    if (in_place) out.normalised = std::move(donor->values);
    out.unit_names = donor->unit_names.empty() ? std::vector<std::string>(donor->units.size())
                                               : std::move(donor->unit_names);
    out.units = std::move(donor->units);
    out.periods = std::move(donor->periods);
  }
  return out;
}

}  // namespace detail

inline result score(const framework& fw, const panel& input, const recipe& r) {
  return detail::score_run(fw, input, r, nullptr);
}

inline result score(const framework& fw, panel&& input, const recipe& r) {
  return detail::score_run(fw, input, r, &input);
}

}  // namespace tijian
