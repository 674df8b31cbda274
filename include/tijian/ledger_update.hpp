// SPDX-License-Identifier: MIT
// How a year's check changes the ledger (ledger.hpp), as a pure function of the entries and the
// findings, and indicator 60 问题整治完成率. ledger::update runs reconcile() inside its
// transaction and writes what it returns; tests call it directly too.
//
// Matching: an entry and a found problem are the same problem when indicator, level and unit
// are equal (the handbook's 回头看 re-checks "problems already found" at their location).
//
//   found, no entry             -> a new entry (待整改), classes by the defaults of ledger.hpp
//   found, entry open           -> found again: sources, severity, value and target refreshed;
//                                  one step higher priority when found in a later year
//   found, entry closed         -> recurred (反弹): reopened as 待整改, priority 1
//   met at its location, open   -> resolved: 已销号, closed on the as-of date
//   otherwise                   -> unchanged (a producer that did not judge it says nothing)
//   then, every open entry:       overdue = deadline < as-of date;
//                                 督办 = overdue, or still 待整改 at a check of a later year
//                                 than the one that found it (untouched), or recurred now.
//
// Indicator 60 问题整治完成率 (HB25 l.2858-2878: "problems rectified / problems due, computed
// separately for 限时解决 and 尽力解决; 限时解决 problems not finished in time count as 未达标;
// 尽力解决 problems are judged by progress"). Which problems are due and when one counts as
// finished the handbook does not say; OURS, for the check of year Y on the as-of date D:
//   cohort   entries found before Y that were still open after the previous check (not closed
//            on or before `previous_as_of`, the as-of date of the latest update of a year < Y;
//            (Y-1)-12-31 when there was none)
//   限时解决  due = cohort entries with no deadline or a deadline <= D;
//            completed = closed on or before the deadline (no deadline: closed by D);
//            late = closed after the deadline (未达标)
//   尽力解决  due = all cohort entries; completed = closed by D; in progress is shown beside it
//   rate = completed / due (a ratio; NaN when nothing is due).
#pragma once

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "ledger.hpp"

