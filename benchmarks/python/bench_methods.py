#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The ranking methods that compare units (TOPSIS, VIKOR, EDAS, PROMETHEE II, WASPAS, COPRAS,
MOORA) against pymcdm, and the rank-sum ratio and fuzzy comprehensive evaluation against a
straightforward numpy implementation (pymcdm has neither), in one run, as ratios.

Same computation on both sides (tests/python/test_methods.py checks the numbers agree to
1e-12): seeded data ``default_rng(1).uniform(1, 100, (n, m))``, criteria types
``[1, 1, -1, 1, -1, 1, 1, -1]`` repeated, equal weights, scores and ranks.

* tijian: ``tj.score(X, framework, recipe)`` on the ndarray, then ``.scores`` and ``.ranks``
  (DataFrames). Recipes: TOPSIS after vector normalisation; VIKOR (v = 0.5), EDAS and
  PROMETHEE II, WASPAS (lambda = 0.5 and 0.3), COPRAS and MOORA on the raw values
  (normalise = "none", lower-is-better oriented as -x).
* pymcdm: ``TOPSIS(vector_normalization)``, ``VIKOR()``, ``EDAS()``,
  ``PROMETHEE_II("usual")`` / ``("vshape_2", q, p)``, ``WASPAS(l=...)``, ``COPRAS()``,
  ``MOORA()`` called on (X, w, types), then
  ``method.rank(pref)``.

Wall clock (time.perf_counter): for each size, the two sides alternate run by run (so both see
the same machine load), the median of the repeats. PROMETHEE II is pairwise, O(n^2 m) on both
sides, and pymcdm builds n x n tables per criterion (800 MB each at n = 10,000), so it runs at
300 x 50 and 2,000 x 60 only. Run: ``python benchmarks/python/bench_methods.py`` (``make bench``
runs it too); ``--repeats`` sets the number of alternations.

RSR and fuzzy evaluation (tests/python/test_methods_rsr_fuzzy.py checks both sides' formulas):
the tijian side is ``tj.score`` plus the method's table (``Result.rsr`` with the probit,
regression and grades; ``Result.fuzzy`` with the memberships), the peer ``NumpyRSR`` (scipy's
rankdata by column, WRSR = R w / n, the distribution with np.unique, norm.ppf, np.polyfit,
grades) and ``NumpyFuzzy`` (memberships by np.interp of each grade's unit vector over the
breakpoints, B = W o R by einsum, normalised, the grade-value score), each followed by ranks. pymcdm's COPRAS ends with a
different Q (S+ + S-, tests/python/test_methods_ratio_grey.py) at the same cost; the grey
methods have no pymcdm peer and are not timed here.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from importlib.metadata import version as _version

import numpy as np

import tijian as tj

TYPES8 = np.array([1, 1, -1, 1, -1, 1, 1, -1])
GOAL = 20.0  # required speed-up over pymcdm


