// SPDX-License-Identifier: MIT
// The resident satisfaction survey of the city health check (居民问卷抽样调查; 2020-2022
// 社会满意度调查): respondent-level answers -> item, dimension and group scores, Cronbach's
// alpha, a sample-adequacy report against the handbook's rules, and the objective-subjective
// gap (温差) with a problem list whose origin is "residents".
//
// What the handbook states (MOHURD 《城市体检工作手册（试行）》 2025, "HB25"; sourced in
// reference/national-city-health-check-2025.md §3) and is encoded here as stated:
//   * sample rules, 专栏4 and the text before it (HB25 l.241-253): >= 6 responses per community;
//     city total = built-up-area population x 0.6‰-1.5‰ (the OCR prints "0.6‰-1.5%": per mille
//     at both ends is the reference's reading, not certain), >= 1,500 in principle; respondents
//     aged 16+; women <= 70 %; ages 16-30 about 30 %, 30-60 about 55 %, 60+ about 15 %, each
//     "浮动不超过5%" (read as +-5 percentage points); 党政机关或事业人员 <= 15 %;
//   * the four boards 住房 / 小区（社区）/ 街区 / 城区（城市） (表3, HB25 l.257-264);
//   * "如果低于60分，则降一级" (HB25 l.2071): a survey score below 60 drops an indicator's grade,
//     so items below 60 points are problems.
//
// What the handbook does NOT state, and is therefore ours (documented, configurable, and
// recorded in every result):
//   * the answer scale and its scores: 满意 100, 比较满意 80, 一般 60, 较不满意 40, 不满意 20;
//     numeric answers 5 (满意) .. 1 (不满意);
//   * 不了解 and blank answers: left out of the item mean (and counted), or scored;
//   * item weights (1 by default), dimension score = item-weighted mean of item scores;
//   * respondent weights: post-stratification to given population shares per cell;
//   * the gap rule (温差) and its thresholds.
//
// Formulas
//   item score         m_j = sum_i w_i s_ij / sum_i w_i over respondents i with a score for j
//   dimension score    D_d = sum_j v_j m_j / sum_j v_j over items j of d with a score (v: item weight)
//   respondent score   r_id = sum_j v_j s_ij / sum_j v_j over the items of d that i scored
//   post-stratification w_i = P_c n / n_c for respondent i in cell c (P_c: population share of
//                      the cell, normalised to sum 1; n_c: respondents in it), so sum_i w_i = n
//   Kish effective n   n_eff = (sum w)^2 / sum w^2 (Kish 1965, Survey Sampling, §11.7)
//   group mean and CI  m = sum w r / sum w, v = sum w (r - m)^2 / sum w,
//                      m +- t(1 - a/2, n_eff - 1) sqrt(v / (n_eff - 1)); with equal weights the
//                      usual t interval s / sqrt(n); it equals statsmodels' DescrStatsW
//                      tconfint_mean with the weights rescaled to sum to n_eff. It treats the
//                      respondents as a simple random sample of size n_eff: the design effect of
//                      unequal weights is in it, that of clustering by community is not.
//   Cronbach's alpha   k / (k - 1) (1 - sum var_j / var(sum_j s_j)) on the respondents who scored
//                      every item of the dimension (complete cases), unweighted (Cronbach 1951).
#pragma once

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detail/text.hpp"
#include "error.hpp"
#include "names.hpp"
#include "problem_origin.hpp"

