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
//                 without a target: not_applicable): the value, the target, the verdict, the
//                 achievement ratio, the gap, schedule progress, grade and traffic light
//   achievement   one row per unit x top-level dimension (every dimension, also those without
//                 targets), plus one overall row per unit: counts, 达标率 = met / applicable, an
//                 achievement index (for radar plots), bottom-line failures, a traffic light
//   problems      the problem list: unmet targets and weak indicators with severity
//                 = relative gap x effective weight, ordered
//   obstacles     obstacle degree of every targeted indicator (obstacle.hpp, target-based
//                 deviation I = 1 - min(achievement, 1)), and per dimension
//
// Verdicts (check_status)
//   met             the value satisfies the target (also before the target year: reached early)
//   not_met         the target is due (the checked period is in or after the target year, or
//                   the target has no year, or options.strict) and the value misses it
//   not_yet_due     the target year is later than the checked period and the value does not
//                   satisfy it yet: reported with its progress, not as a failure (a 2025 target
//                   checked with 2023 data). options.strict turns these into not_met.
//   no_data         the value is missing (no column, empty cell, no row for the unit in the
//                   period), or the second value a kind needs is missing (the previous period
//                   for decrease / increase, the base-year value for change_vs_base), or a
//                   yes/no value is neither 0 nor 1; `note` says which
//   not_applicable  the profile has no target for the indicator
// Year-on-year kinds (decrease, increase) are due every year.
//
// 达标率 (achievement rate) = met / applicable, applicable = met + not_met + not_yet_due (targets
// with data); no_data and not_applicable are counted but not in the rate. Before the target
// year the rate is the share of targets already reached.
//
// Achievement ratio (targets.hpp table), capped at options.cap (1, or 1.2 to show 超额完成) and
// floored at 0. Gap: the shortfall in the indicator's unit (positive = missed; zero or negative
// = met, with the margin), percentage points for change_vs_base. Relative gap: shortfall /
// |reference| >= 0, the reference being the target value (the previous value for year-on-year
// kinds, the total for progress, the required change for change_vs_base).
//
// Schedule (进度): when a target has a year and a start (profile_target::base_year, else
// start_year for progress, else the profile's start_year), the check computes
//   progress = (x - x_base) / (target - x_base)   level targets, x_base from base_value or the
//                                                  panel's value in the start year
//              x / total                           progress (work counted from the start)
//              achieved change / required change   change_vs_base
//   expected = (period - start) / (year - start)   the share of the plan period gone by
// and on_track = progress >= expected. A not-yet-due target behind schedule is a problem.
//
// Grade and traffic light: options.bands are increasing achievement thresholds; the ratio's
// band gives the grade (options.grade_labels_zh / _en) and the light (lowest band red, highest
// green, others yellow; defaults {0.9, 1.0}: < 0.9 red, 0.9-1 yellow, >= 1 green). The highest
// band (green, 优良) needs the target met: a value equal to a "more than 40 %" threshold has
// ratio 1 but is yellow. Bottom-line (底线) indicators that are not_met are flagged
// (bottom_line_failure) whatever their ratio, and turn their dimension's light red. A
// dimension's light follows its achievement index (the weighted mean capped ratio of its
// targets with data, progress included) through the same bands; green needs every applicable
// target met.
//
// Problem list (problems), per unit:
//   not_met          a due target missed (bottom-line ones flagged)
//   behind_schedule  not yet due and progress below the expected share
//   weak             not yet due, no schedule known, achievement below options.weak_below
//   bottom_k         (options.bottom_k > 0) an indicator without a target whose normalised
//                    value (min-max across the checked units, direction-aware) is among the
//                    unit's k lowest and below 0.5; needs at least two units
// severity = relative gap x effective weight (bottom_k: (1 - z) x weight). Order within a unit:
// severity descending, then bottom-line first, then indicator code, then target year; units in
// data order. `rank` numbers the problems of a unit from 1.
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

#include "error.hpp"
#include "framework.hpp"
#include "names.hpp"
#include "normalise.hpp"
#include "obstacle.hpp"
#include "panel.hpp"
#include "rank.hpp"
#include "recipe.hpp"
#include "result.hpp"
#include "score.hpp"
#include "targets.hpp"
#include "version.hpp"

