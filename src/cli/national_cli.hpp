// SPDX-License-Identifier: MIT
// The national basic system on the command line (national.hpp, national_check.hpp,
// national_grade.hpp):
//   tijian national show    the 60 indicators, their standards for a city and the notes
//   tijian national check   the basic check on a unit hierarchy: located problems and roll-ups
//   tijian grade            the official grading of the 城区 indicators and the 表3 grade
// Kept apart from main.cpp, which only registers them. Nothing is computed here: the tables come
// from national_tables.hpp and go through the generic writers (io/table_io.hpp), every file
// complete or none.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <tijian/io/national_io.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/io/text_grid.hpp>
#include <tijian/national.hpp>
#include <tijian/national_check.hpp>
#include <tijian/national_grade.hpp>
#include <tijian/national_tables.hpp>

#include "output_options.hpp"

namespace national_cli {

struct options {
  output_cli::options output;
  std::string system = "basic-2025", out, units, values, grades, peers, city, province, city_class, city_size,
              rail;
  std::vector<std::string> overrides;
  bool quiet = false;
};

struct words {
  bool zh = true;
  [[nodiscard]] std::string operator()(const char* z, const char* e) const { return zh ? z : e; }
};

inline void common(CLI::App* c, options& o, bool city) {
  c->add_option("--system", o.system,
                "The indicator system: a .toml file (tijian/national/1) or the built-in 'basic-2025'\n"
                "(HB25 《城市体检工作手册（试行）》, 2025)");
  c->add_option("-o,--out", o.out,
                "Write the tables: .json (everything) or .csv (the first table, the others beside it\n"
                "as <stem>-<table>.csv). Each file is written completely or not at all.");
  c->add_flag("-q,--quiet", o.quiet, "Print nothing but errors");
  output_cli::add(c, o.output, "zh", "labels", "Language of the printed summary and of CSV labels");
  if (!city) return;
  c->add_option("--override", o.overrides,
                "A province's or city's thresholds (TOML, tijian/national-overrides/1); repeat for\n"
                "both: the province's apply first, then the city's")
      ->check(CLI::ExistingFile);
  c->add_option("--city", o.city, "The city's name");
  c->add_option("--province", o.province, "The city's province");
  c->add_option("--city-class", o.city_class,
                "municipality (直辖市), provincial_capital (省会城市), separately_planned (计划单列市) or\n"
                "prefecture (地级市): the tiers of nos. 55 and 58");
  c->add_option("--city-size", o.city_size,
                "super_large (超大), megacity (特大), large (大), medium (中等) or small (小): the tiers\n"
                "of no. 43 and whether no. 50 applies");
  c->add_option("--rail-transit", o.rail, "yes or no: whether no. 43 applies")
      ->check(CLI::IsMember({"yes", "no"}));
}

inline CLI::App* add_national(CLI::App& app, options& show, options& check) {
  auto* n =
      app.add_subcommand("national",
                         "The national basic indicator system of the city health check (HB25, 2025): 60\n"
                         "indicators on four levels, the basic check on a unit hierarchy");
  n->require_subcommand(1);
  auto* s = n->add_subcommand("show",
                              "The indicators (number, level, aspect, name, unit, direction and its basis,\n"
                              "problem type, applicability), the reference standards for a city and the\n"
                              "notes on the handbook's inconsistencies");
  common(s, show, true);
  auto* c = n->add_subcommand(
      "check",
      "The basic check on a unit hierarchy (城区 -> 街区 -> 小区（社区）-> 住房): the deficient objects\n"
      "of indicators 1-29 located (which building, community, block) and rolled up to every\n"
      "level above as counts and shares of the reported objects; 底线型 indicators 一票否决");
  common(c, check, false);
  c->add_option("--units", check.units, "Unit table: unit, name, level, parent (CSV)")
      ->required()
      ->check(CLI::ExistingFile);
  c->add_option("--values", check.values,
                "Observations: unit, indicator, value (1/0 or 是/否 for deficient objects, the\n"
                "quantity otherwise), problem (optional)")
      ->required()
      ->check(CLI::ExistingFile);
  return n;
}

inline CLI::App* add_grade(CLI::App& app, options& o) {
  auto* g = app.add_subcommand(
      "grade",
      "The official grading of the 城区 indicators (HB25 l.2063-2081): the assessor's grade\n"
      "(很好/较好/一般/不足) per indicator, dropped one grade when the survey score is below 60,\n"
      "with the reference standard, last year's value, the target and the peers beside it; and the\n"
      "overall grade 优/良/中/差 by the counting rule of 表3");
  common(g, o, true);
  g->add_option("-g,--grades", o.grades,
                "Grades: indicator, grade, survey_score, value, previous, target, note (CSV; all but\n"
                "indicator and grade optional)")
      ->required()
      ->check(CLI::ExistingFile);
  g->add_option("--peers", o.peers, "Peer cities' values: indicator, peer, value (CSV)")
      ->check(CLI::ExistingFile);
  return g;
}

inline tijian::city_context context_of(const options& o) {
  tijian::city_context c;
  c.name = o.city;
  c.province = o.province;
  if (!o.city_class.empty())
    c.cls = tijian::parse_enum<tijian::city_class>(o.city_class, "national.city_class");
  if (!o.city_size.empty()) c.size = tijian::parse_enum<tijian::city_size>(o.city_size, "national.city_size");
  if (!o.rail.empty()) c.rail_transit = o.rail == "yes";
  return c;
}

inline tijian::national_system system_of(const options& o, std::vector<tijian::applied_override>& record) {
  std::vector<tijian::national_override> ov;
  for (const auto& f : o.overrides) ov.push_back(tijian::load_national_override(f));
  return tijian::apply_overrides(tijian::resolve_national_system(o.system), std::move(ov), &record);
}

/// Writes the document to --out (.json, .csv or .xlsx; output_options.hpp).
inline std::vector<std::string> write(const tijian::document& d, const options& o) {
  return output_cli::write(d, o.out, o.output);
}

inline int run_show(const options& o) {
  const words w{o.output.lang == "zh"};
  std::vector<tijian::applied_override> rec;
  const tijian::national_system sys = system_of(o, rec);
  const tijian::city_context city = context_of(o);
  const auto written = write(tijian::describe(sys, rec), o);
  if (o.quiet) return 0;
  std::cout << (w.zh ? sys.name_zh : sys.name_en) << "\n";
  for (const auto& i : sys.indicators) {
    const auto s = tijian::resolve_standards(i, city);
    std::cout << (i.no < 10 ? " " : "") << i.no << "  " << tijian::label(i.level, w.zh) << "  "
              << (w.zh ? i.aspect_zh : i.aspect_en) << "  " << (w.zh ? i.name_zh : i.name_en) << " ("
              << (w.zh ? i.unit_zh : i.unit_en) << ")";
    if (!s.in_force.empty()) std::cout << "  " << s.text(w.zh);
    const auto a = tijian::applicable_in(i, city);
    if (a != tijian::applicability::applicable) std::cout << "  [" << tijian::label(a, w.zh) << "]";
    std::cout << "\n";
  }
  for (const auto& r : rec)
    std::cout << w("调整: ", "Override: ") << r.indicator << " " << (r.replaced.empty() ? "-" : r.replaced)
              << " -> " << (r.now.empty() ? "-" : r.now) << " (" << r.name << ")\n";
  std::cout << w("说明见 notes 表（手册不一致之处与OCR存疑）。\n",
                 "See the notes table for the handbook's inconsistencies and OCR doubts.\n");
  for (const auto& f : written) std::cout << w("已写出 ", "Wrote ") << f << "\n";
  return 0;
}

inline int run_check(const options& o) {
  const words w{o.output.lang == "zh"};
  const tijian::national_system sys = tijian::resolve_national_system(o.system);
  const tijian::unit_hierarchy h = tijian::read_unit_hierarchy(tijian::read_text_grid(o.units));
  const auto obs = tijian::read_observations(tijian::read_text_grid(o.values));
  const tijian::basic_check_result res = tijian::basic_check(sys, h, obs);
  const auto written = write(tijian::describe(res), o);
  if (o.quiet) return 0;
  using L = tijian::national_level;
  std::cout << w("基础体检（住房、小区、街区）: ", "Basic check (housing, community, block): ")
            << h.count(L::district) << " " << tijian::label(L::district, w.zh) << ", " << h.count(L::block)
            << " " << tijian::label(L::block, w.zh) << ", " << h.count(L::community) << " "
            << tijian::label(L::community, w.zh) << ", " << h.count(L::housing) << " "
            << tijian::label(L::housing, w.zh) << "; " << obs.size() << w(" 条观测\n", " observations\n");
  std::cout << w("定位到对象的问题: ", "Located problems: ") << res.problems.size() << "\n";
  for (const auto& r : res.rollups) {
    if (r.unit->level != L::district || r.objects_reported == 0) continue;
    std::cout << "  " << r.unit->code << "  " << r.indicator->no << " "
              << (w.zh ? r.indicator->name_zh : r.indicator->name_en);
    if (r.indicator->measure == tijian::national_measure::coverage_rate) {
      char buf[96];
      std::snprintf(buf, sizeof buf, ": %g-%g %%", r.min, r.max);
      std::cout << buf;
    } else {
      std::cout << ": " << r.with_problem << "/" << r.objects_reported;
    }
    std::cout << "  " << tijian::label(r.verdict, w.zh) << "\n";
  }
  for (const auto& f : written) std::cout << w("已写出 ", "Wrote ") << f << "\n";
  return 0;
}

inline int run_grade(const options& o) {
  const words w{o.output.lang == "zh"};
  std::vector<tijian::applied_override> rec;
  const tijian::national_system sys = system_of(o, rec);
  const tijian::city_context city = context_of(o);
  const auto grades = tijian::read_grades(tijian::read_text_grid(o.grades));
  std::vector<tijian::peer_value> peers;
  if (!o.peers.empty()) peers = tijian::read_peers(tijian::read_text_grid(o.peers));
  const tijian::grading_result res = tijian::grade(sys, city, grades, peers, rec);
  const auto written = write(tijian::describe(res), o);
  if (o.quiet) return 0;
  for (const auto& r : res.rows) {
    if (!r.final_grade) continue;
    std::cout << r.indicator->no << "  " << (w.zh ? r.indicator->name_zh : r.indicator->name_en) << "  "
              << tijian::label(*r.final_grade, w.zh);
    if (r.dropped)
      std::cout << w("（问卷低于60分，由", " (survey below 60, from ")
                << tijian::label(*r.assessor_grade, w.zh) << w("降级）", ")");
    const std::string s = r.standards.text(w.zh);
    if (!s.empty()) std::cout << "  " << w("标准 ", "standard ") << s;
    std::cout << "\n";
  }
  const auto& c = res.counts;
  std::cout << w("很好 ", "very good ") << c.very_good << w("，较好 ", ", good ") << c.good
            << w("，一般 ", ", fair ") << c.fair << w("，不足 ", ", insufficient ") << c.insufficient << "\n";
  std::cout << w("总体评价（表3）: ", "Overall (表3): ")
            << (res.overall.grade ? tijian::label(*res.overall.grade, w.zh) : "-") << "  ("
            << tijian::label(res.overall.rule, w.zh) << ")\n";
  if (!res.ungraded.empty())
    std::cout << w("未分级的适用指标: ", "Applicable indicators not graded: ") << res.ungraded.size() << "\n";
  for (const auto& f : written) std::cout << w("已写出 ", "Wrote ") << f << "\n";
  return 0;
}


}  // namespace national_cli
