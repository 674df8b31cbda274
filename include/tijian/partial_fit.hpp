// SPDX-License-Identifier: MIT
// Fit statistics that merge across partitions of a panel, for scoring data that do not fit one
// machine (tijian.dask). A scoring run fits parameters on the data (normalisation goalposts:
// min, max, mean, sd; data-driven weights) and then applies them row by row. Here the fitting
// is split:
//  1. fit_statistics() on each partition: per indicator and period, the count, min and max of
//     x and of the oriented value y, the sum and the centred sum of squares of y (two passes
//     over the partition), the sum of squares of x; merge() combines two partitions' statistics
//     (Chan, Golub & LeVeque 1979 for the centred sums);
//  2. with data-driven weights (entropy), weight_statistics() on each partition: per indicator,
//     the count, min, max, S = sum t and L = sum t ln t of the weight input t (min-max values
//     of the fitted rows, the normalised values or the raw data), again mergeable, since
//     sum p ln p with p = t / S equals L / S - ln S;
//  3. finish() turns the merged statistics into the column fits and node weights that score()
//     would have found on the whole panel, and score_partition() applies them to one partition.
//
// What merges exactly and what does not:
//  * exact (the same bits as score() on the whole panel): min, max and counts, hence the
//    normalisations none, min_max, efficacy, distance_to_target, fraction_of_max, goalposts
//    and target_ratio; given, equal and AHP weights; every row-wise aggregation (arithmetic,
//    geometric, harmonic, power mean). Scores of these recipes are identical to the last bit.
//  * within rounding (sums in another order): z_score (mean, sd), vector (the L2 norm) and
//    entropy weights: relative differences of a few 1e-16 in the fit, propagated to scores.
//  * not mergeable here (recipe_error "dask.not_mergeable"): rank-type normalisations (rank,
//    percentile_rank, borda: they need every value), sum and distance_to_reference, the
//    log_epsilon entropy variant (a third pass), CRITIC, PCA, coefficient-of-variation and
//    standard-deviation weights, aggregations that compare units (Copeland, TOPSIS, PROMETHEE
//    II, VIKOR, EDAS, COPRAS, WASPAS, MOORA, grey relational, grey-TOPSIS, RSR), data
//    preparation (denomination,
//    screening, imputation, per indicator too, outlier treatment: each named), [not_applicable]
//    and [missing] fill (a score filled from other units' scores). Ranks need every unit's score
//    and are not part of score_partition().
//  * row by row, hence identical: [missing] policy and its per-node table [missing.by_node]
//    (propagate, skip_and_reweight, require_share), min and max aggregation, fuzzy
//    comprehensive evaluation (each row's raw values against the recipe's grade standards; the
//    memberships themselves are kept by tijian.score's result only), and [prepare] order when
//    nothing is prepared.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "error.hpp"
#include "framework.hpp"
#include "normalise.hpp"
#include "panel.hpp"
#include "recipe.hpp"
#include "score.hpp"
#include "weights.hpp"

namespace tijian {

/// Statistics of one indicator on some rows: mergeable, in the order of the partitions.
struct indicator_moments {
  double n = 0;  ///< non-missing values (a double: exact up to 2^53, one array when pickled)
  double raw_min = std::numeric_limits<double>::infinity();  ///< of x
  double raw_max = -std::numeric_limits<double>::infinity();
  double min = std::numeric_limits<double>::infinity();  ///< of the oriented value y
  double max = -std::numeric_limits<double>::infinity();
  double mean = 0;   ///< of y
  double m2 = 0;     ///< sum (y - mean)^2
  double sumsq = 0;  ///< sum x^2

  static constexpr std::size_t fields = 8;

  /// Adds `o`'s rows (Chan, Golub & LeVeque's update of the mean and centred sum of squares).
  void merge(const indicator_moments& o) {
    if (o.n == 0) return;
    if (n == 0) {
      *this = o;
      return;
    }
    const double total = n + o.n, delta = o.mean - mean;
    mean += delta * (o.n / total);
    m2 += o.m2 + delta * delta * (n * o.n / total);
    n = total;
    raw_min = std::min(raw_min, o.raw_min);
    raw_max = std::max(raw_max, o.raw_max);
    min = std::min(min, o.min);
    max = std::max(max, o.max);
    sumsq += o.sumsq;
  }
};

/// Pass 1: the statistics of every indicator (framework leaf order) in every period of some
/// rows. `cells[p * indicators.size() + j]` is indicator j in period p.
struct partial_fit {
  std::vector<std::string> indicators;
  std::vector<std::string> periods;  ///< in the order first seen
  std::vector<indicator_moments> cells;
  double rows = 0;

