// SPDX-License-Identifier: MIT
// The problem-to-task ledger (ledger.hpp): a three-year scenario whose statuses and indicator-60
// rates were derived by hand from the rules documented in ledger.hpp and ledger_update.hpp (the
// derivation is written beside each expectation), the official list layouts against the column
// lists of the handbook's templates (../shared/reference/national-city-health-check-2025.md §4),
// the import's validation (unknown id, bad date, bad status, changed location: an error naming
// file, line and column, and the ledger unchanged), two processes updating one ledger at the
// same time, and a process killed in the middle of an update.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tijian/io/table_io.hpp>
#include <tijian/io/text_grid.hpp>
#include <tijian/ledger.hpp>
#include <tijian/ledger_input.hpp>
#include <tijian/ledger_tables.hpp>
#include <tijian/ledger_update.hpp>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/wait.h>
#include <unistd.h>
#define TIJIAN_HAS_FORK 1
#endif

using namespace tijian;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("tijian-ledger-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

/// Everything in the ledger but the times events were written (which differ run to run).
std::string snapshot(const ledger& l) {
  std::string out = document_to_json(describe_ledger(l.entries()), false);
  for (const auto& h : l.history())
    out += h.entry + "|" + std::string(to_string(h.event)) + "|" + h.who + "|" + h.note + "\n";
  return out;
}

// Year 1 (2024): the city's self-check, in the columns of the check's problems table (codes).
// A and D are bottom-line (底线型 -> 限时解决, priority 1); B and C not (提升型 -> 尽力解决, 3).
const char* year1 =
    "unit,name,period,level,indicator,name_zh,dimension,measure,value,target_zh,severity,bottom_line,source\n"
    "QD,青岛市,2024,district,ind_a,城市生活污水集中收集率,eco,%,62,≥70%,0.114,true,plan\n"
    "QD,青岛市,2024,district,ind_b,绿道服务半径覆盖率,eco,%,55,≥70%,0.214,false,plan\n"
    "C01,合成社区01,2024,community,ind_c,社区养老服务设施,facilities,个,0,≥1,1,false,plan\n"
    "B07,7号楼,2024,housing,ind_d,存在燃气安全隐患的住宅数量,safety,栋,1,0,1,true,plan\n";

std::vector<found_problem> read_problems(const std::string& csv, int& year,
                                         problem_origin s = problem_origin::self_check) {
  return problems_from(parse_text_grid_csv(csv, "problems.csv"), year, s);
}

ledger_findings findings(const std::string& problems_csv, const std::string& status_csv = {}) {
  ledger_findings f;
  f.problems = read_problems(problems_csv, f.year);
  if (!status_csv.empty()) f.met = met_from(parse_text_grid_csv(status_csv, "status.csv"));
  return f;
}

template <class F>
error expect_error(F&& f, const std::string& id) {
  try {
    f();
  } catch (const error& e) {
    EXPECT_EQ(e.id(), id) << e.what();
    return e;
  }
  ADD_FAILURE() << "no error " << id;
  return error("none", "");
}

const ledger_entry& entry(const std::vector<ledger_entry>& es, const std::string& id) {
  for (const auto& e : es)
    if (e.id == id) return e;
  throw std::runtime_error("no entry " + id);
}

}  // namespace

TEST(LedgerDates, AcceptedFormsAndRealCalendarDates) {
  EXPECT_EQ(normalise_date("2025-06-30"), "2025-06-30");
  EXPECT_EQ(normalise_date("2025/6/3"), "2025-06-03");
  EXPECT_EQ(normalise_date("2025.12.1"), "2025-12-01");
  EXPECT_EQ(normalise_date("2025年6月30日"), "2025-06-30");
  EXPECT_EQ(normalise_date("2024-02-29"), "2024-02-29");  // leap year
  EXPECT_FALSE(normalise_date("2025-02-29"));
  EXPECT_FALSE(normalise_date("2025-13-01"));
  EXPECT_FALSE(normalise_date("2025-06-31"));
  EXPECT_FALSE(normalise_date("30/06/2025"));
  EXPECT_FALSE(normalise_date("soon"));
  EXPECT_FALSE(normalise_date("2025-06-30x"));
}

