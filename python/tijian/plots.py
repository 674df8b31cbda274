# SPDX-License-Identifier: MIT
"""Plots of results (matplotlib, the optional ``plot`` extra: ``pip install tijian[plot]``).

matplotlib is imported only when a plot is drawn. Every function draws on ``ax`` when given
(else on a new figure) and returns the axes. Labels are node codes by default; pass
``labels="name_zh"`` or ``"name_en"`` to use the framework's names (Chinese names need a font
with CJK glyphs, e.g. ``plt.rcParams["font.family"] = "Noto Sans CJK SC"``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

    from .check import CheckResult
    from .result import Result
    from .uncertainty import SensitivityResult, UncertaintyResult

__all__ = ["radar", "bar", "heatmap", "check_radar", "rank_intervals", "sobol"]


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as err:  # pragma: no cover
        raise ImportError("tijian's plots need matplotlib: pip install 'tijian[plot]' (or matplotlib)") from err
    return plt


def _label(result: Result, code: str, labels: str) -> str:
    if labels == "code":
        return code
    node = result.framework.node(code)
    return str(node.get(labels) or code)


def _rows(result: Result, period: Any) -> pd.Index:
    """Positions of the rows of one period (all rows without periods)."""
    import pandas as pd

    index = result.index
    if isinstance(index, pd.MultiIndex):
        periods = index.get_level_values(1)
        if period is None:
            period = periods.max()
        mask = np.asarray(periods == period)
        if not mask.any():
            raise ValueError(f"period {period!r} is not in the result")
        return pd.Index(np.flatnonzero(mask))
    return pd.RangeIndex(len(index))


def _unit_labels(result: Result, positions: pd.Index) -> list[str]:
    import pandas as pd

    index = result.index
    units = index.get_level_values(0) if isinstance(index, pd.MultiIndex) else index
    return [str(u) for u in units[positions]]


def radar(result: Result, units: Any, *, node: str | None = None, period: Any = None, labels: str = "code",
          ax: Axes | None = None, fill: bool = True) -> Axes:
    """Radar (spider) chart of the scores of a node's children for one or several units.

    Parameters
    ----------
    result : Result
    units : label or list of labels
        Unit(s) to draw, as in the result's (first) index level.
    node : str, optional
        Whose children are the spokes; default the composite index (its dimensions).
    period : optional
        Period to draw for a (unit, period) index; default the latest.
    labels : {"code", "name_en", "name_zh"}
    ax : matplotlib polar Axes, optional
    fill : bool
        Shade each unit's polygon.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd, tijian as tj
    >>> data = pd.DataFrame({"le": [80.0, 60.0], "eys": [17.0, 9.0], "mys": [13.0, 5.0],
    ...                      "gnipc": [50000.0, 3000.0]}, index=["A", "B"])
    >>> ax = tj.plots.radar(tj.score(data, "hdi", normalise="goalposts"), ["A", "B"])
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['Health', 'Education', 'Income']
    """
    plt = _pyplot()
    node = node or result.framework.root
    spokes = result.framework.children(node)
    if len(spokes) < 3:
        raise ValueError(f"a radar chart needs at least 3 spokes; '{node}' has {len(spokes)} children")
    if isinstance(units, (str, int)) or not isinstance(units, Sequence):
        units = [units]
    positions = _rows(result, period)
    names = _unit_labels(result, positions)
    table = np.column_stack([result.score(code).to_numpy()[np.asarray(positions)] for code in spokes])
    if ax is None:
        _, ax = plt.subplots(subplot_kw={"projection": "polar"}, figsize=(6, 6))
    polar: Any = ax  # a PolarAxes
    angles = np.linspace(0, 2 * np.pi, len(spokes), endpoint=False)
    closed = np.concatenate([angles, angles[:1]])
    for u in units:
        if str(u) not in names:
            raise KeyError(f"unit {u!r} is not in the result" + (f" for period {period!r}" if period is not None else ""))
        row = table[names.index(str(u))]
        vals = np.concatenate([row, row[:1]])
        ax.plot(closed, vals, label=str(u))
        if fill:
            ax.fill(closed, vals, alpha=0.15)
    polar.set_theta_offset(np.pi / 2)  # first spoke at the top, clockwise
    polar.set_theta_direction(-1)
    polar.set_rlabel_position(180.0 / len(spokes))  # radial labels between the first two spokes
    ax.set_ylim(min(0.0, float(np.nanmin(table))) if np.isfinite(table).any() else 0.0, None)
    ax.set_xticks(angles)
    ax.set_xticklabels([_label(result, c, labels) for c in spokes])
    ax.set_title(_label(result, node, labels), pad=20)
    if len(units) > 1:
        ax.legend(loc="upper right", bbox_to_anchor=(1.3, 1.1))
    return ax


def bar(result: Result, *, node: str | None = None, period: Any = None, top: int | None = None, labels: str = "code",
        ax: Axes | None = None) -> Axes:
    """Horizontal bar chart of a node's score, units ranked best first.

    Parameters
    ----------
    result : Result
    node : str, optional
        Default the composite index. Any node, indicators included (normalised values).
    period : optional
        Period for a (unit, period) index; default the latest.
    top : int, optional
        Only the best ``top`` units.
    labels : {"code", "name_en", "name_zh"}
        For the title.
    ax : Axes, optional

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd, tijian as tj
    >>> data = pd.DataFrame({"le": [80.0, 60.0, 70.0], "eys": [17.0, 9.0, 12.0], "mys": [13.0, 5.0, 9.0],
    ...                      "gnipc": [50000.0, 3000.0, 9000.0]}, index=["A", "B", "C"])
    >>> ax = tj.plots.bar(tj.score(data, "hdi", normalise="goalposts"))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['A', 'C', 'B']
    """
    plt = _pyplot()
    node = node or result.framework.root
    positions = np.asarray(_rows(result, period))
    names = _unit_labels(result, _rows(result, period))
    values = result.score(node).to_numpy()[positions]
    order = np.argsort(-np.where(np.isnan(values), -np.inf, values), kind="stable")
    if top is not None:
        order = order[:top]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, max(2.5, 0.3 * len(order) + 1)))
    y = np.arange(len(order))
    ax.barh(y, values[order])
    ax.set_yticks(y)
    ax.set_yticklabels([names[i] for i in order])
    ax.invert_yaxis()  # best at the top
    ax.set_xlabel(_label(result, node, labels))
    ax.set_title(f"{_label(result, node, labels)}" + (f" ({period})" if period is not None else ""))
    return ax


def heatmap(result: Result, *, period: Any = None, indicators: Sequence[str] | None = None, sort: bool = True,
            labels: str = "code", cmap: str = "viridis", ax: Axes | None = None) -> Axes:
    """Heat map of normalised indicator values (units x indicators).

    Parameters
    ----------
    result : Result
    period : optional
        Period for a (unit, period) index; default the latest.
    indicators : list of str, optional
        Default every indicator, framework order.
    sort : bool
        Rows ordered by the composite rank.
    labels : {"code", "name_en", "name_zh"}
    cmap : str
    ax : Axes, optional

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd, tijian as tj
    >>> data = pd.DataFrame({"le": [80.0, 60.0], "eys": [17.0, 9.0], "mys": [13.0, 5.0],
    ...                      "gnipc": [50000.0, 3000.0]}, index=["A", "B"])
    >>> ax = tj.plots.heatmap(tj.score(data, "hdi", normalise="goalposts"))
    >>> ax.images[0].get_array().shape
    (2, 4)
    """
    plt = _pyplot()
    codes = list(indicators) if indicators is not None else result.framework.indicators
    positions = np.asarray(_rows(result, period))
    names = _unit_labels(result, _rows(result, period))
    data = result.normalised[codes].to_numpy()[positions]
    order = np.arange(len(positions))
    if sort:
        composite = result.composite.to_numpy()[positions]
        order = np.argsort(-np.where(np.isnan(composite), -np.inf, composite), kind="stable")
    data = data[order]
    if ax is None:
        _, ax = plt.subplots(figsize=(max(4, 0.5 * len(codes) + 2), max(2.5, 0.3 * len(order) + 1)))
    image = ax.imshow(np.ma.masked_invalid(data), aspect="auto", cmap=cmap, interpolation="nearest")
    ax.set_xticks(np.arange(len(codes)))
    ax.set_xticklabels([_label(result, c, labels) for c in codes], rotation=60, ha="right")
    ax.set_yticks(np.arange(len(order)))
    ax.set_yticklabels([names[i] for i in order])
    ax.figure.colorbar(image, ax=ax, label="normalised value")
    return ax


def check_radar(result: CheckResult, units: Any = None, *, value: str = "index",
                dimensions: Sequence[str] | None = None, labels: str = "code", ax: Axes | None = None,
                fill: bool = True) -> Axes:
    """Radar chart of a health check by dimension: one polygon per unit.

    Parameters
    ----------
    result : CheckResult
        A result of :func:`tijian.check`.
    units : label or list of labels, optional
        Units to draw, as labelled in the data; default every checked unit.
    value : {"index", "rate"}
        ``"index"``: the achievement index (weighted mean capped achievement ratio of the
        dimension's targets with data; 1 = every target reached); ``"rate"``: the
        achievement rate 达标率 (met / applicable).
    dimensions : list of str, optional
        The spokes; default the top-level dimensions that have targets in the profile, in
        framework order (at least three are needed).
    labels : {"code", "name_en", "name_zh"}
        Spoke labels: dimension codes or the framework's names (Chinese names need a CJK
        font).
    ax : matplotlib polar Axes, optional
    fill : bool
        Shade each unit's polygon.

    Returns
    -------
    matplotlib.axes.Axes
        One line (and, with ``fill``, one filled polygon) per unit, in the order drawn. A
        dimension without any target with data for a unit has no value and is drawn at the
        centre (0).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd, tijian as tj
    >>> fw = {"code": "GC", "children": [{"code": d, "children": [{"code": d.lower()}]}
    ...                                  for d in ("ECO", "BUILD", "LIFE")]}
    >>> plan = {"profile": "demo", "targets": [
    ...     {"indicator": c, "kind": "at_least", "value": 50.0} for c in ("eco", "build", "life")]}
    >>> data = pd.DataFrame({"eco": [60.0, 25.0], "build": [40.0, 50.0], "life": [50.0, 10.0]},
    ...                     index=["A", "B"])
    >>> ax = tj.plots.check_radar(tj.check(data, fw, plan))
    >>> [t.get_text() for t in ax.get_xticklabels()], len(ax.lines)
    (['ECO', 'BUILD', 'LIFE'], 2)
    """
    plt = _pyplot()
    if value not in ("index", "rate"):
        raise ValueError(f"value must be 'index' or 'rate', not {value!r}")
    if labels not in ("code", "name_en", "name_zh"):
        raise ValueError(f"labels must be 'code', 'name_en' or 'name_zh', not {labels!r}")
    ach = result.achievement
    dims = ach[~ach["overall"]]
    order = list(dict.fromkeys(dims["dimension"]))
    if dimensions is None:
        with_targets = dims.groupby("dimension", sort=False)["targets"].max()
        spokes = [d for d in order if with_targets[d] > 0]
    else:
        spokes = [str(d) for d in dimensions]
        unknown = [d for d in spokes if d not in order]
        if unknown:
            raise KeyError(f"not a top-level dimension of the framework: {', '.join(unknown)} "
                           f"(dimensions: {', '.join(order)})")
    if len(spokes) < 3:
        raise ValueError(f"a radar chart needs at least 3 dimensions; {len(spokes)} have targets "
                         f"({', '.join(spokes) or 'none'}): pass dimensions= or draw a bar chart of "
                         "result.achievement")
    table = dims.pivot(index="unit", columns="dimension", values=value)
    if units is None:
        units = result.units
    elif isinstance(units, (str, int)) or not isinstance(units, Sequence):
        units = [units]
    missing = [u for u in units if u not in table.index]
    if missing:
        raise KeyError(f"unit(s) {missing!r} not in the check (units: {result.units!r})")
    values = table.loc[list(units), spokes].to_numpy(dtype=float)
    if ax is None:
        _, ax = plt.subplots(subplot_kw={"projection": "polar"}, figsize=(6, 6))
    polar: Any = ax
    angles = np.linspace(0, 2 * np.pi, len(spokes), endpoint=False)
    closed = np.concatenate([angles, angles[:1]])
    for u, row in zip(units, values):
        row = np.nan_to_num(row, nan=0.0)
        vals = np.concatenate([row, row[:1]])
        ax.plot(closed, vals, label=str(u))
        if fill:
            ax.fill(closed, vals, alpha=0.15)
    polar.set_theta_offset(np.pi / 2)
    polar.set_theta_direction(-1)
    polar.set_rlabel_position(180.0 / len(spokes))
    top = max(1.0, float(np.nanmax(values)) if np.isfinite(values).any() else 1.0)
    ax.set_ylim(0.0, top * 1.05)
    ax.set_xticks(angles)
    fw = result.framework

    def name(code: str) -> str:
        return code if labels == "code" else str(fw.node(code).get(labels) or code)

    ax.set_xticklabels([name(c) for c in spokes])
    what = "achievement index" if value == "index" else "achievement rate"
    period = "" if result.period is None else f" {result.period}"
    ax.set_title(f"{result.profile.name}{period}: {what}", pad=20)
    if len(units) > 1:
        ax.legend(loc="upper right", bbox_to_anchor=(1.3, 1.1))
    return ax


def rank_intervals(result: UncertaintyResult, *, top: int | None = None, ax: Axes | None = None) -> Axes:
    """Rank intervals of an uncertainty analysis: per unit, the 5-95 % interval of its rank
    over the runs (bar), the median (dot) and the nominal rank (cross), units ordered by
    nominal rank, best at the top.

    Parameters
    ----------
    result : UncertaintyResult
        A result of :func:`tijian.uncertainty`.
    top : int, optional
        Draw only the best ``top`` units (by nominal rank).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One horizontal interval line per unit (``ax.collections[0]``), then the median and
        nominal markers.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd, tijian as tj
    >>> df = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [4.0, 1.0, 2.0, 3.0]}, index=list("pqrs"))
    >>> ua = tj.uncertainty(df, {"code": "I", "children": [{"code": "a"}, {"code": "b"}]},
    ...                     noise={1: 0.5}, runs=200)
    >>> ax = tj.plots.rank_intervals(ua)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['s', 'p', 'r', 'q']
    """
    plt = _pyplot()
    s = result.summary.sort_values("nominal_rank", kind="stable")
    if top is not None:
        s = s.head(int(top))
    if ax is None:
        _, ax = plt.subplots(figsize=(6, max(2.5, 0.28 * len(s) + 1)))
    y = np.arange(len(s))
    ax.hlines(y, s["rank_q05"], s["rank_q95"], color="0.55", linewidth=4, label="5-95 % of runs")
    ax.plot(s["rank_median"], y, "o", color="C0", label="median")
    ax.plot(s["nominal_rank"], y, "x", color="C3", label="nominal")
    ax.set_yticks(y)
    ax.set_yticklabels([str(u) for u in s.index])
    ax.invert_yaxis()
    ax.set_xlabel("rank")
    ax.set_title(f"Rank intervals of {result.node} over {result.n_runs} runs")
    ax.legend(loc="lower right", fontsize="small")
    return ax


def sobol(result: SensitivityResult, *, ax: Axes | None = None) -> Axes:
    """Sobol' indices of a sensitivity analysis: first-order and total index of each factor
    (bars) with their bootstrap intervals (error bars).

    Parameters
    ----------
    result : SensitivityResult
        A result of :func:`tijian.sensitivity`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Two bar containers (first-order, total), one bar per factor each.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd, tijian as tj
    >>> df = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [4.0, 1.0, 2.0, 3.0]}, index=list("pqrs"))
    >>> sa = tj.sensitivity(df, {"code": "I", "children": [{"code": "a"}, {"code": "b"}]},
    ...                     noise={1: 0.5}, aggregations=["arithmetic", "geometric"], n=64, bootstrap=50)
    >>> ax = tj.plots.sobol(sa)
    >>> [len(c) for c in ax.containers if hasattr(c, "patches")]
    [2, 2]
    """
    plt = _pyplot()
    ix = result.indices
    if ax is None:
        _, ax = plt.subplots(figsize=(max(4.0, 1.3 * len(ix) + 1.5), 3.5))
    x = np.arange(len(ix))
    width = 0.38

    def err(v: str) -> np.ndarray:
        lo, hi = ix[f"{v}_lo"].to_numpy(float), ix[f"{v}_hi"].to_numpy(float)
        mid = ix[v].to_numpy(float)
        e = np.vstack([mid - lo, hi - mid])
        return np.where(np.isfinite(e), np.maximum(e, 0.0), 0.0)

    ax.bar(x - width / 2, ix["first"], width, yerr=err("first"), capsize=3, label="first order $S_i$")
    ax.bar(x + width / 2, ix["total"], width, yerr=err("total"), capsize=3, label="total $S_{Ti}$")
    ax.set_xticks(x)
    ax.set_xticklabels(list(ix.index))
    ax.axhline(0, color="0.3", linewidth=0.8)
    ax.set_ylabel("Sobol' index")
    ax.set_title(f"Sensitivity of {result.output} ({int(round(result.level * 100))} % intervals)")
    ax.legend(fontsize="small")
    return ax
