# SPDX-License-Identifier: MIT
"""The resident survey (tj.survey) against independent references: hand-computed scores with
respondent weights and don't-knows, Cronbach's alpha against pingouin.cronbach_alpha, the
group intervals against statsmodels' DescrStatsW, and bad input naming its place."""

from __future__ import annotations

import pathlib
import subprocess

import numpy as np
import pandas as pd
import pytest

import tijian as tj

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "survey"
SCORES = {"满意": 100, "比较满意": 80, "一般": 60, "较不满意": 40, "不满意": 20}

DEFINITION = {
    "respondents": {"district": "区"},
    "weighting": {"by": ["district"], "share": [{"district": "D1", "share": 0.5}, {"district": "D2", "share": 0.5}]},
    "breakdowns": ["district"],
    "item": [{"code": "A1", "column": "Q1", "dimension": "住房", "weight": 2},
             {"code": "A2", "column": "Q2", "dimension": "住房"},
             {"code": "B1", "column": "Q3", "dimension": "城区（城市）"}],
}

FIVE = pd.DataFrame({
    "区": ["D1", "D1", "D1", "D2", "D2"],
    "Q1": ["满意", "比较满意", "不了解", "一般", "较不满意"],
    "Q2": ["一般", "不满意", "比较满意", None, 5],
    "Q3": ["不了解", "较不满意", "一般", "满意", "比较满意"],
})


def test_hand_computed_scores_with_weights_and_dont_knows():
    res = tj.survey(FIVE, DEFINITION)
    # w = 0.5 x 5 / 3 = 5/6 in D1 and 0.5 x 5 / 2 = 5/4 in D2
    np.testing.assert_allclose(res.respondent_weights, [5 / 6] * 3 + [5 / 4] * 2)
    items = res.items.set_index("item")
    np.testing.assert_allclose(items.loc["A1", "score"], 66)  # (150 + 125) / (25/6)
    np.testing.assert_allclose(items.loc["A2", "score"], 620 / 9)  # (400/3 + 125) / 3.75
    np.testing.assert_allclose(items.loc["B1", "score"], 74)
    assert items.loc["A1", "dont_know"] == 1 and items.loc["A2", "blank"] == 1
    dims = res.dimensions.set_index("dimension")["score"]
    np.testing.assert_allclose(dims["住房"], 1808 / 27)  # (2 x 66 + 620/9) / 3
    np.testing.assert_allclose(res.n_eff, 4.8)
    assert res.options["dont_know_policy"] == "exclude"
    assert "ours" in res.options["scale_source"]


def test_dont_know_scored_by_policy():
    d = dict(DEFINITION, answers={"dont_know_policy": "score", "dont_know_score": 60})
    res = tj.survey(FIVE, d)
    np.testing.assert_allclose(res.items.set_index("item").loc["A1", "score"], 65)  # (275 + 50) / 5


def _example_scores() -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """The example's answers scored by hand (pandas), not by tijian."""
    import tomllib

    definition = tomllib.loads((EXAMPLE / "survey.toml").read_text(encoding="utf-8"))
    answers = pd.read_csv(EXAMPLE / "answers.csv", dtype=str, keep_default_na=False)

    def score(text: str) -> float:
        t = text.replace("\u3000", "").strip()
        if t in SCORES:
            return SCORES[t]
        if t in {"1", "2", "3", "4", "5"}:
            return 20 * int(t)
        return np.nan

    scored = pd.DataFrame({it["code"]: answers[it["column"]].map(score) for it in definition["item"]})
    dims: dict[str, list[str]] = {}
    for it in definition["item"]:
        dims.setdefault(it["dimension"], []).append(it["code"])
    return scored, dims


def test_cronbach_alpha_against_pingouin():
    pg = pytest.importorskip("pingouin")
    res = tj.survey(EXAMPLE / "answers.csv", EXAMPLE / "survey.toml")
    scored, dims = _example_scores()
    alpha = res.alpha.set_index("dimension")
    for dim, codes in dims.items():
        expected, _ = pg.cronbach_alpha(data=scored[codes], nan_policy="listwise")
        np.testing.assert_allclose(alpha.loc[dim, "alpha"], expected, rtol=1e-12)
        assert alpha.loc[dim, "complete_cases"] == len(scored[codes].dropna())


