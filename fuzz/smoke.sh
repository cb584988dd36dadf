#!/usr/bin/env bash
# The short fuzzing run for the test command: builds every target, replays the committed seeds
# and every crash reproducer in fuzz/regressions/ (each must now pass), then fuzzes each target
# for GN_FUZZ_SMOKE_SECS seconds (default 10). Prints "N passed, N failed" (two checks per target:
# replay, fuzz) and exits non-zero on any failure.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
SECS="${GN_FUZZ_SMOKE_SECS:-10}"

passed=0
failed=0
failures=()
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); failures+=("$1"); echo "not ok - $1"; }

if ! ensure_cargo_fuzz || ! build_ffi || ! build_targets; then
  echo "0 passed, 1 failed"
  exit 1
fi

for t in "${TARGETS[@]}"; do
  mkdir -p "$FUZZ/seeds/$t" "$FUZZ/regressions/$t"
  n="$(find "$FUZZ/seeds/$t" "$FUZZ/regressions/$t" -type f | wc -l)"
  # -runs=0: execute every input of the given directories once, add nothing, stop.
  if "$BIN/$t" -runs=0 -timeout=60 "$FUZZ/seeds/$t" "$FUZZ/regressions/$t" >"$FUZZ/logs/$t.replay.log" 2>&1; then
    pass "$t: replays $n seeds and regression inputs"
  else
    tail -n 30 "$FUZZ/logs/$t.replay.log"
    fail "$t: replay of seeds and regressions"
  fi
  run_target "$t" -max_total_time="$SECS"
  if [ "$CRASHES" -eq 0 ]; then
    pass "$t: fuzzed ${SECS}s, $EXECS executions, no crash"
  else
    grep -E '^==[0-9]+==ERROR|panicked at|SUMMARY|Test unit written' "$FUZZ/logs/$t.log" | head -n 8
    fail "$t: crashed after $EXECS executions (see fuzz/logs/$t.log, fuzz/artifacts/$t/)"
  fi
done

echo
if [ "$failed" -gt 0 ]; then
  echo "failures:"
  printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
