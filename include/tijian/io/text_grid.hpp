// SPDX-License-Identifier: MIT
// A table of text cells read from a file, with the location of every cell: the common input of
// every reader of tabular files other than indicator panels (survey answers, edited ledger
// sheets, assessor grades, tolerances). Readers validate the content; the grid only guarantees
// the shape and says where each cell came from, so their errors can name file, line and column.
//
// Shape
//   The first row that is not blank and does not start with '#' is the header. Headers are
//   trimmed; an empty header or a header used twice is an error (data.empty_column_name,
//   data.duplicate_column) naming the column. Rows that hold only blanks are skipped. Every
//   kept row has exactly header.size() cells (data.field_count otherwise), each trimmed.
//
// CSV: the encoding, delimiter and quoting rules of the panel reader (io/csv.hpp): UTF-8 with
// or without a byte-order mark, GB18030 converted when the bytes are not UTF-8, ',' ';' or TAB
// detected from the header, RFC 4180 quotes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../error.hpp"
#include "csv.hpp"

namespace tijian {

struct grid_options {
  text_encoding encoding = text_encoding::auto_detect;
  char delimiter = 0;  ///< 0 = detect ',' ';' or '\t' from the header
  std::string sheet;   ///< workbooks: the sheet to read (empty = the first)
};

struct text_grid {
  std::string source;  ///< the file as given
  std::string sheet;   ///< the workbook sheet read; empty for CSV
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> lines;  ///< 1-based line (CSV) or sheet row of each row
  std::size_t header_line = 1;
  bool converted = false;  ///< the bytes were GB18030 and were converted to UTF-8

  /// Column whose header equals `name` (exactly, else ignoring ASCII case); nullopt if none.
  [[nodiscard]] std::optional<std::size_t> find_column(std::string_view name) const;

  /// Location of a cell (0-based row of `rows`, 0-based column) for error messages; `row` equal
  /// to rows.size() or larger means the header.
  [[nodiscard]] location where(std::size_t row, std::size_t column) const;

  /// "column 3 (C) '责任单位'": how messages name a column.
  [[nodiscard]] std::string column_name(std::size_t column) const;
};

/// Reads a table of text cells from a file (CSV; the extension decides the format). Throws
/// data_error (ids "io.read", "data.encoding", "data.csv_syntax", "data.empty",
/// "data.empty_column_name", "data.duplicate_column", "data.field_count").
[[nodiscard]] text_grid read_text_grid(const std::string& path, const grid_options& options = {});

/// Parses CSV bytes; `source` names the input in messages.
[[nodiscard]] text_grid parse_text_grid_csv(std::string_view bytes, const std::string& source,
                                            const grid_options& options = {});

}  // namespace tijian
