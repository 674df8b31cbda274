// SPDX-License-Identifier: MIT
// Registers `tijian ledger` and its subcommands (ledger_cli.hpp) as a command of the program (command.hpp). Its own
// translation unit, so that it compiles apart from the other commands.
#include <memory>

#include "ledger_cli.hpp"
#include "command.hpp"

namespace cli_command {

command add_ledger(CLI::App& app) {
  auto o = std::make_shared<ledger_cli::options>();
  const ledger_cli::commands c = ledger_cli::add(app, *o);
  return {c.top, [o, c] { return ledger_cli::run(c, *o); }};
}

}  // namespace cli_command
