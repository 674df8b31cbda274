// SPDX-License-Identifier: MIT
// Indicator statistics (指标统计与诊断): what auditors ask before trusting an index (COINr's
// get_stats, get_corr, get_corr_flags, get_cronbach, get_PCA; coinr.md §9).
//
//  * indicator_stats: per indicator and period, min, max, mean, median, sd (n - 1), skewness and
//    excess kurtosis (type 2, treat.hpp), counts and shares of available, non-zero, unique
//    values and of the largest tie, and flags. Shares: available / rows of the period; non-zero,
//    unique and same / available values. Flags (COINr's thresholds): low_availability when
//    share_available < t_avail (0.65), low_nonzero when share_nonzero < t_nonzero (0.5),
//    low_unique when share_unique < t_unique (0.5), skew_kurt_outlier when |skew| > t_skew (2)
//    AND kurt > t_kurt (3.5) (get_stats uses strict inequalities; the treatment check uses >=).
//  * correlations: Pearson, Spearman or Kendall tau-b, pairwise complete (correlation.hpp), per
//    period: every pair of indicators within a group at `level`, flagged "collinear" when
//    r > collinear (0.9) and "negative" when r < negative (-0.4); and every node with its parent
//    (an indicator's normalised value or an aggregate's score against the parent's score),
//    flagged "negative" when r < negative.
//  * cronbach_alpha: k / (k - 1) (1 - sum of variances / sum of all covariance entries), with
//    pairwise-complete covariances (n - 1), equal to COINr's k^2 mean(off-diagonal cov) / sum(cov).
//  * pca: principal components of standardised columns on the complete rows (rows with a
//    missing value are dropped, as COINr's na.omit): eigenvalues of the correlation matrix in
//    decreasing order, the share of variance each explains, and the loadings (unit eigenvectors;
//    the sign of each is fixed so that its entries sum to a positive number, COINr's is
//    arbitrary). A column constant on the complete rows contributes a zero row and column.
//  * stats(): all of it for a framework and data under a recipe, on the values stats_options::
//    values names (every table row says which, column `values`):
//      normalised (default): the indicator table on the data normalisation reads (after
//        preparation, if the recipe prepares), correlations, alpha and PCA on the normalised
//        values (direction-adjusted, so a negative correlation is a real conflict, not a cost
//        indicator);
//      prepared: every table on the data normalisation reads;
//      raw: every table on the data as given, before preparation (COINr's get_stats and
//        get_corr on dset = "Raw"; cost indicators not flipped).
//    Correlations of a node with its parent's score are always of normalised values and scores
//    (the structure of the index), and say so.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "correlation.hpp"
#include "detail/prep.hpp"
#include "linalg.hpp"
#include "panel.hpp"
#include "score.hpp"
#include "treat.hpp"
#include "weights.hpp"

