// SPDX-License-Identifier: MIT
// The records of the data preparation (prepare.hpp) as tables (table.hpp): what denomination,
// screening, imputation and outlier treatment did, one description per record with zh/en
// labels and units. Result (score) and prepare() give the same tables; the Python module turns
// them into DataFrames (python/tijian/_tables.py) and lists no column of its own.
//
//   denominations   one row per denominated indicator
//   screening       one row per input row (empty when the recipe does not screen)
//   imputations     every filled cell: method, value, group
//   left_missing    every cell imputation could not fill, and why
//   em              the EM fits (imputation method em): convergence per group and period
//   treatment       per indicator and period: COINr's Dets_Table
//   treated_cells   every cell the treatment changed, before and after
//
// Units: values (imputed values, cells before and after, clip bounds) are in the indicator's
// own unit after denomination; shares are ratios; skewness, kurtosis and lambda are pure numbers.
#pragma once

#include <string>
#include <vector>

#include "common_columns.hpp"
#include "prepare.hpp"
#include "table.hpp"

namespace tijian {

[[nodiscard]] inline table denomination_table(const std::vector<denomination_record>& rows) {
  using row = denomination_record;
  table t("denominations", "指标标准化（除以分母）", "Denomination");
  t.text("indicator", {"指标", "Indicator"}, rows, [](const row& x) { return x.indicator; });
  t.text("denominator", {"分母", "Denominator"}, rows, [](const row& x) { return x.denominator; });
  t.real("scale_factor", in("比例因子", "Scale factor", units::dimensionless), rows,
         [](const row& x) { return x.scale_factor; });
  t.integer("cells", in("相除单元格数", "Cells divided", units::count), rows,
            [](const row& x) { return x.cells; });
  t.integer("missing_denominator", in("分母缺失数", "Made missing: denominator missing", units::count), rows,
            [](const row& x) { return x.missing_denominator; });
  t.integer("zero_denominator", in("分母为零数", "Made missing: denominator zero", units::count), rows,
            [](const row& x) { return x.zero_denominator; });
  return t;
}

[[nodiscard]] inline table screening_table(const std::vector<screened_unit>& rows) {
  using row = screened_unit;
  table t("screening", "样本筛选", "Screening of units");
  t.text("unit", {"城市", "Unit"}, rows, [](const row& x) { return x.unit; });
  t.text("period", {"时期", "Period"}, rows, [](const row& x) { return x.period; });
  t.integer("indicators", in("指标数", "Indicators", units::count), rows,
            [](const row& x) { return x.indicators; });
  t.integer("missing", in("缺失数", "Missing values", units::count), rows,
            [](const row& x) { return x.missing; });
  t.integer("zeros", in("零值数", "Zeros", units::count), rows, [](const row& x) { return x.zeros; });
  t.integer("missing_or_zero", in("缺失或零值数", "Missing or zero", units::count), rows,
            [](const row& x) { return x.missing_or_zero; });
  t.real("availability", in("数据可得率", "Availability", units::ratio), rows,
         [](const row& x) { return x.availability; });
  t.real("nonzero_share", in("非零值占比", "Share of non-zero values", units::ratio), rows,
         [](const row& x) { return x.nonzero_share; });
  t.boolean("low_data", {"数据不足", "Too little data"}, rows, [](const row& x) { return x.low_data; });
  t.boolean("low_nonzero", {"非零值不足", "Too few non-zero values"}, rows,
            [](const row& x) { return x.low_nonzero; });
  t.text("forced", {"强制纳入/排除", "Forced (include / exclude)"}, rows,
         [](const row& x) { return x.forced; });
  t.boolean("included", {"是否保留", "Kept"}, rows, [](const row& x) { return x.included; });
  t.text("reason", {"原因（英文）", "Reason"}, rows, [](const row& x) { return x.reason; }).written_in =
      language::en;
  t.text("reason_zh", {"原因", "Reason (Chinese)"}, rows, [](const row& x) {
     return x.reason_zh;
   }).written_in = language::zh;
  return t;
}

[[nodiscard]] inline table imputation_table(const std::vector<imputed_cell>& rows) {
  using row = imputed_cell;
  table t("imputations", "缺失值插补", "Imputed cells");
  t.text("unit", {"城市", "Unit"}, rows, [](const row& x) { return x.unit; });
  t.text("period", {"时期", "Period"}, rows, [](const row& x) { return x.period; });
  t.text("indicator", {"指标", "Indicator"}, rows, [](const row& x) { return x.indicator; });
  t.text("method", {"插补方法", "Method"}, rows, [](const row& x) { return x.method; });
  t.real("value", in("插补值", "Imputed value", units::indicator), rows,
         [](const row& x) { return x.value; });
  t.text("group", {"分组", "Group"}, rows, [](const row& x) { return x.group; });
  return t;
}

/// The cells imputation left missing: the record's method field holds the reason
/// (unit_group_missing, group_all_missing, no_values, ...) and it has no value.
[[nodiscard]] inline table left_missing_table(const std::vector<imputed_cell>& rows) {
  using row = imputed_cell;
  table t("left_missing", "未能插补的缺失值", "Cells left missing");
  t.text("unit", {"城市", "Unit"}, rows, [](const row& x) { return x.unit; });
  t.text("period", {"时期", "Period"}, rows, [](const row& x) { return x.period; });
  t.text("indicator", {"指标", "Indicator"}, rows, [](const row& x) { return x.indicator; });
  t.text("reason", {"原因", "Reason"}, rows, [](const row& x) { return x.method; });
  t.text("group", {"分组", "Group"}, rows, [](const row& x) { return x.group; });
  return t;
}

/// The scalar part of the EM fits; the indicators, mean and covariance of each fit are lists
/// and matrices, not cells.
[[nodiscard]] inline table em_table(const std::vector<em_fit>& rows) {
  using row = em_fit;
  const unit_name standardised{"标准化单位", "standardised units"};
  table t("em", "EM 插补模型", "EM fits");
  t.text("group", {"分组", "Group"}, rows, [](const row& x) { return x.group; });
  t.text("period", {"时期", "Period"}, rows, [](const row& x) { return x.period; });
  t.integer("iterations", in("迭代次数", "Iterations", {"次", "times"}), rows,
            [](const row& x) { return x.iterations; });
  t.boolean("converged", {"是否收敛", "Converged"}, rows, [](const row& x) { return x.converged; });
  t.real("last_change", in("末次迭代变化", "Change in the last iteration", standardised), rows,
         [](const row& x) { return x.last_change; });
  t.real("ridge", in("岭参数", "Ridge added", standardised), rows, [](const row& x) { return x.ridge; });
  return t;
}

[[nodiscard]] inline table treatment_table(const std::vector<treatment_detail>& rows) {
  using row = treatment_detail;
  const unit_name none = units::dimensionless, own = units::indicator;
  table t("treatment", "异常值处理", "Outlier treatment");
  t.text("indicator", {"指标", "Indicator"}, rows, [](const row& x) { return x.indicator; });
  t.text("period", {"时期", "Period"}, rows, [](const row& x) { return x.period; });
  t.text("method", {"处理方法", "Method"}, rows, [](const row& x) { return x.method; });
  t.text("status", {"处理结果", "Status"}, rows, [](const row& x) { return x.status; });
  t.integer("n", in("有效值数", "Values present", units::count), rows, [](const row& x) { return x.n; });
  t.real("skew_before", in("处理前偏度", "Skewness before", none), rows,
         [](const row& x) { return x.skew_before; });
  t.real("kurt_before", in("处理前峰度", "Kurtosis before", none), rows,
         [](const row& x) { return x.kurt_before; });
  t.boolean("pass_before", {"处理前通过", "Passed before"}, rows, [](const row& x) { return x.pass_before; });
  t.integer("points_high", in("上端处理点数", "Points treated at the top", units::count), rows,
            [](const row& x) { return x.points_high; });
  t.integer("points_low", in("下端处理点数", "Points treated at the bottom", units::count), rows,
            [](const row& x) { return x.points_low; });
  t.real("skew_treated", in("方法后偏度", "Skewness after the method", none), rows,
         [](const row& x) { return x.skew_treated; });
  t.real("kurt_treated", in("方法后峰度", "Kurtosis after the method", none), rows,
         [](const row& x) { return x.kurt_treated; });
  t.boolean("pass_treated", {"方法后通过", "Passed after the method"}, rows,
            [](const row& x) { return x.pass_treated; });
  t.boolean("fallback_used", {"使用备选方法", "Fall-back used"}, rows,
            [](const row& x) { return x.fallback_used; });
  t.text("fallback", {"备选方法", "Fall-back"}, rows, [](const row& x) { return x.fallback; });
  t.real("skew_after", in("最终偏度", "Skewness at the end", none), rows,
         [](const row& x) { return x.skew_after; });
  t.real("kurt_after", in("最终峰度", "Kurtosis at the end", none), rows,
         [](const row& x) { return x.kurt_after; });
  t.boolean("pass_after", {"最终通过", "Passed at the end"}, rows, [](const row& x) { return x.pass_after; });
  t.real("lambda", in("Box-Cox 参数", "Box-Cox lambda", none), rows, [](const row& x) { return x.lambda; });
  t.real("clip_lower", in("截断下限", "Lower clip bound", own), rows,
         [](const row& x) { return x.clip_lower; });
  t.real("clip_upper", in("截断上限", "Upper clip bound", own), rows,
         [](const row& x) { return x.clip_upper; });
  t.text("note", {"说明（英文）", "Note"}, rows, [](const row& x) { return x.note; }).written_in =
      language::en;
  t.text("note_zh", {"说明", "Note (Chinese)"}, rows, [](const row& x) { return x.note_zh; }).written_in =
      language::zh;
  return t;
}

[[nodiscard]] inline table treated_cell_table(const std::vector<treated_cell>& rows) {
  using row = treated_cell;
  table t("treated_cells", "异常值处理明细", "Cells changed by the outlier treatment");
  t.text("unit", {"城市", "Unit"}, rows, [](const row& x) { return x.unit; });
  t.text("period", {"时期", "Period"}, rows, [](const row& x) { return x.period; });
  t.text("indicator", {"指标", "Indicator"}, rows, [](const row& x) { return x.indicator; });
  t.text("how", {"处理方式", "How"}, rows, [](const row& x) { return x.how; });
  t.real("before", in("处理前", "Before", units::indicator), rows, [](const row& x) { return x.before; });
  t.real("after", in("处理后", "After", units::indicator), rows, [](const row& x) { return x.after; });
  return t;
}

// --- reading the records back from their tables (pickling, documents read from JSON): one
// reader next to each description above, column for column.

[[nodiscard]] inline std::vector<denomination_record> denominations_of(const table& t) {
  std::vector<denomination_record> out(t.rows());
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& x = out[i];
    x.indicator = t.text_at("indicator", i);
    x.denominator = t.text_at("denominator", i);
    x.scale_factor = t.real_at("scale_factor", i);
    x.cells = static_cast<std::size_t>(t.integer_at("cells", i));
    x.missing_denominator = static_cast<std::size_t>(t.integer_at("missing_denominator", i));
    x.zero_denominator = static_cast<std::size_t>(t.integer_at("zero_denominator", i));
  }
  return out;
}

