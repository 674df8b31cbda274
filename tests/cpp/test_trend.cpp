// SPDX-License-Identifier: MIT
// The annual check over years (trend.hpp), the attribution of a composite change
// (attribution.hpp) and the five-year evaluation (evaluate.hpp) against values computed by hand
// (the arithmetic is written next to each expectation), the comparability of pooled
// normalisation across years, the bad-input errors, and the `trend` / `evaluate` commands end to
// end.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <tijian/attribution.hpp>
#include <tijian/evaluate.hpp>
#include <tijian/io/csv.hpp>
#include <tijian/io/framework_io.hpp>
#include <tijian/io/recipe_io.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/io/targets_io.hpp>
#include <tijian/score.hpp>
#include <tijian/trend.hpp>
#include <tijian/trend_tables.hpp>

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

// A: higher is better; B: lower is better (AQI-like); C: a planning band [65, 115].
const char* framework_toml = R"(schema = "tijian/framework/1"
[[node]]
code = "IDX"
[[node]]
code = "D1"
parent = "IDX"
[[node]]
code = "D2"
parent = "IDX"
[[indicator]]
code = "A"
parent = "D1"
unit = "km2"
[[indicator]]
code = "B"
parent = "D1"
direction = "lower"
unit = "AQI"
[[indicator]]
code = "C"
parent = "D2"
direction = "band"
band = [65.0, 115.0]
unit = "m2/person"
[[indicator]]
code = "D"
parent = "D2"
unit = "%"
)";

// unit u1: A grows 10 % a year; B 80, 80, 70; C 130 -> 120; D 50 (2020), 52 (2022)
// unit u2: A falls, B flat within 1 %, C inside the band
const char* data_csv = R"(unit,year,size_group,A,B,C,D
u1,2019,big,100,80,,
u1,2020,big,110,80,130,50
u1,2021,big,121,70,,
u1,2022,big,133.1,,120,52
u2,2019,big,200,60,100,
u2,2020,big,190,60.3,,
u2,2021,big,180,60.5,100,
u2,2022,big,170,60.4,100,
u3,2019,small,50,90,,
u3,2022,small,60,85,,
)";

const char* profile_toml = R"(schema = "tijian/targets/1"
profile = "test"
start_year = 2020
[[target]]
indicator = "A"
kind = "at_least"
value = 150.0
year = 2025
[[target]]
indicator = "B"
kind = "at_most"
value = 60.0
year = 2025
base_value = 85.0
[[target]]
indicator = "D"
kind = "at_least"
value = 70.0
year = 2025
[[target]]
indicator = "A"
kind = "at_least"
value = 200.0
year = 2021
)";

framework fw() { return parse_framework_toml(framework_toml, "fw.toml"); }
panel data() { return parse_panel_csv(data_csv, "data.csv"); }
target_profile profile() { return parse_target_profile(profile_toml, "targets.toml"); }

const indicator_trend& row_of(const trend_report& r, const std::string& unit, const std::string& ind,
                              std::ptrdiff_t target = -2) {
  for (const auto& t : r.trends)
    if (t.unit == unit && t.indicator == ind && (target == -2 || t.target_index == target)) return t;
  throw std::runtime_error("no trend row " + unit + " " + ind);
}

}  // namespace

