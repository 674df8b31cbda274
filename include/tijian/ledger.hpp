// SPDX-License-Identifier: MIT
// The problem-to-task ledger (问题台账 → 整治任务), kept across years in one SQLite file.
//
// Every problem a check finds (the city's self-check, the third-party check, the resident
// survey) becomes an entry located at one level and unit (城区 / 街区 / 小区（社区）/ 住房), with
// the responsible unit (责任单位), the measure (整治措施), a deadline, a status and the evidence,
// and the handbook's classes: 底线型 / 提升型 and 限时解决 / 尽力解决, the 整治优先级 and whether
// it enters next year's renewal plan (是否纳入下一年更新整治计划). Every change of status is kept
// in a history (who, when, what), so that last year's problems can be looked back on (回头看).
//
// What the handbook states and what is ours
//   Stated (MOHURD 《城市体检工作手册（试行）》 2025, ../shared/reference/national-city-health-
//   check-2025.md §4): the levels; the 问题清单 and 整治建议清单 columns (ledger_tables.hpp);
//   底线型 (safety: 一票否决) and 提升型; every problem 限时解决 or 尽力解决; long-unresolved
//   problems get a higher priority; 回头看; slow or untouched items get a 问题整治督办单;
//   indicator 60 问题整治完成率 per class (限时 problems not finished in time are 未达标).
//   OURS (the handbook defines no record schema, status list or 销号 rule):
//   - the statuses 待整改 (pending) / 整改中 (in progress) / 已销号 (closed);
//   - 销号: an entry is closed either by a later check in which its indicator meets its target
//     at its location (the check's state `met`), or by the team's edited sheet setting 已销号
//     with evidence (佐证材料; closing without evidence is refused);
//   - 反弹 (recurred): a closed entry whose indicator and location are found again; it is
//     reopened as 待整改 (the same id, so its history stays together);
//   - overdue: open on the as-of date and past its deadline;
//   - 督办 (flagged for a 问题整治督办单): open and overdue, or still 待整改 at a check of a
//     later year than the one that found it (untouched), or recurred;
//   - the default classes of a new entry: 底线型 when the check marks the indicator bottom-line,
//     else 提升型; 限时解决 for 底线型, 尽力解决 otherwise; renewal plan: yes for 尽力解决;
//   - 整治优先级 1 (highest) to 3: 1 for 底线型, 2 for other 限时解决, 3 for 尽力解决; one step
//     higher at each check of a later year that finds the entry still open, and 1 when it
//     recurs ("long-unresolved problems get a higher priority");
//   - indicator 60 (ledger_update.hpp).
//
// The SQLite file (schema version 1, PRAGMA application_id 'tjlg')
//   schema_version(version)     one row; a newer file is refused, an older one migrated
//   entries(...)                one row per entry; (indicator, level, unit) is unique
//   history(...)                one row per event of an entry
//   updates(...)                one row per update or import applied
// Every update and import runs in one transaction begun with BEGIN IMMEDIATE (the write lock is
// taken before anything is read, so two processes updating the same ledger serialise and lose no
// update) and waits up to `busy_timeout_ms` for another process's lock. A process killed in the
// middle leaves the file as it was (SQLite's rollback journal).
//
// Compiled in src/io/ledger.cpp (the only translation unit that includes sqlite3.h).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"
#include "names.hpp"
#include "national_levels.hpp"  // national_level (a location's level), problem_type
#include "problem_origin.hpp"

