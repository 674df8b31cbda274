// SPDX-License-Identifier: MIT
// Uncertainty analysis: how much a composite score and rank move when the methodological
// choices move. A run samples weights (uniform relative noise per level, as COINr's
// get_noisy_weights, or Dirichlet), a normalisation, an aggregation, a data variant (e.g. a
// winsorisation limit or an imputation method, expressed as a recipe's preparation) and an
// indicator to leave out. COINr rebuilds the whole index for every run (coinr.md §10); here
//  - every (data variant, normalisation) pair is scored once, with the full pipeline, and its
//    normalised matrix Z is kept (fit once, apply many);
//  - a run is then only weights: with arithmetic means at every level the index is Z w_eff
//    (effective leaf weights), with geometric means exp(ln Z w_eff), so runs sharing a (variant,
//    normalisation, aggregation) are one matrix product Z W over all their weight vectors,
//    scored and ranked by the batch kernels (batch.hpp: register-blocked fused products and
//    exact bucket ranks, AVX-512 / AVX2 chosen at run time); other aggregations go through the
//    tree node by node (aggregate.hpp);
//  - per-unit quantiles come from counted buckets, not sorts; flat Dirichlet weights (every
//    parameter 1) are drawn for many runs per vector instruction;
//  - runs are processed in fixed chunks in parallel, each run with its own random stream
//    derived from the seed, so results are bit-identical for any number of threads.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <tuple>
#include <string>
#include <vector>

#include "aggregate.hpp"
#include "batch.hpp"
#include "detail/memory.hpp"
#include "detail/text.hpp"
#include "framework.hpp"
#include "panel.hpp"
#include "rank.hpp"
#include "recipe.hpp"
#include "result.hpp"
#include "score.hpp"
#include "sobol.hpp"

