# SPDX-License-Identifier: MIT
"""The national basic system through Python and the command line: tj.national_framework(),
tj.national_check(), tj.grade() and `tijian national show|check`, `tijian grade`.

References: the counts and names are written here from
/work/shared/reference/national-city-health-check-2025.md §1 (HB25), the 表3 cases and the
roll-ups of the synthetic example (examples/national-check/) are counted by hand below.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import tijian as tj
from tijian.__main__ import _executable

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "national-check"


def test_framework_counts_per_level_and_aspect():
    ind = tj.national_framework().indicators
    assert len(ind) == 60
    # reference §1: 9 / 12 / 8 / 30 / 1
    assert ind.groupby("level", sort=False).size().to_dict() == {
        "housing": 9, "community": 12, "block": 8, "district": 30, "rectification": 1}
    # reference §1: aspects 4·3·2, 7·3·2, 4·1·3, 7·5·4·9·5, 1
    counts = [len(g) for _, g in ind.groupby((ind["aspect_zh"] != ind["aspect_zh"].shift()).cumsum())]
    assert counts == [4, 3, 2, 7, 3, 2, 4, 1, 3, 7, 5, 4, 9, 5, 1]
    row = ind.set_index("no")
    assert row.loc[43, "applies"] == "rail_transit"
    assert row.loc[50, "applies"] == "super_or_megacity"
    assert pd.isna(row.loc[50, "direction"])
    assert row.loc[31, "direction_basis"] == "inferred"
    assert row.loc[1, "problem_type_zh"] == "底线型"
    assert "百分比" in row.loc[54, "notes_zh"]


def test_framework_standards_and_overrides(tmp_path):
    fw = tj.national_framework()
    std = fw.standards
    # no. 55: two tiers, ≥30 for 直辖市/省会/计划单列, ≥15 for 地级
    n55 = std[std["no"] == 55].set_index("tier")["value"].to_dict()
    assert n55 == {"class_a": 30.0, "prefecture": 15.0}
    assert set(std[std["no"] == 43]["tier"]) == {"super_large", "megacity", "large"}
    assert not (std["no"] == 38).any()  # 各省（区、市）结合实际工作确定
    over = tj.national_framework(overrides=EXAMPLE / "province-override.toml")
    assert over.overrides["indicator"].tolist() == ["n38"]
    n38 = over.standards[over.standards["no"] == 38]
    assert n38["value"].tolist() == [10.0] and n38["origin"].tolist() == ["province"]

    bad = tmp_path / "bad.toml"
    bad.write_text('scope = "city"\n[[override]]\nindicator = 99\n[[override.standard]]\ncmp = ">="\nvalue = 1\n',
                   encoding="utf-8")
    with pytest.raises(tj.TijianError, match="national.unknown_indicator") as e:
        tj.national_framework(overrides=bad)
    assert e.value.location["file"] == str(bad) and e.value.location["line"] == 2


def test_check_of_the_example_hierarchy():
    res = tj.national_check(EXAMPLE / "units.csv", EXAMPLE / "values.csv")
    # hand count of examples/national-check/values.csv: deficient objects
    #   H2 no.1, H3 no.2, H1 no.5 (3 套), H4 no.5 (2 套), H1 no.7, H5 no.7,
    #   C1 no.14 (40), C3 no.14 (15), C2 no.19, B1 no.26 (2) = 10
    assert len(res.problems) == 10
    r = res.rollups.set_index(["unit", "no"])
    # no. 1 at the district: 6 buildings, H6 blank (not reported), 1 of 5 deficient = 20 %
    d1 = r.loc[("D1", 1)]
    assert (d1["objects_total"], d1["objects_reported"], d1["with_problem"]) == (6, 5, 1)
    assert d1["share"] == pytest.approx(20.0)
    assert d1["verdict"] == "vetoed"
    # no. 5 in block B1: H1 3 + H4 2 = 5 套
    assert r.loc[("B1", 5), "quantity"] == 5.0
    # no. 14 at the district: 40 + 0 + 15 = 55, 2 of 3 communities
    assert r.loc[("D1", 14), "quantity"] == 55.0
    assert r.loc[("D1", 14), "share"] == pytest.approx(200 / 3)
    # no. 22: 85 and 60, not judged
    assert (r.loc[("D1", 22), "min"], r.loc[("D1", 22), "max"]) == (60.0, 85.0)
    assert r.loc[("D1", 22), "verdict"] == "not_judged"
    # no. 7 (提升型) is weighed, not vetoed
    assert r.loc[("D1", 7), "verdict"] == "to_judge"


def test_check_accepts_dataframes_and_names_the_bad_row():
    units = pd.DataFrame({"unit": ["D", "B", "C"], "name": ["区", "街道", "小区"], "level": ["城区", "街区", "小区"],
                          "parent": ["", "D", "X"]})
    with pytest.raises(tj.TijianError, match="national.unknown_parent") as e:
        tj.national_check(units, pd.DataFrame({"unit": [], "indicator": [], "value": []}))
    assert e.value.location["line"] == 4 and e.value.location["unit"] == "C"


def _grades(rows):
    return pd.DataFrame(rows, columns=["indicator", "grade", "survey_score"])


def test_grade_of_the_example_and_the_survey_rule():
    res = tj.grade(EXAMPLE / "grades.csv", peers=EXAMPLE / "peers.csv", city="示例市", city_class="prefecture",
                   city_size="large", rail_transit=False, overrides=[EXAMPLE / "province-override.toml"])
    g = res.grades.set_index("no")
    # no. 30: 很好 with survey 55 -> 较好, dropped
    assert (g.loc[30, "assessor_grade"], g.loc[30, "grade"], bool(g.loc[30, "dropped"])) == ("very_good", "good", True)
    # no. 42: 一般 with 52 -> 不足; no. 35: 一般 with 61 stays
    assert g.loc[42, "grade"] == "insufficient" and g.loc[35, "grade"] == "fair"
    assert g.loc[43, "applicability"] == "not_applicable"
    assert g.loc[30, "peer_median"] == 71.0
    assert g.loc[55, "standard_zh"].startswith("≥15")
    # hand count of grades.csv after the drops: 很好 7, 较好 12, 一般 7, 不足 2 of 28;
    # 很好+较好 19/28 = 67.9 % with some 不足 -> 中
    o = res.overall.iloc[0]
    assert (o["very_good"], o["good"], o["fair"], o["insufficient"]) == (7, 12, 7, 2)
    assert o["grade"] == "medium" and o["grade_zh"] == "中"


@pytest.mark.parametrize("vg, good, fair, bad, expected", [
    (8, 0, 2, 0, "excellent"),   # 很好 exactly 80 %, no 不足
    (4, 4, 1, 1, "good"),        # 很好+较好 exactly 80 % with 不足
    (3, 3, 4, 0, "good"),        # exactly 60 %, no 不足
    (3, 3, 3, 1, "medium"),      # exactly 60 % with 不足
    (2, 2, 6, 0, "medium"),      # exactly 40 %, no 不足
    (2, 2, 5, 1, "poor"),        # exactly 40 % with 不足
    (3, 0, 7, 0, "poor"),        # below 40 %
])
def test_table3_boundaries_through_python(vg, good, fair, bad, expected):
    grades = ["很好"] * vg + ["较好"] * good + ["一般"] * fair + ["不足"] * bad
    df = _grades([[30 + k, gr, None] for k, gr in enumerate(grades)])
    assert tj.grade(df).overall.iloc[0]["grade"] == expected


def test_grade_bad_input():
    with pytest.raises(tj.TijianError, match="national.bad_grade") as e:
        tj.grade(_grades([[30, "优秀", None]]))
    assert e.value.location["line"] == 2
    with pytest.raises(tj.TijianError, match="national.unknown_indicator"):
        tj.grade(_grades([[61, "很好", None]]))
    with pytest.raises(tj.TijianError, match="national.not_applicable"):
        tj.grade(_grades([[43, "很好", None]]), rail_transit=False)
    with pytest.raises(tj.TijianError, match="national.bad_score"):
        tj.grade(_grades([[30, "很好", 120]]))


def test_cli_grade_check_and_exit_codes(tmp_path):
    exe = _executable()
    if exe is None:
        pytest.fail("the tijian program was not installed next to this Python (pip install .)")
    out = tmp_path / "grade.json"
    run = subprocess.run([exe, "grade", "-g", str(EXAMPLE / "grades.csv"), "--city-class", "prefecture",
                          "--city-size", "large", "--rail-transit", "no", "-o", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "总体评价（表3）: 中" in run.stdout
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert "grades" in json.dumps(doc)
    run = subprocess.run([exe, "national", "check", "--units", str(EXAMPLE / "units.csv"), "--values",
                          str(EXAMPLE / "values.csv"), "-o", str(tmp_path / "check.csv")], capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "check-rollups.csv").is_file()
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,grade\n30,优秀\n", encoding="utf-8")
    run = subprocess.run([exe, "grade", "-g", str(bad), "-o", str(tmp_path / "never.json")], capture_output=True,
                         text=True)
    assert run.returncode == 2 and "national.bad_grade" in run.stderr and "bad.csv:2" in run.stderr
    assert not (tmp_path / "never.json").exists()
