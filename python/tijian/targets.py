# SPDX-License-Identifier: MIT
"""Target profiles: the quantified targets of one plan, checked by :func:`tijian.check`.

A profile is separate from the framework: the same framework is checked against several
profiles (Qingdao's 2022 pilot targets, Jinan's 2025 plan targets, a user's own). Profiles
are TOML (schema ``tijian/targets/1``, see ``include/tijian/io/targets_io.hpp`` and
``presets/targets/*.toml``) and are always parsed and checked by the C++ reader, whether they
come from a file, text, a dict or a built-in preset.
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union


from . import _core, _tables
from ._errors import ArgumentError, FrameworkError, argument_type, make_error, require_source

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .framework import FrameworkLike

__all__ = ["TargetProfile", "ProfileLike", "profile_presets"]

#: Anything :func:`tijian.check` accepts as ``targets``.
ProfileLike = Union["TargetProfile", str, "os.PathLike[str]", Mapping[str, Any]]

# Integer columns of the targets table where 0 means "not given".


def profile_presets() -> list[str]:
    """Names of the built-in target profiles (``qingdao-2022``, ``jining``, ...)."""
    if not hasattr(_core, "presets"):  # pragma: no cover - a library without presets
        return []
    return sorted(p["name"] for p in _core.presets() if p["kind"] == "profile")


def _looks_like_text(s: str) -> bool:
    return "\n" in s or "=" in s


class TargetProfile:
    """The targets of one plan (read-only).

    Build one with :meth:`preset`, :meth:`load`, :meth:`from_toml` or :meth:`from_dict`;
    ``TargetProfile(x)`` accepts any of those sources (a preset name, a path, TOML text, a
    dict) and picks the reader.

    Target kinds (``kind`` in the file): ``at_least`` (``>=``), ``above`` (``>``),
    ``at_most`` (``<=``), ``below`` (``<``), ``band`` (``lower``/``upper``), ``yes_no``,
    ``decrease`` / ``increase`` (year on year: need the previous period), ``progress`` (work
    done against a total) and ``change_vs_base`` (percent change against ``base_year``).

    Raises
    ------
    FrameworkError
        For a file that cannot be read or parsed, an unknown key or kind, an inconsistent
        target (id ``targets.*``; the message names the file, line and indicator), or a name
        that is neither a file nor a built-in profile (``preset.unknown``, listing them).

    Examples
    --------
    >>> import tijian as tj
    >>> p = tj.TargetProfile.preset("qingdao-2022")
    >>> p
    TargetProfile('qingdao-2022': 43 targets for framework 'green-city')
    >>> p.targets[["indicator", "comparator", "value", "year", "source"]].head(3)
                            indicator comparator  value  year            source
    target
    0               urbanisation_rate         >=   75.0  2022  seed 000, 一(二)2
    1     natural_coastline_retention         >=   40.0  2022  seed 000, 一(二)2
    2            nearshore_water_good         >=   98.0  2022  seed 000, 一(二)2
    >>> "jinan-2025" in tj.TargetProfile.presets()
    True
    """

    __slots__ = ("_p", "_cache")

    def __init__(self, source: ProfileLike) -> None:
        self._p: _core.TargetProfile = _coerce_profile(source)._p
        self._cache: dict[str, Any] = {}

    @classmethod
    def _wrap(cls, core: _core.TargetProfile) -> TargetProfile:
        self = object.__new__(cls)
        self._p = core
        self._cache = {}
        return self

    # --- constructors ---------------------------------------------------------------------

    @classmethod
    def preset(cls, name: str) -> TargetProfile:
        """A built-in profile by name (see :meth:`presets`)."""
        return cls._wrap(_core.TargetProfile.preset(str(name)))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> TargetProfile:
        """Read a profile file (TOML, schema ``tijian/targets/1``)."""
        return cls._wrap(_core.TargetProfile.load(os.fspath(path)))

    @classmethod
    def from_toml(cls, source: str | os.PathLike[str]) -> TargetProfile:
        """Read a profile from a TOML file or from TOML text.

        Parameters
        ----------
        source : str or path
            A path, or the TOML text itself (a string containing a line break or ``=``).

        Examples
        --------
        >>> import tijian as tj
        >>> p = tj.TargetProfile.from_toml('''
        ... profile = "mine"
        ... [[target]]
        ... indicator = "green_coverage"
        ... kind = "above"
        ... value = 40.0
        ... year = 2025
        ... ''')
        >>> p.targets[["indicator", "kind", "comparator", "text"]].to_dict("records")
        [{'indicator': 'green_coverage', 'kind': 'at_least', 'comparator': '>', 'text': '> 40 (2025)'}]
        """
        require_source(source, "TargetProfile.from_toml", "targets.argument")
        if isinstance(source, str) and _looks_like_text(source):
            return cls._wrap(_core.TargetProfile.from_toml(source, "<text>"))
        return cls.load(source)

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any]) -> TargetProfile:
        """A profile from Python data shaped like the file: top-level keys (``profile``,
        ``framework``, ``name_zh``, ``name_en``, ``source``, ``start_year``) and ``target``
        (or ``targets``): a list of dicts with the keys of a ``[[target]]`` table. ``None``
        values are left out. The dict is read by the same C++ reader as the files.

        Examples
        --------
        >>> import tijian as tj
        >>> p = tj.TargetProfile.from_dict({"profile": "mine", "targets": [
        ...     {"indicator": "pm25", "kind": "at_most", "value": 35.0, "year": 2025}]})
        >>> p.targets["text"].tolist()
        ['<= 35 (2025)']
        """
        if not isinstance(spec, Mapping):
            raise argument_type(f"a profile dict must be a mapping, not {type(spec).__name__}")
        doc = {k: v for k, v in spec.items() if k not in ("target", "targets")}
        targets = spec.get("targets", spec.get("target"))
        doc["target"] = [targets] if isinstance(targets, Mapping) else targets
        return cls._wrap(_core.TargetProfile.from_dict(doc, "<dict>"))

    @staticmethod
    def presets() -> list[str]:
        """Names of the built-in profiles (also ``tj.presets("profile")``)."""
        return profile_presets()

    # --- queries --------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The profile's name (``profile = ...`` in the file)."""
        return str(self._p.name)

    @property
    def framework(self) -> str:
        """Name of the framework the profile was written for (informative; may be empty)."""
        return str(self._p.framework)

    @property
    def name_zh(self) -> str:
        return str(self._p.name_zh)

    @property
    def name_en(self) -> str:
        return str(self._p.name_en)

    @property
    def source(self) -> str:
        """The plan the targets come from (document, issuer, date)."""
        return str(self._p.source)

    @property
    def start_year(self) -> int | None:
        """Start of the plan period (base of progress schedules), or ``None``."""
        y = int(self._p.start_year)
        return y or None

    @property
    def file(self) -> str:
        """File or preset (``preset:<name>``) the profile was read from."""
        return str(self._p.file)

    @property
    def targets(self) -> pd.DataFrame:
        """One row per target, in profile order (the row position is the ``target_index`` of
        the check tables): indicator, kind, comparator (``>=``, ``>``, ``<=``, ``<``,
        ``band``, ``yes``, ``down``, ``up``, ``done``, ``change``), exclusive, value (the
        lower bound of a band), upper, year, base_year, base_value, start_year, unit, text
        and text_zh (readable target), source, note and the line in the file. Years are
        nullable integers (``<NA>`` when not given)."""
        if "targets" not in self._cache:
            frame = _tables.frame(self._p.targets())
            frame.index.name = "target"
            self._cache["targets"] = frame
        return self._cache["targets"].copy()

    @property
    def indicators(self) -> list[str]:
        """Indicator codes with at least one target, in profile order."""
        return list(dict.fromkeys(self.targets["indicator"]))

    def validate(self, framework: FrameworkLike) -> None:
        """Check that every target names an indicator of ``framework``; raises
        :class:`FrameworkError` (``targets.unknown_indicator`` or
        ``targets.not_an_indicator``) naming the code and the line of the target."""
        from .framework import _coerce

        self._p.validate(_coerce(framework)._fw)

    def describe(self) -> str:
        """Canonical text of everything that influences a check (hashed into provenance)."""
        return str(self._p.describe())

    @property
    def hash(self) -> str:
        """FNV-1a hash of :meth:`describe` (16 hex digits), as recorded in check results."""
        return str(self._p.hash())

    def to_toml(self) -> str:
        """The profile as TOML text (reads back to an equal profile)."""
        return str(self._p.to_toml())

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write :meth:`to_toml` to a file."""
        Path(path).write_text(self.to_toml(), encoding="utf-8")

    # --- protocol -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.targets)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TargetProfile):
            return NotImplemented
        return self.describe() == other.describe()

    def __hash__(self) -> int:
        return hash(self.describe())

    def __reduce__(self) -> tuple[Any, ...]:
        return (_from_core, (self._p,))  # the C++ profile pickles as (TOML text, file)

    def __copy__(self) -> TargetProfile:
        return self  # immutable

    def __deepcopy__(self, memo: dict[int, Any]) -> TargetProfile:
        return self

    def __repr__(self) -> str:
        n = len(self)
        fw = f" for framework '{self.framework}'" if self.framework else ""
        return f"TargetProfile('{self.name}': {n} target{'s' if n != 1 else ''}{fw})"

    def _repr_html_(self) -> str:
        title = self.name_zh or self.name_en
        head = (f"<p><b>Target profile</b> {html.escape(self.name)}"
                + (f" &middot; {html.escape(title)}" if title else "")
                + f" &middot; {len(self)} targets"
                + (f" &middot; framework <code>{html.escape(self.framework)}</code>" if self.framework else "")
                + (f"<br><small>{html.escape(self.source)}</small>" if self.source else "") + "</p>")
        table = self.targets[["indicator", "text", "source", "note"]]
        return head + str(table.to_html(escape=True, na_rep=""))


def _from_core(core: _core.TargetProfile) -> TargetProfile:
    return TargetProfile._wrap(core)


def _coerce_profile(source: Any) -> TargetProfile:
    """Any profile-like value -> TargetProfile."""
    if isinstance(source, TargetProfile):
        return source
    if isinstance(source, _core.TargetProfile):
        return TargetProfile._wrap(source)
    if isinstance(source, str):
        if _looks_like_text(source):
            return TargetProfile._wrap(_core.TargetProfile.from_toml(source, "<text>"))
        return TargetProfile._wrap(_core.TargetProfile.resolve(source))
    if isinstance(source, os.PathLike):
        return TargetProfile.load(source)
    if isinstance(source, Mapping):
        return TargetProfile.from_dict(source)
    if source is None:
        raise make_error(FrameworkError, "targets.missing",
                         "no target profile given: pass targets= a built-in name "
                         f"({', '.join(profile_presets())}), a .toml file, TOML text or a TargetProfile")
    # a tijian error (and a TypeError): every failure of the package has an id
    raise make_error(ArgumentError, "targets.argument",
                     f"cannot use {type(source).__name__} as a target profile: pass a TargetProfile, a built-in "
                     "name, a .toml path, TOML text or a dict")
