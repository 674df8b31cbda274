// SPDX-License-Identifier: MIT
// Errors for untrusted input. Every error carries a stable id (tests assert on it) and the place
// it refers to: file, line, column, node, unit, indicator. Messages say how to fix the input.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tijian {

/// Text from a file, a cell, a code or a path made safe to quote in a message: valid UTF-8
/// (Chinese included) is kept, control characters become C escapes (\0, \t, \n, \r, \x1B) and
/// bytes that are not UTF-8 become \xNN, so that a NUL or a stray GBK byte cannot cut a message
/// short or break a terminal, a log or a Python str. The one escaper of every error message.
[[nodiscard]] inline std::string escaped(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  auto escape = [&out](unsigned char c) {
    out += "\\x";
    out += hex[c >> 4];
    out += hex[c & 15];
  };
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) {
      switch (c) {
        case 0: out += "\\0"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: escape(c);
      }
      ++i;
      continue;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    // the length of a well-formed UTF-8 sequence starting here (RFC 3629: no overlong forms,
    // no surrogates, nothing above U+10FFFF), 0 if it is not one
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    }
    bool ok = n > 0 && i + n <= s.size();
    for (std::size_t k = 1; ok && k < n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      ok = k == 1 ? b >= lo && b <= hi : b >= 0x80 && b <= 0xBF;
    }
    if (!ok) {
      escape(c);
      ++i;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

/// Where a problem is. Empty fields and zero line/column are "unknown" and left out of messages.
struct location {
  std::string file;
  std::size_t line = 0;
  std::size_t column = 0;
  std::string node;       ///< framework node code
  std::string unit;       ///< unit code (city)
  std::string indicator;  ///< indicator code or data column name
  std::string period;     ///< period label (year)
  /// Worksheet of a workbook (xlsx). With a sheet, `line` is the spreadsheet row, `column` is
  /// shown as its letters and the column's header (`indicator`) follows it in brackets:
  /// "x.xlsx, sheet '问题清单', row 7, column C (责任单位)".
  std::string sheet = {};

  /// "file:line:column, node 'X', unit 'Y', ..." with the unknown parts left out.
  [[nodiscard]] std::string str() const {
    std::string out;
    auto add = [&out](const std::string& part) {
      if (part.empty()) return;
      if (!out.empty()) out += ", ";
      out += part;
    };
    if (!sheet.empty()) {
      add(file);
      add("sheet '" + sheet + "'");
      if (line > 0) add("row " + std::to_string(line));
      if (column > 0) {
        std::string letters;
        for (std::size_t c = column; c > 0; c = (c - 1) / 26)
          letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
        add("column " + letters + (indicator.empty() ? "" : " (" + indicator + ")"));
      }
    } else if (!file.empty()) {
      std::string f = file;
      if (line > 0) f += ":" + std::to_string(line);
      if (line > 0 && column > 0) f += ":" + std::to_string(column);
      add(f);
    } else if (line > 0) {
      add("line " + std::to_string(line) + (column > 0 ? ", column " + std::to_string(column) : ""));
    }
    if (!node.empty()) add("node '" + node + "'");
    if (!indicator.empty() && (sheet.empty() || column == 0)) add("indicator '" + indicator + "'");
    if (!unit.empty()) add("unit '" + unit + "'");
    if (!period.empty()) add("period '" + period + "'");
    return out;
  }
};

/// Base of every tijian error. Derives from std::invalid_argument so that pybind11 maps it to
/// ValueError. `id()` is stable ("framework.unknown_parent"); the wording may change. `what()` is
/// safe for any byte the message quotes (see escaped()); `where()` keeps the parts as given.
class error : public std::invalid_argument {
 public:
  error(std::string id, const std::string& message, location where = {})
      : std::invalid_argument(format(id, message, where)),
        id_(std::move(id)),
        message_(message),
        where_(std::move(where)) {}

  [[nodiscard]] const std::string& id() const noexcept { return id_; }
  /// The message alone, as given (without the id, the place and the escaping of what()).
  [[nodiscard]] const std::string& message() const noexcept { return message_; }
  [[nodiscard]] const location& where() const noexcept { return where_; }

 private:
  static std::string format(const std::string& id, const std::string& message, const location& where) {
    // escaped as a whole: whatever a message quotes (a cell, a code, a path) keeps it one line of
    // valid UTF-8 with its place at the end
    std::string text = "[tijian." + id + "] " + message;
    const std::string place = where.str();
    if (!place.empty()) text += " (" + place + ")";
    return escaped(text);
  }
  std::string id_;
  std::string message_;
  location where_;
};

/// The framework (indicator tree, targets, weights) is inconsistent.
class framework_error : public error {
 public:
  using error::error;
};

/// The indicator data (panel) is malformed or does not match the framework.
class data_error : public error {
 public:
  using error::error;
};

/// The recipe (methodological choices) is invalid or cannot be applied to this data.
class recipe_error : public error {
 public:
  using error::error;
};

}  // namespace tijian
