# SPDX-License-Identifier: MIT
"""Normalisers and weighting methods as scikit-learn-style estimators.

Each estimator stores its hyper-parameters in ``__init__`` under the same names and does
nothing else; ``fit`` learns the parameters (attributes ending in ``_``) and returns
``self``; ``transform`` applies them. So a methodological choice can sit in a
``sklearn.pipeline.Pipeline``, be cloned, and be swept by a grid search over methodology.
When scikit-learn is installed the classes inherit ``BaseEstimator`` and ``TransformerMixin``
(and so get ``set_output`` and the HTML repr); without it they implement the same protocol
(``get_params``, ``set_params``, ``fit_transform``) themselves.

Normalisers map an indicator matrix to normalised values (DataFrame in, DataFrame out with
the same labels). Weighting estimators learn indicator weights in ``fit`` (``weights_``) and
``transform`` an (already normalised) matrix into the weighted composite, one column
``"score"``, aggregated by the C++ kernel with the recipe's missing-data policy.

The computations are the C++ kernels of ``tijian.score``; options are passed as recipe text,
so names and checks are those of the recipe file.
"""

from __future__ import annotations

import inspect
import re
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from ._errors import DataError, RecipeError, argument_type, make_error
from ._data import _column_values
from .framework import Framework, _coerce
from .recipe import Recipe

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "Normaliser", "MinMaxNormaliser", "ZScoreNormaliser", "GoalpostNormaliser", "DistanceToTargetNormaliser",
    "TargetRatioNormaliser", "EfficacyNormaliser", "RankNormaliser", "PercentileRankNormaliser",
    "FractionOfMaxNormaliser", "VectorNormaliser", "EntropyWeights", "CriticWeights", "StdWeights",
    "CVWeights", "PCAWeights", "AHPWeights", "EqualWeights", "HAVE_SKLEARN",
]

try:  # scikit-learn is optional
    from sklearn.base import BaseEstimator as _BaseEstimator
    from sklearn.base import TransformerMixin as _TransformerMixin

    HAVE_SKLEARN = True
except ImportError:  # pragma: no cover - exercised only without scikit-learn
    HAVE_SKLEARN = False

    class _BaseEstimator:  # type: ignore[no-redef]
        """The parameter protocol of scikit-learn's BaseEstimator, for duck typing."""

        @classmethod
        def _get_param_names(cls) -> list[str]:
            sig = inspect.signature(cls.__init__)
            return sorted(p.name for p in sig.parameters.values()
                          if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL))

        def get_params(self, deep: bool = True) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for name in self._get_param_names():
                value = getattr(self, name)
                if deep and hasattr(value, "get_params") and not isinstance(value, type):
                    out.update((f"{name}__{k}", v) for k, v in value.get_params().items())
                out[name] = value
            return out

        def set_params(self, **params: Any) -> Any:
            valid = self._get_param_names()
            for key, value in params.items():
                name, _, sub = key.partition("__")
                if name not in valid:
                    raise ValueError(f"invalid parameter {name!r} for {type(self).__name__}; valid: {valid}")
                if sub:
                    getattr(self, name).set_params(**{sub: value})
                else:
                    setattr(self, name, value)
            return self

        def __repr__(self) -> str:
            sig = inspect.signature(type(self).__init__)
            changed = []
            for name in self._get_param_names():
                default = sig.parameters[name].default
                value = getattr(self, name)
                try:
                    same = bool(value == default)
                except Exception:
                    same = False
                if not same:
                    changed.append(f"{name}={value!r}")
            return f"{type(self).__name__}({', '.join(changed)})"

    class _TransformerMixin:  # type: ignore[no-redef]
        def fit_transform(self, X: Any, y: Any = None, **fit_params: Any) -> Any:
            return self.fit(X, y, **fit_params).transform(X)  # type: ignore[attr-defined]


_CODE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


def _check_is_fitted(est: Any, attr: str) -> None:
    if not hasattr(est, attr):
        msg = (f"This {type(est).__name__} instance is not fitted yet. Call 'fit' with appropriate arguments "
               "before using this estimator.")
        if HAVE_SKLEARN:
            from sklearn.exceptions import NotFittedError

            raise NotFittedError(msg)
        raise AttributeError(msg)


