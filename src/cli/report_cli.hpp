// SPDX-License-Identifier: MIT
// The `tijian report` subcommand: the health-check report a third-party team hands to a city
// government, as one self-contained HTML file (and a PDF of it).
//
// How the work is split: this command computes every result in the core (check, scoring, trends,
// the five-year evaluation, optionally the uncertainty of the ranks) and writes each as the JSON
// document the other commands write with --out (io/table_io.hpp: rows plus the schema that
// describes every column). The HTML is rendered by the Python package (python -m tijian.reporting),
// which reads those documents with the core's own reader and draws the charts with the same
// matplotlib code as the notebooks (tijian.plots). C++ has no template engine or charting library
// worth the name; Python has Jinja2 and matplotlib, and tj.report() renders the same way.
//
// The Python used is --python, else $TIJIAN_PYTHON, else the python3 beside this program (a virtual
// environment's bin directory), else python3 on PATH. When it cannot import the
// renderer, the message says how to install it. Exit 0 ok, 2 bad input, 1 anything else.
#pragma once

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#ifndef _WIN32
#include <sys/wait.h>
#include <unistd.h>
#endif

#include <tijian/check.hpp>
#include <tijian/check_tables.hpp>
#include <tijian/composite.hpp>
#include <tijian/evaluate.hpp>
#include <tijian/io/csv.hpp>
#include <tijian/io/recipe_io.hpp>
#include <tijian/io/result_io.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/ledger.hpp>
#include <tijian/ledger_tables.hpp>
#include <tijian/presets.hpp>
#include <tijian/uncertainty.hpp>
#include <tijian/result_tables.hpp>
#include <tijian/score.hpp>
#include <tijian/trend.hpp>
#include <tijian/trend_tables.hpp>
#include <tijian/uncertainty.hpp>
#include <tijian/uncertainty_tables.hpp>

#include "../io/atomic_file.hpp"  // the --documents directory, written together
#include "number_options.hpp"
#include "data_options.hpp"  // --encoding, --lenient-numbers

