# SPDX-License-Identifier: MIT
"""``python -m tijian ...`` runs the bundled command-line program ``tijian`` (the same C++
executable that ``pip install`` puts on PATH); there is no second CLI in Python."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig


def _executable() -> str | None:
    name = "tijian.exe" if os.name == "nt" else "tijian"
    for scheme_dir in (sysconfig.get_path("scripts"), os.path.dirname(sys.executable)):
        candidate = os.path.join(scheme_dir, name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("tijian")


def main() -> int:
    exe = _executable()
    if exe is None:
        sys.stderr.write("tijian: the command-line program was not found next to this Python; "
                         "reinstall with `pip install .` from the repository\n")
        return 1
    return subprocess.call([exe, *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
