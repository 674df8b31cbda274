// SPDX-License-Identifier: MIT
// Registers `tijian survey` (survey_cli.hpp) as a command of the program (command.hpp). Its own
// translation unit, so that it compiles apart from the other commands.
#include <memory>

#include "survey_cli.hpp"
#include "command.hpp"

namespace cli_command {

command add_survey(CLI::App& app) {
  auto o = std::make_shared<survey_cli::options>();
  CLI::App* sub = survey_cli::add(app, *o);
  return {sub, [o] { return survey_cli::run(*o); }};
}

}  // namespace cli_command
