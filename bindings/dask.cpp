// SPDX-License-Identifier: MIT
// tijian._core's pieces of tijian.dask: fit statistics that merge across partitions
// (include/tijian/partial_fit.hpp) and the scoring of one partition with the merged fit.
//
// Conversion only. PartialFit and PartialWeights pickle as their labels and one array of
// numbers (so that dask ships them between processes); FittedScoring stays in the process that
// finished it. The GIL is released around each pass over a partition.
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include <tijian/partial_fit.hpp>
#include <tijian/partial_fit_tables.hpp>

#include "common.hpp"

namespace tijian_py {

namespace {

using tijian::entropy_sums;
using tijian::indicator_moments;
using tijian::partial_fit;
using tijian::partial_weights;

constexpr int fit_state_version = 1;

template <class Cell>
py::array_t<double> cells_array(const std::vector<Cell>& cells) {
  py::array_t<double> a({static_cast<py::ssize_t>(cells.size()), static_cast<py::ssize_t>(Cell::fields)});
  auto v = a.mutable_unchecked<2>();
  for (std::size_t i = 0; i < cells.size(); ++i) {
    static_assert(sizeof(Cell) == Cell::fields * sizeof(double), "a cell is its fields");
    const auto* d = reinterpret_cast<const double*>(&cells[i]);
    for (std::size_t f = 0; f < Cell::fields; ++f)
      v(static_cast<py::ssize_t>(i), static_cast<py::ssize_t>(f)) = d[f];
  }
  return a;
}

template <class Cell>
std::vector<Cell> cells_of(const py::array_t<double, py::array::c_style | py::array::forcecast>& a) {
  if (a.ndim() != 2 || (a.shape(0) > 0 && a.shape(1) != static_cast<py::ssize_t>(Cell::fields)))
    throw py::value_error("invalid fit statistics state");
  std::vector<Cell> cells(static_cast<std::size_t>(a.shape(0)));
  auto v = a.unchecked<2>();
  for (std::size_t i = 0; i < cells.size(); ++i) {
    auto* d = reinterpret_cast<double*>(&cells[i]);
    for (std::size_t f = 0; f < Cell::fields; ++f)
      d[f] = v(static_cast<py::ssize_t>(i), static_cast<py::ssize_t>(f));
  }
  return cells;
}

}  // namespace

void register_dask(py::module_& m) {
  py::class_<partial_fit>(m, "PartialFit",
                          "Per-indicator, per-period statistics of some rows, mergeable (private; use "
                          "tijian.dask).")
      .def_readonly("indicators", &partial_fit::indicators)
      .def_readonly("periods", &partial_fit::periods)
      .def_readonly("rows", &partial_fit::rows)
      .def_property_readonly(
          "cells", [](const partial_fit& s) { return cells_array(s.cells); },
          "periods x indicators rows of (n, raw_min, raw_max, min, max, mean, m2, sumsq)")
      .def(
          "merge",
          [](partial_fit& s, const partial_fit& other) {
            py::gil_scoped_release release;
            s.merge(other);
          },
          py::arg("other"), "Adds the rows of another partition's statistics (in place).")
      .def(py::pickle(
          [](const partial_fit& s) {
            return py::make_tuple(fit_state_version, s.indicators, s.periods, s.rows, cells_array(s.cells));
          },
          [](const py::tuple& t) {
            if (t.size() != 5 || t[0].cast<int>() != fit_state_version)
              throw py::value_error("invalid or incompatible PartialFit state");
            partial_fit s;
            s.indicators = t[1].cast<std::vector<std::string>>();
            s.periods = t[2].cast<std::vector<std::string>>();
            s.rows = t[3].cast<double>();
            s.cells = cells_of<indicator_moments>(
                t[4].cast<py::array_t<double, py::array::c_style | py::array::forcecast>>());
            if (s.cells.size() != s.indicators.size() * s.periods.size())
              throw py::value_error("invalid PartialFit state");
            return s;
          }));

  py::class_<partial_weights>(
      m, "PartialWeights", "Per-indicator entropy sums of some rows, mergeable (private; use tijian.dask).")
      .def_readonly("indicators", &partial_weights::indicators)
      .def(
          "merge",
          [](partial_weights& s, const partial_weights& other) {
            py::gil_scoped_release release;
            s.merge(other);
          },
          py::arg("other"), "Adds the rows of another partition's sums (in place).")
      .def(py::pickle(
          [](const partial_weights& s) {
            return py::make_tuple(fit_state_version, s.indicators, cells_array(s.cells));
          },
          [](const py::tuple& t) {
            if (t.size() != 3 || t[0].cast<int>() != fit_state_version)
              throw py::value_error("invalid or incompatible PartialWeights state");
            partial_weights s;
            s.indicators = t[1].cast<std::vector<std::string>>();
            s.cells = cells_of<entropy_sums>(
                t[2].cast<py::array_t<double, py::array::c_style | py::array::forcecast>>());
            return s;
          }));

  py::class_<tijian::fitted_scoring>(m, "FittedScoring",
                                     "Normalisation fits and node weights finished from merged statistics "
                                     "(private; use tijian.dask).")
      .def_readonly("indicators", &tijian::fitted_scoring::indicators)
      .def_readonly("periods", &tijian::fitted_scoring::periods)
      .def_readonly("weights", &tijian::fitted_scoring::weights)
      .def(
          "goalposts", [](const tijian::fitted_scoring& f) { return table_py(tijian::goalposts_table(f)); },
          "The fits per indicator and period as a core table (partial_fit_tables.hpp).");

  m.def(
      "fit_statistics",
      [](const tijian::framework& fw, const tijian::panel& part, const tijian::recipe& r) {
        py::gil_scoped_release release;
        part.validate();  // as tj.score: duplicated units, infinite values, label counts
        return tijian::fit_statistics(fw, part, r);
      },
      py::arg("framework"), py::arg("panel"), py::arg("recipe"),
      "Pass 1 on one partition (partial_fit.hpp).");
  m.def(
      "weight_statistics",
      [](const tijian::framework& fw, const tijian::panel& part, const tijian::recipe& r,
         const partial_fit& merged) {
        py::gil_scoped_release release;
        part.validate();
        return tijian::weight_statistics(fw, part, r, merged);
      },
      py::arg("framework"), py::arg("panel"), py::arg("recipe"), py::arg("merged"),
      "Pass 2 (entropy weights) on one partition, with the merged pass-1 statistics.");
  m.def(
      "finish_fit",
      [](const tijian::framework& fw, const tijian::recipe& r, const partial_fit& s,
         const partial_weights* w) {
        py::gil_scoped_release release;
        return tijian::finish(fw, r, s, w ? *w : partial_weights{});
      },
      py::arg("framework"), py::arg("recipe"), py::arg("statistics"), py::arg("weight_statistics") = nullptr,
      "The fits and weights score() would find on the whole data.");
  m.def(
      "score_partition",
      [](const tijian::framework& fw, const tijian::panel& part, const tijian::recipe& r,
         const tijian::fitted_scoring& fit) {
        tijian::partition_scores s;
        {
          py::gil_scoped_release release;
          part.validate();
          s = tijian::score_partition(fw, part, r, fit);
        }
        return py::make_tuple(s.nodes, py::cast(std::move(s.scores)), py::cast(std::move(s.normalised)));
      },
      py::arg("framework"), py::arg("panel"), py::arg("recipe"), py::arg("fit"),
      "Scores of one partition with a finished fit: (nodes, scores, normalised).");
}

}  // namespace tijian_py
