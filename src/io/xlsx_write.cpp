// SPDX-License-Identifier: MIT
// A document's tables as an .xlsx workbook with libxlsxwriter (include/tijian/io/xlsx.hpp). The
// columns, headers and cells come from table_layout.hpp, as for the CSV writer.
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "atomic_file.hpp"
#include "csv_split.hpp"
#include "table_layout.hpp"
#include "tijian/detail/text.hpp"
#include "tijian/io/xlsx.hpp"

namespace tijian {

namespace {

constexpr std::size_t max_rows = 1048576;  // Excel's limit per sheet
constexpr std::size_t max_columns = 16384;
constexpr double max_width = 60;  // wider columns are harder to read than wrapped ones

/// Display width of UTF-8 text in Excel's character units: East Asian wide characters (CJK,
/// full-width forms, Hangul) take two, everything else one.
double display_width(const std::string& s) {
  double w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    unsigned cp = c;
    if (len > 1 && i + len <= s.size()) {
      cp = c & (0xFF >> (len + 1));
      for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    w += wide ? 2 : 1;
    i += len;
  }
  return w;
}

void check(lxw_error e, const std::string& what) {
  if (e != LXW_NO_ERROR) throw std::runtime_error(what + ": " + lxw_strerror(e));
}

/// Number text for widths (what Excel shows is close to the shortest round-trip text).
std::string shown(const io_detail::output_cell& c) {
  using kind = io_detail::output_cell::kind;
  switch (c.what) {
    case kind::real: return io_detail::number_text(c.real);
    case kind::integer: return std::to_string(c.integer);
    case kind::boolean: return c.flag ? "TRUE" : "FALSE";
    case kind::text: return c.text;
    case kind::empty: break;
  }
  return {};
}

}  // namespace

std::string xlsx_sheet_name(const std::string& wanted, std::vector<std::string>& taken) {
  // Excel forbids [ ] : * ? / \ in sheet names, a leading or trailing apostrophe, an empty name,
  // more than 31 characters, the name "History", and two names equal ignoring case.
  std::string base;
  for (char c : wanted) base += std::string("[]:*?/\\").find(c) != std::string::npos ? '_' : c;
  while (!base.empty() && base.front() == '\'') base.erase(0, 1);
  while (!base.empty() && base.back() == '\'') base.pop_back();
  if (base.empty()) base = "Sheet";
  if (detail::lower(base) == "history") base += "_";
  auto cut = [](const std::string& s, std::size_t chars) {  // at most `chars` UTF-16 units
    std::size_t units = 0, i = 0;
    while (i < s.size()) {
      const auto c = static_cast<unsigned char>(s[i]);
      const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      const std::size_t u = len == 4 ? 2 : 1;
      if (units + u > chars) break;
      units += u;
      i += len;
    }
    std::string out = s.substr(0, i);
    while (!out.empty() && out.back() == '\'') out.pop_back();
    return out;
  };
  auto used = [&taken](const std::string& name) {
    const std::string k = detail::lower(name);
    return std::any_of(taken.begin(), taken.end(),
                       [&](const std::string& t) { return detail::lower(t) == k; });
  };
  std::string name = cut(base, 31);
  for (int n = 2; used(name); ++n) {
    const std::string suffix = " (" + std::to_string(n) + ")";
    name = cut(base, 31 - suffix.size()) + suffix;
  }
  taken.push_back(name);
  return name;
}

void io_detail::stage_document_xlsx(staged_files& staged, const document& d, const std::string& path,
                                    const table_format& format) {
  const bool labels = format.headers == header_style::labels;
  const std::vector<const table*> tables = d.tables();
  for (const table* t : tables) {
    location where;
    where.file = path;
    if (t->rows() + 2 > max_rows)
      throw error("io.write",
                  "table '" + t->name + "' has " + std::to_string(t->rows()) +
                      " rows, more than an Excel sheet holds (1,048,576); write CSV instead",
                  where);
  }
  staged.add(path, [&](const std::string& tmp) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    lxw_workbook* wb = workbook_new_opt(tmp.c_str(), &options);
    if (wb == nullptr) throw std::runtime_error("cannot create the workbook");
    // a workbook not closed would leak and leave the temporary file half written
    struct closer {
      lxw_workbook* wb;
      bool closed = false;
      ~closer() {
        if (!closed) workbook_close(wb);
      }
    } guard{wb};
    lxw_format* head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_bg_color(head, 0xDDEBF7);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_text_wrap(head);
    format_set_align(head, LXW_ALIGN_VERTICAL_TOP);
    lxw_format* unit = workbook_add_format(wb);
    format_set_italic(unit);
    format_set_bg_color(unit, 0xDDEBF7);
    format_set_border(unit, LXW_BORDER_THIN);

    std::vector<std::string> taken;
    for (const table* t : tables) {
      std::string wanted = t->name;
      if (labels) {
        const std::string& l = format.lang == language::zh ? t->label_zh : t->label_en;
        if (!l.empty()) wanted = l;
      }
      const std::string sheet = xlsx_sheet_name(wanted, taken);
      lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.c_str());
      if (ws == nullptr) throw std::runtime_error("cannot add the sheet '" + sheet + "'");
      const std::vector<io_detail::output_column> cols = io_detail::output_columns(*t, format);
      if (cols.size() > max_columns)
        throw std::runtime_error("table '" + t->name + "' has more columns than an Excel sheet holds");
      const lxw_row_t header_rows = labels ? 2 : 1;  // labels: the unit row under the header
      std::vector<double> width(cols.size(), 0);
      for (std::size_t k = 0; k < cols.size(); ++k) {
        const auto col = static_cast<lxw_col_t>(k);
        check(worksheet_write_string(ws, 0, col, cols[k].header.c_str(), head), "header of " + t->name);
        width[k] = display_width(cols[k].header);
        if (labels) {
          check(worksheet_write_string(ws, 1, col, cols[k].unit.c_str(), unit), "unit of " + t->name);
          width[k] = std::max(width[k], display_width(cols[k].unit));
        }
      }
      const std::size_t n = t->rows();
      for (std::size_t i = 0; i < n; ++i) {
        const auto row = static_cast<lxw_row_t>(i + header_rows);
        for (std::size_t k = 0; k < cols.size(); ++k) {
          const auto col = static_cast<lxw_col_t>(k);
          const io_detail::output_cell cell = io_detail::output_cell_of(cols[k], i, format);
          using kind = io_detail::output_cell::kind;
          lxw_error e = LXW_NO_ERROR;
          switch (cell.what) {
            case kind::empty: break;
            case kind::real:
              // Excel has no infinities: they are written as the CSV writer writes them
              e = std::isfinite(cell.real)
                      ? worksheet_write_number(ws, row, col, cell.real, nullptr)
                      : worksheet_write_string(ws, row, col, shown(cell).c_str(), nullptr);
              break;
            case kind::integer:
              // beyond 2^53 a double would change the number: those stay text
              e = std::llabs(cell.integer) <= (std::int64_t{1} << 53)
                      ? worksheet_write_number(ws, row, col, static_cast<double>(cell.integer), nullptr)
                      : worksheet_write_string(ws, row, col, shown(cell).c_str(), nullptr);
              break;
            case kind::boolean: e = worksheet_write_boolean(ws, row, col, cell.flag ? 1 : 0, nullptr); break;
            case kind::text: e = worksheet_write_string(ws, row, col, cell.text.c_str(), nullptr); break;
          }
          check(e, "table '" + t->name + "', row " + std::to_string(i + 1) + ", column '" + cols[k].header +
                       "'");
          if (cell.what != kind::empty) width[k] = std::max(width[k], display_width(shown(cell)));
        }
      }
      for (std::size_t k = 0; k < cols.size(); ++k) {
        const auto col = static_cast<lxw_col_t>(k);
        check(worksheet_set_column(ws, col, col, std::min(max_width, std::max(6.0, width[k] + 2)), nullptr),
              "column width");
      }
      worksheet_freeze_panes(ws, header_rows, 0);
    }
    guard.closed = true;
    check(workbook_close(wb), "writing the workbook");
  });
}

