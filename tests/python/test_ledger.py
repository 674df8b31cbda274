# SPDX-License-Identifier: MIT
"""The problem ledger (tj.Ledger, `tijian ledger`) over the three years of examples/ledger:
Qingdao's REAL reported 2021 values (seed 001) checked against the pilot's 2022 targets, then
SYNTHETIC 2022 and 2023 values, a SYNTHETIC survey finding and a SYNTHETIC housing finding.

The expected statuses and indicator-60 rates were derived by hand from the rules documented in
include/tijian/ledger.hpp and ledger_update.hpp (the derivation is written beside each
expectation); the checks' own states come from `tijian check` (2021: the retrofit and the
star-rated area behind schedule; 2022: the star-rated area met, the retrofit and the sewage
collection rate missed; 2023: all three met)."""

from __future__ import annotations

import math
import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import tijian as tj

EX = Path(__file__).resolve().parents[2] / "examples" / "ledger"
GREEN = EX.parent / "green-city"


def _check(csv: Path) -> tj.CheckResult:
    return tj.check(pd.read_csv(csv, comment="#"), "green-city", targets="qingdao-2022")


def _statuses(led: tj.Ledger) -> dict[str, str]:
    df = led.list()
    return dict(zip(df["id"], df["status"]))


def _rates(upd_or_frame) -> dict[str, tuple[int, int, float]]:
    df = upd_or_frame.completion if isinstance(upd_or_frame, tj.LedgerUpdate) else upd_or_frame
    return {r.rectification: (int(r.completed), int(r.due), float(r.rate)) for r in df.itertuples()}


def _same_rates(got, want):
    assert got.keys() == want.keys()
    for k in want:
        assert got[k][:2] == want[k][:2], k
        assert (math.isnan(got[k][2]) and math.isnan(want[k][2])) or got[k][2] == pytest.approx(want[k][2]), k


