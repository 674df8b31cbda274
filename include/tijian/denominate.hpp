// SPDX-License-Identifier: MIT
// Denomination (指标标准化 / 人均、地均、单位GDP): divides indicators by a size column so that
// large and small cities compare, e.g. green space per resident or emissions per unit of GDP.
// Declared in the framework: an indicator's `denominator` names a data column and its
// `scale_factor` s gives x' = x / (d / s) (COINr's Denominate, coinr.md §1; s = 1 by default).
// A missing denominator gives a missing value; so does a zero denominator (COINr gives Inf,
// which a panel cannot hold): both are counted in the records. Indicators without a denominator
// and every other column are copied unchanged.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "detail/prep.hpp"
#include "error.hpp"
#include "framework.hpp"
#include "panel.hpp"

namespace tijian {

/// What denomination did to one indicator (all periods together).
struct denomination_record {
  std::string indicator;
  std::string denominator;
  double scale_factor = 1.0;
  std::size_t cells = 0;                ///< values divided
  std::size_t missing_denominator = 0;  ///< present values made missing by a missing denominator
  std::size_t zero_denominator = 0;     ///< present values made missing by a zero denominator
};

struct denomination_result {
  panel data;
  std::vector<denomination_record> records;  ///< one per denominated indicator, framework order
};

namespace detail::denom {

/// d(row) for every row of `data`, read from `table` (matched by unit, and by period when the
/// table has several periods or its periods match the data's).
inline std::vector<double> lookup(const panel& data, const panel& table, const std::string& name,
                                  const std::string& indicator) {
  const Eigen::Index c = table.column(name);
  if (c < 0) {
    location l;
    l.file = table.source;
    l.indicator = indicator;
    throw data_error("data.denominator_missing",
                     "the framework divides this indicator by '" + name + "', which is not a column of the " +
                         (&table == &data ? std::string("data") : std::string("denominator table")) +
                         "; add the column or remove the denominator",
                     l);
  }
  std::vector<double> out(static_cast<std::size_t>(data.rows()), prep::nan);
  if (&table == &data) {
    for (Eigen::Index r = 0; r < data.rows(); ++r) out[static_cast<std::size_t>(r)] = data.values(r, c);
    return out;
  }
  std::map<std::pair<std::string, std::string>, Eigen::Index> by_unit_period;
  std::map<std::string, Eigen::Index> by_unit;
  for (Eigen::Index r = 0; r < table.rows(); ++r) {
    const std::string& u = table.units[static_cast<std::size_t>(r)];
    const std::string p = static_cast<std::size_t>(r) < table.periods.size()
                              ? table.periods[static_cast<std::size_t>(r)]
                              : std::string();
    by_unit_period[{u, p}] = r;
    by_unit[u] = r;
  }
  const bool one_period = table.distinct_periods().size() <= 1;
  for (Eigen::Index r = 0; r < data.rows(); ++r) {
    const std::string& u = data.units[static_cast<std::size_t>(r)];
    const std::string p = static_cast<std::size_t>(r) < data.periods.size()
                              ? data.periods[static_cast<std::size_t>(r)]
                              : std::string();
    auto it = by_unit_period.find({u, p});
    if (it != by_unit_period.end()) {
      out[static_cast<std::size_t>(r)] = table.values(it->second, c);
    } else if (one_period) {
      auto jt = by_unit.find(u);
      if (jt != by_unit.end()) out[static_cast<std::size_t>(r)] = table.values(jt->second, c);
    }
  }
  return out;
}

inline denomination_result run(const framework& fw, const panel& data, const panel& table) {
  denomination_result out;
  out.data = data;
  const std::vector<Eigen::Index> col = prep::leaf_columns(fw, data);
  std::map<std::string, std::vector<double>> cache;
  for (std::size_t k = 0; k < col.size(); ++k) {
    const node_spec& n = fw.node(fw.leaves()[k]);
    if (n.denominator.empty()) continue;
    auto it = cache.find(n.denominator);
    if (it == cache.end())
      it = cache.emplace(n.denominator, lookup(data, table, n.denominator, n.code)).first;
    const std::vector<double>& d = it->second;
    denomination_record rec;
    rec.indicator = n.code;
    rec.denominator = n.denominator;
    rec.scale_factor = n.scale_factor;
    for (Eigen::Index r = 0; r < data.rows(); ++r) {
      const double x = data.values(r, col[k]);
      if (std::isnan(x)) continue;
      const double den = d[static_cast<std::size_t>(r)];
      double y = prep::nan;
      if (std::isnan(den)) {
        ++rec.missing_denominator;
      } else if (den == 0) {
        ++rec.zero_denominator;
      } else {
        y = x / (den / n.scale_factor);
        ++rec.cells;
      }
      out.data.values(r, col[k]) = y;
    }
    out.records.push_back(std::move(rec));
  }
  return out;
}

}  // namespace detail::denom

/// Divides every indicator that has a denominator by that column of the same panel (COINr's
/// "Denominator" columns of iData). Throws data_error "data.denominator_missing" when the
/// column is absent, framework_error when an indicator has no column.
[[nodiscard]] inline denomination_result denominate(const framework& fw, const panel& data) {
  return detail::denom::run(fw, data, data);
}

/// The same with the denominators read from another table (COINr's `denoms`, e.g. World Bank
/// population and GDP), matched by unit code and period; a table with one period is matched by
/// unit code alone. Units the table lacks get missing values (counted as missing denominators).
[[nodiscard]] inline denomination_result denominate(const framework& fw, const panel& data,
                                                    const panel& denominators) {
  return detail::denom::run(fw, data, denominators);
}

}  // namespace tijian
