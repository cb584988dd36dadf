#!/usr/bin/env bash
# `make install` as a C or C++ user meets it: installs into a scratch prefix (debug profile, to
# reuse the test build), checks the SONAME and the files, then builds examples/c/send_sms.c four
# ways from the installed copy only — pkg-config shared and static, CMake find_package shared and
# static — and sends a text message with each through a fresh simulator. Prints "N passed, N failed".
# Installs pkg-config and cmake (apt) when missing.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source scripts/lib/simulator.sh

passed=0; failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "not ok - $1"; }

need=()
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v cmake >/dev/null 2>&1 || need+=(cmake)
if [ "${#need[@]}" -gt 0 ]; then
  echo "installing ${need[*]} with apt-get"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"; } >/tmp/install-test-apt.log 2>&1; then
    cat /tmp/install-test-apt.log; echo "could not install ${need[*]}"; echo "0 passed, 1 failed"; exit 1
  fi
fi

WORK="$(mktemp -d)"
trap 'sim_stop; rm -rf "$WORK"' EXIT
PREFIX="$WORK/prefix"

if PREFIX="$PREFIX" PROFILE=debug scripts/install-c.sh; then pass "make install PREFIX=... (scripts/install-c.sh)"; else
  fail "make install PREFIX=... (scripts/install-c.sh)"; echo "$passed passed, $failed failed"; exit 1
fi
cargo build -q -p govuk-notify-simulator --bin govuk-notify-simulator || { fail "building the simulator"; echo "$passed passed, $failed failed"; exit 1; }

VERSION="$(sed -nE 's/^version = "([^"]+)"/\1/p' Cargo.toml | head -n 1)"
for f in include/govuk_notify.h "lib/libgovuk_notify.so.$VERSION" lib/libgovuk_notify.so lib/libgovuk_notify.a \
         lib/pkgconfig/govuk-notify.pc lib/cmake/govuk-notify/govuk-notifyConfig.cmake \
         lib/cmake/govuk-notify/govuk-notifyConfigVersion.cmake share/doc/govuk-notify/LICENSE; do
  if [ -e "$PREFIX/$f" ]; then pass "installed $f"; else fail "installed $f"; fi
done
soname="$(readelf -d "$PREFIX/lib/libgovuk_notify.so.$VERSION" | sed -nE 's/.*Library soname: \[(.*)\].*/\1/p')"
if [ -n "$soname" ] && [ -L "$PREFIX/lib/$soname" ]; then pass "versioned SONAME $soname, with its symlink"; else
  fail "versioned SONAME (got '${soname}')"; fi

export PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig"
build_pc_shared() { cc -std=c11 -Wall -Werror examples/c/send_sms.c $(pkg-config --cflags --libs govuk-notify) -o "$WORK/pc_shared"; }
# For the static library: the same flags with --static, the library named by file so the linker
# cannot pick the .so beside it; this proves Libs.private lists every system library it needs.
build_pc_static() {
  cc -std=c11 -Wall -Werror examples/c/send_sms.c \
    $(pkg-config --cflags --static --libs govuk-notify | sed 's/-lgovuk_notify/-l:libgovuk_notify.a/') -o "$WORK/pc_static"
}
if build_pc_shared; then pass "pkg-config --cflags --libs: compiles and links"; else fail "pkg-config --cflags --libs: compiles and links"; fi
if build_pc_static; then pass "pkg-config --static: links the static library"; else fail "pkg-config --static: links the static library"; fi
if cmake -S tests/c/cmake-consumer -B "$WORK/cmake" -DCMAKE_PREFIX_PATH="$PREFIX" >"$WORK/cmake.log" 2>&1 \
   && cmake --build "$WORK/cmake" >>"$WORK/cmake.log" 2>&1; then
  pass "CMake find_package(govuk-notify 0.1): configures and builds (shared and static)"
else
  cat "$WORK/cmake.log"; fail "CMake find_package(govuk-notify 0.1): configures and builds (shared and static)"
fi
if [ -x "$WORK/pc_static" ] && ldd_out="$(ldd "$WORK/pc_static")" && ! grep -q libgovuk_notify <<<"$ldd_out"; then
  pass "the static build does not load libgovuk_notify.so"
else fail "the static build does not load libgovuk_notify.so"; fi

# The two-step install (build as yourself, install without cargo, e.g. under sudo) into a Debian
# multiarch libdir: CMake must still find the prefix from the deeper config directory.
PREFIX2="$WORK/prefix2"
if PREFIX="$PREFIX2" PROFILE=debug NO_BUILD=1 LIBDIR=lib/x86_64-linux-gnu scripts/install-c.sh >"$WORK/install2.log" 2>&1 \
   && ! grep -q 'building' "$WORK/install2.log" \
   && cmake -S tests/c/cmake-consumer -B "$WORK/cmake2" -DCMAKE_PREFIX_PATH="$PREFIX2" >"$WORK/cmake2.log" 2>&1 \
   && cmake --build "$WORK/cmake2" >>"$WORK/cmake2.log" 2>&1; then
  pass "make install NO_BUILD=1 LIBDIR=lib/x86_64-linux-gnu: installs without cargo, CMake finds it"
else
  cat "$WORK/install2.log" "$WORK/cmake2.log" 2>/dev/null; fail "make install NO_BUILD=1 LIBDIR=lib/x86_64-linux-gnu"
fi

sim_start "$WORK/sim" || { fail "simulator started"; echo "$passed passed, $failed failed"; exit 1; }
for exe in "$WORK/pc_shared" "$WORK/pc_static" "$WORK/cmake/send_sms_shared" "$WORK/cmake/send_sms_static" "$WORK/cmake2/send_sms_static"; do
  name="sends a text message: $(basename "$(dirname "$exe")")/$(basename "$exe")"
  # Only the install prefix on the library path: nothing from the build tree.
  if [ -x "$exe" ] && out="$(LD_LIBRARY_PATH="$PREFIX/lib" NOTIFY_API_KEY="$SIM_TEST_KEY" NOTIFY_BASE_URL="$SIM_BASE_URL" \
       "$exe" 07700900123 "$GN_TPL_SMS" Install 2>&1)" && grep -qE '[0-9a-f]{8}-[0-9a-f]{4}-' <<<"$out"; then
    pass "$name"
  else
    echo "$out"; fail "$name"
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
