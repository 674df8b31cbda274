// SPDX-License-Identifier: MIT
// Ranking methods that compare the units of a period (Copeland, TOPSIS, PROMETHEE II) and the
// scoring run's handling of normalise = "none". Expected numbers are computed by hand in the
// comments, or taken from a published example (cited); the peer-library comparisons at 1e-12
// are in tests/python/test_methods.py (pymcdm on the same data).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "tijian/aggregate.hpp"
#include "tijian/io/recipe_io.hpp"
#include "tijian/mcda_tables.hpp"
#include "tijian/rank.hpp"
#include "tijian/score.hpp"

namespace {

using namespace tijian;

node_spec node(std::string code, std::string parent, bool leaf, direction d = direction::higher_is_better) {
  node_spec n;
  n.code = std::move(code);
  n.parent = std::move(parent);
  n.weight = 1;
  n.dir = d;
  n.declared = leaf ? node_spec::kind::indicator : node_spec::kind::aggregate;
  return n;
}

/// A framework with one aggregate and k indicators x1..xk of equal weight.
framework flat(std::size_t k, direction d = direction::higher_is_better) {
  std::vector<node_spec> s{node("I", "", false)};
  for (std::size_t j = 1; j <= k; ++j) s.push_back(node("x" + std::to_string(j), "I", true, d));
  return framework(std::move(s));
}

std::vector<std::string> codes(std::size_t k) {
  std::vector<std::string> c;
  for (std::size_t j = 1; j <= k; ++j) c.push_back("x" + std::to_string(j));
  return c;
}

// ------------------------------------------------------------------------------ Copeland ties

// Issue 19: two units with k indicators alternating (2, 1) / (1, 2) outrank each other exactly
// half of the time, O = 1/2, so both score 0. With sibling weights 1/6, 1/7, 1/9, 1/10 the
// floating sums of the winning and the total weight missed 1/2 by an ulp and gave +1 / -1.
TEST(Copeland, ExactHalfIsATieForEveryNumberOfChildren) {
  for (std::size_t k : {2U, 4U, 6U, 7U, 8U, 9U, 10U, 14U, 18U, 20U}) {
    Eigen::MatrixXd v(2, static_cast<Eigen::Index>(k));
    for (std::size_t j = 0; j < k; ++j) {
      v(0, static_cast<Eigen::Index>(j)) = j % 2 == 0 ? 2 : 1;
      v(1, static_cast<Eigen::Index>(j)) = j % 2 == 0 ? 1 : 2;
    }
    if (k % 2 == 1) v(0, 0) = v(1, 0) = 1;  // odd k: a tie on the first child keeps 50/50
    recipe r;
    r.normalise.method = normalisation_method::none;
    r.aggregate.method = aggregation_method::copeland;
    const result s = score(flat(k), make_panel({"a", "b"}, codes(k), v), r);
    EXPECT_EQ(s.scores(0, 0), 0.0) << k << " children";
    EXPECT_EQ(s.scores(1, 0), 0.0) << k << " children";
  }
}

TEST(Copeland, ANonTieIsStillDecided) {
  // weights 1/3 each: a wins 2 of 3 (O = 2/3), so a = +1, b = -1
  Eigen::MatrixXd x(2, 3);
  x << 2, 2, 1, 1, 1, 2;
  aggregation how;
  how.method = aggregation_method::copeland;
  const Eigen::VectorXd s = aggregate(how, x, Eigen::Vector3d::Constant(1.0 / 3));
  EXPECT_EQ(s[0], 1.0);
  EXPECT_EQ(s[1], -1.0);
}

// --------------------------------------------------------------- normalise = "none" orientation

TEST(NormaliseNone, LowerIsBetterIsNegatedAndSaid) {
  std::vector<node_spec> s{node("I", "", false), node("good", "I", true),
                           node("bad", "I", true, direction::lower_is_better)};
  Eigen::MatrixXd v(2, 2);
  v << 3, 10, 1, 20;
  recipe r;
  r.normalise.method = normalisation_method::none;
  const result out = score(framework(std::move(s)), make_panel({"a", "b"}, {"good", "bad"}, v), r);
  EXPECT_EQ(out.normalised(0, 1), -10.0);  // the documented orientation: -x
  std::size_t said = 0;
  for (const auto& d : out.diagnostics)
    if (d.id == "normalise.none_oriented") {
      ++said;
      EXPECT_EQ(d.level, severity::warning);
      EXPECT_NE(d.message.find("bad (-x)"), std::string::npos) << d.message;
      EXPECT_EQ(d.message.find("good"), std::string::npos) << d.message;
    }
  EXPECT_EQ(said, 1U);
}

TEST(NormaliseNone, NothingToSayWhenEveryIndicatorIsHigherIsBetter) {
  Eigen::MatrixXd v(2, 2);
  v << 3, 10, 1, 20;
  recipe r;
  r.normalise.method = normalisation_method::none;
  const result out = score(flat(2), make_panel({"a", "b"}, codes(2), v), r);
  for (const auto& d : out.diagnostics) EXPECT_NE(d.id, "normalise.none_oriented");
}

// ------------------------------------------------------------------------------------- TOPSIS

TEST(Topsis, HandComputedCloseness) {
  // weights 1/2: v = (.5, .5), (0, 0), (.5, 0); A+ = (.5, .5), A- = (0, 0):
  // C = 1, 0, and for the third D+ = D- = .5, so 1/2
  Eigen::MatrixXd x(3, 2);
  x << 1, 1, 0, 0, 1, 0;
  aggregation how;
  how.method = aggregation_method::topsis;
  const Eigen::VectorXd c = aggregate(how, x, Eigen::Vector2d(0.5, 0.5));
  EXPECT_NEAR(c[0], 1.0, 1e-15);
  EXPECT_NEAR(c[1], 0.0, 1e-15);
  EXPECT_NEAR(c[2], 0.5, 1e-15);
  // unequal weights (3/4, 1/4): third unit D+ = 1/4, D- = 3/4, C = 3/4
  EXPECT_NEAR(aggregate(how, x, Eigen::Vector2d(0.75, 0.25))[2], 0.75, 1e-15);
}

TEST(Topsis, InvariantToScalingTheWeightsAndMonotone) {
  std::mt19937 rng(19);
  std::uniform_real_distribution<double> u(0, 1);
  Eigen::MatrixXd x(30, 5);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = u(rng);
  Eigen::VectorXd w(5);
  w << 0.1, 0.3, 0.2, 0.25, 0.15;
  aggregation how;
  how.method = aggregation_method::topsis;
  const Eigen::VectorXd c = aggregate(how, x, w);
  EXPECT_LT((aggregate(how, x, 7.5 * w) - c).cwiseAbs().maxCoeff(), 1e-14);
  // a unit that improves on one child, nobody else changing and the ideal not moving, gains
  const Eigen::Index i = 3;
  Eigen::MatrixXd y = x;
  y(i, 2) = std::min(y(i, 2) + 0.05, x.col(2).maxCoeff());
  if (y(i, 2) > x(i, 2)) {
    EXPECT_GT(aggregate(how, y, w)[i], c[i]);
  }
}

// ------------------------------------------------------------------------------- PROMETHEE II

TEST(Promethee, PymcdmDocumentedExample) {
  // pymcdm's PROMETHEE_II docstring (Shekhovtsov, pymcdm 1.x): usual criterion, matrix
  // [[4, 3, 2], [3, 2, 4], [5, 1, 3]], weights [0.5, 0.3, 0.2] -> [0.1, -0.3, 0.2]
  Eigen::MatrixXd x(3, 3);
  x << 4, 3, 2, 3, 2, 4, 5, 1, 3;
  aggregation how;
  how.method = aggregation_method::promethee_ii;
  const Eigen::VectorXd phi = aggregate(how, x, Eigen::Vector3d(0.5, 0.3, 0.2));
  EXPECT_NEAR(phi[0], 0.1, 1e-15);
  EXPECT_NEAR(phi[1], -0.3, 1e-15);
  EXPECT_NEAR(phi[2], 0.2, 1e-15);
}

TEST(Promethee, EachPreferenceFunctionByHand) {
  // two units, one child, d = 0.3: phi(a) = P(0.3), phi(b) = -P(0.3)
  Eigen::MatrixXd x(2, 1);
  x << 0.8, 0.5;
  aggregation how;
  how.method = aggregation_method::promethee_ii;
  auto phi = [&](preference_function f, double q, double p, double s) {
    how.preference = f;
    how.q = q;
    how.p = p;
    how.s = s;
    const Eigen::VectorXd v = aggregate(how, x, Eigen::VectorXd::Ones(1));
    EXPECT_NEAR(v[0], -v[1], 1e-15);
    return v[0];
  };
  EXPECT_NEAR(phi(preference_function::usual, 0, 1, 1), 1.0, 1e-15);
  EXPECT_NEAR(phi(preference_function::u_shape, 0.2, 1, 1), 1.0, 1e-15);
  EXPECT_NEAR(phi(preference_function::u_shape, 0.4, 1, 1), 0.0, 1e-15);
  EXPECT_NEAR(phi(preference_function::v_shape, 0, 0.6, 1), 0.5, 1e-15);
  EXPECT_NEAR(phi(preference_function::v_shape, 0, 0.2, 1), 1.0, 1e-15);
  EXPECT_NEAR(phi(preference_function::level, 0.1, 0.4, 1), 0.5, 1e-15);
  EXPECT_NEAR(phi(preference_function::level, 0.1, 0.25, 1), 1.0, 1e-15);
  EXPECT_NEAR(phi(preference_function::level, 0.35, 0.5, 1), 0.0, 1e-15);
  EXPECT_NEAR(phi(preference_function::linear, 0.1, 0.5, 1), 0.5, 1e-15);  // (0.3 - 0.1) / 0.4
  EXPECT_NEAR(phi(preference_function::gaussian, 0, 1, 0.3), 1 - std::exp(-0.5), 1e-15);
}

TEST(Promethee, FlowsSumToZeroAndLieInMinusOneOne) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  Eigen::MatrixXd x(25, 4);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = u(rng);
  aggregation how;
  how.method = aggregation_method::promethee_ii;
  how.preference = preference_function::linear;
  how.q = 0.05;
  how.p = 0.4;
  const Eigen::VectorXd phi = aggregate(how, x, Eigen::Vector4d(0.4, 0.3, 0.2, 0.1));
  EXPECT_NEAR(phi.sum(), 0.0, 1e-13);
  EXPECT_LE(phi.maxCoeff(), 1.0);
  EXPECT_GE(phi.minCoeff(), -1.0);
}

