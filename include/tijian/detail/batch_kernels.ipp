// SPDX-License-Identifier: MIT
// The batch kernels, written once over the lane operations of detail/simd.hpp. Not a header
// of its own: detail/batch.hpp includes it inside one namespace per instruction set, each in
// its `#pragma GCC target` region, so every copy is compiled for its own vectors. The draws'
// kernels are in detail/random_kernels.ipp.
//
//   product_block    scores of NR runs: fused multiply-adds over the indicators in order
//   range_of         min, max and sum of a column
//   fill_buckets     buckets of at most 8 values in cache-line slots, counted and summed
//   rank_column      exact ranks of one column from its buckets
//   order_statistics chosen order statistics of one column from counted buckets
// (no include guard, no includes: the including header provides both)

/// out(i, r) = sum_k z(i, k) w(k, r) for MV L rows and NR runs, accumulated from 0 by fused
/// multiply-adds in k order (every level and every blocking gives the same bits). Only the
/// first `rows` rows and `cols` runs are stored (the rest of a tile is padding).
template <class O, int MV, int NR>
inline void product_tile(const double* z, std::size_t zs, std::size_t m, const double* w, std::size_t ws,
                         double* out, std::size_t os, std::size_t rows, std::size_t cols) noexcept {
  constexpr int L = O::lanes;
  typename O::vd acc[MV][NR];  // fully unrolled (also at -O2) so that it lives in registers
#pragma GCC unroll 8
  for (int v = 0; v < MV; ++v)
#pragma GCC unroll 8
    for (int r = 0; r < NR; ++r) acc[v][r] = O::zero();
  for (std::size_t k = 0; k < m; ++k) {
    typename O::vd a[MV];
#pragma GCC unroll 8
    for (int v = 0; v < MV; ++v) a[v] = O::load(z + k * zs + static_cast<std::size_t>(v * L));
#pragma GCC unroll 8
    for (int r = 0; r < NR; ++r) {
      const auto b = O::set1(w[static_cast<std::size_t>(r) * ws + k]);
#pragma GCC unroll 8
      for (int v = 0; v < MV; ++v) acc[v][r] = O::fma(a[v], b, acc[v][r]);
    }
  }
#pragma GCC unroll 8
  for (int r = 0; r < NR; ++r) {
    if (static_cast<std::size_t>(r) >= cols) break;
#pragma GCC unroll 8
    for (int v = 0; v < MV; ++v) {
      const std::size_t first = static_cast<std::size_t>(v * L);
      double* to = out + static_cast<std::size_t>(r) * os + first;
      if (first + L <= rows) O::store(to, acc[v][r]);
      else if (first < rows) O::store_partial(to, acc[v][r], rows - first);
    }
  }
}

/// The last rows (fewer than MV vectors) of a block.
template <class O, int MV, int NR>
inline void product_rest(std::size_t vectors, const double* z, std::size_t zs, std::size_t m, const double* w,
                         double* out, std::size_t os, std::size_t rows, std::size_t cols) noexcept {
  if constexpr (MV > 1) {
    if (vectors == MV - 1) return product_tile<O, MV - 1, NR>(z, zs, m, w, m, out, os, rows, cols);
    product_rest<O, MV - 1, NR>(vectors, z, zs, m, w, out, os, rows, cols);
  }
}

/// Scores of NR runs (w: NR columns of m) for the n rows of z (P x m, P a multiple of 8, rows
/// from n on zero): out is n x cols with column stride os (cols <= NR runs are stored).
template <class O, int MV, int NR>
inline void product_block(const double* z, std::size_t P, std::size_t n, std::size_t m, const double* w,
                          double* out, std::size_t os, std::size_t cols) noexcept {
  constexpr std::size_t step = static_cast<std::size_t>(MV * O::lanes);
  std::size_t i = 0;
  for (; i + step <= P; i += step)
    product_tile<O, MV, NR>(z + i, P, m, w, m, out + i, os, std::min(step, n > i ? n - i : 0), cols);
  if (i < P)
    product_rest<O, MV, NR>((P - i) / static_cast<std::size_t>(O::lanes), z + i, P, m, w, out + i, os,
                            n > i ? n - i : 0, cols);
}

