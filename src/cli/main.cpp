// SPDX-License-Identifier: MIT
// The `tijian` command-line program. It parses options (CLI11), reads the framework, data and
// recipe through the library's readers, runs the library's scoring entry, prints a ranked table
// and writes result files atomically. No scoring logic lives here.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include <tijian/csv.hpp>
#include <tijian/framework_io.hpp>
#include <tijian/recipe_io.hpp>
#include <tijian/result_io.hpp>
#include <tijian/score.hpp>
#include <tijian/version.hpp>

namespace {

// Display width of UTF-8 text: CJK and full-width characters take two terminal columns.
std::size_t display_width(const std::string& s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : 4;
    w += len >= 3 ? 2 : 1;
    i += len;
  }
  return w;
}

std::string pad(const std::string& s, std::size_t width, bool right = false) {
  const std::size_t w = display_width(s);
  if (w >= width) return s;
  const std::string fill(width - w, ' ');
  return right ? fill + s : s + fill;
}

std::string fixed(double v, int digits) {
  if (std::isnan(v)) return "-";
  std::ostringstream o;
  o << std::fixed << std::setprecision(digits) << v;
  return o.str();
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(),
                    [](char a, char b) { return std::tolower(a) == std::tolower(b); });
}

/// Prints the composite index and the dimension scores of every unit, best first, one table
/// per period.
void print_table(const tijian::result& res, std::size_t top, std::ostream& out) {
  const auto& fw = res.framework;
  std::vector<std::size_t> dims(fw.children(fw.root()).begin(), fw.children(fw.root()).end());
  std::vector<std::string> periods = res.periods;
  std::sort(periods.begin(), periods.end());
  periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
  const bool names = std::any_of(res.unit_names.begin(), res.unit_names.end(),
                                 [](const std::string& s) { return !s.empty(); });
  const std::string root = fw.node(fw.root()).code;
  for (const auto& period : periods) {
    std::vector<Eigen::Index> rows;
    for (Eigen::Index i = 0; i < res.rows(); ++i)
      if (res.periods[static_cast<std::size_t>(i)] == period) rows.push_back(i);
    std::stable_sort(rows.begin(), rows.end(), [&](Eigen::Index a, Eigen::Index b) {
      const double ra = res.ranks(a, 0), rb = res.ranks(b, 0);
      if (std::isnan(ra) != std::isnan(rb)) return std::isnan(rb);
      return ra < rb;
    });
    if (!period.empty()) out << "\nPeriod " << period << "\n";
    std::size_t unit_w = 4, name_w = 4;
    for (Eigen::Index i : rows) {
      unit_w = std::max(unit_w, display_width(res.units[static_cast<std::size_t>(i)]));
      if (names) name_w = std::max(name_w, display_width(res.unit_names[static_cast<std::size_t>(i)]));
    }
    out << pad("rank", 5, true) << "  " << pad("unit", unit_w);
    if (names) out << "  " << pad("name", name_w);
    out << "  " << pad(root, std::max<std::size_t>(8, root.size()), true);
    std::vector<std::size_t> widths;
    for (std::size_t d : dims) {
      const std::string& code = fw.node(d).code;
      widths.push_back(std::max<std::size_t>(8, display_width(code)));
      out << "  " << pad(code, widths.back(), true);
    }
    if (!res.grades.empty()) out << "  grade";
    out << "\n";
    std::size_t shown = 0;
    for (Eigen::Index i : rows) {
      if (top > 0 && shown++ >= top) break;
      const auto iu = static_cast<std::size_t>(i);
      out << pad(fixed(res.ranks(i, 0), 0), 5, true) << "  " << pad(res.units[iu], unit_w);
      if (names) out << "  " << pad(res.unit_names[iu], name_w);
      out << "  " << pad(fixed(res.scores(i, 0), 2), std::max<std::size_t>(8, root.size()), true);
      for (std::size_t k = 0; k < dims.size(); ++k)
        out << "  " << pad(fixed(res.score_of(dims[k])[i], 2), widths[k], true);
      if (!res.grades.empty()) out << "  " << res.grades[iu][0];
      out << "\n";
    }
  }
}

