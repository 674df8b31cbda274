// SPDX-License-Identifier: MIT
// Fit statistics merged across partitions (partial_fit.hpp) against score() on the whole panel,
// and an uncertainty analysis split into parts against the one-piece analysis. The reference is
// the in-memory run: exact where only min, max and counts merge, within rounding where sums
// merge in another order; the merged moments against a direct two-pass computation.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <tijian/partial_fit.hpp>
#include <tijian/uncertainty.hpp>

using namespace tijian;
namespace {

node_spec node(std::string code, std::string parent, double w = 1,
               direction dir = direction::higher_is_better) {
  node_spec n;
  n.code = std::move(code);
  n.parent = std::move(parent);
  n.weight = w;
  n.dir = dir;
  return n;
}

framework tree() {
  return framework({node("I", ""), node("D1", "I", 2), node("D2", "I", 1), node("a", "D1", 1),
                    node("b", "D1", 3, direction::lower_is_better), node("c", "D2", 1), node("e", "D2", 2)});
}

/// `units` units x three periods, values in (1, 100) with about 5 % missing; rows period-major.
panel three_years(std::size_t units, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(1, 100);
  panel p;
  p.indicators = {"a", "b", "c", "e"};
  const std::vector<std::string> years = {"2021", "2022", "2023"};
  p.values.resize(static_cast<Eigen::Index>(units * years.size()), 4);
  Eigen::Index r = 0;
  for (const auto& y : years)
    for (std::size_t i = 0; i < units; ++i, ++r) {
      p.units.push_back("u" + std::to_string(i));
      p.periods.push_back(y);
      for (Eigen::Index j = 0; j < 4; ++j) p.values(r, j) = u(rng) < 5 ? std::nan("") : u(rng);
    }
  p.validate();
  return p;
}

/// Rows [from, to) of a panel.
panel rows_of(const panel& p, Eigen::Index from, Eigen::Index to) {
  panel q;
  q.indicators = p.indicators;
  q.values = p.values.middleRows(from, to - from);
  for (Eigen::Index i = from; i < to; ++i) {
    q.units.push_back(p.units[static_cast<std::size_t>(i)]);
    q.periods.push_back(p.periods[static_cast<std::size_t>(i)]);
  }
  return q;
}

/// Partitions of uneven sizes that cut through periods.
std::vector<panel> split(const panel& p) {
  const Eigen::Index n = p.rows();
  const std::vector<Eigen::Index> cuts = {0, n / 7, n / 2 + 3, n - 5, n};
  std::vector<panel> parts;
  for (std::size_t k = 0; k + 1 < cuts.size(); ++k) parts.push_back(rows_of(p, cuts[k], cuts[k + 1]));
  return parts;
}

/// The scores of every partition, stacked, with the fit merged from the partitions.
Eigen::MatrixXd partitioned_scores(const framework& fw, const panel& p, const recipe& r) {
  const auto parts = split(p);
  partial_fit s;
  for (const auto& q : parts) s.merge(fit_statistics(fw, q, r));
  partial_weights w;
  for (const auto& q : parts) w.merge(weight_statistics(fw, q, r, s));
  const fitted_scoring f = finish(fw, r, s, w);
  Eigen::MatrixXd out(p.rows(), static_cast<Eigen::Index>(fw.inner_nodes().size()));
  Eigen::Index at = 0;
  for (const auto& q : parts) {
    const partition_scores ps = score_partition(fw, q, r, f);
    out.middleRows(at, q.rows()) = ps.scores;
    at += q.rows();
  }
  return out;
}

bool same_bits(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    const double x = a.data()[i], y = b.data()[i];
    if (!(x == y || (std::isnan(x) && std::isnan(y)))) return false;
  }
  return true;
}

TEST(PartialFit, MinMaxArithmeticIsExact) {
  const framework fw = tree();
  const panel p = three_years(57, 3);
  for (fit_scope scope : {fit_scope::per_period, fit_scope::pooled, fit_scope::one_period}) {
    recipe r;
    r.normalise.fit = scope;
    r.normalise.fit_period = "2022";
    EXPECT_TRUE(same_bits(partitioned_scores(fw, p, r), score(fw, p, r).scores)) << to_string(scope);
  }
}

