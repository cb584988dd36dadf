# Sourced by scripts (the demo): start_simulator [extra flags...] starts the built simulator on a
# free loopback port and sets SIM_PID, SIM_JSON (its first stdout line), SIM_BASE_URL,
# SIM_TEST_KEY, SIM_TEAM_KEY, SIM_LIVE_KEY (and the GN_* variables of scripts/lib/simulator.sh).
# stop_simulator stops it (also run on EXIT).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/simulator.sh
source "$ROOT/scripts/lib/simulator.sh"

start_simulator() {
  SIM_TMP="$(mktemp -d)"
  trap stop_simulator EXIT
  sim_start "$SIM_TMP" "$@"
}

stop_simulator() {
  sim_stop
  if [ -n "${SIM_TMP:-}" ]; then rm -rf "$SIM_TMP"; SIM_TMP=""; fi
}
