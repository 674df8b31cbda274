// SPDX-License-Identifier: MIT
// Built-in presets: indicator frameworks and target profiles that ship inside the library.
// They are readable TOML files in the source tree (presets/frameworks/*.toml,
// presets/targets/*.toml), embedded into the library when it is built (CMake reads each file
// into a generated source, cmake/tijianPresets.cmake), so that C++ programs, the command line
// (`--framework green-city`) and Python use them by name without finding files at run time.
// The installed package also carries the files under share/tijian/presets/.
//
//   frameworks   green-city        the green-city health-check framework built from the seed
//                                  plans (four dimensions of the Qingdao pilot: 绿色金融,
//                                  绿色生态, 绿色建造, 绿色生活; every quantified target of the
//                                  seeds is an indicator, each with its source)
//                green-city-demo   the small illustrative framework of the scoring demo
//                hdi               the UNDP Human Development Index (goalposts, geometric mean)
//   recipes      hdi               the HDI's own method (goalposts on [0, 1], a missing input
//                                  leaves the index missing): a framework preset of a published
//                                  index carries its method as the recipe preset of the same name
//   profiles     qingdao-2022      Qingdao green-city pilot, targets for 2022 (seed 000)
//                jining            Jining green urban-rural construction, 2022-2026 (seed 002)
//                shizuishan-2025   Shizuishan green urban-rural construction, 2025 (seed 003)
//                jinan-2025        Jinan 14th five-year green low-carbon plan, 2025 (seed 004)
//   national     basic-2025        the national basic indicator system of the city health check
//                                  (HB25, 60 indicators on four levels; national.hpp,
//                                  presets/national/*.toml, read by io/national_io.hpp)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "names.hpp"
#include "framework.hpp"
#include "recipe.hpp"
#include "result.hpp"
#include "targets.hpp"

namespace tijian {

enum class preset_kind { framework, profile, national, recipe };

template <>
struct enum_names<preset_kind> {
  static constexpr const char* what = "preset kind";
  static constexpr enum_name<preset_kind> entries[] = {
      {preset_kind::framework, "framework", "指标体系", "framework"},
      {preset_kind::profile, "profile", "目标方案", "target profile"},
      {preset_kind::national, "national", "国家基础指标体系", "national indicator system"},
      {preset_kind::recipe, "recipe", "计算方法", "recipe"},
  };
};

struct preset_info {
  std::string name;  ///< "green-city", "qingdao-2022"
  preset_kind kind = preset_kind::framework;
  std::string path;   ///< the file in the source tree, e.g. "presets/targets/qingdao-2022.toml"
  std::string title;  ///< first comment line of the file
};

/// Every built-in preset, frameworks first, each sorted by name.
[[nodiscard]] std::vector<preset_info> presets();

/// The TOML text of a preset. Throws tijian::error "preset.unknown" listing the names of that
/// kind.
[[nodiscard]] std::string preset_text(preset_kind kind, const std::string& name);

/// A built-in framework by name ("green-city"); its source() is "preset:green-city".
[[nodiscard]] framework preset_framework(const std::string& name);

/// A built-in target profile by name ("qingdao-2022"); its file is "preset:qingdao-2022".
[[nodiscard]] target_profile preset_profile(const std::string& name);

/// A built-in recipe by name ("hdi"): the method of the published index whose framework preset
/// has the same name. Throws "preset.unknown" listing the recipe presets.
[[nodiscard]] recipe preset_recipe(const std::string& name);

/// The recipe a framework comes with: for a built-in framework ("preset:hdi") the recipe preset
/// of the same name, when there is one (a published index reproduced with its own method);
/// nothing for other frameworks. Loading a preset gives this recipe wherever no recipe is given
/// (the command line's --recipe, Python's `recipe=`).
[[nodiscard]] std::optional<recipe> framework_recipe(const framework& fw);

/// The recipe of a run: `given` when the caller gives one, else the recipe the framework comes
/// with (framework_recipe), else the defaults.
[[nodiscard]] inline recipe recipe_for(const framework& fw, const std::optional<recipe>& given) {
  if (given) return *given;
  if (std::optional<recipe> own = framework_recipe(fw)) return *own;
  return recipe{};
}

/// What a run's recipe is against the recipe its framework comes with (framework_recipe), as
/// diagnostics for the result: info "recipe.from_preset" when it is that recipe, warning
/// "recipe.not_preset" naming the sections ([normalise], [missing], ...) in which it differs
/// (the scores are then not the published index's), nothing when the framework has none.
[[nodiscard]] std::vector<diagnostic> recipe_notes(const framework& fw, const recipe& used);

/// A framework from a file when `file_or_name` names an existing file, else the preset of
/// that name. Throws the file reader's errors, or "preset.unknown" saying that it is neither
/// a file nor a preset.
[[nodiscard]] framework resolve_framework(const std::string& file_or_name);

/// A target profile from a file or by preset name, as resolve_framework. With `fw`, the
/// profile is validated against it (validate_profile).
[[nodiscard]] target_profile resolve_profile(const std::string& file_or_name, const framework* fw = nullptr);

}  // namespace tijian