TEST(LedgerTables, OfficialTemplateColumnsFirst) {
  // reference §4: the columns of 附件四 / 附件五, in order
  auto labels = [](const table& t, std::size_t n) {
    std::vector<std::string> out;
    for (std::size_t k = 0; k < n && k < t.columns.size(); ++k) out.push_back(t.columns[k].label_zh);
    return out;
  };
  const std::vector<ledger_entry> none;
  EXPECT_EQ(labels(problem_list_table(none, national_level::district), 6),
            (std::vector<std::string>{"维度", "序号", "指标项", "指标值", "居民问卷指标及评价结果",
                                      "问题分析"}));
  EXPECT_EQ(labels(problem_list_table(none, national_level::block), 4),
            (std::vector<std::string>{"序号", "指标名称", "体检结果", "存在问题"}));
  EXPECT_EQ(labels(problem_list_table(none, national_level::housing), 6),
            (std::vector<std::string>{"序号", "指标项", "体检结果", "存在问题", "问题程度", "问题分类"}));
  EXPECT_EQ(labels(remedy_list_table(none, national_level::community), 8),
            (std::vector<std::string>{"序号", "问题涉及的指标项", "指标结果", "存在问题", "整治建议",
                                      "整治区域", "整治类型", "责任单位"}));
  EXPECT_EQ(labels(remedy_list_table(none, national_level::district), 7),
            (std::vector<std::string>{"问题领域", "指标名称/居民问卷指标", "指标值/评价结果", "整治建议",
                                      "整治区域", "整治类型", "责任单位"}));
  // every list carries what the import needs
  for (const auto& t : ledger_table_descriptions()) {
    EXPECT_NE(t.find("id"), nullptr) << t.name;
    EXPECT_NE(t.find("status"), nullptr) << t.name;
  }
}

TEST(LedgerInput, CheckSourceColumnIsTheTargetsSourceNotTheProducers) {
  int year = 0;
  const auto p = read_problems(year1, year, problem_origin::third_party);
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(year, 2024);
  EXPECT_EQ(p[0].source, problem_origin::third_party);  // 'plan' names no problem source
  EXPECT_EQ(p[2].where.level, national_level::community);
  EXPECT_EQ(p[0].problem, "现状值62%，目标≥70%");
  const std::string residents = "unit,indicator,period,source,level\nC02,ind_e,2024,居民问卷调查,community\n";
  int y2 = 0;
  EXPECT_EQ(read_problems(residents, y2)[0].source, problem_origin::residents);
}

TEST(LedgerInput, LabelledHeadersReadBack) {
  // the check writes CSV for people with Chinese labels (--headers labels): 城市, 指标, 时期 ...
  const std::string csv =
      "城市,名称,时期,指标,指标名称,严重程度(比值),底线指标\nQD,青岛市,2024,ind_a,污水,0.1,是\n";
  int year = 0;
  const auto p = read_problems(csv, year);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].indicator, "ind_a");
  EXPECT_TRUE(p[0].bottom_line);
  EXPECT_DOUBLE_EQ(p[0].severity, 0.1);
}

TEST(LedgerInput, BadCellsNameFileLineAndColumn) {
  int year = 0;
  const auto e =
      expect_error([&] { (void)read_problems("unit,indicator,period,level\nQD,a,2024,province\n", year); },
                   "ledger.input.value");
  EXPECT_EQ(e.where().file, "problems.csv");
  EXPECT_EQ(e.where().line, 2u);
  EXPECT_EQ(e.where().column, 4u);
  expect_error([&] { (void)read_problems("unit,period\nQD,2024\n", year); }, "ledger.input.column");
  int y = 2025;
  expect_error([&] { (void)read_problems("unit,indicator,period\nQD,a,2024\n", y); }, "ledger.input.period");
}