TEST(Trend, StatisticsOfOneSeriesByHand) {
  const trend_report r = trend(fw(), data());
  const indicator_trend& a = row_of(r, "u1", "A");
  EXPECT_EQ(a.first_year, 2019);
  EXPECT_EQ(a.last_year, 2022);
  EXPECT_EQ(a.years, 4u);
  EXPECT_NEAR(a.change, 33.1, 1e-12);      // 133.1 - 100
  EXPECT_NEAR(a.change_pct, 33.1, 1e-11);  // 100 * 33.1 / 100
  EXPECT_NEAR(a.cagr_pct, 10.0, 1e-12);    // (133.1 / 100)^(1/3) = 1.1
  // OLS: t - 2020.5 = -1.5, -0.5, 0.5, 1.5 (Stt = 5); mean x = 464.1 / 4 = 116.025;
  // Stx = 1.5 * 16.025 + 0.5 * 6.025 + 0.5 * 4.975 + 1.5 * 17.075 = 55.15 -> slope 11.03
  EXPECT_NEAR(a.line.slope, 11.03, 1e-12);
  // fitted 99.48, 110.51, 121.54, 132.57; residuals .52, -.51, -.54, .53: SSR = 1.103;
  // Sxx = 16.025^2 + 6.025^2 + 4.975^2 + 17.075^2 = 609.4075
  EXPECT_NEAR(a.line.slope_se, std::sqrt(1.103 / 2 / 5), 1e-12);
  EXPECT_NEAR(a.line.r2, 1 - 1.103 / 609.4075, 1e-12);
  EXPECT_NEAR(a.trend_pct, 100 * 11.03 / 99.48, 1e-10);  // COINr prc_change: slope / fitted first value
  EXPECT_EQ(a.trend, improvement::improved);
  EXPECT_EQ(a.projection_year, 0);  // no profile, no projection year
  EXPECT_TRUE(std::isnan(a.projected_linear));

  // B, lower is better: 80, 80, 70 -> slope -5 (Stx = -1 * 3.333 + 1 * -6.667 = -10, Stt = 2)
  const indicator_trend& b = row_of(r, "u1", "B");
  EXPECT_NEAR(b.line.slope, -5.0, 1e-12);
  EXPECT_EQ(b.trend, improvement::improved);
  EXPECT_NEAR(b.cagr_pct, 100 * (std::sqrt(0.875) - 1), 1e-12);  // (70/80)^(1/2) - 1
  // u2: B 60 -> 60.4 is +0.67 %, within the 1 % tolerance; A 200 -> 170 worsened
  EXPECT_EQ(row_of(r, "u2", "B").trend, improvement::stable);
  EXPECT_EQ(row_of(r, "u2", "A").trend, improvement::worsened);
  // C, band [65, 115]: 130 -> 120, the distance to the band falls from 15 to 5
  EXPECT_EQ(row_of(r, "u1", "C").trend, improvement::improved);
  // two points: a slope, no standard error
  const indicator_trend& u3 = row_of(r, "u3", "A");
  EXPECT_NEAR(u3.line.slope, 10.0 / 3, 1e-12);
  EXPECT_TRUE(std::isnan(u3.line.slope_se));
  // D: two years with data for u1, none for u2
  const indicator_trend& d2 = row_of(r, "u1", "D");
  EXPECT_EQ(d2.years, 2u);
  EXPECT_EQ(row_of(r, "u2", "D").trend, improvement::no_data);
}

TEST(Trend, WindowProjectionAndYearOnYear) {
  trend_options o;
  o.from_year = 2020;
  o.to_year = 2021;
  o.projection_year = 2025;
  const trend_report r = trend(fw(), data(), nullptr, o);
  const indicator_trend& a = row_of(r, "u1", "A");
  EXPECT_EQ(a.first_year, 2020);
  EXPECT_EQ(a.last_year, 2021);
  EXPECT_NEAR(a.cagr_pct, 10.0, 1e-12);                  // 121 / 110 = 1.1 over one year
  EXPECT_NEAR(a.projected_linear, 121 + 11 * 4, 1e-12);  // slope 11, 2021 -> 2025
  EXPECT_NEAR(a.projected_cagr, 121 * std::pow(1.1, 4), 1e-9);
  // year on year within the window: one pair for u1 A (2020 -> 2021)
  int pairs = 0;
  for (const auto& c : r.changes)
    if (c.unit == "u1" && c.indicator == "A") {
      ++pairs;
      EXPECT_EQ(c.previous_year, 2020);
      EXPECT_NEAR(c.change, 11.0, 1e-12);
      EXPECT_NEAR(c.change_pct, 10.0, 1e-12);
    }
  EXPECT_EQ(pairs, 1);
  // whole panel: u3 A jumps 2019 -> 2022 in one pair
  const trend_report all = trend(fw(), data());
  for (const auto& c : all.changes)
    if (c.unit == "u3" && c.indicator == "A") {
      EXPECT_EQ(c.previous_year, 2019);
      EXPECT_EQ(c.year, 2022);
      EXPECT_NEAR(c.change_pct, 20.0, 1e-12);
    }
}

