// SPDX-License-Identifier: MIT
// The national basic indicator system of the city health check (城市体检基础指标体系, 2025):
// 60 numbered indicators on four spatial levels plus one 问题整治 indicator, as MOHURD's
// 《城市体检工作手册（试行）》 (2025年5月, "HB25") lists them:
//
//   level            indicators  aspects (方面) and counts
//   住房              1-9         安全耐久 4 · 功能完备 3 · 绿色智能 2
//   小区（社区）      10-21       设施完善 7 · 环境宜居 3 · 管理健全 2
//   街区              22-29       功能完善 4 · 整洁有序 1 · 特色活力 3
//   城区（城市）      30-59       生态宜居 7 · 历史文化保护利用 5 · 产城融合、职住平衡 4 · 安全韧性 9 · 智慧高效 5
//   问题整治          60          问题整治 1
//
// The system ships as presets/national/basic-2025.toml (embedded like the other presets) and is
// encoded from ../shared/reference/national-city-health-check-2025.md only: a direction where
// the reference states one (or marks its reading [inferred], kept as direction_basis::inferred),
// none where it states none; a reference standard only where one is stated, none where HB25 says
// "各省（区、市）结合实际工作确定". The handbook's own inconsistencies and the reference's OCR doubts
// are kept as notes that every output shows.
//
// Thresholds are overridable per province and per city (national_override, HB25 l.194-208:
// "provinces and cities may adjust thresholds"); the standard an indicator uses in a city is
// resolved from the city's context (class, size, rail transit) by resolve_standards().
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"
#include "framework.hpp"  // direction, comparator
#include "national_levels.hpp"
#include "names.hpp"