namespace tijian {

enum class check_status { met, not_met, not_yet_due, no_data, not_applicable };
enum class traffic_light { none, green, yellow, red };
enum class problem_reason { not_met, behind_schedule, weak, bottom_k };

template <>
struct enum_names<check_status> {
  static constexpr const char* what = "check status";
  static constexpr enum_name<check_status> entries[] = {
      {check_status::met, "met", "达标", "met"},
      {check_status::not_met, "not_met", "未达标", "not met"},
      {check_status::not_yet_due, "not_yet_due", "未到期", "not yet due"},
      {check_status::no_data, "no_data", "无数据", "no data"},
      {check_status::not_applicable, "not_applicable", "不适用", "not applicable"},
  };
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
      {problem_reason::not_met, "not_met", "未达标", "not met"},
      {problem_reason::behind_schedule, "behind_schedule", "进度滞后", "behind schedule"},
      {problem_reason::weak, "weak", "完成度偏低", "weak"},
      {problem_reason::bottom_k, "bottom_k", "相对短板", "relative weakness"},
  };
};

struct check_options {
  std::string period;                      ///< period to check; empty = the latest period in the data
  bool strict = false;                     ///< every target is due whatever its year (no not_yet_due)
  double cap = 1.0;                        ///< upper cap of achievement ratios (1.2 shows over-achievement)
  std::vector<double> bands = {0.9, 1.0};  ///< increasing achievement thresholds
  std::vector<std::string> grade_labels_zh = {"不足", "中等", "优良"};  ///< bands.size() + 1
  std::vector<std::string> grade_labels_en = {"weak", "fair", "good"};
  double weak_below = 0.8;             ///< not-yet-due targets without a schedule below this are weak
  std::size_t bottom_k = 0;            ///< > 0: list each unit's k weakest untargeted indicators
  bool include_not_applicable = true;  ///< status rows for indicators without a target
  std::vector<std::string> units;      ///< check only these units (empty = all)
  /// Weight of an indicator in severity and obstacle degree, by code, instead of its
  /// effective weight in the framework (e.g. a scoring run's data-driven weights).
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
  double achievement = std::numeric_limits<double>::quiet_NaN();  ///< capped ratio
  double gap = std::numeric_limits<double>::quiet_NaN();
  double relative_gap = std::numeric_limits<double>::quiet_NaN();
  double progress = std::numeric_limits<double>::quiet_NaN();
  double expected = std::numeric_limits<double>::quiet_NaN();
  int on_track = -1;  ///< 1 on schedule (or met), 0 behind, -1 unknown
  int grade = -1;     ///< band index (grade_labels), -1 without a ratio
  traffic_light light = traffic_light::none;
  bool bottom_line = false;          ///< the indicator is a bottom-line (底线) indicator
  bool bottom_line_failure = false;  ///< ... and its target is not_met
  double weight = 0;                 ///< weight used for severity (effective weight)
  std::string source;                ///< the target's source (seed file and section)
  std::string note;                  ///< why no data, or the plan's wording
};

/// Per unit and top-level dimension (overall: dimension = the root's code).
struct achievement_row {
  std::string unit, unit_name, period;
  std::string dimension;
  bool overall = false;
  std::size_t targets = 0, met = 0, not_met = 0, not_yet_due = 0, no_data = 0;
  std::size_t applicable = 0;                               ///< met + not_met + not_yet_due
  double rate = std::numeric_limits<double>::quiet_NaN();   ///< 达标率 = met / applicable
  double index = std::numeric_limits<double>::quiet_NaN();  ///< weighted mean achievement
  std::size_t bottom_line_failures = 0;
  traffic_light light = traffic_light::none;
};

