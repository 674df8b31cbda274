# SPDX-License-Identifier: MIT
"""The annual check over years (tj.trend), the attribution of a composite change and the
five-year evaluation (tj.evaluate): statistics against scipy.stats.linregress and numpy written
here independently, hand-computed targets, the attribution identities on the HDI and ASEM
panels to 1e-12, the MOHURD / AQI panel of Chinese cities end to end (Python and the command
line give the same tables), and bad input."""

from __future__ import annotations

import math
import subprocess

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

import tijian as tj

FW = {"code": "IDX", "children": [
    {"code": "D1", "children": [{"code": "A", "unit": "km2"}, {"code": "B", "unit": "AQI", "direction": "lower"}]},
    {"code": "D2", "children": [{"code": "D", "unit": "%"}]}]}


def _hand_panel() -> pd.DataFrame:
    return pd.DataFrame({
        "unit": ["u1"] * 4 + ["u2"] * 4,
        "year": [2019, 2020, 2021, 2022] * 2,
        "A": [100.0, 110.0, 121.0, 133.1, 200.0, 190.0, 180.0, 170.0],
        "B": [80.0, 80.0, 70.0, np.nan, 60.0, 60.3, 60.5, 60.4],
        "D": [np.nan, 50.0, np.nan, 52.0, np.nan, np.nan, np.nan, np.nan],
    })


def test_statistics_match_scipy_and_hand_arithmetic():
    df = _hand_panel()
    tr = tj.trend(df, FW, project_to=2025)
    row = tr.trends.set_index(["unit", "indicator"]).loc[("u1", "A")]
    # CAGR: (133.1 / 100)^(1/3) - 1 = 10 %
    assert row["cagr_pct"] == pytest.approx(10.0, abs=1e-12)
    lr = sps.linregress([2019, 2020, 2021, 2022], [100.0, 110.0, 121.0, 133.1])
    assert row["slope"] == pytest.approx(lr.slope, abs=1e-12)
    assert row["slope_se"] == pytest.approx(lr.stderr, abs=1e-12)
    assert row["r2"] == pytest.approx(lr.rvalue ** 2, abs=1e-12)
    # COINr prc_change: 100 slope / (intercept + slope t_first)
    assert row["trend_pct"] == pytest.approx(100 * lr.slope / (lr.intercept + lr.slope * 2019), rel=1e-12)
    # projections from the last value: linear 133.1 + 3 slope, CAGR 133.1 * 1.1^3
    assert row["projected_linear"] == pytest.approx(133.1 + 3 * lr.slope, abs=1e-9)
    assert row["projected_cagr"] == pytest.approx(133.1 * 1.1 ** 3, abs=1e-9)
    assert row["improvement"] == "improved" and row["improvement_zh"] == "改善"
    # u2 B: 60 -> 60.4 is +0.67 %, within the default 1 % tolerance; with 0.5 % it worsened
    assert tr.trends.set_index(["unit", "indicator"]).loc[("u2", "B"), "improvement"] == "stable"
    strict = tj.trend(df, FW, tolerance=0.005).trends.set_index(["unit", "indicator"])
    assert strict.loc[("u2", "B"), "improvement"] == "worsened"
    # year on year against pandas
    ch = tr.changes[(tr.changes["unit"] == "u2") & (tr.changes["indicator"] == "A")]
    np.testing.assert_allclose(ch["change_pct"], pd.Series([200.0, 190, 180, 170]).pct_change().dropna() * 100,
                               rtol=1e-12)
    # units travel with the frame
    assert tr.trends.attrs["columns"]["cagr_pct"]["unit_en"] == "%/year"
    assert tr.trends.attrs["columns"]["change"]["unit_column"] == "measure"
    assert set(tr.trends["measure"]) == {"km2", "AQI", "%"}