def _as_matrix(X: Any) -> tuple[np.ndarray, list[str] | None, Any]:
    """(F-ordered float64 matrix, column names or None, row index or None): the one copy.

    NaN is a missing value; infinite values, sparse matrices, complex and text data are
    refused (with scikit-learn's wording where its checks expect it)."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        pd = None
    if hasattr(X, "toarray") and "sparse" in type(X).__module__:
        raise argument_type("sparse input is not supported by tijian's estimators: convert it with X.toarray()")
    if pd is not None and isinstance(X, pd.DataFrame):
        names = [str(c) for c in X.columns]
        out = np.empty(X.shape, dtype=np.float64, order="F")
        for j in range(X.shape[1]):
            out[:, j] = _column_values(X.iloc[:, j], names[j])
        result: tuple[np.ndarray, list[str] | None, Any] = (out, names, X.index)
    else:
        arr = np.asarray(X)
        if arr.ndim == 1:
            raise ValueError(f"Expected 2D array, got 1D array instead:\narray={arr}.\nReshape your data either "
                             "using array.reshape(-1, 1) if your data has a single feature or array.reshape(1, -1) "
                             "if it contains a single sample.")
        if arr.ndim != 2:
            raise ValueError(f"Expected 2D array, got {arr.ndim}D array instead")
        if arr.dtype.kind == "c":
            raise ValueError("Complex data not supported")
        if arr.dtype.kind not in "iufb":
            try:
                arr = arr.astype(np.float64)
            except ValueError as err:  # text that is not a number
                raise make_error(DataError, "data.dtype",
                                 f"the array has dtype {arr.dtype} with values that are not numbers") from err
        result = (np.asfortranarray(arr, dtype=np.float64), None, None)
    Xf = result[0]
    if Xf.shape[1] == 0:
        raise ValueError(f"0 feature(s) (shape={Xf.shape}) while a minimum of 1 is required.")
    if Xf.shape[0] == 0:
        raise ValueError(f"0 sample(s) (shape={Xf.shape}) while a minimum of 1 is required.")
    if np.isinf(Xf).any():
        j = int(np.flatnonzero(np.isinf(Xf).any(axis=0))[0])
        name = result[1][j] if result[1] is not None else f"column {j}"
        raise make_error(DataError, "data.infinite", "value is infinite; use NaN for missing", indicator=name)
    return result


def _tags(est: Any, parent: Any, positive_only: bool = False) -> Any:
    tags = parent.__sklearn_tags__()
    tags.input_tags.allow_nan = True  # NaN = missing, handled by the kernels
    tags.input_tags.positive_only = positive_only
    return tags


def _flat_framework(codes: list[str], directions: Any, extra: Mapping[str, Mapping[str, Any]] | None = None) -> Framework:
    """A one-level framework over ``codes`` (higher is better unless ``directions`` says)."""
    if directions is None:
        dirs: list[Any] = [None] * len(codes)
    elif isinstance(directions, Mapping):
        dirs = [directions.get(c) for c in codes]
    else:
        dirs = list(directions)
        if len(dirs) != len(codes):
            raise ValueError(f"directions has {len(dirs)} entries for {len(codes)} columns")
    children = []
    for code, d in zip(codes, dirs):
        node: dict[str, Any] = {"code": code, "kind": "indicator"}
        if d is not None:
            node["direction"] = str(int(d)) if isinstance(d, (int, np.integer)) and not isinstance(d, bool) else d
        if extra and code in extra:
            node.update(extra[code])
        children.append(node)
    return Framework.from_dict({"code": "_composite", "kind": "aggregate", "children": children})


class _Matrix:
    """Shared input handling: resolve the framework and the column order."""

    framework: Any
    directions: Any

    def _extra_nodes(self) -> dict[str, dict[str, Any]] | None:
        return None

    def _resolve(self, X: Any, *, fitting: bool) -> tuple[np.ndarray, Framework, list[str] | None, Any]:
        Xf, names, index = _as_matrix(X)
        if fitting:
            self.n_features_in_ = Xf.shape[1]
            if names is not None:
                self.feature_names_in_ = np.asarray(names, dtype=object)
            elif hasattr(self, "feature_names_in_"):
                del self.feature_names_in_
        else:
            if Xf.shape[1] != self.n_features_in_:
                raise ValueError(f"X has {Xf.shape[1]} features, but {type(self).__name__} is expecting "
                                 f"{self.n_features_in_} features as input.")
            fitted = getattr(self, "feature_names_in_", None)
            if fitted is not None and names is not None and list(fitted) != names:
                raise make_error(DataError, "data.columns",
                                 f"the columns differ from those seen in fit: {list(fitted)} vs {names}")
        if fitting:
            if self.framework is not None:
                fw = _coerce(self.framework)
                codes = fw.indicators
                if names is not None and sorted(names) != sorted(codes):
                    missing = [c for c in codes if c not in names]
                    unknown = [c for c in names if c not in codes]
                    raise make_error(DataError, "data.columns",
                                     f"the columns do not match the framework's indicators (missing: {missing}, "
                                     f"not in the framework: {unknown})")
                order = [names.index(c) for c in codes] if names is not None else list(range(len(codes)))
                if names is None and Xf.shape[1] != len(codes):
                    raise make_error(DataError, "data.shape", f"X has {Xf.shape[1]} columns but the framework has "
                                     f"{len(codes)} indicators")
            else:
                cols = names if names is not None else [f"x{j}" for j in range(Xf.shape[1])]
                codes = [c if _CODE.match(c) else f"c{j}" for j, c in enumerate(cols)]
                if len(set(codes)) != len(codes):
                    codes = [f"c{j}" for j in range(len(cols))]
                extra = self._extra_nodes()
                if extra:
                    extra = {codes[cols.index(k)]: v for k, v in extra.items() if k in cols}
                dirs = self.directions
                if isinstance(dirs, Mapping):
                    dirs = {codes[cols.index(k)]: v for k, v in dirs.items() if k in cols}
                fw = _flat_framework(codes, dirs, extra)
                order = list(range(len(codes)))
            self.framework_ = fw
            self._order = order
        fw = self.framework_
        order = self._order
        if order != list(range(len(order))):
            Xf = np.asfortranarray(Xf[:, order])
        return Xf, fw, names, index


def _wrap_output(out: np.ndarray, names: list[str] | None, index: Any, columns: list[str]) -> Any:
    if names is None:
        return out
    import pandas as pd

    return pd.DataFrame(out, index=index, columns=columns, copy=False)


# =============================================================================================
# Normalisers
# =============================================================================================


class Normaliser(_Matrix, _TransformerMixin, _BaseEstimator):  # type: ignore[misc]
    """Any normalisation of the recipe, by name.

    Parameters
    ----------
    method : str, default "min_max"
        A ``[normalise]`` method of the recipe (``"min_max"``, ``"z_score"``,
        ``"goalposts"``, ``"distance_to_target"``, ``"target_ratio"``, ``"efficacy"``,
        ``"rank"``, ``"percentile_rank"``, ``"borda"``, ``"fraction_of_max"``,
        ``"distance_to_reference"``, ``"vector"``, ``"none"``).
    options : dict, optional
        Further ``[normalise]`` keys (``lower``, ``upper``, ``scale``, ``cap``, ``ties``,
        ``constant``, ``target_year``, ``reference_unit``, ...).
    framework : framework-like, optional
        Gives each column's direction, band, goalposts and targets; the columns must be its
        indicators (a DataFrame is reordered by name). Without it every column is
        higher-is-better unless ``directions`` says otherwise.
    directions : sequence or dict, optional
        Per column: ``1``/``"higher"`` or ``-1``/``"lower"`` (or ``"band"`` with a
        framework). Used only without ``framework``.

    Attributes
    ----------
    params_ : dict of ndarray
        The fitted parameters per column (min, max, mean, sd of the oriented values, raw
        min/max, L2 norm, count, constant flag, sorted values for rank methods).
    framework_ : Framework
        The framework used (built from the columns when none was given).
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when fitted on a DataFrame.

    Examples
    --------
    >>> import pandas as pd, tijian as tj
    >>> X = pd.DataFrame({"pm25": [35.0, 20.0, 50.0], "green": [40.0, 45.0, 30.0]})
    >>> tj.Normaliser("min_max", {"upper": 1.0}, directions={"pm25": "lower"}).fit_transform(X)
       pm25     green
    0   0.5  0.666667
    1   1.0  1.000000
    2   0.0  0.000000
    """

    def __init__(self, method: str = "min_max", options: Mapping[str, Any] | None = None, *,
                 framework: Any = None, directions: Any = None) -> None:
        self.method = method
        self.options = options
        self.framework = framework
        self.directions = directions

    if HAVE_SKLEARN:
        def __sklearn_tags__(self) -> Any:
            return _tags(self, super())

    def _more_tags(self) -> dict[str, Any]:
        return {"allow_nan": True}

    def _normalise_section(self) -> dict[str, Any]:
        section = dict(self.options or {})
        section["method"] = self.method
        return section

    def _recipe(self) -> Recipe:
        return Recipe(normalise={k: v for k, v in self._normalise_section().items() if v is not None})

    def _reference_row(self, index: Any) -> int:
        section = self._normalise_section()
        ref = section.get("reference_unit")
        if section.get("method") != "distance_to_reference" or not ref:
            return -1
        if index is None:
            raise make_error(RecipeError, "recipe.unknown_reference",
                             "distance_to_reference needs a DataFrame whose index holds the reference unit")
        pos = [i for i, v in enumerate(index) if str(v) == str(ref)]
        if not pos:
            raise make_error(RecipeError, "recipe.unknown_reference", f"reference unit '{ref}' is not in the data")
        return pos[0]

    def fit(self, X: Any, y: Any = None) -> Normaliser:
        """Fit the per-column parameters on X (NaN skipped). Returns self."""
        recipe = self._recipe()
        Xf, fw, names, index = self._resolve(X, fitting=True)
        params = _core.normalise_fit(Xf, recipe._r, fw._fw, self._reference_row(index))
        self.recipe_ = recipe
        self.params_ = {k: (np.asarray(v) if k != "sorted" else [np.asarray(s) for s in v]) for k, v in params.items()}
        return self

    def transform(self, X: Any) -> Any:
        """Normalise X with the fitted parameters (NaN stays NaN)."""
        _check_is_fitted(self, "params_")
        Xf, fw, names, index = self._resolve(X, fitting=False)
        fit = {k: (v if k != "sorted" else [np.asarray(s) for s in v]) for k, v in self.params_.items()}
        out = _core.normalise_apply(Xf, self.recipe_._r, fw._fw, fit)
        out_names = list(self.get_feature_names_out()) if names is not None else []
        return _wrap_output(np.asarray(out), names, index, out_names)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Output column names: the input columns, in framework order."""
        _check_is_fitted(self, "n_features_in_")
        names = getattr(self, "feature_names_in_", None)
        if names is None:
            names = np.asarray([f"x{j}" for j in range(self.n_features_in_)], dtype=object)
        return np.asarray([names[j] for j in self._order], dtype=object)

    @property
    def min_(self) -> np.ndarray:
        """Minimum of each column's oriented values (x, or -x for lower-is-better)."""
        _check_is_fitted(self, "params_")
        return np.asarray(self.params_["min"])

    @property
    def max_(self) -> np.ndarray:
        """Maximum of each column's oriented values."""
        _check_is_fitted(self, "params_")
        return np.asarray(self.params_["max"])


