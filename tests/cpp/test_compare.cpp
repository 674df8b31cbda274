// SPDX-License-Identifier: MIT
// Agreement statistics (agreement.hpp) against published worked examples, and the self-check vs
// third-party comparison (compare.hpp) against small cases computed by hand (the arithmetic is
// next to each expectation), its bad-input errors, and the `compare` command end to end. The
// peers on random data with ties (scipy, pingouin, scikit-learn, statsmodels) are in
// tests/python/test_compare.py.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <tijian/agreement.hpp>
#include <tijian/compare.hpp>
#include <tijian/compare_tables.hpp>
#include <tijian/io/compare_io.hpp>
#include <tijian/io/csv.hpp>
#include <tijian/io/framework_io.hpp>
#include <tijian/io/targets_io.hpp>

#include "cli_runner.hpp"

using namespace tijian;
namespace fs = std::filesystem;

namespace {

template <class E, class F>
std::optional<E> expect_error(F&& f, const std::string& id) {
  try {
    f();
  } catch (const E& e) {
    EXPECT_EQ(e.id(), id) << e.what();
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "unexpected exception type: " << e.what();
    return std::nullopt;
  }
  ADD_FAILURE() << "no exception; expected " << id;
  return std::nullopt;
}

}  // namespace

// Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
// reliability. Psychological Bulletin 86(2), 420-428: Table 2 (6 targets x 4 judges), the
// ANOVA of Table 3 (BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02) and the six ICCs of Table 4.
TEST(Agreement, IccShroutFleissTable2) {
  Eigen::MatrixXd x(6, 4);
  x << 9, 2, 5, 8, 6, 1, 3, 2, 8, 4, 6, 8, 7, 1, 2, 6, 10, 5, 6, 9, 6, 2, 4, 7;
  const agreement::icc_result r = agreement::icc(x);
  EXPECT_NEAR(r.ms_rows, 11.24, 0.005);
  EXPECT_NEAR(r.ms_within, 6.26, 0.005);
  EXPECT_NEAR(r.ms_cols, 32.49, 0.005);
  EXPECT_NEAR(r.ms_error, 1.02, 0.005);
  using agreement::icc_form;
  EXPECT_NEAR(r[icc_form::icc1].value, 0.17, 0.005);
  EXPECT_NEAR(r[icc_form::icc2].value, 0.29, 0.005);
  EXPECT_NEAR(r[icc_form::icc3].value, 0.71, 0.005);
  EXPECT_NEAR(r[icc_form::icc1k].value, 0.44, 0.005);
  EXPECT_NEAR(r[icc_form::icc2k].value, 0.62, 0.005);
  EXPECT_NEAR(r[icc_form::icc3k].value, 0.91, 0.005);
  // F = BMS / WMS and BMS / EMS, df (5, 18) and (5, 15)
  EXPECT_NEAR(r[icc_form::icc1].f, 11.2417 / 6.2639, 1e-3);
  EXPECT_EQ(r[icc_form::icc1].df2, 18);
  EXPECT_EQ(r[icc_form::icc3].df2, 15);
  for (const auto& f : r.forms) {
    EXPECT_LT(f.ci_low, f.value);
    EXPECT_GT(f.ci_high, f.value);
  }
}

