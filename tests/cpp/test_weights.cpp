// SPDX-License-Identifier: MIT
// Weight kernels (include/tijian/weights.hpp): entropy, coefficient of variation, standard
// deviation, CRITIC, correlations, PCA, AHP and the combinations.
//
// Where expected numbers are pasted, the comment says where they came from: pymcdm 1.4.0 (run in
// a scratch venv, not a project dependency), numpy 2.4 / scipy 1.17 (same venv), or by hand.
// Formulas: shared/reference/evaluation-methods.md §2-§6, mcdm-peers.md §3.
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>  // only to cross-check the header's Jacobi eigensolver
#include <cmath>
#include <initializer_list>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "tijian/correlation.hpp"
#include "tijian/weights.hpp"

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

void expect_near(const VectorXd& actual, std::initializer_list<double> expected, double tol,
                 const char* what = "") {
  ASSERT_EQ(actual.size(), static_cast<Eigen::Index>(expected.size())) << what;
  Eigen::Index i = 0;
  for (double e : expected) {
    EXPECT_NEAR(actual(i), e, tol) << what << " [" << i << "]";
    ++i;
  }
}

void expect_sums_to_one(const VectorXd& w) {
  EXPECT_NEAR(w.sum(), 1.0, 1e-12);
  EXPECT_GE(w.minCoeff(), 0.0);
}

/// Runs f, expects a recipe_error with `id` whose what() contains every fragment.
template <class F>
void expect_error(F&& f, const std::string& id, std::initializer_list<const char*> fragments = {}) {
  try {
    f();
    ADD_FAILURE() << "no exception; expected " << id;
  } catch (const tijian::recipe_error& e) {
    EXPECT_EQ(e.id(), id) << e.what();
    const std::string text = e.what();
    for (const char* frag : fragments)
      EXPECT_NE(text.find(frag), std::string::npos) << "'" << frag << "' not in: " << text;
  }
}

MatrixXd rows(std::initializer_list<std::initializer_list<double>> r) {
  MatrixXd m(static_cast<Eigen::Index>(r.size()), static_cast<Eigen::Index>(r.begin()->size()));
  Eigen::Index i = 0;
  for (const auto& row : r) {
    Eigen::Index j = 0;
    for (double v : row) m(i, j++) = v;
    ++i;
  }
  return m;
}

/// Column-wise min-max to [0, 1], higher is better (pymcdm's minmax_normalization without types).
MatrixXd min_max(const MatrixXd& x) {
  MatrixXd z(x.rows(), x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double lo = x.col(j).minCoeff(), hi = x.col(j).maxCoeff();
    z.col(j) = (x.col(j).array() - lo) / (hi - lo);
  }
  return z;
}

/// Textbook entropy, written independently of the header: p_ij = t_ij / sum_i t_ij,
/// e_j = -(1 / ln n_j) sum_i p_ij ln p_ij (0 ln 0 = 0), NaN cells skipped.
VectorXd textbook_entropy(const MatrixXd& z) {
  VectorXd e(z.cols());
  for (Eigen::Index j = 0; j < z.cols(); ++j) {
    double total = 0;
    int n = 0;
    for (Eigen::Index i = 0; i < z.rows(); ++i)
      if (!std::isnan(z(i, j))) {
        total += z(i, j);
        ++n;
      }
    double h = 0;
    for (Eigen::Index i = 0; i < z.rows(); ++i) {
      if (std::isnan(z(i, j))) continue;
      const double p = z(i, j) / total;
      if (p > 0) h += p * std::log(p);
    }
    e(j) = -h / std::log(static_cast<double>(n));
  }
  return e;
}

// pymcdm's documentation example (5 alternatives x 4 criteria), positive, no zeros, with ties.
const MatrixXd M =
    rows({{250, 16, 12, 5}, {200, 16, 8, 3}, {300, 32, 16, 4}, {275, 32, 8, 4}, {225, 16, 16, 2}});

// Raw 4 x 3 data whose min-max values are Z below: every column has a 0 (and a 1).
const MatrixXd Xraw = rows({{10, 8, 0.35}, {12.5, 3, 0.6}, {20, 6, 0.1}, {15, 4.5, 0.2}});
const MatrixXd Z = rows({{0, 1, 0.5}, {0.25, 0, 1}, {1, 0.6, 0}, {0.5, 0.3, 0.2}});

// ---- entropy ----------------------------------------------------------------------------------

