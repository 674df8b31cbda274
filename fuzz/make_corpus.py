#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds the seed corpus of the fuzz harnesses (fuzz/) from the project's own files.

    python3 fuzz/make_corpus.py OUT_DIR [--shared-data DIR]

OUT_DIR/<harness>/ gets one file per seed, named by the SHA-1 of its bytes (libFuzzer's
convention, so reruns add nothing twice), and OUT_DIR/<harness>.dict the harness's dictionary:
the hand-written tokens of fuzz/dict/ plus, for the TOML readers, every key and table header
the seed files use. Seeds:
  panel_csv, text_grid  every CSV of examples/ and tests/data/ (and of the shared reference data,
                        when present), cut to their first lines (4 KiB) so that runs stay fast
  imeta                 the iMeta tables of the shared data (COINr's ASEM) plus those CSVs
  framework_toml, recipe_toml, targets_toml
                        every TOML of examples/, presets/ and tests/data/ (each reader meets the
                        others' files too: wrong-document errors are a path worth covering)
  xlsx                  small workbooks written here with openpyxl from example CSVs (numbers,
                        text, a date, a formula with its cached value, two sheets); skipped with a
                        note when openpyxl is missing
Nothing is copied by hand: rerun after adding examples.
"""

import argparse
import hashlib
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_BYTES = 4096
TOML_HARNESSES = ("framework_toml", "recipe_toml", "targets_toml")


def head(data: bytes, limit: int = SEED_BYTES) -> bytes:
    """The first whole lines of a file within `limit` bytes (all of it if it is smaller)."""
    if len(data) <= limit:
        return data
    cut = data.rfind(b"\n", 0, limit)
    return data[: cut + 1] if cut > 0 else data[:limit]


def add(out: Path, harness: str, data: bytes) -> None:
    folder = out / harness
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def files(*patterns: str, base: Path = ROOT) -> list:
    found = set()
    for pattern in patterns:
        found.update(p for p in base.glob(pattern) if p.is_file())
    return sorted(found)


DICT_FILE = {"panel_csv": "csv", "text_grid": "csv", "imeta": "imeta", "xlsx": "xlsx",
             "framework_toml": "toml", "recipe_toml": "toml", "targets_toml": "toml"}


def dict_entry(token: str) -> str:
    """A libFuzzer dictionary entry: printable ASCII as it is, other bytes as \\xHH."""
    body = "".join(chr(b) if 32 <= b < 127 and chr(b) not in '"\\' else "\\x%02x" % b for b in token.encode("utf-8"))
    return '"%s"' % body


def write_dict(out: Path, harness: str, tokens) -> None:
    base = ROOT / "fuzz" / "dict" / (DICT_FILE[harness] + ".dict")
    lines = base.read_text(encoding="utf-8").splitlines() if base.exists() else []
    seen = {line.strip() for line in lines}
    for token in sorted(tokens):
        entry = dict_entry(token)
        if entry not in seen:
            seen.add(entry)
            lines.append(entry)
    (out / (harness + ".dict")).write_text("\n".join(lines) + "\n", encoding="utf-8")


def workbooks():
    """Small .xlsx files (bytes) made from the example CSVs; [] without openpyxl."""
    try:
        import datetime

        import openpyxl
    except ImportError:
        print("make_corpus: openpyxl missing, no xlsx seeds", file=sys.stderr)
        return []
    books = []
    for csv_path in files("examples/green-city/*reported.csv", "examples/national-check/*.csv")[:4]:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = csv_path.stem[:31]
        for line in head(csv_path.read_bytes(), 1500).decode("utf-8-sig").splitlines():
            cells = []
            for cell in line.split(","):
                try:
                    cells.append(float(cell))
                except ValueError:
                    cells.append(cell)
            ws.append(cells)
        books.append(wb)
    wb = openpyxl.Workbook()  # the cell kinds of io/xlsx.hpp in one workbook, two sheets
    ws = wb.active
    ws.title = "data"
    ws.append(["uCode", "Time", "x", "y"])
    ws.append(["A", 2023, 1.5, 0.25])
    ws.append(["B", 2023, "=1+2", True])
    ws["D3"].number_format = "0%"
    ws.append(["C", datetime.date(2024, 5, 1), None, "NA"])
    wb.create_sheet("二").append(["代码", "名称"])
    books.append(wb)
    out = []
    for book in books:
        buffer = io.BytesIO()
        book.save(buffer)
        out.append(buffer.getvalue())
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--shared-data", type=Path, default=None,
                        help="the reference data sets (default: ../shared/data or /work/shared/data)")
    args = parser.parse_args()
    shared = args.shared_data
    if shared is None:
        shared = next((p for p in (ROOT.parent / "shared" / "data", Path("/work/shared/data")) if p.is_dir()), None)
    out = args.out

    csvs = files("examples/**/*.csv", "tests/data/**/*.csv")
    shared_csvs = files("*/*.csv", base=shared) if shared else []
    for path in csvs + shared_csvs:
        data = head(path.read_bytes())
        add(out, "panel_csv", data)
        add(out, "text_grid", data)
        add(out, "imeta", data)
    for path in (p for p in shared_csvs if "imeta" in p.name.lower() or "weights" in p.name.lower()):
        add(out, "imeta", head(path.read_bytes(), 16384))

    toml_tokens = set()
    for path in files("examples/**/*.toml", "presets/**/*.toml", "tests/data/**/*.toml"):
        data = path.read_bytes()
        for harness in TOML_HARNESSES:
            add(out, harness, data)
        text = data.decode("utf-8", "replace")
        toml_tokens.update(re.findall(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=", text, flags=re.M))
        toml_tokens.update(re.findall(r"^\s*(\[\[?[^\]]+\]\]?)", text, flags=re.M))
        toml_tokens.update(re.findall(r'=\s*"([A-Za-z_>=<]{1,20})"', text))
    for harness in TOML_HARNESSES:
        write_dict(out, harness, toml_tokens)

    for data in workbooks():
        add(out, "xlsx", data)

    for harness in ("panel_csv", "text_grid", "imeta", "xlsx"):
        write_dict(out, harness, ())
    for folder in sorted(p for p in out.iterdir() if p.is_dir()):
        print("make_corpus: %-15s %3d seeds" % (folder.name, sum(1 for _ in folder.iterdir())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
