// SPDX-License-Identifier: MIT
// Agreement between raters (assessors) on plain vectors and matrices, independent of panels:
// used by the self-check vs third-party comparison (compare.hpp) and callable on their own.
//
//   agreement::spearman(x, y)             Spearman's rho with average ranks for ties
//   agreement::kendall_tau_b(x, y)        Kendall's tau-b with the tie correction
//   agreement::icc(ratings)               the six Shrout-Fleiss intraclass correlations
//   agreement::cohen_kappa(a, b, c, w)    Cohen's kappa, unweighted / linear / quadratic
//   agreement::bland_altman(x, y)         bias, limits of agreement and their CIs
//   agreement::kendall_w(ratings)         Kendall's coefficient of concordance W
//
// Degenerate input never gives a silent number: fewer observations than a statistic needs, a
// constant series (no variance), a single category, a non-finite value or vectors of different
// lengths throw tijian::data_error with one of the ids
//   agreement.too_few  agreement.constant  agreement.one_category  agreement.not_finite
//   agreement.shape    agreement.bad_option
// (callers that tabulate many statistics, such as compare.hpp, catch it and show NaN with the
// error's message as the reason). A p-value of exactly 0 means the statistic is at its bound
// (|rho| = 1 gives an infinite t).
//
// Spearman (Spearman 1904): rho = Pearson correlation of the average ranks (tied values share
// the mean of the ranks they span). Test of rho = 0: t = rho * sqrt((n - 2) / (1 - rho^2)) with
// n - 2 degrees of freedom, two-sided (the t approximation; scipy.stats.spearmanr). Needs n >= 3.
//
// Kendall's tau-b (Kendall 1945; Knight 1966 for the counts):
//   tau_b = (C - D) / sqrt((n0 - n1)(n0 - n2)),  n0 = n(n-1)/2, n1 = sum_i t_i(t_i-1)/2 over the
//   groups of ties in x, n2 the same in y. Test of tau = 0 with the normal approximation of
//   C - D and its variance under ties (Kendall 1970, ch. 4; scipy.stats.kendalltau,
//   method='asymptotic'):
//   var = (v0 - vt - vu)/18 + (sum t(t-1))(sum u(u-1)) / (2 n(n-1))
//         + (sum t(t-1)(t-2))(sum u(u-1)(u-2)) / (9 n(n-1)(n-2)),
//   v0 = n(n-1)(2n+5), vt = sum t(t-1)(2t+5), vu likewise; z = (C - D)/sqrt(var). Needs n >= 3.
//
// ICC (Shrout & Fleiss 1979, Psychol. Bull. 86:420-428; McGraw & Wong 1996, Psychol. Methods
// 1:30-46): ratings are n targets (rows) x k raters (columns), complete. From the two-way ANOVA
//   MSR = rows (targets), MSC = columns (raters), MSE = residual, MSW = (SSC + SSE) / (n(k-1)):
//   ICC(1,1) = (MSR - MSW) / (MSR + (k-1) MSW)                      McGraw-Wong ICC(1)
//   ICC(2,1) = (MSR - MSE) / (MSR + (k-1) MSE + k (MSC - MSE) / n)  ICC(A,1), absolute agreement
//   ICC(3,1) = (MSR - MSE) / (MSR + (k-1) MSE)                      ICC(C,1), consistency
//   ICC(1,k) = (MSR - MSW) / MSR                                    ICC(k)
//   ICC(2,k) = (MSR - MSE) / (MSR + (MSC - MSE) / n)                ICC(A,k)
//   ICC(3,k) = (MSR - MSE) / MSR                                    ICC(C,k)
// F tests of ICC = 0: one-way forms F = MSR/MSW with (n-1, n(k-1)) df; two-way forms F = MSR/MSE
// with (n-1, (n-1)(k-1)) df. Confidence intervals: the F-based intervals of McGraw & Wong 1996
// (Table 7), as pingouin.intraclass_corr computes them: for the one-way and consistency forms
// FL = F / F_{1-a/2}(df1, df2), FU = F * F_{1-a/2}(df2, df1) and
//   ICC(.,1) in [(FL-1)/(FL+k-1), (FU-1)/(FU+k-1)],  ICC(.,k) in [1 - 1/FL, 1 - 1/FU];
// for the absolute-agreement forms Satterthwaite's df
//   v = (a MSC + b MSE)^2 / ((a MSC)^2/(k-1) + (b MSE)^2/((n-1)(k-1))),
//   a = k ICC/(n(1-ICC)), b = 1 + k ICC (n-1)/(n(1-ICC))  (written as pingouin writes it), and
//   L = n(MSR - F* MSE) / (F* (k MSC + (kn - k - n) MSE) + n MSR),  F* = F_{1-a/2}(n-1, v)
//   U = n(F' MSR - MSE) / (k MSC + (kn - k - n) MSE + n F' MSR),    F' = F_{1-a/2}(v, n-1)
// and ICC(2,k)'s bounds by Spearman-Brown, L k / (1 + L (k-1)). Needs n >= 3 targets, k >= 2.
//
// Cohen's kappa (Cohen 1960; weighted: Cohen 1968) for two raters on c ordered categories
// 0..c-1, agreement weights w_ij = 1 (unweighted: 1 on the diagonal, 0 elsewhere),
// 1 - |i-j|/(c-1) (linear), 1 - (i-j)^2/(c-1)^2 (quadratic):
//   p_o = sum w_ij p_ij,  p_e = sum w_ij p_i. p_.j,  kappa = (p_o - p_e) / (1 - p_e).
// Large-sample standard errors of Fleiss, Cohen & Everitt (1969, Psychol. Bull. 72:323-327),
// with wbar_i. = sum_j p_.j w_ij and wbar_.j = sum_i p_i. w_ij:
//   se^2  = [sum p_ij (w_ij - (wbar_i. + wbar_.j)(1 - kappa))^2 - (kappa - p_e(1 - kappa))^2]
//           / (n (1 - p_e)^2)                                   (for the confidence interval)
//   se0^2 = [sum p_i. p_.j (w_ij - (wbar_i. + wbar_.j))^2 - p_e^2] / (n (1 - p_e)^2)
//                                                               (under kappa = 0, for z and p)
// CI = kappa -/+ z_{1-a/2} se (normal). One category used by both raters (p_e = 1) is an error.
//
// Bland-Altman (Bland & Altman 1986, Lancet i:307-310; 1999, Stat. Methods Med. Res. 8:135-160):
// d = x - y; bias = mean(d), s = sd(d) (n - 1); limits of agreement bias -/+ z s with z = 1.96
// (the published multiplier; an option). CI of the bias: bias -/+ t_{1-a/2, n-1} s / sqrt(n).
// CI of each limit: limit -/+ t_{1-a/2, n-1} s sqrt(1/n + z^2 / (2(n-1))) (Bland & Altman 1999,
// section 4.2; their 1986 paper rounds the factor to sqrt(3/n)). Needs n >= 3.
//
// Kendall's W (Kendall & Babington Smith 1939; tie correction Kendall 1970, ch. 6): ratings are
// n objects (rows) x m raters (columns); each rater's column is ranked (average ranks),
// R_i = the object's rank sum, S = sum (R_i - mean R)^2, T_j = sum (t^3 - t) over the rater's
// groups of ties:
//   W = 12 S / (m^2 (n^3 - n) - m sum_j T_j),  chi2 = m (n - 1) W with n - 1 df
// (= Friedman's tie-corrected statistic, scipy.stats.friedmanchisquare with the objects as
// treatments and the raters as blocks). Needs n >= 3 objects, m >= 2 raters.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "error.hpp"
#include "names.hpp"