TEST(Entropy, FiveZeroVariantsOnA4x3MatrixWithZeros) {
  // Expected e_j and w_j from numpy (textbook p-based formula per variant, evaluation-methods.md
  // §2): A shift t = z + 1e-4; B compress t = 0.002 + 0.996 z; C 0 ln 0 = 0; D ln(p + 1e-10);
  // E p = x / sum x on the raw data (no min-max).
  using tijian::entropy_zeros;
  tijian::entropy_options o;

  o.zeros = entropy_zeros::zero_log_zero;
  expect_near(tijian::entropy_values(Z, o), {0.6893917467430878, 0.7164915605280027, 0.6664102022925098},
              1e-13, "C e");
  const VectorXd wC = tijian::entropy_weights(Z, o);
  expect_near(wC, {0.33481306475585815, 0.30560144010486867, 0.3595854951392732}, 1e-13, "C w");

  o.zeros = entropy_zeros::shift;
  expect_near(tijian::entropy_values(Z, o), {0.6898329272649524, 0.7168908601079325, 0.6668743076423866},
              1e-13, "A e");
  const VectorXd wA = tijian::entropy_weights(Z, o);
  expect_near(wA, {0.334808327860855, 0.30560077474876796, 0.3595908973903771}, 1e-13, "A w");

  o.zeros = entropy_zeros::compress;
  expect_near(tijian::entropy_values(Z, o), {0.6957424530062497, 0.7222020411958139, 0.6731451746043393},
              1e-13, "B e");
  const VectorXd wB = tijian::entropy_weights(Z, o);
  expect_near(wB, {0.3347497949486325, 0.3056384653911645, 0.35961173966020293}, 1e-13, "B w");

  o.zeros = entropy_zeros::log_epsilon;
  expect_near(tijian::entropy_values(Z, o), {0.6893917465266836, 0.7164915603115983, 0.6664102020761056},
              1e-13, "D e");
  const VectorXd wD = tijian::entropy_weights(Z, o);
  expect_near(wD, {0.3348130647548226, 0.30560144012427565, 0.35958549512090177}, 1e-13, "D w");

  o.zeros = entropy_zeros::raw_proportions;
  expect_near(tijian::entropy_values(Xraw, o), {0.9765762937075554, 0.9566364468166115, 0.8685074056262204},
              1e-13, "E e");
  const VectorXd wE = tijian::entropy_weights(Xraw, o);
  expect_near(wE, {0.11813457513545757, 0.2186987348511866, 0.6631666900133558}, 1e-13, "E w");

  // The variants differ (A-D only slightly here; E, on raw data, materially).
  EXPECT_GT((wA - wC).cwiseAbs().maxCoeff(), 1e-7);
  EXPECT_GT((wB - wC).cwiseAbs().maxCoeff(), 1e-5);
  EXPECT_GT((wD - wC).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_GT((wE - wC).cwiseAbs().maxCoeff(), 0.1);
  EXPECT_GT((wA - wB).cwiseAbs().maxCoeff(), 1e-5);
  for (const VectorXd& w : {wA, wB, wC, wD, wE}) expect_sums_to_one(w);
}

TEST(Entropy, MatchesPymcdmOnPositiveRawData) {
  // pymcdm 1.4.0 entropy_weights(M): sum-normalisation of the raw matrix = raw_proportions.
  // (pymcdm gives a column with a zero entropy 0; M has no zeros.)
  tijian::entropy_options o;
  o.zeros = tijian::entropy_zeros::raw_proportions;
  expect_near(tijian::entropy_weights(M, o),
              {0.06391538399045828, 0.3788312783411814, 0.2879206127537567, 0.2693327249146037}, 1e-12);
}

TEST(Entropy, OnePassFormulaEqualsTextbookFormula) {
  // entropy_values computes sum p ln p = (sum z ln z) / S - ln S; compare with the p-based loop on
  // a 500 x 6 matrix with zeros, ties, a nearly constant column and NaN cells.
  std::mt19937 gen(42);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  MatrixXd z(500, 6);
  for (Eigen::Index i = 0; i < z.rows(); ++i) {
    z(i, 0) = u(gen);
    z(i, 1) = u(gen) < 0.3 ? 0.0 : u(gen);         // many zeros
    z(i, 2) = std::floor(u(gen) * 4) / 3;          // ties in {0, 1/3, 2/3, 1}
    z(i, 3) = 0.5 + 1e-6 * u(gen);                 // nearly constant: e close to 1
    z(i, 4) = std::pow(u(gen), 8);                 // skewed
    z(i, 5) = (i % 7 == 0) ? NaN : u(gen) * 1000;  // missing cells, larger scale
  }
  const VectorXd fast = tijian::entropy_values(z);
  const VectorXd slow = textbook_entropy(z);
  for (Eigen::Index j = 0; j < z.cols(); ++j) EXPECT_NEAR(fast(j), slow(j), 1e-13) << j;
  EXPECT_GT(1 - fast(3), 0.0);
  EXPECT_LT(1 - fast(3), 1e-9);
}

TEST(Entropy, LargeMatrixWithNaNMatchesTextbook) {
  // 60,000 x 5 = 300,000 cells: above the OpenMP threshold (when built with OpenMP) and many
  // 1,024-row chunks, some with NaN (cell-by-cell path) and most without (vectorised path).
  std::mt19937 gen(11);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  MatrixXd z(60000, 5);
  for (Eigen::Index i = 0; i < z.rows(); ++i)
    for (Eigen::Index j = 0; j < z.cols(); ++j)
      z(i, j) = (i % (5000 + 1000 * j) == 17) ? NaN : (u(gen) < 0.05 ? 0.0 : u(gen));
  const VectorXd fast = tijian::entropy_values(z);
  const VectorXd slow = textbook_entropy(z);
  for (Eigen::Index j = 0; j < z.cols(); ++j) EXPECT_NEAR(fast(j), slow(j), 1e-12) << j;
  tijian::entropy_options o;
  o.zeros = tijian::entropy_zeros::log_epsilon;
  const VectorXd eps = tijian::entropy_values(z, o);
  for (Eigen::Index j = 0; j < z.cols(); ++j) {
    // Textbook D: e_j = -(1 / ln n_j) sum p ln(p + 1e-10). With p ~ 1/n_j ~ 2e-5 the epsilon
    // shifts e_j by ~ 1e-10 / p / ln n ~ 5e-7: the variant matters on long columns.
    double total = 0, h = 0;
    int n = 0;
    for (Eigen::Index i = 0; i < z.rows(); ++i)
      if (!std::isnan(z(i, j))) {
        total += z(i, j);
        ++n;
      }
    for (Eigen::Index i = 0; i < z.rows(); ++i)
      if (!std::isnan(z(i, j))) h += z(i, j) / total * std::log(z(i, j) / total + 1e-10);
    EXPECT_NEAR(eps(j), -h / std::log(static_cast<double>(n)), 1e-12) << j;
    EXPECT_GT(std::fabs(eps(j) - slow(j)), 1e-7) << j;
  }
}

TEST(Entropy, ConstantColumnGetsWeightZero) {
  MatrixXd z = Z;
  z.col(1).setConstant(0.4);
  const VectorXd e = tijian::entropy_values(z);
  EXPECT_EQ(e(1), 1.0);
  const VectorXd w = tijian::entropy_weights(z);
  EXPECT_EQ(w(1), 0.0);
  // The other two keep their relative d_j: d = 1 - e from the C variant above.
  const double d0 = 1 - 0.6893917467430878, d2 = 1 - 0.6664102022925098;
  expect_near(w, {d0 / (d0 + d2), 0.0, d2 / (d0 + d2)}, 1e-13);
  // Same in every variant (log_epsilon included: e = 1 exactly for a constant column).
  for (auto zeros :
       {tijian::entropy_zeros::shift, tijian::entropy_zeros::compress, tijian::entropy_zeros::log_epsilon}) {
    tijian::entropy_options o;
    o.zeros = zeros;
    EXPECT_EQ(tijian::entropy_weights(z, o)(1), 0.0);
  }
  // An all-zero min-max column (what min-max gives a constant indicator) is constant too.
  z.col(1).setZero();
  EXPECT_EQ(tijian::entropy_weights(z)(1), 0.0);
}

TEST(Entropy, NaNCellIsSkipped) {
  // Column 0 with row 2 missing: n_0 = 3, k = 1 / ln 3; numpy on z = (0, 0.25, 0.5):
  // e_0 = 0.5793801642856949. The other columns are as without the NaN.
  MatrixXd z = Z;
  z(2, 0) = NaN;
  expect_near(tijian::entropy_values(z), {0.5793801642856949, 0.7164915605280027, 0.6664102022925098}, 1e-13);
  expect_sums_to_one(tijian::entropy_weights(z));
}

TEST(Entropy, Errors) {
  const std::vector<std::string> names{"gdp", "pm25", "green"};
  MatrixXd z = Z;
  z(1, 2) = -0.1;
  expect_error([&] { (void)tijian::entropy_weights(z, {}, &names); }, "weights.negative_value",
               {"column 2", "row 1", "green"});
  z = Z;
  z.col(1) << NaN, 0.5, NaN, NaN;
  expect_error([&] { (void)tijian::entropy_weights(z, {}, &names); }, "weights.too_few_values",
               {"column 1", "pm25"});
  z = Z;
  z(0, 0) = std::numeric_limits<double>::infinity();
  expect_error([&] { (void)tijian::entropy_weights(z); }, "weights.non_finite", {"column 0"});
  z = MatrixXd::Constant(4, 3, 0.5);
  expect_error([&] { (void)tijian::entropy_weights(z); }, "weights.all_constant");
  const std::vector<std::string> two{"a", "b"};
  expect_error([&] { (void)tijian::entropy_weights(Z, {}, &two); }, "weights.shape");
  tijian::entropy_options o;
  o.zeros = tijian::entropy_zeros::compress;
  o.compress = 0.6;
  expect_error([&] { (void)tijian::entropy_weights(Z, o); }, "weights.entropy_option");
}

// ---- coefficient of variation and standard deviation --------------------------------------------

TEST(CoefficientOfVariation, MatchesNumpy) {
  // numpy: V = M.std(0, ddof=1) / |M.mean(0)|, w = V / V.sum().
  expect_near(tijian::coefficient_of_variation_weights(M),
              {0.13182825115261596, 0.32619032695611605, 0.2779183557326559, 0.26406306615861197}, 1e-13);
}

TEST(CoefficientOfVariation, HandValuesNaNAndErrors) {
  // Column 0: (1, 3) -> mean 2, sd sqrt(2), V = 0.70710678; column 1: (2, 4, 6) -> mean 4, sd 2,
  // V = 0.5 (the NaN cell in column 0 is skipped); column 2 constant -> 0.
  const MatrixXd x = rows({{1, 2, 7}, {NaN, 4, 7}, {3, 6, 7}});
  const double v0 = std::sqrt(2.0) / 2, v1 = 0.5;
  expect_near(tijian::coefficient_of_variation_weights(x), {v0 / (v0 + v1), v1 / (v0 + v1), 0.0}, 1e-14);
  // A constant column with mean 0 is still just constant (weight 0), not an error.
  MatrixXd y = x;
  y.col(2).setZero();
  EXPECT_EQ(tijian::coefficient_of_variation_weights(y)(2), 0.0);
  // Mean 0 on a varying column: undefined.
  const std::vector<std::string> names{"a", "balance", "c"};
  y.col(1) << -1, 0, 1;
  expect_error([&] { (void)tijian::coefficient_of_variation_weights(y, &names); }, "weights.zero_mean",
               {"column 1", "balance"});
}

TEST(StandardDeviation, MatchesPymcdm) {
  // pymcdm 1.4.0 standard_deviation_weights(M) (std with ddof=1 of the raw matrix).
  expect_near(tijian::standard_deviation_weights(M),
              {0.7397873473602427, 0.16401270687034186, 0.07486121605864064, 0.021338729710774756}, 1e-13);
}

TEST(StandardDeviation, NaNSkippedAndConstantZero) {
  // Column 0 without the NaN: (1, 3) -> sd sqrt(2); column 1: (2, 4, 6) -> sd 2; column 2: 0.
  const MatrixXd x = rows({{1, 2, 7}, {NaN, 4, 7}, {3, 6, 7}});
  const double s0 = std::sqrt(2.0), s1 = 2;
  expect_near(tijian::standard_deviation_weights(x), {s0 / (s0 + s1), s1 / (s0 + s1), 0.0}, 1e-14);
  expect_error([] { (void)tijian::standard_deviation_weights(MatrixXd::Ones(3, 2)); },
               "weights.all_constant");
}

// ---- correlations -------------------------------------------------------------------------------

TEST(Correlation, SpearmanAndKendallMatchScipy) {
  // scipy.stats.spearmanr(M) and kendalltau (tau-b) per pair; M has ties in columns 1-3.
  const MatrixXd s = tijian::correlation_matrix(M, tijian::correlation_kind::spearman);
  const MatrixXd k = tijian::correlation_matrix(M, tijian::correlation_kind::kendall);
  const double sp[4][4] = {{1, 0.8660254037844386, 0.31622776601683794, 0.5642880936468347},
                           {0.8660254037844386, 1, 0, 0.2961744388795462},
                           {0.31622776601683794, 0, 1, -0.16222142113076254},
                           {0.5642880936468347, 0.2961744388795462, -0.16222142113076254, 1}};
  const double kt[4][4] = {{1, 0.7745966692414834, 0.22360679774997896, 0.31622776601683794},
                           {0.7745966692414834, 1, 0, 0.27216552697590873},
                           {0.22360679774997896, 0, 1, -0.1178511301977579},
                           {0.31622776601683794, 0.27216552697590873, -0.1178511301977579, 1}};
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) {
      EXPECT_NEAR(s(i, j), sp[i][j], 1e-14) << i << "," << j;
      EXPECT_NEAR(k(i, j), kt[i][j], 1e-14) << i << "," << j;
    }
  // Pearson against a direct two-pass computation.
  const MatrixXd p = tijian::correlation_matrix(M);
  const MatrixXd c = M.rowwise() - M.colwise().mean();
  const MatrixXd cov = c.transpose() * c;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) EXPECT_NEAR(p(i, j), cov(i, j) / std::sqrt(cov(i, i) * cov(j, j)), 1e-14);
}

