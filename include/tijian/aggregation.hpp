// SPDX-License-Identifier: MIT
// How the children of one framework node are combined into the node's score: the method, its
// parameters, and the missing-data policy. A value type; the arithmetic lives in aggregate.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "names.hpp"

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

template <>
struct enum_names<aggregation_method> {
  static constexpr const char* what = "aggregation method";
  static constexpr enum_name<aggregation_method> entries[] = {
      {aggregation_method::arithmetic, "arithmetic", "算术平均", "arithmetic mean"},
      {aggregation_method::geometric, "geometric", "几何平均", "geometric mean"},
      {aggregation_method::harmonic, "harmonic", "调和平均", "harmonic mean"},
      {aggregation_method::power_mean, "power_mean", "幂平均", "power mean"},
      {aggregation_method::copeland, "copeland", "Copeland 排序", "Copeland outranking"},
  };
  // COINr's function names and older spellings
  static constexpr enum_alias<aggregation_method> aliases[] = {
      {"amean", aggregation_method::arithmetic},       {"a_amean", aggregation_method::arithmetic},
      {"arith_mean", aggregation_method::arithmetic},  {"mean", aggregation_method::arithmetic},
      {"gmean", aggregation_method::geometric},        {"a_gmean", aggregation_method::geometric},
      {"hmean", aggregation_method::harmonic},         {"a_hmean", aggregation_method::harmonic},
      {"generalised", aggregation_method::power_mean}, {"generalized", aggregation_method::power_mean},
      {"genmean", aggregation_method::power_mean},     {"a_genmean", aggregation_method::power_mean},
      {"a_copeland", aggregation_method::copeland},
  };
};

template <>
struct enum_names<geometric_zeros> {
  static constexpr const char* what = "treatment of zeros in a geometric mean";
  static constexpr enum_name<geometric_zeros> entries[] = {
      {geometric_zeros::give_zero, "give_zero", "得零分", "the mean is zero"},
      {geometric_zeros::error, "error", "报错", "stop with an error"},
      {geometric_zeros::floor, "floor", "以下限替代", "replace by a floor"},
  };
  static constexpr enum_alias<geometric_zeros> aliases[] = {{"zero", geometric_zeros::give_zero}};
};

template <>
struct enum_names<missing_policy> {
  static constexpr const char* what = "missing-data policy";
  static constexpr enum_name<missing_policy> entries[] = {
      {missing_policy::skip_and_reweight, "skip_and_reweight", "跳过并重新分配权重", "skip and reweight"},
      {missing_policy::require_share, "require_share", "要求最低数据比例", "require a share present"},
      {missing_policy::propagate, "propagate", "缺失传递", "propagate missing values"},
  };
  static constexpr enum_alias<missing_policy> aliases[] = {
      {"skip", missing_policy::skip_and_reweight},
      {"reweight", missing_policy::skip_and_reweight},
      {"min_share", missing_policy::require_share},
      {"propagate_nan", missing_policy::propagate},
  };
};

}  // namespace tijian
