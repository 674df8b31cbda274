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
  arithmetic,       ///< sum w x / sum w
  geometric,        ///< exp(sum w ln x / sum w); zeros follow `geometric_zeros`, negatives are an error
  harmonic,         ///< sum w / sum (w / x); zero or negative inputs are an error
  power_mean,       ///< (sum w x^p / sum w)^(1/p), p != 0; p < 0 needs positive inputs
  copeland,         ///< outranking: sum over other units of sign(O_ij - 1/2), O_ij = weight of
                    ///< children where i beats j plus half of the ties (Munda & Nardo 2009)
  topsis,           ///< closeness to the ideal D- / (D+ + D-) of the weighted children, ideal and
                    ///< anti-ideal the best and worst unit of the period (mcda_distance.hpp)
  promethee_ii,     ///< PROMETHEE II net flow, `preference` function with q, p, s
                    ///< (mcda_outranking.hpp)
  vikor,            ///< 1 - Q of VIKOR with weight v of the group utility (mcda_distance.hpp)
  edas,             ///< EDAS appraisal score: distances from the period's average (mcda_distance.hpp)
  copras,           ///< COPRAS relative utility Q / max Q (mcda_ratio.hpp)
  waspas,           ///< WASPAS: lambda WSM + (1 - lambda) WPM of linear-normalised children (mcda_ratio.hpp)
  moora,            ///< MOORA ratio system, or its reference point with `moora` = reference_point
                    ///< (mcda_ratio.hpp)
  grey_relational,  ///< grey relational grade to the period's ideal, coefficient rho (mcda_grey.hpp)
  grey_topsis,      ///< grey relational degree and Euclidean distance to ideal and anti-ideal,
                    ///< combined with alpha (mcda_grey.hpp)
  minimum,          ///< the smallest child (fully non-compensatory: the weakest child decides);
                    ///< children of weight 0 are left out, the other weights do not matter
  maximum,          ///< the largest child, likewise
  rsr,              ///< rank-sum ratio WRSR = sum_j w_j R_ij / n of the children's ranks in the
                    ///< period, integer or non-integer ranks (`rsr_ranks`); probit, regression and
                    ///< grades in the rsr table (mcda_rsr.hpp, mcda_tables.hpp)
  fuzzy,            ///< fuzzy comprehensive evaluation of the raw indicator values against the
                    ///< recipe's [fuzzy] grade standards, B = W o R with `fuzzy_operator`
                    ///< (mcda_fuzzy.hpp)
};

/// Methods that score a unit against the other units of its period (groups), not row by row.
[[nodiscard]] constexpr bool compares_units(aggregation_method m) noexcept {
  return m == aggregation_method::copeland || m == aggregation_method::topsis ||
         m == aggregation_method::promethee_ii || m == aggregation_method::vikor ||
         m == aggregation_method::edas || m == aggregation_method::copras ||
         m == aggregation_method::waspas || m == aggregation_method::moora ||
         m == aggregation_method::grey_relational || m == aggregation_method::grey_topsis ||
         m == aggregation_method::rsr;
}

/// RSR's ranks (mcda_rsr.hpp).
enum class rsr_ranks {
  integer,      ///< 编秩: ascending ranks of the oriented values, average ranks for ties
  non_integer,  ///< R = 1 + (n - 1) (y - min) / (max - min)
};

/// Composition operators of a fuzzy comprehensive evaluation B = W o R (mcda_fuzzy.hpp).
enum class fuzzy_operator {
  weighted_average,  ///< M(·,+): b_j = sum_i w_i r_ij
  min_max,           ///< M(∧,∨) (Zadeh): b_j = max_i min(w_i, r_ij)
  product_max,       ///< M(·,∨): b_j = max_i w_i r_ij
  min_bounded_sum,   ///< M(∧,⊕): b_j = min(1, sum_i min(w_i, r_ij))
};

/// What the node score of a fuzzy evaluation is.
enum class fuzzy_score {
  grade_values,    ///< sum_j b_j v_j over the normalised B
  max_membership,  ///< the grade value of the maximum-membership grade
};

/// The two MOORA systems (Brauers & Zavadskas 2006).
enum class moora_system {
  ratio_system,     ///< sum of weighted vector-normalised oriented values
  reference_point,  ///< minus the largest weighted distance to the period's best ratio
};

