// SPDX-License-Identifier: MIT
// text_grid: tabular files as text cells with their locations (io/text_grid.hpp).
#include "tijian/io/text_grid.hpp"

#include <map>

#include "csv_split.hpp"
#include "tijian/detail/text.hpp"

namespace tijian {

namespace {

using io_detail::domain;

[[noreturn]] void fail(const std::string& id, const std::string& msg, location where) {
  throw data_error(id, msg, std::move(where));
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
  at.file = sheet.empty() ? source : source + ", sheet '" + sheet + "'";
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
         file_loc);
  }
  io_detail::csv_splitter split(text, delim, source, domain::data);

  io_detail::csv_record rec;
  do {
    if (!split.next(rec))
      fail("data.empty", "the file is empty: expected a header line naming the columns", file_loc);
  } while (rec.blank() || is_comment(rec));
  g.header_line = rec.line;
  std::map<std::string, std::size_t> first_of;
  for (std::size_t j = 0; j < rec.fields.size(); ++j) {
    g.header.push_back(detail::trim(rec.fields[j]));
    location at{source, rec.lines[j], j + 1, {}, {}, {}, {}};
    if (g.header[j].empty())
      fail("data.empty_column_name", g.column_name(j) + " has no header; give the column a name or delete it",
           at);
    const auto [it, inserted] = first_of.emplace(g.header[j], j);
    if (!inserted)
      fail("data.duplicate_column",
           "header '" + g.header[j] + "' is used by " + g.column_name(it->second) + " and " +
               g.column_name(j) + "; rename or delete one of them",
           at);
  }

  while (split.next(rec)) {
    if (rec.blank()) continue;
    if (rec.fields.size() != g.header.size()) {
      location at{source, rec.line, 0, {}, {}, {}, {}};
      fail(
          "data.field_count",
          "this line has " + std::to_string(rec.fields.size()) + " fields but the header has " +
              std::to_string(g.header.size()) +
              "; quote values that contain the delimiter (\"1,5\") and give every row a cell for every column",
          at);
    }
    std::vector<std::string> cells;
    cells.reserve(rec.fields.size());
    for (auto& f : rec.fields) cells.push_back(detail::trim(f));
    g.rows.push_back(std::move(cells));
    g.lines.push_back(rec.line);
  }
  return g;
}

text_grid read_text_grid(const std::string& path, const grid_options& options) {
  return parse_text_grid_csv(io_detail::read_file(path, domain::data), path, options);
}

}  // namespace tijian
