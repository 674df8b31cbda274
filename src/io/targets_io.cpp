// SPDX-License-Identifier: MIT
// Target profiles (TOML in and out), the built-in presets, and the writers of health-check
// results (JSON, CSV tables).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "csv_split.hpp"
#include "json_diagnostics.hpp"
#include "tijian/io/check_io.hpp"
#include "tijian/io/framework_io.hpp"
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
    "accepted kinds: at_least (>=), above (>), at_most (<=), below (<), band, yes_no, decrease, "
    "increase, progress, change_vs_base";

class profile_reader {
 public:
  explicit profile_reader(const std::string& source) : r_(source, domain::framework, "targets") {}

  target_profile read(std::string_view text) {
    const toml::table root = r_.parse(text);
    r_.check_keys(root,
                  {"schema", "profile", "framework", "name_zh", "name_en", "source", "start_year",
                   "target"},
                  "the top level of the target profile");
    target_profile p;
    p.file = r_.source();
    if (const toml::node* s = root.get("schema")) {
      const std::string name = r_.string(*s, "schema");
      if (name != profile_schema)
        r_.fail("schema",
                "schema is '" + name + "' but this reader understands '" + profile_schema +
                    "'; fix the schema line or remove it",
                r_.at(*s));
    }
    const toml::node* name = root.get("profile");
    if (!name)
      r_.fail("missing_key", "the profile has no name; add profile = \"...\" at the top",
              r_.file());
    p.name = r_.string(*name, "profile");
    if (const auto* v = root.get("framework")) p.framework = r_.string(*v, "framework");
    if (const auto* v = root.get("name_zh")) p.name_zh = r_.string(*v, "name_zh");
    if (const auto* v = root.get("name_en")) p.name_en = r_.string(*v, "name_en");
    if (const auto* v = root.get("source")) p.source = r_.string(*v, "source");
    if (const auto* v = root.get("start_year"))
      p.start_year = static_cast<int>(r_.integer(*v, "start_year", 0, 100000));
    if (const toml::node* list = root.get("target")) {
      const toml::array* arr = list->as_array();
      if (!arr || !arr->is_array_of_tables())
        r_.fail("wrong_type", "targets must be written as [[target]] tables", r_.at(*list));
      for (const toml::node& el : *arr) p.targets.push_back(read_target(*el.as_table()));
    }
    return p;
  }