class MinMaxNormaliser(Normaliser):
    """Min-max normalisation (COINr ``n_minmax``): ``(y - min) / (max - min)`` scaled to
    ``feature_range``; ``y`` is the value oriented by direction, so a lower-is-better column
    gives ``(max - x) / (max - min)``.

    Parameters
    ----------
    feature_range : (float, float), default (0, 100)
    constant : {"missing", "midpoint", "top"}, default "missing"
        Output for a column that does not vary.
    framework, directions
        As for :class:`Normaliser`.

    Examples
    --------
    >>> import numpy as np, tijian as tj
    >>> tj.MinMaxNormaliser(feature_range=(0, 1), directions=[1, -1]).fit_transform(
    ...     np.array([[1.0, 10.0], [3.0, 30.0], [2.0, 20.0]]))
    array([[0. , 1. ],
           [1. , 0. ],
           [0.5, 0.5]])
    """

    def __init__(self, *, feature_range: tuple[float, float] = (0.0, 100.0), constant: str = "missing",
                 framework: Any = None, directions: Any = None) -> None:
        self.feature_range = feature_range
        self.constant = constant
        self.framework = framework
        self.directions = directions

    def _normalise_section(self) -> dict[str, Any]:
        lo, hi = self.feature_range
        return {"method": "min_max", "lower": float(lo), "upper": float(hi), "constant": self.constant}


