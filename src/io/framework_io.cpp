// SPDX-License-Identifier: MIT
// Framework files: TOML and COINr iMeta tables in, TOML out.
#include "tijian/io/framework_io.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "csv_split.hpp"
#include "tijian/detail/text.hpp"
#include "tijian/io/documents.hpp"
#include "toml_read.hpp"

namespace tijian::io_detail {

std::string toml_quote(std::string_view s) {
  std::string out = "\"";
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t bad = invalid_utf8_offset(s.substr(i));
    const std::size_t good_end = bad == std::string_view::npos ? s.size() : i + bad;
    for (; i < good_end; ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
          if (c < 0x20 || c == 0x7F) {
            static const char* digits = "0123456789ABCDEF";
            out += "\\u00";
            out += digits[c >> 4];
            out += digits[c & 0xF];
          } else {
            out += static_cast<char>(c);
          }
      }
    }
    if (i < s.size()) {  // a byte that is not UTF-8: TOML text must be UTF-8
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out + "\"";
}

}  // namespace tijian::io_detail

namespace tijian {

namespace {

using io_detail::domain;
using io_detail::toml_reader;

constexpr const char* schema_name = "tijian/framework/1";

std::string toml_float(double v) {
  if (std::isnan(v)) return "nan";
  std::string t = io_detail::number_text(v);
  if (t == "inf" || t == "-inf") return t;
  if (t.find_first_of(".eE") == std::string::npos) t += ".0";
  return t;
}

const char* direction_word(direction d) {
  switch (d) {
    case direction::higher_is_better: return "higher";
    case direction::lower_is_better: return "lower";
    case direction::target_band: return "band";
  }
  return "higher";
}

comparator default_comparator(direction d) {
  switch (d) {
    case direction::lower_is_better: return comparator::at_most;
    case direction::target_band: return comparator::within_band;
    default: return comparator::at_least;
  }
}

const char* const direction_help =
    "write \"higher\" (or 1) for higher-is-better, \"lower\" (or -1) for lower-is-better, or "
    "\"band\" for a target band";

// --- TOML -------------------------------------------------------------------------------------

class toml_framework_reader {
 public:
  explicit toml_framework_reader(const std::string& source) : r_(source, domain::framework, "framework") {}

  std::vector<node_spec> read(const toml::table& root) {
    r_.check_keys(root, {"schema", "node", "indicator", "nodes"}, "the top level of the framework");
    if (const toml::node* s = root.get("schema")) {
      const std::string name = r_.string(*s, "schema");
      if (name != schema_name)
        r_.fail("schema",
                "schema is '" + name + "' but this reader understands '" + schema_name +
                    "'; fix the schema line or remove it",
                r_.at(*s),
                "schema 是 '" + name + "'，而本读取器只认 '" + std::string(schema_name) +
                    "'；请改正或删去 schema 一行");
    }
    std::vector<std::pair<node_spec, std::pair<std::size_t, std::size_t>>> found;
    for (const char* kind : {"node", "indicator"}) {
      const toml::node* list = root.get(kind);
      if (!list) continue;
      const toml::array* arr = list->as_array();
      if (!arr || !arr->is_array_of_tables())
        r_.fail("wrong_type", std::string("'") + kind + "' must be written as [[" + kind + "]] tables",
                r_.at(*list));
      for (const toml::node& el : *arr) {
        const toml::table& t = *el.as_table();
        node_spec n = std::string(kind) == "node" ? read_aggregate(t) : read_indicator(t);
        const auto pos = std::make_pair(n.where.line, n.where.column);
        found.emplace_back(std::move(n), pos);
      }
    }
    if (const toml::node* list = root.get("nodes")) {
      for (node_spec& n : read_listed(*list)) {
        const auto pos = std::make_pair(n.where.line, n.where.column);
        found.emplace_back(std::move(n), pos);
      }
    }
    // Document order, so that children keep the order in which they were written.
    std::stable_sort(found.begin(), found.end(),
                     [](const auto& a, const auto& b) { return a.second < b.second; });
    std::vector<node_spec> out;
    out.reserve(found.size());
    for (auto& f : found) out.push_back(std::move(f.first));
    return out;
  }

