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
//   approximately    "approximately" "about"    |x - v| <= tolerance     1 inside, else as band
//                    (左右 / 约)                 (tolerance recorded in   [v - tol, v + tol]
//                                               the profile)
//   rises_every_year "rises_every_year"         x rose in every year     x / x_prev of the
//                    (逐年提高)                  since the schedule start last pair
//                                               (every consecutive pair
//                                               of years in the data)
//   falls_every_year "falls_every_year"         x fell in every year     x_prev / x
//                    (逐年下降)                  since the schedule start
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
// The schedule of a target (check.hpp judges "on track" / "behind schedule" against it):
//   base        (base_year, base_value): the plan's starting point. base_year defaults to
//               start_year, then the profile's start_year; base_value, when the plan does not
//               state it, is the unit's value in the base year from the data.
//   target      (year, value): where the plan must be.
//   trajectory  piecewise linear through the base, the milestones the plan states
//               (milestones = [{year = 2023, value = 30.0}, ...]) and the target.
// A progress target's work may be given as `work = "cumulative"` data (the default: the value
// is the work done since the start) or `work = "annual"` (the value is one year's work; the
// check sums the years from the start).
//
// Provenance: `source` (seed file and section) and `quote` (the plan's words, verbatim). A
// target is a bottom line (底线) only when the plan says so: `bottom_line = true` needs
// `bottom_line_quote`, the plan's words containing 底线 / 约束性 / 不得 / 严禁 / 禁止 / 红线
// (or their traditional forms).
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
  at_least,          ///< x >= v (exclusive: x > v)
  at_most,           ///< x <= v (exclusive: x < v)
  band,              ///< lower <= x <= upper
  yes_no,            ///< x == 1 (1 = yes, 0 = no)
  decrease,          ///< x below the previous period's value
  increase,          ///< x above the previous period's value
  progress,          ///< work done so far x against a total v
  change_vs_base,    ///< relative change vs base_year of at least v percent (signed)
  approximately,     ///< |x - v| <= tolerance (左右 / 约)
  rises_every_year,  ///< x rose in every consecutive pair of years since the start (逐年提高)
  falls_every_year,  ///< x fell in every consecutive pair of years since the start (逐年下降)
};

/// How the data of a progress target counts the work.
enum class work_data {
  cumulative,  ///< the value is the work done since the start
  annual,      ///< the value is one year's work; the check sums the years from the start
};

template <>
struct enum_names<work_data> {
  static constexpr const char* what = "work data";
  static constexpr enum_name<work_data> entries[] = {
      {work_data::cumulative, "cumulative", "累计量", "cumulative"},
      {work_data::annual, "annual", "年度量", "annual"},
  };
};

/// A point of a target's trajectory that the plan states (e.g. "到2023年达到40%").
struct milestone {
  int year = 0;
  double value = std::numeric_limits<double>::quiet_NaN();
};

