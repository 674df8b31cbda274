// SPDX-License-Identifier: MIT
// Data preparation as one step: denominate -> screen units -> impute -> treat outliers (COINr's
// order, coinr.md §0-§4), each stage kept, each change recorded. score() runs it first when the
// recipe asks for any step (recipe::prepare; default: none, so results are unchanged); call
// prepare() directly to see every intermediate data set.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "data_columns.hpp"
#include "denominate.hpp"
#include "detail/hash.hpp"
#include "framework.hpp"
#include "impute.hpp"
#include "language.hpp"
#include "panel.hpp"
#include "recipe.hpp"
#include "result.hpp"
#include "screen.hpp"
#include "treat.hpp"

namespace tijian {

/// Every stage of a preparation and what each step did. A stage that did not run is a copy of
/// the one before, so `treated` is always the prepared data.
struct prepared_data {
  panel raw;
  panel denominated;
  panel screened;
  panel imputed;
  panel treated;
  std::vector<denomination_record> denominations;
  std::vector<screened_unit> screening;     ///< one row per input row (empty if not screened)
  std::vector<std::size_t> removed_rows;    ///< input rows dropped by screening
  std::vector<imputed_cell> imputations;    ///< every filled cell with its method
  std::vector<imputed_cell> left_missing;   ///< cells imputation could not fill, and why
  std::vector<em_fit> em;                   ///< EM fits (method em)
  std::vector<treatment_detail> treatment;  ///< one row per indicator and period
  std::vector<treated_cell> treated_cells;  ///< every cell the treatment changed
  std::vector<diagnostic> diagnostics;      ///< the above, summarised
  std::vector<prepare_step> order = preparation::default_order();  ///< the order the steps ran in

