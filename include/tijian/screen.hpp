// SPDX-License-Identifier: MIT
// Unit screening (样本筛选): drops units (rows) with too little data before imputation, with
// forced inclusions and exclusions, and a summary row per unit and period that says what was
// missing and why the unit was kept or dropped (COINr's Screen, coinr.md §2).
//
// For each row, over the framework's indicators (k of them; denominator columns do not count):
//   availability  = 1 - missing / k
//   nonzero_share = 1 - zeros / (k - missing)          (NaN when every value is missing)
// by_missing keeps a row when availability >= min_availability (COINr dat_thresh, default 2/3:
// dropped only when strictly below); by_zeros keeps it when nonzero_share >= min_nonzero
// (COINr nonzero_thresh, default 0.05; a row with no value at all counts as low); both
// requires both. force_include / force_exclude name unit codes (in every period) and override
// the rules. Rows are screened one by one, so in a panel a unit may be kept in one period and
// dropped in another.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "names.hpp"
#include "applicability.hpp"
#include "detail/prep.hpp"
#include "error.hpp"
#include "framework.hpp"
#include "panel.hpp"

namespace tijian {

enum class screen_policy { none, by_missing, by_zeros, by_missing_and_zeros };

template <>
struct enum_names<screen_policy> {
  static constexpr const char* what = "screening policy";
  static constexpr enum_name<screen_policy> entries[] = {
      {screen_policy::none, "none", "不筛选", "none"},
      {screen_policy::by_missing, "by_missing", "按缺失值", "by missing values"},
      {screen_policy::by_zeros, "by_zeros", "按零值", "by zeros"},
      {screen_policy::by_missing_and_zeros, "by_missing_and_zeros", "按缺失值和零值",
       "by missing values and zeros"},
  };
  static constexpr enum_alias<screen_policy> aliases[] = {
      {"byna", screen_policy::by_missing},
      {"byzeros", screen_policy::by_zeros},
      {"both", screen_policy::by_missing_and_zeros},
      {"bynaandzeros", screen_policy::by_missing_and_zeros},
  };
};

/// The screening part of a recipe (prepare.screen).
struct screening {
  screen_policy policy = screen_policy::none;
  double min_availability = 2.0 / 3.0;
  double min_nonzero = 0.05;
  std::vector<std::string> force_include;  ///< unit codes kept whatever the rules say
  std::vector<std::string> force_exclude;  ///< unit codes dropped whatever the rules say
};

/// One row of the screening summary (COINr's DataSummary).
struct screened_unit {
  std::string unit;
  std::string period;
  std::size_t indicators = 0;
  std::size_t missing = 0;
  std::size_t zeros = 0;
  std::size_t missing_or_zero = 0;
  double availability = detail::prep::nan;
  double nonzero_share = detail::prep::nan;
  bool low_data = false;
  bool low_nonzero = false;
  std::string forced;  ///< "include", "exclude" or ""
  bool included = true;
  std::string reason;     ///< why it was kept or dropped, in words
  std::string reason_zh;  ///< the same in Chinese
};

struct screening_result {
  panel data;                             ///< the kept rows, in their original order
  std::vector<screened_unit> summary;     ///< every input row
  std::vector<std::size_t> removed_rows;  ///< input row numbers dropped
};

inline void validate_screening(const screening& s) {
  auto fail = [](const std::string& msg) { throw recipe_error("recipe.screen", "prepare.screen: " + msg); };
  if (!(s.min_availability >= 0 && s.min_availability <= 1)) fail("min_availability must be in [0, 1]");
  if (!(s.min_nonzero >= 0 && s.min_nonzero <= 1)) fail("min_nonzero must be in [0, 1]");
  const std::set<std::string> inc(s.force_include.begin(), s.force_include.end());
  for (const auto& u : s.force_exclude)
    if (inc.count(u)) fail("unit '" + u + "' is both in force_include and in force_exclude");
}

/// Screens the rows of a panel. The summary is filled for every policy (none keeps every row
/// that is not force-excluded). Throws recipe_error for invalid options or a forced unit code
/// that is not in the data ("recipe.unknown_unit", typo protection).
/// Cells of `not_applicable` (applicability.hpp) are neither missing nor counted among the
/// unit's indicators.
[[nodiscard]] inline screening_result screen_units(const framework& fw, const panel& data, const screening& s,
                                                   const cell_mask* not_applicable = nullptr) {
  validate_screening(s);
  const std::set<std::string> units(data.units.begin(), data.units.end());
  for (const auto* list : {&s.force_include, &s.force_exclude})
    for (const auto& u : *list)
      if (!units.count(u))
        throw recipe_error("recipe.unknown_unit",
                           "prepare.screen forces unit '" + u + "', which is not in the data");
  const std::set<std::string> inc(s.force_include.begin(), s.force_include.end());
  const std::set<std::string> exc(s.force_exclude.begin(), s.force_exclude.end());
  const std::vector<Eigen::Index> col = detail::prep::leaf_columns(fw, data);
  screening_result out;
  std::vector<Eigen::Index> keep;
  for (Eigen::Index r = 0; r < data.rows(); ++r) {
    screened_unit u;
    u.unit = data.units[static_cast<std::size_t>(r)];
    u.period = static_cast<std::size_t>(r) < data.periods.size() ? data.periods[static_cast<std::size_t>(r)]
                                                                 : std::string();
    u.indicators = col.size();
    for (std::size_t q = 0; q < col.size(); ++q) {
      if (is_not_applicable(not_applicable, r, q)) {
        --u.indicators;
        continue;
      }
      const double v = data.values(r, col[q]);
      if (std::isnan(v)) ++u.missing;
      else if (v == 0) ++u.zeros;
    }
    u.missing_or_zero = u.missing + u.zeros;
    u.availability = 1.0 - static_cast<double>(u.missing) / static_cast<double>(u.indicators);
    const std::size_t present = u.indicators - u.missing;
    u.nonzero_share = present > 0 ? 1.0 - static_cast<double>(u.zeros) / static_cast<double>(present)
                                  : detail::prep::nan;
    u.low_data = u.availability < s.min_availability;
    u.low_nonzero = !(u.nonzero_share >= s.min_nonzero);
    const bool by_missing = s.policy == screen_policy::by_missing ||
                            s.policy == screen_policy::by_missing_and_zeros;
    const bool by_zeros = s.policy == screen_policy::by_zeros ||
                          s.policy == screen_policy::by_missing_and_zeros;
    const bool fails = (by_missing && u.low_data) || (by_zeros && u.low_nonzero);
    auto pct = [](double v) { return detail::format_double(std::round(v * 1000) / 10) + "%"; };
    std::string rule, rule_zh;
    if (by_missing) {
      const std::string cmp = (u.low_data ? " < " : " >= ") + pct(s.min_availability);
      rule += "availability " + pct(u.availability) + cmp;
      rule_zh += "数据可得率 " + pct(u.availability) + cmp;
    }
    if (by_zeros) {
      if (!rule.empty()) rule += ", ", rule_zh += ", ";
      const std::string cmp = (u.low_nonzero ? " < " : " >= ") + pct(s.min_nonzero);
      const bool none = std::isnan(u.nonzero_share);
      rule += "non-zero share " + (none ? std::string("undefined (no values)") : pct(u.nonzero_share)) + cmp;
      rule_zh += "非零值占比 " + (none ? std::string("无法计算 (没有数值)") : pct(u.nonzero_share)) + cmp;
    }
    auto with_rule = [](const std::string& head, const std::string& rule_text) {
      return head + (rule_text.empty() ? std::string() : "; " + rule_text);
    };
    if (exc.count(u.unit)) {
      u.forced = "exclude";
      u.included = false;
      u.reason = with_rule("forced out (force_exclude)", rule);
      u.reason_zh = with_rule("强制剔除 (force_exclude)", rule_zh);
    } else if (inc.count(u.unit)) {
      u.forced = "include";
      u.included = true;
      u.reason = with_rule("forced in (force_include)", rule);
      u.reason_zh = with_rule("强制保留 (force_include)", rule_zh);
    } else if (s.policy == screen_policy::none) {
      u.reason = "no screening rule";
      u.reason_zh = "未设筛选规则";
    } else {
      u.included = !fails;
      u.reason = (fails ? "dropped: " : "kept: ") + rule;
      u.reason_zh = (fails ? "剔除: " : "保留: ") + rule_zh;
    }
    if (u.included) keep.push_back(r);
    else out.removed_rows.push_back(static_cast<std::size_t>(r));
    out.summary.push_back(std::move(u));
  }
  // the kept rows
  panel& p = out.data;
  p.indicators = data.indicators;
  p.source = data.source;
  p.notes = data.notes;
  p.notes_zh = data.notes_zh;
  p.left_out = data.left_out;
  const auto n = static_cast<Eigen::Index>(keep.size());
  p.values.resize(n, data.cols());
  for (Eigen::Index i = 0; i < n; ++i) p.values.row(i) = data.values.row(keep[static_cast<std::size_t>(i)]);
  auto pick = [&](const std::vector<std::string>& v) {
    std::vector<std::string> o;
    if (v.size() != static_cast<std::size_t>(data.rows())) return v;
    for (Eigen::Index r : keep) o.push_back(v[static_cast<std::size_t>(r)]);
    return o;
  };
  p.units = pick(data.units);
  p.unit_names = pick(data.unit_names);
  p.periods = pick(data.periods);
  for (const auto& [name, labels] : data.groups) p.groups.emplace_back(name, pick(labels));
  if (data.lines.size() == static_cast<std::size_t>(data.rows()))
    for (Eigen::Index r : keep) p.lines.push_back(data.lines[static_cast<std::size_t>(r)]);
  return out;
}

}  // namespace tijian