TEST(Correlation, KendallMatchesNaiveTauB) {
  // O(n log n) Knight algorithm vs the O(n^2) definition: tau_b = (C - D) /
  // sqrt((n0 - n1)(n0 - n2)), n0 = n(n-1)/2, n1 / n2 = pairs tied in x / y. Many ties.
  std::mt19937 gen(5);
  std::uniform_int_distribution<int> d(0, 9);
  MatrixXd x(300, 3);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    x(i, 0) = d(gen);
    x(i, 1) = x(i, 0) + d(gen) / 2;  // positively related
    x(i, 2) = (i % 13 == 0) ? NaN : 9 - x(i, 0) + d(gen) % 3;
  }
  const MatrixXd k = tijian::correlation_matrix(x, tijian::correlation_kind::kendall);
  for (int a = 0; a < 3; ++a)
    for (int b = a + 1; b < 3; ++b) {
      double conc = 0, disc = 0, tx = 0, ty = 0, n = 0;
      std::vector<Eigen::Index> r;
      for (Eigen::Index i = 0; i < x.rows(); ++i)
        if (!std::isnan(x(i, a)) && !std::isnan(x(i, b))) r.push_back(i);
      n = static_cast<double>(r.size());
      for (std::size_t i = 0; i < r.size(); ++i)
        for (std::size_t j = i + 1; j < r.size(); ++j) {
          const double dx = x(r[i], a) - x(r[j], a), dy = x(r[i], b) - x(r[j], b);
          if (dx == 0) tx += 1;
          if (dy == 0) ty += 1;
          if (dx * dy > 0) conc += 1;
          if (dx * dy < 0) disc += 1;
        }
      const double n0 = n * (n - 1) / 2;
      EXPECT_NEAR(k(a, b), (conc - disc) / std::sqrt((n0 - tx) * (n0 - ty)), 1e-14) << a << b;
    }
  EXPECT_GT(k(0, 1), 0.5);
  EXPECT_LT(k(0, 2), -0.5);
}

