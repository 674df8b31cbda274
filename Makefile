# Two commands for a fresh machine:  make demo   and   make test
# Both install what is missing (scripts/install-deps.sh), build, and run.
BUILD ?= build
BENCH_BUILD ?= build-bench
JOBS ?= 2
PYTHON ?= python3
CMAKE_FLAGS ?=
SANITIZE_BUILD ?= build-sanitize
SANITIZERS ?= address,undefined
FUZZ_BUILD ?= build-fuzz
FUZZ_RUNS ?= 200000
FUZZ_SECONDS ?= 600
FUZZ_QUICK_RUNS ?= 1000000
FUZZ_QUICK_SECONDS ?= 20

.PHONY: all deps configure build python test test-cpp test-python demo format-check bench bench-python clean \
	sanitize sanitize-quick fuzz fuzz-quick

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DTIJIAN_BUILD_TESTS=ON \
	  -DTIJIAN_WARNINGS_AS_ERRORS=ON $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# The Python package (tijian + tijian._core + the tijian program) installed into $(PYTHON):
# a regular (non-editable) install built with the already-installed scikit-build-core and
# pybind11 (no build isolation, no downloads), in a kept build directory so that repeated
# runs only recompile what changed.
python: deps
	@CMAKE_BUILD_PARALLEL_LEVEL=$(JOBS) $(PYTHON) -m pip install -q --root-user-action=ignore --no-build-isolation --no-deps \
	  --config-settings=build-dir=$(BUILD)/python .

test: test-cpp test-python

test-cpp: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# pytest on tests/python (HDI reproduction, pymcdm agreement, hypothesis properties, bad input,
# estimators, plots, the notebook example) and the doctests of the installed package.
test-python: python
	@$(PYTHON) -m pytest -q tests/python --doctest-modules --pyargs tijian

# The scoring demo (synthetic data), then the green-city health check of Qingdao's values as
# reported in July 2021 (seed 001) against the pilot's 2022 targets (seed 000), and its report
# (HTML; rendered by the Python package, which `make python` installs into $(PYTHON)). Builds only the program (and
# the library it links), not the tests: `make test` builds those.
demo: configure python
	@cmake --build $(BUILD) -j $(JOBS) --target tijian_cli
	@$(BUILD)/tijian score \
	  --framework examples/green-city-synthetic/framework.toml \
	  --data examples/green-city-synthetic/data-synthetic.csv \
	  --recipe examples/green-city-synthetic/recipe.toml \
	  --out $(BUILD)/demo-result.json
	@echo
	@$(BUILD)/tijian check --framework green-city --targets qingdao-2022 \
	  --data examples/green-city/qingdao-2021-reported.csv \
	  --out $(BUILD)/demo-check.json
	@echo
	@$(BUILD)/tijian report --framework green-city --targets qingdao-2022 \
	  --data examples/green-city/qingdao-2021-reported.csv --assessor "tijian demo" \
	  --python $(PYTHON) --out $(BUILD)/demo-report.html --quiet
	@echo "Report of the seed example (Qingdao 2021 against the 2022 targets): $(abspath $(BUILD))/demo-report.html"

# clang-format (.clang-format) on the C++ files and ruff (pyproject.toml) on the Python code,
# changing nothing; scripts/check-format.sh --fix formats in place.
format-check: deps
	@scripts/check-format.sh

bench: deps
	@cmake -S . -B $(BENCH_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DTIJIAN_BUILD_TESTS=OFF \
	  -DTIJIAN_BUILD_BENCHMARKS=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BENCH_BUILD) -j $(JOBS) --target bench_scoring bench_uncertainty tijian_cli
	@$(BENCH_BUILD)/benchmarks/bench_scoring
	@$(BENCH_BUILD)/benchmarks/bench_uncertainty
	@$(PYTHON) benchmarks/python/bench_uncertainty_numpy.py $(BENCH_BUILD)/benchmarks/bench_uncertainty
	@$(MAKE) --no-print-directory bench-python
	@$(PYTHON) benchmarks/python/bench_report.py $(BENCH_BUILD)/tijian
	@$(PYTHON) benchmarks/python/bench_check_output.py $(BENCH_BUILD)/tijian

