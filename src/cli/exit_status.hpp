// SPDX-License-Identifier: MIT
// The exit statuses of every subcommand, in one place: 0 ok, 2 bad input (a tijian::error, whose
// message names the file, line, column, unit and indicator), 1 an unexpected failure (a bug or
// the system: out of memory, a full disk). Scripts and CI jobs tell the two failures apart by
// the status, so no command may map them differently.
#pragma once

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <string>

#include <tijian/error.hpp>

namespace cli_exit {

enum status : int { ok = 0, unexpected = 1, bad_input = 2 };

/// Runs a subcommand and turns what it throws into the documented status, with one line on
/// stderr; the subcommand's own status (ok, or bad_input for a refused option) passes through.
template <class F>
int guarded(F&& run) {
  try {
    return run();
  } catch (const tijian::error& e) {
    std::cerr << "tijian: " << e.what() << "\n";
    return bad_input;
  } catch (const std::exception& e) {
    std::cerr << "tijian: unexpected failure: " << tijian::escaped(e.what()) << "\n";
    return unexpected;
  } catch (...) {
    std::cerr << "tijian: unexpected failure\n";
    return unexpected;
  }
}

/// Parses the command line. Returns -1 to go on, or the status to exit with: 0 after --help
/// (the help of the command it follows: `tijian check --help`) or --version; 2 for an unknown
/// command (named as such, with the list of commands) and for every error CLI11 reports (a
/// missing or unknown option, a value out of its range), whose own codes (105, 106, 109, ...)
/// would break the documented statuses.
inline int parse(CLI::App& app, int argc, char** argv) {
  // the words before the first option name commands (`tijian ledger update`): each must be one
  // of the commands of the group it follows, else it is named as an unknown command
  CLI::App* group = &app;
  std::string path = "tijian";
  for (int i = 1; i < argc && argv[i][0] != '-'; ++i) {
    const auto commands = group->get_subcommands([](CLI::App*) { return true; });
    if (commands.empty()) break;  // a command: what follows are its arguments
    const std::string name = argv[i];
    CLI::App* next = nullptr;
    std::string names;
    for (CLI::App* sub : commands) {
      if (sub->check_name(name)) next = sub;
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (next == nullptr) {
      std::cerr << "tijian: unknown command '" << tijian::escaped(name) << "'";
      if (group != &app) std::cerr << " of '" << path << "'";
      std::cerr << "; the commands are: " << names << "\nRun '" << path << " --help' for what each does.\n";
      return bad_input;
    }
    group = next;
    path += " " + next->get_name();
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --help-all, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "tijian: " << tijian::escaped(e.what()) << "\n";
    std::string command;
    for (const CLI::App* sub = &app; sub != nullptr;) {
      const auto chosen = sub->get_subcommands();
      if (chosen.empty()) break;
      sub = chosen.front();
      command += " " + sub->get_name();
    }
    std::cerr << "Run 'tijian" << command << " --help' for the options.\n";
    return bad_input;
  }
  return -1;
}

}  // namespace cli_exit
