// SPDX-License-Identifier: MIT
// The annual check over years: how each unit's indicators moved across a multi-year panel
// (periods are years), and whether they reach their targets at the current pace.
//
// Per unit and indicator, over the years with data inside the window [from_year, to_year]
// (default: the first and the last year with data):
//   change        x_last - x_first (the indicator's unit) and 100 (x_last - x_first) / |x_first| (%)
//   CAGR          100 ((x_last / x_first)^(1 / (t_last - t_first)) - 1)  (%/year); needs both
//                 values > 0; 0 when they are equal (COINr get_trends "CAGR")
//   linear trend  OLS of x on the year: slope b (unit/year), its standard error
//                 sqrt(SSR / (n - 2) / Sxx) (n >= 3; NaN for n = 2) and R^2 = 1 - SSR / SST
//                 (NaN when x does not vary); trend_pct = 100 b / (a + b t_first) (%/year),
//                 the slope as a share of the fitted first value (COINr get_trends "prc_change")
//   improvement   direction-aware: the oriented change dy (y = x higher-is-better, -x
//                 lower-is-better, -distance to the band for a target band) against the
//                 relative tolerance: |dy| <= tolerance |x_first| is stable (default 1 %),
//                 dy above it improved, below it worsened
//   projection    to a year Y from the last observed value at the current pace:
//                 linear x_last + b (Y - t_last); CAGR x_last (1 + g)^(Y - t_last)
// Year on year: every pair of consecutive years with data, change in the unit and in %, and its
// improvement. Ranks: per indicator and year, 1 = best along the direction (min ties), within all
// units and within the unit's peer group (a panel group column), with the change from the
// previous year with data (positive = moved up).
//
// With a target profile, per target of the indicator (kinds with a level: at_least, at_most,
// band, progress, change_vs_base; other kinds are not applicable):
//   level T       at_least / at_most / progress: the value; band: the nearer bound (met inside);
//                 change_vs_base: base_value (1 + value / 100)
//   base          the target's base_year, else the profile's start_year, else the first year
//                 with data; its value is the target's base_value, else the data of the base
//                 year, else (no data that year) the first year with data after it, which then
//                 becomes the base year (base_rule says which). A progress target counts work
//                 done from 0. A target year before a stated base year (the target's or the
//                 profile's start year) is an error; a base year taken from late data may be
//                 after the target year and is only reported.
//   progress      share of the required change achieved: (x_last - x_base) / (T - x_base)
//   year met      at the current pace: linear t_last + (T - x_last) / b; CAGR t_last +
//                 ln(T / x_last) / ln(1 + g) (fractional years). Already met: outlook "met";
//                 moving away or flat: "never at this pace"; fewer than two years: "no data".
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "error.hpp"
#include "framework.hpp"
#include "names.hpp"
#include "normalise.hpp"
#include "panel.hpp"
#include "plan_provenance.hpp"
#include "rank.hpp"
#include "targets.hpp"

