// SPDX-License-Identifier: MIT
// Internal helpers of the I/O layer, shared by csv.cpp, framework_io.cpp, recipe_io.cpp and
// result_io.cpp: file reading, encoding detection, the RFC 4180 record splitter, number and
// missing-value parsing, and atomic file writing. Not installed, not public API.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tijian/error.hpp"
#include "tijian/io/csv.hpp"

namespace tijian::io_detail {

/// Which error class a shared helper throws: the file kind decides.
enum class domain { data, framework, recipe };

/// (`message_zh`: the Chinese wording, error.hpp)
[[noreturn]] void raise(domain d, const std::string& id, const std::string& message, location where,
                        const std::string& message_zh = {});

/// The whole file as bytes. Throws (id "io.read") naming the path when it cannot be read.
[[nodiscard]] std::string read_file(const std::string& path, domain d);

/// Offset of the first byte that is not part of valid UTF-8 (overlong forms, surrogates and
/// code points above U+10FFFF are invalid), or npos.
[[nodiscard]] std::size_t invalid_utf8_offset(std::string_view s) noexcept;

/// 1-based line of a byte offset (counting LF bytes before it).
[[nodiscard]] std::size_t line_of_offset(std::string_view s, std::size_t offset) noexcept;

/// Text as UTF-8 without a byte-order mark. `converted` is set when it came from GB18030.
/// Throws "<domain>.encoding" (data., framework. or recipe.) naming file, line and byte offset.
[[nodiscard]] std::string decode_text(std::string_view bytes, text_encoding enc, const std::string& source,
                                      domain d, bool& converted);

/// One CSV record: its fields and the 1-based physical line on which each field starts.
struct csv_record {
  std::vector<std::string> fields;
  std::vector<std::size_t> lines;
  std::size_t line = 0;  ///< line where the record starts

  [[nodiscard]] bool blank() const noexcept;  ///< every field empty or spaces only
};

/// RFC 4180 splitter over UTF-8 text.
class csv_splitter {
 public:
  csv_splitter(std::string_view text, char delimiter, std::string source, domain d)
      : text_(text), delim_(delimiter), source_(std::move(source)), domain_(d) {}

  /// Next record; false at the end of the text. Throws "<domain>.csv_syntax" for an
  /// unterminated quoted field or text after a closing quote.
  bool next(csv_record& out);

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  char delim_;
  std::string source_;
  domain domain_;
};

/// ',' ';' or '\t': the most frequent outside quotes in the first record (',' on a tie/none).
[[nodiscard]] char detect_delimiter(std::string_view text) noexcept;

/// True for the documented missing-value tokens (the text is trimmed first).
[[nodiscard]] bool is_missing_token(std::string_view text);

/// Result of reading one cell as a number.
struct number_parse {
  enum class status {
    ok,
    missing,
    thousands,
    percent,
    bad_grouping,
    full_width,
    out_of_range,
    excel_error,
    not_a_number
  } state = status::not_a_number;
  double value = 0.0;
  bool removed_thousands = false;  ///< lenient rewrite applied
  bool removed_percent = false;    ///< lenient rewrite applied
};

/// Reads a cell. In strict mode "1,234" gives status::thousands and "12%" status::percent
/// (both refusals, with a specific hint); in lenient mode they are parsed and flagged.
[[nodiscard]] number_parse parse_number(std::string_view text, number_format fmt);

/// Advice for a refused number ("remove thousands separators or ..."), for error messages.
[[nodiscard]] std::string number_advice(const number_parse& p, number_format fmt);

/// Spreadsheet letters of a 1-based column number: 1 -> "A", 28 -> "AB".
[[nodiscard]] std::string column_letters(std::size_t column);

/// ASCII lower case of trimmed text.
[[nodiscard]] std::string key_of(std::string_view header);

/// Shortest text that reads back to the same double (locale-independent); "" for NaN.
[[nodiscard]] std::string number_text(double v);

/// A CSV output field, quoted (RFC 4180) when it holds a delimiter, quote, line break or
/// leading/trailing space. Shared by the result and check-result writers.
[[nodiscard]] inline std::string csv_field(const std::string& s) {
  const bool quote = s.find_first_of(",\"\r\n") != std::string::npos ||
                     (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (!quote) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

/// TOML basic string with escapes for quotes, backslashes and control characters.
[[nodiscard]] std::string toml_quote(std::string_view s);

}  // namespace tijian::io_detail
