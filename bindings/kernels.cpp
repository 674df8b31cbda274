// SPDX-License-Identifier: MIT
// The C++ kernels behind the scikit-learn-style estimators: normalisation (fit, apply), weights
// (entropy, CV, SD, CRITIC, PCA, AHP, combinations), aggregation and ranks. Options come in as
// a Recipe (the package writes the estimator's parameters as recipe TOML), so option names,
// accepted values and their checks are the recipe reader's, the same as for files and the CLI.
// Matrices are column-major float64 taken without conversion (`noconvert`): the package makes
// the one conversion visibly (np.asfortranarray) before calling.
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <tijian/aggregate.hpp>
#include <tijian/correlation.hpp>
#include <tijian/framework.hpp>
#include <tijian/normalise.hpp>
#include <tijian/rank.hpp>
#include <tijian/recipe.hpp>
#include <tijian/weights.hpp>

#include "common.hpp"

namespace tijian_py {

namespace {

using matrix_ref = Eigen::Ref<const Eigen::MatrixXd>;
using names_opt = std::optional<std::vector<std::string>>;

const std::vector<std::string>* names_ptr(const names_opt& names) { return names ? &*names : nullptr; }

void require_leaf_columns(const tijian::framework& fw, const matrix_ref& x) {
  if (static_cast<std::size_t>(x.cols()) != fw.leaves().size())
    throw tijian::data_error("data.shape", "the matrix has " + std::to_string(x.cols()) +
                                               " columns but the framework has " +
                                               std::to_string(fw.leaves().size()) + " indicators");
}

std::vector<tijian::indicator_context> contexts(const tijian::framework& fw, const tijian::recipe& r) {
  std::vector<tijian::indicator_context> ctx;
  for (std::size_t k : fw.leaves()) {
    const auto& node = fw.node(k);
    ctx.push_back(tijian::indicator_context::of(node, r.normalisation_for(node.code).target_year));
  }
  return ctx;
}

Eigen::VectorXd vec_of(const py::dict& d, const char* key, std::size_t n) {
  if (!d.contains(key)) throw py::value_error(std::string("normalisation fit has no '") + key + "'");
  auto v = d[key].cast<Eigen::VectorXd>();
  if (static_cast<std::size_t>(v.size()) != n)
    throw py::value_error(std::string("normalisation fit '") + key + "' has the wrong length");
  return v;
}

}  // namespace

void register_kernels(py::module_& m) {
  // --- normalisation --------------------------------------------------------------------------
  m.def(
      "normalise_fit",
      [](const matrix_ref& x, const tijian::recipe& r, const tijian::framework& fw,
         py::ssize_t reference_row) {
        require_leaf_columns(fw, x);
        if (reference_row >= x.rows()) throw py::value_error("reference_row is out of range");
        const auto ctx = contexts(fw, r);
        const Eigen::Index m_cols = x.cols();
        std::vector<tijian::column_fit> fits(static_cast<std::size_t>(m_cols));
        {
          py::gil_scoped_release release;
          for (Eigen::Index j = 0; j < m_cols; ++j) {
            const auto ju = static_cast<std::size_t>(j);
            const auto& how = r.normalisation_for(ctx[ju].code);
            double ref = std::numeric_limits<double>::quiet_NaN();
            if (reference_row >= 0) ref = x(reference_row, j);
            fits[ju] = tijian::fit_column(how, ctx[ju], x.col(j).data(), nullptr,
                                          static_cast<std::size_t>(x.rows()),
                                          std::isnan(ref) ? nullptr : &ref);
          }
        }
        Eigen::VectorXd mn(m_cols), mx(m_cols), mean(m_cols), sd(m_cols), rmin(m_cols), rmax(m_cols),
            norm(m_cols), reference(m_cols);
        Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> n(m_cols);
        Eigen::Matrix<bool, Eigen::Dynamic, 1> constant(m_cols);
        py::list sorted;
        for (Eigen::Index j = 0; j < m_cols; ++j) {
          const auto& f = fits[static_cast<std::size_t>(j)];
          mn[j] = f.min;
          mx[j] = f.max;
          mean[j] = f.mean;
          sd[j] = f.sd;
          rmin[j] = f.raw_min;
          rmax[j] = f.raw_max;
          norm[j] = f.norm;
          reference[j] = f.reference;
          n[j] = static_cast<std::int64_t>(f.n);
          constant[j] = f.constant;
          sorted.append(py::array_t<double>(static_cast<py::ssize_t>(f.sorted.size()), f.sorted.data()));
        }
        py::dict out;
        out["min"] = mn;
        out["max"] = mx;
        out["mean"] = mean;
        out["sd"] = sd;
        out["raw_min"] = rmin;
        out["raw_max"] = rmax;
        out["norm"] = norm;
        out["reference"] = reference;
        out["n"] = n;
        out["constant"] = constant;
        out["sorted"] = sorted;
        return out;
      },
      py::arg("x").noconvert(), py::arg("recipe"), py::arg("framework"), py::arg("reference_row") = -1,
      "Fits the recipe's normalisation of every framework indicator (columns in leaf order).");

  m.def(
      "normalise_apply",
      [](const matrix_ref& x, const tijian::recipe& r, const tijian::framework& fw, const py::dict& fit) {
        require_leaf_columns(fw, x);
        const auto ctx = contexts(fw, r);
        const auto m_cols = static_cast<std::size_t>(x.cols());
        const Eigen::VectorXd mn = vec_of(fit, "min", m_cols), mx = vec_of(fit, "max", m_cols),
                              mean = vec_of(fit, "mean", m_cols), sd = vec_of(fit, "sd", m_cols),
                              rmin = vec_of(fit, "raw_min", m_cols), rmax = vec_of(fit, "raw_max", m_cols),
                              norm = vec_of(fit, "norm", m_cols),
                              reference = vec_of(fit, "reference", m_cols);
        const auto n = fit["n"].cast<std::vector<std::int64_t>>();
        const auto constant = fit["constant"].cast<std::vector<bool>>();
        const auto sorted = fit["sorted"].cast<std::vector<std::vector<double>>>();
        if (n.size() != m_cols || constant.size() != m_cols || sorted.size() != m_cols)
          throw py::value_error("normalisation fit has the wrong length");
        std::vector<tijian::column_fit> fits(m_cols);
        for (std::size_t j = 0; j < m_cols; ++j) {
          auto& f = fits[j];
          const auto jj = static_cast<Eigen::Index>(j);
          f.min = mn[jj];
          f.max = mx[jj];
          f.mean = mean[jj];
          f.sd = sd[jj];
          f.raw_min = rmin[jj];
          f.raw_max = rmax[jj];
          f.norm = norm[jj];
          f.reference = reference[jj];
          f.n = static_cast<std::size_t>(std::max<std::int64_t>(0, n[j]));
          f.constant = constant[j];
          f.sorted = sorted[j];
          if (!std::is_sorted(f.sorted.begin(), f.sorted.end()))
            throw py::value_error("normalisation fit 'sorted' must be ascending");
          // the target / goalpost checks of fit_column, so that apply cannot meet a missing one
          (void)tijian::fit_column(r.normalisation_for(ctx[j].code), ctx[j], nullptr, nullptr, 0);
        }
        Eigen::MatrixXd out(x.rows(), x.cols());
        {
          py::gil_scoped_release release;
          for (Eigen::Index j = 0; j < x.cols(); ++j) {
            const auto ju = static_cast<std::size_t>(j);
            tijian::apply_column(r.normalisation_for(ctx[ju].code), fits[ju], ctx[ju], x.col(j).data(),
                                 out.col(j).data(), x.rows());
          }
        }
        return out;
      },
      py::arg("x").noconvert(), py::arg("recipe"), py::arg("framework"), py::arg("fit"),
      "Applies fitted normalisation parameters (from normalise_fit) to x.");

  // --- weights --------------------------------------------------------------------------------
  m.def(
      "entropy_weights",
      [](const matrix_ref& x, const tijian::recipe& r, const names_opt& names) {
        py::gil_scoped_release release;
        return tijian::entropy_weights(x, tijian::entropy_options_of(r.weights), names_ptr(names));
      },
      py::arg("x").noconvert(), py::arg("recipe"), py::arg("names") = py::none());
  m.def(
      "entropy_values",
      [](const matrix_ref& x, const tijian::recipe& r, const names_opt& names) {
        py::gil_scoped_release release;
        return tijian::entropy_values(x, tijian::entropy_options_of(r.weights), names_ptr(names));
      },
      py::arg("x").noconvert(), py::arg("recipe"), py::arg("names") = py::none());
  m.def(
      "coefficient_of_variation_weights",
      [](const matrix_ref& x, const names_opt& names) {
        py::gil_scoped_release release;
        return tijian::coefficient_of_variation_weights(x, names_ptr(names));
      },
      py::arg("x").noconvert(), py::arg("names") = py::none());
  m.def(
      "standard_deviation_weights",
      [](const matrix_ref& x, const names_opt& names) {
        py::gil_scoped_release release;
        return tijian::standard_deviation_weights(x, names_ptr(names));
      },
      py::arg("x").noconvert(), py::arg("names") = py::none());
  m.def(
      "critic_weights",
      [](const matrix_ref& x, const tijian::recipe& r, const names_opt& names) {
        const tijian::critic_options o = tijian::critic_options_of(r.weights);
        py::gil_scoped_release release;
        return tijian::critic_weights(x, o, names_ptr(names));
      },
      py::arg("x").noconvert(), py::arg("recipe"), py::arg("names") = py::none());
  m.def(
      "correlation_matrix",
      [](const matrix_ref& x, const tijian::recipe& r) {
        const auto kind = r.weights.correlation;
        py::gil_scoped_release release;
        return tijian::correlation_matrix(x, kind);
      },
      py::arg("x").noconvert(), py::arg("recipe"));
  m.def(
      "pca_weights",
      [](const matrix_ref& x, const tijian::recipe& r, const names_opt& names) {
        tijian::pca_result p;
        {
          py::gil_scoped_release release;
          p = tijian::pca_weights(x, r.weights.pca, names_ptr(names));
        }
        py::dict d;
        d["weights"] = p.weights;
        d["loadings"] = p.loadings;
        d["variance_explained"] = p.variance_explained;
        return d;
      },
      py::arg("x").noconvert(), py::arg("recipe"), py::arg("names") = py::none());
  m.def(
      "ahp",
      [](const matrix_ref& a, const tijian::recipe& r) {
        const tijian::ahp_result res = tijian::ahp(a, r.weights.ahp_weights, r.weights.ri);
        py::dict d;
        d["weights"] = res.weights;
        d["lambda_max"] = res.lambda_max;
        d["ci"] = res.ci;
        d["ri"] = res.ri;
        d["cr"] = res.cr;
        d["consistent"] = res.consistent;
        return d;
      },
      py::arg("matrix").noconvert(), py::arg("recipe"));
  m.def("combine_linear", &tijian::combine_linear, py::arg("a"), py::arg("b"), py::arg("alpha"));
  m.def("combine_multiplicative", &tijian::combine_multiplicative, py::arg("a"), py::arg("b"));
  m.def(
      "combine_game_theory",
      [](const std::vector<Eigen::VectorXd>& sets, const tijian::recipe& r) {
        const auto g = tijian::combine_game_theory(sets, r.weights.game_norm);
        py::dict d;
        d["weights"] = g.weights;
        d["coefficients"] = g.coefficients;
        d["raw_coefficients"] = g.raw_coefficients;
        return d;
      },
      py::arg("sets"), py::arg("recipe"));

  // --- aggregation and ranks ------------------------------------------------------------------
  m.def(
      "aggregate",
      [](const matrix_ref& x, const Eigen::VectorXd& w, const tijian::recipe& r) {
        if (w.size() != x.cols())
          throw tijian::recipe_error("weights.shape", std::to_string(w.size()) + " weights for " +
                                                          std::to_string(x.cols()) + " columns");
        for (Eigen::Index c = 0; c < w.size(); ++c)
          if (!std::isfinite(w[c]) || w[c] < 0)
            throw tijian::recipe_error("weights.combine_invalid",
                                       "weight " + std::to_string(c) + " must be finite and >= 0");
        Eigen::VectorXd out(x.rows());
        tijian::aggregate_report rep;
        {
          py::gil_scoped_release release;
          std::vector<const double*> cols;
          std::vector<double> wv(w.data(), w.data() + w.size());
          for (Eigen::Index c = 0; c < x.cols(); ++c) cols.push_back(x.col(c).data());
          std::vector<std::vector<Eigen::Index>> groups(1);
          groups[0].resize(static_cast<std::size_t>(x.rows()));
          for (Eigen::Index i = 0; i < x.rows(); ++i) groups[0][static_cast<std::size_t>(i)] = i;
          tijian::aggregate_into(r.aggregate, r.missing, cols, wv, x.rows(), groups, out.data(), rep);
        }
        if (!rep.error.empty()) {
          tijian::location l;
          l.line = 0;
          throw tijian::recipe_error("aggregate.domain",
                                     rep.error + " (row " + std::to_string(rep.error_row) + ")", l);
        }
        py::dict report;
        report["reweighted"] = rep.reweighted;
        report["below_share"] = rep.below_share;
        report["propagated"] = rep.propagated;
        report["all_missing"] = rep.all_missing;
        report["zeros"] = rep.zeros;
        report["floored"] = rep.floored;
        return py::make_tuple(out, report);
      },
      py::arg("x").noconvert(), py::arg("weights"), py::arg("recipe"),
      "Aggregates the columns of x with weights by the recipe's [aggregate] and [missing].");
  m.def(
      "rank",
      [](const Eigen::VectorXd& v, const tijian::recipe& r, bool lowest_first) {
        const auto ties = r.ties;
        py::gil_scoped_release release;
        return tijian::rank(v, ties,
                            lowest_first ? tijian::rank_order::lowest_first
                                         : tijian::rank_order::highest_first);
      },
      py::arg("values"), py::arg("recipe"), py::arg("lowest_first") = false);
}

}  // namespace tijian_py
