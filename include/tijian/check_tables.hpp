// SPDX-License-Identifier: MIT
// The health check's result as tables (table.hpp): the one description of every column of the
// status, achievement, problem, obstacle, composite and diagnostics tables, with units and
// zh/en labels. The CSV and JSON writers (io/table_io.hpp), the Python module and the report
// all read this; none of them lists a column of its own.
//
//   document describe(const check_result&, const composite_result* = nullptr);
//
// Units: values, targets, references and gaps are in the indicator's own unit, named per row
// by the `measure` column; ratios (achievement, relative gap, progress, expected share, 达标率)
// are fractions (1 = 100 %); obstacle degrees are percent; composite scores are points 0-100.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "check.hpp"
#include "composite.hpp"
#include "coupling_tables.hpp"
#include "common_columns.hpp"
#include "problem_columns.hpp"
#include "table.hpp"
#include "units.hpp"

namespace tijian {

/// A row without a light has a missing light cell, not a category "none".
template <>
struct enum_no_value<traffic_light> {
  static constexpr traffic_light value = traffic_light::none;
};

namespace detail {

inline std::optional<std::string> nonempty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}
inline std::optional<int> year_or_none(int y) { return y == 0 ? std::nullopt : std::optional<int>(y); }

}  // namespace detail

/// A target as text in one language, with its unit as that language writes it (units.hpp).
[[nodiscard]] inline std::string target_text(profile_target t, language lang) {
  t.unit = unit_label(t.unit, lang);
  return t.describe(lang == language::zh);
}

/// The targets of a profile, one row per target in profile order (the row is the
/// `target_index` of the status and problem tables).
[[nodiscard]] inline table targets_table(const target_profile& p) {
  using row = profile_target;
  const auto& rows = p.targets;
  auto year = [](int y) { return detail::year_or_none(y); };
  table t("targets", "规划目标", "Targets of the plan");
  t.text("id", {"目标编号", "Target id"}, rows, [](const row& x) { return x.id; });
  t.text("indicator", {"指标", "Indicator"}, rows, [](const row& x) { return x.indicator; });
  t.categorical<target_kind>("kind", {"目标类型", "Kind of target"}, rows,
                             [](const row& x) { return std::optional<target_kind>(x.kind); });
  t.text("comparator", {"比较符", "Comparator"}, rows, [](const row& x) { return std::string(x.symbol()); });
  t.boolean("exclusive", {"不含等号", "Strict inequality"}, rows, [](const row& x) { return x.exclusive; });
  t.real("value", {"目标值", "Target value"}, rows, [](const row& x) { return x.value; }).unit_column =
      "unit";
  t.real("upper", {"目标上限", "Upper end of the band"}, rows, [](const row& x) {
     return x.upper;
   }).unit_column = "unit";
  t.integer("year", {"目标年份", "Target year", "年", "year"}, rows,
            [&](const row& x) { return year(x.year); });
  t.integer("base_year", {"基准年份", "Base year", "年", "year"}, rows,
            [&](const row& x) { return year(x.base_year); });
  t.real("base_value", {"基准值", "Base value"}, rows, [](const row& x) {
     return x.base_value;
   }).unit_column = "unit";
  t.integer("start_year", {"起始年份", "Start year", "年", "year"}, rows,
            [&](const row& x) { return year(x.start_year); });
  t.real("tolerance", {"允许偏差", "Tolerance"}, rows, [](const row& x) { return x.tolerance; }).unit_column =
      "unit";
  t.text("milestones", {"阶段目标", "Milestones"}, rows, [](const row& x) -> std::optional<std::string> {
    if (x.milestones.empty()) return std::nullopt;
    std::string out;
    for (const milestone& m : x.milestones)
      out += (out.empty() ? "" : "; ") + std::to_string(m.year) + ": " + detail::format_double(m.value);
    return out;
  });
  t.categorical<work_data>("work", {"工作量口径", "Work counted as"}, rows, [](const row& x) {
    return x.kind == target_kind::progress ? std::optional<work_data>(x.work) : std::nullopt;
  });
  t.boolean("bottom_line", {"底线目标", "Bottom line"}, rows, [](const row& x) { return x.bottom_line; });
  t.text("bottom_line_quote", {"底线依据", "Words making it a bottom line"}, rows,
         [](const row& x) { return detail::nonempty(x.bottom_line_quote); });
  t.text("unit", {"计量单位", "Unit of measure"}, rows, [](const row& x) { return x.unit; });
  t.text("text", {"目标（英文）", "Target"}, rows, [](const row& x) {
     return target_text(x, language::en);
   }).written_in = language::en;
  t.text("text_zh", {"目标", "Target (Chinese)"}, rows, [](const row& x) {
     return target_text(x, language::zh);
   }).written_in = language::zh;
  t.text("source", {"目标来源", "Source"}, rows, [](const row& x) { return x.source; });
  t.text("quote", {"原文", "The plan's words"}, rows, [](const row& x) { return detail::nonempty(x.quote); });
  t.text("note", {"说明", "Note"}, rows, [](const row& x) { return x.note; });
  t.integer("line", {"文件行号", "Line in the file"}, rows, [](const row& x) -> std::optional<std::size_t> {
    if (x.where.line == 0) return std::nullopt;
    return x.where.line;
  });
  return t;
}

