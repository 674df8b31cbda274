// SPDX-License-Identifier: MIT
// The batch kernels (batch.hpp, detail/simd.hpp, detail/*_kernels.ipp) against independent
// references: ln against the C library's log, draws against the scalar random_stream and the
// exponential and Dirichlet laws, products against long-double sums, ranks against their
// definition. Every instruction set this CPU runs must give the same bits as the scalar code,
// and the thread count must not matter.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <iostream>
#include <limits>
#include <random>
#include <tijian/batch.hpp>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

using namespace tijian;
namespace simd = tijian::detail::simd;

namespace {

const double nan = std::numeric_limits<double>::quiet_NaN();
const double inf = std::numeric_limits<double>::infinity();

std::vector<simd::level> levels() {
  std::vector<simd::level> out{simd::level::scalar};
  if (simd::supported() != simd::level::scalar) out.push_back(simd::level::avx2);
  if (simd::supported() == simd::level::avx512) out.push_back(simd::level::avx512);
  return out;
}

bool same_bits(const double* a, const double* b, std::size_t n) {
  return std::memcmp(a, b, n * sizeof(double)) == 0;
}

// ulps between two finite doubles of the same sign
double ulps(double a, double b) { return std::abs(a - b) / (std::nextafter(std::abs(b), inf) - std::abs(b)); }

// ln through each level's kernel (every lane computes x; the last is returned)
double log_at(simd::level l, double x) {
#if TIJIAN_X86_DISPATCH
  if (l == simd::level::avx512) return detail::kernels_avx512::log_in_lanes<simd::avx512_ops>(x);
  if (l == simd::level::avx2) return detail::kernels_avx2::log_in_lanes<simd::avx2_ops>(x);
#endif
  return detail::kernels_scalar::log_in_lanes<simd::scalar_ops>(x);
}

TEST(BatchLog, WithinOneUlpOfTheCLibraryAndTheSameOnEveryLevel) {
  std::vector<double> xs = {1.0,
                            0.5,
                            0x1p-52,
                            1 - 0x1p-53,
                            1 - 0x1p-52,
                            1.4142135623730951,
                            std::nextafter(1.4142135623730951, 2.0),
                            std::nextafter(1.4142135623730951, 0.0),
                            0.70710678118654757,
                            2.0,
                            1e300,
                            1e-300,
                            3.0,
                            10.0};
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0, 1), e(-700, 700);
  for (int k = 0; k < 20000; ++k) xs.push_back(u(rng) + 0x1p-53);
  for (int k = 0; k < 2000; ++k) xs.push_back(std::exp(e(rng)));
  double worst = 0;
  for (double x : xs) {
    const double ours = log_at(simd::level::scalar, x), libm = std::log(x);
    if (libm == 0) {
      EXPECT_EQ(ours, 0.0) << x;
    } else {
      worst = std::max(worst, ulps(ours, libm));
    }
    for (simd::level l : levels()) {
      const double other = log_at(l, x);
      EXPECT_TRUE(same_bits(&ours, &other, 1)) << simd::to_string(l) << " " << x;
    }
  }
  EXPECT_LE(worst, 1.0);
  std::cout << "largest difference from the C library's log: " << worst << " ulp\n";
}

