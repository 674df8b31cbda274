// SPDX-License-Identifier: MIT
// Generic writers of result tables (table.hpp): CSV and JSON of any table or document, with
// no knowledge of a particular result. Compiled in src/io/table_io.cpp.
//
// CSV comes in two forms (`table_format::headers`):
//
//   codes (the default; for programs, the same in every language): one header line of the
//     ASCII column names, then one line per row. A categorical column is written as its code,
//     followed by `<name>_zh` with the Chinese label; booleans are true / false; units are
//     written as the data gave them. Every column is written, both languages of one-language
//     columns (name_zh and name_en) included.
//   labels (for people, in `table_format::lang`): the header line holds the columns' labels in
//     that language, with the unit in brackets where the column has a fixed unit (达标率(比值),
//     "Achievement rate (ratio)"); categorical cells are the category's label in that language
//     (no `_zh` companion); booleans are 是/否 or yes/no; a text column that gives other
//     columns' units (`unit_column`) is written through the table of units (units.hpp: 万平方米
//     or 10,000 m²); of the columns that exist once per language (`written_in`) only that
//     language's is written. Text the data or a plan gave is written as given: unit and
//     indicator codes, unit names, periods, sources (quotations of the plans) and notes.
//
// Both: RFC 4180 quoting, UTF-8, LF line ends; missing cells are empty; numbers have the
// shortest text that reads back to the same double. With `bom`, files start with the UTF-8
// byte-order mark EF BB BF, which Excel needs to read UTF-8 (without it Excel on Chinese Windows
// reads the file as GBK and shows mojibake); programs do not need it, so it is off by default.
//
// JSON (for programs, in every language): a document is an object in entry order; a table is an
// array of row objects keyed by the ASCII column names (missing cells are null, categorical cells
// their code followed by `<name>_zh`); non-finite numbers are null. With `schema`, the document
// also gets a "schema" entry describing every table: its labels, and each column's type, zh/en
// labels, unit (or the column giving each row's unit) and, for categorical columns, the
// categories with their code and both labels.
//
// Files are written completely or not at all (written to a temporary file, then renamed).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "../language.hpp"
#include "../names.hpp"
#include "../table.hpp"

namespace tijian {

/// What a CSV header line and its categorical cells hold (see above).
enum class header_style { codes, labels };

template <>
struct enum_names<header_style> {
  static constexpr const char* what = "header style";
  static constexpr enum_name<header_style> entries[] = {
      {header_style::codes, "codes", "代码", "codes"},
      {header_style::labels, "labels", "名称", "labels"},
  };
};

/// How a CSV file is written: for programs (codes, the default) or for people in one language
/// (labels), and whether it starts with a byte-order mark for Excel; and whether a JSON file is
/// indented.
struct table_format {
  header_style headers = header_style::codes;
  language lang = language::en;  ///< the language of labels (ignored for codes)
  bool bom = false;              ///< files start with EF BB BF (the text of table_to_csv never does)
  bool pretty = false;           ///< JSON files indented for people (compact by default)
};

/// The UTF-8 byte-order mark.
inline constexpr const char* utf8_bom = "\xEF\xBB\xBF";

[[nodiscard]] std::string table_to_csv(const table& t, const table_format& format = {});

/// The document as JSON: every entry in order (a table as an array of row objects, a categorical
/// column's Chinese label beside its code as <name>_zh), then its schema (the tables' columns,
/// types, labels, units and categories) unless `schema` is false. Compact by default; `pretty`
/// indents by two spaces. Written as the tables are walked, without building a JSON tree.
[[nodiscard]] std::string document_to_json(const document& d, bool schema = true, bool pretty = false);

/// document_to_json into a file (all or nothing), written in pieces of about a megabyte.
void write_document_json(const document& d, const std::string& path, bool schema = true, bool pretty = false);

/// The document a JSON text written with its schema holds: every entry the schema names a
/// table of becomes that table (columns typed, labelled and with units as described), every
/// other entry a field or group. Error "io.json" for text that is not such a document.
[[nodiscard]] document document_from_json(std::string_view text);

/// Every table of the document as CSV: the first to `path`, each other one to
/// `<stem>-<table name>.csv` beside it, each written in pieces to a temporary; the files are
/// renamed in together once every one is complete.
/// Returns the paths written.
std::vector<std::string> write_document_csv(const document& d, const std::string& path,
                                            const table_format& format = {});

/// The document written by the extension of `path` (any letter case): .json (write_document_json,
/// with its schema), .csv (write_document_csv), .xlsx (write_document_xlsx, io/xlsx.hpp: every
/// table a sheet of one workbook). What every command's --out calls. Returns the paths written;
/// error "io.out_extension" for another extension (nothing is written).
std::vector<std::string> write_document(const document& d, const std::string& path,
                                        const table_format& format = {});

/// One output of write_documents: a document, the file it goes to (its extension chooses the
/// format, as for write_document) and the CSV/workbook format.
struct document_output {
  const document* doc = nullptr;
  std::string path;
  table_format format = {};
  bool json = false;  ///< JSON (with its schema) whatever the extension (`--json PATH`)
};

/// Several outputs of one command (`tijian survey -o x.csv --json x.json`), all or none: every
/// file of every output is written to its temporary first and they are renamed in together only
/// when all were written, so a failure leaves every output as it was. Every extension is checked
/// ("io.out_extension") before anything is written. Returns the paths written, in order.
std::vector<std::string> write_documents(const std::vector<document_output>& outputs);

/// One table as a CSV file.
void write_table_csv(const table& t, const std::string& path, const table_format& format = {});

}  // namespace tijian
