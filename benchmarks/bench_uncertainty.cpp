// SPDX-License-Identifier: MIT
// Speed of the uncertainty analysis: COINr's vignette specification on ASEM (51 units x 49
// indicators: winsorisation limit 1-5, min-max or z-score, +-25 % weight noise on levels 2 and
// 3, arithmetic or geometric mean; from COINr's imputed data) with N = 500 and
// N = 10,000 runs, and 1,000 Dirichlet weight vectors over a 300 x 50 matrix with arithmetic
// aggregation and ranks. COINr on the same kind of machine: 48.3 s for N = 500 (about 0.097 s
// per run, ../shared/reference/coinr.md §10); batched numpy: 74 ms for the 300 x 50 case
// (benchmarks/python/bench_uncertainty_numpy.py measures it beside this program).
// TIJIAN_SIMD=scalar|avx2 in the environment measures the other instruction sets.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <tijian/io/csv.hpp>
#include <tijian/io/framework_io.hpp>
#include <tijian/uncertainty.hpp>

namespace {

struct asem_case {
  tijian::framework fw;
  tijian::panel data;
  tijian::uncertainty_spec spec;
  tijian::recipe nominal;
};

const asem_case& asem() {
  static const asem_case c = [] {
    asem_case a;
    const std::string dir = TIJIAN_SHARED_DATA "/asem/";
    a.fw = tijian::load_framework(dir + "ASEM_iMeta.csv");
    tijian::csv_options o;
    o.unit_column = "UnitCode";
    o.name_column = "UnitName";
    o.period_column = "Year";
    o.group_columns = {"Group_GDP", "Group_GDPpc", "Group_Pop", "Group_EurAsia"};
    a.data = tijian::read_panel_csv(dir + "ASEM_COIN_Imputed_COINr6.csv", o);
    a.nominal.prepare.treat.method = tijian::treatment_method::coinr_winsorise;
    for (int k = 1; k <= 5; ++k) {  // winsorisation limit 1 to 5
      tijian::recipe v = a.nominal;
      v.prepare.treat.winmax = k;
      a.spec.data_variants.push_back(v);
    }
    a.spec.noise = {{2, 0.25}, {3, 0.25}};
    a.spec.normalisations.resize(2);
    a.spec.normalisations[0].lower = 1;
    a.spec.normalisations[0].upper = 100;
    a.spec.normalisations[1].method = tijian::normalisation_method::z_score;
    a.spec.normalisations[1].mean = 10;
    a.spec.normalisations[1].sd = 2;
    a.spec.aggregations = {tijian::aggregation{tijian::aggregation_method::arithmetic},
                           tijian::aggregation{tijian::aggregation_method::geometric}};
    return a;
  }();
  return c;
}

void asem_ua(benchmark::State& state) {
  const asem_case& a = asem();
  tijian::uncertainty_spec spec = a.spec;
  spec.runs = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    auto r = tijian::uncertainty(a.fw, a.data, a.nominal, spec);
    benchmark::DoNotOptimize(r.ranks.data());
  }
  state.counters["runs/s"] =
      benchmark::Counter(static_cast<double>(spec.runs) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}

void dirichlet_300x50(benchmark::State& state) {
  // one aggregate over 50 indicators, seeded uniform(1, 100) data, 1,000 Dirichlet vectors
  std::vector<tijian::node_spec> nodes(1);
  nodes[0].code = "I";
  for (int j = 0; j < 50; ++j) {
    tijian::node_spec n;
    n.code = "x" + std::to_string(j);
    n.parent = "I";
    nodes.push_back(n);
  }
  const tijian::framework fw(nodes);
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> u(1, 100);
  Eigen::MatrixXd v(300, 50);
  for (Eigen::Index j = 0; j < 50; ++j)
    for (Eigen::Index i = 0; i < 300; ++i) v(i, j) = u(rng);
  std::vector<std::string> units, codes;
  for (int i = 0; i < 300; ++i) units.push_back("u" + std::to_string(i));
  for (int j = 0; j < 50; ++j) codes.push_back("x" + std::to_string(j));
  const tijian::panel p = tijian::make_panel(units, codes, v);
  tijian::uncertainty_spec spec;
  spec.runs = 1000;
  spec.dirichlet = 1;  // Dir(1, ..., 1) over the 50 weights, as numpy's dirichlet(ones(50))
  for (auto _ : state) {
    auto r = tijian::uncertainty(fw, p, tijian::recipe{}, spec);
    benchmark::DoNotOptimize(r.ranks.data());
  }
}

/// The same workload as the hand-written batched numpy: min-max once, 1,000 Dirichlet(1)
/// weight vectors, scores as one product, ranks of every column.
void batch_300x50(benchmark::State& state) {
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> u(1, 100);
  Eigen::MatrixXd x(300, 50);
  for (Eigen::Index j = 0; j < 50; ++j)
    for (Eigen::Index i = 0; i < 300; ++i) x(i, j) = u(rng);
  Eigen::MatrixXd scores, ranks;
  for (auto _ : state) {
    std::vector<tijian::indicator_context> ctx(50);
    const Eigen::MatrixXd z = tijian::normalise(tijian::normalisation{}, ctx, x);
    const Eigen::MatrixXd w = tijian::dirichlet_weights(Eigen::VectorXd::Ones(50), 1000, 7);
    tijian::batch_arithmetic(z, w, scores, ranks);
    benchmark::DoNotOptimize(ranks.data());
  }
}

class collecting_reporter : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, double> seconds;
  // the median of the repetitions (each the mean of many iterations), as the numpy side's
  // median of 7, so that one slow repetition on a shared machine does not decide the ratio
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs)
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median") {
        std::string name = run.run_name.function_name;  // e.g. asem_ua/500, without repeats:
        if (!run.run_name.args.empty()) name += "/" + run.run_name.args;
        seconds[name] = run.GetAdjustedRealTime() * 1e-3;
      }
    ConsoleReporter::ReportRuns(runs);
  }
};

}  // namespace

