# SPDX-License-Identifier: MIT
"""COPRAS, WASPAS, MOORA (mcda_ratio.hpp) and grey relational analysis, grey-TOPSIS
(mcda_grey.hpp) through the public entry (tj.score with a recipe), against independent
references on the same data.

Conventions. With normalise = "none" a lower-is-better indicator arrives as -x; COPRAS and
WASPAS read such a negative child as the paper's cost criterion of x and MOORA's ratio of -x is
minus x's ratio, so tijian with "none" equals pymcdm on the raw matrix.

  WASPAS  pymcdm WASPAS(linear_normalization, l) at 1e-12, for l = 0.5 and l != 0.5.
  MOORA   ratio system: pymcdm MOORA at 1e-12; reference point (pymcdm has none): Brauers &
          Zavadskas 2006's Tchebycheff distance computed here from pymcdm's weighted ratios.
  COPRAS  pymcdm 1.4 computes S+ and S- as Zavadskas et al. 1994 do, then Q = S+ + S- (its
          "rel_sign"), not the paper's Q = S+ + sum S- / (S- sum 1/S-). The test checks S+ and
          S- against pymcdm's verbose tables, U against the paper's formula on them, and a
          small case by hand.
  grey    Deng's grey relational grade, and grey-TOPSIS of 孙晓东, 焦玥, 胡劲松 (2005, 中国管理
          科学 13(4) 63-68), re-implemented here in numpy from the published formulas, plus
          small cases by hand.
"""

from __future__ import annotations

import json
import pickle

import numpy as np
import pandas as pd
import pytest

import tijian as tj

pymcdm = pytest.importorskip("pymcdm")
from pymcdm import normalizations  # noqa: E402
from pymcdm.methods import COPRAS, MOORA, WASPAS  # noqa: E402

TYPES = np.array([1, -1, 1, 1, -1, 1])
WEIGHTS = np.array([3.0, 1.0, 2.0, 1.5, 0.5, 2.0])
TOL = 1e-12
MINMAX01 = {"method": "min_max", "lower": 0.0, "upper": 1.0}


@pytest.fixture(scope="module")
def matrix() -> np.ndarray:
    X = np.random.default_rng(1919).uniform(1, 50, (60, len(TYPES)))
    X[-1] = X[0]  # a duplicated row: a tie
    return X


@pytest.fixture(scope="module")
def framework() -> tj.Framework:
    return tj.Framework.from_dict({"code": "IDX", "children": [
        {"code": f"c{j}", "weight": float(w), "direction": "higher" if t > 0 else "lower"}
        for j, (t, w) in enumerate(zip(TYPES, WEIGHTS))]})


@pytest.fixture(scope="module")
def frame(matrix) -> pd.DataFrame:
    return pd.DataFrame(matrix, columns=[f"c{j}" for j in range(len(TYPES))],
                        index=pd.Index([f"u{i:02d}" for i in range(len(matrix))], name="unit"))


def w() -> np.ndarray:
    return WEIGHTS / WEIGHTS.sum()


def score(frame, framework, aggregate, normalise="none", **kw) -> np.ndarray:
    return tj.score(frame, framework, tj.Recipe(normalise=normalise, aggregate=aggregate, **kw)).scores["IDX"].to_numpy()


def verbose(method, X, weights, types) -> dict:
    return {t.desc.label: t.data for t in method(X, weights, types, verbose=True).results}


# ------------------------------------------------------------------------------------ WASPAS

@pytest.mark.parametrize("lam", [0.5, 0.2, 0.85, 1.0, 0.0])
def test_waspas_equals_pymcdm_on_raw_values(frame, framework, matrix, lam):
    res = tj.score(frame, framework, tj.Recipe(normalise="none", aggregate={"method": "waspas", "lambda": lam},
                                               ranks="average"))
    peer = WASPAS(normalizations.linear_normalization, l=lam)(matrix, w(), TYPES)
    np.testing.assert_allclose(res.scores["IDX"].to_numpy(), peer, rtol=0, atol=TOL)
    np.testing.assert_array_equal(res.ranks["IDX"].to_numpy(), pymcdm.helpers.rankdata(peer, reverse=True))