namespace tijian {


/// What an indicator's value is. Levels 住房, 小区 and 街区 count deficient objects (HB25; the
/// reference §1: "Levels 1-29 count deficient objects ..., except the two coverage rates 22 and
/// 25"), so their values are observed per object and rolled up.
enum class national_measure {
  deficient_object,    ///< the object (building, community) has the problem or not: 1 / 0
  shortfall_quantity,  ///< a gap or a count of deficient things at the object (套, 个, 千米, 条)
  coverage_rate,       ///< a coverage rate in % (nos. 22 and 25)
  city_value,          ///< one value for the city (nos. 30-60)
};

template <>
struct enum_names<national_measure> {
  static constexpr const char* what = "measure";
  static constexpr enum_name<national_measure> entries[] = {
      {national_measure::deficient_object, "deficient_object", "是否存在问题（按对象计数）",
       "deficient object (counted)"},
      {national_measure::shortfall_quantity, "shortfall_quantity", "缺口或问题数量", "shortfall quantity"},
      {national_measure::coverage_rate, "coverage_rate", "覆盖率", "coverage rate"},
      {national_measure::city_value, "city_value", "城区指标值", "city value"},
  };
};

/// Whether the reference states an indicator's direction or reads it from the wording.
enum class direction_basis { stated, inferred };

template <>
struct enum_names<direction_basis> {
  static constexpr const char* what = "direction basis";
  static constexpr enum_name<direction_basis> entries[] = {
      {direction_basis::stated, "stated", "手册明确", "stated"},
      {direction_basis::inferred, "inferred", "据表述推断", "inferred"},
  };
};


/// Which cities an indicator applies to (reference §5: two flags are stated).
enum class applicability_rule { all, rail_transit, super_or_megacity };

template <>
struct enum_names<applicability_rule> {
  static constexpr const char* what = "applicability rule";
  static constexpr enum_name<applicability_rule> entries[] = {
      {applicability_rule::all, "all", "所有城市", "all cities"},
      {applicability_rule::rail_transit, "rail_transit", "仅有轨道交通的城市",
       "only cities with rail transit"},
      {applicability_rule::super_or_megacity, "super_or_megacity", "仅超大特大城市",
       "only super-large cities and megacities"},
  };
};

/// Administrative class, for the tiers of nos. 55 and 58 (直辖市/省会/计划单列 vs 地级).
enum class city_class { municipality, provincial_capital, separately_planned, prefecture };

template <>
struct enum_names<city_class> {
  static constexpr const char* what = "city class";
  static constexpr enum_name<city_class> entries[] = {
      {city_class::municipality, "municipality", "直辖市", "municipality"},
      {city_class::provincial_capital, "provincial_capital", "省会城市", "provincial capital"},
      {city_class::separately_planned, "separately_planned", "计划单列市", "separately planned city"},
      {city_class::prefecture, "prefecture", "地级市", "prefecture-level city"},
  };
  static constexpr enum_alias<city_class> aliases[] = {
      {"直辖市", city_class::municipality},
      {"省会", city_class::provincial_capital},
      {"省会城市", city_class::provincial_capital},
      {"计划单列市", city_class::separately_planned},
      {"计划单列", city_class::separately_planned},
      {"地级市", city_class::prefecture},
      {"地级", city_class::prefecture},
  };
};

/// Size class (城市规模), for the tiers of no. 43 and the applicability of no. 50.
enum class city_size { super_large, megacity, large, medium, small };

template <>
struct enum_names<city_size> {
  static constexpr const char* what = "city size";
  static constexpr enum_name<city_size> entries[] = {
      {city_size::super_large, "super_large", "超大城市", "super-large city"},
      {city_size::megacity, "megacity", "特大城市", "megacity"},
      {city_size::large, "large", "大城市", "large city"},
      {city_size::medium, "medium", "中等城市", "medium-sized city"},
      {city_size::small, "small", "小城市", "small city"},
  };
  static constexpr enum_alias<city_size> aliases[] = {
      {"超大城市", city_size::super_large}, {"超大", city_size::super_large},
      {"特大城市", city_size::megacity},    {"特大", city_size::megacity},
      {"大城市", city_size::large},         {"大", city_size::large},
      {"中等城市", city_size::medium},      {"中等", city_size::medium},
      {"小城市", city_size::small},         {"小", city_size::small},
  };
};

/// Which cities a standard is for. class_a = 直辖市, 省会城市 and 计划单列市 (nos. 55, 58).
enum class standard_tier { all, class_a, prefecture, super_large, megacity, large };

template <>
struct enum_names<standard_tier> {
  static constexpr const char* what = "standard tier";
  static constexpr enum_name<standard_tier> entries[] = {
      {standard_tier::all, "all", "所有城市", "all cities"},
      {standard_tier::class_a, "class_a", "直辖市、省会城市、计划单列市",
       "municipalities, provincial capitals, separately planned cities"},
      {standard_tier::prefecture, "prefecture", "地级市", "prefecture-level cities"},
      {standard_tier::super_large, "super_large", "超大城市", "super-large cities"},
      {standard_tier::megacity, "megacity", "特大城市", "megacities"},
      {standard_tier::large, "large", "大城市", "large cities"},
  };
  static constexpr enum_alias<standard_tier> aliases[] = {{"", standard_tier::all}};
};

/// Where in HB25 a standard is written: the 【参考标准】 section or the indicator's 体检内容.
enum class standard_basis { reference_standard, check_content };

template <>
struct enum_names<standard_basis> {
  static constexpr const char* what = "standard basis";
  static constexpr enum_name<standard_basis> entries[] = {
      {standard_basis::reference_standard, "reference_standard", "参考标准", "reference standard"},
      {standard_basis::check_content, "check_content", "体检内容", "check content"},
  };
};

/// Who set a standard in force: the national system, a province's or a city's override.
enum class standard_origin { national, province, city };

template <>
struct enum_names<standard_origin> {
  static constexpr const char* what = "standard origin";
  static constexpr enum_name<standard_origin> entries[] = {
      {standard_origin::national, "national", "国家", "national"},
      {standard_origin::province, "province", "省级调整", "province override"},
      {standard_origin::city, "city", "市级调整", "city override"},
  };
  static constexpr enum_alias<standard_origin> aliases[] = {{"省", standard_origin::province},
                                                            {"省级", standard_origin::province},
                                                            {"市", standard_origin::city},
                                                            {"市级", standard_origin::city}};
};

/// Whether an indicator applies to a city: not applicable is a state, not a missing value.
enum class applicability { applicable, not_applicable, unknown };

template <>
struct enum_names<applicability> {
  static constexpr const char* what = "applicability";
  static constexpr enum_name<applicability> entries[] = {
      {applicability::applicable, "applicable", "适用", "applicable"},
      {applicability::not_applicable, "not_applicable", "不适用", "not applicable"},
      {applicability::unknown, "unknown", "未知（缺少城市信息）", "unknown (city context not given)"},
  };
};

/// A reference standard (or an override): value compared with `cmp`, for the cities of `tier`.
struct national_standard {
  comparator cmp = comparator::at_least;  ///< at_least or at_most
  double value = 0.0;
  int year = 0;  ///< target year, 0 when none is stated
  standard_tier tier = standard_tier::all;
  standard_basis basis = standard_basis::reference_standard;
  std::string scope;      ///< a sub-scope the standard is for ("快速路"): not compared automatically
  std::string quote;      ///< the handbook's wording
  bool inferred = false;  ///< the numeric reading is the reference's inference
  std::string note;
  standard_origin origin = standard_origin::national;
  std::string origin_name;  ///< the province or city of an override
  std::string origin_source;

