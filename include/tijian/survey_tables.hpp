// SPDX-License-Identifier: MIT
// The resident survey's result (survey.hpp) as tables (table.hpp): the one description of its
// columns, with units and zh/en labels, read by the CSV and JSON writers, the Python module and
// the report.
//
//   items         one row per item: score, answered / 不了解 / blank counts, level shares
//   dimensions    one row per dimension: item-weighted score
//   groups        one row per breakdown group and dimension ("" = all items): weighted mean,
//                 Kish effective n, standard error and confidence interval
//   alpha         Cronbach's alpha per dimension on complete cases
//   adequacy      the handbook's sample rules, one row each, with the handbook's words
//   communities   responses per community against the minimum of 6
//   weights       post-stratification cells: population and sample shares, weight
//   gap           objective vs felt score per dimension (温差)
//   problems      the check's problem columns (check_tables.hpp problems_table) plus `origin`
//                 (问题来源, here always "residents"), `item` and `objective`
//
// Units: scores are points 0-100 (分); shares in the items and weights tables are ratios; the
// adequacy table names each row's unit in its unit columns.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "check.hpp"
#include "common_columns.hpp"
#include "problem_columns.hpp"
#include "survey.hpp"
#include "table.hpp"

namespace tijian {

namespace survey_units {
inline constexpr unit_name points{"分", "points (0-100)"};
inline constexpr unit_name responses{"份", "responses"};
}  // namespace survey_units


[[nodiscard]] inline table survey_items_table(const survey_result& r) {
  using row = survey_item_row;
  const auto& rows = r.items;
  const unit_name pts = survey_units::points, n = survey_units::responses;
  table t("items", "问卷题目得分", "Item scores");
  t.text("item", {"题目编号", "Item"}, rows, [](const row& x) { return x.code; });
  t.text("column", {"问卷列名", "Column in the export"}, rows, [](const row& x) { return x.column; });
  t.text("dimension", {"维度", "Dimension"}, rows, [](const row& x) { return x.dimension; });
  t.text("indicator", {"对应指标", "Indicator"}, rows,
         [](const row& x) { return detail::text_or_none(x.indicator); });
  t.text("name_zh", {"题目名称", "Item name (Chinese)"}, rows, [](const row& x) {
     return x.name_zh.empty() ? x.column : x.name_zh;
   }).written_in = language::zh;
  t.text("name_en", {"题目名称（英文）", "Item name"}, rows, [](const row& x) {
     return x.name_en.empty() ? x.code : x.name_en;
   }).written_in = language::en;
  t.real("weight", in("题目权重", "Item weight", units::dimensionless), rows,
         [](const row& x) { return x.weight; });
  t.integer("answered", in("有效评价数", "Answered on the scale", n), rows,
            [](const row& x) { return x.answered; });
  t.integer("dont_know", in("不了解数", "Don't know", n), rows, [](const row& x) { return x.dont_know; });
  t.integer("blank", in("未作答数", "Blank", n), rows, [](const row& x) { return x.blank; });
  t.integer("used", in("计入均值数", "Entered the mean", n), rows, [](const row& x) { return x.used; });
  t.real("weight_sum", in("样本权重和", "Sum of respondent weights", units::dimensionless), rows,
         [](const row& x) { return x.weight_sum; });
  t.real("score", in("得分", "Score", pts), rows, [](const row& x) { return x.score; });
  t.boolean("below_threshold", {"低于60分", "Below 60 points"}, rows,
            [](const row& x) { return x.below_threshold; });
  for (std::size_t k = 0; k < r.definition.scale.size(); ++k) {
    const answer_level& l = r.definition.scale[k];
    t.real("share_" + l.code, in("“" + l.zh + "”占比", "Share " + l.en, units::ratio), rows,
           [k](const row& x) { return x.level_shares[k]; });
  }
  return t;
}

[[nodiscard]] inline table survey_dimensions_table(const survey_result& r) {
  using row = survey_dimension_row;
  const auto& rows = r.dimensions;
  table t("dimensions", "维度满意度", "Dimension scores");
  t.text("dimension", {"维度", "Dimension"}, rows, [](const row& x) { return x.dimension; });
  t.integer("items", in("题目数", "Items", units::count), rows, [](const row& x) { return x.items; });
  t.integer("items_scored", in("有得分题目数", "Items with a score", units::count), rows,
            [](const row& x) { return x.items_scored; });
  t.real("score", in("得分", "Score", survey_units::points), rows, [](const row& x) { return x.score; });
  t.boolean("below_threshold", {"低于60分", "Below 60 points"}, rows,
            [](const row& x) { return x.below_threshold; });
  return t;
}

[[nodiscard]] inline table survey_groups_table(const survey_result& r) {
  using row = survey_group_row;
  const auto& rows = r.groups;
  const unit_name pts = survey_units::points;
  const std::string pct = detail::format_double(100 * r.definition.confidence);
  table t("groups", "分组满意度", "Scores by group");
  t.text("variable", {"分组变量", "Grouped by"}, rows, [](const row& x) { return x.variable; });
  t.text("group", {"组别", "Group"}, rows, [](const row& x) { return x.group; });
  t.text("dimension", {"维度", "Dimension"}, rows,
         [](const row& x) { return detail::text_or_none(x.dimension); });
  t.integer("n", in("样本数", "Respondents", survey_units::responses), rows,
            [](const row& x) { return x.n; });
  t.real("weight_sum", in("样本权重和", "Sum of weights", units::dimensionless), rows,
         [](const row& x) { return x.weight_sum; });
  t.real("n_eff", in("有效样本量（Kish）", "Effective sample size (Kish)", units::dimensionless), rows,
         [](const row& x) { return x.n_eff; });
  t.real("mean", in("加权平均得分", "Weighted mean score", pts), rows, [](const row& x) { return x.mean; });
  t.real("se", in("标准误", "Standard error", pts), rows, [](const row& x) { return x.se; });
  t.real("ci_low", in(pct + "%置信区间下限", pct + " % CI, lower", pts), rows,
         [](const row& x) { return x.ci_low; });
  t.real("ci_high", in(pct + "%置信区间上限", pct + " % CI, upper", pts), rows,
         [](const row& x) { return x.ci_high; });
  return t;
}

[[nodiscard]] inline table survey_alpha_table(const survey_result& r) {
  using row = survey_alpha_row;
  const auto& rows = r.alpha;
  table t("alpha", "信度（Cronbach's α）", "Cronbach's alpha");
  t.text("dimension", {"维度", "Dimension"}, rows, [](const row& x) { return x.dimension; });
  t.integer("items", in("题目数", "Items", units::count), rows, [](const row& x) { return x.items; });
  t.integer("complete_cases", in("完整作答样本数", "Complete cases", survey_units::responses), rows,
            [](const row& x) { return x.complete_cases; });
  t.real("alpha", in("α系数", "Alpha", units::dimensionless), rows, [](const row& x) { return x.alpha; });
  return t;
}

[[nodiscard]] inline table survey_adequacy_table(const survey_result& r) {
  using row = adequacy_row;
  const auto& rows = r.adequacy;
  table t("adequacy", "样本合规性检查", "Sample adequacy");
  t.text("rule", {"规则编号", "Rule"}, rows, [](const row& x) { return x.rule; });
  t.text("rule_zh", {"规则", "Rule (Chinese)"}, rows, [](const row& x) { return x.rule_zh; }).written_in =
      language::zh;
  t.text("rule_en", {"规则（英文）", "Rule text"}, rows, [](const row& x) { return x.rule_en; }).written_in =
      language::en;
  t.real("value", {"实际值", "Value"}, rows, [](const row& x) { return x.value; }).unit_column = "unit";
  t.text("unit", {"单位", "Unit"}, rows, [](const row& x) { return x.unit_zh; }).written_in = language::zh;
  t.text("unit_en", {"单位（英文）", "Unit (English)"}, rows, [](const row& x) {
     return x.unit_en;
   }).written_in = language::en;
  t.text("comparator", {"比较方式", "Comparator"}, rows, [](const row& x) { return x.comparator; });
  t.real("limit", {"要求值", "Limit"}, rows, [](const row& x) { return x.limit; }).unit_column = "unit";
  t.categorical<adequacy_verdict>("verdict", {"结论", "Verdict"}, rows,
                                  [](const row& x) { return std::optional<adequacy_verdict>(x.verdict); });
  t.text("reference", {"依据", "Reference"}, rows, [](const row& x) { return x.reference; });
  t.text("quote", {"手册原文", "The handbook's words"}, rows, [](const row& x) { return x.quote; });
  t.text("note", {"说明（英文）", "Note"}, rows, [](const row& x) {
     return detail::text_or_none(x.note);
   }).written_in = language::en;
  t.text("note_zh", {"说明", "Note (Chinese)"}, rows, [](const row& x) {
     return detail::text_or_none(x.note_zh);
   }).written_in = language::zh;
  return t;
}

[[nodiscard]] inline table survey_communities_table(const survey_result& r) {
  using row = community_row;
  const auto& rows = r.communities;
  table t("communities", "各社区样本量", "Responses per community");
  t.text("community", {"社区", "Community"}, rows, [](const row& x) { return x.community; });
  t.text("district", {"区", "District"}, rows, [](const row& x) { return detail::text_or_none(x.district); });
  t.integer("n", in("样本量", "Responses", survey_units::responses), rows, [](const row& x) { return x.n; });
  t.boolean("meets_minimum", {"达到6份", "At least 6"}, rows, [](const row& x) { return x.meets_minimum; });
  return t;
}

[[nodiscard]] inline table survey_weights_table(const survey_result& r) {
  using row = survey_weight_cell;
  const auto& rows = r.cells;
  table t("weights", "事后分层权重", "Post-stratification cells");
  const std::vector<std::string> by = r.definition.weighting ? r.definition.weighting->by
                                                             : std::vector<std::string>{};
  auto label = [](const std::string& v) -> column_label {
    if (v == "district") return {"区", "District"};
    if (v == "age_group") return {"年龄段", "Age group"};
    if (v == "gender") return {"性别", "Gender"};
    if (v == "community") return {"社区", "Community"};
    return {v, v};
  };
  for (std::size_t k = 0; k < by.size(); ++k)
    t.text(by[k], label(by[k]), rows, [k](const row& x) { return x.values[k]; });
  t.real("population_share", in("人口占比", "Population share", units::ratio), rows,
         [](const row& x) { return x.population_share; });
  t.integer("n", in("样本数", "Respondents", survey_units::responses), rows,
            [](const row& x) { return x.n; });
  t.real("sample_share", in("样本占比", "Sample share", units::ratio), rows,
         [](const row& x) { return x.sample_share; });
  t.real("weight", in("样本权重", "Weight of each respondent", units::dimensionless), rows,
         [](const row& x) { return x.weight; });
  t.text("collapsed_into", {"并入", "Collapsed into"}, rows,
         [](const row& x) { return detail::text_or_none(x.collapsed_into); });
  return t;
}

[[nodiscard]] inline table survey_gap_table(const survey_result& r) {
  using row = survey_gap_row;
  const auto& rows = r.gaps;
  const unit_name pts = survey_units::points;
  table t("gap", "主客观温差", "Objective-subjective gap");
  t.text("dimension", {"维度", "Dimension"}, rows, [](const row& x) { return x.dimension; });
  t.real("objective", in("客观得分", "Objective score", pts), rows, [](const row& x) { return x.objective; });
  t.real("felt", in("居民满意度", "Felt satisfaction", pts), rows, [](const row& x) { return x.felt; });
  t.real("gap", in("温差（主观-客观）", "Gap (felt - objective)", pts), rows,
         [](const row& x) { return x.gap; });
  t.boolean("flagged", {"是否标记", "Flagged"}, rows, [](const row& x) { return x.flagged; });
  t.categorical<survey_problem_reason>("reason", {"标记原因", "Reason"}, rows,
                                       [](const row& x) { return x.reason; });
  t.text("source", {"客观得分来源", "Source of the objective score"}, rows,
         [](const row& x) { return detail::text_or_none(x.source); });
  return t;
}

/// The survey's problem list: the shared problem columns (problem_columns.hpp), whose plan-target
/// cells (status, target index and id, trajectory, status row) are missing here, then `origin`
/// and the survey's own columns. Survey scores are in points (分).
struct survey_problem_fields : problem_fields<survey_problem, survey_problem_reason> {
  static std::string measure(const survey_problem&) { return "分"; }
  static std::optional<bool> bottom_line(const survey_problem&) { return false; }
  static std::string target(const survey_problem& p, language lang) {
    return lang == language::zh ? p.target_text_zh : p.target_text;
  }
};

[[nodiscard]] inline table survey_problems_table(const survey_result& r) {
  using row = survey_problem;
  const auto& rows = r.problems;
  table t("problems", "问题清单（居民问卷）", "Problem list (resident survey)");
  add_problem_columns(t, rows, survey_problem_fields());
  t.categorical<problem_origin>("origin", {"问题来源", "Found by"}, rows,
                                [](const row& p) { return std::optional<problem_origin>(p.origin); });
  t.text("item", {"问卷题目", "Survey item"}, rows,
         [](const row& p) { return detail::text_or_none(p.item); });
  t.real("objective", in("客观得分", "Objective score", survey_units::points), rows,
         [](const row& p) { return p.objective; });
  return t;
}

/// The whole survey result: provenance, the choices that shaped it (ours, not the handbook's,
/// where it is silent), the sample size, then the tables.
[[nodiscard]] inline document describe(const survey_result& r) {
  const survey_definition& d = r.definition;
  document doc;
  document prov;
  prov.field("definition_source", d.source).field("data_source", r.data_source).field("survey", d.name);
  doc.group("provenance", std::move(prov));
  doc.field("unit", d.unit).field("unit_name", d.unit_name).field("period", d.period);
  doc.field("respondents", static_cast<std::int64_t>(r.respondents)).field("n_eff", r.n_eff);
  document opts;
  std::vector<std::string> levels;
  std::vector<double> scores;
  for (const auto& l : d.scale) levels.push_back(l.zh), scores.push_back(l.score);
  opts.field("scale", levels)
      .field("scale_scores", scores)
      .field("scale_source", std::string("ours: the handbook gives no answer scale or score mapping"))
      .field("numbers", std::string(to_string(d.numbers)))
      .field("dont_know", d.dont_know)
      .field("dont_know_policy", std::string(to_string(d.dont_know_policy)))
      .field("dont_know_score", d.dont_know_score)
      .field("blank_policy", std::string(to_string(d.blank_policy)))
      .field("blank_score", d.blank_score)
      .field("item_weights",
             std::string("ours: item weights from the definition (default 1); dimension score = "
                         "item-weighted mean of item scores"))
      .field("weighting_by", d.weighting ? d.weighting->by : std::vector<std::string>{})
      .field("weighting",
             std::string(d.weighting ? "post-stratification to the definition's population shares, "
                                       "w = P_c n / n_c"
                                     : "none: every respondent weighs 1"))
      .field("empty_cells", std::string(d.weighting ? to_string(d.weighting->empty_cells) : ""))
      .field("confidence", d.confidence)
      .field("interval",
             std::string("t interval on Kish's effective sample size n_eff = (sum w)^2 / sum w^2, "
                         "df = n_eff - 1 (the design effect of clustering is not included)"))
      .field("alpha", std::string("Cronbach's alpha on complete cases (respondents scoring every item of the "
                                  "dimension), unweighted"))
      .field("threshold", d.threshold)
      .field("gap_rule", std::string(to_string(d.gap.rule)))
      .field("gap_threshold", d.gap.threshold)
      .field("gap_max", d.gap.max_gap);
  doc.group("options", std::move(opts));
  doc.add(survey_items_table(r));
  doc.add(survey_dimensions_table(r));
  doc.add(survey_groups_table(r));
  doc.add(survey_alpha_table(r));
  doc.add(survey_adequacy_table(r));
  doc.add(survey_communities_table(r));
  doc.add(survey_weights_table(r));
  doc.add(survey_gap_table(r));
  doc.add(survey_problems_table(r));
  return doc;
}

}  // namespace tijian
