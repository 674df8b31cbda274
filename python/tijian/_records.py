# SPDX-License-Identifier: MIT
"""The record tables of the C++ core (screening, imputations, treatment, statistics, ...) as
DataFrames, with unit and period labels given back as the caller wrote them.

The core describes each table once (include/tijian/prepare_tables.hpp, stats_tables.hpp, ...)
and labels units and periods with strings (integer labels are written in decimal).
:class:`RowLabels` turns a table into a DataFrame with the one generic conversion
(:func:`tijian._tables.frame`), maps those strings back to the caller's own labels (an integer
year stays an integer), and drops the ``period`` column when the data have no periods, so that
:class:`tijian.Result`, :class:`tijian.Prepared` and :class:`tijian.StatsReport` show the same
tables alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import _tables

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["RowLabels"]


def _back_map(values: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for v in values:
        out.setdefault(str(v), v)
    return out


class RowLabels:
    """The caller's unit and period labels, from the row index ``build_panel`` returned: a
    unit index, or a (unit, period) MultiIndex. The label maps are built on first use (a
    result of millions of rows that never shows a record table pays nothing)."""

    __slots__ = ("_index", "_units", "_periods", "has_periods")

    def __init__(self, index: pd.Index) -> None:
        import pandas as pd

        self._index = index
        self._units: dict[str, Any] | None = None
        self._periods: dict[str, Any] | None = None
        self.has_periods = isinstance(index, pd.MultiIndex) and index.nlevels == 2

    def _maps(self) -> tuple[dict[str, Any], dict[str, Any]]:
        import pandas as pd

        if self._units is None or self._periods is None:
            if self.has_periods:
                self._units = _back_map(self._index.get_level_values(0).unique())
                self._periods = _back_map(self._index.get_level_values(1).unique())
            else:
                self._units = _back_map(pd.Index(self._index).unique())
                self._periods = {}
        return self._units, self._periods

    def unit(self, label: str) -> Any:
        return self._maps()[0].get(label, label)

    def period(self, label: str) -> Any:
        return self._maps()[1].get(label, label)

    def period_key(self, period: Any) -> str:
        """The core's label of a period given as the caller wrote it (2023 or "2023")."""
        return "" if period is None else str(period)

    def frame(self, table: Mapping[str, Any]) -> pd.DataFrame:
        """A core table (``table_py``) as a DataFrame: units and periods relabelled, ``period``
        dropped when the data have no periods."""
        frame = _tables.frame(table, {"unit": self.unit, "period": self.period})
        if not self.has_periods and "period" in frame.columns:
            frame = frame.drop(columns="period")
        return frame
