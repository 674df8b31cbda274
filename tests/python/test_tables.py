# SPDX-License-Identifier: MIT
"""The core's descriptions of the preparation records, the statistics, the uncertainty summary,
the Sobol' indices and the coupling table (prepare_tables.hpp, stats_tables.hpp,
uncertainty_tables.hpp, coupling_tables.hpp): what they guarantee.

- every real column has a unit (fixed, or a text column naming each row's unit);
- the command line's CSV files and the DataFrames name the same columns, in the same order,
  because both are written from the one description;
- the stats CSV holds the same numbers as the DataFrames (shortest round-trip text)."""

from __future__ import annotations

import csv
import subprocess

import numpy as np
import pandas as pd
import pytest

import tijian as tj

FW = {"code": "IDX", "children": [
    {"code": "A", "children": [{"code": "a1"}, {"code": "a2", "direction": "lower"}]},
    {"code": "B", "children": [{"code": "b1"}, {"code": "b2"}]},
]}


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    x = rng.lognormal(size=(12, 4))
    x[2, 0] = x[7, 3] = np.nan
    x[5, 1] = 60.0  # an outlier for the treatment
    return pd.DataFrame(x, columns=["a1", "a2", "b1", "b2"], index=pd.Index([f"u{i}" for i in range(12)], name="city"))


def _frames(data: pd.DataFrame) -> dict[str, pd.DataFrame]:
    recipe = tj.Recipe(prepare={"screen": {"policy": "by_missing", "min_availability": 0.5},
                                "impute": {"method": "mean"}, "treat": {"method": "coinr_winsorise"}})
    p = tj.prepare(data, FW, recipe)
    res = tj.score(data, FW, recipe)
    rep = tj.stats(data, FW)
    ua = tj.uncertainty(data, FW, runs=20, seed=1, noise={1: 0.1})
    sa = tj.sensitivity(data, FW, n=8, seed=1, noise={1: 0.1}, aggregations=["arithmetic", "geometric"],
                        bootstrap=10)
    out = {f"prepare.{k}": getattr(p, k) for k in ("denominations", "screening", "imputations", "left_missing",
                                                   "em", "treatment", "treated_cells")}
    out.update({f"result.{k}": getattr(res, k) for k in ("denominations", "imputations", "treatment",
                                                         "treated_cells")})
    out.update({f"stats.{k}": getattr(rep, k) for k in ("indicators", "correlations", "alpha", "pca")})
    out["uncertainty.summary"] = ua.summary
    out["sensitivity.indices"] = sa.indices
    out["coupling"] = tj.coupling(pd.DataFrame({"x": [0.2, 0.9, np.nan], "y": [0.4, 0.8, 0.1]}))
    return out


def test_every_table_carries_its_description(data):
    for name, frame in _frames(data).items():
        described = frame.attrs["columns"]
        shown = [c for c in frame.columns if not c.endswith("_zh") or c in described]
        # every column shown is described (indicators of the EM fits are lists, not cells)
        assert set(shown) - {"indicators"} <= set(described) | {frame.index.name}, name


def test_every_real_column_has_a_unit(data):
    checked = 0
    for name, frame in _frames(data).items():
        described = frame.attrs["columns"]
        for col, d in described.items():
            if d["type"] != "real":
                continue
            checked += 1
            if d["unit_column"]:
                assert described.get(d["unit_column"], {}).get("type") == "text", f"{name}.{col}"
            else:
                assert d["unit_zh"] and d["unit_en"], f"{name}.{col} has no unit"
    assert checked > 40


def test_coupling_columns_are_those_of_the_composite_table(repo, green_city):
    chk = tj.check(pd.read_csv(repo / "examples" / "green-city" / "panel-synthetic.csv", comment="#"), "green-city",
                   targets=str(repo / "examples" / "green-city" / "targets-synthetic-benchmark.toml"),
                   composite=True)
    coupling = list(chk.composite.coupling.columns)
    assert coupling == ["C", "T", "D", "class", "class_zh", "class_en", "c_band", "c_band_zh", "c_band_en"]
    header = chk.composite.to_csv().splitlines()[0].split(",")
    assert header[-len(coupling):] == coupling


def _header(path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def test_stats_csv_files_equal_the_dataframes(exe, shared_data, tmp_path):
    meta, treated = shared_data / "asem" / "ASEM_iMeta.csv", shared_data / "asem" / "ASEM_COIN_Treated_COINr6.csv"
    out = tmp_path / "stats.csv"
    subprocess.run([exe, "stats", "-f", str(meta), "-d", str(treated), "-o", str(out), "-q"], check=True)
    rep = tj.stats(pd.read_csv(treated), tj.Framework.from_table(pd.read_csv(meta)))
    for suffix, frame in [("", rep.indicators), ("-correlations", rep.correlations), ("-alpha", rep.alpha),
                          ("-pca", rep.pca)]:
        path = tmp_path / f"stats{suffix}.csv"
        assert _header(path) == list(frame.columns), suffix  # the data have a period (Year)
        cli = pd.read_csv(path, keep_default_na=False, na_values=[""])
        assert len(cli) == len(frame)
        for col, d in frame.attrs["columns"].items():
            if d["type"] == "real":
                np.testing.assert_array_equal(cli[col].to_numpy(float), frame[col].to_numpy(float), err_msg=col)


def test_uncertainty_csv_files_name_the_dataframe_columns(exe, shared_data, tmp_path):
    meta, treated = shared_data / "asem" / "ASEM_iMeta.csv", shared_data / "asem" / "ASEM_COIN_Treated_COINr6.csv"
    out = tmp_path / "ua.csv"
    subprocess.run([exe, "uncertainty", "-f", str(meta), "-d", str(treated), "-n", "10", "--seed", "3",
                    "--normalisations", "min_max", "z_score", "--sensitivity", "4", "--bootstrap", "10",
                    "-o", str(out), "-q"], check=True)
    fw = tj.Framework.from_table(pd.read_csv(meta))
    data = pd.read_csv(treated)
    ua = tj.uncertainty(data, fw, runs=10, seed=3, normalisations=["min_max", "z_score"])
    # the DataFrame is indexed by unit (named as the caller named it), the file has a unit column
    assert _header(out) == ["unit", *ua.summary.columns]
    sa = tj.sensitivity(data, fw, n=4, seed=3, normalisations=["min_max", "z_score"], bootstrap=10)
    assert _header(tmp_path / "ua-sobol.csv") == [sa.indices.index.name, *sa.indices.columns]
    # the summary is by nominal rank, as the command line prints it
    ranks = pd.read_csv(out)["nominal_rank"].to_numpy()
    assert (np.diff(ranks) >= 0).all()