  /// "≥ 30", "≤ 0".
  [[nodiscard]] std::string text() const {
    return std::string(cmp == comparator::at_most ? "≤" : "≥") + detail::format_double(value);
  }
};

/// One indicator of the national system.
struct national_indicator {
  int no = 0;        ///< 1-60
  std::string code;  ///< "n01" ... "n60"
  national_level level = national_level::district;
  std::string aspect_zh, aspect_en;  ///< 方面
  std::string name_zh, name_en;      ///< name_en is tijian's translation
  std::string unit_zh, unit_en;
  national_measure measure = national_measure::city_value;
  std::optional<tijian::direction> dir;  ///< none where the reference states none
  direction_basis dir_basis = direction_basis::stated;
  std::optional<tijian::problem_type> type;  ///< where HB25 states it
  applicability_rule applies = applicability_rule::all;
  std::string statistical_unit;  ///< 计算单元 (建成区, 市辖区, ...), where stated
  std::string criterion;         ///< what counts as a problem (lower levels), summarised
  std::string source;            ///< HB25 lines
  std::vector<national_standard> standards;
  std::vector<std::string> notes;  ///< "中文 | English"

  /// The level whose units the values are observed on: the object that is counted.
  [[nodiscard]] bool is_lower_level() const noexcept {
    return level == national_level::housing || level == national_level::community ||
           level == national_level::block;
  }
};

/// The whole system. Built by parse_national_system (io/national_io.hpp), which validates it.
struct national_system {
  std::string name, name_zh, name_en, source;
  std::vector<std::string> notes;              ///< system-wide notes (入户水质, OCR)
  std::vector<national_indicator> indicators;  ///< ordered by no.

  /// The indicator with this number, code ("n07"), number text ("7") or exact Chinese name;
  /// nullptr if none.
  [[nodiscard]] const national_indicator* find(std::string_view key) const {
    const std::string k = detail::trim(key);
    for (const auto& i : indicators)
      if (k == i.code || k == std::to_string(i.no) || k == i.name_zh) return &i;
    if (!k.empty() && (k[0] == 'N')) {  // "N07"
      std::string lower = k;
      lower[0] = 'n';
      for (const auto& i : indicators)
        if (lower == i.code) return &i;
    }
    return nullptr;
  }
  /// The indicator named by `key`; error "national.unknown_indicator" naming `where`.
  [[nodiscard]] const national_indicator& at(std::string_view key, location where = {}) const {
    if (const auto* i = find(key)) return *i;
    where.indicator = std::string(key);
    throw data_error("national.unknown_indicator",
                     "'" + std::string(key) +
                         "' is not an indicator of the national system: use its number 1-60, its code "
                         "n01-n60 or its exact Chinese name",
                     where);
  }
};

/// The city the check is for: what tiers and applicability depend on. Unknown parts stay empty
/// (applicability unknown, tiered standards not resolved).
struct city_context {
  std::string name;
  std::string province;
  std::optional<tijian::city_class> cls;
  std::optional<tijian::city_size> size;
  std::optional<bool> rail_transit;
};

/// Does a standard of this tier apply to the city? nullopt when the context lacks the class or
/// size it depends on.
[[nodiscard]] inline std::optional<bool> tier_matches(standard_tier t, const city_context& c) {
  switch (t) {
    case standard_tier::all: return true;
    case standard_tier::class_a:
    case standard_tier::prefecture:
      if (!c.cls) return std::nullopt;
      return (t == standard_tier::prefecture) == (*c.cls == city_class::prefecture);
    case standard_tier::super_large:
      if (!c.size) return std::nullopt;
      return *c.size == city_size::super_large;
    case standard_tier::megacity:
      if (!c.size) return std::nullopt;
      return *c.size == city_size::megacity;
    case standard_tier::large:
      if (!c.size) return std::nullopt;
      return *c.size == city_size::large;
  }
  return std::nullopt;
}

/// Applicability of an indicator in a city (reference §5: no. 43 only with rail transit, no. 50
/// only for 超大特大城市).
[[nodiscard]] inline applicability applicable_in(const national_indicator& i, const city_context& c) {
  switch (i.applies) {
    case applicability_rule::all: return applicability::applicable;
    case applicability_rule::rail_transit:
      if (!c.rail_transit) return applicability::unknown;
      return *c.rail_transit ? applicability::applicable : applicability::not_applicable;
    case applicability_rule::super_or_megacity:
      if (!c.size) return applicability::unknown;
      return (*c.size == city_size::super_large || *c.size == city_size::megacity)
                 ? applicability::applicable
                 : applicability::not_applicable;
  }
  return applicability::unknown;
}

/// The standards of an indicator that apply to a city: those whose tier matches. A tier the
/// context cannot decide (class or size not given) is left out; `undecided` says so.
struct resolved_standards {
  std::vector<national_standard> in_force;
  bool undecided = false;  ///< some tier could not be decided for lack of city context