def test_waspas_default_lambda_is_half(frame, framework):
    np.testing.assert_array_equal(score(frame, framework, "waspas"),
                                  score(frame, framework, {"method": "waspas", "lambda": 0.5}))


def test_waspas_on_mixed_signs_is_an_error_naming_the_unit(frame, framework):
    with pytest.raises(tj.RecipeError, match="one sign"):
        score(frame, framework, "waspas", normalise="z_score")


# ------------------------------------------------------------------------------------- MOORA

def test_moora_ratio_system_equals_pymcdm(frame, framework, matrix):
    res = tj.score(frame, framework, tj.Recipe(normalise="none", aggregate="moora", ranks="average"))
    peer = MOORA()(matrix, w(), TYPES)
    np.testing.assert_allclose(res.scores["IDX"].to_numpy(), peer, rtol=0, atol=TOL)
    np.testing.assert_array_equal(res.ranks["IDX"].to_numpy(), pymcdm.helpers.rankdata(peer, reverse=True))


def test_moora_reference_point_by_the_formula(frame, framework, matrix):
    # Brauers & Zavadskas 2006: reference r_k = max weighted ratio of a benefit criterion, min of
    # a cost one; a unit's distance is max_k |r_k - ratio_ik| (smaller is better); score = -distance
    got = score(frame, framework, {"method": "moora", "moora": "reference_point"})
    R = verbose(MOORA(), matrix, w(), TYPES)["wnmatrix"]
    ref = np.where(TYPES > 0, R.max(axis=0), R.min(axis=0))
    np.testing.assert_allclose(got, -np.abs(ref - R).max(axis=1), rtol=0, atol=TOL)


# ------------------------------------------------------------------------------------ COPRAS

def test_copras_parts_equal_pymcdm_and_utility_follows_zavadskas(frame, framework, matrix):
    got = score(frame, framework, "copras")
    v = verbose(COPRAS(), matrix, w(), TYPES)
    Sp, Sm = v["smax"], v["smin"]  # pymcdm's S+ and S- (sum normalisation, weighted)
    Q = Sp + Sm.min() * Sm.sum() / (Sm * (Sm.min() / Sm).sum())  # Zavadskas et al. 1994
    np.testing.assert_allclose(got, Q / Q.max(), rtol=0, atol=TOL)
    # pymcdm's own Q is S+ + S- (the cost sum raises the utility): a different number
    np.testing.assert_allclose(v["rel_sign"], Sp + Sm, rtol=1e-14)
    assert np.max(np.abs(COPRAS()(matrix, w(), TYPES) - got)) > 1e-3


def test_copras_small_case_by_hand():
    # benefit b = (2, 1, 1), cost c = (1, 2, 1), equal weights: S+ = 0.5 b / 4, S- = 0.5 c / 4
    # = (1/8, 1/4, 1/8); sum S- = 1/2, sum 1/S- = 20, Q = S+ + (1/2) / (20 S-) = (0.45, 0.225,
    # 0.325), U = Q / 0.45 = (1, 1/2, 13/18)
    fw = tj.Framework.from_dict({"code": "I", "children": [{"code": "b"}, {"code": "c", "direction": "lower"}]})
    df = pd.DataFrame({"b": [2.0, 1.0, 1.0], "c": [1.0, 2.0, 1.0]}, index=pd.Index(list("xyz"), name="unit"))
    got = tj.score(df, fw, tj.Recipe(normalise="none", aggregate="copras")).scores["I"].to_numpy()
    np.testing.assert_allclose(got, [1.0, 0.5, 13 / 18], rtol=0, atol=1e-15)


# -------------------------------------------------------------------------------------- grey

def grey_grade(Y: np.ndarray, weights: np.ndarray, rho: float) -> np.ndarray:
    """Deng's grade to the ideal (column maxima) of the oriented matrix Y."""
    D = np.abs(Y.max(axis=0) - Y)
    xi = (D.min() + rho * D.max()) / (D + rho * D.max())
    return xi @ weights / weights.sum()


