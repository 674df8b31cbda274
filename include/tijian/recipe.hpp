// SPDX-License-Identifier: MIT
// A recipe is every methodological choice of a scoring run, as a value. Framework + panel +
// recipe determine the result: there is no global state and no hidden randomness.
#pragma once

#include <cstdio>
#include <map>
#include <sstream>
#include <optional>
#include <string>

#include "names.hpp"
#include "aggregation.hpp"
#include "applicability.hpp"
#include "mcda_fuzzy.hpp"
#include "denominate.hpp"
#include "impute.hpp"
#include "normalise.hpp"
#include "rank.hpp"
#include "screen.hpp"
#include "treat.hpp"
#include "weights.hpp"
#include "detail/hash.hpp"

namespace tijian {

/// What to do with data columns the framework does not know.
enum class unknown_columns {
  error,   ///< default: stop, naming the column
  ignore,  ///< leave them out and record each one in the diagnostics
};

/// How ranks are formed in a panel.
enum class rank_scope {
  per_period,  ///< default: units ranked within each period
  pooled,      ///< all rows ranked together
};

/// The steps of a preparation.
enum class prepare_step { denominate, screen, impute, treat };

template <>
struct enum_names<prepare_step> {
  static constexpr const char* what = "preparation step";
  static constexpr enum_name<prepare_step> entries[] = {
      {prepare_step::denominate, "denominate", "分母化", "denominate"},
      {prepare_step::screen, "screen", "筛选单元", "screen units"},
      {prepare_step::impute, "impute", "插补", "impute"},
      {prepare_step::treat, "treat", "异常值处理", "treat outliers"},
  };
};

/// Data preparation before normalisation, by default in COINr's order: denominate -> screen
/// units -> impute -> treat outliers (prepare.hpp); `order` lists the four steps in another
/// order (COINr lets one screen after imputing). Everything is off by default.
struct preparation {
  bool denominate = false;  ///< divide indicators by their framework denominators
  screening screen;
  imputation impute;                                      ///< for every indicator ...
  std::map<std::string, imputation> impute_by_indicator;  ///< ... unless overridden here
  treatment treat;                                        ///< for every indicator ...
  std::map<std::string, treatment> treat_by_indicator;    ///< ... unless overridden here
  std::vector<prepare_step> order = default_order();      ///< each of the four steps once

  static std::vector<prepare_step> default_order() {
    return {prepare_step::denominate, prepare_step::screen, prepare_step::impute, prepare_step::treat};
  }

  /// Whether any step changes the data.
  [[nodiscard]] bool any() const {
    if (denominate || screen.policy != screen_policy::none || !screen.force_exclude.empty() ||
        impute.method != imputation_method::none || treat.method != treatment_method::none)
      return true;
    for (const auto& [code, t] : treat_by_indicator)
      if (t.method != treatment_method::none) return true;
    for (const auto& [code, m] : impute_by_indicator)
      if (m.method != imputation_method::none) return true;
    return false;
  }
};

struct recipe {
  preparation prepare;                                          ///< data preparation (default: none)
  normalisation normalise;                                      ///< for every indicator ...
  std::map<std::string, normalisation> normalise_by_indicator;  ///< ... unless overridden here
  weighting weights;
  aggregation aggregate;                                 ///< default for every inner node ...
  std::map<int, aggregation> aggregate_by_level;         ///< ... COINr level (indicators are 1) ...
  std::map<std::string, aggregation> aggregate_by_node;  ///< ... or node code (highest priority)
  missing_data missing;                                  ///< for every inner node ...
  std::map<std::string, missing_data> missing_by_node;   ///< ... unless overridden here
  not_applicable_rules not_applicable;  ///< nodes not applicable to some units (applicability.hpp)
  tie_rule ties = tie_rule::min;
  double tie_tolerance = 0.0;  ///< scores this close (score units) share a rank (rank.hpp)
  rank_scope ranks = rank_scope::per_period;
  grade_bands grades;  ///< applied to every inner node's score; empty = no grades
  unknown_columns unknown = unknown_columns::error;
  fuzzy_standards fuzzy;  ///< [fuzzy]: grades and grade standards of aggregate = "fuzzy"