TEST(Promethee, MissingChildLeftOutOfThePair) {
  // x = (1, NaN), (0, 0), (.5, 1), weights 1/2, usual: pairs with unit 1 compare child 1 only
  // (a wins both, net +1 each); units 2 and 3 compare both (3 wins both, net -1 for 2):
  // phi = (1 + 1) / 2, (-1 - 1) / 2, (-1 + 1) / 2
  Eigen::MatrixXd x(3, 2);
  x << 1, std::numeric_limits<double>::quiet_NaN(), 0, 0, 0.5, 1;
  aggregation how;
  how.method = aggregation_method::promethee_ii;
  const Eigen::VectorXd phi = aggregate(how, x, Eigen::Vector2d(0.5, 0.5));
  EXPECT_NEAR(phi[0], 1.0, 1e-15);
  EXPECT_NEAR(phi[1], -1.0, 1e-15);
  EXPECT_NEAR(phi[2], 0.0, 1e-15);
}

TEST(Promethee, SortedFlowsEqualThePairwiseDefinition) {
  // the O(k n log n) path (complete data) against the definition summed pair by pair here,
  // with ties and differences exactly at the thresholds (values on a grid of 0.05)
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> u(0, 20);
  Eigen::MatrixXd x(40, 3);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = 0.05 * u(rng);
  const Eigen::Vector3d w(0.5, 0.3, 0.2);
  for (auto f : {preference_function::usual, preference_function::u_shape, preference_function::v_shape,
                 preference_function::level, preference_function::linear}) {
    aggregation how;
    how.method = aggregation_method::promethee_ii;
    how.preference = f;
    how.q = 0.1;
    how.p = 0.35;
    const Eigen::VectorXd phi = aggregate(how, x, w);
    for (Eigen::Index a = 0; a < x.rows(); ++a) {
      double expect = 0;
      for (Eigen::Index b = 0; b < x.rows(); ++b)
        for (Eigen::Index c = 0; c < 3; ++c)
          expect += w[c] * (detail::preference_of(how, x(a, c) - x(b, c)) -
                            detail::preference_of(how, x(b, c) - x(a, c)));
      EXPECT_NEAR(phi[a], expect / 39.0, 1e-14) << to_string(f) << " unit " << a;
    }
  }
}