namespace tijian {
namespace agreement {

/// A correlation with its test of no association.
struct correlation_test {
  double estimate = std::numeric_limits<double>::quiet_NaN();   ///< rho or tau-b
  double statistic = std::numeric_limits<double>::quiet_NaN();  ///< t (Spearman) or z (Kendall)
  double p_value = std::numeric_limits<double>::quiet_NaN();    ///< two-sided
  std::size_t n = 0;
};

/// The six Shrout-Fleiss forms, in their paper's order.
enum class icc_form { icc1, icc2, icc3, icc1k, icc2k, icc3k };

struct icc_row {
  icc_form form = icc_form::icc1;
  double value = std::numeric_limits<double>::quiet_NaN();
  double f = std::numeric_limits<double>::quiet_NaN();
  double df1 = std::numeric_limits<double>::quiet_NaN(), df2 = std::numeric_limits<double>::quiet_NaN();
  double p_value = std::numeric_limits<double>::quiet_NaN();
  double ci_low = std::numeric_limits<double>::quiet_NaN(),
         ci_high = std::numeric_limits<double>::quiet_NaN();
};

struct icc_result {
  std::size_t n = 0, k = 0;  ///< targets, raters
  double ms_rows = 0, ms_cols = 0, ms_error = 0, ms_within = 0;
  double confidence = 0.95;
  std::vector<icc_row> forms;  ///< all six, in icc_form order
  [[nodiscard]] const icc_row& operator[](icc_form f) const { return forms.at(static_cast<std::size_t>(f)); }
};

enum class kappa_weights { none, linear, quadratic };

struct kappa_result {
  kappa_weights weights = kappa_weights::none;
  std::size_t n = 0, categories = 0;
  double kappa = std::numeric_limits<double>::quiet_NaN();
  double p_observed = std::numeric_limits<double>::quiet_NaN(),
         p_expected = std::numeric_limits<double>::quiet_NaN();
  double se = std::numeric_limits<double>::quiet_NaN();   ///< Fleiss-Cohen-Everitt, for the CI
  double se0 = std::numeric_limits<double>::quiet_NaN();  ///< under kappa = 0, for z and p
  double z = std::numeric_limits<double>::quiet_NaN(), p_value = std::numeric_limits<double>::quiet_NaN();
  double ci_low = std::numeric_limits<double>::quiet_NaN(),
         ci_high = std::numeric_limits<double>::quiet_NaN();
  double confidence = 0.95;
};

struct bland_altman_result {
  std::size_t n = 0;
  double bias = std::numeric_limits<double>::quiet_NaN(), sd = std::numeric_limits<double>::quiet_NaN();
  double multiplier = 1.96, confidence = 0.95;
  double lower = std::numeric_limits<double>::quiet_NaN(), upper = std::numeric_limits<double>::quiet_NaN();
  double bias_ci_low = std::numeric_limits<double>::quiet_NaN(),
         bias_ci_high = std::numeric_limits<double>::quiet_NaN();
  double lower_ci_low = std::numeric_limits<double>::quiet_NaN(),
         lower_ci_high = std::numeric_limits<double>::quiet_NaN();
  double upper_ci_low = std::numeric_limits<double>::quiet_NaN(),
         upper_ci_high = std::numeric_limits<double>::quiet_NaN();
};

struct kendall_w_result {
  std::size_t n = 0, m = 0;  ///< objects, raters
  double w = std::numeric_limits<double>::quiet_NaN();
  double chi2 = std::numeric_limits<double>::quiet_NaN(), df = std::numeric_limits<double>::quiet_NaN();
  double p_value = std::numeric_limits<double>::quiet_NaN();
};

namespace detail {

[[noreturn]] inline void fail(const char* id, const std::string& message) {
  throw data_error(std::string("agreement.") + id, message);
}

inline void check_level(double confidence) {
  if (!(confidence > 0 && confidence < 1))
    fail("bad_option", "confidence must be between 0 and 1 (e.g. 0.95)");
}

inline void check_pairs(const std::vector<double>& x, const std::vector<double>& y, std::size_t at_least,
                        const char* what) {
  if (x.size() != y.size())
    fail("shape", std::string(what) + ": the two series have different lengths (" + std::to_string(x.size()) +
                      " and " + std::to_string(y.size()) + ")");
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!std::isfinite(x[i]) || !std::isfinite(y[i]))
      fail("not_finite", std::string(what) + ": value " + std::to_string(i + 1) +
                             " is missing or not finite; drop incomplete pairs first");
  if (x.size() < at_least)
    fail("too_few", std::string(what) + " needs at least " + std::to_string(at_least) + " pairs, got " +
                        std::to_string(x.size()));
}

inline bool constant(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [&](double a) { return a == v.front(); });
}

/// Average ranks (1-based) of v: tied values share the mean of the ranks they span.
inline std::vector<double> average_ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i + 1;
    while (j < order.size() && v[order[j]] == v[order[i]]) ++j;
    const double mean = 0.5 * static_cast<double>(i + 1 + j);  // mean of ranks i+1 .. j
    for (std::size_t t = i; t < j; ++t) r[order[t]] = mean;
    i = j;
  }
  return r;
}

