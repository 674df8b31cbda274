// SPDX-License-Identifier: MIT
// Data preparation (denominate, screen, impute, treat) and indicator statistics.
//  - COINr's ASEM build end to end from raw data through the public API: every stage
//    (Denominated, Imputed, Treated, Normalised, Aggregated) equals COINr6's to 1e-9;
//  - skewness and kurtosis against values computed by hand from the type-2 formulas;
//  - winsorisation with ties at the extreme and a limit that ties push past, the log fall-back
//    on the original values, percentile clipping, Box-Cox, COINr's defects fixed;
//  - imputation never changes a present value (property test), group imputation with an
//    all-missing group and a unit without a group, row-wise and EM imputation against hand
//    checks; screening thresholds and forced units; denomination; recipe round trips;
//  - indicator statistics, correlations and flags, Cronbach's alpha, PCA.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <map>
#include <random>
#include <tijian/io/csv.hpp>
#include <tijian/io/framework_io.hpp>
#include <tijian/io/recipe_io.hpp>
#include <tijian/prepare.hpp>
#include <tijian/prepare_tables.hpp>
#include <tijian/score.hpp>
#include <tijian/stats.hpp>
#include <tijian/stats_tables.hpp>

namespace {

using namespace tijian;
const std::string shared = TIJIAN_SHARED_DATA;
const double nan = std::numeric_limits<double>::quiet_NaN();

// ---- helpers ---------------------------------------------------------------------------------

csv_options asem_options() {
  csv_options o;
  o.unit_column = "UnitCode";
  o.name_column = "UnitName";
  o.period_column = "Year";
  o.group_columns = {"Group_GDP", "Group_GDPpc", "Group_Pop", "Group_EurAsia"};
  return o;
}

/// Largest |a - b| over the framework's indicators (rows matched by unit code); fails the test
/// when the missing-value patterns differ.
double max_diff(const framework& fw, const panel& ours, const panel& theirs, const std::string& stage) {
  std::map<std::string, Eigen::Index> row;
  for (std::size_t i = 0; i < theirs.units.size(); ++i) row[theirs.units[i]] = static_cast<Eigen::Index>(i);
  EXPECT_EQ(ours.rows(), theirs.rows()) << stage;
  double worst = 0;
  for (const auto& code : fw.indicator_codes()) {
    const Eigen::Index a = ours.column(code), b = theirs.column(code);
    EXPECT_GE(a, 0) << stage << " " << code;
    EXPECT_GE(b, 0) << stage << " " << code;
    if (a < 0 || b < 0) continue;
    for (Eigen::Index i = 0; i < ours.rows(); ++i) {
      const std::string& u = ours.units[static_cast<std::size_t>(i)];
      const double x = ours.values(i, a), y = theirs.values(row.at(u), b);
      EXPECT_EQ(std::isnan(x), std::isnan(y)) << stage << " " << code << " " << u;
      if (!std::isnan(x) && !std::isnan(y)) worst = std::max(worst, std::abs(x - y));
    }
  }
  return worst;
}

/// The value rounded to 10 significant digits (as R's signif(x, 10)).
double signif10(double v) {
  if (std::isnan(v)) return v;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9e", v);
  return std::strtod(buf, nullptr);
}

/// COINr6's raw ASEM data with the four denominator columns of ASEM_iData appended (plain data
/// plumbing: COINr keeps denominators in the same iData table). `round` stores them to 10
/// significant digits, the precision of the data inside COINr6's ASEM object (see below).
panel asem_raw_with_denominators(bool round) {
  panel raw = read_panel_csv(shared + "/asem/ASEM_COIN_Raw_COINr6.csv", asem_options());
  const panel idata = read_panel_csv(shared + "/asem/ASEM_iData.csv");
  const std::vector<std::string> denoms{"Area", "Energy", "GDP", "Population"};
  std::map<std::string, Eigen::Index> row;
  for (std::size_t i = 0; i < idata.units.size(); ++i) row[idata.units[i]] = static_cast<Eigen::Index>(i);
  const Eigen::Index c0 = raw.cols();
  raw.values.conservativeResize(raw.rows(), c0 + 4);
  for (std::size_t k = 0; k < denoms.size(); ++k) {
    raw.indicators.push_back(denoms[k]);
    const Eigen::Index c = idata.column(denoms[k]);
    for (Eigen::Index i = 0; i < raw.rows(); ++i) {
      const double v = idata.values(row.at(raw.units[static_cast<std::size_t>(i)]), c);
      raw.values(i, c0 + static_cast<Eigen::Index>(k)) = round ? signif10(v) : v;
    }
  }
  raw.validate();
  return raw;
}

/// COINr6's ASEM build (ASEM_COIN_Method_COINr6.txt): denominate by the iMeta denominators,
/// impute indgroup_mean by Group_EurAsia, treat (winsorise, CTlog fall-back, skew 2, kurtosis
/// 3.5, COINr's default winmax 5), then min-max 0-100 and arithmetic means (the defaults).
recipe asem_recipe() {
  recipe r;
  r.prepare.denominate = true;
  r.prepare.impute.method = imputation_method::group_mean;
  r.prepare.impute.group = "Group_EurAsia";
  r.prepare.treat.method = treatment_method::coinr_winsorise;
  r.prepare.treat.winmax = 5;
  r.prepare.treat.skew_threshold = 2;
  r.prepare.treat.kurt_threshold = 3.5;
  r.prepare.treat.fallback = treatment_fallback::log_ct;
  return r;
}

// ---- COINr ASEM end to end -------------------------------------------------------------------

TEST(PrepareAsem, EveryStageEqualsCoinr6FromRawData) {
  const framework fw = load_framework(shared + "/asem/ASEM_iMeta.csv");
  const panel input = asem_raw_with_denominators(true);
  const recipe r = asem_recipe();
  auto stage = [&](const char* name) {
    return read_panel_csv(shared + "/asem/ASEM_COIN_" + std::string(name) + "_COINr6.csv", asem_options());
  };
  const panel denominated = stage("Denominated"), imputed = stage("Imputed"), treated = stage("Treated"),
              normalised = stage("Normalised"), aggregated = stage("Aggregated");

  const prepared_data p = prepare(fw, input, r);
  const double d_den = max_diff(fw, p.denominated, denominated, "Denominated");
  const double d_imp = max_diff(fw, p.imputed, imputed, "Imputed");
  const double d_trt = max_diff(fw, p.treated, treated, "Treated");

  // the scoring run with the same recipe, from the raw data
  const result res = score(fw, input, r);
  std::map<std::string, Eigen::Index> nrow, arow;
  for (std::size_t i = 0; i < normalised.units.size(); ++i)
    nrow[normalised.units[i]] = static_cast<Eigen::Index>(i);
  for (std::size_t i = 0; i < aggregated.units.size(); ++i)
    arow[aggregated.units[i]] = static_cast<Eigen::Index>(i);
  double d_norm = 0, d_agg = 0, d_prep = 0;
  ASSERT_EQ(res.rows(), 51);
  for (Eigen::Index i = 0; i < res.rows(); ++i) {
    const std::string& u = res.units[static_cast<std::size_t>(i)];
    for (std::size_t k = 0; k < res.indicators.size(); ++k) {
      const auto kk = static_cast<Eigen::Index>(k);
      d_norm =
          std::max(d_norm, std::abs(res.normalised(i, kk) -
                                    normalised.values(nrow.at(u), normalised.column(res.indicators[k]))));
      d_prep = std::max(d_prep, std::abs(res.prepared(i, kk) -
                                         treated.values(nrow.at(u), treated.column(res.indicators[k]))));
    }
    for (const auto& code : res.nodes)
      d_agg = std::max(d_agg, std::abs(res.score_of(code)[i] -
                                       aggregated.values(arow.at(u), aggregated.column(code))));
  }
  std::cout << "ASEM from raw data, largest |difference| to COINr6 per stage:\n"
            << "  Denominated " << d_den << "\n  Imputed     " << d_imp << "\n  Treated     " << d_trt
            << "\n  Normalised  " << d_norm << "\n  Aggregated  " << d_agg << "\n";
  EXPECT_LT(d_den, 1e-9);
  EXPECT_LT(d_imp, 1e-9);
  EXPECT_LT(d_trt, 1e-9);
  EXPECT_LT(d_prep, 1e-9);
  EXPECT_LT(d_norm, 1e-9);
  EXPECT_LT(d_agg, 1e-9);

  // What each step did, as COINr6 did it: 17 indicators divided by their denominators; 65
  // missing values after denomination (63 raw + Elec and Gas of LAO, whose Energy is
  // missing), all filled by the EurAsia group means; 15 indicators fail the skew/kurtosis
  // check and pass after winsorising at most 4 points (Services); none falls back to the log.
  EXPECT_EQ(p.denominations.size(), 17u);
  std::size_t missing_den = 0;
  for (const auto& d : p.denominations) missing_den += d.missing_denominator;
  EXPECT_EQ(missing_den, 2u);
  EXPECT_EQ(p.imputations.size(), 65u);
  EXPECT_TRUE(p.left_missing.empty());
  std::size_t treated_n = 0, max_points = 0;
  for (const auto& d : p.treatment) {
    EXPECT_NE(d.status, "failed") << d.indicator;
    EXPECT_FALSE(d.fallback_used) << d.indicator;
    if (d.status == "treated") {
      ++treated_n;
      max_points = std::max(max_points, d.points_high + d.points_low);
    }
  }
  EXPECT_EQ(treated_n, 15u);
  EXPECT_EQ(max_points, 4u);
  EXPECT_EQ(res.treatment.size(), 49u);
  EXPECT_EQ(res.imputations.size(), 65u);
}

// COINr's own example build (coinr.md §0, build_example_coin()) screens after imputing:
// Denominate -> Impute(i_mean_grp, EurAsia) -> Screen(dat_thresh = 0.9, byNA) -> Treat. With the
// recipe's [prepare] order the same order runs in one call: imputation fills every cell, so
// screening keeps all 51 units and every stage is still COINr6's (whose ASEM build has no
// screening). In the default order the same screen drops the units with 5 or more of the 49
// values missing after denomination (availability < 0.9), counted here from the data.
TEST(PrepareAsem, ScreeningAfterImputationInCoinrExampleOrder) {
  const framework fw = load_framework(shared + "/asem/ASEM_iMeta.csv");
  const panel input = asem_raw_with_denominators(true);
  recipe r = asem_recipe();
  r.prepare.screen.policy = screen_policy::by_missing;
  r.prepare.screen.min_availability = 0.9;
  r.prepare.order = {prepare_step::denominate, prepare_step::impute, prepare_step::screen,
                     prepare_step::treat};
  const prepared_data p = prepare(fw, input, r);
  EXPECT_EQ(p.screened.rows(), 51);
  EXPECT_TRUE(p.removed_rows.empty());
  const panel treated = read_panel_csv(shared + "/asem/ASEM_COIN_Treated_COINr6.csv", asem_options());
  EXPECT_LT(max_diff(fw, p.prepared(), treated, "Treated"), 1e-9);
  EXPECT_EQ(&p.prepared(), &p.treated);
  // the recipe text keeps the order, and reading it back gives the same run
  const recipe back = parse_recipe_toml(describe(r), "<text>");
  EXPECT_EQ(describe(back), describe(r));
  EXPECT_NE(describe(r).find("order = [\"denominate\", \"impute\", \"screen\", \"treat\"]"),
            std::string::npos);

  recipe fixed = r;
  fixed.prepare.order = preparation::default_order();
  const prepared_data q = prepare(fw, input, fixed);
  std::size_t low = 0;
  for (Eigen::Index i = 0; i < q.denominated.rows(); ++i) {
    std::size_t missing = 0;
    for (const std::string& code : fw.indicator_codes())
      missing += std::isnan(q.denominated.values(i, q.denominated.column(code)));
    low += missing >= 5;
  }
  EXPECT_GT(low, 0u);
  EXPECT_EQ(q.removed_rows.size(), low);
  EXPECT_EQ(q.screened.rows(), 51 - static_cast<Eigen::Index>(low));
}

TEST(PrepareAsem, ConventionsThatReproduceCoinr6) {
  const framework fw = load_framework(shared + "/asem/ASEM_iMeta.csv");
  const panel denominated = read_panel_csv(shared + "/asem/ASEM_COIN_Denominated_COINr6.csv", asem_options());
  const panel treated = read_panel_csv(shared + "/asem/ASEM_COIN_Treated_COINr6.csv", asem_options());
  // 1. Denominators at full precision (as ASEM_iData.csv holds them) differ from COINr6's by a
  //    relative 4.2e-10 at most: COINr6's ASEM data held 10 significant digits (its raw values
  //    show it too, e.g. PRemit of AUT is 5.069011777 there and 5.0690117770153194 in iData).
  preparation only_denominate;
  only_denominate.denominate = true;
  const prepared_data full = prepare(fw, asem_raw_with_denominators(false), only_denominate);
  double worst_rel = 0;
  for (const auto& code : fw.indicator_codes())
    for (Eigen::Index i = 0; i < denominated.rows(); ++i) {
      const double a = full.denominated.values(i, full.denominated.column(code));
      const double b = denominated.values(i, denominated.column(code));
      if (!std::isnan(a) && b != 0) worst_rel = std::max(worst_rel, std::abs(a - b) / std::abs(b));
    }
  EXPECT_GT(worst_rel, 1e-10);
  EXPECT_LT(worst_rel, 5e-10);
  // 2. winmax: any limit of 4 or more reproduces COINr6 (Services needs 4 points); with 3,
  //    Services falls back to the log and differs.
  for (int winmax : {4, 5, 10, treatment::unlimited}) {
    recipe r = asem_recipe();
    r.prepare.treat.winmax = winmax;
    EXPECT_LT(max_diff(fw, prepare(fw, asem_raw_with_denominators(true), r).treated, treated, "winmax"), 1e-9)
        << winmax;
  }
  recipe r3 = asem_recipe();
  r3.prepare.treat.winmax = 3;
  const prepared_data p3 = prepare(fw, asem_raw_with_denominators(true), r3);
  bool services_logged = false;
  for (const auto& d : p3.treatment) services_logged |= d.indicator == "Services" && d.fallback_used;
  EXPECT_TRUE(services_logged);
  // 3. indgroup_mean is the group mean, not the median: the median misses COINr6's values.
  recipe rm = asem_recipe();
  rm.prepare.impute.method = imputation_method::group_median;
  const panel imputed = read_panel_csv(shared + "/asem/ASEM_COIN_Imputed_COINr6.csv", asem_options());
  EXPECT_GT(max_diff(fw, prepare(fw, asem_raw_with_denominators(true), rm).imputed, imputed, "median"), 1e-3);
}

TEST(PrepareAsem, EveryImputationMethodFillsTheRealData) {
  // The other methods on the same data: every missing value filled (no group has all its units
  // missing), present values unchanged (checked inside impute), EM converging within pillars.
  const framework fw = load_framework(shared + "/asem/ASEM_iMeta.csv");
  recipe r = asem_recipe();
  for (imputation_method m :
       {imputation_method::mean, imputation_method::median, imputation_method::group_median,
        imputation_method::row_mean_in_group, imputation_method::em}) {
    r.prepare.impute.method = m;
    const prepared_data p = prepare(fw, asem_raw_with_denominators(true), r);
    EXPECT_EQ(p.imputations.size(), 65u) << to_string(m);
    EXPECT_TRUE(p.left_missing.empty()) << to_string(m);
    if (m == imputation_method::em) {
      EXPECT_FALSE(p.em.empty());
      for (const auto& f : p.em) EXPECT_TRUE(f.converged) << f.group << " " << f.iterations;
    }
    EXPECT_NO_THROW((void)score(fw, asem_raw_with_denominators(true), r)) << to_string(m);
  }
}

// ---- skewness, kurtosis, the check ---------------------------------------------------------------

TEST(Moments, Type2SkewnessAndKurtosisByHand) {
  // x = 1, 2, 3, 4, 10: n = 5, mean 4, d = -3, -2, -1, 0, 6;
  // sum d^2 = 50, sum d^3 = 180, sum d^4 = 1394.
  // g1 = sqrt(5) 180 / 50^1.5 = 0.72 sqrt(5/2); G1 = g1 sqrt(5 * 4) / 3 = 0.24 sqrt(50) = 1.2 sqrt(2)
  // r = 5 * 1394 / 50^2 = 2.788; G2 = (6 (2.788 - 3) + 6) * 4 / (3 * 2) = 3.152
  const std::vector<double> x{1, 2, 3, 4, 10};
  EXPECT_NEAR(skewness(x), 1.2 * std::sqrt(2.0), 1e-14);
  EXPECT_NEAR(kurtosis(x), 3.152, 1e-14);
  // NaN values are skipped
  const std::vector<double> y{nan, 1, 2, nan, 3, 4, 10};
  EXPECT_NEAR(skewness(y), 1.2 * std::sqrt(2.0), 1e-14);
  EXPECT_NEAR(kurtosis(y), 3.152, 1e-14);
  // mirror image: skewness changes sign, kurtosis does not
  EXPECT_NEAR(skewness(std::vector<double>{-1, -2, -3, -4, -10}), -1.2 * std::sqrt(2.0), 1e-14);
  // x = 0, 0, 0, 1 (n = 4, mean 1/4): sum d^2 = 3/4, sum d^3 = 3/8 * ... by hand:
  // d = -1/4 (x3), 3/4; sum d^2 = 3/16 + 9/16 = 3/4; sum d^3 = -3/64 + 27/64 = 3/8;
  // sum d^4 = 3/256 + 81/256 = 21/64. g1 = 2 (3/8) / (3/4)^1.5 = 1.1547005383792517;
  // G1 = g1 sqrt(12) / 2 = 2; r = 4 (21/64) / (9/16) = 7/3; G2 = (5 (7/3 - 3) + 6) 3 / 2 = 4
  EXPECT_NEAR(skewness(std::vector<double>{0, 0, 0, 1}), 2.0, 1e-14);
  EXPECT_NEAR(kurtosis(std::vector<double>{0, 0, 0, 1}), 4.0, 1e-14);
  // too few values, constant values
  EXPECT_TRUE(std::isnan(skewness(std::vector<double>{1, 2})));
  EXPECT_TRUE(std::isnan(kurtosis(std::vector<double>{1, 2, 3})));
  EXPECT_TRUE(std::isnan(skewness(std::vector<double>{5, 5, 5, 5})));
  // the check: treat only when |skew| >= 2 AND kurt >= 3.5 (>=, as COINr's check_SkewKurt)
  const skew_kurt_check c = check_skew_kurt({0, 0, 0, 1}, 1.99, 3.5);
  EXPECT_TRUE(c.defined);
  EXPECT_FALSE(c.pass);  // skew 2 >= 1.99 and kurt 4 >= 3.5
  EXPECT_FALSE(check_skew_kurt({0, 0, 0, 1}, 1.99, 4.0 - 1e-12).pass);
  EXPECT_TRUE(check_skew_kurt({0, 0, 0, 1}, 1.99, 4.5).pass);  // both conditions are needed
  EXPECT_TRUE(check_skew_kurt({0, 0, 0, 1}, 2.01, 3.5).pass);
  EXPECT_TRUE(check_skew_kurt({1, 2, 3}).pass);
  EXPECT_FALSE(check_skew_kurt({1, 2, 3}).defined);
}

// ---- outlier treatment ---------------------------------------------------------------------------

std::vector<double> seq(int from, int to) {
  std::vector<double> v;
  for (int i = from; i <= to; ++i) v.push_back(i);
  return v;
}

treatment winsorise_with(int winmax) {
  treatment t;
  t.method = treatment_method::coinr_winsorise;
  t.winmax = winmax;
  return t;
}

TEST(Treat, WinsoriseTiesAtTheExtremeAreClippedTogether) {
  // 1..20, 100, 100: skew 2.82, kurt 7.13 -> fails. The two tied maxima go to 20 together.
  std::vector<double> x = seq(1, 20);
  x.push_back(100);
  x.push_back(100);
  for (int winmax : {5, 1}) {  // with winmax 1 the tie pushes the count to 2, past the limit
    treatment_detail d;
    std::vector<std::string> how;
    const std::vector<double> y = treat_values(x, winsorise_with(winmax), d, how);
    EXPECT_FALSE(d.pass_before);
    EXPECT_NEAR(d.skew_before, 2.816999617055155, 1e-12);
    EXPECT_EQ(d.points_high, 2u) << winmax;
    EXPECT_EQ(d.points_low, 0u);
    EXPECT_EQ(y[20], 20.0);
    EXPECT_EQ(y[21], 20.0);
    EXPECT_EQ(how[20], "winhi");
    EXPECT_EQ(how[21], "winhi");
    EXPECT_EQ(how[19], "");  // the value clipped to is not itself changed
    for (std::size_t i = 0; i < 20; ++i) EXPECT_EQ(y[i], x[i]);
    EXPECT_EQ(d.status, "treated");
    EXPECT_TRUE(d.pass_after);
    EXPECT_FALSE(d.fallback_used);
  }
  // negative skew: the minimum is raised ("winlo")
  std::vector<double> z{-100};
  for (double v : seq(1, 20)) z.push_back(v);
  treatment_detail d;
  std::vector<std::string> how;
  const std::vector<double> y = treat_values(z, winsorise_with(5), d, how);
  EXPECT_EQ(y[0], 1.0);
  EXPECT_EQ(how[0], "winlo");
  EXPECT_EQ(d.points_low, 1u);
}

TEST(Treat, LimitReachedThenLogFallbackOnTheOriginalValues) {
  // 1..30, 200, 300, 300: fails (skew 3.09, kurt 8.57). winmax 1: the tied 300s are clipped to
  // 200 together (count 2 > 1) and it still fails (skew 2.86, kurt 6.86), so log_CT is applied
  // to the ORIGINAL values: ln(x - 1 + 0.01 (300 - 1)).
  std::vector<double> x = seq(1, 30);
  x.insert(x.end(), {200, 300, 300});
  treatment_detail d;
  std::vector<std::string> how;
  const std::vector<double> y = treat_values(x, winsorise_with(1), d, how);
  EXPECT_FALSE(d.pass_before);
  EXPECT_EQ(d.points_high, 2u);
  EXPECT_FALSE(d.pass_treated);
  EXPECT_NEAR(d.skew_treated, 2.855032110870675, 1e-12);
  EXPECT_TRUE(d.fallback_used);
  EXPECT_EQ(d.fallback, "log_ct");
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR(y[i], std::log(x[i] - 1 + 2.99), 1e-15);
    EXPECT_EQ(how[i], "log_ct");
  }
  EXPECT_TRUE(d.pass_after);
  EXPECT_NEAR(d.skew_after, 1.1129116540767163, 1e-12);
  EXPECT_EQ(d.status, "fallback");
  // fallback_on = treated: the log of the winsorised values
  treatment t = winsorise_with(1);
  t.fallback_on = fallback_input::treated;
  const std::vector<double> w = treat_values(x, t, d, how);
  EXPECT_NEAR(w[32], std::log(200 - 1 + 0.01 * 199), 1e-15);
  EXPECT_EQ(how[32], "winhi+log_ct");
  // a fall-back that still fails is kept and reported as failed
  std::vector<double> f = seq(1, 30);
  f.insert(f.end(), {500, 1000, 1000});
  const std::vector<double> g = treat_values(f, winsorise_with(1), d, how);
  EXPECT_EQ(d.status, "failed");
  EXPECT_TRUE(d.fallback_used);
  EXPECT_NEAR(g[0], std::log(0.01 * 999), 1e-15);
  // no fall-back: the winsorised values stay, reported as failed
  t = winsorise_with(1);
  t.fallback = treatment_fallback::none;
  const std::vector<double> h = treat_values(x, t, d, how);
  EXPECT_EQ(h[32], 200.0);
  EXPECT_EQ(d.status, "failed");
  // unlimited winmax: winsorises until it passes
  const std::vector<double> u = treat_values(f, winsorise_with(treatment::unlimited), d, how);
  EXPECT_TRUE(d.pass_after);
  EXPECT_FALSE(d.fallback_used);
  EXPECT_EQ(d.status, "treated");
  EXPECT_EQ(u.size(), f.size());
}

