# SPDX-License-Identifier: MIT
"""The annual check over years (年度体检趋势) and the five-year evaluation (五年评估):
``tj.trend(data, framework, targets)`` and ``tj.evaluate(data, framework, targets)``.

Computed in C++ (``tijian/trend.hpp``, ``attribution.hpp``, ``evaluate.hpp``); the tables are
the core's descriptions (``trend_tables.hpp``) turned into DataFrames by the generic
``_tables.frame``, with the caller's unit labels. The same computations as the commands
``tijian trend`` and ``tijian evaluate``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import _core, _tables
from ._errors import argument_type
from ._data import build_panel
from ._records import RowLabels
from .framework import FrameworkLike, _coerce
from .recipe import Recipe, RecipeLike
from .targets import ProfileLike, _coerce_profile

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["trend", "evaluate", "TrendResult", "EvaluationResult"]


def _year(value: Any, name: str) -> int:
    """A year option as the core takes it (0 = not given)."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) and not hasattr(value, "__index__"):
        raise argument_type(f"{name} must be an integer year, not {type(value).__name__}")
    return int(value.__index__())


def _panel(data: Any, fw: Any, units: Any, periods: Any, columns: Any, unit_names: Any,
           groups: Sequence[str], recipe: Recipe | None = None) -> tuple[Any, RowLabels]:
    built = build_panel(data, fw, recipe if recipe is not None else Recipe(unknown_columns="ignore"), units=units,
                        periods=periods, columns=columns, unit_names=unit_names, groups=groups)
    return built.panel, RowLabels(built.index)


def _frames(tables: dict[str, Any], labels: RowLabels) -> dict[str, pd.DataFrame]:
    return {name: _tables.frame(t, {"unit": labels.unit}) for name, t in tables.items() if isinstance(t, dict)
            and "columns" in t}


def trend(data: Any, framework: FrameworkLike | None = None, targets: ProfileLike | None = None, *,
          from_year: int | None = None, to_year: int | None = None, tolerance: float = 0.01,
          project_to: int | None = None, group: str | None = None, attribute: bool = False,
          recipe: RecipeLike = None, node: str | None = None, units: Any = None, periods: Any = None,
          columns: Sequence[str] | None = None, unit_names: Any = None, groups: Sequence[str] = (),
          **options: Any) -> TrendResult:
    """The annual check over years: how each unit's indicators moved, and whether they reach
    their targets at the current pace.

    Per unit and indicator over the years with data in ``[from_year, to_year]``: the change
    (in the indicator's unit and in %), the compound annual growth rate between the first and
    the last year with data (%/year, COINr ``get_trends`` "CAGR"), the OLS slope per year with
    its standard error and R², the slope as % of the fitted first value (%/year, COINr
    "prc_change"), the improvement along the indicator's direction with a relative tolerance,
    projections (linear and CAGR, from the last observed value) and, per target of the
    profile, the progress (share of the required change achieved) and the year the target
    would be met at the current pace. Year-on-year changes and ranks per indicator and year,
    overall and within the peer group, come in their own tables.

    Parameters
    ----------
    data : DataFrame
        Multi-year data: rows (unit, year), as for :func:`tijian.score`; years must be integers.
    framework : Framework, preset name, path, TOML text or dict
        Directions and units of the indicators; default: the profile's framework.
    targets : TargetProfile, preset name, path, TOML text or dict, optional
        The plan's targets (progress and year met).
    from_year, to_year : int, optional
        The window (default: the first and the last year with data); also the two years whose
        composite change ``attribute`` explains.
    tolerance : float, default 0.01
        Relative: a change along the direction within ``tolerance * |first value|`` is
        "stable".
    project_to : int, optional
        Project every series to this year (default: each target's year).
    group : str, optional
        The panel group column of the peer groups (default: the first group column).
    attribute : bool, default False
        Also score the data with ``recipe`` and attribute each unit's change of ``node`` (default:
        the composite index) to its indicators: exact for arithmetic aggregation, a log
        decomposition for geometric. Use a recipe with ``normalise={"fit": "pooled"}`` so that
        scores of different years are comparable.
    units, periods, columns, unit_names, groups
        Row labels and group columns, as for :func:`tijian.score`.
    **options
        Recipe sections for ``attribute`` given directly, merged over ``recipe``.

    Returns
    -------
    TrendResult
        ``.trends``, ``.changes``, ``.ranks`` and, with ``attribute``, ``.attribution`` and
        ``.attribution_summary`` as DataFrames.

    Raises
    ------
    DataError
        A period that is not an integer year (``trend.bad_year``), a unit twice in one year
        (``trend.duplicate_year``), naming the unit and period.
    FrameworkError
        A target year before its base year (``trend.target_before_base``), naming the target's
        file and line, the unit and the indicator.
    RecipeError
        A window with ``from_year > to_year``, a negative tolerance, an unknown group column.

    Examples
    --------
    >>> import pandas as pd, tijian as tj
    >>> df = pd.DataFrame({"unit": ["a", "a", "a"], "year": [2020, 2021, 2022],
    ...                    "green": [100.0, 110.0, 121.0]})
    >>> fw = {"code": "IDX", "children": [{"code": "green", "unit": "km2"}]}
    >>> tr = tj.trend(df, fw)
    >>> tr.trends[["unit", "indicator", "change", "cagr_pct", "slope", "improvement"]].round(3)
      unit indicator  change  cagr_pct  slope improvement
    0    a     green    21.0      10.0   10.5    improved
    """
    profile = _coerce_profile(targets) if targets is not None else None
    if framework is None:
        framework = profile.framework if profile is not None and profile.framework else None
    fw = _coerce(framework)
    panel, labels = _panel(data, fw, units, periods, columns, unit_names, groups)
    if not isinstance(group, (str, type(None))):
        raise argument_type(f"group must be a column name, not {type(group).__name__}")
    tables = _core.trend(fw._fw, panel, profile._p if profile is not None else None, _year(from_year, "from_year"),
                         _year(to_year, "to_year"), float(tolerance), _year(project_to, "project_to"), group or "")
    frames = _frames(tables, labels)
    document = tables["document"]
    if attribute:
        rec = Recipe.coerce(recipe, framework=fw, **options)
        years = frames["trends"][["first_year", "last_year"]]
        a = _year(from_year, "from_year") or int(years["first_year"].min())
        b = _year(to_year, "to_year") or int(years["last_year"].max())
        apanel, _ = _panel(data, fw, units, periods, columns, unit_names, groups, rec)
        at = _core.attribute(fw._fw, apanel, rec._r, str(a), str(b), node or "")
        frames.update(_frames(at, labels))
        document = document.extended(at["document"])
    return TrendResult(frames, tables["provenance"], tables["options"], document)


