# SPDX-License-Identifier: MIT
"""The result of a scoring run, as pandas objects labelled like the caller's data."""

from __future__ import annotations

import functools
import html
import os
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core, _tables
from ._errors import in_language
from ._records import RowLabels

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

    from .framework import Framework
    from .recipe import Recipe

__all__ = ["Result"]



@functools.lru_cache(maxsize=256)
def _code_index(codes: tuple[str, ...]) -> pd.Index:
    """The column index of a table of node codes, made once per framework: an index of text
    from a list costs 60 us in pandas 3 (Arrow strings), a copy of a made one 5 us. Callers
    take a copy, so that renaming a result's columns leaves the others alone."""
    import pandas as pd

    return pd.Index(list(codes), name="code")


class Result:
    """Scores, ranks, normalised values, weights, contributions and diagnostics of a run.

    Returned by :func:`tijian.score`; not built directly. The row index of every
    per-unit table is the caller's own index (a unit index, or a (unit, period) MultiIndex),
    restricted to the rows kept when the recipe screens units.

    Attributes are computed on first access and cached. DataFrames are copies that the caller
    may modify; :meth:`to_numpy` gives read-only views of the C++ arrays without copying.

    Examples
    --------
    >>> import pandas as pd, tijian as tj
    >>> data = pd.DataFrame({"le": [80.0, 60.0], "eys": [17.0, 9.0], "mys": [13.0, 5.0],
    ...                      "gnipc": [50000.0, 3000.0]}, index=pd.Index(["A", "B"], name="unit"))
    >>> res = tj.score(data, "hdi", normalise="goalposts")
    >>> res.scores.round(3)
    code    HDI  Health  Education  Income
    unit
    A     0.922   0.923      0.906   0.939
    B     0.509   0.615      0.417   0.514
    >>> res.ranks["HDI"].tolist()
    [1.0, 2.0]
    """

    __slots__ = ("_core", "_index", "_framework", "_recipe", "_cache", "_labels")

    def __init__(self, core: _core.Result, index: pd.Index, framework: Framework, recipe: Recipe) -> None:
        self._core = core
        kept = core.kept_rows
        self._labels = RowLabels(index)  # every input row, also those screening removed
        self._index = index if kept is None else index.take(np.asarray(kept))
        self._framework = framework
        self._recipe = recipe
        self._cache: dict[str, Any] = {}

    # --- tables ---------------------------------------------------------------------------

    def _frame(self, key: str, array: np.ndarray, columns: list[str]) -> pd.DataFrame:
        import pandas as pd

        if key not in self._cache:
            self._cache[key] = pd.DataFrame(np.array(array, order="F"), index=self._index,
                                            columns=_code_index(tuple(columns)).copy(), copy=False)
        return self._cache[key]

    @property
    def framework(self) -> Framework:
        """The framework the scores were computed with."""
        return self._framework

    @property
    def recipe(self) -> Recipe:
        """The recipe of the run (every choice, defaults included)."""
        return self._recipe

    @property
    def index(self) -> pd.Index:
        """The row labels of every per-unit table."""
        return self._index

    @property
    def scores(self) -> pd.DataFrame:
        """Scores of every aggregate: rows x aggregates, the composite index first."""
        return self._frame("scores", self._core.scores, list(self._core.nodes))

    @property
    def ranks(self) -> pd.DataFrame:
        """Rank of every aggregate's score (1 = best) within its period (or pooled)."""
        return self._frame("ranks", self._core.ranks, list(self._core.nodes))

    @property
    def normalised(self) -> pd.DataFrame:
        """Normalised indicator values: rows x indicators, framework order."""
        return self._frame("normalised", self._core.normalised, list(self._core.indicators))

    @property
    def prepared(self) -> pd.DataFrame | None:
        """Indicator values after data preparation (denominate, impute, treat), or ``None``
        when the recipe prepares nothing."""
        arr = self._core.prepared
        if arr.size == 0:
            return None
        return self._frame("prepared", arr, list(self._core.indicators))

    @property
    def composite(self) -> pd.Series:
        """The composite index (the root's score) as a Series."""
        return self.scores.iloc[:, 0].rename(self._framework.root)

    @property
    def grades(self) -> pd.DataFrame | None:
        """Grade label of every aggregate's score, or ``None`` without grade bands."""
        import pandas as pd

        if "grades" not in self._cache:
            g = self._core.grades
            self._cache["grades"] = None if g is None else pd.DataFrame(
                g, index=self._index, columns=pd.Index(list(self._core.nodes), name="code"))
        return self._cache["grades"]

    @property
    def weights(self) -> pd.DataFrame:
        """Weights used, one row per framework node: ``weight`` relative to siblings (each
        sibling group sums to 1) and ``effective_weight`` in the composite index (products
        down the tree; the indicators' sum to 1), with parent, kind and level."""
        import pandas as pd

        if "weights" not in self._cache:
            fw = self._core.framework
            nodes = fw.nodes()
            rel = np.asarray(self._core.weights)
            codes = [n["code"] for n in nodes]
            pos = {c: i for i, c in enumerate(codes)}
            eff = np.ones(len(codes))
            for i, n in enumerate(nodes):
                p = n["parent"]
                eff[i] = rel[i] * (eff[pos[p]] if p is not None else 1.0)
            self._cache["weights"] = pd.DataFrame(
                {"parent": [n["parent"] for n in nodes], "kind": [n["kind"] for n in nodes],
                 "level": [n["level"] for n in nodes], "weight": rel, "effective_weight": eff},
                index=pd.Index(codes, name="code"))
        return self._cache["weights"]

    @property
    def contributions(self) -> pd.DataFrame:
        """Contribution of every indicator to the composite index: rows x indicators; each
        row sums to the unit's composite score. For arithmetic aggregation all the way down a
        contribution is exactly effective weight x normalised value (renormalised over the
        indicators present); for other methods it is the proportional attribution described
        in :meth:`contributions_to`."""
        return self.contributions_to(self._framework.root)

    def contributions_to(self, code: str) -> pd.DataFrame:
        """Contributions of the indicators below ``code`` to that node's score (rows x
        indicators below it); each row sums to the node's score. A node's score is split
        among its children in proportion to weight x value (the exact decomposition for the
        arithmetic mean, a convention for the other means), recursively."""
        import pandas as pd

        key = "contrib:" + code
        if key not in self._cache:
            arr = self._core.contributions(code)
            self._cache[key] = pd.DataFrame(arr, index=self._index,
                                            columns=pd.Index(self._framework.indicators_below(code), name="code"),
                                            copy=False)
        return self._cache[key]

    @property
    def diagnostics(self) -> pd.DataFrame:
        """What each step did or noticed: one row per event kind (``count`` says how many
        cells), with step, stable id, level (info / warning), node, unit, period, message."""
        if "diagnostics" not in self._cache:
            self._cache["diagnostics"] = _tables.frame(self._core.diagnostics)
        return self._cache["diagnostics"]

    def vikor(self, code: str) -> pd.DataFrame:
        """VIKOR's group utility ``S``, regret ``R``, compromise value ``Q`` (smaller is better),
        ``rank_Q`` and the period's acceptance conditions (``acceptable_advantage``,
        ``acceptable_stability``, ``compromise``) of aggregate ``code`` scored with
        ``aggregate="vikor"`` (whose score is 1 - Q). A table of the core (mcda_tables.hpp)."""
        return self._labels.frame(self._core.vikor(code))

    def rsr(self, code: str) -> pd.DataFrame:
        """The rank-sum ratio of aggregate ``code`` scored with ``aggregate="rsr"``: per unit
        ``wrsr`` (the score), the distribution step (``frequency``, ``cumulative_frequency``,
        ``mean_rank``, ``percentile`` with the last one 1 - 1/(4n), ``probit`` = 5 +
        Phi^-1(p)), the ``fitted`` WRSR of the regression and the ``grade`` (1 = best) of the
        probit table for ``rsr_grades`` (3, 4 or 5). A table of the core (mcda_tables.hpp)."""
        return self._labels.frame(self._core.rsr(code))

    def rsr_regression(self, code: str) -> pd.DataFrame:
        """The regression WRSR = ``intercept`` + ``slope`` * probit of aggregate ``code`` per
        period (least squares over the distinct WRSR values), its ``r_squared``, and the WRSR
        limits of the grades (``limit_1`` ...). A table of the core (mcda_tables.hpp)."""
        return self._labels.frame(self._core.rsr_regression(code))

    def fuzzy(self, code: str) -> pd.DataFrame:
        """Fuzzy comprehensive evaluation of aggregate ``code`` scored with
        ``aggregate="fuzzy"``: per unit the membership in each grade (``b_1`` ..., labelled with
        the recipe's grades; B normalised to sum 1), the maximum-membership ``grade`` and the
        ``score``. A table of the core (mcda_tables.hpp)."""
        return self._labels.frame(self._core.fuzzy(code))

    # --- data preparation (the same tables as tijian.prepare gives) -----------------------

    def _record(self, key: str) -> pd.DataFrame:
        if key not in self._cache:
            self._cache[key] = self._labels.frame(getattr(self._core, key))  # a core table (prepare_tables.hpp)
        return self._cache[key]

    @property
    def screening(self) -> pd.DataFrame | None:
        """Per input row: data availability and whether screening kept it; ``None`` when the
        recipe does not screen. Columns as :attr:`tijian.Prepared.screening`."""
        table = self._record("screening")
        return table if len(table) else None

    @property
    def denominations(self) -> pd.DataFrame:
        """Per denominated indicator: denominator, scale factor, cells divided and cells made
        missing (empty unless the recipe denominates)."""
        return self._record("denominations")

    @property
    def imputations(self) -> pd.DataFrame:
        """Every imputed cell: unit, (period,) indicator, method, value, group (empty unless
        the recipe imputes)."""
        return self._record("imputations")

    @property
    def treatment(self) -> pd.DataFrame:
        """Per indicator (and period): skewness and kurtosis before and after the outlier
        treatment, points winsorised, fall-back used, status (empty unless the recipe treats
        outliers)."""
        return self._record("treatment")

    @property
    def treated_cells(self) -> pd.DataFrame:
        """Every cell the outlier treatment changed, with how, before and after."""
        return self._record("treated_cells")

    @property
    def not_applicable(self) -> pd.DataFrame:
        """Every node that does not apply to a unit and period (recipe ``not_applicable``):
        ``unit``, (``period``,) ``node``, the ``rule`` that made it so (its node), the rule's
        ``group`` column and the unit's ``value`` in it; an aggregate all of whose children are
        not applicable has no rule and ``by_children`` true. Empty without such rules. A table
        of the core (result_tables.hpp)."""
        return self._record("not_applicable")

    @property
    def provenance(self) -> dict[str, str]:
        """How to reproduce the run: library version, hashes of framework, data and recipe,
        the recipe text and the sources."""
        return dict(self._core.provenance)

    # --- single nodes ---------------------------------------------------------------------

    def score(self, code: str) -> pd.Series:
        """Scores of any node (an indicator's score is its normalised value)."""
        import pandas as pd

        return pd.Series(np.asarray(self._core.score_of(code)), index=self._index, name=code)

    def rank(self, code: str) -> pd.Series:
        """Ranks of an aggregate's score (1 = best)."""
        import pandas as pd

        return pd.Series(np.asarray(self._core.rank_of(code)), index=self._index, name=code)

    def to_numpy(self, what: str = "scores") -> np.ndarray:
        """Read-only view of a C++ result array without copying: ``"scores"``, ``"ranks"``,
        ``"normalised"``, ``"prepared"``, ``"weights"`` or ``"effective_weights"``."""
        if what not in ("scores", "ranks", "normalised", "prepared", "weights", "effective_weights"):
            raise ValueError(f"unknown array '{what}'")
        return np.asarray(getattr(self._core, what))

    # --- export ---------------------------------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """One wide table: ``<node>_score``, ``<node>_rank`` (and ``<node>_grade``) for every
        aggregate, then ``<indicator>_norm`` for every indicator."""
        import pandas as pd

        parts = []
        for code in self._core.nodes:
            parts.append(self.scores[code].rename(f"{code}_score"))
            parts.append(self.ranks[code].rename(f"{code}_rank"))
            if self.grades is not None:
                parts.append(self.grades[code].rename(f"{code}_grade"))
        parts += [self.normalised[c].rename(f"{c}_norm") for c in self._core.indicators]
        return pd.concat(parts, axis=1)

    def to_json(self, path: str | None = None) -> str | None:
        """The JSON document of the command line (provenance, nodes, scores, ranks,
        normalised values, diagnostics); written atomically to ``path`` if given."""
        if path is None:
            return str(self._core.to_json())
        self._core.write_json(str(path))
        return None

    def to_csv(self, path: str | None = None, *, headers: str = "codes", lang: str = "en",
               bom: bool = False) -> str | None:
        """The CSV table of the command line; written atomically to ``path`` if given.

        ``headers="codes"`` (default, for programs) or ``"labels"`` (headers in ``lang``, "zh"
        or "en", with units); ``bom=True`` starts the file with the UTF-8 byte-order mark Excel
        needs (see :meth:`tijian.CheckResult.to_csv`)."""
        with in_language(lang):
            if path is None:
                return str(self._core.to_csv(headers, lang))
            self._core.write_csv(str(path), headers, lang, bom)
        return None

    def to_excel(self, path: str | os.PathLike[str], *, lang: str = "en", headers: str = "labels") -> None:
        """Every table of the result (scores, ranks, weights, normalised values, diagnostics,
        ...: the tables of :meth:`to_json`) as one sheet each of an .xlsx workbook, written
        atomically. ``headers="labels"`` (default): headers, categories and sheet names in
        ``lang`` with a row of units under the header; ``"codes"``: the ASCII names of
        :meth:`to_csv`. Header rows are frozen; numbers are numbers, missing cells empty."""
        with in_language(lang):
            self._core.document().write_xlsx(os.fspath(path), headers, lang)

    # --- plots ----------------------------------------------------------------------------

    def plot_radar(self, units: Any, **kwargs: Any) -> Axes:
        """Radar chart of dimension scores; see :func:`tijian.plots.radar`."""
        from . import plots

        return plots.radar(self, units, **kwargs)

    def plot_bar(self, **kwargs: Any) -> Axes:
        """Ranked bar chart of a score; see :func:`tijian.plots.bar`."""
        from . import plots

        return plots.bar(self, **kwargs)

    def plot_heatmap(self, **kwargs: Any) -> Axes:
        """Heat map of normalised indicators; see :func:`tijian.plots.heatmap`."""
        from . import plots

        return plots.heatmap(self, **kwargs)

    # --- protocol -------------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self._core.rows)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (self._core, self._index, self._framework, self._recipe, self._labels._index))

    def __repr__(self) -> str:
        periods = sorted(set(self._core.periods) - {""})
        warn = int((self.diagnostics["level"] == "warning").sum())
        per = f", {len(periods)} periods" if periods else ""
        return (f"<tijian.Result '{self._framework.root}': {len(self)} rows{per}, "
                f"{len(self._core.indicators)} indicators, {len(self._core.nodes)} aggregates, "
                f"{warn} warning{'s' if warn != 1 else ''}>")

    def _repr_html_(self, max_rows: int = 20) -> str:
        table = self.scores.copy()
        root = self._framework.root
        table.insert(0, "rank", self.ranks[root])
        if self.grades is not None:
            table.insert(1, "grade", self.grades[root])
        table = table.sort_values("rank", kind="stable")
        rec = self._recipe.to_dict()
        head = (f"<p><b>tijian result</b> &middot; {html.escape(self._framework.name)} &middot; {len(self)} rows "
                f"&middot; normalise <code>{html.escape(rec['normalise']['method'])}</code>, weights "
                f"<code>{html.escape(rec['weights']['method'])}</code>, aggregate "
                f"<code>{html.escape(rec['aggregate']['method'])}</code></p>")
        body = table.head(max_rows).to_html(float_format=lambda v: f"{v:.2f}", na_rep="–", escape=True)
        more = f"<p>… {len(table) - max_rows} more rows</p>" if len(table) > max_rows else ""
        diags = self.diagnostics
        warn = diags[diags["level"] == "warning"]
        note = ""
        if len(warn):
            items = "".join(f"<li><code>{html.escape(r.id)}</code> {html.escape(r.node)}: {html.escape(r.message)}"
                            f"{' ×' + str(r.count) if r.count > 1 else ''}</li>"
                            for r in warn.head(10).itertuples())
            note = f"<details><summary>{len(warn)} warnings</summary><ul>{items}</ul></details>"
        return str(head + body + more + note)


def _restore(core: _core.Result, index: pd.Index, framework: Framework, recipe: Recipe, *rest: Any) -> Result:
    # rest: (input_index,), every input row, also those screening removed; older pickles give
    # (notes, input_index) or (notes,), the notes of left-out columns the Python layer kept
    # beside the core's diagnostics before the core recorded them (data_columns.hpp)
    input_index = rest[-1] if len(rest) in (1, 2) and not isinstance(rest[-1], list) else None
    self = object.__new__(Result)
    self._core = core
    self._index = index
    self._framework = framework
    self._recipe = recipe
    self._cache = {}
    self._labels = RowLabels(index if input_index is None else input_index)
    return self
