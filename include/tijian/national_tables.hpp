// SPDX-License-Identifier: MIT
// The national basic system (national.hpp), the basic check on a unit hierarchy
// (national_check.hpp) and the official grading (national_grade.hpp) as tables (table.hpp).
// The command line (`tijian national`, `tijian grade`), the Python DataFrames and the report read
// these; no other list of their columns exists.
//
//   indicators   one row per indicator of the system: number, level, aspect, name, unit,
//                measure, direction and its basis, problem type, applicability, the standards
//                (as text), the notes
//   standards    one row per stated standard (or override): indicator, comparator, value, tier,
//                basis, scope, year, the handbook's wording, origin
//   notes        the handbook's inconsistencies and the reference's doubts: system-wide and per
//                indicator, in Chinese and English
//   problems     one row per deficient object: level, unit, the units above it, indicator,
//                value, what is wrong, verdict
//   rollups      one row per unit above an indicator's object level and indicator: objects in
//                the hierarchy, reported (the denominator), with a problem, share (%), quantity,
//                min / max (coverage rates), verdict
//   grades       one row per 城区 indicator: applicability, the assessor's grade, the survey
//                score, whether it dropped and why, the final grade, value, last year's value,
//                change and trend, the standard in force and whether the value meets it, the
//                target, the peers (count, min, median, max, list), notes
//   overall      one row: counts per grade, shares, whether any 不足, the 表3 grade and rule
//   overrides    one row per applied province / city threshold: what it replaced
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "common_columns.hpp"
#include "national.hpp"
#include "national_check.hpp"
#include "national_grade.hpp"
#include "table.hpp"

