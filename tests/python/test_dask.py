# SPDX-License-Identifier: MIT
"""tijian.dask on a LocalCluster of two worker processes against the in-memory runs: scores of
min-max / arithmetic recipes to the last bit, entropy weights and z-scores within rounding (their
sums merge in another order), uncertainty runs split across workers identical to
tj.uncertainty. Small data, so that the cluster's start dominates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import dask.dataframe as dd  # noqa: E402

import tijian as tj  # noqa: E402
import tijian.dask as tjd  # noqa: E402

FW = {"code": "IDX", "children": [
    {"code": "env", "weight": 2, "children": [{"code": "pm25", "direction": "lower"}, {"code": "green"},
                                             {"code": "water", "weight": 3}]},
    {"code": "eco", "children": [{"code": "gdp"}, {"code": "jobs", "direction": "lower"}]},
]}
INDICATORS = ["pm25", "green", "water", "gdp", "jobs"]


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  memory_limit="1GiB") as cluster, distributed.Client(cluster) as c:
        yield c


def panel(units: int = 150, years: tuple[int, ...] = (2021, 2022, 2023), seed: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [(f"c{i:03d}", y) for y in years for i in range(units)]
    values = rng.uniform(1, 100, size=(len(rows), len(INDICATORS)))
    values[rng.uniform(size=values.shape) < 0.04] = np.nan
    frame = pd.DataFrame(values, columns=INDICATORS)
    frame.insert(0, "year", [y for _, y in rows])
    frame.insert(0, "unit", [u for u, _ in rows])
    return frame


def in_memory(frame: pd.DataFrame, **recipe) -> pd.DataFrame:
    return tj.score(frame, FW, **recipe).scores


def node_weights(res: tj.Result, codes: pd.Index) -> np.ndarray:
    w = res.weights
    if "code" in w.columns:
        w = w.set_index("code")
    return w.loc[list(codes), "weight"].to_numpy()


def same_bits(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    a = a.loc[b.index, list(b.columns)]
    return np.array_equal(a.to_numpy(), b.to_numpy(), equal_nan=True)


@pytest.mark.parametrize("recipe", [
    {},
    {"normalise": {"method": "min_max", "fit": "pooled"}},
    {"normalise": {"method": "min_max", "fit": "one_period", "fit_period": "2022"}, "weights": "equal"},
    {"normalise": {"method": "efficacy"}, "aggregate": "geometric"},
])
def test_scores_identical_to_in_memory(client, recipe):
    frame = panel()
    ddf = dd.from_pandas(frame, npartitions=5)  # partitions cut through the years
    got = tjd.score(ddf, FW, **recipe).compute()
    want = in_memory(frame, **recipe)
    assert len(got) == len(want)
    assert same_bits(got, want)


def test_long_table_is_shuffled_by_unit(client):
    frame = panel(units=60)
    long = frame.melt(id_vars=["unit", "year"], var_name="indicator", value_name="value").dropna()
    got = tjd.score(dd.from_pandas(long, npartitions=4), FW).compute()
    assert same_bits(got, in_memory(frame))


def test_fit_reports_goalposts_and_weights(client):
    frame = panel(units=80)
    fit = tjd.fit(dd.from_pandas(frame, npartitions=3), FW)
    assert fit.rows == len(frame)
    g = fit.goalposts
    # the core's table description (partial_fit_tables.hpp), not a column list of the Python layer
    assert g.attrs["table"]["name"] == "goalposts" and g.index.names == ["indicator", "period"]
    assert list(g.columns) == ["n", "min", "max", "mean", "sd", "constant"]
    assert g["n"].dtype == "int64" and g["constant"].dtype == bool
    assert g.attrs["columns"]["min"]["unit_en"] == "unit of the indicator"
    pm = frame.loc[frame.year == 2021, "pm25"]
    # pm25 is lower-is-better: the fit is on -x
    assert g.loc[("pm25", "2021"), "min"] == -pm.max()
    assert g.loc[("pm25", "2021"), "max"] == -pm.min()
    assert g.loc[("pm25", "2021"), "n"] == pm.notna().sum()
    res = tj.score(frame, FW)
    np.testing.assert_array_equal(fit.weights.to_numpy(), node_weights(res, fit.weights.index))


def test_entropy_weights_within_rounding(client):
    frame = panel(units=200)
    ddf = dd.from_pandas(frame, npartitions=4)
    for scope in ("within_parent", "all_indicators"):
        recipe = {"weights": {"method": "entropy", "scope": scope}}
        fit = tjd.fit(ddf, FW, **recipe)
        res = tj.score(frame, FW, **recipe)
        # the sums S = sum t and L = sum t ln t add up in partition order, not row order
        np.testing.assert_allclose(fit.weights.to_numpy(), node_weights(res, fit.weights.index), rtol=1e-13,
                                   atol=1e-15)
        got = tjd.score(ddf, FW, fit=fit).compute().loc[res.scores.index]
        np.testing.assert_allclose(got.to_numpy(), res.scores.to_numpy(), rtol=1e-12)


def test_z_scores_within_rounding(client):
    frame = panel(units=100)
    recipe = {"normalise": {"method": "z_score", "fit": "pooled"}}
    got = tjd.score(dd.from_pandas(frame, npartitions=3), FW, **recipe).compute()
    want = in_memory(frame, **recipe)
    np.testing.assert_allclose(got.loc[want.index].to_numpy(), want.to_numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("recipe", [{"normalise": "rank"}, {"aggregate": "topsis"}, {"weights": "critic"}])
def test_unmergeable_recipes_are_refused(client, recipe):
    with pytest.raises(tj.RecipeError) as e:
        tjd.fit(dd.from_pandas(panel(units=10), npartitions=2), FW, **recipe)
    assert e.value.id == "dask.not_mergeable"


@pytest.mark.parametrize("how", [{"noise": {1: 0.3, 2: 0.2}}, {"dirichlet": 1.0}])
def test_uncertainty_identical_to_in_memory(client, how):
    frame = panel(units=40, years=(2023,)).drop(columns="year").set_index("unit")
    args = dict(runs=301, seed=11, normalisations=["min_max", "z_score"], aggregations=["arithmetic", "geometric"],
                exclude=["green", "gdp"], **how)
    want = tj.uncertainty(frame, FW, **args)
    got = tjd.uncertainty(frame, FW, parts=3, **args)
    pd.testing.assert_frame_equal(got.summary, want.summary, check_exact=True)
    for table in ("scores", "ranks", "weights", "factors", "runs"):
        pd.testing.assert_frame_equal(getattr(got, table), getattr(want, table), check_exact=True)


def test_partitions_are_validated_as_tj_score_validates(client):
    frame = panel(units=30)
    frame.loc[40, "water"] = np.inf  # unit c010 in 2021
    with pytest.raises(tj.DataError) as e:
        tjd.fit(dd.from_pandas(frame, npartitions=3), FW)
    assert e.value.id == "data.infinite"
    assert e.value.location.get("unit") == "c010"


# --- the recipe settings of issue 19: scored exactly as tj.score, or refused naming the setting ----

FUZZY = {"grades": ["good", "fair", "poor"],
         "standards": {"pm25": [10.0, 50.0, 90.0], "green": [90.0, 50.0, 10.0], "water": [90.0, 50.0, 10.0]}}


@pytest.mark.parametrize("recipe, named", [
    ({"prepare": {"impute": {"by_indicator": {"green": {"method": "mean"}}}}},
     ("[prepare.impute.by_indicator]", "green")),
    ({"prepare": {"impute": {"method": "mean"}}}, ("[prepare.impute]",)),
    ({"prepare": {"screen": {"policy": "by_missing", "min_availability": 0.5}}}, ("[prepare.screen]",)),
    ({"prepare": {"treat": {"method": "winsorise"}}}, ("[prepare.treat]",)),
    ({"missing": {"by_node": {"eco": {"fill": "mean"}}}}, ("[missing] fill", "eco")),
    ({"not_applicable": {"gdp": {"group": "kind_group", "values": ["x"]}}}, ("[not_applicable]",)),
    ({"aggregate": {"method": "arithmetic", "by_node": {"eco": {"method": "rsr"}}}}, ("rsr", "eco")),
    ({"aggregate": "grey_relational"}, ("grey_relational", "IDX")),
    ({"aggregate": "waspas"}, ("waspas",)),
    ({"aggregate": "moora"}, ("moora",)),
    ({"aggregate": "copras"}, ("copras",)),
    ({"aggregate": "grey_topsis"}, ("grey_topsis",)),
])
def test_issue19_settings_that_read_other_units_are_refused_by_name(client, recipe, named):
    frame = panel(units=10).assign(kind_group=lambda f: np.where(f.index % 2 == 0, "x", "y"))
    with pytest.raises(tj.RecipeError) as e:
        tjd.fit(dd.from_pandas(frame, npartitions=2), FW, **recipe)
    assert e.value.id == "dask.not_mergeable"
    for part in named:
        assert part in str(e.value), (part, str(e.value))


@pytest.mark.parametrize("recipe", [
    # a missing-data policy per node: row by row
    {"missing": {"policy": "skip_and_reweight",
                 "by_node": {"env": {"policy": "propagate"}, "eco": {"policy": "require_share", "min_share": 0.6}}}},
    # the preparation order alone (nothing prepared)
    {"prepare": {"order": ["treat", "impute", "screen", "denominate"]}},
    # max / min aggregation (row by row)
    {"aggregate": {"method": "arithmetic", "by_node": {"env": {"method": "max"}, "eco": {"method": "min"}}}},
    # fuzzy comprehensive evaluation: each row's raw values against the grade standards
    {"aggregate": {"method": "arithmetic", "by_node": {"env": {"method": "fuzzy", "fuzzy_operator": "min_max"}}},
     "fuzzy": FUZZY},
])
def test_issue19_row_wise_settings_score_to_the_last_bit(client, recipe):
    frame = panel(units=60)
    got = tjd.score(dd.from_pandas(frame, npartitions=3), FW, **recipe).compute()
    want = in_memory(frame, **recipe)
    if "missing" in recipe:
        assert np.isnan(want.to_numpy()).any()  # the missing policies had work to do
    assert same_bits(got, want)
