# SPDX-License-Identifier: MIT
"""Excel workbooks in and out (issue 18, "Excel"), with openpyxl as the independent peer.

Reading: workbooks written by openpyxl (inline strings, numbers, Chinese, blanks, sparse cells,
several sheets, a date, a formula whose cached value is added as Excel would save it) and a
workbook assembled part by part from the ECMA-376 XML (shared strings with rich-text runs and a
phonetic guide, prefixed element names, cells without references, the 1904 date system, error
and string-formula cells) are read through the core and compared with what openpyxl reads from
the same file. Writing: what the core writes is read back with openpyxl and compared with the
CSV of the same document. The check of the seed example from a workbook equals the check from
its CSV file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pytest

import tijian as tj
from tijian import _core

openpyxl = pytest.importorskip("openpyxl")

SEED_CSV = Path(__file__).resolve().parents[2] / "examples" / "green-city" / "qingdao-2021-reported.csv"


def _shortest(x: float) -> str:
    """Python's repr of a float is the shortest text that reads back to it, as the core's."""
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(float(x))


def _add_cached_value(path: Path, sheet_xml: str, formula: str, value: str) -> None:
    """Give a formula the cached value Excel saves with it (openpyxl writes none)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts[sheet_xml].decode()
    old = f"<f>{formula}</f><v />"
    assert old in xml
    parts[sheet_xml] = xml.replace(old, f"<f>{formula}</f><v>{value}</v>").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "cities.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "说明"
    ws["A1"] = "# 这一页不是数据"
    data = wb.create_sheet("数据")
    data.append(["uCode", "城市", "Time", "province_group", "PM25", "green_share", "surveyed"])
    data.append(["S01", "青岛市", 2021, "山东", 30, 0.1, dt.date(2024, 5, 1)])
    data.append(["S02", "济南市", 2021, "山东", 41.5, None, True])
    data.append([None] * 7)  # a blank row in the middle
    data.append(["S03", "石嘴山市", 2021, "宁夏", 1234567.25, 1e-7, None])
    data["F3"] = "=F2*2"  # S02's share: a formula, cached below
    # a sparse cell far right of the header: no column for it, except that it is blank here
    wb.create_sheet("空")
    wb.save(path)
    _add_cached_value(path, "xl/worksheets/sheet2.xml", "F2*2", "0.2")
    return path


def test_cells_are_read_as_openpyxl_reads_them(book: Path):
    s = _core.read_xlsx_sheet(str(book), "数据")
    assert s["name"] == "数据"
    assert s["sheets"] == ["说明", "数据", "空"]
    rows = dict(s["rows"])
    assert sorted(rows) == [1, 2, 3, 5]  # the blank row 4 holds no cell
    ref = openpyxl.load_workbook(book, data_only=True)["数据"]
    for r, cells in rows.items():
        for c, text in enumerate(cells, start=1):
            v = ref.cell(r, c).value
            if v is None:
                assert text == ""
            elif isinstance(v, bool):
                assert text == ("TRUE" if v else "FALSE")
            elif isinstance(v, dt.datetime):  # openpyxl reads date-formatted cells as datetimes
                assert text == v.date().isoformat()
            elif isinstance(v, (int, float)):
                assert text == _shortest(v)
            else:
                assert text == v
    assert rows[2][6] == "2024-05-01"
    assert rows[3][5] == "0.2"  # the formula's cached value
    assert rows[5][4:6] == ["1234567.25", "1e-07"]


def test_first_sheet_by_default(book: Path):
    s = _core.read_xlsx_sheet(str(book))
    assert s["name"] == "说明"
    assert s["rows"] == [(1, ["# 这一页不是数据"])]


