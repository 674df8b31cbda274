// SPDX-License-Identifier: MIT
// tijian._core.Framework: the validated indicator tree. Built only by the C++ readers (TOML
// text, a file, a COINr iMeta table), so the CLI and Python share one parser and one set of
// checks; the Python layer turns dicts and DataFrames into one of those texts.
#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <string>
#include <vector>

#include <tijian/framework.hpp>
#include <tijian/framework_tables.hpp>
#include <tijian/io/framework_io.hpp>
#if __has_include(<tijian/presets.hpp>)
#include <tijian/presets.hpp>
#define TIJIAN_PY_HAVE_PRESETS 1
#endif

#include "common.hpp"

namespace tijian_py {

namespace {

using tijian::framework;

py::object number_or_none(double v) {
  if (std::isnan(v)) return py::none();
  return py::float_(v);
}

py::dict aggregation_dict(const tijian::aggregation& a) {
  py::dict d;
  d["method"] = tijian::to_string(a.method);
  d["p"] = a.p;
  d["zeros"] = tijian::to_string(a.zeros);
  d["zero_floor"] = a.zero_floor;
  return d;
}

/// Everything the framework knows about one node, as plain Python values.
py::dict node_dict(const framework& f, std::size_t i) {
  const tijian::node_spec& n = f.node(i);
  const bool leaf = f.is_leaf(i);
  py::dict d;
  d["code"] = n.code;
  d["name_zh"] = n.name_zh;
  d["name_en"] = n.name_en;
  d["parent"] = i == f.root() ? py::object(py::none()) : py::object(py::str(f.node(f.parent(i)).code));
  d["kind"] = leaf ? "indicator" : "aggregate";
  d["level"] = f.level(i);
  d["depth"] = f.depth(i);
  d["weight"] = n.weight;
  d["weight_in_parent"] = f.weight_in_parent(i);
  d["aggregation"] = n.aggregate_with ? py::object(aggregation_dict(*n.aggregate_with))
                                      : py::object(py::none());
  if (!leaf) return d;
  d["unit"] = n.unit;
  d["direction"] = tijian::to_string(n.dir);
  if (n.dir == tijian::direction::target_band) d["band"] = py::make_tuple(n.band_lower, n.band_upper);
  else d["band"] = py::none();
  d["type"] = tijian::to_string(n.type);
  d["source"] = n.data_source;
  d["denominator"] = n.denominator.empty() ? py::object(py::none()) : py::object(py::str(n.denominator));
  d["scale_factor"] = n.scale_factor;
  if (n.posts) {
    py::dict g;
    g["lower"] = n.posts->lower;
    g["upper"] = n.posts->upper;
    g["scale"] = n.posts->scale == tijian::goalpost_scale::log ? "log" : "linear";
    d["goalposts"] = g;
  } else {
    d["goalposts"] = py::none();
  }
  py::list targets;
  for (const auto& t : n.targets) {
    py::dict g;
    g["comparator"] = tijian::to_string(t.cmp);
    g["value"] = number_or_none(t.value);
    g["upper"] = number_or_none(t.upper);
    g["year"] = t.year;
    g["source"] = t.source;
    targets.append(g);
  }
  d["targets"] = targets;
  return d;
}

std::vector<std::string> codes_of(const framework& f, const std::vector<std::size_t>& idx) {
  std::vector<std::string> out;
  out.reserve(idx.size());
  for (std::size_t i : idx) out.push_back(f.node(i).code);
  return out;
}

}  // namespace

void register_framework(py::module_& m) {
#ifdef TIJIAN_PY_HAVE_PRESETS
  // The presets embedded in the C++ library (presets/*.toml): the same files the CLI reads
  // with `--framework <name>`.
  m.def("presets", [] {
    py::list out;
    for (const auto& p : tijian::presets()) {
      py::dict d;
      d["name"] = p.name;
      d["kind"] = tijian::to_string(p.kind);
      d["path"] = p.path;
      d["title"] = p.title;
      out.append(d);
    }
    return out;
  });
  m.def(
      "preset_text",
      [](const std::string& kind, const std::string& name) {
        // the core's enum names the kinds (framework, profile, national) and lists them on error
        return tijian::preset_text(tijian::parse_enum<tijian::preset_kind>(kind, "preset.kind"), name);
      },
      py::arg("kind"), py::arg("name"));
  m.def(
      "framework_recipe", [](const framework& fw) { return tijian::framework_recipe(fw); },
      py::arg("framework"), "The recipe a built-in framework comes with (its published method), or None.");
#endif

  py::class_<framework>(m, "Framework",
                        "A validated, immutable indicator tree (private; use tijian.Framework).")
      .def_static(
          "from_toml",
          [](const std::string& text, const std::string& source) {
            return tijian::parse_framework_toml(text, source);
          },
          py::arg("text"), py::arg("source") = "")
      .def_static("from_dict", &framework_from_py, py::arg("doc"), py::arg("source") = "<dict>")
      .def_static(
          "from_imeta",
          [](const std::string& text, const std::string& source) {
            return tijian::parse_framework_imeta(text, source);
          },
          py::arg("text"), py::arg("source") = "")
      .def_static(
          "load", [](const std::string& path) { return tijian::load_framework(path); }, py::arg("path"))
      .def_property_readonly("source", &framework::source)
      .def_property_readonly("size", &framework::size)
      .def_property_readonly("max_level", &framework::max_level)
      .def_property_readonly("root", [](const framework& f) { return f.node(f.root()).code; })
      .def_property_readonly("codes",
                             [](const framework& f) {
                               std::vector<std::string> out;
                               for (const auto& n : f.nodes()) out.push_back(n.code);
                               return out;
                             })
      .def_property_readonly("indicator_codes", &framework::indicator_codes)
      .def_property_readonly("inner_codes", [](const framework& f) { return codes_of(f, f.inner_nodes()); })
      .def(
          "node", [](const framework& f, const std::string& code) { return node_dict(f, f.at(code)); },
          py::arg("code"))
      .def("nodes",
           [](const framework& f) {
             py::list out;
             for (std::size_t i = 0; i < f.size(); ++i) out.append(node_dict(f, i));
             return out;
           })
      .def(
          "contains",
          [](const framework& f, const std::string& code) { return f.find(code) != framework::npos; },
          py::arg("code"))
      .def(
          "children",
          [](const framework& f, const std::string& code) { return codes_of(f, f.children(f.at(code))); },
          py::arg("code"))
      .def(
          "leaves_below",
          [](const framework& f, const std::string& code) { return codes_of(f, f.leaves_below(f.at(code))); },
          py::arg("code"))
      .def(
          "is_indicator", [](const framework& f, const std::string& code) { return f.is_leaf(f.at(code)); },
          py::arg("code"))
      .def("effective_weights", &framework::effective_weights)
      .def("describe", &framework::describe)
      .def("document", [](const framework& f) { return tijian::describe(f); })
      .def("hash", &framework::hash)
      .def("to_toml", [](const framework& f) { return tijian::to_toml(f); })
      .def(py::pickle([](const framework& f) { return py::make_tuple(tijian::to_toml(f), f.source()); },
                      [](const py::tuple& t) {
                        if (t.size() != 2) throw py::value_error("invalid Framework state");
                        return tijian::parse_framework_toml(t[0].cast<std::string>(),
                                                            t[1].cast<std::string>());
                      }));
}

}  // namespace tijian_py
