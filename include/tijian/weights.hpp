// SPDX-License-Identifier: MIT
// Weighting: how much each indicator (or each child of a node) counts. The recipe's `weighting`
// value chooses the method; the kernels below compute weight vectors from a matrix and are
// usable on their own. Formulas: ../shared/reference/evaluation-methods.md §2-§6 and
// ../shared/reference/mcdm-peers.md §3.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detail/text.hpp"
#include "error.hpp"

namespace tijian {

enum class weighting_method {
  given,                     ///< the framework's weights (renormalised within each sibling group)
  equal,                     ///< equal within each sibling group
  entropy,                   ///< 熵权法
  coefficient_of_variation,  ///< 变异系数法
  standard_deviation,        ///< w ∝ sd_j
  critic,                    ///< Diakoulaki 1995
  pca,                       ///< first principal component of the correlation matrix
};

/// Entropy with zeros: the five published variants (evaluation-methods.md §2).
enum class entropy_zeros {
  zero_log_zero,    ///< C (default): p ln p = 0 when p = 0; no change to the data
  shift,            ///< A: z + shift (1e-4 in most papers) before p_ij
  compress,         ///< B: z rescaled into [eps, 1 - eps] (mathmodels, eps = 0.002)
  log_epsilon,      ///< D: ln(p + eps), eps = 1e-10
  raw_proportions,  ///< E: p = x / sum x on the raw (positive) data, no min-max
};

/// Which matrix a data-driven method reads.
enum class weight_input {
  min_max,     ///< default: direction-aware min-max to [0, 1] on the fitted rows
  normalised,  ///< the recipe's normalised values
  raw,         ///< the raw data (coefficient of variation and raw-proportion entropy need it)
};

enum class correlation_kind { pearson, spearman, kendall };

/// CRITIC: whether cost (lower-is-better) criteria are flipped before correlating. pymcdm and
/// pyrepo-mcda do not flip (their min-max ignores types); pyDecision and scikit-criteria flip.
enum class critic_directions { flip_cost, ignore_direction };

/// CRITIC conflict term: sum_k (1 - r_jk) (Diakoulaki) or sum_k (1 - |r_jk|).
enum class critic_conflict { one_minus_r, one_minus_abs_r };

/// PCA weights from the first component's loadings l (unit vector, sign fixed so that sum l > 0):
/// squared loadings l_j^2 (they sum to 1) or |l_j| / sum |l|.
enum class pca_form { squared_loadings, absolute_loadings };

enum class ahp_method {
  eigenvector,        ///< principal right eigenvector (Saaty)
  geometric_mean,     ///< 方根法: row geometric means, normalised
  column_normalised,  ///< 和积法: normalise columns, average rows
};

/// Random-index tables for the consistency ratio (evaluation-methods.md §5).
enum class ri_table {
  saaty,     ///< 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.54, 1.56, 1.57, 1.59
  textbook,  ///< 1,000-sample simulation common in Chinese textbooks: n=3 0.52, 4 0.89, ...
};

/// What happens when CR >= 0.1.
enum class inconsistency_policy { warn, error };

enum class weight_combination {
  none,
  linear,          ///< alpha w_subjective + (1 - alpha) w_objective
  multiplicative,  ///< w_s w_o / sum(w_s w_o)
  game_theory,     ///< 博弈论组合赋权 (evaluation-methods.md §6)
};

/// Game-theory combination: papers normalise the coefficients by |alpha_k| / sum |alpha|;
/// mathmodels by alpha_k / sum alpha. They differ when a coefficient is negative.
enum class game_theory_norm { absolute, signed_sum };

/// Which indicators a data-driven method weighs together.
enum class weight_scope {
  within_parent,   ///< each sibling group of indicators on its own; inner weights as given
  all_indicators,  ///< all indicators at once; an inner node weighs the sum of its leaves
};

/// The weighting part of a recipe.
struct weighting {
  weighting_method method = weighting_method::given;
  weight_scope scope = weight_scope::within_parent;
  weight_input input = weight_input::min_max;
  entropy_zeros zeros = entropy_zeros::zero_log_zero;
  double entropy_shift = 1e-4;
  double entropy_compress = 0.002;
  double entropy_log_epsilon = 1e-10;
  correlation_kind correlation = correlation_kind::pearson;
  critic_directions critic_dirs = critic_directions::flip_cost;
  critic_conflict conflict = critic_conflict::one_minus_r;
  pca_form pca = pca_form::squared_loadings;
  /// AHP pairwise-comparison matrices: node code -> matrix over that node's children, in the
  /// framework's child order. Replaces the given weights of those children.
  std::map<std::string, Eigen::MatrixXd> ahp;
  ahp_method ahp_weights = ahp_method::eigenvector;
  ri_table ri = ri_table::saaty;
  inconsistency_policy inconsistent = inconsistency_policy::warn;
  /// Combine the subjective weights (given or AHP) with the data-driven ones.
  weight_combination combine = weight_combination::none;
  double alpha = 0.5;  ///< linear: share of the subjective weights
  game_theory_norm game_norm = game_theory_norm::absolute;
  /// Replaces framework weights by node code before anything else (sensitivity, what-if).
  std::map<std::string, double> overrides;
  /// Data-driven weights are fitted on this period's rows; empty = all rows pooled.
  std::string fit_period;
};


// Names of the weighting options, as written in recipe files and shown in provenance.
[[nodiscard]] inline const char* to_string(weighting_method v) noexcept {
  switch (v) {
    case weighting_method::given: return "given";
    case weighting_method::equal: return "equal";
    case weighting_method::entropy: return "entropy";
    case weighting_method::coefficient_of_variation: return "coefficient_of_variation";
    case weighting_method::standard_deviation: return "standard_deviation";
    case weighting_method::critic: return "critic";
    case weighting_method::pca: return "pca";
  }
  return "?";
}
[[nodiscard]] inline std::optional<weighting_method> parse_weighting_method(std::string_view s) {
  const std::string t = detail::lower(detail::trim(s));
  if (t == "given") return weighting_method::given;
  if (t == "equal") return weighting_method::equal;
  if (t == "entropy") return weighting_method::entropy;
  if (t == "coefficient_of_variation") return weighting_method::coefficient_of_variation;
  if (t == "standard_deviation") return weighting_method::standard_deviation;
  if (t == "critic") return weighting_method::critic;
  if (t == "pca") return weighting_method::pca;
  return std::nullopt;
}

[[nodiscard]] inline const char* to_string(entropy_zeros v) noexcept {
  switch (v) {
    case entropy_zeros::zero_log_zero: return "zero_log_zero";
    case entropy_zeros::shift: return "shift";
    case entropy_zeros::compress: return "compress";
    case entropy_zeros::log_epsilon: return "log_epsilon";
    case entropy_zeros::raw_proportions: return "raw_proportions";
  }
  return "?";
}
[[nodiscard]] inline std::optional<entropy_zeros> parse_entropy_zeros(std::string_view s) {
  const std::string t = detail::lower(detail::trim(s));
  if (t == "zero_log_zero") return entropy_zeros::zero_log_zero;
  if (t == "shift") return entropy_zeros::shift;
  if (t == "compress") return entropy_zeros::compress;
  if (t == "log_epsilon") return entropy_zeros::log_epsilon;
  if (t == "raw_proportions") return entropy_zeros::raw_proportions;
  return std::nullopt;
}

[[nodiscard]] inline const char* to_string(weight_input v) noexcept {
  switch (v) {
    case weight_input::min_max: return "min_max";
    case weight_input::normalised: return "normalised";
    case weight_input::raw: return "raw";
  }
  return "?";
}
[[nodiscard]] inline std::optional<weight_input> parse_weight_input(std::string_view s) {
  const std::string t = detail::lower(detail::trim(s));
  if (t == "min_max") return weight_input::min_max;
  if (t == "normalised") return weight_input::normalised;
  if (t == "raw") return weight_input::raw;
  return std::nullopt;
}

[[nodiscard]] inline const char* to_string(correlation_kind v) noexcept {
  switch (v) {
    case correlation_kind::pearson: return "pearson";
    case correlation_kind::spearman: return "spearman";
    case correlation_kind::kendall: return "kendall";
  }
  return "?";
}
[[nodiscard]] inline std::optional<correlation_kind> parse_correlation_kind(std::string_view s) {
  const std::string t = detail::lower(detail::trim(s));
  if (t == "pearson") return correlation_kind::pearson;
  if (t == "spearman") return correlation_kind::spearman;
  if (t == "kendall") return correlation_kind::kendall;
  return std::nullopt;
}

[[nodiscard]] inline const char* to_string(critic_directions v) noexcept {
  switch (v) {
    case critic_directions::flip_cost: return "flip_cost";
    case critic_directions::ignore_direction: return "ignore_direction";
  }
  return "?";
}
[[nodiscard]] inline std::optional<critic_directions> parse_critic_directions(std::string_view s) {
  const std::string t = detail::lower(detail::trim(s));
  if (t == "flip_cost") return critic_directions::flip_cost;
  if (t == "ignore_direction") return critic_directions::ignore_direction;
  return std::nullopt;
}

[[nodiscard]] inline const char* to_string(critic_conflict v) noexcept {
  switch (v) {
    case critic_conflict::one_minus_r: return "one_minus_r";
    case critic_conflict::one_minus_abs_r: return "one_minus_abs_r";
  }
  return "?";
}
[[nodiscard]] inline std::optional<critic_conflict> parse_critic_conflict(std::string_view s) {
  const std::string t = detail::lower(detail::trim(s));
  if (t == "one_minus_r") return critic_conflict::one_minus_r;
  if (t == "one_minus_abs_r") return critic_conflict::one_minus_abs_r;
  return std::nullopt;
}

[[nodiscard]] inline const char* to_string(pca_form v) noexcept {
  switch (v) {
    case pca_form::squared_loadings: return "squared_loadings";
    case pca_form::absolute_loadings: return "absolute_loadings";
  }
  return "?";
}
[[nodiscard]] inline std::optional<pca_form> parse_pca_form(std::string_view s) {
  const std::string t = detail::lower(detail::trim(s));
  if (t == "squared_loadings") return pca_form::squared_loadings;
  if (t == "absolute_loadings") return pca_form::absolute_loadings;
  return std::nullopt;
}

[[nodiscard]] inline const char* to_string(ahp_method v) noexcept {
  switch (v) {
    case ahp_method::eigenvector: return "eigenvector";
    case ahp_method::geometric_mean: return "geometric_mean";
    case ahp_method::column_normalised: return "column_normalised";
  }
  return "?";
}
[[nodiscard]] inline std::optional<ahp_method> parse_ahp_method(std::string_view s) {
  const std::string t = detail::lower(detail::trim(s));
  if (t == "eigenvector") return ahp_method::eigenvector;
  if (t == "geometric_mean") return ahp_method::geometric_mean;
  if (t == "column_normalised") return ahp_method::column_normalised;
  return std::nullopt;
}

[[nodiscard]] inline const char* to_string(ri_table v) noexcept {
  switch (v) {
    case ri_table::saaty: return "saaty";
    case ri_table::textbook: return "textbook";
  }
  return "?";
}
[[nodiscard]] inline std::optional<ri_table> parse_ri_table(std::string_view s) {
  const std::string t = detail::lower(detail::trim(s));
  if (t == "saaty") return ri_table::saaty;
  if (t == "textbook") return ri_table::textbook;
  return std::nullopt;
}

[[nodiscard]] inline const char* to_string(inconsistency_policy v) noexcept {
  switch (v) {
    case inconsistency_policy::warn: return "warn";
    case inconsistency_policy::error: return "error";
  }
  return "?";
}
[[nodiscard]] inline std::optional<inconsistency_policy> parse_inconsistency_policy(std::string_view s) {
  const std::string t = detail::lower(detail::trim(s));
  if (t == "warn") return inconsistency_policy::warn;
  if (t == "error") return inconsistency_policy::error;
  return std::nullopt;
}

[[nodiscard]] inline const char* to_string(weight_combination v) noexcept {
  switch (v) {
    case weight_combination::none: return "none";
    case weight_combination::linear: return "linear";
    case weight_combination::multiplicative: return "multiplicative";
    case weight_combination::game_theory: return "game_theory";
  }
  return "?";
}
[[nodiscard]] inline std::optional<weight_combination> parse_weight_combination(std::string_view s) {
  const std::string t = detail::lower(detail::trim(s));
  if (t == "none") return weight_combination::none;
  if (t == "linear") return weight_combination::linear;
  if (t == "multiplicative") return weight_combination::multiplicative;
  if (t == "game_theory") return weight_combination::game_theory;
  return std::nullopt;
}

[[nodiscard]] inline const char* to_string(game_theory_norm v) noexcept {
  switch (v) {
    case game_theory_norm::absolute: return "absolute";
    case game_theory_norm::signed_sum: return "signed_sum";
  }
  return "?";
}
[[nodiscard]] inline std::optional<game_theory_norm> parse_game_theory_norm(std::string_view s) {
  const std::string t = detail::lower(detail::trim(s));
  if (t == "absolute") return game_theory_norm::absolute;
  if (t == "signed_sum" || t == "signed") return game_theory_norm::signed_sum;
  return std::nullopt;
}

[[nodiscard]] inline const char* to_string(weight_scope v) noexcept {
  switch (v) {
    case weight_scope::within_parent: return "within_parent";
    case weight_scope::all_indicators: return "all_indicators";
  }
  return "?";
}
[[nodiscard]] inline std::optional<weight_scope> parse_weight_scope(std::string_view s) {
  const std::string t = detail::lower(detail::trim(s));
  if (t == "within_parent") return weight_scope::within_parent;
  if (t == "all_indicators") return weight_scope::all_indicators;
  return std::nullopt;
}

}  // namespace tijian
