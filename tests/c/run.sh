#!/usr/bin/env bash
# The C ABI's test suite: builds the library and the simulator, checks the committed header is
# what cbindgen generates, compiles the header as C++, compiles the C test programs and the
# example, runs every program against a fresh simulator natively and then under valgrind (zero
# definite/indirect leaks, zero invalid reads/writes), and prints "N passed, N failed".
#
# Works from a fresh clone: installs valgrind (apt) and cbindgen (into tests/c/.tools) if missing.
# Environment: GN_VALGRIND=0 skips the valgrind runs (for quick local iterations only).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/tests/c"
BUILD="$HERE/build"
LIBDIR="$ROOT/target/debug"
cd "$ROOT"
mkdir -p "$BUILD"

passed=0
failed=0
failures=()
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); failures+=("$1"); echo "not ok - $1"; }

# ---- tools ---------------------------------------------------------------------------------------
need_apt=()
command -v cc >/dev/null 2>&1 || need_apt+=(gcc libc6-dev)
command -v c++ >/dev/null 2>&1 || need_apt+=(g++)
if [ "${GN_VALGRIND:-1}" != 0 ] && ! command -v valgrind >/dev/null 2>&1; then need_apt+=(valgrind); fi
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "installing ${need_apt[*]} with apt-get"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null \
    || { echo "could not install ${need_apt[*]}"; exit 1; }
fi

# ---- build ---------------------------------------------------------------------------------------
echo "building govuk-notify-ffi and govuk-notify-simulator"
if ! cargo build -q -p govuk-notify-ffi -p govuk-notify-simulator; then
  echo "cargo build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# ---- the Rust unit tests of the C ABI (result table, pointer helpers, panic boundary) -------------
if rust_log="$(cargo test -q -p govuk-notify-ffi 2>&1)"; then :; fi
rust_tally="$(grep -E '^test result: ' <<<"$rust_log" | tail -n 1)"
if [ -n "$rust_tally" ]; then
  rp="$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$rust_tally")"
  rf="$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$rust_tally")"
  passed=$((passed + rp))
  failed=$((failed + rf))
  echo "cargo test -p govuk-notify-ffi: $rp passed, $rf failed"
  if [ "$rf" -gt 0 ]; then echo "$rust_log"; failures+=("cargo test -p govuk-notify-ffi ($rf failed)"); fi
else
  echo "$rust_log"
  fail "cargo test -p govuk-notify-ffi (did not run)"
fi

# ---- the header ----------------------------------------------------------------------------------
if "$HERE/check-header.sh"; then pass "header is up to date (cbindgen)"; else fail "header is up to date (cbindgen)"; fi

if c++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only -I"$ROOT/include" "$HERE/header_cpp_check.cpp"; then
  pass "header compiles as C++17"
else
  fail "header compiles as C++17"
fi
if cc -std=c99 -Wall -Wextra -pedantic -Werror -fsyntax-only -I"$ROOT/include" -x c - <<<'#include "govuk_notify.h"
int main(void) { return (int)govuk_notify_result_is_retryable(GOVUK_NOTIFY_RESULT_OK); }'; then
  pass "header compiles as pedantic C99"
else
  fail "header compiles as pedantic C99"
fi

# ---- compile -------------------------------------------------------------------------------------
CFLAGS=(-std=c11 -g -O0 -Wall -Wextra -Werror -pthread -I"$ROOT/include" -I"$HERE")
LDFLAGS=(-L"$LIBDIR" -lgovuk_notify -pthread)
programs=(test_arguments test_operations test_errors test_pager test_threads test_misuse test_callbacks test_async test_wait)
compiled=()
for p in "${programs[@]}"; do
  if cc "${CFLAGS[@]}" "$HERE/$p.c" -o "$BUILD/$p" "${LDFLAGS[@]}"; then
    compiled+=("$p")
  else
    fail "compile $p.c"
  fi
done
if cc "${CFLAGS[@]}" "$ROOT/examples/c/send_sms.c" -o "$BUILD/send_sms" "${LDFLAGS[@]}"; then
  pass "compile examples/c/send_sms.c"
else
  fail "compile examples/c/send_sms.c"
