# SPDX-License-Identifier: MIT
"""tj.prepare: every stage of the data preparation from Python.

 - COINr's ASEM build from its raw data (denominate by the iMeta denominators, impute the
   EurAsia group means, winsorise with the log fall-back): the Denominated, Imputed and Treated
   stages equal COINr6's stored data sets to 1e-9;
 - imputation never changes a present value and lists every filled cell with its method
   (hypothesis), with the filled values checked against pandas group statistics;
 - group imputation with a unit whose group is missing, and a group without values;
 - the treatment table (COINr's Dets_Table) against scipy's skewness and kurtosis;
 - labels, screening, a separate denominator table, Result and Prepared agreeing, bad input.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tijian as tj

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

scipy_stats = pytest.importorskip("scipy.stats", reason="scipy is needed for the independent skewness/kurtosis")

# ---- COINr's ASEM build ------------------------------------------------------------------------

ASEM_DENOMINATORS = ["Area", "Energy", "GDP", "Population"]


def _signif10(v: float) -> float:
    """v to 10 significant digits: the precision of the data inside COINr6's ASEM object
    (its raw PRemit of AUT is 5.069011777, ASEM_iData holds 5.0690117770153194)."""
    return float(f"{v:.9e}")


@pytest.fixture(scope="module")
def asem(shared_data):
    d = shared_data / "asem"
    raw = pd.read_csv(d / "ASEM_COIN_Raw_COINr6.csv")  # UnitCode, UnitName, Year, Group_*, indicators
    idata = pd.read_csv(d / "ASEM_iData.csv").set_index("uCode")
    # COINr keeps the denominators in iData beside the indicators: the same plumbing here
    for c in ASEM_DENOMINATORS:
        raw[c] = [_signif10(v) for v in idata.loc[raw["UnitCode"], c]]
    fw = tj.Framework.from_table(pd.read_csv(d / "ASEM_iMeta.csv"))
    # ASEM_COIN_Method_COINr6.txt: denominate by metadata; impute indgroup_mean by
    # Group_EurAsia; treat: winsorise (COINr's default winmax 5), CTlog fall-back, skew 2,
    # kurtosis 3.5
    recipe = tj.Recipe(prepare={
        "denominate": True,
        "impute": {"method": "group_mean", "group": "Group_EurAsia"},
        "treat": {"method": "coinr_winsorise", "winmax": 5, "skew_threshold": 2.0, "kurt_threshold": 3.5,
                  "fallback": "log_ct"},
    })
    stages = {name: pd.read_csv(d / f"ASEM_COIN_{name}_COINr6.csv").set_index("UnitCode")
              for name in ("Denominated", "Imputed", "Treated")}
    return raw, fw, recipe, stages


def test_asem_every_stage_equals_coinr6(asem):
    raw, fw, recipe, coinr = asem
    p = tj.prepare(raw, fw, recipe)
    worst = {}
    for name, ref in coinr.items():
        ours = getattr(p, name.lower())[fw.indicators]
        assert ours.index.names == ["UnitCode", "Year"] and len(ours) == 51, name
        theirs = ref.loc[ours.index.get_level_values("UnitCode"), fw.indicators].to_numpy()
        a = ours.to_numpy()
        np.testing.assert_array_equal(np.isnan(a), np.isnan(theirs), err_msg=f"{name}: missing values differ")
        worst[name] = float(np.nanmax(np.abs(a - theirs)))
    report = ", ".join(f"{k} {v:.3g}" for k, v in worst.items())
    print(f"\nASEM from raw data via tj.prepare, largest |difference| to COINr6: {report}")
    assert all(v < 1e-9 for v in worst.values()), f"largest |difference| per stage: {report}"

    # what the steps did (counts COINr6's build shows): 17 indicators have a denominator, LAO's
    # Energy is missing (Elec and Gas made missing), 65 missing values all filled by group means,
    # 15 indicators winsorised, none needing the log fall-back
    assert len(p.denominations) == 17 and p.denominations["missing_denominator"].sum() == 2
    assert len(p.imputations) == 65 and (p.imputations["method"] == "group_mean").all()
    assert set(p.imputations["group"]) <= {"Asia", "Europe"} and p.left_missing.empty
    assert (p.treatment["status"] == "treated").sum() == 15 and not p.treatment["fallback_used"].any()
    assert len(p.treatment) == 49 and set(p.treatment["period"]) == {2018}
    # the raw stage is the input as read, denominator columns included
    assert list(p.raw.columns[-4:]) == ASEM_DENOMINATORS
    np.testing.assert_array_equal(p.raw["Goods"].to_numpy(), raw["Goods"].to_numpy())


def test_asem_score_uses_the_same_preparation(asem):
    """Result and Prepared tell the same story, table for table."""
    raw, fw, recipe, _ = asem
    p = tj.prepare(raw, fw, recipe)
    res = tj.score(raw, fw, recipe)
    pd.testing.assert_frame_equal(res.prepared, p.treated[fw.indicators].rename_axis(columns="code"))
    for table in ("denominations", "imputations", "treatment", "treated_cells"):
        pd.testing.assert_frame_equal(getattr(res, table), getattr(p, table), obj=table)
    assert res.screening is None and p.screening.empty


def test_asem_treatment_table_against_scipy(asem):
    """Dets_Table: skewness and kurtosis before (imputed data) and after (treated data) equal
    scipy's type-2 statistics; the points winsorised are the cells that changed."""
    raw, fw, recipe, _ = asem
    p = tj.prepare(raw, fw, recipe)
    for row in p.treatment.itertuples():
        before = p.imputed[row.indicator].dropna().to_numpy()
        after = p.treated[row.indicator].dropna().to_numpy()
        assert row.skew_before == pytest.approx(scipy_stats.skew(before, bias=False), rel=1e-9, abs=1e-12)
        assert row.kurt_before == pytest.approx(scipy_stats.kurtosis(before, bias=False), rel=1e-9, abs=1e-12)
        assert row.skew_after == pytest.approx(scipy_stats.skew(after, bias=False), rel=1e-9, abs=1e-12)
        assert row.kurt_after == pytest.approx(scipy_stats.kurtosis(after, bias=False), rel=1e-9, abs=1e-12)
        failed_before = abs(row.skew_before) >= 2 and row.kurt_before >= 3.5
        assert row.pass_before == (not failed_before)
        changed = int((p.imputed[row.indicator] != p.treated[row.indicator]).sum())
        assert changed == row.points_high + row.points_low, row.indicator
        cells = p.treated_cells[p.treated_cells["indicator"] == row.indicator]
        assert len(cells) == changed
        assert (cells["how"] == "winhi").sum() == row.points_high


