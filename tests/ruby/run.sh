#!/usr/bin/env bash
# The Ruby binding's test suite (`make test-ruby`): installs ruby and ruby-ffi (Debian packages;
# minitest ships with Ruby) when missing, builds the C library and the simulator, starts the
# simulator on a free loopback port, and runs every tests/ruby/test_*.rb with minitest (under RBS's
# runtime type checker, against bindings-ruby/sig). The gem
# build, its `gem install --local` into a clean GEM_HOME and the documented-API program are
# tests of the suite (test_documented_api.rb). Ends with minitest's summary line; exits non-zero
# on any failure.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

# ---- tools ---------------------------------------------------------------------------------------
if ! ruby -e 'require "ffi"; require "minitest"' >/dev/null 2>&1; then
  echo "installing ruby and ruby-ffi with apt-get"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  apt_log="$(mktemp)"
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq ruby ruby-ffi; } >"$apt_log" 2>&1; then
    cat "$apt_log"
    echo "could not install ruby and ruby-ffi"
    exit 1
  fi
  rm -f "$apt_log"
fi

# ---- build ---------------------------------------------------------------------------------------
echo "building govuk-notify-ffi and govuk-notify-simulator"
if ! cargo build -q -p govuk-notify-ffi -p govuk-notify-simulator; then
  echo "cargo build failed"
  exit 1
fi

# ---- the simulator -------------------------------------------------------------------------------
# shellcheck source=../../scripts/lib/simulator.sh
source "$ROOT/scripts/lib/simulator.sh"
SIM_DIR="$(mktemp -d)"
trap 'sim_stop; rm -rf "$SIM_DIR"' EXIT
if ! sim_start "$SIM_DIR" --pdf-delay-ms 0 --status-delay-ms 0 --page-size 3; then
  exit 1
fi
echo "simulator at $GN_BASE_URL"

# ---- minitest ------------------------------------------------------------------------------------
# The whole suite runs under RBS's runtime type checker (rbs ships with Ruby), so every call the
# tests make into the gem is checked against bindings-ruby/sig; a mismatch fails that test.
export GOVUK_NOTIFY_LIB="$TARGET/debug/libgovuk_notify.so"
export RBS_TEST_TARGET='Notifications::*,GovukNotify::*' RBS_TEST_OPT="-I $ROOT/bindings-ruby/sig"
export RBS_TEST_RAISE=true RBS_TEST_LOGLEVEL=error
ruby -w -I "$ROOT/bindings-ruby/lib" -I "$ROOT/tests/ruby" -r rbs/test/setup \
  -e 'Dir[File.join(ARGV.shift, "test_*.rb")].sort.each { |f| require f }' "$ROOT/tests/ruby"
