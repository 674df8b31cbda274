// SPDX-License-Identifier: MIT
// Reading recipes (the methodological choices of a scoring run) from TOML. The format is exactly
// the text written by tijian::describe(const recipe&) (recipe.hpp), so a result's provenance
// record can be fed back to reproduce the run: parse_recipe_toml(describe(r)) == r.
//
//   unknown_columns = "error"              # or "ignore"
//   schema = "tijian/recipe/1"             # optional; if present it must be exactly this
//
//   [prepare]                              # data preparation (prepare.hpp); the whole section
//   denominate = false                     #  is written only when it differs from the default
//                                          #  (everything off)
//   [prepare.screen]                       # screen.hpp
//   policy = "none"                        # none / by_missing / by_zeros / by_missing_and_zeros
//   min_availability = 0.6666666666666666  min_nonzero = 0.05
//   force_include = []   force_exclude = []     # unit codes
//
//   [prepare.impute]                       # impute.hpp
//   method = "none"                        # none / mean / median / group_mean / group_median /
//                                          # row_mean_in_group / em (COINr's i_mean_grp and
//                                          # COINr6's indgroup_mean are accepted)
//   group = ""   group_fallback = false   level = 2   row_normalise = true
//   em_tolerance = 1e-08   em_max_iterations = 1000
//   only_group = "region_group"   only_values = ["East"]   # conditions, written only when set:
//   max_missing_siblings = 1                    # impute only these units / rows
//
//   [prepare.impute.by_indicator."CODE"]   # an indicator's own imputation; absent keys are
//   method = "group_mean"                  # taken from [prepare.impute]
//
//   (in [prepare]) order = ["denominate", "impute", "screen", "treat"]   # written only when
//                                          # not the default order
//
//   [prepare.treat]                        # treat.hpp
//   method = "none"                        # none / coinr_winsorise / percentile_clip / box_cox
//   winmax = 5                             # a number of points, or "unlimited"
//   skew_threshold = 2.0   kurt_threshold = 3.5
//   fallback = "log_ct"                    # none / log_ct / log_ct_plus / log_ct_orig / log_gii /
//   fallback_on = "original"               # box_cox; applied to the original or treated values
//   lower_percentile = 0.05   upper_percentile = 0.95
//   box_cox_lambda = nan                   # nan = estimated
//   box_cox_shift = true   force = false
//
//   [prepare.treat.by_indicator."CODE"]    # per-indicator override; absent keys are taken from
//   method = "none"                        # [prepare.treat]
//
//   [normalise]                            # for every indicator
//   method = "min_max"                     # normalisation_method names (normalise.hpp)
//   lower = 0.0                            # min-max output range
//   upper = 100.0
//   mean = 0.0                             # z-score output
//   sd = 1.0
//   efficacy_floor = 60.0
//   efficacy_span = 40.0
//   scale = 1.0
//   cap = nan                              # nan = no cap
//   ties = "min"                           # min / average / dense
//   reference_unit = ""
//   constant = "missing"                   # missing / midpoint / top
//   fit = "per_period"                     # per_period / pooled / one_period
//   fit_period = ""
//   target_year = 0
//
//   [normalise.by_indicator."CODE"]        # per-indicator override; keys as in [normalise],
//   method = "goalposts"                   # absent keys are taken from [normalise]
//
//   [weights]
//   method = "given"                       # given / equal / entropy / coefficient_of_variation /
//                                          # standard_deviation / critic / pca
//   scope = "within_parent"   input = "min_max"   zeros = "zero_log_zero"
//   entropy_shift = 1e-4   entropy_compress = 0.002   entropy_log_epsilon = 1e-10
//   correlation = "pearson"   critic_directions = "flip_cost"   critic_conflict = "one_minus_r"
//   pca = "squared_loadings"   ahp_method = "eigenvector"   ri_table = "saaty"
//   inconsistent = "warn"   combine = "none"   alpha = 0.5   game_theory_norm = "absolute"
//   fit_period = ""
//
//   [weights.overrides]                    # node code -> weight
//   "ECO" = 2.0
//
//   [weights.ahp]                          # node code -> square pairwise-comparison matrix
//   "GCI" = [[1.0, 3.0], [0.3333333333333333, 1.0]]
//
//   [aggregate]                            # default for every inner node
//   method = "arithmetic"   p = 1.0   zeros = "give_zero"   zero_floor = 1e-6
//   # "topsis", or "promethee_ii" with preference = "usual" | "u_shape" | "v_shape" | "level" |
//   # "linear" | "gaussian" and the thresholds q, p, s (written only for promethee_ii)
//
//   [aggregate.by_level]                   # COINr level (as a string key) -> aggregation
//   "2" = { method = "geometric", p = 1.0, zeros = "give_zero", zero_floor = 1e-6 }
//
//   [aggregate.by_node]                    # node code -> aggregation (highest priority)
//   "ECO" = { method = "power_mean", p = 0.5 }
//   # an entry may also be just a method name: "ECO" = "geometric"; absent keys of an entry
//   # are taken from [aggregate]
//
//   [missing]
//   policy = "skip_and_reweight"           # skip_and_reweight / require_share / propagate
//   min_share = 0.5
//
//   fill = "group_mean"   fill_group = "region_group"   # written only when set: a missing
//                                          # aggregate score from the node's scores of other units
//   [missing.by_node]                      # a node's own setting (keys as [missing])
//   "SDG14" = { policy = "require_share", min_share = 0.3 }
//
//   [not_applicable]                       # applicability.hpp: not applicable, not missing
//   "MPA" = { group = "SEA_group", values = ["True"] }
//
//   [ranks]
//   ties = "min"                           # min / average / dense
//   scope = "per_period"                   # per_period / pooled
//
//   [grades]                               # optional; one more label than thresholds
//   thresholds = [60.0, 80.0]
//   labels = ["不足", "中等", "优良"]
//
// Every key is optional; absent keys keep the struct defaults (for by_indicator and the
// aggregation entries: the values of [normalise] / [aggregate]). Unknown keys, values of the
// wrong type and unknown names are recipe_errors naming the key, the file and the line and
// listing what is accepted.
#pragma once

#include <string>
#include <string_view>

#include "../recipe.hpp"

namespace tijian {

/// Reads a recipe file. Unreadable files: recipe_error "io.read".
[[nodiscard]] recipe load_recipe(const std::string& path);

/// Parses recipe TOML. Error ids: "recipe.syntax", "recipe.schema", "recipe.unknown_key",
/// "recipe.wrong_type", "recipe.bad_value" (unknown name, out-of-range integer, bad level key),
/// "recipe.ahp_matrix" (not a square matrix of numbers), "recipe.grades".
[[nodiscard]] recipe parse_recipe_toml(std::string_view text, const std::string& source_name);

}  // namespace tijian
