# SPDX-License-Identifier: MIT
"""pandas and numpy input -> the C++ panel, with one visible copy.

The C++ panel owns a column-major float64 matrix. :func:`build_panel` allocates it in C++ and
fills it column by column straight from the caller's DataFrame or array (casting integers on
the way), so each value is copied exactly once and nothing else is duplicated. Which columns
are read is the core's decision (``_core.plan_data_columns``, data_columns.hpp: a duplicated
or unknown column is refused there, an ignored one left out and noted by the run), taken before
anything is copied; what only pandas can see (a non-numeric column, an empty table, a missing
unit label) is reported here with the core's error types and ids; the rest (duplicated units in
a period, infinite values) is left to the core's checks of the panel.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from ._errors import DataError, make_error

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .framework import Framework
    from .recipe import Recipe

__all__ = ["PanelInput", "build_panel", "read_data"]

# Column roles detected in a table whose index is a plain RangeIndex (as the C++ CSV reader
# does, io/csv.hpp): matched case-insensitively, first match wins.
_UNIT_NAMES = ("ucode", "unitcode", "unit", "unit_code", "code", "city_code", "iso3", "城市代码", "代码")
_NAME_NAMES = ("uname", "unitname", "name", "unit_name", "city", "country", "城市", "名称")
_PERIOD_NAMES = ("time", "year", "period", "年份", "年")
_LONG_INDICATOR = ("indicator", "icode", "variable")
_LONG_VALUE = ("value",)


@dataclass
class PanelInput:
    """What build_panel produced: the C++ panel (its ``left_out`` names the unknown columns not
    read, which the core notes in the result) and the caller's row labels."""

    panel: Any
    index: Any  # pandas Index / MultiIndex of the rows, as the caller labelled them


def read_data(path: str | os.PathLike[str], *, sheet: str | None = None, numbers: str = "strict",
              encoding: str = "auto") -> pd.DataFrame:
    """A data file read by the core's reader, as the command line reads ``--data``: a CSV file
    or an Excel workbook (.xlsx: the first sheet, or ``sheet``), one row per unit and period,
    one column per indicator (see ``include/tijian/io/csv.hpp`` for the column roles, missing
    values and number rules; ``numbers="lenient"`` also reads 1,234 and 12%).

    Returns a DataFrame with the columns ``unit``, ``name`` and ``period`` (when the file has
    them; periods that are all whole numbers as integers), the group columns, then one float
    column per indicator. Raises DataError naming the file, sheet, row, column, unit and
    indicator of a bad cell.

    >>> import pathlib, tempfile
    >>> import tijian as tj
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "d.csv"
    >>> _ = path.write_text("city,year,PM25\\nA,2021,30\\nB,2021,41.5\\n", encoding="utf-8")
    >>> tj.read_data(path)
      unit  period  PM25
    0    A    2021  30.0
    1    B    2021  41.5
    """
    import pandas as pd

    d = _core.read_panel(os.fspath(path), sheet or "", numbers, encoding)
    data: dict[str, Any] = {"unit": d["units"]}
    if any(d["unit_names"]):
        data["name"] = d["unit_names"]
    periods = d["periods"]
    if any(periods):
        whole = all(p.lstrip("-").isdigit() for p in periods)
        data["period"] = np.asarray([int(p) for p in periods], dtype=np.int64) if whole else periods
    for name, labels in d["groups"]:
        data[name] = labels
    values = np.asarray(d["values"], dtype=np.float64)
    for j, code in enumerate(d["indicators"]):
        data[code] = values[:, j]
    frame = pd.DataFrame(data)
    frame.attrs["source"] = os.fspath(path)
    frame.attrs["notes"] = list(d["notes"])
    return frame


def _find(columns: Sequence[Any], names: Sequence[str]) -> Any:
    lowered = {str(c).strip().lower(): c for c in reversed(list(columns))}
    for n in names:
        if n in lowered:
            return lowered[n]
    return None


def _labels(values: Any, what: str) -> tuple[list[str] | None, np.ndarray | None]:
    """Row labels as str for C++; integer labels are passed as numbers (converted in C++)."""
    import pandas as pd

    idx = pd.Index(values)
    if idx.hasnans:
        pos = int(np.flatnonzero(pd.isna(idx))[0])
        raise make_error(DataError, "data.empty_unit" if what == "unit" else "data.empty_period",
                         f"row {pos + 1} (position {pos}) has no {what} label (NaN/None); every row needs one")
    if idx.dtype.kind in "iu":
        return None, np.asarray(idx, dtype=np.int64)
    if idx.inferred_type == "string":
        return idx.tolist(), None
    return [str(v) for v in idx], None


