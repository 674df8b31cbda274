// SPDX-License-Identifier: MIT
// The `tijian stats` subcommand: indicator statistics with flags, flagged correlations,
// Cronbach's alpha and PCA per group (tijian/stats.hpp). Kept apart from main.cpp, which only
// registers it. No statistics are computed here.
#pragma once

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <tijian/io/csv.hpp>
#include <tijian/io/framework_io.hpp>
#include <tijian/io/recipe_io.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/stats_tables.hpp>

#include "output_options.hpp"

namespace stats_cli {

struct options {
  output_cli::options output;
  std::string framework, data, sheet, recipe, out, encoding = "auto", correlation = "pearson";
  bool lenient = false, ignore_unknown = false, quiet = false, all_pairs = false;
  int level = 2;
  double collinear = 0.9, negative = -0.4;
};

inline CLI::App* add(CLI::App& app, options& o) {
  auto* st = app.add_subcommand(
      "stats",
      "Indicator statistics: min, max, mean, median, sd, skewness, kurtosis, availability,\n"
      "zeros and unique values with flags (COINr get_stats thresholds), correlations within\n"
      "groups and with parents (flagged when collinear or negative), Cronbach's alpha and PCA\n"
      "per group.\n\n"
      "The indicator table is computed on the data normalisation reads (after the recipe's\n"
      "preparation: denomination, screening, imputation, outlier treatment); correlations,\n"
      "alpha and PCA on the normalised values.");
  st->add_option("-f,--framework", o.framework,
                 "Framework file: .toml (tijian/framework/1) or .csv (COINr iMeta table)")
      ->required()
      ->check(CLI::ExistingFile);
  st->add_option("-d,--data", o.data, "Indicator data: wide CSV (UTF-8, or GB18030 converted) or .xlsx")
      ->required()
      ->check(CLI::ExistingFile);
  st->add_option("--sheet", o.sheet, "Sheet of an .xlsx data file (default: the first)");
  st->add_option("-r,--recipe", o.recipe, "Recipe file (TOML), e.g. with a [prepare] section")
      ->check(CLI::ExistingFile);
  st->add_option("-o,--out", o.out,
                 "Write the indicator table as CSV, and beside it <stem>-correlations.csv, <stem>-alpha.csv\n"
                 "and <stem>-pca.csv; or every table as .json or as sheets of one .xlsx (written\n"
                 "completely or not at all)");
  st->add_option("--correlation", o.correlation, "pearson, spearman or kendall")
      ->check(CLI::IsMember({"pearson", "spearman", "kendall"}));
  st->add_option("--level", o.level, "Groups for correlations, alpha and PCA (COINr level, >= 2)");
  st->add_option("--collinear", o.collinear, "Flag within-group pairs with r above this");
  st->add_option("--negative", o.negative, "Flag pairs with r below this");
  st->add_flag("--all-pairs", o.all_pairs, "Print every correlation, not only the flagged ones");
  st->add_option("--encoding", o.encoding, "Text encoding of the data: auto, utf8, gb18030")
      ->check(CLI::IsMember({"auto", "utf8", "gb18030"}));
  st->add_flag("--lenient-numbers", o.lenient,
               "Accept thousands separators (1,234) and a trailing % (12% -> 12) in the data");
  st->add_flag("--ignore-unknown-columns", o.ignore_unknown,
               "Leave out data columns the framework does not know");
  st->add_flag("-q,--quiet", o.quiet, "Print nothing but errors");
  output_cli::add(st, o.output, "en", "codes",
                  "Language of CSV labels with --headers labels (the printed report is in English)");
  return st;
}

inline std::string num(double v, int digits = 4) {
  if (std::isnan(v)) return "-";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

inline std::string cell(std::string s, std::size_t w, bool right = true) {
  if (s.size() >= w) return s;
  return right ? std::string(w - s.size(), ' ') + s : s + std::string(w - s.size(), ' ');
}

inline std::string flags_of(const tijian::indicator_statistics& s) {
  std::string f;
  auto add = [&f](const char* t) { f += (f.empty() ? "" : ",") + std::string(t); };
  if (s.low_availability) add("low_availability");
  if (s.low_nonzero) add("low_nonzero");
  if (s.low_unique) add("low_unique");
  if (s.skew_kurt_outlier) add("skew_kurt_outlier");
  return f;
}

inline int run(const options& o) {
  try {
    tijian::recipe recipe = o.recipe.empty() ? tijian::recipe{} : tijian::load_recipe(o.recipe);
    if (o.ignore_unknown) recipe.unknown = tijian::unknown_columns::ignore;
    const tijian::framework fw = tijian::load_framework(o.framework);
    tijian::csv_options opts;
    opts.numbers = o.lenient ? tijian::number_format::lenient : tijian::number_format::strict;
    opts.encoding = o.encoding == "utf8"      ? tijian::text_encoding::utf8
                    : o.encoding == "gb18030" ? tijian::text_encoding::gb18030
                                              : tijian::text_encoding::auto_detect;
    opts.sheet = o.sheet;
    const tijian::panel data = tijian::read_panel(o.data, opts);
    tijian::stats_options so;
    so.correlation = *tijian::find_enum<tijian::correlation_kind>(o.correlation);
    so.level = o.level;
    so.collinear = o.collinear;
    so.negative = o.negative;
    const tijian::stats_report rep = tijian::stats(fw, data, recipe, so);
    // the core's tables (stats_tables.hpp) through the generic writer: indicators to --out,
    // correlations, alpha and pca beside it, every file complete or none
    std::vector<std::string> written;
    if (!o.out.empty()) written = tijian::write_document(tijian::describe(rep), o.out, o.output.format());
    if (o.quiet) return 0;
    std::ostream& out = std::cout;
    bool periods = false;
    std::size_t w = 9;
    for (const auto& s : rep.indicators) {
      periods = periods || !s.period.empty();
      w = std::max(w, s.indicator.size());
    }
    out << "Indicator statistics (" << (recipe.prepare.any() ? "prepared" : "raw") << " data, " << data.rows()
        << " rows)\n";
    out << cell("indicator", w, false) << (periods ? "  period" : "") << cell("n", 6) << cell("min", 11)
        << cell("max", 11) << cell("mean", 11) << cell("median", 11) << cell("sd", 11) << cell("skew", 8)
        << cell("kurt", 8) << cell("avail", 7) << cell("nonzero", 8) << cell("unique", 7) << "  flags\n";
    std::size_t flagged = 0;
    for (const auto& s : rep.indicators) {
      const std::string f = flags_of(s);
      flagged += !f.empty();
      out << cell(s.indicator, w, false) << (periods ? "  " + cell(s.period, 6, false) : std::string())
          << cell(std::to_string(s.available), 6) << cell(num(s.min), 11) << cell(num(s.max), 11)
          << cell(num(s.mean), 11) << cell(num(s.median), 11) << cell(num(s.sd), 11)
          << cell(num(s.skew, 3), 8) << cell(num(s.kurt, 3), 8)
          << cell(num(100 * s.share_available, 3) + "%", 7) << cell(num(100 * s.share_nonzero, 3) + "%", 8)
          << cell(num(100 * s.share_unique, 3) + "%", 7) << "  " << f << "\n";
    }
    out << flagged << " of " << rep.indicators.size() << " rows flagged\n";
    out << "\nCorrelations (" << o.correlation << ", pairwise complete, normalised values)"
        << (o.all_pairs ? "" : ", flagged only") << ":\n";
    std::size_t shown = 0;
    for (const auto& c : rep.correlations) {
      if (!o.all_pairs && c.flag.empty()) continue;
      ++shown;
      out << "  "
          << (c.relation == "with_parent" ? c.a + " ~ parent " + c.b
                                          : c.a + " ~ " + c.b + " (" + c.group + ")")
          << (c.period.empty() ? "" : " [" + c.period + "]") << ": r = " << num(c.r, 3) << ", n = " << c.n
          << (c.flag.empty() ? "" : "  " + c.flag) << "\n";
    }
    if (shown == 0) out << "  none\n";
    out << "\nCronbach's alpha and PCA per group (level " << o.level << "):\n";
    for (std::size_t k = 0; k < rep.alpha.size(); ++k) {
      const auto& a = rep.alpha[k];
      const auto& p = rep.pca[k];
      out << "  " << a.group << (a.period.empty() ? "" : " [" + a.period + "]") << ": " << a.indicators
          << " indicators, alpha " << num(a.alpha, 3);
      if (p.variance_share.size() > 0)
        out << ", PC1 explains " << num(100 * p.variance_share(0), 3) << "% (" << p.rows_used << " rows)";
      else if (!p.note.empty()) out << ", PCA: " << p.note;
      out << "\n";
    }
    if (!written.empty()) {
      out << "\nWrote";
      for (const auto& file : written) out << " " << file;
      out << "\n";
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

}  // namespace stats_cli
