// SPDX-License-Identifier: MIT
// Writing results: a wide CSV table for spreadsheets and a JSON document for programs.
//
// Both writers produce a file completely or not at all: they write a temporary file next to
// the target, flush and check it, and rename it over the target. On any failure the temporary
// file is removed, an existing target is left as it was, and tijian::error "io.write" names the
// path. A result whose parts have inconsistent shapes is refused with "result.shape".
//
// CSV (UTF-8, ',' separated, LF line ends, RFC 4180 quoting; the byte-order mark, labels in
// one language instead of the column names below: table_format, io/table_io.hpp): one row
// per (unit, period) in the result's row order, columns
//     unit, name, period,
//     <node>_score, <node>_rank[, <node>_grade]   for every inner node (composite index first;
//                                                  grades only when the recipe had grade bands)
//     <indicator>_norm                             for every indicator (normalised value)
// Numbers are written with the shortest text that reads back to the same double (at most 17
// significant digits); NaN is an empty cell.
//
// JSON: the generic document writer (io/table_io.hpp) of describe(result) (result_tables.hpp):
//   { "provenance": { "library_version", "framework_hash", "data_hash", "recipe_hash",
//                     "recipe" (the recipe's TOML text), "framework_source", "data_source" },
//     "scores":        [ one object per row: the columns of the CSV table above ],
//     "nodes":         [ one object per framework node: code, name_zh, name_en, parent, level,
//                        kind, weight, effective_weight, aggregation, power, zeros, zero_floor ],
//     "contributions": [ per row: unit, name, period, <indicator>_contribution ],
//     "prepared":      [ per row: unit, name, period, <indicator>_prepared ],
//     "denominations", "screening", "imputations", "treatment", "treated_cells",
//     "diagnostics":   [ the records of each step ],
//     "schema":        { table: its labels and columns with types, labels and units } }
// NaN is null. read_result_json reads such a document back, bit for bit.
#pragma once

#include <string>
#include <string_view>

#include "../result.hpp"
#include "table_io.hpp"

namespace tijian {

/// Writes the wide CSV table described above.
void write_result_csv(const result& r, const std::string& path, const table_format& format = {});

/// Writes the JSON document described above.
void write_result_json(const result& r, const std::string& path);

/// The JSON document as text (2-space indentation).
[[nodiscard]] std::string result_to_json(const result& r);

/// The CSV table as text.
[[nodiscard]] std::string result_to_csv(const result& r, const table_format& format = {});

/// The result a JSON document of result_to_json holds, with the framework it was scored on
/// (pickling; error "io.json", "table.missing" or "result.shape" for another document).
[[nodiscard]] result read_result_json(std::string_view text, framework f);

}  // namespace tijian
