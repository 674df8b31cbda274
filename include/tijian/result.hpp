// SPDX-License-Identifier: MIT
// The result of a scoring run: normalised values, scores and ranks of every node, weights,
// contributions, grades, diagnostics and provenance.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "aggregate.hpp"
#include "applicability.hpp"
#include "framework.hpp"
#include "names.hpp"
#include "recipe.hpp"

namespace tijian {

enum class severity { info, warning };

template <>
struct enum_names<severity> {
  static constexpr const char* what = "severity";
  static constexpr enum_name<severity> entries[] = {
      {severity::info, "info", "提示", "info"},
      {severity::warning, "warning", "警告", "warning"},
  };
};

/// A diagnostic's message in English and in Chinese, always both: the Chinese report and the
/// Chinese columns of files print `zh`, so a step cannot add a diagnostic without wording it in
/// both languages (with the same numbers, units and codes).
struct diagnostic_message {
  std::string en, zh;
  diagnostic_message(std::string english, std::string chinese)
      : en(std::move(english)), zh(std::move(chinese)) {}
};

/// One thing a step did or noticed that the user should know: a column ignored, a constant
/// indicator, a unit reweighted for missing data, an inconsistent AHP matrix, ...
struct diagnostic {
  std::string step;  ///< "data", "normalise", "weights", "aggregate", "rank"
  std::string id;    ///< stable id, e.g. "normalise.constant"
  severity level = severity::info;
  std::string node;  ///< node or indicator code, if any
  std::string unit;
  std::string period;
  std::string message;     ///< in English
  std::size_t count = 1;   ///< how many cells this entry stands for (repeated events are merged)
  std::string message_zh;  ///< in Chinese (empty only in diagnostics read from older files)
};

namespace detail {

/// Appends a diagnostic (both languages of its message) to `out`.
inline void add_diag(std::vector<diagnostic>& out, std::string step, std::string id, severity s,
                     std::string node, std::string period, diagnostic_message message, std::size_t count = 1,
                     std::string unit = {}) {
  diagnostic d;
  d.step = std::move(step);
  d.id = std::move(id);
  d.level = s;
  d.node = std::move(node);
  d.unit = std::move(unit);
  d.period = std::move(period);
  d.message = std::move(message.en);
  d.message_zh = std::move(message.zh);
  d.count = count;
  out.push_back(std::move(d));
}

}  // namespace detail

/// Where a result came from: enough to reproduce it.
struct provenance {
  std::string library_version;
  std::string framework_hash;
  std::string data_hash;
  std::string recipe_hash;
  std::string recipe_text;  ///< canonical description of the full recipe (describe(recipe))
  std::string framework_source;
  std::string data_source;
};

struct result {
  tijian::framework framework;
  std::vector<std::string> units;       ///< per row
  std::vector<std::string> unit_names;  ///< per row (may be empty strings)
  std::vector<std::string> periods;     ///< per row ("" for a single period)
  std::vector<std::string> indicators;  ///< leaf codes = columns of `normalised`
  std::vector<std::string> nodes;       ///< inner node codes = columns of `scores` and `ranks`
  /// rows x leaves: normalised values in the framework's leaf order
  Eigen::MatrixXd normalised;
  /// rows x inner nodes (framework.inner_nodes() order): column 0 is the composite index
  Eigen::MatrixXd scores;
  /// rows x inner nodes: rank of each score (1 = best) within its period, or pooled
  Eigen::MatrixXd ranks;
  /// rows x inner nodes: grade label of each score; empty without grade bands
  std::vector<std::vector<std::string>> grades;
  /// per framework node: weight used, relative to its siblings (each sibling group sums to 1)
  Eigen::VectorXd weights;
  /// per leaf: effective weight in the composite index (product down the tree; sums to 1)
  Eigen::VectorXd effective_weights;
  /// per framework node: the aggregation used (meaningful for inner nodes)
  std::vector<aggregation> aggregations;
  std::vector<diagnostic> diagnostics;
  provenance origin;

  // Data preparation (recipe.prepare; all empty when the recipe prepares nothing). The rows
  // above are the rows kept by screening. prepare() (prepare.hpp) gives every stage.
  /// rows x leaves: indicator values after denomination, imputation and treatment, in the
  /// framework's leaf order (what normalisation read)
  Eigen::MatrixXd prepared;
  std::vector<denomination_record> denominations;  ///< per denominated indicator
  std::vector<screened_unit> screening;            ///< per input row: missing, zeros, kept or why not
  std::vector<imputed_cell> imputations;    ///< every imputed cell: unit, period, indicator, method, value
  std::vector<treatment_detail> treatment;  ///< per indicator and period: skew/kurtosis before and after, ...
  std::vector<treated_cell> treated_cells;  ///< every cell the outlier treatment changed

