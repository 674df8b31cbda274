// SPDX-License-Identifier: MIT
// The framework TOML reader (io/framework_io.hpp: parse_framework_toml). An accepted framework
// must also survive its documented round trip: parse_framework_toml(to_toml(f)) describes the
// same framework.
#include "fuzz_common.hpp"
#include "tijian/io/framework_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tijian::fuzz::parses_or_refuses("parse_framework_toml", [&] {
    const tijian::framework f = tijian::parse_framework_toml(tijian::fuzz::text_of(data, size), "fuzz.toml");
    const std::string text = tijian::to_toml(f);
    std::string again;
    try {
      again = tijian::parse_framework_toml(text, "round-trip.toml").describe();
    } catch (const tijian::error& e) {
      tijian::fuzz::require(false, "to_toml(framework) does not read back",
                            std::string(e.what()) + "\n" + text);
    }
    tijian::fuzz::require(again == f.describe(), "framework round trip changes the framework", text);
  });
  return 0;
}
