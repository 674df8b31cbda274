// SPDX-License-Identifier: MIT
// Outlier treatment (离群值处理): tames skewed, heavy-tailed indicators before normalisation, and
// records cell by cell what it changed.
//
// The check (coinr.md §4). Sample skewness and excess kurtosis of type 2 (the bias-corrected
// estimators of e1071 type 2, SAS, SPSS and Excel's SKEW / KURT), over the present values, with
// d = x - mean and n values:
//   g1 = sqrt(n) sum d^3 / (sum d^2)^(3/2),   skew = g1 sqrt(n (n - 1)) / (n - 2)      (n >= 3)
//   r  = n sum d^4 / (sum d^2)^2,             kurt = ((n + 1)(r - 3) + 6)(n - 1) / ((n - 2)(n - 3))
//                                                                                   (n >= 4)
// An indicator fails, and is treated, when |skew| >= skew_threshold AND kurt >= kurt_threshold
// (COINr: 2 and 3.5). With fewer than 4 values, or a constant column, the check is undefined:
// the indicator is recorded as "not_treatable" and left as it is (COINr's loop crashed on an
// NA check, issue #45).
//
// Methods (each runs only on an indicator that fails the check, unless `force`):
//  * coinr_winsorise (COINr's default): while the indicator fails and fewer than `winmax`
//    points have been winsorised: if skew >= 0, every point equal to the current maximum is set
//    to the largest remaining value ("winhi"); otherwise every point equal to the minimum is set
//    to the smallest remaining value ("winlo"). Points tied at the extreme are clipped together,
//    so ties can push the count past winmax. The count is the number of distinct points changed
//    so far. `winmax = treatment::unlimited` has no limit (explicitly, not by COINr's silent
//    reversion of NULL to 5). If the indicator still fails, the fall-back transform is applied
//    to the ORIGINAL values (COINr's default; `fallback_on = treated` applies it to the
//    winsorised values), re-checked and kept whatever the check says.
//  * percentile_clip: values below the lower_percentile quantile or above the upper_percentile
//    quantile (R's type 7) are set to those quantiles ("cliplo" / "cliphi").
//  * box_cox: (x'^lambda - 1) / lambda, log x' for lambda = 0, with x' = x - min + 1 when
//    box_cox_shift (COINr's makepos) and x' = x otherwise (then every value must be > 0).
//    lambda NaN: estimated by maximum likelihood (profile log-likelihood
//    -n/2 ln(var_n) + (lambda - 1) sum ln x', maximised over [-5, 5] by golden-section search).
// The fall-back transforms (after a method that leaves the indicator failing):
//  * log_ct:      ln(x - min + 0.01 (max - min))                          (COIN Tool, COINr default)
//  * log_ct_plus: log_ct when skew > 0, else -ln(max + 0.01 (max - min) - x)
//  * log_ct_orig: ln(x - min + 1)
//  * log_gii:     ln((max - 1)(x - min) / (max - min) + 1); COINr computes it and returns its
//                 input unchanged (a bug): we return the transform. Not applied (recorded) when
//                 an argument is <= 0, i.e. when max <= 0.
//  * box_cox:     as the method above.
// Force: `force = true` runs the method even when the indicator passes (COINr's force_win,
// which has no effect in COINr, issue #53). coinr_winsorise with force clips exactly until
// winmax points are reached (so it needs a finite winmax); no fall-back is applied.
//
// Everything is per period: a panel's periods are treated as separate cross-sections, as COINr
// treats each coin of a purse.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "names.hpp"
#include "detail/prep.hpp"
#include "error.hpp"
#include "framework.hpp"
#include "panel.hpp"

namespace tijian {

// ---- moments -----------------------------------------------------------------------------------

/// Type-2 sample skewness of the non-NaN values (see above). NaN with fewer than 3 values or
/// zero variance.
[[nodiscard]] inline double skewness(const double* x, std::size_t n) {
  double sum = 0;
  std::size_t m = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isnan(x[i])) {
      sum += x[i];
      ++m;
    }
  if (m < 3) return detail::prep::nan;
  const double mean = sum / static_cast<double>(m);
  double s2 = 0, s3 = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isnan(x[i])) {
      const double d = x[i] - mean;
      s2 += d * d;
      s3 += d * d * d;
    }
  if (!(s2 > 0)) return detail::prep::nan;
  const auto nn = static_cast<double>(m);
  const double g1 = std::sqrt(nn) * s3 / std::pow(s2, 1.5);
  return g1 * std::sqrt(nn * (nn - 1)) / (nn - 2);
}
[[nodiscard]] inline double skewness(const std::vector<double>& x) { return skewness(x.data(), x.size()); }