TEST(Trend, TargetsProgressAndYearMet) {
  const target_profile p = profile();
  const trend_report r = trend(fw(), data(), &p);
  // A >= 150 by 2025; base = the profile's start year 2020, value 110 from the data
  const indicator_trend& a = row_of(r, "u1", "A", 0);
  EXPECT_EQ(a.goal.base_year, 2020);
  EXPECT_EQ(a.goal.rule, base_rule::start_year);
  EXPECT_NEAR(a.progress, 23.1 / 40, 1e-12);  // (133.1 - 110) / (150 - 110)
  EXPECT_EQ(a.outlook_linear, pace_outlook::will_meet);
  EXPECT_NEAR(a.year_met_linear, 2022 + 16.9 / 11.03, 1e-9);  // (150 - 133.1) / slope
  EXPECT_NEAR(a.year_met_cagr, 2023.254163709906, 1e-9);      // 2022 + ln(150/133.1) / ln 1.1
  EXPECT_EQ(a.projection_year, 2025);
  EXPECT_NEAR(a.projected_linear, 133.1 + 3 * 11.03, 1e-9);
  EXPECT_NEAR(a.projected_cagr, 133.1 * 1.331, 1e-9);
  // B <= 60, lower is better: 70 in 2021 falling 5 a year -> met in 2023
  const indicator_trend& b = row_of(r, "u1", "B");
  EXPECT_EQ(b.goal.rule, base_rule::given);
  EXPECT_NEAR(b.progress, 15.0 / 25, 1e-12);  // (70 - 85) / (60 - 85)
  EXPECT_NEAR(b.year_met_linear, 2023.0, 1e-12);
  // CAGR g = sqrt(0.875) - 1; 2021 + ln(60/70) / ln(1 + g)
  EXPECT_NEAR(b.year_met_cagr, 2023.3088305573315, 1e-9);
  // u2 B at 60.4, 60.3 in 2020 -> slope > 0: moving away from <= 60
  EXPECT_EQ(row_of(r, "u2", "B").outlook_linear, pace_outlook::never);
  EXPECT_TRUE(std::isnan(row_of(r, "u2", "B").year_met_linear));
  // u2 A (200 -> 170) already >= 150
  EXPECT_EQ(row_of(r, "u2", "A", 0).outlook_linear, pace_outlook::met);
  // the 2021 target of 200: A falls for u2 -> never; u1 rises -> 2022 + 66.9 / 11.03
  EXPECT_NEAR(row_of(r, "u1", "A", 3).year_met_linear, 2022 + 66.9 / 11.03, 1e-9);
  // indicator C has no target: one row without target columns
  EXPECT_FALSE(row_of(r, "u1", "C").kind.has_value());
}

