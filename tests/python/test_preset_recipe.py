# SPDX-License-Identifier: MIT
"""Issue 19, part 5: a preset of a published index carries its method, and framework and recipe
settings have one precedence that the result reports.

References: the HDR technical note's goalposts and hand-computed small cases; the HDI preset
against the 5,808 published country-years is in test_hdi.py."""

from __future__ import annotations

import pandas as pd
import pytest

import tijian as tj


def _diag(res: tj.Result, ident: str) -> pd.DataFrame:
    d = res.diagnostics
    return d[d["id"] == ident]


def test_recipe_node_setting_beats_the_framework_and_says_so():
    fw = {"code": "I", "aggregation": "geometric",
          "children": [{"code": "a"}, {"code": "b"}]}
    data = pd.DataFrame({"a": [1.0, 4.0], "b": [4.0, 1.0]}, index=pd.Index(["u", "v"], name="unit"))
    rec = tj.Recipe(normalise="none", aggregate={"by_node": {"I": "arithmetic"}})
    res = tj.score(data, fw, rec)
    assert res.scores["I"].tolist() == [2.5, 2.5]  # (1 + 4) / 2, not sqrt(1 * 4) = 2
    over = _diag(res, "aggregate.recipe_over_framework")
    assert over["node"].tolist() == ["I"]
    assert "(arithmetic)" in over.iloc[0]["message"] and "(geometric)" in over.iloc[0]["message"]
    # the framework's own choice against the recipe's global one: framework wins, reported
    plain = tj.score(data, fw, tj.Recipe(normalise="none", aggregate="harmonic"))
    assert plain.scores["I"].tolist() == [2.0, 2.0]
    assert _diag(plain, "aggregate.framework_over_recipe")["node"].tolist() == ["I"]
    # agreeing settings say nothing
    same = tj.score(data, fw, tj.Recipe(normalise="none", aggregate="geometric"))
    assert not same.diagnostics["id"].str.startswith("aggregate.").any()


def test_replace_aggregate_drops_the_per_node_settings():
    fw = {"code": "I", "children": [{"code": "D", "children": [{"code": "a"}, {"code": "b"}]}, {"code": "c"}]}
    data = pd.DataFrame({"a": [1.0, 9.0], "b": [9.0, 1.0], "c": [4.0, 4.0]}, index=pd.Index(["u", "v"]))
    base = tj.Recipe(normalise="none", aggregate={"method": "arithmetic", "by_node": {"D": "geometric"},
                                                  "by_level": {"3": "arithmetic"}})
    variant = base.replace(aggregate="harmonic")
    agg = variant.to_dict()["aggregate"]
    assert agg["method"] == "harmonic" and "by_node" not in agg and "by_level" not in agg
    assert variant != base
    # hand-computed: D = 2 / (1/1 + 1/9) = 1.8, I = 2 / (1/1.8 + 1/4) = 2.4827...; base: D = 3
    got = tj.score(data, fw, variant).scores.loc["u"]
    assert got["D"] == pytest.approx(1.8, rel=1e-14)
    assert got["I"] == pytest.approx(2 / (1 / 1.8 + 1 / 4), rel=1e-14)
    assert tj.score(data, fw, base).scores.loc["u", "D"] == pytest.approx(3.0, rel=1e-14)
    # given with the section, the per-node tables stay as given
    kept = base.replace(aggregate={"method": "harmonic", "by_node": {"D": "geometric"}})
    assert kept.to_dict()["aggregate"]["by_node"]["D"]["method"] == "geometric"
    assert "by_level" not in kept.to_dict()["aggregate"]
    # normalise: by_indicator goes with a new global normalisation
    per = tj.Recipe(normalise={"method": "min_max", "by_indicator": {"a": {"method": "rank"}}})
    assert "by_indicator" not in per.replace(normalise="z_score").to_dict()["normalise"]
    # other sections keep what they have
    assert per.replace(weights="equal").to_dict()["normalise"]["by_indicator"]["a"]["method"] == "rank"


def test_framework_recipe_property_and_to_frame_columns():
    hdi = tj.Framework.preset("hdi")
    assert hdi.recipe.to_dict()["missing"]["policy"] == "propagate"
    assert tj.Framework.preset("green-city-demo").recipe is None
    frame = hdi.to_frame()
    # the goalposts of the HDR technical note 1, in each indicator's unit
    assert frame.loc["le", ["goalpost_lower", "goalpost_upper"]].tolist() == [20.0, 85.0]
    assert frame.loc["gnipc", ["goalpost_lower", "goalpost_upper"]].tolist() == [100.0, 75000.0]
    assert frame.loc["gnipc", "goalpost_scale"] == "log" and frame.loc["le", "goalpost_scale"] == "linear"
    assert {"band_lower", "band_upper"} <= set(frame.columns)
    assert frame.loc["HDI", "aggregation"] == "geometric"
    band = tj.Framework.from_dict({"code": "I", "children": [
        {"code": "ph", "direction": "band", "band": [6.5, 8.5]}, {"code": "x"}]}).to_frame()
    assert band.loc["ph", ["band_lower", "band_upper"]].tolist() == [6.5, 8.5]
    assert pd.isna(band.loc["x", "band_lower"])
