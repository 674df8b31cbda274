#!/usr/bin/env python3
"""Exit 0 if every requirement in the file is installed (by distribution name), 1 otherwise."""
import re
import sys
from importlib import metadata

missing = []
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name = re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0]
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        missing.append(name)
if missing:
    print("missing Python packages:", ", ".join(missing))
    sys.exit(1)
