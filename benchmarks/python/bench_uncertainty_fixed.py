#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The fixed cost of tj.uncertainty on COINr's ASEM example (issue 20: under 2 ms).

The analysis of COINr's vignette (tests/python/test_uncertainty.py): ASEM's imputed data (51
countries x 49 indicators, ../shared/data/asem), winsorisation limits 1-5 as data variants,
min-max 1-100 or z-score (10, 2), arithmetic or geometric means, +-25 % weight noise on levels 2
and 3; and the same with weight noise only. For each, tj.uncertainty with 1 run and with 401
runs, in alternating rounds: fixed cost = t(1) - (t(401) - t(1)) / 400 (everything but the runs:
the Python inputs, the panel, the nominal run, the scored variants, the result's tables), also
as a ratio to one tj.score of the same data and recipe measured in the same rounds.

Run: ``python benchmarks/python/bench_uncertainty_fixed.py [--rounds N]`` (``make bench`` runs it).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time

import pandas as pd

import tijian as tj

HERE = os.path.dirname(os.path.abspath(__file__))
ASEM = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data", "asem"))


def timed(fn) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=21)
    args = ap.parse_args()
    if not os.path.isdir(ASEM):
        print(f"bench_uncertainty_fixed: {ASEM} not found; skipped")
        return 0
    data = pd.read_csv(os.path.join(ASEM, "ASEM_COIN_Imputed_COINr6.csv"))
    fw = tj.Framework.from_table(pd.read_csv(os.path.join(ASEM, "ASEM_iMeta.csv")))
    nominal = tj.Recipe(prepare={"treat": {"method": "coinr_winsorise", "winmax": 5}})
    specs = {
        "COINr vignette (5 data variants x 2 normalisations x 2 aggregations, noise)": dict(
            winmax=range(1, 6), noise={2: 0.25, 3: 0.25},
            normalisations=[{"method": "min_max", "lower": 1, "upper": 100},
                            {"method": "z_score", "mean": 10, "sd": 2}],
            aggregations=["arithmetic", "geometric"]),
        "weight noise only": dict(noise={2: 0.25, 3: 0.25}),
    }
    long_runs = 401
    print(f"tijian {tj.__version__}: tj.uncertainty on ASEM ({data.shape[0]} rows), {args.rounds} rounds; "
          "fixed = t(1 run) - per-run cost x 1")
    for name, spec in specs.items():
        t1, tn, ts = [], [], []
        calls = {
            "one": lambda: tj.uncertainty(data, fw, nominal, runs=1, **spec),
            "many": lambda: tj.uncertainty(data, fw, nominal, runs=long_runs, **spec),
            "score": lambda: tj.score(data, fw, nominal),
        }
        for f in calls.values():  # warm-up
            f()
        for r in range(args.rounds):
            order = list(calls)[r % 3:] + list(calls)[:r % 3]
            got = {k: timed(calls[k]) for k in order}
            t1.append(got["one"])
            tn.append(got["many"])
            ts.append(got["score"])
        one, many, score = statistics.median(t1), statistics.median(tn), statistics.median(ts)
        per_run = (many - one) / (long_runs - 1)
        fixed = one - per_run
        print(f"\n{name}")
        print(f"  runs=1 {one * 1e3:8.3f} ms [{min(t1) * 1e3:.3f}-{max(t1) * 1e3:.3f}]   runs={long_runs} "
              f"{many * 1e3:8.3f} ms   per run {per_run * 1e6:7.2f} us")
        print(f"  fixed cost {fixed * 1e3:.3f} ms (goal 2 ms: {'met' if fixed < 2e-3 else 'NOT met'}); "
              f"one tj.score {score * 1e3:.3f} ms; fixed / score {fixed / score:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
