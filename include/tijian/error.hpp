// SPDX-License-Identifier: MIT
// Errors for untrusted input. Every error carries a stable id (tests assert on it) and the place
// it refers to: file, line, column, node, unit, indicator. Messages say how to fix the input.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace tijian {

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
/// ValueError. `id()` is stable ("framework.unknown_parent"); the wording may change.
class error : public std::invalid_argument {
 public:
  error(std::string id, const std::string& message, location where = {})
      : std::invalid_argument(format(id, message, where)), id_(std::move(id)), where_(std::move(where)) {}

  [[nodiscard]] const std::string& id() const noexcept { return id_; }
  [[nodiscard]] const location& where() const noexcept { return where_; }

 private:
  static std::string format(const std::string& id, const std::string& message, const location& where) {
    std::string text = "[tijian." + id + "] " + message;
    const std::string place = where.str();
    if (!place.empty()) text += " (" + place + ")";
    return text;
  }
  std::string id_;
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
