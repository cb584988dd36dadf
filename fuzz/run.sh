#!/usr/bin/env bash
# The long fuzzing run: every target for N seconds (default 600), one after another (one core; the
# machine has two). Usage: fuzz/run.sh [seconds-per-target]
#
# Prints, per target, the executions, the crashes and the corpus size, then the totals, and exits
# non-zero if any target crashed. Crash inputs are left in fuzz/artifacts/<target>/ (logs in
# fuzz/logs/); minimise one with `cargo fuzz tmin <target> <file>` and keep it in
# fuzz/regressions/<target>/, which smoke.sh replays on every run.
# GN_FUZZ_INSTRUMENT_FFI=1 also instruments the C library for the c_abi target (see common.sh).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
SECS="${1:-600}"

ensure_cargo_fuzz || { echo "could not install cargo-fuzz"; exit 1; }
build_ffi || { echo "could not build the C library"; exit 1; }
build_targets || { echo "could not build the fuzz targets"; exit 1; }

total=0
crashed=0
printf '%-10s %12s %8s %8s %s\n' target executions crashes corpus "exec/s"
for t in "${TARGETS[@]}"; do
  run_target "$t" -max_total_time="$SECS"
  corpus="$(find "$FUZZ/corpus/$t" -type f | wc -l)"
  rate=$((EXECS / (SECS > 0 ? SECS : 1)))
  printf '%-10s %12s %8s %8s %s\n' "$t" "$EXECS" "$CRASHES" "$corpus" "$rate"
  total=$((total + EXECS))
  crashed=$((crashed + CRASHES))
  if [ "$CRASHES" -gt 0 ]; then
    grep -E '^==[0-9]+==ERROR|panicked at|SUMMARY|^artifact_prefix|Test unit written' "$FUZZ/logs/$t.log" | head -n 8
  fi
done
echo "total: $total executions, $crashed crashes"
[ "$crashed" -eq 0 ]