TEST(Correlation, PairwiseCompleteWithNaN) {
  // Each pair on the rows where both are present; scipy/numpy on the shared rows (Spearman
  // re-ranks the shared rows).
  const MatrixXd x = rows({{1, 2, 0.5}, {2, 1, 0.7}, {3, 4, NaN}, {4, 3, 0.1}, {5, 6, 0.9}, {NaN, 5, 0.3}});
  const MatrixXd p = tijian::correlation_matrix(x, tijian::correlation_kind::pearson);
  const MatrixXd s = tijian::correlation_matrix(x, tijian::correlation_kind::spearman);
  const MatrixXd k = tijian::correlation_matrix(x, tijian::correlation_kind::kendall);
  EXPECT_NEAR(p(0, 1), 0.8219949365267863, 1e-14);
  EXPECT_NEAR(p(0, 2), 0.1069044967649698, 1e-14);
  EXPECT_NEAR(p(1, 2), 0.15249857033260472, 1e-14);
  EXPECT_NEAR(s(0, 1), 0.8, 1e-14);
  EXPECT_NEAR(s(0, 2), 0.4, 1e-14);
  EXPECT_NEAR(s(1, 2), 0.1, 1e-14);
  EXPECT_NEAR(k(0, 1), 0.6, 1e-14);
  EXPECT_NEAR(k(0, 2), 1.0 / 3, 1e-14);
  EXPECT_NEAR(k(1, 2), 0.0, 1e-14);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(p(i, i), 1.0);
    for (int j = 0; j < 3; ++j) EXPECT_EQ(p(i, j), p(j, i));
  }
  // A constant column correlates with nothing: NaN, diagonal included.
  MatrixXd y = x;
  y.col(2).setConstant(3);
  const MatrixXd q = tijian::correlation_matrix(y);
  EXPECT_TRUE(std::isnan(q(0, 2)));
  EXPECT_TRUE(std::isnan(q(2, 2)));
}

TEST(Correlation, BlockedPearsonOnLargeMatrix) {
  // More rows than one block (256) with an offset mean: compare with a direct computation.
  std::mt19937 gen(7);
  std::normal_distribution<double> g(0.0, 1.0);
  MatrixXd x(1000, 5);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const double f = g(gen);
    for (Eigen::Index j = 0; j < x.cols(); ++j) x(i, j) = 1e4 + 10 * j + f * j + g(gen);
  }
  const MatrixXd r = tijian::correlation_matrix(x);
  const MatrixXd c = x.rowwise() - x.colwise().mean();
  const MatrixXd cov = c.transpose() * c;
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 5; ++j) EXPECT_NEAR(r(i, j), cov(i, j) / std::sqrt(cov(i, i) * cov(j, j)), 1e-12);
}

// ---- CRITIC -------------------------------------------------------------------------------------

TEST(Critic, MatchesPymcdm) {
  // pymcdm 1.4.0 critic_weights(M): min-max without flipping cost columns, Pearson, 1 - r, sd
  // with ddof = 1. We min-max here; the kernel expects normalised data.
  const MatrixXd n = min_max(M);
  expect_near(tijian::critic_weights(n),
              {0.13018015580082568, 0.25902748435987316, 0.3784756334316029, 0.2323167264076981}, 1e-13);
}

