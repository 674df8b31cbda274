// SPDX-License-Identifier: MIT
// Python values -> an in-memory TOML table handed to the core's readers (io/documents.hpp), so that
// a recipe, framework or target profile given as a dict is checked by the same code, with the same
// messages, as a file, and no TOML text is written to be parsed again; the options of check,
// composite and coupling go the same way, so the core alone knows their names, types and values.
#include <toml++/toml.h>

#include <cstdint>
#include <string>
#include <tijian/io/compare_io.hpp>
#include <tijian/io/documents.hpp>
#include <tijian/io/survey_io.hpp>
#include <utility>

#include "common.hpp"

namespace tijian_py {

namespace {

toml::table to_table(const py::handle& mapping, const std::string& path);

[[noreturn]] void not_convertible(const py::handle& v, const std::string& path) {
  throw argument_error("argument.type",
                       "'" + path + "' cannot be " + std::string(py::str(py::type::of(v).attr("__name__"))) +
                           " " + std::string(py::repr(v)) + ": use a str, bool, int, float, list or dict");
}

// Where a converted value goes: a key of a table or the end of an array.
struct sink {
  toml::table* table = nullptr;
  std::string key;
  toml::array* array = nullptr;

  template <class V>
  void operator()(V&& value) const {
    if (table) table->insert_or_assign(key, std::forward<V>(value));
    else array->push_back(std::forward<V>(value));
  }
};

// Puts the TOML value of `v`: bool, int64, double, string, array or table. NumPy scalars and
// arrays go through tolist(), so np.float64(2.0) and np.array([[1, 3], [1/3, 1]]) are accepted
// as plain numbers and nested lists.
void convert(const py::handle& v, const std::string& path, const sink& put) {
  if (PyBool_Check(v.ptr())) return put(v.cast<bool>());
  if (PyUnicode_Check(v.ptr())) return put(v.cast<std::string>());
  if (PyLong_Check(v.ptr())) {
    int overflow = 0;
    const long long x = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
    if (overflow != 0)
      throw argument_error("argument.range",
                           "'" + path + "' = " + std::string(py::str(v)) +
                               " does not fit 64 bits: give an integer from -2^63 to 2^63 - 1");
    return put(static_cast<std::int64_t>(x));
  }
  if (PyFloat_Check(v.ptr())) return put(v.cast<double>());
  if (py::isinstance(v, py::module_::import("collections.abc").attr("Mapping")))
    return put(to_table(v, path));
  if (py::hasattr(v, "to_dict") && py::hasattr(v, "index"))  // a pandas Series: {label: value}
    return convert(v.attr("to_dict")(), path, put);
  if (py::hasattr(v, "tolist") && !py::isinstance<py::bytes>(v)) {
    const py::object plain = v.attr("tolist")();
    if (plain.ptr() == v.ptr()) not_convertible(v, path);
    return convert(plain, path, put);
  }
  if (py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) {
    toml::array out;
    std::size_t k = 0;
    for (const py::handle& x : v) {
      const std::string at = path + "[" + std::to_string(k++) + "]";
      if (x.is_none()) throw argument_error("argument.type", "'" + at + "' is None: a list cannot hold None");
      convert(x, at, sink{nullptr, {}, &out});
    }
    return put(std::move(out));
  }
  not_convertible(v, path);
}

// None values are left out: a key given as None keeps its default.
toml::table to_table(const py::handle& mapping, const std::string& path) {
  toml::table out;
  for (const py::handle& item : mapping.attr("items")()) {
    const py::tuple kv = py::reinterpret_borrow<py::tuple>(item);
    if (kv[1].is_none()) continue;
    const std::string key = py::str(kv[0]);
    convert(kv[1], path.empty() ? key : path + "." + key, sink{&out, key, nullptr});
  }
  return out;
}

toml::table document(const py::handle& doc, const char* what) {
  if (!py::isinstance(doc, py::module_::import("collections.abc").attr("Mapping")))
    throw argument_error("argument.type", std::string("a ") + what + " must be given as a dict, not " +
                                              std::string(py::str(py::type::of(doc).attr("__name__"))));
  return to_table(doc, "");
}

// The options of a call: a wrong type is a TypeError, as for any argument of the wrong type, with
// the core's message naming the option; every other problem stays the core's RecipeError.
template <class Parse>
auto options_of(const py::handle& options, Parse parse) {
  const toml::table t = document(options, "set of options");
  try {
    return parse(t);
  } catch (const tijian::recipe_error& e) {
    const std::string& id = e.id();
    const std::string suffix = ".wrong_type";
    if (id.size() > suffix.size() && id.compare(id.size() - suffix.size(), suffix.size(), suffix) == 0)
      throw argument_error(e.id(), e.message(), e.where(), e.message_zh());
    throw;
  }
}

}  // namespace

tijian::check_options check_options_from_py(const py::handle& options) {
  return options_of(options, [](const toml::table& t) { return tijian::parse_check_options(t); });
}

tijian::coupling_options coupling_options_from_py(const py::handle& options) {
  return options_of(options, [](const toml::table& t) { return tijian::parse_coupling_options(t); });
}

tijian::composite_options composite_options_from_py(const py::handle& options) {
  return options_of(options, [](const toml::table& t) { return tijian::parse_composite_options(t); });
}

tijian::recipe recipe_from_py(const py::handle& doc, const std::string& source) {
  const toml::table t = document(doc, "recipe");
  py::gil_scoped_release release;
  return tijian::parse_recipe(t, source);
}

tijian::framework framework_from_py(const py::handle& doc, const std::string& source) {
  const toml::table t = document(doc, "framework");
  py::gil_scoped_release release;
  return tijian::parse_framework(t, source);
}

tijian::target_profile profile_from_py(const py::handle& doc, const std::string& source) {
  const toml::table t = document(doc, "target profile");
  py::gil_scoped_release release;
  return tijian::parse_target_profile(t, source);
}

tijian::tolerance_set tolerances_from_py(const py::handle& doc, const std::string& source) {
  const toml::table t = document(doc, "set of tolerances");
  return tijian::parse_tolerances(t, source);
}

tijian::survey_definition survey_definition_from_py(const py::handle& doc, const std::string& source) {
  const toml::table t = document(doc, "survey definition");
  py::gil_scoped_release release;
  return tijian::parse_survey_definition(t, source);
}

}  // namespace tijian_py
