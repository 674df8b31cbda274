// SPDX-License-Identifier: MIT
// Recipes, frameworks, target profiles and the options of check, composite and coupling given as
// an in-memory TOML table instead of text: what the Python bindings build from dicts and keyword
// arguments. The file and text readers (recipe_io.hpp, framework_io.hpp,
// targets_io.hpp) parse the text and call these same functions, so every rule, default and
// message lives in one place. A table built in memory has no line numbers: errors name the
// source, the key and the node or indicator instead.
#pragma once

#include <toml++/toml.h>

#include <string>

#include "../check.hpp"
#include "../composite.hpp"
#include "../coupling.hpp"
#include "../framework.hpp"
#include "../recipe.hpp"
#include "../targets.hpp"

namespace tijian {

/// The recipe of a table shaped like a recipe file (recipe_io.hpp); same error ids.
[[nodiscard]] recipe parse_recipe(const toml::table& doc, const std::string& source_name);

/// The framework of a table shaped like a framework file (framework_io.hpp); same error ids.
[[nodiscard]] framework parse_framework(const toml::table& doc, const std::string& source_name);

/// The target profile of a table shaped like a profile file (targets_io.hpp); same error ids.
[[nodiscard]] target_profile parse_target_profile(const toml::table& doc, const std::string& source_name);

/// Options of check(): the keys are the fields of check_options (obstacle_factor and
/// obstacle_scaling for its `obstacles`). recipe_error "check.unknown_key", "check.wrong_type",
/// "check.options" (an unknown name, a negative bottom_k); check_options::validate checks the rest.
[[nodiscard]] check_options parse_check_options(const toml::table& t);

/// Options of coupling(): formula, alpha, boundary, c_bands, tolerance. recipe_error
/// "coupling.unknown_key", "coupling.wrong_type", "coupling.options" (an unknown name).
[[nodiscard]] coupling_options parse_coupling_options(const toml::table& t);

/// Options of the composite score: cap, subsystems and the coupling options (the base recipe
/// is set by the caller). Ids as above with "composite." for keys and types.
[[nodiscard]] composite_options parse_composite_options(const toml::table& t);

}  // namespace tijian