TEST(Trend, RanksOverallAndInPeerGroups) {
  const trend_report r = trend(fw(), data());
  EXPECT_EQ(r.group_column, "size_group");
  auto rank_of = [&](const std::string& u, const std::string& ind, int y) -> const yearly_rank& {
    for (const auto& e : r.ranks)
      if (e.unit == u && e.indicator == ind && e.year == y) return e;
    throw std::runtime_error("no rank");
  };
  // A in 2019: u2 200, u1 100, u3 50 -> 1, 2, 3; in 2022: u2 170, u1 133.1, u3 60
  EXPECT_EQ(rank_of("u2", "A", 2019).rank, 1);
  EXPECT_EQ(rank_of("u3", "A", 2019).rank, 3);
  EXPECT_EQ(rank_of("u1", "A", 2022).rank, 2);
  EXPECT_EQ(rank_of("u1", "A", 2022).rank_change, 0);  // 2 in 2021 (121 < 180)
  // B lower is better in 2019: u2 60, u1 80, u3 90 -> 1, 2, 3; in 2022 u3 85 beats u2? no: 60.4 < 85
  EXPECT_EQ(rank_of("u2", "B", 2019).rank, 1);
  EXPECT_EQ(rank_of("u3", "B", 2022).rank, 2);         // u1 has no B in 2022
  EXPECT_EQ(rank_of("u3", "B", 2022).rank_change, 1);  // 3 in 2019 -> 2
  // peer group 'small' has only u3
  EXPECT_EQ(rank_of("u3", "A", 2022).group_rank, 1);
  EXPECT_EQ(rank_of("u3", "A", 2022).group_ranked, 1);
  EXPECT_EQ(rank_of("u1", "A", 2019).group_rank, 2);  // big: u2 200, u1 100
}

TEST(Evaluate, FiveYearEvaluationByHand) {
  const target_profile p = profile();
  evaluation_options o;
  o.year = 2022;
  const evaluation_report r = evaluate(fw(), data(), p, o);
  EXPECT_EQ(r.end_year, 2025);
  auto row = [&](const std::string& u, std::size_t target) -> const target_evaluation& {
    for (const auto& e : r.targets)
      if (e.unit == u && e.target_index == target) return e;
    throw std::runtime_error("no row");
  };
  // u1, A >= 150 by 2025: base 2020 = 110, 2022 = 133.1
  const target_evaluation& a = row("u1", 0);
  EXPECT_EQ(a.dimension, "D1");
  EXPECT_NEAR(a.achieved, 23.1, 1e-12);
  EXPECT_NEAR(a.required, 40.0, 1e-12);
  EXPECT_NEAR(a.share_achieved, 0.5775, 1e-12);
  EXPECT_NEAR(a.pace, 11.55, 1e-12);            // 23.1 / 2 years
  EXPECT_NEAR(a.pace_required, 8.0, 1e-12);     // 40 / 5 years
  EXPECT_NEAR(a.pace_needed, 16.9 / 3, 1e-12);  // (150 - 133.1) / 3 remaining years
  EXPECT_NEAR(a.projected_value, 133.1 + 3 * 11.55, 1e-12);
  EXPECT_NEAR(a.projected_year, 2022 + 16.9 / 11.55, 1e-9);
  EXPECT_EQ(a.outcome, plan_outcome::on_pace);
  // u1, D >= 70: 50 (2020) -> 52 (2022), 1 a year -> 55 in 2025: will miss; met in 2040
  const target_evaluation& d = row("u1", 2);
  EXPECT_EQ(d.dimension, "D2");
  EXPECT_NEAR(d.pace, 1.0, 1e-12);
  EXPECT_NEAR(d.projected_value, 55.0, 1e-12);
  EXPECT_NEAR(d.projected_year, 2040.0, 1e-12);
  EXPECT_EQ(d.outcome, plan_outcome::will_miss);
  // u1, B <= 60, base_value 85 given: 70 in 2021 (latest data): achieved -15 of -25
  const target_evaluation& b = row("u1", 1);
  EXPECT_EQ(b.year, 2021);
  EXPECT_NEAR(b.share_achieved, 0.6, 1e-12);
  EXPECT_NEAR(b.pace, -15.0, 1e-12);  // (70 - 85) / (2021 - 2020)
  EXPECT_EQ(b.outcome, plan_outcome::on_pace);
  // A >= 200 by 2021, due and not met; u2 A >= 150 achieved
  EXPECT_EQ(row("u1", 3).outcome, plan_outcome::missed);
  EXPECT_EQ(row("u2", 0).outcome, plan_outcome::achieved);
  // u2, D: no data
  EXPECT_EQ(row("u2", 2).outcome, plan_outcome::no_data);
  // dimension counts for u1: D1 has targets 0, 1, 3 (on pace, on pace, missed); D2 target 2
  for (const auto& dim : r.dimensions) {
    if (dim.unit != "u1") continue;
    if (dim.dimension == "D1") {
      EXPECT_EQ(dim.targets, 3);
      EXPECT_EQ(dim.on_pace, 2);
      EXPECT_EQ(dim.missed, 1);
      // shares 0.5775, 0.6 and (133.1 - 110) / (200 - 110) = 23.1 / 90
      EXPECT_NEAR(dim.mean_share, (0.5775 + 0.6 + 23.1 / 90) / 3, 1e-12);
    } else {
      EXPECT_EQ(dim.dimension, "D2");
      EXPECT_EQ(dim.will_miss, 1);
    }
  }
  // tables: every evaluation row, one dimension row per unit and dimension
  const document doc = describe(r);
  EXPECT_EQ(doc.find_table("evaluation")->rows(), r.targets.size());
  EXPECT_EQ(doc.find_table("evaluation_dimensions")->rows(), 6u);  // 3 units x 2 dimensions
}

