// SPDX-License-Identifier: MIT
// The uncertainty and sensitivity analyses (uncertainty.hpp, sensitivity.hpp, sobol.hpp) as
// tables (table.hpp): the per-unit summary of the Monte Carlo runs and the Sobol' indices, with
// zh/en labels and units. The command line's `uncertainty --out` CSV and the Python DataFrames
// read this. The run matrices (units x runs) stay matrices.
//
//   uncertainty  one row per unit: nominal score and rank, mean, median, 5th and 95th
//                percentile of the score and of the rank over the successful runs
//   sobol        one row per factor: first-order and total indices with their bootstrap
//                intervals
#pragma once

#include <cstddef>
#include <numeric>
#include <string>
#include <vector>

#include "common_columns.hpp"
#include "sobol.hpp"
#include "table.hpp"
#include "uncertainty.hpp"

namespace tijian {

/// The per-unit summary, rows in `order` (unit positions; empty: the units' order).
[[nodiscard]] inline table uncertainty_table(const uncertainty_result& u,
                                             std::vector<std::size_t> order = {}) {
  if (order.empty()) {
    order.resize(u.units.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
  }
  using row = std::size_t;
  auto at = [](const Eigen::VectorXd& v) { return [&v](row i) { return v[static_cast<Eigen::Index>(i)]; }; };
  const unit_name score = units::score, rank = units::rank;
  table t("uncertainty", "不确定性分析", "Uncertainty of scores and ranks");
  t.text("unit", {"城市", "Unit"}, order, [&](row i) { return u.units[i]; });
  t.real("nominal_score", in("名义得分", "Nominal score", score), order, at(u.nominal_score));
  t.real("nominal_rank", in("名义排名", "Nominal rank", rank), order, at(u.nominal_rank));
  t.real("score_mean", in("得分均值", "Mean score", score), order, at(u.score_mean));
  t.real("score_median", in("得分中位数", "Median score", score), order, at(u.score_median));
  t.real("score_q05", in("得分 5% 分位数", "Score, 5th percentile", score), order, at(u.score_q05));
  t.real("score_q95", in("得分 95% 分位数", "Score, 95th percentile", score), order, at(u.score_q95));
  t.real("rank_mean", in("排名均值", "Mean rank", rank), order, at(u.rank_mean));
  t.real("rank_median", in("排名中位数", "Median rank", rank), order, at(u.rank_median));
  t.real("rank_q05", in("排名 5% 分位数", "Rank, 5th percentile", rank), order, at(u.rank_q05));
  t.real("rank_q95", in("排名 95% 分位数", "Rank, 95th percentile", rank), order, at(u.rank_q95));
  return t;
}

/// The Sobol' indices, one row per factor (`factors` names them, in the indices' order).
[[nodiscard]] inline table sobol_table(const sobol_indices& s, const std::vector<std::string>& factors) {
  if (static_cast<Eigen::Index>(factors.size()) != s.first.size())
    throw recipe_error("sensitivity.shape", std::to_string(factors.size()) + " names for " +
                                                std::to_string(s.first.size()) + " factors");
  std::vector<std::size_t> rows(factors.size());
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  using row = std::size_t;
  auto at = [](const Eigen::VectorXd& v) { return [&v](row i) { return v[static_cast<Eigen::Index>(i)]; }; };
  const unit_name none = units::dimensionless;
  table t("sobol", "Sobol 敏感性指数", "Sobol' sensitivity indices");
  t.text("factor", {"因素", "Factor"}, rows, [&](row i) { return factors[i]; });
  t.real("first", in("一阶指数", "First-order index", none), rows, at(s.first));
  t.real("first_lo", in("一阶指数下限", "First-order index, lower bound", none), rows, at(s.first_lo));
  t.real("first_hi", in("一阶指数上限", "First-order index, upper bound", none), rows, at(s.first_hi));
  t.real("total", in("总效应指数", "Total index", none), rows, at(s.total));
  t.real("total_lo", in("总效应指数下限", "Total index, lower bound", none), rows, at(s.total_lo));
  t.real("total_hi", in("总效应指数上限", "Total index, upper bound", none), rows, at(s.total_hi));
  return t;
}

}  // namespace tijian
