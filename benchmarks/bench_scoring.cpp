// SPDX-License-Identifier: MIT
// Speed of one scoring run (min-max, entropy weights, arithmetic aggregation over a 3-level
// tree, ranks) on seeded random data of 10,000 x 60 and 1,000,000 x 60, beside one plain pass
// that reads the same matrix (the memory-bandwidth floor) and one copy of it into fresh memory
// (what numpy's X.copy() costs, page faults included). Prints every time and the ratios of the
// whole run to the read and to the copy (issue 20's goal: within 3x of one copy at 1,000,000 x
// 60). Peers measured on the same kind of machine: hand-written numpy entropy + TOPSIS 41 ms
// (10,000 x 60) and 1.55 s (1,000,000 x 60) (../shared/reference/mcdm-peers.md).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <tijian/score.hpp>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

constexpr Eigen::Index n_indicators = 60;

/// root -> 4 dimensions -> 3 sub-dimensions each -> 5 indicators each (60 leaves);
/// every third indicator is lower-is-better.
tijian::framework tree() {
  std::vector<tijian::node_spec> nodes;
  auto add = [&](std::string code, std::string parent, bool leaf, int k) {
    tijian::node_spec n;
    n.code = std::move(code);
    n.parent = std::move(parent);
    n.weight = 1 + (k % 3);
    n.declared = leaf ? tijian::node_spec::kind::indicator : tijian::node_spec::kind::aggregate;
    if (leaf && k % 3 == 2) n.dir = tijian::direction::lower_is_better;
    nodes.push_back(std::move(n));
  };
  add("I", "", false, 0);
  int leaf = 0;
  for (int d = 0; d < 4; ++d) {
    const std::string dc = "D" + std::to_string(d);
    add(dc, "I", false, d);
    for (int s = 0; s < 3; ++s) {
      const std::string sc = dc + "S" + std::to_string(s);
      add(sc, dc, false, s);
      for (int i = 0; i < 5; ++i, ++leaf) add("x" + std::to_string(leaf), sc, true, leaf);
    }
  }
  return tijian::framework(std::move(nodes), "bench");
}

/// Seeded uniform(1, 100) data, as the peers' benchmark (default_rng(1).uniform(1, 100)).
const tijian::panel& data(Eigen::Index rows) {
  static std::map<Eigen::Index, tijian::panel> cache;
  auto it = cache.find(rows);
  if (it != cache.end()) return it->second;
  tijian::panel p;
  p.values.resize(rows, n_indicators);
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> u(1.0, 100.0);
  for (Eigen::Index j = 0; j < n_indicators; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) p.values(i, j) = u(rng);
  p.units.resize(static_cast<std::size_t>(rows));
  for (Eigen::Index i = 0; i < rows; ++i) p.units[static_cast<std::size_t>(i)] = "u" + std::to_string(i);
  p.periods.assign(static_cast<std::size_t>(rows), std::string());
  for (Eigen::Index j = 0; j < n_indicators; ++j) p.indicators.push_back("x" + std::to_string(j));
  return cache.emplace(rows, std::move(p)).first->second;
}

tijian::recipe entropy_recipe() {
  tijian::recipe r;
  r.normalise.method = tijian::normalisation_method::min_max;  // 0-100
  r.weights.method = tijian::weighting_method::entropy;
  r.weights.scope = tijian::weight_scope::all_indicators;
  // entropy is invariant to scaling the min-max values, so it reads the run's normalised matrix
  r.weights.input = tijian::weight_input::normalised;
  return r;
}

