// SPDX-License-Identifier: MIT
// tijian._core: the compiled part of the Python package `tijian`. Private: call it through the
// package (tijian.score, tijian.Framework, ...), which coerces pandas and numpy input and names
// the offending column or unit before anything reaches C++.
#include <pybind11/gil_safe_call_once.h>
#include <pybind11/pybind11.h>

#include <tijian/version.hpp>

#include "common.hpp"

namespace tijian_py {

namespace {

struct error_types {
  py::object base, framework, data, recipe, argument;
};

PYBIND11_CONSTINIT py::gil_safe_call_once_and_store<error_types> g_errors;

py::object new_error(const char* name, const char* doc, PyObject* base) {
  PyObject* t = PyErr_NewExceptionWithDoc(name, doc, base, nullptr);
  if (!t) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(t);
}

/// Raises `type(e.what())` with `.id` (stable, e.g. "framework.unknown_parent") and
/// `.location` (dict) set on the instance.
void raise_as(const py::object& type, const tijian::error& e) {
  py::object instance = type(py::str(e.what()));
  instance.attr("id") = py::str(e.id());
  instance.attr("location") = location_dict(e.where());
  // the whole message in Chinese (what the program prints with --lang zh; the English text when
  // the error has no Chinese wording yet)
  instance.attr("message_zh") = py::str(e.text(true));
  PyErr_SetObject(type.ptr(), instance.ptr());
}

tijian::error uninitialised_error() {
  return tijian::error("binding.uninitialised",
                       "an object of tijian._core was used before it was made (__new__ without __init__, or "
                       "None given for an object); make objects through the tijian package "
                       "(tijian.Framework.from_toml, tijian.score, ...)");
}

/// Attribute access on an instance of a bound class: refused (TijianError
/// "binding.uninitialised") while the C++ value was never made, as after `cls.__new__(cls)`,
/// where a method would otherwise run on a null object and crash the interpreter. __setstate__
/// stays reachable: unpickling calls it on exactly such an instance.
PyObject* guarded_getattro(PyObject* self, PyObject* name) {
  bool made = true;
  for (auto v_h : py::detail::values_and_holders(reinterpret_cast<py::detail::instance*>(self)))
    made = made && v_h.value_ptr() != nullptr;  // a reference (no holder) is made too
  if (!made) {
    // only what unpickling needs (__setstate__ makes the value) and what names the type
    Py_ssize_t n = 0;
    const char* s = PyUnicode_Check(name) ? PyUnicode_AsUTF8AndSize(name, &n) : nullptr;
    const std::string attr = s != nullptr ? std::string(s, static_cast<std::size_t>(n)) : std::string();
    if (attr != "__setstate__" && attr != "__class__" && attr != "__init__" && attr != "__dict__") {
      PyErr_Clear();
      try {
        raise_as(g_errors.get_stored().base, uninitialised_error());
      } catch (...) {
        PyErr_SetString(PyExc_ValueError, "[tijian.binding.uninitialised] object used before it was made");
      }
      return nullptr;
    }
  }
  return PyObject_GenericGetAttr(self, name);
}

}  // namespace

/// Every class of the module gets guarded_getattro (above).
void guard_uninitialised(py::module_& m) {
  for (const auto& item : m.attr("__dict__").cast<py::dict>()) {
    PyObject* obj = item.second.ptr();
    if (!PyType_Check(obj)) continue;
    auto* type = reinterpret_cast<PyTypeObject*>(obj);
    if (py::detail::get_type_info(type) == nullptr) continue;  // not a bound class (an exception type)
    type->tp_getattro = guarded_getattro;
    PyType_Modified(type);
  }
}

py::dict location_dict(const tijian::location& where) {
  // escaped as the message is: a part that is not UTF-8 (a GBK cell, a NUL) must not turn the
  // error into a UnicodeDecodeError
  py::dict d;
  if (!where.file.empty()) d["file"] = tijian::escaped(where.file);
  if (where.line > 0) d["line"] = where.line;
  if (where.column > 0) d["column"] = where.column;
  if (!where.node.empty()) d["node"] = tijian::escaped(where.node);
  if (!where.unit.empty()) d["unit"] = tijian::escaped(where.unit);
  if (!where.indicator.empty()) d["indicator"] = tijian::escaped(where.indicator);
  if (!where.period.empty()) d["period"] = tijian::escaped(where.period);
  if (!where.sheet.empty()) d["sheet"] = tijian::escaped(where.sheet);
  return d;
}

std::vector<std::string> string_list(const py::handle& seq, const char* what) {
  if (py::isinstance<py::str>(seq) || !py::isinstance<py::sequence>(seq))
    throw argument_error("argument.type", std::string(what) + " must be a sequence of str");
  const auto s = py::reinterpret_borrow<py::sequence>(seq);
  std::vector<std::string> out;
  const std::size_t n = s.size();
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    py::object item = s[i];
    if (!PyUnicode_Check(item.ptr()))
      throw argument_error("argument.type", std::string(what) + "[" + std::to_string(i) + "] is " +
                                                std::string(py::str(py::type::of(item).attr("__name__"))) +
                                                ", not str");
    Py_ssize_t len = 0;
    const char* text = PyUnicode_AsUTF8AndSize(item.ptr(), &len);
    if (!text) {  // a lone surrogate ("\udc80", from a file read with surrogateescape): not text
      PyErr_Clear();
      throw tijian::data_error("data.text",
                               std::string(what) + "[" + std::to_string(i) +
                                   "] is not valid Unicode text (it holds a lone surrogate, e.g. "
                                   "from bytes decoded with errors='surrogateescape')");
    }
    out.emplace_back(text, static_cast<std::size_t>(len));
  }
  return out;
}

