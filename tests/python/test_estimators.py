# SPDX-License-Identifier: MIT
"""The scikit-learn-style estimators: the estimator protocol, agreement with tj.score, and
pipelines and grid searches over methodology."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

import tijian as tj
from tijian import estimators

sklearn = pytest.importorskip("sklearn")
from sklearn.base import clone  # noqa: E402
from sklearn.model_selection import GridSearchCV, KFold  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.utils.estimator_checks import parametrize_with_checks  # noqa: E402

CV_ZERO_MEAN = "scikit-learn's centred test data have mean 0: no coefficient of variation (RecipeError by design)"


@parametrize_with_checks(
    [tj.MinMaxNormaliser(), tj.ZScoreNormaliser(), tj.RankNormaliser(), tj.PercentileRankNormaliser(),
     tj.EfficacyNormaliser(), tj.FractionOfMaxNormaliser(), tj.VectorNormaliser(), tj.Normaliser("min_max"),
     tj.EntropyWeights(), tj.StdWeights(), tj.CriticWeights(), tj.PCAWeights(), tj.EqualWeights(), tj.CVWeights()],
    expected_failed_checks=lambda est: {
        "check_transformer_data_not_an_array": CV_ZERO_MEAN, "check_transformer_general": CV_ZERO_MEAN,
        "check_transformer_preserve_dtypes": CV_ZERO_MEAN} if isinstance(est, tj.CVWeights) else {})
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.fixture(scope="module")
def demo(green_city):
    data, fw, _ = green_city
    fw = tj.Framework.from_toml(fw)
    year = data[data["Time"] == 2024].set_index("uCode")[fw.indicators]
    return year, fw


@pytest.mark.parametrize("method, est", [
    ("min_max", tj.MinMaxNormaliser()), ("z_score", tj.ZScoreNormaliser()), ("rank", tj.RankNormaliser()),
    ("percentile_rank", tj.PercentileRankNormaliser()), ("efficacy", tj.EfficacyNormaliser()),
    ("fraction_of_max", tj.FractionOfMaxNormaliser()), ("vector", tj.VectorNormaliser()),
])
def test_normalisers_equal_the_scoring_run(demo, method, est):
    X, fw = demo
    est = clone(est).set_params(framework=fw)
    if method in ("fraction_of_max", "vector"):  # undefined for the band indicator: both refuse
        with pytest.raises(tj.RecipeError) as a:
            est.fit(X)
        with pytest.raises(tj.RecipeError) as b:
            tj.score(X, fw, normalise=method)
        assert a.value.id == b.value.id == "normalise.unsupported"
        assert "water_per_capita" in str(a.value)
        X = X.drop(columns="water_per_capita")
        fw = tj.Framework.from_dict([{k: v for k, v in n.items() if k in ("code", "parent", "weight", "direction")}
                                     | {"direction": "lower" if n.get("direction") == "lower_is_better" else "higher"}
                                     if n["kind"] == "indicator" else {"code": n["code"], "parent": n["parent"]}
                                     for n in fw._fw.nodes() if n["code"] != "water_per_capita"])
        est = clone(est).set_params(framework=fw)
    out = est.fit_transform(X.iloc[:, ::-1])  # columns in any order: reordered by name
    assert isinstance(out, pd.DataFrame) and out.index.equals(X.index)
    assert list(out.columns) == fw.indicators
    expected = tj.score(X, fw, normalise=method).normalised
    np.testing.assert_allclose(out.to_numpy(), expected.to_numpy(), rtol=1e-14, equal_nan=True)


def test_fitted_parameters_apply_to_new_data(demo):
    X, fw = demo
    est = tj.MinMaxNormaliser(framework=fw).fit(X)
    assert est.n_features_in_ == len(fw.indicators)
    assert list(est.feature_names_in_) == list(X.columns)
    assert est.framework_ == fw
    pm25 = fw.indicators.index("pm25")
    assert est.min_[pm25] == -X["pm25"].max()  # oriented: lower is better
    shifted = X + 1000.0
    out = est.transform(shifted)  # the fitted range, not refitted: values leave [0, 100]
    pos = fw.indicators.index("green_coverage")
    expected = 100 * (shifted["green_coverage"] - est.min_[pos]) / (est.max_[pos] - est.min_[pos])
    np.testing.assert_allclose(out["green_coverage"], expected, rtol=1e-13)
    assert (out["green_coverage"].dropna() > 100).all()
    assert est.get_feature_names_out().tolist() == fw.indicators


def test_directions_and_goalposts_without_framework():
    X = pd.DataFrame({"PM2.5 浓度": [35.0, 20.0, 50.0], "绿地率": [40.0, 45.0, 30.0]})
    out = tj.MinMaxNormaliser(feature_range=(0, 1), directions={"PM2.5 浓度": "lower"}).fit_transform(X)
    assert list(out.columns) == list(X.columns)
    np.testing.assert_allclose(out["PM2.5 浓度"], [0.5, 1.0, 0.0])
    posts = tj.GoalpostNormaliser(goalposts={"PM2.5 浓度": (0, 100), "绿地率": (0, 50)}, directions=[-1, 1])
    np.testing.assert_allclose(posts.fit_transform(X).to_numpy(), [[0.65, 0.8], [0.8, 0.9], [0.5, 0.6]])
    ratio = tj.TargetRatioNormaliser(targets={"PM2.5 浓度": 35.0, "绿地率": 40.0}, directions=[-1, 1], cap=1.0)
    np.testing.assert_allclose(ratio.fit_transform(X).to_numpy(), [[1.0, 1.0], [1.0, 1.0], [0.7, 0.75]])


def test_weights_estimators_match_score(demo):
    X, fw = demo
    Z = tj.MinMaxNormaliser(feature_range=(0, 1), framework=fw).fit_transform(X)
    for est, method in ((tj.EntropyWeights(), "entropy"), (tj.CriticWeights(), "critic"),
                        (tj.StdWeights(), "standard_deviation"), (tj.PCAWeights(), "pca")):
        if method == "pca":
            Zc = Z.dropna()  # PCA uses complete rows; score() would too
            est.fit(Zc)
        else:
            est.fit(Z)
        assert est.weights_.sum() == pytest.approx(1.0, abs=1e-14)
        res = tj.score(X.dropna() if method == "pca" else X, fw,
                       weights={"method": method, "scope": "all_indicators"})
        np.testing.assert_allclose(est.weights_, res.weights.loc[fw.indicators, "effective_weight"], rtol=1e-12)
        series = est.weights_as_series()
        assert list(series.index) == fw.indicators


def test_weights_transform_is_the_composite(demo):
    X, fw = demo
    Z = tj.MinMaxNormaliser(framework=fw).fit_transform(X)
    est = tj.EntropyWeights().fit(Z)
    out = est.transform(Z)
    assert list(out.columns) == ["score"] and out.index.equals(X.index)
    res = tj.score(X, fw, weights={"method": "entropy", "scope": "all_indicators", "input": "normalised"},
                   aggregate="arithmetic")
    # flat composite with the same weights (the framework's tree is not used by the estimator)
    w = est.weights_
    expected = np.array([np.nansum(r * w) / w[~np.isnan(r)].sum() for r in Z.to_numpy()])
    np.testing.assert_allclose(out["score"], expected, rtol=1e-12)
    np.testing.assert_allclose(est.weights_, res.weights.loc[fw.indicators, "effective_weight"], rtol=1e-12)
    geo = tj.EntropyWeights(aggregate="geometric").fit(Z + 1).transform(Z + 1)
    assert (geo["score"] > 0).all()


def test_ahp_weights():
    ahp = tj.AHPWeights(matrix=[[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]).fit()
    assert ahp.consistent_ and ahp.cr_ < 0.1 and ahp.weights_.sum() == pytest.approx(1.0)
    bad = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    with pytest.warns(UserWarning, match="CR"):
        tj.AHPWeights(matrix=bad).fit()
    with pytest.raises(tj.RecipeError) as info:
        tj.AHPWeights(matrix=bad, inconsistent="error").fit()
    assert info.value.id == "weights.ahp_inconsistent"
    with pytest.raises(tj.RecipeError):
        tj.AHPWeights(matrix=[[1, 2], [2, 1]]).fit()  # not reciprocal
    geo = tj.AHPWeights(matrix=[[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]], method="geometric_mean").fit()
    assert np.abs(geo.weights_ - ahp.weights_).max() < 0.01


def test_params_clone_pickle_and_not_fitted(demo):
    X, fw = demo
    est = tj.EntropyWeights(zeros="shift", shift=1e-3)
    assert est.get_params()["shift"] == 1e-3
    est.set_params(zeros="compress")
    assert est.zeros == "compress"
    cloned = clone(est)
    assert cloned.get_params() == est.get_params() and not hasattr(cloned, "weights_")
    with pytest.raises(sklearn.exceptions.NotFittedError):
        tj.MinMaxNormaliser().transform(X)
    fitted = tj.MinMaxNormaliser(framework=fw).fit(X)
    again = pickle.loads(pickle.dumps(fitted))
    pd.testing.assert_frame_equal(again.transform(X), fitted.transform(X))
    with pytest.raises(tj.RecipeError):
        tj.EntropyWeights(zeros="nonsense").fit(np.ones((3, 2)) + np.eye(3, 2))


def test_pipeline_and_grid_search_over_methodology(demo):
    X, fw = demo
    X = X.fillna(X.mean())
    rng = np.random.default_rng(0)
    # an external measure the composite should track (e.g. survey satisfaction), synthetic here
    y = tj.score(X, fw).composite.to_numpy() + rng.normal(0, 2, len(X))
    pipe = Pipeline([("normalise", tj.MinMaxNormaliser(framework=fw)), ("weights", tj.EqualWeights())])

    def spearman(estimator, X_, y_):
        s = estimator.transform(X_)["score"].to_numpy()
        return float(np.corrcoef(pd.Series(s).rank(), pd.Series(y_).rank())[0, 1])

    grid = GridSearchCV(pipe, {
        "normalise": [tj.MinMaxNormaliser(framework=fw), tj.ZScoreNormaliser(framework=fw),
                      tj.PercentileRankNormaliser(framework=fw)],
        "weights": [tj.EqualWeights(), tj.StdWeights(), tj.CriticWeights()],
    }, scoring=spearman, cv=KFold(3))
    grid.fit(X, y)
    assert len(grid.cv_results_["params"]) == 9
    assert np.isfinite(grid.cv_results_["mean_test_score"]).all()
    assert isinstance(grid.best_estimator_.named_steps["normalise"], tj.Normaliser)
    out = grid.best_estimator_.set_output(transform="pandas").transform(X)
    assert list(out.columns) == ["score"]


def test_duck_typing_without_sklearn(monkeypatch):
    # the fallback protocol used when scikit-learn is missing
    base = estimators._BaseEstimator
    est = tj.MinMaxNormaliser(feature_range=(0, 1))
    assert base.get_params(est)["feature_range"] == (0, 1)
    assert est.fit_transform(np.array([[1.0], [3.0]])).ravel().tolist() == [0.0, 1.0]
