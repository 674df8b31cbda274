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


# --- diagnostics: every message_zh is Chinese ---------------------------------------------------
#
# A property over the diagnostics that the examples and the test data sets trigger: the
# seed example's checks (with the composite score), the synthetic green-city scoring with its
# recipe and with data-driven and AHP weights, COINr's ASEM build from raw data with every
# preparation step (and variants of each), and small hand-made panels for the edge cases (a
# constant indicator, a column the framework does not know, missing children, a zero in a
# geometric mean, a unit without a group). What may stay ASCII in a Chinese message: quoted
# text ('...', "..."; codes, file names and option values), option names before "=", codes of
# the framework, units, periods and groups, file names (units.hpp), tokens with digits or
# underscores (GB18030, em_max_iterations), and the names of methods and measures (AHP, CI, RI, CR, EM, Box-Cox,
# COINr, GII, Copeland, λmax).

NAMES = {"AHP", "CI", "RI", "CR", "EM", "Box", "Cox", "COINr", "GII", "Copeland"}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def english_words(text: str, codes: set[str]) -> list[str]:
    t = re.sub(r"'[^']*'|\"[^\"]*\"", " ", text)
    t = re.sub(r"[A-Za-z_][A-Za-z0-9_.]*\s*=(?!=)", " ", t)
    t = re.sub(r"λ[A-Za-z]*", " ", t)
    t = re.sub(r"[A-Za-z0-9_./\\-]+\.(?:hpp|csv|toml|json|xlsx)\b", " ", t)  # file names
    t = re.sub(r"[A-Za-z0-9_./\\:-]*[0-9_/\\][A-Za-z0-9_./\\:-]*", " ", t)
    return [w for w in WORD.findall(t) if w not in codes and w not in NAMES and len(w) > 1]


def test_english_words_are_found_and_codes_are_not():
    codes = {"aqi", "green"}
    assert english_words("缺失值已按均值插补", codes) == []
    assert english_words("指标 aqi 与 'data.csv' 按 constant = \"top\" 处理, GB18030, λmax 3.1", codes) == []
    assert english_words("values made missing: denominator 'Pop' missing", codes) == [
        "values", "made", "missing", "denominator", "missing"]
    assert english_words("按 min_max 标准化, 偏度 1.2 → 0.3, skew", codes) == ["skew"]
    assert english_words("不在单位表 (units.hpp) 中, 数据 /tmp/a-b/data.csv", codes) == []


def _codes(*frameworks: tj.Framework) -> set[str]:
    out: set[str] = set()
    for fw in frameworks:
        out |= set(fw.codes)
    return out