namespace tijian {

// --- choices -------------------------------------------------------------------------------

/// What a 不了解 (don't know) or blank answer counts as.
enum class missing_answer_policy { exclude, score };
/// How numbers are read: 5 = the best level (default), 1 = the best level, or not accepted.
enum class numeric_answers { high_is_best, low_is_best, rejected };
/// A post-stratification cell with population but no respondent.
enum class empty_cell_policy { error, collapse };
/// When the felt satisfaction and the objective score of a dimension disagree.
enum class gap_rule { crossing, absolute, either };
/// The handbook's three age bands (专栏4).
enum class age_band { from_16_to_30, from_30_to_60, from_60 };
enum class gender { male, female };
enum class adequacy_verdict { pass, fail, not_checked };
/// Why the survey lists a problem.
enum class survey_problem_reason { below_threshold, felt_below_objective, felt_above_objective, gap };
/// The kind of one answer cell.
enum class answer_kind { scored, dont_know, blank };

template <>
struct enum_names<missing_answer_policy> {
  static constexpr const char* what = "missing-answer policy";
  static constexpr enum_name<missing_answer_policy> entries[] = {
      {missing_answer_policy::exclude, "exclude", "不计入均值（单独计数）", "left out of the mean (counted)"},
      {missing_answer_policy::score, "score", "按给定分值计分", "scored with a given score"},
  };
};
template <>
struct enum_names<numeric_answers> {
  static constexpr const char* what = "numeric answers";
  static constexpr enum_name<numeric_answers> entries[] = {
      {numeric_answers::high_is_best, "high_is_best", "数字越大越满意",
       "the highest number is the best level"},
      {numeric_answers::low_is_best, "low_is_best", "数字越小越满意", "1 is the best level"},
      {numeric_answers::rejected, "rejected", "不接受数字", "numbers are not accepted"},
  };
};
template <>
struct enum_names<empty_cell_policy> {
  static constexpr const char* what = "empty-cell policy";
  static constexpr enum_name<empty_cell_policy> entries[] = {
      {empty_cell_policy::error, "error", "报错", "error"},
      {empty_cell_policy::collapse, "collapse", "并入同组其他格",
       "collapse into the cells of the same first group"},
  };
};
template <>
struct enum_names<gap_rule> {
  static constexpr const char* what = "gap rule";
  static constexpr enum_name<gap_rule> entries[] = {
      {gap_rule::crossing, "crossing", "一方及格一方不及格",
       "one side at or above the threshold, the other below"},
      {gap_rule::absolute, "absolute", "差值超过上限", "absolute gap above the limit"},
      {gap_rule::either, "either", "两者之一", "either"},
  };
};
template <>
struct enum_names<age_band> {
  static constexpr const char* what = "age band";
  static constexpr enum_name<age_band> entries[] = {
      {age_band::from_16_to_30, "16_30", "16-30周岁", "16-30"},
      {age_band::from_30_to_60, "30_60", "30-60周岁", "30-60"},
      {age_band::from_60, "60_plus", "60周岁以上", "60 and over"},
  };
};
template <>
struct enum_names<gender> {
  static constexpr const char* what = "gender";
  static constexpr enum_name<gender> entries[] = {
      {gender::male, "male", "男", "male"},
      {gender::female, "female", "女", "female"},
  };
  static constexpr enum_alias<gender> aliases[] = {
      {"男", gender::male},   {"男性", gender::male},   {"m", gender::male},
      {"女", gender::female}, {"女性", gender::female}, {"f", gender::female},
  };
};
template <>
struct enum_names<adequacy_verdict> {
  static constexpr const char* what = "verdict";
  static constexpr enum_name<adequacy_verdict> entries[] = {
      {adequacy_verdict::pass, "pass", "符合", "pass"},
      {adequacy_verdict::fail, "fail", "不符合", "fail"},
      {adequacy_verdict::not_checked, "not_checked", "未检查（缺少数据）", "not checked (no data)"},
  };
};
template <>
struct enum_names<survey_problem_reason> {
  static constexpr const char* what = "survey problem reason";
  static constexpr enum_name<survey_problem_reason> entries[] = {
      {survey_problem_reason::below_threshold, "below_threshold", "居民评价低于60分",
       "residents' score below 60"},
      {survey_problem_reason::felt_below_objective, "felt_below_objective", "客观及格而居民不满意",
       "objective score passes, residents' score does not"},
      {survey_problem_reason::felt_above_objective, "felt_above_objective", "居民满意而客观不及格",
       "residents' score passes, objective score does not"},
      {survey_problem_reason::gap, "gap", "主客观温差过大", "objective and felt scores far apart"},
  };
};
template <>
struct enum_names<answer_kind> {
  static constexpr const char* what = "answer kind";
  static constexpr enum_name<answer_kind> entries[] = {
      {answer_kind::scored, "scored", "已评分", "scored"},
      {answer_kind::dont_know, "dont_know", "不了解", "don't know"},
      {answer_kind::blank, "blank", "未作答", "blank"},
  };
};

// --- the definition ------------------------------------------------------------------------

/// One level of the answer scale: the texts that mean it and its score (0-100).
struct answer_level {
  std::string code, zh, en;
  double score = 0;
  std::vector<std::string> texts;  ///< accepted spellings (compared after normalise_answer)
};

/// Our default scale (the handbook gives none): 100 / 80 / 60 / 40 / 20, best first. Only
/// unambiguous variants are accepted: 非常满意 is not 满意 (on a 非常满意/满意/... scale 满意
/// is the second level), so a questionnaire with another wording declares its own scale.
[[nodiscard]] inline std::vector<answer_level> default_answer_scale() {
  return {
      {"satisfied", "满意", "satisfied", 100, {"满意"}},
      {"fairly_satisfied", "比较满意", "fairly satisfied", 80, {"比较满意", "较满意"}},
      {"neutral", "一般", "neutral", 60, {"一般"}},
      {"fairly_dissatisfied", "较不满意", "fairly dissatisfied", 40, {"较不满意", "比较不满意", "不太满意"}},
      {"dissatisfied", "不满意", "dissatisfied", 20, {"不满意"}},
  };
}

/// One question: its code, the column header of the export, its dimension (a board of 表3 or a
/// framework dimension), an optional indicator code it informs, and its weight in the dimension.
struct survey_item {
  std::string code, column, dimension, indicator, name_zh, name_en;
  double weight = 1;
  location where;  ///< its place in the definition file
};

/// The respondent attribute columns of the export (empty: the export has none).
struct respondent_columns {
  std::string id, community = "社区", district = "区", gender = "性别", age = "年龄", age_group = "年龄段",
                  occupation = "职业";
  std::vector<std::string> required;  ///< headers named explicitly: the export must have them
};

/// The population share of one post-stratification cell (values in the order of `by`).
struct stratum_share {
  std::vector<std::string> values;
  double share = 0;
  location where;
};

/// Post-stratification: respondent weights so that the weighted sample has the population's
/// shares over the cells of `by` ("district", "age_group", "gender", "community").
struct survey_weighting {
  std::vector<std::string> by;
  std::vector<stratum_share> shares;
  empty_cell_policy empty_cells = empty_cell_policy::error;
};

struct gap_options {
  gap_rule rule = gap_rule::either;
  double threshold = 60;  ///< the handbook's 60 points (HB25 l.2071), applied to both scores
  double max_gap = 20;    ///< ours: |felt - objective| above this is a gap (absolute, either)
};

struct survey_definition {
  std::string name, source;             ///< survey name; the definition file
  std::string unit, unit_name, period;  ///< the city (unit code and name) and period surveyed
  std::vector<survey_item> items;
  std::vector<answer_level> scale = default_answer_scale();
  std::vector<std::string> dont_know = {"不了解", "不清楚", "不知道", "说不清"};
  numeric_answers numbers = numeric_answers::high_is_best;
  missing_answer_policy dont_know_policy = missing_answer_policy::exclude;
  double dont_know_score = std::numeric_limits<double>::quiet_NaN();
  missing_answer_policy blank_policy = missing_answer_policy::exclude;
  double blank_score = std::numeric_limits<double>::quiet_NaN();
  respondent_columns columns;
  /// export columns that are neither items nor attributes and are left alone (问卷星's own)
  std::vector<std::string> ignore_columns = {"序号",     "提交答卷时间", "所用时间", "来源",
                                             "来源详情", "来自IP",       "总分"};
  bool ignore_unknown_columns = false;  ///< false: any other column is an error (a typo'd item)
  /// occupation answers containing one of these count as 党政机关或事业人员 (ours)
  std::vector<std::string> public_sector = {"党政机关", "事业单位", "事业人员", "公务员"};
  /// age-group labels of the export -> the handbook's band (beyond the labels read by default)
  std::map<std::string, age_band> age_groups;
  std::optional<survey_weighting> weighting;
  double built_up_population = std::numeric_limits<double>::quiet_NaN();  ///< people, for 0.6‰-1.5‰
  std::vector<std::string> breakdowns = {"district", "age_group", "gender"};
  double confidence = 0.95;
  double threshold = 60;  ///< items below it are problems (HB25 l.2071)
  gap_options gap;

