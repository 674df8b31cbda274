# SPDX-License-Identifier: MIT
"""Issue 19, part 4: what COINr users asked for -- explicit weight sets in the uncertainty
analysis, COINr's method names, statistics of the raw data.

References: scores recomputed here in numpy from the min-max formula and the weights of each set
(hand-written); pandas' Pearson correlation of the raw and of the sign-flipped columns; COINr's
method list (../shared/reference/coinr.md §3, §5, §7)."""

from __future__ import annotations

import subprocess

import numpy as np
import pandas as pd
import pytest

import tijian as tj
from tijian.__main__ import _executable

DATA = pd.DataFrame({"pm25": [35.0, 20.0, 50.0, 41.0, 28.0, 33.0],
                     "green": [40.0, 45.0, 30.0, 43.0, 31.0, 38.0],
                     "parks": [12.0, 6.0, 16.0, 15.0, 10.0, 9.0]},
                    index=pd.Index(["qd", "jn", "zb", "wf", "yt", "ta"], name="city"))
FW = {"code": "IDX", "children": [{"code": "AIR", "children": [{"code": "pm25", "direction": "lower"}]},
                                  {"code": "GRN", "weight": 2, "children": [{"code": "green"},
                                                                           {"code": "parks", "weight": 3}]}]}


def _minmax(col: pd.Series, lower_is_better: bool = False) -> pd.Series:
    x = (col - col.min()) / (col.max() - col.min()) * 100
    return 100 - x if lower_is_better else x


def _index(air_w: float, grn_w: float, green_w: float, parks_w: float) -> np.ndarray:
    air = _minmax(DATA["pm25"], True)
    grn = (green_w * _minmax(DATA["green"]) + parks_w * _minmax(DATA["parks"])) / (green_w + parks_w)
    return ((air_w * air + grn_w * grn) / (air_w + grn_w)).to_numpy()


def test_explicit_weight_sets_are_sampled_and_scored():
    sets = {"experts": {"AIR": 1, "GRN": 1}, "survey": {"green": 1, "parks": 1}}
    ua = tj.uncertainty(DATA, FW, weight_sets=sets, runs=300, seed=3)
    want = {"experts": _index(1, 1, 1, 3), "survey": _index(1, 2, 1, 1)}  # unnamed groups: framework
    runs = ua.runs
    assert set(runs["weight_set"]) == {"experts", "survey"}
    counts = runs["weight_set"].value_counts()
    assert counts.min() > 110  # uniform over 2 sets: 150 each expected, sd 8.7
    scores = ua.scores.to_numpy()
    for r, name in enumerate(runs["weight_set"]):
        np.testing.assert_allclose(scores[:, r], want[name], rtol=1e-13, atol=1e-12)
    # the same sets as a DataFrame (NaN = not in the set) and as a list (named set 1, set 2)
    frame = pd.DataFrame(sets).T
    again = tj.uncertainty(DATA, FW, weight_sets=frame, runs=300, seed=3)
    np.testing.assert_array_equal(again.scores.to_numpy(), scores)
    listed = tj.uncertainty(DATA, FW, weight_sets=list(sets.values()), runs=20, seed=3)
    assert set(listed.runs["weight_set"]) <= {"set 1", "set 2"}