  [[nodiscard]] const indicator_moments& at(std::size_t period, std::size_t leaf) const {
    return cells[period * indicators.size() + leaf];
  }

  /// Adds the rows of `o` (another partition of the same panel).
  void merge(const partial_fit& o) {
    if (indicators.empty() && cells.empty()) {
      *this = o;
      return;
    }
    if (o.indicators != indicators)
      throw data_error("dask.merge", "statistics of different indicators cannot be merged");
    const std::size_t m = indicators.size();
    for (std::size_t q = 0; q < o.periods.size(); ++q) {
      const auto it = std::find(periods.begin(), periods.end(), o.periods[q]);
      std::size_t p = static_cast<std::size_t>(it - periods.begin());
      if (it == periods.end()) {
        periods.push_back(o.periods[q]);
        cells.resize(cells.size() + m);
      }
      for (std::size_t j = 0; j < m; ++j) cells[p * m + j].merge(o.cells[q * m + j]);
    }
    rows += o.rows;
  }
};

/// Entropy sums of one indicator's weight input t on some rows.
struct entropy_sums {
  double n = 0;
  double min = std::numeric_limits<double>::infinity(), max = -std::numeric_limits<double>::infinity();
  double S = 0;                  ///< sum t
  double L = 0;                  ///< sum t ln t (0 ln 0 = 0)
  double negative = 0, inf = 0;  ///< counts of values < 0 and of infinite values

  static constexpr std::size_t fields = 7;

  void merge(const entropy_sums& o) {
    n += o.n;
    min = std::min(min, o.min);
    max = std::max(max, o.max);
    S += o.S;
    L += o.L;
    negative += o.negative;
    inf += o.inf;
  }
};

/// Pass 2 (data-driven weights only): entropy sums of every indicator on the weight rows.
struct partial_weights {
  std::vector<std::string> indicators;
  std::vector<entropy_sums> cells;