/// PROMETHEE preference functions P(d) of a difference d = y_a - y_b of oriented values, P = 0
/// for d <= 0 (Brans & Vincke 1985, Management Science 31(6), the six generalised criteria).
enum class preference_function {
  usual,     ///< type I: 1 for d > 0
  u_shape,   ///< type II (quasi-criterion): 1 for d > q
  v_shape,   ///< type III: d / p up to p, then 1
  level,     ///< type IV: 1/2 for q < d <= p, 1 above p
  linear,    ///< type V (V-shape with indifference): (d - q) / (p - q) for q < d <= p, 1 above p
  gaussian,  ///< type VI: 1 - exp(-d^2 / (2 s^2))
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
  // PROMETHEE II: the preference function and its thresholds, in the units of the normalised
  // children (p is shared with power_mean: the preference threshold here).
  preference_function preference = preference_function::usual;
  double q = 0.0;       ///< indifference threshold (u_shape, level, linear)
  double s = 1.0;       ///< Gaussian spread
  double v = 0.5;       ///< VIKOR: weight of the group utility S against the regret R, in [0, 1]
  double lambda = 0.5;  ///< WASPAS: weight of the weighted sum against the weighted product, in [0, 1]
  moora_system moora = moora_system::ratio_system;  ///< MOORA: which system scores
  double rho = 0.5;    ///< grey relational analysis: distinguishing coefficient, in (0, 1]
  double alpha = 0.5;  ///< grey-TOPSIS: weight of the distances against the grey degree, in [0, 1]
  rsr_ranks rsr = rsr_ranks::integer;                          ///< RSR: integer or non-integer ranks
  int rsr_grades = 3;                                          ///< RSR: grades of the probit table, 3, 4 or 5
  fuzzy_operator fuzzy_op = fuzzy_operator::weighted_average;  ///< fuzzy evaluation: B = W o R
  fuzzy_score fuzzy_result = fuzzy_score::grade_values;        ///< fuzzy evaluation: the node score
};

/// How a missing aggregate score is filled, after the node's own aggregation (imputation at an
/// aggregate level, recipe [missing] `fill`): e.g. the SDG Index replaces a missing goal score by
/// the mean of that goal's scores over the countries of the unit's region (SDR 2021, method
/// note; /work/shared/data/sdr2021/README.md).
enum class score_fill {
  none,          ///< default: the score stays missing
  mean,          ///< mean of the node's scores of the other units in the period
  median,        ///< median of the same
  group_mean,    ///< mean over the units of the same group (`fill_group`, a group column)
  group_median,  ///< median over the same
};

struct missing_data {
  missing_policy policy = missing_policy::skip_and_reweight;
  double min_share = 0.5;              ///< used by require_share, in (0, 1]
  score_fill fill = score_fill::none;  ///< a missing score of the node: filled how
  std::string fill_group;              ///< group column of group_mean / group_median
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
      {aggregation_method::topsis, "topsis", "TOPSIS 逼近理想解排序", "TOPSIS"},
      {aggregation_method::promethee_ii, "promethee_ii", "PROMETHEE II 净流量", "PROMETHEE II net flow"},
      {aggregation_method::vikor, "vikor", "VIKOR 折衷排序 (1 - Q)", "VIKOR (1 - Q)"},
      {aggregation_method::edas, "edas", "EDAS 距平均解距离", "EDAS"},
      {aggregation_method::copras, "copras", "复杂比例评估法相对效用", "COPRAS relative utility"},
      {aggregation_method::waspas, "waspas", "加权和积综合评估法", "WASPAS"},
      {aggregation_method::moora, "moora", "多目标比率分析法", "MOORA"},
      {aggregation_method::grey_relational, "grey_relational", "灰色关联度", "grey relational grade"},
      {aggregation_method::grey_topsis, "grey_topsis", "灰色关联逼近理想解贴近度",
       "grey relational TOPSIS closeness"},
      {aggregation_method::minimum, "minimum", "最小值", "minimum"},
      {aggregation_method::maximum, "maximum", "最大值", "maximum"},
      {aggregation_method::rsr, "rsr", "秩和比", "rank-sum ratio"},
      {aggregation_method::fuzzy, "fuzzy", "模糊综合评价", "fuzzy comprehensive evaluation"},
  };
  // COINr's function names and older spellings
  static constexpr enum_alias<aggregation_method> aliases[] = {
      {"amean", aggregation_method::arithmetic},
      {"a_amean", aggregation_method::arithmetic},
      {"arith_mean", aggregation_method::arithmetic},
      {"mean", aggregation_method::arithmetic},
      {"gmean", aggregation_method::geometric},
      {"a_gmean", aggregation_method::geometric},
      {"hmean", aggregation_method::harmonic},
      {"a_hmean", aggregation_method::harmonic},
      {"generalised", aggregation_method::power_mean},
      {"generalized", aggregation_method::power_mean},
      {"genmean", aggregation_method::power_mean},
      {"a_genmean", aggregation_method::power_mean},
      {"a_copeland", aggregation_method::copeland},
      {"promethee", aggregation_method::promethee_ii},
      {"promethee2", aggregation_method::promethee_ii},
      {"gra", aggregation_method::grey_relational},
      {"grey", aggregation_method::grey_relational},
      {"gray_relational", aggregation_method::grey_relational},
      {"gray_topsis", aggregation_method::grey_topsis},
      {"gra_topsis", aggregation_method::grey_topsis},
      {"min", aggregation_method::minimum},
      {"max", aggregation_method::maximum},
      {"rank_sum_ratio", aggregation_method::rsr},
      {"wrsr", aggregation_method::rsr},
      {"fuzzy_comprehensive", aggregation_method::fuzzy},
      {"fce", aggregation_method::fuzzy},
  };
};

