#!/usr/bin/env bash
# The fault matrix (issue #8): every cell of tests/faults/cells.json (500, 502 HTML, 503 empty,
# 429 RateLimitError / TooManyRequestsError, connection refused, reset mid-body, drop, hang with a
# 1 s timeout, 64 MiB body with Content-Length and chunked, server clock +45 s, retry_sends opted
# in), for send and get, in C, Python and Node, against simulators on free 127.0.0.1 ports. The C
# program also runs under valgrind (definite/indirect leaks and invalid accesses are errors).
# Prints the markdown table of the run and "N passed, N failed"; exits non-zero on any failure.
#
# Works from a fresh clone (Rust, Python 3 + pip, Node 20 + npm, apt for gcc/valgrind).
# Environment: FAULTS_VALGRIND=0 skips the valgrind run; FAULTS_UPDATE_README=1 writes the
# table into tests/faults/README.md; FAULTS_WATCHDOG_S (default 300) bounds each runner.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/tests/faults"
BUILD="$HERE/build"
RESULTS="$BUILD/results"
cd "$ROOT"
# shellcheck source=setup.sh
source "$HERE/setup.sh"
WATCHDOG_S="${FAULTS_WATCHDOG_S:-300}"
export FAULTS_WATCHDOG_S="$WATCHDOG_S"

passed=0
failed=0
failures=()
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); failures+=("$1"); echo "not ok - $1"; }
summary() {
  echo
  if [ "$failed" -gt 0 ]; then
    echo "failures:"
    printf '  %s\n' "${failures[@]}"
  fi
  echo "$passed passed, $failed failed"
}
trap 'stop_simulator' EXIT

tools=()
[ "${FAULTS_VALGRIND:-1}" != 0 ] && tools+=(valgrind)
ensure_apt "${tools[@]}" || { echo "could not install tools"; echo "0 passed, 1 failed"; exit 1; }
build_rust || { echo "cargo build failed"; echo "0 passed, 1 failed"; exit 1; }
ensure_python || fail "build the Python extension"
ensure_node || fail "build the Node addon"

rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# ---- C -------------------------------------------------------------------------------------------
CFLAGS=(-std=c11 -g -O0 -Wall -Wextra -Werror -pthread -I"$ROOT/include" -I"$ROOT/tests/c")
if cc "${CFLAGS[@]}" "$HERE/fault_matrix.c" -o "$BUILD/fault_matrix" -L"$LIBDIR" -lgovuk_notify -pthread; then
  export LD_LIBRARY_PATH="$LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  if start_simulator "$BUILD/sim-c"; then
    echo "---- C (native)"
    FAULTS_RESULTS="$RESULTS/c.jsonl" timeout "$WATCHDOG_S" "$BUILD/fault_matrix" "$HERE/cells.json" >"$BUILD/c.log" 2>&1
    status=$?
    cat "$BUILD/c.log"
    tally="$(grep -E '^tally fault_matrix: passed=[0-9]+ failed=[0-9]+$' "$BUILD/c.log" | tail -n 1)"
    if [ -z "$tally" ]; then
      fail "C fault matrix (exit $status, no tally: crashed or watchdog)"
    else
      p="$(sed -E 's/.*passed=([0-9]+).*/\1/' <<<"$tally")"
      f="$(sed -E 's/.*failed=([0-9]+).*/\1/' <<<"$tally")"
      passed=$((passed + p))
      failed=$((failed + f))
      [ "$f" -gt 0 ] && failures+=("C fault matrix ($f cells failed)")
      [ "$status" -ne 0 ] && [ "$f" -eq 0 ] && fail "C fault matrix exited with $status"
    fi
    if [ "${FAULTS_VALGRIND:-1}" != 0 ]; then
      echo "---- C (valgrind)"
      FAULTS_WATCHDOG_S=$((WATCHDOG_S * 3)) timeout $((WATCHDOG_S * 3)) valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
        --suppressions="$ROOT/tests/c/valgrind.supp" --log-file="$BUILD/valgrind.log" \
        "$BUILD/fault_matrix" "$HERE/cells.json" >"$BUILD/valgrind.out" 2>&1
      status=$?
      if [ "$status" -eq 0 ] && grep -q '^tally fault_matrix: passed=[0-9]* failed=0$' "$BUILD/valgrind.out"; then
        pass "C fault matrix under valgrind (every cell ok, no definite/indirect leaks, no invalid accesses)"
      else
        cat "$BUILD/valgrind.out" "$BUILD/valgrind.log"
        fail "C fault matrix under valgrind (exit $status)"
      fi
    fi
    stop_simulator
  else
    fail "start the simulator for C"
  fi
else
  fail "compile fault_matrix.c"
fi

# ---- Python --------------------------------------------------------------------------------------
echo "---- Python"
FAULTS_RESULTS="$RESULTS/python.jsonl" timeout "$WATCHDOG_S" "$VENV/bin/python" -m pytest \
  "$HERE/test_fault_matrix.py" -q -p no:cacheprovider -rfE >"$BUILD/python.log" 2>&1
status=$?
cat "$BUILD/python.log"
line="$(grep -E '^=*.*[0-9]+ (passed|failed)' "$BUILD/python.log" | tail -n 1)"
p="$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+' || echo 0)"
f="$(grep -oE '[0-9]+ (failed|errors?)' <<<"$line" | awk '{s += $1} END {print s + 0}')"
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-0}))
[ "${f:-0}" -gt 0 ] && failures+=("Python fault matrix ($f failed)")
if [ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then fail "Python fault matrix exited with $status"; fi

# ---- Node ----------------------------------------------------------------------------------------
echo "---- Node"
FAULTS_RESULTS="$RESULTS/node.jsonl" timeout "$WATCHDOG_S" node --test --test-reporter=spec \
  "$HERE/fault_matrix.test.js" >"$BUILD/node.log" 2>&1
status=$?
cat "$BUILD/node.log"
p="$(grep -E '^ℹ pass [0-9]+' "$BUILD/node.log" | grep -oE '[0-9]+' | tail -n 1)"
f="$(grep -E '^ℹ fail [0-9]+' "$BUILD/node.log" | grep -oE '[0-9]+' | tail -n 1)"
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-0}))
[ "${f:-0}" -gt 0 ] && failures+=("Node fault matrix ($f failed)")
if [ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then fail "Node fault matrix exited with $status"; fi

# ---- the table -----------------------------------------------------------------------------------
echo "---- table"
table_args=("$RESULTS")
[ "${FAULTS_UPDATE_README:-0}" = 1 ] && table_args+=("$HERE/README.md")
if python3 "$HERE/table.py" "${table_args[@]}" >"$BUILD/table.md"; then
  cat "$BUILD/table.md"
  if grep -q '(!)' "$BUILD/table.md"; then fail "fault table: a measured value differs from cells.json"; fi
else
  fail "fault table (table.py failed)"
fi

summary
[ "$failed" -eq 0 ]