/// Sizes of the groups of equal values (groups of one included).
inline std::vector<double> tie_groups(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::vector<double> out;
  for (std::size_t i = 0; i < v.size();) {
    std::size_t j = i + 1;
    while (j < v.size() && v[j] == v[i]) ++j;
    out.push_back(static_cast<double>(j - i));
    i = j;
  }
  return out;
}

inline double pearson(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n;
  const double mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return std::clamp(sab / std::sqrt(saa * sbb), -1.0, 1.0);
}

inline double two_sided_normal(double z) {
  if (std::isinf(z)) return 0.0;
  return 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal(), std::fabs(z)));
}

inline double f_quantile(double q, double d1, double d2) {
  return boost::math::quantile(boost::math::fisher_f(d1, d2), q);
}

inline double f_sf(double f, double d1, double d2) {
  if (std::isinf(f)) return 0.0;
  if (!(f > 0)) return 1.0;
  return boost::math::cdf(boost::math::complement(boost::math::fisher_f(d1, d2), f));
}

}  // namespace detail

/// Spearman's rho with its t-approximation test (see the top of this file).
[[nodiscard]] inline correlation_test spearman(const std::vector<double>& x, const std::vector<double>& y) {
  detail::check_pairs(x, y, 3, "Spearman's rho");
  if (detail::constant(x) || detail::constant(y))
    detail::fail("constant", "Spearman's rho is undefined when one series is constant (no variance)");
  correlation_test out;
  out.n = x.size();
  out.estimate = detail::pearson(detail::average_ranks(x), detail::average_ranks(y));
  const double df = static_cast<double>(out.n) - 2;
  const double r = out.estimate;
  if (std::fabs(r) >= 1) {
    out.statistic = std::copysign(std::numeric_limits<double>::infinity(), r);
    out.p_value = 0;
    return out;
  }
  out.statistic = r * std::sqrt(df / ((1 + r) * (1 - r)));
  out.p_value =
      2.0 * boost::math::cdf(boost::math::complement(boost::math::students_t(df), std::fabs(out.statistic)));
  return out;
}

