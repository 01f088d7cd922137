#!/usr/bin/env bash
# Instruction counts (callgrind: repeatable on a noisy machine) for one warm check of a
# file, and for start-up plus the first check. Usage:
#   tests/bench/instructions.sh [FILE] [post|message]
# With ANSHIN_BENCH_EDIT=1, each check edits one line and the line cache is on.
set -euo pipefail
cd "$(dirname "$0")/../.."
file=${1:-build/bench/texts/doc35000.txt}
export ANSHIN_BENCH_FILE=$file ANSHIN_BENCH_KIND=${2:-post}
count() {
  local out
  out=$(mktemp -d)
  ANSHIN_BENCH_CHECKS=$1 valgrind --tool=callgrind --callgrind-out-file="$out/cg" build/native/anshin_bench \
    --benchmark_filter='BM_File$' --benchmark_min_time=0 >/dev/null 2>&1
  callgrind_annotate "$out/cg" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
  rm -rf "$out"
}
one=$(count 1)
six=$(count 6)
echo "start-up + first check: $((one / 1000000)) M instructions"
echo "each further check:     $(((six - one) / 5 / 1000000)) M instructions"
