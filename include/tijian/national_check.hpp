// SPDX-License-Identifier: MIT
// The basic check on a hierarchy of units (城区 → 街区 → 小区（社区）→ 住房): the lower-level
// indicators of the national system (nos. 1-29) count deficient objects, so a check yields
// located problems (which building, community or block) and their roll-ups to the levels
// above as counts and shares, each with its denominator stated.
//
// Source: HB25 (《城市体检工作手册（试行）》, 2025) as read by the reference
// national-city-health-check-2025.md §1: 住房 and 小区 indicators are observed per building and
// per community, 街区 indicators per block; their product is a located problem ledger (问题台账),
// not a score. HB25 l.337-349: 底线型 indicators are 一票否决 - a single deficient object marks
// the indicator as having a problem; 提升型 ones are judged together with survey and demand
// evidence, so a deficient object is reported as a problem to be weighed, not as a verdict.
//
// Roll-up of an indicator observed on objects of level L to a unit U of a higher level:
//   objects_total      objects of level L below U in the hierarchy
//   objects_reported   of those, the ones with a value for the indicator (the denominator)
//   with_problem       of those, the ones with a problem (deficient, or a shortfall > 0)
//   share              with_problem / objects_reported, in %
//   quantity           the sum of the values (shortfall indicators: 套, 个, 千米, 条)
//   coverage rates (22, 25): minimum and maximum only - HB25 states neither a standard nor a
//   rule to combine block rates, so nothing is averaged and nothing is judged.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "error.hpp"
#include "names.hpp"
#include "national.hpp"

namespace tijian {

/// One unit of the hierarchy: a 城区, 街区, 小区（社区）or 住房 (a building).
struct spatial_unit {
  std::string code;
  std::string name;
  national_level level = national_level::district;
  std::string parent;  ///< code of the unit one level up; empty for a 城区
  location where;
};

/// Depth of a spatial level: 城区 0, 街区 1, 小区 2, 住房 3.
[[nodiscard]] inline int level_depth(national_level l) {
  switch (l) {
    case national_level::district: return 0;
    case national_level::block: return 1;
    case national_level::community: return 2;
    case national_level::housing: return 3;
    case national_level::rectification: return -1;
  }
  return -1;
}

/// The validated hierarchy. Every unit's parent exists and is exactly one level up; a 城区 has
/// no parent. Errors ("national.*") name the file, line and unit.
class unit_hierarchy {
 public:
  unit_hierarchy() = default;
  explicit unit_hierarchy(std::vector<spatial_unit> units) : units_(std::move(units)) { build(); }

  [[nodiscard]] const std::vector<spatial_unit>& units() const noexcept { return units_; }
  [[nodiscard]] const spatial_unit* find(const std::string& code) const {
    auto it = index_.find(code);
    return it == index_.end() ? nullptr : &units_[it->second];
  }
  /// The chain of ancestors of a unit, nearest first.
  [[nodiscard]] std::vector<const spatial_unit*> ancestors(const spatial_unit& u) const {
    std::vector<const spatial_unit*> out;
    for (const spatial_unit* p = find(u.parent); p; p = find(p->parent)) out.push_back(p);
    return out;
  }
  /// The ancestor of `u` at level `l` (u itself when it is at l), or nullptr.
  [[nodiscard]] const spatial_unit* ancestor_at(const spatial_unit& u, national_level l) const {
    if (u.level == l) return &u;
    for (const spatial_unit* p : ancestors(u))
      if (p->level == l) return p;
    return nullptr;
  }
  [[nodiscard]] std::size_t count(national_level l) const {
    return static_cast<std::size_t>(
        std::count_if(units_.begin(), units_.end(), [l](const spatial_unit& u) { return u.level == l; }));
  }

 private:
  void build() {
    for (std::size_t i = 0; i < units_.size(); ++i) {
      const auto& u = units_[i];
      location where = u.where;
      where.unit = u.code;
      if (u.code.empty()) throw data_error("national.unit_missing", "a unit has no code", where);
      if (u.level == national_level::rectification)
        throw data_error("national.bad_level",
                         "问题整治 is not a spatial level; use district, block, community or housing", where);
      if (!index_.emplace(u.code, i).second)
        throw data_error("national.duplicate_unit", "unit '" + u.code + "' is listed twice", where);
    }
    for (const auto& u : units_) {
      location where = u.where;
      where.unit = u.code;
      if (u.level == national_level::district) {
        if (!u.parent.empty())
          throw data_error("national.bad_parent",
                           "a 城区 unit is the top of the hierarchy and has no parent (got '" + u.parent +
                               "')",
                           where);
        continue;
      }
      const spatial_unit* p = find(u.parent);
      if (u.parent.empty())
        throw data_error("national.parent_missing",
                         std::string("a ") + label(u.level, false) + " unit needs a parent one level up (" +
                             label(parent_level(u.level), true) + ")",
                         where);
      if (!p)
        throw data_error("national.unknown_parent",
                         "parent '" + u.parent +
                             "' is not a unit of the table; list it first or fix the code",
                         where);
      if (p->level != parent_level(u.level))
        throw data_error("national.bad_parent",
                         std::string("the parent of a ") + label(u.level, true) + " unit must be a " +
                             label(parent_level(u.level), true) + " unit, but '" + p->code + "' is a " +
                             label(p->level, true) + " unit",
                         where);
    }
  }
  static national_level parent_level(national_level l) {
    switch (l) {
      case national_level::housing: return national_level::community;
      case national_level::community: return national_level::block;
      default: return national_level::district;
    }
  }

