// SPDX-License-Identifier: MIT
// Core methods against small cases computed by hand from the published formulas, framework
// validation errors, and properties of the scoring run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <tijian/aggregate.hpp>
#include <tijian/data_columns.hpp>
#include <tijian/framework.hpp>
#include <tijian/normalise.hpp>
#include <tijian/prepare.hpp>
#include <tijian/rank.hpp>
#include <tijian/score.hpp>

using namespace tijian;
namespace {

const double nan = std::numeric_limits<double>::quiet_NaN();

node_spec agg(std::string code, std::string parent, double w = 1) {
  node_spec n;
  n.code = std::move(code);
  n.parent = std::move(parent);
  n.weight = w;
  n.declared = node_spec::kind::aggregate;
  return n;
}
node_spec ind(std::string code, std::string parent, double w = 1, direction d = direction::higher_is_better) {
  node_spec n;
  n.code = std::move(code);
  n.parent = std::move(parent);
  n.weight = w;
  n.dir = d;
  n.declared = node_spec::kind::indicator;
  return n;
}

Eigen::VectorXd norm1(const normalisation& how, const indicator_context& c, std::vector<double> x) {
  Eigen::MatrixXd m = Eigen::Map<Eigen::VectorXd>(x.data(), static_cast<Eigen::Index>(x.size()));
  return normalise(how, {c}, m).col(0);
}

void expect_near(const Eigen::VectorXd& got, std::vector<double> want, double tol = 1e-12) {
  ASSERT_EQ(static_cast<std::size_t>(got.size()), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[static_cast<Eigen::Index>(i)])) << "at " << i;
    } else {
      EXPECT_NEAR(got[static_cast<Eigen::Index>(i)], want[i], tol) << "at " << i;
    }
  }
}

indicator_context ctx(direction d = direction::higher_is_better) {
  indicator_context c;
  c.dir = d;
  c.code = "x";
  return c;
}

// ---------------------------------------------------------------- normalisation (hand cases)

TEST(Normalise, MinMaxBothDirections) {
  // (x - min) / (max - min) * 100 and (max - x) / (max - min) * 100 (evaluation-methods.md §1)
  normalisation how;
  expect_near(norm1(how, ctx(), {2, 4, 6, 10}), {0, 25, 50, 100});
  expect_near(norm1(how, ctx(direction::lower_is_better), {2, 4, 6, 10}), {100, 75, 50, 0});
  how.lower = 1;
  how.upper = 2;
  expect_near(norm1(how, ctx(), {2, 4, nan, 10}), {1, 1.25, nan, 2});
}

TEST(Normalise, MinMaxEndsAreExactInTheScoringRun) {
  // (x - min) * (100 / range) can overshoot to 100.00000000000001 for [0.1, 0.7, 0.2]
  framework fw({agg("I", ""), ind("x", "I")});
  Eigen::MatrixXd v(3, 1);
  v << 0.1, 0.7, 0.2;
  const result r = score(fw, make_panel({"a", "b", "c"}, {"x"}, v));
  EXPECT_EQ(r.normalised.maxCoeff(), 100.0);
  EXPECT_EQ(r.normalised.minCoeff(), 0.0);
}

TEST(Normalise, BandIsIntervalType) {
  // interval type, best in [4, 6]: z = 1 - d / M, M = max(a - min, max - b) = 4
  normalisation how;
  how.upper = 1;
  indicator_context c = ctx(direction::target_band);
  c.band_lower = 4;
  c.band_upper = 6;
  expect_near(norm1(how, c, {2, 5, 7, 10}), {0.5, 1, 0.75, 0});
}

TEST(Normalise, ZScoreUsesSampleSd) {
  normalisation how;
  how.method = normalisation_method::z_score;
  const double sd = std::sqrt(5.0 / 3.0);  // x = 1..4, mean 2.5, sum of squares 5, n - 1 = 3
  expect_near(norm1(how, ctx(), {1, 2, 3, 4}), {-1.5 / sd, -0.5 / sd, 0.5 / sd, 1.5 / sd});
  how.mean = 10;
  how.sd = 2;
  expect_near(norm1(how, ctx(direction::lower_is_better), {1, 2, 3, 4}),
              {10 + 3 / sd, 10 + 1 / sd, 10 - 1 / sd, 10 - 3 / sd});
}

TEST(Normalise, GoalpostsCapAndLog) {
  // HDI technical note 1: LE goalposts 20-85; income ln(100)-ln(75000); values above capped.
  normalisation how;
  how.method = normalisation_method::goalposts;
  goalposts le{20, 85, goalpost_scale::linear};
  indicator_context c = ctx();
  c.posts = &le;
  expect_near(norm1(how, c, {72.5, 90, 10}), {52.5 / 65, 1, 0});
  goalposts inc{100, 75000, goalpost_scale::log};
  c.posts = &inc;
  expect_near(norm1(how, c, {10000}),
              {(std::log(10000.0) - std::log(100.0)) / (std::log(75000.0) - std::log(100.0))});
  goalposts lower{0, 50, goalpost_scale::linear};
  c = ctx(direction::lower_is_better);
  c.posts = &lower;
  how.scale = 100;
  expect_near(norm1(how, c, {10, 60}), {80, 0});  // (hi - x) / (hi - lo)
}

