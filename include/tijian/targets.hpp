// SPDX-License-Identifier: MIT
// Target profiles: the quantified targets of one plan (a city's green-city pilot opinions, a
// five-year plan, ...) for the indicators of a framework. A profile is separate from the
// framework: the same framework is checked against several profiles (Qingdao's 2022 pilot
// targets, Jinan's 2025 plan targets, a user's own), and a profile covers only what its plan
// names. The framework's own node_spec::targets (at_least / at_most / band) are not used by
// the check; they stay what they are for normalisation.
//
// Target kinds (a target compares the value x of its indicator in the checked period):
//
//   kind             TOML kind                  met when                 achievement ratio
//   at_least         "at_least" ">=" "above" ">"  x >= v (above: x > v)   x / v
//   at_most          "at_most" "<=" "below" "<"   x <= v (below: x < v)   v / x
//   band             "band"                     lower <= x <= upper      1 inside, x / lower
//                                                                        below, upper / x above
//   yes_no           "yes_no"                   x == 1 (data 1 = yes,    1 / 0
//                                               0 = no)
//   decrease         "decrease"                 x < x_prev (year on year: x_prev / x
//                                               the previous period with
//                                               data; needs two periods)
//   increase         "increase"                 x > x_prev               x / x_prev
//   progress         "progress"                 x >= v, x = work done so done / total = x / v
//                                               far (cumulative since the
//                                               plan started), v = total
//   change_vs_base   "change_vs_base"           c <= v for v < 0, c >= v c / v, where
//                                               for v > 0; c = 100 (x -  c = achieved change
//                                               x_base) / x_base (%), v
//                                               = required change (%) vs
//                                               base_year (e.g. -16 for
//                                               "water per 10,000 yuan
//                                               GDP -16 % vs 2020")
//
// `above` and `below` are at_least / at_most with `exclusive = true` (the plan says "超过" /
// "小于": strictly more / less). Ratios are capped by the check (check.hpp).
//
// Profile files (TOML, schema "tijian/targets/1") are read and written by io/targets_io.hpp.
#pragma once

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detail/hash.hpp"
#include "detail/text.hpp"
#include "error.hpp"
#include "framework.hpp"
#include "names.hpp"

namespace tijian {

enum class target_kind {
  at_least,        ///< x >= v (exclusive: x > v)
  at_most,         ///< x <= v (exclusive: x < v)
  band,            ///< lower <= x <= upper
  yes_no,          ///< x == 1 (1 = yes, 0 = no)
  decrease,        ///< x below the previous period's value
  increase,        ///< x above the previous period's value
  progress,        ///< work done so far x against a total v
  change_vs_base,  ///< relative change vs base_year of at least v percent (signed)
};

template <>
struct enum_names<target_kind> {
  static constexpr const char* what = "target kind";
  static constexpr enum_name<target_kind> entries[] = {
      {target_kind::at_least, "at_least", "不低于", "at least"},
      {target_kind::at_most, "at_most", "不高于", "at most"},
      {target_kind::band, "band", "区间", "within a band"},
      {target_kind::yes_no, "yes_no", "是否", "yes or no"},
      {target_kind::decrease, "decrease", "逐年下降", "decrease year on year"},
      {target_kind::increase, "increase", "逐年提高", "increase year on year"},
      {target_kind::progress, "progress", "累计完成", "work done against a total"},
      {target_kind::change_vs_base, "change_vs_base", "较基准年变化", "change against the base year"},
  };
};

/// A kind word of a profile file; `exclusive` is set for "above", ">", "below", "<".
[[nodiscard]] inline std::optional<target_kind> parse_target_kind(std::string_view s,
                                                                  bool* exclusive = nullptr) {
  const std::string t = detail::lower(detail::trim(s));
  struct word {
    const char* text;
    target_kind kind;
    bool exclusive;
  };
  static const word words[] = {
      {"at_least", target_kind::at_least, false},
      {">=", target_kind::at_least, false},
      {"≥", target_kind::at_least, false},
      {"min", target_kind::at_least, false},
      {"above", target_kind::at_least, true},
      {">", target_kind::at_least, true},
      {"more_than", target_kind::at_least, true},
      {"at_most", target_kind::at_most, false},
      {"<=", target_kind::at_most, false},
      {"≤", target_kind::at_most, false},
      {"max", target_kind::at_most, false},
      {"below", target_kind::at_most, true},
      {"<", target_kind::at_most, true},
      {"less_than", target_kind::at_most, true},
      {"band", target_kind::band, false},
      {"within", target_kind::band, false},
      {"within_band", target_kind::band, false},
      {"range", target_kind::band, false},
      {"yes_no", target_kind::yes_no, false},
      {"yes", target_kind::yes_no, false},
      {"yes/no", target_kind::yes_no, false},
      {"boolean", target_kind::yes_no, false},
      {"decrease", target_kind::decrease, false},
      {"down", target_kind::decrease, false},
      {"fall", target_kind::decrease, false},
      {"increase", target_kind::increase, false},
      {"up", target_kind::increase, false},
      {"rise", target_kind::increase, false},
      {"progress", target_kind::progress, false},
      {"done", target_kind::progress, false},
      {"work", target_kind::progress, false},
      {"amount", target_kind::progress, false},
      {"change_vs_base", target_kind::change_vs_base, false},
      {"change", target_kind::change_vs_base, false},
      {"relative_change", target_kind::change_vs_base, false},
  };
  for (const word& w : words)
    if (t == w.text) {
      if (exclusive) *exclusive = w.exclusive;
      return w.kind;
    }
  return std::nullopt;
}

/// One target of a profile.
struct profile_target {
  std::string indicator;  ///< indicator code in the framework
  target_kind kind = target_kind::at_least;
  bool exclusive = false;                                   ///< at_least / at_most: strict inequality (> / <)
  double value = std::numeric_limits<double>::quiet_NaN();  ///< threshold, total, change %;
                                                            ///< band: lower bound
  double upper = std::numeric_limits<double>::quiet_NaN();  ///< band: upper bound
  int year = 0;                                             ///< target year; 0 = none (always due)
  int base_year = 0;  ///< change_vs_base: base year; others: optional schedule base
  double base_value = std::numeric_limits<double>::quiet_NaN();  ///< the plan's base value
  int start_year = 0;  ///< progress: year the counted work started (0 = profile's start_year)
  std::string unit;    ///< unit note
  std::string source;  ///< seed file and section
  std::string note;    ///< the plan's wording worth keeping
  location where;      ///< where the target was written (file, line, indicator)

