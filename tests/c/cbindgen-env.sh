# Sourced by regen-header.sh and check-header.sh: puts a pinned cbindgen on PATH, installing it
# into tests/c/.tools (gitignored) when missing. cbindgen is deliberately not a build-dependency:
# it would add a code generator to every build of the library.
CBINDGEN_VERSION="0.29.4"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS_DIR="$REPO_ROOT/tests/c/.tools"
CBINDGEN="$TOOLS_DIR/bin/cbindgen"

ensure_cbindgen() {
  if [ -x "$CBINDGEN" ] && "$CBINDGEN" --version 2>/dev/null | grep -q " $CBINDGEN_VERSION\$"; then
    return 0
  fi
  echo "installing cbindgen $CBINDGEN_VERSION into $TOOLS_DIR" >&2
  cargo install cbindgen --version "=$CBINDGEN_VERSION" --locked --root "$TOOLS_DIR" >&2
}

# generate_header OUTPUT: writes the header cbindgen makes from ffi-c/src to OUTPUT.
generate_header() {
  ensure_cbindgen
  # cbindgen warns about private items it skips (by design); keep its output only on failure.
  local log
  log="$(mktemp)"
  if ! (cd "$REPO_ROOT" && "$CBINDGEN" --quiet --config ffi-c/cbindgen.toml \
      --crate govuk-notify-ffi --output "$1" ffi-c) >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}