TEST(Normalise, DistanceToTargetAndCap) {
  // COINr n_dist2targ: (x - min) / (target - min); lower-is-better (max - x) / (max - target)
  normalisation how;
  how.method = normalisation_method::distance_to_target;
  target t{comparator::at_least, 25, nan, 2025, ""};
  indicator_context c = ctx();
  c.goal = &t;
  expect_near(norm1(how, c, {10, 20, 30}), {0, 10.0 / 15, 20.0 / 15});
  how.cap = 1;
  expect_near(norm1(how, c, {10, 20, 30}), {0, 10.0 / 15, 1});
  target low{comparator::at_most, 15, nan, 0, ""};
  c = ctx(direction::lower_is_better);
  c.goal = &low;
  how.cap = nan;
  expect_near(norm1(how, c, {10, 20, 30}), {20.0 / 15, 10.0 / 15, 0});
  c.goal = nullptr;
  EXPECT_THROW(norm1(how, c, {1, 2}), recipe_error);
}

TEST(Normalise, TargetAchievementRatio) {
  // >= target: x / t; <= target: t / x; capped (1.2 for 超额完成)
  normalisation how;
  how.method = normalisation_method::target_ratio;
  how.cap = 1;
  target ge{comparator::at_least, 50, nan, 0, ""};
  indicator_context c = ctx();
  c.goal = &ge;
  expect_near(norm1(how, c, {40, 60}), {0.8, 1});
  target le{comparator::at_most, 10, nan, 0, ""};
  c = ctx(direction::lower_is_better);
  c.goal = &le;
  how.cap = 1.2;
  how.scale = 100;
  expect_near(norm1(how, c, {20, 5}), {50, 120});
}

TEST(Normalise, EfficacyCoefficient) {
  // 功效系数法: 60 + 40 (x - min) / (max - min)
  normalisation how;
  how.method = normalisation_method::efficacy;
  expect_near(norm1(how, ctx(), {2, 4, 6, 10}), {60, 70, 80, 100});
  expect_near(norm1(how, ctx(direction::lower_is_better), {2, 4, 6, 10}), {100, 90, 80, 60});
}

TEST(Normalise, RankFamily) {
  normalisation how;
  how.method = normalisation_method::rank;
  expect_near(norm1(how, ctx(), {3, 1, 3, 2}), {3, 1, 3, 2});  // min ties, 1 = lowest
  how.ties = tie_rule::average;
  expect_near(norm1(how, ctx(), {3, 1, 3, 2}), {3.5, 1, 3.5, 2});
  how.ties = tie_rule::dense;
  expect_near(norm1(how, ctx(), {5, 1, 5, 2, 2}), {3, 1, 3, 2, 2});
  how.ties = tie_rule::min;
  how.method = normalisation_method::borda;
  expect_near(norm1(how, ctx(), {3, 1, 3, 2}), {2, 0, 2, 1});
  how.method = normalisation_method::percentile_rank;
  expect_near(norm1(how, ctx(), {3, 1, 3, 2}), {2.0 / 3, 0, 2.0 / 3, 1.0 / 3});
  how.method = normalisation_method::rank;
  expect_near(norm1(how, ctx(direction::lower_is_better), {3, 1, nan, 2}), {1, 3, nan, 2});
}

TEST(Normalise, FractionOfMaxVectorAndReference) {
  normalisation how;
  how.method = normalisation_method::fraction_of_max;
  expect_near(norm1(how, ctx(), {2, 4, 5}), {0.4, 0.8, 1});
  expect_near(norm1(how, ctx(direction::lower_is_better), {2, 4, 5}), {1, 0.5, 0.4});  // min / x
  how.method = normalisation_method::vector;
  expect_near(norm1(how, ctx(), {3, 4}), {0.6, 0.8});
  expect_near(norm1(how, ctx(direction::lower_is_better), {3, 4}), {0.4, 0.2});
  // distance to a reference value 8: 1 - (8 - x) / (8 - min)
  how.method = normalisation_method::distance_to_reference;
  std::vector<double> x{2, 5, 8, 10};
  const double ref = 8;
  const column_fit f = fit_column(how, ctx(), x.data(), nullptr, x.size(), &ref);
  std::vector<double> got;
  for (double v : x) got.push_back(apply_value(how, f, ctx(), v));
  expect_near(Eigen::Map<Eigen::VectorXd>(got.data(), 4), {0, 0.5, 1, 4.0 / 3});
}