namespace tijian {

/// Which values stats() describes (see the header comment).
enum class stats_values { normalised, prepared, raw };

template <>
struct enum_names<stats_values> {
  static constexpr const char* what = "statistics values";
  static constexpr enum_name<stats_values> entries[] = {
      {stats_values::normalised, "normalised", "标准化值", "normalised values"},
      {stats_values::prepared, "prepared", "预处理后数据", "prepared data"},
      {stats_values::raw, "raw", "原始数据", "raw data"},
  };
  static constexpr enum_alias<stats_values> aliases[] = {{"normalized", stats_values::normalised}};
};

struct stats_options {
  stats_values values = stats_values::normalised;  ///< what the tables describe
  double t_skew = 2.0;
  double t_kurt = 3.5;
  double t_avail = 0.65;
  double t_nonzero = 0.5;
  double t_unique = 0.5;
  correlation_kind correlation = correlation_kind::pearson;
  double collinear = 0.9;  ///< within-group pairs with r above this are flagged "collinear"
  double negative = -0.4;  ///< pairs with r below this are flagged "negative"
  int level = 2;           ///< groups for within-group correlations, alpha and PCA
};

/// One row of the indicator table.
struct indicator_statistics {
  std::string indicator;
  std::string period;
  std::size_t rows = 0;  ///< units in the period
  double min = detail::prep::nan, max = detail::prep::nan, mean = detail::prep::nan;
  double median = detail::prep::nan, sd = detail::prep::nan;
  double skew = detail::prep::nan, kurt = detail::prep::nan;
  std::size_t available = 0, nonzero = 0, unique = 0, same = 0;
  double share_available = detail::prep::nan, share_nonzero = detail::prep::nan;
  double share_unique = detail::prep::nan, share_same = detail::prep::nan;
  bool low_availability = false, low_nonzero = false, low_unique = false, skew_kurt_outlier = false;
  stats_values values = stats_values::prepared;  ///< the values described
};

/// Statistics of the named columns of a panel (all its columns when `codes` is empty), per
/// period. Throws data_error "data.unknown_column" for a code that is not a column.
[[nodiscard]] inline std::vector<indicator_statistics> indicator_stats(
    const panel& data, const std::vector<std::string>& codes = {}, const stats_options& o = {}) {
  const std::vector<std::string>& names = codes.empty() ? data.indicators : codes;
  std::vector<indicator_statistics> out;
  const auto periods = detail::prep::rows_by_period(data);
  for (const auto& code : names) {
    const Eigen::Index c = data.column(code);
    if (c < 0) {
      location l;
      l.file = data.source;
      l.indicator = code;
      throw data_error("data.unknown_column", "no such column in the data", l);
    }
    for (const auto& [period, rows] : periods) {
      indicator_statistics s;
      s.indicator = code;
      s.period = period;
      s.rows = rows.size();
      std::vector<double> v;
      for (Eigen::Index r : rows)
        if (!std::isnan(data.values(r, c))) v.push_back(data.values(r, c));
      s.available = v.size();
      s.share_available = s.rows ? static_cast<double>(s.available) / static_cast<double>(s.rows)
                                 : detail::prep::nan;
      if (!v.empty()) {
        std::vector<double> sorted = v;
        std::sort(sorted.begin(), sorted.end());
        s.min = sorted.front();
        s.max = sorted.back();
        s.mean = detail::prep::mean_of(v);
        s.median = detail::prep::median_of(v);
        if (v.size() > 1) {
          double ss = 0;
          for (double x : v) ss += (x - s.mean) * (x - s.mean);
          s.sd = std::sqrt(ss / static_cast<double>(v.size() - 1));
        }
        s.skew = skewness(v);
        s.kurt = kurtosis(v);
        for (double x : v) s.nonzero += x != 0;
        std::size_t run = 0;
        for (std::size_t i = 0; i < sorted.size(); ++i) {
          if (i == 0 || sorted[i] != sorted[i - 1]) {
            ++s.unique;
            run = 0;
          }
          s.same = std::max(s.same, ++run);
        }
        const auto a = static_cast<double>(s.available);
        s.share_nonzero = static_cast<double>(s.nonzero) / a;
        s.share_unique = static_cast<double>(s.unique) / a;
        s.share_same = static_cast<double>(s.same) / a;
      }
      s.low_availability = !(s.share_available >= o.t_avail);
      s.low_nonzero = s.available > 0 && s.share_nonzero < o.t_nonzero;
      s.low_unique = s.available > 0 && s.share_unique < o.t_unique;
      s.skew_kurt_outlier = std::fabs(s.skew) > o.t_skew && s.kurt > o.t_kurt;
      out.push_back(std::move(s));
    }
  }
  return out;
}

/// Why a correlation pair is flagged: the codes of correlation_entry::flag, with the labels the
/// report prints.
enum class correlation_flag { collinear, negative };

template <>
struct enum_names<correlation_flag> {
  static constexpr const char* what = "correlation flag";
  static constexpr enum_name<correlation_flag> entries[] = {
      {correlation_flag::collinear, "collinear", "高度共线", "collinear"},
      {correlation_flag::negative, "negative", "负相关", "negative"},
  };
};

/// One correlation of two columns.
struct correlation_entry {
  std::string a;         ///< indicator or node code
  std::string b;         ///< the other indicator, or the parent
  std::string relation;  ///< "within_group" or "with_parent"
  std::string group;     ///< the group node (within_group) or the parent (with_parent)
  std::string period;
  double r = detail::prep::nan;
  std::size_t n = 0;  ///< rows where both are present
  std::string flag;   ///< "collinear", "negative" or "" (codes of correlation_flag)
  stats_values values = stats_values::normalised;  ///< the values correlated
};

/// Correlations of every pair of leaves within each group at `o.level`, per period.
/// `leaf_values` is rows x leaves in the framework's leaf order; `periods` labels its rows.
[[nodiscard]] inline std::vector<correlation_entry> correlations_within_groups(
    const framework& fw, const Eigen::MatrixXd& leaf_values, const std::vector<std::string>& periods,
    const stats_options& o = {}) {
  panel labels;
  labels.periods = periods;
  labels.values.resize(leaf_values.rows(), 0);
  std::vector<correlation_entry> out;
  for (const auto& [period, rows] : detail::prep::rows_by_period(labels)) {
    for (const auto& [g, leaves] : detail::prep::leaves_by_group(fw, o.level)) {
      if (leaves.size() < 2) continue;
      Eigen::MatrixXd X(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(leaves.size()));
      for (std::size_t q = 0; q < leaves.size(); ++q)
        for (std::size_t i = 0; i < rows.size(); ++i)
          X(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(q)) =
              leaf_values(rows[i], static_cast<Eigen::Index>(leaves[q]));
      const detail::corr::pairwise_correlation pc = detail::corr::correlations(X, o.correlation);
      for (std::size_t p = 0; p < leaves.size(); ++p)
        for (std::size_t q = p + 1; q < leaves.size(); ++q) {
          correlation_entry e;
          e.a = fw.node(fw.leaves()[leaves[p]]).code;
          e.b = fw.node(fw.leaves()[leaves[q]]).code;
          e.relation = "within_group";
          e.group = fw.node(g).code;
          e.period = period;
          e.r = pc.r(static_cast<Eigen::Index>(q), static_cast<Eigen::Index>(p));
          e.n = static_cast<std::size_t>(pc.n(static_cast<Eigen::Index>(q), static_cast<Eigen::Index>(p)));
          e.flag = e.r > o.collinear  ? to_string(correlation_flag::collinear)
                   : e.r < o.negative ? to_string(correlation_flag::negative)
                                      : "";
          out.push_back(std::move(e));
        }
    }
  }
  return out;
}

/// Correlation of every node (indicator or aggregate) with its parent's score, per period.
[[nodiscard]] inline std::vector<correlation_entry> correlations_with_parents(const result& res,
                                                                              const stats_options& o = {}) {
  const framework& fw = res.framework;
  panel labels;
  labels.periods = res.periods;
  labels.values.resize(res.rows(), 0);
  std::vector<correlation_entry> out;
  std::vector<Eigen::VectorXd> score(fw.size());
  for (std::size_t i = 0; i < fw.size(); ++i) score[i] = res.score_of(i);
  for (const auto& [period, rows] : detail::prep::rows_by_period(labels)) {
    for (std::size_t i = 0; i < fw.size(); ++i) {
      const std::size_t parent = fw.parent(i);
      if (parent == framework::npos) continue;
      Eigen::MatrixXd X(static_cast<Eigen::Index>(rows.size()), 2);
      for (std::size_t k = 0; k < rows.size(); ++k) {
        X(static_cast<Eigen::Index>(k), 0) = score[i][rows[k]];
        X(static_cast<Eigen::Index>(k), 1) = score[parent][rows[k]];
      }
      const detail::corr::pairwise_correlation pc = detail::corr::correlations(X, o.correlation);
      correlation_entry e;
      e.a = fw.node(i).code;
      e.b = fw.node(parent).code;
      e.relation = "with_parent";
      e.group = e.b;
      e.period = period;
      e.r = pc.r(1, 0);
      e.n = static_cast<std::size_t>(pc.n(1, 0));
      e.flag = e.r < o.negative ? to_string(correlation_flag::negative) : "";
      out.push_back(std::move(e));
    }
  }
  return out;
}

/// Cronbach's alpha of the columns of X (pairwise-complete covariances). NaN with fewer than 2
/// columns or when a covariance is undefined.
[[nodiscard]] inline double cronbach_alpha(const Eigen::Ref<const Eigen::MatrixXd>& X) {
  const Eigen::Index k = X.cols();
  if (k < 2) return detail::prep::nan;
  double total = 0, trace = 0;
  for (Eigen::Index a = 0; a < k; ++a)
    for (Eigen::Index b = 0; b <= a; ++b) {
      double sa = 0, sb = 0;
      std::size_t n = 0;
      for (Eigen::Index i = 0; i < X.rows(); ++i)
        if (!std::isnan(X(i, a)) && !std::isnan(X(i, b))) sa += X(i, a), sb += X(i, b), ++n;
      if (n < 2) return detail::prep::nan;
      const double ma = sa / static_cast<double>(n), mb = sb / static_cast<double>(n);
      double c = 0;
      for (Eigen::Index i = 0; i < X.rows(); ++i)
        if (!std::isnan(X(i, a)) && !std::isnan(X(i, b))) c += (X(i, a) - ma) * (X(i, b) - mb);
      c /= static_cast<double>(n - 1);
      total += a == b ? c : 2 * c;
      if (a == b) trace += c;
    }
  if (!(total != 0)) return detail::prep::nan;
  const auto kk = static_cast<double>(k);
  return kk / (kk - 1) * (1 - trace / total);
}

/// Alpha of one group in one period.
struct group_alpha {
  std::string group;
  std::string period;
  std::size_t indicators = 0;
  double alpha = detail::prep::nan;
  stats_values values = stats_values::normalised;
};

/// Principal components of a group's columns.
struct pca_summary {
  std::string group;
  std::string period;
  std::vector<std::string> indicators;
  std::size_t rows_used = 0;       ///< complete rows
  Eigen::VectorXd eigenvalues;     ///< decreasing
  Eigen::VectorXd variance_share;  ///< eigenvalue / sum
  Eigen::VectorXd cumulative_share;
  Eigen::MatrixXd loadings;  ///< indicators x components; column c is component c + 1
  std::string note;          ///< why it is empty, if it is
  std::string note_zh;       ///< the same in Chinese
  stats_values values = stats_values::normalised;
};

/// PCA of the columns of X on its complete rows (see the header comment). Fewer than 3
/// complete rows or every column constant: empty vectors and a note.
[[nodiscard]] inline pca_summary pca(const Eigen::Ref<const Eigen::MatrixXd>& X) {
  pca_summary s;
  const Eigen::Index m = X.cols();
  std::vector<Eigen::Index> complete;
  for (Eigen::Index i = 0; i < X.rows(); ++i)
    if (!X.row(i).hasNaN()) complete.push_back(i);
  s.rows_used = complete.size();
  if (complete.size() < 3 || m < 1) {
    s.note = "fewer than 3 complete rows";
    s.note_zh = "完整样本不足 3 行";
    return s;
  }
  const auto n = static_cast<double>(complete.size());
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(m), sd = Eigen::VectorXd::Zero(m);
  for (Eigen::Index j = 0; j < m; ++j) {
    for (Eigen::Index i : complete) mean(j) += X(i, j);
    mean(j) /= n;
    for (Eigen::Index i : complete) sd(j) += (X(i, j) - mean(j)) * (X(i, j) - mean(j));
    sd(j) = std::sqrt(sd(j) / (n - 1));
  }
  Eigen::MatrixXd C = Eigen::MatrixXd::Zero(m, m);
  bool any = false;
  for (Eigen::Index a = 0; a < m; ++a) {
    if (!(sd(a) > 0)) continue;
    any = true;
    for (Eigen::Index b = 0; b <= a; ++b) {
      if (!(sd(b) > 0)) continue;
      double c = 0;
      for (Eigen::Index i : complete) c += (X(i, a) - mean(a)) * (X(i, b) - mean(b));
      C(a, b) = C(b, a) = a == b ? 1.0 : std::clamp(c / (n - 1) / (sd(a) * sd(b)), -1.0, 1.0);
    }
  }
  if (!any) {
    s.note = "every column is constant on the complete rows";
    s.note_zh = "完整样本上每一列都是常数";
    return s;
  }
  Eigen::VectorXd values;
  Eigen::MatrixXd vectors;
  detail::linalg::symmetric_eigen(C, values, vectors);
  std::vector<Eigen::Index> order(static_cast<std::size_t>(m));
  for (Eigen::Index j = 0; j < m; ++j) order[static_cast<std::size_t>(j)] = j;
  std::stable_sort(order.begin(), order.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return values(a) > values(b); });
  s.eigenvalues.resize(m);
  s.loadings.resize(m, m);
  for (Eigen::Index c = 0; c < m; ++c) {
    const Eigen::Index src = order[static_cast<std::size_t>(c)];
    s.eigenvalues(c) = std::max(0.0, values(src));
    Eigen::VectorXd v = vectors.col(src);
    const double sum = v.sum();
    Eigen::Index big = 0;
    v.cwiseAbs().maxCoeff(&big);
    if (sum < -1e-10 || (std::fabs(sum) <= 1e-10 && v(big) < 0)) v = -v;
    s.loadings.col(c) = v;
  }
  const double total = s.eigenvalues.sum();
  s.variance_share = s.eigenvalues / total;
  s.cumulative_share.resize(m);
  double acc = 0;
  for (Eigen::Index c = 0; c < m; ++c) s.cumulative_share(c) = acc += s.variance_share(c);
  return s;
}