TEST(Critic, CorrelationAndConflictVariants) {
  // numpy/scipy on min_max(M): C_j = sd_j * sum_k (1 - r_jk) [or 1 - |r_jk|].
  const MatrixXd n = min_max(M);
  tijian::critic_options o;
  o.conflict = tijian::critic_conflict::one_minus_abs_r;
  expect_near(tijian::critic_weights(n, o),
              {0.1447458566754166, 0.28800975767391196, 0.3572538609440655, 0.2099905247066059}, 1e-13,
              "abs");
  o = {};
  o.correlation = tijian::correlation_kind::spearman;
  expect_near(tijian::critic_weights(n, o),
              {0.13039185436311035, 0.26490448955012286, 0.3744849242213198, 0.23021873186544695}, 1e-13,
              "spearman");
  o.correlation = tijian::correlation_kind::kendall;
  expect_near(tijian::critic_weights(n, o),
              {0.16075940080627144, 0.2581283105800897, 0.3491604835659964, 0.2319518050476424}, 1e-13,
              "kendall");
}

TEST(Critic, ConstantColumnIsLeftOut) {
  // A constant column gets 0 and the others equal CRITIC without it.
  const MatrixXd n = min_max(M);
  MatrixXd with(5, 5);
  with << n.leftCols(2), VectorXd::Constant(5, 0.3), n.rightCols(2);
  const VectorXd w = tijian::critic_weights(with);
  const VectorXd ref = tijian::critic_weights(n);
  expect_near(w, {ref(0), ref(1), 0.0, ref(2), ref(3)}, 1e-14);
  // Only one informative column: it gets everything.
  MatrixXd one(4, 2);
  one << 0, 0.5, 0.3, 0.5, 1, 0.5, 0.6, 0.5;
  expect_near(tijian::critic_weights(one), {1.0, 0.0}, 0);
}

TEST(Critic, NaNPairwiseAndErrors) {
  // With a NaN: sd over the column's present cells, r over the pair's shared rows. Check against
  // the formula evaluated with correlation_matrix (verified against numpy above).
  MatrixXd n = min_max(M);
  n(2, 1) = NaN;
  const MatrixXd r = tijian::correlation_matrix(n);
  VectorXd c(4);
  for (int j = 0; j < 4; ++j) {
    double sum = 0, sum2 = 0;
    int cnt = 0;
    for (int i = 0; i < 5; ++i)
      if (!std::isnan(n(i, j))) {
        sum += n(i, j);
        ++cnt;
      }
    for (int i = 0; i < 5; ++i)
      if (!std::isnan(n(i, j))) sum2 += (n(i, j) - sum / cnt) * (n(i, j) - sum / cnt);
    c(j) = std::sqrt(sum2 / (cnt - 1)) * (1 - r.col(j).array()).sum();
  }
  const VectorXd w = tijian::critic_weights(n);
  for (int j = 0; j < 4; ++j) EXPECT_NEAR(w(j), c(j) / c.sum(), 1e-14);

  // Two columns that never share a row.
  const std::vector<std::string> names{"a", "b", "c"};
  const MatrixXd x = rows({{0, NaN, 0.2}, {1, NaN, 0.9}, {NaN, 0, 0.1}, {NaN, 1, 0.5}});
  expect_error([&] { (void)tijian::critic_weights(x, {}, &names); }, "weights.correlation_undefined",
               {"column 0 ('a')", "column 1 ('b')"});
}

// ---- PCA ----------------------------------------------------------------------------------------

TEST(Pca, KnownFirstComponent) {
  // Columns a, 2a + 1 (perfectly correlated) and c = (1, 0, 0, 0, 0, 1), uncorrelated with a
  // (sum (c - mean c)(a - mean a) = 2/3 (-2.5) + 2/3 (2.5) - 1/3 (-1.5 - 0.5 + 0.5 + 1.5) = 0).
  // Correlation matrix [[1, 1, 0], [1, 1, 0], [0, 0, 1]]: eigenvalues 2, 1, 0; first component
  // (1, 1, 0) / sqrt 2; variance explained 2 / 3.
  const MatrixXd x = rows({{1, 3, 1}, {2, 5, 0}, {3, 7, 0}, {4, 9, 0}, {5, 11, 0}, {6, 13, 1}});
  const auto sq = tijian::pca_weights(x);
  expect_near(sq.weights, {0.5, 0.5, 0.0}, 1e-14);
  expect_near(sq.loadings, {1 / std::sqrt(2.0), 1 / std::sqrt(2.0), 0.0}, 1e-14);
  EXPECT_NEAR(sq.variance_explained, 2.0 / 3, 1e-14);
  const auto ab = tijian::pca_weights(x, tijian::pca_form::absolute_loadings);
  expect_near(ab.weights, {0.5, 0.5, 0.0}, 1e-14);
}

TEST(Pca, SignFixedSoLoadingsSumPositive) {
  // a, 2a + 1, -a: correlation [[1, 1, -1], [1, 1, -1], [-1, -1, 1]], lambda_1 = 3 (all the
  // variance), eigenvector (1, 1, -1) / sqrt 3 up to sign; we return the sign with sum > 0.
  const MatrixXd x = rows({{1, 3, -1}, {2, 5, -2}, {4, 9, -4}, {7, 15, -7}});
  const auto r = tijian::pca_weights(x);
  const double s = 1 / std::sqrt(3.0);
  expect_near(r.loadings, {s, s, -s}, 1e-14);
  expect_near(r.weights, {1.0 / 3, 1.0 / 3, 1.0 / 3}, 1e-14);
  EXPECT_NEAR(r.variance_explained, 1.0, 1e-14);
}

TEST(Pca, MatchesNumpyEigh) {
  // numpy: C = corrcoef(M.T); lam, V = eigh(C); l = V[:, -1] (sign: sum > 0).
  const auto sq = tijian::pca_weights(M);
  expect_near(sq.loadings, {0.6606557904946846, 0.5957948722817507, 0.09231970778366766, 0.44725772011599085},
              1e-12);
  expect_near(sq.weights, {0.43646607351415656, 0.3549715298372276, 0.008522928445261787, 0.200039468203354},
              1e-12);
  EXPECT_NEAR(sq.variance_explained, 0.5501795739616047, 1e-13);
  const auto ab = tijian::pca_weights(M, tijian::pca_form::absolute_loadings);
  expect_near(ab.weights, {0.3678426823747442, 0.3317291502147222, 0.05140215137109297, 0.24902601603944063},
              1e-12);
}

