// SPDX-License-Identifier: MIT
// tijian._core.Recipe, Panel, score() and Result.
//
// Data path (one copy of the indicator matrix, made visibly by the Python layer):
//   Panel(rows, indicators) allocates the C++ panel's column-major matrix; Panel.values is a
//   writable NumPy view of it, which the package fills column by column straight from the
//   caller's DataFrame or array (converting dtype on the way). score() then validates the
//   panel and scores it with the GIL released. Result arrays are read-only NumPy views of the
//   C++ result (no copies); the Result object keeps them alive.
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

#include <tijian/io/framework_io.hpp>
#include <tijian/io/recipe_io.hpp>
#include <tijian/io/result_io.hpp>
#include <tijian/prepare_tables.hpp>
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
  return d;
}

tijian::aggregation aggregation_from(const py::tuple& t) {
  tijian::aggregation a;
  const auto method = tijian::parse_aggregation_method(t[0].cast<std::string>());
  const auto zeros = tijian::parse_geometric_zeros(t[2].cast<std::string>());
  if (!method || !zeros) throw py::value_error("invalid Result state (aggregation)");
  a.method = *method;
  a.p = t[1].cast<double>();
  a.zeros = *zeros;
  a.zero_floor = t[3].cast<double>();
  return a;
}

// Version of the pickled Result state; bump when the tuple changes. Version 2 added the
// preparation records (element 18); version 1 states still load, without them.
constexpr int result_state_version = 2;

// The preparation records as plain tuples, field by field in declaration order.
py::tuple records_state(const result& r) {
  py::list den, scr, imp, det, cells;
  for (const auto& d : r.denominations)
    den.append(py::make_tuple(d.indicator, d.denominator, d.scale_factor, d.cells, d.missing_denominator,
                              d.zero_denominator));
  for (const auto& u : r.screening)
    scr.append(py::make_tuple(u.unit, u.period, u.indicators, u.missing, u.zeros, u.missing_or_zero,
                              u.availability, u.nonzero_share, u.low_data, u.low_nonzero, u.forced,
                              u.included, u.reason));
  for (const auto& c : r.imputations)
    imp.append(py::make_tuple(c.unit, c.period, c.indicator, c.method, c.value, c.group));
  for (const auto& t : r.treatment)
    det.append(py::make_tuple(t.indicator, t.period, t.method, t.n, t.skew_before, t.kurt_before,
                              t.pass_before, t.points_high, t.points_low, t.skew_treated, t.kurt_treated,
                              t.pass_treated, t.fallback_used, t.fallback, t.skew_after, t.kurt_after,
                              t.pass_after, t.lambda, t.clip_lower, t.clip_upper, t.status, t.note));
  for (const auto& c : r.treated_cells)
    cells.append(py::make_tuple(c.unit, c.period, c.indicator, c.how, c.before, c.after));
  return py::make_tuple(den, scr, imp, det, cells);
}

