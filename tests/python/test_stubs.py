# SPDX-License-Identifier: MIT
"""The type stubs of tijian._core name exactly what the compiled module defines, and the
package ships them with py.typed."""

from __future__ import annotations

import ast
from importlib import resources

import tijian
from tijian import _core


def _stub() -> ast.Module:
    return ast.parse(resources.files("tijian").joinpath("_core.pyi").read_text(encoding="utf-8"))


def test_py_typed_and_stub_are_shipped():
    assert resources.files("tijian").joinpath("py.typed").is_file()


def test_stub_names_match_the_module():
    tree = _stub()
    stub_names = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    stub_names |= {t.id for n in tree.body if isinstance(n, ast.AnnAssign) for t in [n.target] if isinstance(t, ast.Name)}
    stub_names -= {"FloatArray"}
    optional = {"presets", "preset_text", "framework_recipe"}  # only when the C++ library embeds its presets
    module_names = {n for n in dir(_core) if not n.startswith("_")} | {"__version__"}
    module_names |= optional & stub_names
    assert stub_names == module_names
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        stub_members = {m.name for m in cls.body if isinstance(m, ast.FunctionDef) and not m.name.startswith("__")}
        real = {m for m in dir(getattr(_core, cls.name)) if not m.startswith("_")}
        if issubclass(getattr(_core, cls.name), BaseException):
            continue
        assert stub_members == real, cls.name


def test_public_api_is_listed():
    for name in tijian.__all__:
        assert getattr(tijian, name) is not None
    assert set(dir(tijian)) == set(tijian.__all__)