void write_document_xlsx(const document& d, const std::string& path, const table_format& format) {
  io_detail::staged_files staged;
  io_detail::stage_document_xlsx(staged, d, path, format);
  (void)staged.commit();
}

namespace {

enum class document_file { json, csv, xlsx };

document_file document_file_of(const std::string& path) {
  const std::string lower = detail::lower(path);
  auto ends = [&lower](std::string_view ext) {
    return lower.size() > ext.size() && lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0;
  };
  if (ends(".json")) return document_file::json;
  if (ends(".csv")) return document_file::csv;
  if (is_xlsx_path(path)) return document_file::xlsx;
  location where;
  where.file = path;
  throw error("io.out_extension",
              "the output file must end in .csv, .json or .xlsx (got '" + path +
                  "'); the extension chooses the format",
              where, "输出文件须以 .csv、.json 或 .xlsx 结尾（而不是 '" + path + "'）；扩展名决定格式");
}

void stage_document(io_detail::staged_files& staged, const document_output& o) {
  const document& d = *o.doc;
  const std::string& path = o.path;
  const table_format& format = o.format;
  switch (o.json ? document_file::json : document_file_of(path)) {
    case document_file::json: io_detail::stage_document_json(staged, d, path, true, format.pretty); break;
    case document_file::csv: io_detail::stage_document_csv(staged, d, path, format); break;
    case document_file::xlsx: io_detail::stage_document_xlsx(staged, d, path, format); break;
  }
}

}  // namespace

std::vector<std::string> write_document(const document& d, const std::string& path,
                                        const table_format& format) {
  return write_documents({{&d, path, format}});
}

std::vector<std::string> write_documents(const std::vector<document_output>& outputs) {
  for (const document_output& o : outputs)  // refused before any file
    if (!o.json) (void)document_file_of(o.path);
  io_detail::staged_files staged;
  for (const document_output& o : outputs) stage_document(staged, o);
  return staged.commit();
}

}  // namespace tijian
