// SPDX-License-Identifier: MIT
// Internal helpers shared by the data-preparation steps (denominate, screen, impute, treat) and
// the indicator statistics: rows of each period, the data column of every framework indicator,
// plain order statistics. Not a stable API.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "../error.hpp"
#include "../framework.hpp"
#include "../panel.hpp"
#include "text.hpp"

namespace tijian::detail::prep {

inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// (period label, rows of that period) in the panel's period order. A panel whose `periods`
/// vector is empty is one period "".
inline std::vector<std::pair<std::string, std::vector<Eigen::Index>>> rows_by_period(const panel& p) {
  std::vector<std::pair<std::string, std::vector<Eigen::Index>>> out;
  if (p.periods.size() != static_cast<std::size_t>(p.rows())) {
    std::vector<Eigen::Index> all(static_cast<std::size_t>(p.rows()));
    for (Eigen::Index i = 0; i < p.rows(); ++i) all[static_cast<std::size_t>(i)] = i;
    out.emplace_back(std::string(), std::move(all));
    return out;
  }
  const period_rows by(p);
  for (std::size_t k = 0; k < by.labels.size(); ++k) out.emplace_back(by.labels[k], by.rows[k]);
  return out;
}

/// Panel column of every framework leaf (in fw.leaves() order). Throws framework_error
/// "framework.indicator_without_data" naming the indicator when a leaf has no column.
inline std::vector<Eigen::Index> leaf_columns(const framework& fw, const panel& data) {
  std::vector<Eigen::Index> col(fw.leaves().size(), -1);
  for (std::size_t k = 0; k < fw.leaves().size(); ++k) {
    const node_spec& n = fw.node(fw.leaves()[k]);
    col[k] = data.column(n.code);
    if (col[k] < 0) {
      location l = n.where;
      if (l.file.empty()) l.file = fw.source();
      l.node = n.code;
      throw framework_error("framework.indicator_without_data",
                            "indicator has no column in the data" +
                                (data.source.empty() ? std::string() : " '" + data.source + "'") +
                                ": add a column named '" + n.code + "' (empty cells for missing)",
                            l);
    }
  }
  return col;
}

/// Mean of the finite values; NaN when there are none.
inline double mean_of(const std::vector<double>& v) {
  if (v.empty()) return nan;
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

/// Median (mean of the two middle values for an even count); NaN for an empty vector.
inline double median_of(std::vector<double> v) {
  if (v.empty()) return nan;
  const std::size_t n = v.size();
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n / 2), v.end());
  const double hi = v[n / 2];
  if (n % 2 == 1) return hi;
  const double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n / 2));
  return lo + (hi - lo) / 2;
}

/// Quantile by linear interpolation between order statistics (R's default, type 7):
/// h = (n - 1) p, q = x_(floor h) + (h - floor h) (x_(floor h + 1) - x_(floor h)).
inline double quantile_type7(std::vector<double> v, double p) {
  if (v.empty()) return nan;
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

/// A group label that means "no group": empty, or a missing-value token (NA, NaN, null, -).
inline bool is_missing_label(const std::string& s) {
  const std::string t = lower(trim(s));
  return t.empty() || t == "na" || t == "n/a" || t == "#n/a" || t == "nan" || t == "null" || t == "-";
}

/// The ancestor of a leaf at `level` (COINr levels: indicators 1): the lowest ancestor whose
/// level is at least `level` (the root when `level` exceeds the framework's height).
inline std::size_t group_of(const framework& fw, std::size_t node, int level) {
  std::size_t k = node;
  while (fw.parent(k) != framework::npos && fw.level(k) < level) k = fw.parent(k);
  return k;
}

/// Leaf positions (in fw.leaves() order) grouped by their ancestor at `level`, in pre-order of
/// the groups.
inline std::vector<std::pair<std::size_t, std::vector<std::size_t>>> leaves_by_group(const framework& fw,
                                                                                     int level) {
  std::vector<std::pair<std::size_t, std::vector<std::size_t>>> out;
  for (std::size_t k = 0; k < fw.leaves().size(); ++k) {
    const std::size_t g = group_of(fw, fw.leaves()[k], level);
    auto it = std::find_if(out.begin(), out.end(), [g](const auto& e) { return e.first == g; });
    if (it == out.end()) {
      out.emplace_back(g, std::vector<std::size_t>{});
      it = out.end() - 1;
    }
    it->second.push_back(k);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

}  // namespace tijian::detail::prep
