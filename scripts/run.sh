#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs Anshin's main job: checks the sample
# job post and message with the native CLI. (The web app replaces this once built.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo
echo "== sample job post (examples/post.txt) =="
build/native/anshin check --kind post examples/post.txt || true
echo
echo "== sample message (examples/message.txt), before escrow =="
build/native/anshin check --kind message --stage before_escrow examples/message.txt || true
