// SPDX-License-Identifier: MIT
// Panel data: indicator values for units (cities) in one or more periods (years). One row per
// (unit, period), one column per indicator, NaN for missing. Column-major, because normalisation
// and statistics are column operations. Also the one home of period logic: the order of period
// labels, the rows of each period, the (unit, period) -> row index and the year of a label,
// used by the scoring run, the check, the uncertainty analysis and data preparation.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>
#include <string>
#include <utility>
#include <vector>

#include "detail/column_hash.hpp"
#include "detail/hash.hpp"
#include "detail/text.hpp"
#include "error.hpp"

namespace tijian {

/// Periods are integer years. The label kept for a period cell: "" (the data has no period), the
/// year as written ("2023"), or a whole number written with a zero fraction ("2023.0",
/// "2023.00", as spreadsheets and pandas write a year column that has a gap) normalised to "2023",
/// so that 2023 and 2023.0 are one period. Anything else ("abc", "2023.5", "2023-Q1", "-1") is
/// data_error "data.period" at `where` (file and line of the cell). Years have one to four digits.
[[nodiscard]] inline std::string period_label(const std::string& text, location where) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  std::size_t end = digits;
  if (digits > 0 && end < text.size() && text[end] == '.') {
    std::size_t k = end + 1;
    while (k < text.size() && text[k] == '0') ++k;
    if (k == text.size()) return text.substr(0, digits);  // "2023.0" -> "2023"
  }
  if (text.empty() || (digits == text.size() && digits <= 4)) return text;
  where.period.clear();  // the message quotes it
  throw data_error("data.period",
                   "period '" + text +
                       "' is not a year; periods are integer years such as 2023 (2023.0 is read as 2023)",
                   where, "时期 '" + text + "' 不是年份；时期须为整数年份，如 2023（2023.0 按 2023 读取）");
}

/// Distinct labels of a period column, numerically ordered when they are all numbers, otherwise
/// lexically; {""} when there are none. Free so that a result's period labels use the same order.
[[nodiscard]] inline std::vector<std::string> distinct_periods(const std::vector<std::string>& periods) {
  std::set<std::string> distinct;
  const std::string* last = nullptr;
  for (const auto& s : periods) {
    if (last && s == *last) continue;  // runs of one period: skip the set lookup
    distinct.insert(s);
    last = &s;
  }
  std::vector<std::string> p(distinct.begin(), distinct.end());
  const bool numeric = std::all_of(p.begin(), p.end(), [](const std::string& s) {
    char* end = nullptr;
    std::strtod(s.c_str(), &end);
    return !s.empty() && end && *end == '\0';
  });
  if (numeric)
    std::sort(p.begin(), p.end(), [](const std::string& a, const std::string& b) {
      return std::strtod(a.c_str(), nullptr) < std::strtod(b.c_str(), nullptr);
    });
  if (p.empty()) p.emplace_back();
  return p;
}

/// Rows whose label in `periods` is `period`, in row order.
[[nodiscard]] inline std::vector<Eigen::Index> rows_of_period(const std::vector<std::string>& periods,
                                                              const std::string& period) {
  std::vector<Eigen::Index> out;
  for (std::size_t r = 0; r < periods.size(); ++r)
    if (periods[r] == period) out.push_back(static_cast<Eigen::Index>(r));
  return out;
}

struct panel {
  std::vector<std::string> units;       ///< unit code of each row
  std::vector<std::string> unit_names;  ///< unit name of each row (may be empty)
  std::vector<std::string> periods;     ///< period of each row; all "" when there is one period
  std::vector<std::string> indicators;  ///< code of each column
  /// Group columns (province, city size, ...): name -> label of each row.
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
  Eigen::MatrixXd values;  ///< rows x indicators, NaN = missing

  std::string source;              ///< file name, for messages
  std::vector<std::size_t> lines;  ///< source line of each row (empty or 0 = unknown)
  /// What the reader did that changed text into numbers beyond plain parsing (an encoding
  /// converted, thousands separators or a % sign removed under the lenient number rule, ...).
  /// The scoring run copies these into its diagnostics.
  std::vector<std::string> notes;
  std::vector<std::string> notes_zh;  ///< the same notes in Chinese (one per note)
  /// Columns of the source table that were not read into `values` because the framework does
  /// not know them (data_columns.hpp, unknown_columns = "ignore"): each is noted in the result.
  std::vector<std::string> left_out;

