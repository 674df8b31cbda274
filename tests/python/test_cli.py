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


def test_every_command_exits_2_on_bad_input_and_writes_nothing(exe, repo, tmp_path):
    """The documented exit statuses (src/cli/exit_status.hpp): 2 for bad input, with one line
    naming the problem, and no output file."""
    ex = repo / "examples" / "green-city-synthetic"
    fw, data = str(ex / "framework.toml"), str(ex / "data-synthetic.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("uCode,Time,green_loan_share\nC01,2024,12.5\nC02,2024,abc\n", encoding="utf-8")
    panel = ["-f", "green-city", "-d", str(repo / "examples" / "green-city" / "panel-synthetic.csv")]
    plan = ["-t", str(repo / "examples" / "green-city" / "targets-synthetic-benchmark.toml")]
    runs = {
        "score bad data": ["score", "-f", fw, "-d", str(bad), "-o", str(tmp_path / "s.csv")],
        "score bad --out": ["score", "-f", fw, "-d", data, "-o", str(tmp_path / "s.txt")],
        "stats bad data": ["stats", "-f", fw, "-d", str(bad), "-o", str(tmp_path / "st.csv")],
        "uncertainty bad data": ["uncertainty", "-f", fw, "-d", str(bad), "-n", "5", "-o", str(tmp_path / "u.csv")],
        "uncertainty bad --noise": ["uncertainty", "-f", fw, "-d", data, "--noise", "2", "-o", str(tmp_path / "u.csv")],
        "check bad --out": ["check", "-f", "green-city", "-t", "qingdao-2022", "-d",
                            str(repo / "examples" / "green-city" / "qingdao-2021-reported.csv"), "-o",
                            str(tmp_path / "c.txt")],
        "trend bad --out": ["trend", *panel, "-o", str(tmp_path / "t.txt")],
        "evaluate bad --out": ["evaluate", *panel, *plan, "-o", str(tmp_path / "e.txt")],
        "presets unknown": ["presets", "--show", "no-such-preset"],
    }
    for what, args in runs.items():
        proc = subprocess.run([exe, *args], capture_output=True, text=True)
        assert proc.returncode == 2, (what, proc.returncode, proc.stderr)
        assert proc.stderr.startswith("tijian: [tijian.") and "unexpected" not in proc.stderr, (what, proc.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]
