// SPDX-License-Identifier: MIT
// Self-check vs third-party (自检 vs 第三方体检): two or more assessments of the same units,
// periods and indicators, compared value by value, verdict by verdict and score by score, with
// agreement statistics (agreement.hpp) and a problem list. One entry:
//
//   compare_result compare(const framework&, const std::vector<assessment>&,
//                          const target_profile&, const compare_options& = {});
//
// The first assessment is the reference (normally the city's self-check, 自检); every other one
// (第三方, a second team, ...) is compared with it. Inputs are refused, whole, with a data_error
// naming the file and the offending codes, when an assessment has units, indicators or periods
// (or unit x period rows) the reference lacks, or the reverse ("compare.units_differ",
// "compare.indicators_differ", "compare.periods_differ", "compare.rows_differ"), when a label
// is empty or repeated ("compare.labels"), or fewer than two assessments are given
// ("compare.too_few"). Panels carry no units of measure: every value is read in the unit of its
// indicator in the framework (the `measure` column), so both assessments share it by
// construction.
//
// Tables (compare_tables.hpp describes them):
//   values       one row per other assessment x unit x period x indicator: both values, the
//                difference d = b - a and the relative difference d / |a| (a = the reference),
//                the tolerance and whether |d| <= allowed, where
//                  allowed = absolute + relative x |a|        (numpy.isclose's rule)
//                with the indicator's tolerances from the tolerance file (compare_io.hpp), else
//                its [default], else 0 and 0 (values must be equal). A value present in one
//                assessment only is outside tolerance (missing_a / missing_b); both missing is
//                neither.
//   verdicts     the rows where check()'s state on the plan's schedule differs between the
//                reference and another assessment, for every period of the data (each
//                assessment checked against the same profile with the same options)
//   scores       the composite score and rank of each unit and period by each assessment and
//                their differences: check's composite green-city score (composite.hpp) by
//                default, or score() with options.recipe when given
//   agreement    per other assessment x period x indicator (and the composite score, indicator
//                = the root's code): Spearman's rho, Kendall's tau-b, ICC(A,1) = ICC(2,1) with
//                its CI, ICC(C,1) = ICC(3,1), and Bland-Altman bias and limits, across the units
//                with both values; a statistic that is undefined (fewer than 3 units, no
//                variance) is NaN with the reason in `note`
//   kappa        per other assessment: Cohen's kappa (unweighted, linear, quadratic) of the
//                verdicts over the ordered scale
//                  missed (0) < behind_schedule (1) < on_track (2) < met (3);
//                pairs where either state is off the scale (not_yet_due: pace unknown, no_data,
//                not_applicable) are left out and counted (`left_out`)
//   concordance  with three or more assessments: Kendall's W of the units' values per period x
//                indicator (and of the composite scores), all assessments as raters
//   problems     the problem list with source "third_party": values outside tolerance, values
//                missing in one assessment, verdict disagreements; the columns of the check's
//                problem list (check_tables.hpp) plus `origin` and the reference's side.
//                severity (dimensionless): value rows |d| / |a| (1 when a = 0 or one is
//                missing); verdict rows the distance on the ordered scale / 3 (met vs missed
//                = 1), 1/3 when one state is off the scale. Order: per assessment, unit, period:
//                verdicts before values, then severity descending, then indicator.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "agreement.hpp"
#include "check.hpp"
#include "composite.hpp"
#include "error.hpp"
#include "framework.hpp"
#include "names.hpp"
#include "problem_origin.hpp"
#include "panel.hpp"
#include "recipe.hpp"
#include "score.hpp"
#include "targets.hpp"
#include "version.hpp"

namespace tijian {

/// One assessment of the units: who made it and its values.
struct assessment {
  std::string label;  ///< e.g. 自检, 第三方; the first assessment is the reference
  panel data;
};

/// How far two values of an indicator may differ: |b - a| <= absolute + relative x |a|.
struct tolerance {
  std::string indicator;  ///< empty for the default
  double absolute = 0;    ///< in the indicator's unit
  double relative = 0;    ///< a fraction of the reference value (0.02 = 2 %)
  std::string note;       ///< why (e.g. 统计口径差异)
  std::size_t line = 0;   ///< line in the tolerance file
};

/// The tolerances of a comparison, per indicator with a default.
struct tolerance_set {
  std::string source;  ///< the file, for messages and provenance
  tolerance fallback;  ///< used for indicators without their own
  std::vector<tolerance> indicators;

