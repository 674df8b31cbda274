// SPDX-License-Identifier: MIT
// How the commands read their data file: --encoding (the codes of enum_names<text_encoding>)
// --lenient-numbers and --sheet become the reader's csv_options (io/csv.hpp), in one place.
#pragma once

#include <string>

#include <tijian/io/csv.hpp>
#include <tijian/names.hpp>

namespace data_cli {

[[nodiscard]] inline tijian::csv_options csv_options_of(const std::string& encoding, bool lenient,
                                                        const std::string& sheet = {}) {
  tijian::csv_options o;
  o.sheet = sheet;  // workbooks (.xlsx): the sheet to read, empty = the first
  o.numbers = lenient ? tijian::number_format::lenient : tijian::number_format::strict;
  o.encoding = tijian::parse_enum<tijian::text_encoding>(encoding, "cli.encoding");
  return o;
}

}  // namespace data_cli
