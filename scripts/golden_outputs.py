#!/usr/bin/env python3
"""Record what the CLI and the Python package write on fixed inputs, for a before/after diff
of a refactoring (issue 15: "the same bytes, except differences you list as fixes").

    python3 scripts/golden_outputs.py OUTDIR [--cli build/tijian]

Writes the CLI's CSV and JSON results (score, check, stats, uncertainty on the ASEM example
and the seed examples) and the Python package's DataFrames as CSV into OUTDIR. Compare two
recordings with `diff -r`. Provenance fields that name the library version or build are the
only lines expected to differ between builds of the same code.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
ASEM = SHARED / "asem"
SYN = ROOT / "examples" / "green-city-synthetic"
GC = ROOT / "examples" / "green-city"


def cli_runs(cli: str, out: Path) -> None:
    def run(name: str, *args: str) -> None:
        p = subprocess.run([cli, *args, "-q"], capture_output=True, text=True)
        (out / f"{name}.exit").write_text(f"{p.returncode}\n{p.stderr}")

    asem = ["-f", str(ASEM / "ASEM_iMeta.csv"), "-d", str(ASEM / "ASEM_COIN_Treated_COINr6.csv")]
    syn = ["-f", str(SYN / "framework.toml"), "-d", str(SYN / "data-synthetic.csv"), "-r", str(SYN / "recipe.toml")]
    for ext in ("csv", "json"):
        run(f"score-asem-{ext}", "score", *asem, "-o", str(out / f"score-asem.{ext}"))
        run(f"score-syn-{ext}", "score", *syn, "-o", str(out / f"score-syn.{ext}"))
        for lang in ("zh", "en"):
            run(f"check-qingdao-{lang}-{ext}", "check", "-f", "green-city", "-t", "qingdao-2022", "-d",
                str(GC / "qingdao-2021-reported.csv"), "--lang", lang, "--composite",
                "-o", str(out / f"check-qingdao-{lang}.{ext}"))
        run(f"check-panel-{ext}", "check", "-f", "green-city", "-t", str(GC / "targets-synthetic-benchmark.toml"),
            "-d", str(GC / "panel-synthetic.csv"), "--composite", "--bottom-k", "3",
            "-o", str(out / f"check-panel.{ext}"))
        run(f"check-jinan-{ext}", "check", "-f", "green-city", "-t", "jinan-2025", "-d",
            str(GC / "jinan-2020-reported.csv"), "-o", str(out / f"check-jinan.{ext}"))
    run("stats-asem", "stats", *asem, "-o", str(out / "stats-asem.csv"))
    run("stats-syn", "stats", *syn, "-o", str(out / "stats-syn.csv"))
    run("uncertainty-asem", "uncertainty", *asem, "-n", "200", "--seed", "7", "--dirichlet", "2",
        "--normalisations", "min_max", "z_score", "-o", str(out / "uncertainty-asem.csv"))


def python_runs(out: Path) -> None:
    import pandas as pd

    import tijian as tj

    def dump(name: str, obj: object) -> None:
        if obj is None:
            return
        if isinstance(obj, (pd.DataFrame, pd.Series)):
            obj.to_csv(out / f"py-{name}.csv")
        else:
            (out / f"py-{name}.txt").write_text(repr(obj) + "\n")

    data = pd.read_csv(SYN / "data-synthetic.csv", comment="#")
    res = tj.score(data, tj.Framework.from_toml(SYN / "framework.toml"), tj.Recipe.from_toml(SYN / "recipe.toml"))
    for attr in ("scores", "ranks", "normalised", "grades", "weights", "contributions", "diagnostics"):
        dump(f"score-syn-{attr}", getattr(res, attr))
    panel = pd.read_csv(GC / "panel-synthetic.csv", comment="#")
    chk = tj.check(panel, "green-city", targets=str(GC / "targets-synthetic-benchmark.toml"), composite=True,
                   bottom_k=3)
    for attr in ("status", "achievement", "problems", "obstacles", "obstacle_dimensions", "diagnostics"):
        dump(f"check-panel-{attr}", getattr(chk, attr))
    if chk.composite is not None:
        dump("check-panel-composite-scores", chk.composite.scores)
        dump("check-panel-composite-coupling", chk.composite.coupling)
    q = pd.read_csv(GC / "qingdao-2021-reported.csv", comment="#")
    chk = tj.check(q, "green-city", targets="qingdao-2022")
    for attr in ("status", "achievement", "problems", "obstacles"):
        dump(f"check-qingdao-{attr}", getattr(chk, attr))
    st = tj.stats(data, tj.Framework.from_toml(SYN / "framework.toml"))
    dump("stats-syn-indicators", st.indicators)
    for attr in ("correlations", "alpha", "pca"):
        if hasattr(st, attr):
            dump(f"stats-syn-{attr}", getattr(st, attr))
    fw = tj.Framework.from_toml(SYN / "framework.toml")
    one = data[data[data.columns[2]] == data[data.columns[2]].iloc[0]] if "period" not in data.columns else \
        data[data["period"] == data["period"].iloc[0]]
    un = tj.uncertainty(one, fw, runs=200, seed=7, noise={2: 0.25})
    dump("uncertainty-syn-summary", un.summary)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--cli", default=str(ROOT / "build" / "tijian"))
    ap.add_argument("--no-python", action="store_true")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    cli_runs(a.cli, a.out)
    if not a.no_python:
        python_runs(a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
