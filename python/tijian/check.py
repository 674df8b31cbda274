# SPDX-License-Identifier: MIT
"""The health check (城市体检): indicator values against a plan's targets.

``tj.check(data, framework, targets)`` checks one period of the data against a target
profile and returns a :class:`CheckResult`: the verdict of every target (``status``), the
achievement rate (达标率) and index by dimension (``achievement``), the problem list
(问题清单, ``problems``) and obstacle degrees (``obstacles``). ``tj.green_city_score`` is the
composite green-city score with the coupling coordination degree of its dimensions, and
``tj.coupling`` the coupling coordination degree of any table of subsystem scores. Every
verdict, ratio and ordering is computed by the C++ library (``include/tijian/check.hpp``);
this module converts the input and labels the output with the caller's own unit and period
labels.
"""

from __future__ import annotations

import html
import math
import numbers
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core, _tables
from ._errors import FrameworkError, RecipeError, argument_type, in_language, make_error
from ._data import build_panel
from .framework import Framework, FrameworkLike, _coerce
from .recipe import Recipe, RecipeLike
from .result import Result
from .targets import ProfileLike, TargetProfile, _coerce_profile

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["check", "CheckResult", "green_city_score", "GreenCityScore", "coupling"]



def _is_bool(v: Any) -> bool:
    return isinstance(v, (bool, np.bool_))


def _given(**options: Any) -> dict[str, Any]:
    """The options the caller set, as given: the core checks their types and values."""
    return {k: v for k, v in options.items() if v is not None}


# --- labels ------------------------------------------------------------------------------------

def _key(v: Any) -> str:
    """The text C++ knows a row label by (as _data.build_panel writes it)."""
    if isinstance(v, str):
        return v
    if isinstance(v, numbers.Integral) and not _is_bool(v):
        return str(int(v))
    return str(v)


class _Labels:
    """C++ label text -> the caller's label, for units and periods."""

    __slots__ = ("units", "periods", "index")

    def __init__(self, index: Any) -> None:
        import pandas as pd

        self.index = index  # the data's rows, as the caller labelled them
        if isinstance(index, pd.MultiIndex):
            self.units = self._map(index.get_level_values(0))
            self.periods: dict[str, Any] | None = self._map(index.get_level_values(1))
        else:
            self.units = self._map(index)
            self.periods = None

    @staticmethod
    def _map(values: Any) -> dict[str, Any]:
        import pandas as pd

        out: dict[str, Any] = {}
        for v in pd.Index(values).unique().tolist():
            out.setdefault(_key(v), v)
        return out

    @staticmethod
    def _find(table: dict[str, Any] | None, label: Any) -> str:
        if table is not None:
            for k, v in table.items():
                try:
                    if v == label:
                        return k
                except (TypeError, ValueError):  # pragma: no cover - exotic labels
                    continue
        return _key(label)

    def unit_key(self, label: Any) -> str:
        return self._find(self.units, label)

    def period_key(self, label: Any) -> str:
        return self._find(self.periods, label)

    def unit(self, key: str) -> Any:
        return self.units.get(key, key)

    def period(self, key: str) -> Any:
        if self.periods is None:
            return None if key == "" else key
        return self.periods.get(key, key)


def _panel(data: Any, fw: Framework, units: Any, periods: Any, columns: Sequence[str] | None,
           unit_names: Any) -> tuple[Any, _Labels]:
    """The C++ panel of the data; unknown columns are left out (``panel.left_out``), and the
    check notes them, as for a CSV file."""
    built = build_panel(data, fw, Recipe(unknown_columns="ignore"), units=units, periods=periods,
                        columns=columns, unit_names=unit_names)
    return built.panel, _Labels(built.index)


# --- the check --------------------------------------------------------------------------------

