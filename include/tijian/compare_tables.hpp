// SPDX-License-Identifier: MIT
// The self-check vs third-party comparison (compare.hpp) as tables (table.hpp): the one
// description of every column of the tolerance, value, verdict, score, agreement, kappa,
// concordance and problem tables, with units and zh/en labels. CSV, JSON, pandas and the report
// are generic writers of it.
//
//   document describe(const compare_result&);
//
// Units: values, differences and tolerances are in the indicator's unit (per row, the `measure`
// column); relative differences and relative tolerances are fractions (units::ratio); scores are
// points; correlations, ICCs, kappas and W are dimensionless.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "check_tables.hpp"
#include "common_columns.hpp"
#include "compare.hpp"
#include "problem_columns.hpp"
#include "table.hpp"

namespace tijian {

namespace detail {


template <class Rows>
void add_assessor_columns(table& t, const Rows& rows) {
  using row = typename Rows::value_type;
  t.text("assessor_a", {"参照方", "Reference assessor"}, rows, [](const row& r) { return r.assessor_a; });
  t.text("assessor_b", {"比对方", "Compared assessor"}, rows, [](const row& r) { return r.assessor_b; });
}

template <class Rows>
void add_indicator_columns(table& t, const Rows& rows) {
  using row = typename Rows::value_type;
  t.text("indicator", {"指标", "Indicator"}, rows, [](const row& r) { return r.indicator; });
  t.text("name_zh", {"指标名称", "Indicator name (Chinese)"}, rows, [](const row& r) {
     return r.name_zh;
   }).written_in = language::zh;
  t.text("name_en", {"指标名称（英文）", "Indicator name"}, rows, [](const row& r) {
     return r.name_en;
   }).written_in = language::en;
}

template <class Rows>
void add_note_columns(table& t, const Rows& rows) {
  using row = typename Rows::value_type;
  t.text("note", {"说明（英文）", "Note"}, rows, [](const row& r) { return nonempty(r.note); }).written_in =
      language::en;
  t.text("note_zh", {"说明", "Note (Chinese)"}, rows, [](const row& r) {
     return nonempty(r.note_zh);
   }).written_in = language::zh;
}

}  // namespace detail

[[nodiscard]] inline table tolerances_table(const tolerance_set& s) {
  std::vector<tolerance> rows{s.fallback};
  rows.insert(rows.end(), s.indicators.begin(), s.indicators.end());
  using row = tolerance;
  table t("tolerances", "允许偏差", "Tolerances");
  t.text("indicator", {"指标（空为默认）", "Indicator (empty: the default)"}, rows,
         [](const row& r) { return r.indicator; });
  t.real("absolute", in("绝对允许偏差", "Absolute tolerance", units::indicator), rows,
         [](const row& r) { return r.absolute; });
  t.real("relative", in("相对允许偏差", "Relative tolerance", units::ratio), rows,
         [](const row& r) { return r.relative; });
  t.text("note", {"说明", "Note"}, rows, [](const row& r) { return r.note; });
  t.integer("line", {"文件行号", "Line in the file"}, rows, [](const row& r) -> std::optional<std::size_t> {
    if (r.line == 0) return std::nullopt;
    return r.line;
  });
  return t;
}

[[nodiscard]] inline table values_table(const compare_result& r) {
  using row = value_row;
  const auto& rows = r.values;
  table t("values", "数值比对", "Values compared");
  detail::add_assessor_columns(t, rows);
  add_id_columns(t, rows);
  t.text("dimension", {"维度", "Dimension"}, rows, [](const row& v) { return v.dimension; });
  detail::add_indicator_columns(t, rows);
  t.text("measure", {"计量单位", "Unit of measure"}, rows, [](const row& v) { return v.measure; });
  t.real("value_a", {"参照方数值", "Reference value"}, rows, [](const row& v) {
     return v.value_a;
   }).unit_column = "measure";
  t.real("value_b", {"比对方数值", "Compared value"}, rows, [](const row& v) {
     return v.value_b;
   }).unit_column = "measure";
  t.real("difference", {"差值（比对-参照）", "Difference (compared - reference)"}, rows, [](const row& v) {
     return v.difference;
   }).unit_column = "measure";
  t.real("relative_difference", in("相对差值", "Relative difference", units::ratio), rows,
         [](const row& v) { return v.relative_difference; });
  t.real("tolerance_absolute", {"绝对允许偏差", "Absolute tolerance"}, rows, [](const row& v) {
     return v.tolerance_absolute;
   }).unit_column = "measure";
  t.real("tolerance_relative", in("相对允许偏差", "Relative tolerance", units::ratio), rows,
         [](const row& v) { return v.tolerance_relative; });
  t.real("allowed", {"允许差值", "Allowed difference"}, rows, [](const row& v) {
     return v.allowed;
   }).unit_column = "measure";
  t.boolean("within", {"在允许偏差内", "Within tolerance"}, rows, [](const row& v) -> std::optional<bool> {
    if (v.agreement == value_agreement::both_missing) return std::nullopt;
    return v.agreement == value_agreement::within;
  });
  t.categorical<value_agreement>("agreement", {"比对结果", "Agreement"}, rows,
                                 [](const row& v) { return std::optional<value_agreement>(v.agreement); });
  return t;
}

[[nodiscard]] inline table verdicts_table(const compare_result& r) {
  using row = verdict_row;
  const auto& rows = r.verdicts;
  table t("verdicts", "结论不一致", "Verdict disagreements");
  detail::add_assessor_columns(t, rows);
  add_id_columns(t, rows);
  t.text("dimension", {"维度", "Dimension"}, rows, [](const row& v) { return v.dimension; });
  detail::add_indicator_columns(t, rows);
  t.text("measure", {"计量单位", "Unit of measure"}, rows, [](const row& v) { return v.measure; });
  t.integer("target_index", {"目标序号", "Target index"}, rows, [](const row& v) { return v.target; });
  t.text("target_id", {"目标编号", "Target id"}, rows,
         [](const row& v) { return detail::nonempty(v.target_id); });
  t.text("target", {"目标（英文）", "Target"}, rows, [&](const row& v) {
     return target_text(r.profile.targets[static_cast<std::size_t>(v.target)], language::en);
   }).written_in = language::en;
  t.text("target_zh", {"目标", "Target (Chinese)"}, rows, [&](const row& v) {
     return target_text(r.profile.targets[static_cast<std::size_t>(v.target)], language::zh);
   }).written_in = language::zh;
  t.real("value_a", {"参照方数值", "Reference value"}, rows, [](const row& v) {
     return v.value_a;
   }).unit_column = "measure";
  t.real("value_b", {"比对方数值", "Compared value"}, rows, [](const row& v) {
     return v.value_b;
   }).unit_column = "measure";
  t.categorical<check_status>("status_a", {"参照方结论", "Reference state"}, rows,
                              [](const row& v) { return std::optional<check_status>(v.status_a); });
  t.categorical<check_status>("status_b", {"比对方结论", "Compared state"}, rows,
                              [](const row& v) { return std::optional<check_status>(v.status_b); });
  t.categorical<verdict_gap>("disagreement", {"不一致类型", "Disagreement"}, rows,
                             [](const row& v) { return std::optional<verdict_gap>(v.gap); });
  t.boolean("bottom_line", {"底线指标", "Bottom-line indicator"}, rows,
            [](const row& v) { return v.bottom_line; });
  t.real("weight", in("权重", "Weight", units::ratio), rows, [](const row& v) { return v.weight; });
  return t;
}

[[nodiscard]] inline table scores_table(const compare_result& r) {
  using row = score_row;
  const auto& rows = r.scores;
  table t("scores", "综合得分与排名比对", "Composite scores and ranks compared");
  detail::add_assessor_columns(t, rows);
  add_id_columns(t, rows);
  t.real("score_a", in("参照方得分", "Reference score", units::score), rows,
         [](const row& s) { return s.score_a; });
  t.real("score_b", in("比对方得分", "Compared score", units::score), rows,
         [](const row& s) { return s.score_b; });
  t.real("difference", in("得分差（比对-参照）", "Score difference (compared - reference)", units::score),
         rows, [](const row& s) { return s.difference; });
  t.real("rank_a", in("参照方排名", "Reference rank", units::rank), rows,
         [](const row& s) { return s.rank_a; });
  t.real("rank_b", in("比对方排名", "Compared rank", units::rank), rows,
         [](const row& s) { return s.rank_b; });
  t.real("rank_difference", in("名次差（比对-参照）", "Rank difference (compared - reference)", units::rank),
         rows, [](const row& s) { return s.rank_difference; });
  return t;
}

[[nodiscard]] inline table agreement_table(const compare_result& r) {
  using row = agreement_row;
  const auto& rows = r.agreement;
  const unit_name dl = units::dimensionless;
  table t("agreement", "一致性统计（按指标）", "Agreement across units, per indicator");
  detail::add_assessor_columns(t, rows);
  t.text("period", {"时期", "Period"}, rows, [](const row& a) { return a.period; });
  detail::add_indicator_columns(t, rows);
  t.text("measure", {"计量单位", "Unit of measure"}, rows, [](const row& a) { return a.measure; });
  t.integer("n", in("单元数", "Units with both values", units::count), rows,
            [](const row& a) { return a.n; });
  t.real("spearman", in("Spearman ρ", "Spearman rho", dl), rows,
         [](const row& a) { return a.spearman.estimate; });
  t.real("spearman_p", in("Spearman p值", "Spearman p-value", units::ratio), rows,
         [](const row& a) { return a.spearman.p_value; });
  t.real("kendall_tau_b", in("Kendall τ-b", "Kendall tau-b", dl), rows,
         [](const row& a) { return a.kendall.estimate; });
  t.real("kendall_p", in("Kendall p值", "Kendall p-value", units::ratio), rows,
         [](const row& a) { return a.kendall.p_value; });
  t.real("icc_a1", in("ICC(A,1)=ICC(2,1)", "ICC(A,1) = ICC(2,1)", dl), rows,
         [](const row& a) { return a.icc_a1.value; });
  t.real("icc_a1_low", in("ICC(A,1) 置信下限", "ICC(A,1) CI low", dl), rows,
         [](const row& a) { return a.icc_a1.ci_low; });
  t.real("icc_a1_high", in("ICC(A,1) 置信上限", "ICC(A,1) CI high", dl), rows,
         [](const row& a) { return a.icc_a1.ci_high; });
  t.real("icc_a1_p", in("ICC(A,1) p值", "ICC(A,1) p-value", units::ratio), rows,
         [](const row& a) { return a.icc_a1.p_value; });
  t.real("icc_c1", in("ICC(C,1)=ICC(3,1)", "ICC(C,1) = ICC(3,1)", dl), rows,
         [](const row& a) { return a.icc_c1.value; });
  t.real("bias", {"平均偏差（比对-参照）", "Bias (compared - reference)"}, rows, [](const row& a) {
     return a.bland_altman.bias;
   }).unit_column = "measure";
  t.real("bias_low", {"平均偏差置信下限", "Bias CI low"}, rows, [](const row& a) {
     return a.bland_altman.bias_ci_low;
   }).unit_column = "measure";
  t.real("bias_high", {"平均偏差置信上限", "Bias CI high"}, rows, [](const row& a) {
     return a.bland_altman.bias_ci_high;
   }).unit_column = "measure";
  t.real("sd_difference", {"差值标准差", "SD of the differences"}, rows, [](const row& a) {
     return a.bland_altman.sd;
   }).unit_column = "measure";
  t.real("loa_lower", {"一致性界限下限", "Lower limit of agreement"}, rows, [](const row& a) {
     return a.bland_altman.lower;
   }).unit_column = "measure";
  t.real("loa_lower_low", {"下限置信下限", "Lower limit CI low"}, rows, [](const row& a) {
     return a.bland_altman.lower_ci_low;
   }).unit_column = "measure";
  t.real("loa_lower_high", {"下限置信上限", "Lower limit CI high"}, rows, [](const row& a) {
     return a.bland_altman.lower_ci_high;
   }).unit_column = "measure";
  t.real("loa_upper", {"一致性界限上限", "Upper limit of agreement"}, rows, [](const row& a) {
     return a.bland_altman.upper;
   }).unit_column = "measure";
  t.real("loa_upper_low", {"上限置信下限", "Upper limit CI low"}, rows, [](const row& a) {
     return a.bland_altman.upper_ci_low;
   }).unit_column = "measure";
  t.real("loa_upper_high", {"上限置信上限", "Upper limit CI high"}, rows, [](const row& a) {
     return a.bland_altman.upper_ci_high;
   }).unit_column = "measure";
  detail::add_note_columns(t, rows);
  return t;
}

[[nodiscard]] inline table kappa_table(const compare_result& r) {
  using row = kappa_row;
  const auto& rows = r.kappa;
  const unit_name dl = units::dimensionless;
  table t("kappa", "结论一致性（加权κ）", "Agreement of the verdicts (weighted kappa)");
  detail::add_assessor_columns(t, rows);
  t.categorical<agreement::kappa_weights>("weights", {"加权方式", "Weights"}, rows, [](const row& k) {
    return std::optional<agreement::kappa_weights>(k.result.weights);
  });
  t.integer("pairs", in("参与比对的结论对数", "Verdict pairs on the scale", units::count), rows,
            [](const row& k) { return k.pairs; });
  t.integer("left_out",
            in("未参与（进度无法判断、无数据）", "Left out (pace unknown, no data)", units::count), rows,
            [](const row& k) { return k.left_out; });
  t.real("kappa", in("κ", "kappa", dl), rows, [](const row& k) { return k.result.kappa; });
  t.real("se", in("标准误", "Standard error", dl), rows, [](const row& k) { return k.result.se; });
  t.real("ci_low", in("置信下限", "CI low", dl), rows, [](const row& k) { return k.result.ci_low; });
  t.real("ci_high", in("置信上限", "CI high", dl), rows, [](const row& k) { return k.result.ci_high; });
  t.real("z", in("z值", "z", dl), rows, [](const row& k) { return k.result.z; });
  t.real("p_value", in("p值", "p-value", units::ratio), rows, [](const row& k) { return k.result.p_value; });
  t.real("p_observed", in("观测一致率", "Observed agreement", units::ratio), rows,
         [](const row& k) { return k.result.p_observed; });
  t.real("p_expected", in("机遇一致率", "Chance agreement", units::ratio), rows,
         [](const row& k) { return k.result.p_expected; });
  detail::add_note_columns(t, rows);
  return t;
}

[[nodiscard]] inline table concordance_table(const compare_result& r) {
  using row = concordance_row;
  const auto& rows = r.concordance;
  table t("concordance", "多方一致性（Kendall W）", "Concordance of all assessors (Kendall's W)");
  t.text("period", {"时期", "Period"}, rows, [](const row& c) { return c.period; });
  detail::add_indicator_columns(t, rows);
  t.integer("raters", in("评估方数", "Assessors", units::count), rows, [](const row& c) { return c.raters; });
  t.integer("n", in("单元数", "Units rated by all", units::count), rows,
            [](const row& c) { return c.result.n; });
  t.real("w", in("Kendall W", "Kendall's W", units::dimensionless), rows,
         [](const row& c) { return c.result.w; });
  t.real("chi2", in("χ²", "chi-squared", units::dimensionless), rows,
         [](const row& c) { return c.result.chi2; });
  t.real("df", in("自由度", "Degrees of freedom", units::dimensionless), rows,
         [](const row& c) { return c.result.df; });
  t.real("p_value", in("p值", "p-value", units::ratio), rows, [](const row& c) { return c.result.p_value; });
  detail::add_note_columns(t, rows);
  return t;
}

/// The problem list: the shared problem columns (problem_columns.hpp), then `origin` and the
/// reference's side.
struct comparison_problem_fields : problem_fields<comparison_problem, comparison_reason> {
  const compare_result& r;
  explicit comparison_problem_fields(const compare_result& result) : r(result) {}
  static std::optional<check_status> status(const comparison_problem& p) { return p.status; }
  static std::optional<bool> bottom_line(const comparison_problem& p) { return p.bottom_line; }
  static std::optional<int> target_index(const comparison_problem& p) {
    return p.target < 0 ? std::nullopt : std::optional<int>(p.target);
  }
  static std::optional<std::string> target_id(const comparison_problem& p) {
    return detail::text_or_none(p.target_id);
  }
  static double trajectory(const comparison_problem& p) { return p.trajectory; }
  [[nodiscard]] std::optional<std::string> target(const comparison_problem& p, language lang) const {
    if (p.target < 0) return std::nullopt;
    return target_text(r.profile.targets[static_cast<std::size_t>(p.target)], lang);
  }
};

[[nodiscard]] inline table comparison_problems_table(const compare_result& r) {
  using row = comparison_problem;
  const auto& rows = r.problems;
  table t("problems", "问题清单（第三方比对）", "Problem list (third-party comparison)");
  add_problem_columns(t, rows, comparison_problem_fields(r));
  t.categorical<problem_origin>("origin", {"问题来源", "Found by"}, rows,
                                [](const row& p) { return std::optional<problem_origin>(p.found_by); });
  t.text("assessor", {"比对方", "Assessor"}, rows, [](const row& p) { return p.assessor; });
  t.text("reference_assessor", {"参照方", "Reference assessor"}, rows,
         [](const row& p) { return p.reference_assessor; });
  t.real("reference_value", {"参照方数值", "Reference value"}, rows, [](const row& p) {
     return p.reference_value;
   }).unit_column = "measure";
  t.categorical<check_status>("reference_status", {"参照方结论", "Reference state"}, rows,
                              [](const row& p) { return p.reference_status; });
  t.real("allowed", {"允许差值", "Allowed difference"}, rows, [](const row& p) {
     return p.allowed;
   }).unit_column = "measure";
  return t;
}

/// The whole comparison: provenance, options, then the tables.
[[nodiscard]] inline document describe(const compare_result& r) {
  document doc;
  document prov;
  prov.field("library_version", r.library_version)
      .field("framework_source", r.framework.source())
      .field("profile", r.profile.name)
      .field("profile_source", r.profile.file)
      .field("assessors", r.labels)
      .field("data_sources", r.sources)
      .field("tolerance_source", r.options.tolerances.source);
  doc.group("provenance", std::move(prov));
  doc.field("periods", r.periods);
  document opts;
  opts.field("reference", r.labels.empty() ? std::string() : r.labels.front())
      .field("composite_basis", r.composite_basis)
      .field("confidence", r.options.confidence)
      .field("strict", r.options.check.strict)
      .field("verdict_scale", std::vector<std::string>{"missed", "behind_schedule", "on_track", "met"});
  doc.group("options", std::move(opts));
  doc.add(tolerances_table(r.options.tolerances));
  doc.add(values_table(r));
  doc.add(verdicts_table(r));
  doc.add(scores_table(r));
  doc.add(agreement_table(r));
  doc.add(kappa_table(r));
  doc.add(concordance_table(r));
  doc.add(comparison_problems_table(r));
  return doc;
}

}  // namespace tijian
