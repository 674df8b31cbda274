# SPDX-License-Identifier: MIT
"""The health-check report: one self-contained HTML file (and its PDF) in Chinese or English.

``report(out, check=..., score=..., trend=..., evaluation=..., uncertainty=..., unit=...)``
renders the documents of a health check into ``out``: a cover and summary (达标率 and 进度达标率
with their denominators, counts by state, the most severe problems), per dimension every
indicator against its target and trajectory (bullet chart), the traffic-light check table, the
trends with the plan's trajectory and the indicator ranks, the rank among the peer cities with
its uncertainty interval, the five-year evaluation, the problem list and the method appendix
(framework tree, weights, aggregation, the recipe, data preparation, provenance). Each input is a
result object of this package or the path of the JSON document the command line wrote; a
section whose input is absent is left out. ``tijian report`` computes the documents in C++ and
runs ``python -m tijian.reporting`` on them.

The file stands alone: charts are inline SVG drawn by tijian.plots (the notebooks' code), the
glyphs of Noto Sans CJK the text uses are embedded, nothing is loaded from the network. With
``pdf=``, headless Chromium (Debian ``chromium``) prints it. Tables are written generically from
the core's descriptions (``_format``); sections are a registry (``_sections``: how to add one).
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

from . import _cycle  # noqa: F401  (registers the compare, survey and ledger sections)
from ._documents import Document, load
from . import _pdf
from ._pdf import MissingTool
from ._sections import SECTIONS, Context, section
from ._words import word

__all__ = ["DOCUMENTS", "Document", "MissingTool", "SECTIONS", "report", "render_html", "section"]

#: The inputs a report reads, by keyword (and by file name <keyword>.json in a documents directory).
DOCUMENTS = ("check", "score", "trend", "evaluation", "uncertainty", "compare", "survey", "ledger")

_TITLES = {
    "cover": ("封面", "Cover"),
    "summary": ("总体结论", "Summary"),
    "dimensions": ("分维度体检", "Check by dimension"),
    "ranking": ("同类城市排名", "Rank among the peer cities"),
    "evaluation": ("五年评估", "Five-year evaluation"),
    "problems": ("问题清单", "Problem list"),
    "compare": ("自检与第三方体检比对", "Self-check vs third-party"),
    "survey": ("居民满意度调查", "Resident survey"),
    "ledger": ("问题整治台账", "Problem-to-task ledger"),
    "appendix": ("方法附录", "Method appendix"),
}


def _environment() -> Any:
    try:
        import jinja2
    except ImportError as err:
        raise ImportError("the report needs Jinja2: pip install 'tijian[report]' (or jinja2; Debian: "
                          "python3-jinja2)") from err
    return jinja2.Environment(loader=jinja2.PackageLoader("tijian.reporting", "templates"),
                              autoescape=jinja2.select_autoescape(["html", "j2"]), trim_blocks=True,
                              lstrip_blocks=True)


def _default_unit(docs: dict[str, Document]) -> str:
    for name in ("check", "evaluation", "trend", "score", "compare"):
        d = docs.get(name)
        if d is None:
            continue
        for t in d.tables.values():
            if "unit" in t.columns and len(t):
                units = list(dict.fromkeys(t["unit"].astype(str)))
                if len(units) == 1:
                    return units[0]
                raise ValueError(f"the {name} result has {len(units)} units: name the city of the report "
                                 f"with unit= (e.g. {units[0]!r})")
    raise ValueError("the report has no input with a unit: pass check= (a tijian.check result or its JSON)")


def render_html(*, lang: str = "zh", unit: str | None = None, title: str | None = None,
                assessor: str | None = None, date: str | None = None, data_version: str | None = None,
                **inputs: Any) -> str:
    """The report's HTML text (see :func:`report`)."""
    from .. import __version__
    from . import _assets

    unknown = set(inputs) - set(DOCUMENTS)
    if unknown:
        raise TypeError(f"unknown report input(s): {', '.join(sorted(unknown))} (inputs: {', '.join(DOCUMENTS)})")
    docs = {k: d for k, v in inputs.items() if (d := load(v)) is not None}
    if not docs:
        raise ValueError("a report needs at least one input: " + ", ".join(DOCUMENTS))
    env = _environment()
    font_name = _assets.setup_matplotlib()
    if font_name is None:
        warnings.warn(word("missing_font", lang, package=_assets.CJK_PACKAGE), stacklevel=2)
    ctx = Context(lang=lang, unit=str(unit) if unit is not None else _default_unit(docs), docs=docs,
                  meta={"title": title, "assessor": assessor, "date": date or _dt.date.today().isoformat(),
                        "data_version": data_version})
    sections = []
    for s in SECTIONS:
        with warnings.catch_warnings():
            if font_name is None:  # said once above, with the package to install
                warnings.filterwarnings("ignore", message="Glyph .* missing from font")
            data = s.build(ctx)
        if data is None:
            continue
        zh, en = _TITLES.get(s.key, (s.key, s.key))
        sections.append({"key": s.key, "title": data.get("heading") or (zh if lang == "zh" else en), "data": data})
    cover = next((s["data"] for s in sections if s["key"] == "cover"), {})
    template = env.get_template("base.html.j2")
    context = {"lang": lang, "version": __version__, "title": cover.get("title", word("report", lang)),
               "contents": word("contents", lang), "sections": sections, "w": ctx.w}
    html = template.render(font_face="", **context)
    face = _assets.font_face(html)
    return template.render(font_face=face, **context) if face else html


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _temporary(target: Path, suffix: str) -> str:
    directory = target.parent
    if not directory.is_dir():
        raise OSError(f"cannot write the report {target}: the directory {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=directory)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
    return tmp


def _write_together(path: Path, text: str, pdf: Path | None) -> None:
    """The HTML (and with ``pdf`` its PDF, printed from the HTML's temporary) written to
    temporaries beside their targets and renamed in together, or neither: a failure (Chromium
    missing or failing, a target that is a directory) leaves both files as they were."""
    if pdf is not None:
        _pdf.require_chromium()  # before anything is written
    temporaries: list[str] = []
    backup: str | None = None
    try:
        # the HTML's temporary ends in .html so that the browser reads it as HTML
        html_tmp = _temporary(path, ".tmp.html")
        temporaries.append(html_tmp)
        with open(html_tmp, "w", encoding="utf-8") as f:
            f.write(text)
        if pdf is None:
            os.replace(html_tmp, path)
            return
        pdf_tmp = _temporary(pdf, ".tmp")
        temporaries.append(pdf_tmp)
        _pdf.print_pdf_into(html_tmp, pdf_tmp)
        if os.path.isdir(path) or os.path.isdir(pdf):
            raise IsADirectoryError(f"cannot write the report: {path if os.path.isdir(path) else pdf} is a directory")
        if os.path.exists(pdf):  # kept until the HTML is in, to put back if its rename fails
            backup = _temporary(pdf, ".keep")
            os.unlink(backup)
            try:
                os.link(pdf, backup)
            except OSError:  # a file system without hard links
                shutil.copyfile(pdf, backup)
        os.replace(pdf_tmp, pdf)
        try:
            os.replace(html_tmp, path)
        except OSError:
            if backup is not None:
                os.replace(backup, pdf)
                backup = None
            else:
                os.unlink(pdf)
            raise
    finally:
        for tmp in [*temporaries, *([backup] if backup else [])]:
            if os.path.exists(tmp):
                os.unlink(tmp)


def report(out: str | os.PathLike[str], *, check: Any = None, score: Any = None, trend: Any = None,
           evaluation: Any = None, uncertainty: Any = None, compare: Any = None, survey: Any = None,
           ledger: Any = None, unit: str | None = None, lang: str = "zh",
           pdf: str | os.PathLike[str] | None = None, title: str | None = None, assessor: str | None = None,
           date: str | None = None, data_version: str | None = None) -> Path:
    """Write the health-check report of one city to ``out`` (.html), and with ``pdf`` its PDF.

    Parameters
    ----------
    out : path
        The HTML file; written completely or not at all (an unwritable path raises OSError).
    check, score, trend, evaluation, uncertainty : result or path, optional
        The results of :func:`tijian.check`, :func:`tijian.score`, :func:`tijian.trend`,
        :func:`tijian.evaluate` and :func:`tijian.uncertainty`, or the JSON documents the
        command line writes (``--out x.json``). A section whose input is absent is left out.
    compare, survey : result or path, optional
        The results of :func:`tijian.compare` (self-check vs third-party: agreement statistics,
        the city's disagreements, a Bland-Altman chart) and :func:`tijian.survey` (satisfaction
        by dimension, reliability, the objective-subjective gap), or their JSON documents
        (``tijian compare --out x.json``, ``tijian survey --out x.json``).
    ledger : tijian.Ledger or path, optional
        The problem-to-task ledger (its SQLite file, or ``tijian ledger export --what ledger
        x.json``): tasks by status and the overdue ones.
    unit : str, optional
        The city of the report (needed when the results hold several).
    lang : {"zh", "en"}
        Chinese output is entirely Chinese: headings, column labels, units and categories.
    pdf : path, optional
        Print the report to this PDF with headless Chromium. The HTML and the PDF are renamed
        in together or neither is written: without Chromium :class:`MissingTool` names the
        Debian package to install and nothing is written.
    title, assessor, date, data_version : str, optional
        The cover (date defaults to today, the data version to the data's hash).

    Returns
    -------
    pathlib.Path
        The HTML file written.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    path = Path(out)
    if path.suffix.lower() != ".html":
        raise ValueError(f"the report is an .html file (got {path})")
    html = render_html(lang=lang, unit=unit, title=title, assessor=assessor, date=date, data_version=data_version,
                       check=check, score=score, trend=trend, evaluation=evaluation, uncertainty=uncertainty,
                       compare=compare, survey=survey, ledger=ledger)
    _write_together(path, html, None if pdf is None else Path(pdf))
    return path


def main(argv: list[str] | None = None) -> int:
    """``python -m tijian.reporting``: render the documents of a directory (what ``tijian report``
    runs). Exit 0 ok, 2 bad input or an unwritable output, 1 a missing program or package."""
    import argparse

    p = argparse.ArgumentParser(prog="python -m tijian.reporting", description=main.__doc__)
    p.add_argument("--documents", required=True, help="directory with check.json, score.json, trend.json, "
                   "evaluation.json, uncertainty.json, compare.json, survey.json, ledger.json (any may be absent)")
    p.add_argument("--out", required=True)
    p.add_argument("--pdf")
    p.add_argument("--lang", default="zh", choices=["zh", "en"])
    p.add_argument("--unit")
    for name in ("title", "assessor", "date", "data-version"):
        p.add_argument(f"--{name}")
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args(argv)
    inputs = {k: os.path.join(a.documents, f"{k}.json") for k in DOCUMENTS
              if os.path.isfile(os.path.join(a.documents, f"{k}.json"))}
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            path = report(a.out, lang=a.lang, unit=a.unit, title=a.title, assessor=a.assessor, date=a.date,
                          data_version=a.data_version, pdf=a.pdf, **inputs)
        for w in caught:
            sys.stderr.write(f"tijian report: {w.message}\n")
        if not a.quiet:
            print(("已写出 " if a.lang == "zh" else "Wrote ") + str(path))
            if a.pdf:
                print(("已写出 " if a.lang == "zh" else "Wrote ") + str(Path(a.pdf)))
    except MissingTool as err:
        sys.stderr.write(f"tijian report: {err}\n")
        return 1
    except ImportError as err:
        sys.stderr.write(f"tijian report: {err}\n")
        return 1
    except (OSError, ValueError) as err:
        sys.stderr.write(f"tijian report: {err}\n")
        return 2
    return 0
