#!/usr/bin/env bash
# Runs every fuzz harness (fuzz/) on its seed corpus and prints what each reached.
#   fuzz/run.sh BUILD_DIR RUNS [SECONDS]
# Each harness runs until RUNS executions or SECONDS seconds (0: no time limit), whichever comes
# first, with a fixed seed (-seed=1: a CI run is repeatable). Before that, each harness replays its
# saved regression inputs (tests/fuzz/regressions/<harness>/, inputs that once failed).
# Corpora grow in BUILD_DIR/corpus/<harness> (seeded by fuzz/make_corpus.py, kept between runs);
# a finding (crash, non-tijian exception, sanitizer report, leak, timeout > 10 s, > 2 GB) is saved
# as BUILD_DIR/findings/<harness>-crash-... and makes the script exit 1 after the other harnesses.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:?build directory}
RUNS=${2:?executions per harness}
SECONDS_LIMIT=${3:-0}
PYTHON=${PYTHON:-python3}
HARNESSES=(panel_csv text_grid imeta framework_toml recipe_toml targets_toml xlsx)

"$PYTHON" fuzz/make_corpus.py "$BUILD/seeds" >/dev/null || exit 1
mkdir -p "$BUILD/findings" "$BUILD/logs"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
status=0
printf '%-15s %10s %8s %8s %7s %6s  %s\n' harness executions cov ft corpus secs result
for h in "${HARNESSES[@]}"; do
  exe="$BUILD/fuzz/fuzz_$h"
  [ -x "$exe" ] || { echo "fuzz/run.sh: $exe not built (make fuzz builds it)"; exit 1; }
  regressions=tests/fuzz/regressions/$h
  if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
    if ! "$exe" "$regressions"/* >"$BUILD/logs/$h-regressions.log" 2>&1; then
      echo "$h: a saved regression input fails again (see $BUILD/logs/$h-regressions.log)"
      status=1
    fi
  fi
  mkdir -p "$BUILD/corpus/$h"
  start=$(date +%s)
  "$exe" "$BUILD/corpus/$h" "$BUILD/seeds/$h" -dict="$BUILD/seeds/$h.dict" -runs="$RUNS" \
    -max_total_time="$SECONDS_LIMIT" -seed=1 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$BUILD/findings/$h-" >"$BUILD/logs/$h.log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  # the last status line: "#123456 DONE cov: 2345 ft: 6789 corp: 321/45Kb ..."
  last=$(grep -E '^#[0-9]+' "$BUILD/logs/$h.log" | tail -1)
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$BUILD/logs/$h.log" | grep -oE '[0-9]+$')
  cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+')
  ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+')
  corp=$(grep -oE 'corp: [0-9]+' <<<"$last" | grep -oE '[0-9]+')
  result=ok
  if [ $rc -ne 0 ]; then result="FINDING (see $BUILD/logs/$h.log)"; status=1; fi
  printf '%-15s %10s %8s %8s %7s %6s  %s\n' "$h" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$secs" "$result"
done
exit $status
