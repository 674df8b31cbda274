// SPDX-License-Identifier: MIT
// The `tijian trend` subcommand (the annual check over years: trend.hpp, attribution.hpp) and
// `tijian evaluate` (the five-year evaluation: evaluate.hpp). Kept apart from main.cpp, which
// only registers them. Nothing is computed here: the tables come from trend_tables.hpp and go
// through the generic writers (io/table_io.hpp), every file complete or none.
#pragma once

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <tijian/attribution.hpp>
#include <tijian/evaluate.hpp>
#include <tijian/io/csv.hpp>
#include <tijian/io/framework_io.hpp>
#include <tijian/io/recipe_io.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/io/targets_io.hpp>
#include <tijian/presets.hpp>
#include <tijian/score.hpp>
#include <tijian/trend.hpp>
#include <tijian/trend_tables.hpp>

#include "data_options.hpp"
#include "number_options.hpp"
#include "output_options.hpp"

namespace trend_cli {

using output_cli::words;

struct options {
  output_cli::options output;  // --lang (report and CSV labels), --headers, --bom
  std::string framework, data, sheet, targets, recipe, out, encoding = "auto", group;
  int from_year = 0, to_year = 0, project = 0, year = 0, end_year = 0;
  double tolerance = 0.01;
  bool attribute = false, lenient = false, quiet = false;
};

inline void common(CLI::App* c, options& o) {
  c->add_option("-f,--framework", o.framework,
                "Framework: a .toml / .csv file or a built-in name (tijian presets); it gives each\n"
                "indicator's direction (higher / lower is better, band) and unit")
      ->required();
  c->add_option("-d,--data", o.data, "Multi-year data: wide CSV, one row per unit and year (integer years)")
      ->required()
      ->check(CLI::ExistingFile);
  c->add_option("--sheet", o.sheet, "Sheet of an .xlsx data file (default: the first)");
  output_cli::add(c, o.output, "zh", "codes",
                  "Language of the report and of the CSV labels (with --headers labels): zh or en");
  c->add_option("--encoding", o.encoding, "Text encoding of the data: auto, utf8, gb18030")
      ->check(CLI::IsMember({"auto", "utf8", "gb18030"}));
  c->add_flag("--lenient-numbers", o.lenient,
              "Accept thousands separators (1,234) and a trailing % (12% -> 12) in the data");
  c->add_flag("-q,--quiet", o.quiet, "Print nothing but errors");
}

inline CLI::App* add_trend(CLI::App& app, options& o) {
  auto* c = app.add_subcommand(
      "trend",
      "The annual check over years: per unit and indicator the year-on-year changes, CAGR,\n"
      "linear trend (OLS slope, its standard error, R²), improvement along the indicator's\n"
      "direction with a relative tolerance, projections, and with a target profile the progress\n"
      "to each target and the year it would be met at the current pace (linear and CAGR);\n"
      "ranks per indicator and year, overall and within the peer group (a *_group column).\n"
      "--attribute scores the data with the recipe and attributes each unit's change of the\n"
      "composite index between the first and the last year to its indicators (use a recipe with\n"
      "normalise.fit = \"pooled\" so that scores of different years are comparable).");
  common(c, o);
  c->add_option("-t,--targets", o.targets,
                "Target profile: a .toml file (tijian/targets/1) or a built-in name");
  c->add_option("--from", o.from_year, "First year of the window (default: the first year with data)")
      ->check(number_cli::year());
  c->add_option("--to", o.to_year, "Last year of the window (default: the last year with data)")
      ->check(number_cli::year());
  c->add_option("--tolerance", o.tolerance,
                "Relative tolerance of 'stable': |change along the direction| <= tolerance x |first value|")
      ->check(number_cli::real(0, 1));
  c->add_option("--project", o.project, "Project every series to this year (default: each target's year)")
      ->check(number_cli::year());
  c->add_option("--group", o.group, "Group column of the peer groups (default: the first *_group column)");
  c->add_option("-r,--recipe", o.recipe, "Recipe (TOML) for --attribute")->check(CLI::ExistingFile);
  c->add_flag("--attribute", o.attribute,
              "Attribute the composite change between --from and --to to the indicators");
  c->add_option("-o,--out", o.out,
                "Write the tables: .json (everything) or .csv (the trend table, plus <stem>-changes.csv,\n"
                "-ranks.csv[, -attribution.csv, -attribution_summary.csv]). Each file is written\n"
                "completely or not at all; nothing is written when the input is refused.");
  return c;
}

inline CLI::App* add_evaluate(CLI::App& app, options& o) {
  auto* c = app.add_subcommand(
      "evaluate",
      "The five-year evaluation (五年评估): per unit and target, the base year value against the\n"
      "evaluation year value, the change achieved and its share of the required change, the pace\n"
      "per year against the pace the plan needs, the projected value at the target year and the\n"
      "projected year of attainment, and whether the target is achieved, on pace or will miss;\n"
      "per top-level dimension the counts. The base is the target's base_year / base_value, else\n"
      "the profile's start_year, else the first year with data.");
  common(c, o);
  c->add_option("-t,--targets", o.targets,
                "Target profile: a .toml file (tijian/targets/1) or a built-in name")
      ->required();
  c->add_option("--year", o.year, "Evaluation year (default: the latest year in the data)")
      ->check(number_cli::year());
  c->add_option("--end-year", o.end_year,
                "Plan end year for targets without a year (default: the profile's latest target year)")
      ->check(number_cli::year());
  c->add_option("-o,--out", o.out,
                "Write the tables: .json (everything) or .csv (the target table, plus\n"
                "<stem>-evaluation_dimensions.csv). Each file is written completely or not at all.");
  return c;
}

inline tijian::panel read_data(const options& o) {
  const tijian::csv_options copts = data_cli::csv_options_of(o.encoding, o.lenient, o.sheet);
  return tijian::read_panel(o.data, copts);
}

inline std::string num(double v, int digits = 4) {
  if (std::isnan(v)) return "-";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

template <class E>
std::string word(E v, const words& w) {
  return tijian::label(v, w.zh);
}

inline int run_trend(const options& o) {
  const words w{o.output.lang == "zh"};
  if (!o.out.empty()) (void)output_cli::out_kind(o.out);  // refused before any work
  const tijian::framework fw = tijian::resolve_framework(o.framework);
  std::optional<tijian::target_profile> profile;
  if (!o.targets.empty()) profile = tijian::resolve_profile(o.targets, &fw);
  const tijian::panel data = read_data(o);
  tijian::trend_options opt;
  opt.from_year = o.from_year;
  opt.to_year = o.to_year;
  opt.tolerance = o.tolerance;
  opt.projection_year = o.project;
  opt.group = o.group;
  const tijian::trend_report rep = tijian::trend(fw, data, profile ? &*profile : nullptr, opt);
  tijian::document doc = tijian::describe(rep);
  std::optional<tijian::attribution> attr;
  if (o.attribute) {
    tijian::recipe r = o.recipe.empty() ? tijian::recipe{} : tijian::load_recipe(o.recipe);
    r.unknown = tijian::unknown_columns::ignore;
    const tijian::result res = tijian::score(fw, data, r);
    int first = 0, last = 0;
    for (const auto& t : rep.trends) {
      if (t.first_year != 0 && (first == 0 || t.first_year < first)) first = t.first_year;
      last = std::max(last, t.last_year);
    }
    attr = tijian::attribute_change(res, std::to_string(o.from_year ? o.from_year : first),
                                    std::to_string(o.to_year ? o.to_year : last));
    // what the attribution scored with, beside the trend's own provenance
    tijian::document how;
    how.field("node", attr->node)
        .field("period_a", attr->period_a)
        .field("period_b", attr->period_b)
        .field("recipe_hash", res.origin.recipe_hash)
        .field("recipe", res.origin.recipe_text);
    doc.group("attribution_options", std::move(how));
    for (auto& e : tijian::describe(*attr).entries)
      if (e.table) doc.entries.push_back(e);
  }
  const std::vector<std::string> written = output_cli::write(doc, o.out, o.output);
  if (o.quiet) return 0;
  std::ostream& out = std::cout;
  out << w("年度趋势体检", "Annual check over years") << ": " << o.data << " (" << data.rows()
      << w(" 行", " rows") << ")" << (profile ? w(", 目标 ", ", targets ") + profile->name : std::string())
      << "\n";
  // per indicator: how many units improved, stayed, worsened
  struct counts {
    int improved = 0, stable = 0, worsened = 0, no_data = 0;
  };
  std::map<std::string, counts> by;
  std::vector<std::string> order;
  std::map<std::pair<std::string, std::string>, bool> seen;
  for (const auto& t : rep.trends) {
    if (!seen.emplace(std::make_pair(t.unit, t.indicator), true).second) continue;
    if (!by.count(t.indicator)) order.push_back(t.indicator);
    counts& c = by[t.indicator];
    switch (t.trend) {
      case tijian::improvement::improved: ++c.improved; break;
      case tijian::improvement::stable: ++c.stable; break;
      case tijian::improvement::worsened: ++c.worsened; break;
      case tijian::improvement::no_data: ++c.no_data; break;
    }
  }
  out << w("指标            改善  持平  退步  数据不足\n",
           "indicator       improved stable worsened no data\n");
  for (const auto& code : order) {
    const counts& c = by[code];
    char line[160];
    std::snprintf(line, sizeof line, "%-14s %6d %6d %6d %6d\n", code.c_str(), c.improved, c.stable,
                  c.worsened, c.no_data);
    out << line;
  }
  out << w("(容差: 沿指标方向的变化不超过首年值的 ", "(tolerance: a change along the direction within ")
      << num(100 * o.tolerance) << w("% 视为持平)\n", "% of the first value is stable)\n");
  if (profile) {
    std::map<tijian::pace_outlook, int> n;
    for (const auto& t : rep.trends)
      if (t.kind) ++n[t.outlook_linear];
    out << w("目标前景(线性趋势): ", "Targets at the linear pace: ");
    bool first = true;
    for (const auto& [k, v] : n) {
      out << (first ? "" : ", ") << word(k, w) << " " << v;
      first = false;
    }
    out << "\n";
  }
  if (attr) {
    std::size_t exact = 0;
    double worst = 0;
    for (const auto& s : attr->units) {
      exact += s.exact;
      worst = std::max(worst, std::abs(s.residual));
    }
    out << w("综合得分变化归因 ", "Attribution of the composite change ") << attr->period_a << " -> "
        << attr->period_b << ": " << attr->units.size() << w(" 个城市, 精确分解 ", " units, exact for ")
        << exact << w(", 最大余量 ", ", largest residual ") << num(worst, 3) << "\n";
  }
  for (const auto& f : written) out << w("已写出 ", "Wrote ") << f << "\n";
  return 0;
}

inline int run_evaluate(const options& o) {
  const words w{o.output.lang == "zh"};
  if (!o.out.empty()) (void)output_cli::out_kind(o.out);  // refused before any work
  const tijian::framework fw = tijian::resolve_framework(o.framework);
  const tijian::target_profile profile = tijian::resolve_profile(o.targets, &fw);
  const tijian::panel data = read_data(o);
  tijian::evaluation_options opt;
  opt.year = o.year;
  opt.end_year = o.end_year;
  const tijian::evaluation_report rep = tijian::evaluate(fw, data, profile, opt);
  const std::vector<std::string> written = output_cli::write(tijian::describe(rep), o.out, o.output);
  if (o.quiet) return 0;
  std::ostream& out = std::cout;
  out << w("五年评估 ", "Five-year evaluation ") << profile.name << w(", 评估年份 ", ", evaluation year ")
      << rep.year << w(", 规划末年 ", ", plan end year ") << rep.end_year << "\n";
  out << w(
      "城市          维度          目标  已实现  进度正常  将无法实现  到期未实现  数据不足  平均完成比例\n",
      "unit          dimension  targets achieved on_pace will_miss missed no_data mean_share\n");
  for (const auto& d : rep.dimensions) {
    char line[200];
    std::snprintf(line, sizeof line, "%-13s %-12s %5d %7d %8d %10d %10d %8d  %s\n", d.unit.c_str(),
                  d.dimension.c_str(), d.targets, d.achieved, d.on_pace, d.will_miss, d.missed, d.no_data,
                  num(d.mean_share, 3).c_str());
    out << line;
  }
  out << w("进度: 自基准年以来的年均变化; 按此速度外推到目标年判断是否能实现。\n",
           "Pace: the average change per year since the base year, projected to the target year.\n");
  for (const auto& f : written) out << w("已写出 ", "Wrote ") << f << "\n";
  return 0;
}

}  // namespace trend_cli
