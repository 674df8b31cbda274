// SPDX-License-Identifier: MIT
// Result writers (CSV, JSON), through the atomic file writer (atomic_file.hpp).
#include "tijian/io/result_io.hpp"

#include <utility>

#include "atomic_file.hpp"
#include "csv_split.hpp"
#include "tijian/io/table_io.hpp"
#include "tijian/result_tables.hpp"


namespace tijian {

std::string result_to_csv(const result& r, const table_format& format) {
  return table_to_csv(scores_table(r), format);
}

std::string result_to_json(const result& r) { return document_to_json(describe(r)); }

result read_result_json(std::string_view text, framework f) {
  return result_of(document_from_json(text), std::move(f));
}

void write_result_csv(const result& r, const std::string& path, const table_format& format) {
  write_table_csv(scores_table(r), path, format);
}

void write_result_json(const result& r, const std::string& path) {
  io_detail::write_file_atomic(path, result_to_json(r));
}

}  // namespace tijian
