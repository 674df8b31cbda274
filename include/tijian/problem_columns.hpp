// SPDX-License-Identifier: MIT
// The columns every problem list shares, described once: the health check's (check_tables.hpp),
// the third-party comparison's (compare_tables.hpp) and the resident survey's (survey_tables.hpp)
// problem lists have these columns in this order, so that the task ledger (ledger_input.hpp)
// reads the three alike. A list whose rows lack a field (a survey problem has no plan target)
// leaves its cells missing; each list appends its own columns after these.
//
// The rows' shared members (unit, unit_name, period, rank, dimension, indicator, name_zh,
// name_en, value, gap, relative_gap, weight, severity, source) are read directly; what differs
// between the lists is read through `Fields` (see `problem_fields` for what it provides).
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>

#include "check.hpp"
#include "common_columns.hpp"
#include "language.hpp"
#include "table.hpp"

namespace tijian {

/// What a problem list provides beyond the shared members, one function per column; the
/// defaults are the missing cells of a list without plan targets. A list derives from it and
/// hides what its rows have. `Reason` is the list's own enum of problem types.
template <class Row, class Reason>
struct problem_fields {
  using reason_type = Reason;
  static std::optional<Reason> reason(const Row& p) { return p.reason; }
  static std::string measure(const Row& p) { return p.measure; }
  static std::optional<check_status> status(const Row&) { return std::nullopt; }
  static std::optional<bool> bottom_line(const Row&) { return std::nullopt; }
  static std::optional<int> target_index(const Row&) { return std::nullopt; }
  static std::optional<std::string> target_id(const Row&) { return std::nullopt; }
  static double trajectory(const Row&) { return std::numeric_limits<double>::quiet_NaN(); }
  static std::optional<std::string> quote(const Row& p) { return detail::text_or_none(p.quote); }
  static std::optional<std::size_t> status_row(const Row&) { return std::nullopt; }
};

/// The shared columns of a problem list. `fields` is a `problem_fields`-like object; its
/// `target(row, language)` gives the readable target (missing when the row has none).
template <class Rows, class Fields>
void add_problem_columns(table& t, const Rows& rows, const Fields& fields) {
  using row = typename Rows::value_type;
  using reason = typename Fields::reason_type;
  add_id_columns(t, rows);
  t.integer("rank", {"序号", "Rank"}, rows, [](const row& p) { return p.rank; });
  t.text("dimension", {"维度", "Dimension"}, rows, [](const row& p) { return p.dimension; });
  t.text("indicator", {"指标", "Indicator"}, rows, [](const row& p) { return p.indicator; });
  t.text("name_zh", {"指标名称", "Indicator name (Chinese)"}, rows, [](const row& p) {
     return p.name_zh;
   }).written_in = language::zh;
  t.text("name_en", {"指标名称（英文）", "Indicator name"}, rows, [](const row& p) {
     return p.name_en;
   }).written_in = language::en;
  t.text("measure", {"计量单位", "Unit of measure"}, rows, [&](const row& p) { return fields.measure(p); });
  t.categorical<reason>("reason", {"问题类型", "Reason"}, rows,
                        [&](const row& p) { return fields.reason(p); });
  t.categorical<check_status>("status", {"体检结论", "State"}, rows,
                              [&](const row& p) { return fields.status(p); });
  t.boolean("bottom_line", {"底线指标", "Bottom-line indicator"}, rows,
            [&](const row& p) { return fields.bottom_line(p); });
  t.real("value", {"现状值", "Value"}, rows, [](const row& p) { return p.value; }).unit_column = "measure";
  t.integer("target_index", {"目标序号", "Target index"}, rows,
            [&](const row& p) { return fields.target_index(p); });
  t.text("target_id", {"目标编号", "Target id"}, rows, [&](const row& p) { return fields.target_id(p); });
  t.text("target", {"目标（英文）", "Target"}, rows, [&](const row& p) {
     return fields.target(p, language::en);
   }).written_in = language::en;
  t.text("target_zh", {"目标", "Target (Chinese)"}, rows, [&](const row& p) {
     return fields.target(p, language::zh);
   }).written_in = language::zh;
  t.real("trajectory", {"进度目标值", "Value on the trajectory"}, rows, [&](const row& p) {
     return fields.trajectory(p);
   }).unit_column = "measure";
  t.real("gap", {"差距", "Gap"}, rows, [](const row& p) { return p.gap; }).unit_column = "measure";
  t.real("relative_gap", in("相对差距", "Relative gap", units::ratio), rows,
         [](const row& p) { return p.relative_gap; });
  t.real("weight", in("权重", "Weight", units::ratio), rows, [](const row& p) { return p.weight; });
  t.real("severity", in("严重程度", "Severity", units::ratio), rows, [](const row& p) { return p.severity; });
  t.text("source", {"目标来源", "Source of the target"}, rows,
         [](const row& p) { return detail::text_or_none(p.source); });
  t.text("quote", {"原文", "The plan's words"}, rows, [&](const row& p) { return fields.quote(p); });
  t.integer("status_row", {"对应体检行", "Row of the status table"}, rows,
            [&](const row& p) { return fields.status_row(p); });
}

}  // namespace tijian