 private:
  profile_target read_target(const toml::table& t) {
    profile_target g;
    g.where = r_.at(t);
    const toml::node* code = t.get("indicator");
    if (!code)
      r_.fail("missing_key", "a [[target]] table has no indicator; add indicator = \"<code>\"",
              g.where);
    g.indicator = r_.string(*code, "indicator");
    g.where.indicator = g.indicator;
    const std::string& id = g.indicator;
    auto at = [&](const toml::node& n) {
      location l = r_.at(n);
      l.indicator = id;
      return l;
    };
    r_.check_keys(t,
                  {"indicator", "kind", "value", "lower", "upper", "year", "base_year",
                   "base_value", "start_year", "unit", "source", "note"},
                  "the target of '" + id + "'");
    const toml::node* kind = t.get("kind");
    if (!kind) r_.fail("missing_key", "the target has no kind; " + std::string(kind_help), g.where);
    const std::string word = r_.string(*kind, "kind");
    bool exclusive = false;
    const auto k = parse_target_kind(word, &exclusive);
    if (!k) r_.fail("bad_kind", "unknown kind '" + word + "'; " + kind_help, at(*kind));
    g.kind = *k;
    g.exclusive = exclusive;
    auto number = [&](const toml::node& n, const char* key) {
      if (const auto* b = n.as_boolean()) return b->get() ? 1.0 : 0.0;  // yes/no targets
      return r_.number(n, key);
    };
    const toml::node* value = t.get("value");
    const toml::node* lower = t.get("lower");
    if (value && lower)
      r_.fail("bad_target", "give either value or lower for a target, not both", at(*lower));
    if (lower && g.kind != target_kind::band)
      r_.fail("bad_target", "lower is for band targets (kind = \"band\"); use value", at(*lower));
    if (value) g.value = number(*value, "value");
    if (lower) g.value = r_.number(*lower, "lower");
    if (const auto* v = t.get("upper")) {
      if (g.kind != target_kind::band)
        r_.fail("bad_target", "upper is for band targets (kind = \"band\")", at(*v));
      g.upper = r_.number(*v, "upper");
    }
    if (const auto* v = t.get("year")) g.year = static_cast<int>(r_.integer(*v, "year", 0, 100000));
    if (const auto* v = t.get("base_year"))
      g.base_year = static_cast<int>(r_.integer(*v, "base_year", 0, 100000));
    if (const auto* v = t.get("base_value")) g.base_value = r_.number(*v, "base_value");
    if (const auto* v = t.get("start_year"))
      g.start_year = static_cast<int>(r_.integer(*v, "start_year", 0, 100000));
    if (const auto* v = t.get("unit")) g.unit = r_.string(*v, "unit");
    if (const auto* v = t.get("source")) g.source = r_.string(*v, "source");
    if (const auto* v = t.get("note")) g.note = r_.string(*v, "note");
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

target_profile parse_target_profile(std::string_view text, const std::string& source_name) {
  return profile_reader(source_name).read(text);
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
    o << "\n[[target]]\nindicator = " << toml_quote(t.indicator) << "\n";
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
    if (!t.unit.empty()) o << "unit = " << toml_quote(t.unit) << "\n";
    if (!t.source.empty()) o << "source = " << toml_quote(t.source) << "\n";
    if (!t.note.empty()) o << "note = " << toml_quote(t.note) << "\n";
  }
  return o.str();
}

// --- presets ---------------------------------------------------------------------------------

namespace {

const char* folder_of(preset_kind k) { return k == preset_kind::framework ? "frameworks" : "targets"; }

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
    p.kind = std::string(e[i].kind) == "frameworks" ? preset_kind::framework : preset_kind::profile;
    p.path = e[i].path;
    p.title = title_of(std::string_view(reinterpret_cast<const char*>(e[i].data), e[i].size));
    out.push_back(std::move(p));
  }
  std::stable_sort(out.begin(), out.end(), [](const preset_info& a, const preset_info& b) {
    if (a.kind != b.kind) return a.kind == preset_kind::framework;
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
                        std::string("no built-in ") + to_string(kind) + " named '" + name +
                            "'; built-in " + to_string(kind) + "s: " + names_of(kind),
                        location{"preset:" + name, 0, 0, {}, {}, {}, {}});
}

framework preset_framework(const std::string& name) {
  return parse_framework_toml(preset_text(preset_kind::framework, name), "preset:" + name);
}

target_profile preset_profile(const std::string& name) {
  return parse_target_profile(preset_text(preset_kind::profile, name), "preset:" + name);
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
                        "'" + file_or_name +
                            "' is neither a framework file nor a built-in framework (" +
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
                          "'" + file_or_name +
                              "' is neither a target-profile file nor a built-in profile (" +
                              names_of(preset_kind::profile) + ")",
                          location{file_or_name, 0, 0, {}, {}, {}, {}});
  }
  if (fw) validate_profile(p, *fw);
  return p;
}

// --- check results out -------------------------------------------------------------------------

namespace {

using json = nlohmann::ordered_json;

json num(double v) {
  if (!std::isfinite(v)) return nullptr;
  return v;
}

std::string n(double v) { return io_detail::number_text(v); }
std::string yes(bool b) { return b ? "true" : "false"; }
std::string year(int y) { return y == 0 ? std::string() : std::to_string(y); }

struct names {
  std::string zh, en;
};
names node_names(const framework& fw, const std::string& code) {
  const std::size_t i = fw.find(code);
  if (i == framework::npos) return {};
  return {fw.node(i).name_zh, fw.node(i).name_en};
}

std::string csv_line(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t k = 0; k < cells.size(); ++k) out += (k ? "," : "") + cells[k];
  return out + "\n";
}

}  // namespace

