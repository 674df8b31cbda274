# SPDX-License-Identifier: MIT
"""tj.check, tj.TargetProfile, tj.green_city_score, tj.coupling and the check radar plot.

Expected values are worked out here by hand from the data and the targets (value / target
for at_least, target / value for at_most, ...), following the definitions of
include/tijian/check.hpp and targets.hpp, not by calling the library twice; the command-line
program (a separate reader and writer path) is the second reference for the Qingdao check.
"""

from __future__ import annotations

import json
import math
import pickle
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tijian as tj
from tijian.__main__ import _executable

QINGDAO = "examples/green-city/qingdao-2021-reported.csv"
JINAN = "examples/green-city/jinan-2020-reported.csv"
SYNTHETIC = "examples/green-city/panel-synthetic.csv"
SYNTHETIC_TARGETS = "examples/green-city/targets-synthetic-benchmark.toml"


@pytest.fixture(scope="module")
def qingdao(repo):
    return pd.read_csv(repo / QINGDAO, comment="#")


@pytest.fixture(scope="module")
def qingdao_check(qingdao):
    return tj.check(qingdao, "green-city", targets="qingdao-2022")


@pytest.fixture(scope="module")
def synthetic(repo):
    data = pd.read_csv(repo / SYNTHETIC, comment="#")
    return data, tj.check(data, "green-city", repo / SYNTHETIC_TARGETS)


def _row(status: pd.DataFrame, unit, indicator) -> pd.Series:
    rows = status[(status["unit"] == unit) & (status["indicator"] == indicator)]
    assert len(rows) == 1, (unit, indicator, len(rows))
    return rows.iloc[0]


# --- Qingdao, values reported in July 2021, against the pilot's 2022 targets ------------------

def test_qingdao_by_hand(qingdao, qingdao_check):
    res = qingdao_check
    v = qingdao.iloc[0]
    assert res.period == 2021 and res.units == ["qingdao"]
    st = res.status
    # progress targets (work done so far against a total): ratio = done / total; 2022 > 2021,
    # not reached, and below the trajectory total x (2021 - 2020) / (2022 - 2020) -> behind
    for code, total in (("star_green_building_area", 500.0), ("residential_retrofit_area", 1000.0)):
        r = _row(st, "qingdao", code)
        assert r["status"] == "behind_schedule" and r["status_zh"] == "进度滞后"
        assert r["trajectory"] == pytest.approx(total / 2) and r["trajectory_gap"] == pytest.approx(total / 2 - v[code])
        assert r["achievement"] == pytest.approx(v[code] / total)
        assert r["gap"] == pytest.approx(total - v[code])
        # behind schedule: the relative gap is to the trajectory, as a share of the total
        assert r["relative_gap"] == pytest.approx((total / 2 - v[code]) / total)
        assert r["target_year"] == 2022 and bool(r["due"]) is False
    # rail lines: at least 7 in 2022, 6 reported
    r = _row(st, "qingdao", "rail_lines")
    # no 2020 value in the plan or the data: the pace cannot be judged
    assert r["status"] == "not_yet_due" and r["comparator"] == ">=" and "base value" in r["note"]
    assert r["achievement"] == pytest.approx(6 / 7)
    # a target without a reported value
    r = _row(st, "qingdao", "urbanisation_rate")
    assert r["status"] == "no_data" and math.isnan(r["value"]) and r["target"] == 75.0
    # the green-loan balance has a value but no target
    r = _row(st, "qingdao", "green_loan_balance")
    assert r["status"] == "not_applicable" and r["value"] == pytest.approx(925.34)
    assert pd.isna(r["target_index"]) and pd.isna(r["due"])
    # nothing is due in 2021: 达标率 has no denominator (missing, not 0 %); 进度达标率 is 0 of
    # the 2 targets whose pace is judged
    overall = res.overall.loc["qingdao"]
    assert overall["due"] == 0 and pd.isna(overall["rate"])
    assert overall["not_due"] == 2 and overall["schedule_rate"] == 0.0
    assert overall["targets"] == len(tj.TargetProfile.preset("qingdao-2022"))
    # the pilot starts in 2020 (start_year): in 2021 half the period has gone by (expected
    # (2021 - 2020) / (2022 - 2020) = 0.5), and the two works are at 129/500 = 0.258 and
    # 226.8/1000 = 0.2268: behind schedule. The rail lines (a level, no 2020 value) are not.
    assert set(res.problems["indicator"]) == {"star_green_building_area", "residential_retrofit_area"}
    assert set(res.problems["reason"]) == {"behind_schedule"} and set(res.problems["reason_zh"]) == {"进度滞后"}
    for code in ("star_green_building_area", "residential_retrofit_area"):
        assert _row(st, "qingdao", code)["expected"] == pytest.approx(0.5)
    # strict: every target is due, so the three become missed
    strict = tj.check(qingdao, "green-city", "qingdao-2022", strict=True)
    with_data = strict.status[strict.status["target_index"].notna() & strict.status["value"].notna()]
    assert set(with_data["status"]) == {"missed"} and len(with_data) == 3