# ---- imputation properties ---------------------------------------------------------------------

FW = {"code": "IDX", "children": [
    {"code": "A", "children": [{"code": "a1"}, {"code": "a2", "direction": "lower"}, {"code": "a3"}]},
    {"code": "B", "children": [{"code": "b1"}, {"code": "b2"}]},
]}
CODES = ["a1", "a2", "a3", "b1", "b2"]


@st.composite
def panels(draw):
    n = draw(st.integers(3, 12))
    periods = draw(st.sampled_from([None, [2023, 2024]]))
    rows = n * (1 if periods is None else 2)
    values = draw(st.lists(st.lists(st.one_of(st.none(), st.floats(-1e3, 1e3, allow_nan=False)),
                                    min_size=5, max_size=5), min_size=rows, max_size=rows))
    region = draw(st.lists(st.sampled_from(["east", "west", "north", None]), min_size=n, max_size=n))
    x = np.array([[np.nan if v is None else v for v in r] for r in values])
    units = [f"u{i}" for i in range(n)]
    if periods is None:
        index = pd.Index(units, name="unit")
        reg = region
    else:
        index = pd.MultiIndex.from_product([units, periods], names=["unit", "year"])
        reg = [r for r in region for _ in periods]
    df = pd.DataFrame(x, columns=CODES, index=index)
    df["region"] = reg
    return df


@given(df=panels(), method=st.sampled_from(["mean", "median", "group_mean", "group_median",
                                            "row_mean_in_group", "em"]),
       fallback=st.booleans())
def test_imputation_keeps_present_values_and_lists_every_filled_cell(df, method, fallback):
    p = tj.prepare(df, FW, groups=["region"],
                   impute={"method": method, "group": "region", "group_fallback": fallback})
    before, after = p.screened[CODES], p.imputed[CODES]
    present = before.notna().to_numpy()
    # 1. a present value never changes (bit for bit)
    np.testing.assert_array_equal(after.to_numpy()[present], before.to_numpy()[present])
    # 2. the filled cells are exactly the listed imputations, each once, with its value
    filled = after.notna().to_numpy() & ~present
    listed = p.imputations
    panel = "period" in listed.columns  # the period column is there for panel data only
    key = ["unit", "period", "indicator"] if panel else ["unit", "indicator"]
    assert not listed.duplicated(subset=key).any()
    assert len(listed) == filled.sum()
    assert (listed["method"].str.len() > 0).all()
    for r in listed.itertuples():
        row = (r.unit, r.period) if panel else r.unit
        assert after.loc[row, r.indicator] == r.value
        assert np.isnan(before.loc[row, r.indicator])
    # 3. what is still missing is listed as left missing, with a reason
    assert len(p.left_missing) == (~after.notna().to_numpy()).sum()
    assert (p.left_missing["reason"].str.len() > 0).all()
    # 4. the statistic methods fill with the statistic of the present values (pandas)
    for r in listed.itertuples():
        if method not in ("mean", "median", "group_mean", "group_median"):
            break
        col = before[r.indicator]
        mask = np.ones(len(before), bool)
        if panel:
            mask &= before.index.get_level_values("year") == r.period
        grouped = method.startswith("group_") and r.method == method
        if grouped:
            mask &= (df.loc[before.index, "region"] == r.group).to_numpy()
        values = col[mask].dropna()
        expected = values.mean() if method.endswith("mean") else values.median()
        assert r.value == pytest.approx(expected, rel=1e-12, abs=1e-9), (r, method)