class ZScoreNormaliser(Normaliser):
    """Z-scores (COINr ``n_zscore``): ``(y - mean) / sd * sd_out + mean_out``, sample sd.

    Parameters
    ----------
    mean, sd : float, default 0 and 1
        Mean and standard deviation of the output.
    constant, framework, directions
        As for :class:`MinMaxNormaliser`.
    """

    def __init__(self, *, mean: float = 0.0, sd: float = 1.0, constant: str = "missing",
                 framework: Any = None, directions: Any = None) -> None:
        self.mean = mean
        self.sd = sd
        self.constant = constant
        self.framework = framework
        self.directions = directions

    def _normalise_section(self) -> dict[str, Any]:
        return {"method": "z_score", "mean": float(self.mean), "sd": float(self.sd), "constant": self.constant}

    @property
    def mean_(self) -> np.ndarray:
        """Mean of each column's oriented values."""
        _check_is_fitted(self, "params_")
        return np.asarray(self.params_["mean"])

    @property
    def scale_(self) -> np.ndarray:
        """Sample standard deviation of each column."""
        _check_is_fitted(self, "params_")
        return np.asarray(self.params_["sd"])


class GoalpostNormaliser(Normaliser):
    """Goalposts (COINr ``n_goalposts``, the UNDP HDI rule): ``(x - lower) / (upper -
    lower)`` clipped to [0, 1] (on logs for ``scale = "log"``), times ``scale``.

    Parameters
    ----------
    goalposts : dict, optional
        Column -> ``(lower, upper)`` or ``(lower, upper, "log")``, when no framework gives
        them.
    scale : float, default 1
    framework, directions
        As for :class:`Normaliser`.

    Examples
    --------
    >>> import pandas as pd, tijian as tj
    >>> X = pd.DataFrame({"le": [85.0, 52.5, 90.0], "gnipc": [75000.0, 100.0, 2738.6]})
    >>> tj.GoalpostNormaliser(goalposts={"le": (20, 85), "gnipc": (100, 75000, "log")}).fit_transform(X).round(3)
        le  gnipc
    0  1.0    1.0
    1  0.5    0.0
    2  1.0    0.5
    """

    def __init__(self, *, goalposts: Mapping[str, Sequence[Any]] | None = None, scale: float = 1.0,
                 framework: Any = None, directions: Any = None) -> None:
        self.goalposts = goalposts
        self.scale = scale
        self.framework = framework
        self.directions = directions

    def _normalise_section(self) -> dict[str, Any]:
        return {"method": "goalposts", "scale": float(self.scale)}

    def _extra_nodes(self) -> dict[str, dict[str, Any]] | None:
        if not self.goalposts:
            return None
        out = {}
        for col, posts in self.goalposts.items():
            lo, hi, *rest = posts
            out[col] = {"goalposts": {"lower": float(lo), "upper": float(hi), "scale": rest[0] if rest else "linear"}}
        return out