  /// The one standard a single value can be compared with: exactly one in force without a
  /// sub-scope; nullptr otherwise (none, several road classes, a scoped standard).
  [[nodiscard]] const national_standard* comparable() const {
    if (in_force.size() != 1 || !in_force[0].scope.empty()) return nullptr;
    return &in_force[0];
  }
  [[nodiscard]] std::string text(bool zh) const {
    std::string out;
    for (const auto& s : in_force) {
      if (!out.empty()) out += "; ";
      if (!s.scope.empty()) out += s.scope + " ";
      out += s.text();
      if (s.tier != standard_tier::all)
        out += std::string(zh ? "（" : " (") + label(s.tier, zh) + (zh ? "）" : ")");
      if (s.year) out += zh ? "，" + std::to_string(s.year) + "年" : ", by " + std::to_string(s.year);
      if (s.origin != standard_origin::national)
        out += std::string(zh ? "［" : " [") + label(s.origin, zh) +
               (s.origin_name.empty() ? "" : " " + s.origin_name) + (zh ? "］" : "]");
    }
    return out;
  }
};

[[nodiscard]] inline resolved_standards resolve_standards(const national_indicator& i,
                                                          const city_context& c) {
  resolved_standards out;
  for (const auto& s : i.standards) {
    const auto m = tier_matches(s.tier, c);
    if (!m) out.undecided = true;
    else if (*m) out.in_force.push_back(s);
  }
  return out;
}

/// Does `value` meet the standard?
[[nodiscard]] inline bool meets(const national_standard& s, double value) {
  return s.cmp == comparator::at_most ? value <= s.value : value >= s.value;
}

/// A province's or a city's own thresholds (HB25 l.194-208). Each entry replaces every national
/// standard of its indicator (an empty `standards` list removes them: "no standard here"). The
/// province's file applies first, then the city's.
struct national_override {
  standard_origin scope = standard_origin::province;  ///< province or city
  std::string name;                                   ///< the province or city
  std::string source;                                 ///< the document that sets the thresholds
  std::string file;                                   ///< where it was read
  struct entry {
    std::string indicator;  ///< code of the indicator ("n38")
    std::vector<national_standard> standards;
    std::string note;
    location where;
  };
  std::vector<entry> entries;
};

/// One override that was applied: what it replaced, for the result's record.
struct applied_override {
  standard_origin scope = standard_origin::province;
  std::string name, source, file;
  std::string indicator;
  std::string replaced;  ///< the standards before, as text ("≥70"; empty: none)
  std::string now;       ///< the standards after
  std::string note;
};

/// The system with the overrides applied, in order (province before city; the order given).
/// Validates: an override names an indicator of the system (error "national.unknown_indicator"
/// naming its file and line), a city-level indicator only (levels 1-29 count deficient objects
/// and have no thresholds: "national.override_level"), a finite value, at_least or at_most.
[[nodiscard]] inline national_system apply_overrides(national_system sys,
                                                     std::vector<national_override> overrides,
                                                     std::vector<applied_override>* record = nullptr) {
  std::stable_sort(overrides.begin(), overrides.end(),
                   [](const national_override& a, const national_override& b) {
                     return a.scope == standard_origin::province && b.scope == standard_origin::city;
                   });
  for (const auto& o : overrides) {
    for (const auto& e : o.entries) {
      const national_indicator& found = sys.at(e.indicator, e.where);
      national_indicator& ind = sys.indicators[static_cast<std::size_t>(&found - sys.indicators.data())];
      location where = e.where;
      where.indicator = ind.code;
      if (ind.is_lower_level())
        throw data_error("national.override_level",
                         "indicator " + std::to_string(ind.no) + " " + ind.name_zh +
                             " counts deficient objects at the " + to_string(ind.level) +
                             " level and has no threshold to override",
                         where);
      if (o.scope == standard_origin::national)
        throw data_error("national.override_scope", "an override's scope is 'province' or 'city'", where);
      for (const auto& s : e.standards) {
        if (!std::isfinite(s.value))
          throw data_error("national.bad_override", "the threshold is missing or not a finite number", where);
        if (s.cmp == comparator::within_band)
          throw data_error("national.bad_override", "a threshold compares with >= or <=, not a band", where);
      }
      applied_override rec{o.scope, o.name, o.source, o.file, ind.code, {}, {}, e.note};
      resolved_standards before{ind.standards, false};
      rec.replaced = before.text(true);
      ind.standards = e.standards;
      for (auto& s : ind.standards) {
        s.origin = o.scope;
        s.origin_name = o.name;
        s.origin_source = o.source;
      }
      rec.now = resolved_standards{ind.standards, false}.text(true);
      if (record) record->push_back(std::move(rec));
    }
  }
  return sys;
}

}  // namespace tijian
