# SPDX-License-Identifier: MIT
"""Recipes: every methodological choice of a scoring run, as one value.

A :class:`Recipe` is built from keyword arguments, a dict shaped like the recipe file, or a
TOML file/text, and is always parsed and checked by the C++ recipe reader. Its canonical
text (:meth:`Recipe.to_toml`) lists every choice with its default and is what a result's
provenance records, so ``Recipe.from_toml(result.provenance["recipe"])`` reproduces a run.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Union

from . import _core
from ._errors import ArgumentError, argument_type, make_error, require_source

__all__ = ["Recipe", "RecipeLike"]

#: Anything :func:`tijian.score` accepts as a recipe.
RecipeLike = Union["Recipe", Mapping[str, Any], str, "os.PathLike[str]", None]

# Section -> the key a bare string sets ("entropy" means {"method": "entropy"}).
_SHORTHAND = {
    "prepare": None,
    "normalise": "method",
    "weights": "method",
    "aggregate": "method",
    "missing": "policy",
    "not_applicable": None,
    "ranks": "ties",
    "grades": None,
    "fuzzy": None,
}
_SECTIONS = ("prepare", "normalise", "weights", "aggregate", "missing", "not_applicable", "ranks", "grades",
             "fuzzy")


def _section(name: str, value: Any) -> Any:
    if value is None or isinstance(value, Mapping):
        return value
    key = _SHORTHAND.get(name)
    if isinstance(value, str) and key is not None:
        return {key: value}
    if name == "grades" and isinstance(value, (list, tuple)):
        # [(threshold, label), ...] plus a last label: e.g. [(60, "中等"), (80, "优良")], "不足"?
        raise make_error(ArgumentError, "recipe.wrong_type",
                         "grades must be a dict {'thresholds': [...], 'labels': [...]}")
    raise make_error(ArgumentError, "recipe.wrong_type",
                     f"{name} must be a dict or a method name, not {type(value).__name__}")


class Recipe:
    """Every methodological choice of a scoring run.

    Parameters
    ----------
    normalise : str or dict, optional
        A method name (``"min_max"``, ``"z_score"``, ``"goalposts"``,
        ``"distance_to_target"``, ``"target_ratio"``, ``"efficacy"``, ``"rank"``,
        ``"percentile_rank"``, ``"borda"``, ``"fraction_of_max"``,
        ``"distance_to_reference"``, ``"vector"``, ``"sum"``, ``"none"``; ``"none"`` keeps
        the scale but orients lower-is-better indicators as -x and says so in a
        ``normalise.none_oriented`` warning) or a dict of the
        ``[normalise]`` keys (``method``, ``lower``, ``upper``, ``fit``, ``constant``, ...,
        and ``by_indicator``: {code: {...}}). Default: min-max to 0-100 per period.
    weights : str or dict, optional
        ``"given"`` (default: the framework's weights), ``"equal"``, ``"entropy"``,
        ``"coefficient_of_variation"``, ``"standard_deviation"``, ``"critic"``, ``"pca"``,
        or a dict of the ``[weights]`` keys (``scope``, ``input``, ``zeros``,
        ``critic_directions``, ``overrides``, ``ahp``, ``combine``, ...).
    aggregate : str or dict, optional
        ``"arithmetic"`` (default), ``"geometric"``, ``"harmonic"``, ``"power_mean"``,
        ``"copeland"``, ``"topsis"``, ``"vikor"`` (score 1 - Q, ``v``; S, R, Q in
        :meth:`Result.vikor`), ``"edas"``, ``"promethee_ii"``, or a dict with ``method``, ``p``,
        ``zeros``, ``by_level`` ({level: method or dict}) and ``by_node`` ({code: method or
        dict}). PROMETHEE II takes ``preference`` (``"usual"``, ``"u_shape"``, ``"v_shape"``,
        ``"level"``, ``"linear"``, ``"gaussian"``; pymcdm's ``"ushape"``, ``"vshape"``,
        ``"vshape_2"`` too) and the thresholds ``q`` (indifference), ``p`` (preference) and
        ``s`` (Gaussian), in the units of the normalised values. ``"waspas"`` takes ``lambda``
        (weight of the weighted sum, [0, 1], default 0.5), ``"moora"`` takes ``moora``
        (``"ratio_system"`` or ``"reference_point"``), ``"copras"`` none; these three normalise
        inside and read a negative child (``normalise="none"``, lower-is-better as -x) as a
        cost criterion. ``"grey_relational"`` takes ``rho`` (distinguishing coefficient,
        (0, 1], default 0.5) and ``"grey_topsis"`` ``rho`` and ``alpha`` (weight of the
        distances against the grey degree, [0, 1], default 0.5). ``"rsr"`` (rank-sum ratio,
        score WRSR) takes ``rsr_ranks`` (``"integer"`` or ``"non_integer"``) and
        ``rsr_grades`` (3, 4 or 5; probit, regression and grades in :meth:`Result.rsr` and
        :meth:`Result.rsr_regression`). ``"fuzzy"`` (fuzzy comprehensive evaluation of the raw
        indicator values against ``fuzzy``'s grade standards) takes ``fuzzy_operator``
        (``"weighted_average"`` M(·,+), ``"min_max"`` M(∧,∨), ``"product_max"`` M(·,∨),
        ``"min_bounded_sum"`` M(∧,⊕)) and ``fuzzy_score`` (``"grade_values"`` or
        ``"max_membership"``); memberships in :meth:`Result.fuzzy`.
    fuzzy : dict, optional
        Grade standards of ``aggregate="fuzzy"``: ``{"grades": ["优", "良", "中", "差"],
        "values": [4, 3, 2, 1], "standards": {code: [one breakpoint per grade], ...}}``;
        each list strictly increasing or decreasing, in the grades' order (best first).
    missing : str or dict, optional
        ``"skip_and_reweight"`` (default), ``"require_share"`` or ``"propagate"``, or a dict
        with ``policy``, ``min_share``, ``fill`` (a missing aggregate score filled by the
        ``"mean"``, ``"median"``, ``"group_mean"`` or ``"group_median"`` of the node's scores
        of the other units; ``fill_group`` names the group column) and ``by_node``
        ({code: policy or dict}: a node's own setting, e.g. the SDR's SDG 14 needs 2 of 6).
    not_applicable : dict, optional
        ``{code: {"group": column, "values": [labels]}}``: the node or indicator does not
        apply to the units whose label in the group column is listed (e.g. marine
        indicators of landlocked countries). Such cells are left out and the sibling weights
        renormalised, never imputed and never counted as missing; each is listed in the
        diagnostics (``not_applicable.excluded``).
    ranks : str or dict, optional
        Tie rule ``"min"`` (default), ``"average"`` or ``"dense"``, or a dict with ``ties``,
        ``scope`` (``"per_period"`` or ``"pooled"``) and ``tolerance`` (scores this close, in
        score units, share a rank; default 0).
    grades : dict, optional
        ``{"thresholds": [60, 80], "labels": ["不足", "中等", "优良"]}``.
    prepare : dict, optional
        Data preparation (``denominate``, ``screen``, ``impute``, ``treat``, and ``order``:
        the four step names in the order to run them, default
        ``["denominate", "screen", "impute", "treat"]``). ``impute`` takes
        ``by_indicator`` ({code: {...}}: an indicator's own imputation) and the conditions
        ``only_group`` / ``only_values`` (impute only units of these groups) and
        ``max_missing_siblings`` (only when at most this many of the indicator's siblings
        are missing in the row).
    unknown_columns : {"error", "ignore"}, optional
        What to do with data columns the framework does not know (default ``"error"``).

    Raises
    ------
    RecipeError
        For an unknown key or value; the message names it and lists what is accepted.

    Examples
    --------
    >>> import tijian as tj
    >>> r = tj.Recipe(weights="entropy", aggregate={"method": "geometric"}, ranks="average")
    >>> r
    Recipe(normalise='min_max', weights='entropy', aggregate='geometric', missing='skip_and_reweight', ties='average')
    >>> r.to_dict()["weights"]["method"]
    'entropy'
    >>> tj.Recipe(weights="entrop")
    Traceback (most recent call last):
    ...
    tijian.RecipeError: [tijian.recipe.bad_value] ...
    """

    __slots__ = ("_r", "_dict")

    def __init__(self, *, normalise: str | Mapping[str, Any] | None = None,
                 weights: str | Mapping[str, Any] | None = None,
                 aggregate: str | Mapping[str, Any] | None = None,
                 missing: str | Mapping[str, Any] | None = None,
                 ranks: str | Mapping[str, Any] | None = None,
                 grades: Mapping[str, Any] | None = None,
                 prepare: Mapping[str, Any] | None = None,
                 fuzzy: Mapping[str, Any] | None = None,
                 not_applicable: Mapping[str, Any] | None = None,
                 unknown_columns: str | None = None) -> None:
        doc: dict[str, Any] = {}
        if unknown_columns is not None:
            doc["unknown_columns"] = unknown_columns
        for name, value in (("prepare", prepare), ("normalise", normalise), ("weights", weights),
                            ("aggregate", aggregate), ("missing", missing),
                            ("not_applicable", not_applicable), ("ranks", ranks), ("grades", grades),
                            ("fuzzy", fuzzy)):
            section = _section(name, value)
            if section is not None:
                doc[name] = section
        self._r = _core.Recipe.from_dict(doc, "<Recipe>") if doc else _core.Recipe()
        self._dict: dict[str, Any] | None = None

    @classmethod
    def _wrap(cls, core: _core.Recipe) -> Recipe:
        self = object.__new__(cls)
        self._r = core
        self._dict = None
        return self

    @classmethod
    def from_toml(cls, source: str | os.PathLike[str]) -> Recipe:
        """Read a recipe from a TOML file or TOML text (the format of :meth:`to_toml`).

        Examples
        --------
        >>> import tijian as tj
        >>> r = tj.Recipe.from_toml('[weights]\\nmethod = "critic"\\n')
        >>> r.to_dict()["weights"]["critic_directions"]
        'flip_cost'
        """
        require_source(source, "Recipe.from_toml", "recipe.argument")
        if isinstance(source, os.PathLike) or ("\n" not in source and "=" not in source and "[" not in source):
            return cls._wrap(_core.Recipe.load(os.fspath(source)))
        return cls._wrap(_core.Recipe.from_toml(source, "<text>"))

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any]) -> Recipe:
        """A recipe from a dict shaped like the recipe file (sections as sub-dicts; a
        section may also be a bare method name as for the constructor)."""
        unknown = set(spec) - set(_SECTIONS) - {"unknown_columns", "schema"}
        doc = {k: v for k, v in spec.items() if k in unknown or k == "schema"}
        kwargs = {k: v for k, v in spec.items() if k in _SECTIONS or k == "unknown_columns"}
        if unknown:  # let the C++ reader name the unknown key
            doc.update({k: _section(k, v) if k in _SECTIONS else v for k, v in kwargs.items()})
            return cls._wrap(_core.Recipe.from_dict(doc, "<dict>"))
        return cls(**kwargs)

    @classmethod
    def coerce(cls, recipe: RecipeLike = None, *, framework: Any = None, **options: Any) -> Recipe:
        """Any recipe-like value, with keyword options applied on top (see :meth:`replace`).

        Without ``recipe``, the recipe a built-in framework comes with (``framework``, a
        :class:`tijian.Framework`; e.g. the published method of ``"hdi"``, see
        :attr:`tijian.Framework.recipe`) is the base, else the defaults."""
        if recipe is None:
            own = framework.recipe if framework is not None else None
            if own is not None:
                return own.replace(**options) if options else own
            base = cls(**options) if options else cls()
            return base
        if isinstance(recipe, Recipe):
            base = recipe
        elif isinstance(recipe, Mapping):
            base = cls.from_dict(recipe)
        elif isinstance(recipe, (str, os.PathLike)):
            base = cls.from_toml(recipe)
        elif isinstance(recipe, _core.Recipe):
            base = cls._wrap(recipe)
        else:
            raise argument_type(f"cannot use {type(recipe).__name__} as a recipe: pass a Recipe, a dict, "
                            "a TOML file or text")
        return base.replace(**options) if options else base

    def replace(self, **options: Any) -> Recipe:
        """A copy with some sections changed. A section given as a dict is merged key by key
        into the current one (``prepare`` also within its ``screen``, ``impute`` and ``treat``
        tables); a bare name sets its main key; ``not_applicable`` is replaced whole.

        A section given is the new setting of every node: its per-node tables are dropped
        unless the same call gives them (``aggregate``: ``by_level`` and ``by_node``;
        ``normalise``: ``by_indicator``; ``missing``: ``by_node``; ``prepare={"treat": ...}``
        / ``{"impute": ...}``: their ``by_indicator``),
        so that ``replace(aggregate="geometric")`` is the geometric mean wherever the recipe
        decides. A framework node's own ``aggregation`` still comes before the recipe's
        global one, and the result says so (``aggregate.framework_over_recipe``).

        Examples
        --------
        >>> import tijian as tj
        >>> base = tj.Recipe(normalise={"method": "min_max", "upper": 1.0})
        >>> r = base.replace(weights="entropy", normalise={"fit": "pooled"})
        >>> r.to_dict()["normalise"]["upper"], r.to_dict()["normalise"]["fit"]
        (1.0, 'pooled')
        >>> mixed = tj.Recipe(aggregate={"method": "arithmetic", "by_node": {"ENV": "geometric"}})
        >>> "by_node" in mixed.replace(aggregate="harmonic").to_dict()["aggregate"]
        False
        """
        current = self.to_dict()
        for name, value in options.items():
            if name == "unknown_columns":
                current[name] = value
                continue
            if name not in _SECTIONS:
                raise argument_type(f"unknown recipe section '{name}'; accepted: {', '.join(_SECTIONS)}, unknown_columns")
            section = _section(name, value)
            if section is None:
                current.pop(name, None)
                continue
            # [prepare] nests its steps ([prepare.impute], ...): merged a level deeper, so that
            # prepare={"treat": {"winmax": 3}} keeps the treatment method already chosen
            if name == "not_applicable":  # the rules are one setting: replaced whole
                current[name] = dict(section)
                continue
            current[name] = _merge(_without_overrides(name, current.get(name, {}), section), section,
                                   deep=name == "prepare")
        current.pop("schema", None)
        return Recipe._wrap(_core.Recipe.from_dict(current, "<Recipe.replace>"))

    def to_toml(self) -> str:
        """The canonical TOML text: every choice, defaults included (the provenance record)."""
        return str(self._r.describe())

    def to_dict(self) -> dict[str, Any]:
        """The canonical recipe as a nested dict (the parsed :meth:`to_toml`)."""
        if self._dict is None:
            self._dict = _parse_toml(self.to_toml())
        import copy

        return copy.deepcopy(self._dict)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write :meth:`to_toml` to a file."""
        Path(path).write_text(self.to_toml(), encoding="utf-8")

    @property
    def unknown_columns(self) -> str:
        """``"error"`` or ``"ignore"``: what happens to data columns the framework lacks."""
        return str(self._r.unknown_columns)

    def _dict_view(self) -> dict[str, Any]:
        if self._dict is None:
            self._dict = _parse_toml(self.to_toml())
        return self._dict

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Recipe):
            return NotImplemented
        return self.to_toml() == other.to_toml()

    def __hash__(self) -> int:
        return hash(self.to_toml())

    def __reduce__(self) -> tuple[Any, ...]:
        return (_from_text, (self.to_toml(),))

    def __copy__(self) -> Recipe:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Recipe:
        return self

    def __repr__(self) -> str:
        d = self._dict_view()
        parts = [f"normalise={d['normalise']['method']!r}", f"weights={d['weights']['method']!r}",
                 f"aggregate={d['aggregate']['method']!r}", f"missing={d['missing']['policy']!r}",
                 f"ties={d['ranks']['ties']!r}"]
        if d.get("grades"):
            parts.append(f"grades={d['grades']['labels']!r}")
        return "Recipe(" + ", ".join(parts) + ")"


# Per-node tables of a section: a new global setting replaces them unless given with it.
_OVERRIDES = {"aggregate": ("by_level", "by_node"), "normalise": ("by_indicator",), "missing": ("by_node",)}


def _without_overrides(name: str, current: Mapping[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(current)
    for key in _OVERRIDES.get(name, ()):
        if key not in update:
            out.pop(key, None)
    for step in ("treat", "impute"):
        given = update.get(step) if name == "prepare" else None
        if isinstance(given, Mapping) and "by_indicator" not in given and isinstance(out.get(step), Mapping):
            out[step] = {k: v for k, v in out[step].items() if k != "by_indicator"}
    return out


def _merge(base: Mapping[str, Any], update: Mapping[str, Any], *, deep: bool) -> dict[str, Any]:
    merged = dict(base)
    for key, value in update.items():
        if deep and isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value, deep=True)
        else:
            merged[key] = value
    return merged


def _from_text(text: str) -> Recipe:
    return Recipe._wrap(_core.Recipe.from_toml(text, "<pickle>"))


def _parse_toml(text: str) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11
        import tomli as tomllib  # type: ignore[no-redef]
    return dict(tomllib.loads(text))
