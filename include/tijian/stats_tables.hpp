// SPDX-License-Identifier: MIT
// The indicator statistics (stats.hpp) as tables (table.hpp): one description of the indicator
// table, the correlation pairs, Cronbach's alpha and the PCA summary, with zh/en labels and
// units. The command line's `stats --out` CSV, the Python DataFrames and the report read this.
//
//   indicators    one row per indicator and period
//   correlations  one row per pair: within a group, or a node with its parent
//   alpha         one row per group and period
//   pca           one row per principal component of each group and period; a group whose
//                 PCA could not be computed has one row with no component and the reason
//
// The loadings (indicators x components) stay matrices.
//
// Units: min, max, mean, median and sd are in the indicator's own unit (after the recipe's
// preparation); shares are ratios; skewness, kurtosis, r, alpha and eigenvalues pure numbers.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common_columns.hpp"
#include "stats.hpp"
#include "table.hpp"

namespace tijian {

[[nodiscard]] inline table statistics_table(const std::vector<indicator_statistics>& rows) {
  using row = indicator_statistics;
  const unit_name own = units::indicator, none = units::dimensionless, share = units::ratio, n = units::count;
  table t("indicators", "指标统计", "Indicator statistics");
  t.text("indicator", {"指标", "Indicator"}, rows, [](const row& x) { return x.indicator; });
  t.text("period", {"时期", "Period"}, rows, [](const row& x) { return x.period; });
  t.integer("rows", in("样本数", "Units in the period", n), rows, [](const row& x) { return x.rows; });
  t.integer("available", in("有效值数", "Values available", n), rows,
            [](const row& x) { return x.available; });
  t.real("share_available", in("可得率", "Share available", share), rows,
         [](const row& x) { return x.share_available; });
  t.real("min", in("最小值", "Minimum", own), rows, [](const row& x) { return x.min; });
  t.real("max", in("最大值", "Maximum", own), rows, [](const row& x) { return x.max; });
  t.real("mean", in("均值", "Mean", own), rows, [](const row& x) { return x.mean; });
  t.real("median", in("中位数", "Median", own), rows, [](const row& x) { return x.median; });
  t.real("sd", in("标准差", "Standard deviation (n - 1)", own), rows, [](const row& x) { return x.sd; });
  t.real("skew", in("偏度", "Skewness", none), rows, [](const row& x) { return x.skew; });
  t.real("kurt", in("峰度（超额）", "Excess kurtosis", none), rows, [](const row& x) { return x.kurt; });
  t.integer("nonzero", in("非零值数", "Non-zero values", n), rows, [](const row& x) { return x.nonzero; });
  t.real("share_nonzero", in("非零值占比", "Share non-zero", share), rows,
         [](const row& x) { return x.share_nonzero; });
  t.integer("unique", in("不同值数", "Unique values", n), rows, [](const row& x) { return x.unique; });
  t.real("share_unique", in("不同值占比", "Share unique", share), rows,
         [](const row& x) { return x.share_unique; });
  t.integer("same", in("最大并列数", "Largest tie", n), rows, [](const row& x) { return x.same; });
  t.real("share_same", in("最大并列占比", "Share of the largest tie", share), rows,
         [](const row& x) { return x.share_same; });
  t.boolean("low_availability", {"可得率低", "Low availability"}, rows,
            [](const row& x) { return x.low_availability; });
  t.boolean("low_nonzero", {"非零值少", "Few non-zero values"}, rows,
            [](const row& x) { return x.low_nonzero; });
  t.boolean("low_unique", {"不同值少", "Few unique values"}, rows, [](const row& x) { return x.low_unique; });
  t.boolean("skew_kurt_outlier", {"偏度峰度异常", "Skewness and kurtosis outlier"}, rows,
            [](const row& x) { return x.skew_kurt_outlier; });
  t.categorical<stats_values>("values", {"统计对象", "Values described"}, rows,
                              [](const row& x) { return x.values; });
  return t;
}

[[nodiscard]] inline table correlation_table(const std::vector<correlation_entry>& rows) {
  using row = correlation_entry;
  table t("correlations", "相关性", "Correlations");
  t.text("a", {"指标或节点", "Indicator or node"}, rows, [](const row& x) { return x.a; });
  t.text("b", {"另一指标或上级", "Other indicator, or the parent"}, rows, [](const row& x) { return x.b; });
  t.text("relation", {"关系", "Relation"}, rows, [](const row& x) { return x.relation; });
  t.text("group", {"分组", "Group"}, rows, [](const row& x) { return x.group; });
  t.text("period", {"时期", "Period"}, rows, [](const row& x) { return x.period; });
  t.real("r", in("相关系数", "Correlation r", units::dimensionless), rows, [](const row& x) { return x.r; });
  t.integer("n", in("样本数", "Rows with both values", units::count), rows, [](const row& x) { return x.n; });
  t.text("flag", {"标记", "Flag"}, rows, [](const row& x) { return x.flag; });
  t.categorical<stats_values>("values", {"统计对象", "Values correlated"}, rows,
                              [](const row& x) { return x.values; });
  return t;
}

[[nodiscard]] inline table alpha_table(const std::vector<group_alpha>& rows) {
  using row = group_alpha;
  table t("alpha", "克朗巴哈系数", "Cronbach's alpha");
  t.text("group", {"分组", "Group"}, rows, [](const row& x) { return x.group; });
  t.text("period", {"时期", "Period"}, rows, [](const row& x) { return x.period; });
  t.integer("indicators", in("指标数", "Indicators", units::count), rows,
            [](const row& x) { return x.indicators; });
  t.real("alpha", in("克朗巴哈系数", "Cronbach's alpha", units::dimensionless), rows,
         [](const row& x) { return x.alpha; });
  t.categorical<stats_values>("values", {"统计对象", "Values analysed"}, rows,
                              [](const row& x) { return x.values; });
  return t;
}

/// One row per component of every group's PCA; a PCA that could not be computed gives one
/// row with a missing component and the reason in `note`.
[[nodiscard]] inline table pca_table(const std::vector<pca_summary>& list) {
  struct row {
    const pca_summary* p;
    Eigen::Index c;  // -1: no component
  };
  std::vector<row> rows;
  for (const auto& p : list) {
    if (p.variance_share.size() == 0) rows.push_back({&p, -1});
    for (Eigen::Index c = 0; c < p.variance_share.size(); ++c) rows.push_back({&p, c});
  }
  auto of = [](const Eigen::VectorXd& v, const row& x) { return x.c < 0 ? detail::prep::nan : v(x.c); };
  table t("pca", "主成分分析", "Principal components");
  t.text("group", {"分组", "Group"}, rows, [](const row& x) { return x.p->group; });
  t.text("period", {"时期", "Period"}, rows, [](const row& x) { return x.p->period; });
  t.integer("component", {"主成分", "Component"}, rows,
            [](const row& x) { return x.c < 0 ? std::nullopt : std::optional<Eigen::Index>(x.c + 1); });
  t.real("eigenvalue", in("特征值", "Eigenvalue", units::dimensionless), rows,
         [&](const row& x) { return of(x.p->eigenvalues, x); });
  t.real("variance_share", in("方差贡献率", "Share of variance", units::ratio), rows,
         [&](const row& x) { return of(x.p->variance_share, x); });
  t.real("cumulative_share", in("累计方差贡献率", "Cumulative share of variance", units::ratio), rows,
         [&](const row& x) { return of(x.p->cumulative_share, x); });
  t.integer("rows_used", in("完整样本数", "Complete rows used", units::count), rows,
            [](const row& x) { return x.p->rows_used; });
  t.text("note", {"说明（英文）", "Note"}, rows, [](const row& x) { return x.p->note; }).written_in =
      language::en;
  t.text("note_zh", {"说明", "Note (Chinese)"}, rows, [](const row& x) { return x.p->note_zh; }).written_in =
      language::zh;
  t.categorical<stats_values>("values", {"统计对象", "Values analysed"}, rows,
                              [](const row& x) { return x.p->values; });
  return t;
}

/// Every table of a stats report.
[[nodiscard]] inline document describe(const stats_report& r) {
  document d;
  const stats_options& o = r.options;
  document opts;
  opts.field("level", static_cast<std::int64_t>(o.level))
      .field("correlation", std::string(to_string(o.correlation)))
      .field("t_skew", o.t_skew)
      .field("t_kurt", o.t_kurt)
      .field("t_avail", o.t_avail)
      .field("t_nonzero", o.t_nonzero)
      .field("t_unique", o.t_unique)
      .field("collinear", o.collinear)
      .field("negative", o.negative)
      .field("values", std::string(to_string(o.values)));
  d.group("options", std::move(opts));
  d.add(statistics_table(r.indicators));
  d.add(correlation_table(r.correlations));
  d.add(alpha_table(r.alpha));
  d.add(pca_table(r.pca));
  return d;
}

}  // namespace tijian
