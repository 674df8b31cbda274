// SPDX-License-Identifier: MIT
// The health check (城市体检): a city's indicator values checked against a plan's targets,
// every year, by the city itself (自体检) or by a third party (第三方体检), and turned into a
// problem list (问题清单). One entry:
//
//   check_result check(const framework&, const panel&, const target_profile&,
//                      const check_options& = {});
//
// It checks one period of the panel (the latest by default) for every unit in it and returns
// plain tables (vectors of structs, one struct per row, ready to become data frames):
//
//   status        one row per unit x target (and, unless switched off, per unit x indicator
//                 without a target: not_applicable): the value, the target, the state on the
//                 plan's schedule, the achievement ratio, the gaps, grade and traffic light
//   achievement   one row per unit x top-level dimension (every dimension, also those without
//                 targets), plus one overall row per unit: counts by state, 达标率 over due
//                 targets and 进度达标率 over targets not yet due (each with its denominator),
//                 an achievement index (for radar plots), bottom-line failures, a traffic light
//   problems      the problem list: missed, bottom lines breached, behind schedule, weak, in
//                 that order, with a dimensionless severity
//   obstacles     obstacle degree of every targeted indicator (obstacle.hpp, target-based
//                 deviation I = 1 - min(achievement, 1)), and per dimension
//
// States (check_status): every target gets one, true to the plan's schedule
//   met              the value satisfies the target (also before the target year: reached early)
//   on_track         not yet due, not reached, and at or ahead of its trajectory this year
//   behind_schedule  not yet due and behind its trajectory (trajectory_gap says by how much)
//   missed           due (the checked period is in or after the target year, the target has no
//                    year, it is a year-on-year or every-year kind, or options.strict) and not met
//   not_yet_due      not yet due, not reached, and the pace cannot be judged: no base value (give
//                    base_value, or data for the base year) or a yes/no target (no intermediate
//                    schedule); `note` says which
//   no_data          the value is missing (no column, empty cell, no row), or a second value the
//                    kind needs is (the previous year, the base-year value, a year of annual work),
//                    or a yes/no value is neither 0 nor 1; `note` says which
//   not_applicable   the profile has no target for the indicator
// Lights come from the state: met and on_track green, behind_schedule yellow, missed red, none
// otherwise (a missing cell, not a category).
//
// Schedule (进度) of a target that moves toward a level (targets.hpp has_trajectory()): the
// trajectory is piecewise linear through (start, base), the plan's milestones and (target
// year, target), where start = the target's base_year, else its start_year, else the
// profile's start_year, else the unit's first year in the data before the checked one; base =
// base_value, else the unit's value in the start year; for progress targets the base is 0 work,
// for change_vs_base 0 % change. `trajectory` is the trajectory's value in the checked year;
// `trajectory_gap` = trajectory - value for higher-is-better (value - trajectory otherwise),
// > 0 = behind, in the indicator's unit (percentage points for change_vs_base);
//   progress = (x - base) / (target - base)     (work done / total for progress,
//                                                achieved / required change for change_vs_base)
//   expected = (trajectory - base) / (target - base)  (= the share of the plan period gone by
//                                                     when there are no milestones)
// Bands and approximately targets move toward the bound the value is outside of.
//
// 达标率 (achievement rate) = due targets met / due targets with data (`due`); 进度达标率
// (schedule rate) = not-yet-due targets met early or on track / not-yet-due targets whose pace is
// judged (`not_due`). Each is reported with its denominator and is missing (not 0) when the
// denominator is 0: at the start of a plan no target is due and 达标率 is not defined.
//
// Achievement ratio (targets.hpp table), capped at options.cap (1, or 1.2 to show 超额完成) and
// floored at 0. Gap: the shortfall to the target in the indicator's unit (positive = missed;
// zero or negative = met, with the margin), percentage points for change_vs_base.
//
// Grade: options.bands are increasing achievement thresholds; the ratio's band gives the grade
// (options.grade_labels_zh / _en; the top band needs the target met). Bottom lines (底线: the
// profile's bottom_line targets, quoted from the plan, and the framework's bottom_line
// indicators) that are missed, or not met before they are due, are flagged
// (bottom_line_failure) and turn their dimension's light red. A dimension's light: the share of
// its judged targets (met, on track, behind, missed) that are met or on track, through the
// bands (green needs all of them).
//
// Problem list (problems), per unit, in this order of groups:
//   missed              a due target not met
//   bottom_line_breach  a bottom line not met before its target year
//   behind_schedule     not yet due and behind its trajectory
//   weak                not_yet_due (pace unknown) with achievement below options.weak_below
//   bottom_k            (options.bottom_k > 0) an indicator without a target whose normalised
//                       value (min-max across the checked units, direction-aware) is among the
//                       unit's k lowest and below 0.5; needs at least two units
// Within a group: bottom lines first, then severity descending, then indicator code, then
// target. severity = relative_gap, dimensionless:
//   missed, bottom_line_breach  shortfall / |target value| (the violated bound for bands, the
//                               previous value for year-on-year kinds, the total for
//                               progress, the required change for change_vs_base; 1 for yes/no;
//                               for every-year kinds the largest relative move the wrong way)
//   behind_schedule             trajectory_gap / |target - base| (the share of the plan's
//                               required change that is late)
//   weak                        1 - achievement
//   bottom_k                    1 - normalised value
// The weight is shown but not multiplied in: gaps of different indicators are compared as
// shares of their own targets. `rank` numbers the problems of a unit from 1.
//
// The composite green-city score is in composite.hpp; the result tables in check_tables.hpp.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "data_columns.hpp"
#include "error.hpp"
#include "framework.hpp"
#include "names.hpp"
#include "normalise.hpp"
#include "obstacle.hpp"
#include "panel.hpp"
#include "plan_provenance.hpp"
#include "rank.hpp"
#include "recipe.hpp"
#include "result.hpp"
#include "score.hpp"
#include "targets.hpp"
#include "version.hpp"

