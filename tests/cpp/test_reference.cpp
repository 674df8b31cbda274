// SPDX-License-Identifier: MIT
// Published indices reproduced from their inputs through the public API only:
//  - UNDP Human Development Index, every country-year 1990-2022 with a published value, from a
//    framework file (goalposts, log income) and a recipe file (goalposts, propagate missing);
//  - COINr's ASEM Sustainable Connectivity index: from COINr's treated data, the normalised
//    indicators and the pillar, sub-index and index scores equal COINr's to 1e-9.
// Data: ../shared/data (read in place, not copied).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <iostream>
#include <map>
#include <optional>
#include <tijian/io/csv.hpp>
#include <tijian/io/framework_io.hpp>
#include <tijian/io/recipe_io.hpp>
#include <tijian/presets.hpp>
#include <tijian/score.hpp>

namespace {

const std::string shared = TIJIAN_SHARED_DATA;
const std::string source = TIJIAN_SOURCE_DIR;

/// The HDI inputs, one row per country and year, and the published HDI of each row (NaN where
/// none is published).
tijian::panel hdi_panel(std::vector<double>& published) {
  tijian::csv_options opts;
  opts.unit_column = "iso3";
  opts.name_column = "country";
  opts.group_columns = {"hdicode", "region"};
  const tijian::panel wide =
      tijian::read_panel_csv(shared + "/hdi/HDR23-24_Composite_indices_complete_time_series.csv", opts);

  // Reshape <var>_<year> columns into one row per country and year (plain data plumbing).
  const std::vector<std::string> inputs{"le", "eys", "mys", "gnipc"};
  tijian::panel p;
  p.indicators = inputs;
  std::vector<std::array<double, 4>> rows;
  for (Eigen::Index i = 0; i < wide.rows(); ++i) {
    const std::string& iso = wide.units[static_cast<std::size_t>(i)];
    if (iso.rfind("ZZ", 0) == 0) continue;  // regional and world aggregates
    for (int year = 1990; year <= 2022; ++year) {
      const std::string y = std::to_string(year);
      std::array<double, 4> v{};
      for (std::size_t k = 0; k < inputs.size(); ++k) v[k] = wide.values(i, wide.column(inputs[k] + "_" + y));
      p.units.push_back(iso);
      p.periods.push_back(y);
      rows.push_back(v);
      published.push_back(wide.values(i, wide.column("hdi_" + y)));
    }
  }
  p.values.resize(static_cast<Eigen::Index>(rows.size()), 4);
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (Eigen::Index k = 0; k < 4; ++k)
      p.values(static_cast<Eigen::Index>(r), k) = rows[r][static_cast<std::size_t>(k)];
  p.validate();
  return p;
}

/// How many published country-years the result's HDI equals to the published three decimals.
std::size_t hdi_matches(const tijian::result& res, const tijian::panel& p,
                        const std::vector<double>& published, bool expect_all) {
  const Eigen::VectorXd hdi = res.score_of("HDI");
  std::size_t compared = 0, equal = 0;
  double worst = 0;
  for (std::size_t k = 0; k < published.size(); ++k) {
    if (std::isnan(published[k])) continue;
    ++compared;
    const double got = hdi[static_cast<Eigen::Index>(k)];
    if (expect_all && std::isnan(got)) ADD_FAILURE() << p.units[k] << " " << p.periods[k] << ": missing";
    worst = std::max(worst, std::abs(got - published[k]));
    if (std::abs(std::round(got * 1000) / 1000 - published[k]) < 1e-9) ++equal;
    else if (expect_all)
      ADD_FAILURE() << p.units[k] << " " << p.periods[k] << ": " << got << " vs " << published[k];
  }
  EXPECT_EQ(compared, 5808u);
  if (expect_all) {
    EXPECT_LE(worst, 0.0005 + 1e-12);  // pure rounding of the published three decimals
    std::cout << "HDI: " << equal << " of " << compared
              << " country-years equal to the published 3 decimals; max |diff| " << worst << "\n";
  }
  return equal;
}

const tijian::diagnostic* find_diag(const tijian::result& res, const std::string& id) {
  for (const auto& d : res.diagnostics)
    if (d.id == id) return &d;
  return nullptr;
}

TEST(Reference, HumanDevelopmentIndexEveryCountryYear) {
  std::vector<double> published;
  const tijian::panel p = hdi_panel(published);
  const tijian::framework fw = tijian::load_framework(source + "/tests/data/hdi/framework.toml");
  const tijian::recipe r = tijian::load_recipe(source + "/tests/data/hdi/recipe.toml");
  EXPECT_EQ(hdi_matches(tijian::score(fw, p, r), p, published, true), 5808u);
}

// The preset carries the HDI's method: the built-in framework with the recipe it comes with
// (what `tijian score -f hdi` and tj.score(data, "hdi") use without a recipe) is the published
// index; with the default recipe (min-max 0-100, skip and reweight) it matches none, and the
// result says why: another recipe than the preset's, the framework's geometric mean beating the
// recipe's arithmetic one at HDI, and 622 index scores from incomplete inputs (the HDR data has
// 622 country-years with some input missing; counted by pandas in tests/python/test_hdi.py).
TEST(Reference, HumanDevelopmentIndexFromThePreset) {
  std::vector<double> published;
  const tijian::panel p = hdi_panel(published);
  const tijian::framework fw = tijian::preset_framework("hdi");
  const tijian::recipe own = tijian::recipe_for(fw, std::nullopt);
  EXPECT_EQ(tijian::describe(own), tijian::describe(tijian::preset_recipe("hdi")));
  const tijian::result res = tijian::score(fw, p, own);
  EXPECT_EQ(hdi_matches(res, p, published, true), 5808u);
  const std::vector<tijian::diagnostic> notes = tijian::recipe_notes(fw, own);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].id, "recipe.from_preset");
  // the recipe and the framework agree on every node: no precedence warning
  EXPECT_EQ(find_diag(res, "aggregate.framework_over_recipe"), nullptr);
  EXPECT_EQ(find_diag(res, "aggregate.recipe_over_framework"), nullptr);
  EXPECT_EQ(find_diag(res, "aggregate.incomplete_index"), nullptr);  // propagate

  const tijian::recipe defaults;
  EXPECT_EQ(tijian::describe(tijian::recipe_for(fw, defaults)), tijian::describe(defaults));
  const tijian::result other = tijian::score(fw, p, defaults);
  EXPECT_EQ(hdi_matches(other, p, published, false), 0u);
  const std::vector<tijian::diagnostic> warn = tijian::recipe_notes(fw, defaults);
  ASSERT_EQ(warn.size(), 1u);
  EXPECT_EQ(warn[0].id, "recipe.not_preset");
  EXPECT_EQ(warn[0].level, tijian::severity::warning);
  for (const char* section : {"[normalise]", "[missing]", "[aggregate]"})
    EXPECT_NE(warn[0].message.find(section), std::string::npos) << warn[0].message;
  const tijian::diagnostic* over = find_diag(other, "aggregate.framework_over_recipe");
  ASSERT_NE(over, nullptr);
  EXPECT_EQ(over->node, "HDI");
  EXPECT_EQ(over->level, tijian::severity::warning);
  EXPECT_NE(over->message.find("(geometric)"), std::string::npos) << over->message;
  EXPECT_NE(over->message.find("(arithmetic)"), std::string::npos) << over->message;
  const tijian::diagnostic* incomplete = find_diag(other, "aggregate.incomplete_index");
  ASSERT_NE(incomplete, nullptr);
  EXPECT_EQ(incomplete->level, tijian::severity::warning);
  EXPECT_EQ(incomplete->count, 622u);
  EXPECT_NE(incomplete->message.find("622 of 6435 rows"), std::string::npos) << incomplete->message;

  // a recipe's own node setting beats the framework's, and says so
  tijian::recipe arithmetic_top = own;
  arithmetic_top.aggregate_by_node["HDI"] = tijian::aggregation{tijian::aggregation_method::arithmetic};
  const tijian::result top = tijian::score(fw, p, arithmetic_top);
  const tijian::diagnostic* mine = find_diag(top, "aggregate.recipe_over_framework");
  ASSERT_NE(mine, nullptr);
  EXPECT_EQ(mine->node, "HDI");
  EXPECT_NE(mine->message.find("[aggregate.by_node]"), std::string::npos) << mine->message;
  EXPECT_EQ(top.aggregations[0].method, tijian::aggregation_method::arithmetic);
}