TEST(Promethee, ThresholdsAreCheckedWithTheRecipe) {
  Eigen::MatrixXd v(2, 2);
  v << 1, 2, 2, 1;
  recipe r;
  r.aggregate.method = aggregation_method::promethee_ii;
  r.aggregate.preference = preference_function::linear;
  r.aggregate.q = 0.5;
  r.aggregate.p = 0.2;  // p must exceed q
  EXPECT_THROW((void)score(flat(2), make_panel({"a", "b"}, codes(2), v), r), recipe_error);
  r.aggregate.preference = preference_function::gaussian;
  r.aggregate.s = 0;
  EXPECT_THROW((void)score(flat(2), make_panel({"a", "b"}, codes(2), v), r), recipe_error);
}

TEST(Recipe, NewMethodsReadFromTomlAndWrittenBack) {
  const recipe r = parse_recipe_toml(
      "[aggregate]\nmethod = \"promethee\"\npreference = \"vshape_2\"\nq = 0.1\np = 0.4\n"
      "[aggregate.by_level]\n\"2\" = { method = \"topsis\" }\n",
      "<test>");
  EXPECT_EQ(r.aggregate.method, aggregation_method::promethee_ii);
  EXPECT_EQ(r.aggregate.preference, preference_function::linear);
  EXPECT_EQ(r.aggregate.q, 0.1);
  EXPECT_EQ(r.aggregate.p, 0.4);
  EXPECT_EQ(r.aggregate_by_level.at(2).method, aggregation_method::topsis);
  const recipe back = parse_recipe_toml(describe(r), "<describe>");
  EXPECT_EQ(describe(back), describe(r));
  EXPECT_EQ(back.aggregate.preference, preference_function::linear);
  EXPECT_EQ(back.aggregate.q, 0.1);
  // a recipe without PROMETHEE writes none of its keys (its text and hash stay what they were)
  EXPECT_EQ(describe(recipe{}).find("preference"), std::string::npos);
}

