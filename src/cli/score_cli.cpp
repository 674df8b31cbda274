// SPDX-License-Identifier: MIT
// `tijian score`: reads the framework, data and recipe through the library's readers, runs the
// library's scoring entry, prints a ranked table and writes the result files atomically. No
// scoring logic lives here.
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <tijian/io/csv.hpp>
#include <tijian/io/framework_io.hpp>
#include <tijian/io/recipe_io.hpp>
#include <tijian/io/result_io.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/mcda_tables.hpp>
#include <tijian/presets.hpp>
#include <tijian/result_tables.hpp>
#include <tijian/score.hpp>

#include "command.hpp"
#include "console_text.hpp"  // display widths of Chinese text
#include "data_options.hpp"  // --encoding, --lenient-numbers, --sheet
#include "exit_status.hpp"
#include "number_options.hpp"
#include "output_options.hpp"  // --lang, --headers, --bom, the --out writer

namespace {

using console_text::display_width;
using console_text::fixed;
using console_text::pad;
using output_cli::words;


/// Prints the composite index and the dimension scores of every unit, best first, one table
/// per period. In Chinese the headings are the labels of the scores table (result_tables.hpp).
void print_table(const tijian::result& res, std::size_t top, const words& w, std::ostream& out) {
  const auto& fw = res.framework;
  const tijian::table described = tijian::scores_table(res);
  // a node without a Chinese name is labelled 得分 alone: its code goes in front
  auto heading = [&](const std::string& column, const std::string& en) {
    const std::string h = output_cli::heading(described, column, w, en);
    const std::size_t cut = column.rfind('_');
    const std::size_t node = cut == std::string::npos ? tijian::framework::npos
                                                      : fw.find(column.substr(0, cut));
    return w.zh && node != tijian::framework::npos && fw.node(node).name_zh.empty() ? fw.node(node).code + h
                                                                                    : h;
  };
  std::vector<std::size_t> dims(fw.children(fw.root()).begin(), fw.children(fw.root()).end());
  std::vector<std::string> periods = res.periods;
  std::sort(periods.begin(), periods.end());
  periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
  const bool names = std::any_of(res.unit_names.begin(), res.unit_names.end(),
                                 [](const std::string& s) { return !s.empty(); });
  const std::string root = fw.node(fw.root()).code;
  const std::string root_head = heading(root + "_score", root);
  for (const auto& period : periods) {
    std::vector<Eigen::Index> rows;
    for (Eigen::Index i = 0; i < res.rows(); ++i)
      if (res.periods[static_cast<std::size_t>(i)] == period) rows.push_back(i);
    std::stable_sort(rows.begin(), rows.end(), [&](Eigen::Index a, Eigen::Index b) {
      const double ra = res.ranks(a, 0), rb = res.ranks(b, 0);
      if (std::isnan(ra) != std::isnan(rb)) return std::isnan(rb);
      return ra < rb;
    });
    if (!period.empty()) out << "\n" << heading("period", "Period") << " " << period << "\n";
    const std::string rank_head = heading(root + "_rank", "rank"), unit_head = heading("unit", "unit"),
                      name_head = heading("name", "name");
    std::size_t unit_w = display_width(unit_head), name_w = display_width(name_head);
    for (Eigen::Index i : rows) {
      unit_w = std::max(unit_w, display_width(res.units[static_cast<std::size_t>(i)]));
      if (names) name_w = std::max(name_w, display_width(res.unit_names[static_cast<std::size_t>(i)]));
    }
    const std::size_t rank_w = std::max<std::size_t>(5, display_width(rank_head));
    const std::size_t root_w = std::max<std::size_t>(8, display_width(root_head));
    out << pad(rank_head, rank_w, true) << "  " << pad(unit_head, unit_w);
    if (names) out << "  " << pad(name_head, name_w);
    out << "  " << pad(root_head, root_w, true);
    std::vector<std::size_t> widths;
    for (std::size_t d : dims) {
      const std::string& code = fw.node(d).code;
      const std::string head = heading(code + "_score", code);
      widths.push_back(std::max<std::size_t>(8, display_width(head)));
      out << "  " << pad(head, widths.back(), true);
    }
    if (!res.grades.empty()) out << "  " << heading(root + "_grade", "grade");
    out << "\n";
    std::size_t shown = 0;
    for (Eigen::Index i : rows) {
      if (top > 0 && shown++ >= top) break;
      const auto iu = static_cast<std::size_t>(i);
      out << pad(fixed(res.ranks(i, 0), 0), rank_w, true) << "  " << pad(res.units[iu], unit_w);
      if (names) out << "  " << pad(res.unit_names[iu], name_w);
      out << "  " << pad(fixed(res.scores(i, 0), 2), root_w, true);
      for (std::size_t k = 0; k < dims.size(); ++k)
        out << "  " << pad(fixed(res.score_of(dims[k])[i], 2), widths[k], true);
      if (!res.grades.empty()) out << "  " << res.grades[iu][0];
      out << "\n";
    }
  }
}

/// The diagnostics, in the report's language: Chinese from message_zh and the severity's label.
void print_diagnostics(const std::vector<tijian::diagnostic>& list, const words& w, std::ostream& out) {
  std::size_t warnings = 0;
  for (const auto& d : list) warnings += d.level == tijian::severity::warning;
  if (list.empty()) return;
  out << "\n"
      << w("诊断信息 (", "Diagnostics (") << list.size() << w(" 条, 其中警告 ", ", ") << warnings
      << w(" 条):", " warnings):") << "\n";
  for (const auto& d : list) {
    // the id is for programs and English readers; codes of nodes and periods are kept in both
    std::string where = w.zh ? std::string() : d.id;
    auto add = [&where](const std::string& part) { where += (where.empty() ? "" : " ") + part; };
    if (!d.node.empty()) add(d.node);
    if (!d.period.empty()) add("(" + d.period + ")");
    if (d.count > 1) add(w.zh ? std::to_string(d.count) + " 次" : "x" + std::to_string(d.count));
    out << "  [" << tijian::label(d.level, w.zh) << "] " << where << (where.empty() ? "" : ": ")
        << (w.zh && !d.message_zh.empty() ? d.message_zh : d.message) << "\n";
  }
}

/// The rows of a table grouped by its period column, periods in order of first appearance.
std::vector<std::pair<std::string, std::vector<std::size_t>>> by_period(const tijian::table& t) {
  std::vector<std::pair<std::string, std::vector<std::size_t>>> out;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    const std::string p = t.text_at("period", i);
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& g) { return g.first == p; });
    if (it == out.end()) it = out.insert(out.end(), {p, {}});
    it->second.push_back(i);
  }
  return out;
}