def test_targets_progress_year_met_and_evaluation_by_hand():
    plan = {"profile": "p", "start_year": 2020, "target": [
        {"indicator": "A", "kind": "at_least", "value": 150.0, "year": 2025},
        {"indicator": "B", "kind": "at_most", "value": 60.0, "year": 2025, "base_value": 85.0},
        {"indicator": "D", "kind": "at_least", "value": 70.0, "year": 2025}]}
    tr = tj.trend(_hand_panel(), FW, plan).trends.set_index(["unit", "indicator"])
    a = tr.loc[("u1", "A")]
    slope = sps.linregress([2019, 2020, 2021, 2022], [100.0, 110.0, 121.0, 133.1]).slope
    assert a["base_year"] == 2020 and a["base_value"] == 110.0 and a["base_rule"] == "start_year"
    assert a["progress"] == pytest.approx((133.1 - 110) / (150 - 110), abs=1e-12)
    assert a["year_met_linear"] == pytest.approx(2022 + (150 - 133.1) / slope, abs=1e-9)
    assert a["year_met_cagr"] == pytest.approx(2022 + math.log(150 / 133.1) / math.log(1.1), abs=1e-9)
    b = tr.loc[("u1", "B")]  # 80, 80, 70: slope -5, 70 -> 60 in two years
    assert b["year_met_linear"] == pytest.approx(2023.0, abs=1e-12)
    assert tr.loc[("u2", "B"), "outlook_linear"] == "never"  # rising AQI against <= 60
    assert tr.loc[("u2", "A"), "outlook_linear"] == "met"

    ev = tj.evaluate(_hand_panel(), FW, plan, year=2022)
    assert (ev.year, ev.end_year) == (2022, 2025)
    t = ev.targets.set_index(["unit", "indicator"])
    a = t.loc[("u1", "A")]
    assert a["pace"] == pytest.approx((133.1 - 110) / 2, abs=1e-12)
    assert a["pace_required"] == pytest.approx(40 / 5, abs=1e-12)
    assert a["pace_needed"] == pytest.approx((150 - 133.1) / 3, abs=1e-12)
    assert a["outcome"] == "on_pace"
    d = t.loc[("u1", "D")]  # 50 -> 52 in two years: 55 in 2025 < 70
    assert d["projected_value"] == pytest.approx(55.0) and d["projected_year"] == pytest.approx(2040.0)
    assert d["outcome"] == "will_miss" and d["outcome_zh"] == "按当前速度将无法实现"
    dims = ev.dimensions.set_index(["unit", "dimension"])
    assert dims.loc[("u1", "D1"), "on_pace"] == 2 and dims.loc[("u1", "D2"), "will_miss"] == 1
    assert dims.loc[("u2", "D2"), "no_data"] == 1


def test_pooled_normalisation_keeps_an_unchanged_unit_unchanged():
    df = pd.DataFrame({"unit": ["u1", "u2", "u3"] * 2, "year": [2021] * 3 + [2022] * 3,
                       "A": [10.0, 20.0, 30.0, 10.0, 5.0, 30.0]})
    fw = {"code": "I", "children": [{"code": "A"}]}
    pooled = tj.score(df, fw, normalise={"method": "min_max", "fit": "pooled"}).scores["I"]
    per_year = tj.score(df, fw).scores["I"]
    assert pooled[("u1", 2021)] == pooled[("u1", 2022)] == pytest.approx(20.0)  # (10 - 5) / 25
    assert per_year[("u1", 2021)] == 0.0 and per_year[("u1", 2022)] == pytest.approx(20.0)


# --- attribution on real panels ----------------------------------------------------------------

def _hdi_wide(shared_data) -> pd.DataFrame:
    raw = pd.read_csv(shared_data / "hdi" / "HDR23-24_Composite_indices_complete_time_series.csv",
                      encoding="utf-8-sig")
    raw = raw[~raw["iso3"].str.startswith("ZZ")]
    parts = []
    for var in ["le", "eys", "mys", "gnipc"]:
        cols = [f"{var}_{y}" for y in (2010, 2022)]
        p = raw.melt(id_vars="iso3", value_vars=cols, var_name="column", value_name="value")
        p["year"] = p["column"].str[-4:].astype(int)
        p["indicator"] = var
        parts.append(p[["iso3", "year", "indicator", "value"]])
    wide = pd.concat(parts).pivot(index=["iso3", "year"], columns="indicator", values="value")
    wide.columns.name = None
    return wide


