// SPDX-License-Identifier: MIT
// Generic writers of result tables (table.hpp): CSV and JSON of any table or document, with
// no knowledge of a particular result. Compiled in src/io/table_io.cpp.
//
// CSV: one header line of column names, then one line per row (RFC 4180 quoting, UTF-8).
// A categorical column is written as its code, followed by `<name>_zh` with the Chinese
// label. Missing cells are empty; numbers have the shortest text that reads back to the same
// double.
//
// JSON: a document is an object in entry order; a table is an array of row objects (missing
// cells are null, categorical cells their code followed by `<name>_zh`); non-finite numbers are
// null. With `schema`, the document also gets a "schema" entry describing every table: its
// labels, and each column's type, zh/en labels, unit (or the column giving each row's unit)
// and, for categorical columns, the categories.
//
// Files are written completely or not at all (written to a temporary file, then renamed).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "../table.hpp"

namespace tijian {

[[nodiscard]] std::string table_to_csv(const table& t);

[[nodiscard]] std::string document_to_json(const document& d, bool schema = true);

void write_document_json(const document& d, const std::string& path, bool schema = true);

/// The document a JSON text written with its schema holds: every entry the schema names a
/// table of becomes that table (columns typed, labelled and with units as described), every
/// other entry a field or group. Error "io.json" for text that is not such a document.
[[nodiscard]] document document_from_json(std::string_view text);

/// Every table of the document as CSV: the first to `path`, each other one to
/// `<stem>-<table name>.csv` beside it. Every file's text is built before the first is written.
/// Returns the paths written.
std::vector<std::string> write_document_csv(const document& d, const std::string& path);

}  // namespace tijian