  /// The prepared data: the stage of the last step (`treated` in the default order).
  [[nodiscard]] const panel& prepared() const {
    switch (order.empty() ? prepare_step::treat : order.back()) {
      case prepare_step::denominate: return denominated;
      case prepare_step::screen: return screened;
      case prepare_step::impute: return imputed;
      case prepare_step::treat: break;
    }
    return treated;
  }
};

namespace detail::prepare {

/// How a cell was filled ("group_mean", or "group_mean>mean" when the group had no value and the
/// overall statistic was used), or why it was left missing, in Chinese (the enums' labels).
inline std::string imputation_zh(const std::string& code) {
  auto one = [](const std::string& c) -> std::string {
    if (const auto m = find_enum<imputation_method>(c)) return label_zh(*m);
    if (const auto r = find_enum<left_missing_reason>(c)) return label_zh(*r);
    return "'" + c + "'";
  };
  const std::size_t gt = code.find('>');
  if (gt == std::string::npos) return one(code);
  return one(code.substr(0, gt)) + " (组内无数值, 改用" + one(code.substr(gt + 1)) + ")";
}

/// A treatment method or fall-back code in Chinese (the enum's label).
template <class E>
std::string method_zh(const std::string& code) {
  const auto m = find_enum<E>(code);
  return m ? label_zh(*m) : "'" + code + "'";
}

/// A statistic with 3 significant digits; an undefined one is "NA" in English, 无 in Chinese.
inline std::string num(double v, language lang = language::en) {
  if (std::isnan(v)) return lang == language::zh ? "无" : "NA";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

/// Values present in cells that are not applicable (applicability.hpp) are set missing, with a
/// warning per indicator ("not_applicable.value_ignored"). Returns the mask of `data`.
inline cell_mask ignore_not_applicable(const framework& fw, panel& data, const not_applicable_rules& rules,
                                       std::vector<diagnostic>& dg) {
  cell_mask na = not_applicable_cells(fw, data, rules);
  if (na.size() == 0) return na;
  const std::vector<Eigen::Index> col = detail::prep::leaf_columns(fw, data);
  for (std::size_t k = 0; k < col.size(); ++k) {
    std::size_t n = 0;
    for (Eigen::Index r = 0; r < data.rows(); ++r)
      if (na(r, static_cast<Eigen::Index>(k)) && !std::isnan(data.values(r, col[k]))) {
        data.values(r, col[k]) = detail::prep::nan;
        ++n;
      }
    if (n)
      add_diag(dg, "data", "not_applicable.value_ignored", severity::warning, fw.node(fw.leaves()[k]).code,
               {},
               {"values given for units the indicator does not apply to ([not_applicable]): ignored",
                "该指标对这些单元不适用 ([not_applicable]), 所填数值已忽略"},
               n);
  }
  return na;
}

/// Validates the options that refer to the framework (indicator codes) before any work.
inline void validate(const framework& fw, const preparation& p) {
  validate_screening(p.screen);
  validate_imputation(p.impute);
  for (const auto& [code, m] : p.impute_by_indicator) {
    const std::size_t i = fw.find(code);
    if (i == framework::npos || !fw.is_leaf(i))
      throw recipe_error("recipe.unknown_indicator", "prepare.impute.by_indicator names '" + code +
                                                         "', which is not an indicator of the framework");
    validate_imputation(m);
  }
  {
    std::vector<prepare_step> sorted = p.order;
    std::sort(sorted.begin(), sorted.end());
    if (sorted != preparation::default_order())
      throw recipe_error("recipe.bad_value",
                         "prepare.order must list each of " + codes_of<prepare_step>() + " once");
  }
  validate_treatment(p.treat, "prepare.treat");
  for (const auto& [code, t] : p.treat_by_indicator) {
    const std::size_t i = fw.find(code);
    if (i == framework::npos || !fw.is_leaf(i))
      throw recipe_error("recipe.unknown_indicator", "prepare.treat.by_indicator names '" + code +
                                                         "', which is not an indicator of the framework");
    validate_treatment(t, "prepare.treat.by_indicator." + code);
  }
}

}  // namespace detail::prepare

namespace detail::prepare {

inline void run_denominate(const framework& fw, const panel& data, const preparation& p,
                           const panel* denominators, prepared_data& out) {
  auto& dg = out.diagnostics;
  // 1. denominate
  if (p.denominate) {
    denomination_result d = denominators ? denominate(fw, data, *denominators) : denominate(fw, data);
    out.denominated = std::move(d.data);
    out.denominations = std::move(d.records);
    for (const auto& r : out.denominations) {
      const std::string scale = detail::format_double(r.scale_factor);
      add_diag(dg, "denominate", "denominate.applied", severity::info, r.indicator, {},
               {"divided by '" + r.denominator + "'" +
                    (r.scale_factor != 1.0 ? " (scale factor " + scale + ")" : std::string()),
                "已除以分母 '" + r.denominator + "'" +
                    (r.scale_factor != 1.0 ? " (比例系数 " + scale + ")" : std::string())},
               r.cells);
      if (r.missing_denominator)
        add_diag(dg, "denominate", "denominate.missing_denominator", severity::warning, r.indicator, {},
                 {"values made missing: denominator '" + r.denominator + "' missing",
                  "分母 '" + r.denominator + "' 缺失, 相应的值记为缺失"},
                 r.missing_denominator);
      if (r.zero_denominator)
        add_diag(dg, "denominate", "denominate.zero_denominator", severity::warning, r.indicator, {},
                 {"values made missing: denominator '" + r.denominator + "' is 0",
                  "分母 '" + r.denominator + "' 为 0, 相应的值记为缺失"},
                 r.zero_denominator);
    }
  } else {
    out.denominated = data;
  }
}

inline void run_screen(const framework& fw, const panel& input, const preparation& p, const cell_mask* na,
                       const std::string& source, prepared_data& out) {
  auto& dg = out.diagnostics;
  // 2. screen units
  if (p.screen.policy != screen_policy::none || !p.screen.force_exclude.empty() ||
      !p.screen.force_include.empty()) {
    screening_result s = screen_units(fw, input, p.screen, na);
    out.screened = std::move(s.data);
    out.screening = std::move(s.summary);
    out.removed_rows = std::move(s.removed_rows);
    using std::to_string;
    for (const auto& u : out.screening) {
      if (!u.included)
        add_diag(dg, "screen", "screen.removed", severity::warning, {}, u.period,
                 {u.reason + " (" + to_string(u.missing) + " missing, " + to_string(u.zeros) + " zeros of " +
                      to_string(u.indicators) + ")",
                  u.reason_zh + " (" + to_string(u.indicators) + " 项指标中缺失 " + to_string(u.missing) +
                      " 项, 为 0 的 " + to_string(u.zeros) + " 项)"},
                 1, u.unit);
      else if (!u.forced.empty())
        add_diag(dg, "screen", "screen.forced_in", severity::info, {}, u.period, {u.reason, u.reason_zh}, 1,
                 u.unit);
    }
    const std::string kept = to_string(out.screened.rows()), of = to_string(input.rows());
    add_diag(dg, "screen", "screen.summary", severity::info, {}, {},
             {"kept " + kept + " of " + of + " rows (" + tijian::to_string(p.screen.policy) + ")",
              "保留 " + of + " 行中的 " + kept + " 行 (筛选规则: " + label_zh(p.screen.policy) + ")"});
    if (out.screened.rows() == 0)
      throw data_error("screen.all_removed",
                       "screening dropped every row; lower prepare.screen thresholds or force units in",
                       location{source, 0, 0, {}, {}, {}, {}});
  } else {
    out.screened = input;
  }
}

inline void run_impute(const framework& fw, const panel& input, const preparation& p, const cell_mask* na,
                       prepared_data& out) {
  auto& dg = out.diagnostics;
  bool any = p.impute.method != imputation_method::none;
  for (const auto& [code, m] : p.impute_by_indicator) any = any || m.method != imputation_method::none;
  // 3. impute
  if (any) {
    imputation_result m = tijian::impute(fw, input, p.impute, p.impute_by_indicator, na);
    out.imputed = std::move(m.data);
    out.imputations = std::move(m.cells);
    out.left_missing = std::move(m.left_missing);
    out.em = std::move(m.em);
    // one entry per indicator, period and method
    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> filled, left;
    for (const auto& c : out.imputations) ++filled[{c.indicator, c.period, c.method}];
    for (const auto& c : out.left_missing) ++left[{c.indicator, c.period, c.method}];
    using detail::prepare::imputation_zh;
    for (const auto& [key, n] : filled)
      add_diag(dg, "impute", "impute.filled", severity::info, std::get<0>(key), std::get<1>(key),
               {"missing values filled by " + std::get<2>(key),
                "缺失值已按" + imputation_zh(std::get<2>(key)) + "插补"},
               n);
    for (const auto& [key, n] : left)
      add_diag(dg, "impute", "impute.left_missing", severity::warning, std::get<0>(key), std::get<1>(key),
               {"missing values left missing (" + std::get<2>(key) + ")",
                "缺失值未能插补 (" + imputation_zh(std::get<2>(key)) + ")"},
               n);
    for (const auto& f : out.em) {
      const std::string k = std::to_string(f.indicators.size()), it = std::to_string(f.iterations);
      add_diag(dg, "impute", f.converged ? "impute.em" : "impute.em_not_converged",
               f.converged ? severity::info : severity::warning, f.group, f.period,
               {"EM over " + k + " indicators: " + it + " iterations, last change " + num(f.last_change) +
                    (f.converged ? "" : " (not converged: raise em_max_iterations)") +
                    (f.ridge > 0 ? ", ridge " + num(f.ridge) + " added (singular covariance)" : ""),
                "EM 算法 (" + k + " 项指标): 迭代 " + it + " 次, 最后一次变化 " +
                    num(f.last_change, language::zh) +
                    (f.converged ? "" : " (未收敛: 请调高 em_max_iterations)") +
                    (f.ridge > 0 ? ", 协方差矩阵奇异, 加入岭参数 " + num(f.ridge) : "")});
    }
  } else {
    out.imputed = input;
  }
}

inline void run_treat(const framework& fw, const panel& input, const preparation& p, prepared_data& out) {
  auto& dg = out.diagnostics;
  // 4. treat outliers
  bool any_treat = p.treat.method != treatment_method::none;
  for (const auto& [code, t] : p.treat_by_indicator)
    any_treat = any_treat || t.method != treatment_method::none;
  if (any_treat) {
    treatment_result t = tijian::treat(fw, input, p.treat, p.treat_by_indicator);
    out.treated = std::move(t.data);
    out.treatment = std::move(t.details);
    out.treated_cells = std::move(t.cells);
    using detail::prepare::method_zh;
    for (const auto& d : out.treatment) {
      const diagnostic_message change{"skew " + num(d.skew_before) + " -> " + num(d.skew_after) +
                                          ", kurtosis " + num(d.kurt_before) + " -> " + num(d.kurt_after),
                                      "偏度 " + num(d.skew_before, language::zh) + " → " +
                                          num(d.skew_after, language::zh) + ", 峰度 " +
                                          num(d.kurt_before, language::zh) + " → " +
                                          num(d.kurt_after, language::zh)};
      const std::string high = std::to_string(d.points_high), low = std::to_string(d.points_low);
      const bool clipped = d.method == tijian::to_string(treatment_method::percentile_clip);
      diagnostic_message points{{}, {}};
      if (d.points_high || d.points_low)
        points = {"; " + high + " high and " + low + " low points " + (clipped ? "clipped" : "winsorised"),
                  "; 高端 " + high + " 个、低端 " + low + " 个值被" + (clipped ? "截断" : "缩尾")};
      const std::string lambda = std::isnan(d.lambda) ? std::string() : num(d.lambda);
      const std::string method_text = method_zh<treatment_method>(d.method);
      const std::string fallback_text = method_zh<treatment_fallback>(d.fallback);
      if (d.status == "treated" || d.status == "forced")
        add_diag(dg, "treat", d.status == "treated" ? "treat.treated" : "treat.forced", severity::info,
                 d.indicator, d.period,
                 {d.method + ": " + change.en + points.en + (lambda.empty() ? "" : "; lambda " + lambda),
                  method_text + ": " + change.zh + points.zh + (lambda.empty() ? "" : "; λ = " + lambda)});
      else if (d.status == "fallback")
        add_diag(dg, "treat", "treat.fallback", severity::info, d.indicator, d.period,
                 {d.method + " did not pass; " + d.fallback + " applied: " + change.en,
                  method_text + "后仍未通过偏度峰度检验, 改用" + fallback_text + ": " + change.zh});
      else if (d.status == "failed")
        add_diag(dg, "treat", "treat.failed", severity::warning, d.indicator, d.period,
                 {"still fails the skewness/kurtosis check after " + d.method +
                      (d.fallback_used ? " and " + d.fallback : std::string()) + ": " + change.en +
                      (d.note.empty() ? std::string() : " (" + d.note + ")"),
                  "经" + method_text + (d.fallback_used ? "及" + fallback_text : std::string()) +
                      "处理后仍未通过偏度峰度检验: " + change.zh +
                      (d.note_zh.empty() ? std::string() : " (" + d.note_zh + ")")});
      else if (d.status == "not_treatable")
        add_diag(dg, "treat", "treat.not_treatable", severity::warning, d.indicator, d.period,
                 {"left untreated: " + d.note, "未处理: " + d.note_zh});
    }
  } else {
    out.treated = input;
  }
}

}  // namespace detail::prepare

/// Runs the preparation steps the options ask for. `denominators`, if given, is a separate
/// table of denominator columns matched by unit (and period), as COINr's `denoms`; otherwise
/// denominators are columns of `data`. Throws what the steps throw (recipe_error for invalid
/// options, data_error for a missing denominator column, framework_error for an indicator
/// without data, data_error "screen.all_removed" when screening drops every row).
///
/// The steps run in `p.order` (default: denominate, screen, impute, treat); each stage holds the
/// data after its step (a copy of its input when the step is off), and prepared() is the stage
/// of the last step. `not_applicable` (applicability.hpp): cells that are not applicable are set
/// missing, never imputed, and not counted by screening.
[[nodiscard]] inline prepared_data prepare(const framework& fw, const panel& data, const preparation& p,
                                           const panel* denominators = nullptr,
                                           const not_applicable_rules* not_applicable = nullptr) {
  using detail::add_diag;
  using detail::prepare::num;
  detail::prepare::validate(fw, p);
  prepared_data out;
  out.raw = data;
  out.order = p.order;
  auto& dg = out.diagnostics;
  for (const auto& name : data.left_out) note_unknown_column(dg, name, severity::warning);
  const bool has_na = not_applicable && !not_applicable->empty();
  const panel* current = &out.raw;
  panel cleared;
  if (has_na) {
    cleared = data;
    (void)detail::prepare::ignore_not_applicable(fw, cleared, *not_applicable, dg);
    current = &cleared;
  }
  auto mask_of = [&](const panel& d) {
    return has_na ? not_applicable_cells(fw, d, *not_applicable) : cell_mask();
  };
  for (const prepare_step step : p.order) {
    switch (step) {
      case prepare_step::denominate:
        detail::prepare::run_denominate(fw, *current, p, denominators, out);
        current = &out.denominated;
        break;
      case prepare_step::screen: {
        const cell_mask na = mask_of(*current);
        detail::prepare::run_screen(fw, *current, p, na.size() ? &na : nullptr, data.source, out);
        current = &out.screened;
        break;
      }
      case prepare_step::impute: {
        const cell_mask na = mask_of(*current);
        detail::prepare::run_impute(fw, *current, p, na.size() ? &na : nullptr, out);
        current = &out.imputed;
        break;
      }
      case prepare_step::treat:
        detail::prepare::run_treat(fw, *current, p, out);
        current = &out.treated;
        break;
    }
  }
  return out;
}

/// The preparation of a recipe (with its not-applicable rules).
[[nodiscard]] inline prepared_data prepare(const framework& fw, const panel& data, const recipe& r,
                                           const panel* denominators = nullptr) {
  return prepare(fw, data, r.prepare, denominators, &r.not_applicable);
}

}  // namespace tijian