// Cohen's kappa, the worked examples of the Wikipedia article "Cohen's kappa" (section
// Examples): 50 grant proposals read by A and B, yes/yes 20, yes/no 5, no/yes 10, no/no 15:
// p_o = 0.7, p_e = 0.5, kappa = 0.4; and the two tables with the same 60 % agreement,
// 45/15/25/15 (kappa 0.1304) and 25/35/5/35 (kappa 0.2593).
TEST(Agreement, CohenKappaPublishedExamples) {
  Eigen::MatrixXd t(2, 2);
  t << 20, 5, 10, 15;
  agreement::kappa_result k = agreement::cohen_kappa_table(t);
  EXPECT_NEAR(k.p_observed, 0.7, 1e-12);
  EXPECT_NEAR(k.p_expected, 0.5, 1e-12);
  EXPECT_NEAR(k.kappa, 0.4, 1e-12);
  t << 45, 15, 25, 15;
  EXPECT_NEAR(agreement::cohen_kappa_table(t).kappa, 0.1304, 5e-5);
  t << 25, 35, 5, 35;
  EXPECT_NEAR(agreement::cohen_kappa_table(t).kappa, 0.2593, 5e-5);
  // with two categories every weighting is the same kappa
  t << 20, 5, 10, 15;
  EXPECT_NEAR(agreement::cohen_kappa_table(t, agreement::kappa_weights::quadratic).kappa, 0.4, 1e-12);
  // the same from the raters' category vectors
  std::vector<int> a, b;
  auto add = [&](int i, int j, int n) {
    for (int c = 0; c < n; ++c) {
      a.push_back(i);
      b.push_back(j);
    }
  };
  add(0, 0, 20);
  add(0, 1, 5);
  add(1, 0, 10);
  add(1, 1, 15);
  EXPECT_NEAR(agreement::cohen_kappa(a, b, 2).kappa, 0.4, 1e-12);
}

// Hand-computed: x = {1,2,3,4}, y = {0,2,2,5}; d = {1,0,1,-1}; bias = 0.25;
// sum (d - 0.25)^2 = 0.5625 + 0.0625 + 0.5625 + 1.5625 = 2.75, s = sqrt(2.75 / 3) = 0.957427;
// limits 0.25 -/+ 1.96 s = [-1.626557, 2.126557]; t(0.975, 3) = 3.182446; CI of the bias
// 0.25 -/+ 3.182446 x 0.957427 / 2; the limits' SE s sqrt(1/4 + 1.96^2 / 6) = 0.957427 x 0.8563.
TEST(Agreement, BlandAltmanByHand) {
  const auto r = agreement::bland_altman({1, 2, 3, 4}, {0, 2, 2, 5});
  const double s = std::sqrt(2.75 / 3);
  EXPECT_NEAR(r.bias, 0.25, 1e-12);
  EXPECT_NEAR(r.sd, s, 1e-12);
  EXPECT_NEAR(r.lower, 0.25 - 1.96 * s, 1e-12);
  EXPECT_NEAR(r.upper, 0.25 + 1.96 * s, 1e-12);
  EXPECT_NEAR(r.bias_ci_low, 0.25 - 3.182446305284263 * s / 2, 1e-9);
  const double se = s * std::sqrt(0.25 + 1.96 * 1.96 / 6);
  EXPECT_NEAR(r.upper_ci_high, r.upper + 3.182446305284263 * se, 1e-9);
}

// Hand-computed: ranks that agree completely give W = 1; two raters in reverse order give
// S = 0, W = 0. Three raters, 3 objects, one tie: columns {1,2,3}, {1,2,3}, {1,1,3} -> ranks
// {1,2,3}, {1,2,3}, {1.5,1.5,3}; R = {3.5, 5.5, 9}, mean 6, S = 6.25 + 0.25 + 9 = 15.5;
// T = 2^3 - 2 = 6; W = 12 x 15.5 / (9 x 24 - 3 x 6) = 186 / 198.
TEST(Agreement, KendallWByHand) {
  Eigen::MatrixXd x(3, 2);
  x << 1, 10, 2, 20, 3, 30;
  EXPECT_NEAR(agreement::kendall_w(x).w, 1.0, 1e-12);
  x << 1, 3, 2, 2, 3, 1;
  EXPECT_NEAR(agreement::kendall_w(x).w, 0.0, 1e-12);
  Eigen::MatrixXd y(3, 3);
  y << 1, 1, 1, 2, 2, 1, 3, 3, 3;
  const auto r = agreement::kendall_w(y);
  EXPECT_NEAR(r.w, 186.0 / 198.0, 1e-12);
  EXPECT_NEAR(r.chi2, 3 * 2 * 186.0 / 198.0, 1e-12);
  EXPECT_EQ(r.df, 2);
}

