// SPDX-License-Identifier: MIT
// The indicator-data reader (io/csv.hpp: parse_panel_csv, what read_panel calls for CSV files),
// with the default options (strict numbers, encoding detected) and with lenient numbers.
#include "fuzz_common.hpp"
#include "tijian/io/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = tijian::fuzz::text_of(data, size);
  tijian::fuzz::parses_or_refuses("parse_panel_csv",
                                  [&] { (void)tijian::parse_panel_csv(bytes, "fuzz.csv"); });
  tijian::csv_options lenient;
  lenient.numbers = tijian::number_format::lenient;
  tijian::fuzz::parses_or_refuses("parse_panel_csv (lenient)",
                                  [&] { (void)tijian::parse_panel_csv(bytes, "fuzz.csv", lenient); });
  return 0;
}
