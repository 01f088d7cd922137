#!/usr/bin/env bash
# Builds the fuzz preset and runs every libFuzzer target for a bounded time
# (ANSHIN_FUZZ_SECONDS, default 20 each) from seeds made from the tests, after
# replaying the saved regression inputs (tests/fuzz/regressions/<target>/).
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${ANSHIN_FUZZ_SECONDS:-20}
[ -f build/fuzz/CMakeCache.txt ] || cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$(nproc)" 2>&1 | grep -E "error|Error" || true
rm -rf build/fuzz/seeds && node tests/fuzz/make_seeds.mjs build/fuzz/seeds >/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in normalize check pack thread; do
  bin=build/fuzz/fuzz_$t
  reg=tests/fuzz/regressions/$t
  if [ -d "$reg" ] && [ -n "$(ls -A "$reg")" ]; then
    "$bin" "$reg"/* >/dev/null 2>&1 || { echo "fuzz_$t: a saved regression input fails again"; "$bin" "$reg"/*; exit 1; }
  fi
  work=build/fuzz/corpus-$t
  mkdir -p "$work"
  echo "fuzz_$t: ${secs}s"
  "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix=build/fuzz/crash-$t- "$work" build/fuzz/seeds/$t 2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|ERROR|SUMMARY" || true
  if ls build/fuzz/crash-$t-* >/dev/null 2>&1; then
    echo "fuzz_$t found a crash: $(ls build/fuzz/crash-$t-*) — fix it and keep the input in $reg/"
    exit 1
  fi
done
echo "fuzzing: no crash"