namespace tijian {

/// The state of a target in the checked period, on the plan's schedule.
enum class check_status { met, on_track, behind_schedule, missed, not_yet_due, no_data, not_applicable };
enum class traffic_light { none, green, yellow, red };
enum class problem_reason { missed, bottom_line_breach, behind_schedule, weak, bottom_k };

template <>
struct enum_names<check_status> {
  static constexpr const char* what = "check status";
  static constexpr enum_name<check_status> entries[] = {
      {check_status::met, "met", "达标", "met"},
      {check_status::on_track, "on_track", "进度正常", "on track"},
      {check_status::behind_schedule, "behind_schedule", "进度滞后", "behind schedule"},
      {check_status::missed, "missed", "未达标", "missed"},
      {check_status::not_yet_due, "not_yet_due", "未到期（进度无法判断）", "not yet due (pace unknown)"},
      {check_status::no_data, "no_data", "无数据", "no data"},
      {check_status::not_applicable, "not_applicable", "不适用", "not applicable"},
  };
  static constexpr enum_alias<check_status> aliases[] = {{"not_met", check_status::missed}};
};
template <>
struct enum_names<traffic_light> {
  static constexpr const char* what = "traffic light";
  static constexpr enum_name<traffic_light> entries[] = {
      {traffic_light::none, "none", "无", "none"},
      {traffic_light::green, "green", "绿", "green"},
      {traffic_light::yellow, "yellow", "黄", "yellow"},
      {traffic_light::red, "red", "红", "red"},
  };
};
template <>
struct enum_names<problem_reason> {
  static constexpr const char* what = "problem reason";
  static constexpr enum_name<problem_reason> entries[] = {
      {problem_reason::missed, "missed", "到期未达标", "missed"},
      {problem_reason::bottom_line_breach, "bottom_line_breach", "底线未守住", "bottom line breached"},
      {problem_reason::behind_schedule, "behind_schedule", "进度滞后", "behind schedule"},
      {problem_reason::weak, "weak", "完成度偏低", "weak"},
      {problem_reason::bottom_k, "bottom_k", "相对短板", "relative weakness"},
  };
  static constexpr enum_alias<problem_reason> aliases[] = {{"not_met", problem_reason::missed}};
};

struct check_options {
  std::string period;                      ///< period to check; empty = the latest period in the data
  bool strict = false;                     ///< every target is due whatever its year (no schedule states)
  double cap = 1.0;                        ///< upper cap of achievement ratios (1.2 shows over-achievement)
  std::vector<double> bands = {0.9, 1.0};  ///< increasing achievement thresholds
  std::vector<std::string> grade_labels_zh = {"不足", "中等", "优良"};  ///< bands.size() + 1
  std::vector<std::string> grade_labels_en = {"weak", "fair", "good"};
  double weak_below = 0.8;             ///< not_yet_due targets (pace unknown) below this are weak
  std::size_t bottom_k = 0;            ///< > 0: list each unit's k weakest untargeted indicators
  bool include_not_applicable = true;  ///< status rows for indicators without a target
  std::vector<std::string> units;      ///< check only these units (empty = all)
  /// Weight of an indicator shown in the problem list and used in the obstacle degree, by code,
  /// instead of its effective weight in the framework (e.g. a scoring run's data-driven weights).
  std::map<std::string, double> weights;
  obstacle_options obstacles;  ///< factor contribution and scaling of the obstacle table

  /// Throws recipe_error "check.options" for an invalid choice.
  void validate() const {
    auto bad = [](const std::string& m) { throw recipe_error("check.options", m); };
    if (!(cap > 0) || !std::isfinite(cap)) bad("cap must be a positive number (1 or 1.2)");
    if (bands.empty()) bad("bands needs at least one threshold");
    for (std::size_t k = 0; k < bands.size(); ++k) {
      if (!std::isfinite(bands[k])) bad("band thresholds must be finite");
      if (k > 0 && !(bands[k] > bands[k - 1])) bad("band thresholds must increase strictly");
    }
    if (grade_labels_zh.size() != bands.size() + 1 || grade_labels_en.size() != bands.size() + 1)
      bad("grade labels need one more entry than band thresholds (" + std::to_string(bands.size() + 1) + ")");
    for (const auto& [code, w] : weights)
      if (!std::isfinite(w) || w < 0) bad("weight of '" + code + "' must be >= 0");
  }
};

/// One unit x target (or unit x untargeted indicator).
struct check_row {
  std::string unit, unit_name, period;
  std::string target_id;                             ///< the target's id in the profile
  std::string dimension;                             ///< top-level dimension code
  std::string indicator, name_zh, name_en, measure;  ///< measure = the indicator's unit
  int target = -1;                                   ///< index into the profile's targets; -1 = no target
  target_kind kind = target_kind::at_least;
  bool exclusive = false;
  double target_value = std::numeric_limits<double>::quiet_NaN();
  double target_upper = std::numeric_limits<double>::quiet_NaN();
  int target_year = 0;
  int base_year = 0;
  double value = std::numeric_limits<double>::quiet_NaN();      ///< x in the checked period
  double reference = std::numeric_limits<double>::quiet_NaN();  ///< previous / base value
  std::string reference_period;                                 ///< period of `reference`
  double change = std::numeric_limits<double>::quiet_NaN();     ///< % change vs the reference
  check_status status = check_status::not_applicable;
  bool due = true;
  int schedule_start = 0;  ///< the year the schedule starts from (0 = unknown)
  double trajectory = std::numeric_limits<double>::quiet_NaN();      ///< where the plan expects the value now
  double trajectory_gap = std::numeric_limits<double>::quiet_NaN();  ///< > 0: behind the trajectory
  double achievement = std::numeric_limits<double>::quiet_NaN();     ///< capped ratio
  double gap = std::numeric_limits<double>::quiet_NaN();
  double relative_gap = std::numeric_limits<double>::quiet_NaN();
  double progress = std::numeric_limits<double>::quiet_NaN();
  double expected = std::numeric_limits<double>::quiet_NaN();
  int on_track = -1;  ///< 1 on schedule (or met), 0 behind, -1 unknown
  int grade = -1;     ///< band index (grade_labels), -1 without a ratio
  traffic_light light = traffic_light::none;
  bool bottom_line = false;          ///< a bottom line (底线): the plan's target, or the framework's type
  bool bottom_line_failure = false;  ///< ... and the value breaches it (missed, or not met before it is due)
  double weight = 0;                 ///< effective weight (or options.weights): shown, not in severity
  std::string source;                ///< the target's source (seed file and section)
  std::string quote;                 ///< the plan's words
  std::string note;                  ///< why no data, how a kind was judged, or the plan's wording
  std::string note_zh;               ///< the same in Chinese
};

/// Per unit and top-level dimension (overall: dimension = the root's code).
struct achievement_row {
  std::string unit, unit_name, period;
  std::string dimension;
  bool overall = false;
  std::size_t targets = 0, met = 0, on_track = 0, behind_schedule = 0, missed = 0, not_yet_due = 0,
              no_data = 0;
  std::size_t due = 0;      ///< due targets with data: met + missed among them
  std::size_t due_met = 0;  ///< ... of which met
  std::size_t not_due = 0;  ///< targets not yet due whose pace is judged: met early + on track + behind
  std::size_t not_due_on_schedule = 0;                     ///< ... met early or on track
  double rate = std::numeric_limits<double>::quiet_NaN();  ///< 达标率 = due_met / due
  double schedule_rate =
      std::numeric_limits<double>::quiet_NaN();  ///< 进度达标率 = not_due_on_schedule / not_due
  double index = std::numeric_limits<double>::quiet_NaN();  ///< weighted mean achievement
  std::size_t bottom_line_failures = 0;
  traffic_light light = traffic_light::none;
};

struct problem {
  std::size_t rank = 0;  ///< 1-based within the unit
  std::string unit, unit_name, period;
  std::string dimension, indicator, name_zh, name_en, measure;
  problem_reason reason = problem_reason::missed;
  check_status status = check_status::not_applicable;  ///< the state of the target (bottom_k: none)
  bool bottom_line = false;
  double value = std::numeric_limits<double>::quiet_NaN();
  int target = -1;             ///< index into the profile's targets; -1 for bottom_k
  std::string target_id;       ///< the target's id in the profile
  std::string target_text;     ///< readable target, English
  std::string target_text_zh;  ///< readable target, Chinese
  double trajectory = std::numeric_limits<double>::quiet_NaN();  ///< behind_schedule: where it should be
  double gap = std::numeric_limits<double>::quiet_NaN();
  double relative_gap = std::numeric_limits<double>::quiet_NaN();
  double weight = 0;
  double severity = 0;  ///< = relative_gap (dimensionless; see the top of this file)
  std::string source, quote;
  std::size_t status_row = static_cast<std::size_t>(-1);  ///< index into status, or npos
};

struct obstacle_row {
  std::string unit, unit_name, period, dimension, indicator;
  double factor = 0, deviation = 0, degree = 0;  ///< F, I, O (percent)
  std::size_t rank = 0;                          ///< 1 = largest obstacle of the unit
};

struct obstacle_dimension_row {
  std::string unit, unit_name, period, dimension;
  double degree = 0;  ///< U (percent)
};

struct check_result {
  tijian::framework framework;
  target_profile profile;
  std::string period;
  int period_year = 0;  ///< 0 when the period is not a year
  std::vector<check_row> status;
  std::vector<achievement_row> achievement;
  std::vector<problem> problems;
  std::vector<obstacle_row> obstacles;
  std::vector<obstacle_dimension_row> obstacle_dimensions;
  std::vector<diagnostic> diagnostics;
  check_options options;
  plan_provenance origin;  ///< library version, framework, profile and data hashes and sources