  [[nodiscard]] Eigen::Index rows() const noexcept { return values.rows(); }
  [[nodiscard]] Eigen::Index cols() const noexcept { return values.cols(); }

  [[nodiscard]] location where_row(std::size_t r) const {
    location l;
    l.file = source;
    if (r < lines.size()) l.line = lines[r];
    if (r < units.size()) l.unit = units[r];
    if (r < periods.size()) l.period = periods[r];
    return l;
  }

  /// Column of an indicator code, or -1.
  [[nodiscard]] Eigen::Index column(const std::string& code) const {
    auto it = std::find(indicators.begin(), indicators.end(), code);
    return it == indicators.end() ? -1 : static_cast<Eigen::Index>(it - indicators.begin());
  }

  /// Distinct periods (distinct_periods below).
  [[nodiscard]] std::vector<std::string> distinct_periods() const {
    return tijian::distinct_periods(periods);
  }

  /// Rows of one period, in row order.
  [[nodiscard]] std::vector<Eigen::Index> rows_of(const std::string& period) const {
    return rows_of_period(periods, period);
  }

  /// The one-pass proof that no unit appears twice in a period, for labels as they usually
  /// arrive: rows grouped by period (each period one run of rows) and, within a run, units in
  /// strictly increasing order, either bytewise (sorted text codes) or shorter-first
  /// (integers written in decimal, as an integer index arrives). Also false when a unit code is
  /// empty. False means "not proven": validate() then checks with a hash set and names the
  /// duplicate.
  [[nodiscard]] bool units_unique_by_runs() const {
    const auto shortlex_less = [](const std::string& a, const std::string& b) {
      return a.size() != b.size() ? a.size() < b.size() : a < b;
    };
    const auto bytewise_less = [](const std::string& a, const std::string& b) { return a < b; };
    const auto increasing = [this](auto less) {
      std::set<std::string> run_labels;  // each period must be one run of rows
      for (std::size_t r = 0; r < units.size(); ++r) {
        if (units[r].empty()) return false;
        if (r == 0 || periods[r] != periods[r - 1]) {
          if (!run_labels.insert(periods[r]).second) return false;
        } else if (!less(units[r - 1], units[r])) {
          return false;
        }
      }
      return true;
    };
    return increasing(shortlex_less) || increasing(bytewise_less);
  }

