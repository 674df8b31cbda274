# SPDX-License-Identifier: MIT
"""Bad input gets its documented error (type, stable id, a message naming the column, unit or
node) or its documented policy, and never crashes the interpreter."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

import tijian as tj
from tijian import _core

FW = {"code": "IDX", "children": [{"code": "a"}, {"code": "b", "direction": "lower"}, {"code": "c"}]}


@pytest.fixture
def good() -> pd.DataFrame:
    return pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [10.0, 30.0, 20.0, 40.0], "c": [5, 6, 7, 9]},
                        index=pd.Index(["qd", "jn", "zb", "wf"], name="city"))


def test_error_types_are_value_errors_with_ids():
    for cls in (tj.FrameworkError, tj.DataError, tj.RecipeError):
        assert issubclass(cls, tj.TijianError) and issubclass(cls, ValueError)
    assert tj.FrameworkError.__module__ == "tijian"
    with pytest.raises(tj.FrameworkError) as info:
        tj.Framework.from_dict([{"code": "IDX"}, {"code": "x", "parent": "nowhere"}])
    err = info.value
    assert err.id == "framework.unknown_parent"
    assert err.location["node"] == "x"
    assert "nowhere" in str(err) and "'x'" in str(err)
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is tj.FrameworkError and again.id == err.id


def test_wrong_dtype_names_the_column(good):
    bad = good.assign(b=["10", "30", "20", "40"])
    with pytest.raises(tj.DataError) as info:
        tj.score(bad, FW)
    assert info.value.id == "data.dtype"
    assert "'b'" in str(info.value) and "pd.to_numeric" in str(info.value)
    with pytest.raises(tj.DataError, match="dtype bool"):
        tj.score(good.assign(a=[True, False, True, False]), FW)
    with pytest.raises(tj.DataError) as info:
        tj.score(np.array([["1", "2", "3"]] * 3, dtype=object), FW)
    assert info.value.id == "data.dtype"


def test_nullable_and_integer_columns_are_numbers(good):
    data = good.astype({"a": "Float64", "c": "Int64"})
    data.loc["jn", "a"] = pd.NA
    res = tj.score(data, FW)
    assert np.isnan(res.normalised.loc["jn", "a"])
    assert res.composite.notna().all()


def test_duplicated_unit_labels(good):
    dup = good.rename(index={"jn": "qd"})
    with pytest.raises(tj.DataError) as info:
        tj.score(dup, FW)
    assert info.value.id == "data.duplicate_unit"
    assert "unit 'qd'" in str(info.value)
    # the same unit in two periods is fine
    two = pd.concat({2023: good, 2024: good}, names=["year", "city"]).swaplevel().sort_index()
    assert len(tj.score(two, FW).scores) == 8


def test_unknown_column_error_or_ignore(good):
    extra = good.assign(population=[1.0, 2.0, 3.0, 4.0])
    with pytest.raises(tj.DataError) as info:
        tj.score(extra, FW)
    assert info.value.id == "data.unknown_column"
    assert "'population'" in str(info.value)
    res = tj.score(extra, FW, unknown_columns="ignore")
    pd.testing.assert_frame_equal(res.scores, tj.score(good, FW).scores)
    diag = res.diagnostics
    row = diag[diag["id"] == "data.unknown_column_ignored"]
    assert row["node"].tolist() == ["population"] and row["level"].tolist() == ["warning"]


def test_unknown_columns_are_decided_and_noted_by_the_core(good, tmp_path):
    # a text column the framework does not know is never read (so never a dtype error), and the
    # core records it: the note is in the result's own diagnostics, so its JSON keeps it, in both
    # languages, and the same for tj.prepare; an ndarray's unknown codes are refused alike
    extra = good.assign(remark=["a", "b", "c", "d"], population=[1.0, 2.0, 3.0, 4.0])
    with pytest.raises(tj.DataError) as info:
        tj.score(extra, FW)
    assert info.value.id == "data.unknown_column" and "'remark'" in str(info.value)
    res = tj.score(extra, FW, unknown_columns="ignore")
    rows = res.diagnostics[res.diagnostics["id"] == "data.unknown_column_ignored"]
    assert rows["node"].tolist() == ["remark", "population"]
    assert (rows["message_zh"] != "").all() and (rows["level"] == "warning").all()
    path = tmp_path / "r.json"
    res.to_json(str(path))
    assert path.read_text(encoding="utf-8").count("data.unknown_column_ignored") == 2
    prep = tj.prepare(extra, FW, recipe=tj.Recipe(unknown_columns="ignore"))
    assert prep.diagnostics.query("id == 'data.unknown_column_ignored'")["node"].tolist() == ["remark", "population"]
    with pytest.raises(tj.DataError) as info:
        tj.score(good.to_numpy(), FW, columns=["a", "b", "zz"])
    assert info.value.id == "data.unknown_column" and "'zz'" in str(info.value)
    # a label column named twice is a duplicate too (the core's one check)
    twice = good.reset_index().assign(year=2023)
    twice = pd.concat([twice, twice[["year"]]], axis=1)
    with pytest.raises(tj.DataError) as info:
        tj.score(twice, FW, units="city", periods="year")
    assert info.value.id == "data.duplicate_column" and "'year'" in str(info.value)


def test_results_pickled_before_the_core_noted_left_out_columns_still_load(good):
    # older pickles carried the Python layer's notes beside the core: (..., notes, input_index)
    # or (..., notes); the layout of this version is (..., input_index)
    from tijian.result import _restore

    res = tj.score(good.assign(remark=["a", "b", "c", "d"]), FW, unknown_columns="ignore")
    again = pickle.loads(pickle.dumps(res))
    pd.testing.assert_frame_equal(again.diagnostics, res.diagnostics)
    note = [{"id": "data.unknown_column_ignored", "node": "remark"}]
    for rest in ((note, res._labels._index), (note,), ([],)):
        old = _restore(res._core, res._index, res._framework, res._recipe, *rest)
        pd.testing.assert_frame_equal(old.scores, res.scores)
        assert "remark" in set(old.diagnostics["node"])  # the core's own note


def test_duplicated_column(good):
    dup = pd.concat([good, good[["a"]]], axis=1)
    with pytest.raises(tj.DataError) as info:
        tj.score(dup, FW)
    assert info.value.id == "data.duplicate_column"


def test_empty_frame(good):
    with pytest.raises(tj.DataError) as info:
        tj.score(good.iloc[:0], FW)
    assert info.value.id == "data.empty"
    with pytest.raises(tj.DataError):
        tj.score(np.empty((0, 3)), FW)


def test_indicator_without_a_column(good):
    with pytest.raises(tj.FrameworkError) as info:
        tj.score(good.drop(columns="c"), FW)
    assert info.value.id == "framework.indicator_without_data"
    assert info.value.location["node"] == "c"


def test_all_nan_indicator_policy(good):
    data = good.assign(c=np.nan)
    res = tj.score(data, FW)
    # documented policy: the indicator is missing everywhere, reported, and skipped with
    # reweighting by the default missing-data policy
    assert res.normalised["c"].isna().all()
    diag = res.diagnostics.set_index("id")
    assert diag.loc["data.missing_values", "node"] == "c"
    assert diag.loc["data.missing_values", "count"] == len(good)
    assert diag.loc["aggregate.reweighted", "count"] == len(good)
    expected = tj.score(good.drop(columns="c"), {"code": "IDX", "children": FW["children"][:2]})
    np.testing.assert_allclose(res.composite.to_numpy(), expected.composite.to_numpy(), rtol=1e-14)
    # under propagate the composite is missing; data-driven weights refuse the column
    assert tj.score(data, FW, missing="propagate").composite.isna().all()
    with pytest.raises(tj.RecipeError) as info:
        tj.score(data, FW, weights="entropy")
    assert info.value.id == "weights.too_few_values" and "'c'" in str(info.value)


def test_infinite_value_names_unit_and_indicator(good):
    bad = good.copy()
    bad.loc["zb", "b"] = np.inf
    with pytest.raises(tj.DataError) as info:
        tj.score(bad, FW)
    assert info.value.id == "data.infinite"
    assert info.value.location == {"unit": "zb", "indicator": "b", "file": "<DataFrame>"}


def test_missing_unit_label(good):
    bad = good.copy()
    bad.index = pd.Index(["qd", None, "zb", "wf"])
    with pytest.raises(tj.DataError) as info:
        tj.score(bad, FW)
    assert info.value.id == "data.empty_unit"


def test_shapes(good):
    with pytest.raises(tj.DataError) as info:
        tj.score(np.ones((3, 2)), FW)
    assert info.value.id == "data.shape" and "columns=" in str(info.value)
    with pytest.raises(tj.DataError):
        tj.score(np.ones(3), FW)
    three = pd.concat({"x": pd.concat({2023: good})}, names=["a", "b", "city"])
    with pytest.raises(tj.DataError) as info:
        tj.score(three, FW)
    assert info.value.id == "data.index"


def test_long_table_duplicates(good):
    long = good.reset_index().melt(id_vars="city", var_name="indicator", value_name="value")
    long = long.rename(columns={"city": "unit"})
    assert tj.score(long, FW).scores.index.name == "unit"
    with pytest.raises(tj.DataError) as info:
        tj.score(pd.concat([long, long.iloc[:1]]), FW)
    assert info.value.id == "data.duplicate_entry"
    assert info.value.location["unit"] == "qd" and info.value.location["indicator"] == "a"


def test_recipe_errors_name_the_key():
    with pytest.raises(tj.RecipeError) as info:
        tj.Recipe(weights="entrop")
    assert info.value.id == "recipe.bad_value" and "entrop" in str(info.value)
    with pytest.raises(tj.RecipeError) as info:
        tj.Recipe(normalise={"method": "min_max", "uper": 1})
    assert info.value.id == "recipe.unknown_key" and "uper" in str(info.value)
    with pytest.raises(TypeError):
        tj.Recipe(weights=3)


def test_recipe_that_cannot_apply(good):
    with pytest.raises(tj.RecipeError) as info:
        tj.score(good, FW, normalise="goalposts")
    assert info.value.id == "normalise.failed" or info.value.id.startswith("normalise.")
    assert "goalposts" in str(info.value)


def test_framework_errors():
    with pytest.raises(tj.FrameworkError) as info:
        tj.Framework.from_dict([{"code": "A", "parent": "B"}, {"code": "B", "parent": "A"}])
    assert info.value.id == "framework.cycle"
    with pytest.raises(tj.FrameworkError) as info:
        tj.Framework.from_dict({"code": "IDX", "children": [{"code": "x", "wieght": 2}]})
    assert info.value.id == "framework.unknown_key" and "wieght" in str(info.value)
    with pytest.raises(tj.FrameworkError) as info:
        tj.Framework.preset("nope")
    assert info.value.id == "preset.unknown" and "hdi" in str(info.value)
    with pytest.raises(tj.TijianError) as info:
        tj.Framework.from_toml("/nonexistent/framework.toml")
    assert "nonexistent" in str(info.value)


def test_core_refuses_garbage_without_crashing():
    fw = tj.Framework.from_dict(FW)._fw
    rec = _core.Recipe()
    c_order = np.ones((4, 3))  # C order: refused by noconvert, not silently copied
    calls = [
        lambda: _core.entropy_weights(c_order, rec),
        lambda: _core.entropy_weights(np.ones((4, 3), dtype=np.float32, order="F"), rec),
        lambda: _core.entropy_weights(np.asfortranarray(np.ones((4, 0))), rec),
        lambda: _core.critic_weights("x", rec),
        lambda: _core.normalise_fit(np.asfortranarray(np.ones((4, 2))), rec, fw),
        lambda: _core.normalise_apply(np.asfortranarray(np.ones((4, 3))), rec, fw, {}),
        lambda: _core.ahp(np.asfortranarray([[1.0, 2.0], [3.0, 1.0]]), rec),
        lambda: _core.ahp(np.asfortranarray(np.ones((20, 20))), rec),
        lambda: _core.aggregate(np.asfortranarray(np.ones((4, 3))), np.ones(2), rec),
        lambda: _core.aggregate(np.asfortranarray(np.ones((4, 3))), np.array([1.0, -1.0, np.nan]), rec),
        lambda: _core.combine_game_theory([np.ones(3), np.ones(3)], rec),
        lambda: _core.combine_linear(np.ones(3), np.ones(2), 0.5),
        lambda: _core.Panel(-1, ["a"]),
        lambda: _core.Panel(2, "abc"),
        lambda: _core.Panel(2, ["a", 3]),
        lambda: _core.Panel(2, ["a"]).set_units(["x"]),
        lambda: _core.Panel(2, ["a"]).set_unit_numbers(np.arange(3)),
        lambda: _core.score(fw, _core.Panel(0, ["a", "b", "c"]), rec),
        lambda: _core.score(fw, _core.Panel(2, ["a", "b", "c"]), rec),  # empty unit codes
        lambda: _core.Framework.from_toml("[[node", "x"),
        lambda: _core.Framework.from_imeta("", "x"),
        lambda: _core.Recipe.from_toml("weights = 3", "x"),
        lambda: pickle.loads(b"\x80\x04\x95\x00"),
    ]
    for call in calls:
        with pytest.raises((ValueError, TypeError, IndexError, pickle.UnpicklingError)):
            call()
    # the Result's pickled state is checked before use
    with pytest.raises((ValueError, TypeError, IndexError)):
        _core.Result.__new__(_core.Result).__setstate__((1, "x"))
