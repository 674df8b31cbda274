// SPDX-License-Identifier: MIT
// Registers `tijian report` (report_cli.hpp) as a command of the program (command.hpp). Its own
// translation unit, so that it compiles apart from the other commands.
#include <memory>

#include "report_cli.hpp"
#include "command.hpp"

namespace cli_command {

command add_report(CLI::App& app) {
  auto o = std::make_shared<report_cli::options>();
  CLI::App* sub = report_cli::add(app, *o);
  return {sub, [o] { return report_cli::run(*o); }};
}

}  // namespace cli_command