TEST(Normalise, ConstantIndicatorPolicy) {
  normalisation how;
  expect_near(norm1(how, ctx(), {3, 3, 3}), {nan, nan, nan});
  how.constant = constant_policy::midpoint;
  expect_near(norm1(how, ctx(), {3, 3, nan}), {50, 50, nan});
  how.constant = constant_policy::top;
  expect_near(norm1(how, ctx(), {3, 3}), {100, 100});
}

// ---------------------------------------------------------------- aggregation (hand cases)

Eigen::VectorXd agg_row(aggregation how, std::vector<double> x, std::vector<double> w,
                        missing_data miss = {}) {
  Eigen::MatrixXd m = Eigen::Map<Eigen::RowVectorXd>(x.data(), static_cast<Eigen::Index>(x.size()));
  Eigen::VectorXd wv = Eigen::Map<Eigen::VectorXd>(w.data(), static_cast<Eigen::Index>(w.size()));
  return aggregate(how, m, wv, miss);
}

TEST(Aggregate, Means) {
  const std::vector<double> x{0.2, 0.5, 0.8}, w{0.5, 0.3, 0.2};
  aggregation how;
  EXPECT_NEAR(agg_row(how, x, w)[0], 0.41, 1e-15);
  how.method = aggregation_method::geometric;
  EXPECT_NEAR(agg_row(how, x, w)[0], std::pow(0.2, 0.5) * std::pow(0.5, 0.3) * std::pow(0.8, 0.2), 1e-15);
  how.method = aggregation_method::harmonic;
  EXPECT_NEAR(agg_row(how, x, w)[0], 1 / 3.35, 1e-15);
  how.method = aggregation_method::power_mean;
  how.p = 2;
  EXPECT_NEAR(agg_row(how, x, w)[0], std::sqrt(0.223), 1e-15);
  // unnormalised weights give the same result
  how.method = aggregation_method::arithmetic;
  EXPECT_NEAR(agg_row(how, x, {5, 3, 2})[0], 0.41, 1e-15);
}

TEST(Aggregate, MissingPolicies) {
  const std::vector<double> x{0.2, nan, 0.8}, w{0.5, 0.3, 0.2};
  aggregation how;
  EXPECT_NEAR(agg_row(how, x, w)[0], (0.1 + 0.16) / 0.7, 1e-15);  // skip and reweight
  EXPECT_TRUE(std::isnan(agg_row(how, x, w, {missing_policy::require_share, 0.75, score_fill::none, {}})[0]));
  EXPECT_NEAR(agg_row(how, x, w, {missing_policy::require_share, 0.6, score_fill::none, {}})[0], 0.26 / 0.7,
              1e-15);
  EXPECT_TRUE(std::isnan(agg_row(how, x, w, {missing_policy::propagate, 0.5, score_fill::none, {}})[0]));
  how.method = aggregation_method::power_mean;  // COINr's genmean returns NA here; we reweight
  how.p = 2;
  EXPECT_NEAR(agg_row(how, x, w)[0], std::sqrt((0.5 * 0.04 + 0.2 * 0.64) / 0.7), 1e-15);
}

TEST(Aggregate, GeometricZeroPolicies) {
  aggregation how;
  how.method = aggregation_method::geometric;
  EXPECT_EQ(agg_row(how, {0, 0.5}, {1, 1})[0], 0.0);
  how.zeros = geometric_zeros::error;
  EXPECT_THROW(agg_row(how, {0, 0.5}, {1, 1}), recipe_error);
  how.zeros = geometric_zeros::floor;
  how.zero_floor = 0.01;
  EXPECT_NEAR(agg_row(how, {0, 0.25}, {1, 1})[0], std::sqrt(0.01 * 0.25), 1e-15);
  how.zeros = geometric_zeros::give_zero;
  EXPECT_THROW(agg_row(how, {-0.1, 0.5}, {1, 1}), recipe_error);
}

TEST(Aggregate, Copeland) {
  // A beats B and C on both children (O = 1): +2; B and C split (O = 0.5): 0 each vs the other.
  Eigen::MatrixXd x(3, 2);
  x << 3, 3, 2, 1, 1, 2;
  aggregation how;
  how.method = aggregation_method::copeland;
  expect_near(aggregate(how, x, Eigen::Vector2d(1, 1)), {2, -1, -1});
  // unequal weights: child 1 decides between B and C
  expect_near(aggregate(how, x, Eigen::Vector2d(2, 1)), {2, 0, -2});
}

TEST(Aggregate, SharesSumToOneAndAreExactForArithmetic) {
  const double x[] = {0.2, 0.5, 0.8}, w[] = {0.5, 0.3, 0.2};
  double s[3];
  aggregation how;
  shares_of_row(how, x, w, 3, s);
  EXPECT_NEAR(s[0] + s[1] + s[2], 1.0, 1e-15);
  EXPECT_NEAR(0.41 * s[0], 0.5 * 0.2, 1e-15);
}

// ---------------------------------------------------------------- ranks and grades

