# SPDX-License-Identifier: MIT
"""Errors raised by the Python layer itself, with the same types, ids and message shape as the
errors of the C++ core (``[tijian.<id>] message (place)``), so that callers can catch
``tj.DataError`` and test ``err.id`` whichever layer found the problem."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ._core import ArgumentError, DataError, FrameworkError, RecipeError, TijianError

__all__ = ["ArgumentError", "DataError", "FrameworkError", "RecipeError", "TijianError", "argument_type",
           "in_language", "make_error", "require_source"]


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
    err.message_zh = text  # no Chinese wording yet: the English text, as the core does
    return err


def argument_type(message: str) -> TijianError:
    """An argument of a type the function does not take: :class:`ArgumentError` (a
    :class:`TijianError` and a ``TypeError``) with the id ``argument.type``, so that every failure
    of the package has an id."""
    return make_error(ArgumentError, "argument.type", message)


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Inside, a tijian error is raised in ``lang``: with ``"zh"`` its text is its Chinese
    wording (``err.message_zh``, the same type, id and location), so that a function called with
    ``lang="zh"`` answers in Chinese as ``tijian ... --lang zh`` does."""
    try:
        yield
    except TijianError as err:
        zh = getattr(err, "message_zh", None)
        if lang != "zh" or not zh or zh == str(err):
            raise
        again = type(err)(zh)
        again.id, again.location, again.message_zh = err.id, err.location, zh
        raise again from None


def require_source(source: Any, what: str, id: str) -> None:
    """Raises :class:`ArgumentError` ``id`` unless ``source`` is a path or text (``what`` is the
    function named in the message), so that ``None`` is not read as the text "None"."""
    import os

    if not isinstance(source, (str, os.PathLike)):
        raise make_error(ArgumentError, id, f"{what} takes a path or TOML text, not {type(source).__name__}")
