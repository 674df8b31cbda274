// SPDX-License-Identifier: MIT
// The target-profile TOML reader (io/targets_io.hpp: parse_target_profile). An accepted profile
// must survive its documented round trip through to_toml.
#include "fuzz_common.hpp"
#include "tijian/io/targets_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tijian::fuzz::parses_or_refuses("parse_target_profile", [&] {
    const tijian::target_profile p =
        tijian::parse_target_profile(tijian::fuzz::text_of(data, size), "fuzz.toml");
    const std::string text = tijian::to_toml(p);
    std::string again;
    try {
      again = tijian::parse_target_profile(text, "round-trip.toml").describe();
    } catch (const tijian::error& e) {
      tijian::fuzz::require(false, "to_toml(target_profile) does not read back",
                            std::string(e.what()) + "\n" + text);
    }
    tijian::fuzz::require(again == p.describe(), "target profile round trip changes the profile", text);
  });
  return 0;
}
