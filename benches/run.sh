#!/usr/bin/env bash
# The benchmark suite (issue #7): our Python (sync and asyncio), Node, C and Rust clients against
# notifications-python-client 13.0.0 and notifications-node-client 8.4.0, side by side in one run.
#
#   benches/run.sh                 # full run (about 10 minutes on 2 cores)
#   BENCH_QUICK=1 benches/run.sh   # tiny numbers, to check the harness works
#
# Builds release artifacts into <repo>/target, installs the official clients into benches/.venv
# and benches/node/node_modules, then runs benches/harness.py, which starts a local server on
# 127.0.0.1, runs every driver interleaved and writes benches/results/latest.{json,md}.
# A column whose build fails is reported as unavailable (with the reason); the rest still run.
# Knobs (environment): BENCH_N, BENCH_N_CONC, BENCH_N_PAGE, BENCH_N_JWT, BENCH_N_RSS,
# BENCH_N_DECODE, BENCH_REPEATS, BENCH_COLD_RUNS, BENCH_SERVER=static|simulator, BENCH_COLUMNS,
# BENCH_SCENARIOS, BENCH_SKIP_BUILD=1 (reuse the last build), BENCH_PACE=0 (skip the pacing
# scenario, benches/pacing.py). Not part of the tests; nothing asserts on timings.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BUILD="$HERE/.build"
STATUS="$BUILD/status"
export CARGO_TARGET_DIR="$ROOT/target"
PYTHON="${PYTHON:-python3}"
mkdir -p "$BUILD" "$STATUS" "$HERE/results"

# unavailable <column ids...> -- <reason>: marks columns the harness must skip.
unavailable() {
    local ids=() reason
    while [ "$1" != "--" ]; do ids+=("$1"); shift; done
    shift
    reason="$*"
    for id in "${ids[@]}"; do printf '%s\n' "$reason" > "$STATUS/$id"; done
    echo "!!! unavailable: ${ids[*]}: $reason" >&2
}
last_error() { grep -E "^error|Error|error:" "$1" | head -3 | tr '\n' ' ' | cut -c1-300; }

if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
    rm -f "$STATUS"/*

    echo "==> cargo build --release: simulator, C ABI"
    cargo build --release -p govuk-notify-simulator
    if ! cargo build --release -p govuk-notify-ffi 2> "$BUILD/ffi.log"; then
        unavailable c_abi -- "cargo build --release -p govuk-notify-ffi failed: $(last_error "$BUILD/ffi.log")"
    fi

    echo "==> cargo build --release: benches/rust (core driver, static responder)"
    cargo build --release --manifest-path "$HERE/rust/Cargo.toml"

    echo "==> Python: $HERE/.venv with notifications-python-client 13.0.0, orjson and a release wheel of ours"
    [ -x "$HERE/.venv/bin/python" ] || "$PYTHON" -m venv "$HERE/.venv"
    # orjson: the reference for the page-decoding comparison (python/decode.py).
    "$HERE/.venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        "notifications-python-client==13.0.0" "maturin>=1.9.4,<2" "orjson>=3.10,<4"
    rm -rf "$BUILD/wheels"
    if (cd "$ROOT/bindings-python" && "$HERE/.venv/bin/maturin" build --release --quiet \
            --interpreter "$HERE/.venv/bin/python" -o "$BUILD/wheels") > "$BUILD/python.log" 2>&1 \
        && "$HERE/.venv/bin/python" -m pip install --quiet --disable-pip-version-check \
            --force-reinstall --no-deps "$BUILD"/wheels/*.whl >> "$BUILD/python.log" 2>&1; then
        :
    else
        "$HERE/.venv/bin/python" -m pip uninstall --quiet -y govuk-notify > /dev/null 2>&1 || true
        unavailable py_ours_sync py_ours_async -- "maturin build --release failed: $(last_error "$BUILD/python.log")"
    fi

    echo "==> Node: notifications-node-client 8.4.0 and a release build of our addon"
    (cd "$HERE/node" && npm install --no-audit --no-fund --silent)
    rm -f "$BUILD/govuk-notify.linux-x64-gnu.node"
    if cargo build --release -p govuk-notify-node 2> "$BUILD/node.log"; then
        # The addon is loaded through bindings-node/native.js with NAPI_RS_NATIVE_LIBRARY_PATH
        # pointing here, so bindings-node/ itself (and its debug build) is left untouched.
        cp "$CARGO_TARGET_DIR/release/libgovuk_notify_node.so" "$BUILD/govuk-notify.linux-x64-gnu.node"
    else
        unavailable node_ours -- "cargo build --release -p govuk-notify-node failed: $(last_error "$BUILD/node.log")"
    fi

    echo "==> C driver"
    CC="${CC:-cc}"
    "$CC" -O2 -std=c11 -o "$BUILD/c_empty" "$HERE/c/empty.c"
    "$CC" -O2 -std=c11 -Wall -Wextra -o "$BUILD/floor" "$HERE/c/floor.c"
    if [ ! -f "$STATUS/c_abi" ]; then
        "$CC" -O2 -std=c11 -Wall -Wextra -I "$ROOT/include" "$HERE/c/bench.c" \
            -L "$CARGO_TARGET_DIR/release" -Wl,-rpath,"$CARGO_TARGET_DIR/release" -lgovuk_notify -lpthread \
            -o "$BUILD/bench_c" 2> "$BUILD/c.log" \
            || unavailable c_abi -- "cc failed: $(head -3 "$BUILD/c.log" | tr '\n' ' ')"
    fi
fi

echo "==> running (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
"$HERE/.venv/bin/python" "$HERE/harness.py"

# Pacing (issue #18): the achieved send rate of paced clients against the simulator's rate limit
# (benches/pacing.py; results/pacing.md). BENCH_PACE=0 skips it.
if [ "${BENCH_PACE:-1}" != "0" ]; then
    echo "==> pacing scenario"
    "$HERE/.venv/bin/python" "$HERE/pacing.py"
fi