[[nodiscard]] inline std::vector<screened_unit> screening_of(const table& t) {
  std::vector<screened_unit> out(t.rows());
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& x = out[i];
    x.unit = t.text_at("unit", i);
    x.period = t.text_at("period", i);
    x.indicators = static_cast<std::size_t>(t.integer_at("indicators", i));
    x.missing = static_cast<std::size_t>(t.integer_at("missing", i));
    x.zeros = static_cast<std::size_t>(t.integer_at("zeros", i));
    x.missing_or_zero = static_cast<std::size_t>(t.integer_at("missing_or_zero", i));
    x.availability = t.real_at("availability", i);
    x.nonzero_share = t.real_at("nonzero_share", i);
    x.low_data = t.boolean_at("low_data", i);
    x.low_nonzero = t.boolean_at("low_nonzero", i);
    x.forced = t.text_at("forced", i);
    x.included = t.boolean_at("included", i);
    x.reason = t.text_at("reason", i);
    if (t.find("reason_zh")) x.reason_zh = t.text_at("reason_zh", i);  // absent in older files
  }
  return out;
}

[[nodiscard]] inline std::vector<imputed_cell> imputations_of(const table& t) {
  std::vector<imputed_cell> out(t.rows());
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& x = out[i];
    x.unit = t.text_at("unit", i);
    x.period = t.text_at("period", i);
    x.indicator = t.text_at("indicator", i);
    x.method = t.text_at("method", i);
    x.value = t.real_at("value", i);
    x.group = t.text_at("group", i);
  }
  return out;
}

