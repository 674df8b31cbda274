// SPDX-License-Identifier: MIT
// Shared declarations of the binding translation units (never a public header). The module is
// thin on purpose: it converts arguments, releases the GIL around the C++ work and hands the
// results back. Every choice of method, every check of user input and every message lives in
// the C++ library or in the pure-Python package `tijian`.
#pragma once

#include <pybind11/pybind11.h>

#include <string>
#include <type_traits>
#include <vector>

#include <tijian/error.hpp>

namespace tijian {
struct check_options;
struct composite_options;
struct coupling_options;
class framework;
struct recipe;
struct target_profile;
struct tolerance_set;
class table;
struct document;
struct diagnostic;
struct table_format;
struct survey_definition;
}  // namespace tijian

namespace tijian_py {

namespace py = pybind11;

/// An argument of a type the function does not take (None where a path or a dict is needed, a
/// number where text is): raised in Python as tijian.ArgumentError, a TijianError with its id and
/// location and a TypeError, so that code catching either sees it.
class argument_error : public tijian::error {
 public:
  using tijian::error::error;
};

/// Registers the exception types TijianError (ValueError), FrameworkError, DataError,
/// RecipeError and ArgumentError (also a TypeError), and the translator that raises them with
/// `.id` and `.location` set.
void register_errors(py::module_& m);
void register_framework(py::module_& m);
void register_score(py::module_& m);
void register_kernels(py::module_& m);
/// TargetProfile, check(), CheckResult, green_city_score(), coupling() (bindings/check.cpp).
void register_check(py::module_& m);
/// stats() and prepare(): indicator statistics and the data-preparation stages (stats.cpp).
void register_stats(py::module_& m);
/// uncertainty(), sensitivity(), sobol_design(), sobol_indices() (uncertainty.cpp).
void register_uncertainty(py::module_& m);
/// trend(), attribute(), evaluate(): the annual check over years and the five-year evaluation
/// (trend.cpp).
void register_trend(py::module_& m);
/// Ledger: the problem-to-task ledger in SQLite (ledger.cpp).
void register_ledger(py::module_& m);
/// The result document (check_tables.hpp) of a tijian._core.CheckResult (check.cpp), for the
/// ledger's update from a check made in Python.
tijian::document check_document_of(const py::handle& check);
/// national_system(), national_check(), national_grade(): the national basic system, its check
/// on a unit hierarchy and the official grading (national.cpp).
void register_national(py::module_& m);
/// compare() and the agreement statistics (bindings/compare.cpp).
void register_compare(py::module_& m);
/// survey(): the resident satisfaction survey (survey.cpp).
void register_survey(py::module_& m);
/// PartialFit, PartialWeights, FittedScoring and the passes of tijian.dask (dask.cpp).
void register_dask(py::module_& m);

/// A table as {name, label_zh, label_en, columns: [{name, type, label_zh, label_en, unit_zh,
/// unit_en, unit_column, values, missing[, categories]}]} (bindings/table.cpp); the only
/// conversion of result tables, made DataFrames by python/tijian/_tables.py.
py::dict table_py(const tijian::table& t);
/// Every table of a document, by name.
py::dict tables_py(const tijian::document& doc);

/// tijian._core.Document and the readers of data files (read_panel, read_xlsx_sheet).
void register_documents(py::module_& m);
/// The fields of a document (provenance, options), groups as nested dicts; tables left out.
py::dict fields_py(const tijian::document& doc);
/// The CSV format of the Python writers' arguments: headers "codes" / "labels", lang "zh" /
/// "en", bom (io/table_io.hpp); an unknown code raises the core's RecipeError.
tijian::table_format table_format_of(const std::string& headers, const std::string& lang, bool bom);

/// A dict shaped like a recipe, framework or target-profile file -> the core's value, read by the
/// same code as the files (bindings/documents.cpp); `source` names it in errors.
tijian::recipe recipe_from_py(const py::handle& doc, const std::string& source);
tijian::framework framework_from_py(const py::handle& doc, const std::string& source);
tijian::target_profile profile_from_py(const py::handle& doc, const std::string& source);
tijian::survey_definition survey_definition_from_py(const py::handle& doc, const std::string& source);
/// A dict of options -> the core's options (same file); a value of the wrong type is TypeError.
tijian::check_options check_options_from_py(const py::handle& options);
/// The tolerances of compare() from a dict shaped as the tolerance file (io/compare_io.hpp).
tijian::tolerance_set tolerances_from_py(const py::handle& doc, const std::string& source);
tijian::coupling_options coupling_options_from_py(const py::handle& options);
tijian::composite_options composite_options_from_py(const py::handle& options);

/// location -> dict with the known parts (file, line, column, node, unit, indicator, period).
py::dict location_dict(const tijian::location& where);

/// A Python argument as T, by pybind's own conversion: the one place where an argument of the
/// wrong type (a string where a number is needed, a float or bool where an integer is, a
/// negative count) becomes the project's error, recipe_error `id` saying what `name` must be.
/// Ranges and meanings are the core's to check; this only converts.
template <class T>
T arg_as(const py::handle& value, const std::string& id, const std::string& name,
         const char* expected = nullptr) {
  const bool is_bool = py::isinstance<py::bool_>(value);
  if (!(std::is_arithmetic_v<T> && !std::is_same_v<T, bool> && is_bool)) {
    try {
      return value.cast<T>();
    } catch (const py::cast_error&) {
    }
  }
  std::string what = expected                         ? expected
                     : std::is_same_v<T, bool>        ? "true or false"
                     : std::is_unsigned_v<T>          ? "an integer >= 0"
                     : std::is_integral_v<T>          ? "an integer"
                     : std::is_floating_point_v<T>    ? "a number"
                     : std::is_same_v<T, std::string> ? "text"
                                                      : "a value of another type";
  throw tijian::recipe_error(id, name + " must be " + what + ", not " + py::repr(value).cast<std::string>());
}

/// A sequence of Python str -> std::vector<std::string>. Anything else raises TypeError naming
/// `what` and the position, so that a wrong label is reported before any C++ work starts.
std::vector<std::string> string_list(const py::handle& seq, const char* what);

}  // namespace tijian_py
