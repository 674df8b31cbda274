# SPDX-License-Identifier: MIT
"""One copy of each preset file (issue 15, item 5): presets/ at the repository root is embedded in
the library (CLI and ``tijian._core``) and installed with the package as ``tijian/presets/``; the
example and test files that used to be copies are links to it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import tijian as tj
from tijian import _core
from tijian.__main__ import _executable

KINDS = {"frameworks": "framework", "targets": "profile", "national": "national", "recipes": "recipe"}


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.glob("*/*.toml"))}


def test_package_ships_the_repository_presets(repo):
    source = _files(repo / "presets")
    assert {"frameworks/green-city.toml", "frameworks/hdi.toml", "targets/qingdao-2022.toml"} <= set(source)
    installed = _files(Path(tj.__file__).parent / "presets")
    assert installed == source


def test_library_embeds_the_repository_presets(repo):
    embedded = {(p["kind"], p["name"]) for p in _core.presets()}
    expected = {(KINDS[f.split("/")[0]], f.split("/")[1][: -len(".toml")]) for f in _files(repo / "presets")}
    assert embedded == expected
    for kind, name in embedded:
        folder = next(k for k, v in KINDS.items() if v == kind)
        text = (repo / "presets" / folder / f"{name}.toml").read_text(encoding="utf-8")
        assert _core.preset_text(kind, name) == text, (kind, name)


def test_python_and_cli_list_the_same_presets(repo):
    exe = _executable()
    if exe is None:
        pytest.fail("the tijian program was not installed next to this Python (pip install .)")
    out = subprocess.run([exe, "presets"], capture_output=True, text=True, check=True).stdout
    for name in tj.presets() + tj.presets("profile"):
        assert name in out


@pytest.mark.parametrize("copy, preset", [("examples/green-city-synthetic/framework.toml", "green-city-demo"),
                                          ("tests/data/hdi/framework.toml", "hdi")])
def test_former_copies_are_the_preset(repo, copy, preset):
    path = repo / copy
    assert path.is_symlink() and path.resolve() == (repo / "presets" / "frameworks" / f"{preset}.toml").resolve()