  void merge(const partial_weights& o) {
    if (indicators.empty() && cells.empty()) {
      *this = o;
      return;
    }
    if (o.indicators != indicators)
      throw data_error("dask.merge", "weight statistics of different indicators cannot be merged");
    for (std::size_t j = 0; j < cells.size(); ++j) cells[j].merge(o.cells[j]);
  }
};

/// What finish() produces: the fits score() would make on the whole panel.
struct fitted_scoring {
  std::vector<std::string> indicators;  ///< framework leaf order
  std::vector<std::string> periods;     ///< every period of the data
  /// fits[j][p]: indicator j's fit applied to period p (the same fit for every period when the
  /// recipe fits pooled or on one period)
  std::vector<std::vector<column_fit>> fits;
  Eigen::VectorXd weights;  ///< relative weight of every framework node
  std::vector<diagnostic> diagnostics;
};

/// Rows x aggregates scores of one partition, in framework order of the aggregates.
struct partition_scores {
  std::vector<std::string> nodes;
  Eigen::MatrixXd scores;      ///< rows x aggregates, the composite index first
  Eigen::MatrixXd normalised;  ///< rows x indicators
};

namespace detail::pf {

[[noreturn]] inline void not_mergeable(const std::string& what, const std::string& node = {}) {
  location l;
  l.node = node;
  throw recipe_error("dask.not_mergeable",
                     what +
                         " cannot be fitted from statistics merged across partitions; score the data "
                         "in memory (tijian.score) or choose a mergeable method (see partial_fit.hpp)",
                     l);
}

/// Refuses recipes whose fit is not a merge of per-partition statistics, naming the setting.
inline void require_mergeable(const framework& fw, const recipe& r) {
  const preparation& p = r.prepare;
  if (p.denominate) not_mergeable("[prepare] denominate (data preparation, kept to tijian.score); it");
  if (p.screen.policy != screen_policy::none || !p.screen.force_exclude.empty() ||
      !p.screen.force_include.empty())
    not_mergeable("[prepare.screen] (screening reads every unit's availability); it");
  if (p.impute.method != imputation_method::none)
    not_mergeable("[prepare.impute] (imputation reads other units' values); it");
  for (const auto& [code, m] : p.impute_by_indicator)
    if (m.method != imputation_method::none)
      not_mergeable("[prepare.impute.by_indicator] (imputation reads other units' values); it", code);
  if (p.treat.method != treatment_method::none)
    not_mergeable("[prepare.treat] (outlier treatment reads every unit's values); it");
  for (const auto& [code, t] : p.treat_by_indicator)
    if (t.method != treatment_method::none)
      not_mergeable("[prepare.treat.by_indicator] (outlier treatment reads every unit's values); it", code);
  if (p.any())
    not_mergeable("data preparation (screening, imputation, outlier treatment) reads other units; it");
  if (!r.not_applicable.empty())
    not_mergeable("[not_applicable] (the not-applicable state is kept only by tijian.score); it");
  for (std::size_t k : fw.inner_nodes())
    if (r.missing_for(fw.node(k).code).fill != score_fill::none)
      not_mergeable("[missing] fill (a missing score filled from other units' scores) reads other units; it",
                    fw.node(k).code);
  for (std::size_t k : fw.leaves()) {
    const auto m = r.normalisation_for(fw.node(k).code).method;
    using nm = normalisation_method;
    if (m == nm::rank || m == nm::percentile_rank || m == nm::borda || m == nm::sum ||
        m == nm::distance_to_reference)
      not_mergeable(std::string("the normalisation ") + to_string(m), fw.node(k).code);
  }
  const weighting& w = r.weights;
  if (w.method != weighting_method::given && w.method != weighting_method::equal &&
      w.method != weighting_method::entropy)
    not_mergeable(std::string("the weighting ") + to_string(w.method));
  if (w.method == weighting_method::entropy && w.zeros == entropy_zeros::log_epsilon)
    not_mergeable("the entropy variant log_epsilon (ln(p + eps) needs the total first: a third pass)");
  for (std::size_t k : fw.inner_nodes()) {
    const node_spec& node = fw.node(k);
    const aggregation how = r.aggregation_for(node.code, fw.level(k), node.aggregate_with);
    if (compares_units(how.method))
      not_mergeable(std::string("the aggregation ") + to_string(how.method) +
                        " scores each unit against the others of its period; it",
                    node.code);
  }
}

/// Column of every leaf in a partition (the in-memory run's matching and its errors).
inline std::vector<Eigen::Index> columns_of(const framework& fw, const panel& part, const recipe& r) {
  std::vector<diagnostic> ignored;
  return detail::match_columns(fw, part, r, ignored, part.left_out);
}

/// A panel with one row per period and no values: what compute_weights() and the recipe's
/// checks need to know of the whole data once its statistics are merged.
inline panel skeleton(const std::vector<std::string>& periods, const std::vector<std::string>& indicators) {
  panel p;
  p.periods = periods;
  for (std::size_t k = 0; k < periods.size(); ++k) p.units.push_back("#" + std::to_string(k));
  p.indicators = indicators;
  p.values = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(periods.size()),
                                       static_cast<Eigen::Index>(indicators.size()),
                                       std::numeric_limits<double>::quiet_NaN());
  return p;
}

inline std::size_t period_index(const std::vector<std::string>& periods, const std::string& label) {
  return static_cast<std::size_t>(std::find(periods.begin(), periods.end(), label) - periods.begin());
}

}  // namespace detail::pf