std::string check_status_csv(const check_result& r) {
  std::string out = csv_line({"unit", "name", "period", "dimension", "indicator", "name_zh",
                              "name_en", "measure", "target_kind", "comparator", "target",
                              "target_upper", "target_year", "base_year", "value", "reference",
                              "reference_period", "change_pct", "status", "due", "achievement",
                              "gap", "relative_gap", "progress", "expected", "on_track", "grade",
                              "grade_en", "light", "bottom_line", "bottom_line_failure", "weight",
                              "source", "note"});
  for (const auto& s : r.status) {
    const bool t = s.target >= 0;
    out += csv_line({io_detail::csv_field(s.unit), io_detail::csv_field(s.unit_name), io_detail::csv_field(s.period), io_detail::csv_field(s.dimension),
                     io_detail::csv_field(s.indicator), io_detail::csv_field(s.name_zh), io_detail::csv_field(s.name_en), io_detail::csv_field(s.measure),
                     t ? to_string(s.kind) : "",
                     t ? io_detail::csv_field(r.profile.targets[static_cast<std::size_t>(s.target)].symbol()) : "",
                     n(s.target_value), n(s.target_upper), year(s.target_year), year(s.base_year),
                     n(s.value), n(s.reference), io_detail::csv_field(s.reference_period), n(s.change),
                     to_string(s.status), t ? yes(s.due) : "", n(s.achievement), n(s.gap),
                     n(s.relative_gap), n(s.progress), n(s.expected),
                     s.on_track < 0 ? "" : yes(s.on_track == 1), io_detail::csv_field(r.grade_label(s.grade, true)),
                     io_detail::csv_field(r.grade_label(s.grade, false)),
                     s.light == traffic_light::none ? "" : to_string(s.light), yes(s.bottom_line),
                     yes(s.bottom_line_failure), n(s.weight), io_detail::csv_field(s.source), io_detail::csv_field(s.note)});
  }
  return out;
}

std::string check_achievement_csv(const check_result& r) {
  std::string out = csv_line({"unit", "name", "period", "dimension", "dimension_zh",
                              "dimension_en", "overall", "targets", "met", "not_met",
                              "not_yet_due", "no_data", "applicable", "rate", "index",
                              "bottom_line_failures", "light"});
  for (const auto& a : r.achievement) {
    const names nm = node_names(r.framework, a.dimension);
    out += csv_line({io_detail::csv_field(a.unit), io_detail::csv_field(a.unit_name), io_detail::csv_field(a.period), io_detail::csv_field(a.dimension),
                     io_detail::csv_field(nm.zh), io_detail::csv_field(nm.en), yes(a.overall), std::to_string(a.targets),
                     std::to_string(a.met), std::to_string(a.not_met),
                     std::to_string(a.not_yet_due), std::to_string(a.no_data),
                     std::to_string(a.applicable), n(a.rate), n(a.index),
                     std::to_string(a.bottom_line_failures),
                     a.light == traffic_light::none ? "" : to_string(a.light)});
  }
  return out;
}

std::string check_problems_csv(const check_result& r) {
  std::string out = csv_line({"unit", "name", "period", "rank", "dimension", "indicator",
                              "name_zh", "name_en", "measure", "reason", "bottom_line", "value",
                              "target", "gap", "relative_gap", "weight", "severity", "source"});
  for (const auto& p : r.problems)
    out += csv_line({io_detail::csv_field(p.unit), io_detail::csv_field(p.unit_name), io_detail::csv_field(p.period), std::to_string(p.rank),
                     io_detail::csv_field(p.dimension), io_detail::csv_field(p.indicator), io_detail::csv_field(p.name_zh), io_detail::csv_field(p.name_en),
                     io_detail::csv_field(p.measure), to_string(p.reason), yes(p.bottom_line), n(p.value),
                     io_detail::csv_field(p.target_text), n(p.gap), n(p.relative_gap), n(p.weight),
                     n(p.severity), io_detail::csv_field(p.source)});
  return out;
}

