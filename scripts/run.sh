#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh), shows the CLI on the sample post and message,
# then builds the web app and the browser extension (node web/build.mjs) and serves the
# app on http://127.0.0.1:${ANSHIN_PORT:-8080}/ until Ctrl+C.
#
#   scripts/run.sh                    # port 8080
#   ANSHIN_PORT=9000 scripts/run.sh   # another port (0: any free port)
#
# The unpacked extension is in build/extension/ (chrome://extensions → Load unpacked).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo
echo "== sample job post (examples/post.txt) =="
build/native/anshin check --kind post examples/post.txt || true
echo
echo "== sample message (examples/message.txt), before escrow =="
build/native/anshin check --kind message --stage before_escrow examples/message.txt || true
echo
echo "== web app and extension =="
node web/build.mjs
echo "The extension is in build/extension/ (load it unpacked in Chromium)."
exec node web/serve.mjs --port "${ANSHIN_PORT:-8080}"
