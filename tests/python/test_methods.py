# SPDX-License-Identifier: MIT
"""Ranking methods that compare units (TOPSIS, PROMETHEE II) against pymcdm on the same data,
through the public entry (tj.score with a recipe), and the bugs of issue 19 with tests that
failed before their fix.

Conventions. tijian normalises first (the recipe's normalise, direction-aware) and the method
works on the oriented normalised children; pymcdm's TOPSIS normalises inside with the same
direction-aware formulas (minmax_normalization, vector_normalization), so the two agree to
1e-12. PROMETHEE II with normalise = "none" orients lower-is-better columns as -x, so the
differences are pymcdm's cost differences of the raw matrix and the thresholds are in raw units.
VIKOR's (f* - y) / (f* - f-) is unchanged by a positive affine map of a column, so tijian with
any linear normalisation equals pymcdm's VIKOR of the raw matrix; the node score is 1 - Q.
EDAS divides by |average| of the oriented column, which with normalise = "none" is pymcdm's
EDAS of the raw (positive) matrix, cost columns included.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tijian as tj

pymcdm = pytest.importorskip("pymcdm")
from pymcdm import normalizations  # noqa: E402
from pymcdm.methods import EDAS, PROMETHEE_II, TOPSIS, VIKOR  # noqa: E402

TYPES = np.array([1, -1, 1, 1, -1, 1])
WEIGHTS = np.array([3.0, 1.0, 2.0, 1.5, 0.5, 2.0])
TOL = 1e-12


@pytest.fixture(scope="module")
def matrix() -> np.ndarray:
    X = np.random.default_rng(19).uniform(1, 50, (60, len(TYPES)))
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


@pytest.mark.parametrize("tj_norm, peer_norm", [
    ({"method": "min_max", "lower": 0.0, "upper": 1.0}, normalizations.minmax_normalization),
    ({"method": "min_max"}, normalizations.minmax_normalization),  # 0-100: C does not change
    ({"method": "vector"}, normalizations.vector_normalization),
])
def test_topsis_equals_pymcdm(frame, framework, matrix, tj_norm, peer_norm):
    res = tj.score(frame, framework, tj.Recipe(normalise=tj_norm, aggregate="topsis", ranks="average"))
    peer = TOPSIS(peer_norm)(matrix, w(), TYPES)
    np.testing.assert_allclose(res.scores["IDX"].to_numpy(), peer, rtol=0, atol=TOL)
    np.testing.assert_array_equal(res.ranks["IDX"].to_numpy(), pymcdm.helpers.rankdata(peer, reverse=True))


@pytest.mark.parametrize("pf, q, p, s", [
    ("usual", None, None, None),
    ("ushape", 2.0, None, None),
    ("vshape", None, 12.0, None),
    ("level", 3.0, 9.0, None),
    ("vshape_2", 2.0, 15.0, None),
])
def test_promethee_equals_pymcdm_on_raw_values(frame, framework, matrix, pf, q, p, s):
    agg = {"method": "promethee_ii", "preference": pf}
    agg.update({k: v for k, v in (("q", q), ("p", p)) if v is not None})
    # flows are sums of weights / (n - 1): units whose flows are equal in exact arithmetic can
    # differ by an ulp in either library, so ranks are compared with ties within 1e-10
    res = tj.score(frame, framework, tj.Recipe(normalise="none", aggregate=agg,
                                               ranks={"ties": "average", "tolerance": 1e-10}))
    m = len(TYPES)
    peer = PROMETHEE_II(pf, p=None if p is None else [p] * m, q=None if q is None else [q] * m)(matrix, w(), TYPES)
    np.testing.assert_allclose(res.scores["IDX"].to_numpy(), peer, rtol=0, atol=TOL)
    np.testing.assert_array_equal(res.ranks["IDX"].to_numpy(), pymcdm.helpers.rankdata(np.round(peer, 10), reverse=True))


def test_promethee_on_normalised_values_equals_pymcdm_on_the_normalised_matrix(frame, framework, matrix):
    # min-max 0-1 first (tijian's recipe), then V-shape with indifference, q = 0.05, p = 0.3
    res = tj.score(frame, framework, tj.Recipe(normalise={"method": "min_max", "lower": 0.0, "upper": 1.0},
                                               aggregate={"method": "promethee", "preference": "linear",
                                                          "q": 0.05, "p": 0.3}))
    N = pymcdm.helpers.normalize_matrix(matrix, normalizations.minmax_normalization, TYPES)
    m = len(TYPES)
    peer = PROMETHEE_II("vshape_2", p=[0.3] * m, q=[0.05] * m)(N, w(), np.ones(m))
    np.testing.assert_allclose(res.scores["IDX"].to_numpy(), peer, rtol=0, atol=TOL)


def test_promethee_gaussian_by_the_formula(frame, framework, matrix):
    # pymcdm has no Gaussian criterion: the net flow computed here from Brans & Vincke's type VI,
    # P(d) = 1 - exp(-d^2 / (2 s^2)) for d > 0, on the oriented raw values
    s = 8.0
    res = tj.score(frame, framework, tj.Recipe(normalise="none",
                                               aggregate={"method": "promethee_ii", "preference": "gaussian", "s": s}))
    Y = matrix * TYPES
    D = Y[:, None, :] - Y[None, :, :]
    P = np.where(D > 0, 1 - np.exp(-D**2 / (2 * s * s)), 0.0)
    pi = (P * w()).sum(axis=2)
    phi = (pi.sum(axis=1) - pi.sum(axis=0)) / (len(matrix) - 1)
    np.testing.assert_allclose(res.scores["IDX"].to_numpy(), phi, rtol=0, atol=TOL)


def test_topsis_per_period_is_each_period_on_its_own(frame, framework, matrix):
    # two periods: the ideal is the best unit of each period, so each equals pymcdm on its rows
    panel = pd.concat([frame.assign(year=2020), (frame * 1.1).assign(year=2021)])
    panel.index = pd.MultiIndex.from_arrays([panel.index, panel.pop("year")], names=["unit", "year"])
    res = tj.score(panel, framework, tj.Recipe(normalise="vector", aggregate="topsis"))
    got = res.scores["IDX"].to_numpy()
    n = len(matrix)
    for k, X in enumerate((matrix, matrix * 1.1)):
        peer = TOPSIS(normalizations.vector_normalization)(X, w(), TYPES)
        np.testing.assert_allclose(got[k * n:(k + 1) * n], peer, rtol=0, atol=TOL)


def test_methods_are_invariant_to_a_positive_scale_of_an_indicator(frame, framework):
    # min-max and vector normalisation remove the unit of measure, so the scores do not move
    scaled = frame.assign(c1=frame["c1"] * 1000.0, c2=frame["c2"] * 0.01)
    for norm in ("min_max", "vector"):
        for agg in ("topsis", "promethee_ii"):
            a = tj.score(frame, framework, tj.Recipe(normalise=norm, aggregate=agg)).scores["IDX"]
            b = tj.score(scaled, framework, tj.Recipe(normalise=norm, aggregate=agg)).scores["IDX"]
            np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=0, atol=1e-12)


def test_recipe_round_trip_of_the_new_keys():
    r = tj.Recipe(aggregate={"method": "promethee_ii", "preference": "level", "q": 0.1, "p": 0.2})
    again = tj.Recipe.from_toml(r.to_toml())
    assert again.to_toml() == r.to_toml()
    assert 'preference = "level"' in r.to_toml()
    with pytest.raises(tj.RecipeError):
        tj.Recipe(aggregate={"method": "promethee_ii", "preference": "sigmoid"})


@pytest.mark.parametrize("norm", ["none", "min_max", "z_score"])
@pytest.mark.parametrize("v", [0.5, 0.2, 1.0])
def test_vikor_equals_pymcdm(frame, framework, matrix, norm, v):
    res = tj.score(frame, framework, tj.Recipe(normalise=norm, aggregate={"method": "vikor", "v": v}, ranks="average"))
    Q = VIKOR(v=v)(matrix, w(), TYPES)
    np.testing.assert_allclose(1.0 - res.scores["IDX"].to_numpy(), Q, rtol=0, atol=TOL)
    table = res.vikor("IDX")
    np.testing.assert_allclose(table["Q"].to_numpy(), Q, rtol=0, atol=TOL)
    # S and R from pymcdm's verbose tables
    verbose = {t.desc.label: t.data for t in VIKOR(v=v)(matrix, w(), TYPES, verbose=True).results}
    S, R = verbose["s"], verbose["r"]
    np.testing.assert_allclose(table["S"].to_numpy(), S, rtol=0, atol=TOL)
    np.testing.assert_allclose(table["R"].to_numpy(), R, rtol=0, atol=TOL)
    # the ranks by Q (VIKOR ranks ascending) are the node's ranks, best = 1
    np.testing.assert_array_equal(res.ranks["IDX"].to_numpy(),
                                  pymcdm.helpers.rankdata(Q, reverse=False).astype(float))


def test_vikor_acceptance_conditions_follow_opricovic_tzeng(frame, framework, matrix):
    t = tj.score(frame, framework, tj.Recipe(aggregate="vikor")).vikor("IDX")
    Q, S, R = t["Q"].to_numpy(), t["S"].to_numpy(), t["R"].to_numpy()
    order = np.argsort(Q, kind="stable")
    dq = 1 / (len(Q) - 1)
    c1 = Q[order[1]] - Q[order[0]] >= dq
    c2 = S[order[0]] == S.min() or R[order[0]] == R.min()
    assert t["acceptable_advantage"].all() == c1 and t["acceptable_stability"].all() == c2
    expected = {order[0]} if c1 and c2 else ({order[0], order[1]} if c1 else set(np.flatnonzero(Q - Q[order[0]] < dq)))
    assert set(np.flatnonzero(t["compromise"].to_numpy())) == expected


def test_edas_equals_pymcdm_on_raw_values(frame, framework, matrix):
    res = tj.score(frame, framework, tj.Recipe(normalise="none", aggregate="edas", ranks="average"))
    peer = EDAS()(matrix, w(), TYPES)
    np.testing.assert_allclose(res.scores["IDX"].to_numpy(), peer, rtol=0, atol=TOL)
    np.testing.assert_array_equal(res.ranks["IDX"].to_numpy(), pymcdm.helpers.rankdata(peer, reverse=True))


def test_edas_on_a_positive_normalisation_equals_pymcdm_on_that_matrix(frame, framework, matrix):
    # min-max 1-100 (a positive range: EDAS divides by the average), then every column a benefit
    res = tj.score(frame, framework, tj.Recipe(normalise={"method": "min_max", "lower": 1.0, "upper": 100.0},
                                               aggregate="edas"))
    N = 1 + 99 * pymcdm.helpers.normalize_matrix(matrix, normalizations.minmax_normalization, TYPES)
    np.testing.assert_allclose(res.scores["IDX"].to_numpy(), EDAS()(N, w(), np.ones(len(TYPES))), rtol=0, atol=1e-10)


def test_rank_tie_tolerance(frame, framework):
    res = tj.score(frame, framework, tj.Recipe(aggregate="topsis", ranks={"ties": "min", "tolerance": 0.05}))
    s = res.scores["IDX"].to_numpy()
    r = res.ranks["IDX"].to_numpy()
    best = s.argmax()
    close = np.flatnonzero(s >= s[best] - 0.05)
    assert (r[close] == 1).all() and (r[s < s[best] - 0.05] > 1).all()
    assert 'tolerance = 0.05' in res.recipe.to_toml()


def test_sum_normalisation_equals_pymcdm(frame, framework, matrix):
    res = tj.score(frame, framework, tj.Recipe(normalise="sum"))
    peer = pymcdm.helpers.normalize_matrix(matrix, normalizations.sum_normalization, TYPES)
    np.testing.assert_allclose(res.normalised.to_numpy(), peer, rtol=1e-13, atol=0)


# ------------------------------------------------------------------------------- issue 19 bugs

@pytest.mark.parametrize("k", [6, 7, 9, 10])
def test_copeland_exact_half_is_a_tie(k):
    # six indicators alternating 2,1 / 1,2: each unit wins half of the weight; with sibling weights
    # 1/6, 1/7, 1/9, 1/10 the float comparison with 1/2 gave +1 / -1 before the fix
    fw = tj.Framework.from_dict({"code": "I", "children": [{"code": f"x{j}"} for j in range(k)]})
    a = [2.0 if j % 2 == 0 else 1.0 for j in range(k)]
    b = [1.0 if j % 2 == 0 else 2.0 for j in range(k)]
    if k % 2:
        a[0] = b[0] = 1.0
    df = pd.DataFrame([a, b], columns=[f"x{j}" for j in range(k)], index=pd.Index(["a", "b"], name="unit"))
    res = tj.score(df, fw, tj.Recipe(normalise="none", aggregate="copeland"))
    assert res.scores["I"].tolist() == [0.0, 0.0]


@pytest.mark.parametrize("index", ["range", "unit", "multi"])
def test_prepare_finds_group_columns_whatever_the_index(index):
    df = pd.DataFrame({"unit": list("abcd"), "year": [2020] * 4, "region_group": ["e", "e", "w", "w"],
                       "x": [1.0, np.nan, 10.0, 20.0], "y": [5.0, 7.0, 8.0, 9.0]})
    if index == "unit":
        df = df.drop(columns="year").set_index("unit")
    elif index == "multi":
        df = df.set_index(["unit", "year"])
    fw = {"code": "I", "children": [{"code": "x"}, {"code": "y"}]}
    p = tj.prepare(df, fw, impute={"method": "group_mean", "group": "region_group"})
    assert np.asarray(p.imputed["x"])[1] == 1.0  # the mean of the east group, not of everyone


def test_normalise_none_says_it_orients_lower_is_better():
    fw = tj.Framework.from_dict({"code": "I", "children": [{"code": "good"}, {"code": "bad", "direction": "lower"}]})
    df = pd.DataFrame({"good": [3.0, 1.0], "bad": [10.0, 20.0]}, index=pd.Index(["a", "b"], name="unit"))
    res = tj.score(df, fw, tj.Recipe(normalise="none"))
    assert res.normalised["bad"].tolist() == [-10.0, -20.0]
    said = res.diagnostics[res.diagnostics["id"] == "normalise.none_oriented"]
    assert len(said) == 1 and said["level"].iloc[0] == "warning" and "bad (-x)" in said["message"].iloc[0]


def test_vikor_and_promethee_parameters_survive_pickle(frame, framework):
    # a result is pickled through its JSON document, whose nodes table carries v, q, p, s and the
    # preference function: the VIKOR table of the copy is the original's, not one with v = 0.5
    import json
    import pickle

    res = tj.score(frame, framework, tj.Recipe(aggregate={"method": "vikor", "v": 0.2}))
    default = tj.score(frame, framework, tj.Recipe(aggregate="vikor"))
    assert not np.allclose(res.vikor("IDX")["Q"], default.vikor("IDX")["Q"])  # v matters here
    pd.testing.assert_frame_equal(pickle.loads(pickle.dumps(res)).vikor("IDX"), res.vikor("IDX"))
    res = tj.score(frame, framework, tj.Recipe(aggregate={"method": "promethee_ii", "preference": "gaussian", "s": 7.5}))
    nodes = json.loads(pickle.loads(pickle.dumps(res)).to_json())["nodes"]
    root = next(n for n in nodes if n["aggregation"] == "promethee_ii")
    assert root["preference"] == "gaussian" and root["spread"] == 7.5 and root["vikor_v"] is None