namespace tijian {

/// Relative weight noise at one level (COINr get_noisy_weights): w' = w (1 + f U(-1, 1)),
/// independently for each node of that level, then renormalised within sibling groups.
struct level_noise {
  int level = 1;         ///< COINr level of the nodes whose weights move (indicators = 1)
  double factor = 0.25;  ///< f in [0, 1)
};

/// The uncertain inputs an analysis varies, in the order their columns appear: the codes of
/// uncertainty_result::factor_names and sensitivity_result::factors, with readers' labels.
enum class uncertain_input { data_variant, normalisation, aggregation, exclusion, weights, weight_set };

template <>
struct enum_names<uncertain_input> {
  static constexpr const char* what = "uncertain input";
  static constexpr enum_name<uncertain_input> entries[] = {
      {uncertain_input::data_variant, "data_variant", "数据处理方案", "data treatment variant"},
      {uncertain_input::normalisation, "normalisation", "标准化方法", "normalisation"},
      {uncertain_input::aggregation, "aggregation", "汇总方法", "aggregation"},
      {uncertain_input::exclusion, "exclusion", "剔除指标", "left-out indicator"},
      {uncertain_input::weights, "weights", "权重", "weights"},
      {uncertain_input::weight_set, "weight_set", "权重方案", "weight set"},
  };
};

/// Limits of the sampling, checked before anything is allocated (the result holds units x runs
/// scores and ranks): at most 10 million runs; a Dirichlet concentration of 0 (off) or from
/// 0.01 to 1e6 (below 0.01 the gamma draws underflow to zero and every run falls back to the
/// nominal weights, which would look like perfectly stable ranks).
inline constexpr std::size_t max_runs = 10'000'000;
inline constexpr double dirichlet_min = 0.01;
inline constexpr double dirichlet_max = 1e6;

/// One named set of weights for an uncertainty analysis (e.g. the weights of an expert panel, of
/// a published variant, of a survey). Weights are as a framework writes them, relative to their
/// siblings: a set that names one child of a node names all of them (the group is renormalised),
/// and groups it does not name keep the nominal run's relative weights. Codes must be non-root
/// nodes of the framework, weights finite and >= 0, and no named group may sum to 0
/// (recipe_error "uncertainty.weight_set", naming the set and the node).
struct weight_set {
  std::string name;                       ///< label of the set (empty: "set <k>", from 1)
  std::map<std::string, double> weights;  ///< node code -> weight relative to its siblings
};

/// The uncertain inputs and how to sample them.
struct uncertainty_spec {
  std::size_t runs = 1000;
  std::uint64_t seed = 1;
  sampling draws = sampling::pseudo_random;
  std::vector<level_noise> noise;  ///< uniform relative weight noise per level
  /// Noise and Dirichlet perturb the nominal run's relative weights (with data-driven weights:
  /// those fitted in the nominal run).
  /// > 0: weights of every sibling group drawn from a Dirichlet distribution with mean the
  /// nominal relative weights and total concentration `dirichlet` x (group size); replaces
  /// `noise`. Larger = closer to the nominal weights.
  double dirichlet = 0;
  std::vector<normalisation> normalisations;  ///< alternatives; empty = the recipe's only
  std::vector<aggregation> aggregations;      ///< alternatives applied to every inner node
  /// Alternative preparations (only recipe.prepare is read). Each must keep the analysed
  /// units (its screening may not drop one): recipe_error "uncertainty.data_variant" otherwise.
  std::vector<recipe> data_variants;
  std::vector<std::string> variant_names;  ///< labels of data_variants (optional)
  /// Indicators that may be left out: each run leaves out none or one of them, uniformly.
  std::vector<std::string> exclusions;
  /// Explicit weight sets: each run uses one of them, uniformly (the factor "weight_set"), in
  /// place of noise or Dirichlet weights (giving both is recipe_error "uncertainty.weight_set").
  std::vector<weight_set> weight_sets;
  std::string node;    ///< node whose score and rank are analysed; empty = the composite index
  std::string period;  ///< period analysed; empty = the only period (error if several)
};

/// One run's sampled choices (indices into the spec's alternative lists; -1 = nominal/none).
struct run_choice {
  int variant = -1, normalisation = -1, aggregation = -1, excluded = -1;
  std::size_t weight_set = 0;
};

struct uncertainty_result {
  std::vector<std::string> units;
  std::string node;
  Eigen::VectorXd nominal_score, nominal_rank;
  Eigen::MatrixXd scores;  ///< units x runs (NaN columns for failed runs)
  Eigen::MatrixXd ranks;   ///< units x runs
  /// per unit: mean, median, 5th and 95th percentile (type 7) over the successful runs
  Eigen::VectorXd score_mean, score_median, score_q05, score_q95;
  Eigen::VectorXd rank_mean, rank_median, rank_q05, rank_q95;
  std::vector<run_choice> choices;  ///< per run
  Eigen::MatrixXd weights;          ///< runs x framework nodes: relative weights used
  std::vector<std::string> factor_names;
  Eigen::MatrixXd factors;                                    ///< runs x factors: the sampled u in [0, 1)
  std::vector<std::pair<std::size_t, std::string>> failures;  ///< (run, reason)
  std::size_t first_run = 0;  ///< index of the first of these runs in the whole analysis (uncertainty_runs)
};

namespace detail::ua {

/// Sample a discrete alternative from u in [0, 1): floor(u k), uniform over [0, 1) (COINr cuts
/// the observed range of u instead, which is slightly non-uniform for small N).
inline int pick(double u, std::size_t k) {
  if (k == 0) return -1;
  return static_cast<int>(std::min(k - 1, static_cast<std::size_t>(u * static_cast<double>(k))));
}

/// Dirichlet relative weights of every sibling group: gamma(a) draws with a = concentration x
/// group size x nominal weight (no draw where a = 0), normalised within the group, in the
/// framework's order of inner nodes and children; `draw(a)` gives the next Gamma(a).
template <class Draw>
inline Eigen::VectorXd dirichlet_group_weights(const framework& fw, const Eigen::VectorXd& nominal,
                                               double concentration, Draw draw) {
  Eigen::VectorXd w = nominal;
  for (std::size_t k : fw.inner_nodes()) {
    const auto& kids = fw.children(k);
    double sum = 0;
    for (std::size_t c : kids) {
      const double a =
          concentration * static_cast<double>(kids.size()) * nominal[static_cast<Eigen::Index>(c)];
      const double g = a > 0 ? draw(a) : 0.0;
      w[static_cast<Eigen::Index>(c)] = g;
      sum += g;
    }
    for (std::size_t c : kids)
      w[static_cast<Eigen::Index>(c)] = sum > 0 ? w[static_cast<Eigen::Index>(c)] / sum
                                                : nominal[static_cast<Eigen::Index>(c)];
  }
  return w;
}

/// Relative weights (within sibling groups) of one run: nominal, perturbed, then renormalised.
inline Eigen::VectorXd perturbed_weights(const framework& fw, const Eigen::VectorXd& nominal,
                                         const uncertainty_spec& spec, std::uint64_t stream_seed) {
  detail::random_stream rng(stream_seed);
  if (spec.dirichlet > 0)
    return dirichlet_group_weights(fw, nominal, spec.dirichlet,
                                   [&](double a) { return detail::standard_gamma(rng, a); });
  Eigen::VectorXd w = nominal;
  if (spec.noise.empty()) return w;
  for (std::size_t i = 0; i < fw.size(); ++i)
    for (const auto& ln : spec.noise)
      if (fw.level(i) == ln.level && i != fw.root())
        w[static_cast<Eigen::Index>(i)] *= 1 + ln.factor * (2 * detail::uniform01(rng) - 1);
  for (std::size_t k : fw.inner_nodes()) {
    double sum = 0;
    for (std::size_t c : fw.children(k)) sum += w[static_cast<Eigen::Index>(c)];
    for (std::size_t c : fw.children(k))
      w[static_cast<Eigen::Index>(c)] = sum > 0 ? w[static_cast<Eigen::Index>(c)] / sum : 0;
  }
  return w;
}

/// Sets a leaf's relative weight to 0 and renormalises upwards; a group left with no weight
/// passes the exclusion on to its parent. False if nothing is left at `top`.
inline bool exclude_leaf(const framework& fw, Eigen::VectorXd& w, std::size_t leaf, std::size_t top) {
  std::size_t i = leaf;
  while (true) {
    w[static_cast<Eigen::Index>(i)] = 0;
    const std::size_t p = fw.parent(i);
    if (p == framework::npos || i == top) return false;
    double sum = 0;
    for (std::size_t c : fw.children(p)) sum += w[static_cast<Eigen::Index>(c)];
    if (sum > 0) {
      for (std::size_t c : fw.children(p)) w[static_cast<Eigen::Index>(c)] /= sum;
      return true;
    }
    if (p == top) return false;
    i = p;
  }
}

/// One scored (data variant, normalisation) pair: everything a run needs besides weights.
struct base_fit {
  result res;                                       ///< the full nominal-weight run of this pair
  Eigen::MatrixXd z;                                ///< rows of the period x leaves below the node
  bool complete = true;                             ///< no NaN in z
  bool positive = true;                             ///< every z > 0 (geometric shortcut allowed)
  std::vector<Eigen::Index> rows;                   ///< rows of the analysed period in res
  detail::batch::packed_matrix packed, packed_log;  ///< z and ln z for the batch kernels
};

}  // namespace detail::ua

/// Monte Carlo uncertainty analysis of the score and rank of `spec.node` under `nominal`.
/// Throws recipe_error for an unknown node, period or excluded indicator, or if the nominal
/// run itself fails. Failed runs (e.g. a geometric mean of negative z-scores) are counted and
/// explained in `failures` and leave NaN columns; they never poison the statistics.
[[nodiscard]] inline uncertainty_result uncertainty(const framework& fw, const panel& data,
                                                    const recipe& nominal, const uncertainty_spec& spec);

/// Runs first .. first + count - 1 of the analysis `spec` (spec.runs in all): each run draws
/// from the stream of its own number, so a part is what uncertainty() computes for those runs
/// (tijian.dask splits the runs across processes). The part's statistics cover its own runs;
/// merge_uncertainty() gives those of all.
[[nodiscard]] inline uncertainty_result uncertainty_runs(const framework& fw, const panel& data,
                                                         const recipe& nominal, const uncertainty_spec& spec,
                                                         std::size_t first, std::size_t count);

/// The parts of uncertainty_runs() covering runs 0 .. R - 1 in order, as one result: the same
/// bits as uncertainty() of all R runs (the statistics are recomputed over every run).
[[nodiscard]] inline uncertainty_result merge_uncertainty(std::vector<uncertainty_result>&& parts);

namespace detail::ua {

struct engine {
  const framework& fw;
  const panel& data;
  const recipe& nominal;
  const uncertainty_spec& spec;
  std::size_t top = 0;
  std::vector<std::size_t> leaves;  ///< leaves below top (framework node indices)
  std::map<std::pair<int, int>, base_fit> fits;
  result nominal_res;
  std::vector<Eigen::Index> rows;  ///< rows of the analysed period