  [[nodiscard]] std::string grade_label(int grade, bool chinese = true) const {
    const auto& labels = chinese ? options.grade_labels_zh : options.grade_labels_en;
    if (grade < 0 || static_cast<std::size_t>(grade) >= labels.size()) return {};
    return labels[static_cast<std::size_t>(grade)];
  }
  /// Units checked, in data order.
  [[nodiscard]] std::vector<std::string> units() const {
    std::vector<std::string> out;
    for (const auto& a : achievement)
      if (a.overall) out.push_back(a.unit);
    return out;
  }
};

namespace detail {

struct band_verdict {
  int grade = -1;
  traffic_light light = traffic_light::none;
};

inline band_verdict band_of(double ratio, bool met, const std::vector<double>& bands) {
  band_verdict v;
  if (std::isnan(ratio)) return v;
  int k = 0;
  const int top = static_cast<int>(bands.size());
  while (k < top && ratio >= bands[static_cast<std::size_t>(k)]) ++k;
  if (!met && k == top) k = top - 1;  // the top band needs the target met
  v.grade = k;
  v.light = k == 0 ? traffic_light::red : (k == top ? traffic_light::green : traffic_light::yellow);
  return v;
}

/// The value of a unit's series at every year from `from` to `to` (inclusive) that the data has,
/// in year order: (year, value) pairs, missing values left out.
inline std::vector<std::pair<int, double>> yearly_values(const panel& data, const panel_index& ix,
                                                         Eigen::Index col, const std::string& unit, int from,
                                                         int to) {
  std::vector<std::pair<int, double>> out;
  for (const auto& p : ix.periods) {
    const int y = period_year(p);
    if (y == 0 || y < from || y > to) continue;
    const double v = value_at(data, ix, col, unit, p);
    if (!std::isnan(v)) out.emplace_back(y, v);
  }
  return out;
}

/// The trajectory value at `year`: piecewise linear through the points (year-sorted); before
/// the first point, the first point's value; at or after the last, the last's.
inline double trajectory_at(const std::vector<std::pair<int, double>>& pts, int year) {
  if (pts.empty()) return std::numeric_limits<double>::quiet_NaN();
  if (year <= pts.front().first) return pts.front().second;
  for (std::size_t k = 1; k < pts.size(); ++k)
    if (year <= pts[k].first) {
      const auto& [y0, v0] = pts[k - 1];
      const auto& [y1, v1] = pts[k];
      return v0 + (v1 - v0) * static_cast<double>(year - y0) / static_cast<double>(y1 - y0);
    }
  return pts.back().second;
}

inline traffic_light light_of(check_status s) {
  switch (s) {
    case check_status::met:
    case check_status::on_track: return traffic_light::green;
    case check_status::behind_schedule: return traffic_light::yellow;
    case check_status::missed: return traffic_light::red;
    default: return traffic_light::none;
  }
}

/// Evaluates one target for one value. `row` comes in with the target fields and value set.
inline void evaluate_target(check_row& row, const profile_target& t, const target_profile& prof,
                            const panel& data, const panel_index& ix, Eigen::Index col, int py,
                            const check_options& o) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  row.due = o.strict || !t.needs_target_year() || t.year == 0 || py == 0 || py >= t.year;
  auto finish_no_data = [&](const std::string& why, const std::string& why_zh) {
    row.status = check_status::no_data;
    if (row.note.empty()) {
      row.note = why;
      row.note_zh = why_zh;
    }
  };
  const std::string base_year_text = std::to_string(t.base_year);
  // the schedule's start: the plan's base year, else the first year of the unit in the data
  int start = t.schedule_start(prof.start_year);
  if (start == 0 && py != 0) {
    const auto first = yearly_values(data, ix, col, row.unit, 0, py);
    if (!first.empty() && first.front().first < py) start = first.front().first;
  }
  row.schedule_start = start;