def check(data: Any, framework: FrameworkLike | None = None, targets: ProfileLike | None = None, *,
          period: Any = None, strict: bool = False, cap: float | None = None,
          bands: Sequence[float] | None = None, grade_labels_zh: Sequence[str] | None = None,
          grade_labels_en: Sequence[str] | None = None, weak_below: float | None = None,
          bottom_k: int | None = None, include_not_applicable: bool = True, only_units: Any = None,
          weights: Mapping[str, float] | None = None, obstacle_factor: str | None = None,
          obstacle_scaling: str | None = None, composite: bool = False, units: Any = None,
          periods: Any = None, columns: Sequence[str] | None = None, unit_names: Any = None) -> CheckResult:
    """Check indicator values against a plan's targets (城市体检).

    One period of the data (the latest by default) is checked for every unit in it. Each
    target gets a state on the plan's schedule: ``met``; ``on_track`` / ``behind_schedule``
    (not yet due: the value against the trajectory from the base through the plan's
    milestones to the target); ``missed`` (due: the period is in or after the target year, or
    the target has no year, or ``strict``, and not met); ``not_yet_due`` (not due and the pace
    cannot be judged: no base value); ``no_data``; and, for indicators without a target,
    ``not_applicable``. The achievement rate (达标率) counts due targets only (``due_met`` /
    ``due``), the schedule rate (进度达标率) targets not yet due (``not_due_on_schedule`` /
    ``not_due``); each is missing when its denominator is 0. The formulas are documented in
    ``include/tijian/check.hpp``.

    Parameters
    ----------
    data : DataFrame or array-like
        As for :func:`tijian.score`: a wide DataFrame indexed by unit or (unit, period), or
        with unit / period / name columns recognised by name (``uCode``, ``Time``,
        ``uName``, ...), a long table (unit, period, indicator, value), or a 2-D array. Data
        columns that are not indicators of the framework are left out (diagnostic
        ``data.unknown_column_ignored``); framework indicators without a column are checked
        as ``no_data``. Year-on-year targets (``decrease``, ``increase``) need the previous
        period in the data, ``change_vs_base`` the base year (or ``base_value`` in the
        profile).
    framework : Framework, preset name, path, TOML text or dict, optional
        The indicator framework (see :class:`tijian.Framework`); default: the built-in
        framework the profile names (``framework = "green-city"`` in the profile).
    targets : TargetProfile, str, path or dict
        The plan's targets: a built-in profile name (``"qingdao-2022"``, ``"jining"``,
        ``"shizuishan-2025"``, ``"jinan-2025"``; see ``tj.presets("profile")``), a profile
        file (TOML, schema ``tijian/targets/1``), TOML text, a dict or a
        :class:`TargetProfile`.
    period : label, optional
        The period to check, as labelled in the data (e.g. ``2021``); default the latest.
    strict : bool, default False
        Every target is due whatever its year: no schedule states.
    cap : float, optional
        Upper cap of achievement ratios (default 1; 1.2 shows over-achievement, 超额完成).
    bands : list of float, optional
        Increasing achievement thresholds of the grades and traffic lights (default
        ``[0.9, 1.0]``: below 0.9 red, 0.9 to 1 yellow, met green).
    grade_labels_zh, grade_labels_en : list of str, optional
        One more label than ``bands`` (default 不足 / 中等 / 优良 and weak / fair / good).
    weak_below : float, optional
        A ``not_yet_due`` target (pace unknown) whose achievement is below this is a ``weak``
        problem (default 0.8).
    bottom_k : int, optional
        Also list each unit's k weakest indicators without a target (min-max across the
        checked units; needs two units). Default 0.
    include_not_applicable : bool, default True
        Keep ``not_applicable`` status rows for indicators without a target.
    only_units : label or list of labels, optional
        Check only these units (``check_options::units`` of the C++ library; ``units=`` names
        the unit labels of the data, as for :func:`tijian.score`).
    weights : dict or Series, optional
        ``{indicator: weight}`` shown in the problem list and used in obstacle degrees instead
        of the framework's effective weights (e.g. a scoring run's entropy weights).
    obstacle_factor : {"effective", "local", "effective_times_criterion"}, optional
        Factor contribution of the obstacle degree model (default ``"effective"``).
    obstacle_scaling : {"standard", "unnormalised"}, optional
        Obstacle degrees as shares of the unit's total (default) or weight lost x 100.
    composite : bool, default False
        Also compute :func:`green_city_score` on the same data (every row and period, with
        this ``cap``; ``result.composite``); it is then part of :meth:`CheckResult.to_json`
        and :meth:`CheckResult.to_csv`, as the command line's ``--composite``.
    units, periods, columns, unit_names
        Row labelling of the data, as for :func:`tijian.score`.

    Returns
    -------
    CheckResult

    Raises
    ------
    FrameworkError
        The profile names a code that is not an indicator of the framework
        (``targets.unknown_indicator``, naming the code and the profile line), or an unknown
        profile name (``preset.unknown``, listing the built-in profiles).
    DataError
        Malformed data (as :func:`tijian.score`), or ``period`` / ``only_units`` naming what
        the data lacks (``check.unknown_period``, ``check.unknown_unit``).
    RecipeError
        An invalid option value (``check.options``: bands not increasing, a cap <= 0, grade
        labels of the wrong length, a negative weight, an unknown obstacle factor, ...).
    TypeError
        An option of the wrong type.

    Examples
    --------
    >>> import pandas as pd, tijian as tj
    >>> fw = {"code": "GC", "children": [
    ...     {"code": "ECO", "children": [{"code": "green_cover"}, {"code": "pm25", "direction": "lower"}]},
    ...     {"code": "LIFE", "children": [{"code": "bus_share"}]}]}
    >>> plan = '''
    ... profile = "demo"
    ... [[target]]
    ... indicator = "green_cover"
    ... kind = "at_least"
    ... value = 40.0
    ... year = 2025
    ... [[target]]
    ... indicator = "pm25"
    ... kind = "at_most"
    ... value = 35.0
    ... '''
    >>> data = pd.DataFrame({"unit": ["A", "B"], "year": [2024, 2024], "green_cover": [42.0, 36.0],
    ...                      "pm25": [30.0, 50.0], "bus_share": [55.0, 60.0]})
    >>> res = tj.check(data, fw, plan)
    >>> res.status[["unit", "indicator", "status", "achievement"]]
      unit    indicator          status  achievement
    0    A  green_cover             met          1.0
    1    A         pm25             met          1.0
    2    A    bus_share  not_applicable          NaN
    3    B  green_cover     not_yet_due          0.9
    4    B         pm25          missed          0.7
    5    B    bus_share  not_applicable          NaN
    >>> res.overall[["met", "due", "due_met", "rate"]]
          met  due  due_met  rate
    unit
    A       2    1        1   1.0
    B       0    1        0   0.0
    >>> res.problems[["unit", "rank", "indicator", "reason", "severity"]].round(3)
      unit  rank indicator  reason  severity
    0    B     1      pm25  missed     0.429
    """
    profile = _coerce_profile(targets)
    if framework is None:
        if not profile.framework:
            raise make_error(FrameworkError, "check.no_framework",
                             f"no framework given and profile '{profile.name}' names none; pass framework=")
        framework = profile.framework
    fw = _coerce(framework)
    panel, labels = _panel(data, fw, units, periods, columns, unit_names)

    options = _given(strict=strict, include_not_applicable=include_not_applicable, cap=cap, bands=bands,
                     grade_labels_zh=grade_labels_zh, grade_labels_en=grade_labels_en, weak_below=weak_below,
                     bottom_k=bottom_k, weights=weights, obstacle_factor=obstacle_factor,
                     obstacle_scaling=obstacle_scaling)
    if period is not None:
        if _is_bool(period) or isinstance(period, (list, tuple, dict, set)):
            raise argument_type(f"period must be one period label (e.g. 2021), not {type(period).__name__}")
        options["period"] = labels.period_key(period)
    if only_units is not None:
        chosen = [only_units] if isinstance(only_units, (str, numbers.Integral)) else only_units
        if not isinstance(chosen, (Sequence, np.ndarray)) and not hasattr(chosen, "__iter__"):
            raise argument_type(f"only_units must be a unit label or a list of them, not {type(only_units).__name__}")
        options["units"] = [labels.unit_key(u) for u in chosen]
    if not _is_bool(composite):  # decides what Python computes; the core never sees it
        raise argument_type(f"composite must be True or False, not {type(composite).__name__}")

    core = _core.check(fw._fw, panel, profile._p, options)
    comp = None
    if composite:
        ccore = _core.green_city_score(fw._fw, panel, profile._p, Recipe()._r, _given(cap=cap))
        comp = GreenCityScore(ccore, labels.index)
    return CheckResult(core, labels, comp, fw)