namespace report_cli {

struct options {
  std::string framework, targets, data, recipe, period, unit, out, pdf, lang = "zh", encoding = "auto";
  std::string title, assessor, date, data_version, python, documents;
  std::string compare, survey, ledger;  // documents of the later steps of the cycle
  std::size_t uncertainty_runs = 0;
  std::uint64_t seed = 1;
  bool strict = false, lenient = false, quiet = false;
};

inline CLI::App* add(CLI::App& app, options& o) {
  auto* c = app.add_subcommand(
      "report",
      "Write the health-check report of one city (城市体检报告): one self-contained HTML file in\n"
      "Chinese or English (fonts and charts inside, nothing loaded from the network), and with\n"
      "--pdf a PDF of it printed by headless Chromium.\n\n"
      "Computes the check against the plan's targets, the scores and ranks among the cities of\n"
      "the data, the trends and the five-year evaluation (when the data has several years) and,\n"
      "with --uncertainty N, the uncertainty interval of each rank; then renders them with the\n"
      "Python package (python -m tijian.reporting: Jinja2 and matplotlib). A section whose input is\n"
      "absent is left out.");
  c->add_option("-f,--framework", o.framework, "Framework: a .toml / .csv file or a built-in name")
      ->required();
  c->add_option("-t,--targets", o.targets, "Target profile: a .toml file or a built-in name")->required();
  c->add_option("-d,--data", o.data, "Indicator data: wide CSV, one row per unit (and year)")
      ->required()
      ->check(CLI::ExistingFile);
  c->add_option("-r,--recipe", o.recipe, "Recipe (TOML) of the scores and ranks (default: the defaults)")
      ->check(CLI::ExistingFile);
  c->add_option("-u,--unit", o.unit, "The city of the report (needed when the data has several)");
  c->add_option("-p,--period", o.period, "Period checked (default: the latest in the data)");
  c->add_option("-o,--out", o.out, "The HTML file to write (.html); written completely or not at all")
      ->required();
  c->add_option("--pdf", o.pdf, "Also print the report to this PDF (needs Debian's chromium)");
  c->add_option("--lang", o.lang, "Language of the report: zh or en (default zh)")
      ->check(CLI::IsMember({"zh", "en"}))
      ->default_str("zh");
  c->add_option("--title", o.title, "Title on the cover (default: the city's name and the plan)");
  c->add_option("--assessor", o.assessor, "Who made the assessment (cover)");
  c->add_option("--date", o.date, "Date of the report (default: today)");
  c->add_option("--data-version", o.data_version, "Version of the data (cover; default: the data's hash)");
  c->add_option("--uncertainty", o.uncertainty_runs,
                "Monte Carlo runs for the uncertainty interval of each rank (0 = none, the default)")
      ->check(number_cli::integer(0, static_cast<long long>(tijian::max_runs)));
  c->add_option("--seed", o.seed, "Seed of the uncertainty runs")
      ->check(number_cli::integer(0, std::numeric_limits<long long>::max()));
  c->add_flag("--strict", o.strict, "Every target is due (as tijian check --strict)");
  c->add_option("--encoding", o.encoding, "Text encoding of the data: auto, utf8, gb18030")
      ->check(CLI::IsMember({"auto", "utf8", "gb18030"}));
  c->add_flag("--lenient-numbers", o.lenient, "Accept 1,234 and 12% in the data");
  c->add_option("--python", o.python,
                "The Python that renders the HTML (default $TIJIAN_PYTHON, else the python3 beside this\n"
                "program, else python3)");
  c->add_option(
      "--compare", o.compare,
      "Self-check vs third-party: the JSON document of `tijian compare --out x.json` (a section with\n"
      "the agreement statistics and the city's disagreements)");
  c->add_option("--survey", o.survey,
                "The resident survey: the JSON document of `tijian survey --out x.json` (satisfaction by\n"
                "dimension, reliability, the objective-subjective gap)");
  c->add_option(
      "--ledger", o.ledger,
      "The problem-to-task ledger (its SQLite file, tijian ledger init): tasks by status, the overdue");
  c->add_option("--documents", o.documents,
                "Keep the JSON documents the report is rendered from in this directory (written, all\n"
                "together, once the report is)");
  c->add_flag("-q,--quiet", o.quiet, "Print nothing but errors");
  return c;
}

namespace detail {

inline bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

/// Runs a program with arguments (no shell); its exit status, or -1 when it could not start.
inline int run_program(const std::vector<std::string>& argv, bool silent) {
#ifndef _WIN32
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::cout.flush();
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    if (silent) {
      if (std::FILE* f = std::freopen("/dev/null", "w", stdout)) (void)f;
      if (std::FILE* f = std::freopen("/dev/null", "w", stderr)) (void)f;
    }
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
#else
  std::string cmd;
  for (const auto& a : argv) cmd += "\"" + a + "\" ";
  if (silent) cmd += ">NUL 2>NUL";
  return std::system(cmd.c_str());
#endif
}

/// The Python installed beside this program (pip puts both in the same bin directory of a
/// virtual environment), else python3 on PATH.
inline std::string sibling_python() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec)
    for (const char* name : {"python3", "python"}) {
      const std::filesystem::path p = self.parent_path() / name;
      if (std::filesystem::exists(p, ec)) return p.string();
    }
  return "python3";
}

/// A fresh temporary directory for the documents.
inline std::filesystem::path temp_dir() {
  namespace fs = std::filesystem;
  const fs::path base = fs::temp_directory_path();
  for (int k = 0; k < 1000; ++k) {
    fs::path p = base / ("tijian-report-" + std::to_string(std::rand()) + "-" + std::to_string(k));
    std::error_code ec;
    if (fs::create_directory(p, ec)) return p;
  }
  throw std::runtime_error("cannot create a temporary directory in " + base.string());
}

struct remove_on_exit {
  std::filesystem::path dir;
  bool keep = false;
  ~remove_on_exit() {
    std::error_code ec;
    if (!keep && !dir.empty()) std::filesystem::remove_all(dir, ec);
  }
};

}  // namespace detail

