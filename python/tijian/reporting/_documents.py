# SPDX-License-Identifier: MIT
"""The inputs of a report: result documents, each its fields and its tables as DataFrames.

A document comes either from a JSON file the command line wrote (``tijian check --out x.json``,
``tijian report --documents DIR``), read by the core's own reader (``_core.read_document_json``:
rows plus the schema describing every column), or from a result object of this package
(CheckResult, Result, TrendResult, EvaluationResult, UncertaintyResult), whose tables are the
same descriptions. Either way each table is a DataFrame made by the one generic conversion
``_tables.frame``, with its description in ``attrs``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import _core, _tables

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Document", "load"]


@dataclass
class Document:
    """A result's fields (provenance, options) and its tables by name."""

    fields: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    source: str = ""

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)


class _Shared(dict):
    """A table description shared, not copied, by the frames derived from a table: pandas deep-
    copies ``attrs`` on every operation, which for the report's many filters of large described
    tables costs seconds. The description is never changed after it is made."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _Shared:
        return self


def _shared(df: pd.DataFrame) -> pd.DataFrame:
    # pandas keeps attrs as a plain dict (its setter copies it): the values are what is shared
    df.attrs = {k: _Shared(v) if isinstance(v, dict) else v for k, v in df.attrs.items()}
    return df


def _frames(tables: dict[str, Any]) -> dict[str, pd.DataFrame]:
    out = {}
    for name, t in tables.items():
        if isinstance(t, dict) and "columns" in t:
            out[name] = _shared(_tables.frame(t))
    return out


def read(path: str | os.PathLike[str]) -> Document:
    """A JSON document written by the command line (with its schema)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    d = _core.read_document_json(text)
    return Document(dict(d["fields"]), _frames(dict(d["tables"])), os.fspath(path))


_LEDGER_FILES = (".sqlite", ".sqlite3", ".db")


def load(value: Any) -> Document | None:
    """A document from a path, a Document or a result object of this package (None: none). A
    ledger is its SQLite file (or a tijian.Ledger); its document is the ledger table."""
    if value is None or isinstance(value, Document):
        return value
    if isinstance(value, (str, os.PathLike)):
        if os.fspath(value).lower().endswith(_LEDGER_FILES):
            from ..ledger import Ledger

            return load(Ledger(value))
        return read(value)
    kind = type(value).__name__
    if kind == "CompareResult":
        frames = {k: _shared(v.copy(deep=False)) for k, v in value._frames.items()}
        return Document(dict(value.fields), frames)
    if kind == "SurveyResult":
        frames = {k: _shared(v.copy(deep=False)) for k, v in value.tables.items()}
        return Document({"provenance": dict(value.provenance), "respondents": value.respondents,
                         "n_eff": value.n_eff}, frames)
    if kind == "Ledger":
        return Document({}, {"ledger": _shared(value.list())}, value.path)
    if kind == "CheckResult":
        core = value._core
        return Document({"provenance": dict(core.provenance), "period": str(value.period)}, _frames(core.tables()))
    if kind == "Result":
        core = value._core
        return Document({"provenance": dict(core.provenance)}, _frames(core.tables))
    if kind in ("TrendResult", "EvaluationResult"):
        fields = {k: getattr(value, k) for k in ("year", "end_year") if hasattr(value, k)}
        tables = (value._frames if kind == "TrendResult"
                  else {"evaluation": value.targets, "evaluation_dimensions": value.dimensions})
        frames = {}
        for k, v in tables.items():
            if v is not None:
                frames[k] = _shared(v.copy(deep=False))
        return Document(fields, frames)
    if kind == "UncertaintyResult":
        return Document({"node": value.node, "runs": int(value.n_runs)}, _frames({"uncertainty": value._c["summary"]}))
    raise TypeError(f"a report input must be a path to a JSON document or a tijian result, not {kind}")
