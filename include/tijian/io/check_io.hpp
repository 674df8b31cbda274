// SPDX-License-Identifier: MIT
// Writing health-check results (check.hpp) with an optional composite (composite.hpp) as JSON
// and CSV; compiled, in src/io/targets_io.cpp.
//
// JSON: one object
//   { "provenance": { "library_version", "framework_hash", "profile_hash", "data_hash",
//                     "framework_source", "profile", "profile_source", "data_source" },
//     "period", "options": { "strict", "cap", "bands", "grade_labels_zh", "grade_labels_en",
//                            "weak_below", "bottom_k" },
//     "status": [ {row fields} ... ], "achievement": [...], "problems": [...],
//     "obstacles": [...], "obstacle_dimensions": [...], "diagnostics": [...],
//     "composite": { "indicators_target_based", "indicators_relative", "left_out",
//                    "rows": [ { "unit", "name", "period", "<node>": score ...,
//                               "rank", "C", "T", "D", "class_zh", "class_en" } ] } }
//   (composite only when given). NaN is null. Keys keep this order.
// CSV: the status table at the path given, and the other tables next to it:
//   <stem>.csv (status), <stem>-achievement.csv, <stem>-problems.csv, <stem>-obstacles.csv,
//   and <stem>-composite.csv when a composite is given. Each file is written completely or
//   not at all (io.write names the path).
#pragma once

#include <string>
#include <vector>

#include "../check.hpp"
#include "../composite.hpp"

namespace tijian {

[[nodiscard]] std::string check_to_json(const check_result& r,
                                        const composite_result* composite = nullptr);
[[nodiscard]] std::string check_status_csv(const check_result& r);
[[nodiscard]] std::string check_achievement_csv(const check_result& r);
[[nodiscard]] std::string check_problems_csv(const check_result& r);
[[nodiscard]] std::string check_obstacles_csv(const check_result& r);
[[nodiscard]] std::string composite_csv(const composite_result& c);
void write_check_json(const check_result& r, const std::string& path,
                      const composite_result* composite = nullptr);
/// Writes the CSV tables; returns the paths written, the status table first.
std::vector<std::string> write_check_csv(const check_result& r, const std::string& path,
                                         const composite_result* composite = nullptr);

}  // namespace tijian
