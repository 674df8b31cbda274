// SPDX-License-Identifier: MIT
// The `tijian` command-line program: the main help, the list of subcommands (each in its own
// translation unit, command.hpp), the parse and the exit status (exit_status.hpp). No scoring
// logic lives here, nor in the commands: they call the library and print what it returns.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include <tijian/version.hpp>

#include "command.hpp"
#include "exit_status.hpp"  // 0 ok, 2 bad input, 1 unexpected failure

int main(int argc, char** argv) {
  CLI::App app{"tijian " TIJIAN_VERSION
               " - scores cities (城市体检 / green-city evaluation).\n\n"
               "Turns indicator data (units x indicators x periods) and an indicator framework\n"
               "(dimensions, indicators, directions, targets, weights) into normalised values,\n"
               "weighted composite scores, ranks and grades, with diagnostics and provenance.",
               "tijian"};
  app.set_version_flag("--version", std::string("tijian ") + TIJIAN_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Run 'tijian score --help' for the scoring command, 'tijian check --help' for the\n"
      "health check against plan targets, 'tijian trend' for the annual check over years,\n"
      "'tijian evaluate' for the five-year evaluation, 'tijian report' for the HTML/PDF report,\n"
      "'tijian presets' for the built-in frameworks and target profiles.\n"
      "Errors name the file, line, column, unit and indicator concerned; exit status 2 means\n"
      "bad input, 1 an unexpected failure.");

  using namespace cli_command;
  const std::vector<command> commands = {add_score(app),    add_check(app),       add_presets(app),
                                         add_stats(app),    add_uncertainty(app), add_trend(app),
                                         add_evaluate(app), add_ledger(app),      add_national(app),
                                         add_grade(app),    add_compare(app),     add_survey(app),
                                         add_report(app)};

  if (const int status = cli_exit::parse(app, argc, argv); status >= 0) return status;
  for (const command& c : commands)
    if (c.app->parsed()) return cli_exit::guarded(c.run);
  return cli_exit::unexpected;  // parse() requires one subcommand: not reached
}
