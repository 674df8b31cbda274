// SPDX-License-Identifier: MIT
// Target profiles (TOML in and out), the built-in presets, and the writers of health-check
// results (JSON, CSV tables).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "csv_split.hpp"
#include "json_diagnostics.hpp"
#include "tijian/io/documents.hpp"
#include "tijian/io/framework_io.hpp"
#include "tijian/io/recipe_io.hpp"
#include "tijian/io/targets_io.hpp"
#include "tijian/presets.hpp"
#include "tijian/targets.hpp"
#include "toml_read.hpp"

namespace tijian::io_detail {
/// One embedded preset file (generated source, cmake/tijianPresets.cmake).
struct embedded_preset {
  const char* kind;  ///< "frameworks" or "targets"
  const char* name;
  const char* path;
  const unsigned char* data;
  std::size_t size;
};
const embedded_preset* embedded_presets(std::size_t& count);
}  // namespace tijian::io_detail

namespace tijian {

namespace {

using io_detail::domain;
using io_detail::toml_reader;

constexpr const char* profile_schema = "tijian/targets/1";

const char* const kind_help =
    "accepted kinds: at_least (>=), above (>), at_most (<=), below (<), band, approximately (左右), "
    "yes_no, decrease, increase, rises_every_year (逐年提高), falls_every_year (逐年下降), progress, "
    "change_vs_base";

class profile_reader {
 public:
  explicit profile_reader(const std::string& source) : r_(source, domain::framework, "targets") {}

  target_profile read(const toml::table& root) {
    r_.check_keys(root,
                  {"schema", "profile", "framework", "name_zh", "name_en", "source", "start_year", "target"},
                  "the top level of the target profile");
    target_profile p;
    p.file = r_.source();
    if (const toml::node* s = root.get("schema")) {
      const std::string name = r_.string(*s, "schema");
      if (name != profile_schema)
        r_.fail("schema",
                "schema is '" + name + "' but this reader understands '" + profile_schema +
                    "'; fix the schema line or remove it",
                r_.at(*s),
                "schema 是 '" + name + "'，而本读取器只认 '" + std::string(profile_schema) +
                    "'；请改正或删去 schema 一行");
    }
    const toml::node* name = root.get("profile");
    if (!name) r_.fail("missing_key", "the profile has no name; add profile = \"...\" at the top", r_.file());
    p.name = r_.string(*name, "profile");
    if (const auto* v = root.get("framework")) p.framework = r_.string(*v, "framework");
    if (const auto* v = root.get("name_zh")) p.name_zh = r_.string(*v, "name_zh");
    if (const auto* v = root.get("name_en")) p.name_en = r_.string(*v, "name_en");
    if (const auto* v = root.get("source")) p.source = r_.string(*v, "source");
    if (const auto* v = root.get("start_year"))
      p.start_year = static_cast<int>(r_.integer(*v, "start_year", 0, 100000));
    if (const toml::node* list = root.get("target")) {
      const toml::array* arr = list->as_array();
      // an empty list (a dict with no targets yet) is no target, as is no list
      if (!arr || (!arr->empty() && !arr->is_array_of_tables()))
        r_.fail("wrong_type", "targets must be written as [[target]] tables", r_.at(*list));
      for (const toml::node& el : *arr) p.targets.push_back(read_target(*el.as_table()));
    }
    name_targets(p);
    return p;
  }

