#!/usr/bin/env bash
# The npm packages as a Node team meets them: builds the Linux x64 platform package's binary
# (release, stripped: `npm run build:platform`), checks that `npm pack` refuses to pack without a
# fit binary (the prepack guard), packs govuk-notify and govuk-notify-linux-x64-gnu, installs both
# tarballs into a clean directory, and there — with no Rust toolchain on PATH — starts the
# simulator with the package's own `govuk-notify-simulator` command and sends a text message.
# Also checks that npm ci prints no EBADENGINE warning on this Node. Prints "N passed, N failed".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PKG="$ROOT/bindings-node"
cd "$PKG"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

passed=0; failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "not ok - $1"; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

WORK="$(mktemp -d)"
SIM_PID=""
# A pack that failed between prepack and postpack must not leave package.json modified.
cleanup() { [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null; (cd "$PKG" && node scripts/prepack.js restore); rm -rf "$WORK"; }
trap cleanup EXIT

# npm ci on the Node the README names (20): no dev dependency may demand a newer one.
if npm ci --no-audit --no-fund >"$WORK/npm-ci.log" 2>&1; then
  if grep -q EBADENGINE "$WORK/npm-ci.log"; then
    grep -B1 -A4 EBADENGINE "$WORK/npm-ci.log" | head -20; fail "npm ci: no EBADENGINE warning on Node $(node --version)"
  else pass "npm ci: no EBADENGINE warning on Node $(node --version)"; fi
else
  cat "$WORK/npm-ci.log"; fail "npm ci"; finish
fi

# The prepack guard refuses a platform package without a binary, and one with a debug binary.
PLATFORM="$PKG/npm/linux-x64-gnu"
BINARY="govuk-notify.linux-x64-gnu.node"
mkdir -p "$WORK/guard"
cp "$PLATFORM/package.json" "$WORK/guard/"
mkdir -p "$WORK/guard-root/npm" && cp -r "$PKG/scripts" "$WORK/guard-root/" && mv "$WORK/guard" "$WORK/guard-root/npm/linux-x64-gnu"
cp "$ROOT/LICENSE" "$WORK/LICENSE"
if (cd "$WORK/guard-root/npm/linux-x64-gnu" && node ../../scripts/prepack.js platform) >"$WORK/guard.log" 2>&1; then
  fail "prepack refuses a platform package without its binary"
elif grep -q "$BINARY is missing" "$WORK/guard.log"; then pass "prepack refuses a platform package without its binary"
else cat "$WORK/guard.log"; fail "prepack refuses a platform package without its binary (message)"; fi
if [ -f "$PKG/$BINARY" ]; then
  # The debug addon the other tests built (unstripped): never fit to ship.
  cp "$PKG/$BINARY" "$WORK/guard-root/npm/linux-x64-gnu/$BINARY"
  if (cd "$WORK/guard-root/npm/linux-x64-gnu" && node ../../scripts/prepack.js platform) >"$WORK/guard.log" 2>&1; then
    fail "prepack refuses a debug, unstripped binary"
  else grep -q 'not stripped\|debug build' "$WORK/guard.log" && pass "prepack refuses a debug, unstripped binary" \
    || { cat "$WORK/guard.log"; fail "prepack refuses a debug, unstripped binary (message)"; }; fi
fi

# The release build links against glibc 2.17 with cargo-zigbuild and zig: cargo-zigbuild goes into
# bindings-node/.tools (from crates.io), zig comes from the ziglang package (PyPI) in the repo's
# .venv (the Python wheel is built with the same zig).
TOOLS="$PKG/.tools"
if [ ! -x "$TOOLS/bin/cargo-zigbuild" ]; then
  echo "==> cargo install cargo-zigbuild (into bindings-node/.tools)"
  cargo install cargo-zigbuild --version '=0.24.1' --locked --root "$TOOLS" >"$WORK/zigbuild.log" 2>&1 \
    || { cat "$WORK/zigbuild.log"; fail "cargo install cargo-zigbuild"; finish; }
fi
[ -x "$ROOT/.venv/bin/python" ] || python3 -m venv "$ROOT/.venv"
"$ROOT/.venv/bin/python" -m pip install --quiet --disable-pip-version-check "ziglang>=0.13,<0.16" \
  || { fail "pip install ziglang"; finish; }
export PATH="$TOOLS/bin:$ROOT/.venv/bin:$PATH"

echo "==> npm run build:platform (release, glibc 2.17, stripped)"
if npm run build:platform >"$WORK/build.log" 2>&1 && [ -f "$PLATFORM/$BINARY" ]; then
  pass "npm run build:platform: $(tail -n 1 "$WORK/build.log")"
else
  tail -40 "$WORK/build.log"; fail "npm run build:platform"; finish
fi

mkdir -p "$WORK/packs"
if (cd "$PLATFORM" && npm pack --pack-destination "$WORK/packs") >"$WORK/pack.log" 2>&1 \
   && (cd "$PKG" && npm pack --pack-destination "$WORK/packs") >>"$WORK/pack.log" 2>&1; then
  pass "npm pack (govuk-notify and govuk-notify-linux-x64-gnu)"
else
  cat "$WORK/pack.log"; fail "npm pack"; finish
fi
main_tgz="$(ls "$WORK"/packs/govuk-notify-0*.tgz)"; platform_tgz="$(ls "$WORK"/packs/govuk-notify-linux-x64-gnu-*.tgz)"
# (grep reads whole listings: with pipefail, grep -q quitting early would fail tar with SIGPIPE.)
main_files="$(tar tzf "$main_tgz")"; platform_files="$(tar tzf "$platform_tgz")"
grep -q '\.node$' <<<"$main_files" && fail "the main package carries no binary" || pass "the main package carries no binary"
VERSION="$(node -p "require('$PKG/package.json').version")"
if tar xzOf "$main_tgz" package/package.json | node -e "
  const m = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  const want = { 'govuk-notify-linux-x64-gnu': '$VERSION' };
  process.exit(JSON.stringify(m.optionalDependencies) === JSON.stringify(want) ? 0 : 1);"; then
  pass "the packed manifest lists govuk-notify-linux-x64-gnu@$VERSION in optionalDependencies"
else fail "the packed manifest lists govuk-notify-linux-x64-gnu@$VERSION in optionalDependencies"; fi
if git -C "$ROOT" diff --quiet -- bindings-node/package.json && [ ! -e "$PKG/.package.json.prepack" ]; then
  pass "postpack restored the committed package.json"
else fail "postpack restored the committed package.json"; fi
if (cd "$PKG" && npm publish --dry-run) >"$WORK/publish.log" 2>&1; then
  fail "npm publish of the directory is refused (it would publish without optionalDependencies)"
elif grep -q 'publish the tarballs' "$WORK/publish.log"; then
  pass "npm publish of the directory is refused (it would publish without optionalDependencies)"
else cat "$WORK/publish.log"; fail "npm publish of the directory is refused (message)"; fi
grep -qx "package/$BINARY" <<<"$platform_files" && pass "the platform package carries $BINARY" || fail "the platform package carries $BINARY"
for t in "$main_tgz" "$platform_tgz"; do
  tar tzf "$t" >"$WORK/listing" && grep -qx 'package/LICENSE' "$WORK/listing" && pass "$(basename "$t") carries LICENSE" || fail "$(basename "$t") carries LICENSE"
done

# A clean project, no Rust toolchain on PATH.
APP="$WORK/app"
mkdir -p "$APP"
NODE_DIR="$(dirname "$(command -v node)")"
CLEAN_PATH="$NODE_DIR:/usr/bin:/bin"
if PATH="$CLEAN_PATH" command -v cargo >/dev/null || PATH="$CLEAN_PATH" command -v rustc >/dev/null; then
  fail "the clean PATH has no Rust toolchain"; finish
fi
if (cd "$APP" && echo '{"name":"app","version":"1.0.0","private":true}' >package.json \
    && PATH="$CLEAN_PATH" npm install --no-audit --no-fund "$platform_tgz" "$main_tgz") >"$WORK/install.log" 2>&1; then
  pass "npm install of the two tarballs into a clean directory"
else
  cat "$WORK/install.log"; fail "npm install of the two tarballs into a clean directory"; finish
fi

# Without the platform package (--omit=optional): a clear error naming the package to install.
BARE="$WORK/bare"
mkdir -p "$BARE"
if (cd "$BARE" && echo '{"name":"bare","version":"1.0.0","private":true}' >package.json \
    && PATH="$CLEAN_PATH" npm install --no-audit --no-fund --omit=optional "$main_tgz") >"$WORK/bare.log" 2>&1; then
  out="$(cd "$BARE" && PATH="$CLEAN_PATH" node -e "try { require('govuk-notify'); console.log('loaded') } catch (e) { console.log(e.code, e.message) }")"
  if grep -q '^ERR_GOVUK_NOTIFY_NATIVE_MISSING .*govuk-notify-linux-x64-gnu' <<<"$out"; then
    pass "without its platform package, require() names the package it needs"
  else echo "$out"; fail "without its platform package, require() names the package it needs"; fi
else
  cat "$WORK/bare.log"; fail "npm install --omit=optional of the main package"
fi

(cd "$APP" && PATH="$CLEAN_PATH" exec node_modules/.bin/govuk-notify-simulator --port 0 --json >"$WORK/sim.out" 2>"$WORK/sim.err") &
SIM_PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/sim.out" ] && break; sleep 0.1; done
if [ -s "$WORK/sim.out" ]; then pass "the package's govuk-notify-simulator command starts"; else
  cat "$WORK/sim.err"; fail "the package's govuk-notify-simulator command starts"; finish; fi
cat >"$APP/send.js" <<'JS'
const { NotifyClient } = require('govuk-notify');
const info = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8').split('\n')[0]);
const client = new NotifyClient(info.base_url, info.keys.test);
client.sendSms(info.templates.sms, '07700900123', { personalisation: { name: 'Packed' } })
  .then((r) => { console.log(r.status, r.data.id); })
  .catch((e) => { console.error(e); process.exitCode = 1; });
JS
if out="$(cd "$APP" && PATH="$CLEAN_PATH" node send.js "$WORK/sim.out" 2>&1)" && grep -qE '^201 [0-9a-f-]{36}$' <<<"$out"; then
  pass "the installed package sends a text message to the simulator ($out)"
else
  echo "$out"; fail "the installed package sends a text message to the simulator"
fi
# SIGTERM ends the packaged simulator (Node's own signal handling; no spinning process left).
kill "$SIM_PID" 2>/dev/null
for _ in $(seq 1 50); do kill -0 "$SIM_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$SIM_PID" 2>/dev/null; then
  kill -9 "$SIM_PID"; fail "the packaged simulator exits on SIGTERM"
else pass "the packaged simulator exits on SIGTERM"; fi
SIM_PID=""

# Installed but unloadable (a damaged binary, or a glibc older than 2.17): the error says so.
BROKEN="$WORK/broken"
cp -r "$APP" "$BROKEN"
: >"$BROKEN/node_modules/govuk-notify-linux-x64-gnu/$BINARY"
out="$(cd "$BROKEN" && PATH="$CLEAN_PATH" node -e "try { require('govuk-notify'); console.log('loaded') } catch (e) { console.log(e.code, e.message) }")"
if grep -q '^ERR_GOVUK_NOTIFY_NATIVE_MISSING .*govuk-notify-linux-x64-gnu is installed but could not be loaded' <<<"$out"; then
  pass "an installed but unloadable platform package is reported as such"
else echo "$out"; fail "an installed but unloadable platform package is reported as such"; fi
finish

