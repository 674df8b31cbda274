// SPDX-License-Identifier: MIT
// The iMeta table reader (io/framework_io.hpp: parse_framework_imeta): a framework imported from
// a COINr-style table, as `load_framework` reads a .csv framework.
#include "fuzz_common.hpp"
#include "tijian/io/framework_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tijian::fuzz::parses_or_refuses("parse_framework_imeta", [&] {
    (void)tijian::parse_framework_imeta(tijian::fuzz::text_of(data, size), "fuzz.csv");
  });
  return 0;
}
