# SPDX-License-Identifier: MIT
"""tj.uncertainty, tj.sensitivity and the Sobol' machinery from Python, against independent
references: the Ishigami function's analytic indices, SALib (PyPI) on the same sample, COINr's
ASEM ranks, and runs recomputed in numpy from the normalised values and the sampled weights."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import tijian as tj

# Ishigami (a = 7, b = 0.1) on [-pi, pi]^3: V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2,
# V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V13 = b^2 pi^8 (1/18 - 1/50).
_A, _B = 7.0, 0.1
_V = _A**2 / 8 + _B * np.pi**4 / 5 + _B**2 * np.pi**8 / 18 + 0.5
_V1 = 0.5 * (1 + _B * np.pi**4 / 5) ** 2
_V2 = _A**2 / 8
_V13 = _B**2 * np.pi**8 * (1 / 18 - 1 / 50)
ISHIGAMI_FIRST = np.array([_V1, _V2, 0.0]) / _V
ISHIGAMI_TOTAL = np.array([_V1 + _V13, _V2, _V13]) / _V


def ishigami(u: np.ndarray) -> np.ndarray:
    x = -np.pi + 2 * np.pi * u
    return np.sin(x[:, 0]) + _A * np.sin(x[:, 1]) ** 2 + _B * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_analytic_ishigami_values():
    # the literature's values, as a check of the formulas above
    np.testing.assert_allclose(ISHIGAMI_FIRST, [0.3139, 0.4424, 0.0], atol=5e-5)
    np.testing.assert_allclose(ISHIGAMI_TOTAL, [0.5576, 0.4424, 0.2437], atol=5e-5)


@pytest.mark.parametrize("sampling", ["sobol", "pseudo_random"])
def test_ishigami_indices_within_their_bootstrap_intervals(sampling):
    design = tj.sobol_design(8192, 3, sampling=sampling, seed=5)
    assert design.points.shape == (8192 * 5, 3)
    ix = design.indices(ishigami(design.points), names=["x1", "x2", "x3"], bootstrap=500, level=0.99)
    first, total = ix["first"].to_numpy(), ix["total"].to_numpy()
    assert np.abs(first - ISHIGAMI_FIRST).max() < 0.03, ix
    assert np.abs(total - ISHIGAMI_TOTAL).max() < 0.03, ix
    assert (ix["first_lo"].to_numpy() <= ISHIGAMI_FIRST).all() and (ISHIGAMI_FIRST <= ix["first_hi"].to_numpy()).all()
    assert (ix["total_lo"].to_numpy() <= ISHIGAMI_TOTAL).all() and (ISHIGAMI_TOTAL <= ix["total_hi"].to_numpy()).all()


def _salib():
    # a test dependency (scripts/requirements-dev.txt, installed by `make test`): no skip
    from SALib.analyze import sobol as sobol_analyze

    return sobol_analyze


def test_same_sample_through_salib_gives_the_same_indices():
    """tijian's design, evaluated once, analysed by SALib and by tijian. Both use Saltelli
    2010's first-order and Jansen's total estimator; two conventions differ and are undone
    here: SALib first centres the outputs on the mean of all N (d + 2) of them (tijian, as
    COINr, does not: the first-order estimate is not shift-invariant on a finite sample), and
    its variance divides by 2N where ours (COINr's) divides by 2N - 1. With the same centred
    outputs, SALib's indices are ours x 2N / (2N - 1), to rounding."""
    sobol_analyze = _salib()
    n, d = 1024, 3
    design = tj.sobol_design(n, d, sampling="sobol", seed=1)
    y = ishigami(design.points)
    ours = design.indices(y - y.mean(), bootstrap=0)
    # SALib's layout (calc_second_order=False): per base row j, [A_j, AB_j^(1..d), B_j]
    ya, yb, yab = y[:n], y[n:2 * n], y[2 * n:].reshape(d, n).T
    y_salib = np.column_stack([ya, yab, yb]).ravel()
    problem = {"num_vars": d, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * d}
    si = sobol_analyze.analyze(problem, y_salib, calc_second_order=False, num_resamples=10, seed=1)
    ratio = 2 * n / (2 * n - 1)
    np.testing.assert_allclose(si["S1"], ours["first"].to_numpy() * ratio, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(si["ST"], ours["total"].to_numpy() * ratio, rtol=1e-12, atol=1e-15)


def test_salib_sample_through_tijian_gives_salibs_indices():
    sobol_analyze = _salib()
    from SALib.sample import sobol as sobol_sample

    n, d = 512, 3
    problem = {"num_vars": d, "names": ["x1", "x2", "x3"], "bounds": [[0.0, 1.0]] * d}
    x = sobol_sample.sample(problem, n, calc_second_order=False, seed=3)
    y = ishigami(x)
    si = sobol_analyze.analyze(problem, y, calc_second_order=False, num_resamples=10, seed=1)
    rows = (y - y.mean()).reshape(n, d + 2)  # SALib's centring, as above
    ours = tj.sobol_indices(rows[:, 0], rows[:, -1], rows[:, 1:-1], bootstrap=0)
    ratio = 2 * n / (2 * n - 1)
    np.testing.assert_allclose(si["S1"], ours["first"].to_numpy() * ratio, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(si["ST"], ours["total"].to_numpy() * ratio, rtol=1e-12, atol=1e-15)


def test_failed_rows_are_dropped_and_counted():
    design = tj.sobol_design(256, 3, seed=2)
    y = ishigami(design.points)
    y[[3, 256 + 7, 2 * 256 + 11]] = np.nan  # one failed run in A, B and A_B^(1): three rows
    ix = design.indices(y, bootstrap=20)
    assert ix.attrs["rows_dropped"] == 3 and ix.attrs["rows_used"] == 253
    assert np.isfinite(ix.to_numpy()).all()


# ---------------------------------------------------------------------------- uncertainty


def _small():
    rng = np.random.default_rng(4)
    df = pd.DataFrame(rng.uniform(1, 100, (12, 4)), columns=["a", "b", "c", "d"],
                      index=pd.Index([f"u{i:02d}" for i in range(12)], name="city"))
    fw = {"code": "I", "children": [
        {"code": "P", "weight": 2, "children": [{"code": "a"}, {"code": "b", "direction": "lower"}]},
        {"code": "Q", "children": [{"code": "c"}, {"code": "d"}]}]}
    return df, tj.Framework(fw)


def test_run_matrices_outlive_their_result_and_are_not_shared():
    """The runs' scores, ranks and weights leave C++ by move, not copy: they stay valid once the
    result is gone, and two analyses never share memory."""
    import gc

    df, fw = _small()
    a = tj.uncertainty(df, fw, dirichlet=2.0, runs=200, seed=5)
    scores, ranks, weights = a.scores.to_numpy(), a.ranks.to_numpy(), a.weights.to_numpy()
    del a
    gc.collect()
    b = tj.uncertainty(df, fw, dirichlet=2.0, runs=200, seed=5)
    np.testing.assert_array_equal(scores, b.scores.to_numpy())
    np.testing.assert_array_equal(ranks, b.ranks.to_numpy())
    np.testing.assert_array_equal(weights, b.weights.to_numpy())
    assert not np.shares_memory(scores, b.scores.to_numpy())
    # ranks are those of the scores, run by run (1 = highest, ties by the lowest rank)
    want = 1 + (scores[None, :, :] > scores[:, None, :]).sum(axis=1)
    np.testing.assert_array_equal(ranks, want)


def test_every_run_equals_its_scores_recomputed_in_numpy():
    """Run r's composite = sum over indicators of z_ij x effective weight (product of the run's
    relative weights down the tree), z from tj.score with the run's normalisation."""
    df, fw = _small()
    alts = [{"method": "min_max", "lower": 1, "upper": 100}, {"method": "z_score", "mean": 10, "sd": 2}]
    ua = tj.uncertainty(df, fw, noise={1: 0.3, 2: 0.2}, normalisations=alts, runs=300, seed=11)
    assert ua.failures.empty and ua.n_runs == 300
    z = {i: tj.score(df, fw, normalise=alt).normalised for i, alt in enumerate(alts)}
    runs, w = ua.runs, ua.weights
    for r in range(0, 300, 37):
        which = 0 if runs.loc[r, "normalisation"].startswith("min_max") else 1
        eff = np.array([w.loc[r, c] * w.loc[r, fw.parent(c)] for c in fw.indicators])
        want = z[which][fw.indicators].to_numpy() @ eff
        np.testing.assert_allclose(ua.scores[r].to_numpy(), want, rtol=1e-12, atol=1e-12)
        # ranks: 1 + number of better units
        s = ua.scores[r].to_numpy()
        np.testing.assert_array_equal(ua.ranks[r].to_numpy(), 1 + (s[None, :] > s[:, None]).sum(axis=1))
    # every run's relative weights sum to 1 within each sibling group
    for group in (["P", "Q"], ["a", "b"], ["c", "d"]):
        np.testing.assert_allclose(w[group].sum(axis=1), 1.0, rtol=1e-12)
    # summary statistics are the numpy ones over the runs (type-7 percentiles = numpy's linear)
    sm = ua.summary
    np.testing.assert_allclose(sm["score_mean"], ua.scores.mean(axis=1), rtol=1e-12)
    np.testing.assert_allclose(sm["score_q05"], np.percentile(ua.scores, 5, axis=1), rtol=1e-12)
    np.testing.assert_allclose(sm["rank_median"], np.percentile(ua.ranks, 50, axis=1))
    np.testing.assert_allclose(sm["rank_q95"], np.percentile(ua.ranks, 95, axis=1))
    np.testing.assert_allclose(sm["nominal_score"], tj.score(df, fw).scores["I"].to_numpy(), rtol=1e-12)


def test_dirichlet_weights_average_to_the_nominal_weights():
    df, fw = _small()
    ua = tj.uncertainty(df, fw, dirichlet=5.0, runs=4000, seed=3)
    w = ua.weights
    # nominal relative weights: P 2/3, Q 1/3; leaves 1/2 within their group
    np.testing.assert_allclose(w[["P", "Q", "a", "b"]].mean().to_numpy(), [2 / 3, 1 / 3, 0.5, 0.5], atol=0.01)
    # Dir(alpha) with alpha = 5 x 2 x (2/3, 1/3): var(P) = a_P a_Q / (a0^2 (a0 + 1)) = 2/99
    assert abs(w["P"].var() - (20 / 3 * 10 / 3) / (100 * 11)) < 0.002


def test_failed_runs_are_explained_and_do_not_poison_the_statistics():
    df, fw = _small()
    ua = tj.uncertainty(df, fw, normalisations=["min_max", "z_score"], aggregations=["arithmetic", "geometric"],
                        runs=400, seed=2)
    runs = ua.runs
    bad = runs["failed"]
    assert bad.any() and not bad.all()
    # exactly the geometric means of z-scores (negative values) fail
    assert (runs.loc[bad, "normalisation"] == "z_score").all() and (runs.loc[bad, "aggregation"] == "geometric").all()
    assert runs.loc[bad, "reason"].str.contains("geometric").all()
    assert len(ua.failures) == bad.sum() and ua.scores.loc[:, bad.to_numpy()].isna().all().all()
    assert np.isfinite(ua.summary.to_numpy()).all()


def test_exclusions_and_winmax_variants_are_labelled():
    df, fw = _small()
    ua = tj.uncertainty(df, fw, exclude=["a", "d"], winmax=[1, 2, 3], runs=600, seed=9)
    runs = ua.runs
    assert set(runs["excluded"]) == {"", "a", "d"}
    assert set(runs["data_variant"]) == {"winmax=1", "winmax=2", "winmax=3"}
    left_out = runs["excluded"] == "a"
    assert (ua.weights.loc[left_out, "a"] == 0).all() and (ua.weights.loc[left_out, "b"] == 1).all()
    assert list(ua.factors.columns) == ["data_variant", "exclusion"]


def test_a_data_variant_that_drops_a_unit_is_an_error_naming_it():
    df, fw = _small()
    variants = {"winsorised": {"treat": {"method": "coinr_winsorise"}},
                "without u03": {"screen": {"force_exclude": ["u03"]}}}
    with pytest.raises(tj.RecipeError, match=r"'without u03' drops unit 'u03'"):
        tj.uncertainty(df, fw, data_variants=variants, runs=60)
    ua = tj.uncertainty(df, fw, data_variants={"winsorised": variants["winsorised"]}, runs=60)
    assert list(ua.runs["data_variant"].unique()) == ["winsorised"]


def test_seed_reproducible_and_thread_count_independent(tmp_path):
    df, fw = _small()
    kw = dict(noise={1: 0.25, 2: 0.25}, aggregations=["arithmetic", "geometric"], runs=2000, seed=42)
    a, b = tj.uncertainty(df, fw, **kw), tj.uncertainty(df, fw, **kw)
    np.testing.assert_array_equal(a.scores.to_numpy(), b.scores.to_numpy())
    c = tj.uncertainty(df, fw, **{**kw, "seed": 43})
    assert not np.array_equal(a.scores.to_numpy(), c.scores.to_numpy())
    # OpenMP threads are fixed when the library loads: compare child processes with 1 and 2
    path = tmp_path / "data.csv"
    df.to_csv(path)
    code = ("import sys, hashlib, pandas as pd, tijian as tj\n"
            "df = pd.read_csv(sys.argv[1], index_col=0)\n"
            f"fw = {fw.to_toml()!r}\n"
            "ua = tj.uncertainty(df, fw, noise={1: 0.25, 2: 0.25}, aggregations=['arithmetic', 'geometric'],"
            " runs=2000, seed=42)\n"
            "print(hashlib.sha256(ua.scores.to_numpy().tobytes() + ua.ranks.to_numpy().tobytes()).hexdigest())\n")
    digests = set()
    for threads in ("1", "2"):
        env = {**os.environ, "OMP_NUM_THREADS": threads}
        out = subprocess.run([sys.executable, "-c", code, str(path)], env=env, capture_output=True, text=True,
                             check=True, cwd=tmp_path)
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_asem_vignette_specification(shared_data):
    """COINr's vignette specification on ASEM (winsorisation limit 1-5, min-max 1-100 or
    z-score (10, 2), +-25 % noise on levels 2 and 3, arithmetic or geometric mean) from COINr's
    imputed data: the nominal ranks are those of COINr's published index, and the rank
    intervals agree across seeds."""
    asem = shared_data / "asem"
    imputed = pd.read_csv(asem / "ASEM_COIN_Imputed_COINr6.csv")
    fw = tj.Framework.from_table(pd.read_csv(asem / "ASEM_iMeta.csv"))
    spec = dict(winmax=range(1, 6), noise={2: 0.25, 3: 0.25},
                normalisations=[{"method": "min_max", "lower": 1, "upper": 100},
                                {"method": "z_score", "mean": 10, "sd": 2}],
                aggregations=["arithmetic", "geometric"], runs=2000)
    nominal = {"prepare": {"treat": {"method": "coinr_winsorise", "winmax": 5}}}
    a = tj.uncertainty(imputed, fw, nominal, seed=1, **spec)
    b = tj.uncertainty(imputed, fw, nominal, seed=99, **spec)
    published = pd.read_csv(asem / "ASEM_COIN_Aggregated_COINr6.csv").set_index("UnitCode")["Index"]
    want = published.rank(ascending=False, method="min")
    units = [u for u, _ in a.summary.index] if isinstance(a.summary.index, pd.MultiIndex) else list(a.summary.index)
    np.testing.assert_array_equal(a.summary["nominal_rank"].to_numpy(), want.loc[units].to_numpy())
    assert a.failures.empty
    for col in ("rank_median", "rank_q05", "rank_q95"):
        diff = (a.summary[col] - b.summary[col]).abs()
        assert diff.max() <= 2 and diff.mean() <= 0.5, (col, diff.max(), diff.mean())


def test_sensitivity_of_a_unit_and_of_the_rank_shift():
    df, fw = _small()
    sa = tj.sensitivity(df, fw, n=400, noise={1: 0.25}, normalisations=["min_max", "rank"], bootstrap=100)
    assert list(sa.indices.index) == ["normalisation", "weights"]
    assert sa.runs.n_runs == 400 * 4 and len(sa.y) == 1600
    # y of each run is the mean absolute rank shift, recomputed from the runs' ranks
    shift = (sa.runs.ranks.sub(sa.runs.summary["nominal_rank"], axis=0)).abs().mean(axis=0)
    np.testing.assert_allclose(sa.y.to_numpy(), shift.to_numpy(), rtol=1e-12)
    ix = sa.indices
    assert ((ix["total"] >= 0) & (ix["first_lo"] <= ix["first"]) & (ix["first"] <= ix["first_hi"])).all()
    one = tj.sensitivity(df, fw, n=200, noise={1: 0.25}, output="unit_rank", unit="u03", bootstrap=0)
    np.testing.assert_array_equal(one.y.to_numpy(), one.runs.ranks.loc["u03"].to_numpy())


@pytest.mark.parametrize("kwargs, error_id", [
    (dict(noise={1: 0.2}, dirichlet=2.0), "uncertainty.noise"),
    (dict(noise={1: 1.5}), "uncertainty.noise"),
    (dict(noise="lots"), "uncertainty.noise"),
    (dict(dirichlet=-1.0), "uncertainty.dirichlet"),
    (dict(node="nope"), "uncertainty.unknown_node"),
    (dict(exclude=["zz"]), "uncertainty.unknown_indicator"),
    (dict(sampling="halton"), "uncertainty.sampling"),
    (dict(runs=0), "uncertainty.runs"),
    # wrong types are the core's errors too (converted in one place of the bindings)
    (dict(runs="many"), "uncertainty.runs"),
    (dict(runs=2.5), "uncertainty.runs"),
    (dict(seed=-1), "uncertainty.seed"),
    (dict(seed=True), "uncertainty.seed"),
    (dict(noise=[(1, "a lot")]), "uncertainty.noise"),
    (dict(dirichlet="flat"), "uncertainty.dirichlet"),
    (dict(normalisations=["min_maxx"]), "recipe.bad_value"),
    (dict(aggregations=[{"method": "geometric", "by_level": {2: "arithmetic"}}]), "uncertainty.aggregations"),
    (dict(normalisations=[{"method": "rank", "by_indicator": {"a": {"method": "min_max"}}}]),
     "uncertainty.normalisations"),
])
def test_bad_options_name_themselves(kwargs, error_id):
    df, fw = _small()
    with pytest.raises(tj.RecipeError) as err:
        tj.uncertainty(df, fw, **kwargs)
    assert err.value.id == error_id


def test_bad_sensitivity_options():
    df, fw = _small()
    with pytest.raises(tj.RecipeError, match="needs unit"):
        tj.sensitivity(df, fw, noise={1: 0.2}, output="unit_rank")
    with pytest.raises(tj.RecipeError) as err:
        tj.sensitivity(df, fw, noise={1: 0.2}, output="unit_rank", unit="nobody")
    assert err.value.id == "sensitivity.unknown_unit"
    with pytest.raises(tj.RecipeError) as err:
        tj.sensitivity(df, fw)
    assert err.value.id == "sensitivity.no_factors"
    for kwargs, error_id in [(dict(level=1.5), "sensitivity.level"), (dict(output="median"), "sensitivity.output"),
                             (dict(weight_sets=0), "sensitivity.weight_sets"), (dict(n=1), "sensitivity.design")]:
        with pytest.raises(tj.RecipeError) as err:
            tj.sensitivity(df, fw, noise={1: 0.2}, **kwargs)
        assert err.value.id == error_id, kwargs
    with pytest.raises(tj.RecipeError, match="n must be an integer >= 0, not 'ten'"):
        tj.sobol_design("ten", 2)
    with pytest.raises(tj.RecipeError, match="sampling 'halton' is not known; use pseudo_random or sobol"):
        tj.sobol_design(8, 2, sampling="halton")


def test_plots():
    import matplotlib.pyplot as plt

    df, fw = _small()
    ua = tj.uncertainty(df, fw, noise={1: 0.4}, runs=300)
    ax = ua.plot()
    assert len(ax.get_yticklabels()) == 12 and len(ax.collections[0].get_segments()) == 12
    ax = tj.plots.rank_intervals(ua, top=5)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(ua.summary.sort_values("nominal_rank").index[:5])
    sa = tj.sensitivity(df, fw, n=64, noise={1: 0.25}, aggregations=["arithmetic", "geometric"], bootstrap=50)
    ax = sa.plot()
    bars = [c for c in ax.containers if hasattr(c, "patches")]
    assert [len(b.patches) for b in bars] == [2, 2]
    assert [p.get_height() for p in bars[1].patches] == pytest.approx(sa.indices["total"].tolist())
    plt.close("all")
