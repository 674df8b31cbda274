#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writing the health check's result: `tijian check` printed vs with --out .json and --out .csv,
on 300 cities x 5 years x 96 indicators (the first 96 of the built-in green-city framework, the
size issue 20 measured; seeded random values, about 2 % missing), checked against the Jining
target profile. Goal (issue 20): each
written output within 2x of the printed check's time and under 2x its peak memory.

Every round runs the three commands once, in rotating order; the report gives the median and
the range of the per-round ratios of wall time and of peak resident memory (each command's own
maximum resident set, from wait4).

    python3 benchmarks/python/bench_check_output.py [path/to/tijian] [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CITIES, YEARS, INDICATORS = 300, range(2019, 2024), 96


def indicator_codes() -> list[str]:
    """The green-city framework's indicator codes: the [[indicator]] tables of its preset."""
    codes, in_indicator = [], False
    for line in (REPO / "presets" / "frameworks" / "green-city.toml").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("[["):
            in_indicator = line == "[[indicator]]"
        elif in_indicator and line.startswith("code") and "=" in line:
            codes.append(line.split("=", 1)[1].strip().strip('"'))
    return codes


def make_data(path: Path) -> int:
    rng = random.Random(20)
    codes = indicator_codes()[:INDICATORS]
    level = {c: rng.uniform(1, 100) for c in codes}
    with path.open("w", encoding="utf-8") as f:
        f.write("city,year," + ",".join(codes) + "\n")
        for k in range(CITIES):
            for year in YEARS:
                cells = ["" if rng.random() < 0.02 else f"{level[c] * rng.uniform(0.5, 1.5):.2f}" for c in codes]
                f.write(f"S{k + 1:03d},{year}," + ",".join(cells) + "\n")
    return len(codes)


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({status}): {err}")
    return wall, usage.ru_maxrss / 1024


def spread(xs: list[float], fmt: str) -> str:
    return f"{statistics.median(xs):{fmt}} [{min(xs):{fmt}}-{max(xs):{fmt}}]"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("exe", nargs="?", default=shutil.which("tijian"))
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    if not args.exe:
        print("bench_check_output: the tijian program was not found (pass its path)")
        return 1
    with tempfile.TemporaryDirectory(prefix="tijian-bench-check-") as tmp:
        data = Path(tmp) / "panel.csv"
        m = make_data(data)
        base = [args.exe, "check", "-f", "green-city", "-t", "jining", "-d", str(data), "-q"]
        base_printed = [args.exe, "check", "-f", "green-city", "-t", "jining", "-d", str(data)]
        commands = {
            "printed": base_printed,
            "--out .json": base + ["-o", str(Path(tmp) / "check.json")],
            "--out .json --pretty": base + ["-o", str(Path(tmp) / "check-pretty.json"), "--pretty"],
            "--out .csv": base + ["-o", str(Path(tmp) / "check.csv")],
        }
        names = list(commands)
        times = {k: [] for k in names}
        peaks = {k: [] for k in names}
        for k in names:  # warm-up (file cache)
            run(commands[k])
        for r in range(args.rounds):
            for k in names[r % len(names):] + names[:r % len(names)]:
                t, mb = run(commands[k])
                times[k].append(t)
                peaks[k].append(mb)
        sizes = {k: sum(p.stat().st_size for p in Path(tmp).glob(f"{stem}*"))
                 for k, stem in (("--out .json", "check.json"), ("--out .json --pretty", "check-pretty.json"),
                                 ("--out .csv", "check*.csv"))}
        print(f"tijian check, {CITIES} cities x {len(YEARS)} years x {m} indicators (green-city, jining "
              f"targets), {args.rounds} rounds; load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
        for k in names:
            line = f"  {k:>21}: {spread(times[k], '.3f')} s, peak {spread(peaks[k], '.0f')} MB"
            if k != "printed":
                tr = [a / b for a, b in zip(times[k], times["printed"])]
                mr = [a / b for a, b in zip(peaks[k], peaks["printed"])]
                line += (f"; vs printed: time {spread(tr, '.2f')}x, memory {spread(mr, '.2f')}x; "
                         f"{sizes.get(k, 0) / 1e6:.1f} MB written")
            print(line)
        print("Goal (issue 20): written outputs within 2x of the printed check's time and under 2x its peak memory")
    return 0


if __name__ == "__main__":
    sys.exit(main())