@pytest.fixture(scope="module")
def triggered(repo: Path, shared_data: Path) -> tuple[pd.DataFrame, set[str]]:
    """Every diagnostic the runs below produce, with the codes they may name."""
    frames, codes = [], set()

    def take(diags: pd.DataFrame, what: str) -> None:
        frames.append(diags.assign(run=what))

    # the seed example and Jinan's reported values, with the composite score
    for data, profile in (("qingdao-2021-reported.csv", "qingdao-2022"), ("jinan-2020-reported.csv", "jinan-2025")):
        df = pd.read_csv(repo / "examples" / "green-city" / data, comment="#")
        chk = tj.check(df.assign(extra_column=1.0), "green-city", targets=profile, composite=True)
        take(chk.diagnostics, profile)
        take(chk.composite.diagnostics, profile + " composite")
        codes |= set(df.columns.astype(str)) | {str(u) for u in chk.units}
    codes |= _codes(tj.Framework("green-city"))
    # the synthetic green-city scoring: its recipe, PCA and combined weights, AHP
    ex = repo / "examples" / "green-city-synthetic"
    syn = pd.read_csv(ex / "data-synthetic.csv", comment="#")
    fw = tj.Framework.from_toml(ex / "framework.toml")
    codes |= _codes(fw) | set(syn["uCode"]) | set(syn.columns)
    take(tj.score(syn, fw, tj.Recipe.from_toml(ex / "recipe.toml")).diagnostics, "synthetic recipe")
    take(tj.score(syn, fw, weights={"method": "pca"}).diagnostics, "pca")
    take(tj.score(syn, fw, weights={"method": "entropy", "combine": "game_theory"}).diagnostics, "game theory")
    root = fw.root
    k = len(fw.children(root))
    consistent = [[(k - i) / (k - j) for j in range(k)] for i in range(k)]  # w_i / w_j: CR = 0
    chaotic = [[1.0 if i == j else (9.0 if (i + j) % 2 else 1 / 9) for j in range(k)] for i in range(k)]
    for i in range(k):
        for j in range(i):
            chaotic[i][j] = 1 / chaotic[j][i]
    take(tj.score(syn, fw, weights={"ahp": {root: consistent}}).diagnostics, "ahp")
    take(tj.score(syn, fw, weights={"ahp": {root: chaotic}, "inconsistent": "warn"}).diagnostics, "ahp chaotic")
    # COINr's ASEM build from raw data, and variants of every preparation step
    d = shared_data / "asem"
    raw = pd.read_csv(d / "ASEM_COIN_Raw_COINr6.csv")
    idata = pd.read_csv(d / "ASEM_iData.csv").set_index("uCode")
    for c in ("Area", "Energy", "GDP", "Population"):
        raw[c] = idata.loc[raw["UnitCode"], c].to_numpy()
    asem = tj.Framework.from_table(pd.read_csv(d / "ASEM_iMeta.csv"))
    codes |= _codes(asem) | set(raw["UnitCode"]) | set(raw.columns)
    for name, prep in {
        "coinr": {"denominate": True, "impute": {"method": "group_mean", "group": "Group_EurAsia"},
                  "treat": {"method": "coinr_winsorise", "winmax": 5, "fallback": "log_ct"}},
        "screen": {"screen": {"policy": "by_missing_and_zeros", "min_availability": 0.95, "min_nonzero": 0.95,
                              "force_include": ["AUT"]}},
        "em": {"impute": {"method": "em"}},
        "clip": {"impute": {"method": "mean"}, "treat": {"method": "percentile_clip", "force": True}},
        "box_cox": {"impute": {"method": "median"}, "treat": {"method": "box_cox", "force": True}},
        "failing": {"impute": {"method": "mean"}, "treat": {"method": "coinr_winsorise", "winmax": 1, "fallback": "log_gii",
                                                "skew_threshold": 0.1, "kurt_threshold": -5}},
    }.items():
        take(tj.prepare(raw, asem, tj.Recipe(prepare=prep)).diagnostics, "asem " + name)
    # edge cases by hand
    small = tj.Framework({"code": "I", "children": [
        {"code": "D1", "children": [{"code": "a"}, {"code": "b"}]},
        {"code": "D2", "children": [{"code": "c"}, {"code": "z"}]}]})
    df = pd.DataFrame({"unit": ["u1", "u2", "u3"], "region": ["n", "n", None], "a": [1.0, 2.0, float("nan")],
                       "b": [5.0, 5.0, 5.0], "c": [0.0, 3.0, 4.0], "z": [float("nan"), float("nan"), 1.0],
                       "pop": [0.0, 1.0, 2.0]})
    codes |= {"I", "D1", "D2", "a", "b", "c", "z", "u1", "u2", "u3", "region", "pop", "n"}
    take(tj.score(df, small, units="unit", groups=["region"], unknown_columns="ignore",
                  aggregate={"method": "geometric"}, missing={"min_share": 0.9}).diagnostics, "edge geometric")
    take(tj.score(df, small, units="unit", groups=["region"], unknown_columns="ignore",
                  missing={"policy": "propagate"}).diagnostics, "edge propagate")
    take(tj.prepare(df.drop(columns="pop"), small, units="unit", groups=["region"],
                    impute={"method": "group_mean", "group": "region"},
                    treat={"method": "coinr_winsorise"}).diagnostics, "edge impute")
    return pd.concat(frames, ignore_index=True), codes


def test_every_diagnostic_has_a_chinese_message(triggered):
    diags, codes = triggered
    # the runs reach every step: data, normalisation, weights, aggregation, preparation, composite
    expected = {"data.unknown_column_ignored", "data.missing_values", "normalise.constant", "weights.pca",
                "weights.game_theory", "weights.ahp", "weights.ahp_inconsistent", "aggregate.reweighted",
                "aggregate.geometric_zero", "aggregate.propagated", "denominate.applied",
                "denominate.missing_denominator", "screen.removed", "screen.forced_in", "screen.summary",
                "impute.filled", "impute.left_missing", "impute.em", "treat.treated", "treat.failed",
                "treat.not_treatable", "composite.indicators_not_scored"}
    assert expected <= set(diags["id"]), sorted(expected - set(diags["id"]))
    bad = []
    for row in diags.itertuples():
        zh, en = row.message_zh, row.message
        own = codes | {str(row.node), str(row.unit), str(row.period)}
        if not CJK.search(zh) or zh == en or english_words(zh, own):
            bad.append((row.run, row.id, zh, english_words(zh, own)))
    assert not bad, bad[:10]
    # with the numbers: every number of the English message is in the Chinese one
    for row in diags.itertuples():
        numbers = re.findall(r"(?<![A-Za-z_])\d+(?:\.\d+)?%?", re.sub(r"'[^']*'", "", row.message))
        missing = [n for n in numbers if n not in row.message_zh]
        assert not missing, (row.id, row.message, row.message_zh)


# --- the printed reports of score, stats and uncertainty -------------------------------------------