def test_qingdao_agrees_with_the_command_line(repo, tmp_path, qingdao_check):
    exe = _executable()
    if exe is None:
        pytest.fail("the tijian program was not installed next to this Python (pip install .)")
    # --headers codes: the files for programs (the command line's default is labels for people)
    args = [exe, "check", "-f", "green-city", "-t", "qingdao-2022", "-d", str(repo / QINGDAO), "-q",
            "--headers", "codes"]
    subprocess.run(args + ["--out", str(tmp_path / "cli.csv")], check=True, capture_output=True)
    subprocess.run(args + ["--out", str(tmp_path / "cli.json")], check=True, capture_output=True)
    res = qingdao_check

    # CSV: every column the CLI writes, row for row
    tables = {"": res.status, "-achievement": res.achievement, "-problems": res.problems}
    for suffix, frame in tables.items():
        cli = pd.read_csv(tmp_path / f"cli{suffix}.csv", keep_default_na=False, dtype=str)
        assert len(cli) == len(frame), suffix
        for col in cli.columns:
            if col in ("unit", "period"):
                assert cli[col].tolist() == [str(x) for x in frame[col]], col
                continue
            mine = frame[col]
            if col == "target" and suffix == "-problems":  # readable target text
                assert cli[col].tolist() == mine.tolist()
            elif mine.dtype == bool or str(mine.dtype) == "boolean":
                expect = ["" if pd.isna(x) else ("true" if x else "false") for x in mine]
                assert cli[col].tolist() == expect, col
            elif pd.api.types.is_numeric_dtype(mine):
                got = pd.to_numeric(cli[col].replace("", np.nan))
                np.testing.assert_allclose(got.to_numpy(float), mine.to_numpy(float, na_value=np.nan),
                                           rtol=1e-12, equal_nan=True, err_msg=col)
            else:
                assert cli[col].tolist() == ["" if pd.isna(x) else str(x) for x in mine], col

    # JSON: provenance hashes and the verdicts
    doc = json.loads((tmp_path / "cli.json").read_text(encoding="utf-8"))
    for key in ("framework_hash", "profile_hash", "data_hash", "library_version", "profile"):
        assert doc["provenance"][key] == res.provenance[key], key
    assert [r["status"] for r in doc["status"]] == res.status["status"].tolist()
    assert [r["indicator"] for r in doc["status"]] == res.status["indicator"].tolist()
    np.testing.assert_allclose([np.nan if r["achievement"] is None else r["achievement"] for r in doc["status"]],
                               res.status["achievement"].to_numpy(float), equal_nan=True)
    assert [r["rank"] for r in doc["obstacles"]] == res.obstacles["rank"].tolist()
    # the Python writers produce the same document (the data source is the only difference)
    mine = json.loads(res.to_json())
    doc["provenance"].pop("data_source")
    mine["provenance"].pop("data_source")
    assert mine == doc


def test_jinan_on_schedule_and_bottom_line(repo):
    data = pd.read_csv(repo / JINAN, comment="#")
    res = tj.check(data, "green-city", "jinan-2025")
    st = res.status[res.status["value"].notna() & res.status["target_index"].notna()]
    # the plan starts in 2020: in 2020 no time has passed, so every target with data is met or
    # on track (expected share 0) and nothing is a problem
    assert set(st["status"]) <= {"met", "on_track"}
    assert (st.loc[st["status"] == "on_track", "expected"] == 0).all()
    assert res.problems.empty
    strict = tj.check(data, "green-city", "jinan-2025", strict=True)
    air = _row(strict.status, "jinan", "good_air_days")
    # no seed text calls good-air days a bottom line (底线/约束性...): the framework no longer
    # types it as one (the bottom-line flags live in the profiles, with the plan's words)
    assert not air["bottom_line"] and air["status"] == "missed" and not air["bottom_line_failure"]
    dim = strict.achievement[(strict.achievement["dimension"] == air["dimension"])].iloc[0]
    assert dim["bottom_line_failures"] == 0 and dim["light"] == "red" and dim["light_zh"] == "红"


# --- every target kind on a hand-built table --------------------------------------------------

FRAMEWORK = {"code": "IDX", "children": [
    {"code": "D1", "children": [{"code": "x"}, {"code": "y", "direction": "lower"}, {"code": "z"}]},
    {"code": "D2", "children": [{"code": "flag"}, {"code": "energy", "direction": "lower"}, {"code": "up"}]},
    {"code": "D3", "children": [{"code": "work"}, {"code": "water", "direction": "lower"}, {"code": "g"},
                                {"code": "absent"}, {"code": "free"}]},
]}

PROFILE = '''
profile = "kinds"
[[target]]
indicator = "x"
kind = "at_least"
value = 50.0
year = 2020
[[target]]
indicator = "y"
kind = "at_most"
value = 10.0
[[target]]
indicator = "z"
kind = "band"
lower = 30.0
upper = 45.0
[[target]]
indicator = "flag"
kind = "yes_no"
year = 2020
[[target]]
indicator = "energy"
kind = "decrease"
[[target]]
indicator = "up"
kind = "increase"
[[target]]
indicator = "work"
kind = "progress"
value = 100.0
year = 2025
[[target]]
indicator = "water"
kind = "change_vs_base"
value = -10.0
base_year = 2019
year = 2021
[[target]]
indicator = "g"
kind = "above"
value = 40.0
[[target]]
indicator = "absent"
kind = "at_least"
value = 1.0
'''