def test_group_imputation_with_a_unit_without_group():
    df = pd.DataFrame({
        "region": ["east", "east", "west", "west", None, "south"],
        "x": [1.0, np.nan, 10.0, 20.0, np.nan, np.nan],
        "y": [5.0, 7.0, np.nan, 9.0, 4.0, 6.0],
    }, index=pd.Index(["a", "b", "c", "d", "e", "f"], name="unit"))
    fw = {"code": "I", "children": [{"code": "x"}, {"code": "y"}]}
    p = tj.prepare(df, fw, groups=["region"], impute={"method": "group_mean", "group": "region"})
    assert p.imputed.loc["b", "x"] == 1.0 and p.imputed.loc["c", "y"] == 9.0
    left = p.left_missing.set_index(["unit", "indicator"])
    assert left.loc[("e", "x"), "reason"] == "unit_group_missing"
    assert left.loc[("f", "x"), "reason"] == "group_all_missing" and left.loc[("f", "x"), "group"] == "south"
    assert np.isnan(p.imputed.loc["e", "x"]) and np.isnan(p.imputed.loc["f", "x"])
    assert (p.diagnostics["id"] == "impute.left_missing").any()
    # with the fall-back both get the indicator's overall mean (of 1, 10, 20)
    q = tj.prepare(df, fw, groups=["region"],
                   impute={"method": "group_mean", "group": "region", "group_fallback": True})
    cells = q.imputations.set_index(["unit", "indicator"])
    assert cells.loc[("e", "x"), "method"] == "group_mean>mean" and cells.loc[("e", "x"), "value"] == 31.0 / 3
    assert cells.loc[("f", "x"), "method"] == "group_mean>mean" and cells.loc[("f", "x"), "group"] == "south"
    assert q.left_missing.empty and not q.imputed[["x", "y"]].isna().any().any()


def test_em_fits_are_reported():
    rng = np.random.default_rng(4)
    z = rng.normal(size=(40, 1))
    x = np.hstack([z + 0.3 * rng.normal(size=(40, 1)) for _ in range(3)])
    x[[1, 5, 9], [0, 1, 2]] = np.nan
    fw = {"code": "I", "children": [{"code": "G", "children": [{"code": c} for c in ("p", "q", "r")]}]}
    p = tj.prepare(pd.DataFrame(x, columns=["p", "q", "r"]), fw, impute="em")
    assert len(p.imputations) == 3 and (p.imputations["method"] == "em").all()
    assert list(p.em.columns[:3]) == ["group", "indicators", "iterations"]
    assert p.em.loc[0, "converged"] and p.em.loc[0, "indicators"] == ["p", "q", "r"]
    mean, cov = p.em_model("G")
    assert list(mean.index) == ["p", "q", "r"] and cov.shape == (3, 3)
    np.testing.assert_allclose(cov.to_numpy(), cov.to_numpy().T)
    with pytest.raises(KeyError):
        p.em_model("nope")


# ---- stages, labels, screening, denominators ---------------------------------------------------

def test_stages_are_labelled_like_the_input_and_screening_drops_rows():
    idx = pd.MultiIndex.from_product([[101, 102, 103], [2023, 2024]], names=["city", "year"])
    df = pd.DataFrame({"x": [1.0, 2.0, np.nan, 4.0, 5.0, 6.0], "y": [1.0, 0.0, np.nan, 3.0, 4.0, 8.0]},
                      index=idx)
    fw = {"code": "I", "children": [{"code": "x"}, {"code": "y"}]}
    p = tj.prepare(df, fw, screen={"policy": "by_missing", "min_availability": 0.6})
    assert p.raw.index.equals(idx) and p.denominated.index.equals(idx)
    assert list(p.removed) == [(102, 2023)]
    assert p.screened.index.equals(idx.delete(2)) and p.treated.index.equals(idx.delete(2))
    s = p.screening
    assert list(s.columns[:3]) == ["unit", "period", "indicators"]
    assert s["unit"].tolist() == [101, 101, 102, 102, 103, 103]  # integer labels come back as integers
    assert s["period"].tolist() == [2023, 2024] * 3
    assert s["included"].tolist() == [True, True, False, True, True, True]
    assert tj.score(df, fw, prepare={"screen": {"policy": "by_missing", "min_availability": 0.6}}).screening.equals(s)
    with pytest.raises(ValueError, match="stages are"):
        p.stage("normalised")
    # no step: every stage is the input
    q = tj.prepare(df, fw)
    for name in ("raw", "denominated", "screened", "imputed", "treated"):
        pd.testing.assert_frame_equal(q.stage(name), df)
    assert "no preparation step" in repr(q)
    assert "<b>tijian prepared data</b>" in p._repr_html_()


