// SPDX-License-Identifier: MIT
// Small string helpers shared by the framework, the readers and the diagnostics. Not public API.
#pragma once

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace tijian::detail {

[[nodiscard]] inline std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return std::string(s.substr(b, e - b));
}

/// ASCII lower case; other bytes (UTF-8) unchanged.
[[nodiscard]] inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// Node codes: ASCII letters, digits, '_', '.', '-'; first character a letter or '_'.
[[nodiscard]] inline bool is_valid_code(std::string_view s) noexcept {
  if (s.empty()) return false;
  const auto first = static_cast<unsigned char>(s[0]);
  if (!(std::isalpha(first) || first == '_')) return false;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || !(std::isalnum(c) || c == '_' || c == '.' || c == '-')) return false;
  }
  return true;
}

/// Shortest round-trip decimal text of a double ("nan", "inf", "-inf" for the rest).
[[nodiscard]] inline std::string format_double(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  const double a = std::fabs(v);
  const bool plain = a == 0 || (a >= 1e-4 && a < 1e15);  // no exponent in this range
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v && !(plain && std::strchr(buf, 'e'))) break;
  }
  return buf;
}

}  // namespace tijian::detail
