// SPDX-License-Identifier: MIT
// Registers `tijian uncertainty` (uncertainty_cli.hpp) as a command of the program (command.hpp). Its own
// translation unit, so that it compiles apart from the other commands.
#include <memory>

#include "uncertainty_cli.hpp"
#include "command.hpp"

namespace cli_command {

command add_uncertainty(CLI::App& app) {
  auto o = std::make_shared<uncertainty_cli::options>();
  CLI::App* sub = uncertainty_cli::add(app, *o);
  return {sub, [o] { return uncertainty_cli::run(*o); }};
}

}  // namespace cli_command
