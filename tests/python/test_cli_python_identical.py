# SPDX-License-Identifier: MIT
"""The command-line program and the Python module give the same bits (issue 15, item 4).

Both link the same library compiled with the same floating-point flags (``-ffp-contract=off`` on
the ``tijian::headers`` interface target, CMakeLists.txt), so every score, normalised value and
health-check number must be bit-identical, not merely close. The CLI writes numbers with the
shortest representation that round-trips (``std::to_chars`` in CSV, nlohmann/json in JSON); they
are read back here with Python's correctly rounded ``float`` (``json``, and pandas' ``python``
parser for CSV) and compared as float64 bit patterns. The input CSVs are read with the same
correctly rounded parser, so that both sides start from the same doubles.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd

import tijian as tj




def _read_csv(path: Path, **kwargs) -> pd.DataFrame:
    """A CSV read with Python's correctly rounded float parser (as the C++ reader rounds)."""
    return pd.read_csv(path, engine="python", **kwargs)


def _bits(values) -> np.ndarray:
    """float64 bit patterns; JSON nulls (missing values) become NaN first."""
    a = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    return a.view(np.uint64)


def _assert_identical(cli_values, py_values, what: str) -> None:
    cli = _bits(cli_values)
    py = np.ascontiguousarray(np.asarray(py_values, dtype=np.float64)).view(np.uint64)
    assert cli.shape == py.shape, what
    # NaN payloads may differ between a NaN written as null and one computed; compare NaN as NaN
    cli_nan = np.isnan(cli.view(np.float64))
    py_nan = np.isnan(py.view(np.float64))
    np.testing.assert_array_equal(cli_nan, py_nan, err_msg=what)
    differ = np.flatnonzero((cli != py) & ~cli_nan)
    assert differ.size == 0, (
        f"{what}: {differ.size} of {cli.size} values differ in their bits, first at {differ[0]}: "
        f"CLI {cli.view(np.float64)[differ[0]]!r} vs Python {py.view(np.float64)[differ[0]]!r}")


def _run(exe: str, *args: str) -> None:
    proc = subprocess.run([exe, *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def _compare_score(exe: str, tmp_path: Path, res: tj.Result, cli_args: list[str]) -> int:
    """Scores and normalised values of a CLI run (JSON and CSV output) against ``res``."""
    out_json = tmp_path / "cli.json"
    out_csv = tmp_path / "cli.csv"
    _run(exe, "score", *cli_args, "--out", str(out_json))
    _run(exe, "score", *cli_args, "--out", str(out_csv))
    doc = json.loads(out_json.read_text(encoding="utf-8"))
    units = res.scores.index.get_level_values(0).astype(str).tolist()
    rows = doc["scores"]  # one object per row, the columns of the CSV table
    assert [r["unit"] for r in rows] == units
    table = _read_csv(out_csv, dtype={"unit": str, "period": str})
    assert table["unit"].tolist() == units
    compared = 0
    for node in res.scores.columns:
        _assert_identical([r[f"{node}_score"] for r in rows], res.scores[node], f"JSON score {node}")
        _assert_identical(table[f"{node}_score"], res.scores[node], f"CSV score {node}")
        compared += 2 * len(units)
    for ind in res.normalised.columns:
        _assert_identical([r[f"{ind}_norm"] for r in rows], res.normalised[ind], f"JSON normalised {ind}")
        _assert_identical(table[f"{ind}_norm"], res.normalised[ind], f"CSV normalised {ind}")
        compared += 2 * len(units)
    return compared


def test_asem_scores_bit_identical(exe, shared_data, tmp_path):
    asem = shared_data / "asem"
    meta, treated = asem / "ASEM_iMeta.csv", asem / "ASEM_COIN_Treated_COINr6.csv"
    res = tj.score(_read_csv(treated), tj.Framework.from_table(_read_csv(meta)))
    assert len(res.scores) == 51
    compared = _compare_score(exe, tmp_path, res, ["--framework", str(meta), "--data", str(treated)])
    assert compared > 5000


def test_seed_example_scores_bit_identical(exe, repo, tmp_path):
    ex = repo / "examples" / "green-city-synthetic"
    fw, data, recipe = ex / "framework.toml", ex / "data-synthetic.csv", ex / "recipe.toml"
    res = tj.score(_read_csv(data, comment="#"), fw, recipe)
    compared = _compare_score(exe, tmp_path, res,
                              ["--framework", str(fw), "--data", str(data), "--recipe", str(recipe)])
    assert compared > 500


def test_seed_green_city_check_bit_identical(exe, repo, tmp_path):
    data = repo / "examples" / "green-city" / "qingdao-2021-reported.csv"
    out = tmp_path / "check.json"
    _run(exe, "check", "--framework", "green-city", "--targets", "qingdao-2022", "--data", str(data),
         "--out", str(out))
    doc = json.loads(out.read_text(encoding="utf-8"))
    res = tj.check(_read_csv(data, comment="#"), "green-city", targets="qingdao-2022")
    compared = 0
    for name in ("status", "achievement", "problems", "obstacles", "obstacle_dimensions"):
        frame = getattr(res, name)
        rows = doc[name]
        assert len(rows) == len(frame), name
        floats = [c for c in frame.columns if frame[c].dtype == np.float64 and rows and c in rows[0]]
        for column in floats:
            _assert_identical([r[column] for r in rows], frame[column], f"check {name}.{column}")
            compared += len(rows)
    # the obstacle degrees are the check's computed scores: they must be among the compared
    assert len(res.obstacles) > 0 and compared > 500
