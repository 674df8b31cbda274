#!/usr/bin/env bash
# Installs what the build and the tests need and is not there yet. Safe to run repeatedly:
# it only calls apt-get / pip for packages that are missing.
#   C++:    Debian packages (Eigen, Boost, GoogleTest, Google Benchmark, CLI11, toml++, nlohmann/json,
#           libzip, pugixml and libxlsxwriter for Excel workbooks, SQLite for the problem ledger,
#           and clang-format for scripts/check-format.sh; clang and its compiler-rt (libFuzzer, the
#           sanitizer runtimes) for `make fuzz`)
#   Report: chromium (prints the HTML report to PDF and runs the browser tests) and fonts-noto-cjk
#           (the Chinese glyphs of the charts and of the font embedded in the report)
#   Python: PyPI packages listed in scripts/requirements-dev.txt
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

debs=(cmake ninja-build g++ pkg-config libeigen3-dev libboost-dev libgtest-dev libgmock-dev
      libbenchmark-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev clang-format
      libzip-dev libpugixml-dev libxlsxwriter-dev libsqlite3-dev chromium fonts-noto-cjk
      clang libclang-rt-dev)
missing=()
for p in "${debs[@]}"; do
  # cmake, ninja and g++ may come from elsewhere (pip, pyenv): accept them on PATH
  case "$p" in
    cmake) command -v cmake >/dev/null && continue ;;
    ninja-build) command -v ninja >/dev/null && continue ;;
    g++) command -v g++ >/dev/null && continue ;;
    pkg-config) command -v pkg-config >/dev/null && continue ;;
  esac
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PY=${PYTHON:-python3}
if [ -f scripts/requirements-dev.txt ] && ! $PY scripts/check_requirements.py scripts/requirements-dev.txt; then
  echo "install-deps: installing Python packages from scripts/requirements-dev.txt"
  $PY -m pip install -q -r scripts/requirements-dev.txt
fi