/// Pass 1 on one partition (any rows of the panel; a unit's periods may be in several).
/// Throws recipe_error "dask.not_mergeable" for a recipe whose fit does not merge, and the
/// errors of score() for columns the framework does not know or lacks.
[[nodiscard]] inline partial_fit fit_statistics(const framework& fw, const panel& part, const recipe& r) {
  detail::pf::require_mergeable(fw, r);
  const std::vector<Eigen::Index> col = detail::pf::columns_of(fw, part, r);
  const detail::period_rows periods(part);
  partial_fit out;
  out.indicators = fw.indicator_codes();
  out.periods = periods.labels;
  out.rows = static_cast<double>(part.rows());
  const std::size_t m = out.indicators.size();
  out.cells.resize(periods.labels.size() * m);
  for (std::size_t j = 0; j < m; ++j) {
    const indicator_context c = indicator_context::of(fw.node(fw.leaves()[j]));
    const double* x = part.values.col(col[j]).data();
    for (std::size_t p = 0; p < periods.rows.size(); ++p) {
      indicator_moments& s = out.cells[p * m + j];
      double sum = 0;
      for (Eigen::Index i : periods.rows[p]) {
        const double v = x[i];
        if (std::isnan(v)) continue;
        const double y = c.orient(v);
        s.n += 1;
        s.raw_min = std::min(s.raw_min, v);
        s.raw_max = std::max(s.raw_max, v);
        s.min = std::min(s.min, y);
        s.max = std::max(s.max, y);
        sum += y;
        s.sumsq += v * v;
      }
      if (s.n == 0) continue;
      s.mean = sum / s.n;
      double m2 = 0;  // second pass: the centred sum of squares about this partition's mean
      for (Eigen::Index i : periods.rows[p]) {
        const double v = x[i];
        if (std::isnan(v)) continue;
        const double d = c.orient(v) - s.mean;
        m2 += d * d;
      }
      s.m2 = m2;
    }
  }
  return out;
}

/// The normalisation fits of the whole panel from its merged statistics: for each indicator
/// and period, the column_fit that fit_column() gives on the rows score() fits on.
/// Throws what score() throws for a fit that cannot apply (no goalposts, no target, an unknown
/// fit period).
[[nodiscard]] inline std::vector<std::vector<column_fit>> finish_normalisation(const framework& fw,
                                                                               const recipe& r,
                                                                               const partial_fit& s) {
  detail::pf::require_mergeable(fw, r);
  const std::size_t m = s.indicators.size(), np = s.periods.size();
  if (s.indicators != fw.indicator_codes())
    throw data_error("dask.merge", "the statistics were gathered for other indicators than the framework's");
  std::vector<std::vector<column_fit>> fits(m, std::vector<column_fit>(np));
  for (std::size_t j = 0; j < m; ++j) {
    const node_spec& node = fw.node(fw.leaves()[j]);
    const normalisation& how = r.normalisation_for(node.code);
    const indicator_context c = indicator_context::of(node, how.target_year);
    (void)fit_column(how, c, nullptr, nullptr, 0);  // the checks of the method (goalposts, target)
    // the rows fitted on: each period alone, all pooled, or one period
    auto fit_of = [&](const indicator_moments& t) {
      column_fit f;
      f.n = static_cast<std::size_t>(t.n);
      if (t.n == 0) {
        f.constant = true;
        return f;
      }
      f.min = t.min;
      f.max = t.max;
      f.raw_min = t.raw_min;
      f.raw_max = t.raw_max;
      f.mean = t.mean;
      f.norm = std::sqrt(t.sumsq);
      f.sd = t.n > 1 ? std::sqrt(t.m2 / (t.n - 1)) : 0.0;
      using nm = normalisation_method;
      switch (how.method) {
        case nm::min_max:
        case nm::efficacy: f.constant = !(t.max > t.min); break;
        case nm::z_score: f.constant = !(f.sd > 0); break;
        case nm::distance_to_target: f.constant = !(detail::oriented_target(c) != t.min); break;
        case nm::fraction_of_max:
          f.constant = c.dir == direction::higher_is_better ? !(t.raw_max > 0) : !(t.raw_min > 0);
          break;
        case nm::vector: f.constant = !(f.norm > 0); break;
        case nm::goalposts:
        case nm::target_ratio: return column_fit{};  // nothing fitted, as fit_column()
        default: break;
      }
      return f;
    };
    switch (how.fit) {
      case fit_scope::per_period:
        for (std::size_t p = 0; p < np; ++p) fits[j][p] = fit_of(s.at(p, j));
        break;
      case fit_scope::pooled: {
        indicator_moments all;
        for (std::size_t p = 0; p < np; ++p) all.merge(s.at(p, j));
        const column_fit f = fit_of(all);
        for (std::size_t p = 0; p < np; ++p) fits[j][p] = f;
        break;
      }
      case fit_scope::one_period: {
        const std::size_t p0 = detail::pf::period_index(s.periods, how.fit_period);
        if (p0 == np)
          throw recipe_error("recipe.unknown_period",
                             "normalise.fit_period '" + how.fit_period + "' is not in the data");
        const column_fit f = fit_of(s.at(p0, j));
        for (std::size_t p = 0; p < np; ++p) fits[j][p] = f;
        break;
      }
    }
  }
  return fits;
}

