# SPDX-License-Identifier: MIT
"""Scoring and uncertainty analysis on Dask, for data or run counts that outgrow one machine.

* :func:`fit` gathers, partition by partition, the statistics a scoring run fits on (counts,
  min, max, moments of every indicator in every period; with entropy weights a second pass of
  entropy sums) and merges them in the core (``include/tijian/partial_fit.hpp``);
* :func:`score` maps every partition through the core with the merged fit;
* :func:`uncertainty` splits the Monte Carlo runs across workers, run *i* drawing from the same
  stream whoever computes it, and merges the parts into the result of :func:`tijian.uncertainty`.

What is exact and what has a tolerance is said in the README ("Scale-out on Dask") and at the top
of ``partial_fit.hpp``. The module imports dask only here: ``import tijian`` does not need it.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import _core, _tables
from ._data import _UNIT_NAMES, _find, _is_long, build_panel
from ._errors import ArgumentError, make_error
from ._records import RowLabels
from .framework import Framework, FrameworkLike, _coerce
from .recipe import Recipe, RecipeLike
from .uncertainty import UncertaintyResult, _Inputs, _prepare

__all__ = ["Fit", "fit", "score", "uncertainty"]

_LABELS = ("units", "periods", "unit_names", "groups")


def _dask() -> Any:
    try:
        import dask
        import dask.dataframe  # noqa: F401
    except ImportError as e:  # pragma: no cover - the test suite skips without dask
        raise make_error(ArgumentError, "dask.missing",
                         "tijian.dask needs dask[dataframe] and distributed (pip install 'dask[dataframe]' "
                         f"distributed): {e}") from None
    return dask


def _frame(data: Any) -> Any:
    """A dask DataFrame whose partitions hold whole units (a long table is shuffled on its unit
    column, so that a unit's indicators meet in one partition)."""
    dask = _dask()
    import dask.dataframe as dd

    if isinstance(data, pd.DataFrame):
        data = dd.from_pandas(data, npartitions=1)
    if not isinstance(data, dd.DataFrame):
        raise make_error(ArgumentError, "dask.data",
                         f"tijian.dask takes a dask or pandas DataFrame, not {type(data).__name__}")
    del dask
    if _is_long(data._meta):
        unit = _find(list(data.columns), _UNIT_NAMES)
        if unit is not None and data.npartitions > 1:
            data = data.shuffle(on=unit)
    return data


def _panel(part: pd.DataFrame, fw: Framework, rec: Recipe, labels: dict[str, Any]) -> Any:
    return build_panel(part, fw, rec, **labels)


def _statistics(part: pd.DataFrame, fw: Framework, rec: Recipe, labels: dict[str, Any]) -> Any:
    if len(part) == 0:
        return None
    return _core.fit_statistics(fw._fw, _panel(part, fw, rec, labels).panel, rec._r)


def _weight_statistics(part: pd.DataFrame, fw: Framework, rec: Recipe, labels: dict[str, Any],
                       merged: Any) -> Any:
    if len(part) == 0:
        return None
    return _core.weight_statistics(fw._fw, _panel(part, fw, rec, labels).panel, rec._r, merged)


def _merge(a: Any, b: Any) -> Any:
    if a is None:
        return b
    if b is None:
        return a
    out = copy.copy(a)  # a pickled copy: the inputs of a task stay as they were
    out.merge(b)
    return out


def _tree(dask: Any, parts: list[Any]) -> Any:
    """Pairwise merges in partition order: a fixed order, so a fit is reproducible."""
    merge = dask.delayed(_merge, pure=True)
    while len(parts) > 1:
        parts = [merge(parts[k], parts[k + 1]) if k + 1 < len(parts) else parts[k]
                 for k in range(0, len(parts), 2)]
    return parts[0]


class Fit:
    """The merged statistics of a partitioned table and what the core finishes from them:
    the normalisation fits (``.goalposts``) and node weights (``.weights``) that
    :func:`tijian.score` would find on the whole table. Pickles (to reach the workers)."""

    def __init__(self, framework: Framework, recipe: Recipe, statistics: Any, weight_statistics: Any) -> None:
        self.framework = framework
        self.recipe = recipe
        self.statistics = statistics
        self.weight_statistics = weight_statistics
        self._fitted: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_fitted"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._fitted = None

    @property
    def fitted(self) -> Any:
        """The core's finished fit (computed once per process)."""
        if self._fitted is None:
            self._fitted = _core.finish_fit(self.framework._fw, self.recipe._r, self.statistics,
                                            self.weight_statistics)
        return self._fitted

    @property
    def rows(self) -> int:
        """Rows the statistics were gathered on."""
        return int(self.statistics.rows)

    @property
    def weights(self) -> pd.Series:
        """Relative weight of every framework node within its sibling group."""
        return pd.Series(np.asarray(self.fitted.weights), index=pd.Index(self.framework.codes, name="code"),
                         name="weight")

    @property
    def goalposts(self) -> pd.DataFrame:
        """Per indicator and period: values fitted on (n), min and max of the oriented values,
        their mean and sd, and whether the indicator is constant there."""
        frame = _tables.frame(self.fitted.goalposts())
        return frame.set_index(["indicator", "period"])

    def __repr__(self) -> str:
        return (f"tijian.dask.Fit(rows={self.rows}, indicators={len(self.statistics.indicators)}, "
                f"periods={len(self.statistics.periods)})")


def fit(data: Any, framework: FrameworkLike, recipe: RecipeLike = None, *, units: Any = None,
        periods: Any = None, unit_names: Any = None, groups: Sequence[str] = (), **options: Any) -> Fit:
    """Fit statistics of a partitioned table, merged across its partitions.

    Parameters
    ----------
    data : dask.dataframe.DataFrame or pandas.DataFrame
        Wide (one row per unit and period, one column per indicator) or long (unit, period,
        indicator, value: shuffled on the unit column first). A unit's period must be in one
        partition; the partitions together are the table :func:`tijian.score` would score.
    framework, recipe, units, periods, unit_names, groups, **options
        As for :func:`tijian.score` (``units=`` etc. name columns; arrays are not supported).

    Returns
    -------
    Fit
        One pass over the data (two with entropy weights: the min-max input of the entropy
        needs the min and max first), computed on the active dask scheduler.

    Raises
    ------
    RecipeError
        ``dask.not_mergeable`` for a recipe whose fit is not a merge of per-partition
        statistics (rank-type normalisations, CRITIC or PCA weights, TOPSIS, VIKOR, PROMETHEE,
        data preparation, ...), naming it.
    """
    dask = _dask()
    fw = _coerce(framework)
    rec = Recipe.coerce(recipe, **options)
    labels = dict(units=units, periods=periods, unit_names=unit_names, groups=groups)
    frame = _frame(data)
    parts = frame.to_delayed()
    stats_of = dask.delayed(_statistics, pure=True)
    merged = _tree(dask, [stats_of(p, fw, rec, labels) for p in parts])
    (statistics,) = dask.compute(merged)
    if statistics is None:
        raise make_error(_core.DataError, "data.empty", "the data has no rows")
    weight_stats = None
    if rec.to_dict().get("weights", {}).get("method") == "entropy":
        w_of = dask.delayed(_weight_statistics, pure=True)
        (weight_stats,) = dask.compute(_tree(dask, [w_of(p, fw, rec, labels, statistics) for p in parts]))
    result = Fit(fw, rec, statistics, weight_stats)
    _ = result.fitted  # the core's checks (fit period, weights) fail here, not in every partition
    return result


def _score_part(part: pd.DataFrame, fitted: Fit, labels: dict[str, Any], normalised: bool) -> pd.DataFrame:
    fw, rec = fitted.framework, fitted.recipe
    if len(part) == 0:
        return _empty(fw, normalised)
    built = _panel(part, fw, rec, labels)
    nodes, scores, norm = _core.score_partition(fw._fw, built.panel, rec._r, fitted.fitted)
    values, columns = (norm, fw.indicators) if normalised else (scores, list(nodes))
    return pd.DataFrame(np.array(values, order="F"), index=built.index, columns=pd.Index(columns, name="code"))


def _empty(fw: Framework, normalised: bool) -> pd.DataFrame:
    columns = fw.indicators if normalised else fw.aggregates
    return pd.DataFrame({c: pd.Series(dtype="float64") for c in columns}).rename_axis(columns="code")


def score(data: Any, framework: FrameworkLike, recipe: RecipeLike = None, *, fit: Fit | None = None,
          normalised: bool = False, units: Any = None, periods: Any = None, unit_names: Any = None,
          groups: Sequence[str] = (), **options: Any) -> Any:
    """Scores of every aggregate, partition by partition, with a merged fit.

    ``fit`` (from :func:`tijian.dask.fit` on the same table) is computed when not given. The
    result is a lazy dask DataFrame (one row per input row, labelled as :func:`tijian.score`
    labels them, one column per aggregate, the composite index first; ``normalised=True``: the
    normalised indicator values instead). Ranks are not computed: they need every unit's score
    (rank the composite column once it is gathered). With min-max (or goalposts, target ratio,
    ...) normalisation, given/equal/AHP weights and row-wise aggregations the scores are those
    of :func:`tijian.score` to the last bit; z-scores and entropy weights differ by rounding
    (sums in another order), see the README.
    """
    _dask()
    labels = dict(units=units, periods=periods, unit_names=unit_names, groups=groups)
    if fit is None:
        fit = globals()["fit"](data, framework, recipe, **labels, **options)
    elif recipe is not None or options:
        raise make_error(ArgumentError, "dask.fit", "give either fit= or a recipe, not both (the fit has its recipe)")
    frame = _frame(data)
    meta = _empty(fit.framework, normalised)
    return frame.map_partitions(_score_part, fit, labels, normalised, meta=meta, clear_divisions=True,
                                align_dataframes=False)


def _uncertainty_part(data: Any, fw: Framework, nominal: Recipe, arguments: dict[str, Any],
                      labels: dict[str, Any], runs: int, first: int, count: int) -> Any:
    inputs = _Inputs(nominal, **arguments)
    fw, rec, built = _prepare(data, fw, nominal, labels, {})
    return _core.uncertainty_runs(fw._fw, built.panel, rec._r, runs, inputs.seed, *inputs.args(), first, count)


def _default_parts() -> int:
    try:
        from distributed import get_client

        return max(1, len(get_client().scheduler_info().get("workers", {})))
    except (ImportError, ValueError):
        return os.cpu_count() or 1


def uncertainty(data: Any, framework: FrameworkLike, recipe: RecipeLike = None, *, runs: int = 1000,
                parts: int | None = None, seed: int = 1, sampling: str = "pseudo_random", noise: Any = None,
                dirichlet: float | None = None, normalisations: Sequence[Any] = (),
                aggregations: Sequence[Any] = (), data_variants: Any = None, winmax: Sequence[int] = (),
                exclude: Sequence[str] = (), node: str | None = None, period: Any = None, units: Any = None,
                periods: Any = None, columns: Sequence[str] | None = None, unit_names: Any = None,
                groups: Sequence[str] = (), **options: Any) -> UncertaintyResult:
    """:func:`tijian.uncertainty` with its runs split into ``parts`` consecutive blocks, one
    task each on the active dask scheduler (default: one per worker of the distributed client).

    Run *i* draws its choices and weights from the streams of run *i* of the seed whichever
    worker computes it, and the core merges the parts in run order and computes the per-unit
    statistics over every run: the result is identical to ``tijian.uncertainty`` with the same
    arguments (the same bits). ``data`` (units of one analysis, small) is sent to every task;
    each task repeats the nominal scoring.
    """
    dask = _dask()
    if isinstance(runs, bool) or not isinstance(runs, (int, np.integer)) or runs < 1:
        raise make_error(_core.RecipeError, "uncertainty.runs", f"runs must be an integer >= 1, not {runs!r}")
    if hasattr(data, "compute") and not isinstance(data, pd.DataFrame):
        data = data.compute()
    nominal = Recipe.coerce(recipe, **options)
    arguments = dict(seed=seed, sampling=sampling, noise=noise, dirichlet=dirichlet, normalisations=normalisations,
                     aggregations=aggregations, data_variants=data_variants, winmax=winmax, exclude=exclude,
                     node=node, period=period)
    labels = dict(units=units, periods=periods, columns=columns, unit_names=unit_names, groups=groups)
    inputs = _Inputs(nominal, **arguments)  # its errors here, before any task
    fw, rec, built = _prepare(data, framework, nominal, labels, {})
    k = _default_parts() if parts is None else parts
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise make_error(ArgumentError, "dask.parts", f"parts must be an integer >= 1, not {parts!r}")
    k = min(int(k), int(runs))
    bounds = [int(runs) * q // k for q in range(k + 1)]
    task = dask.delayed(_uncertainty_part, pure=True)
    shared = dask.delayed(data), dask.delayed(fw), dask.delayed(nominal)  # sent once, not per task
    pieces = dask.compute(*[task(*shared, arguments, labels, int(runs), bounds[q], bounds[q + 1] - bounds[q])
                            for q in range(k)])
    core = _core.merge_uncertainty(list(pieces))
    return UncertaintyResult(core, RowLabels(built.index), fw, inputs)