class CheckResult:
    """The result of :func:`tijian.check`: verdicts, achievement, problem list, obstacles.

    Every table is a DataFrame with a plain RangeIndex and ``unit`` / ``period`` columns
    holding the caller's own labels (e.g. ``2021`` stays an int), rows in the C++ order (units
    in data order, indicators in framework order). Enumerations are lower-case English words
    (``status``: met, on_track, behind_schedule, missed, not_yet_due, no_data,
    not_applicable; ``light``: green, yellow, red; ``reason``: missed, bottom_line_breach,
    behind_schedule, weak, bottom_k), each followed by a ``*_zh`` column with the Chinese
    label of the library. Grades are the option labels:
    ``grade`` (Chinese, as the CSV of the command line) and ``grade_en``. Missing values are
    NaN / ``<NA>`` (nullable Int64 years and indices, nullable boolean ``due`` /
    ``on_track``). The columns shared with the command line's CSV files (``tijian check
    --out x.csv``) have the same names and values.

    Attributes
    ----------
    status : DataFrame
        One row per unit x target (and per unit x indicator without a target):
        value, target, state, achievement ratio (capped), gap, relative gap, the trajectory
        value and the gap to it, progress, expected progress, on_track, grade, traffic light,
        bottom-line flags, weight, source, the plan's words, note. ``target_index`` is the
        row of :attr:`TargetProfile.targets`, ``target_id`` its id.
    achievement : DataFrame
        One row per unit x top-level dimension and one ``overall`` row per unit: counts by
        state, ``rate`` (达标率 = due_met / due), ``schedule_rate`` (进度达标率 =
        not_due_on_schedule / not_due), ``index`` (weighted mean capped achievement of the
        targets with data), bottom-line failures, light.
    problems : DataFrame
        The problem list (问题清单): per unit, missed targets first, then bottom lines
        breached before their year, then targets behind schedule; within each, bottom lines
        first and severity (the dimensionless relative gap) descending; ``rank`` from 1.
    obstacles : DataFrame
        Obstacle degree (障碍度, percent) of every targeted indicator with data, per unit,
        largest first; deviation = 1 - min(achievement, 1).
    obstacle_dimensions : DataFrame
        Obstacle degree of each top-level dimension (sum over its indicators).
    diagnostics : DataFrame
        What the check noticed (unknown data columns left out, a period that is not a year).
    """

    __slots__ = ("_core", "_labels", "_composite", "_framework", "_cache")

    def __init__(self, core: _core.CheckResult, labels: _Labels, composite: GreenCityScore | None,
                 framework: Framework | None = None) -> None:
        self._core = core
        self._labels = labels
        self._composite = composite
        self._framework = framework
        self._cache: dict[str, Any] = {}

    # --- tables ---------------------------------------------------------------------------

    def _table(self, name: str) -> pd.DataFrame:
        """A table of the core's description (check_tables.hpp) with the caller's labels."""
        if name not in self._cache:
            if "_tables" not in self._cache:
                self._cache["_tables"] = self._core.tables()
            self._cache[name] = _tables.frame(self._cache["_tables"][name],
                                              {"unit": self._labels.unit, "period": self._labels.period})
        return self._cache[name]

    @property
    def status(self) -> pd.DataFrame:
        """Verdict of every target of every unit (see the class docstring)."""
        return self._table("status")

    @property
    def achievement(self) -> pd.DataFrame:
        """Achievement by unit and top-level dimension, plus one ``overall`` row per unit."""
        return self._table("achievement")

    @property
    def overall(self) -> pd.DataFrame:
        """The ``overall`` rows of :attr:`achievement`, indexed by unit."""
        a = self.achievement
        return a[a["overall"]].drop(columns=["overall", "dimension_zh", "dimension_en"]).set_index("unit")

    @property
    def problems(self) -> pd.DataFrame:
        """The problem list: by state (missed, bottom line breached, behind), then severity."""
        return self._table("problems")

    @property
    def obstacles(self) -> pd.DataFrame:
        """Obstacle degree of each targeted indicator per unit (percent), largest first."""
        return self._table("obstacles")

    @property
    def obstacle_dimensions(self) -> pd.DataFrame:
        """Obstacle degree of each top-level dimension per unit (percent)."""
        return self._table("obstacle_dimensions")

    @property
    def diagnostics(self) -> pd.DataFrame:
        """Diagnostics: step, id, level, node, unit, period, message, count."""
        if "diagnostics" not in self._cache:
            self._cache["diagnostics"] = _tables.frame(self._core.diagnostics())
        return self._cache["diagnostics"]

    # --- what was checked -----------------------------------------------------------------

    @property
    def period(self) -> Any:
        """The checked period, as labelled in the data (``None`` for data without periods)."""
        return self._labels.period(str(self._core.period))

    @property
    def units(self) -> list[Any]:
        """The checked units, in data order, as labelled in the data."""
        return [self._labels.unit(u) for u in self._core.units]

    @property
    def framework(self) -> Framework:
        """The framework checked against."""
        if self._framework is None:
            self._framework = Framework._wrap(self._core.framework)
        return self._framework

    @property
    def profile(self) -> TargetProfile:
        """The target profile checked against."""
        if "profile" not in self._cache:
            self._cache["profile"] = TargetProfile._wrap(self._core.profile)
        return self._cache["profile"]

    @property
    def options(self) -> dict[str, Any]:
        """Every option of the check, defaults included (C++ ``check_options``)."""
        return dict(self._core.options)

    @property
    def provenance(self) -> dict[str, str]:
        """How to reproduce the check: library version, hashes of framework, profile and data,
        the profile's name and the sources (the ``provenance`` of :meth:`to_json`)."""
        return dict(self._core.provenance)

    @property
    def composite(self) -> GreenCityScore | None:
        """The composite green-city score when ``composite=True`` was given, else ``None``."""
        return self._composite

    # --- export ---------------------------------------------------------------------------

    def to_json(self, path: str | os.PathLike[str] | None = None) -> str | None:
        """The JSON document of ``tijian check --out x.json`` (provenance, options, every
        table, diagnostics, and the composite when present); written atomically to ``path``
        if given."""
        comp = self._composite._core if self._composite is not None else None
        if path is None:
            return str(self._core.to_json(comp))
        self._core.write_json(os.fspath(path), comp)
        return None

    def to_csv(self, path: str | os.PathLike[str] | None = None, *, headers: str = "codes", lang: str = "zh",
               bom: bool = False) -> dict[str, str] | list[str]:
        """The CSV tables of ``tijian check --out x.csv``.

        Without ``path``: a dict of CSV texts (status, achievement, problems, obstacles, and
        composite when present). With ``path``: writes ``<path>`` (status) and
        ``<stem>-achievement.csv``, ``<stem>-problems.csv``, ``<stem>-obstacles.csv`` (and
        ``<stem>-composite.csv``), each completely or not at all, and returns the paths.

        ``headers="codes"`` (the default, for programs) writes the ASCII column names and
        category codes with ``<name>_zh`` companions; ``headers="labels"`` (for people) writes
        every header, category and unit in ``lang`` ("zh" or "en"), as the command line does by
        default. ``bom=True`` starts each file with the UTF-8 byte-order mark Excel needs
        (read such a file back with ``pd.read_csv(path, encoding="utf-8-sig")``).
        """
        comp = self._composite._core if self._composite is not None else None
        with in_language(lang):
            if path is None:
                return {str(name): str(text) for name, text in self._core.to_csv(comp, headers, lang)}
            return [str(p) for p in self._core.write_csv(os.fspath(path), comp, headers, lang, bom)]

    def write(self, path: str | os.PathLike[str], *, headers: str = "codes", lang: str = "zh",
              bom: bool = False) -> list[str]:
        """Write the result as the command line's ``--out`` does: ``.json`` (one document,
        always codes with both languages' labels in its schema), ``.csv`` (the tables, see
        :meth:`to_csv` for ``headers``, ``lang`` and ``bom``) or ``.xlsx`` (the tables as
        sheets, see :meth:`to_excel`); returns the paths written."""
        p = os.fspath(path)
        if p.endswith(".json"):
            self.to_json(p)
            return [p]
        if p.endswith(".csv"):
            return list(self.to_csv(p, headers=headers, lang=lang, bom=bom))
        if p.lower().endswith((".xlsx", ".xlsm")):
            self.to_excel(p, headers=headers, lang=lang)
            return [p]
        raise ValueError(f"the path must end in .csv, .json or .xlsx (got '{p}')")

    def to_excel(self, path: str | os.PathLike[str], *, lang: str = "zh", headers: str = "labels") -> None:
        """Every table of :meth:`to_csv` (and the composite when present) as one sheet each
        of an .xlsx workbook, as ``tijian check --out x.xlsx`` writes it (atomically).
        ``headers="labels"`` (default): headers, categories and sheet names in ``lang`` ("zh"
        or "en") with a row of units under the header; ``"codes"``: the ASCII names and codes of
        :meth:`to_csv`. Header rows are frozen; numbers are numbers, missing cells empty."""
        comp = self._composite._core if self._composite is not None else None
        with in_language(lang):
            self._core.document(comp).write_xlsx(os.fspath(path), headers, lang)

    # --- plots ----------------------------------------------------------------------------

    def plot_radar(self, units: Any = None, **kwargs: Any) -> Axes:
        """Radar chart of achievement by dimension; see :func:`tijian.plots.check_radar`."""
        from . import plots

        return plots.check_radar(self, units, **kwargs)

    # --- protocol -------------------------------------------------------------------------

    def __reduce__(self) -> tuple[Any, ...]:
        return (CheckResult, (self._core, self._labels, self._composite))

    def __repr__(self) -> str:
        p = self.provenance["profile"]
        counts = self.overall[["met", "on_track", "behind_schedule", "missed", "not_yet_due", "no_data"]].sum()
        n = len(self.units)
        return (f"<tijian.CheckResult '{p}' period {self._core.period or '-'}: {n} unit{'s' if n != 1 else ''}, "
                f"{counts['met']} met, {counts['on_track']} on track, {counts['behind_schedule']} behind, "
                f"{counts['missed']} missed, {counts['not_yet_due']} pace unknown, "
                f"{counts['no_data']} no data, {len(self.problems)} problems>")

    def _repr_html_(self, max_rows: int = 20) -> str:
        prof = self.profile
        title = prof.name_zh or prof.name_en
        head = (f"<p><b>tijian health check</b> &middot; {html.escape(prof.name)}"
                + (f" ({html.escape(title)})" if title else "")
                + f" &middot; period {html.escape(str(self._core.period) or '-')} &middot; {len(self.units)} units"
                + (" &middot; strict" if self.options["strict"] else "") + "</p>")
        table = self.overall[["name", "targets", "met", "on_track", "behind_schedule", "missed", "no_data", "rate",
                              "schedule_rate", "light"]]
        body = table.head(max_rows).to_html(float_format=lambda v: f"{v:.2f}", na_rep="–", escape=True)
        more = f"<p>… {len(table) - max_rows} more units</p>" if len(table) > max_rows else ""
        probs = self.problems
        plist = ""
        if len(probs):
            top = probs[probs["rank"] <= 3][["unit", "rank", "indicator", "reason", "target", "value", "severity"]]
            plist = ("<details><summary>problem list: " + str(len(probs)) + " problems (top 3 per unit)</summary>"
                     + top.head(3 * max_rows).to_html(float_format=lambda v: f"{v:.3g}", na_rep="–", escape=True,
                                                       index=False) + "</details>")
        warn = self.diagnostics[self.diagnostics["level"] == "warning"]
        note = ""
        if len(warn):
            items = "".join(f"<li><code>{html.escape(r.id)}</code> {html.escape(r.message)}</li>"
                            for r in warn.head(10).itertuples())
            note = f"<details><summary>{len(warn)} warnings</summary><ul>{items}</ul></details>"
        return str(head + body + more + plist + note)