TEST(Rank, TieRules) {
  const Eigen::Vector4d v(9, 7, 7, 5);
  expect_near(rank(v, tie_rule::min), {1, 2, 2, 4});
  expect_near(rank(v, tie_rule::average), {1, 2.5, 2.5, 4});
  expect_near(rank(v, tie_rule::dense), {1, 2, 2, 3});
  expect_near(rank(Eigen::Vector3d(1, nan, 3)), {2, nan, 1});
}


// Ranks by definition, O(n^2): min = 1 + #better, average = min + (#equal - 1) / 2, dense =
// 1 + #distinct better values. The reference for the bucket and radix paths of rank_into.
Eigen::VectorXd naive_rank(const Eigen::VectorXd& v, tie_rule ties, rank_order dir) {
  Eigen::VectorXd out(v.size());
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    if (std::isnan(v[i])) {
      out[i] = nan;
      continue;
    }
    double better = 0, equal = 0;
    std::vector<double> distinct;
    for (Eigen::Index j = 0; j < v.size(); ++j) {
      if (std::isnan(v[j])) continue;
      const bool b = dir == rank_order::highest_first ? v[j] > v[i] : v[j] < v[i];
      if (b) {
        better += 1;
        if (std::find(distinct.begin(), distinct.end(), v[j]) == distinct.end()) distinct.push_back(v[j]);
      }
      if (v[j] == v[i]) equal += 1;
    }
    out[i] = ties == tie_rule::min       ? 1 + better
             : ties == tie_rule::average ? 1 + better + (equal - 1) / 2
                                         : 1 + static_cast<double>(distinct.size());
  }
  return out;
}

TEST(Rank, BucketAndRadixPathsAgreeWithTheDefinition) {
  // smooth, heavily tied, skewed (one outlier crowds every other value into one bucket),
  // signed zeros, NaNs, a subnormal range and infinities
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(-5, 5);
  std::vector<Eigen::VectorXd> cases;
  for (int n : {1, 2, 7, 300, 1000}) {
    Eigen::VectorXd a(n), b(n), c(n), d(n);
    for (int i = 0; i < n; ++i) {
      a[i] = u(rng);
      b[i] = std::round(u(rng));                    // ~11 distinct values
      c[i] = i == n / 2 ? 1e12 : std::exp(u(rng));  // skewed
      d[i] = i % 5 == 0 ? nan : (i % 3 == 0 ? -0.0 : (i % 3 == 1 ? 0.0 : u(rng)));
    }
    cases.insert(cases.end(), {a, b, c, d});
  }
  Eigen::VectorXd tiny(4), inf(4);
  tiny << 5e-324, 1e-323, 5e-324, 0.0;
  inf << 1.0, std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), 1.0;
  cases.insert(cases.end(),
               {tiny, inf, Eigen::VectorXd::Constant(40, 3.0), Eigen::VectorXd::Constant(3, nan)});
  for (const auto& v : cases)
    for (auto t : {tie_rule::min, tie_rule::average, tie_rule::dense})
      for (auto dir : {rank_order::highest_first, rank_order::lowest_first}) {
        const Eigen::VectorXd want = naive_rank(v, t, dir);
        const Eigen::VectorXd got = rank(v, t, dir);
        for (Eigen::Index i = 0; i < v.size(); ++i)
          ASSERT_TRUE(std::isnan(want[i]) ? std::isnan(got[i]) : got[i] == want[i])
              << "n=" << v.size() << " i=" << i << " tie=" << to_string(t);
      }
  // above 50,000 entries the radix path: same definition (min ties, on a tied sample)
  Eigen::VectorXd big(60000);
  for (Eigen::Index i = 0; i < big.size(); ++i) big[i] = std::round(u(rng) * 1000);
  const Eigen::VectorXd r = rank(big, tie_rule::min);
  for (Eigen::Index i = 0; i < big.size(); i += 997)
    ASSERT_EQ(r[i], 1 + static_cast<double>((big.array() > big[i]).count()));
}
TEST(Rank, GradeBands) {
  grade_bands g{{60, 80}, {"不足", "中等", "优良"}};
  g.validate();
  EXPECT_EQ(g.grade(59.9), "不足");
  EXPECT_EQ(g.grade(60), "中等");
  EXPECT_EQ(g.grade(80), "优良");
  EXPECT_EQ(g.grade(nan), "");
  grade_bands bad{{80, 60}, {"a", "b", "c"}};
  EXPECT_THROW(bad.validate(), recipe_error);
  grade_bands short_labels{{60}, {"a"}};
  EXPECT_THROW(short_labels.validate(), recipe_error);
}

// ---------------------------------------------------------------- framework validation

template <class F>
std::string error_id(F&& f, std::string* what = nullptr) {
  try {
    f();
  } catch (const error& e) {
    if (what) *what = e.what();
    return e.id();
  }
  return "no error";
}

