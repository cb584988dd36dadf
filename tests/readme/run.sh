#!/usr/bin/env bash
# The README's quick starts, run as written against the simulator (docs examples are tests). Builds
# what they need first: the simulator and libgovuk_notify (cargo, debug), the Python extension into
# .venv (maturin develop), the Node addon (napi build), Ruby with ruby-ffi and Notify.Client.dll
# (mcs), then runs tests/readme/run_quickstarts.py.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source scripts/lib/progress.sh

phase "building the simulator and libgovuk_notify (cargo, debug)" \
  cargo build -p govuk-notify-simulator -p govuk-notify-ffi
if [ ! -x .venv/bin/python ]; then phase "creating .venv" python3 -m venv .venv; fi
phase "installing maturin into .venv (pip)" .venv/bin/python -m pip install --disable-pip-version-check "maturin>=1.9.4,<2"
build_python() ( cd bindings-python && VIRTUAL_ENV="$ROOT/.venv" PATH="$ROOT/.venv/bin:$PATH" "$ROOT/.venv/bin/maturin" develop )
phase "building the Python extension (maturin develop)" build_python
if [ ! -f bindings-node/node_modules/.package-lock.json ]; then
  npm_ci() ( cd bindings-node && npm ci --no-audit --no-fund )
  phase "installing the Node build tools (npm ci)" npm_ci
fi
build_node() ( cd bindings-node && npx --no-install napi build --platform --js native.js --dts native.d.ts )
phase "building the Node addon (napi build, debug)" build_node

# Ruby and C#: the toolchains come from Debian's packages (installed when missing), the gem is
# loaded from bindings-ruby/lib, and Notify.Client.dll is compiled with mcs into the target dir.
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
apt_install() { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@"; }
if grep -q '^```ruby quickstart' README.md && ! ruby -e 'require "ffi"' >/dev/null 2>&1; then
  phase "installing ruby and ruby-ffi (apt-get)" apt_install ruby ruby-ffi
fi
if grep -q '^```csharp quickstart' README.md; then
  if ! command -v mcs >/dev/null 2>&1; then phase "installing mono-devel (apt-get)" apt_install mono-devel; fi
  mkdir -p "${CARGO_TARGET_DIR:-target}/dotnet"
  build_dotnet() {
    mcs -langversion:7.2 -nologo -target:library -out:"${CARGO_TARGET_DIR:-target}/dotnet/Notify.Client.dll" \
      -r:System.Core.dll -r:Microsoft.CSharp.dll $(find bindings-dotnet/src -name '*.cs' | sort)
  }
  phase "building Notify.Client.dll (mcs)" build_dotnet
fi

echo "== running the README's quick starts"
python3 tests/readme/run_quickstarts.py README.md
