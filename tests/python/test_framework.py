# SPDX-License-Identifier: MIT
"""Frameworks from TOML, iMeta tables (DataFrame, CSV, Excel), dicts and presets."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tijian as tj


def test_presets(repo):
    assert {"hdi", "green-city-demo"} <= set(tj.presets())
    hdi = tj.Framework.preset("hdi")
    assert hdi == tj.Framework.from_toml(repo / "tests/data/hdi/framework.toml")
    demo = tj.Framework.preset("green-city-demo")
    assert demo == tj.Framework.from_toml(repo / "examples/green-city-synthetic/framework.toml")
    assert demo.source == "preset:green-city-demo"
    assert tj.Framework("hdi") == hdi  # a preset name wherever a framework is expected


def test_package_presets_equal_the_library_presets():
    from tijian import _core
    from tijian.framework import _package_presets

    if not hasattr(_core, "presets"):
        pytest.skip("the C++ library was built without embedded presets")
    library = {p["name"] for p in _core.presets() if p["kind"] == "framework"}
    assert set(_package_presets()) <= library  # the package's copies must not drift
    for name in _package_presets():
        packaged = (Path(tj.__file__).parent / "presets" / "frameworks" / f"{name}.toml").read_text(encoding="utf-8")
        assert tj.Framework.from_toml(packaged) == tj.Framework.preset(name), name


def test_queries():
    fw = tj.Framework.preset("green-city-demo")
    assert fw.root == "GCI" and fw.name == "Green city index"
    assert fw.aggregates[0] == "GCI" and len(fw.indicators) == 11
    assert fw.codes[0] == "GCI" and set(fw.codes) == set(fw.aggregates) | set(fw.indicators)
    assert fw.parent("GCI") is None and fw.parent(fw.children("GF")[0]) == "GF"
    assert fw.indicators_below("GCI") == fw.indicators
    assert fw.is_indicator("pm25") and not fw.is_indicator("GE")
    assert "pm25" in fw and "nope" not in fw and 3 not in fw
    assert len(fw) == len(fw.codes) and list(fw) == fw.codes
    assert fw.effective_weights.sum() == pytest.approx(1.0)
    node = fw.node("pm25")
    assert node["direction"] == "lower_is_better" and node["kind"] == "indicator"
    table = fw.to_frame()
    assert list(table.index) == fw.codes
    assert table.loc["pm25", "direction"] == "lower_is_better"
    assert len(fw.hash) == 16 and fw.describe().startswith("tijian/framework/1")
    with pytest.raises(tj.FrameworkError):
        fw.node("nope")


def test_toml_text_file_roundtrip(tmp_path):
    fw = tj.Framework.preset("green-city-demo")
    path = tmp_path / "fw.toml"
    fw.save(path)
    assert tj.Framework.from_toml(path) == fw
    assert tj.Framework.from_toml(str(path)) == fw
    assert tj.Framework.from_toml(fw.to_toml()) == fw
    assert tj.Framework.read(path) == fw


def test_dict_shapes_agree():
    nested = {"code": "IDX", "name_zh": "指数", "children": [
        {"code": "ENV", "weight": 2, "aggregation": "geometric", "children": [
            {"code": "pm25", "direction": "lower", "unit": "µg/m³",
             "targets": [{"value": 35, "comparator": "<=", "year": 2025}]},
            {"code": "green", "band": [30, 45], "direction": "band"}]},
        {"code": "ECO", "children": [{"code": "gdp", "goalposts": {"lower": 100, "upper": 75000, "scale": "log"}}]}]}
    flat = [
        {"code": "IDX", "name_zh": "指数"},
        {"code": "ENV", "parent": "IDX", "weight": 2, "aggregation": "geometric"},
        {"code": "pm25", "parent": "ENV", "direction": "lower", "unit": "µg/m³",
         "target": {"value": 35, "comparator": "<=", "year": 2025}},
        {"code": "green", "parent": "ENV", "band": [30, 45], "direction": "band"},
        {"code": "ECO", "parent": "IDX", "kind": "aggregate"},
        {"code": "gdp", "parent": "ECO", "goalposts": {"lower": 100, "upper": 75000, "scale": "log"}},
    ]
    toml_shaped = {"node": [flat[0], flat[1], flat[4]], "indicator": [flat[2], flat[3], flat[5]]}
    a = tj.Framework.from_dict(nested)
    assert a == tj.Framework.from_dict(flat) == tj.Framework.from_dict({"nodes": flat})
    b = tj.Framework.from_dict(toml_shaped)
    assert sorted(b.codes) == sorted(a.codes) and b.indicators == a.indicators
    assert a.node("pm25")["targets"][0] == {"comparator": "<=", "value": 35.0, "upper": None, "year": 2025, "source": ""}
    assert a.node("green")["band"] == (30.0, 45.0)
    assert a.node("gdp")["goalposts"]["scale"] == "log"
    assert a.node("ENV")["aggregation"]["method"] == "geometric"
    assert a.weights_in_parent["ENV"] == pytest.approx(2 / 3)
    assert a.node("IDX")["name_zh"] == "指数"


def test_imeta_table_dataframe_csv_excel(shared_data, tmp_path):
    path = shared_data / "asem" / "ASEM_iMeta.csv"
    from_csv = tj.Framework.from_table(path)
    frame = pd.read_csv(path)
    assert tj.Framework.from_table(frame) == from_csv
    assert tj.Framework(frame) == from_csv
    assert len(from_csv.indicators) == 49
    pytest.importorskip("openpyxl")
    xlsx = tmp_path / "imeta.xlsx"
    frame.to_excel(xlsx, index=False, sheet_name="iMeta")
    from_excel = tj.Framework.from_table(xlsx, sheet_name="iMeta")
    # Excel keeps 15 significant digits of the targets; the tree itself is identical
    assert from_excel.codes == from_csv.codes
    pd.testing.assert_series_equal(from_excel.weights_in_parent, from_csv.weights_in_parent)
    a, b = from_excel.to_frame(), from_csv.to_frame()
    pd.testing.assert_frame_equal(a.drop(columns="targets"), b.drop(columns="targets"))


def test_imeta_errors_name_the_row():
    bad = pd.DataFrame({"Level": [1, 2], "iCode": ["x", "IDX"], "Direction": ["sideways", None],
                        "Weight": [1, 1], "Parent": ["IDX", None], "Type": ["Indicator", "Aggregate"]})
    with pytest.raises(tj.FrameworkError) as info:
        tj.Framework.from_table(bad)
    assert info.value.id == "framework.bad_direction" and "sideways" in str(info.value)


def test_immutable_copy_pickle_equality():
    fw = tj.Framework.preset("hdi")
    assert copy.copy(fw) is fw and copy.deepcopy(fw) is fw
    again = pickle.loads(pickle.dumps(fw))
    assert again == fw and again.source == fw.source and hash(again) == hash(fw)
    assert fw != tj.Framework.preset("green-city-demo")
    with pytest.raises(AttributeError):
        fw.x = 1  # type: ignore[attr-defined]


def test_repr_and_html():
    fw = tj.Framework.preset("green-city-demo")
    assert repr(fw) == "Framework('GCI': 11 indicators, 5 aggregates, 2 levels above the indicators)"
    page = fw._repr_html_()
    assert "<table" in page and "pm25" in page and "绿色生态" in page and fw.hash in page
    assert np.isfinite(fw.effective_weights).all()


def test_to_frame_carries_goalposts_bands_and_labels():
    # The UNDP HDI goalposts (Technical notes, HDR 2020: life expectancy 20-85 years, expected
    # schooling 0-18 and mean schooling 0-15 years, GNI per capita 100-75,000 PPP$ on a log scale).
    hdi = tj.Framework.preset("hdi").to_frame()
    posts = hdi.loc[["le", "eys", "mys", "gnipc"], ["goalpost_lower", "goalpost_upper", "goalpost_scale"]]
    assert posts.values.tolist() == [[20, 85, "linear"], [0, 18, "linear"], [0, 15, "linear"],
                                     [100, 75000, "log"]]
    assert hdi.loc["gnipc", "goalpost_scale_zh"] == "对数"
    # aggregates have no indicator fields; indicators have no aggregation of their own
    assert hdi.loc["Health", ["unit", "direction", "goalpost_lower", "targets"]].isna().all()
    assert hdi.loc["HDI", "kind"] == "aggregate" and hdi.loc["le", "kind_zh"] == "指标"
    assert hdi.loc["HDI", "aggregation"] == "geometric"
    # effective weights are the product of the weights in parent down the tree: 1/3 each
    assert hdi.loc[["le", "eys", "mys", "gnipc"], "effective_weight"].tolist() == pytest.approx(
        [1 / 3, 1 / 6, 1 / 6, 1 / 3])
    # the bounds are in the indicator's unit, named per row by the unit column
    cols = hdi.attrs["columns"]
    assert cols["goalpost_lower"]["unit_column"] == "unit" and cols["effective_weight"]["unit_zh"] == "比值"


def test_to_frame_band_only_on_band_indicators():
    fw = tj.Framework({"code": "I", "children": [
        {"code": "ph", "direction": "target_band", "band": [6.5, 8.5], "unit": "1"},
        {"code": "pm25", "direction": "lower_is_better", "unit": "μg/m³"}]})
    t = fw.to_frame()
    assert t.loc["ph", ["band_lower", "band_upper"]].tolist() == [6.5, 8.5]
    assert t.loc["pm25", ["band_lower", "band_upper"]].isna().all()
    assert t.loc["pm25", "direction_zh"] == "逆向"
