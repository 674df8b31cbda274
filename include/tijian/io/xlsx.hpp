// SPDX-License-Identifier: MIT
// Excel workbooks (.xlsx, Office Open XML, ECMA-376): the cells of one worksheet as text, and a
// document's tables written as a workbook. Compiled in src/io/xlsx_read.cpp (libzip for the zip
// container, pugixml for the XML) and src/io/xlsx_write.cpp (libxlsxwriter).
//
// Reading: every cell becomes the text a CSV export of it would hold, so that every reader of
// tables (text_grid, the panel reader) applies the same rules to a workbook as to a CSV file.
//   shared strings     the string; rich-text runs are joined, phonetic guides (rPh) left out
//   inline strings     the same
//   numbers            the shortest decimal text that reads back to the same double ("0.1",
//                      "1234.5", "1e-07"), whatever the cell's display format; a cell shown as
//                      12% holds 0.12 and is read as 0.12 (Excel stores percentages as ratios)
//   dates              a number whose format is a date or time format (the built-in formats
//                      14-22, 27-36, 45-47, 50-58, and custom formats with d, m, y, h or s outside
//                      quotes and brackets) becomes an ISO 8601 text: "2024-05-01" for a whole
//                      day, "2024-05-01T08:30:00" with a time of day, "08:30:00" for a time alone
//                      (serial below 1 in a format without d or y). Serials count from 1900-01-01
//                      = 1 with Excel's phantom 1900-02-29 (serial 60), or from 1904-01-01 = 0 in
//                      workbooks with the 1904 date system
//   booleans           "TRUE" / "FALSE"
//   error values       as Excel shows them ("#DIV/0!", "#N/A"); readers refuse them as numbers
//   formulas           their cached value (the result Excel saved), typed as above. A formula
//                      without a cached value (written by a program that does not compute) is
//                      an error: open and save the workbook in Excel or LibreOffice first
//   empty cells        "" (also cells absent from a sparse sheet: cells are placed by their
//                      reference, "C7", not by their order)
// Merged cells keep their value in the top-left cell only, as Excel stores them.
//
// Refused with a data_error naming the file (and sheet): not a zip or a damaged/truncated one
// ("data.xlsx_damaged"), a password-protected workbook ("data.xlsx_encrypted"), an Excel 97-2003
// .xls file, also when renamed to .xlsx ("data.xls"), a workbook without the sheet asked for
// ("data.missing_sheet", listing the sheets), a formula without a cached value
// ("data.xlsx_formula").
//
// Writing (write_document_xlsx): one worksheet per table of the document, in order.
//   sheet names  the table's label in the language of table_format (its ASCII name with
//                header_style::codes), cut to 31 characters, the characters Excel forbids
//                ([ ] : * ? / \) replaced by '_', made unique with " (2)", " (3)", ...
//   headers      as the CSV writer's (io/table_io.hpp): codes (ASCII column names, a categorical
//                column followed by <name>_zh) or labels in table_format::lang (only that
//                language's one-language columns). The second header row holds each column's
//                unit (fixed unit in that language; "" for none). Both rows are frozen.
//   cells        reals and integers as numbers (NaN and missing cells empty; libxlsxwriter
//                writes 16 significant digits, Excel shows 15, so the last bit of a double may
//                differ: JSON keeps every bit; whole numbers beyond 2^53 stay text), booleans as
//                TRUE/FALSE (codes) or 是/否, yes/no (labels), categorical cells as their code
//                (codes) or label, text as text; a unit column as the table of units writes it.
//   widths       each column as wide as its longest text, counting CJK characters double.
// The workbook is written to a temporary file in the same directory and renamed, so a failed
// write leaves no partial file ("io.write").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "../table.hpp"
#include "table_io.hpp"

namespace tijian {

/// The cells of one worksheet as text (see above). Rows that hold no cell are left out.
struct xlsx_sheet {
  std::string source;                    ///< the file, for messages
  std::string name;                      ///< the sheet's name
  std::vector<std::string> sheet_names;  ///< every sheet of the workbook, in order
  struct row {
    std::size_t number = 0;          ///< 1-based spreadsheet row
    std::vector<std::string> cells;  ///< cells[0] is column A; trailing empty cells dropped
  };
  std::vector<row> rows;  ///< in increasing row number
};

/// The worksheet named `sheet` (the first sheet when empty) of an .xlsx file. Throws
/// data_error ("io.read" when the file cannot be read; the ids listed above).
[[nodiscard]] xlsx_sheet read_xlsx_sheet(const std::string& path, const std::string& sheet = {});

/// The same for the bytes of a file; `source` names it in messages.
[[nodiscard]] xlsx_sheet parse_xlsx_sheet(std::string_view bytes, const std::string& source,
                                          const std::string& sheet = {});

/// The names of the sheets of an .xlsx file, in workbook order.
[[nodiscard]] std::vector<std::string> xlsx_sheet_names(const std::string& path);

/// True when `path` ends in ".xlsx" or ".xlsm" (any letter case): the readers and writers that
/// dispatch on the extension ask this.
[[nodiscard]] bool is_xlsx_path(std::string_view path) noexcept;

/// A legal, unique worksheet name for `wanted` among `taken` (see above); adds it to `taken`.
[[nodiscard]] std::string xlsx_sheet_name(const std::string& wanted, std::vector<std::string>& taken);

/// Every table of the document as one worksheet of an .xlsx workbook at `path` (see above).
/// `format.bom` is ignored. Throws tijian::error "io.write" when the file cannot be written.
void write_document_xlsx(const document& d, const std::string& path, const table_format& format = {});

}  // namespace tijian
