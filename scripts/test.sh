#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs every test:
#   1. GoogleTest suite (normalizer, loader, engine, every rule example)   [ctest]
#   2. every rule's own examples through the CLI                           [anshin rules test]
#   3. JavaScript: schema of every pack, JS API (same-thread and worker),
#      CLI behaviour, native/WebAssembly parity                           [node --test]
#   4. the labelled corpus: precision and recall per category and field   [score.mjs --min]
#   5. the web app and the extension in headless Chromium                 [node --test tests/browser]
#   6. the whole native suite under AddressSanitizer + UBSan               [asan preset, ctest]
#   7. every libFuzzer target for a bounded time, regressions first       [tests/fuzz/run.sh]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

failed=()
passed=0
step() {
  local name=$1; shift
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  if "$@"; then echo "-- $name: ok"; passed=$((passed + 1)); else echo "-- $name: FAILED"; failed+=("$name"); fi
}

step "unit tests (GoogleTest)" ctest --test-dir build/native --output-on-failure -j"$(nproc 2>/dev/null || echo 2)"
step "rule examples (anshin rules test)" build/native/anshin rules test
step "JavaScript tests (node --test)" node --test --test-concurrency=1 tests/js/
step "corpus precision/recall" node tests/corpus/score.mjs --min "${ANSHIN_CORPUS_MIN:-0.95}"
step "web app and extension in Chromium" node --test --test-concurrency=1 tests/browser/
asan() {
  [ -f build/asan/CMakeCache.txt ] || cmake --preset asan >/dev/null
  cmake --build --preset asan -j"$(nproc 2>/dev/null || echo 2)" 2>&1 | grep -E "error|Error" || true
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/asan --output-on-failure -j"$(nproc 2>/dev/null || echo 2)"
}
step "native suite under ASan+UBSan" asan
step "fuzzing (${ANSHIN_FUZZ_SECONDS:-20}s per target)" tests/fuzz/run.sh

echo
if ((${#failed[@]})); then echo "FAILED: ${failed[*]}"; else echo "all test steps passed"; fi
echo "steps: $passed passed, ${#failed[@]} failed"
((${#failed[@]} == 0))
