# Two commands for a fresh machine:  make demo   and   make test
# Both install what is missing (scripts/install-deps.sh), build, and run.
BUILD ?= build
BENCH_BUILD ?= build-bench
JOBS ?= 2
PYTHON ?= python3
CMAKE_FLAGS ?=

.PHONY: all deps configure build test demo bench clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DTIJIAN_BUILD_TESTS=ON \
	  -DTIJIAN_WARNINGS_AS_ERRORS=ON $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@if ls tests/python/test_*.py >/dev/null 2>&1; then $(PYTHON) -m pytest -q tests/python; fi

demo: build
	@$(BUILD)/tijian score \
	  --framework examples/green-city-synthetic/framework.toml \
	  --data examples/green-city-synthetic/data-synthetic.csv \
	  --recipe examples/green-city-synthetic/recipe.toml \
	  --out $(BUILD)/demo-result.json

bench: deps
	@cmake -S . -B $(BENCH_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DTIJIAN_BUILD_TESTS=OFF \
	  -DTIJIAN_BUILD_BENCHMARKS=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BENCH_BUILD) -j $(JOBS) --target bench_scoring
	@$(BENCH_BUILD)/benchmarks/bench_scoring

clean:
	rm -rf $(BUILD) $(BENCH_BUILD)