TEST(Trend, BadInputNamesFileLineUnitAndIndicator) {
  // a year written with a zero fraction is that year (panel.hpp, period_label: spreadsheets write
  // 2023.0); a label that is not an integer year is refused by the reader, with file and line
  const panel whole = parse_panel_csv("unit,year,A\nu1,2022,1\nu1,2023.0,2\n", "ok.csv");
  EXPECT_EQ(whole.distinct_periods(), (std::vector<std::string>{"2022", "2023"}));
  EXPECT_NO_THROW((void)trend(fw(), whole));
  const std::string bad = "unit,year,A\nu1,2022,1\nu1,2023.5,2\n";
  auto e =
      expect_error<data_error>([&] { (void)trend(fw(), parse_panel_csv(bad, "bad.csv")); }, "data.period");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->where().file, "bad.csv");
  EXPECT_EQ(e->where().line, 3u);
  expect_error<data_error>([&] { (void)trend(fw(), parse_panel_csv("unit,year,A\nu1,abc,1\n", "b.csv")); },
                           "data.period");
  // the same year twice (the reader trims " 2022": the panel's own check names the line)
  const std::string dup = "unit,year,A\nu1,2022,1\nu1, 2022,2\n";
  e = expect_error<data_error>([&] { (void)trend(fw(), parse_panel_csv(dup, "dup.csv")); },
                               "data.duplicate_unit");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->where().line, 3u);
  // a panel changed by a program after reading: trend() validates it again (panel.hpp), so a
  // label that is not a year is the panel's data.period with its line; years_of, called on its
  // own, keeps its own checks
  panel changed = parse_panel_csv("unit,year,A\nu1,2022,1\nu1,2023,2\n", "changed.csv");
  changed.periods[1] = "abc";
  e = expect_error<data_error>([&] { (void)trend(fw(), changed); }, "data.period");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->where().line, 3u);
  e = expect_error<data_error>([&] { (void)years_of(changed); }, "trend.bad_year");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->where().line, 3u);
  panel twice = parse_panel_csv("unit,year,A\nu1,2022,1\nu1,2023,2\n", "twice.csv");
  twice.periods[1] = "2022";
  e = expect_error<data_error>([&] { (void)years_of(twice); }, "trend.duplicate_year");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->where().line, 3u);
  // a target year before its base year (the profile starts in 2020)
  const target_profile p = parse_target_profile(
      "schema = \"tijian/targets/1\"\nprofile = \"p\"\nstart_year = 2020\n[[target]]\nindicator = \"A\"\n"
      "kind = \"at_least\"\nvalue = 1.0\nyear = 2019\n",
      "p.toml");
  auto f = expect_error<framework_error>([&] { (void)trend(fw(), data(), &p); }, "trend.target_before_base");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->where().file, "p.toml");
  EXPECT_GT(f->where().line, 0u);
  EXPECT_EQ(f->where().indicator, "A");
  EXPECT_EQ(f->where().unit, "u1");
  expect_error<framework_error>([&] { (void)evaluate(fw(), data(), p); }, "trend.target_before_base");
}