NAN = np.nan


@pytest.fixture(scope="module")
def kinds():
    rows = [
        # unit, year,  x,    y,    z,  flag, energy, up,  work, water, g,   free
        ("A", 2019, 45.0, 9.0, 33.0, 0.0, 10.0, 5.0, 20.0, 100.0, 39.0, 1.0),
        ("B", 2019, 30.0, 11.0, 40.0, 0.0, 10.0, 5.0, 10.0, 100.0, 39.0, 2.0),
        ("A", 2020, 55.0, 8.0, 35.0, 1.0, 9.0, 6.0, 120.0, 85.0, 40.0, 3.0),
        ("B", 2020, 40.0, 12.5, 50.0, 0.0, 11.0, 4.0, 30.0, 96.0, 41.0, 4.0),
        ("C", 2020, NAN, NAN, NAN, 0.5, 7.0, NAN, NAN, NAN, NAN, 5.0),
    ]
    data = pd.DataFrame(rows, columns=["unit", "year", "x", "y", "z", "flag", "energy", "up", "work", "water", "g",
                                       "free"])
    return data, tj.check(data, FRAMEWORK, PROFILE)


def test_every_kind(kinds):
    _, res = kinds
    st = res.status
    assert res.period == 2020 and res.units == ["A", "B", "C"]

    def v(unit, code):
        return _row(st, unit, code)

    # at_least 50, due in 2020
    assert v("A", "x")["status"] == "met" and v("A", "x")["achievement"] == 1.0  # 55/50 capped at 1
    assert v("B", "x")["status"] == "missed" and v("B", "x")["achievement"] == pytest.approx(40 / 50)
    assert v("B", "x")["gap"] == pytest.approx(10.0) and v("B", "x")["light"] == "red"  # missed
    # at_most 10, no year: always due
    assert v("A", "y")["status"] == "met"
    assert v("B", "y")["status"] == "missed" and v("B", "y")["achievement"] == pytest.approx(10 / 12.5)
    # band [30, 45]
    assert v("A", "z")["status"] == "met" and v("A", "z")["achievement"] == 1.0
    assert v("B", "z")["status"] == "missed" and v("B", "z")["achievement"] == pytest.approx(45 / 50)
    assert v("B", "z")["light"] == "red" and v("B", "z")["grade_index"] == 1  # 0.9 <= ratio < 1: fair, missed
    # yes / no: 1 met, 0 not met, anything else is no data
    assert v("A", "flag")["status"] == "met" and v("B", "flag")["status"] == "missed"
    assert v("C", "flag")["status"] == "no_data" and "0 (no)" in v("C", "flag")["note"]
    # decrease / increase: against the previous period; C has no 2019 row -> no data
    assert v("A", "energy")["status"] == "met" and v("A", "energy")["reference"] == 10.0
    assert v("A", "energy")["change_pct"] == pytest.approx(-10.0)
    assert v("B", "energy")["status"] == "missed" and v("B", "energy")["achievement"] == pytest.approx(10 / 11)
    assert v("C", "energy")["status"] == "no_data" and "two periods" in v("C", "energy")["note"]
    assert v("A", "up")["status"] == "met" and v("B", "up")["status"] == "missed"
    assert v("B", "up")["achievement"] == pytest.approx(4 / 5)
    # progress 100 by 2025: A has done 120 (met early); B 30: the profile gives no start, so the
    # schedule starts in the first year of data (2019) with no work done: trajectory 2020 =
    # 100 x (2020 - 2019) / (2025 - 2019) = 16.67 <= 30: on track
    assert v("A", "work")["status"] == "met"
    assert v("B", "work")["status"] == "on_track" and v("B", "work")["achievement"] == pytest.approx(0.3)
    assert v("B", "work")["schedule_start"] == 2019 and v("B", "work")["trajectory"] == pytest.approx(100 / 6)
    # change_vs_base -10 % vs 2019 by 2021: A -15 % met; B -4 %: 2020 is half-way through
    # 2019-2021, progress 0.4 < expected 0.5 -> behind schedule
    assert v("A", "water")["status"] == "met" and v("A", "water")["change_pct"] == pytest.approx(-15.0)
    b = v("B", "water")
    assert b["status"] == "behind_schedule" and b["change_pct"] == pytest.approx(-4.0)
    assert b["progress"] == pytest.approx(0.4) and b["expected"] == pytest.approx(0.5) and not b["on_track"]
    # trajectory -5 % in 2020, -4 % achieved: 1 percentage point behind, 1 / 10 of the change
    assert b["trajectory"] == pytest.approx(-5.0) and b["trajectory_gap"] == pytest.approx(1.0)
    assert b["relative_gap"] == pytest.approx(0.1) and b["light"] == "yellow"
    # above 40 is strict: 40 is not enough (ratio 1, fair grade, missed: red), 41 is
    assert v("A", "g")["status"] == "missed" and v("A", "g")["achievement"] == 1.0
    assert v("A", "g")["light"] == "red" and v("A", "g")["grade_index"] == 1 and v("A", "g")["comparator"] == ">"
    assert v("B", "g")["status"] == "met" and v("B", "g")["light"] == "green"
    # a target on an indicator without a data column, and an indicator without a target
    assert v("A", "absent")["status"] == "no_data" and v("A", "absent")["note"] == "no data column"
    assert v("A", "free")["status"] == "not_applicable" and v("A", "free")["value"] == 3.0

    # problems of B: the reasons the definitions give
    reasons = res.problems[res.problems["unit"] == "B"].set_index("indicator")["reason"].to_dict()
    assert reasons == {"x": "missed", "y": "missed", "z": "missed", "flag": "missed", "energy": "missed",
                       "up": "missed", "water": "behind_schedule"}