def grey_topsis(Y: np.ndarray, weights: np.ndarray, rho: float, alpha: float) -> np.ndarray:
    """孙晓东, 焦玥, 胡劲松 (2005): grey degree and Euclidean distance on V = w Y."""
    V = Y * (weights / weights.sum())
    hi, lo = V.max(axis=0), V.min(axis=0)
    Dp, Dm = np.sqrt(((V - hi) ** 2).sum(axis=1)), np.sqrt(((V - lo) ** 2).sum(axis=1))

    def degree(delta):
        return ((delta.min() + rho * delta.max()) / (delta + rho * delta.max())).mean(axis=1)

    rp, rm = degree(np.abs(V - hi)), degree(np.abs(V - lo))
    Dp, Dm, rp, rm = Dp / Dp.max(), Dm / Dm.max(), rp / rp.max(), rm / rm.max()
    Sp, Sm = alpha * Dm + (1 - alpha) * rp, alpha * Dp + (1 - alpha) * rm
    return Sp / (Sp + Sm)


def minmax01(X: np.ndarray) -> np.ndarray:
    return pymcdm.helpers.normalize_matrix(X, normalizations.minmax_normalization, TYPES)


@pytest.mark.parametrize("rho", [0.5, 0.3, 1.0])
def test_grey_relational_grade_by_the_formula(frame, framework, matrix, rho):
    got = score(frame, framework, {"method": "grey_relational", "rho": rho}, normalise=MINMAX01)
    np.testing.assert_allclose(got, grey_grade(minmax01(matrix), WEIGHTS, rho), rtol=0, atol=TOL)


def test_grey_relational_small_case_by_hand():
    # min-max 0-1 columns a = (1, 0, 0.5), b = (0, 1, 1); ideal (1, 1); D = (0, 1), (1, 0),
    # (0.5, 0); D_min = 0, D_max = 1, rho = 0.5: xi = 0.5 / (D + 0.5) -> (1, 1/3), (1/3, 1),
    # (1/2, 1); weights 3 : 1 -> grades (10/12, 6/12, 5/8)
    fw = tj.Framework.from_dict({"code": "I", "children": [{"code": "a", "weight": 3.0}, {"code": "b", "weight": 1.0}]})
    df = pd.DataFrame({"a": [10.0, 0.0, 5.0], "b": [2.0, 4.0, 4.0]}, index=pd.Index(list("xyz"), name="unit"))
    got = tj.score(df, fw, tj.Recipe(normalise=MINMAX01, aggregate="grey_relational")).scores["I"].to_numpy()
    np.testing.assert_allclose(got, [10 / 12, 6 / 12, 5 / 8], rtol=0, atol=1e-15)


@pytest.mark.parametrize("rho, alpha", [(0.5, 0.5), (0.5, 0.3), (0.8, 1.0), (0.2, 0.0)])
def test_grey_topsis_by_the_formula(frame, framework, matrix, rho, alpha):
    got = score(frame, framework, {"method": "grey_topsis", "rho": rho, "alpha": alpha}, normalise=MINMAX01)
    np.testing.assert_allclose(got, grey_topsis(minmax01(matrix), WEIGHTS, rho, alpha), rtol=0, atol=TOL)


