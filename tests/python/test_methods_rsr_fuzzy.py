# SPDX-License-Identifier: MIT
"""Rank-sum ratio (mcda_rsr.hpp) and fuzzy comprehensive evaluation (mcda_fuzzy.hpp) through
the public entry (tj.score with a recipe), against published worked examples, independent
re-implementations (scipy.stats.rankdata, scipy.stats.norm.ppf, numpy least squares) and
properties.

Worked examples.

  RSR  孙振球 主编《医学统计学》(人民卫生出版社), the RSR chapter's example: 10 regions of a
       province, maternal health care on 3 indicators (antenatal care rate, higher is better;
       maternal mortality and perinatal mortality, lower is better); input as reprinted in the
       mathmodels notes (zhjx19/mathmodels, vignettes/rank-sum-ratio.qmd, "案例：孕产妇保健评价").
       The integer ranks, RSR values and the percentiles (10, 25, 40, 50, 65, 80, 90, 97.5 %)
       of the distribution table are worked here by hand from the data (below).
  WRSR 司守奎, 孙兆亮《数学建模算法与应用》第 2 版 (国防工业出版社 2015), 例 14.7: 10 units, 6
       indicators (2nd and 6th cost), the published weights 0.093 0.418 0.132 0.100 0.098
       0.159; its program ranks with tiedrank, WRSR = sum w R / n, p = (1..n)/n with the last
       1 - 1/(4n), probit = norminv(p) + 5 and regresses WRSR on probit: re-done here in numpy.
  FCE  the farming-scheme example (耕作方案的模糊综合评价) of the mathmodels notes
       (vignettes/fuzzy-eval.qmd; 3 schemes, 5 indicators, weights 0.2 0.1 0.15 0.3 0.25,
       4 grades 优 良 中 差 with their standards): the memberships worked by hand below.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tijian as tj

scipy_stats = pytest.importorskip("scipy.stats")
norm, rankdata = scipy_stats.norm, scipy_stats.rankdata

TOL = 1e-12

# ------------------------------------------------------------------------------ RSR

# 孙振球《医学统计学》: 10 regions, x1 antenatal care (%), x2 maternal mortality (1/100,000),
# x3 perinatal mortality (‰)
MATERNAL = pd.DataFrame({
    "x1": [99.54, 96.52, 99.36, 92.83, 91.71, 95.35, 96.09, 99.27, 94.76, 84.80],
    "x2": [60.27, 59.67, 43.91, 58.99, 35.40, 44.71, 49.81, 31.69, 22.91, 81.49],
    "x3": [16.15, 20.10, 15.60, 17.04, 15.01, 13.93, 17.43, 13.89, 19.87, 23.63],
}, index=pd.Index(list("ABCDEFGHIJ"), name="unit"))
MATERNAL_FW = {"code": "IDX", "children": [
    {"code": "x1", "direction": "higher"}, {"code": "x2", "direction": "lower"},
    {"code": "x3", "direction": "lower"}]}

# ranks by hand: x1 ascending; x2 and x3 descending (lower is better)
HAND_RANKS = {
    "A": (10, 2, 6), "B": (7, 3, 2), "C": (9, 7, 7), "D": (3, 4, 5), "E": (2, 8, 8),
    "F": (5, 6, 9), "G": (6, 5, 4), "H": (8, 9, 10), "I": (4, 10, 3), "J": (1, 1, 1),
}
# the distribution table: RSR -> percentile (mean rank / n, the last 1 - 1/(4n)); two pairs of ties
HAND_PERCENTILE = {"J": 0.10, "B": 0.25, "D": 0.25, "G": 0.40, "I": 0.50, "A": 0.65, "E": 0.65,
                   "F": 0.80, "C": 0.90, "H": 0.975}


def rsr_run(data, framework, aggregate, normalise="none", **kw):
    return tj.score(data, framework, tj.Recipe(normalise=normalise, aggregate=aggregate, **kw))


def test_rsr_of_the_textbook_example_equals_the_hand_computed_ranks():
    res = rsr_run(MATERNAL, MATERNAL_FW, "rsr")
    expected = pd.Series({u: sum(r) / 30 for u, r in HAND_RANKS.items()})
    np.testing.assert_allclose(res.scores["IDX"].to_numpy(), expected[MATERNAL.index].to_numpy(), rtol=0, atol=TOL)
    # H is best (27 / 30), J worst (3 / 30); A and E tie at 0.6, B and D at 0.4
    assert res.scores["IDX"]["H"] == pytest.approx(0.9, abs=TOL)
    assert res.scores["IDX"]["J"] == pytest.approx(0.1, abs=TOL)


def test_rsr_distribution_of_the_textbook_example():
    res = rsr_run(MATERNAL, MATERNAL_FW, "rsr")
    t = res.rsr("IDX").set_index("unit")
    np.testing.assert_allclose(t["percentile"][list(HAND_PERCENTILE)], list(HAND_PERCENTILE.values()),
                               rtol=0, atol=TOL)
    assert t.loc["B", "frequency"] == 2 and t.loc["B", "cumulative_frequency"] == 3
    assert t.loc["B", "mean_rank"] == 2.5
    # probit = 5 + Φ^-1(p): scipy's quantile; 97.5 % gives the textbook's 6.96
    np.testing.assert_allclose(t["probit"], 5 + norm.ppf(t["percentile"]), rtol=0, atol=TOL)
    assert t.loc["H", "probit"] == pytest.approx(6.96, abs=5e-3)
    # the regression over the 8 distinct RSR values, by numpy least squares
    distinct = t.assign(key=t["wrsr"].round(12)).drop_duplicates("key")  # B = D, A = E up to rounding
    b, a = np.polyfit(distinct["probit"], distinct["wrsr"], 1)
    reg = res.rsr_regression("IDX").iloc[0]
    assert reg["points"] == 8
    assert reg["intercept"] == pytest.approx(a, abs=1e-12) and reg["slope"] == pytest.approx(b, abs=1e-12)
    np.testing.assert_allclose(t["fitted"], a + b * t["probit"], rtol=0, atol=1e-12)
    r = np.corrcoef(distinct["probit"], distinct["wrsr"])[0, 1]
    assert reg["r_squared"] == pytest.approx(r * r, abs=1e-12)


@pytest.mark.parametrize("grades, probits", [(3, [4.0, 6.0]), (4, [3.5, 5.0, 6.5]), (5, [3.2, 4.4, 5.6, 6.8])])
def test_rsr_grades_follow_the_probit_table(grades, probits):
    res = rsr_run(MATERNAL, MATERNAL_FW, {"method": "rsr", "rsr_grades": grades})
    t = res.rsr("IDX")
    reg = res.rsr_regression("IDX").iloc[0]
    limits = [reg["intercept"] + reg["slope"] * p for p in probits]
    np.testing.assert_allclose([reg[f"limit_{k + 1}"] for k in range(len(probits))], limits, rtol=0, atol=TOL)
    # grade 1 = best: the number of limits above the fitted value, plus 1
    expected = [1 + sum(f < c for c in limits) for f in t["fitted"]]
    assert t["grade"].tolist() == expected
    assert t["grade"].min() >= 1 and t["grade"].max() <= grades


# 司守奎《数学建模算法与应用》例 14.7 (zhb.txt): 6 indicators, the 2nd and 6th cost, published weights
ZHB = np.array([
    [75.2, 3.5, 38.2, 370.1, 101.5, 10.0], [76.1, 3.3, 36.7, 369.6, 101.0, 10.3],
    [80.4, 2.7, 30.5, 309.7, 84.8, 10.0], [77.8, 2.7, 36.3, 370.1, 101.4, 10.2],
    [75.9, 2.3, 38.9, 369.4, 101.2, 9.61], [74.3, 2.4, 36.7, 335.3, 91.9, 9.2],
    [74.6, 2.2, 37.5, 356.2, 97.6, 9.3], [72.1, 1.8, 40.3, 401.7, 101.1, 10.0],
    [72.8, 1.9, 37.1, 372.8, 102.1, 10.0], [72.1, 1.5, 33.2, 358.1, 97.8, 10.4]])
ZHB_W = np.array([0.093, 0.418, 0.132, 0.100, 0.098, 0.159])
ZHB_COST = [1, 5]


def test_weighted_rsr_of_the_published_example_equals_numpy():
    fw = {"code": "IDX", "children": [
        {"code": f"x{j + 1}", "weight": float(ZHB_W[j]), "direction": "lower" if j in ZHB_COST else "higher"}
        for j in range(6)]}
    df = pd.DataFrame(ZHB, columns=[f"x{j + 1}" for j in range(6)],
                      index=pd.Index([f"u{i + 1}" for i in range(10)], name="unit"))
    res = rsr_run(df, fw, "rsr")
    oriented = ZHB.copy()
    oriented[:, ZHB_COST] *= -1
    ranks = np.column_stack([rankdata(oriented[:, j]) for j in range(6)])  # tiedrank: average ranks
    wrsr = ranks @ ZHB_W / 10
    np.testing.assert_allclose(res.scores["IDX"].to_numpy(), wrsr, rtol=0, atol=TOL)
    # the book's program: p = (1..n)/n in WRSR order, the last 1 - 1/(4n) (its WRSR values are distinct)
    assert len(np.unique(wrsr)) == 10
    order = np.argsort(wrsr)
    p = np.arange(1, 11) / 10
    p[-1] = 1 - 1 / 40
    probit = np.empty(10)
    probit[order] = norm.ppf(p) + 5
    b, a = np.polyfit(probit, wrsr, 1)
    t = res.rsr("IDX")
    np.testing.assert_allclose(t["probit"], probit, rtol=0, atol=TOL)
    np.testing.assert_allclose(t["fitted"], a + b * probit, rtol=0, atol=1e-12)


def test_non_integer_rsr_equals_the_interpolation_formula():
    res = rsr_run(MATERNAL, MATERNAL_FW, {"method": "rsr", "rsr_ranks": "non_integer"})
    X = MATERNAL.to_numpy().copy()
    n = len(X)
    R = np.empty_like(X)
    for j, benefit in enumerate([True, False, False]):
        x = X[:, j]
        R[:, j] = 1 + (n - 1) * ((x - x.min()) if benefit else (x.max() - x)) / (x.max() - x.min())
    np.testing.assert_allclose(res.scores["IDX"].to_numpy(), R.mean(axis=1) / n, rtol=0, atol=TOL)


def test_integer_rsr_is_invariant_to_monotone_transforms_of_an_indicator():
    base = rsr_run(MATERNAL, MATERNAL_FW, "rsr").scores["IDX"]
    changed = MATERNAL.assign(x1=np.exp(MATERNAL["x1"] / 7.0), x2=np.log(MATERNAL["x2"]), x3=MATERNAL["x3"] ** 3)
    np.testing.assert_array_equal(rsr_run(changed, MATERNAL_FW, "rsr").scores["IDX"], base)
    # and the normalisation does not matter (min-max, rank, z-score are increasing per indicator)
    for normalise in ("min_max", "z_score", "rank"):
        np.testing.assert_allclose(rsr_run(MATERNAL, MATERNAL_FW, "rsr", normalise=normalise).scores["IDX"], base,
                                   rtol=0, atol=TOL)


def test_non_integer_rsr_is_invariant_to_positive_affine_normalisation():
    base = rsr_run(MATERNAL, MATERNAL_FW, {"method": "rsr", "rsr_ranks": "non_integer"}).scores["IDX"]
    mm = rsr_run(MATERNAL, MATERNAL_FW, {"method": "rsr", "rsr_ranks": "non_integer"}, normalise="min_max")
    np.testing.assert_allclose(mm.scores["IDX"], base, rtol=0, atol=1e-12)


def test_rsr_ranks_within_each_period_and_probit_matches_scipy_on_many_units():
    rng = np.random.default_rng(22)
    n = 400
    df = pd.DataFrame(rng.integers(0, 12, (2 * n, 4)).astype(float), columns=list("abcd"))  # many ties
    df["unit"] = [f"u{i}" for i in range(n)] * 2
    df["year"] = [2021] * n + [2022] * n
    fw = {"code": "IDX", "children": [{"code": c} for c in "abcd"]}
    res = rsr_run(df.set_index(["unit", "year"]), fw, "rsr")
    t = res.rsr("IDX")
    for year, part in df.groupby("year"):
        X = part[list("abcd")].to_numpy()
        rsr = np.column_stack([rankdata(X[:, j]) for j in range(4)]).mean(axis=1) / n
        got = t[t["period"].astype(str) == str(year)]
        np.testing.assert_allclose(got["wrsr"], rsr, rtol=0, atol=TOL)
        # the distribution: mean rank of each distinct value / n, the largest 1 - 1/(4n)
        mean_rank = rankdata(rsr)
        p = mean_rank / n
        p[rsr == rsr.max()] = 1 - 1 / (4 * n)
        np.testing.assert_allclose(got["percentile"], p, rtol=0, atol=TOL)
        np.testing.assert_allclose(got["probit"], 5 + norm.ppf(p), rtol=0, atol=1e-12)
    assert len(res.rsr_regression("IDX")) == 2


def test_rsr_recipe_round_trip_and_uncertainty_method_choice():
    r = tj.Recipe(normalise="none", aggregate={"method": "rsr", "rsr_ranks": "non_integer", "rsr_grades": 5})
    text = r.to_toml()
    assert 'rsr_ranks = "non_integer"' in text and "rsr_grades = 5" in text
    assert tj.Recipe.from_toml(text) == r
    res = rsr_run(MATERNAL, MATERNAL_FW, {"method": "rsr", "rsr_grades": 4})
    assert tj.Recipe.from_toml(res.provenance["recipe"]).to_dict()["aggregate"]["rsr_grades"] == 4
    # the method as an uncertain factor: runs with RSR score exactly as tj.score with RSR does
    ua = tj.uncertainty(MATERNAL, MATERNAL_FW, tj.Recipe(normalise="none"), aggregations=["arithmetic", "rsr"],
                        runs=40, seed=3)
    runs = ua.runs
    assert not runs["failed"].any() and set(runs["aggregation"]) == {"arithmetic", "rsr"}
    nominal = rsr_run(MATERNAL, MATERNAL_FW, "rsr").scores["IDX"].to_numpy()
    scores = ua.scores
    by_run = scores if scores.shape[0] == len(MATERNAL) else scores.T
    for run in runs.index[runs["aggregation"] == "rsr"]:
        np.testing.assert_allclose(by_run.iloc[:, run].to_numpy(), nominal, rtol=0, atol=TOL)


def test_rsr_rejects_a_grade_count_outside_the_table():
    with pytest.raises(tj.RecipeError, match=r"rsr_grades.*3 to 5"):
        tj.Recipe(aggregate={"method": "rsr", "rsr_grades": 6})


# ------------------------------------------------------------------------------ fuzzy

# the farming-scheme example: 亩产量 kg (higher), 产品质量 grade (lower), 亩用工量 days (lower),
# 亩纯收入 yuan (higher), 生态环境影响 grade (lower); grades 优 良 中 差 (best first)
FARM = pd.DataFrame({"yield": [592.5, 529.0, 412.0], "quality": [3.0, 2.0, 1.0], "labour": [55.0, 38.0, 32.0],
                     "income": [72.0, 105.0, 85.0], "ecology": [4.0, 3.0, 2.0]},
                    index=pd.Index(["甲", "乙", "丙"], name="unit"))
FARM_W = {"yield": 0.2, "quality": 0.1, "labour": 0.15, "income": 0.3, "ecology": 0.25}
FARM_FW = {"code": "IDX", "children": [{"code": c, "weight": w} for c, w in FARM_W.items()]}
# the standards of each grade (优 良 中 差): the table's limits, one breakpoint per grade
FARM_FUZZY = {"grades": ["优", "良", "中", "差"], "values": [90.0, 75.0, 60.0, 30.0], "standards": {
    "yield": [550.0, 450.0, 350.0, 0.0], "quality": [1.0, 2.0, 3.0, 4.0], "labour": [20.0, 40.0, 60.0, 80.0],
    "income": [130.0, 90.0, 50.0, 0.0], "ecology": [1.0, 2.0, 3.0, 4.0]}}
# memberships worked by hand (rows: indicators in FARM_W order; columns 优 良 中 差)
HAND_R = {
    "甲": [[1, 0, 0, 0], [0, 0, 1, 0], [0, 0.25, 0.75, 0], [0, 0.55, 0.45, 0], [0, 0, 0, 1]],
    "乙": [[0.79, 0.21, 0, 0], [0, 1, 0, 0], [0.1, 0.9, 0, 0], [0.375, 0.625, 0, 0], [0, 0, 1, 0]],
    "丙": [[0, 0.62, 0.38, 0], [1, 0, 0, 0], [0.4, 0.6, 0, 0], [0, 0.875, 0.125, 0], [0, 1, 0, 0]],
}
# B = W o R with M(·,+), by hand (each sums to 1 already)
HAND_B = {"甲": [0.2, 0.2025, 0.3475, 0.25], "乙": [0.2855, 0.4645, 0.25, 0.0], "丙": [0.16, 0.7265, 0.1135, 0.0]}


def fuzzy_run(data, framework, fuzzy, aggregate="fuzzy", **kw):
    return tj.score(data, framework, tj.Recipe(aggregate=aggregate, fuzzy=fuzzy, **kw))


def test_fuzzy_weighted_average_of_the_farming_example_equals_the_hand_computation():
    res = fuzzy_run(FARM, FARM_FW, FARM_FUZZY)
    t = res.fuzzy("IDX").set_index("unit")
    B = t[["b_1", "b_2", "b_3", "b_4"]].loc[list(HAND_B)].to_numpy()
    np.testing.assert_allclose(B, list(HAND_B.values()), rtol=0, atol=TOL)
    assert t["grade"].tolist() == ["中", "良", "良"]
    # the default score: the grade values weighted by B
    np.testing.assert_allclose(res.scores["IDX"], np.array(list(HAND_B.values())) @ [90, 75, 60, 30], rtol=0, atol=TOL)
    # 90 B1 + 75 B2 + 60 B3 + 30 B4: 61.5375, 75.53, 75.6975 (by hand); 丙 first, 乙 a close second
    assert res.ranks["IDX"].tolist() == [3, 2, 1]


def numpy_fuzzy(w: np.ndarray, R: np.ndarray, op: str) -> np.ndarray:
    """B of one unit, normalised to sum 1, by the four models (谢季坚, 刘承平 §5.1)."""
    w = w / w.sum()
    if op == "weighted_average":
        b = w @ R
    elif op == "min_max":
        b = np.minimum(w[:, None], R).max(axis=0)
    elif op == "product_max":
        b = (w[:, None] * R).max(axis=0)
    else:
        b = np.minimum(1.0, np.minimum(w[:, None], R).sum(axis=0))
    return b / b.sum()


@pytest.mark.parametrize("op", ["weighted_average", "min_max", "product_max", "min_bounded_sum"])
def test_fuzzy_operators_on_the_hand_memberships(op):
    res = fuzzy_run(FARM, FARM_FW, FARM_FUZZY, aggregate={"method": "fuzzy", "fuzzy_operator": op})
    t = res.fuzzy("IDX").set_index("unit")
    w = np.array(list(FARM_W.values()))
    for unit, R in HAND_R.items():
        np.testing.assert_allclose(t.loc[unit, ["b_1", "b_2", "b_3", "b_4"]].to_numpy(dtype=float),
                                   numpy_fuzzy(w, np.array(R, dtype=float), op), rtol=0, atol=TOL)
    # 乙 under M(∧,∨) by hand: max_i min(w_i, r_ij) = 0.3, 0.3, 0.25, 0 before normalising
    if op == "min_max":
        np.testing.assert_allclose(t.loc["乙", ["b_1", "b_2", "b_3", "b_4"]].to_numpy(dtype=float),
                                   np.array([0.3, 0.3, 0.25, 0.0]) / 0.85, rtol=0, atol=TOL)


def test_fuzzy_max_membership_score_is_the_grade_value():
    res = fuzzy_run(FARM, FARM_FW, FARM_FUZZY, aggregate={"method": "fuzzy", "fuzzy_score": "max_membership"})
    assert res.scores["IDX"].tolist() == [60.0, 75.0, 75.0]


def membership(x: float, s: list[float]) -> np.ndarray:
    """The half-trapezoid/triangle memberships of the standards s (one per grade), by cases."""
    s = np.asarray(s, dtype=float)
    if s[-1] < s[0]:
        return membership(-x, list(-s))
    g = len(s)
    r = np.zeros(g)
    if x <= s[0]:
        r[0] = 1
    elif x >= s[-1]:
        r[-1] = 1
    else:
        for j in range(g):
            left = s[j - 1] if j > 0 else None
            right = s[j + 1] if j < g - 1 else None
            if left is not None and left < x <= s[j]:
                r[j] = (x - left) / (s[j] - left)
            elif right is not None and s[j] < x < right:
                r[j] = (right - x) / (right - s[j])
    return r


@pytest.mark.parametrize("op", ["weighted_average", "min_max", "product_max", "min_bounded_sum"])
def test_fuzzy_on_random_data_equals_numpy_and_rows_sum_to_one(op):
    rng = np.random.default_rng(1919)
    k, n = 6, 80
    X = rng.uniform(0, 100, (n, k))
    X[3, 2] = np.nan  # a missing value: left out, the other weights renormalised
    weights = rng.uniform(0.5, 3, k)
    standards = {f"c{j}": (sorted(rng.uniform(0, 100, 5)) if j % 2 else sorted(rng.uniform(0, 100, 5))[::-1])
                 for j in range(k)}
    fuzzy = {"grades": list("ABCDE"), "standards": {c: [float(v) for v in s] for c, s in standards.items()}}
    fw = {"code": "IDX", "children": [{"code": f"c{j}", "weight": float(weights[j])} for j in range(k)]}
    df = pd.DataFrame(X, columns=[f"c{j}" for j in range(k)], index=pd.Index([f"u{i}" for i in range(n)], name="unit"))
    res = fuzzy_run(df, fw, fuzzy, aggregate={"method": "fuzzy", "fuzzy_operator": op})
    B = res.fuzzy("IDX")[[f"b_{j + 1}" for j in range(5)]].to_numpy(dtype=float)
    np.testing.assert_allclose(B.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    for i in range(n):
        keep = ~np.isnan(X[i])
        R = np.array([membership(X[i, j], standards[f"c{j}"]) for j in range(k) if keep[j]])
        np.testing.assert_allclose(R.sum(axis=1), 1.0, rtol=0, atol=1e-12)
        np.testing.assert_allclose(B[i], numpy_fuzzy(weights[keep], R, op), rtol=0, atol=1e-12)
    # default grade values 5 .. 1: the score is sum_j b_j (5 - j)
    np.testing.assert_allclose(res.scores["IDX"], B @ [5, 4, 3, 2, 1], rtol=0, atol=1e-12)


def test_fuzzy_min_max_is_bounded_by_the_largest_weight_and_membership():
    # one indicator in full membership of grade 1 and a lighter one in grade 3: Zadeh's operator
    # keeps min(w, r) per grade, so B before normalising is (0.7, 0, 0.3) and after (0.7, 0, 0.3)
    fw = {"code": "IDX", "children": [{"code": "a", "weight": 0.7}, {"code": "b", "weight": 0.3}]}
    fuzzy = {"grades": ["g1", "g2", "g3"], "standards": {"a": [1.0, 2.0, 3.0], "b": [1.0, 2.0, 3.0]}}
    df = pd.DataFrame({"a": [0.0], "b": [9.0]}, index=pd.Index(["u"], name="unit"))
    t = fuzzy_run(df, fw, fuzzy, aggregate={"method": "fuzzy", "fuzzy_operator": "min_max"}).fuzzy("IDX")
    np.testing.assert_allclose(t[["b_1", "b_2", "b_3"]].to_numpy(dtype=float)[0], [0.7, 0.0, 0.3], rtol=0, atol=TOL)


def test_fuzzy_standards_are_checked_where_they_are_read(tmp_path):
    bad = tmp_path / "r.toml"
    bad.write_text('[aggregate]\nmethod = "fuzzy"\n[fuzzy]\ngrades = ["a", "b", "c"]\n'
                   '[fuzzy.standards]\nx1 = [1.0, 2.0]\n', encoding="utf-8")
    with pytest.raises(tj.RecipeError, match=r"'x1' needs 3 finite breakpoints.*r\.toml:6") as e:
        tj.Recipe.from_toml(bad)
    assert e.value.id == "recipe.fuzzy_standards"
    with pytest.raises(tj.RecipeError) as e:
        fuzzy_run(FARM, FARM_FW, {**FARM_FUZZY, "standards": {"yield": [550.0, 450.0, 350.0, 0.0]}})
    assert e.value.id == "recipe.fuzzy_missing_standard" and "'quality'" in str(e.value)
    with pytest.raises(tj.RecipeError) as e:
        fuzzy_run(FARM, FARM_FW, {**FARM_FUZZY, "standards": {**FARM_FUZZY["standards"], "nope": [1, 2, 3, 4]}})
    assert e.value.id == "recipe.unknown_indicator"


def test_fuzzy_recipe_round_trip():
    r = tj.Recipe(aggregate={"method": "fuzzy", "fuzzy_operator": "min_max"}, fuzzy=FARM_FUZZY)
    text = r.to_toml()
    assert "[fuzzy.standards]" in text and 'fuzzy_operator = "min_max"' in text
    assert tj.Recipe.from_toml(text) == r
    res = fuzzy_run(FARM, FARM_FW, FARM_FUZZY)
    again = tj.score(FARM, FARM_FW, tj.Recipe.from_toml(res.provenance["recipe"]))
    np.testing.assert_array_equal(again.scores["IDX"], res.scores["IDX"])


def test_fuzzy_memberships_survive_pickle_and_json_to_the_last_bit():
    # the memberships are a table of the result (result_tables.hpp, fuzzy_memberships), so a
    # result read back (pickle goes through the JSON document) gives the same fuzzy table; the
    # JSON writer writes the shortest text that reads back to the same double
    import json
    import pickle

    data = FARM.copy()
    data.loc["乙", "income"] = np.nan  # a missing input: its membership row is renormalised
    res = fuzzy_run(data, FARM_FW, FARM_FUZZY, aggregate={"method": "fuzzy", "fuzzy_operator": "min_max"})
    back = pickle.loads(pickle.dumps(res))
    pd.testing.assert_frame_equal(back.fuzzy("IDX"), res.fuzzy("IDX"), check_exact=True)
    # the long table in the JSON document: 3 units x 4 grades, grade values of the recipe
    doc = json.loads(res.to_json())
    rows = pd.DataFrame(doc["fuzzy_memberships"])
    assert len(rows) == 3 * 4 and set(rows["node"]) == {"IDX"}
    assert rows["grade"].tolist()[:4] == FARM_FUZZY["grades"]
    assert rows["grade_value"].tolist()[:4] == FARM_FUZZY["values"]
    wide = rows.pivot(index="unit", columns="grade", values="membership")[FARM_FUZZY["grades"]]
    expect = res.fuzzy("IDX").set_index("unit")[[f"b_{j + 1}" for j in range(4)]]
    np.testing.assert_array_equal(wide.loc[expect.index].to_numpy(), expect.to_numpy())
