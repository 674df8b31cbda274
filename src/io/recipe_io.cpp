// SPDX-License-Identifier: MIT
// Recipe files: the TOML written by tijian::describe(const recipe&), read back.
#include "tijian/io/recipe_io.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "csv_split.hpp"
#include "tijian/detail/text.hpp"
#include "tijian/io/documents.hpp"
#include "toml_read.hpp"

namespace tijian {

namespace {

using io_detail::domain;

constexpr const char* schema_name = "tijian/recipe/1";

class recipe_reader {
 public:
  explicit recipe_reader(const std::string& source) : r_(source, domain::recipe, "recipe") {}

  recipe read(const toml::table& root) {
    r_.check_keys(root,
                  {"schema", "unknown_columns", "prepare", "normalise", "weights", "aggregate", "missing",
                   "not_applicable", "ranks", "grades", "fuzzy"},
                  "the top level of the recipe");
    recipe out;
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
    choice(root, "unknown_columns", "the top level", out.unknown);
    if (const auto* t = section(root, "prepare")) read_preparation(*t, out.prepare);
    if (const auto* t = section(root, "normalise")) {
      read_normalisation(*t, "[normalise]", out.normalise, true);
      if (const toml::node* by = t->get("by_indicator")) {
        const toml::table& codes = r_.table(*by, "normalise.by_indicator");
        for (auto&& [code, v] : codes) {
          const std::string name = "[normalise.by_indicator.\"" + std::string(code.str()) + "\"]";
          normalisation n = out.normalise;
          read_normalisation(r_.table(v, name), name, n, false);
          out.normalise_by_indicator[std::string(code.str())] = n;
        }
      }
    }
    if (const auto* t = section(root, "weights")) read_weights(*t, out.weights);
    if (const auto* t = section(root, "aggregate")) {
      r_.check_keys(*t,
                    {"method", "p", "zeros", "zero_floor", "preference", "q", "s", "v", "lambda", "moora",
                     "rho", "alpha", "rsr_ranks", "rsr_grades", "fuzzy_operator", "fuzzy_score", "by_level",
                     "by_node"},
                    "[aggregate]");
      read_aggregation_keys(*t, "[aggregate]", out.aggregate);
      if (const toml::node* by = t->get("by_level")) {
        for (auto&& [key, v] : r_.table(*by, "aggregate.by_level")) {
          const std::string k(key.str());
          const auto level = parse_level(k);
          if (!level)
            r_.fail("bad_value",
                    "[aggregate.by_level] key \"" + k +
                        "\" is not a level; use a COINr level number as a string (\"2\" for the "
                        "aggregates just above the indicators)",
                    r_.at(key.source()));
          out.aggregate_by_level[*level] = read_entry(v, "[aggregate.by_level] \"" + k + "\"", out.aggregate);
        }
      }
      if (const toml::node* by = t->get("by_node")) {
        for (auto&& [key, v] : r_.table(*by, "aggregate.by_node")) {
          const std::string k(key.str());
          out.aggregate_by_node[k] = read_entry(v, "[aggregate.by_node] \"" + k + "\"", out.aggregate);
        }
      }
    }
    if (const auto* t = section(root, "missing")) {
      r_.check_keys(*t, {"policy", "min_share", "fill", "fill_group", "by_node"}, "[missing]");
      choice(*t, "policy", "[missing]", out.missing.policy);
      number(*t, "min_share", out.missing.min_share);
      read_fill(*t, "[missing]", out.missing);
      if (const toml::node* by = t->get("by_node")) {
        for (auto&& [key, v] : r_.table(*by, "missing.by_node")) {
          const std::string k(key.str()), where = "[missing.by_node] \"" + k + "\"";
          missing_data m = out.missing;
          if (v.is_string()) {
            choice(*by->as_table(), k.c_str(), where, m.policy);
          } else {
            if (!v.is_table())
              r_.wrong_type(v, where, "a policy name or an inline table { policy = ..., min_share = ... }");
            const toml::table& e = *v.as_table();
            r_.check_keys(e, {"policy", "min_share", "fill", "fill_group"}, where);
            choice(e, "policy", where, m.policy);
            bounded(e, "min_share", where, 0, 1, true, "the share of children that must be present",
                    m.min_share);
            read_fill(e, where, m);
          }
          out.missing_by_node[k] = m;
        }
      }
    }
    if (const auto* t = section(root, "not_applicable")) {
      for (auto&& [key, v] : *t) {
        const std::string k(key.str()), where = "[not_applicable] \"" + k + "\"";
        const toml::table& e = r_.table(v, "not_applicable." + k);
        r_.check_keys(e, {"group", "values"}, where);
        not_applicable_rule rule;
        text(e, "group", rule.group);
        string_list(e, "values", rule.values);
        if (rule.group.empty() || rule.values.empty())
          r_.fail("bad_value",
                  where +
                      " needs a group column and at least one label, e.g. { group = \"SEA_group\", "
                      "values = [\"True\"] }",
                  r_.at(v));
        out.not_applicable[k] = rule;
      }
    }
    if (const auto* t = section(root, "ranks")) {
      r_.check_keys(*t, {"ties", "scope", "tolerance"}, "[ranks]");
      choice(*t, "ties", "[ranks]", out.ties);
      number(*t, "tolerance", out.tie_tolerance);
      choice(*t, "scope", "[ranks]", out.ranks);
    }
    if (const auto* t = section(root, "grades")) read_grades(*t, out.grades);
    if (const auto* t = section(root, "fuzzy")) read_fuzzy(*t, out.fuzzy);
    return out;
  }

