// SPDX-License-Identifier: MIT
// tijian._core.compare() (self-check vs third-party, compare.hpp) and the agreement statistics
// (agreement.hpp) as thin functions.
//
// Conversion only: the panels arrive built by the Python package (tijian.compare), the options
// as plain values or dicts read by the core's readers; the work runs with the GIL released; the
// comparison goes back as the core's table descriptions (compare_tables.hpp; tables_py), the
// statistics as dicts of their fields.
#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include <tijian/agreement.hpp>
#include <tijian/compare.hpp>
#include <tijian/compare_tables.hpp>
#include <tijian/io/compare_io.hpp>
#include <tijian/names.hpp>

#include "common.hpp"

namespace tijian_py {

namespace {

py::dict test_dict(const tijian::agreement::correlation_test& t) {
  py::dict d;
  d["estimate"] = t.estimate;
  d["statistic"] = t.statistic;
  d["p_value"] = t.p_value;
  d["n"] = t.n;
  return d;
}

}  // namespace

void register_compare(py::module_& m) {
  namespace ag = tijian::agreement;
  m.def(
      "compare",
      [](const tijian::framework& fw, const std::vector<const tijian::panel*>& panels,
         const std::vector<std::string>& labels, const tijian::target_profile& profile,
         const py::object& tolerances, const tijian::recipe* recipe, const py::object& check_options,
         const py::object& composite_options, double confidence) {
        if (panels.size() != labels.size()) throw py::value_error("one label per panel");
        tijian::compare_options o;
        if (py::isinstance<py::str>(tolerances))
          o.tolerances = tijian::load_tolerances(tolerances.cast<std::string>());
        else if (!tolerances.is_none()) o.tolerances = tolerances_from_py(tolerances, "<dict>");
        if (!check_options.is_none()) o.check = check_options_from_py(check_options);
        if (!composite_options.is_none()) o.composite = composite_options_from_py(composite_options);
        if (recipe) o.recipe = *recipe;
        o.confidence = confidence;
        std::vector<tijian::assessment> list;
        for (std::size_t i = 0; i < panels.size(); ++i) list.push_back({labels[i], *panels[i]});
        tijian::compare_result r;
        {
          py::gil_scoped_release release;
          r = tijian::compare(fw, list, profile, o);
        }
        const tijian::document doc = tijian::describe(r);
        py::dict out = tables_py(doc);
        out["fields"] = fields_py(doc);
        out["document"] = doc;  // for to_excel
        return out;
      },
      py::arg("framework"), py::arg("panels"), py::arg("labels"), py::arg("profile"), py::arg("tolerances"),
      py::arg("recipe"), py::arg("check_options"), py::arg("composite_options"), py::arg("confidence"),
      "Compares assessments of the same units (internal; use tijian.compare). The GIL is released.");

  m.def(
      "agreement_spearman",
      [](const std::vector<double>& x, const std::vector<double>& y) {
        return test_dict(ag::spearman(x, y));
      },
      py::arg("x"), py::arg("y"), "Spearman's rho (agreement.hpp; use tijian.agreement.spearman).");
  m.def(
      "agreement_kendall_tau_b",
      [](const std::vector<double>& x, const std::vector<double>& y) {
        return test_dict(ag::kendall_tau_b(x, y));
      },
      py::arg("x"), py::arg("y"), "Kendall's tau-b (agreement.hpp; use tijian.agreement.kendall_tau_b).");
  m.def(
      "agreement_icc",
      [](const Eigen::MatrixXd& ratings, double confidence) {
        const ag::icc_result r = ag::icc(ratings, confidence);
        py::list forms;
        for (const auto& f : r.forms) {
          py::dict d;
          d["form"] = tijian::to_string(f.form);
          d["label_zh"] = tijian::label(f.form, true);
          d["label_en"] = tijian::label(f.form, false);
          d["icc"] = f.value;
          d["f"] = f.f;
          d["df1"] = f.df1;
          d["df2"] = f.df2;
          d["p_value"] = f.p_value;
          d["ci_low"] = f.ci_low;
          d["ci_high"] = f.ci_high;
          forms.append(d);
        }
        py::dict out;
        out["forms"] = forms;
        out["n"] = r.n;
        out["k"] = r.k;
        out["ms_rows"] = r.ms_rows;
        out["ms_cols"] = r.ms_cols;
        out["ms_error"] = r.ms_error;
        out["ms_within"] = r.ms_within;
        return out;
      },
      py::arg("ratings"), py::arg("confidence"), "The six Shrout-Fleiss ICCs (use tijian.agreement.icc).");
  m.def(
      "agreement_cohen_kappa",
      [](const std::vector<int>& a, const std::vector<int>& b, std::size_t categories,
         const std::string& weights, double confidence) {
        const ag::kappa_result k =
            ag::cohen_kappa(a, b, categories,
                            tijian::parse_enum<ag::kappa_weights>(weights, "agreement.bad_option"),
                            confidence);
        py::dict d;
        d["kappa"] = k.kappa;
        d["se"] = k.se;
        d["ci_low"] = k.ci_low;
        d["ci_high"] = k.ci_high;
        d["se0"] = k.se0;
        d["z"] = k.z;
        d["p_value"] = k.p_value;
        d["p_observed"] = k.p_observed;
        d["p_expected"] = k.p_expected;
        d["n"] = k.n;
        d["weights"] = tijian::to_string(k.weights);
        return d;
      },
      py::arg("a"), py::arg("b"), py::arg("categories"), py::arg("weights"), py::arg("confidence"),
      "Cohen's kappa of category indices (use tijian.agreement.cohen_kappa).");
  m.def(
      "agreement_bland_altman",
      [](const std::vector<double>& x, const std::vector<double>& y, double multiplier, double confidence) {
        const ag::bland_altman_result r = ag::bland_altman(x, y, multiplier, confidence);
        py::dict d;
        d["n"] = r.n;
        d["bias"] = r.bias;
        d["sd"] = r.sd;
        d["lower"] = r.lower;
        d["upper"] = r.upper;
        d["bias_ci"] = py::make_tuple(r.bias_ci_low, r.bias_ci_high);
        d["lower_ci"] = py::make_tuple(r.lower_ci_low, r.lower_ci_high);
        d["upper_ci"] = py::make_tuple(r.upper_ci_low, r.upper_ci_high);
        return d;
      },
      py::arg("x"), py::arg("y"), py::arg("multiplier"), py::arg("confidence"),
      "Bland-Altman bias and limits of agreement of x - y (use tijian.agreement.bland_altman).");
  m.def(
      "agreement_kendall_w",
      [](const Eigen::MatrixXd& ratings) {
        const ag::kendall_w_result r = ag::kendall_w(ratings);
        py::dict d;
        d["w"] = r.w;
        d["chi2"] = r.chi2;
        d["df"] = r.df;
        d["p_value"] = r.p_value;
        d["n"] = r.n;
        d["m"] = r.m;
        return d;
      },
      py::arg("ratings"),
      "Kendall's W of objects (rows) x raters (columns) (use tijian.agreement.kendall_w).");
}

}  // namespace tijian_py
