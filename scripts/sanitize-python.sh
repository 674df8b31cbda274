#!/usr/bin/env bash
# The Python part of `make sanitize`: installs the package built with ASan and UBSan into its own
# virtual environment (BUILD/venv, with the system's site-packages for numpy, pandas, pytest, ...)
# and runs pytest on it.
#   scripts/sanitize-python.sh BUILD [pytest arguments]
# pip builds in BUILD itself, the tree `make sanitize` configured, so the instrumented library
# and module are not compiled twice. Python is not instrumented, so the sanitizer runtime has to
# come first: it is preloaded (LD_PRELOAD, the way ASan's documentation gives for an
# uninstrumented main program). Leak checking is off for Python (the interpreter keeps its
# objects at exit, which LeakSanitizer would report); the C++ tests (ctest) check leaks. A huge
# allocation fails with bad_alloc (MemoryError) as without ASan instead of stopping the run.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:?build directory}
shift
PY=${PYTHON:-python3}
SANITIZERS=${SANITIZERS:-address,undefined}
[ -x "$BUILD/venv/bin/python" ] || "$PY" -m venv --system-site-packages "$BUILD/venv"
VPY=$BUILD/venv/bin/python
CMAKE_BUILD_PARALLEL_LEVEL=${JOBS:-2} "$VPY" -m pip install -q --no-build-isolation --no-deps \
  --config-settings=build-dir="$BUILD" --config-settings=cmake.build-type=Debug \
  --config-settings=cmake.define.TIJIAN_SANITIZE="$SANITIZERS" \
  --config-settings=cmake.define.TIJIAN_WARNINGS_AS_ERRORS=ON .
module=$(find "$BUILD/venv/lib" -name '_core*.so' | head -1)  # (importing it needs the runtime)
# the runtime the module was linked with (GCC: libasan.so.N); Clang links none into shared
# objects, so ask the compiler for its own
runtime=$(ldd "$module" | awk '/libasan|libclang_rt.asan/ {print $3; exit}')
if [ -z "$runtime" ]; then runtime=$(${CXX:-c++} -print-file-name=libclang_rt.asan-x86_64.so); fi
# and the C++ runtime beside it: Python does not link one, so when ASan starts there is no
# __cxa_throw to intercept and the first C++ exception stops the process ("CHECK failed:
# ... real___cxa_throw") unless the library is loaded from the start too
cxxrt=$(ldd "$module" | awk '/libstdc\+\+|libc\+\+/ {print $3; exit}')
echo "sanitize: pytest with $runtime $cxxrt preloaded"
export LD_PRELOAD="$runtime${cxxrt:+ $cxxrt}"
# Chromium (the report's PDF and the browser tests) is no program of ours: it starts without
# the preload, through a `chromium` first on PATH (preloaded, it did not start for the browser
# tests and printed a PDF for minutes)
if browser=$(command -v chromium); then
  mkdir -p "$BUILD/unpreloaded"
  printf '#!/bin/sh\nunset LD_PRELOAD\nexec "%s" "$@"\n' "$browser" > "$BUILD/unpreloaded/chromium"
  chmod +x "$BUILD/unpreloaded/chromium"
  export PATH="$(cd "$BUILD/unpreloaded" && pwd):$PATH"
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
exec "$VPY" -m pytest -q -p no:cacheprovider "$@"
