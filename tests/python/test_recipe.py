# SPDX-License-Identifier: MIT
"""Recipes from keyword arguments, dicts and TOML; canonical text and round trips."""

from __future__ import annotations

import pickle

import pytest

import tijian as tj


def test_defaults_and_canonical_text():
    r = tj.Recipe()
    d = r.to_dict()
    assert d["normalise"]["method"] == "min_max" and d["normalise"]["upper"] == 100.0
    assert d["weights"]["method"] == "given" and d["aggregate"]["method"] == "arithmetic"
    assert d["missing"]["policy"] == "skip_and_reweight" and d["ranks"]["ties"] == "min"
    assert r.unknown_columns == "error"
    assert tj.Recipe.from_toml(r.to_toml()) == r


def test_kwargs_dict_toml_agree(tmp_path):
    kwargs = dict(normalise={"method": "min_max", "upper": 1.0, "fit": "pooled",
                             "by_indicator": {"pm25": {"method": "goalposts"}}},
                  weights={"method": "entropy", "scope": "all_indicators", "overrides": {"GE": 2.0}},
                  aggregate={"method": "arithmetic", "by_level": {2: "geometric"}, "by_node": {"GF": {"method": "power_mean", "p": 0.5}}},
                  missing={"policy": "require_share", "min_share": 0.6}, ranks={"ties": "dense", "scope": "pooled"},
                  grades={"thresholds": [40.0, 60.0], "labels": ["不足", "中等", "优良"]}, unknown_columns="ignore")
    a = tj.Recipe(**kwargs)
    assert tj.Recipe.from_dict(kwargs) == a
    path = tmp_path / "recipe.toml"
    a.save(path)
    assert tj.Recipe.from_toml(path) == a
    assert tj.Recipe.from_toml(a.to_toml()) == a
    d = a.to_dict()
    assert d["aggregate"]["by_level"]["2"]["method"] == "geometric"
    assert d["aggregate"]["by_node"]["GF"]["p"] == 0.5
    assert d["normalise"]["by_indicator"]["pm25"]["method"] == "goalposts"
    assert d["normalise"]["by_indicator"]["pm25"]["upper"] == 1.0  # taken from [normalise]
    assert d["grades"]["labels"] == ["不足", "中等", "优良"]
    assert pickle.loads(pickle.dumps(a)) == a


def test_shorthands_and_replace():
    r = tj.Recipe(normalise="z_score", weights="critic", aggregate="geometric", missing="propagate", ranks="average")
    d = r.to_dict()
    assert (d["normalise"]["method"], d["weights"]["method"], d["aggregate"]["method"],
            d["missing"]["policy"], d["ranks"]["ties"]) == ("z_score", "critic", "geometric", "propagate", "average")
    s = r.replace(weights={"critic_directions": "ignore_direction"}, normalise="min_max")
    assert s.to_dict()["weights"]["method"] == "critic"
    assert s.to_dict()["weights"]["critic_directions"] == "ignore_direction"
    assert s.to_dict()["normalise"]["method"] == "min_max"
    assert r.to_dict()["normalise"]["method"] == "z_score"  # unchanged
    assert tj.Recipe.coerce(None, weights="entropy") == tj.Recipe(weights="entropy")
    assert tj.Recipe.coerce({"weights": "entropy"}) == tj.Recipe(weights="entropy")
    with pytest.raises(TypeError):
        r.replace(normalize="min_max")
    assert "weights='critic'" in repr(r)


def test_recipe_from_provenance_reproduces_the_run(green_city):
    data, fw, recipe = green_city
    res = tj.score(data, fw, recipe)
    again = tj.score(data, fw, tj.Recipe.from_toml(res.provenance["recipe"]))
    assert again.provenance == res.provenance
    assert again.scores.equals(res.scores)


def test_unknown_section_is_reported():
    with pytest.raises(tj.RecipeError) as info:
        tj.Recipe.from_dict({"weigths": "entropy"})
    assert info.value.id == "recipe.unknown_key" and "weigths" in str(info.value)
