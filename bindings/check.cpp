// SPDX-License-Identifier: MIT
// tijian._core.TargetProfile, check(), CheckResult, green_city_score(), CompositeResult,
// coupling() and coupling_of(): the health check (城市体检, include/tijian/check.hpp) and the
// composite score (include/tijian/composite.hpp).
//
// Conversion only: options arrive as a dict of the caller's values that the core reads and checks
// (bindings/documents.cpp, src/io/options_io.cpp), tables leave as dicts of columns (NumPy arrays for numbers and flags, lists of str
// for text) that the package turns into DataFrames. Every verdict, ratio, ordering and
// message comes from the C++ library. The GIL is released around each C++ run.
//
// Pickling re-runs the check: a CheckResult keeps a copy of the panel it checked (small next
// to its own tables) and its state is (framework, profile, panel, options); unpickling checks
// again with the same library, which gives the same tables and hashes.
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <tijian/check.hpp>
#include <tijian/check_tables.hpp>
#include <tijian/composite.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/coupling.hpp>
#include <tijian/coupling_tables.hpp>
#include <tijian/io/framework_io.hpp>
#include <tijian/io/recipe_io.hpp>
#include <tijian/io/targets_io.hpp>
#include <tijian/presets.hpp>
#include <tijian/targets.hpp>

#include "common.hpp"