  [[nodiscard]] const tolerance& of(const std::string& code) const {
    for (const auto& t : indicators)
      if (t.indicator == code) return t;
    return fallback;
  }
  /// Throws data_error "compare.tolerance" for a negative or non-finite tolerance, an indicator
  /// named twice or one the framework does not have.
  void validate(const framework& fw) const {
    auto check = [&](const tolerance& t) {
      location l;
      l.file = source;
      l.line = t.line;
      l.indicator = t.indicator;
      if (!(t.absolute >= 0) || !std::isfinite(t.absolute) || !(t.relative >= 0) ||
          !std::isfinite(t.relative))
        throw data_error("compare.tolerance", "tolerances must be finite numbers >= 0", l);
    };
    check(fallback);
    std::set<std::string> seen;
    for (const auto& t : indicators) {
      check(t);
      location l;
      l.file = source;
      l.line = t.line;
      l.indicator = t.indicator;
      if (!seen.insert(t.indicator).second)
        throw data_error("compare.tolerance", "indicator given twice in the tolerance file", l);
      const std::size_t i = fw.find(t.indicator);
      if (i == framework::npos || !fw.is_leaf(i))
        throw data_error("compare.tolerance", "not an indicator of the framework '" + fw.source() + "'", l);
    }
  }
};

/// How two values of one cell relate.
enum class value_agreement { within, outside, missing_a, missing_b, both_missing };
/// How two verdicts differ.
enum class verdict_gap {
  met_vs_missed,
  on_schedule_vs_behind,
  met_vs_on_track,
  no_data_in_one,
  pace_unknown_in_one
};
/// Why the comparison lists a problem.
enum class comparison_reason { verdict_disagreement, value_outside_tolerance, value_missing };

template <>
struct enum_names<value_agreement> {
  static constexpr const char* what = "value agreement";
  static constexpr enum_name<value_agreement> entries[] = {
      {value_agreement::within, "within", "在允许偏差内", "within tolerance"},
      {value_agreement::outside, "outside", "超出允许偏差", "outside tolerance"},
      {value_agreement::missing_a, "missing_a", "参照方缺数", "missing in the reference"},
      {value_agreement::missing_b, "missing_b", "比对方缺数", "missing in the other assessment"},
      {value_agreement::both_missing, "both_missing", "双方均缺数", "missing in both"},
  };
};
template <>
struct enum_names<verdict_gap> {
  static constexpr const char* what = "verdict disagreement";
  static constexpr enum_name<verdict_gap> entries[] = {
      {verdict_gap::met_vs_missed, "met_vs_missed", "一方达标一方未达标", "met by one, missed by the other"},
      {verdict_gap::on_schedule_vs_behind, "on_schedule_vs_behind", "一方进度正常一方滞后",
       "met or on track by one, behind schedule by the other"},
      {verdict_gap::met_vs_on_track, "met_vs_on_track", "一方已达标一方进度正常",
       "met by one, on track by the other"},
      {verdict_gap::no_data_in_one, "no_data_in_one", "一方无数据", "no data in one"},
      {verdict_gap::pace_unknown_in_one, "pace_unknown_in_one", "一方进度无法判断", "pace unknown in one"},
  };
};
template <>
struct enum_names<comparison_reason> {
  static constexpr const char* what = "comparison reason";
  static constexpr enum_name<comparison_reason> entries[] = {
      {comparison_reason::verdict_disagreement, "verdict_disagreement", "结论不一致", "verdicts disagree"},
      {comparison_reason::value_outside_tolerance, "value_outside_tolerance", "数值超出允许偏差",
       "value outside tolerance"},
      {comparison_reason::value_missing, "value_missing", "一方缺数", "value missing in one"},
  };
};

struct compare_options {
  check_options check;  ///< how each assessment is checked (its period is set per period)
  /// Composite score: none = check's composite green-city score (composite.hpp); a recipe =
  /// score() with it (every framework indicator then needs a data column).
  std::optional<tijian::recipe> recipe;
  composite_options composite;  ///< the composite's options when no recipe is given
  tolerance_set tolerances;
  double confidence = 0.95;  ///< of the ICC, kappa and Bland-Altman intervals
};

struct value_row {
  std::string assessor_a, assessor_b;
  std::string unit, unit_name, period, dimension, indicator, name_zh, name_en, measure;
  double value_a = std::numeric_limits<double>::quiet_NaN(),
         value_b = std::numeric_limits<double>::quiet_NaN();
  double difference = std::numeric_limits<double>::quiet_NaN();
  double relative_difference = std::numeric_limits<double>::quiet_NaN();
  double tolerance_absolute = 0, tolerance_relative = 0;
  double allowed = std::numeric_limits<double>::quiet_NaN();
  value_agreement agreement = value_agreement::both_missing;
};

struct verdict_row {
  std::string assessor_a, assessor_b;
  std::string unit, unit_name, period, dimension, indicator, name_zh, name_en, measure;
  int target = -1;
  std::string target_id;
  check_status status_a = check_status::no_data, status_b = check_status::no_data;
  double value_a = std::numeric_limits<double>::quiet_NaN(),
         value_b = std::numeric_limits<double>::quiet_NaN();
  verdict_gap gap = verdict_gap::met_vs_missed;
  bool bottom_line = false;
  double weight = 0;
};

struct score_row {
  std::string assessor_a, assessor_b;
  std::string unit, unit_name, period;
  double score_a = std::numeric_limits<double>::quiet_NaN(),
         score_b = std::numeric_limits<double>::quiet_NaN();
  double difference = std::numeric_limits<double>::quiet_NaN();
  double rank_a = std::numeric_limits<double>::quiet_NaN(), rank_b = std::numeric_limits<double>::quiet_NaN();
  double rank_difference = std::numeric_limits<double>::quiet_NaN();
};

struct agreement_row {
  std::string assessor_a, assessor_b, period, indicator, name_zh, name_en, measure;
  std::size_t n = 0;  ///< units with both values
  agreement::correlation_test spearman, kendall;
  agreement::icc_row icc_a1, icc_c1;  ///< ICC(A,1) = ICC(2,1), ICC(C,1) = ICC(3,1)
  agreement::bland_altman_result bland_altman;
  std::string note, note_zh;  ///< why a statistic is missing
};

struct kappa_row {
  std::string assessor_a, assessor_b;
  std::size_t pairs = 0, left_out = 0;
  agreement::kappa_result result;
  std::string note, note_zh;
};

struct concordance_row {
  std::string period, indicator, name_zh, name_en;
  std::size_t raters = 0;
  agreement::kendall_w_result result;
  std::string note, note_zh;
};

struct comparison_problem {
  std::size_t rank = 0;  ///< 1-based within (assessor, unit, period)
  std::string unit, unit_name, period, dimension, indicator, name_zh, name_en, measure;
  comparison_reason reason = comparison_reason::value_outside_tolerance;
  std::optional<check_status> status;  ///< the other assessment's state (verdict rows)
  bool bottom_line = false;
  double value = std::numeric_limits<double>::quiet_NaN();  ///< the other assessment's value
  int target = -1;
  std::string target_id, target_text, target_text_zh;
  double trajectory = std::numeric_limits<double>::quiet_NaN();
  double gap = std::numeric_limits<double>::quiet_NaN();           ///< value rows: b - a
  double relative_gap = std::numeric_limits<double>::quiet_NaN();  ///< value rows: (b - a) / |a|
  double weight = 0;
  double severity = 0;
  std::string source, quote;  ///< the target's source and the plan's words
  problem_origin found_by = problem_origin::third_party;
  std::string assessor, reference_assessor;
  double reference_value = std::numeric_limits<double>::quiet_NaN();
  std::optional<check_status> reference_status;
  double allowed = std::numeric_limits<double>::quiet_NaN();
};

struct compare_result {
  tijian::framework framework;
  target_profile profile;
  std::vector<std::string> labels;   ///< assessor labels, reference first
  std::vector<std::string> sources;  ///< their files
  std::vector<std::string> periods;
  std::string composite_basis;  ///< "composite" or "recipe"
  compare_options options;
  std::vector<value_row> values;
  std::vector<verdict_row> verdicts;
  std::vector<score_row> scores;
  std::vector<agreement_row> agreement;
  std::vector<kappa_row> kappa;
  std::vector<concordance_row> concordance;
  std::vector<comparison_problem> problems;
  std::string library_version;
};

namespace detail {

/// Position of v on the ordered verdict scale, or -1 off the scale.
inline int verdict_order(check_status s) {
  switch (s) {
    case check_status::missed: return 0;
    case check_status::behind_schedule: return 1;
    case check_status::on_track: return 2;
    case check_status::met: return 3;
    default: return -1;
  }
}

inline verdict_gap gap_of(check_status a, check_status b) {
  auto either = [&](check_status s) { return a == s || b == s; };
  if (either(check_status::no_data)) return verdict_gap::no_data_in_one;
  if (either(check_status::not_yet_due)) return verdict_gap::pace_unknown_in_one;
  if (either(check_status::met) && either(check_status::missed)) return verdict_gap::met_vs_missed;
  if (either(check_status::behind_schedule) || either(check_status::missed))
    return verdict_gap::on_schedule_vs_behind;
  return verdict_gap::met_vs_on_track;
}

/// "a, b, c" of at most ten codes, "... (N in all)" after.
inline std::string code_list(const std::vector<std::string>& codes) {
  std::string out;
  for (std::size_t i = 0; i < codes.size() && i < 10; ++i) out += (i ? ", " : "") + codes[i];
  if (codes.size() > 10) out += ", ... (" + std::to_string(codes.size()) + " in all)";
  return out;
}

/// Codes of `a` that `b` lacks, in a's order.
inline std::vector<std::string> lacking(const std::vector<std::string>& a,
                                        const std::vector<std::string>& b) {
  const std::set<std::string> in_b(b.begin(), b.end());
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& x : a)
    if (!in_b.count(x) && seen.insert(x).second) out.push_back(x);
  return out;
}

inline std::string shown_file(const assessment& a) {
  return a.data.source.empty() ? "'" + a.label + "'" : "'" + a.data.source + "' (" + a.label + ")";
}

/// Refuses assessments whose units, indicators, periods or rows differ from the reference's.
inline void check_same_shape(const assessment& ref, const assessment& other) {
  const std::string of = shown_file(other), rf = shown_file(ref);
  location where;
  where.file = other.data.source;
  auto differ = [&](const char* id, const char* what, const std::vector<std::string>& a,
                    const std::vector<std::string>& b) {
    const auto extra = lacking(b, a), missing = lacking(a, b);
    if (extra.empty() && missing.empty()) return;
    std::string m = std::string(what) + " differ: ";
    if (!extra.empty()) m += of + " has " + code_list(extra) + " that " + rf + " lacks";
    if (!extra.empty() && !missing.empty()) m += "; ";
    if (!missing.empty()) m += of + " lacks " + code_list(missing) + " that " + rf + " has";
    m += ". Compare the same units, indicators and periods (nothing was compared)";
    throw data_error(id, m, where);
  };
  differ("compare.units_differ", "units", ref.data.units, other.data.units);
  differ("compare.indicators_differ", "indicators", ref.data.indicators, other.data.indicators);
  differ("compare.periods_differ", "periods", ref.data.periods, other.data.periods);
  std::vector<std::string> ra, rb;
  for (std::size_t i = 0; i < ref.data.units.size(); ++i)
    ra.push_back(ref.data.units[i] + " " + ref.data.periods[i]);
  for (std::size_t i = 0; i < other.data.units.size(); ++i)
    rb.push_back(other.data.units[i] + " " + other.data.periods[i]);
  differ("compare.rows_differ", "unit x period rows", ra, rb);
}

inline std::string root_code(const framework& fw) { return fw.node(fw.root()).code; }

/// What an agreement statistic could not compute, as a note.
template <class F>
void try_stat(F f, std::string& note, std::string& note_zh, const char* what_zh) {
  try {
    f();
  } catch (const error& e) {
    std::string msg = e.what();
    const auto k = msg.find("] ");
    if (k != std::string::npos) msg = msg.substr(k + 2);
    note += (note.empty() ? "" : "; ") + msg;
    note_zh += std::string(note_zh.empty() ? "" : "；") + what_zh + "无法计算(" + e.id() + ")";
  }
}

inline void fill_agreement(agreement_row& row, const std::vector<double>& a, const std::vector<double>& b,
                           double confidence) {
  row.n = a.size();
  try_stat([&] { row.spearman = agreement::spearman(a, b); }, row.note, row.note_zh, "Spearman ρ");
  try_stat([&] { row.kendall = agreement::kendall_tau_b(a, b); }, row.note, row.note_zh, "Kendall τ-b");
  try_stat(
      [&] {
        Eigen::MatrixXd m(static_cast<Eigen::Index>(a.size()), 2);
        for (std::size_t i = 0; i < a.size(); ++i) {
          m(static_cast<Eigen::Index>(i), 0) = a[i];
          m(static_cast<Eigen::Index>(i), 1) = b[i];
        }
        const agreement::icc_result r = agreement::icc(m, confidence);
        row.icc_a1 = r[agreement::icc_form::icc2];
        row.icc_c1 = r[agreement::icc_form::icc3];
      },
      row.note, row.note_zh, "ICC");
  // Bland-Altman: a - b would read "reference minus other"; d = b - a as in the values table
  try_stat([&] { row.bland_altman = agreement::bland_altman(b, a, 1.96, confidence); }, row.note, row.note_zh,
           "Bland-Altman");
}

}  // namespace detail