def test_intervals_against_descrstatsw():
    sm = pytest.importorskip("statsmodels.stats.weightstats")
    res = tj.survey(EXAMPLE / "answers.csv", EXAMPLE / "survey.toml")
    scored, dims = _example_scores()
    weights = {it: 1.0 for it in scored.columns}
    weights["U2"] = 2.0  # the definition weights 内涝积水 double
    w_items = pd.Series(weights)
    answered = scored.notna()
    overall = (scored.fillna(0) * w_items).sum(axis=1) / (answered * w_items).sum(axis=1)
    w = np.asarray(res.respondent_weights)
    district = pd.read_csv(EXAMPLE / "answers.csv", dtype=str)["2.所在区"]
    groups = res.groups
    for name, mask in [("all", np.ones(len(w), bool))] + [(d, (district == d).to_numpy()) for d in district.unique()]:
        x, ww = overall[mask].to_numpy(), w[mask]
        n_eff = ww.sum() ** 2 / (ww**2).sum()
        stats = sm.DescrStatsW(x, weights=ww * n_eff / ww.sum())
        lo, hi = stats.tconfint_mean(alpha=0.05)
        row = groups[(groups["group"] == name) & groups["dimension"].isna()].iloc[0]
        np.testing.assert_allclose([row["mean"], row["n_eff"]], [stats.mean, n_eff], rtol=1e-12)
        np.testing.assert_allclose([row["ci_low"], row["ci_high"]], [lo, hi], rtol=1e-10)


def test_tables_carry_labels_and_problem_columns_of_the_check():
    res = tj.survey(EXAMPLE / "answers.csv", EXAMPLE / "survey.toml", objective=EXAMPLE / "objective.csv")
    assert set(res.tables) == {"items", "dimensions", "groups", "alpha", "adequacy", "communities", "weights", "gap",
                               "problems"}
    assert res.items.attrs["columns"]["score"]["unit_zh"] == "分"
    problems = res.problems
    assert (problems["origin"] == "residents").all()
    # the check's problem columns, in the check's order (problem_columns.hpp), then the survey's own
    qingdao = EXAMPLE.parent / "green-city" / "qingdao-2021-reported.csv"
    check = tj.check(pd.read_csv(qingdao, comment="#"), "green-city", targets="qingdao-2022")
    assert list(problems.columns[: len(check.problems.columns)]) == list(check.problems.columns)
    assert problems.attrs["columns"]["severity"] == check.problems.attrs["columns"]["severity"]
    assert set(res.adequacy["rule"]) >= {"per_community", "city_total", "ratio_lower", "ratio_upper", "age_16_plus",
                                         "age_16_30", "age_30_60", "age_60_plus", "women_share", "public_sector_share"}
    # the same objective scores as a dict give the same gap table
    gap = tj.survey(EXAMPLE / "answers.csv", EXAMPLE / "survey.toml",
                    objective={"住房": 74, "小区（社区）": 69, "街区": 55, "城区（城市）": 88}).gap
    pd.testing.assert_frame_equal(gap.drop(columns="source"), res.gap.drop(columns="source"))


def test_bad_answer_in_a_dataframe_names_row_column_value_and_accepted_answers():
    bad = FIVE.copy()
    bad.loc[3, "Q3"] = "很好"
    with pytest.raises(tj.DataError) as err:
        tj.survey(bad, DEFINITION)
    assert err.value.id == "survey.bad_answer"
    message = str(err.value)
    assert "DataFrame:5:4" in message and "'很好'" in message and "比较满意/较满意 (80)" in message
    assert err.value.location["indicator"] == "Q3"


def test_unknown_column_and_group_without_share():
    with pytest.raises(tj.DataError, match="survey.unknown_column"):
        tj.survey(FIVE.assign(Q4="满意"), DEFINITION)
    with pytest.raises(tj.DataError, match="survey.no_share"):
        tj.survey(FIVE.assign(区=["D1", "D1", "D1", "D2", "D3"]), DEFINITION)
    with pytest.raises(tj.DataError, match="survey.under_16"):
        tj.survey(FIVE.assign(年龄=[20, 30, 40, 15, 50]), DEFINITION)
    with pytest.raises(tj.RecipeError, match="survey.unknown_key"):
        tj.survey(FIVE, dict(DEFINITION, answer={}))


def test_cli_summary_and_files(exe, tmp_path):
    out = tmp_path / "survey.csv"
    run = subprocess.run([exe, "survey", "-s", str(EXAMPLE / "survey.toml"), "-d", str(EXAMPLE / "answers.csv"),
                          "--objective", str(EXAMPLE / "objective.csv"), "-o", str(out), "--lang", "en"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "Sample adequacy" in run.stdout and "Problems found by the residents" in run.stdout
    problems = pd.read_csv(tmp_path / "survey-problems.csv")
    res = tj.survey(EXAMPLE / "answers.csv", EXAMPLE / "survey.toml", objective=EXAMPLE / "objective.csv")
    np.testing.assert_allclose(problems["value"], res.problems["value"])
    bad = subprocess.run([exe, "survey", "-s", str(EXAMPLE / "survey.toml"), "-d", str(EXAMPLE / "objective.csv")],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "survey.missing_column" in bad.stderr