def _part_book(path: Path) -> None:
    """A workbook written part by part (ECMA-376 Part 1, 18.2 workbook, 18.3 worksheets, 18.4
    shared strings, 18.8 styles): what Excel itself writes and openpyxl does not."""
    ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<x:workbook {ns} xmlns:r="{rel}"><x:workbookPr date1904="1"/><x:sheets>'
        '<x:sheet name="问题清单" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="/xl/sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{rel}/styles" Target="styles.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<x:sst {ns} count="4" uniqueCount="4">'
        "<x:si><x:t>城市</x:t></x:si>"
        "<x:si><x:r><x:t>责任</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>单位</x:t></x:r>"
        "<x:rPh sb=\"0\" eb=\"2\"><x:t>ぜきにん</x:t></x:rPh></x:si>"
        "<x:si><x:t xml:space=\"preserve\">青岛 </x:t></x:si>"
        "<x:si><x:t>住建局</x:t></x:si></x:sst>",
        "xl/styles.xml": f'<x:styleSheet {ns}><x:numFmts count="1"><x:numFmt numFmtId="164" '
        'formatCode="[$-804]yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></x:numFmts>'
        '<x:cellXfs count="4"><x:xf numFmtId="0"/><x:xf numFmtId="164"/><x:xf numFmtId="10"/>'
        '<x:xf numFmtId="20"/></x:cellXfs></x:styleSheet>',
        # row 1: header from shared strings; row 3: cells without references, placed in order;
        # row 7 (given) and a cell at E7 skipping C and D
        "xl/worksheets/sheet1.xml": f"<x:worksheet {ns}><x:sheetData>"
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>'
        '<x:c r="C1" t="inlineStr"><x:is><x:t>日期</x:t></x:is></x:c></x:row>'
        "<x:row><x:c t=\"s\"><x:v>2</x:v></x:c><x:c t=\"s\"><x:v>3</x:v></x:c><x:c s=\"1\"><x:v>43585</x:v></x:c>"
        '<x:c s="2"><x:v>0.125</x:v></x:c><x:c s="3"><x:v>0.5</x:v></x:c></x:row>'
        '<x:row r="7"><x:c r="A7" t="str"><x:f>A2&amp;"市"</x:f><x:v>青岛 市</x:v></x:c>'
        '<x:c r="B7" t="e"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c>'
        '<x:c r="E7" t="b"><x:v>0</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)


def test_parts_excel_writes(tmp_path: Path):
    path = tmp_path / "parts.xlsx"
    _part_book(path)
    s = _core.read_xlsx_sheet(str(path))
    assert s["name"] == "问题清单"
    rows = dict(s["rows"])
    assert rows[1] == ["城市", "责任单位", "日期"]  # runs joined, the phonetic guide left out
    # 1904 system: serial 43585 is 2023-05-01 (1904-01-01 + 43585 days; 45047 in the 1900 system);
    # 0.125 with a percent format stays the stored ratio; 0.5 as time is 12:00:00
    assert rows[2] == ["青岛 ", "住建局", "2023-05-01", "0.125", "12:00:00"]
    assert rows[7] == ["青岛 市", "#DIV/0!", "", "", "FALSE"]


def test_panel_from_xlsx_equals_panel_from_csv(book: Path, tmp_path: Path):
    ws = openpyxl.load_workbook(book, data_only=True)["数据"]
    path = tmp_path / "same.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        for row in ws.iter_rows(values_only=True):
            if all(v is None for v in row):
                continue
            w.writerow(["" if v is None else "true" if v is True else v.date().isoformat()
                        if isinstance(v, dt.datetime) else v for v in row])
    # the date and boolean column is text: refused as an indicator, with its place
    with pytest.raises(tj.DataError) as e:
        tj.read_data(book, sheet="数据")
    assert e.value.id == "data.not_a_number"
    assert "sheet '数据', row 2, column G (surveyed)" in str(e.value)
    assert e.value.location["sheet"] == "数据"
    assert e.value.location["line"] == 2 and e.value.location["column"] == 7
    # without the text column both readers give the same panel
    wb = openpyxl.load_workbook(book)
    wb["数据"].delete_cols(7)
    wb.save(tmp_path / "numbers.xlsx")
    _add_cached_value(tmp_path / "numbers.xlsx", "xl/worksheets/sheet2.xml", "F2*2", "0.2")
    with open(path, encoding="utf-8") as f:
        rows = list(csv.reader(f))
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([r[:6] for r in rows])
    x = tj.read_data(tmp_path / "numbers.xlsx", sheet="数据")
    c = tj.read_data(path)
    assert list(x.columns) == ["unit", "name", "period", "province_group", "PM25", "green_share"]
    assert x.equals(c)
    assert x["period"].tolist() == [2021, 2021, 2021]
    np.testing.assert_array_equal(x["PM25"], [30, 41.5, 1234567.25])
    np.testing.assert_array_equal(x["green_share"], [0.1, 0.2, 1e-7])


def test_text_numbers_follow_the_csv_rules(tmp_path: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["unit", "PM25"])
    ws.append(["S01", "1,234"])  # a text cell
    ws.append(["S02", 12])
    wb.save(tmp_path / "t.xlsx")
    with pytest.raises(tj.DataError) as e:
        tj.read_data(tmp_path / "t.xlsx")
    assert e.value.id == "data.not_a_number" and "thousands" in str(e.value)
    assert "row 2, column B (PM25)" in str(e.value)
    assert tj.read_data(tmp_path / "t.xlsx", numbers="lenient")["PM25"].tolist() == [1234.0, 12.0]