TEST(Ledger, ThreeYearScenario) {
  const fs::path dir = fresh_dir("scenario");
  const std::string path = (dir / "ledger.sqlite").string();
  ledger l = ledger::create(path);
  EXPECT_EQ(l.schema_version(), 1);

  // --- year 1 (2024-06-30): four problems --------------------------------------------------
  update_options u;
  u.as_of = "2024-06-30";
  u.who = "self-check team";
  auto r1 = l.update(findings(year1), u);
  EXPECT_EQ(r1.created, 4);
  auto es = l.entries();
  ASSERT_EQ(es.size(), 4u);
  const auto& a1 = entry(es, "2024-0001");
  EXPECT_EQ(a1.indicator, "ind_a");
  EXPECT_EQ(a1.type, problem_type::bottom_line);
  EXPECT_EQ(a1.rectification, rectification_class::time_limited);
  EXPECT_EQ(a1.priority, 1);
  EXPECT_FALSE(a1.renewal_plan);
  const auto& b1 = entry(es, "2024-0002");
  EXPECT_EQ(b1.rectification, rectification_class::best_effort);
  EXPECT_EQ(b1.priority, 3);
  EXPECT_TRUE(b1.renewal_plan);
  EXPECT_EQ(entry(es, "2024-0004").where.level, national_level::housing);

  // the team's sheet (Chinese labels, as exported): deadlines, units, statuses
  const std::string sheet1 =
      "台账编号,整改状态,责任单位,整改期限,整治措施\n"
      "2024-0001,整改中,市水务局,2025-03-31,管网改造\n"
      "2024-0002,in_progress,市园林局,2025/12/31,绿道建设\n"
      "2024-0003,待整改,某街道,2025-05-31,\n"
      "2024-0004,整改中,某区政府,2024-12-31,燃气立管更换\n";
  auto i1 = l.apply_edits(edits_from(parse_text_grid_csv(sheet1, "sheet1.csv")), "office", "2024-07-15");
  EXPECT_EQ(i1.rows, 4);
  EXPECT_EQ(i1.status_changes, 3);  // 0001, 0002, 0004 to 整改中; 0003 stays 待整改
  // D is fixed before the year is out, with evidence
  l.apply_edits(edits_from(
                    parse_text_grid_csv("id,status,evidence\n2024-0004,已销号,验收报告2024-12\n", "s.csv")),
                "office", "2024-12-20");
  EXPECT_EQ(entry(l.entries(), "2024-0004").closed_on, "2024-12-20");

  // --- year 2 (2025-06-30): A met, B and C found again, D met (already closed), E new -------
  const std::string year2 =
      "unit,period,level,indicator,value,bottom_line\n"
      "QD,2025,district,ind_b,60,false\n"
      "C01,2025,community,ind_c,0,false\n"
      "QD,2025,district,ind_e,3,false\n";
  const std::string status2 = "unit,indicator,status\nQD,ind_a,met\nQD,ind_b,missed\nB07,ind_d,met\n";
  u.as_of = "2025-06-30";
  auto r2 = l.update(findings(year2, status2), u);
  // B07/ind_d is met, but status rows default to level city: the housing entry is already
  // closed anyway; the ledger matches level too
  EXPECT_EQ(r2.created, 1);
  EXPECT_EQ(r2.found_again, 2);
  EXPECT_EQ(r2.resolved, 1);
  EXPECT_EQ(r2.recurred, 0);
  es = l.entries();
  EXPECT_EQ(entry(es, "2024-0001").status, ledger_status::closed);
  EXPECT_EQ(entry(es, "2024-0001").closed_on, "2025-06-30");
  EXPECT_EQ(entry(es, "2024-0002").status, ledger_status::in_progress);
  EXPECT_EQ(entry(es, "2024-0002").priority, 2);  // found again in a later year: 3 -> 2
  const auto& c2 = entry(es, "2024-0003");
  EXPECT_TRUE(c2.overdue);  // 2025-05-31 < 2025-06-30, open
  EXPECT_TRUE(c2.supervise);
  EXPECT_EQ(c2.supervise_reason, "逾期未完成；未启动整改");
  EXPECT_FALSE(entry(es, "2024-0002").supervise);  // in progress, deadline not reached
  EXPECT_EQ(entry(es, "2025-0001").indicator, "ind_e");
  // indicator 60 in 2025: cohort A, B, C, D (found 2024, none closed by 2024-06-30)
  //   限时 A, D: due 2; D closed 2024-12-20 <= 2024-12-31 in time; A closed 2025-06-30 after
  //   its deadline 2025-03-31: late -> completed 1 / 2 = 0.5
  //   尽力 B, C: due 2; none closed -> 0 / 2; B in progress
  ASSERT_EQ(r2.completion.size(), 2u);
  EXPECT_EQ(r2.completion[0].rectification, rectification_class::time_limited);
  EXPECT_EQ(r2.completion[0].due, 2);
  EXPECT_EQ(r2.completion[0].completed, 1);
  EXPECT_EQ(r2.completion[0].late, 1);
  EXPECT_DOUBLE_EQ(r2.completion[0].rate, 0.5);
  EXPECT_EQ(r2.completion[1].due, 2);
  EXPECT_EQ(r2.completion[1].completed, 0);
  EXPECT_EQ(r2.completion[1].in_progress, 1);
  EXPECT_DOUBLE_EQ(r2.completion[1].rate, 0.0);

  l.apply_edits(edits_from(
                    parse_text_grid_csv("id,deadline,responsible\n2025-0001,2026-03-31,市交通局\n", "s.csv")),
                "office", "2025-07-01");

  // --- year 3 (2026-06-30): A back (反弹), B met, C not re-checked, E found again ----------
  const std::string year3 =
      "unit,period,indicator,value,bottom_line\n"
      "QD,2026,ind_a,65,true\n"
      "QD,2026,ind_e,3,false\n";
  const std::string status3 = "unit,indicator,status\nQD,ind_a,missed\nQD,ind_b,met\nQD,ind_e,missed\n";
  u.as_of = "2026-06-30";
  auto r3 = l.update(findings(year3, status3), u);
  EXPECT_EQ(r3.recurred, 1);
  EXPECT_EQ(r3.resolved, 1);
  EXPECT_EQ(r3.found_again, 1);
  EXPECT_EQ(r3.created, 0);
  es = l.entries();
  const auto& a3 = entry(es, "2024-0001");
  EXPECT_EQ(a3.status, ledger_status::pending);
  EXPECT_EQ(a3.recurrences, 1);
  EXPECT_EQ(a3.priority, 1);
  EXPECT_TRUE(a3.supervise);
  EXPECT_TRUE(a3.overdue);  // its deadline 2025-03-31 is past and it is open again
  EXPECT_EQ(entry(es, "2024-0002").status, ledger_status::closed);
  EXPECT_EQ(entry(es, "2024-0003").status, ledger_status::pending);  // not re-checked: unchanged
  EXPECT_TRUE(entry(es, "2024-0003").supervise);
  const auto& e3 = entry(es, "2025-0001");
  EXPECT_TRUE(e3.overdue);  // 2026-03-31 < 2026-06-30
  EXPECT_EQ(e3.supervise_reason, "逾期未完成；未启动整改");
  // indicator 60 in 2026: previous check 2025-06-30; cohort = found before 2026 and not closed
  // on or before 2025-06-30: A (reopened), B, C, E; D (closed 2024-12-20) is last year's.
  //   限时 A: deadline 2025-03-31 due; open -> 0 / 1
  //   尽力 B, C, E: due 3; B closed 2026-06-30 -> 1 / 3
  ASSERT_EQ(r3.completion.size(), 2u);
  EXPECT_EQ(r3.completion[0].due, 1);
  EXPECT_EQ(r3.completion[0].completed, 0);
  EXPECT_DOUBLE_EQ(r3.completion[0].rate, 0.0);
  EXPECT_EQ(r3.completion[1].due, 3);
  EXPECT_EQ(r3.completion[1].completed, 1);
  EXPECT_DOUBLE_EQ(r3.completion[1].rate, 1.0 / 3.0);
  // the same numbers from the ledger afterwards
  const auto again = l.completion(2026, "2026-06-30");
  EXPECT_EQ(again[1].completed, 1);

  // 回头看: A's history, in order
  std::vector<ledger_event> kinds;
  for (const auto& h : l.history("2024-0001")) kinds.push_back(h.event);
  // reopened past its deadline (2025-03-31), it is overdue again at once
  EXPECT_EQ(kinds, (std::vector<ledger_event>{ledger_event::created, ledger_event::status_changed,
                                              ledger_event::resolved, ledger_event::recurred,
                                              ledger_event::overdue}));
  EXPECT_EQ(l.history("2024-0001")[1].who, "office");
  EXPECT_EQ(l.history("2024-0001")[3].from, ledger_status::closed);

  // reopening the file reads the same ledger
  const std::string before = snapshot(l);
  EXPECT_EQ(snapshot(ledger(path)), before);
  fs::remove_all(dir);
}