class _TargetNormaliser(Normaliser):
    _method = ""

    def __init__(self, *, targets: Mapping[str, float] | None = None, scale: float = 1.0, cap: float | None = None,
                 target_year: int = 0, framework: Any = None, directions: Any = None) -> None:
        self.targets = targets
        self.scale = scale
        self.cap = cap
        self.target_year = target_year
        self.framework = framework
        self.directions = directions

    def _normalise_section(self) -> dict[str, Any]:
        return {"method": self._method, "scale": float(self.scale),
                "cap": float("nan") if self.cap is None else float(self.cap), "target_year": int(self.target_year)}

    def _extra_nodes(self) -> dict[str, dict[str, Any]] | None:
        if not self.targets:
            return None
        return {col: {"targets": [{"value": float(v)}]} for col, v in self.targets.items()}


class DistanceToTargetNormaliser(_TargetNormaliser):
    """Distance to target (COINr ``n_dist2targ``): ``(y - min) / (target - min)``, optionally
    capped, times ``scale``. Targets come from the framework or ``targets={column: value}``.
    """

    _method = "distance_to_target"


class TargetRatioNormaliser(_TargetNormaliser):
    """Target achievement ratio: ``x / target`` (at-least targets) or ``target / x`` (at-most),
    optionally capped (1, or 1.2 for over-achievement), times ``scale``."""

    _method = "target_ratio"


class EfficacyNormaliser(Normaliser):
    """Efficacy coefficient (功效系数法): ``floor + span * (y - min) / (max - min)``."""

    def __init__(self, *, floor: float = 60.0, span: float = 40.0, constant: str = "missing",
                 framework: Any = None, directions: Any = None) -> None:
        self.floor = floor
        self.span = span
        self.constant = constant
        self.framework = framework
        self.directions = directions

    def _normalise_section(self) -> dict[str, Any]:
        return {"method": "efficacy", "efficacy_floor": float(self.floor), "efficacy_span": float(self.span),
                "constant": self.constant}


class RankNormaliser(Normaliser):
    """Ranks of the oriented values (1 = lowest, COINr ``n_rank``) with a tie rule."""

    def __init__(self, *, ties: str = "min", framework: Any = None, directions: Any = None) -> None:
        self.ties = ties
        self.framework = framework
        self.directions = directions

    def _normalise_section(self) -> dict[str, Any]:
        return {"method": "rank", "ties": self.ties}


class PercentileRankNormaliser(Normaliser):
    """Percentile ranks ``(rank - 1) / (n - 1)`` times ``scale`` (COINr ``n_prank``)."""

    def __init__(self, *, ties: str = "min", scale: float = 1.0, framework: Any = None, directions: Any = None) -> None:
        self.ties = ties
        self.scale = scale
        self.framework = framework
        self.directions = directions

    def _normalise_section(self) -> dict[str, Any]:
        return {"method": "percentile_rank", "ties": self.ties, "scale": float(self.scale)}


