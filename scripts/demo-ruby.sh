#!/usr/bin/env bash
# Ruby part of `make demo` (expects NOTIFY_API_KEY and NOTIFY_BASE_URL from scripts/demo.sh).
# Installs ruby and ruby-ffi (Debian packages) when missing and builds the C library the gem loads.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/lib/progress.sh
if ! ruby -e 'require "ffi"' >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  install_ruby() { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq ruby ruby-ffi; }
  phase "installing ruby and ruby-ffi (apt-get)" install_ruby
fi
phase "building libgovuk_notify (cargo, debug)" cargo build -p govuk-notify-ffi
echo "== Ruby (examples/ruby/demo.rb)"
GOVUK_NOTIFY_LIB="${CARGO_TARGET_DIR:-$ROOT/target}/debug/libgovuk_notify.so" \
  ruby -I bindings-ruby/lib examples/ruby/demo.rb