 private:
  // `nodes`: one list of aggregates and indicators, each with an optional kind, in order. Dicts
  // use it: a table built in memory has no positions to order [[node]] against [[indicator]].
  std::vector<node_spec> read_listed(const toml::node& list) {
    const toml::array* arr = list.as_array();
    if (!arr || (!arr->empty() && !arr->is_array_of_tables()))
      r_.fail("wrong_type", "'nodes' must be a list of node tables", r_.at(list));
    std::set<std::string, std::less<>> parents;  // a node that is some node's parent is an aggregate
    for (const toml::node& el : *arr)
      if (const auto* p = el.as_table()->get("parent"); p && p->is_string())
        parents.insert(p->as_string()->get());
    std::vector<node_spec> out;
    for (const toml::node& el : *arr) {
      toml::table t = *el.as_table();
      std::string code;
      if (const auto* c = t.get("code"); c && c->is_string()) code = c->as_string()->get();
      bool aggregate = parents.count(code) > 0;
      if (const toml::node* k = t.get("kind")) {
        const std::string kind = r_.string(*k, "kind", code);
        if (kind != "aggregate" && kind != "node" && kind != "indicator")
          r_.fail("bad_node_type", "kind must be 'aggregate' or 'indicator', not '" + kind + "'",
                  r_.at(*k, code));
        aggregate = kind != "indicator";
        t.erase("kind");
      }
      out.push_back(aggregate ? read_aggregate(t) : read_indicator(t));
    }
    return out;
  }

  void read_common(const toml::table& t, node_spec& n, const char* what) {
    n.where = r_.at(t);
    const toml::node* code = t.get("code");
    if (!code)
      r_.fail("missing_key",
              std::string("a [[") + what +
                  "]] table has no code; add code = \"...\" (ASCII "
                  "letters, digits, '_', '.', '-')",
              n.where);
    n.code = r_.string(*code, "code");
    n.where.node = n.code;
    if (const auto* v = t.get("parent")) n.parent = r_.string(*v, "parent", n.code);
    if (const auto* v = t.get("name_zh")) n.name_zh = r_.string(*v, "name_zh", n.code);
    if (const auto* v = t.get("name_en")) n.name_en = r_.string(*v, "name_en", n.code);
    if (const auto* v = t.get("weight")) n.weight = r_.number(*v, "weight", n.code);
  }

  node_spec read_aggregate(const toml::table& t) {
    node_spec n;
    n.declared = node_spec::kind::aggregate;
    read_common(t, n, "node");
    r_.check_keys(t, {"code", "parent", "name_zh", "name_en", "weight", "aggregation"},
                  "[[node]] '" + n.code + "'", n.code);
    if (const auto* v = t.get("aggregation")) n.aggregate_with = read_aggregation(*v, n.code);
    return n;
  }

  aggregation read_aggregation(const toml::node& v, const std::string& code) {
    aggregation a;
    const std::string methods = codes_of<aggregation_method>();
    auto method_of = [&](const toml::node& m) {
      const std::string name = r_.string(m, "aggregation method", code);
      const auto parsed = find_enum<aggregation_method>(name);
      if (!parsed)
        r_.fail("bad_aggregation", "unknown aggregation method '" + name + "'; accepted: " + methods,
                r_.at(m, code));
      return *parsed;
    };
    if (v.is_string()) {
      a.method = method_of(v);
      return a;
    }
    if (!v.is_table())
      r_.wrong_type(v, "aggregation", "a method name or a table { method = ..., p = ... }", code);
    const toml::table& t = *v.as_table();
    r_.check_keys(t, {"method", "p", "zeros", "zero_floor"}, "the aggregation of '" + code + "'", code);
    const toml::node* m = t.get("method");
    if (!m)
      r_.fail("bad_aggregation", "the aggregation table needs a method (" + methods + ")", r_.at(v, code));
    a.method = method_of(*m);
    if (const auto* p = t.get("p")) a.p = r_.number(*p, "p", code);
    if (const auto* z = t.get("zeros")) {
      const std::string name = r_.string(*z, "zeros", code);
      const auto parsed = find_enum<geometric_zeros>(name);
      if (!parsed)
        r_.fail("bad_aggregation",
                "unknown value '" + name + "' for zeros; accepted: " + codes_of<geometric_zeros>(),
                r_.at(*z, code));
      a.zeros = *parsed;
    }
    if (const auto* f = t.get("zero_floor")) a.zero_floor = r_.number(*f, "zero_floor", code);
    return a;
  }