struct problem {
  std::size_t rank = 0;  ///< 1-based within the unit
  std::string unit, unit_name, period;
  std::string dimension, indicator, name_zh, name_en, measure;
  problem_reason reason = problem_reason::not_met;
  bool bottom_line = false;
  double value = std::numeric_limits<double>::quiet_NaN();
  int target = -1;          ///< index into the profile's targets; -1 for bottom_k
  std::string target_text;  ///< readable target (English symbols)
  double gap = std::numeric_limits<double>::quiet_NaN();
  double relative_gap = std::numeric_limits<double>::quiet_NaN();
  double weight = 0;
  double severity = 0;
  std::string source;
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
  std::string library_version, framework_hash, profile_hash, data_hash, data_source;

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

/// Evaluates one target for one value. `row` comes in with the target fields and value set.
inline void evaluate_target(check_row& row, const profile_target& t, const target_profile& prof,
                            const panel& data, const panel_index& ix, Eigen::Index col, int py,
                            const check_options& o) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double x = row.value;
  row.due = o.strict || !t.needs_target_year() || t.year == 0 || py == 0 || py >= t.year;
  if (std::isnan(x)) {
    row.status = check_status::no_data;
    if (row.note.empty()) row.note = col < 0 ? "no data column" : "no value in the period";
    return;
  }
  const double v = t.value;
  bool met = false;
  double ratio = nan, gap = nan, rel = nan;
  double reference = v;  // what the relative gap is relative to
  auto rel_of = [](double g, double ref, bool ok) {
    if (ok) return 0.0;
    if (ref != 0 && std::isfinite(ref)) return std::max(g, 0.0) / std::fabs(ref);
    return 1.0;
  };
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
    case target_kind::band: {
      const double lo = v, hi = t.upper;
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
    }
    case target_kind::yes_no: {
      if (x != 0.0 && x != 1.0) {
        row.status = check_status::no_data;
        row.note = "a yes/no value must be 1 (yes) or 0 (no), got " + format_double(x);
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
        row.status = check_status::no_data;
        row.note = std::string(to_string(t.kind)) +
                   " compares two periods: no earlier value for the unit in the data";
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
    case target_kind::progress:
      met = x >= v;
      ratio = x / v;
      gap = v - x;
      row.progress = x / v;
      break;
    case target_kind::approximately:
    case target_kind::rises_every_year:
    case target_kind::falls_every_year:
      row.status = check_status::no_data;  // WIP: replaced by the schedule-aware check
      row.note = "kind not checked yet";
      return;
    case target_kind::change_vs_base: {
      double base = nan;
      std::string base_period = period_of_year(ix, t.base_year);
      if (!base_period.empty()) base = value_at(data, ix, col, row.unit, base_period);
      if (std::isnan(base) && !std::isnan(t.base_value)) {
        base = t.base_value;
        base_period = std::to_string(t.base_year) + " (profile)";
      }
      if (std::isnan(base) || base == 0) {
        row.status = check_status::no_data;
        row.note = "change vs " + std::to_string(t.base_year) + " needs the " + std::to_string(t.base_year) +
                   " value: a row for that year in the data or base_value in the profile";
        return;
      }
      row.reference = base;
      row.reference_period = base_period;
      const double c = (x - base) / std::fabs(base) * 100.0;
      row.change = c;
      met = v < 0 ? c <= v : c >= v;
      ratio = c / v;
      gap = v < 0 ? c - v : v - c;
      row.progress = c / v;
      break;
    }
  }
  rel = rel_of(gap, reference, met);
  if (!std::isnan(ratio)) ratio = std::clamp(ratio, 0.0, o.cap);
  row.achievement = ratio;
  row.gap = gap;
  row.relative_gap = rel;
  row.status = met ? check_status::met : (row.due ? check_status::not_met : check_status::not_yet_due);

  // Schedule
  if (t.year != 0 && py != 0 && t.kind != target_kind::decrease && t.kind != target_kind::increase &&
      t.kind != target_kind::yes_no) {
    int start = 0;
    if (t.kind == target_kind::change_vs_base) start = t.base_year;
    else if (t.kind == target_kind::progress)
      start = t.start_year ? t.start_year : (t.base_year ? t.base_year : prof.start_year);
    else start = t.base_year ? t.base_year : prof.start_year;
    if (start != 0 && start < t.year) {
      row.expected =
          std::clamp(static_cast<double>(py - start) / static_cast<double>(t.year - start), 0.0, 1.0);
      if (t.kind == target_kind::at_least || t.kind == target_kind::at_most) {
        double base = t.base_value;
        std::string base_period;
        if (std::isnan(base)) {
          base_period = period_of_year(ix, start);
          if (!base_period.empty()) base = value_at(data, ix, col, row.unit, base_period);
        } else {
          base_period = std::to_string(start) + " (profile)";
        }
        if (!std::isnan(base) && v != base) {
          row.progress = (x - base) / (v - base);
          if (std::isnan(row.reference)) {
            row.reference = base;
            row.reference_period = base_period;
          }
        }
      }
      if (!std::isnan(row.progress) && !std::isnan(row.expected))
        row.on_track = met || row.progress >= row.expected - 1e-12 ? 1 : 0;
    }
  }
  if (met) row.on_track = 1;
  else if (row.status == check_status::not_met) row.on_track = 0;
  const band_verdict b = band_of(ratio, met, o.bands);
  row.grade = b.grade;
  row.light = b.light;
  row.bottom_line_failure = row.bottom_line && row.status == check_status::not_met;
}

inline bool problem_before(const problem& a, const problem& b) {
  if (a.severity != b.severity) return a.severity > b.severity;
  if (a.bottom_line != b.bottom_line) return a.bottom_line;
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
  out.library_version = TIJIAN_VERSION;
  out.framework_hash = fw.hash();
  out.profile_hash = profile.hash();
  out.data_hash = data.hash();
  out.data_source = data.source;
  for (const auto& note : data.notes)
    detail::add_diag(out.diagnostics, "data", "data.reader", severity::info, {}, {}, note);

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
                     "the period is not a year, so target years cannot be compared with it: "
                     "every target is treated as due");