 private:
  profile_target read_target(const toml::table& t) {
    profile_target g;
    g.where = r_.at(t);
    const toml::node* code = t.get("indicator");
    if (!code)
      r_.fail("missing_key", "a [[target]] table has no indicator; add indicator = \"<code>\"", g.where);
    g.indicator = r_.string(*code, "indicator");
    g.where.indicator = g.indicator;
    const std::string& id = g.indicator;
    auto at = [&](const toml::node& n) {
      location l = r_.at(n);
      l.indicator = id;
      return l;
    };
    r_.check_keys(t,
                  {"id", "indicator", "kind", "value", "lower", "upper", "year", "base_year", "base_value",
                   "start_year", "tolerance", "milestones", "work", "bottom_line", "bottom_line_quote",
                   "unit", "source", "quote", "note"},
                  "the target of '" + id + "'");
    const toml::node* kind = t.get("kind");
    if (!kind) r_.fail("missing_key", "the target has no kind; " + std::string(kind_help), g.where);
    const std::string word = r_.string(*kind, "kind", id);
    bool exclusive = false;
    const auto k = parse_target_kind(word, &exclusive);
    if (!k) r_.fail("bad_kind", "unknown kind '" + word + "'; " + kind_help, at(*kind));
    g.kind = *k;
    g.exclusive = exclusive;
    auto number = [&](const toml::node& n, const char* key) {
      if (const auto* b = n.as_boolean()) return b->get() ? 1.0 : 0.0;  // yes/no targets
      return r_.number(n, key, id);
    };
    const toml::node* value = t.get("value");
    const toml::node* lower = t.get("lower");
    if (value && lower)
      r_.fail("bad_target", "give either value or lower for a target, not both", at(*lower));
    if (lower && g.kind != target_kind::band)
      r_.fail("bad_target", "lower is for band targets (kind = \"band\"); use value", at(*lower));
    if (value) g.value = number(*value, "value");
    if (lower) g.value = r_.number(*lower, "lower", id);
    if (const auto* v = t.get("upper")) {
      if (g.kind != target_kind::band)
        r_.fail("bad_target", "upper is for band targets (kind = \"band\")", at(*v));
      g.upper = r_.number(*v, "upper", id);
    }
    if (const auto* v = t.get("year")) g.year = static_cast<int>(r_.integer(*v, "year", 0, 100000, id));
    if (const auto* v = t.get("base_year"))
      g.base_year = static_cast<int>(r_.integer(*v, "base_year", 0, 100000, id));
    if (const auto* v = t.get("base_value")) g.base_value = r_.number(*v, "base_value", id);
    if (const auto* v = t.get("start_year"))
      g.start_year = static_cast<int>(r_.integer(*v, "start_year", 0, 100000, id));
    if (const auto* v = t.get("id")) {
      g.id = r_.string(*v, "id", id);
      if (!detail::is_valid_code(g.id))
        r_.fail("bad_target", "id '" + g.id + "' is not a valid code (ASCII letters, digits, _ - .)", at(*v));
    }
    if (const auto* v = t.get("tolerance")) g.tolerance = r_.number(*v, "tolerance", id);
    if (const auto* v = t.get("milestones")) {
      const toml::array* arr = v->as_array();
      if (!arr || (!arr->empty() && !arr->is_array_of_tables()))
        r_.fail("wrong_type", "milestones must be a list of {year = ..., value = ...} tables", at(*v));
      for (const toml::node& el : *arr) {
        const toml::table& m = *el.as_table();
        r_.check_keys(m, {"year", "value"}, "a milestone of '" + id + "'");
        const toml::node* y = m.get("year");
        const toml::node* x = m.get("value");
        if (!y || !x) r_.fail("missing_key", "a milestone needs year and value", at(el));
        milestone ms;
        ms.year = static_cast<int>(r_.integer(*y, "year", 0, 100000, id));
        ms.value = r_.number(*x, "value", id);
        g.milestones.push_back(ms);
      }
    }
    if (const auto* v = t.get("work")) {
      const std::string w = r_.string(*v, "work", id);
      const auto parsed = find_enum<work_data>(w);
      if (!parsed) r_.fail("bad_target", "work is 'cumulative' or 'annual', not '" + w + "'", at(*v));
      g.work = *parsed;
    }
    if (const auto* v = t.get("bottom_line")) {
      const auto* b = v->as_boolean();
      if (!b) r_.fail("wrong_type", "bottom_line must be true or false", at(*v));
      g.bottom_line = b->get();
    }
    if (const auto* v = t.get("bottom_line_quote"))
      g.bottom_line_quote = r_.string(*v, "bottom_line_quote", id);
    if (const auto* v = t.get("unit")) g.unit = r_.string(*v, "unit", id);
    if (const auto* v = t.get("source")) g.source = r_.string(*v, "source", id);
    if (const auto* v = t.get("quote")) g.quote = r_.string(*v, "quote", id);
    if (const auto* v = t.get("note")) g.note = r_.string(*v, "note", id);
    g.where.file = r_.source();
    validate_target(g);
    return g;
  }