# --- composite score and coupling ---------------------------------------------------------------

def _best(best: Any) -> float:
    # Python divides by it (tables) before the core sees the scores, so it is checked here
    if _is_bool(best) or not isinstance(best, numbers.Real):
        raise argument_type(f"best must be a number, not {type(best).__name__}")
    if not (math.isfinite(best) and best > 0):  # else U = score / best is inf or nan (coupling.hpp)
        raise make_error(RecipeError, "coupling.best", f"best must be a positive number (100 or 1), not {best}")
    return float(best)


def _coupling_frame(cols: Mapping[str, Any], index: Any) -> pd.DataFrame:
    """The coupling table of the core's description (coupling_tables.hpp), indexed like the
    input. class and c_band stay nullable integers, also when no row is missing."""
    frame = _tables.frame(cols["table"]).astype({"class": "Int64", "c_band": "Int64"})
    frame.index = index
    return frame


def coupling(scores: Any, *, dimensions: Sequence[str] | None = None, best: float | None = None,
             formula: str | None = None, alpha: Sequence[float] | None = None, boundary: str | None = None,
             c_bands: str | None = None) -> pd.DataFrame:
    """Coupling coordination degree (耦合协调度) of subsystem scores, row by row.

    For each row the subsystem scores U in [0, 1] give the coupling degree C, the
    comprehensive coordination index T = sum alpha_i U_i and D = sqrt(C T), graded into ten
    classes (极度失调 ... 优质协调). See ``include/tijian/coupling.hpp`` for the formulas.

    Parameters
    ----------
    scores : DataFrame, 2-D array or Result
        A table of subsystem scores (rows x subsystems), or a scoring :class:`tijian.Result`
        (its top-level dimensions, or ``dimensions``).
    dimensions : list of str, optional
        Columns (or, for a Result, dimensions) to couple; default all columns (a Result: the
        root's children with a positive weight).
    best : float, optional
        The score meaning full development: U = score / best. Default 1 for tables, 100 for
        a Result (0-100 scores).
    formula : {"normative", "pairwise", "modified"}, optional
        The coupling degree C (default ``"normative"``: geometric over arithmetic mean).
    alpha : list of float, optional
        Weights of T, one per subsystem (default equal).
    boundary : {"lower_closed", "upper_closed"}, optional
        Class boundaries [a, b) (default) or (a, b].
    c_bands : {"mathmodels", "acta_geographica"}, optional
        Bands of C.

    Returns
    -------
    DataFrame
        Indexed like the input: C, T, D, class (0-9), class_zh, class_en, c_band (0-3),
        c_band_zh, c_band_en; ``.attrs["alpha"]`` holds the T weights used.

    Raises
    ------
    RecipeError
        A score outside [0, 1] after dividing by ``best`` (``coupling.range``), fewer than two
        subsystems (``coupling.shape``), bad alpha (``coupling.alpha``), an unknown option.

    Examples
    --------
    >>> import pandas as pd, tijian as tj
    >>> u = pd.DataFrame({"eco": [0.8, 0.2], "life": [0.8, 0.6]}, index=["A", "B"])
    >>> tj.coupling(u)[["C", "T", "D", "class_en"]].round(3)
           C    T      D              class_en
    A  1.000  0.8  0.894   good coordination
    B  0.866  0.4  0.589    barely coordinated
    """
    import pandas as pd

    opts = _given(formula=formula, alpha=alpha, boundary=boundary, c_bands=c_bands)
    if isinstance(scores, Result):
        cols = _core.coupling_of(scores._core, [] if dimensions is None else list(dimensions),
                                 100.0 if best is None else _best(best), opts)
        frame = _coupling_frame(cols, scores.index)
        frame.attrs["alpha"] = dict(zip(cols["subsystems"], np.asarray(cols["alpha"]).tolist()))
        return frame
    b = 1.0 if best is None else _best(best)
    if isinstance(scores, pd.DataFrame):
        table = scores if dimensions is None else scores[list(dimensions)]
        names = [str(c) for c in table.columns]
        index = table.index
        values = table.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        values = np.asarray(scores, dtype=np.float64)
        if values.ndim != 2:
            raise argument_type(f"scores must be a DataFrame or a 2-D array, not {values.ndim}-D")
        names = [str(i) for i in range(values.shape[1])]
        index = pd.RangeIndex(values.shape[0])
    cols = _core.coupling(values / b, opts)
    frame = _coupling_frame(cols, index)
    frame.attrs["alpha"] = dict(zip(names, np.asarray(cols["alpha"]).tolist()))
    return frame