class FractionOfMaxNormaliser(Normaliser):
    """``x / max`` (lower-is-better: ``min / x``) times ``scale`` (极值化, COINr
    ``n_fracmax``)."""

    def __init__(self, *, scale: float = 1.0, framework: Any = None, directions: Any = None) -> None:
        self.scale = scale
        self.framework = framework
        self.directions = directions

    def _normalise_section(self) -> dict[str, Any]:
        return {"method": "fraction_of_max", "scale": float(self.scale)}


class VectorNormaliser(Normaliser):
    """Vector normalisation ``x / ||x||_2`` (lower-is-better: ``1 - x / ||x||_2``, as pymcdm)
    times ``scale``."""

    def __init__(self, *, scale: float = 1.0, framework: Any = None, directions: Any = None) -> None:
        self.scale = scale
        self.framework = framework
        self.directions = directions

    def _normalise_section(self) -> dict[str, Any]:
        return {"method": "vector", "scale": float(self.scale)}


# =============================================================================================
# Weighting
# =============================================================================================


class _Weights(_TransformerMixin, _BaseEstimator):  # type: ignore[misc]
    """Shared fit/transform of the weighting estimators."""

    aggregate: Any
    missing: Any

    _positive_only = False

    if HAVE_SKLEARN:
        def __sklearn_tags__(self) -> Any:
            return _tags(self, super(), self._positive_only)

    def _more_tags(self) -> dict[str, Any]:
        return {"allow_nan": True, "requires_positive_X": self._positive_only}

    def _weights_section(self) -> dict[str, Any]:
        raise NotImplementedError

    def _recipe(self) -> Recipe:
        return Recipe(weights=self._weights_section(), aggregate=self.aggregate, missing=self.missing)

    def _learn(self, Xf: np.ndarray, recipe: Recipe, names: list[str] | None) -> np.ndarray:
        raise NotImplementedError

    def fit(self, X: Any, y: Any = None) -> Any:
        """Learn the weights from X (columns = indicators, already normalised where the
        method needs it). Returns self."""
        Xf, names, _ = _as_matrix(X)
        if Xf.shape[0] < 2:
            raise make_error(RecipeError, "weights.too_few_values",
                             f"n_samples = {Xf.shape[0]}: data-driven weights need at least 2 units (rows)")
        recipe = self._recipe()
        self.n_features_in_ = Xf.shape[1]
        if names is not None:
            self.feature_names_in_ = np.asarray(names, dtype=object)
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        self.weights_ = np.asarray(self._learn(Xf, recipe, names))
        self.recipe_ = recipe
        return self

    def transform(self, X: Any) -> Any:
        """The weighted composite of X: one column ``"score"`` (aggregated with the
        recipe's ``aggregate`` method and missing-data policy)."""
        _check_is_fitted(self, "weights_")
        Xf, names, index = _as_matrix(X)
        if Xf.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {Xf.shape[1]} features, but {type(self).__name__} is expecting "
                             f"{self.n_features_in_} features as input.")
        scores, _ = _core.aggregate(Xf, self.weights_, self.recipe_._r)
        out = np.asarray(scores).reshape(-1, 1)
        return _wrap_output(out, names, index, ["score"])

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """``["score"]``."""
        return np.asarray(["score"], dtype=object)

    def weights_as_series(self) -> pd.Series:
        """The fitted weights as a Series indexed by column name."""
        import pandas as pd

        _check_is_fitted(self, "weights_")
        names = getattr(self, "feature_names_in_", None)
        if names is None:
            names = [f"x{j}" for j in range(len(self.weights_))]
        return pd.Series(self.weights_, index=list(names), name="weight")