def test_grey_topsis_small_case_by_hand():
    # the case above with equal weights: V = Y / 2, columns (0.5, 0, 0.25), (0, 0.5, 0.5)
    # D+ = (0.5, 0.5, sqrt(0.0625)) = (0.5, 0.5, 0.25); D- = (0.5, 0.5, sqrt(0.0625 + 0.25))
    # grey to the ideal: deltas (0, .5), (.5, 0), (.25, 0); max 0.5, xi = 0.25 / (d + 0.25)
    #   -> r+ = mean: (1 + 1/3)/2 = 2/3, 2/3, (1/2 + 1)/2 = 3/4
    # to the anti-ideal: deltas (.5, 0), (0, .5), (.25, .5) -> r- = 2/3, 2/3, (1/2 + 1/3)/2 = 5/12
    # each over its maximum, alpha = 0.5: C = S+ / (S+ + S-)
    fw = tj.Framework.from_dict({"code": "I", "children": [{"code": "a"}, {"code": "b"}]})
    df = pd.DataFrame({"a": [10.0, 0.0, 5.0], "b": [2.0, 4.0, 4.0]}, index=pd.Index(list("xyz"), name="unit"))
    got = tj.score(df, fw, tj.Recipe(normalise=MINMAX01, aggregate="grey_topsis")).scores["I"].to_numpy()
    dm = np.sqrt(0.0625 + 0.25)
    Dp, Dm = np.array([1.0, 1.0, 0.5]), np.array([0.5, 0.5, dm]) / dm
    rp, rm = np.array([2 / 3, 2 / 3, 3 / 4]) / 0.75, np.array([2 / 3, 2 / 3, 5 / 12]) / (2 / 3)
    Sp, Sm = 0.5 * Dm + 0.5 * rp, 0.5 * Dp + 0.5 * rm
    np.testing.assert_allclose(got, Sp / (Sp + Sm), rtol=0, atol=1e-15)
    assert got[2] > got[0] == pytest.approx(got[1])


# -------------------------------------------------------------------------------- properties

ALL = ["copras", "waspas", "moora", {"method": "moora", "moora": "reference_point"},
       "grey_relational", "grey_topsis"]