/// Kendall's tau-b with the normal-approximation test under ties (see the top of this file).
[[nodiscard]] inline correlation_test kendall_tau_b(const std::vector<double>& x,
                                                    const std::vector<double>& y) {
  detail::check_pairs(x, y, 3, "Kendall's tau-b");
  if (detail::constant(x) || detail::constant(y))
    detail::fail("constant", "Kendall's tau-b is undefined when one series is constant (no variance)");
  const std::size_t n = x.size();
  std::int64_t s = 0;  // C - D, exact
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      const int sx = (x[i] < x[j]) - (x[i] > x[j]);
      const int sy = (y[i] < y[j]) - (y[i] > y[j]);
      s += sx * sy;
    }
  double n1 = 0, n2 = 0, t1 = 0, u1 = 0, t2 = 0, u2 = 0, t5 = 0, u5 = 0;
  for (double t : detail::tie_groups(x)) {
    n1 += t * (t - 1) / 2;
    t1 += t * (t - 1);
    t2 += t * (t - 1) * (t - 2);
    t5 += t * (t - 1) * (2 * t + 5);
  }
  for (double u : detail::tie_groups(y)) {
    n2 += u * (u - 1) / 2;
    u1 += u * (u - 1);
    u2 += u * (u - 1) * (u - 2);
    u5 += u * (u - 1) * (2 * u + 5);
  }
  const double nn = static_cast<double>(n);
  const double n0 = nn * (nn - 1) / 2;
  correlation_test out;
  out.n = n;
  out.estimate = std::clamp(static_cast<double>(s) / std::sqrt(n0 - n1) / std::sqrt(n0 - n2), -1.0, 1.0);
  const double m = nn * (nn - 1);
  const double var = (m * (2 * nn + 5) - t5 - u5) / 18 + (t1 * u1) / (2 * m) + t2 * u2 / (9 * m * (nn - 2));
  out.statistic = static_cast<double>(s) / std::sqrt(var);
  out.p_value = detail::two_sided_normal(out.statistic);
  return out;
}

