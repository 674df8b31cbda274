// SPDX-License-Identifier: MIT
// What the ledger (ledger.hpp) reads: the problem lists of the producers (the check's own
// problems table first; the third-party check and the survey emit the same columns) and the
// team's edited sheet. Both arrive as text grids (io/text_grid.hpp: CSV, and every format the
// grid reader learns), or as tables of a document (a check written as JSON), which become grids
// of their codes here. Columns are recognised by the name or the zh/en label the core's table
// descriptions give them (check_tables.hpp, ledger_tables.hpp), with or without the unit in
// brackets, so that a file written for programs (--headers codes) and one written for people
// (--headers labels, in either language) both read back.
//
// Problem lists: required columns unit and indicator; optional period (must be the check's
// year), name (the unit's name), level (default 城区), longitude / latitude, name_zh (the
// indicator's name), dimension, measure, value, target_zh, severity, bottom_line, problem,
// survey_result, rectification and origin. Who found a problem is the column `origin` (问题来源,
// problem_origin.hpp) that the third-party comparison and the survey write. The check's own
// problems table has a `source` column that holds the source of the plan's target, not who found
// the problem: without `origin`, a `source` column is read as the finder only when every cell
// names one (self_check, third_party, residents, or their labels); otherwise the caller's origin
// applies to every row.
// Status tables (the check's `status`): unit, indicator, status (the state; `met` resolves),
// optional level.
// Edited sheets: required column id; the team's columns status, responsible, remedy, deadline,
// evidence, rectification, priority, renewal_plan are applied when present; level, unit and
// indicator, when present, must equal the ledger's (a location is never changed by an import).
//
// Errors (data_error) name the file, sheet, line and column: "ledger.input.column" (a required
// column is missing), "ledger.input.value" (a status, class, level, number, yes/no or date that
// is not one), "ledger.input.period" (a row of another year).
#pragma once

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check_tables.hpp"
#include "detail/text.hpp"
#include "io/table_io.hpp"
#include "io/text_grid.hpp"
#include "ledger.hpp"
#include "ledger_tables.hpp"
#include "units.hpp"

