# Sourced (not run) by every script that needs a simulator: scripts/simulator.sh (the demo),
# tests/c/run.sh, tests/c/run-asan.sh and tests/faults/setup.sh (the fault matrix and the soak).
# One way to start it, wait for it and describe it to the programs under test.
#
#   sim_start DIR [flags...]  starts the built simulator on a free loopback port with
#                             `--port 0 --json [flags...]`, its stdout/stderr in DIR/simulator.out
#                             and DIR/simulator.err; waits (up to 30 s) for its first JSON line;
#                             sets SIM_PID and exports SIM_JSON (that line), SIM_BASE_URL,
#                             SIM_TEST_KEY, SIM_TEAM_KEY, SIM_LIVE_KEY and the GN_* variables the C
#                             test programs read (GN_BASE_URL, GN_CONTROL_URL, GN_SERVICE_ID,
#                             GN_KEY_TEST/TEAM/LIVE, GN_TPL_SMS/EMAIL/EMAIL_FILE/LETTER/SMS_VERSIONED,
#                             GN_SMS_SENDER_ID, GN_EMAIL_REPLY_TO_ID). On failure prints the
#                             simulator's stderr and returns 1.
#   sim_stop                  stops it (safe to call twice, or when none was started).
#
# The binary is $GOVUK_NOTIFY_SIMULATOR, else target/debug/govuk-notify-simulator (honouring
# CARGO_TARGET_DIR); build it first with `cargo build -p govuk-notify-simulator`. Needs python3 (to
# read the JSON line). The caller sets its own EXIT trap (e.g. `trap sim_stop EXIT`).

GN_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

sim_bin() {
  echo "${GOVUK_NOTIFY_SIMULATOR:-${CARGO_TARGET_DIR:-$GN_REPO_ROOT/target}/debug/govuk-notify-simulator}"
}

sim_start() {
  local dir="$1"
  shift
  mkdir -p "$dir"
  # Remove the previous run's output first: the redirection below truncates it only once the
  # background process starts, so the wait loop could otherwise read a stale address.
  rm -f "$dir/simulator.out" "$dir/simulator.err"
  "$(sim_bin)" --port 0 --json "$@" >"$dir/simulator.out" 2>"$dir/simulator.err" &
  SIM_PID=$!
  local _
  for _ in $(seq 1 300); do
    # A complete first line (it ends with a newline), not a partly written one.
    if [ -s "$dir/simulator.out" ] && [ "$(wc -l <"$dir/simulator.out")" -ge 1 ]; then break; fi
    kill -0 "$SIM_PID" 2>/dev/null || break
    sleep 0.1
  done
  local vars
  if ! vars="$(head -n 1 "$dir/simulator.out" | python3 -c '
import json, shlex, sys
line = sys.stdin.readline().strip()
s = json.loads(line)
env = {
    "SIM_JSON": line, "SIM_BASE_URL": s["base_url"],
    "SIM_TEST_KEY": s["keys"]["test"], "SIM_TEAM_KEY": s["keys"]["team"], "SIM_LIVE_KEY": s["keys"]["live"],
    "GN_BASE_URL": s["base_url"], "GN_CONTROL_URL": s["control_url"], "GN_SERVICE_ID": s["service_id"],
    "GN_KEY_TEST": s["keys"]["test"], "GN_KEY_TEAM": s["keys"]["team"], "GN_KEY_LIVE": s["keys"]["live"],
    "GN_TPL_SMS": s["templates"]["sms"], "GN_TPL_EMAIL": s["templates"]["email"],
    "GN_TPL_EMAIL_FILE": s["templates"]["email_file"], "GN_TPL_LETTER": s["templates"]["letter"],
    "GN_TPL_SMS_VERSIONED": s["templates"]["sms_versioned"],
    "GN_SMS_SENDER_ID": s["sms_sender_id"], "GN_EMAIL_REPLY_TO_ID": s["email_reply_to_id"],
}
for k, v in env.items():
    print("export %s=%s" % (k, shlex.quote(v)))
' 2>/dev/null)"; then
    echo "the simulator ($(sim_bin)) did not start; its stderr:" >&2
    cat "$dir/simulator.err" >&2
    sim_stop
    return 1
  fi
  eval "$vars"
}

sim_stop() {
  if [ -n "${SIM_PID:-}" ]; then
    kill "$SIM_PID" 2>/dev/null
    wait "$SIM_PID" 2>/dev/null
    SIM_PID=""
  fi
  return 0
}