/// Type-2 sample excess kurtosis of the non-NaN values (see above). NaN with fewer than 4 values
/// or zero variance.
[[nodiscard]] inline double kurtosis(const double* x, std::size_t n) {
  double sum = 0;
  std::size_t m = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isnan(x[i])) {
      sum += x[i];
      ++m;
    }
  if (m < 4) return detail::prep::nan;
  const double mean = sum / static_cast<double>(m);
  double s2 = 0, s4 = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isnan(x[i])) {
      const double d = x[i] - mean;
      s2 += d * d;
      s4 += d * d * d * d;
    }
  if (!(s2 > 0)) return detail::prep::nan;
  const auto nn = static_cast<double>(m);
  const double r = nn * s4 / (s2 * s2);
  return ((nn + 1) * (r - 3) + 6) * (nn - 1) / ((nn - 2) * (nn - 3));
}
[[nodiscard]] inline double kurtosis(const std::vector<double>& x) { return kurtosis(x.data(), x.size()); }

/// The skewness-kurtosis check of one column.
struct skew_kurt_check {
  double skew = detail::prep::nan;
  double kurt = detail::prep::nan;
  bool defined = false;  ///< both statistics exist (>= 4 values, not constant)
  bool pass = true;      ///< !(|skew| >= skew_threshold && kurt >= kurt_threshold); true if undefined
};

[[nodiscard]] inline skew_kurt_check check_skew_kurt(const std::vector<double>& x,
                                                     double skew_threshold = 2.0,
                                                     double kurt_threshold = 3.5) {
  skew_kurt_check c;
  c.skew = skewness(x);
  c.kurt = kurtosis(x);
  c.defined = std::isfinite(c.skew) && std::isfinite(c.kurt);
  c.pass = !c.defined || !(std::fabs(c.skew) >= skew_threshold && c.kurt >= kurt_threshold);
  return c;
}

// ---- options -----------------------------------------------------------------------------------

enum class treatment_method { none, coinr_winsorise, percentile_clip, box_cox };
enum class treatment_fallback { none, log_ct, log_ct_plus, log_ct_orig, log_gii, box_cox };
/// Which values the fall-back transform reads: COINr's default is the original ones.
enum class fallback_input { original, treated };

/// The treatment of one indicator (recipe: prepare.treat and prepare.treat_by_indicator).
struct treatment {
  static constexpr int unlimited = -1;
  treatment_method method = treatment_method::none;
  int winmax = 5;  ///< most points winsorised; `unlimited` (-1) = no limit
  double skew_threshold = 2.0;
  double kurt_threshold = 3.5;
  treatment_fallback fallback = treatment_fallback::log_ct;
  fallback_input fallback_on = fallback_input::original;
  double lower_percentile = 0.05;  ///< percentile_clip, in [0, 1]
  double upper_percentile = 0.95;
  double box_cox_lambda = std::numeric_limits<double>::quiet_NaN();  ///< NaN = estimated
  bool box_cox_shift = true;                                         ///< x' = x - min + 1 (COINr makepos)
  bool force = false;                                                ///< treat even when the check passes
};