TEST(Treat, CoinrDefectsFixed) {
  treatment_detail d;
  std::vector<std::string> how;
  // too few values: recorded as not treatable, left as is (COINr's loop crashed on NA)
  std::vector<double> few{1, 2, 1000};
  EXPECT_EQ(treat_values(few, winsorise_with(5), d, how), few);
  EXPECT_EQ(d.status, "not_treatable");
  // constant column
  std::vector<double> flat(10, 3.0);
  EXPECT_EQ(treat_values(flat, winsorise_with(5), d, how), flat);
  EXPECT_EQ(d.status, "not_treatable");
  // force works: an indicator that passes is winsorised up to winmax points
  std::vector<double> x = seq(1, 10);
  treatment t = winsorise_with(2);
  t.force = true;
  const std::vector<double> y = treat_values(x, t, d, how);
  EXPECT_TRUE(d.pass_before);
  EXPECT_EQ(d.status, "forced");
  EXPECT_EQ(d.points_high + d.points_low, 2u);
  // force with an unlimited winmax is refused
  t.winmax = treatment::unlimited;
  EXPECT_THROW(validate_treatment(t, "t"), recipe_error);
  // log_gii returns its transform: ln((max - 1)(x - min)/(max - min) + 1)
  std::vector<double> z = seq(1, 30);
  z.insert(z.end(), {500, 1000, 1000});
  t = winsorise_with(0);
  t.fallback = treatment_fallback::log_gii;
  const std::vector<double> g = treat_values(z, t, d, how);
  EXPECT_TRUE(d.fallback_used);
  for (std::size_t i = 0; i < z.size(); ++i) EXPECT_NEAR(g[i], std::log(999 * (z[i] - 1) / 999 + 1), 1e-12);
  // ... and is not applied (recorded) when max <= 0 makes its argument negative
  std::vector<double> s;
  for (double v : z) s.push_back(v - 2000);
  (void)treat_values(s, t, d, how);
  EXPECT_FALSE(d.fallback_used);
  EXPECT_EQ(d.status, "failed");
  EXPECT_FALSE(d.note.empty());
}

