#!/usr/bin/env bash
# Memory safety of the C ABI under AddressSanitizer + UndefinedBehaviorSanitizer, as a companion to
# tests/c/run.sh, which runs the same programs (test_misuse.c included) natively and under valgrind.
#
# Every C test program (tests/c/test_*.c, including test_misuse.c) and the example are compiled
# with `-fsanitize=address,undefined -fno-omit-frame-pointer` and linked against the ordinary shared
# library target/debug/libgovuk_notify.so. The library itself is not instrumented, but the ASan
# runtime in the executable replaces malloc/free for the whole process, so the library's own
# allocations are tracked too: a double free, a free of a foreign pointer, a use of freed memory
# from C and every leak at exit (LeakSanitizer) are reported. No LD_PRELOAD is needed because the
# executable itself is instrumented. The programs run against a fresh simulator, started and
# described to them by scripts/lib/simulator.sh as for run.sh. Finally test_double_free_demo (a
# deliberate caller bug: a string freed twice, after a client handle freed twice, which is a
# checked no-op) must be stopped by ASan at the string, which shows the sanitizer really sees the
# library's frees.
#
# Prints "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/tests/c"
BUILD="$HERE/build/asan"
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
# gcc's sanitizer runtimes (libasan, libubsan) come with the gcc package on Debian; check by linking.
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

SAN=(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
CFLAGS=(-std=c11 -g -O1 -Wall -Wextra -Werror -pthread -I"$ROOT/include" -I"$HERE" "${SAN[@]}")
LDFLAGS=(-L"$LIBDIR" -Wl,-rpath,"$LIBDIR" -lgovuk_notify -pthread "${SAN[@]}")
programs=()
for src in "$HERE"/test_*.c; do
  p="$(basename "$src" .c)"
  [ "$p" = test_double_free_demo ] && continue
  programs+=("$p")
done
compiled=()
for p in "${programs[@]}"; do
  if cc "${CFLAGS[@]}" "$HERE/$p.c" -o "$BUILD/$p" "${LDFLAGS[@]}"; then
    compiled+=("$p")
  else
    fail "compile $p.c with -fsanitize=address,undefined"
  fi
done
if ! cc "${CFLAGS[@]}" "$HERE/test_double_free_demo.c" -o "$BUILD/test_double_free_demo" "${LDFLAGS[@]}"; then
  fail "compile test_double_free_demo.c"
fi
if cc "${CFLAGS[@]}" "$ROOT/examples/c/send_sms.c" -o "$BUILD/send_sms" "${LDFLAGS[@]}"; then :; else
  fail "compile examples/c/send_sms.c with sanitizers"
fi

# ---- the simulator (as in run.sh) ----------------------------------------------------------------
# shellcheck source=../../scripts/lib/simulator.sh
source "$ROOT/scripts/lib/simulator.sh"
trap sim_stop EXIT
if ! sim_start "$BUILD" --pdf-delay-ms 0 --status-delay-ms 0 --page-size 3; then
  echo "$passed passed, $((failed + 1)) failed"
  exit 1
fi
echo "simulator at $GN_BASE_URL"

# halt_on_error: the first report fails the program. detect_leaks: LeakSanitizer at exit.
# Memory still reachable from the process-wide I/O runtime (never torn down) is not a leak to LSan.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:exitcode=86:strict_string_checks=1:detect_invalid_pointer_pairs=0:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

# Runs one program; adds its cases to the totals, and fails it on any sanitizer report.
run_program() {
  local label="$1"
  shift
  local log="$BUILD/$label.log"
  "$@" >"$log" 2>&1
  local status=$?
  cat "$log"
  if grep -qE '^(==[0-9]+==ERROR: (AddressSanitizer|LeakSanitizer)|.*runtime error:)' "$log"; then
    fail "$label: sanitizer report (exit $status)"
    return
  fi
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

echo "---- AddressSanitizer + UBSan runs"
for p in "${compiled[@]}"; do
  echo "# asan $p"
  run_program "asan-$p" "$BUILD/$p"
done

echo "---- the example under ASan"
if out="$(NOTIFY_API_KEY="$GN_KEY_TEST" NOTIFY_BASE_URL="$GN_BASE_URL" \
    "$BUILD/send_sms" 07700900123 "$GN_TPL_SMS" Amala 2>&1)" && grep -q '"id"' <<<"$out" \
    && ! grep -q 'Sanitizer' <<<"$out"; then
  pass "examples/c/send_sms under ASan"
else
  echo "$out"
  fail "examples/c/send_sms under ASan"
fi

echo "---- a deliberate double free must be stopped by ASan"
if [ -x "$BUILD/test_double_free_demo" ]; then
  "$BUILD/test_double_free_demo" >"$BUILD/double_free_demo.log" 2>&1
  status=$?
  # The client handle freed twice is a checked no-op; the string freed twice is a real caller bug
  # that ASan must stop: the second govuk_notify_string_free first measures the freed string
  # (CString::from_raw calls strlen), so ASan reports a heap-use-after-free there, or
  # "attempting double-free" if the read happened to be skipped.
  if [ "$status" -ne 0 ] && grep -q 'client handle freed twice: no-op' "$BUILD/double_free_demo.log" \
      && grep -qE '^==[0-9]+==ERROR: AddressSanitizer: (attempting double-free|heap-use-after-free)' "$BUILD/double_free_demo.log" \
      && ! grep -q 'second free returned' "$BUILD/double_free_demo.log"; then
    pass "a double govuk_notify_client_free is a no-op; ASan stops a double govuk_notify_string_free: $(grep -oE 'AddressSanitizer: [a-zA-Z -]+' "$BUILD/double_free_demo.log" | head -n 1)"
  else
    cat "$BUILD/double_free_demo.log"
    fail "double-free demo (exit $status): expected a silent handle double free, then ASan on the string"
  fi
fi

echo
if [ "$failed" -gt 0 ]; then
  echo "failures:"
  printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
