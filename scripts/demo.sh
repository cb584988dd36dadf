#!/usr/bin/env bash
# `make demo`: builds what is needed, starts the simulator on a free loopback port, and sends a
# text, an email, a file, a letter and a precompiled letter from Rust, C, Python and Node (and the
# other bindings that have a scripts/demo-<language>.sh), then reads their status. Stops the
# simulator at the end. Each build phase prints one line, and its output only if it fails
# (VERBOSE=1 shows everything).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/progress.sh
source scripts/simulator.sh

TARGET="${CARGO_TARGET_DIR:-target}"
# Two builds: naming `--example` for one package would limit the other package to examples too,
# and the simulator's binary would not be built.
phase "building the simulator (cargo, debug)" cargo build -p govuk-notify-simulator --bin govuk-notify-simulator
phase "building the Rust demo (cargo, debug)" cargo build -p govuk-notify --example demo

start_simulator --pdf-delay-ms 0
echo "== simulator at $SIM_BASE_URL (test key: $SIM_TEST_KEY)"
export NOTIFY_BASE_URL="$SIM_BASE_URL" NOTIFY_API_KEY="$SIM_TEST_KEY"

echo "== Rust (core/examples/demo.rs)"
"$TARGET/debug/examples/demo"

for lang in c python node ruby dotnet; do
  if [ -x "scripts/demo-$lang.sh" ]; then "scripts/demo-$lang.sh"; fi
done
echo "== done: every language sent and read back its messages"