  toml_reader r_;
};

std::string toml_float(double v) {
  if (std::isnan(v)) return "nan";
  std::string t = io_detail::number_text(v);
  if (t.find_first_of(".eE") == std::string::npos && t != "inf" && t != "-inf") t += ".0";
  return t;
}

}  // namespace

target_profile parse_target_profile(const toml::table& doc, const std::string& source_name) {
  return profile_reader(source_name).read(doc);
}

target_profile parse_target_profile(std::string_view text, const std::string& source_name) {
  return parse_target_profile(toml_reader(source_name, domain::framework, "targets").parse(text),
                              source_name);
}

target_profile load_target_profile(const std::string& path) {
  return parse_target_profile(io_detail::read_file(path, domain::framework), path);
}

std::string to_toml(const target_profile& p) {
  using io_detail::toml_quote;
  std::ostringstream o;
  o << "# tijian target profile\nschema = " << toml_quote(profile_schema) << "\n";
  o << "profile = " << toml_quote(p.name) << "\n";
  if (!p.framework.empty()) o << "framework = " << toml_quote(p.framework) << "\n";
  if (!p.name_zh.empty()) o << "name_zh = " << toml_quote(p.name_zh) << "\n";
  if (!p.name_en.empty()) o << "name_en = " << toml_quote(p.name_en) << "\n";
  if (!p.source.empty()) o << "source = " << toml_quote(p.source) << "\n";
  if (p.start_year != 0) o << "start_year = " << p.start_year << "\n";
  for (const auto& t : p.targets) {
    o << "\n[[target]]\nid = " << toml_quote(t.id) << "\nindicator = " << toml_quote(t.indicator) << "\n";
    const char* kind = to_string(t.kind);
    if (t.exclusive) kind = t.kind == target_kind::at_least ? "above" : "below";
    o << "kind = " << toml_quote(kind) << "\n";
    if (t.kind == target_kind::band) {
      o << "lower = " << toml_float(t.value) << "\nupper = " << toml_float(t.upper) << "\n";
    } else if (!std::isnan(t.value)) {
      o << "value = " << toml_float(t.value) << "\n";
    }
    if (t.year != 0) o << "year = " << t.year << "\n";
    if (t.base_year != 0) o << "base_year = " << t.base_year << "\n";
    if (!std::isnan(t.base_value)) o << "base_value = " << toml_float(t.base_value) << "\n";
    if (t.start_year != 0) o << "start_year = " << t.start_year << "\n";
    if (!std::isnan(t.tolerance)) o << "tolerance = " << toml_float(t.tolerance) << "\n";
    if (!t.milestones.empty()) {
      o << "milestones = [";
      for (std::size_t k = 0; k < t.milestones.size(); ++k)
        o << (k ? ", " : "") << "{year = " << t.milestones[k].year
          << ", value = " << toml_float(t.milestones[k].value) << "}";
      o << "]\n";
    }
    if (t.work != work_data::cumulative) o << "work = " << toml_quote(to_string(t.work)) << "\n";
    if (t.bottom_line)
      o << "bottom_line = true\nbottom_line_quote = " << toml_quote(t.bottom_line_quote) << "\n";
    if (!t.unit.empty()) o << "unit = " << toml_quote(t.unit) << "\n";
    if (!t.source.empty()) o << "source = " << toml_quote(t.source) << "\n";
    if (!t.quote.empty()) o << "quote = " << toml_quote(t.quote) << "\n";
    if (!t.note.empty()) o << "note = " << toml_quote(t.note) << "\n";
  }
  return o.str();
}

// --- presets ---------------------------------------------------------------------------------

namespace {

const char* folder_of(preset_kind k) {
  switch (k) {
    case preset_kind::framework: return "frameworks";
    case preset_kind::national: return "national";
    case preset_kind::recipe: return "recipes";
    case preset_kind::profile: break;
  }
  return "targets";
}

std::string title_of(std::string_view text) {
  // the first comment line, without "# "
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    std::string line = detail::trim(text.substr(pos, end - pos));
    if (!line.empty() && line[0] == '#') {
      line.erase(0, 1);
      return detail::trim(line);
    }
    if (!line.empty()) break;
    pos = end + 1;
  }
  return {};
}

std::string names_of(preset_kind k) {
  std::string out;
  for (const auto& p : presets())
    if (p.kind == k) out += (out.empty() ? "" : ", ") + p.name;
  return out;
}

}  // namespace

std::vector<preset_info> presets() {
  std::size_t n = 0;
  const io_detail::embedded_preset* e = io_detail::embedded_presets(n);
  std::vector<preset_info> out;
  for (std::size_t i = 0; i < n; ++i) {
    preset_info p;
    p.name = e[i].name;
    const std::string kind = e[i].kind;
    p.kind = kind == "frameworks" ? preset_kind::framework
             : kind == "national" ? preset_kind::national
             : kind == "recipes"  ? preset_kind::recipe
                                  : preset_kind::profile;
    p.path = e[i].path;
    p.title = title_of(std::string_view(reinterpret_cast<const char*>(e[i].data), e[i].size));
    out.push_back(std::move(p));
  }
  std::stable_sort(out.begin(), out.end(), [](const preset_info& a, const preset_info& b) {
    if (a.kind != b.kind) return a.kind < b.kind;  // frameworks, profiles, national systems, recipes
    return a.name < b.name;
  });
  return out;
}

std::string preset_text(preset_kind kind, const std::string& name) {
  std::size_t n = 0;
  const io_detail::embedded_preset* e = io_detail::embedded_presets(n);
  for (std::size_t i = 0; i < n; ++i)
    if (name == e[i].name && std::string(e[i].kind) == folder_of(kind))
      return std::string(reinterpret_cast<const char*>(e[i].data), e[i].size);
  throw framework_error("preset.unknown",
                        std::string("no built-in ") + to_string(kind) + " named '" + name + "'; built-in " +
                            to_string(kind) + "s: " + names_of(kind),
                        location{"preset:" + name, 0, 0, {}, {}, {}, {}});
}

