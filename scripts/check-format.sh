#!/usr/bin/env bash
# The formatting check (`make format-check`, and `.ci/run` once .clang-format-enforced exists):
#   clang-format (the style of .clang-format) on the C++ files of include/ src/ bindings/ tests/ fuzz/
#   benchmarks/, without changing them (--dry-run -Werror), and `ruff check` on the Python code
#   (rules in pyproject.toml). Exits non-zero if either finds something.
# To fix the C++ files in place:  scripts/check-format.sh --fix  (clang-format -i, ruff check --fix)
# CLANG_FORMAT and PYTHON choose the programs (default: clang-format, python3 -m ruff).
set -uo pipefail
cd "$(dirname "$0")/.."
CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
PY=${PYTHON:-python3}
fix=0
if [ "${1:-}" = "--fix" ]; then fix=1; fi

dirs=(include src bindings tests benchmarks fuzz)
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t cxx < <(git ls-files -- "${dirs[@]}" | grep -E '\.(cpp|hpp|ipp|h|cc)$')
else
  mapfile -t cxx < <(find "${dirs[@]}" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.ipp' \
                     -o -name '*.h' -o -name '*.cc' \) | sort)
fi

status=0
if ! command -v "$CLANG_FORMAT" >/dev/null; then
  echo "check-format: $CLANG_FORMAT not found (scripts/install-deps.sh installs Debian's clang-format)" >&2
  status=1
elif [ $fix = 1 ]; then
  "$CLANG_FORMAT" -i "${cxx[@]}" || status=1
else
  echo "check-format: $("$CLANG_FORMAT" --version | head -n1) on ${#cxx[@]} C++ files"
  "$CLANG_FORMAT" --dry-run -Werror "${cxx[@]}" || status=1
fi

if [ $fix = 1 ]; then
  "$PY" -m ruff check --fix . || status=1
else
  echo "check-format: ruff $("$PY" -m ruff --version | cut -d' ' -f2) check"
  "$PY" -m ruff check . || status=1
fi

if [ $status != 0 ]; then
  echo "check-format: FAILED (scripts/check-format.sh --fix formats the C++ files and applies ruff's fixes)" >&2
fi
exit $status
