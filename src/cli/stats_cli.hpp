// SPDX-License-Identifier: MIT
// The `tijian stats` subcommand: indicator statistics with flags, flagged correlations,
// Cronbach's alpha and PCA per group (tijian/stats.hpp). Kept apart from main.cpp, which only
// registers it. No statistics are computed here.
#pragma once

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <tijian/io/csv.hpp>
#include <tijian/io/framework_io.hpp>
#include <tijian/io/recipe_io.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/presets.hpp>
#include <tijian/stats_tables.hpp>

#include "console_text.hpp"
#include "data_options.hpp"
#include "number_options.hpp"
#include "output_options.hpp"

namespace stats_cli {

struct options {
  output_cli::options output;
  std::string framework, data, sheet, recipe, out, encoding = "auto", correlation = "pearson",
                                                   values = "normalised";
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
                 "Framework: a .toml (tijian/framework/1) or .csv (COINr iMeta table) file, or a built-in\n"
                 "name (tijian presets; a published index's own recipe is used unless --recipe is given)")
      ->required();
  st->add_option("-d,--data", o.data, "Indicator data: wide CSV (UTF-8, or GB18030 converted)")
      ->required()
      ->check(CLI::ExistingFile);
  st->add_option("--sheet", o.sheet, "Sheet of an .xlsx data file (default: the first)");
  st->add_option("-r,--recipe", o.recipe, "Recipe file (TOML), e.g. with a [prepare] section")
      ->check(CLI::ExistingFile);
  st->add_option("-o,--out", o.out,
                 "Write the indicator table as CSV, and beside it <stem>-correlations.csv, <stem>-alpha.csv\n"
                 "and <stem>-pca.csv (written completely or not at all)");
  st->add_option(
        "--values", o.values,
        "What the tables describe: normalised (default: the indicator table on the prepared data,\n"
        "correlations, alpha and PCA on the normalised values), prepared (every table on the\n"
        "prepared data) or raw (every table on the data as given); each table's `values` column says")
      ->check(CLI::IsMember({"normalised", "prepared", "raw"}));
  st->add_option("--correlation", o.correlation, "pearson, spearman or kendall")
      ->check(CLI::IsMember({"pearson", "spearman", "kendall"}));
  st->add_option("--level", o.level, "Groups for correlations, alpha and PCA (COINr level, >= 2)")
      ->check(number_cli::integer(2, tijian::framework::max_depth));
  st->add_option("--collinear", o.collinear, "Flag within-group pairs with r above this (-1 to 1)")
      ->check(number_cli::real(-1, 1));
  st->add_option("--negative", o.negative, "Flag pairs with r below this (-1 to 1)")
      ->check(number_cli::real(-1, 1));
  st->add_flag("--all-pairs", o.all_pairs, "Print every correlation, not only the flagged ones");
  st->add_option("--encoding", o.encoding, "Text encoding of the data: auto, utf8, gb18030")
      ->check(CLI::IsMember({"auto", "utf8", "gb18030"}));
  st->add_flag("--lenient-numbers", o.lenient,
               "Accept thousands separators (1,234) and a trailing % (12% -> 12) in the data");
  st->add_flag("--ignore-unknown-columns", o.ignore_unknown,
               "Leave out data columns the framework does not know");
  st->add_flag("-q,--quiet", o.quiet, "Print nothing but errors");
  output_cli::add(st, o.output, "en", "codes",
                  "Language of the printed report, and of CSV labels with --headers labels");
  return st;
}