tijian::csv_options asem_options() {
  tijian::csv_options o;
  o.unit_column = "UnitCode";
  o.name_column = "UnitName";
  o.period_column = "Year";
  o.group_columns = {"Group_GDP", "Group_GDPpc", "Group_Pop", "Group_EurAsia"};
  return o;
}

TEST(Reference, CoinrAsemFromTreatedData) {
  const tijian::framework fw = tijian::load_framework(shared + "/asem/ASEM_iMeta.csv");
  const tijian::panel treated =
      tijian::read_panel_csv(shared + "/asem/ASEM_COIN_Treated_COINr6.csv", asem_options());
  const tijian::panel normalised =
      tijian::read_panel_csv(shared + "/asem/ASEM_COIN_Normalised_COINr6.csv", asem_options());
  const tijian::panel aggregated =
      tijian::read_panel_csv(shared + "/asem/ASEM_COIN_Aggregated_COINr6.csv", asem_options());
  ASSERT_EQ(treated.rows(), 51);

  tijian::recipe r;  // COINr's build: min-max 0-100, arithmetic means, iMeta weights
  const tijian::result res = tijian::score(fw, treated, r);

  // COINr's rows matched to ours by unit code
  auto row_of = [](const tijian::panel& p) {
    std::map<std::string, Eigen::Index> m;
    for (std::size_t i = 0; i < p.units.size(); ++i) m[p.units[i]] = static_cast<Eigen::Index>(i);
    return m;
  };
  const auto nrow = row_of(normalised), arow = row_of(aggregated);
  double worst_norm = 0, worst_agg = 0;
  for (Eigen::Index i = 0; i < res.rows(); ++i) {
    const std::string& unit = res.units[static_cast<std::size_t>(i)];
    ASSERT_TRUE(nrow.count(unit) && arow.count(unit)) << unit;
    for (std::size_t k = 0; k < res.indicators.size(); ++k) {
      const Eigen::Index c = normalised.column(res.indicators[k]);
      ASSERT_GE(c, 0) << res.indicators[k];
      worst_norm = std::max(worst_norm, std::abs(res.normalised(i, static_cast<Eigen::Index>(k)) -
                                                 normalised.values(nrow.at(unit), c)));
    }
    for (const auto& code : res.nodes) {
      const Eigen::Index c = aggregated.column(code);
      ASSERT_GE(c, 0) << code;
      worst_agg = std::max(worst_agg, std::abs(res.score_of(code)[i] - aggregated.values(arow.at(unit), c)));
    }
  }
  EXPECT_LT(worst_norm, 1e-9);
  EXPECT_LT(worst_agg, 1e-9);
  std::cout << "ASEM: max |diff| normalised " << worst_norm << ", aggregates " << worst_agg << "\n";
}

}  // namespace