namespace tijian {

/// Where an indicator went over the window, along its direction.
enum class improvement { improved, stable, worsened, no_data };

template <>
struct enum_names<improvement> {
  static constexpr const char* what = "improvement";
  static constexpr enum_name<improvement> entries[] = {
      {improvement::improved, "improved", "改善", "improved"},
      {improvement::stable, "stable", "基本持平", "stable within tolerance"},
      {improvement::worsened, "worsened", "退步", "worsened"},
      {improvement::no_data, "no_data", "数据不足", "not enough data"},
  };
};

/// Whether a target is reached at the current pace.
enum class pace_outlook { met, will_meet, never, no_data, not_applicable };

template <>
struct enum_names<pace_outlook> {
  static constexpr const char* what = "outlook";
  static constexpr enum_name<pace_outlook> entries[] = {
      {pace_outlook::met, "met", "已达到", "already met"},
      {pace_outlook::will_meet, "will_meet", "按当前速度可达到", "will be met at this pace"},
      {pace_outlook::never, "never", "按当前速度无法达到", "never at this pace"},
      {pace_outlook::no_data, "no_data", "数据不足", "not enough data"},
      {pace_outlook::not_applicable, "not_applicable", "不适用", "not applicable"},
  };
};

/// How a target's base was found (see the top of this file).
enum class base_rule { given, start_year, first_observed, moved_to_data, work_from_zero };

template <>
struct enum_names<base_rule> {
  static constexpr const char* what = "base rule";
  static constexpr enum_name<base_rule> entries[] = {
      {base_rule::given, "given", "目标给定基准", "given by the target"},
      {base_rule::start_year, "start_year", "规划起始年", "the plan's start year"},
      {base_rule::first_observed, "first_observed", "首个有数据年份", "the first year with data"},
      {base_rule::moved_to_data, "moved_to_data", "基准年无数据, 取其后首个有数据年份",
       "no data in the base year: the first year with data after it"},
      {base_rule::work_from_zero, "work_from_zero", "累计工作量从零计", "work counted from zero"},
  };
};

struct trend_options {
  int from_year = 0;        ///< first year of the window; 0 = the first year with data
  int to_year = 0;          ///< last year of the window; 0 = the last year with data
  double tolerance = 0.01;  ///< relative: |oriented change| <= tolerance |x_first| is stable
  int projection_year = 0;  ///< year to project to; 0 = each target's year (none without one)
  std::string group;        ///< panel group column of the peer groups; "" = the first, if any
};

// --- years ------------------------------------------------------------------------------------

namespace detail {

/// The year of a period label that is an integer year ("2023", blanks around allowed); 0 if not.
inline int strict_year(const std::string& label) {
  std::size_t a = 0, b = label.size();
  while (a < b && label[a] == ' ') ++a;
  while (b > a && label[b - 1] == ' ') --b;
  if (b - a != 4) return 0;
  int y = 0;
  for (std::size_t i = a; i < b; ++i) {
    if (label[i] < '0' || label[i] > '9') return 0;
    y = y * 10 + (label[i] - '0');
  }
  return y >= 1000 ? y : 0;
}

}  // namespace detail

/// The year of every row. Throws data_error naming file, line, unit and period:
/// "trend.no_year" for data without a year column, "trend.bad_year" for a label that is not an
/// integer year ("abc", ""; only a panel changed by a program: the readers refuse such periods
/// as data.period and read "2023.0" as 2023),
/// "trend.duplicate_year" for a unit listed twice in one year.
[[nodiscard]] inline std::vector<int> years_of(const panel& p) {
  std::vector<int> years(p.periods.size());
  std::map<std::pair<std::string, int>, std::size_t> seen;
  for (std::size_t r = 0; r < p.periods.size(); ++r) {
    const int y = detail::strict_year(p.periods[r]);
    if (p.periods[r].empty())
      throw data_error(
          "trend.no_year",
          "row has no year; the annual check needs a year column (year, Time, period, 年份) with "
          "one row per unit and year",
          p.where_row(r));
    if (y == 0)
      throw data_error("trend.bad_year",
                       "period '" + p.periods[r] +
                           "' is not an integer year; the annual check needs one row per unit and year "
                           "(2021, 2022, ...)",
                       p.where_row(r));
    auto [it, fresh] = seen.emplace(std::make_pair(p.units[r], y), r);
    if (!fresh) {
      std::string first;
      if (it->second < p.lines.size() && p.lines[it->second] > 0)
        first = " (first at line " + std::to_string(p.lines[it->second]) + ")";
      throw data_error("trend.duplicate_year",
                       "unit appears twice in year " + std::to_string(y) + first +
                           "; keep one row per unit and year",
                       p.where_row(r));
    }
    years[r] = y;
  }
  return years;
}

// --- statistics of one series -------------------------------------------------------------------

/// One unit's values of one indicator: years ascending, values present.
struct series {
  std::vector<int> years;
  std::vector<double> values;
  [[nodiscard]] std::size_t size() const noexcept { return years.size(); }
  [[nodiscard]] bool empty() const noexcept { return years.empty(); }
  /// The value of a year; NaN without one.
  [[nodiscard]] double at(int year) const {
    for (std::size_t k = 0; k < years.size(); ++k)
      if (years[k] == year) return values[k];
    return std::numeric_limits<double>::quiet_NaN();
  }
};

/// OLS of x on the year.
struct linear_fit {
  double slope = std::numeric_limits<double>::quiet_NaN();      ///< per year
  double intercept = std::numeric_limits<double>::quiet_NaN();  ///< at year 0
  double slope_se = std::numeric_limits<double>::quiet_NaN();   ///< n >= 3
  double r2 = std::numeric_limits<double>::quiet_NaN();
  [[nodiscard]] double at(double year) const { return intercept + slope * year; }
};

/// OLS fit of a series (centred sums, so years near 2000 lose no digits). NaN with fewer than
/// two points.
[[nodiscard]] inline linear_fit fit_line(const series& s) {
  linear_fit f;
  const std::size_t n = s.size();
  if (n < 2) return f;
  double mt = 0, mx = 0;
  for (std::size_t k = 0; k < n; ++k) {
    mt += s.years[k];
    mx += s.values[k];
  }
  mt /= static_cast<double>(n);
  mx /= static_cast<double>(n);
  double stt = 0, stx = 0, sxx = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const double dt = s.years[k] - mt, dx = s.values[k] - mx;
    stt += dt * dt;
    stx += dt * dx;
    sxx += dx * dx;
  }
  f.slope = stx / stt;
  f.intercept = mx - f.slope * mt;
  const double ssr = std::max(0.0, sxx - f.slope * stx);
  if (sxx > 0) f.r2 = 1.0 - ssr / sxx;
  if (n >= 3) f.slope_se = std::sqrt(ssr / static_cast<double>(n - 2) / stt);
  return f;
}