def test_not_yet_due_and_strict_from_the_period(kinds):
    data, _ = kinds
    # checked in 2019: x (2020 target) is not yet due for both units; decrease has no
    # earlier period at all
    early = tj.check(data, FRAMEWORK, PROFILE, period=2019)
    assert early.period == 2019
    assert set(early.status.loc[early.status["indicator"] == "x", "status"]) == {"not_yet_due"}
    assert set(early.status.loc[early.status["indicator"] == "energy", "status"]) == {"no_data"}
    strict = tj.check(data, FRAMEWORK, PROFILE, period=2019, strict=True)
    assert set(strict.status.loc[strict.status["indicator"] == "x", "status"]) == {"missed"}


def test_rates_recomputed_from_status(kinds, synthetic):
    for res in (kinds[1], synthetic[1]):
        # 达标率 = due targets met / due targets met or missed; 进度达标率 = targets not yet due
        # met early or on track / those met, on track or behind
        st = res.status[res.status["target_index"].notna()].copy()
        due = st["due"].astype(bool)
        st["due_judged"] = due & st["status"].isin(["met", "missed"])
        st["my_due_met"] = due & (st["status"] == "met")
        st["nd_judged"] = ~due & st["status"].isin(["met", "on_track", "behind_schedule"])
        st["nd_ok"] = ~due & st["status"].isin(["met", "on_track"])
        cols = ["due_judged", "my_due_met", "nd_judged", "nd_ok"]
        by_dim = st.groupby(["unit", "dimension"])[cols].sum()
        ach = res.achievement[~res.achievement["overall"]].set_index(["unit", "dimension"])
        joined = ach.join(by_dim, how="inner")
        assert len(joined) == len(by_dim)
        np.testing.assert_array_equal(joined["due"], joined["due_judged"])
        np.testing.assert_allclose(joined["rate"], joined["my_due_met"] / joined["due_judged"].where(joined["due_judged"] > 0),
                                   equal_nan=True)
        np.testing.assert_allclose(joined["schedule_rate"],
                                   joined["nd_ok"] / joined["nd_judged"].where(joined["nd_judged"] > 0), equal_nan=True)
        # overall: over every target of the unit
        by_unit = st.groupby("unit")[cols].sum()
        overall = res.overall.loc[by_unit.index]
        np.testing.assert_allclose(overall["rate"], by_unit["my_due_met"] / by_unit["due_judged"].where(by_unit["due_judged"] > 0),
                                   equal_nan=True)


def test_problem_order_and_obstacle_shares(synthetic):
    data, res = synthetic
    probs = res.problems
    assert len(probs) > 0
    units_in_data = list(dict.fromkeys(data.loc[data["Time"] == data["Time"].max(), "uCode"]))
    assert list(dict.fromkeys(probs["unit"])) == [u for u in units_in_data if u in set(probs["unit"])]
    group = {"missed": 0, "bottom_line_breach": 1, "behind_schedule": 2, "weak": 3, "bottom_k": 4}
    for _, p in probs.groupby("unit", sort=False):
        # by state group, then bottom lines, then severity descending
        key = list(zip(p["reason"].map(group), ~p["bottom_line"], -p["severity"]))
        assert key == sorted(key)
        assert p["rank"].tolist() == list(range(1, len(p) + 1))
    # severity = the relative gap (dimensionless), not multiplied by the weight
    np.testing.assert_allclose(probs["severity"], probs["relative_gap"])
    # obstacle degrees are shares of each unit's total obstacle: they sum to 100
    ob = res.obstacles
    sums = ob.groupby("unit")["degree"].sum()
    positive = ob.groupby("unit")["deviation"].max() > 0
    np.testing.assert_allclose(sums[positive], 100.0)
    np.testing.assert_allclose(res.obstacle_dimensions.groupby("unit")["degree"].sum()[positive], 100.0)
    for _, o in ob.groupby("unit"):
        assert (np.diff(o["degree"].to_numpy()) <= 1e-12).all()
    # deviation = 1 - min(achievement, 1) of the indicator's target
    st = res.status.set_index(["unit", "indicator"])
    some = ob.iloc[:20]
    for r in some.itertuples():
        assert r.deviation == pytest.approx(1 - min(st.loc[(r.unit, r.indicator), "achievement"], 1.0))