namespace detail::pf {

/// Normalises a partition's column with the merged fits, period by period (the fits of
/// finish_normalisation(), `periods` the whole panel's labels).
inline void normalise_column(const normalisation& how, const indicator_context& c,
                             const std::vector<column_fit>& fits, const std::vector<std::string>& periods,
                             const detail::period_rows& rows, const double* x, double* out, Eigen::Index n) {
  for (std::size_t q = 0; q < rows.labels.size(); ++q) {
    const std::size_t p = period_index(periods, rows.labels[q]);
    if (p == periods.size())
      throw data_error("dask.unknown_period",
                       "period '" + rows.labels[q] +
                           "' of a partition is not in the statistics the fit was merged from: fit and "
                           "score the same data",
                       location{{}, 0, 0, {}, {}, c.code, rows.labels[q]});
    apply_column(how, fits[p], c, x, out, n,
                 static_cast<Eigen::Index>(rows.rows[q].size()) == n ? nullptr : &rows.rows[q]);
  }
}

/// The weight input of one leaf on the weight rows, as weight_input_matrix() builds it.
inline void weight_input_column(const framework& fw, const recipe& r, std::size_t leaf,
                                const indicator_moments& fitted_rows, const std::vector<column_fit>& fits,
                                const std::vector<std::string>& periods, const panel& part,
                                const detail::period_rows& rows, const std::vector<Eigen::Index>& weight_rows,
                                Eigen::Index column, std::vector<double>& out) {
  const weighting& w = r.weights;
  const node_spec& node = fw.node(fw.leaves()[leaf]);
  const double* x = part.values.col(column).data();
  out.resize(weight_rows.size());
  weight_input input = w.input;
  if (w.zeros == entropy_zeros::raw_proportions) input = weight_input::raw;
  if (input == weight_input::raw) {
    for (std::size_t i = 0; i < weight_rows.size(); ++i) out[i] = x[weight_rows[i]];
    return;
  }
  if (input == weight_input::normalised) {
    const normalisation& how = r.normalisation_for(node.code);
    const indicator_context c = indicator_context::of(node, how.target_year);
    std::vector<double> z(static_cast<std::size_t>(part.rows()));
    normalise_column(how, c, fits, periods, rows, x, z.data(), part.rows());
    for (std::size_t i = 0; i < weight_rows.size(); ++i) out[i] = z[static_cast<std::size_t>(weight_rows[i])];
    return;
  }
  // direction-aware min-max to [0, 1] on the weight rows (entropy always orients)
  const indicator_context c = indicator_context::of(node);
  const double lo = fitted_rows.n > 0 ? fitted_rows.min : INFINITY;
  const double hi = fitted_rows.n > 0 ? fitted_rows.max : -INFINITY;
  for (std::size_t i = 0; i < weight_rows.size(); ++i) {
    const double v = x[weight_rows[i]];
    out[i] = std::isnan(v) ? v : (hi > lo ? (c.orient(v) - lo) / (hi - lo) : 0.0);
  }
}

/// The merged statistics of the rows data-driven weights are fitted on (all, or fit_period).
inline indicator_moments weight_rows_moments(const recipe& r, const partial_fit& s, std::size_t leaf) {
  indicator_moments all;
  for (std::size_t p = 0; p < s.periods.size(); ++p)
    if (r.weights.fit_period.empty() || s.periods[p] == r.weights.fit_period) all.merge(s.at(p, leaf));
  return all;
}

}  // namespace detail::pf

