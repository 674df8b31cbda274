# SPDX-License-Identifier: MIT
"""The PDF of a report: the HTML printed by headless Chromium (Debian ``chromium``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["CHROMIUM_PACKAGE", "MissingTool", "chromium", "print_pdf"]

CHROMIUM_PACKAGE = "chromium"
_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class MissingTool(RuntimeError):
    """A program the PDF needs is not installed (the message names the package)."""


def chromium() -> str | None:
    """The headless browser: $TIJIAN_CHROMIUM, else the first of chromium, chromium-browser,
    google-chrome on PATH."""
    exe = os.environ.get("TIJIAN_CHROMIUM")
    if exe:
        return exe if shutil.which(exe) else None
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_args(exe: str, profile: str) -> list[str]:
    """Headless, sandbox off (root in containers), its own profile, nothing fetched in the
    background."""
    return [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions",
            "--disable-background-networking", "--no-first-run", "--disable-sync",
            f"--user-data-dir={profile}"]


def require_chromium(what: str = "nothing was written") -> str:
    """The browser, or :class:`MissingTool` naming the package (``what`` says what became of the
    outputs)."""
    exe = chromium()
    if exe is None:
        raise MissingTool("the PDF is printed by headless Chromium, which is not installed: "
                          f"apt-get install {CHROMIUM_PACKAGE} (Debian), or set TIJIAN_CHROMIUM "
                          f"to a Chromium or Chrome program; {what}")
    return exe


def print_pdf_into(html: str | os.PathLike[str], tmp: str | os.PathLike[str], timeout: float = 180.0) -> None:
    """Prints ``html`` into the file ``tmp`` (a temporary the caller renames; A4, no header or
    footer); RuntimeError when Chromium fails or prints nothing."""
    exe = require_chromium()
    with tempfile.TemporaryDirectory(prefix="tijian-chromium-") as profile:
        cmd = [*browser_args(exe, profile), "--no-pdf-header-footer", f"--print-to-pdf={tmp}",
               Path(html).resolve().as_uri()]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if run.returncode != 0 or os.path.getsize(tmp) == 0:
        raise RuntimeError(f"chromium could not print {html} (exit {run.returncode}): {run.stderr.strip()[-800:]}")


def print_pdf(html: str | os.PathLike[str], pdf: str | os.PathLike[str], timeout: float = 180.0) -> Path:
    """Prints ``html`` to ``pdf`` (A4, no header or footer); written completely or not at all."""
    require_chromium()
    target = Path(pdf).resolve()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        print_pdf_into(html, tmp, timeout)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, target)
        return target
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
