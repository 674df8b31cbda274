// SPDX-License-Identifier: MIT
// The handbook's spatial levels and problem types (《城市体检工作手册（试行）》 2025, "HB25"),
// shared by the national basic system (national.hpp) and the problem ledger (ledger.hpp): a
// location's level and a problem's type are the same codes in both.
#pragma once

#include "names.hpp"

namespace tijian {

/// The five groups of the system. The first four are also the spatial levels of units; 问题整治
/// is a group of its own (no. 60) and no unit has it.
enum class national_level { housing, community, block, district, rectification };

template <>
struct enum_names<national_level> {
  static constexpr const char* what = "level";
  static constexpr enum_name<national_level> entries[] = {
      {national_level::housing, "housing", "住房", "housing"},
      {national_level::community, "community", "小区（社区）", "community"},
      {national_level::block, "block", "街区", "block"},
      {national_level::district, "district", "城区（城市）", "district (city)"},
      {national_level::rectification, "rectification", "问题整治", "problem rectification"},
  };
  static constexpr enum_alias<national_level> aliases[] = {
      {"住房", national_level::housing},
      {"住宅", national_level::housing},
      {"building", national_level::housing},
      {"小区（社区）", national_level::community},
      {"小区(社区)", national_level::community},
      {"小区", national_level::community},
      {"社区", national_level::community},
      {"街区", national_level::block},
      {"街道", national_level::block},
      {"城区（城市）", national_level::district},
      {"城区(城市)", national_level::district},
      {"城区", national_level::district},
      {"城市", national_level::district},
      {"city", national_level::district},
      {"问题整治", national_level::rectification},
  };
};

/// The four spatial levels a unit (and a located problem) can have; 问题整治 is not one.
constexpr bool is_spatial(national_level l) noexcept { return l != national_level::rectification; }

/// HB25 l.337-349: 底线型 problems are 一票否决 (one occurrence marks the indicator as having a
/// problem); 提升型 problems are judged together with survey and demand evidence.
enum class problem_type { bottom_line, improvement };

template <>
struct enum_names<problem_type> {
  static constexpr const char* what = "problem type";
  static constexpr enum_name<problem_type> entries[] = {
      {problem_type::bottom_line, "bottom_line", "底线型", "bottom line"},
      {problem_type::improvement, "improvement", "提升型", "improvement"},
  };
  static constexpr enum_alias<problem_type> aliases[] = {{"底线型", problem_type::bottom_line},
                                                         {"底线", problem_type::bottom_line},
                                                         {"提升型", problem_type::improvement},
                                                         {"提升", problem_type::improvement}};
};

}  // namespace tijian
