// SPDX-License-Identifier: MIT
// Registers `tijian stats` (stats_cli.hpp) as a command of the program (command.hpp). Its own
// translation unit, so that it compiles apart from the other commands.
#include <memory>

#include "stats_cli.hpp"
#include "command.hpp"

namespace cli_command {

command add_stats(CLI::App& app) {
  auto o = std::make_shared<stats_cli::options>();
  CLI::App* sub = stats_cli::add(app, *o);
  return {sub, [o] { return stats_cli::run(*o); }};
}

}  // namespace cli_command
