// SPDX-License-Identifier: MIT
// Aggregation kernels: the score of a node from its children's columns and their weights, with
// the missing-data policy, for all rows at once. Formulas: OECD/JRC Handbook (2008) §6; COINr
// a_amean, a_gmean, a_hmean, a_genmean, a_copeland (../shared/reference/coinr.md §7), with
// COINr's known gaps closed: the power mean handles NaN like the others, geometric zeros follow
// an explicit policy, and Copeland runs through the same entry as the other methods.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "aggregation.hpp"
#include "error.hpp"
#include "mcda_distance.hpp"
#include "mcda_grey.hpp"
#include "mcda_outranking.hpp"
#include "mcda_ratio.hpp"
#include "mcda_rsr.hpp"

namespace tijian {

/// What an aggregation did, for diagnostics. A non-empty `error` is a domain error at
/// `error_row` that the caller turns into an exception naming node and unit.
struct aggregate_report {
  std::size_t reweighted = 0;      ///< rows where missing children were skipped and weights renormalised
  std::size_t below_share = 0;     ///< rows set missing by require_share
  std::size_t propagated = 0;      ///< rows set missing by propagate
  std::size_t all_missing = 0;     ///< rows where every child was missing
  std::size_t zeros = 0;           ///< geometric: rows that scored 0 because a child was 0
  std::size_t floored = 0;         ///< geometric: zero children replaced by the floor
  std::size_t not_applicable = 0;  ///< rows where every child was not applicable (the node is not)
  std::string error;
  Eigen::Index error_row = -1;
};

namespace detail {

inline double transform_term(aggregation_method m, double p, double x) noexcept {
  switch (m) {
    case aggregation_method::arithmetic: return x;
    case aggregation_method::geometric: return std::log(x);
    case aggregation_method::harmonic: return 1.0 / x;
    case aggregation_method::power_mean: return std::pow(x, p);
    case aggregation_method::copeland:
    case aggregation_method::topsis:
    case aggregation_method::promethee_ii:
    case aggregation_method::vikor:
    case aggregation_method::edas:
    case aggregation_method::copras:
    case aggregation_method::waspas:
    case aggregation_method::moora:
    case aggregation_method::grey_relational:
    case aggregation_method::grey_topsis:
    case aggregation_method::minimum:
    case aggregation_method::maximum:
    case aggregation_method::rsr:
    case aggregation_method::fuzzy: return x;
  }
  return x;
}

inline double back_transform(aggregation_method m, double p, double mean) noexcept {
  switch (m) {
    case aggregation_method::arithmetic: return mean;
    case aggregation_method::geometric: return std::exp(mean);
    case aggregation_method::harmonic: return 1.0 / mean;
    case aggregation_method::power_mean: return std::pow(mean, 1.0 / p);
    case aggregation_method::copeland:
    case aggregation_method::topsis:
    case aggregation_method::promethee_ii:
    case aggregation_method::vikor:
    case aggregation_method::edas:
    case aggregation_method::copras:
    case aggregation_method::waspas:
    case aggregation_method::moora:
    case aggregation_method::grey_relational:
    case aggregation_method::grey_topsis:
    case aggregation_method::minimum:
    case aggregation_method::maximum:
    case aggregation_method::rsr:
    case aggregation_method::fuzzy: return mean;
  }
  return mean;
}

/// Copeland scores of rows `rows` (one period): for each pair (i, j) the outranking share
/// O_ij = sum of weights of children where i > j plus half where they tie (children missing
/// for either unit are left out and the rest renormalised); score_i = sum_j sign(O_ij - 1/2).
/// Runs in O(n^2 k) for n units and k children.
inline void copeland_scores(const std::vector<const double*>& cols, const std::vector<double>& w,
                            const std::vector<Eigen::Index>& rows, double* out) {
  const std::size_t n = rows.size();
  for (std::size_t a = 0; a < n; ++a) out[rows[a]] = 0.0;
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = a + 1; b < n; ++b) {
      // sign(O_ab - 1/2) = sign(win - loss): ties add the same half to both sides. The two sums
      // add different weights in a different order, so an exact 50/50 split (weights 1/6, 1/7,
      // ...) can differ by a few ulps; a difference below 1e-12 of the weight compared is a tie.
      double win = 0, loss = 0, total = 0;
      for (std::size_t k = 0; k < cols.size(); ++k) {
        const double xa = cols[k][rows[a]], xb = cols[k][rows[b]];
        if (std::isnan(xa) || std::isnan(xb)) continue;
        total += w[k];
        if (xa > xb) win += w[k];
        else if (xa < xb) loss += w[k];
      }
      if (!(total > 0)) continue;
      const double d = win - loss;
      const double s = std::abs(d) <= 1e-12 * total ? 0.0 : (d > 0 ? 1.0 : -1.0);
      out[rows[a]] += s;
      out[rows[b]] -= s;
    }
  }
}

}  // namespace detail