TEST(Ledger, ExportedSheetImportsBackUnchanged) {
  const fs::path dir = fresh_dir("roundtrip");
  const std::string path = (dir / "l.sqlite").string();
  ledger l = ledger::create(path);
  update_options u;
  u.as_of = "2024-06-30";
  l.update(findings(year1), u);
  l.apply_edits(edits_from(
                    parse_text_grid_csv("id,deadline,responsible\n2024-0001,2025-03-31,市水务局\n", "s")),
                "x", "2024-07-01");
  const std::string before = snapshot(l);
  for (const auto lang : {language::zh, language::en}) {
    for (const auto level : {national_level::district, national_level::community, national_level::housing}) {
      table_format fmt;
      fmt.headers = header_style::labels;
      fmt.lang = lang;
      const std::string csv = table_to_csv(remedy_list_table(l.entries(), level), fmt);
      const auto r = l.apply_edits(edits_from(parse_text_grid_csv(csv, "export.csv")), "x", "2024-07-02");
      EXPECT_EQ(r.changed, 0) << csv;
    }
    const std::string whole = table_to_csv(ledger_table(l.entries()), {header_style::labels, lang, false});
    EXPECT_EQ(l.apply_edits(edits_from(parse_text_grid_csv(whole, "ledger.csv")), "x", "2024-07-02").changed,
              0);
  }
  const std::string codes = table_to_csv(ledger_table(l.entries()));
  EXPECT_EQ(l.apply_edits(edits_from(parse_text_grid_csv(codes, "ledger.csv")), "x", "2024-07-02").changed,
            0);
  // import records itself in the updates table only; entries and history are unchanged
  EXPECT_EQ(snapshot(l), before);
  fs::remove_all(dir);
}

