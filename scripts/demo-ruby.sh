#!/usr/bin/env bash
# Ruby part of `make demo` (expects NOTIFY_API_KEY and NOTIFY_BASE_URL from scripts/demo.sh).
# Installs ruby and ruby-ffi (Debian packages) when missing and builds the C library the gem loads.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
if ! ruby -e 'require "ffi"' >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  log="$(mktemp)"
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq ruby ruby-ffi; } >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
  fi
  rm -f "$log"
fi
cargo build -q -p govuk-notify-ffi
GOVUK_NOTIFY_LIB="${CARGO_TARGET_DIR:-$ROOT/target}/debug/libgovuk_notify.so" \
  ruby -I bindings-ruby/lib examples/ruby/demo.rb
