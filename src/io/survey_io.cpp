// SPDX-License-Identifier: MIT
// The resident survey's definition (TOML) and answers (any text_grid: CSV, Excel). Every cell
// goes through the core's parsers (survey.hpp), which own the accepted answers and messages;
// this file only finds the cells and says where they are.
#include "tijian/io/survey_io.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "csv_split.hpp"
#include "toml_read.hpp"

namespace tijian {

namespace {

using io_detail::domain;
using io_detail::toml_reader;

constexpr const char* survey_schema = "tijian/survey/1";

class definition_reader {
 public:
  explicit definition_reader(const std::string& source) : r_(source, domain::recipe, "survey") {}

  survey_definition read(const toml::table& root) {
    r_.check_keys(root,
                  {"schema", "survey", "unit", "unit_name", "period", "built_up_population", "threshold",
                   "confidence", "breakdowns", "answers", "scale", "respondents", "weighting", "gap", "item"},
                  "the top level of the survey definition");
    survey_definition d;
    d.source = r_.source();
    if (const auto* s = root.get("schema")) {
      const std::string name = r_.string(*s, "schema");
      if (name != survey_schema)
        r_.fail("schema", "schema is '" + name + "' but this reader understands '" + survey_schema + "'",
                r_.at(*s), "schema 是 '" + name + "'，而本读取器只认 '" + std::string(survey_schema) + "'");
    }
    if (const auto* v = root.get("survey")) d.name = r_.string(*v, "survey");
    if (const auto* v = root.get("unit")) d.unit = r_.string(*v, "unit");
    if (const auto* v = root.get("unit_name")) d.unit_name = r_.string(*v, "unit_name");
    if (const auto* v = root.get("period"))
      d.period = v->is_integer() ? std::to_string(v->as_integer()->get()) : r_.string(*v, "period");
    if (const auto* v = root.get("built_up_population"))
      d.built_up_population = positive(*v, "built_up_population");
    if (const auto* v = root.get("threshold")) d.threshold = r_.number(*v, "threshold");
    if (const auto* v = root.get("confidence")) d.confidence = r_.number(*v, "confidence");
    if (const auto* v = root.get("breakdowns")) d.breakdowns = r_.strings(*v, "breakdowns");
    if (const auto* v = root.get("answers")) read_answers(r_.table(*v, "answers"), d);
    if (const auto* v = root.get("scale")) {
      d.scale.clear();
      for (const toml::table* t : tables(*v, "scale")) d.scale.push_back(read_level(*t));
    }
    if (const auto* v = root.get("respondents")) read_respondents(r_.table(*v, "respondents"), d);
    if (const auto* v = root.get("weighting")) read_weighting(r_.table(*v, "weighting"), d);
    if (const auto* v = root.get("gap")) {
      const toml::table& g = r_.table(*v, "gap");
      r_.check_keys(g, {"rule", "threshold", "max_gap"}, "[gap]");
      if (const auto* x = g.get("rule"))
        d.gap.rule = parse_enum<gap_rule>(r_.string(*x, "rule"), "survey.bad_value", r_.at(*x));
      if (const auto* x = g.get("threshold")) d.gap.threshold = r_.number(*x, "threshold");
      if (const auto* x = g.get("max_gap")) d.gap.max_gap = r_.number(*x, "max_gap");
    }
    const toml::node* items = root.get("item");
    if (!items)
      r_.fail("missing_key",
              "the survey defines no item; add [[item]] tables with code, column and dimension", r_.file());
    for (const toml::table* t : tables(*items, "item")) d.items.push_back(read_item(*t));
    d.validate();
    return d;
  }

 private:
  double positive(const toml::node& v, const std::string& key) {
    const double x = r_.number(v, key);
    if (!(x > 0) || !std::isfinite(x))
      r_.fail("bad_value", "'" + key + "' must be a positive number", r_.at(v));
    return x;
  }

