#!/usr/bin/env bash
# C part of `make demo` (expects NOTIFY_API_KEY and NOTIFY_BASE_URL from scripts/demo.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q -p govuk-notify-ffi
mkdir -p tests/c/build
cc -std=c11 -Wall -I include examples/c/demo.c -L target/debug -lgovuk_notify -o tests/c/build/demo
LD_LIBRARY_PATH=target/debug tests/c/build/demo
