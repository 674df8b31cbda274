// SPDX-License-Identifier: MIT
// Obstacle degree model (障碍度模型, evaluation-methods.md §9): which indicators hold a city
// back most. For each row i (a city-year) and indicator j:
//
//   F_j   factor contribution (因子贡献度): the indicator's weight (obstacle_factor)
//   I_ij  indicator deviation (指标偏离度): 1 - z_ij, z the normalised, positive-oriented value
//         in [0, 1]; or, for target-based checks, 1 - min(x / target, 1) = 1 - achievement
//   O_ij  obstacle degree (障碍度)
//           standard      O_ij = F_j I_ij / sum_j F_j I_ij x 100 %  (shares of the row's total
//                         obstacle; the form of most papers)
//           unnormalised  O_ij = F_j I_ij x 100  (mathmodels obstacle_degree(scaled = FALSE):
//                         the weight lost on indicator j, in percent of the total weight)
//   U_ic  obstacle degree of a dimension c (准则层障碍度): sum of O_ij over its indicators.
//
// Factor contribution (obstacle_factor):
//   effective                  F_j = effective weight of the leaf (product of the relative
//                              weights from the root: w_j within its dimension x W_c), the
//                              standard choice "w_j x W_c"
//   local                      F_j = w_j, the weight within its parent only
//   effective_times_criterion  F_j = effective weight x weight of its top-level dimension: for
//                              papers that multiply a global indicator weight (e.g. entropy
//                              over all indicators) by the criterion weight once more
//
// Missing z (NaN): the indicator is left out of that row (O = NaN, not in the sums). A row
// where every present deviation is 0 (nothing holds it back) has O = 0, not 0/0.
// z outside [0, 1] is clipped (a target ratio capped at 1.2 gives I = 0, not -0.2).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"
#include "names.hpp"
#include "framework.hpp"
#include "result.hpp"

namespace tijian {

enum class obstacle_factor { effective, local, effective_times_criterion };
enum class obstacle_scaling { standard, unnormalised };

template <>
struct enum_names<obstacle_factor> {
  static constexpr const char* what = "obstacle factor";
  static constexpr enum_name<obstacle_factor> entries[] = {
      {obstacle_factor::effective, "effective", "有效权重", "effective weight"},
      {obstacle_factor::local, "local", "局部权重", "local weight"},
      {obstacle_factor::effective_times_criterion, "effective_times_criterion", "有效权重×准则层权重",
       "effective times criterion weight"}};
};

template <>
struct enum_names<obstacle_scaling> {
  static constexpr const char* what = "obstacle scaling";
  static constexpr enum_name<obstacle_scaling> entries[] = {{obstacle_scaling::standard, "standard", "归一化",
                                                             "normalised"},
                                                            {obstacle_scaling::unnormalised, "unnormalised",
                                                             "未归一化", "unnormalised"}};
  static constexpr enum_alias<obstacle_scaling> aliases[] = {{"normalised", obstacle_scaling::standard},
                                                             {"scaled", obstacle_scaling::standard},
                                                             {"raw", obstacle_scaling::unnormalised},
                                                             {"unscaled", obstacle_scaling::unnormalised}};
};

struct obstacle_options {
  obstacle_factor factor = obstacle_factor::effective;
  obstacle_scaling scaling = obstacle_scaling::standard;
  /// The normalised value that means "no obstacle": 1 for z in [0, 1], 100 for 0-100 scores.
  double best = 1.0;
};

struct obstacle_result {
  std::vector<std::string> indicators;    ///< leaf codes (columns of deviation / degree)
  std::vector<std::string> dimensions;    ///< top-level dimension codes (columns of by_dimension)
  std::vector<std::size_t> dimension_of;  ///< per indicator: index into `dimensions`
  Eigen::VectorXd factor;                 ///< F_j per indicator
  Eigen::MatrixXd deviation;              ///< I_ij, rows x indicators
  Eigen::MatrixXd degree;                 ///< O_ij in percent, rows x indicators
  Eigen::MatrixXd by_dimension;           ///< U_ic in percent, rows x dimensions
  obstacle_options options;

  /// Indicators of row i ordered by obstacle degree, largest first (ties: framework order);
  /// missing left out. At most k (0 = all).
  [[nodiscard]] std::vector<std::size_t> top(Eigen::Index i, std::size_t k = 0) const {
    std::vector<std::size_t> idx;
    for (Eigen::Index j = 0; j < degree.cols(); ++j)
      if (!std::isnan(degree(i, j))) idx.push_back(static_cast<std::size_t>(j));
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
      return degree(i, static_cast<Eigen::Index>(a)) > degree(i, static_cast<Eigen::Index>(b));
    });
    if (k > 0 && idx.size() > k) idx.resize(k);
    return idx;
  }
};

namespace detail {

/// Top-level dimension (child of the root) of every leaf, and the list of dimensions.
inline void top_dimensions(const framework& fw, std::vector<std::string>& dims,
                           std::vector<std::size_t>& dim_of_leaf,
                           std::vector<std::size_t>& dim_node_of_leaf) {
  dims.clear();
  const auto& top = fw.children(fw.root());
  for (std::size_t d : top) dims.push_back(fw.node(d).code);
  dim_of_leaf.assign(fw.leaves().size(), 0);
  dim_node_of_leaf.assign(fw.leaves().size(), fw.root());
  for (std::size_t k = 0; k < fw.leaves().size(); ++k) {
    std::size_t i = fw.leaves()[k];
    if (i == fw.root()) continue;
    while (fw.parent(i) != fw.root()) i = fw.parent(i);
    dim_node_of_leaf[k] = i;
    dim_of_leaf[k] = static_cast<std::size_t>(std::find(top.begin(), top.end(), i) - top.begin());
  }
}

}  // namespace detail