  engine(const framework& f, const panel& d, const recipe& r, const uncertainty_spec& s)
      : fw(f), data(d), nominal(r), spec(s) {
    top = spec.node.empty() ? fw.root() : fw.find(spec.node);
    if (top == framework::npos || fw.is_leaf(top))
      throw recipe_error("uncertainty.unknown_node",
                         "node '" + spec.node + "' is not an aggregate of the framework");
    leaves = fw.leaves_below(top);
    for (const auto& code : spec.exclusions) {
      const std::size_t i = fw.find(code);
      if (i == framework::npos || !fw.is_leaf(i))
        throw recipe_error("uncertainty.unknown_indicator",
                           "exclusion '" + code + "' is not an indicator of the framework");
    }
    if (!(spec.dirichlet == 0 || (spec.dirichlet >= dirichlet_min && spec.dirichlet <= dirichlet_max)))
      throw recipe_error(
          "uncertainty.dirichlet",
          "dirichlet must be a concentration from 0.01 to 1e6 (or 0 for no Dirichlet weights), not " +
              detail::format_double(spec.dirichlet));
    if (spec.runs > max_runs)
      throw recipe_error("uncertainty.runs",
                         "runs must be from 1 to 10000000, not " + std::to_string(spec.runs));
    if (spec.dirichlet > 0 && !spec.noise.empty())
      throw recipe_error("uncertainty.noise", "give either noise or dirichlet weights, not both");
    if (!spec.weight_sets.empty() && (spec.dirichlet > 0 || !spec.noise.empty()))
      throw recipe_error(
          "uncertainty.weight_set",
          "explicit weight sets take the place of weight noise and Dirichlet weights: give one "
          "of them");
    for (const auto& n : spec.noise)
      if (!(n.factor >= 0 && n.factor < 1) || n.level < 1 || n.level >= fw.max_level())
        throw recipe_error("uncertainty.noise", "weight noise needs 0 <= factor < 1 at a level from 1 to " +
                                                    std::to_string(fw.max_level() - 1));
    require_runs_can_aggregate();
    nominal_res = score(fw, data, nominal);
    const auto periods = data.distinct_periods();
    std::string period = spec.period;
    if (period.empty()) {
      if (periods.size() > 1)
        throw recipe_error("uncertainty.period", "the data has several periods: name one");
      period = periods.front();
    }
    // rows of the nominal run, which may have screened rows out of the data
    rows = rows_of_period(nominal_res.periods, period);
    if (rows.empty()) throw recipe_error("uncertainty.period", "period '" + period + "' is not in the data");
  }

  /// The runs aggregate the tree themselves from the normalised children (step 4 of run_all, or
  /// the fast paths): without the score fills of [missing] fill, without the bookkeeping that
  /// keeps not-applicable children out of the missing policy, and without fuzzy evaluation
  /// (which reads raw values against the recipe's standards). A recipe whose scores depend on
  /// one of these is refused here, rather than analysed with runs that differ from its own.
  void require_runs_can_aggregate() const {
    auto refuse = [](const std::string& code, const std::string& why) {
      location l;
      l.node = code;
      throw recipe_error("uncertainty.recipe",
                         "the uncertainty runs cannot reproduce node '" + code + "': " + why, l);
    };
    for (std::size_t k : fw.inner_nodes_bottom_up()) {
      bool below = false;
      for (std::size_t i = k; i != framework::npos; i = fw.parent(i)) below = below || i == top;
      if (!below) continue;
      const std::string& code = fw.node(k).code;
      const missing_data& m = nominal.missing_for(code);
      if (m.fill != score_fill::none)
        refuse(code, "its missing scores are filled ([missing] fill = '" + std::string(to_string(m.fill)) +
                         "'), which the runs do not do; analyse the recipe without the fill");
      if (!nominal.not_applicable.empty() && m.policy != missing_policy::skip_and_reweight)
        refuse(code, "the recipe has [not_applicable] rules and the node's missing policy is '" +
                         std::string(to_string(m.policy)) +
                         "', under which the runs would count not-applicable children as missing; use "
                         "skip_and_reweight for the analysis");
      if (nominal.aggregation_for(code, fw.level(k), fw.node(k).aggregate_with).method ==
          aggregation_method::fuzzy)
        refuse(code,
               "fuzzy comprehensive evaluation reads the raw values against the recipe's [fuzzy] "
               "standards, not normalised children");
    }
    for (const auto& a : spec.aggregations)
      if (a.method == aggregation_method::fuzzy)
        refuse(fw.node(top).code,
               "fuzzy comprehensive evaluation cannot be an aggregation alternative: it reads "
               "the raw values against the recipe's [fuzzy] standards");
  }