TEST(Treat, PercentileClipAndBoxCox) {
  // 1..10, 100: fails (skew 3.26, kurt 10.7). 10% and 90% quantiles (type 7): h = 10 p,
  // sorted[1] = 2 and sorted[9] = 10.
  std::vector<double> x = seq(1, 10);
  x.push_back(100);
  treatment t;
  t.method = treatment_method::percentile_clip;
  t.lower_percentile = 0.1;
  t.upper_percentile = 0.9;
  treatment_detail d;
  std::vector<std::string> how;
  std::vector<double> y = treat_values(x, t, d, how);
  EXPECT_EQ(d.clip_lower, 2.0);
  EXPECT_EQ(d.clip_upper, 10.0);
  EXPECT_EQ(y[0], 2.0);
  EXPECT_EQ(how[0], "cliplo");
  EXPECT_EQ(y[10], 10.0);
  EXPECT_EQ(how[10], "cliphi");
  EXPECT_EQ(d.points_high, 1u);
  EXPECT_EQ(d.points_low, 1u);
  EXPECT_EQ(d.status, "treated");
  // interpolated quantile: p = 0.25 of 1..10,100 -> h = 2.5 -> 3.5
  t.lower_percentile = 0.25;
  y = treat_values(x, t, d, how);
  EXPECT_EQ(d.clip_lower, 3.5);

  // Box-Cox with a given lambda: x' = x - min + 1 = x here; (sqrt(x) - 1) / 0.5
  t = treatment{};
  t.method = treatment_method::box_cox;
  t.fallback = treatment_fallback::none;  // (lambda 0.5 alone does not pass the check)
  t.box_cox_lambda = 0.5;
  y = treat_values(x, t, d, how);
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(y[i], (std::sqrt(x[i]) - 1) / 0.5, 1e-13);
  EXPECT_EQ(d.lambda, 0.5);
  // lambda 0 is the log
  t.box_cox_lambda = 0;
  y = treat_values(x, t, d, how);
  EXPECT_NEAR(y[10], std::log(100.0), 1e-15);
  // estimated lambda maximises the profile log-likelihood
  t.box_cox_lambda = nan;
  y = treat_values(x, t, d, how);
  const double lam = d.lambda;
  ASSERT_TRUE(std::isfinite(lam));
  auto loglik = [&](double l) {
    double s = 0, ss = 0, sl = 0;
    for (double v : x) {
      const double b = l == 0 ? std::log(v) : (std::pow(v, l) - 1) / l;
      s += b;
      ss += b * b;
      sl += std::log(v);
    }
    const double n = static_cast<double>(x.size());
    return -n / 2 * std::log(ss / n - (s / n) * (s / n)) + (l - 1) * sl;
  };
  EXPECT_GE(loglik(lam) + 1e-9, loglik(lam + 0.01));
  EXPECT_GE(loglik(lam) + 1e-9, loglik(lam - 0.01));
  EXPECT_LT(lam, 0.5);  // a long right tail wants a concave transform
  // without the shift, non-positive values refuse Box-Cox (recorded)
  t.box_cox_shift = false;
  std::vector<double> neg = x;
  neg[0] = -1;
  y = treat_values(neg, t, d, how);
  EXPECT_EQ(y, neg);
  EXPECT_FALSE(d.note.empty());
}