  /// every (unit, period, node) not applicable to the unit ([not_applicable], applicability.hpp)
  std::vector<not_applicable_cell> not_applicable;

  // Fuzzy comprehensive evaluation (aggregate = "fuzzy", mcda_fuzzy.hpp; empty otherwise): per
  // node scored with it, rows x grades: the memberships B normalised to sum 1; the recipe's grades
  // and grade values. Read by fuzzy_table (mcda_tables.hpp); kept by the result files as
  // fuzzy_memberships_table (result_tables.hpp).
  std::map<std::string, Eigen::MatrixXd> fuzzy_memberships;
  std::vector<std::string> fuzzy_grades;
  std::vector<double> fuzzy_values;

  [[nodiscard]] Eigen::Index rows() const noexcept { return normalised.rows(); }

  /// Column of `scores` / `ranks` for an inner node code, or of `normalised` for a leaf.
  [[nodiscard]] Eigen::Index column_of(const std::string& code) const {
    const std::size_t i = framework.at(code);
    const auto& list = framework.is_leaf(i) ? framework.leaves() : framework.inner_nodes();
    return static_cast<Eigen::Index>(std::find(list.begin(), list.end(), i) - list.begin());
  }

  /// Scores of any node by code (an indicator's score is its normalised value).
  [[nodiscard]] Eigen::VectorXd score_of(const std::string& code) const {
    const std::size_t i = framework.at(code);
    return framework.is_leaf(i) ? Eigen::VectorXd(normalised.col(column_of(code)))
                                : Eigen::VectorXd(scores.col(column_of(code)));
  }
  /// Ranks of an inner node by code (1 = best).
  [[nodiscard]] Eigen::VectorXd rank_of(const std::string& code) const {
    const std::size_t i = framework.at(code);
    if (framework.is_leaf(i))
      throw recipe_error("result.no_rank", "indicators are not ranked; '" + code +
                                               "' is an indicator (rank its normalised values)");
    return ranks.col(column_of(code));
  }

  /// Scores of a node by framework index.
  [[nodiscard]] Eigen::VectorXd score_of(std::size_t node) const {
    return score_of(framework.node(node).code);
  }

  /// Contributions of the leaves below `code` to that node's score: rows x leaves-below (in
  /// framework.leaves_below order). Each node's score is split among its children by
  /// shares_of_row (aggregate.hpp), recursively. For arithmetic aggregation all the way down a
  /// contribution is exactly w_eff * x (renormalised over present indicators), and for every
  /// method the contributions of a row sum to the node's score.
  [[nodiscard]] Eigen::MatrixXd contributions(const std::string& code) const {
    const std::size_t top = framework.at(code);
    const std::vector<std::size_t> leaves = framework.leaves_below(top);
    Eigen::MatrixXd out(rows(), static_cast<Eigen::Index>(leaves.size()));
    if (framework.is_leaf(top)) {
      out.col(0) = score_of(top);
      return out;
    }
    // Share of every node below `top` in its parent's score, row by row.
    Eigen::MatrixXd share = Eigen::MatrixXd::Zero(rows(), static_cast<Eigen::Index>(framework.size()));
    std::vector<std::size_t> stack{top};
    std::vector<double> x, w, s;
    while (!stack.empty()) {
      const std::size_t k = stack.back();
      stack.pop_back();
      const auto& kids = framework.children(k);
      if (kids.empty()) continue;
      std::vector<Eigen::VectorXd> cols;
      for (std::size_t c : kids) cols.push_back(score_of(c));
      x.resize(kids.size());
      w.resize(kids.size());
      s.resize(kids.size());
      for (std::size_t c = 0; c < kids.size(); ++c) w[c] = weights[static_cast<Eigen::Index>(kids[c])];
      for (Eigen::Index r = 0; r < rows(); ++r) {
        for (std::size_t c = 0; c < kids.size(); ++c) x[c] = cols[c][r];
        shares_of_row(aggregations[k], x.data(), w.data(), kids.size(), s.data());
        for (std::size_t c = 0; c < kids.size(); ++c) share(r, static_cast<Eigen::Index>(kids[c])) = s[c];
      }
      for (std::size_t c : kids) stack.push_back(c);
    }
    const Eigen::VectorXd total = score_of(top);
    for (std::size_t k = 0; k < leaves.size(); ++k) {
      Eigen::VectorXd c = total;
      for (std::size_t i = leaves[k]; i != top; i = framework.parent(i))
        c.array() *= share.col(static_cast<Eigen::Index>(i)).array();
      out.col(static_cast<Eigen::Index>(k)) = c;
    }
    return out;
  }
};

}  // namespace tijian