  /// Throws recipe_error "survey.definition" naming the file for an inconsistent definition.
  void validate() const {
    auto bad = [&](const std::string& m, location w = {}) {
      if (w.file.empty()) w.file = source;
      throw recipe_error("survey.definition", m, std::move(w));
    };
    if (items.empty()) bad("the survey defines no item; add [[item]] tables with code, column and dimension");
    std::set<std::string> codes, cols;
    for (const auto& it : items) {
      if (it.code.empty() || it.column.empty() || it.dimension.empty())
        bad("every item needs code, column and dimension", it.where);
      if (!codes.insert(it.code).second) bad("item code '" + it.code + "' is used twice", it.where);
      if (!cols.insert(it.column).second) bad("column '" + it.column + "' is used by two items", it.where);
      if (!(it.weight > 0) || !std::isfinite(it.weight))
        bad("item '" + it.code + "' needs a positive weight", it.where);
    }
    if (scale.size() < 2) bad("the answer scale needs at least two levels");
    for (const auto& l : scale)
      if (!std::isfinite(l.score)) bad("answer level '" + l.code + "' needs a finite score");
    if (dont_know_policy == missing_answer_policy::score && !std::isfinite(dont_know_score))
      bad("dont_know = \"score\" needs dont_know_score");
    if (blank_policy == missing_answer_policy::score && !std::isfinite(blank_score))
      bad("blank = \"score\" needs blank_score");
    if (!(confidence > 0 && confidence < 1)) bad("confidence must be between 0 and 1 (0.95)");
    if (!(gap.max_gap >= 0)) bad("gap max_gap must be >= 0");
    if (!std::isnan(built_up_population) && !(built_up_population > 0))
      bad("built_up_population must be a positive number of people");
    static const char* const attributes[] = {"district", "age_group", "gender", "community", "occupation"};
    auto known = [&](const std::string& a) {
      return std::find(std::begin(attributes), std::end(attributes), a) != std::end(attributes);
    };
    for (const auto& b : breakdowns)
      if (!known(b))
        bad("breakdown '" + b + "' is not known; use district, age_group, gender, community or occupation");
    if (weighting) {
      if (weighting->by.empty()) bad("weighting needs by = [\"district\", \"age_group\"] (one or more)");
      for (const auto& b : weighting->by)
        if (!known(b) || b == "occupation")
          bad("weighting by '" + b + "' is not known; use district, age_group, gender or community");
      if (weighting->shares.empty()) bad("weighting needs population shares ([[weighting.share]])");
      for (const auto& s : weighting->shares) {
        if (s.values.size() != weighting->by.size())
          bad("a share needs one value per 'by' variable", s.where);
        if (!(s.share >= 0) || !std::isfinite(s.share)) bad("a population share must be >= 0", s.where);
      }
    }
  }
};

// --- reading one cell ----------------------------------------------------------------------

/// An answer as compared: blanks (ASCII, full-width U+3000, no-break U+00A0) removed anywhere,
/// full-width digits made ASCII, ASCII lower case. "比较　满意 " -> "比较满意", "５" -> "5".
[[nodiscard]] inline std::string normalise_answer(std::string_view s) {
  std::string out;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = byte(i);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (c == 0xE3 && i + 2 < s.size() && byte(i + 1) == 0x80 && byte(i + 2) == 0x80) {
      i += 3;
    } else if (c == 0xC2 && i + 1 < s.size() && byte(i + 1) == 0xA0) {
      i += 2;
    } else if (c == 0xEF && i + 2 < s.size() && byte(i + 1) == 0xBC && byte(i + 2) >= 0x90 &&
               byte(i + 2) <= 0x99) {
      out += static_cast<char>('0' + (byte(i + 2) - 0x90));
      i += 3;
    } else {
      out += s[i];
      ++i;
    }
  }
  return detail::lower(out);
}

/// One parsed answer: its kind and score (NaN unless scored or scored by policy).
struct answer {
  answer_kind kind = answer_kind::blank;
  double score = std::numeric_limits<double>::quiet_NaN();
  int level = -1;  ///< index into the scale, -1 for 不了解 / blank
};

/// "满意 (100), 比较满意 (80), ...; 不了解; numbers 1-5 (5 = 满意)": for error messages.
[[nodiscard]] inline std::string accepted_answers(const survey_definition& d) {
  std::string out;
  for (const auto& l : d.scale) {
    std::string texts;
    for (const auto& t : l.texts) texts += (texts.empty() ? "" : "/") + t;
    out += (out.empty() ? "" : ", ") + texts + " (" + detail::format_double(l.score) + ")";
  }
  std::string dk;
  for (const auto& t : d.dont_know) dk += (dk.empty() ? "" : "/") + t;
  if (!dk.empty()) out += "; don't know: " + dk;
  const std::size_t k = d.scale.size();
  if (d.numbers != numeric_answers::rejected)
    out += "; numbers 1-" + std::to_string(k) + " (" +
           (d.numbers == numeric_answers::high_is_best ? std::to_string(k) : "1") + " = " +
           d.scale.front().zh + ")";
  return out + "; or a blank cell";
}

/// The answer a cell holds; data_error "survey.bad_answer" naming the place, the value and the
/// accepted answers otherwise.
[[nodiscard]] inline answer parse_answer(std::string_view text, const survey_definition& d,
                                         const location& where) {
  const std::string t = normalise_answer(text);
  answer a;
  if (t.empty()) {
    a.kind = answer_kind::blank;
    if (d.blank_policy == missing_answer_policy::score) a.score = d.blank_score;
    return a;
  }
  for (std::size_t k = 0; k < d.scale.size(); ++k)
    for (const auto& s : d.scale[k].texts)
      if (t == normalise_answer(s)) return {answer_kind::scored, d.scale[k].score, static_cast<int>(k)};
  for (const auto& s : d.dont_know)
    if (t == normalise_answer(s)) {
      a.kind = answer_kind::dont_know;
      if (d.dont_know_policy == missing_answer_policy::score) a.score = d.dont_know_score;
      return a;
    }
  if (d.numbers != numeric_answers::rejected) {
    const std::size_t k = d.scale.size();
    std::string digits = t;
    if (digits.size() > 2 && digits.compare(digits.size() - 2, 2, ".0") == 0)
      digits.resize(digits.size() - 2);
    if (digits.size() == 1 && digits[0] >= '1' && digits[0] <= '9') {
      const auto v = static_cast<std::size_t>(digits[0] - '0');
      if (v <= k) {
        const std::size_t level = d.numbers == numeric_answers::high_is_best ? k - v : v - 1;
        return {answer_kind::scored, d.scale[level].score, static_cast<int>(level)};
      }
    }
  }
  throw data_error("survey.bad_answer",
                   "answer '" + std::string(text) + "' is not on the answer scale; accepted: " +
                       accepted_answers(d) + " (declare other wordings in the survey definition's [[scale]])",
                   where);
}

namespace detail {
inline location in_file(const std::string& file) {
  location l;
  l.file = file;
  return l;
}
/// The runs of ASCII digits in a text ("31-45岁" -> 31, 45).
inline std::vector<int> digit_runs(const std::string& t) {
  std::vector<int> out;
  std::string cur;
  for (char c : t) {
    if (c >= '0' && c <= '9') {
      cur += c;
    } else if (!cur.empty()) {
      out.push_back(std::stoi(cur.substr(0, 4)));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::stoi(cur.substr(0, 4)));
  return out;
}
inline bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}
}  // namespace detail

/// The handbook band of an age in years (ours at the shared ends: [16, 30), [30, 60), 60+).
[[nodiscard]] inline age_band band_of_age(double years) {
  return years < 30 ? age_band::from_16_to_30 : years < 60 ? age_band::from_30_to_60 : age_band::from_60;
}

/// An age in years ("35", "35岁", "35周岁"); data_error "survey.bad_age" for other text and
/// "survey.under_16" below 16 (the handbook surveys residents aged 16 and over).
[[nodiscard]] inline double parse_age(std::string_view text, const location& where) {
  std::string t = normalise_answer(text);
  for (const char* suffix : {"周岁", "岁"})
    if (t.size() > std::string_view(suffix).size() &&
        t.compare(t.size() - std::string_view(suffix).size(), std::string::npos, suffix) == 0)
      t.resize(t.size() - std::string_view(suffix).size());
  char* end = nullptr;
  const double v = t.empty() ? NAN : std::strtod(t.c_str(), &end);
  if (t.empty() || end != t.c_str() + t.size() || !std::isfinite(v) || v < 0 || v > 130)
    throw data_error("survey.bad_age",
                     "age '" + std::string(text) + "' is not an age in years (e.g. 35 or 35岁)", where);
  if (v < 16)
    throw data_error(
        "survey.under_16",
        "respondent aged " + detail::format_double(v) +
            ": the handbook surveys residents aged 16 and over (HB25 专栏4: 目标人群为16周岁以上的居民); "
            "remove the row",
        where);
  return v;
}