[[nodiscard]] inline table status_table(const check_result& r) {
  using row = check_row;
  const auto& rows = r.status;
  auto targeted = [](const row& s) { return s.target >= 0; };
  table t("status", "指标体检结果", "Check of each indicator");
  add_id_columns(t, rows);
  t.text("dimension", {"维度", "Dimension"}, rows, [](const row& s) { return s.dimension; });
  t.text("indicator", {"指标", "Indicator"}, rows, [](const row& s) { return s.indicator; });
  t.text("name_zh", {"指标名称", "Indicator name (Chinese)"}, rows, [](const row& s) {
     return s.name_zh;
   }).written_in = language::zh;
  t.text("name_en", {"指标名称（英文）", "Indicator name"}, rows, [](const row& s) {
     return s.name_en;
   }).written_in = language::en;
  t.text("measure", {"计量单位", "Unit of measure"}, rows, [](const row& s) { return s.measure; });
  t.integer("target_index", {"目标序号", "Target index"}, rows,
            [&](const row& s) { return targeted(s) ? std::optional<int>(s.target) : std::nullopt; });
  t.text("target_id", {"目标编号", "Target id"}, rows,
         [](const row& s) { return detail::nonempty(s.target_id); });
  t.categorical<target_kind>("target_kind", {"目标类型", "Kind of target"}, rows, [&](const row& s) {
    return targeted(s) ? std::optional<target_kind>(s.kind) : std::nullopt;
  });
  t.text("comparator", {"比较符", "Comparator"}, rows, [&](const row& s) -> std::optional<std::string> {
    if (!targeted(s)) return std::nullopt;
    return std::string(r.profile.targets[static_cast<std::size_t>(s.target)].symbol());
  });
  t.real("target", {"目标值", "Target value"}, rows, [](const row& s) {
     return s.target_value;
   }).unit_column = "measure";
  t.real("target_upper", {"目标上限", "Upper end of the target band"}, rows, [](const row& s) {
     return s.target_upper;
   }).unit_column = "measure";
  t.integer("target_year", {"目标年份", "Target year", "年", "year"}, rows,
            [](const row& s) { return detail::year_or_none(s.target_year); });
  t.integer("base_year", {"基准年份", "Base year", "年", "year"}, rows,
            [](const row& s) { return detail::year_or_none(s.base_year); });
  t.real("value", {"现状值", "Value"}, rows, [](const row& s) { return s.value; }).unit_column = "measure";
  t.real("reference", {"对照值", "Reference value"}, rows, [](const row& s) {
     return s.reference;
   }).unit_column = "measure";
  t.text("reference_period", {"对照期", "Period of the reference"}, rows,
         [](const row& s) { return s.reference_period; });
  t.real("change_pct", in("变化率", "Change", units::percent), rows, [](const row& s) { return s.change; });
  t.categorical<check_status>("status", {"体检结论", "State"}, rows,
                              [](const row& s) { return std::optional<check_status>(s.status); });
  t.boolean("due", {"是否到期", "Due"}, rows,
            [&](const row& s) { return targeted(s) ? std::optional<bool>(s.due) : std::nullopt; });
  t.integer("schedule_start", {"进度起始年份", "Schedule starts", "年", "year"}, rows,
            [](const row& s) { return detail::year_or_none(s.schedule_start); });
  t.real("trajectory", {"进度目标值", "Value on the trajectory"}, rows, [](const row& s) {
     return s.trajectory;
   }).unit_column = "measure";
  t.real("trajectory_gap", {"进度差距", "Gap to the trajectory"}, rows, [](const row& s) {
     return s.trajectory_gap;
   }).unit_column = "measure";
  t.real("achievement", in("完成度", "Achievement", units::ratio), rows,
         [](const row& s) { return s.achievement; });
  t.real("gap", {"差距", "Gap"}, rows, [](const row& s) { return s.gap; }).unit_column = "measure";
  t.real("relative_gap", in("相对差距", "Relative gap", units::ratio), rows,
         [](const row& s) { return s.relative_gap; });
  t.real("progress", in("实际进度", "Progress", units::ratio), rows, [](const row& s) { return s.progress; });
  t.real("expected", in("应有进度", "Expected progress", units::ratio), rows,
         [](const row& s) { return s.expected; });
  t.boolean("on_track", {"是否符合进度", "On track"}, rows, [](const row& s) {
    return s.on_track < 0 ? std::nullopt : std::optional<bool>(s.on_track == 1);
  });
  t.integer("grade_index", {"等级序号", "Grade index"}, rows,
            [](const row& s) { return s.grade < 0 ? std::nullopt : std::optional<int>(s.grade); });
  t.text("grade", {"等级", "Grade (Chinese)"}, rows, [&](const row& s) -> std::optional<std::string> {
     if (s.grade < 0) return std::nullopt;
     return r.grade_label(s.grade, true);
   }).written_in = language::zh;
  t.text("grade_en", {"等级（英文）", "Grade"}, rows, [&](const row& s) -> std::optional<std::string> {
     if (s.grade < 0) return std::nullopt;
     return r.grade_label(s.grade, false);
   }).written_in = language::en;
  t.categorical<traffic_light>("light", {"信号灯", "Traffic light"}, rows, [](const row& s) {
    return s.light == traffic_light::none ? std::nullopt : std::optional<traffic_light>(s.light);
  });
  t.boolean("bottom_line", {"底线指标", "Bottom-line indicator"}, rows,
            [](const row& s) { return s.bottom_line; });
  t.boolean("bottom_line_failure", {"底线未达标", "Bottom line failed"}, rows,
            [](const row& s) { return s.bottom_line_failure; });
  t.real("weight", in("权重", "Weight", units::ratio), rows, [](const row& s) { return s.weight; });
  t.text("source", {"目标来源", "Source of the target"}, rows, [](const row& s) { return s.source; });
  t.text("quote", {"原文", "The plan's words"}, rows, [](const row& s) { return detail::nonempty(s.quote); });
  t.text("note", {"说明（英文）", "Note"}, rows, [](const row& s) { return s.note; }).written_in =
      language::en;
  t.text("note_zh", {"说明", "Note (Chinese)"}, rows, [](const row& s) { return s.note_zh; }).written_in =
      language::zh;
  return t;
}