template <>
struct enum_names<treatment_method> {
  static constexpr const char* what = "outlier treatment";
  static constexpr enum_name<treatment_method> entries[] = {
      {treatment_method::none, "none", "不处理", "none"},
      {treatment_method::coinr_winsorise, "coinr_winsorise", "缩尾（COINr）", "winsorisation (COINr)"},
      {treatment_method::percentile_clip, "percentile_clip", "百分位截断", "percentile clipping"},
      {treatment_method::box_cox, "box_cox", "Box-Cox 变换", "Box-Cox transformation"},
  };
  static constexpr enum_alias<treatment_method> aliases[] = {
      {"winsorise", treatment_method::coinr_winsorise},
      {"winsorize", treatment_method::coinr_winsorise},
      {"coinr_winsorize", treatment_method::coinr_winsorise},
      {"clip", treatment_method::percentile_clip},
      {"percentile", treatment_method::percentile_clip},
      {"boxcox", treatment_method::box_cox},
  };
};
template <>
struct enum_names<treatment_fallback> {
  static constexpr const char* what = "treatment fall-back";
  static constexpr enum_name<treatment_fallback> entries[] = {
      {treatment_fallback::none, "none", "无", "none"},
      {treatment_fallback::log_ct, "log_ct", "对数变换（COINr）", "log transformation (COINr)"},
      {treatment_fallback::log_ct_plus, "log_ct_plus", "对数变换（加一）", "log transformation (plus one)"},
      {treatment_fallback::log_ct_orig, "log_ct_orig", "对数变换（原始值）",
       "log transformation of the original values"},
      {treatment_fallback::log_gii, "log_gii", "对数变换（GII）", "log transformation (GII)"},
      {treatment_fallback::box_cox, "box_cox", "Box-Cox 变换", "Box-Cox transformation"},
  };
  static constexpr enum_alias<treatment_fallback> aliases[] = {
      {"ctlog", treatment_fallback::log_ct},
      {"ctlog_orig", treatment_fallback::log_ct_orig},
      {"giilog", treatment_fallback::log_gii},
      {"boxcox", treatment_fallback::box_cox},
  };
};
template <>
struct enum_names<fallback_input> {
  static constexpr const char* what = "fall-back input";
  static constexpr enum_name<fallback_input> entries[] = {
      {fallback_input::original, "original", "原始值", "original values"},
      {fallback_input::treated, "treated", "处理后值", "treated values"},
  };
  static constexpr enum_alias<fallback_input> aliases[] = {
      {"winsorised", fallback_input::treated},
  };
};

/// Throws recipe_error "recipe.treat" for a specification that cannot run. `where` names it.
inline void validate_treatment(const treatment& t, const std::string& where) {
  auto fail = [&](const std::string& msg) { throw recipe_error("recipe.treat", where + ": " + msg); };
  if (t.winmax < 0 && t.winmax != treatment::unlimited) fail("winmax must be >= 0 or \"unlimited\"");
  if (!std::isfinite(t.skew_threshold) || !std::isfinite(t.kurt_threshold))
    fail("skew and kurtosis thresholds must be finite numbers");
  if (!(t.lower_percentile >= 0 && t.lower_percentile < t.upper_percentile && t.upper_percentile <= 1))
    fail("percentiles need 0 <= lower_percentile < upper_percentile <= 1");
  if (std::isinf(t.box_cox_lambda)) fail("box_cox_lambda must be finite (or nan to estimate it)");
  if (t.force && t.method == treatment_method::coinr_winsorise && t.winmax == treatment::unlimited)
    fail("force with an unlimited winmax would winsorise every point; give winmax a number");
}

// ---- records -----------------------------------------------------------------------------------

/// What the treatment found and did for one indicator in one period (COINr's Dets_Table).
struct treatment_detail {
  std::string indicator;
  std::string period;
  std::string method;  ///< to_string(treatment_method)
  std::size_t n = 0;   ///< values present
  double skew_before = detail::prep::nan, kurt_before = detail::prep::nan;
  bool pass_before = true;
  std::size_t points_high = 0;  ///< winsorised or clipped at the top
  std::size_t points_low = 0;   ///< winsorised or clipped at the bottom
  double skew_treated = detail::prep::nan, kurt_treated = detail::prep::nan;  ///< after the method
  bool pass_treated = true;
  bool fallback_used = false;
  std::string fallback;  ///< to_string(treatment_fallback) when used
  double skew_after = detail::prep::nan, kurt_after = detail::prep::nan;  ///< final values
  bool pass_after = true;
  double lambda = detail::prep::nan;                                      ///< Box-Cox lambda used
  double clip_lower = detail::prep::nan, clip_upper = detail::prep::nan;  ///< percentile bounds
  /// untreated (method none), not_treatable (check undefined), passed (nothing to do),
  /// treated (passes after the method), fallback (passes after the fall-back),
  /// failed (still fails at the end), forced (treated although it passed)
  std::string status;
  std::string note;
  std::string note_zh;  ///< the note in Chinese
};

/// One cell the treatment changed.
struct treated_cell {
  std::string unit;
  std::string period;
  std::string indicator;
  std::string how;  ///< winhi, winlo, cliphi, cliplo, box_cox, log_ct, log_ct_plus, ...
  double before = detail::prep::nan;
  double after = detail::prep::nan;
};