/// The band of an age-group label: the definition's own map first, then labels with numbers
/// ("16-30岁", "31～45", "60岁以上", "60+", the band codes). A label spanning two bands
/// ("25-35岁") is an error asking for a map entry; one below 16 ("16岁以下") is "survey.under_16".
[[nodiscard]] inline age_band parse_age_group(std::string_view text, const survey_definition& d,
                                              const location& where) {
  const std::string t = normalise_answer(text);
  for (const auto& [label, band] : d.age_groups)
    if (normalise_answer(label) == t) return band;
  if (const auto b = find_enum<age_band>(t)) return *b;
  const std::vector<int> n = detail::digit_runs(t);
  const bool below = detail::contains(t, "以下") || detail::contains(t, "under") || detail::contains(t, "<");
  const bool above = detail::contains(t, "以上") || detail::contains(t, "+") || detail::contains(t, "及以上");
  if (n.size() == 1 && below && n[0] <= 16)
    throw data_error("survey.under_16",
                     "age group '" + std::string(text) +
                         "' is under 16: the handbook surveys residents aged 16 and over "
                         "(HB25 专栏4); remove those rows",
                     where);
  if (n.size() == 1 && above) {
    if (n[0] >= 60) return age_band::from_60;
  } else if (n.size() == 2 && n[0] < n[1]) {
    if (n[0] < 16)
      throw data_error("survey.under_16",
                       "age group '" + std::string(text) +
                           "' reaches below 16: the handbook surveys residents aged 16 and over",
                       where);
    if (n[1] <= 30) return age_band::from_16_to_30;
    if (n[0] >= 30 && n[1] <= 60) return age_band::from_30_to_60;
    if (n[0] >= 60) return age_band::from_60;
  }
  throw data_error(
      "survey.bad_age_group",
      "age group '" + std::string(text) +
          "' does not fall in one of the handbook's bands 16_30, 30_60, 60_plus; map it in the definition's "
          "[respondents.age_groups] (e.g. \"" +
          std::string(text) + "\" = \"30_60\")",
      where);
}

/// Male or female (男/女, 男性/女性, male/female, m/f); data_error "survey.bad_gender" otherwise.
[[nodiscard]] inline gender parse_gender(std::string_view text, const location& where) {
  if (const auto g = find_enum<gender>(normalise_answer(text))) return *g;
  throw data_error("survey.bad_gender",
                   "gender '" + std::string(text) + "' is not known; use 男 or 女 (male or female)", where);
}

// --- the responses -------------------------------------------------------------------------

struct respondent {
  std::size_t row = 0;  ///< 0-based data row
  location where;       ///< file and line of the row
  std::string id, community, district, occupation;
  std::optional<tijian::gender> gender;
  double age = std::numeric_limits<double>::quiet_NaN();
  std::optional<age_band> band;
  bool public_sector = false;
  std::vector<answer> answers;  ///< one per item of the definition, in its order
};

struct survey_responses {
  std::string source;
  std::vector<respondent> respondents;
  bool has_community = false, has_district = false, has_gender = false, has_age = false,
       has_occupation = false;
  /// the 1-based column and header of each attribute in the export ("district", "age_group", ...)
  std::map<std::string, std::pair<std::size_t, std::string>> columns;
};

/// The value of a respondent for a grouping variable ("" when unknown).
[[nodiscard]] inline std::string attribute_of(const respondent& r, const std::string& variable) {
  if (variable == "district") return r.district;
  if (variable == "community") return r.community;
  if (variable == "occupation") return r.occupation;
  if (variable == "gender") return r.gender ? to_string(*r.gender) : "";
  if (variable == "age_group") return r.band ? to_string(*r.band) : "";
  return {};
}

/// A cell value of a share table as the respondents carry it: age groups and genders as codes.
[[nodiscard]] inline std::string share_value(const std::string& variable, const std::string& text,
                                             const survey_definition& d, const location& where) {
  if (variable == "age_group") return to_string(parse_age_group(text, d, where));
  if (variable == "gender") return to_string(parse_gender(text, where));
  return detail::trim(text);
}

// --- results -------------------------------------------------------------------------------

struct objective_score {
  std::string dimension;
  double score = std::numeric_limits<double>::quiet_NaN();  ///< 0-100
  std::string source;  ///< where it came from (score(), the check, a table)
};

struct survey_item_row {
  std::string code, column, dimension, indicator, name_zh, name_en;
  double weight = 1;
  std::size_t answered = 0, dont_know = 0, blank = 0, used = 0;  ///< used: entered the mean
  double weight_sum = 0, score = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> level_shares;  ///< weighted share of each scale level among answered
  bool below_threshold = false;
};

struct survey_dimension_row {
  std::string dimension;
  std::size_t items = 0, items_scored = 0;
  double score = std::numeric_limits<double>::quiet_NaN();
  bool below_threshold = false;
};

struct survey_group_row {
  std::string variable, group, dimension;  ///< dimension "" = all items
  std::size_t n = 0;
  double weight_sum = 0, n_eff = 0;
  double mean = std::numeric_limits<double>::quiet_NaN(), se = std::numeric_limits<double>::quiet_NaN();
  double ci_low = std::numeric_limits<double>::quiet_NaN(),
         ci_high = std::numeric_limits<double>::quiet_NaN();
};

struct survey_alpha_row {
  std::string dimension;
  std::size_t items = 0, complete_cases = 0;
  double alpha = std::numeric_limits<double>::quiet_NaN();
};

struct survey_weight_cell {
  std::vector<std::string> values;
  double population_share = 0, sample_share = 0, weight = std::numeric_limits<double>::quiet_NaN();
  std::size_t n = 0;
  std::string collapsed_into;  ///< "" unless its share moved to other cells
};

struct adequacy_row {
  std::string rule, rule_zh, rule_en;
  double value = std::numeric_limits<double>::quiet_NaN();
  std::string unit_zh, unit_en, comparator;
  double limit = std::numeric_limits<double>::quiet_NaN();
  adequacy_verdict verdict = adequacy_verdict::not_checked;
  std::string reference, quote, note, note_zh;
};

struct community_row {
  std::string community, district;
  std::size_t n = 0;
  bool meets_minimum = false;
};

struct survey_gap_row {
  std::string dimension, source;
  double objective = std::numeric_limits<double>::quiet_NaN(),
         felt = std::numeric_limits<double>::quiet_NaN();
  double gap = std::numeric_limits<double>::quiet_NaN();  ///< felt - objective
  bool flagged = false;
  std::optional<survey_problem_reason> reason;
};

