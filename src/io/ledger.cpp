// SPDX-License-Identifier: MIT
// The ledger's SQLite file (ledger.hpp): schema, migrations, reading and writing entries, the
// update and the import, each in one transaction. The only translation unit with sqlite3.h.
#include <sqlite3.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <tijian/ledger.hpp>
#include <tijian/ledger_update.hpp>
#include <utility>
#include <vector>

namespace tijian {

namespace {

constexpr int current_schema = 1;
constexpr int application_id = 0x746a6c67;  // 'tjlg': marks the file as a tijian ledger

// Version 1. CHECK constraints repeat the enum codes so that a file edited by another program
// cannot hold a status this library does not know; entries are read back through parse_enum too.
constexpr const char* schema_v1 = R"sql(
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE entries (
  id TEXT PRIMARY KEY,
  level TEXT NOT NULL CHECK (level IN ('district', 'block', 'community', 'housing')),
  unit TEXT NOT NULL CHECK (unit <> ''),
  unit_name TEXT NOT NULL DEFAULT '',
  longitude REAL,
  latitude REAL,
  indicator TEXT NOT NULL CHECK (indicator <> ''),
  indicator_name TEXT NOT NULL DEFAULT '',
  dimension TEXT NOT NULL DEFAULT '',
  measure TEXT NOT NULL DEFAULT '',
  sources TEXT NOT NULL,
  severity REAL,
  value REAL,
  target TEXT NOT NULL DEFAULT '',
  problem TEXT NOT NULL DEFAULT '',
  survey_result TEXT NOT NULL DEFAULT '',
  year_found INTEGER NOT NULL,
  last_seen_year INTEGER NOT NULL,
  last_checked_year INTEGER NOT NULL,
  responsible TEXT NOT NULL DEFAULT '',
  remedy TEXT NOT NULL DEFAULT '',
  deadline TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('pending', 'in_progress', 'closed')),
  closed_on TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL CHECK (type IN ('bottom_line', 'improvement')),
  rectification TEXT NOT NULL CHECK (rectification IN ('time_limited', 'best_effort')),
  priority INTEGER NOT NULL,
  renewal_plan INTEGER NOT NULL,
  recurrences INTEGER NOT NULL DEFAULT 0,
  overdue INTEGER NOT NULL DEFAULT 0,
  supervise INTEGER NOT NULL DEFAULT 0,
  supervise_reason TEXT NOT NULL DEFAULT '',
  UNIQUE (indicator, level, unit)
);
CREATE TABLE history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  entry TEXT NOT NULL REFERENCES entries (id),
  at TEXT NOT NULL,
  year INTEGER NOT NULL,
  who TEXT NOT NULL,
  event TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT,
  note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('update', 'import')),
  year INTEGER NOT NULL,
  as_of TEXT NOT NULL,
  at TEXT NOT NULL,
  who TEXT NOT NULL,
  input TEXT NOT NULL
);
INSERT INTO schema_version (version) VALUES (1);
)sql";

// Migrations from version k to k + 1, in order (index k - 1). None yet: version 1 is the first.
const std::vector<const char*> migrations = {};

std::string now_utc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
#ifdef _WIN32
  gmtime_s(&tm, &t);
#else
  gmtime_r(&t, &tm);
#endif
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A test-only crash: with TIJIAN_LEDGER_TEST_ABORT_AFTER=n, the process aborts after writing n
// rows inside a transaction, so a test can check that the file is left as it was.
struct crash_point {
  long after = -1;
  long written = 0;
  crash_point() {
    if (const char* v = std::getenv("TIJIAN_LEDGER_TEST_ABORT_AFTER")) after = std::atol(v);
  }
  void row_written() {
    if (after >= 0 && ++written > after) std::abort();
  }
};