class TrendResult:
    """The tables of :func:`tijian.trend`, as DataFrames (``df.attrs["columns"]`` describes
    every column: type, zh/en labels, unit).

    Attributes
    ----------
    trends : DataFrame
        One row per unit and indicator (per target with a profile): first and last year and
        value, ``change`` / ``change_pct``, ``cagr_pct``, ``slope``, ``slope_se``, ``r2``,
        ``trend_pct``, ``improvement``, projections, and the target's ``target_level``,
        ``base_year``, ``base_value``, ``base_rule``, ``progress``, ``outlook_linear`` /
        ``year_met_linear``, ``outlook_cagr`` / ``year_met_cagr``.
    changes : DataFrame
        Year on year: one row per unit, indicator and pair of consecutive years with data.
    ranks : DataFrame
        One row per unit, indicator and year: ``rank`` (1 = best along the direction),
        ``rank_change`` (> 0: moved up) and, with peer groups, ``group_rank``.
    attribution, attribution_summary : DataFrame or None
        With ``attribute=True``: each indicator's contribution to the composite change (score
        points, and in log points), and per unit the two scores, the change, the sum of the
        contributions, the residual and the ranks.
    provenance : dict
        ``library_version``, ``framework_hash``, ``profile_hash``, ``data_hash`` and the sources
        of the framework, the profile and the data, as for :func:`tijian.check`.
    options : dict
        The window, tolerance, projection year and group column asked for.
    """

    def __init__(self, frames: dict[str, pd.DataFrame], provenance: dict[str, Any],
                 options: dict[str, Any], document: Any = None) -> None:
        self._frames = frames
        self.provenance = provenance
        self.options = options
        self._document = document

    def to_excel(self, path: Any, *, lang: str = "zh", headers: str = "labels") -> None:
        """Every table as a sheet of one .xlsx workbook (see :meth:`tijian.CheckResult.to_excel`)."""
        _tables.write_excel(self._document, path, headers=headers, lang=lang)

    trends = property(lambda self: self._frames["trends"])
    changes = property(lambda self: self._frames["changes"])
    ranks = property(lambda self: self._frames["ranks"])
    attribution = property(lambda self: self._frames.get("attribution"))
    attribution_summary = property(lambda self: self._frames.get("attribution_summary"))

    def __repr__(self) -> str:
        units = self.trends["unit"].nunique() if len(self.trends) else 0
        return f"TrendResult({units} units, {len(self.trends)} trend rows, {len(self.changes)} year-on-year changes)"


