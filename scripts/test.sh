#!/usr/bin/env bash
# The test command (`make test`, called by .ci/run): every check, in order. Each step installs
# what it needs. All steps run; the exit status is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."

steps=(
  "lint|cargo fmt --all -- --check && cargo clippy --workspace --all-targets -- -D warnings"
  "docs|RUSTDOCFLAGS='-D warnings' cargo doc --no-deps -p govuk-notify -q"
  "rust|cargo test --workspace"
)
[ -x tests/docs/check-no-shared-refs.sh ] && steps+=("docs-links|tests/docs/check-no-shared-refs.sh")
[ -x tests/simulator/run.sh ] && steps+=("simulator-vs-official-python|tests/simulator/run.sh")
[ -x tests/c/run.sh ] && steps+=("c|tests/c/run.sh")
[ -x tests/python/run.sh ] && steps+=("python|tests/python/run.sh")
[ -x tests/node/run.sh ] && steps+=("node|tests/node/run.sh")
[ -x tests/ruby/run.sh ] && steps+=("ruby|tests/ruby/run.sh")
[ -x tests/dotnet/run.sh ] && steps+=("dotnet|tests/dotnet/run.sh")
[ -x tests/node/package-test.sh ] && steps+=("node-package|tests/node/package-test.sh")
[ -x tests/readme/run.sh ] && steps+=("readme-quickstarts|tests/readme/run.sh")
[ -x tests/c/install-test.sh ] && steps+=("c-install|tests/c/install-test.sh")
[ -x tests/c/run-asan.sh ] && steps+=("c-asan|tests/c/run-asan.sh")
[ -x tests/reliability/run.sh ] && steps+=("secret-hygiene|tests/reliability/run.sh")
[ -x tests/reliability/deny.sh ] && steps+=("dependency-policy|tests/reliability/deny.sh")
[ -x tests/faults/run.sh ] && steps+=("fault-matrix|tests/faults/run.sh")
[ -x tests/soak/run.sh ] && steps+=("soak-short|SOAK_SHORT=1 tests/soak/run.sh")
[ -x fuzz/smoke.sh ] && steps+=("fuzz-smoke|fuzz/smoke.sh")

# Each step's output is also kept (in the target directory, to read after a run), so the tail of
# every failed step can be printed again at the end, next to the summary, where a CI log excerpt
# will show it.
logs="${CARGO_TARGET_DIR:-$PWD/target}/test-logs"
rm -rf "$logs"
mkdir -p "$logs"
passed=0; failed=0; failures=()
for step in "${steps[@]}"; do
  name="${step%%|*}"; cmd="${step#*|}"
  echo "===== $name: $cmd"
  start=$(date +%s)
  bash -c "$cmd" 2>&1 | tee "$logs/$name.log"
  if [ "${PIPESTATUS[0]}" -eq 0 ]; then
    passed=$((passed + 1)); echo "===== $name: ok ($(( $(date +%s) - start )) s)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "===== $name: FAILED ($(( $(date +%s) - start )) s)"
  fi
done
echo
for name in "${failures[@]}"; do
  echo "===== the last 60 lines of the failed step $name:"
  tail -n 60 "$logs/$name.log"
  echo
done
[ "$failed" -gt 0 ] && echo "failed steps: ${failures[*]}"
echo "steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