fi
# The static library links with only the system libraries the README lists.
if cc "${CFLAGS[@]}" "$ROOT/examples/c/send_sms.c" -o "$BUILD/send_sms_static" \
    "$LIBDIR/libgovuk_notify.a" -lpthread -ldl -lm; then
  pass "link examples/c/send_sms.c against libgovuk_notify.a"
else
  fail "link examples/c/send_sms.c against libgovuk_notify.a"
fi
rm -f "$BUILD/send_sms_static"
if cc "${CFLAGS[@]}" "$ROOT/examples/c/callback_receiver.c" -o "$BUILD/callback_receiver" "${LDFLAGS[@]}"; then
  pass "compile examples/c/callback_receiver.c"
else
  fail "compile examples/c/callback_receiver.c"
fi

# ---- the simulator -------------------------------------------------------------------------------
# shellcheck source=../../scripts/lib/simulator.sh
source "$ROOT/scripts/lib/simulator.sh"
trap sim_stop EXIT
if ! sim_start "$BUILD" --pdf-delay-ms 0 --status-delay-ms 0 --page-size 3; then
  echo "$passed passed, $((failed + 1)) failed"
  exit 1
fi
echo "simulator at $GN_BASE_URL"
export LD_LIBRARY_PATH="$LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# Runs one test program; adds its cases to the totals. $1 = label, rest = command.
run_program() {
  local label="$1"
  shift
  local log="$BUILD/$label.log"
  "$@" >"$log" 2>&1
  local status=$?
  cat "$log"
  local tally
  tally="$(grep -E '^tally [^:]+: passed=[0-9]+ failed=[0-9]+$' "$log" | tail -n 1)"
  if [ -z "$tally" ]; then
    fail "$label (exit $status, no tally: crashed?)"
    return
  fi
  local p f
  p="$(sed -E 's/.*passed=([0-9]+).*/\1/' <<<"$tally")"
  f="$(sed -E 's/.*failed=([0-9]+).*/\1/' <<<"$tally")"
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$f" -gt 0 ]; then failures+=("$label ($f failed)"); fi
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then fail "$label exited with $status"; fi
}

echo "---- native runs"
for p in "${compiled[@]}"; do
  echo "# $p"
  run_program "$p" "$BUILD/$p"
done

echo "---- the example"
if out="$(NOTIFY_API_KEY="$GN_KEY_TEST" NOTIFY_BASE_URL="$GN_BASE_URL" \
    "$BUILD/send_sms" 07700900123 "$GN_TPL_SMS" Amala 2>&1)" && grep -q '"id"' <<<"$out"; then
  pass "examples/c/send_sms sends against the simulator"
else
  echo "$out"
  fail "examples/c/send_sms sends against the simulator"
fi

# The callback receiver, driven by the simulator's callbacks (messages sent with send_sms).
if [ -x "$BUILD/callback_receiver" ] && python3 "$HERE/callback_example.py" "$BUILD/callback_receiver" "$BUILD/send_sms"; then
  pass "examples/c/callback_receiver receives the simulator's callbacks"
else
  fail "examples/c/callback_receiver receives the simulator's callbacks"
fi

# ---- valgrind ------------------------------------------------------------------------------------
if [ "${GN_VALGRIND:-1}" != 0 ]; then
  echo "---- valgrind runs"
  VALGRIND=(valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect
    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --track-origins=yes
    --suppressions="$HERE/valgrind.supp" --gen-suppressions=all)
  for p in "${compiled[@]}"; do
    echo "# valgrind $p"
    log="$BUILD/valgrind-$p.log"
    "${VALGRIND[@]}" --log-file="$log" "$BUILD/$p" >"$BUILD/valgrind-$p.out" 2>&1
    status=$?
    if [ "$status" -eq 0 ] && ! grep -q 'not ok' "$BUILD/valgrind-$p.out"; then
      pass "valgrind $p (no leaks, no invalid accesses)"
    else
      cat "$BUILD/valgrind-$p.out" "$log"
      fail "valgrind $p (exit $status)"
    fi
  done
fi

echo
if [ "$failed" -gt 0 ]; then
  echo "failures:"
  printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
