// SPDX-License-Identifier: MIT
// The fit finished from merged partition statistics (partial_fit.hpp) as a table (table.hpp):
// the one description tijian.dask's Fit.goalposts (and any other writer) reads.
//
//   goalposts  one row per indicator and period: the values the normalisation was fitted on
//              (n), the minimum and maximum of the oriented values (higher is better: a
//              lower-is-better indicator's values negated), their mean and sample sd, and
//              whether the method's denominator is zero there (constant)
//
// Units: min, max, mean and sd are in the indicator's own unit (oriented); n is a count.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common_columns.hpp"
#include "partial_fit.hpp"
#include "table.hpp"

namespace tijian {

namespace detail::fit_rows {
struct goalpost_row {
  const std::string* indicator;
  const std::string* period;
  const column_fit* fit;
};
}  // namespace detail::fit_rows

[[nodiscard]] inline table goalposts_table(const fitted_scoring& f) {
  using row = detail::fit_rows::goalpost_row;
  std::vector<row> rows;
  rows.reserve(f.fits.size() * f.periods.size());
  for (std::size_t j = 0; j < f.fits.size() && j < f.indicators.size(); ++j)
    for (std::size_t p = 0; p < f.fits[j].size() && p < f.periods.size(); ++p)
      rows.push_back({&f.indicators[j], &f.periods[p], &f.fits[j][p]});
  const unit_name own = units::indicator;
  table t("goalposts", "归一化拟合参数", "Normalisation fits");
  t.text("indicator", {"指标", "Indicator"}, rows, [](const row& x) { return *x.indicator; });
  t.text("period", {"时期", "Period"}, rows, [](const row& x) { return *x.period; });
  t.integer("n", in("拟合值数", "Values fitted on", units::count), rows,
            [](const row& x) { return static_cast<long long>(x.fit->n); });
  t.real("min", in("最小值（正向化）", "Minimum (oriented)", own), rows,
         [](const row& x) { return x.fit->min; });
  t.real("max", in("最大值（正向化）", "Maximum (oriented)", own), rows,
         [](const row& x) { return x.fit->max; });
  t.real("mean", in("均值（正向化）", "Mean (oriented)", own), rows,
         [](const row& x) { return x.fit->mean; });
  t.real("sd", in("标准差（正向化）", "Standard deviation (oriented)", own), rows,
         [](const row& x) { return x.fit->sd; });
  t.boolean("constant", {"分母为零", "Constant (zero denominator)"}, rows,
            [](const row& x) { return x.fit->constant; });
  return t;
}

}  // namespace tijian
