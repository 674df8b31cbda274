# SPDX-License-Identifier: MIT
"""How much do the ranks depend on the method? ``tj.uncertainty`` and ``tj.sensitivity``.

A composite index is a chain of choices (weights, normalisation, aggregation, outlier
treatment, which indicators are in). :func:`uncertainty` samples those choices many times
(Monte Carlo) and reports each unit's score and rank distribution; :func:`sensitivity`
apportions the variation of the ranks to the choices (Sobol' first-order and total indices).
Both run in C++ (``tijian/uncertainty.hpp``, ``sensitivity.hpp``): every (data variant,
normalisation) pair is scored once, and runs that differ only in weights are one matrix
product, so ten thousand runs take a fraction of a second. The same seed gives bit-identical
results for any number of threads and on every platform.

:func:`sobol_design` and :func:`sobol_indices` are the Sobol' machinery alone, for any model
(e.g. the Ishigami test function).
"""

from __future__ import annotations

import html
import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core, _tables
from ._data import build_panel
from ._errors import RecipeError, make_error
from ._records import RowLabels
from .framework import FrameworkLike, _coerce
from .recipe import Recipe, RecipeLike

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

    from .framework import Framework

__all__ = ["uncertainty", "sensitivity", "UncertaintyResult", "SensitivityResult", "sobol_design",
           "sobol_indices", "SobolDesign"]



def _bad(id: str, message: str) -> RecipeError:
    return make_error(RecipeError, id, message)


def _label(alt: Any) -> str:
    """A short label of an alternative: its method name, or the dict written compactly."""
    if isinstance(alt, str):
        return alt
    if isinstance(alt, Recipe):
        return repr(alt)
    if isinstance(alt, Mapping):
        method = alt.get("method")
        rest = ", ".join(f"{k}={v}" for k, v in alt.items() if k != "method")
        return f"{method}({rest})" if method and rest else str(method or rest)
    return str(alt)


class _Inputs:
    """The uncertain inputs of a run, checked and turned into C++ recipes."""

    def __init__(self, nominal: Recipe, *, seed: Any, sampling: Any, noise: Any, dirichlet: Any,
                 normalisations: Sequence[Any], aggregations: Sequence[Any], data_variants: Any,
                 winmax: Sequence[Any], exclude: Sequence[str], node: Any, period: Any) -> None:
        # passed through as given: the core converts and checks them (uncertainty.hpp)
        self.seed = seed
        self.sampling = sampling
        self.noise = noise
        self.dirichlet = dirichlet
        self.normalisations = [self._recipe("normalisations", normalise=a) for a in normalisations]
        self.normalisation_labels = [_label(a) for a in normalisations]
        self.aggregations = [self._recipe("aggregations", aggregate=a) for a in aggregations]
        self.aggregation_labels = [_label(a) for a in aggregations]
        variants, names = self._variants(nominal, data_variants, winmax)
        self.data_variants = variants
        self.variant_names = names
        if isinstance(exclude, str) or not isinstance(exclude, Iterable) or not all(isinstance(c, str) for c in exclude):
            raise _bad("uncertainty.exclude", f"exclude must be a sequence of indicator codes, not {exclude!r}")
        self.exclusions = list(exclude)
        self.node = "" if node is None else str(node)
        self.period = "" if period is None else str(period)

    @staticmethod
    def _recipe(what: str, **section: Any) -> _core.Recipe:
        (value,) = section.values()
        if not isinstance(value, (str, Mapping)):
            raise _bad(f"uncertainty.{what}",
                       f"each of {what} must be a method name or a dict of its options, not {value!r}")
        # an alternative replaces the method everywhere: per-indicator or per-node overrides
        # inside one would be ignored, so they are refused
        overrides = {"by_indicator", "by_level", "by_node"} & set(value) if isinstance(value, Mapping) else set()
        if overrides:
            raise _bad(f"uncertainty.{what}",
                       f"an alternative of {what} applies to every node; {', '.join(sorted(overrides))} "
                       "cannot be part of it (put overrides in the nominal recipe)")
        return Recipe(**section)._r

    @staticmethod
    def _variants(nominal: Recipe, data_variants: Any, winmax: Sequence[Any]) -> tuple[list[Any], list[str]]:
        if data_variants and len(winmax):
            raise _bad("uncertainty.data_variants", "give either data_variants or winmax, not both")
        variants: list[Any] = []
        names: list[str] = []
        if len(winmax):
            base = nominal._dict_view().get("prepare", {})  # read only: the variants are new dicts
            treat = dict(base.get("treat", {}))
            if treat.get("method", "none") == "none":
                treat["method"] = "coinr_winsorise"
            for k in winmax:
                if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 0:
                    raise _bad("uncertainty.winmax", f"winmax values must be integers >= 0, not {k!r}")
                variants.append(Recipe(prepare={**base, "treat": {**treat, "winmax": int(k)}})._r)
                names.append(f"winmax={int(k)}")
            return variants, names
        items = data_variants.items() if isinstance(data_variants, Mapping) else enumerate(data_variants or ())
        for name, prep in items:
            if isinstance(prep, Recipe):
                variants.append(prep._r)
            elif isinstance(prep, Mapping):
                variants.append(Recipe(prepare=prep)._r)
            else:
                raise _bad("uncertainty.data_variants",
                           f"a data variant is a dict of [prepare] options or a Recipe, not {prep!r}")
            names.append(str(name))
        return variants, names

    def args(self) -> tuple[Any, ...]:
        return (self.sampling, self.noise, self.dirichlet, self.normalisations, self.aggregations,
                self.data_variants, self.variant_names, self.exclusions, self.node, self.period)