namespace tijian {

namespace detail::national_columns {
/// A note is written "中文 | English"; either half alone stands for both.
inline std::string half(const std::string& note, bool zh) {
  const auto bar = note.find(" | ");
  if (bar == std::string::npos) return note;
  return zh ? note.substr(0, bar) : note.substr(bar + 3);
}
inline std::string joined(const std::vector<std::string>& notes, bool zh) {
  std::string out;
  for (const auto& n : notes) out += (out.empty() ? "" : zh ? "；" : "; ") + half(n, zh);
  return out;
}
inline std::string standards_text(const std::vector<national_standard>& s, bool zh) {
  return resolved_standards{s, false}.text(zh);
}
/// number, code, level, aspect and names of an indicator, from rows with `ind(row)`.
template <class Rows, class F>
void indicator_columns(table& t, const Rows& rows, F ind) {
  using row = typename Rows::value_type;
  t.integer("no", {"序号", "No."}, rows, [&](const row& r) { return ind(r).no; });
  t.text("indicator", {"指标代码", "Indicator code"}, rows, [&](const row& r) { return ind(r).code; });
  t.text("name_zh", {"指标名称", "Indicator (Chinese)"}, rows, [&](const row& r) {
     return ind(r).name_zh;
   }).written_in = language::zh;
  t.text("name_en", {"指标名称（英文）", "Indicator"}, rows, [&](const row& r) {
     return ind(r).name_en;
   }).written_in = language::en;
  t.text("unit_zh", {"计量单位", "Unit (Chinese)"}, rows, [&](const row& r) {
     return ind(r).unit_zh;
   }).written_in = language::zh;
  t.text("unit_en", {"计量单位（英文）", "Unit"}, rows, [&](const row& r) {
     return ind(r).unit_en;
   }).written_in = language::en;
}
}  // namespace detail::national_columns

[[nodiscard]] inline table national_indicators_table(const national_system& sys) {
  using namespace detail::national_columns;
  using row = national_indicator;
  const auto& rows = sys.indicators;
  table t("indicators", "城市体检基础指标", "National basic indicators");
  t.integer("no", {"序号", "No."}, rows, [](const row& r) { return r.no; });
  t.text("indicator", {"指标代码", "Indicator code"}, rows, [](const row& r) { return r.code; });
  t.categorical<national_level>("level", {"层级", "Level"}, rows,
                                [](const row& r) { return std::optional<national_level>(r.level); });
  t.text("aspect_zh", {"方面", "Aspect (Chinese)"}, rows, [](const row& r) {
     return r.aspect_zh;
   }).written_in = language::zh;
  t.text("aspect_en", {"方面（英文）", "Aspect"}, rows, [](const row& r) { return r.aspect_en; }).written_in =
      language::en;
  t.text("name_zh", {"指标名称", "Indicator (Chinese)"}, rows, [](const row& r) {
     return r.name_zh;
   }).written_in = language::zh;
  t.text("name_en", {"指标名称（英文）", "Indicator"}, rows, [](const row& r) {
     return r.name_en;
   }).written_in = language::en;
  t.text("unit_zh", {"计量单位", "Unit (Chinese)"}, rows, [](const row& r) { return r.unit_zh; }).written_in =
      language::zh;
  t.text("unit_en", {"计量单位（英文）", "Unit"}, rows, [](const row& r) { return r.unit_en; }).written_in =
      language::en;
  t.categorical<national_measure>("measure", {"指标值类型", "Measure"}, rows,
                                  [](const row& r) { return std::optional<national_measure>(r.measure); });
  t.categorical<direction>("direction", {"方向", "Direction"}, rows, [](const row& r) { return r.dir; });
  t.categorical<direction_basis>("direction_basis", {"方向依据", "Direction basis"}, rows,
                                 [](const row& r) -> std::optional<direction_basis> {
                                   if (!r.dir) return std::nullopt;
                                   return r.dir_basis;
                                 });
  t.categorical<problem_type>("problem_type", {"问题类型", "Problem type"}, rows,
                              [](const row& r) { return r.type; });
  t.categorical<applicability_rule>("applies", {"适用范围", "Applies to"}, rows, [](const row& r) {
    return std::optional<applicability_rule>(r.applies);
  });
  t.text("statistical_unit", {"计算单元", "Statistical unit"}, rows,
         [](const row& r) -> std::optional<std::string> {
           if (r.statistical_unit.empty()) return std::nullopt;
           return r.statistical_unit;
         });
  t.text("standards_zh", {"参考标准", "Reference standard (Chinese)"}, rows, [](const row& r) {
     return standards_text(r.standards, true);
   }).written_in = language::zh;
  t.text("standards_en", {"参考标准（英文）", "Reference standard"}, rows, [](const row& r) {
     return standards_text(r.standards, false);
   }).written_in = language::en;
  t.text("criterion", {"问题判定口径", "What counts as a problem (Chinese)"}, rows,
         [](const row& r) { return r.criterion; });
  t.text("source", {"出处", "Source"}, rows, [](const row& r) { return r.source; });
  t.text("notes_zh", {"说明", "Notes (Chinese)"}, rows, [](const row& r) {
     return joined(r.notes, true);
   }).written_in = language::zh;
  t.text("notes_en", {"说明（英文）", "Notes"}, rows, [](const row& r) {
     return joined(r.notes, false);
   }).written_in = language::en;
  return t;
}

[[nodiscard]] inline table national_standards_table(const national_system& sys) {
  struct row {
    const national_indicator* ind;
    const national_standard* s;
  };
  std::vector<row> rows;
  for (const auto& i : sys.indicators)
    for (const auto& s : i.standards) rows.push_back({&i, &s});
  table t("standards", "参考标准", "Reference standards");
  detail::national_columns::indicator_columns(t, rows, [](const row& r) -> const national_indicator& {
    return *r.ind;
  });
  t.categorical<comparator>("cmp", {"比较", "Comparator"}, rows,
                            [](const row& r) { return std::optional<comparator>(r.s->cmp); });
  t.real("value", {"标准值", "Value"}, rows, [](const row& r) { return r.s->value; }).unit_column = "unit_zh";
  t.categorical<standard_tier>("tier", {"适用城市", "For cities"}, rows,
                               [](const row& r) { return std::optional<standard_tier>(r.s->tier); });
  t.categorical<standard_basis>("basis", {"依据", "Basis"}, rows,
                                [](const row& r) { return std::optional<standard_basis>(r.s->basis); });
  t.text("scope", {"适用对象", "Scope"}, rows, [](const row& r) { return r.s->scope; });
  t.integer("year", in("目标年份", "Year", unit_name{"年份", "calendar year"}), rows,
            [](const row& r) { return r.s->year ? std::optional<int>(r.s->year) : std::nullopt; });
  t.text("quote", {"手册原文", "Handbook wording"}, rows, [](const row& r) { return r.s->quote; });
  t.boolean("inferred", {"数值为推断", "Value inferred"}, rows, [](const row& r) { return r.s->inferred; });
  t.text("note_zh", {"说明", "Note (Chinese)"}, rows, [](const row& r) {
     return detail::national_columns::half(r.s->note, true);
   }).written_in = language::zh;
  t.text("note_en", {"说明（英文）", "Note"}, rows, [](const row& r) {
     return detail::national_columns::half(r.s->note, false);
   }).written_in = language::en;
  t.categorical<standard_origin>("origin", {"来源", "Origin"}, rows,
                                 [](const row& r) { return std::optional<standard_origin>(r.s->origin); });
  t.text("origin_name", {"调整地区", "Set by"}, rows, [](const row& r) { return r.s->origin_name; });
  return t;
}

/// Every note: system-wide (indicator empty) and per indicator, split into Chinese and English.
[[nodiscard]] inline table national_notes_table(const national_system& sys) {
  struct row {
    std::string indicator;
    int no;
    std::string text;
  };
  std::vector<row> rows;
  for (const auto& n : sys.notes) rows.push_back({"", 0, n});
  for (const auto& i : sys.indicators) {
    for (const auto& n : i.notes) rows.push_back({i.code, i.no, n});
    for (const auto& s : i.standards)
      if (!s.note.empty()) rows.push_back({i.code, i.no, s.note});
  }
  table t("notes", "说明与手册不一致之处", "Notes and inconsistencies of the handbook");
  t.text("indicator", {"指标代码", "Indicator code"}, rows, [](const row& r) -> std::optional<std::string> {
    if (r.indicator.empty()) return std::nullopt;
    return r.indicator;
  });
  t.integer("no", {"序号", "No."}, rows,
            [](const row& r) { return r.no ? std::optional<int>(r.no) : std::nullopt; });
  t.text("note_zh", {"说明", "Note (Chinese)"}, rows, [](const row& r) {
     return detail::national_columns::half(r.text, true);
   }).written_in = language::zh;
  t.text("note_en", {"说明（英文）", "Note"}, rows, [](const row& r) {
     return detail::national_columns::half(r.text, false);
   }).written_in = language::en;
  return t;
}


[[nodiscard]] inline table national_problems_table(const basic_check_result& res) {
  using row = located_problem;
  const auto& rows = res.problems;
  table t("problems", "问题清单（定位到对象）", "Located problems");
  t.categorical<national_level>("level", {"层级", "Level"}, rows, [](const row& r) {
    return std::optional<national_level>(r.indicator->level);
  });
  t.text("unit", {"对象代码", "Unit"}, rows, [](const row& r) { return r.unit->code; });
  t.text("unit_name", {"对象名称", "Unit name"}, rows, [](const row& r) { return r.unit->name; });
  t.text("district", {"城区", "District"}, rows, [](const row& r) { return r.district; });
  t.text("block", {"街区", "Block"}, rows, [](const row& r) { return r.block; });
  t.text("community", {"小区（社区）", "Community"}, rows, [](const row& r) { return r.community; });
  detail::national_columns::indicator_columns(t, rows, [](const row& r) -> const national_indicator& {
    return *r.indicator;
  });
  t.real("value", {"体检结果", "Value"}, rows, [](const row& r) { return r.value; }).unit_column = "unit_zh";
  t.text("problem", {"存在问题", "Problem"}, rows, [](const row& r) { return r.problem; });
  t.categorical<problem_type>("problem_type", {"问题类型", "Problem type"}, rows,
                              [](const row& r) { return r.indicator->type; });
  t.categorical<object_verdict>("verdict", {"判定", "Verdict"}, rows,
                                [](const row& r) { return std::optional<object_verdict>(r.verdict); });
  return t;
}

[[nodiscard]] inline table national_rollups_table(const basic_check_result& res) {
  using row = indicator_rollup;
  const auto& rows = res.rollups;
  table t("rollups", "问题汇总（按上级单元）", "Problems rolled up to the levels above");
  t.categorical<national_level>("unit_level", {"汇总层级", "Unit level"}, rows,
                                [](const row& r) { return std::optional<national_level>(r.unit->level); });
  t.text("unit", {"单元代码", "Unit"}, rows, [](const row& r) { return r.unit->code; });
  t.text("unit_name", {"单元名称", "Unit name"}, rows, [](const row& r) { return r.unit->name; });
  detail::national_columns::indicator_columns(t, rows, [](const row& r) -> const national_indicator& {
    return *r.indicator;
  });
  t.categorical<national_level>("object_level", {"对象层级", "Object level"}, rows, [](const row& r) {
    return std::optional<national_level>(r.indicator->level);
  });
  t.integer("objects_total", in("下辖对象数", "Objects in the hierarchy", units::count), rows,
            [](const row& r) { return r.objects_total; });
  t.integer("objects_reported", in("已填报对象数（分母）", "Objects reported (denominator)", units::count),
            rows, [](const row& r) { return r.objects_reported; });
  t.integer("with_problem", in("存在问题的对象数", "Objects with a problem", units::count), rows,
            [](const row& r) -> std::optional<std::int64_t> {
              if (r.indicator->measure == national_measure::coverage_rate) return std::nullopt;
              return static_cast<std::int64_t>(r.with_problem);
            });
  t.real("share", in("问题对象占比", "Share with a problem", units::percent), rows,
         [](const row& r) { return r.share; });
  t.real("quantity", {"数量合计", "Total quantity"}, rows, [](const row& r) {
     return r.quantity;
   }).unit_column = "unit_zh";
  t.real("min", {"最小值", "Minimum"}, rows, [](const row& r) { return r.min; }).unit_column = "unit_zh";
  t.real("max", {"最大值", "Maximum"}, rows, [](const row& r) { return r.max; }).unit_column = "unit_zh";
  t.categorical<problem_type>("problem_type", {"问题类型", "Problem type"}, rows,
                              [](const row& r) { return r.indicator->type; });
  t.categorical<object_verdict>("verdict", {"判定", "Verdict"}, rows,
                                [](const row& r) { return std::optional<object_verdict>(r.verdict); });
  return t;
}

[[nodiscard]] inline document describe(const basic_check_result& res) {
  document d;
  d.field("system", res.system->name);
  d.field("observations", static_cast<std::int64_t>(res.observations));
  document counts;
  for (national_level l :
       {national_level::district, national_level::block, national_level::community, national_level::housing})
    counts.field(to_string(l), static_cast<std::int64_t>(res.units->count(l)));
  d.group("units", std::move(counts));
  d.add(national_problems_table(res));
  d.add(national_rollups_table(res));
  d.add(national_notes_table(*res.system));
  return d;
}

[[nodiscard]] inline table national_grades_table(const grading_result& res) {
  using row = graded_indicator;
  const auto& rows = res.rows;
  table t("grades", "城区指标分级", "Grades of the city indicators");
  detail::national_columns::indicator_columns(t, rows, [](const row& r) -> const national_indicator& {
    return *r.indicator;
  });
  t.text("aspect_zh", {"方面", "Aspect (Chinese)"}, rows, [](const row& r) {
     return r.indicator->aspect_zh;
   }).written_in = language::zh;
  t.text("aspect_en", {"方面（英文）", "Aspect"}, rows, [](const row& r) {
     return r.indicator->aspect_en;
   }).written_in = language::en;
  t.categorical<applicability>("applicability", {"适用性", "Applicability"}, rows,
                               [](const row& r) { return std::optional<applicability>(r.applies); });
  t.categorical<indicator_grade>("assessor_grade", {"专家评价", "Assessor's grade"}, rows,
                                 [](const row& r) { return r.assessor_grade; });
  t.real("survey_score", in("居民问卷得分", "Survey score", units::score), rows,
         [](const row& r) { return r.survey_score; });
  t.boolean("dropped", {"因问卷降级", "Dropped by the survey"}, rows,
            [](const row& r) -> std::optional<bool> {
              if (!r.assessor_grade) return std::nullopt;
              return r.dropped;
            });
  t.text("adjustment_zh", {"降级说明", "Adjustment (Chinese)"}, rows, [](const row& r) {
     return r.adjustment_zh;
   }).written_in = language::zh;
  t.text("adjustment_en", {"降级说明（英文）", "Adjustment"}, rows, [](const row& r) {
     return r.adjustment_en;
   }).written_in = language::en;
  t.categorical<indicator_grade>("grade", {"最终评价", "Final grade"}, rows,
                                 [](const row& r) { return r.final_grade; });
  t.real("value", {"指标值", "Value"}, rows, [](const row& r) { return r.value; }).unit_column = "unit_zh";
  t.real("previous", {"上年值", "Previous year"}, rows, [](const row& r) { return r.previous; }).unit_column =
      "unit_zh";
  t.real("change", {"较上年变化", "Change"}, rows, [](const row& r) { return r.change; }).unit_column =
      "unit_zh";
  t.categorical<national_trend>("trend", {"趋势", "Trend"}, rows,
                                [](const row& r) { return std::optional<national_trend>(r.trend); });
  t.categorical<direction_basis>("direction_basis", {"方向依据", "Direction basis"}, rows,
                                 [](const row& r) -> std::optional<direction_basis> {
                                   if (!r.indicator->dir) return std::nullopt;
                                   return r.indicator->dir_basis;
                                 });
  t.text("standard_zh", {"参考标准", "Standard (Chinese)"}, rows, [](const row& r) {
     return r.standards.text(true);
   }).written_in = language::zh;
  t.text("standard_en", {"参考标准（英文）", "Standard"}, rows, [](const row& r) {
     return r.standards.text(false);
   }).written_in = language::en;
  t.boolean("standard_undecided",
            {"标准待定（缺少城市类别或规模）", "Standard undecided (city class or size not given)"}, rows,
            [](const row& r) { return r.standards.undecided; });
  t.boolean("meets_standard", {"达到参考标准", "Meets the standard"}, rows,
            [](const row& r) { return r.meets_standard; });
  t.categorical<comparator>("target_cmp", {"目标比较", "Target comparator"}, rows,
                            [](const row& r) -> std::optional<comparator> {
                              if (!r.target) return std::nullopt;
                              return r.target_cmp;
                            });
  t.real("target", {"目标值", "Target"}, rows, [](const row& r) { return r.target; }).unit_column = "unit_zh";
  t.boolean("meets_target", {"达到目标", "Meets the target"}, rows,
            [](const row& r) { return r.meets_target; });
  t.integer("peers", in("对标城市数", "Peer cities", units::count), rows,
            [](const row& r) { return static_cast<std::int64_t>(r.peers.size()); });
  auto stat = [](const row& r, double q) -> std::optional<double> {
    if (r.peers.empty()) return std::nullopt;
    std::vector<double> v;
    for (const auto& p : r.peers) v.push_back(p.second);
    std::sort(v.begin(), v.end());
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(pos);
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
  };
  t.real("peer_min", {"对标最小值", "Peer minimum"}, rows, [&](const row& r) {
     return stat(r, 0.0);
   }).unit_column = "unit_zh";
  t.real("peer_median", {"对标中位数", "Peer median"}, rows, [&](const row& r) {
     return stat(r, 0.5);
   }).unit_column = "unit_zh";
  t.real("peer_max", {"对标最大值", "Peer maximum"}, rows, [&](const row& r) {
     return stat(r, 1.0);
   }).unit_column = "unit_zh";
  t.text("peer_values", {"对标城市取值", "Peer values"}, rows, [](const row& r) {
    std::string out;
    for (const auto& p : r.peers)
      out += (out.empty() ? "" : "; ") + p.first + " " + detail::format_double(p.second);
    return out;
  });
  t.text("note", {"评价备注", "Assessor's note"}, rows, [](const row& r) { return r.note; });
  t.text("notes_zh", {"说明", "Notes (Chinese)"}, rows, [](const row& r) {
     return detail::national_columns::joined(r.indicator->notes, true);
   }).written_in = language::zh;
  t.text("notes_en", {"说明（英文）", "Notes"}, rows, [](const row& r) {
     return detail::national_columns::joined(r.indicator->notes, false);
   }).written_in = language::en;
  return t;
}

[[nodiscard]] inline table national_overall_table(const grading_result& res) {
  const std::vector<const grading_result*> rows{&res};
  using row = const grading_result*;
  table t("overall", "城市发展质量总体评价（表3）", "Overall grade (表3)");
  t.text("city", {"城市", "City"}, rows, [](row r) { return r->city.name; });
  t.integer("graded", in("已分级指标数", "Indicators graded", units::count), rows,
            [](row r) { return r->counts.total(); });
  t.integer("very_good", in("很好", "Very good", units::count), rows,
            [](row r) { return r->counts.very_good; });
  t.integer("good", in("较好", "Good", units::count), rows, [](row r) { return r->counts.good; });
  t.integer("fair", in("一般", "Fair", units::count), rows, [](row r) { return r->counts.fair; });
  t.integer("insufficient", in("不足", "Insufficient", units::count), rows,
            [](row r) { return r->counts.insufficient; });
  auto share = [](std::int64_t k, std::int64_t n) -> std::optional<double> {
    if (n == 0) return std::nullopt;
    return 100.0 * static_cast<double>(k) / static_cast<double>(n);
  };
  t.real("share_very_good", in("很好占比", "Share very good", units::percent), rows,
         [&](row r) { return share(r->counts.very_good, r->counts.total()); });
  t.real("share_good_or_better", in("很好和较好占比", "Share very good or good", units::percent), rows,
         [&](row r) { return share(r->counts.very_good + r->counts.good, r->counts.total()); });
  t.boolean("any_insufficient", {"存在不足", "Any insufficient"}, rows,
            [](row r) { return r->counts.insufficient > 0; });
  t.categorical<overall_grade>("grade", {"总体评价", "Overall grade"}, rows,
                               [](row r) { return r->overall.grade; });
  t.categorical<table3_rule>("rule", {"适用规则", "Rule applied"}, rows,
                             [](row r) { return std::optional<table3_rule>(r->overall.rule); });
  t.integer("ungraded", in("未分级的适用指标数", "Applicable indicators not graded", units::count), rows,
            [](row r) { return static_cast<std::int64_t>(r->ungraded.size()); });
  t.text("ungraded_list", {"未分级指标", "Indicators not graded"}, rows, [](row r) {
    std::string out;
    for (const auto& c : r->ungraded) out += (out.empty() ? "" : ", ") + c;
    return out;
  });
  t.boolean("complete", {"全部适用指标均已分级", "Every applicable indicator graded"}, rows,
            [](row r) { return r->ungraded.empty(); });
  return t;
}

[[nodiscard]] inline table national_overrides_table(const std::vector<applied_override>& rows) {
  using row = applied_override;
  table t("overrides", "省市调整的标准", "Province and city overrides");
  t.categorical<standard_origin>("scope", {"调整层级", "Scope"}, rows,
                                 [](const row& r) { return std::optional<standard_origin>(r.scope); });
  t.text("name", {"地区", "Province or city"}, rows, [](const row& r) { return r.name; });
  t.text("indicator", {"指标代码", "Indicator code"}, rows, [](const row& r) { return r.indicator; });
  t.text("replaced", {"原标准", "Replaced"}, rows, [](const row& r) { return r.replaced; });
  t.text("now", {"调整后标准", "Now"}, rows, [](const row& r) { return r.now; });
  t.text("source", {"依据文件", "Source"}, rows, [](const row& r) { return r.source; });
  t.text("file", {"文件", "File"}, rows, [](const row& r) { return r.file; });
  t.text("note", {"说明", "Note"}, rows, [](const row& r) { return r.note; });
  return t;
}

/// The system (with its overrides applied) and what the overrides replaced.
[[nodiscard]] inline document describe(const national_system& sys,
                                       const std::vector<applied_override>& overrides = {}) {
  document d;
  d.field("system", sys.name);
  d.field("name_zh", sys.name_zh);
  d.field("name_en", sys.name_en);
  d.field("source", sys.source);
  d.add(national_indicators_table(sys));
  d.add(national_standards_table(sys));
  d.add(national_notes_table(sys));
  d.add(national_overrides_table(overrides));
  return d;
}

[[nodiscard]] inline document describe(const grading_result& res) {
  document d;
  d.field("system", res.system->name);
  document city;
  city.field("name", res.city.name);
  city.field("province", res.city.province);
  city.field("class", res.city.cls ? field_value(std::string(to_string(*res.city.cls))) : field_value{});
  city.field("size", res.city.size ? field_value(std::string(to_string(*res.city.size))) : field_value{});
  city.field("rail_transit", res.city.rail_transit ? field_value(*res.city.rail_transit) : field_value{});
  d.group("city", std::move(city));
  d.field("survey_drop_below", survey_drop_below);
  // what the reference could not confirm, shown with every grading
  d.field("survey_note_zh",
          "HB25 只规定问卷“低于60分则降一级”，隐含0-100分制；问卷的计分方法、答案赋分和权重手册未作规定。"
          "手册中的“单项指标评价规则示例”图片内容未能查阅。");
  d.field(
      "survey_note_en",
      "HB25 only states that a survey score below 60 drops the grade one level, implying a 0-100 scale; how "
      "the score is formed (answer scale, mapping, weights) is not stated. The figure "
      "'单项指标评价规则示例' is an image that was not available.");
  d.add(national_overall_table(res));
  d.add(national_grades_table(res));
  d.add(national_overrides_table(res.overrides));
  d.add(national_notes_table(*res.system));
  return d;
}

}  // namespace tijian