 private:
  const toml::table* section(const toml::table& root, const char* key) {
    const toml::node* v = root.get(key);
    return v ? &r_.table(*v, key) : nullptr;
  }

  /// An enum's code (or an older spelling, names.hpp) at `key`; the error lists the codes.
  template <class E>
  void choice(const toml::table& t, const char* key, const std::string& where, E& out) {
    const toml::node* v = t.get(key);
    if (!v) return;
    const std::string name = r_.string(*v, key);
    const std::optional<E> parsed = find_enum<E>(name);
    if (!parsed) {
      const std::string near = near_miss<E>(name);  // another library's name without an equivalent
      r_.fail("bad_value",
              "unknown value '" + name + "' for '" + key + "' in " + where + "; " +
                  (near.empty() ? "" : near + "; ") + "accepted: " + codes_of<E>(),
              r_.at(*v));
    }
    out = *parsed;
  }

  void number(const toml::table& t, const char* key, double& out) {
    if (const toml::node* v = t.get(key)) out = r_.number(*v, key);
  }

  /// A number in [lo, hi] (or (lo, hi] with `open_low`); the error names the range and the line.
  void bounded(const toml::table& t, const char* key, const std::string& where, double lo, double hi,
               bool open_low, const char* meaning, double& out) {
    const toml::node* v = t.get(key);
    if (!v) return;
    const double x = r_.number(*v, key);
    if (!((open_low ? x > lo : x >= lo) && x <= hi))
      r_.fail("bad_value",
              std::string("'") + key + "' in " + where + " (" + meaning + ") must be in " +
                  (open_low ? "(" : "[") + detail::format_double(lo) + ", " + detail::format_double(hi) +
                  "]; got " + detail::format_double(x),
              r_.at(*v));
    out = x;
  }

  void text(const toml::table& t, const char* key, std::string& out) {
    if (const toml::node* v = t.get(key)) out = r_.string(*v, key);
  }

  void boolean(const toml::table& t, const char* key, bool& out) {
    if (const toml::node* v = t.get(key)) out = r_.boolean(*v, key);
  }

  void string_list(const toml::table& t, const char* key, std::vector<std::string>& out) {
    const toml::node* v = t.get(key);
    if (!v) return;
    out.clear();
    for (const toml::node& x : r_.array(*v, key))
      out.push_back(r_.string(x, std::string(key) + " (each element)"));
  }

  /// `fill` and `fill_group` of a missing-data setting; a group fill needs its group column.
  void read_fill(const toml::table& t, const std::string& where, missing_data& m) {
    choice(t, "fill", where, m.fill);
    text(t, "fill_group", m.fill_group);
    if ((m.fill == score_fill::group_mean || m.fill == score_fill::group_median) && m.fill_group.empty())
      r_.fail("bad_value",
              where + ": fill = \"" + to_string(m.fill) +
                  "\" needs fill_group, the group column whose units' scores fill a missing score",
              r_.at(t));
  }

