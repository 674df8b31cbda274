// SPDX-License-Identifier: MIT
// Not applicable (不适用), a state distinct from missing: an indicator that does not apply to a
// unit (marine indicators of a landlocked country in the EPI 2020, its weights table's
// MaterialityFilter "SEA") is left out of that unit's aggregates and the weights of its siblings
// renormalised, as a missing value under skip_and_reweight; but it is never counted as missing:
// not by the missing-data policy (propagate, require_share's min_share count only the applicable
// children), not by screening's availability, not by the "incomplete index" count, and it is never
// imputed. A node whose children are all not applicable is itself not applicable.
//
// How it is marked: by the data's group columns (a unit attribute, as the EPI's country
// attributes table marks landlocked countries) and a recipe rule naming the node or indicator:
//
//   [not_applicable]
//   "MPA" = { group = "SEA_group", values = ["True"] }   # indicator MPA, for these units
//   "FSH" = { group = "SEA_group", values = ["True"] }   # every indicator under node FSH
//
// A value present in a not-applicable cell is ignored (warning "not_applicable.value_ignored");
// every (unit, period, rule node) is listed in the result's diagnostics ("not_applicable.excluded",
// naming unit, period and node), and every not-applicable (unit, period, node), the indicators
// and aggregates below a rule's node and the aggregates all of whose children are not
// applicable, in the result's table of them (not_applicable_cell; not_applicable_table,
// result_tables.hpp).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "error.hpp"
#include "framework.hpp"
#include "panel.hpp"

namespace tijian {

/// Units whose label in a group column is one of `values`.
struct not_applicable_rule {
  std::string group;                ///< a group column of the data (e.g. "SEA_group")
  std::vector<std::string> values;  ///< labels for which the node does not apply
};

/// One node that does not apply to one unit and period, and why: the rule whose node is the
/// nearest at or above it and names the unit's label in its group column; or no rule (empty
/// rule, group and value) when the node is an aggregate every child of which is not applicable.
struct not_applicable_cell {
  std::string unit, period;
  std::string node;   ///< node or indicator code
  std::string rule;   ///< the rule's node code ([not_applicable] key); empty: by its children
  std::string group;  ///< the rule's group column
  std::string value;  ///< the unit's label in that column
};

/// Node or indicator code -> the units it does not apply to.
using not_applicable_rules = std::map<std::string, not_applicable_rule>;

/// rows x leaves (framework leaf order); true = not applicable.
using cell_mask = Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic>;

/// The labels of a group column, or recipe_error "recipe.unknown_group" naming the setting.
inline const std::vector<std::string>& group_labels(const panel& data, const std::string& group,
                                                    const std::string& setting) {
  for (const auto& g : data.groups)
    if (g.first == group) return g.second;
  std::string have;
  for (const auto& g : data.groups) have += (have.empty() ? "" : ", ") + g.first;
  throw recipe_error("recipe.unknown_group",
                     setting + " '" + group + "' is not a group column of the data" +
                         (have.empty() ? std::string(" (the data has none)") : " (it has: " + have + ")"));
}

/// Checks the rules against the framework: every code a node or indicator, every rule with a
/// group and at least one value (recipe_error "recipe.unknown_node" / "recipe.not_applicable").
inline void validate_applicability(const framework& fw, const not_applicable_rules& rules) {
  for (const auto& [code, rule] : rules) {
    if (fw.find(code) == framework::npos)
      throw recipe_error("recipe.unknown_node",
                         "not_applicable names '" + code + "', which is not in the framework");
    if (rule.group.empty() || rule.values.empty())
      throw recipe_error("recipe.bad_value", "not_applicable.\"" + code +
                                                 "\" needs a group column and at least one value, "
                                                 "e.g. { group = \"SEA_group\", values = [\"True\"] }");
    if (fw.find(code) == fw.root())
      throw recipe_error("recipe.bad_value",
                         "not_applicable.\"" + code + "\" names the index itself; name a node below it");
  }
}

/// Which cells of `data` are not applicable (rows x leaves). Empty (0 x 0) when there are no rules.
[[nodiscard]] inline cell_mask not_applicable_cells(const framework& fw, const panel& data,
                                                    const not_applicable_rules& rules) {
  if (rules.empty()) return {};
  validate_applicability(fw, rules);
  const auto n = data.rows();
  const auto k = static_cast<Eigen::Index>(fw.leaves().size());
  cell_mask out = cell_mask::Constant(n, k, false);
  for (const auto& [code, rule] : rules) {
    const std::vector<std::string>& labels =
        group_labels(data, rule.group, "not_applicable.\"" + code + "\".group");
    const std::size_t node = fw.find(code);
    std::vector<Eigen::Index> under;  // leaf positions at or below the node
    for (std::size_t q = 0; q < fw.leaves().size(); ++q)
      for (std::size_t i = fw.leaves()[q]; i != framework::npos; i = fw.parent(i))
        if (i == node) {
          under.push_back(static_cast<Eigen::Index>(q));
          break;
        }
    for (Eigen::Index r = 0; r < n; ++r) {
      const std::string& g = labels[static_cast<std::size_t>(r)];
      if (std::find(rule.values.begin(), rule.values.end(), g) == rule.values.end()) continue;
      for (Eigen::Index q : under) out(r, q) = true;
    }
  }
  return out;
}

/// Every not-applicable (row, node) of `data` as records, rows in data order and nodes in the
/// framework's order; `node_na[node][row]` says which (applicability of every node: a leaf by
/// the mask, an aggregate when all its children are). Rules are assumed valid (validate_applicability).
[[nodiscard]] inline std::vector<not_applicable_cell> not_applicable_records(
    const framework& fw, const panel& data, const not_applicable_rules& rules,
    const std::vector<std::vector<unsigned char>>& node_na) {
  std::vector<not_applicable_cell> out;
  for (Eigen::Index r = 0; r < data.rows(); ++r) {
    const auto row = static_cast<std::size_t>(r);
    for (std::size_t k = 0; k < fw.size() && k < node_na.size(); ++k) {
      if (row >= node_na[k].size() || !node_na[k][row]) continue;
      not_applicable_cell c;
      c.unit = data.units[row];
      c.period = row < data.periods.size() ? data.periods[row] : std::string();
      c.node = fw.node(k).code;
      for (std::size_t i = k; i != framework::npos && c.rule.empty(); i = fw.parent(i)) {
        const auto it = rules.find(fw.node(i).code);
        if (it == rules.end()) continue;
        const std::string& label = group_labels(data, it->second.group, "not_applicable")[row];
        if (std::find(it->second.values.begin(), it->second.values.end(), label) == it->second.values.end())
          continue;
        c.rule = it->first;
        c.group = it->second.group;
        c.value = label;
      }
      out.push_back(std::move(c));
    }
  }
  return out;
}

/// Whether a cell is not applicable (false when the mask is empty).
inline bool is_not_applicable(const cell_mask* m, Eigen::Index row, std::size_t leaf) {
  return m && m->size() > 0 && (*m)(row, static_cast<Eigen::Index>(leaf));
}

}  // namespace tijian