def test_attribution_log_decomposition_on_the_hdi(shared_data, repo):
    """HDI = geometric mean of health, education (arithmetic) and income: the log contributions
    add up to d ln HDI and the level contributions (Sato-Vartia) to d HDI, country by country."""
    wide = _hdi_wide(shared_data)
    fw = tj.Framework.from_toml(repo / "tests/data/hdi/framework.toml")
    tr = tj.trend(wide, fw, from_year=2010, to_year=2022, attribute=True,
                  recipe=tj.Recipe.from_toml(repo / "tests/data/hdi/recipe.toml"))
    s = tr.attribution_summary.set_index("unit")
    assert len(s) > 150 and s["exact"].all()
    # independent: the published-method HDI from the same inputs with numpy
    res = tj.score(wide, fw, tj.Recipe.from_toml(repo / "tests/data/hdi/recipe.toml")).scores["HDI"].unstack()
    both = res.dropna()
    np.testing.assert_allclose(s.loc[both.index, "change"], both[2022] - both[2010], atol=1e-15)
    assert np.max(np.abs(s["contributions"] - s["change"])) < 1e-12
    assert np.max(np.abs(s["log_contributions"] - s["log_change"])) < 1e-12
    assert np.max(np.abs(s["log_change"] - np.log(s["score_b"] / s["score_a"]))) < 1e-12
    # per row: the contributions of one country's four indicators sum to its change
    sums = tr.attribution.groupby("unit")[["contribution", "log_contribution"]].sum()
    assert np.max(np.abs(sums["contribution"] - s["change"].reindex(sums.index))) < 1e-12
    # a geometric top: the income log contribution is (1/3) d ln(income index)
    nor = tr.attribution[(tr.attribution["unit"] == "NOR") & (tr.attribution["indicator"] == "gnipc")].iloc[0]
    assert nor["log_contribution"] == pytest.approx(np.log(nor["value_b"] / nor["value_a"]) / 3, abs=1e-15)


def test_attribution_exact_for_arithmetic_on_the_asem_panel(shared_data):
    """COINr's ASEM panel (51 countries, 2018-2022), min-max pooled over the years and arithmetic
    means: for every country with the same indicators in both years, sum w_eff dx = d score."""
    asem = shared_data / "asem"
    data = pd.read_csv(asem / "ASEM_iData_p.csv")
    fw = tj.Framework.from_table(pd.read_csv(asem / "ASEM_iMeta.csv"))
    data = data[["uCode", "Time", *fw.indicators]]
    tr = tj.trend(data, fw, from_year=2018, to_year=2022, attribute=True,
                  normalise={"method": "min_max", "fit": "pooled"})
    s = tr.attribution_summary.set_index("unit")
    exact = s[s["exact"]]
    assert len(exact) >= 40
    assert np.max(np.abs(exact["contributions"] - exact["change"])) < 1e-12
    # independent: effective weights times the change of the normalised values (numpy)
    res = tj.score(data, fw, normalise={"method": "min_max", "fit": "pooled"})
    norm = res.normalised
    unit = exact.index[0]
    dx = (norm.loc[(unit, 2022)] - norm.loc[(unit, 2018)]).to_numpy()
    rows = tr.attribution[tr.attribution["unit"] == unit].set_index("indicator").loc[fw.indicators]
    np.testing.assert_allclose(rows["contribution"].to_numpy(), rows["multiplier"].to_numpy() * dx, atol=1e-13)
    assert rows["multiplier"].sum() == pytest.approx(1.0, abs=1e-12)  # effective weights of a complete unit


# --- the Chinese cities panel end to end -------------------------------------------------------