  std::vector<const toml::table*> tables(const toml::node& v, const std::string& key) {
    const toml::array* arr = v.as_array();
    if (!arr || (!arr->empty() && !arr->is_array_of_tables()))
      r_.fail("wrong_type", "'" + key + "' must be written as [[" + key + "]] tables", r_.at(v));
    std::vector<const toml::table*> out;
    for (const toml::node& el : *arr) out.push_back(el.as_table());
    return out;
  }

  void read_answers(const toml::table& t, survey_definition& d) {
    r_.check_keys(t,
                  {"numbers", "dont_know", "dont_know_policy", "dont_know_score", "blank_policy",
                   "blank_score"},
                  "[answers]");
    if (const auto* x = t.get("numbers"))
      d.numbers = parse_enum<numeric_answers>(r_.string(*x, "numbers"), "survey.bad_value", r_.at(*x));
    if (const auto* x = t.get("dont_know")) d.dont_know = r_.strings(*x, "dont_know");
    if (const auto* x = t.get("dont_know_policy"))
      d.dont_know_policy =
          parse_enum<missing_answer_policy>(r_.string(*x, "dont_know_policy"), "survey.bad_value", r_.at(*x));
    if (const auto* x = t.get("dont_know_score")) d.dont_know_score = r_.number(*x, "dont_know_score");
    if (const auto* x = t.get("blank_policy"))
      d.blank_policy =
          parse_enum<missing_answer_policy>(r_.string(*x, "blank_policy"), "survey.bad_value", r_.at(*x));
    if (const auto* x = t.get("blank_score")) d.blank_score = r_.number(*x, "blank_score");
  }

  answer_level read_level(const toml::table& t) {
    r_.check_keys(t, {"code", "zh", "en", "score", "texts"}, "a [[scale]] level");
    answer_level l;
    const auto* code = t.get("code");
    const auto* score = t.get("score");
    if (!code || !score) r_.fail("missing_key", "a [[scale]] level needs code and score", r_.at(t));
    l.code = r_.string(*code, "code");
    if (!detail::is_valid_code(l.code))
      r_.fail("bad_value", "scale code '" + l.code + "' is not a valid code (ASCII letters, digits, _)",
              r_.at(*code));
    l.score = r_.number(*score, "score");
    if (const auto* x = t.get("zh")) l.zh = r_.string(*x, "zh");
    if (const auto* x = t.get("en")) l.en = r_.string(*x, "en");
    if (const auto* x = t.get("texts")) l.texts = r_.strings(*x, "texts");
    if (l.zh.empty()) l.zh = l.texts.empty() ? l.code : l.texts.front();
    if (l.en.empty()) l.en = l.code;
    if (l.texts.empty()) l.texts.push_back(l.zh);
    return l;
  }

  void read_respondents(const toml::table& t, survey_definition& d) {
    r_.check_keys(t,
                  {"id", "community", "district", "gender", "age", "age_group", "occupation", "ignore",
                   "unknown_columns", "public_sector", "age_groups"},
                  "[respondents]");
    auto column = [&](const char* key, std::string& into) {
      if (const auto* x = t.get(key)) {
        into = r_.string(*x, key);
        if (!into.empty()) d.columns.required.push_back(into);
      }
    };
    column("id", d.columns.id);
    column("community", d.columns.community);
    column("district", d.columns.district);
    column("gender", d.columns.gender);
    column("age", d.columns.age);
    column("age_group", d.columns.age_group);
    column("occupation", d.columns.occupation);
    if (const auto* x = t.get("ignore")) d.ignore_columns = r_.strings(*x, "ignore");
    if (const auto* x = t.get("unknown_columns")) {
      const std::string v = r_.string(*x, "unknown_columns");
      if (v != "error" && v != "ignore")
        r_.fail("bad_value", "unknown_columns is \"error\" or \"ignore\", not '" + v + "'", r_.at(*x));
      d.ignore_unknown_columns = v == "ignore";
    }
    if (const auto* x = t.get("public_sector")) d.public_sector = r_.strings(*x, "public_sector");
    if (const auto* x = t.get("age_groups")) {
      for (auto&& [k, v] : r_.table(*x, "age_groups")) {
        const std::string band = r_.string(v, "age_groups." + std::string(k.str()));
        d.age_groups[std::string(k.str())] = parse_enum<age_band>(band, "survey.bad_value", r_.at(v));
      }
    }
  }

