// SPDX-License-Identifier: MIT
// Registers `tijian national` (show, check) and `tijian grade` (national_cli.hpp) as a command of the program (command.hpp). Its own
// translation unit, so that it compiles apart from the other commands.
#include <memory>

#include "national_cli.hpp"
#include "command.hpp"

namespace cli_command {

command add_national(CLI::App& app) {
  auto show = std::make_shared<national_cli::options>();
  auto check = std::make_shared<national_cli::options>();
  CLI::App* na = national_cli::add_national(app, *show, *check);
  return {na, [na, show, check] {
            return na->get_subcommand("show")->parsed() ? national_cli::run_show(*show)
                                                        : national_cli::run_check(*check);
          }};
}

command add_grade(CLI::App& app) {
  auto o = std::make_shared<national_cli::options>();
  CLI::App* sub = national_cli::add_grade(app, *o);
  return {sub, [o] { return national_cli::run_grade(*o); }};
}

}  // namespace cli_command