/// Compound annual growth rate between two observations, as a fraction per year; NaN unless
/// both values are > 0 and the years differ; 0 for equal values.
[[nodiscard]] inline double cagr(double first, double last, int first_year, int last_year) {
  if (last_year == first_year || !(first > 0) || !(last > 0)) return std::numeric_limits<double>::quiet_NaN();
  if (first == last) return 0.0;
  return std::pow(last / first, 1.0 / static_cast<double>(last_year - first_year)) - 1.0;
}

/// Direction-aware improvement from `before` to `after` with a relative tolerance.
[[nodiscard]] inline improvement improvement_of(const indicator_context& c, double before, double after,
                                                double tolerance) {
  if (std::isnan(before) || std::isnan(after)) return improvement::no_data;
  const double dy = c.orient(after) - c.orient(before);
  double scale = std::abs(before);
  if (scale == 0) scale = std::abs(after);
  if (std::abs(dy) <= tolerance * scale) return improvement::stable;
  return dy > 0 ? improvement::improved : improvement::worsened;
}

// --- targets ------------------------------------------------------------------------------------

/// A target as a level of the indicator, with its base.
struct target_level {
  bool applicable = false;
  double level = std::numeric_limits<double>::quiet_NaN();  ///< T in the indicator's unit
  double lower = std::numeric_limits<double>::quiet_NaN();  ///< band bounds
  double upper = std::numeric_limits<double>::quiet_NaN();
  int base_year = 0;
  double base_value = std::numeric_limits<double>::quiet_NaN();
  base_rule rule = base_rule::first_observed;

  /// Whether x meets the target (inclusive, except for exclusive at_least / at_most).
  bool exclusive = false;
  target_kind kind = target_kind::at_least;
  [[nodiscard]] bool meets(double x) const {
    if (std::isnan(x) || !applicable) return false;
    switch (kind) {
      case target_kind::band: return x >= lower && x <= upper;
      case target_kind::at_most: return exclusive ? x < level : x <= level;
      case target_kind::change_vs_base: return level >= base_value ? x >= level : x <= level;
      default: return exclusive ? x > level : x >= level;
    }
  }
  /// The level x must reach from where it is (the nearer band bound).
  [[nodiscard]] double goal_from(double x) const {
    if (kind != target_kind::band) return level;
    return x < lower ? lower : upper;
  }
};