  void read_imputation(const toml::table& m, const std::string& where, imputation& out, bool top) {
    if (top)
      r_.check_keys(m,
                    {"method", "group", "group_fallback", "level", "row_normalise", "em_tolerance",
                     "em_max_iterations", "only_group", "only_values", "max_missing_siblings",
                     "by_indicator"},
                    where);
    else
      r_.check_keys(m,
                    {"method", "group", "group_fallback", "level", "row_normalise", "em_tolerance",
                     "em_max_iterations", "only_group", "only_values", "max_missing_siblings"},
                    where);
    choice(m, "method", where, out.method);
    text(m, "group", out.group);
    boolean(m, "group_fallback", out.group_fallback);
    if (const toml::node* x = m.get("level")) out.level = static_cast<int>(r_.integer(*x, "level", 2, 1000));
    boolean(m, "row_normalise", out.row_normalise);
    number(m, "em_tolerance", out.em_tolerance);
    if (const toml::node* x = m.get("em_max_iterations"))
      out.em_max_iterations = static_cast<int>(r_.integer(*x, "em_max_iterations", 1, 100000000));
    text(m, "only_group", out.only_group);
    string_list(m, "only_values", out.only_values);
    if (const toml::node* x = m.get("max_missing_siblings"))
      out.max_missing_siblings = static_cast<int>(r_.integer(*x, "max_missing_siblings", -1, 1000000));
    if (!out.only_group.empty() && out.only_values.empty())
      r_.fail("bad_value", where + ": only_group needs only_values (the labels of the units to impute)",
              r_.at(m));
  }

  void read_preparation(const toml::table& t, preparation& p) {
    r_.check_keys(t, {"denominate", "order", "screen", "impute", "treat"}, "[prepare]");
    boolean(t, "denominate", p.denominate);
    if (const toml::node* v = t.get("order")) {
      std::vector<std::string> names;
      string_list(t, "order", names);
      std::vector<prepare_step> order;
      for (const auto& n : names) {
        const auto step = find_enum<prepare_step>(n);
        if (!step || std::find(order.begin(), order.end(), *step) != order.end())
          r_.fail("bad_value",
                  "[prepare] order lists '" + n + "' " + (step ? "twice" : "(not a step)") +
                      "; list each of " + codes_of<prepare_step>() + " once",
                  r_.at(*v));
        order.push_back(*step);
      }
      if (order.size() != 4)
        r_.fail("bad_value", "[prepare] order must list each of " + codes_of<prepare_step>() + " once",
                r_.at(*v));
      p.order = order;
    }
    if (const toml::node* v = t.get("screen")) {
      const std::string where = "[prepare.screen]";
      const toml::table& s = r_.table(*v, "prepare.screen");
      r_.check_keys(s, {"policy", "min_availability", "min_nonzero", "force_include", "force_exclude"},
                    where);
      choice(s, "policy", where, p.screen.policy);
      number(s, "min_availability", p.screen.min_availability);
      number(s, "min_nonzero", p.screen.min_nonzero);
      string_list(s, "force_include", p.screen.force_include);
      string_list(s, "force_exclude", p.screen.force_exclude);
    }
    if (const toml::node* v = t.get("impute")) {
      const std::string where = "[prepare.impute]";
      const toml::table& m = r_.table(*v, "prepare.impute");
      read_imputation(m, where, p.impute, true);
      if (const toml::node* by = m.get("by_indicator")) {
        for (auto&& [code, x] : r_.table(*by, "prepare.impute.by_indicator")) {
          const std::string name = "[prepare.impute.by_indicator.\"" + std::string(code.str()) + "\"]";
          imputation one = p.impute;
          read_imputation(r_.table(x, name), name, one, false);
          p.impute_by_indicator[std::string(code.str())] = one;
        }
      }
    }
    if (const toml::node* v = t.get("treat")) {
      const toml::table& tr = r_.table(*v, "prepare.treat");
      read_treatment(tr, "[prepare.treat]", p.treat, true);
      if (const toml::node* by = tr.get("by_indicator")) {
        for (auto&& [code, x] : r_.table(*by, "prepare.treat.by_indicator")) {
          const std::string name = "[prepare.treat.by_indicator.\"" + std::string(code.str()) + "\"]";
          treatment one = p.treat;
          read_treatment(r_.table(x, name), name, one, false);
          p.treat_by_indicator[std::string(code.str())] = one;
        }
      }
    }
  }