namespace detail {

/// The missing-data policy on the rows of a method that scored the rows with missing children
/// itself (over the children present): all missing gives NaN; `propagate` and a share below
/// `min_share` of `require_share` give NaN; otherwise the row counts as reweighted.
inline void apply_missing_policy(const missing_data& missing, const std::vector<const double*>& cols,
                                 Eigen::Index n_rows, double* out, aggregate_report& report,
                                 const unsigned* not_applicable = nullptr) {
  const std::size_t k = cols.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (Eigen::Index i = 0; i < n_rows; ++i) {
    std::size_t present = 0;
    for (std::size_t c = 0; c < k; ++c) present += !std::isnan(cols[c][i]);
    // children not applicable to the unit are neither present nor missing (applicability.hpp)
    const std::size_t applicable = not_applicable ? k - not_applicable[i] : k;
    if (applicable == 0) {
      out[i] = nan;
      ++report.not_applicable;
    } else if (present == 0) {
      out[i] = nan;
      ++report.all_missing;
    } else if (present < applicable) {
      if (missing.policy == missing_policy::propagate) {
        out[i] = nan;
        ++report.propagated;
      } else if (missing.policy == missing_policy::require_share &&
                 static_cast<double>(present) < missing.min_share * static_cast<double>(applicable)) {
        out[i] = nan;
        ++report.below_share;
      } else {
        ++report.reweighted;
      }
    }
  }
}

}  // namespace detail

