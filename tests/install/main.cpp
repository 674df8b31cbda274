// Uses the installed headers and library: a framework from TOML text, a panel built in code,
// one scoring run. Prints the composite scores; exits 1 if they are not the hand-computed ones.
#include <cmath>
#include <iostream>
#include <tijian/io/framework_io.hpp>
#include <tijian/score.hpp>

int main() {
  const char* toml = R"(
schema = "tijian/framework/1"
[[node]]
code = "I"
[[indicator]]
code = "a"
parent = "I"
weight = 1
[[indicator]]
code = "b"
parent = "I"
weight = 3
direction = "lower"
)";
  const tijian::framework fw = tijian::parse_framework_toml(toml, "inline.toml");
  Eigen::MatrixXd v(3, 2);
  v << 0, 10, 5, 20, 10, 30;
  const tijian::panel p = tijian::make_panel({"x", "y", "z"}, {"a", "b"}, v);
  const tijian::result r = tijian::score(fw, p);
  // min-max: a {0, 50, 100}, b lower-is-better {100, 50, 0}; I = (a + 3 b) / 4
  const double want[] = {75, 50, 25};
  for (int i = 0; i < 3; ++i) {
    std::cout << r.units[static_cast<std::size_t>(i)] << " " << r.scores(i, 0) << "\n";
    if (std::abs(r.scores(i, 0) - want[i]) > 1e-12) return 1;
  }
  std::cout << "tijian " << tijian::version << " found via find_package\n";
  return 0;
}