TEST(Pca, JacobiAgreesWithEigenSelfAdjointSolver) {
  // The header's hand-written Jacobi eigensolver vs Eigen::SelfAdjointEigenSolver on a 12 x 12
  // correlation matrix.
  std::mt19937 gen(3);
  std::normal_distribution<double> g(0.0, 1.0);
  MatrixXd x(200, 12);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const double f1 = g(gen), f2 = g(gen);
    for (Eigen::Index j = 0; j < x.cols(); ++j)
      x(i, j) = (j % 3 == 0 ? 0.2 : 1.0) * f1 + 0.5 * (j % 2) * f2 + 0.7 * g(gen);
  }
  const auto r = tijian::pca_weights(x);
  const Eigen::SelfAdjointEigenSolver<MatrixXd> es(tijian::correlation_matrix(x));
  VectorXd l = es.eigenvectors().col(11);
  if (l.sum() < 0) l = -l;
  for (Eigen::Index j = 0; j < 12; ++j) EXPECT_NEAR(r.loadings(j), l(j), 1e-12) << j;
  EXPECT_NEAR(r.variance_explained, es.eigenvalues()(11) / 12, 1e-13);
}

TEST(Pca, IncompleteRowsDroppedConstantColumnAndErrors) {
  MatrixXd x(7, 4);  // M plus two rows with a missing cell: dropped, same result as M
  x.topRows(5) = M;
  x.row(5) << 260, NaN, 10, 3;
  x.row(6) << NaN, 20, 12, 4;
  const auto r = tijian::pca_weights(x);
  const auto ref = tijian::pca_weights(M);
  for (Eigen::Index j = 0; j < 4; ++j) EXPECT_NEAR(r.weights(j), ref.weights(j), 1e-14);
  EXPECT_NEAR(r.variance_explained, ref.variance_explained, 1e-14);

  MatrixXd c(5, 5);
  c << M.leftCols(2), VectorXd::Constant(5, 9.0), M.rightCols(2);
  const auto rc = tijian::pca_weights(c);
  EXPECT_EQ(rc.weights(2), 0.0);
  EXPECT_EQ(rc.loadings(2), 0.0);
  EXPECT_NEAR(rc.weights(0), ref.weights(0), 1e-12);
  EXPECT_NEAR(rc.variance_explained, ref.variance_explained, 1e-12);  // trace = 4 informative

  const MatrixXd few = rows({{1, 2}, {2, NaN}, {3, 1}, {NaN, 5}});
  expect_error([&] { (void)tijian::pca_weights(few); }, "weights.pca_too_few_rows", {"2 complete"});
  expect_error([] { (void)tijian::pca_weights(MatrixXd::Ones(4, 3)); }, "weights.all_constant");
}

// ---- AHP ----------------------------------------------------------------------------------------

TEST(Ahp, ConsistentMatrixGivesExactWeights) {
  // a_ij = w_i / w_j with w = (4, 2, 1) / 7: every method returns w, lambda_max = n, CI = CR = 0.
  const MatrixXd a = rows({{1, 2, 4}, {0.5, 1, 2}, {0.25, 0.5, 1}});
  for (auto m : {tijian::ahp_method::eigenvector, tijian::ahp_method::geometric_mean,
                 tijian::ahp_method::column_normalised}) {
    const auto r = tijian::ahp(a, m);
    expect_near(r.weights, {4.0 / 7, 2.0 / 7, 1.0 / 7}, 1e-15, tijian::to_string(m));
    EXPECT_NEAR(r.lambda_max, 3.0, 1e-14);
    EXPECT_EQ(r.ci, 0.0);
    EXPECT_EQ(r.cr, 0.0);
    EXPECT_DOUBLE_EQ(r.ri, 0.58);
    EXPECT_TRUE(r.consistent);
  }
}

TEST(Ahp, SaatyClassicInconsistentExample) {
  // A = [[1, 5, 3], [1/5, 1, 1/3], [1/3, 3, 1]] (Saaty's textbook example). Hand values:
  // w ≈ (0.637, 0.105, 0.258), lambda_max ≈ 3.0385, CI = (lambda - 3) / 2 ≈ 0.0193,
  // CR = CI / 0.58 ≈ 0.0332 < 0.1. Precise values from numpy.linalg.eig (and pymcdm 1.4.0
  // AHP(matrix=A)() gives the same weights); lambda_max by (1/n) sum (Aw)_i / w_i.
  // For n = 3 the geometric mean equals the eigenvector; column normalisation differs.
  const MatrixXd a = rows({{1, 5, 3}, {1.0 / 5, 1, 1.0 / 3}, {1.0 / 3, 3, 1}});
  const auto ev = tijian::ahp(a);
  expect_near(ev.weights, {0.6369855717447571, 0.10472943388074793, 0.25828499437449504}, 1e-13);
  EXPECT_NEAR(ev.lambda_max, 3.0385110905581745, 1e-12);
  EXPECT_NEAR(ev.ci, 0.01925554527908524, 1e-12);
  EXPECT_NEAR(ev.cr, 0.03319921599842283, 1e-12);
  EXPECT_NEAR(ev.lambda_max, 3.0385, 1e-4);  // the hand values
  EXPECT_NEAR(ev.ci, 0.0193, 1e-4);
  EXPECT_NEAR(ev.cr, 0.0332, 1e-4);
  EXPECT_TRUE(ev.consistent);

  const auto gm = tijian::ahp(a, tijian::ahp_method::geometric_mean);
  expect_near(gm.weights, {0.6369855717447572, 0.10472943388074786, 0.258284994374495}, 1e-13);
  const auto cn = tijian::ahp(a, tijian::ahp_method::column_normalised);
  expect_near(cn.weights, {0.633345720302242, 0.1061563235476279, 0.26049795615013005}, 1e-13);
  EXPECT_NEAR(cn.lambda_max, 3.0387146809594667, 1e-12);
  EXPECT_NEAR(cn.cr, 0.03337472496505753, 1e-12);
  // Textbook RI table: RI(3) = 0.52.
  const auto tb = tijian::ahp(a, tijian::ahp_method::eigenvector, tijian::ri_table::textbook);
  EXPECT_DOUBLE_EQ(tb.ri, 0.52);
  EXPECT_NEAR(tb.cr, 0.037029894767471615, 1e-12);
}