  base_fit& fit(int variant, int norm) {
    auto key = std::make_pair(variant, norm);
    auto it = fits.find(key);
    if (it != fits.end()) return it->second;
    recipe r = nominal;
    if (variant >= 0) r.prepare = spec.data_variants[static_cast<std::size_t>(variant)].prepare;
    if (norm >= 0) {
      r.normalise = spec.normalisations[static_cast<std::size_t>(norm)];
      r.normalise_by_indicator.clear();
    }
    base_fit b;
    b.res = (variant < 0 && norm < 0) ? nominal_res : score(fw, data, r);
    // the analysed units, row for row as in the nominal run: the same rows when the
    // preparation is the nominal one (or keeps the same rows), otherwise found by unit code,
    // since a data variant screens on its own and may keep other rows
    if (variant < 0 || (b.res.units == nominal_res.units && b.res.periods == nominal_res.periods)) {
      b.rows = rows;
    } else {
      const std::string& period = nominal_res.periods[static_cast<std::size_t>(rows.front())];
      const detail::panel_index row_of(b.res.units, b.res.periods);
      for (const Eigen::Index row : rows) {
        const std::string& unit = nominal_res.units[static_cast<std::size_t>(row)];
        const Eigen::Index at = row_of.find(unit, period);
        if (at < 0) {
          const auto v = static_cast<std::size_t>(variant);
          const std::string name = v < spec.variant_names.size() && !spec.variant_names[v].empty()
                                       ? "'" + spec.variant_names[v] + "'"
                                       : std::to_string(v + 1);
          throw recipe_error("uncertainty.data_variant",
                             "data variant " + name + " drops unit '" + unit + "' (period '" + period +
                                 "'), which the nominal run "
                                 "scores: every variant must keep the analysed units");
        }
        b.rows.push_back(at);
      }
    }
    b.z.resize(static_cast<Eigen::Index>(b.rows.size()), static_cast<Eigen::Index>(leaves.size()));
    for (std::size_t k = 0; k < leaves.size(); ++k) {
      const auto col = static_cast<Eigen::Index>(fw.leaf_position(leaves[k]));
      for (std::size_t i = 0; i < b.rows.size(); ++i)
        b.z(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = b.res.normalised(b.rows[i], col);
    }
    b.complete = !b.z.array().isNaN().any();
    b.positive = b.complete && (b.z.array() > 0).all();
    if (b.complete) b.packed = detail::batch::packed_matrix(b.z);
    if (b.positive) b.packed_log = detail::batch::packed_matrix(b.z.array().log().matrix());
    return fits.emplace(key, std::move(b)).first->second;
  }
};

/// Type-7 quantiles at increasing probabilities `p` of v[0, count) by selection (reorders v):
/// each selection works only on the part above the previous one, so three quantiles cost
/// about 2.5 passes instead of a sort.
template <std::size_t K>
inline void quantiles_select(double* v, std::size_t count, const double (&p)[K], double* out) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (count == 0) {
    for (std::size_t k = 0; k < K; ++k) out[k] = nan;
    return;
  }
  std::size_t from = 0;  // v[0, from) holds the order statistics below the last one found
  for (std::size_t k = 0; k < K; ++k) {
    const double h = (static_cast<double>(count) - 1) * p[k];
    const auto lo = static_cast<std::size_t>(std::floor(h));
    double* at = v + lo;
    std::nth_element(v + std::min(from, lo), at, v + count);
    const double a = v[lo];
    out[k] = lo + 1 >= count ? a
                             : a + (h - static_cast<double>(lo)) * (*std::min_element(at + 1, v + count) - a);
    from = lo + 1;
  }
}

/// Type-7 quantiles at probabilities `p` of the scores v[0, count) of one unit: the two order
/// statistics around each from the batch kernels' counted buckets (batch.hpp: linear, no
/// sort, also for clustered scores such as COINr's ASEM specification's min-max and z-score
/// runs), or selections for non-finite values (which reorder v).
template <std::size_t K>
inline void score_quantiles(double* v, std::size_t count, const double (&p)[K], double* out,
                            detail::batch::rank_scratch& scratch) {
  std::size_t at[2 * K], lo[K];
  double h[K], os[2 * K];
  for (std::size_t k = 0; k < K && count > 0; ++k) {
    h[k] = (static_cast<double>(count) - 1) * p[k];
    lo[k] = static_cast<std::size_t>(std::floor(h[k]));
    at[2 * k] = count - 1 - lo[k];  // positions from the largest
    at[2 * k + 1] = count - 1 - std::min(lo[k] + 1, count - 1);
  }
  if (count == 0 || !detail::batch::order_statistics(v, count, at, 2 * K, os, scratch)) {
    quantiles_select(v, count, p, out);  // non-finite values: linear selections
    return;
  }
  for (std::size_t k = 0; k < K; ++k)
    out[k] = lo[k] + 1 >= count
                 ? os[2 * k]
                 : os[2 * k] + (h[k] - static_cast<double>(lo[k])) * (os[2 * k + 1] - os[2 * k]);
}

/// Type-7 quantiles at probabilities `p` of ranks, which are multiples of 1/2 in [1, n] (min,
/// dense and average ties): order statistics read from a histogram of 2 x rank in one pass,
/// exact and linear in the runs.
template <std::size_t K>
inline void rank_quantiles(const std::vector<std::uint32_t>& histogram, std::size_t count,
                           const double (&p)[K], double* out) {
  if (count == 0) {
    for (std::size_t k = 0; k < K; ++k) out[k] = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  std::size_t want[2 * K], order[2 * K];  // 0-based positions from the smallest
  double h[K], os[2 * K];
  for (std::size_t k = 0; k < K; ++k) {
    h[k] = (static_cast<double>(count) - 1) * p[k];
    want[2 * k] = static_cast<std::size_t>(std::floor(h[k]));
    want[2 * k + 1] = std::min(want[2 * k] + 1, count - 1);
  }
  for (std::size_t j = 0; j < 2 * K; ++j) order[j] = j;
  std::sort(order, order + 2 * K, [&](std::size_t a, std::size_t b) { return want[a] < want[b]; });
  std::size_t j = 0, seen = 0;
  for (std::size_t b = 0; b < histogram.size() && j < 2 * K; ++b)
    for (seen += histogram[b]; j < 2 * K && want[order[j]] < seen; ++j)
      os[order[j]] = 0.5 * static_cast<double>(b);
  for (; j < 2 * K; ++j) os[order[j]] = std::numeric_limits<double>::quiet_NaN();  // count > the histogram's
  for (std::size_t k = 0; k < K; ++k) {
    const double a = os[2 * k];
    out[k] = want[2 * k] + 1 >= count ? a
                                      : a + (h[k] - static_cast<double>(want[2 * k])) * (os[2 * k + 1] - a);
  }
}

/// Aggregation method of inner node k in a run (the alternative for every node, or the recipe).
inline aggregation method_of(const engine& e, std::size_t k, int alternative) {
  if (alternative >= 0) return e.spec.aggregations[static_cast<std::size_t>(alternative)];
  const node_spec& n = e.fw.node(k);
  return e.nominal.aggregation_for(n.code, e.fw.level(k), n.aggregate_with);
}

enum class path { arithmetic, geometric, tree };

/// Whether every aggregate at or below the analysed node uses the arithmetic (first) or the
/// geometric (second) mean under an aggregation alternative (-1 = the recipe's choices).
inline std::pair<bool, bool> uniform_method(const engine& e, int alternative) {
  bool arith = true, geo = true;
  for (std::size_t k : e.fw.inner_nodes()) {
    bool below = false;
    for (std::size_t i = k; i != framework::npos; i = e.fw.parent(i)) below = below || i == e.top;
    if (!below) continue;
    const aggregation a = method_of(e, k, alternative);
    arith = arith && a.method == aggregation_method::arithmetic;
    geo = geo && a.method == aggregation_method::geometric;
  }
  return {arith, geo};
}

inline void unit_statistics(uncertainty_result& out);

/// Scores, ranks and statistics of the given runs into `out` (choices, weights and the rest).
inline void evaluate(engine& e, const std::vector<run_choice>& runs, uncertainty_result& out,
                     const std::vector<Eigen::VectorXd>& weight_sets) {
  const framework& fw = e.fw;
  const std::size_t R = runs.size();
  const auto n = static_cast<Eigen::Index>(e.rows.size());
  out.node = fw.node(e.top).code;
  out.units.clear();
  out.nominal_score.resize(n);
  out.nominal_rank.resize(n);
  const Eigen::VectorXd ns = e.nominal_res.score_of(e.top), nr = e.nominal_res.rank_of(out.node);
  for (Eigen::Index i = 0; i < n; ++i) {
    out.units.push_back(e.nominal_res.units[static_cast<std::size_t>(e.rows[static_cast<std::size_t>(i)])]);
    out.nominal_score[i] = ns[e.rows[static_cast<std::size_t>(i)]];
  }
  // nominal ranks within the analysed rows
  {
    rank_buffers buf;
    Eigen::VectorXd tmp = out.nominal_score;
    rank_into(tmp.data(), nullptr, static_cast<std::size_t>(n), out.nominal_rank.data(), e.nominal.ties,
              rank_order::highest_first, buf);
  }
  (void)nr;
  out.choices = runs;
  // every column is written below: by its path's step, or NaN for a failed run
  out.scores.resize(n, static_cast<Eigen::Index>(R));
  out.ranks.resize(n, static_cast<Eigen::Index>(R));
  // large ones (16 MB and more, e.g. 300 units x 10,000 runs) on huge pages: first touch
  // dominates their write otherwise (detail/memory.hpp)
  detail::advise_huge_pages(out.scores.data(), static_cast<std::size_t>(out.scores.size()) * sizeof(double));
  detail::advise_huge_pages(out.ranks.data(), static_cast<std::size_t>(out.ranks.size()) * sizeof(double));
  out.weights.resize(static_cast<Eigen::Index>(R), static_cast<Eigen::Index>(fw.size()));
  out.failures.clear();

  // 1. fit every (variant, normalisation) pair the runs use, once (score() is parallel inside)
  for (const auto& c : runs) (void)e.fit(c.variant, c.normalisation);

  // 2. relative weights and effective leaf weights of every run
  const std::size_t m = e.leaves.size();
  Eigen::MatrixXd w_eff(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(R));
  std::vector<std::string> fail(R);
  std::vector<path> paths(R);
  std::vector<std::pair<bool, bool>> uniform;  // uniform_method of each aggregation alternative (+1)
  for (int a = -1; a < static_cast<int>(e.spec.aggregations.size()); ++a)
    uniform.push_back(uniform_method(e, a));
  for (std::size_t r = 0; r < R; ++r) {
    const run_choice& c = runs[r];
    const base_fit& b = e.fits.at({c.variant, c.normalisation});
    Eigen::VectorXd w = weight_sets.empty() ? Eigen::VectorXd(b.res.weights)
                                            : weight_sets[c.weight_set % weight_sets.size()];
    if (!weight_sets.empty() && w.size() != b.res.weights.size()) w = b.res.weights;
    if (c.excluded >= 0) {
      const std::size_t leaf = fw.at(e.spec.exclusions[static_cast<std::size_t>(c.excluded)]);
      if (!exclude_leaf(fw, w, leaf, e.top))
        fail[r] = "leaving out the indicator leaves nothing to aggregate";
    }
    out.weights.row(static_cast<Eigen::Index>(r)) = w.transpose();
    for (std::size_t k = 0; k < m; ++k) {
      double prod = 1;
      for (std::size_t i = e.leaves[k]; i != e.top; i = fw.parent(i)) prod *= w[static_cast<Eigen::Index>(i)];
      w_eff(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(r)) = prod;
    }
    const auto [all_arith, all_geo] = uniform[static_cast<std::size_t>(c.aggregation + 1)];
    paths[r] = (all_arith && b.complete) ? path::arithmetic
               : (all_geo && b.positive) ? path::geometric
                                         : path::tree;
  }

  // 3. linear paths: scores and ranks of chunks of runs sharing (variant, normalisation,
  //    path), by the batch kernels (batch.hpp): one blocked product and an exact bucket rank
  //    per run, each run's sums in a fixed order, so nothing depends on the thread count.
  std::map<std::tuple<int, int, int>, std::vector<std::size_t>> groups;
  for (std::size_t r = 0; r < R; ++r)
    if (fail[r].empty() && paths[r] != path::tree)
      groups[{runs[r].variant, runs[r].normalisation, static_cast<int>(paths[r])}].push_back(r);
  struct chunk {
    const base_fit* fit;
    path kind;
    std::vector<std::size_t> runs;
  };
  std::vector<chunk> chunks;
  constexpr std::size_t chunk_size = 32;
  for (const auto& [key, list] : groups) {
    const base_fit& b = e.fits.at({std::get<0>(key), std::get<1>(key)});
    const auto kind = static_cast<path>(std::get<2>(key));
    for (std::size_t s = 0; s < list.size(); s += chunk_size)
      chunks.push_back({&b, kind,
                        std::vector<std::size_t>(list.begin() + static_cast<std::ptrdiff_t>(s),
                                                 list.begin() + static_cast<std::ptrdiff_t>(
                                                                    std::min(list.size(), s + chunk_size)))});
  }
  const detail::simd::level simd = detail::simd::active();
#ifdef _OPENMP
// clang-format off
#pragma omp parallel if (R * static_cast<std::size_t>(n) * m > 200000)
// clang-format on
#endif
  {
    detail::batch::block_scratch scratch;
    Eigen::MatrixXd w, s, rk;
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 1)
#endif
    for (std::size_t q = 0; q < chunks.size(); ++q) {
      const chunk& ch = chunks[q];
      const bool geometric = ch.kind == path::geometric;
      const detail::batch::packed_matrix& z = geometric ? ch.fit->packed_log : ch.fit->packed;
      const std::size_t r0 = ch.runs.front();
      if (ch.runs.back() - r0 + 1 == ch.runs.size()) {  // consecutive runs: in place, no copies
        const std::size_t at = r0 * static_cast<std::size_t>(n);
        detail::batch::scores_and_ranks(z, w_eff.data() + r0 * m, ch.runs.size(), out.scores.data() + at,
                                        out.ranks.data() + at, e.nominal.ties, geometric, scratch, simd);
        continue;
      }
      const auto len = static_cast<Eigen::Index>(ch.runs.size());  // scattered runs: gathered, then copied
      w.resize(static_cast<Eigen::Index>(m), len);
      s.resize(n, len);
      rk.resize(n, len);
      for (Eigen::Index j = 0; j < len; ++j)
        w.col(j) = w_eff.col(static_cast<Eigen::Index>(ch.runs[static_cast<std::size_t>(j)]));
      detail::batch::scores_and_ranks(z, w.data(), ch.runs.size(), s.data(), rk.data(), e.nominal.ties,
                                      geometric, scratch, simd);
      for (Eigen::Index j = 0; j < len; ++j) {
        out.scores.col(static_cast<Eigen::Index>(ch.runs[static_cast<std::size_t>(j)])) = s.col(j);
        out.ranks.col(static_cast<Eigen::Index>(ch.runs[static_cast<std::size_t>(j)])) = rk.col(j);
      }
    }
  }

  // 4. other aggregations: the tree node by node, per run (only these runs: with none, no
  //    parallel region is started, whose wake-up costs ~20 us with passive OpenMP threads)
  std::vector<std::size_t> tree_runs;
  for (std::size_t r = 0; r < R; ++r)
    if (fail[r].empty() && paths[r] == path::tree) tree_runs.push_back(r);
  const std::size_t T = tree_runs.size();
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) if (T > 1)
#endif
  for (std::size_t t = 0; t < T; ++t) {
    const std::size_t r = tree_runs[t];
    const run_choice& c = runs[r];
    const base_fit& b = e.fits.at({c.variant, c.normalisation});
    std::map<std::size_t, Eigen::VectorXd> value;
    for (std::size_t k = 0; k < m; ++k) value[e.leaves[k]] = b.z.col(static_cast<Eigen::Index>(k));
    std::vector<std::vector<Eigen::Index>> one_group(1);
    for (Eigen::Index i = 0; i < n; ++i) one_group[0].push_back(i);
    for (std::size_t k : fw.inner_nodes_bottom_up()) {
      bool below = false;
      for (std::size_t i = k; i != framework::npos; i = fw.parent(i)) below = below || i == e.top;
      if (!below) continue;
      std::vector<const double*> cols;
      std::vector<double> w;
      for (std::size_t ch : fw.children(k)) {
        cols.push_back(value.at(ch).data());
        w.push_back(out.weights(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(ch)));
      }
      Eigen::VectorXd v(n);
      aggregate_report rep;
      aggregate_into(method_of(e, k, c.aggregation), e.nominal.missing_for(fw.node(k).code), cols, w, n,
                     one_group, v.data(), rep);
      if (!rep.error.empty()) {
        fail[r] = fw.node(k).code + ": " + rep.error + " (unit '" +
                  out.units[static_cast<std::size_t>(rep.error_row)] + "')";
        break;
      }
      value[k] = std::move(v);
    }
    if (fail[r].empty()) out.scores.col(static_cast<Eigen::Index>(r)) = value.at(e.top);
  }

