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
"$VENV/bin/python" -m pytest tests/python -q -p no:cacheprovider "$@"

if [ "$#" -eq 0 ]; then
    # The issue's definition of done: `pip install` of the built wheel into a clean venv, then an
    # existing notifications-python-client program runs with only its imports changed.
    echo "==> wheel into a clean venv, then the migration test with that interpreter"
    WORK="$(mktemp -d)"
    trap 'rm -rf "$WORK"' EXIT
    (cd bindings-python && "$VENV/bin/maturin" build --quiet --profile dev --out "$WORK/dist")
    "$PYTHON" -m venv "$WORK/clean"
    "$WORK/clean/bin/python" -m pip install --quiet --disable-pip-version-check --no-index "$WORK"/dist/govuk_notify-*.whl
    "$WORK/clean/bin/python" -c 'import govuk_notify, sys; assert "notifications_python_client" not in sys.modules'
    MIGRATION_PYTHON="$WORK/clean/bin/python" "$VENV/bin/python" -m pytest tests/python/test_migration.py -q -p no:cacheprovider
fi
