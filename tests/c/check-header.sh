#!/usr/bin/env bash
# Fails (exit 1, with a diff) when include/govuk_notify.h is not what cbindgen generates from
# ffi-c/src today. Fix with tests/c/regen-header.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/cbindgen-env.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
generate_header "$tmp/govuk_notify.h"
if ! diff -u "$REPO_ROOT/include/govuk_notify.h" "$tmp/govuk_notify.h"; then
  echo "include/govuk_notify.h is stale: run tests/c/regen-header.sh and commit the result" >&2
  exit 1
fi
echo "include/govuk_notify.h is up to date"