def test_options(kinds):
    data, base = kinds
    # cap 1.2 shows over-achievement: A's x is 55/50
    res = tj.check(data, FRAMEWORK, PROFILE, cap=1.2)
    assert _row(res.status, "A", "x")["achievement"] == pytest.approx(1.1)
    # one band: two grades
    res = tj.check(data, FRAMEWORK, PROFILE, bands=[0.5], grade_labels_zh=["差", "好"], grade_labels_en=["bad", "ok"])
    assert set(res.status["grade_en"].dropna()) == {"bad", "ok"} and _row(res.status, "A", "x")["grade"] == "好"
    # B's x reaches the top band (0.8 >= 0.5) but the top grade needs the target met
    assert _row(res.status, "B", "x")["grade"] == "差" and _row(res.status, "B", "x")["grade_index"] == 0
    # only some units, with the caller's labels
    assert tj.check(data, FRAMEWORK, PROFILE, only_units=["B"]).units == ["B"]
    # no not_applicable rows
    res = tj.check(data, FRAMEWORK, PROFILE, include_not_applicable=False)
    assert "not_applicable" not in set(res.status["status"])
    # weights replace the framework's in the problem list's weight column, not in severities
    res = tj.check(data, FRAMEWORK, PROFILE, weights={"x": 2.0})
    px = res.problems[(res.problems["unit"] == "B") & (res.problems["indicator"] == "x")].iloc[0]
    assert px["weight"] == 2.0 and px["severity"] == pytest.approx(10 / 50)
    # checked in 2019, B's x (30 of 50, due 2020, no earlier year: pace unknown) is weak below
    # 0.8 (0.6), and not below 0.2
    def weak(**kw):
        r = tj.check(data, FRAMEWORK, PROFILE, period=2019, **kw).problems
        return set(r.loc[(r["unit"] == "B") & (r["reason"] == "weak"), "indicator"])
    assert "x" in weak() and "x" not in weak(weak_below=0.2)
    # bottom_k lists the weakest untargeted indicator (free: lowest for A among A, B, C)
    res = tj.check(data, FRAMEWORK, PROFILE, bottom_k=1)
    bk = res.problems[res.problems["reason"] == "bottom_k"]
    assert set(bk["indicator"]) == {"free"} and "A" in set(bk["unit"])
    assert res.options["bottom_k"] == 1 and base.options["bottom_k"] == 0
    # obstacle options
    res = tj.check(data, FRAMEWORK, PROFILE, obstacle_scaling="unnormalised")
    assert res.options["obstacle_scaling"] == "unnormalised"


def test_bad_input(qingdao, kinds):
    data, _ = kinds
    with pytest.raises(tj.FrameworkError) as err:
        tj.check(qingdao, "green-city", "qingdao-2099")
    assert err.value.id == "preset.unknown" and "qingdao-2022" in str(err.value)
    # a profile naming an indicator the framework lacks
    bad = PROFILE + '\n[[target]]\nindicator = "no_such_code"\nkind = "at_least"\nvalue = 1.0\n'
    with pytest.raises(tj.FrameworkError) as err:
        tj.check(data, FRAMEWORK, bad)
    assert err.value.id == "targets.unknown_indicator" and "no_such_code" in str(err.value)
    assert err.value.location["indicator"] == "no_such_code" and err.value.location.get("line")
    # a dimension code is not an indicator
    with pytest.raises(tj.FrameworkError) as err:
        tj.check(data, FRAMEWORK, {"profile": "p", "targets": [{"indicator": "D1", "kind": "at_least", "value": 1}]})
    assert err.value.id == "targets.not_an_indicator"
    # a broken profile file names its problem
    with pytest.raises(tj.FrameworkError) as err:
        tj.TargetProfile.from_toml('profile = "p"\n[[target]]\nindicator = "x"\nkind = "sideways"\n')
    assert err.value.id == "targets.bad_kind" and "sideways" in str(err.value)
    # options of the wrong type
    for kwargs in ({"strict": "yes"}, {"cap": "1.2"}, {"bands": "0.9"}, {"bottom_k": 1.5}, {"bottom_k": True},
                   {"weights": [1.0, 2.0]}, {"weights": {"x": "heavy"}}, {"grade_labels_zh": "不足"},
                   {"period": [2019]}, {"obstacle_factor": 1}, {"composite": 1}):
        with pytest.raises(TypeError):
            tj.check(data, FRAMEWORK, PROFILE, **kwargs)
    with pytest.raises(TypeError):
        tj.check(data, FRAMEWORK, PROFILE, no_such_option=1)
    with pytest.raises(TypeError):
        tj.check(data, FRAMEWORK, 42)
    # invalid values: C++ says why
    for kwargs, words in (({"bands": [1.0, 0.9]}, "increase"), ({"cap": 0.0}, "cap"),
                          ({"bands": [0.9]}, "one more"), ({"weights": {"x": -1.0}}, "'x'"),
                          ({"obstacle_factor": "global"}, "global")):
        with pytest.raises(tj.RecipeError) as err:
            tj.check(data, FRAMEWORK, PROFILE, **kwargs)
        assert err.value.id == "check.options" and words in str(err.value)
    # a count below 0: the option and its range
    with pytest.raises(tj.RecipeError) as err:
        tj.check(data, FRAMEWORK, PROFILE, bottom_k=-1)
    assert err.value.id == "check.bad_value" and "'bottom_k' = -1" in str(err.value) and "from 0 to" in str(err.value)
    with pytest.raises(tj.DataError) as err:
        tj.check(data, FRAMEWORK, PROFILE, period=1999)
    assert err.value.id == "check.unknown_period" and "2019" in str(err.value)
    with pytest.raises(tj.DataError) as err:
        tj.check(data, FRAMEWORK, PROFILE, only_units=["Z"])
    assert err.value.id == "check.unknown_unit"
    with pytest.raises(tj.DataError) as err:  # a unit twice in a period
        tj.check(pd.concat([data, data.iloc[[0]]]), FRAMEWORK, PROFILE)
    assert err.value.id == "data.duplicate_unit"