/// The level and base of a target for one unit's series (rule at the top of this file).
/// Throws framework_error "trend.target_before_base" naming the target's file and line, the
/// unit and the indicator when the target year is before the base year.
[[nodiscard]] inline target_level level_of(const profile_target& t, const target_profile& profile,
                                           const series& s, const std::string& unit) {
  target_level L;
  L.kind = t.kind;
  L.exclusive = t.exclusive;
  switch (t.kind) {
    case target_kind::at_least:
    case target_kind::at_most:
    case target_kind::progress:
    case target_kind::change_vs_base: L.level = t.value; break;
    case target_kind::band:
      L.lower = t.value;
      L.upper = t.upper;
      L.level = t.value;
      break;
    case target_kind::approximately:  // 左右: the band its tolerance allows
      L.kind = target_kind::band;
      L.lower = t.value - t.tolerance;
      L.upper = t.value + t.tolerance;
      L.level = t.value;
      break;
    default: return L;  // yes_no, year-on-year and kinds without a level
  }
  // work counted per year (work = "annual") is a sum, not a level that moves: not projected here
  if (t.kind == target_kind::progress && t.work == work_data::annual) return L;
  L.applicable = true;
  // the base year the target or the plan states; after the target year it is an error (a
  // base taken from late data may fall after it and is only reported)
  const bool work = t.kind == target_kind::progress && std::isnan(t.base_value);
  const int stated = work ? (t.start_year != 0 ? t.start_year : profile.start_year)
                          : (t.base_year != 0 ? t.base_year : profile.start_year);
  if (t.year != 0 && stated != 0 && t.year < stated) {
    location l = t.where;
    if (l.file.empty()) l.file = profile.file;
    l.indicator = t.indicator;
    l.unit = unit;
    throw framework_error("trend.target_before_base",
                          "target year " + std::to_string(t.year) + " is before its base year " +
                              std::to_string(stated) +
                              "; fix the target's year, base_year or the profile's start_year",
                          l);
  }
  L.base_year = stated;
  if (work) {
    L.base_value = 0.0;
    L.rule = base_rule::work_from_zero;
  } else {
    L.rule = t.base_year != 0 ? base_rule::given : base_rule::start_year;
    if (L.base_year == 0) {
      L.rule = base_rule::first_observed;
      if (!s.empty()) L.base_year = s.years.front();
    }
    if (!std::isnan(t.base_value)) {
      L.base_value = t.base_value;
      L.rule = base_rule::given;
    } else if (L.base_year != 0) {
      L.base_value = s.at(L.base_year);
      if (std::isnan(L.base_value)) {
        for (std::size_t k = 0; k < s.size(); ++k)
          if (s.years[k] > L.base_year) {
            L.base_year = s.years[k];
            L.base_value = s.values[k];
            L.rule = base_rule::moved_to_data;
            break;
          }
      }
    }
  }
  if (t.kind == target_kind::change_vs_base) L.level = L.base_value * (1.0 + t.value / 100.0);
  return L;
}

/// When x, moving from `x_last` in `last_year` at `slope` per year (linear) or by `growth` per
/// year (compound), reaches `goal`: the fractional year, or NaN when it moves away or stays.
[[nodiscard]] inline double year_linear(double goal, double x_last, int last_year, double slope) {
  const double dt = (goal - x_last) / slope;
  return std::isfinite(dt) && dt > 0 ? last_year + dt : std::numeric_limits<double>::quiet_NaN();
}
[[nodiscard]] inline double year_compound(double goal, double x_last, int last_year, double growth) {
  if (!(goal > 0) || !(x_last > 0) || !(growth > -1) || growth == 0)
    return std::numeric_limits<double>::quiet_NaN();
  const double dt = std::log(goal / x_last) / std::log1p(growth);
  return std::isfinite(dt) && dt > 0 ? last_year + dt : std::numeric_limits<double>::quiet_NaN();
}

// --- the result ---------------------------------------------------------------------------------

