# SPDX-License-Identifier: MIT
"""Plots (matplotlib, off-screen) and the notebook HTML views."""

from __future__ import annotations

import sys

import pytest

import tijian as tj

mpl = pytest.importorskip("matplotlib")
import matplotlib.pyplot as plt  # noqa: E402


@pytest.fixture(scope="module")
def result(green_city):
    data, fw, recipe = green_city
    return tj.score(data, fw, recipe)


def test_matplotlib_is_not_imported_by_tijian():
    import subprocess

    code = "import sys, tijian; tijian.score; print('matplotlib' in sys.modules, 'sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_radar(result):
    ax = tj.plots.radar(result, ["C01", "C02", "C03"])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["GF", "GE", "GB", "GL"]
    assert len(ax.lines) == 3 and ax.get_legend() is not None
    assert ax.get_title() == "GCI"
    ax2 = result.plot_radar("C05", period=2023, labels="name_en")
    assert [t.get_text() for t in ax2.get_xticklabels()][0] == "Green finance"
    with pytest.raises(KeyError):
        tj.plots.radar(result, ["nowhere"])
    with pytest.raises(ValueError):
        tj.plots.radar(result, ["C01"], node="GF")  # two spokes only
    plt.close("all")


def test_bar(result):
    ax = tj.plots.bar(result, period=2024, top=5)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 5
    ranks = result.ranks["GCI"].xs(2024, level="Time")
    assert labels == ranks.sort_values().index[:5].tolist()
    ax = result.plot_bar(node="GE")  # latest period by default
    assert len(ax.patches) == 12
    plt.close("all")


def test_heatmap(result, green_city):
    ax = tj.plots.heatmap(result, period=2023)
    assert ax.images[0].get_array().shape == (12, 11)
    assert [t.get_text() for t in ax.get_xticklabels()][0] == result.framework.indicators[0]
    ax = result.plot_heatmap(indicators=["pm25", "green_coverage"], sort=False)
    assert ax.images[0].get_array().shape == (12, 2)
    plt.close("all")