  node_spec read_indicator(const toml::table& t) {
    node_spec n;
    n.declared = node_spec::kind::indicator;
    read_common(t, n, "indicator");
    const std::string& code = n.code;
    r_.check_keys(t,
                  {"code", "parent", "name_zh", "name_en", "weight", "unit", "unit_zh", "unit_en",
                   "direction", "band", "type", "source", "goalposts", "target", "denominator",
                   "scale_factor"},
                  "[[indicator]] '" + code + "'", code);
    if (const auto* v = t.get("unit")) n.unit = r_.string(*v, "unit", code);
    if (const auto* v = t.get("unit_zh")) n.unit_zh = r_.string(*v, "unit_zh", code);
    if (const auto* v = t.get("unit_en")) n.unit_en = r_.string(*v, "unit_en", code);
    if (const auto* v = t.get("source")) n.data_source = r_.string(*v, "source", code);
    if (const auto* v = t.get("denominator")) n.denominator = r_.string(*v, "denominator", code);
    if (const auto* v = t.get("scale_factor")) n.scale_factor = r_.number(*v, "scale_factor", code);
    if (const auto* v = t.get("direction")) {
      std::string text;
      if (const auto* i = v->as_integer()) {
        text = std::to_string(i->get());
      } else if (v->is_string()) {
        text = v->as_string()->get();
      } else {
        r_.wrong_type(*v, "direction", "a string (\"higher\", \"lower\", \"band\") or 1 / -1", code);
      }
      const auto d = find_enum<direction>(text);
      if (!d)
        r_.fail("bad_direction", "unknown direction '" + text + "'; " + direction_help, r_.at(*v, code));
      n.dir = *d;
    }
    if (const auto* v = t.get("band")) {
      const toml::array* a = v->as_array();
      if (!a || a->size() != 2 || !(*a)[0].is_number() || !(*a)[1].is_number())
        r_.fail("bad_band", "band must be two numbers [lower, upper], e.g. band = [30.0, 45.0]",
                r_.at(*v, code));
      n.band_lower = r_.number((*a)[0], "band", code);
      n.band_upper = r_.number((*a)[1], "band", code);
    }
    if (const auto* v = t.get("type")) {
      const std::string name = r_.string(*v, "type", code);
      const auto parsed = find_enum<indicator_type>(name);
      if (!parsed)
        r_.fail("bad_indicator_type",
                "unknown indicator type '" + name + "'; accepted: guidance (导向), bottom_line (底线)",
                r_.at(*v, code));
      n.type = *parsed;
    }
    if (const auto* v = t.get("goalposts")) {
      const toml::table& g = r_.table(*v, "goalposts", code);
      r_.check_keys(g, {"lower", "upper", "scale"}, "the goalposts of '" + code + "'", code);
      goalposts posts;
      const toml::node* lo = g.get("lower");
      const toml::node* hi = g.get("upper");
      if (!lo || !hi)
        r_.fail("bad_goalposts",
                "goalposts need both lower and upper, e.g. goalposts = { lower = 20, upper = 85 }",
                r_.at(*v, code));
      posts.lower = r_.number(*lo, "lower", code);
      posts.upper = r_.number(*hi, "upper", code);
      if (const auto* s = g.get("scale")) {
        const std::string name = r_.string(*s, "scale", code);
        const auto parsed = find_enum<goalpost_scale>(name);
        if (!parsed)
          r_.fail("bad_goalposts", "unknown goalpost scale '" + name + "'; accepted: linear, log",
                  r_.at(*s, code));
        posts.scale = *parsed;
      }
      n.posts = posts;
    }
    if (const auto* v = t.get("target")) {
      const toml::array* a = v->as_array();
      if (!a || !a->is_array_of_tables())
        r_.fail("wrong_type", "targets must be written as [[indicator.target]] tables", r_.at(*v, code));
      for (const toml::node& el : *a) n.targets.push_back(read_target(*el.as_table(), n));
    }
    return n;
  }

