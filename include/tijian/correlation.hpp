// SPDX-License-Identifier: MIT
// Correlations of a matrix's columns, pairwise complete: Pearson, Spearman (Pearson on average
// ranks) and Kendall tau-b. Used by CRITIC weights (weights.hpp) and indicator statistics
// (stats.hpp).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "names.hpp"
#include "detail/text.hpp"
#include "linalg.hpp"

namespace tijian {

enum class correlation_kind { pearson, spearman, kendall };

template <>
struct enum_names<correlation_kind> {
  static constexpr const char* what = "correlation";
  static constexpr enum_name<correlation_kind> entries[] = {
      {correlation_kind::pearson, "pearson", "皮尔逊相关", "Pearson"},
      {correlation_kind::spearman, "spearman", "斯皮尔曼秩相关", "Spearman"},
      {correlation_kind::kendall, "kendall", "肯德尔秩相关", "Kendall"},
  };
};

namespace detail::corr {

inline constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
inline constexpr double k_inf = std::numeric_limits<double>::infinity();

using index_matrix = Eigen::Matrix<Eigen::Index, Eigen::Dynamic, Eigen::Dynamic>;

/// Correlations with the number of rows each pair shares.
struct pairwise_correlation {
  Eigen::MatrixXd r;  ///< NaN where undefined
  index_matrix n;     ///< rows where both columns are finite; n(j, j) = count of column j
};

/// Pearson r from centred sums over n rows; NaN when n < 2 or either side is constant.
inline double pearson_from_sums(double n, double sa, double sb, double saa, double sbb, double sab,
                                bool a_constant, bool b_constant) {
  if (n < 2 || a_constant || b_constant) return k_nan;
  const double va = saa - sa * sa / n, vb = sbb - sb * sb / n, cov = sab - sa * sb / n;
  if (!(va > 0) || !(vb > 0)) return k_nan;
  return std::clamp(cov / std::sqrt(va * vb), -1.0, 1.0);
}

/// Pairwise-complete Pearson correlation. Non-finite cells are missing. Each column is centred
/// on its non-missing value nearest its mean (so a constant column's deviations are exactly 0).
/// Rows without any missing cell go through blocked symmetric rank updates; rows with a missing
/// cell are added pair by pair.
inline pairwise_correlation pearson_pairwise(const Eigen::Ref<const Eigen::MatrixXd>& X) {
  const Eigen::Index rows = X.rows(), m = X.cols();
  pairwise_correlation out;
  out.r = Eigen::MatrixXd::Constant(m, m, k_nan);
  out.n = index_matrix::Zero(m, m);
  std::vector<char> incomplete(static_cast<std::size_t>(rows), 0);
  Eigen::VectorXd centre = Eigen::VectorXd::Zero(m);
  for (Eigen::Index j = 0; j < m; ++j) {
    const double* x = X.col(j).data();
    double sum = 0;
    Eigen::Index cnt = 0;
    for (Eigen::Index r = 0; r < rows; ++r) {
      if (std::isfinite(x[r])) {
        sum += x[r];
        ++cnt;
      } else {
        incomplete[static_cast<std::size_t>(r)] = 1;
      }
    }
    if (cnt == 0) continue;
    const double mean = sum / static_cast<double>(cnt);
    double best = k_inf;
    for (Eigen::Index r = 0; r < rows; ++r) {
      if (!std::isfinite(x[r])) continue;
      const double gap = std::fabs(x[r] - mean);
      if (gap < best) {
        best = gap;
        centre(j) = x[r];
      }
    }
  }
  std::vector<Eigen::Index> complete, partial;
  for (Eigen::Index r = 0; r < rows; ++r)
    (incomplete[static_cast<std::size_t>(r)] ? partial : complete).push_back(r);
  const linalg::gram_sums g = linalg::centred_gram(X, complete, centre);
  const auto nc = static_cast<double>(complete.size());
  for (Eigen::Index j = 0; j < m; ++j) {
    for (Eigen::Index k = 0; k <= j; ++k) {
      double n = nc, sa = g.s(j), sb = g.s(k), saa = g.q(j, j), sbb = g.q(k, k), sab = g.q(j, k);
      double alo = g.lo(j), ahi = g.hi(j), blo = g.lo(k), bhi = g.hi(k);
      const double* xa = X.col(j).data();
      const double* xb = X.col(k).data();
      for (const Eigen::Index r : partial) {
        const double a = xa[r], b = xb[r];
        if (!std::isfinite(a) || !std::isfinite(b)) continue;
        n += 1;
        const double da = a - centre(j), db = b - centre(k);
        sa += da;
        sb += db;
        saa += da * da;
        sbb += db * db;
        sab += da * db;
        alo = std::min(alo, a);
        ahi = std::max(ahi, a);
        blo = std::min(blo, b);
        bhi = std::max(bhi, b);
      }
      const auto cnt = static_cast<Eigen::Index>(n);
      out.n(j, k) = out.n(k, j) = cnt;
      double r = k_nan;
      if (j == k) r = (cnt >= 2 && alo < ahi) ? 1.0 : k_nan;
      else r = pearson_from_sums(n, sa, sb, saa, sbb, sab, !(alo < ahi), !(blo < bhi));
      out.r(j, k) = out.r(k, j) = r;
    }
  }
  return out;
}

/// Pearson r of two equal-length vectors (two passes); NaN if either is constant or n < 2.
inline double pearson_of(const std::vector<double>& a, const std::vector<double>& b) {
  const std::size_t n = a.size();
  if (n < 2) return k_nan;
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    ma += a[i];
    mb += b[i];
  }
  ma /= static_cast<double>(n);
  mb /= static_cast<double>(n);
  double saa = 0, sbb = 0, sab = 0;
  bool a_var = false, b_var = false;
  for (std::size_t i = 0; i < n; ++i) {
    const double da = a[i] - ma, db = b[i] - mb;
    saa += da * da;
    sbb += db * db;
    sab += da * db;
    a_var = a_var || a[i] != a[0];
    b_var = b_var || b[i] != b[0];
  }
  if (!a_var || !b_var || !(saa > 0) || !(sbb > 0)) return k_nan;
  return std::clamp(sab / std::sqrt(saa * sbb), -1.0, 1.0);
}

/// Average ranks (1 = lowest; ties share the mean of their positions, as scipy's rankdata) of
/// values[rows[i]], written to out[rows[i]]. `order` is a reusable buffer.
inline void average_ranks(const double* values, const Eigen::Index* rows, std::size_t n, double* out,
                          std::vector<std::pair<double, Eigen::Index>>& order) {
  order.clear();
  for (std::size_t i = 0; i < n; ++i) {
    const Eigen::Index r = rows ? rows[i] : static_cast<Eigen::Index>(i);
    order.emplace_back(values[r], r);
  }
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i + 1;
    while (j < order.size() && order[j].first == order[i].first) ++j;
    const double rank = 0.5 * static_cast<double>(i + 1 + j);
    for (std::size_t k = i; k < j; ++k) out[order[k].second] = rank;
    i = j;
  }
}

