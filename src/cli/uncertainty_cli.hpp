// SPDX-License-Identifier: MIT
// The `tijian uncertainty` subcommand: Monte Carlo uncertainty analysis of ranks, and with
// --sensitivity a Sobol' analysis (tijian/uncertainty.hpp, tijian/sensitivity.hpp). Parses
// options and prints; no analysis logic lives here.
#pragma once

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <limits>
#include <numeric>
#include <sstream>
#include <optional>
#include <string>
#include <vector>

#include <tijian/io/csv.hpp>
#include <tijian/io/recipe_io.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/presets.hpp>
#include <tijian/sensitivity.hpp>
#include <tijian/uncertainty.hpp>
#include <tijian/uncertainty_tables.hpp>


#include "console_text.hpp"
#include "number_options.hpp"
#include "output_options.hpp"

namespace uncertainty_cli {

struct options {
  output_cli::options output;
  std::string framework, data, sheet, recipe, out, node, period;
  std::size_t runs = 1000, sensitivity_n = 0, bootstrap = 1000;
  std::uint64_t seed = 1;
  std::vector<std::string> noise, normalisations, aggregations, exclude, weight_sets;
  std::vector<int> winmax;
  double dirichlet = 0;
  bool sobol = false, quiet = false, lenient = false;
};

inline CLI::App* add(CLI::App& app, options& o) {
  auto* u = app.add_subcommand(
      "uncertainty",
      "How much do the ranks depend on the method? Monte Carlo over weights, normalisation,\n"
      "aggregation, outlier treatment and left-out indicators; prints each unit's nominal\n"
      "rank with the median and the 5-95 % interval of its rank over the runs. With\n"
      "--sensitivity N, a Sobol' analysis (N (d + 2) runs) of the mean absolute rank shift:\n"
      "first-order and total indices of each uncertain choice with bootstrap intervals.");
  u->add_option("-f,--framework", o.framework, "Framework file (.toml or iMeta .csv) or preset name")
      ->required();
  u->add_option("-d,--data", o.data, "Indicator data (wide CSV)")->required()->check(CLI::ExistingFile);
  u->add_option("--sheet", o.sheet, "Sheet of an .xlsx data file (default: the first)");
  u->add_option("-r,--recipe", o.recipe, "Nominal recipe (TOML)")->check(CLI::ExistingFile);
  u->add_option("-n,--runs", o.runs, "Monte Carlo runs (default 1000; 1 to 10000000)")
      ->check(number_cli::integer(1, static_cast<long long>(tijian::max_runs)));
  u->add_option("--seed", o.seed, "Random seed: the same seed gives the same result for any thread count")
      ->check(number_cli::integer(0, std::numeric_limits<long long>::max()));
  u->add_option("--noise", o.noise,
                "Uniform relative weight noise LEVEL=FACTOR, e.g. --noise 2=0.25 --noise 3=0.25\n"
                "(indicators are level 1)");
  u->add_option("--dirichlet", o.dirichlet,
                "Dirichlet weights with this concentration per sibling group, 0.01 to 1e6 (replaces --noise)")
      ->check(number_cli::real(tijian::dirichlet_min, tijian::dirichlet_max));
  u->add_option("--normalisations", o.normalisations,
                "Alternative normalisations: min_max, z_score, rank, ... (space separated)");
  u->add_option("--aggregations", o.aggregations,
                "Alternative aggregations: arithmetic, geometric, harmonic");
  u->add_option("--winmax", o.winmax,
                "Alternative winsorisation limits (COINr's treatment with log fall-back), e.g. 1 2 3 4 5")
      ->check(number_cli::integer(1, 1000));
  u->add_option("--exclude", o.exclude, "Indicators that may be left out (one or none per run)");
  u->add_option("--weight-set", o.weight_sets,
                "An explicit weight set NAME:CODE=W,CODE=W,... (repeatable; weights relative to siblings,\n"
                "all children of a node or none); each run uses one set, uniformly (replaces --noise)");
  u->add_option("--node", o.node, "Node analysed (default: the composite index)");
  u->add_option("--period", o.period, "Period analysed (needed when the data has several)");
  u->add_flag("--sobol-sampling", o.sobol, "Sobol' quasi-random points instead of pseudo-random");
  u->add_option("--sensitivity", o.sensitivity_n,
                "Run a Sobol' sensitivity analysis with base sample N (N >= 2)")
      ->check(number_cli::integer(2, static_cast<long long>(tijian::max_runs)));
  u->add_option("--bootstrap", o.bootstrap, "Bootstrap resamples for the Sobol' intervals (default 1000)")
      ->check(number_cli::integer(1, 1000000));
  u->add_option("-o,--out", o.out,
                "Write the per-unit rank statistics as CSV, and with --sensitivity <stem>-sobol.csv beside\n"
                "it (complete or not at all)");
  u->add_flag("--lenient-numbers", o.lenient, "Accept 1,234 and 12% in the data");
  u->add_flag("-q,--quiet", o.quiet, "Print nothing but errors");
  output_cli::add(u, o.output, "en", "codes",
                  "Language of the printed report, and of CSV labels with --headers labels");
  return u;
}

inline tijian::uncertainty_spec make_spec(const options& o, const tijian::recipe& nominal) {
  tijian::uncertainty_spec s;
  s.runs = o.runs;
  s.seed = o.seed;
  s.draws = o.sobol ? tijian::sampling::sobol : tijian::sampling::pseudo_random;
  s.dirichlet = o.dirichlet;
  s.node = o.node;
  s.period = o.period;
  for (const auto& spec : o.noise) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos)
      throw tijian::recipe_error("cli.noise", "--noise takes LEVEL=FACTOR, e.g. 2=0.25 (got '" + spec + "')",
                                 {}, "--noise 的写法是 层级=系数，例如 2=0.25（而不是 '" + spec + "'）");
    // LEVEL from 1 (the core checks it against the framework), FACTOR in [0, 1)
    const auto level =
        number_cli::integer_in(spec.substr(0, eq), 1, 64, "cli.noise", "--noise LEVEL", "--noise 的层级");
    const double factor =
        number_cli::real_in(spec.substr(eq + 1), 0, 1, true, "cli.noise", "--noise FACTOR", "--noise 的系数");
    s.noise.push_back({static_cast<int>(level), factor});
  }
  for (const auto& name : o.normalisations) {
    const auto m = tijian::find_enum<tijian::normalisation_method>(name);
    if (!m)
      throw tijian::recipe_error("cli.normalisation",
                                 "unknown normalisation '" + name +
                                     "'; accepted: " + tijian::codes_of<tijian::normalisation_method>(),
                                 {},
                                 "未知的标准化方法 '" + name + "'；可用：" +
                                     tijian::codes_of<tijian::normalisation_method>(true));
    tijian::normalisation n = nominal.normalise;
    n.method = *m;
    s.normalisations.push_back(n);
  }
  for (const auto& name : o.aggregations) {
    const auto m = tijian::find_enum<tijian::aggregation_method>(name);
    if (!m)
      throw tijian::recipe_error(
          "cli.aggregation",
          "unknown aggregation '" + name + "'; accepted: " + tijian::codes_of<tijian::aggregation_method>(),
          {}, "未知的加总方法 '" + name + "'；可用：" + tijian::codes_of<tijian::aggregation_method>(true));
    tijian::aggregation a = nominal.aggregate;
    a.method = *m;
    s.aggregations.push_back(a);
  }
  for (int k : o.winmax) {
    tijian::recipe v = nominal;
    v.prepare.treat.method = tijian::treatment_method::coinr_winsorise;
    v.prepare.treat.winmax = k;
    s.data_variants.push_back(v);
    s.variant_names.push_back("winmax " + std::to_string(k));
  }
  s.exclusions = o.exclude;
  for (const auto& text : o.weight_sets) {  // NAME:CODE=W,CODE=W; the core checks codes and weights
    tijian::weight_set ws;
    const auto colon = text.find(':');
    std::string list = text;
    if (colon != std::string::npos) {
      ws.name = text.substr(0, colon);
      list = text.substr(colon + 1);
    }
    std::size_t pos = 0;
    while (pos <= list.size()) {
      const std::size_t end = std::min(list.find(',', pos), list.size());
      const std::string item = list.substr(pos, end - pos);
      const auto eq = item.find('=');
      if (eq == std::string::npos || eq == 0)
        throw tijian::recipe_error(
            "cli.weight_set",
            "--weight-set takes NAME:CODE=W,CODE=W, e.g. experts:ENV=2,ECO=1 "
            "(got '" +
                tijian::escaped(text) + "')",
            {},
            "--weight-set 的写法是 名称:代码=权重,代码=权重，例如 experts:ENV=2,ECO=1（而不是 '" +
                tijian::escaped(text) + "'）");
      ws.weights[item.substr(0, eq)] = number_cli::real_in(item.substr(eq + 1), -1e300, 1e300, false,
                                                           "cli.weight_set",
                                                           "--weight-set " + item.substr(0, eq),
                                                           "--weight-set 的权重 " + item.substr(0, eq));
      pos = end + 1;
    }
    s.weight_sets.push_back(std::move(ws));
  }
  return s;
}

