// SPDX-License-Identifier: MIT
// Registers `tijian compare` (compare_cli.hpp) as a command of the program (command.hpp). Its own
// translation unit, so that it compiles apart from the other commands.
#include <memory>

#include "compare_cli.hpp"
#include "command.hpp"

namespace cli_command {

command add_compare(CLI::App& app) {
  auto o = std::make_shared<compare_cli::options>();
  CLI::App* sub = compare_cli::add(app, *o);
  return {sub, [o] { return compare_cli::run(*o); }};
}

}  // namespace cli_command
