// SPDX-License-Identifier: MIT
// tijian._core.stats() and prepare(): indicator statistics (tijian/stats.hpp) and every stage
// of the data preparation (tijian/prepare.hpp), plus the record tables that Result shares.
//
// Conversion only: the options arrive as plain values (the Python package tijian.stats checks
// and names them), the C++ work runs with the GIL released, and the results go back as
// columns ({name: list of str or 1-D NumPy array}) that the package turns into DataFrames.
// Stage matrices are moved into NumPy arrays that own them (no copy).
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <tijian/prepare.hpp>
#include <tijian/stats.hpp>

#include "common.hpp"

namespace tijian_py {

namespace {

using tijian::framework;
using tijian::panel;
using tijian::recipe;

/// A column of str.
template <class T, class F>
py::list text_column(const std::vector<T>& rows, F get) {
  py::list out(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out[i] = py::str(get(rows[i]));
  return out;
}

/// A 1-D NumPy column of V.
template <class V, class T, class F>
py::array number_column(const std::vector<T>& rows, F get) {
  py::array_t<V> out(static_cast<py::ssize_t>(rows.size()));
  V* p = out.mutable_data();
  for (std::size_t i = 0; i < rows.size(); ++i) p[i] = static_cast<V>(get(rows[i]));
  return std::move(out);
}

template <class T, class F>
py::array float_column(const std::vector<T>& rows, F get) {
  return number_column<double>(rows, get);
}
template <class T, class F>
py::array count_column(const std::vector<T>& rows, F get) {
  return number_column<std::int64_t>(rows, get);
}
template <class T, class F>
py::array flag_column(const std::vector<T>& rows, F get) {
  return number_column<bool>(rows, get);
}

/// A NumPy array that owns `m` (moved, not copied): column-major, writable.
py::array owned_matrix(Eigen::MatrixXd&& m) {
  auto* heap = new Eigen::MatrixXd(std::move(m));
  py::capsule owner(heap, [](void* p) { delete static_cast<Eigen::MatrixXd*>(p); });
  const auto rows = static_cast<py::ssize_t>(heap->rows());
  const auto cols = static_cast<py::ssize_t>(heap->cols());
  const auto item = static_cast<py::ssize_t>(sizeof(double));
  return py::array_t<double>({rows, cols}, {item, item * std::max<py::ssize_t>(rows, 1)}, heap->data(), owner);
}

/// A stage of the preparation: its column names and its values.
py::dict stage_dict(panel&& p) {
  py::dict d;
  d["columns"] = p.indicators;
  d["values"] = owned_matrix(std::move(p.values));
  return d;
}

py::dict statistics_table(const std::vector<tijian::indicator_statistics>& s) {
  using row = tijian::indicator_statistics;
  py::dict t;
  t["indicator"] = text_column(s, [](const row& x) { return x.indicator; });
  t["period"] = text_column(s, [](const row& x) { return x.period; });
  t["rows"] = count_column(s, [](const row& x) { return x.rows; });
  t["available"] = count_column(s, [](const row& x) { return x.available; });
  t["share_available"] = float_column(s, [](const row& x) { return x.share_available; });
  t["min"] = float_column(s, [](const row& x) { return x.min; });
  t["max"] = float_column(s, [](const row& x) { return x.max; });
  t["mean"] = float_column(s, [](const row& x) { return x.mean; });
  t["median"] = float_column(s, [](const row& x) { return x.median; });
  t["sd"] = float_column(s, [](const row& x) { return x.sd; });
  t["skew"] = float_column(s, [](const row& x) { return x.skew; });
  t["kurt"] = float_column(s, [](const row& x) { return x.kurt; });
  t["nonzero"] = count_column(s, [](const row& x) { return x.nonzero; });
  t["share_nonzero"] = float_column(s, [](const row& x) { return x.share_nonzero; });
  t["unique"] = count_column(s, [](const row& x) { return x.unique; });
  t["share_unique"] = float_column(s, [](const row& x) { return x.share_unique; });
  t["same"] = count_column(s, [](const row& x) { return x.same; });
  t["share_same"] = float_column(s, [](const row& x) { return x.share_same; });
  t["low_availability"] = flag_column(s, [](const row& x) { return x.low_availability; });
  t["low_nonzero"] = flag_column(s, [](const row& x) { return x.low_nonzero; });
  t["low_unique"] = flag_column(s, [](const row& x) { return x.low_unique; });
  t["skew_kurt_outlier"] = flag_column(s, [](const row& x) { return x.skew_kurt_outlier; });
  return t;
}

py::dict correlation_table(const std::vector<tijian::correlation_entry>& c) {
  using row = tijian::correlation_entry;
  py::dict t;
  t["a"] = text_column(c, [](const row& x) { return x.a; });
  t["b"] = text_column(c, [](const row& x) { return x.b; });
  t["relation"] = text_column(c, [](const row& x) { return x.relation; });
  t["group"] = text_column(c, [](const row& x) { return x.group; });
  t["period"] = text_column(c, [](const row& x) { return x.period; });
  t["r"] = float_column(c, [](const row& x) { return x.r; });
  t["n"] = count_column(c, [](const row& x) { return x.n; });
  t["flag"] = text_column(c, [](const row& x) { return x.flag; });
  return t;
}

py::dict alpha_table(const std::vector<tijian::group_alpha>& a) {
  using row = tijian::group_alpha;
  py::dict t;
  t["group"] = text_column(a, [](const row& x) { return x.group; });
  t["period"] = text_column(a, [](const row& x) { return x.period; });
  t["indicators"] = count_column(a, [](const row& x) { return x.indicators; });
  t["alpha"] = float_column(a, [](const row& x) { return x.alpha; });
  return t;
}

py::dict pca_dict(const tijian::pca_summary& p) {
  py::dict d;
  d["group"] = p.group;
  d["period"] = p.period;
  d["indicators"] = p.indicators;
  d["rows_used"] = p.rows_used;
  d["eigenvalues"] = p.eigenvalues;
  d["variance_share"] = p.variance_share;
  d["cumulative_share"] = p.cumulative_share;
  d["loadings"] = p.loadings;
  d["note"] = p.note;
  return d;
}

py::dict em_table(const std::vector<tijian::em_fit>& f) {
  using row = tijian::em_fit;
  py::dict t;
  t["group"] = text_column(f, [](const row& x) { return x.group; });
  t["period"] = text_column(f, [](const row& x) { return x.period; });
  py::list indicators(f.size()), mean(f.size()), covariance(f.size());
  for (std::size_t i = 0; i < f.size(); ++i) {
    indicators[i] = py::cast(f[i].indicators);
    mean[i] = py::cast(f[i].mean);
    covariance[i] = py::cast(f[i].covariance);
  }
  t["indicators"] = indicators;
  t["iterations"] = count_column(f, [](const row& x) { return x.iterations; });
  t["converged"] = flag_column(f, [](const row& x) { return x.converged; });
  t["last_change"] = float_column(f, [](const row& x) { return x.last_change; });
  t["ridge"] = float_column(f, [](const row& x) { return x.ridge; });
  t["mean"] = mean;
  t["covariance"] = covariance;
  return t;
}

}  // namespace

py::dict denomination_table(const std::vector<tijian::denomination_record>& d) {
  using row = tijian::denomination_record;
  py::dict t;
  t["indicator"] = text_column(d, [](const row& x) { return x.indicator; });
  t["denominator"] = text_column(d, [](const row& x) { return x.denominator; });
  t["scale_factor"] = float_column(d, [](const row& x) { return x.scale_factor; });
  t["cells"] = count_column(d, [](const row& x) { return x.cells; });
  t["missing_denominator"] = count_column(d, [](const row& x) { return x.missing_denominator; });
  t["zero_denominator"] = count_column(d, [](const row& x) { return x.zero_denominator; });
  return t;
}

py::dict screening_table(const std::vector<tijian::screened_unit>& s) {
  using row = tijian::screened_unit;
  py::dict t;
  t["unit"] = text_column(s, [](const row& x) { return x.unit; });
  t["period"] = text_column(s, [](const row& x) { return x.period; });
  t["indicators"] = count_column(s, [](const row& x) { return x.indicators; });
  t["missing"] = count_column(s, [](const row& x) { return x.missing; });
  t["zeros"] = count_column(s, [](const row& x) { return x.zeros; });
  t["missing_or_zero"] = count_column(s, [](const row& x) { return x.missing_or_zero; });
  t["availability"] = float_column(s, [](const row& x) { return x.availability; });
  t["nonzero_share"] = float_column(s, [](const row& x) { return x.nonzero_share; });
  t["low_data"] = flag_column(s, [](const row& x) { return x.low_data; });
  t["low_nonzero"] = flag_column(s, [](const row& x) { return x.low_nonzero; });
  t["forced"] = text_column(s, [](const row& x) { return x.forced; });
  t["included"] = flag_column(s, [](const row& x) { return x.included; });
  t["reason"] = text_column(s, [](const row& x) { return x.reason; });
  return t;
}

py::dict imputation_table(const std::vector<tijian::imputed_cell>& c) {
  using row = tijian::imputed_cell;
  py::dict t;
  t["unit"] = text_column(c, [](const row& x) { return x.unit; });
  t["period"] = text_column(c, [](const row& x) { return x.period; });
  t["indicator"] = text_column(c, [](const row& x) { return x.indicator; });
  t["method"] = text_column(c, [](const row& x) { return x.method; });
  t["value"] = float_column(c, [](const row& x) { return x.value; });
  t["group"] = text_column(c, [](const row& x) { return x.group; });
  return t;
}

py::dict treatment_table(const std::vector<tijian::treatment_detail>& d) {
  using row = tijian::treatment_detail;
  py::dict t;
  t["indicator"] = text_column(d, [](const row& x) { return x.indicator; });
  t["period"] = text_column(d, [](const row& x) { return x.period; });
  t["method"] = text_column(d, [](const row& x) { return x.method; });
  t["status"] = text_column(d, [](const row& x) { return x.status; });
  t["n"] = count_column(d, [](const row& x) { return x.n; });
  t["skew_before"] = float_column(d, [](const row& x) { return x.skew_before; });
  t["kurt_before"] = float_column(d, [](const row& x) { return x.kurt_before; });
  t["pass_before"] = flag_column(d, [](const row& x) { return x.pass_before; });
  t["points_high"] = count_column(d, [](const row& x) { return x.points_high; });
  t["points_low"] = count_column(d, [](const row& x) { return x.points_low; });
  t["skew_treated"] = float_column(d, [](const row& x) { return x.skew_treated; });
  t["kurt_treated"] = float_column(d, [](const row& x) { return x.kurt_treated; });
  t["pass_treated"] = flag_column(d, [](const row& x) { return x.pass_treated; });
  t["fallback_used"] = flag_column(d, [](const row& x) { return x.fallback_used; });
  t["fallback"] = text_column(d, [](const row& x) { return x.fallback; });
  t["skew_after"] = float_column(d, [](const row& x) { return x.skew_after; });
  t["kurt_after"] = float_column(d, [](const row& x) { return x.kurt_after; });
  t["pass_after"] = flag_column(d, [](const row& x) { return x.pass_after; });
  t["lambda"] = float_column(d, [](const row& x) { return x.lambda; });
  t["clip_lower"] = float_column(d, [](const row& x) { return x.clip_lower; });
  t["clip_upper"] = float_column(d, [](const row& x) { return x.clip_upper; });
  t["note"] = text_column(d, [](const row& x) { return x.note; });
  return t;
}

py::dict treated_cell_table(const std::vector<tijian::treated_cell>& c) {
  using row = tijian::treated_cell;
  py::dict t;
  t["unit"] = text_column(c, [](const row& x) { return x.unit; });
  t["period"] = text_column(c, [](const row& x) { return x.period; });
  t["indicator"] = text_column(c, [](const row& x) { return x.indicator; });
  t["how"] = text_column(c, [](const row& x) { return x.how; });
  t["before"] = float_column(c, [](const row& x) { return x.before; });
  t["after"] = float_column(c, [](const row& x) { return x.after; });
  return t;
}

void register_stats(py::module_& m) {
  m.def(
      "stats",
      [](const framework& fw, const panel& data, const recipe& r, const std::string& correlation, int level,
         double t_skew, double t_kurt, double t_avail, double t_nonzero, double t_unique, double collinear,
         double negative) {
        const auto kind = tijian::parse_correlation_kind(correlation);
        if (!kind) throw py::value_error("correlation: pearson, spearman or kendall");  // checked by tijian.stats
        tijian::stats_options o;
        o.correlation = *kind;
        o.level = level;
        o.t_skew = t_skew;
        o.t_kurt = t_kurt;
        o.t_avail = t_avail;
        o.t_nonzero = t_nonzero;
        o.t_unique = t_unique;
        o.collinear = collinear;
        o.negative = negative;
        tijian::stats_report rep;
        {
          py::gil_scoped_release release;  // fw, data and r are plain C++ objects from here on
          data.validate();
          rep = tijian::stats(fw, data, r, o);
        }
        py::dict out;
        out["indicators"] = statistics_table(rep.indicators);
        out["correlations"] = correlation_table(rep.correlations);
        out["alpha"] = alpha_table(rep.alpha);
        py::list pca;
        for (const auto& p : rep.pca) pca.append(pca_dict(p));
        out["pca"] = pca;
        return out;
      },
      py::arg("framework"), py::arg("panel"), py::arg("recipe"), py::arg("correlation"), py::arg("level"),
      py::arg("t_skew"), py::arg("t_kurt"), py::arg("t_avail"), py::arg("t_nonzero"), py::arg("t_unique"),
      py::arg("collinear"), py::arg("negative"),
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
        out["treated"] = stage_dict(std::move(p.treated));
        out["removed_rows"] = number_column<std::int64_t>(p.removed_rows, [](std::size_t i) { return i; });
        out["denominations"] = denomination_table(p.denominations);
        out["screening"] = screening_table(p.screening);
        out["imputations"] = imputation_table(p.imputations);
        out["left_missing"] = imputation_table(p.left_missing);
        out["em"] = em_table(p.em);
        out["treatment"] = treatment_table(p.treatment);
        out["treated_cells"] = treated_cell_table(p.treated_cells);
        py::list diags;
        for (const auto& d : p.diagnostics) diags.append(diagnostic_dict(d));
        out["diagnostics"] = diags;
        return out;
      },
      py::arg("framework"), py::arg("panel"), py::arg("recipe"), py::arg("denominators") = py::none(),
      "Validates the panel(s) and runs tijian::prepare with the recipe's preparation (internal; use "
      "tijian.prepare). The GIL is released.");
}

}  // namespace tijian_py
