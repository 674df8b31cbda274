// SPDX-License-Identifier: MIT
// tijian._core.stats() and prepare(): indicator statistics (tijian/stats.hpp) and every stage
// of the data preparation (tijian/prepare.hpp).
//
// Conversion only: the options arrive as plain values (the Python package tijian.stats checks
// and names them), the C++ work runs with the GIL released, and the results go back as the
// core's table descriptions (stats_tables.hpp, prepare_tables.hpp; table_py) that the package
// turns into DataFrames. Stage matrices are moved into NumPy arrays that own them (no copy).
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <tijian/prepare_tables.hpp>
#include <tijian/stats_tables.hpp>

#include "common.hpp"

namespace tijian_py {

namespace {

using tijian::framework;
using tijian::panel;
using tijian::recipe;

/// A NumPy array that owns `m` (moved, not copied): column-major, writable.
py::array owned_matrix(Eigen::MatrixXd&& m) {
  auto* heap = new Eigen::MatrixXd(std::move(m));
  py::capsule owner(heap, [](void* p) { delete static_cast<Eigen::MatrixXd*>(p); });
  const auto rows = static_cast<py::ssize_t>(heap->rows());
  const auto cols = static_cast<py::ssize_t>(heap->cols());
  const auto item = static_cast<py::ssize_t>(sizeof(double));
  return py::array_t<double>({rows, cols}, {item, item * std::max<py::ssize_t>(rows, 1)}, heap->data(),
                             owner);
}

/// A stage of the preparation: its column names and its values.
py::dict stage_dict(panel&& p) {
  py::dict d;
  d["columns"] = p.indicators;
  d["values"] = owned_matrix(std::move(p.values));
  return d;
}

/// The EM fits beyond their table: per fit its group, period, indicators, mean and covariance.
py::list em_models(const std::vector<tijian::em_fit>& fits) {
  py::list out;
  for (const auto& f : fits) {
    py::dict d;
    d["group"] = f.group;
    d["period"] = f.period;
    d["indicators"] = f.indicators;
    d["mean"] = f.mean;
    d["covariance"] = f.covariance;
    out.append(d);
  }
  return out;
}

/// The loadings of every PCA (indicators x components), keyed like its rows of the pca table.
py::list pca_loadings(const std::vector<tijian::pca_summary>& list) {
  py::list out;
  for (const auto& p : list) {
    py::dict d;
    d["group"] = p.group;
    d["period"] = p.period;
    d["indicators"] = p.indicators;
    d["loadings"] = p.loadings;
    out.append(d);
  }
  return out;
}

}  // namespace

void register_stats(py::module_& m) {
  m.def(
      "stats",
      [](const framework& fw, const panel& data, const recipe& r, const py::object& correlation,
         const py::object& level, const py::object& t_skew, const py::object& t_kurt,
         const py::object& t_avail, const py::object& t_nonzero, const py::object& t_unique,
         const py::object& collinear, const py::object& negative, const py::object& values) {
        // converted here (a wrong type is a RecipeError naming the option), checked by the core
        tijian::stats_options o;
        o.correlation = tijian::parse_enum<tijian::correlation_kind>(
            arg_as<std::string>(correlation, "stats.correlation", "correlation"), "stats.correlation");
        o.level = arg_as<int>(level, "stats.level", "level",
                              "an integer of 2 or more (the framework level of the groups)");
        o.t_skew = arg_as<double>(t_skew, "stats.threshold", "t_skew");
        o.t_kurt = arg_as<double>(t_kurt, "stats.threshold", "t_kurt");
        o.t_avail = arg_as<double>(t_avail, "stats.threshold", "t_avail");
        o.t_nonzero = arg_as<double>(t_nonzero, "stats.threshold", "t_nonzero");
        o.t_unique = arg_as<double>(t_unique, "stats.threshold", "t_unique");
        o.collinear = arg_as<double>(collinear, "stats.threshold", "collinear");
        o.negative = arg_as<double>(negative, "stats.threshold", "negative");
        o.values =
            tijian::parse_enum<tijian::stats_values>(arg_as<std::string>(values, "stats.values", "values"),
                                                     "stats.values");
        tijian::stats_report rep;
        {
          py::gil_scoped_release release;  // fw, data and r are plain C++ objects from here on
          data.validate();
          rep = tijian::stats(fw, data, r, o);
        }
        const tijian::document doc = tijian::describe(rep);
        py::dict out = tables_py(doc);
        out["options"] = fields_py(doc)["options"];
        out["document"] = doc;  // for to_excel
        out["loadings"] = pca_loadings(rep.pca);
        return out;
      },
      py::arg("framework"), py::arg("panel"), py::arg("recipe"), py::arg("correlation"), py::arg("level"),
      py::arg("t_skew"), py::arg("t_kurt"), py::arg("t_avail"), py::arg("t_nonzero"), py::arg("t_unique"),
      py::arg("collinear"), py::arg("negative"), py::arg("values") = "normalised",
      "Validates the panel and computes tijian::stats (internal; use tijian.stats). The GIL is released.");

  m.def(
      "prepare",
      [](const framework& fw, const panel& data, const recipe& r, const panel* denominators) {
        tijian::prepared_data p;
        {
          py::gil_scoped_release release;
          data.validate();
          if (denominators) denominators->validate();
          p = tijian::prepare(fw, data, r, denominators);
        }
        py::dict out;
        out["raw"] = stage_dict(std::move(p.raw));
        out["denominated"] = stage_dict(std::move(p.denominated));
        out["screened"] = stage_dict(std::move(p.screened));
        out["imputed"] = stage_dict(std::move(p.imputed));
        py::list order;
        for (const tijian::prepare_step s : p.order) order.append(tijian::to_string(s));
        out["order"] = order;
        if (p.order != tijian::preparation::default_order())
          out["prepared"] = stage_dict(tijian::panel(p.prepared()));
        out["treated"] = stage_dict(std::move(p.treated));
        const std::vector<std::int64_t> removed(p.removed_rows.begin(), p.removed_rows.end());
        out["removed_rows"] =
            py::array_t<std::int64_t>(static_cast<py::ssize_t>(removed.size()), removed.data());
        out["tables"] = tables_py(tijian::describe(p));
        out["em_models"] = em_models(p.em);
        out["diagnostics"] = table_py(tijian::diagnostics_table(p.diagnostics));
        return out;
      },
      py::arg("framework"), py::arg("panel"), py::arg("recipe"), py::arg("denominators") = py::none(),
      "Validates the panel(s) and runs tijian::prepare with the recipe's preparation (internal; use "
      "tijian.prepare). The GIL is released.");
}

}  // namespace tijian_py