def _prepare(data: Any, framework: FrameworkLike, recipe: RecipeLike, labels: dict[str, Any],
             options: dict[str, Any]) -> tuple[Framework, Recipe, Any]:
    fw = _coerce(framework)
    rec = Recipe.coerce(recipe, framework=fw, **options)
    built = build_panel(data, fw, rec, **labels)
    return fw, rec, built


def uncertainty(data: Any, framework: FrameworkLike, recipe: RecipeLike = None, *, runs: int = 1000,
                seed: int = 1, sampling: str = "pseudo_random", noise: Any = None, dirichlet: float | None = None,
                normalisations: Sequence[Any] = (), aggregations: Sequence[Any] = (),
                data_variants: Any = None, winmax: Sequence[int] = (), exclude: Sequence[str] = (),
                node: str | None = None, period: Any = None, units: Any = None, periods: Any = None,
                columns: Sequence[str] | None = None, unit_names: Any = None, groups: Sequence[str] = (),
                weight_sets: Any = None, **options: Any) -> UncertaintyResult:
    """Monte Carlo uncertainty analysis: each unit's score and rank over sampled methods.

    Every run samples, independently: weights (uniform relative noise per framework level, as
    COINr's ``get_noisy_weights``, or Dirichlet weights), one of the normalisations, one of
    the aggregations (applied to every aggregate), one data variant (e.g. a winsorisation
    limit or an imputation method) and at most one indicator to leave out. The nominal run is
    the recipe itself.

    Parameters
    ----------
    data, framework, recipe
        As for :func:`tijian.score`; ``recipe`` is the nominal method.
    runs : int, default 1000
        Monte Carlo runs.
    seed : int, default 1
        The same seed gives bit-identical results for any number of threads.
    sampling : {"pseudo_random", "sobol"}, default "pseudo_random"
        How the discrete choices are drawn (Sobol' quasi-random points spread them evenly).
    noise : dict, optional
        Relative weight noise per framework level (indicators are level 1), e.g.
        ``{2: 0.25, 3: 0.25}``: each weight of that level is multiplied by 1 + f U(-1, 1),
        then weights are renormalised within their sibling group.
    dirichlet : float, optional
        Instead of noise: every sibling group's weights drawn from a Dirichlet distribution
        with mean the nominal weights and concentration ``dirichlet`` x (group size) (larger =
        closer to the nominal weights).
    normalisations, aggregations : sequence of str or dict, optional
        Alternatives, each a method name or a dict of the recipe section's options, e.g.
        ``[{"method": "min_max", "lower": 1, "upper": 100}, {"method": "z_score", "mean": 10,
        "sd": 2}]`` and ``["arithmetic", "geometric"]``. A sampled alternative applies to
        every indicator (every aggregate), replacing the nominal recipe's per-indicator
        (per-level, per-node) choices for that run.
    data_variants : sequence or dict of dict, optional
        Alternative ``prepare`` sections (denominate / screen / impute / treat), named by the
        dict keys or numbered. Each must keep the analysed units: a variant whose screening
        drops one raises :class:`RecipeError` (``uncertainty.data_variant``).
    winmax : sequence of int, optional
        Shorthand for data variants that differ only in the winsorisation limit (the nominal
        recipe's treatment, COINr's winsorisation if it has none), e.g. ``range(1, 6)``.
    exclude : sequence of str, optional
        Indicators that may be left out (one or none per run, uniformly).
    node : str, optional
        The aggregate analysed (default: the composite index).
    period : optional
        The period analysed (needed when the data have several).
    units, periods, columns, unit_names, groups
        Row labels, as for :func:`tijian.score`.
    weight_sets : dict, DataFrame or sequence of dict, optional
        Explicit weight sets, each run using one of them, uniformly (the factor
        ``weight_set``; in place of ``noise`` and ``dirichlet``): ``{"experts": {"ENV": 2,
        "ECO": 1}, "survey": {...}}``, a DataFrame with one row per set (index: names) and
        one column per node code (NaN: not in that set), or a list of dicts (named ``set 1``,
        ``set 2``, ...). Weights are relative to siblings, as in a framework: a set weighs all
        the children of a node or none of them (the others keep the nominal weights). The core
        refuses an unknown code, the index itself, a negative or non-finite weight and a group
        summing to 0 (:class:`RecipeError` ``uncertainty.weight_set``, naming the set and node).
        ``.runs["weight_set"]`` names the set of each run.
    **options
        Recipe sections given directly, merged over ``recipe``.

    Returns
    -------
    UncertaintyResult
        ``.summary`` (per unit: nominal score and rank, mean, median, 5th and 95th
        percentiles of score and rank), ``.scores`` and ``.ranks`` (units x runs), ``.runs``
        (the sampled choices of every run), ``.weights``, ``.failures``, ``.plot()``.

    Raises
    ------
    RecipeError
        An invalid option, naming it (``uncertainty.noise``, ``uncertainty.dirichlet``,
        ``uncertainty.unknown_node``, ``uncertainty.unknown_indicator``,
        ``uncertainty.period``, ...), or a nominal recipe that cannot be applied. A sampled
        run that fails (e.g. a geometric mean of negative z-scores) does not raise: it is
        counted and explained in ``.failures`` and left out of the statistics.

    Examples
    --------
    >>> import pandas as pd, tijian as tj
    >>> df = pd.DataFrame({"pm25": [35.0, 20.0, 50.0, 41.0, 28.0], "green": [40.0, 45.0, 30.0, 43.0, 31.0],
    ...                    "parks": [12.0, 6.0, 16.0, 15.0, 10.0]},
    ...                   index=pd.Index(["qd", "jn", "zb", "wf", "yt"], name="city"))
    >>> fw = {"code": "IDX", "children": [{"code": "pm25", "direction": "lower"},
    ...                                   {"code": "green"}, {"code": "parks"}]}
    >>> ua = tj.uncertainty(df, fw, noise={1: 0.5}, aggregations=["arithmetic", "geometric"],
    ...                     normalisations=[{"method": "min_max", "lower": 1, "upper": 100}, "rank"],
    ...                     runs=2000, seed=7)
    >>> ua.summary[["nominal_rank", "rank_q05", "rank_median", "rank_q95"]]
          nominal_rank  rank_q05  rank_median  rank_q95
    city
    qd             3.0       1.0          3.0       3.0
    jn             2.0       1.0          2.0       4.0
    zb             5.0       4.0          5.0       5.0
    wf             1.0       1.0          1.0       2.0
    yt             4.0       3.0          4.0       5.0
    >>> ua.runs["aggregation"].value_counts().sort_index()
    aggregation
    arithmetic     967
    geometric     1033
    Name: count, dtype: int64
    """
    nominal = Recipe.coerce(recipe, framework=_coerce(framework), **options)
    inputs = _Inputs(nominal, seed=seed, sampling=sampling, noise=noise, dirichlet=dirichlet,
                     normalisations=normalisations, aggregations=aggregations, data_variants=data_variants,
                     winmax=winmax, exclude=exclude, node=node, period=period)
    fw, rec, built = _prepare(data, framework, nominal, dict(units=units, periods=periods, columns=columns,
                                                              unit_names=unit_names, groups=groups), {})
    core = _core.uncertainty(fw._fw, built.panel, rec._r, runs, inputs.seed, *inputs.args(),
                             _weight_sets(weight_sets))
    return UncertaintyResult(core, RowLabels(built.index), fw, inputs)


