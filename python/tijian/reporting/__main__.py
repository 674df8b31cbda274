# SPDX-License-Identifier: MIT
"""``python -m tijian.reporting --documents DIR --out report.html [--pdf report.pdf]``."""

import sys

from . import main

sys.exit(main())