void print_diagnostics(const tijian::result& res, std::ostream& out) {
  std::size_t warnings = 0;
  for (const auto& d : res.diagnostics) warnings += d.level == tijian::severity::warning;
  if (res.diagnostics.empty()) return;
  out << "\nDiagnostics (" << res.diagnostics.size() << ", " << warnings << " warnings):\n";
  for (const auto& d : res.diagnostics) {
    out << "  [" << tijian::to_string(d.level) << "] " << d.id;
    if (!d.node.empty()) out << " " << d.node;
    if (!d.period.empty()) out << " (" << d.period << ")";
    if (d.count > 1) out << " x" << d.count;
    out << ": " << d.message << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "tijian " TIJIAN_VERSION
      " - scores cities (城市体检 / green-city evaluation).\n\n"
      "Turns indicator data (units x indicators x periods) and an indicator framework\n"
      "(dimensions, indicators, directions, targets, weights) into normalised values,\n"
      "weighted composite scores, ranks and grades, with diagnostics and provenance.",
      "tijian"};
  app.set_version_flag("--version", std::string("tijian ") + TIJIAN_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Run 'tijian score --help' for the scoring command.\n"
      "Errors name the file, line, column, unit and indicator concerned; exit status 2 means\n"
      "bad input, 1 an unexpected failure.");

  auto* sc = app.add_subcommand(
      "score",
      "Score units with a framework and a recipe.\n\n"
      "Reads the framework (TOML, or a COINr-style iMeta CSV), the data (a wide CSV: one row\n"
      "per unit and period, one column per indicator) and an optional recipe (TOML: the\n"
      "normalisation, weighting, aggregation, missing-data, tie and grade choices; without it\n"
      "the defaults apply: min-max 0-100 per period, the framework's weights, arithmetic means,\n"
      "skip-and-reweight for missing values, min ties). Prints the units ranked by the\n"
      "composite index with the scores of its dimensions, then the diagnostics.");
  std::string framework_path, data_path, recipe_path, out_path, encoding = "auto";
  std::size_t top = 0;
  bool lenient = false, ignore_unknown = false, print_recipe = false, quiet = false;
  sc->add_option("-f,--framework", framework_path,
                 "Framework file: .toml (tijian/framework/1) or .csv (COINr iMeta table)")
      ->required()
      ->check(CLI::ExistingFile);
  sc->add_option("-d,--data", data_path, "Indicator data: wide CSV (UTF-8, or GB18030 converted)")
      ->required()
      ->check(CLI::ExistingFile);
  sc->add_option("-r,--recipe", recipe_path,
                 "Recipe file (TOML); 'tijian score ... --print-recipe' shows the format")
      ->check(CLI::ExistingFile);
  sc->add_option("-o,--out", out_path,
                 "Write the full result: .csv (one row per unit and period) or .json (with\n"
                 "provenance and diagnostics). Written completely or not at all.");
  sc->add_option("--top", top, "Show only the best N units of each period (0 = all)");
  sc->add_option("--encoding", encoding, "Text encoding of the data: auto, utf8, gb18030")
      ->check(CLI::IsMember({"auto", "utf8", "gb18030"}));
  sc->add_flag("--lenient-numbers", lenient,
               "Accept thousands separators (1,234) and a trailing % (12% -> 12) in the data");
  sc->add_flag("--ignore-unknown-columns", ignore_unknown,
               "Leave out data columns the framework does not know (recorded in diagnostics)");
  sc->add_flag("--print-recipe", print_recipe,
               "Print the full recipe used (every choice, defaults included) and exit");
  sc->add_flag("-q,--quiet", quiet, "Print nothing but errors");

  CLI11_PARSE(app, argc, argv);

  try {
    tijian::recipe recipe = recipe_path.empty() ? tijian::recipe{} : tijian::load_recipe(recipe_path);
    if (ignore_unknown) recipe.unknown = tijian::unknown_columns::ignore;
    if (print_recipe) {
      std::cout << tijian::describe(recipe);
      return 0;
    }
    const tijian::framework fw = tijian::load_framework(framework_path);
    tijian::csv_options opts;
    opts.numbers = lenient ? tijian::number_format::lenient : tijian::number_format::strict;
    opts.encoding = encoding == "utf8"      ? tijian::text_encoding::utf8
                    : encoding == "gb18030" ? tijian::text_encoding::gb18030
                                            : tijian::text_encoding::auto_detect;
    const tijian::panel data = tijian::read_panel_csv(data_path, opts);
    const tijian::result res = tijian::score(fw, data, recipe);
    if (!out_path.empty()) {
      if (ends_with(out_path, ".json")) {
        tijian::write_result_json(res, out_path);
      } else if (ends_with(out_path, ".csv")) {
        tijian::write_result_csv(res, out_path);
      } else {
        std::cerr << "tijian: --out must end in .csv or .json (got '" << out_path << "')\n";
        return 2;
      }
    }
    if (!quiet) {
      std::cout << "Framework " << framework_path << " (" << fw.leaves().size() << " indicators, "
                << fw.inner_nodes().size() << " aggregates), data " << data_path << " ("
                << data.rows() << " rows)\n";
      print_table(res, top, std::cout);
      print_diagnostics(res, std::cout);
      if (!out_path.empty()) std::cout << "\nWrote " << out_path << "\n";
    }
    return 0;
  } catch (const tijian::error& e) {
    std::cerr << "tijian: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "tijian: unexpected failure: " << e.what() << "\n";
    return 1;
  }
}
