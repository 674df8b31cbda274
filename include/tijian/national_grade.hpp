// SPDX-License-Identifier: MIT
// The official grading of the 城区 (city) indicators (HB25 l.2063-2081; the reference
// national-city-health-check-2025.md §1.4, end):
//
//   Single indicator: 很好 / 较好 / 一般 / 不足, by "专家打分法" judged against the reference
//   standard, the city's own trend, its targets and peer cities. The grade is therefore an
//   assessor's input here; the output shows the standard, the trend (last year's value), the
//   target and the peers' values beside it. The resident survey is an auxiliary input:
//   "如果低于60分，则降一级" - a survey score below 60 drops the grade one level (不足 stays 不足:
//   there is no lower grade; the row says so). The "60分" implies a 0-100 score; how it is formed
//   is not stated in HB25 (reference §3, §6 item 5), so the score is an input. HB25's figure
//   "单项指标评价规则示例" is an image that was not available.
//
//   Overall 城区 grade (表3 城市发展质量总体评价标准), a counting rule, not a weighted index.
//   With g = share of 很好 + 较好 and v = share of 很好 among the graded indicators:
//     优  v >= 80 % and no 不足
//     良  g >= 80 % with some 不足; or 60 % <= g < 80 % with no 不足
//     中  60 % <= g < 80 % with some 不足; or 40 % <= g < 60 % with no 不足
//     差  40 % <= g < 60 % with some 不足; or g < 40 %
//   How the boundaries are read (表3 writes "≥80%", "60%-80%", "40%-60%", "<40%"): a range
//   "a-b %" includes a and excludes b, so exactly 80 % belongs to "≥80 %", exactly 60 % to
//   "60-80 %" and exactly 40 % to "40-60 %"; this is the only reading under which the four rows
//   do not overlap and "<40 %" closes the scale. Shares are compared as exact fractions of whole
//   counts (5·k >= 4·n for 80 %), never as rounded floating-point percentages.
//   One case the table does not cover: g >= 80 %, no 不足, but v < 80 % (e.g. 5 很好, 4 较好,
//   1 一般). It fails 优 (v < 80 %) and no row of 良 names it; it is better than the 良 case
//   "g >= 80 % with some 不足", so it is read as 良 and the result marks the rule as this reading.
//
// Which indicators are graded: the 城区 indicators 30-59 that apply to the city. No. 60 问题整治
// is computed per class (限时解决 / 尽力解决) and not graded here. An indicator that does not
// apply (no. 43 without rail transit, no. 50 outside 超大特大城市) is not graded and does not
// count; a grade given for it is an error. An indicator whose applicability cannot be decided
// (the city's size or rail transit not given) is graded and counted as the assessor gives it.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "error.hpp"
#include "names.hpp"
#include "national.hpp"

