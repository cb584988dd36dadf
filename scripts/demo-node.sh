#!/usr/bin/env bash
# Node part of `make demo` (expects NOTIFY_API_KEY and NOTIFY_BASE_URL from scripts/demo.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/progress.sh
if [ ! -f bindings-node/node_modules/.package-lock.json ]; then
  npm_ci() ( cd bindings-node && npm ci --no-audit --no-fund )
  phase "installing the Node build tools (npm ci)" npm_ci
fi
build_addon() ( cd bindings-node && npx --no-install napi build --platform --js native.js --dts native.d.ts )
phase "building the Node addon (napi build, debug)" build_addon
echo "== Node (examples/node/demo.js)"
node examples/node/demo.js