// A small framework: R -> A (a1, a2, a3), B (b1, b2)
framework small_framework(const std::string& denominator = {}, double scale = 1) {
  std::vector<node_spec> n(8);
  n[0].code = "R";
  n[1].code = "A";
  n[1].parent = "R";
  n[2].code = "B";
  n[2].parent = "R";
  n[3].code = "a1";
  n[3].parent = "A";
  n[4].code = "a2";
  n[4].parent = "A";
  n[4].dir = direction::lower_is_better;
  n[5].code = "a3";
  n[5].parent = "A";
  n[6].code = "b1";
  n[6].parent = "B";
  n[6].denominator = denominator;
  n[6].scale_factor = scale;
  n[7].code = "b2";
  n[7].parent = "B";
  return framework(n, "small");
}

panel small_panel(const Eigen::MatrixXd& v, std::vector<std::string> units = {}) {
  if (units.empty())
    for (Eigen::Index i = 0; i < v.rows(); ++i) units.push_back("u" + std::to_string(i + 1));
  return make_panel(units, {"a1", "a2", "a3", "b1", "b2"}, v);
}

TEST(Treat, PanelPerIndicatorOverridesAndCells) {
  const framework fw = small_framework();
  Eigen::MatrixXd v(12, 5);
  for (int i = 0; i < 12; ++i) v.row(i) << i + 1, i + 1, i + 1, i + 1, i + 1;
  v(11, 0) = v(11, 1) = v(11, 3) = 1000;  // outliers in a1, a2, b1
  v(3, 1) = nan;
  const panel p = small_panel(v);
  treatment all = winsorise_with(5);
  std::map<std::string, treatment> by;
  by["b1"] = treatment{};  // "none" for b1
  const treatment_result t = treat(fw, p, all, by);
  ASSERT_EQ(t.details.size(), 5u);
  EXPECT_EQ(t.details[0].status, "treated");  // a1
  EXPECT_EQ(t.details[0].points_high, 1u);
  EXPECT_EQ(t.details[1].n, 11u);               // a2: the missing value is not counted
  EXPECT_EQ(t.details[3].status, "untreated");  // b1
  EXPECT_EQ(t.data.values(11, 3), 1000.0);
  EXPECT_EQ(t.data.values(11, 0), 11.0);
  EXPECT_TRUE(std::isnan(t.data.values(3, 1)));
  ASSERT_EQ(t.cells.size(), 2u);
  EXPECT_EQ(t.cells[0].unit, "u12");
  EXPECT_EQ(t.cells[0].indicator, "a1");
  EXPECT_EQ(t.cells[0].how, "winhi");
  EXPECT_EQ(t.cells[0].before, 1000.0);
  EXPECT_EQ(t.cells[0].after, 11.0);
  by["nope"] = treatment{};
  EXPECT_THROW((void)treat(fw, p, all, by), recipe_error);
}

// ---- imputation ----------------------------------------------------------------------------------

TEST(Impute, NeverChangesPresentValuesProperty) {
  const framework fw = small_framework();
  std::mt19937 rng(12345);
  std::uniform_real_distribution<double> u(-50, 150);
  std::bernoulli_distribution miss(0.25);
  const imputation_method methods[] = {imputation_method::mean,
                                       imputation_method::median,
                                       imputation_method::group_mean,
                                       imputation_method::group_median,
                                       imputation_method::row_mean_in_group,
                                       imputation_method::em};
  for (int trial = 0; trial < 40; ++trial) {
    const int n = 8 + trial % 13;
    Eigen::MatrixXd v(n, 5);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < 5; ++j) v(i, j) = miss(rng) ? nan : std::round(u(rng) * 100) / 100;
    panel p = small_panel(v);
    std::vector<std::string> g;
    for (int i = 0; i < n; ++i) g.push_back(i % 5 == 4 ? "" : (i % 2 ? "east" : "west"));
    p.groups.emplace_back("region", g);
    p.periods.assign(static_cast<std::size_t>(n), trial % 2 ? "2020" : "");
    if (trial % 3 == 0)  // a two-period panel
      for (int i = 0; i < n; i += 2) p.periods[static_cast<std::size_t>(i)] = "2021";
    for (imputation_method m : methods) {
      imputation how;
      how.method = m;
      how.group = "region";
      how.group_fallback = trial % 2 == 0;
      const imputation_result r = impute(fw, p, how);
      std::size_t filled = 0;
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < 5; ++j) {
          const double a = v(i, j), b = r.data.values(i, j);
          if (!std::isnan(a)) {
            ASSERT_EQ(a, b) << to_string(m) << " trial " << trial;
          } else if (!std::isnan(b)) {
            ++filled;
          }
        }
      // every filled cell is listed with its value; every unfilled one is listed as left
      ASSERT_EQ(r.cells.size(), filled) << to_string(m);
      std::size_t missing_before = 0;
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < 5; ++j) missing_before += std::isnan(v(i, j));
      EXPECT_EQ(r.cells.size() + r.left_missing.size(), missing_before) << to_string(m) << " trial " << trial;
      for (const auto& c : r.cells) {
        const Eigen::Index row = std::find(p.units.begin(), p.units.end(), c.unit) - p.units.begin();
        EXPECT_EQ(r.data.values(row, p.column(c.indicator)), c.value);
        EXPECT_FALSE(c.method.empty());
      }
    }
  }
}