TEST(BatchDraws, VectorStreamsReproduceTheScalarStreams) {
  // column k of a flat Dirichlet = normalised standard_exponential draws of stream (seed, k);
  // without normalising, the draws themselves. Lengths below, at and between whole vector
  // blocks of draws (transposed in registers) and 37 streams (blocks of 8, 4 and a scalar tail)
  const std::size_t count = 37;
  for (const std::size_t m :
       {std::size_t{1}, std::size_t{4}, std::size_t{8}, std::size_t{13}, std::size_t{16}})
    for (simd::level l : levels()) {
      std::vector<double> w(m * count), raw(m * count), scratch;
      detail::flat_dirichlet_columns(99, 0, count, m, w.data(), scratch, l);
      std::vector<std::uint64_t> seeds(count);
      for (std::size_t k = 0; k < count; ++k) seeds[k] = detail::mix_seed(99, k);
      detail::standard_exponentials(seeds.data(), count, m, raw.data(), scratch, l, false);
      for (std::size_t k = 0; k < count; ++k) {
        detail::random_stream g(detail::mix_seed(99, k));
        std::vector<double> col(m);
        double sum = 0;
        for (std::size_t j = 0; j < m; ++j) sum += (col[j] = detail::standard_exponential(g));
        ASSERT_TRUE(same_bits(col.data(), raw.data() + k * m, m))
            << simd::to_string(l) << " m " << m << " stream " << k;
        for (std::size_t j = 0; j < m; ++j) col[j] *= 1 / sum;
        ASSERT_TRUE(same_bits(col.data(), w.data() + k * m, m))
            << simd::to_string(l) << " m " << m << " column " << k;
      }
    }
  // the public function, whichever level it picks, gives the same matrix
  const Eigen::MatrixXd a = dirichlet_weights(Eigen::VectorXd::Ones(13), 37, 99);
  std::vector<double> w(13 * 37), scratch;
  detail::flat_dirichlet_columns(99, 0, 37, 13, w.data(), scratch, simd::level::scalar);
  EXPECT_TRUE(same_bits(a.data(), w.data(), w.size()));
}

TEST(BatchDraws, ExponentialAndDirichletLaws) {
  // Exp(1): Kolmogorov-Smirnov distance of 200,000 draws (critical value at 0.1 %: 1.95 / sqrt n)
  detail::random_stream g(5);
  std::vector<double> x(200000);
  for (double& v : x) v = detail::standard_exponential(g);
  std::sort(x.begin(), x.end());
  double d = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double f = 1 - std::exp(-x[i]);
    d = std::max({d, std::abs(f - static_cast<double>(i) / x.size()),
                  std::abs(f - static_cast<double>(i + 1) / x.size())});
  }
  EXPECT_LT(d, 1.95 / std::sqrt(static_cast<double>(x.size())));
  EXPECT_GE(x.front(), 0.0);
  // Dir(1, ..., 1) over m = 50: mean 1/m, variance (m - 1) / (m^2 (m + 1)), columns sum to 1
  const Eigen::MatrixXd w = dirichlet_weights(Eigen::VectorXd::Ones(50), 20000, 11);
  const double mean = w.mean(), var = (w.array() - 0.02).square().mean();
  EXPECT_NEAR(mean, 0.02, 1e-12);
  EXPECT_NEAR(var, 49.0 / (2500.0 * 51.0), 0.02 * 49.0 / (2500.0 * 51.0));
  EXPECT_LT((w.colwise().sum().array() - 1).abs().maxCoeff(), 1e-14);
  EXPECT_TRUE((w.array() >= 0).all());
}

// ranks by definition: min = 1 + #greater, average = min + (#equal - 1) / 2, dense = 1 + #distinct greater
Eigen::VectorXd rank_by_definition(const double* v, Eigen::Index n, tie_rule ties) {
  Eigen::VectorXd out(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    if (std::isnan(v[i])) {
      out[i] = nan;
      continue;
    }
    double greater = 0, equal = 0;
    std::vector<double> distinct;
    for (Eigen::Index j = 0; j < n; ++j) {
      if (std::isnan(v[j])) continue;
      if (v[j] > v[i]) {
        greater += 1;
        if (ties == tie_rule::dense && std::find(distinct.begin(), distinct.end(), v[j]) == distinct.end())
          distinct.push_back(v[j]);
      }
      equal += v[j] == v[i] ? 1 : 0;
    }
    out[i] = ties == tie_rule::min       ? 1 + greater
             : ties == tie_rule::average ? 1 + greater + (equal - 1) / 2
                                         : 1 + static_cast<double>(distinct.size());
  }
  return out;
}

void expect_same_or_both_nan(const Eigen::VectorXd& a, const Eigen::VectorXd& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size());
  for (Eigen::Index i = 0; i < a.size(); ++i)
    if (!(std::isnan(a[i]) && std::isnan(b[i]))) {
      ASSERT_EQ(a[i], b[i]) << what << " entry " << i;
    }
}

