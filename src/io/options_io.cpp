// SPDX-License-Identifier: MIT
// The options of check, the composite score and coupling, read from a TOML table (what the Python
// bindings build from keyword arguments): the one place that knows their names, types and
// accepted values.
#include <cstdint>
#include <limits>
#include <string>

#include "csv_split.hpp"
#include "tijian/io/documents.hpp"
#include "toml_read.hpp"

namespace tijian {

namespace {

using io_detail::domain;
using io_detail::toml_reader;

constexpr std::int64_t any_integer = std::numeric_limits<std::int64_t>::max();

// The coupling keys (formula, alpha, boundary, c_bands, tolerance) present in `t`.
void read_coupling(const toml::table& t, const toml_reader& r, coupling_options& o) {
  if (const auto* v = t.get("formula"))
    o.formula = parse_enum<coupling_formula>(r.string(*v, "formula"), "coupling.options");
  if (const auto* v = t.get("alpha")) o.alpha = r.numbers(*v, "alpha");
  if (const auto* v = t.get("boundary"))
    o.boundary = parse_enum<class_boundary>(r.string(*v, "boundary"), "coupling.options");
  if (const auto* v = t.get("c_bands"))
    o.c_bands = parse_enum<coupling_bands>(r.string(*v, "c_bands"), "coupling.options");
  if (const auto* v = t.get("tolerance")) o.tolerance = r.number(*v, "tolerance");
}

}  // namespace

check_options parse_check_options(const toml::table& t) {
  const toml_reader r({}, domain::recipe, "check");
  r.check_keys(t,
               {"period", "strict", "cap", "bands", "grade_labels_zh", "grade_labels_en", "weak_below",
                "bottom_k", "include_not_applicable", "units", "weights", "obstacle_factor",
                "obstacle_scaling"},
               "the check options");
  check_options o;
  if (const auto* v = t.get("period")) o.period = r.string(*v, "period");
  if (const auto* v = t.get("strict")) o.strict = r.boolean(*v, "strict");
  if (const auto* v = t.get("cap")) o.cap = r.number(*v, "cap");
  if (const auto* v = t.get("bands")) o.bands = r.numbers(*v, "bands");
  if (const auto* v = t.get("grade_labels_zh")) o.grade_labels_zh = r.strings(*v, "grade_labels_zh");
  if (const auto* v = t.get("grade_labels_en")) o.grade_labels_en = r.strings(*v, "grade_labels_en");
  if (const auto* v = t.get("weak_below")) o.weak_below = r.number(*v, "weak_below");
  if (const auto* v = t.get("bottom_k")) {
    // the range in the message is the option's own (check.bad_value: "from 0 to ...")
    o.bottom_k = static_cast<std::size_t>(r.integer(*v, "bottom_k", 0, any_integer));
  }
  if (const auto* v = t.get("include_not_applicable"))
    o.include_not_applicable = r.boolean(*v, "include_not_applicable");
  if (const auto* v = t.get("units")) o.units = r.strings(*v, "units");
  if (const auto* v = t.get("weights")) {
    if (!v->is_table()) r.wrong_type(*v, "weights", "a table {indicator code: weight}");
    for (auto&& [code, w] : *v->as_table())
      o.weights[std::string(code.str())] = r.number(w, "weights['" + std::string(code.str()) + "']");
  }
  if (const auto* v = t.get("obstacle_factor"))
    o.obstacles.factor = parse_enum<obstacle_factor>(r.string(*v, "obstacle_factor"), "check.options");
  if (const auto* v = t.get("obstacle_scaling"))
    o.obstacles.scaling = parse_enum<obstacle_scaling>(r.string(*v, "obstacle_scaling"), "check.options");
  return o;
}

coupling_options parse_coupling_options(const toml::table& t) {
  const toml_reader r({}, domain::recipe, "coupling");
  r.check_keys(t, {"formula", "alpha", "boundary", "c_bands", "tolerance"}, "the coupling options");
  coupling_options o;
  read_coupling(t, r, o);
  return o;
}

composite_options parse_composite_options(const toml::table& t) {
  const toml_reader r({}, domain::recipe, "composite");
  r.check_keys(t,
               {"cap", "subsystems", "coupling_on", "formula", "alpha", "boundary", "c_bands", "tolerance"},
               "the composite options");
  composite_options o;
  if (const auto* v = t.get("cap")) o.cap = r.number(*v, "cap");
  if (const auto* v = t.get("coupling_on"))
    o.coupling_on = parse_enum<coupling_basis>(r.string(*v, "coupling_on"), "composite.options");
  if (const auto* v = t.get("subsystems")) o.subsystems = r.strings(*v, "subsystems");
  read_coupling(t, r, o.coupling);
  return o;
}

}  // namespace tijian
