// SPDX-License-Identifier: MIT
// Reading the tolerances of a self-check vs third-party comparison (compare.hpp); compiled, in
// src/io/compare_io.cpp.
//
// Tolerance file (TOML, schema "tijian/tolerances/1"):
//
//   schema = "tijian/tolerances/1"   # optional; if present it must be exactly this
//   [default]                        # optional: every indicator without its own entry
//   absolute = 0                     # in the indicator's unit
//   relative = 0.01                  # a fraction of the reference (self-check) value: 1 %
//
//   [indicator.green_coverage]       # one table per indicator code of the framework
//   absolute = 0.5
//   relative = 0
//   note = "遥感解译与统计口径差异"      # optional: why this tolerance
//
// A value pair is within tolerance when |b - a| <= absolute + relative x |a| (a = the
// reference's value). Absent keys are 0; without a [default] every other indicator must agree
// exactly. Errors are data_error with ids "tolerances.syntax", "tolerances.schema",
// "tolerances.unknown_key", "tolerances.wrong_type", "tolerances.bad_value" naming the file and
// line; an unknown indicator is "compare.tolerance" (tolerance_set::validate, at compare()).
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>

#include "../compare.hpp"

namespace tijian {

/// Loads a tolerance file (the format above). Throws data_error ("io.read" when unreadable).
[[nodiscard]] tolerance_set load_tolerances(const std::string& path);

/// Parses tolerance TOML text; `source_name` names the input in messages.
[[nodiscard]] tolerance_set parse_tolerances(std::string_view text, const std::string& source_name);

/// The same from a parsed TOML table (a Python dict arrives this way, bindings/documents.cpp).
[[nodiscard]] tolerance_set parse_tolerances(const toml::table& doc, const std::string& source_name);

}  // namespace tijian