TEST(BatchRanks, EveryPathAgreesWithTheDefinition) {
  std::mt19937_64 rng(17);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_int_distribution<int> small(1, 4);
  std::vector<Eigen::VectorXd> cases;
  for (int n : {1, 2, 3, 8, 9, 31, 300, 1001}) {
    Eigen::VectorXd smooth(n), tied(n), skewed(n), zeros(n);
    for (int i = 0; i < n; ++i) {
      smooth[i] = normal(rng);
      tied[i] = small(rng);  // crowded buckets: the fall-back path
      skewed[i] = std::exp(3 * normal(rng));
      zeros[i] = i % 2 ? 0.0 : -0.0;  // signed zeros tie
    }
    cases.insert(cases.end(), {smooth, tied, skewed, zeros});
  }
  Eigen::VectorXd special(7);
  special << 1, nan, inf, -inf, 2, 2, -1e308;
  cases.push_back(special);
  Eigen::VectorXd wide(4);
  wide << 1e308, -1e308, 0, 1;  // range overflows
  cases.push_back(wide);
  for (simd::level l : levels())
    for (tie_rule ties : {tie_rule::min, tie_rule::average, tie_rule::dense})
      for (const Eigen::VectorXd& v : cases) {
        // one column of scores through the product: z = v (n x 1), w = 1
        Eigen::MatrixXd z = v, w = Eigen::MatrixXd::Ones(1, 1);
        const detail::batch::packed_matrix zp(z);
        detail::batch::block_scratch s;
        Eigen::VectorXd scores(v.size()), ranks(v.size());
        detail::batch::scores_and_ranks(zp, w.data(), 1, scores.data(), ranks.data(), ties, false, s, l);
        expect_same_or_both_nan(scores, v, "scores");
        expect_same_or_both_nan(ranks, rank_by_definition(v.data(), v.size(), ties),
                                std::string(simd::to_string(l)) + " " + to_string(ties) +
                                    " n=" + std::to_string(v.size()));
      }
}

TEST(BatchRanks, TheBucketPathServesSmoothScoresAndDeclinesCrowdedOnes) {
  // the fast path must be the one the tests above exercise on smooth data, and must step
  // aside (for rank_into) when a bucket holds more than 8 entries
  std::mt19937_64 rng(19);
  std::normal_distribution<double> normal(0, 1);
  Eigen::VectorXd smooth(300), tied(300), out(300);
  for (int i = 0; i < 300; ++i) {
    smooth[i] = normal(rng);
    tied[i] = i % 3;
  }
  detail::batch::rank_scratch s;
  EXPECT_TRUE(detail::kernels_scalar::rank_column<simd::scalar_ops>(smooth.data(), 300, out.data(),
                                                                    tie_rule::min, s));
  EXPECT_TRUE(out == rank_by_definition(smooth.data(), 300, tie_rule::min));
  EXPECT_FALSE(
      detail::kernels_scalar::rank_column<simd::scalar_ops>(tied.data(), 300, out.data(), tie_rule::min, s));
  EXPECT_FALSE(detail::kernels_scalar::rank_column<simd::scalar_ops>(smooth.data(), 300, out.data(),
                                                                     tie_rule::dense, s));
}

TEST(BatchRanks, OrderStatisticsEqualASortsPositions) {
  // smooth, tied, and two clusters far apart (crowded buckets), each against a sort
  std::mt19937_64 rng(31);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_int_distribution<int> small(1, 3);
  std::vector<std::vector<double>> cases;
  for (int n : {1, 2, 9, 300, 1000, 10000}) {
    std::vector<double> smooth(static_cast<std::size_t>(n)), tied(smooth.size()), clusters(smooth.size());
    for (std::size_t i = 0; i < smooth.size(); ++i) {
      smooth[i] = normal(rng);
      tied[i] = small(rng);
      clusters[i] = i % 2 ? 50 + 10 * normal(rng) : 10 + 0.01 * normal(rng);
    }
    cases.insert(cases.end(), {smooth, tied, clusters});
  }
  for (const auto& x : cases) {
    std::vector<double> sorted = x;
    std::sort(sorted.begin(), sorted.end(), [](double a, double b) { return a > b; });
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < x.size(); i += 1 + x.size() / 17) at.push_back(i);
    at.push_back(x.size() - 1);
    at.push_back(at.front());  // the same position twice
    for (simd::level l : levels()) {
      detail::batch::rank_scratch s;
      std::vector<double> out(at.size());
      for (int twice = 0; twice < 2; ++twice) {  // the scratch is reusable
        ASSERT_TRUE(
            detail::batch::order_statistics(x.data(), x.size(), at.data(), at.size(), out.data(), s, l));
        for (std::size_t i = 0; i < at.size(); ++i)
          ASSERT_EQ(out[i], sorted[at[i]]) << x.size() << " position " << at[i];
      }
    }
  }
  std::vector<double> bad = {1, nan, 3};  // NaN: declined, for the caller's selection
  detail::batch::rank_scratch s;
  std::size_t at = 1;
  double out;
  EXPECT_FALSE(detail::batch::order_statistics(bad.data(), bad.size(), &at, 1, &out, s));
}

