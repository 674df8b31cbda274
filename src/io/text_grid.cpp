// SPDX-License-Identifier: MIT
// text_grid: tabular files as text cells with their locations (io/text_grid.hpp).
#include "tijian/io/text_grid.hpp"

#include <algorithm>
#include <map>

#include "csv_split.hpp"
#include "tijian/detail/text.hpp"
#include "tijian/io/xlsx.hpp"

namespace tijian {

namespace {

using io_detail::domain;

[[noreturn]] void fail(const std::string& id, const std::string& msg, location where,
                       const std::string& msg_zh = {}) {
  throw data_error(id, msg, std::move(where), msg_zh);
}

bool is_comment(const io_detail::csv_record& r) {
  return !r.fields.empty() && detail::trim(r.fields[0]).rfind('#', 0) == 0;
}

}  // namespace

std::optional<std::size_t> text_grid::find_column(std::string_view name) const {
  for (std::size_t j = 0; j < header.size(); ++j)
    if (header[j] == name) return j;
  const std::string k = io_detail::key_of(name);
  for (std::size_t j = 0; j < header.size(); ++j)
    if (io_detail::key_of(header[j]) == k) return j;
  return std::nullopt;
}

location text_grid::where(std::size_t row, std::size_t column) const {
  location at;
  at.file = source;
  at.sheet = sheet;  // messages then read "x.xlsx, sheet '问题清单', row 7, column C (责任单位)"
  at.line = row < lines.size() ? lines[row] : header_line;
  at.column = column + 1;
  if (column < header.size()) at.indicator = header[column];
  return at;
}

std::string text_grid::column_name(std::size_t column) const {
  std::string out =
      "column " + std::to_string(column + 1) + " (" + io_detail::column_letters(column + 1) + ")";
  if (column < header.size()) out += " '" + header[column] + "'";
  return out;
}

text_grid parse_text_grid_csv(std::string_view bytes, const std::string& source,
                              const grid_options& options) {
  bool converted = false;
  const std::string text = io_detail::decode_text(bytes, options.encoding, source, domain::data, converted);
  text_grid g;
  g.source = source;
  g.converted = converted;
  location file_loc;
  file_loc.file = source;

  char delim = options.delimiter;
  if (delim == 0) {
    delim = io_detail::detect_delimiter(text);
  } else if (delim == '"' || delim == '\n' || delim == '\r') {
    fail("data.bad_option", "the CSV delimiter cannot be a quote or a line break; use ',', ';' or TAB",
         file_loc, "CSV 分隔符不能是引号或换行；请用 ','、';' 或 TAB");
  }
  io_detail::csv_splitter split(text, delim, source, domain::data);

  io_detail::csv_record rec;
  do {
    if (!split.next(rec))
      fail("data.empty", "the file is empty: expected a header line naming the columns", file_loc,
           "文件是空的：第一行应是列名");
  } while (rec.blank() || is_comment(rec));
  g.header_line = rec.line;
  std::map<std::string, std::size_t> first_of;
  for (std::size_t j = 0; j < rec.fields.size(); ++j) {
    g.header.push_back(detail::trim(rec.fields[j]));
    location at{source, rec.lines[j], j + 1, {}, {}, {}, {}};
    at.indicator = g.header[j];  // the column's name, as where() gives it
    if (g.header[j].empty())
      fail("data.empty_column_name", g.column_name(j) + " has no header; give the column a name or delete it",
           at, "第 " + std::to_string(j + 1) + " 列没有列名；请给它命名或删除该列");
    const auto [it, inserted] = first_of.emplace(g.header[j], j);
    if (!inserted)
      fail("data.duplicate_column",
           "header '" + g.header[j] + "' is used by " + g.column_name(it->second) + " and " +
               g.column_name(j) + "; rename or delete one of them",
           at,
           "列名 '" + g.header[j] + "' 同时用于第 " + std::to_string(it->second + 1) + " 列和第 " +
               std::to_string(j + 1) + " 列；请重命名或删除其中一列");
  }

  while (split.next(rec)) {
    if (rec.blank()) continue;
    if (rec.fields.size() != g.header.size()) {
      location at{source, rec.line, 0, {}, {}, {}, {}};
      at.unit = detail::trim(rec.fields[0]);  // the first cell names the row (a unit in a data file)
      fail(
          "data.field_count",
          "this line has " + std::to_string(rec.fields.size()) + " fields but the header has " +
              std::to_string(g.header.size()) +
              "; quote values that contain the delimiter (\"1,5\") and give every row a cell for every column",
          at,
          "这一行有 " + std::to_string(rec.fields.size()) + " 个字段，而表头有 " +
              std::to_string(g.header.size()) +
              " 个；含分隔符的值请加引号（\"1,5\"），并让每行的每一列都有一个单元格");
    }
    std::vector<std::string> cells;
    cells.reserve(rec.fields.size());
    for (auto& f : rec.fields) cells.push_back(detail::trim(f));
    g.rows.push_back(std::move(cells));
    g.lines.push_back(rec.line);
  }
  return g;
}

text_grid parse_text_grid_xlsx(std::string_view bytes, const std::string& source,
                               const grid_options& options) {
  const xlsx_sheet sheet = parse_xlsx_sheet(bytes, source, options.sheet);
  text_grid g;
  g.source = source;
  g.sheet = sheet.name;
  location file_loc;
  file_loc.file = source;
  file_loc.sheet = sheet.name;
  std::size_t k = 0;
  auto blank = [](const std::vector<std::string>& cells) {
    return std::all_of(cells.begin(), cells.end(),
                       [](const std::string& c) { return detail::trim(c).empty(); });
  };
  while (k < sheet.rows.size() &&
         (blank(sheet.rows[k].cells) || detail::trim(sheet.rows[k].cells[0]).rfind('#', 0) == 0))
    ++k;
  if (k == sheet.rows.size())
    fail("data.empty", "the sheet is empty: expected a header row naming the columns", file_loc);
  // the header runs from column A to its last non-empty cell, so grid columns are sheet columns
  g.header_line = sheet.rows[k].number;
  for (const auto& c : sheet.rows[k].cells) g.header.push_back(detail::trim(c));
  while (!g.header.empty() && g.header.back().empty()) g.header.pop_back();
  std::map<std::string, std::size_t> first_of;
  for (std::size_t j = 0; j < g.header.size(); ++j) {
    location at = g.where(g.rows.size(), j);
    if (g.header[j].empty())
      fail("data.empty_column_name", g.column_name(j) + " has no header; give the column a name or delete it",
           at, "第 " + std::to_string(j + 1) + " 列没有列名；请给它命名或删除该列");
    const auto [it, inserted] = first_of.emplace(g.header[j], j);
    if (!inserted)
      fail("data.duplicate_column",
           "header '" + g.header[j] + "' is used by " + g.column_name(it->second) + " and " +
               g.column_name(j) + "; rename or delete one of them",
           at,
           "列名 '" + g.header[j] + "' 同时用于第 " + std::to_string(it->second + 1) + " 列和第 " +
               std::to_string(j + 1) + " 列；请重命名或删除其中一列");
  }
  const std::size_t ncols = g.header.size();
  for (++k; k < sheet.rows.size(); ++k) {
    const auto& row = sheet.rows[k];
    for (std::size_t j = ncols; j < row.cells.size(); ++j)
      if (!detail::trim(row.cells[j]).empty()) {
        location at = file_loc;
        at.line = row.number;
        at.column = j + 1;
        fail("data.field_count",
             "this cell holds \"" + detail::trim(row.cells[j]) +
                 "\" but its column has no header; name the column in the header row or clear the cell",
             at);
      }
    std::vector<std::string> cells(ncols);
    for (std::size_t j = 0; j < ncols && j < row.cells.size(); ++j) cells[j] = detail::trim(row.cells[j]);
    if (blank(cells)) continue;
    g.rows.push_back(std::move(cells));
    g.lines.push_back(row.number);
  }
  return g;
}

/// A workbook whatever its name says: a zip archive (.xlsx saved as .csv) or an OLE compound
/// file (.xls, or a password-protected .xlsx), which the workbook reader refuses by name.
static bool looks_like_workbook(std::string_view bytes) {
  return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4) ||
         bytes.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
}

text_grid read_text_grid(const std::string& path, const grid_options& options) {
  const std::string bytes = io_detail::read_file(path, domain::data);
  if (is_xlsx_path(path) || looks_like_workbook(bytes)) return parse_text_grid_xlsx(bytes, path, options);
  return parse_text_grid_csv(bytes, path, options);
}

}  // namespace tijian