  // 5. ranks of the tree-path runs (step 3 ranked the others), then per-unit statistics over
  //    the successful runs
#ifdef _OPENMP
// clang-format off
#pragma omp parallel if (T * static_cast<std::size_t>(n) > 20000)
// clang-format on
#endif
  {
    rank_buffers buf;  // one per thread
#ifdef _OPENMP
#pragma omp for schedule(static)
#endif
    for (std::size_t t = 0; t < T; ++t) {
      const std::size_t r = tree_runs[t];
      if (!fail[r].empty()) continue;  // failed in step 4
      rank_into(out.scores.col(static_cast<Eigen::Index>(r)).data(), nullptr, static_cast<std::size_t>(n),
                out.ranks.col(static_cast<Eigen::Index>(r)).data(), e.nominal.ties, rank_order::highest_first,
                buf);
    }
  }
  for (std::size_t r = 0; r < R; ++r)
    if (!fail[r].empty()) {
      out.scores.col(static_cast<Eigen::Index>(r)).setConstant(std::numeric_limits<double>::quiet_NaN());
      out.ranks.col(static_cast<Eigen::Index>(r)).setConstant(std::numeric_limits<double>::quiet_NaN());
      out.failures.emplace_back(r, fail[r]);
    }
  unit_statistics(out);
}

/// Per-unit statistics of `out` (mean, median, 5th and 95th percentiles of score and rank) over
/// the runs not in out.failures, from its scores and ranks (also of runs merged from parts).
inline void unit_statistics(uncertainty_result& out) {
  const auto n = out.scores.rows();
  const auto R = static_cast<std::size_t>(out.scores.cols());
  std::vector<bool> failed(R, false);
  for (const auto& f : out.failures) failed[f.first] = true;
  // Per-unit statistics: score quantiles from buckets (batch.hpp), rank quantiles from a
  // histogram (ranks are multiples of 1/2 up to n), neither a full sort.
  const double probabilities[3] = {0.05, 0.5, 0.95};
  const auto resize = [n](std::initializer_list<Eigen::VectorXd*> vs) {
    for (auto* v : vs) v->resize(n);
  };
  resize({&out.score_mean, &out.score_median, &out.score_q05, &out.score_q95, &out.rank_mean,
          &out.rank_median, &out.rank_q05, &out.rank_q95});
  // Units in blocks of 8 (one cache line of a scores column): each block reads its rows of
  // every run once, into unit-major buffers, instead of a strided transpose of the whole
  // units x runs matrices.
  std::vector<std::size_t> ok;  // successful runs, in order
  for (std::size_t r = 0; r < R; ++r)
    if (!failed[r]) ok.push_back(r);
  const std::size_t K = ok.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  constexpr Eigen::Index block = 8;
  const Eigen::Index blocks = (n + block - 1) / block;
#ifdef _OPENMP
// clang-format off
#pragma omp parallel if (R * static_cast<std::size_t>(n) > 20000)
// clang-format on
#endif
  {
    std::vector<double> sv(static_cast<std::size_t>(block) * K), rv(static_cast<std::size_t>(block) * K);
    std::vector<std::uint32_t> histogram;
    detail::batch::rank_scratch scratch;
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 1)
#endif
    for (Eigen::Index q = 0; q < blocks; ++q) {
      const Eigen::Index i0 = q * block, len = std::min(block, n - i0);
      for (std::size_t j = 0; j < K; ++j) {
        const double* sc = out.scores.col(static_cast<Eigen::Index>(ok[j])).data() + i0;
        const double* rk = out.ranks.col(static_cast<Eigen::Index>(ok[j])).data() + i0;
        for (Eigen::Index u = 0; u < len; ++u) {
          sv[static_cast<std::size_t>(u) * K + j] = sc[u];
          rv[static_cast<std::size_t>(u) * K + j] = rk[u];
        }
      }
      for (Eigen::Index u = 0; u < len; ++u) {
        const Eigen::Index i = i0 + u;
        double* v = sv.data() + static_cast<std::size_t>(u) * K;  // this unit's scores, run order
        const double* rk = rv.data() + static_cast<std::size_t>(u) * K;
        const std::size_t count =
            static_cast<std::size_t>(std::remove_if(v, v + K, [](double x) { return std::isnan(x); }) - v);
        double qs[3], sum = 0;
        for (std::size_t j = 0; j < count; ++j) sum += v[j];
        out.score_mean[i] = count == 0 ? nan : sum / static_cast<double>(count);
        score_quantiles(v, count, probabilities, qs, scratch);
        out.score_q05[i] = qs[0];
        out.score_median[i] = qs[1];
        out.score_q95[i] = qs[2];
        histogram.assign(2 * static_cast<std::size_t>(n) + 1, 0);
        double rank_sum = 0;
        std::size_t rank_count = 0;
        for (std::size_t j = 0; j < K; ++j) {
          if (std::isnan(rk[j])) continue;
          ++histogram[static_cast<std::size_t>(2 * rk[j])];
          rank_sum += rk[j];
          ++rank_count;
        }
        out.rank_mean[i] = rank_count == 0 ? nan : rank_sum / static_cast<double>(rank_count);
        rank_quantiles(histogram, rank_count, probabilities, qs);
        out.rank_q05[i] = qs[0];
        out.rank_median[i] = qs[1];
        out.rank_q95[i] = qs[2];
      }
    }
  }
}