TEST(BatchArithmetic, ScoresEqualLongDoubleSumsAndRanksTheDefinition) {
  std::mt19937_64 rng(23);
  std::uniform_real_distribution<double> u(0, 100);
  for (auto [n, m, runs] : {std::tuple<int, int, int>{300, 50, 1000}, {1, 1, 1}, {7, 3, 5}, {29, 17, 33}}) {
    Eigen::MatrixXd z(n, m);
    for (Eigen::Index k = 0; k < z.size(); ++k) z.data()[k] = u(rng);
    const Eigen::MatrixXd w = dirichlet_weights(Eigen::VectorXd::Ones(m), static_cast<std::size_t>(runs), 3);
    Eigen::MatrixXd scores, ranks;
    batch_arithmetic(z, w, scores, ranks);
    ASSERT_EQ(scores.rows(), n);
    ASSERT_EQ(scores.cols(), runs);
    double worst = 0;
    for (int r = 0; r < runs; ++r) {
      for (int i = 0; i < n; ++i) {
        long double sum = 0;
        for (int k = 0; k < m; ++k) sum += static_cast<long double>(z(i, k)) * w(k, r);
        worst = std::max(worst, std::abs(static_cast<double>(sum) - scores(i, r)) / static_cast<double>(sum));
      }
      const Eigen::VectorXd expected = rank_by_definition(scores.col(r).data(), n, tie_rule::min);
      ASSERT_TRUE(ranks.col(r) == expected) << "run " << r;
    }
    EXPECT_LT(worst, 1e-14) << n << " x " << m;
  }
}

TEST(BatchArithmetic, SameBitsOnEveryLevelAndThreadCount) {
  std::mt19937_64 rng(29);
  std::uniform_real_distribution<double> u(-1, 1);
  Eigen::MatrixXd z(203, 41);
  for (Eigen::Index k = 0; k < z.size(); ++k) z.data()[k] = u(rng);
  const Eigen::MatrixXd w = dirichlet_weights(Eigen::VectorXd::Ones(41), 301, 8);
  const detail::batch::packed_matrix zp(z);
  Eigen::MatrixXd ref_s(203, 301), ref_r(203, 301);
  detail::batch::block_scratch s;
  detail::batch::scores_and_ranks(zp, w.data(), 301, ref_s.data(), ref_r.data(), tie_rule::average, false, s,
                                  simd::level::scalar);
  for (simd::level l : levels()) {
    Eigen::MatrixXd sc(203, 301), rk(203, 301);
    detail::batch::scores_and_ranks(zp, w.data(), 301, sc.data(), rk.data(), tie_rule::average, false, s, l);
    EXPECT_TRUE(same_bits(sc.data(), ref_s.data(), static_cast<std::size_t>(sc.size())))
        << simd::to_string(l);
    EXPECT_TRUE(same_bits(rk.data(), ref_r.data(), static_cast<std::size_t>(rk.size())))
        << simd::to_string(l);
  }
  Eigen::MatrixXd one_s, one_r, two_s, two_r;
#ifdef _OPENMP
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
#endif
  batch_arithmetic(z, w, one_s, one_r, tie_rule::average);
#ifdef _OPENMP
  omp_set_num_threads(2);
#endif
  batch_arithmetic(z, w, two_s, two_r, tie_rule::average);
#ifdef _OPENMP
  omp_set_num_threads(before);
#endif
  EXPECT_TRUE(same_bits(one_s.data(), two_s.data(), static_cast<std::size_t>(one_s.size())));
  EXPECT_TRUE(same_bits(one_r.data(), two_r.data(), static_cast<std::size_t>(one_r.size())));
  EXPECT_TRUE(same_bits(one_s.data(), ref_s.data(), static_cast<std::size_t>(one_s.size())));
}