// Spearman and Kendall on a hand case: x = {1,2,3,4,5}, y = {2,1,4,3,5}: d = {1,-1,1,-1,0},
// rho = 1 - 6 x 4 / (5 x 24) = 0.8; concordant 8, discordant 2, tau = 6/10 = 0.6.
TEST(Agreement, RankCorrelationsByHand) {
  EXPECT_NEAR(agreement::spearman({1, 2, 3, 4, 5}, {2, 1, 4, 3, 5}).estimate, 0.8, 1e-12);
  const auto k = agreement::kendall_tau_b({1, 2, 3, 4, 5}, {2, 1, 4, 3, 5});
  EXPECT_NEAR(k.estimate, 0.6, 1e-12);
  // no ties: var = n(n-1)(2n+5)/18 = 5 x 4 x 15 / 18; z = 6 / sqrt(var)
  EXPECT_NEAR(k.statistic, 6 / std::sqrt(300.0 / 18), 1e-12);
}

TEST(Agreement, DegenerateInputIsAnError) {
  expect_error<data_error>([] { (void)agreement::spearman({1, 2}, {1, 2}); }, "agreement.too_few");
  expect_error<data_error>([] { (void)agreement::spearman({1, 1, 1}, {1, 2, 3}); }, "agreement.constant");
  expect_error<data_error>(
      [] {
        (void)agreement::kendall_tau_b({1, 2, 3}, {4, 4, 4});
      },
      "agreement.constant");
  expect_error<data_error>([] { (void)agreement::spearman({1, 2, 3}, {1, 2}); }, "agreement.shape");
  expect_error<data_error>(
      [] {
        (void)agreement::bland_altman({1, NAN, 3}, {1, 2, 3});
      },
      "agreement.not_finite");
  expect_error<data_error>([] { (void)agreement::icc(Eigen::MatrixXd::Constant(4, 2, 3.0)); },
                           "agreement.constant");
  expect_error<data_error>([] { (void)agreement::icc(Eigen::MatrixXd::Random(2, 3)); }, "agreement.too_few");
  expect_error<data_error>(
      [] {
        (void)agreement::cohen_kappa({1, 1, 1}, {1, 1, 1}, 3);
      },
      "agreement.one_category");
  expect_error<data_error>([] { (void)agreement::kendall_w(Eigen::MatrixXd::Ones(4, 3)); },
                           "agreement.constant");
}

// --- the comparison --------------------------------------------------------------------------

namespace {

const char* framework_toml = R"(schema = "tijian/framework/1"
[[node]]
code = "IDX"
[[node]]
code = "D1"
parent = "IDX"
[[indicator]]
code = "A"
parent = "D1"
unit = "%"
[[indicator]]
code = "B"
parent = "D1"
direction = "lower"
unit = "t"
)";

const char* profile_toml = R"(schema = "tijian/targets/1"
profile = "test"
[[target]]
indicator = "A"
kind = "at_least"
value = 50.0
year = 2022
[[target]]
indicator = "B"
kind = "at_most"
value = 10.0
year = 2022
)";

const char* self_csv = "unit,year,A,B\nu1,2022,55,8\nu2,2022,40,12\nu3,2022,60,9\n";
const char* third_csv = "unit,year,A,B\nu1,2022,48,8.1\nu2,2022,40,12\nu3,2022,61,\n";
const char* tolerances_toml = R"(schema = "tijian/tolerances/1"
[default]
relative = 0.02
[indicator.A]
absolute = 1
note = "rounding"
)";

framework fw() { return parse_framework_toml(framework_toml, "fw.toml"); }
target_profile profile() { return parse_target_profile(profile_toml, "targets.toml"); }
std::vector<assessment> two(const char* third = third_csv) {
  return {{"自检", parse_panel_csv(self_csv, "self.csv")}, {"第三方", parse_panel_csv(third, "third.csv")}};
}
compare_options opts() {
  compare_options o;
  o.tolerances = parse_tolerances(tolerances_toml, "tol.toml");
  return o;
}
const value_row& value_of(const compare_result& r, const std::string& unit, const std::string& ind) {
  for (const auto& v : r.values)
    if (v.unit == unit && v.indicator == ind) return v;
  throw std::runtime_error("no value row");
}

}  // namespace

