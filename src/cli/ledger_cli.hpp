// SPDX-License-Identifier: MIT
// The `tijian ledger` subcommand: the problem-to-task ledger (问题台账 → 整治任务) in SQLite
// (tijian/ledger.hpp). init, update (from a year's check), import (the team's edited sheet),
// list and export. Kept apart from main.cpp, which only registers it. Nothing is decided here:
// the reading and validation are the core's (ledger_input.hpp), the tables are
// ledger_tables.hpp's and go through the generic writers, every file complete or none.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <tijian/io/table_io.hpp>
#include <tijian/io/text_grid.hpp>
#include <tijian/ledger.hpp>
#include <tijian/ledger_input.hpp>
#include <tijian/ledger_tables.hpp>

#include "number_options.hpp"
#include "output_options.hpp"

namespace ledger_cli {

struct options {
  output_cli::options output;
  std::string path, problems, status, source = "self_check", as_of, who, sheet_file, sheet, out;
  std::string level, status_filter, what = "lists";
  int year = 0, year_found = 0;
  bool open_only = false, overdue = false, supervise = false, history = false, quiet = false;
};

struct commands {
  CLI::App *top = nullptr, *init = nullptr, *update = nullptr, *import = nullptr, *list = nullptr,
           *exp = nullptr;
};

inline std::string default_who() {
  const char* u = std::getenv("USER");
  return u && *u ? u : "tijian";
}

inline commands add(CLI::App& app, options& o) {
  auto* top = app.add_subcommand(
      "ledger",
      "The problem-to-task ledger (问题台账 → 整治任务), kept across years in one SQLite file:\n"
      "every problem a check finds becomes an entry (location, indicator, 责任单位, 整治措施,\n"
      "deadline, status 待整改 / 整改中 / 已销号, evidence, 底线型/提升型, 限时解决/尽力解决,\n"
      "priority, renewal plan) with a history of every change. Next year's check resolves an\n"
      "entry whose indicator meets its target at its location, reopens a closed one that is found\n"
      "again (反弹), flags the overdue, the untouched and the recurred for a 督办单 and computes\n"
      "indicator 60 问题整治完成率 per class. The statuses and the 销号 rule are this program's\n"
      "(the handbook defines none): see docs/ledger.md.");
  top->require_subcommand(1);
  commands c;
  c.top = top;
  auto ledger_arg = [&o](CLI::App* s) {
    s->add_option("ledger", o.path, "The ledger file (SQLite), e.g. ledger.sqlite")->required();
  };
  auto common = [&o](CLI::App* s, const std::string& help) {
    output_cli::add(s, o.output, "zh", "labels", "Language of the printed summary and of CSV labels");
    s->add_option("-o,--out", o.out, help);
    s->add_flag("-q,--quiet", o.quiet, "Print nothing but errors");
  };
  c.init = top->add_subcommand("init", "Create an empty ledger");
  ledger_arg(c.init);

  c.update = top->add_subcommand(
      "update",
      "Apply one producer's check of one year: new problems become entries, entries found again\n"
      "are kept open, entries whose target is met at their location are closed (已销号), closed\n"
      "ones found again are reopened (反弹); overdue and 督办 flags; indicator 60. One transaction.");
  ledger_arg(c.update);
  c.update
      ->add_option("-p,--problems", o.problems,
                   "The problem list: a check's result (.json from `tijian check --out`, whose status\n"
                   "table is read too) or a CSV in the columns of the check's problems table (codes or\n"
                   "labels), e.g. check-problems.csv")
      ->required()
      ->check(CLI::ExistingFile);
  c.update
      ->add_option("-s,--status", o.status,
                   "The check's status table (CSV) with the state of every target: 'met' resolves")
      ->check(CLI::ExistingFile);
  c.update->add_option("-y,--year", o.year, "The check year (default: the period column)")
      ->check(number_cli::year());
  c.update->add_option(
      "--source", o.source,
      "Who found the problems when the list does not say: self_check, third_party, residents");
  c.update->add_option("--as-of", o.as_of, "Date of the check, YYYY-MM-DD (default: <year>-12-31)");
  c.update->add_option("--who", o.who, "Recorded in the history (default: $USER)");
  c.update->add_option("--sheet", o.sheet, "Workbook sheet of the problem list");
  common(c.update,
         "Write the outcome: .json, or .csv (outcomes, plus <stem>-completion.csv, -supervision.csv)");

  c.import = top->add_subcommand(
      "import",
      "Read the team's edited sheet back (an exported list or ledger): status, 责任单位, 整治措施,\n"
      "deadline, evidence, class, priority, renewal plan by 台账编号. An unknown id, a bad date or\n"
      "status, a changed location or closing without evidence is an error naming the row and\n"
      "column, and the ledger is left unchanged.");
  ledger_arg(c.import);
  c.import->add_option("-i,--input", o.sheet_file, "The edited sheet (CSV)")
      ->required()
      ->check(CLI::ExistingFile);
  c.import->add_option("--sheet", o.sheet, "Workbook sheet");
  c.import->add_option("--as-of", o.as_of, "Date recorded for closing, YYYY-MM-DD (default: today, UTC)");
  c.import->add_option("--who", o.who, "Recorded in the history (default: $USER)");
  c.import->add_flag("-q,--quiet", o.quiet, "Print nothing but errors");

  auto filters = [&o](CLI::App* s) {
    s->add_option("--level", o.level, "Only this level: city, district, community, housing");
    s->add_option("--status", o.status_filter, "Only this status: pending, in_progress, closed");
    s->add_option("--year-found", o.year_found, "Only entries found in this year")->check(number_cli::year());
    s->add_flag("--open", o.open_only, "Only open entries (待整改, 整改中)");
    s->add_flag("--overdue", o.overdue, "Only overdue entries");
    s->add_flag("--supervise", o.supervise, "Only entries flagged for a 督办单");
  };
  c.list = top->add_subcommand("list", "Print the entries (and write the ledger table with --out)");
  ledger_arg(c.list);
  filters(c.list);
  c.list->add_flag("--history", o.history, "Also the history of every entry listed (回头看)");
  common(c.list, "Write the ledger table: .json or .csv (plus <stem>-history.csv with --history)");

  c.exp = top->add_subcommand(
      "export",
      "Write the official lists of a level (问题清单 and 整治建议清单, the layouts of the handbook's\n"
      "templates, with the ledger's columns the team edits), the whole ledger, its history, the\n"
      "督办单 or indicator 60.");
  ledger_arg(c.exp);
  filters(c.exp);
  c.exp->add_option("--what", o.what, "lists (default), ledger, history, supervision, completion")
      ->check(CLI::IsMember({"lists", "ledger", "history", "supervision", "completion"}));
  c.exp->add_option("-y,--year", o.year, "Check year of indicator 60 (--what completion)")
      ->check(number_cli::year());
  c.exp->add_option("--as-of", o.as_of, "As-of date of indicator 60 (default: <year>-12-31)");
  output_cli::add(c.exp, o.output, "zh", "labels", "Language of CSV labels");
  c.exp
      ->add_option("-o,--out", o.out,
                   "The file: .csv (the first table; the others beside it as <stem>-<table>.csv) or .json")
      ->required();
  c.exp->add_flag("-q,--quiet", o.quiet, "Print nothing but errors");
  return c;
}

struct words {
  bool zh = true;
  [[nodiscard]] std::string operator()(const char* z, const char* e) const { return zh ? z : e; }
};

/// Writes the document to --out (.json, .csv or .xlsx; output_options.hpp).
inline bool write(const tijian::document& d, const options& o, std::vector<std::string>& written) {
  written = output_cli::write(d, o.out, o.output);
  return true;
}

inline tijian::ledger_filter filter_of(const options& o) {
  tijian::ledger_filter f;
  if (!o.level.empty()) f.level = tijian::parse_enum<tijian::national_level>(o.level, "ledger.level");
  if (!o.status_filter.empty())
    f.status = tijian::parse_enum<tijian::ledger_status>(o.status_filter, "ledger.status");
  if (o.year_found) f.year_found = o.year_found;
  f.open_only = o.open_only;
  f.overdue_only = o.overdue;
  f.supervise_only = o.supervise;
  return f;
}

inline int run_init(const options& o) {
  const tijian::ledger l = tijian::ledger::create(o.path);
  if (!o.quiet)
    std::cout << "tijian: created ledger " << o.path << " (schema version " << l.schema_version() << ")\n";
  return 0;
}

inline int run_update(const options& o) {
  const words w{o.output.lang == "zh"};
  const auto source = tijian::parse_enum<tijian::problem_origin>(o.source, "ledger.source");
  tijian::grid_options g;
  g.sheet = o.sheet;
  const tijian::ledger_findings f = tijian::read_findings(o.problems, o.status, o.year, source, g);
  tijian::ledger l(o.path);
  tijian::update_options u;
  u.as_of = o.as_of;
  u.who = o.who.empty() ? default_who() : o.who;
  const tijian::update_report r = l.update(f, u);
  std::vector<std::string> written;
  if (!write(tijian::describe(r, l.entries()), o, written)) return 2;
  if (o.quiet) return 0;
  std::cout << w("台账更新 ", "Ledger update ") << r.year << w("（截至 ", " (as of ") << r.as_of
            << w("）：新增 ", "): new ") << r.created << w("，再次发现 ", ", found again ") << r.found_again
            << w("，销号 ", ", resolved ") << r.resolved << w("，反弹 ", ", recurred ") << r.recurred
            << w("，逾期 ", ", overdue ") << r.overdue << w("，督办 ", ", flagged ") << r.supervise << "\n";
  for (const auto& c : r.completion) {
    std::cout << w("指标60 问题整治完成率（", "Indicator 60 rectification rate (")
              << tijian::label(c.rectification, w.zh) << w("）：", "): ") << c.completed << " / " << c.due;
    if (c.due > 0) {
      char buf[32];
      std::snprintf(buf, sizeof buf, " = %.1f%%", 100.0 * c.rate);
      std::cout << buf;
    }
    std::cout << "\n";
  }
  for (const auto& p : written) std::cout << w("已写出 ", "Wrote ") << p << "\n";
  return 0;
}

inline int run_import(const options& o) {
  tijian::grid_options g;
  g.sheet = o.sheet;
  const auto edits = tijian::edits_from(tijian::read_text_grid(o.sheet_file, g));
  tijian::ledger l(o.path);
  const auto r = l.apply_edits(edits, o.who.empty() ? default_who() : o.who, o.as_of);
  if (!o.quiet)
    std::cout << "tijian: imported " << r.rows << " rows from " << o.sheet_file << ": " << r.changed
              << " entries changed, " << r.status_changes << " status changes\n";
  return 0;
}

inline int run_list(const options& o) {
  const words w{o.output.lang == "zh"};
  const tijian::ledger l(o.path);
  const auto entries = l.entries(filter_of(o));
  std::vector<tijian::ledger_history_row> hist;
  if (o.history)
    for (const auto& e : entries)
      for (auto& h : l.history(e.id)) hist.push_back(std::move(h));
  std::vector<std::string> written;
  if (!write(tijian::describe_ledger(entries, o.history ? &hist : nullptr), o, written)) return 2;
  if (o.quiet) return 0;
  std::cout << w(
      "台账编号    层级  单元          指标                       状态    整改期限    标记\n",
      "id          level     unit          indicator                  status       deadline    flags\n");
  for (const auto& e : entries) {
    std::string flags;
    if (e.overdue) flags += w("逾期 ", "overdue ");
    if (e.supervise) flags += w("督办 ", "supervise ");
    if (e.recurrences > 0) flags += w("反弹", "recurred") + std::to_string(e.recurrences) + " ";
    char line[400];
    std::snprintf(line, sizeof line, "%-11s %-8s %-13s %-26s %-12s %-11s %s\n", e.id.c_str(),
                  tijian::label(e.where.level, w.zh), e.where.unit.c_str(), e.indicator.c_str(),
                  tijian::label(e.status, w.zh), e.deadline.empty() ? "-" : e.deadline.c_str(),
                  flags.c_str());
    std::cout << line;
    if (o.history)
      for (const auto& h : hist)
        if (h.entry == e.id)
          std::cout << "    " << h.at << " " << h.who << " " << tijian::label(h.event, w.zh)
                    << (h.from && h.to && *h.from != *h.to ? std::string(" ") + tijian::label(*h.from, w.zh) +
                                                                 " -> " + tijian::label(*h.to, w.zh)
                                                           : std::string())
                    << (h.note.empty() ? "" : " " + h.note) << "\n";
  }
  std::cout << entries.size() << w(" 条", " entries") << "\n";
  for (const auto& p : written) std::cout << w("已写出 ", "Wrote ") << p << "\n";
  return 0;
}

inline int run_export(const options& o) {
  const words w{o.output.lang == "zh"};
  const tijian::ledger l(o.path);
  const auto what = tijian::parse_enum<tijian::ledger_export>(o.what, "ledger.export");
  const tijian::document d = tijian::export_document(l, what, filter_of(o), o.year, o.as_of);
  std::vector<std::string> written;
  if (!write(d, o, written)) return 2;
  if (!o.quiet)
    for (const auto& p : written) std::cout << w("已写出 ", "Wrote ") << p << "\n";
  return 0;
}

/// Runs the subcommand that was given (the exit status comes from cli_exit::guarded, main.cpp).
inline int run(const commands& c, const options& o) {
  if (c.init->parsed()) return run_init(o);
  if (c.update->parsed()) return run_update(o);
  if (c.import->parsed()) return run_import(o);
  if (c.list->parsed()) return run_list(o);
  if (c.exp->parsed()) return run_export(o);
  return 2;
}

}  // namespace ledger_cli