  std::vector<spatial_unit> units_;
  std::unordered_map<std::string, std::size_t> index_;
};

/// One observed value of a lower-level indicator on one object (unit of the indicator's level).
struct object_observation {
  std::string unit;                                         ///< code of a unit at the indicator's level
  std::string indicator;                                    ///< number, code or Chinese name
  double value = std::numeric_limits<double>::quiet_NaN();  ///< deficient: 1/0; else the quantity / %
  std::string problem;  ///< what is wrong, as the assessor wrote it (存在问题)
  location where;
};

/// The judgement of a lower-level indicator at a unit.
enum class object_verdict { none_found, vetoed, to_judge, found, not_judged, no_data };

template <>
struct enum_names<object_verdict> {
  static constexpr const char* what = "verdict";
  static constexpr enum_name<object_verdict> entries[] = {
      {object_verdict::none_found, "none_found", "未发现问题", "no problem found"},
      {object_verdict::vetoed, "vetoed", "存在问题（底线型，一票否决）",
       "problem (bottom line, one occurrence suffices)"},
      {object_verdict::to_judge, "to_judge", "存在问题（提升型，结合问卷与需求研判）",
       "problem (improvement type: weigh with survey and demand)"},
      {object_verdict::found, "found", "存在问题", "problem found"},
      {object_verdict::not_judged, "not_judged", "不判定（无全国标准）", "not judged (no national standard)"},
      {object_verdict::no_data, "no_data", "无数据", "no data"},
  };
};

/// One deficient object: which building, community or block, and what is wrong.
struct located_problem {
  const national_indicator* indicator = nullptr;
  const spatial_unit* unit = nullptr;
  std::string district, block, community;  ///< names of the units above (empty where none)
  double value = 0.0;
  std::string problem;
  object_verdict verdict = object_verdict::found;
};

/// One indicator rolled up to one unit above its object level.
struct indicator_rollup {
  const national_indicator* indicator = nullptr;
  const spatial_unit* unit = nullptr;
  std::size_t objects_total = 0, objects_reported = 0, with_problem = 0;
  double share = std::numeric_limits<double>::quiet_NaN();     ///< % of reported
  double quantity = std::numeric_limits<double>::quiet_NaN();  ///< sum (shortfall, deficient)
  double min = std::numeric_limits<double>::quiet_NaN(), max = std::numeric_limits<double>::quiet_NaN();
  object_verdict verdict = object_verdict::no_data;
};

struct basic_check_result {
  const national_system* system = nullptr;
  const unit_hierarchy* units = nullptr;
  std::vector<located_problem> problems;  ///< deficient objects, in unit order then indicator
  std::vector<indicator_rollup> rollups;  ///< per unit above the object level and indicator
  std::size_t observations = 0;
};

namespace detail {
/// The verdict for `n` deficient objects of an indicator (HB25 l.337-349).
[[nodiscard]] inline object_verdict verdict_for(const national_indicator& i, std::size_t reported,
                                                std::size_t with_problem) {
  if (i.measure == national_measure::coverage_rate)
    return reported ? object_verdict::not_judged : object_verdict::no_data;
  if (reported == 0) return object_verdict::no_data;
  if (with_problem == 0) return object_verdict::none_found;
  if (i.type == problem_type::bottom_line) return object_verdict::vetoed;
  if (i.type == problem_type::improvement) return object_verdict::to_judge;
  return object_verdict::found;
}
}  // namespace detail

/// Validates the observations against the system and the hierarchy and rolls them up.
/// Errors (data_error, naming file, line, unit and indicator): "national.unknown_unit",
/// "national.unknown_indicator", "national.not_lower_level" (nos. 30-60 are city values, graded
/// with national_grade.hpp), "national.wrong_level" (a 住房 indicator on a 小区 unit, ...),
/// "national.bad_value" (a deficient-object value other than 0/1, a negative shortfall, a rate
/// outside 0-100, not a number), "national.duplicate_observation".
/// The system and the hierarchy must outlive the result (it points into them).
[[nodiscard]] inline basic_check_result basic_check(const national_system& sys, const unit_hierarchy& h,
                                                    const std::vector<object_observation>& obs) {
  basic_check_result out;
  out.system = &sys;
  out.units = &h;
  out.observations = obs.size();
  // value per (unit index, indicator index)
  std::map<std::pair<const spatial_unit*, const national_indicator*>, const object_observation*> seen;
  for (const auto& o : obs) {
    location where = o.where;
    where.unit = o.unit;
    where.indicator = o.indicator;
    const spatial_unit* u = h.find(o.unit);
    if (!u)
      throw data_error("national.unknown_unit", "unit '" + o.unit + "' is not in the unit table", where);
    const national_indicator& ind = sys.at(o.indicator, where);
    where.indicator = ind.code;
    if (!ind.is_lower_level())
      throw data_error("national.not_lower_level",
                       "indicator " + std::to_string(ind.no) + " " + ind.name_zh +
                           " is a city value: give it to the grading (tijian grade), not to the basic check",
                       where);
    if (u->level != ind.level)
      throw data_error("national.wrong_level",
                       "indicator " + std::to_string(ind.no) + " " + ind.name_zh + " is observed on " +
                           label(ind.level, true) + " units, but '" + u->code + "' is a " +
                           label(u->level, true) + " unit",
                       where);
    const double v = o.value;
    bool ok = std::isfinite(v);
    std::string need;
    switch (ind.measure) {
      case national_measure::deficient_object:
        ok = ok && (v == 0.0 || v == 1.0);
        need = "1 (有问题/是) or 0 (无问题/否)";
        break;
      case national_measure::shortfall_quantity:
        ok = ok && v >= 0.0;
        need = "a number >= 0 (" + ind.unit_zh + ")";
        break;
      case national_measure::coverage_rate:
        ok = ok && v >= 0.0 && v <= 100.0;
        need = "a percentage from 0 to 100";
        break;
      case national_measure::city_value: break;
    }
    if (!ok)
      throw data_error("national.bad_value",
                       "value " + detail::format_double(v) + " is not valid for indicator " +
                           std::to_string(ind.no) + " " + ind.name_zh + ": use " + need,
                       where);
    if (!seen.emplace(std::make_pair(u, &ind), &o).second)
      throw data_error("national.duplicate_observation",
                       "unit '" + u->code + "' has indicator " + std::to_string(ind.no) + " twice", where);
  }

  // located problems, in the order of the unit table, then by indicator
  for (const auto& u : h.units()) {
    for (const auto& ind : sys.indicators) {
      if (!ind.is_lower_level() || ind.level != u.level || ind.measure == national_measure::coverage_rate)
        continue;
      auto it = seen.find({&u, &ind});
      if (it == seen.end() || !(it->second->value > 0)) continue;
      located_problem p;
      p.indicator = &ind;
      p.unit = &u;
      for (const spatial_unit* a : h.ancestors(u)) {
        if (a->level == national_level::district) p.district = a->name.empty() ? a->code : a->name;
        if (a->level == national_level::block) p.block = a->name.empty() ? a->code : a->name;
        if (a->level == national_level::community) p.community = a->name.empty() ? a->code : a->name;
      }
      p.value = it->second->value;
      p.problem = it->second->problem;
      p.verdict = detail::verdict_for(ind, 1, 1);
      out.problems.push_back(std::move(p));
    }
  }

  // roll-ups to every unit above each indicator's object level: one pass over the objects,
  // adding each to its ancestors (linear in units x indicators, for a city's 10^5 buildings)
  std::map<std::pair<const spatial_unit*, const national_indicator*>, indicator_rollup> acc;
  for (const auto& obj : h.units()) {
    const auto above = h.ancestors(obj);
    for (const auto& ind : sys.indicators) {
      if (!ind.is_lower_level() || ind.level != obj.level) continue;
      auto it = seen.find({&obj, &ind});
      for (const spatial_unit* a : above) {
        indicator_rollup& r = acc[{a, &ind}];
        ++r.objects_total;
        if (it == seen.end()) continue;
        const double v = it->second->value;
        ++r.objects_reported;
        r.quantity = (std::isnan(r.quantity) ? 0.0 : r.quantity) + v;
        if (v > 0) ++r.with_problem;
        r.min = std::isnan(r.min) ? v : std::min(r.min, v);
        r.max = std::isnan(r.max) ? v : std::max(r.max, v);
      }
    }
  }
  for (const auto& u : h.units()) {
    for (const auto& ind : sys.indicators) {
      if (!ind.is_lower_level() || level_depth(u.level) >= level_depth(ind.level)) continue;
      indicator_rollup r;
      if (auto it = acc.find({&u, &ind}); it != acc.end()) r = it->second;
      r.indicator = &ind;
      r.unit = &u;
      if (ind.measure == national_measure::coverage_rate) {
        r.with_problem = 0;
        r.quantity = std::numeric_limits<double>::quiet_NaN();
      } else {
        if (r.objects_reported > 0)
          r.share = 100.0 * static_cast<double>(r.with_problem) / static_cast<double>(r.objects_reported);
        r.min = r.max = std::numeric_limits<double>::quiet_NaN();
      }
      r.verdict = detail::verdict_for(ind, r.objects_reported, r.with_problem);
      out.rollups.push_back(r);
    }
  }
  return out;
}

}  // namespace tijian