  // progress with annual data: the work done is the sum of the years since the start
  if (t.kind == target_kind::progress && t.work == work_data::annual && !std::isnan(row.value)) {
    if (start == 0 || py == 0) {
      finish_no_data("annual work is summed from the start year: give start_year or base_year in the profile",
                     "年度工作量自起始年份起累加: 请在目标中给出 start_year 或 base_year");
      return;
    }
    double sum = 0;
    std::string missing;
    for (int y = start; y <= py; ++y) {
      const std::string p = period_of_year(ix, y);
      const double v = p.empty() ? nan : value_at(data, ix, col, row.unit, p);
      if (std::isnan(v)) missing += (missing.empty() ? "" : ", ") + std::to_string(y);
      else sum += v;
    }
    if (!missing.empty()) {
      finish_no_data("annual work is summed from " + std::to_string(start) + ": no value for " + missing,
                     "年度工作量自" + std::to_string(start) + "年起累加: 缺少" + missing + "年的数据");
      return;
    }
    row.value = sum;
  }
  const double x = row.value;
  if (std::isnan(x)) {
    finish_no_data(col < 0 ? "no data column" : "no value in the period",
                   col < 0 ? "无数据列" : "该期无数值");
    return;
  }
  const double v = t.value;
  bool met = false;
  double ratio = nan, gap = nan;
  double reference = v;  // what the relative gap is relative to
  // band-like kinds: the interval the value must be in
  const bool banded = t.kind == target_kind::band || t.kind == target_kind::approximately;
  const double lo = t.kind == target_kind::approximately ? v - t.tolerance : v;
  const double hi = t.kind == target_kind::approximately ? v + t.tolerance : t.upper;
  switch (t.kind) {
    case target_kind::at_least:
      met = t.exclusive ? x > v : x >= v;
      ratio = v > 0 ? x / v : (met ? 1.0 : 0.0);
      gap = v - x;
      break;
    case target_kind::at_most:
      met = t.exclusive ? x < v : x <= v;
      ratio = x > 0 ? v / x : (met ? o.cap : 0.0);
      gap = x - v;
      break;
    case target_kind::band:
    case target_kind::approximately:
      met = x >= lo && x <= hi;
      if (met) {
        ratio = 1.0;
        gap = -std::min(x - lo, hi - x);
      } else if (x < lo) {
        ratio = lo > 0 && x > 0 ? x / lo : 0.0;
        gap = lo - x;
        reference = lo;
      } else {
        ratio = x > 0 ? hi / x : 0.0;
        gap = x - hi;
        reference = hi;
      }
      break;
    case target_kind::yes_no: {
      if (x != 0.0 && x != 1.0) {
        finish_no_data("a yes/no value must be 1 (yes) or 0 (no), got " + format_double(x),
                       "是否类指标的取值应为 1(是) 或 0(否), 实际为 " + format_double(x));
        return;
      }
      const double want = std::isnan(v) ? 1.0 : v;
      met = x == want;
      ratio = met ? 1.0 : 0.0;
      gap = met ? 0.0 : 1.0;
      reference = 1.0;
      break;
    }
    case target_kind::decrease:
    case target_kind::increase: {
      // the latest earlier period in which the unit has a value
      double prev = nan;
      std::string prev_period;
      const auto it = std::find(ix.periods.begin(), ix.periods.end(), row.period);
      for (auto p = it; p != ix.periods.begin();) {
        --p;
        const double y = value_at(data, ix, col, row.unit, *p);
        if (!std::isnan(y)) {
          prev = y;
          prev_period = *p;
          break;
        }
      }
      if (std::isnan(prev)) {
        finish_no_data(std::string(to_string(t.kind)) +
                           " compares two periods: no earlier value for the unit in the data",
                       std::string(label_zh(t.kind)) + "需与上一期比较: 数据中该单元没有更早的数值");
        return;
      }
      row.reference = prev;
      row.reference_period = prev_period;
      if (prev != 0) row.change = (x - prev) / std::fabs(prev) * 100.0;
      reference = prev;
      if (t.kind == target_kind::decrease) {
        met = x < prev;
        ratio = x > 0 ? prev / x : (met ? o.cap : 0.0);
        gap = x - prev;
      } else {
        met = x > prev;
        ratio = prev > 0 ? x / prev : (met ? o.cap : 0.0);
        gap = prev - x;
      }
      break;
    }
    case target_kind::rises_every_year:
    case target_kind::falls_every_year: {
      // every consecutive pair of years in the data from the start to the checked year
      const bool up = t.kind == target_kind::rises_every_year;
      const auto series = yearly_values(data, ix, col, row.unit, start, py);
      if (py == 0 || series.size() < 2) {
        finish_no_data(std::string(up ? "rises" : "falls") +
                           " every year compares consecutive years: the unit needs values for two years or "
                           "more since " +
                           (start ? std::to_string(start) : std::string("the start")),
                       std::string(up ? "逐年提高" : "逐年下降") + "需比较相邻年份: 该单元自" +
                           (start ? std::to_string(start) + "年" : std::string("起始年份")) +
                           "以来至少需要两年的数据");
        return;
      }
      std::size_t kept = 0;
      std::string broken, skipped;
      double worst = 0;  // largest move the wrong way, relative to the earlier year
      for (std::size_t k = 1; k < series.size(); ++k) {
        const auto& [y0, a] = series[k - 1];
        const auto& [y1, b] = series[k];
        if (y1 != y0 + 1)
          skipped += (skipped.empty() ? "" : ", ") + std::to_string(y0 + 1) +
                     (y1 > y0 + 2 ? "-" + std::to_string(y1 - 1) : "");
        if (up ? b > a : b < a) {
          ++kept;
        } else {
          broken += (broken.empty() ? "" : ", ") + std::to_string(y0) + "→" + std::to_string(y1);
          if (a != 0) worst = std::max(worst, std::fabs(b - a) / std::fabs(a));
        }
      }
      const std::size_t pairs = series.size() - 1;
      met = kept == pairs;
      ratio = static_cast<double>(kept) / static_cast<double>(pairs);
      const auto& [yl, prev] = series[series.size() - 2];
      row.reference = prev;
      row.reference_period = std::to_string(yl);
      if (prev != 0) row.change = (x - prev) / std::fabs(prev) * 100.0;
      gap = up ? prev - x : x - prev;
      reference = 1.0;
      row.note = std::to_string(kept) + " of " + std::to_string(pairs) + " year pairs " +
                 (up ? "rose" : "fell") + (broken.empty() ? "" : "; not in " + broken) +
                 (skipped.empty() ? "" : "; no data for " + skipped);
      row.note_zh = std::to_string(pairs) + " 组相邻年份中 " + std::to_string(kept) + " 组" +
                    (up ? "上升" : "下降") +
                    (broken.empty() ? "" : "; 未" + std::string(up ? "上升" : "下降") + ": " + broken) +
                    (skipped.empty() ? "" : "; 缺少 " + skipped + " 年的数据");
      row.relative_gap = met ? 0.0 : (worst > 0 ? worst : 1.0 - ratio);
      row.achievement = std::clamp(ratio, 0.0, o.cap);
      row.gap = gap;
      row.status = met ? check_status::met : check_status::missed;
      row.on_track = met ? 1 : 0;
      const band_verdict b = band_of(row.achievement, met, o.bands);
      row.grade = b.grade;
      row.light = light_of(row.status);
      return;
    }
    case target_kind::progress:
      met = x >= v;
      ratio = x / v;
      gap = v - x;
      row.progress = x / v;
      break;
    case target_kind::change_vs_base: {
      double base = nan;
      std::string base_period = period_of_year(ix, t.base_year);
      if (!base_period.empty()) base = value_at(data, ix, col, row.unit, base_period);
      if (std::isnan(base) && !std::isnan(t.base_value)) {
        base = t.base_value;
        base_period = std::to_string(t.base_year) + " (profile)";
      }
      if (std::isnan(base) || base == 0) {
        finish_no_data("change vs " + std::to_string(t.base_year) + " needs the " +
                           std::to_string(t.base_year) +
                           " value: a row for that year in the data or base_value in the profile",
                       "较" + base_year_text + "年变化需要" + base_year_text +
                           "年的数值: 数据中该年的记录或目标中的 base_value");
        return;
      }
      row.reference = base;
      row.reference_period = base_period;
      const double c = (x - base) / std::fabs(base) * 100.0;
      row.change = c;
      // 左右: the change may fall short of v by the tolerance (percentage points)
      const double need = std::isnan(t.tolerance) ? v : (v < 0 ? v + t.tolerance : v - t.tolerance);
      met = v < 0 ? c <= need : c >= need;
      ratio = c / v;
      gap = v < 0 ? c - v : v - c;
      row.progress = c / v;
      break;
    }
  }
  auto relative = [](double g, double ref) {
    if (ref != 0 && std::isfinite(ref)) return std::max(g, 0.0) / std::fabs(ref);
    return 1.0;
  };
  if (!std::isnan(ratio)) ratio = std::clamp(ratio, 0.0, o.cap);
  row.achievement = ratio;
  row.gap = gap;
  row.relative_gap = met ? 0.0 : relative(gap, reference);
  if (met) row.status = check_status::met;
  else if (row.due) row.status = check_status::missed;
  else row.status = check_status::not_yet_due;  // until the schedule says on track or behind

