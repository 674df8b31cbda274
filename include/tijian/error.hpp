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

  /// "file:line:column, node 'X', unit 'Y', ..." with the unknown parts left out; in Chinese
  /// (`zh`) "file:line:column，节点 'X'，单元 'Y'，..." (工作表, 第 7 行, C 列, 指标, 时期).
  [[nodiscard]] std::string str(bool zh = false) const {
    std::string out;
    auto add = [&out, zh](const std::string& part) {
      if (part.empty()) return;
      if (!out.empty()) out += zh ? "，" : ", ";
      out += part;
    };
    if (!sheet.empty()) {
      add(file);
      add((zh ? "工作表 '" : "sheet '") + sheet + "'");
      if (line > 0) add(zh ? "第 " + std::to_string(line) + " 行" : "row " + std::to_string(line));
      if (column > 0) {
        std::string letters;
        for (std::size_t c = column; c > 0; c = (c - 1) / 26)
          letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
        const std::string header = indicator.empty() ? "" : " (" + indicator + ")";
        add(zh ? letters + " 列" + header : "column " + letters + header);
      }
    } else if (!file.empty()) {
      std::string f = file;
      if (line > 0) f += ":" + std::to_string(line);
      if (line > 0 && column > 0) f += ":" + std::to_string(column);
      add(f);
    } else if (line > 0) {
      if (zh)
        add("第 " + std::to_string(line) + " 行" +
            (column > 0 ? "第 " + std::to_string(column) + " 列" : ""));
      else add("line " + std::to_string(line) + (column > 0 ? ", column " + std::to_string(column) : ""));
    }
    if (!node.empty()) add((zh ? "节点 '" : "node '") + node + "'");
    if (!indicator.empty() && (sheet.empty() || column == 0))
      add((zh ? "指标 '" : "indicator '") + indicator + "'");
    if (!unit.empty()) add((zh ? "单元 '" : "unit '") + unit + "'");
    if (!period.empty()) add((zh ? "时期 '" : "period '") + period + "'");
    return out;
  }
};

/// Base of every tijian error. Derives from std::invalid_argument so that pybind11 maps it to
/// ValueError. `id()` is stable ("framework.unknown_parent"); the wording may change. `what()` is
/// safe for any byte the message quotes (see escaped()); `where()` keeps the parts as given.
/// The errors a user's input can cause (the readers, the parameters) also carry a Chinese
/// wording, which `text(true)` gives (the program with `--lang zh`, `err.message_zh` in Python);
/// what() is English.
class error : public std::invalid_argument {
 public:
  error(std::string id, const std::string& message, location where = {}, std::string message_zh = {})
      : std::invalid_argument(format(id, message, where, false)),
        id_(std::move(id)),
        message_(message),
        message_zh_(std::move(message_zh)),
        where_(std::move(where)) {}

  [[nodiscard]] const std::string& id() const noexcept { return id_; }
  /// The message alone, as given (without the id, the place and the escaping of what()).
  [[nodiscard]] const std::string& message() const noexcept { return message_; }
  /// The Chinese wording of message() ("" when the error has none yet).
  [[nodiscard]] const std::string& message_zh() const noexcept { return message_zh_; }
  [[nodiscard]] const location& where() const noexcept { return where_; }
  /// what(), or with `zh` the same in Chinese ("[tijian.<id>] 消息 (file:line，节点 'X')"); an
  /// error without a Chinese wording stays English.
  [[nodiscard]] std::string text(bool zh) const {
    if (!zh || message_zh_.empty()) return what();
    return format(id_, message_zh_, where_, true);
  }

 private:
  static std::string format(const std::string& id, const std::string& message, const location& where,
                            bool zh) {
    // escaped as a whole: whatever a message quotes (a cell, a code, a path) keeps it one line of
    // valid UTF-8 with its place at the end
    std::string text = "[tijian." + id + "] " + message;
    const std::string place = where.str(zh);
    if (!place.empty()) text += zh ? "（" + place + "）" : " (" + place + ")";
    return escaped(text);
  }
  std::string id_;
  std::string message_;
  std::string message_zh_;
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