/// The six Shrout-Fleiss ICCs of n targets (rows) x k raters (columns), with F tests and
/// McGraw-Wong confidence intervals (see the top of this file).
[[nodiscard]] inline icc_result icc(const Eigen::Ref<const Eigen::MatrixXd>& ratings,
                                    double confidence = 0.95) {
  detail::check_level(confidence);
  const Eigen::Index rows = ratings.rows(), cols = ratings.cols();
  if (!ratings.allFinite()) detail::fail("not_finite", "ICC: the ratings have missing or non-finite values");
  if (cols < 2) detail::fail("too_few", "ICC needs at least 2 raters (columns), got " + std::to_string(cols));
  if (rows < 3) detail::fail("too_few", "ICC needs at least 3 targets (rows), got " + std::to_string(rows));
  const double n = static_cast<double>(rows), k = static_cast<double>(cols);
  const double grand = ratings.mean();
  const double ss_total = (ratings.array() - grand).square().sum();
  const double ss_rows = k * (ratings.rowwise().mean().array() - grand).square().sum();
  const double ss_cols = n * (ratings.colwise().mean().array() - grand).square().sum();
  // the residuals themselves, not ss_total - ss_rows - ss_cols: that difference can come out a
  // rounding error below 0 when the raters agree exactly, and ICC(A,1) a hair above 1
  const Eigen::VectorXd row_means = ratings.rowwise().mean();
  const Eigen::RowVectorXd col_means = ratings.colwise().mean();
  double ss_error = 0;
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) {
      const double e = ratings(i, j) - row_means[i] - col_means[j] + grand;
      ss_error += e * e;
    }
  if (!(ss_total > 0)) detail::fail("constant", "ICC is undefined when every rating is the same");
  icc_result out;
  out.n = static_cast<std::size_t>(rows);
  out.k = static_cast<std::size_t>(cols);
  out.confidence = confidence;
  const double df_rows = n - 1, df_cols = k - 1, df_error = (n - 1) * (k - 1), df_within = n * (k - 1);
  const double msr = ss_rows / df_rows, msc = ss_cols / df_cols, mse = ss_error / df_error;
  const double msw = (ss_cols + ss_error) / df_within;
  out.ms_rows = msr;
  out.ms_cols = msc;
  out.ms_error = mse;
  out.ms_within = msw;
  const double q = 1 - (1 - confidence) / 2;

  auto row = [](icc_form f, double v, double F, double d1, double d2) {
    icc_row r;
    r.form = f;
    r.value = v;
    r.f = F;
    r.df1 = d1;
    r.df2 = d2;
    r.p_value = detail::f_sf(F, d1, d2);
    return r;
  };
  // one-way (ICC1) and consistency (ICC3): bounds from F/F_q and F*F_q
  const double f1 = msr / msw, f3 = msr / mse;
  icc_row r1 = row(icc_form::icc1, (msr - msw) / (msr + (k - 1) * msw), f1, df_rows, df_within);
  icc_row r1k = row(icc_form::icc1k, (msr - msw) / msr, f1, df_rows, df_within);
  icc_row r3 = row(icc_form::icc3, (msr - mse) / (msr + (k - 1) * mse), f3, df_rows, df_error);
  icc_row r3k = row(icc_form::icc3k, (msr - mse) / msr, f3, df_rows, df_error);
  auto bounds = [&](icc_row& single, icc_row& average, double F, double d2) {
    const double fl = F / detail::f_quantile(q, df_rows, d2);
    const double fu = F * detail::f_quantile(q, d2, df_rows);
    single.ci_low = (fl - 1) / (fl + (k - 1));
    single.ci_high = (fu - 1) / (fu + (k - 1));
    average.ci_low = 1 - 1 / fl;
    average.ci_high = 1 - 1 / fu;
  };
  bounds(r1, r1k, f1, df_within);
  bounds(r3, r3k, f3, df_error);
  // absolute agreement (ICC2): Satterthwaite df, McGraw & Wong 1996 Table 7 (pingouin's form)
  const double icc2 = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n);
  icc_row r2 = row(icc_form::icc2, icc2, f3, df_rows, df_error);
  icc_row r2k = row(icc_form::icc2k, (msr - mse) / (msr + (msc - mse) / n), f3, df_rows, df_error);
  {
    const double fc = msc / mse;
    const double base = n * (1 + (k - 1) * icc2) - k * icc2;
    const double vn = df_error * std::pow(k * icc2 * fc + base, 2);
    const double vd = df_rows * k * k * icc2 * icc2 * fc * fc + base * base;
    const double v = vn / vd;
    if (std::isfinite(v) && v > 0) {
      const double fu = detail::f_quantile(q, df_rows, v);
      const double fl = detail::f_quantile(q, v, df_rows);
      const double mix = k * msc + (k * n - k - n) * mse;
      r2.ci_low = n * (msr - fu * mse) / (fu * mix + n * msr);
      r2.ci_high = n * (fl * msr - mse) / (mix + n * fl * msr);
      r2k.ci_low = r2.ci_low * k / (1 + r2.ci_low * (k - 1));
      r2k.ci_high = r2.ci_high * k / (1 + r2.ci_high * (k - 1));
    }
  }
  out.forms = {r1, r2, r3, r1k, r2k, r3k};
  return out;
}

