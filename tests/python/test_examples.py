# SPDX-License-Identifier: MIT
"""The notebook-style examples under examples/ run top to bottom."""

from __future__ import annotations

import runpy

import pytest

pytest.importorskip("matplotlib")


@pytest.mark.parametrize("name", ["notebook_green_city.py"])
def test_notebook_runs(repo, tmp_path, monkeypatch, name):
    monkeypatch.setenv("TIJIAN_EXAMPLE_OUT", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    namespace = runpy.run_path(str(repo / "examples" / name), run_name="__main__")
    assert {"radar.png", "ranking.png", "heatmap.png", "result.json", "result.csv"} <= {p.name for p in tmp_path.iterdir()}
    assert namespace["res"].scores.shape == (24, 5)