namespace tijian {

namespace detail {

/// Whether a header is the column's label in one language, alone or with its unit as the CSV
/// writer adds it (io/table_io.hpp: 达标率(比值), "Achievement rate (ratio)").
inline bool is_label_of(const std::string& h, const column& c) {
  if (!c.label_zh.empty() &&
      (h == c.label_zh || (!c.unit_zh.empty() && h == c.label_zh + "(" + c.unit_zh + ")")))
    return true;
  return !c.label_en.empty() &&
         (h == c.label_en || (!c.unit_en.empty() && h == c.label_en + " (" + c.unit_en + ")"));
}

/// The column of `g` that holds the described column `name`: its header is the name, or a label
/// (zh or en, with or without the unit) a description gives a column of that name.
inline std::optional<std::size_t> find_described(const text_grid& g, const std::vector<table>& described,
                                                 std::string_view name) {
  if (auto k = g.find_column(name)) return k;
  for (std::size_t k = 0; k < g.header.size(); ++k) {
    for (const table& t : described)
      for (const column& c : t.columns)
        if (c.name == name && is_label_of(g.header[k], c)) return k;
  }
  return std::nullopt;
}

inline std::optional<std::size_t> find_any(const text_grid& g, const std::vector<table>& described,
                                           std::initializer_list<std::string_view> names) {
  for (const auto n : names)
    if (auto k = find_described(g, described, n)) return k;
  return std::nullopt;
}

/// The enum value a cell names by its code, alias or zh / en label.
template <class E>
std::optional<E> find_named(std::string_view text) {
  if (auto v = find_enum<E>(text)) return v;
  const std::string t = trim(text), l = lower(t);
  for (const auto& e : enum_names<E>::entries)
    if (t == e.zh || l == lower(e.en)) return e.value;
  return std::nullopt;
}

template <class E>
std::string accepted_names() {
  std::string out;
  for (const auto& e : enum_names<E>::entries) {
    if (!out.empty()) out += ", ";
    out += std::string(e.code) + " (" + e.zh + ")";
  }
  return out;
}

[[noreturn]] inline void bad_cell(const text_grid& g, std::size_t row, std::size_t col,
                                  const std::string& what) {
  throw data_error("ledger.input.value", g.column_name(col) + ": " + what, g.where(row, col));
}

template <class E>
E enum_cell(const text_grid& g, std::size_t row, std::size_t col) {
  const std::string& s = g.rows[row][col];
  if (auto v = find_named<E>(s)) return *v;
  bad_cell(g, row, col,
           std::string(enum_names<E>::what) + " '" + s + "' is not known; use " + accepted_names<E>());
}

/// A location's level: one of the four spatial levels (问题整治 is a group of indicators, not a place).
inline national_level level_cell(const text_grid& g, std::size_t row, std::size_t col) {
  const auto l = enum_cell<national_level>(g, row, col);
  if (!is_spatial(l))
    bad_cell(g, row, col,
             "'" + g.rows[row][col] +
                 "' is not a spatial level; use 住房, 小区（社区）, 街区 or 城区（城市）");
  return l;
}

inline double number_cell(const text_grid& g, std::size_t row, std::size_t col) {
  const std::string& s = g.rows[row][col];
  if (s.empty()) return std::nan("");
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || !std::isfinite(v))
    bad_cell(g, row, col, "'" + s + "' is not a number");
  return v;
}

inline bool yes_no_cell(const text_grid& g, std::size_t row, std::size_t col) {
  const std::string s = lower(g.rows[row][col]);
  if (s == "true" || s == "yes" || s == "1" || s == "是" || s == "y") return true;
  if (s == "false" || s == "no" || s == "0" || s == "否" || s == "n" || s.empty()) return false;
  bad_cell(g, row, col, "'" + g.rows[row][col] + "' is not yes or no (是/否, true/false)");
}

inline std::string date_cell(const text_grid& g, std::size_t row, std::size_t col) {
  const std::string& s = g.rows[row][col];
  if (s.empty()) return {};
  if (auto d = normalise_date(s)) return *d;
  bad_cell(g, row, col, "'" + s + "' is not a date; write YYYY-MM-DD (2025-06-30)");
}

[[noreturn]] inline void missing_column(const text_grid& g, const std::string& what) {
  location where = g.where(g.rows.size(), 0);  // the header row (and the sheet of a workbook)
  where.column = 0;
  where.indicator.clear();
  throw data_error("ledger.input.column", "no column '" + what + "' in the header", where);
}

inline std::vector<table> problem_descriptions() {
  const check_result none;
  std::vector<table> out{problems_table(none), status_table(none)};
  for (auto& t : ledger_table_descriptions()) out.push_back(std::move(t));
  return out;
}

/// A cell as the grid of a table holds it: codes for categories, true/false, shortest numbers.
inline std::string cell_text(const column& c, std::size_t i) {
  if (c.is_missing(i)) return {};
  switch (c.type) {
    case column_type::text: return c.texts[i];
    case column_type::real: return format_double(c.reals[i]);
    case column_type::integer: return std::to_string(c.integers[i]);
    case column_type::boolean: return c.integers[i] ? "true" : "false";
    case column_type::categorical: return c.category_of(i)->code;
  }
  return {};
}

}  // namespace detail

/// A table as a grid of its codes (what a CSV written with --headers codes holds), so that a
/// check's document read from JSON goes through the same reader as a file.
[[nodiscard]] inline text_grid grid_of(const table& t, const std::string& source) {
  text_grid g;
  g.source = source + " [" + t.name + "]";
  for (const column& c : t.columns) g.header.push_back(c.name);
  g.rows.resize(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    for (const column& c : t.columns) g.rows[i].push_back(detail::cell_text(c, i));
    g.lines.push_back(i + 1);
  }
  g.header_line = 0;
  return g;
}