std::string check_obstacles_csv(const check_result& r) {
  std::string out = csv_line({"unit", "name", "period", "level", "rank", "dimension", "indicator",
                              "factor", "deviation", "degree"});
  for (const auto& o : r.obstacles)
    out += csv_line({io_detail::csv_field(o.unit), io_detail::csv_field(o.unit_name), io_detail::csv_field(o.period), "indicator",
                     std::to_string(o.rank), io_detail::csv_field(o.dimension), io_detail::csv_field(o.indicator), n(o.factor),
                     n(o.deviation), n(o.degree)});
  for (const auto& o : r.obstacle_dimensions)
    out += csv_line({io_detail::csv_field(o.unit), io_detail::csv_field(o.unit_name), io_detail::csv_field(o.period), "dimension", "",
                     io_detail::csv_field(o.dimension), "", "", "", n(o.degree)});
  return out;
}

std::string composite_csv(const composite_result& c) {
  const result& s = c.scores;
  std::vector<std::string> head = {"unit", "name", "period"};
  for (const auto& code : s.nodes) {
    head.push_back(io_detail::csv_field(code + "_score"));
    head.push_back(io_detail::csv_field(code + "_rank"));
  }
  for (const char* h : {"C", "T", "D", "class_zh", "class_en", "c_band_zh", "c_band_en"})
    head.emplace_back(h);
  std::string out = csv_line(head);
  const bool coupled = c.coupling.d.size() == s.rows();
  for (Eigen::Index i = 0; i < s.rows(); ++i) {
    const auto iu = static_cast<std::size_t>(i);
    std::vector<std::string> row = {io_detail::csv_field(s.units[iu]),
                                    io_detail::csv_field(iu < s.unit_names.size() ? s.unit_names[iu] : ""),
                                    io_detail::csv_field(s.periods[iu])};
    for (Eigen::Index k = 0; k < s.scores.cols(); ++k) {
      row.push_back(n(s.scores(i, k)));
      row.push_back(s.ranks.size() ? n(s.ranks(i, k)) : "");
    }
    if (coupled) {
      row.push_back(n(c.coupling.c[i]));
      row.push_back(n(c.coupling.t[i]));
      row.push_back(n(c.coupling.d[i]));
      row.push_back(io_detail::csv_field(c.coupling.class_label(iu, true)));
      row.push_back(io_detail::csv_field(c.coupling.class_label(iu, false)));
      row.push_back(io_detail::csv_field(c.coupling.band_label(iu, true)));
      row.push_back(io_detail::csv_field(c.coupling.band_label(iu, false)));
    } else {
      for (int k = 0; k < 7; ++k) row.emplace_back();
    }
    out += csv_line(row);
  }
  return out;
}