// -------------------------------------------------------------------------------------- VIKOR

TEST(Vikor, HandComputedQ) {
  // x = (1, 0), (0, 1), (.5, .5), weights 1/2: d = (0, .5), (.5, 0), (.25, .25); S = .5 for all
  // (the S term is 0), R = .5, .5, .25, so Q = (1 - v)(R - .25) / .25 = .5, .5, 0 at v = .5
  Eigen::MatrixXd x(3, 2);
  x << 1, 0, 0, 1, 0.5, 0.5;
  aggregation how;
  how.method = aggregation_method::vikor;
  const Eigen::VectorXd s = aggregate(how, x, Eigen::Vector2d(0.5, 0.5));
  EXPECT_NEAR(s[0], 0.5, 1e-15);  // the score is 1 - Q
  EXPECT_NEAR(s[1], 0.5, 1e-15);
  EXPECT_NEAR(s[2], 1.0, 1e-15);
}

TEST(Vikor, TableHasSRQAndTheAcceptanceConditions) {
  // four units, two indicators; Q by hand at v = 0.5, weights 1/2:
  //   x1 = 10, 8, 6, 0 (range 10); x2 = 0, 6, 8, 10 (range 10)
  //   d1 = 0, .1, .2, .5; d2 = .5, .2, .1, 0; S = .5, .3, .3, .5; R = .5, .2, .2, .5
  //   Q = .5 (S - .3) / .2 + .5 (R - .2) / .3 = 1, 0, 0, 1
  // a1 and a2 tie at Q = 0: C1 fails (0 < DQ = 1/3), the compromise set is {b, c}
  Eigen::MatrixXd v(4, 2);
  v << 10, 0, 8, 6, 6, 8, 0, 10;
  recipe r;
  r.aggregate.method = aggregation_method::vikor;
  const result out = score(flat(2), make_panel({"a", "b", "c", "d"}, codes(2), v), r);
  const table t = vikor_table(out, "I");
  const auto col = [&](const std::string& name) -> const column& {
    for (const auto& c : t.columns)
      if (c.name == name) return c;
    throw std::runtime_error("no column " + name);
  };
  const std::vector<double> S{0.5, 0.3, 0.3, 0.5}, R{0.5, 0.2, 0.2, 0.5}, Q{1, 0, 0, 1};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(col("S").reals[i], S[i], 1e-12) << i;
    EXPECT_NEAR(col("R").reals[i], R[i], 1e-12) << i;
    EXPECT_NEAR(col("Q").reals[i], Q[i], 1e-12) << i;
    EXPECT_NEAR(out.scores(static_cast<Eigen::Index>(i), 0), 1 - Q[i], 1e-12) << i;
    EXPECT_EQ(col("acceptable_advantage").integers[i], 0);
    EXPECT_EQ(col("acceptable_stability").integers[i], 1);
    EXPECT_EQ(col("compromise").integers[i], i == 1 || i == 2 ? 1 : 0) << i;
  }
  r.aggregate.method = aggregation_method::topsis;
  EXPECT_THROW((void)vikor_table(score(flat(2), make_panel({"a", "b", "c", "d"}, codes(2), v), r), "I"),
               recipe_error);
  r.aggregate.method = aggregation_method::vikor;
  r.aggregate.v = 1.5;
  EXPECT_THROW((void)score(flat(2), make_panel({"a", "b", "c", "d"}, codes(2), v), r), recipe_error);
}

