// SPDX-License-Identifier: MIT
// `tijian presets`: the built-in frameworks, target profiles and recipes, or the TOML of one.
#include <iostream>
#include <memory>
#include <string>

#include <tijian/presets.hpp>

#include "command.hpp"
#include "console_text.hpp"
#include "exit_status.hpp"

namespace {

using console_text::pad;

/// `tijian presets`: the built-in frameworks and target profiles, or the TOML of one.
int print_presets(const std::string& show) {
  const auto list = tijian::presets();
  if (!show.empty()) {
    for (const auto& p : list)
      if (p.name == show) {
        std::cout << tijian::preset_text(p.kind, p.name);
        // a published index's framework comes with its method: the recipe preset of its name
        for (const auto& q : list)
          if (p.kind == tijian::preset_kind::framework && q.kind == tijian::preset_kind::recipe &&
              q.name == show)
            std::cout << "\n# ---- its recipe, " << q.path << " (used unless --recipe is given)\n"
                      << tijian::preset_text(q.kind, q.name);
        return cli_exit::ok;
      }
    (void)tijian::preset_text(tijian::preset_kind::framework, show);  // throws, listing the names
  }
  for (const auto& p : list)
    std::cout << pad(tijian::to_string(p.kind), 10) << "  " << pad(p.name, 16) << "  " << p.path << "\n    "
              << p.title << "\n";
  return cli_exit::ok;
}

}  // namespace

namespace cli_command {

command add_presets(CLI::App& app) {
  auto show = std::make_shared<std::string>();
  auto* pr = app.add_subcommand("presets", "List the built-in frameworks and target profiles, or print one");
  pr->add_option("--show", *show, "Print the TOML of the preset with this name");
  return {pr, [show] { return print_presets(*show); }};
}

}  // namespace cli_command