inline int run(const options& o) {
  namespace fs = std::filesystem;
  const bool zh = o.lang == "zh";
  if (!detail::ends_with(o.out, ".html")) {
    std::cerr << "tijian: --out must end in .html (got '" << o.out << "')\n";
    return 2;
  }
  if (!o.pdf.empty() && !detail::ends_with(o.pdf, ".pdf")) {
    std::cerr << "tijian: --pdf must end in .pdf (got '" << o.pdf << "')\n";
    return 2;
  }
  const std::string python = !o.python.empty()              ? o.python
                             : std::getenv("TIJIAN_PYTHON") ? std::string(std::getenv("TIJIAN_PYTHON"))
                                                            : detail::sibling_python();
  // the renderer first: a missing Python package is found before any work is done
  if (detail::run_program({python, "-c", "import tijian.reporting"}, true) != 0) {
    std::cerr << "tijian: the report is rendered by the Python package tijian (python -m tijian.reporting), "
                 "which '"
              << python
              << "' cannot import. Install it with `pip install 'tijian[report]'` (or `make python` in the "
                 "repository), or name the Python that has it with --python or TIJIAN_PYTHON.\n";
    return 1;
  }

  const tijian::framework fw = tijian::resolve_framework(o.framework);
  const tijian::target_profile profile = tijian::resolve_profile(o.targets, &fw);
  const tijian::csv_options copts = data_cli::csv_options_of(o.encoding, o.lenient);
  const tijian::panel data = tijian::read_panel(o.data, copts);  // CSV or .xlsx
  const std::set<std::string> units(data.units.begin(), data.units.end());
  std::string unit = o.unit;
  if (unit.empty()) {
    if (units.size() != 1)
      throw tijian::data_error("report.unit", "the data " + o.data + " has " + std::to_string(units.size()) +
                                                  " units: name the city of the report with --unit (e.g. " +
                                                  *units.begin() + ")");
    unit = *units.begin();
  } else if (!units.count(unit)) {
    throw tijian::data_error("report.unit", "--unit " + unit + " is not a unit of the data " + o.data);
  }

  // the documents go to a temporary directory; --documents gets them only once the report is
  // written, all together (a report that fails leaves that directory as it was)
  detail::remove_on_exit cleanup;
  const fs::path dir = detail::temp_dir();
  cleanup.dir = dir;
  auto note = [&](const std::string& what, const std::string& why) {
    if (!o.quiet)
      std::cerr << "tijian report: " << what << (zh ? " 从报告中略去: " : " left out: ") << why << "\n";
  };

  // the check of every unit: the summary compares the city with the others
  tijian::check_options copt;
  copt.period = o.period;
  copt.strict = o.strict;
  copt.units = {unit};
  const tijian::check_result checked = tijian::check(fw, data, profile, copt);
  tijian::write_document_json(tijian::describe(checked), (dir / "check.json").string());

  // scores and ranks among the cities of the data, and the method (weights, normalisation,
  // aggregation, data preparation, the recipe) for the appendix: the recipe's scores when the
  // data has every indicator of the framework, else the composite green-city score (target
  // attainment of the indicators with a target, as tijian check --composite)
  tijian::recipe recipe = o.recipe.empty() ? tijian::recipe{} : tijian::load_recipe(o.recipe);
  recipe.unknown = tijian::unknown_columns::ignore;
  bool every_indicator = true;
  for (std::size_t k : fw.leaves())
    every_indicator = every_indicator && std::find(data.indicators.begin(), data.indicators.end(),
                                                   fw.node(k).code) != data.indicators.end();
  std::optional<tijian::result> scored;
  try {
    if (every_indicator) {
      scored = tijian::score(fw, data, recipe);
    } else {
      tijian::composite_options co;
      co.base = recipe;
      scored = tijian::green_city_score(fw, data, profile, co).scores;
    }
    tijian::write_result_json(*scored, (dir / "score.json").string());
  } catch (const tijian::error& e) {
    note(zh ? "综合评分与排名" : "the scores and ranks", e.what());
  }

  auto keep_unit = [&unit](auto& rows) {
    rows.erase(std::remove_if(rows.begin(), rows.end(), [&](const auto& r) { return r.unit != unit; }),
               rows.end());
  };
  std::set<std::string> periods(data.periods.begin(), data.periods.end());
  periods.erase("");
  if (periods.size() >= 2) {
    try {
      tijian::trend_report rep = tijian::trend(fw, data, &profile, {});
      keep_unit(rep.trends);  // ranks are among all the cities; the report shows the city's rows
      keep_unit(rep.changes);
      keep_unit(rep.ranks);
      tijian::write_document_json(tijian::describe(rep), (dir / "trend.json").string());
    } catch (const tijian::error& e) {
      note(zh ? "年度趋势" : "the trends", e.what());
    }
    try {
      tijian::evaluation_report rep = tijian::evaluate(fw, data, profile, {});
      keep_unit(rep.targets);
      keep_unit(rep.dimensions);
      tijian::write_document_json(tijian::describe(rep), (dir / "evaluation.json").string());
    } catch (const tijian::error& e) {
      note(zh ? "五年评估" : "the five-year evaluation", e.what());
    }
  }

  if (o.uncertainty_runs > 0 && scored && units.size() >= 2) {
    try {
      tijian::uncertainty_spec spec;
      spec.runs = o.uncertainty_runs;
      spec.seed = o.seed;
      spec.period = o.period.empty() ? (periods.empty() ? std::string() : *periods.rbegin()) : o.period;
      // the uncertainty of the ranks the report shows: perturb the framework and recipe the scores
      // came from (for the composite green-city score, its framework of the indicators scored and
      // its recipe of target attainment), not the full framework the data may not cover
      const tijian::framework& scored_fw = every_indicator ? fw : scored->framework;
      tijian::recipe scored_recipe =
          every_indicator
              ? recipe
              : tijian::parse_recipe_toml(scored->origin.recipe_text, "the composite score's recipe");
      scored_recipe.unknown = tijian::unknown_columns::ignore;
      // what moves (COINr's get_noisy_weights example): the weights of the indicators and of the
      // dimensions by up to 25 % each, and the aggregation (arithmetic or geometric means); the
      // normalisation stays the scores' own (the composite's target attainment is its method)
      spec.noise = {{1, 0.25}, {2, 0.25}};
      for (const auto m : {tijian::aggregation_method::arithmetic, tijian::aggregation_method::geometric}) {
        tijian::aggregation a = scored_recipe.aggregate;
        a.method = m;
        spec.aggregations.push_back(a);
      }
      const tijian::uncertainty_result ua = tijian::uncertainty(scored_fw, data, scored_recipe, spec);
      tijian::document doc;
      doc.field("node", ua.node);
      doc.field("period", spec.period);
      doc.field("runs", static_cast<std::int64_t>(spec.runs));
      doc.field("seed", static_cast<std::int64_t>(spec.seed));
      doc.field("weight_noise", 0.25);
      doc.add(tijian::uncertainty_table(ua));
      tijian::write_document_json(doc, (dir / "uncertainty.json").string());
    } catch (const tijian::error& e) {
      note(zh ? "排名的不确定性区间" : "the uncertainty of the ranks", e.what());
    }
  }

  // the later steps of the cycle: documents the other commands wrote, read (and so validated) by
  // the core's reader before they are rendered, and the ledger's tasks
  auto carry = [&](const std::string& path, const char* name) {
    if (path.empty()) return;
    std::ifstream in(path, std::ios::binary);
    if (!in)
      throw tijian::data_error("io.read", zh ? "无法读取文档 " + path
                                             : std::string("cannot read the ") + name + " document " + path);
    std::ostringstream text;
    text << in.rdbuf();
    const tijian::document d = tijian::document_from_json(text.str());
    tijian::write_document_json(d, (dir / (std::string(name) + ".json")).string());
  };
  carry(o.compare, "compare");
  carry(o.survey, "survey");
  if (!o.ledger.empty()) {
    const tijian::ledger l(o.ledger);
    tijian::write_document_json(tijian::describe_ledger(l.entries()), (dir / "ledger.json").string());
  }

  // the renderer writes the HTML (and PDF) into the temporary directory too; they are renamed in
  // with the documents below, all together or none (a copy that fails leaves every target as it was)
  const fs::path rendered = dir / "rendered";
  fs::create_directory(rendered);
  const fs::path html_tmp = rendered / fs::path(o.out).filename();
  const fs::path pdf_tmp = o.pdf.empty() ? fs::path() : rendered / fs::path(o.pdf).filename();
  std::vector<std::string> argv = {
      python,   "-m",   "tijian.reporting", "--documents", dir.string(), "--out", html_tmp.string(),
      "--lang", o.lang, "--unit",           unit};
  auto pass = [&](const char* flag, const std::string& v) {
    if (v.empty()) return;
    argv.emplace_back(flag);
    argv.push_back(v);
  };
  pass("--pdf", pdf_tmp.string());
  pass("--title", o.title);
  pass("--assessor", o.assessor);
  pass("--date", o.date);
  pass("--data-version", o.data_version);
  if (o.quiet) argv.emplace_back("--quiet");
  const int status = detail::run_program(argv, false);
  if (status != 0) return status == 2 ? 2 : 1;
  auto content = [](const fs::path& f) {
    std::ifstream in(f, std::ios::binary);
    if (!in) throw tijian::data_error("io.read", "cannot read the rendered file " + f.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  };
  tijian::io_detail::staged_files staged;
  staged.add(o.out, content(html_tmp));
  if (!o.pdf.empty()) staged.add(o.pdf, content(pdf_tmp));
  if (!o.documents.empty()) {
    fs::create_directories(o.documents);
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) staged.add((fs::path(o.documents) / f.filename()).string(), content(f));
  }
  (void)staged.commit();
  return 0;
}


}  // namespace report_cli
