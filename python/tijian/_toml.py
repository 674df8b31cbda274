# SPDX-License-Identifier: MIT
"""A minimal TOML writer for the texts tijian's C++ readers parse.

Frameworks and recipes built from Python dicts or keyword arguments are written as TOML and
read by the same C++ parser as files, so dicts, files and the command line share one
vocabulary, one set of defaults and one set of error messages. Only what those schemas need is
supported: str, bool, int, float (including nan/inf), lists of those, nested lists (AHP
matrices) and tables (dicts, written as ``[a."b"]`` sections or, inside lists, as inline
tables).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["dumps", "key", "value"]


def _string(s: str) -> str:
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def key(k: Any) -> str:
    """A quoted TOML key (always quoted: codes may contain '.', '-' or non-ASCII text)."""
    return _string(str(k))


def value(v: Any) -> str:
    """The TOML text of a scalar, a list or an inline table."""
    # numpy scalars behave like Python numbers; bool first (bool is an int)
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return "true" if bool(v) else "false"
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items() if x is not None) + " }"
    if hasattr(v, "tolist") and not isinstance(v, (int, float)):
        v = v.tolist()  # numpy arrays and scalars
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        text = repr(v)
        return text if any(c in text for c in ".eE") else text + ".0"
    if isinstance(v, Sequence):
        return "[" + ", ".join(value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} value {v!r} as TOML")


def _is_table(v: Any) -> bool:
    return isinstance(v, Mapping)


def _table(lines: list[str], path: list[str], table: Mapping[str, Any]) -> None:
    scalars = [(k, v) for k, v in table.items() if v is not None and not _is_table(v)]
    tables = [(k, v) for k, v in table.items() if _is_table(v)]
    if path and (scalars or not tables):
        lines.append("")
        lines.append("[" + ".".join(key(p) for p in path) + "]")
    for k, v in scalars:
        lines.append(f"{key(k)} = {value(v)}")
    for k, v in tables:
        _table(lines, [*path, str(k)], v)


def dumps(doc: Mapping[str, Any], arrays_of_tables: Mapping[str, Sequence[Mapping[str, Any]]] | None = None) -> str:
    """TOML text of a document.

    ``doc`` is written as top-level keys and ``[section]`` tables (``None`` values are left
    out); ``arrays_of_tables`` maps a name to a list of tables written as ``[[name]]``
    entries, in order (sub-lists of tables inside an entry, e.g. an indicator's targets, are
    written as ``[[name.sub]]``).
    """
    lines: list[str] = []
    _table(lines, [], doc)
    for name, entries in (arrays_of_tables or {}).items():
        for entry in entries:
            lines.append("")
            lines.append(f"[[{name}]]")
            subs = []
            for k, v in entry.items():
                if v is None:
                    continue
                if isinstance(v, Sequence) and not isinstance(v, str) and v and all(_is_table(x) for x in v):
                    subs.append((k, v))
                else:
                    lines.append(f"{key(k)} = {value(v)}")
            for k, items in subs:
                for item in items:
                    lines.append(f"[[{name}.{k}]]")
                    for kk, vv in item.items():
                        if vv is not None:
                            lines.append(f"{key(kk)} = {value(vv)}")
    return "\n".join(lines).lstrip("\n") + "\n"