/// A factor's name in the report's language (uncertain_input's labels).
inline std::string factor_text(const std::string& code, const output_cli::words& w) {
  const auto f = tijian::find_enum<tijian::uncertain_input>(code);
  return f ? tijian::label(*f, w.zh) : code;
}

inline int run(const options& o) {
  const output_cli::words w{o.output.lang == "zh"};
  const tijian::framework fw = tijian::resolve_framework(o.framework);
  tijian::csv_options copts;
  if (o.lenient) copts.numbers = tijian::number_format::lenient;
  copts.sheet = o.sheet;
  const tijian::panel data = tijian::read_panel(o.data, copts);
  const tijian::recipe nominal = tijian::recipe_for(  // a built-in published index: its own method
      fw, o.recipe.empty() ? std::nullopt : std::optional<tijian::recipe>(tijian::load_recipe(o.recipe)));
  const tijian::uncertainty_spec spec = make_spec(o, nominal);
  const tijian::uncertainty_result ua = tijian::uncertainty(fw, data, nominal, spec);
  std::vector<std::size_t> order(ua.units.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return ua.nominal_rank[static_cast<Eigen::Index>(a)] < ua.nominal_rank[static_cast<Eigen::Index>(b)];
  });
  // the core's tables (uncertainty_tables.hpp): written to --out, and their labels head the
  // Chinese report
  tijian::document tables;
  tables.add(tijian::uncertainty_table(ua, order));
  const tijian::table& summary = tables.table_named("uncertainty");
  using console_text::pad;
  if (!o.quiet) {
    const std::string unit_head = output_cli::heading(summary, "unit", w, "unit");
    const std::string nominal_head = output_cli::heading(summary, "nominal_rank", w, "nominal");
    const std::string median_head = output_cli::heading(summary, "rank_median", w, "median");
    const std::string interval_head = w("排名 5%-95% 分位区间", "5-95 %");
    if (w.zh)
      std::cout << summary.label_zh << " '" << ua.node << "': " << spec.runs << " 次运行, 失败 "
                << ua.failures.size() << " 次\n\n";
    else
      std::cout << "Uncertainty of '" << ua.node << "': " << spec.runs << " runs, " << ua.failures.size()
                << " failed\n\n";
    std::cout << pad(unit_head, 12) << pad(nominal_head, 9 + (w.zh ? 3 : 0), true)
              << pad(median_head, 9 + (w.zh ? 5 : 0), true) << pad(interval_head, 14 + (w.zh ? 8 : 0), true)
              << "\n";
    for (std::size_t k : order) {
      const auto i = static_cast<Eigen::Index>(k);
      std::ostringstream nominal_rank, median, interval;
      nominal_rank << ua.nominal_rank[i];
      median << ua.rank_median[i];
      interval << std::fixed << std::setprecision(0) << ua.rank_q05[i] << "-" << ua.rank_q95[i];
      std::cout << pad(ua.units[k], 12) << pad(nominal_rank.str(), 9 + (w.zh ? 3 : 0), true)
                << pad(median.str(), 9 + (w.zh ? 5 : 0), true)
                << pad(interval.str(), 14 + (w.zh ? 8 : 0), true) << "\n";
    }
    if (!ua.failures.empty()) {
      if (w.zh) std::cout << "\n失败的运行(共 " << ua.failures.size() << " 次, 列出前 5 次):\n";
      else std::cout << "\nFailed runs (first 5 of " << ua.failures.size() << "):\n";
      for (std::size_t k = 0; k < std::min<std::size_t>(5, ua.failures.size()); ++k)
        std::cout << "  " << w("第 ", "run ") << ua.failures[k].first << w(" 次: ", ": ")
                  << ua.failures[k].second << "\n";
    }
  }
  if (o.sensitivity_n > 0) {
    tijian::sensitivity_spec ss;
    ss.inputs = spec;
    ss.n = o.sensitivity_n;
    ss.draws = spec.draws;
    ss.bootstrap = o.bootstrap;
    const tijian::sensitivity_result sa = tijian::sensitivity(fw, data, nominal, ss);
    tables.add(tijian::sobol_table(sa.indices, sa.factors));
    const tijian::table& sobol = tables.table_named("sobol");
    if (!o.quiet) {
      if (w.zh)
        std::cout << "\n"
                  << sobol.label_zh << "(平均绝对排名变动; " << sa.y.size() << " 次运行; 90% 自助法区间):\n";
      else
        std::cout << "\nSobol' indices of the mean absolute rank shift (" << sa.y.size()
                  << " runs; 90 % bootstrap intervals):\n";
      std::cout << pad(output_cli::heading(sobol, "factor", w, "factor"), 16)
                << pad(output_cli::heading(sobol, "first", w, "first order"), 22, true)
                << pad(output_cli::heading(sobol, "total", w, "total"), 22, true) << "\n";
      for (std::size_t f = 0; f < sa.factors.size(); ++f) {
        const auto i = static_cast<Eigen::Index>(f);
        std::ostringstream a, b;
        a << std::fixed << std::setprecision(3) << sa.indices.first[i] << " [" << sa.indices.first_lo[i]
          << ", " << sa.indices.first_hi[i] << "]";
        b << std::fixed << std::setprecision(3) << sa.indices.total[i] << " [" << sa.indices.total_lo[i]
          << ", " << sa.indices.total_hi[i] << "]";
        std::cout << pad(factor_text(sa.factors[f], w), 16) << pad(a.str(), 22, true)
                  << pad(b.str(), 22, true) << "\n";
      }
      if (sa.indices.rows_dropped) {
        if (w.zh) std::cout << "(" << sa.indices.rows_dropped << " 个设计行因运行失败而略去)\n";
        else std::cout << "(" << sa.indices.rows_dropped << " design rows with a failed run left out)\n";
      }
    }
  }
  if (!o.out.empty()) {
    const std::vector<std::string> written = output_cli::write(tables, o.out, o.output);
    if (!o.quiet) {
      std::cout << "\n" << w("已写出", "Wrote");
      for (const auto& file : written) std::cout << " " << file;
      std::cout << "\n";
    }
  }
  return 0;
}

}  // namespace uncertainty_cli
