// SPDX-License-Identifier: MIT
// tijian._core.trend(), attribute() and evaluate(): the annual check over years (trend.hpp),
// the attribution of a composite change (attribution.hpp) and the five-year evaluation
// (evaluate.hpp).
//
// Conversion only: the options arrive as plain values (the Python package tijian.trend checks
// and names them), the C++ work runs with the GIL released, and the results go back as the
// core's table descriptions (trend_tables.hpp; tables_py).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>

#include <tijian/attribution.hpp>
#include <tijian/evaluate.hpp>
#include <tijian/score.hpp>
#include <tijian/trend.hpp>
#include <tijian/trend_tables.hpp>

#include "common.hpp"

namespace tijian_py {

namespace {
/// The tables of a document, with its provenance and options (dicts without "columns").
py::dict with_fields(const tijian::document& doc) {
  py::dict out = tables_py(doc);
  const py::dict fields = fields_py(doc);
  for (const char* key : {"provenance", "options"})
    if (fields.contains(key)) out[key] = fields[key];
  return out;
}
}  // namespace

void register_trend(py::module_& m) {
  m.def(
      "trend",
      [](const tijian::framework& fw, const tijian::panel& data, const tijian::target_profile* profile,
         int from_year, int to_year, double tolerance, int projection_year, const std::string& group) {
        tijian::trend_options o;
        o.from_year = from_year;
        o.to_year = to_year;
        o.tolerance = tolerance;
        o.projection_year = projection_year;
        o.group = group;
        tijian::trend_report rep;
        {
          py::gil_scoped_release release;
          rep = tijian::trend(fw, data, profile, o);
        }
        const tijian::document doc = tijian::describe(rep);
        py::dict out = with_fields(doc);
        out["document"] = doc;  // for to_excel
        return out;
      },
      py::arg("framework"), py::arg("panel"), py::arg("profile"), py::arg("from_year"), py::arg("to_year"),
      py::arg("tolerance"), py::arg("projection_year"), py::arg("group"),
      "Validates the panel and computes tijian::trend (internal; use tijian.trend). The GIL is released.");

  m.def(
      "attribute",
      [](const tijian::framework& fw, const tijian::panel& data, const tijian::recipe& r,
         const std::string& a, const std::string& b, const std::string& node) {
        tijian::attribution at;
        {
          py::gil_scoped_release release;
          data.validate();
          const tijian::result res = tijian::score(fw, data, r);
          at = tijian::attribute_change(res, a, b, node);
        }
        const tijian::document doc = tijian::describe(at);
        py::dict out = tables_py(doc);
        out["document"] = doc;  // for to_excel
        return out;
      },
      py::arg("framework"), py::arg("panel"), py::arg("recipe"), py::arg("period_a"), py::arg("period_b"),
      py::arg("node"),
      "Scores the panel and attributes the change of `node` between two periods (internal; use "
      "tijian.trend). The GIL is released.");

  m.def(
      "evaluate",
      [](const tijian::framework& fw, const tijian::panel& data, const tijian::target_profile& profile,
         int year, int end_year) {
        tijian::evaluation_options o;
        o.year = year;
        o.end_year = end_year;
        tijian::evaluation_report rep;
        {
          py::gil_scoped_release release;
          rep = tijian::evaluate(fw, data, profile, o);
        }
        const tijian::document doc = tijian::describe(rep);
        py::dict out = with_fields(doc);
        out["document"] = doc;  // for to_excel
        out["year"] = rep.year;
        out["end_year"] = rep.end_year;
        return out;
      },
      py::arg("framework"), py::arg("panel"), py::arg("profile"), py::arg("year"), py::arg("end_year"),
      "Validates the panel and computes tijian::evaluate (internal; use tijian.evaluate). The GIL is "
      "released.");
}

}  // namespace tijian_py