/// A problem found by the residents, in the check's problem columns (check.hpp `problem`).
struct survey_problem {
  std::size_t rank = 0;
  std::string unit, unit_name, period, dimension, indicator, item, name_zh, name_en;
  survey_problem_reason reason = survey_problem_reason::below_threshold;
  double value = std::numeric_limits<double>::quiet_NaN();      ///< the residents' score
  double objective = std::numeric_limits<double>::quiet_NaN();  ///< gap rows: the objective score
  std::string target_text, target_text_zh;
  double gap = std::numeric_limits<double>::quiet_NaN(),
         relative_gap = std::numeric_limits<double>::quiet_NaN();
  double weight = 0, severity = 0;
  std::string source, quote;
  problem_origin origin = problem_origin::residents;
};

struct survey_result {
  survey_definition definition;
  std::string data_source;
  std::size_t respondents = 0;
  double n_eff = 0;             ///< Kish effective sample size of the whole sample
  std::vector<double> weights;  ///< per respondent, in data order
  std::vector<survey_weight_cell> cells;
  std::vector<survey_item_row> items;
  std::vector<survey_dimension_row> dimensions;
  std::vector<survey_group_row> groups;
  std::vector<survey_alpha_row> alpha;
  std::vector<adequacy_row> adequacy;
  std::vector<community_row> communities;
  std::vector<survey_gap_row> gaps;
  std::vector<survey_problem> problems;
};

// --- computation ---------------------------------------------------------------------------

/// Kish's effective sample size (sum w)^2 / sum w^2.
[[nodiscard]] inline double kish_n_eff(const std::vector<double>& w) {
  double s = 0, s2 = 0;
  for (double x : w) s += x, s2 += x * x;
  return s2 > 0 ? s * s / s2 : 0;
}

/// Weighted mean with a t interval on Kish's effective n (see the top of this file).
inline void weighted_mean_ci(const std::vector<double>& x, const std::vector<double>& w, double confidence,
                             survey_group_row& out) {
  double sw = 0, swx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) sw += w[i], swx += w[i] * x[i];
  out.n = x.size();
  out.weight_sum = sw;
  if (!(sw > 0)) return;
  out.mean = swx / sw;
  out.n_eff = kish_n_eff(w);
  if (!(out.n_eff > 1)) return;
  double v = 0;
  for (std::size_t i = 0; i < x.size(); ++i) v += w[i] * (x[i] - out.mean) * (x[i] - out.mean);
  v /= sw;
  out.se = std::sqrt(v / (out.n_eff - 1));
  const boost::math::students_t t(out.n_eff - 1);
  const double q = boost::math::quantile(boost::math::complement(t, (1 - confidence) / 2));
  out.ci_low = out.mean - q * out.se;
  out.ci_high = out.mean + q * out.se;
}

/// Cronbach's alpha of complete rows (each row one respondent's item scores); NaN with fewer
/// than 2 items or 2 rows, or a total score without variance.
[[nodiscard]] inline double cronbach_alpha_complete(const std::vector<std::vector<double>>& rows) {
  if (rows.size() < 2 || rows.front().size() < 2) return std::numeric_limits<double>::quiet_NaN();
  const std::size_t k = rows.front().size();
  const auto n = static_cast<double>(rows.size());
  auto var = [&](auto get) {
    double m = 0;
    for (const auto& r : rows) m += get(r);
    m /= n;
    double s = 0;
    for (const auto& r : rows) s += (get(r) - m) * (get(r) - m);
    return s / (n - 1);
  };
  double items = 0;
  for (std::size_t j = 0; j < k; ++j) items += var([j](const std::vector<double>& r) { return r[j]; });
  const double total = var([](const std::vector<double>& r) {
    double s = 0;
    for (double v : r) s += v;
    return s;
  });
  if (!(total > 0)) return std::numeric_limits<double>::quiet_NaN();
  const auto kk = static_cast<double>(k);
  return kk / (kk - 1) * (1 - items / total);
}

namespace detail {

inline std::string cell_name(const std::vector<std::string>& by, const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t k = 0; k < by.size(); ++k) out += (k ? ", " : "") + by[k] + " = " + values[k];
  return out;
}

/// Post-stratification weights (see the top of this file); fills `cells`.
inline std::vector<double> poststratify(const survey_definition& d, const survey_responses& resp,
                                        std::vector<survey_weight_cell>& cells) {
  const auto& rs = resp.respondents;
  std::vector<double> w(rs.size(), 1.0);
  if (!d.weighting) return w;
  const survey_weighting& sw = *d.weighting;
  std::map<std::vector<std::string>, std::size_t> index;
  double total = 0;
  for (const auto& s : sw.shares) {
    std::vector<std::string> v;
    for (std::size_t k = 0; k < sw.by.size(); ++k)
      v.push_back(share_value(sw.by[k], s.values[k], d, s.where));
    if (index.count(v))
      throw recipe_error("survey.definition",
                         "the population share of " + cell_name(sw.by, v) + " is given twice", s.where);
    index[v] = cells.size();
    survey_weight_cell c;
    c.values = v;
    c.population_share = s.share;
    cells.push_back(c);
    total += s.share;
  }
  if (!(total > 0))
    throw recipe_error("survey.definition", "the population shares sum to 0", detail::in_file(d.source));
  for (auto& c : cells) c.population_share /= total;
  std::vector<std::size_t> cell_of(rs.size());
  for (std::size_t i = 0; i < rs.size(); ++i) {
    std::vector<std::string> v;
    for (const auto& b : sw.by) v.push_back(attribute_of(rs[i], b));
    const auto it = index.find(v);
    if (it == index.end() || !(cells[it->second].population_share > 0)) {
      // point at the first variable whose value no share names
      location where = rs[i].where;
      for (std::size_t k = 0; k < sw.by.size(); ++k) {
        const bool named = std::any_of(cells.begin(), cells.end(),
                                       [&](const survey_weight_cell& c) { return c.values[k] == v[k]; });
        const auto col = resp.columns.find(sw.by[k]);
        if (!named && col != resp.columns.end()) {
          where.column = col->second.first;
          where.indicator = col->second.second;
          break;
        }
      }
      throw data_error(
          "survey.no_share",
          "respondent in group " + cell_name(sw.by, v) +
              " has no population share; add it to the definition's [[weighting.share]] (or fix the value)",
          where);
    }
    cell_of[i] = it->second;
    ++cells[it->second].n;
  }
  // empty cells: an error, or their share moves to the cells with the same first value, in
  // proportion to those cells' shares
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (cells[c].n > 0 || !(cells[c].population_share > 0)) continue;
    if (sw.empty_cells == empty_cell_policy::error)
      throw data_error(
          "survey.empty_cell",
          "no respondent in " + cell_name(sw.by, cells[c].values) +
              ", which has a population share; collect more answers, merge the cell in the shares, or set "
              "[weighting] empty_cells = \"collapse\"",
          detail::in_file(d.source));
    double mass = 0;
    for (const auto& o : cells)
      if (o.n > 0 && o.values[0] == cells[c].values[0]) mass += o.population_share;
    if (!(mass > 0))
      throw data_error("survey.empty_cell",
                       "no respondent in " + cell_name(sw.by, cells[c].values) + " nor in any cell with " +
                           sw.by[0] + " = " + cells[c].values[0] + " to collapse it into",
                       detail::in_file(d.source));
    const double moved = cells[c].population_share;
    for (auto& o : cells)
      if (o.n > 0 && o.values[0] == cells[c].values[0])
        o.population_share += moved * o.population_share / mass;
    cells[c].population_share = 0;
    cells[c].collapsed_into = sw.by[0] + " = " + cells[c].values[0];
  }
  const auto n = static_cast<double>(rs.size());
  for (auto& c : cells) {
    c.sample_share = static_cast<double>(c.n) / n;
    if (c.n > 0) c.weight = c.population_share * n / static_cast<double>(c.n);
  }
  for (std::size_t i = 0; i < rs.size(); ++i) w[i] = cells[cell_of[i]].weight;
  return w;
}

