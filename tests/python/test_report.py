# SPDX-License-Identifier: MIT
"""The health-check report, tested in a real browser: headless Chromium (Debian's chromium)
opens the HTML through the DevTools protocol; the tests read the rendered text, compare the
numbers with the result tables, and check that the page logs no console error and makes no
network request. A screenshot of every section is saved ($TIJIAN_REPORT_SCREENSHOTS, else the
test's temporary directory) to be looked at. Also: the PDF and its page count, the command
line, bad output paths, and what the HTML holds without a browser."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

import tijian as tj
from tijian import reporting

QINGDAO = "examples/green-city/qingdao-2021-reported.csv"
SYNTHETIC = "examples/green-city/panel-synthetic.csv"
SYNTHETIC_TARGETS = "examples/green-city/targets-synthetic-benchmark.toml"
THIRD_PARTY = "examples/green-city/third-party-synthetic.csv"
TOLERANCES = "examples/green-city/tolerances-synthetic.toml"
SURVEY = "examples/survey"
LEDGER = "examples/ledger"

needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None,
                                    reason="Debian's chromium is not installed (scripts/install-deps.sh)")


# --- a small DevTools client ------------------------------------------------------------------
class Browser:
    """Headless Chromium driven over the DevTools protocol (websocket-client)."""

    def __init__(self, profile: Path) -> None:
        import websocket

        port = _free_port()
        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-extensions", "--disable-sync",
             f"--remote-debugging-port={port}", f"--user-data-dir={profile}", "--window-size=1200,900",
             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        targets = None
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as r:
                    targets = [t for t in json.load(r) if t.get("type") == "page"]
                if targets:
                    break
            except OSError:
                time.sleep(0.3)
        assert targets, "headless chromium did not start"
        self.ws = websocket.create_connection(targets[0]["webSocketDebuggerUrl"], timeout=60,
                                              suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []

    def call(self, method: str, **params):
        self.next_id += 1
        ident = self.next_id
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == ident:
                assert "error" not in msg, msg
                return msg.get("result", {})
            self.events.append(msg)

    def open(self, path: Path) -> None:
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.events.clear()
        self.url = path.resolve().as_uri()
        self.call("Page.navigate", url=self.url)
        deadline = time.time() + 60
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            assert time.time() < deadline, "the report did not load"
            self.events.append(json.loads(self.ws.recv()))
        self.evaluate("new Promise(r => setTimeout(r, 300))")

    def evaluate(self, expression: str):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return r.get("result", {}).get("value")

    def console_errors(self) -> list[str]:
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(json.dumps(p.get("args")))
            elif m == "Runtime.exceptionThrown":
                out.append(json.dumps(p.get("exceptionDetails")))
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append(p["entry"].get("text", ""))
        return out

    def requests(self) -> list[str]:
        """Every URL the page asked for except the report itself and inline data: URLs."""
        urls = [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]
        return [u for u in urls if not u.startswith("data:") and u != self.url]

    def screenshot(self, selector: str, path: Path, index: int = 0) -> None:
        box = self.evaluate(f"(() => {{ const r = document.querySelectorAll('{selector}')[{index}]"
                            ".getBoundingClientRect();"
                            " return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height]; })()")
        x, y, w, h = box
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": x, "y": y, "width": w, "height": min(h, 6000), "scale": 1})
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    pytest.importorskip("websocket")
    if shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (scripts/install-deps.sh)")
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def _screens(tmp_path: Path) -> Path:
    d = Path(os.environ.get("TIJIAN_REPORT_SCREENSHOTS") or tmp_path)
    d.mkdir(parents=True, exist_ok=True)
    return d


# --- inputs -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def qingdao(repo):
    return tj.check(pd.read_csv(repo / QINGDAO, comment="#"), "green-city", targets="qingdao-2022")


@pytest.fixture(scope="module")
def synthetic(repo):
    """The synthetic 30-city panel: every section has its input."""
    data = pd.read_csv(repo / SYNTHETIC, comment="#")
    targets = repo / SYNTHETIC_TARGETS
    return {
        "check": tj.check(data, "green-city", targets, only_units=["S07"]),
        "trend": tj.trend(data, "green-city", targets),
        "evaluation": tj.evaluate(data, "green-city", targets),
    }


# --- the seed example in a browser ------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_seed_report_in_browser(browser, qingdao, tmp_path, lang):
    out = tj.report(tmp_path / f"qingdao-{lang}.html", check=qingdao, lang=lang, assessor="第三方评估组",
                    date="2026-12-07")
    browser.open(out)
    text = browser.evaluate("document.body.innerText")
    status = qingdao._core.tables()["status"]
    frame = reporting._documents._frames({"status": status})["status"]
    name_col = "name_zh" if lang == "zh" else "name_en"
    # every indicator of the seed example is in the report
    for name in frame[name_col]:
        assert name in text, name
    # the values of the status table (Qingdao's reported values, seed 001) as the check table shows them
    rows = browser.evaluate("Array.from(document.querySelectorAll('table[data-table=status] tr'))"
                            ".map(r => r.innerText)")
    reported = {"green_loan_balance": "925.34", "star_green_building_area": "129",
                "residential_retrofit_area": "226.8", "green_building_area_total": "6339", "rail_lines": "6",
                "rail_transit_length_km": "246", "old_residential_areas_started": "143"}
    for code, number in reported.items():
        row = frame[frame["indicator"] == code].iloc[0]
        assert float(number) == pytest.approx(row["value"])
        hits = [r for r in rows if row[name_col] in r or code in r]
        assert any(re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", r) for r in hits), (code, hits)
    # 达标率 and 进度达标率 with their denominators, from the achievement table
    ach = reporting._documents._frames({"a": qingdao._core.tables()["achievement"]})["a"]
    overall = ach[ach["overall"]].iloc[0]
    n = int(overall["not_due"])
    k = int(overall["not_due_on_schedule"])
    expected = (f"未到期目标 {n} 项中进度达标 {k} 项" if lang == "zh"
                else f"{k} of {n} targets not yet due met early or on track")
    assert expected in text
    assert browser.console_errors() == []
    assert browser.requests() == []
    if lang == "zh":  # Chinese output is entirely Chinese: no English heading or label
        for english in ("Summary", "Problem list", "Value", "Target", "Achievement rate", "Traffic light"):
            assert english not in text
    shots = _screens(tmp_path)
    for key in browser.evaluate("Array.from(document.querySelectorAll('section')).map(s => s.id)"):
        browser.screenshot(f"section#{key}", shots / f"qingdao-{lang}-{key}.png")
        assert (shots / f"qingdao-{lang}-{key}.png").stat().st_size > 1000


def test_full_report_in_browser(browser, synthetic, tmp_path):
    out = tj.report(tmp_path / "s07.html", unit="S07", lang="zh", **synthetic)
    browser.open(out)
    text = browser.evaluate("document.body.innerText")
    assert "五年评估" in text and "Five-year" not in text
    sections = browser.evaluate("Array.from(document.querySelectorAll('section')).map(s => s.id)")
    assert sections == ["cover", "summary", "dimensions", "evaluation", "problems", "appendix"]
    # the five-year evaluation's counts per dimension are those of the result
    dims = synthetic["evaluation"].dimensions
    mine = dims[dims["unit"] == "S07"]
    block = "document.querySelector('table[data-table=evaluation_dimensions]').closest('.table-block')"
    rows = browser.evaluate(f"Array.from({block}.querySelectorAll('tbody tr'))"
                            ".map(r => Array.from(r.cells).map(c => c.innerText))")
    header = browser.evaluate(f"Array.from({block}.querySelectorAll('th')).map(c => c.innerText)")
    constants = dict(browser.evaluate(f"Array.from({block}.querySelectorAll('dl.constants div'))"
                                      ".map(d => [d.querySelector('dt').innerText, d.querySelector('dd').innerText])"))
    assert len(rows) == len(mine)
    for row, (_, want) in zip(rows, mine.iterrows()):
        cells = {**constants, **dict(zip(header, row))}  # a column with one value is shown once above
        for column in ("targets", "achieved", "will_miss", "missed"):
            label = next(k for k in cells if k.startswith(mine.attrs["columns"][column]["label_zh"]))
            assert cells[label] == str(int(want[column])), column
    assert browser.console_errors() == []
    assert browser.requests() == []
    shots = _screens(tmp_path)
    for key in sections:
        browser.screenshot(f"section#{key}", shots / f"s07-zh-{key}.png")


# --- the later steps of the cycle: self-check vs third-party, the survey, the ledger ------------
@pytest.fixture(scope="module")
def cycle(repo, tmp_path_factory):
    """tj.compare of the synthetic panel with its synthetic third-party re-measurement, tj.survey of
    the synthetic answers with their objective scores, and a ledger after two years of checks of
    Qingdao (the steps of tests/python/test_ledger.py: two entries overdue on 2022-08-31)."""
    def read(name):
        return pd.read_csv(repo / name, comment="#").drop(columns="uName").set_index(["uCode", "Time"])

    compared = tj.compare({"自检": read(SYNTHETIC), "第三方": read(THIRD_PARTY)}, "green-city",
                          str(repo / SYNTHETIC_TARGETS), tolerances=str(repo / TOLERANCES))
    surveyed = tj.survey(repo / SURVEY / "answers.csv", repo / SURVEY / "survey.toml",
                         objective=repo / SURVEY / "objective.csv")
    ex = repo / LEDGER

    def check(csv):
        return tj.check(pd.read_csv(csv, comment="#"), "green-city", targets="qingdao-2022")

    led = tj.Ledger.init(tmp_path_factory.mktemp("ledger") / "ledger.sqlite")
    led.update(check(repo / QINGDAO), as_of="2021-08-31", who="team")
    led.update(ex / "housing-2021-synthetic.csv", as_of="2021-08-31", who="team")
    led.update(ex / "residents-2021-synthetic.csv", source="residents", as_of="2021-08-31", who="team")
    led.import_sheet(ex / "edits-2021-09.csv", as_of="2021-09-15", who="office")
    led.import_sheet(ex / "edits-2021-12.csv", as_of="2021-12-20", who="district")
    led.update(check(ex / "qingdao-2022-synthetic.csv"), as_of="2022-08-31", who="team")
    data = pd.read_csv(repo / SYNTHETIC, comment="#")
    checked = tj.check(data, "green-city", repo / SYNTHETIC_TARGETS, only_units=["S04"])
    # S04: in 2023 two values outside the tolerance and one verdict that differs
    return {"compare": compared, "survey": surveyed, "ledger": led, "check": checked}


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def _dom_tables(browser, section: str, name: str) -> list[dict]:
    """Every table ``name`` of a section as its header, rows and constants (shown once above)."""
    return browser.evaluate(
        f"Array.from(document.querySelectorAll('section#{section} table[data-table={name}]')).map(t => {{"
        " const b = t.closest('.table-block');"
        " return {header: Array.from(t.querySelectorAll('thead th')).map(c => c.innerText),"
        "  rows: Array.from(t.querySelectorAll('tbody tr')).map(r => Array.from(r.cells).map(c => c.innerText)),"
        "  constants: Array.from(b.querySelectorAll('dl.constants div'))"
        "   .map(d => [d.querySelector('dt').innerText, d.querySelector('dd').innerText])}; })")


def _same_numbers(dom: dict, frame: pd.DataFrame, lang: str, shown: tuple[str, ...] | None = None) -> int:
    """Every number column of the result table (or of those ``shown``), read back from the DOM
    (the header named by the table's description; ratios shown in percent), equals the table's
    value; returns how many cells were compared."""
    from tijian.reporting._format import Formatter

    f = Formatter(lang)
    assert len(dom["rows"]) == len(frame)
    constants = dict(dom["constants"])
    compared = 0
    for name, desc in frame.attrs["columns"].items():
        if desc["type"] not in ("real", "integer") or name.endswith(("_index", "_row")):
            continue
        if shown is not None and name not in shown:
            continue
        values = frame[name].tolist()
        if all(pd.isna(v) for v in values):
            continue  # an empty column is left out
        label = f.header(desc)
        if label in dom["header"]:
            cells = [r[dom["header"].index(label)] for r in dom["rows"]]
        else:
            assert label in constants, (name, label, dom["header"], list(constants))
            cells = [constants[label]] * len(values)
        percent = f.fixed_unit(desc) == f._ratio_label()
        for cell, want in zip(cells, values):
            if pd.isna(want):
                assert cell.strip() in ("", "-"), (name, cell)
                continue
            got = float(_NUMBER.search(cell.replace("−", "-")).group())
            want = float(want) * (100.0 if percent else 1.0)
            assert got == pytest.approx(want, rel=1e-3 if percent else 1e-5, abs=1e-9), (name, cell, want)
            compared += 1
    return compared


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cycle_sections_in_browser(browser, cycle, tmp_path, lang):
    out = tj.report(tmp_path / f"cycle-{lang}.html", unit="S04", lang=lang, **cycle)
    browser.open(out)
    sections = browser.evaluate("Array.from(document.querySelectorAll('section')).map(s => s.id)")
    assert sections[-4:] == ["compare", "survey", "ledger", "appendix"]
    text = browser.evaluate("document.body.innerText")
    cmp, srv, led = cycle["compare"], cycle["survey"], cycle["ledger"].list()
    compared = 0
    # self-check vs third-party: the agreement statistics of every indicator, the kappas, the city's
    # scores and the disagreements of the city (values outside the tolerance, verdicts that differ)
    def mine(frame, unit=True):  # the rows of the period checked (the latest), of the city
        keep = frame["period"] == "2023"
        if unit:
            keep &= frame["unit"] == "S04"
        out = frame[keep]
        out.attrs = frame.attrs
        return out

    # the agreement table shows the statistics a reader weighs (rank and absolute agreement, the
    # Bland-Altman bias and limits); the rest is in the comparison's own tables
    agreement_shown = ("n", "spearman", "kendall_tau_b", "icc_a1", "icc_a1_low", "icc_a1_high", "bias", "loa_lower",
                       "loa_upper")
    for name, frame, shown in (("agreement", mine(cmp.agreement, unit=False), agreement_shown),
                               ("kappa", cmp.kappa, None)):
        (dom,) = _dom_tables(browser, "compare", name)
        compared += _same_numbers(dom, frame, lang, shown)
        if name == "agreement":
            assert len(dom["header"]) <= 11, dom["header"]  # names and nine statistics: fits the page
    values = mine(cmp.values)
    outside = values[values["within"].notna() & ~values["within"].fillna(True).astype(bool)]
    outside.attrs = cmp.values.attrs
    assert len(outside) == 2
    (dom,) = _dom_tables(browser, "compare", "values")
    compared += _same_numbers(dom, outside, lang)
    verdicts = mine(cmp.verdicts)
    assert len(verdicts) == 1
    (dom,) = _dom_tables(browser, "compare", "verdicts")
    compared += _same_numbers(dom, verdicts, lang)
    scores = mine(cmp.scores)
    (dom,) = _dom_tables(browser, "compare", "scores")
    compared += _same_numbers(dom, scores, lang)
    assert browser.evaluate("document.querySelectorAll('section#compare svg').length") == 2  # Bland-Altman, values
    # the survey: satisfaction by dimension, Cronbach's alpha, the objective-subjective gap
    for name in ("dimensions", "alpha", "gap"):
        (dom,) = _dom_tables(browser, "survey", name)
        compared += _same_numbers(dom, srv.tables[name], lang)
    assert browser.evaluate("document.querySelectorAll('section#survey svg').length") == 1
    assert str(srv.respondents) in browser.evaluate("document.querySelector('section#survey dl.facts').innerText")
    # the ledger: tasks by status and the overdue tasks
    counts = browser.evaluate("Array.from(document.querySelectorAll('ul[data-list=ledger-counts] li'))"
                              ".map(l => [l.querySelector('.cat').className, l.innerText])")
    by_code = {cls.split("cat-")[1]: item for cls, item in counts}
    for code, n in led["status"].value_counts().items():
        assert re.search(rf"(?<!\d){n}(?!\d)", by_code[code]), (code, by_code[code])
    assert re.search(rf"(?<!\d){int(led['overdue'].sum())}(?!\d)", by_code["overdue"])
    assert int(led["overdue"].sum()) == 2
    overdue_tables = _dom_tables(browser, "ledger", "ledger")
    assert [len(t["rows"]) for t in overdue_tables] == [2, len(led)]
    over = led[led["overdue"]]
    over.attrs = led.attrs
    from tijian.reporting._format import Formatter

    f = Formatter(lang)
    for dom, frame in zip(overdue_tables, (over, led)):
        for column in ("id", "deadline", "status"):  # each task: its id, deadline and status in order
            desc = frame.attrs["columns"][column]
            label = f.header(desc)
            cells = ([r[dom["header"].index(label)] for r in dom["rows"]] if label in dom["header"]
                     else [dict(dom["constants"])[label]] * len(dom["rows"]))  # one value: shown once above
            want = [f.category(desc, v) if desc["type"] == "categorical" else ("" if pd.isna(v) else v)
                    for v in frame[column]]
            assert cells == want, column
    assert compared > 100
    for code in led["id"]:
        assert code in text
    assert browser.console_errors() == []
    assert browser.requests() == []
    if lang == "zh":
        for english in ("Agreement", "Resident survey", "ledger", "Overdue", "Bland"):
            assert english not in text.replace("Bland–Altman", "")
    shots = _screens(tmp_path)
    for key in ("compare", "survey", "ledger", "dimensions"):
        browser.screenshot(f"section#{key}", shots / f"cycle-{lang}-{key}.png")
        assert (shots / f"cycle-{lang}-{key}.png").stat().st_size > 1000
        for i in range(browser.evaluate(f"document.querySelectorAll('section#{key} .chart').length")):
            browser.screenshot(f"section#{key} .chart", shots / f"cycle-{lang}-{key}-chart{i}.png", index=i)


def test_cycle_sections_left_out_without_input(synthetic, cycle):
    html = reporting.render_html(check=synthetic["check"], unit="S07", lang="en", date="2026-12-07")
    ids = re.findall(r'<section id="([a-z_]+)"', html)
    assert not {"compare", "survey", "ledger"} & set(ids)
    html = reporting.render_html(check=synthetic["check"], unit="S07", lang="en", date="2026-12-07",
                                 ledger=cycle["ledger"].path)  # the ledger's SQLite file
    assert "ledger" in re.findall(r'<section id="([a-z_]+)"', html)


def test_change_vs_base_drawn_on_the_scale_of_the_change():
    """A target "-6 % vs 2020" is drawn as the value's change from 2020 (%), not on the level."""
    fw = {"code": "IDX", "children": [{"code": "D", "children": [{"code": "energy", "unit": "t"}]}]}
    plan = {"profile": "p", "target": [{"indicator": "energy", "kind": "change_vs_base", "value": -6.0,
                                        "base_year": 2020, "year": 2025}]}
    data = pd.DataFrame({"unit": ["a", "a"], "year": [2020, 2023], "energy": [200.0, 194.0]})
    res = tj.check(data, fw, plan)
    html = reporting.render_html(check=res, lang="en", date="2026-12-07")
    # the level 194 t is a change of -3 % from 2020 (hand-computed: (194 - 200) / 200)
    assert "change vs 2020 &lt;= -6%" in html and "drawn on the scale of the change" in html
    from tijian.reporting import _documents, _sections

    ctx = _sections.Context(lang="en", unit="a", docs={"check": _documents.load(res)})
    rows, changed = _sections._on_change_scale(ctx, ctx.rows(ctx.doc("check").table("status")))
    assert changed and rows["value"].iloc[0] == pytest.approx(-3.0) and rows["target"].iloc[0] == -6.0


def test_check_table_is_narrow(synthetic):
    """The per-dimension check table: name, value with unit, target, state, progress."""
    html = reporting.render_html(check=synthetic["check"], unit="S07", lang="zh", date="2026-12-07")
    block = html.split('id="dimensions"')[1].split("</section>")[0]
    heads = re.findall(r'<th data-col="([^"]*)"', block.split('data-table="status"')[1].split("</thead>")[0])
    assert heads == ["name_zh", "value", "target", "status", "progress"]


def test_to_excel_compare_survey_national(cycle, tmp_path):
    """The workbooks of CompareResult, SurveyResult and NationalResult (the core's writer) read
    back with openpyxl: a sheet per table, the codes of the header row and every cell of the
    result's tables."""
    openpyxl = pytest.importorskip("openpyxl")
    national = tj.national_framework()
    results = {"compare": (cycle["compare"], cycle["compare"]._frames),
               "survey": (cycle["survey"], cycle["survey"].tables),
               "national": (national, {n: getattr(national, n) for n in national.tables})}
    for key, (res, tables) in results.items():
        path = tmp_path / f"{key}.xlsx"
        res.to_excel(path, headers="codes")
        wb = openpyxl.load_workbook(path, read_only=True)
        assert len(wb.sheetnames) == len(tables), (key, wb.sheetnames)
        for sheet, (name, frame) in zip(wb.sheetnames, tables.items()):
            rows = list(wb[sheet].iter_rows(values_only=True))
            header = [h for h in rows[0] if h is not None]
            assert header == list(frame.columns), (key, name)
            body = rows[1:]
            assert len(body) == len(frame), (key, name)
            for j, col in enumerate(frame.columns):
                for got, want in zip((r[j] for r in body), frame[col].tolist()):
                    if want is None or want is pd.NA or (isinstance(want, str) and want == "") or (
                            isinstance(want, float) and pd.isna(want)):
                        assert got in (None, ""), (key, name, col, got)  # an empty text is an empty cell
                    elif isinstance(want, (bool,)) or type(want).__name__ == "bool_":
                        assert got in (bool(want), str(bool(want)).lower(), int(bool(want))), (key, name, col, got)
                    elif isinstance(want, (int, float)) or hasattr(want, "dtype"):
                        assert float(got) == pytest.approx(float(want), rel=1e-12), (key, name, col)
                    else:
                        assert str(got) == str(want), (key, name, col)
        wb.close()
    # labels: the sheet names and headers in Chinese
    cycle["survey"].to_excel(tmp_path / "survey-zh.xlsx", lang="zh")
    wb = openpyxl.load_workbook(tmp_path / "survey-zh.xlsx", read_only=True)
    assert "维度满意度" in wb.sheetnames
    wb.close()


# --- without a browser ------------------------------------------------------------------------
def test_sections_without_input_are_left_out(qingdao, tmp_path):
    html = reporting.render_html(check=qingdao, lang="en", date="2026-12-07")
    ids = re.findall(r'<section id="([a-z_]+)"', html)
    assert ids == ["cover", "summary", "dimensions", "problems", "appendix"]  # no trends, ranks, evaluation
    assert "Trends and the plan" not in html


def test_self_contained(qingdao, tmp_path):
    html = reporting.render_html(check=qingdao, lang="zh", date="2026-12-07")
    assert "<script" not in html and "<link" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert not re.search(r"url\((?!data:|#)", html)  # inline data and references within the page
    assert "@font-face" in html and "data:font/woff;base64," in html
    assert html.count("<svg") >= 1


def test_unwritable_output_leaves_no_file(qingdao, tmp_path):
    with pytest.raises(OSError):
        tj.report(tmp_path / "no-such-dir" / "r.html", check=qingdao)
    (tmp_path / "ro").mkdir()
    os.chmod(tmp_path / "ro", 0o500)
    try:
        if os.access(tmp_path / "ro", os.W_OK):  # root ignores permissions
            pytest.skip("running as root: a read-only directory is writable")
        with pytest.raises(OSError):
            tj.report(tmp_path / "ro" / "r.html", check=qingdao)
        assert list((tmp_path / "ro").iterdir()) == []
    finally:
        os.chmod(tmp_path / "ro", 0o700)


def test_output_that_is_a_directory_is_an_error(qingdao, tmp_path):
    (tmp_path / "r.html").mkdir()
    with pytest.raises(OSError):
        tj.report(tmp_path / "r.html", check=qingdao)
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_html_and_pdf_are_written_together_or_not_at_all(qingdao, tmp_path, monkeypatch):
    # without Chromium: MissingTool names the package and neither file is written or changed
    (tmp_path / "r.html").write_text("previous html", encoding="utf-8")
    monkeypatch.setenv("TIJIAN_CHROMIUM", "no-such-browser-tijian")
    with pytest.raises(reporting.MissingTool, match="apt-get install chromium"):
        tj.report(tmp_path / "r.html", check=qingdao, pdf=tmp_path / "r.pdf")
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == "previous html"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]
    # the browser fails (a program that exits 1): both files stay as they were, no temporary left
    fake = tmp_path / "bin" / "failing-browser"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    (tmp_path / "r.pdf").write_bytes(b"previous pdf")
    monkeypatch.setenv("TIJIAN_CHROMIUM", str(fake))
    with pytest.raises(RuntimeError, match="could not print"):
        tj.report(tmp_path / "r.html", check=qingdao, pdf=tmp_path / "r.pdf")
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == "previous html"
    assert (tmp_path / "r.pdf").read_bytes() == b"previous pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "r.html", "r.pdf"]


