// SPDX-License-Identifier: MIT
// The indicator framework as a table (table.hpp): one row per node in framework order, with
// everything that decides how the node is scored. Python's Framework.to_frame, the report's
// appendix and the file writers read this description; none lists a column of its own.
//
//   document describe(const framework&);   // fields: source, hash; table: nodes
//
// Units: weights are relative to the node's siblings as written (`weight`) or fractions (1 =
// the whole parent, `weight_in_parent`; 1 = the whole index, `effective_weight`); band and
// goalpost bounds are in the indicator's own unit, named per row by the `unit` column.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common_columns.hpp"
#include "framework.hpp"
#include "names.hpp"
#include "table.hpp"

namespace tijian {

/// Whether a node combines children or is measured (an indicator, a leaf of the tree).
enum class node_kind { aggregate, indicator };

template <>
struct enum_names<node_kind> {
  static constexpr const char* what = "node kind";
  static constexpr enum_name<node_kind> entries[] = {
      {node_kind::aggregate, "aggregate", "综合层", "aggregate"},
      {node_kind::indicator, "indicator", "指标", "indicator"},
  };
};

[[nodiscard]] inline table framework_nodes_table(const framework& f) {
  std::vector<std::size_t> rows(f.size());
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  const Eigen::VectorXd effective = f.effective_weights();
  const auto leaf = [&f](std::size_t i) { return f.is_leaf(i); };
  // indicator fields are missing on aggregates (the framework ignores them there)
  const auto of_leaf = [&](std::size_t i, double v) {
    return leaf(i) ? detail::finite_or_none(v) : std::nullopt;
  };
  const auto posts = [&f, leaf](std::size_t i) { return leaf(i) ? f.node(i).posts : std::nullopt; };

  table t("nodes", "指标体系", "Indicator framework");
  t.text("code", {"代码", "Code"}, rows, [&](std::size_t i) { return f.node(i).code; });
  t.text("name_zh", {"名称", "Name (Chinese)"}, rows, [&](std::size_t i) {
     return f.node(i).name_zh;
   }).written_in = language::zh;
  t.text("name_en", {"名称（英文）", "Name"}, rows, [&](std::size_t i) {
     return f.node(i).name_en;
   }).written_in = language::en;
  t.text("parent", {"上级", "Parent"}, rows, [&](std::size_t i) {
    return i == f.root() ? std::nullopt : std::optional<std::string>(f.node(f.parent(i)).code);
  });
  t.categorical<node_kind>("kind", {"类别", "Kind"}, rows, [&](std::size_t i) {
    return leaf(i) ? node_kind::indicator : node_kind::aggregate;
  });
  t.integer("level", in("层级", "Level", {"级", "level"}), rows, [&](std::size_t i) { return f.level(i); });
  t.integer("depth", in("深度", "Depth", {"层", "depth"}), rows, [&](std::size_t i) { return f.depth(i); });
  t.real("weight", in("权重（原值）", "Weight as written", {"相对值", "relative to siblings"}), rows,
         [&](std::size_t i) { return f.node(i).weight; });
  t.real("weight_in_parent", in("组内权重", "Weight in parent", units::ratio), rows,
         [&](std::size_t i) { return f.weight_in_parent(i); });
  t.real("effective_weight", in("综合权重", "Effective weight", units::ratio), rows, [&](std::size_t i) {
    return leaf(i) ? std::optional<double>(effective(static_cast<Eigen::Index>(f.leaf_position(i))))
                   : std::nullopt;
  });
  t.categorical<aggregation_method>("aggregation", {"集成方法", "Aggregation"}, rows,
                                    [&](std::size_t i) -> std::optional<aggregation_method> {
                                      const auto& a = f.node(i).aggregate_with;
                                      return a ? std::optional<aggregation_method>(a->method) : std::nullopt;
                                    });
  t.text("unit", {"计量单位", "Unit of measure"}, rows,
         [&](std::size_t i) { return leaf(i) ? detail::text_or_none(f.node(i).unit) : std::nullopt; });
  t.categorical<direction>("direction", {"指标属性", "Direction"}, rows, [&](std::size_t i) {
    return leaf(i) ? std::optional<direction>(f.node(i).dir) : std::nullopt;
  });
  t.categorical<indicator_type>("type", {"指标类型", "Type"}, rows, [&](std::size_t i) {
    return leaf(i) ? std::optional<indicator_type>(f.node(i).type) : std::nullopt;
  });
  const auto band = [&](std::size_t i, double v) {
    return leaf(i) && f.node(i).dir == direction::target_band ? detail::finite_or_none(v) : std::nullopt;
  };
  t.real("band_lower", {"适宜区间下限", "Band lower bound"}, rows, [&](std::size_t i) {
     return band(i, f.node(i).band_lower);
   }).unit_column = "unit";
  t.real("band_upper", {"适宜区间上限", "Band upper bound"}, rows, [&](std::size_t i) {
     return band(i, f.node(i).band_upper);
   }).unit_column = "unit";
  t.real("goalpost_lower", {"阈值下限", "Lower goalpost"}, rows, [&](std::size_t i) {
     const auto g = posts(i);
     return g ? std::optional<double>(g->lower) : std::nullopt;
   }).unit_column = "unit";
  t.real("goalpost_upper", {"阈值上限", "Upper goalpost"}, rows, [&](std::size_t i) {
     const auto g = posts(i);
     return g ? std::optional<double>(g->upper) : std::nullopt;
   }).unit_column = "unit";
  t.categorical<goalpost_scale>("goalpost_scale", {"阈值尺度", "Goalpost scale"}, rows,
                                [&](std::size_t i) -> std::optional<goalpost_scale> {
                                  const auto g = posts(i);
                                  return g ? std::optional<goalpost_scale>(g->scale) : std::nullopt;
                                });
  t.integer("targets", in("目标值个数", "Targets", units::count), rows, [&](std::size_t i) {
    return leaf(i) ? std::optional<std::size_t>(f.node(i).targets.size()) : std::nullopt;
  });
  t.text("source", {"数据来源", "Data source"}, rows,
         [&](std::size_t i) { return leaf(i) ? detail::text_or_none(f.node(i).data_source) : std::nullopt; });
  t.text("denominator", {"分母指标", "Denominator"}, rows,
         [&](std::size_t i) { return leaf(i) ? detail::text_or_none(f.node(i).denominator) : std::nullopt; });
  t.real("scale_factor", in("分母换算系数", "Scale factor of the denominator", units::dimensionless), rows,
         [&](std::size_t i) {
           return leaf(i) && !f.node(i).denominator.empty() ? of_leaf(i, f.node(i).scale_factor)
                                                            : std::nullopt;
         });
  return t;
}

/// The framework: where it was read from, its hash (as results record it) and its nodes.
[[nodiscard]] inline document describe(const framework& f) {
  document d;
  d.field("source", f.source());
  d.field("hash", f.hash());
  d.add(framework_nodes_table(f));
  return d;
}

}  // namespace tijian
