#!/usr/bin/env python3
"""tijian.dask at scale: 10 million units x 30 indicators (min-max per period, the framework's
weights, arithmetic means; dwelling-level data of a province) scored

  - by tijian.dask on a LocalCluster of 2 worker processes (one thread each),
  - by tijian.dask on 1 worker process,
  - in memory by tj.score,

in one run, with the data generated in the workers (each partition from its own seed; the
client builds the whole table once, for tj.score only, after the clusters are closed). The
dask times are fit (pass 1: min and max of every indicator, merged) plus scoring (a map over
the partitions with the merged fit), on data persisted in the workers, the scores persisted
there too. Prints the times, the ratios to tj.score and the peak resident memory of the client
and of each worker; checks that the first and the last partition score to the same bits as the
in-memory run.

Usage: python3 benchmarks/python/bench_dask.py [--units 10000000] [--partitions 40]
Needs dask[dataframe] and distributed (scripts/requirements-dev.txt). The in-memory run holds
the table, the panel, the normalised matrix and the results at once: about 4.5 times the
table (10M x 30: 2.4 GB), 10.8 GB peak measured at the default size; a worker holding the whole
table 3.4 GB.
"""
from __future__ import annotations

import argparse
import gc
import resource
import time

import numpy as np
import pandas as pd

import tijian as tj

N_IND = 30
DIMS = 5


def framework() -> dict:
    per = N_IND // DIMS
    return {"code": "IDX", "children": [
        {"code": f"d{d}", "children": [
            {"code": f"x{d * per + k:02d}", "direction": "lower" if k % 3 == 2 else "higher",
             "weight": 1 + (k % 4)} for k in range(per)]}
        for d in range(DIMS)]}


def chunk(k: int, rows: int, total: int) -> pd.DataFrame:
    """Rows [k rows, (k + 1) rows) of the table, from seed k: the same wherever it is made."""
    first, last = k * rows, min(total, (k + 1) * rows)
    rng = np.random.default_rng(1000 + k)
    values = rng.uniform(0, 100, size=(last - first, N_IND))
    values[rng.uniform(size=values.shape) < 0.01] = np.nan
    frame = pd.DataFrame(values, columns=[f"x{j:02d}" for j in range(N_IND)])
    frame.index = pd.Index([f"h{i:08d}" for i in range(first, last)], name="unit")
    return frame


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_dask(workers: int, units: int, parts: int, fw: dict) -> tuple[float, float, float, list[float], list]:
    import dask.dataframe as dd
    import distributed

    import tijian.dask as tjd

    rows = -(-units // parts)
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None, memory_limit=0) as cluster, \
            distributed.Client(cluster) as client:
        client.run(gc.collect)
        ddf = dd.from_map(chunk, range(parts), rows=rows, total=units,
                          meta=chunk(0, 0, 0), divisions=[None] * (parts + 1))
        t0 = time.perf_counter()
        ddf = ddf.persist()
        distributed.wait(ddf)
        t_generate = time.perf_counter() - t0
        t0 = time.perf_counter()
        fit = tjd.fit(ddf, fw)
        t_fit = time.perf_counter() - t0
        t0 = time.perf_counter()
        scores = tjd.score(ddf, fw, fit=fit).persist()
        distributed.wait(scores)
        t_score = time.perf_counter() - t0
        first, last = scores.partitions[0].compute(), scores.partitions[parts - 1].compute()
        rss = list(client.run(peak_rss_mb).values())
    return t_generate, t_fit, t_score, rss, [first, last]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=10_000_000)
    ap.add_argument("--partitions", type=int, default=40)
    a = ap.parse_args()
    fw = framework()
    print(f"tijian.dask: {a.units:,} units x {N_IND} indicators, {a.partitions} partitions; "
          "min-max, given weights, arithmetic means")
    results = {}
    for workers in (2, 1):
        gen, fit, score, rss, ends = run_dask(workers, a.units, a.partitions, fw)
        results[workers] = (fit + score, ends)
        print(f"  dask, {workers} worker(s): fit {fit:.2f} s + score {score:.2f} s = {fit + score:.2f} s "
              f"(generating the data in the workers: {gen:.2f} s, not counted); worker peak RSS "
              + ", ".join(f"{r:,.0f} MB" for r in rss))
    rows = -(-a.units // a.partitions)
    table = pd.concat([chunk(k, rows, a.units) for k in range(a.partitions)])
    t0 = time.perf_counter()
    res = tj.score(table, fw)
    t_mem = time.perf_counter() - t0
    want = res.scores
    del table
    ok = all(np.array_equal(e.to_numpy(), want.loc[e.index, list(e.columns)].to_numpy(), equal_nan=True)
             for e in results[2][1] + results[1][1])
    print(f"  in memory, tj.score: {t_mem:.2f} s; client peak RSS {peak_rss_mb():,.0f} MB "
          "(table, panel, normalised matrix and results)")
    t2, t1 = results[2][0], results[1][0]
    print(f"  ratios: dask 2 workers / tj.score {t2 / t_mem:.2f}, dask 1 worker / tj.score {t1 / t_mem:.2f}, "
          f"1 worker / 2 workers {t1 / t2:.2f}")
    print(f"  first and last partition identical to tj.score to the last bit: {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