/// Compares assessments of the same units (see the top of this file).
[[nodiscard]] inline compare_result compare(const framework& fw, const std::vector<assessment>& assessments,
                                            const target_profile& profile, const compare_options& o = {}) {
  if (assessments.size() < 2)
    throw data_error("compare.too_few", "compare needs at least two assessments (the reference first)");
  {
    std::set<std::string> labels;
    for (const auto& a : assessments) {
      location l;
      l.file = a.data.source;
      if (a.label.empty())
        throw data_error("compare.labels", "every assessment needs a label (自检, 第三方, ...)", l);
      if (!labels.insert(a.label).second)
        throw data_error("compare.labels", "assessor label '" + a.label + "' is used twice", l);
    }
  }
  for (const auto& a : assessments) a.data.validate();
  const assessment& ref = assessments.front();
  for (std::size_t j = 1; j < assessments.size(); ++j) detail::check_same_shape(ref, assessments[j]);
  o.tolerances.validate(fw);
  o.check.validate();
  agreement::detail::check_level(o.confidence);

  compare_result out;
  out.framework = fw;
  out.profile = profile;
  out.options = o;
  out.library_version = TIJIAN_VERSION;
  for (const auto& a : assessments) {
    out.labels.push_back(a.label);
    out.sources.push_back(a.data.source);
  }
  out.periods = ref.data.distinct_periods();
  const std::string root = detail::root_code(fw);

  // every assessment checked in every period, and scored: all of it before any table, so that
  // an assessment that cannot be checked or scored refuses the whole comparison
  std::vector<std::vector<check_result>> checks(assessments.size());
  std::vector<result> scored;
  for (const auto& a : assessments) {
    auto& list = checks[static_cast<std::size_t>(&a - assessments.data())];
    for (const auto& p : out.periods) {
      check_options co = o.check;
      co.period = p;
      list.push_back(check(fw, a.data, profile, co));
    }
    if (o.recipe) {
      scored.push_back(score(fw, a.data, *o.recipe));
    } else {
      scored.push_back(green_city_score(fw, a.data, profile, o.composite).scores);
    }
  }
  out.composite_basis = o.recipe ? "recipe" : "composite";

  const detail::panel_index ix_ref(ref.data);
  std::vector<std::size_t> leaves;  // framework indicators with a data column, framework order
  for (std::size_t k : fw.leaves())
    if (ref.data.column(fw.node(k).code) >= 0) leaves.push_back(k);
  std::vector<std::string> unit_order, unit_names;  // reference's order
  for (std::size_t r = 0; r < ref.data.units.size(); ++r)
    if (std::find(unit_order.begin(), unit_order.end(), ref.data.units[r]) == unit_order.end()) {
      unit_order.push_back(ref.data.units[r]);
      unit_names.push_back(r < ref.data.unit_names.size() ? ref.data.unit_names[r] : std::string());
    }
  const Eigen::VectorXd weights = fw.effective_weights();
  auto leaf_weight = [&](std::size_t node) {
    const auto it = std::find(fw.leaves().begin(), fw.leaves().end(), node);
    return weights[static_cast<Eigen::Index>(it - fw.leaves().begin())];
  };
  auto dimension_of = [&](std::size_t node) {
    std::size_t d = node;
    while (fw.parent(d) != framework::npos && fw.parent(d) != fw.root()) d = fw.parent(d);
    return fw.node(d).code;
  };

  for (std::size_t j = 1; j < assessments.size(); ++j) {
    const assessment& other = assessments[j];
    const detail::panel_index ix_b(other.data);
    const std::string& la = ref.label;
    const std::string& lb = other.label;
    std::vector<comparison_problem> found;

    // --- values
    for (const auto& p : out.periods)
      for (std::size_t u = 0; u < unit_order.size(); ++u) {
        if (ix_ref.find(unit_order[u], p) < 0) continue;
        for (std::size_t k : leaves) {
          const node_spec& n = fw.node(k);
          value_row v;
          v.assessor_a = la;
          v.assessor_b = lb;
          v.unit = unit_order[u];
          v.unit_name = unit_names[u];
          v.period = p;
          v.dimension = dimension_of(k);
          v.indicator = n.code;
          v.name_zh = n.name_zh;
          v.name_en = n.name_en;
          v.measure = n.unit;
          v.value_a = detail::value_at(ref.data, ix_ref, ref.data.column(n.code), v.unit, p);
          v.value_b = detail::value_at(other.data, ix_b, other.data.column(n.code), v.unit, p);
          const tolerance& t = o.tolerances.of(n.code);
          v.tolerance_absolute = t.absolute;
          v.tolerance_relative = t.relative;
          const bool has_a = !std::isnan(v.value_a), has_b = !std::isnan(v.value_b);
          if (has_a && has_b) {
            v.difference = v.value_b - v.value_a;
            v.relative_difference =
                v.value_a != 0 ? v.difference / std::fabs(v.value_a)
                               : (v.difference == 0 ? 0.0 : std::numeric_limits<double>::quiet_NaN());
            v.allowed = t.absolute + t.relative * std::fabs(v.value_a);
            v.agreement = std::fabs(v.difference) <= v.allowed ? value_agreement::within
                                                               : value_agreement::outside;
          } else {
            v.agreement = has_a ? value_agreement::missing_b
                                : (has_b ? value_agreement::missing_a : value_agreement::both_missing);
          }
          if (v.agreement == value_agreement::outside || v.agreement == value_agreement::missing_a ||
              v.agreement == value_agreement::missing_b) {
            comparison_problem q;
            q.unit = v.unit;
            q.unit_name = v.unit_name;
            q.period = p;
            q.dimension = v.dimension;
            q.indicator = v.indicator;
            q.name_zh = v.name_zh;
            q.name_en = v.name_en;
            q.measure = v.measure;
            q.reason = v.agreement == value_agreement::outside ? comparison_reason::value_outside_tolerance
                                                               : comparison_reason::value_missing;
            q.bottom_line = n.type == indicator_type::bottom_line;
            q.value = v.value_b;
            q.gap = v.difference;
            q.relative_gap = v.relative_difference;
            q.weight = leaf_weight(k);
            q.severity = std::isnan(v.relative_difference) ? 1.0 : std::fabs(v.relative_difference);
            q.assessor = lb;
            q.reference_assessor = la;
            q.reference_value = v.value_a;
            q.allowed = v.allowed;
            found.push_back(std::move(q));
          }
          out.values.push_back(std::move(v));
        }
      }

    // --- verdicts and the kappa pairs
    std::vector<int> ka, kb;
    std::size_t left_out = 0;
    for (std::size_t pi = 0; pi < out.periods.size(); ++pi) {
      const check_result& ca = checks.front()[pi];
      const check_result& cb = checks[j][pi];
      std::map<std::pair<std::string, int>, const check_row*> by_target;
      for (const auto& s : cb.status)
        if (s.target >= 0) by_target[{s.unit, s.target}] = &s;
      for (const auto& s : ca.status) {
        if (s.target < 0) continue;
        const auto it = by_target.find({s.unit, s.target});
        if (it == by_target.end()) continue;
        const check_row& t = *it->second;
        const int oa = detail::verdict_order(s.status), ob = detail::verdict_order(t.status);
        if (oa >= 0 && ob >= 0) {
          ka.push_back(oa);
          kb.push_back(ob);
        } else if (!(s.status == t.status && s.status == check_status::not_applicable)) {
          ++left_out;
        }
        if (s.status == t.status) continue;
        verdict_row v;
        v.assessor_a = la;
        v.assessor_b = lb;
        v.unit = s.unit;
        v.unit_name = s.unit_name;
        v.period = s.period;
        v.dimension = s.dimension;
        v.indicator = s.indicator;
        v.name_zh = s.name_zh;
        v.name_en = s.name_en;
        v.measure = s.measure;
        v.target = s.target;
        v.target_id = s.target_id;
        v.status_a = s.status;
        v.status_b = t.status;
        v.value_a = s.value;
        v.value_b = t.value;
        v.gap = detail::gap_of(s.status, t.status);
        v.bottom_line = s.bottom_line;
        v.weight = s.weight;
        const profile_target& pt = profile.targets[static_cast<std::size_t>(s.target)];
        comparison_problem q;
        q.unit = v.unit;
        q.unit_name = v.unit_name;
        q.period = v.period;
        q.dimension = v.dimension;
        q.indicator = v.indicator;
        q.name_zh = v.name_zh;
        q.name_en = v.name_en;
        q.measure = v.measure;
        q.reason = comparison_reason::verdict_disagreement;
        q.status = t.status;
        q.reference_status = s.status;
        q.bottom_line = s.bottom_line;
        q.value = t.value;
        q.target = s.target;
        q.target_id = s.target_id;
        q.trajectory = t.trajectory;
        q.gap = t.gap;
        q.relative_gap = t.relative_gap;
        q.weight = s.weight;
        q.severity = (oa >= 0 && ob >= 0) ? std::abs(oa - ob) / 3.0 : 1.0 / 3.0;
        q.source = pt.source;
        q.quote = pt.quote;
        q.assessor = lb;
        q.reference_assessor = la;
        q.reference_value = s.value;
        found.push_back(std::move(q));
        out.verdicts.push_back(std::move(v));
      }
    }
    for (auto kind : {agreement::kappa_weights::none, agreement::kappa_weights::linear,
                      agreement::kappa_weights::quadratic}) {
      kappa_row k;
      k.assessor_a = la;
      k.assessor_b = lb;
      k.pairs = ka.size();
      k.left_out = left_out;
      k.result.weights = kind;
      k.result.confidence = o.confidence;
      detail::try_stat([&] { k.result = agreement::cohen_kappa(ka, kb, 4, kind, o.confidence); }, k.note,
                       k.note_zh, "κ");
      k.result.weights = kind;
      out.kappa.push_back(std::move(k));
    }

    // --- composite scores and ranks
    const result& sa = scored.front();
    const result& sb = scored[j];
    std::map<std::pair<std::string, std::string>, Eigen::Index> rows_b;
    for (Eigen::Index r = 0; r < sb.rows(); ++r)
      rows_b[{sb.units[static_cast<std::size_t>(r)], sb.periods[static_cast<std::size_t>(r)]}] = r;
    for (Eigen::Index r = 0; r < sa.rows(); ++r) {
      const auto ru = static_cast<std::size_t>(r);
      const auto it = rows_b.find({sa.units[ru], sa.periods[ru]});
      if (it == rows_b.end()) continue;
      score_row s;
      s.assessor_a = la;
      s.assessor_b = lb;
      s.unit = sa.units[ru];
      s.unit_name = ru < sa.unit_names.size() ? sa.unit_names[ru] : std::string();
      s.period = sa.periods[ru];
      s.score_a = sa.scores(r, 0);
      s.score_b = sb.scores(it->second, 0);
      s.difference = s.score_b - s.score_a;
      if (sa.ranks.size() > 0) s.rank_a = sa.ranks(r, 0);
      if (sb.ranks.size() > 0) s.rank_b = sb.ranks(it->second, 0);
      s.rank_difference = s.rank_b - s.rank_a;
      out.scores.push_back(std::move(s));
    }

    // --- agreement across units, per period and indicator, then the composite
    for (const auto& p : out.periods) {
      for (std::size_t k : leaves) {
        const node_spec& n = fw.node(k);
        std::vector<double> a, b;
        for (const auto& v : out.values)
          if (v.assessor_b == lb && v.period == p && v.indicator == n.code && !std::isnan(v.value_a) &&
              !std::isnan(v.value_b)) {
            a.push_back(v.value_a);
            b.push_back(v.value_b);
          }
        agreement_row row;
        row.assessor_a = la;
        row.assessor_b = lb;
        row.period = p;
        row.indicator = n.code;
        row.name_zh = n.name_zh;
        row.name_en = n.name_en;
        row.measure = n.unit;
        detail::fill_agreement(row, a, b, o.confidence);
        out.agreement.push_back(std::move(row));
      }
      std::vector<double> a, b;
      for (const auto& s : out.scores)
        if (s.assessor_b == lb && s.period == p && !std::isnan(s.score_a) && !std::isnan(s.score_b)) {
          a.push_back(s.score_a);
          b.push_back(s.score_b);
        }
      agreement_row row;
      row.assessor_a = la;
      row.assessor_b = lb;
      row.period = p;
      row.indicator = root;
      row.name_zh = fw.node(fw.root()).name_zh + "综合得分";
      row.name_en = fw.node(fw.root()).name_en + " composite score";
      row.measure = "分";
      detail::fill_agreement(row, a, b, o.confidence);
      out.agreement.push_back(std::move(row));
    }

    // --- this assessment's problems, ordered and ranked
    auto group = [](const comparison_problem& q) {
      return q.reason == comparison_reason::verdict_disagreement ? 0 : 1;
    };
    auto unit_pos = [&](const std::string& u) {
      return std::find(unit_order.begin(), unit_order.end(), u) - unit_order.begin();
    };
    auto period_pos = [&](const std::string& p) {
      return std::find(out.periods.begin(), out.periods.end(), p) - out.periods.begin();
    };
    std::stable_sort(found.begin(), found.end(),
                     [&](const comparison_problem& x, const comparison_problem& y) {
                       if (unit_pos(x.unit) != unit_pos(y.unit)) return unit_pos(x.unit) < unit_pos(y.unit);
                       if (period_pos(x.period) != period_pos(y.period))
                         return period_pos(x.period) < period_pos(y.period);
                       if (group(x) != group(y)) return group(x) < group(y);
                       if (x.severity != y.severity) return x.severity > y.severity;
                       return x.indicator < y.indicator;
                     });
    for (std::size_t i = 0; i < found.size(); ++i) {
      const bool same = i > 0 && found[i].unit == found[i - 1].unit && found[i].period == found[i - 1].period;
      found[i].rank = same ? found[i - 1].rank + 1 : 1;
    }
    for (auto& q : found) out.problems.push_back(std::move(q));
  }

  // --- Kendall's W with three or more assessments
  if (assessments.size() >= 3) {
    const std::size_t m = assessments.size();
    std::vector<detail::panel_index> index;
    for (const auto& a : assessments) index.emplace_back(a.data);
    for (const auto& p : out.periods) {
      auto concord = [&](const std::string& code, const std::string& zh, const std::string& en,
                         const std::function<double(std::size_t, const std::string&)>& value) {
        std::vector<std::vector<double>> rows;
        for (const auto& u : unit_order) {
          std::vector<double> r(m);
          bool complete = true;
          for (std::size_t a = 0; a < m; ++a) {
            r[a] = value(a, u);
            complete = complete && !std::isnan(r[a]);
          }
          if (complete) rows.push_back(std::move(r));
        }
        concordance_row c;
        c.period = p;
        c.indicator = code;
        c.name_zh = zh;
        c.name_en = en;
        c.raters = m;
        c.result.m = m;
        detail::try_stat(
            [&] {
              Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(m));
              for (std::size_t i = 0; i < rows.size(); ++i)
                for (std::size_t a = 0; a < m; ++a)
                  x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(a)) = rows[i][a];
              c.result = agreement::kendall_w(x);
            },
            c.note, c.note_zh, "Kendall W");
        c.result.n = rows.size();
        out.concordance.push_back(std::move(c));
      };
      for (std::size_t k : leaves) {
        const node_spec& n = fw.node(k);
        concord(n.code, n.name_zh, n.name_en, [&](std::size_t a, const std::string& u) {
          const panel& d = assessments[a].data;
          return detail::value_at(d, index[a], d.column(n.code), u, p);
        });
      }
      concord(root, fw.node(fw.root()).name_zh + "综合得分", fw.node(fw.root()).name_en + " composite score",
              [&](std::size_t a, const std::string& u) {
                const result& s = scored[a];
                for (Eigen::Index r = 0; r < s.rows(); ++r)
                  if (s.units[static_cast<std::size_t>(r)] == u &&
                      s.periods[static_cast<std::size_t>(r)] == p)
                    return s.scores(r, 0);
                return std::numeric_limits<double>::quiet_NaN();
              });
    }
  }
  return out;
}

}  // namespace tijian
