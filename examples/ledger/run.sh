#!/bin/sh
# The problem ledger over three years (examples/ledger/README.md). Usage:
#   TIJIAN=build/tijian sh examples/ledger/run.sh OUTDIR
# 2021: Qingdao's REAL reported values (seed 001); 2022, 2023, the survey and the housing
# finding: SYNTHETIC. Writes OUTDIR/ledger.sqlite, the checks, the lists and indicator 60.
set -eu
TJ=${TIJIAN:-tijian}
HERE=$(dirname "$0")
OUT=${1:-ledger-example}
mkdir -p "$OUT"
L="$OUT/ledger.sqlite"
rm -f "$L"
"$TJ" ledger init "$L"

echo "== 2021 (REAL values, seed 001; survey and housing SYNTHETIC)"
"$TJ" check -f green-city -t qingdao-2022 -d "$HERE/../green-city/qingdao-2021-reported.csv" -o "$OUT/check-2021.json" -q
"$TJ" ledger update "$L" -p "$OUT/check-2021.json" --as-of 2021-08-31 --who 体检工作专班
"$TJ" ledger update "$L" -p "$HERE/housing-2021-synthetic.csv" --as-of 2021-08-31 --who 体检工作专班 -q
"$TJ" ledger update "$L" -p "$HERE/residents-2021-synthetic.csv" --source residents --as-of 2021-08-31 --who 体检工作专班 -q
"$TJ" ledger export "$L" -o "$OUT/lists-2021.csv" --bom
"$TJ" ledger import "$L" -i "$HERE/edits-2021-09.csv" --as-of 2021-09-15 --who 住建局
"$TJ" ledger import "$L" -i "$HERE/edits-2021-12.csv" --as-of 2021-12-20 --who 合成区人民政府

echo "== 2022 (SYNTHETIC)"
"$TJ" check -f green-city -t qingdao-2022 -d "$HERE/qingdao-2022-synthetic.csv" -o "$OUT/check-2022.json" -q
"$TJ" ledger update "$L" -p "$OUT/check-2022.json" --as-of 2022-08-31 --who 体检工作专班 -o "$OUT/update-2022.csv"
"$TJ" ledger import "$L" -i "$HERE/edits-2022-10.csv" --as-of 2022-10-20 --who 住建局

echo "== 2023 (SYNTHETIC)"
"$TJ" check -f green-city -t qingdao-2022 -d "$HERE/qingdao-2023-synthetic.csv" -o "$OUT/check-2023.json" -q
"$TJ" ledger update "$L" -p "$OUT/check-2023.json" --as-of 2023-08-31 --who 体检工作专班
"$TJ" ledger update "$L" -p "$HERE/residents-2023-synthetic.csv" --source residents --as-of 2023-08-31 --who 体检工作专班

echo "== the ledger after three years, with its history (回头看)"
"$TJ" ledger list "$L" --history
"$TJ" ledger export "$L" -o "$OUT/lists.csv" --bom
"$TJ" ledger export "$L" --what completion --year 2023 --as-of 2023-08-31 -o "$OUT/completion-2023.csv" --bom
"$TJ" ledger export "$L" --what supervision -o "$OUT/supervision.csv" --bom
