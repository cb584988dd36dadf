# Shared by fuzz/run.sh and fuzz/smoke.sh (sourced, not run): installs cargo-fuzz into
# fuzz/.tools if missing, builds the C ABI library the c_abi target links, builds every fuzz
# target, and provides run_target, which runs one target and records its executions and crashes.
#
# The machine has only the stable toolchain; cargo-fuzz passes -Zsanitizer=address and friends,
# which RUSTC_BOOTSTRAP=1 allows on stable. Everything lands in gitignored directories:
# fuzz/.tools (cargo-fuzz), fuzz/target (builds), fuzz/corpus (working corpora), fuzz/artifacts
# (crash inputs), fuzz/logs.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ="$ROOT/fuzz"
TARGETS=(requests responses api_key callbacks c_abi)
CARGO_FUZZ_VERSION=0.13.2
export RUSTC_BOOTSTRAP=1
export PATH="$FUZZ/.tools/bin:$PATH"
BIN="$FUZZ/target/x86_64-unknown-linux-gnu/release"
mkdir -p "$FUZZ/logs" "$FUZZ/artifacts" "$FUZZ/corpus"

# libFuzzer is C++ (built by libfuzzer-sys's build script).
need_apt=()
command -v c++ >/dev/null 2>&1 || need_apt+=(g++)
command -v cc >/dev/null 2>&1 || need_apt+=(gcc libc6-dev)
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "installing ${need_apt[*]} with apt-get"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

ensure_cargo_fuzz() {
  if cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then return 0; fi
  echo "installing cargo-fuzz $CARGO_FUZZ_VERSION into fuzz/.tools"
  local started=$SECONDS
  cargo install --quiet --locked --root "$FUZZ/.tools" cargo-fuzz --version "$CARGO_FUZZ_VERSION" || return 1
  echo "cargo-fuzz installed in $((SECONDS - started)) s"
}

# Builds libgovuk_notify.a for the c_abi target. With GN_FUZZ_INSTRUMENT_FFI=1 it is built with
# the same coverage instrumentation and AddressSanitizer as the fuzz targets (a separate release
# build in fuzz/target/ffi-instrumented, several minutes the first time), so libFuzzer is guided by
# coverage inside the library and ASan checks every access it makes; otherwise the ordinary debug
# build in target/debug is linked (ASan still sees its mallocs and frees, but not its reads).
build_ffi() {
  if [ "${GN_FUZZ_INSTRUMENT_FFI:-0}" = 1 ]; then
    local flags="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4"
    flags+=" -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table"
    flags+=" -Cllvm-args=-sanitizer-coverage-trace-compares -Cllvm-args=-sanitizer-coverage-stack-depth"
    flags+=" --cfg fuzzing -Zsanitizer=address -Cdebug-assertions -Coverflow-checks"
    echo "building an instrumented libgovuk_notify.a (fuzz/target/ffi-instrumented)"
    # No LTO: an LTO'd static library carries its own copy of std's objects, which then collide
    # with the fuzz target's std at link time (duplicate symbols).
    (cd "$ROOT" && RUSTFLAGS="$flags" CARGO_PROFILE_RELEASE_LTO=false cargo build --quiet --release -p govuk-notify-ffi \
      --target x86_64-unknown-linux-gnu --target-dir "$FUZZ/target/ffi-instrumented") || return 1
    export GOVUK_NOTIFY_LIB_DIR="$FUZZ/target/ffi-instrumented/x86_64-unknown-linux-gnu/release"
  else
    echo "building libgovuk_notify.a (cargo build -p govuk-notify-ffi)"
    (cd "$ROOT" && cargo build --quiet -p govuk-notify-ffi) || return 1
    unset GOVUK_NOTIFY_LIB_DIR
  fi
}

build_targets() {
  echo "building the fuzz targets (cargo fuzz build: release, AddressSanitizer)"
  (cd "$ROOT" && cargo fuzz build) || return 1
}

# run_target NAME LIBFUZZER_ARGS...: runs one target over its seeds, regressions and working
# corpus; sets EXECS and CRASHES (number of crash/leak/timeout artifacts written by this run).
run_target() {
  local t="$1"
  shift
  local log="$FUZZ/logs/$t.log"
  local art="$FUZZ/artifacts/$t"
  mkdir -p "$FUZZ/corpus/$t" "$art" "$FUZZ/seeds/$t" "$FUZZ/regressions/$t"
  local before
  before="$(find "$art" -type f | wc -l)"
  # The working corpus comes first: it is the one libFuzzer adds new inputs to.
  "$BIN/$t" -artifact_prefix="$art/" -print_final_stats=1 -timeout=60 "$@" \
    "$FUZZ/corpus/$t" "$FUZZ/seeds/$t" "$FUZZ/regressions/$t" >"$log" 2>&1
  STATUS=$?
  EXECS="$(sed -nE 's/^stat::number_of_executed_units: ([0-9]+).*/\1/p' "$log" | tail -n 1)"
  [ -n "$EXECS" ] || EXECS="$(sed -nE 's/^#([0-9]+).*/\1/p' "$log" | tail -n 1)"
  EXECS="${EXECS:-0}"
  CRASHES=$(($(find "$art" -type f | wc -l) - before))
  if [ "$STATUS" -ne 0 ] && [ "$CRASHES" -eq 0 ]; then CRASHES=1; fi
}