  target read_target(const toml::table& t, const node_spec& n) {
    const std::string& code = n.code;
    r_.check_keys(t, {"value", "comparator", "lower", "upper", "year", "source"},
                  "a target of '" + code + "'", code);
    target g;
    g.cmp = default_comparator(n.dir);
    if (const auto* v = t.get("comparator")) {
      const std::string name = r_.string(*v, "comparator", code);
      const auto parsed = find_enum<comparator>(name);
      if (!parsed)
        r_.fail("bad_comparator", "unknown comparator '" + name + "'; accepted: \">=\", \"<=\", \"band\"",
                r_.at(*v, code));
      g.cmp = *parsed;
    }
    const toml::node* value = t.get("value");
    const toml::node* lower = t.get("lower");
    if (value && lower)
      r_.fail("bad_target", "give either value or lower for a target, not both", r_.at(*lower, code));
    if (lower && g.cmp != comparator::within_band)
      r_.fail("bad_target", "lower is for band targets (comparator = \"band\"); use value for a threshold",
              r_.at(*lower, code));
    const toml::node* first = value ? value : lower;
    if (!first)
      r_.fail("bad_target",
              g.cmp == comparator::within_band
                  ? "a band target needs lower and upper, e.g. lower = 30.0, upper = 45.0"
                  : "a target needs a value, e.g. value = 40.0",
              r_.at(t, code));
    g.value = r_.number(*first, value ? "value" : "lower", code);
    if (const auto* v = t.get("upper")) g.upper = r_.number(*v, "upper", code);
    if (const auto* v = t.get("year")) g.year = static_cast<int>(r_.integer(*v, "year", 0, 100000, code));
    if (const auto* v = t.get("source")) g.source = r_.string(*v, "source", code);
    return g;
  }

  toml_reader r_;
};

// --- iMeta ------------------------------------------------------------------------------------

enum class col {
  level,
  code,
  name,
  direction,
  weight,
  unit,
  unit_zh,
  unit_en,
  target,
  denominator,
  parent,
  type,
  name_zh,
  indicator_type,
  comparator,
  target_upper,
  target_year,
  target_source,
  band_lower,
  band_upper,
  goalpost_lower,
  goalpost_upper,
  goalpost_scale,
  source,
  scale_factor,
  count_
};

struct column_name {
  const char* key;  // lower case
  col role;
};

const column_name imeta_columns[] = {
    {"level", col::level},
    {"icode", col::code},
    {"code", col::code},
    {"iname", col::name},
    {"name", col::name},
    {"name_en", col::name},
    {"direction", col::direction},
    {"weight", col::weight},
    {"unit", col::unit},
    {"unit_zh", col::unit_zh},
    {"unit_en", col::unit_en},
    {"target", col::target},
    {"denominator", col::denominator},
    {"parent", col::parent},
    {"type", col::type},
    {"name_zh", col::name_zh},
    {"indicatortype", col::indicator_type},
    {"indicator_type", col::indicator_type},
    {"comparator", col::comparator},
    {"targetupper", col::target_upper},
    {"target_upper", col::target_upper},
    {"targetyear", col::target_year},
    {"target_year", col::target_year},
    {"targetsource", col::target_source},
    {"target_source", col::target_source},
    {"band_lower", col::band_lower},
    {"band_upper", col::band_upper},
    {"goalpost_lower", col::goalpost_lower},
    {"goalpost_upper", col::goalpost_upper},
    {"goalpost_scale", col::goalpost_scale},
    {"source", col::source},
    {"scalefactor", col::scale_factor},
    {"scale_factor", col::scale_factor},
};

const char* const accepted_columns =
    "Level, iCode (or Code), iName (or Name, name_en), Direction, Weight, Unit, Target, "
    "Denominator, Parent, Type, name_zh, IndicatorType, Comparator, TargetUpper, TargetYear, "
    "TargetSource, band_lower, band_upper, goalpost_lower, goalpost_upper, goalpost_scale, Source, "
    "ScaleFactor";

class imeta_reader {
 public:
  explicit imeta_reader(std::string source) : source_(std::move(source)) {}