  /// Checks shapes and labels. Throws data_error for: label vectors whose length differs from
  /// the number of rows, an empty unit code, a unit listed twice in one period, a duplicated or
  /// empty indicator code, a period that is not an integer year (period_label), an infinite value
  /// or one beyond +-max_value.
  void validate() const {
    const auto n = static_cast<std::size_t>(values.rows());
    location file{source, 0, 0, {}, {}, {}, {}};
    if (units.size() != n)
      throw data_error("data.shape",
                       "panel has " + std::to_string(n) + " rows but " + std::to_string(units.size()) +
                           " unit codes",
                       file);
    if (!unit_names.empty() && unit_names.size() != n)
      throw data_error("data.shape", "unit_names has the wrong length", file);
    if (periods.size() != n)
      throw data_error("data.shape",
                       "panel has " + std::to_string(n) + " rows but " + std::to_string(periods.size()) +
                           " period labels",
                       file);
    if (indicators.size() != static_cast<std::size_t>(values.cols()))
      throw data_error("data.shape",
                       "panel has " + std::to_string(values.cols()) + " columns but " +
                           std::to_string(indicators.size()) + " indicator codes",
                       file);
    for (const auto& g : groups)
      if (g.second.size() != n)
        throw data_error("data.shape", "group column '" + g.first + "' has the wrong length", file);
    std::set<std::string> seen_ind;
    for (const auto& c : indicators) {
      if (c.empty()) throw data_error("data.empty_column_name", "an indicator column has no name", file);
      if (!seen_ind.insert(c).second) {
        location l = file;
        l.indicator = c;
        throw data_error("data.duplicate_column", "indicator column appears twice", l);
      }
    }
    if (!units_unique_by_runs()) {
      // the general case: (unit, period) keys in a hash set, which also names the first row of
      // a duplicate (a million rows take tens of milliseconds)
      std::unordered_map<std::string, std::size_t> seen_row;
      seen_row.reserve(n);
      std::string key;
      for (std::size_t r = 0; r < n; ++r) {
        if (units[r].empty()) throw data_error("data.empty_unit", "row has no unit code", where_row(r));
        key.assign(units[r]).append(1, '\x1f').append(periods[r]);
        auto [it, inserted] = seen_row.emplace(key, r);
        if (!inserted) {
          std::string msg = "unit appears twice in the same period";
          if (it->second < lines.size() && lines[it->second] > 0)
            msg += " (first at line " + std::to_string(lines[it->second]) + ")";
          throw data_error("data.duplicate_unit", msg, where_row(r));
        }
      }
    }
    // one check per run of equal labels (rows of one period usually come together)
    for (std::size_t r = 0; r < n; ++r)
      if (r == 0 || periods[r] != periods[r - 1]) {
        const std::string& label = periods[r];
        if (!label.empty() && period_label(label, where_row(r)) != label)
          throw data_error("data.period", "period '" + label + "' is not written as an integer year (2023)",
                           where_row(r), "时期 '" + label + "' 不是按整数年份（2023）写的");
      }
    for (Eigen::Index j = 0; j < values.cols(); ++j) {
      // a branch-free (vectorised) count per column; the rows are searched only when it fails.
      // |inf| > max_value holds and NaN compares false, so only inf and huge values count.
      const double* x = values.col(j).data();
      std::size_t beyond = 0;
      for (Eigen::Index i = 0; i < values.rows(); ++i) beyond += std::abs(x[i]) > max_value;
      if (beyond == 0) continue;
      for (Eigen::Index i = 0; i < values.rows(); ++i) {
        const double v = x[i];
        if (!(std::abs(v) > max_value)) continue;
        location l = where_row(static_cast<std::size_t>(i));
        l.indicator = indicators[static_cast<std::size_t>(j)];
        if (std::isinf(v))
          throw data_error("data.infinite", "value is infinite; use an empty cell for missing", l,
                           "值为无穷大；缺失值请留空");
        throw data_error(
            "data.out_of_range",
            "value " + detail::format_double(v) +
                " is beyond +-1e100, the range tijian computes with (sums of squares of larger "
                "values overflow); express the indicator in a larger unit",
            l,
            "值 " + detail::format_double(v) +
                " 超出 ±1e100（tijian 的计算范围，更大的值平方和会溢出）；请用更大的单位表示该指标");
      }
    }
  }

  /// The largest magnitude of an indicator value (validate()): 1e100, far beyond any measured
  /// quantity, so that sums, squares and ranges in every method stay finite.
  static constexpr double max_value = 1e100;

  /// Fingerprint of one value column (detail/column_hash.hpp). The scoring run takes it in the
  /// pass that fits the normalisation (fit_column) instead of a pass of its own.
  [[nodiscard]] static std::uint64_t column_hash(const double* x, Eigen::Index n) noexcept {
    std::uint64_t lane[4];
    detail::column_hash_start(lane);
    const Eigen::Index n4 = n & ~Eigen::Index{3};
    for (Eigen::Index i = 0; i < n4; i += 4)
      for (int k = 0; k < 4; ++k) lane[k] = detail::column_hash_step(lane[k], x[i + k]);
    for (Eigen::Index i = n4; i < n; ++i) lane[0] = detail::column_hash_step(lane[0], x[i]);
    return detail::column_hash_finish(lane);
  }

  /// Fingerprint of labels and values, as 16 hex digits. `known` may hold column hashes
  /// already computed (0 = not computed); the rest are computed here, in parallel over
  /// columns. The result does not depend on the thread count.
  [[nodiscard]] std::string hash(std::vector<std::uint64_t> known = {}) const {
    detail::fnv1a_hasher h;
    for (const auto& s : units) h.add(s);
    for (const auto& s : periods) h.add(s);
    for (const auto& s : indicators) h.add(s);
    known.resize(static_cast<std::size_t>(values.cols()), 0);
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (values.size() > 200000)
#endif
    for (Eigen::Index j = 0; j < values.cols(); ++j)
      if (known[static_cast<std::size_t>(j)] == 0)
        known[static_cast<std::size_t>(j)] = column_hash(values.col(j).data(), values.rows());
    for (std::uint64_t c : known) h.add(&c, sizeof c);
    return detail::hex(h.state);
  }
};

