# SPDX-License-Identifier: MIT
"""Agreement statistics between raters (``tijian/agreement.hpp``), as thin functions on plain
sequences and matrices: Spearman's rho, Kendall's tau-b, the six Shrout-Fleiss ICCs, Cohen's
kappa (unweighted, linear, quadratic), Bland-Altman limits of agreement and Kendall's W. The
formulas and their sources are in the header. Degenerate input (fewer than 3 pairs, no
variance, one category) raises :class:`tijian.DataError` with an ``agreement.*`` id.

>>> from tijian import agreement
>>> round(agreement.spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])["estimate"], 3)
0.8
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import _core

__all__ = ["spearman", "kendall_tau_b", "icc", "cohen_kappa", "bland_altman", "kendall_w"]


def _floats(x: Any) -> list[float]:
    return [float(v) for v in x]


def spearman(x: Sequence[float], y: Sequence[float]) -> dict[str, Any]:
    """Spearman's rho with average ranks for ties; ``p_value`` from the t approximation with
    n - 2 df (as ``scipy.stats.spearmanr``). Returns estimate, statistic (t), p_value, n."""
    return dict(_core.agreement_spearman(_floats(x), _floats(y)))


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> dict[str, Any]:
    """Kendall's tau-b; ``p_value`` from the normal approximation with the tie-corrected
    variance (as ``scipy.stats.kendalltau(method="asymptotic")``). Returns estimate, statistic
    (z), p_value, n."""
    return dict(_core.agreement_kendall_tau_b(_floats(x), _floats(y)))


def icc(ratings: Any, confidence: float = 0.95) -> Any:
    """The six Shrout-Fleiss ICCs of an (n targets x k raters) matrix, as a DataFrame with
    ``form`` (ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k = McGraw-Wong ICC(1), ICC(A,1), ICC(C,1),
    ICC(k), ICC(A,k), ICC(C,k)), ``icc``, ``f``, ``df1``, ``df2``, ``p_value``, ``ci_low``,
    ``ci_high`` (McGraw & Wong 1996 F-based intervals, as ``pingouin.intraclass_corr``)."""
    import numpy as np
    import pandas as pd

    out = _core.agreement_icc(np.asarray(ratings, dtype=float), float(confidence))
    df = pd.DataFrame(out["forms"])
    df.attrs["anova"] = {k: out[k] for k in ("n", "k", "ms_rows", "ms_cols", "ms_error", "ms_within")}
    return df


def cohen_kappa(a: Sequence[int], b: Sequence[int], categories: int | None = None, weights: str = "none",
                confidence: float = 0.95) -> dict[str, Any]:
    """Cohen's kappa of two raters' ordered category indices 0..categories-1 (default: the
    largest index + 1); ``weights`` "none", "linear" or "quadratic". Standard errors of Fleiss,
    Cohen & Everitt (1969): ``se`` for the CI, ``se0`` under kappa = 0 for ``z`` and ``p_value``."""
    ia, ib = [int(v) for v in a], [int(v) for v in b]
    if categories is None:
        categories = max(ia + ib, default=0) + 1
    return dict(_core.agreement_cohen_kappa(ia, ib, int(categories), str(weights), float(confidence)))


def bland_altman(x: Sequence[float], y: Sequence[float], multiplier: float = 1.96,
                 confidence: float = 0.95) -> dict[str, Any]:
    """Bland-Altman of d = x - y: bias, sd, the limits bias -/+ multiplier x sd and the CIs of the
    bias and of each limit (Bland & Altman 1999)."""
    return dict(_core.agreement_bland_altman(_floats(x), _floats(y), float(multiplier), float(confidence)))


def kendall_w(ratings: Any) -> dict[str, Any]:
    """Kendall's W of an (n objects x m raters) matrix with the tie correction, chi2 = m (n - 1) W
    with n - 1 df and its p_value."""
    import numpy as np

    return dict(_core.agreement_kendall_w(np.asarray(ratings, dtype=float)))
