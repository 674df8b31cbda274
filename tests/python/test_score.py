# SPDX-License-Identifier: MIT
"""tj.score: pandas in, pandas out, numpy arrays, periods, result tables and exports."""

from __future__ import annotations

import json
import pickle
import threading

import numpy as np
import pandas as pd
import pytest

import tijian as tj


@pytest.fixture(scope="module")
def demo(green_city):
    data, fw, recipe = green_city
    return data, tj.Framework.from_toml(fw), tj.Recipe.from_toml(recipe)


def test_csv_shaped_frame_is_recognised(demo):
    data, fw, recipe = demo  # uCode, uName, Time columns and a RangeIndex, as read_csv gives
    res = tj.score(data, fw, recipe)
    assert res.scores.index.names == ["uCode", "Time"]
    assert list(res.scores.columns) == fw.aggregates
    assert list(res.normalised.columns) == fw.indicators
    assert res.grades is not None and set(res.grades["GCI"]) <= {"不足", "中等", "优良"}
    # the same as the command line's JSON for the same inputs
    doc = json.loads(res.to_json())
    np.testing.assert_allclose([r["GCI_score"] for r in doc["scores"]], res.scores["GCI"].to_numpy(), rtol=0, atol=0)
    assert doc["scores"][0]["unit"] == "C01"


def test_multiindex_and_wide_forms_agree(demo):
    data, fw, recipe = demo
    wide = data.set_index(["uCode", "Time"]).drop(columns="uName")
    a = tj.score(wide, fw, recipe)
    b = tj.score(data, fw, recipe)
    pd.testing.assert_frame_equal(a.scores, b.scores)
    # ranks are per period by default: each year has ranks 1..12
    for _, ranks in a.ranks["GCI"].groupby(level="Time"):
        assert sorted(ranks) == list(range(1, 13))
    pooled = tj.score(wide, fw, recipe.replace(ranks={"scope": "pooled"}))
    assert sorted(pooled.ranks["GCI"]) == list(range(1, 25))


def test_long_table(demo):
    data, fw, recipe = demo
    long = data.drop(columns="uName").melt(id_vars=["uCode", "Time"], var_name="indicator", value_name="value")
    res = tj.score(long.sample(frac=1, random_state=1), fw, recipe)
    expected = tj.score(data, fw, recipe)
    pd.testing.assert_frame_equal(res.scores.sort_index(), expected.scores.sort_index())


def test_numpy_array_input(demo):
    data, fw, recipe = demo
    year = data[data["Time"] == 2024]
    X = year[fw.indicators].to_numpy()
    res = tj.score(X, fw, recipe)
    assert isinstance(res.scores.index, pd.RangeIndex)
    labelled = tj.score(X, fw, recipe, units=year["uCode"].to_numpy())
    assert list(labelled.scores.index) == year["uCode"].tolist()
    np.testing.assert_array_equal(res.scores.to_numpy(), labelled.scores.to_numpy())
    # columns in another order, named
    perm = list(reversed(fw.indicators))
    again = tj.score(year[perm].to_numpy(), fw, recipe, columns=perm)
    np.testing.assert_array_equal(again.scores.to_numpy(), res.scores.to_numpy())
    # C-ordered, Fortran-ordered, int and float32 input give the same result
    for variant in (np.ascontiguousarray(X), np.asfortranarray(X)):
        np.testing.assert_array_equal(tj.score(variant, fw, recipe).scores.to_numpy(), res.scores.to_numpy())
    ints = np.round(np.nan_to_num(X)).astype(np.int64)
    np.testing.assert_array_equal(tj.score(ints, fw, recipe).normalised.to_numpy(),
                                  tj.score(ints.astype(float), fw, recipe).normalised.to_numpy())


def test_array_like_with_dunder_array(demo):
    data, fw, recipe = demo

    class Arrayish:
        def __init__(self, a):
            self.a = a

        def __array__(self, dtype=None, copy=None):
            return np.asarray(self.a, dtype=dtype)

    X = data[data["Time"] == 2024][fw.indicators].to_numpy()
    np.testing.assert_array_equal(tj.score(Arrayish(X), fw, recipe).scores.to_numpy(),
                                  tj.score(X, fw, recipe).scores.to_numpy())


def test_input_is_not_modified_and_outputs_are_owned(demo):
    data, fw, recipe = demo
    before = data.copy()
    res = tj.score(data, fw, recipe)
    pd.testing.assert_frame_equal(data, before)
    scores = res.scores
    scores.iloc[0, 0] = -1.0  # the caller's copy: writable, and it does not touch the result
    assert res.to_numpy("scores")[0, 0] != -1.0
    view = res.to_numpy("normalised")
    assert not view.flags.writeable
    with pytest.raises(ValueError):
        view[0, 0] = 1.0


