#!/usr/bin/env bash
# Dependency policy, offline: licences, bans (openssl-sys, openssl, native-tls; duplicate versions
# are warnings) and sources, per the repository's deny.toml. No advisory database is fetched
# (`--offline`, and the advisories check is not run).
#
# Installs cargo-deny into the repo-local, gitignored .tools/cargo-deny when it is not on PATH
# (about 3.5 min of CPU, 5.5 min wall on the 2-core machine while other builds ran).
# Prints "N passed, N failed" (licenses, bans, sources, and a control that a ban is enforced).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="$ROOT/.tools/cargo-deny"
CARGO_DENY_VERSION=0.20.2
cd "$ROOT"

if command -v cargo-deny >/dev/null 2>&1; then
  DENY=(cargo-deny)
elif [ -x "$TOOLS/bin/cargo-deny" ]; then
  DENY=("$TOOLS/bin/cargo-deny")
else
  echo "installing cargo-deny $CARGO_DENY_VERSION into .tools/cargo-deny"
  mkdir -p "$ROOT/.tools"
  # The whole directory is a local install; keep it out of git without touching the root .gitignore.
  [ -f "$ROOT/.tools/.gitignore" ] || echo '*' >"$ROOT/.tools/.gitignore"
  started=$SECONDS
  if ! cargo install --quiet --locked --root "$TOOLS" cargo-deny --version "$CARGO_DENY_VERSION"; then
    echo "could not install cargo-deny"
    echo "0 passed, 1 failed"
    exit 1
  fi
  echo "cargo-deny installed in $((SECONDS - started)) s"
  DENY=("$TOOLS/bin/cargo-deny")
fi

passed=0
failed=0
for check in licenses bans sources; do
  if "${DENY[@]}" --offline check "$check"; then
    passed=$((passed + 1))
    echo "ok - cargo deny check $check"
  else
    failed=$((failed + 1))
    echo "not ok - cargo deny check $check"
  fi
done
# A control: the same policy with one crate we do use (ring) added to the ban list must fail, so a
# banned crate such as native-tls really would be caught.
control="$(mktemp)"
trap 'rm -f "$control"' EXIT
sed 's/^deny = \[/deny = [\n    { crate = "ring", reason = "control" },/' "$ROOT/deny.toml" >"$control"
if ! grep -q '"ring", reason = "control"' "$control"; then
  failed=$((failed + 1))
  echo "not ok - control: could not add a ban to a copy of deny.toml"
elif ! grep -q "crate 'ring = .*' is explicitly banned" <<<"$("${DENY[@]}" --offline --config "$control" check bans 2>&1)"; then
  failed=$((failed + 1))
  echo "not ok - control: banning a crate in use did not fail the bans check"
else
  passed=$((passed + 1))
  echo "ok - control: banning a crate in use (ring) fails the bans check"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
