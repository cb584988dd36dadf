#!/usr/bin/env bash
# Builds the x86_64-linux platform gem that carries libgovuk_notify.so.
#   bindings-ruby/build-gem.sh [LIBRARY] [OUTPUT_DIR]
# LIBRARY defaults to target/release/libgovuk_notify.so (build it with
# `cargo build --release -p govuk-notify-ffi`); OUTPUT_DIR to bindings-ruby/pkg. The gem is built
# from a copy of bindings-ruby, so the working tree is left as it was.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
LIB="${1:-${CARGO_TARGET_DIR:-$ROOT/target}/release/libgovuk_notify.so}"
OUT="${2:-$HERE/pkg}"
[ -f "$LIB" ] || { echo "no library at $LIB (cargo build --release -p govuk-notify-ffi)" >&2; exit 1; }
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp -R "$HERE/lib" "$HERE/sig" "$HERE/README.md" "$HERE/govuk-notify.gemspec" "$stage/"
cp "$ROOT/LICENSE" "$stage/LICENSE"
mkdir -p "$stage/lib/govuk_notify/native"
cp "$LIB" "$stage/lib/govuk_notify/native/libgovuk_notify.so"
mkdir -p "$OUT"
(cd "$stage" && gem build --quiet govuk-notify.gemspec >&2)
gem_file="$(cd "$stage" && ls govuk-notify-*.gem)"
mv "$stage/$gem_file" "$OUT/$gem_file"
echo "$OUT/$gem_file"