namespace tijian {

/// What reconcile() decides: the entries to insert, the entries to rewrite, the events.
struct ledger_changes {
  std::vector<ledger_entry> created;
  std::vector<ledger_entry> changed;
  std::vector<ledger_history_row> events;
  update_report report;
};

namespace detail {

using ledger_key = std::tuple<std::string, national_level, std::string>;  // indicator, level, unit

inline ledger_key key_of(const std::string& indicator, const problem_location& w) {
  return {indicator, w.level, w.unit};
}

inline int default_priority(problem_type t, rectification_class c) {
  if (t == problem_type::bottom_line) return 1;
  return c == rectification_class::time_limited ? 2 : 3;
}

inline void add_source(std::vector<problem_origin>& sources, problem_origin s) {
  if (std::find(sources.begin(), sources.end(), s) == sources.end()) sources.push_back(s);
  std::sort(sources.begin(), sources.end());
}

/// "2024-0007"
inline std::string ledger_id(int year, int seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d-%04d", year, seq);
  return buf;
}

/// Refreshes what the check measured (value, target, severity, names) from a finding.
inline void refresh(ledger_entry& e, const found_problem& p) {
  add_source(e.sources, p.source);
  if (!std::isnan(p.severity)) e.severity = p.severity;
  if (!std::isnan(p.value)) e.value = p.value;
  if (!p.target.empty()) e.target = p.target;
  if (!p.problem.empty()) e.problem = p.problem;
  if (!p.survey_result.empty()) e.survey_result = p.survey_result;
  if (!p.where.unit_name.empty()) e.where.unit_name = p.where.unit_name;
  if (!std::isnan(p.where.longitude)) e.where.longitude = p.where.longitude;
  if (!std::isnan(p.where.latitude)) e.where.latitude = p.where.latitude;
  if (e.indicator_name.empty()) e.indicator_name = p.indicator_name;
  if (e.dimension.empty()) e.dimension = p.dimension;
  if (e.measure.empty()) e.measure = p.measure;
  if (p.bottom_line) e.type = problem_type::bottom_line;  // a bottom-line finding is never demoted
}

}  // namespace detail

/// The changes one producer's findings of one year make to the ledger (see the top of this
/// file). `now` is the time written into the events.
[[nodiscard]] inline ledger_changes reconcile(const std::vector<ledger_entry>& current,
                                              const ledger_findings& f, const update_options& o,
                                              const std::string& now) {
  ledger_changes out;
  const std::string as_of = o.as_of.empty() ? std::to_string(f.year) + "-12-31" : o.as_of;
  out.report.year = f.year;
  out.report.as_of = as_of;

  std::map<detail::ledger_key, std::size_t> index;
  int next_seq = 0;
  const std::string prefix = std::to_string(f.year) + "-";
  for (std::size_t i = 0; i < current.size(); ++i) {
    index[detail::key_of(current[i].indicator, current[i].where)] = i;
    if (current[i].id.compare(0, prefix.size(), prefix) == 0)
      next_seq = std::max(next_seq, std::atoi(current[i].id.c_str() + prefix.size()));
  }
  std::vector<ledger_entry> work = current;
  std::vector<char> touched(current.size(), 0);
  std::map<std::size_t, update_outcome> outcome;    // by index into work (existing) ...
  std::map<detail::ledger_key, std::size_t> fresh;  // ... and new entries, by key into created

  auto event = [&](const ledger_entry& e, ledger_event k, std::optional<ledger_status> from,
                   std::optional<ledger_status> to, std::string note) {
    ledger_history_row h;
    h.entry = e.id;
    h.at = now;
    h.year = f.year;
    h.who = o.who;
    h.event = k;
    h.from = from;
    h.to = to;
    h.note = std::move(note);
    out.events.push_back(std::move(h));
  };

  // 1. the problems found
  for (const found_problem& p : f.problems) {
    const auto key = detail::key_of(p.indicator, p.where);
    if (auto n = fresh.find(key); n != fresh.end()) {  // the same problem twice in one list
      detail::refresh(out.created[n->second], p);
      continue;
    }
    const auto it = index.find(key);
    if (it == index.end()) {
      ledger_entry e;
      e.id = detail::ledger_id(f.year, ++next_seq);
      e.where = p.where;
      e.indicator = p.indicator;
      e.indicator_name = p.indicator_name;
      e.dimension = p.dimension;
      e.measure = p.measure;
      e.year_found = f.year;
      e.type = p.bottom_line ? problem_type::bottom_line : problem_type::improvement;
      e.rectification = p.rectification.value_or(e.type == problem_type::bottom_line
                                                     ? rectification_class::time_limited
                                                     : rectification_class::best_effort);
      e.priority = detail::default_priority(e.type, e.rectification);
      e.renewal_plan = e.rectification == rectification_class::best_effort;
      detail::refresh(e, p);
      e.last_seen_year = e.last_checked_year = f.year;
      fresh[key] = out.created.size();
      event(e, ledger_event::created, std::nullopt, ledger_status::pending,
            std::string(label(p.source, true)) + (f.input.empty() ? "" : "：" + f.input));
      out.created.push_back(std::move(e));
      continue;
    }
    const std::size_t i = it->second;
    ledger_entry& e = work[i];
    if (touched[i]) {  // a second finding of the same problem in this list
      detail::refresh(e, p);
      continue;
    }
    touched[i] = 1;
    const bool later_year = f.year > e.last_seen_year;
    detail::refresh(e, p);
    if (e.status == ledger_status::closed) {
      const ledger_status was = e.status;
      e.status = ledger_status::pending;
      e.closed_on.clear();
      e.recurrences += 1;
      e.priority = 1;
      event(e, ledger_event::recurred, was, e.status,
            "销号后再次发现（第" + std::to_string(e.recurrences) + "次反弹）");
      outcome[i] = {e.id, ledger_event::recurred, was, e.status};
    } else {
      if (later_year && f.year > e.year_found) e.priority = std::max(1, e.priority - 1);
      event(e, ledger_event::found_again, e.status, e.status, "");
      outcome[i] = {e.id, ledger_event::found_again, e.status, e.status};
    }
    e.last_seen_year = std::max(e.last_seen_year, f.year);
    e.last_checked_year = std::max(e.last_checked_year, f.year);
  }

  // 2. targets met: open entries at their location are resolved
  for (const met_target& m : f.met) {
    const auto it = index.find({m.indicator, m.level, m.unit});
    if (it == index.end()) continue;
    const std::size_t i = it->second;
    ledger_entry& e = work[i];
    if (touched[i] || !e.open()) continue;  // found as a problem in the same list: not resolved
    touched[i] = 1;
    const ledger_status was = e.status;
    e.status = ledger_status::closed;
    e.closed_on = as_of;
    e.last_checked_year = std::max(e.last_checked_year, f.year);
    event(e, ledger_event::resolved, was, e.status, std::to_string(f.year) + "年体检达标");
    outcome[i] = {e.id, ledger_event::resolved, was, e.status};
  }

  // 3. every open entry: overdue and 督办
  auto flag = [&](ledger_entry& e, bool recurred_now) {
    const bool was_overdue = e.overdue;
    e.overdue = e.open() && !e.deadline.empty() && e.deadline < as_of;
    const bool untouched = e.status == ledger_status::pending && f.year > e.year_found && !recurred_now;
    std::string reason;
    auto add = [&reason](const char* r) { reason += reason.empty() ? r : std::string("；") + r; };
    if (e.overdue) add("逾期未完成");
    if (untouched) add("未启动整改");
    if (recurred_now) add("问题反弹");
    e.supervise = e.open() && !reason.empty();
    e.supervise_reason = e.supervise ? reason : std::string();
    return e.overdue && !was_overdue;
  };
  for (std::size_t i = 0; i < work.size(); ++i) {
    ledger_entry& e = work[i];
    const auto o_it = outcome.find(i);
    const bool recurred_now = o_it != outcome.end() && o_it->second.outcome == ledger_event::recurred;
    const bool before = e.overdue, before_s = e.supervise;
    const std::string before_r = e.supervise_reason;
    const bool newly_overdue = flag(e, recurred_now);
    if (newly_overdue) event(e, ledger_event::overdue, e.status, e.status, "整改期限 " + e.deadline);
    if (newly_overdue && o_it == outcome.end())
      outcome[i] = {e.id, ledger_event::overdue, e.status, e.status};
    if (o_it != outcome.end() || before != e.overdue || before_s != e.supervise ||
        before_r != e.supervise_reason)
      touched[i] = 1;
  }
  for (auto& e : out.created) flag(e, false);

  // 4. the report
  for (std::size_t i = 0; i < work.size(); ++i)
    if (touched[i]) out.changed.push_back(work[i]);
  for (auto& [i, u] : outcome) {
    u.overdue = work[i].overdue;
    u.supervise = work[i].supervise;
    out.report.outcomes.push_back(u);
  }
  for (std::size_t i = 0; i < work.size(); ++i)  // flagged without another outcome: 督办 only
    if (work[i].supervise && !outcome.count(i))
      out.report.outcomes.push_back(
          {work[i].id, ledger_event::supervised, work[i].status, work[i].status, work[i].overdue, true});
  for (const auto& e : out.created)
    out.report.outcomes.push_back(
        {e.id, ledger_event::created, std::nullopt, e.status, e.overdue, e.supervise});
  std::sort(out.report.outcomes.begin(), out.report.outcomes.end(),
            [](const update_outcome& a, const update_outcome& b) { return a.id < b.id; });
  for (const auto& u : out.report.outcomes) {
    switch (u.outcome) {
      case ledger_event::created: ++out.report.created; break;
      case ledger_event::found_again: ++out.report.found_again; break;
      case ledger_event::resolved: ++out.report.resolved; break;
      case ledger_event::recurred: ++out.report.recurred; break;
      default: break;
    }
    out.report.overdue += u.overdue;
    out.report.supervise += u.supervise;
  }
  return out;
}

/// Indicator 60 per class for the check of `year` on `as_of` ("" = <year>-12-31), given the
/// as-of date of the previous check ("" = (year-1)-12-31). See the top of this file.
[[nodiscard]] inline std::vector<completion_rate> completion_rates(const std::vector<ledger_entry>& entries,
                                                                   int year, std::string as_of = {},
                                                                   std::string previous_as_of = {}) {
  if (as_of.empty()) as_of = std::to_string(year) + "-12-31";
  if (previous_as_of.empty()) previous_as_of = std::to_string(year - 1) + "-12-31";
  std::vector<completion_rate> out;
  for (const auto c : {rectification_class::time_limited, rectification_class::best_effort}) {
    completion_rate r;
    r.rectification = c;
    r.year = year;
    for (const auto& e : entries) {
      if (e.rectification != c || e.year_found >= year) continue;
      const bool closed_before = !e.open() && !e.closed_on.empty() && e.closed_on <= previous_as_of;
      if (closed_before) continue;  // resolved by or before the previous check: last year's count
      const bool closed_now = !e.open() && !e.closed_on.empty() && e.closed_on <= as_of;
      if (c == rectification_class::time_limited) {
        if (!e.deadline.empty() && e.deadline > as_of) continue;  // not yet due
        ++r.due;
        if (closed_now && (e.deadline.empty() || e.closed_on <= e.deadline)) ++r.completed;
        else if (closed_now) ++r.late;
      } else {
        ++r.due;
        if (closed_now) ++r.completed;
      }
      if (e.status == ledger_status::in_progress) ++r.in_progress;
    }
    r.rate = r.due > 0 ? static_cast<double>(r.completed) / static_cast<double>(r.due)
                       : std::numeric_limits<double>::quiet_NaN();
    out.push_back(r);
  }
  return out;
}

}  // namespace tijian
