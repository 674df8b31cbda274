// SPDX-License-Identifier: MIT
// Normalisation (无量纲化): turns each indicator column into a comparable, direction-aware value.
// Fitting (statistics of the data: min, max, mean, sd, norm, sorted values) is separate from
// applying, so that parameters fitted on one period, or on all periods pooled, can be applied
// to any period and scores of different years stay comparable.
//
// Direction: every method works on the oriented value y, where y = x for higher-is-better,
// y = -x for lower-is-better and y = -(distance from x to the band [a, b]) for a target band.
// So min-max of a lower-is-better indicator is (max - x) / (max - min) (evaluation-methods.md
// §1), and of a band indicator 1 - d / max d, the interval-type (区间型) rule.
//
// NaN: skipped when fitting, NaN out for NaN in. Constant indicators (max = min or sd = 0) follow
// `constant_policy`; the default gives NaN and the scoring run records a diagnostic.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "detail/column_hash.hpp"
#include "names.hpp"
#include "error.hpp"
#include "framework.hpp"
#include "rank.hpp"

namespace tijian {

enum class normalisation_method {
  none,                   ///< the oriented value y itself (x, or -x for lower-is-better): the
                          ///< scale is kept, the sign follows the direction; the scoring run says
                          ///< so in a "normalise.none_oriented" warning naming the indicators
  min_max,                ///< (y - min) / (max - min) * (upper - lower) + lower  [COINr n_minmax]
  z_score,                ///< (y - mean) / sd * sd_out + mean_out, sd with n - 1  [n_zscore]
  goalposts,              ///< (x - lo) / (hi - lo) clipped to [0, 1], * scale; lower-is-better:
                          ///< (hi - x) / (hi - lo); optional ln (HDI income)  [n_goalposts]
  distance_to_target,     ///< (y - min) / (t - min), optional cap, * scale  [n_dist2targ]
  target_ratio,           ///< >= target: x / t; <= target: t / x; band: 1 inside, else ratio to
                          ///< the nearer bound; optional cap (1, or 1.2 for 超额), * scale
  efficacy,               ///< 60 + 40 (y - min) / (max - min): 功效系数法, NBS 绿色发展指数
  rank,                   ///< rank of y, 1 = lowest, ties by `ties`  [n_rank]
  percentile_rank,        ///< (rank - 1) / (n - 1) * scale  [n_prank]
  borda,                  ///< rank - 1  [n_borda]
  fraction_of_max,        ///< x / max; lower-is-better: min / x (极值化 / linear), * scale
  distance_to_reference,  ///< 1 - (y_ref - y) / (y_ref - min), optional cap, * scale [n_dist2ref]
  vector,                 ///< x / ||x||_2; lower-is-better: 1 - x / ||x||_2 (pymcdm), * scale
  sum,                    ///< shares x / sum x; lower-is-better (1 / x) / sum (1 / x), * scale
                          ///< (比重法; pymcdm sum_normalization, COPRAS/ARAS inputs)
};

/// Which rows parameters are fitted on.
enum class fit_scope {
  per_period,  ///< each period on its own rows (cross-section, as NBS and COINr per coin)
  pooled,      ///< all rows of all periods together (global, comparable across years)
  one_period,  ///< the rows of `fit_period` (a base year), applied to every period
};

/// What a normalisation does when the indicator does not vary on the fitted rows.
enum class constant_policy {
  missing,   ///< NaN (the default; recorded as a diagnostic, then the aggregation's missing policy)
  midpoint,  ///< the middle of the output range (e.g. 50 for min-max 0-100)
  top,       ///< the best value of the output range
};

struct normalisation {
  normalisation_method method = normalisation_method::min_max;
  double lower = 0.0;  ///< min_max output range
  double upper = 100.0;
  double mean = 0.0;  ///< z_score output mean and sd
  double sd = 1.0;
  double efficacy_floor = 60.0;  ///< efficacy: floor + span * share
  double efficacy_span = 40.0;
  double scale = 1.0;  ///< output multiplier of the [0, 1]-type methods (100 for percent)
  double cap = std::numeric_limits<double>::quiet_NaN();  ///< upper cap before scale; NaN = none
  tie_rule ties = tie_rule::min;
  std::string reference_unit;  ///< distance_to_reference
  constant_policy constant = constant_policy::missing;
  fit_scope fit = fit_scope::per_period;
  std::string fit_period;  ///< one_period
  int target_year = 0;     ///< which target distance_to_target / target_ratio use; 0 = latest
};

template <>
struct enum_names<normalisation_method> {
  static constexpr const char* what = "normalisation method";
  static constexpr enum_name<normalisation_method> entries[] = {
      {normalisation_method::none, "none", "不标准化", "none"},
      {normalisation_method::min_max, "min_max", "极差标准化", "min-max"},
      {normalisation_method::z_score, "z_score", "Z 分数", "z-score"},
      {normalisation_method::goalposts, "goalposts", "固定阈值", "goalposts"},
      {normalisation_method::distance_to_target, "distance_to_target", "距目标距离", "distance to target"},
      {normalisation_method::target_ratio, "target_ratio", "目标达成率", "ratio to target"},
      {normalisation_method::efficacy, "efficacy", "功效系数", "efficacy coefficient"},
      {normalisation_method::rank, "rank", "排序", "rank"},
      {normalisation_method::percentile_rank, "percentile_rank", "百分位排序", "percentile rank"},
      {normalisation_method::borda, "borda", "博尔达计分", "Borda score"},
      {normalisation_method::fraction_of_max, "fraction_of_max", "占最大值比例", "fraction of the maximum"},
      {normalisation_method::distance_to_reference, "distance_to_reference", "距参照单元距离",
       "distance to a reference unit"},
      {normalisation_method::vector, "vector", "向量标准化", "vector (L2)"},
      {normalisation_method::sum, "sum", "比重标准化", "shares of the sum"},
  };
  static constexpr enum_alias<normalisation_method> aliases[] = {
      {"minmax", normalisation_method::min_max},
      {"n_minmax", normalisation_method::min_max},
      {"zscore", normalisation_method::z_score},
      {"n_zscore", normalisation_method::z_score},
      {"n_goalposts", normalisation_method::goalposts},
      {"dist2targ", normalisation_method::distance_to_target},
      {"n_dist2targ", normalisation_method::distance_to_target},
      {"achievement", normalisation_method::target_ratio},
      {"target_achievement", normalisation_method::target_ratio},
      {"efficacy_coefficient", normalisation_method::efficacy},
      {"n_rank", normalisation_method::rank},
      {"prank", normalisation_method::percentile_rank},
      {"n_prank", normalisation_method::percentile_rank},
      {"n_borda", normalisation_method::borda},
      {"fracmax", normalisation_method::fraction_of_max},
      {"n_fracmax", normalisation_method::fraction_of_max},
      {"dist2ref", normalisation_method::distance_to_reference},
      {"n_dist2ref", normalisation_method::distance_to_reference},
      {"l2", normalisation_method::vector},
      {"shares", normalisation_method::sum},
      {"proportion", normalisation_method::sum},
      {"sum_normalization", normalisation_method::sum},
  };
  // COINr's names without an exact equivalent (../shared/reference/coinr.md §5): refused, naming
  // the nearest method
  static constexpr enum_near_name<normalisation_method> near[] = {
      {"n_scaled", normalisation_method::goalposts,
       "COINr's n_scaled is (x - l) / (u - l) x scale_factor without clipping; goalposts clip to [0, 1] "
       "before the scale"},
      {"n_dist2max", normalisation_method::min_max,
       "COINr's n_dist2max is min-max scaling to [0, 1]: min_max with lower = 0 and upper = 1"},
  };
};

template <>
struct enum_names<fit_scope> {
  static constexpr const char* what = "fit scope";
  static constexpr enum_name<fit_scope> entries[] = {
      {fit_scope::per_period, "per_period", "逐期", "per period"},
      {fit_scope::pooled, "pooled", "合并各期", "pooled"},
      {fit_scope::one_period, "one_period", "以基期为准", "one period"},
  };
  static constexpr enum_alias<fit_scope> aliases[] = {
      {"cross_section", fit_scope::per_period},
      {"global", fit_scope::pooled},
      {"base_period", fit_scope::one_period},
  };
};

template <>
struct enum_names<constant_policy> {
  static constexpr const char* what = "constant-indicator policy";
  static constexpr enum_name<constant_policy> entries[] = {
      {constant_policy::missing, "missing", "记为缺失", "missing"},
      {constant_policy::midpoint, "midpoint", "取中值", "midpoint"},
      {constant_policy::top, "top", "取最高分", "top"},
  };
  static constexpr enum_alias<constant_policy> aliases[] = {
      {"nan", constant_policy::missing},
      {"middle", constant_policy::midpoint},
      {"best", constant_policy::top},
  };
};

/// What one indicator brings to its normalisation: direction, band, goalposts, target.
struct indicator_context {
  direction dir = direction::higher_is_better;
  double band_lower = 0, band_upper = 0;
  const goalposts* posts = nullptr;
  const target* goal = nullptr;  ///< the target used by target-based methods
  std::string code;              ///< for messages