TEST(Framework, TreeQueriesAndEffectiveWeights) {
  framework fw({agg("I", ""), agg("D1", "I", 2), agg("D2", "I", 1), ind("a", "D1", 1), ind("b", "D1", 3),
                ind("c", "D2")});
  EXPECT_EQ(fw.leaves().size(), 3u);
  EXPECT_EQ(fw.inner_nodes().size(), 3u);
  EXPECT_EQ(fw.level(fw.at("I")), 3);
  EXPECT_EQ(fw.level(fw.at("a")), 1);
  expect_near(fw.effective_weights(), {1.0 / 6, 0.5, 1.0 / 3}, 1e-15);
  // children are aggregated before parents
  const auto order = fw.inner_nodes_bottom_up();
  EXPECT_EQ(fw.node(order.back()).code, "I");
}

TEST(Framework, ValidationErrorsNameThePlace) {
  auto at_line = [](node_spec n, std::size_t line) {
    n.where.file = "fw.toml";
    n.where.line = line;
    return n;
  };
  std::string what;
  EXPECT_EQ(error_id(
                [&] {
                  framework({agg("I", ""), at_line(ind("a", "X"), 7)}, "fw.toml");
                },
                &what),
            "framework.unknown_parent");
  EXPECT_NE(what.find("fw.toml:7"), std::string::npos) << what;
  EXPECT_NE(what.find("'a'"), std::string::npos) << what;
  EXPECT_NE(what.find("'X'"), std::string::npos) << what;

  EXPECT_EQ(
      error_id(
          [&] {
            framework({agg("I", ""), at_line(agg("A", "B"), 3), at_line(agg("B", "A"), 4), ind("x", "I")});
          },
          &what),
      "framework.cycle");
  EXPECT_NE(what.find("fw.toml:3"), std::string::npos) << what;

  EXPECT_EQ(error_id(
                [&] {
                  framework({agg("I", ""), ind("a", "I"), at_line(ind("a", "I"), 9)});
                },
                &what),
            "framework.duplicate_code");
  EXPECT_NE(what.find("fw.toml:9"), std::string::npos) << what;

  EXPECT_EQ(error_id(
                [&] {
                  framework({agg("I", ""), at_line(ind("a", "I", -1), 5)});
                },
                &what),
            "framework.bad_weight");
  EXPECT_NE(what.find("'a'"), std::string::npos);
  EXPECT_EQ(error_id(
                [&] {
                  framework({agg("I", ""), ind("a", "I", 0), ind("b", "I", 0)});
                },
                &what),
            "framework.zero_weights");
  EXPECT_NE(what.find("'I'"), std::string::npos) << what;

  node_spec band = ind("pm", "I", 1, direction::target_band);
  band.band_lower = 10;
  band.band_upper = 5;
  EXPECT_EQ(error_id([&] { framework({agg("I", ""), band}); }, &what), "framework.band_reversed");
  EXPECT_NE(what.find("'pm'"), std::string::npos);
  node_spec band_target = ind("pm", "I");
  band_target.targets.push_back({comparator::within_band, 50, 40, 2025, "plan"});
  EXPECT_EQ(error_id([&] { framework({agg("I", ""), band_target}); }), "framework.band_reversed");

  EXPECT_EQ(error_id([&] { framework({agg("I", ""), ind("1a", "I")}); }), "framework.invalid_code");
  EXPECT_EQ(error_id([&] {
              framework({agg("I", ""), agg("J", ""), ind("a", "I")});
            }),
            "framework.several_roots");
  EXPECT_EQ(error_id([&] {
              framework({agg("I", ""), agg("D", "I"), ind("a", "I")});
            }),
            "framework.empty_aggregate");
  EXPECT_EQ(error_id([&] { framework(std::vector<node_spec>{}); }), "framework.empty");
  node_spec gp = ind("g", "I");
  gp.posts = goalposts{5, 5, goalpost_scale::linear};
  EXPECT_EQ(error_id([&] { framework({agg("I", ""), gp}); }), "framework.bad_goalposts");
}

// ---------------------------------------------------------------- the scoring run

framework small_framework() {
  return framework({agg("I", ""), agg("D1", "I", 2), agg("D2", "I", 1), ind("a", "D1", 1), ind("b", "D1", 3),
                    ind("c", "D2", 1, direction::lower_is_better)},
                   "small.toml");
}

panel small_panel() {
  Eigen::MatrixXd v(3, 3);
  v << 0, 10, 5,  //
      5, 20, 1,   //
      10, 30, 3;
  return make_panel({"u1", "u2", "u3"}, {"a", "b", "c"}, v);
}