template <>
struct enum_names<target_kind> {
  static constexpr const char* what = "target kind";
  static constexpr enum_name<target_kind> entries[] = {
      {target_kind::at_least, "at_least", "不低于", "at least"},
      {target_kind::at_most, "at_most", "不高于", "at most"},
      {target_kind::band, "band", "区间", "within a band"},
      {target_kind::yes_no, "yes_no", "是否", "yes or no"},
      {target_kind::decrease, "decrease", "较上年下降", "lower than the year before"},
      {target_kind::increase, "increase", "较上年提高", "higher than the year before"},
      {target_kind::progress, "progress", "累计完成", "work done against a total"},
      {target_kind::change_vs_base, "change_vs_base", "较基准年变化", "change against the base year"},
      {target_kind::approximately, "approximately", "左右", "approximately"},
      {target_kind::rises_every_year, "rises_every_year", "逐年提高", "rises every year"},
      {target_kind::falls_every_year, "falls_every_year", "逐年下降", "falls every year"},
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
      {"approximately", target_kind::approximately, false},
      {"about", target_kind::approximately, false},
      {"approx", target_kind::approximately, false},
      {"~", target_kind::approximately, false},
      {"左右", target_kind::approximately, false},
      {"约", target_kind::approximately, false},
      {"rises_every_year", target_kind::rises_every_year, false},
      {"逐年提高", target_kind::rises_every_year, false},
      {"falls_every_year", target_kind::falls_every_year, false},
      {"逐年下降", target_kind::falls_every_year, false},
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
  std::string id;         ///< unique in the profile; given, or named by name_targets()
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
  /// approximately: |x - v| allowed; change_vs_base (下降6%左右): percentage points by which the
  /// required change may fall short
  double tolerance = std::numeric_limits<double>::quiet_NaN();
  std::vector<milestone> milestones;       ///< intermediate points the plan states, by year
  work_data work = work_data::cumulative;  ///< progress: how the data counts the work
  bool bottom_line = false;                ///< the plan makes this a bottom line (底线)
  std::string bottom_line_quote;           ///< the plan's words that make it one
  std::string unit;                        ///< unit note
  std::string source;                      ///< seed file and section
  std::string quote;                       ///< the plan's words, verbatim
  std::string note;                        ///< the plan's wording worth keeping
  location where;                          ///< where the target was written (file, line, indicator)

  /// Whether the kind's verdict depends on reaching the target year (a 2025 level checked with
  /// 2023 data is "not yet due"). Year-on-year kinds apply every year.
  [[nodiscard]] bool needs_target_year() const noexcept { return !year_on_year() && !every_year(); }
  /// decrease / increase: this year against the year before, due every year.
  [[nodiscard]] bool year_on_year() const noexcept {
    return kind == target_kind::decrease || kind == target_kind::increase;
  }
  /// rises_every_year / falls_every_year: every consecutive pair of years since the start.
  [[nodiscard]] bool every_year() const noexcept {
    return kind == target_kind::rises_every_year || kind == target_kind::falls_every_year;
  }
  /// Kinds that move toward a level and so have a trajectory (base -> milestones -> target).
  [[nodiscard]] bool has_trajectory() const noexcept {
    switch (kind) {
      case target_kind::at_least:
      case target_kind::at_most:
      case target_kind::band:
      case target_kind::approximately:
      case target_kind::progress:
      case target_kind::change_vs_base: return true;
      default: return false;
    }
  }

  /// The year the plan's schedule starts from: base_year, else start_year, else the profile's
  /// start_year; 0 when none is known (the check then uses the first year in the data).
  [[nodiscard]] int schedule_start(int profile_start_year) const noexcept {
    if (base_year != 0) return base_year;
    if (start_year != 0) return start_year;
    return profile_start_year;
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
      case target_kind::approximately: return "about";
      case target_kind::rises_every_year: return "up every year";
      case target_kind::falls_every_year: return "down every year";
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
      case target_kind::yes_no:
        out = chinese ? (value == 0.0 ? "否" : "是") : (value == 0.0 ? "no" : "yes");
        break;
      case target_kind::decrease: out = chinese ? "较上年下降" : "down year on year"; break;
      case target_kind::increase: out = chinese ? "较上年提高" : "up year on year"; break;
      case target_kind::progress:
        out = (chinese ? "完成 " : "done ") + detail::format_double(value) + u;
        break;
      case target_kind::change_vs_base:
        out = (value > 0 ? "+" : "") + detail::format_double(value) + " %" +
              (std::isnan(tolerance)
                   ? ""
                   : (chinese ? "左右" : " ± " + detail::format_double(tolerance) + " pp")) +
              (chinese ? " 较" + std::to_string(base_year) + "年" : " vs " + std::to_string(base_year));
        break;
      case target_kind::approximately:
        out = (chinese ? "约 " : "about ") + detail::format_double(value) + " ± " +
              detail::format_double(tolerance) + u;
        break;
      case target_kind::rises_every_year: out = chinese ? "逐年提高" : "up every year"; break;
      case target_kind::falls_every_year: out = chinese ? "逐年下降" : "down every year"; break;
    }
    if (year != 0) out += chinese ? "(" + std::to_string(year) + "年)" : " (" + std::to_string(year) + ")";
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
    for (const auto& t : targets) {
      out += t.indicator + "|" + to_string(t.kind) + (t.exclusive ? "!" : "") + "|" +
             detail::format_double(t.value) + "|" + detail::format_double(t.upper) + "|" +
             std::to_string(t.year) + "|" + std::to_string(t.base_year) + "|" +
             detail::format_double(t.base_value) + "|" + std::to_string(t.start_year);
      // fields added later are appended only when set, so older profiles keep their hash
      if (!std::isnan(t.tolerance)) out += "|tol=" + detail::format_double(t.tolerance);
      for (const milestone& m : t.milestones)
        out += "|m" + std::to_string(m.year) + "=" + detail::format_double(m.value);
      if (t.work != work_data::cumulative) out += "|annual";
      if (t.bottom_line) out += "|bottom_line";
      out += "\n";
    }
    return out;
  }
  /// FNV-1a 64 of describe(), as 16 hex digits.
  [[nodiscard]] std::string hash() const { return detail::hex(detail::fnv1a(describe())); }
};