/// The agreement weight of categories i and j out of c (see the top of this file).
[[nodiscard]] inline double kappa_weight(std::size_t i, std::size_t j, std::size_t c, kappa_weights w) {
  if (i == j) return 1.0;
  if (w == kappa_weights::none || c < 2) return 0.0;
  const double d = std::fabs(static_cast<double>(i) - static_cast<double>(j)) / static_cast<double>(c - 1);
  return w == kappa_weights::linear ? 1 - d : 1 - d * d;
}

/// Cohen's kappa from a c x c table of counts (rows: rater A's category, columns: rater B's).
[[nodiscard]] inline kappa_result cohen_kappa_table(const Eigen::Ref<const Eigen::MatrixXd>& counts,
                                                    kappa_weights weights = kappa_weights::none,
                                                    double confidence = 0.95) {
  detail::check_level(confidence);
  if (counts.rows() != counts.cols() || counts.rows() < 1)
    detail::fail("shape", "Cohen's kappa needs a square table of counts, got " +
                              std::to_string(counts.rows()) + " x " + std::to_string(counts.cols()));
  if (!counts.allFinite() || (counts.array() < 0).any())
    detail::fail("not_finite", "Cohen's kappa: the counts must be finite and not negative");
  const double total = counts.sum();
  if (total < 2) detail::fail("too_few", "Cohen's kappa needs at least 2 rated objects");
  const auto c = static_cast<std::size_t>(counts.rows());
  const Eigen::MatrixXd p = counts / total;
  const Eigen::VectorXd pr = p.rowwise().sum(), pc = p.colwise().sum().transpose();
  Eigen::MatrixXd w(c, c);
  for (std::size_t i = 0; i < c; ++i)
    for (std::size_t j = 0; j < c; ++j)
      w(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = kappa_weight(i, j, c, weights);
  kappa_result out;
  out.weights = weights;
  out.n = static_cast<std::size_t>(std::llround(total));
  out.categories = c;
  out.confidence = confidence;
  out.p_observed = (w.array() * p.array()).sum();
  const Eigen::MatrixXd e = pr * pc.transpose();
  out.p_expected = (w.array() * e.array()).sum();
  if (!(1 - out.p_expected > 1e-12))
    detail::fail("one_category",
                 "Cohen's kappa is undefined when chance agreement is complete (both raters used one "
                 "category only)");
  const double pe = out.p_expected, kappa = (out.p_observed - pe) / (1 - pe);
  out.kappa = kappa;
  const Eigen::VectorXd wr = w * pc;              // wbar_i. = sum_j p_.j w_ij
  const Eigen::VectorXd wc = w.transpose() * pr;  // wbar_.j = sum_i p_i. w_ij
  double a = 0, a0 = 0;
  for (Eigen::Index i = 0; i < w.rows(); ++i)
    for (Eigen::Index j = 0; j < w.cols(); ++j) {
      const double d = w(i, j) - (wr[i] + wc[j]) * (1 - kappa);
      a += p(i, j) * d * d;
      const double d0 = w(i, j) - (wr[i] + wc[j]);
      a0 += e(i, j) * d0 * d0;
    }
  const double scale = total * (1 - pe) * (1 - pe);
  const double b = kappa - pe * (1 - kappa);
  out.se = std::sqrt(std::max(0.0, a - b * b) / scale);
  out.se0 = std::sqrt(std::max(0.0, a0 - pe * pe) / scale);
  out.z = out.se0 > 0 ? kappa / out.se0 : std::numeric_limits<double>::quiet_NaN();
  out.p_value = std::isnan(out.z) ? out.z : detail::two_sided_normal(out.z);
  const double zq = boost::math::quantile(boost::math::normal(), 1 - (1 - confidence) / 2);
  out.ci_low = kappa - zq * out.se;
  out.ci_high = kappa + zq * out.se;
  return out;
}

/// Cohen's kappa of two raters' category indices 0..categories-1 (ordered for the weighted forms).
[[nodiscard]] inline kappa_result cohen_kappa(const std::vector<int>& a, const std::vector<int>& b,
                                              std::size_t categories,
                                              kappa_weights weights = kappa_weights::none,
                                              double confidence = 0.95) {
  if (a.size() != b.size())
    detail::fail("shape", "Cohen's kappa: the two raters rated different numbers of objects (" +
                              std::to_string(a.size()) + " and " + std::to_string(b.size()) + ")");
  if (categories < 2) detail::fail("one_category", "Cohen's kappa needs at least 2 categories");
  Eigen::MatrixXd counts =
      Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(categories), static_cast<Eigen::Index>(categories));
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] < 0 || b[i] < 0 || static_cast<std::size_t>(a[i]) >= categories ||
        static_cast<std::size_t>(b[i]) >= categories)
      detail::fail("shape", "Cohen's kappa: object " + std::to_string(i + 1) + " has a category outside 0.." +
                                std::to_string(categories - 1));
    counts(a[i], b[i]) += 1;
  }
  return cohen_kappa_table(counts, weights, confidence);
}

