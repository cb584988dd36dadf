#!/usr/bin/env bash
# Node part of `make demo` (expects NOTIFY_API_KEY and NOTIFY_BASE_URL from scripts/demo.sh).
set -euo pipefail
cd "$(dirname "$0")/../bindings-node"
[ -f node_modules/.package-lock.json ] || npm ci --no-audit --no-fund --silent
npx --no-install napi build --platform --js native.js --dts native.d.ts >/dev/null 2>&1
cd ..
node examples/node/demo.js
