// SPDX-License-Identifier: MIT
// tijian._core.uncertainty(), sensitivity(), sobol_design() and sobol_indices(): the Monte
// Carlo uncertainty analysis and the Sobol' sensitivity analysis (include/tijian/
// uncertainty.hpp, sensitivity.hpp, sobol.hpp).
//
// Conversion only. The alternatives arrive as C++ recipes that the package built and checked
// with tijian.Recipe (a normalisation alternative is the `normalise` of a recipe, an
// aggregation alternative its default `aggregate`, a data variant its `prepare`), the other
// settings as plain values. Results leave as dicts of NumPy arrays and lists, and the per-unit
// summary and the Sobol' indices as the core's tables (uncertainty_tables.hpp, table_py). The
// GIL is released around each analysis.
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <tijian/sensitivity.hpp>
#include <tijian/sobol.hpp>
#include <tijian/uncertainty.hpp>
#include <tijian/uncertainty_tables.hpp>

#include "common.hpp"

namespace tijian_py {

namespace {

using tijian::recipe;

tijian::sampling sampling_of(const py::handle& s) {
  return tijian::parse_enum<tijian::sampling>(arg_as<std::string>(s, "uncertainty.sampling", "sampling"),
                                              "uncertainty.sampling");
}

std::uint64_t seed_of(const py::handle& s) { return arg_as<std::uint64_t>(s, "uncertainty.seed", "seed"); }

/// {level: factor} or [(level, factor), ...]; the core checks levels and factors.
std::vector<std::pair<int, double>> noise_of(const py::handle& noise) {
  if (noise.is_none()) return {};
  const py::object pairs = py::isinstance<py::dict>(noise) ? py::list(noise.attr("items")())
                                                           : py::reinterpret_borrow<py::object>(noise);
  return arg_as<std::vector<std::pair<int, double>>>(
      pairs, "uncertainty.noise", "noise", "a map of framework levels to relative factors, e.g. {2: 0.25}");
}

/// The uncertain inputs, from the package's arguments (converted here, checked by the core).
tijian::uncertainty_spec spec_of(std::size_t runs, const py::handle& seed, const py::handle& sampling,
                                 const py::handle& noise, const py::handle& dirichlet,
                                 const std::vector<const recipe*>& normalisations,
                                 const std::vector<const recipe*>& aggregations,
                                 const std::vector<const recipe*>& data_variants,
                                 const std::vector<std::string>& variant_names,
                                 const std::vector<std::string>& exclusions, const std::string& node,
                                 const std::string& period) {
  tijian::uncertainty_spec s;
  s.runs = runs;
  s.seed = seed_of(seed);
  s.draws = sampling_of(sampling);
  for (const auto& [level, factor] : noise_of(noise)) s.noise.push_back({level, factor});
  s.dirichlet = dirichlet.is_none() ? 0.0 : arg_as<double>(dirichlet, "uncertainty.dirichlet", "dirichlet");
  for (const recipe* r : normalisations) s.normalisations.push_back(r->normalise);
  for (const recipe* r : aggregations) s.aggregations.push_back(r->aggregate);
  for (const recipe* r : data_variants) s.data_variants.push_back(*r);
  s.variant_names = variant_names;
  s.exclusions = exclusions;
  s.node = node;
  s.period = period;
  return s;
}

/// Explicit weight sets: [(name, {code: weight}), ...] (converted here, checked by the core).
std::vector<tijian::weight_set> weight_sets_of(const py::handle& sets) {
  std::vector<tijian::weight_set> out;
  if (sets.is_none()) return out;
  for (auto& [name, weights] : arg_as<std::vector<std::pair<std::string, std::map<std::string, double>>>>(
           sets, "uncertainty.weight_set", "weight_sets",
           "named weight sets, e.g. {'experts': {'ENV': 2, 'ECO': 1}}, each weight a number"))
    out.push_back({std::move(name), std::move(weights)});
  return out;
}

// The large matrices are moved into the arrays (owned by a capsule), not copied: a copy of a
// thousand runs of 300 units costs more than the analysis' statistics.
py::dict uncertainty_dict(tijian::uncertainty_result&& u) {
  py::dict d;
  d["units"] = u.units;
  d["node"] = u.node;
  d["summary"] = table_py(tijian::uncertainty_table(u));  // before the matrices are moved out
  d["scores"] = py::cast(std::move(u.scores));
  d["ranks"] = py::cast(std::move(u.ranks));
  const auto R = static_cast<py::ssize_t>(u.choices.size());
  py::array_t<std::int64_t> variant(R), norm(R), agg(R), excluded(R), weight_set(R);
  for (py::ssize_t r = 0; r < R; ++r) {
    const auto& c = u.choices[static_cast<std::size_t>(r)];
    variant.mutable_at(r) = c.variant;
    norm.mutable_at(r) = c.normalisation;
    agg.mutable_at(r) = c.aggregation;
    excluded.mutable_at(r) = c.excluded;
    weight_set.mutable_at(r) = static_cast<std::int64_t>(c.weight_set);
  }
  d["variant"] = variant;
  d["normalisation"] = norm;
  d["aggregation"] = agg;
  d["excluded"] = excluded;
  d["weight_set"] = weight_set;
  d["weights"] = py::cast(std::move(u.weights));
  d["factor_names"] = u.factor_names;
  d["factors"] = py::cast(std::move(u.factors));
  py::list failures;
  for (const auto& [run, reason] : u.failures) failures.append(py::make_tuple(run, reason));
  d["failures"] = failures;
  return d;
}

constexpr int part_state_version = 2;

/// One part of an analysis split across processes (tijian.dask): pickled as its arrays.
py::tuple part_state(const tijian::uncertainty_result& u) {
  const auto R = static_cast<py::ssize_t>(u.choices.size());
  py::array_t<std::int64_t> choices({R, py::ssize_t{5}});
  auto c = choices.mutable_unchecked<2>();
  for (py::ssize_t r = 0; r < R; ++r) {
    const auto& x = u.choices[static_cast<std::size_t>(r)];
    c(r, 0) = x.variant;
    c(r, 1) = x.normalisation;
    c(r, 2) = x.aggregation;
    c(r, 3) = x.excluded;
    c(r, 4) = static_cast<std::int64_t>(x.weight_set);
  }
  return py::make_tuple(part_state_version, u.units, u.node, u.nominal_score, u.nominal_rank, u.scores,
                        u.ranks, choices, u.weights, u.factor_names, u.factors, u.failures, u.first_run);
}

tijian::uncertainty_result part_from_state(const py::tuple& t) {
  if (t.size() != 13 || t[0].cast<int>() != part_state_version)
    throw py::value_error("invalid or incompatible UncertaintyPart state");
  tijian::uncertainty_result u;
  u.units = t[1].cast<std::vector<std::string>>();
  u.node = t[2].cast<std::string>();
  u.nominal_score = t[3].cast<Eigen::VectorXd>();
  u.nominal_rank = t[4].cast<Eigen::VectorXd>();
  u.scores = t[5].cast<Eigen::MatrixXd>();
  u.ranks = t[6].cast<Eigen::MatrixXd>();
  const auto choices = t[7].cast<py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>>();
  const auto c = choices.unchecked<2>();
  for (py::ssize_t r = 0; r < c.shape(0); ++r)
    u.choices.push_back({static_cast<int>(c(r, 0)), static_cast<int>(c(r, 1)), static_cast<int>(c(r, 2)),
                         static_cast<int>(c(r, 3)), static_cast<std::size_t>(c(r, 4))});
  u.weights = t[8].cast<Eigen::MatrixXd>();
  u.factor_names = t[9].cast<std::vector<std::string>>();
  u.factors = t[10].cast<Eigen::MatrixXd>();
  u.failures = t[11].cast<std::vector<std::pair<std::size_t, std::string>>>();
  u.first_run = t[12].cast<std::size_t>();
  return u;
}

/// The indices as the core's table (uncertainty_tables.hpp), and the scalars beside it.
py::dict indices_dict(const tijian::sobol_indices& s, const std::vector<std::string>& factors) {
  py::dict d;
  d["indices"] = table_py(tijian::sobol_table(s, factors));
  d["variance"] = s.variance;
  d["rows_used"] = s.rows_used;
  d["rows_dropped"] = s.rows_dropped;
  return d;
}

}  // namespace

void register_uncertainty(py::module_& m) {
  m.def(
      "uncertainty",
      [](const tijian::framework& fw, const tijian::panel& data, const recipe& nominal,
         const py::object& runs, const py::object& seed, const py::object& sampling, const py::object& noise,
         const py::object& dirichlet, const std::vector<const recipe*>& normalisations,
         const std::vector<const recipe*>& aggregations, const std::vector<const recipe*>& data_variants,
         const std::vector<std::string>& variant_names, const std::vector<std::string>& exclusions,
         const std::string& node, const std::string& period, const py::object& weight_sets) {
        auto spec = spec_of(arg_as<std::size_t>(runs, "uncertainty.runs", "runs"), seed, sampling, noise,
                            dirichlet, normalisations, aggregations, data_variants, variant_names, exclusions,
                            node, period);
        spec.weight_sets = weight_sets_of(weight_sets);
        tijian::uncertainty_result u;
        {
          py::gil_scoped_release release;
          data.validate();
          u = tijian::uncertainty(fw, data, nominal, spec);
        }
        py::dict d = uncertainty_dict(std::move(u));
        std::vector<std::string> names;
        for (std::size_t k = 0; k < spec.weight_sets.size(); ++k)
          names.push_back(tijian::detail::ua::weight_set_name(spec, k));
        d["weight_set_names"] = names;
        return d;
      },
      py::arg("framework"), py::arg("panel"), py::arg("recipe"), py::arg("runs"), py::arg("seed"),
      py::arg("sampling"), py::arg("noise"), py::arg("dirichlet"), py::arg("normalisations"),
      py::arg("aggregations"), py::arg("data_variants"), py::arg("variant_names"), py::arg("exclusions"),
      py::arg("node"), py::arg("period"), py::arg("weight_sets") = py::none(),
      "Monte Carlo uncertainty analysis (internal; use tijian.uncertainty). The GIL is released.");

  py::class_<tijian::uncertainty_result>(m, "UncertaintyPart",
                                         "Some runs of an uncertainty analysis (private; use tijian.dask).")
      .def_property_readonly("runs", [](const tijian::uncertainty_result& u) { return u.choices.size(); })
      .def(py::pickle([](const tijian::uncertainty_result& u) { return part_state(u); }, &part_from_state));

  m.def(
      "uncertainty_runs",
      [](const tijian::framework& fw, const tijian::panel& data, const recipe& nominal,
         const py::object& runs, const py::object& seed, const py::object& sampling, const py::object& noise,
         const py::object& dirichlet, const std::vector<const recipe*>& normalisations,
         const std::vector<const recipe*>& aggregations, const std::vector<const recipe*>& data_variants,
         const std::vector<std::string>& variant_names, const std::vector<std::string>& exclusions,
         const std::string& node, const std::string& period, const py::object& first,
         const py::object& count) {
        const auto spec = spec_of(arg_as<std::size_t>(runs, "uncertainty.runs", "runs"), seed, sampling,
                                  noise, dirichlet, normalisations, aggregations, data_variants,
                                  variant_names, exclusions, node, period);
        const auto from = arg_as<std::size_t>(first, "uncertainty.runs", "first");
        const auto how_many = arg_as<std::size_t>(count, "uncertainty.runs", "count");
        py::gil_scoped_release release;
        data.validate();
        return tijian::uncertainty_runs(fw, data, nominal, spec, from, how_many);
      },
      py::arg("framework"), py::arg("panel"), py::arg("recipe"), py::arg("runs"), py::arg("seed"),
      py::arg("sampling"), py::arg("noise"), py::arg("dirichlet"), py::arg("normalisations"),
      py::arg("aggregations"), py::arg("data_variants"), py::arg("variant_names"), py::arg("exclusions"),
      py::arg("node"), py::arg("period"), py::arg("first"), py::arg("count"),
      "Runs first .. first + count - 1 of an uncertainty analysis (internal; use tijian.dask.uncertainty).");

  m.def(
      "merge_uncertainty",
      [](const std::vector<const tijian::uncertainty_result*>& parts) {
        std::vector<tijian::uncertainty_result> copies;
        for (const auto* p : parts) copies.push_back(*p);
        tijian::uncertainty_result u;
        {
          py::gil_scoped_release release;
          u = tijian::merge_uncertainty(std::move(copies));
        }
        return uncertainty_dict(std::move(u));
      },
      py::arg("parts"),
      "Consecutive parts from run 0 as one analysis (internal; use tijian.dask.uncertainty).");

  m.def(
      "sensitivity",
      [](const tijian::framework& fw, const tijian::panel& data, const recipe& nominal, const py::object& n,
         const py::object& seed, const py::object& sampling, const py::object& noise,
         const py::object& dirichlet, const std::vector<const recipe*>& normalisations,
         const std::vector<const recipe*>& aggregations, const std::vector<const recipe*>& data_variants,
         const std::vector<std::string>& variant_names, const std::vector<std::string>& exclusions,
         const std::string& node, const std::string& period, const py::object& output,
         const std::string& unit, const py::object& weight_sets, const py::object& bootstrap,
         const py::object& level, const py::object& explicit_weight_sets) {
        tijian::sensitivity_spec s;
        s.inputs = spec_of(0, seed, sampling, noise, dirichlet, normalisations, aggregations, data_variants,
                           variant_names, exclusions, node, period);
        s.inputs.weight_sets = weight_sets_of(explicit_weight_sets);
        s.n = arg_as<std::size_t>(n, "sensitivity.design", "n");
        s.draws = s.inputs.draws;
        s.output = tijian::parse_enum<tijian::sensitivity_output>(
            arg_as<std::string>(output, "sensitivity.output", "output"), "sensitivity.output");
        s.unit = unit;
        s.weight_sets = arg_as<std::size_t>(weight_sets, "sensitivity.weight_sets", "weight_sets");
        s.bootstrap = arg_as<std::size_t>(bootstrap, "sensitivity.bootstrap", "bootstrap");
        s.level = arg_as<double>(level, "sensitivity.level", "level");
        tijian::sensitivity_result r;
        {
          py::gil_scoped_release release;
          data.validate();
          r = tijian::sensitivity(fw, data, nominal, s);
        }
        py::dict d = indices_dict(r.indices, r.factors);
        d["factors"] = py::cast(std::move(r.factors));
        d["y"] = py::cast(std::move(r.y));
        py::dict runs = uncertainty_dict(std::move(r.runs));
        std::vector<std::string> names;
        for (std::size_t k = 0; k < s.inputs.weight_sets.size(); ++k)
          names.push_back(tijian::detail::ua::weight_set_name(s.inputs, k));
        runs["weight_set_names"] = names;
        d["runs"] = runs;
        return d;
      },
      py::arg("framework"), py::arg("panel"), py::arg("recipe"), py::arg("n"), py::arg("seed"),
      py::arg("sampling"), py::arg("noise"), py::arg("dirichlet"), py::arg("normalisations"),
      py::arg("aggregations"), py::arg("data_variants"), py::arg("variant_names"), py::arg("exclusions"),
      py::arg("node"), py::arg("period"), py::arg("output"), py::arg("unit"), py::arg("weight_sets"),
      py::arg("bootstrap"), py::arg("level"), py::arg("explicit_weight_sets") = py::none(),
      "Sobol' sensitivity analysis of a scoring recipe (internal; use tijian.sensitivity).");

  m.def(
      "sobol_design",
      [](const py::object& n, const py::object& d, const py::object& sampling, const py::object& seed) {
        const auto how = sampling_of(sampling);
        const auto rows = arg_as<std::size_t>(n, "sensitivity.design", "n");
        const auto factors = arg_as<std::size_t>(d, "sensitivity.design", "d");
        const auto from = seed_of(seed);
        tijian::saltelli_design s;
        {
          py::gil_scoped_release release;
          s = tijian::make_saltelli_design(rows, factors, how, from);
        }
        return py::make_tuple(s.a, s.b);
      },
      py::arg("n"), py::arg("d"), py::arg("sampling"), py::arg("seed"),
      "The Saltelli design's A and B (N x d each) in [0, 1).");

  m.def(
      "sobol_indices",
      [](const Eigen::VectorXd& ya, const Eigen::VectorXd& yb, const Eigen::MatrixXd& yab,
         const py::object& bootstrap, const py::object& level, const py::object& seed,
         const std::vector<std::string>& names) {
        const auto resamples = arg_as<std::size_t>(bootstrap, "sensitivity.bootstrap", "bootstrap");
        const auto coverage = arg_as<double>(level, "sensitivity.level", "level");
        const auto from = seed_of(seed);
        tijian::sobol_indices s;
        {
          py::gil_scoped_release release;
          s = tijian::estimate_sobol(ya, yb, yab, resamples, coverage, from);
        }
        return indices_dict(s, names);
      },
      py::arg("ya"), py::arg("yb"), py::arg("yab"), py::arg("bootstrap"), py::arg("level"), py::arg("seed"),
      py::arg("names"), "First-order (Saltelli 2010) and total (Jansen) indices with bootstrap intervals.");
}

}  // namespace tijian_py