TEST(Impute, GroupMeanWithAnAllMissingGroupAndAUnitWithoutGroup) {
  const framework fw = small_framework();
  Eigen::MatrixXd v = Eigen::MatrixXd::Ones(6, 5);
  v.col(0) << 1, nan, nan, nan, nan, 4;
  panel p = small_panel(v);
  p.groups.emplace_back("g", std::vector<std::string>{"A", "A", "B", "B", "NA", "A"});
  imputation how;
  how.method = imputation_method::group_mean;
  how.group = "g";
  imputation_result r = impute(fw, p, how);
  EXPECT_EQ(r.data.values(1, 0), 2.5);           // mean of group A: (1 + 4) / 2
  EXPECT_TRUE(std::isnan(r.data.values(2, 0)));  // group B has no value: left missing
  EXPECT_TRUE(std::isnan(r.data.values(3, 0)));
  EXPECT_TRUE(std::isnan(r.data.values(4, 0)));  // no group label: left missing (COINr skip_f_na)
  ASSERT_EQ(r.cells.size(), 1u);
  EXPECT_EQ(r.cells[0].unit, "u2");
  EXPECT_EQ(r.cells[0].method, "group_mean");
  EXPECT_EQ(r.cells[0].group, "A");
  ASSERT_EQ(r.left_missing.size(), 3u);
  EXPECT_EQ(r.left_missing[0].method, "group_all_missing");
  EXPECT_EQ(r.left_missing[2].method, "unit_group_missing");
  // with the fall-back, the overall mean fills them, and says so
  how.group_fallback = true;
  r = impute(fw, p, how);
  EXPECT_EQ(r.data.values(2, 0), 2.5);
  EXPECT_EQ(r.data.values(4, 0), 2.5);
  EXPECT_EQ(r.cells.size(), 4u);
  EXPECT_EQ(r.cells[1].method, "group_mean>mean");
  EXPECT_TRUE(r.left_missing.empty());
  // group median: A = {1, 4, 10} -> 4
  v(0, 0) = 10;
  v(1, 0) = 1;
  v(2, 0) = nan;
  p.values = v;
  p.groups[0].second = {"A", "A", "A", "B", "B", "A"};
  v(5, 0) = 4;
  p.values(5, 0) = 4;
  how.method = imputation_method::group_median;
  how.group_fallback = false;
  r = impute(fw, p, how);
  EXPECT_EQ(r.data.values(2, 0), 4.0);
  // an unknown group column is an error naming the ones there are
  how.group = "province";
  EXPECT_THROW((void)impute(fw, p, how), recipe_error);
}

TEST(Impute, RowMeanInGroupNormalisesFirstAndTransformsBack) {
  const framework fw = small_framework();
  // group A = a1 (higher), a2 (lower is better), a3 (higher)
  Eigen::MatrixXd v(3, 5);
  v << 0, 10, 100, 1, 1,    //
      5, 20, nan, 2, 2,     //
      10, 30, 200, nan, 3;  //
  const panel p = small_panel(v);
  imputation how;
  how.method = imputation_method::row_mean_in_group;
  const imputation_result r = impute(fw, p, how);
  // u2: a1 scaled (5 - 0) / 10 = 0.5; a2 oriented -20 in [-30, -10] -> 0.5; mean 0.5;
  //     a3 back: 100 + 0.5 * 100 = 150
  EXPECT_NEAR(r.data.values(1, 2), 150.0, 1e-12);
  // u3: b2 = 3 scaled (3 - 1) / 2 = 1; b1 back: 1 + 1 * (2 - 1) = 2
  EXPECT_NEAR(r.data.values(2, 3), 2.0, 1e-12);
  EXPECT_EQ(r.cells[0].group, "A");
  // without normalising: the plain mean of the other raw values
  how.row_normalise = false;
  const imputation_result q = impute(fw, p, how);
  EXPECT_NEAR(q.data.values(1, 2), 12.5, 1e-12);
}

TEST(Impute, EmConvergesToTheConditionalMeanOfTheFit) {
  // Bivariate normal sample; y missing for some units, x complete (a monotone pattern). The
  // EM fixed point is the maximum-likelihood estimate, for which the imputed y of a unit is the
  // least-squares line of y on x fitted on the complete pairs (Little & Rubin, ch. 7); and every
  // imputed value is the conditional mean given the fitted mean and covariance.
  std::vector<node_spec> n(3);
  n[0].code = "R";
  n[1].code = "x";
  n[1].parent = "R";
  n[2].code = "y";
  n[2].parent = "R";
  const framework fw(n, "em");
  std::mt19937 rng(7);
  std::normal_distribution<double> z(0, 1);
  const int rows = 40;
  Eigen::MatrixXd v(rows, 2);
  for (int i = 0; i < rows; ++i) {
    const double a = z(rng), b = z(rng);
    v(i, 0) = 10 + 2 * a;
    v(i, 1) = 5 + 1.5 * a + 0.8 * b;
  }
  for (int i = 0; i < rows; i += 4) v(i, 1) = nan;
  std::vector<std::string> units;
  for (int i = 0; i < rows; ++i) units.push_back("c" + std::to_string(i));
  const panel p = make_panel(units, {"x", "y"}, v);
  imputation how;
  how.method = imputation_method::em;
  how.em_tolerance = 1e-12;
  const imputation_result r = impute(fw, p, how);
  ASSERT_EQ(r.em.size(), 1u);
  const em_fit& f = r.em[0];
  EXPECT_TRUE(f.converged);
  EXPECT_EQ(f.ridge, 0.0);
  // least squares on the complete pairs
  double sx = 0, sy = 0, sxx = 0, sxy = 0, m = 0;
  for (int i = 0; i < rows; ++i)
    if (!std::isnan(v(i, 1)))
      sx += v(i, 0), sy += v(i, 1), sxx += v(i, 0) * v(i, 0), sxy += v(i, 0) * v(i, 1), ++m;
  const double slope = (sxy - sx * sy / m) / (sxx - sx * sx / m), icept = sy / m - slope * sx / m;
  // the ML mean of x is the mean of all x, its variance the 1/n variance
  double mx = 0;
  for (int i = 0; i < rows; ++i) mx += v(i, 0) / rows;
  double vx = 0;
  for (int i = 0; i < rows; ++i) vx += (v(i, 0) - mx) * (v(i, 0) - mx) / rows;
  EXPECT_NEAR(f.mean(0), mx, 1e-9);
  EXPECT_NEAR(f.covariance(0, 0), vx, 1e-9);
  ASSERT_EQ(r.cells.size(), 10u);
  for (const auto& c : r.cells) {
    const Eigen::Index i = std::stoi(c.unit.substr(1));
    EXPECT_EQ(c.indicator, "y");
    EXPECT_EQ(c.method, "em");
    EXPECT_NEAR(c.value, icept + slope * v(i, 0), 1e-8);
    const double cond = f.mean(1) + f.covariance(1, 0) / f.covariance(0, 0) * (v(i, 0) - f.mean(0));
    EXPECT_NEAR(c.value, cond, 1e-9);
  }
  // more indicators than units: a ridge keeps the covariance invertible, and says so
  const framework fw5 = small_framework();
  Eigen::MatrixXd w(3, 5);
  w << 1, 2, 3, 4, 5,   //
      2, 1, nan, 3, 3,  //
      3, 5, 1, nan, 1;
  imputation all;
  all.method = imputation_method::em;
  all.level = 3;  // the root: every indicator together
  const imputation_result q = impute(fw5, small_panel(w), all);
  ASSERT_EQ(q.em.size(), 1u);
  EXPECT_EQ(q.em[0].indicators.size(), 5u);
  EXPECT_EQ(q.cells.size(), 2u);
  for (const auto& c : q.cells) EXPECT_TRUE(std::isfinite(c.value));
}

// ---- screening and denomination ------------------------------------------------------------------