TEST(PartialFit, GeometricEfficacyAndEqualWeightsAreExact) {
  const framework fw = tree();
  const panel p = three_years(41, 5);
  recipe r;
  r.normalise.method = normalisation_method::efficacy;
  r.aggregate.method = aggregation_method::geometric;
  r.weights.method = weighting_method::equal;
  EXPECT_TRUE(same_bits(partitioned_scores(fw, p, r), score(fw, p, r).scores));
}

TEST(PartialFit, EntropyAndZScoresWithinRounding) {
  const framework fw = tree();
  const panel p = three_years(200, 7);
  for (weight_scope scope : {weight_scope::within_parent, weight_scope::all_indicators}) {
    recipe r;
    r.weights.method = weighting_method::entropy;
    r.weights.scope = scope;
    const Eigen::MatrixXd a = partitioned_scores(fw, p, r), b = score(fw, p, r).scores;
    EXPECT_LT(((a - b).array().abs() / b.array().abs().max(1.0)).maxCoeff(), 1e-12);
    // and the weights themselves
    partial_fit s;
    partial_weights w;
    for (const auto& q : split(p)) s.merge(fit_statistics(fw, q, r));
    for (const auto& q : split(p)) w.merge(weight_statistics(fw, q, r, s));
    EXPECT_LT((finish(fw, r, s, w).weights - score(fw, p, r).weights).cwiseAbs().maxCoeff(), 1e-14);
  }
  recipe z;
  z.normalise.method = normalisation_method::z_score;
  z.normalise.fit = fit_scope::pooled;
  const Eigen::MatrixXd a = partitioned_scores(fw, p, z), b = score(fw, p, z).scores;
  EXPECT_LT((a - b).cwiseAbs().maxCoeff(), 1e-12);
}

// Merged moments against the direct two-pass mean and centred sum of squares of all values.
TEST(PartialFit, MergedMomentsMatchTwoPass) {
  const framework fw = tree();
  const panel p = three_years(90, 11);
  recipe r;
  r.normalise.fit = fit_scope::pooled;
  partial_fit s;
  for (const auto& q : split(p)) s.merge(fit_statistics(fw, q, r));
  const auto fits = finish_normalisation(fw, r, s);
  for (Eigen::Index j = 0; j < 4; ++j) {
    const double sign = j == 1 ? -1 : 1;  // b is lower-is-better: y = -x
    double sum = 0, n = 0, lo = INFINITY, hi = -INFINITY;
    for (Eigen::Index i = 0; i < p.rows(); ++i)
      if (!std::isnan(p.values(i, j))) {
        sum += sign * p.values(i, j);
        n += 1;
        lo = std::min(lo, sign * p.values(i, j));
        hi = std::max(hi, sign * p.values(i, j));
      }
    const double mean = sum / n;
    double ss = 0;
    for (Eigen::Index i = 0; i < p.rows(); ++i)
      if (!std::isnan(p.values(i, j))) ss += (sign * p.values(i, j) - mean) * (sign * p.values(i, j) - mean);
    const column_fit& f = fits[static_cast<std::size_t>(j)][0];
    EXPECT_EQ(f.n, static_cast<std::size_t>(n));
    EXPECT_EQ(f.min, lo);
    EXPECT_EQ(f.max, hi);
    EXPECT_NEAR(f.mean, mean, 1e-12 * std::abs(mean));
    EXPECT_NEAR(f.sd, std::sqrt(ss / (n - 1)), 1e-12 * std::sqrt(ss / (n - 1)));
  }
}

