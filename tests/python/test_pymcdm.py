# SPDX-License-Identifier: MIT
"""Agreement with a peer, pymcdm 1.4, on the same data.

Where the conventions match, weights and the scores built on them agree to 1e-12. Where
tijian's default differs (../shared/reference/mcdm-peers.md), each test states the convention
and checks it both ways: tijian with the peer's convention equals the peer, and tijian's
default equals the peer applied to the correspondingly transformed matrix (or, where the peer
has no such variant, the textbook formula computed here).

  entropy   pymcdm: p = x / sum x of the raw matrix (tijian zeros = "raw_proportions"); it
            refuses zeros. tijian default: direction-aware min-max to [0, 1] first, 0 ln 0 =
            0; its "shift" variant (z + 1e-4) equals pymcdm on the shifted min-max matrix.
  CRITIC    pymcdm: min-max without flipping cost columns (tijian critic_directions =
            "ignore_direction"). tijian default "flip_cost" flips them (pyDecision,
            scikit-criteria), which changes the signs of the correlations.
  SD        pymcdm: sd of the raw columns (tijian input = "raw"). tijian default: sd of the
            min-max columns.
  scores    weighted sum of the direction-aware min-max matrix = pymcdm WSM with
            minmax_normalization; ranks with average ties, best = 1 (pymcdm's rank).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tijian as tj

pymcdm = pytest.importorskip("pymcdm")
from pymcdm import normalizations, weights  # noqa: E402
from pymcdm.methods import WSM  # noqa: E402

TYPES = np.array([1, 1, -1, 1, -1, 1, 1, -1])
TOL = 1e-12


@pytest.fixture(scope="module")
def matrix() -> np.ndarray:
    X = np.random.default_rng(20261123).uniform(1, 100, (200, len(TYPES)))
    X[-2:] = X[:2]  # two duplicated rows: tied scores
    return X


@pytest.fixture(scope="module")
def framework() -> tj.Framework:
    return tj.Framework.from_dict({"code": "IDX", "children": [
        {"code": f"c{j}", "direction": "higher" if t > 0 else "lower"} for j, t in enumerate(TYPES)]})


@pytest.fixture(scope="module")
def frame(matrix) -> pd.DataFrame:
    return pd.DataFrame(matrix, columns=[f"c{j}" for j in range(len(TYPES))],
                        index=pd.Index([f"u{i:03d}" for i in range(len(matrix))], name="unit"))


def run(frame, framework, **weights_options) -> tj.Result:
    return tj.score(frame, framework, normalise={"method": "min_max", "lower": 0.0, "upper": 1.0},
                    weights={"scope": "all_indicators", **weights_options}, ranks="average")


def minmax(X: np.ndarray) -> np.ndarray:
    """Direction-aware min-max to [0, 1] (pymcdm's minmax_normalization with types)."""
    return pymcdm.helpers.normalize_matrix(X, normalizations.minmax_normalization, TYPES)


def check_scores(res: tj.Result, X: np.ndarray, w: np.ndarray) -> float:
    wsm = WSM(normalizations.minmax_normalization)
    pref = wsm(X, w, TYPES)
    got = res.scores["IDX"].to_numpy()
    diff = float(np.max(np.abs(got - pref)))
    assert diff <= TOL
    np.testing.assert_array_equal(res.ranks["IDX"].to_numpy(), wsm.rank(pref))
    return diff


def test_entropy_raw_proportions_equals_pymcdm(frame, framework, matrix):
    res = run(frame, framework, method="entropy", zeros="raw_proportions")
    peer = weights.entropy_weights(matrix)
    got = res.weights.loc[framework.indicators, "effective_weight"].to_numpy()
    assert np.max(np.abs(got - peer)) <= TOL
    assert np.max(np.abs(tj.EntropyWeights(zeros="raw_proportions").fit(matrix).weights_ - peer)) <= TOL
    check_scores(res, matrix, peer)


def test_entropy_default_is_minmax_then_zero_log_zero(frame, framework, matrix):
    res = run(frame, framework, method="entropy")
    got = res.weights.loc[framework.indicators, "effective_weight"].to_numpy()
    # textbook entropy on the min-max matrix, 0 ln 0 = 0
    Z = minmax(matrix)
    P = Z / Z.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(P > 0, P * np.log(P), 0.0)
    e = -plogp.sum(axis=0) / np.log(len(Z))
    textbook = (1 - e) / (1 - e).sum()
    assert np.max(np.abs(got - textbook)) <= TOL
    # ... which pymcdm cannot compute: its sum normalisation refuses the zeros of min-max data
    with pytest.raises(ValueError, match="positive"):
        weights.entropy_weights(Z)
    check_scores(res, matrix, textbook)


def test_entropy_shift_equals_pymcdm_on_shifted_minmax(frame, framework, matrix):
    # the published zero-handling variant A: t = z + 1e-4, then the usual entropy
    res = run(frame, framework, method="entropy", zeros="shift", entropy_shift=1e-4)
    peer = weights.entropy_weights(minmax(matrix) + 1e-4)
    got = res.weights.loc[framework.indicators, "effective_weight"].to_numpy()
    assert np.max(np.abs(got - peer)) <= TOL
    check_scores(res, matrix, peer)


def test_critic_ignore_direction_equals_pymcdm(frame, framework, matrix):
    res = run(frame, framework, method="critic", critic_directions="ignore_direction")
    peer = weights.critic_weights(matrix)
    got = res.weights.loc[framework.indicators, "effective_weight"].to_numpy()
    assert np.max(np.abs(got - peer)) <= TOL
    check_scores(res, matrix, peer)


def test_critic_flip_cost_equals_pymcdm_on_negated_cost_columns(frame, framework, matrix):
    res = run(frame, framework, method="critic")  # default critic_directions = "flip_cost"
    peer_flipped = weights.critic_weights(matrix * TYPES)  # cost columns negated = flipped
    got = res.weights.loc[framework.indicators, "effective_weight"].to_numpy()
    assert np.max(np.abs(got - peer_flipped)) <= TOL
    assert np.max(np.abs(got - weights.critic_weights(matrix))) > 1e-3  # the conventions differ
    check_scores(res, matrix, peer_flipped)
    # the estimator on a direction-aware min-max matrix is the same choice
    Z = tj.MinMaxNormaliser(feature_range=(0, 1), directions=list(TYPES)).fit_transform(matrix)
    assert np.max(np.abs(tj.CriticWeights().fit(Z).weights_ - peer_flipped)) <= TOL


def test_standard_deviation_raw_equals_pymcdm(frame, framework, matrix):
    res = run(frame, framework, method="standard_deviation", input="raw")
    peer = weights.standard_deviation_weights(matrix)
    got = res.weights.loc[framework.indicators, "effective_weight"].to_numpy()
    assert np.max(np.abs(got - peer)) <= TOL
    assert np.max(np.abs(tj.StdWeights().fit(matrix).weights_ - peer)) <= TOL
    check_scores(res, matrix, peer)


def test_standard_deviation_default_reads_minmax_columns(frame, framework, matrix):
    res = run(frame, framework, method="standard_deviation")
    peer_on_minmax = weights.standard_deviation_weights(minmax(matrix))
    got = res.weights.loc[framework.indicators, "effective_weight"].to_numpy()
    assert np.max(np.abs(got - peer_on_minmax)) <= TOL
    assert np.max(np.abs(got - weights.standard_deviation_weights(matrix))) > 1e-4
    check_scores(res, matrix, peer_on_minmax)


def test_pipeline_of_estimators_equals_pymcdm_wsm(matrix):
    from sklearn.pipeline import make_pipeline

    pipe = make_pipeline(tj.MinMaxNormaliser(feature_range=(0, 1), directions=list(TYPES)), tj.StdWeights())
    got = pipe.fit_transform(matrix)[:, 0]
    w = weights.standard_deviation_weights(minmax(matrix))
    assert np.max(np.abs(got - WSM(normalizations.minmax_normalization)(matrix, w, TYPES))) <= TOL