TEST(Screen, ThresholdsAndForcedUnits) {
  const framework fw = small_framework();
  Eigen::MatrixXd v(5, 5);
  v << 1, 1, 1, 1, 1,     // complete
      1, nan, 1, nan, 1,  // availability 3/5 = 0.6 < 2/3: dropped
      nan, 1, 1, 1, 1,    // 0.8: kept
      0, 0, 0, 0, 1,      // non-zero share 0.2
      0, 0, 0, 0, nan;    // non-zero share 0 of 4 present
  panel p = small_panel(v);
  screening s;
  s.policy = screen_policy::by_missing;
  screening_result r = screen_units(fw, p, s);
  EXPECT_EQ(r.data.rows(), 4);
  EXPECT_EQ(r.removed_rows, std::vector<std::size_t>{1});
  EXPECT_NEAR(r.summary[1].availability, 0.6, 1e-15);
  EXPECT_TRUE(r.summary[1].low_data);
  EXPECT_FALSE(r.summary[1].included);
  EXPECT_EQ(r.summary[1].missing, 2u);
  EXPECT_NE(r.summary[1].reason.find("dropped"), std::string::npos);
  EXPECT_EQ(r.data.units[1], "u3");
  // exactly at the threshold is kept (COINr drops only strictly below)
  s.min_availability = 0.6;
  EXPECT_EQ(screen_units(fw, p, s).data.rows(), 5);
  // by zeros: keep when the non-zero share >= 0.25
  s.policy = screen_policy::by_zeros;
  s.min_nonzero = 0.25;
  r = screen_units(fw, p, s);
  EXPECT_EQ(r.removed_rows, (std::vector<std::size_t>{3, 4}));
  EXPECT_EQ(r.summary[3].zeros, 4u);
  EXPECT_NEAR(r.summary[3].nonzero_share, 0.2, 1e-15);
  EXPECT_EQ(r.summary[4].missing_or_zero, 5u);
  // both rules, with forced units
  s.policy = screen_policy::by_missing_and_zeros;
  s.min_availability = 2.0 / 3.0;
  s.force_include = {"u2"};
  s.force_exclude = {"u1"};
  r = screen_units(fw, p, s);
  EXPECT_EQ(r.removed_rows, (std::vector<std::size_t>{0, 3, 4}));
  EXPECT_EQ(r.summary[0].forced, "exclude");
  EXPECT_EQ(r.summary[1].forced, "include");
  EXPECT_TRUE(r.summary[1].included);
  EXPECT_TRUE(r.summary[1].low_data);
  // typos and contradictions are errors
  s.force_include = {"u9"};
  EXPECT_THROW((void)screen_units(fw, p, s), recipe_error);
  s.force_include = {"u1"};
  EXPECT_THROW((void)screen_units(fw, p, s), recipe_error);
}

TEST(Denominate, ScaleFactorMissingAndZeroDenominators) {
  const framework fw = small_framework("pop", 1e4);
  Eigen::MatrixXd v(4, 6);
  v << 1, 1, 1, 50, 1, 2e6,  //
      1, 1, 1, 30, 1, nan,   //
      1, 1, 1, 20, 1, 0,     //
      1, 1, 1, nan, 1, 1e5;
  const panel p = make_panel({"u1", "u2", "u3", "u4"}, {"a1", "a2", "a3", "b1", "b2", "pop"}, v);
  const denomination_result r = denominate(fw, p);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].indicator, "b1");
  EXPECT_EQ(r.records[0].denominator, "pop");
  EXPECT_EQ(r.records[0].cells, 1u);
  EXPECT_EQ(r.records[0].missing_denominator, 1u);
  EXPECT_EQ(r.records[0].zero_denominator, 1u);
  EXPECT_DOUBLE_EQ(r.data.values(0, 3), 50 / (2e6 / 1e4));  // per 10,000 people
  EXPECT_TRUE(std::isnan(r.data.values(1, 3)));
  EXPECT_TRUE(std::isnan(r.data.values(2, 3)));
  EXPECT_TRUE(std::isnan(r.data.values(3, 3)));
  EXPECT_EQ(r.data.values(0, 5), 2e6);  // the denominator column itself is unchanged
  // from a separate table matched by unit
  const panel table = make_panel({"u2", "u1"}, {"pop"}, (Eigen::MatrixXd(2, 1) << 1e4, 4e4).finished());
  const panel q = make_panel({"u1", "u2"}, {"a1", "a2", "a3", "b1", "b2"},
                             (Eigen::MatrixXd(2, 5) << 1, 1, 1, 8, 1, 1, 1, 1, 3, 1).finished());
  const denomination_result t = denominate(fw, q, table);
  EXPECT_DOUBLE_EQ(t.data.values(0, 3), 2.0);
  EXPECT_DOUBLE_EQ(t.data.values(1, 3), 3.0);
  // a missing denominator column is an error naming it
  EXPECT_THROW((void)denominate(fw, q), data_error);

  // score(): the denominator column is an input, not an unknown column, with or without
  // denomination; with it, the result records what was divided
  recipe r0;
  EXPECT_NO_THROW((void)score(fw, p, r0));
  recipe rd;
  rd.prepare.denominate = true;
  const result res = score(fw, p, rd);
  ASSERT_EQ(res.denominations.size(), 1u);
  EXPECT_DOUBLE_EQ(res.prepared(0, 3), 0.25);  // 50 / (2e6 / 1e4)
  bool warned = false;
  for (const auto& d : res.diagnostics) warned |= d.id == "denominate.missing_denominator" && d.count == 1;
  EXPECT_TRUE(warned);
  // the framework rejects a zero scale factor
  std::vector<node_spec> bad = fw.nodes();
  bad[fw.at("b1")].scale_factor = 0;
  EXPECT_THROW((void)framework(bad, "bad"), framework_error);
}

// ---- the pipeline in score(), recipes, frameworks --------------------------------------------------

TEST(Prepare, ScoreRunsThePreparationAndRecordsIt) {
  const framework fw = small_framework();
  Eigen::MatrixXd v(12, 5);
  for (int i = 0; i < 12; ++i) v.row(i) << i + 1, 12 - i, (i % 4) + 1, i * i, 3 + (i % 3);
  v(11, 0) = 500;
  v(2, 2) = nan;
  v(5, 3) = nan;
  v(6, 0) = v(6, 1) = v(6, 2) = v(6, 3) = nan;
  panel p = small_panel(v);
  std::vector<std::string> g;
  for (int i = 0; i < 12; ++i) g.push_back(i < 6 ? "east" : "west");
  p.groups.emplace_back("region", g);
  recipe r;
  // the default recipe prepares nothing: the result is as before
  const result plain = score(fw, p, r);
  EXPECT_EQ(plain.prepared.size(), 0);
  EXPECT_TRUE(plain.imputations.empty());
  r.prepare.screen.policy = screen_policy::by_missing;
  r.prepare.impute.method = imputation_method::group_mean;
  r.prepare.impute.group = "region";
  r.prepare.treat.method = treatment_method::coinr_winsorise;
  const result res = score(fw, p, r);
  EXPECT_EQ(res.rows(), 11);  // u7 (1 of 5 present) screened out
  EXPECT_EQ(std::find(res.units.begin(), res.units.end(), "u7"), res.units.end());
  EXPECT_EQ(res.screening.size(), 12u);
  EXPECT_EQ(res.imputations.size(), 2u);
  EXPECT_FALSE(res.prepared.hasNaN());
  EXPECT_EQ(res.prepared(10, 0), 11.0);  // u12's 500 winsorised to the next value (u11 = 11)
  ASSERT_EQ(res.treated_cells.size(), 1u);
  EXPECT_EQ(res.treatment.size(), 5u);
  std::map<std::string, std::size_t> ids;
  for (const auto& d : res.diagnostics) ++ids[d.id];
  EXPECT_EQ(ids["screen.removed"], 1u);
  EXPECT_EQ(ids["impute.filled"], 2u);
  EXPECT_EQ(ids["treat.treated"], 1u);
  // the same in Chinese, with the numbers: u7 has 1 of 5 values (availability 20 %), u12's 500
  // is the one high point winsorised
  for (const auto& d : res.diagnostics) {
    EXPECT_FALSE(d.message_zh.empty() || d.message_zh == d.message) << d.id;
    if (d.id == "screen.removed") {
      EXPECT_EQ(d.message_zh.rfind("剔除: 数据可得率 20% < ", 0), 0u) << d.message_zh;
      EXPECT_NE(d.message_zh.find("(5 项指标中缺失 4 项, 为 0 的 0 项)"), std::string::npos) << d.message_zh;
    }
    if (d.id == "impute.filled") {
      EXPECT_EQ(d.message_zh, "缺失值已按组内均值插补");
    }
    if (d.id == "treat.treated") {
      EXPECT_EQ(d.message_zh.rfind("缩尾（COINr）: 偏度 ", 0), 0u) << d.message_zh;
      EXPECT_NE(d.message_zh.find("; 高端 1 个、低端 0 个值被缩尾"), std::string::npos) << d.message_zh;
    }
  }
  // prepare() gives every stage
  const prepared_data st = prepare(fw, p, r);
  EXPECT_EQ(st.raw.rows(), 12);
  EXPECT_EQ(st.screened.rows(), 11);
  EXPECT_TRUE(st.screened.values.hasNaN());
  EXPECT_FALSE(st.imputed.values.hasNaN());
  EXPECT_EQ(st.treated.values(10, 0), 11.0);
  EXPECT_EQ(st.imputed.values(10, 0), 500.0);
  // provenance: the recipe text records the preparation; the data hash is the input's
  EXPECT_NE(res.origin.recipe_text.find("[prepare.impute]"), std::string::npos);
  EXPECT_EQ(plain.origin.recipe_text.find("[prepare"), std::string::npos);
  EXPECT_EQ(res.origin.data_hash, plain.origin.data_hash);
  // invalid choices fail before any work
  recipe bad = r;
  bad.prepare.treat_by_indicator["zz"] = treatment{};
  EXPECT_THROW((void)score(fw, p, bad), recipe_error);
  bad = r;
  bad.prepare.impute.group.clear();
  EXPECT_THROW((void)score(fw, p, bad), recipe_error);
}