  /// The normalisation of one indicator.
  [[nodiscard]] const normalisation& normalisation_for(const std::string& code) const {
    auto it = normalise_by_indicator.find(code);
    return it == normalise_by_indicator.end() ? normalise : it->second;
  }

  /// The missing-data policy (and score fill) of one inner node.
  [[nodiscard]] const missing_data& missing_for(const std::string& code) const {
    auto it = missing_by_node.find(code);
    return it == missing_by_node.end() ? missing : it->second;
  }

  /// Which setting decides the aggregation of an inner node (aggregation_for).
  enum class aggregation_origin { recipe_node, recipe_level, framework, recipe_default };

  /// Where the aggregation of one inner node comes from. The one precedence between framework
  /// and recipe (README, "Framework and recipe"): the recipe's [aggregate.by_node] entry, then
  /// its [aggregate.by_level] entry, then the framework node's own `aggregation`, then the
  /// recipe's [aggregate]. A node-level setting beats a global one whichever file holds it;
  /// score() records a warning whenever the setting used differs from the one it beat
  /// ("aggregate.framework_over_recipe", "aggregate.recipe_over_framework").
  [[nodiscard]] aggregation_origin aggregation_source(
      const std::string& code, int level, const std::optional<aggregation>& framework_choice) const {
    if (aggregate_by_node.count(code)) return aggregation_origin::recipe_node;
    if (aggregate_by_level.count(level)) return aggregation_origin::recipe_level;
    if (framework_choice) return aggregation_origin::framework;
    return aggregation_origin::recipe_default;
  }