/// A number with the unit its column has in the core's description (比值 / ratio, ...).
std::string with_unit(const tijian::table& t, const std::string& column, double v, int digits,
                      const words& w) {
  const tijian::column& c = t.at(column);
  const std::string& unit = w.zh ? c.unit_zh : c.unit_en;
  return fixed(v, digits) + (unit.empty() ? "" : " " + unit);
}

std::string units_count(std::size_t n, const words& w) {
  return std::to_string(n) + (w.zh ? " 个" : n == 1 ? " unit" : " units");
}

/// A short account of the tables of the ranking methods (mcda_tables.hpp), read from those
/// tables: per aggregate and period, VIKOR's compromise set and acceptance conditions, the
/// rank-sum ratio's regression and units per grade, the units per maximum-membership grade of
/// fuzzy comprehensive evaluation. The files written with --out hold the tables themselves.
void print_methods(const tijian::result& res, const tijian::document& methods, const words& w,
                   std::ostream& out) {
  const auto& fw = res.framework;
  const auto yes_no = [&](bool b) {
    return w.zh ? std::string(b ? "是" : "否") : std::string(b ? "yes" : "no");
  };
  const auto when = [&](const std::string& period) {
    return period.empty() ? std::string("  ") : "  " + w("时期 ", "Period ") + period + ": ";
  };
  const std::string sep = w("、", ", ");
  for (std::size_t k : fw.inner_nodes()) {
    const std::string& code = fw.node(k).code;
    if (const tijian::table* t = methods.find_table("vikor_" + code)) {
      out << "\n" << (w.zh ? t->label_zh : t->label_en) << "\n";
      for (const auto& [period, rows] : by_period(*t)) {
        std::vector<std::size_t> chosen;
        for (std::size_t i : rows)
          if (t->boolean_at("compromise", i)) chosen.push_back(i);
        std::stable_sort(chosen.begin(), chosen.end(), [&](std::size_t a, std::size_t b) {
          return t->real_at("rank_Q", a) < t->real_at("rank_Q", b);
        });
        out << when(period) << w("折衷解 ", "compromise set ");
        for (std::size_t c = 0; c < chosen.size(); ++c)
          out << (c ? sep : "") << t->text_at("unit", chosen[c]);
        out << " (Q ";
        for (std::size_t c = 0; c < chosen.size(); ++c)
          out << (c ? sep : "") << fixed(t->real_at("Q", chosen[c]), 4);
        const std::string& unit = w.zh ? t->at("Q").unit_zh : t->at("Q").unit_en;
        out << " " << unit << ")" << w("; 条件1 可接受优势: ", "; C1 acceptable advantage: ")
            << yes_no(t->boolean_at("acceptable_advantage", rows.front()))
            << w("; 条件2 决策可接受稳定性: ", "; C2 acceptable stability: ")
            << yes_no(t->boolean_at("acceptable_stability", rows.front())) << "\n";
      }
    }
    const tijian::table* reg = methods.find_table("rsr_regression_" + code);
    const tijian::table* rsr = methods.find_table("rsr_" + code);
    if (reg && rsr) {
      out << "\n" << (w.zh ? rsr->label_zh : rsr->label_en) << "\n";
      const auto periods = by_period(*rsr);
      for (std::size_t g = 0; g < reg->rows(); ++g) {
        const std::string period = reg->text_at("period", g);
        out << when(period) << w("回归方程 秩和比 = ", "regression WRSR = ")
            << fixed(reg->real_at("intercept", g), 4) << " + " << fixed(reg->real_at("slope", g), 4)
            << w(" × 概率单位 (系数单位: ", " × probit (coefficients in ")
            << (w.zh ? reg->at("slope").unit_zh : reg->at("slope").unit_en) << w("; 决定系数 ", "; R² ")
            << with_unit(*reg, "r_squared", reg->real_at("r_squared", g), 4, w) << w("; 回归点 ", "; ")
            << reg->integer_at("points", g) << w(" 个)", " points)");
        std::map<std::int64_t, std::size_t> per_grade;
        std::size_t ungraded = 0;
        for (const auto& [p, rows] : periods)
          if (p == period)
            for (std::size_t i : rows) {
              if (rsr->at("grade").is_missing(i)) ++ungraded;
              else ++per_grade[rsr->integer_at("grade", i)];
            }
        out << w("; 分档 (1 = 最优): ", "; grades (1 = best): ");
        bool first = true;
        for (std::int64_t grade = 1; grade <= reg->integer_at("grades", g); ++grade) {
          out << (first ? "" : sep) << w("第", "grade ") << grade << w("档 ", ": ")
              << units_count(per_grade[grade], w);
          first = false;
        }
        if (ungraded > 0) out << sep << w("无数据 ", "no data: ") << units_count(ungraded, w);
        out << "\n";
      }
    }
    if (const tijian::table* t = methods.find_table("fuzzy_" + code)) {
      out << "\n" << (w.zh ? t->label_zh : t->label_en) << "\n";
      for (const auto& [period, rows] : by_period(*t)) {
        out << when(period) << w("按最大隶属度: ", "by maximum membership: ");
        std::size_t none = 0;
        bool first = true;
        for (const std::string& grade : res.fuzzy_grades) {
          std::size_t n = 0;
          for (std::size_t i : rows) n += !t->at("grade").is_missing(i) && t->text_at("grade", i) == grade;
          out << (first ? "" : sep) << grade << " " << units_count(n, w);
          first = false;
        }
        for (std::size_t i : rows) none += t->at("grade").is_missing(i);
        if (none > 0) out << sep << w("无数据 ", "no data ") << units_count(none, w);
        out << "\n";
      }
    }
  }
}

