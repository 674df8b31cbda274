// SPDX-License-Identifier: MIT
// Laying out the printed reports in columns: a Chinese character takes two terminal columns and
// three bytes, so widths are counted in columns, never in bytes.
#pragma once

#include <cmath>
#include <cstddef>
#include <iomanip>
#include <sstream>
#include <string>

namespace console_text {

/// Display width of UTF-8 text: CJK and full-width characters take two terminal columns.
inline std::size_t display_width(const std::string& s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : 4;
    w += len >= 3 ? 2 : 1;
    i += len;
  }
  return w;
}

/// `s` filled with blanks to `width` terminal columns, on the left when `right`-aligned.
inline std::string pad(const std::string& s, std::size_t width, bool right = false) {
  const std::size_t w = display_width(s);
  if (w >= width) return s;
  const std::string fill(width - w, ' ');
  return right ? fill + s : s + fill;
}

/// `v` with `digits` decimals, or "-" for a missing value (NaN).
inline std::string fixed(double v, int digits) {
  if (std::isnan(v)) return "-";
  std::ostringstream o;
  o << std::fixed << std::setprecision(digits) << v;
  return o.str();
}

}  // namespace console_text