TEST(Compare, ValuesAgainstTolerancesByHand) {
  const compare_result r = compare(fw(), two(), profile(), opts());
  ASSERT_EQ(r.values.size(), 6u);
  // u1 A: 48 - 55 = -7, -7/55; A's own tolerance: allowed = 1 + 0 x 55 = 1 -> outside
  const value_row& a1 = value_of(r, "u1", "A");
  EXPECT_DOUBLE_EQ(a1.difference, -7);
  EXPECT_DOUBLE_EQ(a1.relative_difference, -7.0 / 55);
  EXPECT_DOUBLE_EQ(a1.allowed, 1);
  EXPECT_EQ(a1.agreement, value_agreement::outside);
  // u1 B: 8.1 - 8 = 0.1; default: allowed = 0 + 0.02 x 8 = 0.16 -> within
  EXPECT_NEAR(value_of(r, "u1", "B").allowed, 0.16, 1e-12);
  EXPECT_EQ(value_of(r, "u1", "B").agreement, value_agreement::within);
  // u3 A: 61 - 60 = 1 <= 1 -> within (the bound is inclusive); u3 B missing in the third party
  EXPECT_EQ(value_of(r, "u3", "A").agreement, value_agreement::within);
  EXPECT_EQ(value_of(r, "u3", "B").agreement, value_agreement::missing_b);
  EXPECT_EQ(value_of(r, "u2", "A").agreement, value_agreement::within);
}

TEST(Compare, VerdictsKappaAndProblemsByHand) {
  const compare_result r = compare(fw(), two(), profile(), opts());
  // u1 A: 55 >= 50 met vs 48 missed; u3 B: 9 <= 10 met vs no value -> no data
  ASSERT_EQ(r.verdicts.size(), 2u);
  EXPECT_EQ(r.verdicts[0].unit, "u1");
  EXPECT_EQ(r.verdicts[0].gap, verdict_gap::met_vs_missed);
  EXPECT_EQ(r.verdicts[0].status_a, check_status::met);
  EXPECT_EQ(r.verdicts[0].status_b, check_status::missed);
  EXPECT_EQ(r.verdicts[1].gap, verdict_gap::no_data_in_one);
  // kappa over the 5 pairs on the scale (u3 B left out): (met, missed), (met, met) x2,
  // (missed, missed) x2: p_o = 4/5; marginals self {missed 2/5, met 3/5}, third {3/5, 2/5};
  // p_e = 0.4 x 0.6 + 0.6 x 0.4 = 0.48; kappa = 0.32 / 0.52 = 8/13. met and missed are 3 apart
  // on the scale, so the linear and quadratic weights of that cell are 0: the same kappa.
  ASSERT_EQ(r.kappa.size(), 3u);
  for (const auto& k : r.kappa) {
    EXPECT_EQ(k.pairs, 5u);
    EXPECT_EQ(k.left_out, 1u);
    EXPECT_NEAR(k.result.kappa, 8.0 / 13, 1e-12);
  }
  // problems: u1 verdict (severity 1) then value A (7/55); u3 verdict (1/3) then value B (1)
  ASSERT_EQ(r.problems.size(), 4u);
  EXPECT_EQ(r.problems[0].unit, "u1");
  EXPECT_EQ(r.problems[0].reason, comparison_reason::verdict_disagreement);
  EXPECT_DOUBLE_EQ(r.problems[0].severity, 1);
  EXPECT_EQ(r.problems[1].reason, comparison_reason::value_outside_tolerance);
  EXPECT_DOUBLE_EQ(r.problems[1].severity, 7.0 / 55);
  EXPECT_EQ(r.problems[1].rank, 2u);
  EXPECT_EQ(r.problems[2].unit, "u3");
  EXPECT_DOUBLE_EQ(r.problems[2].severity, 1.0 / 3);
  EXPECT_EQ(r.problems[3].reason, comparison_reason::value_missing);
  for (const auto& p : r.problems) EXPECT_EQ(p.found_by, problem_origin::third_party);
}

