# SPDX-License-Identifier: MIT
"""Data preparation, every stage visible: ``tj.prepare(data, framework, ...)``.

Runs the recipe's ``prepare`` section in C++ (``tijian/prepare.hpp``; COINr's order):
denominate -> screen units -> impute -> treat outliers, keeping each intermediate data set and
a record of every change. :func:`tijian.score` runs the same steps before normalising.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core, _tables
from ._errors import DataError, argument_type, make_error
from ._data import _PERIOD_NAMES, _UNIT_NAMES, _find, _labels, build_panel
from ._records import RowLabels
from .framework import FrameworkLike, _coerce
from .recipe import Recipe, RecipeLike

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .framework import Framework

__all__ = ["prepare", "Prepared"]

STAGES = ("raw", "denominated", "screened", "imputed", "treated")
_STAGE_OF_STEP = {"denominate": "denominated", "screen": "screened", "impute": "imputed", "treat": "treated"}
# the steps of [prepare] that may be given directly, and the key a bare value sets
_STEPS = {"denominate": None, "screen": "policy", "impute": "method", "treat": "method"}


def _recipe_with_steps(recipe: RecipeLike, options: dict[str, Any], framework: Any = None) -> Recipe:
    """The recipe with ``denominate=``, ``screen=``, ``impute=``, ``treat=`` merged into its
    prepare section (after the other recipe options)."""
    steps = {k: options.pop(k) for k in list(options) if k in _STEPS}
    rec = Recipe.coerce(recipe, framework=framework, **options)
    if not steps:
        return rec
    section: dict[str, Any] = {}
    for name, value in steps.items():
        key = _STEPS[name]
        if key is not None and isinstance(value, str):
            value = {key: value}
        elif key is not None and not isinstance(value, Mapping):
            raise argument_type(f"{name} must be a dict or a {key} name, not {type(value).__name__}")
        section[name] = value
    return rec.replace(prepare=section)


def _denominator_panel(table: Any) -> Any:
    """A separate denominator table (COINr's ``denoms``) as a C++ panel: rows labelled by the
    index (unit, or (unit, period)), or by unit / period columns recognised by name as in the
    CSV reader; every other numeric column is a denominator (text columns are left out)."""
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise argument_type(f"denominators must be a DataFrame, not {type(table).__name__}")
    frame = table
    if isinstance(frame.index, pd.RangeIndex):
        ucol = _find(list(frame.columns), _UNIT_NAMES)
        if ucol is None:
            raise make_error(DataError, "data.missing_column",
                             "the denominator table needs a unit index or a unit column (uCode, unit, code, ...)")
        pcol = _find([c for c in frame.columns if c != ucol], _PERIOD_NAMES)
        frame = frame.set_index([ucol] if pcol is None else [ucol, pcol])
    index = frame.index
    numeric = [c for c in frame.columns
               if pd.api.types.is_numeric_dtype(frame[c].dtype) and not pd.api.types.is_bool_dtype(frame[c].dtype)]
    panel = _core.Panel(len(frame), [str(c) for c in numeric], "<denominators>")
    values = panel.values
    for k, c in enumerate(numeric):
        values[:, k] = frame[c].to_numpy(dtype=np.float64, na_value=np.nan)
    units = index.get_level_values(0) if isinstance(index, pd.MultiIndex) else index
    ustr, uint = _labels(units, "unit")
    if uint is not None:
        panel.set_unit_numbers(uint)
    else:
        panel.set_units(ustr)
    if isinstance(index, pd.MultiIndex):
        pstr, pint = _labels(index.get_level_values(1), "period")
        panel.set_periods(pstr if pstr is not None else [str(v) for v in pint])
    return panel


def prepare(data: Any, framework: FrameworkLike, recipe: RecipeLike = None, *, denominators: Any = None,
            units: Any = None, periods: Any = None, columns: Sequence[str] | None = None,
            unit_names: Any = None, groups: Sequence[str] = (), **options: Any) -> Prepared:
    """Prepare indicator data as the recipe says and keep every stage.

    The steps of the recipe's ``prepare`` section run in COINr's order: divide indicators by
    their framework denominators, drop units with too little data, impute missing values,
    treat outliers; or in the order ``prepare={"order": [...]}`` lists (e.g. screening after
    imputing, as COINr's example build). A step the recipe does not ask for leaves the data
    as they were, so ``.prepared`` (``.treated`` in the default order) is always what
    :func:`tijian.score` would normalise.

    Parameters
    ----------
    data : DataFrame or array-like
        As for :func:`tijian.score`. Denominator columns named by the framework (e.g.
        ``Population``) may be part of it; group columns for group imputation are named
        with ``groups=`` or recognised (``*_group``, ``Group_*``).
    framework : Framework, preset name, path, TOML text, dict or iMeta DataFrame
        The indicator tree; its indicators' ``denominator`` and ``scale_factor`` say what
        denomination divides by.
    recipe : Recipe, dict, path or TOML text, optional
        A recipe with a ``prepare`` section (other sections are not used here).
    denominators : DataFrame, optional
        Denominators in a separate table (COINr's ``denoms``, e.g. World Bank population),
        matched by unit (and period): indexed by unit or (unit, period), or with unit /
        period columns; its numeric columns are the denominators.
    units, periods, columns, unit_names, groups
        Row labels and group columns, as for :func:`tijian.score`.
    **options
        ``denominate=True``, ``screen=``, ``impute=``, ``treat=`` (a dict of the
        ``[prepare.<step>]`` keys, or a bare policy / method name), merged into the recipe's
        ``prepare`` section; ``prepare=`` and the other recipe sections as for
        :func:`tijian.score`.

    Returns
    -------
    Prepared
        The stages ``.raw``, ``.denominated``, ``.screened``, ``.imputed``, ``.treated``
        and what each step did.

    Raises
    ------
    RecipeError
        Invalid preparation options (``recipe.screen``, ``recipe.impute``, ``recipe.treat``),
        an unknown group column (``recipe.unknown_group``) or forced unit
        (``recipe.unknown_unit``), a ``treat.by_indicator`` code that is not an indicator.
    DataError
        As :func:`tijian.score`; a denominator column that is missing
        (``data.denominator_missing``); screening that drops every row
        (``screen.all_removed``).
    FrameworkError
        As :func:`tijian.score`.

    Examples
    --------
    >>> import numpy as np, pandas as pd, tijian as tj
    >>> df = pd.DataFrame({"region": ["east", "east", "west", "west", "west"],
    ...                    "pm25": [30.0, np.nan, 50.0, 46.0, np.nan],
    ...                    "green": [40.0, 44.0, 30.0, np.nan, 35.0]},
    ...                   index=pd.Index(["qd", "jn", "xa", "lz", "xn"], name="city"))
    >>> fw = {"code": "IDX", "children": [{"code": "pm25", "direction": "lower"}, {"code": "green"}]}
    >>> p = tj.prepare(df, fw, groups=["region"], impute={"method": "group_mean", "group": "region"})
    >>> p.imputed
          pm25  green
    city
    qd    30.0   40.0
    jn    30.0   44.0
    xa    50.0   30.0
    lz    46.0   32.5
    xn    48.0   35.0
    >>> p.imputations
      unit indicator      method  value group
    0   jn      pm25  group_mean   30.0  east
    1   xn      pm25  group_mean   48.0  west
    2   lz     green  group_mean   32.5  west
    """
    fw = _coerce(framework)
    rec = _recipe_with_steps(recipe, dict(options), fw)
    built = build_panel(data, fw, rec, units=units, periods=periods, columns=columns,
                        unit_names=unit_names, groups=groups)
    den = None if denominators is None else _denominator_panel(denominators)
    core = _core.prepare(fw._fw, built.panel, rec._r, den)
    return Prepared(core, built.index, fw, rec)


class Prepared:
    """Every stage of a data preparation and what each step did (see :func:`tijian.prepare`).

    The stages are DataFrames with the input's row labels and columns (indicators, and
    denominator columns when the input had them): ``raw`` and ``denominated`` have every
    input row, ``screened``, ``imputed`` and ``treated`` the rows screening kept. A step the
    recipe did not ask for gives a copy of the stage before it.

    The records are DataFrames (empty, with their columns, when the step did not run); their
    ``unit`` and ``period`` columns hold the caller's labels (``period`` only for panel
    data):

    * ``denominations``: per denominated indicator, the denominator, scale factor, cells
      divided and cells made missing by a missing or zero denominator;
    * ``screening``: per input row, indicators, missing values, zeros, availability,
      non-zero share, the low-data flags, forced inclusion or exclusion, included, reason;
    * ``imputations``: every filled cell with its method (``"group_mean>mean"`` when a
      group fall-back was used), value and group;
    * ``left_missing``: every cell imputation could not fill, with the ``reason``
      (``unit_group_missing``, ``group_all_missing``, ``no_values``, ...);
    * ``em``: the EM fits (method ``em``): group, indicators, iterations, converged, last
      change, ridge; :meth:`em_model` gives a fit's mean and covariance;
    * ``treatment``: COINr's ``Dets_Table``: per indicator and period the method, status,
      skewness and kurtosis before, after the method and at the end, points winsorised high
      and low, whether the log fall-back was used, Box-Cox lambda, clip bounds;
    * ``treated_cells``: every cell the treatment changed, with how, before and after;
    * ``diagnostics``: the above summarised, as in :attr:`tijian.Result.diagnostics`.
    """

    __slots__ = ("_core", "_index", "_labels", "_framework", "_recipe", "_cache")

    def __init__(self, core: dict[str, Any], index: pd.Index, framework: Framework, recipe: Recipe) -> None:
        self._core = core
        self._index = index
        self._labels = RowLabels(index)
        self._framework = framework
        self._recipe = recipe
        self._cache: dict[str, Any] = {}

    # --- stages -------------------------------------------------------------------------------

    @property
    def kept_index(self) -> pd.Index:
        """Row labels of the screened, imputed and treated stages."""
        removed = np.asarray(self._core["removed_rows"], dtype=np.int64)
        return self._index.delete(removed) if removed.size else self._index

    @property
    def removed(self) -> pd.Index:
        """Row labels of the input rows screening dropped (empty when it dropped none)."""
        return self._index.take(np.asarray(self._core["removed_rows"], dtype=np.int64))

    def stage(self, name: str) -> pd.DataFrame:
        """One stage by name: ``"raw"``, ``"denominated"``, ``"screened"``, ``"imputed"``
        or ``"treated"``. The DataFrame is the object's own (cached); copy it to modify."""
        import pandas as pd

        if name not in STAGES:
            raise ValueError(f"unknown stage {name!r}; the stages are {', '.join(STAGES)}")
        key = "stage:" + name
        if key not in self._cache:
            s = self._core[name]
            # a stage before screening has every input row (screening may run after imputing)
            rows = np.asarray(s["values"]).shape[0]
            index = self._index if rows == len(self._index) else self.kept_index
            self._cache[key] = pd.DataFrame(s["values"], index=index, columns=pd.Index(list(s["columns"])),
                                            copy=False)
        return self._cache[key]

    @property
    def raw(self) -> pd.DataFrame:
        """The input values, as C++ read them."""
        return self.stage("raw")

    @property
    def denominated(self) -> pd.DataFrame:
        """After dividing by the denominators (a copy of ``raw`` without denomination)."""
        return self.stage("denominated")

    @property
    def screened(self) -> pd.DataFrame:
        """The rows screening kept."""
        return self.stage("screened")

    @property
    def imputed(self) -> pd.DataFrame:
        """After imputation."""
        return self.stage("imputed")

    @property
    def treated(self) -> pd.DataFrame:
        """After outlier treatment: the prepared data, what normalisation reads (in the
        default order; see :attr:`prepared`)."""
        return self.stage("treated")

    @property
    def order(self) -> list[str]:
        """The order the steps ran in (the recipe's ``prepare.order``)."""
        return [str(s) for s in self._core["order"]]

    @property
    def prepared(self) -> pd.DataFrame:
        """The prepared data, what normalisation reads: the stage of the last step
        (``treated`` in the default order)."""
        return self.stage(_STAGE_OF_STEP[self.order[-1]])

    # --- records ------------------------------------------------------------------------------

    def _record(self, key: str) -> pd.DataFrame:
        """A record table of the core's description (prepare_tables.hpp)."""
        if key not in self._cache:
            self._cache[key] = self._labels.frame(self._core["tables"][key])
        return self._cache[key]

    @property
    def denominations(self) -> pd.DataFrame:
        """What denomination did, per denominated indicator."""
        return self._record("denominations")

    @property
    def screening(self) -> pd.DataFrame:
        """Per input row: what was missing or zero and whether screening kept it."""
        return self._record("screening")

    @property
    def imputations(self) -> pd.DataFrame:
        """Every imputed cell with its method, value and group."""
        return self._record("imputations")

    @property
    def left_missing(self) -> pd.DataFrame:
        """Every cell imputation left missing, with the reason."""
        return self._record("left_missing")

    @property
    def em(self) -> pd.DataFrame:
        """The EM fits (imputation method ``em``), one row per group and period."""
        import pandas as pd

        if "em" not in self._cache:
            frame = self._labels.frame(self._core["tables"]["em"])
            # each fit's indicators are a list, not a cell of the core's table
            at = 2 if "period" in frame.columns else 1
            lists = [list(m["indicators"]) for m in self._core["em_models"]]
            frame.insert(at, "indicators", pd.Series(lists, dtype=object if lists else str))
            self._cache["em"] = frame
        return self._cache["em"]

    def em_model(self, group: str, period: Any = None) -> tuple[pd.Series, pd.DataFrame]:
        """The mean and covariance an EM fit converged to, in the indicators' units."""
        import pandas as pd

        key = self._labels.period_key(period)
        for m in self._core["em_models"]:
            if m["group"] == group and (period is None or m["period"] == key):
                codes = pd.Index(list(m["indicators"]), name="indicator")
                return (pd.Series(np.asarray(m["mean"]), index=codes, name="mean"),
                        pd.DataFrame(np.asarray(m["covariance"]), index=codes, columns=codes))
        raise KeyError(f"no EM fit for group {group!r}" + ("" if period is None else f" in period {period!r}"))

    @property
    def treatment(self) -> pd.DataFrame:
        """The outlier treatment per indicator and period (COINr's Dets_Table)."""
        return self._record("treatment")

    @property
    def treated_cells(self) -> pd.DataFrame:
        """Every cell the outlier treatment changed."""
        return self._record("treated_cells")

    @property
    def diagnostics(self) -> pd.DataFrame:
        """What each step did or noticed, one row per event kind (as Result.diagnostics)."""
        if "diagnostics" not in self._cache:
            self._cache["diagnostics"] = _tables.frame(self._core["diagnostics"])
        return self._cache["diagnostics"]

    @property
    def framework(self) -> Framework:
        """The framework of the preparation."""
        return self._framework

    @property
    def recipe(self) -> Recipe:
        """The recipe whose ``prepare`` section ran."""
        return self._recipe

    # --- display ------------------------------------------------------------------------------

    def _summary(self) -> list[str]:
        out = []
        if len(self.denominations):
            out.append(f"{len(self.denominations)} indicators denominated")
        if len(self.screening):
            out.append(f"{len(self.removed)} of {len(self._index)} rows removed by screening")
        if len(self.imputations) or len(self.left_missing):
            out.append(f"{len(self.imputations)} cells imputed"
                       + (f", {len(self.left_missing)} left missing" if len(self.left_missing) else ""))
        t = self.treatment
        if len(t):
            treated = int(t["status"].isin(["treated", "fallback", "forced"]).sum())
            failed = int((t["status"] == "failed").sum())
            out.append(f"{treated} indicator columns treated ({len(self.treated_cells)} cells)"
                       + (f", {failed} still failing" if failed else ""))
        return out or ["no preparation step in the recipe"]

    def __repr__(self) -> str:
        return (f"<tijian.Prepared '{self._framework.root}': {len(self._index)} rows; "
                + "; ".join(self._summary()) + ">")

    def _repr_html_(self, max_rows: int = 10) -> str:
        items = "".join(f"<li>{html.escape(s)}</li>" for s in self._summary())
        head = (f"<p><b>tijian prepared data</b> &middot; {html.escape(self._framework.name)} &middot; "
                f"{len(self._index)} rows in, {len(self.kept_index)} out</p><ul>{items}</ul>")
        d = self.diagnostics
        warn = d[d["level"] == "warning"]
        note = ""
        if len(warn):
            rows = "".join(f"<li><code>{html.escape(str(r.id))}</code> {html.escape(str(r.node))} "
                           f"{html.escape(str(r.message))}</li>" for r in warn.head(max_rows).itertuples())
            note = f"<details><summary>{len(warn)} warnings</summary><ul>{rows}</ul></details>"
        return str(head + note)
