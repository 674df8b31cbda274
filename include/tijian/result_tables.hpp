// SPDX-License-Identifier: MIT
// The scoring result as tables (table.hpp), described once: the CSV file, the JSON document,
// the Python DataFrames and the pickled Result all read this description.
//
//   table scores_table(const result&);    // one row per unit and period: unit, name, period,
//                                         // <node>_score, <node>_rank[, <node>_grade] for every
//                                         // aggregate, <indicator>_norm for every indicator
//   table nodes_table(const result&);     // one row per framework node (pre-order): names,
//                                         // parent, level, kind, weight, effective weight,
//                                         // aggregation
//   table contributions_table(const result&);  // <indicator>_contribution to the composite index
//   table prepared_table(const result&);  // <indicator>_prepared: what normalisation read
//   table not_applicable_table(const std::vector<not_applicable_cell>&);  // every node not
//                                         // applicable to a unit and period, and the rule
//                                         // (node, group column, label) that made it so
//   table fuzzy_memberships_table(const result&);  // per node scored with fuzzy comprehensive
//                                         // evaluation, row and grade: the membership, the grade
//                                         // and its value (empty without such a node)
//   document describe(const result&);     // provenance, then every table above, the records
//                                         // of the data preparation and the diagnostics
//   result result_of(const document&, framework);   // the inverse of describe
//
// Units: scores, normalised values and contributions are score points on the scale the
// normalisation chose; weights are ratios (each sibling group sums to 1, effective weights of
// the indicators sum to 1); prepared values are in each indicator's own unit; memberships are
// ratios (each row's memberships sum to 1), grade values score points.
//
// A result whose parts have inconsistent shapes (built or edited by hand) is refused with
// error "result.shape" before anything is read.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>
#include <string>
#include <vector>

#include "common_columns.hpp"
#include "prepare_tables.hpp"
#include "error.hpp"
#include "result.hpp"
#include "table.hpp"

