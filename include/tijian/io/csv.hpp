// SPDX-License-Identifier: MIT
// Reading indicator data from a wide CSV table: one row per unit (city) and period (year), one
// column per indicator. The file is untrusted (an Excel export, a hand-edited table): every
// problem stops with a data_error that names the file, the line, the column, the unit and the
// indicator and says how to fix the input; nothing is changed silently.
//
// Text encoding
//   UTF-8 with or without a byte-order mark is read as it is. With text_encoding::auto_detect
//   (the default) a file that is not valid UTF-8 is converted from GB18030 (a superset of GBK
//   and GB2312, what Chinese Excel writes by default) and the panel records the note
//   "converted from GB18030 to UTF-8". If that conversion fails too, the error names the byte
//   offset and line and says: save the file as UTF-8 (Excel: Save As > CSV UTF-8).
//   text_encoding::utf8 refuses invalid UTF-8 with the same advice, and so does auto_detect
//   for a file that starts with a UTF-8 byte-order mark; text_encoding::gb18030 always
//   converts. UTF-16 files (byte-order mark FF FE or FE FF) are refused.
//
// Syntax (RFC 4180)
//   Fields are separated by ',', ';' or TAB: with delimiter = 0 the reader counts them in the
//   header line (outside quotes) and takes the most frequent (',' on a tie). Fields may be
//   quoted with '"'; a quoted field may contain the delimiter, line breaks and doubled quotes
//   (""). Records end with LF or CRLF. Lines before the header that start with '#' are comments
//   (e.g. "# SYNTHETIC data, not measurements") and are skipped. Lines that hold nothing but delimiters and spaces are
//   skipped. Every record must have as many fields as the header.
//
// Column roles (headers are trimmed; names below are matched case-insensitively, and in the
// order given, so "uCode" wins over "code" when a file has both)
//   unit    csv_options::unit_column, else uCode, UnitCode, unit, unit_code, code, city_code, iso3,
//           城市代码, 代码; else the first column.
//   name    csv_options::name_column, else uName, UnitName, name, unit_name, city, country, 城市, 名称
//           (optional: without it unit names are empty strings).
//   period  csv_options::period_column, else Time, year, period, 年份, 年 (optional: without it
//           every row has period ""). Integer years: "2023.0" is read as "2023", anything else
//           ("abc", "2023-Q1") is data_error "data.period" at the cell (panel.hpp, period_label).
//   groups  csv_options::group_columns plus every header ending in "_group" (COINr convention)
//           or starting with "Group_" (COINr 6 exports);
//           their cells are kept as text.
//   Every other column is an indicator and must hold numbers. A column named in csv_options
//   that is not in the file, an empty header and a header used twice are errors naming the
//   column number.
//
// Missing values: a cell that is empty or, after trimming spaces, one of
//     NA  N/A  #N/A  NaN  null  -  —  ..  缺失  无
//   (ASCII tokens in any letter case: na, nan, NAN, Null, ... ) becomes NaN.
//
// Numbers
//   number_format::strict (default): a plain decimal or scientific number, optionally signed,
//   optionally surrounded by spaces: 12, -0.5, .5, 3., 1.2e-3, +7. Everything else is refused,
//   including "1,234", "12%", "inf", "0x10", Excel error values (#DIV/0!) and full-width digits.
//   number_format::lenient additionally accepts
//     - thousands separators, only when the commas group the digits properly:
//       ^-?\d{1,3}(,\d{3})+(\.\d+)?$  ("1,234,567.5" -> 1234567.5; "1,23" is still refused);
//     - a trailing percent sign "%" or full-width "％", which is dropped and the number kept
//       as it is: "12%" -> 12 (not 0.12), because indicator units are normally stated in
//       percent ("绿化覆盖率 %").
//   Each kind of rewrite adds one note to panel::notes with the number of cells it touched.
//   Full-width digits and any other text are refused in both modes.
//
// Excel workbooks (.xlsx): read_panel reads the first sheet (or csv_options::sheet) through
//   io/xlsx.hpp, which gives every cell the text a CSV export would hold (numbers as their
//   shortest round-trip text, dates as ISO dates, formulas as their saved results). The header
//   is the first row that is not empty and not a comment ('#' in column A); columns are the
//   sheet's columns from A to the last header cell; empty rows are skipped; a value right of
//   the header is an error. From there a sheet goes through the same step as a CSV file: the
//   column roles, missing-value tokens and number rules above apply to it unchanged (a number
//   cell is always a plain number; a text cell "1,234" or "12%" follows number_format). The
//   encoding and delimiter options do not apply. Errors name the sheet, the row and the column
//   letters: "data.xlsx, sheet '2023', row 7, column C (PM25), unit 'S01'".
//
// Location convention: `location::line` is the 1-based physical line of the cell (the header
// is line 1) and `location::column` the 1-based field number (column 5 = spreadsheet column E).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "../names.hpp"
#include "../panel.hpp"

