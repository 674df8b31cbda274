#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tj.score against the fastest hand-written numpy we know, the repository's own numpy and pymcdm,
in one run.

The same computation everywhere: entropy weights, min-max normalisation (direction-aware, to
[0, 1]), the weighted arithmetic composite and ranks, on seeded data
``default_rng(1).uniform(1, 100, (n, m))`` with criteria types ``[1, 1, -1, 1, -1, 1, 1, -1]``
repeated (as ../shared/reference/mcdm-peers.md), at 300 x 50, 10,000 x 60 and 1,000,000 x 60.

* tijian: ``tj.score(frame, framework, recipe)`` on a DataFrame indexed by unit, then
  ``.scores`` and ``.ranks`` (the DataFrames a notebook uses). Recipe: min-max to [0, 1],
  entropy weights over all indicators read from the normalised matrix, arithmetic mean, min ties.
* blocked numpy: ``run_numpy_fast`` of ``../shared/bench/score_vs_numpy.py`` (cache-blocked
  passes, one gemv, argsort min ranks), read from that file when it is present (it is not part
  of the repository; without it the column is skipped and the run says so).
* repo numpy: the pipeline written by hand with vectorised numpy (``run_numpy`` below).
* pymcdm 1.4: ``weights.entropy_weights(X)``, ``WSM(minmax_normalization)(X, w, types)``,
  ``WSM.rank(pref)``. pymcdm's entropy reads the raw matrix (sum normalisation), the others the
  min-max matrix: the same amount of work, another convention (tests/python/test_pymcdm.py).

Every round runs each contender once, in rotating order, and the ratios are taken within the
round (the machine may be shared: its speed drifts between rounds, not within one); the report
gives the median and the range of the per-round ratios. pymcdm runs in fewer rounds at
1,000,000 x 60 (about 20 s a run). At 300 x 50 the run also splits tj.score into the C++ call
(``_core.score`` on a panel built beforehand: validation and scoring) and the rest, the Python
layer's fixed cost (building the panel, the Result and its two DataFrames).

Run: ``python benchmarks/python/bench_vs_peers.py`` (``make bench-python`` runs it); ``--quick``
skips the largest size, ``--rounds N`` sets the rounds.
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
from tijian import _core
from tijian._data import build_panel

TYPES8 = np.array([1, 1, -1, 1, -1, 1, 1, -1])


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


def load_blocked_numpy():
    """run_numpy_fast of ../shared/bench/score_vs_numpy.py, or None when the file is absent."""
    import importlib.util
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.normpath(os.path.join(here, "..", "..", "..", "shared", "bench", "score_vs_numpy.py"))
    if not os.path.exists(path):
        return None, path
    spec = importlib.util.spec_from_file_location("score_vs_numpy", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.run_numpy_fast, path


def once(fn) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def spread(xs: list[float], unit=fmt) -> str:
    return f"{unit(statistics.median(xs))} [{unit(min(xs))}-{unit(max(xs))}]"


def ratio(xs: list[float]) -> str:
    return f"{statistics.median(xs):.2f}x [{min(xs):.2f}-{max(xs):.2f}]"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[2])
    parser.add_argument("--quick", action="store_true", help="skip 1,000,000 x 60")
    parser.add_argument("--no-pymcdm", action="store_true", help="skip pymcdm")
    parser.add_argument("--rounds", type=int, default=0, help="rounds per size (default 31, 11, 5)")
    args = parser.parse_args()
    try:
        import pymcdm
    except ImportError:
        pymcdm = None
    if args.no_pymcdm:
        pymcdm = None
    blocked, blocked_path = load_blocked_numpy()

    sizes = [(300, 50, 31), (10_000, 60, 11), (1_000_000, 60, 5)]
    if args.quick:
        sizes = sizes[:2]
    print(f"tijian {tj.__version__}, numpy {np.__version__}, pandas {pd.__version__}, "
          f"pymcdm {_version('pymcdm') if pymcdm else 'skipped'}; Python {platform.python_version()}; "
          f"{os.cpu_count()} CPUs ({platform.machine()}); OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}, "
          f"load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    print(f"blocked numpy: {blocked_path}" if blocked else
          f"blocked numpy: {blocked_path} not found; its column is skipped")
    print("entropy weights + min-max + weighted arithmetic composite + ranks; wall time per run, "
          "median [min-max] over rounds; ratios = contender / tj.score within each round (> 1: tj.score faster)\n")
    verdicts = []
    for n, m, rounds in sizes:
        rounds = args.rounds or rounds
        X, types = data(n, m)
        fw = framework(types)
        frame = pd.DataFrame(X, columns=fw.indicators, index=pd.RangeIndex(n, name="unit"))
        contenders = {"tj.score": lambda: run_tijian(frame, fw), "repo numpy": lambda: run_numpy(X, types)}
        if blocked:
            contenders["blocked numpy"] = lambda: blocked(X, types)
        if pymcdm is not None:
            contenders["pymcdm"] = lambda: run_pymcdm(X, types)
        s_tj, r_tj = run_tijian(frame, fw)
        agree = []
        for name in ("repo numpy", "blocked numpy", "pymcdm"):
            if name in contenders and name != "pymcdm":
                s, r = contenders[name]()
                agree.append(f"{name}: |score diff| {np.max(np.abs(s_tj - s)):.1e}, ranks "
                             f"{'equal' if np.array_equal(r_tj, r) else 'DIFFER'}")
        for fn in contenders.values():  # warm-up
            fn()
        pm_rounds = rounds if n < 1_000_000 else min(rounds, 2)
        times: dict[str, list[float]] = {k: [] for k in contenders}
        ratios: dict[str, list[float]] = {k: [] for k in contenders if k != "tj.score"}
        core_times: list[float] = []
        names = list(contenders)
        for r in range(rounds):
            order = names[r % len(names):] + names[:r % len(names)]
            t = {k: once(contenders[k]) for k in order if k != "pymcdm" or r < pm_rounds}
            for k, v in t.items():
                times[k].append(v)
                if k != "tj.score":
                    ratios[k].append(v / t["tj.score"])
            if n <= 300:  # the Python layer's fixed cost: the whole call minus the C++ call
                built = build_panel(frame, fw, RECIPE)
                core_times.append(once(lambda: _core.score(fw._fw, built.panel, RECIPE._r, consume=True)))
        label = f"{n:,} x {m}"
        print(f"== {label} ({rounds} rounds) " + "; ".join(agree))
        for k, v in times.items():
            print(f"  {k:>14}: {spread(v):>34}" + (f"   {k}/tj.score {ratio(ratios[k])}" if k in ratios else ""))
        if core_times:
            cost = statistics.median(times["tj.score"]) - statistics.median(core_times)
            print(f"  {'C++ call':>14}: {spread(core_times):>34}   Python fixed cost (median of tj.score - median "
                  f"of the C++ call) {fmt(cost)} (goal < 300 µs)")
        for k, v in ratios.items():
            verdicts.append((label, k, statistics.median(v)))
        del frame, X
        gc.collect()
    goals = {"blocked numpy": (3.0, 2.0), "pymcdm": (20.0, 20.0)}
    print("\nGoals: tj.score >= 3x faster than the blocked numpy at 10,000 and 1,000,000 rows and >= 2x at "
          "300 x 50 (issue 20); >= 20x faster than pymcdm (issue 3)")
    for label, peer, r in verdicts:
        if peer not in goals:
            continue
        goal = goals[peer][1] if label.startswith("300 ") else goals[peer][0]
        print(f"  {label:>14} vs {peer:<14} {r:6.2f}x  (goal {goal:.0f}x): {'met' if r >= goal else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
