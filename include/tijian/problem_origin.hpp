// SPDX-License-Identifier: MIT
// Who found a problem: the city's self-check, the third-party check or the residents' survey.
// Every problem list that feeds the ledger (the check's, the third party's, the survey's) carries
// it in a column `origin` (问题来源) beside the check's problem columns. The check's own column
// `source` already means the source of the target (目标来源), so the finder gets its own name.
#pragma once

#include "names.hpp"

namespace tijian {

enum class problem_origin { self_check, third_party, residents };

template <>
struct enum_names<problem_origin> {
  static constexpr const char* what = "problem origin";
  static constexpr enum_name<problem_origin> entries[] = {
      {problem_origin::self_check, "self_check", "城市自体检", "city self-check"},
      {problem_origin::third_party, "third_party", "第三方体检", "third-party check"},
      {problem_origin::residents, "residents", "居民问卷", "resident survey"},
  };
  // the names the three producers and the ledger used before they shared this table, and the
  // short forms teams write in edited sheets
  static constexpr enum_alias<problem_origin> aliases[] = {
      {"check", problem_origin::self_check},         {"自检", problem_origin::self_check},
      {"self-check", problem_origin::self_check},    {"第三方", problem_origin::third_party},
      {"居民问卷调查", problem_origin::residents},   {"居民满意度调查", problem_origin::residents},
      {"社会满意度调查", problem_origin::residents}, {"survey", problem_origin::residents},
  };
};

}  // namespace tijian
