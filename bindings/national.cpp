// SPDX-License-Identifier: MIT
// tijian._core.national_system(), national_check() and national_grade(): the national basic
// indicator system (national.hpp), the basic check on a unit hierarchy (national_check.hpp) and
// the official grading (national_grade.hpp).
//
// Conversion only: a table argument is a file path (read by the core's text_grid) or a
// (source, header, rows) triple of text cells that the Python package builds from a DataFrame;
// the core validates both the same way and its errors name the source, row and column. The
// results go back as the core's table descriptions (national_tables.hpp; tables_py).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include <tijian/io/national_io.hpp>
#include <tijian/io/text_grid.hpp>
#include <tijian/national.hpp>
#include <tijian/national_check.hpp>
#include <tijian/national_grade.hpp>
#include <tijian/national_tables.hpp>

#include "common.hpp"

namespace tijian_py {

namespace {

/// A path, or (source, header, rows) of text cells; rows are numbered as a CSV file would be
/// (the header is line 1).
tijian::text_grid grid_of(const py::handle& arg, const char* what) {
  if (py::isinstance<py::str>(arg)) return tijian::read_text_grid(arg.cast<std::string>());
  if (py::isinstance<py::tuple>(arg) && py::len(arg) == 3) {
    const auto t = arg.cast<py::tuple>();
    tijian::text_grid g;
    g.source = t[0].cast<std::string>();
    g.header = string_list(t[1], what);
    for (const auto& row : t[2]) {
      g.rows.push_back(string_list(row, what));
      g.lines.push_back(g.rows.size() + 1);
      if (g.rows.back().size() != g.header.size())
        throw tijian::data_error("data.field_count",
                                 std::string(what) + ": a row has " + std::to_string(g.rows.back().size()) +
                                     " cells for " + std::to_string(g.header.size()) + " columns",
                                 g.where(g.rows.size() - 1, 0));
    }
    return g;
  }
  throw argument_error("argument.type", std::string(what) + " must be a path or (source, header, rows)");
}

tijian::city_context context_of(const std::string& name, const std::string& province, const std::string& cls,
                                const std::string& size, std::optional<bool> rail) {
  tijian::city_context c;
  c.name = name;
  c.province = province;
  if (!cls.empty()) c.cls = tijian::parse_enum<tijian::city_class>(cls, "national.city_class");
  if (!size.empty()) c.size = tijian::parse_enum<tijian::city_size>(size, "national.city_size");
  c.rail_transit = rail;
  return c;
}

tijian::national_system system_of(const std::string& system, const std::vector<std::string>& overrides,
                                  std::vector<tijian::applied_override>& record) {
  std::vector<tijian::national_override> ov;
  for (const auto& f : overrides) ov.push_back(tijian::load_national_override(f));
  return tijian::apply_overrides(tijian::resolve_national_system(system), std::move(ov), &record);
}

}  // namespace

void register_national(py::module_& m) {
  m.def(
      "national_system",
      [](const std::string& system, const std::vector<std::string>& overrides) {
        std::vector<tijian::applied_override> rec;
        const tijian::national_system sys = system_of(system, overrides, rec);
        const tijian::document d = tijian::describe(sys, rec);
        py::dict out = tables_py(d);
        out["fields"] = fields_py(d);
        out["document"] = d;  // for to_excel
        return out;
      },
      py::arg("system"), py::arg("overrides"),
      "The national basic system as tables (internal; use tijian.national_framework).");

  m.def(
      "national_check",
      [](const std::string& system, const py::object& units, const py::object& values) {
        const tijian::national_system sys = tijian::resolve_national_system(system);
        const tijian::unit_hierarchy h = tijian::read_unit_hierarchy(grid_of(units, "units"));
        const auto obs = tijian::read_observations(grid_of(values, "values"));
        tijian::document d;
        {
          py::gil_scoped_release release;
          d = tijian::describe(tijian::basic_check(sys, h, obs));  // the tables copy what they show
        }
        py::dict out = tables_py(d);
        out["fields"] = fields_py(d);
        out["document"] = d;  // for to_excel
        return out;
      },
      py::arg("system"), py::arg("units"), py::arg("values"),
      "The basic check on a unit hierarchy (internal; use tijian.national_check).");

  m.def(
      "national_grade",
      [](const std::string& system, const std::vector<std::string>& overrides, const py::object& grades,
         const py::object& peers, const std::string& city, const std::string& province,
         const std::string& cls, const std::string& size, std::optional<bool> rail) {
        std::vector<tijian::applied_override> rec;
        const tijian::national_system sys = system_of(system, overrides, rec);
        const tijian::city_context c = context_of(city, province, cls, size, rail);
        const auto in = tijian::read_grades(grid_of(grades, "grades"));
        std::vector<tijian::peer_value> pv;
        if (!peers.is_none()) pv = tijian::read_peers(grid_of(peers, "peers"));
        const tijian::grading_result res = tijian::grade(sys, c, in, pv, rec);
        const tijian::document d = tijian::describe(res);
        py::dict out = tables_py(d);
        out["fields"] = fields_py(d);
        out["document"] = d;  // for to_excel
        return out;
      },
      py::arg("system"), py::arg("overrides"), py::arg("grades"), py::arg("peers"), py::arg("city"),
      py::arg("province"), py::arg("city_class"), py::arg("city_size"), py::arg("rail_transit"),
      "The official grading (internal; use tijian.grade).");
}

}  // namespace tijian_py