void records_from_state(const py::tuple& t, result& r) {
  if (t.size() != 5) throw py::value_error("invalid Result state (preparation records)");
  for (const auto& item : t[0].cast<py::list>()) {
    const auto x = item.cast<py::tuple>();
    tijian::denomination_record d;
    d.indicator = x[0].cast<std::string>();
    d.denominator = x[1].cast<std::string>();
    d.scale_factor = x[2].cast<double>();
    d.cells = x[3].cast<std::size_t>();
    d.missing_denominator = x[4].cast<std::size_t>();
    d.zero_denominator = x[5].cast<std::size_t>();
    r.denominations.push_back(std::move(d));
  }
  for (const auto& item : t[1].cast<py::list>()) {
    const auto x = item.cast<py::tuple>();
    tijian::screened_unit u;
    u.unit = x[0].cast<std::string>();
    u.period = x[1].cast<std::string>();
    u.indicators = x[2].cast<std::size_t>();
    u.missing = x[3].cast<std::size_t>();
    u.zeros = x[4].cast<std::size_t>();
    u.missing_or_zero = x[5].cast<std::size_t>();
    u.availability = x[6].cast<double>();
    u.nonzero_share = x[7].cast<double>();
    u.low_data = x[8].cast<bool>();
    u.low_nonzero = x[9].cast<bool>();
    u.forced = x[10].cast<std::string>();
    u.included = x[11].cast<bool>();
    u.reason = x[12].cast<std::string>();
    r.screening.push_back(std::move(u));
  }
  for (const auto& item : t[2].cast<py::list>()) {
    const auto x = item.cast<py::tuple>();
    tijian::imputed_cell c;
    c.unit = x[0].cast<std::string>();
    c.period = x[1].cast<std::string>();
    c.indicator = x[2].cast<std::string>();
    c.method = x[3].cast<std::string>();
    c.value = x[4].cast<double>();
    c.group = x[5].cast<std::string>();
    r.imputations.push_back(std::move(c));
  }
  for (const auto& item : t[3].cast<py::list>()) {
    const auto x = item.cast<py::tuple>();
    tijian::treatment_detail d;
    d.indicator = x[0].cast<std::string>();
    d.period = x[1].cast<std::string>();
    d.method = x[2].cast<std::string>();
    d.n = x[3].cast<std::size_t>();
    d.skew_before = x[4].cast<double>();
    d.kurt_before = x[5].cast<double>();
    d.pass_before = x[6].cast<bool>();
    d.points_high = x[7].cast<std::size_t>();
    d.points_low = x[8].cast<std::size_t>();
    d.skew_treated = x[9].cast<double>();
    d.kurt_treated = x[10].cast<double>();
    d.pass_treated = x[11].cast<bool>();
    d.fallback_used = x[12].cast<bool>();
    d.fallback = x[13].cast<std::string>();
    d.skew_after = x[14].cast<double>();
    d.kurt_after = x[15].cast<double>();
    d.pass_after = x[16].cast<bool>();
    d.lambda = x[17].cast<double>();
    d.clip_lower = x[18].cast<double>();
    d.clip_upper = x[19].cast<double>();
    d.status = x[20].cast<std::string>();
    d.note = x[21].cast<std::string>();
    r.treatment.push_back(std::move(d));
  }
  for (const auto& item : t[4].cast<py::list>()) {
    const auto x = item.cast<py::tuple>();
    tijian::treated_cell c;
    c.unit = x[0].cast<std::string>();
    c.period = x[1].cast<std::string>();
    c.indicator = x[2].cast<std::string>();
    c.how = x[3].cast<std::string>();
    c.before = x[4].cast<double>();
    c.after = x[5].cast<double>();
    r.treated_cells.push_back(std::move(c));
  }
}

py::tuple result_state(const result& r) {
  py::list aggs, diags;
  for (const auto& a : r.aggregations)
    aggs.append(py::make_tuple(tijian::to_string(a.method), a.p, tijian::to_string(a.zeros), a.zero_floor));
  for (const auto& d : r.diagnostics)
    diags.append(py::make_tuple(d.step, d.id, tijian::to_string(d.level), d.node, d.unit, d.period, d.message,
                                d.count, d.message_zh));
  const auto& o = r.origin;
  return py::make_tuple(result_state_version, tijian::to_toml(r.framework), r.framework.source(), r.units,
                        r.unit_names, r.periods, r.indicators, r.nodes, r.normalised, r.scores, r.ranks,
                        r.grades, r.weights, r.effective_weights, aggs, diags,
                        py::make_tuple(o.library_version, o.framework_hash, o.data_hash, o.recipe_hash,
                                       o.recipe_text, o.framework_source, o.data_source),
                        r.prepared, records_state(r));
}

