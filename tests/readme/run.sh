#!/usr/bin/env bash
# The README's quick starts, run as written against the simulator (docs examples are tests). Builds
# what they need first: the simulator and libgovuk_notify (cargo, debug), the Python extension into
# .venv (maturin develop) and the Node addon (napi build), then runs tests/readme/run_quickstarts.py.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source scripts/lib/progress.sh

phase "building the simulator and libgovuk_notify (cargo, debug)" \
  cargo build -p govuk-notify-simulator -p govuk-notify-ffi
if [ ! -x .venv/bin/python ]; then phase "creating .venv" python3 -m venv .venv; fi
phase "installing maturin into .venv (pip)" .venv/bin/python -m pip install --disable-pip-version-check "maturin>=1.9.4,<2"
build_python() ( cd bindings-python && VIRTUAL_ENV="$ROOT/.venv" PATH="$ROOT/.venv/bin:$PATH" "$ROOT/.venv/bin/maturin" develop )
phase "building the Python extension (maturin develop)" build_python
if [ ! -f bindings-node/node_modules/.package-lock.json ]; then
  npm_ci() ( cd bindings-node && npm ci --no-audit --no-fund )
  phase "installing the Node build tools (npm ci)" npm_ci
fi
build_node() ( cd bindings-node && npx --no-install napi build --platform --js native.js --dts native.d.ts )
phase "building the Node addon (napi build, debug)" build_node

echo "== running the README's quick starts"
python3 tests/readme/run_quickstarts.py README.md
