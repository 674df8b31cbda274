// SPDX-License-Identifier: MIT
// Ranks with an explicit tie rule, and grade bands (优良 / 中等 / 不足) from score thresholds.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "names.hpp"
#include "detail/text.hpp"
#include "error.hpp"

namespace tijian {

/// How tied values share ranks. Example for scores {9, 7, 7, 5} ranked highest first:
/// min {1, 2, 2, 4} (COINr, R's ties.method = "min"); average {1, 2.5, 2.5, 4} (pymcdm,
/// scipy's rankdata default); dense {1, 2, 2, 3} (pyrepo-mcda).
enum class tie_rule { min, average, dense };

template <>
struct enum_names<tie_rule> {
  static constexpr const char* what = "tie rule";
  static constexpr enum_name<tie_rule> entries[] = {
      {tie_rule::min, "min", "并列取最小名次", "minimum"},
      {tie_rule::average, "average", "并列取平均名次", "average"},
      {tie_rule::dense, "dense", "密集排名", "dense"},
  };
  static constexpr enum_alias<tie_rule> aliases[] = {
      {"minimum", tie_rule::min},
      {"competition", tie_rule::min},
      {"mean", tie_rule::average},
      {"fractional", tie_rule::average},
  };
};

/// Which way rank 1 points.
enum class rank_order {
  highest_first,  ///< rank 1 = highest value (scores)
  lowest_first,   ///< rank 1 = lowest value (COINr n_rank, Borda)
};

namespace detail {

/// Maps a double to an unsigned key with the same order (IEEE 754: flip all bits of negatives,
/// the sign bit of positives). -0 and +0 get different keys, so callers add 0.0 first.
inline std::uint64_t order_key(double v) noexcept {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return (b >> 63) ? ~b : (b | 0x8000000000000000ULL);
}

/// Sorts (key, row) pairs by key: LSD radix sort on 11-bit digits (2,048 buckets stay in L1),
/// skipping digits that are the same in every key (the high digits of scores in a narrow
/// range). Stable.
inline void radix_sort(std::vector<std::pair<std::uint64_t, Eigen::Index>>& a,
                       std::vector<std::pair<std::uint64_t, Eigen::Index>>& tmp) {
  constexpr int bits = 11;
  constexpr std::uint64_t mask = (1U << bits) - 1;
  tmp.resize(a.size());
  std::size_t count[1U << bits];
  for (int shift = 0; shift < 64; shift += bits) {
    std::fill(std::begin(count), std::end(count), 0);
    for (const auto& e : a) ++count[(e.first >> shift) & mask];
    if (count[(a.front().first >> shift) & mask] == a.size()) continue;  // digit constant
    std::size_t sum = 0;
    for (auto& c : count) {
      const std::size_t t = c;
      c = sum;
      sum += t;
    }
    for (const auto& e : a) tmp[count[(e.first >> shift) & mask]++] = e;
    a.swap(tmp);
  }
}

}  // namespace detail

/// Reusable buffers of rank_into, for callers that rank many columns (one per thread).
struct rank_buffers {
  std::vector<std::pair<std::uint64_t, Eigen::Index>> order, scratch;  ///< radix path
  std::vector<std::uint32_t> start, member, bucket;                    ///< bucket path
  std::vector<double> key;
  std::vector<std::pair<double, std::uint32_t>> pairs;
};

namespace detail {

/// Distribution (bucket) sort of the non-NaN entries, best first, into `b.member` (positions k
/// in [0, n_rows)) and `b.key` (their values, negated for lowest-first, so that keys always
/// fall). Entry k goes to bucket floor((max - key) / (max - min) * B), B = the power of two >=
/// the count, a map that is monotone in the key even in floating point, so buckets come out in
/// order and only each bucket's few members need comparing, on keys stored side by side.
/// Expected O(n) for the smooth score distributions ranked here; a bucket crowded with more
/// than 32 entries (heavy tails) switches to std::sort. False (nothing done) when the range is
/// not finite or too narrow to scale, for the caller's fall-back.
template <class Value>
inline bool bucket_order(Value value, std::size_t n_rows, rank_order dir, rank_buffers& b,
                         std::size_t& count) {
  const double sign = dir == rank_order::highest_first ? 1.0 : -1.0;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  count = 0;
  for (std::size_t k = 0; k < n_rows; ++k) {
    const double v = sign * value(k);
    if (std::isnan(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    ++count;
  }
  if (count == 0) return true;
  std::size_t buckets = 1;
  while (buckets < count) buckets <<= 1;
  const double scale = hi > lo ? static_cast<double>(buckets) / (hi - lo) : 0.0;
  if (hi > lo && !(std::isfinite(hi - lo) && std::isfinite(scale))) return false;
  b.start.assign(buckets + 1, 0);
  b.bucket.resize(n_rows);
  b.member.resize(count);
  b.key.resize(count);
  const double top = static_cast<double>(buckets - 1);
  for (std::size_t k = 0; k < n_rows; ++k) {
    const double v = sign * value(k);
    if (std::isnan(v)) continue;
    const auto q = static_cast<std::uint32_t>(std::min(top, (hi - v) * scale));
    b.bucket[k] = q;
    ++b.start[q + 1];
  }
  std::uint32_t crowded = 0;  // the largest bucket
  for (std::size_t q = 0; q < buckets; ++q) {
    crowded = std::max(crowded, b.start[q + 1]);
    b.start[q + 1] += b.start[q];
  }
  for (std::size_t k = 0; k < n_rows; ++k) {
    const double v = sign * value(k);
    if (std::isnan(v)) continue;
    const std::uint32_t at = b.start[b.bucket[k]]++;
    b.member[at] = static_cast<std::uint32_t>(k);
    b.key[at] = v;
  }
  if (crowded > 32) {  // a skewed distribution: do not risk a quadratic insertion sort
    std::vector<std::pair<double, std::uint32_t>>& pairs = b.pairs;
    pairs.resize(count);
    for (std::size_t i = 0; i < count; ++i) pairs[i] = {b.key[i], b.member[i]};
    std::sort(pairs.begin(), pairs.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    for (std::size_t i = 0; i < count; ++i) std::tie(b.key[i], b.member[i]) = pairs[i];
    return true;
  }
  // Entries are out of order only within their bucket: one insertion pass over all of them
  // costs about one comparison per entry.
  double* key = b.key.data();
  std::uint32_t* member = b.member.data();
  for (std::size_t i = 1; i < count; ++i) {
    const double t = key[i];
    if (!(t > key[i - 1])) continue;
    const std::uint32_t m = member[i];
    std::size_t j = i;
    for (; j > 0 && t > key[j - 1]; --j) {
      key[j] = key[j - 1];
      member[j] = member[j - 1];
    }
    key[j] = t;
    member[j] = m;
  }
  return true;
}

/// Ranks from a best-first order: runs of equal values share a rank by the tie rule.
template <class Equal, class Target>
inline void assign_ranks(std::size_t count, Equal same, Target target, tie_rule ties) {
  std::size_t i = 0;
  double dense_rank = 0;
  while (i < count) {
    std::size_t j = i + 1;
    while (j < count && same(i, j)) ++j;
    dense_rank += 1;
    double r = 0;
    switch (ties) {
      case tie_rule::min: r = static_cast<double>(i + 1); break;
      case tie_rule::average: r = 0.5 * static_cast<double>(i + 1 + j); break;
      case tie_rule::dense: r = dense_rank; break;
    }
    for (std::size_t k = i; k < j; ++k) target(k) = r;
    i = j;
  }
}

}  // namespace detail

namespace detail {

/// rank_into for the entries row(0), ..., row(n_rows - 1) of `values`; `row` is a callable so
/// that the common contiguous case compiles without an indirection per access.
template <class Row>
inline void rank_rows(const double* values, Row row, std::size_t n_rows, double* out, tie_rule ties,
                      rank_order dir, rank_buffers& buf, double tolerance) {
  if (n_rows < 50000 && n_rows < std::numeric_limits<std::uint32_t>::max()) {
    const auto value = [&](std::size_t k) { return values[row(k)]; };
    std::size_t count = 0;
    if (detail::bucket_order(value, n_rows, dir, buf, count)) {
      for (std::size_t k = 0; k < n_rows; ++k)
        if (std::isnan(value(k))) out[row(k)] = std::numeric_limits<double>::quiet_NaN();
      const auto& m = buf.member;
      const auto& key = buf.key;
      detail::assign_ranks(
          count,
          [&](std::size_t i, std::size_t j) { return key[i] == key[j] || key[i] - key[j] <= tolerance; },
          [&](std::size_t k) -> double& { return out[row(m[k])]; }, ties);
      return;
    }
  }
  auto& order = buf.order;
  order.clear();
  order.reserve(n_rows);
  for (std::size_t k = 0; k < n_rows; ++k) {
    const Eigen::Index r = row(k);
    const double v = values[r];
    if (std::isnan(v)) {
      out[r] = std::numeric_limits<double>::quiet_NaN();
    } else {
      order.emplace_back(detail::order_key((dir == rank_order::highest_first ? -v : v) + 0.0), r);
    }
  }
  if (order.empty()) return;
  if (order.size() < 50000) {
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  } else {
    detail::radix_sort(order, buf.scratch);
  }
  detail::assign_ranks(
      order.size(),
      [&](std::size_t i, std::size_t j) {
        return order[i].first == order[j].first ||
               std::abs(values[order[i].second] - values[order[j].second]) <= tolerance;
      },
      [&](std::size_t k) -> double& { return out[order[k].second]; }, ties);
}

}  // namespace detail

/// Ranks of `values` (NaN gets NaN and is not counted). `rows` selects the entries to rank
/// together (e.g. the units of one period; null = the first n_rows); the other entries of
/// `out` are left untouched. Below 50,000 entries a bucket sort on the values' range
/// (detail::bucket_order), above it a radix sort of order-preserving keys, so ranking a
/// million scores costs a few passes over them. Equal values (also -0 and +0) tie, and so do
/// values within `tolerance` (>= 0, in the values' units) of the best value of their run: a
/// run of ties starts at a value and takes every following value (in rank order) no more than
/// `tolerance` below it, so ties do not chain beyond the tolerance.
/// Runs for every node of every scoring run and every uncertainty run: measure before
/// changing (benchmarks/).
inline void rank_into(const double* values, const Eigen::Index* rows, std::size_t n_rows, double* out,
                      tie_rule ties, rank_order dir, rank_buffers& buf, double tolerance = 0.0) {
  if (rows)
    detail::rank_rows(
        values, [rows](std::size_t k) { return rows[k]; }, n_rows, out, ties, dir, buf, tolerance);
  else
    detail::rank_rows(
        values, [](std::size_t k) { return static_cast<Eigen::Index>(k); }, n_rows, out, ties, dir, buf,
        tolerance);
}

/// Ranks of a vector, highest = 1 by default.
[[nodiscard]] inline Eigen::VectorXd rank(const Eigen::Ref<const Eigen::VectorXd>& values,
                                          tie_rule ties = tie_rule::min,
                                          rank_order dir = rank_order::highest_first,
                                          double tolerance = 0.0) {
  Eigen::VectorXd out(values.size());
  rank_buffers buf;
  const Eigen::VectorXd copy = values;  // contiguous
  rank_into(copy.data(), nullptr, static_cast<std::size_t>(copy.size()), out.data(), ties, dir, buf,
            tolerance);
  return out;
}

/// Grade bands: `labels[k]` for thresholds[k-1] <= score < thresholds[k] (the lowest label
/// below thresholds[0], the highest at or above the last threshold). NaN scores get "".
/// Example: thresholds {60, 80}, labels {"不足", "中等", "优良"}.
struct grade_bands {
  std::vector<double> thresholds;
  std::vector<std::string> labels;

  /// Throws recipe_error if labels.size() != thresholds.size() + 1 or thresholds are not
  /// strictly increasing and finite.
  void validate() const {
    if (thresholds.empty() && labels.empty()) return;
    if (labels.size() != thresholds.size() + 1)
      throw recipe_error("recipe.grades", "grade bands need one more label than thresholds (got " +
                                              std::to_string(labels.size()) + " labels, " +
                                              std::to_string(thresholds.size()) + " thresholds)");
    for (std::size_t k = 0; k < thresholds.size(); ++k) {
      if (!std::isfinite(thresholds[k]))
        throw recipe_error("recipe.grades", "grade threshold is not a finite number");
      if (k > 0 && !(thresholds[k] > thresholds[k - 1]))
        throw recipe_error("recipe.grades", "grade thresholds must increase strictly");
    }
  }

  [[nodiscard]] bool empty() const noexcept { return labels.empty(); }

  [[nodiscard]] std::string grade(double score) const {
    if (labels.empty() || std::isnan(score)) return {};
    std::size_t k = 0;
    while (k < thresholds.size() && score >= thresholds[k]) ++k;
    return labels[k];
  }
};

}  // namespace tijian