class EntropyWeights(_Weights):
    """Entropy weights (熵权法): ``p = t / sum t``, ``e_j = -sum p ln p / ln n``,
    ``w ∝ 1 - e_j``.

    Parameters
    ----------
    zeros : str, default "zero_log_zero"
        Zero handling: ``"zero_log_zero"`` (``0 ln 0 = 0``), ``"shift"``, ``"compress"``,
        ``"log_epsilon"``, or ``"raw_proportions"`` (the data are raw positive values, as in
        pymcdm: the same arithmetic, meant for unnormalised input).
    shift, compress, log_epsilon : float
        Parameters of those variants.
    aggregate, missing : str or dict
        How :meth:`transform` combines the columns (recipe ``[aggregate]`` / ``[missing]``).

    Attributes
    ----------
    weights_ : ndarray
        One weight per column, sum 1; a constant column gets 0.
    entropy_ : ndarray
        The entropies e_j.

    Examples
    --------
    >>> import numpy as np, tijian as tj
    >>> X = np.array([[0.0, 1.0], [0.5, 0.9], [1.0, 0.8]])
    >>> tj.EntropyWeights().fit(X).weights_.round(4)
    array([0.9912, 0.0088])
    """

    _positive_only = True

    def __init__(self, *, zeros: str = "zero_log_zero", shift: float = 1e-4, compress: float = 0.002,
                 log_epsilon: float = 1e-10, aggregate: Any = "arithmetic", missing: Any = "skip_and_reweight") -> None:
        self.zeros = zeros
        self.shift = shift
        self.compress = compress
        self.log_epsilon = log_epsilon
        self.aggregate = aggregate
        self.missing = missing

    def _weights_section(self) -> dict[str, Any]:
        return {"method": "entropy", "zeros": self.zeros, "entropy_shift": float(self.shift),
                "entropy_compress": float(self.compress), "entropy_log_epsilon": float(self.log_epsilon)}

    def _learn(self, Xf: np.ndarray, recipe: Recipe, names: list[str] | None) -> np.ndarray:
        try:
            self.entropy_ = np.asarray(_core.entropy_values(Xf, recipe._r, names))
        except RecipeError as err:
            if getattr(err, "id", "") != "weights.negative_value":
                raise
            # scikit-learn's wording first, then the C++ message (which names the column)
            text = str(err).split("] ", 1)[-1]
            raise make_error(RecipeError, "weights.negative_value", f"Negative values in data: {text}") from err
        return np.asarray(_core.entropy_weights(Xf, recipe._r, names))


class CriticWeights(_Weights):
    """CRITIC weights (Diakoulaki 1995): ``w ∝ sd_j * sum_k (1 - r_jk)`` on the given
    (min-max normalised) matrix.

    Parameters
    ----------
    correlation : {"pearson", "spearman", "kendall"}, default "pearson"
    conflict : {"one_minus_r", "one_minus_abs_r"}, default "one_minus_r"
    aggregate, missing
        As for :class:`EntropyWeights`.

    Notes
    -----
    Whether cost columns are flipped first is decided by the input: after a
    :class:`MinMaxNormaliser` with directions they are (as pyDecision and scikit-criteria,
    and ``tj.score``'s default ``critic_directions = "flip_cost"``); on a plain min-max of
    the raw matrix they are not (as pymcdm).
    """

    def __init__(self, *, correlation: str = "pearson", conflict: str = "one_minus_r", aggregate: Any = "arithmetic",
                 missing: Any = "skip_and_reweight") -> None:
        self.correlation = correlation
        self.conflict = conflict
        self.aggregate = aggregate
        self.missing = missing

    def _weights_section(self) -> dict[str, Any]:
        return {"method": "critic", "correlation": self.correlation, "critic_conflict": self.conflict}

    def _learn(self, Xf: np.ndarray, recipe: Recipe, names: list[str] | None) -> np.ndarray:
        return np.asarray(_core.critic_weights(Xf, recipe._r, names))


class StdWeights(_Weights):
    """Standard-deviation weights: ``w ∝ sd_j`` (as pymcdm's ``standard_deviation_weights``)."""

    def __init__(self, *, aggregate: Any = "arithmetic", missing: Any = "skip_and_reweight") -> None:
        self.aggregate = aggregate
        self.missing = missing

    def _weights_section(self) -> dict[str, Any]:
        return {"method": "standard_deviation"}

    def _learn(self, Xf: np.ndarray, recipe: Recipe, names: list[str] | None) -> np.ndarray:
        return np.asarray(_core.standard_deviation_weights(Xf, names))


class CVWeights(_Weights):
    """Coefficient-of-variation weights (变异系数法): ``w ∝ sd_j / |mean_j|``, on raw data
    (a column whose mean is 0 has no coefficient of variation: ``RecipeError``)."""

    def __init__(self, *, aggregate: Any = "arithmetic", missing: Any = "skip_and_reweight") -> None:
        self.aggregate = aggregate
        self.missing = missing

    def _weights_section(self) -> dict[str, Any]:
        return {"method": "coefficient_of_variation"}

    def _learn(self, Xf: np.ndarray, recipe: Recipe, names: list[str] | None) -> np.ndarray:
        return np.asarray(_core.coefficient_of_variation_weights(Xf, names))


