# SPDX-License-Identifier: MIT
"""The UNDP Human Development Index reproduced from Python, as the C++ reference test does
(tests/cpp/test_reference.cpp): every country-year 1990-2022 with a published HDI, from the
framework and recipe files in tests/data/hdi, equal to the published three decimals."""

from __future__ import annotations

import subprocess

import numpy as np
import pandas as pd
import pytest

import tijian as tj
from tijian.__main__ import _executable

INPUTS = ["le", "eys", "mys", "gnipc"]
YEARS = range(1990, 2023)


@pytest.fixture(scope="module")
def hdi_tables(shared_data):
    raw = pd.read_csv(shared_data / "hdi" / "HDR23-24_Composite_indices_complete_time_series.csv",
                      encoding="utf-8-sig")
    raw = raw[~raw["iso3"].str.startswith("ZZ")]  # regional and world aggregates
    long = []
    for var in INPUTS + ["hdi"]:
        cols = [f"{var}_{y}" for y in YEARS]
        part = raw.melt(id_vars="iso3", value_vars=cols, var_name="column", value_name="value")
        part["year"] = part["column"].str[-4:].astype(int)
        part["indicator"] = var
        long.append(part[["iso3", "year", "indicator", "value"]])
    long = pd.concat(long, ignore_index=True)
    wide = long.pivot(index=["iso3", "year"], columns="indicator", values="value")
    wide.columns.name = None
    published = wide.pop("hdi")
    return wide[INPUTS], long[long["indicator"] != "hdi"], published


def _check(res: tj.Result, published: pd.Series) -> None:
    hdi = res.scores["HDI"]
    assert hdi.index.equals(published.index) or set(hdi.index) >= set(published.index)
    compared = published.dropna()
    got = hdi.reindex(compared.index)
    assert got.notna().all()
    assert len(compared) == 5808
    equal = (np.round(got.to_numpy() * 1000) / 1000 == compared.to_numpy())
    worst = float(np.max(np.abs(got.to_numpy() - compared.to_numpy())))
    assert equal.all(), compared.index[~equal][:10].tolist()
    assert worst <= 0.0005 + 1e-12  # pure rounding of the published three decimals


def test_hdi_every_country_year_from_files(hdi_tables, repo):
    wide, _, published = hdi_tables
    res = tj.score(wide, tj.Framework.from_toml(repo / "tests/data/hdi/framework.toml"),
                   tj.Recipe.from_toml(repo / "tests/data/hdi/recipe.toml"))
    _check(res, published)
    # labels kept: the caller's (iso3, year) MultiIndex, years still integers
    assert res.scores.index.names == ["iso3", "year"]
    assert res.scores.index.equals(wide.index)
    assert res.scores.index.get_level_values("year").dtype.kind == "i"
    assert list(res.normalised.columns) == INPUTS
    # a missing input leaves the HDI missing (recipe: missing = propagate)
    incomplete = wide.isna().any(axis=1)
    assert res.scores.loc[incomplete, "HDI"].isna().all()


def test_hdi_from_preset_and_long_table(hdi_tables):
    _, long, published = hdi_tables
    res = tj.score(long.rename(columns={"iso3": "unit"}), "hdi", normalise={"method": "goalposts", "scale": 1.0},
                   missing="propagate")
    assert res.scores.index.names == ["unit", "year"]
    _check(res, published.rename_axis(["unit", "year"]))


def test_hdi_dimension_indices_match_the_technical_note(hdi_tables):
    wide, _, _ = hdi_tables
    res = tj.score(wide, "hdi", normalise="goalposts", missing="propagate")
    row = wide.loc[("NOR", 2022)]
    health = min(1.0, (row["le"] - 20) / 65)
    education = (min(1.0, row["eys"] / 18) + min(1.0, row["mys"] / 15)) / 2
    income = min(1.0, (np.log(row["gnipc"]) - np.log(100)) / (np.log(75000) - np.log(100)))
    got = res.scores.loc[("NOR", 2022)]
    assert got["Health"] == pytest.approx(health, abs=1e-15)
    assert got["Education"] == pytest.approx(education, abs=1e-15)
    assert got["Income"] == pytest.approx(income, abs=1e-15)
    assert got["HDI"] == pytest.approx((health * education * income) ** (1 / 3), rel=1e-14)


