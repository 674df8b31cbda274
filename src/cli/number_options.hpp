// SPDX-License-Identifier: MIT
// Numbers on the command line, read strictly: the whole token is the number ("0.2abc", "1e", " 3"
// and "nan" are refused), and each option says its allowed range where it is declared, so that a
// bad value is refused before any file is read (exit 2) with a message naming the option and the
// range: "--dirichlet: must be a number from 0.01 to 1e+06, not '0.2abc'".
#pragma once

#include <CLI/CLI.hpp>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <sstream>
#include <string>

#include <tijian/error.hpp>

namespace number_cli {

/// The finite number the whole of `s` writes (decimal or exponent notation), or nothing.
[[nodiscard]] inline std::optional<double> parse_real(const std::string& s) {
  if (s.empty() || std::isspace(static_cast<unsigned char>(s.front())) != 0) return std::nullopt;
  // strtod also reads "nan", "inf" and hexadecimal floats: none of them is a plain number here
  for (char c : s)
    if (!(std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '+' || c == 'e' ||
          c == 'E'))
      return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v) || errno == ERANGE) return std::nullopt;
  return v;
}

/// The integer the whole of `s` writes (an optional sign and decimal digits), or nothing.
[[nodiscard]] inline std::optional<long long> parse_integer(const std::string& s) {
  if (s.empty()) return std::nullopt;
  std::size_t i = s.front() == '-' || s.front() == '+' ? 1 : 0;
  if (i == s.size()) return std::nullopt;
  for (std::size_t k = i; k < s.size(); ++k)
    if (std::isdigit(static_cast<unsigned char>(s[k])) == 0) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno == ERANGE || end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

/// A number as an error message writes it: 0.01, 1e+06, 2147483647.
[[nodiscard]] inline std::string text(double v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

/// "from 0.01 to 1e+06", "above 0 and below 1", "from 0 to below 1", "above 0, at most 1".
[[nodiscard]] inline std::string range_text(double lo, double hi, bool open_lo, bool open_hi) {
  if (open_lo && open_hi) return "above " + text(lo) + " and below " + text(hi);
  if (open_lo) return "above " + text(lo) + ", at most " + text(hi);
  return "from " + text(lo) + (open_hi ? " to below " : " to ") + text(hi);
}

/// The same in Chinese: "0.01 到 1e+06", "大于 0 且小于 1", "0 到小于 1", "大于 0、至多 1".
[[nodiscard]] inline std::string range_text_zh(double lo, double hi, bool open_lo, bool open_hi) {
  if (open_lo && open_hi) return "大于 " + text(lo) + " 且小于 " + text(hi);
  if (open_lo) return "大于 " + text(lo) + "、至多 " + text(hi);
  return text(lo) + (open_hi ? " 到小于 " : " 到 ") + text(hi);
}

/// The refusal of a value, in both wordings (cli_exit::in_language keeps the one of --lang).
[[nodiscard]] inline std::string refusal(const std::string& range_en, const std::string& range_zh,
                                         const std::string& value) {
  return "must be " + range_en + ", not '" + tijian::escaped(value) + "'" + '\x1F' + "须为 " + range_zh +
         "，而不是 '" + tijian::escaped(value) + "'";
}

/// Accepts a number from `lo` to `hi` (each bound included unless `open_lo` / `open_hi`).
[[nodiscard]] inline CLI::Validator real(double lo, double hi, bool open_lo = false, bool open_hi = false) {
  const std::string range = "a number " + range_text(lo, hi, open_lo, open_hi);
  const std::string range_zh = range_text_zh(lo, hi, open_lo, open_hi) + " 的数";
  return CLI::Validator(
      [=](std::string& s) -> std::string {
        const auto v = parse_real(s);
        const bool ok = v && (open_lo ? *v > lo : *v >= lo) && (open_hi ? *v < hi : *v <= hi);
        return ok ? std::string() : refusal(range, range_zh, s);
      },
      "NUMBER in " + std::string(open_lo ? "(" : "[") + text(lo) + ", " + text(hi) + (open_hi ? ")" : "]"));
}

/// Accepts an integer from `lo` to `hi`.
[[nodiscard]] inline CLI::Validator integer(long long lo, long long hi) {
  const std::string range = "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
  const std::string range_zh = std::to_string(lo) + " 到 " + std::to_string(hi) + " 的整数";
  return CLI::Validator(
      [=](std::string& s) -> std::string {
        const auto v = parse_integer(s);
        return v && *v >= lo && *v <= hi ? std::string() : refusal(range, range_zh, s);
      },
      "INT in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

/// The largest count an option of type T takes (std::size_t counts stop at 2^31 - 1: no command
/// needs more, and the size of what they allocate is checked by the library too).
inline constexpr long long max_count = std::numeric_limits<std::int32_t>::max();

/// A year: 1000 to 9999.
[[nodiscard]] inline CLI::Validator year() { return integer(1000, 9999); }

/// A number inside an option's own syntax (--noise 2=0.25): strictly, or recipe_error `id` naming
/// the option, the part and its range (in both languages).
[[nodiscard]] inline double real_in(const std::string& part, double lo, double hi, bool open_hi,
                                    const std::string& id, const std::string& what,
                                    const std::string& what_zh) {
  const auto v = parse_real(part);
  if (!v || *v < lo || (open_hi ? *v >= hi : *v > hi))
    throw tijian::recipe_error(id,
                               what + " must be a number " + range_text(lo, hi, false, open_hi) + ", not '" +
                                   tijian::escaped(part) + "'",
                               {},
                               what_zh + " 须为 " + range_text_zh(lo, hi, false, open_hi) +
                                   " 的数，而不是 '" + tijian::escaped(part) + "'");
  return *v;
}

[[nodiscard]] inline long long integer_in(const std::string& part, long long lo, long long hi,
                                          const std::string& id, const std::string& what,
                                          const std::string& what_zh) {
  const auto v = parse_integer(part);
  if (!v || *v < lo || *v > hi)
    throw tijian::recipe_error(id,
                               what + " must be an integer from " + std::to_string(lo) + " to " +
                                   std::to_string(hi) + ", not '" + tijian::escaped(part) + "'",
                               {},
                               what_zh + " 须为 " + std::to_string(lo) + " 到 " + std::to_string(hi) +
                                   " 的整数，而不是 '" + tijian::escaped(part) + "'");
  return *v;
}

}  // namespace number_cli