def _text_labels(values: Any) -> list[str]:
    """Names and group labels as text, missing ones (None, NaN, pd.NA, NaT) "". A short column
    in one pass over ``tolist()`` (pd.isna per value was half of the fixed cost of COINr's ASEM
    table, and factorising 51 Arrow-backed strings costs 7x as much); a long one by distinct
    value, so that a million rows do not become a million new Python strings."""
    import pandas as pd

    if len(values) <= 4096:
        items = values.tolist() if hasattr(values, "tolist") else list(values)
        return ["" if v is None or v is pd.NA or v != v else str(v) for v in items]
    codes, distinct = pd.factorize(values if isinstance(values, pd.Series) else np.asarray(values, dtype=object))
    text = [str(v) for v in distinct] + [""]  # code -1 (missing) is the last
    return [text[c] for c in codes]


def _pair_index(units: pd.Series, periods: pd.Series) -> pd.MultiIndex:
    """``pd.MultiIndex.from_arrays([units, periods])``, the same index (sorted levels, codes,
    names), built from sorted factorisations: from_arrays makes a Categorical per level, most
    of the fixed cost of labelling a small frame (0.8 -> 0.2 ms for COINr's ASEM table). Labels
    of other kinds (categorical, datetime, with missing values) take from_arrays itself."""
    import pandas as pd

    plain = all((isinstance(s.dtype, np.dtype) and s.dtype.kind in "iuO") or pd.api.types.is_string_dtype(s.dtype)
                for s in (units, periods))
    if not plain or units.hasnans or periods.hasnans:
        return pd.MultiIndex.from_arrays([units, periods])
    levels, codes = [], []
    for s in (units, periods):
        try:
            c, uniques = pd.factorize(s, sort=True)
        except TypeError:  # labels of mixed types that do not sort: as from_arrays does them
            return pd.MultiIndex.from_arrays([units, periods])
        levels.append(uniques)
        codes.append(c)
    return pd.MultiIndex(levels=levels, codes=codes, names=[units.name, periods.name], verify_integrity=False)


def _is_long(frame: pd.DataFrame, columns: list[Any] | None = None) -> bool:
    columns = frame.columns.tolist() if columns is None else columns
    names = {str(c).strip().lower() for c in columns + [n for n in frame.index.names if n is not None]}
    return not names.isdisjoint(_LONG_INDICATOR) and not names.isdisjoint(_LONG_VALUE)


def _long_to_wide(frame: pd.DataFrame) -> pd.DataFrame:
    if any(n is not None for n in frame.index.names):
        frame = frame.reset_index()
    ind = _find(frame.columns, _LONG_INDICATOR)
    val = _find(frame.columns, _LONG_VALUE)
    unit = _find(frame.columns, _UNIT_NAMES)
    period = _find(frame.columns, _PERIOD_NAMES)
    if unit is None:
        raise make_error(DataError, "data.missing_column",
                         "a long table needs a unit column (unit, uCode, code, ...) beside "
                         f"'{ind}' and '{val}'")
    keys = [unit] + ([period] if period is not None else []) + [ind]
    dup = frame.duplicated(subset=keys, keep="first")
    if dup.any():
        row = frame.loc[dup].iloc[0]
        raise make_error(DataError, "data.duplicate_entry",
                         "the long table has two values for the same unit, period and indicator",
                         unit=row[unit], period=row[period] if period is not None else None,
                         indicator=row[ind])
    index = [unit] + ([period] if period is not None else [])
    wide = frame.pivot(index=index, columns=ind, values=val)
    wide.columns.name = None
    return wide


def _column_values(col: pd.Series, name: str) -> np.ndarray:
    """A numeric column as an ndarray (a view where possible); DataError otherwise."""
    import pandas as pd

    dtype = col.dtype
    if isinstance(dtype, pd.api.extensions.ExtensionDtype) and not isinstance(dtype, np.dtype):
        if dtype.kind in "iuf" and not pd.api.types.is_bool_dtype(dtype):
            return np.asarray(col.to_numpy(dtype=np.float64, na_value=np.nan))
    elif dtype.kind in "iuf":
        return np.asarray(col.to_numpy())
    hint = ("convert it with pd.to_numeric (text such as '1,234' or '12%' needs cleaning first)"
            if dtype == object or pd.api.types.is_string_dtype(dtype) else "indicator values must be int or float")
    raise make_error(DataError, "data.dtype", f"column has dtype {dtype}, not a number: {hint}", indicator=name)