/// A single-period panel from a matrix and its labels.
[[nodiscard]] inline panel make_panel(std::vector<std::string> units, std::vector<std::string> indicators,
                                      Eigen::MatrixXd values) {
  panel p;
  p.periods.assign(units.size(), std::string());
  p.units = std::move(units);
  p.indicators = std::move(indicators);
  p.values = std::move(values);
  p.validate();
  return p;
}

// --- periods and rows: the one home of the lookups the scoring run, the check and the
// uncertainty analysis share; all order periods by distinct_periods.

namespace detail {

/// Rows of each period, in distinct_periods order (the scoring run fits and ranks per period).
struct period_rows {
  std::vector<std::string> labels;
  std::vector<std::vector<Eigen::Index>> rows;

  explicit period_rows(const panel& p) {
    labels = p.distinct_periods();
    std::map<std::string, std::size_t> pos;
    for (std::size_t k = 0; k < labels.size(); ++k) pos.emplace(labels[k], k);
    rows.assign(labels.size(), {});
    std::size_t last = 0;
    for (std::size_t r = 0; r < p.periods.size(); ++r) {
      // rows of one period usually come together: compare with the previous row's period first
      if (!(r > 0 && p.periods[r] == labels[last])) last = pos.at(p.periods[r]);
      rows[last].push_back(static_cast<Eigen::Index>(r));
    }
  }
  [[nodiscard]] const std::vector<Eigen::Index>* find(const std::string& label) const {
    for (std::size_t k = 0; k < labels.size(); ++k)
      if (labels[k] == label) return &rows[k];
    return nullptr;
  }
  [[nodiscard]] std::vector<Eigen::Index> all(Eigen::Index n) const {
    std::vector<Eigen::Index> out(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) out[static_cast<std::size_t>(i)] = i;
    return out;
  }
};

/// (unit, period) -> row of a panel or of a result's row labels; the first row wins if a unit
/// appears twice in a period.
struct panel_index {
  std::map<std::pair<std::string, std::string>, Eigen::Index> row;
  std::vector<std::string> periods;  ///< distinct, ordered
  panel_index(const std::vector<std::string>& units, const std::vector<std::string>& period_of_row)
      : periods(distinct_periods(period_of_row)) {
    for (std::size_t r = 0; r < units.size(); ++r)
      row.emplace(std::make_pair(units[r], period_of_row[r]), static_cast<Eigen::Index>(r));
  }
  explicit panel_index(const panel& p) : panel_index(p.units, p.periods) {}
  [[nodiscard]] Eigen::Index find(const std::string& unit, const std::string& period) const {
    auto it = row.find({unit, period});
    return it == row.end() ? -1 : it->second;
  }
};

/// Value of column `col` for (unit, period); NaN without the column or the row.
inline double value_at(const panel& p, const panel_index& ix, Eigen::Index col, const std::string& unit,
                       const std::string& period) {
  if (col < 0) return std::numeric_limits<double>::quiet_NaN();
  const Eigen::Index r = ix.find(unit, period);
  return r < 0 ? std::numeric_limits<double>::quiet_NaN() : p.values(r, col);
}

/// Leading integer of a period label ("2021", "2021Q2", "2021-06" -> 2021); 0 if none.
inline int period_year(const std::string& p) {
  std::size_t i = 0;
  while (i < p.size() && p[i] == ' ') ++i;
  int y = 0;
  std::size_t digits = 0;
  for (; i < p.size() && p[i] >= '0' && p[i] <= '9' && digits < 6; ++i, ++digits) y = y * 10 + (p[i] - '0');
  return digits >= 3 ? y : 0;
}

/// The period whose year is `year` (first such label in period order), or "".
inline std::string period_of_year(const panel_index& ix, int year) {
  for (const auto& p : ix.periods)
    if (period_year(p) == year) return p;
  return {};
}

}  // namespace detail

}  // namespace tijian