def test_sensitivity_attributes_the_variance_to_a_single_weight_set_factor():
    # two sets that swap the ranks of qd and jn: under "air" (AIR only) jn (pm25 20) is above qd
    # (35); under "green" (GRN only, green and parks equal) qd (40, 12) is above jn (45, 6). qd's
    # rank then depends on the set alone: the weight_set factor's first-order and total indices
    # are near 1 (Monte Carlo estimates), and a second factor whose two alternatives are the
    # same method has no effect at all (its total index is exactly 0: y_A = y_AB for it).
    sets = {"air": {"AIR": 1, "GRN": 0}, "green": {"AIR": 0, "GRN": 1, "green": 1, "parks": 1}}
    air = pd.Series(_index(1, 0, 1, 3), index=DATA.index).rank(ascending=False)
    green = pd.Series(_index(0, 1, 1, 1), index=DATA.index).rank(ascending=False)
    assert air["jn"] < air["qd"] and green["qd"] < green["jn"]
    # quasi-random draws: Saltelli's first-order estimator of a non-centred output (a rank) is
    # noisy with pseudo-random ones
    sa = tj.sensitivity(DATA, FW, weight_sets=sets, output="unit_rank", unit="qd", n=1024, seed=5, bootstrap=0,
                        sampling="sobol", aggregations=["arithmetic", "arithmetic"])
    assert sa.indices.index.tolist() == ["aggregation", "weight_set"]
    assert sa.indices.loc["aggregation", "total"] == 0.0
    assert abs(sa.indices.loc["weight_set", "first"] - 1) < 0.1
    assert abs(sa.indices.loc["weight_set", "total"] - 1) < 0.1
    # every design run used one of the two sets, and qd's rank is that set's rank
    runs = sa.runs.runs
    assert set(runs["weight_set"]) == {"air", "green"}
    for name, want in (("air", air["qd"]), ("green", green["qd"])):
        assert (sa.runs.ranks.loc["qd", runs["weight_set"] == name] == want).all(), name
    # checked by the core as for uncertainty, and not with noise at the same time
    with pytest.raises(tj.RecipeError) as e:
        tj.sensitivity(DATA, FW, weight_sets={"x": {"nope": 1}}, n=8)
    assert e.value.id == "uncertainty.weight_set" and "'nope' is not a node" in str(e.value)
    with pytest.raises(tj.RecipeError) as e:
        tj.sensitivity(DATA, FW, weight_sets=sets, noise={1: 0.2}, n=8)
    assert e.value.id == "uncertainty.weight_set"
    # a number still counts the noisy weight sets of the weights factor
    assert tj.sensitivity(DATA, FW, weight_sets=50, noise={1: 0.2}, n=16, bootstrap=0).indices.index.tolist() == [
        "weights"]


@pytest.mark.parametrize("sets, needle", [
    ({"x": {"nope": 1}}, "'nope' is not a node"),
    ({"neg": {"AIR": -1, "GRN": 1}}, "weight set 'neg'"),
    ({"x": {"green": 1}}, "'parks'"),
    ({"x": {"AIR": 0, "GRN": 0}}, "sum to 0"),
    ({"x": {"IDX": 1}}, "composite index"),
])
def test_bad_weight_sets_are_refused_by_the_core(sets, needle):
    with pytest.raises(tj.RecipeError) as e:
        tj.uncertainty(DATA, FW, weight_sets=sets, runs=10)
    assert e.value.id == "uncertainty.weight_set" and needle in str(e.value)
    with pytest.raises(tj.RecipeError) as e:
        tj.uncertainty(DATA, FW, weight_sets={"x": {"AIR": 1, "GRN": 1}}, noise={1: 0.2}, runs=10)
    assert e.value.id == "uncertainty.weight_set"
    with pytest.raises(tj.RecipeError) as e:
        tj.uncertainty(DATA, FW, weight_sets={"x": {"AIR": "heavy"}}, runs=10)
    assert e.value.id == "uncertainty.weight_set"