# tj.score vs the blocked numpy of ../shared/bench, the repository's numpy and pymcdm at 300 x 50,
# 10,000 x 60 and 1,000,000 x 60, as ratios within rounds; the Python layer's fixed cost; the
# methods vs pymcdm; the fixed cost of tj.uncertainty on ASEM; tijian.dask on 2 and 1 worker
# processes vs tj.score at 10,000,000 x 30 (about 9 GB at its peak)
bench-python: python
	@$(PYTHON) benchmarks/python/bench_vs_peers.py
	@$(PYTHON) benchmarks/python/bench_methods.py
	@$(PYTHON) benchmarks/python/bench_uncertainty_fixed.py
	@$(PYTHON) benchmarks/python/bench_dask.py

clean:
	rm -rf $(BUILD) $(BENCH_BUILD)

# AddressSanitizer + UndefinedBehaviorSanitizer (cmake/tijianSanitize.cmake, $(SANITIZE_BUILD)/,
# GCC or Clang): the whole C++ suite under ctest (leaks checked), then the whole Python suite on
# the instrumented module (scripts/sanitize-python.sh: its own venv, the runtime preloaded).
# The first report fails the run. Slow: see README (Sanitizers and fuzzing) for the times.
SANITIZE_CONFIGURE = cmake -S . -B $(SANITIZE_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DTIJIAN_BUILD_TESTS=ON -DTIJIAN_BUILD_PYTHON=ON -DTIJIAN_BUILD_CLI=ON -DTIJIAN_INSTALL=OFF \
	  -DTIJIAN_WARNINGS_AS_ERRORS=ON -DTIJIAN_SANITIZE=$(SANITIZERS) \
	  -DPython_EXECUTABLE=$(abspath $(SANITIZE_BUILD))/venv/bin/python \
	  -Dpybind11_DIR="$$($(PYTHON) -m pybind11 --cmakedir)" $(CMAKE_FLAGS) >/dev/null
SANITIZE_ENV = ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1 UBSAN_OPTIONS=print_stacktrace=1

sanitize: deps
	@$(PYTHON) -m venv --system-site-packages $(SANITIZE_BUILD)/venv
	@$(SANITIZE_CONFIGURE)
	@cmake --build $(SANITIZE_BUILD) -j $(JOBS)
	@cd $(SANITIZE_BUILD) && $(SANITIZE_ENV) ctest --output-on-failure -j $(JOBS)
	@PYTHON=$(PYTHON) SANITIZERS=$(SANITIZERS) JOBS=$(JOBS) scripts/sanitize-python.sh $(SANITIZE_BUILD) tests/python

# The short runs of CI (.ci/run), both in one Clang tree ($(FUZZ_BUILD)/: ASan + UBSan, plus the
# coverage instrumentation of libFuzzer, which the tests ignore), so the library is compiled once:
#   sanitize-quick  the reader, workbook and core tests under ASan + UBSan (not the CLI, whose 13
#                   translation units take the longest of all to compile instrumented; `make
#                   sanitize` runs the CLI tests too)
#   fuzz-quick      each harness for $(FUZZ_QUICK_SECONDS) s
# libFuzzer harnesses (fuzz/): `make fuzz` runs each for $(FUZZ_RUNS) executions (or $(FUZZ_SECONDS)
# s if not 0, whichever ends first) from the seed corpus fuzz/make_corpus.py builds, and prints
# the executions and coverage reached; findings land in $(FUZZ_BUILD)/findings/.
FUZZ_CONFIGURE = cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
	  -DTIJIAN_FUZZ=ON -DTIJIAN_BUILD_TESTS=ON -DTIJIAN_BUILD_CLI=ON -DTIJIAN_INSTALL=OFF -DTIJIAN_OPENMP=OFF \
	  $(CMAKE_FLAGS) >/dev/null
SANITIZE_QUICK_TESTS = test_io test_xlsx test_core

sanitize-quick: deps
	@$(FUZZ_CONFIGURE)
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(SANITIZE_QUICK_TESTS)
	@cd $(FUZZ_BUILD)/tests && for t in $(SANITIZE_QUICK_TESTS); do \
	  $(SANITIZE_ENV) ./$$t --gtest_brief=1 || exit 1; done

fuzz: deps
	@$(FUZZ_CONFIGURE)
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_all
	@PYTHON=$(PYTHON) fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_RUNS) $(FUZZ_SECONDS)

fuzz-quick:
	@$(MAKE) --no-print-directory fuzz FUZZ_RUNS=$(FUZZ_QUICK_RUNS) FUZZ_SECONDS=$(FUZZ_QUICK_SECONDS)