  /// Whether the kind's verdict depends on reaching the target year (a 2025 level checked with
  /// 2023 data is "not yet due"). Year-on-year kinds apply every year.
  [[nodiscard]] bool needs_target_year() const noexcept {
    return kind != target_kind::decrease && kind != target_kind::increase;
  }

  /// The comparator as written in plans and in the seed table: ">=", ">", "<=", "<", "band",
  /// "yes", "down", "up", "done", "change".
  [[nodiscard]] const char* symbol() const noexcept {
    switch (kind) {
      case target_kind::at_least: return exclusive ? ">" : ">=";
      case target_kind::at_most: return exclusive ? "<" : "<=";
      case target_kind::band: return "band";
      case target_kind::yes_no: return "yes";
      case target_kind::decrease: return "down";
      case target_kind::increase: return "up";
      case target_kind::progress: return "done";
      case target_kind::change_vs_base: return "change";
    }
    return "?";
  }

  /// Short readable text of the target, e.g. ">= 75 % (2022)", "done 500 万m² (2022)",
  /// "-16 % vs 2020 (2025)", "yes (2022)", "down year on year".
  [[nodiscard]] std::string describe(bool chinese = false) const {
    const std::string u = unit.empty() ? std::string() : " " + unit;
    std::string out;
    switch (kind) {
      case target_kind::at_least:
      case target_kind::at_most: out = std::string(symbol()) + " " + detail::format_double(value) + u; break;
      case target_kind::band:
        out = "[" + detail::format_double(value) + ", " + detail::format_double(upper) + "]" + u;
        break;
      case target_kind::yes_no: out = chinese ? "是" : "yes"; break;
      case target_kind::decrease: out = chinese ? "逐年下降" : "down year on year"; break;
      case target_kind::increase: out = chinese ? "逐年上升" : "up year on year"; break;
      case target_kind::progress:
        out = (chinese ? "完成 " : "done ") + detail::format_double(value) + u;
        break;
      case target_kind::change_vs_base:
        out = (value > 0 ? "+" : "") + detail::format_double(value) + " %" +
              (chinese ? " 较" + std::to_string(base_year) + "年" : " vs " + std::to_string(base_year));
        break;
    }
    if (year != 0) out += " (" + std::to_string(year) + ")";
    return out;
  }
};

/// The targets of one plan.
struct target_profile {
  std::string name;       ///< "qingdao-2022"
  std::string framework;  ///< the framework it was written for ("green-city")
  std::string name_zh;
  std::string name_en;
  std::string source;  ///< the plan (document, issuer, date)
  int start_year = 0;  ///< plan start, default base of progress schedules (0 = none)
  std::vector<profile_target> targets;
  std::string file;  ///< file or preset it was read from, for messages