/// Aggregates `cols` (k child columns, each n_rows long) with relative weights `w` (k values,
/// >= 0) into `out` (n_rows). `groups` lists the rows ranked together (periods); the methods
/// that compare units (compares_units: Copeland, TOPSIS, PROMETHEE II, VIKOR, EDAS, COPRAS, WASPAS,
/// MOORA, grey relational, grey-TOPSIS) use it. NaN children follow `missing`. Domain problems (a negative value in a geometric mean,
/// a zero in a harmonic mean, ...) are reported in `report.error` with the first offending row;
/// `out` is then unspecified.
/// Runs on every node of every scoring run: measure before changing (benchmarks/).
/// `not_applicable`, when given, is per row the number of children that are not applicable
/// (applicability.hpp): they are NaN like missing children and left out the same way, but the
/// missing policy counts only the applicable children (propagate: any applicable child missing;
/// require_share: present < min_share x applicable), and a row with no applicable child is NaN
/// and counted in report.not_applicable, not all_missing.
inline void aggregate_into(const aggregation& how, const missing_data& missing,
                           const std::vector<const double*>& cols, const std::vector<double>& w,
                           Eigen::Index n_rows, const std::vector<std::vector<Eigen::Index>>& groups,
                           double* out, aggregate_report& report, const unsigned* not_applicable = nullptr) {
  const std::size_t k = cols.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const aggregation_method m = how.method;

  if (m == aggregation_method::fuzzy) {  // reads raw values and the recipe's standards: score.hpp
    report.error =
        "fuzzy comprehensive evaluation reads the raw indicator values and the recipe's [fuzzy] grade "
        "standards; it is scored by tijian::score (tj.score), not on a matrix of normalised children";
    report.error_row = 0;
    return;
  }
  if (compares_units(m)) {  // scored against the other units of the period
    for (const auto& g : groups) {
      if (m == aggregation_method::copeland) detail::copeland_scores(cols, w, g, out);
      else if (m == aggregation_method::topsis) detail::topsis_scores(cols, w, g, out);
      else if (m == aggregation_method::vikor) detail::vikor_scores(cols, w, g, how.v, out);
      else if (m == aggregation_method::edas) detail::edas_scores(cols, w, g, out);
      else if (m == aggregation_method::moora) detail::moora_scores(cols, w, g, how.moora, out);
      else if (m == aggregation_method::rsr)
        detail::rsr_scores(cols, w, g, how.rsr == rsr_ranks::integer, out);
      else if (m == aggregation_method::grey_relational)
        detail::grey_relational_scores(cols, w, g, how.rho, out);
      else if (m == aggregation_method::grey_topsis)
        detail::grey_topsis_scores(cols, w, g, how.rho, how.alpha, out);
      else if (m == aggregation_method::copras || m == aggregation_method::waspas) {
        Eigen::Index bad = -1;
        report.error = m == aggregation_method::copras
                           ? detail::copras_scores(cols, w, g, out, bad)
                           : detail::waspas_scores(cols, w, g, how.lambda, out, bad);
        if (!report.error.empty()) {
          report.error_row = bad;
          return;
        }
      } else detail::promethee_scores(how, cols, w, g, out);
    }
    detail::apply_missing_policy(missing, cols, n_rows, out, report, not_applicable);
    return;
  }

  // Domain checks first (not needed for the arithmetic mean), so that the sums below only see
  // valid values.
  if (m != aggregation_method::arithmetic) {
    for (std::size_t c = 0; c < k; ++c) {
      const double* x = cols[c];
      for (Eigen::Index i = 0; i < n_rows; ++i) {
        const double v = x[i];
        if (std::isnan(v)) continue;
        const bool bad = (m == aggregation_method::geometric && v < 0) ||
                         (m == aggregation_method::harmonic && v <= 0) ||
                         (m == aggregation_method::power_mean && how.p < 0 && v <= 0) ||
                         (m == aggregation_method::power_mean && v < 0 && how.p != std::floor(how.p));
        if (bad) {
          report.error = std::string(to_string(m)) + " mean of a " + (v < 0 ? "negative" : "zero") +
                         " value (" + std::to_string(v) +
                         "); normalise to a positive range (e.g. min-max 1-100) or choose another "
                         "aggregation";
          report.error_row = i;
          return;
        }
        if (m == aggregation_method::geometric && v == 0 && how.zeros == geometric_zeros::error) {
          report.error =
              "geometric mean of a zero value; normalise to a positive range or set "
              "zeros = give_zero / floor";
          report.error_row = i;
          return;
        }
      }
    }
  }

  // Blocks of rows, in parallel; within a block the children are summed in framework order, so
  // the result does not depend on the number of threads. Per row: sum of w * term and sum of w
  // over the children present.
  constexpr Eigen::Index block = 2048;
  const Eigen::Index n_blocks = (n_rows + block - 1) / block;
  std::size_t reweighted = 0, below = 0, propagated = 0, all_missing = 0, zeros = 0, floored = 0,
              inapplicable = 0;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (n_rows >= 50000) \
    reduction(+ : reweighted, below, propagated, all_missing, zeros, floored, inapplicable)
#endif
  for (Eigen::Index b = 0; b < n_blocks; ++b) {
    const Eigen::Index i0 = b * block;
    const Eigen::Index len = std::min(block, n_rows - i0);
    double num[block], den[block];
    unsigned present[block];
    unsigned char has_zero[block];
    for (Eigen::Index i = 0; i < len; ++i) {
      num[i] = den[i] = 0;
      present[i] = 0;
      has_zero[i] = 0;
    }
    for (std::size_t c = 0; c < k; ++c) {
      const double* x = cols[c] + i0;
      const double wc = w[c];
      if (m == aggregation_method::minimum || m == aggregation_method::maximum) {
        // the extreme of the children of positive weight (num starts at the first such child)
        const bool low = m == aggregation_method::minimum;
        for (Eigen::Index i = 0; i < len; ++i) {
          const double v = x[i];
          if (std::isnan(v)) continue;
          present[i] += 1;
          if (!(wc > 0)) continue;
          num[i] = den[i] > 0 ? (low ? std::min(num[i], v) : std::max(num[i], v)) : v;
          den[i] += wc;
        }
        continue;
      }
      if (m == aggregation_method::arithmetic) {
        // hot path: no transform, branch-free on NaN
        for (Eigen::Index i = 0; i < len; ++i) {
          const double v = x[i];
          const bool ok = !std::isnan(v);
          num[i] += ok ? wc * v : 0.0;
          den[i] += ok ? wc : 0.0;
          present[i] += ok;
        }
        continue;
      }
      for (Eigen::Index i = 0; i < len; ++i) {
        double v = x[i];
        if (std::isnan(v)) continue;
        present[i] += 1;
        den[i] += wc;
        if (m == aggregation_method::geometric && v == 0) {
          if (how.zeros == geometric_zeros::floor) {
            v = how.zero_floor;
            ++floored;
          } else {
            if (wc > 0) has_zero[i] = 1;
            continue;
          }
        }
        num[i] += wc * detail::transform_term(m, how.p, v);
      }
    }
    double* o = out + i0;
    for (Eigen::Index i = 0; i < len; ++i) {
      const unsigned p = present[i];
      const std::size_t kk = not_applicable ? k - not_applicable[i0 + i] : k;
      if (kk == 0) {
        o[i] = nan;
        ++inapplicable;
        continue;
      }
      if (p == 0) {
        o[i] = nan;
        ++all_missing;
        continue;
      }
      if (p < kk) {
        if (missing.policy == missing_policy::propagate) {
          o[i] = nan;
          ++propagated;
          continue;
        }
        if (missing.policy == missing_policy::require_share &&
            static_cast<double>(p) < missing.min_share * static_cast<double>(kk)) {
          o[i] = nan;
          ++below;
          continue;
        }
        ++reweighted;
      }
      if (!(den[i] > 0)) {  // only zero-weight children present
        o[i] = nan;
        ++all_missing;
        continue;
      }
      if (has_zero[i]) {
        o[i] = 0.0;
        ++zeros;
        continue;
      }
      o[i] = m == aggregation_method::minimum || m == aggregation_method::maximum
                 ? num[i]
                 : detail::back_transform(m, how.p, num[i] / den[i]);
    }
  }
  report.reweighted += reweighted;
  report.below_share += below;
  report.propagated += propagated;
  report.all_missing += all_missing;
  report.zeros += zeros;
  report.floored += floored;
  report.not_applicable += inapplicable;
}

