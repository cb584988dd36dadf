#!/usr/bin/env bash
# .NET part of `make demo` (expects NOTIFY_API_KEY and NOTIFY_BASE_URL from scripts/demo.sh).
# Builds the native library and Notify.Client.dll (Debian's Mono, installed when missing) and runs
# examples/dotnet/Demo.cs. Each phase prints one line, and its output if it fails.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/lib/progress.sh
OUT="${CARGO_TARGET_DIR:-$ROOT/target}/dotnet-demo"
mkdir -p "$OUT"
if ! command -v mcs >/dev/null 2>&1 || ! command -v mono >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  install_mono() { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq mono-devel; }
  phase "installing mono-devel (apt-get; a few hundred MB the first time)" install_mono
fi
phase "building libgovuk_notify (cargo, debug)" cargo build -p govuk-notify-ffi
phase "compiling Notify.Client.dll (mcs)" mcs -nologo -langversion:7.2 -target:library -out:"$OUT/Notify.Client.dll" \
  -r:System.Core.dll -r:Microsoft.CSharp.dll $(find bindings-dotnet/src -name '*.cs' | sort)
phase "compiling examples/dotnet/Demo.cs (mcs)" mcs -nologo -out:"$OUT/Demo.exe" -r:"$OUT/Notify.Client.dll" \
  -r:System.Core.dll -r:Microsoft.CSharp.dll examples/dotnet/Demo.cs
cp "${CARGO_TARGET_DIR:-$ROOT/target}/debug/libgovuk_notify.so" "$OUT/"
echo "== .NET (examples/dotnet/Demo.cs)"
mono "$OUT/Demo.exe" core/tests/data/fixtures/letter.pdf