// FNV-1a over the bits of doubles
std::uint64_t bits_hash(const double* p, std::size_t n, std::uint64_t h = 1469598103934665603ULL) {
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t b;
    std::memcpy(&b, p + i, sizeof b);
    for (int k = 0; k < 8; ++k) h = (h ^ ((b >> (8 * k)) & 0xff)) * 1099511628211ULL;
  }
  return h;
}

TEST(BatchArithmetic, SameBitsInEveryBuild) {
  // This file is compiled three times (tests/CMakeLists.txt): with run-time dispatch, with the
  // portable code alone, and with -march=native. Each must reproduce the draws, scores and
  // ranks of the portable build, whose hash is written here.
  const Eigen::MatrixXd w = dirichlet_weights(Eigen::VectorXd::Ones(7), 33, 5);
  Eigen::MatrixXd z(13, 7);
  for (Eigen::Index i = 0; i < z.rows(); ++i)
    for (Eigen::Index k = 0; k < z.cols(); ++k)  // exact inputs: no a * b + c a compiler could fuse here
      z(i, k) = static_cast<double>((i * 7919 + k * 104729) % 1000) / 8;
  Eigen::MatrixXd scores, ranks;
  batch_arithmetic(z, w, scores, ranks, tie_rule::average);
  std::uint64_t h = bits_hash(w.data(), static_cast<std::size_t>(w.size()));
  h = bits_hash(scores.data(), static_cast<std::size_t>(scores.size()), h);
  h = bits_hash(ranks.data(), static_cast<std::size_t>(ranks.size()), h);
  std::cout << "draws, scores and ranks hash: " << h << "\n";
#if TIJIAN_SCALAR_FMA
  EXPECT_EQ(h, 14583008242684077878ULL);
#else
  GTEST_SKIP() << "x86 build without the dispatch and without -mfma: multiply-adds are not fused";
#endif
}

TEST(BatchArithmetic, GeometricScoresFromLogarithms) {
  // exp(ln z w) = prod z^w, against the power products computed directly
  Eigen::MatrixXd z(5, 3);
  z << 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15;
  Eigen::MatrixXd w(3, 2);
  w << 0.2, 0.5, 0.3, 0.25, 0.5, 0.25;
  const detail::batch::packed_matrix lz(z.array().log().matrix());
  detail::batch::block_scratch s;
  Eigen::MatrixXd sc(5, 2), rk(5, 2);
  detail::batch::scores_and_ranks(lz, w.data(), 2, sc.data(), rk.data(), tie_rule::min, true, s);
  for (int r = 0; r < 2; ++r)
    for (int i = 0; i < 5; ++i)
      EXPECT_NEAR(sc(i, r),
                  std::pow(z(i, 0), w(0, r)) * std::pow(z(i, 1), w(1, r)) * std::pow(z(i, 2), w(2, r)),
                  1e-13 * sc(i, r));
  EXPECT_EQ(rk(4, 0), 1);
  EXPECT_EQ(rk(0, 1), 5);
}

TEST(BatchArithmetic, BadShapesAndEmptyInputs) {
  Eigen::MatrixXd scores, ranks;
  EXPECT_THROW(batch_arithmetic(Eigen::MatrixXd::Ones(3, 2), Eigen::MatrixXd::Ones(3, 4), scores, ranks),
               recipe_error);
  batch_arithmetic(Eigen::MatrixXd::Ones(0, 2), Eigen::MatrixXd::Ones(2, 4), scores, ranks);
  EXPECT_EQ(scores.rows(), 0);
  EXPECT_EQ(scores.cols(), 4);
  EXPECT_THROW((void)dirichlet_weights(Eigen::VectorXd::Zero(3), 2, 1), recipe_error);
}

}  // namespace