class statement {
 public:
  statement(sqlite3* db, const char* sql, const std::string& path) : db_(db), path_(path) {
    if (sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) != SQLITE_OK) fail("prepare");
  }
  ~statement() { sqlite3_finalize(s_); }
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  statement& bind(int k, const std::string& v) {
    sqlite3_bind_text(s_, k, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  statement& bind(int k, const char* v) { return bind(k, std::string(v)); }
  statement& bind(int k, std::int64_t v) {
    sqlite3_bind_int64(s_, k, v);
    return *this;
  }
  statement& bind(int k, int v) { return bind(k, static_cast<std::int64_t>(v)); }
  statement& bind(int k, bool v) { return bind(k, static_cast<std::int64_t>(v ? 1 : 0)); }
  statement& bind(int k, double v) {
    if (std::isnan(v)) sqlite3_bind_null(s_, k);
    else sqlite3_bind_double(s_, k, v);
    return *this;
  }
  statement& bind_null(int k) {
    sqlite3_bind_null(s_, k);
    return *this;
  }
  /// true while there is a row
  bool step() {
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail("step");
  }
  void run() {
    while (step()) {
    }
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  [[nodiscard]] std::string text(int k) const {
    const auto* p = sqlite3_column_text(s_, k);
    return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
  }
  [[nodiscard]] std::int64_t integer(int k) const { return sqlite3_column_int64(s_, k); }
  [[nodiscard]] double real(int k) const {
    return sqlite3_column_type(s_, k) == SQLITE_NULL ? std::nan("") : sqlite3_column_double(s_, k);
  }
  [[nodiscard]] bool is_null(int k) const { return sqlite3_column_type(s_, k) == SQLITE_NULL; }

 private:
  [[noreturn]] void fail(const char* what) {
    location where;
    where.file = path_;
    throw error("ledger.sqlite", std::string("SQLite ") + what + ": " + sqlite3_errmsg(db_), where);
  }
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
  std::string path_;
};

template <class E>
E stored_enum(const std::string& code, const std::string& path, const std::string& what) {
  if (auto v = find_enum<E>(code)) return *v;
  location where;
  where.file = path;
  throw error("ledger.corrupt", what + " '" + code + "' in the ledger is not known; use " + codes_of<E>(),
              where);
}

std::vector<problem_origin> parse_sources(const std::string& text, const std::string& path) {
  std::vector<problem_origin> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(';', start), text.size());
    const std::string code = text.substr(start, end - start);
    if (!code.empty()) detail::add_source(out, stored_enum<problem_origin>(code, path, "source"));
    start = end + 1;
  }
  return out;
}

std::string sources_codes(const std::vector<problem_origin>& s) {
  std::string out;
  for (const auto v : s) out += (out.empty() ? "" : ";") + std::string(to_string(v));
  return out;
}

constexpr const char* entry_columns =
    "id, level, unit, unit_name, longitude, latitude, indicator, indicator_name, dimension, measure, "
    "sources, severity, value, target, problem, survey_result, year_found, last_seen_year, "
    "last_checked_year, responsible, remedy, deadline, status, closed_on, evidence, type, rectification, "
    "priority, renewal_plan, recurrences, overdue, supervise, supervise_reason";

}  // namespace

struct ledger::impl {
  std::string path;
  sqlite3* db = nullptr;
  crash_point crash;

  ~impl() {
    if (db) sqlite3_close(db);
  }

  [[noreturn]] void fail(const std::string& id, const std::string& message) const {
    location where;
    where.file = path;
    throw error(id, message, where);
  }

