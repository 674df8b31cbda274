# SPDX-License-Identifier: MIT
"""What makes the report stand alone: charts as inline SVG and the CJK font embedded.

Charts are drawn by tijian.plots (the notebooks' code) and saved as SVG with text as paths, so
they need no font in the reader's browser. The page's own text uses Noto Sans CJK (Debian
``fonts-noto-cjk``): the glyphs the report uses are cut out of the installed font with fontTools
(a matplotlib dependency) and embedded as a WOFF font, so the file shows the same on a machine
without the font and never asks the network for one.
"""

from __future__ import annotations

import base64
import glob
import io
import os
from functools import lru_cache
from typing import Any

from markupsafe import Markup

__all__ = ["CJK_PACKAGE", "cjk_font", "figure_svg", "font_face", "setup_matplotlib"]

CJK_PACKAGE = "fonts-noto-cjk"
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.local/share/fonts"),
              os.path.expanduser("~/.fonts"))
_FONT_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansSC-Regular.otf",
               "NotoSansCJK-Regular.otc")


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The path of an installed Noto Sans CJK font (None when there is none)."""
    extra = os.environ.get("TIJIAN_CJK_FONT")
    if extra:
        return extra if os.path.isfile(extra) else None
    for d in _FONT_DIRS:
        for name in _FONT_FILES:
            hits = sorted(glob.glob(os.path.join(d, "**", name), recursive=True))
            if hits:
                return hits[0]
    return None


_setup_done: list[str] = []


def setup_matplotlib() -> str | None:
    """Agg backend, the CJK font first in the family list, deterministic SVG; the font's name."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import font_manager, rcParams

    path = cjk_font()
    name = None
    if path:
        if not _setup_done:
            font_manager.fontManager.addfont(path)
            _setup_done.append(path)
        name = font_manager.FontProperties(fname=path).get_name()
    rcParams["font.family"] = [name, "DejaVu Sans"] if name else ["DejaVu Sans"]
    rcParams["axes.unicode_minus"] = False
    rcParams["svg.fonttype"] = "path"
    return name


_counter = [0]


def figure_svg(fig: Any) -> Markup:
    """A figure as an inline <svg> element (no XML prologue), ids unique within the report."""
    import matplotlib.pyplot as plt
    from matplotlib import rcParams

    _counter[0] += 1
    rcParams["svg.hashsalt"] = f"tj{_counter[0]}"
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    start = text.find("<svg")
    return Markup(text[start:])


def _face_index(path: str) -> int:
    """In a font collection, the Simplified Chinese face."""
    if not path.lower().endswith((".ttc", ".otc")):
        return 0
    from fontTools.ttLib import TTCollection

    with TTCollection(path, lazy=True) as coll:
        for k, font in enumerate(coll.fonts):
            if "SC" in str(font["name"].getDebugName(1) or ""):
                return k
    return 0


def font_face(text: str, family: str = "TijianCJK") -> str:
    """A CSS @font-face with the glyphs of ``text`` cut out of the CJK font ('' without one)."""
    path = cjk_font()
    if not path:
        return ""
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=_face_index(path), lazy=True, recalcBBoxes=False) as font:
        return _subset(font, text, family)


def _subset(font: Any, text: str, family: str) -> str:
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"
    # the glyphs only: no layout features (their closure pulls in thousands of alternates),
    # no hinting, no vertical metrics; the page is set horizontally by the browser
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.hinting = False
    options.recalc_bounds = False
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(text="".join(sorted(set(text) | set(" 0123456789.,-%()/:"))))
    sub.subset(font)
    buf = io.BytesIO()
    font.flavor = "woff"
    font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (f"@font-face {{ font-family: '{family}'; font-style: normal; font-weight: 100 900; "
            f"src: url(data:font/woff;base64,{data}) format('woff'); }}")