def _run(exe: str, *args: str) -> str:
    proc = subprocess.run([exe, *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def synthetic(repo: Path) -> tuple[list[str], set[str]]:
    """The synthetic example's file arguments and what it may print in ASCII: its codes (units,
    indicators, dimensions), file paths and the grade labels (Chinese in its recipe)."""
    ex = repo / "examples" / "green-city-synthetic"
    fw = tj.Framework.from_toml(ex / "framework.toml")
    data = pd.read_csv(ex / "data-synthetic.csv", comment="#")
    files = ["-f", str(ex / "framework.toml"), "-d", str(ex / "data-synthetic.csv")]
    return files, _codes(fw) | set(data["uCode"]) | {"Sobol"}


def _without_paths(text: str, files: list[str]) -> str:
    for f in files:
        text = text.replace(f, "")
    return text


def test_zh_score_stats_and_uncertainty_print_chinese(exe, repo, synthetic):
    files, codes = synthetic
    recipe = str(repo / "examples" / "green-city-synthetic" / "recipe.toml")
    printed = {
        "score": _run(exe, "score", *files, "-r", recipe, "--lang", "zh"),
        "stats": _run(exe, "stats", *files, "--lang", "zh", "--all-pairs"),
        "uncertainty": _run(exe, "uncertainty", *files, "--period", "2024", "-n", "40", "--noise", "2=0.25",
                            "--normalisations", "min_max", "z_score", "--sensitivity", "8", "--bootstrap", "20",
                            "--lang", "zh"),
    }
    for command, text in printed.items():
        text = _without_paths(text, files + [recipe])
        for line in text.splitlines():
            assert not english_words(line, codes), (command, line)
    # the headings are the labels of the core's scores table: <node name>得分 / 排名, 城市, 时期
    fw = tj.Framework.from_toml(repo / "examples" / "green-city-synthetic" / "framework.toml")
    for code in ("GCI", "GF", "GL"):
        assert fw.node(code)["name_zh"] + "得分" in printed["score"], code
    assert fw.node("GCI")["name_zh"] + "排名" in printed["score"] and "城市" in printed["score"]
    assert "时期 2024" in printed["score"]
    assert "诊断信息" in printed["score"] and "提示" in printed["score"]
    for label in ("指标统计", "最小值", "峰度（超额）", "相关系数", "克朗巴哈系数"):
        assert label in printed["stats"], label
    for label in ("不确定性分析", "名义排名", "排名中位数", "Sobol 敏感性指数", "一阶指数", "总效应指数", "标准化方法",
                  "权重"):
        assert label in printed["uncertainty"], label


def test_en_score_stats_and_uncertainty_print_english(exe, synthetic):
    files, _ = synthetic
    score = _run(exe, "score", *files)
    assert "rank  unit" in score and "Period 2024" in score and not CJK.search(score.replace("示例城市", ""))
    stats = _run(exe, "stats", *files)
    assert "Indicator statistics (raw data" in stats and not CJK.search(stats)
    ua = _run(exe, "uncertainty", *files, "--period", "2024", "-n", "20")
    assert "Uncertainty of 'GCI'" in ua and not CJK.search(ua)


# --- trend and evaluate: the CSV options of check, provenance ---------------------------------------

@pytest.fixture(scope="module")
def panel_files(repo: Path) -> list[str]:
    ex = repo / "examples" / "green-city"
    return ["-f", "green-city", "-d", str(ex / "panel-synthetic.csv"), "-t", str(ex / "targets-synthetic-benchmark.toml")]


def test_trend_and_evaluate_csv_follow_lang_headers_and_bom(exe, repo, tmp_path, panel_files):
    ex = repo / "examples" / "green-city"
    data = pd.read_csv(ex / "panel-synthetic.csv", comment="#")
    plan = str(ex / "targets-synthetic-benchmark.toml")
    py_trend = tj.trend(data, "green-city", plan)
    py_eval = tj.evaluate(data, "green-city", plan)
    _run(exe, "trend", *panel_files, "--lang", "zh", "--headers", "labels", "--bom", "-o", str(tmp_path / "t.csv"))
    _run(exe, "evaluate", *panel_files, "--lang", "zh", "--headers", "labels", "--bom", "-o", str(tmp_path / "e.csv"))
    for path, frame in ((tmp_path / "t.csv", py_trend.trends), (tmp_path / "t-changes.csv", py_trend.changes),
                        (tmp_path / "t-ranks.csv", py_trend.ranks), (tmp_path / "e.csv", py_eval.targets),
                        (tmp_path / "e-evaluation_dimensions.csv", py_eval.dimensions)):
        assert path.read_bytes()[:3] == b"\xef\xbb\xbf", path.name
        table = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        heads, _ = _expected_headers(frame, "zh")
        assert list(table.columns) == heads, path.name
    outcome = pd.read_csv(tmp_path / "e.csv", encoding="utf-8-sig", dtype=str)["评估结论"]
    zh_outcomes = {c[1] for c in py_eval.targets.attrs["columns"]["outcome"]["categories"]}
    assert set(outcome.dropna()) <= zh_outcomes and len(set(outcome.dropna())) > 1
    # English labels, no byte-order mark
    _run(exe, "trend", *panel_files, "--lang", "en", "--headers", "labels", "-o", str(tmp_path / "en.csv"))
    assert (tmp_path / "en.csv").read_bytes()[:3] != b"\xef\xbb\xbf"
    heads, _ = _expected_headers(py_trend.trends, "en")
    assert list(pd.read_csv(tmp_path / "en.csv", dtype=str).columns) == heads
    # codes (the default): the Python writers' columns, codes in the cells
    _run(exe, "evaluate", *panel_files, "-o", str(tmp_path / "codes.csv"))
    codes = pd.read_csv(tmp_path / "codes.csv", dtype={"unit": str})
    assert list(codes.columns)[:3] == ["unit", "name", "dimension"]
    assert list(codes["outcome"]) == list(py_eval.targets["outcome"])


def test_trend_and_evaluate_documents_carry_provenance(exe, repo, tmp_path, panel_files):
    import json

    ex = repo / "examples" / "green-city"
    _run(exe, "trend", *panel_files, "--tolerance", "0.02", "-o", str(tmp_path / "t.json"))
    _run(exe, "evaluate", *panel_files, "--year", "2022", "-o", str(tmp_path / "e.json"))
    fw, plan = tj.Framework("green-city"), tj.TargetProfile(str(ex / "targets-synthetic-benchmark.toml"))
    data = pd.read_csv(ex / "panel-synthetic.csv", comment="#")
    check = tj.check(data, fw, plan)  # the same provenance as the health check of the same inputs
    for name in ("t.json", "e.json"):
        doc = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        prov = doc["provenance"]
        assert prov["library_version"] == tj.__version__
        assert prov["framework_hash"] == fw.hash and prov["framework_source"] == "preset:green-city"
        assert prov["profile"] == "synthetic-benchmark" and prov["profile_hash"] == check.provenance["profile_hash"]
        assert prov["profile_source"].endswith("targets-synthetic-benchmark.toml")
        assert prov["data_source"].endswith("panel-synthetic.csv") and len(prov["data_hash"]) == 16
    assert json.loads((tmp_path / "t.json").read_text())["options"]["tolerance"] == 0.02
    assert json.loads((tmp_path / "e.json").read_text())["options"] == {"year": 2022, "end_year": 0}
    # the Python results carry the same
    tr = tj.trend(data, fw, plan, tolerance=0.02)
    assert tr.provenance["framework_hash"] == fw.hash and tr.provenance["profile_hash"] == check.provenance["profile_hash"]
    assert tr.options["tolerance"] == 0.02
    ev = tj.evaluate(data, fw, plan, year=2022)
    assert ev.provenance["data_hash"] == tr.provenance["data_hash"]
    assert ev.options == {"year": 2022, "end_year": 0}
    assert tj.trend(data, fw).provenance["profile_hash"] == ""


# --- the check's summary table: 达标率 and 进度达标率 per dimension ---------------------------------

def test_summary_shows_the_schedule_rate_of_every_dimension(exe, repo):
    """Jinan's 2020 values are the base of its 2025 targets: most are not yet due, and the summary
    shows each dimension's 进度达标率 with its denominator beside its 达标率, not 0 %."""
    data = repo / "examples" / "green-city" / "jinan-2020-reported.csv"
    text = _run(exe, "check", "--framework", "green-city", "--targets", "jinan-2025", "--data", str(data),
                "--summary")
    lines = text.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("达标率(按单元与维度)"))
    header, row = lines[head + 1], lines[head + 2]
    fw = tj.Framework("green-city")
    names = {code: fw.node(code)["name_zh"] for code in fw.codes}
    chk = tj.check(pd.read_csv(data, comment="#"), fw, targets="jinan-2025")
    ach = chk.achievement
    dims = ach[~ach["overall"].astype(bool) & ach["dimension"].isin(names) & (ach["targets"] > 0)]
    assert len(dims) >= 2
    for d in dims.itertuples():
        assert f"{names[d.dimension]} 达标率" in header and f"{names[d.dimension]} 进度达标率" in header
        if d.due > 0:
            assert f"{100 * d.rate:.1f}% ({d.due_met}/{d.due})" in row, d.dimension
        if d.not_due > 0:
            assert f"{100 * d.schedule_rate:.1f}% ({d.not_due_on_schedule}/{d.not_due})" in row, d.dimension
    assert dims["not_due"].sum() > 0 and not re.search(r"(?<![0-9])0\.0%", row) and row.split()[0] == "jinan"