  /// The aggregation of one inner node, by the precedence of aggregation_source.
  [[nodiscard]] aggregation aggregation_for(const std::string& code, int level,
                                            const std::optional<aggregation>& framework_choice) const {
    switch (aggregation_source(code, level, framework_choice)) {
      case aggregation_origin::recipe_node: return aggregate_by_node.at(code);
      case aggregation_origin::recipe_level: return aggregate_by_level.at(level);
      case aggregation_origin::framework: return *framework_choice;
      case aggregation_origin::recipe_default: break;
    }
    return aggregate;
  }
};

template <>
struct enum_names<unknown_columns> {
  static constexpr const char* what = "unknown-column policy";
  static constexpr enum_name<unknown_columns> entries[] = {
      {unknown_columns::error, "error", "报错", "error"},
      {unknown_columns::ignore, "ignore", "忽略", "ignore"},
  };
};
template <>
struct enum_names<rank_scope> {
  static constexpr const char* what = "rank scope";
  static constexpr enum_name<rank_scope> entries[] = {
      {rank_scope::per_period, "per_period", "逐期排名", "per period"},
      {rank_scope::pooled, "pooled", "合并各期排名", "pooled"},
  };
};

namespace detail {

inline std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {  // control characters: \uXXXX keeps the TOML valid
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04X", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

/// TOML has no NaN literal in every reader; "nan" is valid TOML 1.0 for floats.
inline std::string toml_number(double v) {
  std::string t = format_double(v);
  if (t.find_first_of(".eEn") == std::string::npos && t != "inf" && t != "-inf") t += ".0";
  return t;
}

inline void describe_normalisation(std::ostringstream& o, const normalisation& n) {
  o << "method = " << toml_string(to_string(n.method)) << "\n"
    << "lower = " << toml_number(n.lower) << "\nupper = " << toml_number(n.upper) << "\n"
    << "mean = " << toml_number(n.mean) << "\nsd = " << toml_number(n.sd) << "\n"
    << "efficacy_floor = " << toml_number(n.efficacy_floor)
    << "\nefficacy_span = " << toml_number(n.efficacy_span) << "\n"
    << "scale = " << toml_number(n.scale) << "\ncap = " << toml_number(n.cap) << "\n"
    << "ties = " << toml_string(to_string(n.ties)) << "\n"
    << "reference_unit = " << toml_string(n.reference_unit) << "\n"
    << "constant = " << toml_string(to_string(n.constant)) << "\n"
    << "fit = " << toml_string(to_string(n.fit)) << "\n"
    << "fit_period = " << toml_string(n.fit_period) << "\n"
    << "target_year = " << n.target_year << "\n";
}

inline void describe_treatment(std::ostringstream& o, const treatment& t) {
  o << "method = " << toml_string(to_string(t.method)) << "\n"
    << "winmax = " << (t.winmax == treatment::unlimited ? toml_string("unlimited") : std::to_string(t.winmax))
    << "\n"
    << "skew_threshold = " << toml_number(t.skew_threshold) << "\n"
    << "kurt_threshold = " << toml_number(t.kurt_threshold) << "\n"
    << "fallback = " << toml_string(to_string(t.fallback)) << "\n"
    << "fallback_on = " << toml_string(to_string(t.fallback_on)) << "\n"
    << "lower_percentile = " << toml_number(t.lower_percentile) << "\n"
    << "upper_percentile = " << toml_number(t.upper_percentile) << "\n"
    << "box_cox_lambda = " << toml_number(t.box_cox_lambda) << "\n"
    << "box_cox_shift = " << (t.box_cox_shift ? "true" : "false") << "\n"
    << "force = " << (t.force ? "true" : "false") << "\n";
}

inline std::string toml_string_list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t k = 0; k < v.size(); ++k) out += (k ? ", " : "") + toml_string(v[k]);
  return out + "]";
}

inline void describe_imputation(std::ostringstream& o, const imputation& m) {
  o << "method = " << toml_string(to_string(m.method)) << "\n"
    << "group = " << toml_string(m.group) << "\n"
    << "group_fallback = " << (m.group_fallback ? "true" : "false") << "\n"
    << "level = " << m.level << "\n"
    << "row_normalise = " << (m.row_normalise ? "true" : "false") << "\n"
    << "em_tolerance = " << toml_number(m.em_tolerance) << "\n"
    << "em_max_iterations = " << m.em_max_iterations << "\n";
  // the conditions are written only when set, so that other recipes keep their text and hash
  if (!m.only_group.empty())
    o << "only_group = " << toml_string(m.only_group) << "\nonly_values = " << toml_string_list(m.only_values)
      << "\n";
  if (m.max_missing_siblings >= 0) o << "max_missing_siblings = " << m.max_missing_siblings << "\n";
}

/// The keys of a missing-data setting; `fill` only when set (texts and hashes unchanged).
inline std::string missing_keys(const missing_data& m, const char* sep) {
  std::string out = std::string("policy = ") + toml_string(to_string(m.policy)) + sep +
                    "min_share = " + toml_number(m.min_share);
  if (m.fill != score_fill::none)
    out += std::string(sep) + "fill = " + toml_string(to_string(m.fill)) + sep +
           "fill_group = " + toml_string(m.fill_group);
  return out;
}

inline std::string describe_preparation(const preparation& p) {
  std::ostringstream o;
  o << "\n[prepare]\ndenominate = " << (p.denominate ? "true" : "false") << "\n";
  if (p.order != preparation::default_order()) {  // written only when changed: hashes unchanged
    o << "order = [";
    for (std::size_t k = 0; k < p.order.size(); ++k)
      o << (k ? ", " : "") << toml_string(to_string(p.order[k]));
    o << "]\n";
  }
  o << "\n[prepare.screen]\npolicy = " << toml_string(to_string(p.screen.policy)) << "\n"
    << "min_availability = " << toml_number(p.screen.min_availability) << "\n"
    << "min_nonzero = " << toml_number(p.screen.min_nonzero) << "\n"
    << "force_include = " << toml_string_list(p.screen.force_include) << "\n"
    << "force_exclude = " << toml_string_list(p.screen.force_exclude) << "\n";
  o << "\n[prepare.impute]\n";
  describe_imputation(o, p.impute);
  for (const auto& [code, m] : p.impute_by_indicator) {
    o << "\n[prepare.impute.by_indicator." << toml_string(code) << "]\n";
    describe_imputation(o, m);
  }
  o << "\n[prepare.treat]\n";
  describe_treatment(o, p.treat);
  for (const auto& [code, t] : p.treat_by_indicator) {
    o << "\n[prepare.treat.by_indicator." << toml_string(code) << "]\n";
    describe_treatment(o, t);
  }
  return o.str();
}

/// The keys of PROMETHEE, VIKOR, WASPAS, MOORA and the grey methods, written only for them so
/// that other recipes keep their text and hash.
inline std::string outranking_keys(const aggregation& a, const char* sep) {
  if (a.method == aggregation_method::vikor) return std::string(sep) + "v = " + toml_number(a.v);
  if (a.method == aggregation_method::rsr)
    return std::string(sep) + "rsr_ranks = " + toml_string(to_string(a.rsr)) + sep +
           "rsr_grades = " + std::to_string(a.rsr_grades);
  if (a.method == aggregation_method::fuzzy)
    return std::string(sep) + "fuzzy_operator = " + toml_string(to_string(a.fuzzy_op)) + sep +
           "fuzzy_score = " + toml_string(to_string(a.fuzzy_result));
  if (a.method == aggregation_method::waspas) return std::string(sep) + "lambda = " + toml_number(a.lambda);
  if (a.method == aggregation_method::moora)
    return std::string(sep) + "moora = " + toml_string(to_string(a.moora));
  if (a.method == aggregation_method::grey_relational)
    return std::string(sep) + "rho = " + toml_number(a.rho);
  if (a.method == aggregation_method::grey_topsis)
    return std::string(sep) + "rho = " + toml_number(a.rho) + sep + "alpha = " + toml_number(a.alpha);
  if (a.method != aggregation_method::promethee_ii) return {};
  return std::string(sep) + "preference = " + toml_string(to_string(a.preference)) + sep +
         "q = " + toml_number(a.q) + sep + "s = " + toml_number(a.s);
}

inline std::string inline_aggregation(const aggregation& a) {
  return std::string("{ method = ") + toml_string(to_string(a.method)) + ", p = " + toml_number(a.p) +
         ", zeros = " + toml_string(to_string(a.zeros)) + ", zero_floor = " + toml_number(a.zero_floor) +
         outranking_keys(a, ", ") + " }";
}

}  // namespace detail