  /// Context of a framework leaf; `target_year` picks the target (0 = the latest year).
  static indicator_context of(const node_spec& n, int target_year = 0) {
    indicator_context c;
    c.dir = n.dir;
    c.band_lower = n.band_lower;
    c.band_upper = n.band_upper;
    c.posts = n.posts ? &*n.posts : nullptr;
    c.code = n.code;
    for (const auto& t : n.targets) {
      if (target_year != 0 && t.year != target_year) continue;
      if (!c.goal || t.year > c.goal->year) c.goal = &t;
    }
    return c;
  }

  /// The oriented value: larger is better.
  [[nodiscard]] double orient(double x) const noexcept {
    switch (dir) {
      case direction::higher_is_better: return x;
      case direction::lower_is_better: return -x;
      case direction::target_band: return -(std::max(band_lower - x, 0.0) + std::max(x - band_upper, 0.0));
    }
    return x;
  }
};

/// Parameters fitted on one column (only the fields the method needs are set).
struct column_fit {
  double min = std::numeric_limits<double>::quiet_NaN();  ///< of the oriented values
  double max = std::numeric_limits<double>::quiet_NaN();
  double mean = std::numeric_limits<double>::quiet_NaN();
  double sd = std::numeric_limits<double>::quiet_NaN();
  double raw_min = std::numeric_limits<double>::quiet_NaN();  ///< of x itself
  double raw_max = std::numeric_limits<double>::quiet_NaN();
  double norm = std::numeric_limits<double>::quiet_NaN();       ///< ||x||_2
  double total = std::numeric_limits<double>::quiet_NaN();      ///< sum x, or sum 1 / x (sum)
  double reference = std::numeric_limits<double>::quiet_NaN();  ///< oriented reference value
  std::size_t n = 0;                                            ///< non-missing values fitted on
  std::vector<double> sorted;  ///< oriented values ascending (rank-type methods)
  bool constant = false;       ///< the method's denominator is zero
};

namespace detail {

[[noreturn]] inline void normalisation_fail(const std::string& id, const std::string& msg,
                                            const indicator_context& c) {
  location l;
  l.indicator = c.code;
  throw recipe_error(id, msg, l);
}

inline void require_target(const normalisation& how, const indicator_context& c) {
  if (c.dir == direction::target_band) return;
  if (!c.goal)
    normalisation_fail("normalise.no_target",
                       std::string(to_string(how.method)) +
                           " needs a target for the indicator; add one to the framework" +
                           (how.target_year ? " for year " + std::to_string(how.target_year) : ""),
                       c);
}

/// Target in oriented units (distance_to_target).
inline double oriented_target(const indicator_context& c) {
  if (c.dir == direction::target_band) return 0.0;  // inside the band: distance 0
  return c.orient(c.goal->value);
}

}  // namespace detail

/// Fits the parameters of `how` on `x` (rows selected by `rows`, or all rows if null).
/// Throws recipe_error when the method cannot apply to the indicator (no target, no goalposts,
/// an unsupported direction, an unknown reference unit).
/// Runs on every column of every scoring run: keep it one pass where the method allows.
/// `hash`, when given, receives panel::column_hash of the whole column if the pass read it
/// whole (rows null; `*hashed` set): the scoring run then reads each column once for both.
[[nodiscard]] inline column_fit fit_column(const normalisation& how, const indicator_context& c,
                                           const double* x, const Eigen::Index* rows, std::size_t n_rows,
                                           const double* reference_value = nullptr,
                                           std::uint64_t* hash = nullptr, bool* hashed = nullptr) {
  using m = normalisation_method;
  column_fit f;
  switch (how.method) {
    case m::goalposts:
      if (!c.posts)
        detail::normalisation_fail("normalise.no_goalposts",
                                   "goalposts normalisation needs goalposts for the indicator", c);
      if (c.dir == direction::target_band)
        detail::normalisation_fail("normalise.unsupported",
                                   "goalposts are not defined for a target-band indicator", c);
      return f;  // nothing fitted: goalposts are fixed
    case m::target_ratio: detail::require_target(how, c); return f;
    case m::vector:
    case m::sum:
    case m::fraction_of_max:
      if (c.dir == direction::target_band)
        detail::normalisation_fail("normalise.unsupported",
                                   std::string(to_string(how.method)) +
                                       " is not defined for a target-band indicator",
                                   c);
      break;
    case m::distance_to_target: detail::require_target(how, c); break;
    default: break;
  }
  const bool need_sorted = how.method == m::rank || how.method == m::percentile_rank ||
                           how.method == m::borda;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  double rlo = lo, rhi = -lo;
  double sum = 0, sumsq = 0;
  std::size_t n = 0;
  if (!rows && !need_sorted && c.dir != direction::target_band) {
    // Fast path (a whole contiguous column, monotone orientation): statistics of x in four
    // independent lanes, then mapped to the oriented value y = +-x. Branch-free on NaN.
    double lo4[4], hi4[4], s4[4] = {0, 0, 0, 0}, q4[4] = {0, 0, 0, 0};
    std::size_t n4[4] = {0, 0, 0, 0};
    for (int l = 0; l < 4; ++l) {
      lo4[l] = std::numeric_limits<double>::infinity();
      hi4[l] = -lo4[l];
    }
    const std::size_t end4 = n_rows & ~std::size_t{3};
    auto lanes = [&](auto with_hash) {
      std::uint64_t h4[4];
      detail::column_hash_start(h4);
      for (std::size_t k = 0; k < end4; k += 4)
        for (std::size_t l = 0; l < 4; ++l) {
          const double v = x[k + l];
          const bool ok = v == v;
          lo4[l] = v < lo4[l] ? v : lo4[l];
          hi4[l] = v > hi4[l] ? v : hi4[l];
          s4[l] += ok ? v : 0.0;
          q4[l] += ok ? v * v : 0.0;
          n4[l] += ok;
          if constexpr (decltype(with_hash)::value) h4[l] = detail::column_hash_step(h4[l], v);
        }
      for (std::size_t k = end4; k < n_rows; ++k) {
        const double v = x[k];
        const bool ok = v == v;
        lo4[0] = v < lo4[0] ? v : lo4[0];
        hi4[0] = v > hi4[0] ? v : hi4[0];
        s4[0] += ok ? v : 0.0;
        q4[0] += ok ? v * v : 0.0;
        n4[0] += ok;
        if constexpr (decltype(with_hash)::value) h4[0] = detail::column_hash_step(h4[0], v);
      }
      if constexpr (decltype(with_hash)::value) {
        *hash = detail::column_hash_finish(h4);
        if (hashed) *hashed = true;
      }
    };
    if (hash) lanes(std::true_type{});
    else lanes(std::false_type{});
    rlo = std::min(std::min(lo4[0], lo4[1]), std::min(lo4[2], lo4[3]));
    rhi = std::max(std::max(hi4[0], hi4[1]), std::max(hi4[2], hi4[3]));
    const double raw_sum = (s4[0] + s4[1]) + (s4[2] + s4[3]);
    sumsq = (q4[0] + q4[1]) + (q4[2] + q4[3]);
    n = n4[0] + n4[1] + n4[2] + n4[3];
    const bool flip = c.dir == direction::lower_is_better;
    lo = flip ? -rhi : rlo;
    hi = flip ? -rlo : rhi;
    sum = flip ? -raw_sum : raw_sum;
  } else {
    // General pass: range, count, sum (and the sorted sample for rank-type methods).
    for (std::size_t k = 0; k < n_rows; ++k) {
      const double v = x[rows ? rows[k] : static_cast<Eigen::Index>(k)];
      if (std::isnan(v)) continue;
      const double y = c.orient(v);
      lo = std::min(lo, y);
      hi = std::max(hi, y);
      rlo = std::min(rlo, v);
      rhi = std::max(rhi, v);
      sum += y;
      sumsq += v * v;
      ++n;
      if (need_sorted) f.sorted.push_back(y);
    }
  }
  f.n = n;
  if (n == 0) {
    f.constant = true;
    return f;
  }
  f.min = lo;
  f.max = hi;
  f.raw_min = rlo;
  f.raw_max = rhi;
  f.mean = sum / static_cast<double>(n);
  f.norm = std::sqrt(sumsq);
  if (how.method == m::sum) {
    if (!(rlo > 0))
      detail::normalisation_fail(
          "normalise.not_positive",
          "sum normalisation (shares of the sum) needs positive values; the smallest is " +
              std::to_string(rlo),
          c);
    if (c.dir == direction::higher_is_better) {
      f.total = sum;  // y = x
    } else {          // the shares of 1 / x: a second pass
      double t = 0;
      for (std::size_t k = 0; k < n_rows; ++k) {
        const double v = x[rows ? rows[k] : static_cast<Eigen::Index>(k)];
        if (!std::isnan(v)) t += 1.0 / v;
      }
      f.total = t;
    }
  }
  if (how.method == m::z_score) {
    // Second pass for the variance (numerically safer than sum of squares).
    double ss = 0;
    for (std::size_t k = 0; k < n_rows; ++k) {
      const double v = x[rows ? rows[k] : static_cast<Eigen::Index>(k)];
      if (std::isnan(v)) continue;
      const double d = c.orient(v) - f.mean;
      ss += d * d;
    }
    f.sd = n > 1 ? std::sqrt(ss / static_cast<double>(n - 1)) : 0.0;
  }
  if (need_sorted) std::sort(f.sorted.begin(), f.sorted.end());
  switch (how.method) {
    case m::min_max:
    case m::efficacy: f.constant = !(hi > lo); break;
    case m::z_score: f.constant = !(f.sd > 0); break;
    case m::distance_to_target: f.constant = !(detail::oriented_target(c) != lo); break;
    case m::percentile_rank: f.constant = n < 2; break;
    case m::fraction_of_max:
      f.constant = c.dir == direction::higher_is_better ? !(rhi > 0) : !(rlo > 0);
      break;
    case m::vector: f.constant = !(f.norm > 0); break;
    case m::sum: f.constant = !(f.total > 0); break;
    case m::distance_to_reference:
      if (!reference_value)
        detail::normalisation_fail("normalise.no_reference",
                                   "distance_to_reference needs a reference unit ('" + how.reference_unit +
                                       "' has no value on the fitted rows)",
                                   c);
      f.reference = c.orient(*reference_value);
      f.constant = !(f.reference != lo);
      break;
    default: break;
  }
  return f;
}

/// Value a constant indicator gets under `how.constant` (NaN for constant_policy::missing).
[[nodiscard]] inline double constant_value(const normalisation& how) noexcept {
  using m = normalisation_method;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (how.constant == constant_policy::missing) return nan;
  const bool mid = how.constant == constant_policy::midpoint;
  switch (how.method) {
    case m::min_max: return mid ? 0.5 * (how.lower + how.upper) : how.upper;
    case m::efficacy: return how.efficacy_floor + (mid ? 0.5 : 1.0) * how.efficacy_span;
    case m::z_score: return how.mean;
    default: return (mid ? 0.5 : 1.0) * how.scale;
  }
}

namespace detail {
inline double capped(double v, double cap) noexcept { return (cap == cap && v > cap) ? cap : v; }
}  // namespace detail

/// Normalises one value with fitted parameters. NaN in, NaN out.
/// Runs in the hot loop of every scoring run: measure before changing (benchmarks/).
[[nodiscard]] inline double apply_value(const normalisation& how, const column_fit& f,
                                        const indicator_context& c, double x) noexcept {
  using m = normalisation_method;
  if (std::isnan(x)) return x;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  switch (how.method) {
    case m::none: return c.orient(x);
    case m::min_max:
      if (f.constant) return constant_value(how);
      return (c.orient(x) - f.min) / (f.max - f.min) * (how.upper - how.lower) + how.lower;
    case m::efficacy:
      if (f.constant) return constant_value(how);
      return how.efficacy_floor + how.efficacy_span * (c.orient(x) - f.min) / (f.max - f.min);
    case m::z_score:
      if (f.constant) return constant_value(how);
      return (c.orient(x) - f.mean) / f.sd * how.sd + how.mean;
    case m::goalposts: {
      double lo = c.posts->lower, hi = c.posts->upper, v = x;
      if (c.posts->scale == goalpost_scale::log) {
        lo = std::log(lo);
        hi = std::log(hi);
        v = v > 0 ? std::log(v) : -std::numeric_limits<double>::infinity();
      }
      double s = c.dir == direction::lower_is_better ? (hi - v) / (hi - lo) : (v - lo) / (hi - lo);
      s = std::min(1.0, std::max(0.0, s));
      return s * how.scale;
    }
    case m::distance_to_target: {
      if (f.constant) return constant_value(how);
      const double t = detail::oriented_target(c);
      return detail::capped((c.orient(x) - f.min) / (t - f.min), how.cap) * how.scale;
    }
    case m::target_ratio: {
      double r = nan;
      if (c.dir == direction::target_band) {
        if (x < c.band_lower) r = c.band_lower > 0 && x > 0 ? x / c.band_lower : 0.0;
        else if (x > c.band_upper) r = c.band_upper / x;
        else r = 1.0;
      } else {
        const target& t = *c.goal;
        switch (t.cmp) {
          case comparator::at_least: r = x / t.value; break;
          case comparator::at_most: r = x > 0 ? t.value / x : std::numeric_limits<double>::infinity(); break;
          case comparator::within_band:
            if (x < t.value) r = x / t.value;
            else if (x > t.upper) r = t.upper / x;
            else r = 1.0;
            break;
        }
      }
      r = detail::capped(r, how.cap);
      return std::isinf(r) ? nan : r * how.scale;
    }
    case m::rank:
    case m::borda:
    case m::percentile_rank: {
      const double y = c.orient(x);
      const auto lo_it = std::lower_bound(f.sorted.begin(), f.sorted.end(), y);
      const auto hi_it = std::upper_bound(lo_it, f.sorted.end(), y);
      const auto less = static_cast<double>(lo_it - f.sorted.begin());
      const auto equal = static_cast<double>(hi_it - lo_it);
      double r = less + 1;
      if (how.ties == tie_rule::average && equal > 0) r = less + (equal + 1) / 2;
      if (how.ties == tie_rule::dense) {
        // 1 + number of distinct fitted values below y
        double distinct = 0;
        for (auto it = f.sorted.begin(); it != lo_it; it = std::upper_bound(it, lo_it, *it)) distinct += 1;
        r = distinct + 1;
      }
      if (how.method == m::rank) return r;
      if (how.method == m::borda) return r - 1;
      if (f.constant) return constant_value(how);
      return (r - 1) / static_cast<double>(f.n - 1) * how.scale;
    }
    case m::fraction_of_max:
      if (f.constant) return constant_value(how);
      if (c.dir == direction::higher_is_better) return x / f.raw_max * how.scale;
      return (x > 0 ? f.raw_min / x : nan) * how.scale;
    case m::distance_to_reference:
      if (f.constant) return constant_value(how);
      return detail::capped(1.0 - (f.reference - c.orient(x)) / (f.reference - f.min), how.cap) * how.scale;
    case m::vector:
      if (f.constant) return constant_value(how);
      return (c.dir == direction::higher_is_better ? x / f.norm : 1.0 - x / f.norm) * how.scale;
    case m::sum:
      if (f.constant) return constant_value(how);
      return (c.dir == direction::higher_is_better ? x / f.total : (1.0 / x) / f.total) * how.scale;
  }
  return nan;
}

namespace detail {

/// Linear methods reduce to out = (s x - c) / q * k + d per fitted group: one fused,
/// vectorisable pass. Dividing by the fitted range (or sd) before scaling keeps the fitted
/// minimum and maximum exactly at the ends of the output range: (x - min) * (k / range) would
/// leave rounding residues such as -1e-15 or 100.00000000000001.
struct linear_map {
  double s = 1, c = 0, q = 1, k = 1, d = 0;
};

inline bool linear_coefficients(const normalisation& how, const column_fit& f, const indicator_context& ctx,
                                linear_map& m) {
  if (ctx.dir == direction::target_band || f.constant) return false;
  m.s = ctx.dir == direction::lower_is_better ? -1.0 : 1.0;  // y = s x
  switch (how.method) {
    case normalisation_method::none: m = {m.s, 0.0, 1.0, 1.0, 0.0}; return true;
    case normalisation_method::min_max:
      m = {m.s, f.min, f.max - f.min, how.upper - how.lower, how.lower};
      return true;
    case normalisation_method::efficacy:
      m = {m.s, f.min, f.max - f.min, how.efficacy_span, how.efficacy_floor};
      return true;
    case normalisation_method::z_score: m = {m.s, f.mean, f.sd, how.sd, how.mean}; return true;
    default: return false;
  }
}

/// Whether the linear map of `how` (if it is one) sends every value of the fitted rows to a
/// finite number: the map is monotone in x (each floating-point step is), so the images of the
/// smallest and largest value fitted bound all others. The margin (1e300) leaves room for the
/// other rounding of a contracted multiply-add. Lets the scoring run skip its search for
/// overflows (check_normalised) on columns where none can be.
[[nodiscard]] inline bool linear_image_bounded(const normalisation& how, const column_fit& f,
                                               const indicator_context& c) {
  linear_map lm;
  if (f.n == 0 || !linear_coefficients(how, f, c, lm)) return false;
  auto image = [&lm](double x) { return (lm.s * x - lm.c) / lm.q * lm.k + lm.d; };
  const double a = image(f.raw_min), b = image(f.raw_max);
  return std::abs(a) <= 1e300 && std::abs(b) <= 1e300;
}

}  // namespace detail

/// Normalises rows of one column with fitted parameters: the one dispatch from a method and
/// its options to the arithmetic, used by normalise(), score() and the Python kernels, so
/// that all give the same bits. Linear methods (none, min_max, efficacy, z_score on a
/// non-band indicator) run as one fused pass; the others value by value (apply_value).
/// `rows` selects the rows to write (all `n` when null).
inline void apply_column(const normalisation& how, const column_fit& f, const indicator_context& c,
                         const double* x, double* out, Eigen::Index n,
                         const std::vector<Eigen::Index>* rows = nullptr) {
  detail::linear_map lm;
  if (detail::linear_coefficients(how, f, c, lm)) {
    if (!rows)
      Eigen::Map<Eigen::ArrayXd>(out, n) =
          (Eigen::Map<const Eigen::ArrayXd>(x, n) * lm.s - lm.c) / lm.q * lm.k + lm.d;
    else
      for (Eigen::Index i : *rows) out[i] = (lm.s * x[i] - lm.c) / lm.q * lm.k + lm.d;
  } else if (!rows) {
    for (Eigen::Index i = 0; i < n; ++i) out[i] = apply_value(how, f, c, x[i]);
  } else {
    for (Eigen::Index i : *rows) out[i] = apply_value(how, f, c, x[i]);
  }
}

/// Normalises a whole matrix (units x indicators) in one period, fitting on the same rows.
/// `contexts[j]` describes column j. The convenience entry for small problems and tests; the
/// scoring run (score.hpp) handles periods, fit scopes and diagnostics.
[[nodiscard]] inline Eigen::MatrixXd normalise(const normalisation& how,
                                               const std::vector<indicator_context>& contexts,
                                               const Eigen::Ref<const Eigen::MatrixXd>& x) {
  if (contexts.size() != static_cast<std::size_t>(x.cols()))
    throw recipe_error("normalise.shape", "one indicator context per column is needed");
  Eigen::MatrixXd out(x.rows(), x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const auto& c = contexts[static_cast<std::size_t>(j)];
    const double* col = x.col(j).data();
    const column_fit f = fit_column(how, c, col, nullptr, static_cast<std::size_t>(x.rows()));
    apply_column(how, f, c, col, out.col(j).data(), x.rows());
  }
  return out;
}

}  // namespace tijian