/// Smallest and largest value and the sum of x[0, n) (the sum shows NaN and infinities): four
/// chains of each, so that the loop runs at load speed, not at the latency of min/max.
template <class O>
inline tijian::detail::batch::column_range range_of(const double* x, std::size_t n) noexcept {
  constexpr std::size_t L = static_cast<std::size_t>(O::lanes);
  const std::size_t whole = n - n % L, quads = n - n % (4 * L);  // entries in whole vectors
  typename O::vd lo[4], hi[4], sum[4];
  for (int c = 0; c < 4; ++c) {
    lo[c] = hi[c] = O::set1(x[0]);
    sum[c] = O::zero();
  }
  for (std::size_t i = 0; i < quads; i += 4 * L)
#pragma GCC unroll 4
    for (int c = 0; c < 4; ++c) {
      const auto v = O::load(x + i + static_cast<std::size_t>(c) * L);
      lo[c] = O::range_min(lo[c], v);
      hi[c] = O::range_max(hi[c], v);
      sum[c] = O::add(sum[c], v);
    }
  for (std::size_t i = quads; i < whole; i += L) {
    const auto v = O::load(x + i);
    lo[0] = O::range_min(lo[0], v);
    hi[0] = O::range_max(hi[0], v);
    sum[0] = O::add(sum[0], v);
  }
  for (int c = 1; c < 4; ++c) {
    lo[0] = O::range_min(lo[0], lo[c]);
    hi[0] = O::range_max(hi[0], hi[c]);
    sum[0] = O::add(sum[0], sum[c]);
  }
  double l8[8], h8[8], s8[8];
  O::store_lanes(l8, lo[0]);
  O::store_lanes(h8, hi[0]);
  O::store_lanes(s8, sum[0]);
  tijian::detail::batch::column_range r{l8[0], h8[0], 0};
  for (std::size_t l = 0; l < L; ++l) {
    r.low = std::min(r.low, l8[l]);
    r.high = std::max(r.high, h8[l]);
    r.total += s8[l];
  }
  for (std::size_t k = whole; k < n; ++k) {
    r.low = std::min(r.low, x[k]);
    r.high = std::max(r.high, x[k]);
    r.total += x[k];
  }
  return r;
}

/// The buckets behind rank_column: bucket q(x) = floor((max - x) / (max - min) B) is monotone
/// in x even in floating point (bucket 0 holds the largest values), and each bucket keeps its
/// values in an aligned slot of 8 (one cache line), with s.first[q] = 1 + (entries in lower
/// buckets), the best rank in bucket q, and s.used[q] = the mask of its slot's entries.
/// `r` is range_of(x, n); B is n or 2n (n first: half the slots stay in L1 beside the scores,
/// which measured 8 % faster for 300 x 1,000 even with the retries). False when this does not
/// apply: NaN or infinite values, a range too wide to scale, a bucket of more than 8 entries
/// (heavy ties or tails; the caller may retry with more buckets).
template <class O>
inline bool fill_buckets(const double* x, std::size_t n, const tijian::detail::batch::column_range& r,
                         std::size_t B, tijian::detail::batch::rank_scratch& s) noexcept {
  constexpr std::size_t L = static_cast<std::size_t>(O::lanes);
  if (n == 0 || n > tijian::detail::batch::rank_scratch::max_rows) return false;
  s.reserve(n);
  const std::size_t whole = n - n % L;
  const double low = r.low, high = r.high, total = r.total;
  const double range = high - low, scale = range > 0 ? static_cast<double>(B) / range : 0.0;
  if (!std::isfinite(total) || !std::isfinite(range) || !std::isfinite(scale)) return false;
  // 1. buckets
  std::uint32_t* bucket = s.bucket.data();
  const auto top = O::set1(static_cast<double>(B - 1)), vh = O::set1(high), vs = O::set1(scale);
  for (std::size_t i = 0; i < whole; i += L)
    O::store_index(bucket + i, O::min(top, O::mul(O::sub(vh, O::load(x + i)), vs)));
  for (std::size_t k = whole; k < n; ++k)
    bucket[k] = static_cast<std::uint32_t>(std::min(static_cast<double>(B - 1), (high - x[k]) * scale));
  // 2. values into their bucket's slot: next[q] is where bucket q's next value goes (8 q to
  // start). Unchecked here, so the loop is a load, an increment and two stores (bound by the
  // dependence through next[]: 2.1 cycles an entry, 1.1 for two independent stores): a
  // bucket of more than 8 spills into the next slots (the buffer has room for all n in the
  // last one) and is found in step 3.
  std::uint32_t* next = s.next.data();
  double* slot = tijian::detail::batch::opaque(s.slots());
  const std::size_t len = (B + 15) / 16 * 16;
  for (std::size_t q = 0; q < len; ++q) next[q] = static_cast<std::uint32_t>(8 * q);
#pragma GCC unroll 4
  for (std::size_t k = 0; k < n; ++k) slot[next[bucket[k]]++] = x[k];
  // 3. the best rank of each bucket, and which of its slot's entries are in use
  return O::first_and_used(next, s.first.data(), s.used.data(), len);
}