TEST(Score, HandComputedThreeUnits) {
  const result res = score(small_framework(), small_panel());
  // min-max 0-100: a {0, 50, 100}, b {0, 50, 100}, c (lower) {0, 100, 50}
  // D1 = (1 a + 3 b) / 4; D2 = c; I = (2 D1 + D2) / 3
  expect_near(res.score_of("D1"), {0, 50, 100});
  expect_near(res.score_of("D2"), {0, 100, 50});
  expect_near(res.score_of("I"), {0, 200.0 / 3, 250.0 / 3});
  expect_near(res.rank_of("I"), {3, 2, 1});
  expect_near(res.effective_weights, {1.0 / 6, 0.5, 1.0 / 3}, 1e-15);
  // contributions: w_eff * x, summing to the score
  const Eigen::MatrixXd c = res.contributions("I");
  EXPECT_NEAR(c(1, 0), 50.0 / 6, 1e-12);
  EXPECT_NEAR(c(1, 2), 100.0 / 3, 1e-12);
  for (Eigen::Index i = 0; i < 3; ++i) EXPECT_NEAR(c.row(i).sum(), res.scores(i, 0), 1e-12);
  EXPECT_EQ(res.origin.library_version, std::string(TIJIAN_VERSION));
  EXPECT_EQ(res.origin.framework_hash.size(), 16u);
  EXPECT_NE(res.origin.recipe_text.find("method = \"min_max\""), std::string::npos);
}

TEST(Score, UnknownColumnAndIndicatorWithoutData) {
  panel p = small_panel();
  p.indicators[2] = "zz";
  p.source = "data.csv";
  std::string what;
  EXPECT_EQ(error_id([&] { (void)score(small_framework(), p); }, &what), "framework.indicator_without_data");
  EXPECT_NE(what.find("'c'"), std::string::npos) << what;
  EXPECT_NE(what.find("small.toml"), std::string::npos) << what;

  panel extra = small_panel();
  extra.indicators.push_back("extra");
  extra.values.conservativeResize(3, 4);
  extra.values.col(3).setZero();
  extra.source = "data.csv";
  EXPECT_EQ(error_id([&] { (void)score(small_framework(), extra); }, &what), "data.unknown_column");
  EXPECT_NE(what.find("'extra'"), std::string::npos) << what;
  EXPECT_NE(what.find("data.csv"), std::string::npos) << what;
  recipe r;
  r.unknown = unknown_columns::ignore;
  const result res = score(small_framework(), extra, r);
  ASSERT_FALSE(res.diagnostics.empty());
  bool recorded = false;
  for (const auto& d : res.diagnostics)
    recorded |= d.id == "data.unknown_column_ignored" && d.node == "extra";
  EXPECT_TRUE(recorded);
}

// format_double's text is defined as "%.*g" at the fewest digits (1, 2, ... 17) that read back,
// without an exponent from 1e-4 to 1e15: the digit search itself is the reference, and the
// faster search that starts at the shortest round trip must give the same text.
std::string format_double_by_search(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  const double a = std::fabs(v);
  const bool plain = a == 0 || (a >= 1e-4 && a < 1e15);
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v && !(plain && std::strchr(buf, 'e'))) break;
  }
  return buf;
}

TEST(FormatDouble, SameTextAsTheDigitSearch) {
  for (double v : {0.0,
                   -0.0,
                   1.0,
                   0.1,
                   0.3,
                   2.0 / 3,
                   100.0,
                   1e14,
                   1e15,
                   9.99999e14,
                   123456789012345.6,
                   1e-4,
                   9.9999e-5,
                   1e-5,
                   5e-324,
                   2.2250738585072014e-308,
                   1.7976931348623157e308,
                   1e21,
                   1e300,
                   std::numeric_limits<double>::quiet_NaN(),
                   std::numeric_limits<double>::infinity()}) {
    EXPECT_EQ(detail::format_double(v), format_double_by_search(v)) << v;
    EXPECT_EQ(detail::format_double(-v), format_double_by_search(-v)) << v;
  }
  std::mt19937_64 g(7);
  std::uniform_real_distribution<double> u(0, 1);
  std::size_t differ = 0;
  for (int i = 0; i < 50000; ++i) {
    std::uint64_t bits = g();
    double any;
    std::memcpy(&any, &bits, sizeof any);  // any bit pattern
    const double values[] = {any, u(g) * std::pow(10.0, static_cast<int>(g() % 40) - 20),
                             std::round(u(g) * 1e6) / 100.0,  // data with two decimals
                             static_cast<double>(g() % 100000000000000000ULL)};
    for (double v : values) differ += detail::format_double(v) != format_double_by_search(v);
  }
  EXPECT_EQ(differ, 0u);
}

