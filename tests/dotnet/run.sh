#!/usr/bin/env bash
# The .NET binding's test suite, from a fresh clone: installs Mono and NUnit 2.6 (Debian packages)
# when missing, builds the C ABI library and the simulator with cargo, compiles Notify.Client.dll
# and the NUnit test assembly with mcs, starts the simulator on a free loopback port, runs the
# suite with nunit-console under mono, then compiles and runs the documentation's examples and the
# README's quick start against it, and checks the message for a missing native library. Prints
# "N passed, N failed" (the NUnit results read from TestResult.xml, plus the programs) and exits
# non-zero on any failure.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/tests/dotnet"
BUILD="$HERE/build"
LIBDIR="${CARGO_TARGET_DIR:-$ROOT/target}/debug"
NUNIT_FRAMEWORK=/usr/lib/cli/nunit.framework-2.6.3/nunit.framework.dll
cd "$ROOT"
rm -rf "$BUILD"
mkdir -p "$BUILD"

passed=0
failed=0
failures=()
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); failures+=("$1"); echo "not ok - $1"; }
finish() {
  echo
  if [ "$failed" -gt 0 ]; then
    echo "failures:"
    printf '  %s\n' "${failures[@]}"
  fi
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}

# ---- tools ---------------------------------------------------------------------------------------
need_apt=()
{ command -v mono >/dev/null 2>&1 && command -v mcs >/dev/null 2>&1; } || need_apt+=(mono-devel)
command -v nunit-console >/dev/null 2>&1 || need_apt+=(nunit-console)
[ -f "$NUNIT_FRAMEWORK" ] || need_apt+=(libnunit-cil-dev)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "installing ${need_apt[*]} with apt-get"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >"$BUILD/apt.log" 2>&1; }; then
    cat "$BUILD/apt.log"
    fail "install ${need_apt[*]}"
    finish
  fi
fi

# ---- build ---------------------------------------------------------------------------------------
echo "building govuk-notify-ffi and govuk-notify-simulator"
if ! cargo build -q -p govuk-notify-ffi -p govuk-notify-simulator; then
  fail "cargo build"
  finish
fi

MCS=(mcs -langversion:7.2 -warnaserror+ -nologo)
if "${MCS[@]}" -target:library -out:"$BUILD/Notify.Client.dll" -doc:"$BUILD/Notify.Client.xml" \
    -r:System.Core.dll -r:Microsoft.CSharp.dll $(find "$ROOT/bindings-dotnet/src" -name '*.cs' | sort); then
  pass "mcs builds Notify.Client.dll (C# 7.2, warnings are errors, XML docs)"
else
  fail "mcs builds Notify.Client.dll"
  finish
fi
# Next to the assembly: the default place the binding looks for the native library.
cp "$LIBDIR/libgovuk_notify.so" "$BUILD/"

if ! "${MCS[@]}" -target:library -out:"$BUILD/Notify.Client.Tests.dll" -r:"$BUILD/Notify.Client.dll" \
    -r:"$NUNIT_FRAMEWORK" -r:System.Core.dll -r:Microsoft.CSharp.dll "$HERE"/*.cs "$ROOT"/examples/dotnet/CallbackListener.cs; then
  fail "mcs builds Notify.Client.Tests.dll"
  finish
fi

# ---- the simulator -------------------------------------------------------------------------------
# shellcheck source=../../scripts/lib/simulator.sh
source "$ROOT/scripts/lib/simulator.sh"
trap sim_stop EXIT
if ! sim_start "$BUILD" --pdf-delay-ms 0 --status-delay-ms 0 --page-size 3; then
  fail "start the simulator"
  finish
fi
echo "simulator at $GN_BASE_URL"

# ---- NUnit ---------------------------------------------------------------------------------------
# -noshadow: run the assembly where it is, next to libgovuk_notify.so.
(cd "$BUILD" && nunit-console -nologo -noshadow -labels -result="$BUILD/TestResult.xml" "$BUILD/Notify.Client.Tests.dll")
nunit_status=$?
if [ -f "$BUILD/TestResult.xml" ]; then
  read -r np nf < <(python3 - "$BUILD/TestResult.xml" <<'PY'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = list(root.iter("test-case"))
# A test that did not run (ignored, skipped, inconclusive) counts as failed: it proves nothing.
ok = sum(1 for c in cases if c.get("executed") == "True" and c.get("success") == "True")
print(ok, len(cases) - ok)
PY
)
  passed=$((passed + np))
  failed=$((failed + nf))
  echo "NUnit: $np passed, $nf failed"
  if [ "$nf" -gt 0 ]; then failures+=("NUnit ($nf failed)"); fi
  if [ "$nunit_status" -ne 0 ] && [ "$nf" -eq 0 ]; then fail "nunit-console exited with $nunit_status"; fi
else
  fail "nunit-console wrote no TestResult.xml (exit $nunit_status)"
fi

# ---- programs written against the documented API ------------------------------------------------
export NOTIFY_API_KEY="$GN_KEY_TEST" NOTIFY_BASE_URL="$GN_BASE_URL"
# These run with GOVUK_NOTIFY_LIB (the other way to find the native library) from another folder.
mkdir -p "$BUILD/programs"
cp "$BUILD/Notify.Client.dll" "$BUILD/programs/"

if "${MCS[@]}" -out:"$BUILD/programs/DocumentedExamples.exe" -r:"$BUILD/programs/Notify.Client.dll" \
    -r:System.Core.dll -r:Microsoft.CSharp.dll "$HERE/programs/DocumentedExamples.cs" \
  && GOVUK_NOTIFY_LIB="$LIBDIR/libgovuk_notify.so" mono "$BUILD/programs/DocumentedExamples.exe"; then
  pass "the documentation's examples compile and run against the simulator"
else
  fail "the documentation's examples compile and run against the simulator"
fi

# The README's quick start, compiled as another branch's docs test will: mcs -r:Notify.Client.dll.
python3 - "$ROOT/README.md" "$BUILD/programs/Quickstart.cs" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"```csharp quickstart\n(.*?)```", text, re.S)
open(sys.argv[2], "w", encoding="utf-8").write(blocks[0] if blocks else "")
PY
if [ -s "$BUILD/programs/Quickstart.cs" ] \
  && mcs -nologo -out:"$BUILD/programs/Quickstart.exe" -r:"$BUILD/programs/Notify.Client.dll" "$BUILD/programs/Quickstart.cs" \
  && out="$(GOVUK_NOTIFY_LIB="$LIBDIR/libgovuk_notify.so" mono "$BUILD/programs/Quickstart.exe" 2>&1)" \
  && echo "$out" && grep -q "delivered\|created\|sending" <<<"$out"; then
  pass "README.md's C# quick start compiles with mcs -r:Notify.Client.dll and runs"
else
  fail "README.md's C# quick start compiles with mcs -r:Notify.Client.dll and runs"
fi

# A missing native library is an exception that names the path tried.
missing="$BUILD/nowhere/libgovuk_notify.so"
if [ -f "$BUILD/programs/Quickstart.exe" ]; then
  out="$(GOVUK_NOTIFY_LIB="$missing" mono "$BUILD/programs/Quickstart.exe" 2>&1)"
  if [ $? -ne 0 ] && grep -q "DllNotFoundException" <<<"$out" && grep -qF "$missing" <<<"$out"; then
    pass "a missing native library is a DllNotFoundException naming $missing"
  else
    echo "$out"
    fail "a missing native library is a DllNotFoundException naming the path"
  fi
else
  fail "a missing native library (no program to run)"
fi

finish