namespace tijian {

enum class text_encoding {
  auto_detect,  ///< UTF-8 if the bytes are valid UTF-8, otherwise GB18030 (noted)
  utf8,         ///< UTF-8 only; invalid bytes are an error
  gb18030,      ///< always converted from GB18030 (covers GBK and GB2312)
};

enum class number_format {
  strict,   ///< plain decimal / scientific numbers only
  lenient,  ///< also "1,234,567" thousands grouping and a trailing "%" (kept in percent)
};

struct csv_options {
  std::string unit_column;                 ///< empty = detect (see above)
  std::string name_column;                 ///< empty = detect
  std::string period_column;               ///< empty = detect
  std::vector<std::string> group_columns;  ///< in addition to the "*_group" columns
  text_encoding encoding = text_encoding::auto_detect;
  number_format numbers = number_format::strict;
  char delimiter = 0;      ///< 0 = detect ',' ';' or '\t' from the header
  std::string sheet = {};  ///< .xlsx: the sheet to read (empty: the first)
};

/// Reads a panel from a CSV file. Throws data_error (id "io.read" when the file cannot be read;
/// "data.encoding", "data.csv_syntax", "data.empty", "data.empty_column_name",
/// "data.duplicate_column", "data.missing_column", "data.field_count", "data.not_a_number",
/// and the ids of panel::validate, e.g. "data.duplicate_unit").
[[nodiscard]] panel read_panel_csv(const std::string& path, const csv_options& options = {});

/// Parses CSV bytes (as read from a file). `source_name` names the input in messages and
/// becomes panel::source.
[[nodiscard]] panel parse_panel_csv(std::string_view bytes, const std::string& source_name,
                                    const csv_options& options = {});

/// Reads a panel from a CSV file or an Excel workbook: .xlsx / .xlsm files (and any file that
/// starts like a workbook or an .xls file, whatever its name) go to the workbook reader, the rest
/// to the CSV reader. What every command and binding that takes a data path calls. Throws the
/// ids of read_panel_csv and of io/xlsx.hpp ("data.missing_sheet", "data.xlsx_damaged", ...).
[[nodiscard]] panel read_panel(const std::string& path, const csv_options& options = {});

/// Parses the bytes of an .xlsx file (the sheet csv_options::sheet, else the first) into a
/// panel, with the rules of the CSV reader. `source_name` names the input in messages.
[[nodiscard]] panel parse_panel_xlsx(std::string_view bytes, const std::string& source_name,
                                     const csv_options& options = {});

template <>
struct enum_names<text_encoding> {
  static constexpr const char* what = "text encoding";
  static constexpr enum_name<text_encoding> entries[] = {
      {text_encoding::auto_detect, "auto", "自动识别", "detected"},
      {text_encoding::utf8, "utf8", "UTF-8", "UTF-8"},
      {text_encoding::gb18030, "gb18030", "GB18030（含 GBK）", "GB18030 (and GBK)"},
  };
  static constexpr enum_alias<text_encoding> aliases[] = {{"utf-8", text_encoding::utf8},
                                                          {"gbk", text_encoding::gb18030},
                                                          {"gb2312", text_encoding::gb18030}};
};

template <>
struct enum_names<number_format> {
  static constexpr const char* what = "number format";
  static constexpr enum_name<number_format> entries[] = {
      {number_format::strict, "strict", "严格", "strict"},
      {number_format::lenient, "lenient", "宽松（千分位、百分号）",
       "lenient (thousands separators, percent signs)"},
  };
};

}  // namespace tijian