namespace tijian_py {

namespace {

using tijian::check_options;
using tijian::check_result;
using tijian::composite_options;
using tijian::composite_result;
using tijian::coupling_options;
using tijian::coupling_result;
using tijian::framework;
using tijian::panel;
using tijian::target_profile;

/// A check and the panel it checked (kept for pickling).
struct check_run {
  check_result result;
  panel data;
};

/// A composite score and what it was computed from (kept for pickling).
struct composite_run {
  composite_result result;
  framework fw;
  panel data;
  target_profile profile;
  tijian::recipe base;
  py::dict options;  ///< cap, subsystems and the coupling options, as given
};

// --- columns --------------------------------------------------------------------------------

py::array_t<double> vector_array(const Eigen::VectorXd& v) {
  py::array_t<double> a(static_cast<py::ssize_t>(v.size()));
  for (Eigen::Index i = 0; i < v.size(); ++i) a.mutable_data()[i] = v[i];
  return a;
}


// --- options ----------------------------------------------------------------------------------

py::dict check_options_dict(const check_options& o) {
  py::dict d;
  d["period"] = o.period;
  d["strict"] = o.strict;
  d["cap"] = o.cap;
  d["bands"] = o.bands;
  d["grade_labels_zh"] = o.grade_labels_zh;
  d["grade_labels_en"] = o.grade_labels_en;
  d["weak_below"] = o.weak_below;
  d["bottom_k"] = o.bottom_k;
  d["include_not_applicable"] = o.include_not_applicable;
  d["units"] = o.units;
  d["weights"] = o.weights;
  d["obstacle_factor"] = tijian::to_string(o.obstacles.factor);
  d["obstacle_scaling"] = tijian::to_string(o.obstacles.scaling);
  return d;
}

/// The coupling table of the core's description (coupling_tables.hpp) and the T weights used.
py::dict coupling_dict(const coupling_result& c) {
  py::dict d;
  d["table"] = table_py(tijian::coupling_table(c));
  d["alpha"] = vector_array(c.alpha);
  return d;
}

// --- pickling ------------------------------------------------------------------------------

constexpr int check_state_version = 1;
constexpr int composite_state_version = 2;  ///< 2: no fallback normalisation (composite.hpp)

py::tuple panel_state(const panel& p) {
  return py::make_tuple(p.units, p.unit_names, p.periods, p.indicators, p.groups, p.values, p.source, p.notes,
                        p.notes_zh);
}

panel panel_from_state(const py::tuple& t) {
  if (t.size() != 8 && t.size() != 9) throw py::value_error("invalid panel state");
  panel p;
  p.units = t[0].cast<std::vector<std::string>>();
  p.unit_names = t[1].cast<std::vector<std::string>>();
  p.periods = t[2].cast<std::vector<std::string>>();
  p.indicators = t[3].cast<std::vector<std::string>>();
  p.groups = t[4].cast<std::vector<std::pair<std::string, std::vector<std::string>>>>();
  p.values = t[5].cast<Eigen::MatrixXd>();
  p.source = t[6].cast<std::string>();
  p.notes = t[7].cast<std::vector<std::string>>();
  if (t.size() == 9) p.notes_zh = t[8].cast<std::vector<std::string>>();  // states before issue 16 have none
  return p;
}

py::tuple profile_state(const target_profile& p) { return py::make_tuple(tijian::to_toml(p), p.file); }

target_profile profile_from_state(const py::handle& h) {
  const auto t = h.cast<py::tuple>();
  if (t.size() != 2) throw py::value_error("invalid TargetProfile state");
  const auto file = t[1].cast<std::string>();
  target_profile p = tijian::parse_target_profile(t[0].cast<std::string>(), file);
  p.file = file;
  return p;
}

check_run run_check(const framework& fw, const panel& data, const target_profile& profile,
                    const check_options& o) {
  py::gil_scoped_release release;
  data.validate();
  check_run run{tijian::check(fw, data, profile, o), data};
  return run;
}

composite_run run_composite(const framework& fw, const panel& data, const target_profile& profile,
                            const tijian::recipe& base, const py::dict& options) {
  composite_options o = composite_options_from_py(options);
  o.base = base;
  composite_run run{{}, fw, data, profile, base, options};
  {
    py::gil_scoped_release release;
    data.validate();
    run.result = tijian::green_city_score(fw, data, profile, o);
  }
  return run;
}

}  // namespace

void register_check(py::module_& m) {
  // --- TargetProfile --------------------------------------------------------------------------
  py::class_<target_profile>(m, "TargetProfile",
                             "The targets of one plan (private; use tijian.TargetProfile).")
      .def_static(
          "from_toml",
          [](const std::string& text, const std::string& source) {
            return tijian::parse_target_profile(text, source);
          },
          py::arg("text"), py::arg("source") = "")
      .def_static("from_dict", &profile_from_py, py::arg("doc"), py::arg("source") = "<dict>")
      .def_static(
          "load", [](const std::string& path) { return tijian::load_target_profile(path); }, py::arg("path"))
      .def_static(
          "preset", [](const std::string& name) { return tijian::preset_profile(name); }, py::arg("name"))
      .def_static(
          "resolve", [](const std::string& file_or_name) { return tijian::resolve_profile(file_or_name); },
          py::arg("file_or_name"), "A profile file, else the built-in profile of that name.")
      .def_property_readonly("name", [](const target_profile& p) { return p.name; })
      .def_property_readonly("framework", [](const target_profile& p) { return p.framework; })
      .def_property_readonly("name_zh", [](const target_profile& p) { return p.name_zh; })
      .def_property_readonly("name_en", [](const target_profile& p) { return p.name_en; })
      .def_property_readonly("source", [](const target_profile& p) { return p.source; })
      .def_property_readonly("start_year", [](const target_profile& p) { return p.start_year; })
      .def_property_readonly("file", [](const target_profile& p) { return p.file; })
      .def(
          "targets", [](const target_profile& p) { return table_py(tijian::targets_table(p)); },
          "The targets as a table (check_tables.hpp), one row per target in profile order.")
      .def(
          "validate", [](const target_profile& p, const framework& fw) { tijian::validate_profile(p, fw); },
          py::arg("framework"))
      .def("describe", &target_profile::describe)
      .def("hash", &target_profile::hash)
      .def("to_toml", [](const target_profile& p) { return tijian::to_toml(p); })
      .def(py::pickle([](const target_profile& p) { return profile_state(p); },
                      [](const py::tuple& t) { return profile_from_state(t); }));

  // --- check ----------------------------------------------------------------------------------
  m.def(
      "check",
      [](const framework& fw, const panel& data, const target_profile& profile, const py::dict& options) {
        const check_options o = check_options_from_py(options);
        return run_check(fw, data, profile, o);
      },
      py::arg("framework"), py::arg("panel"), py::arg("profile"), py::arg("options"),
      "Validates the panel and checks it against the profile (internal; use tijian.check). The "
      "GIL is released.");

  py::class_<check_run>(m, "CheckResult",
                        "The C++ result of a health check (private; use tijian.CheckResult).")
      .def_property_readonly("framework", [](const check_run& c) { return c.result.framework; })
      .def_property_readonly("profile", [](const check_run& c) { return c.result.profile; })
      .def_property_readonly("period", [](const check_run& c) { return c.result.period; })
      .def_property_readonly("period_year", [](const check_run& c) { return c.result.period_year; })
      .def_property_readonly("units", [](const check_run& c) { return c.result.units(); })
      .def_property_readonly("options",
                             [](const check_run& c) { return check_options_dict(c.result.options); })
      .def_property_readonly("provenance",
                             [](const check_run& c) { return fields_py(tijian::describe(c.result.origin)); })
      .def(
          "tables",
          [](const check_run& c, const composite_run* comp) {
            return tables_py(tijian::describe(c.result, comp ? &comp->result : nullptr));
          },
          py::arg("composite").none(true) = py::none(),
          "Every table of the result (check_tables.hpp), by name, as described by the core.")
      .def(
          "document",
          [](const check_run& c, const composite_run* comp) {
            return tijian::describe(c.result, comp ? &comp->result : nullptr);
          },
          py::arg("composite").none(true) = py::none(), "The result's description as a Document.")
      .def("diagnostics",
           [](const check_run& c) { return table_py(tijian::diagnostics_table(c.result.diagnostics)); })
      .def(
          "to_json",
          [](const check_run& c, const composite_run* comp) {
            const tijian::document doc = tijian::describe(c.result, comp ? &comp->result : nullptr);
            py::gil_scoped_release release;
            return tijian::document_to_json(doc);
          },
          py::arg("composite").none(true) = py::none())
      .def(
          "to_csv",
          [](const check_run& c, const composite_run* comp, const std::string& headers,
             const std::string& lang) {
            const tijian::table_format f = table_format_of(headers, lang, false);
            const tijian::document doc = tijian::describe(c.result, comp ? &comp->result : nullptr);
            std::vector<std::pair<std::string, std::string>> out;
            py::gil_scoped_release release;
            for (const tijian::table* t : doc.tables())
              out.emplace_back(t->name, tijian::table_to_csv(*t, f));
            return out;
          },
          py::arg("composite").none(true) = py::none(), py::arg("headers") = "codes", py::arg("lang") = "en",
          "(table name, CSV text) of every table, in the order of the command line's files.")
      .def(
          "write_json",
          [](const check_run& c, const std::string& path, const composite_run* comp) {
            const tijian::document doc = tijian::describe(c.result, comp ? &comp->result : nullptr);
            py::gil_scoped_release release;
            tijian::write_document_json(doc, path);
          },
          py::arg("path"), py::arg("composite").none(true) = py::none())
      .def(
          "write_csv",
          [](const check_run& c, const std::string& path, const composite_run* comp,
             const std::string& headers, const std::string& lang, bool bom) {
            const tijian::table_format f = table_format_of(headers, lang, bom);
            const tijian::document doc = tijian::describe(c.result, comp ? &comp->result : nullptr);
            py::gil_scoped_release release;
            return tijian::write_document_csv(doc, path, f);
          },
          py::arg("path"), py::arg("composite").none(true) = py::none(), py::arg("headers") = "codes",
          py::arg("lang") = "en", py::arg("bom") = false,
          "Writes <path> (the status table) and <stem>-<table>.csv for every other table; "
          "returns the paths.")
      .def(py::pickle(
          [](const check_run& c) {
            return py::make_tuple(check_state_version, tijian::to_toml(c.result.framework),
                                  c.result.framework.source(), profile_state(c.result.profile),
                                  panel_state(c.data), check_options_dict(c.result.options));
          },
          [](const py::tuple& t) {
            if (t.size() != 6 || t[0].cast<int>() != check_state_version)
              throw py::value_error("invalid or incompatible CheckResult state");
            const framework fw =
                tijian::parse_framework_toml(t[1].cast<std::string>(), t[2].cast<std::string>());
            const target_profile profile = profile_from_state(t[3]);
            const panel data = panel_from_state(t[4].cast<py::tuple>());
            const check_options o = check_options_from_py(t[5].cast<py::dict>());
            return run_check(fw, data, profile, o);
          }));

  // --- composite green-city score -------------------------------------------------------------
  m.def(
      "green_city_score",
      [](const framework& fw, const panel& data, const target_profile& profile, const tijian::recipe& base,
         const py::dict& options) { return run_composite(fw, data, profile, base, options); },
      py::arg("framework"), py::arg("panel"), py::arg("profile"), py::arg("base"), py::arg("options"),
      "Composite green-city score and coupling coordination (internal; use "
      "tijian.green_city_score). The GIL is released.");

  py::class_<composite_run>(m, "CompositeResult",
                            "The C++ composite green-city score (private; use tijian.GreenCityScore).")
      .def_property_readonly(
          "scores", [](const composite_run& c) -> const tijian::result& { return c.result.scores; },
          py::return_value_policy::reference_internal)
      .def_property_readonly("target_based", [](const composite_run& c) { return c.result.target_based; })
      .def_property_readonly("goalpost_based", [](const composite_run& c) { return c.result.goalpost_based; })
      .def_property_readonly("not_scored", [](const composite_run& c) { return c.result.not_scored; })
      .def_property_readonly("left_out", [](const composite_run& c) { return c.result.left_out; })
      .def_property_readonly("ignored_columns",
                             [](const composite_run& c) { return c.result.ignored_columns; })
      .def_property_readonly("subsystems", [](const composite_run& c) { return c.result.subsystems; })
      .def_property_readonly("u", [](const composite_run& c) { return c.result.u; })
      .def_property_readonly("profile", [](const composite_run& c) { return c.profile; })
      .def(
          "coupling",
          [](const composite_run& c) -> py::object {
            if (c.result.coupling.d.size() != c.result.scores.rows()) return py::none();
            return py::object(coupling_dict(c.result.coupling));
          },
          "C, T, D and classes per row, or None with fewer than two subsystems.")
      .def("table", [](const composite_run& c) { return table_py(tijian::composite_table(c.result)); })
      .def(
          "document",
          [](const composite_run& c) {
            tijian::document d;
            d.add(tijian::composite_table(c.result));
            d.add(tijian::composite_basis_table(c.result));
            d.add(tijian::composite_diagnostics_table(c.result));
            return d;
          },
          "The score's tables (composite, basis, diagnostics) as a Document.")
      .def("basis", [](const composite_run& c) { return table_py(tijian::composite_basis_table(c.result)); })
      .def("diagnostics",
           [](const composite_run& c) { return table_py(tijian::composite_diagnostics_table(c.result)); })
      .def(
          "to_csv",
          [](const composite_run& c, const std::string& headers, const std::string& lang) {
            const tijian::table_format f = table_format_of(headers, lang, false);
            const tijian::table t = tijian::composite_table(c.result);
            py::gil_scoped_release release;
            return tijian::table_to_csv(t, f);
          },
          py::arg("headers") = "codes", py::arg("lang") = "en")
      .def(py::pickle(
          [](const composite_run& c) {
            return py::make_tuple(composite_state_version, tijian::to_toml(c.fw), c.fw.source(),
                                  profile_state(c.profile), panel_state(c.data), tijian::describe(c.base),
                                  c.options);
          },
          [](const py::tuple& t) {
            if (t.size() != 7 || t[0].cast<int>() != composite_state_version)
              throw py::value_error("invalid or incompatible CompositeResult state");
            const framework fw =
                tijian::parse_framework_toml(t[1].cast<std::string>(), t[2].cast<std::string>());
            const target_profile profile = profile_from_state(t[3]);
            const panel data = panel_from_state(t[4].cast<py::tuple>());
            const tijian::recipe base = tijian::parse_recipe_toml(t[5].cast<std::string>(), "pickle");
            return run_composite(fw, data, profile, base, t[6].cast<py::dict>());
          }));

  // --- coupling coordination ------------------------------------------------------------------
  m.def(
      "coupling",
      [](const Eigen::MatrixXd& u, const py::dict& options) {
        const coupling_options o = coupling_options_from_py(options);
        coupling_result c;
        {
          py::gil_scoped_release release;
          c = tijian::coupling(u, o);
        }
        return coupling_dict(c);
      },
      py::arg("u"), py::arg("options"),
      "Coupling coordination of the columns of u (rows x subsystems, in [0, 1]).");
  m.def(
      "coupling_of",
      [](const tijian::result& r, const std::vector<std::string>& dimensions, double best,
         const py::dict& options) {
        const coupling_options o = coupling_options_from_py(options);
        coupling_result c;
        std::vector<std::string> dims = dimensions;
        {
          py::gil_scoped_release release;
          c = tijian::coupling_of(r, dims, best, o);
        }
        if (dims.empty())
          for (std::size_t d : r.framework.children(r.framework.root()))
            if (r.framework.weight_in_parent(d) > 0) dims.push_back(r.framework.node(d).code);
        py::dict d = coupling_dict(c);
        d["subsystems"] = dims;
        return d;
      },
      py::arg("result"), py::arg("dimensions"), py::arg("best"), py::arg("options"),
      "Coupling coordination of a scoring run's dimensions (U = score / best).");
}

tijian::document check_document_of(const py::handle& check) {
  return tijian::describe(check.cast<const check_run&>().result);
}

}  // namespace tijian_py