TEST(Compare, AgreementAcrossUnitsAndTables) {
  const compare_result r = compare(fw(), two(), profile(), opts());
  // A: self {55, 40, 60}, third {48, 40, 61}: the same order -> rho = tau = 1
  // B: only u1 and u2 have both values -> too few, NaN with a note
  const agreement_row* a = nullptr;
  const agreement_row* b = nullptr;
  for (const auto& row : r.agreement) {
    if (row.indicator == "A") a = &row;
    if (row.indicator == "B") b = &row;
  }
  ASSERT_TRUE(a && b);
  EXPECT_NEAR(a->spearman.estimate, 1, 1e-12);
  EXPECT_NEAR(a->kendall.estimate, 1, 1e-12);
  // Bland-Altman of A: d = {-7, 0, 1}, bias -2
  EXPECT_NEAR(a->bland_altman.bias, -2, 1e-12);
  EXPECT_EQ(b->n, 2u);
  EXPECT_TRUE(std::isnan(b->spearman.estimate));
  EXPECT_NE(b->note.find("at least 3"), std::string::npos) << b->note;
  // scores: one row per unit; differences are b - a
  ASSERT_EQ(r.scores.size(), 3u);
  for (const auto& s : r.scores) EXPECT_DOUBLE_EQ(s.difference, s.score_b - s.score_a);
  // the tables: problems carry the check's problem columns plus origin
  const document d = describe(r);
  const table& p = d.table_named("problems");
  for (const char* c :
       {"unit",      "name",    "period",    "rank",       "dimension",   "indicator",    "name_zh",
        "name_en",   "measure", "reason",    "status",     "bottom_line", "value",        "target_index",
        "target_id", "target",  "target_zh", "trajectory", "gap",         "relative_gap", "weight",
        "severity",  "source",  "quote",     "status_row", "origin"})
    EXPECT_NE(p.find(c), nullptr) << c;
  EXPECT_EQ(p.at("origin").category_of(0)->code, "third_party");
  EXPECT_EQ(d.table_named("values").rows(), 6u);
  EXPECT_EQ(d.table_named("tolerances").rows(), 2u);
}

TEST(Compare, ThreeAssessorsGiveKendallW) {
  auto list = two();
  list.push_back({"复核", parse_panel_csv(self_csv, "again.csv")});
  const compare_result r = compare(fw(), list, profile(), opts());
  // A: the three assessors rank the units alike ({55,40,60}, {48,40,61}, {55,40,60}) -> W = 1
  bool seen = false;
  for (const auto& c : r.concordance)
    if (c.indicator == "A") {
      seen = true;
      EXPECT_NEAR(c.result.w, 1, 1e-12);
      EXPECT_EQ(c.raters, 3u);
    }
  EXPECT_TRUE(seen);
  EXPECT_EQ(r.kappa.size(), 6u);  // two compared assessments x three weightings
}