def green_city_score(data: Any, framework: FrameworkLike | None = None, targets: ProfileLike | None = None, *,
                     cap: float | None = None, recipe: RecipeLike = None,
                     subsystems: Sequence[str] | None = None, coupling_on: str | None = None,
                     formula: str | None = None,
                     alpha: Sequence[float] | None = None, boundary: str | None = None,
                     c_bands: str | None = None, units: Any = None, periods: Any = None,
                     columns: Sequence[str] | None = None, unit_names: Any = None) -> GreenCityScore:
    """Composite green-city score and the coupling coordination of its dimensions.

    Every row of the data (all periods) is scored on one basis, target attainment: an
    indicator with a level target in the profile (at_least, at_most, band, yes_no, progress)
    scores value / target (lower is better: target / value), capped, x 100; one without a level
    target scores against the framework's goalposts if it declares them, and is otherwise not
    scored (``not_scored``; no score ever depends on the other cities in the data). A dimension
    with no indicator that can be scored is left out of the index and of the coupling, with a
    warning (``basis``, ``diagnostics``). The framework's weights; arithmetic aggregation. Then
    U = dimension score / (100 x max(cap, 1)) and the coupling coordination degree of the
    top-level dimensions (see :func:`coupling`). See ``include/tijian/composite.hpp``.

    Parameters
    ----------
    data, framework, targets
        As for :func:`check` (framework: default the one the profile names).
    cap : float, optional
        Cap of the target ratios (default 1; 1.2 keeps over-achievement).
    recipe : Recipe, dict, path or TOML text, optional
        Every other choice of the scoring run (aggregation, missing data, ties, grades); its
        normalisation is replaced.
    coupling_on : {"schedule", "attainment"}, optional
        What the development level U of a dimension is: ``"schedule"`` (default) the share of
        its targets met or on track in the row's period (the health check's states), or
        ``"attainment"`` its target-attainment score / 100. A city evenly at 65 % of every
        target but behind schedule on all of them is coordinated on attainment, not on the
        schedule (``include/tijian/composite.hpp``).
    subsystems : list of str, optional
        Dimensions coupled (default the root's children with a positive weight that can be
        scored).
    formula, alpha, boundary, c_bands
        Coupling options, as for :func:`coupling`.
    units, periods, columns, unit_names
        Row labelling of the data, as for :func:`tijian.score`.

    Returns
    -------
    GreenCityScore

    Examples
    --------
    >>> import pandas as pd, tijian as tj
    >>> fw = {"code": "GC", "children": [
    ...     {"code": "ECO", "children": [{"code": "green_cover"}]},
    ...     {"code": "LIFE", "children": [{"code": "bus_share"}]}]}
    >>> plan = {"profile": "demo", "targets": [
    ...     {"indicator": "green_cover", "kind": "at_least", "value": 40.0},
    ...     {"indicator": "bus_share", "kind": "at_least", "value": 60.0}]}
    >>> data = pd.DataFrame({"green_cover": [40.0, 20.0], "bus_share": [60.0, 45.0]},
    ...                     index=pd.Index(["A", "B"], name="city"))
    >>> g = tj.green_city_score(data, fw, plan)
    >>> g.scores.round(1)
    code     GC    ECO   LIFE
    city
    A     100.0  100.0  100.0
    B      62.5   50.0   75.0
    >>> g.coupling[["D", "class_en"]].round(3)
            D                   class_en
    city
    A     1.0  high-quality coordination
    B     0.0          extreme imbalance
    >>> a = tj.green_city_score(data, fw, plan, coupling_on="attainment")  # B misses both targets
    >>> a.coupling[["D", "class_en"]].round(3)
              D                   class_en
    city
    A     1.000  high-quality coordination
    B     0.783  intermediate coordination
    """
    profile = _coerce_profile(targets)
    if framework is None:
        if not profile.framework:
            raise make_error(FrameworkError, "check.no_framework",
                             f"no framework given and profile '{profile.name}' names none; pass framework=")
        framework = profile.framework
    fw = _coerce(framework)
    panel, labels = _panel(data, fw, units, periods, columns, unit_names)
    opts = _given(cap=cap, subsystems=subsystems, coupling_on=coupling_on, formula=formula, alpha=alpha,
                  boundary=boundary,
                  c_bands=c_bands)
    base = Recipe.coerce(recipe)
    core = _core.green_city_score(fw._fw, panel, profile._p, base._r, opts)
    return GreenCityScore(core, labels.index)


