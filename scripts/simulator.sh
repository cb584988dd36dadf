# Sourced by scripts: start_simulator [extra flags...] starts the built simulator on a free
# loopback port and sets SIM_PID, SIM_JSON (its first stdout line), SIM_BASE_URL, SIM_TEST_KEY,
# SIM_TEAM_KEY, SIM_LIVE_KEY. stop_simulator stops it (also run on EXIT).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIM_BIN="${GOVUK_NOTIFY_SIMULATOR:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/govuk-notify-simulator}"

json_field() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); 
for k in sys.argv[2].split("."): d=d[k]
print(d)' "$1" "$2"; }

start_simulator() {
  SIM_OUT="$(mktemp)"
  "$SIM_BIN" --port 0 --json "$@" >"$SIM_OUT" 2>"$SIM_OUT.err" &
  SIM_PID=$!
  trap stop_simulator EXIT
  for _ in $(seq 1 200); do
    if [ -s "$SIM_OUT" ] && head -n1 "$SIM_OUT" | grep -q '}'; then break; fi
    if ! kill -0 "$SIM_PID" 2>/dev/null; then cat "$SIM_OUT.err" >&2; echo "simulator exited" >&2; return 1; fi
    sleep 0.05
  done
  SIM_JSON="$(head -n1 "$SIM_OUT")"
  SIM_BASE_URL="$(json_field "$SIM_JSON" base_url)"
  SIM_TEST_KEY="$(json_field "$SIM_JSON" keys.test)"
  SIM_TEAM_KEY="$(json_field "$SIM_JSON" keys.team)"
  SIM_LIVE_KEY="$(json_field "$SIM_JSON" keys.live)"
  export SIM_JSON SIM_BASE_URL SIM_TEST_KEY SIM_TEAM_KEY SIM_LIVE_KEY
}

stop_simulator() {
  if [ -n "${SIM_PID:-}" ]; then kill "$SIM_PID" 2>/dev/null; wait "$SIM_PID" 2>/dev/null; SIM_PID=""; fi
  rm -f "${SIM_OUT:-}" "${SIM_OUT:-}.err"
}
