# SPDX-License-Identifier: MIT
"""Self-check vs third-party (自检 vs 第三方体检): ``tj.compare({"自检": df1, "第三方": df2},
framework, targets)``.

Computed in C++ (``tijian/compare.hpp``); the tables are the core's descriptions
(``compare_tables.hpp``) turned into DataFrames by the generic ``_tables.frame``, with the
caller's unit labels. The same computation as the command ``tijian compare``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
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

__all__ = ["compare", "CompareResult"]


def compare(assessments: Mapping[str, Any], framework: FrameworkLike | None = None,
            targets: ProfileLike | None = None, *, tolerances: Any = None, recipe: RecipeLike = None,
            strict: bool = False, composite: Mapping[str, Any] | None = None, confidence: float = 0.95,
            units: Any = None, periods: Any = None, columns: Sequence[str] | None = None,
            unit_names: Any = None) -> CompareResult:
    """Compare two or more assessments of the same units, periods and indicators.

    The first assessment is the reference (normally the self-check, 自检); every other one is
    compared with it: the value differences against per-indicator tolerances, the verdicts of
    the check on the plan's schedule that differ, the composite score and rank differences, and
    agreement statistics (Spearman's rho, Kendall's tau-b, ICC(A,1), Bland-Altman, weighted
    kappa of the verdicts; Kendall's W with three or more assessments). Disagreements form a
    problem list with ``origin`` "third_party".

    Parameters
    ----------
    assessments : mapping of label -> DataFrame
        In order, the reference first, e.g. ``{"自检": self_df, "第三方": third_df}``; each
        DataFrame as for :func:`tijian.score` (rows (unit, year)).
    framework : optional
        Default: the profile's framework.
    targets : TargetProfile, preset name, path, TOML text or dict
        The plan every assessment is checked against.
    tolerances : path or dict, optional
        Per-indicator tolerances shaped like the tolerance file (``io/compare_io.hpp``):
        ``{"default": {"relative": 0.01}, "indicator": {"green_coverage": {"absolute": 0.5}}}``.
        A value pair is within tolerance when ``|b - a| <= absolute + relative * |a|``; without
        tolerances values must be equal.
    recipe : optional
        Score the composite with :func:`tijian.score` and this recipe instead of the check's
        composite green-city score (then every framework indicator needs a column).
    strict : bool
        Every target is due (as ``tj.check(..., strict=True)``).
    composite : dict, optional
        Options of the composite green-city score (as for :func:`tijian.green_city_score`).
    confidence : float, default 0.95
        Of the ICC, kappa and Bland-Altman intervals.

    Returns
    -------
    CompareResult
        ``.values``, ``.verdicts``, ``.scores``, ``.agreement``, ``.kappa``, ``.concordance``,
        ``.problems``, ``.tolerances`` as DataFrames and ``.fields`` (provenance, options).

    Raises
    ------
    DataError
        Assessments whose units, indicators or periods differ (``compare.units_differ``,
        ``compare.indicators_differ``, ``compare.periods_differ``, ``compare.rows_differ``),
        naming the data and the codes; a tolerance for an unknown indicator
        (``compare.tolerance``); an empty or repeated label (``compare.labels``).

    Examples
    --------
    >>> import pandas as pd, tijian as tj
    >>> fw = {"code": "IDX", "children": [{"code": "D", "children": [{"code": "green", "unit": "%"}]}]}
    >>> plan = {"profile": "p", "target": [{"indicator": "green", "kind": "at_least", "value": 50.0}]}
    >>> self_df = pd.DataFrame({"unit": ["a", "b", "c"], "year": 2022, "green": [55.0, 40.0, 60.0]})
    >>> third_df = pd.DataFrame({"unit": ["a", "b", "c"], "year": 2022, "green": [48.0, 40.0, 60.5]})
    >>> cmp = tj.compare({"自检": self_df, "第三方": third_df}, fw, plan, tolerances={"default": {"absolute": 1}})
    >>> cmp.verdicts[["unit", "indicator", "status_a", "status_b", "disagreement"]]
      unit indicator status_a status_b   disagreement
    0    a     green      met   missed  met_vs_missed
    >>> cmp.values[["unit", "difference", "within"]]
      unit  difference  within
    0    a        -7.0   False
    1    b         0.0    True
    2    c         0.5    True
    """
    if not isinstance(assessments, Mapping) or len(assessments) < 2:
        raise argument_type("assessments must be a mapping of at least two labels to DataFrames, the reference first")
    profile = _coerce_profile(targets)
    if framework is None:
        framework = profile.framework or None
    fw = _coerce(framework)
    rec = Recipe.coerce(recipe) if recipe is not None else None
    build_with = rec if rec is not None else Recipe(unknown_columns="ignore")
    panels, labels = [], []
    row_labels: RowLabels | None = None
    for label, data in assessments.items():
        if not isinstance(label, str):
            raise argument_type(f"assessment labels must be str, not {type(label).__name__}")
        built = build_panel(data, fw, build_with, units=units, periods=periods, columns=columns,
                            unit_names=unit_names)
        panels.append(built.panel)
        labels.append(label)
        if row_labels is None:
            row_labels = RowLabels(built.index)
    if tolerances is not None and not isinstance(tolerances, (str, Mapping)):
        tolerances = str(tolerances)  # a path-like
    core = _core.compare(fw._fw, panels, labels, profile._p, tolerances, rec._r if rec is not None else None,
                         {"strict": bool(strict)}, dict(composite) if composite is not None else None,
                         float(confidence))
    assert row_labels is not None
    frames = {name: _tables.frame(t, {"unit": row_labels.unit}) for name, t in core.items()
              if isinstance(t, dict) and "columns" in t}
    return CompareResult(frames, core["fields"], core.get("document"))


class CompareResult:
    """The tables of :func:`tijian.compare`, as DataFrames (``df.attrs["columns"]`` describes
    every column: type, zh/en labels, unit).

    Attributes
    ----------
    values : DataFrame
        One row per compared assessment, unit, period and indicator: ``value_a`` (reference),
        ``value_b``, ``difference`` (b - a), ``relative_difference``, the tolerances,
        ``allowed``, ``within`` and ``agreement``.
    verdicts : DataFrame
        The targets whose state differs: ``status_a``, ``status_b``, ``disagreement``.
    scores : DataFrame
        Composite score and rank by each side and their differences.
    agreement : DataFrame
        Per compared assessment, period and indicator (and the composite): Spearman, Kendall
        tau-b, ICC(A,1) with its CI, ICC(C,1), Bland-Altman bias and limits with CIs, ``note``.
    kappa : DataFrame
        Cohen's kappa of the verdicts, unweighted, linear and quadratic.
    concordance : DataFrame
        Kendall's W of all assessments (three or more).
    problems : DataFrame
        The problem list, the check's problem columns plus ``origin`` (third_party).
    tolerances : DataFrame
        The tolerances used.
    fields : dict
        Provenance and options.
    """

    def __init__(self, frames: dict[str, pd.DataFrame], fields: dict[str, Any], document: Any = None) -> None:
        self._frames = frames
        self.fields = fields
        self._document = document  # the core's description (_core.Document), written by to_excel

    values = property(lambda self: self._frames["values"])
    verdicts = property(lambda self: self._frames["verdicts"])
    scores = property(lambda self: self._frames["scores"])
    agreement = property(lambda self: self._frames["agreement"])
    kappa = property(lambda self: self._frames["kappa"])
    concordance = property(lambda self: self._frames["concordance"])
    problems = property(lambda self: self._frames["problems"])
    tolerances = property(lambda self: self._frames["tolerances"])

    def to_excel(self, path: str | os.PathLike[str], *, lang: str = "zh", headers: str = "labels") -> None:
        """Every table (values, verdicts, scores, agreement, kappa, concordance, problems,
        tolerances) as one sheet each of an .xlsx workbook, written atomically by the core as
        ``tijian compare --out x.xlsx`` does. ``headers="labels"`` (default): headers,
        categories and sheet names in ``lang`` ("zh" or "en") with a row of units under the
        header; ``"codes"``: the ASCII names and codes. Numbers are numbers, missing cells empty."""
        _tables.write_excel(self._document, path, headers=headers, lang=lang)

    def __repr__(self) -> str:
        return (f"CompareResult({len(self.values)} values, {len(self.verdicts)} verdict disagreements, "
                f"{len(self.problems)} problems)")