  void read_treatment(const toml::table& t, const std::string& where, treatment& tr, bool top) {
    if (top)
      r_.check_keys(t,
                    {"method", "winmax", "skew_threshold", "kurt_threshold", "fallback", "fallback_on",
                     "lower_percentile", "upper_percentile", "box_cox_lambda", "box_cox_shift", "force",
                     "by_indicator"},
                    where);
    else
      r_.check_keys(t,
                    {"method", "winmax", "skew_threshold", "kurt_threshold", "fallback", "fallback_on",
                     "lower_percentile", "upper_percentile", "box_cox_lambda", "box_cox_shift", "force"},
                    where);
    choice(t, "method", where, tr.method);
    if (const toml::node* v = t.get("winmax")) {
      if (v->is_string()) {
        const std::string w = detail::lower(detail::trim(r_.string(*v, "winmax")));
        if (w != "unlimited")
          r_.fail("bad_value",
                  "winmax must be a number of points or \"unlimited\" (got '" + w + "') in " + where,
                  r_.at(*v));
        tr.winmax = treatment::unlimited;
      } else {
        tr.winmax = static_cast<int>(r_.integer(*v, "winmax", 0, 1000000000));
      }
    }
    number(t, "skew_threshold", tr.skew_threshold);
    number(t, "kurt_threshold", tr.kurt_threshold);
    choice(t, "fallback", where, tr.fallback);
    choice(t, "fallback_on", where, tr.fallback_on);
    number(t, "lower_percentile", tr.lower_percentile);
    number(t, "upper_percentile", tr.upper_percentile);
    number(t, "box_cox_lambda", tr.box_cox_lambda);
    boolean(t, "box_cox_shift", tr.box_cox_shift);
    boolean(t, "force", tr.force);
  }

  void read_normalisation(const toml::table& t, const std::string& where, normalisation& n, bool top) {
    if (top)
      r_.check_keys(t,
                    {"method", "lower", "upper", "mean", "sd", "efficacy_floor", "efficacy_span", "scale",
                     "cap", "ties", "reference_unit", "constant", "fit", "fit_period", "target_year",
                     "by_indicator"},
                    where);
    else
      r_.check_keys(t,
                    {"method", "lower", "upper", "mean", "sd", "efficacy_floor", "efficacy_span", "scale",
                     "cap", "ties", "reference_unit", "constant", "fit", "fit_period", "target_year"},
                    where);
    choice(t, "method", where, n.method);
    number(t, "lower", n.lower);
    number(t, "upper", n.upper);
    number(t, "mean", n.mean);
    number(t, "sd", n.sd);
    number(t, "efficacy_floor", n.efficacy_floor);
    number(t, "efficacy_span", n.efficacy_span);
    number(t, "scale", n.scale);
    number(t, "cap", n.cap);
    choice(t, "ties", where, n.ties);
    text(t, "reference_unit", n.reference_unit);
    choice(t, "constant", where, n.constant);
    choice(t, "fit", where, n.fit);
    text(t, "fit_period", n.fit_period);
    if (const toml::node* v = t.get("target_year"))
      n.target_year = static_cast<int>(r_.integer(*v, "target_year", 0, 100000));
  }

  void read_weights(const toml::table& t, weighting& w) {
    const std::string where = "[weights]";
    r_.check_keys(t,
                  {"method",
                   "scope",
                   "input",
                   "zeros",
                   "entropy_shift",
                   "entropy_compress",
                   "entropy_log_epsilon",
                   "correlation",
                   "critic_directions",
                   "critic_conflict",
                   "pca",
                   "ahp_method",
                   "ri_table",
                   "inconsistent",
                   "combine",
                   "alpha",
                   "game_theory_norm",
                   "fit_period",
                   "overrides",
                   "ahp"},
                  where);
    choice(t, "method", where, w.method);
    choice(t, "scope", where, w.scope);
    choice(t, "input", where, w.input);
    choice(t, "zeros", where, w.zeros);
    number(t, "entropy_shift", w.entropy_shift);
    number(t, "entropy_compress", w.entropy_compress);
    number(t, "entropy_log_epsilon", w.entropy_log_epsilon);
    choice(t, "correlation", where, w.correlation);
    choice(t, "critic_directions", where, w.critic_dirs);
    choice(t, "critic_conflict", where, w.conflict);
    choice(t, "pca", where, w.pca);
    choice(t, "ahp_method", where, w.ahp_weights);
    choice(t, "ri_table", where, w.ri);
    choice(t, "inconsistent", where, w.inconsistent);
    choice(t, "combine", where, w.combine);
    number(t, "alpha", w.alpha);
    choice(t, "game_theory_norm", where, w.game_norm);
    text(t, "fit_period", w.fit_period);
    if (const toml::node* v = t.get("overrides")) {
      for (auto&& [code, value] : r_.table(*v, "weights.overrides"))
        w.overrides[std::string(code.str())] =
            r_.number(value, "weights.overrides.\"" + std::string(code.str()) + "\"");
    }
    if (const toml::node* v = t.get("ahp")) {
      for (auto&& [code, value] : r_.table(*v, "weights.ahp"))
        w.ahp[std::string(code.str())] = read_matrix(value, std::string(code.str()));
    }
  }