  std::vector<node_spec> read(std::string_view bytes) {
    bool converted = false;
    const std::string text =
        io_detail::decode_text(bytes, text_encoding::auto_detect, source_, domain::framework, converted);
    io_detail::csv_splitter split(text, io_detail::detect_delimiter(text), source_, domain::framework);
    io_detail::csv_record rec;
    do {
      if (!split.next(rec))
        fail("framework.empty",
             "the iMeta table is empty: expected a header line (" + std::string(accepted_columns) + ")",
             location{source_, 0, 0, {}, {}, {}, {}});
    } while (rec.blank());
    read_header(rec);

    std::vector<node_spec> nodes;
    std::map<std::string, std::pair<int, std::size_t>> level_of;  // code -> (level, line)
    std::vector<int> levels;
    while (split.next(rec)) {
      if (rec.blank()) continue;
      if (rec.fields.size() != headers_.size())
        fail("framework.field_count",
             "this line has " + std::to_string(rec.fields.size()) + " fields but the header has " +
                 std::to_string(headers_.size()) +
                 "; quote values that contain the delimiter and give every row a cell for "
                 "every column",
             location{source_, rec.line, 0, {}, {}, {}, {}});
      node_spec n;
      int level = 0;
      if (!read_row(rec, n, level)) continue;
      level_of.emplace(n.code, std::make_pair(level, rec.line));
      levels.push_back(level);
      nodes.push_back(std::move(n));
    }
    // A child's level is below its parent's (COINr: levels count up from the indicators).
    for (std::size_t k = 0; k < nodes.size(); ++k) {
      const auto& n = nodes[k];
      auto it = level_of.find(n.parent);
      if (n.parent.empty() || it == level_of.end()) continue;
      if (!(levels[k] < it->second.first))
        fail("framework.bad_level",
             "Level " + std::to_string(levels[k]) + " is not below the Level of its parent '" + n.parent +
                 "' (Level " + std::to_string(it->second.first) + ", line " +
                 std::to_string(it->second.second) +
                 "); indicators are Level 1 and each aggregate is above its children",
             n.where);
    }
    return nodes;
  }

 private:
  [[noreturn]] void fail(const std::string& id, const std::string& msg, location where) const {
    throw framework_error(id, msg, std::move(where));
  }

  void read_header(const io_detail::csv_record& rec) {
    headers_.clear();
    index_.assign(static_cast<std::size_t>(col::count_), npos);
    for (std::size_t j = 0; j < rec.fields.size(); ++j) {
      const std::string h = detail::trim(rec.fields[j]);
      headers_.push_back(h);
      location where{source_, rec.lines[j], j + 1, {}, {}, {}, {}};
      if (h.empty())
        fail("framework.unknown_column",
             "column " + std::to_string(j + 1) + " (" + io_detail::column_letters(j + 1) +
                 ") has no header; name it or delete the column (accepted columns: " + accepted_columns + ")",
             where);
      const std::string k = io_detail::key_of(h);
      const column_name* found = nullptr;
      for (const auto& c : imeta_columns)
        if (k == c.key) found = &c;
      if (!found)
        fail("framework.unknown_column",
             "unknown column '" + h +
                 "' in the iMeta header (a typo?); accepted columns: " + accepted_columns,
             where);
      auto& slot = index_[static_cast<std::size_t>(found->role)];
      if (slot != npos)
        fail("framework.duplicate_column",
             "column '" + h + "' means the same as column " + std::to_string(slot + 1) + " ('" +
                 headers_[slot] + "'); delete one of them",
             where);
      slot = j;
    }
    const std::pair<col, const char*> required[] = {{col::level, "Level"},         {col::code, "iCode"},
                                                    {col::direction, "Direction"}, {col::weight, "Weight"},
                                                    {col::parent, "Parent"},       {col::type, "Type"}};
    for (const auto& [role, name] : required)
      if (index_[static_cast<std::size_t>(role)] == npos)
        fail("framework.missing_column",
             std::string("the iMeta header has no '") + name +
                 "' column; COINr's iMeta needs Level, iCode, Direction, Weight, Parent and Type",
             location{source_, rec.line, 0, {}, {}, {}, {}});
  }