[[nodiscard]] inline table achievement_table(const check_result& r) {
  using row = achievement_row;
  const auto& rows = r.achievement;
  auto name_of = [&](const std::string& code, bool chinese) {
    const std::size_t i = r.framework.find(code);
    if (i == framework::npos) return std::string();
    return chinese ? r.framework.node(i).name_zh : r.framework.node(i).name_en;
  };
  const column_label count{"", "", "项", "targets"};
  table t("achievement", "达标情况", "Achievement by dimension");
  add_id_columns(t, rows);
  t.text("dimension", {"维度", "Dimension"}, rows, [](const row& a) { return a.dimension; });
  t.text("dimension_zh", {"维度名称", "Dimension name (Chinese)"}, rows, [&](const row& a) {
     return name_of(a.dimension, true);
   }).written_in = language::zh;
  t.text("dimension_en", {"维度名称（英文）", "Dimension name"}, rows, [&](const row& a) {
     return name_of(a.dimension, false);
   }).written_in = language::en;
  t.boolean("overall", {"总体", "Overall"}, rows, [](const row& a) { return a.overall; });
  t.integer("targets", {"目标数", "Targets", count.unit_zh, count.unit_en}, rows,
            [](const row& a) { return a.targets; });
  t.integer("met", {"达标数", "Met", count.unit_zh, count.unit_en}, rows, [](const row& a) { return a.met; });
  t.integer("on_track", {"进度正常数", "On track", count.unit_zh, count.unit_en}, rows,
            [](const row& a) { return a.on_track; });
  t.integer("behind_schedule", {"进度滞后数", "Behind schedule", count.unit_zh, count.unit_en}, rows,
            [](const row& a) { return a.behind_schedule; });
  t.integer("missed", {"未达标数", "Missed", count.unit_zh, count.unit_en}, rows,
            [](const row& a) { return a.missed; });
  t.integer("not_yet_due",
            {"未到期（进度无法判断）数", "Not yet due, pace unknown", count.unit_zh, count.unit_en}, rows,
            [](const row& a) { return a.not_yet_due; });
  t.integer("no_data", {"无数据数", "No data", count.unit_zh, count.unit_en}, rows,
            [](const row& a) { return a.no_data; });
  t.integer("due", {"到期目标数", "Due targets with data", count.unit_zh, count.unit_en}, rows,
            [](const row& a) { return a.due; });
  t.integer("due_met", {"到期达标数", "Due targets met", count.unit_zh, count.unit_en}, rows,
            [](const row& a) { return a.due_met; });
  t.real("rate", in("达标率", "Achievement rate", units::ratio), rows, [](const row& a) { return a.rate; });
  t.integer("not_due", {"未到期已评目标数", "Targets not yet due, pace judged", count.unit_zh, count.unit_en},
            rows, [](const row& a) { return a.not_due; });
  t.integer("not_due_on_schedule",
            {"未到期进度达标数", "Not yet due, met early or on track", count.unit_zh, count.unit_en}, rows,
            [](const row& a) { return a.not_due_on_schedule; });
  t.real("schedule_rate", in("进度达标率", "Schedule rate", units::ratio), rows,
         [](const row& a) { return a.schedule_rate; });
  t.real("index", in("完成度指数", "Achievement index", units::ratio), rows,
         [](const row& a) { return a.index; });
  t.integer("bottom_line_failures", {"底线未达标数", "Bottom-line failures", count.unit_zh, count.unit_en},
            rows, [](const row& a) { return a.bottom_line_failures; });
  t.categorical<traffic_light>("light", {"信号灯", "Traffic light"}, rows, [](const row& a) {
    return a.light == traffic_light::none ? std::nullopt : std::optional<traffic_light>(a.light);
  });
  return t;
}