// --------------------------------------------------------------------------------------- EDAS

TEST(Edas, HandComputed) {
  // one child 1, 2, 3: AV = 2, PDA = 0, 0, .5, NDA = .5, 0, 0; NSP = 0, 0, 1, NSN = 0, 1, 1
  Eigen::MatrixXd x(3, 1);
  x << 1, 2, 3;
  aggregation how;
  how.method = aggregation_method::edas;
  const Eigen::VectorXd s = aggregate(how, x, Eigen::VectorXd::Ones(1));
  EXPECT_NEAR(s[0], 0.0, 1e-15);
  EXPECT_NEAR(s[1], 0.5, 1e-15);
  EXPECT_NEAR(s[2], 1.0, 1e-15);
}

// ------------------------------------------------------------------ COPRAS, WASPAS, MOORA, grey

TEST(Copras, HandComputedWithACostChild) {
  // benefit (2, 1, 1), cost as -x: x = (1, 2, 1); S+ = (1/4, 1/8, 1/8), S- = (1/8, 1/4, 1/8),
  // Q = S+ + (1/2) / (20 S-) = (0.45, 0.225, 0.325), U = Q / 0.45
  Eigen::MatrixXd x(3, 2);
  x << 2, -1, 1, -2, 1, -1;
  aggregation how;
  how.method = aggregation_method::copras;
  const Eigen::VectorXd s = aggregate(how, x, Eigen::VectorXd::Ones(2));
  EXPECT_NEAR(s[0], 1.0, 1e-15);
  EXPECT_NEAR(s[1], 0.5, 1e-15);
  EXPECT_NEAR(s[2], 13.0 / 18.0, 1e-15);
  // a child with both signs has no benefit/cost reading
  x(0, 1) = 1;
  EXPECT_THROW((void)aggregate(how, x, Eigen::VectorXd::Ones(2)), recipe_error);
}

TEST(Waspas, HandComputedAndLambda) {
  // x̄ = x / max = (1, 1/2) on the benefit child, min / x = (1, 1/4) on the cost child (x = 1, 4),
  // equal weights, lambda = 1/4
  Eigen::MatrixXd x(2, 2);
  x << 4, -1, 2, -4;
  aggregation how;
  how.method = aggregation_method::waspas;
  how.lambda = 0.25;
  const Eigen::VectorXd s = aggregate(how, x, Eigen::VectorXd::Ones(2));
  // unit 2: WSM = (1/2 + 1/4) / 2 = 3/8, WPM = sqrt(1/8); Q = 3/8 / 4 + 3 sqrt(1/8) / 4
  EXPECT_NEAR(s[0], 1.0, 1e-15);
  EXPECT_NEAR(s[1], 0.25 * 0.375 + 0.75 * std::sqrt(0.125), 1e-15);
  // a missing child: the unit's weights renormalise over what it has
  x(1, 1) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NEAR(aggregate(how, x, Eigen::VectorXd::Ones(2))[1], 0.5, 1e-15);
}

TEST(Moora, RatioAndReferencePoint) {
  // columns (3, 4) and (-4, -3) (a cost child x = 4, 3), norms 5: weighted ratios w = 1/2:
  // (0.3, 0.4) and (-0.4, -0.3); ratio system (-0.1, 0.1); reference (0.4, -0.3): distances
  // max(0.1, 0.1) = 0.1 and max(0, 0) = 0 -> -0.1 and 0 (the second unit is the reference)
  Eigen::MatrixXd x(2, 2);
  x << 3, -4, 4, -3;
  aggregation how;
  how.method = aggregation_method::moora;
  const Eigen::VectorXd ratio = aggregate(how, x, Eigen::VectorXd::Ones(2));
  EXPECT_NEAR(ratio[0], -0.1, 1e-15);
  EXPECT_NEAR(ratio[1], 0.1, 1e-15);
  how.moora = moora_system::reference_point;
  const Eigen::VectorXd ref = aggregate(how, x, Eigen::VectorXd::Ones(2));
  EXPECT_NEAR(ref[0], -0.1, 1e-15);
  EXPECT_NEAR(ref[1], 0.0, 1e-15);
}

