#!/usr/bin/env bash
# .NET part of `make demo` (expects NOTIFY_API_KEY and NOTIFY_BASE_URL from scripts/demo.sh).
# Builds the native library and Notify.Client.dll (Debian's Mono, installed when missing) and runs
# examples/dotnet/Demo.cs. Build output is shown whenever a step fails.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="${CARGO_TARGET_DIR:-$ROOT/target}/dotnet-demo"
mkdir -p "$OUT"
if ! command -v mcs >/dev/null 2>&1 || ! command -v mono >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >"$OUT/apt.log" 2>&1 \
    && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq mono-devel >>"$OUT/apt.log" 2>&1 \
    || { cat "$OUT/apt.log" >&2; exit 1; }
fi
run_quietly() {
  local log="$OUT/build.log"
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
  fi
}
run_quietly cargo build -q -p govuk-notify-ffi
run_quietly mcs -nologo -langversion:7.2 -target:library -out:"$OUT/Notify.Client.dll" \
  -r:System.Core.dll -r:Microsoft.CSharp.dll $(find bindings-dotnet/src -name '*.cs' | sort)
run_quietly mcs -nologo -out:"$OUT/Demo.exe" -r:"$OUT/Notify.Client.dll" -r:System.Core.dll \
  -r:Microsoft.CSharp.dll examples/dotnet/Demo.cs
cp "${CARGO_TARGET_DIR:-$ROOT/target}/debug/libgovuk_notify.so" "$OUT/"
mono "$OUT/Demo.exe" core/tests/data/fixtures/letter.pdf
