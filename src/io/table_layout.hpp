// SPDX-License-Identifier: MIT
// What a file of one table holds under a table_format (io/table_io.hpp): its columns, their
// headers and units, and each cell as a number, text or flag. The CSV writer and the xlsx writer
// both read this, so a workbook and a CSV file of the same table have the same columns, headers
// and cell values. Internal to the I/O layer.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "atomic_file.hpp"
#include "tijian/io/table_io.hpp"
#include "tijian/table.hpp"
#include "tijian/units.hpp"

namespace tijian::io_detail {

/// One column of the output.
struct output_column {
  const column* source = nullptr;
  bool zh_companion = false;  ///< codes: the "<name>_zh" column after a categorical column
  bool gives_units = false;   ///< labels: a text column of units, written through the table of units
  std::string header;         ///< codes: the ASCII name; labels: the label in the language
  std::string unit;           ///< labels: the fixed unit in the language ("" for none)
};

/// A cell of the output: missing, a number, a whole number, a flag or text.
struct output_cell {
  enum class kind { empty, real, integer, boolean, text } what = kind::empty;
  double real = 0;
  std::int64_t integer = 0;
  bool flag = false;
  std::string text;
};

/// The columns a file of `t` holds under `format` (see io/table_io.hpp).
[[nodiscard]] inline std::vector<output_column> output_columns(const table& t, const table_format& format) {
  const bool labels = format.headers == header_style::labels;
  const language lang = format.lang;
  std::vector<output_column> out;
  for (const column& c : t.columns) {
    if (labels && c.written_in && *c.written_in != lang) continue;  // the other language's column
    output_column o;
    o.source = &c;
    if (!labels) {
      o.header = c.name;
      out.push_back(o);
      if (c.type == column_type::categorical) {
        o.zh_companion = true;
        o.header = c.name + "_zh";
        out.push_back(o);
      }
      continue;
    }
    o.header = lang == language::zh ? c.label_zh : c.label_en;
    if (o.header.empty()) o.header = c.name;
    o.unit = lang == language::zh ? c.unit_zh : c.unit_en;
    for (const column& other : t.columns) o.gives_units |= other.unit_column == c.name;
    out.push_back(std::move(o));
  }
  return out;
}

/// The cell of `row` in output column `o`.
[[nodiscard]] inline output_cell output_cell_of(const output_column& o, std::size_t row,
                                                const table_format& format) {
  using kind = output_cell::kind;
  const column& c = *o.source;
  output_cell out;
  if (c.is_missing(row)) return out;
  const bool labels = format.headers == header_style::labels;
  switch (c.type) {
    case column_type::text:
      out.what = kind::text;
      out.text = o.gives_units ? unit_label(c.texts[row], format.lang) : c.texts[row];
      break;
    case column_type::real:
      out.what = kind::real;
      out.real = c.reals[row];
      break;
    case column_type::integer:
      out.what = kind::integer;
      out.integer = c.integers[row];
      break;
    case column_type::boolean:
      if (labels) {
        out.what = kind::text;
        out.text = in_language(format.lang, c.integers[row] ? "是" : "否", c.integers[row] ? "yes" : "no");
      } else {
        out.what = kind::boolean;
        out.flag = c.integers[row] != 0;
      }
      break;
    case column_type::categorical: {
      const category& g = *c.category_of(row);
      out.what = kind::text;
      if (!labels) out.text = o.zh_companion ? g.zh : g.code;
      else out.text = format.lang == language::zh ? g.zh : g.en;
      break;
    }
  }
  return out;
}

/// The files of one document added to `staged` (nothing renamed in yet): the JSON text
/// (table_io.cpp), every table as CSV (table_io.cpp) or the workbook (xlsx_write.cpp), so that
/// several outputs of one command are renamed in together or not at all.
void stage_document_json(staged_files& staged, const document& d, const std::string& path, bool schema,
                         bool pretty);
void stage_document_csv(staged_files& staged, const document& d, const std::string& path,
                        const table_format& format);
void stage_document_xlsx(staged_files& staged, const document& d, const std::string& path,
                         const table_format& format);

}  // namespace tijian::io_detail