TEST(Grey, RelationalGradeHandComputed) {
  // columns (1, 0, 0.5), (0, 1, 1); ideal (1, 1); D = (0, 1), (1, 0), (0.5, 0); D_max = 1,
  // rho = 0.5: xi = 0.5 / (D + 0.5); weights 3 : 1 -> (10/12, 6/12, 5/8)
  Eigen::MatrixXd x(3, 2);
  x << 1, 0, 0, 1, 0.5, 1;
  aggregation how;
  how.method = aggregation_method::grey_relational;
  const Eigen::VectorXd s = aggregate(how, x, Eigen::Vector2d(3, 1));
  EXPECT_NEAR(s[0], 10.0 / 12.0, 1e-15);
  EXPECT_NEAR(s[1], 0.5, 1e-15);
  EXPECT_NEAR(s[2], 0.625, 1e-15);
  // rho = 1: xi = 1 / (D + 1) -> (1, 1/2), (1/2, 1), (2/3, 1) -> (7/8, 5/8, 3/4)
  how.rho = 1.0;
  const Eigen::VectorXd t = aggregate(how, x, Eigen::Vector2d(3, 1));
  EXPECT_NEAR(t[0], 0.875, 1e-15);
  EXPECT_NEAR(t[1], 0.625, 1e-15);
  EXPECT_NEAR(t[2], 0.75, 1e-15);
}

TEST(Grey, TopsisEqualUnitsAndBounds) {
  // a unit that is the ideal on every child (D+ = 0, grey degree to the ideal 1) has the largest
  // closeness; every closeness is in [0, 1]
  Eigen::MatrixXd x(4, 3);
  x << 1, 1, 1, 0, 0.5, 0.2, 0.3, 0, 0.9, 0.6, 0.4, 0;
  aggregation how;
  how.method = aggregation_method::grey_topsis;
  const Eigen::VectorXd s = aggregate(how, x, Eigen::VectorXd::Ones(3));
  for (Eigen::Index i = 0; i < 4; ++i) {
    EXPECT_GE(s[i], 0.0);
    EXPECT_LE(s[i], 1.0);
    if (i) {
      EXPECT_GT(s[0], s[i]);
    }
  }
}

// A recipe built in C++ skips the readers' range checks (recipe.bad_value with the file and line):
// score() checks the new methods' parameters itself, naming the parameter, its range and the value.
TEST(RatioGrey, ParametersOutOfRangeAreRefusedByScore) {
  Eigen::MatrixXd v(3, 2);
  v << 1, 2, 2, 1, 3, 3;
  const auto refused = [&](const recipe& r, const std::string& id, const std::string& part) {
    try {
      (void)score(flat(2), make_panel({"a", "b", "c"}, codes(2), v), r);
      ADD_FAILURE() << id << " not raised";
    } catch (const recipe_error& e) {
      EXPECT_EQ(e.id(), id);
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
  };
  recipe r;
  r.aggregate.method = aggregation_method::waspas;
  r.aggregate.lambda = 1.5;
  refused(r, "recipe.bad_waspas_lambda", "[0, 1] (got 1.5)");
  r.aggregate.method = aggregation_method::grey_relational;
  r.aggregate.rho = 0;
  refused(r, "recipe.bad_grey_rho", "(0, 1] (got 0)");
  r.aggregate.method = aggregation_method::grey_topsis;
  r.aggregate.rho = 0.5;
  r.aggregate.alpha = -0.1;
  refused(r, "recipe.bad_grey_alpha", "[0, 1] (got -0.1)");
}

TEST(MinMax, ExtremeOfPositiveWeightChildren) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Eigen::MatrixXd x(3, 3);
  x << 1, 4, 0, 5, 2, 9, nan, 3, 0;
  aggregation how;
  how.method = aggregation_method::minimum;
  const Eigen::Vector3d w(1, 2, 0);  // the third child has weight 0: left out
  EXPECT_EQ(aggregate(how, x, w), Eigen::Vector3d(1, 2, 3));
  how.method = aggregation_method::maximum;
  EXPECT_EQ(aggregate(how, x, w), Eigen::Vector3d(4, 5, 3));
  missing_data all;
  all.policy = missing_policy::propagate;
  EXPECT_TRUE(std::isnan(aggregate(how, x, w, all)[2]));
}

// ------------------------------------------------------------------------------ tie tolerance