/// Checks a target's own consistency (independent of any framework). Throws framework_error
/// ("targets.bad_target") naming the file, line and indicator: a kind that needs a value
/// without one, a non-finite value, a band with lower > upper, a progress total <= 0, a
/// change_vs_base without base_year or with a zero change, a base or start year not before the
/// target year, a value on a yes_no / decrease / increase / *_every_year target other than the
/// implied one, an approximately target without tolerance, milestones out of order or outside
/// (base year, target year), a bottom line without the plan's words for it.
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
      break;
    case target_kind::approximately:
      if (!std::isfinite(t.value)) fail("an approximately target needs a finite value");
      if (!std::isfinite(t.tolerance) || !(t.tolerance > 0))
        fail("an approximately (左右/约) target needs tolerance > 0 in the indicator's unit: how far from " +
             detail::format_double(t.value) + " still counts as met");
      break;
    case target_kind::rises_every_year:
    case target_kind::falls_every_year:
      if (!std::isnan(t.value))
        fail(std::string(to_string(t.kind)) + " takes no value: it compares consecutive years");
      break;
  }
  if (!std::isnan(t.tolerance) && t.kind != target_kind::approximately &&
      t.kind != target_kind::change_vs_base)
    fail("tolerance is for approximately targets and for a change of about so much (change_vs_base, 左右)");
  if (t.kind == target_kind::change_vs_base && !std::isnan(t.tolerance) &&
      (!std::isfinite(t.tolerance) || !(t.tolerance > 0) || !(t.tolerance < std::fabs(t.value))))
    fail(
        "the tolerance of a change_vs_base target is in percentage points, > 0 and below the required change");
  if (t.work != work_data::cumulative && t.kind != target_kind::progress)
    fail("work = \"annual\" is for progress targets");
  if (!std::isnan(t.base_value) && !std::isfinite(t.base_value)) fail("base_value is not finite");
  for (const auto& [name, y] :
       {std::pair<const char*, int>{"base_year", t.base_year}, {"start_year", t.start_year}})
    if (t.year != 0 && y != 0 && y >= t.year)
      fail(std::string(name) + " " + std::to_string(y) + " is not before the target year " +
           std::to_string(t.year));
  if (!t.milestones.empty()) {
    if (!t.has_trajectory())
      fail("milestones are for targets that move toward a level, not for " + std::string(to_string(t.kind)));
    if (t.year == 0) fail("milestones need the target year (year = ...)");
    const int start = t.base_year != 0 ? t.base_year : t.start_year;
    int prev = start;
    for (const milestone& m : t.milestones) {
      if (!std::isfinite(m.value))
        fail("the milestone of " + std::to_string(m.year) + " needs a finite value");
      if (prev != 0 && m.year <= prev)
        fail("milestone years must increase after the base year: " + std::to_string(m.year) +
             " comes after " + std::to_string(prev));
      if (m.year >= t.year)
        fail("milestone " + std::to_string(m.year) + " is not before the target year " +
             std::to_string(t.year) + " (the target itself is the last point)");
      prev = m.year;
    }
  }
  if (t.bottom_line) {
    static const char* const words[] = {"底线", "底線", "约束性", "約束性", "不得",
                                        "严禁", "嚴禁", "禁止",   "红线",   "紅線"};
    bool said = false;
    for (const char* w : words) said = said || t.bottom_line_quote.find(w) != std::string::npos;
    if (!said)
      fail(
          "bottom_line = true needs bottom_line_quote: the plan's words that make the target a bottom line "
          "(containing 底线, 约束性, 不得, 严禁, 禁止 or 红线)");
  } else if (!t.bottom_line_quote.empty()) {
    fail("bottom_line_quote is given but bottom_line is not true");
  }
}

/// Gives every target without an id one, unique in the profile: the indicator code, with the
/// target year appended when the indicator has several targets, and "-2", "-3"... when that is
/// still not unique. Throws framework_error "targets.duplicate_id" for two targets given the
/// same id.
inline void name_targets(target_profile& p) {
  auto taken = [&](const std::string& id, const profile_target* self) {
    for (const auto& t : p.targets)
      if (&t != self && t.id == id) return true;
    return false;
  };
  for (const auto& t : p.targets)
    if (!t.id.empty() && taken(t.id, &t)) {
      location l = t.where;
      if (l.file.empty()) l.file = p.file;
      l.indicator = t.indicator;
      throw framework_error("targets.duplicate_id",
                            "two targets have the id '" + t.id + "'; ids must be unique", l);
    }
  for (auto& t : p.targets) {
    if (!t.id.empty()) continue;
    std::size_t same = 0;
    for (const auto& o : p.targets) same += o.indicator == t.indicator ? 1 : 0;
    std::string id = t.indicator;
    if (same > 1 && t.year != 0) id += "-" + std::to_string(t.year);
    std::string candidate = id;
    for (int k = 2; taken(candidate, &t); ++k) candidate = id + "-" + std::to_string(k);
    t.id = candidate;
  }
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
