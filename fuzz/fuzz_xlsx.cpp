// SPDX-License-Identifier: MIT
// The workbook readers (io/text_grid.hpp: parse_text_grid_xlsx; io/csv.hpp: parse_panel_xlsx):
// the zip container, the sheet XML and the shared strings of an .xlsx file.
#include "fuzz_common.hpp"
#include "tijian/io/csv.hpp"
#include "tijian/io/text_grid.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = tijian::fuzz::text_of(data, size);
  tijian::fuzz::parses_or_refuses("parse_text_grid_xlsx",
                                  [&] { (void)tijian::parse_text_grid_xlsx(bytes, "fuzz.xlsx"); });
  tijian::fuzz::parses_or_refuses("parse_panel_xlsx",
                                  [&] { (void)tijian::parse_panel_xlsx(bytes, "fuzz.xlsx"); });
  return 0;
}