TEST(Rank, TieToleranceDoesNotChain) {
  EXPECT_EQ(rank(Eigen::Vector4d(9, 8.99, 7, 6.995), tie_rule::min, rank_order::highest_first, 0.02),
            Eigen::Vector4d(1, 1, 3, 3));
  // 3 and 2.99 tie; 2.98 is 0.02 below the start of that run, so it starts a new one
  EXPECT_EQ(rank(Eigen::Vector4d(3, 2.99, 2.98, 2.97), tie_rule::min, rank_order::highest_first, 0.015),
            Eigen::Vector4d(1, 1, 3, 3));
  EXPECT_EQ(rank(Eigen::Vector4d(3, 2.99, 2.98, 2.97), tie_rule::average), Eigen::Vector4d(1, 2, 3, 4));
  // the radix path (50,000 or more values) agrees with the bucket path
  Eigen::VectorXd big(60000);
  for (Eigen::Index i = 0; i < big.size(); ++i)
    big[i] = static_cast<double>(i / 3) + 0.001 * static_cast<double>(i % 3);
  const Eigen::VectorXd rk = rank(big, tie_rule::min, rank_order::highest_first, 0.005);
  EXPECT_EQ(rk[big.size() - 1], 1.0);
  EXPECT_EQ(rk[big.size() - 3], 1.0);
  EXPECT_EQ(rk[big.size() - 4], 4.0);
}

TEST(Rank, TieToleranceFromTheRecipe) {
  const recipe r = parse_recipe_toml("[ranks]\nties = \"min\"\ntolerance = 0.5\n", "<test>");
  EXPECT_EQ(r.tie_tolerance, 0.5);
  EXPECT_EQ(parse_recipe_toml(describe(r), "<describe>").tie_tolerance, 0.5);
  Eigen::MatrixXd v(3, 1);
  v << 10, 9.8, 5;
  recipe q = r;
  q.normalise.method = normalisation_method::none;
  const result out = score(flat(1), make_panel({"a", "b", "c"}, codes(1), v), q);
  EXPECT_EQ(out.ranks(0, 0), 1.0);
  EXPECT_EQ(out.ranks(1, 0), 1.0);
  EXPECT_EQ(out.ranks(2, 0), 3.0);
  q.tie_tolerance = -1;
  EXPECT_THROW((void)score(flat(1), make_panel({"a", "b", "c"}, codes(1), v), q), recipe_error);
}

// ---------------------------------------------------------------------- sum (shares) normalisation

TEST(NormaliseSum, SharesAndReciprocalShares) {
  std::vector<node_spec> s{node("I", "", false), node("up", "I", true),
                           node("down", "I", true, direction::lower_is_better)};
  Eigen::MatrixXd v(2, 2);
  v << 1, 1, 3, 3;
  recipe r;
  r.normalise.method = normalisation_method::sum;
  const result out = score(framework(s), make_panel({"a", "b"}, {"up", "down"}, v), r);
  // up: 1 / 4, 3 / 4; down: 1 / x = 1, 1/3, total 4/3: 3/4, 1/4
  EXPECT_NEAR(out.normalised(0, 0), 0.25, 1e-15);
  EXPECT_NEAR(out.normalised(1, 0), 0.75, 1e-15);
  EXPECT_NEAR(out.normalised(0, 1), 0.75, 1e-15);
  EXPECT_NEAR(out.normalised(1, 1), 0.25, 1e-15);
  v(0, 0) = -1;
  EXPECT_THROW((void)score(framework(s), make_panel({"a", "b"}, {"up", "down"}, v), r), recipe_error);
}

// ---------------------------------------------------------------------- rank-sum ratio, fuzzy