TEST(Prepare, RecipeRoundTripsWithPreparation) {
  recipe r;
  r.prepare.denominate = true;
  r.prepare.screen.policy = screen_policy::by_missing_and_zeros;
  r.prepare.screen.min_availability = 0.7;
  r.prepare.screen.min_nonzero = 0.1;
  r.prepare.screen.force_include = {"北京", "a \"q\""};
  r.prepare.screen.force_exclude = {"X"};
  r.prepare.impute.method = imputation_method::em;
  r.prepare.impute.group = "东中西部";
  r.prepare.impute.group_fallback = true;
  r.prepare.impute.level = 3;
  r.prepare.impute.row_normalise = false;
  r.prepare.impute.em_tolerance = 1e-10;
  r.prepare.impute.em_max_iterations = 77;
  r.prepare.treat.method = treatment_method::coinr_winsorise;
  r.prepare.treat.winmax = treatment::unlimited;
  r.prepare.treat.skew_threshold = 2.25;
  r.prepare.treat.kurt_threshold = 1.0 / 3;
  r.prepare.treat.fallback = treatment_fallback::log_gii;
  r.prepare.treat.fallback_on = fallback_input::treated;
  r.prepare.treat.lower_percentile = 0.01;
  r.prepare.treat.upper_percentile = 0.99;
  r.prepare.treat.box_cox_lambda = 0.25;
  r.prepare.treat.box_cox_shift = false;
  r.prepare.treat.force = true;
  treatment none;
  r.prepare.treat_by_indicator["pm2.5"] = none;
  treatment clip;
  clip.method = treatment_method::percentile_clip;
  clip.winmax = 3;
  r.prepare.treat_by_indicator["x y"] = clip;
  const std::string text = describe(r);
  const recipe back = parse_recipe_toml(text, "r.toml");
  EXPECT_EQ(describe(back), text);
  EXPECT_EQ(back.prepare.treat.winmax, treatment::unlimited);
  EXPECT_EQ(back.prepare.screen.force_include.at(0), "北京");
  EXPECT_EQ(back.prepare.impute.method, imputation_method::em);
  EXPECT_EQ(back.prepare.treat_by_indicator.at("pm2.5").method, treatment_method::none);
  EXPECT_EQ(back.prepare.treat_by_indicator.at("x y").winmax, 3);
  EXPECT_EQ(back.prepare.treat.kurt_threshold, 1.0 / 3);
  // a default recipe has no [prepare] section; an empty file is still the default recipe
  EXPECT_EQ(describe(recipe{}).find("prepare"), std::string::npos);
  EXPECT_EQ(describe(parse_recipe_toml("", "e.toml")), describe(recipe{}));
  // by_indicator entries inherit from [prepare.treat]; COINr's names are accepted
  const recipe b = parse_recipe_toml(
      "[prepare]\ndenominate = true\n[prepare.impute]\nmethod = \"indgroup_mean\"\ngroup = \"g\"\n"
      "[prepare.treat]\nmethod = \"winsorise\"\nwinmax = 3\nfallback = \"CTlog\"\n"
      "[prepare.treat.by_indicator.a]\nmethod = \"box_cox\"\n",
      "b.toml");
  EXPECT_EQ(b.prepare.impute.method, imputation_method::group_mean);
  EXPECT_EQ(b.prepare.treat_by_indicator.at("a").winmax, 3);
  EXPECT_EQ(b.prepare.treat_by_indicator.at("a").method, treatment_method::box_cox);
  EXPECT_EQ(b.prepare.treat.fallback, treatment_fallback::log_ct);
  // errors name the key
  EXPECT_THROW((void)parse_recipe_toml("[prepare.treat]\nwinmax = \"lots\"\n", "c.toml"), recipe_error);
  EXPECT_THROW((void)parse_recipe_toml("[prepare.treat]\nwinmx = 3\n", "c.toml"), recipe_error);
  EXPECT_THROW((void)parse_recipe_toml("[prepare]\ndenominate = 1\n", "c.toml"), recipe_error);
  EXPECT_THROW((void)parse_recipe_toml("[prepare.impute]\nmethod = \"knn\"\n", "c.toml"), recipe_error);
}

TEST(Prepare, FrameworkDenominatorsInTomlAndImeta) {
  const std::string toml =
      "[[node]]\ncode = \"R\"\n[[indicator]]\ncode = \"green\"\nparent = \"R\"\n"
      "denominator = \"pop\"\nscale_factor = 10000\n[[indicator]]\ncode = \"b\"\nparent = \"R\"\n";
  const framework f = parse_framework_toml(toml, "f.toml");
  EXPECT_EQ(f.node(f.at("green")).denominator, "pop");
  EXPECT_EQ(f.node(f.at("green")).scale_factor, 1e4);
  EXPECT_EQ(f.node(f.at("b")).denominator, "");
  const framework g = parse_framework_toml(to_toml(f), "g.toml");
  EXPECT_EQ(g.describe(), f.describe());
  EXPECT_EQ(g.node(g.at("green")).scale_factor, 1e4);
  EXPECT_NE(f.describe().find("denominator:pop*10000"), std::string::npos);
  // iMeta: COINr's Denominator column, and the ScaleFactor extension
  const framework asem = load_framework(shared + "/asem/ASEM_iMeta.csv");
  EXPECT_EQ(asem.node(asem.at("Flights")).denominator, "Population");
  EXPECT_EQ(asem.node(asem.at("Goods")).denominator, "GDP");
  EXPECT_EQ(asem.node(asem.at("LPI")).denominator, "");
  const framework h = parse_framework_imeta(
      "Level,iCode,Direction,Weight,Parent,Type,Denominator,ScaleFactor\n"
      "1,x,1,1,R,Indicator,pop,1000\n2,R,,1,,Aggregate,,\n",
      "m.csv");
  EXPECT_EQ(h.node(h.at("x")).denominator, "pop");
  EXPECT_EQ(h.node(h.at("x")).scale_factor, 1000.0);
}

// ---- statistics ----------------------------------------------------------------------------------

TEST(Stats, IndicatorTableAndFlags) {
  Eigen::MatrixXd v(6, 3);
  v << 1, 0, 5,    //
      2, 0, 5,     //
      3, 0, 5,     //
      4, 7, 6,     //
      10, nan, 5,  //
      nan, nan, 5;
  const panel p = make_panel({"a", "b", "c", "d", "e", "f"}, {"x", "y", "z"}, v);
  const auto s = indicator_stats(p);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].indicator, "x");
  EXPECT_EQ(s[0].available, 5u);
  EXPECT_NEAR(s[0].share_available, 5.0 / 6, 1e-15);
  EXPECT_EQ(s[0].min, 1.0);
  EXPECT_EQ(s[0].max, 10.0);
  EXPECT_EQ(s[0].mean, 4.0);
  EXPECT_EQ(s[0].median, 3.0);
  EXPECT_NEAR(s[0].sd, std::sqrt(50.0 / 4), 1e-14);
  EXPECT_NEAR(s[0].skew, 1.2 * std::sqrt(2.0), 1e-14);
  EXPECT_NEAR(s[0].kurt, 3.152, 1e-14);
  EXPECT_FALSE(s[0].skew_kurt_outlier);  // skew 1.70 < 2
  EXPECT_FALSE(s[0].low_availability);
  // y: 4 values, 3 zeros, availability 4/6 = 0.667 >= 0.65, non-zero 1/4 < 0.5, unique 2/4
  EXPECT_EQ(s[1].nonzero, 1u);
  EXPECT_TRUE(s[1].low_nonzero);
  EXPECT_EQ(s[1].unique, 2u);
  EXPECT_EQ(s[1].same, 3u);
  EXPECT_FALSE(s[1].low_unique);
  EXPECT_FALSE(s[1].low_availability);
  // z: 5 of 6 equal
  EXPECT_EQ(s[2].same, 5u);
  EXPECT_TRUE(s[2].low_unique);  // 2 / 6 < 0.5
  stats_options o;
  o.t_avail = 0.7;
  EXPECT_TRUE(indicator_stats(p, {"y"}, o)[0].low_availability);
  EXPECT_THROW((void)indicator_stats(p, {"nope"}), data_error);
}