struct treatment_result {
  panel data;  ///< the input with the framework's indicators treated
  std::vector<treatment_detail> details;
  std::vector<treated_cell> cells;
};

// ---- kernels on a vector of present values -------------------------------------------------------

namespace detail::treat {

/// Labels of changed points: 0 none, +1 high, -1 low.
struct winsorised {
  std::vector<double> x;
  std::vector<int> label;
  std::size_t count = 0;
};

/// COINr's winsorisation loop (see the header comment). `x` holds present values only.
inline winsorised winsorise(std::vector<double> x, const tijian::treatment& t) {
  winsorised w;
  w.label.assign(x.size(), 0);
  for (;;) {
    const skew_kurt_check c = check_skew_kurt(x, t.skew_threshold, t.kurt_threshold);
    if (!c.defined) break;
    if (!t.force && c.pass) break;
    if (t.winmax != tijian::treatment::unlimited && w.count >= static_cast<std::size_t>(t.winmax)) break;
    const bool high = c.skew >= 0;
    const double extreme = high ? *std::max_element(x.begin(), x.end())
                                : *std::min_element(x.begin(), x.end());
    double next = high ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    for (double v : x)
      if (v != extreme) next = high ? std::max(next, v) : std::min(next, v);
    if (!std::isfinite(next)) break;  // every value equal: nothing left to clip to
    for (std::size_t i = 0; i < x.size(); ++i)
      if (x[i] == extreme) {
        x[i] = next;
        w.label[i] = high ? 1 : -1;
      }
    w.count = 0;
    for (int l : w.label) w.count += l != 0;
  }
  w.x = std::move(x);
  return w;
}

inline double box_cox_value(double xp, double lambda) {
  return lambda == 0 ? std::log(xp) : std::expm1(lambda * std::log(xp)) / lambda;
}

/// Profile log-likelihood of Box-Cox lambda for positive values.
inline double box_cox_loglik(const std::vector<double>& xp, double lambda, double sum_log) {
  const auto n = static_cast<double>(xp.size());
  double s = 0, ss = 0;
  for (double v : xp) {
    const double y = box_cox_value(v, lambda);
    s += y;
    ss += y * y;
  }
  const double var = ss / n - (s / n) * (s / n);
  if (!(var > 0)) return -std::numeric_limits<double>::infinity();
  return -n / 2 * std::log(var) + (lambda - 1) * sum_log;
}

/// Maximum-likelihood lambda on [-5, 5] (golden-section search).
inline double box_cox_lambda(const std::vector<double>& xp) {
  double sum_log = 0;
  for (double v : xp) sum_log += std::log(v);
  double a = -5, b = 5;
  const double g = (std::sqrt(5.0) - 1) / 2;
  double c = b - g * (b - a), d = a + g * (b - a);
  double fc = box_cox_loglik(xp, c, sum_log), fd = box_cox_loglik(xp, d, sum_log);
  for (int it = 0; it < 200 && b - a > 1e-12; ++it) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = box_cox_loglik(xp, c, sum_log);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = box_cox_loglik(xp, d, sum_log);
    }
  }
  return (a + b) / 2;
}

/// Why a transformation did not apply, in English and Chinese.
struct note_text {
  std::string en, zh;
};

/// Box-Cox of the values; false (x unchanged) when a value is not positive after the shift.
inline bool box_cox(std::vector<double>& x, const tijian::treatment& t, double& lambda, note_text& note) {
  if (x.empty()) return false;
  const double mn = *std::min_element(x.begin(), x.end());
  std::vector<double> xp(x);
  if (t.box_cox_shift)
    for (double& v : xp) v = v - mn + 1;
  for (double v : xp)
    if (!(v > 0)) {
      note = {"Box-Cox needs positive values (set box_cox_shift = true)",
              "Box-Cox 变换需要正值 (请设 box_cox_shift = true)"};
      return false;
    }
  lambda = std::isnan(t.box_cox_lambda) ? box_cox_lambda(xp) : t.box_cox_lambda;
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = box_cox_value(xp[i], lambda);
  return true;
}

