// SPDX-License-Identifier: MIT
// How the children of one framework node are combined into the node's score: the method, its
// parameters, and the missing-data policy. A value type; the arithmetic lives in aggregate.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tijian {

/// Aggregation methods (OECD/JRC Handbook 2008, section 6; COINr a_amean/a_gmean/a_hmean/
/// a_genmean/a_copeland).
enum class aggregation_method {
  arithmetic,  ///< sum w x / sum w
  geometric,   ///< exp(sum w ln x / sum w); zeros follow `geometric_zeros`, negatives are an error
  harmonic,    ///< sum w / sum (w / x); zero or negative inputs are an error
  power_mean,  ///< (sum w x^p / sum w)^(1/p), p != 0; p < 0 needs positive inputs
  copeland,    ///< outranking: sum over other units of sign(O_ij - 1/2), O_ij = weight of
               ///< children where i beats j plus half of the ties (Munda & Nardo 2009)
};

/// What a geometric mean does with a child value of exactly zero.
enum class geometric_zeros {
  give_zero,  ///< default: the limit of the mean is 0 (the node scores 0), counted in diagnostics
  error,      ///< stop with a recipe_error naming the node and unit (COINr's behaviour)
  floor,      ///< replace the zero by `aggregation::zero_floor` and record each replacement
};

/// Missing-data policy of an aggregation (a child value is NaN).
enum class missing_policy {
  skip_and_reweight,  ///< default: drop missing children, renormalise the remaining weights
  require_share,      ///< as skip_and_reweight, but NaN if the share of children present is
                      ///< below `min_share` (COINr's dat_thresh)
  propagate,          ///< any missing child makes the node missing
};

struct aggregation {
  aggregation_method method = aggregation_method::arithmetic;
  double p = 1.0;  ///< power of power_mean
  geometric_zeros zeros = geometric_zeros::give_zero;
  double zero_floor = 1e-6;  ///< value used by geometric_zeros::floor
};

struct missing_data {
  missing_policy policy = missing_policy::skip_and_reweight;
  double min_share = 0.5;  ///< used by require_share, in (0, 1]
};

[[nodiscard]] inline const char* to_string(aggregation_method m) noexcept {
  switch (m) {
    case aggregation_method::arithmetic: return "arithmetic";
    case aggregation_method::geometric: return "geometric";
    case aggregation_method::harmonic: return "harmonic";
    case aggregation_method::power_mean: return "power_mean";
    case aggregation_method::copeland: return "copeland";
  }
  return "?";
}

[[nodiscard]] inline std::optional<aggregation_method> parse_aggregation_method(std::string_view s) noexcept {
  if (s == "arithmetic" || s == "amean" || s == "a_amean" || s == "arith_mean" || s == "mean")
    return aggregation_method::arithmetic;
  if (s == "geometric" || s == "gmean" || s == "a_gmean") return aggregation_method::geometric;
  if (s == "harmonic" || s == "hmean" || s == "a_hmean") return aggregation_method::harmonic;
  if (s == "power_mean" || s == "generalised" || s == "generalized" || s == "genmean" || s == "a_genmean")
    return aggregation_method::power_mean;
  if (s == "copeland" || s == "a_copeland") return aggregation_method::copeland;
  return std::nullopt;
}

[[nodiscard]] inline const char* to_string(geometric_zeros z) noexcept {
  switch (z) {
    case geometric_zeros::give_zero: return "give_zero";
    case geometric_zeros::error: return "error";
    case geometric_zeros::floor: return "floor";
  }
  return "?";
}

[[nodiscard]] inline std::optional<geometric_zeros> parse_geometric_zeros(std::string_view s) noexcept {
  if (s == "give_zero" || s == "zero") return geometric_zeros::give_zero;
  if (s == "error") return geometric_zeros::error;
  if (s == "floor") return geometric_zeros::floor;
  return std::nullopt;
}

[[nodiscard]] inline const char* to_string(missing_policy p) noexcept {
  switch (p) {
    case missing_policy::skip_and_reweight: return "skip_and_reweight";
    case missing_policy::require_share: return "require_share";
    case missing_policy::propagate: return "propagate";
  }
  return "?";
}

[[nodiscard]] inline std::optional<missing_policy> parse_missing_policy(std::string_view s) noexcept {
  if (s == "skip_and_reweight" || s == "skip" || s == "reweight") return missing_policy::skip_and_reweight;
  if (s == "require_share" || s == "min_share") return missing_policy::require_share;
  if (s == "propagate" || s == "propagate_nan") return missing_policy::propagate;
  return std::nullopt;
}

}  // namespace tijian