/// The check's problem list: the shared problem columns (problem_columns.hpp).
struct check_problem_fields : problem_fields<problem, problem_reason> {
  const check_result& r;
  explicit check_problem_fields(const check_result& result) : r(result) {}
  static std::optional<check_status> status(const problem& p) {
    return p.reason == problem_reason::bottom_k ? std::nullopt : std::optional<check_status>(p.status);
  }
  static std::optional<bool> bottom_line(const problem& p) { return p.bottom_line; }
  static std::optional<int> target_index(const problem& p) {
    return p.target < 0 ? std::nullopt : std::optional<int>(p.target);
  }
  static std::optional<std::string> target_id(const problem& p) { return detail::nonempty(p.target_id); }
  static double trajectory(const problem& p) { return p.trajectory; }
  static std::optional<std::size_t> status_row(const problem& p) {
    return p.status_row == static_cast<std::size_t>(-1) ? std::nullopt
                                                        : std::optional<std::size_t>(p.status_row);
  }
  [[nodiscard]] std::string target(const problem& p, language lang) const {
    if (p.target < 0)
      return lang == language::zh ? p.target_text_zh : p.target_text;  // bottom-k: no plan target
    return target_text(r.profile.targets[static_cast<std::size_t>(p.target)], lang);
  }
};