# --- inputs and outputs -------------------------------------------------------------------------

def test_labels_indexes_and_periods(kinds):
    data, res = kinds
    # integer unit labels stay integers; (unit, period) MultiIndex input
    numbered = data.assign(unit=data["unit"].map({"A": 101, "B": 102, "C": 103})).set_index(["unit", "year"])
    res2 = tj.check(numbered, FRAMEWORK, PROFILE, only_units=[102])
    assert res2.units == [102] and res2.status["unit"].iloc[0] == 102 and res2.period == 2020
    # a cross-section without periods: every target is due (and a warning says so)
    cross = data[data["year"] == 2020].drop(columns="year").set_index("unit")
    res3 = tj.check(cross, FRAMEWORK, PROFILE)
    assert res3.period is None and res3.status["period"].isna().all()
    assert "check.period_not_a_year" in set(res3.diagnostics["id"])
    assert _row(res3.status, "B", "work")["status"] == "missed"
    # unknown data columns are left out with a note
    res4 = tj.check(data.assign(extra=1.0, province="X"), FRAMEWORK, PROFILE)
    assert {"extra", "province"} <= set(res4.diagnostics["node"])
    assert res4.status["status"].tolist() == res.status["status"].tolist()


def test_profiles():
    names = tj.presets("profile")
    assert names == sorted(["qingdao-2022", "jining", "shizuishan-2025", "jinan-2025"])
    assert tj.TargetProfile.presets() == names and "green-city" in tj.presets()
    for name in names:
        p = tj.TargetProfile(name)
        assert p.name == name and p.framework == "green-city" and p.file == f"preset:{name}"
        t = p.targets
        assert len(t) == len(p) > 0
        assert {"indicator", "kind", "comparator", "value", "year", "source"} <= set(t.columns)
        assert t["source"].str.len().gt(0).all()
        p.validate("green-city")
        again = tj.TargetProfile.from_toml(p.to_toml())
        assert again == p and again.hash == p.hash
        assert pickle.loads(pickle.dumps(p)) == p
    jinan = tj.TargetProfile.preset("jinan-2025")
    assert jinan.start_year == 2020
    change = jinan.targets[jinan.targets["kind"] == "change_vs_base"]
    assert len(change) > 0 and change["base_year"].notna().all() and (change["comparator"] == "change").all()
    assert "preset" in repr(jinan) or "jinan-2025" in repr(jinan)
    assert "<table" in jinan._repr_html_()


def test_profile_from_file_and_dict(tmp_path):
    p = tj.TargetProfile.from_dict({"profile": "mine", "start_year": 2020, "targets": [
        {"indicator": "x", "kind": "band", "lower": 1.0, "upper": 2.0, "year": 2025, "source": "my plan §1"}]})
    path = tmp_path / "mine.toml"
    p.save(path)
    q = tj.TargetProfile(path)
    assert q == p and q.file == str(path)
    assert q.targets.loc[0, "text"] == "[1, 2] (2025)" and q.targets.loc[0, "upper"] == 2.0
    assert tj.TargetProfile(str(path)) == p  # a path as str
    with pytest.raises(tj.FrameworkError) as err:
        tj.TargetProfile("no-such-profile")
    assert err.value.id == "preset.unknown"