TEST(Ledger, BadImportNamesRowAndColumnAndChangesNothing) {
  const fs::path dir = fresh_dir("badimport");
  const std::string path = (dir / "l.sqlite").string();
  ledger l = ledger::create(path);
  update_options u;
  u.as_of = "2024-06-30";
  l.update(findings(year1), u);
  const std::string before = snapshot(l);
  // the first row is good: it must not be applied when a later row is bad
  const std::string head =
      "台账编号,整改状态,整改期限,单元编码,指标编码\n2024-0001,整改中,2025-03-31,QD,ind_a\n";
  struct bad {
    std::string row, id;
    std::size_t column;
  };
  const std::vector<bad> cases = {
      {"2099-0001,整改中,2025-03-31,QD,ind_b", "ledger.import.unknown_id", 1},
      {"2024-0002,整改中,2025-02-30,QD,ind_b", "ledger.input.value", 3},
      {"2024-0002,已完成,2025-03-31,QD,ind_b", "ledger.input.value", 2},
      {"2024-0002,整改中,2025-03-31,QD2,ind_b", "ledger.import.location_changed", 4},
      {"2024-0002,整改中,2025-03-31,QD,ind_x", "ledger.import.location_changed", 5},
      {"2024-0002,已销号,2025-03-31,QD,ind_b", "ledger.import.no_evidence", 2},
  };
  for (const auto& c : cases) {
    const std::string csv = head + c.row + "\n";
    const auto e =
        expect_error([&] { l.apply_edits(edits_from(parse_text_grid_csv(csv, "edited.csv")), "x"); }, c.id);
    EXPECT_EQ(e.where().file, "edited.csv") << c.row;
    EXPECT_EQ(e.where().line, 3u) << c.row;
    EXPECT_EQ(e.where().column, c.column) << c.row;
    EXPECT_EQ(snapshot(l), before) << c.row;
  }
  fs::remove_all(dir);
}