// The one decision of which table columns a framework reads (data_columns.hpp), used by the
// Python layer before it copies and by score() for what a reader kept or left out.
TEST(DataColumns, InputsLabelsUnknownAndDuplicates) {
  node_spec a = ind("a", "I");
  a.denominator = "pop";
  const framework fw({agg("I", ""), a, ind("b", "I")}, "fw.toml");
  std::string what;
  const std::vector<std::string> names = {"unit", "b", "extra", "pop", "a", "year"};
  const std::vector<bool> labels = {true, false, false, false, false, true};
  EXPECT_EQ(error_id([&] { (void)plan_data_columns(fw, names, labels, unknown_columns::error, "d.csv"); },
                     &what),
            "data.unknown_column");
  EXPECT_NE(what.find("'extra'"), std::string::npos) << what;
  EXPECT_NE(what.find("d.csv"), std::string::npos) << what;
  EXPECT_NE(what.find("fw.toml"), std::string::npos) << what;
  const data_column_plan plan = plan_data_columns(fw, names, labels, unknown_columns::ignore, "d.csv");
  EXPECT_EQ(plan.inputs, (std::vector<std::size_t>{1, 3, 4}));  // b, the denominator pop, a
  EXPECT_EQ(plan.left_out, (std::vector<std::string>{"extra"}));
  // a name given twice is refused, a label column too, whatever the policy
  EXPECT_EQ(error_id(
                [&] {
                  (void)plan_data_columns(fw, {"year", "a", "b", "year"}, {true, false, false, true},
                                          unknown_columns::ignore, "d.csv");
                },
                &what),
            "data.duplicate_column");
  EXPECT_NE(what.find("'year'"), std::string::npos) << what;
  // no label marks: every column is an input or unknown
  EXPECT_EQ(plan_data_columns(fw, {"a", "b"}, {}, unknown_columns::error, "").inputs,
            (std::vector<std::size_t>{0, 1}));
}

TEST(DataColumns, ColumnsLeftOutByTheReaderAreNotedOrRefused) {
  panel p = small_panel();
  p.left_out = {"population", "remark"};
  p.source = "data.csv";
  std::string what;
  EXPECT_EQ(error_id([&] { (void)score(small_framework(), p); }, &what), "data.unknown_column");
  EXPECT_NE(what.find("'population'"), std::string::npos) << what;
  recipe r;
  r.unknown = unknown_columns::ignore;
  const result res = score(small_framework(), p, r);
  std::vector<std::string> noted;
  for (const auto& d : res.diagnostics)
    if (d.id == "data.unknown_column_ignored") {
      noted.push_back(d.node);
      EXPECT_EQ(d.level, severity::warning);
      EXPECT_FALSE(d.message_zh.empty());
    }
  EXPECT_EQ(noted, (std::vector<std::string>{"population", "remark"}));
  const result plain = score(small_framework(), small_panel());
  EXPECT_EQ(res.scores, plain.scores);  // nothing else changes
  // with a preparation, its record notes them, once
  r.prepare.treat.method = treatment_method::coinr_winsorise;
  noted.clear();
  for (const auto& d : score(small_framework(), p, r).diagnostics)
    if (d.id == "data.unknown_column_ignored") noted.push_back(d.node);
  EXPECT_EQ(noted, (std::vector<std::string>{"population", "remark"}));
  const prepared_data prep = prepare(small_framework(), p, r.prepare);
  noted.clear();
  for (const auto& d : prep.diagnostics)
    if (d.id == "data.unknown_column_ignored") noted.push_back(d.node);
  EXPECT_EQ(noted, (std::vector<std::string>{"population", "remark"}));
}

// A reader's notes keep their Chinese text through screening (the screened panel used to drop it).
TEST(Score, ReaderNotesKeepTheirChineseThroughScreening) {
  panel p = small_panel();
  p.notes = {"converted from GB18030 to UTF-8"};
  p.notes_zh = {"已从 GB18030 编码转换为 UTF-8"};
  recipe r;
  r.prepare.screen.policy = screen_policy::by_missing;
  bool seen = false;
  for (const auto& d : score(small_framework(), p, r).diagnostics)
    if (d.id == "data.reader") {
      seen = true;
      EXPECT_EQ(d.message_zh, p.notes_zh[0]);
    }
  EXPECT_TRUE(seen);
}

TEST(Score, PanelFitScopes) {
  // two periods; pooled min-max makes the years comparable, per-period does not
  panel p;
  p.units = {"u1", "u2", "u1", "u2"};
  p.periods = {"2020", "2020", "2021", "2021"};
  p.indicators = {"a", "b", "c"};
  p.values.resize(4, 3);
  p.values << 0, 0, 0,  //
      10, 10, 10,       //
      10, 10, 10,       //
      20, 20, 20;
  p.validate();
  recipe r;
  result per = score(small_framework(), p, r);
  expect_near(per.normalised.col(0), {0, 100, 0, 100});
  r.normalise.fit = fit_scope::pooled;
  result pooled = score(small_framework(), p, r);
  expect_near(pooled.normalised.col(0), {0, 50, 50, 100});
  expect_near(pooled.normalised.col(2), {100, 50, 50, 0});
  expect_near(pooled.rank_of("I"), {2, 1, 2, 1});  // ranks within each year
  r.normalise.fit = fit_scope::one_period;
  r.normalise.fit_period = "2020";
  result base = score(small_framework(), p, r);
  expect_near(base.normalised.col(0), {0, 100, 100, 200});
  r.ranks = rank_scope::pooled;
  result pooled_ranks = score(small_framework(), p, r);
  EXPECT_EQ(pooled_ranks.rank_of("I")[3], 1);
}