def test_weights_contributions_diagnostics(demo):
    data, fw, recipe = demo
    res = tj.score(data, fw, recipe)
    w = res.weights
    assert list(w.index) == fw.codes
    assert w.loc[fw.indicators, "effective_weight"].sum() == pytest.approx(1.0)
    c = res.contributions
    assert list(c.columns) == fw.indicators
    np.testing.assert_allclose(c.sum(axis=1), res.composite, rtol=1e-12)
    # arithmetic all the way down: contribution = effective weight x normalised value
    complete = res.normalised.notna().all(axis=1).to_numpy()
    assert 0 < complete.sum() < len(complete)  # the synthetic data have gaps
    expected = res.normalised.to_numpy() * w.loc[fw.indicators, "effective_weight"].to_numpy()
    np.testing.assert_allclose(c.to_numpy()[complete], expected[complete], rtol=1e-12)
    assert (c.to_numpy()[~res.normalised.notna().to_numpy()] == 0).all()  # a missing indicator contributes 0
    dim = res.contributions_to("GE")
    assert list(dim.columns) == fw.indicators_below("GE")
    np.testing.assert_allclose(dim.sum(axis=1), res.scores["GE"], rtol=1e-12)
    assert list(res.diagnostics.columns) == ["step", "id", "level", "level_zh", "node", "unit", "period", "message",
                                             "message_zh", "count"]
    assert res.score("pm25").equals(res.normalised["pm25"].rename("pm25"))
    assert res.rank("GE").name == "GE"
    with pytest.raises(tj.RecipeError):
        res.rank("pm25")
    prov = res.provenance
    assert prov["framework_hash"] == fw.hash and prov["library_version"] == tj.__version__


def test_to_frame_csv_json_files(demo, tmp_path):
    data, fw, recipe = demo
    res = tj.score(data, fw, recipe)
    wide = res.to_frame()
    assert wide.columns[:3].tolist() == ["GCI_score", "GCI_rank", "GCI_grade"]
    assert "pm25_norm" in wide.columns
    text = res.to_csv()
    assert text.splitlines()[0].startswith("unit,name,period,GCI_score")
    res.to_csv(tmp_path / "r.csv")
    res.to_json(tmp_path / "r.json")
    assert (tmp_path / "r.csv").read_text(encoding="utf-8") == text
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["provenance"]["data_hash"] == res.provenance["data_hash"]


def test_pickle_result(demo):
    data, fw, recipe = demo
    res = tj.score(data, fw, recipe)
    again = pickle.loads(pickle.dumps(res))
    pd.testing.assert_frame_equal(again.scores, res.scores)
    pd.testing.assert_frame_equal(again.contributions, res.contributions)
    pd.testing.assert_frame_equal(again.diagnostics, res.diagnostics)
    assert again.provenance == res.provenance and again.framework == res.framework and again.recipe == res.recipe
    assert again.to_json() == res.to_json()


def test_threads_give_the_serial_result(demo):
    data, fw, _ = demo
    big = pd.DataFrame(np.random.default_rng(3).uniform(1, 100, (20000, len(fw.indicators))), columns=fw.indicators)
    serial = tj.score(big, fw, weights="entropy").scores
    out: list[pd.DataFrame] = []

    def work():
        out.append(tj.score(big, fw, weights="entropy").scores)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(out) == 4
    for s in out:
        pd.testing.assert_frame_equal(s, serial)


def test_html_and_repr(demo):
    data, fw, recipe = demo
    res = tj.score(data, fw, recipe)
    page = res._repr_html_()
    assert "<table" in page and "GCI" in page and "rank" in page and "优良" in page or "中等" in page
    assert repr(res).startswith("<tijian.Result 'GCI': 24 rows, 2 periods, 11 indicators, 5 aggregates")


def test_screening_keeps_caller_labels(demo):
    data, fw, recipe = demo
    wide = data.set_index(["uCode", "Time"]).drop(columns="uName")
    sparse = wide.copy()
    sparse.iloc[0, :8] = np.nan  # C01 2023 has 3 of 11 values
    res = tj.score(sparse, fw, recipe.replace(prepare={"screen": {"policy": "by_missing", "min_availability": 0.5}}))
    assert len(res.scores) == len(wide) - 1
    assert ("C01", 2023) not in res.scores.index and ("C01", 2024) in res.scores.index
    assert res.screening is not None and (~res.screening["included"]).sum() == 1


