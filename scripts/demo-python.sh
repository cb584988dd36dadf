#!/usr/bin/env bash
# Python part of `make demo` (expects NOTIFY_API_KEY and NOTIFY_BASE_URL from scripts/demo.sh).
# Builds the extension into the repo-local .venv with maturin, as the tests do.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check "maturin>=1.9.4,<2"
(cd bindings-python && VIRTUAL_ENV="$ROOT/.venv" PATH="$ROOT/.venv/bin:$PATH" "$ROOT/.venv/bin/maturin" develop --quiet) >/dev/null 2>&1
.venv/bin/python examples/python/demo.py
