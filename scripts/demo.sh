#!/usr/bin/env bash
# `make demo`: builds what is needed, starts the simulator on a free loopback port, and sends a
# text, an email, a file, a letter and a precompiled letter from Rust, C, Python and Node, then
# reads their status. Stops the simulator at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/simulator.sh

echo "== building (debug)"
cargo build -q -p govuk-notify-simulator -p govuk-notify --example demo

start_simulator --pdf-delay-ms 0
echo "== simulator at $SIM_BASE_URL (test key: $SIM_TEST_KEY)"
export NOTIFY_BASE_URL="$SIM_BASE_URL" NOTIFY_API_KEY="$SIM_TEST_KEY"

echo "== Rust (core/examples/demo.rs)"
"${CARGO_TARGET_DIR:-target}/debug/examples/demo"

if [ -x scripts/demo-c.sh ]; then echo "== C (examples/c)"; scripts/demo-c.sh; fi
if [ -x scripts/demo-python.sh ]; then echo "== Python (examples/python)"; scripts/demo-python.sh; fi
if [ -x scripts/demo-node.sh ]; then echo "== Node (examples/node)"; scripts/demo-node.sh; fi
if [ -x scripts/demo-dotnet.sh ]; then echo "== .NET (examples/dotnet)"; scripts/demo-dotnet.sh; fi
echo "== done"