TEST(Ledger, FilesThatAreNotLedgers) {
  const fs::path dir = fresh_dir("files");
  expect_error([&] { ledger l((dir / "none.sqlite").string()); }, "ledger.missing");
  { std::ofstream((dir / "text.sqlite").string()) << "not a database at all, just some text\n"; }
  const auto e = expect_error([&] { ledger l((dir / "text.sqlite").string()); }, "ledger.sqlite");
  EXPECT_EQ(e.where().file, (dir / "text.sqlite").string());
  (void)ledger::create((dir / "a.sqlite").string());
  expect_error([&] { (void)ledger::create((dir / "a.sqlite").string()); }, "ledger.exists");
  // an SQLite file of another program, and a ledger of a newer schema
  auto sql = [](const fs::path& file, const char* statements) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.string().c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, statements, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  };
  sql(dir / "other.sqlite", "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);");
  expect_error([&] { ledger l((dir / "other.sqlite").string()); }, "ledger.not_a_ledger");
  sql(dir / "a.sqlite", "UPDATE schema_version SET version = 2;");
  const auto v = expect_error([&] { ledger l((dir / "a.sqlite").string()); }, "ledger.version");
  EXPECT_NE(std::string(v.what()).find("newer tijian"), std::string::npos) << v.what();
  fs::remove_all(dir);
}

#ifdef TIJIAN_HAS_FORK
// Two processes, each making 15 updates of its own new problems at the same time: every one
// of the 30 problems gets an entry with its own id and its 'created' event; nothing is lost
// to a race between reading the ledger and writing it (BEGIN IMMEDIATE, busy timeout).
TEST(Ledger, TwoProcessesLoseNoUpdate) {
  const fs::path dir = fresh_dir("concurrent");
  const std::string path = (dir / "l.sqlite").string();
  (void)ledger::create(path);
  constexpr int per_process = 15;
  std::vector<pid_t> kids;
  for (int p = 0; p < 2; ++p) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int code = 0;
      try {
        ledger l(path);
        for (int k = 0; k < per_process; ++k) {
          ledger_findings f;
          f.year = 2024;
          found_problem x;
          x.where.unit = "U" + std::to_string(p);
          x.indicator = "ind_" + std::to_string(k);
          x.source = p == 0 ? problem_origin::self_check : problem_origin::third_party;
          f.problems.push_back(x);
          l.update(f);
        }
      } catch (...) {
        code = 1;
      }
      std::_Exit(code);
    }
    kids.push_back(pid);
  }
  for (const pid_t pid : kids) {
    int st = 0;
    ASSERT_EQ(::waitpid(pid, &st, 0), pid);
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  }
  const ledger l(path);
  const auto es = l.entries();
  EXPECT_EQ(es.size(), 2u * per_process);
  std::set<std::string> ids;
  for (const auto& e : es) ids.insert(e.id);
  EXPECT_EQ(ids.size(), 2u * per_process);
  EXPECT_EQ(l.history().size(), 2u * per_process);
  fs::remove_all(dir);
}

// A process killed after writing two rows of an update leaves the ledger as it was before.
TEST(Ledger, KilledMidUpdateLeavesTheLedgerAsItWas) {
  const fs::path dir = fresh_dir("crash");
  const std::string path = (dir / "l.sqlite").string();
  std::string before;
  {
    ledger l = ledger::create(path);
    update_options u;
    u.as_of = "2024-06-30";
    l.update(findings(year1), u);
    before = snapshot(l);
  }
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::setenv("TIJIAN_LEDGER_TEST_ABORT_AFTER", "2", 1);
    try {
      ledger l(path);
      update_options u;
      u.as_of = "2025-06-30";
      // five new problems and two met: far more than two rows to write
      const std::string y2 =
          "unit,period,indicator\nQD,2025,n1\nQD,2025,n2\nQD,2025,n3\nQD,2025,n4\nQD,2025,n5\n";
      l.update(findings(y2, "unit,indicator,status\nQD,ind_a,met\nQD,ind_b,met\n"), u);
    } catch (...) {
    }
    std::_Exit(0);  // not reached when the crash point works
  }
  int st = 0;
  ASSERT_EQ(::waitpid(pid, &st, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(st)) << "the child was meant to abort mid-update";
  EXPECT_EQ(WTERMSIG(st), SIGABRT);
  EXPECT_EQ(snapshot(ledger(path)), before);
  fs::remove_all(dir);
}
#endif