def test_denominators_in_the_data_and_in_a_separate_table():
    fw = {"code": "I", "children": [{"code": "green", "denominator": "pop", "scale_factor": 1000.0},
                                    {"code": "roads"}]}
    df = pd.DataFrame({"green": [50.0, 30.0, 8.0], "roads": [1.0, 2.0, 3.0], "pop": [2e6, 1e6, 0.0]},
                      index=pd.Index(["qd", "jn", "zb"], name="city"))
    p = tj.prepare(df, fw, denominate=True)
    assert p.denominated.loc["qd", "green"] == 50.0 / (2e6 / 1000.0)
    assert np.isnan(p.denominated.loc["zb", "green"])  # zero denominator: missing
    d = p.denominations.iloc[0]
    assert (d["indicator"], d["denominator"], d["cells"], d["zero_denominator"]) == ("green", "pop", 2, 1)
    # the denominator column is an input, not an unknown column, for tj.score too
    assert tj.score(df, fw, prepare={"denominate": True}).prepared.loc["jn", "green"] == 30.0 / 1000.0
    # a separate table (COINr's denoms) with text columns and other units, matched by unit
    denoms = pd.DataFrame({"uCode": ["jn", "qd", "zb", "xx"], "uName": ["济南", "青岛", "淄博", "?"],
                           "pop": [4e6, 1e6, 5e5, 1.0]})
    q = tj.prepare(df.drop(columns="pop"), fw, denominate=True, denominators=denoms)
    np.testing.assert_allclose(q.denominated["green"], [50.0 / 1000.0, 30.0 / 4000.0, 8.0 / 500.0])
    with pytest.raises(tj.DataError) as e:
        tj.prepare(df.drop(columns="pop"), fw, denominate=True)
    assert e.value.id == "data.denominator_missing"


def test_step_options_merge_into_the_recipe():
    base = tj.Recipe(prepare={"treat": {"method": "coinr_winsorise", "winmax": 2}})
    r = base.replace(prepare={"treat": {"skew_threshold": 1.5}})
    treat = r.to_dict()["prepare"]["treat"]
    assert (treat["method"], treat["winmax"], treat["skew_threshold"]) == ("coinr_winsorise", 2, 1.5)
    x = np.r_[np.arange(1.0, 20.0), 500.0]
    df = pd.DataFrame({"x": x, "y": x[::-1].copy()})
    fw = {"code": "I", "children": [{"code": "x"}, {"code": "y"}]}
    p = tj.prepare(df, fw, base, treat={"winmax": 3})
    assert p.treatment["method"].tolist() == ["coinr_winsorise"] * 2
    assert p.treated["x"].max() == 19.0 and p.treatment["points_high"].tolist() == [1, 1]
    cells = p.treated_cells
    assert cells[["unit", "indicator", "how", "before", "after"]].values.tolist() == [
        [19, "x", "winhi", 500.0, 19.0], [0, "y", "winhi", 500.0, 19.0]]


def test_bad_preparation_options():
    df = pd.DataFrame({"x": [1.0, np.nan, 3.0], "y": [1.0, 2.0, 3.0]})
    fw = {"code": "I", "children": [{"code": "x"}, {"code": "y"}]}
    with pytest.raises(tj.RecipeError, match="impute"):
        tj.prepare(df, fw, impute="mode")
    with pytest.raises(tj.RecipeError) as e:
        tj.prepare(df, fw, impute={"method": "group_mean", "group": "region"})
    assert e.value.id == "recipe.unknown_group" and "region" in str(e.value)
    with pytest.raises(tj.RecipeError, match="winmax"):
        tj.prepare(df, fw, treat={"method": "coinr_winsorise", "winmax": "many"})
    with pytest.raises(tj.RecipeError) as e:
        tj.prepare(df, fw, screen={"policy": "by_missing", "force_exclude": ["nobody"]})
    assert e.value.id == "recipe.unknown_unit"
    with pytest.raises(TypeError, match="impute"):
        tj.prepare(df, fw, impute=3)
    with pytest.raises(TypeError, match="denominators"):
        tj.prepare(df, fw, denominate=True, denominators=[1, 2])
