// SPDX-License-Identifier: MIT
// The tables of the basic check and the grading read from text grids (io/national_io.hpp): the
// unit hierarchy, the lower-level observations, the assessor's grades and the peers' values.
// Cells are parsed here and every error names the file (sheet), line, column, unit and
// indicator; the content is validated by the core (unit_hierarchy, basic_check, grade).
//
// Blank cells: a blank optional cell is "not given". A blank value in the observations table is
// "not reported": the row is kept out of the check, so the object counts in objects_total but
// not in the denominator objects_reported (national_check.hpp).
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "csv_split.hpp"
#include "tijian/io/national_io.hpp"
#include "tijian/io/text_grid.hpp"

namespace tijian {

namespace {

[[noreturn]] void fail(const std::string& id, const std::string& msg, location where) {
  throw data_error(id, msg, std::move(where));
}

/// The column with one of `names`; required columns missing are an error listing the names.
std::optional<std::size_t> column(const text_grid& g, std::initializer_list<const char*> names, bool required,
                                  const char* table) {
  for (const char* n : names)
    if (auto c = g.find_column(n)) return c;
  if (!required) return std::nullopt;
  std::string list;
  for (const char* n : names) list += (list.empty() ? "" : ", ") + std::string(n);
  location at = g.where(g.rows.size(), 0);
  at.line = g.header_line;
  at.column = 0;
  at.indicator.clear();
  fail("national.missing_column", std::string("the ") + table + " table has no column " + list, at);
}

std::string cell(const text_grid& g, std::size_t row, const std::optional<std::size_t>& c) {
  return c ? g.rows[row][*c] : std::string();
}

std::optional<double> number(const text_grid& g, std::size_t row, const std::optional<std::size_t>& c,
                             const std::string& what, location where) {
  if (!c) return std::nullopt;
  const std::string& text = g.rows[row][*c];
  const auto p = io_detail::parse_number(text, number_format::strict);
  if (p.state == io_detail::number_parse::status::missing) return std::nullopt;
  if (p.state != io_detail::number_parse::status::ok)
    fail("national.bad_number",
         what + " '" + text + "' is not a number; " + io_detail::number_advice(p, number_format::strict),
         where);
  return p.value;
}

/// The cell's location; the grid names the column header as `indicator`, which the callers
/// replace with the row's indicator (or clear, for the unit table).
location at(const text_grid& g, std::size_t row, const std::optional<std::size_t>& c) {
  location l = g.where(row, c.value_or(0));
  l.indicator.clear();
  return l;
}

}  // namespace

unit_hierarchy read_unit_hierarchy(const text_grid& g) {
  const auto cu = column(g, {"unit", "单元代码", "code", "代码"}, true, "unit");
  const auto cn = column(g, {"name", "名称", "unit_name", "单元名称"}, false, "unit");
  const auto cl = column(g, {"level", "层级"}, true, "unit");
  const auto cp = column(g, {"parent", "上级单元", "上级"}, true, "unit");
  std::vector<spatial_unit> units;
  for (std::size_t i = 0; i < g.rows.size(); ++i) {
    spatial_unit u;
    u.code = cell(g, i, cu);
    u.name = cell(g, i, cn);
    u.parent = cell(g, i, cp);
    u.where = at(g, i, cu);
    u.where.unit = u.code;
    const std::string level = cell(g, i, cl);
    const auto l = find_enum<national_level>(level);
    if (!l || !is_spatial(*l)) {
      location w = at(g, i, cl);
      w.unit = u.code;
      fail("national.bad_level",
           "level '" + level +
               "' is not a spatial level; use district (城区), block (街区), community (小区/社区) or "
               "housing (住房)",
           w);
    }
    u.level = *l;
    if (u.code.empty()) fail("national.unit_missing", "the unit code is empty", u.where);
    units.push_back(std::move(u));
  }
  return unit_hierarchy(std::move(units));
}

std::vector<object_observation> read_observations(const text_grid& g) {
  const auto cu = column(g, {"unit", "单元代码", "code", "代码"}, true, "observation");
  const auto ci = column(g, {"indicator", "指标", "指标代码", "序号"}, true, "observation");
  const auto cv = column(g, {"value", "体检结果", "值"}, true, "observation");
  const auto cp = column(g, {"problem", "存在问题"}, false, "observation");
  std::vector<object_observation> out;
  for (std::size_t i = 0; i < g.rows.size(); ++i) {
    object_observation o;
    o.unit = cell(g, i, cu);
    o.indicator = cell(g, i, ci);
    o.problem = cell(g, i, cp);
    o.where = at(g, i, cv);
    o.where.unit = o.unit;
    o.where.indicator = o.indicator;
    const std::string text = detail::lower(detail::trim(cell(g, i, cv)));
    if (text == "是" || text == "有" || text == "yes" || text == "true") o.value = 1.0;
    else if (text == "否" || text == "无" || text == "no" || text == "false") o.value = 0.0;
    else {
      const auto v = number(g, i, cv, "value", o.where);
      if (!v) continue;  // not reported (see the top of this file)
      o.value = *v;
    }
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<grade_input> read_grades(const text_grid& g) {
  const auto ci = column(g, {"indicator", "指标", "指标代码", "序号"}, true, "grade");
  const auto cg = column(g, {"grade", "评价", "等级"}, true, "grade");
  const auto cs = column(g, {"survey_score", "问卷得分", "居民问卷得分"}, false, "grade");
  const auto cv = column(g, {"value", "指标值"}, false, "grade");
  const auto cprev = column(g, {"previous", "上年值"}, false, "grade");
  const auto ct = column(g, {"target", "目标值"}, false, "grade");
  const auto cnote = column(g, {"note", "备注"}, false, "grade");
  std::vector<grade_input> out;
  for (std::size_t i = 0; i < g.rows.size(); ++i) {
    grade_input x;
    x.indicator = cell(g, i, ci);
    x.where = at(g, i, ci);
    x.where.indicator = x.indicator;
    auto here = [&](const std::optional<std::size_t>& c) {
      location w = at(g, i, c);
      w.indicator = x.indicator;
      return w;
    };
    const std::string grade_text = cell(g, i, cg);
    const auto gr = find_enum<indicator_grade>(grade_text);
    if (!gr)
      fail("national.bad_grade",
           "grade '" + grade_text + "' is not known; use 很好, 较好, 一般 or 不足 (" +
               codes_of<indicator_grade>() + ")",
           here(cg));
    x.grade = *gr;
    x.survey_score = number(g, i, cs, "survey score", here(cs));
    x.value = number(g, i, cv, "value", here(cv));
    x.previous = number(g, i, cprev, "previous value", here(cprev));
    std::string target = detail::trim(cell(g, i, ct));
    for (const auto& [prefix, cmp] :
         std::initializer_list<std::pair<const char*, comparator>>{{">=", comparator::at_least},
                                                                   {"≥", comparator::at_least},
                                                                   {"<=", comparator::at_most},
                                                                   {"≤", comparator::at_most}}) {
      const std::string p = prefix;
      if (target.compare(0, p.size(), p) == 0) {
        x.target_cmp = cmp;
        target = detail::trim(target.substr(p.size()));
        break;
      }
    }
    if (!target.empty()) {
      const auto p = io_detail::parse_number(target, number_format::strict);
      if (p.state != io_detail::number_parse::status::ok)
        fail("national.bad_number",
             "target '" + cell(g, i, ct) + "' is not a number (optionally after >= or <=)", here(ct));
      x.target = p.value;
    }
    x.note = cell(g, i, cnote);
    out.push_back(std::move(x));
  }
  return out;
}

std::vector<peer_value> read_peers(const text_grid& g) {
  const auto ci = column(g, {"indicator", "指标", "指标代码", "序号"}, true, "peer");
  const auto cp = column(g, {"peer", "对标城市", "city", "城市"}, true, "peer");
  const auto cv = column(g, {"value", "指标值"}, true, "peer");
  std::vector<peer_value> out;
  for (std::size_t i = 0; i < g.rows.size(); ++i) {
    peer_value p;
    p.indicator = cell(g, i, ci);
    p.peer = cell(g, i, cp);
    p.where = at(g, i, cv);
    p.where.indicator = p.indicator;
    const auto v = number(g, i, cv, "peer value", p.where);
    if (!v) fail("national.bad_number", "the peer value is empty", p.where);
    p.value = *v;
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace tijian
