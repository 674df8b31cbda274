// SPDX-License-Identifier: MIT
// Table parts that many results share (table.hpp): the columns that identify a row (unit, its
// name, period) and the diagnostics table.
#pragma once

#include <string>
#include <vector>

#include "result.hpp"
#include "table.hpp"

namespace tijian {

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
  t.categorical<severity>("level", {"级别", "Level"}, list, [](const row& d) { return std::optional<severity>(d.level); });
  t.text("node", {"节点", "Node"}, list, [](const row& d) { return d.node; });
  t.text("unit", {"城市", "Unit"}, list, [](const row& d) { return d.unit; });
  t.text("period", {"时期", "Period"}, list, [](const row& d) { return d.period; });
  t.text("message", {"说明", "Message"}, list, [](const row& d) { return d.message; });
  t.integer("count", {"次数", "Count", "次", "times"}, list, [](const row& d) { return d.count; });
  return t;
}

}  // namespace tijian