def test_cli_weight_sets(tmp_path):
    exe = _executable()
    if exe is None:
        pytest.fail("the tijian program was not installed next to this Python (pip install .)")
    fw = tj.Framework.from_dict(FW)
    (tmp_path / "fw.toml").write_text(fw.to_toml(), encoding="utf-8")
    DATA.rename_axis("uCode").reset_index().to_csv(tmp_path / "data.csv", index=False)
    base = [exe, "uncertainty", "-f", str(tmp_path / "fw.toml"), "-d", str(tmp_path / "data.csv"), "-n", "50"]
    ok = subprocess.run(base + ["--weight-set", "experts:AIR=1,GRN=1", "--weight-set", "survey:green=1,parks=1"],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(base + ["--weight-set", "x:AIR=-1,GRN=1"], capture_output=True, text=True)
    assert bad.returncode == 2 and "uncertainty.weight_set" in bad.stderr and "'x'" in bad.stderr


# --- COINr's method names --------------------------------------------------------------------

@pytest.mark.parametrize("section, coinr, ours", [
    ("normalise", "n_minmax", "min_max"), ("normalise", "n_zscore", "z_score"), ("normalise", "n_rank", "rank"),
    ("normalise", "n_prank", "percentile_rank"), ("normalise", "n_borda", "borda"),
    ("normalise", "n_goalposts", "goalposts"), ("normalise", "n_fracmax", "fraction_of_max"),
    ("normalise", "n_dist2targ", "distance_to_target"), ("normalise", "n_dist2ref", "distance_to_reference"),
    ("aggregate", "a_amean", "arithmetic"), ("aggregate", "a_gmean", "geometric"),
    ("aggregate", "a_hmean", "harmonic"), ("aggregate", "a_genmean", "power_mean"),
    ("aggregate", "a_copeland", "copeland"),
])
def test_coinr_names_with_an_exact_equivalent(section, coinr, ours):
    key = "method"
    assert tj.Recipe(**{section: coinr}).to_dict()[section][key] == ours


@pytest.mark.parametrize("coinr, ours", [("i_mean", "mean"), ("i_median", "median"), ("i_mean_grp", "group_mean"),
                                         ("i_median_grp", "group_median")])
def test_coinr_imputation_names(coinr, ours):
    assert tj.Recipe(prepare={"impute": {"method": coinr}}).to_dict()["prepare"]["impute"]["method"] == ours


@pytest.mark.parametrize("coinr, nearest", [("n_scaled", "goalposts"), ("n_dist2max", "min_max")])
def test_coinr_names_without_an_exact_equivalent_are_refused_naming_the_nearest(coinr, nearest):
    with pytest.raises(tj.RecipeError) as e:
        tj.Recipe(normalise=coinr)
    assert e.value.id == "recipe.bad_value"
    assert f"the nearest is '{nearest}'" in str(e.value)


# --- statistics of the raw data ----------------------------------------------------------------

def test_stats_of_raw_prepared_and_normalised_values():
    data = DATA.copy()
    data.loc["ta", "green"] = np.nan
    fw = {"code": "IDX", "children": [{"code": "pm25", "direction": "lower"}, {"code": "green"}, {"code": "parks"}]}
    rec = {"prepare": {"impute": {"method": "mean"}}}
    raw = tj.stats(data, fw, rec, values="raw", level=2)
    prepared = tj.stats(data, fw, rec, values="prepared", level=2)
    normal = tj.stats(data, fw, rec, level=2)
    ind = raw.indicators.set_index("indicator")
    assert (raw.indicators["values"] == "raw").all() and (normal.indicators["values"] == "prepared").all()
    assert ind.loc["green", "available"] == 5  # before the imputation
    assert prepared.indicators.set_index("indicator").loc["green", "available"] == 6
    assert ind.loc["pm25", "mean"] == pytest.approx(data["pm25"].mean(), rel=1e-14)
    # within-group correlations: raw values keep pm25's sign, normalised values flip it
    def r(rep, a, b):
        c = rep.correlations
        row = c[(c["relation"] == "within_group") & (((c["a"] == a) & (c["b"] == b)) | ((c["a"] == b) & (c["b"] == a)))]
        return float(row["r"].iloc[0]), row["values"].iloc[0]
    got, label = r(raw, "pm25", "parks")
    assert label == "raw"
    assert got == pytest.approx(data["pm25"].corr(data["parks"]), rel=1e-12)
    got, label = r(normal, "pm25", "parks")
    assert label == "normalised"
    assert got == pytest.approx((-data["pm25"]).corr(data["parks"]), rel=1e-12)
    # correlations of a node with its parent stay on normalised values and scores, and say so
    parents = raw.correlations[raw.correlations["relation"] == "with_parent"]
    assert len(parents) and (parents["values"] == "normalised").all()
    assert (raw.alpha["values"] == "raw").all() and (raw.pca["values"] == "raw").all()
    with pytest.raises(tj.RecipeError) as e:
        tj.stats(data, fw, values="standardised")
    assert e.value.id == "stats.values"
