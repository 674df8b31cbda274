// SPDX-License-Identifier: MIT
// Small string helpers shared by the framework, the readers and the diagnostics. Not public API.
#pragma once

#include <algorithm>
#include <cctype>
#include <charconv>
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
  char buf[48];  // (the longest "%.17g" is 24 characters; GCC cannot see that prec <= 17)
  const double a = std::fabs(v);
  const bool plain = a == 0 || (a >= 1e-4 && a < 1e15);  // no exponent in this range
  // The text is "%.*g" at the fewest digits that read back as v (and, in the plain range, show
  // no exponent). The search starts where it can first succeed, so that it costs one or two
  // snprintf calls rather than up to 17 (it was a sixth of a small uncertainty analysis): no
  // fewer digits than the shortest round trip (std::to_chars) read back, and a plain number
  // with decimal exponent x is written with an exponent below x + 1 digits.
  int prec = 1;
  {
    char sci[40];
    const auto r = std::to_chars(sci, sci + sizeof sci - 1, v, std::chars_format::scientific);
    *r.ptr = '\0';  // (at most 24 characters)
    int digits = 0;
    const char* p = sci;
    for (; p != r.ptr && *p != 'e'; ++p) digits += *p >= '0' && *p <= '9';
    const int exponent = p != r.ptr ? std::atoi(p + 1) : 0;
    prec = std::max(digits, plain ? exponent + 1 : 1);
    prec = std::min(std::max(prec, 1), 17);
  }
  for (; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v && !(plain && std::strchr(buf, 'e'))) break;
  }
  return buf;
}

}  // namespace tijian::detail