/// The problems of one producer's list. `year` 0 takes the year from the period column (which
/// must then be present and the same in every row).
[[nodiscard]] inline std::vector<found_problem> problems_from(const text_grid& g, int& year,
                                                              problem_origin default_source) {
  using namespace detail;
  const auto d = problem_descriptions();
  const auto c_unit = find_described(g, d, "unit");
  const auto c_ind = find_described(g, d, "indicator");
  if (!c_unit) missing_column(g, "unit");
  if (!c_ind) missing_column(g, "indicator");
  const auto c_period = find_described(g, d, "period");
  const auto c_name = find_any(g, d, {"name", "unit_name"});
  const auto c_level = find_described(g, d, "level");
  const auto c_lon = find_described(g, d, "longitude");
  const auto c_lat = find_described(g, d, "latitude");
  const auto c_iname = find_any(g, d, {"name_zh", "indicator_name"});
  const auto c_dim = find_described(g, d, "dimension");
  const auto c_measure = find_described(g, d, "measure");
  const auto c_value = find_described(g, d, "value");
  const auto c_target = find_any(g, d, {"target_zh", "target"});
  const auto c_sev = find_described(g, d, "severity");
  const auto c_bottom = find_described(g, d, "bottom_line");
  const auto c_problem = find_described(g, d, "problem");
  const auto c_survey = find_described(g, d, "survey_result");
  const auto c_rect = find_described(g, d, "rectification");
  // who found the problem: the producers' `origin` column (problem_origin.hpp; by code or label),
  // else a `source` column, which in the check's own table means the target's source
  auto c_source = g.find_column("origin");
  if (!c_source) c_source = g.find_column("问题来源");
  if (!c_source) c_source = g.find_column("Found by");
  if (!c_source) c_source = g.find_column("source");
  if (year == 0 && !c_period) missing_column(g, "period (or give the year)");
  // the source column names problem sources only if every cell does (see the top of this file)
  bool per_row_source = c_source.has_value() && !g.rows.empty();
  if (c_source)
    for (const auto& r : g.rows)
      per_row_source = per_row_source && !r[*c_source].empty() && find_named<problem_origin>(r[*c_source]);

  std::vector<found_problem> out;
  for (std::size_t i = 0; i < g.rows.size(); ++i) {
    const auto& r = g.rows[i];
    if (c_period) {
      const std::string& p = r[*c_period];
      char* end = nullptr;
      const long y = std::strtol(p.c_str(), &end, 10);
      if (p.empty() || *end != '\0') bad_cell(g, i, *c_period, "'" + p + "' is not a year");
      if (year == 0) year = static_cast<int>(y);
      if (y != year)
        throw data_error("ledger.input.period",
                         g.column_name(*c_period) + ": a problem of " + p + " in the update of " +
                             std::to_string(year) + "; give each year's problems in their own update",
                         g.where(i, *c_period));
    }
    found_problem f;
    f.where.unit = r[*c_unit];
    f.indicator = r[*c_ind];
    if (f.where.unit.empty()) bad_cell(g, i, *c_unit, "the unit is empty");
    if (f.indicator.empty()) bad_cell(g, i, *c_ind, "the indicator is empty");
    if (c_name) f.where.unit_name = r[*c_name];
    if (c_level && !r[*c_level].empty()) f.where.level = level_cell(g, i, *c_level);
    if (c_lon) f.where.longitude = number_cell(g, i, *c_lon);
    if (c_lat) f.where.latitude = number_cell(g, i, *c_lat);
    if (c_iname) f.indicator_name = r[*c_iname];
    if (c_dim) f.dimension = r[*c_dim];
    if (c_measure) f.measure = r[*c_measure];
    if (c_value) f.value = number_cell(g, i, *c_value);
    if (c_target) f.target = r[*c_target];
    if (c_sev) f.severity = number_cell(g, i, *c_sev);
    if (c_bottom) f.bottom_line = yes_no_cell(g, i, *c_bottom);
    if (c_problem) f.problem = r[*c_problem];
    if (c_survey) f.survey_result = r[*c_survey];
    if (c_rect && !r[*c_rect].empty()) f.rectification = enum_cell<rectification_class>(g, i, *c_rect);
    f.source = per_row_source ? *find_named<problem_origin>(r[*c_source]) : default_source;
    if (f.problem.empty() && !f.target.empty()) {  // 存在问题 when the producer gives none: the gap
      f.problem = "现状值" +
                  (std::isnan(f.value) ? std::string("无数据")
                                       : format_double(f.value) + unit_label(f.measure, language::zh)) +
                  "，目标" + f.target;
    }
    f.row = g.where(i, *c_ind);
    out.push_back(std::move(f));
  }
  return out;
}

/// The targets met in a check's status table (state `met`; every other state resolves nothing).
[[nodiscard]] inline std::vector<met_target> met_from(const text_grid& g) {
  using namespace detail;
  const auto d = problem_descriptions();
  const auto c_unit = find_described(g, d, "unit");
  const auto c_ind = find_described(g, d, "indicator");
  const auto c_state = find_described(g, d, "status");
  if (!c_unit) missing_column(g, "unit");
  if (!c_ind) missing_column(g, "indicator");
  if (!c_state) missing_column(g, "status");
  const auto c_level = find_described(g, d, "level");
  std::vector<met_target> out;
  for (std::size_t i = 0; i < g.rows.size(); ++i) {
    const auto& r = g.rows[i];
    if (r[*c_state].empty()) continue;  // a row without a target has no state
    if (enum_cell<check_status>(g, i, *c_state) != check_status::met) continue;
    met_target m;
    m.unit = r[*c_unit];
    m.indicator = r[*c_ind];
    if (c_level && !r[*c_level].empty()) m.level = level_cell(g, i, *c_level);
    out.push_back(std::move(m));
  }
  return out;
}

