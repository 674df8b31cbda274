// SPDX-License-Identifier: MIT
// The national basic system and its overrides as TOML (io/national_io.hpp). The tables of the
// basic check and the grading are read in national_grid_io.cpp.
#include "tijian/io/national_io.hpp"

#include <cmath>
#include <filesystem>
#include <set>
#include <string>

#include "tijian/presets.hpp"
#include "toml_read.hpp"

namespace tijian {

namespace {

using io_detail::domain;
using io_detail::toml_reader;

constexpr const char* system_schema = "tijian/national/1";
constexpr const char* override_schema = "tijian/national-overrides/1";

template <class E>
E enum_value(const toml_reader& r, const toml::node& n, const std::string& key,
             const std::string& node = {}) {
  const std::string text = r.string(n, key, node);
  if (const auto v = find_enum<E>(text)) return *v;
  r.fail("bad_value", std::string(enum_names<E>::what) + " '" + text + "' is not known; use " + codes_of<E>(),
         r.at(n, node));
}

std::vector<std::string> note_list(const toml_reader& r, const toml::node& n, const std::string& key) {
  if (n.is_string()) return {r.string(n, key)};
  return r.strings(n, key);
}

std::string code_of(int no) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "n%02d", no);
  return buf;
}

national_standard read_standard(const toml_reader& r, const toml::table& t, const std::string& node) {
  r.check_keys(t, {"cmp", "value", "year", "tier", "basis", "scope", "quote", "inferred", "note"},
               "a standard", node);
  national_standard s;
  const toml::node* cmp = t.get("cmp");
  const toml::node* value = t.get("value");
  if (!cmp || !value)
    r.fail("missing_key", "a standard needs cmp (\">=\" or \"<=\") and value", r.at(t, node));
  s.cmp = enum_value<comparator>(r, *cmp, "cmp", node);
  if (s.cmp == comparator::within_band)
    r.fail("bad_value", "a standard compares with >= or <=, not a band", r.at(*cmp, node));
  s.value = r.number(*value, "value", node);
  if (!std::isfinite(s.value))
    r.fail("bad_value", "the standard's value must be a finite number", r.at(*value, node));
  if (const auto* v = t.get("year")) s.year = static_cast<int>(r.integer(*v, "year", 1900, 2200, node));
  if (const auto* v = t.get("tier")) s.tier = enum_value<standard_tier>(r, *v, "tier", node);
  if (const auto* v = t.get("basis")) s.basis = enum_value<standard_basis>(r, *v, "basis", node);
  if (const auto* v = t.get("scope")) s.scope = r.string(*v, "scope", node);
  if (const auto* v = t.get("quote")) s.quote = r.string(*v, "quote", node);
  if (const auto* v = t.get("inferred")) s.inferred = r.boolean(*v, "inferred", node);
  if (const auto* v = t.get("note")) s.note = r.string(*v, "note", node);
  return s;
}

const toml::array* tables_of(const toml_reader& r, const toml::node* list, const char* what) {
  if (!list) return nullptr;
  const toml::array* arr = list->as_array();
  if (!arr || (!arr->empty() && !arr->is_array_of_tables()))
    r.fail("wrong_type", std::string(what) + " must be written as [[" + what + "]] tables", r.at(*list));
  return arr;
}

national_indicator read_indicator(const toml_reader& r, const toml::table& t) {
  r.check_keys(t,
               {"no", "level", "aspect", "aspect_en", "name_zh", "name_en", "unit_zh", "unit_en", "measure",
                "direction", "direction_basis", "problem_type", "applies", "statistical_unit", "criterion",
                "source", "notes", "standard"},
               "an [[indicator]]");
  national_indicator i;
  const toml::node* no = t.get("no");
  if (!no) r.fail("missing_key", "an [[indicator]] has no number; add no = 1 ... 60", r.at(t));
  i.no = static_cast<int>(r.integer(*no, "no", 1, 60));
  i.code = code_of(i.no);
  auto need = [&](const char* key) -> const toml::node& {
    const toml::node* v = t.get(key);
    if (!v)
      r.fail("missing_key", std::string("indicator ") + std::to_string(i.no) + " has no " + key,
             r.at(t, i.code));
    return *v;
  };
  i.level = enum_value<national_level>(r, need("level"), "level", i.code);
  i.aspect_zh = r.string(need("aspect"), "aspect", i.code);
  if (const auto* v = t.get("aspect_en")) i.aspect_en = r.string(*v, "aspect_en", i.code);
  i.name_zh = r.string(need("name_zh"), "name_zh", i.code);
  if (const auto* v = t.get("name_en")) i.name_en = r.string(*v, "name_en", i.code);
  i.unit_zh = r.string(need("unit_zh"), "unit_zh", i.code);
  i.unit_en = t.get("unit_en") ? r.string(*t.get("unit_en"), "unit_en", i.code) : i.unit_zh;
  i.measure = enum_value<national_measure>(r, need("measure"), "measure", i.code);
  if (const auto* v = t.get("direction")) i.dir = enum_value<direction>(r, *v, "direction", i.code);
  if (const auto* v = t.get("direction_basis")) {
    if (!i.dir) r.fail("bad_value", "direction_basis without a direction", r.at(*v, i.code));
    i.dir_basis = enum_value<direction_basis>(r, *v, "direction_basis", i.code);
  }
  if (const auto* v = t.get("problem_type")) i.type = enum_value<problem_type>(r, *v, "problem_type", i.code);
  if (const auto* v = t.get("applies")) i.applies = enum_value<applicability_rule>(r, *v, "applies", i.code);
  if (const auto* v = t.get("statistical_unit"))
    i.statistical_unit = r.string(*v, "statistical_unit", i.code);
  if (const auto* v = t.get("criterion")) i.criterion = r.string(*v, "criterion", i.code);
  if (const auto* v = t.get("source")) i.source = r.string(*v, "source", i.code);
  if (const auto* v = t.get("notes")) i.notes = note_list(r, *v, "notes");
  if (const auto* arr = tables_of(r, t.get("standard"), "indicator.standard"))
    for (const toml::node& el : *arr) i.standards.push_back(read_standard(r, *el.as_table(), i.code));

  // consistency: lower levels count objects and have no thresholds; city values are values
  const bool lower = i.is_lower_level();
  if (lower == (i.measure == national_measure::city_value))
    r.fail(
        "bad_value",
        std::string("measure '") + to_string(i.measure) + "' does not fit the level '" + to_string(i.level) +
            "': levels housing, community and block count objects, district and rectification are city values",
        r.at(t, i.code));
  if (lower && !i.standards.empty())
    r.fail("bad_value",
           "a lower-level indicator counts deficient objects and takes no [[indicator.standard]]",
           r.at(t, i.code));
  return i;
}

}  // namespace

