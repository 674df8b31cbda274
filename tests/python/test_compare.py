# SPDX-License-Identifier: MIT
"""The agreement statistics (tijian.agreement, agreement.hpp) against peer libraries on random data
with ties, to 1e-12: scipy.stats (spearmanr, kendalltau variant 'b' with the asymptotic p-value,
friedmanchisquare for Kendall's W), pingouin.intraclass_corr (the six ICCs, F, df, p and the
McGraw-Wong CIs), scikit-learn's cohen_kappa_score (unweighted, linear, quadratic) and
statsmodels' cohens_kappa (the Fleiss-Cohen-Everitt standard errors). Then tj.compare on the
SYNTHETIC example (examples/green-city) and its bad-input errors."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tijian as tj
from tijian import agreement

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "green-city"
RTOL = 1e-12


def _ties(rng: np.random.Generator, n: int, levels: int = 6) -> np.ndarray:
    return rng.integers(1, levels, size=n).astype(float)


@pytest.mark.parametrize("seed", range(5))
def test_spearman_and_kendall_match_scipy(seed):
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(seed)
    x, y = _ties(rng, 25), _ties(rng, 25)
    y[:10] = x[:10]  # some association
    rho = agreement.spearman(x, y)
    ref = stats.spearmanr(x, y)
    assert rho["estimate"] == pytest.approx(ref.statistic, rel=RTOL, abs=1e-14)
    assert rho["p_value"] == pytest.approx(ref.pvalue, rel=1e-10, abs=1e-15)
    tau = agreement.kendall_tau_b(x, y)
    ref = stats.kendalltau(x, y, variant="b", method="asymptotic")
    assert tau["estimate"] == pytest.approx(ref.statistic, rel=RTOL, abs=1e-14)
    assert tau["p_value"] == pytest.approx(ref.pvalue, rel=1e-10, abs=1e-15)


@pytest.fixture
def pingouin_unrounded():
    pg = pytest.importorskip("pingouin")
    saved = dict(pg.options)
    pg.options.clear()
    pg.options["round"] = None
    yield pg
    pg.options.clear()
    pg.options.update(saved)


@pytest.mark.parametrize("seed", range(4))
def test_icc_matches_pingouin(seed, pingouin_unrounded):
    pg = pingouin_unrounded
    rng = np.random.default_rng(100 + seed)
    n, k = 12, 3 + seed % 2
    truth = rng.integers(1, 8, size=n)
    ratings = np.clip(truth[:, None] + rng.integers(-1, 2, size=(n, k)), 1, 9).astype(float)
    long = pd.DataFrame([(i, j, ratings[i, j]) for i in range(n) for j in range(k)], columns=["t", "r", "s"])
    with warnings.catch_warnings():  # the peer's own pandas deprecation warnings
        warnings.simplefilter("ignore")
        ref = pg.intraclass_corr(long, targets="t", raters="r", ratings="s").set_index("Type")
    ours = agreement.icc(ratings)
    names = {"ICC1": "ICC(1,1)", "ICC2": "ICC(A,1)", "ICC3": "ICC(C,1)", "ICC1k": "ICC(1,k)", "ICC2k": "ICC(A,k)",
             "ICC3k": "ICC(C,k)"}
    assert list(ours["form"]) == list(names)
    for _, row in ours.iterrows():
        r = ref.loc[names[row["form"]]]
        for mine, theirs in (("icc", "ICC"), ("f", "F"), ("df1", "df1"), ("df2", "df2"), ("p_value", "pval")):
            assert row[mine] == pytest.approx(r[theirs], rel=1e-10, abs=1e-14), (row["form"], mine)
        assert row["ci_low"] == pytest.approx(r["CI95"][0], rel=1e-9, abs=1e-12), row["form"]
        assert row["ci_high"] == pytest.approx(r["CI95"][1], rel=1e-9, abs=1e-12), row["form"]


def test_icc_shrout_fleiss_table_2():
    """Shrout & Fleiss (1979) Table 2, 6 targets x 4 judges; Table 4's published ICCs."""
    x = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    got = dict(zip(agreement.icc(x)["form"], agreement.icc(x)["icc"]))
    published = {"ICC1": 0.17, "ICC2": 0.29, "ICC3": 0.71, "ICC1k": 0.44, "ICC2k": 0.62, "ICC3k": 0.91}
    for form, value in published.items():
        assert got[form] == pytest.approx(value, abs=0.005), form


