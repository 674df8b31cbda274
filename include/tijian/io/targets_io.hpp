// SPDX-License-Identifier: MIT
// Reading and writing target profiles (targets.hpp) as TOML; compiled, in src/io/targets_io.cpp.
//
// Profile file (TOML, schema "tijian/targets/1"; see presets/targets/*.toml):
//
//   schema = "tijian/targets/1"          # optional; if present it must be exactly this
//   profile = "qingdao-2022"             # required: the profile's name
//   framework = "green-city"             # the framework it is written for (informative)
//   name_zh = "青岛市绿色城市建设发展试点目标(2022年)"
//   name_en = "Qingdao green-city pilot targets (2022)"
//   source = "seed 000: ..."             # the plan: document, issuer, date
//   start_year = 2020                    # optional: plan start, for progress-on-schedule
//
//   [[target]]
//   indicator = "urbanisation_rate"      # required: an indicator code of the framework
//   kind = "at_least"                    # required: see the table in targets.hpp
//   value = 75.0                         # threshold / total / required change (%)
//   lower = 30.0                         # band: lower and upper instead of value
//   upper = 45.0
//   year = 2022                          # target year; 0 or absent = no year (always due)
//   base_year = 2020                     # change_vs_base (required), others: schedule base
//   base_value = 62.0                    # the plan's own base-year value (optional)
//   start_year = 2021                    # progress: when the counted work started (optional)
//   unit = "%"                           # unit note (the unit the value is written in)
//   source = "seed 000, 一(二)2"          # seed file and section
//   note = "力争达到"                       # wording worth keeping ("about", "strive for")
//
// Keys are case-sensitive; an unknown key is an error naming the key and its line. Errors
// are framework_error with ids "targets.*" naming file, line and indicator.
#pragma once

#include <string>
#include <string_view>

#include "../targets.hpp"

namespace tijian {

/// Loads a profile file (TOML, the format above). Throws framework_error: "io.read" (the file
/// cannot be read), "targets.syntax", "targets.schema", "targets.unknown_key",
/// "targets.wrong_type", "targets.missing_key", "targets.bad_kind", "targets.bad_value",
/// "targets.bad_target".
[[nodiscard]] target_profile load_target_profile(const std::string& path);

/// Parses profile TOML text; `source_name` names the input in messages.
[[nodiscard]] target_profile parse_target_profile(std::string_view text, const std::string& source_name);

/// The TOML text of a profile, in the format above. parse_target_profile(to_toml(p), ...)
/// .describe() == p.describe().
[[nodiscard]] std::string to_toml(const target_profile& p);

}  // namespace tijian