inline std::string num(double v, int digits = 4) {
  if (std::isnan(v)) return "-";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

/// A cell of the printed table: `w` terminal columns, right-aligned unless `right` is false.
inline std::string cell(const std::string& s, std::size_t w, bool right = true) {
  return console_text::pad(s, w, right);
}

/// The flags of row `i` of the indicator table: in English the column codes, in Chinese their
/// labels (stats_tables.hpp).
inline std::string flags_of(const tijian::table& t, std::size_t i, const output_cli::words& w) {
  std::string f;
  for (const char* col : {"low_availability", "low_nonzero", "low_unique", "skew_kurt_outlier"})
    if (t.boolean_at(col, i)) f += (f.empty() ? "" : w("、", ",")) + output_cli::heading(t, col, w, col);
  return f;
}

inline std::string flag_text(const std::string& code, const output_cli::words& w) {
  const auto f = tijian::find_enum<tijian::correlation_flag>(code);
  return f ? tijian::label(*f, w.zh) : code;
}

inline int run(const options& o) {
  const output_cli::words w{o.output.lang == "zh"};
  const tijian::framework fw = tijian::resolve_framework(o.framework);
  tijian::recipe recipe = tijian::recipe_for(  // a built-in published index: its own method
      fw, o.recipe.empty() ? std::nullopt : std::optional<tijian::recipe>(tijian::load_recipe(o.recipe)));
  if (o.ignore_unknown) recipe.unknown = tijian::unknown_columns::ignore;
  const tijian::csv_options opts = data_cli::csv_options_of(o.encoding, o.lenient, o.sheet);
  const tijian::panel data = tijian::read_panel(o.data, opts);
  tijian::stats_options so;
  so.correlation = *tijian::find_enum<tijian::correlation_kind>(o.correlation);
  so.values = *tijian::find_enum<tijian::stats_values>(o.values);
  so.level = o.level;
  so.collinear = o.collinear;
  so.negative = o.negative;
  const tijian::stats_report rep = tijian::stats(fw, data, recipe, so);
  // the core's tables (stats_tables.hpp) through the generic writer: indicators to --out,
  // correlations, alpha and pca beside it, every file complete or none; their labels head the
  // Chinese report
  const tijian::document doc = tijian::describe(rep);
  std::vector<std::string> written;
  written = output_cli::write(doc, o.out, o.output);
  if (o.quiet) return 0;
  const tijian::table& ind = doc.table_named("indicators");
  const tijian::table& cor = doc.table_named("correlations");
  auto head = [&](const char* col, const char* en) { return output_cli::heading(ind, col, w, en); };
  std::ostream& out = std::cout;
  bool periods = false;
  std::size_t width = std::max<std::size_t>(9, console_text::display_width(head("indicator", "indicator")));
  for (const auto& s : rep.indicators) {
    periods = periods || !s.period.empty();
    width = std::max(width, s.indicator.size());
  }
  out << head("indicator", "Indicator") << w("统计(", " statistics (")
      << (so.values != tijian::stats_values::raw && recipe.prepare.any()
              ? w("预处理后的数据, ", "prepared data, ")
              : w("原始数据, ", "raw data, "))
      << data.rows() << w(" 行)", " rows)") << "\n";
  // column widths: the English report's, wider where a Chinese heading needs it
  const std::vector<std::pair<const char*, const char*>> cols = {{"available", "n"},
                                                                 {"min", "min"},
                                                                 {"max", "max"},
                                                                 {"mean", "mean"},
                                                                 {"median", "median"},
                                                                 {"sd", "sd"},
                                                                 {"skew", "skew"},
                                                                 {"kurt", "kurt"},
                                                                 {"share_available", "avail"},
                                                                 {"share_nonzero", "nonzero"},
                                                                 {"share_unique", "unique"}};
  const std::size_t base[] = {6, 11, 11, 11, 11, 11, 8, 8, 7, 8, 7};
  std::vector<std::size_t> cw;
  out << cell(head("indicator", "indicator"), width, false)
      << (periods ? "  " + cell(head("period", "period"), 6, false) : std::string());
  for (std::size_t k = 0; k < cols.size(); ++k) {
    const std::string h = head(cols[k].first, cols[k].second);
    cw.push_back(std::max(base[k], console_text::display_width(h) + 2));
    if (!w.zh) cw.back() = base[k];
    out << cell(h, cw.back());
  }
  out << "  " << w("标记", "flags") << "\n";
  std::size_t flagged = 0;
  for (std::size_t i = 0; i < rep.indicators.size(); ++i) {
    const auto& s = rep.indicators[i];
    const std::string f = flags_of(ind, i, w);
    flagged += !f.empty();
    const std::string values[] = {std::to_string(s.available),
                                  num(s.min),
                                  num(s.max),
                                  num(s.mean),
                                  num(s.median),
                                  num(s.sd),
                                  num(s.skew, 3),
                                  num(s.kurt, 3),
                                  num(100 * s.share_available, 3) + "%",
                                  num(100 * s.share_nonzero, 3) + "%",
                                  num(100 * s.share_unique, 3) + "%"};
    out << cell(s.indicator, width, false) << (periods ? "  " + cell(s.period, 6, false) : std::string());
    for (std::size_t k = 0; k < cols.size(); ++k) out << cell(values[k], cw[k]);
    out << "  " << f << "\n";
  }
  if (w.zh) out << rep.indicators.size() << " 行中有标记的 " << flagged << " 行\n";
  else out << flagged << " of " << rep.indicators.size() << " rows flagged\n";
  out << "\n"
      << (w.zh ? cor.label_zh : std::string("Correlations")) << " (" << tijian::label(so.correlation, w.zh)
      << w(", 成对完整样本, ", ", pairwise complete, ") << tijian::label(so.values, w.zh) << ")"
      << (o.all_pairs ? "" : w(", 仅列出有标记的", ", flagged only")) << ":\n";
  std::size_t shown = 0;
  for (const auto& c : rep.correlations) {
    if (!o.all_pairs && c.flag.empty()) continue;
    ++shown;
    out << "  "
        << (c.relation == "with_parent" ? c.a + w(" ~ 上级 ", " ~ parent ") + c.b
                                        : c.a + " ~ " + c.b + " (" + c.group + ")")
        << (c.period.empty() ? "" : " [" + c.period + "]") << ": " << output_cli::heading(cor, "r", w, "r")
        << " = " << num(c.r, 3) << ", " << output_cli::heading(cor, "n", w, "n") << " = " << c.n
        << (c.flag.empty() ? "" : "  " + flag_text(c.flag, w)) << "\n";
  }
  if (shown == 0) out << "  " << w("无", "none") << "\n";
  out << "\n"
      << w("克朗巴哈系数与主成分分析(按分组, 第 ", "Cronbach's alpha and PCA per group (level ") << o.level
      << w(" 层):", "):") << "\n";
  for (std::size_t k = 0; k < rep.alpha.size(); ++k) {
    const auto& a = rep.alpha[k];
    const auto& p = rep.pca[k];
    out << "  " << a.group << (a.period.empty() ? "" : " [" + a.period + "]") << ": ";
    if (w.zh) out << "指标数 " << a.indicators << ", 克朗巴哈系数 " << num(a.alpha, 3);
    else out << a.indicators << " indicators, alpha " << num(a.alpha, 3);
    if (p.variance_share.size() > 0) {
      if (w.zh)
        out << ", 第一主成分解释 " << num(100 * p.variance_share(0), 3) << "% 的方差 (完整样本 "
            << p.rows_used << " 行)";
      else out << ", PC1 explains " << num(100 * p.variance_share(0), 3) << "% (" << p.rows_used << " rows)";
    } else if (!p.note.empty()) {
      out << w(", 主成分分析: ", ", PCA: ") << (w.zh ? p.note_zh : p.note);
    }
    out << "\n";
  }
  if (!written.empty()) {
    out << "\n" << w("已写出", "Wrote");
    for (const auto& file : written) out << " " << file;
    out << "\n";
  }
  return 0;
}

}  // namespace stats_cli