void read_pass(benchmark::State& state) {
  const auto& p = data(state.range(0));
  for (auto _ : state) {
    double s = 0;
#ifdef _OPENMP
#pragma omp parallel for reduction(+ : s) schedule(static)
#endif
    for (Eigen::Index j = 0; j < p.values.cols(); ++j) s += p.values.col(j).sum();
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(state.iterations() * p.values.size() * 8);
}

void copy_pass(benchmark::State& state) {
  const auto& p = data(state.range(0));
  for (auto _ : state) {
    Eigen::MatrixXd copy = p.values;  // fresh memory each time, as a copy in numpy
    benchmark::DoNotOptimize(copy.data());
  }
  state.SetBytesProcessed(state.iterations() * p.values.size() * 8);
}

void validate(benchmark::State& state) {
  const auto& p = data(state.range(0));
  for (auto _ : state) p.validate();
}

void min_max(benchmark::State& state) {
  const auto& p = data(state.range(0));
  const tijian::framework fw = tree();
  std::vector<tijian::indicator_context> ctx;
  for (std::size_t k : fw.leaves()) ctx.push_back(tijian::indicator_context::of(fw.node(k)));
  tijian::normalisation how;
  for (auto _ : state) benchmark::DoNotOptimize(tijian::normalise(how, ctx, p.values));
}

void entropy(benchmark::State& state) {
  const auto& p = data(state.range(0));
  Eigen::MatrixXd z = (p.values.array() - 1.0) / 99.0;
  for (auto _ : state) benchmark::DoNotOptimize(tijian::entropy_weights(z));
}

void aggregate_tree(benchmark::State& state) {
  const auto& p = data(state.range(0));
  const tijian::framework fw = tree();
  tijian::recipe r;
  r.normalise.method = tijian::normalisation_method::none;
  for (auto _ : state) {
    // score() with no normalisation and given weights: the aggregation (and ranking) path
    benchmark::DoNotOptimize(tijian::score(fw, p, r).scores.data());
  }
}

void ranks(benchmark::State& state) {
  const auto& p = data(state.range(0));
  const Eigen::VectorXd v = p.values.col(0);
  for (auto _ : state) benchmark::DoNotOptimize(tijian::rank(v));
}

void score_full(benchmark::State& state) {
  const auto& p = data(state.range(0));
  const tijian::framework fw = tree();
  const tijian::recipe r = entropy_recipe();
  for (auto _ : state) benchmark::DoNotOptimize(tijian::score(fw, p, r).scores.data());
}

/// Keeps the time of every run (the median of repetitions) so that main() can print ratios.
class collecting_reporter : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, double> seconds;
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs)
      if (run.run_type == Run::RT_Iteration)
        seconds[run.benchmark_name()] = run.GetAdjustedRealTime() * 1e-3;  // ms -> s
      else if (run.aggregate_name == "median")  // --benchmark_repetitions: the median run
        seconds[run.run_name.str()] = run.GetAdjustedRealTime() * 1e-3;
    ConsoleReporter::ReportRuns(runs);
  }
};

}  // namespace

BENCHMARK(read_pass)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(copy_pass)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(validate)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(min_max)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(entropy)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(aggregate_tree)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ranks)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(score_full)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  collecting_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  int threads = 1;
#ifdef _OPENMP
  threads = omp_get_max_threads();
#endif
  std::printf(
      "\nSummary (%d threads): whole scoring run (min-max 0-100, entropy weights over all "
      "60 indicators, arithmetic means over a 3-level tree, ranks, diagnostics, "
      "provenance) vs one plain read and one copy of the same matrix\n",
      threads);
  std::printf("%-12s %10s %10s %11s %11s %11s %14s\n", "rows x 60", "read (ms)", "copy (ms)", "score (ms)",
              "score/read", "score/copy", "numpy e+TOPSIS");
  const char* numpy[] = {"41 ms", "1550 ms"};
  int k = 0;
  for (const char* rows : {"10000", "1000000"}) {
    const double read = reporter.seconds["read_pass/" + std::string(rows) + "/real_time"];
    const double copy = reporter.seconds["copy_pass/" + std::string(rows) + "/real_time"];
    const double full = reporter.seconds["score_full/" + std::string(rows) + "/real_time"];
    if (read > 0 && copy > 0 && full > 0)
      std::printf("%-12s %10.2f %10.2f %11.2f %11.2f %11.2f %14s\n", rows, read * 1e3, copy * 1e3, full * 1e3,
                  full / read, full / copy, numpy[k]);
    ++k;
  }
  benchmark::Shutdown();
  return 0;
}