namespace tijian {

/// The status of an entry (ours: the handbook defines none).
enum class ledger_status { pending, in_progress, closed };

template <>
struct enum_names<ledger_status> {
  static constexpr const char* what = "ledger status";
  static constexpr enum_name<ledger_status> entries[] = {
      {ledger_status::pending, "pending", "待整改", "pending"},
      {ledger_status::in_progress, "in_progress", "整改中", "in progress"},
      {ledger_status::closed, "closed", "已销号", "closed"},
  };
};


/// 限时解决 (safety, health, strong public concern: 立行立改) or 尽力解决 (medium- or long-term).
enum class rectification_class { time_limited, best_effort };

template <>
struct enum_names<rectification_class> {
  static constexpr const char* what = "rectification class";
  static constexpr enum_name<rectification_class> entries[] = {
      {rectification_class::time_limited, "time_limited", "限时解决", "time-limited"},
      {rectification_class::best_effort, "best_effort", "尽力解决", "best effort"},
  };
};

/// What happened to an entry (its history, and the outcome of an update).
enum class ledger_event {
  created,
  found_again,
  resolved,
  recurred,
  overdue,
  supervised,
  status_changed,
  edited
};

template <>
struct enum_names<ledger_event> {
  static constexpr const char* what = "ledger event";
  static constexpr enum_name<ledger_event> entries[] = {
      {ledger_event::created, "created", "新增问题", "new problem"},
      {ledger_event::found_again, "found_again", "再次发现（未整改完成）", "found again, still open"},
      {ledger_event::resolved, "resolved", "复检达标销号", "resolved: the check finds the target met"},
      {ledger_event::recurred, "recurred", "问题反弹", "recurred after closing"},
      {ledger_event::overdue, "overdue", "逾期未完成", "overdue"},
      {ledger_event::supervised, "supervised", "列入督办", "flagged for supervision"},
      {ledger_event::status_changed, "status_changed", "状态变更", "status changed"},
      {ledger_event::edited, "edited", "信息修改", "edited"},
  };
};

/// Where a problem is: the level and the unit's code (the check's `unit`), its name, and
/// optional coordinates (longitude, latitude in degrees; NaN when not given).
struct problem_location {
  national_level level = national_level::district;
  std::string unit;
  std::string unit_name;
  double longitude = std::numeric_limits<double>::quiet_NaN();
  double latitude = std::numeric_limits<double>::quiet_NaN();
};

/// One ledger entry.
struct ledger_entry {
  std::string id;  ///< "<year found>-<4-digit sequence>", e.g. 2024-0003; never reused
  problem_location where;
  std::string indicator, indicator_name, dimension, measure;   ///< code, Chinese name, dimension, unit
  std::vector<problem_origin> sources;                         ///< every source that found it
  double severity = std::numeric_limits<double>::quiet_NaN();  ///< the check's relative gap (ratio)
  double value = std::numeric_limits<double>::quiet_NaN();     ///< 体检结果 / 指标值 when found last
  std::string target;                                          ///< the target as the check wrote it (Chinese)
  std::string problem;        ///< 存在问题 (a description; the check's gap when none is given)
  std::string survey_result;  ///< 居民问卷指标及评价结果 (the 城区 list's column), if any
  int year_found = 0;
  int last_seen_year = 0;     ///< the latest check that found it
  int last_checked_year = 0;  ///< the latest update that judged it (found, met or not)
  std::string responsible;    ///< 责任单位
  std::string remedy;         ///< 整治措施 / 整治建议
  std::string deadline;       ///< YYYY-MM-DD, empty = none
  ledger_status status = ledger_status::pending;
  std::string closed_on;  ///< YYYY-MM-DD of the latest closing, empty while open
  std::string evidence;   ///< 佐证材料
  problem_type type = problem_type::improvement;
  rectification_class rectification = rectification_class::best_effort;
  int priority = 3;              ///< 整治优先级, 1 = highest
  bool renewal_plan = false;     ///< 是否纳入下一年更新整治计划
  int recurrences = 0;           ///< times it came back after closing
  bool overdue = false;          ///< open and past its deadline at the latest update
  bool supervise = false;        ///< flagged for a 问题整治督办单 at the latest update
  std::string supervise_reason;  ///< why (Chinese), empty when not flagged

