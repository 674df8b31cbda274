# SPDX-License-Identifier: MIT
"""Result tables as DataFrames: the one generic conversion of the core's table description.

The C++ core describes every result table once (include/tijian/table.hpp): named, typed columns
with zh/en labels and units. ``frame`` turns such a table into a DataFrame without knowing which
result it belongs to:

- text: object column, ``None`` where missing;
- real: float64, NaN where missing;
- integer: int64, or nullable ``Int64`` when a cell is missing;
- boolean: bool, or nullable ``boolean`` when a cell is missing;
- categorical: the category code (object), followed by ``<name>_zh`` with the Chinese label,
  as the CSV and JSON writers do.

The description travels with the frame in ``frame.attrs["columns"]``: per column its type,
labels, unit (or the column that gives each row's unit) and categories.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["frame", "describe", "write_excel"]


def _column(col: Mapping[str, Any]) -> dict[str, Any]:
    import pandas as pd

    kind, values, missing = col["type"], col["values"], np.asarray(col["missing"], dtype=bool)
    name = col["name"]
    if kind == "text":
        if len(values) == 0:  # an empty table keeps text columns text (pandas would guess float64)
            return {name: pd.Series([], dtype=str)}
        return {name: [None if m else v for v, m in zip(values, missing)]}
    if kind == "real":
        return {name: np.asarray(values, dtype=np.float64)}
    if kind == "integer":
        arr = np.asarray(values, dtype=np.int64)
        return {name: pd.arrays.IntegerArray(arr, missing) if missing.any() else arr}
    if kind == "boolean":
        arr = np.asarray(values, dtype=bool)
        return {name: pd.arrays.BooleanArray(arr, missing) if missing.any() else arr}
    # categorical: the code, then the Chinese label
    cats = col["categories"]
    idx = np.asarray(values, dtype=np.int64)
    return {name: [None if k < 0 else cats[k][0] for k in idx],
            f"{name}_zh": [None if k < 0 else cats[k][1] for k in idx]}


def describe(table: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Per column: type, label_zh, label_en, unit_zh, unit_en, unit_column, written_in ("zh" or
    "en" for a column that exists once per language, else None) (and categories)."""
    out = {}
    for col in table["columns"]:
        d = {k: col[k] for k in ("type", "label_zh", "label_en", "unit_zh", "unit_en", "unit_column", "written_in")}
        if col["type"] == "categorical":
            d["categories"] = [tuple(c) for c in col["categories"]]
        out[col["name"]] = d
    return out


def frame(table: Mapping[str, Any], relabel: Mapping[str, Callable[[Any], Any]] | None = None) -> pd.DataFrame:
    """The DataFrame of a core table. ``relabel`` maps a column name to a function applied to
    each of its values (e.g. the caller's own unit and period labels for ``unit`` and
    ``period``)."""
    import pandas as pd

    data: dict[str, Any] = {}
    for col in table["columns"]:
        data.update(_column(col))
    for name, f in (relabel or {}).items():
        if name in data:
            labels = [f(v) for v in data[name]]
            data[name] = labels if labels else pd.Series([], dtype=object)
    df = pd.DataFrame(data)
    df.attrs["table"] = {"name": table["name"], "label_zh": table["label_zh"], "label_en": table["label_en"]}
    df.attrs["columns"] = describe(table)
    return df


def write_excel(document: Any, path: Any, *, headers: str, lang: str) -> None:
    """Every table of a core document (``_core.Document``) as a sheet of one .xlsx workbook,
    written by the core (io/xlsx.hpp) atomically: what every result's ``to_excel`` calls."""
    import os

    from ._errors import in_language

    with in_language(lang):
        document.write_xlsx(os.fspath(path), headers, lang)
