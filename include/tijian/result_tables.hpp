// SPDX-License-Identifier: MIT
// The scoring result as a table (table.hpp): one row per unit and period with the score, rank
// (and grade) of every aggregate and the normalised value of every indicator - the wide table
// spreadsheets read (`tijian score --out x.csv`). Labels name each column in Chinese and English;
// scores and normalised values are in score points on the scale the normalisation chose.
//
//   table scores_table(const result&);   // unit, name, period, <node>_score, <node>_rank
//                                        // [, <node>_grade], <indicator>_norm
//
// A result whose parts have inconsistent shapes (built or edited by hand) is refused with
// error "result.shape" before anything is read.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <limits>
#include <utility>
#include <string>
#include <vector>

#include "common_columns.hpp"
#include "error.hpp"
#include "result.hpp"
#include "table.hpp"

namespace tijian {

namespace detail {

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
}


}  // namespace detail

[[nodiscard]] inline table scores_table(const result& r) {
  detail::check_shape(r);
  std::vector<std::size_t> rows(r.units.size());
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  const framework& f = r.framework;
  auto names = [&](const std::string& code) {
    const std::size_t n = f.find(code);
    if (n == framework::npos) return std::pair<std::string, std::string>(code, code);
    return std::pair<std::string, std::string>(f.node(n).name_zh, f.node(n).name_en);
  };
  table t("scores", "综合评价结果", "Scores, ranks and normalised values");
  t.text("unit", {"城市", "Unit"}, rows, [&](std::size_t i) { return r.units[i]; });
  t.text("name", {"名称", "Name"}, rows,
         [&](std::size_t i) { return i < r.unit_names.size() ? r.unit_names[i] : std::string(); });
  t.text("period", {"时期", "Period"}, rows,
         [&](std::size_t i) { return i < r.periods.size() ? r.periods[i] : std::string(); });
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

}  // namespace tijian