CITY_FW = {"code": "CITY", "children": [
    {"code": "ENV", "children": [
        {"code": "aqi", "unit": "AQI", "direction": "lower"},
        {"code": "green_share", "unit": "%"}]},
    {"code": "LAND", "children": [
        {"code": "industrial_share", "unit": "%", "direction": "lower"},
        {"code": "land_per_capita", "unit": "m2/person", "direction": "band", "band": [65.0, 115.0]}]}]}


@pytest.fixture(scope="module")
def cities(shared_data) -> pd.DataFrame:
    raw = pd.read_csv(shared_data / "china-cities" / "china_cities_mohurd_aqi_long.csv")
    p = raw[(raw["level"] == "prefecture") & raw["year"].between(2014, 2022)].copy()
    out = pd.DataFrame({
        "code": p["code"].astype("int64").astype(str), "year": p["year"].astype(int),
        "province_group": p["code"].astype("int64").astype(str).str[:2],
        "aqi": p["aqi_annual_mean"],
        "green_share": 100 * p["green_square_land_km2"] / p["construction_land_km2"],
        "industrial_share": 100 * p["industrial_land_km2"] / p["construction_land_km2"],
        "land_per_capita": p["construction_land_km2"] * 1e6 / (p["urban_pop_10k"] * 1e4)})
    out = out.replace([np.inf, -np.inf], np.nan)
    return out.reset_index(drop=True)


def test_cities_trend_against_scipy(cities):
    tr = tj.trend(cities, CITY_FW, groups=["province_group"])
    t = tr.trends
    assert t["unit"].nunique() > 280
    # every slope and R^2 against scipy.stats.linregress on the same series (3+ years, varying)
    checked = 0
    for (unit, ind), g in cities.melt(id_vars=["code", "year"], value_vars=["aqi", "green_share"],
                                      var_name="indicator").dropna().groupby(["code", "indicator"]):
        if len(g) < 3 or g["value"].nunique() < 2:
            continue
        lr = sps.linregress(g["year"], g["value"])
        row = t[(t["unit"] == unit) & (t["indicator"] == ind)].iloc[0]
        assert row["slope"] == pytest.approx(lr.slope, rel=1e-9, abs=1e-12)
        assert row["slope_se"] == pytest.approx(lr.stderr, rel=1e-8, abs=1e-12)
        assert row["r2"] == pytest.approx(lr.rvalue ** 2, rel=1e-9, abs=1e-12)
        first, last = g.iloc[0], g.iloc[-1]
        if first["value"] > 0 and last["value"] > 0:
            cagr = (last["value"] / first["value"]) ** (1 / (last["year"] - first["year"])) - 1
            assert row["cagr_pct"] == pytest.approx(100 * cagr, rel=1e-9, abs=1e-12)
        else:  # a zero (the green land table has two): no growth rate
            assert math.isnan(row["cagr_pct"])
        checked += 1
    assert checked > 500
    # ranks: AQI lower is better; rank 1 in a year is the lowest AQI of that year
    r = tr.ranks[tr.ranks["indicator"] == "aqi"]
    best = r[r["rank"] == 1].set_index("year")["value"]
    np.testing.assert_allclose(best, cities.groupby("year")["aqi"].min().reindex(best.index))
    # peer groups: provinces; ranks within a group run 1..n
    g = r[(r["year"] == 2020) & (r["group"] == "37")]  # Shandong
    assert sorted(g["group_rank"]) == list(range(1, len(g) + 1))