TEST(Compare, MismatchedAssessmentsAreRefusedNamingFileAndCodes) {
  auto e = expect_error<data_error>(
      [] {
        (void)compare(fw(), two("unit,year,A,B\nu1,2022,1,1\nu2,2022,1,1\nu3,2022,1,1\nu4,2022,1,1\n"),
                      profile());
      },
      "compare.units_differ");
  ASSERT_TRUE(e);
  EXPECT_NE(std::string(e->what()).find("third.csv"), std::string::npos) << e->what();
  EXPECT_NE(std::string(e->what()).find("u4"), std::string::npos) << e->what();
  e = expect_error<data_error>(
      [] { (void)compare(fw(), two("unit,year,A\nu1,2022,1\nu2,2022,1\nu3,2022,1\n"), profile()); },
      "compare.indicators_differ");
  ASSERT_TRUE(e);
  EXPECT_NE(std::string(e->what()).find("lacks B"), std::string::npos) << e->what();
  e = expect_error<data_error>(
      [] {
        (void)compare(fw(), two("unit,year,A,B\nu1,2022,1,1\nu2,2022,1,1\nu3,2022,1,1\nu1,2021,1,1\n"),
                      profile());
      },
      "compare.periods_differ");
  ASSERT_TRUE(e);
  EXPECT_NE(std::string(e->what()).find("2021"), std::string::npos) << e->what();
  expect_error<data_error>(
      [] {
        (void)compare(fw(), two("unit,year,A,B\nu1,2022,1,1\nu2,2022,1,1\nu3,2021,1,1\nu3,2022,1,1\n"),
                      profile());
      },
      "compare.periods_differ");
  expect_error<data_error>(
      [] {
        std::vector<assessment> l = two();
        l[1].label = l[0].label;
        (void)compare(fw(), l, profile());
      },
      "compare.labels");
  expect_error<data_error>([] { (void)compare(fw(), {two()[0]}, profile()); }, "compare.too_few");
}

TEST(Compare, ToleranceFileErrors) {
  auto o = opts();
  o.tolerances = parse_tolerances("[indicator.Z]\nabsolute = 1\n", "tol.toml");
  auto e = expect_error<data_error>([&] { (void)compare(fw(), two(), profile(), o); }, "compare.tolerance");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->where().indicator, "Z");
  EXPECT_EQ(e->where().file, "tol.toml");
  expect_error<data_error>([] { (void)parse_tolerances("[default]\nabsolut = 1\n", "t.toml"); },
                           "tolerances.unknown_key");
  expect_error<data_error>([] { (void)parse_tolerances("[default]\nrelative = -0.1\n", "t.toml"); },
                           "tolerances.bad_value");
  expect_error<data_error>([] { (void)parse_tolerances("schema = \"x\"\n", "t.toml"); }, "tolerances.schema");
}

#ifdef TIJIAN_TEST_CAN_RUN_CLI
namespace {
using test::temp_dir;
void write(const std::string& path, const std::string& text) { test::write_file(path, text); }
int run(const std::string& args, std::string& out) { return test::run_cli(args, out); }
}  // namespace

TEST(CompareCli, WritesTablesOrNothing) {
  temp_dir dir("compare");
  write(dir.file("fw.toml"), framework_toml);
  write(dir.file("targets.toml"), profile_toml);
  write(dir.file("self.csv"), self_csv);
  write(dir.file("third.csv"), third_csv);
  write(dir.file("tol.toml"), tolerances_toml);
  write(dir.file("bad.csv"), "unit,year,A,B\nu1,2022,1,1\nu9,2022,1,1\nu3,2022,1,1\n");
  const std::string common = "compare -f " + dir.file("fw.toml") + " -t " + dir.file("targets.toml") +
                             " --tolerances " + dir.file("tol.toml") + " -a self=" + dir.file("self.csv");
  std::string out;
  ASSERT_EQ(run(common + " -a third=" + dir.file("third.csv") + " --lang en -o " + dir.file("c.csv"), out), 0)
      << out;
  EXPECT_NE(out.find("verdict disagreements 2"), std::string::npos) << out;
  for (const char* f : {"c.csv", "c-verdicts.csv", "c-problems.csv", "c-agreement.csv", "c-kappa.csv"})
    EXPECT_TRUE(fs::exists(dir.file(f))) << f;
  EXPECT_EQ(run(common + " -a third=" + dir.file("bad.csv") + " -o " + dir.file("bad.json"), out), 2) << out;
  EXPECT_NE(out.find("u9"), std::string::npos) << out;
  EXPECT_NE(out.find("bad.csv"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(dir.file("bad.json")));
}
#endif