  Eigen::MatrixXd read_matrix(const toml::node& v, const std::string& code) {
    const std::string help = "the AHP matrix of '" + code +
                             "' must be a square array of arrays of numbers, one row per child, e.g. "
                             "[[1.0, 3.0], [0.3333333333333333, 1.0]]";
    const toml::array* rows = v.as_array();
    if (!rows || rows->empty()) r_.fail("ahp_matrix", help, r_.at(v));
    const std::size_t n = rows->size();
    Eigen::MatrixXd m(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
    for (std::size_t i = 0; i < n; ++i) {
      const toml::array* row = (*rows)[i].as_array();
      if (!row || row->size() != n)
        r_.fail("ahp_matrix",
                help + " (row " + std::to_string(i + 1) + " is not an array of " + std::to_string(n) +
                    " numbers)",
                r_.at(row ? static_cast<const toml::node&>(*row) : v));
      for (std::size_t j = 0; j < n; ++j) {
        const toml::node& cell = (*row)[j];
        if (!cell.is_number())
          r_.fail("ahp_matrix",
                  help + " (row " + std::to_string(i + 1) + ", column " + std::to_string(j + 1) + " is " +
                      io_detail::toml_type_name(cell) + ")",
                  r_.at(cell));
        m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = r_.number(cell, "ahp");
      }
    }
    return m;
  }

  void read_aggregation_keys(const toml::table& t, const std::string& where, aggregation& a) {
    choice(t, "method", where, a.method);
    number(t, "p", a.p);
    choice(t, "zeros", where, a.zeros);
    number(t, "zero_floor", a.zero_floor);
    choice(t, "preference", where, a.preference);
    number(t, "q", a.q);
    number(t, "s", a.s);
    number(t, "v", a.v);
    bounded(t, "lambda", where, 0, 1, false, "WASPAS's weight of the weighted sum", a.lambda);
    choice(t, "moora", where, a.moora);
    bounded(t, "rho", where, 0, 1, true, "grey distinguishing coefficient", a.rho);
    bounded(t, "alpha", where, 0, 1, false, "grey-TOPSIS's weight of the distances", a.alpha);
    choice(t, "rsr_ranks", where, a.rsr);
    if (const toml::node* v = t.get("rsr_grades")) {
      const std::int64_t g = r_.integer(*v, "rsr_grades", 3, 5);
      a.rsr_grades = static_cast<int>(g);
    }
    choice(t, "fuzzy_operator", where, a.fuzzy_op);
    choice(t, "fuzzy_score", where, a.fuzzy_result);
  }

  /// [fuzzy]: grades = [labels, best first], values = [one per grade] (optional), and
  /// [fuzzy.standards] with one strictly monotone list of breakpoints per indicator, one per grade.
  void read_fuzzy(const toml::table& t, fuzzy_standards& f) {
    r_.check_keys(t, {"grades", "values", "standards"}, "[fuzzy]");
    const toml::node* g = t.get("grades");
    if (!g)
      r_.fail(
          "fuzzy_standards",
          "[fuzzy] needs grades = [...], the grade labels best first, e.g. grades = [\"优\", \"良\", \"中\", "
          "\"差\"]",
          r_.at(t),
          "[fuzzy] 需要 grades = [...]，即由好到差的等级名称，例如 grades = [\"优\", \"良\", \"中\", \"差\"]");
    f.grades = r_.strings(*g, "grades");
    const std::size_t n = f.grades.size();
    if (n < 2)
      r_.fail("fuzzy_standards", "[fuzzy] grades needs at least 2 grades (got " + std::to_string(n) + ")",
              r_.at(*g), "[fuzzy] grades 至少需要 2 个等级 (现为 " + std::to_string(n) + " 个)");
    if (const toml::node* v = t.get("values")) {
      f.values = r_.numbers(*v, "values");
      bool finite = true;
      for (double x : f.values) finite = finite && std::isfinite(x);
      if (f.values.size() != n || !finite)
        r_.fail("fuzzy_standards",
                "[fuzzy] values needs one finite number per grade (" + std::to_string(n) + " grades, got " +
                    std::to_string(f.values.size()) + " values)",
                r_.at(*v),
                "[fuzzy] values 需要每个等级一个有限数值 (" + std::to_string(n) + " 个等级, 现有 " +
                    std::to_string(f.values.size()) + " 个数值)");
    }
    const toml::node* s = t.get("standards");
    if (!s)
      r_.fail(
          "fuzzy_standards",
          "[fuzzy] needs a [fuzzy.standards] table: indicator = [one breakpoint per grade, in the grades' order]",
          r_.at(t), "[fuzzy] 需要 [fuzzy.standards] 表: 指标 = [按等级顺序, 每个等级一个分级标准值]");
    for (auto&& [key, v] : r_.table(*s, "fuzzy.standards")) {
      const std::string code(key.str());
      const std::vector<double> b = r_.numbers(v, "fuzzy.standards." + code);
      bool ok = b.size() == n;
      for (double x : b) ok = ok && std::isfinite(x);
      const bool up = ok && b[1] > b[0];
      for (std::size_t j = 1; ok && j < b.size(); ++j) ok = up ? b[j] > b[j - 1] : b[j] < b[j - 1];
      if (!ok)
        r_.fail("fuzzy_standards",
                "[fuzzy.standards] indicator '" + code + "' needs " + std::to_string(n) +
                    " finite breakpoints (one per grade), strictly increasing or strictly decreasing; got " +
                    std::to_string(b.size()) + " values",
                r_.at(v, code),
                "[fuzzy.standards] 指标 '" + code + "' 需要 " + std::to_string(n) +
                    " 个有限的分级标准值 (每个等级一个), 严格递增或严格递减; 现有 " +
                    std::to_string(b.size()) + " 个");
      f.breakpoints[code] = b;
    }
  }

  aggregation read_entry(const toml::node& v, const std::string& where, const aggregation& base) {
    aggregation a = base;
    if (v.is_string()) {
      const std::string name = v.as_string()->get();
      const auto parsed = find_enum<aggregation_method>(name);
      if (!parsed) {
        const std::string near = near_miss<aggregation_method>(name);
        r_.fail("bad_value",
                "unknown aggregation method '" + name + "' for " + where + "; " +
                    (near.empty() ? "" : near + "; ") + "accepted: " + codes_of<aggregation_method>(),
                r_.at(v));
      }
      a.method = *parsed;
      return a;
    }
    if (!v.is_table()) r_.wrong_type(v, where, "a method name or an inline table { method = ..., p = ... }");
    const toml::table& t = *v.as_table();
    r_.check_keys(t,
                  {"method", "p", "zeros", "zero_floor", "preference", "q", "s", "v", "lambda", "moora",
                   "rho", "alpha", "rsr_ranks", "rsr_grades", "fuzzy_operator", "fuzzy_score"},
                  where);
    read_aggregation_keys(t, where, a);
    return a;
  }

  static std::optional<int> parse_level(const std::string& k) {
    if (k.empty() || k.size() > 6) return std::nullopt;
    int v = 0;
    for (char c : k) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    if (v < 1) return std::nullopt;
    return v;
  }

  void read_grades(const toml::table& t, grade_bands& g) {
    r_.check_keys(t, {"thresholds", "labels"}, "[grades]");
    if (const toml::node* v = t.get("thresholds")) {
      for (const toml::node& x : r_.array(*v, "thresholds")) {
        if (!x.is_number()) r_.wrong_type(x, "grades.thresholds (each element)", "a number");
        g.thresholds.push_back(r_.number(x, "thresholds"));
      }
    }
    if (const toml::node* v = t.get("labels")) {
      for (const toml::node& x : r_.array(*v, "labels"))
        g.labels.push_back(r_.string(x, "grades.labels (each element)"));
    }
    try {
      g.validate();
    } catch (const recipe_error& e) {
      std::string msg = e.what();
      const std::size_t cut = msg.find("] ");
      if (cut != std::string::npos) msg = msg.substr(cut + 2);
      r_.fail("grades", msg + "; e.g. thresholds = [60.0, 80.0], labels = [\"不足\", \"中等\", \"优良\"]",
              r_.at(t));
    }
  }

  io_detail::toml_reader r_;
};

}  // namespace

recipe parse_recipe(const toml::table& doc, const std::string& source_name) {
  return recipe_reader(source_name).read(doc);
}

recipe parse_recipe_toml(std::string_view text, const std::string& source_name) {
  return parse_recipe(io_detail::toml_reader(source_name, domain::recipe, "recipe").parse(text), source_name);
}

recipe load_recipe(const std::string& path) {
  const std::string bytes = io_detail::read_file(path, domain::recipe);
  return parse_recipe_toml(bytes, path);
}

}  // namespace tijian