@pytest.mark.parametrize("layout", ["frame", "frame_mixed", "fortran", "c_order"])
def test_no_hidden_copy_of_large_input(layout):
    """The values are copied once, into the C++ panel (not traced by tracemalloc); Python
    makes no copy of its own, whatever the layout (numpy allocations are traced)."""
    import tracemalloc

    n, m = 200_000, 20
    X = np.random.default_rng(0).uniform(1, 100, (n, m))
    fw = tj.Framework.from_dict({"code": "IDX", "children": [{"code": f"x{j}"} for j in range(m)]})
    if layout == "frame":
        data = pd.DataFrame(X, columns=fw.indicators)
    elif layout == "frame_mixed":  # float and int columns plus a text column of names
        data = pd.DataFrame(X, columns=fw.indicators).astype({"x0": np.int64, "x1": np.int32})
        data.insert(0, "name", "city")
    elif layout == "fortran":
        data = np.asfortranarray(X)
    else:
        data = np.ascontiguousarray(X)
    size = X.nbytes
    tracemalloc.start()
    try:
        res = tj.score(data, fw, unit_names="name" if layout == "frame_mixed" else None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 0.2 * size, f"{peak / 1e6:.1f} MB traced for {size / 1e6:.1f} MB of input"
    assert res.scores.shape == (n, 1)


def test_periods_and_names_given_explicitly(demo):
    data, fw, recipe = demo
    by_unit = data.set_index("uCode")
    expected = tj.score(data, fw, recipe).scores
    named = tj.score(by_unit, fw, recipe, periods="Time", unit_names="uName")
    assert named.scores.index.names == ["uCode", "Time"]
    pd.testing.assert_frame_equal(named.scores, expected)
    arrays = tj.score(by_unit.drop(columns=["Time", "uName"]), fw, recipe, periods=by_unit["Time"].to_numpy())
    np.testing.assert_array_equal(arrays.scores.to_numpy(), expected.to_numpy())
    assert arrays.scores.index.get_level_values(1).tolist() == by_unit["Time"].tolist()
    assert json.loads(named.to_json())["scores"][0]["name"] == "示例城市01"


def test_pickle_keeps_the_preparation_records():
    """A result whose recipe screens, imputes and treats keeps those tables (and the rows
    screening kept) through pickling."""
    rng = np.random.default_rng(8)
    x = rng.lognormal(0.0, 1.2, (40, 3))
    x[3, 0] = x[7, 1] = np.nan          # two cells to impute
    x[11, :] = np.nan                   # a row screening drops
    x[5, 2] = 400.0                     # an outlier to treat
    df = pd.DataFrame(x, columns=["a", "b", "c"], index=pd.Index([f"u{i:02d}" for i in range(40)], name="city"))
    fw = {"code": "I", "children": [{"code": "a"}, {"code": "b"}, {"code": "c"}]}
    res = tj.score(df, fw, prepare={"screen": {"policy": "by_missing", "min_availability": 0.5},
                                    "impute": {"method": "median"},
                                    "treat": {"method": "coinr_winsorise", "winmax": 5}})
    assert len(res.imputations) == 2 and "u11" not in res.scores.index and len(res.treated_cells) > 0
    again = pickle.loads(pickle.dumps(res))
    for table in ("screening", "imputations", "treatment", "treated_cells"):
        pd.testing.assert_frame_equal(getattr(again, table), getattr(res, table))
    pd.testing.assert_frame_equal(again.scores, res.scores)


def test_pickle_keeps_every_described_table():
    """Pickling goes through the core's description of the result: every table it lists
    (scores, nodes and weights, contributions, prepared values, the preparation records,
    diagnostics) comes back equal, cell for cell."""
    from tijian._tables import frame

    rng = np.random.default_rng(3)
    x = rng.lognormal(0.0, 1.0, (30, 4))
    x[2, 1] = np.nan
    df = pd.DataFrame(x, columns=["a", "b", "c", "d"], index=pd.Index([f"u{i}" for i in range(30)], name="city"))
    fw = {"code": "I", "children": [{"code": "P", "aggregation": "geometric", "children": [{"code": "a"}, {"code": "b"}]},
                                    {"code": "Q", "children": [{"code": "c"}, {"code": "d"}]}]}
    res = tj.score(df, fw, prepare={"impute": {"method": "median"}})
    tables = res._core.tables()
    assert {"scores", "nodes", "contributions", "prepared", "imputations", "diagnostics"} <= set(tables)
    back = pickle.loads(pickle.dumps(res))._core.tables()
    assert list(back) == list(tables)
    for name, table in tables.items():
        pd.testing.assert_frame_equal(frame(back[name]), frame(table), obj=name)
    assert len(frame(tables["prepared"]).columns) == 3 + 4 and len(frame(tables["imputations"])) == 1