/// Pass 2 on one partition, with the merged pass-1 statistics `merged`: the entropy sums of
/// each indicator's weight input. Empty when the recipe's weights are not data-driven.
[[nodiscard]] inline partial_weights weight_statistics(const framework& fw, const panel& part,
                                                       const recipe& r, const partial_fit& merged) {
  partial_weights out;
  if (r.weights.method != weighting_method::entropy) return out;
  const auto fits = finish_normalisation(fw, r, merged);
  const std::vector<Eigen::Index> col = detail::pf::columns_of(fw, part, r);
  const detail::period_rows rows(part);
  std::vector<Eigen::Index> weight_rows;
  if (r.weights.fit_period.empty()) {
    weight_rows = rows.all(part.rows());
  } else if (const auto* f = rows.find(r.weights.fit_period)) {
    weight_rows = *f;
  }
  const weighting& w = r.weights;
  double a = 0, b = 1;  // t = a + b z, the zero-handling transform of entropy_of_column()
  if (w.zeros == entropy_zeros::shift) a = w.entropy_shift;
  if (w.zeros == entropy_zeros::compress) {
    a = w.entropy_compress;
    b = 1 - 2 * w.entropy_compress;
  }
  out.indicators = fw.indicator_codes();
  out.cells.resize(out.indicators.size());
  std::vector<double> z;
  constexpr std::size_t chunk = 1024;
  Eigen::ArrayXd t(static_cast<Eigen::Index>(chunk));
  for (std::size_t j = 0; j < out.indicators.size(); ++j) {
    detail::pf::weight_input_column(fw, r, j, detail::pf::weight_rows_moments(r, merged, j), fits[j],
                                    merged.periods, part, rows, weight_rows, col[j], z);
    entropy_sums& e = out.cells[j];
    for (std::size_t start = 0; start < z.size(); start += chunk) {
      const std::size_t len = std::min(chunk, z.size() - start);
      const Eigen::Map<const Eigen::ArrayXd> zc(z.data() + start, static_cast<Eigen::Index>(len));
      if (std::isfinite(zc.sum()) && zc.minCoeff() >= 0) {  // no NaN, inf or negative value
        e.n += static_cast<double>(len);
        e.min = std::min(e.min, zc.minCoeff());
        e.max = std::max(e.max, zc.maxCoeff());
        auto tc = t.head(static_cast<Eigen::Index>(len));
        tc = a + b * zc;
        e.S += tc.sum();
        e.L += detail::wk::sum_t_log_t(tc);
        continue;
      }
      double s_blk = 0, l_blk = 0;
      for (std::size_t i = start; i < start + len; ++i) {
        const double v = z[i];
        if (std::isnan(v)) continue;
        if (std::isinf(v)) {
          e.inf += 1;
          continue;
        }
        if (v < 0) {
          e.negative += 1;
          continue;
        }
        e.n += 1;
        e.min = std::min(e.min, v);
        e.max = std::max(e.max, v);
        const double tv = a + b * v;
        s_blk += tv;
        if (tv > 0) l_blk += tv * std::log(tv);
      }
      e.S += s_blk;
      e.L += l_blk;
    }
  }
  return out;
}

/// The fits and weights score() would find on the whole panel, from the merged statistics of
/// its partitions (`weights_stats` empty unless the weights are data-driven).
[[nodiscard]] inline fitted_scoring finish(const framework& fw, const recipe& r, const partial_fit& s,
                                           const partial_weights& weights_stats = {}) {
  fitted_scoring out;
  out.indicators = s.indicators;
  out.periods = s.periods;
  out.fits = finish_normalisation(fw, r, s);
  const panel shape = detail::pf::skeleton(s.periods, s.indicators);
  detail::validate_recipe(fw, shape, r);
  const detail::period_rows periods(shape);
  std::vector<Eigen::Index> col(s.indicators.size());
  for (std::size_t j = 0; j < col.size(); ++j) col[j] = static_cast<Eigen::Index>(j);
  const bool data_driven = r.weights.method == weighting_method::entropy;
  if (data_driven && weights_stats.cells.size() != s.indicators.size())
    throw data_error("dask.merge", "entropy weights need the weight statistics of the second pass");
  // entropy of each leaf from its merged sums, then d = 1 - e shared within the group, as
  // entropy_weights() (its errors, naming the group's column and the indicator)
  const detail::objective_weights entropy = [&](const std::vector<std::size_t>& leaf_pos) {
    std::vector<std::string> names;
    for (std::size_t lp : leaf_pos) names.push_back(s.indicators[lp]);
    Eigen::VectorXd d(static_cast<Eigen::Index>(leaf_pos.size()));
    for (std::size_t k = 0; k < leaf_pos.size(); ++k) {
      const entropy_sums& e = weights_stats.cells[leaf_pos[k]];
      const auto kk = static_cast<Eigen::Index>(k);
      if (e.negative > 0)
        detail::wk::column_fail("weights.negative_value", "entropy", kk,
                                "has a negative value; entropy needs values >= 0 (min-max normalised, or raw "
                                "positive data for raw_proportions)",
                                &names);
      if (e.inf > 0)
        detail::wk::column_fail("weights.non_finite", "entropy", kk, "has an infinite value", &names);
      if (e.n < 2)
        detail::wk::column_fail("weights.too_few_values", "entropy", kk,
                                "has " + std::to_string(static_cast<std::size_t>(e.n)) +
                                    " non-missing value(s); at least 2 are needed",
                                &names);
      const double ent = e.min == e.max ? 1.0 : -(e.L / e.S - std::log(e.S)) / std::log(e.n);
      d[kk] = std::max(0.0, 1.0 - ent);
    }
    return detail::wk::to_weights(std::move(d), "entropy");
  };
  out.weights = detail::compute_weights(fw, shape, r, col, Eigen::MatrixXd(), periods, out.diagnostics,
                                        data_driven ? &entropy : nullptr);
  detail::check_weights(fw, out.weights, {});
  return out;
}

