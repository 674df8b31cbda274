// SPDX-License-Identifier: MIT
// tijian._core.Recipe, Panel, score() and Result.
//
// Data path (one copy of the indicator matrix, made visibly by the Python layer):
//   Panel(rows, indicators) allocates the C++ panel's column-major matrix; Panel.values is a
//   writable NumPy view of it, which the package fills column by column straight from the
//   caller's DataFrame or array (converting dtype on the way). score() then validates the
//   panel and scores it with the GIL released; tijian.score gives the panel away (consume),
//   so that its labels move into the result and its matrix is normalised in place where the
//   recipe allows. Result arrays are read-only NumPy views of the C++ result (no copies); the
//   Result object keeps them alive.
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include <tijian/data_columns.hpp>
#include <tijian/io/framework_io.hpp>
#include <tijian/io/recipe_io.hpp>
#include <tijian/io/result_io.hpp>
#include <tijian/prepare_tables.hpp>
#include <tijian/presets.hpp>
#include <tijian/result_tables.hpp>
#include <tijian/mcda_tables.hpp>
#include <tijian/score.hpp>

#include "common.hpp"

namespace tijian_py {

namespace {

using tijian::panel;
using tijian::recipe;
using tijian::result;

/// The panel matrix is written once, right after allocation: ask for transparent huge pages
/// so that first-touch page faults do not dominate the copy (a hint; ignored where missing).
void advise_huge_pages(void* data, std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t huge = std::uintptr_t{1} << 21;
  if (bytes < 8 * huge) return;
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + huge - 1) & ~(huge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(huge - 1);
  if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

/// A writable NumPy view of a column-major matrix owned by `owner`.
py::array matrix_view(Eigen::MatrixXd& m, const py::handle& owner, bool writeable) {
  const auto rows = static_cast<py::ssize_t>(m.rows());
  const auto cols = static_cast<py::ssize_t>(m.cols());
  const auto item = static_cast<py::ssize_t>(sizeof(double));
  py::array_t<double> a({rows, cols}, {item, item * std::max<py::ssize_t>(rows, 1)}, m.data(), owner);
  if (!writeable) a.attr("flags").attr("writeable") = false;
  return std::move(a);
}

py::array vector_view(Eigen::VectorXd& v, const py::handle& owner) {
  py::array_t<double> a({static_cast<py::ssize_t>(v.size())}, {static_cast<py::ssize_t>(sizeof(double))},
                        v.data(), owner);
  a.attr("flags").attr("writeable") = false;
  return std::move(a);
}

py::dict provenance_dict(const tijian::provenance& p) {
  py::dict o;
  o["library_version"] = p.library_version;
  o["framework_hash"] = p.framework_hash;
  o["data_hash"] = p.data_hash;
  o["recipe_hash"] = p.recipe_hash;
  o["recipe"] = p.recipe_text;
  o["framework_source"] = p.framework_source;
  o["data_source"] = p.data_source;
  return o;
}

py::dict aggregation_dict(const tijian::aggregation& a) {
  py::dict d;
  d["method"] = tijian::to_string(a.method);
  d["p"] = a.p;
  d["zeros"] = tijian::to_string(a.zeros);
  d["zero_floor"] = a.zero_floor;
  if (a.method == tijian::aggregation_method::promethee_ii) {
    d["preference"] = tijian::to_string(a.preference);
    d["q"] = a.q;
    d["s"] = a.s;
  }
  if (a.method == tijian::aggregation_method::vikor) d["v"] = a.v;
  if (a.method == tijian::aggregation_method::waspas) d["lambda"] = a.lambda;
  if (a.method == tijian::aggregation_method::moora) d["moora"] = tijian::to_string(a.moora);
  if (a.method == tijian::aggregation_method::grey_relational ||
      a.method == tijian::aggregation_method::grey_topsis)
    d["rho"] = a.rho;
  if (a.method == tijian::aggregation_method::grey_topsis) d["alpha"] = a.alpha;
  if (a.method == tijian::aggregation_method::rsr) {
    d["rsr_ranks"] = tijian::to_string(a.rsr);
    d["rsr_grades"] = a.rsr_grades;
  }
  if (a.method == tijian::aggregation_method::fuzzy) {
    d["fuzzy_operator"] = tijian::to_string(a.fuzzy_op);
    d["fuzzy_score"] = tijian::to_string(a.fuzzy_result);
  }
  return d;
}

// Version of the pickled Result state; bump when its shape changes. Version 3: the framework's
// TOML and the result's JSON document (describe(result), read back by read_result_json), so
// that every table the core describes is pickled without a list of fields here.
constexpr int result_state_version = 3;

py::tuple result_state(const result& r) {
  std::string fw, doc;
  {
    py::gil_scoped_release release;
    fw = tijian::to_toml(r.framework);
    doc = tijian::result_to_json(r);
  }
  return py::make_tuple(result_state_version, fw, r.framework.source(), doc);
}

result result_from_state(const py::tuple& t) {
  if (t.size() != 4 || t[0].cast<int>() != result_state_version)
    throw py::value_error("invalid or incompatible Result state (pickled by another version of tijian)");
  const auto fw = t[1].cast<std::string>(), source = t[2].cast<std::string>(), doc = t[3].cast<std::string>();
  py::gil_scoped_release release;
  return tijian::read_result_json(doc, tijian::parse_framework_toml(fw, source));
}

}  // namespace


void register_score(py::module_& m) {
  // --- Recipe ---------------------------------------------------------------------------------
  py::class_<recipe>(m, "Recipe", "Every methodological choice of a run (private; use tijian.Recipe).")
      .def(py::init<>())
      .def_static(
          "from_toml",
          [](const std::string& text, const std::string& source) {
            return tijian::parse_recipe_toml(text, source);
          },
          py::arg("text"), py::arg("source") = "")
      .def_static("from_dict", &recipe_from_py, py::arg("doc"), py::arg("source") = "<dict>")
      .def_static(
          "load", [](const std::string& path) { return tijian::load_recipe(path); }, py::arg("path"))
      .def("describe", [](const recipe& r) { return tijian::describe(r); })
      // read on every scoring call: straight from the recipe, not from its described text
      .def_property_readonly("unknown_columns",
                             [](const recipe& r) { return std::string(tijian::to_string(r.unknown)); })
      .def(py::pickle([](const recipe& r) { return py::make_tuple(tijian::describe(r)); },
                      [](const py::tuple& t) {
                        if (t.size() != 1) throw py::value_error("invalid Recipe state");
                        return tijian::parse_recipe_toml(t[0].cast<std::string>(), "pickle");
                      }));

  // --- Panel ----------------------------------------------------------------------------------
  py::class_<panel>(m, "Panel",
                    "Indicator data being handed to C++ (private). `values` is a writable view "
                    "of the panel's own column-major matrix.")
      .def(py::init([](py::ssize_t rows, const py::handle& indicators, const std::string& source) {
             if (rows < 0) throw py::value_error("rows must be >= 0");
             auto p = std::make_unique<panel>();
             p->indicators = string_list(indicators, "indicators");
             p->values.resize(rows, static_cast<Eigen::Index>(p->indicators.size()));
             advise_huge_pages(p->values.data(), static_cast<std::size_t>(p->values.size()) * sizeof(double));
             p->units.assign(static_cast<std::size_t>(rows), std::string());
             p->periods.assign(static_cast<std::size_t>(rows), std::string());
             p->source = source;
             return p;
           }),
           py::arg("rows"), py::arg("indicators"), py::arg("source") = "")
      .def_property_readonly("values",
                             [](py::object self) {
                               return matrix_view(self.cast<panel&>().values, self, true);
                             })
      .def_property_readonly("rows", [](const panel& p) { return p.values.rows(); })
      .def_property_readonly("indicators", [](const panel& p) { return p.indicators; })
      .def(
          "set_units",
          [](panel& p, const py::handle& units) {
            auto v = string_list(units, "units");
            if (v.size() != static_cast<std::size_t>(p.values.rows()))
              throw py::value_error("units: " + std::to_string(v.size()) + " labels for " +
                                    std::to_string(p.values.rows()) + " rows");
            p.units = std::move(v);
          },
          py::arg("units"))
      .def(
          "set_unit_numbers",
          [](panel& p, const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& codes) {
            if (codes.ndim() != 1 || codes.shape(0) != p.values.rows())
              throw py::value_error("unit numbers: one per row is needed");
            const std::int64_t* c = codes.data();
            const auto n = static_cast<std::size_t>(codes.shape(0));
            py::gil_scoped_release release;
            for (std::size_t i = 0; i < n; ++i) p.units[i] = std::to_string(c[i]);
          },
          py::arg("codes"), "Unit labels from integers (written in decimal), for integer indexes.")
      .def(
          "set_periods",
          [](panel& p, const py::handle& periods) {
            auto v = string_list(periods, "periods");
            if (v.size() != static_cast<std::size_t>(p.values.rows()))
              throw tijian::data_error("data.shape", "periods: " + std::to_string(v.size()) + " labels for " +
                                                         std::to_string(p.values.rows()) + " rows");
            for (std::size_t r = 0; r < v.size(); ++r) {  // integer years; 2023.0 is 2023 (panel.hpp)
              tijian::location where = p.where_row(r);
              where.line = 0;
              v[r] = tijian::period_label(v[r], where);
            }
            p.periods = std::move(v);
          },
          py::arg("periods"))
      .def(
          "set_unit_names",
          [](panel& p, const py::handle& names) {
            auto v = string_list(names, "unit names");
            if (v.size() != static_cast<std::size_t>(p.values.rows()))
              throw py::value_error("unit names: one per row is needed");
            p.unit_names = std::move(v);
          },
          py::arg("names"))
      .def(
          "add_group",
          [](panel& p, const std::string& name, const py::handle& labels) {
            auto v = string_list(labels, "group labels");
            if (v.size() != static_cast<std::size_t>(p.values.rows()))
              throw py::value_error("group '" + name + "': one label per row is needed");
            p.groups.emplace_back(name, std::move(v));
          },
          py::arg("name"), py::arg("labels"))
      .def_readwrite("left_out", &panel::left_out,
                     "Unknown columns of the source table not read (noted in the result).")
      .def(
          "validate",
          [](const panel& p) {
            py::gil_scoped_release release;
            p.validate();
          },
          "Checks labels and values (tijian::panel::validate); raises DataError.");

  m.def(
      "plan_data_columns",
      [](const tijian::framework& fw, const py::handle& names, const std::vector<bool>& labels,
         const recipe& r, const std::string& source) {
        const tijian::data_column_plan plan =
            tijian::plan_data_columns(fw, string_list(names, "columns"), labels, r.unknown, source);
        return py::make_tuple(plan.inputs, plan.left_out);
      },
      py::arg("framework"), py::arg("names"), py::arg("labels"), py::arg("recipe"), py::arg("source"),
      "(positions of the input columns, unknown columns left out) of a table with these column names "
      "(tijian::plan_data_columns); raises DataError for a duplicated or, under unknown_columns = "
      "'error', an unknown column.");
  m.def(
      "data_input_names",
      [](const tijian::framework& fw) {
        const auto names = tijian::data_input_names(fw);
        return std::vector<std::string>(names.begin(), names.end());
      },
      py::arg("framework"), "The framework's indicator codes and the columns they are divided by.");

  // --- score ----------------------------------------------------------------------------------
  m.def(
      "score",
      [](const tijian::framework& fw, panel& data, const recipe& r, bool consume) {
        py::gil_scoped_release release;  // fw, data and r are plain C++ objects from here on
        data.validate();
        result out = consume ? tijian::score(fw, std::move(data), r) : tijian::score(fw, data, r);
        // whether this is the recipe a built-in framework comes with (the published method)
        const std::vector<tijian::diagnostic> notes = tijian::recipe_notes(fw, r);
        out.diagnostics.insert(out.diagnostics.begin(), notes.begin(), notes.end());
        return out;
      },
      py::arg("framework"), py::arg("panel"), py::arg("recipe"), py::arg("consume") = false,
      "Validates the panel and scores it (internal; use tijian.score). The GIL is released. With "
      "consume=True the panel is given away (score(panel&&): its labels and, where the recipe "
      "allows, its matrix become the result's) and is left empty.");

  // --- Result ---------------------------------------------------------------------------------
  py::class_<result>(m, "Result", "The C++ result of a scoring run (private; use tijian.Result).")
      .def_property_readonly("framework", [](const result& r) { return r.framework; })
      .def_property_readonly("units", [](const result& r) { return r.units; })
      .def_property_readonly("unit_names", [](const result& r) { return r.unit_names; })
      .def_property_readonly("periods", [](const result& r) { return r.periods; })
      .def_property_readonly("indicators", [](const result& r) { return r.indicators; })
      .def_property_readonly("nodes", [](const result& r) { return r.nodes; })
      .def_property_readonly("rows", &result::rows)
      .def_property_readonly("normalised",
                             [](py::object self) {
                               return matrix_view(self.cast<result&>().normalised, self, false);
                             })
      .def_property_readonly("scores",
                             [](py::object self) {
                               return matrix_view(self.cast<result&>().scores, self, false);
                             })
      .def_property_readonly("ranks",
                             [](py::object self) {
                               return matrix_view(self.cast<result&>().ranks, self, false);
                             })
      .def_property_readonly("prepared",
                             [](py::object self) {
                               return matrix_view(self.cast<result&>().prepared, self, false);
                             })
      .def_property_readonly("weights",
                             [](py::object self) { return vector_view(self.cast<result&>().weights, self); })
      .def_property_readonly("effective_weights",
                             [](py::object self) {
                               return vector_view(self.cast<result&>().effective_weights, self);
                             })
      .def_property_readonly("grades",
                             [](const result& r) -> py::object {
                               if (r.grades.empty()) return py::none();
                               return py::cast(r.grades);
                             })
      .def_property_readonly("aggregations",
                             [](const result& r) {
                               py::list out;
                               for (const auto& a : r.aggregations) out.append(aggregation_dict(a));
                               return out;
                             })
      .def_property_readonly("diagnostics",
                             [](const result& r) {
                               return table_py(tijian::diagnostics_table(r.diagnostics));
                             })
      .def_property_readonly("provenance", [](const result& r) { return provenance_dict(r.origin); })
      .def_property_readonly(
          "kept_rows",
          [](const result& r) -> py::object {
            if (r.screening.empty()) return py::none();
            std::vector<std::int64_t> kept;
            for (std::size_t i = 0; i < r.screening.size(); ++i)
              if (r.screening[i].included) kept.push_back(static_cast<std::int64_t>(i));
            return py::array_t<std::int64_t>(static_cast<py::ssize_t>(kept.size()), kept.data());
          },
          "Input rows kept by screening, or None when the recipe screens nothing.")
      // the records of the data preparation, described by the core (prepare_tables.hpp)
      .def_property_readonly(
          "denominations",
          [](const result& r) { return table_py(tijian::denomination_table(r.denominations)); },
          "Per denominated indicator: denominator, scale factor, cells divided or made missing.")
      .def_property_readonly(
          "screening", [](const result& r) { return table_py(tijian::screening_table(r.screening)); },
          "Per input row: missing values, zeros, availability, kept or why not (empty when the recipe does "
          "not screen).")
      .def_property_readonly(
          "imputations", [](const result& r) { return table_py(tijian::imputation_table(r.imputations)); },
          "Every imputed cell with its method, value and group.")
      .def_property_readonly(
          "treatment", [](const result& r) { return table_py(tijian::treatment_table(r.treatment)); },
          "Per indicator and period: the outlier treatment's check before and after.")
      .def_property_readonly(
          "treated_cells",
          [](const result& r) { return table_py(tijian::treated_cell_table(r.treated_cells)); },
          "Every cell the outlier treatment changed, before and after.")
      .def_property_readonly(
          "not_applicable",
          [](const result& r) { return table_py(tijian::not_applicable_table(r.not_applicable)); },
          "Every node not applicable to a unit and period, with the rule that made it so.")
      .def(
          "contributions",
          [](const result& r, const std::string& code) {
            py::gil_scoped_release release;
            return r.contributions(code);
          },
          py::arg("code"), "rows x leaves below `code`: contributions to that node's score.")
      .def(
          "vikor",
          [](const result& r, const std::string& code) { return table_py(tijian::vikor_table(r, code)); },
          py::arg("code"), "VIKOR's S, R, Q and acceptance conditions of an aggregate (mcda_tables.hpp).")
      .def(
          "rsr",
          [](const result& r, const std::string& code) { return table_py(tijian::rsr_table(r, code)); },
          py::arg("code"), "The rank-sum ratio's distribution, fitted values and grades (mcda_tables.hpp).")
      .def(
          "rsr_regression",
          [](const result& r, const std::string& code) {
            return table_py(tijian::rsr_regression_table(r, code));
          },
          py::arg("code"), "The rank-sum ratio's regression and grade limits per period (mcda_tables.hpp).")
      .def(
          "fuzzy",
          [](const result& r, const std::string& code) { return table_py(tijian::fuzzy_table(r, code)); },
          py::arg("code"), "Fuzzy comprehensive evaluation: memberships and grade (mcda_tables.hpp).")
      .def(
          "score_of", [](const result& r, const std::string& code) { return r.score_of(code); },
          py::arg("code"))
      .def(
          "rank_of", [](const result& r, const std::string& code) { return r.rank_of(code); },
          py::arg("code"))
      .def(
          "tables", [](const result& r) { return tables_py(tijian::describe(r)); },
          "Every table of the result's description (result_tables.hpp), by name.")
      .def(
          "document", [](const result& r) { return tijian::describe(r); },
          "The result's description (result_tables.hpp) as a Document.")
      .def("to_json",
           [](const result& r) {
             py::gil_scoped_release release;
             return tijian::result_to_json(r);
           })
      .def(
          "to_csv",
          [](const result& r, const std::string& headers, const std::string& lang) {
            const tijian::table_format f = table_format_of(headers, lang, false);
            py::gil_scoped_release release;
            return tijian::result_to_csv(r, f);
          },
          py::arg("headers") = "codes", py::arg("lang") = "en")
      .def(
          "write_json",
          [](const result& r, const std::string& path) {
            py::gil_scoped_release release;
            tijian::write_result_json(r, path);
          },
          py::arg("path"))
      .def(
          "write_csv",
          [](const result& r, const std::string& path, const std::string& headers, const std::string& lang,
             bool bom) {
            const tijian::table_format f = table_format_of(headers, lang, bom);
            py::gil_scoped_release release;
            tijian::write_result_csv(r, path, f);
          },
          py::arg("path"), py::arg("headers") = "codes", py::arg("lang") = "en", py::arg("bom") = false)
      .def(py::pickle([](const result& r) { return result_state(r); },
                      [](const py::tuple& t) { return result_from_state(t); }));
}

}  // namespace tijian_py