class GreenCityScore:
    """The composite green-city score of :func:`green_city_score`.

    Attributes
    ----------
    result : Result
        The scoring run (scores, ranks, normalised values, weights, contributions).
    scores : DataFrame
        Scores of every aggregate (0-100), rows as in the data.
    u : DataFrame
        The subsystem scores U in [0, 1] that are coupled.
    coupling : DataFrame or None
        C, T, D and the classes per row (as :func:`coupling`); ``None`` with fewer than two
        subsystems.
    coverage : DataFrame
        Per row and scored aggregate, the share (0-1) of its framework weight that entered the
        score (indicators not scored, without a column or missing in the row do not).
    basis : DataFrame
        One row per aggregate of the framework: what its score rests on (target attainment,
        goalposts, mixed, no data, not scored) and how many indicators of each kind it has.
    diagnostics : DataFrame
        Dimensions and indicators not scored, and the scoring run's diagnostics.
    target_based, goalpost_based, not_scored, left_out, ignored_columns, subsystems : list of str
        Indicators scored by target attainment, scored against goalposts, with data but not
        scored, framework indicators without a data column, data columns not in the framework,
        the coupled dimensions.
    """

    __slots__ = ("_core", "_index", "_cache")

    def __init__(self, core: _core.CompositeResult, index: pd.Index) -> None:
        self._core = core
        self._index = index  # every data row, as the caller labelled them
        self._cache: dict[str, Any] = {}

    @property
    def result(self) -> Result:
        if "result" not in self._cache:
            s = self._core.scores
            rec = Recipe._wrap(_core.Recipe.from_toml(s.provenance["recipe"], "<green_city_score>"))
            self._cache["result"] = Result(s, self._index, Framework._wrap(s.framework), rec)
        return self._cache["result"]

    @property
    def scores(self) -> pd.DataFrame:
        return self.result.scores

    @property
    def ranks(self) -> pd.DataFrame:
        return self.result.ranks

    @property
    def u(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(np.array(self._core.u), index=self.result.index,
                            columns=pd.Index(list(self._core.subsystems), name="code"))

    @property
    def coupling(self) -> pd.DataFrame | None:
        if "coupling" not in self._cache:
            cols = self._core.coupling()
            frame = None
            if cols is not None:
                frame = _coupling_frame(cols, self.result.index)
                frame.attrs["alpha"] = dict(zip(self._core.subsystems, np.asarray(cols["alpha"]).tolist()))
            self._cache["coupling"] = frame
        return self._cache["coupling"]

    @property
    def target_based(self) -> list[str]:
        return list(self._core.target_based)

    @property
    def goalpost_based(self) -> list[str]:
        return list(self._core.goalpost_based)

    @property
    def not_scored(self) -> list[str]:
        return list(self._core.not_scored)

    @property
    def coverage(self) -> pd.DataFrame:
        if "coverage" not in self._cache:
            import pandas as pd

            table = self._table()
            cols = [c for c in table.columns if c.endswith("_coverage")]
            frame = table[cols].rename(columns=lambda c: c[: -len("_coverage")])
            frame.index = self.result.index
            frame.columns = pd.Index(list(frame.columns), name="code")
            self._cache["coverage"] = frame
        return self._cache["coverage"]

    @property
    def basis(self) -> pd.DataFrame:
        if "basis" not in self._cache:
            self._cache["basis"] = _tables.frame(self._core.basis())
        return self._cache["basis"]

    @property
    def diagnostics(self) -> pd.DataFrame:
        if "diagnostics" not in self._cache:
            self._cache["diagnostics"] = _tables.frame(self._core.diagnostics())
        return self._cache["diagnostics"]

    def _table(self) -> pd.DataFrame:
        if "table" not in self._cache:
            self._cache["table"] = _tables.frame(self._core.table())
        return self._cache["table"]

    @property
    def left_out(self) -> list[str]:
        return list(self._core.left_out)

    @property
    def ignored_columns(self) -> list[str]:
        return list(self._core.ignored_columns)

    @property
    def subsystems(self) -> list[str]:
        return list(self._core.subsystems)

    @property
    def profile(self) -> TargetProfile:
        return TargetProfile._wrap(self._core.profile)

    def to_frame(self) -> pd.DataFrame:
        """Scores of every aggregate, the composite rank, and the coupling columns."""
        import pandas as pd

        parts = [self.scores, self.ranks.iloc[:, :1].rename(columns=lambda c: "rank")]
        if self.coupling is not None:
            parts.append(self.coupling)
        return pd.concat(parts, axis=1)

    def to_csv(self, path: str | os.PathLike[str] | None = None, *, headers: str = "codes", lang: str = "zh",
               bom: bool = False) -> str | None:
        """The ``<stem>-composite.csv`` table of the command line; written to ``path`` if
        given. ``headers``, ``lang`` and ``bom`` as in :meth:`CheckResult.to_csv`."""
        text = str(self._core.to_csv(headers, lang))
        if path is None:
            return text
        with open(os.fspath(path), "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
            f.write(text)
        return None

    def to_excel(self, path: str | os.PathLike[str], *, lang: str = "zh", headers: str = "labels") -> None:
        """The composite, basis and diagnostics tables as sheets of an .xlsx workbook;
        ``headers`` and ``lang`` as in :meth:`CheckResult.to_excel`."""
        with in_language(lang):
            self._core.document().write_xlsx(os.fspath(path), headers, lang)

    def __reduce__(self) -> tuple[Any, ...]:
        return (GreenCityScore, (self._core, self._index))

    def __repr__(self) -> str:
        n = len(self.result)
        return (f"<tijian.GreenCityScore '{self.profile.name}': {n} rows, {len(self.target_based)} target-based, "
                f"{len(self.goalpost_based)} goalpost and {len(self.not_scored)} not scored indicators, "
                f"subsystems {', '.join(self.subsystems)}>")

