#!/usr/bin/env bash
# Sets up everything Anshin needs on a fresh Debian/Ubuntu machine and builds it:
# apt packages, npm packages (pinned in package-lock.json), the native build
# (library, CLI, tests) and the WebAssembly package. Idempotent: a second run only
# rebuilds what changed.
#
#   scripts/setup.sh            # everything
#   ANSHIN_SKIP_WASM=1 scripts/setup.sh   # native only (faster inner loop)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- apt -------------------------------------------------------------------------------
APT_PACKAGES=(
  cmake make g++ clang                 # native build, asan preset, fuzzers
  libclang-rt-dev                      # libFuzzer / sanitizer runtimes for clang
  emscripten                           # WebAssembly build (3.1.6 on Debian 12)
  nlohmann-json3-dev                   # JSON
  libgtest-dev libbenchmark-dev        # tests and benchmarks
  nodejs npm                           # JS API tests, web build, scorer
  chromium                             # browser tests (Playwright drives Debian's Chromium)
  fonts-noto-cjk                       # Japanese text in browser screenshots
  brotli gzip                          # size report
  ca-certificates git
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A machine that already has Node.js from elsewhere keeps it.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  tmp=(); for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || tmp+=("$p"); done; missing=("${tmp[@]}")
fi
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- npm ---------------------------------------------------------------------------------
# RE2 and Abseil sources come from the npm package re2 (its install script builds a Node
# addon we don't want: --ignore-scripts).
stamp=node_modules/.anshin-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  log "npm ci --ignore-scripts"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

JOBS=$(nproc 2>/dev/null || echo 2)

# --- native ------------------------------------------------------------------------------
log "native build (build/native)"
[ -f build/native/CMakeCache.txt ] || cmake --preset native >/dev/null
cmake --build --preset native -j"$JOBS" 2>&1 | grep -E "error|warning: |Error" || true
test -x build/native/anshin

# --- WebAssembly ----------------------------------------------------------------------
if [ -z "${ANSHIN_SKIP_WASM:-}" ]; then
  log "WebAssembly build (build/wasm/pkg)"
  # Emscripten's JS optimizer needs acorn, which Debian installs outside Node's path.
  export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
  [ -f build/wasm/CMakeCache.txt ] || cmake --preset wasm >/dev/null
  cmake --build --preset wasm -j"$JOBS" --target anshin_pkg 2>&1 | grep -E "error|warning: |Error" || true
  test -f build/wasm/pkg/anshin_wasm.wasm
fi
# --- web app and extension -------------------------------------------------------------
if [ -z "${ANSHIN_SKIP_WASM:-}" ]; then
  log "web app and extension (build/web, build/extension)"
  node web/build.mjs >/dev/null
fi
log "setup done"