# --- issue 19: the preset carries the HDI's method ----------------------------------------------

def _matches(res: tj.Result, published: pd.Series) -> int:
    compared = published.dropna()
    got = res.scores["HDI"].reindex(compared.index).to_numpy()
    return int((np.round(got * 1000) / 1000 == compared.to_numpy()).sum())


def _diag(res: tj.Result, ident: str) -> pd.DataFrame:
    d = res.diagnostics
    return d[d["id"] == ident]


def test_hdi_preset_without_a_recipe_is_the_published_index(hdi_tables):
    wide, _, published = hdi_tables
    res = tj.score(wide, "hdi")  # no recipe: the preset's own (presets/recipes/hdi.toml)
    assert _matches(res, published) == 5808
    assert len(_diag(res, "recipe.from_preset")) == 1
    assert not (res.diagnostics["id"] == "recipe.not_preset").any()
    assert res.recipe == tj.Framework.preset("hdi").recipe
    # a missing input leaves the HDI missing, as in the published tables
    assert res.scores.loc[wide.isna().any(axis=1), "HDI"].isna().all()


def test_hdi_preset_with_another_recipe_says_so(hdi_tables):
    wide, _, published = hdi_tables
    res = tj.score(wide, "hdi", tj.Recipe())  # the library defaults: min-max 0-100, skip and reweight
    assert _matches(res, published) == 0
    note = _diag(res, "recipe.not_preset")
    assert len(note) == 1 and note.iloc[0]["level"] == "warning"
    for section in ("[normalise]", "[missing]", "[aggregate]"):
        assert section in note.iloc[0]["message"]
    # the framework's geometric mean at HDI beats the recipe's global arithmetic one: reported
    over = _diag(res, "aggregate.framework_over_recipe")
    assert over["node"].tolist() == ["HDI"] and over.iloc[0]["level"] == "warning"
    assert "(geometric)" in over.iloc[0]["message"] and "(arithmetic)" in over.iloc[0]["message"]
    # 622 country-years have some input missing (counted here by pandas) and still get an index
    incomplete = int(wide.isna().any(axis=1).sum())
    assert incomplete == 622
    warn = _diag(res, "aggregate.incomplete_index")
    assert warn.iloc[0]["level"] == "warning" and int(warn.iloc[0]["count"]) == incomplete
    assert int(res.scores.loc[wide.isna().any(axis=1), "HDI"].notna().sum()) == incomplete


def test_keywords_apply_over_the_preset_recipe(hdi_tables):
    wide, _, _ = hdi_tables
    res = tj.score(wide, "hdi", missing="skip_and_reweight")
    rec = res.recipe.to_dict()
    assert rec["normalise"]["method"] == "goalposts" and rec["missing"]["policy"] == "skip_and_reweight"
    note = _diag(res, "recipe.not_preset")
    assert "[missing]" in note.iloc[0]["message"] and "[normalise]" not in note.iloc[0]["message"]


def test_cli_uses_the_preset_recipe(tmp_path, hdi_tables):
    exe = _executable()
    if exe is None:
        pytest.fail("the tijian program was not installed next to this Python (pip install .)")
    wide, _, published = hdi_tables
    data = tmp_path / "hdi.csv"
    wide.reset_index().rename(columns={"iso3": "uCode", "year": "Time"}).to_csv(data, index=False)
    out = tmp_path / "hdi-out.csv"
    printed = subprocess.run([exe, "score", "-f", "hdi", "-d", str(data), "-o", str(out), "--top", "1"],
                             capture_output=True, text=True, check=True).stdout
    assert "recipe.from_preset" in printed
    got = pd.read_csv(out).set_index(["unit", "period"])["HDI_score"]
    got.index = got.index.set_names(["iso3", "year"])
    compared = published.dropna()
    assert (np.round(got.reindex(compared.index).to_numpy() * 1000) / 1000 == compared.to_numpy()).all()
    text = subprocess.run([exe, "score", "-f", "hdi", "-d", str(data), "--print-recipe"], capture_output=True,
                          text=True, check=True).stdout
    assert tj.Recipe.from_toml(text) == tj.Framework.preset("hdi").recipe
    shown = subprocess.run([exe, "presets", "--show", "hdi"], capture_output=True, text=True, check=True).stdout
    assert "presets/recipes/hdi.toml" in shown and 'method = "goalposts"' in shown
