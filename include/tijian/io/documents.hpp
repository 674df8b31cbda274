// SPDX-License-Identifier: MIT
// Recipes, frameworks and target profiles given as an in-memory TOML table instead of text: what
// the Python bindings build from dicts. The file and text readers (recipe_io.hpp, framework_io.hpp,
// targets_io.hpp) parse the text and call these same functions, so every rule, default and
// message lives in one place. A table built in memory has no line numbers: errors name the
// source, the key and the node or indicator instead.
#pragma once

#include <toml++/toml.h>

#include <string>

#include "../framework.hpp"
#include "../recipe.hpp"
#include "../targets.hpp"

namespace tijian {

/// The recipe of a table shaped like a recipe file (recipe_io.hpp); same error ids.
[[nodiscard]] recipe parse_recipe(const toml::table& doc, const std::string& source_name);

/// The framework of a table shaped like a framework file (framework_io.hpp); same error ids.
[[nodiscard]] framework parse_framework(const toml::table& doc, const std::string& source_name);

/// The target profile of a table shaped like a profile file (targets_io.hpp); same error ids.
[[nodiscard]] target_profile parse_target_profile(const toml::table& doc,
                                                  const std::string& source_name);

}  // namespace tijian