def _copy_into(dst: np.ndarray, src: np.ndarray) -> None:
    """dst[...] = src, casting; a row-major source is copied in blocks of rows so that the
    transposition into the column-major panel stays in cache (3-4x faster than one copyto
    for large C-ordered arrays)."""
    if src.ndim != 2 or src.flags.f_contiguous or src.shape[0] <= 8192:
        np.copyto(dst, src, casting="same_kind")
        return
    step = 4096
    for start in range(0, src.shape[0], step):
        np.copyto(dst[start:start + step], src[start:start + step], casting="same_kind")


def _fill(values: np.ndarray, frame: pd.DataFrame, positions: list[int], labels: list[str],
          columns: list[Any]) -> None:
    """Copy the indicator columns of ``frame`` into the panel's matrix, once.

    A frame whose indicator columns are all of one plain numpy dtype and are all its columns
    is taken as one block (``to_numpy`` of such a frame is a view); otherwise each column is
    read as a view (``frame[label]``) and copied. Nullable columns are converted on the way
    (``pd.NA`` -> NaN); other dtypes raise DataError naming the column."""
    if positions == list(range(len(columns))):
        dtypes = set(frame.dtypes)
        if len(dtypes) == 1:
            (dt,) = dtypes
            if isinstance(dt, np.dtype) and dt.kind in "iuf":
                _copy_into(values, frame.to_numpy())
                return
    # A plain numeric column is read as its array, without building a Series (frame[label] costs
    # about 30 us a column in pandas 3: most of the fixed cost of a frame with text columns).
    # _get_column_array is pandas' own accessor (1.3 to 3.x); without it, the Series path.
    column_array = getattr(frame, "_get_column_array", None)
    dtypes = frame.dtypes.tolist()
    for k, j in enumerate(positions):
        dt = dtypes[j]
        if column_array is not None and isinstance(dt, np.dtype) and dt.kind in "iuf":
            values[:, k] = column_array(j)
        else:
            values[:, k] = _column_values(frame[columns[j]], labels[j])


def _known_columns(framework: Framework) -> frozenset[str]:
    """The framework's input columns (indicator codes and the columns indicators are divided
    by, data_columns.hpp), once per Framework object, to tell label columns from them."""
    known = framework._cache.get("data_columns")
    if known is None:
        known = framework._cache["data_columns"] = frozenset(_core.data_input_names(framework._fw))
    return known