def _weight_sets(sets: Any) -> list[tuple[Any, Any]] | None:
    """Named weight sets as [(name, {code: weight})] for the core (which checks them)."""
    if sets is None:
        return None
    if hasattr(sets, "iterrows"):  # a DataFrame: one row per set, NaN = not in the set
        return [(str(name), {str(k): v for k, v in row.items() if not (isinstance(v, float) and v != v)})
                for name, row in sets.iterrows()]
    if isinstance(sets, Mapping):
        return [(str(name), weights) for name, weights in sets.items()]
    if isinstance(sets, (list, tuple)):
        return [("", weights) for weights in sets]
    return sets  # the core names the expected form


def sensitivity(data: Any, framework: FrameworkLike, recipe: RecipeLike = None, *, n: int = 100,
                output: str = "mean_abs_rank_shift", unit: Any = None, bootstrap: int = 1000,
                level: float = 0.9, weight_sets: Any = 1000, seed: int = 1, sampling: str = "pseudo_random",
                noise: Any = None, dirichlet: float | None = None, normalisations: Sequence[Any] = (),
                aggregations: Sequence[Any] = (), data_variants: Any = None, winmax: Sequence[int] = (),
                exclude: Sequence[str] = (), node: str | None = None, period: Any = None, units: Any = None,
                periods: Any = None, columns: Sequence[str] | None = None, unit_names: Any = None,
                groups: Sequence[str] = (), **options: Any) -> SensitivityResult:
    """Sobol' sensitivity analysis: which methodological choice moves the ranks most.

    Each uncertain choice is one factor (``data_variant``, ``normalisation``,
    ``aggregation``, ``exclusion``, ``weights`` or ``weight_set``), with the same options as
    :func:`uncertainty`. A Saltelli design of N (d + 2) runs is scored and the output of each
    run -- the mean absolute rank shift against the nominal ranking (as COINr), or one unit's
    score or rank -- gives first-order indices (Saltelli et al. 2010) and total indices
    (Jansen 1999) with bootstrap percentile intervals. Failed runs are dropped (with their
    design row) and counted, not propagated as NaN.

    Parameters
    ----------
    n : int, default 100
        Base sample size N (the design has N (d + 2) runs).
    output : {"mean_abs_rank_shift", "unit_score", "unit_rank"}
        The analysed output; the last two need ``unit``.
    unit : optional
        The unit whose score or rank is analysed.
    bootstrap : int, default 1000
        Bootstrap resamples of the design rows for the intervals (0: none).
    level : float, default 0.9
        Interval coverage (0.9: 5th to 95th percentile).
    weight_sets : int, or dict, DataFrame or sequence of dict; default 1000
        A number: how many noisy or Dirichlet weight sets the ``weights`` factor chooses from.
        Named weight sets (the forms of :func:`uncertainty`'s ``weight_sets``): explicit sets,
        in place of ``noise`` and ``dirichlet``, as the factor ``weight_set`` (each design row
        picks one set, uniformly); checked by the core as for :func:`uncertainty`
        (:class:`RecipeError` ``uncertainty.weight_set``). ``.runs.runs["weight_set"]`` names
        the set of each run.
    seed, sampling, noise, dirichlet, normalisations, aggregations, data_variants, winmax, \
exclude, node, period, units, periods, columns, unit_names, groups, **options
        As for :func:`uncertainty`.

    Returns
    -------
    SensitivityResult
        ``.indices`` (one row per factor: ``first``, ``first_lo``, ``first_hi``, ``total``,
        ``total_lo``, ``total_hi``), ``.variance``, ``.y`` (the output of every run),
        ``.runs`` (an :class:`UncertaintyResult` of the design runs), ``.plot()``.

    Examples
    --------
    >>> import pandas as pd, tijian as tj
    >>> df = pd.DataFrame({"pm25": [35.0, 20.0, 50.0, 41.0, 28.0], "green": [40.0, 45.0, 30.0, 43.0, 31.0],
    ...                    "parks": [12.0, 6.0, 16.0, 15.0, 10.0]}, index=["qd", "jn", "zb", "wf", "yt"])
    >>> fw = {"code": "IDX", "children": [{"code": "pm25", "direction": "lower"},
    ...                                   {"code": "green"}, {"code": "parks"}]}
    >>> sa = tj.sensitivity(df, fw, n=2000, noise={1: 0.25}, aggregations=["arithmetic", "geometric"],
    ...                     exclude=["parks"], sampling="sobol", bootstrap=200)
    >>> sa.indices["total"].sort_values(ascending=False).index.tolist()
    ['aggregation', 'exclusion', 'weights']
    >>> bool(sa.indices.loc["aggregation", "total_lo"] > 0.8)
    True
    """
    nominal = Recipe.coerce(recipe, framework=_coerce(framework), **options)
    inputs = _Inputs(nominal, seed=seed, sampling=sampling, noise=noise, dirichlet=dirichlet,
                     normalisations=normalisations, aggregations=aggregations, data_variants=data_variants,
                     winmax=winmax, exclude=exclude, node=node, period=period)
    fw, rec, built = _prepare(data, framework, nominal, dict(units=units, periods=periods, columns=columns,
                                                              unit_names=unit_names, groups=groups), {})
    # a number counts the noisy sets; anything else is explicit sets (converted, the core checks them)
    count = isinstance(weight_sets, (int, np.integer))
    core = _core.sensitivity(fw._fw, built.panel, rec._r, n, inputs.seed, *inputs.args(), output,
                             "" if unit is None else str(unit), weight_sets if count else 1000, bootstrap, level,
                             None if count else _weight_sets(weight_sets))
    return SensitivityResult(core, RowLabels(built.index), fw, inputs, output, unit, float(level))