/// Average ranks of v in place.
inline void average_ranks_inplace(std::vector<double>& v,
                                  std::vector<std::pair<double, Eigen::Index>>& order) {
  std::vector<double> out(v.size());
  average_ranks(v.data(), nullptr, v.size(), out.data(), order);
  v.swap(out);
}

/// The finite (a, b) pairs of columns j and k.
inline void gather_pairs(const Eigen::Ref<const Eigen::MatrixXd>& X, Eigen::Index j, Eigen::Index k,
                         std::vector<double>& a, std::vector<double>& b) {
  a.clear();
  b.clear();
  const double* xa = X.col(j).data();
  const double* xb = X.col(k).data();
  for (Eigen::Index r = 0; r < X.rows(); ++r) {
    if (std::isfinite(xa[r]) && std::isfinite(xb[r])) {
      a.push_back(xa[r]);
      b.push_back(xb[r]);
    }
  }
}

/// Spearman: Pearson on average ranks. Each column is ranked once over its finite values; a
/// pair whose shared rows are fewer than either column's values is re-ranked on the shared rows.
inline pairwise_correlation spearman_pairwise(const Eigen::Ref<const Eigen::MatrixXd>& X) {
  const Eigen::Index rows = X.rows(), m = X.cols();
  Eigen::MatrixXd R = Eigen::MatrixXd::Constant(rows, m, k_nan);
  std::vector<std::pair<double, Eigen::Index>> order;
  std::vector<Eigen::Index> finite_rows;
  for (Eigen::Index j = 0; j < m; ++j) {
    finite_rows.clear();
    const double* x = X.col(j).data();
    for (Eigen::Index r = 0; r < rows; ++r)
      if (std::isfinite(x[r])) finite_rows.push_back(r);
    average_ranks(x, finite_rows.data(), finite_rows.size(), R.col(j).data(), order);
  }
  pairwise_correlation out = pearson_pairwise(R);
  std::vector<double> a, b;
  for (Eigen::Index j = 0; j < m; ++j) {
    for (Eigen::Index k = 0; k < j; ++k) {
      if (out.n(j, k) == out.n(j, j) && out.n(j, k) == out.n(k, k)) continue;
      gather_pairs(X, j, k, a, b);
      average_ranks_inplace(a, order);
      average_ranks_inplace(b, order);
      out.r(j, k) = out.r(k, j) = pearson_of(a, b);
    }
  }
  return out;
}

