#!/usr/bin/env bash
# Python part of `make demo` (expects NOTIFY_API_KEY and NOTIFY_BASE_URL from scripts/demo.sh).
# Builds the extension into the repo-local .venv with maturin, as the tests do.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/lib/progress.sh
if [ ! -x .venv/bin/python ]; then phase "creating .venv" python3 -m venv .venv; fi
phase "installing maturin into .venv (pip)" .venv/bin/python -m pip install --disable-pip-version-check "maturin>=1.9.4,<2"
build_extension() (
  cd bindings-python && VIRTUAL_ENV="$ROOT/.venv" PATH="$ROOT/.venv/bin:$PATH" "$ROOT/.venv/bin/maturin" develop
)
phase "building the Python extension (maturin develop, debug)" build_extension
echo "== Python (examples/python/demo.py)"
.venv/bin/python examples/python/demo.py