// A unit whose values do not change gets the same score in both years under pooled min-max,
// and a different one under per-year min-max when the other units move.
TEST(Trend, PooledNormalisationIsComparableAcrossYears) {
  const std::string csv2 =
      "unit,year,A\nu1,2021,10\nu2,2021,20\nu3,2021,30\nu1,2022,10\nu2,2022,5\nu3,2022,30\n";
  const framework f2 = parse_framework_toml(
      "schema = \"tijian/framework/1\"\n[[node]]\ncode = \"I\"\n[[indicator]]\ncode = \"A\"\nparent = \"I\"\n",
      "f2.toml");
  const panel p2 = parse_panel_csv(csv2, "p2.csv");
  const recipe pooled = parse_recipe_toml("[normalise]\nmethod = \"min_max\"\nfit = \"pooled\"\n", "r.toml");
  const result pp = score(f2, p2, pooled);
  const result pc = score(f2, p2, recipe{});
  // pooled over 5..30: u1 = (10 - 5) / 25 * 100 = 20 in both years
  EXPECT_NEAR(pp.scores(0, 0), 20.0, 1e-12);
  EXPECT_EQ(pp.scores(0, 0), pp.scores(3, 0));
  // per year: 2021 (10 - 10) / 20 = 0; 2022 (10 - 5) / 25 = 20: changed although u1 did not
  EXPECT_NEAR(pc.scores(0, 0), 0.0, 1e-12);
  EXPECT_NEAR(pc.scores(3, 0), 20.0, 1e-12);
  // goalposts from a base year (one_period 2021: 10..30): u1 0 both years, u2 2022 -> -25
  recipe base =
      parse_recipe_toml("[normalise]\nmethod = \"min_max\"\nfit = \"one_period\"\nfit_period = \"2021\"\n",
                        "b.toml");
  const result pb = score(f2, p2, base);
  EXPECT_EQ(pb.scores(0, 0), pb.scores(3, 0));
  EXPECT_NEAR(pb.scores(4, 0), -25.0, 1e-12);  // (5 - 10) / 20 * 100, not clipped
}

// Hand case: I = arithmetic(D1, D2) with weights 1:3 (0.25, 0.75); D1 = geometric(a, b),
// D2 = arithmetic(c). Contributions sum to the change of I; log contributions to its log change.
TEST(Trend, DocumentsCarryProvenanceAndOptions) {
  // the same inputs as a health check: the same provenance (plan_provenance.hpp), so a trend, an
  // evaluation and a check of one data set can be matched by their hashes
  const framework f = fw();
  const target_profile p = profile();
  const panel d = data();
  trend_options o;
  o.tolerance = 0.05;
  o.from_year = 2020;
  const document t = describe(trend(f, d, &p, o));
  const document e = describe(evaluate(f, d, p));
  for (const document* doc : {&t, &e}) {
    const auto* prov = doc->find("provenance");
    ASSERT_TRUE(prov && prov->group);
    EXPECT_EQ(prov->group->text_field("library_version"), std::string(TIJIAN_VERSION));
    EXPECT_EQ(prov->group->text_field("framework_hash"), f.hash());
    EXPECT_EQ(prov->group->text_field("profile_hash"), p.hash());
    EXPECT_EQ(prov->group->text_field("data_hash"), d.hash());
    EXPECT_EQ(prov->group->text_field("framework_source"), "fw.toml");
    EXPECT_EQ(prov->group->text_field("profile_source"), "targets.toml");
    EXPECT_EQ(prov->group->text_field("data_source"), "data.csv");
    EXPECT_EQ(prov->group->text_field("profile"), p.name);
  }
  const auto& opts = *t.find("options")->group;
  EXPECT_EQ(std::get<double>(opts.find("tolerance")->value), 0.05);
  EXPECT_EQ(std::get<std::int64_t>(opts.find("from_year")->value), 2020);
  EXPECT_EQ(std::get<std::int64_t>(opts.find("to_year")->value), 0);
  // without a profile the profile fields are empty, the rest is there
  const document bare = describe(trend(f, d));
  EXPECT_EQ(bare.find("provenance")->group->text_field("profile_hash"), "");
  EXPECT_EQ(bare.find("provenance")->group->text_field("framework_hash"), f.hash());
  // JSON keeps them (the document's order: provenance first)
  const std::string json = document_to_json(e, false);
  EXPECT_EQ(json.find("\"provenance\""), json.find_first_of('"'));
}

