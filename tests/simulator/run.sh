#!/usr/bin/env bash
# Drives the simulator with the OFFICIAL notifications-python-client (the oracle for wire
# compatibility). Creates .venv at the repo root if missing and installs the requirements there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q -r tests/simulator/requirements.txt
cargo build -q -p govuk-notify-simulator
cd tests/simulator
exec "$ROOT/.venv/bin/python" -m pytest -q -p no:cacheprovider