  [[nodiscard]] bool has(col c) const { return index_[static_cast<std::size_t>(c)] != npos; }

  [[nodiscard]] std::string cell(const io_detail::csv_record& rec, col c) const {
    const std::size_t j = index_[static_cast<std::size_t>(c)];
    return j == npos ? std::string() : detail::trim(rec.fields[j]);
  }

  [[nodiscard]] location where(const io_detail::csv_record& rec, col c, const std::string& node) const {
    const std::size_t j = index_[static_cast<std::size_t>(c)];
    location l{source_, rec.line, 0, node, {}, {}, {}};
    if (j != npos) {
      l.line = rec.lines[j];
      l.column = j + 1;
    }
    return l;
  }

  /// NaN for an empty cell; an error for text that is not a plain number.
  double number(const io_detail::csv_record& rec, col c, const std::string& node,
                const char* id = "framework.bad_number") const {
    const std::string text = cell(rec, c);
    if (text.empty()) return std::numeric_limits<double>::quiet_NaN();
    const auto p = io_detail::parse_number(text, number_format::strict);
    using st = io_detail::number_parse::status;
    if (p.state != st::ok)
      fail(id,
           "cannot read \"" + text + "\" in column '" + headers_[index_[static_cast<std::size_t>(c)]] +
               "' as a number: " +
               (p.state == st::missing
                    ? std::string("write a number here (missing-value tokens are not allowed)")
                    : io_detail::number_advice(p, number_format::strict)),
           where(rec, c, node));
    return p.value;
  }