  void exec(const char* sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
      const std::string m = msg ? msg : sqlite3_errmsg(db);
      sqlite3_free(msg);
      fail(sqlite3_extended_errcode(db) == SQLITE_BUSY || sqlite3_errcode(db) == SQLITE_BUSY
               ? "ledger.busy"
               : "ledger.sqlite",
           "SQLite: " + m);
    }
  }

  void open(int flags, const ledger_options& o) {
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK)
      fail("ledger.open",
           std::string("cannot open the ledger: ") + (db ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_busy_timeout(db, o.busy_timeout_ms);
    sqlite3_extended_result_codes(db, 1);
    exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
  }

  int user_int(const char* pragma) {
    statement s(db, pragma, path);
    return s.step() ? static_cast<int>(s.integer(0)) : 0;
  }

  /// Runs f inside BEGIN IMMEDIATE ... COMMIT; rolls back on any exception.
  template <class F>
  auto transaction(F&& f) {
    exec("BEGIN IMMEDIATE");
    try {
      auto r = f();
      exec("COMMIT");
      return r;
    } catch (...) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

  void check_schema() {
    if (user_int("PRAGMA application_id") != application_id)
      fail("ledger.not_a_ledger", "the file is not a tijian ledger (make one with `tijian ledger init`)");
    int version = 0;
    {
      statement s(db, "SELECT version FROM schema_version", path);
      if (s.step()) version = static_cast<int>(s.integer(0));
    }
    if (version > current_schema)
      fail("ledger.version", "the ledger has schema version " + std::to_string(version) +
                                 "; this tijian reads up to " + std::to_string(current_schema) +
                                 ": use a newer tijian");
    if (version < 1) fail("ledger.corrupt", "the ledger has no schema version");
    if (version < current_schema) {
      transaction([&] {
        for (int v = version; v < current_schema; ++v) exec(migrations[static_cast<std::size_t>(v - 1)]);
        exec(("UPDATE schema_version SET version = " + std::to_string(current_schema)).c_str());
        return 0;
      });
    }
  }

  ledger_entry read_entry(const statement& s) const {
    ledger_entry e;
    int k = 0;
    e.id = s.text(k++);
    e.where.level = stored_enum<national_level>(s.text(k++), path, "level");
    e.where.unit = s.text(k++);
    e.where.unit_name = s.text(k++);
    e.where.longitude = s.real(k++);
    e.where.latitude = s.real(k++);
    e.indicator = s.text(k++);
    e.indicator_name = s.text(k++);
    e.dimension = s.text(k++);
    e.measure = s.text(k++);
    e.sources = parse_sources(s.text(k++), path);
    e.severity = s.real(k++);
    e.value = s.real(k++);
    e.target = s.text(k++);
    e.problem = s.text(k++);
    e.survey_result = s.text(k++);
    e.year_found = static_cast<int>(s.integer(k++));
    e.last_seen_year = static_cast<int>(s.integer(k++));
    e.last_checked_year = static_cast<int>(s.integer(k++));
    e.responsible = s.text(k++);
    e.remedy = s.text(k++);
    e.deadline = s.text(k++);
    e.status = stored_enum<ledger_status>(s.text(k++), path, "status");
    e.closed_on = s.text(k++);
    e.evidence = s.text(k++);
    e.type = stored_enum<problem_type>(s.text(k++), path, "problem type");
    e.rectification = stored_enum<rectification_class>(s.text(k++), path, "rectification class");
    e.priority = static_cast<int>(s.integer(k++));
    e.renewal_plan = s.integer(k++) != 0;
    e.recurrences = static_cast<int>(s.integer(k++));
    e.overdue = s.integer(k++) != 0;
    e.supervise = s.integer(k++) != 0;
    e.supervise_reason = s.text(k++);
    return e;
  }

  std::vector<ledger_entry> all_entries() const {
    const std::string sql = std::string("SELECT ") + entry_columns + " FROM entries ORDER BY id";
    statement s(db, sql.c_str(), path);
    std::vector<ledger_entry> out;
    while (s.step()) out.push_back(read_entry(s));
    return out;
  }

  void write_entry(const ledger_entry& e, bool insert) {
    const std::string sql =
        insert
            ? std::string("INSERT INTO entries (") + entry_columns +
                  ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
                  "?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33)"
            : "UPDATE entries SET level = ?2, unit = ?3, unit_name = ?4, longitude = ?5, latitude = ?6, "
              "indicator = ?7, indicator_name = ?8, dimension = ?9, measure = ?10, sources = ?11, severity = ?12, "
              "value = ?13, target = ?14, problem = ?15, survey_result = ?16, year_found = ?17, "
              "last_seen_year = ?18, last_checked_year = ?19, responsible = ?20, remedy = ?21, deadline = ?22, "
              "status = ?23, closed_on = ?24, evidence = ?25, type = ?26, rectification = ?27, priority = ?28, "
              "renewal_plan = ?29, recurrences = ?30, overdue = ?31, supervise = ?32, supervise_reason = ?33 "
              "WHERE id = ?1";
    statement s(db, sql.c_str(), path);
    s.bind(1, e.id)
        .bind(2, to_string(e.where.level))
        .bind(3, e.where.unit)
        .bind(4, e.where.unit_name)
        .bind(5, e.where.longitude)
        .bind(6, e.where.latitude)
        .bind(7, e.indicator)
        .bind(8, e.indicator_name)
        .bind(9, e.dimension)
        .bind(10, e.measure)
        .bind(11, sources_codes(e.sources))
        .bind(12, e.severity)
        .bind(13, e.value)
        .bind(14, e.target)
        .bind(15, e.problem)
        .bind(16, e.survey_result)
        .bind(17, e.year_found)
        .bind(18, e.last_seen_year)
        .bind(19, e.last_checked_year)
        .bind(20, e.responsible)
        .bind(21, e.remedy)
        .bind(22, e.deadline)
        .bind(23, to_string(e.status))
        .bind(24, e.closed_on)
        .bind(25, e.evidence)
        .bind(26, to_string(e.type))
        .bind(27, to_string(e.rectification))
        .bind(28, e.priority)
        .bind(29, e.renewal_plan)
        .bind(30, e.recurrences)
        .bind(31, e.overdue)
        .bind(32, e.supervise)
        .bind(33, e.supervise_reason);
    s.run();
    crash.row_written();
  }

  void write_event(const ledger_history_row& h) {
    statement s(db,
                "INSERT INTO history (entry, at, year, who, event, from_status, to_status, note) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                path);
    s.bind(1, h.entry).bind(2, h.at).bind(3, h.year).bind(4, h.who).bind(5, to_string(h.event));
    if (h.from) s.bind(6, to_string(*h.from));
    else s.bind_null(6);
    if (h.to) s.bind(7, to_string(*h.to));
    else s.bind_null(7);
    s.bind(8, h.note);
    s.run();
    crash.row_written();
  }

  void write_update(const char* kind, int year, const std::string& as_of, const std::string& who,
                    const std::string& input) {
    statement s(db, "INSERT INTO updates (kind, year, as_of, at, who, input) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                path);
    s.bind(1, kind).bind(2, year).bind(3, as_of).bind(4, now_utc()).bind(5, who).bind(6, input);
    s.run();
  }

  /// The as-of date of the latest update of a year before `year` ("" when none).
  std::string previous_as_of(int year) const {
    statement s(
        db,
        "SELECT as_of FROM updates WHERE kind = 'update' AND year < ?1 ORDER BY year DESC, seq DESC LIMIT 1",
        path);
    s.bind(1, year);
    return s.step() ? s.text(0) : std::string();
  }
};

ledger::ledger(std::unique_ptr<impl> p) : p_(std::move(p)) {}
ledger::~ledger() = default;
ledger::ledger(ledger&&) noexcept = default;
ledger& ledger::operator=(ledger&&) noexcept = default;

ledger ledger::create(const std::string& path, const ledger_options& options) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) > 0) {
    location where;
    where.file = path;
    throw error("ledger.exists", "the file exists; open it, or choose another path", where);
  }
  auto p = std::make_unique<impl>();
  p->path = path;
  p->open(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, options);
  p->transaction([&] {
    p->exec(schema_v1);
    p->exec(("PRAGMA application_id = " + std::to_string(application_id)).c_str());
    return 0;
  });
  return ledger(std::move(p));
}