TEST(Stats, ThresholdsAreChecked) {
  // a NaN or out-of-range threshold would flag nothing without a word (`tijian stats --collinear nan`)
  Eigen::MatrixXd v(4, 2);
  v << 1, 2, 2, 1, 3, 5, 4, 3;
  const panel p = make_panel({"a", "b", "c", "d"}, {"x", "y"}, v);
  std::vector<node_spec> nodes(2);
  nodes[0].code = "I";
  nodes[1].code = "G";
  nodes[1].parent = "I";
  for (const char* c : {"x", "y"}) {
    node_spec n;
    n.code = c;
    n.parent = "G";
    nodes.push_back(n);
  }
  const framework fw(nodes);
  const auto id_of = [&](const stats_options& o) {
    try {
      (void)stats(fw, p, recipe{}, o);
    } catch (const recipe_error& e) {
      return std::string(e.id());
    }
    return std::string("none");
  };
  EXPECT_EQ(id_of(stats_options{}), "none");
  stats_options o;
  o.collinear = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(id_of(o), "stats.threshold");
  o = {};
  o.t_avail = 1.5;
  EXPECT_EQ(id_of(o), "stats.threshold");
  o = {};
  o.t_skew = std::numeric_limits<double>::infinity();
  EXPECT_EQ(id_of(o), "stats.threshold");
}

TEST(Stats, CronbachAlphaAndPcaByHand) {
  // two columns with variances 1 and 4 and covariance 1.5 (rows chosen so):
  // x = (-1, 1, -1, 1), y = (-2, 2, 0, 0) ... computed: var x = 4/3, var y = 8/3, cov = 4/3.
  // alpha = 2 (1 - (4/3 + 8/3) / (4/3 + 8/3 + 2 * 4/3)) = 2 (1 - 4 / (20/3)) = 0.8
  Eigen::MatrixXd X(4, 2);
  X << -1, -2, 1, 2, -1, 0, 1, 0;
  EXPECT_NEAR(cronbach_alpha(X), 0.8, 1e-14);
  // the same with a missing cell uses pairwise-complete covariances
  Eigen::MatrixXd Y(5, 2);
  Y << -1, -2, 1, 2, -1, 0, 1, 0, nan, 7;
  EXPECT_TRUE(std::isfinite(cronbach_alpha(Y)));
  EXPECT_TRUE(std::isnan(cronbach_alpha(X.col(0))));
  // PCA of two columns with correlation r: eigenvalues 1 + r, 1 - r; loadings (1, 1)/sqrt 2
  const double r = (4.0 / 3) / std::sqrt(4.0 / 3 * 8.0 / 3);
  const pca_summary p = pca(X);
  ASSERT_EQ(p.eigenvalues.size(), 2);
  EXPECT_NEAR(p.eigenvalues(0), 1 + r, 1e-12);
  EXPECT_NEAR(p.eigenvalues(1), 1 - r, 1e-12);
  EXPECT_NEAR(p.variance_share(0), (1 + r) / 2, 1e-12);
  EXPECT_NEAR(p.cumulative_share(1), 1.0, 1e-12);
  EXPECT_NEAR(p.loadings(0, 0), std::sqrt(0.5), 1e-12);
  EXPECT_NEAR(p.loadings(1, 0), std::sqrt(0.5), 1e-12);
  EXPECT_EQ(p.rows_used, 4u);
  EXPECT_EQ(pca(Y).rows_used, 4u);  // the incomplete row is dropped
  EXPECT_FALSE(pca(X.topRows(2)).note.empty());
}

TEST(Stats, AsemReportCorrelationsAndFlags) {
  const framework fw = load_framework(shared + "/asem/ASEM_iMeta.csv");
  const panel input = asem_raw_with_denominators(true);
  const stats_report s = stats(fw, input, asem_recipe());
  EXPECT_EQ(s.indicators.size(), 49u);
  // after treatment no indicator is a skew/kurtosis outlier and nothing is missing
  for (const auto& i : s.indicators) {
    EXPECT_EQ(i.available, 51u) << i.indicator;
    if (i.indicator != "FemLab") {
      EXPECT_FALSE(i.skew_kurt_outlier) << i.indicator;
    }
  }
  // correlations: within the 8 pillars, and every node with its parent
  std::size_t within = 0, parents = 0;
  for (const auto& c : s.correlations) {
    if (c.relation == "within_group") {
      ++within;
      EXPECT_EQ(fw.node(fw.parent(fw.at(c.a))).code, c.group);
      EXPECT_EQ(c.flag == "collinear", c.r > 0.9);
      EXPECT_EQ(c.flag == "negative", c.r < -0.4);
    } else {
      ++parents;
      EXPECT_EQ(fw.node(fw.parent(fw.at(c.a))).code, c.b);
    }
    EXPECT_GE(c.r, -1.0);
    EXPECT_LE(c.r, 1.0);
  }
  EXPECT_EQ(parents, fw.size() - 1);
  EXPECT_GT(within, 0u);
  ASSERT_EQ(s.alpha.size(), 8u);
  ASSERT_EQ(s.pca.size(), 8u);
  for (const auto& p : s.pca) {
    EXPECT_EQ(p.rows_used, 51u);
    EXPECT_NEAR(p.cumulative_share(p.cumulative_share.size() - 1), 1.0, 1e-12);
  }
  // Spearman is available too
  stats_options o;
  o.correlation = correlation_kind::spearman;
  EXPECT_EQ(stats(fw, input, asem_recipe(), o).correlations.size(), s.correlations.size());
}

// ---- the tables of preparation and stats (prepare_tables.hpp, stats_tables.hpp) ------------------

/// Every real column has a fixed unit or names a text column with each row's unit; every column
/// has both labels and as many values as the table has rows.
void expect_described(const table& t) {
  SCOPED_TRACE(t.name);
  EXPECT_FALSE(t.label_zh.empty() || t.label_en.empty());
  for (const column& c : t.columns) {
    SCOPED_TRACE(c.name);
    EXPECT_FALSE(c.label_zh.empty() || c.label_en.empty());
    EXPECT_EQ(c.size(), t.rows());
    if (c.type != column_type::real) continue;
    if (c.unit_column.empty()) {
      EXPECT_FALSE(c.unit_zh.empty() || c.unit_en.empty()) << "a real column without a unit";
    } else {
      const column* u = t.find(c.unit_column);
      ASSERT_NE(u, nullptr);
      EXPECT_EQ(u->type, column_type::text);
    }
  }
}

TEST(Tables, PreparationAndStatsAreDescribedWithUnits) {
  const framework fw = load_framework(shared + "/asem/ASEM_iMeta.csv");
  const panel input = asem_raw_with_denominators(true);
  const prepared_data p = prepare(fw, input, asem_recipe());
  const document prep = describe(p);
  ASSERT_EQ(prep.tables().size(), 8u);
  for (const table* t : prep.tables()) expect_described(*t);
  // one row per record, the values as the records hold them
  const table& imp = *prep.find_table("imputations");
  ASSERT_EQ(imp.rows(), p.imputations.size());
  ASSERT_GT(imp.rows(), 0u);
  EXPECT_EQ(imp.find("value")->reals[0], p.imputations[0].value);
  EXPECT_EQ(prep.find_table("treatment")->find("skew_after")->reals.back(), p.treatment.back().skew_after);

  const stats_report rep = stats(fw, input, asem_recipe());
  const document st = describe(rep);
  for (const table* t : st.tables()) expect_described(*t);
  EXPECT_EQ(st.find_table("indicators")->rows(), rep.indicators.size());
  // the PCA table has one row per component, or one row with no component
  std::size_t components = 0;
  for (const auto& q : rep.pca)
    components += std::max<std::size_t>(1, static_cast<std::size_t>(q.eigenvalues.size()));
  EXPECT_EQ(st.find_table("pca")->rows(), components);
}

}  // namespace