void register_errors(py::module_& m) {
  const error_types& t =
      g_errors
          .call_once_and_store_result([] {
            error_types e;
            e.base = new_error("tijian.TijianError",
                               "Base of every tijian error (a ValueError). `.id` is the stable error "
                               "id (e.g. 'framework.unknown_parent'), `.location` a dict naming the "
                               "file, line, node, unit, indicator and period concerned.",
                               PyExc_ValueError);
            e.framework = new_error("tijian.FrameworkError",
                                    "The indicator framework is inconsistent or does not match the "
                                    "data (unknown parent, cycle, an indicator without a data column, "
                                    "...).",
                                    e.base.ptr());
            e.data = new_error("tijian.DataError",
                               "The indicator data are malformed (duplicated unit, unknown column, "
                               "infinite value, empty table, ...).",
                               e.base.ptr());
            e.recipe = new_error("tijian.RecipeError",
                                 "A methodological choice is invalid or cannot be applied to these "
                                 "data (unknown method, missing target, inconsistent AHP matrix, "
                                 "...).",
                                 e.base.ptr());
            const py::tuple bases =
                py::make_tuple(e.base, py::reinterpret_borrow<py::object>(PyExc_TypeError));
            e.argument = new_error("tijian.ArgumentError",
                                   "An argument of a type the function does not take (None where a path "
                                   "or a dict is needed, ...): a TijianError and a TypeError.",
                                   bases.ptr());
            return e;
          })
          .get_stored();
  m.attr("TijianError") = t.base;
  m.attr("FrameworkError") = t.framework;
  m.attr("DataError") = t.data;
  m.attr("RecipeError") = t.recipe;
  m.attr("ArgumentError") = t.argument;

  py::register_exception_translator([](std::exception_ptr p) {
    if (!p) return;
    const error_types& e = g_errors.get_stored();
    try {
      std::rethrow_exception(p);
    } catch (const argument_error& x) {
      raise_as(e.argument, x);
    } catch (const tijian::framework_error& x) {
      raise_as(e.framework, x);
    } catch (const tijian::data_error& x) {
      raise_as(e.data, x);
    } catch (const tijian::recipe_error& x) {
      raise_as(e.recipe, x);
    } catch (const tijian::error& x) {
      raise_as(e.base, x);
    } catch (const py::reference_cast_error&) {
      // `self` without a C++ value: an object of tijian._core made with __new__ and never
      // initialised (or a None where an object is needed); an error, never a crash
      raise_as(e.base, uninitialised_error());
    }
  });
}

/// read_document_json() and unit_label(), for the report (table.cpp).
void register_tables(py::module_& m);

}  // namespace tijian_py

PYBIND11_MODULE(_core, m, pybind11::mod_gil_not_used()) {
  m.doc() = "tijian._core: compiled scoring core (private; use the tijian package)";
  m.attr("__version__") = TIJIAN_VERSION;
  tijian_py::register_errors(m);
  tijian_py::register_documents(m);
  tijian_py::register_framework(m);
  tijian_py::register_score(m);
  tijian_py::register_kernels(m);
  tijian_py::register_check(m);
  tijian_py::register_stats(m);
  tijian_py::register_uncertainty(m);
  tijian_py::register_trend(m);
  tijian_py::register_ledger(m);
  tijian_py::register_national(m);
  tijian_py::register_compare(m);
  tijian_py::register_survey(m);
  tijian_py::register_dask(m);
  tijian_py::guard_uninitialised(m);
}