TEST(Ahp, ThreeMethodsDifferOn4x4) {
  // numpy: eigenvector (pymcdm 1.4.0 AHP(matrix=A)() agrees), row geometric means, column
  // normalisation; lambda by (1/n) sum (Aw)_i / w_i; CR with RI(4) = 0.90.
  const MatrixXd a =
      rows({{1, 3, 5, 9}, {1.0 / 3, 1, 3, 7}, {1.0 / 5, 1.0 / 3, 1, 3}, {1.0 / 9, 1.0 / 7, 1.0 / 3, 1}});
  const auto ev = tijian::ahp(a, tijian::ahp_method::eigenvector);
  const auto gm = tijian::ahp(a, tijian::ahp_method::geometric_mean);
  const auto cn = tijian::ahp(a, tijian::ahp_method::column_normalised);
  expect_near(ev.weights, {0.5734545879325449, 0.2712271740589789, 0.11023250023615139, 0.04508573777232489},
              1e-13, "ev");
  expect_near(gm.weights, {0.57061303840429, 0.27229066893809933, 0.11194784756878279, 0.04514844508882798},
              1e-13, "gm");
  expect_near(cn.weights, {0.5660087899449602, 0.27438388236260575, 0.11330814096771544, 0.04629918672471864},
              1e-13, "cn");
  EXPECT_NEAR(ev.lambda_max, 4.087630128990956, 1e-12);
  EXPECT_NEAR(gm.lambda_max, 4.087422044965404, 1e-12);
  EXPECT_NEAR(cn.lambda_max, 4.087975812734895, 1e-12);
  EXPECT_NEAR(ev.ci, 0.029210042996984598, 1e-12);
  EXPECT_NEAR(ev.cr, 0.03245560332998289, 1e-12);
  EXPECT_NEAR(gm.cr, 0.03237853517237184, 1e-12);
  EXPECT_NEAR(cn.cr, 0.03258363434625727, 1e-12);
}

TEST(Ahp, VeryInconsistentCycle) {
  // 1 > 2 > 3 > 1, each 9 times: a circulant matrix with rows (1, 9, 1/9) permuted. By hand:
  // w = (1/3, 1/3, 1/3), lambda_max = 1 + 9 + 1/9 (row sum), CI = (lambda - 3) / 2 = 3.5556,
  // CR = CI / 0.58 = 6.1303 -> not consistent.
  const MatrixXd a = rows({{1, 9, 1.0 / 9}, {1.0 / 9, 1, 9}, {9, 1.0 / 9, 1}});
  const auto r = tijian::ahp(a);
  expect_near(r.weights, {1.0 / 3, 1.0 / 3, 1.0 / 3}, 1e-14);
  const double lambda = 1 + 9 + 1.0 / 9;
  EXPECT_NEAR(r.lambda_max, lambda, 1e-12);
  EXPECT_NEAR(r.ci, (lambda - 3) / 2, 1e-12);
  EXPECT_NEAR(r.cr, (lambda - 3) / 2 / 0.58, 1e-12);
  EXPECT_FALSE(r.consistent);
}

TEST(Ahp, SmallMatricesAndRandomIndex) {
  const auto one = tijian::ahp(MatrixXd::Ones(1, 1));
  expect_near(one.weights, {1.0}, 0);
  EXPECT_EQ(one.cr, 0.0);
  const auto two = tijian::ahp(rows({{1, 3}, {1.0 / 3, 1}}));
  expect_near(two.weights, {0.75, 0.25}, 1e-15);
  EXPECT_EQ(two.ci, 0.0);
  EXPECT_EQ(two.cr, 0.0);
  EXPECT_TRUE(two.consistent);
  const double saaty[15] = {0,    0,    0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
                            1.45, 1.49, 1.51, 1.54, 1.56, 1.57, 1.59};
  const double textbook[15] = {0,    0,    0.52, 0.89, 1.12, 1.26, 1.36, 1.41,
                               1.46, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59};
  for (std::size_t n = 1; n <= 15; ++n) {
    EXPECT_EQ(tijian::random_index(n), saaty[n - 1]) << n;
    EXPECT_EQ(tijian::random_index(n, tijian::ri_table::textbook), textbook[n - 1]) << n;
  }
  expect_error([] { (void)tijian::random_index(16); }, "weights.ahp_too_large");
  expect_error([] { (void)tijian::ahp(MatrixXd::Ones(16, 16)); }, "weights.ahp_too_large");
}

TEST(Ahp, TypedReciprocalsAccepted) {
  // People type 0.333 for 1/3 (|3 x 0.333 - 1| = 1e-3) and 0.167 for 1/6 (three decimals).
  const MatrixXd a = rows({{1, 3, 6}, {0.333, 1, 2}, {0.167, 0.5, 1}});
  const auto r = tijian::ahp(a);
  expect_sums_to_one(r.weights);
  EXPECT_NEAR(r.weights(0), 2.0 / 3, 1e-3);
}

TEST(Ahp, ValidationErrors) {
  expect_error(
      [] {
        (void)tijian::ahp(rows({{1, 3}, {0.5, 1}}));
      },
      "weights.ahp_not_reciprocal", {"row 2, column 1", "row 1, column 2"});
  expect_error(
      [] {
        (void)tijian::ahp(rows({{1, 3, 5}, {1.0 / 3, 1, 2}, {0.2, 0.4, 1}}));
      },
      "weights.ahp_not_reciprocal", {"row 3, column 2"});
  expect_error([] { (void)tijian::ahp(MatrixXd::Ones(2, 3)); }, "weights.ahp_shape");
  expect_error([] { (void)tijian::ahp(MatrixXd(0, 0)); }, "weights.ahp_shape");
  expect_error(
      [] {
        (void)tijian::ahp(rows({{1, -2}, {-0.5, 1}}));
      },
      "weights.ahp_invalid_entry", {"row 1, column 2"});
  expect_error([] { (void)tijian::ahp(rows({{1, NaN}, {1, 1}})); }, "weights.ahp_invalid_entry");
  expect_error(
      [] {
        (void)tijian::ahp(rows({{2, 2}, {0.5, 1}}));
      },
      "weights.ahp_diagonal", {"row 1, column 1"});
}

