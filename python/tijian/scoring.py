# SPDX-License-Identifier: MIT
"""The one-call scoring API: ``tj.score(data, framework, ...)``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import _core
from ._data import build_panel
from .framework import FrameworkLike, _coerce
from .recipe import Recipe, RecipeLike
from .result import Result

__all__ = ["score"]


def score(data: Any, framework: FrameworkLike, recipe: RecipeLike = None, *, units: Any = None,
          periods: Any = None, columns: Sequence[str] | None = None, unit_names: Any = None,
          groups: Sequence[str] = (), **options: Any) -> Result:
    """Score units with an indicator framework and a recipe.

    Parameters
    ----------
    data : DataFrame or array-like
        One of

        * a wide DataFrame indexed by unit, one column per indicator code;
        * a wide DataFrame with a (unit, period) MultiIndex;
        * a wide DataFrame with a plain RangeIndex and unit / period / name columns that are
          recognised by name as in the CSV reader (``uCode``/``unit``/``code``...,
          ``Time``/``year``/``period``, ``uName``/``name``/``city``...; ``*_group`` columns
          become groups), or named with ``units=``, ``periods=``, ``unit_names=``;
        * a long DataFrame with columns unit, (period,) indicator and value;
        * a 2-D array (units x indicators): columns in ``columns=`` order, else in the
          framework's indicator order; rows labelled by ``units=`` or 0..n-1.

        Indicator columns must be numeric (int, float or pandas' nullable types; NaN or
        ``pd.NA`` = missing). The values are copied once into the C++ panel (which the scoring
        then normalises in place where the recipe allows); the input is never modified.
    framework : Framework, preset name, path, TOML text, dict or iMeta DataFrame
        The indicator tree (see :class:`tijian.Framework`).
    recipe : Recipe, dict, path or TOML text, optional
        The methodological choices (see :class:`tijian.Recipe`); defaults: min-max 0-100 per
        period, the framework's weights, arithmetic means, skip-and-reweight missing values,
        min ties.
    units, periods : str or array-like, optional
        Column names or arrays of row labels (override the index).
    columns : sequence of str, optional
        Indicator codes of the columns of an array.
    unit_names : str or array-like, optional
        A column (or array) of display names.
    groups : sequence of str, optional
        Columns that label groups of units (province, size class), for group-wise imputation.
    **options
        Recipe sections given directly (``normalise=``, ``weights=``, ``aggregate=``,
        ``missing=``, ``ranks=``, ``grades=``, ``prepare=``, ``unknown_columns=``), merged
        over ``recipe``.

    Returns
    -------
    Result
        ``.scores``, ``.ranks``, ``.normalised``, ``.weights``, ``.contributions`` and
        ``.diagnostics`` as DataFrames labelled with the caller's index and codes.

    Raises
    ------
    DataError
        Malformed data: a non-numeric indicator column (id ``data.dtype``), a column the
        framework does not know (``data.unknown_column``; or ``unknown_columns="ignore"``), a
        duplicated column (``data.duplicate_column``) or unit within a period
        (``data.duplicate_unit``), an empty table (``data.empty``), an infinite value
        (``data.infinite``). Each message names the column, unit and period.
    FrameworkError
        The framework is invalid, or an indicator has no data column
        (``framework.indicator_without_data``).
    RecipeError
        A choice cannot apply (unknown method, a target or goalposts missing, entropy of an
        indicator with fewer than two values, a geometric mean of a negative value, ...).

    Notes
    -----
    An indicator whose values are all missing is normalised to missing (diagnostic
    ``data.missing_values``, count = rows) and then left out by the aggregation under the
    default ``skip_and_reweight`` policy (``aggregate.reweighted``); data-driven weights
    (entropy, CRITIC, ...) refuse it with ``RecipeError`` (``weights.too_few_values``).
    The GIL is released while C++ scores, so several scorings can run in threads.

    Examples
    --------
    >>> import pandas as pd, tijian as tj
    >>> df = pd.DataFrame({"pm25": [35.0, 20.0, 50.0], "green": [40.0, 45.0, 30.0]},
    ...                   index=pd.Index(["qd", "jn", "zb"], name="city"))
    >>> fw = {"code": "IDX", "children": [{"code": "pm25", "direction": "lower"}, {"code": "green"}]}
    >>> res = tj.score(df, fw, weights="equal")
    >>> res.scores
    code         IDX
    city
    qd     58.333333
    jn    100.000000
    zb      0.000000
    >>> res.contributions.round(2)
    code   pm25  green
    city
    qd    25.00  33.33
    jn    50.00  50.00
    zb     0.00   0.00
    """
    fw = _coerce(framework)
    rec = Recipe.coerce(recipe, framework=fw, **options)
    built = build_panel(data, fw, rec, units=units, periods=periods, columns=columns,
                        unit_names=unit_names, groups=groups)
    core = _core.score(fw._fw, built.panel, rec._r, consume=True)  # the panel is ours alone
    return Result(core, built.index, fw, rec)
