// SPDX-License-Identifier: MIT
// tijian._core.Ledger: the problem-to-task ledger (ledger.hpp) for the Python package
// (python/tijian/ledger.py). Conversion only: arguments arrive as plain values, codes are parsed
// and every input validated by the core (ledger_input.hpp), the SQLite work runs with the GIL
// released (an update may wait for another process's lock), and results go back as the core's
// table descriptions (ledger_tables.hpp; tables_py).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include <tijian/check_tables.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/ledger.hpp>
#include <tijian/ledger_input.hpp>
#include <tijian/ledger_tables.hpp>

#include "common.hpp"

namespace tijian_py {

namespace {

tijian::ledger_filter filter_of(const std::string& level, const std::string& status, int year_found,
                                bool open_only, bool overdue, bool supervise) {
  tijian::ledger_filter f;
  if (!level.empty()) f.level = tijian::parse_enum<tijian::national_level>(level, "ledger.level");
  if (!status.empty()) f.status = tijian::parse_enum<tijian::ledger_status>(status, "ledger.status");
  if (year_found != 0) f.year_found = year_found;
  f.open_only = open_only;
  f.overdue_only = overdue;
  f.supervise_only = supervise;
  return f;
}

py::dict update_py(tijian::ledger& l, const tijian::ledger_findings& f, const std::string& as_of,
                   const std::string& who) {
  tijian::update_options u;
  u.as_of = as_of;
  u.who = who;
  tijian::document d;
  {
    py::gil_scoped_release release;
    const tijian::update_report r = l.update(f, u);
    d = tijian::describe(r, l.entries());
  }
  py::dict out;
  out["tables"] = tables_py(d);
  out["fields"] = fields_py(d);
  return out;
}

}  // namespace

void register_ledger(py::module_& m) {
  using tijian::ledger;
  py::class_<ledger>(m, "Ledger", "The problem ledger in SQLite (private; use tijian.Ledger).")
      .def(py::init([](const std::string& path, int busy_timeout_ms) {
             tijian::ledger_options o;
             o.busy_timeout_ms = busy_timeout_ms;
             py::gil_scoped_release release;
             return ledger(path, o);
           }),
           py::arg("path"), py::arg("busy_timeout_ms"))
      .def_static(
          "create",
          [](const std::string& path, int busy_timeout_ms) {
            tijian::ledger_options o;
            o.busy_timeout_ms = busy_timeout_ms;
            py::gil_scoped_release release;
            return ledger::create(path, o);
          },
          py::arg("path"), py::arg("busy_timeout_ms"))
      .def_property_readonly("path", &ledger::path)
      .def_property_readonly("schema_version", &ledger::schema_version)
      .def(
          "update_files",
          [](ledger& l, const std::string& problems, const std::string& status, int year,
             const std::string& source, const std::string& as_of, const std::string& who,
             const std::string& sheet) {
            tijian::grid_options g;
            g.sheet = sheet;
            const auto s = tijian::parse_enum<tijian::problem_origin>(source, "ledger.source");
            tijian::ledger_findings f;
            {
              py::gil_scoped_release release;
              f = tijian::read_findings(problems, status, year, s, g);
            }
            return update_py(l, f, as_of, who);
          },
          py::arg("problems"), py::arg("status"), py::arg("year"), py::arg("source"), py::arg("as_of"),
          py::arg("who"), py::arg("sheet"))
      .def(
          "update_check",
          [](ledger& l, const py::object& check, const std::string& status, int year,
             const std::string& source, const std::string& as_of, const std::string& who) {
            const auto s = tijian::parse_enum<tijian::problem_origin>(source, "ledger.source");
            tijian::ledger_findings f = tijian::findings_of(check_document_of(check), "check", year, s);
            if (!status.empty()) {
              const auto met = tijian::met_from(tijian::read_text_grid(status));
              f.met.insert(f.met.end(), met.begin(), met.end());
            }
            return update_py(l, f, as_of, who);
          },
          py::arg("check"), py::arg("status"), py::arg("year"), py::arg("source"), py::arg("as_of"),
          py::arg("who"))
      .def(
          "import_sheet",
          [](ledger& l, const std::string& path, const std::string& sheet, const std::string& who,
             const std::string& as_of) {
            tijian::grid_options g;
            g.sheet = sheet;
            tijian::import_report r;
            {
              py::gil_scoped_release release;
              r = l.apply_edits(tijian::edits_from(tijian::read_text_grid(path, g)), who, as_of);
            }
            py::dict d;
            d["rows"] = r.rows;
            d["changed"] = r.changed;
            d["status_changes"] = r.status_changes;
            return d;
          },
          py::arg("path"), py::arg("sheet"), py::arg("who"), py::arg("as_of"))
      .def(
          "entries",
          [](const ledger& l, const std::string& level, const std::string& status, int year_found,
             bool open_only, bool overdue, bool supervise) {
            const auto f = filter_of(level, status, year_found, open_only, overdue, supervise);
            tijian::document d;
            {
              py::gil_scoped_release release;
              d = tijian::describe_ledger(l.entries(f));
            }
            return table_py(d.table_named("ledger"));
          },
          py::arg("level"), py::arg("status"), py::arg("year_found"), py::arg("open_only"),
          py::arg("overdue"), py::arg("supervise"))
      .def(
          "history",
          [](const ledger& l, const std::string& id) {
            tijian::table t;
            {
              py::gil_scoped_release release;
              t = tijian::history_table(l.history(id));
            }
            return table_py(t);
          },
          py::arg("id"))
      .def(
          "completion",
          [](const ledger& l, int year, const std::string& as_of) {
            tijian::table t;
            {
              py::gil_scoped_release release;
              t = tijian::completion_table(l.completion(year, as_of));
            }
            return table_py(t);
          },
          py::arg("year"), py::arg("as_of"))
      .def(
          "export",
          [](const ledger& l, const std::string& path, const std::string& what, const std::string& level,
             const std::string& status, int year_found, bool open_only, bool overdue, bool supervise,
             int year, const std::string& as_of, const std::string& headers, const std::string& lang,
             bool bom) {
            const auto w = tijian::parse_enum<tijian::ledger_export>(what, "ledger.export");
            const auto f = filter_of(level, status, year_found, open_only, overdue, supervise);
            const tijian::table_format fmt = table_format_of(headers, lang, bom);
            py::gil_scoped_release release;
            const tijian::document d = tijian::export_document(l, w, f, year, as_of);
            return tijian::write_document(d, path, fmt);  // .json, .csv or .xlsx by the extension
          },
          py::arg("path"), py::arg("what"), py::arg("level"), py::arg("status"), py::arg("year_found"),
          py::arg("open_only"), py::arg("overdue"), py::arg("supervise"), py::arg("year"), py::arg("as_of"),
          py::arg("headers"), py::arg("lang"), py::arg("bom"));
}

}  // namespace tijian_py