/// Weight sets of the runs: set k drawn from its own stream (seed, k); with neither noise nor
/// Dirichlet, empty (every run uses the nominal weights of its data variant and normalisation).
/// Where every Dirichlet parameter is exactly 1 (equal nominal weights, concentration 1) the
/// draws are exponentials, taken for many runs per vector instruction with the same bits.
inline std::vector<Eigen::VectorXd> draw_weight_sets(engine& e, std::size_t count, std::size_t first = 0) {
  std::vector<Eigen::VectorXd> sets;
  if (e.spec.noise.empty() && !(e.spec.dirichlet > 0)) return sets;
  const Eigen::VectorXd nominal = e.nominal_res.weights;
  const framework& fw = e.fw;
  const auto stream = [&](std::size_t k) { return detail::mix_seed(e.spec.seed, 0x5eed0000ULL + first + k); };
  sets.resize(count);
  // the parameters each run draws, through the same function that draws them
  std::size_t draws = 0;
  bool flat = e.spec.dirichlet > 0;
  if (flat)
    (void)dirichlet_group_weights(fw, nominal, e.spec.dirichlet, [&](double a) {
      flat = flat && a == 1.0;
      ++draws;
      return 1.0;
    });
  if (!flat) {
#ifdef _OPENMP
#pragma omp parallel for schedule(static)
#endif
    for (std::size_t k = 0; k < count; ++k) sets[k] = perturbed_weights(fw, nominal, e.spec, stream(k));
    return sets;
  }
  constexpr std::size_t chunk = 64;
  const std::size_t chunks = (count + chunk - 1) / chunk;
#ifdef _OPENMP
#pragma omp parallel if (count * draws > 20000)
#endif
  {
    std::vector<std::uint64_t> seeds;
    std::vector<double> g, scratch;
#ifdef _OPENMP
#pragma omp for schedule(static)
#endif
    for (std::size_t q = 0; q < chunks; ++q) {
      const std::size_t k0 = q * chunk, len = std::min(chunk, count - k0);
      seeds.resize(len);
      for (std::size_t i = 0; i < len; ++i) seeds[i] = stream(k0 + i);
      g.resize(len * draws);
      detail::standard_exponentials(seeds.data(), len, draws, g.data(), scratch);
      for (std::size_t i = 0; i < len; ++i) {
        const double* next = g.data() + i * draws;
        sets[k0 + i] =
            dirichlet_group_weights(fw, nominal, e.spec.dirichlet, [&](double) { return *next++; });
      }
    }
  }
  return sets;
}

