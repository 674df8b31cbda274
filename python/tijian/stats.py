# SPDX-License-Identifier: MIT
"""Indicator statistics (指标统计与诊断): ``tj.stats(data, framework, ...)``.

What an auditor asks before trusting an index, computed in C++ (``tijian/stats.hpp``; COINr's
get_stats, get_corr, get_corr_flags, get_cronbach and get_PCA): per indicator and period the
distribution with availability, zero and uniqueness shares and flags; correlations within
groups and with parents, flagged when collinear or negative; Cronbach's alpha and principal
components per group.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from ._data import build_panel
from ._records import RowLabels
from .framework import FrameworkLike, _coerce
from .recipe import Recipe, RecipeLike

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .framework import Framework

__all__ = ["stats", "StatsReport"]



def stats(data: Any, framework: FrameworkLike, recipe: RecipeLike = None, *, level: int = 2,
          correlation: str = "pearson", t_skew: float = 2.0, t_kurt: float = 3.5, t_avail: float = 0.65,
          t_nonzero: float = 0.5, t_unique: float = 0.5, collinear: float = 0.9, negative: float = -0.4,
          values: str = "normalised", units: Any = None, periods: Any = None,
          columns: Sequence[str] | None = None, unit_names: Any = None, groups: Sequence[str] = (),
          **options: Any) -> StatsReport:
    """Statistics of a framework's indicators: distributions with flags, correlations,
    Cronbach's alpha and PCA per group.

    The data are scored with the recipe first, so the indicator table describes what
    normalisation reads (after the recipe's preparation -- denomination, screening,
    imputation, outlier treatment -- when it has one), while correlations, alpha and PCA use
    the normalised values, direction-adjusted: a negative correlation is a real conflict, not
    a cost indicator. The same computation as the command ``tijian stats``.

    Parameters
    ----------
    data : DataFrame or array-like
        As for :func:`tijian.score` (wide, (unit, period) MultiIndex, long, or an array).
    framework : Framework, preset name, path, TOML text, dict or iMeta DataFrame
        The indicator tree.
    recipe : Recipe, dict, path or TOML text, optional
        The methodological choices (see :class:`tijian.Recipe`), e.g. with a ``prepare``
        section.
    level : int, default 2
        Framework level of the groups (COINr's levels: indicators are 1) for within-group
        correlations, alpha and PCA; a level above the framework's height groups every
        indicator under the root.
    correlation : {"pearson", "spearman", "kendall"}, default "pearson"
        Pairwise complete; Kendall's is tau-b.
    t_skew, t_kurt : float, default 2 and 3.5
        An indicator is flagged ``skew_kurt_outlier`` when \\|skewness\\| > t_skew and excess
        kurtosis > t_kurt (both type 2, as ``scipy.stats.skew``/``kurtosis`` with
        ``bias=False``).
    t_avail, t_nonzero, t_unique : float, default 0.65, 0.5 and 0.5
        Shares below which ``low_availability`` (available values / rows of the period),
        ``low_nonzero`` and ``low_unique`` (non-zero and unique values / available values)
        are flagged.
    collinear : float, default 0.9
        Within-group pairs with r above this are flagged ``"collinear"``.
    values : {"normalised", "prepared", "raw"}, default "normalised"
        What the tables describe: ``"normalised"`` as above; ``"prepared"``: every table on
        the data normalisation reads; ``"raw"``: every table on the data as given, before any
        preparation (COINr's ``get_stats``/``get_corr`` on the Raw data set; cost indicators
        not flipped). Each table has a ``values`` column saying which (correlations of a node
        with its parent are always of normalised values and scores).
    negative : float, default -0.4
        Pairs (within groups, and nodes with their parent) with r below this are flagged
        ``"negative"``.
    units, periods, columns, unit_names, groups
        Row labels and group columns, as for :func:`tijian.score`.
    **options
        Recipe sections given directly (``normalise=``, ``prepare=``, ...), merged over
        ``recipe``.

    Returns
    -------
    StatsReport
        ``.indicators``, ``.correlations``, ``.alpha`` and ``.pca`` as DataFrames,
        :meth:`~StatsReport.loadings` and :meth:`~StatsReport.correlation_matrix`.

    Raises
    ------
    RecipeError
        An invalid option, naming it: ``correlation`` (id ``stats.correlation``), ``level``
        (``stats.level``), a threshold that is not a finite number or a share outside [0, 1]
        (``stats.threshold``); or a recipe that cannot apply (as :func:`tijian.score`).
    DataError, FrameworkError
        As :func:`tijian.score`.

    Examples
    --------
    >>> import pandas as pd, tijian as tj
    >>> df = pd.DataFrame({"pm25": [35.0, 20.0, 50.0, 41.0, 28.0],
    ...                    "no2": [30.0, 22.0, 41.0, 35.0, 26.0],
    ...                    "green": [40.0, 45.0, 30.0, 33.0, 44.0]},
    ...                   index=pd.Index(["qd", "jn", "zb", "wf", "yt"], name="city"))
    >>> fw = {"code": "IDX", "children": [
    ...     {"code": "AIR", "children": [{"code": "pm25", "direction": "lower"},
    ...                                  {"code": "no2", "direction": "lower"}]},
    ...     {"code": "ENV", "children": [{"code": "green"}]}]}
    >>> rep = tj.stats(df, fw)
    >>> rep.indicators[["indicator", "min", "max", "mean", "sd"]].round(2)
      indicator   min   max  mean     sd
    0      pm25  20.0  50.0  34.8  11.56
    1       no2  22.0  41.0  30.8   7.46
    2     green  30.0  45.0  38.4   6.66
    >>> rep.correlations.query("relation == 'within_group'")[["a", "b", "group", "r", "flag"]].round(3)
          a    b group      r       flag
    0  pm25  no2   AIR  0.996  collinear
    >>> rep.alpha[["group", "indicators", "alpha", "values"]].round(3)
      group  indicators  alpha      values
    0   AIR           2  0.998  normalised
    1   ENV           1    NaN  normalised
    >>> rep.correlation_matrix("AIR").round(3)
    indicator   pm25    no2
    indicator
    pm25       1.000  0.996
    no2        0.996  1.000
    """
    fw = _coerce(framework)
    rec = Recipe.coerce(recipe, framework=fw, **options)
    built = build_panel(data, fw, rec, units=units, periods=periods, columns=columns,
                        unit_names=unit_names, groups=groups)
    # passed through as given: the core converts and checks every option (stats.hpp) and
    # reports the options it used
    core = _core.stats(fw._fw, built.panel, rec._r, correlation, level, t_skew, t_kurt, t_avail, t_nonzero,
                       t_unique, collinear, negative, values)
    return StatsReport(core, RowLabels(built.index), fw, rec, core["options"])


class StatsReport:
    """The statistics of :func:`tijian.stats`, as DataFrames.

    Attributes
    ----------
    indicators : DataFrame
        One row per indicator (and period, for panel data), framework order: ``rows`` (units
        in the period), ``available``, ``share_available``, ``min``, ``max``, ``mean``,
        ``median``, ``sd`` (n - 1), ``skew``, ``kurt`` (excess, type 2), ``nonzero``,
        ``share_nonzero``, ``unique``, ``share_unique``, ``same`` (largest tie),
        ``share_same``, and the flags ``low_availability``, ``low_nonzero``, ``low_unique``,
        ``skew_kurt_outlier``.
    correlations : DataFrame
        One row per pair: ``a``, ``b``, ``relation`` (``"within_group"``: two indicators of
        ``group``; ``"with_parent"``: node ``a`` with its parent ``b``), ``group``,
        (``period``,) ``r``, ``n`` (rows where both are present) and ``flag``
        (``"collinear"``, ``"negative"`` or ``""``).
    alpha : DataFrame
        Cronbach's alpha per group (and period): ``group``, ``indicators``, ``alpha`` (NaN
        for a group of one indicator).
    pca : DataFrame
        Principal components per group (and period), one row per component: ``component``
        (1, 2, ...), ``eigenvalue``, ``variance_share``, ``cumulative_share``, ``rows_used``
        (complete rows) and ``note``; a group whose PCA could not be computed has one row
        with a missing component and the reason in ``note``.
    options : dict
        The options the statistics were computed with.
    """

    __slots__ = ("_labels", "_framework", "_recipe", "_options", "indicators", "correlations", "alpha", "pca",
                 "_loadings", "_document")

    def __init__(self, core: dict[str, Any], labels: RowLabels, framework: Framework, recipe: Recipe,
                 options: dict[str, Any]) -> None:
        import pandas as pd

        self._labels = labels
        self._framework = framework
        self._recipe = recipe
        self._options = dict(options)
        self._document = core.get("document")
        # the tables of the core's description (stats_tables.hpp)
        self.indicators: pd.DataFrame = labels.frame(core["indicators"])
        self.correlations: pd.DataFrame = labels.frame(core["correlations"])
        self.alpha: pd.DataFrame = labels.frame(core["alpha"])
        # component is missing for a group whose PCA could not be computed: nullable always
        self.pca: pd.DataFrame = labels.frame(core["pca"]).astype({"component": "Int64"})
        self._loadings: dict[tuple[str, str], pd.DataFrame] = {}
        for p in core["loadings"]:
            loadings = np.asarray(p["loadings"], dtype=float).reshape(len(p["indicators"]), -1)
            self._loadings[(p["group"], p["period"])] = pd.DataFrame(
                loadings, index=pd.Index(list(p["indicators"]), name="indicator"),
                columns=pd.Index([f"PC{c + 1}" for c in range(loadings.shape[1])], name="component"))

    def to_excel(self, path: Any, *, lang: str = "en", headers: str = "labels") -> None:
        """Every table (indicators, correlations, alpha, pca) as a sheet of one .xlsx workbook
        (see :meth:`tijian.CheckResult.to_excel`)."""
        from . import _tables

        _tables.write_excel(self._document, path, headers=headers, lang=lang)

    @property
    def options(self) -> dict[str, Any]:
        """The options (level, correlation, thresholds) of the run."""
        return dict(self._options)

    @property
    def framework(self) -> Framework:
        """The framework the statistics were computed with."""
        return self._framework

    @property
    def recipe(self) -> Recipe:
        """The recipe the data were prepared and normalised with."""
        return self._recipe

    @property
    def groups(self) -> list[str]:
        """The groups (framework nodes at ``level``) of alpha, PCA and the within-group
        correlations, in framework order."""
        return list(dict.fromkeys(self.alpha["group"]))

    @property
    def periods(self) -> list[Any]:
        """The periods of the data (empty without periods)."""
        if not self._labels.has_periods:
            return []
        return list(dict.fromkeys(self.alpha["period"]))

    def _period(self, period: Any) -> str:
        """The core's label of the period asked for; the only one when ``period`` is None."""
        if not self._labels.has_periods:
            if period is not None:
                raise KeyError(f"the data have no periods (period={period!r})")
            return ""
        known = {self._labels.period_key(p): p for p in self.periods}
        if period is None:
            if len(known) != 1:
                raise ValueError(f"the data have {len(known)} periods: pass period= one of {self.periods}")
            return next(iter(known))
        key = self._labels.period_key(period)
        if key not in known:
            raise KeyError(f"no period {period!r}; the periods are {self.periods}")
        return key

    def loadings(self, group: str, period: Any = None) -> pd.DataFrame:
        """PCA loadings of a group: indicators x components (``PC1``, ...), unit
        eigenvectors of the correlation matrix, each signed so that its entries sum to a
        positive number (when they sum to 0, so that its largest entry is positive). Empty (no columns) when the PCA could not be computed (see the
        ``note`` in :attr:`pca`).

        Parameters
        ----------
        group : str
            A group code (one of :attr:`groups`).
        period : optional
            The period, for panel data with several periods.
        """
        key = (group, self._period(period))
        if key not in self._loadings:
            raise KeyError(f"no group {group!r} at level {self._options['level']}; the groups are {self.groups}")
        return self._loadings[key].copy()

    def correlation_matrix(self, group: str | None = None, period: Any = None) -> pd.DataFrame:
        """The within-group correlations as a square matrix (indicators in framework order).

        Parameters
        ----------
        group : str, optional
            One group's indicators; all indicators when omitted (pairs in different groups
            are not computed and stay NaN).
        period : optional
            The period, for panel data with several periods.

        Returns
        -------
        DataFrame
            Symmetric, with 1 on the diagonal.
        """
        import pandas as pd

        p = self._period(period)
        if group is None:
            codes = self._framework.indicators
        else:
            if group not in self.groups:
                raise KeyError(f"no group {group!r} at level {self._options['level']}; the groups are {self.groups}")
            codes = self._framework.indicators_below(group)
        c = self.correlations
        c = c[c["relation"] == "within_group"]
        if self._labels.has_periods:
            c = c[[self._labels.period_key(v) == p for v in c["period"]]]
        pos = {code: i for i, code in enumerate(codes)}
        m = np.full((len(codes), len(codes)), np.nan)
        np.fill_diagonal(m, 1.0)
        for a, b, r in zip(c["a"], c["b"], c["r"]):
            if a in pos and b in pos:
                m[pos[a], pos[b]] = m[pos[b], pos[a]] = r
        return pd.DataFrame(m, index=pd.Index(codes, name="indicator"), columns=pd.Index(codes, name="indicator"))

    # --- display ----------------------------------------------------------------------------

    def _flag_counts(self) -> tuple[int, int, int]:
        flags = ["low_availability", "low_nonzero", "low_unique", "skew_kurt_outlier"]
        flagged = int(self.indicators[flags].any(axis=1).sum())
        collinear = int((self.correlations["flag"] == "collinear").sum())
        negative = int((self.correlations["flag"] == "negative").sum())
        return flagged, collinear, negative

    def __repr__(self) -> str:
        flagged, collinear, negative = self._flag_counts()
        return (f"<tijian.StatsReport '{self._framework.root}': {len(self.indicators)} indicator rows "
                f"({flagged} flagged), {len(self.correlations)} correlations ({collinear} collinear, "
                f"{negative} negative), {len(self.alpha)} groups at level {self._options['level']}>")

    def _repr_html_(self, max_rows: int = 10) -> str:
        flagged, collinear, negative = self._flag_counts()
        o = self._options
        head = (f"<p><b>tijian stats</b> &middot; {html.escape(self._framework.name)} &middot; "
                f"{len(self.indicators)} indicator rows, {flagged} flagged &middot; "
                f"{html.escape(o['correlation'])} correlations: {collinear} collinear (r &gt; {o['collinear']:g}), "
                f"{negative} negative (r &lt; {o['negative']:g})</p>")
        flags = ["low_availability", "low_nonzero", "low_unique", "skew_kurt_outlier"]
        ind = self.indicators
        bad = ind[ind[flags].any(axis=1)]
        body = ""
        if len(bad):
            keep = [c for c in ("indicator", "period", "share_available", "skew", "kurt") if c in bad.columns]
            shown = bad[keep].copy()
            shown["flags"] = [", ".join(f for f in flags if row[f]) for _, row in bad.iterrows()]
            body += "<p>Flagged indicators</p>" + shown.head(max_rows).to_html(
                index=False, float_format=lambda v: f"{v:.3g}", na_rep="–", escape=True)
            if len(bad) > max_rows:
                body += f"<p>… {len(bad) - max_rows} more</p>"
        groups = self.alpha.copy()
        first = self.pca[self.pca["component"] == 1]
        keys = ["group"] + (["period"] if "period" in groups.columns else [])
        groups = groups.merge(first[keys + ["variance_share"]].rename(columns={"variance_share": "PC1 share"}),
                              on=keys, how="left")
        body += f"<p>Groups at level {o['level']}</p>" + groups.head(max_rows).to_html(
            index=False, float_format=lambda v: f"{v:.3f}", na_rep="–", escape=True)
        return str(head + body)
