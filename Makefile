# Two commands for a fresh machine:  make demo   and   make test
# Both install what is missing (scripts/install-deps.sh), build, and run.
BUILD ?= build
BENCH_BUILD ?= build-bench
JOBS ?= 2
PYTHON ?= python3
CMAKE_FLAGS ?=

.PHONY: all deps configure build python test test-cpp test-python demo format-check bench bench-python clean

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

# tj.score vs hand-written numpy vs pymcdm at 300 x 50, 10,000 x 60 and 1,000,000 x 60
bench-python: python
	@$(PYTHON) benchmarks/python/bench_vs_peers.py
	@$(PYTHON) benchmarks/python/bench_methods.py

clean:
	rm -rf $(BUILD) $(BENCH_BUILD)
