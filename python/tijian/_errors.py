# SPDX-License-Identifier: MIT
"""Errors raised by the Python layer itself, with the same types, ids and message shape as the
errors of the C++ core (``[tijian.<id>] message (place)``), so that callers can catch
``tj.DataError`` and test ``err.id`` whichever layer found the problem."""

from __future__ import annotations

from typing import Any

from ._core import DataError, FrameworkError, RecipeError, TijianError

__all__ = ["DataError", "FrameworkError", "RecipeError", "TijianError", "make_error"]


def make_error(kind: type[TijianError], id: str, message: str, **where: Any) -> TijianError:
    """An exception of ``kind`` with ``.id`` and ``.location`` set, worded like the C++ errors.

    ``where`` may name ``file``, ``node``, ``indicator``, ``unit`` and ``period``.
    """
    parts = []
    if where.get("file"):
        parts.append(str(where["file"]))
    for k in ("node", "indicator", "unit", "period"):
        if where.get(k) not in (None, ""):
            parts.append(f"{k} '{where[k]}'")
    text = f"[tijian.{id}] {message}"
    if parts:
        text += " (" + ", ".join(parts) + ")"
    err = kind(text)
    err.id = id
    err.location = {k: str(v) for k, v in where.items() if v not in (None, "")}
    return err
