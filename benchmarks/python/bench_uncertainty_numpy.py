#!/usr/bin/env python3
"""1,000 Dirichlet weight vectors over a 300 x 50 matrix: arithmetic aggregation and ranks.

Hand-written batched numpy (min-max once, scores as one matrix product, argsort ranks) beside
tijian's C++ uncertainty engine (benchmarks/bench_uncertainty, run as a subprocess on the same
problem), in one run; prints both times and the ratio. Usage:
    python3 benchmarks/python/bench_uncertainty_numpy.py build-bench/benchmarks/bench_uncertainty
"""
import os
import subprocess
import sys
import time

import numpy as np


def numpy_batched(x, w):
    z = (x - x.min(axis=0)) / (x.max(axis=0) - x.min(axis=0)) * 100.0
    scores = z @ w  # 300 x 1000
    order = np.argsort(-scores, axis=0, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, x.shape[0] + 1)[:, None], axis=0)
    return scores, ranks


def main():
    rng = np.random.default_rng(1)
    x = rng.uniform(1, 100, (300, 50))
    w = np.random.default_rng(7).dirichlet(np.ones(50), size=1000).T
    numpy_batched(x, w)  # warm-up
    times = []
    for _ in range(7):
        t = time.perf_counter()
        w = np.random.default_rng(7).dirichlet(np.ones(50), size=1000).T  # drawn inside, as tijian
        numpy_batched(x, w)
        times.append(time.perf_counter() - t)
    t_np = sorted(times)[len(times) // 2]
    t_tj = t_ua = None
    if len(sys.argv) > 1:
        # idle OpenMP threads wait passively, as the Python package makes them (tijian/__init__.py)
        env = {**os.environ, "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "passive")}
        out = subprocess.run([sys.argv[1], "--benchmark_filter=300x50"], capture_output=True, text=True, check=True,
                             env=env).stdout
        for line in out.splitlines():
            if line.startswith("TIMING batch_300x50_seconds"):
                t_tj = float(line.split()[-1])
            if line.startswith("TIMING dirichlet_300x50_seconds"):
                t_ua = float(line.split()[-1])
    print(f"1,000 Dirichlet weight vectors, 300 x 50, arithmetic + ranks")
    print(f"  numpy batched (median of 7): {t_np * 1e3:8.2f} ms")
    if t_tj is not None:
        print(f"  tijian batch_arithmetic:     {t_tj * 1e3:8.2f} ms   ratio numpy / tijian = {t_np / t_tj:.1f}x"
              "  (same work: min-max, Dirichlet draws, product, ranks)")
    if t_ua is not None:
        print(f"  tijian uncertainty():        {t_ua * 1e3:8.2f} ms   ratio numpy / tijian = {t_np / t_ua:.1f}x"
              "  (also the nominal run, stored weights, per-unit score and rank statistics)")


if __name__ == "__main__":
    main()