ledger::ledger(const std::string& path, const ledger_options& options) : p_(std::make_unique<impl>()) {
  p_->path = path;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    p_->fail("ledger.missing", "no such ledger (make one with `tijian ledger init`)");
  p_->open(SQLITE_OPEN_READWRITE, options);
  p_->check_schema();
}

const std::string& ledger::path() const noexcept { return p_->path; }

int ledger::schema_version() const {
  statement s(p_->db, "SELECT version FROM schema_version", p_->path);
  return s.step() ? static_cast<int>(s.integer(0)) : 0;
}

std::vector<ledger_entry> ledger::entries(const ledger_filter& f) const {
  std::vector<ledger_entry> out;
  for (auto& e : p_->all_entries()) {
    if (f.level && e.where.level != *f.level) continue;
    if (f.status && e.status != *f.status) continue;
    if (f.year_found && e.year_found != *f.year_found) continue;
    if (f.open_only && !e.open()) continue;
    if (f.overdue_only && !e.overdue) continue;
    if (f.supervise_only && !e.supervise) continue;
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<ledger_history_row> ledger::history(const std::string& entry) const {
  statement s(p_->db,
              entry.empty()
                  ? "SELECT seq, entry, at, year, who, event, from_status, to_status, note FROM history "
                    "ORDER BY seq"
                  : "SELECT seq, entry, at, year, who, event, from_status, to_status, note FROM history "
                    "WHERE entry = ?1 ORDER BY seq",
              p_->path);
  if (!entry.empty()) s.bind(1, entry);
  std::vector<ledger_history_row> out;
  while (s.step()) {
    ledger_history_row h;
    h.seq = s.integer(0);
    h.entry = s.text(1);
    h.at = s.text(2);
    h.year = static_cast<int>(s.integer(3));
    h.who = s.text(4);
    h.event = stored_enum<ledger_event>(s.text(5), p_->path, "event");
    if (!s.is_null(6)) h.from = stored_enum<ledger_status>(s.text(6), p_->path, "status");
    if (!s.is_null(7)) h.to = stored_enum<ledger_status>(s.text(7), p_->path, "status");
    h.note = s.text(8);
    out.push_back(std::move(h));
  }
  return out;
}

update_report ledger::update(const ledger_findings& f, const update_options& o) {
  if (f.year < 1900 || f.year > 9999)
    p_->fail("ledger.year", "the check year " + std::to_string(f.year) + " is not a year");
  update_options opt = o;
  if (!opt.as_of.empty()) {
    const auto d = normalise_date(opt.as_of);
    if (!d) p_->fail("ledger.date", "the as-of date '" + opt.as_of + "' is not a date; write YYYY-MM-DD");
    opt.as_of = *d;
  }
  return p_->transaction([&] {
    // read inside the write lock: another process's update is either all before or all after
    const ledger_changes c = reconcile(p_->all_entries(), f, opt, now_utc());
    for (const auto& e : c.created) p_->write_entry(e, true);
    for (const auto& e : c.changed) p_->write_entry(e, false);
    for (const auto& h : c.events) p_->write_event(h);
    update_report r = c.report;
    p_->write_update("update", f.year, r.as_of, opt.who, f.input);
    r.completion = completion_rates(p_->all_entries(), f.year, r.as_of, p_->previous_as_of(f.year));
    return r;
  });
}

import_report ledger::apply_edits(const std::vector<ledger_edit>& edits, const std::string& who,
                                  const std::string& as_of_in) {
  std::string as_of = as_of_in.empty() ? today_utc() : as_of_in;
  if (auto d = normalise_date(as_of)) as_of = *d;
  else p_->fail("ledger.date", "the as-of date '" + as_of_in + "' is not a date; write YYYY-MM-DD");
  return p_->transaction([&] {
    std::map<std::string, ledger_entry> by_id;
    for (auto& e : p_->all_entries()) by_id.emplace(e.id, std::move(e));
    // 1. validate every row before anything is written
    std::set<std::string> seen;
    for (const auto& x : edits) {
      const auto it = by_id.find(x.id);
      if (it == by_id.end())
        throw data_error("ledger.import.unknown_id",
                         "ledger id '" + x.id + "' is not in the ledger " + p_->path, x.row);
      if (!seen.insert(x.id).second)
        throw data_error("ledger.import.duplicate_id", "ledger id '" + x.id + "' is given twice", x.row);
      const ledger_entry& e = it->second;
      auto same = [&](const std::optional<std::string>& cell, const std::string& is, const location& where,
                      const char* what) {
        if (cell && !cell->empty() && *cell != is)
          throw data_error("ledger.import.location_changed",
                           std::string(what) + " of " + x.id + " is '" + is +
                               "' in the ledger, the sheet says '" + *cell +
                               "'; an import never moves a problem: add it as a new problem instead",
                           where);
      };
      same(x.level_cell, to_string(e.where.level), x.level_where, "the level");
      same(x.unit_cell, e.where.unit, x.unit_where, "the unit");
      same(x.indicator_cell, e.indicator, x.indicator_where, "the indicator");
      const std::string evidence = x.evidence ? *x.evidence : e.evidence;
      if (x.status == ledger_status::closed && e.status != ledger_status::closed && evidence.empty())
        throw data_error("ledger.import.no_evidence",
                         "closing " + x.id + " (已销号) needs its evidence (佐证材料) in the same row",
                         x.status_where);
    }
    // 2. apply
    import_report r;
    const std::string now = now_utc();
    for (const auto& x : edits) {
      ledger_entry e = by_id.at(x.id);
      const ledger_entry before = e;
      ++r.rows;
      if (x.responsible) e.responsible = *x.responsible;
      if (x.remedy) e.remedy = *x.remedy;
      if (x.deadline) e.deadline = *x.deadline;
      if (x.evidence) e.evidence = *x.evidence;
      if (x.rectification) e.rectification = *x.rectification;
      if (x.priority) e.priority = *x.priority;
      if (x.renewal_plan) e.renewal_plan = *x.renewal_plan;
      std::vector<std::string> what;
      if (e.responsible != before.responsible) what.push_back("责任单位");
      if (e.remedy != before.remedy) what.push_back("整治措施");
      if (e.deadline != before.deadline) what.push_back("整改期限");
      if (e.evidence != before.evidence) what.push_back("佐证材料");
      if (e.rectification != before.rectification) what.push_back("整治类型");
      if (e.priority != before.priority) what.push_back("整治优先级");
      if (e.renewal_plan != before.renewal_plan) what.push_back("纳入下一年更新整治计划");
      const bool status_changed = x.status && *x.status != e.status;
      if (status_changed) {
        e.status = *x.status;
        e.closed_on = e.status == ledger_status::closed ? as_of : std::string();
      }
      if (!e.open()) {  // a closed entry is neither overdue nor to be supervised
        e.overdue = e.supervise = false;
        e.supervise_reason.clear();
      }
      if (what.empty() && !status_changed) continue;
      ++r.changed;
      p_->write_entry(e, false);
      std::string note;
      for (const auto& w : what) note += (note.empty() ? "" : "、") + w;
      ledger_history_row h;
      h.entry = e.id;
      h.at = now;
      h.who = who;
      if (status_changed) {
        ++r.status_changes;
        h.event = ledger_event::status_changed;
        h.from = before.status;
        h.to = e.status;
      } else {
        h.event = ledger_event::edited;
      }
      h.note = note.empty() ? std::string() : "修改：" + note;
      p_->write_event(h);
    }
    std::string input;
    if (!edits.empty()) input = edits.front().row.file;
    p_->write_update("import", 0, as_of, who, input);
    return r;
  });
}

std::vector<completion_rate> ledger::completion(int year, const std::string& as_of) const {
  return completion_rates(p_->all_entries(), year, as_of, p_->previous_as_of(year));
}

std::optional<std::string> normalise_date(std::string_view text) {
  std::string s = detail::trim(text);
  // 2025年6月30日 -> 2025-6-30
  for (const char* zh : {"年", "月"}) {
    for (std::size_t k; (k = s.find(zh)) != std::string::npos;) s.replace(k, std::string(zh).size(), "-");
  }
  if (const std::size_t k = s.find("日"); k != std::string::npos && k + std::string("日").size() == s.size())
    s.resize(k);
  for (char& c : s)
    if (c == '/' || c == '.') c = '-';
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  // only digits and two dashes
  int dashes = 0;
  for (char c : s) {
    if (c == '-') ++dashes;
    else if (c < '0' || c > '9') return std::nullopt;
  }
  if (dashes != 2 || y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) return std::nullopt;
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > days[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

std::string today_utc() { return now_utc().substr(0, 10); }

}  // namespace tijian
