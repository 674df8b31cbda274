// SPDX-License-Identifier: MIT
// Coupling coordination (coupling.hpp) as table columns (table.hpp): C, T, D, the coordination
// class of D and the band of C, each class and band as its index and its zh/en label. Used by
// the coupling table of its own and by the composite green-city table (check_tables.hpp), so
// the two name the columns alike.
//
// C, T and D are ratios in [0, 1]. The class labels are fixed (coordination_classes()), the
// band labels depend on the band scheme of the run, so both are text beside an integer index
// (missing where D or C is NaN).
#pragma once

#include <cstddef>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "common_columns.hpp"
#include "coupling.hpp"
#include "table.hpp"

namespace tijian {

/// Appends the coupling columns for `rows` (row positions of `c`). Where `present` is false
/// (no coupling was computed) every cell is missing.
inline void add_coupling_columns(table& t, const coupling_result& c, const std::vector<std::size_t>& rows,
                                 bool present = true) {
  using row = std::size_t;
  auto value = [present](const Eigen::VectorXd& v) {
    return [&v, present](row i) {
      return present ? v[static_cast<Eigen::Index>(i)] : std::numeric_limits<double>::quiet_NaN();
    };
  };
  auto index = [present](const std::vector<int>& v) {
    return [&v, present](row i) { return present && v[i] >= 0 ? std::optional<int>(v[i]) : std::nullopt; };
  };
  auto label = [present](const std::vector<int>& v, auto f) {
    return [&v, present, f](row i) {
      return present && v[i] >= 0 ? std::optional<std::string>(f(i)) : std::nullopt;
    };
  };
  t.real("C", in("耦合度", "Coupling degree C", units::ratio), rows, value(c.c));
  t.real("T", in("综合协调指数", "Coordination index T", units::ratio), rows, value(c.t));
  t.real("D", in("耦合协调度", "Coupling coordination degree D", units::ratio), rows, value(c.d));
  t.integer("class", {"协调等级序号", "Coordination class (0-9)"}, rows, index(c.d_class));
  t.text("class_zh", {"协调等级", "Coordination class (Chinese)"}, rows,
         label(c.d_class, [&c](row i) { return c.class_label(i, true); }))
      .written_in = language::zh;
  t.text("class_en", {"协调等级（英文）", "Coordination class"}, rows,
         label(c.d_class, [&c](row i) { return c.class_label(i, false); }))
      .written_in = language::en;
  t.integer("c_band", {"耦合阶段序号", "Coupling band (0-3)"}, rows, index(c.c_band));
  t.text("c_band_zh", {"耦合阶段", "Coupling band (Chinese)"}, rows,
         label(c.c_band, [&c](row i) { return c.band_label(i, true); }))
      .written_in = language::zh;
  t.text("c_band_en", {"耦合阶段（英文）", "Coupling band"}, rows,
         label(c.c_band, [&c](row i) { return c.band_label(i, false); }))
      .written_in = language::en;
}

/// The coupling result, one row per input row.
[[nodiscard]] inline table coupling_table(const coupling_result& c) {
  std::vector<std::size_t> rows(static_cast<std::size_t>(c.d.size()));
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  table t("coupling", "耦合协调度", "Coupling coordination");
  add_coupling_columns(t, c, rows);
  return t;
}

}  // namespace tijian