BENCHMARK(asem_ua)
    ->Arg(500)
    ->Arg(10'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);
BENCHMARK(dirichlet_300x50)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Repetitions(7)
    ->ReportAggregatesOnly(true);
BENCHMARK(batch_300x50)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Repetitions(7)
    ->ReportAggregatesOnly(true);

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  collecting_reporter rep;
  benchmark::RunSpecifiedBenchmarks(&rep);
  const double n500 = rep.seconds["asem_ua/500"], n10k = rep.seconds["asem_ua/10000"];
  const double dir = rep.seconds["dirichlet_300x50"];
  const double batch = rep.seconds["batch_300x50"];
  std::printf("\nSummary: uncertainty analysis (instruction set: %s; medians of the repetitions)\n",
              tijian::detail::simd::to_string(tijian::detail::simd::active()));
  if (n500 > 0)
    std::printf("  ASEM N = 500:     %8.1f ms   (COINr 48.3 s: %.0fx faster)\n", n500 * 1e3, 48.3 / n500);
  if (n10k > 0)
    std::printf("  ASEM N = 10,000:  %8.1f ms   (goal < 1 s; COINr ~0.097 s per run: %.0fx per run)\n",
                n10k * 1e3, 0.097 / (n10k / 10000));
  if (batch > 0 && dir > 0)
    std::printf(
        "  300 x 50, 1,000 Dirichlet weight vectors, arithmetic + ranks: %.2f ms (kernel: batch_arithmetic),"
        " %.2f ms (whole uncertainty(): nominal run, weights stored, per-unit statistics)\n",
        batch * 1e3, dir * 1e3);
  std::printf("TIMING batch_300x50_seconds %.9f\n", batch);
  std::printf("TIMING dirichlet_300x50_seconds %.9f\n", dir);
  benchmark::Shutdown();
  return 0;
}