  void read_weighting(const toml::table& t, survey_definition& d) {
    r_.check_keys(t, {"by", "empty_cells", "share"}, "[weighting]");
    survey_weighting w;
    if (const auto* x = t.get("by")) w.by = r_.strings(*x, "by");
    if (const auto* x = t.get("empty_cells"))
      w.empty_cells =
          parse_enum<empty_cell_policy>(r_.string(*x, "empty_cells"), "survey.bad_value", r_.at(*x));
    if (const auto* x = t.get("share"))
      for (const toml::table* s : tables(*x, "weighting.share")) {
        stratum_share sh;
        sh.where = r_.at(*s);
        for (auto&& [k, v] : *s) {
          const std::string key(k.str());
          if (key == "share") continue;
          if (std::find(w.by.begin(), w.by.end(), key) == w.by.end())
            r_.fail("unknown_key", "'" + key + "' is not one of the weighting's 'by' variables", r_.at(v));
        }
        for (const auto& b : w.by) {
          const toml::node* v = s->get(b);
          if (!v)
            r_.fail("missing_key", "a [[weighting.share]] needs " + b + " (one value per 'by' variable)",
                    sh.where);
          sh.values.push_back(v->is_integer() ? std::to_string(v->as_integer()->get()) : r_.string(*v, b));
        }
        const toml::node* v = s->get("share");
        if (!v)
          r_.fail("missing_key", "a [[weighting.share]] needs share = <population share or count>", sh.where);
        sh.share = r_.number(*v, "share");
        w.shares.push_back(sh);
      }
    d.weighting = w;
  }

  survey_item read_item(const toml::table& t) {
    r_.check_keys(t, {"code", "column", "dimension", "indicator", "name_zh", "name_en", "weight"},
                  "an [[item]]");
    survey_item it;
    it.where = r_.at(t);
    for (const char* key : {"code", "column", "dimension"})
      if (!t.get(key)) r_.fail("missing_key", std::string("an [[item]] needs ") + key, it.where);
    it.code = r_.string(*t.get("code"), "code");
    it.where.node = it.code;
    it.column = detail::trim(r_.string(*t.get("column"), "column", it.code));
    it.dimension = r_.string(*t.get("dimension"), "dimension", it.code);
    if (const auto* x = t.get("indicator")) it.indicator = r_.string(*x, "indicator", it.code);
    if (const auto* x = t.get("name_zh")) it.name_zh = r_.string(*x, "name_zh", it.code);
    if (const auto* x = t.get("name_en")) it.name_en = r_.string(*x, "name_en", it.code);
    if (const auto* x = t.get("weight")) it.weight = r_.number(*x, "weight", it.code);
    return it;
  }

