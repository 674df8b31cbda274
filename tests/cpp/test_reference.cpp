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
#include <tijian/io/csv.hpp>
#include <tijian/io/framework_io.hpp>
#include <tijian/io/recipe_io.hpp>
#include <tijian/score.hpp>

namespace {

const std::string shared = TIJIAN_SHARED_DATA;
const std::string source = TIJIAN_SOURCE_DIR;

TEST(Reference, HumanDevelopmentIndexEveryCountryYear) {
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
  std::vector<double> published;
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

  const tijian::framework fw = tijian::load_framework(source + "/tests/data/hdi/framework.toml");
  const tijian::recipe r = tijian::load_recipe(source + "/tests/data/hdi/recipe.toml");
  const tijian::result res = tijian::score(fw, p, r);
  const Eigen::VectorXd hdi = res.score_of("HDI");

  std::size_t compared = 0, equal = 0;
  double worst = 0;
  for (std::size_t k = 0; k < published.size(); ++k) {
    if (std::isnan(published[k])) continue;
    ++compared;
    const double got = hdi[static_cast<Eigen::Index>(k)];
    ASSERT_FALSE(std::isnan(got)) << p.units[k] << " " << p.periods[k];
    worst = std::max(worst, std::abs(got - published[k]));
    if (std::abs(std::round(got * 1000) / 1000 - published[k]) < 1e-9) ++equal;
    else ADD_FAILURE() << p.units[k] << " " << p.periods[k] << ": " << got << " vs " << published[k];
  }
  EXPECT_EQ(compared, 5808u);
  EXPECT_EQ(equal, compared);
  EXPECT_LE(worst, 0.0005 + 1e-12);  // pure rounding of the published three decimals
  std::cout << "HDI: " << equal << " of " << compared
            << " country-years equal to the published 3 decimals; max |diff| " << worst << "\n";
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
