// SPDX-License-Identifier: MIT
// The recipe TOML reader (io/recipe_io.hpp: parse_recipe_toml). An accepted recipe must read back
// from its own description (the documented round trip parse_recipe_toml(describe(r)) == r).
#include "fuzz_common.hpp"
#include "tijian/io/recipe_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tijian::fuzz::parses_or_refuses("parse_recipe_toml", [&] {
    const tijian::recipe r = tijian::parse_recipe_toml(tijian::fuzz::text_of(data, size), "fuzz.toml");
    const std::string text = tijian::describe(r);
    std::string again;
    try {
      again = tijian::describe(tijian::parse_recipe_toml(text, "round-trip.toml"));
    } catch (const tijian::error& e) {
      tijian::fuzz::require(false, "describe(recipe) does not read back",
                            std::string(e.what()) + "\n" + text);
    }
    tijian::fuzz::require(again == text, "recipe round trip changes the recipe", text + "\n---\n" + again);
  });
  return 0;
}
