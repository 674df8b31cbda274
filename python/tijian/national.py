# SPDX-License-Identifier: MIT
"""The national basic indicator system of the city health check (城市体检基础指标体系, 2025):
``tj.national_framework()``, the basic check on a unit hierarchy ``tj.national_check(units,
values)`` and the official grading ``tj.grade(grades, ...)``.

Computed in C++ (``tijian/national.hpp``, ``national_check.hpp``, ``national_grade.hpp``); the
tables are the core's descriptions (``national_tables.hpp``) turned into DataFrames by the
generic ``_tables.frame``. The same computations as ``tijian national show``, ``tijian national
check`` and ``tijian grade``.

Table arguments are a path (CSV; read by the core) or a DataFrame, whose cells are handed to the
core as text and validated there exactly as a file's would be.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import _core, _tables
from ._errors import argument_type

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["national_framework", "national_check", "grade", "NationalResult"]


class NationalResult:
    """The tables of a national-system call as DataFrames, by name (``result.grades``,
    ``result.overall``, ``result.problems``, ...; ``result.tables`` lists them), and the
    document's fields (``result.fields``). ``df.attrs["columns"]`` describes every column: type,
    zh/en labels, unit."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.fields: dict[str, Any] = dict(raw.get("fields", {}))
        self._frames = {name: _tables.frame(t) for name, t in raw.items()
                        if isinstance(t, dict) and "columns" in t}
        self._document = raw.get("document")  # the core's description (_core.Document), for to_excel

    @property
    def tables(self) -> list[str]:
        return list(self._frames)

    def to_excel(self, path: str | os.PathLike[str], *, lang: str = "zh", headers: str = "labels") -> None:
        """Every table as one sheet each of an .xlsx workbook, written atomically by the core as
        the command line's ``--out x.xlsx`` does. ``headers="labels"`` (default): headers,
        categories and sheet names in ``lang`` ("zh" or "en") with a row of units under the
        header; ``"codes"``: the ASCII names and codes. Numbers are numbers, missing cells empty."""
        _tables.write_excel(self._document, path, headers=headers, lang=lang)

    def __getattr__(self, name: str) -> pd.DataFrame:
        frames = self.__dict__.get("_frames", {})
        if name in frames:
            return frames[name]
        raise AttributeError(f"no table {name!r}; tables: {', '.join(frames)}")

    def __repr__(self) -> str:
        return f"NationalResult({', '.join(f'{k}: {len(v)} rows' for k, v in self._frames.items())})"


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):  # numpy floats too; 30.0 -> "30" so that an indicator number reads back
        return "" if math.isnan(v) else str(int(v)) if v.is_integer() else repr(float(v))
    try:
        import pandas as pd

        if v is pd.NA or v is pd.NaT:
            return ""
    except ImportError:  # pragma: no cover
        pass
    return str(v)


def _table(arg: Any, what: str) -> Any:
    """A path as str, or a DataFrame as (source, header, rows) of text cells for the core."""
    if isinstance(arg, (str, os.PathLike)):
        return os.fspath(arg)
    if hasattr(arg, "columns") and hasattr(arg, "itertuples"):
        header = [str(c) for c in arg.columns]
        rows = [[_cell(v) for v in row] for row in arg.itertuples(index=False, name=None)]
        return (f"<DataFrame {what}>", header, rows)
    raise argument_type(f"{what} must be a path or a DataFrame, not {type(arg).__name__}")


def _paths(overrides: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> list[str]:
    if isinstance(overrides, (str, os.PathLike)):
        return [os.fspath(overrides)]
    return [os.fspath(p) for p in overrides]


def national_framework(system: str = "basic-2025", *,
                       overrides: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] = ()) -> NationalResult:
    """The national basic indicator system (HB25, 60 indicators) as tables.

    ``indicators`` (number, level, aspect, names, unit, measure, direction and its basis, problem
    type, applicability, the standards as text, notes), ``standards`` (one row per stated
    standard: comparator, value, tier, basis, scope, the handbook's wording, origin), ``notes``
    (the handbook's inconsistencies and the reference's OCR doubts), ``overrides`` (what the
    province / city files replaced).

    >>> import tijian as tj
    >>> fw = tj.national_framework()
    >>> fw.indicators.groupby("level", sort=False).size().to_dict()
    {'housing': 9, 'community': 12, 'block': 8, 'district': 30, 'rectification': 1}
    """
    return NationalResult(_core.national_system(system, _paths(overrides)))


def national_check(units: Any, values: Any, *, system: str = "basic-2025") -> NationalResult:
    """The basic check on a unit hierarchy (城区 → 街区 → 小区（社区）→ 住房).

    ``units``: a table with unit, name, level, parent. ``values``: unit, indicator, value (1/0 or
    是/否 for deficient objects; the quantity or coverage rate otherwise), problem (optional); a
    blank value is "not reported". Returns ``problems`` (the deficient objects, located) and
    ``rollups`` (per unit above each indicator's level: objects, reported = the denominator, with
    a problem, share in %, quantity, min/max for coverage rates, verdict; 底线型 一票否决).
    """
    return NationalResult(_core.national_check(system, _table(units, "units"), _table(values, "values")))


def grade(grades: Any, *, peers: Any = None, city: str = "", province: str = "", city_class: str | None = None,
          city_size: str | None = None, rail_transit: bool | None = None,
          overrides: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] = (),
          system: str = "basic-2025") -> NationalResult:
    """The official grading of the 城区 indicators (HB25 l.2063-2081).

    ``grades``: indicator, grade (很好/较好/一般/不足), and optionally survey_score (0-100; below 60
    drops the grade one level), value, previous, target (a number, or ">=30"), note. ``peers``:
    indicator, peer, value. ``city_class`` (municipality, provincial_capital, separately_planned,
    prefecture), ``city_size`` (super_large, megacity, large, medium, small) and ``rail_transit``
    decide the tiered standards and whether nos. 43 and 50 apply. Returns ``grades`` (one row per
    城区 indicator), ``overall`` (the 表3 grade and the rule that decided it), ``overrides`` and
    ``notes``.
    """
    return NationalResult(_core.national_grade(
        system, _paths(overrides), _table(grades, "grades"), None if peers is None else _table(peers, "peers"),
        city, province, city_class or "", city_size or "", rail_transit))
