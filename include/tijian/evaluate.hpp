// SPDX-License-Identifier: MIT
// The five-year evaluation (五年评估): for a target profile and a multi-year panel, per target
// and unit, what was achieved between the base year and the evaluation year, at what pace, and
// whether the target will be missed at its target year (the plan's end year) at that pace; per
// top-level dimension, how many targets are achieved, on pace or will miss.
//
// Per target with a level (at_least, at_most, band, progress, change_vs_base; trend.hpp
// level_of: the same level T and base as the annual check over years):
//   base            base_year = the target's base_year, else the profile's start_year, else the
//                   first year with data; base_value = the target's base_value, else the data of
//                   the base year, else the first year with data after it (base_rule says which)
//   evaluation      the evaluation year (default: the latest year in the data) and the value of
//                   the latest year with data up to it
//   achieved        x_eval - x_base (indicator unit), and share of the required change
//                   (x_eval - x_base) / (T - x_base)  (ratio; 1 = the whole change is done)
//   pace            achieved / (t_eval - t_base)  (unit/year): the average annual pace since the base
//   pace required   (T - x_base) / (t_target - t_base): the plan's straight-line pace
//   pace needed     (T - x_eval) / (t_target - t_eval): what is left, per remaining year
//   projection      x_eval + pace (t_target - t_eval) at the target year, and the year of
//                   attainment t_eval + (T - x_eval) / pace when the pace moves toward T
//   outcome         achieved (x_eval meets T), on_pace (the projection meets T by the target
//                   year), will_miss (it does not), missed (the target year has passed unmet),
//                   no_data, not_applicable (kinds without a level, or no target year and no
//                   plan end year)
// A target without a year is judged at the plan's end year: options.end_year, else the latest
// target year of the profile.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "framework.hpp"
#include "names.hpp"
#include "panel.hpp"
#include "targets.hpp"
#include "trend.hpp"

