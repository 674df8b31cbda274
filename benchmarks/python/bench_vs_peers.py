#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tj.score against hand-written vectorised numpy and against pymcdm, in one run.

The same computation everywhere: entropy weights, min-max normalisation (direction-aware, to
[0, 1]), the weighted arithmetic composite and ranks, on seeded data
``default_rng(1).uniform(1, 100, (n, m))`` with criteria types ``[1, 1, -1, 1, -1, 1, 1, -1]``
repeated (as ../shared/reference/mcdm-peers.md), at 300 x 50, 10,000 x 60 and 1,000,000 x 60.

* tijian: ``tj.score(frame, framework, recipe)`` on a DataFrame indexed by unit, then
  ``.scores`` and ``.ranks`` (the DataFrames a notebook uses); also on a plain ndarray.
  Recipe: min-max to [0, 1], entropy weights over all indicators read from the normalised
  matrix, arithmetic mean, min ties.
* numpy: the pipeline written by hand with vectorised numpy (below), on the ndarray.
* pymcdm 1.4: ``weights.entropy_weights(X)``, ``WSM(minmax_normalization)(X, w, types)``,
  ``WSM.rank(pref)`` with its default input validation. pymcdm's entropy reads the raw
  matrix (sum normalisation), tijian's and numpy's the min-max matrix: the same amount of
  work, a different convention (see tests/python/test_pymcdm.py).

Wall clock (time.perf_counter), median of several runs after a warm-up; pymcdm runs once at
1,000,000 x 60 (about 20 s). Run: ``python benchmarks/python/bench_vs_peers.py`` (``make
bench`` runs it too); ``--quick`` skips the largest size.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
from importlib.metadata import version as _version

import numpy as np
import pandas as pd

import tijian as tj

TYPES8 = np.array([1, 1, -1, 1, -1, 1, 1, -1])
GOALS = {"numpy": 5.0, "pymcdm": 20.0}  # required speed-up of tj.score at 10,000 and 1,000,000 rows


def data(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    X = np.random.default_rng(1).uniform(1, 100, (n, m))
    types = np.resize(TYPES8, m)
    return X, types


def framework(types: np.ndarray) -> tj.Framework:
    return tj.Framework.from_dict({"code": "IDX", "children": [
        {"code": f"x{j}", "direction": "higher" if t > 0 else "lower"} for j, t in enumerate(types)]})


RECIPE = tj.Recipe(normalise={"method": "min_max", "lower": 0.0, "upper": 1.0},
                   weights={"method": "entropy", "scope": "all_indicators", "input": "normalised"},
                   aggregate="arithmetic", ranks="min")


def run_tijian(frame: pd.DataFrame | np.ndarray, fw: tj.Framework) -> tuple[np.ndarray, np.ndarray]:
    res = tj.score(frame, fw, RECIPE)
    return res.scores.to_numpy()[:, 0], res.ranks.to_numpy()[:, 0]


def run_numpy(X: np.ndarray, types: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pipeline as a careful numpy user writes it (no Python loops over cells)."""
    lo = X.min(axis=0)
    span = X.max(axis=0) - lo
    Z = (X - lo) / span
    np.subtract(1.0, Z, out=Z, where=types < 0)  # cost criteria: (max - x) / (max - min)
    S = Z.sum(axis=0)
    logZ = np.log(Z, out=np.zeros_like(Z), where=Z > 0)  # 0 ln 0 = 0
    H = np.einsum("ij,ij->j", Z, logZ) / S - np.log(S)  # sum p ln p with p = z / S
    e = -H / np.log(X.shape[0])
    d = 1.0 - e
    w = d / d.sum()
    score = Z @ w
    order = np.argsort(-score, kind="stable")
    ranks = np.empty(len(score))
    ranks[order] = np.arange(1, len(score) + 1)
    return score, ranks


def run_pymcdm(X: np.ndarray, types: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from pymcdm import normalizations, weights
    from pymcdm.methods import WSM

    w = weights.entropy_weights(X)
    wsm = WSM(normalizations.minmax_normalization)
    pref = wsm(X, w, types)
    return pref, wsm.rank(pref)


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip 1,000,000 x 60")
    parser.add_argument("--no-pymcdm", action="store_true", help="skip pymcdm")
    args = parser.parse_args()
    try:
        import pymcdm
    except ImportError:
        pymcdm = None
    if args.no_pymcdm:
        pymcdm = None

    sizes = [(300, 50, 30, 15), (10_000, 60, 15, 3), (1_000_000, 60, 3, 1)]
    if args.quick:
        sizes = sizes[:2]
    print(f"tijian {tj.__version__}, numpy {np.__version__}, pandas {pd.__version__}, "
          f"pymcdm {_version('pymcdm') if pymcdm else 'skipped'}; Python {platform.python_version()}; "
          f"{os.cpu_count()} CPUs ({platform.machine()}); OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}, OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY')}")
    print("entropy weights + min-max + weighted arithmetic composite + ranks; median wall time\n")
    header = f"{'size':>14} {'tj.score(df)':>13} {'tj.score(nd)':>13} {'numpy':>11} {'pymcdm':>11} {'numpy/tj':>9} {'pymcdm/tj':>10}  agreement"
    print(header)
    print("-" * len(header))
    verdicts = []
    for n, m, repeat, repeat_peer in sizes:
        X, types = data(n, m)
        fw = framework(types)
        frame = pd.DataFrame(X, columns=fw.indicators, index=pd.RangeIndex(n, name="unit"))
        small_X, small_types = data(50, m)
        small = pd.DataFrame(small_X, columns=fw.indicators)
        run_tijian(small, fw)  # warm-up (imports, first calls)
        run_numpy(small_X, small_types)
        t_df = timed(lambda: run_tijian(frame, fw), repeat)
        t_nd = timed(lambda: run_tijian(X, fw), repeat)
        t_np = timed(lambda: run_numpy(X, types), repeat)
        s_tj, r_tj = run_tijian(frame, fw)
        s_np, r_np = run_numpy(X, types)
        agree = f"|score diff| {np.max(np.abs(s_tj - s_np)):.1e}, ranks {'equal' if np.array_equal(r_tj, r_np) else 'DIFFER'}"
        t_pm = float("nan")
        if pymcdm is not None:
            run_pymcdm(small_X, small_types)
            t_pm = timed(lambda: run_pymcdm(X, types), repeat_peer)
        label = f"{n:,} x {m}"
        pm_ratio = t_pm / t_df if t_pm == t_pm else float("nan")
        print(f"{label:>14} {fmt(t_df):>13} {fmt(t_nd):>13} {fmt(t_np):>11} "
              f"{(fmt(t_pm) + (' (n=1)' if repeat_peer == 1 else '')) if t_pm == t_pm else 'skipped':>11} "
              f"{t_np / t_df:>8.1f}x {pm_ratio:>9.1f}x  {agree}")
        if n >= 10_000:
            verdicts.append((label, "numpy", t_np / t_df))
            if t_pm == t_pm:
                verdicts.append((label, "pymcdm", pm_ratio))
        del frame, X
        gc.collect()
    print("\nGoals (issue 3): tj.score at least 5x faster than hand-written numpy and 20x faster than pymcdm "
          "at 10,000 x 60 and 1,000,000 x 60")
    for label, peer, ratio in verdicts:
        goal = GOALS[peer]
        print(f"  {label:>14} vs {peer:<7} {ratio:6.1f}x  (goal {goal:.0f}x): {'met' if ratio >= goal else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