def test_bad_workbooks(book: Path, tmp_path: Path):
    with pytest.raises(tj.DataError) as e:
        tj.read_data(book, sheet="2023")
    assert e.value.id == "data.missing_sheet" and "'说明', '数据', '空'" in str(e.value)

    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(book.read_bytes()[:-200])
    with pytest.raises(tj.DataError) as e:
        tj.read_data(damaged)
    assert e.value.id == "data.xlsx_damaged" and "damaged.xlsx" in str(e.value)

    not_zip = tmp_path / "text.xlsx"
    not_zip.write_text("uCode,PM25\nS01,3\n")
    with pytest.raises(tj.DataError) as e:
        tj.read_data(not_zip)
    assert e.value.id == "data.xlsx_damaged"

    # an Excel 97-2003 file renamed: an OLE compound file (MS-CFB header signature)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 512
    (tmp_path / "old.xlsx").write_bytes(ole)
    (tmp_path / "old.xls").write_bytes(ole)
    for name in ("old.xlsx", "old.xls"):
        with pytest.raises(tj.DataError) as e:
            tj.read_data(tmp_path / name)
        assert e.value.id == "data.xls" and ".xls" in str(e.value)
    # a password-protected workbook: the same container holding an EncryptedPackage stream
    (tmp_path / "secret.xlsx").write_bytes(ole + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(tj.DataError) as e:
        tj.read_data(tmp_path / "secret.xlsx")
    assert e.value.id == "data.xlsx_encrypted" and "password" in str(e.value)

    wb = openpyxl.Workbook()
    wb.active["A1"] = "unit"
    wb.active["B1"] = "PM25"
    wb.active["A2"] = "S01"
    wb.active["B2"] = "=1+1"  # never calculated
    wb.save(tmp_path / "formula.xlsx")
    with pytest.raises(tj.DataError) as e:
        tj.read_data(tmp_path / "formula.xlsx")
    assert e.value.id == "data.xlsx_formula" and "row 2, column B" in str(e.value)


def _seed_xlsx(path: Path) -> None:
    """The seed example's CSV as a workbook: comment lines in column A, numbers as numbers."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "青岛"
    for line in SEED_CSV.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            ws.append([line])
            continue
        row = next(csv.reader([line]))
        ws.append([float(v) if v.replace(".", "", 1).isdigit() and ws.max_row > 1 else v for v in row])
    wb.save(path)


def _without_source(doc: dict) -> dict:
    prov = doc.get("provenance", {})
    for key in ("data_source", "data_file"):
        prov.pop(key, None)
    return doc


def test_check_of_the_seed_example_from_xlsx_equals_from_csv(exe: str, tmp_path: Path):
    book = tmp_path / "qingdao.xlsx"
    _seed_xlsx(book)
    outs = {}
    for name, data in (("csv", SEED_CSV), ("xlsx", book)):
        out = tmp_path / f"check-{name}.json"
        proc = subprocess.run([exe, "check", "-f", "green-city", "-t", "qingdao-2022", "--data", str(data),
                               "--out", str(out), "-q"], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        outs[name] = _without_source(json.loads(out.read_text(encoding="utf-8")))
    assert outs["xlsx"] == outs["csv"]
    # the Python API takes the path too
    py = tj.check(book, targets="qingdao-2022")
    assert py.status.equals(tj.check(SEED_CSV, targets="qingdao-2022").status)


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _same_cells(got: list[list[str]], want: list[list[str]]) -> None:
    """Cell by cell; numbers to 16 significant digits, what libxlsxwriter writes (Excel shows 15)."""
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert len(g) == len(w)
        for a, b in zip(g, w):
            try:
                fa, fb = float(a), float(b)
            except ValueError:
                assert a == b
                continue
            assert fa == pytest.approx(fb, rel=1e-15, abs=0), (a, b)


def _sheet_rows(ws, skip: int) -> list[list[str]]:
    out = []
    for row in ws.iter_rows(min_row=skip + 1, values_only=True):
        out.append(["" if v is None else ("true" if v else "false") if isinstance(v, bool)
                    else _shortest(v) if isinstance(v, (int, float)) else v for v in row])
    return out


@pytest.mark.parametrize("headers,lang", [("labels", "zh"), ("labels", "en"), ("codes", "en")])
def test_written_workbook_matches_the_csv(headers: str, lang: str, tmp_path: Path):
    res = tj.check(SEED_CSV, targets="qingdao-2022", composite=True)
    path = tmp_path / "check.xlsx"
    res.to_excel(path, headers=headers, lang=lang)
    texts = res.to_csv(headers=headers, lang=lang)
    wb = openpyxl.load_workbook(path)
    assert len(wb.sheetnames) == len(texts)
    tables = res._core.document(res._composite._core).tables()
    seen: list[str] = []
    for ws, (name, text) in zip(wb.worksheets, texts.items()):
        table = tables[name]
        title = (name if headers == "codes" else table["label_" + lang] or name)[:31]
        n = 2
        while title.lower() in seen:  # two tables with one label: the second gets " (2)"
            title = f"{title[:27]} ({n})"
            n += 1
        seen.append(title.lower())
        assert ws.title == title
        want = _csv_rows(text)
        if headers == "labels":
            assert ws.freeze_panes == "A3"
            head = [c.value or "" for c in ws[1]]
            units = [c.value or "" for c in ws[2]]
            sep = "(" if lang == "zh" else " ("
            assert [h + (sep + u + ")" if u else "") for h, u in zip(head, units)] == want[0]
            got = _sheet_rows(ws, 2)
        else:
            assert ws.freeze_panes == "A2"
            got = _sheet_rows(ws, 1)
            assert [c.value for c in ws[1]] == want[0]
        _same_cells(got, want[1:])
    # numbers are numbers
    status = wb.worksheets[0]
    assert any(isinstance(c.value, float) for row in status.iter_rows(min_row=3) for c in row)
    if lang == "zh":  # Chinese output entirely Chinese: every sheet name and header
        for ws in wb.worksheets:
            assert not any(ch.isascii() and ch.isalpha() for ch in ws.title), ws.title


def test_written_numbers_equal_the_json(tmp_path: Path):
    res = tj.check(SEED_CSV, targets="qingdao-2022")
    path = tmp_path / "codes.xlsx"
    res.to_excel(path, headers="codes")
    doc = json.loads(res.to_json())
    ws = openpyxl.load_workbook(path)["status"]
    head = [c.value for c in ws[1]]
    for row, want in zip(ws.iter_rows(min_row=2, values_only=True), doc["status"]):
        for k, v in zip(head, row):
            if k in want:  # an empty text is an empty cell in Excel
                w = None if want[k] == "" else want[k]
                assert v == pytest.approx(w, rel=1e-15) if isinstance(w, float) else v == w, k


def test_cli_out_xlsx_for_every_command(exe: str, tmp_path: Path, green_city):
    _, framework, recipe = green_city
    data = Path(framework).parent / "data-synthetic.csv"
    runs = {
        "score": ["score", "-f", str(framework), "-d", str(data), "-r", str(recipe)],
        "stats": ["stats", "-f", str(framework), "-d", str(data)],
        "check": ["check", "-f", "green-city", "-t", "qingdao-2022", "-d", str(SEED_CSV)],
        "uncertainty": ["uncertainty", "-f", str(framework), "-d", str(data), "-r", str(recipe), "-n", "20",
                        "--period", "2024"],
    }
    for name, args in runs.items():
        out = tmp_path / f"{name}.xlsx"
        proc = subprocess.run([exe, *args, "--out", str(out), "-q"], capture_output=True, text=True)
        assert proc.returncode == 0, (name, proc.stderr)
        wb = openpyxl.load_workbook(out)
        assert wb.sheetnames, name
        assert not list(tmp_path.glob(f".{name}.xlsx.tmp-*"))
    proc = subprocess.run([exe, *runs["check"], "--out", str(tmp_path / "x.txt")], capture_output=True, text=True)
    assert proc.returncode == 2 and "io.out_extension" in proc.stderr


def test_result_to_excel(green_city, tmp_path: Path):
    data, framework, recipe = green_city
    res = tj.score(data, framework, recipe)
    res.to_excel(tmp_path / "r.xlsx", lang="zh")
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert len(wb.sheetnames) == len(res._core.tables())
    assert len(set(n.lower() for n in wb.sheetnames)) == len(wb.sheetnames)
    assert all(len(n) <= 31 for n in wb.sheetnames)


def test_unwritable_path_leaves_nothing(tmp_path: Path):
    res = tj.check(SEED_CSV, targets="qingdao-2022")
    with pytest.raises(tj.TijianError) as e:
        res.to_excel(tmp_path / "missing-dir" / "x.xlsx")
    assert e.value.id == "io.write"
    assert list(tmp_path.iterdir()) == []


def test_trend_evaluate_and_stats_to_excel(green_city, tmp_path: Path):
    data, framework, recipe = green_city
    panel = Path(__file__).resolve().parents[2] / "examples" / "green-city" / "panel-synthetic.csv"
    frame = tj.read_data(panel)
    tr = tj.trend(frame, "green-city", "qingdao-2022")
    tr.to_excel(tmp_path / "trend.xlsx", lang="en")
    assert len(openpyxl.load_workbook(tmp_path / "trend.xlsx").sheetnames) >= 3
    ev = tj.evaluate(frame, "green-city", "qingdao-2022")
    ev.to_excel(tmp_path / "evaluate.xlsx", headers="codes")
    assert openpyxl.load_workbook(tmp_path / "evaluate.xlsx").sheetnames == ["evaluation", "evaluation_dimensions"]
    st = tj.stats(data, framework, recipe)
    st.to_excel(tmp_path / "stats.xlsx", headers="codes")
    ws = openpyxl.load_workbook(tmp_path / "stats.xlsx")["indicators"]
    assert ws.max_row == len(st.indicators) + 1  # one header row of codes, then the rows