  toml_reader r_;
};

bool same_header(const std::string& a, const std::string& b) {
  return normalise_answer(a) == normalise_answer(b);
}

}  // namespace

survey_definition parse_survey_definition(const toml::table& doc, const std::string& source_name) {
  return definition_reader(source_name).read(doc);
}

survey_definition parse_survey_definition(std::string_view text, const std::string& source_name) {
  return parse_survey_definition(toml_reader(source_name, domain::recipe, "survey").parse(text), source_name);
}

survey_definition load_survey_definition(const std::string& path) {
  return parse_survey_definition(io_detail::read_file(path, domain::recipe), path);
}

survey_responses read_survey_responses(const text_grid& g, const survey_definition& d) {
  d.validate();
  survey_responses out;
  out.source = g.source;
  auto header_at = [&](std::size_t c) { return g.where(g.rows.size(), c); };
  auto find = [&](const std::string& name) -> std::optional<std::size_t> {
    if (name.empty()) return std::nullopt;
    for (std::size_t c = 0; c < g.header.size(); ++c)
      if (same_header(g.header[c], name)) return c;
    return std::nullopt;
  };
  std::string headers;
  for (const auto& h : g.header) headers += (headers.empty() ? "" : ", ") + h;
  for (const auto& name : d.columns.required)
    if (!find(name))
      throw data_error("survey.missing_column",
                       "the definition names the respondent column '" + name + "', which " + g.source +
                           " does not have; its columns: " + headers,
                       detail::in_file(g.source));
  // items
  std::vector<std::size_t> item_col;
  for (const auto& it : d.items) {
    const auto c = find(it.column);
    if (!c) {
      location l = it.where;
      l.indicator = it.code;
      throw data_error("survey.missing_column",
                       "item '" + it.code + "' reads column '" + it.column + "', which " + g.source +
                           " does not have; its columns: " + headers,
                       l);
    }
    item_col.push_back(*c);
  }
  // attributes: explicit or default headers, when present
  auto attr = [&](const std::string& name) { return find(name); };
  const auto c_id = attr(d.columns.id), c_comm = attr(d.columns.community), c_dist = attr(d.columns.district),
             c_gender = attr(d.columns.gender), c_age = attr(d.columns.age),
             c_group = attr(d.columns.age_group), c_job = attr(d.columns.occupation);
  out.has_community = c_comm.has_value();
  out.has_district = c_dist.has_value();
  out.has_gender = c_gender.has_value();
  out.has_age = c_age.has_value() || c_group.has_value();
  out.has_occupation = c_job.has_value();
  auto remember = [&](const char* variable, const std::optional<std::size_t>& c) {
    if (c) out.columns[variable] = {*c + 1, g.header[*c]};
  };
  remember("community", c_comm);
  remember("district", c_dist);
  remember("gender", c_gender);
  remember("age_group", c_group ? c_group : c_age);
  remember("occupation", c_job);
  // every other column: ignored by name, or an error (a misspelt item would silently vanish)
  std::set<std::size_t> known(item_col.begin(), item_col.end());
  for (const auto& c : {c_id, c_comm, c_dist, c_gender, c_age, c_group, c_job})
    if (c) known.insert(*c);
  for (std::size_t c = 0; c < g.header.size(); ++c) {
    if (known.count(c)) continue;
    const bool ignored = std::any_of(d.ignore_columns.begin(), d.ignore_columns.end(),
                                     [&](const std::string& n) { return same_header(n, g.header[c]); });
    if (ignored || d.ignore_unknown_columns) continue;
    std::string items;
    for (const auto& it : d.items) items += (items.empty() ? "" : ", ") + it.column;
    throw data_error(
        "survey.unknown_column",
        "column '" + g.header[c] +
            "' is neither an item, a respondent attribute nor an ignored column; item columns: " + items +
            ". Add it as an [[item]], list it in [respondents] ignore, or set unknown_columns = \"ignore\"",
        header_at(c));
  }
  for (std::size_t a = 0; a < item_col.size(); ++a)
    for (std::size_t b = 0; b < a; ++b)
      if (item_col[a] == item_col[b])
        throw data_error("survey.duplicate_column",
                         "items '" + d.items[b].code + "' and '" + d.items[a].code + "' read the same column",
                         header_at(item_col[a]));
  auto where = [&](std::size_t row, std::size_t col) {
    location l = g.where(row, col);
    l.indicator = g.header[col];
    return l;
  };
  for (std::size_t i = 0; i < g.rows.size(); ++i) {
    const auto& cells = g.rows[i];
    respondent r;
    r.row = i;
    r.where = g.where(i, 0);
    r.where.column = 0;
    r.where.indicator.clear();
    if (c_id) r.id = cells[*c_id];
    if (c_comm) r.community = detail::trim(cells[*c_comm]);
    if (c_dist) r.district = detail::trim(cells[*c_dist]);
    if (c_gender && !normalise_answer(cells[*c_gender]).empty())
      r.gender = parse_gender(cells[*c_gender], where(i, *c_gender));
    if (c_age && !normalise_answer(cells[*c_age]).empty()) {
      r.age = parse_age(cells[*c_age], where(i, *c_age));
      r.band = band_of_age(r.age);
    }
    if (c_group && !normalise_answer(cells[*c_group]).empty()) {
      const age_band b = parse_age_group(cells[*c_group], d, where(i, *c_group));
      if (!r.band) r.band = b;
    }
    if (c_job) {
      r.occupation = detail::trim(cells[*c_job]);
      r.public_sector =
          std::any_of(d.public_sector.begin(), d.public_sector.end(), [&](const std::string& p) {
            return !p.empty() && r.occupation.find(p) != std::string::npos;
          });
    }
    for (std::size_t j = 0; j < item_col.size(); ++j) {
      location l = where(i, item_col[j]);
      l.node = d.items[j].code;
      r.answers.push_back(parse_answer(cells[item_col[j]], d, l));
    }
    out.respondents.push_back(std::move(r));
  }
  if (out.respondents.empty())
    throw data_error("survey.empty", "the survey export " + g.source + " has no respondent row",
                     detail::in_file(g.source));
  // the attributes the analysis needs must be there
  if (d.weighting)
    for (const auto& b : d.weighting->by) {
      const bool have = b == "district"    ? out.has_district
                        : b == "community" ? out.has_community
                        : b == "gender"    ? out.has_gender
                                           : out.has_age;
      if (!have)
        throw data_error("survey.missing_column",
                         "the weighting is by " + b + " but " + g.source +
                             " has no such column (set its header in "
                             "[respondents]); its columns: " +
                             headers,
                         detail::in_file(g.source));
    }
  return out;
}

survey_responses load_survey_responses(const std::string& path, const survey_definition& d,
                                       const grid_options& options) {
  return read_survey_responses(read_text_grid(path, options), d);
}

std::vector<objective_score> read_objective_scores(const text_grid& g) {
  auto col = [&](std::initializer_list<const char*> names) -> std::optional<std::size_t> {
    for (const char* n : names)
      for (std::size_t c = 0; c < g.header.size(); ++c)
        if (same_header(g.header[c], n)) return c;
    return std::nullopt;
  };
  const auto cd = col({"dimension", "维度"}), cs = col({"score", "得分", "objective"});
  if (!cd || !cs)
    throw data_error("survey.objective",
                     "the objective scores need the columns dimension and score (or 维度 and 得分)",
                     detail::in_file(g.source));
  std::vector<objective_score> out;
  for (std::size_t i = 0; i < g.rows.size(); ++i) {
    objective_score o;
    o.dimension = detail::trim(g.rows[i][*cd]);
    o.source = g.source;
    const std::string t = detail::trim(g.rows[i][*cs]);
    char* end = nullptr;
    o.score = t.empty() ? NAN : std::strtod(t.c_str(), &end);
    if (t.empty() || end != t.c_str() + t.size() || !(o.score >= 0 && o.score <= 100)) {
      location l = g.where(i, *cs);
      l.indicator = o.dimension;
      throw data_error("survey.objective",
                       "objective score '" + t + "' of '" + o.dimension + "' is not a number from 0 to 100",
                       l);
    }
    out.push_back(o);
  }
  return out;
}

std::vector<objective_score> load_objective_scores(const std::string& path, const grid_options& options) {
  return read_objective_scores(read_text_grid(path, options));
}

}  // namespace tijian