result result_from_state(const py::tuple& t) {
  const int version = t.size() > 0 ? t[0].cast<int>() : 0;
  if (!((version == 1 && t.size() == 18) || (version == result_state_version && t.size() == 19)))
    throw py::value_error("invalid or incompatible Result state");
  result r;
  r.framework = tijian::parse_framework_toml(t[1].cast<std::string>(), t[2].cast<std::string>());
  r.units = t[3].cast<std::vector<std::string>>();
  r.unit_names = t[4].cast<std::vector<std::string>>();
  r.periods = t[5].cast<std::vector<std::string>>();
  r.indicators = t[6].cast<std::vector<std::string>>();
  r.nodes = t[7].cast<std::vector<std::string>>();
  r.normalised = t[8].cast<Eigen::MatrixXd>();
  r.scores = t[9].cast<Eigen::MatrixXd>();
  r.ranks = t[10].cast<Eigen::MatrixXd>();
  r.grades = t[11].cast<std::vector<std::vector<std::string>>>();
  r.weights = t[12].cast<Eigen::VectorXd>();
  r.effective_weights = t[13].cast<Eigen::VectorXd>();
  for (const auto& a : t[14].cast<py::list>())
    r.aggregations.push_back(aggregation_from(a.cast<py::tuple>()));
  for (const auto& item : t[15].cast<py::list>()) {
    const auto d = item.cast<py::tuple>();
    tijian::diagnostic x;
    x.step = d[0].cast<std::string>();
    x.id = d[1].cast<std::string>();
    x.level = d[2].cast<std::string>() == "warning" ? tijian::severity::warning : tijian::severity::info;
    x.node = d[3].cast<std::string>();
    x.unit = d[4].cast<std::string>();
    x.period = d[5].cast<std::string>();
    x.message = d[6].cast<std::string>();
    x.count = d[7].cast<std::size_t>();
    if (d.size() > 8) x.message_zh = d[8].cast<std::string>();  // states before issue 16 have none
    r.diagnostics.push_back(std::move(x));
  }
  const auto o = t[16].cast<py::tuple>();
  r.origin.library_version = o[0].cast<std::string>();
  r.origin.framework_hash = o[1].cast<std::string>();
  r.origin.data_hash = o[2].cast<std::string>();
  r.origin.recipe_hash = o[3].cast<std::string>();
  r.origin.recipe_text = o[4].cast<std::string>();
  r.origin.framework_source = o[5].cast<std::string>();
  r.origin.data_source = o[6].cast<std::string>();
  r.prepared = t[17].cast<Eigen::MatrixXd>();
  if (version >= 2) records_from_state(t[18].cast<py::tuple>(), r);
  const auto n = r.normalised.rows();
  if (r.units.size() != static_cast<std::size_t>(n) || r.periods.size() != static_cast<std::size_t>(n) ||
      r.scores.rows() != n || r.ranks.rows() != n ||
      r.scores.cols() != static_cast<Eigen::Index>(r.nodes.size()) ||
      r.normalised.cols() != static_cast<Eigen::Index>(r.indicators.size()) ||
      r.weights.size() != static_cast<Eigen::Index>(r.framework.size()) ||
      r.aggregations.size() != r.framework.size())
    throw py::value_error("invalid Result state (shapes do not match)");
  return r;
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
              throw py::value_error("periods: " + std::to_string(v.size()) + " labels for " +
                                    std::to_string(p.values.rows()) + " rows");
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
      .def(
          "validate",
          [](const panel& p) {
            py::gil_scoped_release release;
            p.validate();
          },
          "Checks labels and values (tijian::panel::validate); raises DataError.");

  // --- score ----------------------------------------------------------------------------------
  m.def(
      "score",
      [](const tijian::framework& fw, const panel& data, const recipe& r) {
        py::gil_scoped_release release;  // fw, data and r are plain C++ objects from here on
        data.validate();
        return tijian::score(fw, data, r);
      },
      py::arg("framework"), py::arg("panel"), py::arg("recipe"),
      "Validates the panel and scores it (internal; use tijian.score). The GIL is released.");

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
      .def(
          "contributions",
          [](const result& r, const std::string& code) {
            py::gil_scoped_release release;
            return r.contributions(code);
          },
          py::arg("code"), "rows x leaves below `code`: contributions to that node's score.")
      .def(
          "score_of", [](const result& r, const std::string& code) { return r.score_of(code); },
          py::arg("code"))
      .def(
          "rank_of", [](const result& r, const std::string& code) { return r.rank_of(code); },
          py::arg("code"))
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