  /// Targets of one indicator, in profile order.
  [[nodiscard]] std::vector<const profile_target*> targets_of(std::string_view code) const {
    std::vector<const profile_target*> out;
    for (const auto& t : targets)
      if (t.indicator == code) out.push_back(&t);
    return out;
  }

  /// Canonical text of everything that influences a check; stable across platforms.
  [[nodiscard]] std::string describe() const {
    std::string out = "tijian/targets/1\n" + name + "|" + framework + "|" + std::to_string(start_year) + "\n";
    for (const auto& t : targets)
      out += t.indicator + "|" + to_string(t.kind) + (t.exclusive ? "!" : "") + "|" +
             detail::format_double(t.value) + "|" + detail::format_double(t.upper) + "|" +
             std::to_string(t.year) + "|" + std::to_string(t.base_year) + "|" +
             detail::format_double(t.base_value) + "|" + std::to_string(t.start_year) + "\n";
    return out;
  }
  /// FNV-1a 64 of describe(), as 16 hex digits.
  [[nodiscard]] std::string hash() const { return detail::hex(detail::fnv1a(describe())); }
};

/// Checks a target's own consistency (independent of any framework). Throws framework_error
/// ("targets.bad_target") naming the file, line and indicator: a kind that needs a value
/// without one, a non-finite value, a band with lower > upper, a progress total <= 0, a
/// change_vs_base without base_year, with base_year >= year or a zero change, a value on a
/// yes_no / decrease / increase target other than the implied one.
inline void validate_target(const profile_target& t) {
  auto fail = [&](const std::string& msg) {
    location l = t.where;
    l.indicator = t.indicator;
    throw framework_error("targets.bad_target", msg, l);
  };
  if (!detail::is_valid_code(t.indicator)) fail("the target names no valid indicator code");
  switch (t.kind) {
    case target_kind::at_least:
    case target_kind::at_most:
      if (!std::isfinite(t.value)) fail(std::string(to_string(t.kind)) + " needs a finite value");
      break;
    case target_kind::band:
      if (!std::isfinite(t.value) || !std::isfinite(t.upper))
        fail("a band target needs finite lower and upper bounds");
      if (t.value > t.upper)
        fail("band lower " + detail::format_double(t.value) + " > upper " + detail::format_double(t.upper));
      break;
    case target_kind::yes_no:
      if (!std::isnan(t.value) && t.value != 1.0 && t.value != 0.0)
        fail("a yes_no target is 1 (yes, the default) or 0 (must be no)");
      break;
    case target_kind::decrease:
    case target_kind::increase:
      if (!std::isnan(t.value))
        fail(std::string(to_string(t.kind)) + " takes no value: it compares two periods");
      break;
    case target_kind::progress:
      if (!std::isfinite(t.value) || !(t.value > 0))
        fail("a progress target needs the total amount of work as a positive value");
      break;
    case target_kind::change_vs_base:
      if (!std::isfinite(t.value) || t.value == 0.0)
        fail("change_vs_base needs the required change in percent, e.g. value = -16.0");
      if (t.base_year == 0) fail("change_vs_base needs base_year");
      if (t.year != 0 && t.base_year >= t.year)
        fail("base_year " + std::to_string(t.base_year) + " is not before the target year " +
             std::to_string(t.year));
      break;
  }
  if (!std::isnan(t.base_value) && !std::isfinite(t.base_value)) fail("base_value is not finite");
}

/// Checks a profile against a framework: every target names an indicator (a leaf) of the
/// framework. Throws framework_error "targets.unknown_indicator" naming the profile file, the
/// line of the target and the code, or "targets.not_an_indicator" for a dimension code.
inline void validate_profile(const target_profile& p, const framework& fw) {
  for (const auto& t : p.targets) {
    validate_target(t);
    const std::size_t i = fw.find(t.indicator);
    location l = t.where;
    if (l.file.empty()) l.file = p.file;
    l.indicator = t.indicator;
    if (i == framework::npos)
      throw framework_error("targets.unknown_indicator",
                            "profile '" + p.name + "' has a target for '" + t.indicator +
                                "', which is not an indicator of the framework" +
                                (fw.source().empty() ? std::string() : " '" + fw.source() + "'") +
                                "; fix the code or add the indicator to the framework",
                            l);
    if (!fw.is_leaf(i))
      throw framework_error("targets.not_an_indicator",
                            "'" + t.indicator +
                                "' is a dimension of the framework, not an indicator; targets "
                                "apply to indicators",
                            l);
  }
}

}  // namespace tijian
