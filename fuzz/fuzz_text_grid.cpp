// SPDX-License-Identifier: MIT
// The text-grid reader for CSV (io/text_grid.hpp: parse_text_grid_csv), the input of the survey,
// ledger, national-check and tolerance tables. Every kept row must have the header's width.
#include "fuzz_common.hpp"
#include "tijian/io/text_grid.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tijian::fuzz::parses_or_refuses("parse_text_grid_csv", [&] {
    const tijian::text_grid g = tijian::parse_text_grid_csv(tijian::fuzz::text_of(data, size), "fuzz.csv");
    tijian::fuzz::require(g.rows.size() == g.lines.size(), "text_grid: rows and lines differ in number", "");
    for (const auto& row : g.rows) {
      tijian::fuzz::require(row.size() == g.header.size(),
                            "text_grid: a row of another width than the header", "");
    }
  });
  return 0;
}