TEST(Attribution, ExactForArithmeticAndGeometricNodes) {
  const framework f = parse_framework_toml(R"(schema = "tijian/framework/1"
[[node]]
code = "I"
[[node]]
code = "D1"
parent = "I"
weight = 1
aggregation = "geometric"
[[node]]
code = "D2"
parent = "I"
weight = 3
[[indicator]]
code = "a"
parent = "D1"
[[indicator]]
code = "b"
parent = "D1"
[[indicator]]
code = "c"
parent = "D2"
)",
                                           "f.toml");
  const panel p =
      parse_panel_csv("unit,year,a,b,c\nu,2021,1,4,10\nv,2021,2,2,2\nu,2022,4,9,12\nv,2022,3,3,1\n", "p.csv");
  const recipe none = parse_recipe_toml("[normalise]\nmethod = \"none\"\n", "n.toml");
  const result res = score(f, p, none);
  // u: D1 = sqrt(1 * 4) = 2 -> sqrt(4 * 9) = 6; D2 = 10 -> 12; I = 0.25 * 2 + 0.75 * 10 = 8 -> 10.5
  const attribution at = attribute_change(res, "2021", "2022");
  ASSERT_EQ(at.units.size(), 2u);
  const attribution_summary& s = at.units[0];
  EXPECT_EQ(s.unit, "u");
  EXPECT_NEAR(s.change, 2.5, 1e-12);
  EXPECT_NEAR(s.contributions, 2.5, 1e-12);
  EXPECT_TRUE(s.exact);
  // c: 0.75 * (12 - 10) = 1.5; a and b share 0.25 * (6 - 2) = 1 by their log changes:
  // L(2, 6) = 4 / ln 3; a: 0.25 * L * 0.5 ln 4 = 0.25 * 4 / ln 3 * ln 2 = ln 2 / ln 3;
  // b: 0.25 * 4 / ln 3 * 0.5 * ln(9/4) = ln 1.5 / ln 3
  double ca = 0, cb = 0, cc = 0, la = 0, lb = 0, lc = 0;
  for (const auto& r : at.rows)
    if (r.unit == "u") {
      (r.indicator == "a" ? ca : r.indicator == "b" ? cb : cc) = r.contribution;
      (r.indicator == "a" ? la : r.indicator == "b" ? lb : lc) = r.log_contribution;
    }
  EXPECT_NEAR(cc, 1.5, 1e-12);
  EXPECT_NEAR(ca, std::log(2.0) / std::log(3.0), 1e-12);
  EXPECT_NEAR(cb, std::log(1.5) / std::log(3.0), 1e-12);
  EXPECT_NEAR(ca + cb + cc, 2.5, 1e-12);
  // logs: d ln I = ln(10.5 / 8); sum of the log contributions equals it
  EXPECT_NEAR(s.log_change, std::log(10.5 / 8), 1e-14);
  EXPECT_NEAR(la + lb + lc, std::log(10.5 / 8), 1e-12);
  // and each level contribution is L(8, 10.5) times its log contribution
  const double L = 2.5 / std::log(10.5 / 8);
  EXPECT_NEAR(ca, L * la, 1e-12);
  EXPECT_NEAR(cc, L * lc, 1e-12);
  // the table of the attribution
  const document d = describe(at);
  EXPECT_EQ(d.find_table("attribution")->rows(), 6u);
  EXPECT_EQ(d.find_table("attribution_summary")->rows(), 2u);
  expect_error<recipe_error>([&] { (void)attribute_change(res, "2021", "2030"); }, "attribution.period");
}