/// The name of explicit weight set k (1-based "set <k>" when the set has none).
inline std::string weight_set_name(const uncertainty_spec& spec, std::size_t k) {
  return spec.weight_sets[k].name.empty() ? "set " + std::to_string(k + 1) : spec.weight_sets[k].name;
}

/// The relative weights (framework nodes, within sibling groups) of every explicit weight set,
/// checked: known non-root codes, finite non-negative weights, every child of a named group
/// named, no named group summing to 0.
inline std::vector<Eigen::VectorXd> explicit_weight_sets(const engine& e) {
  const framework& fw = e.fw;
  std::vector<Eigen::VectorXd> out;
  for (std::size_t k = 0; k < e.spec.weight_sets.size(); ++k) {
    const std::string name = weight_set_name(e.spec, k);
    const auto fail = [&](const std::string& node, const std::string& what) {
      location l{fw.source(), 0, 0, node, {}, {}, {}};
      throw recipe_error("uncertainty.weight_set", "weight set '" + name + "': " + what, l);
    };
    Eigen::VectorXd w = e.nominal_res.weights;
    std::vector<bool> named(fw.size(), false);
    for (const auto& [code, v] : e.spec.weight_sets[k].weights) {
      const std::size_t i = fw.find(code);
      if (i == framework::npos) fail(code, "'" + code + "' is not a node of the framework");
      if (i == fw.root()) fail(code, "'" + code + "' is the composite index, which has no weight");
      if (!std::isfinite(v) || v < 0)
        fail(code, "the weight of '" + code + "' must be finite and >= 0, not " + detail::format_double(v));
      w[static_cast<Eigen::Index>(i)] = v;
      named[i] = true;
    }
    for (std::size_t p : fw.inner_nodes()) {
      const auto& kids = fw.children(p);
      std::size_t given = 0;
      double sum = 0;
      for (std::size_t c : kids) {
        given += named[c];
        sum += w[static_cast<Eigen::Index>(c)];
      }
      if (given == 0) continue;
      if (given < kids.size())
        for (std::size_t c : kids)
          if (!named[c])
            fail(fw.node(c).code, "it weighs some children of '" + fw.node(p).code + "' but not '" +
                                      fw.node(c).code +
                                      "' (a set weighs all the children of a node or none)");
      if (!(sum > 0))
        fail(fw.node(p).code, "the weights of the children of '" + fw.node(p).code + "' sum to 0");
      for (std::size_t c : kids) w[static_cast<Eigen::Index>(c)] /= sum;
    }
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace detail::ua

inline uncertainty_result uncertainty_runs(const framework& fw, const panel& data, const recipe& nominal,
                                           const uncertainty_spec& spec, std::size_t first,
                                           std::size_t count) {
  detail::ua::engine eng(fw, data, nominal, spec);
  const std::size_t R = spec.runs;
  if (R == 0) throw recipe_error("uncertainty.runs", "runs must be at least 1");
  if (first > R || count > R - first)
    throw recipe_error("uncertainty.runs", "runs " + std::to_string(first) + " to " +
                                               std::to_string(first + count) + " are not among the " +
                                               std::to_string(R) + " runs of the analysis");

  // Factors, in a fixed order; u drawn for every run up front (thread-independent), rows
  // first .. first + count - 1 of the sample of all R runs.
  uncertainty_result out;
  const std::size_t nv = spec.data_variants.size(), nn = spec.normalisations.size(),
                    na = spec.aggregations.size(), ne = spec.exclusions.size(), nw = spec.weight_sets.size();
  const std::vector<Eigen::VectorXd> given = detail::ua::explicit_weight_sets(eng);  // checked first
  if (nv > 1) out.factor_names.push_back(to_string(uncertain_input::data_variant));
  if (nn > 1) out.factor_names.push_back(to_string(uncertain_input::normalisation));
  if (na > 1) out.factor_names.push_back(to_string(uncertain_input::aggregation));
  if (ne > 0) out.factor_names.push_back(to_string(uncertain_input::exclusion));
  if (nw > 1) out.factor_names.push_back(to_string(uncertain_input::weight_set));
  out.factors = sample_unit_cube(count, out.factor_names.size(), spec.draws, spec.seed, first);
  out.first_run = first;
  out.choices.resize(count);
  for (std::size_t r = 0; r < count; ++r) {
    auto& c = out.choices[r];
    Eigen::Index f = 0;
    const auto u = [&](void) { return out.factors(static_cast<Eigen::Index>(r), f++); };
    c.variant = nv == 1 ? 0 : (nv > 1 ? detail::ua::pick(u(), nv) : -1);
    c.normalisation = nn == 1 ? 0 : (nn > 1 ? detail::ua::pick(u(), nn) : -1);
    c.aggregation = na == 1 ? 0 : (na > 1 ? detail::ua::pick(u(), na) : -1);
    c.excluded = ne > 0 ? detail::ua::pick(u(), ne + 1) - 1 : -1;  // -1 = none
    // an explicit set's index, or (drawn sets) the run's set below, numbered from `first` after
    // the evaluation
    c.weight_set = nw > 1 ? static_cast<std::size_t>(detail::ua::pick(u(), nw)) : nw == 1 ? 0 : r;
  }
  const auto sets = nw > 0 ? given : detail::ua::draw_weight_sets(eng, count, first);
  const std::vector<run_choice> runs = out.choices;
  detail::ua::evaluate(eng, runs, out, sets);
  if (first > 0) {
    if (nw == 0)
      for (auto& c : out.choices) c.weight_set += first;
    for (auto& f : out.failures) f.first += first;
  }
  return out;
}

inline uncertainty_result uncertainty(const framework& fw, const panel& data, const recipe& nominal,
                                      const uncertainty_spec& spec) {
  return uncertainty_runs(fw, data, nominal, spec, 0, spec.runs);
}

inline uncertainty_result merge_uncertainty(std::vector<uncertainty_result>&& parts) {
  if (parts.empty()) throw recipe_error("uncertainty.runs", "no runs to merge");
  uncertainty_result out = std::move(parts.front());
  Eigen::Index total = out.scores.cols();  // parts.front() was moved into out
  for (std::size_t k = 1; k < parts.size(); ++k) total += parts[k].scores.cols();
  const Eigen::Index n = out.scores.rows();
  Eigen::MatrixXd scores(n, total), ranks(n, total);
  Eigen::MatrixXd weights(total, out.weights.cols()), factors(total, out.factors.cols());
  Eigen::Index at = 0;
  auto append = [&](const uncertainty_result& p) {
    if (p.units != out.units || p.node != out.node || p.weights.cols() != out.weights.cols() ||
        p.factor_names != out.factor_names)
      throw recipe_error("uncertainty.merge", "parts of different analyses cannot be merged");
    const Eigen::Index c = p.scores.cols();
    if (p.first_run != out.first_run + static_cast<std::size_t>(at))
      throw recipe_error("uncertainty.merge", "the parts must be consecutive runs from run 0, in order");
    scores.middleCols(at, c) = p.scores;
    ranks.middleCols(at, c) = p.ranks;
    weights.middleRows(at, c) = p.weights;
    factors.middleRows(at, c) = p.factors;
    at += c;
  };
  append(out);
  for (std::size_t k = 1; k < parts.size(); ++k) {
    append(parts[k]);
    out.choices.insert(out.choices.end(), parts[k].choices.begin(), parts[k].choices.end());
    out.failures.insert(out.failures.end(), parts[k].failures.begin(), parts[k].failures.end());
  }
  if (out.first_run != 0)
    throw recipe_error("uncertainty.merge", "the parts must be consecutive runs from run 0, in order");
  out.scores = std::move(scores);
  out.ranks = std::move(ranks);
  out.weights = std::move(weights);
  out.factors = std::move(factors);
  detail::ua::unit_statistics(out);
  return out;
}

}  // namespace tijian