/// Scores one partition with fits and weights finished from the whole panel's statistics:
/// normalised values and every aggregate's score, row by row as score() computes them (no
/// ranks: they need every unit). Throws what score() throws for the partition's rows.
[[nodiscard]] inline partition_scores score_partition(const framework& fw, const panel& part, const recipe& r,
                                                      const fitted_scoring& fit) {
  detail::pf::require_mergeable(fw, r);
  if (part.units.size() != static_cast<std::size_t>(part.rows()) ||
      part.periods.size() != static_cast<std::size_t>(part.rows()) ||
      part.indicators.size() != static_cast<std::size_t>(part.cols()))
    throw data_error("data.shape", "panel labels do not match its matrix",
                     location{part.source, 0, 0, {}, {}, {}, {}});
  const std::vector<Eigen::Index> col = detail::pf::columns_of(fw, part, r);
  const detail::period_rows rows(part);
  const Eigen::Index n = part.rows();
  const auto n_leaves = static_cast<Eigen::Index>(fw.leaves().size());
  partition_scores out;
  out.normalised.resize(n, n_leaves);
  for (Eigen::Index j = 0; j < n_leaves; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    const node_spec& node = fw.node(fw.leaves()[ju]);
    const normalisation& how = r.normalisation_for(node.code);
    const indicator_context c = indicator_context::of(node, how.target_year);
    detail::pf::normalise_column(how, c, fit.fits[ju], fit.periods, rows, part.values.col(col[ju]).data(),
                                 out.normalised.col(j).data(), n);
  }
  detail::check_normalised(fw, part, col, out.normalised);

  const auto& inner = fw.inner_nodes();
  for (std::size_t k : inner) out.nodes.push_back(fw.node(k).code);
  out.scores.resize(n, static_cast<Eigen::Index>(inner.size()));
  std::vector<Eigen::Index> inner_col(fw.size(), -1);
  for (std::size_t q = 0; q < inner.size(); ++q) inner_col[inner[q]] = static_cast<Eigen::Index>(q);
  for (std::size_t k : fw.inner_nodes_bottom_up()) {
    const node_spec& node = fw.node(k);
    const aggregation how = r.aggregation_for(node.code, fw.level(k), node.aggregate_with);
    std::vector<const double*> cols;
    std::vector<double> w;
    for (std::size_t c : fw.children(k)) {
      cols.push_back(fw.is_leaf(c) ? out.normalised.col(static_cast<Eigen::Index>(fw.leaf_position(c))).data()
                                   : out.scores.col(inner_col[c]).data());
      w.push_back(fit.weights[static_cast<Eigen::Index>(c)]);
    }
    aggregate_report rep;
    if (how.method == aggregation_method::fuzzy) {
      Eigen::MatrixXd memberships;  // row by row, as score(); the memberships are not kept here
      detail::fuzzy_node(fw, k, r, how, part.values, col, w, memberships, out.scores.col(inner_col[k]).data(),
                         rep);
    } else {
      aggregate_into(how, r.missing_for(node.code), cols, w, n, rows.rows,
                     out.scores.col(inner_col[k]).data(), rep);
    }
    if (!rep.error.empty()) {
      location l = part.where_row(static_cast<std::size_t>(rep.error_row));
      l.node = node.code;
      throw recipe_error("aggregate.domain", rep.error, l);
    }
    detail::check_aggregated(part, node.code, how, cols, out.scores.col(inner_col[k]).data());
  }
  return out;
}

}  // namespace tijian