/// One unit and indicator over the window (and one target, when the profile has some).
struct indicator_trend {
  std::string unit, unit_name, indicator, measure;  ///< measure: the indicator's unit
  int first_year = 0, last_year = 0;
  std::size_t years = 0;  ///< years with data in the window
  double first_value = std::numeric_limits<double>::quiet_NaN();
  double last_value = std::numeric_limits<double>::quiet_NaN();
  double change = std::numeric_limits<double>::quiet_NaN();      ///< indicator unit
  double change_pct = std::numeric_limits<double>::quiet_NaN();  ///< %
  double cagr_pct = std::numeric_limits<double>::quiet_NaN();    ///< %/year
  linear_fit line;
  double trend_pct = std::numeric_limits<double>::quiet_NaN();  ///< %/year (COINr prc_change)
  improvement trend = improvement::no_data;
  int projection_year = 0;
  double projected_linear = std::numeric_limits<double>::quiet_NaN();
  double projected_cagr = std::numeric_limits<double>::quiet_NaN();
  // the target (target_index < 0: none)
  std::ptrdiff_t target_index = -1;
  std::string target_text;
  std::optional<target_kind> kind;
  int target_year = 0;
  target_level goal;
  double progress = std::numeric_limits<double>::quiet_NaN();  ///< ratio of the required change
  pace_outlook outlook_linear = pace_outlook::not_applicable, outlook_cagr = pace_outlook::not_applicable;
  double year_met_linear = std::numeric_limits<double>::quiet_NaN();
  double year_met_cagr = std::numeric_limits<double>::quiet_NaN();
};

/// Change between two consecutive years with data.
struct yearly_change {
  std::string unit, unit_name, indicator, measure;
  int year = 0, previous_year = 0;
  double value = 0, previous_value = 0;
  double change = 0;                                             ///< indicator unit
  double change_pct = std::numeric_limits<double>::quiet_NaN();  ///< %
  improvement direction = improvement::no_data;
};

/// Rank of a unit's indicator value in one year, overall and in its peer group.
struct yearly_rank {
  std::string unit, unit_name, indicator, measure, group;
  int year = 0;
  double value = 0;
  int rank = 0, ranked = 0;        ///< 1 = best; units with data that year
  std::optional<int> rank_change;  ///< previous year with data minus this year (> 0: moved up)
  int group_rank = 0, group_ranked = 0;
  std::optional<int> group_rank_change;
};

struct trend_report {
  plan_provenance origin;  ///< library version, framework, profile (if any) and data
  trend_options options;
  std::string group_column;  ///< the group column used ("" = none)
  std::vector<indicator_trend> trends;
  std::vector<yearly_change> changes;
  std::vector<yearly_rank> ranks;
};

namespace detail {

/// Ranks (1 = best along the direction, min ties) of `values` (NaN left out) in `out`.
inline void rank_best_first(const indicator_context& c, const std::vector<double>& values,
                            std::vector<int>& out) {
  Eigen::VectorXd y(static_cast<Eigen::Index>(values.size()));
  for (std::size_t k = 0; k < values.size(); ++k) y[static_cast<Eigen::Index>(k)] = c.orient(values[k]) + 0.0;
  const Eigen::VectorXd r = rank(y, tie_rule::min, rank_order::highest_first);
  out.resize(values.size());
  for (std::size_t k = 0; k < values.size(); ++k) out[k] = static_cast<int>(r[static_cast<Eigen::Index>(k)]);
}

}  // namespace detail

