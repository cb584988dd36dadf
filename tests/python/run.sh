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
    # The wheel users install: manylinux_2_17 (manylinux2014) x86_64, so it installs on every
    # Linux that government services run (RHEL/CentOS 7 and newer, Debian, Ubuntu, Amazon Linux).
    # maturin links it with zig against glibc 2.17's symbols (ziglang from PyPI); auditwheel then
    # checks the symbol versions and the shared libraries it needs. Debug profile: the same code
    # as the release wheel, without a second optimised build of the whole tree in the test run.
    echo "==> manylinux2014 wheel (maturin build --zig), checked by auditwheel"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "ziglang>=0.13,<0.16" "auditwheel>=6.1,<7"
    WORK="$(mktemp -d)"
    trap 'rm -rf "$WORK"' EXIT
    (cd bindings-python && PATH="$VENV/bin:$PATH" "$VENV/bin/maturin" build --quiet --profile dev \
        --zig --compatibility manylinux2014 --target x86_64-unknown-linux-gnu --out "$WORK/dist")
    (cd bindings-python && "$VENV/bin/maturin" sdist --out "$WORK/sdist" >/dev/null)
    "$VENV/bin/python" tests/python/check_dist.py "$WORK/dist" "$WORK/sdist"

    # The issue's definition of done: `pip install` of the built wheel into a clean venv, then an
    # existing notifications-python-client program runs with only its imports changed.
    echo "==> wheel into a clean venv, then the migration test with that interpreter"
    "$PYTHON" -m venv "$WORK/clean"
    "$WORK/clean/bin/python" -m pip install --quiet --disable-pip-version-check --no-index "$WORK"/dist/govuk_notify-*.whl
    "$WORK/clean/bin/python" -c 'import govuk_notify, sys; assert "notifications_python_client" not in sys.modules'
    MIGRATION_PYTHON="$WORK/clean/bin/python" "$VENV/bin/python" -m pytest tests/python/test_migration.py -q -p no:cacheprovider
fi
