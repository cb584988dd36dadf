#!/usr/bin/env bash
# Python binding tests: builds the simulator and the extension (maturin develop, debug), then runs
# pytest. Works from a fresh clone: everything is installed into the repo-local, gitignored .venv.
# Extra arguments go to pytest (e.g. tests/python/run.sh -k async -x).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"

if [ ! -x "$VENV/bin/python" ]; then
    echo "==> creating $VENV"
    "$PYTHON" -m venv "$VENV"
fi
echo "==> installing maturin and test requirements"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "maturin>=1.9.4,<2" -r tests/python/requirements.txt

echo "==> building the simulator"
cargo build --quiet -p govuk-notify-simulator

echo "==> building and installing the extension (maturin develop)"
(cd bindings-python && VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" "$VENV/bin/maturin" develop --quiet)

echo "==> pytest"
export GOVUK_NOTIFY_SIMULATOR="$ROOT/target/debug/govuk-notify-simulator"
exec "$VENV/bin/python" -m pytest tests/python -q -p no:cacheprovider "$@"