def data(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    return np.random.default_rng(1).uniform(1, 100, (n, m)), np.resize(TYPES8, m)


def framework(types: np.ndarray) -> tj.Framework:
    return tj.Framework.from_dict({"code": "IDX", "children": [
        {"code": f"x{j}", "direction": "higher" if t > 0 else "lower"} for j, t in enumerate(types)]})


class NumpyRSR:
    """Integer-rank WRSR, its distribution, regression and 3 grades in numpy/scipy."""

    def __call__(self, X: np.ndarray, w: np.ndarray, types: np.ndarray) -> np.ndarray:
        from scipy.stats import norm, rankdata

        n = X.shape[0]
        R = rankdata(X * types, axis=0)  # average ranks of the oriented values
        wrsr = R @ (w / w.sum()) / n
        values, inverse, counts = np.unique(wrsr, return_inverse=True, return_counts=True)
        cum = np.cumsum(counts)
        p = (cum - counts + 1 + cum) / 2 / n
        p[-1] = 1 - 1 / (4 * n)
        probit = norm.ppf(p) + 5
        b, a = np.polyfit(probit, values, 1)
        fitted = a + b * probit[inverse]
        self.grade = 3 - np.searchsorted(a + b * np.array([4.0, 6.0]), fitted, side="right")
        return wrsr

    @staticmethod
    def rank(pref: np.ndarray) -> np.ndarray:
        from scipy.stats import rankdata

        return rankdata(-pref, method="min")


class NumpyFuzzy:
    """Fuzzy comprehensive evaluation with M(·,+) in numpy: memberships by interpolation."""

    def __init__(self, standards: np.ndarray, values: np.ndarray) -> None:
        self.standards, self.values = standards, values  # m x G breakpoints, G grade values

    def __call__(self, X: np.ndarray, w: np.ndarray, types: np.ndarray) -> np.ndarray:
        n, m = X.shape
        G = self.standards.shape[1]
        eye = np.eye(G)
        R = np.empty((n, m, G))
        for j in range(m):
            s = self.standards[j]
            x, s_up, e = (X[:, j], s, eye) if s[-1] > s[0] else (-X[:, j], -s, eye)
            for g in range(G):
                R[:, j, g] = np.interp(x, s_up, e[g])
        B = np.einsum("j,njg->ng", w / w.sum(), R)
        B /= B.sum(axis=1, keepdims=True)
        return B @ self.values

    rank = staticmethod(NumpyRSR.rank)


def fuzzy_standards(types: np.ndarray) -> np.ndarray:
    """Breakpoints of 5 grades per indicator on the data's 1-100 range, best grade first."""
    up = np.linspace(10.0, 90.0, 5)
    return np.array([up[::-1] if t > 0 else up for t in types])


def fuzzy_recipe(types: np.ndarray) -> tj.Recipe:
    s = fuzzy_standards(types)
    return tj.Recipe(normalise="none", aggregate="fuzzy", fuzzy={
        "grades": list("ABCDE"), "values": [5.0, 4.0, 3.0, 2.0, 1.0],
        "standards": {f"x{j}": [float(v) for v in s[j]] for j in range(len(types))}})


def methods():
    from pymcdm import normalizations
    from pymcdm.methods import COPRAS, EDAS, MOORA, PROMETHEE_II, TOPSIS, VIKOR, WASPAS

    def promethee_v2(m: int):
        return PROMETHEE_II("vshape_2", q=[5.0] * m, p=[30.0] * m)

    # name, tijian recipe, pymcdm factory (of the number of criteria), sizes
    big = [(300, 50), (10_000, 60)]
    pairwise = [(300, 50), (2_000, 60)]
    return [
        ("TOPSIS", tj.Recipe(normalise="vector", aggregate="topsis"),
         lambda m: TOPSIS(normalizations.vector_normalization), big),
        ("VIKOR", tj.Recipe(normalise="none", aggregate="vikor"), lambda m: VIKOR(), big),
        ("EDAS", tj.Recipe(normalise="none", aggregate="edas"), lambda m: EDAS(), big),
        ("PROMETHEE II usual", tj.Recipe(normalise="none", aggregate="promethee_ii"),
         lambda m: PROMETHEE_II("usual"), pairwise),
        ("PROMETHEE II V-shape with indifference",
         tj.Recipe(normalise="none", aggregate={"method": "promethee_ii", "preference": "linear", "q": 5.0, "p": 30.0}),
         promethee_v2, pairwise),
        ("WASPAS", tj.Recipe(normalise="none", aggregate="waspas"), lambda m: WASPAS(), big),
        ("WASPAS lambda = 0.3", tj.Recipe(normalise="none", aggregate={"method": "waspas", "lambda": 0.3}),
         lambda m: WASPAS(l=0.3), big),
        ("COPRAS", tj.Recipe(normalise="none", aggregate="copras"), lambda m: COPRAS(), big),
        ("MOORA ratio system", tj.Recipe(normalise="none", aggregate="moora"), lambda m: MOORA(), big),
        ("RSR + probit, regression, grades (numpy)", tj.Recipe(normalise="none", aggregate="rsr"),
         lambda m: NumpyRSR(), big),
        ("fuzzy M(·,+) + memberships (numpy)", fuzzy_recipe,
         lambda m: NumpyFuzzy(fuzzy_standards(np.resize(TYPES8, m)), np.array([5.0, 4.0, 3.0, 2.0, 1.0])), big),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    print(f"tijian {tj.__version__}, pymcdm {_version('pymcdm')}, numpy {np.__version__}, "
          f"Python {platform.python_version()}, {os.cpu_count()} CPUs (shared machine: other jobs may run)")
    print(f"{'method':40s} {'size':>11s} {'tijian ms':>10s} {'peer ms':>10s} {'ratio':>8s}  goal {GOAL:.0f}x")
    for name, recipe, peer_of, sizes in methods():
        for n, m in sizes:
            X, types = data(n, m)
            fw = framework(types)
            w = np.full(m, 1.0 / m)
            rec = recipe(types) if callable(recipe) else recipe
            table = {"rsr": "rsr", "fuzzy": "fuzzy"}.get(rec.to_dict()["aggregate"]["method"])

            def run_tijian() -> None:
                res = tj.score(X, fw, rec)
                res.scores.to_numpy()
                res.ranks.to_numpy()
                if table:  # the method's table too, as the numpy side computes it
                    getattr(res, table)("IDX")

            def run_peer() -> None:
                method = peer_of(m)  # a fresh object: pymcdm's PROMETHEE keeps q, p in a one-use generator
                method.rank(method(X, w, types))

            run_tijian()  # warm-up
            repeats = args.repeats if n * n * m < 1e9 or "PROMETHEE" not in name else max(2, args.repeats // 2)
            t_tj, t_peer = [], []
            for _ in range(repeats):
                t0 = time.perf_counter()
                run_tijian()
                t_tj.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                run_peer()
                t_peer.append(time.perf_counter() - t0)
            a, b = statistics.median(t_tj), statistics.median(t_peer)
            mark = "" if b / a >= GOAL else "  below goal"
            print(f"{name:40s} {n:>6d}x{m:<4d} {1e3 * a:10.2f} {1e3 * b:10.2f} {b / a:7.1f}x{mark}", flush=True)


if __name__ == "__main__":
    main()