/// The rows of the team's edited sheet (values checked here; ids and locations against the
/// ledger by ledger::apply_edits).
[[nodiscard]] inline std::vector<ledger_edit> edits_from(const text_grid& g) {
  using namespace detail;
  const auto d = ledger_table_descriptions();
  const auto c_id = find_described(g, d, "id");
  if (!c_id) missing_column(g, "id (台账编号)");
  const auto c_status = find_described(g, d, "status");
  const auto c_resp = find_described(g, d, "responsible");
  const auto c_remedy = find_described(g, d, "remedy");
  const auto c_deadline = find_described(g, d, "deadline");
  const auto c_evidence = find_described(g, d, "evidence");
  const auto c_rect = find_described(g, d, "rectification");
  const auto c_prio = find_described(g, d, "priority");
  const auto c_plan = find_described(g, d, "renewal_plan");
  const auto c_level = find_described(g, d, "level");
  const auto c_unit = find_described(g, d, "unit");
  const auto c_ind = find_described(g, d, "indicator");
  std::vector<ledger_edit> out;
  for (std::size_t i = 0; i < g.rows.size(); ++i) {
    const auto& r = g.rows[i];
    ledger_edit e;
    e.id = r[*c_id];
    e.row = g.where(i, *c_id);
    if (e.id.empty()) bad_cell(g, i, *c_id, "the ledger id is empty");
    if (c_status) {
      if (r[*c_status].empty())
        bad_cell(g, i, *c_status, "the status is empty; use " + accepted_names<ledger_status>());
      e.status = enum_cell<ledger_status>(g, i, *c_status);
      e.status_where = g.where(i, *c_status);
    }
    if (c_resp) e.responsible = r[*c_resp];
    if (c_remedy) e.remedy = r[*c_remedy];
    if (c_deadline) e.deadline = date_cell(g, i, *c_deadline);
    if (c_evidence) e.evidence = r[*c_evidence];
    if (c_rect && !r[*c_rect].empty()) e.rectification = enum_cell<rectification_class>(g, i, *c_rect);
    if (c_prio && !r[*c_prio].empty()) {
      const double p = number_cell(g, i, *c_prio);
      if (p != std::floor(p) || p < 1 || p > 9)
        bad_cell(g, i, *c_prio, "a priority is a whole number 1 (highest) to 9");
      e.priority = static_cast<int>(p);
    }
    if (c_plan && !r[*c_plan].empty()) e.renewal_plan = yes_no_cell(g, i, *c_plan);
    if (c_level) {
      if (!r[*c_level].empty()) e.level_cell = std::string(to_string(level_cell(g, i, *c_level)));
      else e.level_cell = std::string();
      e.level_where = g.where(i, *c_level);
    }
    if (c_unit) {
      e.unit_cell = r[*c_unit];
      e.unit_where = g.where(i, *c_unit);
    }
    if (c_ind) {
      e.indicator_cell = r[*c_ind];
      e.indicator_where = g.where(i, *c_ind);
    }
    out.push_back(std::move(e));
  }
  return out;
}

/// The findings of a check's result document (check_tables.hpp's describe(): its problems and
/// status tables). `year` 0 takes the check's period.
[[nodiscard]] inline ledger_findings findings_of(const document& check, const std::string& source_name,
                                                 int year, problem_origin source) {
  ledger_findings f;
  f.year = year;
  f.input = source_name;
  f.problems = problems_from(grid_of(check.table_named("problems"), source_name), f.year, source);
  if (const table* st = check.find_table("status")) f.met = met_from(grid_of(*st, source_name));
  if (f.year == 0) {
    const std::string p = check.text_field("period");
    f.year = std::atoi(p.c_str());
  }
  return f;
}

/// The findings in files: `problems` is a check's result as JSON (`tijian check --out x.json`:
/// problems and status are both read) or a problem list (CSV, or any format read_text_grid
/// reads); `status` (optional) a check's status table. Error "ledger.input.year" when no year is
/// given and none can be read.
[[nodiscard]] inline ledger_findings read_findings(const std::string& problems, const std::string& status,
                                                   int year, problem_origin source,
                                                   const grid_options& options = {}) {
  ledger_findings f;
  const bool json = problems.size() > 5 && problems.compare(problems.size() - 5, 5, ".json") == 0;
  if (json) {
    std::ifstream in(problems, std::ios::binary);
    if (!in) {
      location where;
      where.file = problems;
      throw data_error("io.read", "cannot read the file", where);
    }
    std::ostringstream text;
    text << in.rdbuf();
    f = findings_of(document_from_json(text.str()), problems, year, source);
  } else {
    f.year = year;
    f.input = problems;
    f.problems = problems_from(read_text_grid(problems, options), f.year, source);
  }
  if (!status.empty()) {
    const auto met = met_from(read_text_grid(status));
    f.met.insert(f.met.end(), met.begin(), met.end());
    f.input += " + " + status;
  }
  if (f.year == 0) {
    location where;
    where.file = problems;
    throw data_error("ledger.input.year", "the problem list is empty and gives no year: give the check year",
                     where);
  }
  return f;
}

}  // namespace tijian