  // Schedule: the trajectory from the base through the milestones to the target
  if (t.has_trajectory() && t.year != 0 && py != 0 && start != 0 && start < t.year) {
    // the trajectory is of the quantity the target is about: the level (value), the work done
    // (progress) or the change in percent (change_vs_base)
    double base = nan, aim = v, now = x;
    std::string base_period;
    bool higher_better = true;
    switch (t.kind) {
      case target_kind::progress: base = 0.0; break;
      case target_kind::change_vs_base:
        base = 0.0;
        now = row.change;
        higher_better = v > 0;
        break;
      default:
        base = t.base_value;
        if (!std::isnan(base)) {
          base_period = std::to_string(start) + " (profile)";
        } else {
          base_period = period_of_year(ix, start);
          if (!base_period.empty()) base = value_at(data, ix, col, row.unit, base_period);
        }
        if (t.kind == target_kind::at_most) higher_better = false;
        if (banded && !std::isnan(base)) {
          // toward the side of the band the value is missing
          higher_better = x < lo;
          aim = x < lo ? lo : hi;
        }
        break;
    }
    std::vector<std::pair<int, double>> pts;
    if (!std::isnan(base)) pts.emplace_back(start, base);
    for (const milestone& m : t.milestones) pts.emplace_back(m.year, m.value);
    pts.emplace_back(t.year, aim);
    // judged from the base, or from a stated milestone already passed
    const bool judged = !std::isnan(base) || (!t.milestones.empty() && py >= t.milestones.front().year);
    if (judged) {
      row.expected =
          std::clamp(static_cast<double>(py - start) / static_cast<double>(t.year - start), 0.0, 1.0);
      const double want = trajectory_at(pts, py);
      row.trajectory = want;
      if (!std::isnan(base) && aim != base) {
        row.expected = (want - base) / (aim - base);
        if (t.kind != target_kind::progress && t.kind != target_kind::change_vs_base)
          row.progress = (x - base) / (aim - base);
        if (std::isnan(row.reference)) {
          row.reference = base;
          row.reference_period = base_period;
        }
      }
      const double behind = higher_better ? want - now : now - want;  // > 0: behind the trajectory
      row.trajectory_gap = behind;
      if (!met) {
        const bool on = behind <= 1e-12 * std::max(1.0, std::fabs(want));
        if (!row.due) row.status = on ? check_status::on_track : check_status::behind_schedule;
        if (!row.due && !on) {
          // share of the plan's required change that is late: dimensionless
          const double span = std::isnan(base) ? aim : aim - base;
          row.relative_gap = relative(behind, span);
        }
      }
    }
  }
  if (row.status == check_status::not_yet_due && row.note.empty()) {
    const bool yn = t.kind == target_kind::yes_no;
    row.note =
        yn ? "a yes/no target has no intermediate schedule; due in " + std::to_string(t.year)
           : "no base value for the schedule: give base_value (or data for the base year) to judge the "
             "pace";
    row.note_zh = yn ? "是否类目标没有中间进度, " + std::to_string(t.year) + "年到期"
                     : "缺少基准值, 无法判断进度: 请给出 base_value 或基准年的数据";
  }
  row.on_track = row.status == check_status::met || row.status == check_status::on_track             ? 1
                 : row.status == check_status::behind_schedule || row.status == check_status::missed ? 0
                                                                                                     : -1;
  const band_verdict b = band_of(ratio, met, o.bands);
  row.grade = b.grade;
  row.light = light_of(row.status);
}

/// The order of the problem list: missed targets, then bottom-line targets breached before
/// they are due, then targets behind schedule, then weak and relative weaknesses.
inline int problem_group(const problem& p) {
  switch (p.reason) {
    case problem_reason::missed: return 0;
    case problem_reason::bottom_line_breach: return 1;
    case problem_reason::behind_schedule: return 2;
    case problem_reason::weak: return 3;
    case problem_reason::bottom_k: return 4;
  }
  return 5;
}

inline bool problem_before(const problem& a, const problem& b) {
  if (problem_group(a) != problem_group(b)) return problem_group(a) < problem_group(b);
  if (a.bottom_line != b.bottom_line) return a.bottom_line;
  if (a.severity != b.severity) return a.severity > b.severity;
  if (a.indicator != b.indicator) return a.indicator < b.indicator;
  return a.target < b.target;
}

}  // namespace detail

