// SPDX-License-Identifier: MIT
// Reading the national basic indicator system (national.hpp) and the province / city threshold
// overrides as TOML, and the tables of the basic check and the grading through text_grid
// (CSV now, xlsx behind the same API); compiled, in src/io/national_io.cpp.
//
// System file (schema "tijian/national/1"; the built-in one is presets/national/basic-2025.toml):
//   schema, name, name_zh, name_en, source, notes = ["中文 | English", ...]
//   [[indicator]]  no (1-60), level (housing | community | block | district | rectification),
//                  aspect, aspect_en, name_zh, name_en, unit_zh, unit_en, measure
//                  (deficient_object | shortfall_quantity | coverage_rate | city_value),
//                  direction (optional), direction_basis (stated | inferred), problem_type
//                  (bottom_line | improvement, optional), applies (all | rail_transit |
//                  super_or_megacity), statistical_unit, criterion, source, notes
//   [[indicator.standard]]  cmp (">=" | "<="), value, year, tier (all | class_a | prefecture |
//                  super_large | megacity | large), basis (reference_standard | check_content),
//                  scope, quote, inferred, note
//
// Override file (schema "tijian/national-overrides/1"):
//   schema = "tijian/national-overrides/1"
//   scope = "province"            # or "city"; a province's file applies before a city's
//   name = "某省"                  # the province or city
//   source = "某省城市体检工作方案（2025）"
//   [[override]]
//   indicator = 38                # number 30-60, code "n38" or the exact Chinese name
//   note = "..."
//   [[override.standard]]          # replaces every national standard of the indicator;
//   cmp = "<="                     # no [[override.standard]] at all: "no standard here"
//   value = 10
//   year = 2025                    # optional; tier, scope, quote as in the system file
//
// Tables (through text_grid; headers matched as listed, case-insensitively):
//   units         unit | 单元代码, name | 名称, level | 层级, parent | 上级单元
//   observations  unit | 单元代码, indicator | 指标, value | 体检结果, problem | 存在问题 (optional)
//                 deficient-object values: 1/0, 是/否, 有/无, yes/no, true/false
//   grades        indicator | 指标, grade | 评价 (很好/较好/一般/不足 or very_good/...),
//                 survey_score | 问卷得分, value | 指标值, previous | 上年值,
//                 target | 目标值 (a number, or ">=30" / "≤5"), note | 备注 (all optional but
//                 indicator and grade)
//   peers         indicator | 指标, peer | 对标城市, value | 指标值
// Errors name the file (and sheet), line and column, the unit and the indicator.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "../national.hpp"
#include "../national_check.hpp"
#include "../national_grade.hpp"

namespace tijian {

struct text_grid;

/// Parses and validates a system file. Errors are framework_error "national.*" naming the line.
[[nodiscard]] national_system parse_national_system(std::string_view text, const std::string& source_name);

/// The built-in system ("basic-2025").
[[nodiscard]] national_system builtin_national_system(const std::string& name = "basic-2025");

/// A system file when `file_or_name` names a file, else the built-in system of that name.
[[nodiscard]] national_system resolve_national_system(const std::string& file_or_name);

/// Parses and validates an override file (indicators are checked by apply_overrides).
[[nodiscard]] national_override parse_national_override(std::string_view text,
                                                        const std::string& source_name);
[[nodiscard]] national_override load_national_override(const std::string& path);

/// The unit table: validated into a hierarchy (national_check.hpp).
[[nodiscard]] unit_hierarchy read_unit_hierarchy(const text_grid& grid);
/// The observations of the lower-level indicators (validated by basic_check).
[[nodiscard]] std::vector<object_observation> read_observations(const text_grid& grid);
/// The assessor's grades (validated by grade()).
[[nodiscard]] std::vector<grade_input> read_grades(const text_grid& grid);
/// The peers' values.
[[nodiscard]] std::vector<peer_value> read_peers(const text_grid& grid);

}  // namespace tijian
