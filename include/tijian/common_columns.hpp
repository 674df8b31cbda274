// SPDX-License-Identifier: MIT
// Table parts that many results share (table.hpp): the units many columns are measured in, the
// columns that identify a row (unit, its name, period) and the diagnostics table.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "result.hpp"
#include "table.hpp"

namespace tijian {

/// Units that many columns share, so that a ratio is called a ratio everywhere. Every real
/// column of a table has a unit (one of these or its own), or names a text column with each
/// row's unit (`unit_column`).
struct unit_name {
  const char* zh;
  const char* en;
};
namespace detail {
/// A cell that is missing (NaN, empty text) as "no value", for the table adders.
inline std::optional<double> finite_or_none(double v) {
  if (std::isnan(v)) return std::nullopt;
  return v;
}
inline std::optional<std::string> text_or_none(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}
}  // namespace detail

namespace units {
inline constexpr unit_name ratio{"比值", "ratio"};  ///< a fraction: 1 = 100 %
inline constexpr unit_name percent{"%", "%"};
inline constexpr unit_name count{"个", "count"};
/// a pure number: skewness, kurtosis, correlations, Box-Cox lambda, Sobol' indices
inline constexpr unit_name dimensionless{"无量纲", "dimensionless"};
/// the indicator's own unit of measure (after denomination, where the recipe denominates)
inline constexpr unit_name indicator{"指标计量单位", "unit of the indicator"};
/// a score on the recipe's normalised scale (0-100 for min-max, the default)
inline constexpr unit_name score{"分", "score points"};
inline constexpr unit_name rank{"位", "rank"};
}  // namespace units

/// The label of a column measured in `u`.
[[nodiscard]] inline column_label in(std::string zh, std::string en, unit_name u) {
  return {std::move(zh), std::move(en), u.zh, u.en};
}

/// unit, name, period: read from rows that have `unit`, `unit_name` and `period` members.
template <class Rows>
void add_id_columns(table& t, const Rows& rows) {
  using row = typename Rows::value_type;
  t.text("unit", {"城市", "Unit"}, rows, [](const row& r) { return r.unit; });
  t.text("name", {"名称", "Name"}, rows, [](const row& r) { return r.unit_name; });
  t.text("period", {"时期", "Period"}, rows, [](const row& r) { return r.period; });
}

/// What each step did to the data (imputed, clipped, dropped) and why.
[[nodiscard]] inline table diagnostics_table(const std::vector<diagnostic>& list) {
  using row = diagnostic;
  table t("diagnostics", "诊断信息", "Diagnostics");
  t.text("step", {"步骤", "Step"}, list, [](const row& d) { return d.step; });
  t.text("id", {"编号", "Id"}, list, [](const row& d) { return d.id; });
  t.categorical<severity>("level", {"级别", "Level"}, list,
                          [](const row& d) { return std::optional<severity>(d.level); });
  t.text("node", {"节点", "Node"}, list, [](const row& d) { return d.node; });
  t.text("unit", {"城市", "Unit"}, list, [](const row& d) { return d.unit; });
  t.text("period", {"时期", "Period"}, list, [](const row& d) { return d.period; });
  t.text("message", {"说明（英文）", "Message"}, list, [](const row& d) { return d.message; }).written_in =
      language::en;
  // a step without Chinese wording yet says it in English rather than nothing
  t.text("message_zh", {"说明", "Message (Chinese)"}, list, [](const row& d) {
     return d.message_zh.empty() ? d.message : d.message_zh;
   }).written_in = language::zh;
  t.integer("count", {"次数", "Count", "次", "times"}, list, [](const row& d) { return d.count; });
  return t;
}

/// The diagnostics read back from their table.
[[nodiscard]] inline std::vector<diagnostic> diagnostics_of(const table& t) {
  std::vector<diagnostic> out(t.rows());
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& d = out[i];
    d.step = t.text_at("step", i);
    d.id = t.text_at("id", i);
    d.level = t.enum_at<severity>("level", i).value_or(severity::info);
    d.node = t.text_at("node", i);
    d.unit = t.text_at("unit", i);
    d.period = t.text_at("period", i);
    d.message = t.text_at("message", i);
    // the table repeats the English where no Chinese message exists: read that back as none
    const std::string zh = t.text_at("message_zh", i);
    d.message_zh = zh == d.message ? std::string() : zh;
    d.count = static_cast<std::size_t>(t.integer_at("count", i));
  }
  return out;
}

}  // namespace tijian