/// The annual check over years of every framework indicator in the panel (columns the framework
/// does not know are left out), with the targets of `profile` when given. Throws data_error for
/// bad years (years_of), framework_error for a target year before its base year, recipe_error for
/// a window with from_year > to_year, a negative tolerance or an unknown group column.
[[nodiscard]] inline trend_report trend(const framework& fw, const panel& data,
                                        const target_profile* profile = nullptr,
                                        const trend_options& opt = {}) {
  data.validate();
  if (opt.from_year != 0 && opt.to_year != 0 && opt.from_year > opt.to_year)
    throw recipe_error("trend.window", "from_year " + std::to_string(opt.from_year) + " is after to_year " +
                                           std::to_string(opt.to_year));
  if (!(opt.tolerance >= 0) || !std::isfinite(opt.tolerance))
    throw recipe_error("trend.tolerance", "tolerance is a relative share >= 0 (0.01 = 1 %)");
  if (profile) validate_profile(*profile, fw);
  const std::vector<int> years = years_of(data);
  trend_report out;
  out.origin = provenance_of(fw, profile, data);
  out.options = opt;
  const std::vector<std::string>* group = nullptr;
  if (!opt.group.empty()) {
    for (const auto& g : data.groups)
      if (g.first == opt.group) group = &g.second;
    if (!group)
      throw recipe_error("trend.group", "no group column '" + opt.group + "' in the data",
                         location{data.source, 0, 0, {}, {}, opt.group, {}});
    out.group_column = opt.group;
  } else if (!data.groups.empty()) {
    group = &data.groups.front().second;
    out.group_column = data.groups.front().first;
  }
  auto in_window = [&](int y) {
    return (opt.from_year == 0 || y >= opt.from_year) && (opt.to_year == 0 || y <= opt.to_year);
  };
  // units in order of first appearance, and their rows by year
  std::vector<std::string> units;
  std::map<std::string, std::size_t> unit_pos;
  std::vector<std::vector<std::pair<int, Eigen::Index>>> rows_of_unit;
  std::vector<std::string> names;
  for (std::size_t r = 0; r < data.units.size(); ++r) {
    auto [it, fresh] = unit_pos.emplace(data.units[r], units.size());
    if (fresh) {
      units.push_back(data.units[r]);
      names.push_back(r < data.unit_names.size() ? data.unit_names[r] : std::string());
      rows_of_unit.emplace_back();
    }
    if (in_window(years[r])) rows_of_unit[it->second].emplace_back(years[r], static_cast<Eigen::Index>(r));
  }
  for (auto& v : rows_of_unit) std::sort(v.begin(), v.end());

  for (std::size_t leaf : fw.leaves()) {
    const node_spec& node = fw.node(leaf);
    const Eigen::Index col = data.column(node.code);
    if (col < 0) continue;
    const indicator_context ctx = indicator_context::of(node);
    const auto targets = profile ? profile->targets_of(node.code) : std::vector<const profile_target*>{};
    for (std::size_t u = 0; u < units.size(); ++u) {
      series s;
      for (const auto& [y, r] : rows_of_unit[u]) {
        const double x = data.values(r, col);
        if (std::isnan(x)) continue;
        s.years.push_back(y);
        s.values.push_back(x);
      }
      // year on year
      for (std::size_t k = 1; k < s.size(); ++k) {
        yearly_change c;
        c.unit = units[u];
        c.unit_name = names[u];
        c.indicator = node.code;
        c.measure = node.unit;
        c.year = s.years[k];
        c.previous_year = s.years[k - 1];
        c.value = s.values[k];
        c.previous_value = s.values[k - 1];
        c.change = c.value - c.previous_value;
        if (c.previous_value != 0) c.change_pct = 100.0 * c.change / std::abs(c.previous_value);
        c.direction = improvement_of(ctx, c.previous_value, c.value, opt.tolerance);
        out.changes.push_back(std::move(c));
      }
      indicator_trend base;
      base.unit = units[u];
      base.unit_name = names[u];
      base.indicator = node.code;
      base.measure = node.unit;
      base.years = s.size();
      if (!s.empty()) {
        base.first_year = s.years.front();
        base.last_year = s.years.back();
        base.first_value = s.values.front();
        base.last_value = s.values.back();
      }
      const double g = s.size() >= 2
                           ? cagr(base.first_value, base.last_value, base.first_year, base.last_year)
                           : std::numeric_limits<double>::quiet_NaN();
      if (s.size() >= 2) {
        base.change = base.last_value - base.first_value;
        if (base.first_value != 0) base.change_pct = 100.0 * base.change / std::abs(base.first_value);
        base.cagr_pct = 100.0 * g;
        base.line = fit_line(s);
        const double fitted_first = base.line.at(base.first_year);
        if (fitted_first != 0) base.trend_pct = 100.0 * base.line.slope / fitted_first;
        base.trend = improvement_of(ctx, base.first_value, base.last_value, opt.tolerance);
      }
      auto project = [&](indicator_trend& t, int year) {
        t.projection_year = year;
        if (year == 0 || s.size() < 2) return;
        t.projected_linear = t.last_value + t.line.slope * (year - t.last_year);
        if (std::isfinite(g)) t.projected_cagr = t.last_value * std::pow(1.0 + g, year - t.last_year);
      };
      if (targets.empty()) {
        project(base, opt.projection_year);
        out.trends.push_back(std::move(base));
        continue;
      }
      for (const profile_target* pt : targets) {
        indicator_trend t = base;
        t.target_index = pt - profile->targets.data();
        t.target_text = pt->describe();
        t.kind = pt->kind;
        t.target_year = pt->year;
        t.goal = level_of(*pt, *profile, s, units[u]);
        project(t, opt.projection_year != 0 ? opt.projection_year : pt->year);
        if (!t.goal.applicable) {
          out.trends.push_back(std::move(t));
          continue;
        }
        if (s.empty()) {
          t.outlook_linear = t.outlook_cagr = pace_outlook::no_data;
          out.trends.push_back(std::move(t));
          continue;
        }
        const double goal = t.goal.goal_from(t.last_value);
        if (!std::isnan(t.goal.base_value) && goal != t.goal.base_value)
          t.progress = (t.last_value - t.goal.base_value) / (goal - t.goal.base_value);
        if (t.goal.meets(t.last_value)) {
          t.outlook_linear = t.outlook_cagr = pace_outlook::met;
        } else if (s.size() < 2) {
          t.outlook_linear = t.outlook_cagr = pace_outlook::no_data;
        } else {
          t.year_met_linear = year_linear(goal, t.last_value, t.last_year, t.line.slope);
          t.year_met_cagr = year_compound(goal, t.last_value, t.last_year, g);
          t.outlook_linear = std::isnan(t.year_met_linear) ? pace_outlook::never : pace_outlook::will_meet;
          t.outlook_cagr = std::isnan(t.year_met_cagr) ? pace_outlook::never : pace_outlook::will_meet;
        }
        out.trends.push_back(std::move(t));
      }
    }
    // ranks per year, overall and within the peer group
    std::map<int, std::vector<std::pair<std::size_t, Eigen::Index>>> by_year;  // year -> (unit, row)
    for (std::size_t u = 0; u < units.size(); ++u)
      for (const auto& [y, r] : rows_of_unit[u])
        if (!std::isnan(data.values(r, col))) by_year[y].emplace_back(u, r);
    std::map<std::size_t, std::pair<int, int>> last_rank;  // unit -> (rank, group rank)
    for (const auto& [y, list] : by_year) {
      std::vector<double> v;
      for (const auto& e : list) v.push_back(data.values(e.second, col));
      std::vector<int> rk;
      detail::rank_best_first(ctx, v, rk);
      // group ranks
      std::vector<int> grk(list.size(), 0), gn(list.size(), 0);
      if (group) {
        std::map<std::string, std::vector<std::size_t>> members;
        for (std::size_t k = 0; k < list.size(); ++k)
          members[(*group)[static_cast<std::size_t>(list[k].second)]].push_back(k);
        for (const auto& [label, ks] : members) {
          std::vector<double> gv;
          for (std::size_t k : ks) gv.push_back(v[k]);
          std::vector<int> r;
          detail::rank_best_first(ctx, gv, r);
          for (std::size_t m = 0; m < ks.size(); ++m) {
            grk[ks[m]] = r[m];
            gn[ks[m]] = static_cast<int>(ks.size());
          }
        }
      }
      for (std::size_t k = 0; k < list.size(); ++k) {
        yearly_rank e;
        const std::size_t u = list[k].first;
        e.unit = units[u];
        e.unit_name = names[u];
        e.indicator = node.code;
        e.measure = node.unit;
        e.year = y;
        e.value = v[k];
        e.rank = rk[k];
        e.ranked = static_cast<int>(list.size());
        if (group) {
          e.group = (*group)[static_cast<std::size_t>(list[k].second)];
          e.group_rank = grk[k];
          e.group_ranked = gn[k];
        }
        auto it = last_rank.find(u);
        if (it != last_rank.end()) {
          e.rank_change = it->second.first - e.rank;
          if (group) e.group_rank_change = it->second.second - e.group_rank;
        }
        last_rank[u] = {e.rank, e.group_rank};
        out.ranks.push_back(std::move(e));
      }
    }
  }
  return out;
}

}  // namespace tijian