struct options {
  std::string framework_path, data_path, recipe_path, out_path, encoding = "auto", sheet;
  std::size_t top = 0;
  bool lenient = false, ignore_unknown = false, print_recipe = false, quiet = false;
  output_cli::options output;
};

int run(const options& o) {
  const tijian::framework fw = tijian::resolve_framework(o.framework_path);
  tijian::recipe recipe =
      tijian::recipe_for(fw, o.recipe_path.empty()
                                 ? std::nullopt
                                 : std::optional<tijian::recipe>(tijian::load_recipe(o.recipe_path)));
  if (o.ignore_unknown) recipe.unknown = tijian::unknown_columns::ignore;
  if (o.print_recipe) {
    std::cout << tijian::describe(recipe);
    return int{cli_exit::ok};
  }
  if (!o.out_path.empty()) (void)output_cli::out_kind(o.out_path);  // refused before any work
  const tijian::csv_options opts = data_cli::csv_options_of(o.encoding, o.lenient, o.sheet);
  const tijian::panel data = tijian::read_panel(o.data_path, opts);
  tijian::result res = tijian::score(fw, data, recipe);
  const std::vector<tijian::diagnostic> notes = tijian::recipe_notes(fw, recipe);
  res.diagnostics.insert(res.diagnostics.begin(), notes.begin(), notes.end());
  // the tables of VIKOR, the rank-sum ratio and fuzzy evaluation (empty for other methods)
  const tijian::document methods = tijian::method_tables(res);
  if (!o.out_path.empty()) {
    // CSV: the scores table (one row per unit and period) to --out, each method table and the
    // not-applicable nodes (when there are) to <stem>-<table>.csv beside it; JSON and xlsx: every
    // table of the result, then the method tables (in JSON under "methods"). All files
    // complete, or none written.
    tijian::document doc;
    if (output_cli::out_kind(o.out_path) == output_cli::out_file::csv) {
      doc.add(tijian::scores_table(res));
      doc.entries.insert(doc.entries.end(), methods.entries.begin(), methods.entries.end());
      if (!res.not_applicable.empty()) doc.add(tijian::not_applicable_table(res.not_applicable));
    } else {
      doc = tijian::describe(res);
      if (!methods.entries.empty()) doc.group("methods", methods);
    }
    (void)output_cli::write(doc, o.out_path, o.output);
  }
  if (!o.quiet) {
    const words w{o.output.lang == "zh"};
    std::cout << w("框架 ", "Framework ") << o.framework_path << " (" << fw.leaves().size()
              << w(" 项指标, ", " indicators, ") << fw.inner_nodes().size()
              << w(" 个汇总节点), 数据 ", " aggregates), data ") << o.data_path << " (" << data.rows()
              << w(" 行)", " rows)") << "\n";
    print_table(res, o.top, w, std::cout);
    print_methods(res, methods, w, std::cout);
    print_diagnostics(res.diagnostics, w, std::cout);
    if (!o.out_path.empty()) std::cout << "\n" << w("已写出 ", "Wrote ") << o.out_path << "\n";
  }
  return int{cli_exit::ok};
}

}  // namespace

