# SPDX-License-Identifier: MIT
"""Language all the way (issue 16.8): Chinese output entirely Chinese, English entirely English.

The health check of the seed example (``make demo``: Qingdao's reported 2021 values against the
qingdao-2022 profile) is run by the command line in both languages. What may keep the other
script, and why:

- codes: unit codes (``qingdao``), dimension, indicator and target codes (``target_id``),
  comparator symbols (``>=``, ``band``, ``yes``), diagnostic steps, ids and nodes: stable ASCII
  keys to join on and to type after ``--unit``;
- text the data or a plan gave, written as given: unit names (青岛市 in an English file), the
  sources of targets (``seed 000, 二(三)16``: a quotation of the plan), indicator names that
  contain a formula (BOD5), the plan's own words (``quote``, Chinese in an English file) and
  notes (the profile's notes quote the plans; the check's own notes come in both languages).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import tijian as tj

ASCII_LETTER = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")

TABLES = ("status", "achievement", "problems", "obstacles", "obstacle_dimensions", "diagnostics")
CODES = {"unit", "dimension", "indicator", "target_id", "comparator", "step", "id", "node"}
GIVEN = {"name", "source", "quote", "note", "note_zh", "name_zh"}


def _data(repo: Path) -> Path:
    return repo / "examples" / "green-city" / "qingdao-2021-reported.csv"


def _check(exe: str, repo: Path, out: Path, *args: str) -> str:
    proc = subprocess.run([exe, "check", "--framework", "green-city", "--targets", "qingdao-2022",
                           "--data", str(_data(repo)), "--out", str(out), *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _files(out: Path) -> dict[str, Path]:
    return {name: out if name == "status" else out.with_name(f"{out.stem}-{name}.csv") for name in TABLES}


def _printed_tables(stdout: str) -> list[str]:
    """The report's lines from the unit's heading to the footnote, without the heading."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("== "))
    end = next(i for i, line in enumerate(lines) if line.startswith(("达标率按到期目标计", "The achievement rate counts due targets")))
    assert end - start > 20  # achievement, targets, problems and obstacles were printed
    return lines[start + 1:end]


@pytest.fixture(scope="module")
def described(repo: Path) -> dict[str, pd.DataFrame]:
    chk = tj.check(pd.read_csv(_data(repo), comment="#"), "green-city", targets="qingdao-2022")
    return {name: getattr(chk, name) for name in TABLES}


def _expected_headers(frame: pd.DataFrame, lang: str) -> tuple[list[str], list[str]]:
    """(headers, codes) of the columns a labels file in `lang` has, from the core's description."""
    heads, codes = [], []
    for code, d in frame.attrs["columns"].items():
        if d["written_in"] not in (None, lang):
            continue
        label, unit = d[f"label_{lang}"], d[f"unit_{lang}"]
        heads.append(label + (f"({unit})" if lang == "zh" else f" ({unit})") if unit else label)
        codes.append(code)
    return heads, codes


def test_zh_report_and_files_are_chinese(exe, repo, tmp_path, described):
    out = tmp_path / "zh.csv"
    stdout = _check(exe, repo, out, "--lang", "zh", "--bom")
    sources = tj.TargetProfile("qingdao-2022").targets["source"].dropna().unique()
    names = described["status"]["name_zh"]  # names with a formula in them: 年均进水BOD5浓度
    given = [*sources, *names[names.str.contains(ASCII_LETTER)].unique()]
    for line in _printed_tables(stdout):
        for s in given:  # quotations of the plan (the problem list's last column) and names
            line = line.replace(s, "")
        assert not ASCII_LETTER.search(line), line
    assert "万平方米" in stdout and "10^4" not in stdout  # units through the table of units
    for name, path in _files(out).items():
        assert path.read_bytes()[:3] == b"\xef\xbb\xbf", name
        table = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        heads, codes = _expected_headers(described[name], "zh")
        assert list(table.columns) == heads, name
        for head, code in zip(heads, codes):
            assert not ASCII_LETTER.search(head), (name, head)
            if code in CODES | GIVEN:
                continue
            letters = [v for v in table[head] if ASCII_LETTER.search(v)]
            assert not letters, (name, code, letters[:3])
    status = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert set(status["体检结论"]) <= {"达标", "进度正常", "进度滞后", "未达标", "未到期（进度无法判断）", "无数据", "不适用"}
    assert "万平方米" in set(status["计量单位"])