/// One of the log fall-backs (or Box-Cox); false (x unchanged) when it does not apply.
inline bool fallback(std::vector<double>& x, const tijian::treatment& t, double& lambda, note_text& note) {
  if (x.empty()) return false;
  const double mn = *std::min_element(x.begin(), x.end());
  const double mx = *std::max_element(x.begin(), x.end());
  const double range = mx - mn;
  if (t.fallback == treatment_fallback::box_cox) return box_cox(x, t, lambda, note);
  if (!(range > 0)) {
    note = {"constant values: no log transform", "数值为常数, 不做对数变换"};
    return false;
  }
  std::vector<double> y(x.size());
  const double a = 0.01 * range;
  switch (t.fallback) {
    case treatment_fallback::log_ct:
      for (std::size_t i = 0; i < x.size(); ++i) y[i] = std::log(x[i] - mn + a);
      break;
    case treatment_fallback::log_ct_plus: {
      const bool pos = skewness(x) > 0;
      for (std::size_t i = 0; i < x.size(); ++i)
        y[i] = pos ? std::log(x[i] - mn + a) : -std::log(mx + a - x[i]);
      break;
    }
    case treatment_fallback::log_ct_orig:
      for (std::size_t i = 0; i < x.size(); ++i) y[i] = std::log(x[i] - mn + 1);
      break;
    case treatment_fallback::log_gii:
      for (std::size_t i = 0; i < x.size(); ++i) {
        const double arg = (mx - 1) * (x[i] - mn) / range + 1;
        if (!(arg > 0)) {
          note = {"log_gii needs (max - 1)(x - min)/(max - min) + 1 > 0 (max > 0); not applied",
                  "GII 对数变换要求 (最大值 - 1)(x - 最小值)/(最大值 - 最小值) + 1 > 0 (最大值 > 0), 未应用"};
          return false;
        }
        y[i] = std::log(arg);
      }
      break;
    default: return false;
  }
  x = std::move(y);
  return true;
}

}  // namespace detail::treat

/// Treats one column of present values (NaN are not allowed here) with one specification.
/// Returns the treated values; fills `d` (indicator and period left to the caller) and `how`
/// (per value: "" unchanged, or the label of the change).
[[nodiscard]] inline std::vector<double> treat_values(const std::vector<double>& x, const treatment& t,
                                                      treatment_detail& d, std::vector<std::string>& how) {
  {
    treatment_detail fresh;
    fresh.indicator = std::move(d.indicator);
    fresh.period = std::move(d.period);
    d = std::move(fresh);
  }
  d.method = to_string(t.method);
  d.n = x.size();
  how.assign(x.size(), std::string());
  const skew_kurt_check before = check_skew_kurt(x, t.skew_threshold, t.kurt_threshold);
  d.skew_before = before.skew;
  d.kurt_before = before.kurt;
  d.pass_before = before.pass;
  d.skew_after = before.skew;
  d.kurt_after = before.kurt;
  d.pass_after = before.pass;
  if (t.method == treatment_method::none) {
    d.status = "untreated";
    return x;
  }
  if (!before.defined) {
    d.status = "not_treatable";
    const bool few = x.size() < 4;
    d.note = few ? "fewer than 4 values: skewness and kurtosis undefined"
                 : "constant values: skewness and kurtosis undefined";
    d.note_zh = few ? "有效值少于 4 个, 偏度和峰度无定义" : "数值为常数, 偏度和峰度无定义";
    return x;
  }
  if (before.pass && !t.force) {
    d.status = "passed";
    return x;
  }
  std::vector<double> y = x;
  switch (t.method) {
    case treatment_method::coinr_winsorise: {
      detail::treat::winsorised w = detail::treat::winsorise(x, t);
      y = std::move(w.x);
      for (std::size_t i = 0; i < y.size(); ++i) {
        if (w.label[i] > 0) ++d.points_high, how[i] = "winhi";
        if (w.label[i] < 0) ++d.points_low, how[i] = "winlo";
      }
      break;
    }
    case treatment_method::percentile_clip: {
      d.clip_lower = detail::prep::quantile_type7(x, t.lower_percentile);
      d.clip_upper = detail::prep::quantile_type7(x, t.upper_percentile);
      for (std::size_t i = 0; i < y.size(); ++i) {
        if (y[i] > d.clip_upper) y[i] = d.clip_upper, ++d.points_high, how[i] = "cliphi";
        if (y[i] < d.clip_lower) y[i] = d.clip_lower, ++d.points_low, how[i] = "cliplo";
      }
      break;
    }
    case treatment_method::box_cox: {
      double lambda = detail::prep::nan;
      detail::treat::note_text note;
      if (detail::treat::box_cox(y, t, lambda, note)) {
        d.lambda = lambda;
        for (auto& h : how) h = "box_cox";
      }
      d.note = std::move(note.en);
      d.note_zh = std::move(note.zh);
      break;
    }
    case treatment_method::none: break;
  }
  const skew_kurt_check mid = check_skew_kurt(y, t.skew_threshold, t.kurt_threshold);
  d.skew_treated = d.skew_after = mid.skew;
  d.kurt_treated = d.kurt_after = mid.kurt;
  d.pass_treated = d.pass_after = mid.pass;
  if (before.pass) {  // forced
    d.status = "forced";
    return y;
  }
  if (mid.pass) {
    d.status = "treated";
    return y;
  }
  if (t.fallback == treatment_fallback::none) {
    d.status = "failed";
    return y;
  }
  std::vector<double> z = t.fallback_on == fallback_input::original ? x : y;
  double lambda = detail::prep::nan;
  detail::treat::note_text note;
  if (!detail::treat::fallback(z, t, lambda, note)) {
    d.status = "failed";
    d.note = std::move(note.en);
    d.note_zh = std::move(note.zh);
    return y;
  }
  d.fallback_used = true;
  d.fallback = to_string(t.fallback);
  if (!std::isnan(lambda)) d.lambda = lambda;
  if (t.fallback_on == fallback_input::original) {  // points_high/low keep what the method did
    for (auto& h : how) h = d.fallback;
  } else {
    for (auto& h : how) h = h.empty() ? d.fallback : h + "+" + d.fallback;
  }
  const skew_kurt_check last = check_skew_kurt(z, t.skew_threshold, t.kurt_threshold);
  d.skew_after = last.skew;
  d.kurt_after = last.kurt;
  d.pass_after = last.pass;
  d.status = last.pass ? "fallback" : "failed";
  return z;
}

