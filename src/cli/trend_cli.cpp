// SPDX-License-Identifier: MIT
// Registers `tijian trend` and `tijian evaluate` (trend_cli.hpp) as a command of the program (command.hpp). Its own
// translation unit, so that it compiles apart from the other commands.
#include <memory>

#include "trend_cli.hpp"
#include "command.hpp"

namespace cli_command {

command add_trend(CLI::App& app) {
  auto o = std::make_shared<trend_cli::options>();
  CLI::App* sub = trend_cli::add_trend(app, *o);
  return {sub, [o] { return trend_cli::run_trend(*o); }};
}

command add_evaluate(CLI::App& app) {
  auto o = std::make_shared<trend_cli::options>();
  CLI::App* sub = trend_cli::add_evaluate(app, *o);
  return {sub, [o] { return trend_cli::run_evaluate(*o); }};
}

}  // namespace cli_command
