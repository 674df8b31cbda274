// SPDX-License-Identifier: MIT
// The exit statuses of every subcommand, in one place: 0 ok, 2 bad input (a tijian::error, whose
// message names the file, line, column, unit and indicator), 1 an unexpected failure (a bug or
// the system: out of memory, a full disk). Scripts and CI jobs tell the two failures apart by
// the status, so no command may map them differently.
#pragma once

#include <exception>
#include <iostream>

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
    std::cerr << "tijian: unexpected failure: " << e.what() << "\n";
    return unexpected;
  }
}

}  // namespace cli_exit
