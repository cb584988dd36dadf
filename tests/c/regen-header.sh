#!/usr/bin/env bash
# Regenerates include/govuk_notify.h from ffi-c/src. Run after changing the exported API, and
# commit the result (tests/c/check-header.sh fails while the two differ).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/cbindgen-env.sh"
generate_header "$REPO_ROOT/include/govuk_notify.h"
echo "wrote include/govuk_notify.h"