def test_writers_and_pickle(tmp_path, kinds):
    _, res = kinds
    paths = res.write(tmp_path / "out.csv")
    assert [p.rsplit("/", 1)[1] for p in paths] == ["out.csv", "out-achievement.csv", "out-problems.csv",
                                                   "out-obstacles.csv", "out-obstacle_dimensions.csv",
                                                   "out-diagnostics.csv"]
    status = pd.read_csv(paths[0], keep_default_na=False)
    assert status["status"].tolist() == res.status["status"].tolist()
    texts = res.to_csv()
    tables = ["status", "achievement", "problems", "obstacles", "obstacle_dimensions", "diagnostics"]
    assert list(texts) == tables
    assert texts["status"] == Path(paths[0]).read_text(encoding="utf-8")
    res.write(tmp_path / "out.json")
    doc = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert doc["provenance"]["profile"] == "kinds" and len(doc["status"]) == len(res.status)
    # one description, so CSV, JSON and the DataFrames name the same columns in the same order
    for name, path in zip(tables, paths):
        header = Path(path).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == list(texts[name].splitlines()[0].split(","))
        if doc[name]:
            assert list(doc[name][0]) == header, name
        if name != "diagnostics":
            assert list(getattr(res, name).columns) == header, name
    assert doc["schema"]["status"]["columns"][0]["name"] == "unit"
    with pytest.raises(ValueError):
        res.write(tmp_path / "out.txt")
    back = pickle.loads(pickle.dumps(res))
    assert back.provenance == res.provenance and back.units == res.units
    pd.testing.assert_frame_equal(back.status, res.status)
    pd.testing.assert_frame_equal(back.problems, res.problems)
    assert "kinds" in repr(res) and "<table" in res._repr_html_()
    assert res.profile.name == "kinds" and res.framework.root == "IDX"


def test_framework_defaults_to_the_profiles(qingdao, qingdao_check):
    res = tj.check(qingdao, targets="qingdao-2022")
    assert res.provenance == qingdao_check.provenance


# --- composite score and coupling -----------------------------------------------------------------

def test_coupling_by_hand():
    u = pd.DataFrame({"a": [0.4, 0.9, 0.0], "b": [0.4, 0.1, 0.5], "c": [0.4, 0.5, 0.5]}, index=["p", "q", "r"])
    out = tj.coupling(u)
    # normative C = geometric / arithmetic mean; T = mean; D = sqrt(C T)
    for name, row in u.iterrows():
        x = row.to_numpy()
        c = (np.prod(x) ** (1 / 3)) / x.mean() if (x > 0).all() else 0.0
        t = x.mean()
        assert out.loc[name, "C"] == pytest.approx(c)
        assert out.loc[name, "T"] == pytest.approx(t)
        assert out.loc[name, "D"] == pytest.approx(math.sqrt(c * t))
        assert out.loc[name, "class"] == min(int(math.floor(math.sqrt(c * t) * 10 + 1e-9)), 9)
    # p: all equal, C = 1, T = 0.4, D = sqrt(0.4) = 0.632: class [0.6, 0.7) 初级协调
    assert out.loc["p", "class_zh"] == "初级协调" and out.loc["p", "class_en"] == "primary coordination"
    # r: a zero subsystem makes C = 0 and D = 0, the lowest class
    assert out.loc["r", "D"] == 0.0 and out.loc["r", "class"] == 0
    assert out.attrs["alpha"] == {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}
    # 0-100 scores with best=100
    np.testing.assert_allclose(tj.coupling(u * 100, best=100)["D"], out["D"])
    with pytest.raises(tj.RecipeError) as err:
        tj.coupling(u * 100)
    assert err.value.id == "coupling.range"
    with pytest.raises(tj.RecipeError):
        tj.coupling(u, formula="nonsense")
    with pytest.raises(tj.RecipeError):
        tj.coupling(u[["a"]])


def test_green_city_score(repo):
    data = pd.read_csv(repo / SYNTHETIC, comment="#")
    g = tj.green_city_score(data, "green-city", repo / SYNTHETIC_TARGETS)
    assert isinstance(g.result, tj.Result) and len(g.scores) == len(data)
    # green finance has no target in the profile: not scored, not coupled, and said so
    assert g.subsystems == ["GE", "GB", "GL"]
    basis = g.basis.set_index("node")
    assert basis.loc["GF", "basis"] == "not_scored" and not basis.loc["GF", "coupled"]
    assert basis.loc["GE", "basis"] == "target_attainment" and basis.loc["GE", "coupled"]
    assert "GF" not in g.scores.columns and set(g.not_scored) >= {"green_loan_share", "green_bond_issuance"}
    assert ((g.diagnostics["id"] == "composite.dimension_not_scored") & (g.diagnostics["node"] == "GF")).any()
    # coverage: the share of each dimension's (equal) weights scored in the row; the work
    # amounts of the seeds have weight 0 and do not count
    full = tj.Framework.preset("green-city")
    w = full.weights_in_parent
    n_ge = sum(1 for c in full.children("GE") if w[c] > 0)
    scored_ge = [c for c in g.target_based if c in g.result.framework.children("GE")]
    row_has = data[scored_ge].notna().sum(axis=1).to_numpy()
    np.testing.assert_allclose(g.coverage["GE"].to_numpy(), row_has / n_ge)
    # U = dimension score / 100; the coupling columns follow from U (recomputed here)
    # on attainment U = dimension score / 100; on the schedule (the default) it is the share of
    # the dimension's judged targets met or on track, recounted here from the check's states
    att = tj.green_city_score(data, "green-city", repo / SYNTHETIC_TARGETS, coupling_on="attainment")
    np.testing.assert_allclose(att.u.to_numpy(), (att.scores[att.subsystems] / 100).clip(0, 1).to_numpy(),
                               equal_nan=True)
    u = g.u
    last = data["Time"].max()
    st = tj.check(data, "green-city", repo / SYNTHETIC_TARGETS, period=last).status
    judged = st[st["status"].isin(["met", "on_track", "behind_schedule", "missed"])]
    share = judged.assign(ok=judged["status"].isin(["met", "on_track"])).groupby(["unit", "dimension"])["ok"].mean()
    rows = np.flatnonzero((data["Time"] == last).to_numpy())
    for q, dim in enumerate(g.subsystems):
        mine = [share.get((data["uCode"].iloc[i], dim), np.nan) for i in rows]
        np.testing.assert_allclose(u.to_numpy()[rows, q], mine, equal_nan=True)
    again = tj.coupling(u)
    np.testing.assert_allclose(g.coupling["D"], again["D"], equal_nan=True)
    assert g.left_out and set(g.target_based).isdisjoint(g.not_scored)
    # a target-based indicator at or above its level target scores 100 (cap 1)
    check = tj.check(data, "green-city", repo / SYNTHETIC_TARGETS, composite=True)
    assert check.composite is not None and "composite" in json.loads(check.to_json())
    assert "composite" in check.to_csv()
    back = pickle.loads(pickle.dumps(g))
    pd.testing.assert_frame_equal(back.coupling, g.coupling)
    pd.testing.assert_frame_equal(back.scores, g.scores)


