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
#include <vector>

#include <tijian/error.hpp>

namespace cli_exit {

enum status : int { ok = 0, unexpected = 1, bad_input = 2 };

/// Whether this run's messages are Chinese: the --lang of the command given, or its default
/// (zh for check, trend, evaluate, ...). Set by parse().
inline bool chinese = false;

/// A number option's refusal carries both wordings, English then Chinese after this separator
/// (number_options.hpp); the message printed keeps the one of --lang.
inline constexpr char wording_separator = '\x1F';

/// `text` in the language of the run: the part before the separator, or the part after it.
[[nodiscard]] inline std::string in_language(const std::string& text) {
  std::string out;
  std::size_t from = 0;
  // each "EN\x1FZH" piece is cut to one wording; the rest (CLI11's own words) is kept
  while (true) {
    const std::size_t sep = text.find(wording_separator, from);
    if (sep == std::string::npos) break;
    const std::size_t start = text.rfind(": ", sep);
    const std::size_t head = start == std::string::npos || start < from ? from : start + 2;
    std::size_t end = text.find_first_of("\n", sep);
    if (end == std::string::npos) end = text.size();
    out += text.substr(from, head - from);
    out += chinese ? text.substr(sep + 1, end - sep - 1) : text.substr(head, sep - head);
    from = end;
  }
  return out + text.substr(from);
}

/// Runs a subcommand and turns what it throws into the documented status, with one line on
/// stderr, in the language of --lang where the error has a Chinese wording; the subcommand's own
/// status (ok, or bad_input for a refused option) passes through.
template <class F>
int guarded(F&& run) {
  try {
    return run();
  } catch (const tijian::error& e) {
    std::cerr << "tijian: " << e.text(chinese) << "\n";
    return bad_input;
  } catch (const std::exception& e) {
    std::cerr << "tijian: " << (chinese ? "意外故障：" : "unexpected failure: ") << tijian::escaped(e.what())
              << "\n";
    return unexpected;
  } catch (...) {
    std::cerr << "tijian: " << (chinese ? "意外故障" : "unexpected failure") << "\n";
    return unexpected;
  }
}

/// The --lang of `cmd` as given on the command line `args`, else its default (the option's
/// default string), else English.
[[nodiscard]] inline bool chinese_of(const CLI::App* cmd, const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--lang=zh" || (args[i] == "--lang" && i + 1 < args.size() && args[i + 1] == "zh"))
      return true;
    if (args[i] == "--lang=en" || (args[i] == "--lang" && i + 1 < args.size() && args[i + 1] == "en"))
      return false;
  }
  const CLI::Option* o = cmd == nullptr ? nullptr : cmd->get_option_no_throw("--lang");
  return o != nullptr && o->get_default_str() == "zh";
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
      if (chinese_of(group, std::vector<std::string>(argv + 1, argv + argc))) {
        std::cerr << "tijian: 未知的命令 '" << tijian::escaped(name) << "'";
        if (group != &app) std::cerr << "（'" << path << "' 之下）";
        std::cerr << "；可用的命令：" << names << "\n运行 '" << path << " --help' 查看各命令的用途。\n";
        return bad_input;
      }
      std::cerr << "tijian: unknown command '" << tijian::escaped(name) << "'";
      if (group != &app) std::cerr << " of '" << path << "'";
      std::cerr << "; the commands are: " << names << "\nRun '" << path << " --help' for what each does.\n";
      return bad_input;
    }
    group = next;
    path += " " + next->get_name();
  }
  chinese = chinese_of(group, std::vector<std::string>(argv + 1, argv + argc));
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --help-all, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11's own words stay English; a number option's refusal is in --lang
    std::cerr << "tijian: " << tijian::escaped(in_language(e.what())) << "\n";
    std::string command;
    for (const CLI::App* sub = &app; sub != nullptr;) {
      const auto chosen = sub->get_subcommands();
      if (chosen.empty()) break;
      sub = chosen.front();
      command += " " + sub->get_name();
    }
    std::cerr << (chinese ? "运行 'tijian" + command + " --help' 查看选项。\n"
                          : "Run 'tijian" + command + " --help' for the options.\n");
    return bad_input;
  }
  return -1;
}

}  // namespace cli_exit
