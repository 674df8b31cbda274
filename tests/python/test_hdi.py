# SPDX-License-Identifier: MIT
"""The UNDP Human Development Index reproduced from Python, as the C++ reference test does
(tests/cpp/test_reference.cpp): every country-year 1990-2022 with a published HDI, from the
framework and recipe files in tests/data/hdi, equal to the published three decimals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tijian as tj

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