def test_composite_names_the_columns_it_ignored_once(repo):
    # a text column and a number column the framework does not know: the Python layer does not
    # copy them (panel.left_out), the core lists them, once each, and the scores are unchanged
    data = pd.read_csv(repo / SYNTHETIC, comment="#")
    base = tj.green_city_score(data, "green-city", repo / SYNTHETIC_TARGETS)
    extra = data.assign(remark="x", population=1.0)
    g = tj.green_city_score(extra, "green-city", repo / SYNTHETIC_TARGETS)
    assert g.ignored_columns == base.ignored_columns + ["remark", "population"]
    assert len(set(g.ignored_columns)) == len(g.ignored_columns)
    pd.testing.assert_frame_equal(g.scores, base.scores)
    res = tj.check(extra, "green-city", repo / SYNTHETIC_TARGETS, composite=True)
    assert res.composite.ignored_columns == g.ignored_columns
    notes = res.diagnostics[res.diagnostics["id"] == "data.unknown_column_ignored"]
    assert set(notes["node"]) >= {"population", "remark"} and (notes["level"] == "info").all()


def test_composite_agrees_with_the_command_line(repo, tmp_path):
    exe = _executable()
    if exe is None:
        pytest.fail("the tijian program was not installed next to this Python (pip install .)")
    subprocess.run([exe, "check", "-f", "green-city", "-t", str(repo / SYNTHETIC_TARGETS), "-d", str(repo / SYNTHETIC),
                    "--composite", "--coupling", "modified", "--class-boundary", "upper_closed", "-q",
                    "--headers", "codes", "--out", str(tmp_path / "cli.csv")], check=True, capture_output=True)
    data = pd.read_csv(repo / SYNTHETIC, comment="#")
    g = tj.green_city_score(data, "green-city", repo / SYNTHETIC_TARGETS, formula="modified", boundary="upper_closed")
    assert (tmp_path / "cli-composite.csv").read_text(encoding="utf-8") == g.to_csv()
    cli = pd.read_csv(tmp_path / "cli-composite.csv")
    np.testing.assert_allclose(cli["D"], g.coupling["D"], rtol=1e-12)
    assert cli["class_zh"].tolist() == g.coupling["class_zh"].tolist()


# --- radar plot -------------------------------------------------------------------------------------

def test_check_radar(synthetic):
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Polygon

    _, res = synthetic
    ax = tj.plots.check_radar(res, ["S01", "S02", "S03"])
    polygons = [p for p in ax.patches if isinstance(p, Polygon)]
    assert len(ax.lines) == 3 and len(polygons) == 3 and ax.get_legend() is not None
    spokes = [t.get_text() for t in ax.get_xticklabels()]
    dims = res.achievement.loc[~res.achievement["overall"] & (res.achievement["targets"] > 0), "dimension"]
    assert spokes == list(dict.fromkeys(dims))
    # the polygon of S01 passes through its achievement index on each spoke
    s01 = res.achievement[(res.achievement["unit"] == "S01") & ~res.achievement["overall"]].set_index("dimension")
    np.testing.assert_allclose(ax.lines[0].get_ydata()[:-1], s01.loc[spokes, "index"].fillna(0).to_numpy())
    ax2 = res.plot_radar("S05", value="rate", labels="name_en")
    first = res.framework.node(spokes[0])["name_en"]
    assert len(ax2.lines) == 1 and [t.get_text() for t in ax2.get_xticklabels()][0] == first
    with pytest.raises(KeyError):
        tj.plots.check_radar(res, ["nowhere"])
    with pytest.raises(ValueError):
        tj.plots.check_radar(res, dimensions=["GF", "GE"])
    with pytest.raises(ValueError):
        tj.plots.check_radar(res, value="score")
    plt.close("all")