namespace tijian {

/// 单项指标评价 (HB25 l.2063ff).
enum class indicator_grade { very_good, good, fair, insufficient };

template <>
struct enum_names<indicator_grade> {
  static constexpr const char* what = "indicator grade";
  static constexpr enum_name<indicator_grade> entries[] = {
      {indicator_grade::very_good, "very_good", "很好", "very good"},
      {indicator_grade::good, "good", "较好", "good"},
      {indicator_grade::fair, "fair", "一般", "fair"},
      {indicator_grade::insufficient, "insufficient", "不足", "insufficient"},
  };
  static constexpr enum_alias<indicator_grade> aliases[] = {{"很好", indicator_grade::very_good},
                                                            {"较好", indicator_grade::good},
                                                            {"一般", indicator_grade::fair},
                                                            {"不足", indicator_grade::insufficient}};
};

/// 城市发展质量总体评价 (表3).
enum class overall_grade { excellent, good, medium, poor };

template <>
struct enum_names<overall_grade> {
  static constexpr const char* what = "overall grade";
  static constexpr enum_name<overall_grade> entries[] = {
      {overall_grade::excellent, "excellent", "优", "excellent"},
      {overall_grade::good, "good", "良", "good"},
      {overall_grade::medium, "medium", "中", "medium"},
      {overall_grade::poor, "poor", "差", "poor"},
  };
  static constexpr enum_alias<overall_grade> aliases[] = {{"优", overall_grade::excellent},
                                                          {"良", overall_grade::good},
                                                          {"中", overall_grade::medium},
                                                          {"差", overall_grade::poor}};
};

/// Which row of 表3 decided the overall grade.
enum class table3_rule {
  excellent,         ///< 很好 >= 80 %, no 不足
  good_80_with_gap,  ///< 很好+较好 >= 80 %, some 不足
  good_80_no_gap,    ///< 很好+较好 >= 80 %, no 不足, 很好 < 80 %: not in 表3, read as 良
  good_60_80,        ///< 60-80 %, no 不足
  medium_60_80,      ///< 60-80 %, some 不足
  medium_40_60,      ///< 40-60 %, no 不足
  poor_40_60,        ///< 40-60 %, some 不足
  poor_below_40,     ///< < 40 %
  nothing_graded,    ///< no graded indicator: no overall grade
};

template <>
struct enum_names<table3_rule> {
  static constexpr const char* what = "表3 rule";
  static constexpr enum_name<table3_rule> entries[] = {
      {table3_rule::excellent, "excellent", "很好占比≥80%且无不足", "very good >= 80 %, none insufficient"},
      {table3_rule::good_80_with_gap, "good_80_with_gap", "很好和较好占比≥80%但存在不足",
       "very good + good >= 80 %, some insufficient"},
      {table3_rule::good_80_no_gap, "good_80_no_gap",
       "很好和较好占比≥80%、无不足但很好占比<80%（表3未列出，按良处理）",
       "very good + good >= 80 %, none insufficient, very good < 80 % (not in 表3; read as good)"},
      {table3_rule::good_60_80, "good_60_80", "很好和较好占比60%-80%且无不足",
       "very good + good 60-80 %, none insufficient"},
      {table3_rule::medium_60_80, "medium_60_80", "很好和较好占比60%-80%且存在不足",
       "very good + good 60-80 %, some insufficient"},
      {table3_rule::medium_40_60, "medium_40_60", "很好和较好占比40%-60%且无不足",
       "very good + good 40-60 %, none insufficient"},
      {table3_rule::poor_40_60, "poor_40_60", "很好和较好占比40%-60%且存在不足",
       "very good + good 40-60 %, some insufficient"},
      {table3_rule::poor_below_40, "poor_below_40", "很好和较好占比<40%", "very good + good < 40 %"},
      {table3_rule::nothing_graded, "nothing_graded", "无已分级指标", "nothing graded"},
  };
};

/// Counts of final grades among the graded indicators.
struct grade_counts {
  std::int64_t very_good = 0, good = 0, fair = 0, insufficient = 0;
  [[nodiscard]] std::int64_t total() const { return very_good + good + fair + insufficient; }
};

/// 表3: the overall grade and the row that decided it (see the top of this file for the
/// boundaries). nullopt grade when nothing is graded.
struct overall_verdict {
  std::optional<overall_grade> grade;
  table3_rule rule = table3_rule::nothing_graded;
};

[[nodiscard]] inline overall_verdict grade_overall(const grade_counts& c) {
  const std::int64_t n = c.total();
  if (n == 0) return {std::nullopt, table3_rule::nothing_graded};
  const std::int64_t v = c.very_good, g = c.very_good + c.good;
  const bool gap = c.insufficient > 0;
  // share >= p % as whole numbers: 100·k >= p·n
  auto at_least = [n](std::int64_t k, std::int64_t percent) { return 100 * k >= percent * n; };
  if (at_least(v, 80) && !gap) return {overall_grade::excellent, table3_rule::excellent};
  if (at_least(g, 80))
    return gap ? overall_verdict{overall_grade::good, table3_rule::good_80_with_gap}
               : overall_verdict{overall_grade::good, table3_rule::good_80_no_gap};
  if (at_least(g, 60))
    return gap ? overall_verdict{overall_grade::medium, table3_rule::medium_60_80}
               : overall_verdict{overall_grade::good, table3_rule::good_60_80};
  if (at_least(g, 40))
    return gap ? overall_verdict{overall_grade::poor, table3_rule::poor_40_60}
               : overall_verdict{overall_grade::medium, table3_rule::medium_40_60};
  return {overall_grade::poor, table3_rule::poor_below_40};
}

/// The survey rule: below 60 points drops the grade one level. Returns the grade after the rule
/// and whether it dropped; `at_bottom` is set when the score is below 60 but the grade is
/// already 不足.
struct survey_adjustment {
  indicator_grade grade = indicator_grade::fair;
  bool dropped = false;
  bool at_bottom = false;
};
inline constexpr double survey_drop_below = 60.0;  ///< HB25 l.2071: "如果低于60分，则降一级"

[[nodiscard]] inline survey_adjustment apply_survey(indicator_grade g, std::optional<double> score) {
  survey_adjustment out{g, false, false};
  if (!score || !(*score < survey_drop_below)) return out;
  switch (g) {
    case indicator_grade::very_good: out.grade = indicator_grade::good; break;
    case indicator_grade::good: out.grade = indicator_grade::fair; break;
    case indicator_grade::fair: out.grade = indicator_grade::insufficient; break;
    case indicator_grade::insufficient: out.at_bottom = true; return out;
  }
  out.dropped = true;
  return out;
}

/// An assessor's grade of one 城区 indicator, with what the output shows beside it.
struct grade_input {
  std::string indicator;  ///< number, code or Chinese name
  indicator_grade grade = indicator_grade::fair;
  std::optional<double> survey_score;    ///< 0-100
  std::optional<double> value;           ///< this year's value
  std::optional<double> previous;        ///< last year's value (the trend)
  std::optional<double> target;          ///< the city's own target
  std::optional<comparator> target_cmp;  ///< ">=" / "<=" written with the target; else the direction's
  std::string note;
  location where;
};

/// A peer city's value of an indicator.
struct peer_value {
  std::string indicator;
  std::string peer;
  double value = std::numeric_limits<double>::quiet_NaN();
  location where;
};

/// The change since last year read along the indicator's direction.
enum class national_trend { improved, unchanged, worsened, not_judged };

template <>
struct enum_names<national_trend> {
  static constexpr const char* what = "trend";
  static constexpr enum_name<national_trend> entries[] = {
      {national_trend::improved, "improved", "改善", "improved"},
      {national_trend::unchanged, "unchanged", "持平", "unchanged"},
      {national_trend::worsened, "worsened", "退步", "worsened"},
      {national_trend::not_judged, "not_judged", "不判定（无方向或无上年值）",
       "not judged (no direction or no previous value)"},
  };
};

/// One 城区 indicator in the grading.
struct graded_indicator {
  const national_indicator* indicator = nullptr;
  applicability applies = applicability::applicable;
  std::optional<indicator_grade> assessor_grade;
  std::optional<double> survey_score;
  bool dropped = false;
  std::string adjustment_zh, adjustment_en;  ///< why the grade dropped (or why it could not)
  std::optional<indicator_grade> final_grade;
  std::optional<double> value, previous, change;
  national_trend trend = national_trend::not_judged;
  resolved_standards standards;
  std::optional<bool> meets_standard;
  std::optional<double> target;
  std::optional<comparator> target_cmp;
  std::optional<bool> meets_target;
  std::vector<std::pair<std::string, double>> peers;  ///< (city, value) in input order
  std::string note;
};

struct grading_result {
  const national_system* system = nullptr;
  city_context city;
  std::vector<graded_indicator> rows;  ///< every 城区 indicator 30-59, in order
  grade_counts counts;
  overall_verdict overall;
  std::vector<std::string> ungraded;  ///< codes of applicable (or unknown) indicators without a grade
  std::vector<applied_override> overrides;
};

namespace detail {
[[nodiscard]] inline std::optional<comparator> comparator_for(const national_indicator& i) {
  if (!i.dir) return std::nullopt;
  if (*i.dir == direction::higher_is_better) return comparator::at_least;
  if (*i.dir == direction::lower_is_better) return comparator::at_most;
  return std::nullopt;
}
}  // namespace detail

/// Grades the 城区 indicators. `sys` should already carry the overrides (apply_overrides);
/// `overrides` is recorded in the result. Errors (data_error naming file, line and indicator):
/// "national.unknown_indicator", "national.grade_level" (a grade for an indicator outside
/// 30-59), "national.not_applicable" (a grade for an indicator that does not apply to the
/// city), "national.bad_score" (a survey score outside 0-100), "national.duplicate_grade",
/// "national.peer_level" / unknown indicators in the peers. The system must outlive the result.
[[nodiscard]] inline grading_result grade(const national_system& sys, const city_context& city,
                                          const std::vector<grade_input>& grades,
                                          const std::vector<peer_value>& peers = {},
                                          std::vector<applied_override> overrides = {}) {
  grading_result out;
  out.system = &sys;
  out.city = city;
  out.overrides = std::move(overrides);
  std::map<const national_indicator*, const grade_input*> by;
  for (const auto& g : grades) {
    location where = g.where;
    const national_indicator& ind = sys.at(g.indicator, where);
    where.indicator = ind.code;
    if (ind.level != national_level::district)
      throw data_error("national.grade_level",
                       "indicator " + std::to_string(ind.no) + " " + ind.name_zh +
                           " is not a 城区 indicator (30-59): only those are graded 很好/较好/一般/不足",
                       where);
    if (applicable_in(ind, city) == applicability::not_applicable)
      throw data_error("national.not_applicable",
                       "indicator " + std::to_string(ind.no) + " " + ind.name_zh +
                           " does not apply to this city (" + label(ind.applies, false) +
                           "); remove its grade or correct the city's context",
                       where);
    if (g.survey_score && !(*g.survey_score >= 0.0 && *g.survey_score <= 100.0))
      throw data_error("national.bad_score",
                       "survey score " + detail::format_double(*g.survey_score) + " is outside 0-100", where);
    if (!by.emplace(&ind, &g).second)
      throw data_error("national.duplicate_grade", "indicator " + std::to_string(ind.no) + " is graded twice",
                       where);
  }
  std::map<const national_indicator*, std::vector<std::pair<std::string, double>>> peer_values;
  for (const auto& p : peers) {
    location where = p.where;
    const national_indicator& ind = sys.at(p.indicator, where);
    where.indicator = ind.code;
    if (ind.level != national_level::district)
      throw data_error("national.peer_level",
                       "peer values are for 城区 indicators (30-59), not indicator " + std::to_string(ind.no),
                       where);
    if (!std::isfinite(p.value))
      throw data_error("national.bad_value", "the peer value is missing or not a number", where);
    peer_values[&ind].emplace_back(p.peer, p.value);
  }

  for (const auto& ind : sys.indicators) {
    if (ind.level != national_level::district) continue;
    graded_indicator r;
    r.indicator = &ind;
    r.applies = applicable_in(ind, city);
    r.standards = resolve_standards(ind, city);
    if (auto it = peer_values.find(&ind); it != peer_values.end()) r.peers = it->second;
    auto it = by.find(&ind);
    if (it != by.end()) {
      const grade_input& g = *it->second;
      r.assessor_grade = g.grade;
      r.survey_score = g.survey_score;
      r.value = g.value;
      r.previous = g.previous;
      r.target = g.target;
      r.note = g.note;
      const survey_adjustment adj = apply_survey(g.grade, g.survey_score);
      r.final_grade = adj.grade;
      r.dropped = adj.dropped;
      const std::string score = g.survey_score ? detail::format_double(*g.survey_score) : std::string();
      if (adj.dropped) {
        r.adjustment_zh = "居民问卷得分" + score + "分，低于60分，由" + label(g.grade, true) + "降一级为" +
                          label(adj.grade, true) + "（HB25 l.2071）";
        r.adjustment_en = "survey score " + score + " is below 60: dropped one grade from " +
                          label(g.grade, false) + " to " + label(adj.grade, false) + " (HB25 l.2071)";
      } else if (adj.at_bottom) {
        r.adjustment_zh = "居民问卷得分" + score + "分，低于60分，但已是最低等级不足，无法再降";
        r.adjustment_en = "survey score " + score + " is below 60, but 不足 is already the lowest grade";
      }
      const auto cmp = detail::comparator_for(ind);
      if (r.value && r.previous) {
        r.change = *r.value - *r.previous;
        if (cmp) {
          const double along = *cmp == comparator::at_least ? *r.change : -*r.change;
          r.trend = along > 0   ? national_trend::improved
                    : along < 0 ? national_trend::worsened
                                : national_trend::unchanged;
        }
      }
      if (r.value)
        if (const national_standard* s = r.standards.comparable()) r.meets_standard = meets(*s, *r.value);
      r.target_cmp = g.target_cmp ? g.target_cmp : cmp;
      if (r.value && r.target && r.target_cmp)
        r.meets_target = *r.target_cmp == comparator::at_most ? *r.value <= *r.target : *r.value >= *r.target;
      switch (adj.grade) {
        case indicator_grade::very_good: ++out.counts.very_good; break;
        case indicator_grade::good: ++out.counts.good; break;
        case indicator_grade::fair: ++out.counts.fair; break;
        case indicator_grade::insufficient: ++out.counts.insufficient; break;
      }
    } else if (r.applies != applicability::not_applicable) {
      out.ungraded.push_back(ind.code);
    }
    out.rows.push_back(std::move(r));
  }
  out.overall = grade_overall(out.counts);
  return out;
}

}  // namespace tijian
