// SPDX-License-Identifier: MIT
// What every harness checks: a reader given any bytes either returns or throws a tijian::error.
// Any other exception is a finding: it is printed and the process aborts, which libFuzzer reports
// as a crash with the input saved (crash-<sha1>). Crashes, sanitizer reports, leaks and timeouts
// are findings through libFuzzer itself.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include "tijian/error.hpp"

namespace tijian::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Runs `read`; a tijian::error is an accepted outcome, anything else aborts with its message.
template <class Read>
void parses_or_refuses(const char* what, Read&& read) {
  try {
    read();
  } catch (const tijian::error&) {
    // the documented outcome for bad input
  } catch (const std::exception& e) {
    std::fprintf(stderr, "FINDING: %s threw a non-tijian exception: %s\n", what, e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "FINDING: %s threw a non-std exception\n", what);
    std::abort();
  }
}

/// A property of an accepted input that does not hold (e.g. a written document that does not
/// read back): a finding.
inline void require(bool ok, const char* what, const std::string& detail) {
  if (!ok) {
    std::fprintf(stderr, "FINDING: %s\n%s\n", what, detail.c_str());
    std::abort();
  }
}

}  // namespace tijian::fuzz