def test_en_report_and_files_are_english(exe, repo, tmp_path, described):
    out = tmp_path / "en.csv"
    stdout = _check(exe, repo, out, "--lang", "en")
    sources = tj.TargetProfile("qingdao-2022").targets["source"].dropna().unique()
    for line in _printed_tables(stdout):
        for s in sources:
            line = line.replace(s, "")
        assert not CJK.search(line), line
    assert "10,000 m²" in stdout
    for name, path in _files(out).items():
        assert path.read_bytes()[:3] != b"\xef\xbb\xbf", name  # no byte-order mark unless asked
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        heads, codes = _expected_headers(described[name], "en")
        assert list(table.columns) == heads, name
        for head, code in zip(heads, codes):
            assert not CJK.search(head), (name, head)
            if code in GIVEN:  # unit names, sources and notes as given (Chinese plans)
                continue
            chinese = [v for v in table[head] if CJK.search(v)]
            assert not chinese, (name, code, chinese[:3])


def test_codes_for_programs_are_the_python_writers(exe, repo, tmp_path, described):
    out = tmp_path / "codes.csv"
    _check(exe, repo, out, "--headers", "codes")
    chk = tj.check(pd.read_csv(_data(repo), comment="#"), "green-city", targets="qingdao-2022")
    texts = chk.to_csv()
    for name, path in _files(out).items():
        assert path.read_text(encoding="utf-8") == texts[name], name
    status = pd.read_csv(out)
    assert {"status", "status_zh", "name_zh", "name_en"} <= set(status.columns)
    # a row without a light is a missing cell, and "none" is not a category of the schema
    assert status["light"].isna().any() and "none" not in set(status["light"].dropna())
    cats = [c[0] for c in described["status"].attrs["columns"]["light"]["categories"]]
    assert cats == ["green", "yellow", "red"]


def test_python_writers_take_headers_lang_and_bom(repo, tmp_path, described):
    chk = tj.check(pd.read_csv(_data(repo), comment="#"), "green-city", targets="qingdao-2022")
    paths = chk.write(tmp_path / "py.csv", headers="labels", lang="zh", bom=True)
    assert len(paths) == len(TABLES)
    assert Path(paths[0]).read_bytes()[:3] == b"\xef\xbb\xbf"
    heads, _ = _expected_headers(described["status"], "zh")
    assert list(pd.read_csv(paths[0], encoding="utf-8-sig").columns) == heads
    plain = chk.write(tmp_path / "plain.csv")
    assert Path(plain[0]).read_bytes()[:6] == b"unit,n"


def test_unknown_unit_is_shown_as_written_and_reported_once(tmp_path):
    fw = tj.Framework({"nodes": [
        {"code": "I"},
        {"code": "a", "parent": "I", "unit": "furlongs"},
        {"code": "b", "parent": "I", "unit": "furlongs"},
        {"code": "c", "parent": "I", "unit": "km"}]})
    data = pd.DataFrame({"a": [1.0, 2.0], "b": [2.0, 1.0], "c": [3.0, 4.0]}, index=["u1", "u2"])
    diags = tj.score(data, fw).diagnostics
    notes = diags[diags["id"] == "data.unit_unknown"]
    assert len(notes) == 1
    row = notes.iloc[0]
    assert row["level"] == "info" and row["count"] == 2
    assert "furlongs" in row["message"] and "计量单位" in row["message_zh"]