TEST(PartialFit, RefusesWhatDoesNotMerge) {
  const framework fw = tree();
  const panel p = three_years(10, 1);
  auto id_of = [&](const recipe& r) {
    try {
      (void)fit_statistics(fw, p, r);
    } catch (const error& e) {
      return e.id();
    }
    return std::string();
  };
  recipe rank;
  rank.normalise.method = normalisation_method::rank;
  EXPECT_EQ(id_of(rank), "dask.not_mergeable");
  recipe topsis;
  topsis.aggregate.method = aggregation_method::topsis;
  EXPECT_EQ(id_of(topsis), "dask.not_mergeable");
  recipe critic;
  critic.weights.method = weighting_method::critic;
  EXPECT_EQ(id_of(critic), "dask.not_mergeable");
  EXPECT_EQ(id_of(recipe{}), "");
}

// The recipe settings of issue 19: per-node missing policies, min/max and fuzzy evaluation are
// row by row (the same bits as score()); the settings that read other units are refused naming
// the setting.
TEST(PartialFit, Issue19SettingsExactOrRefusedByName) {
  const framework fw = tree();
  const panel p = three_years(43, 9);
  recipe by_node;
  by_node.missing_by_node["D1"].policy = missing_policy::propagate;
  by_node.missing_by_node["D2"].policy = missing_policy::require_share;
  by_node.missing_by_node["D2"].min_share = 0.75;
  by_node.aggregate_by_node["D2"].method = aggregation_method::maximum;
  const Eigen::MatrixXd want = score(fw, p, by_node).scores;
  EXPECT_TRUE(want.hasNaN());  // the policies had work to do
  EXPECT_TRUE(same_bits(partitioned_scores(fw, p, by_node), want));
  // fuzzy evaluation reads each row's raw values against the grade standards: row by row too
  recipe fuzzy;
  fuzzy.aggregate_by_node["D2"].method = aggregation_method::fuzzy;
  fuzzy.aggregate_by_node["D2"].fuzzy_op = fuzzy_operator::min_max;
  fuzzy.aggregate_by_node["D1"].method = aggregation_method::fuzzy;
  fuzzy.fuzzy.grades = {"good", "fair", "poor"};
  fuzzy.fuzzy.breakpoints = {{"a", {90, 50, 10}},
                             {"b", {10, 50, 90}},
                             {"c", {90, 50, 10}},
                             {"e", {20, 40, 80}}};
  const Eigen::MatrixXd fuzzy_want = score(fw, p, fuzzy).scores;
  EXPECT_TRUE(same_bits(partitioned_scores(fw, p, fuzzy), fuzzy_want));

  auto message_of = [&](const recipe& r) {
    try {
      (void)fit_statistics(fw, p, r);
    } catch (const error& e) {
      EXPECT_EQ(e.id(), "dask.not_mergeable") << e.what();
      return std::string(e.what());
    }
    return std::string();
  };
  recipe per_indicator;
  per_indicator.prepare.impute_by_indicator["c"].method = imputation_method::mean;
  EXPECT_NE(message_of(per_indicator).find("[prepare.impute.by_indicator]"), std::string::npos);
  EXPECT_NE(message_of(per_indicator).find("'c'"), std::string::npos);
  recipe rsr;
  rsr.aggregate.method = aggregation_method::rsr;
  EXPECT_NE(message_of(rsr).find("rsr"), std::string::npos);
  recipe fill;
  fill.missing_by_node["D1"].fill = score_fill::mean;
  EXPECT_NE(message_of(fill).find("[missing] fill"), std::string::npos);
  recipe na;
  na.not_applicable["c"] = {"kind_group", {"x"}};
  EXPECT_NE(message_of(na).find("[not_applicable]"), std::string::npos);
}

TEST(PartialFit, UnknownPeriodInAPartitionIsNamed) {
  const framework fw = tree();
  const panel p = three_years(12, 2);
  recipe r;
  const panel first_year = rows_of(p, 0, 12);
  const fitted_scoring f = finish(fw, r, fit_statistics(fw, first_year, r));
  try {
    (void)score_partition(fw, rows_of(p, 12, 24), r, f);
    FAIL() << "expected dask.unknown_period";
  } catch (const data_error& e) {
    EXPECT_EQ(e.id(), "dask.unknown_period");
    EXPECT_EQ(e.where().period, "2022");
  }
}