std::string check_to_json(const check_result& r, const composite_result* composite) {
  json doc = json::object();
  doc["provenance"] = json{{"library_version", r.library_version},
                           {"framework_hash", r.framework_hash},
                           {"profile_hash", r.profile_hash},
                           {"data_hash", r.data_hash},
                           {"framework_source", r.framework.source()},
                           {"profile", r.profile.name},
                           {"profile_source", r.profile.file},
                           {"data_source", r.data_source}};
  doc["period"] = r.period;
  const check_options& o = r.options;
  doc["options"] = json{{"strict", o.strict},
                        {"cap", o.cap},
                        {"bands", o.bands},
                        {"grade_labels_zh", o.grade_labels_zh},
                        {"grade_labels_en", o.grade_labels_en},
                        {"weak_below", o.weak_below},
                        {"bottom_k", o.bottom_k},
                        {"obstacle_factor", to_string(o.obstacles.factor)},
                        {"obstacle_scaling", to_string(o.obstacles.scaling)}};
  json status = json::array();
  for (const auto& s : r.status) {
    const bool t = s.target >= 0;
    json row = json::object();
    row["unit"] = s.unit;
    row["name"] = s.unit_name;
    row["period"] = s.period;
    row["dimension"] = s.dimension;
    row["indicator"] = s.indicator;
    row["name_zh"] = s.name_zh;
    row["name_en"] = s.name_en;
    row["measure"] = s.measure;
    row["target_index"] = t ? json(s.target) : json(nullptr);
    row["target_kind"] = t ? json(to_string(s.kind)) : json(nullptr);
    row["comparator"] =
        t ? json(r.profile.targets[static_cast<std::size_t>(s.target)].symbol()) : json(nullptr);
    row["target"] = num(s.target_value);
    row["target_upper"] = num(s.target_upper);
    row["target_year"] = s.target_year ? json(s.target_year) : json(nullptr);
    row["base_year"] = s.base_year ? json(s.base_year) : json(nullptr);
    row["value"] = num(s.value);
    row["reference"] = num(s.reference);
    row["reference_period"] = s.reference_period;
    row["change_pct"] = num(s.change);
    row["status"] = to_string(s.status);
    row["due"] = t ? json(s.due) : json(nullptr);
    row["achievement"] = num(s.achievement);
    row["gap"] = num(s.gap);
    row["relative_gap"] = num(s.relative_gap);
    row["progress"] = num(s.progress);
    row["expected"] = num(s.expected);
    row["on_track"] = s.on_track < 0 ? json(nullptr) : json(s.on_track == 1);
    row["grade"] = s.grade < 0 ? json(nullptr) : json(r.grade_label(s.grade, true));
    row["grade_en"] = s.grade < 0 ? json(nullptr) : json(r.grade_label(s.grade, false));
    row["light"] = s.light == traffic_light::none ? json(nullptr) : json(to_string(s.light));
    row["bottom_line"] = s.bottom_line;
    row["bottom_line_failure"] = s.bottom_line_failure;
    row["weight"] = num(s.weight);
    row["source"] = s.source;
    row["note"] = s.note;
    status.push_back(std::move(row));
  }
  doc["status"] = std::move(status);
  json ach = json::array();
  for (const auto& a : r.achievement) {
    const names nm = node_names(r.framework, a.dimension);
    ach.push_back(json{{"unit", a.unit},
                       {"name", a.unit_name},
                       {"period", a.period},
                       {"dimension", a.dimension},
                       {"dimension_zh", nm.zh},
                       {"dimension_en", nm.en},
                       {"overall", a.overall},
                       {"targets", a.targets},
                       {"met", a.met},
                       {"not_met", a.not_met},
                       {"not_yet_due", a.not_yet_due},
                       {"no_data", a.no_data},
                       {"applicable", a.applicable},
                       {"rate", num(a.rate)},
                       {"index", num(a.index)},
                       {"bottom_line_failures", a.bottom_line_failures},
                       {"light", a.light == traffic_light::none ? json(nullptr)
                                                                : json(to_string(a.light))}});
  }
  doc["achievement"] = std::move(ach);
  json probs = json::array();
  for (const auto& p : r.problems)
    probs.push_back(json{{"unit", p.unit},
                         {"name", p.unit_name},
                         {"period", p.period},
                         {"rank", p.rank},
                         {"dimension", p.dimension},
                         {"indicator", p.indicator},
                         {"name_zh", p.name_zh},
                         {"name_en", p.name_en},
                         {"measure", p.measure},
                         {"reason", to_string(p.reason)},
                         {"bottom_line", p.bottom_line},
                         {"value", num(p.value)},
                         {"target", p.target_text},
                         {"gap", num(p.gap)},
                         {"relative_gap", num(p.relative_gap)},
                         {"weight", num(p.weight)},
                         {"severity", num(p.severity)},
                         {"source", p.source}});
  doc["problems"] = std::move(probs);
  json obs = json::array();
  for (const auto& x : r.obstacles)
    obs.push_back(json{{"unit", x.unit},
                       {"name", x.unit_name},
                       {"period", x.period},
                       {"rank", x.rank},
                       {"dimension", x.dimension},
                       {"indicator", x.indicator},
                       {"factor", num(x.factor)},
                       {"deviation", num(x.deviation)},
                       {"degree", num(x.degree)}});
  doc["obstacles"] = std::move(obs);
  json obd = json::array();
  for (const auto& x : r.obstacle_dimensions)
    obd.push_back(json{{"unit", x.unit},
                       {"name", x.unit_name},
                       {"period", x.period},
                       {"dimension", x.dimension},
                       {"degree", num(x.degree)}});
  doc["obstacle_dimensions"] = std::move(obd);
  doc["diagnostics"] = io_detail::diagnostics_json(r.diagnostics);
  if (composite) {
    const composite_result& c = *composite;
    const result& s = c.scores;
    json rows = json::array();
    const bool coupled = c.coupling.d.size() == s.rows();
    for (Eigen::Index i = 0; i < s.rows(); ++i) {
      const auto iu = static_cast<std::size_t>(i);
      json row = json::object();
      row["unit"] = s.units[iu];
      row["name"] = iu < s.unit_names.size() ? s.unit_names[iu] : std::string();
      row["period"] = s.periods[iu];
      for (std::size_t k = 0; k < s.nodes.size(); ++k)
        row[s.nodes[k]] = num(s.scores(i, static_cast<Eigen::Index>(k)));
      row["rank"] = s.ranks.size() ? num(s.ranks(i, 0)) : json(nullptr);
      if (coupled) {
        row["C"] = num(c.coupling.c[i]);
        row["T"] = num(c.coupling.t[i]);
        row["D"] = num(c.coupling.d[i]);
        row["class_zh"] = c.coupling.class_label(iu, true);
        row["class_en"] = c.coupling.class_label(iu, false);
      }
      rows.push_back(std::move(row));
    }
    doc["composite"] = json{{"indicators_target_based", c.target_based},
                            {"indicators_relative", c.relative},
                            {"left_out", c.left_out},
                            {"subsystems", c.subsystems},
                            {"coupling_formula", to_string(c.coupling.options.formula)},
                            {"class_boundary", to_string(c.coupling.options.boundary)},
                            {"rows", std::move(rows)}};
  }
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

void write_check_json(const check_result& r, const std::string& path,
                      const composite_result* composite) {
  io_detail::write_file_atomic(path, check_to_json(r, composite));
}

std::vector<std::string> write_check_csv(const check_result& r, const std::string& path,
                                         const composite_result* composite) {
  // every table is built first, so that a failure while building writes nothing
  std::string stem = path;
  const std::size_t slash = stem.find_last_of("/\\");
  const std::size_t dot = stem.find_last_of('.');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) stem.resize(dot);
  std::vector<std::pair<std::string, std::string>> files = {
      {path, check_status_csv(r)},
      {stem + "-achievement.csv", check_achievement_csv(r)},
      {stem + "-problems.csv", check_problems_csv(r)},
      {stem + "-obstacles.csv", check_obstacles_csv(r)}};
  if (composite) files.emplace_back(stem + "-composite.csv", composite_csv(*composite));
  std::vector<std::string> written;
  for (const auto& [p, text] : files) {
    io_detail::write_file_atomic(p, text);
    written.push_back(p);
  }
  return written;
}

}  // namespace tijian