class UncertaintyResult:
    """The result of :func:`uncertainty` (also the design runs of a sensitivity analysis).

    Attributes
    ----------
    summary : DataFrame
        One row per unit (data order): ``nominal_score``, ``nominal_rank``, ``score_mean``,
        ``score_median``, ``score_q05``, ``score_q95``, ``rank_mean``, ``rank_median``,
        ``rank_q05``, ``rank_q95`` (type-7 percentiles over the successful runs).
    scores, ranks : DataFrame
        Units x runs (NaN columns for failed runs).
    runs : DataFrame
        One row per run: ``data_variant``, ``normalisation``, ``aggregation`` (the sampled
        alternative's label; ``"nominal"`` when the recipe's own), ``excluded`` (indicator
        left out, or ``""``), ``weight_set``, ``failed`` and ``reason``.
    weights : DataFrame
        Runs x framework nodes: the relative (within sibling group) weights of each run.
    factors : DataFrame
        Runs x sampled factors: the uniform draws behind the discrete choices.
    failures : DataFrame
        ``run`` and ``reason`` of every failed run.
    node : str
        The analysed aggregate.
    """

    def __init__(self, core: Mapping[str, Any], labels: RowLabels, framework: Framework, inputs: _Inputs) -> None:
        self._c = core
        self._labels = labels
        self.framework = framework
        self._inputs = inputs
        self.node: str = core["node"]

    def _unit_index(self) -> pd.Index:
        import pandas as pd

        name = self._labels._index.names[0] if self._labels.has_periods else self._labels._index.name
        return pd.Index([self._labels.unit(u) for u in self._c["units"]], name=name)

    @property
    def summary(self) -> pd.DataFrame:
        """The per-unit table of the core's description (uncertainty_tables.hpp), by unit."""
        index = self._labels._index
        frame = self._labels.frame(self._c["summary"]).set_index("unit")
        frame.index.name = index.names[0] if self._labels.has_periods else index.name
        return frame

    def _by_run(self, key: str) -> pd.DataFrame:
        import pandas as pd

        m = np.asarray(self._c[key])
        return pd.DataFrame(m, index=self._unit_index(), columns=pd.RangeIndex(m.shape[1], name="run"))

    @property
    def scores(self) -> pd.DataFrame:
        return self._by_run("scores")

    @property
    def ranks(self) -> pd.DataFrame:
        return self._by_run("ranks")

    @property
    def runs(self) -> pd.DataFrame:
        import pandas as pd

        def labels(key: str, names: list[str]) -> list[str]:
            return [names[i] if i >= 0 else "nominal" for i in np.asarray(self._c[key])]

        ex = self._inputs.exclusions
        failed = dict(self._c["failures"])
        n = len(self._c["variant"])
        return pd.DataFrame({
            "data_variant": labels("variant", self._inputs.variant_names),
            "normalisation": labels("normalisation", self._inputs.normalisation_labels),
            "aggregation": labels("aggregation", self._inputs.aggregation_labels),
            "excluded": [ex[i] if i >= 0 else "" for i in np.asarray(self._c["excluded"])],
            "weight_set": (labels("weight_set", list(self._c["weight_set_names"]))
                           if self._c.get("weight_set_names") else np.asarray(self._c["weight_set"])),
            "failed": [r in failed for r in range(n)],
            "reason": [failed.get(r, "") for r in range(n)],
        }, index=pd.RangeIndex(n, name="run"))

    @property
    def weights(self) -> pd.DataFrame:
        import pandas as pd

        w = np.asarray(self._c["weights"])
        return pd.DataFrame(w, columns=pd.Index(self.framework.codes, name="code"),
                            index=pd.RangeIndex(w.shape[0], name="run"))

    @property
    def factors(self) -> pd.DataFrame:
        import pandas as pd

        f = np.asarray(self._c["factors"])
        return pd.DataFrame(f, columns=list(self._c["factor_names"]), index=pd.RangeIndex(f.shape[0], name="run"))

    @property
    def failures(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(list(self._c["failures"]), columns=["run", "reason"])

    @property
    def n_runs(self) -> int:
        return int(np.asarray(self._c["scores"]).shape[1])

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Rank intervals (:func:`tijian.plots.rank_intervals`)."""
        from .plots import rank_intervals

        return rank_intervals(self, ax=ax, **kwargs)

    def __repr__(self) -> str:
        return (f"UncertaintyResult(node={self.node!r}, units={len(self._c['units'])}, runs={self.n_runs}, "
                f"failed={len(self._c['failures'])})")

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>" + self.summary._repr_html_()


class SensitivityResult:
    """The result of :func:`sensitivity`.

    Attributes
    ----------
    indices : DataFrame
        One row per factor: ``first`` (S_i, Saltelli 2010), ``first_lo``, ``first_hi``,
        ``total`` (S_Ti, Jansen 1999), ``total_lo``, ``total_hi`` (bootstrap percentile
        interval at ``level``).
    variance : float
        Variance of the output over the A and B runs (n - 1 denominator, as COINr).
    rows_used, rows_dropped : int
        Design rows used, and dropped because one of their runs failed.
    y : Series
        The output of every design run, in design order [A; B; A_B^(1); ...; A_B^(d)].
    runs : UncertaintyResult
        Scores, ranks, choices and failures of every design run.
    """

    def __init__(self, core: Mapping[str, Any], labels: RowLabels, framework: Framework, inputs: _Inputs,
                 output: str, unit: Any, level: float) -> None:
        self._c = core
        self.runs = UncertaintyResult(core["runs"], labels, framework, inputs)
        self.output = output
        self.unit = unit
        self.level = level
        self.variance = float(core["variance"])
        self.rows_used = int(core["rows_used"])
        self.rows_dropped = int(core["rows_dropped"])

    @property
    def factors(self) -> list[str]:
        return list(self._c["factors"])

    @property
    def indices(self) -> pd.DataFrame:
        return _indices_frame(self._c["indices"])

    @property
    def y(self) -> pd.Series:
        import pandas as pd

        y = np.asarray(self._c["y"])
        return pd.Series(y, index=pd.RangeIndex(len(y), name="run"), name=self.output)

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """First-order and total indices with their intervals (:func:`tijian.plots.sobol`)."""
        from .plots import sobol

        return sobol(self, ax=ax, **kwargs)

    def __repr__(self) -> str:
        return (f"SensitivityResult(output={self.output!r}, factors={self.factors}, runs={self.runs.n_runs}, "
                f"rows_dropped={self.rows_dropped})")

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>" + self.indices._repr_html_()


def _indices_frame(table: Mapping[str, Any]) -> pd.DataFrame:
    """The Sobol' table of the core's description (uncertainty_tables.hpp), by factor."""
    return _tables.frame(table).set_index("factor")


class SobolDesign:
    """A Saltelli design for d factors: A and B (N x d, independent, uniform on [0, 1)) and the
    runs [A; B; A_B^(1); ...; A_B^(d)] (A_B^(i) = A with column i from B), N (d + 2) rows.

    Map the points to the factors' distributions, evaluate the model on :attr:`points`, and
    pass the outputs (in the same order) to :meth:`indices`.
    """

    def __init__(self, a: np.ndarray, b: np.ndarray) -> None:
        self.a = np.asarray(a)
        self.b = np.asarray(b)
        self.a.flags.writeable = False
        self.b.flags.writeable = False

    @property
    def n(self) -> int:
        return int(self.a.shape[0])

    @property
    def d(self) -> int:
        return int(self.a.shape[1])

    @property
    def points(self) -> np.ndarray:
        """N (d + 2) x d: A, then B, then A_B^(1), ..., A_B^(d)."""
        blocks = [self.a, self.b]
        for i in range(self.d):
            ab = self.a.copy()
            ab[:, i] = self.b[:, i]
            blocks.append(ab)
        return np.vstack(blocks)

    def indices(self, y: Any, *, names: Sequence[str] | None = None, bootstrap: int = 1000, level: float = 0.9,
                seed: int = 1) -> pd.DataFrame:
        """Sobol' indices from the outputs of :attr:`points`, in that order (see
        :func:`sobol_indices`)."""
        y = np.asarray(y, dtype=float).ravel()
        n, d = self.n, self.d
        if y.shape[0] != n * (d + 2):
            raise _bad("sensitivity.shape", f"y must have N (d + 2) = {n * (d + 2)} values, not {y.shape[0]}")
        yab = y[2 * n:].reshape(d, n).T
        return sobol_indices(y[:n], y[n:2 * n], yab, names=names, bootstrap=bootstrap, level=level, seed=seed)


def sobol_design(n: int, d: int, *, sampling: str = "sobol", seed: int = 1) -> SobolDesign:
    """A Saltelli design of base size N for d factors (see :class:`SobolDesign`).

    ``sampling="sobol"`` takes A and B from one 2d-dimensional Sobol' sequence (origin
    skipped); ``"pseudo_random"`` from a seeded stream.

    Examples
    --------
    >>> import numpy as np, tijian as tj
    >>> design = tj.sobol_design(4096, 3)
    >>> x = -np.pi + 2 * np.pi * design.points             # Ishigami inputs on [-pi, pi)^3
    >>> y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    >>> design.indices(y, names=["x1", "x2", "x3"], bootstrap=0)[["first", "total"]].round(2)
            first  total
    factor
    x1       0.31   0.56
    x2       0.44   0.44
    x3      -0.00   0.24
    """
    return SobolDesign(*_core.sobol_design(n, d, sampling, seed))


def sobol_indices(y_a: Any, y_b: Any, y_ab: Any, *, names: Sequence[str] | None = None, bootstrap: int = 1000,
                  level: float = 0.9, seed: int = 1) -> pd.DataFrame:
    """First-order and total Sobol' indices from the outputs of a Saltelli design.

    Parameters
    ----------
    y_a, y_b : array-like, shape (N,)
        Outputs on A and B.
    y_ab : array-like, shape (N, d)
        Column i: outputs on A_B^(i).
    names : sequence of str, optional
        Factor names (default x1, x2, ...).
    bootstrap : int, default 1000
        Resamples of the design rows for percentile intervals (0: none; NaN bounds).
    level : float, default 0.9
        Interval coverage.
    seed : int, default 1

    Returns
    -------
    DataFrame
        One row per factor: ``first`` = mean(y_B (y_AB - y_A)) / V (Saltelli et al. 2010),
        ``total`` = mean((y_A - y_AB)^2) / (2 V) (Jansen 1999), with V the variance of
        [y_A, y_B] with a 2N - 1 denominator, and the interval bounds. The conventions are
        COINr's; SALib's ``sobol.analyze`` first centres the outputs on the mean of all of
        them and divides V by 2N, so with ``y - y.mean()`` passed here its indices are ours x
        2N / (2N - 1). ``.attrs`` holds ``variance``,
        ``rows_used`` and ``rows_dropped`` (rows with a NaN output are left out).
    """
    ya = np.asarray(y_a, dtype=float).ravel()
    yb = np.asarray(y_b, dtype=float).ravel()
    yab = np.asarray(y_ab, dtype=float)
    if yab.ndim == 1:
        yab = yab[:, None]
    names = [str(n) for n in names] if names is not None else [f"x{i + 1}" for i in range(yab.shape[1])]
    # the core checks that there is one name per factor (sensitivity.shape)
    core = _core.sobol_indices(ya, yb, yab, bootstrap, level, seed, names)
    out = _indices_frame(core["indices"])
    out.attrs.update(variance=float(core["variance"]), rows_used=int(core["rows_used"]),
                     rows_dropped=int(core["rows_dropped"]))
    return out