def test_missing_font_is_named(qingdao, tmp_path, monkeypatch):
    from tijian.reporting import _assets

    monkeypatch.setenv("TIJIAN_CJK_FONT", str(tmp_path / "none.ttc"))
    _assets.cjk_font.cache_clear()
    try:
        with pytest.warns(UserWarning, match="fonts-noto-cjk"):
            html = reporting.render_html(check=qingdao, lang="zh", date="2026-12-07")
        assert "<section" in html
    finally:
        monkeypatch.delenv("TIJIAN_CJK_FONT")
        _assets.cjk_font.cache_clear()


def test_unknown_input_and_several_units(synthetic):
    with pytest.raises(TypeError, match="unknown report input"):
        reporting.render_html(questionnaire="x.json")
    with pytest.raises(ValueError, match="unit="):
        reporting.render_html(trend=synthetic["trend"])


# --- PDF and the command line -----------------------------------------------------------------
@needs_chromium
def test_pdf_page_count(qingdao, tmp_path):
    tj.report(tmp_path / "r.html", check=qingdao, lang="zh", pdf=tmp_path / "r.pdf")
    data = (tmp_path / "r.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert 3 <= pages <= 40, pages  # cover and contents, summary, 4 dimensions, problems, appendix


@needs_chromium
def test_cli_report(exe, repo, cycle, tmp_path):
    docs = tmp_path / "docs"
    run = subprocess.run([exe, "compare", "-f", "green-city", "-t", str(repo / SYNTHETIC_TARGETS),
                          "-a", f"自检={repo / SYNTHETIC}", "-a", f"第三方={repo / THIRD_PARTY}",
                          "--tolerances", str(repo / TOLERANCES), "--out", str(tmp_path / "compare.json")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    run = subprocess.run([exe, "survey", "-s", str(repo / SURVEY / "survey.toml"), "-d", str(repo / SURVEY / "answers.csv"),
                          "--objective", str(repo / SURVEY / "objective.csv"), "-o", str(tmp_path / "survey.json")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    run = subprocess.run([exe, "report", "-f", "green-city", "-t", str(repo / SYNTHETIC_TARGETS),
                          "-d", str(repo / SYNTHETIC), "--unit", "S07", "--lang", "en", "--uncertainty", "200",
                          "-o", str(tmp_path / "s07.html"), "--pdf", str(tmp_path / "s07.pdf"),
                          "--compare", str(tmp_path / "compare.json"), "--survey", str(tmp_path / "survey.json"),
                          "--ledger", cycle["ledger"].path,
                          "--documents", str(docs), "--assessor", "Team B"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    html = (tmp_path / "s07.html").read_text(encoding="utf-8")
    assert re.findall(r'<section id="([a-z_]+)"', html) == ["cover", "summary", "dimensions", "ranking", "evaluation",
                                                            "problems", "compare", "survey", "ledger", "appendix"]
    assert (tmp_path / "s07.pdf").read_bytes().startswith(b"%PDF")
    # the synthetic panel lacks indicators of the framework: its scores are the composite green-city
    # score, and the uncertainty of its ranks is that of the composite (its framework and recipe)
    assert sorted(p.name for p in docs.iterdir()) == ["check.json", "compare.json", "evaluation.json", "ledger.json",
                                                      "score.json", "survey.json", "trend.json", "uncertainty.json"]
    assert "left out" not in run.stderr
    score = reporting._documents.read(docs / "score.json")
    scores = score.table("scores")
    mine = scores[(scores["unit"] == "S07") & (scores["period"] == scores["period"].max())].iloc[0]
    root = score.table("nodes")["code"].iloc[0]
    assert f"rank {int(mine[root + '_rank'])} of 30" in html
    unc = reporting._documents.read(docs / "uncertainty.json")
    assert unc.fields["node"] == root
    u = unc.table("uncertainty")
    assert len(u) == 30
    assert (u["rank_q05"] <= u["nominal_rank"]).all() and (u["nominal_rank"] <= u["rank_q95"]).all()
    # the nominal ranks of the uncertainty run are the ranks of the scores the report shows
    latest = scores[scores["period"] == scores["period"].max()].set_index("unit")[f"{root}_rank"]
    assert dict(zip(u["unit"], u["nominal_rank"])) == {k: float(v) for k, v in latest.items()}
    # the weights and the aggregation move: some ranks are uncertain
    assert (u["rank_q05"] < u["rank_q95"]).any()
    row = u[u["unit"] == "S07"].iloc[0]
    number = reporting._format.Formatter.number
    assert f"{number(row['rank_q05'], 3)}–{number(row['rank_q95'], 3)}" in html
    assert "up to ±25%" in html


def test_cli_report_bad_input(exe, repo, tmp_path):
    common = [exe, "report", "-f", "green-city", "-t", str(repo / SYNTHETIC_TARGETS), "-d", str(repo / SYNTHETIC)]
    run = subprocess.run([*common, "-o", str(tmp_path / "r.html")], capture_output=True, text=True)
    assert run.returncode == 2 and "--unit" in run.stderr and "S01" in run.stderr
    run = subprocess.run([*common, "--unit", "S07", "-o", str(tmp_path / "r.txt")], capture_output=True, text=True)
    assert run.returncode == 2 and ".html" in run.stderr
    run = subprocess.run([*common, "--unit", "S07", "-o", str(tmp_path / "none" / "r.html")], capture_output=True,
                         text=True)
    # (checked by the core's writer when the report is renamed in, in the report's language: zh by default)
    assert run.returncode == 2 and "不存在" in run.stderr and str(tmp_path / "none") in run.stderr
    assert not (tmp_path / "none").exists()
    run = subprocess.run([*common, "--unit", "S07", "-o", str(tmp_path / "r.html"), "--python", "no-such-python"],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "tijian[report]" in run.stderr



def test_cli_report_and_documents_are_written_together_or_not_at_all(exe, repo, tmp_path):
    # issue 21: the copy into --documents failing (a directory where check.json goes) used to leave
    # the new report in place beside the old documents; now the report, its PDF and the documents
    # are renamed in together, or none of them is
    out, docs = tmp_path / "r.html", tmp_path / "docs"
    out.write_text("the old report", encoding="utf-8")
    (docs / "check.json").mkdir(parents=True)
    (docs / "score.json").write_text("the old scores", encoding="utf-8")
    run = subprocess.run([exe, "report", "-f", "green-city", "-t", str(repo / SYNTHETIC_TARGETS), "-d",
                          str(repo / SYNTHETIC), "--unit", "S07", "--lang", "en", "-q", "-o", str(out),
                          "--documents", str(docs)], capture_output=True, text=True)
    assert run.returncode == 2, run.stderr
    assert "[tijian.io.write]" in run.stderr and str(docs / "check.json") in run.stderr
    assert out.read_text(encoding="utf-8") == "the old report"
    assert (docs / "score.json").read_text(encoding="utf-8") == "the old scores"
    assert sorted(p.name for p in docs.iterdir()) == ["check.json", "score.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "r.html"]  # no temporary left behind
    # once the obstacle is gone, every file is new
    (docs / "check.json").rmdir()
    run = subprocess.run(run.args, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (docs / "score.json").read_text(encoding="utf-8").startswith("{")
    assert {"check.json", "score.json"} <= {p.name for p in docs.iterdir()}

def test_rounding_noise_is_shown_as_zero():
    # a difference that is 0 in exact arithmetic (the mean of +x and -x in floating point) is not
    # printed as 2.4e-16; a small value of the same size as the column's others is kept
    from tijian.reporting._format import Formatter

    desc = {"type": "real", "label_zh": "偏差", "label_en": "Bias", "unit_zh": "分", "unit_en": "points",
            "unit_column": None, "written_in": None}
    noise = (0.1 + 0.2) - 0.3  # 5.55e-17
    df = pd.DataFrame({"bias": [0.75, noise, 1e-4]})
    df.attrs["columns"] = {"bias": desc}
    table = Formatter("zh").table(df, constants=False)
    cells = [str(r[0]) for r in table.rows]
    assert cells == ["0.75", "0", "0.0001"]


def test_documents_read_back_keep_the_language_of_each_column(tmp_path):
    # a check written as JSON and read back (what `tijian report` renders from) still knows that
    # name_zh is Chinese and name_en English, so the Chinese report shows Chinese names, not codes
    from tijian.reporting import _documents

    check = tj.check(pd.read_csv(QINGDAO, comment="#"), "green-city", targets="qingdao-2022")
    path = tmp_path / "check.json"
    check.to_json(path)
    status = _documents.read(path).table("status")
    assert status.attrs["columns"]["name_zh"]["written_in"] == "zh"
    assert status.attrs["columns"]["name_en"]["written_in"] == "en"


def test_chinese_check_table_has_no_english_comparator(tmp_path):
    # Qingdao's "done" targets (work done against a total) are written 累计完成, not "done"
    from tijian.reporting import _documents

    check = tj.check(pd.read_csv(QINGDAO, comment="#"), "green-city", targets="qingdao-2022")
    path = tmp_path / "check.json"
    check.to_json(path)
    out = tj.report(tmp_path / "r.html", check=_documents.read(path), lang="zh")
    html = Path(out).read_text(encoding="utf-8")
    assert "累计完成 76 条" in html and ">done " not in html and "done 76" not in html