@pytest.mark.parametrize("weights", ["none", "linear", "quadratic"])
@pytest.mark.parametrize("seed", range(3))
def test_cohen_kappa_matches_sklearn_and_statsmodels(weights, seed):
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(200 + seed)
    c = 4
    a = rng.integers(0, c, size=60)
    b = np.where(rng.random(60) < 0.6, a, rng.integers(0, c, size=60))
    ours = agreement.cohen_kappa(a, b, c, weights)
    ref = metrics.cohen_kappa_score(a, b, labels=list(range(c)), weights=None if weights == "none" else weights)
    assert ours["kappa"] == pytest.approx(ref, rel=RTOL, abs=1e-14)
    inter = pytest.importorskip("statsmodels.stats.inter_rater")
    table = np.zeros((c, c))
    np.add.at(table, (a, b), 1)
    sm = inter.cohens_kappa(table, wt=None if weights == "none" else weights)
    assert ours["kappa"] == pytest.approx(sm.kappa, rel=RTOL)
    assert ours["se"] == pytest.approx(sm.std_kappa, rel=1e-10)
    assert ours["se0"] == pytest.approx(sm.std_kappa0, rel=1e-10)


def test_kappa_textbook_example():
    """Wikipedia, "Cohen's kappa", Examples: 50 proposals, yes/yes 20, yes/no 5, no/yes 10, no/no 15: 0.4."""
    a = [0] * 25 + [1] * 25
    b = [0] * 20 + [1] * 5 + [0] * 10 + [1] * 15
    assert agreement.cohen_kappa(a, b)["kappa"] == pytest.approx(0.4, abs=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_kendall_w_matches_friedman(seed):
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(300 + seed)
    n, m = 9, 3 + seed
    ratings = rng.integers(1, 5, size=(n, m)).astype(float)  # ties within raters
    ours = agreement.kendall_w(ratings)
    ref = stats.friedmanchisquare(*ratings)  # objects as treatments, raters as blocks
    assert ours["chi2"] == pytest.approx(ref.statistic, rel=RTOL)
    assert ours["w"] == pytest.approx(ref.statistic / (m * (n - 1)), rel=RTOL)
    assert ours["p_value"] == pytest.approx(ref.pvalue, rel=1e-10)


def test_bland_altman_by_formula():
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(7)
    x = rng.normal(50, 5, 20).round(1)
    y = x + rng.normal(0.5, 1, 20).round(1)
    ba = agreement.bland_altman(x, y)
    d = x - y
    s = d.std(ddof=1)
    t = stats.t.ppf(0.975, 19)
    assert ba["bias"] == pytest.approx(d.mean(), rel=RTOL)
    assert ba["lower"] == pytest.approx(d.mean() - 1.96 * s, rel=RTOL)
    assert ba["bias_ci"][1] == pytest.approx(d.mean() + t * s / np.sqrt(20), rel=1e-10)
    assert ba["upper_ci"][0] == pytest.approx(d.mean() + 1.96 * s - t * s * np.sqrt(1 / 20 + 1.96**2 / 38), rel=1e-10)


def test_degenerate_input_is_a_data_error():
    with pytest.raises(tj.DataError) as e:
        agreement.spearman([1, 2], [1, 2])
    assert e.value.id == "agreement.too_few"
    with pytest.raises(tj.DataError) as e:
        agreement.kendall_tau_b([1, 1, 1], [1, 2, 3])
    assert e.value.id == "agreement.constant"
    with pytest.raises(tj.DataError) as e:
        agreement.cohen_kappa([2, 2, 2], [2, 2, 2], 3)
    assert e.value.id == "agreement.one_category"


# --- the comparison on the SYNTHETIC example ----------------------------------------------------

def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(EXAMPLE / name, comment="#").set_index(["uCode", "Time"])


@pytest.fixture(scope="module")
def example():
    self_df = _read("panel-synthetic.csv").drop(columns="uName")
    third_df = _read("third-party-synthetic.csv").drop(columns="uName")
    return self_df, third_df


def test_compare_example(example):
    self_df, third_df = example
    cmp = tj.compare({"自检": self_df, "第三方": third_df}, "green-city",
                     str(EXAMPLE / "targets-synthetic-benchmark.toml"), tolerances=str(EXAMPLE / "tolerances-synthetic.toml"))
    v = cmp.values
    assert set(v["agreement"]) <= {"within", "outside", "missing_a", "missing_b", "both_missing"}
    # every row's verdict: |d| <= absolute + relative |a|
    both = v.dropna(subset=["value_a", "value_b"])
    allowed = both["tolerance_absolute"] + both["tolerance_relative"] * both["value_a"].abs()
    assert ((both["value_b"] - both["value_a"]).abs() <= allowed).equals(both["within"].astype(bool))
    # the problem list has the check's problem columns, then origin = third_party
    chk = tj.check(self_df, "green-city", str(EXAMPLE / "targets-synthetic-benchmark.toml"))
    assert list(cmp.problems.columns[: len(chk.problems.columns)]) == list(chk.problems.columns)
    assert set(cmp.problems["origin"]) == {"third_party"}
    assert len(cmp.problems) == (v["agreement"].isin(["outside", "missing_a", "missing_b"])).sum() + len(cmp.verdicts)
    assert set(cmp.kappa["weights"]) == {"none", "linear", "quadratic"}
    assert cmp.agreement["icc_a1"].between(-1, 1).all() or cmp.agreement["icc_a1"].isna().any()


def test_compare_refuses_mismatched_data(example):
    self_df, third_df = example
    fewer = third_df.drop(index="S05", level=0)
    with pytest.raises(tj.DataError) as e:
        tj.compare({"自检": self_df, "第三方": fewer}, "green-city", str(EXAMPLE / "targets-synthetic-benchmark.toml"))
    assert e.value.id == "compare.units_differ"
    assert "S05" in str(e.value)
    with pytest.raises(tj.DataError) as e:
        tj.compare({"自检": self_df, "第三方": third_df.drop(columns="green_coverage")}, "green-city",
                   str(EXAMPLE / "targets-synthetic-benchmark.toml"))
    assert e.value.id == "compare.indicators_differ"
    assert "green_coverage" in str(e.value)
    with pytest.raises(tj.DataError) as e:
        tj.compare({"自检": self_df, "第三方": third_df}, "green-city", str(EXAMPLE / "targets-synthetic-benchmark.toml"),
                   tolerances={"indicator": {"no_such": {"absolute": 1}}})
    assert e.value.id == "compare.tolerance"


def test_readme_command_and_python_agree(exe, tmp_path, example):
    """The README's `tijian compare` command on the SYNTHETIC example writes the same tables as tj.compare."""
    import subprocess

    out = tmp_path / "compare.csv"
    run = subprocess.run([exe, "compare", "-f", "green-city", "-t", str(EXAMPLE / "targets-synthetic-benchmark.toml"),
                          "-a", f"自检={EXAMPLE / 'panel-synthetic.csv'}",
                          "-a", f"第三方={EXAMPLE / 'third-party-synthetic.csv'}",
                          "--tolerances", str(EXAMPLE / "tolerances-synthetic.toml"), "--headers", "codes",
                          "--out", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "结论不一致" in run.stdout
    self_df, third_df = example
    cmp = tj.compare({"自检": self_df, "第三方": third_df}, "green-city",
                     str(EXAMPLE / "targets-synthetic-benchmark.toml"),
                     tolerances=str(EXAMPLE / "tolerances-synthetic.toml"))
    problems = pd.read_csv(tmp_path / "compare-problems.csv")
    assert len(problems) == len(cmp.problems)
    assert list(problems["severity"].round(12)) == list(cmp.problems["severity"].round(12))
    kappa = pd.read_csv(tmp_path / "compare-kappa.csv")
    np.testing.assert_allclose(kappa["kappa"], cmp.kappa["kappa"], rtol=1e-12)
