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
echo "sanitize: pytest with $runtime preloaded"
export LD_PRELOAD=$runtime
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
exec "$VPY" -m pytest -q -p no:cacheprovider "$@"
