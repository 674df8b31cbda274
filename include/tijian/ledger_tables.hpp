// SPDX-License-Identifier: MIT
// The problem ledger (ledger.hpp) as tables (table.hpp): the one description of every column the
// ledger exports and reads back. The CSV/JSON writers (io/table_io.hpp), the Python DataFrames
// and the import (ledger_input.hpp, which recognises a sheet's columns by these names and
// labels) all read these; none lists a column of its own.
//
//   ledger               问题台账: every field of every entry
//   history              整改记录: every event (who, when, what), for 回头看
//   problem_list_<level> 问题清单 in the layout of the official template of the level
//   remedy_list_<level>  整治建议清单 in the layout of the official template of the level
//   completion           indicator 60 问题整治完成率 per class, with numerator and denominator
//   outcomes             what one update did to each entry it touched
//   supervision          问题整治督办单: the entries flagged (overdue, untouched, recurred)
//
// The official templates (HB25 附件四 and 附件五, l.3364-3424; reference §4) come first, in their
// order and with their headers; then the ledger's own columns the team edits and the import reads
// back (台账编号, 整改期限, 整改状态, 佐证材料, ...). Columns of the templates that the ledger has no
// data for are left out and named here: 住房 治理难度, 小区 配建情况; the 小区 template's three
// columns of 存在的问题 (规模不足 / 功能不完善 / 其他问题) are one column 存在的问题.
//
// Units: values in the indicator's own unit (per row: `measure`); severity a ratio (the check's
// relative gap); years calendar years; dates YYYY-MM-DD.
#pragma once

#include <string>
#include <vector>

#include "common_columns.hpp"
#include "ledger.hpp"
#include "table.hpp"

