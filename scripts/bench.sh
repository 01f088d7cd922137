#!/usr/bin/env bash
# Benchmarks (not tests): builds what they need, then prints the table and the budgets.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --build --preset native --target anshin_bench -j"$(nproc)" 2>&1 | grep -E "error" || true
node tests/bench/bench.mjs "$@"