  // columns
  std::vector<Eigen::Index> col(fw.leaves().size(), -1);
  for (std::size_t k = 0; k < fw.leaves().size(); ++k) col[k] = data.column(fw.node(fw.leaves()[k]).code);
  for (const auto& name : data.indicators) {
    const std::size_t i = fw.find(name);
    if (i == framework::npos || !fw.is_leaf(i))
      detail::add_diag(out.diagnostics, "data", "data.unknown_column_ignored", severity::info, name, {},
                       "data column is not an indicator of the framework and was left out");
  }

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
        row.kind = t.kind;
        row.exclusive = t.exclusive;
        row.target_value = t.value;
        row.target_upper = t.upper;
        row.target_year = t.year;
        row.base_year = t.base_year;
        row.source = t.source;
        detail::evaluate_target(row, t, profile, data, ix, col[k], out.period_year, options);
        if (row.note.empty()) row.note = t.note;
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
          case check_status::not_met: ++a.not_met; break;
          case check_status::not_yet_due: ++a.not_yet_due; break;
          case check_status::no_data: ++a.no_data; break;
          default: break;
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
      a.applicable = a.met + a.not_met + a.not_yet_due;
      if (a.applicable > 0) a.rate = static_cast<double>(a.met) / static_cast<double>(a.applicable);
      if (ucount[q] > 0) a.index = wsum[q] > 0 ? wacc[q] / wsum[q] : usum[q] / static_cast<double>(ucount[q]);
      // the light follows the achievement index (progress included), green only when every
      // applicable target is met, red with any bottom-line failure
      if (a.bottom_line_failures > 0) a.light = traffic_light::red;
      else a.light = detail::band_of(a.index, a.met == a.applicable, options.bands).light;
      out.achievement.push_back(a);
    }

    // problems
    std::vector<problem> probs;
    for (std::size_t r = first_row; r < out.status.size(); ++r) {
      const check_row& row = out.status[r];
      if (row.target < 0) continue;
      problem p;
      bool take = false;
      if (row.status == check_status::not_met) {
        take = true;
        p.reason = problem_reason::not_met;
      } else if (row.status == check_status::not_yet_due && row.on_track == 0) {
        take = true;
        p.reason = problem_reason::behind_schedule;
      } else if (row.status == check_status::not_yet_due && row.on_track < 0 &&
                 row.achievement < options.weak_below) {
        take = true;
        p.reason = problem_reason::weak;
      }
      if (!take) continue;
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
      p.target_text = profile.targets[static_cast<std::size_t>(row.target)].describe(false);
      p.gap = row.gap;
      p.relative_gap = row.relative_gap;
      p.weight = row.weight;
      p.severity = (std::isnan(row.relative_gap) ? 0.0 : row.relative_gap) * row.weight;
      p.source = row.source;
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
        p.severity = (1.0 - z) * weight[k];
        p.target_text = "min-max " + detail::format_double(z);
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