national_system parse_national_system(std::string_view text, const std::string& source_name) {
  const toml_reader r(source_name, domain::framework, "national");
  const toml::table root = r.parse(text);
  r.check_keys(root, {"schema", "name", "name_zh", "name_en", "source", "notes", "indicator"},
               "the top level of the national system");
  national_system s;
  if (const auto* v = root.get("schema")) {
    const std::string name = r.string(*v, "schema");
    if (name != system_schema)
      r.fail("schema", "schema is '" + name + "' but this reader understands '" + system_schema + "'",
             r.at(*v), "schema 是 '" + name + "'，而本读取器只认 '" + std::string(system_schema) + "'");
  }
  if (const auto* v = root.get("name")) s.name = r.string(*v, "name");
  if (const auto* v = root.get("name_zh")) s.name_zh = r.string(*v, "name_zh");
  if (const auto* v = root.get("name_en")) s.name_en = r.string(*v, "name_en");
  if (const auto* v = root.get("source")) s.source = r.string(*v, "source");
  if (const auto* v = root.get("notes")) s.notes = note_list(r, *v, "notes");
  std::set<int> seen;
  if (const auto* arr = tables_of(r, root.get("indicator"), "indicator")) {
    for (const toml::node& el : *arr) {
      national_indicator i = read_indicator(r, *el.as_table());
      if (!seen.insert(i.no).second)
        r.fail("duplicate", "indicator number " + std::to_string(i.no) + " is given twice", r.at(el, i.code));
      s.indicators.push_back(std::move(i));
    }
  }
  if (s.indicators.empty()) r.fail("missing_key", "the system has no [[indicator]]", r.file());
  std::stable_sort(s.indicators.begin(), s.indicators.end(),
                   [](const national_indicator& a, const national_indicator& b) { return a.no < b.no; });
  return s;
}

national_system builtin_national_system(const std::string& name) {
  return parse_national_system(preset_text(preset_kind::national, name), "preset:" + name);
}

national_system resolve_national_system(const std::string& file_or_name) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(file_or_name, ec))
    return parse_national_system(io_detail::read_file(file_or_name, domain::framework), file_or_name);
  return builtin_national_system(file_or_name);
}

national_override parse_national_override(std::string_view text, const std::string& source_name) {
  const toml_reader r(source_name, domain::data, "national");
  const toml::table root = r.parse(text);
  r.check_keys(root, {"schema", "scope", "name", "source", "override"}, "the top level of the override file");
  national_override o;
  o.file = source_name;
  if (const auto* v = root.get("schema")) {
    const std::string name = r.string(*v, "schema");
    if (name != override_schema)
      r.fail("schema", "schema is '" + name + "' but this reader understands '" + override_schema + "'",
             r.at(*v), "schema 是 '" + name + "'，而本读取器只认 '" + std::string(override_schema) + "'");
  }
  const toml::node* scope = root.get("scope");
  if (!scope)
    r.fail("missing_key", "the override file has no scope; add scope = \"province\" or \"city\"", r.file());
  o.scope = enum_value<standard_origin>(r, *scope, "scope");
  if (o.scope == standard_origin::national)
    r.fail("bad_value", "an override's scope is \"province\" or \"city\"", r.at(*scope));
  if (const auto* v = root.get("name")) o.name = r.string(*v, "name");
  if (const auto* v = root.get("source")) o.source = r.string(*v, "source");
  if (const auto* arr = tables_of(r, root.get("override"), "override")) {
    for (const toml::node& el : *arr) {
      const toml::table& t = *el.as_table();
      r.check_keys(t, {"indicator", "note", "standard"}, "an [[override]]");
      national_override::entry e;
      e.where = r.at(t);
      const toml::node* ind = t.get("indicator");
      if (!ind) r.fail("missing_key", "an [[override]] has no indicator", e.where);
      if (const auto* i = ind->as_integer()) e.indicator = std::to_string(i->get());
      else e.indicator = r.string(*ind, "indicator");
      e.where.indicator = e.indicator;
      if (const auto* v = t.get("note")) e.note = r.string(*v, "note");
      if (const auto* std_arr = tables_of(r, t.get("standard"), "override.standard"))
        for (const toml::node& s : *std_arr)
          e.standards.push_back(read_standard(r, *s.as_table(), e.indicator));
      o.entries.push_back(std::move(e));
    }
  }
  return o;
}

national_override load_national_override(const std::string& path) {
  return parse_national_override(io_detail::read_file(path, domain::data), path);
}

}  // namespace tijian