// An analysis split into parts, merged: the same bits as the analysis in one piece.
TEST(UncertaintyParts, MergedPartsEqualOnePiece) {
  const framework fw = tree();
  panel p = rows_of(three_years(40, 9), 0, 40);
  for (auto& y : p.periods) y.clear();
  p.validate();
  const recipe nominal;
  for (const bool dirichlet : {false, true}) {
    uncertainty_spec spec;
    spec.runs = 203;
    spec.seed = 42;
    if (dirichlet) spec.dirichlet = 1;
    else spec.noise = {{1, 0.3}, {2, 0.2}};
    spec.normalisations.resize(2);
    spec.normalisations[1].method = normalisation_method::z_score;
    spec.aggregations = {aggregation{aggregation_method::arithmetic},
                         aggregation{aggregation_method::geometric}};
    spec.exclusions = {"a", "e"};
    const uncertainty_result whole = uncertainty(fw, p, nominal, spec);
    std::vector<uncertainty_result> parts;
    const std::vector<std::size_t> cuts = {0, 1, 70, 150, 203};
    for (std::size_t k = 0; k + 1 < cuts.size(); ++k)
      parts.push_back(uncertainty_runs(fw, p, nominal, spec, cuts[k], cuts[k + 1] - cuts[k]));
    const uncertainty_result merged = merge_uncertainty(std::move(parts));
    EXPECT_TRUE(same_bits(merged.scores, whole.scores));
    EXPECT_TRUE(same_bits(merged.ranks, whole.ranks));
    EXPECT_TRUE(same_bits(merged.weights, whole.weights));
    EXPECT_TRUE(same_bits(merged.factors, whole.factors));
    for (auto v :
         {&uncertainty_result::score_median, &uncertainty_result::score_q05, &uncertainty_result::score_mean,
          &uncertainty_result::rank_q95, &uncertainty_result::rank_mean})
      EXPECT_TRUE(same_bits(merged.*v, whole.*v));
    ASSERT_EQ(merged.choices.size(), whole.choices.size());
    for (std::size_t r = 0; r < whole.choices.size(); ++r) {
      EXPECT_EQ(merged.choices[r].aggregation, whole.choices[r].aggregation);
      EXPECT_EQ(merged.choices[r].excluded, whole.choices[r].excluded);
      EXPECT_EQ(merged.choices[r].weight_set, whole.choices[r].weight_set);
    }
    EXPECT_EQ(merged.failures, whole.failures);
  }
}

// The merges refuse what is not one analysis or one panel, with their ids (the error catalogue
// lists these as reachable from C++ only: tijian.dask merges what it split itself).
TEST(UncertaintyParts, MergeRefusesPartsOutOfOrderAndStatisticsOfOtherIndicators) {
  const framework fw = tree();
  panel p = rows_of(three_years(12, 5), 0, 12);
  for (auto& y : p.periods) y.clear();
  p.validate();
  uncertainty_spec spec;
  spec.runs = 10;
  spec.noise = {{1, 0.3}};
  const recipe nominal;
  const auto id_of = [](auto&& call) {
    try {
      call();
    } catch (const error& e) {
      return e.id();
    }
    return std::string("none");
  };
  EXPECT_EQ(id_of([&] {
              std::vector<uncertainty_result> parts;
              parts.push_back(uncertainty_runs(fw, p, nominal, spec, 5, 5));  // runs 5-9 first
              parts.push_back(uncertainty_runs(fw, p, nominal, spec, 0, 5));
              (void)merge_uncertainty(std::move(parts));
            }),
            "uncertainty.merge");
  EXPECT_EQ(id_of([&] {
              std::vector<uncertainty_result> parts;
              parts.push_back(uncertainty_runs(fw, p, nominal, spec, 0, 5));
              parts.push_back(uncertainty_runs(fw, p, nominal, spec, 6, 4));  // run 5 missing
              (void)merge_uncertainty(std::move(parts));
            }),
            "uncertainty.merge");
  partial_fit a = fit_statistics(fw, p, nominal);
  partial_fit b = a;
  b.indicators.back() = "zz";
  EXPECT_EQ(id_of([&] { a.merge(b); }), "dask.merge");
}

}  // namespace
