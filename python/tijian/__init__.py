# SPDX-License-Identifier: MIT
"""tijian 体检: scoring cities.

Composite indices for the annual city health check (城市体检) and green-city evaluation: an
indicator framework and indicator data in, normalised values, weights, composite scores,
ranks, grades, contributions, diagnostics and provenance out. The computation runs in the
C++ core (``tijian._core``); this package converts pandas and numpy input, builds
frameworks and recipes, and returns pandas objects labelled like the input.

>>> import tijian as tj
>>> res = tj.score(data, "green-city-demo", weights="entropy")  # doctest: +SKIP
>>> res.scores, res.ranks, res.contributions, res.diagnostics   # doctest: +SKIP
>>> chk = tj.check(data, "green-city", targets="qingdao-2022")    # doctest: +SKIP
>>> chk.status, chk.achievement, chk.problems, chk.obstacles     # doctest: +SKIP
>>> tj.stats(data, "green-city-demo").indicators                # doctest: +SKIP
>>> tj.prepare(data, framework, impute="median").imputations    # doctest: +SKIP
>>> tj.uncertainty(data, "green-city-demo", noise={2: 0.25}, runs=10_000).summary  # doctest: +SKIP
>>> tj.trend(panel, "green-city", targets="jinan-2025").trends   # doctest: +SKIP
>>> tj.evaluate(panel, "green-city", targets="jinan-2025").dimensions  # doctest: +SKIP
>>> tj.compare({"自检": self_df, "第三方": third_df}, "green-city", "qingdao-2022").problems  # doctest: +SKIP
>>> tj.survey(answers, "survey.toml", objective={"住房": 72}).problems  # doctest: +SKIP
>>> tj.report("qingdao.html", check=chk, lang="zh", pdf="qingdao.pdf")   # doctest: +SKIP
"""

from __future__ import annotations

import os
from typing import Any

# The C++ core parallelises with OpenMP. With libgomp's default (active) waiting, a worker
# thread that shares its core with another busy process stalls every parallel region: on a
# 2-core machine with one other busy process a 300 x 50 scoring took 32 ms instead of 1 ms.
# Notebooks often run on shared machines, so threads wait passively unless the user chose a
# policy. libgomp reads this when it is loaded, i.e. when tijian._core is first imported (no
# effect if another library loaded libgomp earlier). OMP_NUM_THREADS limits the threads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

try:
    from . import _core
except ImportError as err:  # pragma: no cover - only without a build
    raise ImportError(
        "tijian's compiled module tijian._core could not be imported. Install the package with "
        "`pip install .` from the repository root (it builds the C++ extension), and do not "
        f"import tijian from inside the source tree's python/ folder. ({err})"
    ) from err

from ._core import ArgumentError, DataError, FrameworkError, RecipeError, TijianError
from ._core import TijianError as Error  # the base of every tijian error, by its short name
from ._data import read_data
from . import agreement
from .check import CheckResult, GreenCityScore, check, coupling, green_city_score
from .compare import CompareResult, compare
from .framework import Framework, presets
from .ledger import Ledger, LedgerUpdate
from .prepare import Prepared, prepare
from .national import NationalResult, grade, national_check, national_framework
from .recipe import Recipe
from .result import Result
from .scoring import score
from .stats import StatsReport, stats
from .survey import SurveyResult, survey
from .targets import TargetProfile
from .trend import EvaluationResult, TrendResult, evaluate, trend
from .uncertainty import (SensitivityResult, SobolDesign, UncertaintyResult, sensitivity, sobol_design,
                          sobol_indices, uncertainty)

__version__: str = _core.__version__

# The estimators import scikit-learn when it is installed (to inherit BaseEstimator and
# TransformerMixin); that import is slow, so they load on first use.
_ESTIMATORS = (
    "Normaliser", "MinMaxNormaliser", "ZScoreNormaliser", "GoalpostNormaliser", "DistanceToTargetNormaliser",
    "TargetRatioNormaliser", "EfficacyNormaliser", "RankNormaliser", "PercentileRankNormaliser",
    "FractionOfMaxNormaliser", "VectorNormaliser", "EntropyWeights", "CriticWeights", "StdWeights",
    "CVWeights", "PCAWeights", "AHPWeights", "EqualWeights",
)

__all__ = [
    "__version__", "score", "Result", "Framework", "Recipe", "presets",
    "check", "CheckResult", "TargetProfile", "green_city_score", "GreenCityScore", "coupling",
    "stats", "StatsReport", "prepare", "Prepared",
    "uncertainty", "UncertaintyResult", "sensitivity", "SensitivityResult", "sobol_design", "SobolDesign",
    "sobol_indices", "trend", "TrendResult", "evaluate", "EvaluationResult", "Ledger", "LedgerUpdate",
    "national_framework", "national_check", "grade", "NationalResult", "compare", "CompareResult", "agreement",
    "survey", "SurveyResult",
    "read_data", "Error", "TijianError", "ArgumentError", "FrameworkError", "DataError", "RecipeError", "plots", "report", *_ESTIMATORS,
]


def __getattr__(name: str) -> Any:
    import importlib

    if name in _ESTIMATORS:
        return getattr(importlib.import_module(".estimators", __name__), name)
    if name == "plots":
        return importlib.import_module(".plots", __name__)
    if name == "report":  # the report (Jinja2, matplotlib) loads on first use
        return importlib.import_module(".reporting", __name__).report
    raise AttributeError(f"module 'tijian' has no attribute '{name}'")


def __dir__() -> list[str]:
    return list(__all__)