/// Kendall's tau-b of paired values in O(n log n) (Knight 1966): sort by (x, y), count ties in x
/// and joint ties, count discordant pairs as the swaps of a merge sort on y, then ties in y.
/// tau_b = (n0 - n1 - n2 + n3 - 2 swaps) / sqrt((n0 - n1)(n0 - n2)).
inline double kendall_tau_b(const std::vector<double>& xs, const std::vector<double>& ys) {
  const std::size_t n = xs.size();
  if (n < 2) return k_nan;
  std::vector<std::pair<double, double>> p(n);
  for (std::size_t i = 0; i < n; ++i) p[i] = {xs[i], ys[i]};
  std::sort(p.begin(), p.end());
  auto tied_pairs = [](std::int64_t t) { return t * (t - 1) / 2; };
  std::int64_t n1 = 0, n3 = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && p[j].first == p[i].first) ++j;
    n1 += tied_pairs(static_cast<std::int64_t>(j - i));
    for (std::size_t a = i; a < j;) {
      std::size_t b = a + 1;
      while (b < j && p[b].second == p[a].second) ++b;
      n3 += tied_pairs(static_cast<std::int64_t>(b - a));
      a = b;
    }
    i = j;
  }
  std::vector<double> y(n), buf(n);
  for (std::size_t i = 0; i < n; ++i) y[i] = p[i].second;
  std::int64_t swaps = 0;
  for (std::size_t width = 1; width < n; width *= 2) {
    for (std::size_t lo = 0; lo < n; lo += 2 * width) {
      const std::size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
      std::size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        if (y[j] < y[i]) {
          swaps += static_cast<std::int64_t>(mid - i);
          buf[k++] = y[j++];
        } else {
          buf[k++] = y[i++];
        }
      }
      while (i < mid) buf[k++] = y[i++];
      while (j < hi) buf[k++] = y[j++];
    }
    y.swap(buf);
  }
  std::int64_t n2 = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && y[j] == y[i]) ++j;
    n2 += tied_pairs(static_cast<std::int64_t>(j - i));
    i = j;
  }
  const std::int64_t n0 = tied_pairs(static_cast<std::int64_t>(n));
  const double den = std::sqrt(static_cast<double>(n0 - n1)) * std::sqrt(static_cast<double>(n0 - n2));
  if (!(den > 0)) return k_nan;
  const double num = static_cast<double>(n0 - n1 - n2 + n3 - 2 * swaps);
  return std::clamp(num / den, -1.0, 1.0);
}

inline pairwise_correlation kendall_pairwise(const Eigen::Ref<const Eigen::MatrixXd>& X) {
  const Eigen::Index m = X.cols();
  pairwise_correlation out;
  out.r = Eigen::MatrixXd::Constant(m, m, k_nan);
  out.n = index_matrix::Zero(m, m);
  std::vector<double> a, b;
  for (Eigen::Index j = 0; j < m; ++j) {
    for (Eigen::Index k = 0; k <= j; ++k) {
      gather_pairs(X, j, k, a, b);
      out.n(j, k) = out.n(k, j) = static_cast<Eigen::Index>(a.size());
      double r = k_nan;
      if (j == k) {
        const bool varies = a.size() >= 2 &&
                            std::any_of(a.begin(), a.end(), [&](double v) { return v != a[0]; });
        r = varies ? 1.0 : k_nan;
      } else {
        r = kendall_tau_b(a, b);
      }
      out.r(j, k) = out.r(k, j) = r;
    }
  }
  return out;
}

inline pairwise_correlation correlations(const Eigen::Ref<const Eigen::MatrixXd>& X, correlation_kind kind) {
  switch (kind) {
    case correlation_kind::spearman: return spearman_pairwise(X);
    case correlation_kind::kendall: return kendall_pairwise(X);
    case correlation_kind::pearson: break;
  }
  return pearson_pairwise(X);
}

}  // namespace detail::corr

/// Correlation matrix of X's columns: Pearson, Spearman (Pearson on average ranks) or Kendall
/// tau-b, each pair on the rows where both are present (pairwise complete; NaN and +-inf cells
/// are missing; Spearman ranks the shared rows). Undefined entries are NaN: fewer than 2 shared
/// rows, or a column constant on the shared rows (also on the diagonal, which is otherwise 1).
/// Pearson runs as blocked rank-1 updates over complete rows: O(n m^2), no copy of X.
/// Kendall is O(m^2 n log n).
[[nodiscard]] inline Eigen::MatrixXd correlation_matrix(const Eigen::Ref<const Eigen::MatrixXd>& X,
                                                        correlation_kind kind = correlation_kind::pearson) {
  return detail::corr::correlations(X, kind).r;
}

}  // namespace tijian
