// SPDX-License-Identifier: MIT
// The one conversion of a result table (include/tijian/table.hpp) to Python: a dict with the
// table's labels and, per column, its description (type, labels, unit, categories) and its
// values as a NumPy array (numbers, integers, flags, category indices) or a list of str, plus
// a NumPy mask of missing cells. python/tijian/_tables.py turns it into a DataFrame; no
// binding lists a result's columns.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>

#include <tijian/io/csv.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/io/xlsx.hpp>
#include <tijian/table.hpp>
#include <tijian/units.hpp>

#include "common.hpp"

namespace tijian_py {

namespace {

template <class T>
py::array_t<T> array_of(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  if (!v.empty()) std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

py::dict column_py(const tijian::column& c) {
  py::dict d;
  d["name"] = c.name;
  d["type"] = tijian::to_string(c.type);
  d["label_zh"] = c.label_zh;
  d["label_en"] = c.label_en;
  d["unit_zh"] = c.unit_zh;
  d["unit_en"] = c.unit_en;
  d["unit_column"] = c.unit_column;
  d["written_in"] = c.written_in ? py::object(py::str(tijian::to_string(*c.written_in)))
                                 : py::object(py::none());
  const std::size_t n = c.size();
  py::array_t<bool> missing(static_cast<py::ssize_t>(n));
  bool* m = missing.mutable_data();
  for (std::size_t i = 0; i < n; ++i) m[i] = c.is_missing(i);
  d["missing"] = missing;
  switch (c.type) {
    case tijian::column_type::text: d["values"] = py::cast(c.texts); break;
    case tijian::column_type::real: d["values"] = array_of(c.reals); break;
    case tijian::column_type::integer:
    case tijian::column_type::categorical: d["values"] = array_of(c.integers); break;
    case tijian::column_type::boolean: {
      py::array_t<bool> b(static_cast<py::ssize_t>(n));
      for (std::size_t i = 0; i < n; ++i) b.mutable_data()[i] = c.integers[i] != 0;
      d["values"] = b;
      break;
    }
  }
  if (c.type == tijian::column_type::categorical) {
    py::list cats;
    for (const auto& k : c.categories) cats.append(py::make_tuple(k.code, k.zh, k.en));
    d["categories"] = cats;
  }
  return d;
}

}  // namespace

py::dict table_py(const tijian::table& t) {
  py::dict d;
  d["name"] = t.name;
  d["label_zh"] = t.label_zh;
  d["label_en"] = t.label_en;
  py::list cols;
  for (const auto& c : t.columns) cols.append(column_py(c));
  d["columns"] = cols;
  return d;
}

py::dict fields_py(const tijian::document& doc) {
  py::dict d;
  for (const auto& e : doc.entries) {
    if (e.table) continue;
    if (e.group) d[e.name.c_str()] = fields_py(*e.group);
    else
      d[e.name.c_str()] = std::visit(
          [](const auto& x) -> py::object {
            if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::monostate>) return py::none();
            else return py::cast(x);
          },
          e.value);
  }
  return d;
}

py::dict tables_py(const tijian::document& doc) {
  py::dict d;
  for (const tijian::table* t : doc.tables()) d[t->name.c_str()] = table_py(*t);
  return d;
}

tijian::table_format table_format_of(const std::string& headers, const std::string& lang, bool bom) {
  tijian::table_format f;
  f.headers = tijian::parse_enum<tijian::header_style>(headers, "io.headers");
  f.lang = tijian::parse_enum<tijian::language>(lang, "io.lang");
  f.bom = bom;
  return f;
}

void register_documents(py::module_& m) {
  py::class_<tijian::document>(m, "Document",
                               "A result as the core describes it (table.hpp): its fields and tables. "
                               "Private; result objects write themselves through it.")
      .def("tables", [](const tijian::document& d) { return tables_py(d); })
      .def("fields", [](const tijian::document& d) { return fields_py(d); })
      .def(
          "extended",
          [](const tijian::document& d, const tijian::document& more) {
            tijian::document out = d;
            out.entries.insert(out.entries.end(), more.entries.begin(), more.entries.end());
            return out;
          },
          py::arg("more"), "This document's entries followed by those of `more`.")
      .def(
          "write",
          [](const tijian::document& d, const std::string& path, const std::string& headers,
             const std::string& lang, bool bom) {
            const tijian::table_format f = table_format_of(headers, lang, bom);
            py::gil_scoped_release release;
            return tijian::write_document(d, path, f);
          },
          py::arg("path"), py::arg("headers") = "codes", py::arg("lang") = "en", py::arg("bom") = false,
          "Writes the document by the extension of path (.json, .csv, .xlsx); returns the paths written.")
      .def(
          "write_xlsx",
          [](const tijian::document& d, const std::string& path, const std::string& headers,
             const std::string& lang) {
            const tijian::table_format f = table_format_of(headers, lang, false);
            py::gil_scoped_release release;
            tijian::write_document_xlsx(d, path, f);
          },
          py::arg("path"), py::arg("headers") = "labels", py::arg("lang") = "zh",
          "Writes every table as a sheet of one .xlsx workbook (io/xlsx.hpp).");

  m.def(
      "read_xlsx_sheet",
      [](const std::string& path, const std::string& sheet) {
        tijian::xlsx_sheet s;
        {
          py::gil_scoped_release release;
          s = tijian::read_xlsx_sheet(path, sheet);
        }
        py::list rows;
        for (const auto& r : s.rows) rows.append(py::make_tuple(r.number, r.cells));
        py::dict out;
        out["name"] = s.name;
        out["sheets"] = s.sheet_names;
        out["rows"] = rows;
        return out;
      },
      py::arg("path"), py::arg("sheet") = "",
      "The cells of a worksheet as text (io/xlsx.hpp): {name, sheets, rows: [(row number, cells)]}.");

  m.def(
      "read_panel",
      [](const std::string& path, const std::string& sheet, const std::string& numbers,
         const std::string& encoding) {
        tijian::csv_options o;
        o.sheet = sheet;
        o.numbers = tijian::parse_enum<tijian::number_format>(numbers, "data.bad_option");
        o.encoding = tijian::parse_enum<tijian::text_encoding>(encoding, "data.bad_option");
        tijian::panel p;
        {
          py::gil_scoped_release release;
          p = tijian::read_panel(path, o);
        }
        py::dict out;
        out["units"] = p.units;
        out["unit_names"] = p.unit_names;
        out["periods"] = p.periods;
        out["indicators"] = p.indicators;
        out["values"] =
            py::array_t<double>({p.values.rows(), p.values.cols()},
                                {sizeof(double), sizeof(double) * static_cast<std::size_t>(p.values.rows())},
                                p.values.data());
        py::list groups;
        for (const auto& [name, labels] : p.groups) groups.append(py::make_tuple(name, labels));
        out["groups"] = groups;
        out["notes"] = p.notes;
        out["notes_zh"] = p.notes_zh;
        return out;
      },
      py::arg("path"), py::arg("sheet") = "", py::arg("numbers") = "strict", py::arg("encoding") = "auto",
      "A data file (CSV or .xlsx, by its extension) read and validated by the core reader (io/csv.hpp).");

  // The report (python/tijian/reporting) reads the documents the command line writes with the core's
  // own reader, so that a document is parsed and typed in one place.
  m.def(
      "read_document_json",
      [](const std::string& text) {
        tijian::document doc;
        {
          py::gil_scoped_release release;
          doc = tijian::document_from_json(text);
        }
        py::dict d;
        d["fields"] = fields_py(doc);
        d["tables"] = tables_py(doc);
        return d;
      },
      py::arg("text"), "The fields and tables of a JSON document written with its schema (io/table_io.hpp).");
  m.def(
      "unit_label",
      [](const std::string& unit, const std::string& lang) {
        return tijian::unit_label(unit, tijian::parse_enum<tijian::language>(lang, "io.lang"));
      },
      py::arg("unit"), py::arg("lang"), "How a language writes a unit spelling (units.hpp).");
}

}  // namespace tijian_py