  [[nodiscard]] bool open() const noexcept { return status != ledger_status::closed; }
};

/// One event of an entry's history.
struct ledger_history_row {
  std::int64_t seq = 0;
  std::string entry;
  std::string at;  ///< UTC time the event was written, ISO 8601
  int year = 0;    ///< the check year of an update; 0 for an import
  std::string who;
  ledger_event event = ledger_event::edited;
  std::optional<ledger_status> from, to;
  std::string note;
};

/// A problem one producer found in one year, read from its problem table (ledger_input.hpp).
struct found_problem {
  problem_location where;
  std::string indicator, indicator_name, dimension, measure;
  problem_origin source = problem_origin::self_check;
  double severity = std::numeric_limits<double>::quiet_NaN();
  double value = std::numeric_limits<double>::quiet_NaN();
  std::string target, problem, survey_result;
  bool bottom_line = false;
  std::optional<rectification_class> rectification;  ///< when the producer says
  location row;                                      ///< where it was read, for messages
};

/// A target the check judged met at a location (the check's status table, state `met`): an open
/// entry of that indicator and location is resolved.
struct met_target {
  national_level level = national_level::district;
  std::string unit, indicator;
};

/// What one producer's check of one year says: its problems, and (from the check's status
/// table) which indicators meet their targets where. A producer without a status table (the
/// survey) resolves nothing.
struct ledger_findings {
  int year = 0;
  std::string input;  ///< the file(s) read, recorded in the updates table
  std::vector<found_problem> problems;
  std::vector<met_target> met;
};

struct ledger_options {
  int busy_timeout_ms = 30000;  ///< how long to wait for another process's write lock
};

struct update_options {
  std::string as_of;  ///< YYYY-MM-DD the check is made (overdue is judged on it); "" = <year>-12-31
  std::string who = "tijian";
};

/// One entry's outcome of an update.
struct update_outcome {
  std::string id;
  ledger_event outcome = ledger_event::found_again;
  std::optional<ledger_status> from, to;
  bool overdue = false, supervise = false;
};

/// Indicator 60 问题整治完成率 for one class (ledger_update.hpp says how it is counted).
struct completion_rate {
  rectification_class rectification = rectification_class::time_limited;
  int year = 0;
  std::int64_t due = 0;          ///< denominator
  std::int64_t completed = 0;    ///< numerator
  std::int64_t in_progress = 0;  ///< of the due ones not completed: 整改中
  std::int64_t late = 0;         ///< 限时解决: closed, but after the deadline (未达标)
  double rate = std::numeric_limits<double>::quiet_NaN();  ///< completed / due (ratio)
};

struct update_report {
  int year = 0;
  std::string as_of;
  std::vector<update_outcome> outcomes;  ///< every entry the update touched or flagged
  std::vector<completion_rate> completion;
  std::int64_t created = 0, found_again = 0, resolved = 0, recurred = 0, overdue = 0, supervise = 0;
};

/// One row of the team's edited sheet (ledger_input.hpp reads and validates it).
struct ledger_edit {
  std::string id;
  location row;  ///< where the row is (its id cell), for messages
  std::optional<ledger_status> status;
  location status_where;
  std::optional<std::string> responsible, remedy, deadline, evidence;
  std::optional<rectification_class> rectification;
  std::optional<int> priority;
  std::optional<bool> renewal_plan;
  // the location columns as the sheet has them, checked against the ledger (never changed)
  std::optional<std::string> level_cell, unit_cell, indicator_cell;
  location level_where, unit_where, indicator_where;
};

struct import_report {
  std::int64_t rows = 0, changed = 0, status_changes = 0;
};

/// Which entries to list or export.
struct ledger_filter {
  std::optional<national_level> level;
  std::optional<ledger_status> status;
  std::optional<int> year_found;
  bool open_only = false, overdue_only = false, supervise_only = false;
};

/// A ledger file. Opening checks that the file is a tijian ledger of a schema this library
/// reads (error "ledger.not_a_ledger", "ledger.version"); create() makes a new one.
class ledger {
 public:
  /// Creates a new ledger at `path` (error "ledger.exists" if the file exists and is not an
  /// empty ledger) and opens it.
  static ledger create(const std::string& path, const ledger_options& options = {});
  /// Opens an existing ledger (error "ledger.missing" when there is no such file).
  explicit ledger(const std::string& path, const ledger_options& options = {});
  ~ledger();
  ledger(ledger&&) noexcept;
  ledger& operator=(ledger&&) noexcept;
  ledger(const ledger&) = delete;
  ledger& operator=(const ledger&) = delete;

  [[nodiscard]] const std::string& path() const noexcept;
  [[nodiscard]] int schema_version() const;

  [[nodiscard]] std::vector<ledger_entry> entries(const ledger_filter& filter = {}) const;
  /// The history, of one entry or (empty id) of all, in order.
  [[nodiscard]] std::vector<ledger_history_row> history(const std::string& entry = {}) const;

  /// Applies one producer's findings of one year (ledger_update.hpp), in one transaction.
  update_report update(const ledger_findings& findings, const update_options& options = {});

  /// Applies the team's edits (validated against the ledger first: an unknown id, a changed
  /// location, closing without evidence is an error naming the row and column, and nothing is
  /// changed), in one transaction. `as_of` is the date recorded for closing ("" = today, UTC).
  import_report apply_edits(const std::vector<ledger_edit>& edits, const std::string& who = "tijian",
                            const std::string& as_of = {});

  /// Indicator 60 per class for the check of `year` on `as_of` ("" = <year>-12-31).
  [[nodiscard]] std::vector<completion_rate> completion(int year, const std::string& as_of = {}) const;

 private:
  struct impl;
  std::unique_ptr<impl> p_;
  explicit ledger(std::unique_ptr<impl> p);
};

// --- dates (YYYY-MM-DD): the ledger's only date format ---------------------------------------

/// The date `text` names as YYYY-MM-DD, accepting 2025-06-30, 2025/6/30, 2025.6.30 and
/// 2025年6月30日; nullopt when it is not a real calendar date.
[[nodiscard]] std::optional<std::string> normalise_date(std::string_view text);

/// Today's date, UTC, as YYYY-MM-DD.
[[nodiscard]] std::string today_utc();

}  // namespace tijian
