# SPDX-License-Identifier: MIT
"""Issue 19, part 5: a preset of a published index carries its method, and framework and recipe
settings have one precedence that the result reports.

References: the UNDP HDI published for 5,808 country-years (HDR 2023/24 time series, read by the
fixture of test_hdi.py), the HDR technical note's goalposts, and hand-computed small cases."""

from __future__ import annotations

import subprocess

import numpy as np
import pandas as pd
import pytest

import tijian as tj
from tijian.__main__ import _executable

from .test_hdi import hdi_tables  # noqa: F401  (the fixture)


def _matches(res: tj.Result, published: pd.Series) -> int:
    compared = published.dropna()
    got = res.scores["HDI"].reindex(compared.index).to_numpy()
    return int((np.round(got * 1000) / 1000 == compared.to_numpy()).sum())


def _diag(res: tj.Result, ident: str) -> pd.DataFrame:
    d = res.diagnostics
    return d[d["id"] == ident]


def test_hdi_preset_without_a_recipe_is_the_published_index(hdi_tables):  # noqa: F811
    wide, _, published = hdi_tables
    res = tj.score(wide, "hdi")  # no recipe: the preset's own (presets/recipes/hdi.toml)
    assert _matches(res, published) == 5808
    assert len(_diag(res, "recipe.from_preset")) == 1
    assert not (res.diagnostics["id"] == "recipe.not_preset").any()
    assert res.recipe == tj.Framework.preset("hdi").recipe
    # a missing input leaves the HDI missing, as in the published tables
    assert res.scores.loc[wide.isna().any(axis=1), "HDI"].isna().all()


def test_hdi_preset_with_another_recipe_says_so(hdi_tables):  # noqa: F811
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


def test_keywords_apply_over_the_preset_recipe(hdi_tables):  # noqa: F811
    wide, _, _ = hdi_tables
    res = tj.score(wide, "hdi", missing="skip_and_reweight")
    rec = res.recipe.to_dict()
    assert rec["normalise"]["method"] == "goalposts" and rec["missing"]["policy"] == "skip_and_reweight"
    note = _diag(res, "recipe.not_preset")
    assert "[missing]" in note.iloc[0]["message"] and "[normalise]" not in note.iloc[0]["message"]


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


def test_cli_uses_the_preset_recipe(tmp_path, hdi_tables):  # noqa: F811
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
