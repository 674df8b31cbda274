# SPDX-License-Identifier: MIT
"""`tijian score` with the ranking methods that have tables (mcda_tables.hpp): --out writes
them (CSV beside the scores, JSON under "methods", all files or none) and the console prints a
short account of them, in Chinese with --lang zh. The tables are the core's: the files must
equal what tj.score gives for the same inputs (tijian's Python tables, to the last bit)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tijian as tj

# the check of test_lang.py that a printed line holds no English word (codes and names excepted)
_spec = importlib.util.spec_from_file_location("_test_lang", Path(__file__).with_name("test_lang.py"))
_lang = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_lang)
english_words = _lang.english_words

RECIPE = """[aggregate]
method = "arithmetic"
[aggregate.by_node]
GCI = { method = "rsr" }
GF = { method = "vikor" }
GL = { method = "fuzzy" }
[fuzzy]
grades = ["优", "良", "差"]
values = [90.0, 70.0, 40.0]
[fuzzy.standards]
transit_share = [70.0, 50.0, 30.0]
waste_sorting = [90.0, 70.0, 50.0]
water_per_capita = [60.0, 90.0, 120.0]
"""


@pytest.fixture()
def files(repo, tmp_path, green_city):
    ex = repo / "examples" / "green-city-synthetic"
    fw = tj.Framework.from_toml(ex / "framework.toml")
    assert [c for c in fw.codes if fw.node(c).get("parent") == "GL"] == [
        "transit_share", "waste_sorting", "water_per_capita"]
    recipe = tmp_path / "r.toml"
    recipe.write_text(RECIPE, encoding="utf-8")
    data, _, _ = green_city
    res = tj.score(data, ex / "framework.toml", tj.Recipe.from_toml(RECIPE))
    return ["-f", str(ex / "framework.toml"), "-d", str(ex / "data-synthetic.csv"), "-r", str(recipe)], res


def run(exe, *args):
    return subprocess.run([exe, *args], capture_output=True, text=True)


def same(frame: pd.DataFrame, expect: pd.DataFrame) -> None:
    """A CSV file's table equals tj.score's: the same columns, units in the same order, every
    number to the last bit (the CSV writer writes the shortest text that reads back)."""
    expect = expect.reset_index(drop=True)
    assert list(frame.columns) == list(expect.columns)
    assert len(frame) == len(expect)
    if "unit" in expect:
        assert frame["unit"].tolist() == expect["unit"].astype(str).tolist()
    for c in expect.columns:
        if pd.api.types.is_numeric_dtype(expect[c]) and not pd.api.types.is_bool_dtype(expect[c]):
            np.testing.assert_array_equal(frame[c].to_numpy(dtype=float), expect[c].to_numpy(dtype=float), err_msg=c)


def test_csv_out_writes_every_method_table_beside_the_scores(exe, tmp_path, files):
    args, res = files
    out = tmp_path / "out.csv"
    proc = run(exe, "score", *args, "-o", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    written = sorted(p.name for p in tmp_path.glob("out*.csv"))
    assert written == ["out-fuzzy_GL.csv", "out-rsr_GCI.csv", "out-rsr_regression_GCI.csv", "out-vikor_GF.csv",
                       "out.csv"]
    for name, table in (("out-rsr_GCI.csv", res.rsr("GCI")), ("out-vikor_GF.csv", res.vikor("GF")),
                        ("out-fuzzy_GL.csv", res.fuzzy("GL")),
                        ("out-rsr_regression_GCI.csv", res.rsr_regression("GCI"))):
        same(pd.read_csv(tmp_path / name, dtype={"unit": str}), table)
    # the scores file is the one written before this change: the scores table alone
    scores = pd.read_csv(out)
    assert "GCI_score" in scores.columns and "wrsr" not in scores.columns


def test_json_out_holds_the_method_tables_under_methods(exe, tmp_path, files):
    args, res = files
    out = tmp_path / "out.json"
    assert run(exe, "score", *args, "-o", str(out), "-q").returncode == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(doc["methods"]) == ["fuzzy_GL", "rsr_GCI", "rsr_regression_GCI", "vikor_GF"]
    rsr = pd.DataFrame(doc["methods"]["rsr_GCI"])
    np.testing.assert_array_equal(rsr["wrsr"].to_numpy(), res.rsr("GCI")["wrsr"].to_numpy())
    np.testing.assert_array_equal(rsr["grade"].to_numpy(), res.rsr("GCI")["grade"].to_numpy())
    vikor = pd.DataFrame(doc["methods"]["vikor_GF"])
    np.testing.assert_array_equal(vikor["Q"].to_numpy(), res.vikor("GF")["Q"].to_numpy())
    fuzzy = pd.DataFrame(doc["methods"]["fuzzy_GL"])
    np.testing.assert_array_equal(fuzzy["b_1"].to_numpy(), res.fuzzy("GL")["b_1"].to_numpy())
    # the schema describes them like every other table (labels and units)
    assert doc["schema"]["vikor_GF"]["columns"][3]["name"] == "S"
    # the memberships are also in the result's own tables (item 1: kept by result files)
    assert len(doc["fuzzy_memberships"]) == 3 * len(res)


def test_a_failed_output_writes_none_of_the_files(exe, tmp_path, files):
    args, _ = files
    out = tmp_path / "out.csv"
    out.write_text("old\n", encoding="utf-8")
    (tmp_path / "out-vikor_GF.csv").mkdir()  # this file cannot be written
    proc = run(exe, "score", *args, "-o", str(out), "-q")
    assert proc.returncode != 0
    assert out.read_text(encoding="utf-8") == "old\n"
    # no other file written, no temporary left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out-vikor_GF.csv", "out.csv", "r.toml"]


def test_console_summary_in_chinese_and_in_english(exe, files):
    args, res = files
    zh = run(exe, "score", *args, "--lang", "zh")
    assert zh.returncode == 0, zh.stderr
    text = zh.stdout
    for f in args:
        text = text.replace(f, "")
    codes = set(res.framework.codes) | set(res.scores.index.get_level_values(0)) | {"VIKOR"}
    for line in text.splitlines():
        assert not english_words(line, codes), line
    for label in ("GCI · 秩和比法分布与分档", "回归方程 秩和比 = ", "决定系数", "第1档", "GF · VIKOR 折衷排序", "折衷解",
                  "条件1 可接受优势", "GL · 模糊综合评价隶属度", "按最大隶属度"):
        assert label in text, label
    # every number of the summary says its unit (比值 for ratios, 个 for counts)
    rsr_line = next(line for line in text.splitlines() if "回归方程" in line)
    assert "比值" in rsr_line and " 个" in rsr_line
    assert "比值" in next(line for line in text.splitlines() if "折衷解" in line)
    en = run(exe, "score", *args)
    assert "regression WRSR = " in en.stdout and "compromise set" in en.stdout and "by maximum membership" in en.stdout
    assert "GF · VIKOR compromise ranking" in en.stdout


def test_xlsx_out_has_a_sheet_per_method_table_named_by_its_node(exe, tmp_path, files):
    openpyxl = pytest.importorskip("openpyxl")
    args, _ = files
    out = tmp_path / "out.xlsx"
    assert run(exe, "score", *args, "-o", str(out), "-q").returncode == 0
    sheets = openpyxl.load_workbook(out, read_only=True).sheetnames
    # labelled node first, so that the cut to 31 characters keeps the node
    for prefix, count in (("GCI · Rank-sum ratio", 2), ("GF · VIKOR compromise ranking", 1), ("GL · Fuzzy", 1)):
        assert sum(s.startswith(prefix) for s in sheets) == count, (prefix, sheets)


def test_not_applicable_nodes_are_written_beside_the_scores(exe, repo, tmp_path):
    # GF (and so its two indicators) does not apply to the units marked y in a group column:
    # every (unit, period) of them x the three nodes, in the CSV beside the scores and the JSON
    ex = repo / "examples" / "green-city-synthetic"
    data = pd.read_csv(ex / "data-synthetic.csv", comment="#")
    data["kind_group"] = np.where(data["uCode"].isin(["C01", "C02", "C03"]), "y", "n")
    path = tmp_path / "data.csv"
    data.to_csv(path, index=False)
    recipe = tmp_path / "na.toml"
    recipe.write_text('[not_applicable]\nGF = { group = "kind_group", values = ["y"] }\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    proc = run(exe, "score", "-f", str(ex / "framework.toml"), "-d", str(path), "-r", str(recipe), "-o", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    na = pd.read_csv(tmp_path / "out-not_applicable.csv")
    marked = data.loc[data["kind_group"] == "y", ["uCode", "Time"]]
    assert len(marked) == 6 and len(na) == len(marked) * 3
    assert set(zip(na["unit"], na["period"], na["node"])) == {
        (u, t, n) for u, t in marked.itertuples(index=False) for n in ("GF", "green_loan_share", "green_bond_issuance")}
    assert (na["rule"] == "GF").all() and (na["group"] == "kind_group").all() and (na["value"] == "y").all()
    assert not na["by_children"].any()
    # the Python result holds the same table
    res = tj.score(data, ex / "framework.toml", tj.Recipe.from_toml(recipe.read_text(encoding="utf-8")))
    assert len(res.not_applicable) == len(na)
    # without rules, no such file
    out2 = tmp_path / "plain.csv"
    assert run(exe, "score", "-f", str(ex / "framework.toml"), "-d", str(path), "-o", str(out2), "-q").returncode == 0
    assert not (tmp_path / "plain-not_applicable.csv").exists()
