// SPDX-License-Identifier: MIT
// The diagnostics list as JSON, shared by the result and check-result writers. Internal.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "tijian/result.hpp"

namespace tijian::io_detail {

inline nlohmann::json diagnostics_json(const std::vector<diagnostic>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const diagnostic& d : list)
    out.push_back(nlohmann::json{{"step", d.step},
                                 {"id", d.id},
                                 {"level", to_string(d.level)},
                                 {"node", d.node},
                                 {"unit", d.unit},
                                 {"period", d.period},
                                 {"message", d.message},
                                 {"message_zh", d.message_zh.empty() ? d.message : d.message_zh},
                                 {"count", d.count}});
  return out;
}

}  // namespace tijian::io_detail