/// Bland-Altman bias and limits of agreement of x - y (see the top of this file).
[[nodiscard]] inline bland_altman_result bland_altman(const std::vector<double>& x,
                                                      const std::vector<double>& y, double multiplier = 1.96,
                                                      double confidence = 0.95) {
  detail::check_level(confidence);
  if (!(multiplier > 0) || !std::isfinite(multiplier))
    detail::fail("bad_option", "the limits' multiplier must be a positive number (1.96)");
  detail::check_pairs(x, y, 3, "Bland-Altman");
  const std::size_t n = x.size();
  const double nn = static_cast<double>(n);
  std::vector<double> d(n);
  for (std::size_t i = 0; i < n; ++i) d[i] = x[i] - y[i];
  bland_altman_result out;
  out.n = n;
  out.multiplier = multiplier;
  out.confidence = confidence;
  out.bias = std::accumulate(d.begin(), d.end(), 0.0) / nn;
  double ss = 0;
  for (double v : d) ss += (v - out.bias) * (v - out.bias);
  out.sd = std::sqrt(ss / (nn - 1));
  out.lower = out.bias - multiplier * out.sd;
  out.upper = out.bias + multiplier * out.sd;
  const double t = boost::math::quantile(boost::math::students_t(nn - 1), 1 - (1 - confidence) / 2);
  const double se_bias = out.sd / std::sqrt(nn);
  const double se_limit = out.sd * std::sqrt(1 / nn + multiplier * multiplier / (2 * (nn - 1)));
  out.bias_ci_low = out.bias - t * se_bias;
  out.bias_ci_high = out.bias + t * se_bias;
  out.lower_ci_low = out.lower - t * se_limit;
  out.lower_ci_high = out.lower + t * se_limit;
  out.upper_ci_low = out.upper - t * se_limit;
  out.upper_ci_high = out.upper + t * se_limit;
  return out;
}