namespace tijian {

enum class plan_outcome { achieved, on_pace, will_miss, missed, no_data, not_applicable };

template <>
struct enum_names<plan_outcome> {
  static constexpr const char* what = "plan outcome";
  static constexpr enum_name<plan_outcome> entries[] = {
      {plan_outcome::achieved, "achieved", "已实现", "achieved"},
      {plan_outcome::on_pace, "on_pace", "进度正常", "on pace"},
      {plan_outcome::will_miss, "will_miss", "按当前速度将无法实现", "will miss at this pace"},
      {plan_outcome::missed, "missed", "到期未实现", "missed (due and not met)"},
      {plan_outcome::no_data, "no_data", "数据不足", "not enough data"},
      {plan_outcome::not_applicable, "not_applicable", "不适用", "not applicable"},
  };
};

struct evaluation_options {
  int year = 0;      ///< evaluation year; 0 = the latest year in the data
  int end_year = 0;  ///< plan end year for targets without a year; 0 = the profile's latest target year
};

struct target_evaluation {
  std::string unit, unit_name, dimension, indicator, measure, target_text;
  target_kind kind = target_kind::at_least;
  std::size_t target_index = 0;
  int target_year = 0;  ///< the year the target is judged at (its own, or the plan's end year)
  target_level goal;
  double level = std::numeric_limits<double>::quiet_NaN();  ///< T (band: the nearer bound)
  int year = 0;                                             ///< year of the evaluated value
  double value = std::numeric_limits<double>::quiet_NaN();
  double achieved = std::numeric_limits<double>::quiet_NaN();  ///< indicator unit
  double required = std::numeric_limits<double>::quiet_NaN();  ///< T - x_base
  double share_achieved = std::numeric_limits<double>::quiet_NaN();
  double pace = std::numeric_limits<double>::quiet_NaN();  ///< per year
  double pace_required = std::numeric_limits<double>::quiet_NaN();
  double pace_needed = std::numeric_limits<double>::quiet_NaN();
  double projected_value = std::numeric_limits<double>::quiet_NaN();
  double projected_year = std::numeric_limits<double>::quiet_NaN();
  plan_outcome outcome = plan_outcome::not_applicable;
};

struct dimension_evaluation {
  std::string unit, unit_name, dimension;
  int targets = 0, achieved = 0, on_pace = 0, will_miss = 0, missed = 0, no_data = 0, not_applicable = 0;
  double mean_share = std::numeric_limits<double>::quiet_NaN();  ///< mean share_achieved (capped at 1)
};

struct evaluation_report {
  plan_provenance origin;      ///< library version, framework, profile and data
  evaluation_options options;  ///< as asked (0 = the default); year and end_year below as used
  std::string profile;
  int year = 0;      ///< evaluation year
  int end_year = 0;  ///< plan end year used for targets without a year
  std::vector<target_evaluation> targets;
  std::vector<dimension_evaluation> dimensions;
};

/// The top-level dimension (child of the root) an indicator belongs to.
[[nodiscard]] inline std::string dimension_of(const framework& fw, std::size_t node) {
  std::size_t k = node;
  while (k != fw.root() && fw.parent(k) != fw.root()) k = fw.parent(k);
  return fw.node(k).code;
}

/// The five-year evaluation of every unit of the panel against the profile's targets. Throws as
/// trend() (bad years, duplicate unit-years, a target year before its base year) and
/// recipe_error "evaluate.year" for an evaluation year with no data.
[[nodiscard]] inline evaluation_report evaluate(const framework& fw, const panel& data,
                                                const target_profile& profile,
                                                const evaluation_options& opt = {}) {
  data.validate();
  validate_profile(profile, fw);
  const std::vector<int> years = years_of(data);
  evaluation_report out;
  out.origin = provenance_of(fw, &profile, data);
  out.options = opt;
  out.profile = profile.name;
  out.year = opt.year;
  if (out.year == 0)
    for (int y : years) out.year = std::max(out.year, y);
  if (std::find(years.begin(), years.end(), out.year) == years.end())
    throw recipe_error("evaluate.year", "no data for the evaluation year " + std::to_string(out.year),
                       location{data.source, 0, 0, {}, {}, {}, std::to_string(out.year)});
  out.end_year = opt.end_year;
  if (out.end_year == 0)
    for (const auto& t : profile.targets) out.end_year = std::max(out.end_year, t.year);

  std::vector<std::string> units, names;
  std::map<std::string, std::size_t> pos;
  std::vector<std::vector<std::pair<int, Eigen::Index>>> rows;
  for (std::size_t r = 0; r < data.units.size(); ++r) {
    auto [it, fresh] = pos.emplace(data.units[r], units.size());
    if (fresh) {
      units.push_back(data.units[r]);
      names.push_back(r < data.unit_names.size() ? data.unit_names[r] : std::string());
      rows.emplace_back();
    }
    if (years[r] <= out.year) rows[it->second].emplace_back(years[r], static_cast<Eigen::Index>(r));
  }
  for (auto& v : rows) std::sort(v.begin(), v.end());

  for (std::size_t u = 0; u < units.size(); ++u) {
    std::map<std::string, dimension_evaluation> dims;
    std::vector<std::string> dim_order;
    for (std::size_t ti = 0; ti < profile.targets.size(); ++ti) {
      const profile_target& pt = profile.targets[ti];
      const std::size_t node = fw.at(pt.indicator);
      const Eigen::Index col = data.column(pt.indicator);
      series s;
      if (col >= 0)
        for (const auto& [y, r] : rows[u])
          if (!std::isnan(data.values(r, col))) {
            s.years.push_back(y);
            s.values.push_back(data.values(r, col));
          }
      target_evaluation e;
      e.unit = units[u];
      e.unit_name = names[u];
      e.dimension = dimension_of(fw, node);
      e.indicator = pt.indicator;
      e.measure = fw.node(node).unit;
      e.target_text = pt.describe();
      e.kind = pt.kind;
      e.target_index = ti;
      e.target_year = pt.year != 0 ? pt.year : out.end_year;
      e.goal = level_of(pt, profile, s, units[u]);
      if (!e.goal.applicable || e.target_year == 0) {
        e.outcome = plan_outcome::not_applicable;
      } else if (s.empty()) {
        e.outcome = plan_outcome::no_data;
      } else {
        e.year = s.years.back();
        e.value = s.values.back();
        e.level = e.goal.goal_from(e.value);
        const double xb = e.goal.base_value;
        const int tb = e.goal.base_year;
        if (!std::isnan(xb)) {
          e.achieved = e.value - xb;
          e.required = e.level - xb;
          if (e.required != 0) e.share_achieved = e.achieved / e.required;
          if (e.year > tb) e.pace = e.achieved / (e.year - tb);
          if (e.target_year > tb) e.pace_required = e.required / (e.target_year - tb);
        }
        if (e.target_year > e.year) e.pace_needed = (e.level - e.value) / (e.target_year - e.year);
        if (!std::isnan(e.pace)) {
          e.projected_value = e.value + e.pace * std::max(0, e.target_year - e.year);
          e.projected_year = year_linear(e.level, e.value, e.year, e.pace);
        }
        if (e.goal.meets(e.value)) e.outcome = plan_outcome::achieved;
        else if (e.target_year <= out.year) e.outcome = plan_outcome::missed;
        else if (std::isnan(e.pace)) e.outcome = plan_outcome::no_data;
        else e.outcome = e.goal.meets(e.projected_value) ? plan_outcome::on_pace : plan_outcome::will_miss;
      }
      auto [it, fresh] = dims.emplace(e.dimension, dimension_evaluation{});
      if (fresh) dim_order.push_back(e.dimension);
      dimension_evaluation& d = it->second;
      d.unit = e.unit;
      d.unit_name = e.unit_name;
      d.dimension = e.dimension;
      ++d.targets;
      switch (e.outcome) {
        case plan_outcome::achieved: ++d.achieved; break;
        case plan_outcome::on_pace: ++d.on_pace; break;
        case plan_outcome::will_miss: ++d.will_miss; break;
        case plan_outcome::missed: ++d.missed; break;
        case plan_outcome::no_data: ++d.no_data; break;
        case plan_outcome::not_applicable: ++d.not_applicable; break;
      }
      out.targets.push_back(std::move(e));
    }
    // mean share achieved per dimension (capped at 1 so that one overshoot hides no shortfall)
    for (const auto& code : dim_order) {
      dimension_evaluation& d = dims[code];
      double sum = 0;
      int n = 0;
      for (const auto& e : out.targets)
        if (e.unit == units[u] && e.dimension == code && !std::isnan(e.share_achieved)) {
          sum += std::min(1.0, e.share_achieved);
          ++n;
        }
      if (n > 0) d.mean_share = sum / n;
      out.dimensions.push_back(d);
    }
  }
  return out;
}

}  // namespace tijian
