# SPDX-License-Identifier: MIT
"""Shared fixtures of the Python tests (run by `make test`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

try:
    from hypothesis import settings

    # deadline=None: timings on a shared 2-core machine vary too much for per-example limits
    settings.register_profile("tijian", deadline=None, max_examples=60, derandomize=True, database=None)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "tijian"))
except ImportError:  # pragma: no cover
    pass

try:  # plots draw off-screen
    import matplotlib

    matplotlib.use("Agg")
except ImportError:  # pragma: no cover
    pass


def shared_data_dir() -> Path | None:
    """The published reference data: $TIJIAN_SHARED_DATA, ../shared/data next to the
    repository, or /work/shared/data for a clone elsewhere on the machine (as
    tests/CMakeLists.txt)."""
    candidates = [os.environ.get("TIJIAN_SHARED_DATA"), REPO.parent / "shared" / "data", "/work/shared/data"]
    for c in candidates:
        if c and (Path(c) / "hdi").is_dir():
            return Path(c).resolve()
    return None


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_data() -> Path:
    d = shared_data_dir()
    if d is None:
        pytest.fail("reference data (../shared/data) not found; set TIJIAN_SHARED_DATA")
    return d


@pytest.fixture(scope="session")
def green_city(repo: Path):
    """The synthetic green-city example: (data frame, framework path, recipe path)."""
    import pandas as pd

    ex = repo / "examples" / "green-city-synthetic"
    data = pd.read_csv(ex / "data-synthetic.csv", comment="#")
    return data, ex / "framework.toml", ex / "recipe.toml"


@pytest.fixture(scope="session")
def exe() -> str:
    """The tijian program installed next to this Python (by pip install .)."""
    from tijian.__main__ import _executable

    path = _executable()
    if path is None:
        pytest.fail("the tijian program was not installed next to this Python (pip install .)")
    return path