def test_cities_cli_writes_the_same_tables(cities, exe, tmp_path):
    data = tmp_path / "cities.csv"
    cities.to_csv(data, index=False)
    fw = tmp_path / "fw.toml"
    fw.write_text(tj.Framework.from_dict(CITY_FW).to_toml(), encoding="utf-8")
    out = tmp_path / "trend.csv"
    run = subprocess.run([exe, "trend", "-f", str(fw), "-d", str(data), "--lang", "en", "-o", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "improved" in run.stdout
    cli = pd.read_csv(out, dtype={"unit": str})
    py = tj.trend(cities, CITY_FW, groups=["province_group"]).trends
    assert list(cli.columns) == list(py.columns)
    np.testing.assert_allclose(cli["slope"].to_numpy(), py["slope"].to_numpy(), rtol=1e-15, equal_nan=True)
    np.testing.assert_allclose(cli["cagr_pct"].to_numpy(), py["cagr_pct"].to_numpy(), rtol=1e-15, equal_nan=True)
    # a plan and the five-year evaluation: AQI <= 60 by 2025 from the 2015 base
    plan = tmp_path / "plan.toml"
    plan.write_text('schema = "tijian/targets/1"\nprofile = "aqi"\nstart_year = 2015\n[[target]]\n'
                    'indicator = "aqi"\nkind = "at_most"\nvalue = 60.0\nyear = 2025\n', encoding="utf-8")
    ev_out = tmp_path / "ev.csv"
    run = subprocess.run([exe, "evaluate", "-f", str(fw), "-d", str(data), "-t", str(plan), "-o", str(ev_out)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "五年评估" in run.stdout
    ev = tj.evaluate(cities, CITY_FW, str(plan))
    assert ev.year == 2022
    cli_ev = pd.read_csv(ev_out, dtype={"unit": str})
    assert list(cli_ev["outcome"]) == list(ev.targets["outcome"])
    # by hand for one city: Beijing is not a prefecture; take Shenzhen (440300)
    sz = cities[cities["code"] == "440300"].set_index("year")["aqi"]
    row = ev.targets[ev.targets["unit"] == "440300"].iloc[0]
    assert row["base_value"] == sz[2015] and row["value"] == sz[2022]
    assert row["pace"] == pytest.approx((sz[2022] - sz[2015]) / 7, rel=1e-14)
    assert (tmp_path / "ev-evaluation_dimensions.csv").exists()


# --- bad input ---------------------------------------------------------------------------------

def test_bad_years_and_targets_are_refused():
    df = _hand_panel()
    # years written 2019.0 (a float column) are the integer years (panel.hpp, period_label)
    floats = tj.trend(df.astype({"year": float}), FW)
    pd.testing.assert_frame_equal(floats.trends, tj.trend(df, FW).trends)
    bad = df.assign(year=df["year"].astype(str).where(df.index != 0, "2019.5"))
    with pytest.raises(tj.DataError) as err:
        tj.trend(bad, FW)
    assert err.value.id in ("trend.bad_year", "data.period") and err.value.location["unit"] == "u1"
    dup = pd.concat([df, df.iloc[[0]].assign(year="2019 ")])
    dup["year"] = dup["year"].astype(str)
    with pytest.raises(tj.DataError) as err:
        tj.trend(dup, FW)
    assert err.value.id in ("trend.duplicate_year", "data.duplicate_unit")
    plan = {"profile": "p", "start_year": 2020,
            "target": [{"indicator": "A", "kind": "at_least", "value": 1.0, "year": 2019}]}
    with pytest.raises(tj.FrameworkError) as err:
        tj.evaluate(df, FW, plan)
    assert err.value.id == "trend.target_before_base"
    assert err.value.location["indicator"] == "A" and err.value.location["unit"] == "u1"
    with pytest.raises(tj.RecipeError):
        tj.trend(df, FW, from_year=2022, to_year=2020)
    with pytest.raises(TypeError):
        tj.trend(df, FW, from_year="2020")


def test_cli_refuses_a_duplicate_unit_year_and_writes_nothing(exe, tmp_path):
    fw = tmp_path / "fw.toml"
    fw.write_text(tj.Framework.from_dict(FW).to_toml(), encoding="utf-8")
    data = tmp_path / "d.csv"
    data.write_text("unit,year,A\nu1,2021,1\nu1,2022,2\nu1,2022.0,3\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    run = subprocess.run([exe, "trend", "-f", str(fw), "-d", str(data), "-o", str(out)], capture_output=True, text=True)
    assert run.returncode == 2
    assert "d.csv:4" in run.stderr and "u1" in run.stderr
    assert not out.exists()