namespace tijian {

namespace detail {

inline std::optional<std::string> nonempty_text(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

[[noreturn]] inline void shape_error(const std::string& what) {
  throw error("result.shape", "the result is inconsistent (" + what +
                                  "); it was not produced by a scoring run or was modified afterwards");
}

inline void check_shape(const result& r) {
  const auto n = static_cast<Eigen::Index>(r.units.size());
  auto sz = [](std::size_t v) { return std::to_string(v); };
  if (!r.unit_names.empty() && r.unit_names.size() != r.units.size())
    shape_error(sz(r.unit_names.size()) + " unit names for " + sz(r.units.size()) + " units");
  if (!r.periods.empty() && r.periods.size() != r.units.size())
    shape_error(sz(r.periods.size()) + " periods for " + sz(r.units.size()) + " units");
  if (r.normalised.cols() != static_cast<Eigen::Index>(r.indicators.size()))
    shape_error("normalised has " + sz(static_cast<std::size_t>(r.normalised.cols())) + " columns for " +
                sz(r.indicators.size()) + " indicators");
  if (r.normalised.cols() > 0 && r.normalised.rows() != n)
    shape_error("normalised has " + sz(static_cast<std::size_t>(r.normalised.rows())) + " rows for " +
                sz(r.units.size()) + " units");
  if (r.scores.cols() != static_cast<Eigen::Index>(r.nodes.size()))
    shape_error("scores has " + sz(static_cast<std::size_t>(r.scores.cols())) + " columns for " +
                sz(r.nodes.size()) + " nodes");
  if (r.scores.cols() > 0 && r.scores.rows() != n)
    shape_error("scores has " + sz(static_cast<std::size_t>(r.scores.rows())) + " rows for " +
                sz(r.units.size()) + " units");
  if (r.ranks.size() > 0 && (r.ranks.rows() != r.scores.rows() || r.ranks.cols() != r.scores.cols()))
    shape_error("ranks and scores differ in shape");
  if (!r.grades.empty()) {
    if (r.grades.size() != r.units.size())
      shape_error(sz(r.grades.size()) + " rows of grades for " + sz(r.units.size()) + " units");
    for (const auto& g : r.grades)
      if (g.size() != r.nodes.size())
        shape_error("a row of grades has " + sz(g.size()) + " entries for " + sz(r.nodes.size()) + " nodes");
  }
  if (!r.fuzzy_values.empty() && r.fuzzy_values.size() != r.fuzzy_grades.size())
    shape_error(sz(r.fuzzy_values.size()) + " fuzzy grade values for " + sz(r.fuzzy_grades.size()) +
                " grades");
  for (const auto& [node, b] : r.fuzzy_memberships)
    if (b.rows() != n || b.cols() != static_cast<Eigen::Index>(r.fuzzy_grades.size()))
      shape_error("the fuzzy memberships of '" + node + "' are " + sz(static_cast<std::size_t>(b.rows())) +
                  " x " + sz(static_cast<std::size_t>(b.cols())) + " for " + sz(r.units.size()) +
                  " units and " + sz(r.fuzzy_grades.size()) + " grades");
}


/// unit, name, period of every row of a result.
inline void add_result_rows(table& t, const result& r, const std::vector<std::size_t>& rows) {
  t.text("unit", {"城市", "Unit"}, rows, [&](std::size_t i) { return r.units[i]; });
  t.text("name", {"名称", "Name"}, rows,
         [&](std::size_t i) { return i < r.unit_names.size() ? r.unit_names[i] : std::string(); });
  t.text("period", {"时期", "Period"}, rows,
         [&](std::size_t i) { return i < r.periods.size() ? r.periods[i] : std::string(); });
}

inline std::vector<std::size_t> row_numbers(std::size_t n) {
  std::vector<std::size_t> rows(n);
  for (std::size_t i = 0; i < n; ++i) rows[i] = i;
  return rows;
}

/// Whether weights and aggregations cover the framework (a scoring run's result does).
inline bool has_node_parts(const result& r) {
  return static_cast<std::size_t>(r.weights.size()) == r.framework.size() &&
         r.aggregations.size() == r.framework.size();
}

}  // namespace detail

[[nodiscard]] inline table scores_table(const result& r) {
  detail::check_shape(r);
  const auto rows = detail::row_numbers(r.units.size());
  const framework& f = r.framework;
  auto names = [&](const std::string& code) {
    const std::size_t n = f.find(code);
    if (n == framework::npos) return std::pair<std::string, std::string>(code, code);
    return std::pair<std::string, std::string>(name_in(f.node(n), language::zh),
                                               name_in(f.node(n), language::en));
  };
  table t("scores", "综合评价结果", "Scores, ranks and normalised values");
  detail::add_result_rows(t, r, rows);
  const bool ranked = r.ranks.size() > 0;
  for (std::size_t k = 0; k < r.nodes.size(); ++k) {
    const auto col = static_cast<Eigen::Index>(k);
    const auto [zh, en] = names(r.nodes[k]);
    t.real(r.nodes[k] + "_score", in(zh + "得分", en + " score", units::score), rows,
           [&](std::size_t i) { return r.scores(static_cast<Eigen::Index>(i), col); });
    // ranks are whole for min and dense ties, halves for average ties: a real column
    t.real(r.nodes[k] + "_rank", in(zh + "排名", en + " rank", units::rank), rows, [&](std::size_t i) {
      return ranked ? r.ranks(static_cast<Eigen::Index>(i), col) : std::numeric_limits<double>::quiet_NaN();
    });
    if (!r.grades.empty())
      t.text(r.nodes[k] + "_grade", {zh + "等级", en + " grade"}, rows,
             [&](std::size_t i) { return r.grades[i][k]; });
  }
  for (std::size_t k = 0; k < r.indicators.size(); ++k) {
    const auto col = static_cast<Eigen::Index>(k);
    const auto [zh, en] = names(r.indicators[k]);
    t.real(r.indicators[k] + "_norm", in(zh + "标准化值", en + " (normalised)", units::score), rows,
           [&](std::size_t i) { return r.normalised(static_cast<Eigen::Index>(i), col); });
  }
  return t;
}

[[nodiscard]] inline table nodes_table(const result& r) {
  const framework& f = r.framework;
  const auto rows = detail::row_numbers(f.size());
  const bool node_weights = static_cast<std::size_t>(r.weights.size()) == f.size();
  const bool leaf_weights = static_cast<std::size_t>(r.effective_weights.size()) == f.leaves().size();
  const Eigen::VectorXd eff = leaf_weights ? r.effective_weights : f.effective_weights();
  const bool aggregated = r.aggregations.size() == f.size();
  auto agg = [&](std::size_t i) -> const aggregation* { return aggregated ? &r.aggregations[i] : nullptr; };
  table t("nodes", "指标体系节点", "Nodes of the framework");
  t.text("code", {"代码", "Code"}, rows, [&](std::size_t i) { return f.node(i).code; });
  t.text("name_zh", {"中文名称", "Name (Chinese)"}, rows, [&](std::size_t i) { return f.node(i).name_zh; });
  t.text("name_en", {"英文名称", "Name (English)"}, rows, [&](std::size_t i) { return f.node(i).name_en; });
  t.text("parent", {"上级节点", "Parent"}, rows,
         [&](std::size_t i) { return detail::nonempty_text(f.node(i).parent); });
  t.integer("level", {"层级", "Level", "级", "level"}, rows, [&](std::size_t i) { return f.level(i); });
  t.text("kind", {"节点类型", "Kind"}, rows,
         [&](std::size_t i) { return std::string(f.is_leaf(i) ? "indicator" : "aggregate"); });
  t.real("weight", in("权重（同级内）", "Weight among siblings", units::ratio), rows, [&](std::size_t i) {
    return node_weights ? r.weights[static_cast<Eigen::Index>(i)] : f.weight_in_parent(i);
  });
  t.real("effective_weight",
         in("综合指数中的有效权重", "Effective weight in the composite index", units::ratio), rows,
         [&](std::size_t i) -> std::optional<double> {
           if (!f.is_leaf(i)) return std::nullopt;
           return eff[static_cast<Eigen::Index>(f.leaf_position(i))];
         });
  t.categorical<aggregation_method>("aggregation", {"集成方法", "Aggregation"}, rows,
                                    [&](std::size_t i) -> std::optional<aggregation_method> {
                                      if (!agg(i)) return std::nullopt;
                                      return agg(i)->method;
                                    });
  t.real("power", in("幂平均指数", "Power of the power mean", units::dimensionless), rows,
         [&](std::size_t i) -> std::optional<double> {
           if (!agg(i)) return std::nullopt;
           return agg(i)->p;
         });
  t.categorical<geometric_zeros>("zeros", {"几何平均的零值处理", "Zeros in a geometric mean"}, rows,
                                 [&](std::size_t i) -> std::optional<geometric_zeros> {
                                   if (!agg(i)) return std::nullopt;
                                   return agg(i)->zeros;
                                 });
  t.real("zero_floor", in("零值替代下限", "Floor replacing zeros", units::score), rows,
         [&](std::size_t i) -> std::optional<double> {
           if (!agg(i)) return std::nullopt;
           return agg(i)->zero_floor;
         });
  // the parameters of PROMETHEE II and VIKOR, on the nodes that use them (so that a result read
  // back from its JSON or unpickled recomputes the same VIKOR table; `power` is PROMETHEE's p)
  const auto uses = [&](std::size_t i, aggregation_method m) { return agg(i) && agg(i)->method == m; };
  t.categorical<preference_function>("preference", {"PROMETHEE 偏好函数", "PROMETHEE preference function"},
                                     rows, [&](std::size_t i) -> std::optional<preference_function> {
                                       if (!uses(i, aggregation_method::promethee_ii)) return std::nullopt;
                                       return agg(i)->preference;
                                     });
  t.real("indifference", in("PROMETHEE 无差异阈值 q", "PROMETHEE indifference threshold q", units::score),
         rows, [&](std::size_t i) -> std::optional<double> {
           if (!uses(i, aggregation_method::promethee_ii)) return std::nullopt;
           return agg(i)->q;
         });
  t.real("spread", in("PROMETHEE 高斯参数 s", "PROMETHEE Gaussian spread s", units::score), rows,
         [&](std::size_t i) -> std::optional<double> {
           if (!uses(i, aggregation_method::promethee_ii)) return std::nullopt;
           return agg(i)->s;
         });
  t.real("vikor_v", in("VIKOR 群体效用权重 v", "VIKOR weight v of the group utility", units::ratio), rows,
         [&](std::size_t i) -> std::optional<double> {
           if (!uses(i, aggregation_method::vikor)) return std::nullopt;
           return agg(i)->v;
         });
  // WASPAS, MOORA and the grey methods likewise
  t.real("waspas_lambda",
         in("加权和积综合评估法的加权和权重 λ", "WASPAS weight lambda of the weighted sum", units::ratio),
         rows, [&](std::size_t i) -> std::optional<double> {
           if (!uses(i, aggregation_method::waspas)) return std::nullopt;
           return agg(i)->lambda;
         });
  t.categorical<moora_system>("moora_system", {"多目标比率分析法的系统", "MOORA system"}, rows,
                              [&](std::size_t i) -> std::optional<moora_system> {
                                if (!uses(i, aggregation_method::moora)) return std::nullopt;
                                return agg(i)->moora;
                              });
  t.real("grey_rho", in("灰色关联分辨系数 ρ", "Grey distinguishing coefficient rho", units::ratio), rows,
         [&](std::size_t i) -> std::optional<double> {
           if (!uses(i, aggregation_method::grey_relational) && !uses(i, aggregation_method::grey_topsis))
             return std::nullopt;
           return agg(i)->rho;
         });
  t.real("grey_alpha",
         in("灰色关联逼近理想解的距离权重 α", "Grey-TOPSIS weight alpha of the distances", units::ratio),
         rows, [&](std::size_t i) -> std::optional<double> {
           if (!uses(i, aggregation_method::grey_topsis)) return std::nullopt;
           return agg(i)->alpha;
         });
  // RSR and the fuzzy evaluation likewise (the fuzzy grade standards are in the recipe)
  t.categorical<rsr_ranks>("rsr_ranks", {"秩和比的编秩方式", "RSR ranks"}, rows,
                           [&](std::size_t i) -> std::optional<rsr_ranks> {
                             if (!uses(i, aggregation_method::rsr)) return std::nullopt;
                             return agg(i)->rsr;
                           });
  t.real("rsr_grades", in("秩和比的分档数", "RSR grades", units::count), rows,
         [&](std::size_t i) -> std::optional<double> {
           if (!uses(i, aggregation_method::rsr)) return std::nullopt;
           return agg(i)->rsr_grades;
         });
  t.categorical<fuzzy_operator>("fuzzy_operator", {"模糊合成算子", "Fuzzy composition operator"}, rows,
                                [&](std::size_t i) -> std::optional<fuzzy_operator> {
                                  if (!uses(i, aggregation_method::fuzzy)) return std::nullopt;
                                  return agg(i)->fuzzy_op;
                                });
  t.categorical<fuzzy_score>("fuzzy_score", {"模糊综合评价的得分", "Fuzzy evaluation score"}, rows,
                             [&](std::size_t i) -> std::optional<fuzzy_score> {
                               if (!uses(i, aggregation_method::fuzzy)) return std::nullopt;
                               return agg(i)->fuzzy_result;
                             });
  return t;
}

/// Contributions of every indicator to the composite index (result::contributions): each row
/// sums to the unit's composite score.
[[nodiscard]] inline table contributions_table(const result& r) {
  detail::check_shape(r);
  const framework& f = r.framework;
  const auto rows = detail::row_numbers(r.units.size());
  table t("contributions", "指标对综合指数的贡献", "Contributions to the composite index");
  detail::add_result_rows(t, r, rows);
  if (!detail::has_node_parts(r) || f.size() == 0) return t;
  const Eigen::MatrixXd c = r.contributions(f.node(f.root()).code);
  const std::vector<std::size_t> leaves = f.leaves_below(f.root());
  for (std::size_t k = 0; k < leaves.size(); ++k) {
    const node_spec& n = f.node(leaves[k]);
    const auto col = static_cast<Eigen::Index>(k);
    t.real(n.code + "_contribution",
           in(name_in(n, language::zh) + "贡献", name_in(n, language::en) + " contribution", units::score),
           rows, [&](std::size_t i) { return c(static_cast<Eigen::Index>(i), col); });
  }
  return t;
}

/// The indicator values normalisation read (after denomination, imputation and treatment),
/// each in its indicator's unit; no value columns when the recipe prepares nothing.
[[nodiscard]] inline table prepared_table(const result& r) {
  detail::check_shape(r);
  const framework& f = r.framework;
  const auto rows = detail::row_numbers(r.units.size());
  table t("prepared", "预处理后的指标值", "Prepared indicator values");
  detail::add_result_rows(t, r, rows);
  if (r.prepared.size() == 0 || r.prepared.cols() != static_cast<Eigen::Index>(r.indicators.size())) return t;
  for (std::size_t k = 0; k < r.indicators.size(); ++k) {
    const std::size_t n = f.find(r.indicators[k]);
    const std::string zh = n == framework::npos ? r.indicators[k] : name_in(f.node(n), language::zh);
    const std::string en = n == framework::npos ? r.indicators[k] : name_in(f.node(n), language::en);
    const std::string unit = n == framework::npos ? std::string() : f.node(n).unit;
    const auto col = static_cast<Eigen::Index>(k);
    t.real(r.indicators[k] + "_prepared", {zh + "（预处理后）", en + " (prepared)", unit, unit}, rows,
           [&](std::size_t i) { return r.prepared(static_cast<Eigen::Index>(i), col); });
  }
  return t;
}

/// Every node not applicable to a unit and period ([not_applicable], applicability.hpp): the
/// indicators and aggregates at or below a rule's node, with the rule (its node code, group
/// column and the unit's label in it), and the aggregates all of whose children are not
/// applicable (rule, group and label empty, by_children true). Empty without such rules.
[[nodiscard]] inline table not_applicable_table(const std::vector<not_applicable_cell>& rows) {
  using row = not_applicable_cell;
  table t("not_applicable", "不适用的指标与节点", "Not applicable nodes");
  t.text("unit", {"城市", "Unit"}, rows, [](const row& x) { return x.unit; });
  t.text("period", {"时期", "Period"}, rows, [](const row& x) { return x.period; });
  t.text("node", {"节点或指标", "Node or indicator"}, rows, [](const row& x) { return x.node; });
  t.text("rule", {"不适用规则的节点", "Node of the rule"}, rows,
         [](const row& x) { return detail::nonempty_text(x.rule); });
  t.text("group", {"分组列", "Group column"}, rows,
         [](const row& x) { return detail::nonempty_text(x.group); });
  t.text("value", {"该单位的分组值", "The unit's group label"}, rows,
         [](const row& x) { return detail::nonempty_text(x.value); });
  t.boolean("by_children", {"因下级均不适用", "All children not applicable"}, rows,
            [](const row& x) { return x.rule.empty(); });
  return t;
}

[[nodiscard]] inline std::vector<not_applicable_cell> not_applicable_of(const table& t) {
  std::vector<not_applicable_cell> out(t.rows());
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& x = out[i];
    x.unit = t.text_at("unit", i);
    x.period = t.text_at("period", i);
    x.node = t.text_at("node", i);
    x.rule = t.text_at("rule", i);
    x.group = t.text_at("group", i);
    x.value = t.text_at("value", i);
  }
  return out;
}

/// The memberships of fuzzy comprehensive evaluation (mcda_fuzzy.hpp) in long form: per node
/// scored with it (in code order), per row of the result and per grade (the recipe's order),
/// the membership B normalised to sum 1 over the row's grades, the grade and its value. This is
/// what fuzzy_table (mcda_tables.hpp) reads; it is a table of the result so that a result read
/// back from its JSON document (or unpickled) gives the same fuzzy_table.
[[nodiscard]] inline table fuzzy_memberships_table(const result& r) {
  detail::check_shape(r);
  struct cell {
    const std::string* node;
    const Eigen::MatrixXd* b;
    std::size_t row, grade;
  };
  std::vector<cell> cells;
  const std::size_t grades = r.fuzzy_grades.size();
  for (const auto& [node, b] : r.fuzzy_memberships)
    for (std::size_t i = 0; i < r.units.size(); ++i)
      for (std::size_t j = 0; j < grades; ++j) cells.push_back({&node, &b, i, j});
  table t("fuzzy_memberships", "模糊综合评价隶属度（长表）", "Fuzzy evaluation memberships (long form)");
  t.text("node", {"节点", "Node"}, cells, [](const cell& c) { return *c.node; });
  t.text("unit", {"城市", "Unit"}, cells, [&](const cell& c) { return r.units[c.row]; });
  t.text("name", {"名称", "Name"}, cells,
         [&](const cell& c) { return c.row < r.unit_names.size() ? r.unit_names[c.row] : std::string(); });
  t.text("period", {"时期", "Period"}, cells,
         [&](const cell& c) { return c.row < r.periods.size() ? r.periods[c.row] : std::string(); });
  t.text("grade", {"等级", "Grade"}, cells, [&](const cell& c) { return r.fuzzy_grades[c.grade]; });
  t.real("grade_value", in("等级分值", "Grade value", units::score), cells,
         [&](const cell& c) -> std::optional<double> {
           if (c.grade >= r.fuzzy_values.size()) return std::nullopt;
           return r.fuzzy_values[c.grade];
         });
  t.real("membership", in("隶属度", "Membership", units::ratio), cells, [](const cell& c) {
    return (*c.b)(static_cast<Eigen::Index>(c.row), static_cast<Eigen::Index>(c.grade));
  });
  return t;
}

namespace detail {

/// The memberships, grades and grade values of a fuzzy_memberships_table read back: rows in the
/// order the table writes them (node, then row, then grade); error "result.shape" otherwise.
inline void read_fuzzy_memberships(const table& t, result& r) {
  const std::size_t n = r.units.size();
  std::size_t k = 0;
  while (k < t.rows()) {
    const std::string node = t.text_at("node", k);
    const std::size_t at = r.framework.find(node);
    if (at == framework::npos || r.framework.is_leaf(at) || r.aggregations.size() != r.framework.size() ||
        r.aggregations[at].method != aggregation_method::fuzzy || r.fuzzy_memberships.count(node))
      shape_error("fuzzy memberships of '" + node +
                  "', which is not an aggregate scored with fuzzy evaluation");
    // the grades: the first node's rows of the result's first row (a unit and period is one row)
    if (r.fuzzy_grades.empty() && n > 0)
      for (std::size_t j = k; j < t.rows() && t.text_at("node", j) == node &&
                              t.text_at("unit", j) == r.units[0] && t.text_at("period", j) == r.periods[0];
           ++j) {
        r.fuzzy_grades.push_back(t.text_at("grade", j));
        r.fuzzy_values.push_back(t.real_at("grade_value", j));
      }
    const std::size_t grades = r.fuzzy_grades.size();
    if (grades == 0 || k + n * grades > t.rows())
      shape_error("the fuzzy memberships of '" + node + "' are cut short");
    Eigen::MatrixXd b(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(grades));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < grades; ++j, ++k) {
        if (t.text_at("node", k) != node || t.text_at("unit", k) != r.units[i] ||
            t.text_at("period", k) != r.periods[i] || t.text_at("grade", k) != r.fuzzy_grades[j])
          shape_error("row " + std::to_string(k + 1) + " of the fuzzy memberships is not unit '" +
                      r.units[i] + "', grade '" + r.fuzzy_grades[j] + "' of '" + node + "'");
        b(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = t.real_at("membership", k);
      }
    r.fuzzy_memberships.emplace(node, std::move(b));
  }
  if (std::all_of(r.fuzzy_values.begin(), r.fuzzy_values.end(), [](double v) { return std::isnan(v); }))
    r.fuzzy_values.clear();
}

}  // namespace detail

/// The whole scoring result: provenance, then its tables.
[[nodiscard]] inline document describe(const result& r) {
  detail::check_shape(r);
  const provenance& p = r.origin;
  document prov;
  prov.field("library_version", p.library_version)
      .field("framework_hash", p.framework_hash)
      .field("data_hash", p.data_hash)
      .field("recipe_hash", p.recipe_hash)
      .field("recipe", p.recipe_text)
      .field("framework_source", p.framework_source)
      .field("data_source", p.data_source);
  document doc;
  doc.group("provenance", std::move(prov));
  doc.add(scores_table(r));
  doc.add(nodes_table(r));
  doc.add(contributions_table(r));
  doc.add(prepared_table(r));
  doc.add(denomination_table(r.denominations));
  doc.add(screening_table(r.screening));
  doc.add(imputation_table(r.imputations));
  doc.add(treatment_table(r.treatment));
  doc.add(treated_cell_table(r.treated_cells));
  doc.add(not_applicable_table(r.not_applicable));
  doc.add(fuzzy_memberships_table(r));
  doc.add(diagnostics_table(r.diagnostics));
  return doc;
}

/// The result a document of describe(result) holds, with the framework it was scored on
/// (a document does not hold the whole framework: targets, goalposts, ...). Error
/// "table.missing" / "table.column" / "result.shape" when the document does not match.
[[nodiscard]] inline result result_of(const document& d, framework f) {
  result r;
  r.framework = std::move(f);
  const framework& fw = r.framework;
  const table& s = d.table_named("scores");
  const std::size_t n = s.rows();
  const auto rows = static_cast<Eigen::Index>(n);
  for (std::size_t i = 0; i < n; ++i) {
    r.units.push_back(s.text_at("unit", i));
    r.unit_names.push_back(s.text_at("name", i));
    r.periods.push_back(s.text_at("period", i));
  }
  for (std::size_t k : fw.inner_nodes()) r.nodes.push_back(fw.node(k).code);
  r.indicators = fw.indicator_codes();
  auto matrix = [&](const table& t, const std::vector<std::string>& codes, const std::string& suffix) {
    Eigen::MatrixXd m(rows, static_cast<Eigen::Index>(codes.size()));
    for (std::size_t k = 0; k < codes.size(); ++k) {
      const column& c = t.at(codes[k] + suffix);
      for (std::size_t i = 0; i < n; ++i)
        m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = c.reals.at(i);
    }
    return m;
  };
  r.scores = matrix(s, r.nodes, "_score");
  r.ranks = matrix(s, r.nodes, "_rank");
  r.normalised = matrix(s, r.indicators, "_norm");
  if (!r.nodes.empty() && s.find(r.nodes.front() + "_grade")) {
    r.grades.assign(n, std::vector<std::string>(r.nodes.size()));
    for (std::size_t k = 0; k < r.nodes.size(); ++k)
      for (std::size_t i = 0; i < n; ++i) r.grades[i][k] = s.text_at(r.nodes[k] + "_grade", i);
  }

  const table& nodes = d.table_named("nodes");
  if (nodes.rows() != fw.size()) detail::shape_error("the nodes table does not match the framework");
  r.weights.resize(static_cast<Eigen::Index>(fw.size()));
  r.effective_weights.resize(static_cast<Eigen::Index>(fw.leaves().size()));
  bool aggregated = true;
  for (std::size_t i = 0; i < fw.size(); ++i) {
    if (nodes.text_at("code", i) != fw.node(i).code)
      detail::shape_error("node " + std::to_string(i) + " is not " + fw.node(i).code);
    r.weights[static_cast<Eigen::Index>(i)] = nodes.real_at("weight", i);
    if (fw.is_leaf(i))
      r.effective_weights[static_cast<Eigen::Index>(fw.leaf_position(i))] =
          nodes.real_at("effective_weight", i);
    const auto method = nodes.enum_at<aggregation_method>("aggregation", i);
    aggregated = aggregated && method.has_value();
    if (!aggregated) continue;
    aggregation a;
    a.method = *method;
    a.p = nodes.real_at("power", i);
    a.zeros = nodes.enum_at<geometric_zeros>("zeros", i).value_or(geometric_zeros::give_zero);
    a.zero_floor = nodes.real_at("zero_floor", i);
    // absent in results written before PROMETHEE II and VIKOR: the defaults
    if (nodes.find("preference"))
      a.preference = nodes.enum_at<preference_function>("preference", i).value_or(preference_function::usual);
    const auto set = [&](const char* col, double& x) {
      if (nodes.find(col) && !std::isnan(nodes.real_at(col, i))) x = nodes.real_at(col, i);
    };
    set("indifference", a.q);
    set("spread", a.s);
    set("vikor_v", a.v);
    set("waspas_lambda", a.lambda);
    if (nodes.find("moora_system"))
      a.moora = nodes.enum_at<moora_system>("moora_system", i).value_or(moora_system::ratio_system);
    set("grey_rho", a.rho);
    set("grey_alpha", a.alpha);
    if (nodes.find("rsr_ranks"))
      a.rsr = nodes.enum_at<rsr_ranks>("rsr_ranks", i).value_or(rsr_ranks::integer);
    if (nodes.find("rsr_grades") && !std::isnan(nodes.real_at("rsr_grades", i)))
      a.rsr_grades = static_cast<int>(nodes.real_at("rsr_grades", i));
    if (nodes.find("fuzzy_operator"))
      a.fuzzy_op =
          nodes.enum_at<fuzzy_operator>("fuzzy_operator", i).value_or(fuzzy_operator::weighted_average);
    if (nodes.find("fuzzy_score"))
      a.fuzzy_result = nodes.enum_at<fuzzy_score>("fuzzy_score", i).value_or(fuzzy_score::grade_values);
    r.aggregations.push_back(a);
  }
  if (!aggregated) r.aggregations.clear();

  const table& prepared = d.table_named("prepared");
  if (!r.indicators.empty() && prepared.find(r.indicators.front() + "_prepared"))
    r.prepared = matrix(prepared, r.indicators, "_prepared");
  r.denominations = denominations_of(d.table_named("denominations"));
  r.screening = screening_of(d.table_named("screening"));
  r.imputations = imputations_of(d.table_named("imputations"));
  r.treatment = treatment_of(d.table_named("treatment"));
  r.treated_cells = treated_cells_of(d.table_named("treated_cells"));
  r.diagnostics = diagnostics_of(d.table_named("diagnostics"));
  if (const table* t = d.find_table("not_applicable")) r.not_applicable = not_applicable_of(*t);
  // absent in results written before the memberships were kept: fuzzy_table then says so
  if (const table* t = d.find_table("fuzzy_memberships")) detail::read_fuzzy_memberships(*t, r);

  if (const auto* e = d.find("provenance"); e && e->group) {
    const document& p = *e->group;
    r.origin.library_version = p.text_field("library_version");
    r.origin.framework_hash = p.text_field("framework_hash");
    r.origin.data_hash = p.text_field("data_hash");
    r.origin.recipe_hash = p.text_field("recipe_hash");
    r.origin.recipe_text = p.text_field("recipe");
    r.origin.framework_source = p.text_field("framework_source");
    r.origin.data_source = p.text_field("data_source");
  }
  detail::check_shape(r);
  return r;
}

}  // namespace tijian