def test_three_years(tmp_path):
    led = tj.Ledger.init(tmp_path / "ledger.sqlite")
    assert led.schema_version == 1

    # --- 2021 (as of 2021-08-31): two problems of the check, one housing, one survey ---------
    u = led.update(_check(GREEN / "qingdao-2021-reported.csv"), as_of="2021-08-31", who="team")
    assert u.counts["created"] == 2
    led.update(EX / "housing-2021-synthetic.csv", as_of="2021-08-31", who="team")
    led.update(EX / "residents-2021-synthetic.csv", source="residents", as_of="2021-08-31", who="team")
    df = led.list()
    # the check lists the retrofit (larger gap) before the star-rated area
    assert list(df["indicator"]) == ["residential_retrofit_area", "star_green_building_area", "gas_hazard_buildings",
                                     "parking_gap"]
    assert list(df["level"]) == ["district", "district", "housing", "community"]
    # bottom-line -> 底线型, 限时解决, priority 1; the others 提升型, 尽力解决, priority 3
    assert list(df["rectification"]) == ["best_effort", "best_effort", "time_limited", "best_effort"]
    assert list(df["priority"]) == [3, 3, 1, 3]
    assert df.loc[3, "sources"] == "residents"
    assert df.loc[0, "problem"] == "现状值226.8万平方米，目标完成 1000 万平方米(2022年)"
    assert led.import_sheet(EX / "edits-2021-09.csv", as_of="2021-09-15", who="office")["status_changes"] == 3
    led.import_sheet(EX / "edits-2021-12.csv", as_of="2021-12-20", who="district")

    # --- 2022 (as of 2022-08-31) ------------------------------------------------------------
    u = led.update(_check(EX / "qingdao-2022-synthetic.csv"), as_of="2022-08-31", who="team")
    assert u.counts == {"created": 1, "found_again": 1, "resolved": 1, "recurred": 0, "overdue": 2, "supervise": 2}
    s = _statuses(led)
    assert s == {"2021-0001": "in_progress", "2021-0002": "closed", "2021-0003": "closed", "2021-0004": "pending",
                 "2022-0001": "pending"}
    df = led.list().set_index("id")
    # retrofit: deadline 2022-06-30 passed, still open -> overdue, 督办; found again in a later
    # year -> priority 3 -> 2. Parking: overdue and still 待整改 a year on (untouched).
    assert bool(df.loc["2021-0001", "overdue"]) and bool(df.loc["2021-0001", "supervise"])
    assert df.loc["2021-0001", "priority"] == 2
    assert df.loc["2021-0004", "supervise_reason"] == "逾期未完成；未启动整改"
    # indicator 60 (cohort: the four 2021 entries, none closed by 2021-08-31)
    #   限时: the gas riser, deadline 2021-12-31, closed 2021-12-20 -> 1 / 1
    #   尽力: retrofit open, star-rated area closed 2022-08-31, parking open -> 1 / 3
    _same_rates(_rates(u), {"time_limited": (1, 1, 1.0), "best_effort": (1, 3, 1 / 3)})
    led.import_sheet(EX / "edits-2022-10.csv", as_of="2022-10-20", who="office")

    # --- 2023 (as of 2023-08-31) ------------------------------------------------------------
    u = led.update(_check(EX / "qingdao-2023-synthetic.csv"), as_of="2023-08-31", who="team")
    assert u.counts["resolved"] == 2
    u = led.update(EX / "residents-2023-synthetic.csv", source="residents", as_of="2023-08-31", who="team")
    assert u.counts["recurred"] == 1
    s = _statuses(led)
    assert s == {"2021-0001": "closed", "2021-0002": "closed", "2021-0003": "closed", "2021-0004": "pending",
                 "2022-0001": "closed"}
    df = led.list().set_index("id")
    assert df.loc["2021-0004", "recurrences"] == 1
    assert df.loc["2021-0004", "priority"] == 1
    # indicator 60 (previous check 2022-08-31): cohort = retrofit (closed 2023-08-31), parking
    # (closed 2022-10-20, reopened: open), sewage (closed 2023-08-31); the star-rated area and
    # the gas riser were closed by 2022-08-31. 限时: none due. 尽力: 2 / 3.
    want = {"time_limited": (0, 0, float("nan")), "best_effort": (2, 3, 2 / 3)}
    _same_rates(_rates(u), want)
    _same_rates(_rates(led.completion(2023, as_of="2023-08-31")), want)

    # 回头看: the parking gap's history
    h = led.history("2021-0004")
    assert list(h["event"]) == ["created", "edited", "overdue", "status_changed", "recurred", "overdue"]
    assert list(h["who"])[:2] == ["team", "office"]

    # the supervision list and the official lists
    assert list(led.list(supervise=True)["id"]) == ["2021-0004"]
    files = led.export(tmp_path / "lists.csv", level="community")
    assert [Path(f).name for f in files] == ["lists.csv", "lists-remedy_list_community.csv"]
    head = (tmp_path / "lists-remedy_list_community.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert head[:8] == ["序号", "问题涉及的指标项", "指标结果", "存在问题", "整治建议", "整治区域", "整治类型", "责任单位"]


def test_bad_sheet_names_row_and_column_and_changes_nothing(tmp_path):
    led = tj.Ledger.init(tmp_path / "l.sqlite")
    led.update(_check(GREEN / "qingdao-2021-reported.csv"), as_of="2021-08-31")
    before = led.list()
    bad = tmp_path / "edited.csv"
    bad.write_text("台账编号,整改状态,整改期限\n2021-0001,整改中,2022-06-30\n2021-0002,整改中,2022-06-31\n",
                   encoding="utf-8")
    with pytest.raises(tj.DataError) as e:
        led.import_sheet(bad)
    assert e.value.id == "ledger.input.value"
    loc = e.value.location
    assert (loc["file"], loc["line"], loc["column"]) == (str(bad), 3, 3)
    bad.write_text("台账编号,整改状态\n2021-0009,整改中\n", encoding="utf-8")
    with pytest.raises(tj.DataError, match="2021-0009") as e:
        led.import_sheet(bad)
    assert e.value.id == "ledger.import.unknown_id"
    pd.testing.assert_frame_equal(led.list(), before)


def test_example_runs_from_the_readme(exe, tmp_path):
    env = dict(os.environ, TIJIAN=exe)
    out = tmp_path / "ex"
    run = subprocess.run(["sh", str(EX / "run.sh"), str(out)], capture_output=True, text=True, env=env, check=False)
    assert run.returncode == 0, run.stderr
    assert "反弹 1" in run.stdout
    rates = pd.read_csv(out / "completion-2023.csv", encoding="utf-8-sig")
    assert list(rates.iloc[:, 2]) == [0, 3]  # due
    assert list(rates.iloc[:, 3]) == [0, 2]  # completed


def test_cli_bad_input_exit_2(exe, tmp_path):
    led = tmp_path / "l.sqlite"
    assert subprocess.run([exe, "ledger", "init", str(led)], capture_output=True).returncode == 0
    r = subprocess.run([exe, "ledger", "list", str(tmp_path / "none.sqlite")], capture_output=True, text=True)
    assert r.returncode == 2 and "ledger.missing" in r.stderr
    r = subprocess.run([exe, "ledger", "init", str(led)], capture_output=True, text=True)
    assert r.returncode == 2 and "ledger.exists" in r.stderr
