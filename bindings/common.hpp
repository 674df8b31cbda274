// SPDX-License-Identifier: MIT
// Shared declarations of the binding translation units (never a public header). The module is
// thin on purpose: it converts arguments, releases the GIL around the C++ work and hands the
// results back. Every choice of method, every check of user input and every message lives in
// the C++ library or in the pure-Python package `tijian`.
#pragma once

#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include <tijian/error.hpp>

namespace tijian_py {

namespace py = pybind11;

/// Registers the exception types TijianError (ValueError), FrameworkError, DataError and
/// RecipeError, and the translator that raises them with `.id` and `.location` set.
void register_errors(py::module_& m);
void register_framework(py::module_& m);
void register_score(py::module_& m);
void register_kernels(py::module_& m);
/// TargetProfile, check(), CheckResult, green_city_score(), coupling() (bindings/check.cpp).
void register_check(py::module_& m);

/// location -> dict with the known parts (file, line, column, node, unit, indicator, period).
py::dict location_dict(const tijian::location& where);

/// A sequence of Python str -> std::vector<std::string>. Anything else raises TypeError naming
/// `what` and the position, so that a wrong label is reported before any C++ work starts.
std::vector<std::string> string_list(const py::handle& seq, const char* what);

}  // namespace tijian_py
