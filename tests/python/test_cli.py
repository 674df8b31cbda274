# SPDX-License-Identifier: MIT
"""The command-line program installed with the package."""

from __future__ import annotations

import json
import subprocess
import sys


import tijian as tj




def test_help_and_version(exe):
    out = subprocess.run([exe, "--help"], capture_output=True, text=True, check=True).stdout
    assert "score" in out
    version = subprocess.run([sys.executable, "-m", "tijian", "--version"], capture_output=True, text=True,
                             check=True).stdout
    assert tj.__version__ in version


def test_cli_and_python_agree(exe, repo, tmp_path, green_city):
    ex = repo / "examples" / "green-city-synthetic"
    out = tmp_path / "cli.json"
    subprocess.run([exe, "score", "--framework", str(ex / "framework.toml"), "--data", str(ex / "data-synthetic.csv"),
                    "--recipe", str(ex / "recipe.toml"), "--out", str(out)], capture_output=True, check=True)
    cli = json.loads(out.read_text(encoding="utf-8"))
    data, fw, recipe = green_city
    res = tj.score(data, fw, recipe)
    assert [row["GCI_score"] for row in cli["scores"]] == res.scores["GCI"].tolist()
    assert cli["provenance"]["recipe_hash"] == res.provenance["recipe_hash"]
    assert cli["provenance"]["framework_hash"] == res.provenance["framework_hash"]
