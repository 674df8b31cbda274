// SPDX-License-Identifier: MIT
// The annual check over years (trend.hpp), the attribution of a composite change
// (attribution.hpp) and the five-year evaluation (evaluate.hpp) as tables (table.hpp). The
// command line's `trend` / `evaluate --out`, the Python DataFrames and the report read these.
//
//   trends       one row per unit and indicator (per target, with a profile)
//   changes      one row per unit, indicator and pair of consecutive years with data
//   ranks        one row per unit, indicator and year: rank overall and in the peer group
//   attribution  one row per unit and indicator: its contribution to the composite change
//   attribution_summary  one row per unit: the two scores, the change, the sum of the
//                contributions and the residual, the ranks
//   evaluation   one row per unit and target (五年评估)
//   evaluation_dimensions  one row per unit and top-level dimension: counts by outcome
//
// Units: values, changes and levels are in the indicator's unit, named per row by the text
// column `measure` (unit_column); slopes and paces in that unit per year; percentages in %,
// growth rates in %/year, years as calendar years (fractional for a projected year of
// attainment), shares as ratios, normalised values and scores in score points.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attribution.hpp"
#include "common_columns.hpp"
#include "detail/prep.hpp"
#include "evaluate.hpp"
#include "table.hpp"
#include "trend.hpp"