#ifdef TIJIAN_TEST_CAN_RUN_CLI
namespace {
using test::temp_dir;
void write(const std::string& path, const std::string& text) { test::write_file(path, text); }
int run(const std::string& args, std::string& out) { return test::run_cli(args, out); }
}  // namespace

TEST(TrendCli, TrendAndEvaluateWriteTablesOrNothing) {
  temp_dir dir("trend");
  write(dir.file("fw.toml"), framework_toml);
  write(dir.file("data.csv"), data_csv);
  write(dir.file("targets.toml"), profile_toml);
  std::string out;
  const std::string common = "-f " + dir.file("fw.toml") + " -d " + dir.file("data.csv");
  ASSERT_EQ(run("trend " + common + " -t " + dir.file("targets.toml") + " --lang en -o " + dir.file("t.csv"),
                out),
            0)
      << out;
  EXPECT_TRUE(fs::exists(dir.file("t.csv")));
  EXPECT_TRUE(fs::exists(dir.file("t-changes.csv")));
  EXPECT_TRUE(fs::exists(dir.file("t-ranks.csv")));
  // the output options of check: Chinese labels and the byte-order mark when asked
  ASSERT_EQ(run("evaluate " + common + " -t " + dir.file("targets.toml") +
                    " --lang zh --headers labels --bom -o " + dir.file("zh.csv"),
                out),
            0)
      << out;
  {
    std::ifstream zh(dir.file("zh.csv"), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(zh)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text.rfind("\xEF\xBB\xBF城市,名称,维度", 0), 0u) << text.substr(0, 80);
    EXPECT_NE(text.find("评估结论"), std::string::npos);
  }
  // an --out the writers do not know is refused before any work: exit 2, nothing written
  EXPECT_EQ(run("trend " + common + " -o " + dir.file("t.txt"), out), 2);
  EXPECT_NE(out.find("io.out_extension"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(dir.file("t.txt")));
  ASSERT_EQ(run("evaluate " + common + " -t " + dir.file("targets.toml") + " --year 2022 -o " +
                    dir.file("e.json"),
                out),
            0)
      << out;
  std::ifstream js(dir.file("e.json"));
  const std::string text((std::istreambuf_iterator<char>(js)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"will_miss\""), std::string::npos);
  // refused input: nothing written
  write(dir.file("bad.csv"), "unit,year,A\nu1,2022,1\nu1,2022.0,2\n");
  EXPECT_EQ(run("trend -f " + dir.file("fw.toml") + " -d " + dir.file("bad.csv") + " -o " +
                    dir.file("bad-out.csv"),
                out),
            2);
  EXPECT_NE(out.find("bad.csv:3"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(dir.file("bad-out.csv")));
  EXPECT_EQ(run("evaluate -f " + dir.file("fw.toml") + " -d " + dir.file("bad.csv") + " -t " +
                    dir.file("targets.toml") + " -o " + dir.file("bad-eval.csv"),
                out),
            2);
  EXPECT_FALSE(fs::exists(dir.file("bad-eval.csv")));
}
#endif