/// Kendall's W of n objects (rows) x m raters (columns), tie-corrected (see the top of this file).
[[nodiscard]] inline kendall_w_result kendall_w(const Eigen::Ref<const Eigen::MatrixXd>& ratings) {
  const Eigen::Index rows = ratings.rows(), cols = ratings.cols();
  if (!ratings.allFinite())
    detail::fail("not_finite", "Kendall's W: the ratings have missing or non-finite values");
  if (cols < 2)
    detail::fail("too_few", "Kendall's W needs at least 2 raters (columns), got " + std::to_string(cols));
  if (rows < 3)
    detail::fail("too_few", "Kendall's W needs at least 3 objects (rows), got " + std::to_string(rows));
  const double n = static_cast<double>(rows), m = static_cast<double>(cols);
  Eigen::VectorXd sums = Eigen::VectorXd::Zero(rows);
  double ties = 0;
  for (Eigen::Index j = 0; j < cols; ++j) {
    std::vector<double> v(static_cast<std::size_t>(rows));
    for (Eigen::Index i = 0; i < rows; ++i) v[static_cast<std::size_t>(i)] = ratings(i, j);
    const std::vector<double> r = detail::average_ranks(v);
    for (Eigen::Index i = 0; i < rows; ++i) sums[i] += r[static_cast<std::size_t>(i)];
    for (double t : detail::tie_groups(v)) ties += t * t * t - t;
  }
  const double den = m * m * (n * n * n - n) - m * ties;
  if (!(den > 0))
    detail::fail("constant", "Kendall's W is undefined when every rater rates all objects the same");
  const double s = (sums.array() - sums.mean()).square().sum();
  kendall_w_result out;
  out.n = static_cast<std::size_t>(rows);
  out.m = static_cast<std::size_t>(cols);
  out.w = 12 * s / den;
  out.df = n - 1;
  out.chi2 = m * (n - 1) * out.w;
  out.p_value = boost::math::cdf(boost::math::complement(boost::math::chi_squared(out.df), out.chi2));
  return out;
}

}  // namespace agreement

template <>
struct enum_names<agreement::icc_form> {
  static constexpr const char* what = "ICC form";
  static constexpr enum_name<agreement::icc_form> entries[] = {
      {agreement::icc_form::icc1, "ICC1", "ICC(1,1) 单向随机·单评者",
       "ICC(1,1) one-way random, single rater"},
      {agreement::icc_form::icc2, "ICC2", "ICC(2,1)=ICC(A,1) 双向随机·绝对一致·单评者",
       "ICC(2,1) = ICC(A,1) two-way random, absolute agreement, single rater"},
      {agreement::icc_form::icc3, "ICC3", "ICC(3,1)=ICC(C,1) 双向混合·一致性·单评者",
       "ICC(3,1) = ICC(C,1) two-way mixed, consistency, single rater"},
      {agreement::icc_form::icc1k, "ICC1k", "ICC(1,k) 单向随机·平均",
       "ICC(1,k) one-way random, mean of k raters"},
      {agreement::icc_form::icc2k, "ICC2k", "ICC(2,k)=ICC(A,k) 双向随机·绝对一致·平均",
       "ICC(2,k) = ICC(A,k) two-way random, absolute agreement, mean of k raters"},
      {agreement::icc_form::icc3k, "ICC3k", "ICC(3,k)=ICC(C,k) 双向混合·一致性·平均",
       "ICC(3,k) = ICC(C,k) two-way mixed, consistency, mean of k raters"},
  };
};

template <>
struct enum_names<agreement::kappa_weights> {
  static constexpr const char* what = "kappa weights";
  static constexpr enum_name<agreement::kappa_weights> entries[] = {
      {agreement::kappa_weights::none, "none", "不加权", "unweighted"},
      {agreement::kappa_weights::linear, "linear", "线性加权", "linear weights"},
      {agreement::kappa_weights::quadratic, "quadratic", "平方加权", "quadratic weights"},
  };
  static constexpr enum_alias<agreement::kappa_weights> aliases[] = {
      {"unweighted", agreement::kappa_weights::none}};
};

}  // namespace tijian