framework preset_framework(const std::string& name) {
  return parse_framework_toml(preset_text(preset_kind::framework, name), "preset:" + name);
}

target_profile preset_profile(const std::string& name) {
  return parse_target_profile(preset_text(preset_kind::profile, name), "preset:" + name);
}

recipe preset_recipe(const std::string& name) {
  return parse_recipe_toml(preset_text(preset_kind::recipe, name), "preset:" + name);
}

namespace {
bool is_preset(preset_kind k, const std::string& name);

/// "[normalise]" -> its lines, for the sections of a recipe's canonical text (describe).
std::map<std::string, std::string> recipe_sections(const std::string& text) {
  std::map<std::string, std::string> out;
  std::string section = "(top)";
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] == '[') {
      // [normalise.by_indicator."x"] belongs to [normalise]: a change is named by its section
      std::string head = line.substr(1, line.find_first_of(".]", 1) - 1);
      section = "[" + head + "]";
      continue;
    }
    if (!line.empty() && line[0] != '#') out[section] += line + "\n";
  }
  return out;
}
}  // namespace

std::optional<recipe> framework_recipe(const framework& fw) {
  const std::string prefix = "preset:";
  const std::string& src = fw.source();
  if (src.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  const std::string name = src.substr(prefix.size());
  if (!is_preset(preset_kind::recipe, name)) return std::nullopt;
  return preset_recipe(name);
}

std::vector<diagnostic> recipe_notes(const framework& fw, const recipe& used) {
  std::vector<diagnostic> out;
  const std::optional<recipe> own = framework_recipe(fw);
  if (!own) return out;
  const std::string name = fw.source().substr(std::string("preset:").size());
  const auto mine = recipe_sections(describe(*own)), theirs = recipe_sections(describe(used));
  std::string differ;
  std::set<std::string> keys;
  for (const auto& [k, v] : mine) keys.insert(k);
  for (const auto& [k, v] : theirs) keys.insert(k);
  for (const std::string& k : keys) {
    const auto a = mine.find(k), b = theirs.find(k);
    if (a == mine.end() || b == theirs.end() || a->second != b->second)
      differ +=
          (differ.empty() ? "" : ", ") + ("'" + (k == "(top)" ? std::string("unknown_columns") : k) + "'");
  }
  if (differ.empty()) {
    detail::add_diag(out, "recipe", "recipe.from_preset", severity::info, fw.node(fw.root()).code, {},
                     {"the recipe of preset '" + name + "' (presets/recipes/" + name +
                          ".toml, the index's published method) is used",
                      "使用预设 '" + name + "' 自带的计算方法 (presets/recipes/" + name +
                          ".toml, 该指数公布的方法)"});
  } else {
    detail::add_diag(out, "recipe", "recipe.not_preset", severity::warning, fw.node(fw.root()).code, {},
                     {"framework preset '" + name + "' comes with its own recipe (presets/recipes/" + name +
                          ".toml, the index's published method); this run's recipe differs in " + differ +
                          ", so the scores are not the published index's",
                      "预设指标体系 '" + name + "' 自带计算方法 (presets/recipes/" + name +
                          ".toml, 该指数公布的方法); 本次计算方法在 " + differ +
                          " 上与之不同, 得分不是该指数公布的值"});
  }
  return out;
}

namespace {
bool is_file(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}
bool is_preset(preset_kind k, const std::string& name) {
  for (const auto& p : presets())
    if (p.kind == k && p.name == name) return true;
  return false;
}
}  // namespace

framework resolve_framework(const std::string& file_or_name) {
  if (is_file(file_or_name)) return load_framework(file_or_name);
  if (is_preset(preset_kind::framework, file_or_name)) return preset_framework(file_or_name);
  throw framework_error("preset.unknown",
                        "'" + file_or_name + "' is neither a framework file nor a built-in framework (" +
                            names_of(preset_kind::framework) + ")",
                        location{file_or_name, 0, 0, {}, {}, {}, {}});
}

target_profile resolve_profile(const std::string& file_or_name, const framework* fw) {
  target_profile p;
  if (is_file(file_or_name)) {
    p = load_target_profile(file_or_name);
  } else if (is_preset(preset_kind::profile, file_or_name)) {
    p = preset_profile(file_or_name);
  } else {
    throw framework_error("preset.unknown",
                          "'" + file_or_name + "' is neither a target-profile file nor a built-in profile (" +
                              names_of(preset_kind::profile) + ")",
                          location{file_or_name, 0, 0, {}, {}, {}, {}});
  }
  if (fw) validate_profile(p, *fw);
  return p;
}

}  // namespace tijian