class PCAWeights(_Weights):
    """Weights from the first principal component of the correlation matrix.

    Parameters
    ----------
    form : {"squared_loadings", "absolute_loadings"}, default "squared_loadings"

    Attributes
    ----------
    weights_, loadings_ : ndarray
    variance_explained_ : float
    """

    def __init__(self, *, form: str = "squared_loadings", aggregate: Any = "arithmetic",
                 missing: Any = "skip_and_reweight") -> None:
        self.form = form
        self.aggregate = aggregate
        self.missing = missing

    def _weights_section(self) -> dict[str, Any]:
        return {"method": "pca", "pca": self.form}

    def _learn(self, Xf: np.ndarray, recipe: Recipe, names: list[str] | None) -> np.ndarray:
        res = _core.pca_weights(Xf, recipe._r, names)
        self.loadings_ = np.asarray(res["loadings"])
        self.variance_explained_ = float(res["variance_explained"])
        return np.asarray(res["weights"])


class EqualWeights(_Weights):
    """Equal weights ``1 / m`` (a baseline for comparisons)."""

    def __init__(self, *, aggregate: Any = "arithmetic", missing: Any = "skip_and_reweight") -> None:
        self.aggregate = aggregate
        self.missing = missing

    def _weights_section(self) -> dict[str, Any]:
        return {"method": "equal"}

    def _learn(self, Xf: np.ndarray, recipe: Recipe, names: list[str] | None) -> np.ndarray:
        return np.full(Xf.shape[1], 1.0 / Xf.shape[1])


class AHPWeights(_Weights):
    """AHP weights from a pairwise-comparison matrix (Saaty scale), with the consistency
    ratio. The data do not influence the weights; ``fit(X)`` only records the columns.

    Parameters
    ----------
    matrix : array-like (k x k)
        ``a_ij`` = importance of criterion i over j; reciprocal, diagonal 1.
    method : {"eigenvector", "geometric_mean", "column_normalised"}, default "eigenvector"
    ri_table : {"saaty", "textbook"}, default "saaty"
    inconsistent : {"warn", "error"}, default "warn"
        What happens when CR >= 0.1: a ``UserWarning`` or a ``RecipeError``.

    Attributes
    ----------
    weights_ : ndarray
    lambda_max_, ci_, ri_, cr_ : float
    consistent_ : bool

    Examples
    --------
    >>> import tijian as tj
    >>> ahp = tj.AHPWeights(matrix=[[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]]).fit()
    >>> ahp.weights_.round(3), round(ahp.cr_, 3)
    (array([0.637, 0.258, 0.105]), 0.033)
    """

    def __init__(self, *, matrix: Any = None, method: str = "eigenvector", ri_table: str = "saaty",
                 inconsistent: str = "warn", aggregate: Any = "arithmetic", missing: Any = "skip_and_reweight") -> None:
        self.matrix = matrix
        self.method = method
        self.ri_table = ri_table
        self.inconsistent = inconsistent
        self.aggregate = aggregate
        self.missing = missing

    def _weights_section(self) -> dict[str, Any]:
        return {"method": "given", "ahp_method": self.method, "ri_table": self.ri_table,
                "inconsistent": self.inconsistent}

    def fit(self, X: Any = None, y: Any = None) -> AHPWeights:
        """Compute the weights and the consistency from ``matrix``; X (optional) only sets
        the expected columns. Returns self."""
        if self.matrix is None:
            raise make_error(RecipeError, "weights.ahp_shape", "AHPWeights needs a pairwise-comparison matrix")
        recipe = self._recipe()
        A = np.asfortranarray(np.asarray(self.matrix, dtype=np.float64))
        if A.ndim != 2:
            raise make_error(RecipeError, "weights.ahp_shape", "the comparison matrix must be square (k x k)")
        res = _core.ahp(A, recipe._r)
        self.weights_ = np.asarray(res["weights"])
        self.lambda_max_ = float(res["lambda_max"])
        self.ci_ = float(res["ci"])
        self.ri_ = float(res["ri"])
        self.cr_ = float(res["cr"])
        self.consistent_ = bool(res["consistent"])
        self.recipe_ = recipe
        if X is not None:
            Xf, names, _ = _as_matrix(X)
            if Xf.shape[1] != len(self.weights_):
                raise make_error(DataError, "data.shape", f"X has {Xf.shape[1]} columns but the comparison matrix "
                                 f"compares {len(self.weights_)} criteria")
            if names is not None:
                self.feature_names_in_ = np.asarray(names, dtype=object)
        self.n_features_in_ = len(self.weights_)
        if not self.consistent_:
            msg = (f"AHP: CR = {self.cr_:.3f} >= 0.1 (lambda_max {self.lambda_max_:.4f}, CI {self.ci_:.4f}, "
                   f"RI {self.ri_:.2f}): the comparisons are not acceptably consistent")
            if self.inconsistent == "error":
                raise make_error(RecipeError, "weights.ahp_inconsistent", msg)
            warnings.warn(msg, UserWarning, stacklevel=2)
        return self