TEST(Rsr, NormalQuantileKnownValues) {
  // Φ^-1 at tabulated points (any normal table): 0.975 -> 1.959963984540054, 0.5 -> 0
  EXPECT_NEAR(detail::normal_quantile(0.975), 1.959963984540054, 1e-14);
  EXPECT_NEAR(detail::normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(detail::normal_quantile(0.1), -1.2815515655446004, 1e-14);
  EXPECT_NEAR(detail::normal_quantile(1e-10), -6.361340902404056, 1e-11);
  EXPECT_TRUE(std::isinf(detail::normal_quantile(0.0)));
}

TEST(Rsr, HandComputedRanksTiesAndGrades) {
  // three units, two indicators: x1 = 1, 2, 2 (ranks 1, 2.5, 2.5), x2 = 3, 2, 1 lower is better
  // (ranks 1, 2, 3): RSR = (1 + 1) / 6, (2.5 + 2) / 6, (2.5 + 3) / 6
  std::vector<node_spec> s{node("I", "", false), node("x1", "I", true),
                           node("x2", "I", true, direction::lower_is_better)};
  Eigen::MatrixXd v(3, 2);
  v << 1, 3, 2, 2, 2, 1;
  recipe r;
  r.normalise.method = normalisation_method::none;
  r.aggregate.method = aggregation_method::rsr;
  const result out = score(framework(s), make_panel({"a", "b", "c"}, {"x1", "x2"}, v), r);
  EXPECT_NEAR(out.scores(0, 0), 2.0 / 6, 1e-15);
  EXPECT_NEAR(out.scores(1, 0), 4.5 / 6, 1e-15);
  EXPECT_NEAR(out.scores(2, 0), 5.5 / 6, 1e-15);
  const table t = rsr_table(out, "I");
  // percentiles: 1/3, 2/3, last 1 - 1/12
  EXPECT_NEAR(t.at("percentile").reals[0], 1.0 / 3, 1e-15);
  EXPECT_NEAR(t.at("percentile").reals[1], 2.0 / 3, 1e-15);
  EXPECT_NEAR(t.at("percentile").reals[2], 11.0 / 12, 1e-15);
  EXPECT_THROW((void)fuzzy_table(out, "I"), recipe_error);
}

// method_tables: every table of every node scored with a method that has them, named
// <kind>_<node>, the same cells as the table asked for by node; none for other methods.
TEST(MethodTables, OneTablePerKindAndNodeNamedByBoth) {
  std::vector<node_spec> s{node("I", "", false),  node("A", "I", false), node("B", "I", false),
                           node("x1", "A", true), node("x2", "A", true), node("x3", "B", true),
                           node("x4", "B", true)};
  Eigen::MatrixXd v(4, 4);
  v << 10, 0, 1, 4, 8, 6, 2, 3, 6, 8, 3, 2, 0, 10, 4, 1;
  recipe r;
  r.aggregate_by_node["A"].method = aggregation_method::vikor;
  r.aggregate_by_node["B"].method = aggregation_method::rsr;
  r.aggregate_by_node["B"].rsr_grades = 3;
  const result out = score(framework(s), make_panel({"a", "b", "c", "d"}, {"x1", "x2", "x3", "x4"}, v), r);
  const document d = method_tables(out);
  std::vector<std::string> names;
  for (const table* t : d.tables()) names.push_back(t->name);
  EXPECT_EQ(names, (std::vector<std::string>{"vikor_A", "rsr_B", "rsr_regression_B"}));
  const table& vikor = d.table_named("vikor_A");
  EXPECT_EQ(vikor.at("Q").reals, vikor_table(out, "A").at("Q").reals);
  EXPECT_EQ(vikor.label_en, "A · VIKOR compromise ranking");
  EXPECT_EQ(d.table_named("rsr_B").at("wrsr").reals, rsr_table(out, "B").at("wrsr").reals);
  EXPECT_TRUE(method_tables(score(framework(s), make_panel({"a", "b", "c", "d"}, {"x1", "x2", "x3", "x4"}, v),
                                  recipe{}))
                  .entries.empty());
}

TEST(Fuzzy, MembershipsOverIncreasingAndDecreasingBreakpoints) {
  const std::vector<double> up{0.05, 0.15, 0.25, 0.50};  // SO2 grades of the mathmodels notes
  double m[4];
  detail::fuzzy_membership(0.07, up, m);  // 0.8 in grade 1, 0.2 in grade 2 (the notes' result)
  EXPECT_NEAR(m[0], 0.8, 1e-15);
  EXPECT_NEAR(m[1], 0.2, 1e-15);
  EXPECT_EQ(m[2], 0.0);
  EXPECT_EQ(m[3], 0.0);
  detail::fuzzy_membership(0.9, up, m);
  EXPECT_EQ(m[3], 1.0);
  const std::vector<double> down{45, 40, 35, 30};
  detail::fuzzy_membership(38, down, m);  // between 40 (grade 2) and 35 (grade 3): 0.6, 0.4
  EXPECT_NEAR(m[1], 0.6, 1e-15);
  EXPECT_NEAR(m[2], 0.4, 1e-15);
  detail::fuzzy_membership(50, down, m);
  EXPECT_EQ(m[0], 1.0);
}

}  // namespace