def evaluate(data: Any, framework: FrameworkLike | None = None, targets: ProfileLike | None = None, *,
             year: int | None = None, end_year: int | None = None, units: Any = None, periods: Any = None,
             columns: Sequence[str] | None = None, unit_names: Any = None) -> EvaluationResult:
    """The five-year evaluation (五年评估) of a plan's targets on multi-year data.

    Per unit and target: the base (the target's ``base_year`` / ``base_value``, else the
    profile's ``start_year``, else the first year with data; ``base_rule`` says which), the
    value of the evaluation year, the change achieved and its share of the required change, the
    average pace per year since the base against the plan's straight-line pace and the pace
    needed in the remaining years, the projected value at the target year and the projected year
    of attainment, and the outcome: achieved, on_pace, will_miss, missed (due and not met),
    no_data or not_applicable. Per top-level dimension: the counts of each outcome.

    Parameters
    ----------
    data : DataFrame
        Multi-year data, rows (unit, year) with integer years.
    framework : optional
        Default: the profile's framework.
    targets : TargetProfile, preset name, path, TOML text or dict
        The plan.
    year : int, optional
        The evaluation year (default: the latest year in the data).
    end_year : int, optional
        The plan's end year for targets without a year (default: the latest target year).

    Returns
    -------
    EvaluationResult
        ``.targets`` and ``.dimensions`` as DataFrames, ``.year`` and ``.end_year``.

    Examples
    --------
    >>> import pandas as pd, tijian as tj
    >>> df = pd.DataFrame({"unit": ["a"] * 3, "year": [2020, 2021, 2022], "green": [50.0, 51.0, 52.0]})
    >>> fw = {"code": "IDX", "children": [{"code": "G", "children": [{"code": "green", "unit": "%"}]}]}
    >>> plan = {"profile": "p", "start_year": 2020,
    ...         "target": [{"indicator": "green", "kind": "at_least", "value": 70.0, "year": 2025}]}
    >>> ev = tj.evaluate(df, fw, plan)
    >>> ev.targets[["unit", "indicator", "share_achieved", "pace", "pace_needed", "projected_value", "outcome"]]
      unit indicator  share_achieved  pace  pace_needed  projected_value    outcome
    0    a     green             0.1   1.0          6.0             55.0  will_miss
    """
    profile = _coerce_profile(targets)
    if framework is None:
        framework = profile.framework or None
    fw = _coerce(framework)
    panel, labels = _panel(data, fw, units, periods, columns, unit_names, ())
    core = _core.evaluate(fw._fw, panel, profile._p, _year(year, "year"), _year(end_year, "end_year"))
    return EvaluationResult(_frames(core, labels), int(core["year"]), int(core["end_year"]), core["provenance"],
                            core["options"], core["document"])


class EvaluationResult:
    """The tables of :func:`tijian.evaluate`, as DataFrames.

    Attributes
    ----------
    targets : DataFrame
        One row per unit and target: ``dimension``, ``target_level``, ``base_year``,
        ``base_value``, ``base_rule``, ``year`` and ``value`` evaluated, ``achieved``,
        ``required``, ``share_achieved``, ``pace``, ``pace_required``, ``pace_needed``,
        ``projected_value``, ``projected_year`` and ``outcome``.
    dimensions : DataFrame
        One row per unit and top-level dimension: counts of targets ``achieved``, ``on_pace``,
        ``will_miss``, ``missed``, ``no_data``, ``not_applicable`` and ``mean_share``.
    year, end_year : int
        The evaluation year and the plan end year used for targets without a year.
    provenance : dict
        ``library_version``, ``framework_hash``, ``profile_hash``, ``data_hash`` and the sources
        of the framework, the profile and the data, as for :func:`tijian.check`.
    options : dict
        ``year`` and ``end_year`` as asked (0: the default).
    """

    def __init__(self, frames: dict[str, pd.DataFrame], year: int, end_year: int,
                 provenance: dict[str, Any], options: dict[str, Any], document: Any = None) -> None:
        self.targets = frames["evaluation"]
        self.dimensions = frames["evaluation_dimensions"]
        self.year = year
        self.end_year = end_year
        self.provenance = provenance
        self.options = options
        self._document = document

    def to_excel(self, path: Any, *, lang: str = "zh", headers: str = "labels") -> None:
        """Both tables as sheets of one .xlsx workbook (see :meth:`tijian.CheckResult.to_excel`)."""
        _tables.write_excel(self._document, path, headers=headers, lang=lang)

    def __repr__(self) -> str:
        return f"EvaluationResult(year {self.year}, {len(self.targets)} target rows)"