def build_panel(data: Any, framework: Framework, recipe: Recipe, *, units: Any = None, periods: Any = None,
                columns: Sequence[str] | None = None, unit_names: Any = None,
                groups: Sequence[str] = ()) -> PanelInput:
    """Turn a DataFrame (wide, MultiIndex (unit, period), or long) or a 2-D array into a C++
    panel. See :func:`tijian.score` for the accepted shapes."""
    import pandas as pd

    if isinstance(data, (str, os.PathLike)):  # a CSV or .xlsx file, read as the command line reads it
        data = read_data(data)
    known = _known_columns(framework)

    if isinstance(data, pd.DataFrame):
        frame = data
        all_cols = frame.columns.tolist()  # once: a list of Arrow strings costs
        if _is_long(frame, all_cols):
            frame = _long_to_wide(frame)
            all_cols = frame.columns.tolist()
        source = "<DataFrame>"
        n = frame.shape[0]
        if n == 0:
            raise make_error(DataError, "data.empty", "the data has no rows", file=source)
        if isinstance(frame.columns, pd.MultiIndex):
            raise make_error(DataError, "data.columns", "columns are a MultiIndex; use one column per indicator code")
        # role columns (only when the rows carry no labels of their own)
        index = frame.index
        role_cols: set[Any] = set(groups)
        if isinstance(unit_names, str):
            role_cols.add(unit_names)
        if units is None and isinstance(index, pd.RangeIndex):
            ucol = _find([c for c in all_cols if str(c) not in known], _UNIT_NAMES)
            if ucol is not None:
                pcol = periods if isinstance(periods, str) else _find(
                    [c for c in all_cols if str(c) not in known and c != ucol], _PERIOD_NAMES)
                units, periods = ucol, (pcol if pcol is not None else periods)
                if unit_names is None:
                    unit_names = _find([c for c in all_cols if str(c) not in known and c not in (ucol, pcol)], _NAME_NAMES)
                    if unit_names is not None:
                        role_cols.add(unit_names)
        for role in (units, periods):
            if isinstance(role, str):
                role_cols.add(role)
        # group columns by name whatever labels the rows (a RangeIndex, a unit index, a MultiIndex)
        groups = list(groups) + [c for c in all_cols if c not in groups and c not in role_cols and str(c) not in known
                                 and (str(c).lower().endswith("_group") or str(c).startswith("Group_"))]
        role_cols.update(groups)
        for c in role_cols:
            if c not in frame.columns:
                raise make_error(DataError, "data.missing_column",
                                 f"column '{c}' named as units/periods/names/groups is not in the data (columns: "
                                 f"{', '.join(map(str, frame.columns[:30]))})", indicator=c)
        labels = [str(c) for c in all_cols]
        # which columns are read, and the refusals (a duplicated or unknown column): the core's
        positions, left_out = _core.plan_data_columns(framework._fw, labels, [c in role_cols for c in all_cols],
                                                      recipe._r, source)
        panel = _core.Panel(n, [labels[j] for j in positions], source)
        panel.left_out = left_out
        _fill(panel.values, frame, positions, labels, all_cols)
        # row labels
        if isinstance(units, str):
            unit_values = frame[units]
            index = _pair_index(frame[units], frame[periods]) if isinstance(periods, str) else pd.Index(unit_values)
            period_values = frame[periods] if isinstance(periods, str) else periods
        elif units is not None:
            unit_values = units
            index = pd.Index(units) if periods is None else pd.MultiIndex.from_arrays([units, periods])
            period_values = periods
        elif isinstance(index, pd.MultiIndex):
            if index.nlevels != 2:
                raise make_error(DataError, "data.index",
                                 f"the row index has {index.nlevels} levels; use (unit) or (unit, period)")
            unit_values = index.get_level_values(0)
            period_values = index.get_level_values(1) if periods is None else periods
        else:
            unit_values = index
            period_values = frame[periods] if isinstance(periods, str) else periods
            if period_values is not None:  # the output rows are labelled (unit, period)
                index = pd.MultiIndex.from_arrays([index, pd.Index(period_values)],
                                                  names=[index.name, periods if isinstance(periods, str) else None])
        if isinstance(period_values, str):
            period_values = frame[period_values]
        names = frame[unit_names] if isinstance(unit_names, str) else unit_names
    else:
        arr = np.asarray(data)
        source = "<ndarray>"
        if arr.ndim != 2:
            raise make_error(DataError, "data.shape", f"the data must be 2-D (units x indicators), not {arr.ndim}-D")
        n, m = arr.shape
        if n == 0:
            raise make_error(DataError, "data.empty", "the data has no rows", file=source)
        if arr.dtype.kind not in "iuf":
            raise make_error(DataError, "data.dtype", f"the array has dtype {arr.dtype}; indicator values must be int or float")
        cols = list(columns) if columns is not None else framework.indicators
        if len(cols) != m:
            raise make_error(DataError, "data.shape",
                             f"the array has {m} columns but {len(cols)} indicator codes "
                             f"({'columns=' if columns is not None else 'the framework'}); pass columns=[...] in column order")
        # every column is copied (the run leaves unknown ones out); refused here before the copy
        codes = [str(c) for c in cols]
        _core.plan_data_columns(framework._fw, codes, [], recipe._r, source)
        panel = _core.Panel(n, codes, source)
        _copy_into(panel.values, arr)  # the one copy (and cast)
        index = pd.RangeIndex(n) if units is None else (
            pd.Index(units) if periods is None else pd.MultiIndex.from_arrays([units, periods]))
        unit_values = index if units is None else units
        period_values = periods
        names = unit_names

    unit_str, unit_int = _labels(unit_values, "unit")
    if len(unit_str if unit_str is not None else unit_int) != n:  # type: ignore[arg-type]
        raise make_error(DataError, "data.shape", f"{n} rows but a different number of unit labels")
    if unit_int is not None:
        panel.set_unit_numbers(unit_int)
    elif unit_str is not None:
        panel.set_units(unit_str)
    if period_values is not None:
        pstr, pint = _labels(period_values, "period")
        panel.set_periods(pstr if pstr is not None else [str(v) for v in pint])  # type: ignore[union-attr]
    if names is not None:
        panel.set_unit_names(_text_labels(names))
    if isinstance(data, pd.DataFrame):
        for g in groups:
            panel.add_group(str(g), _text_labels(frame[g]))
    return PanelInput(panel=panel, index=index)