@pytest.mark.parametrize("agg, norm", [(a, "none") for a in ALL[:4]] + [(a, "min_max") for a in ALL], ids=str)
def test_invariant_to_a_positive_scale_of_an_indicator(frame, framework, agg, norm):
    # the ratio methods normalise inside (sum, x / max, x / ||x||): invariant on raw values; the
    # grey methods share one difference scale over the children: invariant after min-max
    scaled = frame.assign(c1=frame["c1"] * 1000.0, c2=frame["c2"] * 0.01)
    np.testing.assert_allclose(score(scaled, framework, agg, normalise=norm),
                               score(frame, framework, agg, normalise=norm), rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("agg", ["copras", "waspas", "moora", "grey_topsis", "grey_relational"], ids=str)
def test_improving_the_best_unit_keeps_it_first(frame, framework, agg):
    # raising a unit's higher-is-better values (to above everyone's) makes it the ideal on those
    # children: it ranks first whatever the method
    better = frame.copy()
    for c in ("c0", "c2", "c3", "c5"):
        better.loc["u07", c] = frame[c].max() * 1.5
    for c in ("c1", "c4"):
        better.loc["u07", c] = frame[c].min() * 0.5
    res = tj.score(better, framework, tj.Recipe(normalise="none" if agg in ("copras", "waspas", "moora") else MINMAX01,
                                                aggregate=agg))
    assert res.ranks.loc["u07", "IDX"] == 1


@pytest.mark.parametrize("agg", ["copras", "waspas", "moora"])
def test_a_unit_gains_when_its_benefit_value_rises(frame, framework, agg):
    before = score(frame, framework, agg)
    up = frame.copy()
    up.loc["u10", "c3"] *= 1.2
    after = score(up, framework, agg)
    assert after[10] > before[10]


# ----------------------------------------------------------------------- recipe and results

@pytest.mark.parametrize("agg, error", [
    ({"method": "waspas", "lambda": 1.5}, r"\[0, 1\]; got 1\.5"),
    ({"method": "grey_relational", "rho": 0.0}, r"\(0, 1\]; got 0"),
    ({"method": "grey_topsis", "alpha": -0.1}, r"\[0, 1\]; got -0\.1"),
    ({"method": "moora", "moora": "full_multiplicative"}, "reference_point"),
])
def test_bad_parameters_name_their_range(agg, error):
    with pytest.raises(tj.RecipeError, match=error):
        tj.Recipe(aggregate=agg)


def test_recipe_round_trip_and_per_node_choice(frame, matrix):
    fw = tj.Framework.from_dict({"code": "IDX", "children": [
        {"code": "A", "children": [{"code": "c0"}, {"code": "c1", "direction": "lower"}, {"code": "c2"}]},
        {"code": "B", "children": [{"code": "c3"}, {"code": "c4", "direction": "lower"}, {"code": "c5"}]}]})
    r = tj.Recipe(normalise="none", aggregate={"method": "arithmetic", "by_node": {
        "A": {"method": "waspas", "lambda": 0.3}, "B": {"method": "grey_topsis", "rho": 0.4, "alpha": 0.6}}})
    text = r.to_toml()
    assert "lambda = 0.3" in text and "alpha = 0.6" in text and "rho = 0.4" in text
    assert tj.Recipe.from_toml(text).to_toml() == text
    res = tj.score(frame, fw, r)
    peer = WASPAS(l=0.3)(matrix[:, :3], np.ones(3) / 3, TYPES[:3])
    np.testing.assert_allclose(res.scores["A"].to_numpy(), peer, rtol=0, atol=TOL)
    # a plain recipe's text does not gain the new keys
    assert "lambda" not in tj.Recipe(aggregate="topsis").to_toml()


def test_parameters_survive_pickle(frame, framework):
    for agg, col, value in [({"method": "waspas", "lambda": 0.2}, "waspas_lambda", 0.2),
                            ({"method": "moora", "moora": "reference_point"}, "moora_system", "reference_point"),
                            ({"method": "grey_topsis", "rho": 0.3, "alpha": 0.7}, "grey_alpha", 0.7)]:
        res = tj.score(frame, framework, tj.Recipe(normalise="none" if agg["method"] != "grey_topsis" else "min_max",
                                                   aggregate=agg))
        copy = pickle.loads(pickle.dumps(res))
        root = next(n for n in json.loads(copy.to_json())["nodes"] if n["code"] == "IDX")
        assert root[col] == value
        assert tj.Recipe.from_toml(copy.recipe.to_toml()).to_toml() == res.recipe.to_toml()


def test_method_choice_as_an_uncertain_factor(frame, framework):
    # no weight noise: each run is the nominal recipe with the sampled aggregation, so its scores
    # are tj.score's with that method (min-max 0-100, the default normalisation)
    alts = ["arithmetic", "copras", {"method": "waspas", "lambda": 0.3}, "moora", "grey_relational",
            {"method": "grey_topsis", "alpha": 0.4}]
    ua = tj.uncertainty(frame, framework, aggregations=alts, runs=60, seed=5)
    assert ua.failures.empty
    runs = ua.runs
    want = {i: score(frame, framework, a, normalise="min_max") for i, a in enumerate(alts)}
    labels = ["arithmetic", "copras", "waspas(lambda=0.3)", "moora", "grey_relational", "grey_topsis(alpha=0.4)"]
    assert set(runs["aggregation"]) == set(labels)  # 60 draws of 6: each drawn
    for r in range(60):
        i = labels.index(runs.loc[r, "aggregation"])
        np.testing.assert_allclose(ua.scores[r].to_numpy(), want[i], rtol=0, atol=1e-12)


# ------------------------------------------------------------------------------- min and max

def test_minimum_and_maximum_of_children(frame, framework):
    # the smallest / largest normalised child of each unit (numpy on tj's normalised values); a
    # child of weight 0 is left out; a missing child too
    z = tj.score(frame, framework, tj.Recipe(aggregate="minimum")).normalised.to_numpy()
    for agg, f in (("minimum", np.min), ("max", np.max)):
        np.testing.assert_array_equal(score(frame, framework, agg, normalise="min_max"), f(z, axis=1))
    fw0 = tj.Framework.from_dict({"code": "I", "children": [{"code": "a"}, {"code": "b"}, {"code": "c", "weight": 0.0}]})
    df = pd.DataFrame({"a": [1.0, 5.0, np.nan], "b": [4.0, 2.0, 3.0], "c": [0.0, 9.0, 0.0]},
                      index=pd.Index(list("xyz"), name="unit"))
    got = tj.score(df, fw0, tj.Recipe(normalise="none", aggregate="minimum")).scores["I"].tolist()
    assert got == [1.0, 2.0, 3.0]
    assert tj.score(df, fw0, tj.Recipe(normalise="none", aggregate="maximum")).scores["I"].tolist() == [4.0, 5.0, 3.0]