TEST(Score, ConstantIndicatorIsDiagnosed) {
  panel p = small_panel();
  p.values.col(0).setConstant(4);
  const result res = score(small_framework(), p);
  bool found = false;
  for (const auto& d : res.diagnostics) found |= d.id == "normalise.constant" && d.node == "a";
  EXPECT_TRUE(found);
  // a is missing everywhere, so D1 is b alone (skip and reweight)
  expect_near(res.score_of("D1"), {0, 50, 100});
}

TEST(Score, GradesAndPerNodeAggregation) {
  recipe r;
  r.grades = {{50, 79}, {"不足", "中等", "优良"}};  // unit 3 scores 79.37
  r.aggregate_by_node["I"] = aggregation{aggregation_method::geometric};
  const result res = score(small_framework(), small_panel(), r);
  // I = D1^(2/3) D2^(1/3); unit 1 has zeros -> 0 (give_zero policy, diagnosed)
  EXPECT_NEAR(res.score_of("I")[2], std::pow(100.0, 2.0 / 3) * std::pow(50.0, 1.0 / 3), 1e-10);
  EXPECT_EQ(res.score_of("I")[0], 0.0);
  EXPECT_EQ(res.grades[2][0], "优良");
  EXPECT_EQ(res.grades[0][0], "不足");
  EXPECT_EQ(res.aggregations[0].method, aggregation_method::geometric);
}

// ---------------------------------------------------------------- properties

panel random_panel(std::mt19937_64& rng, Eigen::Index n) {
  std::uniform_real_distribution<double> u(0, 100);
  Eigen::MatrixXd v(n, 3);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < 3; ++j) v(i, j) = u(rng);
  std::vector<std::string> units;
  for (Eigen::Index i = 0; i < n; ++i) units.push_back("u" + std::to_string(i));
  return make_panel(units, {"a", "b", "c"}, v);
}

TEST(Properties, ImprovingAnIndicatorNeverLowersTheScore) {
  std::mt19937_64 rng(42);
  for (int trial = 0; trial < 50; ++trial) {
    panel p = random_panel(rng, 12);
    const result before = score(small_framework(), p);
    const auto unit = static_cast<Eigen::Index>(rng() % 12);
    const auto j = static_cast<Eigen::Index>(rng() % 3);
    const double step = 1 + static_cast<double>(rng() % 50);
    // c is lower-is-better: improving it means lowering it
    p.values(unit, j) += j == 2 ? -step : step;
    const result after = score(small_framework(), p);
    EXPECT_GE(after.scores(unit, 0), before.scores(unit, 0) - 1e-9) << "trial " << trial;
  }
}

TEST(Properties, FlippingDirectionAndNegatingDataChangesNothing) {
  std::mt19937_64 rng(7);
  panel p = random_panel(rng, 20);
  const result base = score(small_framework(), p);
  framework flipped({agg("I", ""), agg("D1", "I", 2), agg("D2", "I", 1),
                     ind("a", "D1", 1, direction::lower_is_better), ind("b", "D1", 3),
                     ind("c", "D2", 1, direction::higher_is_better)});
  panel q = p;
  q.values.col(0) *= -1;
  q.values.col(2) *= -1;
  for (auto method : {normalisation_method::min_max, normalisation_method::z_score,
                      normalisation_method::rank, normalisation_method::efficacy}) {
    recipe r;
    r.normalise.method = method;
    const result a = score(small_framework(), p, r), b = score(flipped, q, r);
    EXPECT_LT((a.scores - b.scores).cwiseAbs().maxCoeff(), 1e-9) << to_string(method);
    EXPECT_EQ(a.ranks, b.ranks);
  }
}

TEST(Properties, MinMaxIsInvariantToPositiveAffineRescaling) {
  std::mt19937_64 rng(3);
  panel p = random_panel(rng, 25);
  const result base = score(small_framework(), p);
  panel q = p;
  q.values.col(1) = q.values.col(1) * 37.5 + Eigen::VectorXd::Constant(25, -1000.0);
  q.values.col(2) = q.values.col(2) * 0.01;
  const result scaled = score(small_framework(), q);
  EXPECT_LT((base.scores - scaled.scores).cwiseAbs().maxCoeff(), 1e-9);
}

TEST(Properties, WeightScaleInvariance) {
  std::mt19937_64 rng(5);
  panel p = random_panel(rng, 10);
  framework big({agg("I", "", 9), agg("D1", "I", 20), agg("D2", "I", 10), ind("a", "D1", 7),
                 ind("b", "D1", 21), ind("c", "D2", 4, direction::lower_is_better)});
  const result a = score(small_framework(), p), b = score(big, p);
  EXPECT_LT((a.scores - b.scores).cwiseAbs().maxCoeff(), 1e-9);
}

}  // namespace
