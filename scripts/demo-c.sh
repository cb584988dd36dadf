#!/usr/bin/env bash
# C part of `make demo` (expects NOTIFY_API_KEY and NOTIFY_BASE_URL from scripts/demo.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/progress.sh
TARGET="${CARGO_TARGET_DIR:-target}"
phase "building libgovuk_notify (cargo, debug)" cargo build -p govuk-notify-ffi
mkdir -p "$TARGET/demo"
phase "compiling examples/c/demo.c" cc -std=c11 -Wall -Wextra -I include examples/c/demo.c -L "$TARGET/debug" -lgovuk_notify -o "$TARGET/demo/demo-c"
echo "== C (examples/c/demo.c)"
LD_LIBRARY_PATH="$TARGET/debug" "$TARGET/demo/demo-c"