/// Treats every framework indicator of the panel, period by period: `all` for every indicator
/// unless `by_indicator` names it. Values of other columns (denominators) are copied. Missing
/// values stay missing and are not counted. Throws framework_error when an indicator has no
/// column and recipe_error for an invalid specification or a by_indicator code that is not an
/// indicator.
[[nodiscard]] inline treatment_result treat(const framework& fw, const panel& data, const treatment& all,
                                            const std::map<std::string, treatment>& by_indicator = {}) {
  validate_treatment(all, "prepare.treat");
  for (const auto& [code, t] : by_indicator) {
    const std::size_t i = fw.find(code);
    if (i == framework::npos || !fw.is_leaf(i))
      throw recipe_error("recipe.unknown_indicator", "prepare.treat.by_indicator names '" + code +
                                                         "', which is not an indicator of the framework");
    validate_treatment(t, "prepare.treat.by_indicator." + code);
  }
  treatment_result out;
  out.data = data;
  const std::vector<Eigen::Index> col = detail::prep::leaf_columns(fw, data);
  const auto periods = detail::prep::rows_by_period(data);
  for (std::size_t k = 0; k < col.size(); ++k) {
    const std::string& code = fw.node(fw.leaves()[k]).code;
    auto it = by_indicator.find(code);
    const treatment& t = it == by_indicator.end() ? all : it->second;
    for (const auto& [period, rows] : periods) {
      std::vector<double> x;
      std::vector<Eigen::Index> at;
      for (Eigen::Index r : rows) {
        const double v = data.values(r, col[k]);
        if (!std::isnan(v)) {
          x.push_back(v);
          at.push_back(r);
        }
      }
      treatment_detail d;
      d.indicator = code;
      d.period = period;
      std::vector<std::string> how;
      const std::vector<double> y = treat_values(x, t, d, how);
      for (std::size_t i = 0; i < y.size(); ++i) {
        if (how[i].empty() && y[i] == x[i]) continue;
        out.data.values(at[i], col[k]) = y[i];
        treated_cell c;
        c.unit = data.units[static_cast<std::size_t>(at[i])];
        c.period = period;
        c.indicator = code;
        c.how = how[i].empty() ? "changed" : how[i];
        c.before = x[i];
        c.after = y[i];
        out.cells.push_back(std::move(c));
      }
      out.details.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace tijian
