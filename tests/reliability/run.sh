#!/usr/bin/env bash
# Secret hygiene of the core (issue #8): builds this standalone crate (its own workspace, path
# dependencies on core/ and simulator/) into the main target directory and runs its tests, which
# drive every operation and error path against the in-process simulator while capturing all log
# output and panic messages, and check that no API key secret or token appears anywhere; and
# tests/core_regressions.rs, regression tests for core bugs found on the way (a failure there is a
# bug in core/, described in the test).
# Prints cargo test's summary and "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
cd "$HERE"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
cargo test --no-fail-fast --manifest-path "$HERE/Cargo.toml" -- --nocapture 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=0
failed=0
while read -r p f; do
  passed=$((passed + p))
  failed=$((failed + f))
done < <(sed -nE 's/^test result: [a-zA-Z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p' "$log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