/// Exact ranks (1 = highest) of x[0, n) with the min or average tie rule: (the best rank of
/// its bucket) + (entries of its own bucket that are greater), the last one vector comparison
/// with the bucket's slot. False, with nothing written, when fill_buckets declines or for dense
/// ties. `known`: range_of(x, n) if the caller has it.
template <class O>
inline bool rank_column(const double* x, std::size_t n, double* out, tie_rule ties,
                        tijian::detail::batch::rank_scratch& s,
                        const tijian::detail::batch::column_range* known = nullptr) noexcept {
  if (n == 0) return true;
  // Beyond about 12,000 entries the slots (64 bytes a bucket) outgrow the L2 cache and
  // rank_into's sort is faster (measured per entry: 3.9 ns vs 13.7 at 300, 13.9 vs 17.4 at
  // 10,000, 19.0 vs 18.1 at 16,384, 24.0 vs 17.5 at 20,000).
  if (ties == tie_rule::dense || n > 12288) return false;
  const tijian::detail::batch::column_range r = known ? *known : range_of<O>(x, n);
  if (!fill_buckets<O>(x, n, r, n, s) && !fill_buckets<O>(x, n, r, 2 * n, s)) return false;
  const std::uint32_t* bucket = s.bucket.data();
  const std::uint32_t* first = s.first.data();
  const std::uint8_t* used = s.used.data();
  const double* slot = tijian::detail::batch::opaque(s.slots());
  if (ties == tie_rule::min) {  // integer ranks, converted a vector at a time
    std::uint32_t* rank = s.rank.data();
#pragma GCC unroll 4
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t q = bucket[k];
      rank[k] = first[q] + O::count_greater(slot + 8 * static_cast<std::size_t>(q), used[q], x[k]);
    }
    O::to_double(rank, n, out);
  } else {
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t q = bucket[k];
      std::uint32_t greater, equal;
      O::count_in_slot(slot + 8 * static_cast<std::size_t>(q), used[q], x[k], greater, equal);
      out[k] = static_cast<double>(first[q] - 1 + greater) + 0.5 * static_cast<double>(equal + 1);
    }
  }
  return true;
}