inline adequacy_row rule_row(std::string code, std::string zh, std::string en) {
  adequacy_row a;
  a.rule = std::move(code);
  a.rule_zh = std::move(zh);
  a.rule_en = std::move(en);
  return a;
}

inline double share_of(std::size_t part, std::size_t whole) {
  return whole ? static_cast<double>(part) / static_cast<double>(whole)
               : std::numeric_limits<double>::quiet_NaN();
}

constexpr const char* hb25_sample = "HB25 l.241-253";

/// The handbook's sample rules, one row each (unweighted: they describe the sample).
inline std::vector<adequacy_row> adequacy_report(const survey_definition& d, const survey_responses& resp,
                                                 std::vector<community_row>& communities) {
  const auto& rs = resp.respondents;
  const std::size_t n = rs.size();
  std::vector<adequacy_row> out;
  auto verdict = [](bool checked, bool ok) {
    return !checked ? adequacy_verdict::not_checked : ok ? adequacy_verdict::pass : adequacy_verdict::fail;
  };
  // >= 6 per community
  std::map<std::string, community_row> per;
  std::size_t no_community = 0;
  for (const auto& r : rs) {
    if (r.community.empty()) {
      ++no_community;
      continue;
    }
    auto& c = per[r.community];
    c.community = r.community;
    if (c.district.empty()) c.district = r.district;
    ++c.n;
  }
  std::size_t short_of = 0, least = per.empty() ? 0 : static_cast<std::size_t>(-1);
  for (auto& [k, c] : per) {
    c.meets_minimum = c.n >= 6;
    short_of += !c.meets_minimum;
    least = std::min(least, c.n);
    communities.push_back(c);
  }
  {
    adequacy_row a =
        detail::rule_row("per_community", "每个社区样本量不少于6份", "at least 6 responses per community");
    a.value = per.empty() ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(least);
    a.unit_zh = "份", a.unit_en = "responses", a.comparator = ">=", a.limit = 6;
    a.verdict = verdict(resp.has_community && !per.empty(), short_of == 0);
    a.reference = hb25_sample;
    a.quote = "每个社区的样本量不少于6份";
    a.note = "value: the smallest community; " + std::to_string(short_of) + " of " +
             std::to_string(per.size()) + " communities below 6" +
             (no_community ? "; " + std::to_string(no_community) + " responses without a community" : "");
    a.note_zh = "取样本最少的社区；" + std::to_string(per.size()) + "个社区中" + std::to_string(short_of) +
                "个不足6份" + (no_community ? "；" + std::to_string(no_community) + "份未填社区" : "");
    out.push_back(a);
  }
  {
    adequacy_row a =
        detail::rule_row("city_total", "城市样本总量原则上不低于1500份", "at least 1,500 responses per city");
    a.value = static_cast<double>(n);
    a.unit_zh = "份", a.unit_en = "responses", a.comparator = ">=", a.limit = 1500;
    a.verdict = verdict(true, n >= 1500);
    a.reference = hb25_sample;
    a.quote = "所有城市样本总量原则上不低于1500份";
    out.push_back(a);
  }
  const bool pop = std::isfinite(d.built_up_population);
  const double permille = pop ? 1000.0 * static_cast<double>(n) / d.built_up_population
                              : std::numeric_limits<double>::quiet_NaN();
  const std::string caveat =
      "the OCR of HB25 prints 0.6‰-1.5%; both ends read as per mille (reference §3 and §6), not certain; "
      "超大城市 use the lower end, small and medium cities the upper end";
  const std::string caveat_zh =
      "手册OCR文本为“0.6‰-1.5%”，此处两端均按千分比理解（参考文件§3、§6），尚未确证；超大城市宜取下限，中小城市宜取上限";
  for (bool lower : {true, false}) {
    adequacy_row a = detail::rule_row(lower ? "ratio_lower" : "ratio_upper",
                                      lower ? "样本量不低于建成区人口的0.6‰" : "样本量不高于建成区人口的1.5‰",
                                      lower ? "at least 0.6 per mille of the built-up-area population"
                                            : "at most 1.5 per mille of the built-up-area population");
    a.value = permille;
    a.unit_zh = "‰", a.unit_en = "per mille", a.comparator = lower ? ">=" : "<=", a.limit = lower ? 0.6 : 1.5;
    // compared on counts, so that 0.6 per mille of 2,500,000 is exactly 1,500 responses
    const double bound = (lower ? 0.6 : 1.5) * d.built_up_population / 1000.0;
    a.verdict =
        verdict(pop, lower ? static_cast<double>(n) >= bound - 1e-9 : static_cast<double>(n) <= bound + 1e-9);
    a.reference = hb25_sample;
    a.quote = "总样本量按照建成区人口0.6‰-1.5‰比例核定";
    a.note = pop ? caveat : "not checked: give built_up_population in the definition; " + caveat;
    a.note_zh = pop ? caveat_zh : "未检查：请在问卷定义中给出建成区人口（built_up_population）；" + caveat_zh;
    out.push_back(a);
  }
  // ages 16+ (younger respondents are an input error; this row records the youngest)
  std::size_t with_age = 0, bands[3] = {0, 0, 0};
  double youngest = std::numeric_limits<double>::quiet_NaN();
  for (const auto& r : rs) {
    if (!std::isnan(r.age)) youngest = std::isnan(youngest) ? r.age : std::min(youngest, r.age);
    if (r.band) ++with_age, ++bands[index_of(*r.band)];
  }
  {
    adequacy_row a =
        detail::rule_row("age_16_plus", "调查对象为16周岁以上居民", "respondents aged 16 and over");
    a.value = youngest;
    a.unit_zh = "岁", a.unit_en = "years", a.comparator = ">=", a.limit = 16;
    a.verdict = verdict(resp.has_age, true);  // a younger respondent stopped the reading
    a.reference = hb25_sample;
    a.quote = "目标人群为16周岁以上的居民";
    a.note = "value: the youngest respondent (numeric ages only); answers under 16 are rejected when read";
    a.note_zh = "取最小年龄（仅数字年龄）；16岁以下的答卷在读入时报错";
    out.push_back(a);
  }
  const struct {
    age_band band;
    double target;
    const char* code;
    const char* zh;
    const char* en;
    const char* quote;
  } quotas[] = {
      {age_band::from_16_to_30, 30, "age_16_30", "16-30周岁占30%左右（±5个百分点）",
       "ages 16-30 about 30 % (+-5 points)", "16-30周岁30%左右"},
      {age_band::from_30_to_60, 55, "age_30_60", "30-60周岁占55%左右（±5个百分点）",
       "ages 30-60 about 55 % (+-5 points)", "30-60周岁55%左右"},
      {age_band::from_60, 15, "age_60_plus", "60周岁以上占15%左右（±5个百分点）",
       "ages 60+ about 15 % (+-5 points)", "60周岁以上15%左右"},
  };
  for (const auto& q : quotas) {
    adequacy_row a = detail::rule_row(q.code, q.zh, q.en);
    a.value = 100 * share_of(bands[index_of(q.band)], with_age);
    a.unit_zh = "%", a.unit_en = "%", a.comparator = "within", a.limit = q.target;
    a.verdict = verdict(with_age > 0, std::fabs(a.value - q.target) <= 5 + 1e-9);
    a.reference = hb25_sample;
    a.quote = std::string(q.quote) + "，浮动不超过5%";
    a.note =
        "share of respondents with a known age; limit +-5 percentage points around it; numeric ages banded "
        "[16, 30), [30, 60), 60+ (ours: the handbook's bands share their ends)";
    a.note_zh =
        "占已知年龄样本的比例；上下浮动5个百分点；数字年龄按[16,30)、[30,60)、60及以上分段（本工具约定，手册分段端点重叠）";
    out.push_back(a);
  }
  std::size_t with_gender = 0, women = 0;
  for (const auto& r : rs)
    if (r.gender) ++with_gender, women += *r.gender == gender::female;
  {
    adequacy_row a =
        detail::rule_row("women_share", "女性样本量不超过70%", "women at most 70 % of the sample");
    a.value = 100 * share_of(women, with_gender);
    a.unit_zh = "%", a.unit_en = "%", a.comparator = "<=", a.limit = 70;
    a.verdict = verdict(with_gender > 0, a.value <= 70 + 1e-9);
    a.reference = hb25_sample;
    a.quote = "女性样本量不超过70%";
    a.note = "share of respondents with a known gender";
    a.note_zh = "占已知性别样本的比例";
    out.push_back(a);
  }
  std::size_t with_job = 0, public_sector = 0;
  for (const auto& r : rs)
    if (!r.occupation.empty()) ++with_job, public_sector += r.public_sector;
  {
    adequacy_row a = detail::rule_row("public_sector_share", "党政机关或事业人员不超过15%",
                                      "党政机关/事业单位 staff at most 15 %");
    a.value = 100 * share_of(public_sector, with_job);
    a.unit_zh = "%", a.unit_en = "%", a.comparator = "<=", a.limit = 15;
    a.verdict = verdict(with_job > 0, a.value <= 15 + 1e-9);
    a.reference = hb25_sample;
    a.quote = "党政机关或事业人员不超过15%";
    std::string words;
    for (const auto& p : d.public_sector) words += (words.empty() ? "" : "/") + p;
    a.note = "share of respondents with a known occupation; an occupation containing " + words +
             " counts (ours: the definition's public_sector list)";
    a.note_zh =
        "占已知职业样本的比例；职业中含" + words + "者计入（本工具约定，可在问卷定义public_sector中修改）";
    out.push_back(a);
  }
  return out;
}

}  // namespace detail

