# SPDX-License-Identifier: MIT
"""tj.stats against computations written here with pandas, scipy and numpy:

 - min, max, mean, median, sd with pandas; skewness and excess kurtosis against
   scipy.stats.skew / kurtosis with bias=False (type 2); counts, shares and flags by their
   definitions (COINr's get_stats thresholds, strict inequalities);
 - Pearson, Spearman and Kendall tau-b within groups against pandas and scipy, pairwise
   complete, per period, on the direction-adjusted values; flags; correlations with parents;
 - Cronbach's alpha by the textbook formula on min-max normalised values;
 - PCA variance shares and loadings against numpy.linalg.eigh of the correlation matrix of the
   complete rows;
 - the recipe's preparation feeding the indicator table; bad options -> RecipeError naming them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tijian as tj

scipy_stats = pytest.importorskip("scipy.stats", reason="scipy is needed for the independent statistics")

FW = {"code": "IDX", "children": [
    {"code": "AIR", "children": [{"code": "pm25", "direction": "lower"}, {"code": "no2", "direction": "lower"},
                                 {"code": "o3", "direction": "lower"}, {"code": "aqi_days"}]},
    {"code": "GREEN", "children": [{"code": "green"}, {"code": "parks"}, {"code": "trees"}]},
    {"code": "ECO", "children": [{"code": "gdp"}, {"code": "debt", "direction": "lower"}]},
]}
GROUPS = {"AIR": ["pm25", "no2", "o3", "aqi_days"], "GREEN": ["green", "parks", "trees"], "ECO": ["gdp", "debt"]}
LOWER = {"pm25", "no2", "o3", "debt"}
CODES = [c for g in GROUPS.values() for c in g]
YEARS = [2023, 2024]


def _data(missing: bool = True) -> pd.DataFrame:
    """40 cities x 2 years: correlated air indicators, a skewed and heavy-tailed one (parks),
    one with many zeros (trees), one with few distinct values (aqi_days), one mostly missing
    (debt), and scattered missing values."""
    rng = np.random.default_rng(20240601)
    n = len(YEARS) * 40
    smog = rng.normal(size=n)
    x = pd.DataFrame({
        "pm25": 40 + 12 * smog + 3 * rng.normal(size=n),
        "no2": 30 + 8 * smog + 4 * rng.normal(size=n),
        "o3": 90 - 5 * smog + 9 * rng.normal(size=n),
        "aqi_days": rng.choice([250.0, 280.0, 300.0, 320.0], size=n),
        "green": 38 + 4 * rng.normal(size=n),
        "parks": np.exp(rng.normal(1.0, 1.1, size=n)),
        "trees": np.where(rng.random(n) < 0.6, 0.0, rng.gamma(2.0, 3.0, size=n)),
        "gdp": rng.lognormal(11, 0.4, size=n),
        "debt": 60 + 15 * rng.normal(size=n),
    })
    x.loc[[3, 17, 44, 61], "green"] = 0.0
    if missing:
        x.loc[rng.choice(n, 30, replace=False), "debt"] = np.nan
        for c in ("pm25", "no2", "o3", "green", "gdp"):
            x.loc[rng.choice(n, 4, replace=False), c] = np.nan
    x.index = pd.MultiIndex.from_product([[f"c{i:02d}" for i in range(40)], YEARS], names=["city", "year"])
    return x


def _period(x: pd.DataFrame, year: int) -> pd.DataFrame:
    return x.xs(year, level="year")


def _oriented(x: pd.DataFrame) -> pd.DataFrame:
    """The values in the direction of the index (a positive affine map of min-max's output)."""
    return x.apply(lambda c: -c if c.name in LOWER else c)


def _min_max(x: pd.DataFrame) -> pd.DataFrame:
    """Min-max to 0-100 in the indicator's direction, per column (one period)."""
    o = _oriented(x)
    return 100 * (o - o.min()) / (o.max() - o.min())


# ---- the indicator table -----------------------------------------------------------------------

def test_indicator_table_against_pandas_and_scipy():
    x = _data()
    rep = tj.stats(x, FW)
    t = rep.indicators
    assert list(t.columns[:3]) == ["indicator", "period", "rows"]
    assert t[["indicator", "period"]].values.tolist() == [[c, y] for c in CODES for y in YEARS]
    flags = {"low_availability": 0, "low_nonzero": 0, "low_unique": 0, "skew_kurt_outlier": 0}
    for row in t.itertuples():
        col = _period(x, row.period)[row.indicator]
        v = col.dropna()
        assert row.rows == len(col) == 40 and row.available == len(v)
        assert row.share_available == len(v) / len(col)
        assert (row.min, row.max) == (v.min(), v.max())
        assert row.mean == pytest.approx(v.mean(), rel=1e-13)
        assert row.median == pytest.approx(v.median(), rel=1e-13)
        assert row.sd == pytest.approx(v.std(ddof=1), rel=1e-12)
        assert row.skew == pytest.approx(scipy_stats.skew(v, bias=False), rel=1e-10, abs=1e-12)
        assert row.kurt == pytest.approx(scipy_stats.kurtosis(v, bias=False, fisher=True), rel=1e-10, abs=1e-12)
        assert row.nonzero == (v != 0).sum() and row.share_nonzero == (v != 0).sum() / len(v)
        assert row.unique == v.nunique() and row.share_unique == v.nunique() / len(v)
        assert row.same == v.value_counts().max() and row.share_same == v.value_counts().max() / len(v)
        # COINr's get_stats flags with its default thresholds
        expected = {
            "low_availability": len(v) / len(col) < 0.65,
            "low_nonzero": (v != 0).mean() < 0.5,
            "low_unique": v.nunique() / len(v) < 0.5,
            "skew_kurt_outlier": abs(scipy_stats.skew(v, bias=False)) > 2 and scipy_stats.kurtosis(v, bias=False) > 3.5,
        }
        for name, value in expected.items():
            assert getattr(row, name) == value, (row.indicator, row.period, name)
            flags[name] += value
    # the data were made so that every flag occurs
    assert all(flags.values()), flags
    # other thresholds
    strict = tj.stats(x, FW, t_avail=0.95, t_unique=0.95, t_nonzero=0.99, t_skew=0.5, t_kurt=0.0).indicators
    v = _period(x, 2023)["green"].dropna()
    g = strict[(strict["indicator"] == "green") & (strict["period"] == 2023)].iloc[0]
    assert g["low_availability"] == (len(v) / 40 < 0.95) and g["low_nonzero"] == ((v != 0).mean() < 0.99)


# ---- correlations ------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["pearson", "spearman", "kendall"])
def test_within_group_correlations_against_pandas(kind):
    x = _data()
    rep = tj.stats(x, FW, correlation=kind, collinear=0.6, negative=-0.1)
    c = rep.correlations
    within = c[c["relation"] == "within_group"]
    expected_pairs = sum(len(g) * (len(g) - 1) // 2 for g in GROUPS.values()) * len(YEARS)
    assert len(within) == expected_pairs
    for year in YEARS:
        o = _oriented(_period(x, year))
        ref = o.corr(method=kind)  # pairwise complete
        for group, codes in GROUPS.items():
            for i, a in enumerate(codes):
                for b in codes[i + 1:]:
                    row = within[(within["a"] == a) & (within["b"] == b) & (within["period"] == year)]
                    assert len(row) == 1, (a, b, year)
                    row = row.iloc[0]
                    assert row["group"] == group
                    assert row["r"] == pytest.approx(ref.loc[a, b], abs=1e-12), (kind, a, b, year)
                    both = o[[a, b]].dropna()
                    assert row["n"] == len(both)
                    if kind == "kendall":  # tau-b, as scipy
                        assert row["r"] == pytest.approx(scipy_stats.kendalltau(both[a], both[b]).statistic, abs=1e-12)
                    if kind == "spearman":  # ranks of the shared rows
                        assert row["r"] == pytest.approx(scipy_stats.spearmanr(both[a], both[b]).statistic, abs=1e-12)
                    flag = "collinear" if row["r"] > 0.6 else "negative" if row["r"] < -0.1 else ""
                    assert row["flag"] == flag
    assert set(within["flag"]) == {"collinear", "negative", ""}


def test_correlations_with_parents_and_the_matrix():
    x = _data()
    rep = tj.stats(x, FW)
    res = tj.score(x, FW)
    parents = rep.correlations[rep.correlations["relation"] == "with_parent"]
    # every node but the root, per period
    assert len(parents) == (len(CODES) + len(GROUPS)) * len(YEARS)
    for row in parents.itertuples():
        mask = res.index.get_level_values("year") == row.period
        a = res.score(row.a)[mask]
        b = res.score(row.b)[mask]
        assert row.r == pytest.approx(a.corr(b), abs=1e-12)
        assert row.group == row.b and row.flag == ("negative" if row.r < -0.4 else "")
    # the pivot
    m = rep.correlation_matrix("AIR", period=2024)
    assert list(m.index) == list(m.columns) == GROUPS["AIR"]
    np.testing.assert_array_equal(m.to_numpy(), m.to_numpy().T)
    np.testing.assert_array_equal(np.diag(m), 1.0)
    ref = _oriented(_period(x, 2024))[GROUPS["AIR"]].corr()
    np.testing.assert_allclose(m.to_numpy(), ref.to_numpy(), atol=1e-12)
    full = rep.correlation_matrix(period="2024")  # the period as text works too
    assert full.shape == (len(CODES), len(CODES))
    assert np.isnan(full.loc["pm25", "green"]) and full.loc["pm25", "no2"] == m.loc["pm25", "no2"]
    with pytest.raises(ValueError, match="period"):
        rep.correlation_matrix("AIR")
    with pytest.raises(KeyError, match="GREEN"):
        rep.correlation_matrix("NOPE", period=2024)
    with pytest.raises(KeyError, match="2030"):
        rep.correlation_matrix("AIR", period=2030)


# ---- alpha and PCA -----------------------------------------------------------------------------

def _cronbach(items: pd.DataFrame) -> float:
    """The textbook formula: k / (k - 1) * (1 - sum of item variances / variance of the total)."""
    k = items.shape[1]
    return k / (k - 1) * (1 - items.var(ddof=1).sum() / items.sum(axis=1).var(ddof=1))


def test_cronbach_alpha_by_the_textbook_formula():
    x = _data(missing=False)
    rep = tj.stats(x, FW)
    a = rep.alpha
    assert list(a.columns) == ["group", "period", "indicators", "alpha", "values", "values_zh"]
    assert (a["values"] == "normalised").all()  # what alpha is computed on (issue 19)
    assert len(a) == len(GROUPS) * len(YEARS)
    for row in a.itertuples():
        items = _min_max(_period(x, row.period))[GROUPS[row.group]]
        assert row.indicators == len(GROUPS[row.group])
        assert row.alpha == pytest.approx(_cronbach(items), rel=1e-10), (row.group, row.period)
    # one indicator: no alpha
    one = tj.stats(x, {"code": "I", "children": [{"code": "G", "children": [{"code": "pm25"}]},
                                                 {"code": "H", "children": [{"code": "no2"}, {"code": "o3"}]}]},
                   unknown_columns="ignore")
    assert np.isnan(one.alpha.loc[one.alpha["group"] == "G", "alpha"]).all()


def test_pca_against_numpy_eigh():
    x = _data()  # with missing values: PCA uses the complete rows of each group
    rep = tj.stats(x, FW)
    p = rep.pca
    assert list(p.columns) == ["group", "period", "component", "eigenvalue", "variance_share", "cumulative_share",
                               "rows_used", "note", "note_zh", "values", "values_zh"]
    for group, codes in GROUPS.items():
        for year in YEARS:
            z = _min_max(_period(x, year))[codes].dropna()
            corr = np.corrcoef(z.to_numpy(), rowvar=False)
            values, vectors = np.linalg.eigh(corr)
            order = np.argsort(values)[::-1]
            values, vectors = values[order], vectors[:, order]
            rows = p[(p["group"] == group) & (p["period"] == year)]
            assert rows["component"].tolist() == list(range(1, len(codes) + 1))
            assert (rows["rows_used"] == len(z)).all()
            np.testing.assert_allclose(rows["eigenvalue"], values, atol=1e-10)
            np.testing.assert_allclose(rows["variance_share"], values / values.sum(), atol=1e-12)
            np.testing.assert_allclose(rows["cumulative_share"], np.cumsum(values) / values.sum(), atol=1e-12)
            load = rep.loadings(group, period=year)
            assert list(load.index) == codes and list(load.columns) == [f"PC{i + 1}" for i in range(len(codes))]
            for c in range(len(codes)):
                v = vectors[:, c]
                if abs(v.sum()) > 1e-6:  # the documented sign: entries sum to a positive number
                    v = v * np.sign(v.sum())
                else:  # entries summing to 0 (two indicators: (1, -1) / sqrt 2): the largest positive
                    v = v * np.sign(v[np.argmax(np.abs(np.round(v, 8)))])
                np.testing.assert_allclose(load.iloc[:, c], v, atol=1e-8)
    # too few complete rows: a row with the reason and empty loadings
    y = _data(missing=False)
    y.loc[y.index[2:], "debt"] = np.nan
    rep2 = tj.stats(y, FW)
    eco = rep2.pca[(rep2.pca["group"] == "ECO") & (rep2.pca["period"] == 2023)]
    assert len(eco) == 1 and pd.isna(eco["component"].iloc[0]) and "complete rows" in eco["note"].iloc[0]
    assert eco["note_zh"].iloc[0] == "完整样本不足 3 行"
    assert rep2.loadings("ECO", 2023).shape == (2, 0)


# ---- recipe, labels, display, bad input --------------------------------------------------------

def test_the_indicator_table_reads_the_prepared_data():
    x = _data()
    prep = {"impute": {"method": "median"}, "treat": {"method": "coinr_winsorise"}}
    rep = tj.stats(x, FW, prepare=prep)
    treated = tj.prepare(x, FW, prepare=prep).treated
    t = rep.indicators.set_index(["indicator", "period"])
    for code in CODES:
        for year in YEARS:
            v = _period(treated, year)[code]
            assert t.loc[(code, year), "available"] == v.notna().sum() == 40
            assert t.loc[(code, year), "mean"] == pytest.approx(v.mean(), rel=1e-13)
            assert t.loc[(code, year), "skew"] == pytest.approx(scipy_stats.skew(v, bias=False), rel=1e-10)


def test_cross_section_and_display():
    x = _period(_data(), 2023)
    rep = tj.stats(x, FW, correlation="Spearman", level=3)
    assert "period" not in rep.indicators.columns and "period" not in rep.correlations.columns
    assert rep.groups == ["IDX"] and rep.periods == [] and rep.options["correlation"] == "spearman"
    m = rep.correlation_matrix()
    assert m.shape == (len(CODES), len(CODES)) and not m.isna().any().any()
    assert repr(rep).startswith("<tijian.StatsReport 'IDX': 9 indicator rows")
    page = rep._repr_html_()
    assert "<b>tijian stats</b>" in page and "Flagged indicators" in page and "skew_kurt_outlier" in page
    with pytest.raises(KeyError):
        rep.loadings("AIR")


@pytest.mark.parametrize("kwargs, option", [
    ({"correlation": "pearsn"}, "correlation"),
    ({"correlation": 1}, "correlation"),
    ({"level": 1}, "level"),
    ({"level": 2.5}, "level"),
    ({"level": True}, "level"),
    ({"t_avail": 1.5}, "t_avail"),
    ({"t_nonzero": -0.1}, "t_nonzero"),
    ({"t_skew": float("nan")}, "t_skew"),
    ({"t_kurt": "high"}, "t_kurt"),
    ({"collinear": float("inf")}, "collinear"),
    ({"negative": None}, "negative"),
])
def test_bad_options_raise_recipe_error_naming_them(kwargs, option):
    x = _data()
    with pytest.raises(tj.RecipeError, match=option) as e:
        tj.stats(x, FW, **kwargs)
    assert e.value.id.startswith("stats.")


def test_bad_recipe_and_data_are_reported_as_for_score():
    x = _data()
    with pytest.raises(tj.RecipeError, match="impute"):
        tj.stats(x, FW, prepare={"impute": {"method": "mode"}})
    with pytest.raises(tj.DataError) as e:
        tj.stats(x.assign(extra=1.0), FW)
    assert e.value.id == "data.unknown_column"