  bool read_row(const io_detail::csv_record& rec, node_spec& n, int& level) {
    const std::string type = cell(rec, col::type);
    const std::string type_key = detail::lower(type);
    if (type_key == "group" || type_key == "denominator" || type_key == "other") return false;
    n.code = cell(rec, col::code);
    const std::string& code = n.code;
    if (type_key == "indicator") {
      n.declared = node_spec::kind::indicator;
    } else if (type_key == "aggregate") {
      n.declared = node_spec::kind::aggregate;
    } else {
      fail("framework.bad_node_type",
           "unknown Type '" + type +
               "'; accepted: Indicator, Aggregate (framework nodes) and Group, Denominator, "
               "Other (skipped)",
           where(rec, col::type, code));
    }
    const bool leaf = n.declared == node_spec::kind::indicator;
    n.where = location{source_, rec.line, 0, code, {}, {}, {}};
    n.parent = cell(rec, col::parent);
    n.name_en = cell(rec, col::name);
    n.name_zh = cell(rec, col::name_zh);
    n.unit = cell(rec, col::unit);
    n.unit_zh = cell(rec, col::unit_zh);
    n.unit_en = cell(rec, col::unit_en);
    n.data_source = cell(rec, col::source);
    if (leaf) {
      n.denominator = cell(rec, col::denominator);
      const double sf = number(rec, col::scale_factor, code);
      if (!std::isnan(sf)) n.scale_factor = sf;
    }  // aggregates: Denominator and ScaleFactor are ignored, as before

    // Level
    const std::string level_text = cell(rec, col::level);
    const double lv = number(rec, col::level, code, "framework.bad_level");
    if (level_text.empty() || !(lv >= 1 && lv <= 1000 && std::floor(lv) == lv))
      fail("framework.bad_level",
           "Level '" + level_text + "' is not a level: indicators are Level 1, aggregates Level 2 and above",
           where(rec, col::level, code));
    level = static_cast<int>(lv);
    if (leaf && level != 1)
      fail("framework.bad_level",
           "an Indicator must be at Level 1 (got " + level_text +
               "); set Type = Aggregate if it has children",
           where(rec, col::level, code));
    if (!leaf && level < 2)
      fail("framework.bad_level",
           "an Aggregate must be at Level 2 or above (got " + level_text +
               "); set Type = Indicator for a leaf",
           where(rec, col::level, code));

    // Direction
    const std::string dir = cell(rec, col::direction);
    if (!(dir.empty() && !leaf)) {
      const auto d = find_enum<direction>(dir);
      if (!d)
        fail("framework.bad_direction",
             dir.empty() ? "Direction is empty; write 1 (higher is better), -1 (lower is better) "
                           "or band (with band_lower and band_upper)"
                         : "unknown Direction '" + dir +
                               "'; write 1 (higher is better), -1 (lower is better) or band",
             where(rec, col::direction, code));
      if (leaf) n.dir = *d;  // COINr ignores the directions of aggregates
    }

    // Weight
    n.weight = number(rec, col::weight, code, "framework.bad_weight");
    if (std::isnan(n.weight))
      fail("framework.bad_weight", "Weight is empty; give a number (1 for equal weights)",
           where(rec, col::weight, code));

    // Indicator extensions
    const std::string type_text = cell(rec, col::indicator_type);
    if (const auto t = find_enum<indicator_type>(type_text)) {
      n.type = *t;
    } else {
      fail("framework.bad_indicator_type",
           "unknown IndicatorType '" + type_text + "'; accepted: guidance (导向), bottom_line (底线)",
           where(rec, col::indicator_type, code));
    }
    n.band_lower = number(rec, col::band_lower, code);
    n.band_upper = number(rec, col::band_upper, code);
    const double gl = number(rec, col::goalpost_lower, code);
    const double gu = number(rec, col::goalpost_upper, code);
    const std::string gs = cell(rec, col::goalpost_scale);
    if (!std::isnan(gl) || !std::isnan(gu) || !gs.empty()) {
      if (std::isnan(gl) || std::isnan(gu))
        fail("framework.bad_goalposts", "give both goalpost_lower and goalpost_upper",
             where(rec, std::isnan(gl) ? col::goalpost_lower : col::goalpost_upper, code));
      goalposts posts;
      posts.lower = gl;
      posts.upper = gu;
      const auto s = find_enum<goalpost_scale>(gs);
      if (!s)
        fail("framework.bad_goalposts", "unknown goalpost_scale '" + gs + "'; accepted: linear, log",
             where(rec, col::goalpost_scale, code));
      posts.scale = *s;
      n.posts = posts;
    }

    // Target
    const std::string target_text = cell(rec, col::target);
    const col target_extras[] = {col::comparator, col::target_upper, col::target_year, col::target_source};
    if (target_text.empty()) {
      for (col c : target_extras)
        if (!cell(rec, c).empty())
          fail("framework.bad_target",
               "'" + headers_[index_[static_cast<std::size_t>(c)]] +
                   "' is given but Target is empty; fill in Target or clear the cell",
               where(rec, c, code));
      return true;
    }
    if (!leaf)
      fail("framework.bad_target", "targets apply to indicators only; clear Target for an Aggregate",
           where(rec, col::target, code));
    target t;
    t.value = number(rec, col::target, code, "framework.bad_target");
    const std::string cmp = cell(rec, col::comparator);
    if (!cmp.empty()) {
      const auto c = find_enum<comparator>(cmp);
      if (!c)
        fail("framework.bad_comparator", "unknown Comparator '" + cmp + "'; accepted: >=, <=, band",
             where(rec, col::comparator, code));
      t.cmp = *c;
    } else if (n.dir == direction::target_band) {
      fail("framework.bad_target", "a band indicator's target needs Comparator = band and TargetUpper",
           where(rec, col::target, code));
    } else {
      t.cmp = default_comparator(n.dir);
    }
    t.upper = number(rec, col::target_upper, code, "framework.bad_target");
    const std::string year = cell(rec, col::target_year);
    if (!year.empty()) {
      const double y = number(rec, col::target_year, code, "framework.bad_target");
      if (!(y >= 0 && y <= 100000 && std::floor(y) == y))
        fail("framework.bad_target", "TargetYear '" + year + "' is not a year",
             where(rec, col::target_year, code));
      t.year = static_cast<int>(y);
    }
    t.source = cell(rec, col::target_source);
    n.targets.push_back(t);
    return true;
  }

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  std::string source_;
  std::vector<std::string> headers_;
  std::vector<std::size_t> index_;
};

std::string extension_of(const std::string& path) {
  const std::size_t slash = path.find_last_of("/\\");
  const std::size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
  return detail::lower(path.substr(dot));
}

}  // namespace

framework parse_framework(const toml::table& doc, const std::string& source_name) {
  toml_framework_reader reader(source_name);
  return framework(reader.read(doc), source_name);
}

framework parse_framework_toml(std::string_view text, const std::string& source_name) {
  return parse_framework(toml_reader(source_name, domain::framework, "framework").parse(text), source_name);
}

framework parse_framework_imeta(std::string_view csv_text, const std::string& source_name) {
  imeta_reader reader(source_name);
  return framework(reader.read(csv_text), source_name);
}

framework load_framework(const std::string& path) {
  const std::string ext = extension_of(path);
  if (ext != ".toml" && ext != ".csv")
    throw framework_error("framework.file_type",
                          "cannot tell the framework format from the file name; use .toml for a "
                          "tijian framework or .csv for a COINr iMeta table",
                          location{path, 0, 0, {}, {}, {}, {}});
  const std::string bytes = io_detail::read_file(path, domain::framework);
  return ext == ".toml" ? parse_framework_toml(bytes, path) : parse_framework_imeta(bytes, path);
}

std::string to_toml(const framework& f) {
  using io_detail::toml_quote;
  std::ostringstream o;
  o << "# tijian framework\nschema = " << toml_quote(schema_name) << "\n";
  for (std::size_t i = 0; i < f.size(); ++i) {
    const node_spec& n = f.node(i);
    const bool leaf = f.is_leaf(i);
    o << (leaf ? "\n[[indicator]]\n" : "\n[[node]]\n");
    o << "code = " << toml_quote(n.code) << "\n";
    if (!n.parent.empty()) o << "parent = " << toml_quote(n.parent) << "\n";
    if (!n.name_zh.empty()) o << "name_zh = " << toml_quote(n.name_zh) << "\n";
    if (!n.name_en.empty()) o << "name_en = " << toml_quote(n.name_en) << "\n";
    o << "weight = " << toml_float(n.weight) << "\n";
    if (!leaf) {
      if (n.aggregate_with) {
        const aggregation& a = *n.aggregate_with;
        o << "aggregation = { method = " << toml_quote(to_string(a.method)) << ", p = " << toml_float(a.p)
          << ", zeros = " << toml_quote(to_string(a.zeros)) << ", zero_floor = " << toml_float(a.zero_floor)
          << " }\n";
      }
      continue;
    }
    if (!n.unit.empty()) o << "unit = " << toml_quote(n.unit) << "\n";
    if (!n.unit_zh.empty()) o << "unit_zh = " << toml_quote(n.unit_zh) << "\n";
    if (!n.unit_en.empty()) o << "unit_en = " << toml_quote(n.unit_en) << "\n";
    o << "direction = " << toml_quote(direction_word(n.dir)) << "\n";
    if (!std::isnan(n.band_lower) || !std::isnan(n.band_upper))
      o << "band = [" << toml_float(n.band_lower) << ", " << toml_float(n.band_upper) << "]\n";
    o << "type = " << toml_quote(to_string(n.type)) << "\n";
    if (!n.data_source.empty()) o << "source = " << toml_quote(n.data_source) << "\n";
    if (!n.denominator.empty()) o << "denominator = " << toml_quote(n.denominator) << "\n";
    if (n.scale_factor != 1.0) o << "scale_factor = " << toml_float(n.scale_factor) << "\n";
    if (n.posts)
      o << "goalposts = { lower = " << toml_float(n.posts->lower)
        << ", upper = " << toml_float(n.posts->upper) << ", scale = " << toml_quote(to_string(n.posts->scale))
        << " }\n";
    for (const target& t : n.targets) {
      o << "\n[[indicator.target]]\n";
      o << "comparator = " << toml_quote(to_string(t.cmp)) << "\n";
      o << (t.cmp == comparator::within_band ? "lower = " : "value = ") << toml_float(t.value) << "\n";
      if (!std::isnan(t.upper)) o << "upper = " << toml_float(t.upper) << "\n";
      if (t.year != 0) o << "year = " << t.year << "\n";
      if (!t.source.empty()) o << "source = " << toml_quote(t.source) << "\n";
    }
  }
  return o.str();
}

}  // namespace tijian