/// Checks one period of `data` against `profile`. Throws framework_error for a profile target
/// naming no indicator of the framework ("targets.unknown_indicator", naming the profile line),
/// data_error "check.unknown_period" / "check.unknown_unit" for options naming what the data
/// lacks, "data.empty" for data without rows, recipe_error "check.options" for invalid options.
/// Data columns the framework does not know are left out (a diagnostic says which).
[[nodiscard]] inline check_result check(const framework& fw, const panel& data, const target_profile& profile,
                                        const check_options& options = {}) {
  options.validate();
  validate_profile(profile, fw);
  if (data.rows() == 0)
    throw data_error("data.empty", "the data has no rows", location{data.source, 0, 0, {}, {}, {}, {}});
  if (data.units.size() != static_cast<std::size_t>(data.rows()) ||
      data.periods.size() != static_cast<std::size_t>(data.rows()) ||
      data.indicators.size() != static_cast<std::size_t>(data.cols()))
    throw data_error("data.shape", "panel labels do not match its matrix",
                     location{data.source, 0, 0, {}, {}, {}, {}});

  check_result out;
  out.framework = fw;
  out.profile = profile;
  out.options = options;
  out.origin = provenance_of(fw, &profile, data);
  detail::add_reader_notes(out.diagnostics, data);
  detail::add_unit_notes(out.diagnostics, fw);

  const detail::panel_index ix(data);
  out.period = options.period.empty() ? ix.periods.back() : options.period;
  if (std::find(ix.periods.begin(), ix.periods.end(), out.period) == ix.periods.end()) {
    std::string list;
    for (const auto& p : ix.periods) list += (list.empty() ? "" : ", ") + p;
    throw data_error("check.unknown_period",
                     "period '" + out.period + "' is not in the data (periods: " + list + ")",
                     location{data.source, 0, 0, {}, {}, {}, out.period});
  }
  out.period_year = detail::period_year(out.period);
  if (out.period_year == 0)
    detail::add_diag(out.diagnostics, "check", "check.period_not_a_year", severity::warning, {}, out.period,
                     {"the period is not a year, so target years cannot be compared with it: "
                      "every target is treated as due",
                      "体检期不是年份, 无法与目标年份比较: 所有目标按已到期处理"});

  // columns
  std::vector<Eigen::Index> col(fw.leaves().size(), -1);
  for (std::size_t k = 0; k < fw.leaves().size(); ++k) col[k] = data.column(fw.node(fw.leaves()[k]).code);
  // columns the check does not read, in the panel or left out by its reader (data_columns.hpp)
  for (const auto& name : data.indicators) {
    const std::size_t i = fw.find(name);
    if (i == framework::npos || !fw.is_leaf(i)) note_unknown_column(out.diagnostics, name, severity::info);
  }
  for (const auto& name : data.left_out) note_unknown_column(out.diagnostics, name, severity::info);

  // units of the period, in data order
  std::vector<std::pair<std::string, std::string>> units;  // code, name
  for (std::size_t r = 0; r < data.units.size(); ++r)
    if (data.periods[r] == out.period)
      units.emplace_back(data.units[r], r < data.unit_names.size() ? data.unit_names[r] : std::string());
  if (!options.units.empty()) {
    std::vector<std::pair<std::string, std::string>> keep;
    for (const auto& u : options.units) {
      auto it = std::find_if(units.begin(), units.end(), [&](const auto& p) { return p.first == u; });
      if (it == units.end())
        throw data_error("check.unknown_unit",
                         "unit '" + u + "' has no row in period '" + out.period + "' of the data",
                         location{data.source, 0, 0, {}, u, {}, out.period});
      keep.push_back(*it);
    }
    units = keep;
  }

  // weights and dimensions
  const Eigen::VectorXd eff = fw.effective_weights();
  std::vector<double> weight(fw.leaves().size());
  for (std::size_t k = 0; k < fw.leaves().size(); ++k) {
    auto it = options.weights.find(fw.node(fw.leaves()[k]).code);
    weight[k] = it != options.weights.end() ? it->second : eff[static_cast<Eigen::Index>(k)];
  }
  std::vector<std::string> dims;
  std::vector<std::size_t> dim_of, dim_node;
  detail::top_dimensions(fw, dims, dim_of, dim_node);
  const std::string root = fw.node(fw.root()).code;

  // targets by indicator
  std::map<std::string, std::vector<int>> targets_of;
  for (std::size_t t = 0; t < profile.targets.size(); ++t)
    targets_of[profile.targets[t].indicator].push_back(static_cast<int>(t));

  // bottom_k: range of every untargeted indicator across the checked units, once
  std::vector<std::pair<double, double>> range(fw.leaves().size(), {INFINITY, -INFINITY});
  if (options.bottom_k > 0 && units.size() >= 2)
    for (std::size_t k = 0; k < fw.leaves().size(); ++k) {
      const node_spec& n = fw.node(fw.leaves()[k]);
      if (targets_of.count(n.code) || col[k] < 0) continue;
      const indicator_context c = indicator_context::of(n);
      for (const auto& u : units) {
        const double y = detail::value_at(data, ix, col[k], u.first, out.period);
        if (std::isnan(y)) continue;
        range[k].first = std::min(range[k].first, c.orient(y));
        range[k].second = std::max(range[k].second, c.orient(y));
      }
    }

  for (const auto& [unit, unit_name] : units) {
    const std::size_t first_row = out.status.size();
    for (std::size_t k = 0; k < fw.leaves().size(); ++k) {
      const node_spec& n = fw.node(fw.leaves()[k]);
      check_row base;
      base.unit = unit;
      base.unit_name = unit_name;
      base.period = out.period;
      base.dimension = dims.empty() ? root : dims[dim_of[k]];
      base.indicator = n.code;
      base.name_zh = n.name_zh;
      base.name_en = n.name_en;
      base.measure = n.unit;
      base.bottom_line = n.type == indicator_type::bottom_line;
      base.weight = weight[k];
      base.value = detail::value_at(data, ix, col[k], unit, out.period);
      auto it = targets_of.find(n.code);
      if (it == targets_of.end()) {
        if (options.include_not_applicable) out.status.push_back(base);
        continue;
      }
      for (int ti : it->second) {
        const profile_target& t = profile.targets[static_cast<std::size_t>(ti)];
        check_row row = base;
        row.target = ti;
        row.target_id = t.id;
        row.kind = t.kind;
        row.exclusive = t.exclusive;
        row.target_value = t.value;
        row.target_upper = t.upper;
        row.target_year = t.year;
        row.base_year = t.base_year;
        row.source = t.source;
        row.quote = t.quote;
        row.bottom_line = row.bottom_line || t.bottom_line;
        detail::evaluate_target(row, t, profile, data, ix, col[k], out.period_year, options);
        row.bottom_line_failure = row.bottom_line && (row.status == check_status::missed ||
                                                      (!row.due && row.status != check_status::met &&
                                                       row.status != check_status::no_data));
        if (row.note.empty()) row.note = t.note;  // the plan's wording, as the profile gives it
        if (row.note_zh.empty()) row.note_zh = row.note;
        out.status.push_back(std::move(row));
      }
    }

    // achievement by dimension and overall
    std::vector<achievement_row> acc(dims.size() + 1);
    std::vector<double> wsum(dims.size() + 1, 0), wacc(dims.size() + 1, 0), usum(dims.size() + 1, 0);
    std::vector<std::size_t> ucount(dims.size() + 1, 0);
    for (std::size_t d = 0; d <= dims.size(); ++d) {
      acc[d].unit = unit;
      acc[d].unit_name = unit_name;
      acc[d].period = out.period;
      acc[d].overall = d == dims.size();
      acc[d].dimension = acc[d].overall ? root : dims[d];
    }
    for (std::size_t r = first_row; r < out.status.size(); ++r) {
      const check_row& row = out.status[r];
      if (row.target < 0) continue;
      const auto d =
          static_cast<std::size_t>(std::find(dims.begin(), dims.end(), row.dimension) - dims.begin());
      for (std::size_t q : {d, dims.size()}) {
        if (q > dims.size()) continue;
        achievement_row& a = acc[q];
        ++a.targets;
        switch (row.status) {
          case check_status::met: ++a.met; break;
          case check_status::on_track: ++a.on_track; break;
          case check_status::behind_schedule: ++a.behind_schedule; break;
          case check_status::missed: ++a.missed; break;
          case check_status::not_yet_due: ++a.not_yet_due; break;
          case check_status::no_data: ++a.no_data; break;
          default: break;
        }
        if (row.status == check_status::met || row.status == check_status::missed) {
          if (row.due) {
            ++a.due;
            a.due_met += row.status == check_status::met ? 1 : 0;
          }
        }
        if (!row.due && (row.status == check_status::met || row.status == check_status::on_track ||
                         row.status == check_status::behind_schedule)) {
          ++a.not_due;
          a.not_due_on_schedule += row.status == check_status::behind_schedule ? 0 : 1;
        }
        a.bottom_line_failures += row.bottom_line_failure ? 1 : 0;
        if (!std::isnan(row.achievement)) {
          wsum[q] += row.weight;
          wacc[q] += row.weight * row.achievement;
          usum[q] += row.achievement;
          ++ucount[q];
        }
        if (q == dims.size()) break;
      }
    }
    for (std::size_t q = 0; q <= dims.size(); ++q) {
      achievement_row& a = acc[q];
      if (a.due > 0) a.rate = static_cast<double>(a.due_met) / static_cast<double>(a.due);
      if (a.not_due > 0)
        a.schedule_rate = static_cast<double>(a.not_due_on_schedule) / static_cast<double>(a.not_due);
      if (ucount[q] > 0) a.index = wsum[q] > 0 ? wacc[q] / wsum[q] : usum[q] / static_cast<double>(ucount[q]);
      // the light follows the states: the share of judged targets that are met or on track,
      // through the bands (green needs all of them); red with a bottom-line breach
      const std::size_t judged = a.met + a.on_track + a.behind_schedule + a.missed;
      if (a.bottom_line_failures > 0) a.light = traffic_light::red;
      else if (judged > 0)
        a.light = detail::band_of(static_cast<double>(a.met + a.on_track) / static_cast<double>(judged),
                                  a.met + a.on_track == judged, options.bands)
                      .light;
      out.achievement.push_back(a);
    }

    // problems
    std::vector<problem> probs;
    for (std::size_t r = first_row; r < out.status.size(); ++r) {
      const check_row& row = out.status[r];
      if (row.target < 0) continue;
      problem p;
      bool take = true;
      // severity = the relative gap: to the target when missed or a bottom line is breached,
      // to the trajectory when behind schedule, 1 - achievement when weak
      p.relative_gap = row.relative_gap;
      if (row.status == check_status::missed) {
        p.reason = problem_reason::missed;
      } else if (row.bottom_line && !row.due &&
                 (row.status == check_status::behind_schedule || row.status == check_status::on_track ||
                  row.status == check_status::not_yet_due)) {
        // a bottom line not met before its year: breached now, whatever the schedule says
        p.reason = problem_reason::bottom_line_breach;
        const profile_target& t = profile.targets[static_cast<std::size_t>(row.target)];
        p.relative_gap = row.gap > 0 && t.value != 0 && std::isfinite(t.value) ? row.gap / std::fabs(t.value)
                                                                               : 1.0;
      } else if (row.status == check_status::behind_schedule) {
        p.reason = problem_reason::behind_schedule;
        p.trajectory = row.trajectory;
      } else if (row.status == check_status::not_yet_due && row.achievement < options.weak_below) {
        p.reason = problem_reason::weak;
        p.relative_gap = 1.0 - row.achievement;
      } else {
        take = false;
      }
      if (!take) continue;
      p.status = row.status;
      p.unit = row.unit;
      p.unit_name = row.unit_name;
      p.period = row.period;
      p.dimension = row.dimension;
      p.indicator = row.indicator;
      p.name_zh = row.name_zh;
      p.name_en = row.name_en;
      p.measure = row.measure;
      p.bottom_line = row.bottom_line;
      p.value = row.value;
      p.target = row.target;
      p.target_id = row.target_id;
      p.target_text = profile.targets[static_cast<std::size_t>(row.target)].describe(false);
      p.target_text_zh = profile.targets[static_cast<std::size_t>(row.target)].describe(true);
      p.gap = p.reason == problem_reason::behind_schedule ? row.trajectory_gap : row.gap;
      p.weight = row.weight;
      p.severity = std::isnan(p.relative_gap) ? 0.0 : p.relative_gap;
      p.source = row.source;
      p.quote = row.quote;
      p.status_row = r;
      probs.push_back(std::move(p));
    }
    if (options.bottom_k > 0 && units.size() >= 2) {
      // normalised value across the checked units, direction-aware
      std::vector<std::pair<double, std::size_t>> cands;  // z, leaf
      for (std::size_t k = 0; k < fw.leaves().size(); ++k) {
        const node_spec& n = fw.node(fw.leaves()[k]);
        if (targets_of.count(n.code) || col[k] < 0) continue;
        const indicator_context c = indicator_context::of(n);
        const double lo = range[k].first, hi = range[k].second;
        const double x = detail::value_at(data, ix, col[k], unit, out.period);
        if (std::isnan(x) || !(hi > lo)) continue;
        const double z = (c.orient(x) - lo) / (hi - lo);
        if (z < 0.5) cands.emplace_back(z, k);
      }
      std::stable_sort(cands.begin(), cands.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      if (cands.size() > options.bottom_k) cands.resize(options.bottom_k);
      for (const auto& [z, k] : cands) {
        const node_spec& n = fw.node(fw.leaves()[k]);
        problem p;
        p.reason = problem_reason::bottom_k;
        p.unit = unit;
        p.unit_name = unit_name;
        p.period = out.period;
        p.dimension = dims.empty() ? root : dims[dim_of[k]];
        p.indicator = n.code;
        p.name_zh = n.name_zh;
        p.name_en = n.name_en;
        p.measure = n.unit;
        p.bottom_line = n.type == indicator_type::bottom_line;
        p.value = detail::value_at(data, ix, col[k], unit, out.period);
        p.relative_gap = 1.0 - z;
        p.weight = weight[k];
        p.severity = 1.0 - z;
        p.target_text = "min-max " + detail::format_double(z);
        p.target_text_zh = "极差标准化值 " + detail::format_double(z);
        probs.push_back(std::move(p));
      }
    }
    std::stable_sort(probs.begin(), probs.end(), detail::problem_before);
    for (std::size_t q = 0; q < probs.size(); ++q) {
      probs[q].rank = q + 1;
      out.problems.push_back(std::move(probs[q]));
    }

    // obstacle degree: target-based deviation of each targeted indicator, one governing target
    // per indicator (the earliest due not before the period, else the latest)
    Eigen::MatrixXd dev = Eigen::MatrixXd::Constant(1, static_cast<Eigen::Index>(fw.leaves().size()),
                                                    std::numeric_limits<double>::quiet_NaN());
    {
      std::map<std::string, std::size_t> chosen;
      for (std::size_t r = first_row; r < out.status.size(); ++r) {
        const check_row& row = out.status[r];
        if (row.target < 0 || std::isnan(row.achievement)) continue;
        auto [it, fresh] = chosen.emplace(row.indicator, r);
        if (fresh) continue;
        const check_row& cur = out.status[it->second];
        auto key = [&](const check_row& c) {
          const bool future = c.target_year == 0 || out.period_year == 0 || c.target_year >= out.period_year;
          return std::make_pair(future ? 0 : 1, future ? c.target_year : -c.target_year);
        };
        if (key(row) < key(cur)) it->second = r;
      }
      for (const auto& [code, r] : chosen) {
        const std::size_t leaf = fw.leaf_position(fw.at(code));
        dev(0, static_cast<Eigen::Index>(leaf)) =
            std::clamp(1.0 - std::min(out.status[r].achievement, 1.0), 0.0, 1.0);
      }
    }
    Eigen::VectorXd factor = obstacle_factors(fw, framework_weights(fw), options.obstacles.factor);
    for (std::size_t k = 0; k < fw.leaves().size(); ++k) {
      auto it = options.weights.find(fw.node(fw.leaves()[k]).code);
      if (it != options.weights.end()) factor[static_cast<Eigen::Index>(k)] = it->second;
    }
    const obstacle_result ob = obstacle_from_deviation(fw, dev, factor, options.obstacles);
    std::vector<std::size_t> order = ob.top(0);
    for (std::size_t q = 0; q < order.size(); ++q) {
      const std::size_t j = order[q];
      obstacle_row o;
      o.unit = unit;
      o.unit_name = unit_name;
      o.period = out.period;
      o.dimension = ob.dimensions.empty() ? root : ob.dimensions[ob.dimension_of[j]];
      o.indicator = ob.indicators[j];
      o.factor = ob.factor[static_cast<Eigen::Index>(j)];
      o.deviation = ob.deviation(0, static_cast<Eigen::Index>(j));
      o.degree = ob.degree(0, static_cast<Eigen::Index>(j));
      o.rank = q + 1;
      out.obstacles.push_back(std::move(o));
    }
    for (std::size_t d = 0; d < ob.dimensions.size(); ++d) {
      const double u = ob.by_dimension(0, static_cast<Eigen::Index>(d));
      if (std::isnan(u)) continue;
      obstacle_dimension_row o;
      o.unit = unit;
      o.unit_name = unit_name;
      o.period = out.period;
      o.dimension = ob.dimensions[d];
      o.degree = u;
      out.obstacle_dimensions.push_back(std::move(o));
    }
  }
  return out;
}

// Output: describe() in check_tables.hpp gives every table of a check result; the generic
// writers of io/table_io.hpp write them as CSV or JSON.

}  // namespace tijian
