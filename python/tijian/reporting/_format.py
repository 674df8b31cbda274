# SPDX-License-Identifier: MIT
"""Any described table as HTML in one language: the generic writer of the report.

It reads only the description the core attached to the DataFrame (``attrs["columns"]``): the
header is the column's label in the report's language with its unit in brackets, categorical
cells are the category's label in that language, booleans 是/否 or yes/no, and a value whose
unit is given per row (``unit_column``) carries that unit, written through the core's table of
units. Ratios (unit "ratio" / 比值: 1 = 100 %) are shown in percent. It lists no column of any
result; what it leaves out follows from the description:

- the other language's one-language columns (``written_in``);
- the text columns that only give other columns' units (shown in those cells instead);
- columns with no value in any row;
- positional references to rows of other tables (names ending in ``_index`` or ``_row``);
- with ``constants``, columns holding one value in every row: shown once above the table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from .. import _core

__all__ = ["Formatter", "HtmlTable"]

_YES = {"zh": ("是", "否"), "en": ("yes", "no")}
RATIO_EN = "ratio"


@dataclass
class HtmlTable:
    caption: str
    constants: list[tuple[str, Markup]]
    header: list[str]
    rows: list[list[Markup]]
    name: str
    columns: list[str] = field(default_factory=list)  # the name of each shown column (for styling)

    def __bool__(self) -> bool:
        return bool(self.rows)


def _missing(v: Any) -> bool:
    if v is None:
        return True
    try:
        return bool(v != v)  # NaN, pd.NA raises TypeError
    except TypeError:
        return True


def _without_noise(values: list[Any]) -> list[Any]:
    """A column's values with rounding noise shown as 0: a value 1e12 times smaller than the
    column's largest (a bias of 2.4e-16 % that is 0 in exact arithmetic) is below what six
    significant digits of that column can say, and printed as 2.4e-16 it looks like a finding."""
    finite = [abs(float(v)) for v in values if not _missing(v) and math.isfinite(float(v))]
    if not finite:
        return values
    floor = max(finite) * 1e-12
    return [0.0 if not _missing(v) and abs(float(v)) < floor else v for v in values]


class Formatter:
    """Numbers, units, labels and tables in one language."""

    def __init__(self, lang: str) -> None:
        if lang not in ("zh", "en"):
            raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
        self.lang = lang
        self._units: dict[str, str] = {}

    # --- single values -----------------------------------------------------------------------
    def unit(self, spelling: Any) -> str:
        """How the report's language writes a unit spelling (units.hpp)."""
        if _missing(spelling) or spelling == "":
            return ""
        s = str(spelling)
        if s not in self._units:
            self._units[s] = str(_core.unit_label(s, self.lang))
        return self._units[s]

    @staticmethod
    def number(v: Any, digits: int = 6) -> str:
        """Up to ``digits`` significant digits, no thousands separators (years are numbers too);
        '-' when missing."""
        if _missing(v):
            return "-"
        x = float(v)
        if not math.isfinite(x):
            return "-"
        if x == int(x) and abs(x) < 1e15:
            return str(int(x))
        text = format(x, f".{digits}g")
        if "e" in text and abs(x) >= 1:  # 1e+06: plain digits read better in a report (1.2e-31 stays short)
            text = format(x, f".{max(0, digits - 1 - int(math.floor(math.log10(abs(x)))))}f")
        return text

    def with_unit(self, v: Any, unit: str, digits: int = 6) -> str:
        """A number followed by its unit ('-' without one when missing); ratios in percent."""
        if _missing(v):
            return "-"
        if unit == self._ratio_label():
            return self.number(float(v) * 100.0, 4) + "%"
        text = self.number(v, digits)
        if not unit:
            return text
        return text + unit if unit == "%" else f"{text} {unit}"

    def _ratio_label(self) -> str:
        return "比值" if self.lang == "zh" else RATIO_EN

    def label(self, desc: dict[str, Any]) -> str:
        return str(desc["label_zh"] if self.lang == "zh" else desc["label_en"])

    def fixed_unit(self, desc: dict[str, Any]) -> str:
        return str(desc["unit_zh"] if self.lang == "zh" else desc["unit_en"])

    def header(self, desc: dict[str, Any]) -> str:
        unit = self.fixed_unit(desc)
        if not unit:
            return self.label(desc)
        unit = "%" if unit == self._ratio_label() else unit
        return f"{self.label(desc)}（{unit}）" if self.lang == "zh" else f"{self.label(desc)} ({unit})"

    def category(self, desc: dict[str, Any], code: Any) -> str:
        for c, zh, en in desc.get("categories", []):
            if c == code:
                return zh if self.lang == "zh" else en
        return str(code)

    def cell(self, desc: dict[str, Any], value: Any, row_unit: Any = None) -> Markup:
        """One cell as HTML: categorical cells carry a class ``cat cat-<code>`` for styling."""
        kind = desc["type"]
        if _missing(value):
            return Markup("")
        if kind == "categorical":
            return Markup('<span class="cat cat-{}">{}</span>').format(value, self.category(desc, value))
        if kind == "boolean":
            yes, no = _YES[self.lang]
            return escape(yes if bool(value) else no)
        if kind in ("real", "integer"):
            unit = self.fixed_unit(desc)
            if unit == self._ratio_label():  # fixed units are in the header; ratios in percent
                return escape(self.number(float(value) * 100.0, 4))
            if unit:
                return escape(self.number(value))
            return escape(self.with_unit(value, self.unit(row_unit)))
        return escape(str(value))

    # --- tables ------------------------------------------------------------------------------
    def table(self, df: Any, *, caption: str | None = None, constants: bool = True,
              max_rows: int | None = None, relabel: dict[str, dict[str, str]] | None = None,
              columns: list[str] | None = None) -> HtmlTable:
        """The HTML of a described DataFrame (see the module docstring for what is left out).
        ``relabel`` maps a text column to {code: label} (indicator and dimension codes shown by
        their names in the report's language); ``columns`` keeps only those columns, in that
        order (a narrow table of a wide result; the rules above still apply)."""
        cols: dict[str, dict[str, Any]] = df.attrs.get("columns", {})
        meta = df.attrs.get("table", {})
        cap = caption if caption is not None else str(meta.get("label_zh" if self.lang == "zh" else "label_en", ""))
        unit_columns = {d.get("unit_column") for d in cols.values() if d.get("unit_column")}
        shown: list[str] = []
        consts: list[tuple[str, Markup]] = []
        frame = df if max_rows is None else df.head(max_rows)
        data = {name: frame[name].tolist() for name in frame.columns}  # plain lists: no attrs copies per cell
        for name, labels in (relabel or {}).items():
            if name in data:
                data[name] = [labels.get(v, v) if isinstance(v, str) else v for v in data[name]]
        order = cols.items() if columns is None else [(n, cols[n]) for n in columns if n in cols]
        for name, d in order:
            if d.get("written_in") not in (None, self.lang) or name in unit_columns:
                continue
            if name.endswith(("_index", "_row")):
                continue
            values = data[name]
            present = [not _missing(v) for v in values]
            if not any(present):
                continue
            if (constants and len(values) > 1 and all(present) and len(set(map(str, values))) == 1
                    and not d.get("unit_column")):
                consts.append((self.header(d), self.cell(d, values[0])))
                continue
            shown.append(name)
        for n in shown:
            if cols[n]["type"] == "real":
                data[n] = _without_noise(data[n])
        rows = []
        for i in range(len(frame)):
            rows.append([self.cell(cols[n], data[n][i], data[cols[n]["unit_column"]][i] if cols[n].get("unit_column") else None)
                         for n in shown])
        return HtmlTable(cap, consts, [self.header(cols[n]) for n in shown], rows, str(meta.get("name", "")), shown)