namespace tijian {

namespace trend_units {
inline constexpr unit_name per_year{"指标计量单位/年", "unit of the indicator per year"};
inline constexpr unit_name percent_per_year{"%/年", "%/year"};
inline constexpr unit_name year{"年份", "calendar year"};
inline constexpr unit_name years{"年", "years"};
inline constexpr unit_name log_points{"对数差", "log difference"};
}  // namespace trend_units

namespace detail::trend_columns {
/// A value column whose unit is the row's indicator unit (the `measure` column).
template <class Rows, class F>
void measured(table& t, std::string name, std::string zh, std::string en, const Rows& rows, F f) {
  t.real(std::move(name), {std::move(zh), std::move(en)}, rows, f).unit_column = "measure";
}
inline std::optional<int> year_or_none(int y) { return y == 0 ? std::nullopt : std::optional<int>(y); }
}  // namespace detail::trend_columns

[[nodiscard]] inline table trends_table(const std::vector<indicator_trend>& rows) {
  using row = indicator_trend;
  using detail::trend_columns::measured;
  using detail::trend_columns::year_or_none;
  table t("trends", "指标年度趋势", "Indicator trends over years");
  t.text("unit", {"城市", "Unit"}, rows, [](const row& x) { return x.unit; });
  t.text("name", {"名称", "Name"}, rows, [](const row& x) { return x.unit_name; });
  t.text("indicator", {"指标", "Indicator"}, rows, [](const row& x) { return x.indicator; });
  t.text("measure", {"计量单位", "Unit of measure"}, rows, [](const row& x) { return x.measure; });
  t.integer("first_year", in("起始年份", "First year with data", trend_units::year), rows,
            [](const row& x) { return year_or_none(x.first_year); });
  t.integer("last_year", in("末年份", "Last year with data", trend_units::year), rows,
            [](const row& x) { return year_or_none(x.last_year); });
  t.integer("years", in("有数据年数", "Years with data", units::count), rows,
            [](const row& x) { return x.years; });
  measured(t, "first_value", "起始值", "First value", rows, [](const row& x) { return x.first_value; });
  measured(t, "last_value", "末值", "Last value", rows, [](const row& x) { return x.last_value; });
  measured(t, "change", "变化量", "Change", rows, [](const row& x) { return x.change; });
  t.real("change_pct", in("变化率", "Change", units::percent), rows,
         [](const row& x) { return x.change_pct; });
  t.real("cagr_pct", in("年均复合增长率", "Compound annual growth rate", trend_units::percent_per_year), rows,
         [](const row& x) { return x.cagr_pct; });
  t.real("slope", in("线性趋势斜率", "Linear trend (OLS slope)", trend_units::per_year), rows,
         [](const row& x) { return x.line.slope; });
  t.real("slope_se", in("斜率标准误", "Standard error of the slope", trend_units::per_year), rows,
         [](const row& x) { return x.line.slope_se; });
  t.real("r2", in("拟合优度R²", "R squared of the trend", units::ratio), rows,
         [](const row& x) { return x.line.r2; });
  t.real("trend_pct",
         in("趋势年变化率", "Trend as % of the fitted first value", trend_units::percent_per_year), rows,
         [](const row& x) { return x.trend_pct; });
  t.categorical<improvement>("improvement", {"改善情况", "Improvement"}, rows,
                             [](const row& x) { return std::optional<improvement>(x.trend); });
  t.integer("projection_year", in("预测年份", "Projection year", trend_units::year), rows,
            [](const row& x) { return year_or_none(x.projection_year); });
  measured(t, "projected_linear", "线性外推值", "Projected value (linear)", rows,
           [](const row& x) { return x.projected_linear; });
  measured(t, "projected_cagr", "复合增长外推值", "Projected value (CAGR)", rows,
           [](const row& x) { return x.projected_cagr; });
  t.text("target", {"目标", "Target"}, rows, [](const row& x) { return x.target_text; });
  t.categorical<target_kind>("target_kind", {"目标类型", "Target kind"}, rows,
                             [](const row& x) { return x.kind; });
  t.integer("target_year", in("目标年份", "Target year", trend_units::year), rows,
            [](const row& x) { return year_or_none(x.target_year); });
  measured(t, "target_level", "目标值", "Target level", rows, [](const row& x) {
    return x.goal.applicable ? x.goal.goal_from(x.last_value) : detail::prep::nan;
  });
  t.integer("base_year", in("基准年份", "Base year", trend_units::year), rows,
            [](const row& x) { return x.goal.applicable ? year_or_none(x.goal.base_year) : std::nullopt; });
  measured(t, "base_value", "基准值", "Base value", rows,
           [](const row& x) { return x.goal.applicable ? x.goal.base_value : detail::prep::nan; });
  t.categorical<base_rule>("base_rule", {"基准确定方式", "How the base was found"}, rows, [](const row& x) {
    return x.goal.applicable ? std::optional<base_rule>(x.goal.rule) : std::nullopt;
  });
  t.real("progress", in("目标进度", "Share of the required change achieved", units::ratio), rows,
         [](const row& x) { return x.progress; });
  t.categorical<pace_outlook>("outlook_linear", {"线性趋势下的前景", "Outlook at the linear pace"}, rows,
                              [](const row& x) {
                                return x.kind ? std::optional<pace_outlook>(x.outlook_linear) : std::nullopt;
                              });
  t.real("year_met_linear", in("线性趋势达标年份", "Year met at the linear pace", trend_units::year), rows,
         [](const row& x) { return x.year_met_linear; });
  t.categorical<pace_outlook>("outlook_cagr", {"复合增长下的前景", "Outlook at the compound pace"}, rows,
                              [](const row& x) {
                                return x.kind ? std::optional<pace_outlook>(x.outlook_cagr) : std::nullopt;
                              });
  t.real("year_met_cagr", in("复合增长达标年份", "Year met at the compound pace", trend_units::year), rows,
         [](const row& x) { return x.year_met_cagr; });
  return t;
}

[[nodiscard]] inline table changes_table(const std::vector<yearly_change>& rows) {
  using row = yearly_change;
  using detail::trend_columns::measured;
  table t("changes", "逐年变化", "Year-on-year changes");
  t.text("unit", {"城市", "Unit"}, rows, [](const row& x) { return x.unit; });
  t.text("name", {"名称", "Name"}, rows, [](const row& x) { return x.unit_name; });
  t.text("indicator", {"指标", "Indicator"}, rows, [](const row& x) { return x.indicator; });
  t.text("measure", {"计量单位", "Unit of measure"}, rows, [](const row& x) { return x.measure; });
  t.integer("previous_year", in("上一有数据年份", "Previous year with data", trend_units::year), rows,
            [](const row& x) { return x.previous_year; });
  t.integer("year", in("年份", "Year", trend_units::year), rows, [](const row& x) { return x.year; });
  measured(t, "previous_value", "上年值", "Previous value", rows,
           [](const row& x) { return x.previous_value; });
  measured(t, "value", "本年值", "Value", rows, [](const row& x) { return x.value; });
  measured(t, "change", "变化量", "Change", rows, [](const row& x) { return x.change; });
  t.real("change_pct", in("变化率", "Change", units::percent), rows,
         [](const row& x) { return x.change_pct; });
  t.categorical<improvement>("improvement", {"改善情况", "Improvement"}, rows,
                             [](const row& x) { return std::optional<improvement>(x.direction); });
  return t;
}

[[nodiscard]] inline table ranks_table(const std::vector<yearly_rank>& rows, bool groups) {
  using row = yearly_rank;
  table t("ranks", "指标年度排名", "Indicator ranks per year");
  t.text("unit", {"城市", "Unit"}, rows, [](const row& x) { return x.unit; });
  t.text("name", {"名称", "Name"}, rows, [](const row& x) { return x.unit_name; });
  t.text("indicator", {"指标", "Indicator"}, rows, [](const row& x) { return x.indicator; });
  t.text("measure", {"计量单位", "Unit of measure"}, rows, [](const row& x) { return x.measure; });
  t.integer("year", in("年份", "Year", trend_units::year), rows, [](const row& x) { return x.year; });
  detail::trend_columns::measured(t, "value", "指标值", "Value", rows, [](const row& x) { return x.value; });
  t.integer("rank", in("排名", "Rank (1 = best)", units::rank), rows, [](const row& x) { return x.rank; });
  t.integer("ranked", in("参与排名数", "Units ranked", units::count), rows,
            [](const row& x) { return x.ranked; });
  t.integer("rank_change", in("名次变化", "Rank change (> 0: moved up)", units::rank), rows,
            [](const row& x) { return x.rank_change; });
  if (groups) {
    t.text("group", {"分组", "Peer group"}, rows, [](const row& x) { return x.group; });
    t.integer("group_rank", in("组内排名", "Rank in the peer group", units::rank), rows,
              [](const row& x) { return x.group_rank; });
    t.integer("group_ranked", in("组内参与排名数", "Units ranked in the group", units::count), rows,
              [](const row& x) { return x.group_ranked; });
    t.integer("group_rank_change", in("组内名次变化", "Rank change in the group", units::rank), rows,
              [](const row& x) { return x.group_rank_change; });
  }
  return t;
}

/// Every table of the annual check over years.
/// The whole annual check over years: provenance, the options, then the tables.
[[nodiscard]] inline document describe(const trend_report& r) {
  document d;
  d.group("provenance", describe(r.origin));
  const trend_options& o = r.options;
  document opts;
  opts.field("from_year", static_cast<std::int64_t>(o.from_year))
      .field("to_year", static_cast<std::int64_t>(o.to_year))
      .field("tolerance", o.tolerance)
      .field("projection_year", static_cast<std::int64_t>(o.projection_year))
      .field("group", o.group)
      .field("group_column", r.group_column);
  d.group("options", std::move(opts));
  d.add(trends_table(r.trends));
  d.add(changes_table(r.changes));
  d.add(ranks_table(r.ranks, !r.group_column.empty()));
  return d;
}

[[nodiscard]] inline table attribution_table(const attribution& a) {
  using row = attribution_row;
  const auto& rows = a.rows;
  table t("attribution", "综合得分变化归因", "Attribution of the composite change");
  t.text("unit", {"城市", "Unit"}, rows, [](const row& x) { return x.unit; });
  t.text("name", {"名称", "Name"}, rows, [](const row& x) { return x.unit_name; });
  t.text("indicator", {"指标", "Indicator"}, rows, [](const row& x) { return x.indicator; });
  t.real("value_a", in("基期标准化值", "Normalised value, first period", units::score), rows,
         [](const row& x) { return x.value_a; });
  t.real("value_b", in("末期标准化值", "Normalised value, second period", units::score), rows,
         [](const row& x) { return x.value_b; });
  t.real("multiplier", in("变化乘数", "Score points per point of the indicator", units::ratio), rows,
         [](const row& x) { return x.multiplier; });
  t.real("contribution", in("贡献", "Contribution to the change", units::score), rows,
         [](const row& x) { return x.contribution; });
  t.real("log_contribution", in("对数贡献", "Contribution to the log change", trend_units::log_points), rows,
         [](const row& x) { return x.log_contribution; });
  return t;
}

[[nodiscard]] inline table attribution_summary_table(const attribution& a) {
  using row = attribution_summary;
  const auto& rows = a.units;
  table t("attribution_summary", "综合得分变化", "Composite change per unit");
  t.text("unit", {"城市", "Unit"}, rows, [](const row& x) { return x.unit; });
  t.text("name", {"名称", "Name"}, rows, [](const row& x) { return x.unit_name; });
  t.real("score_a", in("基期得分", "Score, first period", units::score), rows,
         [](const row& x) { return x.score_a; });
  t.real("score_b", in("末期得分", "Score, second period", units::score), rows,
         [](const row& x) { return x.score_b; });
  t.real("change", in("得分变化", "Change", units::score), rows, [](const row& x) { return x.change; });
  t.real("contributions", in("贡献合计", "Sum of the contributions", units::score), rows,
         [](const row& x) { return x.contributions; });
  t.real("residual", in("未分解余量", "Residual", units::score), rows,
         [](const row& x) { return x.residual; });
  t.real("log_change", in("对数变化", "Log change", trend_units::log_points), rows,
         [](const row& x) { return x.log_change; });
  t.real("log_contributions", in("对数贡献合计", "Sum of the log contributions", trend_units::log_points),
         rows, [](const row& x) { return x.log_contributions; });
  t.integer("rank_a", in("基期排名", "Rank, first period", units::rank), rows,
            [](const row& x) { return x.rank_a; });
  t.integer("rank_b", in("末期排名", "Rank, second period", units::rank), rows,
            [](const row& x) { return x.rank_b; });
  t.integer("rank_change", in("名次变化", "Rank change (> 0: moved up)", units::rank), rows,
            [](const row& x) { return x.rank_change; });
  t.boolean("exact", {"精确分解", "Exact decomposition"}, rows, [](const row& x) { return x.exact; });
  return t;
}

[[nodiscard]] inline document describe(const attribution& a) {
  document d;
  d.field("node", a.node);
  d.field("period_a", a.period_a);
  d.field("period_b", a.period_b);
  d.add(attribution_table(a));
  d.add(attribution_summary_table(a));
  return d;
}

[[nodiscard]] inline table evaluation_table(const std::vector<target_evaluation>& rows) {
  using row = target_evaluation;
  using detail::trend_columns::measured;
  using detail::trend_columns::year_or_none;
  table t("evaluation", "五年评估(目标)", "Five-year evaluation per target");
  t.text("unit", {"城市", "Unit"}, rows, [](const row& x) { return x.unit; });
  t.text("name", {"名称", "Name"}, rows, [](const row& x) { return x.unit_name; });
  t.text("dimension", {"维度", "Dimension"}, rows, [](const row& x) { return x.dimension; });
  t.text("indicator", {"指标", "Indicator"}, rows, [](const row& x) { return x.indicator; });
  t.text("measure", {"计量单位", "Unit of measure"}, rows, [](const row& x) { return x.measure; });
  t.text("target", {"目标", "Target"}, rows, [](const row& x) { return x.target_text; });
  t.categorical<target_kind>("target_kind", {"目标类型", "Target kind"}, rows,
                             [](const row& x) { return std::optional<target_kind>(x.kind); });
  t.integer("target_year", in("目标年份", "Target year", trend_units::year), rows,
            [](const row& x) { return year_or_none(x.target_year); });
  measured(t, "target_level", "目标值", "Target level", rows, [](const row& x) { return x.level; });
  t.integer("base_year", in("基准年份", "Base year", trend_units::year), rows,
            [](const row& x) { return x.goal.applicable ? year_or_none(x.goal.base_year) : std::nullopt; });
  measured(t, "base_value", "基准值", "Base value", rows,
           [](const row& x) { return x.goal.applicable ? x.goal.base_value : detail::prep::nan; });
  t.categorical<base_rule>("base_rule", {"基准确定方式", "How the base was found"}, rows, [](const row& x) {
    return x.goal.applicable ? std::optional<base_rule>(x.goal.rule) : std::nullopt;
  });
  t.integer("year", in("评估值年份", "Year of the evaluated value", trend_units::year), rows,
            [](const row& x) { return year_or_none(x.year); });
  measured(t, "value", "评估值", "Evaluated value", rows, [](const row& x) { return x.value; });
  measured(t, "achieved", "已实现变化", "Change achieved", rows, [](const row& x) { return x.achieved; });
  measured(t, "required", "所需变化", "Change required", rows, [](const row& x) { return x.required; });
  t.real("share_achieved", in("完成比例", "Share of the required change achieved", units::ratio), rows,
         [](const row& x) { return x.share_achieved; });
  t.real("pace", in("实际年均进度", "Pace since the base (per year)", trend_units::per_year), rows,
         [](const row& x) { return x.pace; });
  t.real("pace_required", in("规划年均进度", "Plan's straight-line pace", trend_units::per_year), rows,
         [](const row& x) { return x.pace_required; });
  t.real("pace_needed", in("剩余所需年均进度", "Pace needed in the remaining years", trend_units::per_year),
         rows, [](const row& x) { return x.pace_needed; });
  measured(t, "projected_value", "目标年预测值", "Projected value in the target year", rows,
           [](const row& x) { return x.projected_value; });
  t.real("projected_year", in("预计实现年份", "Projected year of attainment", trend_units::year), rows,
         [](const row& x) { return x.projected_year; });
  t.categorical<plan_outcome>("outcome", {"评估结论", "Outcome"}, rows,
                              [](const row& x) { return std::optional<plan_outcome>(x.outcome); });
  return t;
}

[[nodiscard]] inline table evaluation_dimensions_table(const std::vector<dimension_evaluation>& rows) {
  using row = dimension_evaluation;
  const unit_name n = units::count;
  table t("evaluation_dimensions", "五年评估(维度)", "Five-year evaluation per dimension");
  t.text("unit", {"城市", "Unit"}, rows, [](const row& x) { return x.unit; });
  t.text("name", {"名称", "Name"}, rows, [](const row& x) { return x.unit_name; });
  t.text("dimension", {"维度", "Dimension"}, rows, [](const row& x) { return x.dimension; });
  t.integer("targets", in("目标数", "Targets", n), rows, [](const row& x) { return x.targets; });
  t.integer("achieved", in("已实现", "Achieved", n), rows, [](const row& x) { return x.achieved; });
  t.integer("on_pace", in("进度正常", "On pace", n), rows, [](const row& x) { return x.on_pace; });
  t.integer("will_miss", in("将无法实现", "Will miss at this pace", n), rows,
            [](const row& x) { return x.will_miss; });
  t.integer("missed", in("到期未实现", "Missed", n), rows, [](const row& x) { return x.missed; });
  t.integer("no_data", in("数据不足", "Not enough data", n), rows, [](const row& x) { return x.no_data; });
  t.integer("not_applicable", in("不适用", "Not applicable", n), rows,
            [](const row& x) { return x.not_applicable; });
  t.real("mean_share", in("平均完成比例(封顶1)", "Mean share achieved (capped at 1)", units::ratio), rows,
         [](const row& x) { return x.mean_share; });
  return t;
}

/// The whole five-year evaluation: provenance, the options, the years used, then the tables.
[[nodiscard]] inline document describe(const evaluation_report& r) {
  document d;
  d.group("provenance", describe(r.origin));
  document opts;
  opts.field("year", static_cast<std::int64_t>(r.options.year))
      .field("end_year", static_cast<std::int64_t>(r.options.end_year));
  d.group("options", std::move(opts));
  d.field("profile", r.profile);
  d.field("year", static_cast<std::int64_t>(r.year));
  d.field("end_year", static_cast<std::int64_t>(r.end_year));
  d.add(evaluation_table(r.targets));
  d.add(evaluation_dimensions_table(r.dimensions));
  return d;
}

}  // namespace tijian
