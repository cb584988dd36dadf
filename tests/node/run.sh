#!/usr/bin/env bash
# Node binding tests: builds the simulator and the addon from source (debug), installs the npm
# dev dependencies into bindings-node/node_modules, checks the generated native typings are the
# committed ones, lints the crate, and runs every node:test file in bindings-node/__test__/.
# Works from a fresh clone with Rust, Node 20+ and npm. Exits non-zero on any failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PKG="$ROOT/bindings-node"
cd "$ROOT"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

command -v node >/dev/null || { echo "node is required (20.17 or newer)" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is required" >&2; exit 1; }
# 20.17: the oldest Node the build tools (@napi-rs/cli and its prompts) support without EBADENGINE.
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 17) ? 0 : 1)' \
  || { echo "Node 20.17 or newer is required (found $(node --version))" >&2; exit 1; }

echo "==> cargo build -p govuk-notify-simulator"
cargo build -p govuk-notify-simulator

echo "==> npm dependencies (bindings-node/node_modules)"
cd "$PKG"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

echo "==> napi build (debug, target dir $CARGO_TARGET_DIR)"
SAVED="$(mktemp -d)"
trap 'rm -rf "$SAVED"' EXIT
for f in native.js native.d.ts; do [ -f "$f" ] && cp "$f" "$SAVED/$f"; done
npx --no-install napi build --platform --js native.js --dts native.d.ts
for f in native.js native.d.ts; do
  if [ -f "$SAVED/$f" ] && ! cmp -s "$SAVED/$f" "$f"; then
    diff -u "$SAVED/$f" "$f" || true
    echo "bindings-node/$f changed when regenerated from src/lib.rs: commit the regenerated file" >&2
    exit 1
  fi
done

echo "==> cargo fmt / clippy / test (govuk-notify-node)"
cd "$ROOT"
cargo fmt -p govuk-notify-node --check
cargo clippy -p govuk-notify-node --all-targets -- -D warnings
cargo test -p govuk-notify-node --quiet

echo "==> node --test (bindings-node/__test__)"
cd "$PKG"
node --test --test-reporter=spec __test__/

echo "==> node --test (tests/node: cross-cutting tests, e.g. the secret sweep)"
node --test --test-reporter=spec "$ROOT"/tests/node/*.test.js
