// SPDX-License-Identifier: MIT
// Sobol' sensitivity analysis of a composite index: which methodological choice moves the
// ranks most. The uncertain inputs are those of uncertainty.hpp, one factor each (data
// variant, normalisation, aggregation, excluded indicator, weights); the output of a run is
// the mean absolute rank shift against the nominal ranking (as COINr), or one unit's score or
// rank. Design and estimators: sobol.hpp (Saltelli 2010 first order, Jansen 1999 total).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "names.hpp"
#include "sobol.hpp"
#include "uncertainty.hpp"

namespace tijian {

enum class sensitivity_output {
  mean_abs_rank_shift,  ///< mean over units of |rank_run - rank_nominal| (COINr)
  unit_score,           ///< the score of `sensitivity_spec::unit`
  unit_rank,            ///< the rank of `sensitivity_spec::unit`
};

template <>
struct enum_names<sensitivity_output> {
  static constexpr const char* what = "sensitivity output";
  static constexpr enum_name<sensitivity_output> entries[] = {
      {sensitivity_output::mean_abs_rank_shift, "mean_abs_rank_shift", "平均排名变动",
       "mean absolute rank shift"},
      {sensitivity_output::unit_score, "unit_score", "单元得分", "score of one unit"},
      {sensitivity_output::unit_rank, "unit_rank", "单元排名", "rank of one unit"},
  };
};

struct sensitivity_spec {
  uncertainty_spec inputs;  ///< the uncertain inputs; inputs.runs and inputs.draws are unused
  std::size_t n = 100;      ///< base sample size N; the design has N (d + 2) runs
  sampling draws = sampling::pseudo_random;
  sensitivity_output output = sensitivity_output::mean_abs_rank_shift;
  std::string unit;                ///< for unit_score / unit_rank
  std::size_t weight_sets = 1000;  ///< noisy weight sets the weights factor chooses from
  std::size_t bootstrap = 1000;
  double level = 0.9;  ///< bootstrap interval (0.9: 5th to 95th percentile)
};

struct sensitivity_result {
  std::vector<std::string> factors;
  sobol_indices indices;
  Eigen::VectorXd y;        ///< output of every run of the design (NaN = failed)
  uncertainty_result runs;  ///< scores, ranks, choices and failures of every design run
};

/// Runs the Saltelli design through the scoring engine and estimates the indices.
[[nodiscard]] inline sensitivity_result sensitivity(const framework& fw, const panel& data,
                                                    const recipe& nominal, const sensitivity_spec& spec) {
  if (!(spec.level > 0 && spec.level < 1))
    throw recipe_error("sensitivity.level", "level must lie strictly between 0 and 1");
  if (spec.weight_sets < 1) throw recipe_error("sensitivity.weight_sets", "weight_sets must be at least 1");
  if (spec.output != sensitivity_output::mean_abs_rank_shift && spec.unit.empty())
    throw recipe_error("sensitivity.unknown_unit",
                       std::string("output '") + to_string(spec.output) +
                           "' needs unit= (the unit whose score or rank is analysed)");
  detail::ua::engine eng(fw, data, nominal, spec.inputs);
  const uncertainty_spec& in = spec.inputs;
  const std::size_t nv = in.data_variants.size(), nn = in.normalisations.size(), na = in.aggregations.size(),
                    ne = in.exclusions.size(), nw = in.weight_sets.size();
  const bool weights = !in.noise.empty() || in.dirichlet > 0;
  const std::vector<Eigen::VectorXd> given = detail::ua::explicit_weight_sets(eng);  // checked first
  sensitivity_result out;
  if (nv > 1) out.factors.push_back(to_string(uncertain_input::data_variant));
  if (nn > 1) out.factors.push_back(to_string(uncertain_input::normalisation));
  if (na > 1) out.factors.push_back(to_string(uncertain_input::aggregation));
  if (ne > 0) out.factors.push_back(to_string(uncertain_input::exclusion));
  if (weights) out.factors.push_back(to_string(uncertain_input::weights));
  if (nw > 1) out.factors.push_back(to_string(uncertain_input::weight_set));
  if (out.factors.empty())
    throw recipe_error("sensitivity.no_factors",
                       "nothing is uncertain: give weight noise, alternatives or exclusions");
  if (spec.output != sensitivity_output::mean_abs_rank_shift &&
      std::find(eng.nominal_res.units.begin(), eng.nominal_res.units.end(), spec.unit) ==
          eng.nominal_res.units.end())
    throw recipe_error("sensitivity.unknown_unit", "unit '" + spec.unit + "' is not in the data");

  const std::size_t d = out.factors.size();
  // the runs the design needs, checked before they are allocated (uncertainty.hpp: max_runs)
  if (spec.n > max_runs / (d + 2))
    throw recipe_error("sensitivity.design", "the base sample N must be from 2 to " +
                                                 std::to_string(max_runs / (d + 2)) + " with " +
                                                 std::to_string(d) + " factors (n (d + 2) runs), not " +
                                                 std::to_string(spec.n));
  const saltelli_design design = make_saltelli_design(spec.n, d, spec.draws, in.seed);
  const std::size_t total = design.runs();
  std::vector<run_choice> runs(total);
  const std::size_t sets = weights ? std::max<std::size_t>(1, spec.weight_sets) : 1;
  for (std::size_t r = 0; r < total; ++r) {
    const Eigen::RowVectorXd u = design.point(r);
    Eigen::Index f = 0;
    auto& c = runs[r];
    c.variant = nv == 1 ? 0 : (nv > 1 ? detail::ua::pick(u[f++], nv) : -1);
    c.normalisation = nn == 1 ? 0 : (nn > 1 ? detail::ua::pick(u[f++], nn) : -1);
    c.aggregation = na == 1 ? 0 : (na > 1 ? detail::ua::pick(u[f++], na) : -1);
    c.excluded = ne > 0 ? detail::ua::pick(u[f++], ne + 1) - 1 : -1;
    c.weight_set = weights ? static_cast<std::size_t>(detail::ua::pick(u[f++], sets)) : 0;
    if (nw > 1) c.weight_set = static_cast<std::size_t>(detail::ua::pick(u[f++], nw));
  }
  const auto weight_sets = nw > 0 ? given : detail::ua::draw_weight_sets(eng, sets);
  detail::ua::evaluate(eng, runs, out.runs, weight_sets);

  // the output of each run
  out.y.resize(static_cast<Eigen::Index>(total));
  Eigen::Index unit_row = -1;
  for (std::size_t i = 0; i < out.runs.units.size(); ++i)
    if (out.runs.units[i] == spec.unit) unit_row = static_cast<Eigen::Index>(i);
  for (std::size_t r = 0; r < total; ++r) {
    const auto rr = static_cast<Eigen::Index>(r);
    switch (spec.output) {
      case sensitivity_output::mean_abs_rank_shift:
        out.y[rr] = (out.runs.ranks.col(rr) - out.runs.nominal_rank).cwiseAbs().mean();
        break;
      case sensitivity_output::unit_score: out.y[rr] = out.runs.scores(unit_row, rr); break;
      case sensitivity_output::unit_rank: out.y[rr] = out.runs.ranks(unit_row, rr); break;
    }
  }
  const auto N = static_cast<Eigen::Index>(spec.n);
  Eigen::MatrixXd yab(N, static_cast<Eigen::Index>(d));
  for (Eigen::Index i = 0; i < static_cast<Eigen::Index>(d); ++i) yab.col(i) = out.y.segment((2 + i) * N, N);
  out.indices = estimate_sobol(out.y.head(N), out.y.segment(N, N), yab, spec.bootstrap, spec.level,
                               detail::mix_seed(in.seed, 0xb007ULL));
  return out;
}

}  // namespace tijian
