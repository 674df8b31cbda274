# SPDX-License-Identifier: MIT
"""Indicator frameworks: the tree of a composite index (root, dimensions, indicators).

A :class:`Framework` is immutable and validated once, when it is built, by the C++ readers:
a TOML file or text, a COINr-style iMeta table (DataFrame, CSV or Excel), a dict, or a
built-in preset. Dicts and DataFrames are turned into TOML or iMeta text first, so every
source goes through the same parser and the same checks as the command line.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import numpy as np

from . import _core
from ._errors import ArgumentError, FrameworkError, argument_type, make_error, require_source
from ._tables import frame

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .recipe import Recipe

__all__ = ["Framework", "FrameworkLike", "presets"]

PathLike = Union[str, "os.PathLike[str]"]

#: Anything :func:`tijian.score` and the estimators accept as a framework.
FrameworkLike = Union["Framework", "str", "os.PathLike[str]", Mapping[str, Any], Sequence[Mapping[str, Any]], "pd.DataFrame"]

_PRESET_DIR = ("presets", "frameworks")  # presets/ of the repository, installed with the wheel


def _package_presets() -> dict[str, str]:
    """Framework presets shipped as package data (tijian/presets/frameworks/*.toml)."""
    out = {}
    for entry in resources.files(__package__).joinpath(*_PRESET_DIR).iterdir():
        if entry.name.endswith(".toml"):
            out[entry.name[: -len(".toml")]] = entry.name
    return out


def _library_presets() -> dict[str, dict[str, str]]:
    """Framework presets embedded in the C++ library (presets/frameworks/*.toml), when the
    library has them: the same texts as the command line's ``--framework <name>``."""
    if not hasattr(_core, "presets"):
        return {}
    return {p["name"]: p for p in _core.presets() if p["kind"] == "framework"}


def _preset_text(name: str) -> str | None:
    if name in _library_presets():
        return str(_core.preset_text("framework", name))
    files = _package_presets()
    if name in files:
        return resources.files(__package__).joinpath(*_PRESET_DIR, files[name]).read_text(encoding="utf-8")
    return None


def presets(kind: str = "framework") -> list[str]:
    """Names of the built-in presets: frameworks (default) or target profiles.

    The framework presets embedded in the C++ library (those of the command line) come
    first in precedence; the package also ships them as data files (``tijian/presets/``).
    The target profiles (``kind="profile"``) are those of ``tijian check --targets <name>``
    and :meth:`tijian.TargetProfile.preset`.

    Parameters
    ----------
    kind : {"framework", "profile"}

    Returns
    -------
    list of str
        Sorted preset names, usable with :meth:`Framework.preset` and wherever a framework
        is expected (or, for profiles, wherever ``targets`` is expected).

    Examples
    --------
    >>> import tijian as tj
    >>> "hdi" in tj.presets() and "green-city-demo" in tj.presets()
    True
    >>> tj.presets("profile")
    ['jinan-2025', 'jining', 'qingdao-2022', 'shizuishan-2025']
    """
    if kind == "profile":
        from .targets import profile_presets

        return profile_presets()
    if kind != "framework":
        raise make_error(ArgumentError, "preset.kind", f"kind must be 'framework' or 'profile', not {kind!r}")
    return sorted(set(_package_presets()) | set(_library_presets()))


# Keys of a node dict that are not TOML keys of the framework file.
class Framework:
    """A validated indicator framework (read-only).

    Build one with :meth:`from_toml`, :meth:`from_table`, :meth:`from_dict`, :meth:`preset`
    or :meth:`read`; ``Framework(x)`` accepts any of those sources and picks the reader.

    Parameters
    ----------
    source : Framework, str, path, dict, list of dict or DataFrame
        A preset name, a file (``.toml``, ``.csv``, ``.xlsx``/``.xls``, ``.json``), TOML text,
        a dict or list of node dicts (see :meth:`from_dict`) or an iMeta DataFrame.

    Raises
    ------
    FrameworkError
        If the framework is inconsistent (unknown parent, cycle, duplicate code, bad weight,
        ...); the message names the node and, for files, the line.

    Examples
    --------
    >>> import tijian as tj
    >>> fw = tj.Framework.preset("hdi")
    >>> fw
    Framework('HDI': 4 indicators, 4 aggregates, 2 levels above the indicators)
    >>> fw.indicators
    ['le', 'eys', 'mys', 'gnipc']
    >>> fw.children("Education")
    ['eys', 'mys']
    >>> fw.effective_weights.round(4).to_dict()
    {'le': 0.3333, 'eys': 0.1667, 'mys': 0.1667, 'gnipc': 0.3333}
    """

    __slots__ = ("_fw", "_cache")

    def __init__(self, source: FrameworkLike) -> None:
        fw = _coerce(source)._fw
        self._fw: _core.Framework = fw
        self._cache: dict[str, Any] = {}

    @classmethod
    def _wrap(cls, core: _core.Framework) -> Framework:
        self = object.__new__(cls)
        self._fw = core
        self._cache = {}
        return self

    # --- constructors ---------------------------------------------------------------------

    @classmethod
    def from_toml(cls, source: PathLike) -> Framework:
        """Read a framework from a TOML file or TOML text (schema ``tijian/framework/1``).

        Parameters
        ----------
        source : str or path
            A path, or the TOML text itself (a string containing a line break or ``=``).

        Examples
        --------
        >>> import tijian as tj
        >>> fw = tj.Framework.from_toml('''
        ... [[node]]
        ... code = "IDX"
        ... [[indicator]]
        ... code = "pm25"
        ... parent = "IDX"
        ... direction = "lower"
        ... [[indicator]]
        ... code = "green"
        ... parent = "IDX"
        ... weight = 2
        ... ''')
        >>> fw.node("pm25")["direction"]
        'lower_is_better'
        >>> fw.weights_in_parent.to_dict()
        {'IDX': 1.0, 'pm25': 0.3333333333333333, 'green': 0.6666666666666666}
        """
        require_source(source, "Framework.from_toml", "framework.argument")  # None is not the text "None"
        if isinstance(source, os.PathLike) or ("\n" not in source and "=" not in source):
            return cls._wrap(_core.Framework.load(os.fspath(source)))
        return cls._wrap(_core.Framework.from_toml(source, "<text>"))

    @classmethod
    def from_table(cls, table: PathLike | pd.DataFrame, *, sheet_name: str | int = 0) -> Framework:
        """Read a COINr-style iMeta table: a DataFrame, a CSV file or an Excel sheet.

        Columns (case-insensitive) as in COINr: ``Level``, ``iCode``, ``iName``,
        ``Direction``, ``Weight``, ``Parent``, ``Type`` (required) and ``Unit``, ``Target``,
        ``Denominator``, with tijian's optional extensions (``name_zh``, ``IndicatorType``,
        ``Comparator``, ``TargetUpper``, ``TargetYear``, ``band_lower``, ``band_upper``,
        ``goalpost_lower``, ``goalpost_upper``, ``goalpost_scale``, ``Source``, ...). Rows of
        Type Group/Denominator/Other are skipped. A DataFrame is written to CSV text and read
        by the same C++ reader as a CSV file.

        Parameters
        ----------
        table : DataFrame, str or path
            The table, or a ``.csv`` / ``.xlsx`` / ``.xls`` file (Excel needs openpyxl).
        sheet_name : str or int, default 0
            Sheet of an Excel file.

        Examples
        --------
        >>> import pandas as pd, tijian as tj
        >>> imeta = pd.DataFrame({
        ...     "Level": [1, 1, 2], "iCode": ["pm25", "green", "IDX"],
        ...     "Direction": [-1, 1, None], "Weight": [1, 1, 1],
        ...     "Parent": ["IDX", "IDX", None], "Type": ["Indicator", "Indicator", "Aggregate"]})
        >>> tj.Framework.from_table(imeta).indicators
        ['pm25', 'green']
        """
        import pandas as pd

        if isinstance(table, pd.DataFrame):
            frame = table
            if not isinstance(frame.index, pd.RangeIndex) and frame.index.name is not None:
                frame = frame.reset_index()
            text = frame.to_csv(index=False, lineterminator="\n")
            return cls._wrap(_core.Framework.from_imeta(text, "<DataFrame>"))
        path = os.fspath(table)
        suffix = Path(path).suffix.lower()
        if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            frame = pd.read_excel(path, sheet_name=sheet_name, dtype=object)
            text = frame.to_csv(index=False, lineterminator="\n")
            return cls._wrap(_core.Framework.from_imeta(text, f"{path}[{sheet_name}]"))
        if suffix == ".csv" or suffix == "":
            if suffix == "":
                raise make_error(FrameworkError, "framework.file_type", f"'{path}' has no extension; use .csv or .xlsx")
            return cls._wrap(_core.Framework.load(path))
        raise make_error(FrameworkError, "framework.file_type",
                         f"'{path}' is not a table file: use .csv, .xlsx or .xls (or from_toml for .toml)")

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> Framework:
        """Build a framework from Python data.

        Accepted shapes:

        * a list of node dicts, each with ``code`` and (except the root) ``parent``;
        * a nested dict: the root with ``children`` (a list of node dicts, recursively);
        * ``{"nodes": [...]}`` (a list as above, plus optional ``schema``);
        * the shape of a parsed framework TOML file: ``{"node": [...], "indicator": [...]}``.

        Node keys are those of the TOML format: ``code``, ``parent``, ``name_zh``,
        ``name_en``, ``weight``, ``aggregation`` (aggregates); ``unit``, ``direction``,
        ``band``, ``type``, ``source``, ``goalposts``, ``target`` (or ``targets``: a list of
        dicts), ``denominator``, ``scale_factor`` (indicators). ``kind`` ("aggregate" or
        "indicator") is optional: a node that is some node's parent is an aggregate. ``None``
        values are left out.

        Examples
        --------
        >>> import tijian as tj
        >>> fw = tj.Framework.from_dict({
        ...     "code": "GCI", "children": [
        ...         {"code": "ECO", "weight": 2, "children": [
        ...             {"code": "green_cover"}, {"code": "pm25", "direction": "lower"}]},
        ...         {"code": "FIN", "children": [{"code": "green_loans"}]}]})
        >>> fw.indicators
        ['green_cover', 'pm25', 'green_loans']
        >>> fw.parent("pm25")
        'ECO'
        """
        # One list of nodes in the caller's order (which fixes the order of children); the core
        # tells aggregates from indicators by `kind` or by being some node's parent.
        nodes = []
        for n in _flatten_nodes(spec):
            entry = {k: v for k, v in n.items() if k not in ("children", "targets")}
            targets = n.get("targets", n.get("target"))
            if isinstance(targets, Mapping):
                targets = [targets]
            entry["target"] = targets or None
            nodes.append(entry)
        return cls._wrap(_core.Framework.from_dict({"schema": "tijian/framework/1", "nodes": nodes}, "<dict>"))

    @classmethod
    def preset(cls, name: str) -> Framework:
        """A built-in framework by name (see :func:`tijian.presets`).

        Examples
        --------
        >>> import tijian as tj
        >>> tj.Framework.preset("green-city-demo").children("GCI")
        ['GF', 'GE', 'GB', 'GL']
        """
        text = _preset_text(name)
        if text is None:
            raise make_error(FrameworkError, "preset.unknown",
                             f"no framework preset named '{name}'; available: {', '.join(presets())}")
        return cls._wrap(_core.Framework.from_toml(text, f"preset:{name}"))

    @classmethod
    def read(cls, path: PathLike, **kwargs: Any) -> Framework:
        """Read a framework file by its extension: ``.toml``, ``.csv``/``.xlsx``/``.xls``
        (iMeta table) or ``.json`` (a dict as for :meth:`from_dict`)."""
        p = os.fspath(path)
        suffix = Path(p).suffix.lower()
        if suffix == ".toml":
            return cls._wrap(_core.Framework.load(p))
        if suffix == ".json":
            import json

            with open(p, encoding="utf-8") as f:
                return cls.from_dict(json.load(f))
        return cls.from_table(p, **kwargs)

    # --- queries --------------------------------------------------------------------------

    @property
    def root(self) -> str:
        """Code of the composite index (the root)."""
        return str(self._fw.root)

    @property
    def name(self) -> str:
        """The root's English name, else its Chinese name, else its code."""
        node = self.node(self.root)
        return str(node["name_en"] or node["name_zh"] or node["code"])

    @property
    def recipe(self) -> Recipe | None:
        """The recipe this framework comes with, or None: a built-in framework of a published
        index carries its method (``presets/recipes/<name>.toml``), used by :func:`tijian.score`,
        :func:`tijian.stats`, :func:`tijian.prepare` and :func:`tijian.uncertainty` when no
        recipe is given; a result scored with another recipe says so in a
        ``recipe.not_preset`` warning.

        Examples
        --------
        >>> import tijian as tj
        >>> tj.Framework.preset("hdi").recipe.to_dict()["normalise"]["method"]
        'goalposts'
        >>> tj.Framework.preset("green-city-demo").recipe is None
        True
        """
        if not hasattr(_core, "framework_recipe"):
            return None
        from .recipe import Recipe

        own = _core.framework_recipe(self._fw)
        return None if own is None else Recipe._wrap(own)

    @property
    def source(self) -> str:
        """Where the framework was read from (file name, ``preset:<name>``, ``<dict>``...)."""
        return str(self._fw.source)

    @property
    def codes(self) -> list[str]:
        """Every node code, root first, depth-first in the order written."""
        return list(self._fw.codes)

    @property
    def indicators(self) -> list[str]:
        """Indicator (leaf) codes in framework order: the columns the data must have."""
        return list(self._fw.indicator_codes)

    @property
    def aggregates(self) -> list[str]:
        """Aggregate (inner node) codes, the composite index first: the columns of scores."""
        return list(self._fw.inner_codes)

    @property
    def max_level(self) -> int:
        """COINr's level of the root (indicators are level 1)."""
        return int(self._fw.max_level)

    def node(self, code: str) -> dict[str, Any]:
        """Everything about one node as a dict (names, parent, kind, level, weights, and for
        indicators direction, unit, band, goalposts, targets, ...)."""
        return dict(self._fw.node(code))

    def parent(self, code: str) -> str | None:
        """The parent's code, or ``None`` for the root."""
        p = self._fw.node(code)["parent"]
        return None if p is None else str(p)

    def children(self, code: str) -> list[str]:
        """Codes of the children of a node, in framework order."""
        return list(self._fw.children(code))

    def indicators_below(self, code: str) -> list[str]:
        """Indicators below a node (the node itself for an indicator)."""
        return list(self._fw.leaves_below(code))

    def is_indicator(self, code: str) -> bool:
        """Whether ``code`` is an indicator (leaf); raises FrameworkError if unknown."""
        return bool(self._fw.is_indicator(code))

    @property
    def weights_in_parent(self) -> pd.Series:
        """Each node's weight relative to its siblings (each sibling group sums to 1)."""
        import pandas as pd

        nodes = self._fw.nodes()
        return pd.Series([n["weight_in_parent"] for n in nodes], index=pd.Index([n["code"] for n in nodes], name="code"),
                         name="weight_in_parent")

    @property
    def effective_weights(self) -> pd.Series:
        """Weight of each indicator in the composite index (products down the tree; sum 1)."""
        import pandas as pd

        return pd.Series(np.asarray(self._fw.effective_weights()), index=pd.Index(self.indicators, name="code"),
                         name="effective_weight")

    def to_frame(self) -> pd.DataFrame:
        """One row per node (framework order, indexed by code): names, parent, kind, level,
        depth, the weight as written, in its parent and in the whole index, the aggregation,
        and the indicator fields (unit, direction, type, band, goalposts and their scale,
        number of targets, data source, denominator), missing on aggregates. Categorical
        columns (kind, aggregation, direction, type, goalpost_scale) are codes followed by
        ``<name>_zh``. The core describes the table (framework_tables.hpp); ``attrs["columns"]``
        gives each column's labels and unit."""
        if "frame" not in self._cache:
            self._cache["frame"] = frame(self._fw.document().tables()["nodes"]).set_index("code")
        out = self._cache["frame"].copy()
        out.attrs = self._cache["frame"].attrs
        return out

    def describe(self) -> str:
        """Canonical text of everything that influences a score (hashed into provenance)."""
        return str(self._fw.describe())

    @property
    def hash(self) -> str:
        """FNV-1a hash of :meth:`describe` (16 hex digits), as recorded in results."""
        return str(self._fw.hash())

    def to_toml(self) -> str:
        """The framework as TOML text (reads back to an equal framework)."""
        return str(self._fw.to_toml())

    def save(self, path: PathLike) -> None:
        """Write the framework as a TOML file."""
        Path(path).write_text(self.to_toml(), encoding="utf-8")

    # --- protocol -------------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self._fw.size)

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and bool(self._fw.contains(code))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Framework):
            return NotImplemented
        return self.describe() == other.describe()

    def __hash__(self) -> int:
        return hash(self.describe())

    def __reduce__(self) -> tuple[Any, ...]:
        return (_from_state, (self.to_toml(), self.source))

    def __copy__(self) -> Framework:
        return self  # immutable

    def __deepcopy__(self, memo: dict[int, Any]) -> Framework:
        return self

    def __repr__(self) -> str:
        n_ind = len(self.indicators)
        n_agg = len(self.aggregates)
        levels = self.max_level - 1
        return (f"Framework('{self.root}': {n_ind} indicator{'s' if n_ind != 1 else ''}, "
                f"{n_agg} aggregate{'s' if n_agg != 1 else ''}, {levels} level{'s' if levels != 1 else ''} "
                f"above the indicators)")

    def _repr_html_(self) -> str:
        frame = self.to_frame().dropna(axis=1, how="all")  # indicator fields nobody gave
        frame = frame.drop(columns=[c for c in ("name_zh", "name_en") if not frame[c].astype(bool).any()])
        frame["weight_in_parent"] = frame["weight_in_parent"].round(4)
        frame["effective_weight"] = frame["effective_weight"].round(4)
        head = (f"<p><b>Framework</b> {html.escape(self.name)} &middot; {len(self.indicators)} indicators, "
                f"{len(self.aggregates)} aggregates &middot; source <code>{html.escape(self.source)}</code> "
                f"&middot; hash <code>{self.hash}</code></p>")
        return head + str(frame.to_html(na_rep="", escape=True))


def _from_state(text: str, source: str) -> Framework:
    return Framework._wrap(_core.Framework.from_toml(text, source))


def _flatten_nodes(spec: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if isinstance(spec, Mapping):
        if "node" in spec or "indicator" in spec:
            listed = [dict(n, kind="aggregate") for n in spec.get("node", [])]
            listed += [dict(n, kind="indicator") for n in spec.get("indicator", [])]
            return listed
        if "nodes" in spec:
            return [dict(n) for n in spec["nodes"]]
        if "children" in spec or "code" in spec:
            tree: list[dict[str, Any]] = []

            def walk(node: Mapping[str, Any], parent: str | None) -> None:
                entry = {k: v for k, v in node.items() if k != "children"}
                if parent is not None:
                    entry.setdefault("parent", parent)
                kids = node.get("children") or []
                if kids and "kind" not in entry:
                    entry["kind"] = "aggregate"
                tree.append(entry)
                for child in kids:
                    walk(child, str(node.get("code")))

            walk(spec, None)
            return tree
        raise make_error(FrameworkError, "framework.bad_dict",
                         "a framework dict needs 'code' and 'children', 'nodes', or 'node'/'indicator' lists")
    if isinstance(spec, Sequence) and not isinstance(spec, (str, bytes)):
        return [dict(n) for n in spec]
    raise argument_type(f"cannot build a framework from {type(spec).__name__}")


def _coerce(source: Any) -> Framework:
    """Any framework-like value -> Framework."""
    if isinstance(source, Framework):
        return source
    if isinstance(source, _core.Framework):
        return Framework._wrap(source)
    if isinstance(source, (str, os.PathLike)):
        text = os.fspath(source)
        if isinstance(source, str) and ("\n" in text or "=" in text):
            return Framework.from_toml(text)
        if isinstance(source, str) and text in presets():
            return Framework.preset(text)
        if not os.path.exists(text) and isinstance(source, str) and "/" not in text and "." not in text:
            return Framework.preset(text)  # raises preset.unknown listing the presets
        return Framework.read(text)
    if isinstance(source, (Mapping, list, tuple)):
        return Framework.from_dict(source)
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        pd = None
    if pd is not None and isinstance(source, pd.DataFrame):
        return Framework.from_table(source)
    raise argument_type(f"cannot use {type(source).__name__} as a framework: pass a Framework, a preset name, "
                    "a .toml/.csv/.xlsx file, TOML text, a dict or an iMeta DataFrame")