[[nodiscard]] inline table problems_table(const check_result& r) {
  table t("problems", "问题清单", "Problem list");
  add_problem_columns(t, r.problems, check_problem_fields(r));
  return t;
}

[[nodiscard]] inline table obstacles_table(const check_result& r) {
  using row = obstacle_row;
  const auto& rows = r.obstacles;
  table t("obstacles", "障碍度（指标）", "Obstacle degree of indicators");
  add_id_columns(t, rows);
  t.integer("rank", {"障碍度排序", "Rank"}, rows, [](const row& o) { return o.rank; });
  t.text("dimension", {"维度", "Dimension"}, rows, [](const row& o) { return o.dimension; });
  t.text("indicator", {"指标", "Indicator"}, rows, [](const row& o) { return o.indicator; });
  t.real("factor", in("因子贡献度", "Factor contribution", units::ratio), rows,
         [](const row& o) { return o.factor; });
  t.real("deviation", in("指标偏离度", "Deviation", units::ratio), rows,
         [](const row& o) { return o.deviation; });
  t.real("degree", in("障碍度", "Obstacle degree", units::percent), rows,
         [](const row& o) { return o.degree; });
  return t;
}

[[nodiscard]] inline table obstacle_dimensions_table(const check_result& r) {
  using row = obstacle_dimension_row;
  const auto& rows = r.obstacle_dimensions;
  table t("obstacle_dimensions", "障碍度（维度）", "Obstacle degree of dimensions");
  add_id_columns(t, rows);
  t.text("dimension", {"维度", "Dimension"}, rows, [](const row& o) { return o.dimension; });
  t.real("degree", in("障碍度", "Obstacle degree", units::percent), rows,
         [](const row& o) { return o.degree; });
  return t;
}

/// The composite green-city score and its coupling coordination, one row per unit and period:
/// per scored node its score, rank and coverage (the share of its framework weight that
/// entered the score in that row). What each node's score rests on is composite_basis_table.
[[nodiscard]] inline table composite_table(const composite_result& c) {
  const result& s = c.scores;
  std::vector<std::size_t> rows(static_cast<std::size_t>(s.rows()));
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  const bool ranked = s.ranks.size() > 0;
  const bool coupled = c.coupling.d.size() == s.rows();
  table t("composite", "绿色城市综合得分", "Composite green-city score");
  t.text("unit", {"城市", "Unit"}, rows, [&](std::size_t i) { return s.units[i]; });
  t.text("name", {"名称", "Name"}, rows,
         [&](std::size_t i) { return i < s.unit_names.size() ? s.unit_names[i] : std::string(); });
  t.text("period", {"时期", "Period"}, rows, [&](std::size_t i) { return s.periods[i]; });
  for (std::size_t k = 0; k < s.nodes.size(); ++k) {
    const std::size_t n = s.framework.find(s.nodes[k]);
    const std::string zh = n == framework::npos ? s.nodes[k] : name_in(s.framework.node(n), language::zh);
    const std::string en = n == framework::npos ? s.nodes[k] : name_in(s.framework.node(n), language::en);
    const auto col = static_cast<Eigen::Index>(k);
    t.real(s.nodes[k] + "_score", {zh + "得分", en + " score", "分", "points (0-100)"}, rows,
           [&](std::size_t i) { return s.scores(static_cast<Eigen::Index>(i), col); });
    t.integer(s.nodes[k] + "_rank", in(zh + "排名", en + " rank", units::rank), rows,
              [&](std::size_t i) -> std::optional<std::int64_t> {
                const double v = ranked ? s.ranks(static_cast<Eigen::Index>(i), col) : NAN;
                if (!std::isfinite(v)) return std::nullopt;
                return static_cast<std::int64_t>(v);
              });
    t.real(s.nodes[k] + "_coverage", in(zh + "计分覆盖率", en + " coverage", units::ratio), rows,
           [&](std::size_t i) {
             return col < c.coverage.cols() ? c.coverage(static_cast<Eigen::Index>(i), col) : NAN;
           });
  }
  // the same columns as the coupling table of its own, missing where no coupling was computed
  add_coupling_columns(t, c.coupling, rows, coupled);
  return t;
}

