# Shared by tests/faults/run.sh and tests/soak/run.sh (sourced, not run): builds what the tests
# need from a fresh clone, and starts/stops simulators. Everything goes into repo-local,
# gitignored places: target/, .venv/, bindings-node/node_modules, the built extension/addon next
# to the bindings' sources (as tests/python/run.sh and tests/node/run.sh do), tests/*/build.
# Functions print what they do and return non-zero on failure.

ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
LIBDIR="$ROOT/target/debug"
VENV="$ROOT/.venv"
SIMULATOR_BIN="$LIBDIR/govuk-notify-simulator"
export GOVUK_NOTIFY_SIMULATOR="$SIMULATOR_BIN"
# shellcheck source=../../scripts/lib/simulator.sh
source "$ROOT/scripts/lib/simulator.sh"

# Installs Debian packages that are missing (apt-get, as root or with sudo).
ensure_apt() {
  local need=()
  command -v cc >/dev/null 2>&1 || need+=(gcc libc6-dev)
  for tool in "$@"; do command -v "$tool" >/dev/null 2>&1 || need+=("$tool"); done
  [ "${#need[@]}" -eq 0 ] && return 0
  echo "==> installing ${need[*]} with apt-get"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
}

# The C library (libgovuk_notify.so) and the simulator.
build_rust() {
  echo "==> cargo build -p govuk-notify-ffi -p govuk-notify-simulator"
  cargo build -q -p govuk-notify-ffi -p govuk-notify-simulator
}

# Whether any file under the given paths is newer than $1 (or $1 is missing).
stale() {
  local artefact="$1"
  shift
  [ -e "$artefact" ] || return 0
  [ -n "$(find "$@" -newer "$artefact" -type f -print -quit 2>/dev/null)" ]
}

# The Python extension in $VENV (maturin develop, debug), rebuilt when the Rust sources changed.
ensure_python() {
  if [ ! -x "$VENV/bin/python" ]; then
    echo "==> creating $VENV"
    "${PYTHON:-python3}" -m venv "$VENV" || return 1
  fi
  if [ ! -x "$VENV/bin/maturin" ] || ! "$VENV/bin/python" -c 'import pytest' 2>/dev/null; then
    echo "==> installing maturin and pytest into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "maturin>=1.9.4,<2" "pytest>=8" || return 1
  fi
  local so="$ROOT/bindings-python/python/govuk_notify/_native.abi3.so"
  if stale "$so" "$ROOT/core/src" "$ROOT/core/Cargo.toml" "$ROOT/bindings-python/src" \
      "$ROOT/bindings-python/Cargo.toml" "$ROOT/Cargo.lock" \
      || ! "$VENV/bin/python" -c 'import govuk_notify._native' 2>/dev/null; then
    echo "==> building the Python extension (maturin develop)"
    (cd "$ROOT/bindings-python" && VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" "$VENV/bin/maturin" develop --quiet) || return 1
  fi
}

# The Node addon (napi build, debug), rebuilt when the Rust sources changed. The generated
# native.js / index.d.ts go to a scratch directory so committed files are never rewritten.
ensure_node() {
  command -v node >/dev/null || { echo "node is required (20 or newer)" >&2; return 1; }
  local pkg="$ROOT/bindings-node"
  if [ ! -x "$pkg/node_modules/.bin/napi" ]; then
    echo "==> npm ci (bindings-node/node_modules)"
    (cd "$pkg" && npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi
  local addon="$pkg/govuk-notify.linux-x64-gnu.node"
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ;;
    *) addon="" ;; # other platforms: always build, napi names the file
  esac
  if [ -z "$addon" ] || stale "$addon" "$ROOT/core/src" "$ROOT/core/Cargo.toml" "$pkg/src" \
      "$pkg/Cargo.toml" "$ROOT/Cargo.lock"; then
    echo "==> building the Node addon (napi build, debug)"
    local scratch
    scratch="$(mktemp -d)"
    (cd "$pkg" && npx --no-install napi build --platform --no-js --output-dir "$scratch" >/dev/null 2>&1) \
      || { rm -rf "$scratch"; echo "napi build failed" >&2; return 1; }
    cp "$scratch"/*.node "$pkg/" && rm -rf "$scratch"
  fi
}

# Starts a simulator on a free port with extra flags (scripts/lib/simulator.sh); exports GN_* for
# the C programs and sets SIM_PID. Usage: start_simulator LOGDIR [flags...]
start_simulator() {
  local dir="$1"
  shift
  sim_start "$dir" --pdf-delay-ms 0 --status-delay-ms 0 "$@"
}

stop_simulator() {
  sim_stop
}
