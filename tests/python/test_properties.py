# SPDX-License-Identifier: MIT
"""Properties that the mathematics guarantees, checked with hypothesis (deadline=None)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import tijian as tj


@st.composite
def panels(draw, min_rows=3, max_rows=12, min_cols=2, max_cols=5):
    n = draw(st.integers(min_rows, max_rows))
    m = draw(st.integers(min_cols, max_cols))
    values = draw(arrays(np.float64, (n, m), elements=st.floats(0, 100, allow_nan=False, width=32)))
    directions = draw(st.lists(st.sampled_from(["higher", "lower"]), min_size=m, max_size=m))
    weights = draw(st.lists(st.floats(0.1, 5), min_size=m, max_size=m))
    return values, directions, weights


def flat_framework(directions, weights=None):
    weights = weights or [1.0] * len(directions)
    return tj.Framework.from_dict({"code": "IDX", "children": [
        {"code": f"x{j}", "direction": d, "weight": float(w)} for j, (d, w) in enumerate(zip(directions, weights))]})


def frame(values):
    return pd.DataFrame(values, columns=[f"x{j}" for j in range(values.shape[1])],
                        index=pd.Index([f"u{i}" for i in range(values.shape[0])], name="unit"))


@given(panels(), st.data(), st.sampled_from(["arithmetic", "geometric"]))
def test_monotone_along_each_direction(p, data, method):
    values, directions, weights = p
    n, m = values.shape
    i = data.draw(st.integers(0, n - 1))
    j = data.draw(st.integers(0, m - 1))
    delta = data.draw(st.floats(0.01, 50))
    fw = flat_framework(directions, weights)
    recipe = tj.Recipe(aggregate=method)
    before = tj.score(frame(values), fw, recipe).composite.iloc[i]
    raised = values.copy()
    raised[i, j] += delta
    after = tj.score(frame(raised), fw, recipe).composite.iloc[i]
    if np.isnan(before) or np.isnan(after):
        return
    if directions[j] == "higher":
        assert after >= before - 1e-9
    else:
        assert after <= before + 1e-9


@given(panels(), st.floats(0.01, 1000), st.floats(-1000, 1000), st.data())
def test_minmax_invariant_to_positive_affine_rescaling(p, a, b, data):
    values, directions, weights = p
    j = data.draw(st.integers(0, values.shape[1] - 1))
    fw = flat_framework(directions, weights)
    base = tj.score(frame(values), fw)
    scaled = values.copy()
    scaled[:, j] = a * scaled[:, j] + b
    assume(np.ptp(values[:, j]) > 1e-3 * max(1.0, np.abs(values[:, j]).max()))
    other = tj.score(frame(scaled), fw)
    np.testing.assert_allclose(other.normalised.to_numpy(), base.normalised.to_numpy(), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(other.scores.to_numpy(), base.scores.to_numpy(), rtol=1e-9, atol=1e-9)
    # ranks agree except among scores tied up to rounding (a tie may break either way)
    s = base.composite.to_numpy()
    near_tie = np.array([np.sum(np.abs(s - v) <= 1e-9 * max(1.0, abs(v))) > 1 for v in s])
    np.testing.assert_array_equal(other.ranks.to_numpy()[~near_tie], base.ranks.to_numpy()[~near_tie])


def test_minmax_stays_within_its_range():
    # the fitted maximum maps to exactly 100 and the minimum to exactly 0 (no 1-ulp overshoot)
    fw = flat_framework(["higher"])
    out = tj.score(pd.DataFrame({"x0": [0.1, 0.7, 0.2]}), fw).normalised["x0"]
    assert out.max() == 100.0 and out.min() == 0.0


@given(panels(min_rows=4), st.sampled_from(["entropy", "critic", "standard_deviation", "pca", "equal", "given"]),
       st.sampled_from(["within_parent", "all_indicators"]))
def test_weights_sum_to_one(p, method, scope):
    values, directions, weights = p
    m = values.shape[1]
    assume(all(np.ptp(values[:, j]) > 1e-6 for j in range(m)))  # no constant column
    tree = {"code": "IDX", "children": [
        {"code": "A", "children": [{"code": f"x{j}", "direction": directions[j], "weight": weights[j]}
                                   for j in range(m // 2 + 1)]},
        {"code": "B", "weight": 2.0, "children": [{"code": f"x{j}", "direction": directions[j], "weight": weights[j]}
                                                  for j in range(m // 2 + 1, m)] or [{"code": "extra"}]}]}
    fw = tj.Framework.from_dict(tree)
    X = frame(values)
    if "extra" in fw.indicators:
        X = X.assign(extra=np.arange(len(X), dtype=float))
    try:
        res = tj.score(X, fw, weights={"method": method, "scope": scope})
    except tj.RecipeError as err:  # e.g. PCA on too few complete rows
        assert err.id.startswith("weights."), err
        return
    w = res.weights
    assert w.loc[fw.indicators, "effective_weight"].sum() == pytest.approx(1.0, abs=1e-12)
    for parent, group in w[w["parent"].notna()].groupby("parent"):
        assert group["weight"].sum() == pytest.approx(1.0, abs=1e-12), parent
    assert (w["weight"] >= 0).all()


unit_labels = st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=8),
                       min_size=3, max_size=10, unique=True)


@given(unit_labels, st.data())
def test_labels_preserved(labels, data):
    n = len(labels)
    m = data.draw(st.integers(2, 4))
    values = data.draw(arrays(np.float64, (n, m), elements=st.floats(0, 100, allow_nan=False, width=32)))
    perm = data.draw(st.permutations(list(range(m))))
    fw = flat_framework(["higher"] * m)
    X = frame(values)
    X.index = pd.Index(labels, name="城市")
    X = X.iloc[:, perm]  # columns in any order
    res = tj.score(X, fw)
    for table in (res.scores, res.ranks, res.normalised, res.contributions):
        assert table.index.equals(X.index)
        assert table.index.name == "城市"
    assert list(res.normalised.columns) == fw.indicators
    np.testing.assert_array_equal(res.normalised.to_numpy(), tj.score(frame(values), fw).normalised.to_numpy())


@given(panels(), st.data())
def test_permuting_units_permutes_scores(p, data):
    values, directions, weights = p
    perm = np.array(data.draw(st.permutations(list(range(values.shape[0])))))
    fw = flat_framework(directions, weights)
    X = frame(values)
    a = tj.score(X, fw)
    b = tj.score(X.iloc[perm], fw)
    pd.testing.assert_frame_equal(b.scores, a.scores.iloc[perm])
    pd.testing.assert_frame_equal(b.ranks, a.ranks.iloc[perm])


@given(panels())
def test_contributions_sum_to_scores(p):
    values, directions, weights = p
    res = tj.score(frame(values), flat_framework(directions, weights))
    total = res.contributions.sum(axis=1, min_count=1)
    np.testing.assert_allclose(total.to_numpy(), res.composite.to_numpy(), rtol=1e-12, atol=1e-9)
