// SPDX-License-Identifier: MIT
// Data preparation as one step: denominate -> screen units -> impute -> treat outliers (COINr's
// order, coinr.md §0-§4), each stage kept, each change recorded. score() runs it first when the
// recipe asks for any step (recipe::prepare; default: none, so results are unchanged); call
// prepare() directly to see every intermediate data set.
#pragma once

#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "denominate.hpp"
#include "detail/hash.hpp"
#include "framework.hpp"
#include "impute.hpp"
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
};

namespace detail::prepare {

inline void diag(std::vector<diagnostic>& out, const char* step, const char* id, severity s,
                 const std::string& node, const std::string& period, const std::string& message,
                 std::size_t count = 1, const std::string& unit = {}) {
  diagnostic d;
  d.step = step;
  d.id = id;
  d.level = s;
  d.node = node;
  d.unit = unit;
  d.period = period;
  d.message = message;
  d.count = count;
  out.push_back(std::move(d));
}

inline std::string num(double v) {
  if (std::isnan(v)) return "NA";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

/// Validates the options that refer to the framework (indicator codes) before any work.
inline void validate(const framework& fw, const preparation& p) {
  validate_screening(p.screen);
  validate_imputation(p.impute);
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

/// Runs the preparation steps the options ask for. `denominators`, if given, is a separate
/// table of denominator columns matched by unit (and period), as COINr's `denoms`; otherwise
/// denominators are columns of `data`. Throws what the steps throw (recipe_error for invalid
/// options, data_error for a missing denominator column, framework_error for an indicator
/// without data, data_error "screen.all_removed" when screening drops every row).
[[nodiscard]] inline prepared_data prepare(const framework& fw, const panel& data, const preparation& p,
                                           const panel* denominators = nullptr) {
  using detail::prepare::diag;
  using detail::prepare::num;
  detail::prepare::validate(fw, p);
  prepared_data out;
  out.raw = data;
  auto& dg = out.diagnostics;

  // 1. denominate
  if (p.denominate) {
    denomination_result d = denominators ? denominate(fw, data, *denominators) : denominate(fw, data);
    out.denominated = std::move(d.data);
    out.denominations = std::move(d.records);
    for (const auto& r : out.denominations) {
      diag(dg, "denominate", "denominate.applied", severity::info, r.indicator, {},
           "divided by '" + r.denominator + "'" +
               (r.scale_factor != 1.0 ? " (scale factor " + detail::format_double(r.scale_factor) + ")"
                                      : std::string()),
           r.cells);
      if (r.missing_denominator)
        diag(dg, "denominate", "denominate.missing_denominator", severity::warning, r.indicator, {},
             "values made missing: denominator '" + r.denominator + "' missing", r.missing_denominator);
      if (r.zero_denominator)
        diag(dg, "denominate", "denominate.zero_denominator", severity::warning, r.indicator, {},
             "values made missing: denominator '" + r.denominator + "' is 0", r.zero_denominator);
    }
  } else {
    out.denominated = data;
  }

  // 2. screen units
  if (p.screen.policy != screen_policy::none || !p.screen.force_exclude.empty() ||
      !p.screen.force_include.empty()) {
    screening_result s = screen_units(fw, out.denominated, p.screen);
    out.screened = std::move(s.data);
    out.screening = std::move(s.summary);
    out.removed_rows = std::move(s.removed_rows);
    for (const auto& u : out.screening) {
      if (!u.included)
        diag(dg, "screen", "screen.removed", severity::warning, {}, u.period,
             u.reason + " (" + std::to_string(u.missing) + " missing, " + std::to_string(u.zeros) +
                 " zeros of " + std::to_string(u.indicators) + ")",
             1, u.unit);
      else if (!u.forced.empty())
        diag(dg, "screen", "screen.forced_in", severity::info, {}, u.period, u.reason, 1, u.unit);
    }
    diag(dg, "screen", "screen.summary", severity::info, {}, {},
         "kept " + std::to_string(out.screened.rows()) + " of " + std::to_string(out.denominated.rows()) +
             " rows (" + to_string(p.screen.policy) + ")");
    if (out.screened.rows() == 0)
      throw data_error("screen.all_removed",
                       "screening dropped every row; lower prepare.screen thresholds or force units in",
                       location{data.source, 0, 0, {}, {}, {}, {}});
  } else {
    out.screened = out.denominated;
  }

  // 3. impute
  if (p.impute.method != imputation_method::none) {
    imputation_result m = impute(fw, out.screened, p.impute);
    out.imputed = std::move(m.data);
    out.imputations = std::move(m.cells);
    out.left_missing = std::move(m.left_missing);
    out.em = std::move(m.em);
    // one entry per indicator, period and method
    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> filled, left;
    for (const auto& c : out.imputations) ++filled[{c.indicator, c.period, c.method}];
    for (const auto& c : out.left_missing) ++left[{c.indicator, c.period, c.method}];
    for (const auto& [key, n] : filled)
      diag(dg, "impute", "impute.filled", severity::info, std::get<0>(key), std::get<1>(key),
           "missing values filled by " + std::get<2>(key), n);
    for (const auto& [key, n] : left)
      diag(dg, "impute", "impute.left_missing", severity::warning, std::get<0>(key), std::get<1>(key),
           "missing values left missing (" + std::get<2>(key) + ")", n);
    for (const auto& f : out.em)
      diag(dg, "impute", f.converged ? "impute.em" : "impute.em_not_converged",
           f.converged ? severity::info : severity::warning, f.group, f.period,
           "EM over " + std::to_string(f.indicators.size()) + " indicators: " + std::to_string(f.iterations) +
               " iterations, last change " + num(f.last_change) +
               (f.converged ? "" : " (not converged: raise em_max_iterations)") +
               (f.ridge > 0 ? ", ridge " + num(f.ridge) + " added (singular covariance)" : ""));
  } else {
    out.imputed = out.screened;
  }

  // 4. treat outliers
  bool any_treat = p.treat.method != treatment_method::none;
  for (const auto& [code, t] : p.treat_by_indicator)
    any_treat = any_treat || t.method != treatment_method::none;
  if (any_treat) {
    treatment_result t = treat(fw, out.imputed, p.treat, p.treat_by_indicator);
    out.treated = std::move(t.data);
    out.treatment = std::move(t.details);
    out.treated_cells = std::move(t.cells);
    for (const auto& d : out.treatment) {
      const std::string change = "skew " + num(d.skew_before) + " -> " + num(d.skew_after) + ", kurtosis " +
                                 num(d.kurt_before) + " -> " + num(d.kurt_after);
      std::string points;
      if (d.points_high || d.points_low)
        points = "; " + std::to_string(d.points_high) + " high and " + std::to_string(d.points_low) +
                 " low points " + (d.method == "percentile_clip" ? "clipped" : "winsorised");
      if (d.status == "treated" || d.status == "forced")
        diag(dg, "treat", d.status == "treated" ? "treat.treated" : "treat.forced", severity::info,
             d.indicator, d.period,
             d.method + ": " + change + points +
                 (std::isnan(d.lambda) ? std::string() : "; lambda " + num(d.lambda)));
      else if (d.status == "fallback")
        diag(dg, "treat", "treat.fallback", severity::info, d.indicator, d.period,
             d.method + " did not pass; " + d.fallback + " applied: " + change);
      else if (d.status == "failed")
        diag(dg, "treat", "treat.failed", severity::warning, d.indicator, d.period,
             "still fails the skewness/kurtosis check after " + d.method +
                 (d.fallback_used ? " and " + d.fallback : std::string()) + ": " + change +
                 (d.note.empty() ? std::string() : " (" + d.note + ")"));
      else if (d.status == "not_treatable")
        diag(dg, "treat", "treat.not_treatable", severity::warning, d.indicator, d.period,
             "left untreated: " + d.note);
    }
  } else {
    out.treated = out.imputed;
  }
  return out;
}

/// The preparation of a recipe.
[[nodiscard]] inline prepared_data prepare(const framework& fw, const panel& data, const recipe& r,
                                           const panel* denominators = nullptr) {
  return prepare(fw, data, r.prepare, denominators);
}

}  // namespace tijian
