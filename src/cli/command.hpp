// SPDX-License-Identifier: MIT
// One subcommand of the `tijian` program: its CLI11 app and what runs when it is chosen. Each
// command is registered from its own translation unit (src/cli/<name>_cli.cpp), so the program
// compiles in parallel and a change to one command recompiles only that command; main.cpp only
// lists them.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace cli_command {

struct command {
  CLI::App* app = nullptr;   // the subcommand, parsed() when chosen
  std::function<int()> run;  // its work; the options it reads live in this closure
};

// in the order `tijian --help` lists them
command add_score(CLI::App& app);        // score_cli.cpp
command add_check(CLI::App& app);        // check_cli.cpp
command add_presets(CLI::App& app);      // presets_cli.cpp
command add_stats(CLI::App& app);        // stats_cli.cpp
command add_uncertainty(CLI::App& app);  // uncertainty_cli.cpp
command add_trend(CLI::App& app);        // trend_cli.cpp
command add_evaluate(CLI::App& app);     // trend_cli.cpp
command add_ledger(CLI::App& app);       // ledger_cli.cpp
command add_national(CLI::App& app);     // national_cli.cpp
command add_grade(CLI::App& app);        // national_cli.cpp
command add_compare(CLI::App& app);      // compare_cli.cpp
command add_survey(CLI::App& app);       // survey_cli.cpp
command add_report(CLI::App& app);       // report_cli.cpp

}  // namespace cli_command