template <>
struct enum_names<preference_function> {
  static constexpr const char* what = "PROMETHEE preference function";
  static constexpr enum_name<preference_function> entries[] = {
      {preference_function::usual, "usual", "通常准则", "usual criterion"},
      {preference_function::u_shape, "u_shape", "U 型准则", "U-shape (quasi-criterion)"},
      {preference_function::v_shape, "v_shape", "V 型准则", "V-shape"},
      {preference_function::level, "level", "阶梯型准则", "level criterion"},
      {preference_function::linear, "linear", "带无差异区间的 V 型准则", "V-shape with indifference"},
      {preference_function::gaussian, "gaussian", "高斯准则", "Gaussian criterion"},
  };
  // pymcdm's names and the type numbers of Brans & Vincke
  static constexpr enum_alias<preference_function> aliases[] = {
      {"ushape", preference_function::u_shape},  {"vshape", preference_function::v_shape},
      {"vshape_2", preference_function::linear}, {"v_shape_indifference", preference_function::linear},
      {"type1", preference_function::usual},     {"type2", preference_function::u_shape},
      {"type3", preference_function::v_shape},   {"type4", preference_function::level},
      {"type5", preference_function::linear},    {"type6", preference_function::gaussian},
  };
};

template <>
struct enum_names<moora_system> {
  static constexpr const char* what = "MOORA system";
  static constexpr enum_name<moora_system> entries[] = {
      {moora_system::ratio_system, "ratio_system", "比率系统", "ratio system"},
      {moora_system::reference_point, "reference_point", "参考点法", "reference point"},
  };
  static constexpr enum_alias<moora_system> aliases[] = {{"ratio", moora_system::ratio_system},
                                                         {"reference", moora_system::reference_point}};
};

template <>
struct enum_names<rsr_ranks> {
  static constexpr const char* what = "RSR ranks";
  static constexpr enum_name<rsr_ranks> entries[] = {
      {rsr_ranks::integer, "integer", "整次秩和比", "integer ranks"},
      {rsr_ranks::non_integer, "non_integer", "非整次秩和比", "non-integer ranks"},
  };
  static constexpr enum_alias<rsr_ranks> aliases[] = {{"int", rsr_ranks::integer},
                                                      {"non-int", rsr_ranks::non_integer}};
};

template <>
struct enum_names<fuzzy_operator> {
  static constexpr const char* what = "fuzzy composition operator";
  static constexpr enum_name<fuzzy_operator> entries[] = {
      {fuzzy_operator::weighted_average, "weighted_average", "加权平均型 M(·,+)", "weighted average M(·,+)"},
      {fuzzy_operator::min_max, "min_max", "主因素决定型 M(∧,∨)", "Zadeh min-max M(∧,∨)"},
      {fuzzy_operator::product_max, "product_max", "主因素突出型 M(·,∨)", "product-max M(·,∨)"},
      {fuzzy_operator::min_bounded_sum, "min_bounded_sum", "取小上界和型 M(∧,⊕)", "min-bounded sum M(∧,⊕)"},
  };
  static constexpr enum_alias<fuzzy_operator> aliases[] = {
      {"m(·,+)", fuzzy_operator::weighted_average}, {"m(*,+)", fuzzy_operator::weighted_average},
      {"m(∧,∨)", fuzzy_operator::min_max},          {"zadeh", fuzzy_operator::min_max},
      {"m(·,∨)", fuzzy_operator::product_max},      {"m(*,v)", fuzzy_operator::product_max},
      {"m(∧,⊕)", fuzzy_operator::min_bounded_sum},
  };
};

template <>
struct enum_names<fuzzy_score> {
  static constexpr const char* what = "fuzzy evaluation score";
  static constexpr enum_name<fuzzy_score> entries[] = {
      {fuzzy_score::grade_values, "grade_values", "等级分值加权", "weighted grade values"},
      {fuzzy_score::max_membership, "max_membership", "最大隶属度等级分值",
       "value of the maximum-membership grade"},
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
template <>
struct enum_names<score_fill> {
  static constexpr const char* what = "score fill";
  static constexpr enum_name<score_fill> entries[] = {
      {score_fill::none, "none", "不填补", "none"},
      {score_fill::mean, "mean", "均值", "mean"},
      {score_fill::median, "median", "中位数", "median"},
      {score_fill::group_mean, "group_mean", "组内均值", "group mean"},
      {score_fill::group_median, "group_median", "组内中位数", "group median"},
  };
};

}  // namespace tijian
