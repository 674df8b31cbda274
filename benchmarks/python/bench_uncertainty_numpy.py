#!/usr/bin/env python3
"""1,000 Dirichlet weight vectors over a 300 x 50 matrix: arithmetic aggregation and ranks.

Hand-written batched numpy (min-max once, scores as one matrix product, argsort ranks) beside
tijian's C++ uncertainty engine (benchmarks/bench_uncertainty, run as a subprocess on the same
problem), in one run; prints both times and the ratio. Two numpy versions:
  - stable: ranks 1..n in the order of a stable argsort (ties by unit order), the benchmark's
    reference since the issue was filed;
  - min ranks: numpy's default argsort (AVX-512 quicksort in numpy 2) and tied scores given
    their group's best rank, the same output as tijian's (tie_rule::min); the faster of the
    two on this kind of machine, so the stricter comparison.
Usage:
    python3 benchmarks/python/bench_uncertainty_numpy.py build-bench/benchmarks/bench_uncertainty

The two sides alternate in rounds (numpy, then tijian, a second or so apart), and each round
gives one ratio: a shared machine's speed drifts by tens of percent over seconds, which moves
a ratio of two measurements taken minutes apart, but hardly one taken within a round. The
summary is the median of the rounds' ratios, with the lowest and highest.
"""
import os
import statistics
import subprocess
import sys
import time

import numpy as np

ROUNDS = 7


def numpy_scores(x, w):
    """Min-max 0-100 once, then the scores of every weight vector as one product."""
    z = (x - x.min(axis=0)) / (x.max(axis=0) - x.min(axis=0)) * 100.0
    return z @ w  # 300 x 1000


def numpy_batched(x, w):
    scores = numpy_scores(x, w)
    order = np.argsort(-scores, axis=0, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, x.shape[0] + 1)[:, None], axis=0)
    return scores, ranks


def numpy_min_ranks(x, w):
    scores = numpy_scores(x, w)
    n = x.shape[0]
    order = np.argsort(-scores, axis=0)
    ordered = np.take_along_axis(scores, order, axis=0)
    first = np.empty(ordered.shape, dtype=bool)  # where a group of equal scores starts
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    best = np.where(first, np.arange(1, n + 1)[:, None], 0)
    np.maximum.accumulate(best, axis=0, out=best)  # each group's first position
    ranks = np.empty_like(best)
    np.put_along_axis(ranks, order, best, axis=0)
    return scores, ranks


def time_numpy(x, version):
    """Median of 7 timings, each drawing its weights as tijian does."""
    times = []
    for _ in range(7):
        t = time.perf_counter()
        w = np.random.default_rng(7).dirichlet(np.ones(50), size=1000).T
        version(x, w)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def time_tijian(binary):
    """tijian's medians (of 7 repetitions) for the kernel and for the whole uncertainty()."""
    # idle OpenMP threads wait passively, as the Python package makes them (tijian/__init__.py)
    env = {**os.environ, "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "passive")}
    out = subprocess.run([binary, "--benchmark_filter=^(batch|dirichlet)_300x50/", "--benchmark_min_time=0.05"],
                         capture_output=True, text=True, check=True, env=env).stdout
    found = {}
    for line in out.splitlines():
        if line.startswith("TIMING "):
            _, name, seconds = line.split()
            found[name] = float(seconds)
    if not found.get("batch_300x50_seconds") or not found.get("dirichlet_300x50_seconds"):
        sys.exit(f"{binary} did not report both 300 x 50 timings:\n{out}")
    return found["batch_300x50_seconds"], found["dirichlet_300x50_seconds"]


def check_min_ranks():
    """numpy_min_ranks gives min ranks (1 = highest), ties included, by their definition."""
    rng = np.random.default_rng(3)
    x = np.round(rng.uniform(0, 4, (40, 3)))  # few distinct values: many ties
    w = rng.dirichlet(np.ones(3), size=5).T
    scores, ranks = numpy_min_ranks(x, w)
    want = 1 + (scores[None, :, :] > scores[:, None, :]).sum(axis=1)
    assert (ranks == want).all(), "numpy_min_ranks is not the min rank"


def main():
    check_min_ranks()
    rng = np.random.default_rng(1)
    x = rng.uniform(1, 100, (300, 50))
    w = np.random.default_rng(7).dirichlet(np.ones(50), size=1000).T
    numpy_batched(x, w)  # warm-up
    numpy_min_ranks(x, w)
    print("1,000 Dirichlet weight vectors, 300 x 50, arithmetic + ranks")
    if len(sys.argv) < 2:
        print(f"  numpy batched, stable (median of 7):    {time_numpy(x, numpy_batched) * 1e3:8.2f} ms")
        print(f"  numpy batched, min ranks (median of 7): {time_numpy(x, numpy_min_ranks) * 1e3:8.2f} ms")
        return
    print("  round  numpy stable  numpy min ranks  tijian kernel  ratios (stable, min ranks)"
          "  tijian uncertainty()  ratio (min ranks)")
    stable, strict, whole = [], [], []
    for r in range(ROUNDS):
        t_st = time_numpy(x, numpy_batched)
        t_mr = time_numpy(x, numpy_min_ranks)
        t_tj, t_ua = time_tijian(sys.argv[1])
        stable.append(t_st / t_tj)
        strict.append(t_mr / t_tj)
        whole.append(t_mr / t_ua)
        print(f"  {r + 1:5d} {t_st * 1e3:10.2f} ms {t_mr * 1e3:13.2f} ms {t_tj * 1e3:10.3f} ms"
              f" {t_st / t_tj:9.1f}x {t_mr / t_tj:6.1f}x {t_ua * 1e3:17.2f} ms {t_mr / t_ua:10.1f}x")

    def line(what, ratios):
        print(f"  {what}: median {statistics.median(ratios):.1f}x over {ROUNDS} rounds"
              f" (lowest {min(ratios):.1f}x, highest {max(ratios):.1f}x)")

    print("  tijian batch_arithmetic does the same work: min-max, Dirichlet draws, product, ranks")
    line("numpy stable / tijian batch_arithmetic", stable)
    line("numpy min ranks / tijian batch_arithmetic", strict)
    line("numpy min ranks / tijian uncertainty() (also the nominal run, stored weights, per-unit statistics)",
         whole)


if __name__ == "__main__":
    main()