/// The whole survey analysis. `objective`: 0-100 scores per dimension for the gap (温差);
/// empty = no gap analysis.
[[nodiscard]] inline survey_result analyse_survey(const survey_definition& d, const survey_responses& resp,
                                                  const std::vector<objective_score>& objective = {}) {
  d.validate();
  const auto& rs = resp.respondents;
  if (rs.empty())
    throw data_error("survey.empty", "the survey has no respondent", detail::in_file(resp.source));
  for (const auto& r : rs)
    if (r.answers.size() != d.items.size())
      throw data_error("survey.shape",
                       "a respondent has " + std::to_string(r.answers.size()) + " answers for " +
                           std::to_string(d.items.size()) + " items",
                       r.where);
  survey_result out;
  out.definition = d;
  out.data_source = resp.source;
  out.respondents = rs.size();
  out.weights = detail::poststratify(d, resp, out.cells);
  out.n_eff = kish_n_eff(out.weights);
  const auto& w = out.weights;
  const std::size_t J = d.items.size();

  // items
  for (std::size_t j = 0; j < J; ++j) {
    const survey_item& it = d.items[j];
    survey_item_row row;
    row.code = it.code, row.column = it.column, row.dimension = it.dimension, row.indicator = it.indicator;
    row.name_zh = it.name_zh, row.name_en = it.name_en, row.weight = it.weight;
    row.level_shares.assign(d.scale.size(), 0.0);
    double sw = 0, swx = 0, answered_w = 0;
    for (std::size_t i = 0; i < rs.size(); ++i) {
      const answer& a = rs[i].answers[j];
      if (a.kind == answer_kind::scored) {
        ++row.answered;
        answered_w += w[i];
        row.level_shares[static_cast<std::size_t>(a.level)] += w[i];
      }
      if (a.kind == answer_kind::dont_know) ++row.dont_know;
      if (a.kind == answer_kind::blank) ++row.blank;
      if (std::isnan(a.score)) continue;
      ++row.used;
      sw += w[i];
      swx += w[i] * a.score;
    }
    for (double& s : row.level_shares)
      s = answered_w > 0 ? s / answered_w : std::numeric_limits<double>::quiet_NaN();
    row.weight_sum = sw;
    if (sw > 0) row.score = swx / sw;
    row.below_threshold = !std::isnan(row.score) && row.score < d.threshold;
    out.items.push_back(row);
  }

  // dimensions, in the order of first appearance
  std::vector<std::string> dims;
  for (const auto& it : d.items)
    if (std::find(dims.begin(), dims.end(), it.dimension) == dims.end()) dims.push_back(it.dimension);
  for (const auto& dim : dims) {
    survey_dimension_row row;
    row.dimension = dim;
    double sv = 0, svm = 0;
    for (const auto& it : out.items) {
      if (it.dimension != dim) continue;
      ++row.items;
      if (std::isnan(it.score)) continue;
      ++row.items_scored;
      sv += it.weight;
      svm += it.weight * it.score;
    }
    if (sv > 0) row.score = svm / sv;
    row.below_threshold = !std::isnan(row.score) && row.score < d.threshold;
    out.dimensions.push_back(row);
  }

  // respondent scores per dimension ("" = all items), then group breakdowns
  auto respondent_score = [&](const respondent& r, const std::string& dim) {
    double sv = 0, svs = 0;
    for (std::size_t j = 0; j < J; ++j) {
      if (!dim.empty() && d.items[j].dimension != dim) continue;
      if (std::isnan(r.answers[j].score)) continue;
      sv += d.items[j].weight;
      svs += d.items[j].weight * r.answers[j].score;
    }
    return sv > 0 ? svs / sv : std::numeric_limits<double>::quiet_NaN();
  };
  std::vector<std::string> scopes = dims;
  scopes.insert(scopes.begin(), std::string());
  std::vector<std::vector<double>> rscore(scopes.size(), std::vector<double>(rs.size()));
  for (std::size_t s = 0; s < scopes.size(); ++s)
    for (std::size_t i = 0; i < rs.size(); ++i) rscore[s][i] = respondent_score(rs[i], scopes[s]);
  std::vector<std::string> variables = {"all"};
  for (const auto& b : d.breakdowns) variables.push_back(b);
  for (const auto& var : variables) {
    std::vector<std::string> groups;
    for (const auto& r : rs) {
      const std::string g = var == "all" ? "all" : attribute_of(r, var);
      if (!g.empty() && std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
    }
    if (var != "all") std::sort(groups.begin(), groups.end());
    for (const auto& g : groups)
      for (std::size_t s = 0; s < scopes.size(); ++s) {
        std::vector<double> x, ww;
        for (std::size_t i = 0; i < rs.size(); ++i) {
          if (var != "all" && attribute_of(rs[i], var) != g) continue;
          if (std::isnan(rscore[s][i])) continue;
          x.push_back(rscore[s][i]);
          ww.push_back(w[i]);
        }
        survey_group_row row;
        row.variable = var, row.group = g, row.dimension = scopes[s];
        weighted_mean_ci(x, ww, d.confidence, row);
        out.groups.push_back(row);
      }
  }

  // Cronbach's alpha per dimension on complete cases
  for (const auto& dim : dims) {
    survey_alpha_row row;
    row.dimension = dim;
    std::vector<std::size_t> cols;
    for (std::size_t j = 0; j < J; ++j)
      if (d.items[j].dimension == dim) cols.push_back(j);
    row.items = cols.size();
    std::vector<std::vector<double>> complete;
    for (const auto& r : rs) {
      std::vector<double> v;
      for (std::size_t j : cols) {
        if (std::isnan(r.answers[j].score)) break;
        v.push_back(r.answers[j].score);
      }
      if (v.size() == cols.size()) complete.push_back(std::move(v));
    }
    row.complete_cases = complete.size();
    row.alpha = cronbach_alpha_complete(complete);
    out.alpha.push_back(row);
  }

  out.adequacy = detail::adequacy_report(d, resp, out.communities);

  // the gap (温差)
  const gap_options& go = d.gap;
  for (const auto& o : objective) {
    if (std::find(dims.begin(), dims.end(), o.dimension) == dims.end()) {
      std::string list;
      for (const auto& x : dims) list += (list.empty() ? "" : ", ") + x;
      throw data_error("survey.unknown_dimension",
                       "objective score for dimension '" + o.dimension +
                           "', which no survey item has; the survey's dimensions: " + list,
                       detail::in_file(o.source));
    }
    if (!(o.score >= 0 && o.score <= 100))
      throw data_error("survey.bad_objective",
                       "objective score of '" + o.dimension + "' is " + detail::format_double(o.score) +
                           "; use a score from 0 to 100",
                       detail::in_file(o.source));
  }
  for (const auto& dr : out.dimensions) {
    const auto it = std::find_if(objective.begin(), objective.end(),
                                 [&](const objective_score& o) { return o.dimension == dr.dimension; });
    if (it == objective.end()) continue;
    survey_gap_row g;
    g.dimension = dr.dimension, g.source = it->source, g.objective = it->score, g.felt = dr.score;
    g.gap = dr.score - it->score;
    if (!std::isnan(dr.score)) {
      const bool obj_ok = it->score >= go.threshold, felt_ok = dr.score >= go.threshold;
      const bool crossing = obj_ok != felt_ok, wide = std::fabs(g.gap) > go.max_gap;
      if ((go.rule != gap_rule::absolute) && crossing)
        g.reason = obj_ok ? survey_problem_reason::felt_below_objective
                          : survey_problem_reason::felt_above_objective;
      else if (go.rule != gap_rule::crossing && wide) g.reason = survey_problem_reason::gap;
      g.flagged = g.reason.has_value();
    }
    out.gaps.push_back(g);
  }

  // the problem list: items below the threshold, then flagged gaps; most severe first
  const std::string rule_src = "HB25 l.2071";
  const std::string rule_quote = "如果低于60分，则降一级";
  for (const auto& it : out.items) {
    if (!it.below_threshold) continue;
    survey_problem p;
    p.unit = d.unit, p.unit_name = d.unit_name, p.period = d.period;
    p.dimension = it.dimension, p.indicator = it.indicator, p.item = it.code;
    p.name_zh = it.name_zh.empty() ? it.column : it.name_zh;
    p.name_en = it.name_en.empty() ? it.code : it.name_en;
    p.reason = survey_problem_reason::below_threshold;
    p.value = it.score;
    p.target_text = "residents' score >= " + detail::format_double(d.threshold) + " points";
    p.target_text_zh = "居民评价 ≥ " + detail::format_double(d.threshold) + " 分";
    p.gap = it.score - d.threshold;
    p.relative_gap = p.gap / d.threshold;
    p.severity = -p.relative_gap;
    p.weight = it.weight;
    p.source = rule_src, p.quote = rule_quote;
    out.problems.push_back(p);
  }
  for (const auto& g : out.gaps) {
    if (!g.flagged) continue;
    survey_problem p;
    p.unit = d.unit, p.unit_name = d.unit_name, p.period = d.period;
    p.dimension = g.dimension;
    p.name_zh = g.dimension + "（主客观温差）";
    p.name_en = g.dimension + " (objective-subjective gap)";
    p.reason = *g.reason;
    p.value = g.felt;
    p.objective = g.objective;
    p.target_text = "felt and objective scores agree (rule " + std::string(to_string(go.rule)) +
                    ", threshold " + detail::format_double(go.threshold) + ", max gap " +
                    detail::format_double(go.max_gap) + ")";
    p.target_text_zh = "主客观评价一致（规则" + std::string(label_zh(go.rule)) + "，及格线" +
                       detail::format_double(go.threshold) + "分，温差上限" +
                       detail::format_double(go.max_gap) + "分）";
    p.gap = g.gap;
    p.relative_gap = g.objective > 0 ? g.gap / g.objective : std::numeric_limits<double>::quiet_NaN();
    p.severity = std::fabs(g.gap) / 100;
    p.weight = 1;
    p.source =
        "tijian survey gap rule (ours; HB25 l.331-335 asks for objective indicators read with the survey)";
    out.problems.push_back(p);
  }
  std::stable_sort(out.problems.begin(), out.problems.end(),
                   [](const survey_problem& a, const survey_problem& b) { return a.severity > b.severity; });
  for (std::size_t k = 0; k < out.problems.size(); ++k) out.problems[k].rank = k + 1;
  return out;
}

}  // namespace tijian