namespace tijian {

namespace ledger_units {
inline constexpr unit_name year{"年份", "calendar year"};
inline constexpr unit_name level{"级", "level (1 = highest)"};
inline constexpr unit_name times{"次", "times"};
}  // namespace ledger_units

namespace detail {

inline std::string sources_text(const std::vector<problem_origin>& s, language lang) {
  std::string out;
  for (const auto v : s) {
    if (!out.empty()) out += ";";
    out += lang == language::zh ? label(v, true) : to_string(v);
  }
  return out;
}

/// The columns the team edits and the import reads back.
inline void add_edit_columns(table& t, const std::vector<ledger_entry>& rows) {
  using row = ledger_entry;
  t.integer("priority", in("整治优先级", "Priority", ledger_units::level), rows,
            [](const row& e) { return e.priority; });
  t.boolean("renewal_plan", {"是否纳入下一年更新整治计划", "In next year's renewal plan"}, rows,
            [](const row& e) { return e.renewal_plan; });
  t.text("deadline", {"整改期限", "Deadline"}, rows, [](const row& e) { return text_or_none(e.deadline); });
  t.categorical<ledger_status>("status", {"整改状态", "Status"}, rows,
                               [](const row& e) { return std::optional<ledger_status>(e.status); });
  t.text("evidence", {"佐证材料", "Evidence"}, rows, [](const row& e) { return text_or_none(e.evidence); });
}

/// What identifies a list's row for the import: the entry's id, unit and indicator.
inline void add_key_columns(table& t, const std::vector<ledger_entry>& rows) {
  using row = ledger_entry;
  t.text("id", {"台账编号", "Ledger id"}, rows, [](const row& e) { return e.id; });
  t.text("unit", {"单元编码", "Unit code"}, rows, [](const row& e) { return e.where.unit; });
  t.text("indicator", {"指标编码", "Indicator code"}, rows, [](const row& e) { return e.indicator; });
  t.text("measure", {"计量单位", "Unit of measure"}, rows, [](const row& e) { return e.measure; });
}

inline std::vector<ledger_entry> at_level(const std::vector<ledger_entry>& entries, national_level level) {
  std::vector<ledger_entry> out;
  for (const auto& e : entries)
    if (e.where.level == level) out.push_back(e);
  return out;
}

inline std::string area_of(const ledger_entry& e) {
  return e.where.unit_name.empty() ? e.where.unit : e.where.unit_name;
}

}  // namespace detail

/// 问题台账: every field of every entry.
[[nodiscard]] inline table ledger_table(const std::vector<ledger_entry>& rows, std::string name = "ledger") {
  using row = ledger_entry;
  table t(std::move(name), "问题台账", "Problem ledger");
  t.text("id", {"台账编号", "Ledger id"}, rows, [](const row& e) { return e.id; });
  t.categorical<national_level>("level", {"层级", "Level"}, rows,
                                [](const row& e) { return std::optional<national_level>(e.where.level); });
  t.text("unit", {"单元编码", "Unit code"}, rows, [](const row& e) { return e.where.unit; });
  t.text("unit_name", {"单元名称", "Unit name"}, rows, [](const row& e) { return e.where.unit_name; });
  t.real("longitude", {"经度", "Longitude", "度", "degrees"}, rows,
         [](const row& e) { return detail::finite_or_none(e.where.longitude); });
  t.real("latitude", {"纬度", "Latitude", "度", "degrees"}, rows,
         [](const row& e) { return detail::finite_or_none(e.where.latitude); });
  t.text("indicator", {"指标编码", "Indicator code"}, rows, [](const row& e) { return e.indicator; });
  t.text("indicator_name", {"指标名称", "Indicator name"}, rows,
         [](const row& e) { return e.indicator_name; });
  t.text("dimension", {"维度", "Dimension"}, rows, [](const row& e) { return e.dimension; });
  t.text("measure", {"计量单位", "Unit of measure"}, rows, [](const row& e) { return e.measure; });
  t.text("sources", {"问题来源（代码）", "Sources"}, rows, [](const row& e) {
     return detail::sources_text(e.sources, language::en);
   }).written_in = language::en;
  t.text("sources_zh", {"问题来源", "Sources (Chinese)"}, rows, [](const row& e) {
     return detail::sources_text(e.sources, language::zh);
   }).written_in = language::zh;
  t.real("severity", in("严重程度", "Severity", units::ratio), rows,
         [](const row& e) { return detail::finite_or_none(e.severity); });
  t.real("value", {"体检结果", "Value found"}, rows, [](const row& e) {
     return detail::finite_or_none(e.value);
   }).unit_column = "measure";
  t.text("target", {"目标", "Target"}, rows, [](const row& e) { return detail::text_or_none(e.target); });
  t.text("problem", {"存在问题", "Problem"}, rows,
         [](const row& e) { return detail::text_or_none(e.problem); });
  t.text("survey_result", {"居民问卷指标及评价结果", "Resident survey result"}, rows,
         [](const row& e) { return detail::text_or_none(e.survey_result); });
  t.integer("year_found", in("发现年份", "Year found", ledger_units::year), rows,
            [](const row& e) { return e.year_found; });
  t.integer("last_seen_year", in("最近发现年份", "Last found", ledger_units::year), rows,
            [](const row& e) { return e.last_seen_year; });
  t.text("responsible", {"责任单位", "Responsible unit"}, rows,
         [](const row& e) { return detail::text_or_none(e.responsible); });
  t.text("remedy", {"整治措施", "Measure"}, rows,
         [](const row& e) { return detail::text_or_none(e.remedy); });
  t.categorical<problem_type>("type", {"问题类型", "Problem type"}, rows,
                              [](const row& e) { return std::optional<problem_type>(e.type); });
  t.categorical<rectification_class>("rectification", {"整治类型", "Rectification class"}, rows,
                                     [](const row& e) {
                                       return std::optional<rectification_class>(e.rectification);
                                     });
  detail::add_edit_columns(t, rows);
  t.text("closed_on", {"销号日期", "Closed on"}, rows,
         [](const row& e) { return detail::text_or_none(e.closed_on); });
  t.integer("recurrences", in("反弹次数", "Recurrences", ledger_units::times), rows,
            [](const row& e) { return e.recurrences; });
  t.boolean("overdue", {"逾期", "Overdue"}, rows, [](const row& e) { return e.overdue; });
  t.boolean("supervise", {"督办", "Flagged for supervision"}, rows, [](const row& e) { return e.supervise; });
  t.text("supervise_reason", {"督办原因", "Reason for supervision"}, rows,
         [](const row& e) { return detail::text_or_none(e.supervise_reason); });
  return t;
}

/// 整改记录: the history of the entries.
[[nodiscard]] inline table history_table(const std::vector<ledger_history_row>& rows) {
  using row = ledger_history_row;
  table t("history", "整改记录", "History");
  t.integer("seq", {"记录序号", "Sequence"}, rows, [](const row& h) { return h.seq; });
  t.text("id", {"台账编号", "Ledger id"}, rows, [](const row& h) { return h.entry; });
  t.text("at", {"时间（UTC）", "Time (UTC)"}, rows, [](const row& h) { return h.at; });
  t.integer("year", in("体检年份", "Check year", ledger_units::year), rows,
            [](const row& h) { return h.year == 0 ? std::nullopt : std::optional<int>(h.year); });
  t.text("who", {"操作人", "By"}, rows, [](const row& h) { return h.who; });
  t.categorical<ledger_event>("event", {"事项", "Event"}, rows,
                              [](const row& h) { return std::optional<ledger_event>(h.event); });
  t.categorical<ledger_status>("from", {"原状态", "From"}, rows, [](const row& h) { return h.from; });
  t.categorical<ledger_status>("to", {"新状态", "To"}, rows, [](const row& h) { return h.to; });
  t.text("note", {"说明", "Note"}, rows, [](const row& h) { return detail::text_or_none(h.note); });
  return t;
}

/// 问题清单 of one level, in the layout of the official template (HB25 附件四).
[[nodiscard]] inline table problem_list_table(const std::vector<ledger_entry>& entries,
                                              national_level level) {
  using row = ledger_entry;
  const std::vector<ledger_entry> rows = detail::at_level(entries, level);
  table t("problem_list_" + std::string(to_string(level)), std::string(label(level, true)) + "问题清单",
          std::string("Problem list, ") + label(level, false) + " level");
  std::int64_t n = 0;
  auto seq = [&n](const row&) { return ++n; };
  auto value = [](const row& e) { return detail::finite_or_none(e.value); };
  auto problem = [](const row& e) { return detail::text_or_none(e.problem); };
  switch (level) {
    case national_level::housing:
      t.integer("seq", {"序号", "No."}, rows, seq);
      t.text("indicator_name", {"指标项", "Indicator name"}, rows,
             [](const row& e) { return e.indicator_name; });
      t.real("value", {"体检结果", "Result"}, rows, value).unit_column = "measure";
      t.text("problem", {"存在问题", "Problem"}, rows, problem);
      t.real("severity", in("问题程度", "Severity", units::ratio), rows,
             [](const row& e) { return detail::finite_or_none(e.severity); });
      t.categorical<rectification_class>("rectification", {"问题分类", "Class"}, rows, [](const row& e) {
        return std::optional<rectification_class>(e.rectification);
      });
      break;
    case national_level::community:
    case national_level::block:
      t.integer("seq", {"序号", "No."}, rows, seq);
      t.text("indicator_name", {level == national_level::community ? "指标项" : "指标名称", "Indicator name"},
             rows, [](const row& e) { return e.indicator_name; });
      t.real("value", {"体检结果", "Result"}, rows, value).unit_column = "measure";
      t.text("problem", {level == national_level::community ? "存在的问题" : "存在问题", "Problem"}, rows,
             problem);
      break;
    case national_level::rectification:  // not a place: no entry has it (ledger_input.hpp)
    case national_level::district:
      t.text("dimension", {"维度", "Dimension"}, rows, [](const row& e) { return e.dimension; });
      t.integer("seq", {"序号", "No."}, rows, seq);
      t.text("indicator_name", {"指标项", "Indicator name"}, rows,
             [](const row& e) { return e.indicator_name; });
      t.real("value", {"指标值", "Value"}, rows, value).unit_column = "measure";
      t.text("survey_result", {"居民问卷指标及评价结果", "Resident survey result"}, rows,
             [](const row& e) { return detail::text_or_none(e.survey_result); });
      t.text("problem", {"问题分析", "Analysis"}, rows, problem);
      break;
  }
  t.text("unit_name", {"单元名称", "Unit name"}, rows, [](const row& e) { return e.where.unit_name; });
  detail::add_edit_columns(t, rows);
  detail::add_key_columns(t, rows);
  return t;
}

/// 整治建议清单 of one level, in the layout of the official template (HB25 附件五).
[[nodiscard]] inline table remedy_list_table(const std::vector<ledger_entry>& entries, national_level level) {
  using row = ledger_entry;
  const std::vector<ledger_entry> rows = detail::at_level(entries, level);
  table t("remedy_list_" + std::string(to_string(level)), std::string(label(level, true)) + "整治建议清单",
          std::string("Rectification list, ") + label(level, false) + " level");
  std::int64_t n = 0;
  const bool city = level == national_level::district;
  if (city) {
    t.text("dimension", {"问题领域", "Problem area"}, rows, [](const row& e) { return e.dimension; });
  } else {
    t.integer("seq", {"序号", "No."}, rows, [&n](const row&) { return ++n; });
  }
  t.text("indicator_name", {city ? "指标名称/居民问卷指标" : "问题涉及的指标项", "Indicator name"}, rows,
         [](const row& e) { return e.indicator_name; });
  t.real("value", {city ? "指标值/评价结果" : "指标结果", "Result"}, rows, [](const row& e) {
     return detail::finite_or_none(e.value);
   }).unit_column = "measure";
  if (!city)
    t.text("problem", {"存在问题", "Problem"}, rows,
           [](const row& e) { return detail::text_or_none(e.problem); });
  t.text("remedy", {"整治建议", "Recommended measure"}, rows,
         [](const row& e) { return detail::text_or_none(e.remedy); });
  t.text("area", {"整治区域", "Area"}, rows, [](const row& e) { return detail::area_of(e); });
  t.categorical<rectification_class>("rectification", {"整治类型", "Class"}, rows, [](const row& e) {
    return std::optional<rectification_class>(e.rectification);
  });
  t.text("responsible", {"责任单位", "Responsible unit"}, rows,
         [](const row& e) { return detail::text_or_none(e.responsible); });
  detail::add_edit_columns(t, rows);
  detail::add_key_columns(t, rows);
  return t;
}

/// Indicator 60 问题整治完成率, per class.
[[nodiscard]] inline table completion_table(const std::vector<completion_rate>& rows) {
  using row = completion_rate;
  table t("completion", "问题整治完成率（指标60）", "Indicator 60: problem rectification rate");
  t.integer("year", in("体检年份", "Check year", ledger_units::year), rows,
            [](const row& r) { return r.year; });
  t.categorical<rectification_class>("rectification", {"整治类型", "Class"}, rows, [](const row& r) {
    return std::optional<rectification_class>(r.rectification);
  });
  t.integer("due", in("应完成问题数（分母）", "Due (denominator)", units::count), rows,
            [](const row& r) { return r.due; });
  t.integer("completed", in("已完成问题数（分子）", "Completed (numerator)", units::count), rows,
            [](const row& r) { return r.completed; });
  t.integer("late", in("逾期完成数（未达标）", "Completed after the deadline", units::count), rows,
            [](const row& r) { return r.late; });
  t.integer("in_progress", in("整改中", "In progress", units::count), rows,
            [](const row& r) { return r.in_progress; });
  t.real("rate", in("问题整治完成率", "Rectification rate", units::ratio), rows,
         [](const row& r) { return r.rate; });
  return t;
}

/// What one update did, entry by entry.
[[nodiscard]] inline table outcomes_table(const update_report& r) {
  using row = update_outcome;
  const auto& rows = r.outcomes;
  table t("outcomes", "台账更新结果", "Update outcomes");
  t.text("id", {"台账编号", "Ledger id"}, rows, [](const row& u) { return u.id; });
  t.categorical<ledger_event>("outcome", {"更新结果", "Outcome"}, rows,
                              [](const row& u) { return std::optional<ledger_event>(u.outcome); });
  t.categorical<ledger_status>("from", {"原状态", "From"}, rows, [](const row& u) { return u.from; });
  t.categorical<ledger_status>("to", {"新状态", "To"}, rows, [](const row& u) { return u.to; });
  t.boolean("overdue", {"逾期", "Overdue"}, rows, [](const row& u) { return u.overdue; });
  t.boolean("supervise", {"督办", "Flagged for supervision"}, rows, [](const row& u) { return u.supervise; });
  return t;
}

/// 问题整治督办单: the entries flagged.
[[nodiscard]] inline table supervision_table(const std::vector<ledger_entry>& entries) {
  using row = ledger_entry;
  std::vector<ledger_entry> rows;
  for (const auto& e : entries)
    if (e.supervise) rows.push_back(e);
  table t("supervision", "问题整治督办单", "Supervision notice");
  t.text("id", {"台账编号", "Ledger id"}, rows, [](const row& e) { return e.id; });
  t.categorical<national_level>("level", {"层级", "Level"}, rows,
                                [](const row& e) { return std::optional<national_level>(e.where.level); });
  t.text("unit", {"单元编码", "Unit code"}, rows, [](const row& e) { return e.where.unit; });
  t.text("unit_name", {"单元名称", "Unit name"}, rows, [](const row& e) { return e.where.unit_name; });
  t.text("indicator_name", {"指标名称", "Indicator name"}, rows,
         [](const row& e) { return e.indicator_name; });
  t.text("responsible", {"责任单位", "Responsible unit"}, rows,
         [](const row& e) { return detail::text_or_none(e.responsible); });
  t.text("deadline", {"整改期限", "Deadline"}, rows,
         [](const row& e) { return detail::text_or_none(e.deadline); });
  t.categorical<ledger_status>("status", {"整改状态", "Status"}, rows,
                               [](const row& e) { return std::optional<ledger_status>(e.status); });
  t.integer("priority", in("整治优先级", "Priority", ledger_units::level), rows,
            [](const row& e) { return e.priority; });
  t.text("supervise_reason", {"督办原因", "Reason for supervision"}, rows,
         [](const row& e) { return e.supervise_reason; });
  return t;
}

/// The ledger (optionally with its history).
[[nodiscard]] inline document describe_ledger(const std::vector<ledger_entry>& entries,
                                              const std::vector<ledger_history_row>* history = nullptr) {
  document d;
  d.add(ledger_table(entries));
  if (history) d.add(history_table(*history));
  return d;
}

/// The official lists of one level: 问题清单 and 整治建议清单.
[[nodiscard]] inline document describe_lists(const std::vector<ledger_entry>& entries, national_level level) {
  document d;
  d.field("level", std::string(to_string(level)));
  d.add(problem_list_table(entries, level));
  d.add(remedy_list_table(entries, level));
  return d;
}

/// One update: what it did, indicator 60, and the 督办单 of the ledger after it.
[[nodiscard]] inline document describe(const update_report& r, const std::vector<ledger_entry>& after) {
  document d;
  d.field("year", static_cast<std::int64_t>(r.year)).field("as_of", r.as_of);
  document counts;
  counts.field("created", r.created)
      .field("found_again", r.found_again)
      .field("resolved", r.resolved)
      .field("recurred", r.recurred)
      .field("overdue", r.overdue)
      .field("supervise", r.supervise);
  d.group("counts", std::move(counts));
  d.add(outcomes_table(r));
  d.add(completion_table(r.completion));
  d.add(supervision_table(after));
  return d;
}

/// Every table the ledger writes, without rows: what the import recognises a sheet's columns by.
[[nodiscard]] inline std::vector<table> ledger_table_descriptions() {
  const std::vector<ledger_entry> none;
  std::vector<table> out{ledger_table(none)};
  for (const auto& l : enum_names<national_level>::entries) {
    if (!is_spatial(l.value)) continue;
    out.push_back(problem_list_table(none, l.value));
    out.push_back(remedy_list_table(none, l.value));
  }
  return out;
}

/// What `tijian ledger export` and Ledger.export write.
enum class ledger_export { lists, ledger, history, supervision, completion };

template <>
struct enum_names<ledger_export> {
  static constexpr const char* what = "ledger export";
  static constexpr enum_name<ledger_export> entries[] = {
      {ledger_export::lists, "lists", "问题清单与整治建议清单", "problem and rectification lists"},
      {ledger_export::ledger, "ledger", "问题台账", "the ledger"},
      {ledger_export::history, "history", "整改记录", "history"},
      {ledger_export::supervision, "supervision", "问题整治督办单", "supervision notice"},
      {ledger_export::completion, "completion", "问题整治完成率（指标60）", "indicator 60"},
  };
};

/// The document of an export: the lists of `filter.level` (of every level with entries when
/// none is given), the ledger, the history, the 督办单, or indicator 60 of `year` (error
/// "ledger.year" without one).
[[nodiscard]] inline document export_document(const ledger& l, ledger_export what,
                                              const ledger_filter& filter = {}, int year = 0,
                                              const std::string& as_of = {}) {
  const auto entries = l.entries(filter);
  document d;
  switch (what) {
    case ledger_export::lists:
      if (filter.level) return describe_lists(entries, *filter.level);
      for (const auto& lv : enum_names<national_level>::entries) {
        bool any = false;
        for (const auto& e : entries) any |= e.where.level == lv.value;
        if (!any) continue;
        d.add(problem_list_table(entries, lv.value));
        d.add(remedy_list_table(entries, lv.value));
      }
      if (d.entries.empty()) return describe_lists(entries, national_level::district);
      return d;
    case ledger_export::ledger: return describe_ledger(entries);
    case ledger_export::history: {
      std::vector<ledger_history_row> hist;
      for (const auto& e : entries)
        for (auto& h : l.history(e.id)) hist.push_back(std::move(h));
      d.add(history_table(hist));
      return d;
    }
    case ledger_export::supervision: d.add(supervision_table(entries)); return d;
    case ledger_export::completion:
      if (year == 0) throw error("ledger.year", "indicator 60 needs the check year");
      d.add(completion_table(l.completion(year, as_of)));
      return d;
  }
  return d;
}

}  // namespace tijian