[[nodiscard]] inline std::vector<treatment_detail> treatment_of(const table& t) {
  std::vector<treatment_detail> out(t.rows());
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& x = out[i];
    x.indicator = t.text_at("indicator", i);
    x.period = t.text_at("period", i);
    x.method = t.text_at("method", i);
    x.status = t.text_at("status", i);
    x.n = static_cast<std::size_t>(t.integer_at("n", i));
    x.skew_before = t.real_at("skew_before", i);
    x.kurt_before = t.real_at("kurt_before", i);
    x.pass_before = t.boolean_at("pass_before", i);
    x.points_high = static_cast<std::size_t>(t.integer_at("points_high", i));
    x.points_low = static_cast<std::size_t>(t.integer_at("points_low", i));
    x.skew_treated = t.real_at("skew_treated", i);
    x.kurt_treated = t.real_at("kurt_treated", i);
    x.pass_treated = t.boolean_at("pass_treated", i);
    x.fallback_used = t.boolean_at("fallback_used", i);
    x.fallback = t.text_at("fallback", i);
    x.skew_after = t.real_at("skew_after", i);
    x.kurt_after = t.real_at("kurt_after", i);
    x.pass_after = t.boolean_at("pass_after", i);
    x.lambda = t.real_at("lambda", i);
    x.clip_lower = t.real_at("clip_lower", i);
    x.clip_upper = t.real_at("clip_upper", i);
    x.note = t.text_at("note", i);
    if (t.find("note_zh")) x.note_zh = t.text_at("note_zh", i);  // absent in older files
  }
  return out;
}

[[nodiscard]] inline std::vector<treated_cell> treated_cells_of(const table& t) {
  std::vector<treated_cell> out(t.rows());
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& x = out[i];
    x.unit = t.text_at("unit", i);
    x.period = t.text_at("period", i);
    x.indicator = t.text_at("indicator", i);
    x.how = t.text_at("how", i);
    x.before = t.real_at("before", i);
    x.after = t.real_at("after", i);
  }
  return out;
}

/// Every record of a preparation, in the order the steps run.
[[nodiscard]] inline document describe(const prepared_data& p) {
  document d;
  d.add(denomination_table(p.denominations));
  d.add(screening_table(p.screening));
  d.add(imputation_table(p.imputations));
  d.add(left_missing_table(p.left_missing));
  d.add(em_table(p.em));
  d.add(treatment_table(p.treatment));
  d.add(treated_cell_table(p.treated_cells));
  d.add(diagnostics_table(p.diagnostics));
  return d;
}

}  // namespace tijian