/// What the composite score of the index and of every dimension rests on (composite.hpp), one
/// row per inner node of the framework, scored or not.
[[nodiscard]] inline table composite_basis_table(const composite_result& c) {
  using row = composite_node_basis;
  const auto& rows = c.basis;
  table t("composite_basis", "综合得分计分依据", "Basis of the composite scores");
  t.text("node", {"节点", "Node"}, rows, [](const row& b) { return b.code; });
  t.text("name_zh", {"名称", "Name (Chinese)"}, rows, [](const row& b) { return b.name_zh; });
  t.text("name_en", {"名称（英文）", "Name"}, rows, [](const row& b) { return b.name_en; });
  t.text("parent", {"上级", "Parent"}, rows, [](const row& b) { return b.parent; });
  t.real("weight", in("权重（同级）", "Weight (among siblings)", units::ratio), rows,
         [](const row& b) { return b.weight; });
  t.categorical<score_basis>("basis", {"计分依据", "Basis"}, rows,
                             [](const row& b) { return std::optional<score_basis>(b.basis); });
  t.integer("indicators", in("指标数", "Indicators", units::count), rows,
            [](const row& b) { return b.indicators; });
  t.integer("target_based", in("按目标达成度计分", "Scored by target attainment", units::count), rows,
            [](const row& b) { return b.target_based; });
  t.integer("goalpost_based", in("按固定阈值计分", "Scored against goalposts", units::count), rows,
            [](const row& b) { return b.goalpost_based; });
  t.integer("scored_without_data", in("有目标无数据", "With a target, no data column", units::count), rows,
            [](const row& b) { return b.scored_without_data; });
  t.integer("not_scored", in("未计分（无目标）", "Not scored (no target)", units::count), rows,
            [](const row& b) { return b.not_scored; });
  t.boolean("coupled", {"参与耦合", "Coupled"}, rows, [](const row& b) { return b.coupled; });
  return t;
}

/// The composite's diagnostics (dimensions not scored, indicators not scored, the scoring
/// run's own), under a name of their own beside the check's diagnostics table.
[[nodiscard]] inline table composite_diagnostics_table(const composite_result& c) {
  table t = diagnostics_table(c.diagnostics);
  t.name = "composite_diagnostics";
  t.label_zh = "综合得分诊断信息";
  t.label_en = "Diagnostics of the composite score";
  return t;
}

/// The whole check result: provenance, the checked period, the options, then the tables.
[[nodiscard]] inline document describe(const check_result& r, const composite_result* composite = nullptr) {
  document doc;
  doc.group("provenance", describe(r.origin));
  doc.field("period", r.period);
  const check_options& o = r.options;
  document opts;
  opts.field("strict", o.strict)
      .field("cap", o.cap)
      .field("bands", o.bands)
      .field("grade_labels_zh", o.grade_labels_zh)
      .field("grade_labels_en", o.grade_labels_en)
      .field("weak_below", o.weak_below)
      .field("bottom_k", static_cast<std::int64_t>(o.bottom_k))
      .field("obstacle_factor", std::string(to_string(o.obstacles.factor)))
      .field("obstacle_scaling", std::string(to_string(o.obstacles.scaling)));
  doc.group("options", std::move(opts));
  doc.add(status_table(r));
  doc.add(achievement_table(r));
  doc.add(problems_table(r));
  doc.add(obstacles_table(r));
  doc.add(obstacle_dimensions_table(r));
  doc.add(diagnostics_table(r.diagnostics));
  if (composite) {
    const composite_result& c = *composite;
    document comp;
    comp.field("indicators_target_based", c.target_based)
        .field("indicators_goalposts", c.goalpost_based)
        .field("indicators_not_scored", c.not_scored)
        .field("left_out", c.left_out)
        .field("subsystems", c.subsystems)
        .field("coupling_on", std::string(to_string(c.coupling_on)))
        .field("coupling_formula", std::string(to_string(c.coupling.options.formula)))
        .field("class_boundary", std::string(to_string(c.coupling.options.boundary)));
    comp.add(composite_table(c), "rows");
    comp.add(composite_basis_table(c), "basis");
    comp.add(composite_diagnostics_table(c), "diagnostics");
    doc.group("composite", std::move(comp));
  }
  return doc;
}

}  // namespace tijian