/// Factor contributions F_j of the framework's leaves from node weights `relative` (one per
/// framework node, relative to siblings: framework::weight_in_parent, or result::weights).
[[nodiscard]] inline Eigen::VectorXd obstacle_factors(const framework& fw, const Eigen::VectorXd& relative,
                                                      obstacle_factor how) {
  const auto n_leaves = static_cast<Eigen::Index>(fw.leaves().size());
  if (relative.size() != static_cast<Eigen::Index>(fw.size()))
    throw recipe_error("obstacle.shape", "one weight per framework node is needed (" +
                                             std::to_string(fw.size()) + "), got " +
                                             std::to_string(relative.size()));
  Eigen::VectorXd f(n_leaves);
  for (Eigen::Index k = 0; k < n_leaves; ++k) {
    const std::size_t leaf = fw.leaves()[static_cast<std::size_t>(k)];
    double eff = 1;
    std::size_t top = leaf;
    for (std::size_t i = leaf; i != framework::npos; i = fw.parent(i)) {
      eff *= relative[static_cast<Eigen::Index>(i)];
      if (i != fw.root() && fw.parent(i) == fw.root()) top = i;
    }
    switch (how) {
      case obstacle_factor::effective: f[k] = eff; break;
      case obstacle_factor::local: f[k] = relative[static_cast<Eigen::Index>(leaf)]; break;
      case obstacle_factor::effective_times_criterion:
        f[k] = eff * relative[static_cast<Eigen::Index>(top)];
        break;
    }
  }
  return f;
}

/// Obstacle degrees from deviations I (rows x leaves, already in [0, 1]; NaN = missing) and
/// factor contributions F (one per leaf). The core the other entries call.
[[nodiscard]] inline obstacle_result obstacle_from_deviation(const framework& fw,
                                                             const Eigen::MatrixXd& deviation,
                                                             const Eigen::VectorXd& factor,
                                                             const obstacle_options& o = {}) {
  const auto n_leaves = static_cast<Eigen::Index>(fw.leaves().size());
  if (deviation.cols() != n_leaves || factor.size() != n_leaves)
    throw recipe_error("obstacle.shape", "deviations and factors need one column per indicator (" +
                                             std::to_string(n_leaves) + ")");
  obstacle_result out;
  out.options = o;
  out.indicators = fw.indicator_codes();
  std::vector<std::size_t> dim_node;
  detail::top_dimensions(fw, out.dimensions, out.dimension_of, dim_node);
  out.factor = factor;
  out.deviation = deviation;
  const Eigen::Index rows = deviation.rows();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.degree = Eigen::MatrixXd::Constant(rows, n_leaves, nan);
  out.by_dimension = Eigen::MatrixXd::Constant(rows, static_cast<Eigen::Index>(out.dimensions.size()), nan);
  for (Eigen::Index i = 0; i < rows; ++i) {
    double total = 0;
    for (Eigen::Index j = 0; j < n_leaves; ++j)
      if (!std::isnan(deviation(i, j))) total += factor[j] * deviation(i, j);
    for (Eigen::Index j = 0; j < n_leaves; ++j) {
      if (std::isnan(deviation(i, j))) continue;
      const double fi = factor[j] * deviation(i, j);
      double o_ij = 0;
      if (o.scaling == obstacle_scaling::unnormalised) o_ij = 100.0 * fi;
      else o_ij = total > 0 ? 100.0 * fi / total : 0.0;
      out.degree(i, j) = o_ij;
      double& u =
          out.by_dimension(i, static_cast<Eigen::Index>(out.dimension_of[static_cast<std::size_t>(j)]));
      u = std::isnan(u) ? o_ij : u + o_ij;
    }
  }
  return out;
}

/// Obstacle degrees from normalised, positive-oriented values z (rows x leaves in the
/// framework's leaf order; `options.best` is the value meaning "no obstacle", 100 for 0-100
/// scores) and node weights relative to siblings (framework::weight_in_parent of every node, or
/// result::weights of a scoring run). I = 1 - z / best, clipped to [0, 1].
[[nodiscard]] inline obstacle_result obstacle_degree(const framework& fw, const Eigen::MatrixXd& z,
                                                     const Eigen::VectorXd& relative_weights,
                                                     const obstacle_options& o = {}) {
  if (!(o.best > 0) || !std::isfinite(o.best))
    throw recipe_error("obstacle.best", "options.best must be a positive number (1 or 100)");
  Eigen::MatrixXd dev(z.rows(), z.cols());
  for (Eigen::Index j = 0; j < z.cols(); ++j)
    for (Eigen::Index i = 0; i < z.rows(); ++i) {
      const double v = z(i, j);
      dev(i, j) = std::isnan(v) ? v : std::clamp(1.0 - v / o.best, 0.0, 1.0);
    }
  return obstacle_from_deviation(fw, dev, obstacle_factors(fw, relative_weights, o.factor), o);
}

/// Node weights relative to siblings as the framework gives them.
[[nodiscard]] inline Eigen::VectorXd framework_weights(const framework& fw) {
  Eigen::VectorXd w(static_cast<Eigen::Index>(fw.size()));
  for (std::size_t i = 0; i < fw.size(); ++i) w[static_cast<Eigen::Index>(i)] = fw.weight_in_parent(i);
  return w;
}

/// Obstacle degrees of a scoring run: its normalised values and the weights it used.
/// `options.best` must be the normalised value meaning "no obstacle" (100 for the default
/// min-max 0-100, 1 for [0, 1] methods).
[[nodiscard]] inline obstacle_result obstacle_degree(const result& r, const obstacle_options& o) {
  return obstacle_degree(r.framework, r.normalised, r.weights, o);
}

}  // namespace tijian