namespace cli_command {

command add_score(CLI::App& app) {
  auto o = std::make_shared<options>();
  auto* sc = app.add_subcommand(
      "score",
      "Score units with a framework and a recipe.\n\n"
      "Reads the framework (TOML, or a COINr-style iMeta CSV), the data (a wide CSV: one row\n"
      "per unit and period, one column per indicator) and an optional recipe (TOML: the\n"
      "normalisation, weighting, aggregation, missing-data, tie and grade choices; without it\n"
      "the defaults apply: min-max 0-100 per period, the framework's weights, arithmetic means,\n"
      "skip-and-reweight for missing values, min ties). Prints the units ranked by the\n"
      "composite index with the scores of its dimensions, then the diagnostics.");
  sc->add_option("-f,--framework", o->framework_path,
                 "Framework: a .toml (tijian/framework/1) or .csv (COINr iMeta table) file, or a built-in\n"
                 "name (tijian presets); a built-in published index (hdi) comes with its own recipe,\n"
                 "used unless --recipe is given")
      ->required();
  sc->add_option("-d,--data", o->data_path, "Indicator data: wide CSV (UTF-8, or GB18030 converted) or .xlsx")
      ->required()
      ->check(CLI::ExistingFile);
  sc->add_option("--sheet", o->sheet, "Sheet of an .xlsx data file (default: the first)");
  sc->add_option("-r,--recipe", o->recipe_path,
                 "Recipe file (TOML); 'tijian score ... --print-recipe' shows the format")
      ->check(CLI::ExistingFile);
  sc->add_option("-o,--out", o->out_path,
                 "Write the full result: .csv (one row per unit and period; with VIKOR, rank-sum ratio or\n"
                 "fuzzy aggregates also their tables, and with [not_applicable] the nodes not applicable,\n"
                 "each to <stem>-<table>.csv beside it), .json (with\n"
                 "provenance, diagnostics and those tables) or .xlsx (every table a sheet). Written\n"
                 "completely or not at all.");
  sc->add_option("--top", o->top, "Show only the best N units of each period (0 = all)")
      ->check(number_cli::integer(0, number_cli::max_count));
  sc->add_option("--encoding", o->encoding, "Text encoding of the data: auto, utf8, gb18030")
      ->check(CLI::IsMember({"auto", "utf8", "gb18030"}));
  sc->add_flag("--lenient-numbers", o->lenient,
               "Accept thousands separators (1,234) and a trailing % (12% -> 12) in the data");
  sc->add_flag("--ignore-unknown-columns", o->ignore_unknown,
               "Leave out data columns the framework does not know (recorded in diagnostics)");
  sc->add_flag("--print-recipe", o->print_recipe,
               "Print the full recipe used (every choice, defaults included) and exit");
  sc->add_flag("-q,--quiet", o->quiet, "Print nothing but errors");
  output_cli::add(sc, o->output, "en", "codes",
                  "Language of the printed table and diagnostics, and of CSV labels with --headers labels");
  return {sc, [o] { return run(*o); }};
}

}  // namespace cli_command
