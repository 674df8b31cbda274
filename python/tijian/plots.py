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

__all__ = ["radar", "bar", "heatmap", "check_radar", "rank_intervals", "sobol", "target_bullets", "trend_panels"]


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


def rank_intervals(result: UncertaintyResult | pd.DataFrame, *, top: int | None = None, ax: Axes | None = None,
                   lang: str = "en", highlight: Any = None, around: int | None = None,
                   title: str | None = None) -> Axes:
    """Rank intervals of an uncertainty analysis: per unit, the 5-95 % interval of its rank
    over the runs (bar), the median (dot) and the nominal rank (cross), units ordered by
    nominal rank, best at the top.

    Parameters
    ----------
    result : UncertaintyResult or DataFrame
        A result of :func:`tijian.uncertainty`, or its ``uncertainty`` table (a column
        ``unit`` or an index of units; the report draws this from its document).
    top : int, optional
        Draw only the best ``top`` units (by nominal rank).
    ax : matplotlib Axes, optional
    lang : {"zh", "en"}
        Language of the axis label and legend.
    highlight : label, optional
        A unit drawn in bold (the city of a report).
    around : int, optional
        With ``highlight``: only the units within ``around`` nominal ranks of it.
    title : str, optional
        Default "Rank intervals of <node> over <runs> runs" for a result, none for a table.

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
    import pandas as pd

    plt = _pyplot()
    table = result if isinstance(result, pd.DataFrame) else result.summary
    if "unit" in table.columns:
        table = table.set_index("unit")
    s = table.sort_values("nominal_rank", kind="stable")
    if highlight is not None and around is not None and highlight in s.index:
        r = float(s.loc[highlight, "nominal_rank"])
        s = s[(s["nominal_rank"] - r).abs() <= around]
    if top is not None:
        s = s.head(int(top))
    if ax is None:
        _, ax = plt.subplots(figsize=(6, max(2.5, 0.28 * len(s) + 1)))
    y = np.arange(len(s))
    ax.hlines(y, s["rank_q05"], s["rank_q95"], color="0.55", linewidth=4, label=_word("interval", lang))
    ax.plot(s["rank_median"], y, "o", color="C0", label=_word("median", lang))
    ax.plot(s["nominal_rank"], y, "x", color="C3", label=_word("nominal", lang))
    ax.set_yticks(y)
    ax.set_yticklabels([str(u) for u in s.index])
    for label in ax.get_yticklabels():
        if highlight is not None and label.get_text() == str(highlight):
            label.set_fontweight("bold")
            label.set_color("C3")
    ax.invert_yaxis()
    ax.set_xlabel(_word("rank", lang))
    if title is not None:
        ax.set_title(title)
    elif not isinstance(result, pd.DataFrame):
        ax.set_title(f"Rank intervals of {result.node} over {result.n_runs} runs")
    # outside the axes, on the right: inside, it hid the intervals of whichever units sat under it
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
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


# --- charts of the health check's tables ------------------------------------------------------
# These draw the core's tables (DataFrames with ``attrs["columns"]``, as CheckResult.status,
# TrendResult.ranks / .trends or a document read by tijian.reporting give them), so that a
# notebook and the report (python/tijian/report) draw the same chart from the same table.

_LIGHT_COLOURS = {"green": "#2e9d5b", "yellow": "#e0b422", "red": "#d23c3c", "blue": "#3a78c2"}
_WORDS = {
    "target": ("目标", "target"),
    "trajectory": ("进度目标", "on the trajectory"),
    "value": ("现状值", "value"),
    "no_target": ("无目标", "no target"),
    "year": ("年份", "year"),
    "rank": ("排名", "rank"),
    "runs": ("次模拟", "runs"),
    "interval": ("5%-95% 区间", "5-95 % of runs"),
    "median": ("中位数", "median"),
    "nominal": ("名义排名", "nominal"),
    "plan": ("规划轨迹", "plan's trajectory"),
}


def _word(key: str, lang: str) -> str:
    zh, en = _WORDS[key]
    return zh if lang == "zh" else en


def _name_column(frame: pd.DataFrame, lang: str) -> str | None:
    """The column of indicator names in ``lang`` (the one-language column the core marks)."""
    for name, desc in frame.attrs.get("columns", {}).items():
        if desc.get("written_in") == lang and name.startswith("name"):
            return name
    return None


def _unit_text(unit: Any, lang: str) -> str:
    if unit is None or (isinstance(unit, float) and np.isnan(unit)) or unit == "":
        return ""
    from . import _core

    return str(_core.unit_label(str(unit), lang))


def _number(v: float) -> str:
    return format(float(v), ".6g") if np.isfinite(v) else "-"


def target_bullets(status: pd.DataFrame, *, lang: str = "en", ax: Axes | None = None) -> Axes:
    """Bullet chart of a check's status rows with a target: per indicator, the value (bar, in the
    colour of its traffic light), the target (black tick) and the value on the plan's
    trajectory this year (orange tick), each row on its own scale (the largest of the three is
    the full width), with the numbers and the unit written beside it.

    Parameters
    ----------
    status : DataFrame
        Rows of the ``status`` table of a check (CheckResult.status, or the table of a report
        document): ``indicator``, ``value``, ``target``, ``trajectory``, ``measure``,
        ``comparator``, ``light`` and the name columns.
    lang : {"zh", "en"}
        Language of the labels (Chinese needs a CJK font, e.g. Noto Sans CJK SC).
    ax : Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One bar per row with a target, top to bottom in table order.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd, tijian as tj
    >>> fw = {"code": "GC", "children": [{"code": "ECO", "children": [{"code": "eco"}, {"code": "air"}]}]}
    >>> plan = {"profile": "demo", "targets": [{"indicator": "eco", "kind": "at_least", "value": 50.0},
    ...                                        {"indicator": "air", "kind": "at_most", "value": 35.0}]}
    >>> res = tj.check(pd.DataFrame({"eco": [60.0], "air": [40.0]}, index=["A"]), fw, plan)
    >>> ax = tj.plots.target_bullets(res.status)
    >>> len(ax.patches), [t.get_text() for t in ax.get_yticklabels()]
    (2, ['eco', 'air'])
    """
    plt = _pyplot()
    rows = status[status["target"].notna()] if "target" in status.columns else status.iloc[0:0]
    names_col = _name_column(status, lang)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, max(1.4, 0.42 * len(rows) + 0.6)))
    labels = []
    for y, r in enumerate(rows.to_dict("records")):
        value, target = float(r["value"]), float(r["target"])
        trajectory = float(r["trajectory"]) if "trajectory" in rows.columns else float("nan")
        scale = np.nanmax(np.abs([value, target, trajectory]))
        scale = scale if np.isfinite(scale) and scale > 0 else 1.0
        colour = _LIGHT_COLOURS.get(str(r.get("light")), "#9aa5b1")
        ax.barh(y, (value / scale) if np.isfinite(value) else 0.0, height=0.55, color=colour)
        ax.plot([target / scale] * 2, [y - 0.38, y + 0.38], color="black", linewidth=2)
        if np.isfinite(trajectory):
            ax.plot([trajectory / scale] * 2, [y - 0.3, y + 0.3], color="#f08c00", linewidth=2)
        unit = _unit_text(r.get("measure"), lang)
        cmp = str(r.get("comparator") or "")
        text = f"{_number(value)} / {_word('target', lang)} {cmp} {_number(target)}"
        if np.isfinite(trajectory):
            text += f" · {_word('trajectory', lang)} {_number(trajectory)}"
        ax.text(1.04, y, f"{text} {unit}".rstrip(), va="center", fontsize=8)
        name = r.get(names_col) if names_col else None
        labels.append(str(name) if isinstance(name, str) and name else str(r["indicator"]))
    ax.set_yticks(np.arange(len(labels)))
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlim(min(0.0, ax.get_xlim()[0]), 1.05)
    ax.set_xticks([])
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    return ax


def trend_panels(ranks: pd.DataFrame, trends: pd.DataFrame | None = None, *, unit: Any = None,
                 indicators: Sequence[str] | None = None, names: dict[str, str] | None = None,
                 lang: str = "en", columns: int = 3) -> Any:
    """Small multiples of indicator values over the years for one unit, each with the plan's
    trajectory (dashed: from the base value in the base year to the target level in the target
    year, as the trend table gives them).

    Parameters
    ----------
    ranks : DataFrame
        The ``ranks`` table of a trend result (one row per unit, indicator and year with the
        value).
    trends : DataFrame, optional
        The ``trends`` table (base year and value, target year and level per indicator).
    unit : label, optional
        The unit drawn; default the first.
    indicators : list of str, optional
        Default every indicator of the unit with a value.
    names : dict, optional
        Panel titles by indicator code (default the codes).
    lang : {"zh", "en"}
    columns : int
        Panels per row.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per indicator.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd, tijian as tj
    >>> fw = {"code": "GC", "children": [{"code": "ECO", "children": [{"code": "eco"}]}]}
    >>> data = pd.DataFrame({"unit": ["A"] * 3 + ["B"] * 3, "year": [2020, 2021, 2022] * 2,
    ...                      "eco": [1.0, 2.0, 3.0, 2.0, 2.0, 2.0]}).set_index(["unit", "year"])
    >>> tr = tj.trend(data, fw)
    >>> fig = tj.plots.trend_panels(tr.ranks, tr.trends, unit="A")
    >>> [[float(v) for v in l.get_ydata()] for l in fig.axes[0].lines][0]
    [1.0, 2.0, 3.0]
    """
    plt = _pyplot()
    unit = ranks["unit"].iloc[0] if unit is None and len(ranks) else unit
    mine = ranks[ranks["unit"] == unit]
    codes = list(indicators) if indicators is not None else list(dict.fromkeys(mine.loc[mine["value"].notna(), "indicator"]))
    n = max(1, len(codes))
    cols = max(1, min(columns, n))
    nrows = (n + cols - 1) // cols
    fig, axes = plt.subplots(nrows, cols, figsize=(3.4 * cols, 2.5 * nrows), squeeze=False)
    flat = axes.ravel()
    for k, code in enumerate(codes):
        ax = flat[k]
        series = mine[mine["indicator"] == code].sort_values("year")
        ax.plot(series["year"].astype(float).to_numpy(), series["value"].astype(float).to_numpy(), "o-",
                color="C0", label=_word("value", lang))
        unit_text = _unit_text(series["measure"].iloc[0] if len(series) else None, lang)
        if trends is not None and len(trends):
            t = trends[(trends["unit"] == unit) & (trends["indicator"] == code) & trends["target_level"].notna()]
            for r in t.to_dict("records"):
                if any(_isna(r.get(c)) for c in ("base_year", "base_value", "target_year")):
                    continue
                ax.plot([float(r["base_year"]), float(r["target_year"])],
                        [float(r["base_value"]), float(r["target_level"])], "--", color="#f08c00",
                        label=_word("plan", lang))
                ax.plot([float(r["target_year"])], [float(r["target_level"])], "D", color="black", markersize=4)
        ax.set_title(str((names or {}).get(code, code)), fontsize=9)
        ax.set_ylabel(unit_text, fontsize=8)
        ax.tick_params(labelsize=7)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    for ax in flat[len(codes):]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


def _isna(v: Any) -> bool:
    import pandas as pd

    return v is None or bool(pd.isna(v))