/// Order statistics of x[0, n) without sorting: out[i] = the value at position at[i] (0 = the
/// largest) of x sorted from the largest. Buckets as for the ranks (n of them, counted only,
/// any size), the bucket holding each position found from the running counts, its members
/// gathered in one pass and the position selected among them: linear however the values
/// cluster (COINr's ASEM specification mixes min-max and z-score runs, two clusters far
/// apart). False only for NaN or infinite values, a range too wide to scale, or more than 255
/// positions.
template <class O>
inline bool order_statistics(const double* x, std::size_t n, const std::size_t* at, std::size_t k,
                             double* out, tijian::detail::batch::rank_scratch& s) {
  constexpr std::size_t L = static_cast<std::size_t>(O::lanes);
  if (n == 0 || n > tijian::detail::batch::rank_scratch::max_rows || k > 255) return false;
  const tijian::detail::batch::column_range r = range_of<O>(x, n);
  const std::size_t B = n, whole = n - n % L;
  const double range = r.high - r.low, scale = range > 0 ? static_cast<double>(B) / range : 0.0;
  if (!std::isfinite(r.total) || !std::isfinite(range) || !std::isfinite(scale)) return false;
  s.reserve(n);
  std::uint32_t* bucket = s.bucket.data();
  const auto top = O::set1(static_cast<double>(B - 1)), vh = O::set1(r.high), vs = O::set1(scale);
  for (std::size_t i = 0; i < whole; i += L)
    O::store_index(bucket + i, O::min(top, O::mul(O::sub(vh, O::load(x + i)), vs)));
  for (std::size_t j = whole; j < n; ++j)
    bucket[j] = static_cast<std::uint32_t>(std::min(static_cast<double>(B - 1), (r.high - x[j]) * scale));
  std::uint32_t* start = s.count.data();  // counts, then the first position of each bucket
  std::fill(start, start + B, 0U);
  for (std::size_t j = 0; j < n; ++j) ++start[bucket[j]];
  for (std::uint32_t q = 0, before = 0; q < B; ++q) {
    const std::uint32_t c = start[q];
    start[q] = before;
    before += c;
  }
  // the bucket of each wanted position: the last one starting at or before it
  std::vector<std::size_t>& which = s.wanted;
  which.resize(k);
  std::vector<std::vector<double>>& members = s.members;
  members.resize(k);
  std::uint8_t* mark = s.mark.data();  // bucket -> 1 + its slot in members, 0 = not wanted
  for (std::size_t i = 0; i < k; ++i) {
    which[i] = static_cast<std::size_t>(
                   std::upper_bound(start, start + B, static_cast<std::uint32_t>(at[i])) - start) -
               1;
    if (!mark[which[i]]) {
      mark[which[i]] = static_cast<std::uint8_t>(i + 1);
      members[i].clear();
    }
  }
  for (std::size_t j = 0; j < n; ++j)
    if (const std::uint8_t t = mark[bucket[j]]) members[t - 1].push_back(x[j]);
  for (std::size_t i = 0; i < k; ++i) {
    std::vector<double>& m = members[mark[which[i]] - 1];
    const auto nth = m.begin() + static_cast<std::ptrdiff_t>(at[i] - start[which[i]]);
    std::nth_element(m.begin(), nth, m.end(), [](double a, double b) { return a > b; });
    out[i] = *nth;
  }
  for (std::size_t i = 0; i < k; ++i) mark[which[i]] = 0;
  return true;
}

/// Scores (and ranks, unless `ranks` is null) of `runs` weight columns (w: m x runs) into
/// n x runs column-major outputs; `exp_scores` for geometric means (z holds logarithms).
template <class O, int MV, int NR>
inline void scores_and_ranks(const tijian::detail::batch::packed_matrix& z, const double* w, std::size_t runs,
                             double* scores, double* ranks, tie_rule ties, bool exp_scores,
                             tijian::detail::batch::block_scratch& s) {
  const std::size_t P = z.stride, n = z.rows, m = z.cols;
  s.reserve(P, m, NR);
  for (std::size_t r0 = 0; r0 < runs; r0 += NR) {
    const std::size_t len = std::min<std::size_t>(NR, runs - r0);
    const double* wb = w + r0 * m;
    if (len < NR) {  // a short last block: zero weights for the missing runs
      std::fill(s.weights.begin(), s.weights.end(), 0.0);
      std::copy(wb, wb + len * m, s.weights.begin());
      wb = s.weights.data();
    }
    if (!exp_scores)  // straight into the scores
      product_block<O, MV, NR>(z.data.data(), P, n, m, wb, scores + r0 * n, n, len);
    else  // ln z w, then exp into the scores
      product_block<O, MV, NR>(z.data.data(), P, n, m, wb, s.block.data(), P, len);
    // ranges of the whole block first: independent loops the processor overlaps, where one
    // column's range would wait on the previous column's ranks
    tijian::detail::batch::column_range range[NR] = {};
    for (std::size_t c = 0; c < len; ++c) {
      double* col = scores + (r0 + c) * n;
      if (exp_scores) {
        const double* b = s.block.data() + c * P;
        for (std::size_t i = 0; i < n; ++i) col[i] = std::exp(b[i]);
      }
      if (ranks && n > 0) range[c] = range_of<O>(col, n);
    }
    for (std::size_t c = 0; c < len && ranks; ++c) {
      const double* col = scores + (r0 + c) * n;
      if (!rank_column<O>(col, n, ranks + (r0 + c) * n, ties, s.rank, &range[c]))
        rank_into(col, nullptr, n, ranks + (r0 + c) * n, ties, rank_order::highest_first, s.fallback);
    }
  }
}
