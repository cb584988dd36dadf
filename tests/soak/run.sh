#!/usr/bin/env bash
# Concurrency and fork soak (issue #8): one client shared by 16 threads x 2000 calls in C
# (pthreads) and Python (threading), 500 concurrent promises x 10 waves in Node, and a Python
# client created before os.fork() used by 4 children at once (2000 calls each). Every run must
# have 0 errors, finish before its watchdog (a deadlock fails it), and keep its peak RSS
# (getrusage ru_maxrss) under SOAK_RSS_LIMIT_MIB (default 300). Calls alternate: send a text
# message, read that notification back.
#
#   tests/soak/run.sh                # LONG mode (the sizes above)
#   SOAK_SHORT=1 tests/soak/run.sh   # SHORT mode: 16 threads x 100 calls, 100 promises x 1 wave,
#                                    # 4 children x 20 calls (for the test command; < 60 s)
#
# The simulator runs with --rate-limit 100000000 --daily-limit 100000000 --status-delay-ms 0 on
# a free 127.0.0.1 port. Prints one figures line per soak and "N passed, N failed"; exits non-zero
# on any failure. Works from a fresh clone (see tests/faults/setup.sh for what it builds).
# The C soak also runs under valgrind with 16 threads x 20 calls (leaks and invalid accesses are
# errors; SOAK_VALGRIND=0 skips it).
# Environment: SOAK_WATCHDOG_S (default 300 long, 60 short) per soak; SOAK_RSS_LIMIT_MIB.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/tests/soak"
BUILD="$HERE/build"
cd "$ROOT"
# shellcheck source=../faults/setup.sh
source "$ROOT/tests/faults/setup.sh"
mkdir -p "$BUILD"
script_started=$SECONDS

if [ "${SOAK_SHORT:-0}" = 1 ]; then
  MODE=short
  export SOAK_THREADS=16 SOAK_CALLS=100 SOAK_PROMISES=100 SOAK_WAVES=1 SOAK_CHILDREN=4 SOAK_FORK_CALLS=20
  export SOAK_WATCHDOG_S="${SOAK_WATCHDOG_S:-60}"
else
  MODE=long
  export SOAK_THREADS=16 SOAK_CALLS=2000 SOAK_PROMISES=500 SOAK_WAVES=10 SOAK_CHILDREN=4 SOAK_FORK_CALLS=2000
  export SOAK_WATCHDOG_S="${SOAK_WATCHDOG_S:-300}"
fi
export SOAK_RSS_LIMIT_MIB="${SOAK_RSS_LIMIT_MIB:-300}"

passed=0
failed=0
failures=()
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); failures+=("$1"); echo "not ok - $1"; }
trap 'stop_simulator' EXIT

tools=()
[ "${SOAK_VALGRIND:-1}" != 0 ] && tools+=(valgrind)
ensure_apt "${tools[@]}" || { echo "could not install a C compiler / valgrind"; echo "0 passed, 1 failed"; exit 1; }
build_rust || { echo "cargo build failed"; echo "0 passed, 1 failed"; exit 1; }
ensure_python || fail "build the Python extension"
ensure_node || fail "build the Node addon"
CFLAGS=(-std=c11 -g -O0 -Wall -Wextra -Werror -pthread -I"$ROOT/include" -I"$ROOT/tests/c")
cc "${CFLAGS[@]}" "$HERE/soak.c" -o "$BUILD/soak" -L"$LIBDIR" -lgovuk_notify -pthread || fail "compile soak.c"
export LD_LIBRARY_PATH="$LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

start_simulator "$BUILD/sim" --rate-limit 100000000 --daily-limit 100000000 \
  || { echo "0 passed, 1 failed"; exit 1; }
echo "==> soak ($MODE mode) against $GN_BASE_URL"
soak_started=$SECONDS

: >"$BUILD/results.jsonl"
# Runs one soak: $1 = label, rest = command. The command's own watchdog fires first; timeout(1)
# (watchdog + 30 s) is the backstop.
run_soak() {
  local label="$1"
  shift
  local log="$BUILD/$label.log"
  timeout $((SOAK_WATCHDOG_S + 30)) "$@" >"$log" 2>&1
  local status=$?
  local result
  result="$(grep -E '^SOAK_RESULT ' "$log" | tail -n 1 | sed 's/^SOAK_RESULT //')"
  if [ -n "$result" ]; then
    echo "$result" >>"$BUILD/results.jsonl"
    python3 -c '
import json, sys
r = json.loads(sys.argv[2])
size = {"threads": "%s threads x %s calls" % (r.get("threads"), r.get("calls_per_thread")),
        "fork": "%s children x %s calls" % (r.get("children"), r.get("calls_per_child")),
        "promises": "%s concurrent promises x %s waves x 2 calls" % (r.get("concurrent_promises"), r.get("waves"))}[r["test"]]
extra = ""
if "peak_child_rss_kib" in r:
    extra = ", largest child %.1f MiB" % (r["peak_child_rss_kib"] / 1024)
if "rss_after_first_wave_kib" in r:
    extra = ", RSS after wave 1 %.1f MiB, after last %.1f MiB" % (r["rss_after_first_wave_kib"] / 1024, r["rss_after_last_wave_kib"] / 1024)
print("   %s (%s): %d calls, %d errors, %.2f s, %.0f calls/s, peak RSS %.1f MiB%s"
      % (sys.argv[1], size, r["calls"], r["errors"], r["wall_s"], r["calls"] / max(r["wall_s"], 1e-9),
         r["peak_rss_kib"] / 1024, extra))
' "$label" "$result"
  fi
  if [ "$status" -eq 0 ] && [ -n "$result" ]; then
    pass "$label"
  else
    tail -n 40 "$log"
    if [ "$status" -eq 124 ] || [ "$status" -eq 3 ] || grep -qE 'watchdog|^Timeout \(' "$log"; then
      fail "$label (watchdog: did not finish within ${SOAK_WATCHDOG_S} s; exit $status)"
    else
      fail "$label (exit $status)"
    fi
  fi
}

[ -x "$BUILD/soak" ] && run_soak "c-threads" "$BUILD/soak"
if [ -x "$BUILD/soak" ] && [ "${SOAK_VALGRIND:-1}" != 0 ]; then
  # The shared client under valgrind (16 threads x 20 calls): no definite/indirect leaks, no
  # invalid accesses. RSS under valgrind is valgrind's, so its limit is lifted here.
  SOAK_CALLS=20 SOAK_RSS_LIMIT_MIB=4096 run_soak "c-threads-valgrind" valgrind --quiet --leak-check=full \
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
    --suppressions="$ROOT/tests/c/valgrind.supp" "$BUILD/soak"
fi
run_soak "python-threads" "$VENV/bin/python" "$HERE/soak.py" threads
run_soak "python-fork" "$VENV/bin/python" "$HERE/soak.py" fork
run_soak "node-promises" node "$HERE/soak.js"
stop_simulator

echo "soak ($MODE mode): $((SECONDS - soak_started)) s for the soaks, $((SECONDS - script_started)) s in all"
if [ "$failed" -gt 0 ]; then
  echo "failures:"
  printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