/// Share of each child in one row's aggregate: w_c x_c / sum(w x) over present children, so
/// that score * share sums to the score. For the arithmetic mean this is the exact additive
/// decomposition (score * share = w_c x_c / sum w). For the other methods it is the same
/// proportional attribution, a convention (a non-additive mean has no unique decomposition).
/// Methods that compare units (Copeland, TOPSIS, ...): w_c / sum w. Missing children get 0. If sum(w x) = 0 the shares are w_c / sum w.
inline void shares_of_row(const aggregation& how, const double* x, const double* w, std::size_t k,
                          double* out) noexcept {
  double swx = 0, sw = 0;
  for (std::size_t c = 0; c < k; ++c) {
    if (std::isnan(x[c])) continue;
    swx += w[c] * x[c];
    sw += w[c];
  }
  const bool by_weight = compares_units(how.method) || swx == 0;
  for (std::size_t c = 0; c < k; ++c) {
    if (std::isnan(x[c]) || !(sw > 0)) {
      out[c] = 0;
      continue;
    }
    out[c] = by_weight ? w[c] / sw : w[c] * x[c] / swx;
  }
}

/// Convenience: aggregate the columns of a matrix (rows x children) with weights, one group.
[[nodiscard]] inline Eigen::VectorXd aggregate(const aggregation& how,
                                               const Eigen::Ref<const Eigen::MatrixXd>& x,
                                               const Eigen::Ref<const Eigen::VectorXd>& w,
                                               const missing_data& missing = {}) {
  std::vector<const double*> cols;
  std::vector<double> wv(static_cast<std::size_t>(w.size()));
  for (Eigen::Index c = 0; c < x.cols(); ++c) cols.push_back(x.col(c).data());
  for (Eigen::Index c = 0; c < w.size(); ++c) wv[static_cast<std::size_t>(c)] = w[c];
  std::vector<std::vector<Eigen::Index>> groups(1);
  for (Eigen::Index i = 0; i < x.rows(); ++i) groups[0].push_back(i);
  Eigen::VectorXd out(x.rows());
  aggregate_report rep;
  aggregate_into(how, missing, cols, wv, x.rows(), groups, out.data(), rep);
  if (!rep.error.empty())
    throw recipe_error("aggregate.domain", rep.error + " at row " + std::to_string(rep.error_row));
  return out;
}

}  // namespace tijian
