# SPDX-License-Identifier: MIT
"""The resident satisfaction survey (居民问卷抽样调查): ``tj.survey(data, definition, ...)``.

Computed in C++ (``tijian/survey.hpp``): item, dimension and group scores with confidence
intervals on Kish's effective sample size, Cronbach's alpha per dimension, the handbook's
sample rules, items below 60 points and the objective-subjective gap (温差) as a problem list
whose origin is ``"residents"``. This module only hands the answers over as text, so that a
DataFrame is checked by the same reader, with the same messages, as a file.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import _core
from ._errors import argument_type
from ._tables import frame, write_excel

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["survey", "SurveyResult"]


def _cell(v: Any) -> str:
    """A DataFrame cell as the text an export would hold: missing -> "", 5.0 -> "5"."""
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        if v.is_integer():
            return str(int(v))
    try:
        import pandas as pd

        if v is pd.NA or v is pd.NaT:
            return ""
    except ImportError:  # pragma: no cover
        pass
    return str(v)


def _definition(definition: Any) -> tuple[Any, str, str]:
    if isinstance(definition, Mapping):
        return dict(definition), "dict", "<dict>"
    if isinstance(definition, os.PathLike) or (isinstance(definition, str) and "\n" not in definition
                                               and os.path.exists(definition)):
        return os.fspath(definition), "path", os.fspath(definition)
    if isinstance(definition, str) and "\n" in definition:
        return definition, "text", "<text>"
    raise argument_type("definition must be a path to a survey definition (TOML), TOML text or a dict, not "
                    f"{definition!r:.80}")


def _objective(objective: Any) -> tuple[str | None, list[tuple[str, float]]]:
    if objective is None:
        return None, []
    if isinstance(objective, (str, os.PathLike)):
        return os.fspath(objective), []
    if hasattr(objective, "columns") and {"dimension", "score"} <= set(objective.columns):
        return None, [(str(d), float(s)) for d, s in zip(objective["dimension"], objective["score"])]
    if hasattr(objective, "items"):  # a dict or a Series indexed by dimension
        return None, [(str(d), float(s)) for d, s in objective.items()]
    raise argument_type("objective must be a path, a dict or Series {dimension: score} or a DataFrame with "
                    "columns dimension and score")


def survey(data: Any, definition: Any, objective: Any = None, *, population: float | None = None,
           threshold: float | None = None, gap_rule: str | None = None,
           gap_max: float | None = None) -> SurveyResult:
    """Analyse a resident satisfaction survey: the same computation as ``tijian survey``.

    Parameters
    ----------
    data : DataFrame or path
        The answers as the survey platform exports them (问卷星 and similar): one row per
        respondent, one column per question, answers as text (满意 / 比较满意 / 一般 / 较不满意 /
        不满意 / 不了解, with common variants and full-width spaces) or numbers 1-5; the
        respondent attributes 社区, 区, 性别, 年龄 or 年龄段, 职业 (headers set in the
        definition). A path is read like the command line's ``--data``.
    definition : path, TOML text or dict
        The survey definition (schema ``tijian/survey/1``, see ``examples/survey``): items with
        column, dimension, indicator and weight; the answer scale; the 不了解 and blank policy;
        post-stratification shares; the gap rule.
    objective : dict, Series, DataFrame or path, optional
        Objective 0-100 scores per dimension (``{dimension: score}``, or a table with columns
        ``dimension`` and ``score``) for the gap (温差): e.g. one city's row of
        :func:`tijian.score`'s ``scores`` (``res.scores.loc["C01"]``) when the items' dimensions
        are the framework's dimension codes.
    population : float, optional
        Built-up-area population (people) for the 0.6‰-1.5‰ rule; overrides the definition.
    threshold, gap_rule, gap_max : optional
        Override the definition's problem threshold (60), gap rule (``"crossing"``,
        ``"absolute"`` or ``"either"``) and largest gap not flagged (20 points).

    Returns
    -------
    SurveyResult
        The core's tables as DataFrames (``items``, ``dimensions``, ``groups``, ``alpha``,
        ``adequacy``, ``communities``, ``weights``, ``gap``, ``problems``), ``options``,
        ``respondents``, ``n_eff`` and ``respondent_weights``.

    Raises
    ------
    DataError
        An answer outside the scale, an unknown or missing column, an age under 16, a group
        without a population share: the message names the file (or "DataFrame"), row, column,
        value and the accepted answers.
    RecipeError
        An invalid definition, naming its file, line and key.

    Examples
    --------
    >>> import pandas as pd, tijian as tj
    >>> answers = pd.DataFrame({"区": ["东区", "东区", "西区"], "Q1": ["满意", "一般", "不了解"],
    ...                         "Q2": ["比较满意", "不满意", 4]})
    >>> definition = {"item": [{"code": "H1", "column": "Q1", "dimension": "住房"},
    ...                        {"code": "H2", "column": "Q2", "dimension": "住房"}]}
    >>> res = tj.survey(answers, definition)
    >>> res.items[["item", "score", "answered", "dont_know"]]
      item  score  answered  dont_know
    0   H1   80.0         2          1
    1   H2   60.0         3          0
    """
    defn, kind, source = _definition(definition)
    objective_path, pairs = _objective(objective)
    overrides: dict[str, Any] = {}
    for key, value in (("built_up_population", population), ("threshold", threshold), ("gap_rule", gap_rule),
                       ("gap_max", gap_max)):
        if value is not None:
            overrides[key] = value
    if isinstance(data, (str, os.PathLike)):
        core = _core.survey(defn, kind, source, os.fspath(data), [], [], os.fspath(data), objective_path, pairs,
                            overrides)
    else:
        import pandas as pd

        df = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
        header = [str(c) for c in df.columns]
        rows = [[_cell(v) for v in row] for row in df.itertuples(index=False, name=None)]
        core = _core.survey(defn, kind, source, None, header, rows, "DataFrame", objective_path, pairs, overrides)
    return SurveyResult(core)


class SurveyResult:
    """The result of :func:`tijian.survey`: every table the core describes, as a DataFrame.

    Attributes
    ----------
    items, dimensions, groups, alpha, adequacy, communities, weights, gap, problems : DataFrame
        The tables of ``tijian/survey_tables.hpp`` (columns, units and zh/en labels in
        ``frame.attrs["columns"]``).
    options : dict
        The choices the result rests on, ours where the handbook is silent (scale, 不了解
        policy, weighting, interval, gap rule).
    respondents : int
    n_eff : float
        Kish's effective sample size of the whole sample.
    respondent_weights : list of float
        The post-stratification weight of each respondent, in data order (1 without weighting).
    """

    def __init__(self, core: dict[str, Any]) -> None:
        self._tables: dict[str, pd.DataFrame] = {
            name: frame(t) for name, t in core.items() if isinstance(t, dict) and "columns" in t}
        self.options: dict[str, Any] = dict(core["options"])
        self.provenance: dict[str, Any] = dict(core["provenance"])
        self.respondents: int = int(core["respondents"])
        self.n_eff: float = float(core["n_eff"])
        self.respondent_weights: list[float] = list(core["respondent_weights"])
        self._document = core.get("document")  # the core's description (_core.Document), for to_excel

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name."""
        return dict(self._tables)

    def to_excel(self, path: str | os.PathLike[str], *, lang: str = "zh", headers: str = "labels") -> None:
        """Every table (items, dimensions, groups, alpha, adequacy, communities, weights, gap,
        problems) as one sheet each of an .xlsx workbook, written atomically by the core as
        ``tijian survey --out x.xlsx`` does. ``headers="labels"`` (default): headers, categories
        and sheet names in ``lang`` ("zh" or "en") with a row of units under the header;
        ``"codes"``: the ASCII names and codes. Numbers are numbers, missing cells empty."""
        write_excel(self._document, path, headers=headers, lang=lang)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("_tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"SurveyResult has no attribute or table '{name}'")

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._tables))

    def __repr__(self) -> str:
        return (f"SurveyResult({self.respondents} respondents, n_eff {self.n_eff:.1f}, "
                f"{len(self._tables.get('items', []))} items, {len(self._tables.get('problems', []))} problems)")