// ---- combinations -------------------------------------------------------------------------------

TEST(Combine, LinearAndMultiplicative) {
  const VectorXd a = (VectorXd(3) << 0.5, 0.3, 0.2).finished();
  const VectorXd b = (VectorXd(3) << 0.2, 0.3, 0.5).finished();
  // 0.3 a + 0.7 b = (0.29, 0.30, 0.41).
  expect_near(tijian::combine_linear(a, b, 0.3), {0.29, 0.30, 0.41}, 1e-15);
  expect_near(tijian::combine_linear(a, b, 1.0), {0.5, 0.3, 0.2}, 1e-15);
  // a∘b = (0.10, 0.09, 0.10), sum 0.29.
  expect_near(tijian::combine_multiplicative(a, b), {0.10 / 0.29, 0.09 / 0.29, 0.10 / 0.29}, 1e-15);

  expect_error([&] { (void)tijian::combine_linear(a, b, 1.5); }, "weights.combine_alpha");
  expect_error([&] { (void)tijian::combine_linear(a, b, NaN); }, "weights.combine_alpha");
  expect_error([&] { (void)tijian::combine_linear(a, VectorXd::Ones(2), 0.5); }, "weights.combine_length");
  const VectorXd neg = (VectorXd(3) << 0.5, -0.1, 0.6).finished();
  expect_error([&] { (void)tijian::combine_linear(a, neg, 0.5); }, "weights.combine_invalid", {"entry 1"});
  const VectorXd p = (VectorXd(3) << 1, 0, 0).finished(), q = (VectorXd(3) << 0, 0.5, 0.5).finished();
  expect_error([&] { (void)tijian::combine_multiplicative(p, q); }, "weights.combine_zero");
}

TEST(Combine, GameTheoryTwoSetsByHand) {
  // w1 = (0.5, 0.3, 0.2), w2 = (0.3, 0.3, 0.4): w1.w1 = 0.38, w2.w2 = 0.34, w1.w2 = 0.32.
  // [[0.38, 0.32], [0.32, 0.34]] alpha = [0.38, 0.34]: det = 0.0268,
  // alpha1 = 0.34 (0.38 - 0.32) / det = 51/67, alpha2 = 0.38 (0.34 - 0.32) / det = 19/67.
  // Both positive, so both norms give alpha* = (51/70, 19/70);
  // w = 51/70 w1 + 19/70 w2 = (31.2, 21, 17.8) / 70.
  const VectorXd w1 = (VectorXd(3) << 0.5, 0.3, 0.2).finished();
  const VectorXd w2 = (VectorXd(3) << 0.3, 0.3, 0.4).finished();
  for (auto norm : {tijian::game_theory_norm::absolute, tijian::game_theory_norm::signed_sum}) {
    const auto r = tijian::combine_game_theory({w1, w2}, norm);
    expect_near(r.raw_coefficients, {51.0 / 67, 19.0 / 67}, 1e-13);
    expect_near(r.coefficients, {51.0 / 70, 19.0 / 70}, 1e-13);
    expect_near(r.weights, {31.2 / 70, 21.0 / 70, 17.8 / 70}, 1e-13);
  }
}

TEST(Combine, GameTheoryNegativeCoefficient) {
  // w1 = (0.6, 0.4), w2 = (0.9, 0.1): w1.w1 = 0.52, w2.w2 = 0.82, w1.w2 = 0.58, det = 0.09,
  // alpha1 = 0.82 (0.52 - 0.58) / 0.09 = -41/75, alpha2 = 0.52 (0.82 - 0.58) / 0.09 = 104/75.
  // absolute: alpha* = (41, 104) / 145, w = (118.2, 26.8) / 145.
  // signed_sum: alpha* = (-41, 104) / 63 makes w_2 = (-16.4 + 10.4) / 63 < 0 -> error.
  const VectorXd w1 = (VectorXd(2) << 0.6, 0.4).finished();
  const VectorXd w2 = (VectorXd(2) << 0.9, 0.1).finished();
  const auto r = tijian::combine_game_theory({w1, w2});
  expect_near(r.raw_coefficients, {-41.0 / 75, 104.0 / 75}, 1e-13);
  expect_near(r.coefficients, {41.0 / 145, 104.0 / 145}, 1e-13);
  expect_near(r.weights, {118.2 / 145, 26.8 / 145}, 1e-13);
  expect_error(
      [&] {
        (void)tijian::combine_game_theory({w1, w2}, tijian::game_theory_norm::signed_sum);
      },
      "weights.game_theory_negative", {"indicator 1"});
}

TEST(Combine, GameTheoryThreeSetsSolveTheGramSystemAndErrors) {
  const VectorXd w1 = (VectorXd(4) << 0.4, 0.3, 0.2, 0.1).finished();
  const VectorXd w2 = (VectorXd(4) << 0.1, 0.2, 0.3, 0.4).finished();
  const VectorXd w3 = (VectorXd(4) << 0.25, 0.35, 0.15, 0.25).finished();
  const std::vector<VectorXd> sets{w1, w2, w3};
  const auto r = tijian::combine_game_theory(sets);
  for (int l = 0; l < 3; ++l) {  // sum_k alpha_k (w_l . w_k) = w_l . w_l
    double lhs = 0;
    for (int k = 0; k < 3; ++k) lhs += r.raw_coefficients(k) * sets[l].dot(sets[k]);
    EXPECT_NEAR(lhs, sets[l].dot(sets[l]), 1e-14) << l;
  }
  expect_sums_to_one(r.weights);
  expect_error([&] { (void)tijian::combine_game_theory({w1, w1}); }, "weights.game_theory_dependent");
  expect_error(
      [&] {
        (void)tijian::combine_game_theory({w1, w2, 0.5 * w1 + 0.5 * w2});
      },
      "weights.game_theory_dependent");
  expect_error([&] { (void)tijian::combine_game_theory({w1, VectorXd::Ones(3)}); }, "weights.combine_length");
  expect_error([&] { (void)tijian::combine_game_theory({}); }, "weights.combine_length");
}

}  // namespace