/// Canonical TOML text of a recipe: every field, defaults included, in a fixed order. It is the
/// recipe's provenance record, and reading it back (load_recipe_toml) gives the same recipe.
[[nodiscard]] inline std::string describe(const recipe& r) {
  using detail::toml_number;
  using detail::toml_string;
  std::ostringstream o;
  o << "# tijian recipe (schema tijian/recipe/1)\n";
  o << "unknown_columns = " << toml_string(to_string(r.unknown)) << "\n";
  // The preparation is written only when it differs from the default (all off), so that the
  // text, and the provenance hash, of recipes without preparation stay what they were.
  const std::string prep = detail::describe_preparation(r.prepare);
  if (prep != detail::describe_preparation(preparation{})) o << prep;
  o << "\n[normalise]\n";
  detail::describe_normalisation(o, r.normalise);
  for (const auto& [code, n] : r.normalise_by_indicator) {
    o << "\n[normalise.by_indicator." << toml_string(code) << "]\n";
    detail::describe_normalisation(o, n);
  }
  const weighting& w = r.weights;
  o << "\n[weights]\n"
    << "method = " << toml_string(to_string(w.method)) << "\n"
    << "scope = " << toml_string(to_string(w.scope)) << "\n"
    << "input = " << toml_string(to_string(w.input)) << "\n"
    << "zeros = " << toml_string(to_string(w.zeros)) << "\n"
    << "entropy_shift = " << toml_number(w.entropy_shift) << "\n"
    << "entropy_compress = " << toml_number(w.entropy_compress) << "\n"
    << "entropy_log_epsilon = " << toml_number(w.entropy_log_epsilon) << "\n"
    << "correlation = " << toml_string(to_string(w.correlation)) << "\n"
    << "critic_directions = " << toml_string(to_string(w.critic_dirs)) << "\n"
    << "critic_conflict = " << toml_string(to_string(w.conflict)) << "\n"
    << "pca = " << toml_string(to_string(w.pca)) << "\n"
    << "ahp_method = " << toml_string(to_string(w.ahp_weights)) << "\n"
    << "ri_table = " << toml_string(to_string(w.ri)) << "\n"
    << "inconsistent = " << toml_string(to_string(w.inconsistent)) << "\n"
    << "combine = " << toml_string(to_string(w.combine)) << "\n"
    << "alpha = " << toml_number(w.alpha) << "\n"
    << "game_theory_norm = " << toml_string(to_string(w.game_norm)) << "\n"
    << "fit_period = " << toml_string(w.fit_period) << "\n";
  if (!w.overrides.empty()) {
    o << "\n[weights.overrides]\n";
    for (const auto& [code, v] : w.overrides) o << toml_string(code) << " = " << toml_number(v) << "\n";
  }
  if (!w.ahp.empty()) {
    o << "\n[weights.ahp]\n";
    for (const auto& [code, m] : w.ahp) {
      o << toml_string(code) << " = [";
      for (Eigen::Index i = 0; i < m.rows(); ++i) {
        o << (i ? ", [" : "[");
        for (Eigen::Index j = 0; j < m.cols(); ++j) o << (j ? ", " : "") << toml_number(m(i, j));
        o << "]";
      }
      o << "]\n";
    }
  }
  o << "\n[aggregate]\n"
    << "method = " << toml_string(to_string(r.aggregate.method)) << "\n"
    << "p = " << toml_number(r.aggregate.p) << "\n"
    << "zeros = " << toml_string(to_string(r.aggregate.zeros)) << "\n"
    << "zero_floor = " << toml_number(r.aggregate.zero_floor) << detail::outranking_keys(r.aggregate, "\n")
    << "\n";
  if (!r.aggregate_by_level.empty()) {
    o << "\n[aggregate.by_level]\n";
    for (const auto& [lvl, a] : r.aggregate_by_level)
      o << toml_string(std::to_string(lvl)) << " = " << detail::inline_aggregation(a) << "\n";
  }
  if (!r.aggregate_by_node.empty()) {
    o << "\n[aggregate.by_node]\n";
    for (const auto& [code, a] : r.aggregate_by_node)
      o << toml_string(code) << " = " << detail::inline_aggregation(a) << "\n";
  }
  o << "\n[missing]\n" << detail::missing_keys(r.missing, "\n") << "\n";
  if (!r.missing_by_node.empty()) {
    o << "\n[missing.by_node]\n";
    for (const auto& [code, m] : r.missing_by_node)
      o << toml_string(code) << " = { " << detail::missing_keys(m, ", ") << " }\n";
  }
  if (!r.not_applicable.empty()) {
    o << "\n[not_applicable]\n";
    for (const auto& [code, a] : r.not_applicable)
      o << toml_string(code) << " = { group = " << toml_string(a.group)
        << ", values = " << detail::toml_string_list(a.values) << " }\n";
  }
  o << "\n[ranks]\nties = " << toml_string(to_string(r.ties))
    << "\nscope = " << toml_string(to_string(r.ranks)) << "\n";
  if (r.tie_tolerance != 0)
    o << "tolerance = " << toml_number(r.tie_tolerance) << "\n";  // hash unchanged at 0
  if (!r.grades.empty()) {
    o << "\n[grades]\nthresholds = [";
    for (std::size_t k = 0; k < r.grades.thresholds.size(); ++k)
      o << (k ? ", " : "") << toml_number(r.grades.thresholds[k]);
    o << "]\nlabels = [";
    for (std::size_t k = 0; k < r.grades.labels.size(); ++k)
      o << (k ? ", " : "") << toml_string(r.grades.labels[k]);
    o << "]\n";
  }
  if (!r.fuzzy.empty()) {  // written only when present (other recipes keep their text and hash)
    o << "\n[fuzzy]\ngrades = " << detail::toml_string_list(r.fuzzy.grades) << "\n";
    if (!r.fuzzy.values.empty()) {
      o << "values = [";
      for (std::size_t k = 0; k < r.fuzzy.values.size(); ++k)
        o << (k ? ", " : "") << toml_number(r.fuzzy.values[k]);
      o << "]\n";
    }
    o << "\n[fuzzy.standards]\n";
    for (const auto& [code, s] : r.fuzzy.breakpoints) {
      o << toml_string(code) << " = [";
      for (std::size_t k = 0; k < s.size(); ++k) o << (k ? ", " : "") << toml_number(s[k]);
      o << "]\n";
    }
  }
  return o.str();
}

}  // namespace tijian