/// Everything stats() computes.
struct stats_report {
  std::vector<indicator_statistics> indicators;
  std::vector<correlation_entry> correlations;  ///< within groups, then with parents
  std::vector<group_alpha> alpha;
  std::vector<pca_summary> pca;
  stats_options options;  ///< the options the statistics were computed with
};

/// The statistics of a framework's indicators under a recipe (see the header comment): scores
/// the data (so the recipe's preparation and normalisation apply) and analyses the result.
/// Throws what score() throws.
[[nodiscard]] inline stats_report stats(const framework& fw, const panel& data, const recipe& r = {},
                                        const stats_options& o = {}) {
  if (o.level < 2)
    throw recipe_error("stats.level", "stats level must be 2 or more (indicators are level 1)");
  // a NaN threshold would silently flag nothing
  for (const auto& [name, value] : {std::pair<const char*, double>{"t_skew", o.t_skew},
                                    {"t_kurt", o.t_kurt},
                                    {"collinear", o.collinear},
                                    {"negative", o.negative}})
    if (!std::isfinite(value))
      throw recipe_error("stats.threshold", std::string(name) + " must be a finite number");
  for (const auto& [name, value] : {std::pair<const char*, double>{"t_avail", o.t_avail},
                                    {"t_nonzero", o.t_nonzero},
                                    {"t_unique", o.t_unique}})
    if (!(value >= 0 && value <= 1))
      throw recipe_error("stats.threshold", std::string(name) + " is a share and must lie in [0, 1]");
  const result res = score(fw, data, r);
  stats_report out;
  out.options = o;
  // the data normalisation read, in the framework's leaf order
  panel read;
  read.units = res.units;
  read.periods = res.periods;
  read.indicators = res.indicators;
  read.source = data.source;
  const std::vector<Eigen::Index> col = detail::prep::leaf_columns(fw, data);
  if (res.prepared.size() > 0) {
    read.values = res.prepared;
  } else {
    read.values.resize(data.rows(), static_cast<Eigen::Index>(col.size()));
    for (std::size_t k = 0; k < col.size(); ++k)
      read.values.col(static_cast<Eigen::Index>(k)) = data.values.col(col[k]);
  }
  // the data as given (its own rows: screening may have dropped some from the result)
  panel raw;
  if (o.values == stats_values::raw) {
    raw.units = data.units;
    raw.periods = data.periods;
    raw.indicators = res.indicators;
    raw.source = data.source;
    raw.values.resize(data.rows(), static_cast<Eigen::Index>(col.size()));
    for (std::size_t k = 0; k < col.size(); ++k)
      raw.values.col(static_cast<Eigen::Index>(k)) = data.values.col(col[k]);
  }
  const panel& described = o.values == stats_values::raw ? raw : read;
  out.indicators = indicator_stats(described, {}, o);
  const stats_values table_values = o.values == stats_values::raw ? stats_values::raw
                                                                  : stats_values::prepared;
  for (auto& s : out.indicators) s.values = table_values;
  // correlations, alpha and PCA: the normalised values, or the data described above
  const Eigen::MatrixXd& analysed = o.values == stats_values::normalised ? res.normalised : described.values;
  const std::vector<std::string>& analysed_periods = o.values == stats_values::normalised ? res.periods
                                                                                          : described.periods;
  out.correlations = correlations_within_groups(fw, analysed, analysed_periods, o);
  for (auto& e : out.correlations) e.values = o.values;
  for (auto& e : correlations_with_parents(res, o)) out.correlations.push_back(std::move(e));
  panel labels;
  labels.periods = analysed_periods;
  labels.values.resize(static_cast<Eigen::Index>(analysed_periods.size()), 0);
  for (const auto& [period, rows] : detail::prep::rows_by_period(labels))
    for (const auto& [g, leaves] : detail::prep::leaves_by_group(fw, o.level)) {
      Eigen::MatrixXd X(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(leaves.size()));
      for (std::size_t q = 0; q < leaves.size(); ++q)
        for (std::size_t i = 0; i < rows.size(); ++i)
          X(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(q)) =
              analysed(rows[i], static_cast<Eigen::Index>(leaves[q]));
      group_alpha a;
      a.group = fw.node(g).code;
      a.period = period;
      a.indicators = leaves.size();
      a.alpha = cronbach_alpha(X);
      a.values = o.values;
      out.alpha.push_back(a);
      pca_summary p = pca(X);
      p.group = a.group;
      p.period = period;
      p.values = o.values;
      for (std::size_t k : leaves) p.indicators.push_back(fw.node(fw.leaves()[k]).code);
      out.pca.push_back(std::move(p));
    }
  return out;
}

}  // namespace tijian
